/* md_fragment: largest remnant, weights table and pair-form fragment fractions (spec 20 §5). */
#include "md_fragment.h"

#include <math.h>

#include "md_constants.h"
#include "md_grid.h"

#define LR_PHI_TRANSITION 1.8    /* fragments.py: LR_PHI_TRANSITION */
#define LR_SUPERCAT_FRACTION 0.1 /* fragments.py: LR_SUPERCAT_FRACTION */
#define LR_SUPERCAT_ETA (-1.5)   /* fragments.py: LR_SUPERCAT_ETA */
#define V_FLOOR 1.0e-12          /* v_rel floor of _fragment_tensor [m s^-1] */

double md_fragment_q_r(double m1, double m2, double v) {
    const double m_tot = m1 + m2;
    if (!(m1 > 0.0 && m2 > 0.0 && m_tot > 0.0))
        return 0.0;
    const double mu = (m1 * m2) / m_tot;
    return ((0.5 * mu) * v) * v / m_tot;
}

/* np.clip(x, 0, 1): NaN passes through. */
static double clip01(double x) {
    if (x < 0.0)
        return 0.0;
    if (x > 1.0)
        return 1.0;
    return x;
}

double md_fragment_f_lr(double q_r, double q_dstar) {
    if (!(q_dstar > 0.0))
        return 0.0;
    const double phi = q_r / q_dstar;
    const double f = phi < LR_PHI_TRANSITION
                         ? 1.0 - 0.5 * phi
                         : LR_SUPERCAT_FRACTION * pow(phi / LR_PHI_TRANSITION, LR_SUPERCAT_ETA);
    return clip01(f);
}

void md_fragment_weights(const double *edges, int n, double alpha_frag, double *weights) {
    const double power = 1.0 - alpha_frag;
    /* The bin integrals go into the diagonal of the table first (row r only reads I_0..I_r,
     * and W[r][r] is written last in row r), so no extra buffer is needed. */
    for (int k = 0; k < n; ++k) {
        double left = edges[k];
        double right = edges[k + 1];
        if (left <= 0.0)
            left = 1.0e-30;
        if (right < left)
            right = left;
        double integral = fabs(power) < 1.0e-12 ? log(right / left)
                                                : (pow(right, power) - pow(left, power)) / power;
        if (!isfinite(integral) || integral < 0.0)
            integral = 0.0;
        weights[(size_t)k * (size_t)n + (size_t)k] = integral;
    }
    /* Rows from the top down: row r reads I_k = W[k][k] for k <= r, i.e. only rows not yet
     * written (rows r' > r, already done, never hold an I_k that row r needs). */
    for (int r = n - 1; r >= 0; --r) {
        double *row = weights + (size_t)r * (size_t)n;
        double total = 0.0;
        for (int k = 0; k <= r; ++k)
            total += weights[(size_t)k * (size_t)n + (size_t)k];
        const double inv_total = total > 0.0 ? 1.0 / total : 0.0;
        for (int k = 0; k <= r; ++k)
            row[k] = total > 0.0 ? weights[(size_t)k * (size_t)n + (size_t)k] * inv_total : 0.0;
        for (int k = r + 1; k < n; ++k)
            row[k] = 0.0;
    }
}

static size_t pair_count(size_t n) {
    return n * (n + 1u) / 2u;
}

size_t md_fragment_table_bytes(int n) {
    const size_t un = n > 0 ? (size_t)n : 0u;
    return 2u * un * un * sizeof(double) + pair_count(un) * sizeof(md_fragment_pair) +
           (un * un + un + 1u) * sizeof(int);
}

void md_fragment_table_bind(md_fragment_table *t, void *buf, int n) {
    const size_t un = n > 0 ? (size_t)n : 0u;
    double *d = buf; /* doubles and pairs first: every array stays aligned */
    t->weights = d;
    t->f_lr = d + un * un;
    t->pairs = (md_fragment_pair *)(d + 2u * un * un);
    int *i = (int *)(t->pairs + pair_count(un));
    t->k_lr = i;
    t->group_start = i + un * un;
    t->n = n;
}

/* Groups the valid pairs by k_LR, keeping (i, j) order within a group (counting sort). */
static void group_pairs(md_fragment_table *t, const double *m, int n) {
    int *start = t->group_start;
    for (int k = 0; k <= n; ++k)
        start[k] = 0;
    for (int i = 0; i < n; ++i)
        for (int j = i; j < n; ++j) {
            const int k_lr = t->k_lr[(size_t)i * (size_t)n + (size_t)j];
            if (k_lr >= 0)
                start[k_lr + 1]++;
        }
    for (int k = 0; k < n; ++k)
        start[k + 1] += start[k];
    /* Place each pair at its group's cursor start[k_lr], which ends at the next group's start;
     * shifting the array by one afterwards restores the starts. */
    for (int i = 0; i < n; ++i)
        for (int j = i; j < n; ++j) {
            const size_t ij = (size_t)i * (size_t)n + (size_t)j;
            const int k_lr = t->k_lr[ij];
            if (k_lr < 0)
                continue;
            t->pairs[start[k_lr]++] = (md_fragment_pair){
                .mass = m[i] + m[j], .frac = {t->f_lr[ij], 1.0 - t->f_lr[ij]}, .index = (int)ij};
        }
    for (int k = n; k > 0; --k)
        start[k] = start[k - 1];
    start[0] = 0;
}

md_status md_fragment_build(md_fragment_table *t, const double *s, const double *m,
                            const double *edges, int n, double rho, double v_rel, const double *qd,
                            md_error *err) {
    if (n <= 0)
        return md_error_set(err, MD_ERR_PHYSICS, "fragment table: n_bins = %d must be > 0", n);
    if (!(rho > 0.0))
        return md_error_set(err, MD_ERR_PHYSICS, "fragment table: rho = %g must be > 0", rho);
    if (!(v_rel >= 0.0))
        return md_error_set(err, MD_ERR_PHYSICS, "fragment table: v_rel = %g must be >= 0", v_rel);

    const double v = v_rel > V_FLOOR ? v_rel : V_FLOOR;
    const double denom = (4.0 * MD_PI) * rho;
    t->n = n;
    md_fragment_weights(edges, n, MD_FRAGMENT_ALPHA, t->weights);
    for (int i = 0; i < n; ++i) {
        for (int j = i; j < n; ++j) {
            const size_t ij = (size_t)i * (size_t)n + (size_t)j;
            const double m_tot = m[i] + m[j];
            if (!(m[i] > 0.0 && m[j] > 0.0 && m_tot > 0.0)) {
                t->k_lr[ij] = -1;
                t->f_lr[ij] = 0.0;
                continue;
            }
            /* Q_D* at the larger body (np.maximum.outer of the sizes). */
            const double q_star = s[i] >= s[j] ? qd[i] : qd[j];
            const double f_lr = md_fragment_f_lr(md_fragment_q_r(m[i], m[j], v), q_star);
            const double m_lr = f_lr * m_tot;
            const double s_lr = pow((3.0 * m_lr) / denom, 1.0 / 3.0);
            t->f_lr[ij] = f_lr;
            t->k_lr[ij] = md_grid_bin_index(edges, n, s_lr);
        }
    }
    group_pairs(t, m, n);
    return MD_OK;
}

double md_fragment_y(const md_fragment_table *t, int k, int i, int j) {
    if (i > j) {
        const int swap = i;
        i = j;
        j = swap;
    }
    const size_t ij = (size_t)i * (size_t)t->n + (size_t)j;
    const int k_lr = t->k_lr[ij];
    if (k_lr < 0 || k > k_lr)
        return 0.0;
    const double f_lr = t->f_lr[ij];
    const double remainder = 1.0 - f_lr;
    const double w = t->weights[(size_t)k_lr * (size_t)t->n + (size_t)k];
    /* JIT fill order: Y[k_lr] = 0 + f_lr, then Y[k] += remainder*w for w > 0. */
    double y = k == k_lr ? f_lr : 0.0;
    if (remainder > 0.0 && w > 0.0)
        y += remainder * w;
    return y;
}
