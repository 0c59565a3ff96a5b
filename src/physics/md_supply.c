/* md_supply: const / power-law supply rate, mixing and the mu_orbit10pct derivation
 * (spec 30 §7.1-7.4). */
#include "md_supply.h"

#include <math.h>

#include "md_constants.h"

/* run_zero_d.py: _prepare_supply_transport_init, Sigma_ref block. */
md_status md_supply_sigma_ref(double tau_ref, double phi_ref, double kappa_surf_initial,
                              double f_los, double *sigma_ref, md_error *err) {
    if (tau_ref <= 0.0 || !isfinite(tau_ref))
        return md_error_set(err, MD_ERR_CONFIG,
                            "supply.const.mu_reference_tau = %.17g must be positive and finite",
                            tau_ref);
    double kappa_eff_ref = phi_ref * kappa_surf_initial;
    if (!isfinite(kappa_eff_ref) || kappa_eff_ref <= 0.0)
        return md_error_set(err, MD_ERR_CONFIG,
                            "mu_reference_tau requires a positive finite kappa_eff_ref (got %.17g)",
                            kappa_eff_ref);
    *sigma_ref = tau_ref / (kappa_eff_ref * f_los);
    return MD_OK;
}

/* run_zero_d.py: _prepare_supply_transport_init, mu_orbit10pct branch:
 * dotSigma_target = mu * f_orb * Sigma_ref / t_orb (left to right), rate = target / eps_mix. */
md_status md_supply_rate_from_mu(double mu_orbit10pct, double orbit_fraction, double sigma_ref,
                                 double t_orb, double epsilon_mix, double *prod_rate,
                                 md_error *err) {
    if (!isfinite(sigma_ref))
        return md_error_set(err, MD_ERR_CONFIG,
                            "supply.const.mu_orbit10pct requires a finite Sigma_ref (got %.17g)",
                            sigma_ref);
    if (!(epsilon_mix > 0.0))
        return md_error_set(err, MD_ERR_CONFIG,
                            "supply.mixing.epsilon_mix = %.17g must be positive with "
                            "mu_orbit10pct",
                            epsilon_mix);
    if (orbit_fraction <= 0.0 || !isfinite(orbit_fraction))
        return md_error_set(err, MD_ERR_CONFIG,
                            "supply.const.orbit_fraction_at_mu1 = %.17g must be positive and "
                            "finite",
                            orbit_fraction);
    double target = mu_orbit10pct * orbit_fraction * sigma_ref / t_orb;
    *prod_rate = target / epsilon_mix;
    return MD_OK;
}

double md_supply_rate_from_tfill(double sigma_tau1, double t_fill_years, double epsilon_mix) {
    return sigma_tau1 / (t_fill_years * MD_SECONDS_PER_YEAR * epsilon_mix);
}

/* supply.py: _rate_basic for const and powerlaw. */
static double rate_basic(const md_supply_params *p, double t) {
    if (p->mode == MD_SUPPLY_CONST)
        return p->prod_area_rate;
    if (isnan(p->powerlaw_A))
        return 0.0;
    double t0 = p->powerlaw_t0 > 0.0 ? p->powerlaw_t0 : 0.0;
    if (t < t0)
        return 0.0;
    return p->powerlaw_A * pow((t - t0) + MD_SUPPLY_EPS, p->powerlaw_index);
}

/* Python's max(x, 0.0): keeps x unless 0.0 > x (so NaN passes through, unlike fmax). */
static double py_max0(double x) {
    return 0.0 > x ? 0.0 : x;
}

/* supply.py: evaluate_supply with no temperature, feedback or reservoir modifier: the scaled
 * rate is mixed * 1.0 * 1.0, i.e. the mixed rate. */
void md_supply_evaluate(const md_supply_params *p, double t, md_supply_rates *out) {
    if (!p->enabled) {
        out->raw = out->mixed = out->rate = 0.0;
        return;
    }
    out->raw = rate_basic(p, t);
    double mixed = out->raw * p->epsilon_mix;
    out->mixed = py_max0(mixed);
    out->rate = py_max0(mixed);
}

int md_supply_allowed(long step, int phase_solid, int liquid_dominated) {
    return step > 0 && phase_solid && !liquid_dominated;
}
