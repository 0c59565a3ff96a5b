/* md_sublimation: vapour pressure, Hertz-Knudsen-Langmuir mass flux, size-change rate and the
 * per-bin sublimation sink (spec 30 §6; physics/sublimation.py, physics/sizes.py). Molar form
 * with R_GAS and mu in kg/mol, as the reference (spec 30 §1.1). Pure numerics, no allocation. */
#ifndef MD_SUBLIMATION_H
#define MD_SUBLIMATION_H

#include "md_status.h"

#define MD_SUBLIMATION_T_SUB 1300.0 /* sublimation.py: SublimationParams.T_sub default [K] */

typedef enum md_sublimation_mode {
    MD_SUBLIMATION_HKL = 0,    /* "hkl" / "hkl_timescale": J from P_sat (targets) */
    MD_SUBLIMATION_EXPONENTIAL /* "exponential" / "logistic": J = exp((T - 1300)/max(dT, 1)) */
} md_sublimation_mode;

/* sinks.sub_params with psat_model "clausius" (or "auto" without a table: identical). NaN marks
 * an unset coefficient. Units: A, A_liq [-] (log10 Pa), B, B_liq [K]. */
typedef struct md_sublimation_params {
    md_sublimation_mode mode;
    double alpha_evap;           /* evaporation coefficient [-] */
    double mu;                   /* molar mass [kg mol^-1] */
    double A, B;                 /* solid branch log10(P/Pa) = A - B/T */
    int enable_liquid_branch;    /* nonzero: use A_liq, B_liq for T >= psat_liquid_switch_K */
    double psat_liquid_switch_K; /* [K], NaN = unset */
    double A_liq, B_liq;         /* liquid branch, NaN = unset */
    double P_gas;                /* ambient vapour pressure [Pa] */
    double dT;                   /* exponential model width [K] */
    double eta_instant;          /* instantaneous-sink factor eta [-] */
} md_sublimation_params;

/* The schema defaults of SublimationParamsModel (spec 30 §6.1, "schema default" column). */
md_sublimation_params md_sublimation_params_default(void);

/* Saturation vapour pressure [Pa] at T [K] (sublimation.py: _resolve_clausius_branch,
 * p_sat_clausius; spec 30 §6.2): 10^(A - B/T) with the liquid branch for T >= switch.
 * *liquid (may be NULL) receives 1 for the liquid branch. MD_ERR_PHYSICS for T <= 0 or
 * non-finite, or missing coefficients. */
md_status md_sublimation_psat(const md_sublimation_params *p, double T, double *psat, int *liquid,
                              md_error *err);

/* Mass flux J [kg m^-2 s^-1] at grain temperature T [K] (sublimation.py: mass_flux_hkl; spec 30
 * §6.3-6.4): HKL (alpha P_ex) sqrt(mu / (((2 pi) R_GAS) T)), 0 if P_ex <= 0; exponential model
 * otherwise. MD_ERR_PHYSICS for T <= 0, non-finite T or mu <= 0. */
md_status md_sublimation_flux(const md_sublimation_params *p, double T, double *J, md_error *err);

/* ds/dt = -J / rho [m s^-1] if J > 0 else 0 (sizes.py: eval_ds_dt_sublimation); rho [kg m^-3]
 * > 0 (MD_ERR_PHYSICS otherwise). */
md_status md_sublimation_ds_dt(double J, double rho, double *ds_dt, md_error *err);

/* Per-bin sink S_k = 1 / (s_k / |ds/dt|) [s^-1] for s_k > 0 and finite ds/dt < 0, else 0, and the
 * mass loss rate np.sum(m * S * N) [kg m^-2 s^-1] (products (m_k S_k) N_k, numpy pairwise sum)
 * (sublimation.py: sublimation_sink_from_dsdt; spec 30 §6.5). s [m], N [m^-2], m [kg]: n values
 * each; S_out and scratch are caller-owned with n values each. Returns the mass loss rate. */
double md_sublimation_sink_from_dsdt(int n, const double *s, const double *N, const double *m,
                                     double ds_dt, double *S_out, double *scratch);

#endif
