/* md_grid: the logarithmic size grid of the PSD (spec 20 §1.2, spec 10 §1.2, step 14).
 *
 * All arrays are caller-owned; nothing here allocates. Lengths: edges n+1, everything else n.
 * Sizes are grain radii [m], masses [kg], densities [kg m^-3]. */
#ifndef MD_GRID_H
#define MD_GRID_H

#include "md_status.h"

/* Log-spaced bin edges, exactly numpy.logspace(log10 s_min, log10 s_max, n+1): exponent
 * x_k = k*step + log10(s_min) with step = (log10 s_max - log10 s_min)/n, x_n = log10(s_max),
 * edges[k] = pow(10, x_k). s_min, s_max [m]; edges [m], n+1 entries.
 * Errors (MD_ERR_CONFIG): s_min >= s_max, s_min <= 0, n <= 0, non-finite bounds.
 * spec 20 §1.2; psd.py: update_psd_state. */
md_status md_grid_log_edges(double s_min, double s_max, int n, double *edges, md_error *err);

/* Geometric bin centres s[k] = sqrt(edges[k]*edges[k+1]) [m] (n entries).
 * spec 20 §1.2; psd.py: update_psd_state (np.sqrt(edges[:-1]*edges[1:])). */
void md_grid_centres(const double *edges, int n, double *s);

/* Bin widths width[k] = edges[k+1] - edges[k] [m] (np.diff). spec 20 §1.2. */
void md_grid_widths(const double *edges, int n, double *width);

/* Particle masses m[k] = (((4/3)*pi)*rho) * pow(s[k], 3) [kg] from bin CENTRES s [m] and bulk
 * density rho [kg m^-3] (the cube as pow, not s*s*s).
 * spec 20 §1.2; smol.py: psd_state_to_number_density, psd.py: apply_mass_weights. */
void md_grid_masses(const double *s, int n, double rho, double *m);

/* Convenience: md_grid_log_edges + md_grid_centres + md_grid_widths (+ md_grid_masses when m is
 * not NULL) for the grid [s_min, s_max] with n bins. Same errors as md_grid_log_edges. */
md_status md_grid_build_log(double s_min, double s_max, int n, double rho, double *edges, double *s,
                            double *width, double *m, md_error *err);

/* Fallback edges used by the collision step when a state has no valid edge array:
 * edges[k] = max(s[k] - width[k]/2, 0) for k < n, edges[n] = s[n-1] + width[n-1]/2 [m].
 * spec 20 §1.2; collisions_smol.py: step_collisions_smol_0d (~1404-1410). */
void md_grid_edges_from_centres(const double *s, const double *width, int n, double *edges);

/* Bin index of size x [m] on edges[0..n]: (number of edges <= x) - 1, clipped to [0, n-1]
 * (numpy searchsorted(edges, x, side="right") - 1, clipped). x below edges[0] -> 0, x at or
 * above edges[n] -> n-1; NaN -> n-1 (NaN sorts last in searchsorted).
 * spec 20 §5.1 (k_LR) and §1.5 step 4 (drift re-binning). */
int md_grid_bin_index(const double *edges, int n, double x);

#endif
