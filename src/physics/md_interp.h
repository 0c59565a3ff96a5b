/* md_interp: the one-dimensional interpolation rules the reference takes from numpy
 * (spec 30 §2.6: numpy.interp; §2.1 step 2: numpy.searchsorted). Shared by the Phi(tau), Mars
 * temperature and Q_pr look-ups so the last bits agree everywhere. Pure, no allocation. */
#ifndef MD_INTERP_H
#define MD_INTERP_H

/* numpy.searchsorted(x, v, side='left'): first k in [0, n] with x[k] >= v; x ascending. */
int md_interp_searchsorted_left(int n, const double *x, double v);

/* Cell index of spec 30 §2.1 step 2: clamp(searchsorted_left(x, v) - 1, 0, n - 2); n >= 2. */
int md_interp_cell(int n, const double *x, double v);

/* md_interp_cell with a guess: when x[hint] < v <= x[hint + 1] (hint in [0, n - 2]) that is the
 * cell md_interp_cell finds, returned without the search; otherwise the search. For look-ups that
 * move little from one call to the next (the blow-out size iteration). */
int md_interp_cell_near(int n, const double *x, double v, int hint);

/* numpy.interp(v, x, y) with left = y[0], right = y[n-1] (spec 30 §2.6): x strictly ascending,
 * n >= 1; slope * (v - x_j) + y_j between nodes, node values returned exactly. NaN v -> NaN. */
double md_interp_linear(long n, const double *x, const double *y, double v);

/* md_interp_linear starting from a guess: *cell (the node interval of the previous look-up) is
 * tried first and kept only if x[cell] <= v < x[cell + 1], the interval the search finds; the
 * interval used is written back. For a table read at advancing times (the Mars temperature). */
double md_interp_linear_near(long n, const double *x, const double *y, double v, long *cell);

#endif
