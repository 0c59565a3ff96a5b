/* md_manifest: expansion order and counts, base forms, canonical form and hash, the golden
 * manifests (each one run equal to the reference's config_resolved.json), and a table of
 * malformed manifests that must fail with MD_ERR_CONFIG naming the JSON path (spec 00). */
#define _XOPEN_SOURCE 700 /* mkdtemp */
#include <check.h>
#include <cjson/cJSON.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "md_manifest.h"
#include "md_sha256.h"
#include "md_test_support.h"

/* A base every run of which md_run_validate accepts (values of configs/base.yml). */
#define BASE                                                                                       \
    "\"base\": {\"geometry\": {\"mode\": \"0D\"}, \"material\": {\"rho\": 3270.0},"                \
    " \"sizes\": {\"s_min\": 1e-7, \"s_max\": 3.0, \"n_bins\": 40},"                               \
    " \"initial\": {\"mass_total\": 1e-7, \"s0_mode\": \"melt_lognormal_mixture\"},"               \
    " \"dynamics\": {\"e0\": 0.5, \"i0\": 0.05, \"t_damp_orbits\": 20.0},"                         \
    " \"psd\": {\"alpha\": 1.83},"                                                                 \
    " \"qstar\": {\"Qs\": 3.5e7, \"a_s\": 0.38, \"B\": 0.3, \"b_g\": 1.36, \"v_ref_kms\": [1.5, "  \
    "7.0]},"                                                                                       \
    " \"disk\": {\"geometry\": {\"r_in_RM\": 1.0, \"r_out_RM\": 2.7}},"                            \
    " \"sinks\": {\"sublimation_location\": \"smol\"}, \"shielding\": {\"mode\": \"off\"},"        \
    " \"radiation\": {\"TM_K\": 4000, \"qpr_table_path\": \"qpr_planck_forsterite_mie.csv\"},"     \
    " \"numerics\": {\"t_end_years\": 0.025, \"dt_init\": 20}}"

static char data_dir[4096];
static char tmp_dir[4096];

static void setup(void) {
    char buf[4096];
    ck_assert_msg(md_test_shared_path(buf, sizeof buf, "data/phi.csv") == 0,
                  "the reference data folder is needed (MD_SHARED_DIR)");
    md_test_shared_path(data_dir, sizeof data_dir, "data");
    snprintf(tmp_dir, sizeof tmp_dir, "/tmp/md_manifest_test_XXXXXX");
    ck_assert(mkdtemp(tmp_dir) != NULL);
}

static void teardown(void) {
    DIR *d = opendir(tmp_dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        char p[8192];
        if (e->d_name[0] == '.')
            continue;
        snprintf(p, sizeof p, "%s/%s", tmp_dir, e->d_name);
        unlink(p);
    }
    if (d)
        closedir(d);
    rmdir(tmp_dir);
}

static const char *write_file(const char *name, const char *text) {
    static char path[8192];
    snprintf(path, sizeof path, "%s/%s", tmp_dir, name);
    FILE *f = fopen(path, "w");
    ck_assert(f != NULL);
    fputs(text, f);
    fclose(f);
    return path;
}

static md_manifest *load_text(const char *text, md_error *err) {
    return md_manifest_load(write_file("m.json", text), data_dir, NULL, err);
}

static md_manifest *must_load(const char *text) {
    md_error err;
    md_manifest *m = load_text(text, &err);
    ck_assert_msg(m != NULL, "load failed: %s", err.msg);
    return m;
}

/* Run i's hash, hashed alone; the results of four calls stay valid at once. */
static const char *hash_of(const md_manifest *m, long i) {
    static char pool[4][65];
    static int next;
    char(*h)[65] = &pool[next++ % 4];
    md_error err;
    ck_assert_int_eq(md_manifest_hash_range(m, i, i + 1, h, NULL, &err), MD_OK);
    return *h;
}

static void run_params(const md_manifest *m, long i, md_params *p) {
    md_error err;
    ck_assert_msg(md_manifest_run(m, i, p, &err) == MD_OK, "run %ld: %s", i, err.msg);
}

START_TEST(test_expansion_order_and_counts) {
    md_manifest *m =
        must_load("{\"name\": \"t\", " BASE ","
                  " \"grid\": {\"radiation.TM_K\": [3000, 4000, 5000],"
                  "            \"optical_depth.tau0_target\": [0.5, 1.0]},"
                  " \"zip\": {\"dynamics.i0\": [0.05, 0.01], \"dynamics.rng_seed\": [1, 2]},"
                  " \"runs\": [{\"radiation.TM_K\": 6000.0}],"
                  " \"output\": {\"path\": \"t.h5\", \"series_stride\": 100}}");
    ck_assert_int_eq(md_manifest_n_runs(m), 3 * 2 * 2 + 1);
    md_params p;
    for (long i = 0; i < 12; i++) {
        run_params(m, i, &p);
        /* grid: TM_K slowest, tau0 next; zip rows fastest */
        ck_assert_double_eq(p.radiation.TM_K, 3000.0 + 1000.0 * (double)(i / 4));
        ck_assert_double_eq(p.optical_depth.tau0_target, (i / 2) % 2 ? 1.0 : 0.5);
        ck_assert_double_eq(p.dynamics.i0, i % 2 ? 0.01 : 0.05);
        ck_assert(p.dynamics.has_rng_seed && p.dynamics.rng_seed == 1 + i % 2);
        ck_assert_double_eq(p.material.rho, 3270.0); /* base underneath */
    }
    run_params(m, 12, &p);
    ck_assert_double_eq(p.radiation.TM_K, 6000.0);
    ck_assert_double_eq(p.optical_depth.tau0_target, 1.0); /* the default, not the grid's */
    ck_assert(!p.dynamics.has_rng_seed);
    ck_assert_int_eq(md_manifest_n_varying(m), 4);
    ck_assert_str_eq(md_manifest_varying_field(m, 0)->name, "radiation.TM_K");
    ck_assert_str_eq(md_manifest_varying_field(m, 1)->name, "optical_depth.tau0_target");
    ck_assert_str_eq(md_manifest_varying_field(m, 2)->name, "dynamics.i0");
    ck_assert_str_eq(md_manifest_varying_field(m, 3)->name, "dynamics.rng_seed");
    ck_assert_str_eq(md_manifest_output_path(m), "t.h5");
    ck_assert_int_eq(md_manifest_series_stride(m), 100);
    ck_assert_str_eq(md_manifest_name(m), "t");
    char origin[256];
    ck_assert_str_eq(
        md_manifest_run_origin(m, 5, origin, sizeof origin),
        "grid[\"radiation.TM_K\"][1], grid[\"optical_depth.tau0_target\"][0], zip row 1");
    ck_assert_str_eq(md_manifest_run_origin(m, 12, origin, sizeof origin), "runs[0]");
    md_manifest_free(&m);
    ck_assert_ptr_null(m);
    md_manifest_free(&m);
}
END_TEST

START_TEST(test_only_base_runs_only_and_defaults) {
    md_manifest *m = must_load("{" BASE "}");
    ck_assert_int_eq(md_manifest_n_runs(m), 1);
    ck_assert_int_eq(md_manifest_n_varying(m), 0);
    ck_assert_int_eq(md_manifest_series_stride(m), 1); /* schema.py IO.series_stride */
    ck_assert_ptr_null(md_manifest_output_path(m));
    ck_assert_str_eq(md_manifest_name(m), "m"); /* file stem */
    char hex[65];
    const char *text = md_manifest_json_text(m);
    md_sha256_hex(text, strlen(text), hex);
    ck_assert_str_eq(md_manifest_hash(m), hex);
    md_manifest_free(&m);

    m = must_load("{" BASE ", \"runs\": [{\"sizes.n_bins\": 20}, {\"sizes.n_bins\": 30}]}");
    ck_assert_int_eq(md_manifest_n_runs(m), 2); /* runs without grid/zip: no base-only run */
    md_params p;
    run_params(m, 1, &p);
    ck_assert_int_eq(p.sizes.n_bins, 30);
    ck_assert_int_eq(md_manifest_n_varying(m), 1);
    md_manifest_free(&m);
}
END_TEST

/* md_manifest_hash_range formats again only the keys that changed from the run before: every
 * hash of a grid whose axes change different keys, a list and a block, equals the SHA-256 of
 * that run's canonical form made from nothing, and a range that starts later gives the same. */
START_TEST(test_hashes_from_kept_pieces_equal_fresh_ones) {
    md_manifest *m = must_load("{" BASE ", \"grid\": {\"radiation.TM_K\": [3000, 4000],"
                               " \"qstar.v_ref_kms\": [[1.5, 7.0], [2.0, 7.0]],"
                               " \"supply.mixing.epsilon_mix\": [0.5, 0.5, 1],"
                               " \"psd.wavy_strength\": [0.0, -0.0, 0.1]},"
                               " \"runs\": [{\"sinks.mode\": \"none\"}]}");
    enum { N = 37 };
    ck_assert_int_eq(md_manifest_n_runs(m), N);
    md_error err;
    char all[N][65], part[N][65];
    ck_assert_int_eq(md_manifest_hash_range(m, 0, N, all, NULL, &err), MD_OK);
    ck_assert_int_eq(md_manifest_hash_range(m, 5, N, part, NULL, &err), MD_OK);
    for (long i = 0; i < N; i++) {
        char *canon = md_manifest_run_canonical(m, i, &err), hex[65];
        ck_assert_ptr_nonnull(canon);
        md_sha256_hex(canon, strlen(canon), hex);
        ck_assert_msg(strcmp(hex, all[i]) == 0, "run %ld", i);
        ck_assert_msg(i < 5 || strcmp(hex, part[i - 5]) == 0, "run %ld from 5", i);
        free(canon);
    }
    ck_assert_str_ne(all[0], all[1]); /* 0 and -0 */
    ck_assert_str_eq(all[0], all[3]); /* 0.5 twice */
    ck_assert_int_eq(md_manifest_hash_range(m, 0, N + 1, all, NULL, &err), MD_ERR_INTERNAL);
    md_manifest_free(&m);
}
END_TEST

START_TEST(test_dotted_equals_nested_and_hash_stability) {
    md_manifest *a =
        must_load("{" BASE ", \"runs\": [{\"supply\": {\"mixing\": {\"epsilon_mix\": 0.5}}}]}");
    md_manifest *b = must_load("{" BASE ", \"runs\": [{\"supply.mixing.epsilon_mix\": 0.5}]}");
    md_manifest *c =
        must_load("{" BASE ", \"runs\": [{\"supply.mixing\": {\"epsilon_mix\": 5e-1}}]}");
    md_manifest *d = must_load("{" BASE ", \"runs\": [{\"supply.mixing.epsilon_mix\": 0.25}]}");
    ck_assert_str_eq(hash_of(a, 0), hash_of(b, 0));
    ck_assert_str_eq(hash_of(a, 0), hash_of(c, 0));
    ck_assert_str_ne(hash_of(a, 0), hash_of(d, 0));
    ck_assert_str_ne(md_manifest_hash(a), md_manifest_hash(b)); /* texts differ */

    md_error err;
    char *canon = md_manifest_run_canonical(a, 0, &err);
    ck_assert_ptr_nonnull(canon);
    char hex[65];
    md_sha256_hex(canon, strlen(canon), hex);
    ck_assert_str_eq(hex, hash_of(a, 0));
    ck_assert(strstr(canon, "\"supply.mixing.epsilon_mix\":0.5,") != NULL);
    ck_assert(strstr(canon, "\"radiation.TM_K\":4000,") != NULL);
    /* table paths as written, not resolved */
    ck_assert(strstr(canon, "\"radiation.qpr_table_path\":\"qpr_planck_forsterite_mie.csv\"") !=
              NULL);
    /* keys in byte order */
    const char *prev = NULL;
    for (const char *k = canon + 1; k && *k == '"'; k = strstr(k, ",\"")) {
        if (*k == ',')
            k++;
        if (prev)
            ck_assert_msg(strncmp(prev, k, 64) < 0, "order at %.40s", k);
        prev = k;
        k = strchr(k, ':');
    }
    /* the same text twice gives the same hash; a number written another way too */
    md_manifest *e =
        must_load("{" BASE ", \"runs\": [{\"supply\": {\"mixing\": {\"epsilon_mix\": 0.5}}}]}");
    ck_assert_str_eq(hash_of(a, 0), hash_of(e, 0));
    free(canon);
    md_manifest_free(&a);
    md_manifest_free(&b);
    md_manifest_free(&c);
    md_manifest_free(&d);
    md_manifest_free(&e);
}
END_TEST

START_TEST(test_table_paths) {
    /* The manifest's folder wins over the data folder; the stored path is absolute. */
    write_file("qpr_planck_forsterite_mie.csv", "T_M,s,Q_pr\n");
    md_manifest *m = must_load("{" BASE "}");
    md_params p;
    run_params(m, 0, &p);
    char want[8192];
    snprintf(want, sizeof want, "%s/qpr_planck_forsterite_mie.csv", tmp_dir);
    char real[8192];
    ck_assert(realpath(want, real) != NULL);
    ck_assert_str_eq(p.radiation.qpr_table_path, real);
    md_manifest_free(&m);
    unlink(want);
    m = must_load("{" BASE ", \"runs\": [{\"shielding.table_path\": \"phi.csv\"}]}");
    run_params(m, 0, &p);
    ck_assert(p.radiation.qpr_table_path[0] == '/');
    ck_assert(strstr(p.shielding.table_path, "/data/phi.csv") != NULL);
    ck_assert_str_eq(p.supply.table.path, "data/supply_rate.csv"); /* unused: left as written */
    md_manifest_free(&m);
}
END_TEST

/* ---- golden manifests against the reference's resolved configuration ---- */

static const cJSON *lookup(const cJSON *root, const char *dotted, bool *parent_null) {
    char key[512];
    snprintf(key, sizeof key, "%s", dotted);
    const cJSON *node = root;
    *parent_null = false;
    for (char *tok = strtok(key, "."); tok; tok = strtok(NULL, ".")) {
        if (cJSON_IsNull(node)) {
            *parent_null = true;
            return NULL;
        }
        node = cJSON_GetObjectItemCaseSensitive(node, tok);
        if (!node)
            return NULL;
    }
    return node;
}

static const char *basename_of(const char *p) {
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* Keys where config_resolved.json legitimately differs from what the manifest states. */
static bool known_difference(const char *name) {
    /* The reference fills Nr for 1D use; inert in 0D and absent from the manifests. */
    /* Written by the sweep configs, dropped by the reference's schema (pydantic ignores it). */
    if (strcmp(name, "psd.alpha_mode") == 0)
        return true;
    if (strcmp(name, "geometry.Nr") == 0)
        return true;
    /* The golden manifests drop the generated temperature table's path (spec 00: the curve
     * is generated from its formula). */
    if (strcmp(name, "radiation.mars_temperature_driver.table.path") == 0)
        return true;
    /* This port's own keys (the full_step integrator), not in the reference's schema. */
    if (strncmp(name, "numerics.smol_", strlen("numerics.smol_")) == 0)
        return true;
    return false;
}

static void compare_field(const md_params *p, const md_param_field *f, const cJSON *r,
                          const char *where) {
    const void *at = (const char *)p + f->offset;
    char ours[4096];
    md_params_format(p, f, ours, sizeof ours);
    if (cJSON_IsNull(r)) {
        ck_assert_msg(md_params_is_null(p, f) || f->kind == MD_PK_EMPTY_OBJECT,
                      "%s %s: reference null, ours %s", where, f->name, ours);
        return;
    }
    switch (f->kind) {
    case MD_PK_BLOCK:
        ck_assert_msg(*(const bool *)at, "%s %s: block absent here", where, f->name);
        break;
    case MD_PK_BOOL:
        ck_assert_msg(cJSON_IsBool(r) && cJSON_IsTrue(r) == *(const bool *)at, "%s %s: %s", where,
                      f->name, ours);
        break;
    case MD_PK_INT:
    case MD_PK_DOUBLE:
        ck_assert_msg(cJSON_IsNumber(r) && md_params_get_number(p, f) == r->valuedouble,
                      "%s %s: ours %s, reference %.17g", where, f->name, ours, r->valuedouble);
        break;
    case MD_PK_ENUM:
    case MD_PK_STRING:
        ck_assert_msg(cJSON_IsString(r), "%s %s", where, f->name);
        ck_assert_msg(strcmp(f->kind == MD_PK_ENUM
                                 ? md_params_enum_name(f, (int)md_params_get_number(p, f))
                                 : (const char *)at,
                             r->valuestring) == 0,
                      "%s %s: ours %s, reference %s", where, f->name, ours, r->valuestring);
        break;
    case MD_PK_PATH:
        ck_assert_msg(cJSON_IsString(r) &&
                          strcmp(basename_of((const char *)at), basename_of(r->valuestring)) == 0,
                      "%s %s: ours %s", where, f->name, ours);
        break;
    case MD_PK_LIST: {
        const md_params_dlist *l = at;
        ck_assert_msg(cJSON_IsArray(r) && cJSON_GetArraySize(r) == l->n, "%s %s", where, f->name);
        for (int i = 0; i < l->n; i++)
            ck_assert(l->v[i] == cJSON_GetArrayItem(r, i)->valuedouble);
        break;
    }
    case MD_PK_NUM_WORD: {
        const md_params_num_or_word *w = at;
        if (cJSON_IsString(r))
            ck_assert_msg(w->word > 0 &&
                              strcmp(md_params_enum_name(f, w->word - 1), r->valuestring) == 0,
                          "%s %s: %s", where, f->name, ours);
        else
            ck_assert_msg(w->word == MD_NW_NUMBER && w->value == r->valuedouble, "%s %s: %s", where,
                          f->name, ours);
        break;
    }
    case MD_PK_QSTAR_TABLE: {
        const md_params_qstar_table *t = at;
        ck_assert_int_eq(t->n, cJSON_GetArraySize(r));
        int i = 0;
        for (const cJSON *row = r->child; row; row = row->next, i++) {
            ck_assert(t->v_ref_kms[i] == strtod(row->string, NULL));
            for (int k = 0; k < 4; k++)
                ck_assert(t->coeffs[i][k] == cJSON_GetArrayItem(row, k)->valuedouble);
        }
        break;
    }
    case MD_PK_EMPTY_OBJECT:
    case MD_PK_EMPTY_LIST:
        ck_assert_msg(cJSON_GetArraySize(r) == 0, "%s %s", where, f->name);
        break;
    }
}

static char *slurp(const char *path) {
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    ck_assert(fread(s, 1, (size_t)n, f) == (size_t)n);
    s[n] = '\0';
    fclose(f);
    return s;
}

START_TEST(test_golden_manifests) {
    char golden[4096];
    ck_assert_msg(md_test_shared_path(golden, sizeof golden, "golden") == 0, "golden cases needed");
    DIR *d = opendir(golden);
    ck_assert(d != NULL);
    int n_cases = 0, n_compared = 0;
    static char failures[16384];
    size_t used = 0;
    failures[0] = '\0';
    struct dirent *e;
    while ((e = readdir(d))) {
        char mpath[8192], rpath[8192];
        snprintf(mpath, sizeof mpath, "%s/%s/manifest.json", golden, e->d_name);
        snprintf(rpath, sizeof rpath, "%s/%s/config_resolved.json", golden, e->d_name);
        if (e->d_name[0] == '.' || access(mpath, R_OK) != 0)
            continue;
        md_error err;
        md_manifest *m = md_manifest_load(mpath, data_dir, NULL, &err);
        n_cases++;
        if (!m) { /* reported together below, after every case that loads was compared */
            used += (size_t)snprintf(failures + used, sizeof failures - used, "\n  %s", err.msg);
            continue;
        }
        ck_assert_int_eq(md_manifest_n_runs(m), 1);
        ck_assert_str_eq(md_manifest_name(m), e->d_name);
        md_params p;
        run_params(m, 0, &p);
        char *text = slurp(rpath);
        cJSON *resolved = cJSON_Parse(text);
        ck_assert(resolved != NULL);
        /* Each case keeps the reference's own stride (1, 100 or 1,000). */
        bool stride_parent_null;
        const cJSON *stride = lookup(resolved, "io.series_stride", &stride_parent_null);
        ck_assert_msg(cJSON_IsNumber(stride), "%s: no io.series_stride", e->d_name);
        ck_assert_int_eq(md_manifest_series_stride(m), (long)stride->valuedouble);
        for (int i = 0; i < md_params_field_count; i++) {
            const md_param_field *f = &md_params_fields[i];
            bool parent_null;
            const cJSON *r = lookup(resolved, f->name, &parent_null);
            if (known_difference(f->name))
                continue;
            if (parent_null)
                continue; /* the enclosing block is null in the reference */
            ck_assert_msg(r != NULL, "%s: %s missing from config_resolved.json", e->d_name,
                          f->name);
            compare_field(&p, f, r, e->d_name);
            n_compared++;
        }
        cJSON_Delete(resolved);
        free(text);
        md_manifest_free(&m);
    }
    closedir(d);
    ck_assert_msg(used == 0, "golden manifests that do not load:%s", failures);
    ck_assert_int_ge(n_cases, 17);
    ck_assert_int_gt(n_compared, 16 * 200);
}
END_TEST

/* ---- malformed manifests ---- */

START_TEST(test_malformed_manifests) {
    static const struct {
        const char *what, *text, *needle1, *needle2;
    } cases[] = {
        {"syntax error", "{\n  " BASE ",\n  \"grid\": {\"radiation.TM_K\": [3000,, 4000]}\n}",
         "line 3, column", "syntax error"},
        {"truncated text", "{" BASE ", \"grid\": {", "syntax error", "line 1"},
        {"wrong type", "{" BASE ", \"runs\": [{\"sizes.n_bins\": \"forty\"}]}",
         "runs[0][\"sizes.n_bins\"]", "expected an integer, got a string"},
        {"wrong type nested",
         "{" BASE ", \"runs\": [{\"sinks\": {\"sub_params\": {\"alpha_evap\": true}}}]}",
         "runs[0].sinks.sub_params.alpha_evap", "expected a number, got a boolean"},
        {"unknown key", "{" BASE ", \"runs\": [{\"radiation.TM\": 4000}]}",
         "runs[0][\"radiation.TM\"]", "unknown key 'radiation.TM'"},
        {"case-sensitive key", "{" BASE ", \"runs\": [{\"radiation.tm_k\": 4000}]}",
         "runs[0][\"radiation.tm_k\"]", "unknown key"},
        {"reference io plumbing", "{" BASE ", \"runs\": [{\"io.outdir\": \"out\"}]}",
         "runs[0][\"io.outdir\"]", "output.series_stride"},
        {"unknown top-level key", "{" BASE ", \"sweep\": {}}", "sweep", "unknown top-level key"},
        {"duplicate key",
         "{" BASE ", \"grid\": {\"radiation.TM_K\": [3000], \"radiation.TM_K\": [4000]}}",
         "grid[\"radiation.TM_K\"]", "duplicate key"},
        {"duplicate nested key",
         "{" BASE ", \"runs\": [{\"dynamics\": {\"i0\": 0.1, \"i0\": 0.2}}]}",
         "runs[0].dynamics.i0", "duplicate key"},
        {"key set twice",
         "{" BASE ", \"runs\": [{\"radiation.TM_K\": 3000, \"radiation\": {\"TM_K\": 4000}}]}",
         "runs[0].radiation.TM_K", "already set"},
        {"key in two axes",
         "{" BASE
         ", \"grid\": {\"radiation.TM_K\": [3000]}, \"zip\": {\"radiation.TM_K\": [4000]}}",
         "zip[\"radiation.TM_K\"]", "already varied"},
        {"unequal zip",
         "{" BASE ", \"zip\": {\"dynamics.i0\": [0.05, 0.01], \"dynamics.rng_seed\": [1]}}",
         "zip[\"dynamics.rng_seed\"]", "equal lengths"},
        {"empty grid axis", "{" BASE ", \"grid\": {\"radiation.TM_K\": []}}",
         "grid[\"radiation.TM_K\"]", "empty grid axis"},
        {"out of range", "{" BASE ", \"grid\": {\"radiation.TM_K\": [3000, 4000, 7000]}}",
         "grid[\"radiation.TM_K\"][2]", "outside the allowed range [1000, 6500]"},
        {"null not allowed", "{" BASE ", \"grid\": {\"material.rho\": [null]}}",
         "grid[\"material.rho\"][0]", "null is not allowed"},
        {"bad enum", "{" BASE ", \"runs\": [{\"physics_mode\": \"sublimation\"}]}",
         "runs[0].physics_mode", "'collisions_only'"},
        {"missing table file",
         "{" BASE ", \"runs\": [{\"radiation.qpr_table_path\": \"nope.csv\"}]}",
         "runs[0][\"radiation.qpr_table_path\"]", "not found (tried"},
        {"cross-field check", "{" BASE ", \"runs\": [{\"sizes.s_max\": 1e-8}]}", "run 0 (runs[0])",
         "sizes.s_max"},
        {"bad series_stride", "{" BASE ", \"output\": {\"series_stride\": 0}}",
         "output.series_stride", "integer >= 1"},
        {"series_columns not a list", "{" BASE ", \"output\": {\"series_columns\": \"tau\"}}",
         "output.series_columns", "non-empty list of column names"},
        {"series_columns empty", "{" BASE ", \"output\": {\"series_columns\": []}}",
         "output.series_columns", "non-empty list"},
        {"series_columns number", "{" BASE ", \"output\": {\"series_columns\": [\"tau\", 3]}}",
         "output.series_columns[1]", "expected a column name, got a number"},
        {"series_columns twice",
         "{" BASE ", \"output\": {\"series_columns\": [\"tau\", \"time\", \"tau\"]}}",
         "output.series_columns[2]", "'tau' is listed twice"},
        {"runs not a list", "{" BASE ", \"runs\": {}}", "runs", "expected a list"},
        {"group given a number", "{" BASE ", \"runs\": [{\"sinks\": 3}]}", "runs[0].sinks",
         "group of keys"},
        {"not an object", "[1, 2]", "must be a JSON object", "a list"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        md_error err;
        md_error_clear(&err);
        md_manifest *m = load_text(cases[i].text, &err);
        ck_assert_msg(m == NULL, "%s: loaded", cases[i].what);
        ck_assert_msg(err.status == MD_ERR_CONFIG, "%s: status %d (%s)", cases[i].what, err.status,
                      err.msg);
        ck_assert_msg(strstr(err.msg, cases[i].needle1) && strstr(err.msg, cases[i].needle2),
                      "%s: message '%s' lacks '%s' / '%s'", cases[i].what, err.msg,
                      cases[i].needle1, cases[i].needle2);
    }
}
END_TEST

/* output.series_columns as written; and what --resume names when a run changed. */
START_TEST(test_series_columns_and_canonical_difference) {
    md_manifest *m = must_load("{" BASE ", \"output\": {\"series_columns\": [\"tau\", \"time\"]}}");
    ck_assert_int_eq(md_manifest_series_column_count(m), 2);
    ck_assert_str_eq(md_manifest_series_column(m, 0), "tau");
    ck_assert_str_eq(md_manifest_series_column(m, 1), "time");
    ck_assert_ptr_null(md_manifest_series_column(m, 2));
    md_manifest_free(&m);
    m = must_load("{" BASE "}");
    ck_assert_int_eq(md_manifest_series_column_count(m), -1);
    md_manifest_free(&m);

    m = must_load("{" BASE ", \"grid\": {\"radiation.TM_K\": [3000, 4000]}}");
    md_error err;
    char *a = md_manifest_run_canonical(m, 0, &err), *b = md_manifest_run_canonical(m, 1, &err);
    char what[256];
    ck_assert(a && b);
    ck_assert(!md_manifest_canonical_difference(a, a, what, sizeof what));
    ck_assert(md_manifest_canonical_difference(a, b, what, sizeof what));
    ck_assert_str_eq(what, "radiation.TM_K: 3000 / 4000");
    ck_assert(
        md_manifest_canonical_difference("{\"x\":1}", "{\"x\":1,\"y\":[2]}", what, sizeof what));
    ck_assert_str_eq(what, "y: absent / [2]");
    ck_assert(!md_manifest_canonical_difference("not json", a, what, sizeof what));
    free(a);
    free(b);
    md_manifest_free(&m);
}
END_TEST

START_TEST(test_unreadable_file_is_io) {
    md_error err;
    md_manifest *m = md_manifest_load("/nonexistent/m.json", data_dir, NULL, &err);
    ck_assert_ptr_null(m);
    ck_assert_int_eq(err.status, MD_ERR_IO);
}
END_TEST

static Suite *manifest_suite(void) {
    Suite *s = suite_create("manifest");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_expansion_order_and_counts);
    tcase_add_test(tc, test_only_base_runs_only_and_defaults);
    tcase_add_test(tc, test_dotted_equals_nested_and_hash_stability);
    tcase_add_test(tc, test_hashes_from_kept_pieces_equal_fresh_ones);
    tcase_add_test(tc, test_table_paths);
    tcase_add_test(tc, test_golden_manifests);
    tcase_add_test(tc, test_malformed_manifests);
    tcase_add_test(tc, test_series_columns_and_canonical_difference);
    tcase_add_test(tc, test_unreadable_file_is_io);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) {
    md_test_require_shared();
    return md_test_run_suite(manifest_suite());
}
