/* Radiation pressure: beta, s_blow, chi_blow, fast-blow-out factor, grain temperature
 * (spec 30 §13.2-13.4, §13.6) and the Q_pr interpolation rules on a small table (§2.1). The
 * vectors that need the forsterite table are in tests/unit/run/test_tables.c. */
#include <math.h>

#include "md_constants.h"
#include "md_radiation.h"
#include "md_test_support.h"

#define RHO 3270.0 /* material.rho of the targets (spec 30 §13) */
#define TOL 1e-12

static void assert_close(double got, double want, double tol, const char *what) {
    double d = md_test_rel_diff(got, want);
    ck_assert_msg(d <= tol, "%s: got %.17g want %.17g (rel %.3g)", what, got, want, d);
}

START_TEST(test_blowout_coeff) {
    /* spec 30 §13.2: C_b, the module constant of _numba_radiation */
    ck_assert_double_eq(md_radiation_blowout_coeff(), 7.610427244574456e-17);
}
END_TEST

START_TEST(test_beta_vectors) {
    /* spec 30 §13.2 (s, T_M, Q used, beta) and §13.4 start-up betas */
    static const double v[][4] = {
        {1e-7, 4000.0, 1.0612797706600738, 31.61557912953015},
        {1e-6, 2500.0, 1.1537024912021292, 0.5244271353675761},
        {5e-6, 4000.0, 0.6022470976098606, 0.35881944226962975},
        {1e-4, 4000.0, 0.44182325130971756, 0.013161937454400746},
        {1.5, 4000.0, 0.9999999999740954, 1.9860034399190536e-06},
        {1e-7, 2000.0, 1.123515014692963, 2.0918481412863112},
        {1e-7, 6000.0, 0.9149174564412221, 137.98065607339456},
    };
    for (size_t k = 0; k < sizeof v / sizeof v[0]; ++k)
        assert_close(md_radiation_beta(v[k][0], RHO, v[k][1], v[k][2]), v[k][3], TOL, "beta");
}
END_TEST

START_TEST(test_s_blow_numba_order) {
    /* spec 30 §13.3: a_blow = s_blow(Q at the last iterate), Numba order; exact bits */
    static const double v[][3] = {
        {4000.0, 0.6491451753721109, 3.867613653987798e-06},
        {4000.0, 0.6491244625128969, 3.867490246558846e-06},
        {2500.0, 1.1465437786153951, 1.042346140323006e-06},
        {2000.0, 1.123515014692963, 4.1836962825726226e-07},
        {6000.0, 0.4805152840746152, 1.4493507295795806e-05},
        {1000.0, 0.6970265338264101, 1.6222231569491775e-08},
    };
    for (size_t k = 0; k < sizeof v / sizeof v[0]; ++k)
        ck_assert_msg(md_radiation_s_blow(RHO, v[k][0], v[k][1]) == v[k][2],
                      "s_blow(T=%g): got %.17g want %.17g", v[k][0],
                      md_radiation_s_blow(RHO, v[k][0], v[k][1]), v[k][2]);
}
END_TEST

START_TEST(test_beta_at_blowout_is_half) {
    /* beta(s_blow(Q), Q) = 0.5 up to rounding: the identity behind the beta gate (§4.6) */
    for (double T = 1000.0; T <= 6500.0; T += 250.0) {
        double a = md_radiation_s_blow(RHO, T, 0.8);
        assert_close(md_radiation_beta(a, RHO, T, 0.8), 0.5, 4e-16, "beta(a_blow)");
    }
}
END_TEST

START_TEST(test_chi_blow_auto) {
    /* spec 30 §13.4 */
    static const double v[][3] = {
        {0.5, 1.0, 1.0},
        {0.5, 1.2, 1.2},
        {1.0, 1.0, 0.6666666666666666},
        {30.0, 0.9, 0.5},
        {0.25, 0.8, 1.0666666666666667},
        {0.0, 1.0, 1.0},
        {2.0918481412863112, 1.123515014692963, 0.5},
        {31.61557912953015, 1.0612797706600738, 0.5},
        {137.98065607339456, 0.9149174564412221, 0.5},
    };
    for (size_t k = 0; k < sizeof v / sizeof v[0]; ++k)
        ck_assert_double_eq(md_radiation_chi_blow_auto(v[k][0], v[k][1]), v[k][2]);
    ck_assert_double_eq(md_radiation_chi_blow_auto(NAN, -1.0), 1.0);
    ck_assert_double_eq(md_radiation_chi_blow_clamp(3.0), 2.0);
    ck_assert_double_eq(md_radiation_chi_blow_clamp(0.1), 0.5);
    ck_assert_double_eq(md_radiation_chi_blow_clamp(1.25), 1.25);
}
END_TEST

START_TEST(test_fast_blowout_factor) {
    /* spec 30 §13.6 */
    assert_close(md_radiation_fast_blowout_factor(0.1), 0.09516258196404043, TOL, "f(0.1)");
    assert_close(md_radiation_fast_blowout_factor(1.0), 0.6321205588285577, TOL, "f(1)");
    assert_close(md_radiation_fast_blowout_factor(3.0), 0.950212931632136, TOL, "f(3)");
    assert_close(md_radiation_fast_blowout_factor(10.0), 0.9999546000702375, TOL, "f(10)");
    ck_assert_double_eq(md_radiation_fast_blowout_factor(0.0), 0.0);
    ck_assert_double_eq(md_radiation_fast_blowout_factor(-2.0), 0.0);
    ck_assert_double_eq(md_radiation_fast_blowout_factor(INFINITY), 1.0);
}
END_TEST

START_TEST(test_grain_temperature) {
    /* spec 30 §13.6, T_d with <Q_abs> = 1 */
    static const double v[][3] = {
        {4000.0, 1.85, 2079.5009796401455}, {2500.0, 2.45, 1129.3848786315639},
        {2000.0, 1.85, 1039.7504898200727}, {6000.0, 1.85, 3119.2514694602182},
        {4000.0, 2.45, 1807.0158058105023},
    };
    md_error err;
    for (size_t k = 0; k < sizeof v / sizeof v[0]; ++k) {
        double T_d = 0.0;
        ck_assert_int_eq(
            md_radiation_grain_temperature(v[k][0], v[k][1] * MD_R_MARS, 1.0, &T_d, &err), MD_OK);
        assert_close(T_d, v[k][2], TOL, "T_d");
    }
    double T_d;
    ck_assert_int_eq(md_radiation_grain_temperature(999.0, 6e6, 1.0, &T_d, &err), MD_ERR_PHYSICS);
    ck_assert_int_eq(md_radiation_grain_temperature(2000.0, 0.0, 1.0, &T_d, &err), MD_ERR_PHYSICS);
    ck_assert_int_eq(md_radiation_check_temperature(6500.0, &err), MD_OK);
    ck_assert_int_eq(md_radiation_check_temperature(6500.5, &err), MD_ERR_PHYSICS);
    ck_assert_int_eq(md_radiation_check_temperature(NAN, &err), MD_ERR_PHYSICS);
}
END_TEST

/* 3 sizes x 2 temperatures: q = s-index + 10 T-index. */
static const double s_nodes[] = {1.0, 2.0, 4.0};
static const double T_nodes[] = {1000.0, 2000.0};
static const double q_nodes[] = {0.0, 1.0, 2.0, 10.0, 11.0, 12.0};
static const md_qpr_table small = {3, 2, s_nodes, T_nodes, q_nodes};

START_TEST(test_qpr_interpolation_rules) {
    /* spec 30 §2.1: clamping, linear in s and T, node values exact */
    ck_assert_double_eq(md_radiation_qpr(&small, 0.5, 500.0), 0.0);
    ck_assert_double_eq(md_radiation_qpr(&small, 9.0, 9000.0), 12.0);
    ck_assert_double_eq(md_radiation_qpr(&small, 2.0, 1000.0), 1.0);
    ck_assert_double_eq(md_radiation_qpr(&small, 3.0, 1000.0), 1.5);
    ck_assert_double_eq(md_radiation_qpr(&small, 1.5, 1500.0), 5.5);
    ck_assert_double_eq(md_radiation_qpr(&small, 4.0, 2000.0), 12.0);
}
END_TEST

START_TEST(test_blowout_iterate_counts_seven_lookups) {
    /* With a (nearly) constant Q the iteration ends at s_blow(Q) whatever the start, and the
     * returned a_blow is s_blow of the returned last Q (spec 30 §4.4). */
    static const double q1[] = {0.7, 0.7, 0.7, 0.7};
    static const double s2[] = {1e-9, 1.0};
    static const double T2[] = {1000.0, 7000.0};
    md_qpr_table flat = {2, 2, s2, T2, q1};
    md_radiation_blowout b = md_radiation_blowout_iterate(&flat, 1e-7, RHO, 4000.0);
    ck_assert_double_eq(b.a_blow, md_radiation_s_blow(RHO, 4000.0, b.q_last));
    assert_close(b.q_last, 0.7, 4e-16, "q_last");
}
END_TEST

START_TEST(test_blowout_iterate_is_the_plain_loop) {
    /* The iteration finds the temperature cell once and starts each size search from the last
     * cell: the result must be the plain loop of full look-ups, bit for bit, on a table whose
     * Q varies in both s and T (the iterates cross cells). */
    enum { NS = 24, NT = 5 };
    static double sv[NS], Tv[NT], qv[NS * NT];
    for (int i = 0; i < NS; ++i)
        sv[i] = 1e-8 * pow(1.6, i);
    for (int j = 0; j < NT; ++j)
        Tv[j] = 1000.0 + 1300.0 * j;
    for (int j = 0; j < NT; ++j)
        for (int i = 0; i < NS; ++i)
            qv[j * NS + i] = 0.2 + 0.8 * (1.0 - exp(-sv[i] / 3e-7)) * (1.0 + 0.05 * j);
    const md_qpr_table tab = {NS, NT, sv, Tv, qv};
    const double temps[] = {1000.0, 2345.6, 4000.0, 6199.0, 7000.0};
    const double starts[] = {1e-9, 1e-7, 3e-6, 1e-3};
    for (size_t t = 0; t < sizeof temps / sizeof temps[0]; ++t)
        for (size_t k = 0; k < sizeof starts / sizeof starts[0]; ++k) {
            double s = fmax(starts[k], MD_RADIATION_S_EVAL_MIN);
            for (int it = 0; it < MD_RADIATION_BLOW_ITERATIONS; ++it)
                s = fmax(md_radiation_s_blow(RHO, temps[t], md_radiation_qpr(&tab, s, temps[t])),
                         MD_RADIATION_S_EVAL_MIN);
            const double q_last = md_radiation_qpr(&tab, s, temps[t]);
            const md_radiation_blowout b =
                md_radiation_blowout_iterate(&tab, starts[k], RHO, temps[t]);
            ck_assert_msg(
                b.q_last == q_last && b.a_blow == md_radiation_s_blow(RHO, temps[t], q_last),
                "T %g, start %g: q %.17g vs %.17g", temps[t], starts[k], b.q_last, q_last);
        }
}
END_TEST

static Suite *radiation_suite(void) {
    Suite *s = suite_create("radiation");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_blowout_coeff);
    tcase_add_test(tc, test_beta_vectors);
    tcase_add_test(tc, test_s_blow_numba_order);
    tcase_add_test(tc, test_beta_at_blowout_is_half);
    tcase_add_test(tc, test_chi_blow_auto);
    tcase_add_test(tc, test_fast_blowout_factor);
    tcase_add_test(tc, test_grain_temperature);
    tcase_add_test(tc, test_qpr_interpolation_rules);
    tcase_add_test(tc, test_blowout_iterate_counts_seven_lookups);
    tcase_add_test(tc, test_blowout_iterate_is_the_plain_loop);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) {
    return md_test_run_suite(radiation_suite());
}
