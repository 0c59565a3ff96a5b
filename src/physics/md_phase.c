/* md_phase: threshold phase decision, bulk state and particle temperature (spec 30 §8). */
#include "md_phase.h"

#include <math.h>

#include "md_constants.h"
#include "md_fminmax.h"

static double clamp01(double v) {
    return md_fmin(md_fmax(v, 0.0), 1.0);
}

/* phase.py: _bulk_state_from_fraction with f_liquid only (f_solid, f_vapor derived). */
static void bulk_from_liquid(double f_liquid, md_phase_result *out) {
    double fl = isfinite(f_liquid) ? clamp01(f_liquid) : 0.0;
    double fs = md_fmax(0.0, 1.0 - fl);
    double fv = md_fmax(0.0, 1.0 - fl - fs);
    double total = fl + fs + fv;
    /* math.isclose(total, 1.0) with rel_tol 1e-9 */
    if (total > 0.0 && !(fabs(total - 1.0) <= 1e-9 * md_fmax(fabs(total), 1.0))) {
        double scale = 1.0 / total;
        fl *= scale;
        fs *= scale;
        fv *= scale;
    }
    if (total <= 0.0) {
        fl = 0.0;
        fs = 1.0;
        fv = 0.0;
    }
    out->f_liquid = fl;
    out->f_solid = fs;
    out->f_vapor = fv;
    if (fl >= 0.95)
        out->bulk = MD_PHASE_BULK_LIQUID_DOMINATED;
    else if (fl <= 0.05)
        out->bulk = MD_PHASE_BULK_SOLID_DOMINATED;
    else
        out->bulk = MD_PHASE_BULK_MIXED;
}

/* phase.py: evaluate_with_bulk (threshold source): _build_diagnostics cleans P and tau, then
 * _threshold_decision and _bulk_state_from_fraction(f_liquid = f_vap). */
md_status md_phase_evaluate(const md_phase_thresholds *th, double T, double P, double tau,
                            md_phase_result *out, md_error *err) {
    if (!isfinite(T) || T <= 0.0)
        return md_error_set(err, MD_ERR_PHYSICS,
                            "temperature_K = %.17g must be positive and finite for phase "
                            "evaluation",
                            T);
    int have_P = isfinite(P);
    int have_tau = isfinite(tau);
    double P_bar = have_P ? md_fmax(P, 0.0) / 1.0e5 : 0.0;
    double tau_val = have_tau ? md_fmax(tau, 0.0) : 0.0;
    double T_cond = th->T_condense_K;
    double T_vap = md_fmax(th->T_vaporize_K, T_cond + 1.0);
    double frac;
    if (T <= T_cond) {
        frac = 0.0;
    } else if (T >= T_vap) {
        frac = 1.0;
    } else {
        double span = T_vap - T_cond;
        frac = (T - T_cond) / span;
        if (have_P && th->P_ref_bar > 0.0)
            frac /= 1.0 + P_bar / th->P_ref_bar;
        if (have_tau && th->tau_ref > 0.0)
            frac /= 1.0 + md_fmax(tau_val, 0.0) / th->tau_ref;
    }
    frac = md_fmin(md_fmax(frac, 0.0), 1.0);
    out->f_vap = frac;
    out->state = frac >= 0.5 ? MD_PHASE_VAPOR : MD_PHASE_SOLID;
    bulk_from_liquid(frac, out);
    return MD_OK;
}

void md_phase_disabled(md_phase_result *out) {
    out->state = MD_PHASE_SOLID;
    out->f_vap = 0.0;
    bulk_from_liquid(0.0, out);
}

md_status md_phase_check_temperature_inputs(double T_M, double r, double q_abs, md_error *err) {
    if (!isfinite(T_M) || T_M <= 0.0)
        return md_error_set(err, MD_ERR_PHYSICS, "T_mars_K = %.17g must be positive and finite",
                            T_M);
    if (!isfinite(r) || r <= 0.0)
        return md_error_set(err, MD_ERR_PHYSICS, "r_orbit_m = %.17g must be positive and finite",
                            r);
    if (!isfinite(q_abs) || q_abs <= 0.0)
        return md_error_set(err, MD_ERR_PHYSICS,
                            "phase.q_abs_mean = %.17g must be positive and finite", q_abs);
    return MD_OK;
}

md_status md_phase_particle_temperature(double T_M, double r, double q_abs, double *T_p,
                                        md_error *err) {
    const md_status st = md_phase_check_temperature_inputs(T_M, r, q_abs, err);
    if (st != MD_OK)
        return st;
    /* (T_M * q^0.25) * sqrt(...): note the grouping differs from radiation's grain temperature */
    *T_p = T_M * pow(q_abs, 0.25) * sqrt(MD_R_MARS / (2.0 * r));
    return MD_OK;
}

const char *md_phase_state_name(md_phase_state state) {
    return state == MD_PHASE_VAPOR ? "vapor" : "solid";
}

const char *md_phase_bulk_name(md_phase_bulk bulk) {
    switch (bulk) {
    case MD_PHASE_BULK_LIQUID_DOMINATED:
        return "liquid_dominated";
    case MD_PHASE_BULK_MIXED:
        return "mixed";
    case MD_PHASE_BULK_SOLID_DOMINATED:
    default:
        return "solid_dominated";
    }
}
