/* md_sublimation: Clausius P_sat, HKL flux, ds/dt and the ds/dt sink (spec 30 §6). */
#include "md_sublimation.h"

#include <math.h>

#include "md_constants.h"
#include "md_fminmax.h"
#include "md_psd.h"

md_sublimation_params md_sublimation_params_default(void) {
    /* schema.py: SublimationParamsModel defaults (spec 30 §6.1). */
    md_sublimation_params p;
    p.mode = MD_SUBLIMATION_EXPONENTIAL;
    p.alpha_evap = 0.007;
    p.mu = 0.0440849;
    p.A = 13.613;
    p.B = 17850.0;
    p.enable_liquid_branch = 1;
    p.psat_liquid_switch_K = 1900.0;
    p.A_liq = 13.203;
    p.B_liq = 25898.9;
    p.P_gas = 0.0;
    p.dT = 50.0;
    p.eta_instant = 0.1;
    return p;
}

static int liquid_available(const md_sublimation_params *p) {
    return p->enable_liquid_branch && !isnan(p->A_liq) && !isnan(p->B_liq);
}

/* sublimation.py: _is_hkl_active for psat_model clausius. */
static int hkl_active(const md_sublimation_params *p) {
    if (p->mode != MD_SUBLIMATION_HKL)
        return 0;
    return (!isnan(p->A) && !isnan(p->B)) || liquid_available(p);
}

md_status md_sublimation_psat(const md_sublimation_params *p, double T, double *psat, int *liquid,
                              md_error *err) {
    if (!isfinite(T) || T <= 0.0)
        return md_error_set(err, MD_ERR_PHYSICS,
                            "temperature T = %.17g K must be positive for Clausius P_sat", T);
    /* _resolve_clausius_branch */
    int liq =
        liquid_available(p) && !isnan(p->psat_liquid_switch_K) && T >= p->psat_liquid_switch_K;
    double A = liq ? p->A_liq : p->A;
    double B = liq ? p->B_liq : p->B;
    if (isnan(A) || isnan(B))
        return md_error_set(err, MD_ERR_PHYSICS,
                            "Clausius coefficients sub_params.A and sub_params.B must be set");
    *psat = pow(10.0, A - B / T); /* p_sat_clausius: 10.0 ** (A - B / T) */
    if (liquid)
        *liquid = liq;
    return MD_OK;
}

md_status md_sublimation_flux(const md_sublimation_params *p, double T, double *J, md_error *err) {
    if (!isfinite(T) || T <= 0.0)
        return md_error_set(err, MD_ERR_PHYSICS,
                            "temperature T = %.17g K must be positive for the sublimation flux", T);
    if (!hkl_active(p)) { /* exponential placeholder, J0 = 1 */
        *J = exp((T - MD_SUBLIMATION_T_SUB) / md_fmax(p->dT, 1.0));
        return MD_OK;
    }
    double psat;
    md_status st = md_sublimation_psat(p, T, &psat, NULL, err);
    if (st != MD_OK)
        return st;
    double P_ex = md_fmax(0.0, psat - p->P_gas);
    if (P_ex <= 0.0) {
        *J = 0.0;
        return MD_OK;
    }
    if (p->mu <= 0.0)
        return md_error_set(err, MD_ERR_PHYSICS, "molar mass sub_params.mu = %.17g must be > 0",
                            p->mu);
    double root = sqrt(p->mu / (2.0 * MD_PI * MD_R_GAS * T));
    *J = p->alpha_evap * P_ex * root;
    return MD_OK;
}

md_status md_sublimation_ds_dt(double J, double rho, double *ds_dt, md_error *err) {
    if (rho <= 0.0)
        return md_error_set(err, MD_ERR_PHYSICS, "material density rho = %.17g must be > 0", rho);
    *ds_dt = J > 0.0 ? -J / rho : 0.0;
    return MD_OK;
}

double md_sublimation_sink_from_dsdt(int n, const double *s, const double *N, const double *m,
                                     double ds_dt, double *S_out, double *scratch) {
    int active = isfinite(ds_dt) && ds_dt < 0.0;
    for (int k = 0; k < n; ++k) {
        double S = 0.0;
        if (active && s[k] > 0.0) {
            double t_sub = s[k] / fabs(ds_dt);
            if (isfinite(t_sub) && t_sub > 0.0)
                S = 1.0 / t_sub;
        }
        S_out[k] = S;
        scratch[k] = m[k] * S * N[k];
    }
    return md_psd_sum_pairwise(scratch, n);
}
