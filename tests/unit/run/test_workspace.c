/* Tests of the per-rank workspace (md_workspace.h): allocation only on size changes (spec 00
 * "Parallel behaviour"), PSD mass cache keyed on the size-grid version (spec 10 §1.3), the
 * kernel form's plan (md_kernel_plan). */
#include <check.h>
#include <math.h>
#include <string.h>

#include "md_alloc.h"
#include "md_collide0d.h"
#include "md_constants.h"
#include "md_kernel.h"
#include "md_run.h"
#include "md_test_support.h"
#include "md_workspace.h"
#include "run_small_case.h"

/* Observer: the allocation count at the first and at the last sample (stride 1: steps 0 and
 * n - 1), so anything allocated inside the time loop shows as a difference. */
typedef struct alloc_probe {
    long first, last, samples;
} alloc_probe;

static md_status probe_sample(void *ctx, long sample, long step, const double *row, md_error *err) {
    (void)step;
    (void)row;
    (void)err;
    alloc_probe *pr = ctx;
    if (sample == 0) {
        pr->first = md_alloc_count();
    }
    pr->last = md_alloc_count();
    pr->samples++;
    return MD_OK;
}

/* Plan A (whole runs): a 100-step and a 10,000-step run make the same number of allocations,
 * none of them inside the time loop, and a second run on the same workspace makes none. */
START_TEST(test_run_allocations_independent_of_length) {
    const long lengths[2] = {100, 10000};
    long counts[2];
    for (int r = 0; r < 2; r++) {
        md_params p;
        run_small_case(&p, lengths[r]);
        md_error err;
        md_run_result res;
        alloc_probe pr = {0, 0, 0};
        md_observer obs = {&pr, probe_sample};
        long before = md_alloc_count();
        md_workspace *ws = md_workspace_create(&err);
        ck_assert_ptr_nonnull(ws);
        md_status st = md_run_zero_d(&p, 1, ws, &obs, &res, &err);
        ck_assert_msg(st == MD_OK, "run of %ld steps: %s", lengths[r], err.msg);
        ck_assert_int_eq(res.n_steps_done, lengths[r]);
        ck_assert_int_eq(pr.samples, lengths[r]);
        ck_assert_int_eq(pr.last, pr.first); /* nothing allocated inside the loop */
        counts[r] = md_alloc_count() - before;
        long again = md_alloc_count();
        st = md_run_zero_d(&p, 1, ws, &obs, &res, &err);
        ck_assert_msg(st == MD_OK, "second run: %s", err.msg);
        ck_assert_int_eq(md_alloc_count(), again); /* a reused workspace allocates nothing */
        md_workspace_free(&ws);
    }
    ck_assert_int_gt(counts[0], 0);
    ck_assert_int_eq(counts[0], counts[1]);
}
END_TEST

/* Plan A (workspace side): the allocations of a run's set-up do not depend on its length, and a
 * second run with the same n_bins allocates nothing. */
START_TEST(test_alloc_count_independent_of_steps) {
    md_error err;
    long counts[2];
    long lengths[2] = {100, 10000};
    for (int r = 0; r < 2; r++) {
        long before = md_alloc_count();
        md_workspace *ws = md_workspace_create(&err);
        ck_assert_ptr_nonnull(ws);
        ck_assert_int_eq(md_workspace_reserve(ws, 40, 0, 100, &err), MD_OK);
        ck_assert_int_eq(md_workspace_reserve(ws, 40, lengths[r], 100, &err), MD_OK);
        counts[r] = md_alloc_count() - before;
        long again = md_alloc_count();
        ck_assert_int_eq(md_workspace_reserve(ws, 40, lengths[r], 100, &err), MD_OK);
        ck_assert_int_eq(md_alloc_count(), again);
        md_workspace_free(&ws);
        ck_assert_ptr_null(ws);
    }
    ck_assert_int_eq(counts[0], counts[1]);
}
END_TEST

/* Plan B: the m_k cache is reused while the key is unchanged and rebuilt when the sizes' version,
 * their count or rho changes. */
START_TEST(test_psd_cache_invalidation) {
    md_error err;
    md_workspace *ws = md_workspace_create(&err);
    ck_assert_int_eq(md_workspace_reserve(ws, 3, 1, 1, &err), MD_OK);
    double s[3] = {1e-6, 2e-6, 4e-6};
    const double *m = md_workspace_psd_masses(ws, s, 3, 3000.0, 1);
    long rebuilds = md_workspace_psd_rebuilds(ws);
    ck_assert(md_test_rel_diff(m[1], 4.0 / 3.0 * 3.14159265358979323846 * 3000.0 * 8e-18) < 1e-14);
    md_workspace_psd_masses(ws, s, 3, 3000.0, 1);
    ck_assert_int_eq(md_workspace_psd_rebuilds(ws), rebuilds);
    s[1] = 3e-6; /* a changed grid comes with a new version */
    m = md_workspace_psd_masses(ws, s, 3, 3000.0, 2);
    ck_assert_int_eq(md_workspace_psd_rebuilds(ws), rebuilds + 1);
    ck_assert(md_test_rel_diff(m[1], 4.0 / 3.0 * 3.14159265358979323846 * 3000.0 * 27e-18) < 1e-14);
    md_workspace_psd_masses(ws, s, 3, 3300.0, 2);
    ck_assert_int_eq(md_workspace_psd_rebuilds(ws), rebuilds + 2);
    md_workspace_free(&ws);
}
END_TEST

static md_status ignore_sample(void *ctx, long sample, long step, const double *row,
                               md_error *err) {
    (void)ctx;
    (void)sample;
    (void)step;
    (void)row;
    (void)err;
    return MD_OK;
}

/* The temperature table cache: a key matches only itself, bit for bit, and nothing matches
 * after the arrays were reallocated or marked as being written. */
START_TEST(test_temperature_cache_keys) {
    md_error err;
    md_workspace *ws = md_workspace_create(&err);
    ck_assert_int_eq(md_workspace_reserve(ws, 3, 1, 10, &err), MD_OK);
    const md_temp_key k = {0, 4000.0, 2.5, 1.0, 86400.0, 10};
    ck_assert(!md_workspace_temp_cached(ws, &k));
    md_workspace_temp_set_key(ws, &k);
    ck_assert(md_workspace_temp_cached(ws, &k));
    md_temp_key other[6] = {k, k, k, k, k, k};
    other[0].model = 1;
    other[1].T0 = nextafter(4000.0, 5000.0);
    other[2].horizon_years = 2.6;
    other[3].dt_hours = 0.5;
    other[4].time_scale = 3600.0;
    other[5].n = 11;
    for (int i = 0; i < 6; i++)
        ck_assert_msg(!md_workspace_temp_cached(ws, &other[i]), "key %d", i);
    ck_assert_int_eq(md_workspace_reserve(ws, 3, 1, 10, &err), MD_OK); /* no reallocation */
    ck_assert(md_workspace_temp_cached(ws, &k));
    ck_assert_int_eq(md_workspace_reserve(ws, 3, 1, 11, &err), MD_OK); /* grown: new arrays */
    ck_assert(!md_workspace_temp_cached(ws, &k));
    md_workspace_temp_set_key(ws, &k);
    md_workspace_temp_set_key(ws, NULL);
    ck_assert(!md_workspace_temp_cached(ws, &k));
    md_workspace_free(&ws);
}
END_TEST

/* Runs on one workspace, reusing its table (4000 K after 4000 K) or not (3000 K after 4000 K,
 * 4000 K after 3000 K), give the very bits of runs on fresh workspaces. */
START_TEST(test_runs_reusing_the_temperature_table_are_bit_identical) {
    const double tm[4] = {4000.0, 4000.0, 3000.0, 4000.0};
    md_error err;
    md_workspace *shared = md_workspace_create(&err);
    md_observer obs = {NULL, ignore_sample};
    for (int r = 0; r < 4; r++) {
        md_params p;
        run_small_case(&p, 30);
        p.radiation.TM_K = tm[r];
        md_run_result a, b;
        md_workspace *fresh = md_workspace_create(&err);
        ck_assert_int_eq(md_run_zero_d(&p, 1, shared, &obs, &a, &err), MD_OK);
        double summary[MD_SUM_COUNT];
        memcpy(summary, a.summary, sizeof summary);
        ck_assert_int_eq(md_run_zero_d(&p, 1, fresh, &obs, &b, &err), MD_OK);
        ck_assert_msg(memcmp(summary, b.summary, sizeof summary) == 0, "run %d", r);
        md_workspace_free(&fresh);
    }
    md_workspace_free(&shared);
}
END_TEST

/* The collision kernel's two forms give runs of the same bits, and the plan (md_kernel_plan,
 * run at reserve) keeps the row form where the column form cannot run: n < 8 or no AVX-512F. A
 * reserve with the same bin count keeps the form. */
START_TEST(test_kernel_forms_give_the_same_run) {
    md_error err;
    md_observer obs = {NULL, ignore_sample};
    md_params p;
    run_small_case(&p, 30);
    md_workspace *ws = md_workspace_create(&err);
    ck_assert_int_eq(md_workspace_reserve(ws, p.sizes.n_bins, 0, 0, &err), MD_OK);
    md_collide0d_work *w = md_workspace_collide(ws);
    const int available = md_kernel_columns_available(p.sizes.n_bins);
    if (!available)
        ck_assert_int_eq(w->kernel_columns, 0);
    double summary[2][MD_SUM_COUNT];
    for (int form = 0; form < 2; form++) {
        w->kernel_columns = form && available;
        md_run_result res;
        ck_assert_int_eq(md_run_zero_d(&p, 1, ws, &obs, &res, &err), MD_OK);
        ck_assert_int_eq(md_workspace_collide(ws)->kernel_columns, form && available);
        memcpy(summary[form], res.summary, sizeof summary[form]);
    }
    ck_assert(memcmp(summary[0], summary[1], sizeof summary[0]) == 0);
    ck_assert_int_eq(md_workspace_reserve(ws, 7, 0, 0, &err), MD_OK);
    ck_assert_int_eq(md_workspace_collide(ws)->kernel_columns, 0);
    md_workspace_free(&ws);
}
END_TEST

/* Plan B (whole run): with surface sublimation every step moves the sizes (spec 10 S10); the
 * m_k cache must follow (rebuilt once per moved step, under a new size version) so the reported
 * masses are those of the final sizes, not of the initial grid. */
START_TEST(test_run_size_drift_refreshes_mass_cache) {
    md_params p;
    run_small_case(&p, 50);
    md_error err;
    md_run_result res;
    md_observer obs = {NULL, ignore_sample};
    md_workspace *ws = md_workspace_create(&err);
    ck_assert_ptr_nonnull(ws);
    /* the sizes of the fixed grid, from a run without sinks; before it, a run on another grid
     * (a cooler Mars: smaller a_blow, so a lower first edge) with the same n_bins and rho */
    p.sinks.mode = MD_PARAMS_SINKS_NONE;
    p.radiation.TM_K = 3000.0;
    ck_assert_int_eq(md_run_zero_d(&p, 1, ws, &obs, &res, &err), MD_OK);
    double other_s0 = res.psd_s[0];
    p.radiation.TM_K = 4000.0;
    ck_assert_int_eq(md_run_zero_d(&p, 1, ws, &obs, &res, &err), MD_OK);
    double grid[12];
    ck_assert_int_eq(res.n_bins, 12);
    ck_assert(res.psd_s[0] != other_s0);
    for (int k = 0; k < 12; k++) {
        grid[k] = res.psd_s[k];
        double m = 4.0 / 3.0 * MD_PI * p.material.rho * pow(grid[k], 3.0);
        ck_assert(md_test_rel_diff(res.psd_m[k], m) < 1e-14); /* not the previous grid's */
    }
    p.sinks.mode = MD_PARAMS_SINKS_SUBLIMATION;
    p.sinks.sublimation_location = MD_PARAMS_SUBLOC_SURFACE;
    p.sinks.sub_params.mass_conserving = false;
    long rebuilds = md_workspace_psd_rebuilds(ws);
    md_status st = md_run_zero_d(&p, 1, ws, &obs, &res, &err);
    ck_assert_msg(st == MD_OK, "%s", err.msg);
    ck_assert_int_eq(res.n_steps_done, 50);
    /* one rebuild for the new run's grid, then one per step that moved the sizes */
    ck_assert_int_eq(md_workspace_psd_rebuilds(ws), rebuilds + 1 + 50);
    int moved = 0;
    for (int k = 0; k < 12; k++) {
        double m = 4.0 / 3.0 * MD_PI * p.material.rho * pow(res.psd_s[k], 3.0);
        ck_assert(md_test_rel_diff(res.psd_m[k], m) < 1e-14);
        moved |= res.psd_s[k] < grid[k];
    }
    ck_assert(moved);
    ck_assert(res.summary[MD_SUM_M_LOSS_FROM_SUBLIMATION] > 0.0);
    md_workspace_free(&ws);
}
END_TEST

int main(void) {
    Suite *suite = suite_create("workspace");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_alloc_count_independent_of_steps);
    tcase_add_test(tc, test_run_allocations_independent_of_length);
    tcase_add_test(tc, test_run_size_drift_refreshes_mass_cache);
    tcase_add_test(tc, test_psd_cache_invalidation);
    tcase_add_test(tc, test_temperature_cache_keys);
    tcase_add_test(tc, test_runs_reusing_the_temperature_table_are_bit_identical);
    tcase_add_test(tc, test_kernel_forms_give_the_same_run);
    suite_add_tcase(suite, tc);
    return md_test_run_suite(suite);
}
