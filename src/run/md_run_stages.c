/* md_run_stages: one 0D step as the stages of spec 10 §4.1, in order. */
#include "md_run_stages.h"

#include <math.h>
#include <string.h>

#include "md_constants.h"
#include "md_fminmax.h"
#include "md_psd.h"
#include "md_run_init.h"
#include "md_run_output.h"

#define TAU_MIN 1.0e-12               /* run_zero_d.py: TAU_MIN */
#define SUPPLY_VISIBILITY_EPS 1.0e-30 /* run_zero_d.py: supply_visibility_eps */
#define FAST_RATIO_GT3 3.0            /* FAST_BLOWOUT_RATIO_THRESHOLD */
#define FAST_RATIO_GT10 10.0          /* FAST_BLOWOUT_RATIO_STRICT */

/* Line-of-sight optical depth kappa Sigma f_los, 0 when not finite (S6 and S14 use it on the
 * start-of-step kappa and Sigma). */
static double tau_los_finite(double kappa, double sigma, double f_los) {
    double tau = kappa * sigma * f_los;
    return isfinite(tau) ? tau : 0.0;
}

void md_run_stage_begin(const md_run_setup *su, long k, md_step_scratch *x) {
    x->k = k;
    x->time = (double)k * su->tg.dt; /* start of step, never summed (§3.2) */
    x->time_end = x->time + su->tg.dt;
    x->series_write = su->stride <= 1 || k % su->stride == 0 || k == su->tg.n_steps - 1;
    x->end_now = 0;
    /* The values a stage leaves when its branch is not taken. Every other field is written by
     * its stage before anything reads it (as the loop's locals were: the compiler checked). */
    x->T_p = 0.0;
    x->ds_raw = x->ds_val = 0.0;
    x->blocked = 0;
    x->sigma_loss_sub_blow = 0.0;
    x->fb_ratio = x->fb_factor = 0.0;
    x->fb_gt3 = x->fb_gt10 = x->apply_corr = 0;
    x->sigma_tau1 = x->phi_eff = x->tau_los = NAN;
    x->prod_rate = x->outflux = x->sink_flux = x->total_prod = x->total_sink = 0.0;
    x->t_coll_kernel = x->smol_dt_eff = x->smol_err = NAN;
    x->smol_steps = 0;
    x->mdot_sub_smol = x->dm_sub_smol = x->mass_err_pct = x->fnum = x->fden = 0.0;
    x->sup_raw = x->sup_nominal = x->sup_scaled = x->sup_applied = NAN;
    x->e_used = x->i_used = x->e_base = x->i_base = x->e_sup = x->i_sup = x->w_sup = NAN;
    x->corrected = x->supply_evaluated = 0;
    x->t_solid = NAN;
    x->gate = 1.0;
    x->stop_after = 0;
    x->stop_after_reason = MD_STOP_T_END_REACHED;
    x->clip_factor = x->visibility = x->t_coll = NAN;
}

md_status md_run_stage_temperature(const md_run_setup *su, md_run_carried *c, md_step_scratch *x,
                                   md_error *err) {
    const md_params *p = su->p;
    md_status st = md_tempdriver_eval_near(&su->temp, x->time, &c->temp_cursor, &c->T_M, err);
    if (st != MD_OK) {
        return st;
    }
    su->buf.run.track_T[c->n_tracks] = c->T_M;
    /* T_p (a pow) only where it is used: a written row or the phase's input; checked always */
    const int particle = p->phase.temperature_input == MD_PARAMS_PHASE_T_PARTICLE;
    st = particle || x->series_write
             ? md_phase_particle_temperature(c->T_M, su->g.r, p->phase.q_abs_mean, &x->T_p, err)
             : md_phase_check_temperature_inputs(c->T_M, su->g.r, p->phase.q_abs_mean, err);
    x->T_phase = particle ? x->T_p : c->T_M;
    return st;
}

md_status md_run_stage_radiation(const md_run_setup *su, md_run_carried *c, md_step_scratch *x,
                                 md_error *err) {
    (void)x;
    (void)err;
    const md_params *p = su->p;
    const double T = c->T_M;
    /* a temperature driver is always enabled: the block runs every step */
    c->a_blow =
        md_run_init_blowout_radius(su->qpr, p->radiation.Q_pr, c->psd_s_min, p->material.rho, T);
    c->a_blow_eff = md_fmax(p->sizes.s_min, c->a_blow);
    c->qpr_blow = md_run_init_qpr(su->qpr, p->radiation.Q_pr, md_fmax(c->a_blow, 1.0e-12), T);
    if (p->psd.floor.mode == MD_PARAMS_FLOOR_NONE) {
        c->s_min_eff = c->psd_s_min;
    } else if (p->psd.floor.mode == MD_PARAMS_FLOOR_EVOLVE_SMIN) {
        c->s_min_eff = md_fmax(c->a_blow_eff, c->floor_dyn);
    } else {
        c->s_min_eff = c->a_blow_eff;
        c->floor_dyn = md_fmax(c->floor_dyn, c->s_min_eff);
    }
    c->psd_s_min = c->s_min_eff;
    c->qpr_mean = md_run_init_qpr(su->qpr, p->radiation.Q_pr, c->s_min_eff, T);
    c->beta_eff = md_radiation_beta(c->s_min_eff, p->material.rho, T, c->qpr_mean);
    c->beta_gate = c->beta_eff >= MD_RADIATION_BETA_THRESHOLD; /* §4.8 Q1: >= on the raw value */
    su->buf.run.track_beta[c->n_tracks] = c->beta_eff;
    su->buf.run.track_ablow[c->n_tracks] = c->a_blow;
    c->n_tracks++;
    return MD_OK;
}

md_status md_run_stage_early_stop(const md_run_setup *su, md_run_carried *c, md_step_scratch *x,
                                  md_error *err) {
    (void)err;
    const md_params *p = su->p;
    if (p->numerics.stop_on_blowout_below_smin && c->a_blow <= p->sizes.s_min &&
        (su->tg.min_duration_s <= 0.0 || x->time >= su->tg.min_duration_s)) {
        c->stop_reason = MD_STOP_A_BLOW_BELOW_S_MIN;
        c->stop_step = x->k;
        c->stop_time = x->time;
        c->elapsed = x->time;
        x->end_now = 1;
    }
    return MD_OK;
}

md_status md_run_stage_phase(const md_run_setup *su, md_run_carried *c, md_step_scratch *x,
                             md_error *err) {
    const md_params *p = su->p;
    x->t_blow = su->t_blow; /* S5 */
    /* S6: kappa and Sigma of the previous step (§4.8 Q4) */
    x->tau_phase = tau_los_finite(
        c->kappa_surf, p->surface.freeze_sigma ? su->sigma0 : c->sigma_surf, su->los_factor);
    if (p->phase.enabled) {
        md_status st =
            md_phase_evaluate(&su->phase_th, x->T_phase, su->sub.P_gas, x->tau_phase, &x->ph, err);
        if (st != MD_OK) {
            return st;
        }
    } else {
        md_phase_disabled(&x->ph);
    }
    x->solid = x->ph.state == MD_PHASE_SOLID;
    x->liquid = x->ph.bulk == MD_PHASE_BULK_LIQUID_DOMINATED;
    /* S7 gates */
    x->coll_step = su->collisions_active && !x->liquid;
    x->allow_supply = md_supply_allowed(x->k, x->solid, x->liquid); /* §4.8 Q5 */
    return MD_OK;
}

md_status md_run_stage_sublimation(const md_run_setup *su, md_run_carried *c, md_step_scratch *x,
                                   md_error *err) {
    const md_params *p = su->p;
    int liquid_block_step = su->sublimation_active && x->liquid && !p->phase.allow_liquid_hkl;
    if (su->sublimation_active) {
        double T_grain = 0.0, J = 0.0;
        md_error ignore;
        md_status st = md_radiation_grain_temperature(c->T_M, su->g.r, 1.0, &T_grain, err);
        if (st != MD_OK) {
            return st;
        }
        /* physics_step.compute_sublimation: a ValueError gives ds/dt = 0 */
        if (md_sublimation_flux(&su->sub, T_grain, &J, &ignore) != MD_OK ||
            md_sublimation_ds_dt(J, p->material.rho, &x->ds_raw, &ignore) != MD_OK) {
            x->ds_raw = 0.0;
        }
        x->blocked = liquid_block_step && x->ds_raw < 0.0;
        x->ds_val = liquid_block_step ? 0.0 : x->ds_raw;
    }
    x->smol_sub_active = su->sublimation_active &&
                         p->sinks.sublimation_location != MD_PARAMS_SUBLOC_SURFACE && !x->blocked;
    x->surface_sub_active = su->sublimation_active &&
                            p->sinks.sublimation_location != MD_PARAMS_SUBLOC_SMOL && !x->blocked;
    /* S9 floor */
    if (p->psd.floor.mode == MD_PARAMS_FLOOR_EVOLVE_SMIN) {
        double cand = md_fmax(md_fmax(c->floor_dyn, c->s_min_eff),
                              md_fmax(c->floor_dyn + fabs(x->ds_val) * su->tg.dt, p->sizes.s_min));
        c->floor_dyn = md_fmax(cand, c->a_blow);
        c->s_min_eff = md_fmax(c->s_min_eff, c->floor_dyn);
        c->psd_s_min = c->s_min_eff;
    }
    return MD_OK;
}

md_status md_run_stage_surface(const md_run_setup *su, md_run_carried *c, md_step_scratch *x,
                               md_error *err) {
    (void)err;
    const md_params *p = su->p;
    const md_run_buffers *b = &su->buf;
    const double dt = su->tg.dt;
    /* S10 surface drift (only with surface sublimation; a no-op for ds/dt = 0) */
    double floor_step = c->s_min_eff;
    if (p->psd.floor.mode == MD_PARAMS_FLOOR_NONE) {
        floor_step =
            (p->sinks.sub_params.mass_conserving && x->ds_val < 0.0) ? 0.0 : p->sizes.s_min;
    }
    md_psd_drift_result drift;
    md_psd_apply_uniform_size_drift(b->run.s, b->run.width, b->run.edges, su->n, b->run.number,
                                    x->surface_sub_active ? x->ds_val : 0.0, dt, floor_step,
                                    c->sigma_surf, b->work, &drift);
    c->sigma_surf = drift.sigma_new;
    x->delta_sigma_sub = drift.delta_sigma;
    if (drift.moved) {
        /* new sizes: the m_k cache, kernel and fragment table (keyed on sizes) are stale */
        c->m_k = md_workspace_psd_masses(su->ws, b->run.s, su->n, p->material.rho,
                                         md_workspace_new_sizes_version(su->ws));
        c->psd_s_min = drift.s_min_new;
    }
    /* S11 sanitise (no renormalisation) and kappa of the start-of-step shape */
    md_psd_sanitize(b->run.s, b->run.width, su->n, 0, b->run.number);
    /* mass-conserving sublimation: the loss is reclassified as blow-out in S20 */
    if (p->sinks.sub_params.mass_conserving && x->ds_val < 0.0) {
        x->sigma_loss_sub_blow = x->delta_sigma_sub;
        x->delta_sigma_sub = 0.0;
    }
    c->kappa_surf = p->radiation.freeze_kappa
                        ? su->kappa0
                        : md_run_init_finite_kappa(md_psd_kappa(
                              b->run.s, b->run.width, b->run.number, c->m_k, su->n, b->work));
    /* S12 surface-sublimation bookkeeping */
    x->dS_sub_surf = x->delta_sigma_sub / dt;
    x->dm_sub_surf = md_fmax(x->delta_sigma_sub * su->g.area / MD_M_MARS, 0.0);
    if (x->dm_sub_surf > 0.0 && x->surface_sub_active) {
        c->M_sink += x->dm_sub_surf;
        c->M_sub += x->dm_sub_surf;
    }
    return MD_OK;
}

md_status md_run_stage_gates(const md_run_setup *su, md_run_carried *c, md_step_scratch *x,
                             md_error *err) {
    (void)err;
    const md_params *p = su->p;
    /* S14 start-of-step tau, gates */
    x->tau_los_pre = tau_los_finite(
        c->kappa_surf, p->surface.freeze_sigma ? su->sigma0 : c->sigma_surf, su->los_factor);
    x->tau_gate_block =
        p->radiation.tau_gate.enable && x->tau_los_pre >= p->radiation.tau_gate.tau_max;
    x->phase_allows = !(p->blowout.target_phase == MD_PARAMS_TARGET_PHASE_SOLID_ONLY && !x->solid);
    x->enable_blowout = x->coll_step && su->blowout_enabled && c->beta_gate && x->phase_allows &&
                        !x->tau_gate_block;
    /* S15 fast blow-out diagnostics */
    if (su->blowout_enabled && x->t_blow > 0.0) {
        x->fb_ratio = su->tg.dt / x->t_blow;
        x->fb_factor = isfinite(x->fb_ratio) ? md_radiation_fast_blowout_factor(x->fb_ratio) : 1.0;
        x->fb_gt3 = x->fb_ratio > FAST_RATIO_GT3;
        x->fb_gt10 = x->fb_ratio > FAST_RATIO_GT10;
        x->apply_corr = x->fb_gt3 && p->io.correct_fast_blowout;
    }
    return MD_OK;
}

/* S16, before the collision step: shielding and the supply rate (§4.3 steps 1-2). */
static md_status shield_and_supply(const md_run_setup *su, md_run_carried *c, md_step_scratch *x,
                                   md_error *err) {
    md_shielding_result sh;
    md_status st =
        md_shielding_step(&su->shield, c->kappa_surf, c->sigma_surf, x->coll_step, &sh, err);
    if (st != MD_OK) {
        return st;
    }
    x->tau_los = sh.tau_los;
    x->kappa_eff = sh.kappa_eff;
    x->sigma_tau1 = sh.sigma_tau1;
    x->phi_eff = sh.phi;
    if (isfinite(x->sigma_tau1)) {
        c->sigma_tau1_last_finite = x->sigma_tau1;
    }
    md_supply_rates sr;
    md_supply_evaluate(&su->supply, x->time, &sr);
    x->supply_evaluated = 1;
    x->sup_raw = sr.raw;
    if (isnan(c->supply_scaled_initial) && isfinite(sr.rate)) {
        c->supply_scaled_initial = sr.rate;
    }
    x->sup_scaled = x->allow_supply ? sr.rate : 0.0;
    x->sup_nominal = x->allow_supply ? sr.mixed : 0.0;
    x->prod_rate = x->sup_scaled; /* direct transport: applied = raw split input */
    return MD_OK;
}

/* S16, after the collision step: what the later stages and the row take from it (§4.3). */
static void take_collision_result(const md_run_setup *su, const md_collide0d_result *cr,
                                  md_run_carried *c, md_step_scratch *x) {
    const double dt = su->tg.dt;
    c->sigma_surf = cr->sigma_after;
    x->t_coll_kernel = cr->t_coll_kernel;
    x->e_used = cr->e_used;
    x->i_used = cr->i_used;
    x->e_base = cr->e_base;
    x->i_base = cr->i_base;
    x->e_sup = cr->e_supply;
    x->i_sup = cr->i_supply;
    x->w_sup = cr->supply_weight;
    x->prod_rate = cr->prod_rate_eff;
    x->sup_applied = x->prod_rate;
    x->total_prod = cr->prod_rate_eff * dt;
    x->outflux = cr->mdot_blowout;
    if (x->apply_corr) {
        x->outflux *= x->fb_factor;
        x->corrected = 1;
    }
    double clip = md_fmax(cr->dsigma_dt_sinks - cr->mdot_sink - cr->mdot_sublimation, 0.0);
    x->sink_flux = cr->mdot_sink + cr->mdot_sublimation + clip;
    x->total_sink = cr->dsigma_dt_sinks * dt;
    x->mdot_sub_smol = cr->mdot_sublimation;
    x->dm_sub_smol = x->mdot_sub_smol * dt * su->g.area / MD_M_MARS;
    x->fnum = x->fb_factor * dt;
    x->fden = dt;
    x->mass_err_pct = cr->mass_error * 100.0;
    x->smol_dt_eff = cr->dt_eff;
    x->smol_err = cr->mass_error;
    x->smol_steps = cr->internal_steps;
    c->smol_steps += cr->internal_steps;
}

md_status md_run_stage_solver(const md_run_setup *su, md_run_carried *c, md_step_scratch *x,
                              md_error *err) {
    const md_params *p = su->p;
    const md_run_buffers *b = &su->buf;
    x->kappa_eff = c->kappa_surf;
    x->sigma_before = c->sigma_surf;
    if (!x->coll_step) {
        x->tau_los = c->kappa_surf * c->sigma_surf * su->los_factor;
    } else {
        if (p->surface.freeze_sigma) {
            c->sigma_surf = su->sigma0;
        }
        md_status st = shield_and_supply(su, c, x, err);
        if (st != MD_OK) {
            return st;
        }
        x->sigma_before = c->sigma_surf;
        md_collide0d_input cin = su->cin;
        cin.sigma_surf = c->sigma_surf;
        cin.dt = su->tg.dt;
        cin.t_blow = x->t_blow;
        cin.a_blow = c->a_blow;
        cin.s_min_eff = c->s_min_eff;
        cin.tau_eff = x->tau_los;
        cin.collisions_enabled = x->coll_step;
        cin.enable_blowout = x->enable_blowout;
        cin.ds_dt = x->smol_sub_active ? x->ds_val : NAN;
        cin.prod_rate = x->prod_rate;
        cin.skip_diagnostics = !(x->series_write && su->obs && su->obs->on_sample);
        md_collide0d_result cr;
        st = md_collide0d_step(&cin, b->collide, b->run.number, &cr, err);
        if (st != MD_OK) {
            return st;
        }
        if (cr.stepped && !c->have_N_init) {
            memcpy(b->run.N_initial, b->collide->N, (size_t)su->n * sizeof(double));
            c->have_N_init = 1;
        }
        if (cr.stepped) {
            memcpy(b->run.N_final, b->collide->N_new, (size_t)su->n * sizeof(double));
            c->have_N_final = 1;
        }
        take_collision_result(su, &cr, c, x);
    }
    if (p->surface.freeze_sigma) {
        c->sigma_surf = su->sigma0;
    }
    return MD_OK;
}

md_status md_run_stage_gate_factor(const md_run_setup *su, md_run_carried *c, md_step_scratch *x,
                                   md_error *err) {
    (void)err;
    const md_params *p = su->p;
    if (p->blowout.gate_mode == MD_PARAMS_GATE_SUBLIMATION_COMPETITION) {
        if (x->ds_val < 0.0 && isfinite(x->ds_val) && isfinite(c->s_min_eff)) {
            double cand = c->s_min_eff / fabs(x->ds_val);
            if (cand > 0.0 && isfinite(cand)) {
                x->t_solid = cand;
            }
        }
    } else if (p->blowout.gate_mode == MD_PARAMS_GATE_COLLISION_COMPETITION) {
        if (isfinite(x->tau_los) && x->tau_los > TAU_MIN) {
            double tau_vert = x->tau_los / md_fmax(su->los_factor, 1.0);
            if (tau_vert > TAU_MIN) {
                double cand = 1.0 / (su->g.omega * tau_vert);
                if (cand > 0.0 && isfinite(cand)) {
                    x->t_solid = cand;
                }
            }
        }
    }
    if (su->gate_enabled && x->enable_blowout && isfinite(x->t_solid) && x->t_solid > 0.0 &&
        isfinite(x->t_blow) && x->t_blow > 0.0) {
        x->gate = md_fmin(md_fmax(x->t_solid / (x->t_solid + x->t_blow), 0.0), 1.0);
    }
    return MD_OK;
}

/* S20's split of the step's Sigma loss into blow-out and sinks [kg m^-2] (§4.6). */
static void partition_loss(const md_run_setup *su, const md_run_carried *c, md_step_scratch *x) {
    const double dt = su->tg.dt;
    if (!x->coll_step) {
        x->sink_tot = md_fmax(x->total_sink, 0.0);
        x->blow_tot = 0.0;
        return;
    }
    double loss = md_fmax(x->sigma_before + x->total_prod - c->sigma_surf, 0.0);
    if (isfinite(x->smol_dt_eff) && x->smol_dt_eff > 0.0 && x->smol_dt_eff < dt) {
        x->blow_tot = md_fmax(x->outflux, 0.0) * x->smol_dt_eff; /* §4.8 Q3 */
        x->sink_tot = md_fmax(x->sink_flux, 0.0) * x->smol_dt_eff;
    } else {
        double sink_rate = md_fmax(x->total_sink / dt, 0.0), blow_rate = md_fmax(x->outflux, 0.0);
        double rate_total = blow_rate + sink_rate;
        if (rate_total > 0.0) {
            x->blow_tot = loss * (blow_rate / rate_total);
            x->sink_tot = loss - x->blow_tot;
        } else {
            x->sink_tot = md_fmax(x->total_sink, 0.0);
            x->blow_tot = md_fmax(loss - x->sink_tot, 0.0);
        }
    }
    if (!x->enable_blowout) {
        x->blow_tot = 0.0;
    }
}

md_status md_run_stage_losses(const md_run_setup *su, md_run_carried *c, md_step_scratch *x,
                              md_error *err) {
    (void)err;
    const double dt = su->tg.dt, A = su->g.area;
    partition_loss(su, c, x);
    if (x->sigma_loss_sub_blow > 0.0) {
        x->blow_tot += x->sigma_loss_sub_blow;
        x->outflux += x->sigma_loss_sub_blow / dt;
    }
    if (su->gate_enabled && x->enable_blowout) {
        x->blow_tot *= x->gate;
        x->outflux *= x->gate;
    }
    su->buf.run.track_tsolid[c->n_tracks - 1] = x->t_solid;
    su->buf.run.track_gate[c->n_tracks - 1] = x->gate;
    double sink_mass = x->sink_tot * A / MD_M_MARS;
    x->sink_mass_eff = md_fmax(sink_mass - x->dm_sub_smol, 0.0);
    x->blow_mass = x->blow_tot * A / MD_M_MARS;
    if (x->coll_step) {
        c->M_out += x->blow_mass;
    }
    c->M_sink += x->sink_mass_eff;
    if (x->dm_sub_smol > 0.0) {
        c->M_sink += x->dm_sub_smol;
        c->M_sub += x->dm_sub_smol;
    }
    x->dm_sub_step = x->dm_sub_surf + x->dm_sub_smol;
    x->dm_sinks_step = x->dm_sub_step + x->sink_mass_eff;
    return MD_OK;
}

md_status md_run_stage_rates(const md_run_setup *su, md_run_carried *c, md_step_scratch *x,
                             md_error *err) {
    (void)err;
    const double dt = su->tg.dt, A = su->g.area;
    x->M_out_dot_avg = x->blow_mass / dt;
    x->M_sink_dot_avg = x->dm_sinks_step / dt;
    x->fb_avg = x->fden > 0.0 ? x->fnum / x->fden : x->fb_factor;
    double sink_kg = md_fmax(x->sink_flux * A - x->mdot_sub_smol * A, 0.0);
    sink_kg += x->dm_sub_surf * MD_M_MARS / dt;
    sink_kg += x->mdot_sub_smol * A;
    x->M_out_dot = x->outflux * A / MD_M_MARS;
    x->M_sink_dot = sink_kg / MD_M_MARS;
    x->dS_blow = x->outflux;
    x->dS_sinks = md_fmax(x->sink_flux - x->mdot_sub_smol, 0.0) + x->dS_sub_surf + x->mdot_sub_smol;
    x->dttb = x->fb_ratio;
    if (isfinite(x->dttb)) {
        su->buf.run.track_dttb[c->n_dttb++] = x->dttb;
    }
    x->fb_record = su->case_status == MD_CASE_BLOWOUT ? x->fb_factor : 0.0;
    x->fb_ratio_alias = su->case_status == MD_CASE_BLOWOUT ? x->fb_ratio : 0.0;
    if (!su->blowout_enabled) {
        x->M_out_dot = 0.0;
        x->dS_blow = 0.0;
        x->dttb = 0.0;
        x->fb_avg = 0.0;
        x->fb_record = 0.0;
        x->fb_ratio_alias = 0.0;
    }
    return MD_OK;
}

md_status md_run_stage_loss_rate_stop(const md_run_setup *su, md_run_carried *c, md_step_scratch *x,
                                      md_error *err) {
    (void)c;
    (void)err;
    const md_params *p = su->p;
    if (isfinite(p->numerics.mass_loss_rate_stop_Mmars_s) &&
        (su->tg.min_duration_s <= 0.0 || x->time_end >= su->tg.min_duration_s)) {
        double rate = md_fmax(x->M_out_dot, 0.0) + md_fmax(x->M_sink_dot, 0.0);
        if (isfinite(rate) && rate <= p->numerics.mass_loss_rate_stop_Mmars_s) {
            x->stop_after = 1;
            x->stop_after_reason = MD_STOP_LOSS_RATE_BELOW;
        }
    }
    return MD_OK;
}

md_status md_run_stage_orbit_rollup(const md_run_setup *su, md_run_carried *c, md_step_scratch *x,
                                    md_error *err) {
    (void)err;
    const double t_orb = su->g.t_orb;
    c->orbit_time += su->tg.dt;
    c->orbit_out += x->blow_mass;
    c->orbit_sink += x->dm_sinks_step;
    if (su->p->numerics.orbit_rollup && t_orb > 0.0) {
        while (c->orbit_time >= t_orb && c->orbit_time > 0.0) {
            double frac = t_orb / c->orbit_time;
            double mo = c->orbit_out * frac, ms = c->orbit_sink * frac;
            c->orbits++;
            c->orbit_time -= t_orb;
            c->orbit_out = md_fmax(c->orbit_out - mo, 0.0);
            c->orbit_sink = md_fmax(c->orbit_sink - ms, 0.0);
        }
    }
    return MD_OK;
}

md_status md_run_stage_tau_stop(const md_run_setup *su, md_run_carried *c, md_step_scratch *x,
                                md_error *err) {
    (void)err;
    const md_params *p = su->p;
    /* kappa_eff of this step times the end-of-step Sigma (§3.4 #3) */
    if (p->optical_depth.present && x->solid) {
        double k_stop = isfinite(x->kappa_eff) ? x->kappa_eff : c->kappa_surf;
        double tau_now = k_stop * c->sigma_surf * su->los_factor;
        if (isfinite(tau_now) &&
            tau_now > p->optical_depth.tau_stop * (1.0 + p->optical_depth.tau_stop_tol)) {
            x->stop_after = 1;
            c->tau_stop_value = tau_now;
            x->stop_after_reason = MD_STOP_TAU_EXCEEDED;
        }
    }
    return MD_OK;
}

md_status md_run_stage_supply_diagnostics(const md_run_setup *su, md_run_carried *c,
                                          md_step_scratch *x, md_error *err) {
    (void)err;
    if (!x->supply_evaluated) {
        x->sup_applied = x->prod_rate;
    }
    if (isfinite(x->sup_applied) && isfinite(x->sup_scaled) && x->sup_scaled > 0.0) {
        x->clip_factor = md_fmax(x->sup_applied, 0.0) / md_fmax(x->sup_scaled, 1.0e-30);
    }
    if (x->supply_evaluated && isfinite(x->sup_scaled)) {
        x->visibility = md_fmax(isfinite(x->sup_applied) ? x->sup_applied : 0.0, 0.0) /
                        md_fmax(x->sup_scaled, SUPPLY_VISIBILITY_EPS);
    }
    su->buf.run.track_vis[c->n_tracks - 1] = x->visibility;
    if (x->coll_step && isfinite(x->tau_los) && x->tau_los > TAU_MIN &&
        isfinite(x->t_coll_kernel) && x->t_coll_kernel > 0.0) {
        x->t_coll = x->t_coll_kernel;
    }
    x->ts_ratio = (isfinite(x->t_coll) && x->t_coll > 0.0 && x->t_blow > 0.0 && isfinite(x->t_blow))
                      ? x->t_blow / x->t_coll
                      : NAN;
    c->tau_final = x->tau_los;
    return MD_OK;
}

md_status md_run_stage_record(const md_run_setup *su, md_run_carried *c, md_step_scratch *x,
                              md_error *err) {
    /* S29 the series row */
    if (x->series_write && su->obs && su->obs->on_sample) {
        md_run_output_row(su, c, x, su->buf.run.row);
        md_status st = su->obs->on_sample(su->obs->ctx, c->n_samples, x->k, su->buf.run.row, err);
        if (st != MD_OK) {
            return st;
        }
    }
    if (x->series_write) {
        c->n_samples++;
    }
    /* S30 mass budget (§5.4) */
    double M0 = su->mass_total, lost = c->M_out + c->M_sink, remaining = M0 - lost;
    double diff = M0 - remaining - lost, diff_pct = 0.0;
    if (M0 != 0.0) {
        diff_pct = fabs(diff / M0) * 100.0;
    }
    double err_pct = md_fmax(x->mass_err_pct, diff_pct);
    c->mass_budget_max = md_fmax(c->mass_budget_max, err_pct);
    c->n_done++;
    c->elapsed += su->tg.dt; /* S32 */
    /* S34 stop after record (§4.8 Q7: stamped t_k + 2 dt) */
    if (x->stop_after) {
        c->stop_reason = x->stop_after_reason;
        c->stop_step = x->k;
        c->stop_time = x->time_end + su->tg.dt;
        c->elapsed = x->time_end + su->tg.dt;
        x->end_now = 1;
    }
    return MD_OK;
}

/* flatten: the stages are inlined here, so that the step keeps its values in registers as one
 * function would (the calls and the scratch round trips cost ~5 % of a step otherwise). */
__attribute__((flatten)) md_status md_run_stage_step(const md_run_setup *su, md_run_carried *c,
                                                     long k, int *end, md_error *err) {
    md_step_scratch x;
    md_run_stage_begin(su, k, &x);
    md_status st = md_run_stage_temperature(su, c, &x, err);
    if (st == MD_OK)
        st = md_run_stage_radiation(su, c, &x, err);
    if (st == MD_OK)
        st = md_run_stage_early_stop(su, c, &x, err);
    if (st == MD_OK && !x.end_now) {
        st = md_run_stage_phase(su, c, &x, err);
        if (st == MD_OK)
            st = md_run_stage_sublimation(su, c, &x, err);
        if (st == MD_OK)
            st = md_run_stage_surface(su, c, &x, err);
        if (st == MD_OK)
            st = md_run_stage_gates(su, c, &x, err);
        if (st == MD_OK)
            st = md_run_stage_solver(su, c, &x, err);
        if (st == MD_OK)
            st = md_run_stage_gate_factor(su, c, &x, err);
        if (st == MD_OK)
            st = md_run_stage_losses(su, c, &x, err);
        if (st == MD_OK)
            st = md_run_stage_rates(su, c, &x, err);
        if (st == MD_OK)
            st = md_run_stage_loss_rate_stop(su, c, &x, err);
        if (st == MD_OK)
            st = md_run_stage_orbit_rollup(su, c, &x, err);
        if (st == MD_OK)
            st = md_run_stage_tau_stop(su, c, &x, err);
        if (st == MD_OK)
            st = md_run_stage_supply_diagnostics(su, c, &x, err);
        if (st == MD_OK)
            st = md_run_stage_record(su, c, &x, err);
    }
    if (st != MD_OK) {
        md_error_prefix(err, "step %ld (t = %.17g s)", k, x.time);
        return st;
    }
    *end = x.end_now;
    return MD_OK;
}
