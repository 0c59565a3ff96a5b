#include "sweep_compare.h"

#include "md_h5read.h"
#include "md_run.h"

#include <stdlib.h>
#include <string.h>

/* Bitwise comparison of one numeric dataset present in both files. */
static int same_column(md_h5read *a, md_h5read *b, const char *path, FILE *log) {
    long n = md_h5read_length(a, path);
    if (n != md_h5read_length(b, path)) {
        fprintf(log, "%s: lengths %ld and %ld differ\n", path, n, md_h5read_length(b, path));
        return 0;
    }
    if (n <= 0)
        return n == 0;
    double *x = malloc((size_t)n * sizeof *x), *y = malloc((size_t)n * sizeof *y);
    md_error err;
    int ok = x && y && md_h5read_doubles(a, path, x, n, &err) == MD_OK &&
             md_h5read_doubles(b, path, y, n, &err) == MD_OK;
    if (ok && memcmp(x, y, (size_t)n * sizeof *x) != 0) {
        for (long i = 0; i < n; i++)
            if (memcmp(&x[i], &y[i], sizeof *x) != 0) {
                fprintf(log, "%s[%ld]: %.17g != %.17g\n", path, i, x[i], y[i]);
                break;
            }
        ok = 0;
    }
    free(x);
    free(y);
    return ok;
}

/* Bitwise comparison of every row of a 2-D numeric dataset (a run's series or PSD) present in
 * both files. */
static int same_rows(md_h5read *a, md_h5read *b, const char *path, long n_runs, FILE *log) {
    long len = md_h5read_row_length(a, path);
    if (len != md_h5read_row_length(b, path) || len < 0) {
        fprintf(log, "%s: rows of %ld and %ld values\n", path, len, md_h5read_row_length(b, path));
        return 0;
    }
    double *x = malloc(((size_t)len + 1) * sizeof *x), *y = malloc(((size_t)len + 1) * sizeof *y);
    md_error err;
    int ok = x && y;
    for (long r = 0; ok && r < n_runs; r++) {
        ok = md_h5read_row(a, path, r, x, len, &err) == MD_OK &&
             md_h5read_row(b, path, r, y, len, &err) == MD_OK;
        for (long i = 0; ok && i < len; i++)
            if (memcmp(&x[i], &y[i], sizeof *x) != 0) {
                fprintf(log, "%s[%ld][%ld]: %.17g != %.17g\n", path, r, i, x[i], y[i]);
                ok = 0;
            }
    }
    free(x);
    free(y);
    return ok;
}

static int same_strings(md_h5read *a, md_h5read *b, const char *path, long n, FILE *log) {
    for (long i = 0; i < n; i++) {
        char x[600] = "", y[600] = "";
        md_error err;
        if (md_h5read_string(a, path, i, x, sizeof x, &err) != MD_OK ||
            md_h5read_string(b, path, i, y, sizeof y, &err) != MD_OK || strcmp(x, y) != 0) {
            fprintf(log, "%s[%ld]: '%s' != '%s'\n", path, i, x, y);
            return 0;
        }
    }
    return 1;
}

int sweep_compare(const char *file_a, const char *file_b, FILE *log) {
    md_error err;
    md_h5read *a = md_h5read_open(file_a, &err), *b = md_h5read_open(file_b, &err);
    int ok = a && b;
    if (!ok)
        fprintf(log, "cannot open %s or %s\n", file_a, file_b);
    long n = ok ? md_h5read_length(a, "summary/status") : -1;
    ok = ok && n > 0 && same_column(a, b, "summary/status", log);
    char path[256];
    static const char *const psd[] = {"s", "width", "m", "N_initial", "N_final"};
    static const char *const extra[] = {"n_steps", "n_samples"};
    for (int i = 0; ok && i < md_summary_field_count; i++) {
        snprintf(path, sizeof path, "summary/%s", md_summary_fields[i].name);
        ok = same_column(a, b, path, log);
    }
    for (int i = 0; ok && i < 2; i++) {
        snprintf(path, sizeof path, "summary/%s", extra[i]);
        ok = same_column(a, b, path, log);
    }
    ok = ok && same_strings(a, b, "summary/case_status", n, log) &&
         same_strings(a, b, "summary/stop_reason", n, log) &&
         same_strings(a, b, "summary/error", n, log);
    ok = ok && same_strings(a, b, "summary/param_hash", n, log);
    for (int c = 0; ok && c < md_series_column_count; c++) {
        snprintf(path, sizeof path, "series/%s", md_series_columns[c].name);
        ok = same_rows(a, b, path, n, log);
    }
    for (int c = 0; ok && c < 5; c++) {
        snprintf(path, sizeof path, "psd/%s", psd[c]);
        ok = same_rows(a, b, path, n, log);
    }
    md_h5read_close(&a);
    md_h5read_close(&b);
    return ok ? 0 : 1;
}

long sweep_read_status(const char *file, double *out, long cap, FILE *log) {
    md_error err;
    md_h5read *r = md_h5read_open(file, &err);
    long n = r ? md_h5read_length(r, "summary/status") : -1;
    if (n < 0 || n > cap || md_h5read_doubles(r, "summary/status", out, n, &err) != MD_OK) {
        fprintf(log, "cannot read /summary/status of %s\n", file);
        n = -1;
    }
    md_h5read_close(&r);
    return n;
}
