/* Tests of the 0D driver's public face (md_run.h): md_run_validate is the one gate for
 * unsupported configurations (spec 10 §7.1; the message names the key and md_run_zero_d refuses
 * the same way before any step), the time grid of md_run_plan_make (spec 10 §3.1-3.2), and the
 * run-level values derived once at the start (spec 10 §2 steps 9, 12, 24). */
#include <check.h>
#include <math.h>
#include <string.h>

#include "md_run.h"
#include "md_test_support.h"
#include "md_workspace.h"
#include "run_small_case.h"

static md_status count_sample(void *ctx, long sample, long step, const double *row, md_error *err) {
    (void)sample;
    (void)step;
    (void)row;
    (void)err;
    (*(long *)ctx)++;
    return MD_OK;
}

/* Runs p on a fresh workspace (stride 1); res is valid only until the workspace is freed, so
 * the summary values the tests need are copied out. */
static md_status run_case(const md_params *p, long *samples, double *summary, char *case_status,
                          md_error *err) {
    md_workspace *ws = md_workspace_create(err);
    if (!ws) {
        return err->status;
    }
    md_observer obs = {samples, count_sample};
    md_run_result res;
    md_status st = md_run_zero_d(p, 1, ws, &obs, &res, err);
    if (st == MD_OK) {
        memcpy(summary, res.summary, (size_t)md_summary_field_count * sizeof *summary);
        strcpy(case_status, res.case_status);
    }
    md_workspace_free(&ws);
    return st;
}

START_TEST(test_validate_accepts_small_case) {
    md_params p;
    md_error err;
    run_small_case(&p, 10);
    ck_assert_msg(md_run_validate(&p, &err) == MD_OK, "%s", err.msg);
}
END_TEST

/* One unsupported setting per row, and the key its refusal must name. */
typedef struct refusal {
    const char *key;
    void (*set)(md_params *p);
} refusal;

static void set_1d(md_params *p) {
    p->geometry.mode = MD_PARAMS_GEOMETRY_1D;
}
static void set_surface_ode(md_params *p) {
    p->surface.collision_solver = MD_PARAMS_SOLVER_SURFACE_ODE;
}
static void set_no_optical_depth(md_params *p) {
    p->optical_depth.present = false;
}
static void set_radiation_off(md_params *p) {
    p->radiation.present = true;
    p->radiation.source = MD_PARAMS_RAD_SOURCE_OFF;
}
static void set_temperature_table(md_params *p) {
    strcpy(p->radiation.mars_temperature_driver.table.path, "T.csv");
}
static void set_hydro_escape(md_params *p) {
    p->sinks.hydro_escape.enable = true;
}
static void set_surface_energy(md_params *p) {
    p->surface_energy.enabled = true;
}
static void set_supply_table(md_params *p) {
    p->supply.mode = MD_PARAMS_SUPPLY_TABLE;
}
static void set_deep_mixing(md_params *p) {
    p->supply.transport.mode = MD_PARAMS_TRANSPORT_DEEP_MIXING;
    p->supply.transport.t_mix_orbits = 1.0;
}
static void set_e_profile_table(md_params *p) {
    strcpy(p->dynamics.e_profile.table_path, "e.csv");
    p->dynamics.e_profile.mode = MD_PARAMS_E_PROFILE_TABLE;
}
static void set_fixed_tau1(md_params *p) {
    p->shielding.mode = MD_PARAMS_SHIELDING_FIXED_TAU1;
}
static void set_phase_map(md_params *p) {
    p->phase.enabled = true;
    p->phase.source = MD_PARAMS_PHASE_SOURCE_MAP;
}

static const refusal refusals[] = {
    {"geometry.mode", set_1d},
    {"surface.collision_solver", set_surface_ode},
    {"optical_depth", set_no_optical_depth},
    {"radiation.source", set_radiation_off},
    {"radiation.mars_temperature_driver.table.path", set_temperature_table},
    {"sinks.hydro_escape.enable", set_hydro_escape},
    {"surface_energy.enabled", set_surface_energy},
    {"supply.mode", set_supply_table},
    {"supply.transport.mode", set_deep_mixing},
    {"dynamics.e_profile.mode", set_e_profile_table},
    {"shielding.mode", set_fixed_tau1},
    {"phase.source", set_phase_map},
};

/* Each refusal: MD_ERR_UNSUPPORTED naming the key, from md_run_validate and from md_run_zero_d,
 * which emits no row. */
START_TEST(test_refusals_name_the_key) {
    const refusal *r = &refusals[_i];
    md_params p;
    md_error err;
    run_small_case(&p, 10);
    r->set(&p);
    ck_assert_int_eq(md_run_validate(&p, &err), MD_ERR_UNSUPPORTED);
    ck_assert_msg(strstr(err.msg, r->key) != NULL, "'%s' does not name %s", err.msg, r->key);
    long samples = 0;
    double summary[MD_SUM_COUNT];
    char status[32];
    md_error run_err;
    ck_assert_int_eq(run_case(&p, &samples, summary, status, &run_err), MD_ERR_UNSUPPORTED);
    ck_assert_str_eq(run_err.msg, err.msg);
    ck_assert_int_eq(samples, 0);
}
END_TEST

/* A tabulated P_sat is refused only where sublimation is active (spec 10 §2 step 24:
 * sublimation_only forces it on, collisions_only off, otherwise sinks.mode decides). */
START_TEST(test_psat_tabulated_only_with_active_sublimation) {
    static const struct {
        md_params_physics_mode physics;
        md_params_sinks_mode sinks;
        md_status expect;
    } rows[] = {
        {MD_PARAMS_PHYSICS_DEFAULT, MD_PARAMS_SINKS_SUBLIMATION, MD_ERR_UNSUPPORTED},
        {MD_PARAMS_PHYSICS_DEFAULT, MD_PARAMS_SINKS_NONE, MD_OK},
        {MD_PARAMS_PHYSICS_COLLISIONS_ONLY, MD_PARAMS_SINKS_SUBLIMATION, MD_OK},
        {MD_PARAMS_PHYSICS_SUBLIMATION_ONLY, MD_PARAMS_SINKS_NONE, MD_ERR_UNSUPPORTED},
    };
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
        md_params p;
        md_error err;
        run_small_case(&p, 10);
        p.physics_mode = rows[k].physics;
        p.sinks.mode = rows[k].sinks;
        p.sinks.sub_params.psat_model = MD_PARAMS_PSAT_TABULATED;
        md_status st = md_run_validate(&p, &err);
        ck_assert_msg(st == rows[k].expect, "row %zu: %s", k, md_status_str(st));
        if (st != MD_OK) {
            ck_assert_ptr_nonnull(strstr(err.msg, "sinks.sub_params.psat_model"));
        }
    }
}
END_TEST

/* Fixed outer step (spec 10 §3.1-3.2): n_steps = ceil(t_end / dt_init), dt = t_end / n_steps;
 * rows at k % stride == 0 plus the last step; stride < 1 refused. */
START_TEST(test_plan) {
    md_params p;
    md_error err;
    md_run_plan plan;
    run_small_case(&p, 100);
    ck_assert_int_eq(md_run_plan_make(&p, 7, &plan, &err), MD_OK);
    ck_assert_int_eq(plan.n_steps, 100);
    ck_assert(md_test_rel_diff(plan.dt_s, 20.0) < 1e-12);
    ck_assert(md_test_rel_diff(plan.t_end_s, 2000.0) < 1e-12);
    ck_assert_int_eq(plan.n_bins, 12);
    ck_assert_int_eq(plan.n_samples, 16); /* k = 0, 7, ..., 98 and 99 */
    ck_assert_int_eq(md_run_plan_make(&p, 1, &plan, &err), MD_OK);
    ck_assert_int_eq(plan.n_samples, 100);
    ck_assert_int_eq(md_run_plan_make(&p, 0, &plan, &err), MD_ERR_CONFIG);
    ck_assert_ptr_nonnull(strstr(err.msg, "series_stride"));
}
END_TEST

/* Process flags of a run (spec 10 §2 steps 12, 24) as the summary reports them. */
START_TEST(test_process_flags) {
    static const struct {
        md_params_physics_mode physics;
        md_params_sinks_mode sinks;
        double collisions, sublimation, blowout;
        const char *case_status;
    } rows[] = {
        {MD_PARAMS_PHYSICS_DEFAULT, MD_PARAMS_SINKS_SUBLIMATION, 1, 1, 1, "blowout"},
        {MD_PARAMS_PHYSICS_DEFAULT, MD_PARAMS_SINKS_NONE, 1, 0, 1, "blowout"},
        {MD_PARAMS_PHYSICS_COLLISIONS_ONLY, MD_PARAMS_SINKS_SUBLIMATION, 1, 0, 1, "blowout"},
        {MD_PARAMS_PHYSICS_SUBLIMATION_ONLY, MD_PARAMS_SINKS_NONE, 0, 1, 0, "no_blowout"},
    };
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
        md_params p;
        md_error err;
        run_small_case(&p, 5);
        p.physics_mode = rows[k].physics;
        p.sinks.mode = rows[k].sinks;
        long samples = 0;
        double sum[MD_SUM_COUNT];
        char status[32];
        md_status st = run_case(&p, &samples, sum, status, &err);
        ck_assert_msg(st == MD_OK, "row %zu: %s", k, err.msg);
        ck_assert_msg(samples > 0, "row %zu", k); /* without sinks tau_stop ends it early */
        ck_assert_msg(sum[MD_SUM_COLLISIONS_ACTIVE] == rows[k].collisions, "row %zu", k);
        ck_assert_msg(sum[MD_SUM_SUBLIMATION_ACTIVE] == rows[k].sublimation, "row %zu", k);
        ck_assert_msg(sum[MD_SUM_BLOWOUT_ACTIVE] == rows[k].blowout, "row %zu", k);
        ck_assert_str_eq(status, rows[k].case_status);
    }
}
END_TEST

/* Line-of-sight factor (spec 10 §2 step 9): f_los = max(path_multiplier / h_over_r, 1) for
 * aspect_ratio_factor, 1 for none; Sigma0 = tau0 / (kappa_eff0 f_los) (step 17). */
START_TEST(test_los_factor_scales_sigma0) {
    static const struct {
        md_params_los_mode mode;
        double h_over_r, path_multiplier, f_los;
    } rows[] = {
        {MD_PARAMS_LOS_ASPECT_RATIO_FACTOR, 1.0, 1.0, 1.0},
        {MD_PARAMS_LOS_ASPECT_RATIO_FACTOR, 0.5, 2.0, 4.0},
        {MD_PARAMS_LOS_ASPECT_RATIO_FACTOR, 2.0, 1.0, 1.0},
        {MD_PARAMS_LOS_NONE, 0.5, 2.0, 1.0},
    };
    double sigma0_unit = NAN;
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
        md_params p;
        md_error err;
        run_small_case(&p, 2);
        p.shielding.los_geometry.mode = rows[k].mode;
        p.shielding.los_geometry.h_over_r = rows[k].h_over_r;
        p.shielding.los_geometry.path_multiplier = rows[k].path_multiplier;
        long samples = 0;
        double sum[MD_SUM_COUNT];
        char status[32];
        ck_assert_int_eq(run_case(&p, &samples, sum, status, &err), MD_OK);
        double tau0 = p.optical_depth.tau0_target;
        double expect = tau0 / (sum[MD_SUM_KAPPA_EFF_INITIAL] * rows[k].f_los);
        ck_assert_msg(md_test_rel_diff(sum[MD_SUM_SIGMA_SURF0], expect) < 1e-15, "row %zu", k);
        if (k == 0) {
            sigma0_unit = sum[MD_SUM_SIGMA_SURF0];
        }
        ck_assert(md_test_rel_diff(sum[MD_SUM_SIGMA_SURF0] * rows[k].f_los, sigma0_unit) < 1e-15);
    }
}
END_TEST

int main(void) {
    Suite *suite = suite_create("run");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_validate_accepts_small_case);
    tcase_add_loop_test(tc, test_refusals_name_the_key, 0,
                        (int)(sizeof refusals / sizeof refusals[0]));
    tcase_add_test(tc, test_psat_tabulated_only_with_active_sublimation);
    tcase_add_test(tc, test_plan);
    tcase_add_test(tc, test_process_flags);
    tcase_add_test(tc, test_los_factor_scales_sigma0);
    suite_add_tcase(suite, tc);
    return md_test_run_suite(suite);
}
