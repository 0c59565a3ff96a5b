/* md_run_engine: the 0D driver of run_zero_d.py (spec 10): initialisation in the reference's
 * order (§2), the stage list of one step (§4.1), loss partition (§4.6), stop conditions (§3.4)
 * and summary (§5.3). Physics comes from src/physics; this file only orchestrates. */
#include "md_run_engine.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "md_alloc.h"
#include "md_collide0d.h"
#include "md_constants.h"
#include "md_eccentricity.h"
#include "md_grid.h"
#include "md_kernel.h"
#include "md_phase.h"
#include "md_psd.h"
#include "md_qstar.h"
#include "md_radiation.h"
#include "md_rng.h"
#include "md_run_seed.h"
#include "md_shielding.h"
#include "md_stats.h"
#include "md_sublimation.h"
#include "md_supply.h"
#include "md_tempdriver.h"

#define TAU_MIN 1.0e-12               /* run_zero_d.py: TAU_MIN */
#define SUPPLY_VISIBILITY_EPS 1.0e-30 /* run_zero_d.py: supply_visibility_eps */
#define FAST_RATIO_GT3 3.0            /* FAST_BLOWOUT_RATIO_THRESHOLD */
#define FAST_RATIO_GT10 10.0          /* FAST_BLOWOUT_RATIO_STRICT */

static double finite_or_nan(double x) {
    return isfinite(x) ? x : NAN;
}

/* runtime/helpers.py: ensure_finite_kappa */
static double finite_kappa(double k) {
    return (isfinite(k) && k >= 0.0) ? k : 0.0;
}

/* ---- geometry (spec 10 §2 step 6, 21; config_utils.py: resolve_reference_radius) ---- */
typedef struct geometry {
    double r, r_RM, omega, t_orb, area;
} geometry;

static md_status resolve_geometry(const md_params *p, geometry *g, md_error *err) {
    if (p->disk.present) {
        g->r_RM = 0.5 * (p->disk.geometry.r_in_RM + p->disk.geometry.r_out_RM);
        g->r = g->r_RM * MD_R_MARS;
    } else {
        g->r = 0.5 * (p->geometry.r_in + p->geometry.r_out);
        g->r_RM = g->r / MD_R_MARS;
    }
    if (!(g->r > 0.0) || !isfinite(g->r)) {
        return md_error_set(err, MD_ERR_CONFIG,
                            "disk.geometry.r_in_RM / r_out_RM must give a positive radius");
    }
    md_status st = md_kernel_omega_kepler(g->r, &g->omega, err);
    if (st != MD_OK) {
        return st;
    }
    g->t_orb = 2.0 * MD_PI / g->omega;
    if (p->disk.present) {
        double r_in = p->disk.geometry.r_in_RM * MD_R_MARS,
               r_out = p->disk.geometry.r_out_RM * MD_R_MARS;
        g->area = MD_PI * (r_out * r_out - r_in * r_in);
        if (!(g->area > 0.0) || !isfinite(g->area)) {
            g->area = MD_PI * (g->r * g->r);
        }
    } else {
        g->area = MD_PI * (g->r * g->r);
    }
    return MD_OK;
}

/* ---- temperature table (spec 30 §3.3) ---- */

static md_cooling_model cooling_model(const md_params *p) {
    return p->radiation.mars_temperature_driver.autogenerate.model == MD_PARAMS_AUTOGEN_HYODO
               ? MD_COOLING_HYODO
               : MD_COOLING_SLAB;
}

/* Seconds per time unit of the generated table ("orbit" falls back to days, as before). */
static double time_unit_scale(md_params_time_unit u) {
    switch (u) {
    case MD_PARAMS_TUNIT_S:
        return 1.0;
    case MD_PARAMS_TUNIT_YR:
        return MD_SECONDS_PER_YEAR;
    default:
        return MD_SECONDS_PER_DAY;
    }
}

/* numerics.t_end_years, or scope.analysis_years when it is null [yr] */
static double t_end_years_config(const md_params *p) {
    return isfinite(p->numerics.t_end_years) ? p->numerics.t_end_years : p->scope.analysis_years;
}

static double t_end_years_basis(const md_params *p, const geometry *g) {
    double years = t_end_years_config(p);
    if (isfinite(p->numerics.t_end_orbits)) {
        years = p->numerics.t_end_orbits * g->t_orb / MD_SECONDS_PER_YEAR;
    }
    if (isfinite(p->numerics.min_duration_years) && p->numerics.min_duration_years > years) {
        years = p->numerics.min_duration_years;
    }
    if (isfinite(p->numerics.t_end_until_temperature_K)) {
        double t_star = md_tempdriver_cooling_time(cooling_model(p), p->radiation.TM_K,
                                                   p->numerics.t_end_until_temperature_K);
        double cand = t_star / MD_SECONDS_PER_YEAR + p->numerics.t_end_temperature_margin_years;
        if (cand > years) {
            years = cand;
        }
    }
    return md_tempdriver_target_years(
        years, p->radiation.mars_temperature_driver.autogenerate.min_years,
        p->radiation.mars_temperature_driver.autogenerate.time_margin_years);
}

static md_status build_temp_table(const md_params *p, double horizon, long n, double *t_s,
                                  double *T_K, md_temp_table *tab, md_error *err) {
    md_status st = md_tempdriver_generate(
        cooling_model(p), p->radiation.TM_K, horizon,
        p->radiation.mars_temperature_driver.autogenerate.dt_hours,
        time_unit_scale(p->radiation.mars_temperature_driver.autogenerate.time_unit), n, t_s, T_K,
        err);
    tab->n = n;
    tab->t_s = t_s;
    tab->T_K = T_K;
    tab->extrapolate_error =
        p->radiation.mars_temperature_driver.extrapolation == MD_PARAMS_EXTRAP_ERROR;
    return st;
}

/* ---- time grid (orchestrator.py: resolve_time_grid; spec 10 §3.1-3.2) ---- */
typedef struct time_grid {
    double t_end, dt_nominal, dt;
    long n_steps;
    double min_duration_s; /* 0 = none */
} time_grid;

static md_status resolve_time_grid(const md_params *p, const geometry *g, const md_temp_table *temp,
                                   time_grid *tg, md_error *err) {
    double t_end = NAN;
    if (isfinite(p->numerics.t_end_until_temperature_K)) {
        double t_stop = 0.0;
        int found = 0;
        md_status st = md_tempdriver_time_to_temperature(
            temp, p->numerics.t_end_until_temperature_K, &t_stop, &found, err);
        if (st != MD_OK) {
            return st;
        }
        if (found) {
            t_end = t_stop + p->numerics.t_end_temperature_margin_years * MD_SECONDS_PER_YEAR;
        }
    }
    if (!isfinite(t_end)) {
        if (isfinite(p->numerics.t_end_orbits)) {
            t_end = p->numerics.t_end_orbits * g->t_orb;
        } else {
            t_end = t_end_years_config(p) * MD_SECONDS_PER_YEAR;
        }
    }
    if (!isfinite(t_end) || t_end <= 0.0) {
        return md_error_set(err, MD_ERR_CONFIG,
                            "numerics: resolved integration duration %g s must be positive", t_end);
    }
    tg->min_duration_s = 0.0;
    if (isfinite(p->numerics.min_duration_years)) {
        tg->min_duration_s = p->numerics.min_duration_years * MD_SECONDS_PER_YEAR;
        if (tg->min_duration_s > t_end) {
            t_end = tg->min_duration_s;
        }
    }
    double dt_nominal;
    if (p->numerics.dt_init.word == MD_NW_AUTO) {
        double t_blow_nominal = 1.0 / g->omega;
        double a = 0.05 * t_blow_nominal, b = t_end / 200.0;
        dt_nominal = a < b ? a : b;
        dt_nominal = fmax(fmin(dt_nominal, t_end), 1.0e-9);
    } else {
        dt_nominal = p->numerics.dt_init.value;
    }
    double n = ceil(t_end / fmax(dt_nominal, 1.0e-9));
    long n_steps = n < 1.0 ? 1 : (n > (double)MD_MAX_STEPS ? MD_MAX_STEPS : (long)n);
    tg->t_end = t_end;
    tg->dt_nominal = dt_nominal;
    tg->n_steps = n_steps;
    tg->dt = t_end / (double)n_steps;
    return MD_OK;
}

/* A temperature table longer than MD_TEMPDRIVER_MAX_SAMPLES cannot be built: refused with the
 * numbers that make it, before any run starts. */
static md_status check_temp_samples(const md_params *p, double horizon_years, long n,
                                    md_error *err) {
    if (n <= MD_TEMPDRIVER_MAX_SAMPLES) {
        return MD_OK;
    }
    return md_error_set(err, MD_ERR_CONFIG,
                        "numerics: the Mars temperature table would cover %.6g years at "
                        "radiation.mars_temperature_driver.autogenerate.dt_hours = %g h, more "
                        "than the limit of %ld samples (the horizon follows t_end_years, "
                        "t_end_orbits, min_duration_years and t_end_until_temperature_K)",
                        horizon_years, p->radiation.mars_temperature_driver.autogenerate.dt_hours,
                        (long)MD_TEMPDRIVER_MAX_SAMPLES);
}

static long count_samples(long n_steps, long stride) {
    return (n_steps - 1) / stride + 1 + ((n_steps - 1) % stride != 0 ? 1 : 0);
}

md_status md_run_engine_plan(const md_params *p, long stride, md_run_plan *plan, md_error *err) {
    if (stride < 1) {
        return md_error_set(err, MD_ERR_CONFIG, "output.series_stride %ld must be >= 1", stride);
    }
    geometry g;
    md_status st = resolve_geometry(p, &g, err);
    if (st != MD_OK) {
        return st;
    }
    /* every run builds this table at its start (initialisation step 8) */
    const double horizon = t_end_years_basis(p, &g);
    const long n = md_tempdriver_sample_count(
        horizon, p->radiation.mars_temperature_driver.autogenerate.dt_hours);
    if ((st = check_temp_samples(p, horizon, n, err)) != MD_OK) {
        return st;
    }
    md_temp_table temp = {0};
    double *buf = NULL;
    if (isfinite(p->numerics.t_end_until_temperature_K)) {
        buf = md_alloc_zeroed((size_t)(2 * (n > 0 ? n : 1)), sizeof(double));
        if (!buf) {
            return md_error_set(err, MD_ERR_NOMEM, "cannot allocate the temperature table");
        }
        st = build_temp_table(p, horizon, n, buf, buf + n, &temp, err);
    }
    time_grid tg;
    if (st == MD_OK) {
        st = resolve_time_grid(p, &g, &temp, &tg, err);
    }
    md_alloc_free(buf);
    if (st != MD_OK) {
        return st;
    }
    plan->n_steps = tg.n_steps;
    plan->dt_s = tg.dt;
    plan->t_end_s = tg.t_end;
    plan->n_bins = (int)p->sizes.n_bins;
    plan->stride = stride;
    plan->n_samples = count_samples(tg.n_steps, stride);
    return MD_OK;
}

/* Line-of-sight optical depth kappa Sigma f_los, 0 when not finite (S6 and S14 use it on the
 * start-of-step kappa and Sigma). */
static double tau_los_finite(double kappa, double sigma, double f_los) {
    double tau = kappa * sigma * f_los;
    return isfinite(tau) ? tau : 0.0;
}

/* Q_pr look-up with the optional override (run_zero_d.py: _lookup_qpr). */
static double qpr_at(const md_qpr_table *tab, double override, double s, double T) {
    return isfinite(override) ? override : md_radiation_qpr(tab, s, T);
}

/* The radiation block S3 / init step 13 (physics_step.py: compute_radiation_parameters). */
static double blowout_radius(const md_qpr_table *tab, double override, double s_start, double rho,
                             double T) {
    if (isfinite(override)) {
        return md_radiation_s_blow(rho, T, override);
    }
    return md_radiation_blowout_iterate(tab, s_start, rho, T).a_blow;
}

/* Everything the engine keeps for one run (spec 10 §1.1). */
typedef struct run_state {
    geometry g;
    time_grid tg;
    md_temp_table temp;
    long temp_cursor; /* the temperature table's last node interval (look-up hint) */
    const md_qpr_table *qpr;
    const md_phi_tau_table *phi;
    md_shielding_config shield;
    md_sublimation_params sub;
    md_phase_thresholds phase_th;
    md_supply_params supply;
    md_qstar_table qstar;
    md_kernel_dynamics dyn;
    md_collide0d_input cin;
    double e0, i0;     /* step 6 [-], [rad] */
    double los_factor; /* f_los of shielding.los_geometry */
    int collisions_active, blowout_enabled, sublimation_active, gate_enabled;
    double chi, t_blow;
    double beta_config, kappa0, kappa_eff0, sigma0, sigma_tau1_init, sigma_ref, prod_rate;
    double mass_total;
    double a_blow0;
    int case_status; /* 0 ok, 1 blowout, 2 no_blowout */
} run_state;

/* ---- md_params enums to the physics layer's, indexed by the (validated) md_params value ---- */
static const md_shielding_mode shielding_modes[] = {
    [MD_PARAMS_SHIELDING_OFF] = MD_SHIELDING_OFF,
    [MD_PARAMS_SHIELDING_PSITAU] = MD_SHIELDING_PSITAU,
    [MD_PARAMS_SHIELDING_FIXED_TAU1] = MD_SHIELDING_FIXED_TAU1,
};
static const md_psd_s0_mode s0_modes[] = {
    [MD_PARAMS_S0_MONO] = MD_PSD_S0_MONO,
    [MD_PARAMS_S0_UPPER] = MD_PSD_S0_UPPER,
    [MD_PARAMS_S0_MELT_LOGNORMAL_MIXTURE] = MD_PSD_S0_MELT_LOGNORMAL_MIXTURE,
    [MD_PARAMS_S0_MELT_TRUNCATED_POWERLAW] = MD_PSD_S0_MELT_TRUNCATED_POWERLAW,
};
static const md_inject_mode inject_modes[] = {
    [MD_PARAMS_INJECTION_MIN_BIN] = MD_INJECT_MIN_BIN,
    [MD_PARAMS_INJECTION_POWERLAW_BINS] = MD_INJECT_POWERLAW_BINS,
    [MD_PARAMS_INJECTION_INITIAL_PSD] = MD_INJECT_INITIAL_PSD,
};
static const md_kernel_supply_vel_mode supply_vel_modes[] = {
    [MD_PARAMS_INJ_VEL_INHERIT] = MD_KERNEL_SUPPLY_VEL_INHERIT,
    [MD_PARAMS_INJ_VEL_FIXED_EI] = MD_KERNEL_SUPPLY_VEL_FIXED_EI,
    [MD_PARAMS_INJ_VEL_FACTOR] = MD_KERNEL_SUPPLY_VEL_FACTOR,
};

/* shielding.los_geometry: f_los = path_multiplier / h_over_r when that exceeds 1 */
static double los_factor(const md_params *p) {
    double h = p->shielding.los_geometry.h_over_r, pm = p->shielding.los_geometry.path_multiplier;
    int aspect = p->shielding.los_geometry.mode == MD_PARAMS_LOS_ASPECT_RATIO_FACTOR;
    return (aspect && h > 0.0 && pm > 0.0 && pm / h > 1.0) ? pm / h : 1.0;
}

md_status md_run_engine_tables(const md_params *p, md_workspace *ws, const md_qpr_table **qpr,
                               const md_phi_tau_table **phi, md_error *err) {
    *qpr = NULL;
    *phi = NULL;
    /* step 7: a Q_pr table unless Q_pr is given as a number */
    if (!isfinite(p->radiation.Q_pr)) {
        md_status st = md_workspace_qpr(ws, p->radiation.qpr_table_path, qpr, err);
        if (st != MD_OK) {
            return st;
        }
    }
    /* step 9: the Phi(tau) table of psitau shielding */
    if (shielding_modes[p->shielding.mode] != MD_SHIELDING_OFF && p->shielding.table_path[0]) {
        return md_workspace_phi_tau(ws, p->shielding.table_path, phi, err);
    }
    return MD_OK;
}

int md_run_engine_sublimation_active(const md_params *p) {
    int sinks = p->sinks.mode != MD_PARAMS_SINKS_NONE;
    /* enable_sublimation OR mode == sublimation (§4.8 Q12) */
    int enabled =
        sinks && (p->sinks.enable_sublimation || p->sinks.mode == MD_PARAMS_SINKS_SUBLIMATION);
    switch (p->physics_mode) {
    case MD_PARAMS_PHYSICS_SUBLIMATION_ONLY:
        return 1;
    case MD_PARAMS_PHYSICS_COLLISIONS_ONLY:
        return 0;
    default:
        return sinks && enabled;
    }
}

static md_status setup_qstar(const md_params *p, md_qstar_table *t, md_error *err) {
    const md_params_qstar_table *tab = &p->qstar.coeff_table;
    md_qstar_row rows[MD_PARAMS_QSTAR_TABLE_MAX];
    for (int k = 0; k < tab->n; k++) {
        rows[k] = (md_qstar_row){tab->v_ref_kms[k], tab->coeffs[k][0], tab->coeffs[k][1],
                                 tab->coeffs[k][2], tab->coeffs[k][3]};
    }
    md_qstar_config qc = {
        .coeff_units = p->qstar.coeff_units == MD_PARAMS_COEFF_UNITS_SI ? MD_QSTAR_UNITS_SI
                                                                        : MD_QSTAR_UNITS_BA99_CGS,
        .mu_grav = p->qstar.mu_grav,
        .override_coeffs = p->qstar.override_coeffs,
        .coeff_table = tab->n > 0 ? rows : NULL,
        .n_coeff_table = tab->n,
        .v_ref_kms = p->qstar.v_ref_kms.v,
        .n_v_ref = p->qstar.v_ref_kms.n,
        .Qs = p->qstar.Qs,
        .a_s = p->qstar.a_s,
        .B = p->qstar.B,
        .b_g = p->qstar.b_g,
        .coeff_scale = p->qstar.coeff_scale,
    };
    return md_qstar_table_setup(t, &qc, err);
}

/* Step 19's tau = 1 quantities (run_zero_d.py ≈l.2173-2217; spec 30 §5), once kappa0,
 * kappa_eff0 and Sigma_surf(0) = Sigma0 are known. init_tau1 is ignored with the optical-depth
 * block, so the target tau is 1 and its line-of-sight scale f_los.
 *   - fixed_tau1 tau: shielding.fixed_tau1_tau, else tau_initial = kappa0 Sigma0 (no f_los);
 *   - fixed_tau1 Sigma_tau1: the number given; "auto" = 1 / (kappa_eff0 f_los) and "auto_max" =
 *     max(that, Sigma0) (1 + auto_max_margin), where kappa_eff0 is re-evaluated as
 *     Phi(tau_initial f_los) kappa0 when a Phi table is loaded (and reported so); left unset
 *     (NaN) if that kappa_eff0 is not positive. These apply whatever the mode, as in the
 *     reference, but only fixed_tau1 steps use them;
 *   - the cap Sigma_tau1_initial: the auto value, else the number, else with disk and
 *     inner_disk_mass 1 / (kappa0 f_los). */
static void set_tau1_targets(const md_params *p, run_state *rs) {
    double tau_initial = rs->kappa0 * rs->sigma0;
    const md_params_num_or_word *fs = &p->shielding.fixed_tau1_sigma;
    rs->shield.tau_fixed =
        isnan(p->shielding.fixed_tau1_tau) ? tau_initial : p->shielding.fixed_tau1_tau;
    rs->shield.sigma_tau1_fixed = fs->word == MD_NW_NUMBER ? fs->value : NAN;
    double cap = NAN;
    if (fs->word == MD_NW_AUTO || fs->word == MD_NW_AUTO_MAX) {
        if (rs->phi) {
            rs->kappa_eff0 =
                md_shielding_phi_tau(rs->phi, tau_initial * rs->los_factor) * rs->kappa0;
        }
        if (rs->kappa_eff0 > 0.0 && isfinite(rs->kappa_eff0)) {
            cap = md_shielding_sigma_tau1_auto(1.0, rs->kappa_eff0, rs->los_factor,
                                               fs->word == MD_NW_AUTO_MAX, rs->sigma0,
                                               p->shielding.auto_max_margin);
            rs->shield.sigma_tau1_fixed = cap;
        }
    }
    if (isnan(cap)) {
        cap = !isnan(rs->shield.sigma_tau1_fixed) ? rs->shield.sigma_tau1_fixed
              : (p->inner_disk_mass.present && p->disk.present)
                  ? 1.0 / (rs->kappa0 * rs->los_factor)
                  : NAN;
    }
    rs->sigma_tau1_init = cap;
}

/* Initialisation in the reference's order (spec 10 §2). Fills rs and the PSD arrays of ws. */
static md_status initialise(const md_params *p, md_workspace *ws, run_state *rs, double *psd_s_min,
                            double *s_min_eff, double *sigma, double *kappa, md_error *err) {
    md_status st = resolve_geometry(p, &rs->g, err);
    if (st != MD_OK) {
        return st;
    }
    const int n = (int)p->sizes.n_bins;
    rs->collisions_active = p->physics_mode != MD_PARAMS_PHYSICS_SUBLIMATION_ONLY;
    rs->los_factor = los_factor(p);
    st = setup_qstar(p, &rs->qstar, err); /* step 3 */
    if (st != MD_OK) {
        return st;
    }
    /* steps 5-6: seed, e, i. The RNG is used only for the e/i sampling, so the hashed default
     * seed is derived only when something is sampled. */
    uint64_t seed = 0;
    if (p->dynamics.e_mode == MD_PARAMS_E_MODE_MARS_CLEARANCE ||
        p->dynamics.i_mode == MD_PARAMS_I_MODE_OBS_TILT_SPREAD) {
        st = md_run_seed_resolve(p, rs->g.r, rs->g.r_RM, &seed, err);
        if (st != MD_OK) {
            return st;
        }
    }
    md_rng rng;
    md_rng_seed(&rng, seed);
    rs->e0 = p->dynamics.e_profile.mode == MD_PARAMS_E_PROFILE_MARS_PERICENTER
                 ? md_eccentricity_mars_pericenter(rs->g.r, p->dynamics.e_profile.clip_min,
                                                   p->dynamics.e_profile.clip_max)
                 : p->dynamics.e0;
    if (p->dynamics.e_mode == MD_PARAMS_E_MODE_MARS_CLEARANCE) {
        double dr = 0.0;
        st = md_eccentricity_clearance_dr(&rng,
                                          p->dynamics.dr_dist == MD_PARAMS_DR_DIST_LOGUNIFORM
                                              ? MD_ECC_DR_LOGUNIFORM
                                              : MD_ECC_DR_UNIFORM,
                                          p->dynamics.dr_min_m, p->dynamics.dr_max_m, &dr, err);
        if (st != MD_OK) {
            return st;
        }
        rs->e0 = md_eccentricity_clearance_e(rs->g.r, dr);
    }
    rs->i0 = p->dynamics.i0_unit == MD_PARAMS_I0_UNIT_DEG ? p->dynamics.i0 * (MD_PI / 180.0)
                                                          : p->dynamics.i0;
    if (p->dynamics.i_mode == MD_PARAMS_I_MODE_OBS_TILT_SPREAD) {
        rs->i0 =
            md_eccentricity_obs_tilt_i(&rng, p->dynamics.obs_tilt_deg, p->dynamics.i_spread_deg);
    }
    /* steps 7 and 9: the Q_pr and Phi tables */
    st = md_run_engine_tables(p, ws, &rs->qpr, &rs->phi, err);
    if (st != MD_OK) {
        return st;
    }
    /* step 8: temperature driver (always a generated table on this path) */
    double horizon = t_end_years_basis(p, &rs->g);
    long n_temp = md_tempdriver_sample_count(
        horizon, p->radiation.mars_temperature_driver.autogenerate.dt_hours);
    st = check_temp_samples(p, horizon, n_temp, err);
    if (st != MD_OK) {
        return st;
    }
    st = md_workspace_reserve(ws, n, 0, n_temp, err);
    if (st != MD_OK) {
        return st;
    }
    st = build_temp_table(p, horizon, n_temp, md_workspace_array(ws, MD_WS_TEMP_T),
                          md_workspace_array(ws, MD_WS_TEMP_K), &rs->temp, err);
    if (st != MD_OK) {
        return st;
    }
    double T0 = 0.0;
    st = md_tempdriver_eval(&rs->temp, 0.0, &T0, err);
    if (st != MD_OK) {
        return st;
    }
    /* time grid (§3), then the step tracks */
    st = resolve_time_grid(p, &rs->g, &rs->temp, &rs->tg, err);
    if (st == MD_OK) {
        st = md_workspace_reserve(ws, n, rs->tg.n_steps, n_temp, err);
    }
    if (st != MD_OK) {
        return st;
    }
    /* step 9: shielding */
    md_shielding_mode shield_mode = shielding_modes[p->shielding.mode];
    rs->shield = (md_shielding_config){
        .mode = shield_mode,
        .phi_tau = rs->phi,
        .phi_grid = NULL,
        .tau_fixed = NAN,
        .sigma_tau1_fixed = NAN,
        .los_factor = rs->los_factor,
    };
    /* step 10-11: sublimation and phase parameters */
    rs->sub = md_sublimation_params_default();
    rs->sub.mode = p->sinks.sub_params.mode == MD_PARAMS_SUB_HKL ||
                           p->sinks.sub_params.mode == MD_PARAMS_SUB_HKL_TIMESCALE
                       ? MD_SUBLIMATION_HKL
                       : MD_SUBLIMATION_EXPONENTIAL;
    rs->sub.alpha_evap = p->sinks.sub_params.alpha_evap;
    rs->sub.mu = p->sinks.sub_params.mu;
    rs->sub.A = p->sinks.sub_params.A;
    rs->sub.B = p->sinks.sub_params.B;
    rs->sub.enable_liquid_branch = p->sinks.sub_params.enable_liquid_branch;
    rs->sub.psat_liquid_switch_K = p->sinks.sub_params.psat_liquid_switch_K;
    rs->sub.A_liq = p->sinks.sub_params.A_liq;
    rs->sub.B_liq = p->sinks.sub_params.B_liq;
    rs->sub.P_gas = p->sinks.sub_params.P_gas;
    rs->sub.dT = p->sinks.sub_params.dT;
    rs->sub.eta_instant = p->sinks.sub_params.eta_instant;
    rs->phase_th =
        (md_phase_thresholds){p->phase.thresholds.T_condense_K, p->phase.thresholds.T_vaporize_K,
                              p->phase.thresholds.P_ref_bar, p->phase.thresholds.tau_ref};
    /* step 12 */
    rs->blowout_enabled = p->blowout.enabled && rs->collisions_active && p->sinks.rp_blowout.enable;
    rs->gate_enabled = p->blowout.gate_mode != MD_PARAMS_GATE_NONE;
    /* step 13: initial blow-out size and floor */
    double s_min_cfg = p->sizes.s_min;
    rs->a_blow0 = blowout_radius(rs->qpr, p->radiation.Q_pr, s_min_cfg, p->material.rho, T0);
    double a_eff = fmax(s_min_cfg, rs->a_blow0);
    *s_min_eff = p->psd.floor.mode == MD_PARAMS_FLOOR_NONE ? s_min_cfg : fmax(s_min_cfg, a_eff);
    /* steps 14-15: grid and initial shape */
    md_psd_init_params pp = {
        .mode = s0_modes[p->initial.s0_mode],
        .upper = {p->psd.alpha, MD_PSD_ALPHA_SIZE, p->psd.wavy_strength, 0.0},
        .lognormal = {p->initial.melt_psd.f_fine, p->initial.melt_psd.s_fine,
                      p->initial.melt_psd.s_meter, p->initial.melt_psd.width_dex,
                      p->initial.melt_psd.s_cut_condensation},
        .powerlaw = {p->initial.melt_psd.alpha_solid, p->initial.melt_psd.s_min_solid,
                     p->initial.melt_psd.s_max_solid, p->initial.melt_psd.s_cut_condensation},
    };
    double *edges = md_workspace_array(ws, MD_WS_EDGES), *s = md_workspace_array(ws, MD_WS_S);
    double *width = md_workspace_array(ws, MD_WS_WIDTH),
           *number = md_workspace_array(ws, MD_WS_NUMBER);
    st = md_psd_init(&pp, *s_min_eff, p->sizes.s_max, n, p->material.rho, edges, s, width,
                     md_workspace_array(ws, MD_WS_M_INIT), number,
                     md_workspace_array(ws, MD_WS_WORK), NULL, err);
    if (st != MD_OK) {
        return st;
    }
    *psd_s_min = pp.mode == MD_PSD_S0_MONO ? 1.5 : *s_min_eff;
    /* step 16-17: opacity and the optical-depth target */
    rs->kappa0 = finite_kappa(md_psd_kappa(s, width, number, md_workspace_array(ws, MD_WS_M_INIT),
                                           n, md_workspace_array(ws, MD_WS_WORK)));
    *kappa = rs->kappa0;
    double phi0 = rs->phi ? md_shielding_phi_tau(rs->phi, p->optical_depth.tau0_target) : 1.0;
    rs->kappa_eff0 = phi0 * rs->kappa0;
    if (!isfinite(rs->kappa_eff0) || rs->kappa_eff0 <= 0.0) {
        return md_error_set(err, MD_ERR_CONFIG,
                            "optical_depth requires a positive finite kappa_eff0 (got %g)",
                            rs->kappa_eff0);
    }
    rs->sigma0 = p->optical_depth.tau0_target / (rs->kappa_eff0 * rs->los_factor);
    /* step 18: beta and case_status */
    double q_cfg = qpr_at(rs->qpr, p->radiation.Q_pr, s_min_cfg, T0);
    rs->beta_config = md_radiation_beta(s_min_cfg, p->material.rho, T0, q_cfg);
    rs->case_status = rs->beta_config >= MD_RADIATION_BETA_THRESHOLD ? 1 : 0;
    if (!rs->blowout_enabled) {
        rs->case_status = 2;
    }
    double q_eff = qpr_at(rs->qpr, p->radiation.Q_pr, *s_min_eff, T0);
    double beta_eff0 = md_radiation_beta(*s_min_eff, p->material.rho, T0, q_eff);
    /* step 19: Sigma_surf(0) = Sigma0 on the optical-depth path, the fixed_tau1 targets and
     * the Sigma_tau1 cap (a diagnostic) */
    *sigma = rs->sigma0;
    set_tau1_targets(p, rs);
    /* steps 21-22: area and the bookkeeping mass */
    rs->mass_total =
        (rs->g.area > 0.0) ? rs->sigma0 * rs->g.area / MD_M_MARS : p->initial.mass_total;
    /* step 23: chi_blow and t_blow */
    rs->chi = p->chi_blow.word == MD_NW_AUTO ? md_radiation_chi_blow_auto(beta_eff0, q_eff)
                                             : md_radiation_chi_blow_clamp(p->chi_blow.value);
    rs->t_blow = rs->chi / rs->g.omega;
    /* step 24 */
    rs->sublimation_active = md_run_engine_sublimation_active(p);
    /* step 25: supply (injection weights, Sigma_ref, R_prod) */
    double *w = md_workspace_array(ws, MD_WS_WEIGHTS);
    md_inject_mode inj = inject_modes[p->supply.injection.mode];
    if (inj == MD_INJECT_INITIAL_PSD) {
        double sum = 0.0;
        for (int k = 0; k < n; k++) {
            double v = pow(s[k], 3.0) * width[k] * number[k];
            w[k] = (isfinite(v) && v > 0.0) ? v : 0.0;
            sum += w[k];
        }
        if (!(sum > 0.0)) {
            return md_error_set(err, MD_ERR_CONFIG,
                                "supply.injection.mode initial_psd requires positive mass weights");
        }
        st = md_collide0d_inject_weights(w, n, w, err);
        if (st != MD_OK) {
            return st;
        }
    }
    double phi_ref =
        rs->phi ? md_shielding_phi_tau(rs->phi, p->supply.const_.mu_reference_tau) : 1.0;
    st = md_supply_sigma_ref(p->supply.const_.mu_reference_tau, phi_ref, rs->kappa0, rs->los_factor,
                             &rs->sigma_ref, err);
    if (st != MD_OK) {
        return st;
    }
    rs->prod_rate = p->supply.const_.prod_area_rate_kg_m2_s;
    if (p->supply.enabled && p->supply.mode != MD_PARAMS_SUPPLY_POWERLAW &&
        isfinite(p->supply.const_.mu_orbit10pct)) {
        st = md_supply_rate_from_mu(p->supply.const_.mu_orbit10pct,
                                    p->supply.const_.orbit_fraction_at_mu1, rs->sigma_ref,
                                    rs->g.t_orb, p->supply.mixing.epsilon_mix, &rs->prod_rate, err);
        if (st != MD_OK) {
            return st;
        }
    }
    rs->supply = (md_supply_params){
        .enabled = p->supply.enabled,
        .mode = p->supply.mode == MD_PARAMS_SUPPLY_POWERLAW ? MD_SUPPLY_POWERLAW : MD_SUPPLY_CONST,
        .prod_area_rate = rs->prod_rate,
        .powerlaw_A = p->supply.powerlaw.A_kg_m2_s,
        .powerlaw_t0 = p->supply.powerlaw.t0_s,
        .powerlaw_index = p->supply.powerlaw.index,
        .epsilon_mix = p->supply.mixing.epsilon_mix,
    };
    /* step 27: collision caches cleared at the start of every run */
    md_collide0d_work_reset(md_workspace_collide(ws));
    rs->dyn = (md_kernel_dynamics){
        .ei_mode = p->dynamics.kernel_ei_mode == MD_PARAMS_KERNEL_EI_WYATT_EQ
                       ? MD_KERNEL_EI_WYATT_EQ
                       : MD_KERNEL_EI_CONFIG,
        .H_mode = p->dynamics.kernel_H_mode == MD_PARAMS_KERNEL_H_FIXED ? MD_KERNEL_H_FIXED
                                                                        : MD_KERNEL_H_IA,
        .v_rel_mode = p->dynamics.v_rel_mode == MD_PARAMS_V_REL_OHTSUKI ? MD_KERNEL_VREL_OHTSUKI
                                                                        : MD_KERNEL_VREL_PERICENTER,
        .e0 = rs->e0,
        .i0 = rs->i0,
        .H_factor = p->dynamics.H_factor,
        .H_fixed_over_a = p->dynamics.H_fixed_over_a,
        .f_wake = p->dynamics.f_wake,
    };
    rs->cin = (md_collide0d_input){
        .n = n,
        .s = s,
        .width = width,
        .edges = edges,
        .number = number,
        .r = rs->g.r,
        .omega = rs->g.omega,
        .rho = p->material.rho,
        .e = rs->e0,
        .i = rs->i0,
        .dynamics = &rs->dyn,
        .qstar = &rs->qstar,
        .mass_conserving = p->sinks.sub_params.mass_conserving,
        .t_sink = NAN,
        .inject = {inj, p->supply.injection.s_inj_min, p->supply.injection.s_inj_max,
                   p->supply.injection.q, inj == MD_INJECT_INITIAL_PSD ? w : NULL},
        .velocity = {supply_vel_modes[p->supply.injection.velocity.mode],
                     p->supply.injection.velocity.blend_mode == MD_PARAMS_BLEND_LINEAR
                         ? MD_KERNEL_BLEND_LINEAR
                         : MD_KERNEL_BLEND_RMS,
                     p->supply.injection.velocity.weight_mode == MD_PARAMS_WEIGHT_SIGMA_RATIO
                         ? MD_KERNEL_SUPPLY_WEIGHT_SIGMA_RATIO
                         : MD_KERNEL_SUPPLY_WEIGHT_DELTA_SIGMA,
                     p->supply.injection.velocity.e_inj, p->supply.injection.velocity.i_inj,
                     p->supply.injection.velocity.vrel_factor},
    };
    return MD_OK;
}

md_status md_run_engine_run(const md_params *p, long stride, md_workspace *ws,
                            const md_observer *obs, md_run_result *res, md_error *err) {
    if (stride < 1) {
        return md_error_set(err, MD_ERR_CONFIG, "output.series_stride %ld must be >= 1", stride);
    }
    run_state rs;
    memset(&rs, 0, sizeof rs);
    rs.temp_cursor = -1;
    double psd_s_min = 0.0, s_min_eff = 0.0, sigma = 0.0, kappa_surf = 0.0;
    md_status st = initialise(p, ws, &rs, &psd_s_min, &s_min_eff, &sigma, &kappa_surf, err);
    if (st != MD_OK) {
        return st;
    }
    const int n = (int)p->sizes.n_bins;
    const double dt = rs.tg.dt, A = rs.g.area, f_los = rs.los_factor;
    const long n_steps = rs.tg.n_steps;
    double *number = md_workspace_array(ws, MD_WS_NUMBER);
    double *s = md_workspace_array(ws, MD_WS_S), *width = md_workspace_array(ws, MD_WS_WIDTH);
    double *row = md_workspace_array(ws, MD_WS_ROW), *sum = md_workspace_array(ws, MD_WS_SUMMARY);
    double *N_init = md_workspace_array(ws, MD_WS_N_INITIAL);
    double *N_final = md_workspace_array(ws, MD_WS_N_FINAL);
    double *tr_T = md_workspace_array(ws, MD_WS_TRACK_T),
           *tr_beta = md_workspace_array(ws, MD_WS_TRACK_BETA);
    double *tr_ablow = md_workspace_array(ws, MD_WS_TRACK_ABLOW);
    double *tr_gate = md_workspace_array(ws, MD_WS_TRACK_GATE);
    double *tr_tsolid = md_workspace_array(ws, MD_WS_TRACK_TSOLID);
    double *tr_dttb = md_workspace_array(ws, MD_WS_TRACK_DTTB),
           *tr_vis = md_workspace_array(ws, MD_WS_TRACK_VIS);
    md_collide0d_work *cw = md_workspace_collide(ws);
    double *edges = md_workspace_array(ws, MD_WS_EDGES), *work = md_workspace_array(ws, MD_WS_WORK);
    /* a new version for every grid, this run's first included (spec 10 §1.3) */
    const double *m_k =
        md_workspace_psd_masses(ws, s, n, p->material.rho, md_workspace_new_sizes_version(ws));

    /* run variables (spec 10 §1.1) */
    double floor_dyn = s_min_eff, a_blow = rs.a_blow0,
           a_blow_eff = fmax(p->sizes.s_min, rs.a_blow0);
    double qpr_mean = NAN, qpr_blow = NAN, beta_eff = NAN, T_use = NAN;
    int beta_gate = 0;
    double M_out = 0.0, M_sink = 0.0, M_sub = 0.0, M_spill = 0.0, M_hydro = 0.0;
    double orb_t = 0.0, orb_out = 0.0, orb_sink = 0.0;
    long orbits = 0;
    double elapsed = 0.0, mb_max = 0.0, sigma_tau1_last_finite = NAN;
    double supply_scaled_initial = NAN, tau_stop_value = NAN, stop_time = NAN;
    long n_tracks = 0, n_dttb = 0, n_samples = 0, stop_step = -1, n_done = 0;
    int have_N_init = 0, have_N_final = 0;
    const char *stop_reason = "t_end_reached";
    double tau_final = NAN;

    for (long k = 0; k < n_steps; k++) {
        const double time = (double)k * dt; /* start of step, never summed (§3.2) */
        int series_write = stride <= 1 || k % stride == 0 || k == n_steps - 1;
        /* S1 temperature */
        st = md_tempdriver_eval_near(&rs.temp, time, &rs.temp_cursor, &T_use, err);
        if (st != MD_OK) {
            return st;
        }
        tr_T[n_tracks] = T_use;
        double rad_flux = MD_SIGMA_SB * pow(T_use, 4.0);
        double T_p = 0.0;
        st = md_phase_particle_temperature(T_use, rs.g.r, p->phase.q_abs_mean, &T_p, err);
        if (st != MD_OK) {
            return st;
        }
        double T_phase = p->phase.temperature_input == MD_PARAMS_PHASE_T_PARTICLE ? T_p : T_use;
        /* S3 radiation block (a temperature driver is always enabled: every step) */
        a_blow = blowout_radius(rs.qpr, p->radiation.Q_pr, psd_s_min, p->material.rho, T_use);
        a_blow_eff = fmax(p->sizes.s_min, a_blow);
        qpr_blow = qpr_at(rs.qpr, p->radiation.Q_pr, fmax(a_blow, 1.0e-12), T_use);
        if (p->psd.floor.mode == MD_PARAMS_FLOOR_NONE) {
            s_min_eff = psd_s_min;
        } else if (p->psd.floor.mode == MD_PARAMS_FLOOR_EVOLVE_SMIN) {
            s_min_eff = fmax(a_blow_eff, floor_dyn);
        } else {
            s_min_eff = a_blow_eff;
            floor_dyn = fmax(floor_dyn, s_min_eff);
        }
        psd_s_min = s_min_eff;
        qpr_mean = qpr_at(rs.qpr, p->radiation.Q_pr, s_min_eff, T_use);
        beta_eff = md_radiation_beta(s_min_eff, p->material.rho, T_use, qpr_mean);
        beta_gate = beta_eff >= MD_RADIATION_BETA_THRESHOLD; /* §4.8 Q1: >= on the raw value */
        tr_beta[n_tracks] = beta_eff;
        tr_ablow[n_tracks] = a_blow;
        n_tracks++;
        /* S4 early stop (no row) */
        if (p->numerics.stop_on_blowout_below_smin && a_blow <= p->sizes.s_min &&
            (rs.tg.min_duration_s <= 0.0 || time >= rs.tg.min_duration_s)) {
            stop_reason = "a_blow_below_s_min_config";
            stop_step = k;
            stop_time = time;
            elapsed = time;
            break;
        }
        const double t_blow = rs.t_blow;
        /* S6 phase (kappa and Sigma of the previous step, §4.8 Q4) */
        double tau_phase =
            tau_los_finite(kappa_surf, p->surface.freeze_sigma ? rs.sigma0 : sigma, f_los);
        md_phase_result ph;
        if (p->phase.enabled) {
            st = md_phase_evaluate(&rs.phase_th, T_phase, rs.sub.P_gas, tau_phase, &ph, err);
            if (st != MD_OK) {
                return st;
            }
        } else {
            md_phase_disabled(&ph);
        }
        int solid = ph.state == MD_PHASE_SOLID;
        int liquid = ph.bulk == MD_PHASE_BULK_LIQUID_DOMINATED;
        /* S7 gates */
        int coll_step = rs.collisions_active && !liquid;
        int allow_supply = md_supply_allowed(k, solid, liquid); /* §4.8 Q5 */
        /* S8 sublimation ds/dt */
        double ds_raw = 0.0, ds_val = 0.0;
        int blocked = 0;
        int liquid_block_step = rs.sublimation_active && liquid && !p->phase.allow_liquid_hkl;
        if (rs.sublimation_active) {
            double T_grain = 0.0, J = 0.0;
            md_error ignore;
            st = md_radiation_grain_temperature(T_use, rs.g.r, 1.0, &T_grain, err);
            if (st != MD_OK) {
                return st;
            }
            /* physics_step.compute_sublimation: a ValueError gives ds/dt = 0 */
            if (md_sublimation_flux(&rs.sub, T_grain, &J, &ignore) != MD_OK ||
                md_sublimation_ds_dt(J, p->material.rho, &ds_raw, &ignore) != MD_OK) {
                ds_raw = 0.0;
            }
            blocked = liquid_block_step && ds_raw < 0.0;
            ds_val = liquid_block_step ? 0.0 : ds_raw;
        }
        int smol_sub_active = rs.sublimation_active &&
                              p->sinks.sublimation_location != MD_PARAMS_SUBLOC_SURFACE && !blocked;
        int surface_sub_active = rs.sublimation_active &&
                                 p->sinks.sublimation_location != MD_PARAMS_SUBLOC_SMOL && !blocked;
        /* S9 floor */
        if (p->psd.floor.mode == MD_PARAMS_FLOOR_EVOLVE_SMIN) {
            double cand = fmax(fmax(floor_dyn, s_min_eff),
                               fmax(floor_dyn + fabs(ds_val) * dt, p->sizes.s_min));
            floor_dyn = fmax(cand, a_blow);
            s_min_eff = fmax(s_min_eff, floor_dyn);
            psd_s_min = s_min_eff;
        }
        /* S10 surface drift (only with surface sublimation; a no-op for ds/dt = 0) */
        double floor_step = s_min_eff;
        if (p->psd.floor.mode == MD_PARAMS_FLOOR_NONE) {
            floor_step =
                (p->sinks.sub_params.mass_conserving && ds_val < 0.0) ? 0.0 : p->sizes.s_min;
        }
        md_psd_drift_result drift;
        md_psd_apply_uniform_size_drift(s, width, edges, n, number,
                                        surface_sub_active ? ds_val : 0.0, dt, floor_step, sigma,
                                        work, &drift);
        sigma = drift.sigma_new;
        double delta_sigma_sub = drift.delta_sigma, sigma_loss_sub_blow = 0.0;
        if (drift.moved) {
            /* new sizes: the m_k cache, kernel and fragment table (keyed on sizes) are stale */
            m_k = md_workspace_psd_masses(ws, s, n, p->material.rho,
                                          md_workspace_new_sizes_version(ws));
            psd_s_min = drift.s_min_new;
        }
        /* S11 sanitise (no renormalisation) and kappa of the start-of-step shape */
        md_psd_sanitize(s, width, n, 0, number);
        /* mass-conserving sublimation: the loss is reclassified as blow-out in S20 */
        if (p->sinks.sub_params.mass_conserving && ds_val < 0.0) {
            sigma_loss_sub_blow = delta_sigma_sub;
            delta_sigma_sub = 0.0;
        }
        kappa_surf = p->radiation.freeze_kappa
                         ? rs.kappa0
                         : finite_kappa(md_psd_kappa(s, width, number, m_k, n, work));
        /* S12 surface-sublimation bookkeeping */
        double dS_sub_surf = delta_sigma_sub / dt;
        double dm_sub_surf = fmax(delta_sigma_sub * A / MD_M_MARS, 0.0);
        if (dm_sub_surf > 0.0 && surface_sub_active) {
            M_sink += dm_sub_surf;
            M_sub += dm_sub_surf;
        }
        /* S14 start-of-step tau, gates */
        double tau_los_pre =
            tau_los_finite(kappa_surf, p->surface.freeze_sigma ? rs.sigma0 : sigma, f_los);
        int tau_gate_block =
            p->radiation.tau_gate.enable && tau_los_pre >= p->radiation.tau_gate.tau_max;
        int phase_allows =
            !(p->blowout.target_phase == MD_PARAMS_TARGET_PHASE_SOLID_ONLY && !solid);
        int enable_blowout =
            coll_step && rs.blowout_enabled && beta_gate && phase_allows && !tau_gate_block;
        /* S15 fast blow-out diagnostics */
        double fb_ratio = 0.0, fb_factor = 0.0;
        int fb_gt3 = 0, fb_gt10 = 0, apply_corr = 0;
        if (rs.blowout_enabled && t_blow > 0.0) {
            fb_ratio = dt / t_blow;
            fb_factor = isfinite(fb_ratio) ? md_radiation_fast_blowout_factor(fb_ratio) : 1.0;
            fb_gt3 = fb_ratio > FAST_RATIO_GT3;
            fb_gt10 = fb_ratio > FAST_RATIO_GT10;
            apply_corr = fb_gt3 && p->io.correct_fast_blowout;
        }
        /* S16 solver branch (smol) */
        double kappa_eff = kappa_surf, sigma_tau1 = NAN, phi_eff = NAN, tau_los = NAN;
        double prod_rate = 0.0, outflux = 0.0, sink_flux = 0.0, total_prod = 0.0, total_sink = 0.0;
        double sigma_before = sigma, t_coll_kernel = NAN, smol_dt_eff = NAN, smol_err = NAN;
        double mdot_sub_smol = 0.0, dm_sub_smol = 0.0, mass_err_pct = 0.0;
        double fnum = 0.0, fden = 0.0;
        double sup_raw = NAN, sup_nominal = NAN, sup_scaled = NAN, sup_applied = NAN;
        double e_used = NAN, i_used = NAN, e_base = NAN, i_base = NAN, e_sup = NAN, i_sup = NAN;
        double w_sup = NAN;
        int corrected = 0, supply_evaluated = 0;
        if (coll_step) {
            if (p->surface.freeze_sigma) {
                sigma = rs.sigma0;
            }
            md_shielding_result sh;
            st = md_shielding_step(&rs.shield, kappa_surf, sigma, coll_step, &sh, err);
            if (st != MD_OK) {
                return st;
            }
            tau_los = sh.tau_los;
            kappa_eff = sh.kappa_eff;
            sigma_tau1 = sh.sigma_tau1;
            phi_eff = sh.phi;
            if (isfinite(sigma_tau1)) {
                sigma_tau1_last_finite = sigma_tau1;
            }
            md_supply_rates sr;
            md_supply_evaluate(&rs.supply, time, &sr);
            supply_evaluated = 1;
            sup_raw = sr.raw;
            if (isnan(supply_scaled_initial) && isfinite(sr.rate)) {
                supply_scaled_initial = sr.rate;
            }
            sup_scaled = allow_supply ? sr.rate : 0.0;
            sup_nominal = allow_supply ? sr.mixed : 0.0;
            prod_rate = sup_scaled; /* direct transport: applied = raw split input */
            sigma_before = sigma;
            rs.cin.number = number;
            rs.cin.sigma_surf = sigma;
            rs.cin.dt = dt;
            rs.cin.t_blow = t_blow;
            rs.cin.a_blow = a_blow;
            rs.cin.s_min_eff = s_min_eff;
            rs.cin.tau_eff = tau_los;
            rs.cin.collisions_enabled = coll_step;
            rs.cin.enable_blowout = enable_blowout;
            rs.cin.ds_dt = smol_sub_active ? ds_val : NAN;
            rs.cin.prod_rate = prod_rate;
            rs.cin.skip_diagnostics = !(series_write && obs && obs->on_sample);
            md_collide0d_result cr;
            st = md_collide0d_step(&rs.cin, cw, number, &cr, err);
            if (st != MD_OK) {
                return st;
            }
            if (cr.stepped && !have_N_init) {
                memcpy(N_init, cw->N, (size_t)n * sizeof(double));
                have_N_init = 1;
            }
            if (cr.stepped) {
                memcpy(N_final, cw->N_new, (size_t)n * sizeof(double));
                have_N_final = 1;
            }
            sigma = cr.sigma_after;
            t_coll_kernel = cr.t_coll_kernel;
            e_used = cr.e_used;
            i_used = cr.i_used;
            e_base = cr.e_base;
            i_base = cr.i_base;
            e_sup = cr.e_supply;
            i_sup = cr.i_supply;
            w_sup = cr.supply_weight;
            prod_rate = cr.prod_rate_eff;
            sup_applied = prod_rate;
            total_prod = cr.prod_rate_eff * dt;
            outflux = cr.mdot_blowout;
            if (apply_corr) {
                outflux *= fb_factor;
                corrected = 1;
            }
            double clip = fmax(cr.dsigma_dt_sinks - cr.mdot_sink - cr.mdot_sublimation, 0.0);
            sink_flux = cr.mdot_sink + cr.mdot_sublimation + clip;
            total_sink = cr.dsigma_dt_sinks * dt;
            mdot_sub_smol = cr.mdot_sublimation;
            dm_sub_smol = mdot_sub_smol * dt * A / MD_M_MARS;
            fnum = fb_factor * dt;
            fden = dt;
            mass_err_pct = cr.mass_error * 100.0;
            smol_dt_eff = cr.dt_eff;
            smol_err = cr.mass_error;
        } else {
            tau_los = kappa_surf * sigma * f_los;
        }
        if (p->surface.freeze_sigma) {
            sigma = rs.sigma0;
        }
        /* S19 gate competitor time and factor */
        double t_solid = NAN, gate = 1.0;
        if (p->blowout.gate_mode == MD_PARAMS_GATE_SUBLIMATION_COMPETITION) {
            if (ds_val < 0.0 && isfinite(ds_val) && isfinite(s_min_eff)) {
                double cand = s_min_eff / fabs(ds_val);
                if (cand > 0.0 && isfinite(cand)) {
                    t_solid = cand;
                }
            }
        } else if (p->blowout.gate_mode == MD_PARAMS_GATE_COLLISION_COMPETITION) {
            if (isfinite(tau_los) && tau_los > TAU_MIN) {
                double tau_vert = tau_los / fmax(f_los, 1.0);
                if (tau_vert > TAU_MIN) {
                    double cand = 1.0 / (rs.g.omega * tau_vert);
                    if (cand > 0.0 && isfinite(cand)) {
                        t_solid = cand;
                    }
                }
            }
        }
        if (rs.gate_enabled && enable_blowout && isfinite(t_solid) && t_solid > 0.0 &&
            isfinite(t_blow) && t_blow > 0.0) {
            gate = fmin(fmax(t_solid / (t_solid + t_blow), 0.0), 1.0);
        }
        /* S20 loss partition (§4.6) */
        double blow_tot, sink_tot;
        if (coll_step) {
            double loss = fmax(sigma_before + total_prod - sigma, 0.0);
            if (isfinite(smol_dt_eff) && smol_dt_eff > 0.0 && smol_dt_eff < dt) {
                blow_tot = fmax(outflux, 0.0) * smol_dt_eff; /* §4.8 Q3 */
                sink_tot = fmax(sink_flux, 0.0) * smol_dt_eff;
            } else {
                double sink_rate = fmax(total_sink / dt, 0.0), blow_rate = fmax(outflux, 0.0);
                double rate_total = blow_rate + sink_rate;
                if (rate_total > 0.0) {
                    blow_tot = loss * (blow_rate / rate_total);
                    sink_tot = loss - blow_tot;
                } else {
                    sink_tot = fmax(total_sink, 0.0);
                    blow_tot = fmax(loss - sink_tot, 0.0);
                }
            }
            if (!enable_blowout) {
                blow_tot = 0.0;
            }
        } else {
            sink_tot = fmax(total_sink, 0.0);
            blow_tot = 0.0;
        }
        if (sigma_loss_sub_blow > 0.0) {
            blow_tot += sigma_loss_sub_blow;
            outflux += sigma_loss_sub_blow / dt;
        }
        if (rs.gate_enabled && enable_blowout) {
            blow_tot *= gate;
            outflux *= gate;
        }
        tr_tsolid[n_tracks - 1] = t_solid;
        tr_gate[n_tracks - 1] = gate;
        double sink_mass = sink_tot * A / MD_M_MARS;
        double sink_mass_eff = fmax(sink_mass - dm_sub_smol, 0.0);
        double blow_mass = blow_tot * A / MD_M_MARS;
        if (coll_step) {
            M_out += blow_mass;
        }
        M_sink += sink_mass_eff;
        if (dm_sub_smol > 0.0) {
            M_sink += dm_sub_smol;
            M_sub += dm_sub_smol;
        }
        double dm_sub_step = dm_sub_surf + dm_sub_smol;
        double dm_sinks_step = dm_sub_step + sink_mass_eff;
        /* S21 rates */
        double M_out_dot_avg = blow_mass / dt, M_sink_dot_avg = dm_sinks_step / dt;
        double fb_avg = fden > 0.0 ? fnum / fden : fb_factor;
        double sink_kg = fmax(sink_flux * A - mdot_sub_smol * A, 0.0);
        sink_kg += dm_sub_surf * MD_M_MARS / dt;
        sink_kg += mdot_sub_smol * A;
        double M_out_dot = outflux * A / MD_M_MARS, M_sink_dot = sink_kg / MD_M_MARS;
        double dS_blow = outflux;
        double dS_sinks = fmax(sink_flux - mdot_sub_smol, 0.0) + dS_sub_surf + mdot_sub_smol;
        double dttb = fb_ratio;
        if (isfinite(dttb)) {
            tr_dttb[n_dttb++] = dttb;
        }
        double fb_record = rs.case_status == 1 ? fb_factor : 0.0;
        double fb_ratio_alias = rs.case_status == 1 ? fb_ratio : 0.0;
        if (!rs.blowout_enabled) {
            M_out_dot = 0.0;
            dS_blow = 0.0;
            dttb = 0.0;
            fb_avg = 0.0;
            fb_record = 0.0;
            fb_ratio_alias = 0.0;
        }
        /* S22 loss-rate stop flag */
        const double time_end = time + dt;
        int stop_after = 0;
        const char *stop_after_reason = NULL;
        if (isfinite(p->numerics.mass_loss_rate_stop_Mmars_s) &&
            (rs.tg.min_duration_s <= 0.0 || time_end >= rs.tg.min_duration_s)) {
            double rate = fmax(M_out_dot, 0.0) + fmax(M_sink_dot, 0.0);
            if (isfinite(rate) && rate <= p->numerics.mass_loss_rate_stop_Mmars_s) {
                stop_after = 1;
                stop_after_reason = "loss_rate_below_threshold";
            }
        }
        /* S24 orbit roll-up (§3.5) */
        orb_t += dt;
        orb_out += blow_mass;
        orb_sink += dm_sinks_step;
        if (p->numerics.orbit_rollup && rs.g.t_orb > 0.0) {
            while (orb_t >= rs.g.t_orb && orb_t > 0.0) {
                double frac = rs.g.t_orb / orb_t;
                double mo = orb_out * frac, ms = orb_sink * frac;
                orbits++;
                orb_t -= rs.g.t_orb;
                orb_out = fmax(orb_out - mo, 0.0);
                orb_sink = fmax(orb_sink - ms, 0.0);
            }
        }
        /* S27 tau stop: kappa_eff of this step times the end-of-step Sigma (§3.4 #3) */
        if (p->optical_depth.present && solid) {
            double k_stop = isfinite(kappa_eff) ? kappa_eff : kappa_surf;
            double tau_now = k_stop * sigma * f_los;
            if (isfinite(tau_now) &&
                tau_now > p->optical_depth.tau_stop * (1.0 + p->optical_depth.tau_stop_tol)) {
                stop_after = 1;
                tau_stop_value = tau_now;
                stop_after_reason = "tau_exceeded";
            }
        }
        /* S28 supply diagnostics, t_coll */
        if (!supply_evaluated) {
            sup_applied = prod_rate;
        }
        double clip_factor = NAN;
        if (isfinite(sup_applied) && isfinite(sup_scaled) && sup_scaled > 0.0) {
            clip_factor = fmax(sup_applied, 0.0) / fmax(sup_scaled, 1.0e-30);
        }
        double visibility = NAN;
        if (supply_evaluated && isfinite(sup_scaled)) {
            visibility = fmax(isfinite(sup_applied) ? sup_applied : 0.0, 0.0) /
                         fmax(sup_scaled, SUPPLY_VISIBILITY_EPS);
        }
        tr_vis[n_tracks - 1] = visibility;
        double t_coll = NAN;
        if (coll_step && isfinite(tau_los) && tau_los > TAU_MIN && isfinite(t_coll_kernel) &&
            t_coll_kernel > 0.0) {
            t_coll = t_coll_kernel;
        }
        double ts_ratio = (isfinite(t_coll) && t_coll > 0.0 && t_blow > 0.0 && isfinite(t_blow))
                              ? t_blow / t_coll
                              : NAN;
        tau_final = tau_los;
        /* S29 the series row */
        if (series_write && obs && obs->on_sample) {
            double *R = row;
            for (int j = 0; j < MD_COL_COUNT; j++) {
                R[j] = NAN;
            }
            R[MD_COL_TIME] = time_end;
            R[MD_COL_DT] = dt;
            R[MD_COL_OMEGA_S] = rs.g.omega;
            R[MD_COL_T_ORB_S] = rs.g.t_orb;
            R[MD_COL_T_BLOW_S] = R[MD_COL_T_BLOW] = t_blow;
            R[MD_COL_T_COLL] = t_coll;
            R[MD_COL_TS_RATIO] = ts_ratio;
            R[MD_COL_R_M] = rs.g.r;
            R[MD_COL_R_RM] = R[MD_COL_R_ORBIT_RM] = rs.g.r_RM;
            R[MD_COL_T_M_USED] = T_use;
            R[MD_COL_T_P_EFFECTIVE] = T_p;
            R[MD_COL_RAD_FLUX_MARS] = rad_flux;
            R[MD_COL_DT_OVER_T_BLOW] = dttb;
            R[MD_COL_TAU] = R[MD_COL_TAU_LOS_MARS] = R[MD_COL_TAU_MARS_LINE_OF_SIGHT] = tau_los;
            R[MD_COL_A_BLOW_STEP] = R[MD_COL_A_BLOW] = R[MD_COL_A_BLOW_AT_SMIN] = a_blow;
            R[MD_COL_S_BLOW_M] = a_blow;
            R[MD_COL_S_BLOW_M_EFFECTIVE] = a_blow_eff;
            R[MD_COL_S_MIN] = R[MD_COL_S_MIN_EFFECTIVE] = s_min_eff;
            R[MD_COL_S_MIN_SURFACE_ENERGY] = 0.0;
            R[MD_COL_KAPPA] = R[MD_COL_KAPPA_EFF] = finite_or_nan(kappa_eff);
            R[MD_COL_KAPPA_SURF] = kappa_surf;
            R[MD_COL_QPR_MEAN] = R[MD_COL_Q_PR_AT_SMIN] = R[MD_COL_Q_PR_USED] = qpr_mean;
            R[MD_COL_Q_PR_BLOW] = qpr_blow;
            R[MD_COL_BETA_AT_SMIN_CONFIG] = rs.beta_config;
            R[MD_COL_BETA_AT_SMIN_EFFECTIVE] = R[MD_COL_BETA_AT_SMIN] = beta_eff;
            R[MD_COL_BETA_THRESHOLD] = MD_RADIATION_BETA_THRESHOLD;
            R[MD_COL_SIGMA_SURF] = R[MD_COL_SIGMA_SURF_ALIAS] = sigma;
            R[MD_COL_SIGMA_SURF0] = rs.sigma0;
            R[MD_COL_SIGMA_TAU1] = R[MD_COL_SIGMA_TAU1_ALIAS] = finite_or_nan(sigma_tau1);
            R[MD_COL_SIGMA_TAU1_LAST_FINITE] = sigma_tau1_last_finite;
            R[MD_COL_SIGMA_DEEP] = 0.0;
            R[MD_COL_OUTFLUX_SURFACE] = outflux;
            R[MD_COL_T_SOLID_S] = t_solid;
            R[MD_COL_BLOWOUT_GATE_FACTOR] = gate;
            R[MD_COL_SINK_FLUX_SURFACE] = sink_flux;
            R[MD_COL_PROD_SUBBLOW_AREA_RATE] = prod_rate;
            R[MD_COL_PROD_SUBBLOW_AREA_RATE_RAW] = sup_raw;
            R[MD_COL_DOTSIGMA_PROD] = R[MD_COL_SUPPLY_RATE_SCALED] = R[MD_COL_PROD_RATE_RAW] =
                sup_scaled;
            R[MD_COL_MU_ORBIT10PCT] = p->supply.const_.mu_orbit10pct;
            R[MD_COL_EPSILON_MIX] = p->supply.mixing.epsilon_mix;
            R[MD_COL_PROD_RATE_APPLIED_TO_SURF] = R[MD_COL_SUPPLY_RATE_APPLIED] =
                finite_or_nan(sup_applied);
            R[MD_COL_PROD_RATE_DIVERTED_TO_DEEP] = R[MD_COL_PROD_RATE_INTO_DEEP] = 0.0;
            R[MD_COL_DEEP_TO_SURF_FLUX_ATTEMPT] = R[MD_COL_DEEP_TO_SURF_FLUX] = 0.0;
            R[MD_COL_DEEP_TO_SURF_FLUX_APPLIED] = 0.0;
            R[MD_COL_SUPPLY_RATE_NOMINAL] = sup_nominal;
            R[MD_COL_SUPPLY_TAU_CLIP_SPILL_RATE] = 0.0;
            R[MD_COL_SUPPLY_CLIP_FACTOR] = clip_factor;
            R[MD_COL_SUPPLY_VISIBILITY_FACTOR] = visibility;
            R[MD_COL_SUPPLY_BLOCKED_BY_HEADROOM] = R[MD_COL_SUPPLY_MIXING_LIMITED] = 0.0;
            R[MD_COL_E_KERNEL_USED] = R[MD_COL_E_KERNEL_EFFECTIVE] = e_used;
            R[MD_COL_I_KERNEL_USED] = R[MD_COL_I_KERNEL_EFFECTIVE] = i_used;
            R[MD_COL_E_KERNEL_BASE] = e_base;
            R[MD_COL_I_KERNEL_BASE] = i_base;
            R[MD_COL_E_KERNEL_SUPPLY] = e_sup;
            R[MD_COL_I_KERNEL_SUPPLY] = i_sup;
            R[MD_COL_SUPPLY_VELOCITY_WEIGHT_W] = w_sup;
            R[MD_COL_SUPPLY_TEMPERATURE_SCALE] = supply_evaluated ? 1.0 : NAN;
            R[MD_COL_SUPPLY_FEEDBACK_SCALE] = supply_evaluated ? 1.0 : NAN;
            R[MD_COL_SUPPLY_RESERVOIR_CLIPPED] = 0.0;
            R[MD_COL_M_OUT_DOT] = M_out_dot;
            R[MD_COL_M_SINK_DOT] = M_sink_dot;
            R[MD_COL_DM_DT_SURFACE_TOTAL] = M_out_dot + M_sink_dot;
            R[MD_COL_M_OUT_DOT_AVG] = M_out_dot_avg;
            R[MD_COL_M_SINK_DOT_AVG] = M_sink_dot_avg;
            R[MD_COL_DM_DT_SURFACE_TOTAL_AVG] = M_out_dot_avg + M_sink_dot_avg;
            R[MD_COL_FAST_BLOWOUT_FACTOR_AVG] = fb_avg;
            R[MD_COL_DSIGMA_DT_BLOWOUT] = dS_blow;
            R[MD_COL_DSIGMA_DT_SINKS] = dS_sinks;
            R[MD_COL_DSIGMA_DT_TOTAL] = dS_blow + dS_sinks;
            R[MD_COL_DSIGMA_DT_SUBLIMATION] = dS_sub_surf + mdot_sub_smol;
            R[MD_COL_M_LOSS_CUM] = M_out + M_sink;
            R[MD_COL_MASS_TOTAL_BINS] = rs.mass_total - (M_out + M_sink);
            R[MD_COL_MASS_LOST_BY_BLOWOUT] = R[MD_COL_M_LOSS_RP_MARS] = M_out;
            R[MD_COL_M_LOSS_SURFACE_SOLID_MARSRP] = M_out;
            R[MD_COL_MASS_LOST_BY_SINKS] = R[MD_COL_M_SINK_CUM] = M_sink;
            R[MD_COL_MASS_LOST_SINKS_STEP] = dm_sinks_step;
            R[MD_COL_MASS_LOST_SUBLIMATION_STEP] = dm_sub_step;
            R[MD_COL_MASS_LOST_HYDRO_STEP] = 0.0;
            R[MD_COL_MASS_LOST_TAU_CLIP_SPILL_STEP] = 0.0;
            R[MD_COL_CUM_MASS_LOST_TAU_CLIP_SPILL] = M_spill;
            R[MD_COL_MASS_LOST_SURFACE_SOLID_MARSRP_STEP] = blow_mass;
            R[MD_COL_SMOL_DT_EFF] = smol_dt_eff;
            R[MD_COL_SMOL_MASS_ERROR] = smol_err;
            R[MD_COL_M_LOSS_HYDRO] = M_hydro;
            R[MD_COL_FAST_BLOWOUT_FACTOR] = fb_record;
            R[MD_COL_FAST_BLOWOUT_CORRECTED] = corrected;
            R[MD_COL_FAST_BLOWOUT_FLAG_GT3] = fb_gt3;
            R[MD_COL_FAST_BLOWOUT_FLAG_GT10] = fb_gt10;
            R[MD_COL_FAST_BLOWOUT_RATIO] = fb_ratio_alias;
            R[MD_COL_N_SUBSTEPS] = 1.0;
            R[MD_COL_SUBSTEP_ACTIVE] = 0.0;
            R[MD_COL_CHI_BLOW_EFF] = rs.chi;
            R[MD_COL_RHO_USED] = p->material.rho;
            R[MD_COL_S_MIN_CONFIG] = p->sizes.s_min;
            R[MD_COL_S_MIN_EFFECTIVE_GT_CONFIG] = s_min_eff > p->sizes.s_min;
            R[MD_COL_DS_DT_SUBLIMATION] = ds_val;
            R[MD_COL_DS_DT_SUBLIMATION_RAW] = ds_raw;
            R[MD_COL_PHI_EFFECTIVE] = R[MD_COL_PHI_USED] = phi_eff;
            R[MD_COL_PHASE_STATE] = solid ? 0.0 : 1.0;
            R[MD_COL_PHASE_F_VAP] = ph.f_vap;
            R[MD_COL_PHASE_BULK_STATE] = (double)ph.bulk;
            R[MD_COL_PHASE_BULK_F_LIQUID] = ph.f_liquid;
            R[MD_COL_PHASE_BULK_F_SOLID] = ph.f_solid;
            R[MD_COL_PHASE_BULK_F_VAPOR] = ph.f_vapor;
            R[MD_COL_TAU_GATE_BLOCKED] = tau_gate_block;
            R[MD_COL_BLOWOUT_BETA_GATE] = beta_gate;
            R[MD_COL_BLOWOUT_PHASE_ALLOWED] = phase_allows;
            R[MD_COL_SINK_SELECTED] = enable_blowout ? 1.0 : 0.0;
            R[MD_COL_SUBLIMATION_BLOCKED_BY_PHASE] = blocked;
            st = obs->on_sample(obs->ctx, n_samples, k, R, err);
            if (st != MD_OK) {
                return st;
            }
        }
        if (series_write) {
            n_samples++;
        }
        /* S30 mass budget (§5.4) */
        double M0 = rs.mass_total, lost = M_out + M_sink, remaining = M0 - lost;
        double diff = M0 - remaining - lost, diff_pct = 0.0;
        if (M0 != 0.0) {
            diff_pct = fabs(diff / M0) * 100.0;
        }
        double err_pct = fmax(mass_err_pct, diff_pct);
        mb_max = fmax(mb_max, err_pct);
        n_done++;
        elapsed += dt;
        /* S34 stop after record (§4.8 Q7: stamped t_k + 2 dt) */
        if (stop_after) {
            stop_reason = stop_after_reason;
            stop_step = k;
            stop_time = time_end + dt;
            elapsed = time_end + dt;
            break;
        }
    }
    /* finalisation: orbit fallback, summary (§5.3) */
    if (p->numerics.orbit_rollup && orbits == 0) {
        orbits = 1;
    }
    for (int j = 0; j < MD_SUM_COUNT; j++) {
        sum[j] = NAN;
    }
    double *sortbuf = md_workspace_array(ws, MD_WS_SORT);
    sum[MD_SUM_M_LOSS] = M_out + M_sink;
    sum[MD_SUM_M_OUT_CUM] = sum[MD_SUM_M_LOSS_RP_MARS] = sum[MD_SUM_M_LOSS_SURFACE_SOLID_MARSRP] =
        M_out;
    sum[MD_SUM_M_SINK_CUM] = sum[MD_SUM_M_LOSS_FROM_SINKS] = M_sink;
    sum[MD_SUM_M_LOSS_FROM_SUBLIMATION] = M_sub;
    sum[MD_SUM_M_LOSS_TAU_CLIP_SPILL] = M_spill;
    sum[MD_SUM_M_LOSS_HYDRO_ESCAPE] = M_hydro;
    sum[MD_SUM_ORBITS_COMPLETED] = (double)orbits;
    if (orbits > 0) {
        sum[MD_SUM_M_OUT_MEAN_PER_ORBIT] = M_out / (double)orbits;
        sum[MD_SUM_M_SINK_MEAN_PER_ORBIT] = M_sink / (double)orbits;
        sum[MD_SUM_M_LOSS_MEAN_PER_ORBIT] = (M_out + M_sink) / (double)orbits;
    }
    sum[MD_SUM_EARLY_STOP_TIME_S] = stop_time;
    sum[MD_SUM_EARLY_STOP_STEP] = stop_step >= 0 ? (double)stop_step : NAN;
    sum[MD_SUM_STOP_TAU_LOS] = tau_stop_value;
    sum[MD_SUM_ANALYSIS_WINDOW_YEARS] = p->scope.analysis_years;
    sum[MD_SUM_ANALYSIS_WINDOW_YEARS_ACTUAL] = elapsed / MD_SECONDS_PER_YEAR;
    sum[MD_SUM_MASS_BUDGET_MAX_ERROR_PERCENT] = mb_max;
    sum[MD_SUM_BETA_THRESHOLD] = MD_RADIATION_BETA_THRESHOLD;
    sum[MD_SUM_BETA_AT_SMIN_CONFIG] = rs.beta_config;
    sum[MD_SUM_BETA_AT_SMIN_EFFECTIVE] = beta_eff;
    md_stats_series(tr_beta, n_tracks, sortbuf, &sum[MD_SUM_BETA_AT_SMIN_MIN],
                    &sum[MD_SUM_BETA_AT_SMIN_MEDIAN], &sum[MD_SUM_BETA_AT_SMIN_MAX]);
    sum[MD_SUM_S_BLOW_M] = sum[MD_SUM_A_BLOW_FINAL] = a_blow;
    sum[MD_SUM_S_BLOW_M_EFFECTIVE] = fmax(p->sizes.s_min, a_blow);
    md_stats_series(tr_ablow, n_tracks, sortbuf, &sum[MD_SUM_A_BLOW_MIN],
                    &sum[MD_SUM_A_BLOW_MEDIAN], &sum[MD_SUM_A_BLOW_MAX]);
    sum[MD_SUM_CHI_BLOW_EFF] = rs.chi;
    sum[MD_SUM_RHO_USED] = p->material.rho;
    sum[MD_SUM_Q_PR_USED] = qpr_mean;
    sum[MD_SUM_Q_PR_BLOW] = qpr_blow;
    sum[MD_SUM_S_MIN_EFFECTIVE] = s_min_eff;
    sum[MD_SUM_S_MIN_CONFIG] = p->sizes.s_min;
    sum[MD_SUM_S_MIN_EFFECTIVE_GT_CONFIG] = s_min_eff > p->sizes.s_min;
    /* gate, t_solid and visibility tracks cover recorded steps only */
    long n_rec = n_done;
    md_stats_series(tr_gate, n_rec, sortbuf, &sum[MD_SUM_BLOWOUT_GATE_FACTOR_MIN],
                    &sum[MD_SUM_BLOWOUT_GATE_FACTOR_MEDIAN], &sum[MD_SUM_BLOWOUT_GATE_FACTOR_MAX]);
    md_stats_series(tr_tsolid, n_rec, sortbuf, &sum[MD_SUM_T_SOLID_MIN],
                    &sum[MD_SUM_T_SOLID_MEDIAN], &sum[MD_SUM_T_SOLID_MAX]);
    double dmin, dmax;
    md_stats_series(tr_dttb, n_dttb, sortbuf, &dmin, &sum[MD_SUM_DT_OVER_T_BLOW_MEDIAN], &dmax);
    md_stats_series(tr_vis, n_rec, sortbuf, &sum[MD_SUM_SUPPLY_VISIBILITY_MIN],
                    &sum[MD_SUM_SUPPLY_VISIBILITY_MEDIAN], &sum[MD_SUM_SUPPLY_VISIBILITY_MAX]);
    sum[MD_SUM_BLOWOUT_ACTIVE] = rs.blowout_enabled;
    sum[MD_SUM_KAPPA_SURF_INITIAL] = rs.kappa0;
    sum[MD_SUM_KAPPA_EFF_INITIAL] = rs.kappa_eff0;
    sum[MD_SUM_SIGMA_SURF0] = sum[MD_SUM_SIGMA_SURF_INITIAL] = rs.sigma0;
    sum[MD_SUM_SIGMA_TAU1_INITIAL] = rs.sigma_tau1_init;
    sum[MD_SUM_R_M_USED] = rs.g.r;
    sum[MD_SUM_R_RM_USED] = rs.g.r_RM;
    sum[MD_SUM_T_M_USED] = sum[MD_SUM_T_M_FINAL] = T_use;
    sum[MD_SUM_T_M_INITIAL] = tr_T[0];
    md_stats_series(tr_T, n_tracks, sortbuf, &sum[MD_SUM_T_M_MIN], &sum[MD_SUM_T_M_MEDIAN],
                    &sum[MD_SUM_T_M_MAX]);
    sum[MD_SUM_SUPPLY_MU_ORBIT10PCT] = p->supply.const_.mu_orbit10pct;
    sum[MD_SUM_SUPPLY_MU_REFERENCE_TAU] = p->supply.const_.mu_reference_tau;
    sum[MD_SUM_SIGMA_SURF_MU_REFERENCE] = rs.sigma_ref;
    sum[MD_SUM_SUPPLY_ORBIT_FRACTION_AT_MU1] = p->supply.const_.orbit_fraction_at_mu1;
    sum[MD_SUM_EFFECTIVE_PROD_RATE] = sum[MD_SUM_SUPPLY_RATE_NOMINAL] =
        rs.prod_rate * p->supply.mixing.epsilon_mix;
    sum[MD_SUM_SUPPLY_RATE_SCALED_INITIAL] = supply_scaled_initial;
    sum[MD_SUM_SUPPLY_BLOCKED_FRACTION] = sum[MD_SUM_SUPPLY_MIXING_FRACTION] = 0.0;
    sum[MD_SUM_SUPPLY_CLIP_TIME_FRACTION] = 0.0;
    sum[MD_SUM_COLLISIONS_ACTIVE] = rs.collisions_active;
    sum[MD_SUM_SUBLIMATION_ACTIVE] = rs.sublimation_active;
    sum[MD_SUM_N_STEPS] = (double)n_steps;
    sum[MD_SUM_N_STEPS_DONE] = (double)n_done;
    sum[MD_SUM_DT_STEP_S] = dt;
    sum[MD_SUM_T_END_S] = rs.tg.t_end;
    sum[MD_SUM_T_END_ACTUAL_S] = elapsed;
    sum[MD_SUM_TAU_FINAL] = tau_final;
    sum[MD_SUM_A_BLOW_INITIAL] = rs.a_blow0;
    /* result */
    memset(res, 0, sizeof *res);
    res->summary = sum;
    snprintf(res->case_status, sizeof res->case_status, "%s",
             rs.case_status == 1   ? "blowout"
             : rs.case_status == 2 ? "no_blowout"
                                   : "ok");
    snprintf(res->stop_reason, sizeof res->stop_reason, "%s", stop_reason);
    res->n_steps_done = n_done;
    res->n_samples = n_samples;
    res->n_bins = n;
    res->psd_s = s;
    res->psd_width = width;
    res->psd_m = m_k;
    if (!have_N_init) {
        /* the Smol step never ran: N of the (unchanged) shape scaled to Sigma_surf(0) */
        double scale = 0.0;
        md_psd_to_number_density(width, number, m_k, n, rs.sigma0, N_init, &scale);
    }
    if (!have_N_final) {
        memcpy(N_final, N_init, (size_t)n * sizeof(double));
    }
    res->psd_N_initial = N_init;
    res->psd_N_final = N_final;
    return MD_OK;
}
