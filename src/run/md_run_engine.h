/* md_run_engine: the 0D time loop of run_zero_d (spec 10 §2-§5), behind md_run.h. It reads
 * md_params directly and assumes md_run_validate accepted them: the refusals of unsupported
 * configurations live there only. All quantities SI unless noted. */
#ifndef MD_RUN_ENGINE_H
#define MD_RUN_ENGINE_H

#include "md_run.h"

/* Time grid of spec 10 §3.1-3.2 (plan.n_samples from stride). May build a temperature table on
 * the heap for t_end_until_temperature_K (freed before returning). */
md_status md_run_engine_plan(const md_params *p, long stride, md_run_plan *plan, md_error *err);

/* Whether the run has sublimation at all (spec 10 §2 step 24: physics_mode, sinks.mode and
 * sinks.enable_sublimation); 1 or 0. md_run_validate uses it too, to refuse what only an active
 * sublimation would need. */
int md_run_engine_sublimation_active(const md_params *p);

/* Loads, through ws's table cache, the table files the run reads (spec 10 §2 steps 7 and 9):
 * the Q_pr table unless radiation.Q_pr is a number, the Phi(tau) table of psitau shielding.
 * *qpr / *phi are NULL when not used. */
md_status md_run_engine_tables(const md_params *p, md_workspace *ws,
                               const struct md_qpr_table **qpr, const struct md_phi_tau_table **phi,
                               md_error *err);

/* One run of validated params (spec 10 §2 initialisation, §4 stage loop, §5.3 summary). */
md_status md_run_engine_run(const md_params *p, long stride, md_workspace *ws,
                            const md_observer *observer, md_run_result *result, md_error *err);

#endif
