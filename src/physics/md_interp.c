/* md_interp: numpy's searchsorted and interp rules (spec 30 §2.1 step 2, §2.6). */
#include "md_interp.h"

#include <math.h>

int md_interp_searchsorted_left(int n, const double *x, double v) {
    int lo = 0;
    int hi = n;
    while (lo < hi) { /* invariant: x[k] < v for k < lo, x[k] >= v for k >= hi */
        int mid = lo + (hi - lo) / 2;
        if (x[mid] < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int md_interp_cell(int n, const double *x, double v) {
    int i = md_interp_searchsorted_left(n, x, v) - 1;
    if (i < 0)
        i = 0;
    if (i > n - 2)
        i = n - 2;
    return i;
}

int md_interp_cell_near(int n, const double *x, double v, int hint) {
    /* x ascending: every x[k], k <= hint, is < v and x[hint + 1] >= v, so searchsorted_left
     * gives hint + 1 and the cell is hint (within [0, n - 2], nothing to clamp). */
    if (hint >= 0 && hint <= n - 2 && x[hint] < v && v <= x[hint + 1])
        return hint;
    return md_interp_cell(n, x, v);
}

/* numpy/core/src/multiarray/compiled_base.c: arr_interp, scalar path with left/right = end
 * values. The NaN fall-backs keep infinite node values from poisoning the result, as numpy. */
double md_interp_linear_near(long n, const double *x, const double *y, double v, long *cell) {
    if (n == 1) /* numpy: left, right and the node value are all y[0] */
        return y[0];
    if (v > x[n - 1])
        return y[n - 1];
    if (v < x[0])
        return y[0];
    if (isnan(v))
        return v;
    if (v == x[n - 1])
        return y[n - 1];
    long j = *cell; /* the largest j with x[j] <= v (x strictly ascending: v < x[j + 1]) */
    if (!(j >= 0 && j <= n - 2 && x[j] <= v && v < x[j + 1])) {
        long lo = 0;
        long hi = n - 1;
        while (hi - lo > 1) {
            long mid = lo + (hi - lo) / 2;
            if (x[mid] <= v)
                lo = mid;
            else
                hi = mid;
        }
        j = lo;
    }
    *cell = j;
    if (x[j] == v)
        return y[j];
    double slope = (y[j + 1] - y[j]) / (x[j + 1] - x[j]);
    double r = slope * (v - x[j]) + y[j];
    if (isnan(r)) {
        r = slope * (v - x[j + 1]) + y[j + 1];
        if (isnan(r) && y[j] == y[j + 1])
            r = y[j];
    }
    return r;
}

double md_interp_linear(long n, const double *x, const double *y, double v) {
    long cell = -1;
    return md_interp_linear_near(n, x, y, v, &cell);
}
