/* golden_compare: runs one golden case (/work/shared/golden/<case>/) through the 0D driver and
 * compares every quantity we produce with the reference's files.
 *
 *   series   <case>/series_run.csv, row by row (smol_dt_eff and smol_mass_error, which the
 *            reference leaves null there, from series_diagnostics.csv: see golden_compare.c)
 *   summary  <case>/summary.json, numeric keys (then its time_grid block); masses in M_Mars
 *   psd      <case>/psd_final.csv and psd_initial.csv: sizes, widths, masses, N_k per m^2
 *   counts   steps done (summary time_grid), series rows, stop reason, case_status
 *
 * Deviation measure, per value pair (ours a, golden b), in units of relative difference:
 *   d = 0                                    both NaN, or a == b (equal infinities included)
 *   d = inf                                  exactly one is NaN, or unequal infinities
 *   d = |a - b| / max(|a|, |b|, floor)       otherwise,
 * with floor = max(1e-30 * S, 1e-300) where S is the largest finite |value| of that quantity
 * on either side (the whole column for a series or PSD column; the value itself for a summary
 * key). So d is the plain relative difference unless both values are more than 30 orders of
 * magnitude below their column (exact zeros, denormals): there the difference is measured
 * against 1e-30 S instead of blowing up; a golden 0 against our 1e-20 in a column of size 1
 * still counts as d = 1e10. A quantity passes if its largest d <= GOLDEN_TOL.
 *
 * Known gaps: a short explicit list in golden_compare.c (case, quantity, measured gap, reason),
 * each with a reason confirmed in the reference source. A listed quantity is printed as
 * "KNOWN GAP" and passes only while its deviation stays within the recorded gap. */
#ifndef GOLDEN_COMPARE_H
#define GOLDEN_COMPARE_H

#include <stdio.h>

#include "md_status.h"

#define GOLDEN_TOL 1e-9

typedef struct golden_outcome {
    int n_checked;     /* quantities compared */
    int n_fail;        /* over GOLDEN_TOL (or a count/reason mismatch), not a known gap */
    int n_known;       /* known gaps within their recorded size */
    double worst;      /* largest d among the failures (0: none) */
    char summary[512]; /* the failing quantities, comma separated (truncated) */
} golden_outcome;

typedef struct golden_options {
    FILE *out;               /* where the tables go */
    int only_fail;           /* print only the failing lines of the tables */
    const char *dump_column; /* NULL, or a series column to print row by row (both values, d) */
} golden_options;

/* Loads <case_dir>/manifest.json (tables from data_dir), runs run 0 and prints the comparison
 * tables (every quantity: name, max_rel_diff, at_row, first row over GOLDEN_TOL, the two values
 * at the worst row, status). Returns MD_OK when the comparison was made (the outcome says
 * whether it passed), else the status of what prevented it (missing file, manifest or driver
 * error) with err set. */
md_status golden_compare_case(const char *case_dir, const char *data_dir, const golden_options *opt,
                              golden_outcome *res, md_error *err);

#endif
