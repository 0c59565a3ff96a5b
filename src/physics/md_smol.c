/* md_smol: IMEX-BDF1 Smoluchowski step and C4 mass budget (spec 20 §6.3-6.4, §7.2). */
#include "md_smol.h"

#include <math.h>

#include "md_kernel.h"
#include "md_psd.h"
#include "md_vec2.h"

#define T_COLL_RATE_FLOOR 1.0e-30 /* t_coll,i = 1/max(L_i, 1e-30) [s^-1] (smol.py) */

size_t md_smol_scratch_doubles(int n) {
    return n > 0 ? 4u * (size_t)n : 0u;
}

void md_smol_scratch_bind(md_smol_scratch *s, double *buf, int n) {
    const size_t un = n > 0 ? (size_t)n : 0u;
    s->n = n;
    s->gain = buf;
    s->s_tot = buf + un;
    s->tmp = buf + 2u * un;
    s->spread = buf + 3u * un;
}

/* gain[k] += W[L][k] A_L for L in [L0, L0 + 4) and k <= L, the rows in ascending order for each
 * k as a row-at-a-time loop adds them. k < L0 takes the four rows in one pass (one load and
 * store of gain per element instead of four); the corner k >= L0 only the rows that reach it.
 * L0 is a multiple of 4, so the two-lane pass ends exactly at L0. */
static void spread_four_rows(const double *weights, const double *A, int n, int L0,
                             double *restrict gain) {
    const double *w0 = weights + (size_t)L0 * (size_t)n;
    const double *w1 = w0 + n, *w2 = w1 + n, *w3 = w2 + n;
    const md_vec2 a0 = md_vec2_splat(A[L0]), a1 = md_vec2_splat(A[L0 + 1]);
    const md_vec2 a2 = md_vec2_splat(A[L0 + 2]), a3 = md_vec2_splat(A[L0 + 3]);
    for (int k = 0; k < L0; k += 2) {
        md_vec2 g = md_vec2_load(gain + k);
        g += md_vec2_load(w0 + k) * a0;
        g += md_vec2_load(w1 + k) * a1;
        g += md_vec2_load(w2 + k) * a2;
        g += md_vec2_load(w3 + k) * a3;
        md_vec2_store(gain + k, g);
    }
    double *g = gain + L0;
    const double *A4 = A + L0;
    g[0] = (((g[0] + w0[L0] * A4[0]) + w1[L0] * A4[1]) + w2[L0] * A4[2]) + w3[L0] * A4[3];
    g[1] = ((g[1] + w1[L0 + 1] * A4[1]) + w2[L0 + 1] * A4[2]) + w3[L0 + 1] * A4[3];
    g[2] = (g[2] + w2[L0 + 2] * A4[2]) + w3[L0 + 2] * A4[3];
    g[3] = g[3] + w3[L0 + 3] * A4[3];
}

void md_smol_gain(const double *C, const md_fragment_table *frag, const double *m, int n,
                  double *restrict spread, double *restrict gain) {
    /* Y[k,i,j] depends on the pair only through (k_LR, f_LR): (1 - f_LR) W[k_LR][k] for
     * k <= k_LR plus f_LR at k_LR. So m_k G_k = B_k + sum_{L >= k} W[L][k] A_L with
     * A_L = sum_{pairs with k_LR = L} C_ij (m_i + m_j)(1 - f_LR) (the mass spread over the bins
     * up to L) and B_L likewise with f_LR (the largest remnants): O(n^2) instead of the
     * contraction's O(n^3). Every term is non-negative, so regrouping the sum moves G_k by a few
     * ulp only (spec 20 §7.3: 1e-12 relative on G).
     * The table's groups give (B_L, A_L) as one two-lane sum in pair order, without scattering
     * (each lane rounds as its scalar sum would); B_L goes to gain[L], A_L to spread[L]. Then
     * each gain[k] receives W[L][k] A_L for L = k, k+1, ... in that order. */
    const int *restrict start = frag->group_start;
    for (int L = 0; L < n; ++L) {
        md_vec2 sums = {0.0, 0.0};
        const md_fragment_pair *p = frag->pairs + start[L];
        const md_fragment_pair *const end = frag->pairs + start[L + 1];
        for (; p + 2 <= end; p += 2) { /* two pairs per turn, still added one after the other */
            const double rate0 = C[p[0].index] * p[0].mass;
            const double rate1 = C[p[1].index] * p[1].mass;
            sums += md_vec2_splat(rate0) * md_vec2_load(p[0].frac);
            sums += md_vec2_splat(rate1) * md_vec2_load(p[1].frac);
        }
        if (p < end)
            sums += md_vec2_splat(C[p->index] * p->mass) * md_vec2_load(p->frac);
        gain[L] = sums[0];
        spread[L] = sums[1];
    }
    int L = 0;
    for (; L + 4 <= n; L += 4)
        spread_four_rows(frag->weights, spread, n, L, gain);
    for (; L < n; ++L) {
        const double *restrict w = frag->weights + (size_t)L * (size_t)n;
        for (int k = 0; k <= L; ++k)
            gain[k] += w[k] * spread[L];
    }
    const md_vec2 zero = md_vec2_splat(0.0);
    int k = 0;
    for (; k + 2 <= n; k += 2) { /* a lane with m_k <= 0 gets 0 */
        const md_vec2 mk = md_vec2_load(m + k);
        const md_vec2 g = md_vec2_load(gain + k) / mk;
        md_vec2_store(gain + k, md_vec2_keep(mk > zero, g));
    }
    for (; k < n; ++k)
        gain[k] = m[k] > 0.0 ? gain[k] / m[k] : 0.0;
}

double md_smol_mass_budget_error(const double *N_old, const double *N_new, const double *m, int n,
                                 double prod_mass_rate, double dt, double extra_mass_loss_rate) {
    double m_before = 0.0;
    double m_after = 0.0;
    for (int k = 0; k < n; ++k) {
        m_before += m[k] * N_old[k];
        m_after += m[k] * N_new[k];
    }
    const double prod_term = dt * prod_mass_rate;
    const double extra_term = dt * extra_mass_loss_rate;
    const double diff = m_after + extra_term - (m_before + prod_term);
    double baseline = m_before > 0.0                 ? m_before
                      : (m_before + prod_term) > 0.0 ? m_before + prod_term
                                                     : 1.0e-30;
    if (baseline == 0.0)
        baseline = 1.0e-30;
    return (diff >= 0.0 ? diff : -diff) / baseline;
}

/* N_new = (N + dt*(gf - S*N)) / (1 + dt*L), written as numpy evaluates it. */
static inline md_vec2 trial_values(md_vec2 N, md_vec2 gf, md_vec2 S, md_vec2 L, md_vec2 dt) {
    return (N + dt * (gf - S * N)) / (md_vec2_splat(1.0) + dt * L);
}

/* One trial of dt_eff; returns whether any N_new < 0. GF (G + F) and L may be NULL (zero). */
static int trial(const double *N, const double *GF, const double *S_tot, const double *L, int n,
                 double dt_eff, double *N_new) {
    const md_vec2 dt = md_vec2_splat(dt_eff), zero = md_vec2_splat(0.0);
    md_vec2_mask negative = {0, 0};
    int k = 0;
    if (GF && L) /* the collision step: two lanes at a time */
        for (; k + 2 <= n; k += 2) {
            const md_vec2 x = trial_values(md_vec2_load(N + k), md_vec2_load(GF + k),
                                           md_vec2_load(S_tot + k), md_vec2_load(L + k), dt);
            md_vec2_store(N_new + k, x);
            negative |= x < zero;
        }
    for (; k < n; ++k) {
        const md_vec2 x = trial_values(md_vec2_splat(N[k]), md_vec2_splat(GF ? GF[k] : 0.0),
                                       md_vec2_splat(S_tot[k]), md_vec2_splat(L ? L[k] : 0.0), dt);
        N_new[k] = x[0];
        negative |= x < zero;
    }
    return negative[0] || negative[1];
}

/* The trial loop of step_imex_bdf1_C3 (spec 20 §6.3 step 7). GF = G + F and L may be NULL
 * (zero). */
static md_status trial_loop(const double *N, const double *GF, const double *S_tot, const double *L,
                            const double *m, int n, double prod, double extra, double mass_tol,
                            double dt_eff, double *N_new, md_smol_result *res, md_error *err) {
    int halvings = 0;
    double mass_err = 0.0;
    for (;;) {
        if (halvings > MD_SMOL_MAX_HALVINGS)
            return md_error_set(err, MD_ERR_PHYSICS,
                                "Smol step: no acceptable dt_eff after %d halvings (dt_eff = %g s, "
                                "mass error = %g, mass_tol = %g)",
                                halvings, dt_eff, mass_err, mass_tol);
        if (trial(N, GF, S_tot, L, n, dt_eff, N_new)) {
            dt_eff *= 0.5;
            ++halvings;
            continue;
        }
        mass_err = md_smol_mass_budget_error(N, N_new, m, n, prod, dt_eff, extra);
        if (!isfinite(mass_err))
            return md_error_set(err, MD_ERR_PHYSICS,
                                "Smol step: mass budget error is non-finite (dt_eff = %g s); "
                                "check PSD or kernel inputs",
                                dt_eff);
        if (mass_err <= mass_tol)
            break;
        dt_eff *= 0.5;
        ++halvings;
    }
    res->dt_eff = dt_eff;
    res->mass_error = mass_err;
    res->halvings = halvings;
    return MD_OK;
}

/* min(dt, safety * min_i 1/max(L_i, 1e-30)) with numpy's NaN propagation in the min and
 * Python's min(dt, x) (returns dt unless x < dt). Division is correctly rounded and monotone, so
 * the smallest 1/r_i is 1/max_i r_i bit for bit: one division instead of n. A NaN rate gives
 * 1/NaN, the last one in i order, as the element-wise minimum kept it. */
static double limit_dt(const double *L, int n, double dt, double safety, double *dt_max) {
    double rate_max = T_COLL_RATE_FLOOR;
    double nan_rate = 0.0;
    int has_nan = 0;
    for (int k = 0; k < n && L; ++k) {
        const double rate = L[k];
        if (isnan(rate)) {
            has_nan = 1;
            nan_rate = rate;
        }
        rate_max = rate > rate_max ? rate : rate_max;
    }
    *dt_max = safety * (1.0 / (has_nan ? nan_rate : rate_max));
    return *dt_max < dt ? *dt_max : dt;
}

md_status md_smol_step(const md_smol_input *in, md_smol_scratch *scratch, double *N_new,
                       md_smol_result *res, md_error *err) {
    const int n = in->n;
    if (n <= 0)
        return md_error_set(err, MD_ERR_PHYSICS, "Smol step: n_bins = %d must be > 0", n);
    if (scratch->n != n)
        return md_error_set(err, MD_ERR_INTERNAL, "Smol step: scratch bound for %d bins, not %d",
                            scratch->n, n);
    if (!(in->dt > 0.0))
        return md_error_set(err, MD_ERR_PHYSICS, "Smol step: dt = %g s must be positive", in->dt);
    if (in->C && (!in->frag || in->frag->n != n || !in->L))
        return md_error_set(err, MD_ERR_PHYSICS,
                            "Smol step: a kernel needs its loss coefficients and a fragment table "
                            "of %d bins",
                            n);

    double *S_tot = scratch->s_tot;
    for (int k = 0; k < n; ++k) {
        double s = in->S ? in->S[k] : 0.0;
        s = s + (in->S_external ? in->S_external[k] : 0.0);
        S_tot[k] = s + (in->S_sublimation ? in->S_sublimation[k] : 0.0);
    }
    const double *L = NULL;
    const double *G = NULL;
    if (in->C) {
        md_smol_gain(in->C, in->frag, in->m, n, scratch->spread, scratch->gain);
        L = in->L;
        G = scratch->gain;
    }
    double dt_max = 0.0;
    const double dt_eff = limit_dt(L, n, in->dt, in->safety, &dt_max);
    const double source_rate = in->source ? md_psd_dot_pairwise(in->m, in->source, n) : 0.0;
    const double prod = in->has_prod ? in->prod_mass_rate : source_rate;

    /* G + F once for all trials (tmp is free until the diagnostics) */
    double *GF = scratch->tmp;
    for (int k = 0; k < n; ++k)
        GF[k] = G ? G[k] : 0.0;
    const double *F = in->source;
    for (int k = 0; k < n; ++k)
        GF[k] = GF[k] + (F ? F[k] : 0.0);
    md_status st = trial_loop(in->N, GF, S_tot, L, in->m, n, prod, in->extra_mass_loss_rate,
                              in->mass_tol, dt_eff, N_new, res, err);
    if (st != MD_OK)
        return st;

    res->dt_max = dt_max;
    res->source_mass_rate = source_rate;
    if (in->skip_diagnostics) {
        res->gain_mass_rate = res->loss_mass_rate = res->sink_mass_rate = NAN;
        return MD_OK;
    }
    /* Diagnostics in numpy's order: np.sum(m*gain), np.sum(m*loss*N_new), np.sum(m*S*N). */
    res->gain_mass_rate = G ? md_psd_dot_pairwise(in->m, G, n) : 0.0;
    double *tmp = scratch->tmp;
    for (int k = 0; k < n; ++k)
        tmp[k] = in->m[k] * (L ? L[k] : 0.0);
    res->loss_mass_rate = md_psd_dot_pairwise(tmp, N_new, n);
    for (int k = 0; k < n; ++k)
        tmp[k] = in->m[k] * S_tot[k];
    res->sink_mass_rate = md_psd_dot_pairwise(tmp, in->N, n);
    return MD_OK;
}

md_status md_smol_sink_step(const double *N, const double *S_sub, const double *m, int n, double dt,
                            double extra_mass_loss_rate, double mass_tol, double *N_new,
                            md_smol_result *res, md_error *err) {
    if (n <= 0)
        return md_error_set(err, MD_ERR_PHYSICS, "Smol sink step: n_bins = %d must be > 0", n);
    if (!(dt > 0.0))
        return md_error_set(err, MD_ERR_PHYSICS, "Smol sink step: dt = %g s must be positive", dt);
    /* With C = 0 every L_i is 0, so the limiter is safety/1e-30 and S_tot = (0 + 0) + S_sub. */
    double dt_max = 0.0;
    const double dt_eff = limit_dt(NULL, n, dt, MD_SMOL_SAFETY, &dt_max);
    /* The sink diagnostic uses the old N only: compute it before N_new is needed. */
    for (int k = 0; k < n; ++k)
        N_new[k] = m[k] * S_sub[k];
    const double sink_rate = md_psd_dot_pairwise(N_new, N, n);
    md_status st = trial_loop(N, NULL, S_sub, NULL, m, n, 0.0, extra_mass_loss_rate, mass_tol,
                              dt_eff, N_new, res, err);
    if (st != MD_OK)
        return st;
    res->dt_max = dt_max;
    res->gain_mass_rate = 0.0;
    res->loss_mass_rate = 0.0;
    res->sink_mass_rate = sink_rate;
    res->source_mass_rate = 0.0;
    return MD_OK;
}
