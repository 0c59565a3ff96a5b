/* md_stats: min, median and max of a run's tracks for the summary (runtime/helpers.py:
 * series_stats, numpy's median of the finite values).
 *
 * The figures are those of a stable sort of the finite values: min the first of the smallest,
 * max the last of the largest, median the middle one (odd count) or the mean of the two middle
 * ones (a + b) / 2.0 (even count). Only -0.0 and +0.0 compare equal with different bits, so
 * "stable" only decides which zero a position holds: the one at that place in the track's own
 * order. Found by selection in O(n), not by sorting: a track is one value per step, and sorting
 * millions of them cost as much as a good part of a step each. */
#ifndef MD_STATS_H
#define MD_STATS_H

/* Min, median and max of the finite values among v[0..n); all NaN when there are none. work:
 * [n] doubles of scratch. */
void md_stats_series(const double *v, long n, double *work, double *min, double *median,
                     double *max);

#endif
