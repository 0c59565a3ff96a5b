/* The run-layer tests' common fixture: a small but complete 0D case (base.yml's physics at
 * TM_K 4000 with a constant Q_pr, so no table file is needed): 12 bins, dt 20 s, n_steps
 * steps, shielding off, sinks at their defaults (sublimation on the surface). */
#ifndef RUN_SMALL_CASE_H
#define RUN_SMALL_CASE_H

#include "md_constants.h"
#include "md_params.h"

static inline void run_small_case(md_params *p, long n_steps) {
    md_params_set_defaults(p);
    p->disk.present = true;
    p->disk.geometry.r_in_RM = 1.0;
    p->disk.geometry.r_out_RM = 2.7;
    p->sizes.s_min = 1e-7;
    p->sizes.s_max = 3.0;
    p->sizes.n_bins = 12;
    p->initial.mass_total = 1e-7;
    p->dynamics.e0 = 0.5;
    p->dynamics.i0 = 0.05;
    p->dynamics.t_damp_orbits = 20.0;
    p->psd.alpha = 1.83;
    p->qstar.Qs = 3.5e7;
    p->qstar.a_s = 0.38;
    p->qstar.B = 0.3;
    p->qstar.b_g = 1.36;
    p->qstar.v_ref_kms.n = 2;
    p->qstar.v_ref_kms.v[0] = 1.5;
    p->qstar.v_ref_kms.v[1] = 7.0;
    p->optical_depth.present = true;
    p->shielding.present = true;
    p->shielding.mode = MD_PARAMS_SHIELDING_OFF;
    p->radiation.TM_K = 4000.0;
    p->radiation.Q_pr = 1.0;
    p->radiation.mars_temperature_driver.autogenerate.min_years = 0.01;
    p->numerics.dt_init.word = MD_NW_NUMBER;
    p->numerics.dt_init.value = 20.0;
    p->numerics.t_end_years = 20.0 * (double)n_steps / MD_SECONDS_PER_YEAR;
}

#endif
