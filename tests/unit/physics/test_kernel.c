/* md_kernel against spec 20 §3 and the §9 examples (orbit, v_rel, H, C_ij, L_i, t_coll). */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "md_constants.h"
#include "md_kernel.h"
#include "spec20_vectors.h"

static md_kernel_dynamics base_dynamics(void) {
    md_kernel_dynamics d;
    memset(&d, 0, sizeof d);
    d.ei_mode = MD_KERNEL_EI_CONFIG;
    d.H_mode = MD_KERNEL_H_IA;
    d.v_rel_mode = MD_KERNEL_VREL_PERICENTER;
    d.e0 = v_e; /* the e profile has overwritten e0 (spec 20 §3.1) */
    d.i0 = 0.05;
    d.H_factor = 1.0;
    d.H_fixed_over_a = NAN;
    d.f_wake = 2.0;
    return d;
}

START_TEST(test_orbit_quantities_match_spec) {
    double omega, v_rel;
    md_error err;
    ck_assert_int_eq(md_kernel_omega_kepler(V_R, &omega, &err), MD_OK);
    v_close("Omega", 0, omega, v_omega, V_TOL);
    v_close("v_K", 0, V_R * omega, v_vk, V_TOL);
    const md_kernel_dynamics d = base_dynamics();
    md_kernel_ei ei;
    ck_assert_int_eq(md_kernel_ei_state(&d, 0.0, V_R, V_R * omega, &d.e0, &d.i0, &ei, &err), MD_OK);
    ck_assert_double_eq(ei.e_used, v_e);
    ck_assert_double_eq(ei.i_used, 0.05);
    v_close("H", 0, ei.H, v_H, V_TOL);
    ck_assert_int_eq(md_kernel_v_rel(&d, ei.e_used, ei.i_used, V_R * omega, &v_rel, &err), MD_OK);
    v_close("v_rel", 0, v_rel, v_vrel, V_TOL);
    printf("kernel orbit: max relative gap to spec 20 §9 = %.3g\n", v_max_gap);
}
END_TEST

START_TEST(test_orbit_guards) {
    double x;
    md_error err;
    ck_assert_int_eq(md_kernel_omega_kepler(0.0, &x, &err), MD_ERR_PHYSICS);
    ck_assert_int_eq(md_kernel_omega_kepler(NAN, &x, &err), MD_ERR_PHYSICS);
    ck_assert_int_eq(md_kernel_v_rel_pericenter(1.0, 1.0, &x, &err), MD_ERR_PHYSICS);
    ck_assert_ptr_nonnull(strstr(err.msg, "eccentricity"));
    ck_assert_int_eq(md_kernel_v_rel_pericenter(0.1, -1.0, &x, &err), MD_ERR_PHYSICS);
    /* 1 - e floored at 1e-8 */
    ck_assert_int_eq(md_kernel_v_rel_pericenter(1.0 - 1e-12, 1.0, &x, &err), MD_OK);
    ck_assert_double_le(md_test_rel_diff(x, sqrt((2.0 - 1e-12) / 1e-8)), 1e-15);
    ck_assert_int_eq(md_kernel_v_rel_pericenter(0.0, 2.0, &x, &err), MD_OK);
    ck_assert_double_eq(x, 2.0);
}
END_TEST

START_TEST(test_ohtsuki_and_fixed_H_modes) {
    md_kernel_dynamics d = base_dynamics();
    double v;
    md_error err;
    d.v_rel_mode = MD_KERNEL_VREL_OHTSUKI;
    ck_assert_int_eq(md_kernel_v_rel(&d, 0.4, 0.3, 10.0, &v, &err), MD_OK);
    ck_assert_double_le(md_test_rel_diff(v, 10.0 * sqrt(1.25 * 0.16 + 0.09)), 1e-15);
    md_kernel_ei ei;
    d.H_mode = MD_KERNEL_H_FIXED;
    ck_assert_int_eq(md_kernel_ei_state(&d, 0.0, V_R, 1.0, NULL, NULL, &ei, &err), MD_ERR_CONFIG);
    ck_assert_ptr_nonnull(strstr(err.msg, "H_fixed_over_a"));
    d.H_fixed_over_a = 0.02;
    ck_assert_int_eq(md_kernel_ei_state(&d, 0.0, V_R, 1.0, NULL, NULL, &ei, &err), MD_OK);
    ck_assert_double_eq(ei.H, 0.02 * V_R);
    /* H floored at 1e-12 m */
    d.H_mode = MD_KERNEL_H_IA;
    d.i0 = 0.0;
    ck_assert_int_eq(md_kernel_ei_state(&d, 0.0, V_R, 1.0, NULL, NULL, &ei, &err), MD_OK);
    ck_assert_double_eq(ei.H, 1e-12);
}
END_TEST

START_TEST(test_wyatt_eq_mode) {
    md_kernel_dynamics d = base_dynamics();
    d.ei_mode = MD_KERNEL_EI_WYATT_EQ;
    d.e0 = 0.1;
    md_kernel_ei ei;
    md_error err;
    /* c = sqrt(f_wake tau/(1 - 0.25)) is reached by the damped iteration */
    const double tau = 0.3, vk = 3000.0;
    ck_assert_int_eq(md_kernel_ei_state(&d, tau, V_R, vk, NULL, NULL, &ei, &err), MD_OK);
    ck_assert_double_le(fabs(ei.e_base - sqrt(2.0 * tau / 0.75)), 2e-6);
    ck_assert_double_eq(ei.i_base, 0.5 * ei.e_base);
    ck_assert_double_eq(ei.e_used, ei.e_base);
    /* f_wake < 1: the solver fails and e0 is used (floored at 1e-8) */
    d.f_wake = 0.5;
    ck_assert_int_eq(md_kernel_ei_state(&d, tau, V_R, vk, NULL, NULL, &ei, &err), MD_OK);
    ck_assert_double_le(md_test_rel_diff(ei.e_base, 0.1), 1e-15);
}
END_TEST

START_TEST(test_supply_blend_inherit_is_identity) {
    /* spec 20 §3.1: with `inherit` the rms blend returns e_base, i_base: exactly at w = 0 and
     * w = 1, and to rounding (sqrt of a convex combination of two equal squares) in between. */
    const double e_cfg[2] = {1.0 - MD_R_MARS / (1.85 * MD_R_MARS),
                             1.0 - MD_R_MARS / (2.45 * MD_R_MARS)};
    for (int c = 0; c < 2; ++c) {
        for (int k = 0; k <= 1000; ++k) {
            const double w = k == 1000 ? 1.0 : md_kernel_supply_weight(k * 1e-3, 1.0, 0);
            double es, is, ee, ie;
            md_kernel_supply_ei(MD_KERNEL_SUPPLY_VEL_INHERIT, e_cfg[c], 0.05, NAN, NAN, 1.0, &es,
                                &is);
            md_kernel_blend_ei(e_cfg[c], 0.05, es, is, w, MD_KERNEL_BLEND_RMS, &ee, &ie);
            ck_assert_double_le(md_test_rel_diff(ee, e_cfg[c]), 2.3e-16);
            ck_assert_double_le(md_test_rel_diff(ie, 0.05), 2.3e-16);
            if (k == 0 || k == 1000) {
                ck_assert_double_eq(ee, e_cfg[c]);
                ck_assert_double_eq(ie, 0.05);
            }
        }
    }
    ck_assert_double_eq(md_kernel_supply_weight(1.0, 3.0, MD_KERNEL_SUPPLY_WEIGHT_DELTA_SIGMA),
                        1.0 / (4.0 + 1e-30));
    ck_assert_double_eq(md_kernel_supply_weight(1.0, 0.0, MD_KERNEL_SUPPLY_WEIGHT_SIGMA_RATIO),
                        1.0 / 1e-30);
    double es, is, ee, ie;
    md_kernel_supply_ei(MD_KERNEL_SUPPLY_VEL_FACTOR, 0.2, 0.1, NAN, NAN, 0.0, &es, &is);
    ck_assert_double_eq(es, 0.2); /* factor 0 -> 1 */
    md_kernel_supply_ei(MD_KERNEL_SUPPLY_VEL_FIXED_EI, 0.2, 0.1, 0.4, NAN, 1.0, &es, &is);
    ck_assert_double_eq(es, 0.4);
    ck_assert_double_eq(is, 0.1);
    md_kernel_blend_ei(0.2, 0.1, 0.4, 0.3, 2.0, MD_KERNEL_BLEND_LINEAR, &ee, &ie); /* w -> 1 */
    ck_assert_double_eq(ee, 0.4);
    ck_assert_double_eq(ie, 0.3);
}
END_TEST

static void example_kernel(const double *N, double *C, double *L) {
    double H[V_N];
    md_error err;
    md_kernel_fill_H(v_H, V_N, H);
    ck_assert_int_eq(md_kernel_collision(N, v_s, H, V_N, v_vrel, C, L, &err), MD_OK);
}

START_TEST(test_kernel_example_A) {
    double C[V_N * V_N], L[V_N];
    example_kernel(vA_N, C, L);
    for (int i = 0; i < V_N; ++i) /* the upper triangle: the kernel stores no more */
        v_close_vec("C_A row", &C[i * V_N + i], &vA_C[i][i], V_N - i, V_TOL);
    v_close_vec("L_A", L, vA_L, V_N, V_TOL);
    v_close("t_coll_A", 0, md_kernel_t_coll_min(C, vA_N, V_N), vA_tcoll, V_TOL);
    printf("kernel example A: max relative gap to spec 20 §9.1 = %.3g\n", v_max_gap);
}
END_TEST

START_TEST(test_kernel_example_B) {
    double C[V_N * V_N], L[V_N];
    example_kernel(vB_N, C, L);
    v_close_vec("L_B", L, vB_L, V_N, V_TOL);
    v_close("t_coll_B", 0, md_kernel_t_coll_min(C, vB_N, V_N), vB_tcoll, V_TOL);
    printf("kernel example B: max relative gap to spec 20 §9.2 = %.3g\n", v_max_gap);
}
END_TEST

START_TEST(test_kernel_example_C_mono_top_bin) {
    const double N[V_N] = {0, 0, 0, 0, vC_N4};
    double C[V_N * V_N], L[V_N];
    example_kernel(N, C, L);
    for (int i = 0; i < V_N; ++i)
        for (int j = i; j < V_N; ++j)
            if (i * V_N + j != V_N * V_N - 1)
                ck_assert_double_eq(C[i * V_N + j], 0.0);
    v_close("C_44", 0, C[V_N * V_N - 1], vC_C44, V_TOL);
    for (int k = 0; k < V_N - 1; ++k)
        ck_assert_double_eq(L[k], 0.0); /* empty bins have no loss coefficient */
    v_close("L_4", 4, L[4], vC_L4, V_TOL);
    v_close("t_coll_C", 0, md_kernel_t_coll_min(C, N, V_N), vC_tcoll, V_TOL);
    printf("kernel example C: max relative gap to spec 20 §9.3 = %.3g\n", v_max_gap);
}
END_TEST

START_TEST(test_kernel_invariants) {
    /* non-negativity, halved diagonal, L independent of N_i (spec 20 §3.2); the symmetry is
     * the kernel's by construction (only i <= j is stored) */
    enum { n = 12 };
    double N[n], s[n], H[n], C[n * n], L[n];
    md_error err;
    for (int k = 0; k < n; ++k) {
        s[k] = 1e-6 * pow(3.3, k);
        N[k] = 1e12 * pow(0.21, k) * (1.0 + 0.1 * (k % 3));
        H[k] = 1e4 * (1.0 + 0.05 * k);
    }
    ck_assert_int_eq(md_kernel_collision(N, s, H, n, 1234.5, C, L, &err), MD_OK);
    for (int i = 0; i < n; ++i) {
        for (int j = i; j < n; ++j)
            ck_assert_double_ge(C[i * n + j], 0.0);
        const double full = N[i] * N[i] * MD_PI * 4.0 * s[i] * s[i] * 1234.5 /
                            (sqrt(2.0 * MD_PI) * sqrt(2.0) * H[i]);
        ck_assert_double_le(md_test_rel_diff(C[i * n + i], 0.5 * full), 1e-14);
    }
    /* L_i = sum_j N_j pi (s_i+s_j)^2 v / (sqrt(2 pi) H_ij): the "+ C_ii" restores the halved
     * diagonal, so L_i does not carry N_i as a factor */
    for (int i = 0; i < n; ++i) {
        double want = 0.0;
        for (int j = 0; j < n; ++j)
            want += N[j] * MD_PI * (s[i] + s[j]) * (s[i] + s[j]) * 1234.5 /
                    (sqrt(2.0 * MD_PI) * sqrt(H[i] * H[i] + H[j] * H[j]));
        ck_assert_double_le(md_test_rel_diff(L[i], want), 1e-13);
    }
    /* t_coll = 1/max L (pairwise vs sequential row sums differ by rounding only) */
    double Lmax = 0.0;
    for (int k = 0; k < n; ++k)
        Lmax = L[k] > Lmax ? L[k] : Lmax;
    ck_assert_double_le(md_test_rel_diff(md_kernel_t_coll_min(C, N, n), 1.0 / Lmax), 1e-14);
    /* zero kernel -> infinite collision time */
    for (int k = 0; k < n; ++k)
        N[k] = 0.0;
    ck_assert_int_eq(md_kernel_collision(N, s, H, n, 1234.5, C, L, &err), MD_OK);
    ck_assert(isinf(md_kernel_t_coll_min(C, N, n)));
    for (int k = 0; k < n; ++k)
        ck_assert_double_eq(L[k], 0.0);
}
END_TEST

START_TEST(test_kernel_jit_order_bitwise) {
    /* spec 20 §7.2: every C_ij is the element formula of §3.2 in the JIT operation order and every
     * L_i the sequential sum of the full symmetric row, bit for bit, whatever shortcuts the loops
     * take (the upper triangle only, one denominator for a uniform H, two lanes, L built in the
     * kernel's pass with each row's column part handed on by the rows above). n = 13 is odd. */
    enum { n = 13 };
    double N[n], s[n], H[n], C[n * n], L[n];
    md_error err;
    const double v = 1234.5, coeff = MD_PI / sqrt(2.0 * MD_PI);
    for (int uniform = 0; uniform < 2; ++uniform) {
        for (int k = 0; k < n; ++k) {
            s[k] = 1e-6 * pow(2.7, k);
            N[k] = 1e12 * pow(0.3, k) * (1.0 + 0.1 * (k % 3));
            H[k] = uniform ? 313528.75 : 1e4 * (1.0 + 0.05 * k);
        }
        for (int k = 0; k < n * n; ++k)
            C[k] = NAN; /* the lower triangle must be neither written nor read */
        ck_assert_int_eq(md_kernel_collision(N, s, H, n, v, C, L, &err), MD_OK);
        for (int i = 0; i < n; ++i) {
            for (int j = 0; j < n; ++j) {
                if (j < i) {
                    ck_assert(isnan(C[i * n + j]));
                    continue;
                }
                const double s_sum = s[i] + s[j];
                const double denom = sqrt(H[i] * H[i] + H[j] * H[j]);
                double want =
                    N[i] * N[j] * (s_sum * s_sum) * v * coeff / (denom > 1e-30 ? denom : 1e-30);
                if (i == j)
                    want *= 0.5;
                ck_assert_msg(C[i * n + j] == want, "C_%d%d = %.17g, want %.17g", i, j,
                              C[i * n + j], want);
            }
            /* L_i: the plain sequential sum of the full symmetric row, plus C_ii, over N_i */
            double acc = 0.0;
            for (int j = 0; j < n; ++j)
                acc += j < i ? C[j * n + i] : C[i * n + j];
            acc += C[i * n + i];
            ck_assert_msg(L[i] == acc / N[i], "L_%d = %.17g, want %.17g", i, L[i], acc / N[i]);
        }
    }
}
END_TEST

START_TEST(test_kernel_columns_same_bits) {
    /* md_kernel_collision_columns must give md_kernel_collision's C (upper triangle) and L bit for
     * bit: n below, at and around multiples of the 8 lanes (the last block overlaps the one
     * before), bins with N = 0 (L = 0) and N spanning 60 decades; in the column form the lower
     * triangle is the mirror. H varying or n < 8: the row form itself, lower triangle untouched. */
    enum { n_max = 41 };
    static const int sizes[] = {1, 7, 8, 9, 13, 16, 17, 24, 40, 41};
    double N[n_max], s[n_max], H[n_max], C_rows[n_max * n_max], C_cols[n_max * n_max];
    double L_rows[n_max], L_cols[n_max];
    md_error err;
    if (!md_kernel_columns_available(8))
        printf("kernel columns: no AVX-512F on this CPU; the column form is the row form here\n");
    for (size_t t = 0; t < sizeof sizes / sizeof sizes[0]; ++t) {
        const int n = sizes[t];
        for (int uniform = 0; uniform < 2; ++uniform) {
            for (int k = 0; k < n; ++k) {
                s[k] = 1e-7 * pow(1.6, k);
                N[k] = k % 5 == 3 ? 0.0 : 1e30 * pow(0.03, k) * (1.0 + 0.1 * (k % 3));
                H[k] = uniform ? 2.5e3 : 2.5e3 * (1.0 + 0.01 * k);
            }
            for (int k = 0; k < n * n; ++k)
                C_rows[k] = C_cols[k] = NAN;
            ck_assert_int_eq(md_kernel_collision(N, s, H, n, 321.0, C_rows, L_rows, &err), MD_OK);
            ck_assert_int_eq(md_kernel_collision_columns(N, s, H, n, 321.0, C_cols, L_cols, &err),
                             MD_OK);
            const int columns = uniform && md_kernel_columns_available(n);
            for (int i = 0; i < n; ++i) {
                ck_assert_msg(memcmp(&L_rows[i], &L_cols[i], sizeof(double)) == 0,
                              "n %d uniform %d: L_%d %.17g vs %.17g", n, uniform, i, L_rows[i],
                              L_cols[i]);
                for (int j = 0; j < n; ++j) {
                    const double want = j >= i    ? C_rows[i * n + j]
                                        : columns ? C_rows[j * n + i]
                                                  : NAN;
                    const double got = C_cols[i * n + j];
                    ck_assert_msg(
                        memcmp(&want, &got, sizeof want) == 0 || (isnan(want) && isnan(got)),
                        "n %d uniform %d: C_%d%d %.17g, want %.17g", n, uniform, i, j, got, want);
                }
            }
        }
    }
    /* the same refusals, with the same words */
    N[2] = -1.0;
    ck_assert_int_eq(md_kernel_collision_columns(N, s, H, 16, 1.0, C_cols, L_cols, &err),
                     MD_ERR_PHYSICS);
    ck_assert_ptr_nonnull(strstr(err.msg, "bin 2"));
    N[2] = 1.0;
    ck_assert_int_eq(md_kernel_collision_columns(N, s, H, 16, NAN, C_cols, L_cols, &err),
                     MD_ERR_PHYSICS);
}
END_TEST

START_TEST(test_kernel_guards) {
    double N[2] = {1.0, 1.0}, s[2] = {1.0, 2.0}, H[2] = {1.0, 1.0}, C[4], L[2];
    md_error err;
    ck_assert_int_eq(md_kernel_collision(N, s, H, 2, -1.0, C, L, &err), MD_ERR_PHYSICS);
    ck_assert_int_eq(md_kernel_collision(N, s, H, 2, INFINITY, C, L, &err), MD_ERR_PHYSICS);
    N[1] = -1.0;
    ck_assert_int_eq(md_kernel_collision(N, s, H, 2, 1.0, C, L, &err), MD_ERR_PHYSICS);
    ck_assert_ptr_nonnull(strstr(err.msg, "bin 1"));
    N[1] = 1.0;
    s[0] = 0.0;
    ck_assert_int_eq(md_kernel_collision(N, s, H, 2, 1.0, C, L, &err), MD_ERR_PHYSICS);
    s[0] = 1.0;
    H[1] = 0.0;
    ck_assert_int_eq(md_kernel_collision(N, s, H, 2, 1.0, C, L, &err), MD_ERR_PHYSICS);
    ck_assert(isinf(md_kernel_t_coll_min(C, N, 0)));
}
END_TEST

static Suite *kernel_suite(void) {
    Suite *s = suite_create("md_kernel");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_orbit_quantities_match_spec);
    tcase_add_test(tc, test_orbit_guards);
    tcase_add_test(tc, test_ohtsuki_and_fixed_H_modes);
    tcase_add_test(tc, test_wyatt_eq_mode);
    tcase_add_test(tc, test_supply_blend_inherit_is_identity);
    tcase_add_test(tc, test_kernel_example_A);
    tcase_add_test(tc, test_kernel_example_B);
    tcase_add_test(tc, test_kernel_example_C_mono_top_bin);
    tcase_add_test(tc, test_kernel_invariants);
    tcase_add_test(tc, test_kernel_jit_order_bitwise);
    tcase_add_test(tc, test_kernel_columns_same_bits);
    tcase_add_test(tc, test_kernel_guards);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) {
    return md_test_run_suite(kernel_suite());
}
