/* md_run_state: names of the run's status values as the reference writes them. */
#include "md_run_state.h"

const char *md_run_state_case_status_name(md_case_status status) {
    switch (status) {
    case MD_CASE_BLOWOUT:
        return "blowout";
    case MD_CASE_NO_BLOWOUT:
        return "no_blowout";
    default:
        return "ok";
    }
}

const char *md_run_state_stop_reason_name(md_stop_reason reason) {
    switch (reason) {
    case MD_STOP_A_BLOW_BELOW_S_MIN:
        return "a_blow_below_s_min_config";
    case MD_STOP_LOSS_RATE_BELOW:
        return "loss_rate_below_threshold";
    case MD_STOP_TAU_EXCEEDED:
        return "tau_exceeded";
    default:
        return "t_end_reached";
    }
}
