/* md_run_state: the state of one 0D run, named after spec 10 §1.1, in three parts:
 *   md_run_setup    what initialisation (spec 10 §2) fixes; read-only in the time loop;
 *   md_run_carried  the variables carried from step to step (one field per row of §1.1);
 *   md_step_scratch what one step computes for its later stages and its series row (§4.1
 *                   "scratch"), reset at the start of every step.
 * Stages (md_run_stages.h) read the set-up, update the carried state and fill the scratch; the
 * series row and the summary (md_run_output.h) read all three. All quantities SI unless noted;
 * masses M_* in Mars masses. */
#ifndef MD_RUN_STATE_H
#define MD_RUN_STATE_H

#include "md_collide0d.h"
#include "md_kernel.h"
#include "md_params.h"
#include "md_phase.h"
#include "md_qstar.h"
#include "md_radiation.h"
#include "md_run.h"
#include "md_shielding.h"
#include "md_sublimation.h"
#include "md_supply.h"
#include "md_tempdriver.h"
#include "md_workspace.h"

/* summary case_status (spec 10 §5.7) */
typedef enum md_case_status {
    MD_CASE_OK = 0,
    MD_CASE_BLOWOUT = 1,   /* beta at s_min_config >= 0.5 */
    MD_CASE_NO_BLOWOUT = 2 /* blow-out disabled */
} md_case_status;

/* why the run ended (spec 10 §3.4) */
typedef enum md_stop_reason {
    MD_STOP_T_END_REACHED = 0,
    MD_STOP_A_BLOW_BELOW_S_MIN, /* S4, before the step's row */
    MD_STOP_LOSS_RATE_BELOW,    /* S22, after the row */
    MD_STOP_TAU_EXCEEDED        /* S27, after the row */
} md_stop_reason;

/* The reference's spelling of a case status / stop reason (summary.json, the HDF5 attributes). */
const char *md_run_state_case_status_name(md_case_status status);
const char *md_run_state_stop_reason_name(md_stop_reason reason);

/* Orbit of the 0D cell (spec 10 §2 steps 6, 21). */
typedef struct md_run_geometry {
    double r;     /* orbital radius [m] */
    double r_RM;  /* the same in Mars radii [-] */
    double omega; /* Keplerian frequency [s^-1] */
    double t_orb; /* orbital period [s] */
    double area;  /* disk area [m^2] */
} md_run_geometry;

/* Time grid (spec 10 §3.1-3.2). */
typedef struct md_run_time_grid {
    double t_end;          /* resolved integration duration [s] */
    double dt_nominal;     /* requested step [s] */
    double dt;             /* step used, t_end / n_steps [s] */
    long n_steps;          /* steps of the run */
    double min_duration_s; /* numerics.min_duration_years in s; 0 = none */
} md_run_time_grid;

/* The run's arrays: the workspace's run store (md_workspace.h: grid, PSD, tracks, results) and
 * its per-rank scratch; the pointers never change during a run. */
typedef struct md_run_buffers {
    md_run_store run; /* the store's pointers */
    double *work;     /* [2n] per-rank bin scratch */
    double *sort;     /* [n_steps] per-rank scratch for the statistics */
    md_collide0d_work *collide;
} md_run_buffers;

/* Read-only in the time loop: the configuration, what spec 10 §2 derives from it, and where the
 * run writes. */
typedef struct md_run_setup {
    const md_params *p;
    md_workspace *ws;
    const md_observer *obs;
    long stride; /* series stride [steps] */
    int n;       /* bins */
    md_run_geometry g;
    md_run_time_grid tg;
    md_temp_table temp;
    const md_qpr_table *qpr;
    const md_phi_tau_table *phi;
    md_shielding_config shield;
    md_sublimation_params sub;
    md_phase_thresholds phase_th;
    md_supply_params supply;
    md_qstar_table qstar;
    md_kernel_dynamics dyn;
    md_collide0d_input cin; /* the collision step's fixed inputs; S16 adds the step's own */
    double e0, i0;          /* step 6 [-], [rad] */
    double los_factor;      /* f_los of shielding.los_geometry [-] */
    int collisions_active, blowout_enabled, sublimation_active, gate_enabled;
    double chi, t_blow;     /* step 23 [-], [s] */
    double beta_config;     /* beta at s_min_config, T_M(0) (step 18) [-] */
    double kappa0;          /* initial kappa_surf [m^2 kg^-1] */
    double kappa_eff0;      /* Phi kappa0 [m^2 kg^-1] */
    double sigma0;          /* Sigma_surf(0) [kg m^-2] */
    double sigma_tau1_init; /* the Sigma_tau1 cap (diagnostic) [kg m^-2] */
    double sigma_ref;       /* supply's Sigma at mu_reference_tau [kg m^-2] */
    double prod_rate;       /* supply R_prod [kg m^-2 s^-1] */
    double mass_total;      /* bookkeeping mass [M_Mars] */
    double T0;              /* T_M(0) [K] */
    double qpr_eff0;        /* <Q_pr>(s_min,eff(0), T0) (step 18) [-] */
    double beta_eff0;       /* beta at s_min,eff(0), T0 (step 18) [-] */
    double a_blow0;         /* blow-out size at t = 0 [m] */
    double s_min_eff0;      /* s_min,eff at t = 0 (step 13) [m] */
    double psd_s_min0;      /* the PSD's s_min at t = 0 (1.5 for mono) [m] */
    md_case_status case_status;
    md_run_buffers buf;
} md_run_setup;

/* Carried from step to step (spec 10 §1.1). */
typedef struct md_run_carried {
    double sigma_surf; /* Sigma_surf [kg m^-2] */
    double kappa_surf; /* kappa_surf of the last S11 [m^2 kg^-1] */
    double s_min_eff;  /* s_min,eff [m] */
    double floor_dyn;  /* s_floor,dyn [m] */
    double psd_s_min;  /* the PSD's s_min [m] */
    const double *m_k; /* [n] masses of the current grid (workspace cache) [kg] */
    double a_blow;     /* [m] */
    double a_blow_eff; /* max(s_min_config, a_blow) [m] */
    double qpr_mean;   /* <Q_pr>(s_min,eff) [-] */
    double qpr_blow;   /* <Q_pr>(a_blow) [-] */
    double beta_eff;   /* beta at s_min,eff [-] */
    int beta_gate;     /* beta_eff >= 0.5 */
    double T_M;        /* Mars temperature T_use [K] */
    long temp_cursor;  /* the temperature table's last node interval (look-up hint) */
    double M_out, M_sink, M_sub, M_spill, M_hydro; /* cumulative losses [M_Mars] */
    double orbit_time;                             /* roll-up accumulator [s] */
    double orbit_out, orbit_sink;                  /* roll-up accumulators [M_Mars] */
    long orbits;                                   /* orbits completed */
    double elapsed;                                /* total_time_elapsed [s] */
    double mass_budget_max;                        /* max mass-budget error [%] */
    long smol_steps;                               /* Smoluchowski steps taken, all outer steps */
    double sigma_tau1_last_finite;                 /* [kg m^-2] */
    double supply_scaled_initial; /* first finite scaled supply rate [kg m^-2 s^-1] */
    md_stop_reason stop_reason;
    long stop_step;        /* -1: none */
    double stop_time;      /* [s]; NaN: none */
    double tau_stop_value; /* tau_LOS that triggered the tau stop [-] */
    double tau_final;      /* tau_LOS of the last step [-] */
    long n_tracks, n_dttb; /* entries of the tracks */
    long n_samples;        /* series rows written */
    long n_done;           /* steps completed */
    int have_N_init, have_N_final;
} md_run_carried;

/* One step's own values (spec 10 §4.1 "scratch"), in stage order. */
typedef struct md_step_scratch {
    long k;           /* step number */
    double time;      /* t_k = k dt [s] */
    double time_end;  /* t_k + dt [s] */
    int series_write; /* S0: this step writes a row */
    int end_now;      /* S4: the run ends before this step's row */
    /* S1 */
    double T_p, T_phase;
    /* S6-S7 */
    double t_blow, tau_phase;
    md_phase_result ph;
    int solid, liquid, coll_step, allow_supply;
    /* S8 */
    double ds_raw, ds_val;
    int blocked, smol_sub_active, surface_sub_active;
    /* S10-S12 */
    double delta_sigma_sub, sigma_loss_sub_blow, dS_sub_surf, dm_sub_surf;
    /* S14-S15 */
    double tau_los_pre;
    int tau_gate_block, phase_allows, enable_blowout;
    double fb_ratio, fb_factor;
    int fb_gt3, fb_gt10, apply_corr;
    /* S16 */
    double kappa_eff, sigma_tau1, phi_eff, tau_los;
    double prod_rate, outflux, sink_flux, total_prod, total_sink;
    double sigma_before, t_coll_kernel, smol_dt_eff, smol_err;
    int smol_steps; /* Smoluchowski steps of this outer step */
    double mdot_sub_smol, dm_sub_smol, mass_err_pct, fnum, fden;
    double sup_raw, sup_nominal, sup_scaled, sup_applied;
    double e_used, i_used, e_base, i_base, e_sup, i_sup, w_sup;
    int corrected, supply_evaluated;
    /* S19 */
    double t_solid, gate;
    /* S20-S21 */
    double blow_tot, sink_tot, blow_mass, sink_mass_eff, dm_sub_step, dm_sinks_step;
    double M_out_dot, M_sink_dot, M_out_dot_avg, M_sink_dot_avg, fb_avg;
    double dS_blow, dS_sinks, dttb, fb_record, fb_ratio_alias;
    /* S22, S27 */
    int stop_after;
    md_stop_reason stop_after_reason;
    /* S28 */
    double clip_factor, visibility, t_coll, ts_ratio;
} md_step_scratch;

#endif
