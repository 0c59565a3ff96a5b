/* md_psd against spec 20 §2 (shapes, sanitising, kappa, conversions), the §9 examples and the
 * initial PSDs of the golden runs (../shared/golden/<case>/psd_initial.csv). */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "md_constants.h"
#include "md_grid.h"
#include "md_psd.h"
#include "spec20_vectors.h"

/* Scratch for md_psd_kappa ([2n]). */
static double kappa_work[2 * V_N];

static const md_psd_upper_params upper_base = {1.83, MD_PSD_ALPHA_SIZE, 0.0, 0.0};
static const md_psd_lognormal_mixture melt_base = {0.03, 1e-7, 1.5, 0.3, 1e-7};

/* ---- numpy-order sums ---- */

START_TEST(test_pairwise_sum_matches_numpy) {
    /* np.sum(1/(arange(n)+1)) from numpy 1.24; sequential summation differs for n >= 127. */
    static const struct {
        int n;
        double sum, dot;
    } cases[] = {
        {5, 2.283333333333333, 0.5952380952380952},   {20, 3.597739657143682, 0.7034632034632035},
        {127, 5.425334592589172, 0.7422177810077518}, {128, 5.433147092589173, 0.7422778771615979},
        {129, 5.440899030573669, 0.7423370522607162}, {300, 6.282663880299504, 0.7466832412928208},
        {1000, 7.485470860550345, 0.7490014975044914}};
    static double x[1000], y[1000];
    for (int k = 0; k < 1000; ++k) {
        x[k] = 1.0 / (k + 1.0);
        y[k] = 1.0 / (k + 3.0);
    }
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; ++c) {
        ck_assert_double_eq(md_psd_sum_pairwise(x, cases[c].n), cases[c].sum);
        ck_assert_double_eq(md_psd_dot_pairwise(x, y, cases[c].n), cases[c].dot);
    }
    ck_assert_double_eq(md_psd_sum_pairwise(x, 0), 0.0);
    const double negzero = -0.0;
    ck_assert(!signbit(md_psd_sum_pairwise(&negzero, 1))); /* reduction starts from +0.0 */
}
END_TEST

/* ---- §9 examples ---- */

START_TEST(test_example_B_upper_shape) {
    double edges[V_N + 1], s[V_N], width[V_N], m[V_N], number[V_N], work[V_N], N[V_N], scale;
    md_psd_init_params p = {MD_PSD_S0_UPPER, upper_base, melt_base, {3.5, 1e-4, 3.0, NAN}};
    p.upper.wavy_strength = 0.2;
    md_psd_init_report rep;
    md_error err;
    ck_assert_int_eq(
        md_psd_init(&p, V_S_MIN, V_S_MAX, V_N, V_RHO, edges, s, width, m, number, work, &rep, &err),
        MD_OK);
    ck_assert_int_eq(rep.sanitize_resets, 0);
    v_close_vec("number_B", number, vB_number, V_N, V_TOL);
    v_close("kappa_B", 0, md_psd_kappa(s, width, number, m, V_N, kappa_work), vB_kappa, V_TOL);
    ck_assert_int_eq(md_psd_to_number_density(width, number, m, V_N, 1.0, N, &scale),
                     MD_PSD_CONV_OK);
    v_close("scale_B", 0, scale, v_scale, V_TOL);
    v_close_vec("N_B", N, vB_N, V_N, V_TOL);
    printf("psd example B: max relative gap to spec 20 §9.2 = %.3g\n", v_max_gap);
}
END_TEST

START_TEST(test_example_A_melt_mixture) {
    double edges[V_N + 1], s[V_N], width[V_N], m[V_N], number[V_N], w[V_N], N[V_N], scale;
    md_error err;
    ck_assert_int_eq(md_grid_build_log(V_S_MIN, V_S_MAX, V_N, V_RHO, edges, s, width, m, &err),
                     MD_OK);
    md_psd_weights_lognormal_mixture(s, width, V_N, &melt_base, w);
    v_close_vec("w_A", w, vA_w, V_N, V_TOL);
    /* the whole initialisation as the driver runs it */
    const md_psd_init_params p = {
        MD_PSD_S0_MELT_LOGNORMAL_MIXTURE, upper_base, melt_base, {3.5, 1e-4, 3.0, NAN}};
    md_psd_init_report rep;
    ck_assert_int_eq(
        md_psd_init(&p, V_S_MIN, V_S_MAX, V_N, V_RHO, edges, s, width, m, number, w, &rep, &err),
        MD_OK);
    ck_assert_int_eq(rep.weights_outcome, MD_PSD_WEIGHTS_APPLIED);
    v_close_vec("number_A", number, vA_number, V_N, V_TOL);
    v_close("kappa_A", 0, md_psd_kappa(s, width, number, m, V_N, kappa_work), vA_kappa, V_TOL);
    ck_assert_int_eq(md_psd_to_number_density(width, number, m, V_N, 1.0, N, &scale),
                     MD_PSD_CONV_OK);
    v_close("scale_A", 0, scale, v_scale, V_TOL);
    v_close_vec("N_A", N, vA_N, V_N, V_TOL);
    /* back-conversion of the example's N_new with the same scale (spec 20 §2.4, §9.1) */
    double number_after[V_N], sigma_after, sigma_loss;
    md_psd_from_number_density(vA_N_new, v_width, v_m, V_N, v_scale, 1.0, number_after,
                               &sigma_after, &sigma_loss);
    v_close_vec("number_after_A", number_after, vA_number_after, V_N, V_TOL);
    v_close("sigma_after_A", 0, sigma_after, vA_sigma_after, V_TOL);
    /* Sigma_loss is 1 - Sigma_after: a cancellation, compared absolutely */
    ck_assert_double_le(fabs(sigma_loss - vA_sigma_loss), 1e-16);
    printf("psd example A: max relative gap to spec 20 §9.1 = %.3g\n", v_max_gap);
}
END_TEST

START_TEST(test_example_C_mono_top_bin_scale) {
    const double number[V_N] = {0, 0, 0, 0, 1};
    double N[V_N], scale;
    ck_assert_int_eq(md_psd_to_number_density(v_width, number, v_m, V_N, 1.0e4, N, &scale),
                     MD_PSD_CONV_OK);
    v_close("scale_C", 0, scale, vC_scale, V_TOL);
    v_close("N_C", 4, N[4], vC_N4, V_TOL);
    for (int k = 0; k < V_N - 1; ++k)
        ck_assert_double_eq(N[k], 0.0);
}
END_TEST

/* ---- invariants and guards ---- */

START_TEST(test_conversion_conserves_mass_and_round_trips) {
    enum { n = 40 };
    double edges[n + 1], s[n], width[n], m[n], number[n], work[n], N[n], back[n];
    const md_psd_init_params p = {
        MD_PSD_S0_MELT_LOGNORMAL_MIXTURE, upper_base, melt_base, {3.5, 1e-4, 3.0, NAN}};
    md_error err;
    ck_assert_int_eq(
        md_psd_init(&p, 3.9e-6, 3.0, n, V_RHO, edges, s, width, m, number, work, NULL, &err),
        MD_OK);
    /* after initialisation sum number s^3 width = 1, so scale = Sigma 3/(4 pi rho) */
    double w = 0.0;
    for (int k = 0; k < n; ++k)
        w += number[k] * pow(s[k], 3.0) * width[k];
    ck_assert_double_le(fabs(w - 1.0), 1e-14);
    const double sigmas[3] = {1e-6, 0.68, 1e4};
    for (int c = 0; c < 3; ++c) {
        double scale, after, loss;
        ck_assert_int_eq(md_psd_to_number_density(width, number, m, n, sigmas[c], N, &scale),
                         MD_PSD_CONV_OK);
        ck_assert_double_le(md_test_rel_diff(scale, sigmas[c] * 3.0 / (4.0 * MD_PI * V_RHO)),
                            1e-14);
        ck_assert_double_le(md_test_rel_diff(md_psd_dot_pairwise(m, N, n), sigmas[c]), 1e-14);
        md_psd_from_number_density(N, width, m, n, scale, sigmas[c], back, &after, &loss);
        ck_assert_double_le(md_test_rel_diff(after, sigmas[c]), 1e-14);
        ck_assert_double_le(loss, 1e-14 * sigmas[c]);
        for (int k = 0; k < n; ++k)
            ck_assert_double_le(md_test_rel_diff(back[k], number[k]), 1e-15);
    }
}
END_TEST

START_TEST(test_conversion_degenerate_inputs) {
    double N[V_N], number[V_N] = {1, 1, 1, 1, 1}, scale = -1.0, after, loss;
    ck_assert_int_eq(md_psd_to_number_density(v_width, number, v_m, V_N, 0.0, N, &scale),
                     MD_PSD_CONV_SIGMA_NONPOSITIVE);
    ck_assert_double_eq(scale, 0.0);
    ck_assert_int_eq(md_psd_to_number_density(v_width, number, v_m, V_N, NAN, N, &scale),
                     MD_PSD_CONV_SIGMA_NONPOSITIVE);
    for (int k = 0; k < V_N; ++k)
        number[k] = 0.0;
    ck_assert_int_eq(md_psd_to_number_density(v_width, number, v_m, V_N, 1.0, N, &scale),
                     MD_PSD_CONV_BAD_RAW_MASS);
    ck_assert_double_eq(scale, 0.0);
    for (int k = 0; k < V_N; ++k)
        ck_assert_double_eq(N[k], 0.0);
    /* scale 0: the shape cannot be recovered, Sigma_after still counts the particles */
    const double N_new[V_N] = {1, 0, 0, 0, 0};
    md_psd_from_number_density(N_new, v_width, v_m, V_N, 0.0, 0.0, number, &after, &loss);
    ck_assert_double_eq(after, v_m[0]);
    ck_assert_double_eq(loss, 0.0);
    for (int k = 0; k < V_N; ++k)
        ck_assert_double_eq(number[k], 0.0);
}
END_TEST

START_TEST(test_sanitize_clips_and_resets) {
    double number[V_N] = {NAN, -1.0, INFINITY, 1e300, 2.0};
    ck_assert_int_eq(md_psd_sanitize(v_s, v_width, V_N, 0, number), 0);
    ck_assert_double_eq(number[0], 0.0);
    ck_assert_double_eq(number[1], 0.0);
    ck_assert_double_eq(number[2], 0.0);
    ck_assert_double_eq(number[3], 1e200);
    ck_assert_double_eq(number[4], 2.0);
    /* normalise: sum number s^3 width = 1 */
    ck_assert_int_eq(md_psd_sanitize(v_s, v_width, V_N, 1, number), 0);
    double w = 0.0;
    for (int k = 0; k < V_N; ++k)
        w += number[k] * pow(v_s[k], 3.0) * v_width[k];
    ck_assert_double_le(fabs(w - 1.0), 1e-15);
    /* all-zero shape: reset to ones, then normalised, reported */
    double zero[V_N] = {0, -1, NAN, 0, 0};
    ck_assert_int_eq(md_psd_sanitize(v_s, v_width, V_N, 1, zero), 1);
    for (int k = 1; k < V_N; ++k)
        ck_assert_double_eq(zero[k], zero[0]);
    ck_assert_double_gt(zero[0], 0.0);
}
END_TEST

START_TEST(test_apply_mass_weights_outcomes) {
    double number[V_N] = {5, 4, 3, 2, 1};
    const double keep[V_N] = {5, 4, 3, 2, 1};
    const double zero_w[V_N] = {0, -1, NAN, 0, 0};
    ck_assert_int_eq(md_psd_apply_mass_weights(v_s, v_width, V_N, V_RHO, zero_w, number, NULL),
                     MD_PSD_WEIGHTS_ZERO_SUM);
    ck_assert_int_eq(md_psd_apply_mass_weights(v_s, v_width, V_N, 0.0, keep, number, NULL),
                     MD_PSD_WEIGHTS_BAD_INPUT);
    for (int k = 0; k < V_N; ++k)
        ck_assert_double_eq(number[k], keep[k]);
    /* mass weights become per-bin mass fractions: number m width proportional to w */
    const double w[V_N] = {1, 0, 2, 0, 1};
    ck_assert_int_eq(md_psd_apply_mass_weights(v_s, v_width, V_N, V_RHO, w, number, NULL),
                     MD_PSD_WEIGHTS_APPLIED);
    const double r0 = number[0] * v_m[0] * v_width[0];
    ck_assert_double_le(md_test_rel_diff(number[2] * v_m[2] * v_width[2], 2.0 * r0), 1e-14);
    ck_assert_double_le(md_test_rel_diff(number[4] * v_m[4] * v_width[4], r0), 1e-14);
    ck_assert_double_eq(number[1], 0.0);
}
END_TEST

START_TEST(test_lognormal_degenerate_parameters) {
    double w[V_N];
    md_psd_lognormal_mixture p = melt_base;
    p.width_dex = 0.0;
    md_psd_weights_lognormal_mixture(v_s, v_width, V_N, &p, w);
    for (int k = 0; k < V_N; ++k)
        ck_assert_double_eq(w[k], 0.0);
    /* bad fine centre: only the metre component (times 1 - f) remains; sums to 1 - f */
    p = melt_base;
    p.s_fine = -1.0;
    md_psd_weights_lognormal_mixture(v_s, v_width, V_N, &p, w);
    ck_assert_double_le(fabs(md_psd_sum_pairwise(w, V_N) - 0.97), 1e-15);
    /* s_cut above every bin: all zero */
    p = melt_base;
    p.s_cut = 10.0;
    md_psd_weights_lognormal_mixture(v_s, v_width, V_N, &p, w);
    for (int k = 0; k < V_N; ++k)
        ck_assert_double_eq(w[k], 0.0);
}
END_TEST

START_TEST(test_truncated_powerlaw_weights) {
    double w[V_N];
    const md_psd_truncated_powerlaw p = {3.5, 1e-4, 0.1, 1e-3};
    md_psd_weights_truncated_powerlaw(v_s, v_width, V_N, &p, w);
    ck_assert_double_eq(w[0], 0.0);
    ck_assert_double_eq(w[1], 0.0); /* 8.8e-5 m: below s_min_solid */
    ck_assert_double_eq(w[2], pow(v_s[2], -0.5) * v_width[2]);
    ck_assert_double_eq(w[3], pow(v_s[3], -0.5) * v_width[3]);
    ck_assert_double_eq(w[4], 0.0); /* above s_max_solid */
}
END_TEST

START_TEST(test_upper_shape_slopes_and_mass_mode) {
    /* three segments anchored at s_min (spec 20 §2.2); alpha_mode mass uses q0 = 3 alpha - 2 */
    double number[V_N];
    md_psd_shape_upper(v_s, V_N, V_S_MIN, V_S_MAX, &upper_base, number);
    ck_assert_double_eq(number[0], pow(v_s[0] / V_S_MIN, -1.83)); /* < 10 s_min */
    ck_assert_double_eq(number[2], pow(v_s[2] / V_S_MIN, -2.83)); /* < s_max/10 */
    ck_assert_double_eq(number[4], pow(v_s[4] / V_S_MIN, -3.33));
    md_psd_upper_params pm = upper_base;
    pm.alpha_mode = MD_PSD_ALPHA_MASS;
    md_psd_shape_upper(v_s, V_N, V_S_MIN, V_S_MAX, &pm, number);
    ck_assert_double_eq(number[0], pow(v_s[0] / V_S_MIN, -(3.0 * 1.83 - 2.0)));
}
END_TEST

START_TEST(test_kappa_is_scale_free_and_guards) {
    double number[V_N] = {3, 2, 1, 0.5, 0.25}, scaled[V_N];
    for (int k = 0; k < V_N; ++k)
        scaled[k] = number[k] * 1e150;
    double m[V_N];
    md_grid_masses(v_s, V_N, V_RHO, m);
    const double k1 = md_psd_kappa(v_s, v_width, number, m, V_N, kappa_work);
    ck_assert_double_le(
        md_test_rel_diff(md_psd_kappa(v_s, v_width, scaled, m, V_N, kappa_work), k1), 1e-15);
    /* one bin: kappa = 3/(4 rho s) */
    ck_assert_double_le(md_test_rel_diff(md_psd_kappa(v_s, v_width, number, m, 1, kappa_work),
                                         3.0 / (4.0 * V_RHO * v_s[0])),
                        1e-15);
    const double zero[V_N] = {0, 0, NAN, -1, 0};
    ck_assert_double_eq(md_psd_kappa(v_s, v_width, zero, m, V_N, kappa_work), 0.0);
    ck_assert_double_eq(md_psd_kappa(v_s, v_width, number, m, 0, kappa_work), 0.0);
}
END_TEST

START_TEST(test_mono_mode) {
    enum { n = 4 };
    double edges[n + 1], s[n], width[n], m[n], number[n], work[n];
    const md_psd_init_params p = {MD_PSD_S0_MONO, upper_base, melt_base, {3.5, 1e-4, 3.0, NAN}};
    md_error err;
    ck_assert_int_eq(
        md_psd_init(&p, 1e-6, 3.0, n, V_RHO, edges, s, width, m, number, work, NULL, &err), MD_OK);
    for (int k = 0; k < n; ++k) {
        ck_assert_double_eq(s[k], 1.5);
        ck_assert_double_eq(width[k], 1.0);
        ck_assert_double_eq(number[k], 1.0);
        ck_assert_double_eq(edges[k], (double)k);
        ck_assert_double_eq(m[k], (((4.0 / 3.0) * MD_PI) * V_RHO) * pow(1.5, 3.0));
    }
    ck_assert_double_eq(edges[n], (double)n);
    md_psd_init_params bad = p;
    bad.mode = (md_psd_s0_mode)9;
    ck_assert_int_eq(
        md_psd_init(&bad, 1e-6, 3.0, n, V_RHO, edges, s, width, m, number, work, NULL, &err),
        MD_ERR_CONFIG);
}
END_TEST

/* ---- uniform size drift (spec 20 §1.5) ---- */

/* A normalised upper shape on the §9 grid. */
static void drift_state(double *s, double *number) {
    memcpy(s, v_s, sizeof v_s);
    md_psd_shape_upper(s, V_N, V_S_MIN, V_S_MAX, &upper_base, number);
    md_psd_sanitize(s, v_width, V_N, 1, number);
}

START_TEST(test_drift_noop_cases) {
    double s[V_N], number[V_N], work[2 * V_N];
    md_psd_drift_result r;
    drift_state(s, number);
    number[1] = -1.0; /* an early return does not even sanitise */
    md_psd_apply_uniform_size_drift(s, v_width, v_edges, V_N, number, 0.0, 10.0, V_S_MIN, 2.0, work,
                                    &r);
    ck_assert_double_eq(number[1], -1.0);
    ck_assert_int_eq(r.moved, 0);
    ck_assert_double_eq(r.sigma_new, 2.0);
    ck_assert_double_eq(r.mass_ratio, 1.0);
    md_psd_apply_uniform_size_drift(s, v_width, v_edges, V_N, number, -1e-9, 0.0, V_S_MIN, 2.0,
                                    work, &r);
    ck_assert_int_eq(r.moved, 0);
    /* all counts within 1e-8 of zero (np.allclose): the PSD is kept */
    double tiny[V_N] = {1e-20, 1e-20, 1e-20, 1e-20, 1e-20};
    md_psd_apply_uniform_size_drift(s, v_width, v_edges, V_N, tiny, -1e-9, 1.0, V_S_MIN, 2.0, work,
                                    &r);
    ck_assert_int_eq(r.rebin_zeroed, 1);
    ck_assert_int_eq(r.moved, 0);
    ck_assert_double_eq(r.sigma_new, 2.0);
}
END_TEST

START_TEST(test_drift_small_shift_stays_in_bins) {
    double s[V_N], number[V_N], old_number[V_N], work[2 * V_N];
    md_psd_drift_result r;
    drift_state(s, number);
    memcpy(old_number, number, sizeof number);
    const double ds_dt = -1e-9, dt = 1e-3; /* ds = -1e-12 m: nobody leaves its bin */
    md_psd_apply_uniform_size_drift(s, v_width, v_edges, V_N, number, ds_dt, dt, V_S_MIN, 2.0, work,
                                    &r);
    ck_assert_int_eq(r.moved, 1);
    ck_assert_double_eq(r.ds_step, ds_dt * dt);
    double old_w = 0.0, new_w = 0.0;
    for (int k = 0; k < V_N; ++k) {
        ck_assert_double_le(md_test_rel_diff(s[k], v_s[k] + ds_dt * dt), 1e-15);
        old_w += old_number[k] * pow(v_s[k], 3.0) * v_width[k];
        new_w += old_number[k] * pow(s[k], 3.0) * v_width[k];
    }
    ck_assert_double_eq(r.s_min_new, s[0]);
    ck_assert_double_le(md_test_rel_diff(r.mass_ratio, new_w / old_w), 1e-14);
    ck_assert_double_lt(r.mass_ratio, 1.0);
    ck_assert_double_le(md_test_rel_diff(r.sigma_new, 2.0 * r.mass_ratio), 1e-15);
    ck_assert_double_le(md_test_rel_diff(r.delta_sigma, 2.0 - r.sigma_new), 1e-12);
    /* the stored shape is renormalised (sum number s^3 width = 1) */
    double w = 0.0;
    for (int k = 0; k < V_N; ++k)
        w += number[k] * pow(s[k], 3.0) * v_width[k];
    ck_assert_double_le(fabs(w - 1.0), 1e-14);
}
END_TEST

START_TEST(test_drift_rebins_counts_and_clips_at_floor) {
    double s[V_N], number[V_N], work[2 * V_N];
    md_psd_drift_result r;
    /* bin 2 (1.7e-3 m) shrinks below e_2 = 3.9e-4 m and merges into bin 1 */
    drift_state(s, number);
    double c[V_N];
    for (int k = 0; k < V_N; ++k)
        c[k] = number[k] * v_width[k];
    const double ds = -(v_s[2] - 2.0e-4);
    md_psd_apply_uniform_size_drift(s, v_width, v_edges, V_N, number, ds, 1.0, V_S_MIN, 1.0, work,
                                    &r);
    ck_assert_int_eq(r.moved, 1);
    /* bin 1 fell below the floor into bin 0 with bin 0; bin 2 is empty and keeps its centre;
     * counts are conserved up to the common normalisation (compare ratios to bin 3) */
    ck_assert_double_eq(number[2], 0.0);
    ck_assert_double_eq(s[2], v_s[2]);
    ck_assert_double_le(md_test_rel_diff(s[1], 2.0e-4), 1e-12);
    ck_assert_double_eq(s[0], V_S_MIN);
    const double c3 = number[3] * v_width[3];
    ck_assert_double_le(md_test_rel_diff(number[1] * v_width[1] / c3, c[2] / c[3]), 1e-14);
    ck_assert_double_le(md_test_rel_diff(number[0] * v_width[0] / c3, (c[0] + c[1]) / c[3]), 1e-14);
    /* everything pushed below the floor lands in bin 0 at the floor size */
    drift_state(s, number);
    md_psd_apply_uniform_size_drift(s, v_width, v_edges, V_N, number, -10.0, 1.0, V_S_MIN, 1.0,
                                    work, &r);
    ck_assert_int_eq(r.moved, 1);
    ck_assert_double_eq(s[0], V_S_MIN);
    ck_assert_double_eq(r.s_min_new, V_S_MIN);
    for (int k = 1; k < V_N; ++k) {
        ck_assert_double_eq(number[k], 0.0);
        ck_assert_double_eq(s[k], fmax(v_s[k], V_S_MIN));
    }
}
END_TEST

/* ---- golden initial PSDs ---- */

enum { G_MAX = 64 };

typedef struct golden_psd {
    int n;
    double s[G_MAX], width[G_MAX], lo[G_MAX], hi[G_MAX], number[G_MAX], m[G_MAX], N[G_MAX];
    double sigma, scale;
} golden_psd;

/* Reads <case>/psd_initial.csv and the Sigma_surf/scale of its .meta.json; fails the test with a
 * clear message when ../shared is absent. */
static void read_golden(const char *name, golden_psd *g) {
    char rel[256], path[1024], line[2048];
    snprintf(rel, sizeof rel, "golden/%s/psd_initial.csv", name);
    ck_assert_msg(md_test_shared_path(path, sizeof path, rel) == 0,
                  "reference file %s missing (set MD_SHARED_DIR to the shared/ folder)", rel);
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    ck_assert_ptr_nonnull(fgets(line, sizeof line, f)); /* header */
    g->n = 0;
    while (fgets(line, sizeof line, f) && g->n < G_MAX) {
        int idx;
        double sig;
        const int got =
            sscanf(line, "%d,%lf,%lf,%lf,%lf,%lf,%lf,%lf,%lf", &idx, &g->s[g->n], &g->width[g->n],
                   &g->lo[g->n], &g->hi[g->n], &g->number[g->n], &g->m[g->n], &g->N[g->n], &sig);
        ck_assert_int_eq(got, 9);
        ck_assert_int_eq(idx, g->n);
        g->n++;
    }
    fclose(f);
    snprintf(rel, sizeof rel, "golden/%s/psd_initial.meta.json", name);
    ck_assert_msg(md_test_shared_path(path, sizeof path, rel) == 0, "reference file %s missing",
                  rel);
    f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    static char text[8192];
    const size_t len = fread(text, 1, sizeof text - 1, f);
    text[len] = '\0';
    fclose(f);
    const char *p = strstr(text, "\"sigma_surf_kg_m2\":");
    const char *q = strstr(text, "\"scale_to_sigma\":");
    ck_assert(p && q);
    g->sigma = strtod(strchr(p, ':') + 1, NULL);
    g->scale = strtod(strchr(q, ':') + 1, NULL);
}

/* Rebuilds the initial PSD of a golden case from its grid bounds (edge_lo[0] stands in for
 * s_min_eff = max(s_min, a_blow), which the radiation module computes) and compares. Edges may
 * differ from numpy's vectorised pow by an ulp (spec 20 §7.3). With sizes_drifted the case ran
 * the surface size drift (spec 20 §1.5) before its first Smol call, which moves centres, masses
 * and the shape but never edges or widths: only those are compared. */
static void check_golden(const char *name, const md_psd_init_params *p, int sizes_drifted) {
    golden_psd g;
    read_golden(name, &g);
    const int n = g.n;
    double edges[G_MAX + 1], s[G_MAX], width[G_MAX], m[G_MAX], number[G_MAX], work[G_MAX];
    double N[G_MAX], scale;
    md_error err;
    ck_assert_int_eq(md_psd_init(p, g.lo[0], g.hi[n - 1], n, V_RHO, edges, s, width, m, number,
                                 work, NULL, &err),
                     MD_OK);
    v_max_gap = 0.0;
    for (int k = 0; k < n; ++k) {
        v_close("edge_lo", k, edges[k], g.lo[k], V_TOL);
        v_close("edge_hi", k, edges[k + 1], g.hi[k], V_TOL);
    }
    v_close_vec("width", width, g.width, n, V_TOL);
    if (sizes_drifted) {
        printf("psd golden %s (grid only): max relative gap = %.3g\n", name, v_max_gap);
        return;
    }
    v_close_vec("s", s, g.s, n, V_TOL);
    v_close_vec("m", m, g.m, n, V_TOL);
    v_close_vec("number", number, g.number, n, V_TOL);
    ck_assert_int_eq(md_psd_to_number_density(width, number, m, n, g.sigma, N, &scale),
                     MD_PSD_CONV_OK);
    v_close("scale", 0, scale, g.scale, V_TOL);
    v_close_vec("N", N, g.N, n, V_TOL);
    printf("psd golden %s: max relative gap = %.3g\n", name, v_max_gap);
}

START_TEST(test_golden_base_melt_mixture) {
    const md_psd_init_params p = {
        MD_PSD_S0_MELT_LOGNORMAL_MIXTURE, upper_base, melt_base, {3.5, 1e-4, 3.0, NAN}};
    check_golden("c01_T4000_eps1_tau1", &p, 0);
    check_golden("c11_T4000_nbins20", &p, 0);
}
END_TEST

START_TEST(test_golden_sweep_melt_mixture_floor_none) {
    const md_psd_init_params p = {MD_PSD_S0_MELT_LOGNORMAL_MIXTURE,
                                  upper_base,
                                  {0.25, 1e-4, 1.5, 0.3, 1e-6},
                                  {3.5, 1e-4, 3.0, NAN}};
    check_golden("d01_sweep_T3000", &p, 0);
}
END_TEST

START_TEST(test_golden_upper_shapes) {
    md_psd_init_params p = {MD_PSD_S0_UPPER, upper_base, melt_base, {3.5, 1e-4, 3.0, NAN}};
    check_golden("d12_sweep_T4000_cascade_smax1e-4", &p, 0);
    p.upper.wavy_strength = 0.2;
    check_golden("c18_mars_0d_baseline", &p, 1);
}
END_TEST

static Suite *psd_suite(void) {
    Suite *s = suite_create("md_psd");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_pairwise_sum_matches_numpy);
    tcase_add_test(tc, test_example_B_upper_shape);
    tcase_add_test(tc, test_example_A_melt_mixture);
    tcase_add_test(tc, test_example_C_mono_top_bin_scale);
    tcase_add_test(tc, test_conversion_conserves_mass_and_round_trips);
    tcase_add_test(tc, test_conversion_degenerate_inputs);
    tcase_add_test(tc, test_sanitize_clips_and_resets);
    tcase_add_test(tc, test_apply_mass_weights_outcomes);
    tcase_add_test(tc, test_lognormal_degenerate_parameters);
    tcase_add_test(tc, test_truncated_powerlaw_weights);
    tcase_add_test(tc, test_upper_shape_slopes_and_mass_mode);
    tcase_add_test(tc, test_kappa_is_scale_free_and_guards);
    tcase_add_test(tc, test_mono_mode);
    tcase_add_test(tc, test_drift_noop_cases);
    tcase_add_test(tc, test_drift_small_shift_stays_in_bins);
    tcase_add_test(tc, test_drift_rebins_counts_and_clips_at_floor);
    suite_add_tcase(s, tc);
    TCase *tg = tcase_create("golden");
    tcase_add_test(tg, test_golden_base_melt_mixture);
    tcase_add_test(tg, test_golden_sweep_melt_mixture_floor_none);
    tcase_add_test(tg, test_golden_upper_shapes);
    suite_add_tcase(s, tg);
    return s;
}

int main(void) {
    md_test_require_shared();
    return md_test_run_suite(psd_suite());
}
