/* md_kernel: orbital quantities of a 0D cell (Omega, e, i, v_rel, H) and the collision kernel
 * C_ij with its loss coefficients and minimum collision time (spec 20 §3).
 *
 * The kernel follows the JIT path collision_kernel_numba (spec 20 §0.1: canonical). All arrays
 * are caller-owned; matrices are n*n row-major (C[i*n + j]); nothing here allocates or logs. */
#ifndef MD_KERNEL_H
#define MD_KERNEL_H

#include "md_status.h"

/* ---- orbit (spec 20 §3.1; the eccentricity profile itself is md_eccentricity's) ---- */

/* Keplerian angular frequency Omega = sqrt((G*M_Mars)/pow(r, 3)) [s^-1] at radius r [m];
 * v_K is r*Omega (not sqrt(GM/r)). Error (MD_ERR_PHYSICS): r <= 0 or non-finite.
 * grid.py: omega_kepler. */
md_status md_kernel_omega_kepler(double r, double *omega, md_error *err);

/* v_rel mode pericenter: v_rel = v_k*pow(max(1+e, 0)/max(1-e, 1e-8), 0.5) [m s^-1], v_k [m s^-1].
 * Errors (MD_ERR_PHYSICS): v_k < 0, e >= 1. dynamics.py: v_rel_pericenter. */
md_status md_kernel_v_rel_pericenter(double e, double v_k, double *v_rel, md_error *err);

/* v_rel mode ohtsuki: v_rel = sqrt(1.25 e e + i i)*v_k [m s^-1] (deprecated in the reference;
 * the caller warns). Error (MD_ERR_PHYSICS): v_k < 0. dynamics.py: v_ij. */
md_status md_kernel_v_rel_ohtsuki(double e, double i, double v_k, double *v_rel, md_error *err);

typedef enum md_kernel_ei_mode {
    MD_KERNEL_EI_CONFIG = 0,  /* e, i from the configuration (default) */
    MD_KERNEL_EI_WYATT_EQ = 1 /* e from the Wyatt equilibrium velocity dispersion */
} md_kernel_ei_mode;

typedef enum md_kernel_H_mode {
    MD_KERNEL_H_IA = 0,   /* H = H_factor * i * r (default) */
    MD_KERNEL_H_FIXED = 1 /* H = H_fixed_over_a * r */
} md_kernel_H_mode;

typedef enum md_kernel_v_rel_mode {
    MD_KERNEL_VREL_PERICENTER = 0, /* default */
    MD_KERNEL_VREL_OHTSUKI = 1
} md_kernel_v_rel_mode;

/* The dynamics.* keys the kernel uses. */
typedef struct md_kernel_dynamics {
    md_kernel_ei_mode ei_mode;       /* dynamics.kernel_ei_mode */
    md_kernel_H_mode H_mode;         /* dynamics.kernel_H_mode */
    md_kernel_v_rel_mode v_rel_mode; /* dynamics.v_rel_mode */
    double e0;                       /* dynamics.e0 [-] (after the e profile has overwritten it) */
    double i0;                       /* dynamics.i0 [rad] */
    double H_factor;                 /* dynamics.H_factor [-] (default 1) */
    double H_fixed_over_a;           /* dynamics.H_fixed_over_a [-]; NaN = not given */
    double f_wake;                   /* dynamics.f_wake [-] (wyatt_eq only) */
} md_kernel_dynamics;

/* e/i state of one step. */
typedef struct md_kernel_ei {
    double e_base, i_base; /* from the configuration or wyatt_eq [-], [rad] */
    double e_used, i_used; /* after the overrides [-], [rad] */
    double H;              /* scale height, the same for every bin [m] */
} md_kernel_ei;

/* collisions_smol.py: compute_kernel_ei_state. tau_eff [-] (wyatt_eq only; negative -> 0),
 * r [m], v_k [m s^-1]; e_override/i_override may be NULL (then e_base/i_base are used).
 * H = max(H_base, 1e-12) m. Errors: MD_ERR_CONFIG for H mode fixed without H_fixed_over_a. */
md_status md_kernel_ei_state(const md_kernel_dynamics *d, double tau_eff, double r, double v_k,
                             const double *e_override, const double *i_override, md_kernel_ei *out,
                             md_error *err);

/* v_rel [m s^-1] for the dynamics' v_rel_mode from e [-], i [rad], v_k [m s^-1] (the step calls
 * this with e_used, i_used and v_k = r*Omega). Errors as the two functions above. */
md_status md_kernel_v_rel(const md_kernel_dynamics *d, double e, double i, double v_k,
                          double *v_rel, md_error *err);

/* Fills H[0..n-1] with h [m] (every bin has the same scale height on this path). */
void md_kernel_fill_H(double h, int n, double *H);

/* ---- supply-velocity blend (spec 20 §3.1; collisions_smol.py ~868-916) ---- */

typedef enum md_kernel_supply_weight_mode {
    MD_KERNEL_SUPPLY_WEIGHT_DELTA_SIGMA = 0, /* w = dS/(S + dS + 1e-30) (default) */
    MD_KERNEL_SUPPLY_WEIGHT_SIGMA_RATIO = 1  /* w = dS/max(S, 1e-30) */
} md_kernel_supply_weight_mode;

typedef enum md_kernel_supply_vel_mode {
    MD_KERNEL_SUPPLY_VEL_INHERIT = 0, /* e_sup, i_sup = e_base, i_base (default) */
    MD_KERNEL_SUPPLY_VEL_FIXED_EI = 1,
    MD_KERNEL_SUPPLY_VEL_FACTOR = 2
} md_kernel_supply_vel_mode;

typedef enum md_kernel_blend_mode {
    MD_KERNEL_BLEND_RMS = 0, /* sqrt((1-w) x^2 + w y^2) (default) */
    MD_KERNEL_BLEND_LINEAR = 1
} md_kernel_blend_mode;

/* Blend weight from the supplied mass delta_sigma = max(prod,0)*dt [kg m^-2] and the surface
 * density before the step sigma_prev [kg m^-2] (negatives count as 0). Not clipped (the blend
 * clips). collisions_smol.py: _supply_velocity_weight. */
double md_kernel_supply_weight(double delta_sigma, double sigma_prev,
                               md_kernel_supply_weight_mode mode);

/* Supply e/i: inherit -> (e_base, i_base); fixed_ei -> (e_inj, i_inj), a NaN value falling back
 * to the base; factor -> base times vrel_factor (non-finite or 0 factor -> 1).
 * collisions_smol.py: _resolve_supply_velocity. */
void md_kernel_supply_ei(md_kernel_supply_vel_mode mode, double e_base, double i_base, double e_inj,
                         double i_inj, double vrel_factor, double *e_sup, double *i_sup);

/* Blended e/i with weight w clipped to [0, 1]. collisions_smol.py: _blend_supply_velocity. */
void md_kernel_blend_ei(double e_base, double i_base, double e_sup, double i_sup, double w,
                        md_kernel_blend_mode mode, double *e_eff, double *i_eff);

/* ---- the kernel (spec 20 §3.2) ---- */

/* C_ij [m^-2 s^-1] for i <= j: the upper triangle of the symmetric kernel, row-major C[i*n+j]
 * (the lower triangle is neither written nor read here; C_ji = C_ij),
 * from number surface densities N [m^-2], sizes s [m], scale heights H [m] and one relative
 * speed v_rel [m s^-1]: C_ij = (((N_i N_j)(s_i+s_j)^2) v_rel * (pi/sqrt(2pi))) /
 * max(sqrt(H_i^2+H_j^2), 1e-30), diagonal halved. collide.py: compute_collision_kernel_C1 via
 * _numba_kernels.collision_kernel_numba.
 * With it, in the same pass, the per-particle loss coefficients L_i = (sum_j C_ij + C_ii)/N_i
 * [s^-1] (0 where N_i <= 0), the row sum over the full symmetric row sequential in j (JIT order,
 * spec 20 §7.2; smol.py: step_imex_bdf1_C3, JIT loss).
 * Errors (MD_ERR_PHYSICS): any N < 0, s <= 0, H <= 0 (or NaN), v_rel < 0 or non-finite. */
md_status md_kernel_collision(const double *N, const double *s, const double *H, int n,
                              double v_rel, double *C, double *L, md_error *err);

/* md_kernel_collision's C (upper triangle) and L, bit for bit, in the column form: for a uniform
 * H, n >= 8 and a CPU with AVX-512F, the whole symmetric matrix is formed in blocks of eight
 * columns, so that each L_i is a column sum kept in a register instead of a chain of additions
 * along row i; the lower triangle then holds C_ji = C_ij. It divides twice as often as the row
 * form, so it is faster only where an 8-lane division is cheap (AMD Zen 5: 325 ns against 555 ns
 * a kernel at 40 bins); the run layer times both and keeps the faster (md_workspace). Otherwise
 * (H varies, n < 8, no AVX-512F) it is md_kernel_collision. Same errors. */
md_status md_kernel_collision_columns(const double *N, const double *s, const double *H, int n,
                                      double v_rel, double *C, double *L, md_error *err);

/* Whether md_kernel_collision_columns takes its column form for n bins with one H on this CPU
 * (n >= 8 and AVX-512F). */
int md_kernel_columns_available(int n);

/* Reported collision time t_coll_kernel = 1/max_i L_i [s] with L_i = (rowsum_i + C_ii)/N_i
 * (0 where N_i <= 0), the row sums in numpy's pairwise order (the reference takes the plain
 * NumPy path here because N is given); +inf if the max is <= 0 or n <= 0. C: the upper triangle
 * as md_kernel_collision leaves it; its lower triangle is filled here (C_ji = C_ij) so that each
 * row is whole. collisions_smol.py: kernel_minimum_tcoll(C, N). */
double md_kernel_t_coll_min(double *C, const double *N, int n);

#endif
