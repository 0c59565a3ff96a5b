/* The common inputs of the worked examples of spec 20 §9 (5-bin grid, rho = 3270, r = 1.85 R_Mars,
 * v_rel = 4294.379926834241 m/s, Q_D* table of §4.1), shared by test_fragment, test_smol and
 * test_collide0d. Numbers are the spec's round-trip decimal strings of the reference's doubles. */
#ifndef PHYSB_CASE9_H
#define PHYSB_CASE9_H

#include <check.h>
#include <math.h>
#include <stdio.h>

#include "md_qstar.h"
#include "md_test_support.h"

#define C9_N 5
#define C9_RHO 3270.0
#define C9_R 6270575.0
#define C9_OMEGA 0.0004167841698771198
#define C9_E 0.45945945945945943
#define C9_I 0.05
#define C9_V_REL 4294.379926834241
#define C9_DT 119.96616861610043
#define C9_T_BLOW 2399.3233723220087
#define C9_A_BLOW 1.0e-6
/* Acceptance of the port against reference numbers (spec 20 §7.3: relative 1e-12). */
#define C9_TOL 1e-12

static const double c9_edges[C9_N + 1] = {
    1e-06, 1.9743504858348216e-05, 0.0003898059840916188, 0.007696136340726076, 0.15194870523363538,
    3.0};
static const double c9_s[C9_N] = {4.443366388038265e-06, 8.772762586965456e-05,
                                  0.0017320508075688767, 0.03419675353414203, 0.6751637695410693};
static const double c9_width[C9_N] = {1.8743504858348215e-05, 0.0003700624792332706,
                                      0.007306330356634457, 0.1442525688929093, 2.8480512947663645};
static const double c9_m[C9_N] = {1.2016354671775566e-12, 9.247950387250551e-09,
                                  7.117348705255064e-05, 0.5477608602013316, 4215.642262222848};
static const double c9_qd[C9_N] = {603737.4115590523, 194351.04185361575, 62564.16579370658,
                                   20140.234932689382, 6483.646900850373};

/* The configured table of spec 20 §4.1 (ba99_cgs, mu = 0.45). */
static inline void c9_qstar_table(md_qstar_table *t) {
    static const md_qstar_row rows[] = {
        {1.0, 195090000.0, 0.38, 0.8187652527440811, 1.36},
        {2.0, 195090000.0, 0.38, 1.28478039442684, 1.36},
        {3.0, 195090000.0, 0.38, 1.6722, 1.36},
        {4.0, 292635000.0, 0.38, 2.2296, 1.36},
        {5.0, 390180000.0, 0.38, 2.787, 1.36},
        {6.0, 390180000.0, 0.38, 3.137652034251613, 1.36},
        {7.0, 390180000.0, 0.38, 3.4683282387928047, 1.36},
    };
    md_qstar_table_default(t);
    t->units = MD_QSTAR_UNITS_BA99_CGS;
    t->mu_grav = 0.45;
    md_error err;
    ck_assert_int_eq(md_qstar_table_set_rows(t, rows, 7, &err), MD_OK);
}

/* Asserts rel_diff(got[k], want[k]) <= tol for k < n, tracking the largest difference seen. */
static inline double c9_check_vec(const char *what, const double *got, const double *want, int n,
                                  double tol) {
    double worst = 0.0;
    for (int k = 0; k < n; ++k) {
        const double d = md_test_rel_diff(got[k], want[k]);
        if (d > worst)
            worst = d;
        ck_assert_msg(d <= tol, "%s[%d]: got %.17g, want %.17g (rel %.3g > %.3g)", what, k, got[k],
                      want[k], d, tol);
    }
    printf("  %-28s max rel diff %.3g\n", what, worst);
    return worst;
}

#endif
