/* md_radiation: <Q_pr>, beta, blow-out size and chi_blow (spec 30 §2.1, §4). */
#include "md_radiation.h"

#include <math.h>

#include "md_constants.h"
#include "md_fminmax.h"
#include "md_interp.h"

/* fmin(fmax(x, lo), hi) without the libm calls: a NaN x gives lo, as fmax does. */
static double clamp(double x, double lo, double hi) {
    const double up = x > lo ? x : lo;
    return up < hi ? up : hi;
}

/* The temperature half of a look-up: the clamped T, its cell and blend weight. */
typedef struct qpr_row {
    double T_eval;
    int j;
    double wT;
} qpr_row;

static qpr_row qpr_row_at(const md_qpr_table *tab, double T) {
    const double *Tv = tab->T;
    qpr_row r;
    r.T_eval = clamp(T, Tv[0], Tv[tab->n_T - 1]);
    r.j = md_interp_cell(tab->n_T, Tv, r.T_eval);
    const double T1 = Tv[r.j], T2 = Tv[r.j + 1];
    r.wT = T2 == T1 ? 0.0 : (r.T_eval - T1) / (T2 - T1);
    return r;
}

/* radiation.py: qpr_lookup clamps to the table range; QPrTable.interp (Numba kernel
 * qpr_interp_scalar_numba, same arithmetic) does the cell search and bilinear blend. The
 * temperature half is separate so that the blow-out iteration (one T, eight sizes) finds it once.
 */
static double qpr_in_row(const md_qpr_table *tab, double s, const qpr_row *r, int *s_cell) {
    const double *sv = tab->s;
    const double s_eval = clamp(s, sv[0], sv[tab->n_s - 1]);
    const int i = md_interp_cell_near(tab->n_s, sv, s_eval, *s_cell);
    *s_cell = i;
    const int j = r->j;
    const double s1 = sv[i], s2 = sv[i + 1];
    const double q11 = tab->q[j * tab->n_s + i];
    const double q12 = tab->q[(j + 1) * tab->n_s + i];
    const double q21 = tab->q[j * tab->n_s + i + 1];
    const double q22 = tab->q[(j + 1) * tab->n_s + i + 1];
    const double ws = s2 == s1 ? 0.0 : (s_eval - s1) / (s2 - s1);
    const double q1 = q11 * (1.0 - ws) + q21 * ws;
    const double q2 = q12 * (1.0 - ws) + q22 * ws;
    return q1 * (1.0 - r->wT) + q2 * r->wT;
}

double md_radiation_qpr(const md_qpr_table *tab, double s, double T) {
    const qpr_row r = qpr_row_at(tab, T);
    int s_cell = -1;
    return qpr_in_row(tab, s, &r, &s_cell);
}

md_status md_radiation_check_temperature(double T_M, md_error *err) {
    if (!isfinite(T_M) || T_M < MD_RADIATION_T_MIN || T_M > MD_RADIATION_T_MAX)
        return md_error_set(err, MD_ERR_PHYSICS,
                            "Mars temperature T_M = %.17g K outside the valid range [%g, %g] K",
                            T_M, MD_RADIATION_T_MIN, MD_RADIATION_T_MAX);
    return MD_OK;
}

/* radiation.py: beta, evaluated left to right as Python does; T**4 is pow(T, 4). */
double md_radiation_beta(double s, double rho, double T_M, double Q) {
    double numerator = 3.0 * MD_SIGMA_SB * pow(T_M, 4.0) * pow(MD_R_MARS, 2.0) * Q;
    double denominator = 4.0 * MD_G * MD_M_MARS * MD_C_LIGHT * rho * s;
    return numerator / denominator;
}

double md_radiation_blowout_coeff(void) {
    /* _numba_radiation.py: _BLOWOUT_COEFF, Python's left-to-right order. */
    return 3.0 * MD_SIGMA_SB * pow(MD_R_MARS, 2.0) / (2.0 * MD_G * MD_M_MARS * MD_C_LIGHT);
}

/* _numba_radiation.py: blowout_radius_numba. Numba lowers T**4 to (T*T)*(T*T); this is the
 * production build's order, which differs from the pure-Python pow(T, 4) in the last bit for
 * about half of all T (spec 30 §4.3, §15 item 7). */
double md_radiation_s_blow(double rho, double T_M, double Q) {
    double T2 = T_M * T_M;
    return md_radiation_blowout_coeff() * (T2 * T2) * Q / rho;
}

md_radiation_blowout md_radiation_blowout_iterate(const md_qpr_table *tab, double s_start,
                                                  double rho, double T_M) {
    const qpr_row row = qpr_row_at(tab, T_M);
    int s_cell = -1; /* the iterates settle: each starts from the previous one's cell */
    double s = md_fmax(s_start, MD_RADIATION_S_EVAL_MIN);
    for (int k = 0; k < MD_RADIATION_BLOW_ITERATIONS; ++k) {
        double q = qpr_in_row(tab, s, &row, &s_cell);
        s = md_fmax(md_radiation_s_blow(rho, T_M, q), MD_RADIATION_S_EVAL_MIN);
    }
    md_radiation_blowout out;
    out.q_last = qpr_in_row(tab, s, &row, &s_cell);
    out.a_blow = md_radiation_s_blow(rho, T_M, out.q_last);
    return out;
}

double md_radiation_chi_blow_auto(double beta, double Q) {
    if (!isfinite(beta) || beta <= 0.0)
        beta = 0.5;
    if (!isfinite(Q) || Q <= 0.0)
        Q = 1.0;
    double beta_ratio = beta / 0.5;
    double chi_beta = md_fmax(0.1, 1.0 / (1.0 + 0.5 * (beta_ratio - 1.0)));
    double chi_q = md_fmin(md_fmax(Q, 0.5), 1.5);
    return md_fmin(md_fmax(chi_beta * chi_q, 0.5), 2.0);
}

double md_radiation_chi_blow_clamp(double chi) {
    return md_fmin(md_fmax(chi, MD_RADIATION_CHI_MIN), MD_RADIATION_CHI_MAX);
}

double md_radiation_fast_blowout_factor(double ratio) {
    if (ratio <= 0.0)
        return 0.0;
    if (isinf(ratio))
        return 1.0;
    double value = -expm1(-ratio); /* NaN stays NaN, as in the reference */
    if (value < 0.0)
        return 0.0;
    if (value > 1.0)
        return 1.0;
    return value;
}

md_status md_radiation_grain_temperature(double T_M, double r, double q_abs, double *T_d,
                                         md_error *err) {
    if (!isfinite(r) || r <= 0.0)
        return md_error_set(err, MD_ERR_PHYSICS, "orbital radius r = %.17g m must be positive", r);
    if (!isfinite(q_abs) || q_abs <= 0.0)
        return md_error_set(err, MD_ERR_PHYSICS, "q_abs = %.17g must be positive", q_abs);
    md_status st = md_radiation_check_temperature(T_M, err);
    if (st != MD_OK)
        return st;
    /* pow(1, y) is exactly 1 (C17 F.10.4.4): the q_abs = 1 of every step skips the call */
    const double q_root4 = q_abs == 1.0 ? 1.0 : pow(q_abs, 0.25);
    double factor = q_root4 * sqrt(MD_R_MARS / (2.0 * r));
    *T_d = T_M * factor;
    return MD_OK;
}
