/* md_sinks: surface sink time-scales (spec 30 §6.6; physics/sinks.py: total_sink_timescale,
 * gas_drag_timescale). Pure numerics. */
#ifndef MD_SINKS_H
#define MD_SINKS_H

#include "md_status.h"
#include "md_sublimation.h"

#define MD_SINKS_S_REF 1.0e-6          /* run_zero_d.py: SINK_REF_SIZE [m] */
#define MD_SINKS_GAS_SOUND_SPEED 500.0 /* sinks.py: gas_drag_timescale default c_s [m s^-1] */

/* Components of total_sink_timescale; NaN where the reference has None. */
typedef struct md_sinks_timescales {
    double t_sublimation; /* eta t_ref s_ref / s_sink [s] */
    double t_gas_drag;    /* rho s_ref / (rho_g c_s) [s] */
    double t_sink;        /* minimum of the active components [s] */
    int dominant;         /* 0 none, 1 sublimation, 2 gas drag */
    double T_eval;        /* grain temperature used [K] */
} md_sinks_timescales;

/* total_sink_timescale(T_M, rho, Omega, opts, s_ref) with the orbital radius set (spec 30 §6.6):
 * T_eval = T_d(T_M, r) (q_abs = 1); sublimation component if enable_sublimation and
 * s_sink = eta t_ref J(T_eval) / rho > 0 (t_ref = 1/Omega); gas drag if enable_gas_drag and
 * rho_g > 0. T_M [K], rho [kg m^-3], Omega [s^-1] > 0, r [m], rho_g [kg m^-3], s_ref [m] > 0.
 * MD_ERR_PHYSICS on the reference's guards. */
md_status md_sinks_timescale(double T_M, double rho, double Omega, double r,
                             const md_sublimation_params *sub, int enable_sublimation,
                             int enable_gas_drag, double rho_g, double s_ref,
                             md_sinks_timescales *out, md_error *err);

#endif
