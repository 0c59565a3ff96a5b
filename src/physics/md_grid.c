/* md_grid: logarithmic size grid (spec 20 §1.2). */
#include "md_grid.h"

#include <math.h>

#include "md_constants.h"

md_status md_grid_log_edges(double s_min, double s_max, int n, double *edges, md_error *err) {
    if (n <= 0)
        return md_error_set(err, MD_ERR_CONFIG, "sizes.n_bins = %d must be positive", n);
    if (!isfinite(s_min) || !isfinite(s_max) || s_min <= 0.0)
        return md_error_set(err, MD_ERR_CONFIG,
                            "size grid bounds s_min = %g m, s_max = %g m must be finite and > 0",
                            s_min, s_max);
    if (s_min >= s_max)
        return md_error_set(err, MD_ERR_CONFIG,
                            "size grid s_min = %g m must be smaller than s_max = %g m", s_min,
                            s_max);
    /* numpy.linspace(a, b, n+1): exponent k*step + a, the last one set to b itself. */
    const double a = log10(s_min);
    const double b = log10(s_max);
    const double step = (b - a) / (double)n;
    for (int k = 0; k < n; ++k)
        edges[k] = pow(10.0, (double)k * step + a);
    edges[n] = pow(10.0, b);
    return MD_OK;
}

void md_grid_centres(const double *edges, int n, double *s) {
    for (int k = 0; k < n; ++k)
        s[k] = sqrt(edges[k] * edges[k + 1]);
}

void md_grid_widths(const double *edges, int n, double *width) {
    for (int k = 0; k < n; ++k)
        width[k] = edges[k + 1] - edges[k];
}

void md_grid_masses(const double *s, int n, double rho, double *m) {
    /* Same association as the reference: ((4/3)*pi*rho) first, then times s**3 (a pow call). */
    const double c = ((4.0 / 3.0) * MD_PI) * rho;
    for (int k = 0; k < n; ++k)
        m[k] = c * pow(s[k], 3.0);
}

md_status md_grid_build_log(double s_min, double s_max, int n, double rho, double *edges, double *s,
                            double *width, double *m, md_error *err) {
    md_status st = md_grid_log_edges(s_min, s_max, n, edges, err);
    if (st != MD_OK)
        return st;
    md_grid_centres(edges, n, s);
    md_grid_widths(edges, n, width);
    if (m)
        md_grid_masses(s, n, rho, m);
    return MD_OK;
}

void md_grid_edges_from_centres(const double *s, const double *width, int n, double *edges) {
    if (n <= 0)
        return;
    for (int k = 0; k < n; ++k) {
        const double left = s[k] - 0.5 * width[k];
        edges[k] = left < 0.0 ? 0.0 : left; /* np.maximum keeps NaN */
    }
    edges[n] = s[n - 1] + 0.5 * width[n - 1];
}

int md_grid_bin_index(const double *edges, int n, double x) {
    /* searchsorted(side="right"): first index whose edge is > x; NaN compares false everywhere
     * and so lands past the end, as numpy sorts NaN last. */
    int lo = 0, hi = n + 1;
    while (lo < hi) {
        const int mid = lo + (hi - lo) / 2;
        if (edges[mid] > x)
            hi = mid;
        else
            lo = mid + 1;
    }
    int k = lo - 1;
    if (k < 0)
        k = 0;
    if (k > n - 1)
        k = n - 1;
    return k;
}
