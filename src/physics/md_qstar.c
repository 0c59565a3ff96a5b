/* md_qstar: Q_D* coefficient table and law (spec 20 §4; qstar.py). */
#include "md_qstar.h"

#include <math.h>
#include <stddef.h>

#define CM_PER_M 1.0e2               /* s [m] -> s/(1 cm) */
#define RHO_GCM3_FROM_SI 1.0e-3      /* kg m^-3 -> g cm^-3 */
#define ERG_PER_G_TO_J_PER_KG 1.0e-4 /* erg g^-1 -> J kg^-1 */
#define MU_GRAV_DEFAULT 0.45

/* qstar.py _DEFAULT_COEFFS: the 3 and 5 km/s anchors extended to 1-7 km/s. */
static const md_qstar_row default_rows[] = {
    {1.0, 3.5e7, 0.38, 0.14689007046000738, 1.36},
    {2.0, 3.5e7, 0.38, 0.23049522684371007, 1.36},
    {3.0, 3.5e7, 0.38, 0.3, 1.36},
    {4.0, 5.25e7, 0.38, 0.4, 1.36},
    {5.0, 7.0e7, 0.38, 0.5, 1.36},
    {6.0, 7.0e7, 0.38, 0.5629085099123813, 1.36},
    {7.0, 7.0e7, 0.38, 0.6222332685311813, 1.36},
};

void md_qstar_table_default(md_qstar_table *t) {
    const int n = (int)(sizeof default_rows / sizeof default_rows[0]);
    t->n_rows = n;
    for (int k = 0; k < n; ++k)
        t->rows[k] = default_rows[k];
    t->units = MD_QSTAR_UNITS_BA99_CGS;
    t->mu_grav = MU_GRAV_DEFAULT;
}

md_status md_qstar_table_set_rows(md_qstar_table *t, const md_qstar_row *rows, int n_rows,
                                  md_error *err) {
    if (n_rows <= 0 || rows == NULL)
        return md_error_set(err, MD_ERR_CONFIG, "qstar.coeff_table must not be empty");
    if (n_rows > MD_QSTAR_MAX_ROWS)
        return md_error_set(err, MD_ERR_CONFIG, "qstar.coeff_table has %d rows; at most %d", n_rows,
                            MD_QSTAR_MAX_ROWS);
    for (int k = 0; k < n_rows; ++k) {
        const md_qstar_row *r = &rows[k];
        if (!(r->v_ref_kms > 0.0) || !isfinite(r->v_ref_kms))
            return md_error_set(err, MD_ERR_CONFIG,
                                "qstar.coeff_table row %d: v_ref = %g km/s must be positive", k,
                                r->v_ref_kms);
        if (!(r->Qs > 0.0) || !(r->B > 0.0))
            return md_error_set(err, MD_ERR_CONFIG,
                                "qstar.coeff_table row %d (v_ref %g km/s): Qs = %g and B = %g must "
                                "be positive",
                                k, r->v_ref_kms, r->Qs, r->B);
        if (!isfinite(r->Qs) || !isfinite(r->B) || !isfinite(r->a_s) || !isfinite(r->b_g))
            return md_error_set(err, MD_ERR_CONFIG,
                                "qstar.coeff_table row %d (v_ref %g km/s): coefficients must be "
                                "finite",
                                k, r->v_ref_kms);
    }
    /* Insertion sort by v_ref (tables are tiny); a repeated v_ref is an error because the
     * reference keys the table by v_ref. */
    md_qstar_row sorted[MD_QSTAR_MAX_ROWS];
    for (int k = 0; k < n_rows; ++k) {
        int j = k;
        while (j > 0 && sorted[j - 1].v_ref_kms > rows[k].v_ref_kms) {
            sorted[j] = sorted[j - 1];
            --j;
        }
        sorted[j] = rows[k];
    }
    for (int k = 1; k < n_rows; ++k)
        if (sorted[k].v_ref_kms == sorted[k - 1].v_ref_kms)
            return md_error_set(err, MD_ERR_CONFIG, "qstar.coeff_table: v_ref = %g km/s repeated",
                                sorted[k].v_ref_kms);
    t->n_rows = n_rows;
    for (int k = 0; k < n_rows; ++k)
        t->rows[k] = sorted[k];
    return MD_OK;
}

md_status md_qstar_table_setup(md_qstar_table *t, const md_qstar_config *cfg, md_error *err) {
    if (cfg->coeff_units != MD_QSTAR_UNITS_BA99_CGS && cfg->coeff_units != MD_QSTAR_UNITS_SI)
        return md_error_set(err, MD_ERR_CONFIG, "qstar.coeff_units: unknown unit system %d",
                            (int)cfg->coeff_units);
    if (!(cfg->mu_grav > 0.0))
        return md_error_set(err, MD_ERR_CONFIG, "qstar.mu_grav = %g must be positive",
                            cfg->mu_grav);
    md_qstar_table tmp;
    md_qstar_table_default(&tmp);
    if (cfg->override_coeffs) {
        if (cfg->coeff_table != NULL && cfg->n_coeff_table > 0) {
            md_status st = md_qstar_table_set_rows(&tmp, cfg->coeff_table, cfg->n_coeff_table, err);
            if (st != MD_OK)
                return st;
        } else {
            if (cfg->v_ref_kms == NULL || cfg->n_v_ref <= 0)
                return md_error_set(err, MD_ERR_CONFIG,
                                    "qstar.override_coeffs=true requires v_ref_kms or coeff_table");
            if (cfg->n_v_ref > MD_QSTAR_MAX_ROWS)
                return md_error_set(err, MD_ERR_CONFIG,
                                    "qstar.v_ref_kms has %d entries; at most %d", cfg->n_v_ref,
                                    MD_QSTAR_MAX_ROWS);
            md_qstar_row rows[MD_QSTAR_MAX_ROWS];
            int n = 0;
            for (int k = 0; k < cfg->n_v_ref; ++k) {
                /* A dict comprehension: a repeated v_ref just overwrites the same key. */
                int dup = 0;
                for (int j = 0; j < n; ++j)
                    dup |= rows[j].v_ref_kms == cfg->v_ref_kms[k];
                if (dup)
                    continue;
                rows[n++] = (md_qstar_row){cfg->v_ref_kms[k], cfg->Qs * cfg->coeff_scale, cfg->a_s,
                                           cfg->B * cfg->coeff_scale, cfg->b_g};
            }
            md_status st = md_qstar_table_set_rows(&tmp, rows, n, err);
            if (st != MD_OK)
                return st;
        }
    }
    tmp.units = cfg->coeff_units;
    tmp.mu_grav = cfg->mu_grav;
    *t = tmp;
    return MD_OK;
}

md_status md_qstar_terms(const md_qstar_row *row, md_qstar_units units, double s, double rho,
                         double *q_str, double *q_grav, md_error *err) {
    if (!(rho > 0.0))
        return md_error_set(err, MD_ERR_PHYSICS, "Q_D*: density rho = %g kg/m^3 must be positive",
                            rho);
    if (!(s > 0.0))
        return md_error_set(err, MD_ERR_PHYSICS, "Q_D*: size s = %g m must be positive", s);
    if (units == MD_QSTAR_UNITS_BA99_CGS) {
        const double s_ratio = s * CM_PER_M;
        const double rho_use = rho * RHO_GCM3_FROM_SI;
        *q_str = (row->Qs * pow(s_ratio, -row->a_s)) * ERG_PER_G_TO_J_PER_KG;
        *q_grav = ((row->B * rho_use) * pow(s_ratio, row->b_g)) * ERG_PER_G_TO_J_PER_KG;
    } else {
        const double s_ratio = s / 1.0;
        *q_str = row->Qs * pow(s_ratio, -row->a_s);
        *q_grav = (row->B * rho) * pow(s_ratio, row->b_g);
    }
    return MD_OK;
}

int md_qstar_velocity_outside(const md_qstar_table *t, double v_kms) {
    if (t->n_rows <= 0)
        return 0;
    if (v_kms < t->rows[0].v_ref_kms)
        return -1;
    if (v_kms > t->rows[t->n_rows - 1].v_ref_kms)
        return 1;
    return 0;
}

/* (v/v_edge)^(2 - 3 mu) below/above the table, 1 inside. qstar.py: _gravity_velocity_scale. */
static double gravity_velocity_scale(const md_qstar_table *t, double v_kms) {
    const double exponent = -3.0 * t->mu_grav + 2.0;
    const double v_min = t->rows[0].v_ref_kms;
    const double v_max = t->rows[t->n_rows - 1].v_ref_kms;
    double scale = 1.0;
    if (v_kms < v_min)
        scale = pow(v_kms / v_min, exponent);
    if (v_kms > v_max)
        scale = pow(v_kms / v_max, exponent);
    return scale;
}

md_status md_qstar_eval(const md_qstar_table *t, double s, double rho, double v_kms, double *qd,
                        md_error *err) {
    if (!(s > 0.0))
        return md_error_set(err, MD_ERR_PHYSICS, "Q_D*: size s = %g m must be positive", s);
    if (!(rho > 0.0))
        return md_error_set(err, MD_ERR_PHYSICS, "Q_D*: density rho = %g kg/m^3 must be positive",
                            rho);
    if (!(v_kms > 0.0))
        return md_error_set(err, MD_ERR_PHYSICS, "Q_D*: velocity v = %g km/s must be positive",
                            v_kms);
    if (t->n_rows <= 0)
        return md_error_set(err, MD_ERR_PHYSICS, "Q_D*: coefficient table is empty");
    const int last = t->n_rows - 1;
    const int side = t->n_rows == 1 ? -1 : md_qstar_velocity_outside(t, v_kms);
    double q_str, q_grav;
    md_status st;
    if (side != 0) {
        /* Clamp the coefficients to the nearest row; only the gravity term feels v. A one-row
         * table always lands here (compute_q_d_star_array's degenerate branch). */
        const md_qstar_row *row = side > 0 ? &t->rows[last] : &t->rows[0];
        st = md_qstar_terms(row, t->units, s, rho, &q_str, &q_grav, err);
        if (st != MD_OK)
            return st;
        *qd = q_str + q_grav * gravity_velocity_scale(t, v_kms);
        return MD_OK;
    }
    /* Left bracket: largest lo with v_lo <= v (searchsorted right - 1), clipped to n_rows-2 so
     * that v = v_max uses the last interval. */
    int lo = 0;
    while (lo + 1 < t->n_rows && t->rows[lo + 1].v_ref_kms <= v_kms)
        ++lo;
    if (lo > t->n_rows - 2)
        lo = t->n_rows - 2;
    const double v_lo = t->rows[lo].v_ref_kms;
    const double v_hi = t->rows[lo + 1].v_ref_kms;
    const double w = (v_kms - v_lo) / (v_hi - v_lo);
    double str_lo, grav_lo, str_hi, grav_hi;
    st = md_qstar_terms(&t->rows[lo], t->units, s, rho, &str_lo, &grav_lo, err);
    if (st == MD_OK)
        st = md_qstar_terms(&t->rows[lo + 1], t->units, s, rho, &str_hi, &grav_hi, err);
    if (st != MD_OK)
        return st;
    q_str = str_lo * (1.0 - w) + str_hi * w;
    q_grav = grav_lo * (1.0 - w) + grav_hi * w;
    *qd = q_str + q_grav * gravity_velocity_scale(t, v_kms);
    return MD_OK;
}

md_status md_qstar_eval_sizes(const md_qstar_table *t, const double *s, int n, double rho,
                              double v_kms, double *qd, md_error *err) {
    for (int k = 0; k < n; ++k) {
        md_status st = md_qstar_eval(t, s[k], rho, v_kms, &qd[k], err);
        if (st != MD_OK)
            return st;
    }
    return MD_OK;
}
