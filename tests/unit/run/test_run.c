/* Tests of the 0D driver's public face (md_run.h): md_run_validate is the one gate for
 * unsupported configurations (spec 10 §7.1; the message names the key and md_run_zero_d refuses
 * the same way before any step), the time grid of md_run_plan_make (spec 10 §3.1-3.2), and the
 * run-level values derived once at the start (spec 10 §2 steps 9, 12, 24). */
#define _XOPEN_SOURCE 700 /* mkstemp, fdopen */
#include <check.h>
#include <stdlib.h>
#include <unistd.h>
#include <math.h>
#include <stdio.h>
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

/* Runs p on a fresh workspace (stride 1) with obs; res is valid only until the workspace is
 * freed, so the summary values and texts the tests need are copied out (either text may be
 * NULL). */
static md_status run_observed(const md_params *p, md_observer obs, double *summary,
                              char *case_status, char *stop_reason, md_error *err) {
    md_workspace *ws = md_workspace_create(err);
    if (!ws) {
        return err->status;
    }
    md_run_result res;
    md_status st = md_run_zero_d(p, 1, ws, &obs, &res, err);
    if (st == MD_OK) {
        memcpy(summary, res.summary, (size_t)md_summary_field_count * sizeof *summary);
        if (case_status)
            strcpy(case_status, res.case_status);
        if (stop_reason)
            strcpy(stop_reason, res.stop_reason);
    }
    md_workspace_free(&ws);
    return st;
}

/* run_observed counting the emitted rows into *samples. */
static md_status run_case(const md_params *p, long *samples, double *summary, char *case_status,
                          md_error *err) {
    return run_observed(p, (md_observer){samples, count_sample}, summary, case_status, NULL, err);
}

START_TEST(test_validate_accepts_small_case) {
    md_params p;
    md_error err;
    run_small_case(&p, 10);
    ck_assert_msg(md_run_validate(&p, &err) == MD_OK, "%s", err.msg);
}
END_TEST

/* md_run_check_tables loads the tables a run reads with the run's loaders: a broken one is a
 * configuration error naming the file and the line; a table file is read once per workspace. */
START_TEST(test_check_tables) {
    char path[] = "/tmp/md_test_qpr_XXXXXX";
    int fd = mkstemp(path);
    ck_assert(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("T_M,s,Q_pr\n1000,x,1\n", f);
    fclose(f);
    md_params p;
    md_error err;
    run_small_case(&p, 10);
    p.radiation.Q_pr = NAN;
    snprintf(p.radiation.qpr_table_path, sizeof p.radiation.qpr_table_path, "%s", path);
    md_workspace *ws = md_workspace_create(&err);
    ck_assert(ws != NULL);
    ck_assert_int_eq(md_run_check_tables(&p, ws, &err), MD_ERR_CONFIG);
    char at[64];
    snprintf(at, sizeof at, "%s:2", path);
    ck_assert_msg(strstr(err.msg, at) != NULL, "%s", err.msg);
    p.radiation.Q_pr = 1.0; /* a number: no table is read at all */
    ck_assert_msg(md_run_check_tables(&p, ws, &err) == MD_OK, "%s", err.msg);
    md_workspace_free(&ws);
    unlink(path);
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

/* ---- shielding.mode fixed_tau1 (spec 10 §2 steps 9, 19, §4.3 step 1, §5.2; spec 30 §5) ---- */

#define MAX_ROWS 8

/* Every row of a run (stride 1, at most MAX_ROWS steps). */
typedef struct kept_rows {
    long n;
    double v[MAX_ROWS][MD_COL_COUNT];
} kept_rows;

static md_status keep_row(void *ctx, long sample, long step, const double *row, md_error *err) {
    (void)step;
    kept_rows *r = ctx;
    if (sample >= MAX_ROWS) {
        return md_error_set(err, MD_ERR_CONFIG, "test keeps at most %d rows", MAX_ROWS);
    }
    memcpy(r->v[sample], row, sizeof r->v[sample]);
    r->n = sample + 1;
    return MD_OK;
}

/* run_observed keeping every row in *rows. */
static md_status run_rows(const md_params *p, kept_rows *rows, double *summary, char *stop_reason,
                          md_error *err) {
    rows->n = 0;
    return run_observed(p, (md_observer){rows, keep_row}, summary, NULL, stop_reason, err);
}

/* The small case with fixed_tau1 shielding (its sinks: surface sublimation, not
 * mass-conserving). */
static void fixed_tau1_case(md_params *p, long n_steps) {
    run_small_case(p, n_steps);
    p->shielding.mode = MD_PARAMS_SHIELDING_FIXED_TAU1;
}

/* Mass books of the rows (spec 10 §4.6, §5.4): M_loss_cum = M_out + M_sink, and while the Smol
 * step integrates the whole dt the mass a step books (its blow-out and sink columns) is the
 * surface density it removed, Sigma_prev + P dt - Sigma, over the area pi (r_out^2 - r_in^2).
 * Returns the number of rows where that was checked. */
static int check_mass_books(const md_params *p, const kept_rows *rows, const double *sum) {
    double r_in = p->disk.geometry.r_in_RM * MD_R_MARS,
           r_out = p->disk.geometry.r_out_RM * MD_R_MARS;
    double area = MD_PI * (r_out * r_out - r_in * r_in);
    double sigma_prev = sum[MD_SUM_SIGMA_SURF0];
    int checked = 0;
    for (long k = 0; k < rows->n; k++) {
        const double *R = rows->v[k];
        ck_assert(R[MD_COL_M_LOSS_CUM] == R[MD_COL_MASS_LOST_BY_BLOWOUT] + R[MD_COL_M_SINK_CUM]);
        double removed =
            sigma_prev + R[MD_COL_PROD_SUBBLOW_AREA_RATE] * R[MD_COL_DT] - R[MD_COL_SIGMA_SURF];
        double booked =
            (R[MD_COL_MASS_LOST_SURFACE_SOLID_MARSRP_STEP] + R[MD_COL_MASS_LOST_SINKS_STEP]) *
            MD_M_MARS / area;
        if (R[MD_COL_SMOL_DT_EFF] == R[MD_COL_DT] && removed > 0.0) {
            ck_assert_msg(md_test_rel_diff(booked, removed) < 1e-9, "row %ld: %.17g vs %.17g", k,
                          booked, removed);
            checked++;
        }
        sigma_prev = R[MD_COL_SIGMA_SURF];
    }
    ck_assert(sum[MD_SUM_M_LOSS] == rows->v[rows->n - 1][MD_COL_M_LOSS_CUM]);
    ck_assert(sum[MD_SUM_MASS_BUDGET_MAX_ERROR_PERCENT] < 0.5); /* the reference's tolerance */
    return checked;
}

/* fixed_tau1 without a Phi table: every row reports the fixed tau (shielding.fixed_tau1_tau, or
 * tau_initial = kappa_surf,initial Sigma_surf,initial without f_los), kappa_eff = kappa_surf,
 * Phi = 1, Sigma_tau1 = tau / kappa_eff; the mass books stay consistent. */
START_TEST(test_fixed_tau1_rows) {
    static const struct {
        double tau_fixed, h_over_r, path_multiplier, f_los;
    } cases[] = {
        {NAN, 1.0, 1.0, 1.0}, {NAN, 0.5, 2.0, 4.0}, {0.7, 1.0, 1.0, 1.0}, {0.7, 0.5, 2.0, 4.0}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        md_params p;
        md_error err;
        fixed_tau1_case(&p, 6);
        p.shielding.fixed_tau1_tau = cases[c].tau_fixed;
        p.shielding.los_geometry.h_over_r = cases[c].h_over_r;
        p.shielding.los_geometry.path_multiplier = cases[c].path_multiplier;
        kept_rows rows;
        double sum[MD_SUM_COUNT];
        char stop[64];
        ck_assert_msg(run_rows(&p, &rows, sum, stop, &err) == MD_OK, "case %zu: %s", c, err.msg);
        ck_assert_int_eq(rows.n, 6);
        ck_assert_str_eq(stop, "t_end_reached");
        double tau = cases[c].tau_fixed;
        if (isnan(tau)) {
            tau = sum[MD_SUM_KAPPA_SURF_INITIAL] * sum[MD_SUM_SIGMA_SURF0];
            /* Sigma0 = tau0 / (kappa0 f_los): tau_initial lacks the f_los */
            double tau0 = p.optical_depth.tau0_target;
            ck_assert(md_test_rel_diff(tau, tau0 / cases[c].f_los) < 1e-14);
        }
        for (long k = 0; k < rows.n; k++) {
            const double *R = rows.v[k];
            ck_assert_msg(R[MD_COL_TAU] == tau, "case %zu row %ld: tau %.17g", c, k, R[MD_COL_TAU]);
            ck_assert(R[MD_COL_TAU_LOS_MARS] == tau && R[MD_COL_TAU_MARS_LINE_OF_SIGHT] == tau);
            ck_assert(R[MD_COL_KAPPA_EFF] == R[MD_COL_KAPPA_SURF] &&
                      R[MD_COL_KAPPA] == R[MD_COL_KAPPA_EFF]);
            ck_assert(R[MD_COL_PHI_EFFECTIVE] == 1.0);
            ck_assert(R[MD_COL_SIGMA_TAU1] == tau / R[MD_COL_KAPPA_EFF]);
        }
        ck_assert_msg(check_mass_books(&p, &rows, sum) > 0, "case %zu: no row checked", c);
    }
}
END_TEST

/* shielding.fixed_tau1_sigma (spec 10 §2 step 19, spec 30 §5): a number is Sigma_tau1 in every
 * row and the initial cap; "auto" is 1 / (kappa_eff0 f_los) (kappa_eff0 = kappa0 without a
 * table), "auto_max" max(that, Sigma0) (1 + margin). In the off mode the resolved value is only
 * the reported cap; the rows keep 1 / kappa_eff. */
START_TEST(test_fixed_tau1_sigma) {
    static const struct {
        md_params_shielding_mode mode;
        int word;
        double value, tau0, f_los;
    } cases[] = {
        {MD_PARAMS_SHIELDING_FIXED_TAU1, MD_NW_NUMBER, 0.05, 1.0, 1.0},
        {MD_PARAMS_SHIELDING_FIXED_TAU1, MD_NW_AUTO, NAN, 1.0, 4.0},
        {MD_PARAMS_SHIELDING_FIXED_TAU1, MD_NW_AUTO_MAX, NAN, 2.0, 1.0},
        {MD_PARAMS_SHIELDING_FIXED_TAU1, MD_NW_AUTO_MAX, NAN, 0.5, 1.0},
        {MD_PARAMS_SHIELDING_OFF, MD_NW_AUTO, NAN, 1.0, 1.0},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        md_params p;
        md_error err;
        fixed_tau1_case(&p, 4);
        p.shielding.mode = cases[c].mode;
        p.shielding.fixed_tau1_sigma.word = cases[c].word;
        p.shielding.fixed_tau1_sigma.value = cases[c].value;
        p.shielding.auto_max_margin = 0.1;
        p.optical_depth.tau0_target = cases[c].tau0;
        p.shielding.los_geometry.h_over_r = 1.0 / cases[c].f_los;
        kept_rows rows;
        double sum[MD_SUM_COUNT];
        char stop[64];
        ck_assert_msg(run_rows(&p, &rows, sum, stop, &err) == MD_OK, "case %zu: %s", c, err.msg);
        ck_assert(rows.n > 0);
        double k0 = sum[MD_SUM_KAPPA_SURF_INITIAL], sigma0 = sum[MD_SUM_SIGMA_SURF0];
        ck_assert(sum[MD_SUM_KAPPA_EFF_INITIAL] == k0);
        double expect = cases[c].value;
        if (cases[c].word != MD_NW_NUMBER) {
            expect = 1.0 / (k0 * cases[c].f_los);
        }
        if (cases[c].word == MD_NW_AUTO_MAX) {
            expect = fmax(expect, sigma0) * (1.0 + 0.1);
        }
        ck_assert_msg(sum[MD_SUM_SIGMA_TAU1_INITIAL] == expect, "case %zu: %.17g vs %.17g", c,
                      sum[MD_SUM_SIGMA_TAU1_INITIAL], expect);
        for (long k = 0; k < rows.n; k++) {
            const double *R = rows.v[k];
            double row_expect =
                cases[c].mode == MD_PARAMS_SHIELDING_OFF ? 1.0 / R[MD_COL_KAPPA_EFF] : expect;
            ck_assert_msg(R[MD_COL_SIGMA_TAU1] == row_expect, "case %zu row %ld", c, k);
        }
    }
}
END_TEST

/* With the Phi(tau) table (phi.csv, slice w0 = g = 0): kappa_eff = Phi(tau_fixed) kappa_surf
 * in every row, Sigma_tau1 = tau_fixed / kappa_eff, and the tau stop tests kappa_eff Sigma f_los
 * (spec 10 §3.4 #3), not the fixed tau and not kappa_surf Sigma f_los (Sigma0 = e / kappa0 here,
 * tau_stop ln 10). */
START_TEST(test_fixed_tau1_phi_table) {
    char phi_path[1024];
    ck_assert_msg(md_test_shared_path(phi_path, sizeof phi_path, "data/phi.csv") == 0,
                  "data/phi.csv of MD_SHARED_DIR is needed");
    static const struct {
        double tau_fixed, phi; /* phi.csv's Phi at that tau node */
        const char *stop;
    } cases[] = {{0.6, 0.5488116360940264, "t_end_reached"},
                 {5.0, 0.0067379469990854, "t_end_reached"},
                 {0.0, 1.0, "tau_exceeded"}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        md_params p;
        md_error err;
        fixed_tau1_case(&p, 4);
        snprintf(p.shielding.table_path, sizeof p.shielding.table_path, "%s", phi_path);
        p.shielding.fixed_tau1_tau = cases[c].tau_fixed;
        p.sinks.mode = MD_PARAMS_SINKS_NONE; /* Sigma stays near Sigma0 */
        p.optical_depth.tau_stop = log(10.0);
        kept_rows rows;
        double sum[MD_SUM_COUNT];
        char stop[64];
        ck_assert_msg(run_rows(&p, &rows, sum, stop, &err) == MD_OK, "case %zu: %s", c, err.msg);
        ck_assert_str_eq(stop, cases[c].stop);
        double tau_stop = p.optical_depth.tau_stop * (1.0 + p.optical_depth.tau_stop_tol);
        for (long k = 0; k < rows.n; k++) {
            const double *R = rows.v[k];
            ck_assert(R[MD_COL_TAU] == cases[c].tau_fixed);
            ck_assert(R[MD_COL_KAPPA_EFF] == cases[c].phi * R[MD_COL_KAPPA_SURF]);
            ck_assert(R[MD_COL_SIGMA_TAU1] ==
                      cases[c].tau_fixed / fmax(R[MD_COL_KAPPA_EFF], 1e-30));
            /* Sigma0 = 1 / (Phi(1) kappa0) = e / kappa0: kappa_surf Sigma exceeds tau_stop */
            ck_assert(R[MD_COL_KAPPA_SURF] * R[MD_COL_SIGMA_SURF] > tau_stop);
        }
        const double *last = rows.v[rows.n - 1];
        double tau_end = last[MD_COL_KAPPA_EFF] * last[MD_COL_SIGMA_SURF];
        if (strcmp(cases[c].stop, "tau_exceeded") == 0) {
            ck_assert_int_eq(rows.n, 1);
            ck_assert(sum[MD_SUM_STOP_TAU_LOS] == tau_end);
        } else {
            ck_assert_int_eq(rows.n, 4);
            ck_assert(tau_end <= tau_stop);
        }
        ck_assert(sum[MD_SUM_MASS_BUDGET_MAX_ERROR_PERCENT] < 0.5);
    }
}
END_TEST

/* fixed_tau1_sigma auto with a Phi table re-evaluates kappa_eff0 = Phi(tau_initial f_los) kappa0
 * (tau_initial = kappa0 Sigma0 = 1 / Phi(1) = 2.718..., between the table's nodes 2 and 5:
 * numpy.interp's slope (Phi5 - Phi2) / 3 times (tau - 2) plus Phi2) and reports it. */
START_TEST(test_fixed_tau1_sigma_auto_phi_table) {
    char phi_path[1024];
    ck_assert_msg(md_test_shared_path(phi_path, sizeof phi_path, "data/phi.csv") == 0,
                  "data/phi.csv of MD_SHARED_DIR is needed");
    md_params p;
    md_error err;
    fixed_tau1_case(&p, 2);
    snprintf(p.shielding.table_path, sizeof p.shielding.table_path, "%s", phi_path);
    p.shielding.fixed_tau1_sigma.word = MD_NW_AUTO;
    kept_rows rows;
    double sum[MD_SUM_COUNT];
    char stop[64];
    ck_assert_msg(run_rows(&p, &rows, sum, stop, &err) == MD_OK, "%s", err.msg);
    double k0 = sum[MD_SUM_KAPPA_SURF_INITIAL], tau_i = k0 * sum[MD_SUM_SIGMA_SURF0];
    double phi2 = 0.1353352832366127, phi5 = 0.0067379469990854;
    double phi = (phi5 - phi2) / (5.0 - 2.0) * (tau_i - 2.0) + phi2;
    ck_assert(md_test_rel_diff(sum[MD_SUM_KAPPA_EFF_INITIAL], phi * k0) < 1e-15);
    double expect = 1.0 / sum[MD_SUM_KAPPA_EFF_INITIAL];
    ck_assert(sum[MD_SUM_SIGMA_TAU1_INITIAL] == expect);
    for (long k = 0; k < rows.n; k++) {
        ck_assert(rows.v[k][MD_COL_SIGMA_TAU1] == expect);
        /* the fixed tau is tau_initial, Phi(tau_initial) kappa_surf the row's kappa_eff */
        ck_assert(rows.v[k][MD_COL_TAU] == tau_i);
    }
}
END_TEST

int main(void) {
    md_test_require_shared();
    Suite *suite = suite_create("run");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_validate_accepts_small_case);
    tcase_add_test(tc, test_check_tables);
    tcase_add_loop_test(tc, test_refusals_name_the_key, 0,
                        (int)(sizeof refusals / sizeof refusals[0]));
    tcase_add_test(tc, test_psat_tabulated_only_with_active_sublimation);
    tcase_add_test(tc, test_plan);
    tcase_add_test(tc, test_process_flags);
    tcase_add_test(tc, test_los_factor_scales_sigma0);
    tcase_add_test(tc, test_fixed_tau1_rows);
    tcase_add_test(tc, test_fixed_tau1_sigma);
    tcase_add_test(tc, test_fixed_tau1_phi_table);
    tcase_add_test(tc, test_fixed_tau1_sigma_auto_phi_table);
    suite_add_tcase(suite, tc);
    return md_test_run_suite(suite);
}
