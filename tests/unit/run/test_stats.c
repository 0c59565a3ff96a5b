/* md_stats: the summary's min/median/max of a track by selection, against a stable sort of the
 * finite values (the figures the summary had when they came from sorting), bit for bit. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "md_stats.h"
#include "md_test_support.h"

/* Stable insertion sort of the finite values of v into out; returns their count. */
static long stable_sorted_finite(const double *v, long n, double *out) {
    long m = 0;
    for (long i = 0; i < n; ++i) {
        if (!isfinite(v[i]))
            continue;
        long j = m++;
        for (; j > 0 && out[j - 1] > v[i]; --j) /* strict: equal values keep their order */
            out[j] = out[j - 1];
        out[j] = v[i];
    }
    return m;
}

static int same_bits(double a, double b) {
    return memcmp(&a, &b, sizeof a) == 0;
}

/* md_stats_series on v against the stable sort. */
static void check_track(const double *v, long n) {
    double *sorted = malloc((size_t)(n > 0 ? n : 1) * sizeof *sorted);
    double *work = malloc((size_t)(n > 0 ? n : 1) * sizeof *work);
    ck_assert_ptr_nonnull(sorted);
    ck_assert_ptr_nonnull(work);
    const long m = stable_sorted_finite(v, n, sorted);
    double mn, med, mx;
    md_stats_series(v, n, work, &mn, &med, &mx);
    if (m == 0) {
        ck_assert(isnan(mn) && isnan(med) && isnan(mx));
    } else {
        const double want_med = m % 2 ? sorted[m / 2] : (sorted[m / 2 - 1] + sorted[m / 2]) / 2.0;
        ck_assert_msg(same_bits(mn, sorted[0]), "min %a, want %a (n %ld)", mn, sorted[0], n);
        ck_assert_msg(same_bits(mx, sorted[m - 1]), "max %a, want %a (n %ld)", mx, sorted[m - 1],
                      n);
        ck_assert_msg(same_bits(med, want_med), "median %a, want %a (n %ld)", med, want_med, n);
    }
    free(sorted);
    free(work);
}

START_TEST(matches_a_stable_sort) {
    /* Random tracks of every length up to 64 and a long one, drawn from a small set of values
     * (many ties, both zeros, infinities and NaN that must be left out) and from a continuum. */
    static const double pool[] = {0.0,      -0.0,      1.0, -1.0, 2.5,  1e-300,
                                  INFINITY, -INFINITY, NAN, 0.0,  -0.0, 1.0};
    const int pool_n = (int)(sizeof pool / sizeof pool[0]);
    srand(4242);
    static double v[5001];
    for (int trial = 0; trial < 400; ++trial) {
        const long n = trial < 390 ? trial % 65 : 5001 - trial % 2;
        const int ties = trial % 3 != 0;
        for (long i = 0; i < n; ++i)
            v[i] = ties ? pool[rand() % pool_n] : (rand() / (double)RAND_MAX - 0.3) * 1e3;
        check_track(v, n);
    }
}
END_TEST

START_TEST(constant_and_sorted_tracks) {
    /* The shapes tracks have: one value on every step (linear, not quadratic, in the three-way
     * partition), rising, falling; and zeros of both signs around the middle. */
    enum { N = 20000 };
    static double v[N];
    for (long i = 0; i < N; ++i)
        v[i] = 1.0;
    check_track(v, N);
    for (long i = 0; i < N; ++i)
        v[i] = (double)i;
    check_track(v, N);
    check_track(v, N - 1);
    for (long i = 0; i < N; ++i)
        v[i] = -(double)i;
    check_track(v, N);
    const double zeros[] = {-0.0, 0.0, -1.0, 0.0, -0.0, 2.0};
    check_track(zeros, 6); /* median of -0.0 (2nd zero by order) and +0.0 (3rd) */
    check_track(zeros, 5);
    const double none[] = {NAN, INFINITY};
    check_track(none, 2);
    check_track(none, 0);
}
END_TEST

int main(void) {
    Suite *s = suite_create("stats");
    TCase *tc = tcase_create("series_stats");
    tcase_add_test(tc, matches_a_stable_sort);
    tcase_add_test(tc, constant_and_sorted_tracks);
    suite_add_tcase(s, tc);
    return md_test_run_suite(s);
}
