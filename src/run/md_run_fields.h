/* md_run_fields: the series columns and summary values of a 0D run, as X-macro lists
 * X(ENUM, "reference name", "units", "description"). md_run.h turns them into the column enums
 * (MD_COL_*, MD_SUM_*) and md_run_zero_d.c into md_series_columns[] / md_summary_fields[].
 *
 * Names are the reference's (series/run.parquet columns, summary.json keys; spec 10 §5.2-5.3).
 * Every column is a double: booleans are 0/1, missing values NaN. Reference string columns are
 * either numeric codes under the same name (the units string gives the code table) or left out
 * (r_source, T_M_source, T_source, phase_temperature_input, phase_tau_field,
 * supply_transport_mode, supply_temperature_value_kind, case_status, phase_method,
 * phase_reason, blowout_layer_mode, blowout_target_phase: constants of a run, or free text).
 * Deviation: smol_dt_eff and smol_mass_error are filled every step (the reference writes them
 * only to diagnostics.parquet and leaves them null in run.parquet). smol_internal_steps (series
 * and summary) is not the reference's: it counts numerics.smol_integrator's steps. */
#ifndef MD_RUN_FIELDS_H
#define MD_RUN_FIELDS_H

#define MD_SERIES_COLUMNS(X)                                                                       \
    X(TIME, "time", "s", "end of the step, t_k + dt")                                              \
    X(DT, "dt", "s", "outer step")                                                                 \
    X(OMEGA_S, "Omega_s", "s^-1", "Keplerian angular frequency at the run radius")                 \
    X(T_ORB_S, "t_orb_s", "s", "orbital period 2 pi / Omega")                                      \
    X(T_BLOW_S, "t_blow_s", "s", "blow-out time chi_blow / Omega")                                 \
    X(T_COLL, "t_coll", "s", "shortest collision time of this step's kernel (NaN if none)")        \
    X(TS_RATIO, "ts_ratio", "1", "t_blow / t_coll")                                                \
    X(R_M, "r_m", "m", "orbital radius of the annulus")                                            \
    X(R_RM, "r_RM", "R_Mars", "orbital radius in Mars radii")                                      \
    X(R_ORBIT_RM, "r_orbit_RM", "R_Mars", "alias of r_RM")                                         \
    X(T_M_USED, "T_M_used", "K", "Mars surface temperature at the start of the step")              \
    X(T_P_EFFECTIVE, "T_p_effective", "K", "particle temperature T_M q_abs^1/4 sqrt(R_M/2r)")      \
    X(RAD_FLUX_MARS, "rad_flux_Mars", "W m^-2", "Mars black-body flux sigma_SB T_M^4")             \
    X(DT_OVER_T_BLOW, "dt_over_t_blow", "1", "dt / t_blow (0 if blow-out is disabled)")            \
    X(TAU, "tau", "1", "start-of-step LOS tau (fixed_tau1: the fixed tau)")                        \
    X(TAU_LOS_MARS, "tau_los_mars", "1", "alias of tau")                                           \
    X(A_BLOW_STEP, "a_blow_step", "m", "blow-out radius of this step (7 look-ups)")                \
    X(A_BLOW, "a_blow", "m", "alias of a_blow_step")                                               \
    X(A_BLOW_AT_SMIN, "a_blow_at_smin", "m", "alias of a_blow_step")                               \
    X(S_MIN, "s_min", "m", "effective minimum grain size of this step")                            \
    X(S_MIN_SURFACE_ENERGY, "s_min_surface_energy", "m", "surface-energy floor (0: disabled)")     \
    X(KAPPA, "kappa", "m^2 kg^-1", "effective opacity of the shielding step")                      \
    X(KAPPA_EFF, "kappa_eff", "m^2 kg^-1", "alias of kappa")                                       \
    X(KAPPA_SURF, "kappa_surf", "m^2 kg^-1", "PSD opacity at the start of the step")               \
    X(QPR_MEAN, "Qpr_mean", "1", "Planck-mean Q_pr at the effective minimum size")                 \
    X(Q_PR_AT_SMIN, "Q_pr_at_smin", "1", "alias of Qpr_mean")                                      \
    X(BETA_AT_SMIN_CONFIG, "beta_at_smin_config", "1", "beta at sizes.s_min and T_M(0)")           \
    X(BETA_AT_SMIN_EFFECTIVE, "beta_at_smin_effective", "1", "beta at the effective minimum size") \
    X(BETA_AT_SMIN, "beta_at_smin", "1", "alias of beta_at_smin_effective")                        \
    X(BETA_THRESHOLD, "beta_threshold", "1", "blow-out threshold 0.5")                             \
    X(SIGMA_SURF, "Sigma_surf", "kg m^-2", "surface density at the end of the step")               \
    X(SIGMA_SURF_ALIAS, "sigma_surf", "kg m^-2", "alias of Sigma_surf")                            \
    X(SIGMA_SURF0, "Sigma_surf0", "kg m^-2", "initial surface density from tau0_target")           \
    X(SIGMA_TAU1, "Sigma_tau1", "kg m^-2", "Sigma_tau=1 of the shielding step (NaN: skipped)")     \
    X(SIGMA_TAU1_ACTIVE, "Sigma_tau1_active", "kg m^-2", "always NaN in 0D")                       \
    X(SIGMA_TAU1_ALIAS, "sigma_tau1", "kg m^-2", "alias of Sigma_tau1")                            \
    X(SIGMA_TAU1_LAST_FINITE, "Sigma_tau1_last_finite", "kg m^-2", "last finite Sigma_tau1")       \
    X(TAU_PHASE_LOS, "tau_phase_los", "1", "NaN, as in the reference's series")                    \
    X(TAU_PHASE_USED, "tau_phase_used", "1", "NaN, as in the reference's series")                  \
    X(SIGMA_DEEP, "sigma_deep", "kg m^-2", "deep-reservoir surface density")                       \
    X(HEADROOM, "headroom", "kg m^-2", "supply headroom (NaN without a headroom policy)")          \
    X(OUTFLUX_SURFACE, "outflux_surface", "kg m^-2 s^-1", "blow-out mass flux")                    \
    X(T_SOLID_S, "t_solid_s", "s", "blow-out gate competitor time (NaN without a gate)")           \
    X(BLOWOUT_GATE_FACTOR, "blowout_gate_factor", "1", "blow-out gate factor (1: no gate)")        \
    X(SINK_FLUX_SURFACE, "sink_flux_surface", "kg m^-2 s^-1", "sink mass flux")                    \
    X(T_BLOW, "t_blow", "s", "alias of t_blow_s")                                                  \
    X(PROD_SUBBLOW_AREA_RATE, "prod_subblow_area_rate", "kg m^-2 s^-1", "supply injected")         \
    X(PROD_SUBBLOW_AREA_RATE_RAW, "prod_subblow_area_rate_raw", "kg m^-2 s^-1",                    \
      "configured or derived supply rate before epsilon_mix")                                      \
    X(DOTSIGMA_PROD, "dotSigma_prod", "kg m^-2 s^-1", "evaluated supply rate")                     \
    X(MU_ORBIT10PCT, "mu_orbit10pct", "1", "supply.const.mu_orbit10pct")                           \
    X(EPSILON_MIX, "epsilon_mix", "1", "supply.mixing.epsilon_mix")                                \
    X(PROD_RATE_RAW, "prod_rate_raw", "kg m^-2 s^-1", "evaluated supply rate before routing")      \
    X(PROD_RATE_APPLIED_TO_SURF, "prod_rate_applied_to_surf", "kg m^-2 s^-1",                      \
      "supply rate applied to the surface")                                                        \
    X(PROD_RATE_DIVERTED_TO_DEEP, "prod_rate_diverted_to_deep", "kg m^-2 s^-1",                    \
      "supply diverted to the deep reservoir")                                                     \
    X(PROD_RATE_INTO_DEEP, "prod_rate_into_deep", "kg m^-2 s^-1",                                  \
      "supply into the deep reservoir")                                                            \
    X(DEEP_TO_SURF_FLUX_ATTEMPT, "deep_to_surf_flux_attempt", "kg m^-2 s^-1",                      \
      "deep-to-surface flux attempted")                                                            \
    X(DEEP_TO_SURF_FLUX, "deep_to_surf_flux", "kg m^-2 s^-1", "deep-to-surface flux")              \
    X(DEEP_TO_SURF_FLUX_APPLIED, "deep_to_surf_flux_applied", "kg m^-2 s^-1",                      \
      "alias of deep_to_surf_flux")                                                                \
    X(SUPPLY_RATE_NOMINAL, "supply_rate_nominal", "kg m^-2 s^-1", "R_prod epsilon_mix")            \
    X(SUPPLY_RATE_SCALED, "supply_rate_scaled", "kg m^-2 s^-1", "alias of dotSigma_prod")          \
    X(SUPPLY_RATE_APPLIED, "supply_rate_applied", "kg m^-2 s^-1", "alias of prod_rate_applied")    \
    X(SUPPLY_TAU_CLIP_SPILL_RATE, "supply_tau_clip_spill_rate", "kg m^-2 s^-1", "spill (0 in 0D)") \
    X(SUPPLY_HEADROOM, "supply_headroom", "kg m^-2", "alias of headroom")                          \
    X(SUPPLY_CLIP_FACTOR, "supply_clip_factor", "1", "applied / scaled supply (NaN if none)")      \
    X(SUPPLY_VISIBILITY_FACTOR, "supply_visibility_factor", "1", "applied / max(raw, 1e-30)")      \
    X(SUPPLY_BLOCKED_BY_HEADROOM, "supply_blocked_by_headroom", "bool", "supply clipped to 0")     \
    X(SUPPLY_MIXING_LIMITED, "supply_mixing_limited", "bool", "supply held by deep mixing")        \
    X(E_KERNEL_USED, "e_kernel_used", "1", "eccentricity used by the kernel (NaN: no collisions)") \
    X(I_KERNEL_USED, "i_kernel_used", "rad", "inclination used by the kernel")                     \
    X(E_KERNEL_BASE, "e_kernel_base", "1", "baseline eccentricity of the kernel")                  \
    X(I_KERNEL_BASE, "i_kernel_base", "rad", "baseline inclination of the kernel")                 \
    X(E_KERNEL_SUPPLY, "e_kernel_supply", "1", "eccentricity of supplied grains")                  \
    X(I_KERNEL_SUPPLY, "i_kernel_supply", "rad", "inclination of supplied grains")                 \
    X(E_KERNEL_EFFECTIVE, "e_kernel_effective", "1", "alias of e_kernel_used")                     \
    X(I_KERNEL_EFFECTIVE, "i_kernel_effective", "rad", "alias of i_kernel_used")                   \
    X(E_STATE_NEXT, "e_state_next", "1", "always NaN in 0D")                                       \
    X(I_STATE_NEXT, "i_state_next", "rad", "always NaN in 0D")                                     \
    X(T_DAMP_COLLISIONS, "t_damp_collisions", "s", "always NaN in 0D")                             \
    X(E_EQ_TARGET, "e_eq_target", "1", "always NaN in 0D")                                         \
    X(SUPPLY_VELOCITY_WEIGHT_W, "supply_velocity_weight_w", "1", "supply velocity blend weight")   \
    X(SUPPLY_TEMPERATURE_SCALE, "supply_temperature_scale", "1", "supply temperature factor")      \
    X(SUPPLY_FEEDBACK_SCALE, "supply_feedback_scale", "1", "supply feedback factor")               \
    X(SUPPLY_RESERVOIR_CLIPPED, "supply_reservoir_clipped", "bool", "supply clipped by reservoir") \
    X(M_OUT_DOT, "M_out_dot", "M_Mars s^-1", "blow-out mass-loss rate")                            \
    X(M_SINK_DOT, "M_sink_dot", "M_Mars s^-1", "sink mass-loss rate")                              \
    X(DM_DT_SURFACE_TOTAL, "dM_dt_surface_total", "M_Mars s^-1", "M_out_dot + M_sink_dot")         \
    X(M_OUT_DOT_AVG, "M_out_dot_avg", "M_Mars s^-1", "booked blow-out mass of the step / dt")      \
    X(M_SINK_DOT_AVG, "M_sink_dot_avg", "M_Mars s^-1", "booked sink mass of the step / dt")        \
    X(DM_DT_SURFACE_TOTAL_AVG, "dM_dt_surface_total_avg", "M_Mars s^-1", "sum of the two")         \
    X(FAST_BLOWOUT_FACTOR_AVG, "fast_blowout_factor_avg", "1", "step-mean 1 - exp(-dt/t_blow)")    \
    X(DSIGMA_DT_BLOWOUT, "dSigma_dt_blowout", "kg m^-2 s^-1", "blow-out rate per area")            \
    X(DSIGMA_DT_SINKS, "dSigma_dt_sinks", "kg m^-2 s^-1", "sink rate per area")                    \
    X(DSIGMA_DT_TOTAL, "dSigma_dt_total", "kg m^-2 s^-1", "sum of the two")                        \
    X(DSIGMA_DT_SUBLIMATION, "dSigma_dt_sublimation", "kg m^-2 s^-1", "sublimation rate per area") \
    X(M_LOSS_CUM, "M_loss_cum", "M_Mars", "cumulative blow-out plus sink loss")                    \
    X(MASS_TOTAL_BINS, "mass_total_bins", "M_Mars", "initial.mass_total - M_loss_cum")             \
    X(MASS_LOST_BY_BLOWOUT, "mass_lost_by_blowout", "M_Mars", "cumulative blow-out loss")          \
    X(MASS_LOST_BY_SINKS, "mass_lost_by_sinks", "M_Mars", "cumulative sink loss")                  \
    X(M_SINK_CUM, "M_sink_cum", "M_Mars", "alias of mass_lost_by_sinks")                           \
    X(MASS_LOST_SINKS_STEP, "mass_lost_sinks_step", "M_Mars", "sink loss of the step")             \
    X(MASS_LOST_SUBLIMATION_STEP, "mass_lost_sublimation_step", "M_Mars",                          \
      "sublimation loss of the step")                                                              \
    X(MASS_LOST_HYDRO_STEP, "mass_lost_hydro_step", "M_Mars", "hydrodynamic-escape loss of step")  \
    X(MASS_LOST_TAU_CLIP_SPILL_STEP, "mass_lost_tau_clip_spill_step", "M_Mars", "spill (0)")       \
    X(CUM_MASS_LOST_TAU_CLIP_SPILL, "cum_mass_lost_tau_clip_spill", "M_Mars", "cumulative spill")  \
    X(MASS_LOST_SURFACE_SOLID_MARSRP_STEP, "mass_lost_surface_solid_marsRP_step", "M_Mars",        \
      "blow-out loss of the step")                                                                 \
    X(SMOL_DT_EFF, "smol_dt_eff", "s",                                                             \
      "interval the Smoluchowski step integrated (NaN: none; full_step: dt)")                      \
    X(SMOL_MASS_ERROR, "smol_mass_error", "1", "relative mass error of the Smoluchowski step")     \
    X(SMOL_INTERNAL_STEPS, "smol_internal_steps", "count",                                         \
      "Smoluchowski steps in this step (reference: 1; full_step: accepted internal steps)")        \
    X(M_LOSS_RP_MARS, "M_loss_rp_mars", "M_Mars", "alias of mass_lost_by_blowout")                 \
    X(M_LOSS_SURFACE_SOLID_MARSRP, "M_loss_surface_solid_marsRP", "M_Mars", "alias, blow-out")     \
    X(M_LOSS_HYDRO, "M_loss_hydro", "M_Mars", "cumulative hydrodynamic-escape loss")               \
    X(FAST_BLOWOUT_FACTOR, "fast_blowout_factor", "1", "1 - exp(-dt/t_blow) (0 unless blowout)")   \
    X(FAST_BLOWOUT_CORRECTED, "fast_blowout_corrected", "bool", "fast blow-out correction used")   \
    X(FAST_BLOWOUT_FLAG_GT3, "fast_blowout_flag_gt3", "bool", "dt / t_blow > 3")                   \
    X(FAST_BLOWOUT_FLAG_GT10, "fast_blowout_flag_gt10", "bool", "dt / t_blow > 10")                \
    X(FAST_BLOWOUT_RATIO, "fast_blowout_ratio", "1", "dt / t_blow (0 unless case blowout)")        \
    X(N_SUBSTEPS, "n_substeps", "count", "sub-steps of the step (1)")                              \
    X(SUBSTEP_ACTIVE, "substep_active", "bool", "sub-stepping active")                             \
    X(CHI_BLOW_EFF, "chi_blow_eff", "1", "blow-out time factor chi")                               \
    X(S_BLOW_M, "s_blow_m", "m", "alias of a_blow_step")                                           \
    X(S_BLOW_M_EFFECTIVE, "s_blow_m_effective", "m", "max(sizes.s_min, a_blow)")                   \
    X(RHO_USED, "rho_used", "kg m^-3", "grain bulk density")                                       \
    X(Q_PR_USED, "Q_pr_used", "1", "alias of Qpr_mean")                                            \
    X(Q_PR_BLOW, "Q_pr_blow", "1", "Q_pr at a_blow")                                               \
    X(S_MIN_EFFECTIVE, "s_min_effective", "m", "alias of s_min")                                   \
    X(S_MIN_CONFIG, "s_min_config", "m", "sizes.s_min")                                            \
    X(S_MIN_EFFECTIVE_GT_CONFIG, "s_min_effective_gt_config", "bool", "s_min > sizes.s_min")       \
    X(DS_DT_SUBLIMATION, "ds_dt_sublimation", "m s^-1", "grain-size change rate applied")          \
    X(DS_DT_SUBLIMATION_RAW, "ds_dt_sublimation_raw", "m s^-1", "HKL rate before phase gating")    \
    X(PHI_EFFECTIVE, "phi_effective", "1", "kappa_eff / kappa_surf (NaN: solver skipped)")         \
    X(PHI_USED, "phi_used", "1", "alias of phi_effective")                                         \
    X(PHASE_STATE, "phase_state", "code: 0 solid, 1 vapor", "phase decision of the step")          \
    X(PHASE_F_VAP, "phase_f_vap", "1", "vapour fraction of the phase decision")                    \
    X(PHASE_BULK_STATE, "phase_bulk_state",                                                        \
      "code: 0 solid_dominated, 1 mixed, 2 liquid_dominated", "bulk phase of the step")            \
    X(PHASE_BULK_F_LIQUID, "phase_bulk_f_liquid", "1", "bulk liquid fraction")                     \
    X(PHASE_BULK_F_SOLID, "phase_bulk_f_solid", "1", "bulk solid fraction")                        \
    X(PHASE_BULK_F_VAPOR, "phase_bulk_f_vapor", "1", "bulk vapour fraction")                       \
    X(TAU_MARS_LINE_OF_SIGHT, "tau_mars_line_of_sight", "1", "alias of tau")                       \
    X(TAU_GATE_BLOCKED, "tau_gate_blocked", "bool", "blow-out blocked by the tau gate")            \
    X(BLOWOUT_BETA_GATE, "blowout_beta_gate", "bool", "beta_at_smin_effective >= 0.5")             \
    X(BLOWOUT_PHASE_ALLOWED, "blowout_phase_allowed", "bool", "phase permits blow-out")            \
    X(SINK_SELECTED, "sink_selected", "code: 0 none, 1 rp_blowout, 2 hydro_escape",                \
      "sink branch of the step")                                                                   \
    X(SUBLIMATION_BLOCKED_BY_PHASE, "sublimation_blocked_by_phase", "bool",                        \
      "sublimation suppressed by a liquid-dominated bulk")

#define MD_SUMMARY_FIELDS(X)                                                                       \
    X(M_LOSS, "M_loss", "M_Mars", "total cumulative loss M_out_cum + M_sink_cum")                  \
    X(M_OUT_CUM, "M_out_cum", "M_Mars", "cumulative radiation-pressure blow-out")                  \
    X(M_LOSS_RP_MARS, "M_loss_rp_mars", "M_Mars", "alias of M_out_cum")                            \
    X(M_LOSS_SURFACE_SOLID_MARSRP, "M_loss_surface_solid_marsRP", "M_Mars", "alias of M_out_cum")  \
    X(M_SINK_CUM, "M_sink_cum", "M_Mars", "cumulative sink loss")                                  \
    X(M_LOSS_FROM_SINKS, "M_loss_from_sinks", "M_Mars", "alias of M_sink_cum")                     \
    X(M_LOSS_FROM_SUBLIMATION, "M_loss_from_sublimation", "M_Mars", "cumulative sublimation")      \
    X(M_LOSS_TAU_CLIP_SPILL, "M_loss_tau_clip_spill", "M_Mars", "cumulative spill")                \
    X(M_LOSS_HYDRO_ESCAPE, "M_loss_hydro_escape", "M_Mars", "cumulative hydrodynamic escape")      \
    X(ORBITS_COMPLETED, "orbits_completed", "count", "orbit roll-up rows")                         \
    X(M_OUT_MEAN_PER_ORBIT, "M_out_mean_per_orbit", "M_Mars", "M_out_cum / orbits_completed")      \
    X(M_SINK_MEAN_PER_ORBIT, "M_sink_mean_per_orbit", "M_Mars", "M_sink_cum / orbits_completed")   \
    X(M_LOSS_MEAN_PER_ORBIT, "M_loss_mean_per_orbit", "M_Mars", "M_loss / orbits_completed")       \
    X(EARLY_STOP_TIME_S, "early_stop_time_s", "s", "time stamp of an early stop (NaN: none)")      \
    X(EARLY_STOP_STEP, "early_stop_step", "count", "step of an early stop (NaN: none)")            \
    X(STOP_TAU_LOS, "stop_tau_los", "1", "tau that triggered the tau stop (NaN: none)")            \
    X(ANALYSIS_WINDOW_YEARS, "analysis_window_years", "yr", "scope.analysis_years")                \
    X(ANALYSIS_WINDOW_YEARS_ACTUAL, "analysis_window_years_actual", "yr", "elapsed time / yr")     \
    X(MASS_BUDGET_MAX_ERROR_PERCENT, "mass_budget_max_error_percent", "%",                         \
      "largest per-step mass-budget error")                                                        \
    X(SMOL_INTERNAL_STEPS, "smol_internal_steps", "count",                                         \
      "Smoluchowski steps of the run (reference: one per collision step)")                         \
    X(BETA_THRESHOLD, "beta_threshold", "1", "0.5")                                                \
    X(BETA_AT_SMIN_CONFIG, "beta_at_smin_config", "1", "beta at sizes.s_min, t = 0")               \
    X(BETA_AT_SMIN_EFFECTIVE, "beta_at_smin_effective", "1", "beta at s_min_effective, final")     \
    X(BETA_AT_SMIN_MIN, "beta_at_smin_min", "1", "minimum over steps")                             \
    X(BETA_AT_SMIN_MEDIAN, "beta_at_smin_median", "1", "median over steps")                        \
    X(BETA_AT_SMIN_MAX, "beta_at_smin_max", "1", "maximum over steps")                             \
    X(S_BLOW_M, "s_blow_m", "m", "final a_blow")                                                   \
    X(S_BLOW_M_EFFECTIVE, "s_blow_m_effective", "m", "max(sizes.s_min, final a_blow)")             \
    X(A_BLOW_MIN, "a_blow_min", "m", "minimum over steps")                                         \
    X(A_BLOW_MEDIAN, "a_blow_median", "m", "median over steps")                                    \
    X(A_BLOW_MAX, "a_blow_max", "m", "maximum over steps")                                         \
    X(CHI_BLOW_EFF, "chi_blow_eff", "1", "blow-out time factor chi")                               \
    X(RHO_USED, "rho_used", "kg m^-3", "grain bulk density")                                       \
    X(Q_PR_USED, "Q_pr_used", "1", "final Q_pr at s_min_effective")                                \
    X(Q_PR_BLOW, "Q_pr_blow", "1", "Q_pr at the final a_blow")                                     \
    X(S_MIN_EFFECTIVE, "s_min_effective", "m", "final effective minimum size")                     \
    X(S_MIN_CONFIG, "s_min_config", "m", "sizes.s_min")                                            \
    X(S_MIN_EFFECTIVE_GT_CONFIG, "s_min_effective_gt_config", "bool", "s_min_effective > s_min")   \
    X(BLOWOUT_GATE_FACTOR_MIN, "blowout_gate_factor_min", "1", "minimum over steps")               \
    X(BLOWOUT_GATE_FACTOR_MEDIAN, "blowout_gate_factor_median", "1", "median over steps")          \
    X(BLOWOUT_GATE_FACTOR_MAX, "blowout_gate_factor_max", "1", "maximum over steps")               \
    X(T_SOLID_MIN, "t_solid_min", "s", "minimum over steps")                                       \
    X(T_SOLID_MEDIAN, "t_solid_median", "s", "median over steps")                                  \
    X(T_SOLID_MAX, "t_solid_max", "s", "maximum over steps")                                       \
    X(DT_OVER_T_BLOW_MEDIAN, "dt_over_t_blow_median", "1", "median of dt / t_blow")                \
    X(BLOWOUT_ACTIVE, "blowout_active", "bool", "blow-out enabled by configuration")               \
    X(KAPPA_SURF_INITIAL, "kappa_surf_initial", "m^2 kg^-1", "initial PSD opacity kappa0")         \
    X(KAPPA_EFF_INITIAL, "kappa_eff_initial", "m^2 kg^-1",                                         \
      "kappa_eff at t = 0: Phi(tau0) kappa_surf_initial")                                          \
    X(SIGMA_SURF0, "Sigma_surf0", "kg m^-2", "tau0 / (kappa_eff0 f_los)")                          \
    X(SIGMA_SURF_INITIAL, "sigma_surf_initial", "kg m^-2", "initial surface density")              \
    X(SIGMA_TAU1_INITIAL, "Sigma_tau1_initial", "kg m^-2", "initial tau = 1 cap (NaN: none)")      \
    X(R_M_USED, "r_m_used", "m", "orbital radius")                                                 \
    X(R_RM_USED, "r_RM_used", "R_Mars", "orbital radius in Mars radii")                            \
    X(T_M_USED, "T_M_used", "K", "final Mars temperature")                                         \
    X(T_M_INITIAL, "T_M_initial", "K", "T_M at t = 0")                                             \
    X(T_M_FINAL, "T_M_final", "K", "T_M of the last step")                                         \
    X(T_M_MIN, "T_M_min", "K", "minimum over steps")                                               \
    X(T_M_MEDIAN, "T_M_median", "K", "median over steps")                                          \
    X(T_M_MAX, "T_M_max", "K", "maximum over steps")                                               \
    X(SUPPLY_MU_ORBIT10PCT, "supply_mu_orbit10pct", "1", "supply.const.mu_orbit10pct")             \
    X(SUPPLY_MU_REFERENCE_TAU, "supply_mu_reference_tau", "1", "supply.const.mu_reference_tau")    \
    X(SIGMA_SURF_MU_REFERENCE, "sigma_surf_mu_reference", "kg m^-2", "Sigma_ref of the mu rate")   \
    X(SUPPLY_ORBIT_FRACTION_AT_MU1, "supply_orbit_fraction_at_mu1", "1", "f_orb")                  \
    X(EFFECTIVE_PROD_RATE, "effective_prod_rate_kg_m2_s", "kg m^-2 s^-1", "R_prod epsilon_mix")    \
    X(SUPPLY_RATE_NOMINAL, "supply_rate_nominal_kg_m2_s", "kg m^-2 s^-1", "nominal supply rate")   \
    X(SUPPLY_RATE_SCALED_INITIAL, "supply_rate_scaled_initial_kg_m2_s", "kg m^-2 s^-1",            \
      "first finite evaluated supply rate")                                                        \
    X(SUPPLY_VISIBILITY_MIN, "supply_visibility_min", "1", "minimum over steps")                   \
    X(SUPPLY_VISIBILITY_MEDIAN, "supply_visibility_median", "1", "median over steps")              \
    X(SUPPLY_VISIBILITY_MAX, "supply_visibility_max", "1", "maximum over steps")                   \
    X(SUPPLY_BLOCKED_FRACTION, "supply_blocked_fraction", "1", "fraction of steps clipped")        \
    X(SUPPLY_MIXING_FRACTION, "supply_mixing_fraction", "1", "fraction held by deep mixing")       \
    X(SUPPLY_CLIP_TIME_FRACTION, "supply_clip_time_fraction", "1", "time fraction clipped")        \
    X(COLLISIONS_ACTIVE, "collisions_active", "bool", "collisions enabled by physics_mode")        \
    X(SUBLIMATION_ACTIVE, "sublimation_active", "bool", "sublimation enabled")                     \
    X(N_STEPS, "n_steps", "count", "planned outer steps (time_grid.n_steps)")                      \
    X(N_STEPS_DONE, "n_steps_done", "count", "steps integrated and recorded")                      \
    X(DT_STEP_S, "dt_step_s", "s", "outer step (time_grid.dt_step_s)")                             \
    X(T_END_S, "t_end_s", "s", "planned end time (time_grid.t_end_s)")                             \
    X(T_END_ACTUAL_S, "t_end_actual_s", "s", "elapsed time (time_grid.t_end_actual_s)")            \
    X(TAU_FINAL, "tau_final", "1", "tau of the last recorded step")                                \
    X(A_BLOW_INITIAL, "a_blow_initial", "m", "a_blow at t = 0 (initialisation)")                   \
    X(A_BLOW_FINAL, "a_blow_final", "m", "alias of s_blow_m")

#endif
