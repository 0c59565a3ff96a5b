/* md_qstar against spec 20 §4 (table set-up, law, velocity interpolation) and the §9 values. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "md_qstar.h"
#include "spec20_vectors.h"

/* The configured 7-row table of base.yml / mars_0d_baseline (spec 20 §4.1), given unsorted. */
static const md_qstar_row cfg_rows[7] = {
    {7.0, 390180000.0, 0.38, 3.4683282387928047, 1.36},
    {1.0, 195090000.0, 0.38, 0.8187652527440811, 1.36},
    {2.0, 195090000.0, 0.38, 1.28478039442684, 1.36},
    {3.0, 195090000.0, 0.38, 1.6722, 1.36},
    {4.0, 292635000.0, 0.38, 2.2296, 1.36},
    {5.0, 390180000.0, 0.38, 2.787, 1.36},
    {6.0, 390180000.0, 0.38, 3.137652034251613, 1.36},
};

static md_qstar_config base_config(void) {
    md_qstar_config c;
    memset(&c, 0, sizeof c);
    c.coeff_units = MD_QSTAR_UNITS_BA99_CGS;
    c.mu_grav = 0.45;
    c.override_coeffs = 1;
    c.coeff_table = cfg_rows;
    c.n_coeff_table = 7;
    c.coeff_scale = 5.574; /* must NOT be applied to a given table */
    return c;
}

static md_qstar_table base_table(void) {
    md_qstar_table t;
    const md_qstar_config c = base_config();
    md_error err;
    ck_assert_int_eq(md_qstar_table_setup(&t, &c, &err), MD_OK);
    return t;
}

START_TEST(test_config_table_is_used_verbatim_and_sorted) {
    const md_qstar_table t = base_table();
    ck_assert_int_eq(t.n_rows, 7);
    ck_assert_int_eq(t.units, MD_QSTAR_UNITS_BA99_CGS);
    ck_assert_double_eq(t.mu_grav, 0.45);
    for (int k = 0; k < 7; ++k) {
        ck_assert_double_eq(t.rows[k].v_ref_kms, (double)(k + 1));
        ck_assert_double_eq(t.rows[k].Qs, k < 3 ? 195090000.0 : k == 3 ? 292635000.0 : 390180000.0);
    }
    ck_assert_double_eq(t.rows[4].B, 2.787);
}
END_TEST

START_TEST(test_config_table_equals_default_times_scale) {
    /* spec 20 §4.1: the configured table is the built-in one with Qs and B times 5.574. */
    md_qstar_table def;
    md_qstar_table_default(&def);
    const md_qstar_table t = base_table();
    ck_assert_int_eq(def.n_rows, 7);
    for (int k = 0; k < 7; ++k) {
        ck_assert_double_le(md_test_rel_diff(def.rows[k].Qs * 5.574, t.rows[k].Qs), 1e-15);
        ck_assert_double_le(md_test_rel_diff(def.rows[k].B * 5.574, t.rows[k].B), 1e-15);
        ck_assert_double_eq(def.rows[k].a_s, 0.38);
        ck_assert_double_eq(def.rows[k].b_g, 1.36);
    }
}
END_TEST

START_TEST(test_broadcast_branch_applies_scale) {
    const double v_ref[2] = {5.0, 3.0};
    md_qstar_config c = base_config();
    c.coeff_table = NULL;
    c.n_coeff_table = 0;
    c.v_ref_kms = v_ref;
    c.n_v_ref = 2;
    c.Qs = 3.5e7;
    c.a_s = 0.38;
    c.B = 0.3;
    c.b_g = 1.36;
    md_qstar_table t;
    md_error err;
    ck_assert_int_eq(md_qstar_table_setup(&t, &c, &err), MD_OK);
    ck_assert_int_eq(t.n_rows, 2);
    ck_assert_double_eq(t.rows[0].v_ref_kms, 3.0);
    ck_assert_double_eq(t.rows[1].Qs, 3.5e7 * 5.574);
    ck_assert_double_eq(t.rows[1].B, 0.3 * 5.574);
    c.n_v_ref = 0;
    ck_assert_int_eq(md_qstar_table_setup(&t, &c, &err), MD_ERR_CONFIG);
    ck_assert_ptr_nonnull(strstr(err.msg, "v_ref_kms"));
}
END_TEST

START_TEST(test_no_override_uses_builtin_and_config_units) {
    md_qstar_config c = base_config();
    c.override_coeffs = 0;
    c.coeff_units = MD_QSTAR_UNITS_SI;
    c.mu_grav = 0.4;
    md_qstar_table t, def;
    md_error err;
    ck_assert_int_eq(md_qstar_table_setup(&t, &c, &err), MD_OK);
    md_qstar_table_default(&def);
    ck_assert_int_eq(t.n_rows, def.n_rows);
    ck_assert_double_eq(t.rows[0].Qs, 3.5e7);
    ck_assert_int_eq(t.units, MD_QSTAR_UNITS_SI);
    ck_assert_double_eq(t.mu_grav, 0.4);
}
END_TEST

START_TEST(test_bad_tables_are_rejected) {
    md_qstar_row rows[2] = {{1.0, 1.0, 0.38, 1.0, 1.36}, {1.0, 2.0, 0.38, 1.0, 1.36}};
    md_qstar_table t;
    md_qstar_table_default(&t);
    md_error err;
    ck_assert_int_eq(md_qstar_table_set_rows(&t, rows, 2, &err), MD_ERR_CONFIG); /* duplicate */
    rows[1].v_ref_kms = -2.0;
    ck_assert_int_eq(md_qstar_table_set_rows(&t, rows, 2, &err), MD_ERR_CONFIG);
    rows[1].v_ref_kms = 2.0;
    rows[1].B = 0.0;
    ck_assert_int_eq(md_qstar_table_set_rows(&t, rows, 2, &err), MD_ERR_CONFIG);
    ck_assert_ptr_nonnull(strstr(err.msg, "B"));
    ck_assert_int_eq(md_qstar_table_set_rows(&t, rows, 0, &err), MD_ERR_CONFIG);
    ck_assert_int_eq(t.n_rows, 7); /* a failed set leaves the table alone */
    md_qstar_config c = base_config();
    c.mu_grav = 0.0;
    ck_assert_int_eq(md_qstar_table_setup(&t, &c, &err), MD_ERR_CONFIG);
}
END_TEST

START_TEST(test_terms_breakdown_matches_spec) {
    /* spec 20 §4.4: terms for s_4 at the 4 and 5 km/s rows. */
    const md_qstar_table t = base_table();
    double str_lo, grav_lo, str_hi, grav_hi;
    md_error err;
    ck_assert_int_eq(md_qstar_terms(&t.rows[3], t.units, v_s[4], V_RHO, &str_lo, &grav_lo, &err),
                     MD_OK);
    ck_assert_int_eq(md_qstar_terms(&t.rows[4], t.units, v_s[4], V_RHO, &str_hi, &grav_hi, &err),
                     MD_OK);
    v_close("Q_str,lo", 4, str_lo, 5904.060493684556, V_TOL);
    v_close("Q_str,hi", 4, str_hi, 7872.080658246075, V_TOL);
    v_close("Q_grav,lo", 4, grav_lo, 0.224269969578438, V_TOL);
    v_close("Q_grav,hi", 4, grav_hi, 0.28033746197304754, V_TOL);
    ck_assert_int_eq(md_qstar_terms(&t.rows[0], t.units, 0.0, V_RHO, &str_lo, &grav_lo, &err),
                     MD_ERR_PHYSICS);
    ck_assert_int_eq(md_qstar_terms(&t.rows[0], t.units, 1.0, -1.0, &str_lo, &grav_lo, &err),
                     MD_ERR_PHYSICS);
}
END_TEST

START_TEST(test_qdstar_at_v_rel_matches_spec) {
    const md_qstar_table t = base_table();
    double qd[V_N];
    md_error err;
    ck_assert_int_eq(md_qstar_eval_sizes(&t, v_s, V_N, V_RHO, v_vrel / 1.0e3, qd, &err), MD_OK);
    v_close_vec("Q_D*", qd, v_qd, V_N, V_TOL);
    ck_assert_int_eq(md_qstar_velocity_outside(&t, v_vrel / 1.0e3), 0);
    printf("qstar: max relative gap to spec 20 §4.4/§9 = %.3g\n", v_max_gap);
}
END_TEST

START_TEST(test_interpolation_is_of_terms_and_hits_nodes) {
    const md_qstar_table t = base_table();
    const double s = 0.01;
    double q, s4, g4, s5, g5;
    md_error err;
    md_qstar_terms(&t.rows[3], t.units, s, V_RHO, &s4, &g4, &err);
    md_qstar_terms(&t.rows[4], t.units, s, V_RHO, &s5, &g5, &err);
    /* at a node the weight is exactly 0 (or 1 at the top of the last interval) */
    ck_assert_int_eq(md_qstar_eval(&t, s, V_RHO, 4.0, &q, &err), MD_OK);
    ck_assert_double_eq(q, s4 + g4);
    const double w = 0.25;
    ck_assert_int_eq(md_qstar_eval(&t, s, V_RHO, 4.25, &q, &err), MD_OK);
    ck_assert_double_eq(q, (s4 * (1.0 - w) + s5 * w) + (g4 * (1.0 - w) + g5 * w) * 1.0);
    double s7, g7;
    md_qstar_terms(&t.rows[6], t.units, s, V_RHO, &s7, &g7, &err);
    ck_assert_int_eq(md_qstar_eval(&t, s, V_RHO, 7.0, &q, &err), MD_OK); /* last interval, w=1 */
    ck_assert_double_le(md_test_rel_diff(q, s7 + g7), 1e-15);
}
END_TEST

START_TEST(test_outside_table_clamps_and_scales_gravity) {
    const md_qstar_table t = base_table();
    const double s = 10.0;
    double q, s1, g1, s7, g7;
    md_error err;
    md_qstar_terms(&t.rows[0], t.units, s, V_RHO, &s1, &g1, &err);
    md_qstar_terms(&t.rows[6], t.units, s, V_RHO, &s7, &g7, &err);
    ck_assert_int_eq(md_qstar_eval(&t, s, V_RHO, 0.5, &q, &err), MD_OK);
    ck_assert_double_eq(q, s1 + g1 * pow(0.5 / 1.0, 2.0 - 3.0 * 0.45));
    ck_assert_int_eq(md_qstar_velocity_outside(&t, 0.5), -1);
    ck_assert_int_eq(md_qstar_eval(&t, s, V_RHO, 14.0, &q, &err), MD_OK);
    ck_assert_double_le(md_test_rel_diff(q, s7 + g7 * pow(2.0, 0.65)), 1e-15);
    ck_assert_int_eq(md_qstar_velocity_outside(&t, 14.0), 1);
    /* continuity at the table ends */
    double q_in, q_out;
    md_qstar_eval(&t, s, V_RHO, 1.0, &q_in, &err);
    md_qstar_eval(&t, s, V_RHO, nextafter(1.0, 0.0), &q_out, &err);
    ck_assert_double_le(md_test_rel_diff(q_in, q_out), 1e-14);
}
END_TEST

START_TEST(test_one_row_table_always_extrapolates) {
    md_qstar_table t = base_table();
    md_error err;
    ck_assert_int_eq(md_qstar_table_set_rows(&t, &cfg_rows[5], 1, &err), MD_OK);
    double q, st, gr;
    md_qstar_terms(&t.rows[0], t.units, 1.0, V_RHO, &st, &gr, &err);
    ck_assert_int_eq(md_qstar_eval(&t, 1.0, V_RHO, 5.0, &q, &err), MD_OK);
    ck_assert_double_eq(q, st + gr * 1.0);
    ck_assert_int_eq(md_qstar_eval(&t, 1.0, V_RHO, 2.5, &q, &err), MD_OK);
    ck_assert_double_eq(q, st + gr * pow(0.5, 0.65));
}
END_TEST

START_TEST(test_si_units_skip_cgs_conversion) {
    const md_qstar_row row = {1.0, 100.0, 0.5, 2.0, 1.0};
    double st, gr;
    md_error err;
    ck_assert_int_eq(md_qstar_terms(&row, MD_QSTAR_UNITS_SI, 4.0, 10.0, &st, &gr, &err), MD_OK);
    ck_assert_double_eq(st, 50.0);
    ck_assert_double_eq(gr, 80.0);
}
END_TEST

START_TEST(test_eval_guards) {
    const md_qstar_table t = base_table();
    double q;
    md_error err;
    ck_assert_int_eq(md_qstar_eval(&t, 1.0, V_RHO, 0.0, &q, &err), MD_ERR_PHYSICS);
    ck_assert_ptr_nonnull(strstr(err.msg, "velocity"));
    ck_assert_int_eq(md_qstar_eval(&t, -1.0, V_RHO, 1.0, &q, &err), MD_ERR_PHYSICS);
    ck_assert_int_eq(md_qstar_eval(&t, 1.0, 0.0, 1.0, &q, &err), MD_ERR_PHYSICS);
}
END_TEST

static Suite *qstar_suite(void) {
    Suite *s = suite_create("md_qstar");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_config_table_is_used_verbatim_and_sorted);
    tcase_add_test(tc, test_config_table_equals_default_times_scale);
    tcase_add_test(tc, test_broadcast_branch_applies_scale);
    tcase_add_test(tc, test_no_override_uses_builtin_and_config_units);
    tcase_add_test(tc, test_bad_tables_are_rejected);
    tcase_add_test(tc, test_terms_breakdown_matches_spec);
    tcase_add_test(tc, test_qdstar_at_v_rel_matches_spec);
    tcase_add_test(tc, test_interpolation_is_of_terms_and_hits_nodes);
    tcase_add_test(tc, test_outside_table_clamps_and_scales_gravity);
    tcase_add_test(tc, test_one_row_table_always_extrapolates);
    tcase_add_test(tc, test_si_units_skip_cgs_conversion);
    tcase_add_test(tc, test_eval_guards);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) {
    return md_test_run_suite(qstar_suite());
}
