/* md_run_output: what a run reports: the series row of a step (spec 10 §5.2, stage S29), the
 * summary (§5.3) and the run's result. */
#include "md_run_output.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "md_constants.h"
#include "md_fminmax.h"
#include "md_psd.h"
#include "md_stats.h"

static double finite_or_nan(double x) {
    return isfinite(x) ? x : NAN;
}

/* Orbit, radiation, sizes, opacity and surface density columns. */
static void row_state(const md_run_setup *su, const md_run_carried *c, const md_step_scratch *x,
                      double *R) {
    R[MD_COL_TIME] = x->time_end;
    R[MD_COL_DT] = su->tg.dt;
    R[MD_COL_OMEGA_S] = su->g.omega;
    R[MD_COL_T_ORB_S] = su->g.t_orb;
    R[MD_COL_T_BLOW_S] = R[MD_COL_T_BLOW] = x->t_blow;
    R[MD_COL_T_COLL] = x->t_coll;
    R[MD_COL_TS_RATIO] = x->ts_ratio;
    R[MD_COL_R_M] = su->g.r;
    R[MD_COL_R_RM] = R[MD_COL_R_ORBIT_RM] = su->g.r_RM;
    R[MD_COL_T_M_USED] = c->T_M;
    R[MD_COL_T_P_EFFECTIVE] = x->T_p;
    R[MD_COL_RAD_FLUX_MARS] = MD_SIGMA_SB * pow(c->T_M, 4.0); /* only the row reads it */
    R[MD_COL_DT_OVER_T_BLOW] = x->dttb;
    R[MD_COL_TAU] = R[MD_COL_TAU_LOS_MARS] = R[MD_COL_TAU_MARS_LINE_OF_SIGHT] = x->tau_los;
    R[MD_COL_A_BLOW_STEP] = R[MD_COL_A_BLOW] = R[MD_COL_A_BLOW_AT_SMIN] = c->a_blow;
    R[MD_COL_S_BLOW_M] = c->a_blow;
    R[MD_COL_S_BLOW_M_EFFECTIVE] = c->a_blow_eff;
    R[MD_COL_S_MIN] = R[MD_COL_S_MIN_EFFECTIVE] = c->s_min_eff;
    R[MD_COL_S_MIN_SURFACE_ENERGY] = 0.0;
    R[MD_COL_KAPPA] = R[MD_COL_KAPPA_EFF] = finite_or_nan(x->kappa_eff);
    R[MD_COL_KAPPA_SURF] = c->kappa_surf;
    R[MD_COL_QPR_MEAN] = R[MD_COL_Q_PR_AT_SMIN] = R[MD_COL_Q_PR_USED] = c->qpr_mean;
    R[MD_COL_Q_PR_BLOW] = c->qpr_blow;
    R[MD_COL_BETA_AT_SMIN_CONFIG] = su->beta_config;
    R[MD_COL_BETA_AT_SMIN_EFFECTIVE] = R[MD_COL_BETA_AT_SMIN] = c->beta_eff;
    R[MD_COL_BETA_THRESHOLD] = MD_RADIATION_BETA_THRESHOLD;
    R[MD_COL_SIGMA_SURF] = R[MD_COL_SIGMA_SURF_ALIAS] = c->sigma_surf;
    R[MD_COL_SIGMA_SURF0] = su->sigma0;
    R[MD_COL_SIGMA_TAU1] = R[MD_COL_SIGMA_TAU1_ALIAS] = finite_or_nan(x->sigma_tau1);
    R[MD_COL_SIGMA_TAU1_LAST_FINITE] = c->sigma_tau1_last_finite;
    R[MD_COL_SIGMA_DEEP] = 0.0;
    R[MD_COL_OUTFLUX_SURFACE] = x->outflux;
    R[MD_COL_T_SOLID_S] = x->t_solid;
    R[MD_COL_BLOWOUT_GATE_FACTOR] = x->gate;
}

/* Supply, kernel velocity and rate columns. */
static void row_supply(const md_run_setup *su, const md_run_carried *c, const md_step_scratch *x,
                       double *R) {
    (void)c;
    const md_params *p = su->p;
    R[MD_COL_SINK_FLUX_SURFACE] = x->sink_flux;
    R[MD_COL_PROD_SUBBLOW_AREA_RATE] = x->prod_rate;
    R[MD_COL_PROD_SUBBLOW_AREA_RATE_RAW] = x->sup_raw;
    R[MD_COL_DOTSIGMA_PROD] = R[MD_COL_SUPPLY_RATE_SCALED] = R[MD_COL_PROD_RATE_RAW] =
        x->sup_scaled;
    R[MD_COL_MU_ORBIT10PCT] = p->supply.const_.mu_orbit10pct;
    R[MD_COL_EPSILON_MIX] = p->supply.mixing.epsilon_mix;
    R[MD_COL_PROD_RATE_APPLIED_TO_SURF] = R[MD_COL_SUPPLY_RATE_APPLIED] =
        finite_or_nan(x->sup_applied);
    R[MD_COL_PROD_RATE_DIVERTED_TO_DEEP] = R[MD_COL_PROD_RATE_INTO_DEEP] = 0.0;
    R[MD_COL_DEEP_TO_SURF_FLUX_ATTEMPT] = R[MD_COL_DEEP_TO_SURF_FLUX] = 0.0;
    R[MD_COL_DEEP_TO_SURF_FLUX_APPLIED] = 0.0;
    R[MD_COL_SUPPLY_RATE_NOMINAL] = x->sup_nominal;
    R[MD_COL_SUPPLY_TAU_CLIP_SPILL_RATE] = 0.0;
    R[MD_COL_SUPPLY_CLIP_FACTOR] = x->clip_factor;
    R[MD_COL_SUPPLY_VISIBILITY_FACTOR] = x->visibility;
    R[MD_COL_SUPPLY_BLOCKED_BY_HEADROOM] = R[MD_COL_SUPPLY_MIXING_LIMITED] = 0.0;
    R[MD_COL_E_KERNEL_USED] = R[MD_COL_E_KERNEL_EFFECTIVE] = x->e_used;
    R[MD_COL_I_KERNEL_USED] = R[MD_COL_I_KERNEL_EFFECTIVE] = x->i_used;
    R[MD_COL_E_KERNEL_BASE] = x->e_base;
    R[MD_COL_I_KERNEL_BASE] = x->i_base;
    R[MD_COL_E_KERNEL_SUPPLY] = x->e_sup;
    R[MD_COL_I_KERNEL_SUPPLY] = x->i_sup;
    R[MD_COL_SUPPLY_VELOCITY_WEIGHT_W] = x->w_sup;
    R[MD_COL_SUPPLY_TEMPERATURE_SCALE] = x->supply_evaluated ? 1.0 : NAN;
    R[MD_COL_SUPPLY_FEEDBACK_SCALE] = x->supply_evaluated ? 1.0 : NAN;
    R[MD_COL_SUPPLY_RESERVOIR_CLIPPED] = 0.0;
}

/* Loss, budget, solver, blow-out, sublimation and phase columns. */
static void row_losses(const md_run_setup *su, const md_run_carried *c, const md_step_scratch *x,
                       double *R) {
    const md_params *p = su->p;
    R[MD_COL_M_OUT_DOT] = x->M_out_dot;
    R[MD_COL_M_SINK_DOT] = x->M_sink_dot;
    R[MD_COL_DM_DT_SURFACE_TOTAL] = x->M_out_dot + x->M_sink_dot;
    R[MD_COL_M_OUT_DOT_AVG] = x->M_out_dot_avg;
    R[MD_COL_M_SINK_DOT_AVG] = x->M_sink_dot_avg;
    R[MD_COL_DM_DT_SURFACE_TOTAL_AVG] = x->M_out_dot_avg + x->M_sink_dot_avg;
    R[MD_COL_FAST_BLOWOUT_FACTOR_AVG] = x->fb_avg;
    R[MD_COL_DSIGMA_DT_BLOWOUT] = x->dS_blow;
    R[MD_COL_DSIGMA_DT_SINKS] = x->dS_sinks;
    R[MD_COL_DSIGMA_DT_TOTAL] = x->dS_blow + x->dS_sinks;
    R[MD_COL_DSIGMA_DT_SUBLIMATION] = x->dS_sub_surf + x->mdot_sub_smol;
    R[MD_COL_M_LOSS_CUM] = c->M_out + c->M_sink;
    R[MD_COL_MASS_TOTAL_BINS] = su->mass_total - (c->M_out + c->M_sink);
    R[MD_COL_MASS_LOST_BY_BLOWOUT] = R[MD_COL_M_LOSS_RP_MARS] = c->M_out;
    R[MD_COL_M_LOSS_SURFACE_SOLID_MARSRP] = c->M_out;
    R[MD_COL_MASS_LOST_BY_SINKS] = R[MD_COL_M_SINK_CUM] = c->M_sink;
    R[MD_COL_MASS_LOST_SINKS_STEP] = x->dm_sinks_step;
    R[MD_COL_MASS_LOST_SUBLIMATION_STEP] = x->dm_sub_step;
    R[MD_COL_MASS_LOST_HYDRO_STEP] = 0.0;
    R[MD_COL_MASS_LOST_TAU_CLIP_SPILL_STEP] = 0.0;
    R[MD_COL_CUM_MASS_LOST_TAU_CLIP_SPILL] = c->M_spill;
    R[MD_COL_MASS_LOST_SURFACE_SOLID_MARSRP_STEP] = x->blow_mass;
    R[MD_COL_SMOL_DT_EFF] = x->smol_dt_eff;
    R[MD_COL_SMOL_MASS_ERROR] = x->smol_err;
    R[MD_COL_SMOL_INTERNAL_STEPS] = (double)x->smol_steps;
    R[MD_COL_M_LOSS_HYDRO] = c->M_hydro;
    R[MD_COL_FAST_BLOWOUT_FACTOR] = x->fb_record;
    R[MD_COL_FAST_BLOWOUT_CORRECTED] = x->corrected;
    R[MD_COL_FAST_BLOWOUT_FLAG_GT3] = x->fb_gt3;
    R[MD_COL_FAST_BLOWOUT_FLAG_GT10] = x->fb_gt10;
    R[MD_COL_FAST_BLOWOUT_RATIO] = x->fb_ratio_alias;
    R[MD_COL_N_SUBSTEPS] = 1.0;
    R[MD_COL_SUBSTEP_ACTIVE] = 0.0;
    R[MD_COL_CHI_BLOW_EFF] = su->chi;
    R[MD_COL_RHO_USED] = p->material.rho;
    R[MD_COL_S_MIN_CONFIG] = p->sizes.s_min;
    R[MD_COL_S_MIN_EFFECTIVE_GT_CONFIG] = c->s_min_eff > p->sizes.s_min;
    R[MD_COL_DS_DT_SUBLIMATION] = x->ds_val;
    R[MD_COL_DS_DT_SUBLIMATION_RAW] = x->ds_raw;
    R[MD_COL_PHI_EFFECTIVE] = R[MD_COL_PHI_USED] = x->phi_eff;
    R[MD_COL_PHASE_STATE] = x->solid ? 0.0 : 1.0;
    R[MD_COL_PHASE_F_VAP] = x->ph.f_vap;
    R[MD_COL_PHASE_BULK_STATE] = (double)x->ph.bulk;
    R[MD_COL_PHASE_BULK_F_LIQUID] = x->ph.f_liquid;
    R[MD_COL_PHASE_BULK_F_SOLID] = x->ph.f_solid;
    R[MD_COL_PHASE_BULK_F_VAPOR] = x->ph.f_vapor;
    R[MD_COL_TAU_GATE_BLOCKED] = x->tau_gate_block;
    R[MD_COL_BLOWOUT_BETA_GATE] = c->beta_gate;
    R[MD_COL_BLOWOUT_PHASE_ALLOWED] = x->phase_allows;
    R[MD_COL_SINK_SELECTED] = x->enable_blowout ? 1.0 : 0.0;
    R[MD_COL_SUBLIMATION_BLOCKED_BY_PHASE] = x->blocked;
}

void md_run_output_row(const md_run_setup *su, const md_run_carried *c, const md_step_scratch *x,
                       double *row) {
    for (int j = 0; j < MD_COL_COUNT; j++) {
        row[j] = NAN;
    }
    row_state(su, c, x, row);
    row_supply(su, c, x, row);
    row_losses(su, c, x, row);
}

/* Cumulative losses, per-orbit means, stop information. */
static void summary_losses(const md_run_setup *su, const md_run_carried *c, double *sum) {
    const md_params *p = su->p;
    long orbits = c->orbits;
    if (p->numerics.orbit_rollup && orbits == 0) { /* the reference's fallback */
        orbits = 1;
    }
    sum[MD_SUM_M_LOSS] = c->M_out + c->M_sink;
    sum[MD_SUM_M_OUT_CUM] = sum[MD_SUM_M_LOSS_RP_MARS] = sum[MD_SUM_M_LOSS_SURFACE_SOLID_MARSRP] =
        c->M_out;
    sum[MD_SUM_M_SINK_CUM] = sum[MD_SUM_M_LOSS_FROM_SINKS] = c->M_sink;
    sum[MD_SUM_M_LOSS_FROM_SUBLIMATION] = c->M_sub;
    sum[MD_SUM_M_LOSS_TAU_CLIP_SPILL] = c->M_spill;
    sum[MD_SUM_M_LOSS_HYDRO_ESCAPE] = c->M_hydro;
    sum[MD_SUM_ORBITS_COMPLETED] = (double)orbits;
    if (orbits > 0) {
        sum[MD_SUM_M_OUT_MEAN_PER_ORBIT] = c->M_out / (double)orbits;
        sum[MD_SUM_M_SINK_MEAN_PER_ORBIT] = c->M_sink / (double)orbits;
        sum[MD_SUM_M_LOSS_MEAN_PER_ORBIT] = (c->M_out + c->M_sink) / (double)orbits;
    }
    sum[MD_SUM_EARLY_STOP_TIME_S] = c->stop_time;
    sum[MD_SUM_EARLY_STOP_STEP] = c->stop_step >= 0 ? (double)c->stop_step : NAN;
    sum[MD_SUM_STOP_TAU_LOS] = c->tau_stop_value;
    sum[MD_SUM_ANALYSIS_WINDOW_YEARS] = p->scope.analysis_years;
    sum[MD_SUM_ANALYSIS_WINDOW_YEARS_ACTUAL] = c->elapsed / MD_SECONDS_PER_YEAR;
    sum[MD_SUM_MASS_BUDGET_MAX_ERROR_PERCENT] = c->mass_budget_max;
    sum[MD_SUM_SMOL_INTERNAL_STEPS] = (double)c->smol_steps;
}

/* Radiation, blow-out, set-up, supply and time figures with the tracks' statistics. */
static void summary_figures(const md_run_setup *su, const md_run_carried *c, double *sum) {
    const md_params *p = su->p;
    sum[MD_SUM_BETA_THRESHOLD] = MD_RADIATION_BETA_THRESHOLD;
    sum[MD_SUM_BETA_AT_SMIN_CONFIG] = su->beta_config;
    sum[MD_SUM_BETA_AT_SMIN_EFFECTIVE] = c->beta_eff;
    md_stats_series(su->buf.run.track_beta, c->n_tracks, su->buf.sort,
                    &sum[MD_SUM_BETA_AT_SMIN_MIN], &sum[MD_SUM_BETA_AT_SMIN_MEDIAN],
                    &sum[MD_SUM_BETA_AT_SMIN_MAX]);
    sum[MD_SUM_S_BLOW_M] = sum[MD_SUM_A_BLOW_FINAL] = c->a_blow;
    sum[MD_SUM_S_BLOW_M_EFFECTIVE] = md_fmax(p->sizes.s_min, c->a_blow);
    md_stats_series(su->buf.run.track_ablow, c->n_tracks, su->buf.sort, &sum[MD_SUM_A_BLOW_MIN],
                    &sum[MD_SUM_A_BLOW_MEDIAN], &sum[MD_SUM_A_BLOW_MAX]);
    sum[MD_SUM_CHI_BLOW_EFF] = su->chi;
    sum[MD_SUM_RHO_USED] = p->material.rho;
    sum[MD_SUM_Q_PR_USED] = c->qpr_mean;
    sum[MD_SUM_Q_PR_BLOW] = c->qpr_blow;
    sum[MD_SUM_S_MIN_EFFECTIVE] = c->s_min_eff;
    sum[MD_SUM_S_MIN_CONFIG] = p->sizes.s_min;
    sum[MD_SUM_S_MIN_EFFECTIVE_GT_CONFIG] = c->s_min_eff > p->sizes.s_min;
    /* x->gate, x->t_solid and x->visibility tracks cover recorded steps only */
    long n_rec = c->n_done;
    md_stats_series(su->buf.run.track_gate, n_rec, su->buf.sort,
                    &sum[MD_SUM_BLOWOUT_GATE_FACTOR_MIN], &sum[MD_SUM_BLOWOUT_GATE_FACTOR_MEDIAN],
                    &sum[MD_SUM_BLOWOUT_GATE_FACTOR_MAX]);
    md_stats_series(su->buf.run.track_tsolid, n_rec, su->buf.sort, &sum[MD_SUM_T_SOLID_MIN],
                    &sum[MD_SUM_T_SOLID_MEDIAN], &sum[MD_SUM_T_SOLID_MAX]);
    double dmin, dmax;
    md_stats_series(su->buf.run.track_dttb, c->n_dttb, su->buf.sort, &dmin,
                    &sum[MD_SUM_DT_OVER_T_BLOW_MEDIAN], &dmax);
    md_stats_series(su->buf.run.track_vis, n_rec, su->buf.sort, &sum[MD_SUM_SUPPLY_VISIBILITY_MIN],
                    &sum[MD_SUM_SUPPLY_VISIBILITY_MEDIAN], &sum[MD_SUM_SUPPLY_VISIBILITY_MAX]);
    sum[MD_SUM_BLOWOUT_ACTIVE] = su->blowout_enabled;
    sum[MD_SUM_KAPPA_SURF_INITIAL] = su->kappa0;
    sum[MD_SUM_KAPPA_EFF_INITIAL] = su->kappa_eff0;
    sum[MD_SUM_SIGMA_SURF0] = sum[MD_SUM_SIGMA_SURF_INITIAL] = su->sigma0;
    sum[MD_SUM_SIGMA_TAU1_INITIAL] = su->sigma_tau1_init;
    sum[MD_SUM_R_M_USED] = su->g.r;
    sum[MD_SUM_R_RM_USED] = su->g.r_RM;
    sum[MD_SUM_T_M_USED] = sum[MD_SUM_T_M_FINAL] = c->T_M;
    sum[MD_SUM_T_M_INITIAL] = su->buf.run.track_T[0];
    md_stats_series(su->buf.run.track_T, c->n_tracks, su->buf.sort, &sum[MD_SUM_T_M_MIN],
                    &sum[MD_SUM_T_M_MEDIAN], &sum[MD_SUM_T_M_MAX]);
    sum[MD_SUM_SUPPLY_MU_ORBIT10PCT] = p->supply.const_.mu_orbit10pct;
    sum[MD_SUM_SUPPLY_MU_REFERENCE_TAU] = p->supply.const_.mu_reference_tau;
    sum[MD_SUM_SIGMA_SURF_MU_REFERENCE] = su->sigma_ref;
    sum[MD_SUM_SUPPLY_ORBIT_FRACTION_AT_MU1] = p->supply.const_.orbit_fraction_at_mu1;
    sum[MD_SUM_EFFECTIVE_PROD_RATE] = sum[MD_SUM_SUPPLY_RATE_NOMINAL] =
        su->prod_rate * p->supply.mixing.epsilon_mix;
    sum[MD_SUM_SUPPLY_RATE_SCALED_INITIAL] = c->supply_scaled_initial;
    sum[MD_SUM_SUPPLY_BLOCKED_FRACTION] = sum[MD_SUM_SUPPLY_MIXING_FRACTION] = 0.0;
    sum[MD_SUM_SUPPLY_CLIP_TIME_FRACTION] = 0.0;
    sum[MD_SUM_COLLISIONS_ACTIVE] = su->collisions_active;
    sum[MD_SUM_SUBLIMATION_ACTIVE] = su->sublimation_active;
    sum[MD_SUM_N_STEPS] = (double)su->tg.n_steps;
    sum[MD_SUM_N_STEPS_DONE] = (double)c->n_done;
    sum[MD_SUM_DT_STEP_S] = su->tg.dt;
    sum[MD_SUM_T_END_S] = su->tg.t_end;
    sum[MD_SUM_T_END_ACTUAL_S] = c->elapsed;
    sum[MD_SUM_TAU_FINAL] = c->tau_final;
    sum[MD_SUM_A_BLOW_INITIAL] = su->a_blow0;
}

void md_run_output_summary(const md_run_setup *su, const md_run_carried *c, double *sum) {
    for (int j = 0; j < MD_SUM_COUNT; j++) {
        sum[j] = NAN;
    }
    summary_losses(su, c, sum);
    summary_figures(su, c, sum);
}

void md_run_output_result(const md_run_setup *su, const md_run_carried *c, md_run_result *res) {
    const md_run_buffers *b = &su->buf;
    const int n = su->n;
    md_run_output_summary(su, c, b->run.summary);
    memset(res, 0, sizeof *res);
    res->summary = b->run.summary;
    snprintf(res->case_status, sizeof res->case_status, "%s",
             md_run_state_case_status_name(su->case_status));
    snprintf(res->stop_reason, sizeof res->stop_reason, "%s",
             md_run_state_stop_reason_name(c->stop_reason));
    res->n_steps_done = c->n_done;
    res->n_samples = c->n_samples;
    res->n_bins = n;
    res->psd_s = b->run.s;
    res->psd_width = b->run.width;
    res->psd_m = c->m_k;
    if (!c->have_N_init) {
        /* the Smol step never ran: N of the (unchanged) shape scaled to Sigma_surf(0) */
        double scale = 0.0;
        md_psd_to_number_density(b->run.width, b->run.number, c->m_k, n, su->sigma0,
                                 b->run.N_initial, &scale);
    }
    if (!c->have_N_final) {
        memcpy(b->run.N_final, b->run.N_initial, (size_t)n * sizeof(double));
    }
    res->psd_N_initial = b->run.N_initial;
    res->psd_N_final = b->run.N_final;
}
