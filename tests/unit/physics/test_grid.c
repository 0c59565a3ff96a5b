/* md_grid against spec 20 §1.2 and the §9 grid. */
#include <check.h>
#include <math.h>
#include <string.h>
#include <stdio.h>

#include "md_constants.h"
#include "md_grid.h"
#include "spec20_vectors.h"

START_TEST(test_log_grid_matches_spec_vectors) {
    double edges[V_N + 1], s[V_N], width[V_N], m[V_N];
    md_error err;
    ck_assert_int_eq(md_grid_build_log(V_S_MIN, V_S_MAX, V_N, V_RHO, edges, s, width, m, &err),
                     MD_OK);
    /* edges may differ from numpy by an ulp of pow (spec 20 §7.3); everything else follows. */
    v_close_vec("edges", edges, v_edges, V_N + 1, V_TOL);
    v_close_vec("centres", s, v_s, V_N, V_TOL);
    v_close_vec("widths", width, v_width, V_N, V_TOL);
    v_close_vec("masses", m, v_m, V_N, V_TOL);
    printf("grid: max relative gap to spec 20 §9 = %.3g\n", v_max_gap);
}
END_TEST

START_TEST(test_grid_is_log_uniform_and_spans_bounds) {
    enum { n = 40 };
    double edges[n + 1], s[n], width[n];
    ck_assert_int_eq(md_grid_build_log(1e-7, 3.0, n, 3270.0, edges, s, width, NULL, NULL), MD_OK);
    ck_assert_double_le(md_test_rel_diff(edges[0], 1e-7), 4e-16);
    ck_assert_double_eq(edges[n], pow(10.0, log10(3.0)));
    const double ratio = pow(3.0 / 1e-7, 1.0 / n);
    for (int k = 0; k < n; ++k) {
        ck_assert_double_le(md_test_rel_diff(edges[k + 1] / edges[k], ratio), 1e-12);
        ck_assert(edges[k] < s[k] && s[k] < edges[k + 1]);
        ck_assert_double_gt(width[k], 0.0);
    }
}
END_TEST

START_TEST(test_masses_use_centres_and_pow) {
    const double s[2] = {1.0, 0.5};
    double m[2];
    md_grid_masses(s, 2, 3000.0, m);
    ck_assert_double_eq(m[0], ((4.0 / 3.0) * MD_PI) * 3000.0);
    ck_assert_double_eq(m[1], (((4.0 / 3.0) * MD_PI) * 3000.0) * 0.125);
}
END_TEST

START_TEST(test_bad_bounds_are_config_errors) {
    double edges[4];
    md_error err;
    md_error_clear(&err);
    ck_assert_int_eq(md_grid_log_edges(3.0, 1e-7, 3, edges, &err), MD_ERR_CONFIG);
    ck_assert_ptr_nonnull(strstr(err.msg, "s_min"));
    ck_assert_int_eq(md_grid_log_edges(1e-7, 1e-7, 3, edges, &err), MD_ERR_CONFIG);
    ck_assert_int_eq(md_grid_log_edges(1e-7, 3.0, 0, edges, &err), MD_ERR_CONFIG);
    ck_assert_ptr_nonnull(strstr(err.msg, "n_bins"));
    ck_assert_int_eq(md_grid_log_edges(0.0, 3.0, 3, edges, &err), MD_ERR_CONFIG);
    ck_assert_int_eq(md_grid_log_edges(1e-7, INFINITY, 3, edges, &err), MD_ERR_CONFIG);
}
END_TEST

START_TEST(test_bin_index_is_searchsorted_right) {
    /* e_k <= x < e_{k+1}; below the grid -> 0; at or above the top edge -> n-1 (spec 20 §5.1). */
    ck_assert_int_eq(md_grid_bin_index(v_edges, V_N, 1e-9), 0);
    ck_assert_int_eq(md_grid_bin_index(v_edges, V_N, v_edges[0]), 0);
    ck_assert_int_eq(md_grid_bin_index(v_edges, V_N, v_edges[1]), 1);
    ck_assert_int_eq(md_grid_bin_index(v_edges, V_N, nextafter(v_edges[1], 0.0)), 0);
    ck_assert_int_eq(md_grid_bin_index(v_edges, V_N, 1.784131866105367e-06), 0);
    ck_assert_int_eq(md_grid_bin_index(v_edges, V_N, 0.028093741841290522), 3);
    ck_assert_int_eq(md_grid_bin_index(v_edges, V_N, 3.0), 4);
    ck_assert_int_eq(md_grid_bin_index(v_edges, V_N, 1e9), 4);
    ck_assert_int_eq(md_grid_bin_index(v_edges, V_N, NAN), 4);
}
END_TEST

START_TEST(test_edges_from_centres_fallback) {
    double edges[V_N + 1];
    md_grid_edges_from_centres(v_s, v_width, V_N, edges);
    for (int k = 0; k < V_N; ++k) {
        const double left = v_s[k] - 0.5 * v_width[k];
        ck_assert_double_eq(edges[k], left < 0.0 ? 0.0 : left);
    }
    ck_assert_double_eq(edges[V_N], v_s[V_N - 1] + 0.5 * v_width[V_N - 1]);
    /* On a log grid the centre is below the arithmetic mid-point, so the fallback is not the true
     * grid and the lowest left edge clips at 0 (spec 20 §1.2). */
    ck_assert_double_eq(edges[0], 0.0);
}
END_TEST

static Suite *grid_suite(void) {
    Suite *s = suite_create("md_grid");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_log_grid_matches_spec_vectors);
    tcase_add_test(tc, test_grid_is_log_uniform_and_spans_bounds);
    tcase_add_test(tc, test_masses_use_centres_and_pow);
    tcase_add_test(tc, test_bad_bounds_are_config_errors);
    tcase_add_test(tc, test_bin_index_is_searchsorted_right);
    tcase_add_test(tc, test_edges_from_centres_fallback);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) {
    return md_test_run_suite(grid_suite());
}
