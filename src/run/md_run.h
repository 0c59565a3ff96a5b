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
#include "md_run_types.h"
#include "md_status.h"
#include "md_workspace.h"

/* Refuses, with a message naming the key, any parameter combination the port does not support
 * or the reference rejects before its first step (spec 10 §7.1). Cheap: no tables are read. */
md_status md_run_validate(const md_params *params, md_error *err);

/* Fills plan for params and a series stride >= 1 (spec 10 §3.1-3.2). */
md_status md_run_plan_make(const md_params *params, long stride, md_run_plan *plan, md_error *err);

/* Runs one 0D case to its end or stop condition, calling observer->on_sample for each sampled
 * step. ws is reused across runs (resized only when n_bins changes); the time loop performs no
 * heap allocation. Tables named in params are loaded through the workspace's cache.
 * Returns MD_ERR_PHYSICS (with the reference's guard message) when the model fails. */
md_status md_run_zero_d(const md_params *params, long stride, md_workspace *ws,
                        const md_observer *observer, md_run_result *result, md_error *err);

#endif
