/* md_eccentricity: e_profile mars_pericenter, e_mode mars_clearance, i_mode obs_tilt_spread
 * (spec 30 §10; spec 10 §2 step 6). */
#include "md_eccentricity.h"

#include <math.h>

#include "md_constants.h"
#include "md_fminmax.h"

/* np.clip(v, lo, hi) */
static double clip(double v, double lo, double hi) {
    return md_fmin(md_fmax(v, lo), hi);
}

/* eccentricity.py: evaluate_e_profile, mode mars_pericenter */
double md_eccentricity_mars_pericenter(double r, double clip_min, double clip_max) {
    double e = r <= MD_R_MARS ? 0.0 : 1.0 - MD_R_MARS / r;
    return clip(e, clip_min, clip_max);
}

md_status md_eccentricity_clearance_dr(md_rng *rng, md_ecc_dr_dist dist, double dr_min_m,
                                       double dr_max_m, double *dr_m, md_error *err) {
    int have_min = !isnan(dr_min_m);
    int have_max = !isnan(dr_max_m);
    if (have_min && have_max) {
        if (dr_min_m > dr_max_m)
            return md_error_set(err, MD_ERR_CONFIG,
                                "dynamics.dr_min_m = %.17g must be smaller than dynamics.dr_max_m "
                                "= %.17g",
                                dr_min_m, dr_max_m);
        if (dist == MD_ECC_DR_UNIFORM) {
            *dr_m = md_rng_uniform(rng, dr_min_m, dr_max_m);
        } else {
            if (dr_min_m <= 0.0 || dr_max_m <= 0.0)
                return md_error_set(err, MD_ERR_CONFIG,
                                    "loguniform dynamics.dr_dist needs positive dr_min_m, dr_max_m "
                                    "(got %.17g, %.17g)",
                                    dr_min_m, dr_max_m);
            *dr_m = exp(md_rng_uniform(rng, log(dr_min_m), log(dr_max_m)));
        }
        return MD_OK;
    }
    if (have_min || have_max) {
        *dr_m = have_min ? dr_min_m : dr_max_m;
        return MD_OK;
    }
    return md_error_set(err, MD_ERR_CONFIG,
                        "dynamics.dr_min_m or dynamics.dr_max_m must be set for "
                        "e_mode=mars_clearance");
}

double md_eccentricity_clearance_e(double r, double dr_m) {
    return clip(1.0 - (MD_R_MARS + dr_m) / r, MD_ECC_CLIP_MIN, MD_ECC_CLIP_MAX);
}

double md_eccentricity_obs_tilt_i(md_rng *rng, double obs_tilt_deg, double i_spread_deg) {
    const double deg2rad = MD_PI / 180.0; /* numpy npy_deg2rad: x * (NPY_PI / 180.0) */
    double c = obs_tilt_deg * deg2rad;
    double w = i_spread_deg * deg2rad;
    double i = c;
    if (w > 0.0) {
        double lower = md_fmax(c - w, 0.0);
        double upper = md_fmin(c + w, 0.5 * MD_PI);
        i = lower >= upper ? lower : md_rng_uniform(rng, lower, upper);
    }
    return clip(i, 0.0, 0.5 * MD_PI);
}
