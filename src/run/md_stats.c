/* md_stats: summary statistics of a track by selection (runtime/helpers.py: series_stats). */
#include "md_stats.h"

#include <math.h>

static void swap(double *a, double *b) {
    const double t = *a;
    *a = *b;
    *b = t;
}

static double median_of_three(double a, double b, double c) {
    if (a < b)
        return b < c ? b : (a < c ? c : a);
    return a < c ? a : (b < c ? c : b);
}

/* The value at position k (0-based) of x[0..m) sorted, reordering x so that x[0..k) holds
 * values <= it. Three-way partitions keep repeated values (a gate factor of 1 on every step)
 * linear. */
static double select_kth(double *x, long m, long k) {
    long lo = 0;
    long hi = m;
    while (hi - lo > 1) {
        const double pivot = median_of_three(x[lo], x[lo + (hi - lo) / 2], x[hi - 1]);
        long lt = lo, i = lo, gt = hi; /* [lo,lt) < pivot, [lt,i) == pivot, [gt,hi) > pivot */
        while (i < gt) {
            if (x[i] < pivot)
                swap(&x[lt++], &x[i++]);
            else if (x[i] > pivot)
                swap(&x[i], &x[--gt]);
            else
                ++i;
        }
        if (k < lt)
            hi = lt;
        else if (k >= gt)
            lo = gt;
        else
            return x[k];
    }
    return x[k];
}

/* Which zero a stable sort puts at position k, given that the value there compares equal to 0:
 * the (k - negatives)-th zero of v in its own order. */
static double stable_zero(const double *v, long n, long negatives, long k) {
    long rank = k - negatives;
    for (long i = 0; i < n; ++i)
        if (v[i] == 0.0 && rank-- == 0)
            return v[i];
    return 0.0; /* not reached: position k lies in the run of zeros */
}

void md_stats_series(const double *v, long n, double *work, double *min, double *median,
                     double *max) {
    long m = 0;
    long negatives = 0;
    double lo = NAN, hi = NAN;
    for (long i = 0; i < n; ++i) {
        const double x = v[i];
        if (!isfinite(x))
            continue;
        if (m == 0 || x < lo) /* the first of equal smallest values */
            lo = x;
        if (m == 0 || x >= hi) /* the last of equal largest values */
            hi = x;
        negatives += x < 0.0;
        work[m++] = x;
    }
    *min = lo;
    *max = hi;
    if (m == 0) {
        *median = NAN;
        return;
    }
    const long k = m / 2;
    double upper = select_kth(work, m, k);
    if (upper == 0.0)
        upper = stable_zero(v, n, negatives, k);
    if (m % 2) {
        *median = upper;
        return;
    }
    double lower = work[0]; /* position k - 1: the largest of work[0..k) */
    for (long i = 1; i < k; ++i)
        if (work[i] > lower)
            lower = work[i];
    if (lower == 0.0)
        lower = stable_zero(v, n, negatives, k - 1);
    /* numpy.median: the mean of the two middle values, computed as np.mean of two elements */
    *median = (lower + upper) / 2.0;
}
