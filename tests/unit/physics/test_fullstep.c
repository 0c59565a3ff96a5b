/* md_fullstep: the right-hand side against the reference's terms, the analytic Jacobian against
 * finite differences, and the integrator against closed-form solutions (sinks and source,
 * pair coagulation, cratering with the self-return), its budget and its guards. */
#include "md_fragment.h"
#include "md_fullstep.h"
#include "md_grid.h"
#include "md_kernel.h"
#include "md_smol.h"
#include "md_test_support.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NB 24         /* bins of the realistic problem */
#define RHO 3270.0    /* [kg m^-3] */
#define V_REL 4000.0  /* [m s^-1] */
#define H_SCALE 1.0e4 /* [m] */
#define DT 20.0       /* [s] */

/* A problem on a log grid 1e-6..1 m with a realistic fragment table, N ~ s^-3.5 width scaled
 * to Sigma [kg m^-2], blow-out on the two smallest bins, a weak sublimation sink, a uniform sink
 * and supply into bin 3. Heap buffers, freed by problem_free. */
typedef struct problem {
    int n;
    double edges[NB + 1], s[NB], width[NB], m[NB], qd[NB], H[NB], ones[NB], L[NB];
    double K[NB * NB], N[NB], S_blow[NB], S_sink[NB], S_sub[NB], F[NB];
    void *frag_buf, *scratch_buf;
    md_fragment_table frag;
    md_fullstep_scratch scratch;
    md_fullstep_problem p;
} problem;

static void problem_init(problem *q, double sigma) {
    md_error err;
    q->n = NB;
    ck_assert_int_eq(md_grid_build_log(1.0e-6, 1.0, NB, RHO, q->edges, q->s, q->width, q->m, &err),
                     MD_OK);
    double mass = 0.0;
    for (int k = 0; k < NB; ++k) {
        q->qd[k] = 2.0e5 * pow(q->s[k] / 1.0e-4, -0.36) + 3.0e2 * pow(q->s[k], 1.36);
        q->H[k] = H_SCALE;
        q->ones[k] = 1.0;
        q->N[k] = pow(q->s[k], -3.5) * q->width[k];
        mass += q->m[k] * q->N[k];
        q->S_blow[k] = k < 2 ? 1.0 / 1500.0 : 0.0;
        q->S_sink[k] = 1.0e-7;
        q->S_sub[k] = 2.0e-9 / q->s[k] * 1.0e-3;
        q->F[k] = 0.0;
    }
    for (int k = 0; k < NB; ++k)
        q->N[k] *= sigma / mass;
    q->F[3] = 1.0e-6 * sigma / q->m[3]; /* supplies 1e-6 Sigma per second */
    q->frag_buf = malloc(md_fragment_table_bytes(NB));
    q->scratch_buf = malloc(md_fullstep_scratch_bytes(NB));
    ck_assert_ptr_nonnull(q->frag_buf);
    ck_assert_ptr_nonnull(q->scratch_buf);
    md_fragment_table_bind(&q->frag, q->frag_buf, NB);
    ck_assert_int_eq(md_fragment_build(&q->frag, q->s, q->m, q->edges, NB, RHO, V_REL, q->qd, &err),
                     MD_OK);
    md_fullstep_scratch_bind(&q->scratch, q->scratch_buf, NB);
    ck_assert_int_eq(md_kernel_collision(q->ones, q->s, q->H, NB, V_REL, q->K, q->L, &err), MD_OK);
    q->p = (md_fullstep_problem){.n = NB,
                                 .K = q->K,
                                 .frag = &q->frag,
                                 .m = q->m,
                                 .S_blow = q->S_blow,
                                 .S_sink = q->S_sink,
                                 .S_sub = q->S_sub,
                                 .source = q->F};
    md_fullstep_prepare(&q->p, &q->scratch);
}

static void problem_free(problem *q) {
    free(q->frag_buf);
    free(q->scratch_buf);
}

/* The reference's terms at N: G(C) - L N + F - S_tot N with C and L from md_kernel_collision
 * at N and G from md_smol_gain (spec 20 §6.3), for comparison with the regrouped rhs. */
static void reference_rhs(problem *q, const double *N, double *f, double *gross) {
    static double C[NB * NB], L[NB], gain[NB], spread[NB];
    md_error err;
    ck_assert_int_eq(md_kernel_collision(N, q->s, q->H, NB, V_REL, C, L, &err), MD_OK);
    md_smol_gain(C, &q->frag, q->m, NB, spread, gain);
    for (int k = 0; k < NB; ++k) {
        const double sinks = (q->S_blow[k] + q->S_sink[k]) + q->S_sub[k];
        f[k] = ((gain[k] - L[k] * N[k]) + q->F[k]) - sinks * N[k];
        gross[k] = fabs(gain[k]) + fabs(L[k] * N[k]) + fabs(q->F[k]) + fabs(sinks * N[k]);
    }
}

START_TEST(rhs_is_the_reference_right_hand_side) {
    /* Taking the self-return out changes the arithmetic, not the equation: the regrouped f
     * equals the reference's gain - loss to the rounding of the cancelled terms. */
    problem q;
    problem_init(&q, 1.0);
    int self_pairs = 0;
    for (int p = 0; p < q.scratch.n_pairs; ++p)
        self_pairs += q.scratch.pairs[p].L == q.scratch.pairs[p].j;
    ck_assert_int_gt(self_pairs, NB); /* the grid has cratering pairs: the test covers them */
    double f[NB], f_ref[NB], gross[NB];
    md_fullstep_rhs(&q.p, q.N, &q.scratch, f);
    reference_rhs(&q, q.N, f_ref, gross);
    for (int k = 0; k < NB; ++k)
        ck_assert_msg(fabs(f[k] - f_ref[k]) <= 1.0e-12 * gross[k],
                      "bin %d: f = %.17g, reference terms %.17g (gross %.3g)", k, f[k], f_ref[k],
                      gross[k]);
    problem_free(&q);
}
END_TEST

START_TEST(fragment_weights_factor_into_bin_and_row) {
    /* The gain's suffix sums rest on W[L][k] = v_L u_k (md_fragment_weights forms each entry as
     * one product I_k c_L): if that construction changes, this fails before the gain does. */
    problem q;
    problem_init(&q, 1.0);
    for (int L = 0; L < NB; ++L)
        for (int k = 0; k < NB; ++k) {
            const double w = q.frag.weights[L * NB + k];
            const double uv = k <= L ? q.scratch.weight_row[L] * q.scratch.weight_bin[k] : 0.0;
            ck_assert_msg(fabs(w - uv) <= 4.0 * DBL_EPSILON * w, "W[%d][%d] = %.17g, v u = %.17g",
                          L, k, w, uv);
        }
    problem_free(&q);
}
END_TEST

START_TEST(rhs_conserves_mass_apart_from_sinks_and_source) {
    problem q;
    problem_init(&q, 1.0);
    double f[NB], f_ref[NB], gross[NB];
    md_fullstep_rhs(&q.p, q.N, &q.scratch, f);
    reference_rhs(&q, q.N, f_ref, gross);
    double dm = 0.0, expected = 0.0, scale = 0.0;
    for (int k = 0; k < NB; ++k) {
        dm += q.m[k] * f[k];
        expected += q.m[k] * (q.F[k] - ((q.S_blow[k] + q.S_sink[k]) + q.S_sub[k]) * q.N[k]);
        scale += q.m[k] * gross[k];
    }
    /* Relative to the mass the collisions move per second: the self-return formulation keeps
     * the budget 1e-15 of it (the reference's terms lose ~1e-13 to cancellation). */
    ck_assert_msg(fabs(dm - expected) <= 1.0e-14 * scale, "sum m f = %.17g, expected %.17g (%g)",
                  dm, expected, scale);
    problem_free(&q);
}
END_TEST

START_TEST(jacobian_matches_central_differences) {
    /* f is quadratic in N, so the central difference is exact up to rounding. */
    problem q;
    problem_init(&q, 1.0);
    static double J[NB * NB];
    md_fullstep_jacobian(&q.p, q.N, &q.scratch, J);
    double Np[NB], Nm[NB], fp[NB], fm[NB];
    for (int l = 0; l < NB; ++l) {
        memcpy(Np, q.N, sizeof Np);
        memcpy(Nm, q.N, sizeof Nm);
        const double h = 1.0e-4 * q.N[l];
        Np[l] += h;
        Nm[l] -= h;
        md_fullstep_rhs(&q.p, Np, &q.scratch, fp);
        md_fullstep_rhs(&q.p, Nm, &q.scratch, fm);
        for (int k = 0; k < NB; ++k) {
            const double fd = (fp[k] - fm[k]) / (Np[l] - Nm[l]);
            double row_max = 0.0;
            for (int c = 0; c < NB; ++c)
                row_max = fmax(row_max, fabs(J[k * NB + c]) * q.N[c] / q.N[l]);
            ck_assert_msg(fabs(J[k * NB + l] - fd) <= 1.0e-7 * row_max,
                          "J[%d][%d] = %.10g, central difference %.10g (row scale %g)", k, l,
                          J[k * NB + l], fd, row_max);
        }
    }
    problem_free(&q);
}
END_TEST

static md_fullstep_result integrate(const md_fullstep_problem *p, md_fullstep_scratch *s,
                                    const double *N0, double dt, double rtol, double *N) {
    const md_fullstep_control ctl = {.rtol = rtol, .atol = MD_FULLSTEP_ATOL, .h_init = 0.0};
    md_fullstep_result r;
    md_error err;
    ck_assert_msg(md_fullstep_integrate(p, N0, dt, &ctl, s, N, &r, &err) == MD_OK, "%s", err.msg);
    return r;
}

START_TEST(sinks_and_source_exact) {
    /* dN/dt = F - S N: N(t) = F/S + (N0 - F/S) e^{-S t} and the sink's mass integral in closed
     * form; S dt from 1e-3 to 50 (stiff). */
    enum { n = 4 };
    const double m[n] = {1.0, 2.0, 4.0, 8.0}, N0[n] = {1.0, 3.0, 0.5, 2.0};
    const double S[n] = {50.0, 3.0, 0.2, 1.0e-3}, F[n] = {2.0, 0.0, 0.7, 0.01};
    const double dt = 1.0;
    static unsigned char buf[4096];
    ck_assert_uint_le(md_fullstep_scratch_bytes(n), sizeof buf);
    md_fullstep_scratch s;
    md_fullstep_scratch_bind(&s, buf, n);
    const md_fullstep_problem p = {.n = n, .m = m, .S_blow = S, .source = F};
    const double rtols[] = {1.0e-6, 1.0e-9};
    for (int r = 0; r < 2; ++r) {
        double N[n];
        const md_fullstep_result res = integrate(&p, &s, N0, dt, rtols[r], N);
        double blow = 0.0;
        for (int k = 0; k < n; ++k) {
            const double eq = F[k] / S[k], decay = exp(-S[k] * dt);
            const double exact = eq + (N0[k] - eq) * decay;
            ck_assert_msg(fabs(N[k] - exact) <= 20.0 * rtols[r] * fabs(exact),
                          "rtol %g bin %d: %.15g, exact %.15g", rtols[r], k, N[k], exact);
            blow += m[k] * S[k] * (eq * dt + (N0[k] - eq) * (1.0 - decay) / S[k]);
        }
        ck_assert_msg(fabs(res.blow_mass - blow) <= 20.0 * rtols[r] * blow,
                      "rtol %g: sink integral %.15g, exact %.15g", rtols[r], res.blow_mass, blow);
        ck_assert_double_le(res.mass_error, 1.0e-12);
        ck_assert_int_ge(res.steps, 1);
    }
}
END_TEST

/* A two-bin fragment table by hand: W[1] spreads over bins {0, 1} with w10, w11; W[0][0] = 1. */
static void two_bin_table(md_fragment_table *t, void *buf, int L11, double f11, int L01, double f01,
                          double w10, double w11) {
    md_fragment_table_bind(t, buf, 2);
    for (int e = 0; e < 4; ++e) {
        t->k_lr[e] = -1;
        t->f_lr[e] = 0.0;
        t->weights[e] = 0.0;
    }
    t->weights[0] = 1.0;
    t->weights[2] = w10;
    t->weights[3] = w11;
    t->k_lr[3] = L11;
    t->f_lr[3] = f11;
    t->k_lr[1] = L01;
    t->f_lr[1] = f01;
}

START_TEST(pair_coagulation_with_sink_exact) {
    /* Only (1,1) collides and all its mass goes to bin 0; bin 1 also has a sink S. With
     * c = 2K: N1' = -c N1^2 - S N1, so N1 = S y0 e / (S + c y0 (1 - e)), e = exp(-S t); the sink
     * takes Q = m1 S int N1 = (m1 S/c) ln(1 + c y0 (1 - e)/S); the rest of bin 1's mass is in
     * bin 0. c y0 dt = 1000 and S dt = 5: the reference's dt_eff would be dt/10^4. */
    static double frag_buf[64];
    md_fragment_table t;
    ck_assert_uint_le(md_fragment_table_bytes(2), sizeof frag_buf);
    two_bin_table(&t, frag_buf, 0, 0.3, -1, 0.0, 1.0, 0.0);
    const double m[2] = {1.0e-3, 1.0}, N0[2] = {0.0, 2.0}, dt = 10.0;
    const double c = 1000.0 / (N0[1] * dt), S[2] = {0.0, 5.0 / dt};
    const double K[4] = {0.0, 0.0, 0.0, 0.5 * c};
    static unsigned char buf[2048];
    md_fullstep_scratch s;
    md_fullstep_scratch_bind(&s, buf, 2);
    const md_fullstep_problem p = {.n = 2, .K = K, .frag = &t, .m = m, .S_sink = S};
    const double rtols[] = {1.0e-6, 1.0e-9};
    for (int r = 0; r < 2; ++r) {
        double N[2];
        const md_fullstep_result res = integrate(&p, &s, N0, dt, rtols[r], N);
        const double e = exp(-S[1] * dt);
        const double n1 = S[1] * N0[1] * e / (S[1] + c * N0[1] * (1.0 - e));
        const double q = m[1] * S[1] / c * log1p(c * N0[1] * (1.0 - e) / S[1]);
        const double n0 = N0[0] + (m[1] * (N0[1] - n1) - q) / m[0];
        ck_assert_msg(fabs(N[1] - n1) <= 20.0 * rtols[r] * n1, "rtol %g: N1 %.15g, exact %.15g",
                      rtols[r], N[1], n1);
        ck_assert_msg(fabs(N[0] - n0) <= 20.0 * rtols[r] * n0, "rtol %g: N0 %.15g, exact %.15g",
                      rtols[r], N[0], n0);
        ck_assert_msg(fabs(res.sink_mass - q) <= 20.0 * rtols[r] * q,
                      "rtol %g: sink %.15g, exact %.15g", rtols[r], res.sink_mass, q);
        ck_assert_double_le(res.mass_error, 1.0e-12);
    }
}
END_TEST

START_TEST(cratering_self_return_exact) {
    /* (0,1) collides, the remnant stays in the target's bin 1 (the self-return), the eroded mass
     * M (1-f) goes to bin 0 (W[1] = {1, 0}). Per collision bin 0 gains a = M(1-f)/m0 - 1 and bin
     * 1 changes by b = (m0 f - m1 (1-f))/m1, so N1 - N1_0 = (b/a)(N0 - N0_0) and
     * dN0/dt = a K N0 (c0 + c N0) with c = b/a, c0 = N1_0 - c N0_0: N0(t) = c0 x0 e /
     * (c0 + c x0 (1 - e)), e = exp(a K c0 t). Target loss rate K N0 ~ 1e4 / dt. */
    static double frag_buf[64];
    md_fragment_table t;
    const double f = 1.0 - 1.0e-4, m[2] = {1.0, 1.0e6}, N0[2] = {1.0, 1.0}, dt = 100.0;
    two_bin_table(&t, frag_buf, -1, 0.0, 1, f, 1.0, 0.0);
    const double a = (m[0] + m[1]) * (1.0 - f) / m[0] - 1.0;
    const double b = (m[0] * f - m[1] * (1.0 - f)) / m[1];
    const double c = b / a, c0 = N0[1] - c * N0[0];
    const double Kp = 5.0 / (a * c0 * dt); /* a K c0 dt = 5: N0 grows ~ e^5, N1 drops ~ 1 % */
    const double K[4] = {0.0, Kp, 0.0, 0.0};
    static unsigned char buf[2048];
    md_fullstep_scratch s;
    md_fullstep_scratch_bind(&s, buf, 2);
    const md_fullstep_problem p = {.n = 2, .K = K, .frag = &t, .m = m};
    const double rtols[] = {1.0e-6, 1.0e-9};
    for (int r = 0; r < 2; ++r) {
        double N[2];
        const md_fullstep_result res = integrate(&p, &s, N0, dt, rtols[r], N);
        const double e = exp(a * Kp * c0 * dt);
        const double n0 = c0 * N0[0] * e / (c0 + c * N0[0] * (1.0 - e));
        const double n1 = N0[1] + c * (n0 - N0[0]);
        ck_assert_msg(fabs(N[0] - n0) <= 20.0 * rtols[r] * n0, "rtol %g: N0 %.15g, exact %.15g",
                      rtols[r], N[0], n0);
        ck_assert_msg(fabs(N[1] - n1) <= 20.0 * rtols[r] * n1, "rtol %g: N1 %.15g, exact %.15g",
                      rtols[r], N[1], n1);
        ck_assert_double_le(res.mass_error, 1.0e-12);
    }
}
END_TEST

START_TEST(realistic_step_closes_the_budget) {
    /* Sigma = 10 kg m^-2: min t_coll ~ 1e-8 s against dt = 20 s. The budget with the sink
     * integrals closes to round-off; N stays non-negative; halving rtol moves the result by
     * less than the tolerance. */
    problem q;
    problem_init(&q, 10.0);
    double tcoll_min = INFINITY;
    for (int k = 0; k < NB; ++k) {
        double rate = 0.0;
        for (int j = 0; j < NB; ++j)
            rate += (j == k ? 2.0 : 1.0) * q.K[k <= j ? k * NB + j : j * NB + k] * q.N[j];
        tcoll_min = fmin(tcoll_min, 1.0 / rate);
    }
    ck_assert_double_lt(tcoll_min, 1.0e-6 * DT);
    double N6[NB], N9[NB];
    const md_fullstep_result r6 = integrate(&q.p, &q.scratch, q.N, DT, 1.0e-6, N6);
    const md_fullstep_result r9 = integrate(&q.p, &q.scratch, q.N, DT, 1.0e-9, N9);
    ck_assert_double_le(r6.mass_error, 1.0e-12);
    ck_assert_double_le(r9.mass_error, 1.0e-12);
    ck_assert_double_gt(r6.blow_mass, 0.0);
    ck_assert_double_gt(r6.sink_mass, 0.0);
    ck_assert_double_gt(r6.sub_mass, 0.0);
    double mass = 0.0, diff = 0.0;
    for (int k = 0; k < NB; ++k) {
        ck_assert_double_ge(N6[k], 0.0);
        mass += q.m[k] * N9[k];
        diff += q.m[k] * fabs(N6[k] - N9[k]);
    }
    ck_assert_msg(diff <= 1.0e-5 * mass, "rtol 1e-6 vs 1e-9: mass-weighted difference %g of %g",
                  diff, mass);
    problem_free(&q);
}
END_TEST

START_TEST(guards) {
    problem q;
    problem_init(&q, 1.0);
    double N[NB];
    md_error err;
    md_fullstep_result r;
    md_fullstep_control ctl = {.rtol = 1e-6, .atol = 1e-14};
    ck_assert_int_eq(md_fullstep_integrate(&q.p, q.N, 0.0, &ctl, &q.scratch, N, &r, &err),
                     MD_ERR_PHYSICS);
    ck_assert_ptr_nonnull(strstr(err.msg, "dt"));
    ctl.rtol = 0.0;
    ck_assert_int_eq(md_fullstep_integrate(&q.p, q.N, DT, &ctl, &q.scratch, N, &r, &err),
                     MD_ERR_PHYSICS);
    ck_assert_ptr_nonnull(strstr(err.msg, "rtol"));
    ctl.rtol = 1e-6;
    md_fullstep_problem no_table = q.p;
    no_table.frag = NULL;
    ck_assert_int_eq(md_fullstep_integrate(&no_table, q.N, DT, &ctl, &q.scratch, N, &r, &err),
                     MD_ERR_PHYSICS);
    ck_assert_ptr_nonnull(strstr(err.msg, "fragment table"));
    problem_free(&q);
}
END_TEST

int main(void) {
    Suite *s = suite_create("fullstep");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, rhs_is_the_reference_right_hand_side);
    tcase_add_test(tc, fragment_weights_factor_into_bin_and_row);
    tcase_add_test(tc, rhs_conserves_mass_apart_from_sinks_and_source);
    tcase_add_test(tc, jacobian_matches_central_differences);
    tcase_add_test(tc, sinks_and_source_exact);
    tcase_add_test(tc, pair_coagulation_with_sink_exact);
    tcase_add_test(tc, cratering_self_return_exact);
    tcase_add_test(tc, realistic_step_closes_the_budget);
    tcase_add_test(tc, guards);
    suite_add_tcase(s, tc);
    return md_test_run_suite(s);
}
