/* md_collide0d: the 0D per-step collision assembly (spec 20 §6.1-6.2, spec 10 §4.3 step 3,
 * spec 30 §6.5, §7.6, §9.2; collisions_smol.py: step_collisions_smol_0d).
 *
 * One call: (number, Sigma_surf) -> N_k; e/i/v_rel/H and the kernel C_ij; the fragment table
 * (cached in the work struct, rebuilt when sizes, edges, rho or v_rel change); blow-out sink on
 * bins whose lower edge <= a_blow(1+1e-12); uniform sink 1/t_sink; ds/dt as mass-conserving
 * crossing rate (added to blow-out) or sublimation sink |ds/dt|/s; mass-loss rates; supply
 * source F_k with sum m F = P; the IMEX-BDF1 step (md_smol); N_new -> (number, Sigma_after).
 *
 * Nothing here allocates: the caller sizes one buffer with md_collide0d_work_bytes(n), binds it
 * with md_collide0d_work_bind once per rank (and again when n changes), and calls
 * md_collide0d_work_reset at the start of every run (the reference clears its collision caches
 * there; the fragment cache key does not cover the Q_D* table). Units SI as in md_smol.h. */
#ifndef MD_COLLIDE0D_H
#define MD_COLLIDE0D_H

#include <stddef.h>

#include "md_fragment.h"
#include "md_fullstep.h"
#include "md_kernel.h"
#include "md_qstar.h"
#include "md_smol.h"
#include "md_status.h"

/* supply.injection.mode (spec 30 §7.6). */
typedef enum md_inject_mode {
    MD_INJECT_MIN_BIN = 0,       /* all mass into the first bin with s_k >= floor (default) */
    MD_INJECT_POWERLAW_BINS = 1, /* dN/ds ~ s^-q over [floor, ceiling] */
    MD_INJECT_INITIAL_PSD = 2    /* fixed mass weights of the initial PSD */
} md_inject_mode;

/* Supply injection settings (supply.injection.*). */
typedef struct md_inject_params {
    md_inject_mode mode;
    double s_inj_min;      /* raises the floor [m]; NaN = not given */
    double s_inj_max;      /* lowers the ceiling [m]; NaN = not given */
    double q;              /* power-law exponent of dN/ds [-] (default 3.5) */
    const double *weights; /* [n] initial_psd: the initial PSD's mass weights s^3*width*number,
                              normalised once at set-up by md_collide0d_inject_weights; else
                              NULL */
} md_inject_params;

/* Supply-velocity settings (supply.injection.velocity.*; default inherit/rms/delta_sigma). */
typedef struct md_inject_velocity {
    md_kernel_supply_vel_mode mode;
    md_kernel_blend_mode blend;
    md_kernel_supply_weight_mode weight_mode;
    double e_inj, i_inj; /* fixed_ei values [-], [rad]; NaN = fall back to the base */
    double vrel_factor;  /* factor mode [-] */
} md_inject_velocity;

/* numerics.smol_integrator: how the Smoluchowski equation is advanced over the outer step. */
typedef enum md_collide0d_integrator {
    MD_COLLIDE0D_REFERENCE = 0, /* the reference's IMEX-BDF1 step over dt_eff (md_smol; default) */
    MD_COLLIDE0D_FULL_STEP = 1  /* RODAS3 over the whole dt to smol_rtol (md_fullstep) */
} md_collide0d_integrator;

/* Inputs of one collision step. */
typedef struct md_collide0d_input {
    int n;                /* bins */
    const double *s;      /* [n] bin centres [m] */
    const double *width;  /* [n] bin widths [m] */
    const double *edges;  /* [n+1] bin edges [m]; NULL = rebuilt from centres/widths */
    const double *number; /* [n] PSD shape dN/ds [arbitrary] */
    double sigma_surf;    /* Sigma_surf before the step [kg m^-2] */
    double dt;            /* outer step [s] */
    double r;             /* orbital radius [m] */
    double omega;         /* Keplerian frequency [s^-1] */
    double t_blow;        /* blow-out time chi/Omega [s]; non-finite -> 1/Omega */
    double rho;           /* bulk density [kg m^-3] */
    double a_blow;        /* blow-out radius of this step [m] */
    double s_min_eff;     /* effective minimum size (injection floor) [m] */
    double e, i;          /* e_value [-], i_value [rad] handed to the kernel e/i state */
    double tau_eff;       /* tau for kernel_ei_mode wyatt_eq [-] */
    const md_kernel_dynamics *dynamics; /* dynamics.* keys (e0 already overwritten with e) */
    const md_qstar_table *qstar;        /* the case's Q_D* table */
    int collisions_enabled;             /* 0: C = 0, Y = 0, t_coll = inf */
    int enable_blowout;                 /* blow-out sink on this step */
    int mass_conserving;                /* sinks.sub_params.mass_conserving */
    double t_sink;                      /* uniform sink time-scale [s]; <= 0 or NaN = none */
    double ds_dt;     /* sublimation ds/dt [m s^-1] (only < 0 acts); 0 or NaN = none */
    double prod_rate; /* supplied mass rate P [kg m^-2 s^-1] (negative -> 0) */
    md_inject_params inject;
    md_inject_velocity velocity;
    md_collide0d_integrator integrator;
    double smol_rtol; /* full_step: relative tolerance [-] */
    double smol_atol; /* full_step: absolute tolerance, fraction of the mass scale [-] */
    /* 1: leave out what only the series reports (t_coll_kernel and the Smol mass rates come
     * back NaN), for a step whose row is not written; nothing else changes, bit for bit. */
    int skip_diagnostics;
} md_collide0d_input;

/* Everything one step returns (Smol0DStepResult). Rates use the pre-step N. */
typedef struct md_collide0d_result {
    int stepped;           /* 0: early return (n = 0 or Sigma non-finite), nothing changed */
    double sigma_before;   /* [kg m^-2] */
    double sigma_after;    /* max(sum m N_new, 0) [kg m^-2] */
    double sigma_loss;     /* max(sigma_before - sigma_after, 0) [kg m^-2] */
    double scale;          /* N per unit number*width [m^-2] */
    double dt_eff;         /* accepted Smol step [s] (dt on early return and in full_step) */
    double mass_error;     /* relative mass error epsilon [-] */
    int halvings;          /* dt_eff halvings (full_step: rejected internal steps) */
    int internal_steps;    /* Smol steps taken: 1 (reference), accepted RODAS3 steps (full_step) */
    double t_coll_kernel;  /* 1/max L (numpy order) [s]; +inf without collisions, NaN if skipped */
    double v_rel;          /* [m s^-1] (0 without collisions) */
    double e_used, i_used; /* kernel e [-], i [rad] after the supply blend */
    double e_base, i_base; /* before the blend */
    double e_supply, i_supply; /* supply e/i */
    double supply_weight;      /* blend weight [-] */
    double H;                  /* scale height [m] */
    double prod_rate_eff;      /* P_eff = max(P, 0) if dt > 0 else 0 [kg m^-2 s^-1] */
    /* The sink mass rates sum m S N [kg m^-2 s^-1] at the step's N (reference), or their time
     * averages over dt (full_step: the integrals / dt). */
    double mdot_blowout;     /* blow-out, crossing rates included */
    double mdot_sink;        /* uniform sink 1/t_sink */
    double mdot_sublimation; /* sublimation */
    double dsigma_dt_sinks;  /* mdot_sink + mdot_sublimation (+ spill, 0) [kg m^-2 s^-1] */
    /* md_smol_result's diagnostics; full_step: gain and loss NaN (not computed), sink and source
     * rates the averages over dt */
    double gain_mass_rate, loss_mass_rate, sink_mass_rate, source_mass_rate;
} md_collide0d_result;

/* Caller-owned buffers and the fragment-table cache of one rank. Bind, don't fill by hand. */
typedef struct md_collide0d_work {
    int n;
    double *m;         /* [n] particle masses [kg] */
    double *N;         /* [n] N at step start [m^-2] */
    double *N_new;     /* [n] N after the step [m^-2] */
    double *C;         /* [n*n] kernel, upper triangle i <= j */
    double *H;         /* [n] scale heights [m] */
    double *L;         /* [n] loss coefficients of C [s^-1] */
    double *S_blow;    /* [n] [s^-1] */
    double *S_sink;    /* [n] [s^-1] */
    double *S_sub;     /* [n] [s^-1] */
    double *F;         /* [n] supply source [m^-2 s^-1] */
    double *qd;        /* [n] Q_D*(s_k) [J kg^-1] */
    double *tmp;       /* [n] products for numpy-order sums */
    double *edges;     /* [n+1] fallback edges [m] */
    double *key_s;     /* [n] sizes the fragment table was built for */
    double *key_edges; /* [n+1] edges the fragment table was built for */
    double key_rho, key_v_rel;
    int frag_valid;
    double *key_m_s;  /* [n] sizes m was computed from */
    double key_m_rho; /* rho m was computed with [kg m^-3] */
    int m_valid;
    /* the last relative speed and what it was computed from (a pow per step otherwise) */
    md_kernel_v_rel_mode key_v_mode;
    double key_v_e, key_v_i, key_v_k; /* e [-], i [rad], v_K [m s^-1] */
    double v_rel_cached;              /* [m s^-1] */
    int v_rel_valid;
    md_fragment_table frag;
    /* 1: the kernel in md_kernel_collision_columns's form (the same bits; the owner sets it
     * where that form is the faster; bind sets 0) */
    int kernel_columns;
    md_smol_scratch smol;
    double *K;         /* [n*n] full_step: pair kernel C at N = 1 [m^2 s^-1] */
    double *ones;      /* [n] full_step: N = 1 for K */
    double *K_loss;    /* [n] full_step: the kernel call's unused loss coefficients */
    double fullstep_h; /* full_step: first trial step of the next outer step [s]; 0 = estimate */
    md_fullstep_scratch fullstep;
} md_collide0d_work;

/* Bytes md_collide0d_work_bind needs for n bins: (2 n^2 + 21 n + 2) doubles, the fragment table
 * (md_fragment_table_bytes: about 3.5 n^2 doubles and 1.5 n^2 ints), the full_step scratch
 * (md_fullstep_scratch_bytes: about 7 n^2 doubles) and alignment slack. n = 40: about 180 kB;
 * n = 200: about 4.2 MB. */
size_t md_collide0d_work_bytes(int n);

/* Carves buf (bytes long, any alignment) into w's buffers for n bins and invalidates the cache.
 * Errors: MD_ERR_INTERNAL if n <= 0, buf is NULL or bytes < md_collide0d_work_bytes(n). */
md_status md_collide0d_work_bind(md_collide0d_work *w, void *buf, size_t bytes, int n,
                                 md_error *err);

/* Forgets the cached fragment table and masses and full_step's step size (call at run start and
 * whenever the Q_D* table changes). */
void md_collide0d_work_reset(md_collide0d_work *w);

/* One collision step. number_out [n] receives the new shape (may be the same array as
 * in->number); w->N_new holds N after the step. Errors: MD_ERR_PHYSICS from the kernel, Q_D*,
 * fragment or Smol guards; MD_ERR_CONFIG for initial_psd weights that do not sum > 0 or are
 * missing; MD_ERR_INTERNAL if w is bound for another n. On error number_out is unchanged.
 * spec 20 §6.1; collisions_smol.py: step_collisions_smol_0d. */
md_status md_collide0d_step(const md_collide0d_input *in, md_collide0d_work *w, double *number_out,
                            md_collide0d_result *res, md_error *err);

/* ---- the pieces, public for tests and for the driver's other paths ---- */

/* Blow-out sink: S[k] = 1/t_blow where lower_edge[k] <= a_blow*(1+1e-12), else 0; all 0 if not
 * enabled or t_blow non-finite or <= 0 [s^-1]. lower_edge [m] (n). spec 20 §6.2;
 * collisions_smol.py: _blowout_sink_vector (JIT). */
void md_collide0d_blowout_sink(const double *lower_edge, int n, double a_blow, double t_blow,
                               int enable, double *S);

/* Mass-conserving sublimation crossing (spec 20 §6.2, spec 30 §6.5): for bins with s_k > a_blow
 * and finite ds/dt < 0, t_cross = (s_k - a_blow)/|ds/dt| (<= 0 -> inf); where t_cross <= dt,
 * S[k] += 1/max(t_cross, 1e-30). Nothing unless a_blow > 0 and dt > 0. s [m], S [s^-1]. */
void md_collide0d_crossing_rates(const double *s, int n, double a_blow, double ds_dt, double dt,
                                 double *S);

/* Sublimation sink, array path (the one the reference's collision step takes): S[k] =
 * 1/(s_k/|ds_dt[k]|) where ds_dt[k] < 0 finite, s_k > 0 and that time is finite > 0, else 0
 * [s^-1]; returns sum m S N in numpy order [kg m^-2 s^-1]. tmp: n doubles of scratch.
 * sublimation.py: sublimation_sink_from_dsdt (array branch). */
double md_collide0d_sub_sink_array(const double *s, const double *N, const double *m,
                                   const double *ds_dt, int n, double *S, double *tmp);

/* Same with one scalar ds/dt for every bin ("Plan C", spec 10 §4.5): identical S and rate to the
 * array path with ds_dt[k] = ds_dt for all k, without a ds/dt buffer.
 * sublimation.py: sublimation_sink_from_dsdt (scalar branch). */
double md_collide0d_sub_sink_scalar(const double *s, const double *N, const double *m, double ds_dt,
                                    int n, double *S, double *tmp);

/* The initial_psd injection weights: w_k = r_k / sum r with r_k = raw_k where finite and > 0,
 * else 0, the sum in numpy's pairwise order (w may be raw: in place). Computed once per run, as
 * the raw weights are captured once. Errors (MD_ERR_CONFIG): the r_k do not sum > 0.
 * collisions_smol.py: supply_mass_rate_to_number_source (initial_psd branch). */
md_status md_collide0d_inject_weights(const double *raw, int n, double *w, md_error *err);

/* Supply source F_k [m^-2 s^-1] for the mass rate prod [kg m^-2 s^-1] (negative -> 0; all 0 if
 * prod <= 0) with sum m F = prod up to rounding: min_bin, powerlaw_bins (falls back to min_bin
 * when the weighted mass is 0) or initial_psd (spec 30 §7.6; F_k = (prod w_k)/m_k with
 * md_collide0d_inject_weights's w). s, width [m], m [kg], s_min_eff [m]; tmp: n doubles of
 * scratch. Errors (MD_ERR_CONFIG): initial_psd without weights. collisions_smol.py:
 * supply_mass_rate_to_number_source. */
md_status md_collide0d_supply_source(const double *s, const double *width, const double *m, int n,
                                     double prod, double s_min_eff, const md_inject_params *p,
                                     double *F, double *tmp, md_error *err);

#endif
