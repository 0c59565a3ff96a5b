/* md_params: schema defaults, the field table's integrity, typed set/get round trips, ranges,
 * aliases, blocks and the schema's cross-field checks (marsdisk/schema.py). */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "md_params.h"
#include "md_test_support.h"

static md_param_value num(double x) {
    md_param_value v = {.type = MD_PV_NUMBER, .num = x};
    return v;
}

static md_param_value str(const char *s) {
    md_param_value v = {.type = MD_PV_STRING, .str = s};
    return v;
}

static md_status set(md_params *p, const char *key, md_param_value v, md_error *err) {
    const md_param_field *f = md_params_field_find(key);
    ck_assert_msg(f != NULL, "no field %s", key);
    return md_params_set(p, f, &v, err);
}

static const char *fmt(const md_params *p, const char *key) {
    static char buf[4096];
    const md_param_field *f = md_params_field_find(key);
    ck_assert_msg(f != NULL, "no field %s", key);
    md_params_format(p, f, buf, sizeof buf);
    return buf;
}

/* Defaults written in schema.py (commit 2091a54), including the ones spec 10 §6 flags as
 * surprising (tau_stop 1.0, epsilon_mix 0.05, injection min_bin, dt_init 60000, ...). */
START_TEST(test_schema_defaults) {
    static const struct {
        const char *key, *json;
    } expect[] = {
        {"geometry.mode", "\"0D\""},
        {"scope.analysis_years", "2"},
        {"physics_mode", "\"default\""},
        {"chi_blow", "1"},
        {"material.rho", "3000"},
        {"sizes.n_bins", "40"},
        {"initial.s0_mode", "\"upper\""},
        {"initial.melt_psd.f_fine", "0.29999999999999999"},
        {"initial.melt_psd.s_cut_condensation", "9.9999999999999995e-07"},
        {"dynamics.e_profile.mode", "\"mars_pericenter\""},
        {"dynamics.e_profile.clip_max", "0.99999899999999997"},
        {"dynamics.v_rel_mode", "\"pericenter\""},
        {"dynamics.obs_tilt_deg", "30"},
        {"dynamics.rng_seed", "null"},
        {"qstar.coeff_units", "\"ba99_cgs\""},
        {"qstar.coeff_table", "null"},
        {"qstar.mu_grav", "0.45000000000000001"},
        {"psd.floor.mode", "\"fixed\""},
        {"optical_depth", "true"},
        {"optical_depth.tau_stop", "1"},
        {"optical_depth.tau_stop_tol", "9.9999999999999995e-07"},
        {"inner_disk_mass", "null"}, /* optional block, absent */
        {"radiation", "null"},       /* optional block, absent */
        {"shielding", "null"},       /* optional block, absent */
        {"shielding.mode", "\"psitau\""},
        {"shielding.auto_max_margin", "0.050000000000000003"},
        {"supply.mixing.epsilon_mix", "0.050000000000000003"},
        {"supply.injection.mode", "\"min_bin\""},
        {"supply.const.mu_orbit10pct", "null"},
        {"supply.const.orbit_fraction_at_mu1", "0.050000000000000003"},
        {"supply.table.path", "\"data/supply_rate.csv\""},
        {"sinks.mode", "\"sublimation\""},
        {"sinks.sublimation_location", "\"surface\""},
        {"sinks.sub_params.mode", "\"exponential\""},
        {"sinks.sub_params.mu", "0.044084900000000003"},
        {"sinks.sub_params.valid_K", "[1270,1600]"},
        {"sinks.sub_params.valid_liquid_K", "[1900,3500]"},
        {"sinks.sub_params.mass_conserving", "false"},
        {"sinks.sub_params.min_points_local_fit", "3"},
        {"phase.enabled", "false"},
        {"phase.temperature_input", "\"mars_surface\""},
        {"phase.thresholds.T_condense_K", "1700"},
        {"phase.entrypoint", "\"siO2_disk_cooling.siO2_cooling_map:lookup_phase_state\""},
        {"radiation.mars_temperature_driver.autogenerate.known_T0s", "[2000,4000,6000]"},
        {"radiation.mars_temperature_driver.autogenerate.time_unit", "\"day\""},
        {"radiation.mars_temperature_driver.table.column_temperature", "\"T_M\""},
        {"numerics.dt_init", "60000"},
        {"numerics.stop_on_blowout_below_smin", "false"},
        {"numerics.t_end_years", "null"},
        {"numerics.dt_min_tcoll_ratio", "0.5"},
        {"io.substep_max_ratio", "1"},
        {"sizes.s_min", "null"}, /* required: no default */
    };
    md_params p;
    md_params_set_defaults(&p);
    for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++)
        ck_assert_msg(strcmp(fmt(&p, expect[i].key), expect[i].json) == 0, "%s: %s, want %s",
                      expect[i].key, fmt(&p, expect[i].key), expect[i].json);
    ck_assert(isnan(p.radiation.TM_K));
    ck_assert_int_eq(p.qstar.v_ref_kms.n, -1); /* required list: not given */
    ck_assert(p.numerics.dt_init.word == MD_NW_NUMBER && p.numerics.dt_init.value == 60000.0);
}
END_TEST

START_TEST(test_field_table_integrity) {
    md_params p;
    md_params_set_defaults(&p);
    ck_assert_int_gt(md_params_field_count, 250);
    for (int i = 0; i < md_params_field_count; i++) {
        const md_param_field *f = &md_params_fields[i];
        ck_assert_msg(md_params_field_find(f->name) == f, "%s is not unique", f->name);
        ck_assert_msg(f->offset < sizeof(md_params), "%s offset", f->name);
        ck_assert_msg(f->description && f->description[0], "%s has no description", f->name);
        ck_assert_msg(f->units != NULL, "%s has no units", f->name);
        if (f->kind == MD_PK_ENUM) {
            int v = (int)md_params_get_number(&p, f);
            ck_assert_msg(strcmp(md_params_enum_name(f, v), "?") != 0, "%s default", f->name);
        }
        /* Every non-null numeric default lies inside its own range. */
        if (f->kind == MD_PK_DOUBLE && !isnan(f->def)) {
            md_params q;
            md_params_set_defaults(&q);
            md_param_value v = num(f->def);
            md_error err;
            ck_assert_msg(md_params_set(&q, f, &v, &err) == MD_OK, "%s default: %s", f->name,
                          err.msg);
        }
    }
}
END_TEST

/* get -> typed value -> set on a fresh set -> equal, for every field. */
START_TEST(test_round_trip_every_field) {
    md_params p, q;
    md_params_set_defaults(&p);
    /* Non-default values for the kinds whose defaults are null or empty. */
    md_error err;
    ck_assert_int_eq(set(&p, "qstar.v_ref_kms",
                         (md_param_value){.type = MD_PV_LIST, .list = (double[]){1.5, 7.0}, .n = 2},
                         &err),
                     MD_OK);
    md_params_qstar_table t = {
        .n = 2,
        .v_ref_kms = {1.0, 2.0},
        .coeffs = {{1.9509e8, 0.38, 0.8, 1.36}, {1.9509e8, 0.38, 1.3, 1.36}}};
    ck_assert_int_eq(set(&p, "qstar.coeff_table",
                         (md_param_value){.type = MD_PV_QSTAR_TABLE, .table = &t}, &err),
                     MD_OK);
    ck_assert_int_eq(set(&p, "dynamics.rng_seed", num(42), &err), MD_OK);
    ck_assert_int_eq(set(&p, "numerics.dt_init", str("auto"), &err), MD_OK);
    ck_assert_int_eq(set(&p, "shielding.fixed_tau1_sigma", str("auto_max"), &err), MD_OK);
    ck_assert_int_eq(set(&p, "radiation.TM_K", num(4000.0), &err), MD_OK);
    for (int i = 0; i < md_params_field_count; i++) {
        const md_param_field *f = &md_params_fields[i];
        md_param_value v = {.type = MD_PV_NULL};
        char word[MD_PARAMS_PATH_MAX];
        const md_params_dlist *l = (const md_params_dlist *)((const char *)&p + f->offset);
        const md_params_num_or_word *w =
            (const md_params_num_or_word *)((const char *)&p + f->offset);
        if (!md_params_is_null(&p, f)) {
            switch (f->kind) {
            case MD_PK_BOOL:
                v = (md_param_value){.type = MD_PV_BOOL, .b = md_params_get_number(&p, f) != 0};
                break;
            case MD_PK_BLOCK:
                v = (md_param_value){.type = MD_PV_EMPTY_OBJECT};
                break;
            case MD_PK_INT:
            case MD_PK_DOUBLE:
                v = num(md_params_get_number(&p, f));
                break;
            case MD_PK_ENUM:
                v = str(md_params_enum_name(f, (int)md_params_get_number(&p, f)));
                break;
            case MD_PK_STRING:
            case MD_PK_PATH:
                snprintf(word, sizeof word, "%s", (const char *)&p + f->offset);
                v = str(word);
                break;
            case MD_PK_LIST:
                v = (md_param_value){.type = MD_PV_LIST, .list = l->v, .n = l->n};
                break;
            case MD_PK_NUM_WORD:
                v = w->word == MD_NW_NUMBER ? num(w->value)
                                            : str(md_params_enum_name(f, w->word - 1));
                break;
            case MD_PK_QSTAR_TABLE:
                v = (md_param_value){
                    .type = MD_PV_QSTAR_TABLE,
                    .table = (const md_params_qstar_table *)((const char *)&p + f->offset)};
                break;
            case MD_PK_EMPTY_OBJECT:
                v = (md_param_value){.type = MD_PV_EMPTY_OBJECT};
                break;
            case MD_PK_EMPTY_LIST:
                v = (md_param_value){.type = MD_PV_EMPTY_LIST};
                break;
            }
        }
        md_params_set_defaults(&q);
        bool unset_required = (f->flags & MD_PF_REQUIRED) &&
                              (f->kind == MD_PK_LIST ? l->n < 0 : md_params_is_null(&p, f));
        if (unset_required)
            continue; /* no default to round-trip */
        ck_assert_msg(md_params_set(&q, f, &v, &err) == MD_OK, "%s: %s", f->name, err.msg);
        ck_assert_msg(md_params_field_equal(&p, &q, f), "%s does not round-trip", f->name);
    }
}
END_TEST

START_TEST(test_ranges_types_and_enums) {
    md_params p;
    md_params_set_defaults(&p);
    md_error err;
    ck_assert_int_eq(set(&p, "material.rho", num(999.0), &err), MD_ERR_CONFIG);
    ck_assert_msg(strstr(err.msg, "[1000, 5000]") != NULL, "%s", err.msg);
    ck_assert_int_eq(set(&p, "dynamics.e0", num(1.0), &err), MD_ERR_CONFIG); /* [0, 1) */
    ck_assert_int_eq(set(&p, "dynamics.e0", num(0.999), &err), MD_OK);
    ck_assert_int_eq(set(&p, "sizes.n_bins", num(40.5), &err), MD_ERR_CONFIG);
    ck_assert_int_eq(set(&p, "sizes.n_bins", num(0), &err), MD_ERR_CONFIG);
    ck_assert_int_eq(set(&p, "sizes.n_bins", str("40"), &err), MD_ERR_CONFIG);
    ck_assert_msg(strstr(err.msg, "expected an integer, got a string") != NULL, "%s", err.msg);
    ck_assert_int_eq(set(&p, "supply.mixing.epsilon_mix", num(2.5), &err), MD_ERR_CONFIG);
    ck_assert_int_eq(set(&p, "radiation.Q_pr", num(0.4), &err), MD_ERR_CONFIG);
    ck_assert_int_eq(set(&p, "numerics.dt_init", num(0.0), &err), MD_ERR_CONFIG);
    ck_assert_int_eq(set(&p, "numerics.dt_init", str("fast"), &err), MD_ERR_CONFIG);
    ck_assert_int_eq(p.numerics.smol_integrator, MD_PARAMS_SMOL_REFERENCE); /* the default */
    ck_assert_int_eq(set(&p, "numerics.smol_integrator", str("full_step"), &err), MD_OK);
    ck_assert_int_eq(p.numerics.smol_integrator, MD_PARAMS_SMOL_FULL_STEP);
    ck_assert_int_eq(set(&p, "numerics.smol_integrator", str("cvode"), &err), MD_ERR_CONFIG);
    ck_assert_msg(strstr(err.msg, "'reference', 'full_step'") != NULL, "%s", err.msg);
    ck_assert_int_eq(set(&p, "numerics.smol_rtol", num(0.0), &err), MD_ERR_CONFIG);
    ck_assert_int_eq(set(&p, "numerics.smol_atol", num(-1e-14), &err), MD_ERR_CONFIG);
    ck_assert_int_eq(set(&p, "chi_blow", str("auto"), &err), MD_OK);
    ck_assert_int_eq(p.chi_blow.word, MD_NW_AUTO);
    ck_assert_int_eq(set(&p, "sinks.sub_params.mode", str("HKL"), &err), MD_ERR_CONFIG);
    ck_assert_msg(strstr(err.msg, "'hkl'") != NULL, "%s", err.msg); /* lists the choices */
    ck_assert_int_eq(set(&p, "material.rho", (md_param_value){.type = MD_PV_NULL}, &err),
                     MD_ERR_CONFIG);
    ck_assert_int_eq(set(&p, "sinks.sub_params.valid_K",
                         (md_param_value){.type = MD_PV_LIST, .list = (double[]){1.0}, .n = 1},
                         &err),
                     MD_ERR_CONFIG);
    ck_assert_int_eq(set(&p, "phase.extra_kwargs", (md_param_value){.type = MD_PV_OBJECT}, &err),
                     MD_ERR_CONFIG);
}
END_TEST

START_TEST(test_aliases_normalise) {
    md_params p;
    md_params_set_defaults(&p);
    md_error err;
    ck_assert_int_eq(set(&p, "physics_mode", str("full"), &err), MD_OK);
    ck_assert_int_eq(p.physics_mode, MD_PARAMS_PHYSICS_DEFAULT);
    ck_assert_int_eq(set(&p, "shielding.mode", str("table"), &err), MD_OK);
    ck_assert_int_eq(p.shielding.mode, MD_PARAMS_SHIELDING_PSITAU);
    ck_assert_str_eq(fmt(&p, "shielding.mode"), "\"psitau\"");
    ck_assert_int_eq(set(&p, "radiation.source", str("none"), &err), MD_OK);
    ck_assert_int_eq(p.radiation.source, MD_PARAMS_RAD_SOURCE_OFF);
}
END_TEST

START_TEST(test_blocks) {
    md_params p;
    md_params_set_defaults(&p);
    md_error err;
    ck_assert(!p.radiation.present && !p.radiation.mars_temperature_driver.present);
    ck_assert_int_eq(
        set(&p, "radiation.mars_temperature_driver.autogenerate.dt_hours", num(2.0), &err), MD_OK);
    ck_assert(p.radiation.present && p.radiation.mars_temperature_driver.present &&
              p.radiation.mars_temperature_driver.autogenerate.present);
    ck_assert(!p.radiation.mars_temperature_driver.table.present);
    ck_assert_int_eq(set(&p, "optical_depth", (md_param_value){.type = MD_PV_NULL}, &err), MD_OK);
    ck_assert(!p.optical_depth.present);
    ck_assert_int_eq(set(&p, "optical_depth", num(1.0), &err), MD_ERR_CONFIG);
}
END_TEST

static void fill_required(md_params *p) {
    md_error err;
    static const char *const keys[] = {"sizes.s_min", "sizes.s_max", "initial.mass_total",
                                       "dynamics.e0", "dynamics.i0", "dynamics.t_damp_orbits",
                                       "qstar.Qs",    "qstar.a_s",   "qstar.B",
                                       "qstar.b_g",   "psd.alpha"};
    static const double vals[] = {1e-7, 3.0, 1e-7, 0.5, 0.05, 20.0, 3.5e7, 0.38, 0.3, 1.36, 1.83};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        ck_assert_int_eq(set(p, keys[i], num(vals[i]), &err), MD_OK);
    ck_assert_int_eq(set(p, "qstar.v_ref_kms",
                         (md_param_value){.type = MD_PV_LIST, .list = (double[]){1.5, 7.0}, .n = 2},
                         &err),
                     MD_OK);
}

START_TEST(test_cross_field_checks) {
    md_params p;
    md_error err;
    md_params_set_defaults(&p);
    ck_assert_int_eq(md_params_check(&p, &err), MD_ERR_CONFIG);
    ck_assert_msg(strstr(err.msg, "sizes.s_min is required") != NULL, "%s", err.msg);
    fill_required(&p);
    ck_assert_msg(md_params_check(&p, &err) == MD_OK, "%s", err.msg);

    md_params q = p;
    ck_assert_int_eq(set(&q, "sizes.s_max", num(1e-8), &err), MD_OK);
    ck_assert_int_eq(md_params_check(&q, &err), MD_ERR_CONFIG);
    ck_assert_msg(strstr(err.msg, "sizes.s_max") != NULL, "%s", err.msg);
    q = p;
    ck_assert_int_eq(set(&q, "phase.thresholds.T_vaporize_K", num(1500.0), &err), MD_OK);
    ck_assert_int_eq(md_params_check(&q, &err), MD_ERR_CONFIG);
    q = p;
    ck_assert_int_eq(set(&q, "dynamics.e_mode", str("mars_clearance"), &err), MD_OK);
    ck_assert_int_eq(md_params_check(&q, &err), MD_ERR_CONFIG);
    ck_assert_int_eq(set(&q, "dynamics.e_profile.mode", str("off"), &err), MD_OK);
    ck_assert_msg(md_params_check(&q, &err) == MD_OK, "%s", err.msg);
    q = p;
    ck_assert_int_eq(
        set(&q, "init_tau1.scale_to_tau1", (md_param_value){.type = MD_PV_BOOL, .b = 1}, &err),
        MD_OK);
    ck_assert_int_eq(md_params_check(&q, &err), MD_ERR_CONFIG);
    q = p;
    ck_assert_int_eq(set(&q, "disk.geometry.r_out_RM", num(2.7), &err), MD_OK);
    ck_assert_int_eq(md_params_check(&q, &err), MD_ERR_CONFIG); /* r_in_RM required */
    ck_assert_msg(strstr(err.msg, "disk.geometry.r_in_RM") != NULL, "%s", err.msg);
}
END_TEST

static Suite *params_suite(void) {
    Suite *s = suite_create("params");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_schema_defaults);
    tcase_add_test(tc, test_field_table_integrity);
    tcase_add_test(tc, test_round_trip_every_field);
    tcase_add_test(tc, test_ranges_types_and_enums);
    tcase_add_test(tc, test_aliases_normalise);
    tcase_add_test(tc, test_blocks);
    tcase_add_test(tc, test_cross_field_checks);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) {
    return md_test_run_suite(params_suite());
}
