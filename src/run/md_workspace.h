/* md_workspace: everything a rank reuses across runs (spec 00 "Parallel behaviour", 10 §1.3):
 * the SmolSinkWorkspace buffers (kernel, loss, gain, source, ds/dt, fragment tables, IMEX
 * scratch), the PSD cache keyed on the size-grid version, and the table cache (Q_pr, Phi).
 * Opaque; one per rank, never shared. Resized only when n_bins changes. */
#ifndef MD_WORKSPACE_H
#define MD_WORKSPACE_H

#include "md_status.h"

typedef struct md_workspace md_workspace;

/* Creates an empty workspace (buffers are sized on the first run). NULL on failure (err set). */
md_workspace *md_workspace_create(md_error *err);

/* Frees *ws and sets it to NULL; accepts NULL and a pointer to NULL. */
void md_workspace_free(md_workspace **ws);

/* ---- for the run layer (md_run_engine.c, tests) ---- */

struct md_qpr_table;      /* md_radiation.h */
struct md_phi_tau_table;  /* md_shielding.h */
struct md_collide0d_work; /* md_collide0d.h */

/* Per-run arrays held by the workspace. Bin arrays have n_bins entries (EDGES n_bins + 1), step
 * tracks n_steps, temperature nodes n_temp. */
typedef enum md_ws_array {
    MD_WS_EDGES,        /* bin edges [m] */
    MD_WS_S,            /* bin centres [m] */
    MD_WS_WIDTH,        /* bin widths [m] */
    MD_WS_M_INIT,       /* masses from the initial PSD set-up [kg] */
    MD_WS_NUMBER,       /* PSD shape [-] */
    MD_WS_WORK,         /* scratch [2n] */
    MD_WS_WEIGHTS,      /* initial_psd injection weights [-] */
    MD_WS_N_INITIAL,    /* N at the first Smol step [m^-2] */
    MD_WS_N_FINAL,      /* N after the last step [m^-2] */
    MD_WS_ROW,          /* one series row (MD_COL_COUNT) */
    MD_WS_SUMMARY,      /* summary values (MD_SUM_COUNT) */
    MD_WS_TEMP_T,       /* temperature table node times [s] */
    MD_WS_TEMP_K,       /* temperature table node values [K] */
    MD_WS_TRACK_T,      /* per-step T_M [K] */
    MD_WS_TRACK_BETA,   /* per-step beta_at_smin_effective */
    MD_WS_TRACK_ABLOW,  /* per-step a_blow [m] */
    MD_WS_TRACK_GATE,   /* per-step blow-out gate factor */
    MD_WS_TRACK_TSOLID, /* per-step t_solid [s] */
    MD_WS_TRACK_DTTB,   /* per-step dt / t_blow */
    MD_WS_TRACK_VIS,    /* per-step supply visibility factor */
    MD_WS_SORT,         /* scratch for medians (n_steps) */
    MD_WS_ARRAY_COUNT
} md_ws_array;

/* Makes sure every array is large enough for n_bins bins, n_steps steps and n_temp temperature
 * nodes. Bin arrays (and the collision work) are reallocated only when n_bins changes; step and
 * temperature arrays only when they must grow. All allocation goes through md_alloc. */
md_status md_workspace_reserve(md_workspace *ws, int n_bins, long n_steps, long n_temp,
                               md_error *err);

/* The array `id` (valid after md_workspace_reserve, until the next reserve). */
double *md_workspace_array(md_workspace *ws, md_ws_array id);

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

/* Table cache keyed by path: loaded once per workspace, reused while the path is unchanged. */
md_status md_workspace_qpr(md_workspace *ws, const char *path, const struct md_qpr_table **out,
                           md_error *err);
md_status md_workspace_phi_tau(md_workspace *ws, const char *path,
                               const struct md_phi_tau_table **out, md_error *err);

#endif
