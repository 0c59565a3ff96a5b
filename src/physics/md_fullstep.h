/* md_fullstep: the opt-in Smoluchowski integrator numerics.smol_integrator = "full_step".
 *
 * The reference's step (md_smol, spec 20 §6.3) advances the cascade by dt_eff = min(dt, 0.1 min
 * t_coll), about 1e-10 s of a 20 s outer step, and never sub-steps. This integrates the same
 * right-hand side over the whole outer step dt:
 *
 *   dN_k/dt = G_k(N) - N_k sum_j K'_kj N_j + F_k - (S_blow,k + S_sink,k + S_sub,k) N_k
 *
 * with the pair kernel K (C_ij = K_ij N_i N_j, md_kernel_collision at N = 1; K' the full
 * symmetric kernel, diagonal not halved), the reference's gain G (the fragment table's Y
 * contraction, regrouped by remnant bin as md_smol_gain does), supply source F and the sinks all
 * frozen at the start of the outer step, as the reference freezes them. The collisional part
 * conserves mass (in exact arithmetic); the sink totals are integrated as three more ODE
 * components, so the budget M(dt) + E(dt) = M(0) + P dt closes to round-off.
 *
 * Method: RODAS3 (Sandu et al. 1997, Atmos. Environ. 31, 3459: 4 stages, order 3, L-stable,
 * stiffly accurate, embedded order-2 error estimate), with the analytic Jacobian of the
 * right-hand side and a dense LU with partial pivoting; step-size control on the weighted RMS
 * norm with sc_k = atol M_scale/m_k + rtol max(|N_k|, |N_k,new|) (M_scale = sum m N at the step
 * start, or the supplied mass P dt if larger): an error below atol of the total mass in one bin
 * is not resolved; the sink totals join the norm with scale atol M_scale + rtol |their
 * increment|. A step that leaves any N_k below -atol_k is rejected; values in [-atol_k, 0)
 * are set to 0 (at most n atol of the mass). Linearly implicit, so the stiff collisional modes
 * (min t_coll ~ 1e-9 s) cost a linear solve, not tiny steps.
 *
 * Nothing here allocates: the caller binds md_fullstep_scratch_bytes(n) bytes once. Units SI as
 * in md_smol.h; K [m^2 s^-1]. */
#ifndef MD_FULLSTEP_H
#define MD_FULLSTEP_H

#include <stddef.h>

#include "md_fragment.h"
#include "md_status.h"

#define MD_FULLSTEP_RTOL 1e-6  /* default numerics.smol_rtol [-] */
#define MD_FULLSTEP_ATOL 1e-14 /* default numerics.smol_atol, fraction of the mass scale [-] */
/* Internal steps (accepted + rejected) allowed in one outer step before giving up. */
#define MD_FULLSTEP_MAX_STEPS 100000

/* One colliding pair (i <= j) of the frozen problem, with the self-return taken out: a pair
 * whose largest remnant lands in the target's own bin (k_LR = j, cratering) does not count the
 * target as lost and re-gained; bin j receives only the net mass (m_i + m_j) f - m_j (or
 * -2 m_j (1 - f) for i = j), computed as m_i f - m_j (1 - f) without the cancellation of the
 * two large terms. The ODE is the same; the Jacobian loses the spurious stiffness (the target's
 * loss rate ~ 1/min t_coll) and the budget the rounding of the cancelled terms. */
typedef struct md_fullstep_pair {
    int i, j, L;   /* bins of the pair and of its largest remnant */
    double K;      /* K_ij [m^2 s^-1] */
    double to_L;   /* mass into bin L per collision (net of the self-return) [kg] */
    double spread; /* mass spread over bins k <= L with W[L][k] per collision [kg] */
    double lost_i; /* particles bin i loses per collision (0 or 1) [-] */
    double lost_j; /* particles bin j loses per collision (0 or 1) [-] */
} md_fullstep_pair;

/* Caller-owned work memory; bind, don't fill by hand. */
typedef struct md_fullstep_scratch {
    int n;
    int n_pairs;             /* pairs of the prepared problem */
    md_fullstep_pair *pairs; /* [n(n+1)/2] */
    double *J;               /* [n*n] Jacobian of the right-hand side [s^-1] */
    double *LU;              /* [n*n] LU of I/(h gamma) - J; also the Jacobian's A columns */
    double *B;               /* [n*n] the Jacobian's B columns */
    double *weight_bin;      /* [n] u_k = W[n-1][k]: the fragment weights' bin factors [-] */
    double *weight_row;      /* [n] v_L: their row factors, W[L][k] = v_L u_k (k <= L) [-] */
    double *to_bin;          /* [n] mass rates into bins (B_L) [kg m^-2 s^-1] */
    double *spread_rate;     /* [n] mass rates spread below L (A_L) [kg m^-2 s^-1] */
    double *row;             /* [n] the Jacobian's running suffix sum */
    double *y_stage;         /* [n] */
    double *f;               /* [n] right-hand side of the current stage [m^-2 s^-1] */
    double *k[4];            /* [n] each, the stages */
    double *y_new;           /* [n] */
    double *atol;            /* [n] absolute tolerance per bin [m^-2] */
    int *pivot;              /* [n] */
} md_fullstep_scratch;

/* Bytes md_fullstep_scratch_bind needs for n bins (n > 0): 3 n^2 + 13 n doubles, n(n+1)/2
 * pairs and n ints, rounded up to a whole number of doubles. */
size_t md_fullstep_scratch_bytes(int n);

/* Points s's buffers into buf (md_fullstep_scratch_bytes(n) bytes, aligned for double). */
void md_fullstep_scratch_bind(md_fullstep_scratch *s, void *buf, int n);

/* The frozen right-hand side of one outer step. Optional vectors may be NULL (= 0). */
typedef struct md_fullstep_problem {
    int n;
    const double *K; /* [n*n] pair kernel, upper triangle, diagonal halved [m^2 s^-1]; NULL =
                        no collisions */
    const md_fragment_table *frag; /* required with K */
    const double *m;               /* [n] particle masses [kg] */
    const double *S_blow;          /* [n] blow-out sink, crossing rates included [s^-1] */
    const double *S_sink;          /* [n] uniform sink 1/t_sink [s^-1] */
    const double *S_sub;           /* [n] sublimation sink [s^-1] */
    const double *source;          /* [n] supply source F [m^-2 s^-1] */
} md_fullstep_problem;

/* Tolerances and the first trial step. */
typedef struct md_fullstep_control {
    double rtol;   /* relative tolerance [-] */
    double atol;   /* absolute tolerance as a fraction of the mass scale [-] */
    double h_init; /* first trial step [s]; <= 0: estimated from |N|/|dN/dt| */
} md_fullstep_control;

/* What one outer step did. */
typedef struct md_fullstep_result {
    int steps;          /* accepted internal steps */
    int rejected;       /* rejected trial steps */
    double h_next;      /* step to try first on the next outer step [s] */
    double blow_mass;   /* integral of sum m S_blow N over dt [kg m^-2] */
    double sink_mass;   /* integral of sum m S_sink N [kg m^-2] */
    double sub_mass;    /* integral of sum m S_sub N [kg m^-2] */
    double source_mass; /* sum m F * dt [kg m^-2] */
    double mass_error;  /* relative budget error (C4 form, md_smol_mass_budget_error) [-] */
} md_fullstep_result;

/* Builds s's pair list for p (K and the fragment table frozen for the outer step). Called by
 * md_fullstep_integrate; public for md_fullstep_rhs and md_fullstep_jacobian in tests. */
void md_fullstep_prepare(const md_fullstep_problem *p, md_fullstep_scratch *s);

/* dN/dt at N into f [m^-2 s^-1] (n entries) for the prepared problem: gain minus loss of
 * collisions (spec 20 §6.3 steps 5-6, §7.2: m_k G_k = B_k + sum_{L >= k} W[L][k] A_L), plus
 * source, minus sinks; the terms of smol.py: step_imex_bdf1_C3, all evaluated at N. */
void md_fullstep_rhs(const md_fullstep_problem *p, const double *N, md_fullstep_scratch *s,
                     double *f);

/* The analytic Jacobian d(dN/dt)/dN at N of the prepared problem into J [n*n] row-major [s^-1]
 * (uses s->LU and s->B as work, so J must not be one of them). */
void md_fullstep_jacobian(const md_fullstep_problem *p, const double *N, md_fullstep_scratch *s,
                          double *J);

/* Integrates from N0 [m^-2] over dt [s] into N_out (may not alias N0). Errors (MD_ERR_PHYSICS):
 * n <= 0, dt <= 0, K without a fragment table of n bins, rtol/atol not > 0, a non-finite state
 * that no step size cures, more than MD_FULLSTEP_MAX_STEPS internal steps; N_out is then
 * undefined. */
md_status md_fullstep_integrate(const md_fullstep_problem *p, const double *N0, double dt,
                                const md_fullstep_control *ctl, md_fullstep_scratch *s,
                                double *N_out, md_fullstep_result *res, md_error *err);

#endif
