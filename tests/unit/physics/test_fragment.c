/* md_fragment against the fragment-tensor test vectors of spec 20 §9 and its invariants. */
#include "md_fragment.h"
#include "md_grid.h"
#include "md_qstar.h"
#include "md_test_support.h"
#include "physB_case9.h"

#include <stdlib.h>
#include <string.h>

static const double q_r_want[C9_N][C9_N] = {
    {2305212.3694996075, 1197.8028076197768, 0.15567734355846286, 2.022798738512903e-05,
     2.6283301762958866e-09},
    {1197.8028076197768, 2305212.369499608, 1197.8028076197788, 0.15567734355846294,
     2.022798738512901e-05},
    {0.15567734355846286, 1197.8028076197788, 2305212.3694996075, 1197.8028076197775,
     0.15567734355846252},
    {2.022798738512903e-05, 0.15567734355846294, 1197.8028076197775, 2305212.369499608,
     1197.8028076197759},
    {2.6283301762958866e-09, 2.022798738512901e-05, 0.15567734355846252, 1197.8028076197759,
     2305212.3694996075},
};

static const double f_lr_want[C9_N][C9_N] = {
    {0.032367896623914004, 0.9969184553985516, 0.9999987558585527, 0.9999999994978215,
     0.9999999999997973},
    {0.9969184553985516, 0.005911839778065263, 0.9904274052692614, 0.9999961351656503,
     0.9999999984400764},
    {0.9999987558585527, 0.9904274052692614, 0.001079768945982541, 0.9702634350685841,
     0.9999879946158435},
    {0.9999999994978215, 0.9999961351656503, 0.9702634350685841, 0.00019721463678004864,
     0.9076289296797859},
    {0.9999999999997973, 0.9999999984400764, 0.9999879946158435, 0.9076289296797859,
     3.602229499666295e-05},
};

static const int k_lr_want[C9_N][C9_N] = {
    {0, 1, 2, 3, 4}, {1, 1, 2, 3, 4}, {2, 2, 1, 3, 4}, {3, 3, 3, 2, 4}, {4, 4, 4, 4, 3}};

static const double w_want[C9_N][C9_N] = {
    {1.0, 0.0, 0.0, 0.0, 0.0},
    {0.9994229828718046, 0.0005770171281953338, 0.0, 0.0, 0.0},
    {0.9994226499231494, 0.000577016935967338, 3.331408833077166e-07, 0.0, 0.0},
    {0.9994226497309214, 0.0005770169358563552, 3.331408832436406e-07, 1.9233897861878566e-10, 0.0},
    {0.9994226497308105, 0.0005770169358562911, 3.331408832436036e-07, 1.923389786187643e-10,
     1.110469610812013e-13},
};

/* Y[:, i, j] for i <= j in the order (0,0), (0,1), ..., (4,4). */
static const double y_want[15][C9_N] = {
    {1.0, 0.0, 0.0, 0.0, 0.0},
    {0.003079766497432049, 0.996920233502568, 0.0, 0.0, 0.0},
    {1.2434231421494485e-06, 7.178906858365926e-10, 0.9999987558589671, 0.0, 0.0},
    {5.018885880848865e-10, 2.897655114340097e-13, 1.6729619602829554e-16, 0.9999999994978215, 0.0},
    {2.0260967996770907e-13, 1.1697675326978048e-16, 6.753655998923638e-20, 3.8992251089926947e-23,
     0.9999999999997973},
    {0.9935145543265504, 0.0064854456734495065, 0.0, 0.0, 0.0},
    {0.009567067992435119, 5.523549280787855e-06, 0.9904274084582841, 0.0, 0.0},
    {3.86260298651328e-06, 2.230074874036089e-09, 1.2875343288377603e-12, 0.9999961351656511, 0.0},
    {1.559023012378168e-09, 9.001023558693544e-13, 5.196743374593895e-16, 3.0003411862311908e-19,
     0.9999999984400764},
    {0.9983438369709985, 0.0016561630290015494, 0.0, 0.0, 0.0},
    {0.02971939651765123, 1.715850157961912e-05, 9.906465505883746e-09, 0.9702634350743037, 0.0},
    {1.1998452844691556e-05, 6.9273099797416835e-09, 3.999484281563853e-12, 2.3091033265805686e-15,
     0.9999879946158435},
    {0.9992255491482551, 0.0005769031397818953, 0.00019754771196309805, 0.0, 0.0},
    {0.09231773985789939, 5.329967195793592e-05, 3.0772579952633136e-08, 1.776655731931203e-11,
     0.9076289296797961},
    {0.9993866482334065, 0.0005769961503820736, 3.3312888274446894e-07, 3.602248732871308e-05, 0.0},
};

/* Doubles that hold md_fragment_table_bytes(n) (about 4.25 n^2 + 2.25 n + 0.5). */
#define FRAG_DOUBLES(n) (5 * (n) * (n) + 3 * (n) + 1)

typedef struct table_buf {
    double buf[FRAG_DOUBLES(C9_N)];
    md_fragment_table t;
} table_buf;

static void table_bind(table_buf *b) {
    ck_assert_uint_le(md_fragment_table_bytes(C9_N), sizeof b->buf);
    md_fragment_table_bind(&b->t, b->buf, C9_N);
}

static void build_case9(table_buf *b) {
    table_bind(b);
    md_error err;
    ck_assert_int_eq(
        md_fragment_build(&b->t, c9_s, c9_m, c9_edges, C9_N, C9_RHO, C9_V_REL, c9_qd, &err), MD_OK);
}

START_TEST(q_d_star_inputs_match_spec) {
    /* The Q_D* values the fragment table is built from (md_qstar, spec 20 §4.4). */
    md_qstar_table t;
    c9_qstar_table(&t);
    double qd[C9_N];
    md_error err;
    ck_assert_int_eq(md_qstar_eval_sizes(&t, c9_s, C9_N, C9_RHO, C9_V_REL / 1e3, qd, &err), MD_OK);
    c9_check_vec("Q_D*(s_k)", qd, c9_qd, C9_N, C9_TOL);
    double m[C9_N];
    md_grid_masses(c9_s, C9_N, C9_RHO, m);
    c9_check_vec("m_k", m, c9_m, C9_N, C9_TOL);
}
END_TEST

START_TEST(q_r_f_lr_k_lr_match_spec) {
    table_buf b;
    build_case9(&b);
    double worst_q = 0.0;
    for (int i = 0; i < C9_N; ++i) {
        double q[C9_N];
        for (int j = 0; j < C9_N; ++j)
            q[j] = md_fragment_q_r(c9_m[i], c9_m[j], C9_V_REL);
        worst_q = fmax(worst_q, c9_check_vec("Q_R row", q, q_r_want[i], C9_N, C9_TOL));
        for (int j = i; j < C9_N; ++j) {
            const double f = b.t.f_lr[i * C9_N + j];
            ck_assert_msg(md_test_rel_diff(f, f_lr_want[i][j]) <= C9_TOL,
                          "f_LR(%d,%d) = %.17g, want %.17g", i, j, f, f_lr_want[i][j]);
            ck_assert_int_eq(b.t.k_lr[i * C9_N + j], k_lr_want[i][j]);
        }
    }
    printf("  Q_R matrix max rel diff %.3g\n", worst_q);
}
END_TEST

START_TEST(weights_table_matches_spec) {
    double w[C9_N * C9_N];
    md_fragment_weights(c9_edges, C9_N, MD_FRAGMENT_ALPHA, w);
    for (int r = 0; r < C9_N; ++r)
        c9_check_vec("W row", w + r * C9_N, w_want[r], C9_N, C9_TOL);
}
END_TEST

START_TEST(y_matches_spec_and_is_symmetric) {
    table_buf b;
    build_case9(&b);
    int p = 0;
    double worst = 0.0;
    for (int i = 0; i < C9_N; ++i) {
        for (int j = i; j < C9_N; ++j, ++p) {
            double y[C9_N];
            for (int k = 0; k < C9_N; ++k) {
                y[k] = md_fragment_y(&b.t, k, i, j);
                ck_assert(y[k] == md_fragment_y(&b.t, k, j, i));
            }
            worst = fmax(worst, c9_check_vec("Y[:,i,j]", y, y_want[p], C9_N, C9_TOL));
        }
    }
    printf("  Y (15 pairs) max rel diff %.3g\n", worst);
}
END_TEST

/* Sum_k Y[k,i,j] = 1 to rounding for every valid pair (spec 20 §5.3). */
static void check_mass_conservation(const md_fragment_table *t, int n, double tol) {
    for (int i = 0; i < n; ++i)
        for (int j = i; j < n; ++j) {
            double sum = 0.0;
            for (int k = 0; k < n; ++k)
                sum += md_fragment_y(t, k, i, j);
            ck_assert_msg(fabs(sum - 1.0) <= tol, "sum_k Y[k,%d,%d] = %.17g", i, j, sum);
        }
}

START_TEST(fragments_conserve_mass) {
    table_buf b;
    build_case9(&b);
    check_mass_conservation(&b.t, C9_N, 4.0 * 2.220446049250313e-16);

    /* 40-bin base-like grid at 1 and 4.3 km/s (remnants can grow past the larger body). */
    enum { N = 40 };
    static double edges[N + 1], s[N], width[N], m[N], qd[N], frag_buf[FRAG_DOUBLES(N)];
    md_error err;
    ck_assert_int_eq(md_grid_build_log(1e-6, 3.0, N, C9_RHO, edges, s, width, m, &err), MD_OK);
    md_qstar_table qt;
    c9_qstar_table(&qt);
    const double speeds[] = {1000.0, C9_V_REL, 9000.0};
    for (size_t v = 0; v < sizeof speeds / sizeof speeds[0]; ++v) {
        ck_assert_int_eq(md_qstar_eval_sizes(&qt, s, N, C9_RHO, speeds[v] / 1e3, qd, &err), MD_OK);
        md_fragment_table t;
        ck_assert_uint_le(md_fragment_table_bytes(N), sizeof frag_buf);
        md_fragment_table_bind(&t, frag_buf, N);
        ck_assert_int_eq(md_fragment_build(&t, s, m, edges, N, C9_RHO, speeds[v], qd, &err), MD_OK);
        check_mass_conservation(&t, N, 8.0 * 2.220446049250313e-16);
        for (int i = 0; i < N; ++i)
            for (int j = i; j < N; ++j) {
                ck_assert(t.k_lr[i * N + j] >= 0 && t.k_lr[i * N + j] < N);
                ck_assert(t.f_lr[i * N + j] >= 0.0 && t.f_lr[i * N + j] <= 1.0);
            }
    }
}
END_TEST

START_TEST(groups_list_every_valid_pair_in_scan_order) {
    /* The gain sums group by group: every valid pair once, in the group of its k_LR, in (i, j)
     * order within the group, with m_i + m_j and (f_LR, 1 - f_LR); an invalid pair (m_2 = 0) in
     * none. */
    table_buf b;
    table_bind(&b);
    double m[C9_N];
    memcpy(m, c9_m, sizeof m);
    m[2] = 0.0;
    md_error err;
    ck_assert_int_eq(
        md_fragment_build(&b.t, c9_s, m, c9_edges, C9_N, C9_RHO, C9_V_REL, c9_qd, &err), MD_OK);
    const md_fragment_table *t = &b.t;
    int valid = 0;
    for (int i = 0; i < C9_N; ++i)
        for (int j = i; j < C9_N; ++j)
            valid += t->k_lr[i * C9_N + j] >= 0;
    ck_assert_int_eq(valid, 15 - 5); /* pairs with bin 2: (0,2) (1,2) (2,2) (2,3) (2,4) */
    ck_assert_int_eq(t->group_start[0], 0);
    ck_assert_int_eq(t->group_start[C9_N], valid);
    for (int L = 0; L < C9_N; ++L) {
        ck_assert_int_le(t->group_start[L], t->group_start[L + 1]);
        for (int p = t->group_start[L]; p < t->group_start[L + 1]; ++p) {
            const md_fragment_pair *pr = &t->pairs[p];
            const int ij = pr->index, i = ij / C9_N, j = ij % C9_N;
            ck_assert(i <= j && t->k_lr[ij] == L);
            if (p > t->group_start[L])
                ck_assert_int_lt(t->pairs[p - 1].index, ij);
            ck_assert(pr->mass == m[i] + m[j]);
            ck_assert(pr->frac[0] == t->f_lr[ij]);
            ck_assert(pr->frac[1] == 1.0 - t->f_lr[ij]);
        }
    }
}
END_TEST

START_TEST(largest_remnant_law_branches) {
    ck_assert(md_fragment_f_lr(1.0, 1.0) == 0.5);               /* phi = 1 */
    ck_assert(fabs(md_fragment_f_lr(1.8, 1.0) - 0.1) <= 1e-16); /* the two branches meet */
    ck_assert(md_fragment_f_lr(1.0, 0.0) == 0.0);               /* Q_D* <= 0 */
    ck_assert(md_fragment_f_lr(-1.0, 1.0) == 1.0);              /* clipped */
    ck_assert(md_fragment_q_r(0.0, 1.0, 10.0) == 0.0);
    ck_assert(md_fragment_q_r(1.0, 1.0, 2.0) == 0.5); /* 0.5*0.5*4/2 */
}
END_TEST

START_TEST(invalid_pairs_and_guards) {
    table_buf b;
    table_bind(&b);
    double m[C9_N];
    for (int k = 0; k < C9_N; ++k)
        m[k] = c9_m[k];
    m[2] = 0.0;
    md_error err;
    ck_assert_int_eq(
        md_fragment_build(&b.t, c9_s, m, c9_edges, C9_N, C9_RHO, C9_V_REL, c9_qd, &err), MD_OK);
    for (int k = 0; k < C9_N; ++k) {
        ck_assert(md_fragment_y(&b.t, k, 2, 4) == 0.0);
        ck_assert(md_fragment_y(&b.t, k, 0, 2) == 0.0);
    }
    ck_assert_int_eq(
        md_fragment_build(&b.t, c9_s, c9_m, c9_edges, C9_N, 0.0, C9_V_REL, c9_qd, &err),
        MD_ERR_PHYSICS);
    ck_assert_int_eq(md_fragment_build(&b.t, c9_s, c9_m, c9_edges, C9_N, C9_RHO, -1.0, c9_qd, &err),
                     MD_ERR_PHYSICS);
    ck_assert_int_eq(md_fragment_build(&b.t, c9_s, c9_m, c9_edges, C9_N, C9_RHO, NAN, c9_qd, &err),
                     MD_ERR_PHYSICS);
}
END_TEST

int main(void) {
    Suite *s = suite_create("fragment");
    TCase *tc = tcase_create("spec20_s5");
    tcase_add_test(tc, q_d_star_inputs_match_spec);
    tcase_add_test(tc, q_r_f_lr_k_lr_match_spec);
    tcase_add_test(tc, weights_table_matches_spec);
    tcase_add_test(tc, y_matches_spec_and_is_symmetric);
    tcase_add_test(tc, fragments_conserve_mass);
    tcase_add_test(tc, largest_remnant_law_branches);
    tcase_add_test(tc, groups_list_every_valid_pair_in_scan_order);
    tcase_add_test(tc, invalid_pairs_and_guards);
    suite_add_tcase(s, tc);
    return md_test_run_suite(s);
}
