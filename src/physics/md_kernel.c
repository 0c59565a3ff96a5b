/* md_kernel: orbit quantities and the collision kernel (spec 20 §3). */
#include "md_kernel.h"

#include <math.h>
#include <string.h>

#include "md_constants.h"
#include "md_psd.h"
#include "md_vec2.h"

#define H_FLOOR 1.0e-12      /* m; compute_kernel_ei_state */
#define H_PAIR_FLOOR 1.0e-30 /* m; collision_kernel_numba */
#define SUPPLY_EPS 1.0e-30   /* collisions_smol._SUPPLY_EPS */
#define WYATT_EPS 0.5        /* restitution used by wyatt_eq */
#define WYATT_TOL 1.0e-6
#define WYATT_MAX_ITER 100
#define KERNEL_COEFF (MD_PI / sqrt(2.0 * MD_PI)) /* pi/sqrt(2 pi) of collision_kernel_numba */

/* Python's max/min: keep the first argument unless the second is strictly larger/smaller. */
static double py_max(double a, double b) {
    return b > a ? b : a;
}

static double py_min(double a, double b) {
    return b < a ? b : a;
}

md_status md_kernel_omega_kepler(double r, double *omega, md_error *err) {
    if (!isfinite(r) || r <= 0.0)
        return md_error_set(err, MD_ERR_PHYSICS,
                            "omega_kepler: r = %g m must be positive and finite", r);
    const double mu = MD_G * MD_M_MARS;
    *omega = sqrt(mu / pow(r, 3.0)); /* Python r**3 is a pow call */
    return MD_OK;
}

md_status md_kernel_v_rel_pericenter(double e, double v_k, double *v_rel, md_error *err) {
    if (v_k < 0.0)
        return md_error_set(err, MD_ERR_PHYSICS, "v_rel_pericenter: v_k = %g m/s must be >= 0",
                            v_k);
    if (e >= 1.0)
        return md_error_set(err, MD_ERR_PHYSICS,
                            "v_rel_pericenter: eccentricity e = %g must be < 1", e);
    const double denom = py_max(1.0 - e, 1.0e-8);
    const double numer = py_max(1.0 + e, 0.0);
    *v_rel = v_k * pow(numer / denom, 0.5); /* Python ** 0.5 is pow, not sqrt */
    return MD_OK;
}

md_status md_kernel_v_rel_ohtsuki(double e, double i, double v_k, double *v_rel, md_error *err) {
    if (v_k < 0.0)
        return md_error_set(err, MD_ERR_PHYSICS, "v_ij (ohtsuki): v_k = %g m/s must be >= 0", v_k);
    *v_rel = sqrt(1.25 * e * e + i * i) * v_k;
    return MD_OK;
}

/* dynamics.solve_c_eq with the constant restitution 0.5; returns 0 and sets *c on convergence,
 * -1 when the reference would raise (f_wake < 1, tau < 0, non-finite, no convergence). */
static int solve_c_eq_const_eps(double tau, double e, double f_wake, double *c_out) {
    if (tau < 0.0 || f_wake < 1.0)
        return -1;
    double c = py_max(e, 1e-6);
    for (int it = 0; it < WYATT_MAX_ITER; ++it) {
        double eps = WYATT_EPS;
        eps = py_min(py_max(eps, 0.0), 1.0 - 1e-6);
        const double c_new = pow(f_wake * tau / py_max(1.0 - pow(eps, 2.0), 1e-12), 0.5);
        if (!isfinite(c_new))
            return -1;
        if (fabs(c_new - c) <= WYATT_TOL * py_max(c_new, 1.0)) {
            *c_out = c_new;
            return 0;
        }
        c = 0.5 * (c + c_new);
    }
    return -1;
}

md_status md_kernel_ei_state(const md_kernel_dynamics *d, double tau_eff, double r, double v_k,
                             const double *e_override, const double *i_override, md_kernel_ei *out,
                             md_error *err) {
    tau_eff = py_max(tau_eff, 0.0);
    double e_base = d->e0;
    double i_base = d->i0;
    const double v_k_safe = py_max(v_k, 1.0e-12);
    if (d->ei_mode == MD_KERNEL_EI_WYATT_EQ) {
        double c_eq;
        if (solve_c_eq_const_eps(tau_eff, py_max(d->e0, 1.0e-6), d->f_wake, &c_eq) == 0)
            c_eq *= v_k_safe;
        else
            c_eq = py_max(d->e0 * v_k_safe, 0.0);
        e_base = py_max(c_eq / v_k_safe, 1.0e-8);
        i_base = 0.5 * e_base;
    }
    const double e_used = e_override ? *e_override : e_base;
    const double i_used = i_override ? *i_override : i_base;
    double H_base;
    if (d->H_mode == MD_KERNEL_H_IA) {
        H_base = d->H_factor * i_used * r;
    } else if (d->H_mode == MD_KERNEL_H_FIXED) {
        if (isnan(d->H_fixed_over_a))
            return md_error_set(err, MD_ERR_CONFIG,
                                "dynamics.kernel_H_mode='fixed' requires dynamics.H_fixed_over_a");
        H_base = d->H_fixed_over_a * r;
    } else {
        return md_error_set(err, MD_ERR_CONFIG, "dynamics.kernel_H_mode: unknown mode %d",
                            (int)d->H_mode);
    }
    out->e_base = e_base;
    out->i_base = i_base;
    out->e_used = e_used;
    out->i_used = i_used;
    out->H = py_max(H_base, H_FLOOR);
    return MD_OK;
}

md_status md_kernel_v_rel(const md_kernel_dynamics *d, double e, double i, double v_k,
                          double *v_rel, md_error *err) {
    if (d->v_rel_mode == MD_KERNEL_VREL_PERICENTER)
        return md_kernel_v_rel_pericenter(e, v_k, v_rel, err);
    return md_kernel_v_rel_ohtsuki(e, i, v_k, v_rel, err);
}

void md_kernel_fill_H(double h, int n, double *H) {
    for (int k = 0; k < n; ++k)
        H[k] = h;
}

double md_kernel_supply_weight(double delta_sigma, double sigma_prev,
                               md_kernel_supply_weight_mode mode) {
    const double delta_pos = py_max(delta_sigma, 0.0);
    const double sigma_pos = py_max(sigma_prev, 0.0);
    if (mode == MD_KERNEL_SUPPLY_WEIGHT_SIGMA_RATIO)
        return delta_pos / py_max(sigma_pos, SUPPLY_EPS);
    return delta_pos / (sigma_pos + delta_pos + SUPPLY_EPS);
}

void md_kernel_supply_ei(md_kernel_supply_vel_mode mode, double e_base, double i_base, double e_inj,
                         double i_inj, double vrel_factor, double *e_sup, double *i_sup) {
    *e_sup = e_base;
    *i_sup = i_base;
    if (mode == MD_KERNEL_SUPPLY_VEL_FIXED_EI) {
        *e_sup = isnan(e_inj) ? e_base : e_inj;
        *i_sup = isnan(i_inj) ? i_base : i_inj;
    } else if (mode == MD_KERNEL_SUPPLY_VEL_FACTOR) {
        /* `factor or 1.0` maps 0 to 1; a non-finite factor also becomes 1 */
        const double f = (vrel_factor == 0.0 || !isfinite(vrel_factor)) ? 1.0 : vrel_factor;
        *e_sup = e_base * f;
        *i_sup = i_base * f;
    }
}

void md_kernel_blend_ei(double e_base, double i_base, double e_sup, double i_sup, double w,
                        md_kernel_blend_mode mode, double *e_eff, double *i_eff) {
    /* np.clip(w, 0, 1) */
    w = w < 0.0 ? 0.0 : w;
    w = w > 1.0 ? 1.0 : w;
    if (mode == MD_KERNEL_BLEND_LINEAR) {
        *e_eff = (1.0 - w) * e_base + w * e_sup;
        *i_eff = (1.0 - w) * i_base + w * i_sup;
        return;
    }
    /* Python x**2 is pow(x, 2.0); math.sqrt is sqrt */
    *e_eff = sqrt(py_max((1.0 - w) * pow(e_base, 2.0) + w * pow(e_sup, 2.0), 0.0));
    *i_eff = sqrt(py_max((1.0 - w) * pow(i_base, 2.0) + w * pow(i_sup, 2.0), 0.0));
}

/* max(sqrt(H_i^2 + H_j^2), 1e-30) of collision_kernel_numba [m]. */
static double pair_denom(double h_i, double h_j) {
    const double denom = sqrt(h_i * h_i + h_j * h_j);
    return denom > H_PAIR_FLOOR ? denom : H_PAIR_FLOOR;
}

/* L_i from its row sum (sum_j C_ij + C_ii) [m^-2 s^-1]; 0 where N_i <= 0. */
static double loss_rate(double row_sum, double n_i) {
    return n_i > 0.0 ? row_sum / n_i : 0.0;
}

/* C_ij [m^-2 s^-1] in the reference's per-element operation order, with the pair's denominator
 * max(sqrt(H_i^2 + H_j^2), 1e-30) [m]. */
static double kernel_element(double n_i, double n_j, double s_i, double s_j, double v_rel,
                             double coeff, double denom) {
    const double s_sum = s_i + s_j;
    return n_i * n_j * (s_sum * s_sum) * v_rel * coeff / denom;
}

/* The kernel's input check: v_rel finite and >= 0, every N >= 0, s > 0, H > 0 (NaN fails each);
 * *uniform_h tells whether H is one value (the 0D driver's case: one pair denominator). */
static md_status check_kernel_inputs(const double *N, const double *s, const double *H, int n,
                                     double v_rel, int *uniform_h, md_error *err) {
    if (!isfinite(v_rel) || v_rel < 0.0)
        return md_error_set(err, MD_ERR_PHYSICS,
                            "collision kernel: v_rel = %g m/s must be finite and non-negative",
                            v_rel);
    /* One pass, two lanes; NaN fails each comparison. The comparisons go through
     * md_vec2_opaque so that the masks stay in vector registers (see md_vec2.h). */
    const md_vec2 zero = md_vec2_splat(0.0), h0 = md_vec2_splat(n > 0 ? H[0] : 0.0);
    md_vec2_mask valid = {-1, -1}, same_h = {-1, -1};
    int k = 0;
    for (; k + 2 <= n; k += 2) {
        const md_vec2 h = md_vec2_load(H + k);
        valid &= md_vec2_opaque(md_vec2_load(N + k) >= zero) &
                 md_vec2_opaque(md_vec2_load(s + k) > zero) & md_vec2_opaque(h > zero);
        same_h &= md_vec2_opaque(h == h0);
    }
    int all_valid = valid[0] && valid[1];
    *uniform_h = same_h[0] && same_h[1];
    for (; k < n; ++k) {
        all_valid &= (N[k] >= 0.0) & (s[k] > 0.0) & (H[k] > 0.0);
        *uniform_h &= H[k] == H[0];
    }
    for (k = 0; !all_valid && k < n; ++k) /* name the first bad bin */
        if (!(N[k] >= 0.0) || !(s[k] > 0.0) || !(H[k] > 0.0))
            return md_error_set(err, MD_ERR_PHYSICS,
                                "collision kernel: bin %d has N = %g m^-2, s = %g m, H = %g m "
                                "(need N >= 0, s > 0, H > 0)",
                                k, N[k], s[k], H[k]);
    return MD_OK;
}

/* The row form on checked inputs (uniform_h as check_kernel_inputs found it). */
static void rows(const double *N, const double *s, const double *H, int n, double v_rel,
                 int uniform_h, double *C, double *L) {
    const double coeff = KERNEL_COEFF;
    /* The kernel is symmetric bit for bit (N_i N_j, s_i + s_j, H_i^2 + H_j^2 commute), so only
     * the upper triangle is computed and stored; readers take C_ji (j < i) from C_ij.
     * L_i's sequential row sum adds C_i0 .. C_i,i-1 (column i above the diagonal), then C_ii ..
     * C_i,n-1 (row i). Rows are computed in ascending order, so when row i is reached L[i]
     * already holds its column part (each row j < i added C_ji into it); row i then hands each
     * C_ij (j > i) to L[j] and adds it to its own sum, all in the order of the plain loop. */
    for (int k = 0; k < n; ++k)
        L[k] = 0.0;
    const double denom_uniform = uniform_h ? pair_denom(H[0], H[0]) : NAN;
    const md_vec2 v2 = md_vec2_splat(v_rel), coeff2 = md_vec2_splat(coeff);
    const md_vec2 denom2 = md_vec2_splat(denom_uniform);
    for (int i = 0; i < n; ++i) {
        double *restrict row = C + (size_t)i * (size_t)n;
        const double n_i = N[i];
        const double s_i = s[i];
        const double h_i = H[i];
        double diag, acc;
        int j;
        if (uniform_h) { /* two lanes, each rounding as the scalar expression */
            const md_vec2 n_i2 = md_vec2_splat(n_i), s_i2 = md_vec2_splat(s_i);
            if ((n - i) % 2 == 0) { /* the diagonal shares the first pair: no odd element left */
                const md_vec2 s_sum = s_i2 + md_vec2_load(s + i);
                const md_vec2 c =
                    n_i2 * md_vec2_load(N + i) * (s_sum * s_sum) * v2 * coeff2 / denom2;
                diag = c[0] * 0.5;
                row[i] = diag;
                row[i + 1] = c[1];
                L[i + 1] += c[1];
                acc = (L[i] + diag) + c[1];
                j = i + 2;
            } else {
                diag = kernel_element(n_i, N[i], s_i, s_i, v_rel, coeff, denom_uniform) * 0.5;
                row[i] = diag;
                acc = L[i] + diag;
                j = i + 1;
            }
            for (; j < n; j += 2) {
                const md_vec2 s_sum = s_i2 + md_vec2_load(s + j);
                const md_vec2 c =
                    n_i2 * md_vec2_load(N + j) * (s_sum * s_sum) * v2 * coeff2 / denom2;
                md_vec2_store(row + j, c);
                md_vec2_store(L + j, md_vec2_load(L + j) + c);
                acc = (acc + c[0]) + c[1];
            }
        } else {
            diag = kernel_element(n_i, N[i], s_i, s_i, v_rel, coeff, pair_denom(h_i, h_i)) * 0.5;
            row[i] = diag;
            acc = L[i] + diag;
            for (j = i + 1; j < n; ++j) {
                const double c =
                    kernel_element(n_i, N[j], s_i, s[j], v_rel, coeff, pair_denom(h_i, H[j]));
                row[j] = c;
                L[j] += c;
                acc += c;
            }
        }
        L[i] = loss_rate(acc + diag, n_i);
    }
}

md_status md_kernel_collision(const double *N, const double *s, const double *H, int n,
                              double v_rel, double *C, double *L, md_error *err) {
    int uniform_h = 0;
    const md_status st = check_kernel_inputs(N, s, H, n, v_rel, &uniform_h, err);
    if (st == MD_OK)
        rows(N, s, H, n, v_rel, uniform_h, C, L);
    return st;
}

/* ---- the column form (AVX-512) ---- */

#define COLUMN_LANES 8

typedef double md_vec8 __attribute__((vector_size(8 * COLUMN_LANES)));
typedef long long md_vec8_mask __attribute__((vector_size(8 * COLUMN_LANES)));

int md_kernel_columns_available(int n) {
#if MD_VEC_X86
    return n >= COLUMN_LANES && __builtin_cpu_supports("avx512f");
#else
    (void)n;
    return 0;
#endif
}

#if MD_VEC_X86
/* x in every lane (a broadcast; 0 + x would turn -0 into +0) */
__attribute__((target("avx512f"))) static inline md_vec8 splat8(double x) {
    return (md_vec8){x, x, x, x, x, x, x, x};
}

/* Column blocks [b, b + 8), the last one ending at n (it may share columns with the one before
 * and rewrites them with the same values). Down a block, row j's eight elements C_j,b+q are
 * formed lane-wise in the element's operation order (N_j N_b+q and s_j + s_b+q commute bit for
 * bit, so the lower triangle's elements are the upper ones), the diagonal lane halved, stored,
 * and added to the block's eight sums. Row by row, in j order, those are the sequential sums of
 * the full symmetric rows that L takes, held in one register each. */
__attribute__((target("avx512f"))) static void columns_avx512(const double *N, const double *s,
                                                              int n, double v_rel, double denom,
                                                              double *C, double *L) {
    const md_vec8 v8 = splat8(v_rel), coeff8 = splat8(KERNEL_COEFF), denom8 = splat8(denom);
    const md_vec8_mask lane = {0, 1, 2, 3, 4, 5, 6, 7};
    for (int b0 = 0; b0 < n; b0 += COLUMN_LANES) {
        const int b = b0 + COLUMN_LANES <= n ? b0 : n - COLUMN_LANES;
        md_vec8 s_b, n_b;
        memcpy(&s_b, s + b, sizeof s_b);
        memcpy(&n_b, N + b, sizeof n_b);
        const md_vec8_mask column = lane + (long long)b;
        md_vec8 sums = splat8(0.0);
        for (int j = 0; j < n; ++j) {
            const md_vec8 s_sum = splat8(s[j]) + s_b;
            md_vec8 c = splat8(N[j]) * n_b * (s_sum * s_sum) * v8 * coeff8 / denom8;
            if ((unsigned)(j - b) < COLUMN_LANES) { /* the row through the block's diagonal */
                const md_vec8_mask diagonal = column == (long long)j;
                c = (md_vec8)(((md_vec8_mask)c & ~diagonal) | ((md_vec8_mask)(c * 0.5) & diagonal));
            }
            memcpy(C + (size_t)j * (size_t)n + (size_t)b, &c, sizeof c);
            sums += c;
        }
        memcpy(L + b, &sums, sizeof sums);
    }
    for (int i = 0; i < n; ++i)
        L[i] = loss_rate(L[i] + C[(size_t)i * (size_t)n + (size_t)i], N[i]);
}
#endif

md_status md_kernel_collision_columns(const double *N, const double *s, const double *H, int n,
                                      double v_rel, double *C, double *L, md_error *err) {
    int uniform_h = 0;
    const md_status st = check_kernel_inputs(N, s, H, n, v_rel, &uniform_h, err);
    if (st != MD_OK)
        return st;
#if MD_VEC_X86
    if (uniform_h && md_kernel_columns_available(n)) {
        columns_avx512(N, s, n, v_rel, pair_denom(H[0], H[0]), C, L);
        return MD_OK;
    }
#endif
    rows(N, s, H, n, v_rel, uniform_h, C, L);
    return MD_OK;
}

double md_kernel_t_coll_min(double *C, const double *N, int n) {
    if (n <= 0)
        return INFINITY;
    double rate_max = -INFINITY;
    int has_nan = 0;
    for (int i = 0; i < n; ++i) {
        double *row = C + (size_t)i * (size_t)n;
        for (int j = 0; j < i; ++j) /* the full row i, as the reference sums it */
            row[j] = C[(size_t)j * (size_t)n + (size_t)i];
        const double rate = md_psd_sum_pairwise(row, n) + row[i];
        const double r = N[i] > 0.0 ? rate / N[i] : 0.0;
        has_nan |= isnan(r);
        if (r > rate_max)
            rate_max = r;
    }
    if (has_nan) /* np.max propagates NaN, and 1/NaN is what the reference returns */
        return NAN;
    if (rate_max <= 0.0)
        return INFINITY;
    return 1.0 / rate_max;
}
