/* Tests of the per-rank workspace (md_workspace.h): allocation only on size changes (spec 00
 * "Parallel behaviour"), PSD mass cache keyed on the size-grid version (spec 10 §1.3). */
#include <check.h>
#include <math.h>

#include "md_alloc.h"
#include "md_test_support.h"
#include "md_workspace.h"

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

int main(void) {
    Suite *suite = suite_create("workspace");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_alloc_count_independent_of_steps);
    tcase_add_test(tc, test_psd_cache_invalidation);
    suite_add_tcase(suite, tc);
    return md_test_run_suite(suite);
}
