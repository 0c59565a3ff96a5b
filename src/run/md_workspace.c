/* md_workspace: per-rank buffers, PSD cache and table cache of the 0D driver (md_workspace.h). */
#include "md_workspace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "md_alloc.h"
#include "md_bits.h"
#include "md_collide0d.h"
#include "md_grid.h"
#include "md_kernel_plan.h"
#include "md_run.h"
#include "md_tables.h"

/* The arrays the workspace allocates: the run store's and the per-rank scratch (WORK, SORT). Bin
 * arrays first (up to N_FINAL), then the fixed-size, temperature and step arrays. */
typedef enum ws_array {
    WS_EDGES,
    WS_S,
    WS_WIDTH,
    WS_M_INIT,
    WS_NUMBER,
    WS_WORK,
    WS_WEIGHTS,
    WS_N_INITIAL,
    WS_N_FINAL,
    WS_ROW,
    WS_SUMMARY,
    WS_TEMP_T,
    WS_TEMP_K,
    WS_TRACK_T,
    WS_TRACK_BETA,
    WS_TRACK_ABLOW,
    WS_TRACK_GATE,
    WS_TRACK_TSOLID,
    WS_TRACK_DTTB,
    WS_TRACK_VIS,
    WS_SORT,
    WS_ARRAY_COUNT
} ws_array;

struct md_workspace {
    int n_bins;   /* bins the bin arrays are sized for (0: none yet) */
    long n_steps; /* capacity of the step tracks */
    long n_temp;  /* capacity of the temperature table */
    double *arr[WS_ARRAY_COUNT];
    md_run_store store; /* views of arr, refreshed by every reserve */
    void *collide_buf;
    md_collide0d_work collide;
    /* PSD cache */
    double *mk;
    int mk_n;
    double mk_rho;
    long mk_version;
    int mk_valid;
    long mk_rebuilds;
    long sizes_versions; /* versions handed out so far */
    /* temperature table cache: the key of what arr[WS_TEMP_T/K] hold, if temp_valid */
    md_temp_key temp_key;
    bool temp_valid;
    /* table cache */
    char qpr_path[1024];
    md_qpr_table *qpr;
    char phi_path[1024];
    md_phi_tau_table *phi;
};

md_workspace *md_workspace_create(md_error *err) {
    md_workspace *ws = md_alloc_zeroed(1, sizeof *ws);
    if (!ws) {
        md_error_set(err, MD_ERR_NOMEM, "cannot allocate the run workspace");
    }
    return ws;
}

static int is_bin_array(ws_array id) {
    return id <= WS_N_FINAL;
}

static int is_temp_array(ws_array id) {
    return id == WS_TEMP_T || id == WS_TEMP_K;
}

static size_t array_len(ws_array id, int n_bins, long n_steps, long n_temp) {
    if (id == WS_EDGES) {
        return (size_t)n_bins + 1;
    }
    if (id == WS_WORK) {
        return 2 * (size_t)n_bins;
    }
    if (is_bin_array(id)) {
        return (size_t)n_bins;
    }
    if (id == WS_ROW) {
        return MD_COL_COUNT;
    }
    if (id == WS_SUMMARY) {
        return MD_SUM_COUNT;
    }
    if (is_temp_array(id)) {
        return (size_t)n_temp;
    }
    return (size_t)n_steps;
}

static void free_bins(md_workspace *ws) {
    for (int id = 0; id < WS_ARRAY_COUNT; id++) {
        if (is_bin_array((ws_array)id)) {
            md_alloc_free(ws->arr[id]);
            ws->arr[id] = NULL;
        }
    }
    md_alloc_free(ws->collide_buf);
    ws->collide_buf = NULL;
    md_alloc_free(ws->mk);
    ws->mk = NULL;
    ws->mk_valid = 0;
    ws->n_bins = 0;
}

static void refresh_store(md_workspace *ws) {
    double **a = ws->arr;
    ws->store = (md_run_store){
        .edges = a[WS_EDGES],
        .s = a[WS_S],
        .width = a[WS_WIDTH],
        .m_init = a[WS_M_INIT],
        .number = a[WS_NUMBER],
        .weights = a[WS_WEIGHTS],
        .N_initial = a[WS_N_INITIAL],
        .N_final = a[WS_N_FINAL],
        .row = a[WS_ROW],
        .summary = a[WS_SUMMARY],
        .temp_t = a[WS_TEMP_T],
        .temp_K = a[WS_TEMP_K],
        .track_T = a[WS_TRACK_T],
        .track_beta = a[WS_TRACK_BETA],
        .track_ablow = a[WS_TRACK_ABLOW],
        .track_gate = a[WS_TRACK_GATE],
        .track_tsolid = a[WS_TRACK_TSOLID],
        .track_dttb = a[WS_TRACK_DTTB],
        .track_vis = a[WS_TRACK_VIS],
    };
}

bool md_workspace_temp_cached(const md_workspace *ws, const md_temp_key *key) {
    const md_temp_key *k = &ws->temp_key;
    return ws->temp_valid && k->model == key->model && k->n == key->n &&
           md_same_bits(k->T0, key->T0) && md_same_bits(k->horizon_years, key->horizon_years) &&
           md_same_bits(k->dt_hours, key->dt_hours) && md_same_bits(k->time_scale, key->time_scale);
}

void md_workspace_temp_set_key(md_workspace *ws, const md_temp_key *key) {
    ws->temp_valid = key != NULL;
    if (key) {
        ws->temp_key = *key;
    }
}

md_status md_workspace_reserve(md_workspace *ws, int n_bins, long n_steps, long n_temp,
                               md_error *err) {
    if (!ws || n_bins <= 0 || n_steps < 0 || n_temp < 0) {
        return md_error_set(err, MD_ERR_INTERNAL, "md_workspace_reserve: bad arguments (n_bins %d)",
                            n_bins);
    }
    if (n_bins != ws->n_bins) {
        free_bins(ws);
        for (int id = 0; id < WS_ARRAY_COUNT; id++) {
            if (is_bin_array((ws_array)id)) {
                ws->arr[id] =
                    md_alloc_zeroed(array_len((ws_array)id, n_bins, 0, 0), sizeof(double));
                if (!ws->arr[id]) {
                    goto nomem;
                }
            }
        }
        ws->mk = md_alloc_zeroed((size_t)n_bins, sizeof(double));
        size_t bytes = md_collide0d_work_bytes(n_bins);
        ws->collide_buf = md_alloc_zeroed(bytes, 1);
        if (!ws->mk || !ws->collide_buf) {
            goto nomem;
        }
        md_status st = md_collide0d_work_bind(&ws->collide, ws->collide_buf, bytes, n_bins, err);
        if (st != MD_OK) {
            free_bins(ws);
            return st;
        }
        ws->collide.kernel_columns = md_kernel_plan_columns(&ws->collide);
        ws->n_bins = n_bins;
    }
    /* fixed-size arrays: once */
    for (int id = WS_ROW; id <= WS_SUMMARY; id++) {
        if (!ws->arr[id]) {
            ws->arr[id] = md_alloc_zeroed(array_len((ws_array)id, 0, 0, 0), sizeof(double));
            if (!ws->arr[id]) {
                goto nomem;
            }
        }
    }
    if (n_temp > ws->n_temp) {
        ws->temp_valid = false;
        for (int id = WS_TEMP_T; id <= WS_TEMP_K; id++) {
            md_alloc_free(ws->arr[id]);
            ws->arr[id] = md_alloc_zeroed((size_t)n_temp, sizeof(double));
            if (!ws->arr[id]) {
                ws->n_temp = 0;
                goto nomem;
            }
        }
        ws->n_temp = n_temp;
    }
    if (n_steps > ws->n_steps || !ws->arr[WS_SORT]) {
        long cap = n_steps > 0 ? n_steps : 1;
        for (int id = WS_TRACK_T; id <= WS_SORT; id++) {
            md_alloc_free(ws->arr[id]);
            ws->arr[id] = md_alloc_zeroed((size_t)cap, sizeof(double));
            if (!ws->arr[id]) {
                ws->n_steps = 0;
                goto nomem;
            }
        }
        ws->n_steps = cap;
    }
    refresh_store(ws);
    return MD_OK;
nomem:
    return md_error_set(err, MD_ERR_NOMEM,
                        "cannot allocate the run workspace for %d bins, %ld steps", n_bins,
                        n_steps);
}

const md_run_store *md_workspace_run_store(md_workspace *ws) {
    return &ws->store;
}

double *md_workspace_bin_scratch(md_workspace *ws) {
    return ws->arr[WS_WORK];
}

double *md_workspace_step_scratch(md_workspace *ws) {
    return ws->arr[WS_SORT];
}

struct md_collide0d_work *md_workspace_collide(md_workspace *ws) {
    return &ws->collide;
}

const double *md_workspace_psd_masses(md_workspace *ws, const double *s, int n, double rho,
                                      long sizes_version) {
    if (!ws->mk_valid || ws->mk_n != n || ws->mk_rho != rho || ws->mk_version != sizes_version) {
        md_grid_masses(s, n, rho, ws->mk);
        ws->mk_n = n;
        ws->mk_rho = rho;
        ws->mk_version = sizes_version;
        ws->mk_valid = 1;
        ws->mk_rebuilds++;
    }
    return ws->mk;
}

long md_workspace_new_sizes_version(md_workspace *ws) {
    return ++ws->sizes_versions;
}

long md_workspace_psd_rebuilds(const md_workspace *ws) {
    return ws->mk_rebuilds;
}

md_status md_workspace_qpr(md_workspace *ws, const char *path, const md_qpr_table **out,
                           md_error *err) {
    if (!ws->qpr || strcmp(ws->qpr_path, path) != 0) {
        md_tables_qpr_free(&ws->qpr);
        ws->qpr_path[0] = '\0';
        md_status st = md_tables_qpr_load(path, &ws->qpr, err);
        if (st != MD_OK) {
            return st;
        }
        snprintf(ws->qpr_path, sizeof ws->qpr_path, "%s", path);
    }
    *out = ws->qpr;
    return MD_OK;
}

md_status md_workspace_phi_tau(md_workspace *ws, const char *path, const md_phi_tau_table **out,
                               md_error *err) {
    if (!ws->phi || strcmp(ws->phi_path, path) != 0) {
        md_tables_phi_tau_free(&ws->phi);
        ws->phi_path[0] = '\0';
        md_status st = md_tables_phi_tau_load(path, &ws->phi, err);
        if (st != MD_OK) {
            return st;
        }
        snprintf(ws->phi_path, sizeof ws->phi_path, "%s", path);
    }
    *out = ws->phi;
    return MD_OK;
}

void md_workspace_free(md_workspace **ws) {
    if (!ws || !*ws) {
        return;
    }
    md_workspace *w = *ws;
    free_bins(w);
    for (int id = 0; id < WS_ARRAY_COUNT; id++) {
        md_alloc_free(w->arr[id]);
    }
    md_tables_qpr_free(&w->qpr);
    md_tables_phi_tau_free(&w->phi);
    md_alloc_free(w);
    *ws = NULL;
}
