/* md_collide0d: the per-step collision driver against spec 20 §9.1-9.3, the sink and source
 * vectors of §6.2, the scalar-vs-array sublimation sink (spec 10 §4.5 "Plan C") and the step's
 * invariants (N >= 0, mass error <= 5e-3). */
#include "md_collide0d.h"
#include "md_eccentricity.h"
#include "md_grid.h"
#include "md_kernel.h"
#include "md_psd.h"
#include "md_test_support.h"
#include "physB_case9.h"

#include <stdlib.h>
#include <string.h>

typedef struct driver {
    md_kernel_dynamics dyn;
    md_qstar_table qstar;
    md_collide0d_input in;
    md_collide0d_work w;
    void *buf;
} driver;

/* The common inputs of spec 20 §9 with blow-out on, no sublimation, no t_sink, no supply. */
static void driver_init(driver *d, const double *number, double sigma) {
    memset(d, 0, sizeof *d);
    c9_qstar_table(&d->qstar);
    d->dyn = (md_kernel_dynamics){.ei_mode = MD_KERNEL_EI_CONFIG,
                                  .H_mode = MD_KERNEL_H_IA,
                                  .v_rel_mode = MD_KERNEL_VREL_PERICENTER,
                                  .e0 = C9_E,
                                  .i0 = C9_I,
                                  .H_factor = 1.0,
                                  .H_fixed_over_a = NAN,
                                  .f_wake = 2.0};
    d->in = (md_collide0d_input){
        .n = C9_N,
        .s = c9_s,
        .width = c9_width,
        .edges = c9_edges,
        .number = number,
        .sigma_surf = sigma,
        .dt = C9_DT,
        .r = C9_R,
        .omega = C9_OMEGA,
        .t_blow = C9_T_BLOW,
        .rho = C9_RHO,
        .a_blow = C9_A_BLOW,
        .s_min_eff = 1.0e-6,
        .e = C9_E,
        .i = C9_I,
        .dynamics = &d->dyn,
        .qstar = &d->qstar,
        .collisions_enabled = 1,
        .enable_blowout = 1,
        .t_sink = NAN,
        .ds_dt = NAN,
        .inject = {.mode = MD_INJECT_MIN_BIN, .s_inj_min = NAN, .s_inj_max = NAN, .q = 3.5},
        .velocity = {.mode = MD_KERNEL_SUPPLY_VEL_INHERIT,
                     .blend = MD_KERNEL_BLEND_RMS,
                     .weight_mode = MD_KERNEL_SUPPLY_WEIGHT_DELTA_SIGMA,
                     .e_inj = NAN,
                     .i_inj = NAN,
                     .vrel_factor = 1.0}};
    const size_t bytes = md_collide0d_work_bytes(C9_N);
    d->buf = malloc(bytes);
    ck_assert_ptr_nonnull(d->buf);
    md_error err;
    ck_assert_int_eq(md_collide0d_work_bind(&d->w, d->buf, bytes, C9_N, &err), MD_OK);
}

static void driver_free(driver *d) {
    free(d->buf);
    d->buf = NULL;
}

static void check_abs(const char *what, double got, double want, double tol) {
    ck_assert_msg(fabs(got - want) <= tol, "%s: got %.17g, want %.17g (|diff| > %.3g)", what, got,
                  want, tol);
    printf("  %-28s |diff| %.3g\n", what, fabs(got - want));
}

START_TEST(orbit_inputs_match_spec) {
    double omega = 0.0, e = 0.0, v_rel = 0.0;
    md_error err;
    ck_assert_int_eq(md_kernel_omega_kepler(C9_R, &omega, &err), MD_OK);
    e = md_eccentricity_mars_pericenter(C9_R, 0.0, 0.999999);
    ck_assert_int_eq(md_kernel_v_rel_pericenter(e, C9_R * omega, &v_rel, &err), MD_OK);
    const double got[3] = {omega, e, v_rel};
    static const double want[3] = {C9_OMEGA, C9_E, C9_V_REL};
    c9_check_vec("Omega, e, v_rel", got, want, 3, C9_TOL);
}
END_TEST

START_TEST(example_a_melt_mixture) {
    static const double number[C9_N] = {1.8244588614870501e+19, 10.617478827389373,
                                        1.9351897992740382e-13, 0.005179035318811775,
                                        1.1066149325922958};
    driver d;
    driver_init(&d, number, 1.0);
    double out[C9_N];
    md_collide0d_result r;
    md_error err;
    ck_assert_int_eq(md_collide0d_step(&d.in, &d.w, out, &r, &err), MD_OK);
    ck_assert_int_eq(r.stepped, 1);
    static const double N_want[C9_N] = {24965974140.612198, 2.868534620124925e-07,
                                        1.0322538448047011e-19, 5.4542628905355164e-08,
                                        0.00023009541839354638};
    c9_check_vec("A: N", d.w.N, N_want, C9_N, C9_TOL);
    const double got[6] = {r.scale,  r.v_rel,        r.t_coll_kernel,
                           r.dt_eff, r.mdot_blowout, r.sigma_after};
    static const double want[6] = {7.300685462930978e-05,  C9_V_REL,
                                   7.238681613381305e-09,  7.238681613381305e-10,
                                   1.2503525096312484e-05, 0.9999999999999929};
    c9_check_vec("A: scale,v,t_coll,dt,blow,Sa", got, want, 6, C9_TOL);
    /* Sigma_loss = 1 - Sigma_after: a difference of near-equal numbers, compared in ulps of 1. */
    check_abs("A: Sigma_loss", r.sigma_loss, 7.105427357601002e-15, 2.3e-16);
    static const double number_want[C9_N] = {1.8244588614879105e+19, 10.671150595191474,
                                             2.0412674193482185e-10, 0.0051790353188334295,
                                             1.1066149325922716};
    c9_check_vec("A: number", out, number_want, C9_N, C9_TOL);
    ck_assert_int_eq(r.halvings, 0);
    ck_assert(r.mass_error <= 1e-12);
    ck_assert(r.mdot_sink == 0.0 && r.mdot_sublimation == 0.0 && r.prod_rate_eff == 0.0);
    driver_free(&d);
}
END_TEST

/* The number shape of spec 20 §9.2 (example B, upper wavy), which most tests below step. */
static const double upper_wavy[C9_N] = {9.776441903555934e+16, 5055596863981.208, 916426702.9574492,
                                        160110.13198451867, 0.045811925715577};

START_TEST(example_b_upper_wavy) {
    driver d;
    driver_init(&d, upper_wavy, 1.0);
    double out[C9_N];
    md_collide0d_result r;
    md_error err;
    ck_assert_int_eq(md_collide0d_step(&d.in, &d.w, out, &r, &err), MD_OK);
    static const double N_want[C9_N] = {133781254.76199311, 136587.554027559, 488.833182132521,
                                        1.686188059212272, 9.525548503350408e-06};
    c9_check_vec("B: N", d.w.N, N_want, C9_N, C9_TOL);
    static const double L_want[C9_N] = {0.00018421962755973, 0.013890758309405256,
                                        4.902361099315951, 1901.4855005506986, 741023.8067720071};
    static const double G_want[C9_N] = {291842742.2605525, 1901.0160461720357, 2396.360989011375,
                                        3206.261587567803, 7.058658204168345};
    c9_check_vec("B: L", d.w.L, L_want, C9_N, C9_TOL);
    c9_check_vec("B: G", d.w.smol.gain, G_want, C9_N, C9_TOL);
    static const double N_new_want[C9_N] = {133781294.13486299, 136587.55402805982,
                                            488.83318212229364, 1.6861880591369593,
                                            9.525548502200183e-06};
    c9_check_vec("B: N_new", d.w.N_new, N_new_want, C9_N, C9_TOL);
    const double got[9] = {r.mdot_blowout,   r.dt_eff,         r.t_coll_kernel,
                           r.sigma_after,    r.gain_mass_rate, r.loss_mass_rate,
                           r.sink_mass_rate, r.scale,          r.mass_error};
    static const double want[9] = {
        6.700068128372006e-08, 1.349484309223648e-07, 1.349484309223648e-06,
        1.0000000000004863,    31513.213370951653,    31513.213367280045,
        6.700068128372006e-08, 7.300685462930978e-05, 4.953815135877448e-13};
    /* The mass error (4.95e-13) is itself a rounding-level residue; compare it loosely. */
    c9_check_vec("B: blow,dt,t_coll,Sa,diag", got, want, 8, C9_TOL);
    c9_check_vec("B: mass error", got + 8, want + 8, 1, 1e-3);
    ck_assert(r.sigma_loss == 0.0);
    static const double number_want[C9_N] = {9.77644478083927e+16, 5055596863999.745,
                                             916426702.9382758, 160110.13197736742,
                                             0.04581192571004514};
    c9_check_vec("B: number", out, number_want, C9_N, C9_TOL);
    driver_free(&d);
}
END_TEST

START_TEST(example_c_supply_and_halving) {
    static const double number[C9_N] = {0.0, 0.0, 0.0, 0.0, 1.0};
    driver d;
    driver_init(&d, number, 1.0e4);
    d.in.prod_rate = 1.0e-2;
    double out[C9_N];
    md_collide0d_result r;
    md_error err;
    ck_assert_int_eq(md_collide0d_step(&d.in, &d.w, out, &r, &err), MD_OK);
    static const double F_want[C9_N] = {8321991380.204805, 0.0, 0.0, 0.0, 0.0};
    c9_check_vec("C: F", d.w.F, F_want, C9_N, C9_TOL);
    ck_assert_int_eq(r.halvings, 1);
    const double got[6] = {r.scale,      r.t_coll_kernel, r.dt_eff,
                           r.mass_error, r.sigma_after,   r.source_mass_rate};
    static const double want[6] = {0.8328915258016736,    19.046600211639255, 0.9523300105819628,
                                   0.0023809523809522944, 10023.81904710963,  0.01};
    c9_check_vec("C: scale,t_coll,dt,err,Sa,src", got, want, 6, C9_TOL);
    ck_assert(r.sigma_loss == 0.0 && r.mdot_blowout == 0.0 && r.prod_rate_eff == 1.0e-2);
    static const double number_want[C9_N] = {2.663789110840125e+19, 101212448497.54181,
                                             384.5707950952778, 0.27367851544464994,
                                             0.9523809523809523};
    c9_check_vec("C: number", out, number_want, C9_N, C9_TOL);
    driver_free(&d);
}
END_TEST

START_TEST(scalar_and_array_sublimation_sinks_agree) {
    /* Plan C (spec 10 §4.5): the scalar ds/dt path gives the array path's S_sub and rate. */
    enum { N = 64 };
    double s[N], Nk[N], m[N], ds[N], Sa[N], Ss[N], tmp[N];
    srand(2024);
    for (int k = 0; k < N; ++k) {
        s[k] = pow(10.0, -7.0 + 7.5 * rand() / (double)RAND_MAX);
        Nk[k] = pow(10.0, 25.0 * rand() / (double)RAND_MAX - 5.0);
        m[k] = 4.0 / 3.0 * 3.14159 * 3270.0 * s[k] * s[k] * s[k];
    }
    s[3] = 0.0;  /* skipped: s <= 0 */
    s[7] = -1.0; /* skipped */
    const double values[] = {-1.3e-9, -4.0e-3, -1e-300, 0.0, 2.0e-9, NAN, -INFINITY, INFINITY};
    for (size_t v = 0; v < sizeof values / sizeof values[0]; ++v) {
        for (int k = 0; k < N; ++k)
            ds[k] = values[v];
        const double ra = md_collide0d_sub_sink_array(s, Nk, m, ds, N, Sa, tmp);
        const double rs = md_collide0d_sub_sink_scalar(s, Nk, m, values[v], N, Ss, tmp);
        ck_assert_int_eq(memcmp(Sa, Ss, sizeof Sa), 0);
        ck_assert_msg(ra == rs, "ds/dt %g: array rate %.17g, scalar rate %.17g", values[v], ra, rs);
        for (int k = 0; k < N; ++k) {
            if (values[v] < 0.0 && isfinite(values[v]) && s[k] > 0.0)
                ck_assert(md_test_rel_diff(Ss[k], fabs(values[v]) / s[k]) <= 2.3e-16);
            else
                ck_assert(Ss[k] == 0.0);
        }
        double direct = 0.0;
        for (int k = 0; k < N; ++k)
            direct += m[k] * Ss[k] * Nk[k];
        ck_assert(md_test_rel_diff(rs, direct) <= 1e-13);
    }
    /* A per-bin array with mixed values matches the scalar path bin by bin. */
    for (int k = 0; k < N; ++k)
        ds[k] = k % 3 == 0 ? -2.5e-9 : (k % 3 == 1 ? 0.0 : NAN);
    md_collide0d_sub_sink_array(s, Nk, m, ds, N, Sa, tmp);
    for (int k = 0; k < N; ++k) {
        md_collide0d_sub_sink_scalar(s + k, Nk + k, m + k, ds[k], 1, Ss + k, tmp);
        ck_assert(Sa[k] == Ss[k]);
    }
}
END_TEST

START_TEST(sublimation_sink_in_the_step) {
    /* Not mass-conserving: S_sub = |ds/dt|/s removes mass, reported as sublimation. */
    driver d;
    driver_init(&d, upper_wavy, 1.0);
    d.in.ds_dt = -1.0e-9;
    double out[C9_N], S[C9_N], tmp[C9_N];
    md_collide0d_result r;
    md_error err;
    ck_assert_int_eq(md_collide0d_step(&d.in, &d.w, out, &r, &err), MD_OK);
    const double rate = md_collide0d_sub_sink_scalar(c9_s, d.w.N, d.w.m, -1.0e-9, C9_N, S, tmp);
    ck_assert(r.mdot_sublimation == rate && rate > 0.0);
    ck_assert(memcmp(S, d.w.S_sub, sizeof S) == 0);
    ck_assert(r.dsigma_dt_sinks == r.mdot_sublimation);
    ck_assert(md_test_rel_diff(r.mdot_blowout, 6.700068128372006e-08) <= C9_TOL); /* as in B */
    ck_assert(r.sink_mass_rate >= r.mdot_sublimation);
    ck_assert(r.mass_error <= MD_SMOL_MASS_TOL);
    driver_free(&d);
}
END_TEST

START_TEST(mass_conserving_crossing_feeds_blowout) {
    /* Crossing rates: bins with s > a_blow crossing within dt get 1/t_cross added. */
    double S[C9_N] = {0.5, 0.0, 0.0, 0.0, 0.0};
    const double ds_dt = -1.0e-7; /* bin 1 crosses in (8.77e-5 - 1e-6)/1e-7 = 867 s */
    md_collide0d_crossing_rates(c9_s, C9_N, C9_A_BLOW, ds_dt, 1000.0, S);
    ck_assert(S[0] == 0.5 + 1.0 / ((c9_s[0] - C9_A_BLOW) / 1.0e-7));
    ck_assert(S[1] == 1.0 / ((c9_s[1] - C9_A_BLOW) / 1.0e-7));
    ck_assert(S[2] == 0.0 && S[3] == 0.0 && S[4] == 0.0);
    double Z[C9_N] = {0};
    md_collide0d_crossing_rates(c9_s, C9_N, 0.0, ds_dt, 1000.0, Z);      /* a_blow <= 0: nothing */
    md_collide0d_crossing_rates(c9_s, C9_N, C9_A_BLOW, 1e-7, 1000.0, Z); /* growth: nothing */
    for (int k = 0; k < C9_N; ++k)
        ck_assert(Z[k] == 0.0);

    /* In the step: the crossing mass is blow-out (even with blow-out disabled), no sublimation;
     * a rate >= 1/dt forces halvings until N_new >= 0. */
    driver d;
    driver_init(&d, upper_wavy, 1.0);
    d.in.mass_conserving = 1;
    d.in.enable_blowout = 0;
    d.in.ds_dt = -1.0e-3;
    d.in.dt = 1.0;
    double out[C9_N];
    md_collide0d_result r;
    md_error err;
    ck_assert_int_eq(md_collide0d_step(&d.in, &d.w, out, &r, &err), MD_OK);
    ck_assert(r.mdot_sublimation == 0.0);
    ck_assert(r.mdot_blowout > 0.0);
    for (int k = 0; k < C9_N; ++k)
        ck_assert(d.w.N_new[k] >= 0.0 && out[k] >= 0.0);
    ck_assert(r.mass_error <= MD_SMOL_MASS_TOL);
    driver_free(&d);
}
END_TEST

START_TEST(blowout_sink_by_lower_edge) {
    const double edges[3] = {1.0e-6 * (1.0 + 0.5e-12), 1.0e-6 * (1.0 + 2e-12), 2e-6};
    double S[3];
    md_collide0d_blowout_sink(edges, 3, 1.0e-6, 100.0, 1, S);
    ck_assert(S[0] == 1.0 / 100.0 && S[1] == 0.0 && S[2] == 0.0);
    md_collide0d_blowout_sink(edges, 3, 1.0e-6, 100.0, 0, S); /* disabled */
    ck_assert(S[0] == 0.0);
    md_collide0d_blowout_sink(edges, 3, 1.0e-6, INFINITY, 1, S); /* t_blow not finite */
    ck_assert(S[0] == 0.0);
    md_collide0d_blowout_sink(edges, 3, 1.0e-6, -1.0, 1, S);
    ck_assert(S[0] == 0.0);
    md_collide0d_blowout_sink(edges, 3, 3e-6, 50.0, 1, S); /* every lower edge below a_blow */
    ck_assert(S[0] == 0.02 && S[1] == 0.02 && S[2] == 0.02);
}
END_TEST

static double source_mass(const double *m, const double *F, int n) {
    double sum = 0.0;
    for (int k = 0; k < n; ++k)
        sum += m[k] * F[k];
    return sum;
}

START_TEST(supply_source_conserves_the_rate) {
    enum { N = 40 };
    static double edges[N + 1], s[N], width[N], m[N], F[N], tmp[N], w[N], wn[N];
    md_error err;
    ck_assert_int_eq(md_grid_build_log(1e-6, 3.0, N, C9_RHO, edges, s, width, m, &err), MD_OK);
    for (int k = 0; k < N; ++k)
        w[k] = pow(s[k], 3.0) * width[k] * pow(s[k], -3.5);
    w[5] = NAN; /* non-finite and negative weights count as 0 */
    w[6] = -1.0;
    const double P = 3.7e-6;
    md_inject_params p = {.mode = MD_INJECT_MIN_BIN, .s_inj_min = NAN, .s_inj_max = NAN, .q = 3.5};

    /* min_bin: first centre >= floor = max(s_min_eff, s_inj_min). */
    ck_assert_int_eq(md_collide0d_supply_source(s, width, m, N, P, 1e-6, &p, F, tmp, &err), MD_OK);
    ck_assert(F[0] == P / m[0]);
    p.s_inj_min = s[10];
    ck_assert_int_eq(md_collide0d_supply_source(s, width, m, N, P, 1e-6, &p, F, tmp, &err), MD_OK);
    ck_assert(F[10] == P / m[10] && F[9] == 0.0);
    p.s_inj_min = 10.0; /* above the grid: last bin */
    ck_assert_int_eq(md_collide0d_supply_source(s, width, m, N, P, 1e-6, &p, F, tmp, &err), MD_OK);
    ck_assert(F[N - 1] == P / m[N - 1]);

    ck_assert_int_eq(md_collide0d_inject_weights(w, N, wn, &err), MD_OK);
    const md_inject_mode modes[] = {MD_INJECT_POWERLAW_BINS, MD_INJECT_INITIAL_PSD};
    for (size_t i = 0; i < 2; ++i) {
        p = (md_inject_params){
            .mode = modes[i], .s_inj_min = 1e-5, .s_inj_max = 1e-2, .q = 3.5, .weights = wn};
        ck_assert_int_eq(md_collide0d_supply_source(s, width, m, N, P, 1e-6, &p, F, tmp, &err),
                         MD_OK);
        ck_assert_msg(md_test_rel_diff(source_mass(m, F, N), P) <= 1e-14, "mode %d: %.17g",
                      modes[i], source_mass(m, F, N));
        for (int k = 0; k < N; ++k)
            ck_assert(F[k] >= 0.0);
    }
    ck_assert(F[5] == 0.0 && F[6] == 0.0); /* initial_psd: bad weights get nothing */
    /* powerlaw: only bins overlapping [1e-5, 1e-2]; q = 1 uses the log form. */
    p = (md_inject_params){
        .mode = MD_INJECT_POWERLAW_BINS, .s_inj_min = 1e-5, .s_inj_max = 1e-2, .q = 1.0};
    ck_assert_int_eq(md_collide0d_supply_source(s, width, m, N, P, 1e-6, &p, F, tmp, &err), MD_OK);
    ck_assert(md_test_rel_diff(source_mass(m, F, N), P) <= 1e-14);
    ck_assert(F[0] == 0.0 && F[N - 1] == 0.0);
    /* powerlaw with an empty range falls back to min_bin. */
    p.s_inj_min = 10.0;
    ck_assert_int_eq(md_collide0d_supply_source(s, width, m, N, P, 1e-6, &p, F, tmp, &err), MD_OK);
    ck_assert(F[N - 1] == P / m[N - 1]);
    /* No supply: zeros. initial_psd weights with no usable value, or none: configuration errors. */
    ck_assert_int_eq(md_collide0d_supply_source(s, width, m, N, -1.0, 1e-6, &p, F, tmp, &err),
                     MD_OK);
    ck_assert(source_mass(m, F, N) == 0.0);
    for (int k = 0; k < N; ++k)
        w[k] = k % 2 ? 0.0 : -1.0;
    ck_assert_int_eq(md_collide0d_inject_weights(w, N, w, &err), MD_ERR_CONFIG);
    ck_assert_ptr_nonnull(strstr(err.msg, "initial_psd"));
    p.mode = MD_INJECT_INITIAL_PSD;
    p.weights = NULL;
    ck_assert_int_eq(md_collide0d_supply_source(s, width, m, N, P, 1e-6, &p, F, tmp, &err),
                     MD_ERR_CONFIG);
}
END_TEST

START_TEST(uniform_sink_and_early_return) {
    driver d;
    driver_init(&d, upper_wavy, 1.0);
    d.in.t_sink = 1.0e5;
    double out[C9_N];
    md_collide0d_result r;
    md_error err;
    ck_assert_int_eq(md_collide0d_step(&d.in, &d.w, out, &r, &err), MD_OK);
    ck_assert(md_test_rel_diff(r.mdot_sink, 1.0 / 1.0e5) <= 1e-14); /* sum m N = Sigma = 1 */
    ck_assert(r.dsigma_dt_sinks == r.mdot_sink);

    d.in.sigma_surf = NAN; /* early return: nothing changes */
    ck_assert_int_eq(md_collide0d_step(&d.in, &d.w, out, &r, &err), MD_OK);
    ck_assert_int_eq(r.stepped, 0);
    ck_assert(r.dt_eff == C9_DT && r.mass_error == 0.0 && isnan(r.sigma_after));
    ck_assert_int_eq(memcmp(out, upper_wavy, sizeof out), 0);

    ck_assert_uint_eq(md_collide0d_work_bytes(0), 0);
    md_collide0d_work w2;
    ck_assert_int_eq(md_collide0d_work_bind(&w2, d.buf, 16, C9_N, &err), MD_ERR_INTERNAL);
    driver_free(&d);
}
END_TEST

/* One step of a through its reused work (caches warm) gives the same bits as the same step of
 * b through a freshly bound work. */
static void step_matches_fresh_work(driver *a, driver *b) {
    md_error err;
    const size_t bytes = md_collide0d_work_bytes(C9_N);
    ck_assert_int_eq(md_collide0d_work_bind(&b->w, b->buf, bytes, C9_N, &err), MD_OK);
    double out_a[C9_N], out_b[C9_N];
    md_collide0d_result ra, rb;
    ck_assert_int_eq(md_collide0d_step(&a->in, &a->w, out_a, &ra, &err), MD_OK);
    ck_assert_int_eq(md_collide0d_step(&b->in, &b->w, out_b, &rb, &err), MD_OK);
    ck_assert_int_eq(memcmp(out_a, out_b, sizeof out_a), 0);
    ck_assert(ra.dt_eff == rb.dt_eff && ra.sigma_after == rb.sigma_after);
}

START_TEST(cached_fragment_table_gives_fresh_results) {
    /* Repeated steps through one work (cache hits, then a v_rel change forcing a rebuild) give
     * the same bits as a freshly bound work each time. */
    driver a, b;
    driver_init(&a, upper_wavy, 1.0);
    driver_init(&b, upper_wavy, 1.0);
    const double radii[] = {C9_R, C9_R, 2.45 * 3.3895e6, C9_R};
    for (size_t k = 0; k < sizeof radii / sizeof radii[0]; ++k) {
        double e = 0.0, omega = 0.0;
        md_error err;
        ck_assert_int_eq(md_kernel_omega_kepler(radii[k], &omega, &err), MD_OK);
        e = md_eccentricity_mars_pericenter(radii[k], 0.0, 0.999999);
        for (driver *d = &a; d; d = d == &a ? &b : NULL) {
            d->in.r = radii[k];
            d->in.omega = omega;
            d->in.e = d->dyn.e0 = e;
        }
        step_matches_fresh_work(&a, &b);
    }
    driver_free(&a);
    driver_free(&b);
}
END_TEST

START_TEST(cached_v_rel_follows_e_i_and_mode) {
    /* v_rel is kept while mode, e, i and v_K are unchanged: a switch of v_rel_mode, a new i
     * (which only the ohtsuki mode reads) and a new e must each give md_kernel_v_rel and a
     * freshly bound work's step; step 1 repeats step 0 (the kept value). */
    driver a, b;
    driver_init(&a, upper_wavy, 1.0);
    driver_init(&b, upper_wavy, 1.0);
    const double e0 = a.in.e, i0 = a.in.i;
    for (int k = 0; k < 6; ++k) {
        /* each step changes one key of the step before: -, mode, i, e, mode */
        const double e = k >= 4 ? e0 * 1.001 : e0;
        const double i = k >= 3 ? i0 * 1.001 : i0;
        const md_kernel_v_rel_mode mode =
            k >= 2 && k <= 4 ? MD_KERNEL_VREL_OHTSUKI : MD_KERNEL_VREL_PERICENTER;
        for (driver *d = &a; d; d = d == &a ? &b : NULL) {
            d->in.e = d->dyn.e0 = e;
            d->in.i = d->dyn.i0 = i;
            d->dyn.v_rel_mode = mode;
        }
        step_matches_fresh_work(&a, &b);
        md_collide0d_result r;
        double out[C9_N], want;
        md_error err;
        ck_assert_int_eq(md_collide0d_step(&a.in, &a.w, out, &r, &err), MD_OK);
        ck_assert_int_eq(
            md_kernel_v_rel(&a.dyn, r.e_used, r.i_used, a.in.r * a.in.omega, &want, &err), MD_OK);
        ck_assert_msg(r.v_rel == want, "step %d: v_rel %.17g, want %.17g", k, r.v_rel, want);
    }
    driver_free(&a);
    driver_free(&b);
}
END_TEST

START_TEST(cached_masses_follow_sizes_and_rho) {
    /* m_k is kept between steps: a size moved by one ulp or a new rho must still give the masses
     * and the step of a freshly bound work. */
    double sizes[C9_N];
    memcpy(sizes, c9_s, sizeof sizes);
    driver a, b;
    driver_init(&a, upper_wavy, 1.0);
    driver_init(&b, upper_wavy, 1.0);
    a.in.s = b.in.s = sizes;
    for (int k = 0; k < 4; ++k) {
        if (k == 1)
            sizes[2] = nextafter(sizes[2], 1.0);
        if (k == 2)
            a.in.rho = b.in.rho = 0.5 * C9_RHO;
        if (k == 3)
            sizes[2] = c9_s[2];
        step_matches_fresh_work(&a, &b);
        double m[C9_N];
        md_grid_masses(sizes, C9_N, a.in.rho, m);
        ck_assert_int_eq(memcmp(a.w.m, m, sizeof m), 0);
    }
    driver_free(&a);
    driver_free(&b);
}
END_TEST

START_TEST(forty_bin_run_keeps_invariants) {
    /* 30 steps of a 40-bin base-like cell with supply, blow-out and a sublimation sink:
     * N >= 0 and a mass error <= 5e-3 after every step. */
    enum { N = 40 };
    static double edges[N + 1], s[N], width[N], m[N], number[N];
    md_error err;
    ck_assert_int_eq(md_grid_build_log(1e-6, 3.0, N, C9_RHO, edges, s, width, m, &err), MD_OK);
    for (int k = 0; k < N; ++k)
        number[k] = pow(s[k] / 1e-6, -3.5);
    md_psd_sanitize(s, width, N, 1, number);
    driver d;
    driver_init(&d, number, 1.0);
    free(d.buf);
    const size_t bytes = md_collide0d_work_bytes(N);
    d.buf = malloc(bytes);
    ck_assert_ptr_nonnull(d.buf);
    ck_assert_int_eq(md_collide0d_work_bind(&d.w, d.buf, bytes, N, &err), MD_OK);
    d.in.n = N;
    d.in.s = s;
    d.in.width = width;
    d.in.edges = edges;
    d.in.prod_rate = 1e-9;
    d.in.inject.mode = MD_INJECT_POWERLAW_BINS;
    d.in.ds_dt = -1e-12;
    double sigma = 1.0;
    for (int step = 0; step < 30; ++step) {
        d.in.sigma_surf = sigma;
        md_collide0d_result r;
        ck_assert_int_eq(md_collide0d_step(&d.in, &d.w, number, &r, &err), MD_OK);
        ck_assert(r.mass_error <= MD_SMOL_MASS_TOL);
        for (int k = 0; k < N; ++k)
            ck_assert(d.w.N_new[k] >= 0.0 && number[k] >= 0.0);
        ck_assert(r.dt_eff > 0.0 && r.dt_eff <= C9_DT);
        sigma = r.sigma_after;
    }
    ck_assert(sigma > 0.0 && isfinite(sigma));
    driver_free(&d);
}
END_TEST

/* The doubles a and b hold the same bits. */
static void check_same_bits(const char *what, double a, double b) {
    ck_assert_msg(memcmp(&a, &b, sizeof a) == 0, "%s: %.17g vs %.17g", what, a, b);
}

START_TEST(skipped_diagnostics_change_nothing_else) {
    /* A step whose series row is not written skips t_coll_kernel and the Smol mass rates
     * (NaN); the state and every other figure keep their bits, step after step (40 bins with
     * supply, blow-out and a sublimation sink). */
    enum { N = 40 };
    static double edges[N + 1], s[N], width[N], m[N], number_a[N], number_b[N];
    md_error err;
    ck_assert_int_eq(md_grid_build_log(1e-6, 3.0, N, C9_RHO, edges, s, width, m, &err), MD_OK);
    for (int k = 0; k < N; ++k)
        number_a[k] = pow(s[k] / 1e-6, -3.5);
    md_psd_sanitize(s, width, N, 1, number_a);
    memcpy(number_b, number_a, sizeof number_b);
    driver d[2];
    for (int v = 0; v < 2; ++v) {
        driver_init(&d[v], v ? number_b : number_a, 1.0);
        free(d[v].buf);
        const size_t bytes = md_collide0d_work_bytes(N);
        d[v].buf = malloc(bytes);
        ck_assert_ptr_nonnull(d[v].buf);
        ck_assert_int_eq(md_collide0d_work_bind(&d[v].w, d[v].buf, bytes, N, &err), MD_OK);
        d[v].in.n = N;
        d[v].in.s = s;
        d[v].in.width = width;
        d[v].in.edges = edges;
        d[v].in.prod_rate = 1e-9;
        d[v].in.inject.mode = MD_INJECT_POWERLAW_BINS;
        d[v].in.ds_dt = -1e-12;
        d[v].in.skip_diagnostics = v;
    }
    double sigma = 1.0;
    for (int step = 0; step < 20; ++step) {
        md_collide0d_result r[2];
        for (int v = 0; v < 2; ++v) {
            d[v].in.sigma_surf = sigma;
            ck_assert_int_eq(
                md_collide0d_step(&d[v].in, &d[v].w, v ? number_b : number_a, &r[v], &err), MD_OK);
        }
        ck_assert_int_eq(memcmp(number_a, number_b, sizeof number_a), 0);
        ck_assert_int_eq(memcmp(d[0].w.N_new, d[1].w.N_new, N * sizeof(double)), 0);
        check_same_bits("sigma_after", r[0].sigma_after, r[1].sigma_after);
        check_same_bits("dt_eff", r[0].dt_eff, r[1].dt_eff);
        check_same_bits("mass_error", r[0].mass_error, r[1].mass_error);
        check_same_bits("mdot_blowout", r[0].mdot_blowout, r[1].mdot_blowout);
        check_same_bits("mdot_sublimation", r[0].mdot_sublimation, r[1].mdot_sublimation);
        check_same_bits("source_mass_rate", r[0].source_mass_rate, r[1].source_mass_rate);
        ck_assert_int_eq(r[0].halvings, r[1].halvings);
        ck_assert(isfinite(r[0].t_coll_kernel) && isfinite(r[0].gain_mass_rate) &&
                  isfinite(r[0].loss_mass_rate) && isfinite(r[0].sink_mass_rate));
        ck_assert(isnan(r[1].t_coll_kernel) && isnan(r[1].gain_mass_rate) &&
                  isnan(r[1].loss_mass_rate) && isnan(r[1].sink_mass_rate));
        sigma = r[0].sigma_after;
    }
    driver_free(&d[0]);
    driver_free(&d[1]);
}
END_TEST

int main(void) {
    Suite *s = suite_create("collide0d");
    TCase *tc = tcase_create("spec20_s6");
    tcase_add_test(tc, orbit_inputs_match_spec);
    tcase_add_test(tc, example_a_melt_mixture);
    tcase_add_test(tc, example_b_upper_wavy);
    tcase_add_test(tc, example_c_supply_and_halving);
    tcase_add_test(tc, scalar_and_array_sublimation_sinks_agree);
    tcase_add_test(tc, sublimation_sink_in_the_step);
    tcase_add_test(tc, mass_conserving_crossing_feeds_blowout);
    tcase_add_test(tc, blowout_sink_by_lower_edge);
    tcase_add_test(tc, supply_source_conserves_the_rate);
    tcase_add_test(tc, uniform_sink_and_early_return);
    tcase_add_test(tc, cached_fragment_table_gives_fresh_results);
    tcase_add_test(tc, cached_v_rel_follows_e_i_and_mode);
    tcase_add_test(tc, cached_masses_follow_sizes_and_rho);
    tcase_add_test(tc, forty_bin_run_keeps_invariants);
    tcase_add_test(tc, skipped_diagnostics_change_nothing_else);
    suite_add_tcase(s, tc);
    return md_test_run_suite(s);
}
