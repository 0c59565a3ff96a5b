/* md_eccentricity: start-up eccentricity and inclination of the 0D path (spec 30 §10, spec 10 §2
 * step 6; physics/eccentricity.py: evaluate_e_profile, run_zero_d.py mars_clearance and
 * obs_tilt_spread blocks). Pure numerics; the RNG state is the caller's. */
#ifndef MD_ECCENTRICITY_H
#define MD_ECCENTRICITY_H

#include "md_rng.h"
#include "md_status.h"

#define MD_ECC_CLIP_MIN 0.0      /* e clip, lower [-] */
#define MD_ECC_CLIP_MAX 0.999999 /* e clip, upper [-] */

typedef enum md_ecc_dr_dist { MD_ECC_DR_UNIFORM = 0, MD_ECC_DR_LOGUNIFORM } md_ecc_dr_dist;

/* e_profile mars_pericenter: e = 1 - R_M / r (0 if r <= R_M), clipped to [clip_min, clip_max]
 * (spec 30 §10). r [m]. */
double md_eccentricity_mars_pericenter(double r, double clip_min, double clip_max);

/* e_mode mars_clearance Delta r [m] (run_zero_d.py; spec 10 §2 step 6): both bounds given
 * (non-NaN) -> one draw: uniform rng.uniform(dr_min, dr_max), loguniform
 * exp(rng.uniform(log dr_min, log dr_max)); one bound only -> that bound, no draw. MD_ERR_CONFIG
 * for dr_min > dr_max, non-positive loguniform bounds or no bound at all. */
md_status md_eccentricity_clearance_dr(md_rng *rng, md_ecc_dr_dist dist, double dr_min_m,
                                       double dr_max_m, double *dr_m, md_error *err);

/* e0 = clip(1 - (R_M + dr) / r, 0, 0.999999) for the sampled dr [m] at radius r [m]. */
double md_eccentricity_clearance_e(double r, double dr_m);

/* i_mode obs_tilt_spread [rad] (run_zero_d.py): centre c = deg2rad(tilt), w = deg2rad(spread);
 * w > 0 -> lower = max(c - w, 0), upper = min(c + w, pi/2), lower if lower >= upper else one
 * rng.uniform(lower, upper); w <= 0 -> c (no draw); then clipped to [0, pi/2]. */
double md_eccentricity_obs_tilt_i(md_rng *rng, double obs_tilt_deg, double i_spread_deg);

#endif
