/* md_psd: the particle-size-distribution shape `number` (spec 20 §2, spec 10 §1.2 and §2 steps
 * 13-16): initial shapes, mass weights, sanitising, the opacity kappa, and the conversion between
 * the shape and the number surface densities N_k of the Smoluchowski solver.
 *
 * `number` is a differential shape dN/ds per bin in arbitrary units (not physical); the physical
 * state is (number, Sigma_surf). All arrays are caller-owned, length n unless said otherwise;
 * nothing here allocates and nothing logs: conditions the reference warns about are returned
 * as outcome codes so that the caller can log them.
 *
 * Sums that the reference takes with numpy (np.sum) use numpy's pairwise summation order
 * (md_psd_sum_pairwise), so results agree with the reference to the last bit where libm does. */
#ifndef MD_PSD_H
#define MD_PSD_H

#include "md_status.h"

/* ---- numpy-order summation (spec 20 §7.3) ---- */

/* Sum of x[0..n-1] in numpy's pairwise order (np.add.reduce of a contiguous float64 array:
 * sequential below 8 elements, eight interleaved partial sums up to 128, recursive halving
 * above). Returns 0 for n <= 0. */
double md_psd_sum_pairwise(const double *x, int n);

/* np.sum(a * b): the products a[k]*b[k] rounded first, then summed in numpy's pairwise order. */
double md_psd_dot_pairwise(const double *a, const double *b, int n);

/* ---- initial shapes (spec 20 §2.2) ---- */

typedef enum md_psd_alpha_mode {
    MD_PSD_ALPHA_SIZE = 0, /* q0 = alpha (default) */
    MD_PSD_ALPHA_MASS = 1  /* q0 = 3 alpha - 2 */
} md_psd_alpha_mode;

/* Parameters of the three-slope "upper" shape (psd.alpha, psd.wavy_strength, wavy_decay). */
typedef struct md_psd_upper_params {
    double alpha;                 /* base slope [-] */
    md_psd_alpha_mode alpha_mode; /* how alpha maps to q0 */
    double wavy_strength;         /* amplitude of the sinusoidal modulation [-]; 0 = none */
    double wavy_decay;            /* envelope decay exp(-wavy_decay*ln(s/s_min)) [-]; <= 0 = none */
} md_psd_upper_params;

/* Raw three-slope shape on centres s [m] anchored at s_min [m] (the grid's lower edge, s_min_eff)
 * with s_max [m]: number[k] = pow(s[k]/s_min, -slope_k), slope q0 / q0+1 / q0+1.5 below
 * 10 s_min / below s_max/10 / above, times the wavy factor. NOT sanitised or normalised (use
 * md_psd_sanitize). spec 20 §2.2; psd.py: update_psd_state (~129-149). */
void md_psd_shape_upper(const double *s, int n, double s_min, double s_max,
                        const md_psd_upper_params *p, double *number);

/* melt_lognormal_mixture parameters (initial.melt_psd). */
typedef struct md_psd_lognormal_mixture {
    double f_fine;    /* mass fraction of the fine component [-], clipped to [0, 1] */
    double s_fine;    /* centre of the fine component [m] */
    double s_meter;   /* centre of the metre component [m] */
    double width_dex; /* width [dex]; <= 0 gives all-zero weights */
    double s_cut; /* bins with s < s_cut get weight 0 [m]; NaN (or any non-finite) = not given */
} md_psd_lognormal_mixture;

/* Per-bin mass weights w [-] of the two-component lognormal mixture on centres s [m], widths
 * width [m]. spec 20 §2.2; psd.py: mass_weights_lognormal_mixture. */
void md_psd_weights_lognormal_mixture(const double *s, const double *width, int n,
                                      const md_psd_lognormal_mixture *p, double *w);

/* melt_truncated_powerlaw parameters (initial.melt_psd). */
typedef struct md_psd_truncated_powerlaw {
    double alpha_solid; /* slope of dN/ds [-] (reference default 3.5) */
    double s_min_solid; /* lower size limit [m] (reference default s_min_eff) */
    double s_max_solid; /* upper size limit [m] (reference default sizes.s_max) */
    double s_cut;       /* raises the lower limit [m]; NaN = not given (treated as 0) */
} md_psd_truncated_powerlaw;

/* w[k] = pow(s[k], 3 - alpha_solid)*width[k] for max(s_min_solid, s_cut) <= s[k] <= s_max_solid,
 * else 0 [-]. spec 20 §2.2; psd.py: mass_weights_truncated_powerlaw. */
void md_psd_weights_truncated_powerlaw(const double *s, const double *width, int n,
                                       const md_psd_truncated_powerlaw *p, double *w);

/* What md_psd_apply_mass_weights did (the reference warns on the last two). */
typedef enum md_psd_weights_outcome {
    MD_PSD_WEIGHTS_APPLIED = 0, /* number replaced and normalised */
    MD_PSD_WEIGHTS_BAD_INPUT,   /* rho <= 0 or n <= 0: number unchanged (silent) */
    MD_PSD_WEIGHTS_ZERO_SUM,    /* sum of valid weights <= 0: number unchanged (warn) */
    MD_PSD_WEIGHTS_ZERO_NUMBER  /* derived number all zero: number unchanged (warn) */
} md_psd_weights_outcome;

/* Maps mass weights w (any scale; non-finite/negative entries count as 0) onto the shape:
 * number[k] = (w[k]/sum w)/(m_k*width[k]) with m_k = (4/3)pi rho s_k^3, then sanitise+normalise
 * (md_psd_sanitize with normalize=1). s, width [m]; rho [kg m^-3]; w is not modified.
 * *n_resets (may be NULL) is incremented if the normalisation had to reset the shape.
 * spec 20 §2.2; psd.py: apply_mass_weights. */
md_psd_weights_outcome md_psd_apply_mass_weights(const double *s, const double *width, int n,
                                                 double rho, const double *w, double *number,
                                                 int *n_resets);

/* Sanitise in place: number[k] -> 0 if non-finite or <= 0, then clip to <= 1e200. With normalize
 * != 0 also divide by W = sum number*s^3*width (numpy order); if W is non-finite or <= 0 the shape
 * is reset to all ones first (then W = 1 if still bad). Returns 1 if that reset happened (the
 * reference warns and bumps sanitize_reset_count), else 0. s, width [m].
 * spec 20 §2.2; psd.py: sanitize_and_normalize_number. */
int md_psd_sanitize(const double *s, const double *width, int n, int normalize, double *number);

/* Initial mode (initial.s0_mode). */
typedef enum md_psd_s0_mode {
    MD_PSD_S0_UPPER = 0,                  /* three-slope shape (schema default) */
    MD_PSD_S0_MELT_LOGNORMAL_MIXTURE = 1, /* base.yml */
    MD_PSD_S0_MELT_TRUNCATED_POWERLAW = 2,
    MD_PSD_S0_MONO = 3 /* n identical 1.5 m bins, edges 0..n */
} md_psd_s0_mode;

typedef struct md_psd_init_params {
    md_psd_s0_mode mode;
    md_psd_upper_params upper;          /* used by every mode except mono (grid shape) */
    md_psd_lognormal_mixture lognormal; /* mode MELT_LOGNORMAL_MIXTURE */
    md_psd_truncated_powerlaw powerlaw; /* mode MELT_TRUNCATED_POWERLAW */
} md_psd_init_params;

/* What md_psd_init reports for the caller's log. */
typedef struct md_psd_init_report {
    int sanitize_resets;                    /* normalisation resets (reference: warning) */
    md_psd_weights_outcome weights_outcome; /* melt modes only; APPLIED otherwise */
} md_psd_init_report;

/* The whole initial PSD of run_zero_d (spec 10 §2 steps 14-15, spec 20 §1.2/§1.4/§2.2): the log
 * grid on [s_min_eff, s_max] with n bins and the upper shape, sanitised and normalised
 * (update_psd_state); then per mode the melt mass weights (apply_mass_weights) or the mono
 * replacement (run_zero_d ~1996-2009); finally the clip-only sanitise. Outputs: edges (n+1) [m],
 * s [m], width [m], m [kg] (from the final centres and rho [kg m^-3]), number [-]; work is
 * scratch of n doubles. rep may be NULL. Errors as md_grid_log_edges; MD_ERR_CONFIG for an
 * unknown mode. */
md_status md_psd_init(const md_psd_init_params *p, double s_min_eff, double s_max, int n,
                      double rho, double *edges, double *s, double *width, double *m,
                      double *number, double *work, md_psd_init_report *rep, md_error *err);

/* ---- opacity (spec 20 §2.2, spec 10 §1.2) ---- */

/* Mass opacity kappa = sum pi s^2 nt width / sum m nt width [m^2 kg^-1] with
 * nt = number/max(number) (non-finite/negative entries as 0); 0 if degenerate (non-finite sums,
 * mass sum <= 0, n <= 0). s, width [m]; m [kg] the grain masses (4/3) pi rho s^3 exactly as
 * md_grid_masses forms them (the reference's expression, so callers pass their cached m_k
 * instead of a pow per bin every step). work: [2n] scratch. psd.py: compute_kappa. */
double md_psd_kappa(const double *s, const double *width, const double *number, const double *m,
                    int n, double *work);

/* ---- shape <-> number surface density (spec 20 §2.3-2.4, spec 10 §1.2) ---- */

/* What md_psd_to_number_density found. */
typedef enum md_psd_conv_outcome {
    MD_PSD_CONV_OK = 0,
    MD_PSD_CONV_SIGMA_NONPOSITIVE, /* Sigma_surf <= 0 or non-finite: N = 0, scale = 0 (silent) */
    MD_PSD_CONV_BAD_RAW_MASS       /* sum m number width non-finite or <= 0: N = 0, scale = 0
                                      (reference warns) */
} md_psd_conv_outcome;

/* N[k] = number[k]*width[k]*scale [m^-2] with scale = sigma_surf / sum_k m[k]*(number[k]*width[k])
 * (numpy-order sum), so that sum m N = sigma_surf. width [m], m [kg] (md_grid_masses),
 * sigma_surf [kg m^-2]; *scale [m^-2] (N per unit of the dimensionless count number*width).
 * For n <= 0 nothing is written and *scale = 0. smol.py: psd_state_to_number_density. */
md_psd_conv_outcome md_psd_to_number_density(const double *width, const double *number,
                                             const double *m, int n, double sigma_surf, double *N,
                                             double *scale);

/* Back-conversion after a step with the SAME scale: number[k] = N_new[k]/(scale*width[k]) (all 0
 * if scale <= 0); *sigma_after = max(sum m N_new, 0) [kg m^-2] (numpy-order sum);
 * *sigma_loss = max(sigma_before - sigma_after, 0) [kg m^-2]. N_new [m^-2], width [m], m [kg].
 * smol.py: number_density_to_psd_state. */
void md_psd_from_number_density(const double *N_new, const double *width, const double *m, int n,
                                double scale, double sigma_before, double *number,
                                double *sigma_after, double *sigma_loss);

/* ---- uniform size drift (spec 20 §1.5) ---- */

/* What md_psd_apply_uniform_size_drift did. */
typedef struct md_psd_drift_result {
    double sigma_new;    /* Sigma_surf after the drift [kg m^-2] */
    double delta_sigma;  /* mass removed, max(Sigma_before - sigma_new, 0) [kg m^-2] */
    double ds_step;      /* ds/dt * dt [m] (0 on the early returns) */
    double mass_ratio;   /* new/old PSD mass weight [-] */
    double s_min_new;    /* min of the new centres [m] (the reference's psd_state["s_min"]) */
    int moved;           /* 1: s and number were replaced; the caller bumps sizes_version and every
                            size-keyed cache (m_k, kernel, Q_D*, fragment table) is stale */
    int rebin_zeroed;    /* 1: all re-binned counts within 1e-8 of 0 (np.allclose): PSD kept;
                            the reference warns */
    int rolled_back;     /* 1: the new shape was all zero: old shape kept and re-normalised;
                            the reference warns */
    int sanitize_resets; /* normalisation resets (reference: warning) */
} md_psd_drift_result;

/* Moves every bin by ds_step = ds_dt*dt (ds_dt [m s^-1], dt [s]), clips the new sizes below at
 * floor_s [m], re-bins the counts number*width by the FIXED edges (n+1, [m]), sets the receiving
 * bins' centres to the count-weighted mean size, renormalises the shape and scales sigma_surf
 * [kg m^-2] by the PSD mass ratio. In place on s [m] and number [-] (widths and edges never
 * change); work is scratch of 2n doubles. Nothing happens (not even sanitising) when dt <= 0, dt
 * or ds_dt non-finite, or ds_dt == 0. Re-binning follows the JIT path size_drift_rebin_numba.
 * psd.py: apply_uniform_size_drift. */
void md_psd_apply_uniform_size_drift(double *s, const double *width, const double *edges, int n,
                                     double *number, double ds_dt, double dt, double floor_s,
                                     double sigma_surf, double *work, md_psd_drift_result *res);

#endif
