/* md_run_stages: every stage of a 0D step alone, on set-up, carried state and scratch built on
 * the stack (spec 10 §4): S0-S3, S5-S12, S14-S16 (the branch without collisions; the collision
 * step itself is tested in physics and by the golden cases), the loss partition (S20), the
 * blow-out gate factor (S19), the rates (S21), the orbit roll-up (S24), the stop flags at the
 * min-duration edge (S4, S22, S27, S34), S28, and the step context of an error. Expected values
 * are the reference's formulas written out here. */
#include <check.h>
#include <math.h>
#include <string.h>

#include "md_constants.h"
#include "md_grid.h"
#include "md_psd.h"
#include "md_run_stages.h"
#include "md_test_support.h"

enum { TRACK = 8 };

typedef struct bench {
    md_params p;
    md_run_setup su;
    md_run_carried c;
    md_step_scratch x;
    double tracks[7][TRACK];
} bench;

/* A set-up with the default configuration, dt = 10 s, area 1e12 m^2, one step begun (k = 2). */
static void bench_init(bench *b) {
    memset(b, 0, sizeof *b);
    md_params_set_defaults(&b->p);
    b->su.p = &b->p;
    b->su.stride = 1;
    b->su.tg = (md_run_time_grid){.t_end = 1000.0, .dt_nominal = 10.0, .dt = 10.0, .n_steps = 100};
    b->su.g = (md_run_geometry){.r = 7.5e6, .r_RM = 2.2, .omega = 2e-4, .t_orb = 3e4, .area = 1e12};
    b->su.los_factor = 1.0;
    b->su.blowout_enabled = 1;
    b->p.sizes.s_min = 1e-6;
    md_run_buffers *buf = &b->su.buf;
    double **tr[] = {&buf->run.track_T,    &buf->run.track_beta,   &buf->run.track_ablow,
                     &buf->run.track_gate, &buf->run.track_tsolid, &buf->run.track_dttb,
                     &buf->run.track_vis};
    for (int t = 0; t < 7; ++t)
        *tr[t] = b->tracks[t];
    b->c.n_tracks = 1; /* the step's S3 has run */
    md_run_stage_begin(&b->su, 2, &b->x);
}

static void check_close(const char *what, double got, double want) {
    ck_assert_msg(md_test_rel_diff(got, want) <= 1e-15, "%s: %.17g, want %.17g", what, got, want);
}

START_TEST(begin_marks_rows_and_defaults) {
    /* S0/S2: a row every stride steps and on the last step; the untaken branches' values. */
    bench b;
    bench_init(&b);
    b.su.stride = 7;
    const long steps[] = {0, 6, 7, 14, 99};
    const int rows[] = {1, 0, 1, 1, 1}; /* 99 = n_steps - 1 */
    for (int i = 0; i < 5; ++i) {
        md_run_stage_begin(&b.su, steps[i], &b.x);
        ck_assert_int_eq(b.x.series_write, rows[i]);
        ck_assert(b.x.time == (double)steps[i] * 10.0 && b.x.time_end == b.x.time + 10.0);
    }
    ck_assert(b.x.gate == 1.0 && isnan(b.x.t_solid) && isnan(b.x.sup_scaled) && !b.x.end_now);
    ck_assert(b.x.ds_val == 0.0 && b.x.outflux == 0.0 && !b.x.stop_after);
}
END_TEST

START_TEST(temperature_from_the_table) {
    /* S1: T_M(t_k) by numpy.interp on the table, the particle temperature, which one the phase
     * uses, and the T track. */
    static const double t_s[] = {0.0, 100.0}, T_K[] = {4000.0, 3000.0};
    for (int particle = 0; particle < 2; ++particle) {
        bench b;
        bench_init(&b); /* t_k = 20 s */
        b.su.temp = (md_temp_table){.n = 2, .t_s = t_s, .T_K = T_K};
        b.c.temp_cursor = -1;
        b.p.phase.temperature_input =
            particle ? MD_PARAMS_PHASE_T_PARTICLE : MD_PARAMS_PHASE_T_MARS_SURFACE;
        md_error err;
        ck_assert_int_eq(md_run_stage_temperature(&b.su, &b.c, &b.x, &err), MD_OK);
        ck_assert(b.c.T_M == 3800.0 && b.tracks[0][1] == 3800.0);
        double T_p = 0.0;
        ck_assert_int_eq(
            md_phase_particle_temperature(3800.0, b.su.g.r, b.p.phase.q_abs_mean, &T_p, &err),
            MD_OK);
        ck_assert(b.x.T_p == T_p && b.x.T_phase == (particle ? T_p : 3800.0));
    }
}
END_TEST

START_TEST(radiation_block_and_floor_modes) {
    /* S3 with Q_pr given as a number: a_blow = s_blow(rho, T, Q); the floor mode decides
     * s_min,eff; beta and its gate; the tracks advance. */
    const md_params_floor_mode modes[] = {MD_PARAMS_FLOOR_NONE, MD_PARAMS_FLOOR_FIXED,
                                          MD_PARAMS_FLOOR_EVOLVE_SMIN};
    for (int m = 0; m < 3; ++m) {
        bench b;
        bench_init(&b);
        b.c.n_tracks = 0;
        b.p.radiation.Q_pr = 0.8;
        b.p.psd.floor.mode = modes[m];
        b.c.T_M = 4000.0;
        b.c.psd_s_min = 2e-7;
        b.c.floor_dyn = 5e-6;
        ck_assert_int_eq(md_run_stage_radiation(&b.su, &b.c, &b.x, NULL), MD_OK);
        const double a = md_radiation_s_blow(b.p.material.rho, 4000.0, 0.8);
        const double a_eff = fmax(b.p.sizes.s_min, a);
        const double s_eff = m == 0 ? 2e-7 : m == 1 ? a_eff : fmax(a_eff, 5e-6);
        ck_assert(b.c.a_blow == a && b.c.a_blow_eff == a_eff);
        ck_assert_msg(b.c.s_min_eff == s_eff, "mode %d: %g vs %g", m, b.c.s_min_eff, s_eff);
        ck_assert(b.c.psd_s_min == s_eff && b.c.qpr_mean == 0.8 && b.c.qpr_blow == 0.8);
        ck_assert(b.c.floor_dyn == (m == 1 ? fmax(5e-6, a_eff) : 5e-6));
        const double beta = md_radiation_beta(s_eff, b.p.material.rho, 4000.0, 0.8);
        ck_assert(b.c.beta_eff == beta && b.c.beta_gate == (beta >= MD_RADIATION_BETA_THRESHOLD));
        ck_assert(b.c.n_tracks == 1 && b.tracks[1][0] == beta && b.tracks[2][0] == a);
    }
}
END_TEST

START_TEST(phase_and_process_gates) {
    /* S5-S7 with the phase model off: solid, not liquid; collisions run if active; supply is
     * allowed from step 1 on (step 0 never, §4.8 Q5). */
    for (long k = 0; k < 2; ++k) {
        bench b;
        bench_init(&b);
        md_run_stage_begin(&b.su, k, &b.x);
        b.p.phase.enabled = 0;
        b.su.t_blow = 123.0;
        b.su.collisions_active = 1;
        ck_assert_int_eq(md_run_stage_phase(&b.su, &b.c, &b.x, NULL), MD_OK);
        ck_assert(b.x.t_blow == 123.0 && b.x.solid && !b.x.liquid && b.x.coll_step);
        ck_assert_int_eq(b.x.allow_supply, k > 0);
    }
}
END_TEST

START_TEST(sublimation_locations_and_floor) {
    /* S8-S9: without sublimation ds/dt is 0 and neither location is active; the evolve_smin
     * floor grows by |ds/dt| dt from the larger of the floor and s_min,eff. */
    bench b;
    bench_init(&b);
    b.su.sublimation_active = 0;
    ck_assert_int_eq(md_run_stage_sublimation(&b.su, &b.c, &b.x, NULL), MD_OK);
    ck_assert(b.x.ds_val == 0.0 && !b.x.smol_sub_active && !b.x.surface_sub_active);
    bench_init(&b);
    b.su.sublimation_active = 1;
    b.su.sub = md_sublimation_params_default();
    b.su.g.r = 7.5e6;
    b.c.T_M = 4000.0;
    b.p.sinks.sublimation_location = MD_PARAMS_SUBLOC_SMOL;
    b.p.psd.floor.mode = MD_PARAMS_FLOOR_EVOLVE_SMIN;
    b.c.floor_dyn = 1e-6;
    b.c.s_min_eff = 2e-6;
    b.c.a_blow = 1e-6;
    md_error err;
    ck_assert_int_eq(md_run_stage_sublimation(&b.su, &b.c, &b.x, &err), MD_OK);
    ck_assert(b.x.ds_val < 0.0 && b.x.ds_val == b.x.ds_raw);
    ck_assert(b.x.smol_sub_active && !b.x.surface_sub_active && !b.x.blocked);
    const double cand =
        fmax(fmax(1e-6, 2e-6), fmax(1e-6 + fabs(b.x.ds_val) * 10.0, b.p.sizes.s_min));
    ck_assert(b.c.floor_dyn == fmax(cand, 1e-6));
    ck_assert(b.c.s_min_eff == fmax(2e-6, b.c.floor_dyn) && b.c.psd_s_min == b.c.s_min_eff);
}
END_TEST

START_TEST(surface_kappa_without_drift) {
    /* S10-S12 with no surface sublimation: the grid stays, kappa_surf is the shape's opacity
     * (or kappa0 when frozen), nothing is booked. */
    static double edges[4] = {1e-6, 2e-6, 4e-6, 8e-6}, s[3] = {1.5e-6, 3e-6, 6e-6};
    static double width[3] = {1e-6, 2e-6, 4e-6}, number[3] = {4.0, -1.0, 1.0}, m_k[3];
    static double work[6];
    for (int freeze = 0; freeze < 2; ++freeze) {
        bench b;
        bench_init(&b);
        b.su.n = 3;
        b.su.buf.run.edges = edges;
        b.su.buf.run.s = s;
        b.su.buf.run.width = width;
        b.su.buf.run.number = number;
        b.su.buf.work = work;
        md_grid_masses(s, 3, b.p.material.rho, m_k);
        b.c.m_k = m_k;
        b.c.sigma_surf = 2.0;
        b.c.s_min_eff = 1e-6;
        b.su.kappa0 = 7.0;
        b.p.radiation.freeze_kappa = freeze;
        ck_assert_int_eq(md_run_stage_surface(&b.su, &b.c, &b.x, NULL), MD_OK);
        ck_assert(b.c.sigma_surf == 2.0 && b.x.delta_sigma_sub == 0.0 && b.c.M_sink == 0.0);
        ck_assert(number[1] == 0.0); /* sanitised */
        const double kappa = md_psd_kappa(s, width, number, m_k, 3, work);
        ck_assert(b.c.kappa_surf == (freeze ? 7.0 : kappa));
    }
}
END_TEST

START_TEST(gates_and_fast_blowout) {
    /* S14-S15: the tau gate blocks blow-out at tau_max; solid_only blocks a non-solid step; the
     * fast blow-out factor of dt / t_blow, applied only above 3 with correct_fast_blowout. */
    for (int c = 0; c < 4; ++c) {
        bench b;
        bench_init(&b);
        b.x.coll_step = b.x.solid = 1;
        b.c.beta_gate = 1;
        b.c.kappa_surf = 1.0;
        b.c.sigma_surf = 0.5;
        b.p.radiation.tau_gate.enable = c == 1;
        b.p.radiation.tau_gate.tau_max = 0.5;
        b.p.blowout.target_phase = MD_PARAMS_TARGET_PHASE_SOLID_ONLY;
        b.x.solid = c != 2;
        b.x.t_blow = c == 3 ? 2.5 : 100.0; /* dt / t_blow = 4 or 0.1 */
        b.p.io.correct_fast_blowout = 1;
        ck_assert_int_eq(md_run_stage_gates(&b.su, &b.c, &b.x, NULL), MD_OK);
        ck_assert(b.x.tau_los_pre == 0.5);
        ck_assert_int_eq(b.x.enable_blowout, c == 0 || c == 3);
        const double ratio = 10.0 / b.x.t_blow;
        ck_assert(b.x.fb_ratio == ratio &&
                  b.x.fb_factor == md_radiation_fast_blowout_factor(ratio));
        ck_assert(b.x.fb_gt3 == (c == 3) && b.x.apply_corr == (c == 3) && !b.x.fb_gt10);
    }
}
END_TEST

START_TEST(solver_without_collisions) {
    /* S16 on a step without collisions: tau_LOS from kappa_surf and Sigma, nothing stepped;
     * freeze_sigma holds Sigma at Sigma0. */
    for (int freeze = 0; freeze < 2; ++freeze) {
        bench b;
        bench_init(&b);
        b.x.coll_step = 0;
        b.c.kappa_surf = 3.0;
        b.c.sigma_surf = 0.25;
        b.su.los_factor = 2.0;
        b.su.sigma0 = 9.0;
        b.p.surface.freeze_sigma = freeze;
        ck_assert_int_eq(md_run_stage_solver(&b.su, &b.c, &b.x, NULL), MD_OK);
        ck_assert(b.x.tau_los == 3.0 * 0.25 * 2.0 && b.x.kappa_eff == 3.0);
        ck_assert(b.x.sigma_before == 0.25 && isnan(b.x.smol_dt_eff) && !b.c.have_N_init);
        ck_assert(b.c.sigma_surf == (freeze ? 9.0 : 0.25));
    }
}
END_TEST

START_TEST(rates_for_the_row) {
    /* S21: step averages, the instantaneous rates in Mars masses per second, dt/t_blow track;
     * blow-out disabled zeroes its columns; the fast blow-out record only for case blowout. */
    for (int c = 0; c < 3; ++c) {
        bench b;
        bench_init(&b);
        b.su.blowout_enabled = c != 2;
        b.su.case_status = c == 0 ? MD_CASE_BLOWOUT : MD_CASE_OK;
        b.x.blow_mass = 3e-12;
        b.x.dm_sinks_step = 1e-12;
        b.x.outflux = 2e-9;
        b.x.sink_flux = 5e-10;
        b.x.mdot_sub_smol = 1e-10;
        b.x.dm_sub_surf = 0.0;
        b.x.fb_ratio = 0.5;
        b.x.fb_factor = 0.9;
        ck_assert_int_eq(md_run_stage_rates(&b.su, &b.c, &b.x, NULL), MD_OK);
        const double A = 1e12;
        ck_assert(b.x.M_out_dot_avg == 3e-12 / 10.0 && b.x.M_sink_dot_avg == 1e-12 / 10.0);
        double sink_kg = fmax(5e-10 * A - 1e-10 * A, 0.0);
        sink_kg += 0.0 * MD_M_MARS / 10.0;
        sink_kg += 1e-10 * A;
        ck_assert(b.x.M_sink_dot == sink_kg / MD_M_MARS);
        ck_assert(b.x.M_out_dot == (c == 2 ? 0.0 : 2e-9 * A / MD_M_MARS));
        ck_assert(b.x.fb_record == (c == 0 ? 0.9 : 0.0) && b.tracks[5][0] == 0.5);
        ck_assert(b.x.dttb == (c == 2 ? 0.0 : 0.5) && b.c.n_dttb == 1);
    }
}
END_TEST

START_TEST(supply_diagnostics_and_t_coll) {
    /* S28: clip factor and visibility of the applied supply, the visibility track, t_coll from
     * the kernel when tau_LOS > 1e-12, t_blow / t_coll. */
    bench b;
    bench_init(&b);
    b.x.supply_evaluated = 1;
    b.x.sup_scaled = 4e-9;
    b.x.sup_applied = 3e-9;
    b.x.coll_step = 1;
    b.x.tau_los = 0.2;
    b.x.t_coll_kernel = 50.0;
    b.x.t_blow = 200.0;
    ck_assert_int_eq(md_run_stage_supply_diagnostics(&b.su, &b.c, &b.x, NULL), MD_OK);
    ck_assert(b.x.clip_factor == 3e-9 / 4e-9 && b.x.visibility == 3e-9 / 4e-9);
    ck_assert(b.tracks[6][0] == b.x.visibility);
    ck_assert(b.x.t_coll == 50.0 && b.x.ts_ratio == 4.0 && b.c.tau_final == 0.2);
    bench_init(&b); /* no supply evaluated: applied = the production rate; no t_coll at tau 0 */
    b.x.prod_rate = 1e-9;
    b.x.tau_los = 0.0;
    b.x.t_coll_kernel = 50.0;
    b.x.coll_step = 1;
    md_run_stage_supply_diagnostics(&b.su, &b.c, &b.x, NULL);
    ck_assert(b.x.sup_applied == 1e-9 && isnan(b.x.visibility) && isnan(b.x.t_coll));
}
END_TEST

START_TEST(loss_partition_branches) {
    /* S20 (§4.6): sigma_before 10, production 0.3 over the step, sigma after 9.3: loss 1.0. */
    const double A = 1e12, dt = 10.0;
    for (int branch = 0; branch < 4; ++branch) {
        bench b;
        bench_init(&b);
        b.x.coll_step = 1;
        b.x.enable_blowout = branch != 3;
        b.x.sigma_before = 10.0;
        b.x.total_prod = 0.3;
        b.c.sigma_surf = 9.3;
        b.x.outflux = branch == 2 ? 0.0 : 0.06;
        b.x.sink_flux = 0.02;
        b.x.total_sink = branch == 2 ? 0.0 : 0.04; /* sink rate 0.004 s^-1 kg m^-2 */
        b.x.smol_dt_eff = branch == 0 ? 0.5 * dt : dt;
        ck_assert_int_eq(md_run_stage_losses(&b.su, &b.c, &b.x, NULL), MD_OK);
        const double loss = fmax(10.0 + 0.3 - 9.3, 0.0);
        double blow, sink;
        if (branch == 0) { /* the Smol step did not cover dt: rates times dt_eff (§4.8 Q3) */
            blow = 0.06 * (0.5 * dt);
            sink = 0.02 * (0.5 * dt);
        } else if (branch == 2) { /* no rate: the sinks take total_sink, blow-out the rest */
            sink = 0.0;
            blow = fmax(loss - sink, 0.0);
        } else { /* the loss split in proportion to the rates */
            const double sink_rate = 0.04 / dt, blow_rate = 0.06;
            blow = loss * (blow_rate / (blow_rate + sink_rate));
            sink = loss - blow;
        }
        if (branch == 3)
            blow = 0.0; /* blow-out not enabled this step */
        check_close("blow_tot", b.x.blow_tot, blow);
        check_close("sink_tot", b.x.sink_tot, sink);
        check_close("M_out", b.c.M_out, blow * A / MD_M_MARS);
        check_close("M_sink", b.c.M_sink, sink * A / MD_M_MARS);
        ck_assert(b.tracks[3][0] == 1.0); /* the gate factor's track */
    }
}
END_TEST

START_TEST(loss_partition_without_collisions_and_with_gate) {
    bench b;
    bench_init(&b);
    b.x.coll_step = 0; /* no Smol step: only the sinks' own total, no blow-out */
    b.x.total_sink = 0.5;
    b.x.outflux = 0.1;
    ck_assert_int_eq(md_run_stage_losses(&b.su, &b.c, &b.x, NULL), MD_OK);
    ck_assert(b.x.sink_tot == 0.5 && b.x.blow_tot == 0.0 && b.c.M_out == 0.0);
    /* the gate factor scales the blow-out loss and flux when a gate is on */
    bench_init(&b);
    b.su.gate_enabled = 1;
    b.x.coll_step = b.x.enable_blowout = 1;
    b.x.sigma_before = 2.0;
    b.c.sigma_surf = 1.0;
    b.x.outflux = 0.1;
    b.x.smol_dt_eff = 10.0;
    b.x.gate = 0.25;
    ck_assert_int_eq(md_run_stage_losses(&b.su, &b.c, &b.x, NULL), MD_OK);
    check_close("gated blow_tot", b.x.blow_tot, 1.0 * 0.25);
    check_close("gated outflux", b.x.outflux, 0.1 * 0.25);
}
END_TEST

START_TEST(gate_factor_modes) {
    /* S19: t_solid from sublimation or collisions, gate = t_solid / (t_solid + t_blow). */
    const double t_blow = 5e3;
    const md_params_gate_mode modes[] = {MD_PARAMS_GATE_NONE,
                                         MD_PARAMS_GATE_SUBLIMATION_COMPETITION,
                                         MD_PARAMS_GATE_COLLISION_COMPETITION};
    for (int m = 0; m < 3; ++m) {
        bench b;
        bench_init(&b);
        b.p.blowout.gate_mode = modes[m];
        b.su.gate_enabled = modes[m] != MD_PARAMS_GATE_NONE;
        b.x.enable_blowout = 1;
        b.x.t_blow = t_blow;
        b.x.ds_val = -1e-10;
        b.c.s_min_eff = 2e-6;
        b.x.tau_los = 0.5;
        b.su.los_factor = 2.0;
        ck_assert_int_eq(md_run_stage_gate_factor(&b.su, &b.c, &b.x, NULL), MD_OK);
        double t_solid = NAN, gate = 1.0;
        if (m == 1)
            t_solid = 2e-6 / 1e-10;
        if (m == 2)
            t_solid = 1.0 / (2e-4 * (0.5 / 2.0));
        if (m > 0)
            gate = fmin(fmax(t_solid / (t_solid + t_blow), 0.0), 1.0);
        ck_assert(m == 0 ? isnan(b.x.t_solid) : b.x.t_solid == t_solid);
        check_close("gate", b.x.gate, gate);
        /* no blow-out this step: the factor stays 1 */
        b.x.enable_blowout = 0;
        b.x.gate = 1.0;
        ck_assert_int_eq(md_run_stage_gate_factor(&b.su, &b.c, &b.x, NULL), MD_OK);
        ck_assert(b.x.gate == 1.0);
    }
}
END_TEST

START_TEST(orbit_rollup_over_several_orbits) {
    /* S24 (§3.5): with t_orb = 3 dt, seven steps complete two orbits; each roll-up takes the
     * fraction t_orb / accumulated time of the accumulated losses. */
    bench b;
    bench_init(&b);
    b.p.numerics.orbit_rollup = 1;
    b.su.g.t_orb = 30.0;
    double t = 0.0, out = 0.0, sink = 0.0;
    long orbits = 0;
    for (int step = 0; step < 7; ++step) {
        b.x.blow_mass = 1e-12 * (step + 1);
        b.x.dm_sinks_step = 2e-12;
        ck_assert_int_eq(md_run_stage_orbit_rollup(&b.su, &b.c, &b.x, NULL), MD_OK);
        t += 10.0;
        out += 1e-12 * (step + 1);
        sink += 2e-12;
        while (t >= 30.0 && t > 0.0) {
            const double frac = 30.0 / t;
            const double mo = out * frac, ms = sink * frac;
            orbits++;
            t -= 30.0;
            out = fmax(out - mo, 0.0);
            sink = fmax(sink - ms, 0.0);
        }
    }
    ck_assert_int_eq(b.c.orbits, 2);
    ck_assert_int_eq(orbits, 2);
    ck_assert(b.c.orbit_time == t && b.c.orbit_out == out && b.c.orbit_sink == sink);
    /* without orbit_rollup the accumulators grow and no orbit is counted */
    bench_init(&b);
    b.p.numerics.orbit_rollup = 0;
    b.su.g.t_orb = 30.0;
    for (int step = 0; step < 7; ++step)
        md_run_stage_orbit_rollup(&b.su, &b.c, &b.x, NULL);
    ck_assert(b.c.orbits == 0 && b.c.orbit_time == 70.0);
}
END_TEST

START_TEST(early_stop_at_the_min_duration_edge) {
    /* S4: a_blow <= s_min_config ends the run before the row, once t_k >= min duration. */
    for (int edge = 0; edge < 3; ++edge) {
        bench b;
        bench_init(&b); /* k = 2: t_k = 20 s */
        b.p.numerics.stop_on_blowout_below_smin = 1;
        b.c.a_blow = b.p.sizes.s_min;
        b.su.tg.min_duration_s = edge == 0 ? 20.0 : edge == 1 ? nextafter(20.0, 30.0) : 0.0;
        ck_assert_int_eq(md_run_stage_early_stop(&b.su, &b.c, &b.x, NULL), MD_OK);
        const int stops = edge != 1;
        ck_assert_int_eq(b.x.end_now, stops);
        if (stops) {
            ck_assert_int_eq(b.c.stop_reason, MD_STOP_A_BLOW_BELOW_S_MIN);
            ck_assert(b.c.stop_step == 2 && b.c.stop_time == 20.0 && b.c.elapsed == 20.0);
            ck_assert_str_eq(md_run_state_stop_reason_name(b.c.stop_reason),
                             "a_blow_below_s_min_config");
        }
    }
    bench b; /* a_blow above s_min: no stop */
    bench_init(&b);
    b.p.numerics.stop_on_blowout_below_smin = 1;
    b.c.a_blow = nextafter(b.p.sizes.s_min, 1.0);
    md_run_stage_early_stop(&b.su, &b.c, &b.x, NULL);
    ck_assert_int_eq(b.x.end_now, 0);
}
END_TEST

START_TEST(stop_flags_after_the_row) {
    /* S22 loss-rate stop at the min-duration edge (t_k + dt >= min duration) and S27 tau stop;
     * S34 (in md_run_stage_record) stamps t_k + 2 dt (§4.8 Q7). */
    for (int edge = 0; edge < 2; ++edge) {
        bench b;
        bench_init(&b); /* t_k + dt = 30 s */
        b.p.numerics.mass_loss_rate_stop_Mmars_s = 1e-20;
        b.su.tg.min_duration_s = edge == 0 ? 30.0 : nextafter(30.0, 40.0);
        b.x.M_out_dot = b.x.M_sink_dot = 0.0;
        ck_assert_int_eq(md_run_stage_loss_rate_stop(&b.su, &b.c, &b.x, NULL), MD_OK);
        ck_assert_int_eq(b.x.stop_after, edge == 0);
    }
    bench b;
    bench_init(&b);
    b.p.optical_depth.present = 1;
    b.p.optical_depth.tau_stop = 1.0;
    b.p.optical_depth.tau_stop_tol = 0.0;
    b.x.solid = 1;
    b.x.kappa_eff = NAN; /* falls back to kappa_surf */
    b.c.kappa_surf = 2.0;
    b.c.sigma_surf = 0.6;
    ck_assert_int_eq(md_run_stage_tau_stop(&b.su, &b.c, &b.x, NULL), MD_OK);
    ck_assert(b.x.stop_after && b.x.stop_after_reason == MD_STOP_TAU_EXCEEDED);
    check_close("tau_stop_value", b.c.tau_stop_value, 2.0 * 0.6);
    /* the record stage ends the run after the row, stamped t_k + 2 dt */
    b.su.mass_total = 1.0;
    ck_assert_int_eq(md_run_stage_record(&b.su, &b.c, &b.x, NULL), MD_OK);
    ck_assert(b.x.end_now && b.c.stop_step == 2 && b.c.stop_time == 40.0 && b.c.n_done == 1);
    ck_assert_str_eq(md_run_state_stop_reason_name(b.c.stop_reason), "tau_exceeded");
}
END_TEST

START_TEST(error_names_the_step_and_time) {
    /* A stage's error leaves md_run_stage_step prefixed with the step and its time: here the
     * temperature table (extrapolation = error) ends at 15 s and step 2 starts at 20 s. */
    static const double t_s[] = {0.0, 15.0}, T_K[] = {3000.0, 2990.0};
    bench b;
    bench_init(&b);
    b.su.temp = (md_temp_table){.n = 2, .t_s = t_s, .T_K = T_K, .extrapolate_error = 1};
    b.c.temp_cursor = -1;
    md_error err;
    int end = 0;
    ck_assert_int_eq(md_run_stage_step(&b.su, &b.c, 2, &end, &err), MD_ERR_PHYSICS);
    ck_assert_msg(strncmp(err.msg, "step 2 (t = 20 s): T(t) requested", 33) == 0, "%s", err.msg);
}
END_TEST

int main(void) {
    Suite *s = suite_create("run_stages");
    TCase *tc = tcase_create("stages");
    tcase_add_test(tc, begin_marks_rows_and_defaults);
    tcase_add_test(tc, temperature_from_the_table);
    tcase_add_test(tc, radiation_block_and_floor_modes);
    tcase_add_test(tc, phase_and_process_gates);
    tcase_add_test(tc, sublimation_locations_and_floor);
    tcase_add_test(tc, surface_kappa_without_drift);
    tcase_add_test(tc, gates_and_fast_blowout);
    tcase_add_test(tc, solver_without_collisions);
    tcase_add_test(tc, rates_for_the_row);
    tcase_add_test(tc, supply_diagnostics_and_t_coll);
    tcase_add_test(tc, loss_partition_branches);
    tcase_add_test(tc, loss_partition_without_collisions_and_with_gate);
    tcase_add_test(tc, gate_factor_modes);
    tcase_add_test(tc, orbit_rollup_over_several_orbits);
    tcase_add_test(tc, early_stop_at_the_min_duration_edge);
    tcase_add_test(tc, stop_flags_after_the_row);
    tcase_add_test(tc, error_names_the_step_and_time);
    suite_add_tcase(s, tc);
    return md_test_run_suite(s);
}
