/* md_run_init: a 0D run's set-up in the reference's order (spec 10 §2), its time grid (§3.1-3.2)
 * and the carried state at t = 0 (§1.1). Reads md_params directly and assumes md_run_validate
 * accepted them. All quantities SI unless noted. */
#ifndef MD_RUN_INIT_H
#define MD_RUN_INIT_H

#include "md_run_state.h"

/* Time grid of spec 10 §3.1-3.2 (plan.n_samples from stride). May build a temperature table on
 * the heap for t_end_until_temperature_K (freed before returning). */
md_status md_run_init_plan(const md_params *p, long stride, md_run_plan *plan, md_error *err);

/* Whether the run has sublimation at all (spec 10 §2 step 24: physics_mode, sinks.mode and
 * sinks.enable_sublimation); 1 or 0. md_run_validate uses it too, to refuse what only an active
 * sublimation would need. */
int md_run_init_sublimation_active(const md_params *p);

/* Loads, through ws's table cache, the table files the run reads (spec 10 §2 steps 7 and 9):
 * the Q_pr table unless radiation.Q_pr is a number, the Phi(tau) table of psitau shielding.
 * *qpr / *phi are NULL when not used. */
md_status md_run_init_tables(const md_params *p, md_workspace *ws, const md_qpr_table **qpr,
                             const md_phi_tau_table **phi, md_error *err);

/* Initialisation, spec 10 §2 in order: orbit and Q_D* (steps 1-3), e and i (5-6), tables,
 * temperature driver and time grid (7-8, §3), shielding/sublimation/phase (9-12), blow-out size
 * and the initial PSD (13-15), opacity, Sigma_surf(0) and case_status (16-22), chi_blow (23-24),
 * supply (25), the collision inputs (27). Sizes ws for the run. */
md_status md_run_init_setup(const md_params *p, long stride, md_workspace *ws,
                            const md_observer *obs, md_run_setup *su, md_error *err);

/* The carried state at t = 0 (spec 10 §1.1, "initial value"). */
void md_run_init_carried(const md_run_setup *su, md_run_carried *c);

/* <Q_pr>(s, T) [-], or radiation.Q_pr when it is a number (run_zero_d.py: _lookup_qpr). */
double md_run_init_qpr(const md_qpr_table *tab, double override, double s, double T);

/* The blow-out size [m] of the radiation block (S3, init step 13; physics_step.py:
 * compute_radiation_parameters) from s_start [m], rho [kg m^-3], T [K]. */
double md_run_init_blowout_radius(const md_qpr_table *tab, double override, double s_start,
                                  double rho, double T);

/* kappa if finite and >= 0, else 0 [m^2 kg^-1] (runtime/helpers.py: ensure_finite_kappa). */
double md_run_init_finite_kappa(double kappa);

#endif
