/* md_run_stages: one 0D step, stage by stage, in the order of spec 10 §4.1. Every stage has the
 * same shape: it reads the set-up, updates the carried state c and fills the step's scratch x
 * (md_run_state.h), and returns MD_OK or an error with a message. md_run_stage_step runs them in
 * this order (in one translation unit, so that the compiler can inline them):
 *
 *   md_run_stage_begin             S0, S2   the step's time and row flag; scratch reset
 *   md_run_stage_temperature       S1       T_M(t_k), particle temperature
 *   md_run_stage_radiation         S3       a_blow, s_min,eff, <Q_pr>, beta_eff, beta gate
 *   md_run_stage_early_stop        S4       a_blow <= s_min_config: the run ends, no row
 *   md_run_stage_phase             S5-S7    t_blow, phase decision, process gates
 *   md_run_stage_sublimation       S8-S9    ds/dt, sublimation locations, the size floor
 *   md_run_stage_surface           S10-S12  size drift, sanitise, kappa_surf, surface losses
 *   md_run_stage_gates             S14-S15  start-of-step tau, blow-out enable, fast blow-out
 *   md_run_stage_solver            S16      shielding, supply, the collision step
 *   md_run_stage_gate_factor       S19      competitor time, blow-out gate factor
 *   md_run_stage_losses            S20      loss partition, cumulative masses
 *   md_run_stage_rates             S21      mass-loss rates for the row
 *   md_run_stage_loss_rate_stop    S22      loss-rate stop flag
 *   md_run_stage_orbit_rollup      S24      orbit accumulators
 *   md_run_stage_tau_stop          S27      tau-stop flag
 *   md_run_stage_supply_diagnostics S28     supply clip/visibility, t_coll, ts_ratio
 *   md_run_stage_record            S29-S34  the row, mass budget, elapsed time, stop after record
 *
 * S13 (sink time-scale), S17-S18 (surface_ode), S23, S25, S26, S31, S33, S35 are not on the
 * supported path or are diagnostics the reference drops (spec 10 §8.2). */
#ifndef MD_RUN_STAGES_H
#define MD_RUN_STAGES_H

#include "md_run_state.h"

/* Step k: every stage in order; *end = 1 when the run ends with this step (S4 before its row,
 * or a stop flag after it). An error is prefixed "step K (t = T s)". */
md_status md_run_stage_step(const md_run_setup *su, md_run_carried *c, long k, int *end,
                            md_error *err);

/* S0, S2: step k's time, whether it writes a row, and the scratch's starting values. */
void md_run_stage_begin(const md_run_setup *su, long k, md_step_scratch *x);

md_status md_run_stage_temperature(const md_run_setup *su, md_run_carried *c, md_step_scratch *x,
                                   md_error *err);
md_status md_run_stage_radiation(const md_run_setup *su, md_run_carried *c, md_step_scratch *x,
                                 md_error *err);
/* Sets x->end_now (and the stop information) when the run ends before this step's row. */
md_status md_run_stage_early_stop(const md_run_setup *su, md_run_carried *c, md_step_scratch *x,
                                  md_error *err);
md_status md_run_stage_phase(const md_run_setup *su, md_run_carried *c, md_step_scratch *x,
                             md_error *err);
md_status md_run_stage_sublimation(const md_run_setup *su, md_run_carried *c, md_step_scratch *x,
                                   md_error *err);
md_status md_run_stage_surface(const md_run_setup *su, md_run_carried *c, md_step_scratch *x,
                               md_error *err);
md_status md_run_stage_gates(const md_run_setup *su, md_run_carried *c, md_step_scratch *x,
                             md_error *err);
md_status md_run_stage_solver(const md_run_setup *su, md_run_carried *c, md_step_scratch *x,
                              md_error *err);
md_status md_run_stage_gate_factor(const md_run_setup *su, md_run_carried *c, md_step_scratch *x,
                                   md_error *err);
md_status md_run_stage_losses(const md_run_setup *su, md_run_carried *c, md_step_scratch *x,
                              md_error *err);
md_status md_run_stage_rates(const md_run_setup *su, md_run_carried *c, md_step_scratch *x,
                             md_error *err);
md_status md_run_stage_loss_rate_stop(const md_run_setup *su, md_run_carried *c, md_step_scratch *x,
                                      md_error *err);
md_status md_run_stage_orbit_rollup(const md_run_setup *su, md_run_carried *c, md_step_scratch *x,
                                    md_error *err);
md_status md_run_stage_tau_stop(const md_run_setup *su, md_run_carried *c, md_step_scratch *x,
                                md_error *err);
md_status md_run_stage_supply_diagnostics(const md_run_setup *su, md_run_carried *c,
                                          md_step_scratch *x, md_error *err);
/* Sets x->end_now when a stop flag of this step ends the run after its row. */
md_status md_run_stage_record(const md_run_setup *su, md_run_carried *c, md_step_scratch *x,
                              md_error *err);

#endif
