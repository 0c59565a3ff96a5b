/* md_workspace: everything a rank reuses across runs (spec 00 "Parallel behaviour", 10 §1.3).
 * What lives per rank: the SmolSinkWorkspace buffers (kernel, loss, gain, source, ds/dt,
 * fragment tables, IMEX scratch), bin and step scratch, the PSD cache keyed on the size-grid
 * version, and the table cache (Q_pr, Phi). What belongs to one run (md_run_store): its grid,
 * PSD, temperature table, tracks and results, in storage kept for the next run.
 * Opaque; one per rank, never shared. Resized only when n_bins changes or a run needs more. */
#ifndef MD_WORKSPACE_H
#define MD_WORKSPACE_H

#include "md_status.h"

#include <stdbool.h>

typedef struct md_workspace md_workspace;

/* Creates an empty workspace (buffers are sized on the first run). NULL on failure (err set). */
md_workspace *md_workspace_create(md_error *err);

/* Frees *ws and sets it to NULL; accepts NULL and a pointer to NULL. */
void md_workspace_free(md_workspace **ws);

/* ---- for the run layer (md_run_engine.c, tests) ---- */

struct md_qpr_table;      /* md_radiation.h */
struct md_phi_tau_table;  /* md_shielding.h */
struct md_collide0d_work; /* md_collide0d.h */

/* What belongs to the run in progress: its size grid and PSD, its temperature table, the
 * per-step tracks of its summary statistics and its results. The workspace keeps this storage
 * between runs so that a run allocates nothing, but its contents are the current run's only (and
 * stay valid, as results, until the next run), except the temperature table, which the next run
 * reuses when it is the same (md_workspace_temp_cached). Bin arrays have n_bins entries (edges
 * n_bins + 1), temperature nodes n_temp, tracks n_steps. */
typedef struct md_run_store {
    double *edges;               /* bin edges [m] */
    double *s, *width;           /* bin centres, widths [m] */
    double *m_init;              /* masses from the initial PSD set-up [kg] */
    double *number;              /* PSD shape [-] */
    double *weights;             /* initial_psd injection weights [-] */
    double *N_initial, *N_final; /* N at the first Smol step / after the last [m^-2] */
    double *row;                 /* one series row (MD_COL_COUNT) */
    double *summary;             /* summary values (MD_SUM_COUNT) */
    double *temp_t, *temp_K;     /* temperature table nodes [s], [K] */
    double *track_T;             /* per-step T_M [K] */
    double *track_beta;          /* per-step beta_at_smin_effective [-] */
    double *track_ablow;         /* per-step a_blow [m] */
    double *track_gate;          /* per-step blow-out gate factor [-] */
    double *track_tsolid;        /* per-step t_solid [s] */
    double *track_dttb;          /* per-step dt / t_blow [-] */
    double *track_vis;           /* per-step supply visibility factor [-] */
} md_run_store;

/* Makes sure every array (the run store's and the scratch) is large enough for n_bins bins,
 * n_steps steps and n_temp temperature nodes. Bin arrays (and the collision work) are reallocated
 * only when n_bins changes; step and temperature arrays only when they must grow. All allocation
 * goes through md_alloc. */
md_status md_workspace_reserve(md_workspace *ws, int n_bins, long n_steps, long n_temp,
                               md_error *err);

/* The current run's storage (valid after md_workspace_reserve, until the next reserve). */
const md_run_store *md_workspace_run_store(md_workspace *ws);

/* ---- what lives per rank, whatever the run ---- */

/* Bin scratch of 2 n_bins doubles for the PSD routines (contents last one call). */
double *md_workspace_bin_scratch(md_workspace *ws);

/* Scratch of n_steps doubles for the summary statistics (contents last one call). */
double *md_workspace_step_scratch(md_workspace *ws);

/* The collision work of physB (md_collide0d_work), bound for the reserved n_bins. */
struct md_collide0d_work *md_workspace_collide(md_workspace *ws);

/* PSD cache (spec 10 §1.3): grain masses m_k = (4/3) pi rho s_k^3 [kg] for sizes s [m] (n values)
 * and density rho [kg m^-3], recomputed only when the key (sizes_version, n, rho) changes. Every
 * code path that changes sizes must bump its version. The pointer stays valid until the next
 * call with another key or a reserve. */
const double *md_workspace_psd_masses(md_workspace *ws, const double *s, int n, double rho,
                                      long sizes_version);

/* A size-grid version never handed out before by this workspace: a run takes one for its initial
 * grid and another each time it moves the sizes, so no two grids (of one run or of successive
 * runs) share a key. */
long md_workspace_new_sizes_version(md_workspace *ws);

/* How often md_workspace_psd_masses recomputed (for tests). */
long md_workspace_psd_rebuilds(const md_workspace *ws);

/* What a generated temperature table depends on (md_tempdriver_generate's arguments). */
typedef struct md_temp_key {
    int model;            /* md_cooling_model */
    double T0;            /* [K] */
    double horizon_years; /* [yr] */
    double dt_hours;      /* [h] */
    double time_scale;    /* [s per time unit] */
    long n;               /* samples */
} md_temp_key;

/* Temperature table cache: true if the run store's temperature arrays still hold the table
 * generated for key, bit for bit the same arguments (an earlier run generated it and nothing
 * wrote or reallocated them since), so the caller need not generate it again;
 * md_workspace_temp_set_key records which table they hold (NULL: none, while they are written).
 * A sweep's runs share a few tables: generating one (21,900 pow() at the default two-year
 * horizon) cost as much as a short run's steps. */
bool md_workspace_temp_cached(const md_workspace *ws, const md_temp_key *key);
void md_workspace_temp_set_key(md_workspace *ws, const md_temp_key *key);

/* Table cache keyed by path: loaded once per workspace, reused while the path is unchanged. */
md_status md_workspace_qpr(md_workspace *ws, const char *path, const struct md_qpr_table **out,
                           md_error *err);
md_status md_workspace_phi_tau(md_workspace *ws, const char *path,
                               const struct md_phi_tau_table **out, md_error *err);

#endif
