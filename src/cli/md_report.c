/* md_report: the report subcommand (see md_report.h). */
#define _POSIX_C_SOURCE 200809L /* strtok_r */
#include "md_report.h"
#include "md_cli.h"
#include "md_h5.h"
#include "md_h5read.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* The headline results of the table (every summary value is in the CSV). */
static const char *const headline[] = {"M_loss", "M_out_cum", "M_sink_cum", "tau_final"};
enum { N_HEADLINE = (int)(sizeof headline / sizeof headline[0]), NAME_MAX_LEN = 256 };

typedef struct column {
    char name[NAME_MAX_LEN];
    char units[64];
    double *values; /* [n_runs], NULL for text (read row by row) */
} column;

typedef struct report {
    md_h5read *r;
    long n_runs;
    double *status;
    column *cols;
    int n_cols, cap;
} report;

static const char *status_word(double s) {
    return s == MD_H5_DONE ? "done" : s == MD_H5_FAILED ? "failed" : "pending";
}

/* Adds summary/<name> as a column: numbers read at once, text left to text_of. */
static md_status add_column(report *rp, const char *name, md_error *err) {
    if (rp->n_cols == rp->cap) {
        int cap = rp->cap ? 2 * rp->cap : 16;
        column *c = realloc(rp->cols, (size_t)cap * sizeof *c);
        if (!c)
            return md_error_set(err, MD_ERR_NOMEM, "out of memory");
        rp->cols = c;
        rp->cap = cap;
    }
    column *c = &rp->cols[rp->n_cols];
    char path[NAME_MAX_LEN + 16];
    snprintf(path, sizeof path, "summary/%s", name);
    snprintf(c->name, sizeof c->name, "%s", name);
    md_error ignored;
    if (md_h5read_attr(rp->r, path, "units", c->units, sizeof c->units, &ignored) != MD_OK)
        c->units[0] = '\0'; /* text has no units */
    c->values = NULL;
    if (c->units[0]) {
        c->values = malloc(((size_t)rp->n_runs + 1) * sizeof *c->values);
        if (!c->values)
            return md_error_set(err, MD_ERR_NOMEM, "out of memory");
        md_status st = md_h5read_doubles(rp->r, path, c->values, rp->n_runs, err);
        if (st != MD_OK) {
            free(c->values);
            return st;
        }
    }
    rp->n_cols++;
    return MD_OK;
}

static void text_of(report *rp, const column *c, long i, char *buf, size_t len) {
    char path[NAME_MAX_LEN + 16];
    md_error ignored;
    snprintf(path, sizeof path, "summary/%s", c->name);
    if (c->values)
        snprintf(buf, len, "%.17g", c->values[i]);
    else if (md_h5read_string(rp->r, path, i, buf, len, &ignored) != MD_OK)
        buf[0] = '\0';
}

/* The varying parameters: the `coordinates` of the summary's columns. */
static md_status add_parameters(report *rp, md_error *err) {
    char coords[8192] = "";
    md_error ignored;
    md_h5read_attr(rp->r, "summary/M_loss", "coordinates", coords, sizeof coords, &ignored);
    md_status st = MD_OK;
    for (char *save = NULL, *k = strtok_r(coords, " ", &save); k && st == MD_OK;
         k = strtok_r(NULL, " ", &save))
        st = add_column(rp, k, err);
    return st;
}

static bool is_column(const report *rp, const char *name) {
    for (int i = 0; i < rp->n_cols; i++)
        if (strcmp(rp->cols[i].name, name) == 0)
            return true;
    return false;
}

/* CSV field: quoted when it holds a comma, quote or line break. */
static void csv_field(FILE *out, const char *text) {
    if (!strpbrk(text, ",\"\n\r")) {
        fputs(text, out);
        return;
    }
    fputc('"', out);
    for (const char *p = text; *p; p++) {
        if (*p == '"')
            fputc('"', out);
        fputc(*p, out);
    }
    fputc('"', out);
}

static md_status print_csv(report *rp, FILE *out, md_error *err) {
    long n = md_h5read_member_count(rp->r, "summary");
    char name[NAME_MAX_LEN];
    md_status st = MD_OK;
    for (long m = 0; m < n && st == MD_OK; m++) {
        st = md_h5read_member(rp->r, "summary", m, name, sizeof name, err);
        if (st == MD_OK && strcmp(name, "run") != 0 && strcmp(name, "status") != 0 &&
            strncmp(name, "strlen", 6) != 0 && !is_column(rp, name))
            st = add_column(rp, name, err);
    }
    if (st != MD_OK)
        return st;
    fputs("run,status", out);
    for (int c = 0; c < rp->n_cols; c++) {
        fputc(',', out);
        csv_field(out, rp->cols[c].name);
    }
    fputc('\n', out);
    char text[MD_H5_ERROR_LEN + 1];
    for (long i = 0; i < rp->n_runs; i++) {
        fprintf(out, "%06ld,%s", i, status_word(rp->status[i]));
        for (int c = 0; c < rp->n_cols; c++) {
            fputc(',', out);
            text_of(rp, &rp->cols[c], i, text, sizeof text);
            if (!rp->cols[c].values || !isnan(rp->cols[c].values[i]))
                csv_field(out, text);
        }
        fputc('\n', out);
    }
    return MD_OK;
}

static void print_table(report *rp, int n_params, FILE *out) {
    long count[3] = {0, 0, 0};
    for (long i = 0; i < rp->n_runs; i++)
        count[rp->status[i] == MD_H5_DONE ? 1 : rp->status[i] == MD_H5_FAILED ? 2 : 0]++;
    fprintf(out, "%ld runs: %ld done, %ld failed, %ld pending\n\n", rp->n_runs, count[1], count[2],
            count[0]);
    char text[MD_H5_ERROR_LEN + 1];
    fprintf(out, "%-6s  %-7s", "run", "status");
    for (int c = 0; c < rp->n_cols; c++)
        fprintf(out, "  %14s", rp->cols[c].name);
    fprintf(out, "  %s\n%-6s  %-7s", "stop_reason", "", "");
    for (int c = 0; c < rp->n_cols; c++) {
        snprintf(text, sizeof text, "[%s]", rp->cols[c].units);
        fprintf(out, "  %14s", c < n_params && !rp->cols[c].values ? "" : text);
    }
    fputc('\n', out);
    column stop = {.name = "stop_reason", .values = NULL};
    for (long i = 0; i < rp->n_runs; i++) {
        fprintf(out, "%06ld  %-7s", i, status_word(rp->status[i]));
        for (int c = 0; c < rp->n_cols; c++) {
            const column *col = &rp->cols[c];
            if (col->values && isnan(col->values[i]))
                snprintf(text, sizeof text, "-");
            else if (col->values)
                snprintf(text, sizeof text, "%.6g", col->values[i]);
            else
                text_of(rp, col, i, text, sizeof text);
            fprintf(out, "  %14s", text);
        }
        text_of(rp, &stop, i, text, sizeof text);
        fprintf(out, "  %s\n", rp->status[i] == MD_H5_DONE ? text : "-");
    }
    column error = {.name = "error", .values = NULL};
    if (count[2] > 0)
        fprintf(out, "\nfailed runs:\n");
    for (long i = 0; i < rp->n_runs; i++)
        if (rp->status[i] == MD_H5_FAILED) {
            text_of(rp, &error, i, text, sizeof text);
            fprintf(out, "%06ld  %s\n", i, text);
        }
}

int md_report_main(int argc, char *const *argv, FILE *out, FILE *err_out) {
    const char *file = NULL;
    bool csv = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--csv") == 0)
            csv = true;
        else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs("Usage: marsdisk-sweep report FILE.h5 [--csv]\n"
                  "Prints the sweep table of FILE: run id, status, the varying parameters and\n"
                  "M_loss, M_out_cum, M_sink_cum, tau_final, stop_reason with units, then the\n"
                  "message of every failed run. --csv: every summary value and parameter of\n"
                  "every run as CSV (empty fields: not computed). Works while a sweep is still\n"
                  "writing FILE or after it was cut (pending runs show as pending).\n",
                  out);
            return MD_EXIT_OK;
        } else if (argv[i][0] == '-' || file) {
            fprintf(err_out, "marsdisk-sweep report: unexpected argument %s (see report --help)\n",
                    argv[i]);
            return MD_EXIT_USAGE;
        } else
            file = argv[i];
    }
    if (!file) {
        fprintf(err_out, "marsdisk-sweep report: no file given (see report --help)\n");
        return MD_EXIT_USAGE;
    }
    md_error err;
    md_error_clear(&err);
    report rp = {.r = md_h5read_open(file, &err)};
    char format[64] = "", n_runs[32] = "";
    md_status st = rp.r ? MD_OK : err.status;
    if (st == MD_OK && (md_h5read_attr(rp.r, "/", "format", format, sizeof format, &err) != MD_OK ||
                        strcmp(format, MD_H5_FORMAT) != 0 ||
                        md_h5read_attr(rp.r, "/", "n_runs", n_runs, sizeof n_runs, &err) != MD_OK))
        st = md_error_set(&err, MD_ERR_IO, "%s is not a marsdisk-sweep output file", file);
    rp.n_runs = atol(n_runs);
    if (st == MD_OK && !(rp.status = malloc(((size_t)rp.n_runs + 1) * sizeof *rp.status)))
        st = md_error_set(&err, MD_ERR_NOMEM, "out of memory");
    if (st == MD_OK &&
        md_h5read_doubles(rp.r, "summary/status", rp.status, rp.n_runs, &err) != MD_OK)
        st = md_error_set(&err, MD_ERR_IO,
                          "%s has no /summary/status of %ld runs (a file of format_version 1? "
                          "this program reads version %d)",
                          file, rp.n_runs, MD_H5_FORMAT_VERSION);
    if (st == MD_OK)
        st = add_parameters(&rp, &err);
    int n_params = rp.n_cols;
    for (int h = 0; h < N_HEADLINE && st == MD_OK && !csv; h++)
        st = add_column(&rp, headline[h], &err);
    if (st == MD_OK && csv)
        st = print_csv(&rp, out, &err);
    else if (st == MD_OK)
        print_table(&rp, n_params, out);
    for (int c = 0; c < rp.n_cols; c++)
        free(rp.cols[c].values);
    free(rp.cols);
    free(rp.status);
    md_h5read_close(&rp.r);
    if (st != MD_OK) {
        fprintf(err_out, "marsdisk-sweep report: %s\n", err.msg);
        return MD_EXIT_IO;
    }
    return MD_EXIT_OK;
}
