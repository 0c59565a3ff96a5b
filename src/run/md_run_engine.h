/* md_run_engine: the 0D time loop of run_zero_d (spec 10 §2-§5) on a flat, resolved
 * configuration. md_run_zero_d.c turns md_params into md_run_engine_cfg (and refuses what the
 * engine does not support); the engine never sees md_params, so it can include the physics
 * headers (whose names partly coincide with md_params.h). All quantities SI unless noted. */
#ifndef MD_RUN_ENGINE_H
#define MD_RUN_ENGINE_H

#include "md_run_types.h"
#include "md_status.h"
#include "md_workspace.h"

#define MD_RUN_ENGINE_QSTAR_ROWS 16

/* Resolved configuration of one run (names follow the reference's keys). */
typedef struct md_run_engine_cfg {
    /* geometry (spec 10 §2 step 6, 21) */
    int has_disk;                 /* disk block present */
    double r_in_RM, r_out_RM;     /* [R_Mars] */
    double geom_r_in, geom_r_out; /* [m], used without a disk block */
    double analysis_years;        /* scope.analysis_years [yr] */
    /* physics_mode */
    int collisions_active; /* not sublimation_only */
    int sublimation_only, collisions_only;
    /* material, sizes, initial PSD */
    double rho;          /* [kg m^-3] */
    double s_min, s_max; /* [m] */
    int n_bins;
    double mass_total; /* initial.mass_total [M_Mars] */
    int s0_mode;       /* 0 upper, 1 melt_lognormal_mixture, 2 melt_truncated_powerlaw, 3 mono */
    double psd_alpha, wavy_strength;
    double melt_f_fine, melt_s_fine, melt_s_meter, melt_width_dex, melt_s_cut;
    double melt_s_min_solid, melt_s_max_solid, melt_alpha_solid;
    int floor_mode; /* 0 fixed, 1 evolve_smin, 2 none */
    /* dynamics */
    double e0, i0; /* [-], [rad] */
    int e_profile_mars_pericenter;
    double e_clip_min, e_clip_max;
    int kernel_ei_wyatt, kernel_H_fixed, v_rel_ohtsuki;
    double H_factor, H_fixed_over_a, f_wake;
    int e_mode_clearance;
    double dr_min_m, dr_max_m; /* NaN = unset */
    int dr_loguniform;
    int i_mode_obs_tilt;
    double obs_tilt_deg, i_spread_deg;
    int has_rng_seed;
    unsigned long long rng_seed;
    /* Q_D* (spec 20 §4.1) */
    int qstar_si_units, qstar_override;
    double qstar_mu_grav, qstar_Qs, qstar_a_s, qstar_B, qstar_b_g, qstar_coeff_scale;
    int qstar_n_vref;
    double qstar_vref[MD_RUN_ENGINE_QSTAR_ROWS];
    int qstar_n_rows;
    double qstar_rows[MD_RUN_ENGINE_QSTAR_ROWS][5]; /* v_ref [km/s], Qs, a_s, B, b_g */
    /* optical depth */
    int optical_depth; /* block present */
    double tau0_target, tau_stop, tau_stop_tol;
    int has_inner_disk_mass;
    double init_tau1_target; /* init_tau1.target_tau */
    /* supply */
    int supply_enabled, supply_powerlaw;
    double prod_area_rate, mu_orbit10pct, mu_reference_tau, orbit_fraction_at_mu1;
    double tfill_years, powerlaw_A, powerlaw_t0, powerlaw_index, epsilon_mix;
    int inject_mode; /* 0 min_bin, 1 powerlaw_bins, 2 initial_psd */
    double s_inj_min, s_inj_max, inject_q;
    int vel_mode, vel_blend_linear, vel_weight_sigma_ratio;
    double e_inj, i_inj, vrel_factor;
    /* sinks and sublimation */
    int sinks_enabled, sublimation_enabled, sublimation_to_smol, sublimation_to_surface;
    int mass_conserving;
    int sub_hkl; /* 1 hkl/hkl_timescale, 0 exponential/logistic */
    double sub_alpha_evap, sub_mu, sub_A, sub_B, sub_switch_K, sub_A_liq, sub_B_liq;
    int sub_liquid_branch;
    double sub_P_gas, sub_dT, sub_eta_instant;
    int rp_blowout_enable;
    /* radiation and temperature */
    double TM_K;          /* T0 [K] */
    double Q_pr_override; /* NaN = table */
    char qpr_table_path[1024];
    int freeze_kappa;
    int autogen_hyodo; /* cooling model of the generated table */
    double autogen_dt_hours, autogen_min_years, autogen_margin_years;
    double temp_time_scale; /* seconds per time unit of the generated table */
    int temp_extrapolate_error;
    int tau_gate_enable;
    double tau_gate_max;
    /* shielding */
    int shielding_mode;        /* 0 off, 1 psitau, 2 fixed_tau1 */
    char phi_table_path[1024]; /* "" = none */
    double los_factor;         /* f_los */
    /* blow-out and phase */
    int blowout_enabled, target_solid_only, gate_mode; /* gate 0 none, 1 sublimation, 2 collision */
    int phase_enabled, phase_particle_T, allow_liquid_hkl;
    double T_condense, T_vaporize, P_ref_bar, tau_ref, q_abs_mean;
    /* surface */
    int freeze_sigma;
    /* numerics and time grid */
    double t_end_years, t_end_orbits, t_end_until_T, t_end_T_margin_years, t_end_T_search_years;
    double min_duration_years; /* NaN = unset */
    int stop_on_blowout_below_smin;
    double loss_rate_stop; /* NaN = unset [M_Mars s^-1] */
    int dt_auto;
    double dt_init; /* [s] */
    int eval_per_step, orbit_rollup;
    int correct_fast_blowout;
    /* chi_blow */
    int chi_auto;
    double chi_value;
} md_run_engine_cfg;

/* Time grid of spec 10 §3.1-3.2 (plan.n_samples from stride). May build a temperature table on
 * the heap for t_end_until_temperature_K (freed before returning). */
md_status md_run_engine_plan(const md_run_engine_cfg *cfg, long stride, md_run_plan *plan,
                             md_error *err);

/* One run (spec 10 §2 initialisation, §4 stage loop, §5.3 summary). */
md_status md_run_engine_run(const md_run_engine_cfg *cfg, long stride, md_workspace *ws,
                            const md_observer *observer, md_run_result *result, md_error *err);

#endif
