/* md_run: the 0D driver's public face (run_zero_d.py: run_zero_d; spec 10).
 *
 * CONTRACT between the driver (src/run) and its users (src/cli, src/h5, tests). The driver owns
 * the implementation; callers rely only on what is declared here.
 *
 *   md_workspace *ws = md_workspace_create(&err);          -- once per rank (md_workspace.h)
 *   md_run_validate(&params, &err);                        -- before any run starts
 *   md_run_plan_make(&params, stride, &plan, &err);        -- sizes known before the run
 *   md_run_zero_d(&params, ws, &observer, &result, &err);  -- one run; no allocation in the loop
 *   md_workspace_free(&ws);
 *
 * Series rows and summary values are arrays of doubles indexed by the column enums below; the
 * tables md_series_columns[] and md_summary_fields[] give each one's reference name, unit and
 * description, so the writer and the tests stay generic. Masses are in Mars masses (M_Mars) and
 * everything else SI, as in the reference's outputs. Booleans are 0/1, missing values NaN. */
#ifndef MD_RUN_H
#define MD_RUN_H

#include "md_params.h"
#include "md_run_fields.h"
#include "md_status.h"
#include "md_workspace.h"

/* One output column or summary value: reference name, unit string, one-line description. */
typedef struct md_field_info {
    const char *name;
    const char *units;
    const char *description;
} md_field_info;

/* Column and summary indices (md_run_fields.h): row[MD_COL_TIME], summary[MD_SUM_M_LOSS]. */
#define MD_RUN_ENUM_COL(id, name, units, desc) MD_COL_##id,
#define MD_RUN_ENUM_SUM(id, name, units, desc) MD_SUM_##id,
typedef enum md_series_column { MD_SERIES_COLUMNS(MD_RUN_ENUM_COL) MD_COL_COUNT } md_series_column;
typedef enum md_summary_field { MD_SUMMARY_FIELDS(MD_RUN_ENUM_SUM) MD_SUM_COUNT } md_summary_field;
#undef MD_RUN_ENUM_COL
#undef MD_RUN_ENUM_SUM

/* Series columns (names as the reference's series/run.parquet columns). */
extern const md_field_info md_series_columns[];
extern const int md_series_column_count;

/* Numeric summary values (names as the reference's summary.json keys). */
extern const md_field_info md_summary_fields[];
extern const int md_summary_field_count;

/* What is known about a run before it starts (the outer step is fixed: spec 10 §3). */
typedef struct md_run_plan {
    long n_steps;   /* planned outer steps */
    double dt_s;    /* outer step [s] */
    double t_end_s; /* planned end time [s] */
    int n_bins;     /* PSD bins */
    long n_samples; /* series rows: steps k with k % stride == 0, plus the last step */
    long stride;    /* series stride [steps] */
} md_run_plan;

/* Per-sample callback: `row` holds md_series_column_count values for step `step` (0-based),
 * which is sample number `sample` (0-based, < plan.n_samples). Returning non-OK stops the run
 * with that status. */
typedef md_status (*md_sample_fn)(void *ctx, long sample, long step, const double *row,
                                  md_error *err);

typedef struct md_observer {
    void *ctx;
    md_sample_fn on_sample; /* may be NULL */
} md_observer;

/* Final state of a run. Arrays point into the workspace and stay valid until the next run. */
typedef struct md_run_result {
    const double *summary; /* md_summary_field_count values */
    char case_status[32];  /* "ok", "blowout", "no_blowout" (spec 10 §5.7) */
    char stop_reason[64];  /* "t_end_reached", "tau_exceeded", "a_blow_below_s_min_config", ... */
    long n_steps_done;     /* steps integrated and recorded */
    long n_samples;        /* series rows actually emitted */
    int n_bins;
    const double *psd_s;         /* bin sizes [m] */
    const double *psd_width;     /* bin widths [m] */
    const double *psd_m;         /* grain mass per bin [kg] */
    const double *psd_N_initial; /* number surface density at the first Smol step [m^-2] */
    const double *psd_N_final;   /* number surface density after the last step [m^-2] */
} md_run_result;

/* Refuses, with a message naming the key, any parameter combination the port does not support
 * or the reference rejects before its first step (spec 10 §7.1). Cheap: no tables are read. */
md_status md_run_validate(const md_params *params, md_error *err);

/* Loads and checks every table file the run would read, with the loaders the run uses, into
 * ws's table cache: each file is read once per workspace, so validating many runs that share a
 * table costs one read. A broken table is MD_ERR_CONFIG naming the file and the line. */
md_status md_run_check_tables(const md_params *params, md_workspace *ws, md_error *err);

/* Fills plan for params and a series stride >= 1 (spec 10 §3.1-3.2). */
md_status md_run_plan_make(const md_params *params, long stride, md_run_plan *plan, md_error *err);

/* Runs one 0D case to its end or stop condition, calling observer->on_sample for each sampled
 * step. ws is reused across runs (resized only when n_bins changes); the time loop performs no
 * heap allocation. Tables named in params are loaded through the workspace's cache.
 * Returns MD_ERR_PHYSICS (with the reference's guard message) when the model fails. */
md_status md_run_zero_d(const md_params *params, long stride, md_workspace *ws,
                        const md_observer *observer, md_run_result *result, md_error *err);

#endif
