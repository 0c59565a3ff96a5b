/* md_run_init: a 0D run's set-up (spec 10 §2), time grid (§3) and carried state at t = 0. */
#include "md_run_init.h"

#include <math.h>
#include <string.h>

#include "md_alloc.h"
#include "md_constants.h"
#include "md_eccentricity.h"
#include "md_fminmax.h"
#include "md_psd.h"
#include "md_rng.h"
#include "md_run_seed.h"

double md_run_init_finite_kappa(double k) {
    return (isfinite(k) && k >= 0.0) ? k : 0.0;
}

/* ---- geometry (spec 10 §2 step 6, 21; config_utils.py: resolve_reference_radius) ---- */
static md_status resolve_geometry(const md_params *p, md_run_geometry *g, md_error *err) {
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

static double t_end_years_basis(const md_params *p, const md_run_geometry *g) {
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

static md_temp_key temp_key(const md_params *p, double horizon, long n) {
    return (md_temp_key){
        .model = (int)cooling_model(p),
        .T0 = p->radiation.TM_K,
        .horizon_years = horizon,
        .dt_hours = p->radiation.mars_temperature_driver.autogenerate.dt_hours,
        .time_scale = time_unit_scale(p->radiation.mars_temperature_driver.autogenerate.time_unit),
        .n = n};
}

/* The table of key k into t_s[n], T_K[n] and *tab; skipped where ws (may be NULL) says they
 * already hold it. */
static md_status build_temp_table(const md_params *p, const md_temp_key *k, md_workspace *ws,
                                  double *t_s, double *T_K, md_temp_table *tab, md_error *err) {
    md_status st = MD_OK;
    if (!ws || !md_workspace_temp_cached(ws, k)) {
        if (ws) {
            md_workspace_temp_set_key(ws, NULL);
        }
        st = md_tempdriver_generate((md_cooling_model)k->model, k->T0, k->horizon_years,
                                    k->dt_hours, k->time_scale, k->n, t_s, T_K, err);
        if (st == MD_OK && ws) {
            md_workspace_temp_set_key(ws, k);
        }
    }
    tab->n = k->n;
    tab->t_s = t_s;
    tab->T_K = T_K;
    tab->extrapolate_error =
        p->radiation.mars_temperature_driver.extrapolation == MD_PARAMS_EXTRAP_ERROR;
    return st;
}

/* ---- time grid (orchestrator.py: resolve_time_grid; spec 10 §3.1-3.2) ---- */
static md_status resolve_time_grid(const md_params *p, const md_run_geometry *g,
                                   const md_temp_table *temp, md_run_time_grid *tg, md_error *err) {
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
        dt_nominal = md_fmax(md_fmin(dt_nominal, t_end), 1.0e-9);
    } else {
        dt_nominal = p->numerics.dt_init.value;
    }
    double n = ceil(t_end / md_fmax(dt_nominal, 1.0e-9));
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

md_status md_run_init_plan(const md_params *p, long stride, md_run_plan *plan, md_error *err) {
    if (stride < 1) {
        return md_error_set(err, MD_ERR_CONFIG, "output.series_stride %ld must be >= 1", stride);
    }
    md_run_geometry g;
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
        const md_temp_key key = temp_key(p, horizon, n);
        st = build_temp_table(p, &key, NULL, buf, buf + n, &temp, err);
    }
    md_run_time_grid tg;
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

md_status md_run_init_tables(const md_params *p, md_workspace *ws, const md_qpr_table **qpr,
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

int md_run_init_sublimation_active(const md_params *p) {
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
static void set_tau1_targets(const md_params *p, md_run_setup *su) {
    double tau_initial = su->kappa0 * su->sigma0;
    const md_params_num_or_word *fs = &p->shielding.fixed_tau1_sigma;
    su->shield.tau_fixed =
        isnan(p->shielding.fixed_tau1_tau) ? tau_initial : p->shielding.fixed_tau1_tau;
    su->shield.sigma_tau1_fixed = fs->word == MD_NW_NUMBER ? fs->value : NAN;
    double cap = NAN;
    if (fs->word == MD_NW_AUTO || fs->word == MD_NW_AUTO_MAX) {
        if (su->phi) {
            su->kappa_eff0 =
                md_shielding_phi_tau(su->phi, tau_initial * su->los_factor) * su->kappa0;
        }
        if (su->kappa_eff0 > 0.0 && isfinite(su->kappa_eff0)) {
            cap = md_shielding_sigma_tau1_auto(1.0, su->kappa_eff0, su->los_factor,
                                               fs->word == MD_NW_AUTO_MAX, su->sigma0,
                                               p->shielding.auto_max_margin);
            su->shield.sigma_tau1_fixed = cap;
        }
    }
    if (isnan(cap)) {
        cap = !isnan(su->shield.sigma_tau1_fixed) ? su->shield.sigma_tau1_fixed
              : (p->inner_disk_mass.present && p->disk.present)
                  ? 1.0 / (su->kappa0 * su->los_factor)
                  : NAN;
    }
    su->sigma_tau1_init = cap;
}

double md_run_init_qpr(const md_qpr_table *tab, double override, double s, double T) {
    return isfinite(override) ? override : md_radiation_qpr(tab, s, T);
}

double md_run_init_blowout_radius(const md_qpr_table *tab, double override, double s_start,
                                  double rho, double T) {
    if (isfinite(override)) {
        return md_radiation_s_blow(rho, T, override);
    }
    return md_radiation_blowout_iterate(tab, s_start, rho, T).a_blow;
}

/* ---- initialisation in the reference's order (spec 10 §2) ---- */

/* Steps 1-3: orbit, which processes run, the line-of-sight factor, the Q_D* table. */
static md_status init_orbit(const md_params *p, md_run_setup *su, md_error *err) {
    md_status st = resolve_geometry(p, &su->g, err);
    if (st != MD_OK) {
        return st;
    }
    su->n = (int)p->sizes.n_bins;
    su->collisions_active = p->physics_mode != MD_PARAMS_PHYSICS_SUBLIMATION_ONLY;
    su->los_factor = los_factor(p);
    return setup_qstar(p, &su->qstar, err); /* step 3 */
}

/* Steps 5-6: seed, e, i. The RNG is used only for the e/i sampling, so the hashed default seed
 * is derived only when something is sampled. */
static md_status init_dynamics(const md_params *p, md_run_setup *su, md_error *err) {
    uint64_t seed = 0;
    md_status st;
    if (p->dynamics.e_mode == MD_PARAMS_E_MODE_MARS_CLEARANCE ||
        p->dynamics.i_mode == MD_PARAMS_I_MODE_OBS_TILT_SPREAD) {
        st = md_run_seed_resolve(p, su->g.r, su->g.r_RM, &seed, err);
        if (st != MD_OK) {
            return st;
        }
    }
    md_rng rng;
    md_rng_seed(&rng, seed);
    su->e0 = p->dynamics.e_profile.mode == MD_PARAMS_E_PROFILE_MARS_PERICENTER
                 ? md_eccentricity_mars_pericenter(su->g.r, p->dynamics.e_profile.clip_min,
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
        su->e0 = md_eccentricity_clearance_e(su->g.r, dr);
    }
    su->i0 = p->dynamics.i0_unit == MD_PARAMS_I0_UNIT_DEG ? p->dynamics.i0 * (MD_PI / 180.0)
                                                          : p->dynamics.i0;
    if (p->dynamics.i_mode == MD_PARAMS_I_MODE_OBS_TILT_SPREAD) {
        su->i0 =
            md_eccentricity_obs_tilt_i(&rng, p->dynamics.obs_tilt_deg, p->dynamics.i_spread_deg);
    }
    return MD_OK;
}

/* Steps 7-8 and the time grid (§3): the Q_pr and Phi tables, the generated temperature table,
 * T_M(0), the steps, and the workspace sized for them. */
static md_status init_tables_and_time(const md_params *p, md_workspace *ws, md_run_setup *su,
                                      md_error *err) {
    md_status st = md_run_init_tables(p, ws, &su->qpr, &su->phi, err);
    if (st != MD_OK) {
        return st;
    }
    double horizon = t_end_years_basis(p, &su->g);
    long n_temp = md_tempdriver_sample_count(
        horizon, p->radiation.mars_temperature_driver.autogenerate.dt_hours);
    st = check_temp_samples(p, horizon, n_temp, err);
    if (st == MD_OK) {
        st = md_workspace_reserve(ws, su->n, 0, n_temp, err);
    }
    if (st == MD_OK) {
        const md_run_store *store = md_workspace_run_store(ws);
        const md_temp_key key = temp_key(p, horizon, n_temp);
        st = build_temp_table(p, &key, ws, store->temp_t, store->temp_K, &su->temp, err);
    }
    if (st == MD_OK) {
        st = md_tempdriver_eval(&su->temp, 0.0, &su->T0, err);
    }
    if (st == MD_OK) {
        st = resolve_time_grid(p, &su->g, &su->temp, &su->tg, err);
    }
    if (st == MD_OK) {
        st = md_workspace_reserve(ws, su->n, su->tg.n_steps, n_temp, err);
    }
    return st;
}

/* Steps 9-12: shielding, sublimation and phase parameters, which gates are on. */
static void init_processes(const md_params *p, md_run_setup *su) {
    su->shield = (md_shielding_config){
        .mode = shielding_modes[p->shielding.mode],
        .phi_tau = su->phi,
        .phi_grid = NULL,
        .tau_fixed = NAN,
        .sigma_tau1_fixed = NAN,
        .los_factor = su->los_factor,
    };
    su->sub = md_sublimation_params_default();
    su->sub.mode = p->sinks.sub_params.mode == MD_PARAMS_SUB_HKL ||
                           p->sinks.sub_params.mode == MD_PARAMS_SUB_HKL_TIMESCALE
                       ? MD_SUBLIMATION_HKL
                       : MD_SUBLIMATION_EXPONENTIAL;
    su->sub.alpha_evap = p->sinks.sub_params.alpha_evap;
    su->sub.mu = p->sinks.sub_params.mu;
    su->sub.A = p->sinks.sub_params.A;
    su->sub.B = p->sinks.sub_params.B;
    su->sub.enable_liquid_branch = p->sinks.sub_params.enable_liquid_branch;
    su->sub.psat_liquid_switch_K = p->sinks.sub_params.psat_liquid_switch_K;
    su->sub.A_liq = p->sinks.sub_params.A_liq;
    su->sub.B_liq = p->sinks.sub_params.B_liq;
    su->sub.P_gas = p->sinks.sub_params.P_gas;
    su->sub.dT = p->sinks.sub_params.dT;
    su->sub.eta_instant = p->sinks.sub_params.eta_instant;
    su->phase_th =
        (md_phase_thresholds){p->phase.thresholds.T_condense_K, p->phase.thresholds.T_vaporize_K,
                              p->phase.thresholds.P_ref_bar, p->phase.thresholds.tau_ref};
    su->blowout_enabled = p->blowout.enabled && su->collisions_active && p->sinks.rp_blowout.enable;
    su->gate_enabled = p->blowout.gate_mode != MD_PARAMS_GATE_NONE;
}

/* Steps 13-15: the blow-out size at T_M(0), the size floor, the grid and the initial shape. */
static md_status init_psd(const md_params *p, md_run_setup *su, md_error *err) {
    double s_min_cfg = p->sizes.s_min;
    su->a_blow0 =
        md_run_init_blowout_radius(su->qpr, p->radiation.Q_pr, s_min_cfg, p->material.rho, su->T0);
    double a_eff = md_fmax(s_min_cfg, su->a_blow0);
    su->s_min_eff0 =
        p->psd.floor.mode == MD_PARAMS_FLOOR_NONE ? s_min_cfg : md_fmax(s_min_cfg, a_eff);
    md_psd_init_params pp = {
        .mode = s0_modes[p->initial.s0_mode],
        .upper = {p->psd.alpha, MD_PSD_ALPHA_SIZE, p->psd.wavy_strength, 0.0},
        .lognormal = {p->initial.melt_psd.f_fine, p->initial.melt_psd.s_fine,
                      p->initial.melt_psd.s_meter, p->initial.melt_psd.width_dex,
                      p->initial.melt_psd.s_cut_condensation},
        .powerlaw = {p->initial.melt_psd.alpha_solid, p->initial.melt_psd.s_min_solid,
                     p->initial.melt_psd.s_max_solid, p->initial.melt_psd.s_cut_condensation},
    };
    const md_run_buffers *b = &su->buf;
    md_status st =
        md_psd_init(&pp, su->s_min_eff0, p->sizes.s_max, su->n, p->material.rho, b->run.edges,
                    b->run.s, b->run.width, b->run.m_init, b->run.number, b->work, NULL, err);
    su->psd_s_min0 = pp.mode == MD_PSD_S0_MONO ? 1.5 : su->s_min_eff0;
    return st;
}

/* Steps 16-22: opacity, Sigma_surf(0) from the optical-depth target, beta and case_status, the
 * tau = 1 targets, the bookkeeping mass. */
static md_status init_surface(const md_params *p, md_run_setup *su, md_error *err) {
    const md_run_buffers *b = &su->buf;
    su->kappa0 = md_run_init_finite_kappa(
        md_psd_kappa(b->run.s, b->run.width, b->run.number, b->run.m_init, su->n, b->work));
    double phi0 = su->phi ? md_shielding_phi_tau(su->phi, p->optical_depth.tau0_target) : 1.0;
    su->kappa_eff0 = phi0 * su->kappa0;
    if (!isfinite(su->kappa_eff0) || su->kappa_eff0 <= 0.0) {
        return md_error_set(err, MD_ERR_CONFIG,
                            "optical_depth requires a positive finite kappa_eff0 (got %g)",
                            su->kappa_eff0);
    }
    su->sigma0 = p->optical_depth.tau0_target / (su->kappa_eff0 * su->los_factor);
    double s_min_cfg = p->sizes.s_min;
    double q_cfg = md_run_init_qpr(su->qpr, p->radiation.Q_pr, s_min_cfg, su->T0);
    su->beta_config = md_radiation_beta(s_min_cfg, p->material.rho, su->T0, q_cfg);
    su->case_status = su->beta_config >= MD_RADIATION_BETA_THRESHOLD ? MD_CASE_BLOWOUT : MD_CASE_OK;
    if (!su->blowout_enabled) {
        su->case_status = MD_CASE_NO_BLOWOUT;
    }
    su->qpr_eff0 = md_run_init_qpr(su->qpr, p->radiation.Q_pr, su->s_min_eff0, su->T0);
    su->beta_eff0 = md_radiation_beta(su->s_min_eff0, p->material.rho, su->T0, su->qpr_eff0);
    set_tau1_targets(p, su); /* step 19 */
    su->mass_total =
        (su->g.area > 0.0) ? su->sigma0 * su->g.area / MD_M_MARS : p->initial.mass_total;
    return MD_OK;
}

/* Steps 23-24: chi_blow, t_blow, whether sublimation runs. */
static void init_blowout_time(const md_params *p, md_run_setup *su) {
    su->chi = p->chi_blow.word == MD_NW_AUTO
                  ? md_radiation_chi_blow_auto(su->beta_eff0, su->qpr_eff0)
                  : md_radiation_chi_blow_clamp(p->chi_blow.value);
    su->t_blow = su->chi / su->g.omega;
    su->sublimation_active = md_run_init_sublimation_active(p);
}

/* Step 25: supply (initial_psd injection weights, Sigma_ref, R_prod). */
static md_status init_supply(const md_params *p, md_run_setup *su, md_error *err) {
    md_status st;
    if (inject_modes[p->supply.injection.mode] == MD_INJECT_INITIAL_PSD) {
        const md_run_buffers *b = &su->buf;
        for (int k = 0; k < su->n; k++) { /* raw s^3 width number; filtered and normalised next */
            b->run.weights[k] = pow(b->run.s[k], 3.0) * b->run.width[k] * b->run.number[k];
        }
        st = md_collide0d_inject_weights(b->run.weights, su->n, b->run.weights, err);
        if (st != MD_OK) {
            return st;
        }
    }
    double phi_ref =
        su->phi ? md_shielding_phi_tau(su->phi, p->supply.const_.mu_reference_tau) : 1.0;
    st = md_supply_sigma_ref(p->supply.const_.mu_reference_tau, phi_ref, su->kappa0, su->los_factor,
                             &su->sigma_ref, err);
    if (st != MD_OK) {
        return st;
    }
    su->prod_rate = p->supply.const_.prod_area_rate_kg_m2_s;
    if (p->supply.enabled && p->supply.mode != MD_PARAMS_SUPPLY_POWERLAW &&
        isfinite(p->supply.const_.mu_orbit10pct)) {
        st = md_supply_rate_from_mu(p->supply.const_.mu_orbit10pct,
                                    p->supply.const_.orbit_fraction_at_mu1, su->sigma_ref,
                                    su->g.t_orb, p->supply.mixing.epsilon_mix, &su->prod_rate, err);
        if (st != MD_OK) {
            return st;
        }
    }
    su->supply = (md_supply_params){
        .enabled = p->supply.enabled,
        .mode = p->supply.mode == MD_PARAMS_SUPPLY_POWERLAW ? MD_SUPPLY_POWERLAW : MD_SUPPLY_CONST,
        .prod_area_rate = su->prod_rate,
        .powerlaw_A = p->supply.powerlaw.A_kg_m2_s,
        .powerlaw_t0 = p->supply.powerlaw.t0_s,
        .powerlaw_index = p->supply.powerlaw.index,
        .epsilon_mix = p->supply.mixing.epsilon_mix,
    };
    return MD_OK;
}

/* Step 27: the collision step's fixed inputs; its caches are cleared at every run's start. */
static void init_collisions(const md_params *p, md_workspace *ws, md_run_setup *su) {
    md_collide0d_work_reset(md_workspace_collide(ws));
    su->dyn = (md_kernel_dynamics){
        .ei_mode = p->dynamics.kernel_ei_mode == MD_PARAMS_KERNEL_EI_WYATT_EQ
                       ? MD_KERNEL_EI_WYATT_EQ
                       : MD_KERNEL_EI_CONFIG,
        .H_mode = p->dynamics.kernel_H_mode == MD_PARAMS_KERNEL_H_FIXED ? MD_KERNEL_H_FIXED
                                                                        : MD_KERNEL_H_IA,
        .v_rel_mode = p->dynamics.v_rel_mode == MD_PARAMS_V_REL_OHTSUKI ? MD_KERNEL_VREL_OHTSUKI
                                                                        : MD_KERNEL_VREL_PERICENTER,
        .e0 = su->e0,
        .i0 = su->i0,
        .H_factor = p->dynamics.H_factor,
        .H_fixed_over_a = p->dynamics.H_fixed_over_a,
        .f_wake = p->dynamics.f_wake,
    };
    md_inject_mode inj = inject_modes[p->supply.injection.mode];
    const md_run_buffers *b = &su->buf;
    su->cin = (md_collide0d_input){
        .n = su->n,
        .s = b->run.s,
        .width = b->run.width,
        .edges = b->run.edges,
        .number = b->run.number,
        .r = su->g.r,
        .omega = su->g.omega,
        .rho = p->material.rho,
        .e = su->e0,
        .i = su->i0,
        .dynamics = &su->dyn,
        .qstar = &su->qstar,
        .mass_conserving = p->sinks.sub_params.mass_conserving,
        .t_sink = NAN,
        .inject = {inj, p->supply.injection.s_inj_min, p->supply.injection.s_inj_max,
                   p->supply.injection.q, inj == MD_INJECT_INITIAL_PSD ? b->run.weights : NULL},
        .velocity = {supply_vel_modes[p->supply.injection.velocity.mode],
                     p->supply.injection.velocity.blend_mode == MD_PARAMS_BLEND_LINEAR
                         ? MD_KERNEL_BLEND_LINEAR
                         : MD_KERNEL_BLEND_RMS,
                     p->supply.injection.velocity.weight_mode == MD_PARAMS_WEIGHT_SIGMA_RATIO
                         ? MD_KERNEL_SUPPLY_WEIGHT_SIGMA_RATIO
                         : MD_KERNEL_SUPPLY_WEIGHT_DELTA_SIGMA,
                     p->supply.injection.velocity.e_inj, p->supply.injection.velocity.i_inj,
                     p->supply.injection.velocity.vrel_factor},
        .integrator = p->numerics.smol_integrator == MD_PARAMS_SMOL_FULL_STEP
                          ? MD_COLLIDE0D_FULL_STEP
                          : MD_COLLIDE0D_REFERENCE,
        .smol_rtol = p->numerics.smol_rtol,
        .smol_atol = p->numerics.smol_atol,
    };
}

/* The arrays of this run: the workspace's run store and its per-rank scratch (after the
 * workspace is sized for the run). */
static void bind_buffers(md_workspace *ws, md_run_buffers *b) {
    *b = (md_run_buffers){
        .run = *md_workspace_run_store(ws),
        .work = md_workspace_bin_scratch(ws),
        .sort = md_workspace_step_scratch(ws),
        .collide = md_workspace_collide(ws),
    };
}

md_status md_run_init_setup(const md_params *p, long stride, md_workspace *ws,
                            const md_observer *obs, md_run_setup *su, md_error *err) {
    memset(su, 0, sizeof *su);
    su->p = p;
    su->ws = ws;
    su->obs = obs;
    su->stride = stride;
    md_status st = init_orbit(p, su, err);
    if (st == MD_OK) {
        st = init_dynamics(p, su, err);
    }
    if (st == MD_OK) {
        st = init_tables_and_time(p, ws, su, err);
    }
    if (st != MD_OK) {
        return st;
    }
    bind_buffers(ws, &su->buf);
    init_processes(p, su);
    st = init_psd(p, su, err);
    if (st == MD_OK) {
        st = init_surface(p, su, err);
    }
    if (st == MD_OK) {
        init_blowout_time(p, su);
        st = init_supply(p, su, err);
    }
    if (st == MD_OK) {
        init_collisions(p, ws, su);
    }
    return st;
}

void md_run_init_carried(const md_run_setup *su, md_run_carried *c) {
    const md_params *p = su->p;
    memset(c, 0, sizeof *c);
    c->sigma_surf = su->sigma0; /* step 19: Sigma_surf(0) = Sigma0 on the optical-depth path */
    c->kappa_surf = su->kappa0;
    c->s_min_eff = su->s_min_eff0;
    c->floor_dyn = su->s_min_eff0;
    c->psd_s_min = su->psd_s_min0;
    /* a new version for every grid, this run's first included (spec 10 §1.3) */
    c->m_k = md_workspace_psd_masses(su->ws, su->buf.run.s, su->n, p->material.rho,
                                     md_workspace_new_sizes_version(su->ws));
    c->a_blow = su->a_blow0;
    c->a_blow_eff = md_fmax(p->sizes.s_min, su->a_blow0);
    c->qpr_mean = c->qpr_blow = c->beta_eff = c->T_M = NAN;
    c->temp_cursor = -1;
    c->sigma_tau1_last_finite = NAN;
    c->supply_scaled_initial = NAN;
    c->stop_reason = MD_STOP_T_END_REACHED;
    c->stop_step = -1;
    c->stop_time = NAN;
    c->tau_stop_value = NAN;
    c->tau_final = NAN;
}
