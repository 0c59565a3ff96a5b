/* Table loaders on the real CSVs of spec 30 §14, and the table-dependent vectors of §13.2
 * (Q_pr), §13.3 (a_blow iteration) and §13.8 (Phi). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "md_radiation.h"
#include "md_shielding.h"
#include "md_tables.h"
#include "md_test_support.h"

#define RHO 3270.0
#define TOL 1e-12

static void assert_close(double got, double want, double tol, const char *what) {
    double d = md_test_rel_diff(got, want);
    ck_assert_msg(d <= tol, "%s: got %.17g want %.17g (rel %.3g)", what, got, want, d);
}

static md_qpr_table *load_qpr(const char *rel) {
    char path[4096];
    ck_assert_msg(md_test_shared_path(path, sizeof path, rel) == 0, "missing %s", rel);
    md_qpr_table *tab = NULL;
    md_error err;
    md_error_clear(&err);
    ck_assert_msg(md_tables_qpr_load(path, &tab, &err) == MD_OK, "%s", err.msg);
    return tab;
}

START_TEST(test_qpr_forsterite_grid) {
    md_qpr_table *tab = load_qpr("data/qpr_planck_forsterite_mie.csv");
    /* spec 30 §2.1: 23 T x 40 s, T 300..6200 K, s 1e-6..3 m, Q in [0.43339, 1.51491] */
    ck_assert_int_eq(tab->n_T, 23);
    ck_assert_int_eq(tab->n_s, 40);
    ck_assert_double_eq(tab->T[0], 300.0);
    ck_assert_double_eq(tab->T[22], 6200.0);
    ck_assert_double_eq(tab->T[4], 1000.0);
    ck_assert_double_eq(tab->s[0], 1e-6);
    ck_assert_double_eq(tab->s[39], 3.0);
    double qmin = INFINITY, qmax = -INFINITY;
    for (int k = 0; k < 23 * 40; ++k) {
        qmin = fmin(qmin, tab->q[k]);
        qmax = fmax(qmax, tab->q[k]);
    }
    ck_assert_msg(fabs(qmin - 0.43339) < 5e-6 && fabs(qmax - 1.51491) < 5e-6, "Q range %g %g", qmin,
                  qmax);
    md_tables_qpr_free(&tab);
    ck_assert_ptr_null(tab);
    md_tables_qpr_free(&tab);
    md_tables_qpr_free(NULL);
}
END_TEST

START_TEST(test_qpr_vectors) {
    md_qpr_table *tab = load_qpr("data/qpr_planck_forsterite_mie.csv");
    /* spec 30 §13.2 */
    static const double v[][3] = {
        {1e-7, 4000.0, 1.0612797706600738},
        {1e-6, 4000.0, 1.0612797706600738},
        {2e-6, 4000.0, 0.8109492840314845},
        {5e-6, 4000.0, 0.6022470976098606},
        {1e-5, 2500.0, 0.5704786589259484},
        {3.3e-5, 2000.0, 0.5051022942146443},
        {1e-3, 3000.0, 0.48119670230880196},
        {0.01, 2000.0, 0.9980602011112825},
        {1.5, 4000.0, 0.9999999999740954},
        {3.0, 6500.0, 1.0},
        {5.0, 1000.0, 1.0},
        {1e-6, 2500.0, 1.1537024912021292},
        {1e-4, 4000.0, 0.44182325130971756},
    };
    for (size_t k = 0; k < sizeof v / sizeof v[0]; ++k)
        assert_close(md_radiation_qpr(tab, v[k][0], v[k][1]), v[k][2], TOL, "Q_pr");
    /* beta through the table (spec 30 §13.2 second table) */
    assert_close(md_radiation_beta(1e-7, RHO, 4000.0, md_radiation_qpr(tab, 1e-7, 4000.0)),
                 31.61557912953015, TOL, "beta(1e-7, 4000)");
    assert_close(md_radiation_beta(5e-6, RHO, 4000.0, md_radiation_qpr(tab, 5e-6, 4000.0)),
                 0.35881944226962975, TOL, "beta(5e-6, 4000)");
    md_tables_qpr_free(&tab);
}
END_TEST

START_TEST(test_blowout_iteration_vectors) {
    md_qpr_table *tab = load_qpr("data/qpr_planck_forsterite_mie.csv");
    /* spec 30 §13.3: T, start, a_blow, Q at last iterate, beta(a_blow) with Q(a_blow) */
    static const double v[][5] = {
        {4000.0, 1e-7, 3.867613653987798e-06, 0.6491451753721109, 0.4998101045570654},
        {4000.0, 1.5, 3.867490246558846e-06, 0.6491244625128969, 0.4998308477401394},
        {2500.0, 1e-7, 1.042346140323006e-06, 1.1465437786153951, 0.49999995253169727},
        {2000.0, 1e-7, 4.1836962825726226e-07, 1.123515014692963, 0.49999999999999994},
        {6000.0, 1e-7, 1.4493507295795806e-05, 0.4805152840746152, 0.49999920558181393},
        {1000.0, 1e-7, 1.6222231569491775e-08, 0.6970265338264101, 0.5},
    };
    for (size_t k = 0; k < sizeof v / sizeof v[0]; ++k) {
        md_radiation_blowout b = md_radiation_blowout_iterate(tab, v[k][1], RHO, v[k][0]);
        assert_close(b.a_blow, v[k][2], TOL, "a_blow");
        assert_close(b.q_last, v[k][3], TOL, "Q last");
        double q_a = md_radiation_qpr(tab, b.a_blow, v[k][0]);
        assert_close(md_radiation_beta(b.a_blow, RHO, v[k][0], q_a), v[k][4], TOL, "beta(a)");
    }
    /* a_blow(1500 K) and a_blow(1400 K) from 1e-7 (spec 30 §13.3, crossing of s_min_config) */
    assert_close(md_radiation_blowout_iterate(tab, 1e-7, RHO, 1500.0).a_blow,
                 1.1540674822293087e-07, TOL, "a_blow(1500)");
    assert_close(md_radiation_blowout_iterate(tab, 1e-7, RHO, 1400.0).a_blow, 8.388298708759803e-08,
                 TOL, "a_blow(1400)");
    md_tables_qpr_free(&tab);
}
END_TEST

/* spec 30 §13.3 beta-gate table, Numba column: start-up from 1e-7, then 12 steps continuing
 * from the previous a_blow at constant T; gate = beta(a_blow, Q(a_blow)) >= 0.5. */
START_TEST(test_beta_gate_sequences) {
    md_qpr_table *tab = load_qpr("data/qpr_planck_forsterite_mie.csv");
    static const struct {
        double T;
        const char *gates;
    } v[] = {{2000.0, "nnnnnnnnnnnn"}, {2500.0, "YYYYYYYYYYYY"}, {3000.0, "YnYnnnnnnnnn"},
             {4000.0, "YnYYYYYYYYYY"}, {5000.0, "YYYYYYYYYYYY"}, {6000.0, "Ynnnnnnnnnnn"}};
    for (size_t k = 0; k < sizeof v / sizeof v[0]; ++k) {
        double s = md_radiation_blowout_iterate(tab, 1e-7, RHO, v[k].T).a_blow;
        char got[13] = {0};
        for (int step = 0; step < 12; ++step) {
            s = md_radiation_blowout_iterate(tab, s, RHO, v[k].T).a_blow;
            double beta = md_radiation_beta(s, RHO, v[k].T, md_radiation_qpr(tab, s, v[k].T));
            got[step] = beta >= MD_RADIATION_BETA_THRESHOLD ? 'Y' : 'n';
        }
        ck_assert_msg(strcmp(got, v[k].gates) == 0, "T=%g gates %s want %s", v[k].T, got,
                      v[k].gates);
    }
    md_tables_qpr_free(&tab);
}
END_TEST

START_TEST(test_qpr_sio2_table_loads) {
    md_qpr_table *tab = load_qpr("data/qpr_planck_sio2_abbas_calibrated_lowT.csv");
    ck_assert_int_eq(tab->n_T, 23); /* spec 30 §14: 23 T x 16 s, s = 1e-7 .. 0.1 m */
    ck_assert_int_eq(tab->n_s, 16);
    ck_assert_double_eq(tab->s[0], 1e-7);
    ck_assert_double_eq(tab->s[15], 0.1);
    md_tables_qpr_free(&tab);
}
END_TEST

START_TEST(test_phi_vectors) {
    char path[4096];
    ck_assert_msg(md_test_shared_path(path, sizeof path, "data/phi.csv") == 0, "missing phi.csv");
    md_error err;
    md_phi_tau_table *phi = NULL;
    md_phi_grid *grid = NULL;
    ck_assert_msg(md_tables_phi_tau_load(path, &phi, &err) == MD_OK, "%s", err.msg);
    ck_assert_msg(md_tables_phi_grid_load(path, &grid, &err) == MD_OK, "%s", err.msg);
    ck_assert_int_eq(phi->n, 9);
    ck_assert_int_eq(grid->n_tau, 9);
    ck_assert_int_eq(grid->n_w0, 6);
    ck_assert_int_eq(grid->n_g, 6);
    /* spec 30 §13.8, Phi(tau) from the w0 = 0, g = 0 slice; 2.2(b) gives identical values */
    static const double v[][2] = {
        {0.0, 1.0},
        {0.1, 0.9093653765389909},
        {0.5, 0.6095658410648328},
        {1.0, 0.3678794411714423},
        {1.5, 0.25160736220402746},
        {3.0, 0.09246950449077027},
        {10.0, 4.5399929762484854e-05},
        {12.0, 4.5399929762484854e-05},
        {-1.0, 1.0},
    };
    for (size_t k = 0; k < sizeof v / sizeof v[0]; ++k) {
        assert_close(md_shielding_phi_tau(phi, v[k][0]), v[k][1], TOL, "Phi(tau)");
        assert_close(md_shielding_phi_grid_clamped(grid, v[k][0], 0.0, 0.0), v[k][1], TOL,
                     "Phi grid(tau, 0, 0)");
    }
    /* trilinear, through apply_shielding's clamp */
    assert_close(md_shielding_phi_grid_clamped(grid, 0.5, 0.5, 0.3), 0.5465214644046656, TOL,
                 "Phi(0.5, 0.5, 0.3)");
    assert_close(md_shielding_phi_grid_clamped(grid, 2.5, 0.9, 0.1), 0.7278084125196896, TOL,
                 "Phi(2.5, 0.9, 0.1)");
    assert_close(md_shielding_phi_grid_clamped(grid, 20.0, 1.0, 0.0), 0.9048374180359596, TOL,
                 "Phi(20, 1, 0) clamped");
    /* PhiTable.interp itself extrapolates */
    assert_close(md_shielding_phi_grid(grid, 20.0, 1.0, 0.0), 0.8698398764412117, TOL,
                 "Phi(20, 1, 0) unclamped");
    md_tables_phi_tau_free(&phi);
    md_tables_phi_grid_free(&grid);
    ck_assert_ptr_null(phi);
    ck_assert_ptr_null(grid);
}
END_TEST

/* Writes text to a temporary file and returns its path in buf. */
static void write_tmp(char *buf, size_t len, const char *text) {
    snprintf(buf, len, "/tmp/md_test_tables_%ld.csv", (long)getpid());
    FILE *f = fopen(buf, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

START_TEST(test_errors_name_file_and_line) {
    md_error err;
    md_qpr_table *tab = NULL;
    md_error_clear(&err);
    ck_assert_int_eq(md_tables_qpr_load("/nonexistent/qpr.csv", &tab, &err), MD_ERR_IO);
    ck_assert_msg(strstr(err.msg, "/nonexistent/qpr.csv") != NULL, "%s", err.msg);

    char path[256];
    write_tmp(path, sizeof path, "T_M,s,Q_pr\n1000,1e-6,0.5\n1000,2e-6,abc\n");
    ck_assert_int_eq(md_tables_qpr_load(path, &tab, &err), MD_ERR_CONFIG);
    ck_assert_msg(strstr(err.msg, path) && strstr(err.msg, ":3:") && strstr(err.msg, "abc"), "%s",
                  err.msg);

    write_tmp(path, sizeof path, "T_M,s,Q_pr\n1000,1e-6,0.5\n1000,2e-6,0.6\n2000,1e-6,0.7\n");
    ck_assert_int_eq(md_tables_qpr_load(path, &tab, &err), MD_ERR_CONFIG); /* hole */
    ck_assert_msg(strstr(err.msg, "missing") != NULL, "%s", err.msg);

    write_tmp(path, sizeof path,
              "T_M,s,Q_pr\n1000,1e-6,0.5\n1000,2e-6,0.6\n2000,1e-6,0.7\n2000,1e-6,0.8\n");
    ck_assert_int_eq(md_tables_qpr_load(path, &tab, &err), MD_ERR_CONFIG); /* duplicate */
    ck_assert_msg(strstr(err.msg, "duplicate") != NULL, "%s", err.msg);

    write_tmp(path, sizeof path, "T_M,Q_pr\n1000,0.5\n");
    ck_assert_int_eq(md_tables_qpr_load(path, &tab, &err), MD_ERR_CONFIG);

    /* log10_s is accepted (io/tables.py: _read_qpr_frame) */
    write_tmp(path, sizeof path,
              "T_M,log10_s,Q_pr\n1000,-6,0.5\n1000,-5,0.6\n2000,-6,0.7\n2000,-5,0.8\n");
    ck_assert_msg(md_tables_qpr_load(path, &tab, &err) == MD_OK, "%s", err.msg);
    ck_assert_double_eq(tab->s[0], 1e-6);
    ck_assert_double_eq(tab->q[3], 0.8);
    md_tables_qpr_free(&tab);

    md_phi_tau_table *phi = NULL;
    write_tmp(path, sizeof path, "tau,phi\n0,1\n1,0.5\n1,0.4\n");
    ck_assert_int_eq(md_tables_phi_tau_load(path, &phi, &err), MD_ERR_CONFIG);
    write_tmp(path, sizeof path, "tau,phi\n1,0.37\n0,1\n");
    ck_assert_msg(md_tables_phi_tau_load(path, &phi, &err) == MD_OK, "%s", err.msg);
    ck_assert_double_eq(phi->tau[0], 0.0);
    ck_assert_double_eq(md_shielding_phi_tau(phi, 0.5), 0.685);
    md_tables_phi_tau_free(&phi);
    remove(path);
}
END_TEST

static Suite *tables_suite(void) {
    Suite *s = suite_create("tables");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_qpr_forsterite_grid);
    tcase_add_test(tc, test_qpr_vectors);
    tcase_add_test(tc, test_blowout_iteration_vectors);
    tcase_add_test(tc, test_beta_gate_sequences);
    tcase_add_test(tc, test_qpr_sio2_table_loads);
    tcase_add_test(tc, test_phi_vectors);
    tcase_add_test(tc, test_errors_name_file_and_line);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) {
    md_test_require_shared();
    return md_test_run_suite(tables_suite());
}
