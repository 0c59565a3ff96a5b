/* md_psd: PSD shape, mass weights, sanitising, kappa and the shape <-> N_k conversion
 * (spec 20 §2; psd.py, smol.py). */
#include "md_psd.h"

#include <math.h>

#include "md_constants.h"
#include "md_grid.h"
#include "md_vec2.h"

#define PSD_CLIP_MAX 1e200 /* sanitize_and_normalize_number clip_max */
#define PW_BLOCKSIZE 128   /* numpy's pairwise-summation block */

/* Python's max(a, b) / min(a, b): keep a unless b is strictly larger / smaller, so a NaN first
 * argument survives exactly as in the reference. */
static double py_max(double a, double b) {
    return b > a ? b : a;
}

static double py_min(double a, double b) {
    return b < a ? b : a;
}

/* ---- numpy pairwise summation ----
 * The summands are produced by a callback so that products (np.sum(a*b*c)) need no scratch
 * array: numpy rounds each product to double first, and so does the callback. */
typedef double (*pw_term_fn)(const void *ctx, int i);

static double pw_sum(pw_term_fn term, const void *ctx, int off, int n) {
    if (n < 8) {
        double res = 0.0;
        for (int i = 0; i < n; ++i)
            res += term(ctx, off + i);
        return res;
    }
    if (n <= PW_BLOCKSIZE) {
        double r[8];
        for (int j = 0; j < 8; ++j)
            r[j] = term(ctx, off + j);
        int i = 8;
        for (; i < n - (n % 8); i += 8)
            for (int j = 0; j < 8; ++j)
                r[j] += term(ctx, off + i + j);
        double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; ++i)
            res += term(ctx, off + i);
        return res;
    }
    int n2 = n / 2;
    n2 -= n2 % 8;
    return pw_sum(term, ctx, off, n2) + pw_sum(term, ctx, off + n2, n - n2);
}

/* np.add.reduce starts from the identity 0.0 and adds the pairwise sum of all n elements. */
static double np_sum(pw_term_fn term, const void *ctx, int n) {
    if (n <= 0)
        return 0.0;
    return 0.0 + pw_sum(term, ctx, 0, n);
}

typedef struct pw_arrays {
    const double *a, *b, *c;
} pw_arrays;

static double term_one(const void *ctx, int i) {
    return ((const pw_arrays *)ctx)->a[i];
}

static double term_ab(const void *ctx, int i) {
    const pw_arrays *p = ctx;
    return p->a[i] * p->b[i];
}

/* The term of an array sum: a[i], or a[i]*b[i] rounded first (numpy's a*b) when b is given. */
static inline md_vec2 pair_of_terms(const double *a, const double *b, int i) {
    return b ? md_vec2_load(a + i) * md_vec2_load(b + i) : md_vec2_load(a + i);
}

/* pw_sum over an array (the term inlined), its eight running sums as four two-lane vectors: lane
 * j of vector v is r[2v + j], and each adds its terms in pw_sum's order. */
static double pw_sum_array(const double *a, const double *b, int off, int n) {
    if (n < 8 || n > PW_BLOCKSIZE) {
        const pw_arrays p = {a + off, b ? b + off : NULL, NULL};
        return pw_sum(b ? term_ab : term_one, &p, 0, n);
    }
    a += off;
    b = b ? b + off : NULL;
    md_vec2 r0 = pair_of_terms(a, b, 0), r1 = pair_of_terms(a, b, 2);
    md_vec2 r2 = pair_of_terms(a, b, 4), r3 = pair_of_terms(a, b, 6);
    int i = 8;
    for (; i < n - (n % 8); i += 8) {
        r0 += pair_of_terms(a, b, i);
        r1 += pair_of_terms(a, b, i + 2);
        r2 += pair_of_terms(a, b, i + 4);
        r3 += pair_of_terms(a, b, i + 6);
    }
    double res = ((r0[0] + r0[1]) + (r1[0] + r1[1])) + ((r2[0] + r2[1]) + (r3[0] + r3[1]));
    for (; i < n; ++i)
        res += b ? a[i] * b[i] : a[i];
    return res;
}

double md_psd_sum_pairwise(const double *x, int n) {
    return n <= 0 ? 0.0 : 0.0 + pw_sum_array(x, NULL, 0, n);
}

double md_psd_dot_pairwise(const double *a, const double *b, int n) {
    return n <= 0 ? 0.0 : 0.0 + pw_sum_array(a, b, 0, n);
}

/* ---- initial shapes ---- */

void md_psd_shape_upper(const double *s, int n, double s_min, double s_max,
                        const md_psd_upper_params *p, double *number) {
    const double q0 = p->alpha_mode == MD_PSD_ALPHA_MASS ? 3.0 * p->alpha - 2.0 : p->alpha;
    const double s_break1 = s_min * 10.0;
    const double s_break2 = s_max / 10.0;
    for (int k = 0; k < n; ++k) {
        double slope = q0 + 1.5;
        if (s[k] < s_break2)
            slope = q0 + 1.0;
        if (s[k] < s_break1)
            slope = q0;
        number[k] = pow(s[k] / s_min, -slope);
    }
    if (p->wavy_strength == 0.0)
        return;
    const double period = log(s_max / s_min);
    const double two_pi = 2.0 * MD_PI;
    for (int k = 0; k < n; ++k) {
        const double phase = log(s[k] / s_min);
        const double envelope = p->wavy_decay > 0.0 ? exp(-p->wavy_decay * phase) : 1.0;
        number[k] *= 1.0 + (p->wavy_strength * envelope) * sin(two_pi * phase / period);
    }
}

/* One lognormal component: g_c(s_k)*width_k, zero for a bad centre or below s_cut. */
typedef struct lognormal_ctx {
    const double *s, *width;
    double centre, sigma_ln, s_cut;
} lognormal_ctx;

static double term_lognormal(const void *ctx, int k) {
    const lognormal_ctx *c = ctx;
    if (!(c->centre > 0.0 && isfinite(c->centre)))
        return 0.0;
    if (isfinite(c->s_cut) && !(c->s[k] >= c->s_cut))
        return 0.0;
    const double x = log(c->s[k] / c->centre) / c->sigma_ln;
    return exp(-0.5 * (x * x)) * c->width[k];
}

void md_psd_weights_lognormal_mixture(const double *s, const double *width, int n,
                                      const md_psd_lognormal_mixture *p, double *w) {
    for (int k = 0; k < n; ++k)
        w[k] = 0.0;
    const double sigma_ln = py_max(p->width_dex, 0.0) * log(10.0);
    if (n <= 0 || sigma_ln <= 0.0)
        return;
    const double f = py_min(py_max(p->f_fine, 0.0), 1.0);
    const lognormal_ctx fine = {s, width, p->s_fine, sigma_ln, p->s_cut};
    const lognormal_ctx meter = {s, width, p->s_meter, sigma_ln, p->s_cut};
    const double sum_fine = np_sum(term_lognormal, &fine, n);
    const double sum_meter = np_sum(term_lognormal, &meter, n);
    for (int k = 0; k < n; ++k) {
        /* Each component normalised to unit sum; one with a zero (or NaN) sum is all zeros. */
        const double wf = sum_fine > 0.0 ? term_lognormal(&fine, k) / sum_fine : 0.0;
        const double wm = sum_meter > 0.0 ? term_lognormal(&meter, k) / sum_meter : 0.0;
        w[k] = (1.0 - f) * wm + f * wf;
    }
}

void md_psd_weights_truncated_powerlaw(const double *s, const double *width, int n,
                                       const md_psd_truncated_powerlaw *p, double *w) {
    for (int k = 0; k < n; ++k)
        w[k] = 0.0;
    const double floor_s = py_max(p->s_min_solid, isnan(p->s_cut) ? 0.0 : p->s_cut);
    const double ceil_s = p->s_max_solid;
    if (ceil_s <= floor_s)
        return;
    for (int k = 0; k < n; ++k)
        if (s[k] >= floor_s && s[k] <= ceil_s)
            w[k] = pow(s[k], 3.0 - p->alpha_solid) * width[k];
}

/* ---- sanitise, mass weights ---- */

static double term_mass_weight(const void *ctx, int i) {
    const pw_arrays *p = ctx; /* a = number, b = s, c = width */
    return (p->a[i] * pow(p->b[i], 3.0)) * p->c[i];
}

int md_psd_sanitize(const double *s, const double *width, int n, int normalize, double *number) {
    if (n <= 0)
        return 0;
    for (int k = 0; k < n; ++k) {
        double x = number[k];
        if (!(isfinite(x) && x > 0.0))
            x = 0.0;
        number[k] = x > PSD_CLIP_MAX ? PSD_CLIP_MAX : x;
    }
    if (!normalize)
        return 0;
    const pw_arrays p = {number, s, width};
    double mass_weight = np_sum(term_mass_weight, &p, n);
    int reset = 0;
    if (!isfinite(mass_weight) || mass_weight <= 0.0) {
        for (int k = 0; k < n; ++k)
            number[k] = 1.0;
        mass_weight = np_sum(term_mass_weight, &p, n);
        reset = 1;
        if (mass_weight <= 0.0 || !isfinite(mass_weight))
            mass_weight = 1.0;
    }
    for (int k = 0; k < n; ++k)
        number[k] /= mass_weight;
    return reset;
}

static double valid_weight(double w) {
    return isfinite(w) && w > 0.0 ? w : 0.0;
}

static double term_valid_weight(const void *ctx, int i) {
    return valid_weight(((const pw_arrays *)ctx)->a[i]);
}

md_psd_weights_outcome md_psd_apply_mass_weights(const double *s, const double *width, int n,
                                                 double rho, const double *w, double *number,
                                                 int *n_resets) {
    if (n <= 0 || !(rho > 0.0))
        return MD_PSD_WEIGHTS_BAD_INPUT;
    const pw_arrays p = {w, NULL, NULL};
    const double w_sum = np_sum(term_valid_weight, &p, n);
    if (w_sum <= 0.0)
        return MD_PSD_WEIGHTS_ZERO_SUM;
    const double c = ((4.0 / 3.0) * MD_PI) * rho;
    /* First pass only asks whether anything would be non-zero: the old shape must survive an
     * all-zero result, and the caller gives no scratch array. */
    int any = 0;
    for (int pass = 0; pass < 2; ++pass) {
        for (int k = 0; k < n; ++k) {
            const double denom = (c * pow(s[k], 3.0)) * width[k];
            const double v = denom > 0.0 ? (valid_weight(w[k]) / w_sum) / denom : 0.0;
            if (pass == 0)
                any |= v != 0.0; /* NaN counts as non-zero, as in np.any */
            else
                number[k] = v;
        }
        if (!any)
            return MD_PSD_WEIGHTS_ZERO_NUMBER;
    }
    const int reset = md_psd_sanitize(s, width, n, 1, number);
    if (n_resets)
        *n_resets += reset;
    return MD_PSD_WEIGHTS_APPLIED;
}

/* ---- initial PSD ---- */

md_status md_psd_init(const md_psd_init_params *p, double s_min_eff, double s_max, int n,
                      double rho, double *edges, double *s, double *width, double *m,
                      double *number, double *work, md_psd_init_report *rep, md_error *err) {
    md_psd_init_report local = {0, MD_PSD_WEIGHTS_APPLIED};
    if (p->mode != MD_PSD_S0_UPPER && p->mode != MD_PSD_S0_MELT_LOGNORMAL_MIXTURE &&
        p->mode != MD_PSD_S0_MELT_TRUNCATED_POWERLAW && p->mode != MD_PSD_S0_MONO)
        return md_error_set(err, MD_ERR_CONFIG, "initial.s0_mode: unknown mode %d", (int)p->mode);
    md_status st = md_grid_build_log(s_min_eff, s_max, n, rho, edges, s, width, NULL, err);
    if (st != MD_OK)
        return st;
    /* update_psd_state always builds (and normalises) the three-slope shape first. */
    md_psd_shape_upper(s, n, s_min_eff, s_max, &p->upper, number);
    local.sanitize_resets += md_psd_sanitize(s, width, n, 1, number);

    switch (p->mode) {
    case MD_PSD_S0_MONO: /* run_zero_d ~1996-2009: n identical 1.5 m bins, edges 0..n */
        for (int k = 0; k < n; ++k) {
            s[k] = 1.5;
            width[k] = 1.0;
            number[k] = 1.0;
            edges[k] = (double)k;
        }
        edges[n] = (double)n;
        break;
    case MD_PSD_S0_MELT_LOGNORMAL_MIXTURE:
        md_psd_weights_lognormal_mixture(s, width, n, &p->lognormal, work);
        local.weights_outcome =
            md_psd_apply_mass_weights(s, width, n, rho, work, number, &local.sanitize_resets);
        break;
    case MD_PSD_S0_MELT_TRUNCATED_POWERLAW:
        md_psd_weights_truncated_powerlaw(s, width, n, &p->powerlaw, work);
        local.weights_outcome =
            md_psd_apply_mass_weights(s, width, n, rho, work, number, &local.sanitize_resets);
        break;
    case MD_PSD_S0_UPPER:
        break;
    }
    md_psd_sanitize(s, width, n, 0, number);
    md_grid_masses(s, n, rho, m);
    if (rep)
        *rep = local;
    return MD_OK;
}

/* ---- kappa ---- */

/* x where 0 < x < inf, else +0 (NaN too): the number density's clip in compute_kappa, two lanes. */
static md_vec2 positive_finite(md_vec2 x) {
    const md_vec2_mask keep =
        md_vec2_opaque(x > md_vec2_splat(0.0)) & md_vec2_opaque(x < md_vec2_splat(INFINITY));
    return md_vec2_keep(keep, x);
}

double md_psd_kappa(const double *s, const double *width, const double *number, const double *m,
                    int n, double *work) {
    if (n <= 0)
        return 0.0;
    /* max(number) over the clipped values: all +0 or positive, so the order of the comparisons
     * cannot change the result, and two lanes may take turns */
    md_vec2 top = md_vec2_splat(0.0);
    int k = 0;
    for (; k + 2 <= n; k += 2) {
        const md_vec2 v = positive_finite(md_vec2_load(number + k));
        top = md_vec2_select(v > top, v, top);
    }
    double max_val = top[1] > top[0] ? top[1] : top[0];
    for (; k < n; ++k) {
        const double v = positive_finite(md_vec2_splat(number[k]))[0];
        max_val = v > max_val ? v : max_val;
    }
    const int scale = max_val > 0.0 && isfinite(max_val);
    /* compute_kappa's terms with nt = number/max(number), each rounded as numpy does */
    double *area_terms = work, *mass_terms = work + n;
    const md_vec2 pi = md_vec2_splat(MD_PI), top2 = md_vec2_splat(max_val);
    for (k = 0; k + 2 <= n; k += 2) {
        const md_vec2 v = positive_finite(md_vec2_load(number + k));
        const md_vec2 nt = scale ? v / top2 : v;
        const md_vec2 s2 = md_vec2_load(s + k), w2 = md_vec2_load(width + k);
        md_vec2_store(area_terms + k, ((pi * (s2 * s2)) * nt) * w2);
        md_vec2_store(mass_terms + k, (md_vec2_load(m + k) * nt) * w2);
    }
    for (; k < n; ++k) {
        const double v = positive_finite(md_vec2_splat(number[k]))[0];
        const double nt = scale ? v / max_val : v;
        area_terms[k] = ((MD_PI * (s[k] * s[k])) * nt) * width[k];
        mass_terms[k] = (m[k] * nt) * width[k];
    }
    const double area = md_psd_sum_pairwise(area_terms, n);
    const double mass = md_psd_sum_pairwise(mass_terms, n);
    if (!isfinite(area) || !isfinite(mass) || mass <= 0.0)
        return 0.0;
    return area / mass;
}

/* ---- shape <-> N ---- */

md_psd_conv_outcome md_psd_to_number_density(const double *width, const double *number,
                                             const double *m, int n, double sigma_surf, double *N,
                                             double *scale) {
    *scale = 0.0;
    if (n <= 0)
        return MD_PSD_CONV_OK;
    if (sigma_surf <= 0.0 || !isfinite(sigma_surf)) {
        for (int k = 0; k < n; ++k)
            N[k] = 0.0;
        return MD_PSD_CONV_SIGMA_NONPOSITIVE;
    }
    /* the terms m (number width), rounded as numpy's products, in N (the sum's scratch) */
    for (int k = 0; k < n; ++k)
        N[k] = m[k] * (number[k] * width[k]);
    const double raw = md_psd_sum_pairwise(N, n);
    const md_psd_conv_outcome out =
        (!isfinite(raw) || raw <= 0.0) ? MD_PSD_CONV_BAD_RAW_MASS : MD_PSD_CONV_OK;
    const double sc = raw > 0.0 ? sigma_surf / raw : 0.0;
    for (int k = 0; k < n; ++k)
        N[k] = sc > 0.0 ? (number[k] * width[k]) * sc : 0.0;
    *scale = sc;
    return out;
}

void md_psd_from_number_density(const double *N_new, const double *width, const double *m, int n,
                                double scale, double sigma_before, double *number,
                                double *sigma_after, double *sigma_loss) {
    const double after = py_max(md_psd_dot_pairwise(m, N_new, n), 0.0);
    *sigma_after = after;
    *sigma_loss = py_max(sigma_before - after, 0.0);
    for (int k = 0; k < n; ++k)
        number[k] = scale > 0.0 ? N_new[k] / (scale * width[k]) : 0.0;
}

/* ---- uniform size drift ---- */

void md_psd_apply_uniform_size_drift(double *s, const double *width, const double *edges, int n,
                                     double *number, double ds_dt, double dt, double floor_s,
                                     double sigma_surf, double *work, md_psd_drift_result *res) {
    *res = (md_psd_drift_result){sigma_surf, 0.0, 0.0, 1.0, NAN, 0, 0, 0, 0};
    if (dt <= 0.0 || !isfinite(dt) || !isfinite(ds_dt) || ds_dt == 0.0 || n <= 0)
        return;
    md_psd_sanitize(s, width, n, 0, number);
    const double ds_step = ds_dt * dt;
    res->ds_step = ds_step;

    /* size_drift_rebin_numba on counts = number*width, bins visited in order */
    double *new_counts = work;
    double *accum = work + n;
    for (int k = 0; k < n; ++k)
        new_counts[k] = accum[k] = 0.0;
    for (int k = 0; k < n; ++k) {
        const double c = number[k] * width[k];
        if (c <= 0.0 || !isfinite(c))
            continue;
        double s_new = s[k] + ds_step;
        if (!isfinite(s_new))
            continue;
        if (s_new < floor_s)
            s_new = floor_s;
        const int target = md_grid_bin_index(edges, n, s_new);
        new_counts[target] += c;
        accum[target] += c * s_new;
    }
    /* np.allclose(new_counts, 0): every entry finite and within atol 1e-8 of zero */
    int all_zero = 1;
    for (int k = 0; k < n; ++k)
        all_zero &= isfinite(new_counts[k]) && fabs(new_counts[k]) <= 1e-8;
    if (all_zero) {
        res->rebin_zeroed = 1;
        return;
    }

    /* Old mass weight before anything is replaced (same value the reference takes later). */
    const pw_arrays old_p = {number, s, width};
    const double old_mass_weight = np_sum(term_mass_weight, &old_p, n);

    /* In place: accum becomes the new centres, new_counts the new (unnormalised) shape. */
    double *new_s = accum;
    double *new_number = new_counts;
    for (int k = 0; k < n; ++k) {
        const int received = new_counts[k] > 0.0;
        double sz = received ? accum[k] / new_counts[k] : s[k];
        new_s[k] = sz < floor_s ? floor_s : sz; /* np.maximum keeps NaN */
        new_number[k] = (received && width[k] > 0.0) ? new_counts[k] / width[k] : 0.0;
    }
    md_psd_sanitize(new_s, width, n, 0, new_number);
    if (md_psd_sum_pairwise(new_number, n) == 0.0) {
        res->rolled_back = 1;
        res->sanitize_resets = md_psd_sanitize(s, width, n, 1, number);
        return;
    }
    const pw_arrays new_p = {new_number, new_s, width};
    const double new_mass_weight = np_sum(term_mass_weight, &new_p, n);

    double s_min_new = INFINITY;
    int nan_seen = 0; /* np.min propagates NaN */
    for (int k = 0; k < n; ++k) {
        s[k] = new_s[k];
        number[k] = new_number[k];
        nan_seen |= isnan(new_s[k]);
        if (new_s[k] < s_min_new)
            s_min_new = new_s[k];
    }
    if (nan_seen)
        s_min_new = NAN;
    res->moved = 1;
    res->s_min_new = s_min_new;
    res->sanitize_resets = md_psd_sanitize(s, width, n, 1, number);

    if (old_mass_weight <= 0.0 || sigma_surf <= 0.0)
        return; /* ratio 1, Sigma unchanged */
    double ratio = new_mass_weight / old_mass_weight;
    if (!isfinite(ratio) || ratio < 0.0)
        ratio = 0.0;
    res->mass_ratio = ratio;
    res->sigma_new = sigma_surf * ratio;
    res->delta_sigma = py_max(sigma_surf - res->sigma_new, 0.0);
}
