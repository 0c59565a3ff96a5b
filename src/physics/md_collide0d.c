/* md_collide0d: the 0D per-step collision assembly (spec 20 §6.1-6.2). */
#include "md_collide0d.h"

#include <math.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "md_bits.h"
#include "md_grid.h"
#include "md_psd.h"
#include "md_vec2.h"

#define BLOW_EDGE_RTOL 1.0e-12 /* lower edge <= a_blow*(1 + 1e-12) (spec 20 §1.3) */
#define T_CROSS_FLOOR 1.0e-30  /* crossing rate 1/max(t_cross, 1e-30) [s] */
#define V_REL_FLOOR 1.0e-12    /* v_rel floor of the fragment tensor and Q_D* [m s^-1] */

/* ---- work buffers ---- */

static size_t work_doubles(size_t n) {
    /* C, K: 2 n^2; m, N, N_new, H, L, S_blow, S_sink, S_sub, F, qd, tmp, key_s, key_m_s, ones,
     * K_loss: 15 n; edges and key_edges: 2 (n+1); the md_smol scratch. The full_step scratch
     * (whole doubles) and the fragment table follow. */
    return 2u * n * n + 17u * n + 2u + md_smol_scratch_doubles((int)n);
}

size_t md_collide0d_work_bytes(int n) {
    if (n <= 0)
        return 0u;
    return work_doubles((size_t)n) * sizeof(double) + md_fullstep_scratch_bytes(n) +
           md_fragment_table_bytes(n) + alignof(max_align_t);
}

void md_collide0d_work_reset(md_collide0d_work *w) {
    w->frag_valid = 0;
    w->m_valid = 0;
    w->v_rel_valid = 0;
    w->fullstep_h = 0.0;
}

md_status md_collide0d_work_bind(md_collide0d_work *w, void *buf, size_t bytes, int n,
                                 md_error *err) {
    if (n <= 0 || !buf || bytes < md_collide0d_work_bytes(n))
        return md_error_set(err, MD_ERR_INTERNAL,
                            "collision work: %zu bytes at %p cannot hold %d bins (need %zu)", bytes,
                            buf, n, md_collide0d_work_bytes(n));
    const size_t un = (size_t)n;
    const uintptr_t a = alignof(max_align_t);
    double *p = (double *)(((uintptr_t)buf + a - 1u) & ~(a - 1u));
    double **vecs[] = {&w->m,      &w->N,      &w->N_new,   &w->H,    &w->L,
                       &w->S_blow, &w->S_sink, &w->S_sub,   &w->F,    &w->qd,
                       &w->tmp,    &w->key_s,  &w->key_m_s, &w->ones, &w->K_loss};
    for (size_t v = 0; v < sizeof vecs / sizeof vecs[0]; ++v) {
        *vecs[v] = p;
        p += un;
    }
    w->edges = p;
    p += un + 1u;
    w->key_edges = p;
    p += un + 1u;
    w->C = p;
    p += un * un;
    w->K = p;
    p += un * un;
    for (size_t k = 0; k < un; ++k)
        w->ones[k] = 1.0;
    md_smol_scratch_bind(&w->smol, p, n);
    p += md_smol_scratch_doubles(n);
    md_fullstep_scratch_bind(&w->fullstep, p, n);
    p += md_fullstep_scratch_bytes(n) / sizeof(double);
    md_fragment_table_bind(&w->frag, p, n);
    w->n = n;
    w->kernel_columns = 0;
    w->key_rho = 0.0;
    w->key_v_rel = 0.0;
    w->key_m_rho = 0.0;
    md_collide0d_work_reset(w);
    return MD_OK;
}

/* ---- sinks and sources ---- */

void md_collide0d_blowout_sink(const double *lower_edge, int n, double a_blow, double t_blow,
                               int enable, double *S) {
    const int on = enable && isfinite(t_blow) && t_blow > 0.0;
    const double rate = on ? 1.0 / t_blow : 0.0;
    const double rate_in = rate > 0.0 ? rate : 0.0; /* the rate of a bin at or below the edge */
    const double threshold = a_blow * (1.0 + BLOW_EDGE_RTOL);
    for (int k = 0; k < n; ++k)
        S[k] = lower_edge[k] <= threshold ? rate_in : 0.0;
}

void md_collide0d_crossing_rates(const double *s, int n, double a_blow, double ds_dt, double dt,
                                 double *S) {
    if (!(a_blow > 0.0 && dt > 0.0 && ds_dt < 0.0 && isfinite(ds_dt)))
        return;
    for (int k = 0; k < n; ++k) {
        if (!(s[k] > a_blow))
            continue;
        double t_cross = (s[k] - a_blow) / fabs(ds_dt);
        if (t_cross <= 0.0)
            t_cross = INFINITY;
        if (t_cross <= dt)
            S[k] = S[k] + 1.0 / (t_cross > T_CROSS_FLOOR ? t_cross : T_CROSS_FLOOR);
    }
}

/* S_sub of one bin: 1/t_sub with t_sub = s/|ds/dt| (sublimation_sink_from_dsdt, both branches). */
static double sub_rate(double s, double ds_dt) {
    if (!(ds_dt < 0.0 && isfinite(ds_dt) && s > 0.0))
        return 0.0;
    const double t_sub = s / fabs(ds_dt);
    return (isfinite(t_sub) && t_sub > 0.0) ? 1.0 / t_sub : 0.0;
}

/* np.sum(m*S*N): products rounded as (m*S)*N, then numpy's pairwise order. */
static double mass_rate(const double *m, const double *S, const double *N, int n, double *tmp) {
    for (int k = 0; k < n; ++k)
        tmp[k] = m[k] * S[k];
    return md_psd_dot_pairwise(tmp, N, n);
}

double md_collide0d_sub_sink_array(const double *s, const double *N, const double *m,
                                   const double *ds_dt, int n, double *S, double *tmp) {
    for (int k = 0; k < n; ++k)
        S[k] = sub_rate(s[k], ds_dt[k]);
    return mass_rate(m, S, N, n, tmp);
}

double md_collide0d_sub_sink_scalar(const double *s, const double *N, const double *m, double ds_dt,
                                    int n, double *S, double *tmp) {
    for (int k = 0; k < n; ++k)
        S[k] = sub_rate(s[k], ds_dt);
    return mass_rate(m, S, N, n, tmp);
}

/* numpy's float ordering for sorting/searching: NaN sorts after everything. */
static int np_less(double a, double b) {
    return a < b || (isnan(b) && !isnan(a));
}

/* np.searchsorted(s, x, side="left") (binary search, as numpy does). */
static int searchsorted_left(const double *s, int n, double x) {
    int lo = 0;
    int hi = n;
    while (lo < hi) {
        const int mid = lo + ((hi - lo) >> 1);
        if (np_less(s[mid], x))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Python's max(a, b) / min(a, b): the first argument unless the second compares beyond it. */
static double py_max(double a, double b) {
    return b > a ? b : a;
}

static double py_min(double a, double b) {
    return b < a ? b : a;
}

static void inject_min_bin(const double *m, int n, double prod, int k_inj, double *F) {
    for (int k = 0; k < n; ++k)
        F[k] = 0.0;
    if (k_inj >= n)
        k_inj = n - 1;
    if (m[k_inj] > 0.0)
        F[k_inj] = prod / m[k_inj];
}

/* math.isclose(q, 1.0) with the default rel_tol 1e-9. */
static int isclose_one(double q) {
    return fabs(q - 1.0) <= 1e-9 * py_max(fabs(q), 1.0);
}

md_status md_collide0d_inject_weights(const double *raw, int n, double *w, md_error *err) {
    for (int k = 0; k < n; ++k) /* in place allowed: each w[k] reads raw[k] only */
        w[k] = (isfinite(raw[k]) && raw[k] > 0.0) ? raw[k] : 0.0;
    const double sum = md_psd_sum_pairwise(w, n);
    if (!(sum > 0.0))
        return md_error_set(err, MD_ERR_CONFIG,
                            "supply.injection.mode = initial_psd: mass weights sum to %g, must be "
                            "> 0",
                            sum);
    for (int k = 0; k < n; ++k)
        w[k] = w[k] / sum;
    return MD_OK;
}

md_status md_collide0d_supply_source(const double *s, const double *width, const double *m, int n,
                                     double prod, double s_min_eff, const md_inject_params *p,
                                     double *F, double *tmp, md_error *err) {
    const double rate = py_max(prod, 0.0);
    for (int k = 0; k < n; ++k)
        F[k] = 0.0;
    if (!(rate > 0.0) || n <= 0)
        return MD_OK;

    if (p->mode == MD_INJECT_INITIAL_PSD) {
        if (!p->weights)
            return md_error_set(err, MD_ERR_CONFIG,
                                "supply.injection.mode = initial_psd needs the initial PSD's "
                                "mass weights");
        /* two lanes: a lane with weight or mass <= 0 (or NaN) keeps its 0 */
        const md_vec2 zero = md_vec2_splat(0.0), rate2 = md_vec2_splat(rate);
        int k = 0;
        for (; k + 2 <= n; k += 2) {
            const md_vec2 w = md_vec2_load(p->weights + k), mk = md_vec2_load(m + k);
            const md_vec2_mask take = md_vec2_opaque(w > zero) & md_vec2_opaque(mk > zero);
            md_vec2_store(F + k, md_vec2_keep(take, (rate2 * w) / mk));
        }
        for (; k < n; ++k)
            if (p->weights[k] > 0.0 && m[k] > 0.0)
                F[k] = (rate * p->weights[k]) / m[k];
        return MD_OK;
    }

    double floor = py_max(s_min_eff, 0.0);
    if (isfinite(p->s_inj_min))
        floor = py_max(floor, p->s_inj_min);
    if (p->mode != MD_INJECT_POWERLAW_BINS) {
        inject_min_bin(m, n, rate, searchsorted_left(s, n, floor), F);
        return MD_OK;
    }

    double s_max = s[0]; /* np.max: NaN propagates */
    for (int k = 1; k < n && !isnan(s_max); ++k)
        if (isnan(s[k]) || s[k] > s_max)
            s_max = s[k];
    double ceiling = isfinite(p->s_inj_max) ? p->s_inj_max : s_max;
    ceiling = py_max(py_min(ceiling, s_max), floor);

    const double power = 1.0 - p->q;
    const int log_form = isclose_one(p->q);
    for (int k = 0; k < n; ++k) {
        const double half = s[k] - 0.5 * width[k];
        const double left = (isnan(half) || half > 0.0) ? half : 0.0;
        const double right = left + width[k];
        const double o_left = (isnan(left) || left > floor) ? left : floor;
        const double o_right = (isnan(right) || right < ceiling) ? right : ceiling;
        double w = 0.0;
        if (o_right > o_left)
            w = log_form ? log(o_right / o_left)
                         : (pow(o_right, power) - pow(o_left, power)) / power;
        tmp[k] = (isfinite(w) && w > 0.0) ? w : 0.0;
    }
    const double mass_sum = md_psd_dot_pairwise(tmp, m, n);
    if (!(mass_sum > 0.0)) {
        inject_min_bin(m, n, rate, searchsorted_left(s, n, floor), F);
        return MD_OK;
    }
    for (int k = 0; k < n; ++k)
        if (tmp[k] > 0.0 && m[k] > 0.0)
            F[k] = (tmp[k] * rate) / mass_sum;
    return MD_OK;
}

/* ---- the step ---- */

/* Kernel e/i with the supply-velocity blend (collisions_smol.py ~1297-1333): the state is
 * evaluated with the caller's e/i, blended from e_base/i_base, then evaluated again. */
static md_status kernel_ei(const md_collide0d_input *in, double prod, md_kernel_ei *ei,
                           md_collide0d_result *res, md_error *err) {
    const double v_k = in->r * in->omega;
    const double tau = in->tau_eff;
    md_status st = md_kernel_ei_state(in->dynamics, tau, in->r, v_k, &in->e, &in->i, ei, err);
    if (st != MD_OK)
        return st;
    const md_inject_velocity *vel = &in->velocity;
    const double weight =
        md_kernel_supply_weight(py_max(prod, 0.0) * in->dt, in->sigma_surf, vel->weight_mode);
    double e_sup = 0.0, i_sup = 0.0, e_eff = 0.0, i_eff = 0.0;
    md_kernel_supply_ei(vel->mode, ei->e_base, ei->i_base, vel->e_inj, vel->i_inj, vel->vrel_factor,
                        &e_sup, &i_sup);
    md_kernel_blend_ei(ei->e_base, ei->i_base, e_sup, i_sup, weight, vel->blend, &e_eff, &i_eff);
    st = md_kernel_ei_state(in->dynamics, tau, in->r, v_k, &e_eff, &i_eff, ei, err);
    if (st != MD_OK)
        return st;
    res->e_base = ei->e_base;
    res->i_base = ei->i_base;
    res->e_supply = e_sup;
    res->i_supply = i_sup;
    res->supply_weight = weight;
    res->e_used = ei->e_used;
    res->i_used = ei->i_used;
    res->H = ei->H;
    return MD_OK;
}

/* Rebuilds the fragment table unless it was built for bit-identical sizes, edges, rho and
 * v_rel (the reference's cache key; the Q_D* table is fixed between work resets). */
static md_status fragment_table(const md_collide0d_input *in, md_collide0d_work *w,
                                const double *edges, double v_rel, md_error *err) {
    const size_t un = (size_t)in->n;
    if (w->frag_valid && memcmp(w->key_s, in->s, un * sizeof(double)) == 0 &&
        memcmp(w->key_edges, edges, (un + 1u) * sizeof(double)) == 0 &&
        md_same_bits(w->key_rho, in->rho) && md_same_bits(w->key_v_rel, v_rel))
        return MD_OK;
    w->frag_valid = 0;
    const double v_use = v_rel > V_REL_FLOOR ? v_rel : V_REL_FLOOR;
    md_status st = md_qstar_eval_sizes(in->qstar, in->s, in->n, in->rho, v_use / 1.0e3, w->qd, err);
    if (st == MD_OK)
        st = md_fragment_build(&w->frag, in->s, w->m, edges, in->n, in->rho, v_rel, w->qd, err);
    if (st != MD_OK)
        return st;
    memcpy(w->key_s, in->s, un * sizeof(double));
    memcpy(w->key_edges, edges, (un + 1u) * sizeof(double));
    w->key_rho = in->rho;
    w->key_v_rel = v_rel;
    w->frag_valid = 1;
    return MD_OK;
}

/* The collision kernel in the form the work was planned for (w->kernel_columns; same bits). */
static md_status kernel(const md_collide0d_work *w, const double *N, const double *s, int n,
                        double v_rel, double *C, double *L, md_error *err) {
    return (w->kernel_columns ? md_kernel_collision_columns
                              : md_kernel_collision)(N, s, w->H, n, v_rel, C, L, err);
}

/* md_kernel_v_rel, kept while the mode, e, i and v_K are bit-identical (on most runs they are
 * constant, and the pericenter form is a pow). */
static md_status v_rel(const md_kernel_dynamics *d, double e, double i, double v_k,
                       md_collide0d_work *w, double *out, md_error *err) {
    if (w->v_rel_valid && w->key_v_mode == d->v_rel_mode && md_same_bits(w->key_v_e, e) &&
        md_same_bits(w->key_v_i, i) && md_same_bits(w->key_v_k, v_k)) {
        *out = w->v_rel_cached;
        return MD_OK;
    }
    w->v_rel_valid = 0;
    const md_status st = md_kernel_v_rel(d, e, i, v_k, out, err);
    if (st != MD_OK)
        return st;
    w->key_v_mode = d->v_rel_mode;
    w->key_v_e = e;
    w->key_v_i = i;
    w->key_v_k = v_k;
    w->v_rel_cached = *out;
    w->v_rel_valid = 1;
    return MD_OK;
}

/* Collision part of the step: e/i, v_rel, H, C, t_coll, fragment table. */
static md_status collisions(const md_collide0d_input *in, md_collide0d_work *w, double prod,
                            md_collide0d_result *res, md_error *err) {
    const int n = in->n;
    if (!in->dynamics || !in->qstar)
        return md_error_set(err, MD_ERR_INTERNAL, "collision step: dynamics or Q_D* table missing");
    md_kernel_ei ei;
    md_status st = kernel_ei(in, prod, &ei, res, err);
    if (st == MD_OK)
        st = v_rel(in->dynamics, ei.e_used, ei.i_used, in->r * in->omega, w, &res->v_rel, err);
    if (st != MD_OK)
        return st;
    md_kernel_fill_H(ei.H, n, w->H);
    st = kernel(w, w->N, in->s, n, res->v_rel, w->C, w->L, err);
    if (st != MD_OK)
        return st;
    res->t_coll_kernel = in->skip_diagnostics ? NAN : md_kernel_t_coll_min(w->C, w->N, n);
    const double *edges = in->edges;
    if (!edges) {
        md_grid_edges_from_centres(in->s, in->width, n, w->edges);
        edges = w->edges;
    }
    return fragment_table(in, w, edges, res->v_rel, err);
}

/* m_k from the sizes, recomputed (n pow calls) only when sizes or rho changed bit-wise. */
static void masses(const md_collide0d_input *in, md_collide0d_work *w) {
    const size_t un = (size_t)in->n;
    if (w->m_valid && memcmp(w->key_m_s, in->s, un * sizeof(double)) == 0 &&
        md_same_bits(w->key_m_rho, in->rho))
        return;
    md_grid_masses(in->s, in->n, in->rho, w->m);
    memcpy(w->key_m_s, in->s, un * sizeof(double));
    w->key_m_rho = in->rho;
    w->m_valid = 1;
}

static void early_return(const md_collide0d_input *in, double prod, double *number_out,
                         md_collide0d_result *res) {
    res->stepped = 0;
    res->sigma_after = res->sigma_before;
    res->sigma_loss = res->sigma_before - res->sigma_after; /* NaN for a non-finite Sigma */
    res->dt_eff = in->dt;
    res->prod_rate_eff = prod;
    if (number_out != in->number)
        for (int k = 0; k < in->n; ++k)
            number_out[k] = in->number[k];
}

/* The reference's IMEX-BDF1 step over dt_eff (md_smol; spec 20 §6.3). */
static md_status reference_step(const md_collide0d_input *in, md_collide0d_work *w,
                                const double *S_sink, const double *S_sub, double extra,
                                md_collide0d_result *res, md_error *err) {
    const md_smol_input smol = {
        .n = in->n,
        .N = w->N,
        .C = in->collisions_enabled ? w->C : NULL,
        .L = w->L,
        .frag = &w->frag,
        .m = w->m,
        .S = w->S_blow,
        .S_external = S_sink,
        .S_sublimation = S_sub,
        .source = w->F,
        .has_prod = 1,
        .prod_mass_rate = res->prod_rate_eff,
        .extra_mass_loss_rate = extra,
        .dt = in->dt,
        .mass_tol = MD_SMOL_MASS_TOL,
        .safety = MD_SMOL_SAFETY,
        .skip_diagnostics = in->skip_diagnostics,
    };
    md_smol_result sr;
    const md_status st = md_smol_step(&smol, &w->smol, w->N_new, &sr, err);
    if (st != MD_OK)
        return st;
    res->dt_eff = sr.dt_eff;
    res->mass_error = sr.mass_error;
    res->halvings = sr.halvings;
    res->internal_steps = 1;
    res->gain_mass_rate = sr.gain_mass_rate;
    res->loss_mass_rate = sr.loss_mass_rate;
    res->sink_mass_rate = sr.sink_mass_rate;
    res->source_mass_rate = sr.source_mass_rate;
    return MD_OK;
}

/* numerics.smol_integrator = full_step: the same terms, frozen at the step start, integrated
 * over the whole dt (md_fullstep). The sink rates become their averages over dt, so the
 * engine's rate * dt accounting receives the integrals. */
static md_status full_step(const md_collide0d_input *in, md_collide0d_work *w, const double *S_sink,
                           const double *S_sub, md_collide0d_result *res, md_error *err) {
    const int n = in->n;
    const double *K = NULL;
    if (in->collisions_enabled) {
        const md_status st = kernel(w, w->ones, in->s, n, res->v_rel, w->K, w->K_loss, err);
        if (st != MD_OK)
            return st;
        K = w->K;
    }
    const md_fullstep_problem problem = {.n = n,
                                         .K = K,
                                         .frag = &w->frag,
                                         .m = w->m,
                                         .S_blow = w->S_blow,
                                         .S_sink = S_sink,
                                         .S_sub = S_sub,
                                         .source = w->F};
    const md_fullstep_control control = {
        .rtol = in->smol_rtol, .atol = in->smol_atol, .h_init = w->fullstep_h};
    md_fullstep_result fr;
    const md_status st =
        md_fullstep_integrate(&problem, w->N, in->dt, &control, &w->fullstep, w->N_new, &fr, err);
    if (st != MD_OK)
        return st;
    w->fullstep_h = fr.h_next;
    res->dt_eff = in->dt;
    res->mass_error = fr.mass_error;
    res->halvings = fr.rejected;
    res->internal_steps = fr.steps;
    res->mdot_blowout = fr.blow_mass / in->dt;
    res->mdot_sink = fr.sink_mass / in->dt;
    res->mdot_sublimation = fr.sub_mass / in->dt;
    res->gain_mass_rate = res->loss_mass_rate = NAN;
    res->sink_mass_rate = ((fr.blow_mass + fr.sink_mass) + fr.sub_mass) / in->dt;
    res->source_mass_rate = fr.source_mass / in->dt;
    return MD_OK;
}

md_status md_collide0d_step(const md_collide0d_input *in, md_collide0d_work *w, double *number_out,
                            md_collide0d_result *res, md_error *err) {
    const int n = in->n;
    const double prod = py_max(in->prod_rate, 0.0);
    memset(res, 0, sizeof *res);
    res->sigma_before = in->sigma_surf;
    res->t_coll_kernel = INFINITY;
    res->e_used = res->i_used = NAN;
    res->e_base = res->e_supply = in->e;
    res->i_base = res->i_supply = in->i;
    if (n <= 0 || !isfinite(in->sigma_surf)) {
        early_return(in, prod, number_out, res);
        return MD_OK;
    }
    if (w->n != n)
        return md_error_set(err, MD_ERR_INTERNAL, "collision step: work bound for %d bins, not %d",
                            w->n, n);

    masses(in, w);
    md_psd_to_number_density(in->width, in->number, w->m, n, in->sigma_surf, w->N, &res->scale);

    md_status st = MD_OK;
    if (in->collisions_enabled)
        st = collisions(in, w, prod, res, err);
    if (st != MD_OK)
        return st;

    /* Blow-out by lower edge (centres when the state has no edges), plus crossing rates. */
    const double t_blow = isfinite(in->t_blow) ? in->t_blow
                          : in->omega > 0.0    ? 1.0 / in->omega
                                               : INFINITY;
    md_collide0d_blowout_sink(in->edges ? in->edges : in->s, n, in->a_blow, t_blow,
                              in->enable_blowout, w->S_blow);
    const double *S_sink = NULL;
    if (in->t_sink > 0.0) {
        for (int k = 0; k < n; ++k)
            w->S_sink[k] = 1.0 / in->t_sink;
        res->mdot_sink = mass_rate(w->m, w->S_sink, w->N, n, w->tmp);
        S_sink = w->S_sink;
    }
    const double *S_sub = NULL;
    if (in->mass_conserving && in->a_blow > 0.0 && in->dt > 0.0) {
        md_collide0d_crossing_rates(in->s, n, in->a_blow, in->ds_dt, in->dt, w->S_blow);
    } else if (in->ds_dt < 0.0 && isfinite(in->ds_dt)) {
        /* Plan C: the scalar path gives the array path's S_sub and rate (spec 10 §4.5). */
        res->mdot_sublimation =
            md_collide0d_sub_sink_scalar(in->s, w->N, w->m, in->ds_dt, n, w->S_sub, w->tmp);
        S_sub = w->S_sub;
    }
    res->mdot_blowout = mass_rate(w->m, w->S_blow, w->N, n, w->tmp);
    const double extra = (res->mdot_blowout + res->mdot_sink) + res->mdot_sublimation;

    res->prod_rate_eff = in->dt > 0.0 ? prod : 0.0;
    st = md_collide0d_supply_source(in->s, in->width, w->m, n, res->prod_rate_eff, in->s_min_eff,
                                    &in->inject, w->F, w->tmp, err);
    if (st != MD_OK)
        return st;

    st = in->integrator == MD_COLLIDE0D_FULL_STEP
             ? full_step(in, w, S_sink, S_sub, res, err)
             : reference_step(in, w, S_sink, S_sub, extra, res, err);
    if (st != MD_OK)
        return st;
    res->dsigma_dt_sinks = (res->mdot_sink + res->mdot_sublimation) + 0.0;

    md_psd_from_number_density(w->N_new, in->width, w->m, n, res->scale, res->sigma_before,
                               number_out, &res->sigma_after, &res->sigma_loss);
    res->stepped = 1;
    return MD_OK;
}
