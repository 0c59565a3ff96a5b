/* md_phase: solid/vapour decision and bulk state with the threshold rule (spec 30 §8;
 * physics/phase.py: PhaseEvaluator._threshold_decision, _bulk_state_from_fraction,
 * evaluate_with_bulk; particle_temperature_equilibrium). Pure numerics. */
#ifndef MD_PHASE_H
#define MD_PHASE_H

#include "md_status.h"

#define MD_PHASE_Q_ABS_MEAN_DEFAULT 0.4 /* schema: phase.q_abs_mean */

typedef enum md_phase_state { MD_PHASE_SOLID = 0, MD_PHASE_VAPOR } md_phase_state;

typedef enum md_phase_bulk {
    MD_PHASE_BULK_SOLID_DOMINATED = 0, /* f_liquid <= 0.05 */
    MD_PHASE_BULK_MIXED,
    MD_PHASE_BULK_LIQUID_DOMINATED /* f_liquid >= 0.95 */
} md_phase_bulk;

/* phase.thresholds (schema defaults 1700, 2000, 1, 1; targets 2162, 2163). */
typedef struct md_phase_thresholds {
    double T_condense_K; /* [K] */
    double T_vaporize_K; /* [K] */
    double P_ref_bar;    /* [bar] */
    double tau_ref;      /* [-] */
} md_phase_thresholds;

/* Decision plus bulk state of one evaluation. */
typedef struct md_phase_result {
    md_phase_state state;
    double f_vap; /* [-] */
    md_phase_bulk bulk;
    double f_liquid; /* [-] */
    double f_solid;  /* [-] */
    double f_vapor;  /* [-] */
} md_phase_result;

/* evaluate_with_bulk with source "threshold" (spec 30 §8.2): T [K] > 0 finite; P [Pa] and tau
 * [-] may be NaN (= not given; negative values are clamped to 0 as the reference does).
 * MD_ERR_PHYSICS for a bad T. */
md_status md_phase_evaluate(const md_phase_thresholds *th, double T, double P, double tau,
                            md_phase_result *out, md_error *err);

/* The disabled phase model: solid, f_vap 0, solid_dominated (f_solid 1). */
void md_phase_disabled(md_phase_result *out);

/* T_p = (T_M q_abs^(1/4)) sqrt(R_M / (2 r)) [K] (phase.py: particle_temperature_equilibrium;
 * spec 30 §4.8). T_M [K], r [m], q_abs [-] positive finite (MD_ERR_PHYSICS otherwise). */
md_status md_phase_particle_temperature(double T_M, double r, double q_abs, double *T_p,
                                        md_error *err);

/* md_phase_particle_temperature's checks alone (the same errors), for a step that needs no T_p. */
md_status md_phase_check_temperature_inputs(double T_M, double r, double q_abs, md_error *err);

/* Short names used in the outputs: "solid"/"vapor", "solid_dominated"/"mixed"/"liquid_dominated".
 */
const char *md_phase_state_name(md_phase_state state);
const char *md_phase_bulk_name(md_phase_bulk bulk);

#endif
