/* md_run_engine: the 0D time loop of run_zero_d (spec 10 §2-§5), behind md_run.h: the set-up
 * (md_run_init.h), the stages of each step (md_run_stages.h) and the outputs (md_run_output.h)
 * in order. It reads md_params directly and assumes md_run_validate accepted them: the refusals
 * of unsupported configurations live there only. All quantities SI unless noted. */
#ifndef MD_RUN_ENGINE_H
#define MD_RUN_ENGINE_H

#include "md_run.h"

/* One run of validated params (spec 10 §2 initialisation, §4 stage loop, §5.3 summary). An error
 * inside the loop is prefixed "step K (t = T s): ". */
md_status md_run_engine_run(const md_params *p, long stride, md_workspace *ws,
                            const md_observer *observer, md_run_result *result, md_error *err);

#endif
