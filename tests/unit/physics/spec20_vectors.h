/* Test vectors of spec 20 §9 (produced by the reference's own functions, JIT path) shared by the
 * grid, PSD, Q_D* and kernel suites, plus a comparison helper that reports the largest relative
 * gap it saw. Common set-up: rho = 3270 kg/m^3, r = 1.85 R_Mars, 5 bins on [1e-6, 3] m. */
#ifndef SPEC20_VECTORS_H
#define SPEC20_VECTORS_H

#include <check.h>
#include <stdio.h>

#include "md_test_support.h"

#define V_N 5
#define V_RHO 3270.0
#define V_S_MIN 1.0e-6
#define V_S_MAX 3.0
#define V_R 6270575.0 /* 1.85 R_Mars [m] */

static const double v_omega = 0.0004167841698771198;
static const double v_vk = 2613.4763960272207;
static const double v_e = 0.45945945945945943;
static const double v_H = 313528.75;
static const double v_vrel = 4294.379926834241;

static const double v_edges[V_N + 1] = {
    1e-06, 1.9743504858348216e-05, 0.0003898059840916188, 0.007696136340726076, 0.15194870523363538,
    3.0};
static const double v_s[V_N] = {4.443366388038265e-06, 8.772762586965456e-05, 0.0017320508075688767,
                                0.03419675353414203, 0.6751637695410693};
static const double v_width[V_N] = {1.8743504858348215e-05, 0.0003700624792332706,
                                    0.007306330356634457, 0.1442525688929093, 2.8480512947663645};
static const double v_m[V_N] = {1.2016354671775566e-12, 9.247950387250551e-09,
                                7.117348705255064e-05, 0.5477608602013316, 4215.642262222848};

static const double v_qd[V_N] = {603737.4115590523, 194351.04185361575, 62564.16579370658,
                                 20140.234932689382, 6483.646900850373};

/* Example A (melt lognormal mixture, Sigma_surf = 1). */
static const double vA_w[V_N] = {0.029999999999997345, 2.652806585102592e-15, 7.346910565815303e-24,
                                 2.987631732683936e-08, 0.9699999701236827};
static const double vA_number[V_N] = {1.8244588614870501e+19, 10.617478827389373,
                                      1.9351897992740382e-13, 0.005179035318811775,
                                      1.1066149325922958};
static const double vA_kappa = 1.5488702717213296;
static const double v_scale = 7.300685462930978e-05;
static const double vA_N[V_N] = {24965974140.612198, 2.868534620124925e-07, 1.0322538448047011e-19,
                                 5.4542628905355164e-08, 0.00023009541839354638};
static const double vA_C[V_N][V_N] = {
    {298757841.56302315, 7.385249495362545e-07, 9.432997524419346e-17, 0.019334601552456802,
     31786.923459679092},
    {7.385249495362545e-07, 1.5374145035507877e-23, 1.1902869341167492e-33, 2.232334952828469e-19,
     3.6531475386463276e-13},
    {9.432997524419346e-17, 1.1902869341167492e-33, 7.760546447234697e-46, 8.822184564972162e-32,
     1.3210102246651221e-25},
    {0.019334601552456802, 2.232334952828469e-19, 8.822184564972162e-32, 8.445783014722381e-20,
     7.665599110798838e-14},
    {31786.923459679092, 3.6531475386463276e-13, 1.3210102246651221e-25, 7.665599110798838e-14,
     5.859117808094296e-10}};
static const double vA_L[V_N] = {0.02393447444523343, 2.5745734761920662, 913.825372034739,
                                 354486.05871351995, 138146703.14431524};
static const double vA_tcoll = 7.238681613381305e-09;
static const double vA_N_new[V_N] = {24965974140.62397, 2.88303517402916e-07,
                                     1.0888369413104713e-16, 5.454262890558322e-08,
                                     0.00023009541839354134};
static const double vA_sigma_after = 0.9999999999999929;
static const double vA_sigma_loss = 7.105427357601002e-15;
static const double vA_number_after[V_N] = {1.8244588614879105e+19, 10.671150595191474,
                                            2.0412674193482185e-10, 0.0051790353188334295,
                                            1.1066149325922716};

/* Example B ("upper" shape, alpha 1.83, wavy 0.2, Sigma_surf = 1). */
static const double vB_number[V_N] = {9.776441903555934e+16, 5055596863981.208, 916426702.9574492,
                                      160110.13198451867, 0.045811925715577};
static const double vB_kappa = 0.022415915808247755;
static const double vB_N[V_N] = {133781254.76199311, 136587.554027559, 488.833182132521,
                                 1.686188059212272, 9.525548503350408e-06};
static const double vB_L[V_N] = {0.00018421962755973, 0.013890758309405256, 4.902361099315951,
                                 1901.4855005506986, 741023.8067720071};
static const double vB_tcoll = 1.349484309223648e-06;

/* Example C (mono-disperse top bin, Sigma_surf = 1e4). */
static const double vC_scale = 0.8328915258016736;
static const double vC_N4 = 2.372117788459389;
static const double vC_C44 = 0.062271422776275925;
static const double vC_L4 = 0.05250280831688305;
static const double vC_tcoll = 19.046600211639255;

/* Largest relative gap seen by v_close in this process (printed by each suite). */
static double v_max_gap = 0.0;

/* Asserts rel_diff(got, want) <= tol and records the gap. */
static inline void v_close(const char *what, int k, double got, double want, double tol) {
    const double d = md_test_rel_diff(got, want);
    if (d > v_max_gap)
        v_max_gap = d;
    ck_assert_msg(d <= tol, "%s[%d]: got %.17g, want %.17g (rel %.3g > %.3g)", what, k, got, want,
                  d, tol);
}

static inline void v_close_vec(const char *what, const double *got, const double *want, int n,
                               double tol) {
    for (int k = 0; k < n; ++k)
        v_close(what, k, got[k], want[k], tol);
}

/* Tolerance for the spec vectors: spec 20 §7.3 recommends 1e-12 relative on C, N, L, ... */
#define V_TOL 1e-12

#endif
