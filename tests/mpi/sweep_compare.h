/* Test helper: compares the per-run data of two sweep files bit for bit (status, every series
 * column, PSD, the model's summary values, case_status, stop_reason, n_steps, n_samples), leaving
 * out what legitimately differs between invocations (wall_seconds, rank, finished_unix_s,
 * created_utc). */
#ifndef SWEEP_COMPARE_H
#define SWEEP_COMPARE_H

#include <stdio.h>

/* 0 if identical; otherwise 1 and a line on `log` naming the first difference. */
int sweep_compare(const char *file_a, const char *file_b, FILE *log);

/* Reads /status (n values) into out; returns the number of runs, or -1. */
long sweep_read_status(const char *file, double *out, long cap, FILE *log);

#endif
