/* md_fullstep: RODAS3 over the whole outer step for the Smoluchowski cascade (numerics.
 * smol_integrator = "full_step"). */
#include "md_fullstep.h"

#include <math.h>

#include "md_fminmax.h"
#include "md_smol.h"

/* RODAS3 (Sandu et al. 1997, table 3; the coefficients of KPP's Rodas3): stage i solves
 * (I/(h gamma) - J) k_i = f(y + sum_j a_ij k_j) + sum_j (c_ij/h) k_j; y_new = y + 2 k1 + k3 + k4
 * (= the stage-4 point plus k4: stiffly accurate); the error estimate is k4. a_21 = 0, so stage
 * 2 reuses stage 1's f. */
#define GAMMA 0.5
#define A31 2.0
#define A41 2.0
#define A43 1.0
#define C21 4.0
#define C31 1.0
#define C32 (-1.0)
#define C41 1.0
#define C42 (-1.0)
#define C43 (-8.0 / 3.0)
#define ERROR_ORDER 3.0 /* the step-size exponent is -1/3 */

#define STEP_SAFETY 0.9
#define STEP_GROW_MAX 6.0
#define STEP_SHRINK_MAX 0.2
#define INITIAL_STEP_FRACTION 0.01 /* h0 = 0.01 |N| / |dN/dt| in the weighted norm */

static size_t pair_count(int n) {
    return (size_t)n * ((size_t)n + 1u) / 2u;
}

size_t md_fullstep_scratch_bytes(int n) {
    if (n <= 0)
        return 0u;
    const size_t un = (size_t)n;
    const size_t bytes = (3u * un * un + 13u * un) * sizeof(double) +
                         pair_count(n) * sizeof(md_fullstep_pair) + un * sizeof(int);
    return (bytes + sizeof(double) - 1u) / sizeof(double) * sizeof(double);
}

void md_fullstep_scratch_bind(md_fullstep_scratch *s, void *buf, int n) {
    const size_t un = (size_t)n;
    s->n = n;
    s->n_pairs = 0;
    s->pairs = buf; /* pairs first: they hold doubles, so everything after stays aligned */
    double *p = (double *)(s->pairs + pair_count(n));
    s->J = p;
    p += un * un;
    s->LU = p;
    p += un * un;
    s->B = p;
    p += un * un;
    double **vecs[] = {&s->weight_bin, &s->weight_row, &s->to_bin, &s->spread_rate, &s->row,
                       &s->y_stage,    &s->f,          &s->k[0],   &s->k[1],        &s->k[2],
                       &s->k[3],       &s->y_new,      &s->atol};
    for (size_t v = 0; v < sizeof vecs / sizeof vecs[0]; ++v) {
        *vecs[v] = p;
        p += un;
    }
    s->pivot = (int *)p;
}

/* S_blow + S_sink + S_sub of bin k [s^-1]. */
static double sink_rate(const md_fullstep_problem *p, int k) {
    return ((p->S_blow ? p->S_blow[k] : 0.0) + (p->S_sink ? p->S_sink[k] : 0.0)) +
           (p->S_sub ? p->S_sub[k] : 0.0);
}

/* md_fragment_weights forms W[L][k] = I_k c_L (k <= L) with one product, c_L the inverse of
 * row L's total. So with u_k = W[n-1][k] = I_k c_{n-1} and v_L = c_L / c_{n-1}, recovered from
 * the table, W[L][k] = v_L u_k to a few ulp, and the spread sum_{L >= k} W[L][k] x_L is
 * u_k sum_{L >= k} v_L x_L: a suffix sum, O(n) for the gain and O(n^2) for its Jacobian instead
 * of O(n^2) and O(n^3). Rows whose total is 0 are 0 in both forms. */
static void weight_factors(const md_fragment_table *t, double *u, double *v) {
    const size_t n = (size_t)t->n;
    const double *last = t->weights + (n - 1u) * n;
    size_t ref = n; /* the first bin with a non-zero integral */
    for (size_t k = 0; k < n; ++k) {
        u[k] = last[k];
        if (ref == n && u[k] > 0.0)
            ref = k;
    }
    for (size_t L = 0; L < n; ++L)
        v[L] = ref <= L ? t->weights[L * n + ref] / u[ref] : 0.0;
}

void md_fullstep_prepare(const md_fullstep_problem *p, md_fullstep_scratch *s) {
    s->n_pairs = 0;
    if (!p->K)
        return;
    const int n = p->n;
    const double *m = p->m;
    const md_fragment_table *t = p->frag;
    weight_factors(t, s->weight_bin, s->weight_row);
    for (int i = 0; i < n; ++i)
        for (int j = i; j < n; ++j) {
            const size_t ij = (size_t)i * (size_t)n + (size_t)j;
            const int L = t->k_lr[ij];
            if (L < 0 || p->K[ij] == 0.0)
                continue;
            const double f = t->f_lr[ij], g = 1.0 - f;
            md_fullstep_pair *q = &s->pairs[s->n_pairs++];
            *q = (md_fullstep_pair){.i = i, .j = j, .L = L, .K = p->K[ij]};
            q->spread = (m[i] + m[j]) * g;
            if (L != j) { /* both bodies leave their bins; the remnant goes to L */
                q->to_L = (m[i] + m[j]) * f;
                q->lost_i = q->lost_j = 1.0;
            } else if (i < j) { /* the target stays in its bin and keeps (m_i + m_j) f - m_j */
                q->to_L = m[i] * f - m[j] * g;
                q->lost_i = 1.0;
            } else { /* i = j = L: the pair keeps 2 m f of its 2 m */
                q->to_L = -(2.0 * m[j]) * g;
            }
        }
}

/* f[k] += (to_bin[k] + sum_{L >= k} W[L][k] spread[L]) / m_k: the gain's regrouped sum
 * (spec 20 §7.2, as in md_smol_gain), the spread as a suffix sum (weight_factors). */
static void add_gain(const md_fullstep_scratch *s, const double *m, int n, double *restrict f) {
    double suffix = 0.0;
    for (int k = n - 1; k >= 0; --k) {
        suffix += s->weight_row[k] * s->spread_rate[k];
        if (m[k] > 0.0)
            f[k] += (s->to_bin[k] + s->weight_bin[k] * suffix) / m[k];
    }
}

void md_fullstep_rhs(const md_fullstep_problem *p, const double *N, md_fullstep_scratch *s,
                     double *f) {
    const int n = p->n;
    for (int k = 0; k < n; ++k)
        f[k] = (p->source ? p->source[k] : 0.0) - sink_rate(p, k) * N[k];
    if (!p->K)
        return;
    double *to_bin = s->to_bin, *spread = s->spread_rate;
    for (int k = 0; k < n; ++k)
        to_bin[k] = spread[k] = 0.0;
    for (int q = 0; q < s->n_pairs; ++q) {
        const md_fullstep_pair *pr = &s->pairs[q];
        const double rate = (pr->K * N[pr->i]) * N[pr->j]; /* collisions [m^-2 s^-1] */
        to_bin[pr->L] += rate * pr->to_L;
        spread[pr->L] += rate * pr->spread;
        f[pr->i] -= rate * pr->lost_i;
        f[pr->j] -= rate * pr->lost_j;
    }
    add_gain(s, p->m, n, f);
}

void md_fullstep_jacobian(const md_fullstep_problem *p, const double *N, md_fullstep_scratch *s,
                          double *J) {
    const int n = p->n;
    const size_t un = (size_t)n;
    for (size_t e = 0; e < un * un; ++e)
        J[e] = 0.0;
    for (int k = 0; k < n; ++k)
        J[(size_t)k * un + (size_t)k] = -sink_rate(p, k);
    if (!p->K)
        return;
    /* Column l of the collision part: each pair's coefficients times d(rate)/dN_l, the mass
     * into L and the spread mass gathered by remnant bin (rows of A and B) as in the rhs. */
    double *A = s->LU, *B = s->B;
    for (size_t e = 0; e < un * un; ++e)
        A[e] = B[e] = 0.0;
    for (int q = 0; q < s->n_pairs; ++q) {
        const md_fullstep_pair *pr = &s->pairs[q];
        const int cols[2] = {pr->i, pr->j};
        const double drate[2] = {pr->K * N[pr->j], pr->K * N[pr->i]};
        for (int c = 0; c < (pr->i == pr->j ? 1 : 2); ++c) {
            const double d = pr->i == pr->j ? 2.0 * drate[c] : drate[c];
            const size_t l = (size_t)cols[c];
            B[(size_t)pr->L * un + l] += d * pr->to_L;
            A[(size_t)pr->L * un + l] += d * pr->spread;
            J[(size_t)pr->i * un + l] -= d * pr->lost_i;
            J[(size_t)pr->j * un + l] -= d * pr->lost_j;
        }
    }
    /* Row k of the gain part: (B[k] + u_k sum_{L >= k} v_L A[L]) / m_k, the sum kept as a
     * running suffix over k = n-1 .. 0 (weight_factors). */
    double *restrict suffix = s->row;
    for (size_t l = 0; l < un; ++l)
        suffix[l] = 0.0;
    for (int k = n - 1; k >= 0; --k) {
        const double v = s->weight_row[k], u = s->weight_bin[k];
        const double *restrict a = A + (size_t)k * un, *restrict b = B + (size_t)k * un;
        for (size_t l = 0; l < un; ++l)
            suffix[l] += v * a[l];
        if (!(p->m[k] > 0.0))
            continue;
        double *restrict jk = J + (size_t)k * un;
        for (size_t l = 0; l < un; ++l)
            jk[l] += (b[l] + u * suffix[l]) / p->m[k];
    }
}

/* ---- the linear algebra: LU with partial pivoting of I/(h gamma) - J, and its solve ---- */

/* Returns 0 if the matrix is singular to working precision. */
static int factor(const double *J, int n, double diag, double *LU, int *pivot) {
    const size_t un = (size_t)n;
    for (size_t r = 0; r < un; ++r)
        for (size_t c = 0; c < un; ++c)
            LU[r * un + c] = (r == c ? diag : 0.0) - J[r * un + c];
    for (size_t c = 0; c < un; ++c) {
        size_t best = c;
        for (size_t r = c + 1u; r < un; ++r)
            if (fabs(LU[r * un + c]) > fabs(LU[best * un + c]))
                best = r;
        pivot[c] = (int)best;
        if (!(LU[best * un + c] != 0.0) || !isfinite(LU[best * un + c]))
            return 0;
        if (best != c)
            for (size_t e = 0; e < un; ++e) {
                const double tmp = LU[c * un + e];
                LU[c * un + e] = LU[best * un + e];
                LU[best * un + e] = tmp;
            }
        const double inv = 1.0 / LU[c * un + c];
        for (size_t r = c + 1u; r < un; ++r) {
            double *restrict lr = LU + r * un;
            const double *restrict lc = LU + c * un;
            const double factor_rc = lr[c] * inv;
            lr[c] = factor_rc;
            if (factor_rc != 0.0)
                for (size_t e = c + 1u; e < un; ++e)
                    lr[e] -= factor_rc * lc[e];
        }
    }
    return 1;
}

static void solve(const double *LU, const int *pivot, int n, double *x) {
    const size_t un = (size_t)n;
    for (size_t c = 0; c < un; ++c) {
        const size_t p = (size_t)pivot[c];
        if (p != c) {
            const double tmp = x[c];
            x[c] = x[p];
            x[p] = tmp;
        }
    }
    for (size_t r = 1u; r < un; ++r) {
        double sum = x[r];
        for (size_t c = 0; c < r; ++c)
            sum -= LU[r * un + c] * x[c];
        x[r] = sum;
    }
    for (size_t r = un; r-- > 0u;) {
        double sum = x[r];
        for (size_t c = r + 1u; c < un; ++c)
            sum -= LU[r * un + c] * x[c];
        x[r] = sum / LU[r * un + r];
    }
}

/* ---- the integrator ---- */

/* The three sink totals advance as ODE components q' = sum m S N (Jacobian row m S, no column),
 * so the Rosenbrock stages keep M + q_blow + q_sink + q_sub - P t constant, as the exact
 * solution does. */
enum { SINK_BLOW, SINK_SINK, SINK_SUB, SINK_KINDS };

static double sink_mass_rate(const md_fullstep_problem *p, int kind, const double *N) {
    const double *S = kind == SINK_BLOW ? p->S_blow : kind == SINK_SINK ? p->S_sink : p->S_sub;
    double sum = 0.0;
    for (int k = 0; S && k < p->n; ++k)
        sum += (p->m[k] * S[k]) * N[k];
    return sum;
}

/* sum_k (v_k / (atol_k + rtol max(|a_k|, |b_k|)))^2: the step-size norm's sum over the bins. */
static double weighted_squares(const double *v, const double *a, const double *b,
                               const double *atol, double rtol, int n) {
    double sum = 0.0;
    for (int k = 0; k < n; ++k) {
        const double e = v[k] / (atol[k] + rtol * md_fmax(fabs(a[k]), fabs(b[k])));
        sum += e * e;
    }
    return sum;
}

/* One RODAS3 trial from y over h with the factored matrix; f1 = f(y). Writes y_new, the sink
 * increments dq, and returns the error norm (NaN if the state became non-finite): the weighted
 * RMS over the bins and the sink totals, a total's error scaled by atol M_scale + rtol |dq| (so
 * the sums of the increments, M_out_cum and M_sink_cum, are as accurate as the state). */
static double rodas3(const md_fullstep_problem *p, md_fullstep_scratch *s, const double *y,
                     const double *f1, double h, double rtol, double atol_mass,
                     double dq[SINK_KINDS]) {
    const int n = p->n;
    double *k1 = s->k[0], *k2 = s->k[1], *k3 = s->k[2], *k4 = s->k[3], *ys = s->y_stage;
    const double hg = h * GAMMA;
    double q1[SINK_KINDS], q2[SINK_KINDS], q3[SINK_KINDS], q4[SINK_KINDS];
    /* A sink total's stage: k_q = h gamma (rhs_q + (m S)^T k_N), rhs_q formed like the N rhs;
     * stages 1 and 2 share the rate at y, as they share f1. */
    for (int k = 0; k < n; ++k)
        k1[k] = f1[k];
    solve(s->LU, s->pivot, n, k1);
    double rate_y[SINK_KINDS];
    for (int c = 0; c < SINK_KINDS; ++c) {
        rate_y[c] = sink_mass_rate(p, c, y);
        q1[c] = hg * (rate_y[c] + sink_mass_rate(p, c, k1));
    }

    for (int k = 0; k < n; ++k)
        k2[k] = f1[k] + (C21 / h) * k1[k];
    solve(s->LU, s->pivot, n, k2);
    for (int c = 0; c < SINK_KINDS; ++c)
        q2[c] = hg * ((rate_y[c] + (C21 / h) * q1[c]) + sink_mass_rate(p, c, k2));

    for (int k = 0; k < n; ++k)
        ys[k] = y[k] + A31 * k1[k];
    md_fullstep_rhs(p, ys, s, k3);
    for (int c = 0; c < SINK_KINDS; ++c)
        q3[c] = sink_mass_rate(p, c, ys) + (C31 * q1[c] + C32 * q2[c]) / h;
    for (int k = 0; k < n; ++k)
        k3[k] += (C31 * k1[k] + C32 * k2[k]) / h;
    solve(s->LU, s->pivot, n, k3);
    for (int c = 0; c < SINK_KINDS; ++c)
        q3[c] = hg * (q3[c] + sink_mass_rate(p, c, k3));

    for (int k = 0; k < n; ++k)
        ys[k] = (y[k] + A41 * k1[k]) + A43 * k3[k];
    md_fullstep_rhs(p, ys, s, k4);
    for (int c = 0; c < SINK_KINDS; ++c)
        q4[c] = sink_mass_rate(p, c, ys) + ((C41 * q1[c] + C42 * q2[c]) + C43 * q3[c]) / h;
    for (int k = 0; k < n; ++k)
        k4[k] += ((C41 * k1[k] + C42 * k2[k]) + C43 * k3[k]) / h;
    solve(s->LU, s->pivot, n, k4);
    for (int c = 0; c < SINK_KINDS; ++c)
        q4[c] = hg * (q4[c] + sink_mass_rate(p, c, k4));

    int finite = 1;
    for (int k = 0; k < n; ++k) {
        s->y_new[k] = ys[k] + k4[k];
        finite &= isfinite(s->y_new[k]);
    }
    double sum = weighted_squares(k4, y, s->y_new, s->atol, rtol, n);
    for (int c = 0; c < SINK_KINDS; ++c) {
        dq[c] = ((2.0 * q1[c]) + q3[c]) + q4[c];
        const double e = q4[c] / (atol_mass + rtol * fabs(dq[c]));
        sum += e * e;
    }
    return finite ? sqrt(sum / (double)(n + SINK_KINDS)) : NAN;
}

static double clamp(double x, double lo, double hi) {
    return x < lo ? lo : x > hi ? hi : x;
}

static double initial_step(const md_fullstep_problem *p, md_fullstep_scratch *s, const double *y,
                           const double *f, double rtol, double dt) {
    const double y_norm = sqrt(weighted_squares(y, y, y, s->atol, rtol, p->n) / (double)p->n);
    const double f_norm = sqrt(weighted_squares(f, y, y, s->atol, rtol, p->n) / (double)p->n);
    const double h =
        f_norm > 0.0 ? INITIAL_STEP_FRACTION * (y_norm > 1.0 ? y_norm : 1.0) / f_norm : dt;
    return h < dt ? h : dt;
}

md_status md_fullstep_integrate(const md_fullstep_problem *p, const double *N0, double dt,
                                const md_fullstep_control *ctl, md_fullstep_scratch *s,
                                double *N_out, md_fullstep_result *res, md_error *err) {
    const int n = p->n;
    if (n <= 0 || s->n != n)
        return md_error_set(err, MD_ERR_PHYSICS, "full_step: %d bins (scratch for %d)", n, s->n);
    if (!(dt > 0.0))
        return md_error_set(err, MD_ERR_PHYSICS, "full_step: dt = %g s must be positive", dt);
    if (p->K && (!p->frag || p->frag->n != n))
        return md_error_set(err, MD_ERR_PHYSICS,
                            "full_step: a kernel needs a fragment table of %d bins", n);
    if (!(ctl->rtol > 0.0) || !(ctl->atol > 0.0))
        return md_error_set(err, MD_ERR_PHYSICS,
                            "full_step: rtol = %g and atol = %g must be positive", ctl->rtol,
                            ctl->atol);
    md_fullstep_prepare(p, s);

    double mass0 = 0.0, source_rate = 0.0;
    for (int k = 0; k < n; ++k) {
        mass0 += p->m[k] * N0[k];
        source_rate += p->source ? p->m[k] * p->source[k] : 0.0;
    }
    double mass_scale = source_rate * dt > mass0 ? source_rate * dt : mass0;
    if (!(mass_scale > 0.0))
        mass_scale = 1.0e-30;
    for (int k = 0; k < n; ++k)
        s->atol[k] = ctl->atol * mass_scale / (p->m[k] > 0.0 ? p->m[k] : 1.0);

    double *y = N_out;
    for (int k = 0; k < n; ++k)
        y[k] = N0[k];
    double q[SINK_KINDS] = {0.0, 0.0, 0.0};
    *res = (md_fullstep_result){0};

    md_fullstep_rhs(p, y, s, s->f);
    double h = ctl->h_init > 0.0 ? ctl->h_init : initial_step(p, s, y, s->f, ctl->rtol, dt);
    double t = 0.0;
    while (t < dt) {
        md_fullstep_jacobian(p, y, s, s->J);
        const double h_free = h; /* before cutting it to the end of the step */
        int rejected_here = 0;
        for (;;) {
            if (res->steps + res->rejected >= MD_FULLSTEP_MAX_STEPS)
                return md_error_set(err, MD_ERR_PHYSICS,
                                    "full_step: %d internal steps did not cover dt = %g s (t = %g "
                                    "s, h = %g s); loosen numerics.smol_rtol",
                                    MD_FULLSTEP_MAX_STEPS, dt, t, h);
            const int last = h >= dt - t;
            const double h_try = last ? dt - t : h;
            double dq[SINK_KINDS];
            double error = NAN;
            if (factor(s->J, n, 1.0 / (h_try * GAMMA), s->LU, s->pivot))
                error = rodas3(p, s, y, s->f, h_try, ctl->rtol, ctl->atol * mass_scale, dq);
            int negative = 0;
            for (int k = 0; isfinite(error) && k < n; ++k)
                negative |= s->y_new[k] < -s->atol[k];
            if (!isfinite(error) || negative) {
                ++res->rejected;
                rejected_here = 1;
                h = 0.25 * h_try;
                continue;
            }
            const double grow =
                error > 0.0 ? STEP_SAFETY * pow(error, -1.0 / ERROR_ORDER) : STEP_GROW_MAX;
            if (error > 1.0) {
                ++res->rejected;
                rejected_here = 1;
                h = h_try * clamp(grow, STEP_SHRINK_MAX, 1.0);
                continue;
            }
            /* accepted */
            for (int k = 0; k < n; ++k)
                y[k] = s->y_new[k] > 0.0 ? s->y_new[k] : 0.0;
            for (int c = 0; c < SINK_KINDS; ++c)
                q[c] += dq[c];
            ++res->steps;
            t = last ? dt : t + h_try;
            h = h_try * clamp(grow, STEP_SHRINK_MAX, rejected_here ? 1.0 : STEP_GROW_MAX);
            if (last && !rejected_here && h < h_free)
                h = h_free; /* a step cut short to reach dt says nothing against the longer one */
            break;
        }
        if (t < dt)
            md_fullstep_rhs(p, y, s, s->f);
    }
    res->h_next = h;
    res->blow_mass = q[SINK_BLOW];
    res->sink_mass = q[SINK_SINK];
    res->sub_mass = q[SINK_SUB];
    res->source_mass = source_rate * dt;
    res->mass_error = md_smol_mass_budget_error(N0, y, p->m, n, source_rate, dt,
                                                ((q[SINK_BLOW] + q[SINK_SINK]) + q[SINK_SUB]) / dt);
    return MD_OK;
}
