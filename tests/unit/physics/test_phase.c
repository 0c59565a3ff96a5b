/* Threshold phase decision and particle temperature (spec 30 §8, §13.6, §13.9). */
#include <math.h>

#include "md_constants.h"
#include "md_phase.h"
#include "md_test_support.h"

START_TEST(test_threshold_vectors) {
    const md_phase_thresholds th = {2162.0, 2163.0, 1.0, 1.0};
    /* spec 30 §13.9: T, tau, f_vap, vapor? (P = 0 Pa) */
    static const double v[][4] = {
        {2000.0, 0.5, 0.0, 0},  {2162.0, 0.5, 0.0, 0}, {2162.5, 0.0, 0.5, 1},
        {2162.5, 1.0, 0.25, 0}, {2163.0, 5.0, 1.0, 1}, {3000.0, 0.0, 1.0, 1},
    };
    md_error err;
    for (size_t k = 0; k < sizeof v / sizeof v[0]; ++k) {
        md_phase_result r;
        ck_assert_int_eq(md_phase_evaluate(&th, v[k][0], 0.0, v[k][1], &r, &err), MD_OK);
        ck_assert_double_eq(r.f_vap, v[k][2]);
        ck_assert_int_eq(r.state, v[k][3] ? MD_PHASE_VAPOR : MD_PHASE_SOLID);
        ck_assert_double_eq(r.f_liquid, v[k][2]);
        ck_assert_double_eq(r.f_solid, 1.0 - v[k][2]);
    }
}
END_TEST

START_TEST(test_bulk_states_and_pressure) {
    const md_phase_thresholds th = {1700.0, 2000.0, 1.0, 1.0};
    md_error err;
    md_phase_result r;
    ck_assert_int_eq(md_phase_evaluate(&th, 2100.0, NAN, NAN, &r, &err), MD_OK);
    ck_assert_int_eq(r.bulk, MD_PHASE_BULK_LIQUID_DOMINATED);
    ck_assert_str_eq(md_phase_bulk_name(r.bulk), "liquid_dominated");
    ck_assert_int_eq(md_phase_evaluate(&th, 1850.0, NAN, NAN, &r, &err), MD_OK);
    ck_assert_double_eq(r.f_vap, 0.5);
    ck_assert_int_eq(r.bulk, MD_PHASE_BULK_MIXED);
    ck_assert_str_eq(md_phase_state_name(r.state), "vapor");
    /* 1 bar = 1e5 Pa halves the ramp at P_ref_bar = 1 */
    ck_assert_int_eq(md_phase_evaluate(&th, 1850.0, 1e5, NAN, &r, &err), MD_OK);
    ck_assert_double_eq(r.f_vap, 0.25);
    ck_assert_int_eq(r.state, MD_PHASE_SOLID);
    /* negative tau is clamped to 0 */
    ck_assert_int_eq(md_phase_evaluate(&th, 1850.0, NAN, -3.0, &r, &err), MD_OK);
    ck_assert_double_eq(r.f_vap, 0.5);
    ck_assert_int_eq(md_phase_evaluate(&th, -1.0, NAN, NAN, &r, &err), MD_ERR_PHYSICS);
    md_phase_disabled(&r);
    ck_assert_int_eq(r.state, MD_PHASE_SOLID);
    ck_assert_int_eq(r.bulk, MD_PHASE_BULK_SOLID_DOMINATED);
    ck_assert_double_eq(r.f_solid, 1.0);
    ck_assert_str_eq(md_phase_bulk_name(r.bulk), "solid_dominated");
}
END_TEST

START_TEST(test_particle_temperature_vectors) {
    /* spec 30 §13.6, T_p with <Q_abs> = 0.4 */
    static const double v[][3] = {
        {4000.0, 1.85, 1653.766259550214},  {2500.0, 2.45, 898.1667354878109},
        {2000.0, 1.85, 826.883129775107},   {6000.0, 1.85, 2480.6493893253214},
        {4000.0, 2.45, 1437.0667767804975},
    };
    md_error err;
    for (size_t k = 0; k < sizeof v / sizeof v[0]; ++k) {
        double T_p;
        ck_assert_int_eq(
            md_phase_particle_temperature(v[k][0], v[k][1] * MD_R_MARS, 0.4, &T_p, &err), MD_OK);
        ck_assert_msg(md_test_rel_diff(T_p, v[k][2]) <= 1e-12, "T_p %.17g want %.17g", T_p,
                      v[k][2]);
    }
    double T_p;
    ck_assert_int_eq(md_phase_particle_temperature(4000.0, 6e6, 0.0, &T_p, &err), MD_ERR_PHYSICS);
}
END_TEST

static Suite *phase_suite(void) {
    Suite *s = suite_create("phase");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_threshold_vectors);
    tcase_add_test(tc, test_bulk_states_and_pressure);
    tcase_add_test(tc, test_particle_temperature_vectors);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) {
    return md_test_run_suite(phase_suite());
}
