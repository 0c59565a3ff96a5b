#include "golden_csv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct golden_csv {
    char *buf;    /* the file, fields terminated in place */
    char **cells; /* (n_rows + 1) * n_cols pointers into buf; row 0 is the header */
    long n_rows;
    int n_cols;
};

/* Splits the line starting at *p into fields (unquoting in place) and advances *p past its line
 * break. Stores at most max pointers in out (if out is not NULL); returns the field count. */
static int split_line(char **p, char **out, int max) {
    char *s = *p;
    int n = 0;
    for (;;) {
        char *dst = s;
        char *field = s;
        if (*s == '"') { /* quoted: "" is a quote; the field ends at the closing quote */
            s++;
            while (*s && !(*s == '"' && s[1] != '"')) {
                if (*s == '"')
                    s++;
                *dst++ = *s++;
            }
            if (*s == '"')
                s++;
        }
        while (*s && *s != ',' && *s != '\n' && *s != '\r')
            *dst++ = *s++;
        char end = *s;
        if (end) /* step past the separator before the terminator may overwrite it */
            s++;
        if (end == '\r' && *s == '\n')
            s++;
        *dst = '\0';
        if (out && n < max)
            out[n] = field;
        n++;
        if (end != ',')
            break;
    }
    *p = s;
    return n;
}

static char *read_all(const char *path, char *msg, size_t len) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(msg, len, "cannot open %s", path);
        return NULL;
    }
    char *buf = NULL;
    long size = -1;
    if (fseek(f, 0, SEEK_END) == 0)
        size = ftell(f);
    if (size >= 0 && fseek(f, 0, SEEK_SET) == 0)
        buf = malloc((size_t)size + 1);
    if (buf && fread(buf, 1, (size_t)size, f) == (size_t)size) {
        buf[size] = '\0';
    } else {
        snprintf(msg, len, "cannot read %s", path);
        free(buf);
        buf = NULL;
    }
    fclose(f);
    return buf;
}

golden_csv *golden_csv_read(const char *path, char *msg, size_t len) {
    golden_csv *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(msg, len, "out of memory");
        return NULL;
    }
    c->buf = read_all(path, msg, len);
    if (!c->buf)
        goto fail;
    /* Count lines first (an upper bound on rows; blank lines are skipped below). */
    long lines = 0;
    for (const char *q = c->buf; *q; q++)
        lines += *q == '\n';
    lines += 1;
    /* The header's field count fixes the width (counted before split_line edits the text). */
    int n_cols = 1;
    int quoted = 0;
    for (const char *q = c->buf; *q && *q != '\n'; q++) {
        if (*q == '"')
            quoted = !quoted;
        else if (*q == ',' && !quoted)
            n_cols++;
    }
    char *p = c->buf;
    c->n_cols = n_cols;
    c->cells = calloc((size_t)lines * (size_t)n_cols, sizeof *c->cells);
    if (!c->cells) {
        snprintf(msg, len, "out of memory for %s", path);
        goto fail;
    }
    long row = 0;
    while (*p) {
        if (*p == '\n' || *p == '\r') { /* blank line */
            p++;
            continue;
        }
        int n = split_line(&p, c->cells + row * n_cols, n_cols);
        if (n != n_cols) {
            snprintf(msg, len, "%s: line %ld has %d fields, the header %d", path, row + 1, n,
                     n_cols);
            goto fail;
        }
        row++;
    }
    if (row == 0) {
        snprintf(msg, len, "%s: empty file", path);
        goto fail;
    }
    c->n_rows = row - 1;
    return c;
fail:
    golden_csv_free(&c);
    return NULL;
}

void golden_csv_free(golden_csv **c) {
    if (!c || !*c)
        return;
    free((*c)->buf);
    free((*c)->cells);
    free(*c);
    *c = NULL;
}

long golden_csv_rows(const golden_csv *c) {
    return c->n_rows;
}

int golden_csv_cols(const golden_csv *c) {
    return c->n_cols;
}

const char *golden_csv_name(const golden_csv *c, int col) {
    return c->cells[col];
}

int golden_csv_find(const golden_csv *c, const char *name) {
    for (int j = 0; j < c->n_cols; j++)
        if (strcmp(c->cells[j], name) == 0)
            return j;
    return -1;
}

const char *golden_csv_text(const golden_csv *c, long row, int col) {
    return c->cells[(row + 1) * c->n_cols + col];
}

int golden_csv_number(const golden_csv *c, long row, int col, double *out) {
    const char *t = golden_csv_text(c, row, col);
    if (*t == '\0') {
        *out = NAN;
        return 0;
    }
    if (strcmp(t, "True") == 0 || strcmp(t, "False") == 0) {
        *out = t[0] == 'T' ? 1.0 : 0.0;
        return 0;
    }
    char *end = NULL;
    double v = strtod(t, &end);
    if (end == t || *end != '\0')
        return -1;
    *out = v;
    return 0;
}

int golden_csv_is_numeric(const golden_csv *c, int col) {
    double v;
    for (long i = 0; i < c->n_rows; i++)
        if (golden_csv_number(c, i, col, &v) != 0)
            return 0;
    return 1;
}
