/* Supply rate: mu_orbit10pct derivation and mixing (spec 30 §7, §13.10). */
#include <math.h>

#include "md_supply.h"
#include "md_test_support.h"

#define TOL 1e-12

static void assert_close(double got, double want, double tol, const char *what) {
    double d = md_test_rel_diff(got, want);
    ck_assert_msg(d <= tol, "%s: got %.17g want %.17g (rel %.3g)", what, got, want, d);
}

START_TEST(test_mu_orbit_vectors) {
    md_error err;
    const double t_orb = 15075.39336014622; /* 1.85 R_M (spec 30 §13.1) */
    double sigma_ref, rate;
    ck_assert_int_eq(md_supply_sigma_ref(1.0, 1.0, 0.00015290519877675843, 1.0, &sigma_ref, &err),
                     MD_OK);
    ck_assert_double_eq(sigma_ref, 6539.999999999999);
    ck_assert_int_eq(md_supply_rate_from_mu(1.0, 0.05, sigma_ref, t_orb, 1.0, &rate, &err), MD_OK);
    assert_close(rate, 0.02169097629415544, TOL, "rate eps=1");
    md_supply_params p = {1, MD_SUPPLY_CONST, rate, NAN, 0.0, -1.0, 1.0};
    md_supply_rates r;
    md_supply_evaluate(&p, 100.0, &r);
    assert_close(r.rate, 0.02169097629415544, TOL, "applied eps=1");
    ck_assert_int_eq(md_supply_rate_from_mu(1.0, 0.05, sigma_ref, t_orb, 0.1, &rate, &err), MD_OK);
    assert_close(rate, 0.2169097629415544, TOL, "rate eps=0.1");
    p.prod_area_rate = rate;
    p.epsilon_mix = 0.1;
    md_supply_evaluate(&p, 100.0, &r);
    assert_close(r.raw, 0.2169097629415544, TOL, "raw eps=0.1");
    assert_close(r.rate, 0.02169097629415544, TOL, "applied eps=0.1");
    assert_close(r.mixed, 0.02169097629415544, TOL, "nominal eps=0.1");
    /* the stored sweep run: kappa 0.4518089446447655 -> Sigma_ref, rate exactly */
    ck_assert_int_eq(md_supply_sigma_ref(1.0, 1.0, 0.4518089446447655, 1.0, &sigma_ref, &err),
                     MD_OK);
    ck_assert_double_eq(sigma_ref, 2.213324928275268);
    ck_assert_int_eq(md_supply_rate_from_mu(1.0, 0.05, sigma_ref, t_orb, 1.0, &rate, &err), MD_OK);
    ck_assert_double_eq(rate, 7.340852989370357e-06);
}
END_TEST

START_TEST(test_guards_and_gates) {
    md_error err;
    double v;
    ck_assert_int_eq(md_supply_sigma_ref(0.0, 1.0, 1.0, 1.0, &v, &err), MD_ERR_CONFIG);
    ck_assert_int_eq(md_supply_sigma_ref(1.0, 1.0, 0.0, 1.0, &v, &err), MD_ERR_CONFIG);
    ck_assert_int_eq(md_supply_rate_from_mu(1.0, 0.05, 1.0, 1.0, 0.0, &v, &err), MD_ERR_CONFIG);
    ck_assert_int_eq(md_supply_rate_from_mu(1.0, 0.0, 1.0, 1.0, 1.0, &v, &err), MD_ERR_CONFIG);
    ck_assert_int_eq(md_supply_rate_from_mu(1.0, 0.05, INFINITY, 1.0, 1.0, &v, &err),
                     MD_ERR_CONFIG);
    /* spec 30 §7.4: no supply in step 0, in vapour, or when liquid-dominated */
    ck_assert(!md_supply_allowed(0, 1, 0));
    ck_assert(md_supply_allowed(1, 1, 0));
    ck_assert(!md_supply_allowed(5, 0, 0));
    ck_assert(!md_supply_allowed(5, 1, 1));
    md_supply_params off = {0, MD_SUPPLY_CONST, 1.0, NAN, 0.0, -1.0, 1.0};
    md_supply_rates r;
    md_supply_evaluate(&off, 10.0, &r);
    ck_assert(r.raw == 0.0 && r.mixed == 0.0 && r.rate == 0.0);
    /* power law: A ((t - t0) + 1e-12)^index from t0 on */
    md_supply_params pl = {1, MD_SUPPLY_POWERLAW, 0.0, 2.0, 10.0, -1.0, 0.5};
    md_supply_evaluate(&pl, 5.0, &r);
    ck_assert_double_eq(r.raw, 0.0);
    md_supply_evaluate(&pl, 20.0, &r);
    ck_assert_double_eq(r.raw, 2.0 * pow(10.0 + 1e-12, -1.0));
    ck_assert_double_eq(r.rate, r.raw * 0.5);
    ck_assert_double_eq(md_supply_rate_from_tfill(10.0, 2.0, 0.5), 10.0 / (2.0 * 31557600.0 * 0.5));
}
END_TEST

static Suite *supply_suite(void) {
    Suite *s = suite_create("supply");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_mu_orbit_vectors);
    tcase_add_test(tc, test_guards_and_gates);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) {
    return md_test_run_suite(supply_suite());
}
