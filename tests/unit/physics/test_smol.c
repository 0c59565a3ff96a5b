/* md_smol: the IMEX-BDF1 core step against spec 20 §9.1 and §9.3, its halving rules, the mass
 * budget C4, and the remnant-grouped gain against the dense JIT contraction. */
#include "md_fragment.h"
#include "md_grid.h"
#include "md_kernel.h"
#include "md_qstar.h"
#include "md_smol.h"
#include "md_test_support.h"
#include "physB_case9.h"

#include <stdlib.h>
#include <string.h>

/* Doubles that hold md_fragment_table_bytes(n) (about 4.25 n^2 + 2.25 n + 0.5). */
#define FRAG_DOUBLES(n) (5 * (n) * (n) + 3 * (n) + 1)

typedef struct fixture {
    double frag_buf[FRAG_DOUBLES(C9_N)];
    md_fragment_table frag;
    double buf[4 * C9_N];
    md_smol_scratch scratch;
} fixture;

static void fixture_init(fixture *f) {
    ck_assert_uint_le(md_fragment_table_bytes(C9_N), sizeof f->frag_buf);
    md_fragment_table_bind(&f->frag, f->frag_buf, C9_N);
    md_error err;
    ck_assert_int_eq(
        md_fragment_build(&f->frag, c9_s, c9_m, c9_edges, C9_N, C9_RHO, C9_V_REL, c9_qd, &err),
        MD_OK);
    ck_assert_uint_eq(md_smol_scratch_doubles(C9_N), 4 * C9_N);
    md_smol_scratch_bind(&f->scratch, f->buf, C9_N);
}

/* L_i = (sum_j C_ij + C_ii)/N_i over the full symmetric row (upper triangle read), the plain
 * sequential loop: the loss coefficients md_kernel_collision hands to the step. */
static void plain_loss_rates(const double *C, const double *N, int n, double *L) {
    for (int i = 0; i < n; ++i) {
        double acc = 0.0;
        for (int j = 0; j < n; ++j)
            acc += j < i ? C[j * n + i] : C[i * n + j];
        acc += C[i * n + i];
        L[i] = N[i] > 0.0 ? acc / N[i] : 0.0;
    }
}

static const double S_blow9[C9_N] = {0.00041678416987711976, 0.0, 0.0, 0.0, 0.0};

/* Example A (spec 20 §9.1): melt-mixture state, C_ij from the spec. */
static const double A_N[C9_N] = {24965974140.612198, 2.868534620124925e-07, 1.0322538448047011e-19,
                                 5.4542628905355164e-08, 0.00023009541839354638};
static const double A_C[C9_N * C9_N] = {
    298757841.56302315,    7.385249495362545e-07,  9.432997524419346e-17,  0.019334601552456802,
    31786.923459679092,    7.385249495362545e-07,  1.5374145035507877e-23, 1.1902869341167492e-33,
    2.232334952828469e-19, 3.6531475386463276e-13, 9.432997524419346e-17,  1.1902869341167492e-33,
    7.760546447234697e-46, 8.822184564972162e-32,  1.3210102246651221e-25, 0.019334601552456802,
    2.232334952828469e-19, 8.822184564972162e-32,  8.445783014722381e-20,  7.665599110798838e-14,
    31786.923459679092,    3.6531475386463276e-13, 1.3210102246651221e-25, 7.665599110798838e-14,
    5.859117808094296e-10};

START_TEST(example_a_core_step) {
    fixture f;
    fixture_init(&f);
    static const double L_want[C9_N] = {0.02393447444523343, 2.5745734761920662, 913.825372034739,
                                        354486.05871351995, 138146703.14431524};
    double L[C9_N];
    plain_loss_rates(A_C, A_N, C9_N, L);
    c9_check_vec("A: L", L, L_want, C9_N, C9_TOL);
    const md_smol_input in = {.n = C9_N,
                              .N = A_N,
                              .C = A_C,
                              .L = L,
                              .frag = &f.frag,
                              .m = c9_m,
                              .S = S_blow9,
                              .has_prod = 1,
                              .prod_mass_rate = 0.0,
                              .extra_mass_loss_rate = 1.2503525096312484e-05,
                              .dt = C9_DT,
                              .mass_tol = MD_SMOL_MASS_TOL,
                              .safety = MD_SMOL_SAFETY};
    double N_new[C9_N];
    md_smol_result r;
    md_error err;
    ck_assert_int_eq(md_smol_step(&in, &f.scratch, N_new, &r, &err), MD_OK);

    static const double G_want[C9_N] = {624218587.3802351, 2.0032044578950754,
                                        1.5027673073899637e-07, 0.019334601867668638,
                                        31786.923459672656};
    static const double N_want[C9_N] = {24965974140.62397, 2.88303517402916e-07,
                                        1.0888369413104713e-16, 5.454262890558322e-08,
                                        0.00023009541839354134};
    c9_check_vec("A: G", f.scratch.gain, G_want, C9_N, C9_TOL);
    c9_check_vec("A: N_new", N_new, N_want, C9_N, C9_TOL);
    const double dt_want = 7.238681613381305e-10;
    c9_check_vec("A: dt_eff", &r.dt_eff, &dt_want, 1, C9_TOL);
    c9_check_vec("A: dt_max", &r.dt_max, &dt_want, 1, C9_TOL);
    ck_assert_int_eq(r.halvings, 0);
    /* The error itself is rounding noise (1.998e-15 in the reference): only its size matters. */
    ck_assert(r.mass_error <= 1e-12);
    const double diag[4] = {r.gain_mass_rate, r.loss_mass_rate, r.sink_mass_rate,
                            r.source_mass_rate};
    static const double diag_want[4] = {134002297.93397981, 134002297.93397689,
                                        1.2503525096312484e-05, 0.0};
    c9_check_vec("A: diagnostics", diag, diag_want, 4, C9_TOL);
    printf("  A: mass error %.4g (reference 1.9984014443252818e-15)\n", r.mass_error);
}
END_TEST

/* Example C (spec 20 §9.3): mono-disperse top bin, supply into bin 0, one halving. */
static const double Cx_N[C9_N] = {0.0, 0.0, 0.0, 0.0, 2.372117788459389};
static const double Cx_F[C9_N] = {8321991380.204805, 0.0, 0.0, 0.0, 0.0};

static md_smol_input example_c_input(const fixture *f, const double *C, const double *L,
                                     double mass_tol) {
    return (md_smol_input){.n = C9_N,
                           .N = Cx_N,
                           .C = C,
                           .L = L,
                           .frag = &f->frag,
                           .m = c9_m,
                           .S = S_blow9,
                           .source = Cx_F,
                           .has_prod = 1,
                           .prod_mass_rate = 1.0e-2,
                           .extra_mass_loss_rate = 0.0,
                           .dt = C9_DT,
                           .mass_tol = mass_tol,
                           .safety = MD_SMOL_SAFETY};
}

START_TEST(example_c_core_step_halves_once) {
    fixture f;
    fixture_init(&f);
    double C[C9_N * C9_N] = {0};
    C[C9_N * C9_N - 1] = 0.062271422776275925;
    double L[C9_N], N_new[C9_N];
    plain_loss_rates(C, Cx_N, C9_N, L);
    md_smol_result r;
    md_error err;

    /* First trial alone (tolerance 1): err = x^2/(1+x) at x = 0.1. */
    md_smol_input in = example_c_input(&f, C, L, 1.0);
    ck_assert_int_eq(md_smol_step(&in, &f.scratch, N_new, &r, &err), MD_OK);
    const double trial1[2] = {r.dt_eff, r.mass_error};
    static const double trial1_want[2] = {1.9046600211639255, 0.009090909090909009};
    c9_check_vec("C: trial 1 (dt, err)", trial1, trial1_want, 2, C9_TOL);

    in = example_c_input(&f, C, L, MD_SMOL_MASS_TOL);
    ck_assert_int_eq(md_smol_step(&in, &f.scratch, N_new, &r, &err), MD_OK);
    ck_assert_int_eq(r.halvings, 1);
    const double acc[3] = {r.dt_eff, r.mass_error, r.dt_max};
    static const double acc_want[3] = {0.9523300105819628, 0.0023809523809522944,
                                       1.9046600211639255};
    c9_check_vec("C: accepted (dt, err, dt_max)", acc, acc_want, 3, C9_TOL);
    static const double L_want[C9_N] = {0, 0, 0, 0, 0.05250280831688305};
    static const double G_want[C9_N] = {436659927739113.4, 32757440.313318904, 2.457404098050788,
                                        0.03452750798261898, 0.0};
    static const double N_want[C9_N] = {415852278886648.06, 31195893.480221007, 2.3402596707008656,
                                        0.03288158204245634, 2.2591597985327514};
    c9_check_vec("C: L", L, L_want, C9_N, C9_TOL);
    c9_check_vec("C: G", f.scratch.gain, G_want, C9_N, C9_TOL);
    c9_check_vec("C: N_new", N_new, N_want, C9_N, C9_TOL);
    const double diag[4] = {r.gain_mass_rate, r.loss_mass_rate, r.sink_mass_rate,
                            r.source_mass_rate};
    static const double diag_want[4] = {525.0280831688304, 500.02674587507664, 0.0, 0.01};
    c9_check_vec("C: diagnostics", diag, diag_want, 4, C9_TOL);
}
END_TEST

START_TEST(negative_n_halves_until_nonnegative) {
    /* Explicit sink 10/dt on every bin: N_new = N (1 - dt_eff S) < 0 until dt_eff S <= 1, i.e.
     * four halvings (x = 10, 5, 2.5, 1.25 rejected; 0.625 accepted). */
    fixture f;
    fixture_init(&f);
    double S[C9_N], N_new[C9_N];
    for (int k = 0; k < C9_N; ++k)
        S[k] = 10.0 / C9_DT;
    double tmp[C9_N];
    for (int k = 0; k < C9_N; ++k)
        tmp[k] = c9_m[k] * S[k] * A_N[k];
    double extra = 0.0;
    for (int k = 0; k < C9_N; ++k)
        extra += tmp[k];
    const md_smol_input in = {.n = C9_N,
                              .N = A_N,
                              .m = c9_m,
                              .S_external = S,
                              .has_prod = 1,
                              .extra_mass_loss_rate = extra,
                              .dt = C9_DT,
                              .mass_tol = MD_SMOL_MASS_TOL,
                              .safety = MD_SMOL_SAFETY};
    md_smol_result r;
    md_error err;
    ck_assert_int_eq(md_smol_step(&in, &f.scratch, N_new, &r, &err), MD_OK);
    ck_assert_int_eq(r.halvings, 4);
    ck_assert(r.dt_eff == C9_DT / 16.0);
    for (int k = 0; k < C9_N; ++k)
        ck_assert(N_new[k] >= 0.0);
    ck_assert(r.mass_error <= MD_SMOL_MASS_TOL);
}
END_TEST

START_TEST(sink_step_equals_zero_kernel_step) {
    /* spec 10 §4.5: the closed-form sink step is the zero-kernel IMEX step bit for bit. */
    fixture f;
    fixture_init(&f);
    const double S_sub[C9_N] = {3e-3, 2e-4, 1e-5, 5e-7, 2e-8};
    double rate = 0.0;
    for (int k = 0; k < C9_N; ++k)
        rate += c9_m[k] * S_sub[k] * A_N[k];
    const double dts[] = {C9_DT, 1.0e3, 1.0e6};
    for (size_t d = 0; d < sizeof dts / sizeof dts[0]; ++d) {
        const md_smol_input in = {.n = C9_N,
                                  .N = A_N,
                                  .m = c9_m,
                                  .S_sublimation = S_sub,
                                  .has_prod = 1,
                                  .extra_mass_loss_rate = rate,
                                  .dt = dts[d],
                                  .mass_tol = MD_SMOL_MASS_TOL,
                                  .safety = MD_SMOL_SAFETY};
        double N_a[C9_N], N_b[C9_N];
        md_smol_result ra, rb;
        md_error err;
        ck_assert_int_eq(md_smol_step(&in, &f.scratch, N_a, &ra, &err), MD_OK);
        ck_assert_int_eq(md_smol_sink_step(A_N, S_sub, c9_m, C9_N, dts[d], rate, MD_SMOL_MASS_TOL,
                                           N_b, &rb, &err),
                         MD_OK);
        ck_assert_int_eq(memcmp(N_a, N_b, sizeof N_a), 0);
        ck_assert(ra.dt_eff == rb.dt_eff && ra.mass_error == rb.mass_error);
        ck_assert_int_eq(ra.halvings, rb.halvings);
        ck_assert(ra.sink_mass_rate == rb.sink_mass_rate && ra.loss_mass_rate == rb.loss_mass_rate);
        for (int k = 0; k < C9_N; ++k)
            ck_assert(N_b[k] >= 0.0);
    }
}
END_TEST

START_TEST(limiter_is_the_elementwise_minimum) {
    /* dt_max = safety * min_k 1/max(L_k, 1e-30), the reference's element-wise form, bit for bit
     * (the step divides once, by the largest rate), for rates spanning zero, sub-floor values,
     * ties and large values. */
    fixture f;
    fixture_init(&f);
    static const double rate_sets[][C9_N] = {
        {0.02393447444523343, 2.5745734761920662, 913.825372034739, 354486.05871351995,
         138146703.14431524},
        {0.0, 0.0, 0.0, 0.0, 0.0},
        {1e-31, -1.0, 1e-30, 3e-30, 0.0},
        {7.0, 7.0, 3.0, 7.0, 1.0},
        {1e300, 2e-300, 5.0, 1e300, 0.5},
    };
    for (size_t r = 0; r < sizeof rate_sets / sizeof rate_sets[0]; ++r) {
        const double *L = rate_sets[r];
        const md_smol_input in = {.n = C9_N,
                                  .N = A_N,
                                  .C = A_C,
                                  .L = L,
                                  .frag = &f.frag,
                                  .m = c9_m,
                                  .has_prod = 1,
                                  .dt = 1e40,
                                  .mass_tol = 1e300,
                                  .safety = MD_SMOL_SAFETY};
        double N_new[C9_N];
        md_smol_result res;
        md_error err;
        ck_assert_int_eq(md_smol_step(&in, &f.scratch, N_new, &res, &err), MD_OK);
        double t_min = 0.0;
        for (int k = 0; k < C9_N; ++k) {
            const double t = 1.0 / (L[k] > 1e-30 ? L[k] : 1e-30);
            if (k == 0 || t < t_min)
                t_min = t;
        }
        const double want = MD_SMOL_SAFETY * t_min;
        ck_assert_msg(memcmp(&res.dt_max, &want, sizeof want) == 0, "set %zu: %a, want %a", r,
                      res.dt_max, want);
    }
}
END_TEST

START_TEST(mass_budget_error_c4) {
    const double m[2] = {2.0, 3.0};
    const double N0[2] = {1.0, 1.0}; /* M = 5 */
    const double N1[2] = {1.0, 0.5}; /* M = 3.5 */
    /* |3.5 + 10*0.1 - (5 + 10*0.05)| / 5 = 1/5 */
    ck_assert(fabs(md_smol_mass_budget_error(N0, N1, m, 2, 0.05, 10.0, 0.1) - 0.2) < 1e-15);
    const double Z[2] = {0.0, 0.0};
    /* M_before = 0: baseline = dt*prod. */
    ck_assert(fabs(md_smol_mass_budget_error(Z, N1, m, 2, 0.5, 2.0, 0.0) - 2.5) < 1e-15);
    /* Nothing at all: baseline 1e-30, error 0. */
    ck_assert(md_smol_mass_budget_error(Z, Z, m, 2, 0.0, 2.0, 0.0) == 0.0);
}
END_TEST

START_TEST(guards) {
    fixture f;
    fixture_init(&f);
    double N_new[C9_N];
    md_smol_result r;
    md_error err;
    md_smol_input in = {.n = C9_N, .N = A_N, .m = c9_m, .dt = 0.0, .mass_tol = 5e-3, .safety = 0.1};
    ck_assert_int_eq(md_smol_step(&in, &f.scratch, N_new, &r, &err), MD_ERR_PHYSICS);
    in.dt = 1.0;
    in.C = A_C; /* a kernel without loss coefficients or a fragment table */
    ck_assert_int_eq(md_smol_step(&in, &f.scratch, N_new, &r, &err), MD_ERR_PHYSICS);
    double L[C9_N];
    plain_loss_rates(A_C, A_N, C9_N, L);
    in.L = L; /* ... still without the table */
    ck_assert_int_eq(md_smol_step(&in, &f.scratch, N_new, &r, &err), MD_ERR_PHYSICS);
    ck_assert_int_eq(md_smol_sink_step(A_N, S_blow9, c9_m, C9_N, -1.0, 0.0, 5e-3, N_new, &r, &err),
                     MD_ERR_PHYSICS);
}
END_TEST

START_TEST(pair_gain_matches_dense_jit_contraction) {
    /* 40-bin grid, a wide random N: the remnant-grouped gain against the JIT triple loop over a
     * dense Y[k][i][j] (built here only for the comparison). The sums are regrouped, so equality
     * to the spec's acceptance, 1e-12 relative on G (spec 20 §7.3), not bit for bit. */
    enum { N = 40 };
    static double edges[N + 1], s[N], width[N], m[N], qd[N], frag_buf[FRAG_DOUBLES(N)], C[N * N];
    static double Nk[N], H[N], gain[N], dense[N], spread[N];
    md_error err;
    ck_assert_int_eq(md_grid_build_log(1e-6, 3.0, N, C9_RHO, edges, s, width, m, &err), MD_OK);
    md_qstar_table qt;
    c9_qstar_table(&qt);
    ck_assert_int_eq(md_qstar_eval_sizes(&qt, s, N, C9_RHO, C9_V_REL / 1e3, qd, &err), MD_OK);
    md_fragment_table t;
    ck_assert_uint_le(md_fragment_table_bytes(N), sizeof frag_buf);
    md_fragment_table_bind(&t, frag_buf, N);
    ck_assert_int_eq(md_fragment_build(&t, s, m, edges, N, C9_RHO, C9_V_REL, qd, &err), MD_OK);
    srand(12345);
    for (int k = 0; k < N; ++k) {
        Nk[k] = pow(10.0, 20.0 * rand() / (double)RAND_MAX - 4.0) * (k % 7 == 3 ? 0.0 : 1.0);
        H[k] = 313528.75;
    }
    double L[N];
    ck_assert_int_eq(md_kernel_collision(Nk, s, H, N, C9_V_REL, C, L, &err), MD_OK);
    md_smol_gain(C, &t, m, N, spread, gain);

    double *Y = malloc(sizeof(double) * N * N * N);
    ck_assert_ptr_nonnull(Y);
    for (int k = 0; k < N; ++k)
        for (int i = 0; i < N; ++i)
            for (int j = 0; j < N; ++j)
                Y[((size_t)k * N + i) * N + j] = md_fragment_y(&t, k, i, j);
    for (int k = 0; k < N; ++k) {
        double acc = 0.0;
        for (int i = 0; i < N; ++i)
            for (int j = i; j < N; ++j)
                acc += C[i * N + j] * Y[((size_t)k * N + i) * N + j] * (m[i] + m[j]);
        dense[k] = m[k] > 0.0 ? acc / m[k] : 0.0;
    }
    free(Y);
    for (int k = 0; k < N; ++k)
        ck_assert_msg(md_test_rel_diff(gain[k], dense[k]) <= 1e-12, "G_%d = %.17g, dense %.17g", k,
                      gain[k], dense[k]);

    /* Continuous-time consistency (spec 20 §6.5): sum m G = sum m L N to rounding. */
    double gm = 0.0, lm = 0.0;
    for (int k = 0; k < N; ++k) {
        gm += m[k] * gain[k];
        lm += m[k] * L[k] * Nk[k];
    }
    ck_assert_msg(md_test_rel_diff(gm, lm) <= 1e-12, "gain %.17g vs loss %.17g", gm, lm);
}
END_TEST

/* The remnant-bin sum written the plain way: every pair (i <= j) in scan order adds its mass
 * rate times f_LR into B[k_LR] and times 1 - f_LR into A[k_LR]; then for L = 0, 1, ... every
 * k <= L gets W[L][k] A_L. md_smol_gain groups, vectorises and blocks this; it must add the
 * same terms in the same order. */
static void plain_pair_gain(const double *C, const md_fragment_table *t, const double *m, int n,
                            double *A, double *gain) {
    for (int k = 0; k < n; ++k)
        gain[k] = A[k] = 0.0;
    for (int i = 0; i < n; ++i)
        for (int j = i; j < n; ++j) {
            const int k_lr = t->k_lr[i * n + j];
            if (k_lr < 0)
                continue;
            const double rate = C[i * n + j] * (m[i] + m[j]);
            gain[k_lr] += rate * t->f_lr[i * n + j];
            A[k_lr] += rate * (1.0 - t->f_lr[i * n + j]);
        }
    for (int L = 0; L < n; ++L)
        for (int k = 0; k <= L; ++k)
            gain[k] += t->weights[L * n + k] * A[L];
    for (int k = 0; k < n; ++k)
        gain[k] = m[k] > 0.0 ? gain[k] / m[k] : 0.0;
}

START_TEST(gain_adds_in_the_plain_order) {
    /* Bit for bit against plain_pair_gain, for bin counts around the four-row blocks and the
     * two-pair turns (a wide random N, some empty bins). */
    enum { NMAX = 41 };
    static const int counts[] = {1, 2, 3, 4, 5, 7, 8, 13, 40, 41};
    static double edges[NMAX + 1], s[NMAX], width[NMAX], m[NMAX], qd[NMAX], C[NMAX * NMAX];
    static double frag_buf[FRAG_DOUBLES(NMAX)], Nk[NMAX], H[NMAX], gain[NMAX], want[NMAX];
    static double spread[NMAX], A[NMAX], L[NMAX];
    md_error err;
    md_qstar_table qt;
    c9_qstar_table(&qt);
    srand(777);
    for (size_t c = 0; c < sizeof counts / sizeof counts[0]; ++c) {
        const int n = counts[c];
        ck_assert_int_eq(md_grid_build_log(1e-6, 3.0, n, C9_RHO, edges, s, width, m, &err), MD_OK);
        ck_assert_int_eq(md_qstar_eval_sizes(&qt, s, n, C9_RHO, C9_V_REL / 1e3, qd, &err), MD_OK);
        md_fragment_table t;
        md_fragment_table_bind(&t, frag_buf, n);
        ck_assert_int_eq(md_fragment_build(&t, s, m, edges, n, C9_RHO, C9_V_REL, qd, &err), MD_OK);
        for (int k = 0; k < n; ++k) {
            Nk[k] = pow(10.0, 20.0 * rand() / (double)RAND_MAX - 4.0) * (k % 5 == 2 ? 0.0 : 1.0);
            H[k] = 313528.75;
        }
        ck_assert_int_eq(md_kernel_collision(Nk, s, H, n, C9_V_REL, C, L, &err), MD_OK);
        md_smol_gain(C, &t, m, n, spread, gain);
        plain_pair_gain(C, &t, m, n, A, want);
        ck_assert_msg(memcmp(gain, want, (size_t)n * sizeof gain[0]) == 0,
                      "n = %d: the gain differs from the plain pair scan", n);
    }
}
END_TEST

int main(void) {
    Suite *s = suite_create("smol");
    TCase *tc = tcase_create("spec20_s6");
    tcase_add_test(tc, example_a_core_step);
    tcase_add_test(tc, example_c_core_step_halves_once);
    tcase_add_test(tc, negative_n_halves_until_nonnegative);
    tcase_add_test(tc, sink_step_equals_zero_kernel_step);
    tcase_add_test(tc, limiter_is_the_elementwise_minimum);
    tcase_add_test(tc, mass_budget_error_c4);
    tcase_add_test(tc, guards);
    tcase_add_test(tc, pair_gain_matches_dense_jit_contraction);
    tcase_add_test(tc, gain_adds_in_the_plain_order);
    suite_add_tcase(s, tc);
    return md_test_run_suite(s);
}
