/* Shielding modes, Phi look-ups and the numpy interp rule (spec 30 §2.2, §2.6, §5); the phi.csv
 * vectors of §13.8 are in tests/unit/run/test_tables.c. */
#include <math.h>
#include <string.h>

#include "md_interp.h"
#include "md_shielding.h"
#include "md_test_support.h"

static const double tau_n[] = {0.0, 1.0, 2.0};
static const double phi_n[] = {1.0, 0.5, 0.25};
static const md_phi_tau_table phi_tab = {3, tau_n, phi_n};

START_TEST(test_numpy_interp_rule) {
    static const double x[] = {0.0, 1.0, 3.0};
    static const double y[] = {2.0, 4.0, -2.0};
    ck_assert_double_eq(md_interp_linear(3, x, y, -1.0), 2.0);
    ck_assert_double_eq(md_interp_linear(3, x, y, 5.0), -2.0);
    ck_assert_double_eq(md_interp_linear(3, x, y, 1.0), 4.0);
    ck_assert_double_eq(md_interp_linear(3, x, y, 3.0), -2.0);
    ck_assert_double_eq(md_interp_linear(3, x, y, 2.0), 1.0);
    /* slope * (v - x_j) + y_j, not (1 - w) y_j + w y_j+1 */
    ck_assert_double_eq(md_interp_linear(3, x, y, 0.1), (4.0 - 2.0) / (1.0 - 0.0) * 0.1 + 2.0);
    ck_assert_double_eq(md_interp_linear(1, x, y, 7.0), 2.0);
    ck_assert_int_eq(md_interp_searchsorted_left(3, x, 1.0), 1);
    ck_assert_int_eq(md_interp_cell(3, x, 1.0), 0); /* interior node -> lower cell */
    ck_assert_int_eq(md_interp_cell(3, x, 9.0), 1);
}
END_TEST

START_TEST(test_cell_near_is_the_search) {
    /* The guessed cell is taken only when it is the one the search finds: every hint (also out
     * of range) and values at, between and beyond the nodes (a repeated node too), and NaN. */
    static const double x[] = {1.0, 2.0, 2.0, 3.5, 7.0, 7.25};
    const int n = 6;
    const double v[] = {0.5, 1.0, 1.5, 2.0, 2.5, 3.5, 5.0, 7.0, 7.1, 7.25, 9.0, NAN};
    for (size_t a = 0; a < sizeof v / sizeof v[0]; ++a)
        for (int hint = -2; hint <= n; ++hint)
            ck_assert_msg(md_interp_cell_near(n, x, v[a], hint) == md_interp_cell(n, x, v[a]),
                          "v = %g, hint %d", v[a], hint);
}
END_TEST

START_TEST(test_linear_near_is_the_search) {
    /* numpy.interp from a guessed interval: the same value, bit for bit, for every guess (also
     * out of range) and values at, between and beyond the nodes and NaN; the interval written
     * back is the one the value lies in. */
    static const double x[] = {0.0, 1.0, 2.5, 4.0, 8.0};
    static const double y[] = {3.0, 1.0, 1.0, -2.0, 5.0};
    const long n = 5;
    const double v[] = {-1.0, 0.0, 0.5, 1.0, 2.0, 2.5, 3.9, 4.0, 7.0, 8.0, 9.0, NAN};
    for (size_t a = 0; a < sizeof v / sizeof v[0]; ++a) {
        const double want = md_interp_linear(n, x, y, v[a]);
        for (long hint = -2; hint <= n; ++hint) {
            long cell = hint;
            const double got = md_interp_linear_near(n, x, y, v[a], &cell);
            ck_assert_msg(memcmp(&got, &want, sizeof got) == 0, "v = %g, hint %ld: %g vs %g", v[a],
                          hint, got, want);
            if (v[a] >= x[0] && v[a] < x[n - 1])
                ck_assert(x[cell] <= v[a] && v[a] < x[cell + 1]);
        }
    }
}
END_TEST

START_TEST(test_phi_tau_and_analytic_fallback) {
    ck_assert_double_eq(md_shielding_phi_tau(&phi_tab, 0.5), 0.75);
    ck_assert_double_eq(md_shielding_phi_tau(&phi_tab, 9.0), 0.25);
    static const double one_t[] = {0.0};
    static const double one_p[] = {1.7};
    const md_phi_tau_table one = {1, one_t, one_p};
    ck_assert_double_eq(md_shielding_phi_tau(&one, 3.0), 1.0); /* clipped constant */
    /* _approx_phi: exp(-tau max(0, 1 - w0)) (1 - g), clipped */
    ck_assert_double_eq(md_shielding_phi_grid_clamped(NULL, 1.0, 0.0, 0.0), exp(-1.0));
    ck_assert_double_eq(md_shielding_phi_grid_clamped(NULL, 1.0, 0.5, 0.2), exp(-0.5) * 0.8);
}
END_TEST

START_TEST(test_modes) {
    md_error err;
    md_shielding_result r;
    md_shielding_config cfg = {MD_SHIELDING_OFF, &phi_tab, NULL, NAN, NAN, 1.0};
    /* off: Phi discarded, kappa_eff = kappa_surf, Sigma_tau1 = 1/kappa */
    ck_assert_int_eq(md_shielding_step(&cfg, 2.0, 0.25, 1, &r, &err), MD_OK);
    ck_assert_double_eq(r.tau_los, 0.5);
    ck_assert_double_eq(r.kappa_eff, 2.0);
    ck_assert_double_eq(r.sigma_tau1, 0.5);
    ck_assert_double_eq(r.phi, 1.0);
    ck_assert_int_eq(md_shielding_step(&cfg, 0.0, 0.25, 1, &r, &err), MD_OK);
    ck_assert(isinf(r.sigma_tau1) && isnan(r.phi));
    /* psitau with a Phi(tau) function, f_los = 2 */
    cfg.mode = MD_SHIELDING_PSITAU;
    cfg.los_factor = 2.0;
    ck_assert_int_eq(md_shielding_step(&cfg, 2.0, 0.125, 1, &r, &err), MD_OK);
    ck_assert_double_eq(r.tau_los, 0.5);
    ck_assert_double_eq(r.kappa_eff, 1.5);
    ck_assert_double_eq(r.sigma_tau1, 1.0 / 1.5);
    ck_assert_double_eq(r.phi, 0.75);
    ck_assert_int_eq(md_shielding_step(&cfg, -1.0, 0.125, 1, &r, &err), MD_ERR_PHYSICS);
    /* collisions inactive: no shielding, Sigma_tau1 undefined */
    ck_assert_int_eq(md_shielding_step(&cfg, 2.0, 0.125, 0, &r, &err), MD_OK);
    ck_assert_double_eq(r.kappa_eff, 2.0);
    ck_assert(isnan(r.sigma_tau1));
    ck_assert_double_eq(r.tau_los, 0.5);
    /* fixed_tau1 with tau = 1: kappa_eff = Phi(1) kappa, Sigma_tau1 = tau / kappa_eff */
    cfg.mode = MD_SHIELDING_FIXED_TAU1;
    cfg.tau_fixed = 1.0;
    cfg.los_factor = 1.0;
    ck_assert_int_eq(md_shielding_step(&cfg, 2.0, 5.0, 1, &r, &err), MD_OK);
    ck_assert_double_eq(r.tau_los, 1.0);
    ck_assert_double_eq(r.kappa_eff, 1.0);
    ck_assert_double_eq(r.sigma_tau1, 1.0);
    cfg.sigma_tau1_fixed = 7.0;
    ck_assert_int_eq(md_shielding_step(&cfg, 2.0, 5.0, 1, &r, &err), MD_OK);
    ck_assert_double_eq(r.sigma_tau1, 7.0);
}
END_TEST

START_TEST(test_los_and_sigma_helpers) {
    ck_assert_double_eq(md_shielding_los_factor(1, 1.0, 1.0), 1.0);
    ck_assert_double_eq(md_shielding_los_factor(1, 0.5, 1.0), 2.0);
    ck_assert_double_eq(md_shielding_los_factor(1, 2.0, 1.0), 1.0);
    ck_assert_double_eq(md_shielding_los_factor(1, 0.0, 3.0), 3.0); /* `or 1.0` */
    ck_assert_double_eq(md_shielding_los_factor(1, -1.0, 3.0), 1.0);
    ck_assert_double_eq(md_shielding_los_factor(0, 0.5, 1.0), 1.0);
    ck_assert(isinf(md_shielding_sigma_tau1(0.0)));
    ck_assert_double_eq(md_shielding_sigma_tau1(4.0), 0.25);
    ck_assert_double_eq(md_shielding_sigma_tau1_auto(1.0, 2.0, 1.0, 0, 5.0, 0.05), 0.5);
    ck_assert_double_eq(md_shielding_sigma_tau1_auto(1.0, 2.0, 1.0, 1, 5.0, 0.05), 5.0 * 1.05);
}
END_TEST

static Suite *shielding_suite(void) {
    Suite *s = suite_create("shielding");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_numpy_interp_rule);
    tcase_add_test(tc, test_cell_near_is_the_search);
    tcase_add_test(tc, test_linear_near_is_the_search);
    tcase_add_test(tc, test_phi_tau_and_analytic_fallback);
    tcase_add_test(tc, test_modes);
    tcase_add_test(tc, test_los_and_sigma_helpers);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) {
    return md_test_run_suite(shielding_suite());
}
