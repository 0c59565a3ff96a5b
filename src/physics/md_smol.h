/* md_smol: the IMEX-BDF1 Smoluchowski step and its mass-budget check (spec 20 §6.3-6.6, §7.2).
 *
 * Loss implicit, gain/source/sinks explicit; dt_eff = min(dt, safety * min_i 1/max(L_i, 1e-30)),
 * halved while any N_new < 0 or the relative mass error exceeds mass_tol. The loss coefficients
 * come with the kernel (md_kernel_collision, JIT row-sum order). The gain is evaluated from the
 * fragment table grouped by remnant bin (no n^3 tensor, O(n^2) work); it matches the reference's
 * Y-contraction to a few ulp (spec 20 §7.3), not bit for bit.
 *
 * Nothing here allocates: md_smol_scratch holds caller-owned buffers of
 * md_smol_scratch_doubles(n) doubles. Number surface densities N [m^-2], kernel C [m^-2 s^-1],
 * masses [kg], rates [s^-1], sources [m^-2 s^-1], mass rates [kg m^-2 s^-1], times [s]. */
#ifndef MD_SMOL_H
#define MD_SMOL_H

#include "md_fragment.h"
#include "md_status.h"

#define MD_SMOL_MASS_TOL 5e-3 /* default relative mass-error tolerance [-] (spec 20 §6.3) */
#define MD_SMOL_SAFETY 0.1    /* default dt_max = safety * min t_coll [-] (spec 20 §6.3) */
/* Cap on dt halvings. The reference has none; its loop ends by ~1075 halvings at the latest
 * (dt_eff underflows to 0 and N_new = N), so the cap never changes a normal result. */
#define MD_SMOL_MAX_HALVINGS 1100

/* Caller-owned work buffers of one step (carve them from md_smol_scratch_doubles(n) doubles with
 * md_smol_scratch_bind, or point them anywhere with room for n doubles each). */
typedef struct md_smol_scratch {
    int n;
    double *gain;   /* [n] G_k [m^-2 s^-1] */
    double *s_tot;  /* [n] S + S_external + S_sublimation [s^-1] */
    double *tmp;    /* [n] products for numpy-order sums */
    double *spread; /* [n] md_smol_gain's fragment mass rates A_L [kg m^-2 s^-1] */
} md_smol_scratch;

/* Number of doubles md_smol_scratch_bind needs for n bins (4 n). */
size_t md_smol_scratch_doubles(int n);

/* Points s's buffers into buf (at least md_smol_scratch_doubles(n) doubles). */
void md_smol_scratch_bind(md_smol_scratch *s, double *buf, int n);

/* Inputs of one step. Optional vectors may be NULL (= all zero). */
typedef struct md_smol_input {
    int n;
    const double *N; /* [n] N_k at step start [m^-2], >= 0 */
    /* [n*n] kernel C_ij, upper triangle, and [n] its loss coefficients L_k [s^-1], both from
     * md_kernel_collision [m^-2 s^-1]; C NULL = no collisions (L then unused) */
    const double *C;
    const double *L;
    const md_fragment_table *frag; /* pair-form Y; required when C != NULL */
    const double *m;               /* [n] particle mass [kg] */
    const double *S;               /* [n] explicit sink, e.g. blow-out [s^-1] or NULL */
    const double *S_external;      /* [n] extra sink, e.g. 1/t_sink [s^-1] or NULL */
    const double *S_sublimation;   /* [n] sublimation sink [s^-1] or NULL */
    const double *source;          /* [n] number source F_k [m^-2 s^-1] or NULL */
    int has_prod;                  /* 1: prod_mass_rate is the budget's P; 0: P = sum m F */
    double prod_mass_rate;         /* supplied mass rate P [kg m^-2 s^-1] */
    double extra_mass_loss_rate;   /* mass leaving through sinks, for the budget [kg m^-2 s^-1] */
    double dt;                     /* requested step [s], > 0 */
    double mass_tol;               /* MD_SMOL_MASS_TOL in the collision step */
    double safety;                 /* MD_SMOL_SAFETY in the collision step */
    int skip_diagnostics; /* 1: gain, loss and sink mass rates come back NaN (not computed) */
} md_smol_input;

/* What one step did. The mass rates use numpy-order sums like the reference's diagnostics. */
typedef struct md_smol_result {
    double dt_eff;           /* accepted step [s] (<= dt) */
    double mass_error;       /* relative mass-budget error of the accepted step (C4) [-] */
    int halvings;            /* number of dt_eff halvings before acceptance */
    double dt_max;           /* safety * min_i t_coll,i [s] */
    double gain_mass_rate;   /* sum m_k G_k [kg m^-2 s^-1] */
    double loss_mass_rate;   /* sum m_k L_k N_new,k [kg m^-2 s^-1] */
    double sink_mass_rate;   /* sum m_k S_tot,k N_k (old N) [kg m^-2 s^-1] */
    double source_mass_rate; /* sum m_k F_k [kg m^-2 s^-1] */
} md_smol_result;

/* Gain G_k = (sum_{i<=j} C_ij Y[k,i,j] (m_i+m_j))/m_k (0 where m_k <= 0) [m^-2 s^-1] of the
 * JIT contraction, regrouped by remnant bin into O(n^2) work: m_k G_k = B_k + sum_{L>=k}
 * W[L][k] A_L, A_L and B_L the pair mass rates C_ij (m_i+m_j) with k_LR = L weighted by 1-f_LR
 * and f_LR, summed over the table's groups (the pair masses m_i+m_j are those the table was
 * built with; m divides). spread: [n] scratch (A_L). Equal to the contraction within a few ulp (all
 * terms >= 0; spec 20 §7.3 accepts 1e-12 relative), not bit for bit. spec 20 §6.3 step 6, §7.2;
 * _numba_kernels.py: gain_from_kernel_tensor_numba. */
void md_smol_gain(const double *C, const md_fragment_table *frag, const double *m, int n,
                  double *spread, double *gain);

/* Relative mass-budget error (C4): M_b = sum m N_old, M_a = sum m N_new (sequential, one loop);
 * diff = M_a + dt*extra - (M_b + dt*prod); baseline M_b if > 0, else M_b + dt*prod if > 0,
 * else 1e-30; returns |diff|/baseline. prod, extra [kg m^-2 s^-1], dt [s].
 * spec 20 §6.4; _numba_kernels.py: mass_budget_error_numba. */
double md_smol_mass_budget_error(const double *N_old, const double *N_new, const double *m, int n,
                                 double prod_mass_rate, double dt, double extra_mass_loss_rate);

/* One IMEX-BDF1 step: N_new[k] = (N_k + dt_eff*((G_k + F_k) - S_tot,k*N_k))/(1 + dt_eff*L_k),
 * halving dt_eff until N_new >= 0 and the C4 error <= mass_tol. N_new [n] must not alias in->N.
 * Errors: MD_ERR_PHYSICS for dt <= 0, n <= 0, C without frag or L, a non-finite mass error, or more
 * than MD_SMOL_MAX_HALVINGS halvings. spec 20 §6.3; smol.py: step_imex_bdf1_C3. */
md_status md_smol_step(const md_smol_input *in, md_smol_scratch *scratch, double *N_new,
                       md_smol_result *res, md_error *err);

/* The sink-only step of the sublimation->Smol sub-step (spec 10 §4.5, the zero-kernel case of
 * md_smol_step with S = 0, no source, prod = 0, extra = sum m S_sub N): N_new[k] = N_k -
 * dt_eff*(S_sub,k*N_k), dt_eff = dt halved while any N_new < 0 or the error > mass_tol.
 * Bit-identical to md_smol_step with C = NULL and S_sublimation = S_sub, without the O(n^2) work.
 * Same errors as md_smol_step. */
md_status md_smol_sink_step(const double *N, const double *S_sub, const double *m, int n, double dt,
                            double extra_mass_loss_rate, double mass_tol, double *N_new,
                            md_smol_result *res, md_error *err);

#endif
