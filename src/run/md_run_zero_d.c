/* md_run_zero_d: the public face of the 0D driver (md_run.h): refuses unsupported parameter
 * combinations naming the key, resolves md_params into the engine's flat configuration, and
 * holds the output field tables. The time loop itself is md_run_engine.c. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "md_constants.h"
#include "md_run.h"
#include "md_run_engine.h"

#define MD_RUN_FIELD_INFO(id, name, units, desc) {name, units, desc},
const md_field_info md_series_columns[] = {MD_SERIES_COLUMNS(MD_RUN_FIELD_INFO)};
const int md_series_column_count = MD_COL_COUNT;
const md_field_info md_summary_fields[] = {MD_SUMMARY_FIELDS(MD_RUN_FIELD_INFO)};
const int md_summary_field_count = MD_SUM_COUNT;
#undef MD_RUN_FIELD_INFO

static md_status unsupported(md_error *err, const char *key, const char *why) {
    return md_error_set(err, MD_ERR_UNSUPPORTED, "%s: %s is not supported by the 0D port", key,
                        why);
}

md_status md_run_validate(const md_params *p, md_error *err) {
    md_status st = md_params_check(p, err);
    if (st != MD_OK) {
        return st;
    }
    if (p->geometry.mode != MD_PARAMS_GEOMETRY_0D) {
        return unsupported(err, "geometry.mode", "1D");
    }
    if (p->surface.collision_solver != MD_PARAMS_SOLVER_SMOL) {
        return unsupported(err, "surface.collision_solver", "surface_ode (legacy)");
    }
    if (!p->optical_depth.present) {
        return unsupported(err, "optical_depth", "a run without the optical_depth block");
    }
    if (p->radiation.present &&
        (p->radiation.source == MD_PARAMS_RAD_SOURCE_OFF || !p->radiation.use_mars_rp)) {
        return unsupported(err, "radiation.source", "radiation off");
    }
    if (isnan(p->radiation.Q_pr) && p->radiation.qpr_table_path[0] == '\0') {
        return unsupported(err, "radiation.qpr_table_path",
                           "the package default table (none given)");
    }
    if (isnan(p->radiation.TM_K)) {
        return unsupported(err, "radiation.TM_K", "a run without TM_K");
    }
    if (p->radiation.mars_temperature_driver.table.path[0] != '\0') {
        return unsupported(err, "radiation.mars_temperature_driver.table.path",
                           "reading a temperature table (the curve is generated)");
    }
    int sinks = p->sinks.mode != MD_PARAMS_SINKS_NONE;
    int sub_active = p->physics_mode == MD_PARAMS_PHYSICS_SUBLIMATION_ONLY
                         ? 1
                         : (p->physics_mode == MD_PARAMS_PHYSICS_COLLISIONS_ONLY ? 0 : sinks);
    if (sinks && p->sinks.enable_gas_drag && p->physics_mode != MD_PARAMS_PHYSICS_COLLISIONS_ONLY) {
        return unsupported(err, "sinks.enable_gas_drag", "gas drag");
    }
    if (p->sinks.hydro_escape.enable) {
        return unsupported(err, "sinks.hydro_escape.enable", "hydrodynamic escape");
    }
    if (sub_active && p->sinks.sub_params.psat_model == MD_PARAMS_PSAT_TABULATED) {
        return unsupported(err, "sinks.sub_params.psat_model", "tabulated");
    }
    if (p->surface_energy.enabled) {
        return unsupported(err, "surface_energy.enabled", "the surface-energy floor");
    }
    if (p->supply.mode == MD_PARAMS_SUPPLY_TABLE || p->supply.mode == MD_PARAMS_SUPPLY_PIECEWISE) {
        return unsupported(err, "supply.mode", "table/piecewise");
    }
    if (p->supply.feedback.enabled || p->supply.reservoir.enabled ||
        p->supply.temperature.enabled) {
        return unsupported(err, "supply.feedback/reservoir/temperature", "supply modifiers");
    }
    if (p->supply.transport.mode != MD_PARAMS_TRANSPORT_DIRECT ||
        !isnan(p->supply.transport.t_mix_orbits)) {
        return unsupported(err, "supply.transport.mode", "deep mixing");
    }
    if (!isnan(p->supply.const_.auto_from_tau1_tfill_years) &&
        isnan(p->supply.const_.mu_orbit10pct)) {
        return unsupported(err, "supply.const.auto_from_tau1_tfill_years", "the t_fill rate");
    }
    if (p->dynamics.e_profile.mode == MD_PARAMS_E_PROFILE_TABLE) {
        return unsupported(err, "dynamics.e_profile.mode", "table");
    }
    if ((p->dynamics.e_mode == MD_PARAMS_E_MODE_MARS_CLEARANCE ||
         p->dynamics.i_mode == MD_PARAMS_I_MODE_OBS_TILT_SPREAD) &&
        !p->dynamics.has_rng_seed) {
        return unsupported(err, "dynamics.rng_seed",
                           "e/i sampling without an explicit seed (the hashed default seed)");
    }
    if (p->shielding.present && p->shielding.mode == MD_PARAMS_SHIELDING_PSITAU &&
        p->shielding.table_path[0] == '\0') {
        return unsupported(err, "shielding.table_path", "psitau with the package Phi table");
    }
    if (p->shielding.present && p->shielding.mode == MD_PARAMS_SHIELDING_FIXED_TAU1) {
        return unsupported(err, "shielding.mode", "fixed_tau1");
    }
    if (!p->shielding.present) {
        return unsupported(err, "shielding", "the default psitau shielding with the package table");
    }
    if (p->phase.enabled && p->phase.source != MD_PARAMS_PHASE_SOURCE_THRESHOLD) {
        return unsupported(err, "phase.source", "map");
    }
    if (p->sizes.n_bins < 1 || p->sizes.n_bins > 100000) {
        return md_error_set(err, MD_ERR_CONFIG, "sizes.n_bins %lld out of range [1, 100000]",
                            (long long)p->sizes.n_bins);
    }
    return MD_OK;
}

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

static void to_engine(const md_params *p, md_run_engine_cfg *c) {
    memset(c, 0, sizeof *c);
    c->has_disk = p->disk.present;
    c->r_in_RM = p->disk.geometry.r_in_RM;
    c->r_out_RM = p->disk.geometry.r_out_RM;
    c->geom_r_in = p->geometry.r_in;
    c->geom_r_out = p->geometry.r_out;
    c->analysis_years = p->scope.analysis_years;
    c->sublimation_only = p->physics_mode == MD_PARAMS_PHYSICS_SUBLIMATION_ONLY;
    c->collisions_only = p->physics_mode == MD_PARAMS_PHYSICS_COLLISIONS_ONLY;
    c->collisions_active = !c->sublimation_only;
    c->rho = p->material.rho;
    c->s_min = p->sizes.s_min;
    c->s_max = p->sizes.s_max;
    c->n_bins = (int)p->sizes.n_bins;
    c->mass_total = p->initial.mass_total;
    c->s0_mode = p->initial.s0_mode == MD_PARAMS_S0_MELT_LOGNORMAL_MIXTURE    ? 1
                 : p->initial.s0_mode == MD_PARAMS_S0_MELT_TRUNCATED_POWERLAW ? 2
                 : p->initial.s0_mode == MD_PARAMS_S0_MONO                    ? 3
                                                                              : 0;
    c->psd_alpha = p->psd.alpha;
    c->wavy_strength = p->psd.wavy_strength;
    c->melt_f_fine = p->initial.melt_psd.f_fine;
    c->melt_s_fine = p->initial.melt_psd.s_fine;
    c->melt_s_meter = p->initial.melt_psd.s_meter;
    c->melt_width_dex = p->initial.melt_psd.width_dex;
    c->melt_s_cut = p->initial.melt_psd.s_cut_condensation;
    c->melt_s_min_solid = p->initial.melt_psd.s_min_solid;
    c->melt_s_max_solid = p->initial.melt_psd.s_max_solid;
    c->melt_alpha_solid = p->initial.melt_psd.alpha_solid;
    c->floor_mode = p->psd.floor.mode == MD_PARAMS_FLOOR_EVOLVE_SMIN ? 1
                    : p->psd.floor.mode == MD_PARAMS_FLOOR_NONE      ? 2
                                                                     : 0;
    c->e0 = p->dynamics.e0;
    c->i0 = p->dynamics.i0_unit == MD_PARAMS_I0_UNIT_DEG ? p->dynamics.i0 * (MD_PI / 180.0)
                                                         : p->dynamics.i0;
    c->e_profile_mars_pericenter =
        p->dynamics.e_profile.mode == MD_PARAMS_E_PROFILE_MARS_PERICENTER;
    c->e_clip_min = p->dynamics.e_profile.clip_min;
    c->e_clip_max = p->dynamics.e_profile.clip_max;
    c->kernel_ei_wyatt = p->dynamics.kernel_ei_mode == MD_PARAMS_KERNEL_EI_WYATT_EQ;
    c->kernel_H_fixed = p->dynamics.kernel_H_mode == MD_PARAMS_KERNEL_H_FIXED;
    c->v_rel_ohtsuki = p->dynamics.v_rel_mode == MD_PARAMS_V_REL_OHTSUKI;
    c->H_factor = p->dynamics.H_factor;
    c->H_fixed_over_a = p->dynamics.H_fixed_over_a;
    c->f_wake = p->dynamics.f_wake;
    c->e_mode_clearance = p->dynamics.e_mode == MD_PARAMS_E_MODE_MARS_CLEARANCE;
    c->dr_min_m = p->dynamics.dr_min_m;
    c->dr_max_m = p->dynamics.dr_max_m;
    c->dr_loguniform = p->dynamics.dr_dist == MD_PARAMS_DR_DIST_LOGUNIFORM;
    c->i_mode_obs_tilt = p->dynamics.i_mode == MD_PARAMS_I_MODE_OBS_TILT_SPREAD;
    c->obs_tilt_deg = p->dynamics.obs_tilt_deg;
    c->i_spread_deg = p->dynamics.i_spread_deg;
    c->has_rng_seed = p->dynamics.has_rng_seed;
    c->rng_seed = (unsigned long long)p->dynamics.rng_seed;
    c->qstar_si_units = p->qstar.coeff_units == MD_PARAMS_COEFF_UNITS_SI;
    c->qstar_override = p->qstar.override_coeffs;
    c->qstar_mu_grav = p->qstar.mu_grav;
    c->qstar_Qs = p->qstar.Qs;
    c->qstar_a_s = p->qstar.a_s;
    c->qstar_B = p->qstar.B;
    c->qstar_b_g = p->qstar.b_g;
    c->qstar_coeff_scale = p->qstar.coeff_scale;
    c->qstar_n_vref = p->qstar.v_ref_kms.n < MD_RUN_ENGINE_QSTAR_ROWS ? p->qstar.v_ref_kms.n
                                                                      : MD_RUN_ENGINE_QSTAR_ROWS;
    for (int k = 0; k < c->qstar_n_vref; k++) {
        c->qstar_vref[k] = p->qstar.v_ref_kms.v[k];
    }
    c->qstar_n_rows = p->qstar.coeff_table.n < MD_RUN_ENGINE_QSTAR_ROWS ? p->qstar.coeff_table.n
                                                                        : MD_RUN_ENGINE_QSTAR_ROWS;
    for (int k = 0; k < c->qstar_n_rows; k++) {
        c->qstar_rows[k][0] = p->qstar.coeff_table.v_ref_kms[k];
        for (int j = 0; j < 4; j++) {
            c->qstar_rows[k][j + 1] = p->qstar.coeff_table.coeffs[k][j];
        }
    }
    c->optical_depth = p->optical_depth.present;
    c->tau0_target = p->optical_depth.tau0_target;
    c->tau_stop = p->optical_depth.tau_stop;
    c->tau_stop_tol = p->optical_depth.tau_stop_tol;
    c->has_inner_disk_mass = p->inner_disk_mass.present && p->disk.present;
    c->init_tau1_target = p->init_tau1.target_tau;
    c->supply_enabled = p->supply.enabled;
    c->supply_powerlaw = p->supply.mode == MD_PARAMS_SUPPLY_POWERLAW;
    c->prod_area_rate = p->supply.const_.prod_area_rate_kg_m2_s;
    c->mu_orbit10pct = p->supply.const_.mu_orbit10pct;
    c->mu_reference_tau = p->supply.const_.mu_reference_tau;
    c->orbit_fraction_at_mu1 = p->supply.const_.orbit_fraction_at_mu1;
    c->tfill_years = p->supply.const_.auto_from_tau1_tfill_years;
    c->powerlaw_A = p->supply.powerlaw.A_kg_m2_s;
    c->powerlaw_t0 = p->supply.powerlaw.t0_s;
    c->powerlaw_index = p->supply.powerlaw.index;
    c->epsilon_mix = p->supply.mixing.epsilon_mix;
    c->inject_mode = p->supply.injection.mode == MD_PARAMS_INJECTION_POWERLAW_BINS ? 1
                     : p->supply.injection.mode == MD_PARAMS_INJECTION_INITIAL_PSD ? 2
                                                                                   : 0;
    c->s_inj_min = p->supply.injection.s_inj_min;
    c->s_inj_max = p->supply.injection.s_inj_max;
    c->inject_q = p->supply.injection.q;
    c->vel_mode = p->supply.injection.velocity.mode == MD_PARAMS_INJ_VEL_FIXED_EI ? 1
                  : p->supply.injection.velocity.mode == MD_PARAMS_INJ_VEL_FACTOR ? 2
                                                                                  : 0;
    c->vel_blend_linear = p->supply.injection.velocity.blend_mode == MD_PARAMS_BLEND_LINEAR;
    c->vel_weight_sigma_ratio =
        p->supply.injection.velocity.weight_mode == MD_PARAMS_WEIGHT_SIGMA_RATIO;
    c->e_inj = p->supply.injection.velocity.e_inj;
    c->i_inj = p->supply.injection.velocity.i_inj;
    c->vrel_factor = p->supply.injection.velocity.vrel_factor;
    c->sinks_enabled = p->sinks.mode != MD_PARAMS_SINKS_NONE;
    /* spec 10 §2 step 24: enable_sublimation OR mode == sublimation (§4.8 Q12) */
    c->sublimation_enabled = c->sinks_enabled && (p->sinks.enable_sublimation ||
                                                  p->sinks.mode == MD_PARAMS_SINKS_SUBLIMATION);
    c->sublimation_to_smol = p->sinks.sublimation_location != MD_PARAMS_SUBLOC_SURFACE;
    c->sublimation_to_surface = p->sinks.sublimation_location != MD_PARAMS_SUBLOC_SMOL;
    c->mass_conserving = p->sinks.sub_params.mass_conserving;
    c->sub_hkl = p->sinks.sub_params.mode == MD_PARAMS_SUB_HKL ||
                 p->sinks.sub_params.mode == MD_PARAMS_SUB_HKL_TIMESCALE;
    c->sub_alpha_evap = p->sinks.sub_params.alpha_evap;
    c->sub_mu = p->sinks.sub_params.mu;
    c->sub_A = p->sinks.sub_params.A;
    c->sub_B = p->sinks.sub_params.B;
    c->sub_liquid_branch = p->sinks.sub_params.enable_liquid_branch;
    c->sub_switch_K = p->sinks.sub_params.psat_liquid_switch_K;
    c->sub_A_liq = p->sinks.sub_params.A_liq;
    c->sub_B_liq = p->sinks.sub_params.B_liq;
    c->sub_P_gas = p->sinks.sub_params.P_gas;
    c->sub_dT = p->sinks.sub_params.dT;
    c->sub_eta_instant = p->sinks.sub_params.eta_instant;
    c->rp_blowout_enable = p->sinks.rp_blowout.enable;
    c->TM_K = p->radiation.TM_K;
    c->Q_pr_override = p->radiation.Q_pr;
    snprintf(c->qpr_table_path, sizeof c->qpr_table_path, "%s", p->radiation.qpr_table_path);
    c->freeze_kappa = p->radiation.freeze_kappa;
    c->autogen_hyodo =
        p->radiation.mars_temperature_driver.autogenerate.model == MD_PARAMS_AUTOGEN_HYODO;
    c->autogen_dt_hours = p->radiation.mars_temperature_driver.autogenerate.dt_hours;
    c->autogen_min_years = p->radiation.mars_temperature_driver.autogenerate.min_years;
    c->autogen_margin_years = p->radiation.mars_temperature_driver.autogenerate.time_margin_years;
    c->temp_time_scale =
        time_unit_scale(p->radiation.mars_temperature_driver.autogenerate.time_unit);
    c->temp_extrapolate_error =
        p->radiation.mars_temperature_driver.extrapolation == MD_PARAMS_EXTRAP_ERROR;
    c->tau_gate_enable = p->radiation.tau_gate.enable;
    c->tau_gate_max = p->radiation.tau_gate.tau_max;
    c->shielding_mode = !p->shielding.present                                 ? 1
                        : p->shielding.mode == MD_PARAMS_SHIELDING_OFF        ? 0
                        : p->shielding.mode == MD_PARAMS_SHIELDING_FIXED_TAU1 ? 2
                                                                              : 1;
    snprintf(c->phi_table_path, sizeof c->phi_table_path, "%s", p->shielding.table_path);
    {
        double h = p->shielding.los_geometry.h_over_r,
               pm = p->shielding.los_geometry.path_multiplier;
        int aspect = p->shielding.los_geometry.mode == MD_PARAMS_LOS_ASPECT_RATIO_FACTOR;
        c->los_factor = (aspect && h > 0.0 && pm > 0.0 && pm / h > 1.0) ? pm / h : 1.0;
    }
    c->blowout_enabled = p->blowout.enabled;
    c->target_solid_only = p->blowout.target_phase == MD_PARAMS_TARGET_PHASE_SOLID_ONLY;
    c->gate_mode = p->blowout.gate_mode == MD_PARAMS_GATE_SUBLIMATION_COMPETITION ? 1
                   : p->blowout.gate_mode == MD_PARAMS_GATE_COLLISION_COMPETITION ? 2
                                                                                  : 0;
    c->phase_enabled = p->phase.enabled;
    c->phase_particle_T = p->phase.temperature_input == MD_PARAMS_PHASE_T_PARTICLE;
    c->allow_liquid_hkl = p->phase.allow_liquid_hkl;
    c->T_condense = p->phase.thresholds.T_condense_K;
    c->T_vaporize = p->phase.thresholds.T_vaporize_K;
    c->P_ref_bar = p->phase.thresholds.P_ref_bar;
    c->tau_ref = p->phase.thresholds.tau_ref;
    c->q_abs_mean = p->phase.q_abs_mean;
    c->freeze_sigma = p->surface.freeze_sigma;
    c->t_end_years = p->numerics.t_end_years;
    c->t_end_orbits = p->numerics.t_end_orbits;
    c->t_end_until_T = p->numerics.t_end_until_temperature_K;
    c->t_end_T_margin_years = p->numerics.t_end_temperature_margin_years;
    c->t_end_T_search_years = p->numerics.t_end_temperature_search_years;
    c->min_duration_years = p->numerics.min_duration_years;
    c->stop_on_blowout_below_smin = p->numerics.stop_on_blowout_below_smin;
    c->loss_rate_stop = p->numerics.mass_loss_rate_stop_Mmars_s;
    c->dt_auto = p->numerics.dt_init.word == MD_NW_AUTO;
    c->dt_init = p->numerics.dt_init.value;
    c->eval_per_step = p->numerics.eval_per_step;
    c->orbit_rollup = p->numerics.orbit_rollup;
    c->correct_fast_blowout = p->io.correct_fast_blowout;
    c->chi_auto = p->chi_blow.word == MD_NW_AUTO;
    c->chi_value = p->chi_blow.value;
}

md_status md_run_plan_make(const md_params *p, long stride, md_run_plan *plan, md_error *err) {
    md_run_engine_cfg c;
    to_engine(p, &c);
    return md_run_engine_plan(&c, stride, plan, err);
}

md_status md_run_zero_d(const md_params *p, long stride, md_workspace *ws,
                        const md_observer *observer, md_run_result *result, md_error *err) {
    md_status st = md_run_validate(p, err);
    if (st != MD_OK) {
        return st;
    }
    md_run_engine_cfg c;
    to_engine(p, &c);
    return md_run_engine_run(&c, stride, ws, observer, result, err);
}
