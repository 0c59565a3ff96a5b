/* md_radiation: Mars radiation pressure on the dust (spec 30 §2.1, §4; spec 10 §2 step 13, §4.2
 * S3).
 *
 * Planck-mean <Q_pr>(s, T_M) from a dense table (bilinear, clamped), beta, the blow-out size
 * a_blow(Q) in the production (Numba) operation order, the fixed 7-look-up a_blow iteration of
 * physics_step.compute_radiation_parameters, chi_blow (auto + clamp), the fast-blow-out factor
 * and the grey-body grain temperature. Pure numerics: no allocation, no I/O. The table storage
 * belongs to the caller (src/run/md_tables.h loads it from CSV). */
#ifndef MD_RADIATION_H
#define MD_RADIATION_H

#include "md_status.h"

#define MD_RADIATION_BETA_THRESHOLD 0.5 /* radiation.py: BLOWOUT_BETA_THRESHOLD [-] */
#define MD_RADIATION_T_MIN 1000.0       /* radiation.py: valid T_M range, lower [K] */
#define MD_RADIATION_T_MAX 6500.0       /* radiation.py: valid T_M range, upper [K] */
#define MD_RADIATION_BLOW_ITERATIONS 6  /* physics_step.py: compute_radiation_parameters */
#define MD_RADIATION_S_EVAL_MIN 1.0e-12 /* physics_step.py: floor of the iterate [m] */
#define MD_RADIATION_CHI_MIN 0.5        /* run_zero_d.py: chi_blow clamp, lower [-] */
#define MD_RADIATION_CHI_MAX 2.0        /* run_zero_d.py: chi_blow clamp, upper [-] */

/* Dense <Q_pr> grid (spec 30 §2.1): q[j * n_s + i] = Q_pr(s[i], T[j]); s and T strictly
 * ascending, n_s >= 2, n_T >= 2. The struct does not own the arrays. */
typedef struct md_qpr_table {
    int n_s;         /* number of sizes */
    int n_T;         /* number of temperatures */
    const double *s; /* grain radii [m], n_s values */
    const double *T; /* Mars temperatures [K], n_T values */
    const double *q; /* Q_pr [-], n_T * n_s values, row-major over T */
} md_qpr_table;

/* Result of the blow-out iteration (spec 30 §4.4). */
typedef struct md_radiation_blowout {
    double a_blow; /* blow-out radius after 7 look-ups [m] */
    double q_last; /* Q_pr of the last look-up (at the 6th iterate) [-] */
} md_radiation_blowout;

/* <Q_pr>(s, T): clamps s and T to the table range, then bilinear in s and T with the cell
 * search and rounding order of io/tables.py: QPrTable.interp (spec 30 §2.1 steps 1-4).
 * s [m] > 0 finite, T [K] > 0 finite (caller's guarantee). */
double md_radiation_qpr(const md_qpr_table *tab, double s, double T);

/* Checks T_M [K] is finite and within [MD_RADIATION_T_MIN, MD_RADIATION_T_MAX]
 * (radiation.py: _validate_temperature). MD_ERR_PHYSICS naming the value otherwise. */
md_status md_radiation_check_temperature(double T_M, md_error *err);

/* beta = 3 sigma T^4 R_M^2 Q / (4 G M_M c rho s) in the order of radiation.py: beta, with
 * T^4 = pow(T, 4) (spec 30 §4.2). s [m] > 0, rho [kg m^-3] > 0, T_M [K] in range, Q [-]. */
double md_radiation_beta(double s, double rho, double T_M, double Q);

/* Blow-out radius for a given Q, (C_b * T^4 * Q) / rho with T^4 = (T*T)*(T*T): the production
 * build (_numba_radiation.py: blowout_radius_numba; spec 30 §4.3). Returns [m]. */
double md_radiation_s_blow(double rho, double T_M, double Q);

/* The module constant C_b = ((3 sigma) R_M^2) / (((2 G) M_M) c) [kg m^-2 K^-4] as the
 * reference rounds it (_numba_radiation.py: _BLOWOUT_COEFF; 7.610427244574456e-17). */
double md_radiation_blowout_coeff(void);

/* Fixed 7-look-up a_blow iteration started at s_start [m] (spec 30 §4.4, spec 10 §2 step 13 and
 * §4.2 S3; physics_step.py: compute_radiation_parameters with iterations = 6):
 * s = max(s_start, 1e-12); 6 x {Q = Q(s,T); a = s_blow(Q); s = max(a, 1e-12)}; Q = Q(s,T);
 * a_blow = s_blow(Q). Not run to convergence, on purpose. */
md_radiation_blowout md_radiation_blowout_iterate(const md_qpr_table *tab, double s_start,
                                                  double rho, double T_M);

/* chi_blow "auto" (runtime/helpers.py: auto_chi_blow; spec 30 §4.7) from the start-up beta [-]
 * and Q_pr [-]; non-finite or <= 0 inputs fall back to 0.5 and 1. Result in [0.5, 2]. */
double md_radiation_chi_blow_auto(double beta, double Q);

/* chi_eff = min(max(chi, 0.5), 2.0), applied to auto and numeric chi alike (spec 30 §4.7). */
double md_radiation_chi_blow_clamp(double chi);

/* Fast-blow-out factor f = -expm1(-ratio), 0 for ratio <= 0, 1 for +inf, NaN for NaN
 * (runtime/helpers.py: fast_blowout_correction_factor; spec 30 §4.10). ratio = dt / t_blow. */
double md_radiation_fast_blowout_factor(double ratio);

/* Grey-body grain temperature T_d = T_M * (q_abs^(1/4) * sqrt(R_M / (2 r))) [K]
 * (radiation.py: grain_temperature_graybody; spec 30 §4.8); q_abs = 1 for sublimation and the
 * sink time-scale. T_M [K] in range, r [m] > 0, q_abs [-] > 0 (MD_ERR_PHYSICS otherwise). */
md_status md_radiation_grain_temperature(double T_M, double r, double q_abs, double *T_d,
                                         md_error *err);

#endif
