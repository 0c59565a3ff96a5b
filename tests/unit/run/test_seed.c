/* The e/i sampling seed (spec 10 §2 step 5; orchestrator.py: resolve_seed): Python's float
 * repr, the hashed basis of derive_seed_components, and a run without dynamics.rng_seed.
 *
 * Expected values were computed independently with CPython 3 (/usr/bin/python3): repr(x) for
 * the repr vectors, and for the seeds the spec's formula
 *     int(hashlib.sha256(basis.encode()).hexdigest()[:8], 16) % 2**31
 * on the basis texts written out below. The four disk-geometry seeds also equal "seed_used" in
 * the reference's own run_config.json of golden cases c01, c02, c04 and c18 (rng_seed null). */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "md_constants.h"
#include "md_run.h"
#include "md_run_seed.h"
#include "md_test_support.h"
#include "md_workspace.h"
#include "run_small_case.h"

/* repr(x) in CPython: shortest round trip, fixed notation for 1e-4 <= |x| < 1e16. */
START_TEST(test_float_repr) {
    static const struct {
        double x;
        const char *repr;
    } rows[] = {
        {6270575.0, "6270575.0"},
        {1.85, "1.85"},
        {1e-07, "1e-07"},
        {1e-05, "1e-05"},
        {0.0001, "0.0001"},
        {0.1, "0.1"},
        {1.0 / 3.0, "0.3333333333333333"},
        {4000.0, "4000.0"},
        {1e15, "1000000000000000.0"},
        {1e16, "1e+16"},
        {123456789012345678.0, "1.2345678901234568e+17"},
        {2.2 * 3.3895e6, "7456900.000000001"},
        {0.5 * (2.2 + 2.7) * 3.3895e6, "8304275.000000001"},
        {-1.5, "-1.5"},
        {-0.0, "-0.0"},
        {0.0, "0.0"},
        {5e-324, "5e-324"},
        {1.7976931348623157e308, "1.7976931348623157e+308"},
        /* 2^-1017: the nearest 16 digits do not read back; the shortest text is a neighbour */
        {0x1p-1017, "7.120236347223045e-307"},
        {0x1p-808, "5.858190679279809e-244"},
    };
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
        char buf[40];
        int n = md_run_seed_float_repr(rows[k].x, buf, sizeof buf);
        ck_assert_msg(strcmp(buf, rows[k].repr) == 0, "row %zu: %s, expected %s", k, buf,
                      rows[k].repr);
        ck_assert_int_eq(n, (int)strlen(rows[k].repr));
    }
    char buf[8];
    ck_assert_int_eq(md_run_seed_float_repr(INFINITY, buf, sizeof buf), 3);
    ck_assert_str_eq(buf, "inf");
    md_run_seed_float_repr(-INFINITY, buf, sizeof buf);
    ck_assert_str_eq(buf, "-inf");
    md_run_seed_float_repr(NAN, buf, sizeof buf);
    ck_assert_str_eq(buf, "nan");
}
END_TEST

/* The basis text and seed of the golden cases' geometries (r = (r_in + r_out)/2 R_Mars). */
START_TEST(test_disk_basis_and_seed) {
    static const struct {
        double r_in, r_out, TM_K, mass_total;
        const char *basis;
        uint64_t seed;
    } rows[] = {
        {1.0, 2.7, 4000.0, 1e-7,
         "reference_radius_m=6270575.0|reference_radius_RM=1.85|r_source=disk.geometry"
         "|disk.r_in_RM=1.0,r_out_RM=2.7|T_M_basis=4000.0|initial.mass_total=1e-07",
         1456123860},
        {1.0, 2.7, 2000.0, 1e-7,
         "reference_radius_m=6270575.0|reference_radius_RM=1.85|r_source=disk.geometry"
         "|disk.r_in_RM=1.0,r_out_RM=2.7|T_M_basis=2000.0|initial.mass_total=1e-07",
         1433474594},
        {1.0, 2.7, 5000.0, 1e-7,
         "reference_radius_m=6270575.0|reference_radius_RM=1.85|r_source=disk.geometry"
         "|disk.r_in_RM=1.0,r_out_RM=2.7|T_M_basis=5000.0|initial.mass_total=1e-07",
         67960550},
        {2.2, 2.7, 2500.0, 1e-5,
         "reference_radius_m=8304275.000000001|reference_radius_RM=2.45|r_source=disk.geometry"
         "|disk.r_in_RM=2.2,r_out_RM=2.7|T_M_basis=2500.0|initial.mass_total=1e-05",
         896793769},
    };
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
        md_params p;
        md_error err;
        run_small_case(&p, 1);
        p.disk.geometry.r_in_RM = rows[k].r_in;
        p.disk.geometry.r_out_RM = rows[k].r_out;
        p.radiation.TM_K = rows[k].TM_K;
        p.initial.mass_total = rows[k].mass_total;
        double r_RM = 0.5 * (rows[k].r_in + rows[k].r_out);
        char basis[MD_RUN_SEED_BASIS_MAX];
        ck_assert_int_eq(md_run_seed_basis(&p, r_RM * MD_R_MARS, r_RM, basis, &err), MD_OK);
        ck_assert_str_eq(basis, rows[k].basis);
        ck_assert_uint_eq(md_run_seed_from_basis(basis), rows[k].seed);
        uint64_t seed = 0;
        ck_assert_int_eq(md_run_seed_resolve(&p, r_RM * MD_R_MARS, r_RM, &seed, &err), MD_OK);
        ck_assert_uint_eq(seed, rows[k].seed);
        /* an explicit seed wins */
        p.dynamics.has_rng_seed = true;
        p.dynamics.rng_seed = 42;
        ck_assert_int_eq(md_run_seed_resolve(&p, r_RM * MD_R_MARS, r_RM, &seed, &err), MD_OK);
        ck_assert_uint_eq(seed, 42);
    }
}
END_TEST

/* Without a disk block the radius comes from geometry.r_in/r_out [m] and the basis has no
 * disk part (r_source=geometry.r_in_out). */
START_TEST(test_geometry_basis) {
    md_params p;
    md_error err;
    run_small_case(&p, 1);
    p.disk.present = false;
    char basis[MD_RUN_SEED_BASIS_MAX];
    ck_assert_int_eq(md_run_seed_basis(&p, 3389500.0, 1.0, basis, &err), MD_OK);
    ck_assert_str_eq(basis, "reference_radius_m=3389500.0|reference_radius_RM=1.0"
                            "|r_source=geometry.r_in_out|T_M_basis=4000.0"
                            "|initial.mass_total=1e-07");
    ck_assert_uint_eq(md_run_seed_from_basis(basis), 734004978);
}
END_TEST

static md_status first_row_i(void *ctx, long sample, long step, const double *row, md_error *err) {
    (void)step;
    (void)err;
    if (sample == 0) {
        *(double *)ctx = row[MD_COL_I_KERNEL_BASE];
    }
    return MD_OK;
}

/* The sampled inclination of a short run (first row's i_kernel_base). */
static md_status sampled_i(const md_params *p, double *i_base, md_error *err) {
    md_workspace *ws = md_workspace_create(err);
    if (!ws) {
        return err->status;
    }
    *i_base = NAN;
    md_observer obs = {i_base, first_row_i};
    md_run_result res;
    md_status st = md_run_zero_d(p, 1, ws, &obs, &res, err);
    md_workspace_free(&ws);
    return st;
}

/* A run sampling i without dynamics.rng_seed is accepted and draws with the hashed seed of its
 * geometry: the same i as the explicit seed of test_disk_basis_and_seed's value for that
 * geometry (so the engine's radius gives the same repr, 8304275.000000001 included), another i
 * than seed 42. */
START_TEST(test_run_without_seed_uses_hashed_seed) {
    static const struct {
        double r_in, r_out, TM_K, mass_total;
        int64_t seed;
    } rows[] = {{1.0, 2.7, 4000.0, 1e-7, 1456123860}, {2.2, 2.7, 2500.0, 1e-5, 896793769}};
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
        md_params p;
        md_error err;
        run_small_case(&p, 2);
        p.disk.geometry.r_in_RM = rows[k].r_in;
        p.disk.geometry.r_out_RM = rows[k].r_out;
        p.radiation.TM_K = rows[k].TM_K;
        p.initial.mass_total = rows[k].mass_total;
        p.dynamics.i_mode = MD_PARAMS_I_MODE_OBS_TILT_SPREAD;
        p.dynamics.obs_tilt_deg = 30.0;
        p.dynamics.i_spread_deg = 20.0;
        p.dynamics.has_rng_seed = false;
        ck_assert_msg(md_run_validate(&p, &err) == MD_OK, "%s", err.msg);
        double i_hashed, i_explicit, i_42;
        ck_assert_msg(sampled_i(&p, &i_hashed, &err) == MD_OK, "row %zu: %s", k, err.msg);
        p.dynamics.has_rng_seed = true;
        p.dynamics.rng_seed = rows[k].seed;
        ck_assert_msg(sampled_i(&p, &i_explicit, &err) == MD_OK, "row %zu: %s", k, err.msg);
        p.dynamics.rng_seed = 42;
        ck_assert_msg(sampled_i(&p, &i_42, &err) == MD_OK, "row %zu: %s", k, err.msg);
        ck_assert(i_hashed >= 10.0 * MD_PI / 180.0 && i_hashed <= 50.0 * MD_PI / 180.0);
        ck_assert_msg(i_hashed == i_explicit, "row %zu", k);
        ck_assert_msg(i_hashed != i_42, "row %zu", k);
    }
}
END_TEST

/* run_zero_d also seeds numpy's legacy generator (np.random.seed), which refuses seeds outside
 * [0, 2^32 - 1] before the first step. */
START_TEST(test_seed_range) {
    static const struct {
        int64_t seed;
        md_status expect;
    } rows[] = {
        {-1, MD_ERR_CONFIG}, {0, MD_OK}, {4294967295LL, MD_OK}, {4294967296LL, MD_ERR_CONFIG}};
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
        md_params p;
        md_error err;
        run_small_case(&p, 1);
        p.dynamics.has_rng_seed = true;
        p.dynamics.rng_seed = rows[k].seed;
        md_status st = md_run_validate(&p, &err);
        ck_assert_msg(st == rows[k].expect, "row %zu: %s", k, md_status_str(st));
        if (st != MD_OK) {
            ck_assert_ptr_nonnull(strstr(err.msg, "dynamics.rng_seed"));
        }
    }
}
END_TEST

int main(void) {
    Suite *suite = suite_create("seed");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_float_repr);
    tcase_add_test(tc, test_disk_basis_and_seed);
    tcase_add_test(tc, test_geometry_basis);
    tcase_add_test(tc, test_run_without_seed_uses_hashed_seed);
    tcase_add_test(tc, test_seed_range);
    suite_add_tcase(suite, tc);
    return md_test_run_suite(suite);
}
