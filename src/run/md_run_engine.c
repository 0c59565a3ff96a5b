/* md_run_engine: the 0D time loop of run_zero_d (spec 10): set-up (md_run_init), the stages of
 * every step in the order of spec 10 §4.1 (md_run_stages), and what the run reports
 * (md_run_output). This file only sequences them. */
#include "md_run_engine.h"

#include "md_run_init.h"
#include "md_run_output.h"
#include "md_run_stages.h"

md_status md_run_engine_run(const md_params *p, long stride, md_workspace *ws,
                            const md_observer *obs, md_run_result *res, md_error *err) {
    if (stride < 1) {
        return md_error_set(err, MD_ERR_CONFIG, "output.series_stride %ld must be >= 1", stride);
    }
    md_run_setup su;
    md_status st = md_run_init_setup(p, stride, ws, obs, &su, err);
    if (st != MD_OK) {
        return st;
    }
    md_run_carried c;
    md_run_init_carried(&su, &c);
    int end = 0;
    for (long k = 0; k < su.tg.n_steps && !end; k++) {
        st = md_run_stage_step(&su, &c, k, &end, err);
        if (st != MD_OK) {
            return st;
        }
    }
    md_run_output_result(&su, &c, res);
    return MD_OK;
}
