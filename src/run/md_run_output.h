/* md_run_output: what a 0D run reports, from its state (md_run_state.h): the series row of a
 * step (spec 10 §5.2, stage S29), the summary (§5.3) and the result handed to the caller. */
#ifndef MD_RUN_OUTPUT_H
#define MD_RUN_OUTPUT_H

#include "md_run_state.h"

/* Fills row[MD_COL_COUNT] for step x (NaN where the reference writes nothing). */
void md_run_output_row(const md_run_setup *su, const md_run_carried *c, const md_step_scratch *x,
                       double *row);

/* Fills sum[MD_SUM_COUNT] at the end of the run (NaN where the reference writes null). */
void md_run_output_summary(const md_run_setup *su, const md_run_carried *c, double *sum);

/* The summary (into the run's summary buffer), case status, stop reason, counts and the PSD
 * arrays of res; all pointing into the workspace. */
void md_run_output_result(const md_run_setup *su, const md_run_carried *c, md_run_result *res);

#endif
