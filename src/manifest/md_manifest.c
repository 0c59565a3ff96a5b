/* md_manifest: parse (cJSON), check, expand and validate a sweep manifest (spec 00). */
#define _XOPEN_SOURCE 700 /* realpath, strerror */
#include "md_manifest.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "md_sha256.h"

#define WHERE_MAX 512

/* One parameter assignment: a key, its typed value and the JSON path it came from. */
typedef struct assign {
    const md_param_field *f;
    md_param_value v;
    double *list;                 /* owned storage of v.list */
    md_params_qstar_table *table; /* owned storage of v.table */
    char *where;
} assign;

typedef struct alist {
    assign *a;
    int n, cap;
} alist;

struct md_manifest {
    char *text;
    cJSON *root; /* kept alive: assignments borrow its strings */
    char hash[65];
    char *name, *description, *output_path;
    long stride;
    const cJSON *series_columns; /* output.series_columns (strings, checked), NULL: all */
    char *base_dir, *data_dir;
    alist base;
    int n_axes;
    alist **axis; /* axis[a][k]: the k-th value of axis a */
    int *axis_len;
    char **axis_where;
    long zip_len; /* 0: no zip */
    alist *zip_rows;
    int n_entries; /* runs entries */
    alist *entries;
    long n_product, n_runs;
    md_params *tmpl; /* the defaults with base applied: where every run starts */
    const md_param_field **varying;
    int n_varying;
    int *order; /* field indices in byte order of their names (canonical form) */
};

/* ---- small helpers ---- */

static char *dup_str(const char *s) {
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

static bool is_identifier(const char *s) {
    if (!*s || isdigit((unsigned char)*s))
        return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_')
            return false;
    return true;
}

/* JSON path of a member: parent.name, or parent["name"] when name is not an identifier. Paths
 * longer than WHERE_MAX are cut (the message stays useful). Returns the untruncated length. */
static int where_member(char *out, const char *parent, const char *name) {
    if (is_identifier(name))
        return snprintf(out, WHERE_MAX, "%s%s%s", parent, *parent ? "." : "", name);
    return snprintf(out, WHERE_MAX, "%s[\"%s\"]", parent, name);
}

static int where_index(char *out, const char *parent, long i) {
    return snprintf(out, WHERE_MAX, "%.*s[%ld]", WHERE_MAX - 24, parent, i);
}

static const char *json_type_name(const cJSON *j) {
    if (cJSON_IsNull(j))
        return "null";
    if (cJSON_IsBool(j))
        return "a boolean";
    if (cJSON_IsNumber(j))
        return "a number";
    if (cJSON_IsString(j))
        return "a string";
    if (cJSON_IsArray(j))
        return "a list";
    return "an object";
}

static int child_count(const cJSON *j) {
    int n = 0;
    for (const cJSON *c = j->child; c; c = c->next)
        n++;
    return n;
}

static void alist_free(alist *l) {
    for (int i = 0; i < l->n; i++) {
        free(l->a[i].list);
        free(l->a[i].table);
        free(l->a[i].where);
    }
    free(l->a);
    l->a = NULL;
    l->n = l->cap = 0;
}

static assign *alist_push(alist *l, md_error *err) {
    if (l->n == l->cap) {
        int cap = l->cap ? 2 * l->cap : 16;
        assign *a = realloc(l->a, (size_t)cap * sizeof *a);
        if (!a) {
            md_error_set(err, MD_ERR_NOMEM, "out of memory reading the manifest");
            return NULL;
        }
        l->a = a;
        l->cap = cap;
    }
    assign *a = &l->a[l->n++];
    memset(a, 0, sizeof *a);
    return a;
}

/* Keys the reference once had or renamed: a pointer to what to write instead. */
static const char *removed_key_hint(const char *key) {
    static const struct {
        const char *prefix, *hint;
    } hints[] = {
        {"geometry.r", "removed in the reference; use disk.geometry.r_in_RM / r_out_RM"},
        {"geometry.runtime_orbital_radius_rm",
         "removed in the reference; use disk.geometry.r_in_RM / r_out_RM"},
        {"temps", "removed in the reference; use radiation.TM_K"},
        {"single_process_mode", "removed in the reference; use physics_mode"},
        {"modes", "removed in the reference; use physics_mode"},
        {"process.primary", "removed in the reference; use physics_mode"},
        {"phase.map", "removed in the reference; use phase.entrypoint"},
        {"radiation.qpr_table", "removed in the reference; use radiation.qpr_table_path"},
        {"shielding.phi_table", "removed in the reference; use shielding.table_path"},
        {"supply.mixing.mu", "removed in the reference; use supply.mixing.epsilon_mix"},
        {"inner_disk_mass.M_over_Mmars", "a deprecated alias; write inner_disk_mass.M_in_ratio"},
        {"supply.injection.deep_reservoir_tmix_orbits",
         "a deprecated alias; write supply.transport.t_mix_orbits"},
        {"supply.reservoir.smooth_fraction",
         "a deprecated alias; write supply.reservoir.taper_fraction"},
        {"numerics.checkpoint",
         "per-run checkpoints are not supported; a sweep resumes with --resume"},
        {"numerics.resume", "per-run checkpoints are not supported; a sweep resumes with --resume"},
        {"io", "the reference's output plumbing; this tool writes one HDF5 file (see output.path, "
               "output.series_stride and output.series_columns)"},
    };
    for (size_t i = 0; i < sizeof hints / sizeof hints[0]; i++) {
        size_t n = strlen(hints[i].prefix);
        if (strncmp(key, hints[i].prefix, n) == 0 && (key[n] == '\0' || key[n] == '.'))
            return hints[i].hint;
    }
    return NULL;
}

/* True if some field lies below key (key is a group such as "sinks" or "supply.const"). */
static bool is_group(const char *key) {
    size_t n = strlen(key);
    for (int i = 0; i < md_params_field_count; i++)
        if (strncmp(md_params_fields[i].name, key, n) == 0 && md_params_fields[i].name[n] == '.')
            return true;
    return false;
}

/* Edit distance (insertions, deletions, substitutions) of a and b, stopping at limit+1. */
static int edit_distance(const char *a, const char *b, int limit) {
    enum { LEN = 128 };
    size_t na = strlen(a), nb = strlen(b);
    if (na >= LEN || nb >= LEN)
        return limit + 1;
    int row[LEN];
    for (size_t j = 0; j <= nb; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= na; i++) {
        int diag = row[0], best = row[0] = (int)i;
        for (size_t j = 1; j <= nb; j++) {
            int up = row[j];
            int sub = diag + (a[i - 1] != b[j - 1]);
            int v = up + 1 < row[j - 1] + 1 ? up + 1 : row[j - 1] + 1;
            row[j] = v < sub ? v : sub;
            diag = up;
            best = row[j] < best ? row[j] : best;
        }
        if (best > limit)
            return limit + 1;
    }
    return row[nb];
}

/* The known key nearest to key (a typo, a missing group), or NULL if none is close. Compares
 * the whole dotted name and, for keys written without their group, the last component. */
static const char *nearest_key(const char *key) {
    const char *best = NULL;
    int best_d = (int)strlen(key) / 3 + 1; /* at most about a third of the name may differ */
    if (best_d > 4)
        best_d = 4;
    for (int i = 0; i < md_params_field_count; i++) {
        const char *name = md_params_fields[i].name, *dot = strrchr(name, '.');
        int d = edit_distance(key, name, best_d);
        if (dot && strchr(key, '.') == NULL) {
            int dl = edit_distance(key, dot + 1, best_d);
            d = dl < d ? dl : d;
        }
        if (d < best_d) {
            best_d = d;
            best = name;
        }
    }
    return best;
}

static md_status unknown_key(const char *key, const char *where, md_error *err) {
    const char *hint = removed_key_hint(key);
    if (hint)
        return md_error_set(err, MD_ERR_CONFIG, "%s: key '%s' is not accepted: %s", where, key,
                            hint);
    const char *near = nearest_key(key);
    if (near)
        return md_error_set(err, MD_ERR_CONFIG, "%s: unknown key '%s' (did you mean %s?)", where,
                            key, near);
    return md_error_set(err, MD_ERR_CONFIG,
                        "%s: unknown key '%s' (not a configuration key of the reference)", where,
                        key);
}

/* qstar.coeff_table: {"<velocity>": [Qs, a_s, B, b_g], ...}. */
static md_status convert_table(const cJSON *j, const char *where, md_params_qstar_table *t,
                               md_error *err) {
    char w[WHERE_MAX];
    t->n = 0;
    for (const cJSON *c = j->child; c; c = c->next) {
        where_member(w, where, c->string);
        if (t->n == MD_PARAMS_QSTAR_TABLE_MAX)
            return md_error_set(err, MD_ERR_CONFIG, "%s: more than %d rows", where,
                                MD_PARAMS_QSTAR_TABLE_MAX);
        char *end;
        double v = strtod(c->string, &end);
        if (end == c->string || *end)
            return md_error_set(err, MD_ERR_CONFIG, "%s: key '%s' is not a velocity (a number)", w,
                                c->string);
        if (!cJSON_IsArray(c) || child_count(c) != 4)
            return md_error_set(err, MD_ERR_CONFIG,
                                "%s: expected a list of 4 numbers [Qs, a_s, B, b_g]", w);
        int k = 0;
        for (const cJSON *e = c->child; e; e = e->next, k++) {
            if (!cJSON_IsNumber(e)) {
                char we[WHERE_MAX];
                where_index(we, w, k);
                return md_error_set(err, MD_ERR_CONFIG, "%s: expected a number, got %s", we,
                                    json_type_name(e));
            }
            t->coeffs[t->n][k] = e->valuedouble;
        }
        t->v_ref_kms[t->n++] = v;
    }
    return MD_OK;
}

/* JSON value -> typed value for field f (storage owned by a). */
static md_status convert(const cJSON *j, const md_param_field *f, assign *a, const char *where,
                         md_error *err) {
    md_param_value *v = &a->v;
    if (cJSON_IsNull(j)) {
        v->type = MD_PV_NULL;
    } else if (cJSON_IsBool(j)) {
        v->type = MD_PV_BOOL;
        v->b = cJSON_IsTrue(j);
    } else if (cJSON_IsNumber(j)) {
        v->type = MD_PV_NUMBER;
        v->num = j->valuedouble;
    } else if (cJSON_IsString(j)) {
        v->type = MD_PV_STRING;
        v->str = j->valuestring;
    } else if (cJSON_IsArray(j)) {
        int n = child_count(j);
        if (n == 0 && f->kind == MD_PK_EMPTY_LIST) {
            v->type = MD_PV_EMPTY_LIST;
            return MD_OK;
        }
        a->list = malloc((size_t)(n ? n : 1) * sizeof *a->list);
        if (!a->list)
            return md_error_set(err, MD_ERR_NOMEM, "out of memory reading the manifest");
        int k = 0;
        for (const cJSON *e = j->child; e; e = e->next, k++) {
            if (!cJSON_IsNumber(e)) {
                char w[WHERE_MAX];
                where_index(w, where, k);
                return md_error_set(err, MD_ERR_CONFIG, "%s: expected a number, got %s", w,
                                    json_type_name(e));
            }
            a->list[k] = e->valuedouble;
        }
        v->type = MD_PV_LIST;
        v->list = a->list;
        v->n = n;
    } else if (child_count(j) == 0) {
        v->type = MD_PV_EMPTY_OBJECT;
    } else if (f->kind == MD_PK_QSTAR_TABLE) {
        a->table = malloc(sizeof *a->table);
        if (!a->table)
            return md_error_set(err, MD_ERR_NOMEM, "out of memory reading the manifest");
        md_status st = convert_table(j, where, a->table, err);
        if (st != MD_OK)
            return st;
        v->type = MD_PV_QSTAR_TABLE;
        v->table = a->table;
    } else {
        v->type = MD_PV_OBJECT;
    }
    return MD_OK;
}

/* Appends one assignment and checks it against a default parameter set, so type and range
 * errors are reported where the value was written. */
static md_status add_assign(alist *out, const md_param_field *f, const cJSON *j, const char *where,
                            md_error *err) {
    assign *a = alist_push(out, err);
    if (!a)
        return MD_ERR_NOMEM;
    a->f = f;
    a->where = dup_str(where);
    if (!a->where)
        return md_error_set(err, MD_ERR_NOMEM, "out of memory reading the manifest");
    md_status st = convert(j, f, a, where, err);
    if (st != MD_OK)
        return st;
    static md_params scratch; /* only the one field is written; its value is never read */
    md_params_set_defaults(&scratch);
    st = md_params_set(&scratch, f, &a->v, err);
    if (st != MD_OK)
        md_error_prefix(err, "%s", where);
    return st;
}

/* Turns `key: value` (key dotted, value possibly a nested object) into assignments. */
static md_status flatten(alist *out, const char *key, const cJSON *j, const char *where,
                         md_error *err) {
    const md_param_field *f = md_params_field_find(key);
    if (f && f->kind != MD_PK_BLOCK)
        return add_assign(out, f, j, where, err);
    if (f && (cJSON_IsNull(j) || !cJSON_IsObject(j)))
        return add_assign(out, f, j, where, err);
    if (f) { /* an optional block given as an object: present, then its keys */
        cJSON empty = {0};
        empty.type = cJSON_Object;
        md_status st = add_assign(out, f, &empty, where, err);
        if (st != MD_OK)
            return st;
    } else if (!is_group(key)) {
        return unknown_key(key, where, err);
    } else if (!cJSON_IsObject(j)) {
        return md_error_set(err, MD_ERR_CONFIG,
                            "%s: '%s' is a group of keys: expected an object, got %s", where, key,
                            json_type_name(j));
    }
    for (const cJSON *c = j->child; c; c = c->next) {
        char sub[WHERE_MAX], w[WHERE_MAX];
        snprintf(sub, sizeof sub, "%s.%s", key, c->string);
        where_member(w, where, c->string);
        md_status st = flatten(out, sub, c, w, err);
        if (st != MD_OK)
            return st;
    }
    return MD_OK;
}

/* Flattens the members of an object of parameters (base, a runs entry). */
static md_status flatten_object(alist *out, const cJSON *obj, const char *where, md_error *err) {
    if (!cJSON_IsObject(obj))
        return md_error_set(err, MD_ERR_CONFIG, "%s: expected an object of parameters, got %s",
                            where, json_type_name(obj));
    for (const cJSON *c = obj->child; c; c = c->next) {
        char w[WHERE_MAX];
        where_member(w, where, c->string);
        md_status st = flatten(out, c->string, c, w, err);
        if (st != MD_OK)
            return st;
    }
    return MD_OK;
}

/* A key set twice in one scope (say `radiation.TM_K` next to `radiation: {TM_K}`). */
static md_status check_no_repeat(const alist *l, md_error *err) {
    for (int i = 0; i < l->n; i++)
        for (int k = 0; k < i; k++)
            if (l->a[k].f == l->a[i].f && l->a[i].f->kind != MD_PK_BLOCK)
                return md_error_set(err, MD_ERR_CONFIG, "%s: %s is already set at %s",
                                    l->a[i].where, l->a[i].f->name, l->a[k].where);
    return MD_OK;
}

/* A member of an object and its position, sorted by name then position. */
typedef struct named {
    const cJSON *item;
    long pos;
} named;

static int named_cmp(const void *pa, const void *pb) {
    const named *a = pa, *b = pb;
    int c = strcmp(a->item->string, b->item->string);
    return c ? c : (a->pos > b->pos) - (a->pos < b->pos);
}

/* The first-written member of obj whose name an earlier member already has (by position), or
 * NULL. Sorting keeps it O(n log n) for objects of many keys. */
static md_status find_repeated_member(const cJSON *obj, const cJSON **repeated, md_error *err) {
    long n = child_count(obj), k = 0, best = -1;
    *repeated = NULL;
    if (n < 2)
        return MD_OK;
    named *v = malloc((size_t)n * sizeof *v);
    if (!v)
        return md_error_set(err, MD_ERR_NOMEM, "out of memory checking %ld keys", n);
    for (const cJSON *c = obj->child; c; c = c->next, k++)
        v[k] = (named){c, k};
    qsort(v, (size_t)n, sizeof *v, named_cmp);
    for (long i = 1; i < n; i++)
        if (strcmp(v[i].item->string, v[i - 1].item->string) == 0 &&
            (best < 0 || v[i].pos < best)) {
            best = v[i].pos;
            *repeated = v[i].item;
        }
    free(v);
    return MD_OK;
}

/* Duplicate member names anywhere in the document (cJSON keeps both; JSON leaves it open). */
static md_status check_duplicates(const cJSON *j, const char *where, md_error *err) {
    if (cJSON_IsObject(j)) {
        const cJSON *rep = NULL;
        md_status st = find_repeated_member(j, &rep, err);
        if (st != MD_OK)
            return st;
        if (rep) {
            char w[WHERE_MAX];
            where_member(w, where, rep->string);
            return md_error_set(err, MD_ERR_CONFIG, "%s: duplicate key '%s'", w, rep->string);
        }
    }
    long k = 0;
    for (const cJSON *c = j->child; c; c = c->next, k++) {
        char w[WHERE_MAX];
        if (cJSON_IsObject(j))
            where_member(w, where, c->string);
        else
            where_index(w, where, k);
        md_status st = check_duplicates(c, w, err);
        if (st != MD_OK)
            return st;
    }
    return MD_OK;
}

static const cJSON *member(const cJSON *obj, const char *name) {
    return cJSON_GetObjectItemCaseSensitive(obj, name);
}

/* ---- the parts of the manifest ---- */

/* output.series_columns: a non-empty list of distinct non-empty strings (which names exist is
 * the writer's to check: the manifest does not know the model's columns). */
static md_status check_column_list(const cJSON *c, const char *w, md_error *err) {
    if (!cJSON_IsArray(c) || cJSON_GetArraySize(c) == 0)
        return md_error_set(err, MD_ERR_CONFIG, "%s: expected a non-empty list of column names", w);
    int i = 0;
    for (const cJSON *e = c->child; e; e = e->next, i++) {
        if (!cJSON_IsString(e) || !e->valuestring[0])
            return md_error_set(err, MD_ERR_CONFIG, "%s[%d]: expected a column name, got %s", w, i,
                                cJSON_IsString(e) ? "an empty string" : json_type_name(e));
        for (const cJSON *f = c->child; f != e; f = f->next)
            if (strcmp(f->valuestring, e->valuestring) == 0)
                return md_error_set(err, MD_ERR_CONFIG, "%s[%d]: '%s' is listed twice", w, i,
                                    e->valuestring);
    }
    return MD_OK;
}

static md_status read_top(md_manifest *m, const char *default_name, md_error *err) {
    static const char *const allowed[] = {"name", "description", "base",  "grid",
                                          "zip",  "runs",        "output"};
    const cJSON *root = m->root;
    if (!cJSON_IsObject(root))
        return md_error_set(err, MD_ERR_CONFIG, "the manifest must be a JSON object, got %s",
                            json_type_name(root));
    for (const cJSON *c = root->child; c; c = c->next) {
        bool ok = false;
        for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++)
            ok = ok || strcmp(c->string, allowed[i]) == 0;
        if (!ok)
            return md_error_set(
                err, MD_ERR_CONFIG,
                "%s: unknown top-level key '%s' (allowed: name, description, base, grid, zip, "
                "runs, output)",
                c->string, c->string);
    }
    const cJSON *name = member(root, "name"), *desc = member(root, "description");
    if (name && !cJSON_IsString(name))
        return md_error_set(err, MD_ERR_CONFIG, "name: expected a string, got %s",
                            json_type_name(name));
    if (desc && !cJSON_IsString(desc))
        return md_error_set(err, MD_ERR_CONFIG, "description: expected a string, got %s",
                            json_type_name(desc));
    /* The name makes the default output file name: a plain, visible file name only. */
    const char *nm = name ? name->valuestring : default_name;
    if (!nm[0] || nm[0] == '.' || strpbrk(nm, "/\\") != NULL)
        return md_error_set(err, MD_ERR_CONFIG,
                            "name: \"%s\" is not a plain file name (it makes the default output "
                            "<name>.h5: no '/', no leading '.', not empty); set output.path or "
                            "-o to write elsewhere",
                            nm);
    m->name = dup_str(nm);
    m->description = dup_str(desc ? desc->valuestring : "");
    if (!m->name || !m->description)
        return md_error_set(err, MD_ERR_NOMEM, "out of memory");

    m->stride = 1; /* schema.py: IO.series_stride default */
    const cJSON *out = member(root, "output");
    if (!out)
        return MD_OK;
    if (!cJSON_IsObject(out))
        return md_error_set(err, MD_ERR_CONFIG, "output: expected an object, got %s",
                            json_type_name(out));
    for (const cJSON *c = out->child; c; c = c->next) {
        char w[WHERE_MAX];
        where_member(w, "output", c->string);
        if (strcmp(c->string, "path") == 0) {
            if (!cJSON_IsString(c) || !c->valuestring[0])
                return md_error_set(err, MD_ERR_CONFIG, "%s: expected a non-empty string, got %s",
                                    w, cJSON_IsString(c) ? "an empty string" : json_type_name(c));
            m->output_path = dup_str(c->valuestring);
            if (!m->output_path)
                return md_error_set(err, MD_ERR_NOMEM, "out of memory");
        } else if (strcmp(c->string, "series_stride") == 0) {
            if (!cJSON_IsNumber(c) || c->valuedouble != floor(c->valuedouble) ||
                !(c->valuedouble >= 1.0) || c->valuedouble > (double)LONG_MAX / 2)
                return md_error_set(err, MD_ERR_CONFIG, "%s: expected an integer >= 1", w);
            m->stride = (long)c->valuedouble;
        } else if (strcmp(c->string, "series_columns") == 0) {
            md_status st = check_column_list(c, w, err);
            if (st != MD_OK)
                return st;
            m->series_columns = c;
        } else {
            return md_error_set(err, MD_ERR_CONFIG,
                                "%s: unknown key '%s' (allowed: path, series_stride, "
                                "series_columns)",
                                w, c->string);
        }
    }
    return MD_OK;
}

static md_status read_grid(md_manifest *m, md_error *err) {
    const cJSON *grid = member(m->root, "grid");
    if (!grid)
        return MD_OK;
    if (!cJSON_IsObject(grid))
        return md_error_set(err, MD_ERR_CONFIG, "grid: expected an object of lists, got %s",
                            json_type_name(grid));
    int n = child_count(grid);
    m->axis = calloc((size_t)(n ? n : 1), sizeof *m->axis);
    m->axis_len = calloc((size_t)(n ? n : 1), sizeof *m->axis_len);
    m->axis_where = calloc((size_t)(n ? n : 1), sizeof *m->axis_where);
    if (!m->axis || !m->axis_len || !m->axis_where)
        return md_error_set(err, MD_ERR_NOMEM, "out of memory");
    for (const cJSON *c = grid->child; c; c = c->next) {
        char w[WHERE_MAX];
        where_member(w, "grid", c->string);
        int a = m->n_axes++;
        m->axis_where[a] = dup_str(w);
        if (!m->axis_where[a])
            return md_error_set(err, MD_ERR_NOMEM, "out of memory");
        if (!cJSON_IsArray(c))
            return md_error_set(err, MD_ERR_CONFIG, "%s: expected a list of values, got %s", w,
                                json_type_name(c));
        int len = child_count(c);
        if (len == 0)
            return md_error_set(err, MD_ERR_CONFIG,
                                "%s: empty grid axis (a grid axis needs >= 1 value)", w);
        m->axis[a] = calloc((size_t)len, sizeof *m->axis[a]);
        if (!m->axis[a])
            return md_error_set(err, MD_ERR_NOMEM, "out of memory");
        m->axis_len[a] = len;
        int k = 0;
        for (const cJSON *e = c->child; e; e = e->next, k++) {
            char we[WHERE_MAX];
            where_index(we, w, k);
            md_status st = flatten(&m->axis[a][k], c->string, e, we, err);
            if (st != MD_OK)
                return st;
        }
    }
    return MD_OK;
}

static md_status read_zip(md_manifest *m, md_error *err) {
    const cJSON *zip = member(m->root, "zip");
    if (!zip)
        return MD_OK;
    if (!cJSON_IsObject(zip))
        return md_error_set(err, MD_ERR_CONFIG, "zip: expected an object of lists, got %s",
                            json_type_name(zip));
    const cJSON *first = NULL;
    for (const cJSON *c = zip->child; c; c = c->next) {
        char w[WHERE_MAX];
        where_member(w, "zip", c->string);
        if (!cJSON_IsArray(c))
            return md_error_set(err, MD_ERR_CONFIG, "%s: expected a list of values, got %s", w,
                                json_type_name(c));
        int len = child_count(c);
        if (!first) {
            if (len == 0)
                return md_error_set(err, MD_ERR_CONFIG, "%s: empty zip list (needs >= 1 value)", w);
            first = c;
            m->zip_len = len;
            m->zip_rows = calloc((size_t)len, sizeof *m->zip_rows);
            if (!m->zip_rows)
                return md_error_set(err, MD_ERR_NOMEM, "out of memory");
        } else if (len != m->zip_len) {
            return md_error_set(
                err, MD_ERR_CONFIG,
                "%s: zip lists must have equal lengths: %d values here, %ld in zip[\"%s\"]", w, len,
                m->zip_len, first->string);
        }
        int k = 0;
        for (const cJSON *e = c->child; e; e = e->next, k++) {
            char we[WHERE_MAX];
            where_index(we, w, k);
            md_status st = flatten(&m->zip_rows[k], c->string, e, we, err);
            if (st != MD_OK)
                return st;
        }
    }
    return MD_OK;
}

static md_status read_runs(md_manifest *m, md_error *err) {
    const cJSON *runs = member(m->root, "runs");
    if (!runs)
        return MD_OK;
    if (!cJSON_IsArray(runs))
        return md_error_set(err, MD_ERR_CONFIG, "runs: expected a list of objects, got %s",
                            json_type_name(runs));
    int n = child_count(runs);
    m->entries = calloc((size_t)(n ? n : 1), sizeof *m->entries);
    if (!m->entries)
        return md_error_set(err, MD_ERR_NOMEM, "out of memory");
    for (const cJSON *e = runs->child; e; e = e->next) {
        char w[WHERE_MAX];
        where_index(w, "runs", m->n_entries);
        alist *l = &m->entries[m->n_entries++];
        md_status st = flatten_object(l, e, w, err);
        if (st == MD_OK)
            st = check_no_repeat(l, err);
        if (st != MD_OK)
            return st;
    }
    return MD_OK;
}

/* A key varied by two grid axes or zip lists (one would silently override the other). */
/* The axis (grid axis a < n_axes, or the zip as axis n_axes) and the value of it that sets
 * field f first, or -1. Every value counts: `{"optical_depth": [{}, {"tau0_target": 2}]}` sets
 * optical_depth.tau0_target only in its second value. */
static int axis_setting(const md_manifest *m, int a, const md_param_field *f) {
    const long len = a < m->n_axes ? m->axis_len[a] : m->zip_len;
    for (long v = 0; v < len; v++) {
        const alist *l = a < m->n_axes ? &m->axis[a][v] : &m->zip_rows[v];
        for (int i = 0; i < l->n; i++)
            if (l->a[i].f == f && f->kind != MD_PK_BLOCK)
                return (int)v;
    }
    return -1;
}

/* A key varied by two grid axes or zip lists (one would silently override the other). */
static md_status check_axes_disjoint(const md_manifest *m, md_error *err) {
    const int n_ax = m->n_axes + (m->zip_len > 0 ? 1 : 0);
    for (long v = 0; v < m->zip_len; v++) {
        md_status st = check_no_repeat(&m->zip_rows[v], err);
        if (st != MD_OK)
            return st;
    }
    for (int a = 1; a < n_ax; a++) {
        const long len = a < m->n_axes ? m->axis_len[a] : m->zip_len;
        for (long v = 0; v < len; v++) {
            const alist *l = a < m->n_axes ? &m->axis[a][v] : &m->zip_rows[v];
            for (int i = 0; i < l->n; i++)
                for (int b = 0; b < a; b++)
                    if (axis_setting(m, b, l->a[i].f) >= 0)
                        return md_error_set(err, MD_ERR_CONFIG, "%s: %s is already varied by %s",
                                            l->a[i].where, l->a[i].f->name,
                                            b < m->n_axes ? m->axis_where[b] : "zip");
        }
    }
    return MD_OK;
}

/* The number of runs, refused above MD_MANIFEST_MAX_RUNS before anything is expanded. The
 * product is taken in floating point, so an astronomical grid is named, not overflowed. */
static md_status count_runs(md_manifest *m, md_error *err) {
    bool product = m->n_axes > 0 || m->zip_len > 0;
    double n = product ? 1 : 0;
    char axes[WHERE_MAX * 2] = "";
    size_t used = 0;
    for (int a = 0; a <= m->n_axes; a++) {
        long len = a < m->n_axes ? m->axis_len[a] : m->zip_len;
        if (a == m->n_axes && len == 0)
            break;
        n *= (double)len;
        if (used < sizeof axes)
            used += (size_t)snprintf(axes + used, sizeof axes - used, "%s%s %ld", used ? " x " : "",
                                     a < m->n_axes ? m->axis_where[a] : "zip", len);
    }
    if (n + m->n_entries > (double)MD_MANIFEST_MAX_RUNS)
        return md_error_set(err, MD_ERR_CONFIG,
                            "%s%s gives %.6g runs, more than the limit of %ld runs per sweep "
                            "(each rank keeps ~100 bytes per run: split the sweep into several "
                            "manifests)",
                            product ? axes : "runs", m->n_entries && product ? " plus runs" : "",
                            n + m->n_entries, (long)MD_MANIFEST_MAX_RUNS);
    m->n_product = (long)n;
    m->n_runs = m->n_product + m->n_entries;
    if (m->n_runs == 0)
        m->n_runs = 1; /* only base: one run */
    return MD_OK;
}

/* ---- materialising a run ---- */

/* Visits the assignment lists that make run i on top of base, in application order. */
typedef md_status (*list_fn)(void *ctx, const alist *l, md_error *err);

static md_status for_each_run_list(const md_manifest *m, long i, list_fn fn, void *ctx,
                                   md_error *err) {
    md_status st = MD_OK;
    if (m->n_product == 0 && m->n_entries == 0)
        return st;
    if (i >= m->n_product)
        return fn(ctx, &m->entries[i - m->n_product], err);
    long zip = m->zip_len > 0 ? m->zip_len : 1;
    long g = i / zip, stride = 1;
    for (int a = m->n_axes - 1; a >= 0; a--)
        stride *= m->axis_len[a];
    for (int a = 0; a < m->n_axes; a++) {
        stride /= m->axis_len[a];
        st = fn(ctx, &m->axis[a][(g / stride) % m->axis_len[a]], err);
        if (st != MD_OK)
            return st;
    }
    return m->zip_len > 0 ? fn(ctx, &m->zip_rows[i % zip], err) : MD_OK;
}

static md_status apply_list(void *ctx, const alist *l, md_error *err) {
    for (int k = 0; k < l->n; k++) {
        md_status st = md_params_set(ctx, l->a[k].f, &l->a[k].v, err);
        if (st != MD_OK) {
            md_error_prefix(err, "%s", l->a[k].where);
            return st;
        }
    }
    return MD_OK;
}

/* The lists that make run i: base, then run i's own. */
static md_status for_each_list(const md_manifest *m, long i, list_fn fn, void *ctx, md_error *err) {
    md_status st = fn(ctx, &m->base, err);
    return st == MD_OK ? for_each_run_list(m, i, fn, ctx, err) : st;
}

/* m->tmpl: the defaults with base applied, made once; every run is a copy of it with its own
 * lists applied, the same as applying base to the defaults each time. */
static md_status make_template(md_manifest *m, md_error *err) {
    if (!(m->tmpl = malloc(sizeof *m->tmpl)))
        return md_error_set(err, MD_ERR_NOMEM, "out of memory");
    md_params_set_defaults(m->tmpl);
    return apply_list(m->tmpl, &m->base, err);
}

/* Run i's parameters with table paths as written. */
static md_status materialise(const md_manifest *m, long i, md_params *p, md_error *err) {
    *p = *m->tmpl;
    return for_each_run_list(m, i, apply_list, p, err);
}

typedef struct {
    const md_param_field *f;
    const char *where;
} where_ctx;

static md_status find_where(void *ctx, const alist *l, md_error *err) {
    where_ctx *w = ctx;
    (void)err;
    for (int k = 0; k < l->n; k++)
        if (l->a[k].f == w->f)
            w->where = l->a[k].where;
    return MD_OK;
}

/* JSON path that set field f in run i ("(default)" if none did). */
static const char *where_set(const md_manifest *m, long i, const md_param_field *f) {
    where_ctx w = {f, "(default)"};
    for_each_list(m, i, find_where, &w, NULL);
    return w.where;
}

const char *md_manifest_run_origin(const md_manifest *m, long i, char *buf, size_t len) {
    if (i >= m->n_product) {
        if (m->n_entries == 0)
            snprintf(buf, len, "base");
        else
            snprintf(buf, len, "runs[%ld]", i - m->n_product);
        return buf;
    }
    size_t used = 0;
    buf[0] = '\0';
    long zip = m->zip_len > 0 ? m->zip_len : 1, g = i / zip, stride = 1;
    for (int a = 0; a < m->n_axes; a++)
        stride *= m->axis_len[a];
    for (int a = 0; a < m->n_axes && used < len; a++) {
        stride /= m->axis_len[a];
        used += (size_t)snprintf(buf + used, len - used, "%s%s[%ld]", a ? ", " : "",
                                 m->axis_where[a], (g / stride) % m->axis_len[a]);
    }
    if (m->zip_len > 0 && used < len)
        snprintf(buf + used, len - used, "%szip row %ld", m->n_axes ? ", " : "", i % zip);
    return buf;
}

/* Whether the reference reads the table at field f for these parameters. */
static bool path_in_use(const md_params *p, const md_param_field *f) {
    if (f->kind != MD_PK_PATH || (f->flags & MD_PF_NO_FILE) || md_params_is_null(p, f))
        return false;
    if (f->offset == offsetof(md_params, supply.table.path))
        return p->supply.mode == MD_PARAMS_SUPPLY_TABLE ||
               p->supply.mode == MD_PARAMS_SUPPLY_PIECEWISE;
    if (f->offset == offsetof(md_params, supply.temperature.table.path))
        return p->supply.temperature.enabled &&
               p->supply.temperature.mode == MD_PARAMS_SUPPLY_TEMP_TABLE;
    if (f->offset == offsetof(md_params, dynamics.e_profile.table_path))
        return p->dynamics.e_profile.mode == MD_PARAMS_E_PROFILE_TABLE;
    if (f->offset == offsetof(md_params, sinks.sub_params.psat_table_path))
        return p->sinks.sub_params.psat_model == MD_PARAMS_PSAT_TABULATED;
    return true;
}

static bool is_regular_file(const char *path) {
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* Resolves one table path: the manifest's folder, then the data folder; absolute as given. */
static md_status resolve_one(const md_manifest *m, char *path, const md_param_field *f,
                             const char *where, md_error *err) {
    char tried[3][PATH_MAX + 1];
    int n_tried = 0;
    if (path[0] == '/') {
        snprintf(tried[n_tried++], sizeof tried[0], "%s", path);
    } else {
        snprintf(tried[n_tried++], sizeof tried[0], "%s/%s", m->base_dir, path);
        if (m->data_dir)
            snprintf(tried[n_tried++], sizeof tried[0], "%s/%s", m->data_dir, path);
    }
    for (int k = 0; k < n_tried; k++) {
        char abs[PATH_MAX];
        if (!is_regular_file(tried[k]) || !realpath(tried[k], abs))
            continue;
        if (strlen(abs) >= MD_PARAMS_PATH_MAX)
            return md_error_set(err, MD_ERR_CONFIG,
                                "%s: resolved path of %s is longer than %d characters", where,
                                f->name, MD_PARAMS_PATH_MAX - 1);
        memcpy(path, abs, strlen(abs) + 1); /* fits: checked above */
        return MD_OK;
    }
    return md_error_set(
        err, MD_ERR_CONFIG, "%s: table file '%s' of %s not found (tried %s%s%s%s%s)%s", where, path,
        f->name, tried[0], n_tried > 1 ? ", " : "", n_tried > 1 ? tried[1] : "",
        n_tried > 2 ? ", " : "", n_tried > 2 ? tried[2] : "",
        m->data_dir ? "" : "; no data folder given (--data-dir or MARSDISK_DATA_DIR)");
}

static md_status resolve_paths(const md_manifest *m, long i, md_params *p, md_error *err) {
    for (int k = 0; k < md_params_field_count; k++) {
        const md_param_field *f = &md_params_fields[k];
        if (!path_in_use(p, f))
            continue;
        md_status st = resolve_one(m, (char *)p + f->offset, f, where_set(m, i, f), err);
        if (st != MD_OK)
            return st;
    }
    return MD_OK;
}

md_status md_manifest_run(const md_manifest *m, long i, md_params *out, md_error *err) {
    if (i < 0 || i >= m->n_runs)
        return md_error_set(err, MD_ERR_INTERNAL, "run %ld out of range [0, %ld)", i, m->n_runs);
    md_status st = materialise(m, i, out, err);
    return st == MD_OK ? resolve_paths(m, i, out, err) : st;
}

/* ---- canonical form and hashes ---- */

static int cmp_field_names(const void *a, const void *b) {
    return strcmp(md_params_fields[*(const int *)a].name, md_params_fields[*(const int *)b].name);
}

/* Each field's piece of the canonical form ("\"key\":value") of the last run formatted, in
 * canonical order, and that run's parameters: a piece is formatted again only if its field's
 * value changed (md_params_field_same), the few keys a sweep varies. */
typedef struct canon_cache {
    md_params prev;
    bool valid;
    char **piece;
    size_t *len;
} canon_cache;

static void canon_cache_free(canon_cache *c) {
    for (int k = 0; c && c->piece && k < md_params_field_count; k++)
        free(c->piece[k]);
    if (c) {
        free(c->piece);
        free(c->len);
    }
    free(c);
}

static canon_cache *canon_cache_new(void) {
    canon_cache *c = calloc(1, sizeof *c);
    if (c && (!(c->piece = calloc((size_t)md_params_field_count, sizeof *c->piece)) ||
              !(c->len = calloc((size_t)md_params_field_count, sizeof *c->len))))
        canon_cache_free(c), c = NULL;
    return c;
}

/* The canonical form of p, from the cache's pieces where their field did not change. NULL on
 * NOMEM. */
static char *canonical_of(const md_manifest *m, const md_params *p, canon_cache *c) {
    size_t total = 2;
    bool ok = true;
    for (int k = 0; k < md_params_field_count && ok; k++) {
        const md_param_field *f = &md_params_fields[m->order[k]];
        if (!c->valid || !md_params_field_same(&c->prev, p, f)) {
            char val[8192];
            md_params_format(p, f, val, sizeof val);
            size_t n = strlen(f->name) + strlen(val) + 4;
            char *piece = realloc(c->piece[k], n);
            ok = piece != NULL;
            if (ok) {
                c->piece[k] = piece;
                c->len[k] = (size_t)snprintf(piece, n, "\"%s\":%s", f->name, val);
            }
        }
        total += c->len[k] + 1;
    }
    c->valid = ok;
    c->prev = *p;
    char *s = ok ? malloc(total + 1) : NULL;
    if (s) {
        size_t used = 0;
        s[used++] = '{';
        for (int k = 0; k < md_params_field_count; k++) {
            if (k)
                s[used++] = ',';
            memcpy(s + used, c->piece[k], c->len[k]);
            used += c->len[k];
        }
        s[used++] = '}';
        s[used] = '\0';
    }
    return s;
}

char *md_manifest_run_canonical(const md_manifest *m, long i, md_error *err) {
    md_params p;
    if (materialise(m, i, &p, err) != MD_OK)
        return NULL;
    canon_cache *c = canon_cache_new();
    char *s = c ? canonical_of(m, &p, c) : NULL;
    canon_cache_free(c);
    if (!s)
        md_error_set(err, MD_ERR_NOMEM, "out of memory");
    return s;
}

/* The value of key in object o as compact JSON (the caller frees it with cJSON_free), or NULL if
 * o has no such key. */
static char *value_text(const cJSON *o, const char *key) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return v ? cJSON_PrintUnformatted(v) : NULL;
}

bool md_manifest_canonical_difference(const char *a, const char *b, char *buf, size_t len) {
    cJSON *ja = cJSON_Parse(a), *jb = cJSON_Parse(b);
    bool found = false;
    for (int side = 0; side < 2 && !found && cJSON_IsObject(ja) && cJSON_IsObject(jb); side++) {
        const cJSON *item = NULL, *keys = side == 0 ? ja : jb;
        cJSON_ArrayForEach(item, keys) {
            char *va = value_text(ja, item->string), *vb = value_text(jb, item->string);
            found = !va || !vb || strcmp(va, vb) != 0;
            if (found)
                snprintf(buf, len, "%s: %s / %s", item->string, va ? va : "absent",
                         vb ? vb : "absent");
            cJSON_free(va);
            cJSON_free(vb);
            if (found)
                break;
        }
    }
    cJSON_Delete(ja);
    cJSON_Delete(jb);
    return found;
}

md_status md_manifest_hash_range(const md_manifest *m, long begin, long end, char (*hex)[65],
                                 const volatile sig_atomic_t *stop, md_error *err) {
    if (begin < 0 || end > m->n_runs || begin > end)
        return md_error_set(err, MD_ERR_INTERNAL, "runs [%ld, %ld) out of [0, %ld)", begin, end,
                            m->n_runs);
    md_status st = MD_OK;
    md_params *p = malloc(sizeof *p);
    canon_cache *c = canon_cache_new();
    if (!p || !c)
        st = md_error_set(err, MD_ERR_NOMEM, "out of memory hashing runs");
    for (long i = begin; i < end && st == MD_OK; i++) {
        if (stop && *stop) {
            st = md_error_set(err, MD_ERR_STOPPED,
                              "stopped by a signal while hashing run %ld of %ld", i, m->n_runs);
            break;
        }
        char *canon = NULL;
        if ((st = materialise(m, i, p, err)) == MD_OK && !(canon = canonical_of(m, p, c)))
            st = md_error_set(err, MD_ERR_NOMEM, "out of memory");
        if (canon)
            md_sha256_hex(canon, strlen(canon), hex[i - begin]);
        free(canon);
    }
    canon_cache_free(c);
    free(p);
    return st;
}

/* ---- loading ---- */

/* Candidate varying keys: every field set by grid, zip or runs, in order of appearance. */
static md_status collect_candidates(md_manifest *m, md_error *err) {
    m->varying = calloc((size_t)md_params_field_count, sizeof *m->varying);
    if (!m->varying)
        return md_error_set(err, MD_ERR_NOMEM, "out of memory");
    const alist *lists[3];
    for (int part = 0; part < 3; part++) {
        long n = part == 0 ? m->n_axes : part == 1 ? m->zip_len : m->n_entries;
        for (long q = 0; q < n; q++) {
            int n_sub = part == 0 ? m->axis_len[q] : 1;
            for (int s = 0; s < n_sub; s++) {
                lists[part] = part == 0   ? &m->axis[q][s]
                              : part == 1 ? &m->zip_rows[q]
                                          : &m->entries[q];
                for (int k = 0; k < lists[part]->n; k++) {
                    const md_param_field *f = lists[part]->a[k].f;
                    bool seen = false;
                    for (int v = 0; v < m->n_varying && !seen; v++)
                        seen = m->varying[v] == f;
                    if (!seen)
                        m->varying[m->n_varying++] = f;
                }
            }
        }
    }
    return MD_OK;
}

/* Expands and validates every run; keeps the candidates that really vary. */
static md_status validate_runs(md_manifest *m, const volatile sig_atomic_t *stop, md_error *err) {
    md_status st = make_template(m, err);
    md_params *first = malloc(sizeof *first), *p = malloc(sizeof *p);
    bool *varies = calloc((size_t)(m->n_varying ? m->n_varying : 1), sizeof *varies);
    if (st == MD_OK && (!first || !p || !varies))
        st = md_error_set(err, MD_ERR_NOMEM, "out of memory expanding %ld runs", m->n_runs);
    for (long i = 0; i < m->n_runs && st == MD_OK; i++) {
        char origin[WHERE_MAX];
        if (stop && *stop) {
            st = md_error_set(err, MD_ERR_STOPPED,
                              "stopped by a signal while validating run %ld of %ld", i, m->n_runs);
            break;
        }
        if ((st = materialise(m, i, p, err)) != MD_OK)
            break;
        if (i == 0)
            *first = *p;
        for (int v = 0; v < m->n_varying; v++)
            varies[v] = varies[v] || !md_params_field_equal(first, p, m->varying[v]);
        st = md_params_check(p, err);
        if (st == MD_OK)
            st = resolve_paths(m, i, p, err);
        if (st != MD_OK && st != MD_ERR_NOMEM) {
            md_error_prefix(err, "run %ld (%s)", i,
                            md_manifest_run_origin(m, i, origin, sizeof origin));
            err->status = st = MD_ERR_CONFIG;
        }
    }
    int n = 0;
    for (int v = 0; v < m->n_varying && st == MD_OK; v++)
        if (varies[v])
            m->varying[n++] = m->varying[v];
    if (st == MD_OK)
        m->n_varying = n;
    free(first);
    free(p);
    free(varies);
    return st;
}

/* Line and column (1-based) of position pos in text. */
static void line_col(const char *text, const char *pos, int *line, int *col) {
    *line = 1;
    *col = 1;
    for (const char *c = text; c < pos && *c; c++) {
        if (*c == '\n') {
            (*line)++;
            *col = 1;
        } else {
            (*col)++;
        }
    }
}

static md_status parse(md_manifest *m, md_error *err) {
    const char *end = NULL;
    m->root = cJSON_ParseWithOpts(m->text, &end, 1);
    if (!m->root) {
        int line, col;
        const char *pos = end ? end : m->text;
        line_col(m->text, pos, &line, &col);
        char near[24] = "";
        size_t k = 0;
        for (; k < sizeof near - 1 && pos[k] && pos[k] != '\n'; k++)
            near[k] = pos[k];
        near[k] = '\0';
        return md_error_set(err, MD_ERR_CONFIG, "JSON syntax error at line %d, column %d%s%s%s",
                            line, col, k ? " near '" : " (unexpected end of text)", near,
                            k ? "'" : "");
    }
    return check_duplicates(m->root, "", err);
}

md_manifest *md_manifest_load_text(const char *text, const char *base_dir, const char *default_name,
                                   const char *data_dir, const volatile sig_atomic_t *stop,
                                   md_error *err) {
    md_manifest *m = calloc(1, sizeof *m);
    md_status st = MD_OK;
    if (!m) {
        md_error_set(err, MD_ERR_NOMEM, "out of memory");
        return NULL;
    }
    if (!data_dir || !*data_dir)
        data_dir = getenv("MARSDISK_DATA_DIR");
    m->text = dup_str(text);
    m->base_dir = dup_str(base_dir && *base_dir ? base_dir : ".");
    m->data_dir = data_dir && *data_dir ? dup_str(data_dir) : NULL;
    m->order = malloc((size_t)md_params_field_count * sizeof *m->order);
    if (!m->text || !m->base_dir || (data_dir && *data_dir && !m->data_dir) || !m->order) {
        st = md_error_set(err, MD_ERR_NOMEM, "out of memory");
        goto fail;
    }
    for (int k = 0; k < md_params_field_count; k++)
        m->order[k] = k;
    qsort(m->order, (size_t)md_params_field_count, sizeof *m->order, cmp_field_names);
    md_sha256_hex(m->text, strlen(m->text), m->hash);

    if ((st = parse(m, err)) != MD_OK)
        goto fail;
    if ((st = read_top(m, default_name ? default_name : "sweep", err)) != MD_OK)
        goto fail;
    const cJSON *base = member(m->root, "base");
    if (base && ((st = flatten_object(&m->base, base, "base", err)) != MD_OK ||
                 (st = check_no_repeat(&m->base, err)) != MD_OK))
        goto fail;
    if ((st = read_grid(m, err)) != MD_OK || (st = read_zip(m, err)) != MD_OK ||
        (st = read_runs(m, err)) != MD_OK || (st = check_axes_disjoint(m, err)) != MD_OK ||
        (st = count_runs(m, err)) != MD_OK || (st = collect_candidates(m, err)) != MD_OK ||
        (st = validate_runs(m, stop, err)) != MD_OK)
        goto fail;
    return m;
fail:
    md_manifest_free(&m);
    return NULL;
}

md_manifest *md_manifest_load(const char *path, const char *data_dir,
                              const volatile sig_atomic_t *stop, md_error *err) {
    md_manifest *m = NULL;
    char *text = NULL, *dir = NULL, *stem = NULL;
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        md_error_set(err, MD_ERR_IO, "%s: cannot open the manifest: %s", path, strerror(errno));
        return NULL;
    }
    struct stat sb = {0};
    if (fstat(fileno(fp), &sb) != 0 || !S_ISREG(sb.st_mode)) {
        md_error_set(err, MD_ERR_IO, "%s: the manifest is not a regular file%s", path,
                     S_ISDIR(sb.st_mode) ? " (a directory)" : "");
        goto done;
    }
    long size = fseek(fp, 0, SEEK_END) == 0 ? ftell(fp) : -1;
    if (size < 0 || fseek(fp, 0, SEEK_SET) != 0) {
        md_error_set(err, MD_ERR_IO, "%s: cannot read the manifest: %s", path, strerror(errno));
        goto done;
    }
    text = malloc((size_t)size + 1);
    dir = dup_str(path);
    if (!text || !dir) {
        md_error_set(err, MD_ERR_NOMEM, "out of memory");
        goto done;
    }
    if (fread(text, 1, (size_t)size, fp) != (size_t)size) {
        md_error_set(err, MD_ERR_IO, "%s: cannot read the manifest: %s", path,
                     ferror(fp) ? strerror(errno) : "shorter than its size");
        goto done;
    }
    text[size] = '\0';
    if (strlen(text) != (size_t)size) {
        md_error_set(err, MD_ERR_CONFIG, "%s: the manifest contains a NUL byte", path);
        goto done;
    }
    char *slash = strrchr(dir, '/');
    const char *base = slash ? slash + 1 : path;
    stem = dup_str(base);
    if (!stem) {
        md_error_set(err, MD_ERR_NOMEM, "out of memory");
        goto done;
    }
    size_t n = strlen(stem);
    if (n > 5 && strcmp(stem + n - 5, ".json") == 0)
        stem[n - 5] = '\0';
    if (slash)
        slash[slash == dir ? 1 : 0] = '\0'; /* "/x.json" keeps "/" */
    m = md_manifest_load_text(text, slash ? dir : ".", stem, data_dir, stop, err);
    if (!m)
        md_error_prefix(err, "%s", path);
done:
    fclose(fp);
    free(text);
    free(dir);
    free(stem);
    return m;
}

void md_manifest_free(md_manifest **pm) {
    if (!pm || !*pm)
        return;
    md_manifest *m = *pm;
    alist_free(&m->base);
    for (int a = 0; a < m->n_axes; a++) {
        for (int k = 0; m->axis && m->axis[a] && k < m->axis_len[a]; k++)
            alist_free(&m->axis[a][k]);
        if (m->axis)
            free(m->axis[a]);
        if (m->axis_where)
            free(m->axis_where[a]);
    }
    free(m->axis);
    free(m->axis_len);
    free(m->axis_where);
    for (long k = 0; k < m->zip_len && m->zip_rows; k++)
        alist_free(&m->zip_rows[k]);
    free(m->zip_rows);
    for (int k = 0; k < m->n_entries; k++)
        alist_free(&m->entries[k]);
    free(m->entries);
    cJSON_Delete(m->root);
    free(m->text);
    free(m->name);
    free(m->description);
    free(m->output_path);
    free(m->base_dir);
    free(m->data_dir);
    free(m->tmpl);
    free(m->varying);
    free(m->order);
    free(m);
    *pm = NULL;
}

long md_manifest_n_runs(const md_manifest *m) {
    return m->n_runs;
}
int md_manifest_n_varying(const md_manifest *m) {
    return m->n_varying;
}
const md_param_field *md_manifest_varying_field(const md_manifest *m, int k) {
    return m->varying[k];
}
const char *md_manifest_name(const md_manifest *m) {
    return m->name;
}
const char *md_manifest_description(const md_manifest *m) {
    return m->description;
}
int md_manifest_series_column_count(const md_manifest *m) {
    return m->series_columns ? cJSON_GetArraySize(m->series_columns) : -1;
}

const char *md_manifest_series_column(const md_manifest *m, int i) {
    const cJSON *e = m->series_columns ? cJSON_GetArrayItem(m->series_columns, i) : NULL;
    return e ? e->valuestring : NULL;
}

const char *md_manifest_output_path(const md_manifest *m) {
    return m->output_path;
}
long md_manifest_series_stride(const md_manifest *m) {
    return m->stride;
}
const char *md_manifest_json_text(const md_manifest *m) {
    return m->text;
}
const char *md_manifest_hash(const md_manifest *m) {
    return m->hash;
}
