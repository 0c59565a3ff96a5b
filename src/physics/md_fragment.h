/* md_fragment: the fragment distribution of a collision (spec 20 §5): reduced impact energy Q_R,
 * largest-remnant fraction f_LR and bin k_LR, the power-law weights table W, and the fragment
 * mass fraction Y[k,i,j] formed on the fly from them.
 *
 * The reference stores the full tensor Y[n][n][n]; this port keeps per pair (i <= j) only f_LR
 * and k_LR plus the n x n weights table (O(n^2) memory, spec 20 §5.4), and md_fragment_y returns
 * the same doubles as the canonical JIT fill (collisions_smol.py: _fragment_tensor with
 * _numba_kernels.py: fill_fragment_tensor_numba). All arrays are caller-owned; nothing here
 * allocates. Sizes [m], masses [kg], densities [kg m^-3], velocities [m s^-1], energies [J kg^-1].
 */
#ifndef MD_FRAGMENT_H
#define MD_FRAGMENT_H

#include <stddef.h>

#include "md_status.h"

/* Fragment mass-distribution exponent: dM/ds ~ s^-alpha_frag (the collision step never passes
 * another value; spec 20 §5.2). */
#define MD_FRAGMENT_ALPHA 3.5

/* What the gain needs of one valid pair (i, j), i <= j, side by side. */
typedef struct md_fragment_pair {
    double mass;    /* m_i + m_j [kg] */
    double frac[2]; /* f_LR, 1 - f_LR [-] */
    int index;      /* i*n + j */
} md_fragment_pair;

/* The fragment distribution of an n-bin grid in pair form. Buffers are caller-owned, row-major
 * (pair (i, j) at i*n + j; only i <= j is filled and read). */
typedef struct md_fragment_table {
    int n;           /* number of bins */
    int *k_lr;       /* [n*n] remnant bin k_LR(i,j); -1 marks an invalid pair (a mass <= 0) */
    double *f_lr;    /* [n*n] largest-remnant mass fraction f_LR(i,j) in [0, 1] [-] */
    double *weights; /* [n*n] W[k_LR*n + k]: fraction of the fragment mass in bin k (k <= k_LR) */
    /* The valid pairs grouped by remnant bin, for the gain sum (md_smol_gain): group L holds the
     * pairs with k_LR = L, pairs[group_start[L] .. group_start[L+1]), in (i, j) order, so a sum
     * over a group adds in the order of a scan over the pairs. */
    int *group_start;        /* [n+1] */
    md_fragment_pair *pairs; /* [n(n+1)/2] */
} md_fragment_table;

/* Bytes md_fragment_table_bind needs for n bins (n > 0). */
size_t md_fragment_table_bytes(int n);

/* Points t's buffers into buf (at least md_fragment_table_bytes(n) bytes, aligned for double)
 * and sets t->n. */
void md_fragment_table_bind(md_fragment_table *t, void *buf, int n);

/* Reduced specific impact energy Q_R = ((0.5*mu)*v)*v/M with M = m1 + m2, mu = (m1*m2)/M [J kg^-1]
 * for masses m1, m2 [kg] and v [m s^-1]; 0 when m1 <= 0, m2 <= 0 or M <= 0. spec 20 §5.1;
 * fragments.py: q_r_array. */
double md_fragment_q_r(double m1, double m2, double v);

/* Largest-remnant mass fraction (Leinhardt & Stewart 2012): phi = q_r/q_dstar; 1 - phi/2 for
 * phi < 1.8, else 0.1*(phi/1.8)^-1.5; clipped to [0, 1]; 0 when q_dstar <= 0. spec 20 §5.1;
 * fragments.py: largest_remnant_fraction_array. */
double md_fragment_f_lr(double q_r, double q_dstar);

/* Weights table W (n x n, row-major) from the bin edges [m] (n+1 entries): I_k = integral of
 * s^-alpha_frag over [max(e_k,1e-30), max(e_{k+1}, that)] (0 if non-finite or negative);
 * row r: W[r][k] = I_k * (1/sum_{k'<=r} I_k') for k <= r, 0 elsewhere (all-zero row if the sum
 * is 0). The sum is sequential and multiplied by its reciprocal, as the JIT path does.
 * spec 20 §5.2; _numba_kernels.py: compute_weights_table_numba. */
void md_fragment_weights(const double *edges, int n, double alpha_frag, double *weights);

/* Fills t (bound with md_fragment_table_bind for n bins) for the pairs i <= j of the grid: centres
 * s [m], masses m [kg], edges [m] (n+1), bulk density rho [kg m^-3], relative speed v_rel [m s^-1]
 * (floored at 1e-12 like the reference), and qd[k] = Q_D*(s_k, rho, max(v_rel,1e-12)/1000 km/s) [J
 * kg^-1] (md_qstar_eval_sizes); the pair threshold is qd at the larger body. Per valid pair: f_LR =
 * md_fragment_f_lr(Q_R, Q_D*,ij); m_LR = f_LR*(m_i+m_j); s_LR = pow((3*m_LR)/((4*pi)*rho), 1/3);
 * k_LR = md_grid_bin_index(edges, n, s_LR); then the groups by k_LR (a stable counting sort of the
 * pairs). Errors (MD_ERR_PHYSICS): rho <= 0, v_rel < 0 or NaN, n <= 0. spec 20 §5.1-5.3;
 * collisions_smol.py: _fragment_tensor. */
md_status md_fragment_build(md_fragment_table *t, const double *s, const double *m,
                            const double *edges, int n, double rho, double v_rel, const double *qd,
                            md_error *err);

/* Y[k,i,j] (= Y[k,j,i]) [-]: the mass fraction of a collision (i, j) that lands in bin k, formed
 * exactly as the JIT fill does: k < k_LR: (1-f_LR)*W; k == k_LR: f_LR + (1-f_LR)*W (just f_LR
 * if 1-f_LR <= 0 or W == 0); k > k_LR or invalid pair: 0. spec 20 §5.3. */
double md_fragment_y(const md_fragment_table *t, int k, int i, int j);

#endif
