/* md_run_types: the run interface's types (plan, observer, result, field tables) without the
 * parameter struct, so the driver's engine (md_run_engine.c, which includes the physics headers)
 * and md_params.h never meet in one translation unit (several of their names coincide).
 * md_run.h includes this header; users include md_run.h. */
#ifndef MD_RUN_TYPES_H
#define MD_RUN_TYPES_H

#include "md_run_fields.h"
#include "md_status.h"

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

#endif
