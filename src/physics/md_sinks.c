/* md_sinks: sublimation and gas-drag sink time-scales (spec 30 §6.6; sinks.py). */
#include "md_sinks.h"

#include <math.h>

#include "md_radiation.h"

md_status md_sinks_timescale(double T_M, double rho, double Omega, double r,
                             const md_sublimation_params *sub, int enable_sublimation,
                             int enable_gas_drag, double rho_g, double s_ref,
                             md_sinks_timescales *out, md_error *err) {
    if (Omega <= 0.0)
        return md_error_set(err, MD_ERR_PHYSICS, "Omega = %.17g s^-1 must be positive", Omega);
    if (s_ref <= 0.0)
        return md_error_set(err, MD_ERR_PHYSICS, "s_ref = %.17g m must be positive", s_ref);
    out->t_sublimation = NAN;
    out->t_gas_drag = NAN;
    out->t_sink = NAN;
    out->dominant = 0;
    double t_ref = 1.0 / Omega;
    /* The run sets runtime_orbital_radius_m, so T_eval is the grey-body grain temperature;
     * the reference falls back to T_M when that evaluation fails. */
    md_error scratch_err;
    if (md_radiation_grain_temperature(T_M, r, 1.0, &out->T_eval, &scratch_err) != MD_OK)
        out->T_eval = T_M;
    md_status st;
    if (enable_sublimation) {
        /* sublimation.py: s_sink_from_timescale */
        if (rho <= 0.0 || t_ref <= 0.0)
            return md_error_set(err, MD_ERR_PHYSICS, "rho = %.17g and t_ref must be positive", rho);
        double J;
        if ((st = md_sublimation_flux(sub, out->T_eval, &J, err)) != MD_OK)
            return st;
        double s_sink = J <= 0.0 ? 0.0 : sub->eta_instant * t_ref * J / rho;
        if (s_sink > 0.0) {
            out->t_sublimation = sub->eta_instant * t_ref * s_ref / s_sink;
            out->t_sink = out->t_sublimation;
            out->dominant = 1;
        }
    }
    if (enable_gas_drag && rho_g > 0.0) {
        if (rho <= 0.0)
            return md_error_set(err, MD_ERR_PHYSICS, "rho = %.17g must be positive for gas drag",
                                rho);
        out->t_gas_drag = rho * s_ref / (rho_g * MD_SINKS_GAS_SOUND_SPEED);
        if (out->dominant == 0 || out->t_gas_drag < out->t_sink) { /* min() keeps the first */
            out->t_sink = out->t_gas_drag;
            out->dominant = 2;
        }
    }
    return MD_OK;
}
