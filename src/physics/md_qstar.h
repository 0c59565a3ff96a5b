/* md_qstar: the catastrophic-disruption threshold Q_D* (Benz & Asphaug 1999 law with velocity
 * interpolation between reference rows; spec 20 §4, spec 10 §2 step 3).
 *
 * The coefficient table is a plain struct held per case (the reference keeps it as a module
 * global; spec 10 §1.3 asks a port to make it per case). Nothing here allocates or logs. */
#ifndef MD_QSTAR_H
#define MD_QSTAR_H

#include "md_status.h"

#define MD_QSTAR_MAX_ROWS 64 /* most reference velocities a table may hold */

typedef enum md_qstar_units {
    MD_QSTAR_UNITS_BA99_CGS = 0, /* Qs [erg g^-1], B [erg cm^3 g^-2], s in cm, rho in g cm^-3 */
    MD_QSTAR_UNITS_SI = 1        /* Qs [J kg^-1], B [J m^3 kg^-2], s in m, rho in kg m^-3 */
} md_qstar_units;

/* One row {v_ref -> (Qs, a_s, B, b_g)} of the coefficient table. */
typedef struct md_qstar_row {
    double v_ref_kms; /* reference impact velocity [km s^-1], > 0 */
    double Qs;        /* strength coefficient [erg g^-1 or J kg^-1 per units], > 0 */
    double a_s;       /* strength exponent [-] (Q_str ~ s^-a_s) */
    double B;         /* gravity coefficient [erg cm^3 g^-2 or J m^3 kg^-2], > 0 */
    double b_g;       /* gravity exponent [-] (Q_grav ~ rho s^b_g) */
} md_qstar_row;

/* The active Q_D* set-up of one case: rows sorted by v_ref (strictly increasing). */
typedef struct md_qstar_table {
    int n_rows;
    md_qstar_row rows[MD_QSTAR_MAX_ROWS];
    md_qstar_units units;
    double mu_grav; /* LS09 gravity-regime exponent mu [-]; outside the table the gravity term is
                       scaled by (v/v_edge)^(2 - 3 mu) */
} md_qstar_table;

/* The qstar.* configuration keys that select the table (spec 20 §4.1). */
typedef struct md_qstar_config {
    md_qstar_units coeff_units;      /* qstar.coeff_units (default ba99_cgs) */
    double mu_grav;                  /* qstar.mu_grav (default 0.45), > 0 */
    int override_coeffs;             /* qstar.override_coeffs (default false) */
    const md_qstar_row *coeff_table; /* qstar.coeff_table rows (any order) or NULL */
    int n_coeff_table;               /* 0 = not given / empty */
    const double *v_ref_kms;         /* qstar.v_ref_kms [km s^-1] (broadcast branch) */
    int n_v_ref;
    double Qs, a_s, B, b_g; /* scalar qstar.Qs, a_s, B, b_g (broadcast branch; units as above) */
    double coeff_scale;     /* qstar.coeff_scale (default 1.0); multiplies Qs and B in the
                               broadcast branch only */
} md_qstar_config;

/* Fills t with the built-in 1-7 km/s table (qstar.py _DEFAULT_COEFFS), ba99_cgs, mu = 0.45. */
void md_qstar_table_default(md_qstar_table *t);

/* Replaces t's rows by rows[0..n_rows-1] validated (v_ref > 0, Qs > 0, B > 0, all finite,
 * distinct v_ref) and sorted by v_ref; units and mu_grav are left alone. Errors: MD_ERR_CONFIG
 * naming the row (empty table, bad value, duplicate v_ref, more than MD_QSTAR_MAX_ROWS).
 * qstar.py: set_coefficient_table / _normalise_coeff_table. */
md_status md_qstar_table_set_rows(md_qstar_table *t, const md_qstar_row *rows, int n_rows,
                                  md_error *err);

/* Table set-up of run_zero_d (~1507-1558; spec 20 §4.1): units and mu from cfg (mu <= 0 is an
 * error); override_coeffs with a non-empty coeff_table -> that table verbatim (coeff_scale NOT
 * applied); override_coeffs without a table -> one row (Qs*coeff_scale, a_s, B*coeff_scale, b_g)
 * per v_ref_kms (error if none); otherwise the built-in table. */
md_status md_qstar_table_setup(md_qstar_table *t, const md_qstar_config *cfg, md_error *err);

/* The law at one reference row (spec 20 §4.2; qstar.py: _q_d_star): strength and gravity terms
 * [J kg^-1] for a body of radius s [m] and density rho [kg m^-3]. ba99_cgs:
 * q_str = (Qs*pow(100 s, -a_s))*1e-4, q_grav = ((B*(rho*1e-3))*pow(100 s, b_g))*1e-4.
 * Errors (MD_ERR_PHYSICS): rho <= 0, s <= 0 (or NaN). */
md_status md_qstar_terms(const md_qstar_row *row, md_qstar_units units, double s, double rho,
                         double *q_str, double *q_grav, md_error *err);

/* Q_D*(s, v) [J kg^-1] with velocity interpolation of the two bracketing rows' terms, and the
 * clamped rows with gravity scaling (v/v_edge)^(2-3mu) outside the table (spec 20 §4.3;
 * qstar.py: compute_q_d_star_array, the path the collision step uses). s [m], rho [kg m^-3],
 * v_kms [km s^-1]. Errors (MD_ERR_PHYSICS): s <= 0, rho <= 0, v <= 0, empty table. */
md_status md_qstar_eval(const md_qstar_table *t, double s, double rho, double v_kms, double *qd,
                        md_error *err);

/* Q_D*(s[k], v) for every k into qd[0..n-1] [J kg^-1]; same rules and errors as md_qstar_eval.
 * The pair threshold of the cascade is Q_D*,ij = Q_D*(max(s_i, s_j)) (spec 20 §4.4), i.e.
 * qd[i] if s[i] >= s[j] else qd[j]. */
md_status md_qstar_eval_sizes(const md_qstar_table *t, const double *s, int n, double rho,
                              double v_kms, double *qd, md_error *err);

/* -1 if v_kms is below the table, +1 above, 0 inside (the reference counts and logs these once;
 * the result is unaffected). qstar.py: _track_velocity_clamp. */
int md_qstar_velocity_outside(const md_qstar_table *t, double v_kms);

#endif
