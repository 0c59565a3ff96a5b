/* md_supply: external supply rate of the surface layer (spec 30 §7.1-7.4; physics/supply.py:
 * _rate_basic, evaluate_supply; run_zero_d.py: _prepare_supply_transport_init). The injection of
 * the applied rate into the size bins is md_collide0d's job. Temperature coupling, feedback,
 * reservoir and deep-mixing transport (spec 30 §7.5; all off in the targets) are not provided.
 * Pure numerics. */
#ifndef MD_SUPPLY_H
#define MD_SUPPLY_H

#include "md_status.h"

#define MD_SUPPLY_EPS 1.0e-12                 /* supply.py: _EPS (power-law time offset) [s] */
#define MD_SUPPLY_ORBIT_FRACTION_DEFAULT 0.05 /* schema: supply.const.orbit_fraction_at_mu1 */

typedef enum md_supply_mode {
    MD_SUPPLY_CONST = 0, /* R_raw = prod_area_rate */
    MD_SUPPLY_POWERLAW   /* R_raw = A ((t - t0) + 1e-12)^index for t >= t0 */
} md_supply_mode;

typedef struct md_supply_params {
    int enabled;           /* supply.enabled */
    md_supply_mode mode;   /* supply.mode */
    double prod_area_rate; /* const rate [kg m^-2 s^-1] (after md_supply_rate_from_mu) */
    double powerlaw_A;     /* [kg m^-2 s^-1], NaN = unset (rate 0) */
    double powerlaw_t0;    /* [s] (negative treated as 0) */
    double powerlaw_index; /* [-] */
    double epsilon_mix;    /* supply.mixing.epsilon_mix [-] */
} md_supply_params;

/* Rates of one evaluation (SupplyEvalResult), all [kg m^-2 s^-1]. */
typedef struct md_supply_rates {
    double raw;   /* R_raw (prod_rate_raw before gating) */
    double mixed; /* max(R_raw eps_mix, 0): supply_rate_nominal */
    double rate;  /* max(R_raw eps_mix, 0): supply_rate_scaled (no modifiers active) */
} md_supply_rates;

/* Sigma_ref = tau_ref / (kappa_eff_ref f_los), kappa_eff_ref = phi_ref kappa_surf_initial
 * (spec 30 §7.3; phi_ref = Phi(tau_ref), 1 without shielding). tau_ref [-] > 0 finite,
 * kappa [m^2 kg^-1], f_los [-]. Result [kg m^-2]. MD_ERR_CONFIG on the reference's guards. */
md_status md_supply_sigma_ref(double tau_ref, double phi_ref, double kappa_surf_initial,
                              double f_los, double *sigma_ref, md_error *err);

/* Const rate derived from mu_orbit10pct (spec 30 §7.3): ((mu f_orb) Sigma_ref) / t_orb / eps_mix
 * [kg m^-2 s^-1]. f_orb > 0, eps_mix > 0, Sigma_ref finite (MD_ERR_CONFIG otherwise: the port
 * rejects what the reference silently swallows). t_orb [s]. */
md_status md_supply_rate_from_mu(double mu_orbit10pct, double orbit_fraction, double sigma_ref,
                                 double t_orb, double epsilon_mix, double *prod_rate,
                                 md_error *err);

/* Const rate from auto_from_tau1_tfill_years (spec 30 §7.3): Sigma_tau1 / ((t_fill yr) eps_mix). */
double md_supply_rate_from_tfill(double sigma_tau1, double t_fill_years, double epsilon_mix);

/* Evaluates the supply at step start time t [s] (supply.py: evaluate_supply without modifiers;
 * spec 30 §7.1-7.2). Disabled supply gives all zeros. */
void md_supply_evaluate(const md_supply_params *p, double t, md_supply_rates *out);

/* allow_supply = step > 0 and phase state solid and bulk not liquid-dominated (spec 30 §7.4). */
int md_supply_allowed(long step, int phase_solid, int liquid_dominated);

#endif
