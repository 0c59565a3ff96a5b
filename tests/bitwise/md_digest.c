/* md_digest: the bitwise guard. Runs every run of the given manifests through md_run_zero_d and
 * prints one line per output quantity: a SHA-256 of each series column and each PSD array (the
 * doubles' bytes in sample/bin order), each summary value as a hex float, and the step count,
 * sample count, stop reason and case status. Two builds whose digests agree produced the same
 * bits in every output the sweep writes.
 *
 *   md_digest [--data-dir DIR] [--nudge KEY] --write FILE MANIFEST...
 *   md_digest [--data-dir DIR] [--nudge KEY] [--partial] --check DIR MANIFEST...
 *
 * --check compares with DIR/<toolchain>.txt (compiler, C library and processor, as printed on
 * the first line): results depend on the compiler's code generation and libm, so answer files
 * are kept per toolchain. Exit 0 equal, 1 different (the differing lines are listed), 77 when no
 * answer file exists for this toolchain (CTest reports a skip), 2 usage or run errors. A recorded
 * line that this run does not produce is a difference unless --partial (a subset of the
 * recorded manifests, in their recorded order) is given.
 * --nudge KEY moves the numeric parameter KEY of every run up by one ulp: the guard's own test
 * shows that such a change is seen. */
#define _GNU_SOURCE /* gnu_get_libc_version */
#include <gnu/libc-version.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "md_manifest.h"
#include "md_run.h"
#include "md_sha256.h"

enum { EXIT_EQUAL = 0, EXIT_DIFFERENT = 1, EXIT_USAGE = 2, EXIT_NO_ANSWERS = 77 };

typedef struct lines {
    char *text;
    size_t len, cap;
} lines;

static int lines_printf(lines *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int lines_printf(lines *l, const char *fmt, ...) {
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n =
            vsnprintf(l->text ? l->text + l->len : NULL, l->text ? l->cap - l->len : 0, fmt, ap);
        va_end(ap);
        if (n < 0)
            return -1;
        if (l->text && l->len + (size_t)n < l->cap) {
            l->len += (size_t)n;
            return 0;
        }
        size_t cap = (l->cap ? 2 * l->cap : 1 << 16) + (size_t)n;
        char *t = realloc(l->text, cap);
        if (!t)
            return -1;
        l->text = t;
        l->cap = cap;
    }
}

/* Series rows of one run, kept whole so each column can be hashed in sample order. */
typedef struct rows {
    double *v;
    long cap, n;
} rows;

static md_status keep_row(void *ctx, long sample, long step, const double *row, md_error *err) {
    rows *r = ctx;
    if (sample < 0 || sample >= r->cap)
        return md_error_set(err, MD_ERR_INTERNAL, "sample %ld of step %ld outside the plan (%ld)",
                            sample, step, r->cap);
    memcpy(r->v + sample * md_series_column_count, row,
           (size_t)md_series_column_count * sizeof *row);
    if (sample + 1 > r->n)
        r->n = sample + 1;
    return MD_OK;
}

static void hex_of(const double *v, size_t n, char hex[65]) {
    md_sha256_hex(v, n * sizeof *v, hex);
}

static md_status nudge(md_params *p, const char *key, md_error *err) {
    const md_param_field *f = md_params_field_find(key);
    double v = f ? md_params_get_number(p, f) : NAN;
    if (!isfinite(v))
        return md_error_set(err, MD_ERR_USAGE, "--nudge %s: not a numeric parameter with a value",
                            key);
    md_param_value pv = {.type = MD_PV_NUMBER, .num = nextafter(v, INFINITY)};
    return md_params_set(p, f, &pv, err);
}

static md_status digest_run(const char *label, const md_params *params, long stride,
                            md_workspace *ws, lines *out, md_error *err) {
    md_run_plan plan;
    md_run_result res;
    rows r = {NULL, 0, 0};
    char hex[65];
    md_status st = md_run_plan_make(params, stride, &plan, err);
    if (st != MD_OK)
        goto done;
    r.cap = plan.n_samples;
    r.v = malloc((size_t)(r.cap > 0 ? r.cap : 1) * (size_t)md_series_column_count * sizeof *r.v);
    if (!r.v) {
        st = md_error_set(err, MD_ERR_NOMEM, "series of %ld samples", r.cap);
        goto done;
    }
    md_observer obs = {&r, keep_row};
    if ((st = md_run_zero_d(params, stride, ws, &obs, &res, err)) != MD_OK)
        goto done;
    lines_printf(out, "%s steps %ld samples %ld stop %s status %s\n", label, res.n_steps_done,
                 res.n_samples, res.stop_reason, res.case_status);
    double *column = malloc((size_t)(r.n > 0 ? r.n : 1) * sizeof *column);
    if (!column) {
        st = md_error_set(err, MD_ERR_NOMEM, "a column of %ld samples", r.n);
        goto done;
    }
    for (int c = 0; c < md_series_column_count; c++) {
        for (long i = 0; i < r.n; i++)
            column[i] = r.v[i * md_series_column_count + c];
        hex_of(column, (size_t)r.n, hex);
        lines_printf(out, "%s series.%s %s\n", label, md_series_columns[c].name, hex);
    }
    free(column);
    for (int k = 0; k < md_summary_field_count; k++)
        lines_printf(out, "%s summary.%s %a\n", label, md_summary_fields[k].name, res.summary[k]);
    const struct {
        const char *name;
        const double *v;
    } psd[] = {{"s", res.psd_s},
               {"width", res.psd_width},
               {"m", res.psd_m},
               {"N_initial", res.psd_N_initial},
               {"N_final", res.psd_N_final}};
    for (size_t k = 0; k < sizeof psd / sizeof psd[0]; k++) {
        hex_of(psd[k].v, (size_t)res.n_bins, hex);
        lines_printf(out, "%s psd.%s %s\n", label, psd[k].name, hex);
    }
done:
    free(r.v);
    return st;
}

static md_status digest_manifest(const char *path, const char *data_dir, const char *nudge_key,
                                 md_workspace *ws, lines *out, md_error *err) {
    md_manifest *m = md_manifest_load(path, data_dir, NULL, err);
    if (!m)
        return err->status;
    md_status st = MD_OK;
    for (long i = 0; i < md_manifest_n_runs(m) && st == MD_OK; i++) {
        md_params p;
        char label[512];
        snprintf(label, sizeof label, "%s/%06ld", md_manifest_name(m), i);
        if ((st = md_manifest_run(m, i, &p, err)) == MD_OK &&
            (!nudge_key || (st = nudge(&p, nudge_key, err)) == MD_OK))
            st = digest_run(label, &p, md_manifest_series_stride(m), ws, out, err);
        if (st != MD_OK)
            md_error_prefix(err, "%s", label);
    }
    md_manifest_free(&m);
    return st;
}

static void toolchain(char *buf, size_t len) {
#if defined(__clang__)
    snprintf(buf, len, "clang%d.%d.%d", __clang_major__, __clang_minor__, __clang_patchlevel__);
#elif defined(__GNUC__)
    snprintf(buf, len, "gcc%d.%d.%d", __GNUC__, __GNUC_MINOR__, __GNUC_PATCHLEVEL__);
#else
    snprintf(buf, len, "cc");
#endif
    size_t used = strlen(buf);
#if defined(__x86_64__)
    const char *cpu = "x86_64";
#elif defined(__aarch64__)
    const char *cpu = "aarch64";
#else
    const char *cpu = "other";
#endif
    snprintf(buf + used, len - used, "-glibc%s-%s", gnu_get_libc_version(), cpu);
}

static char *slurp(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    lines l = {NULL, 0, 0};
    char chunk[1 << 16];
    size_t n;
    int ok = lines_printf(&l, "%s", "") == 0;
    while (ok && (n = fread(chunk, 1, sizeof chunk - 1, f)) > 0) {
        chunk[n] = '\0';
        ok = lines_printf(&l, "%s", chunk) == 0;
    }
    fclose(f);
    if (!ok) {
        free(l.text);
        return NULL;
    }
    return l.text;
}

/* Length of a line's key: its first two words (run label and quantity). */
static size_t key_len(const char *line, size_t len) {
    size_t k = strcspn(line, " ");
    if (k < len)
        k += 1 + strcspn(line + k + 1, " \n");
    return k < len ? k : len;
}

static void report(long *n_diff, const char *what, const char *a, int la, const char *b, int lb) {
    if ((*n_diff)++ < 40)
        printf("%s\n  recorded:   %.*s\n  this build: %.*s\n", what, la, a, lb, b);
}

/* Lists the lines of `got` that differ from the recorded `want`, matching lines by key (both in
 * the recorded order); returns their count. */
static long compare(const char *want, const char *got, bool partial) {
    long n_diff = 0;
    while (*got) {
        size_t lg = strcspn(got, "\n"), kg = key_len(got, lg);
        const char *w = want;
        size_t lw = 0;
        while (*w) { /* the recorded line with this key, at or after the cursor */
            lw = strcspn(w, "\n");
            if (key_len(w, lw) == kg && memcmp(w, got, kg) == 0)
                break;
            w += lw + (w[lw] == '\n');
        }
        if (!*w) {
            report(&n_diff, "not recorded:", "", 0, got, (int)lg);
        } else {
            for (; want < w && !partial; want += strcspn(want, "\n") + 1)
                report(&n_diff, "not produced:", want, (int)strcspn(want, "\n"), "", 0);
            if (lw != lg || memcmp(w, got, lg) != 0)
                report(&n_diff, "differs:", w, (int)lw, got, (int)lg);
            want = w + lw + (w[lw] == '\n');
        }
        got += lg + (got[lg] == '\n');
    }
    for (; *want && !partial; want += strcspn(want, "\n") + (want[strcspn(want, "\n")] != 0))
        report(&n_diff, "not produced:", want, (int)strcspn(want, "\n"), "", 0);
    return n_diff;
}

int main(int argc, char **argv) {
    const char *data_dir = NULL, *nudge_key = NULL, *write_path = NULL, *check_dir = NULL;
    bool partial = false;
    int i = 1;
    for (; i + 1 < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
        if (strcmp(argv[i], "--partial") == 0) {
            partial = true;
            i--;
        } else if (strcmp(argv[i], "--data-dir") == 0)
            data_dir = argv[i + 1];
        else if (strcmp(argv[i], "--nudge") == 0)
            nudge_key = argv[i + 1];
        else if (strcmp(argv[i], "--write") == 0)
            write_path = argv[i + 1];
        else if (strcmp(argv[i], "--check") == 0)
            check_dir = argv[i + 1];
        else
            break;
    }
    if (i >= argc || !write_path == !check_dir) {
        fprintf(stderr,
                "usage: %s [--data-dir DIR] [--nudge KEY] (--write FILE | [--partial] --check DIR) "
                "MANIFEST...\n",
                argv[0]);
        return EXIT_USAGE;
    }
    char tc[128], answers[4096];
    toolchain(tc, sizeof tc);
    char *want = NULL;
    if (check_dir) {
        snprintf(answers, sizeof answers, "%s/%s.txt", check_dir, tc);
        if (!(want = slurp(answers))) {
            printf("no recorded digests for toolchain %s (%s): record them with\n  %s --write %s "
                   "MANIFEST...\nfrom a build of a commit whose results are trusted\n",
                   tc, answers, argv[0], answers);
            return EXIT_NO_ANSWERS;
        }
    }

    lines out = {NULL, 0, 0};
    md_error err;
    md_workspace *ws = md_workspace_create(&err);
    md_status st = ws ? MD_OK : err.status;
    lines_printf(&out, "# md_digest toolchain %s\n", tc);
    for (; i < argc && st == MD_OK; i++)
        st = digest_manifest(argv[i], data_dir, nudge_key, ws, &out, &err);
    md_workspace_free(&ws);
    int rc = EXIT_EQUAL;
    if (st != MD_OK || !out.text) {
        fprintf(stderr, "md_digest: %s: %s\n", md_status_str(st), out.text ? err.msg : "no memory");
        rc = EXIT_USAGE;
    } else if (write_path) {
        FILE *f = fopen(write_path, "w");
        if (!f || fwrite(out.text, 1, out.len, f) != out.len || fclose(f) != 0) {
            fprintf(stderr, "md_digest: cannot write %s\n", write_path);
            rc = EXIT_USAGE;
        }
    } else {
        long n_diff = compare(want, out.text, partial);
        printf("bitwise guard (%s): %ld of the recorded lines differ\n", answers, n_diff);
        rc = n_diff ? EXIT_DIFFERENT : EXIT_EQUAL;
    }
    free(want);
    free(out.text);
    return rc;
}
