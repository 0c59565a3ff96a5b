/* md_tables: CSV loaders for the Q_pr and Phi tables (spec 30 §2.0-2.2, §14). */
#include "md_tables.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "md_fminmax.h"

#define MAX_COLS 8

/* Columns of a CSV file, as doubles; the file is read whole (tables are < 1 MB). */
typedef struct csv_columns {
    long n_rows;
    double *col[MAX_COLS]; /* NULL for an absent optional column */
} csv_columns;

static void csv_columns_clear(csv_columns *c) {
    for (int k = 0; k < MAX_COLS; ++k) {
        free(c->col[k]);
        c->col[k] = NULL;
    }
}

static char *read_file(const char *path, md_error *err) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        md_error_set(err, MD_ERR_IO, "cannot open table '%s': %s", path, strerror(errno));
        return NULL;
    }
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len + 4096 + 1 > cap) {
            size_t new_cap = cap ? 2 * cap : 65536;
            char *p = realloc(buf, new_cap);
            if (!p) {
                md_error_set(err, MD_ERR_NOMEM, "out of memory reading table '%s'", path);
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = p;
            cap = new_cap;
        }
        size_t got = fread(buf + len, 1, cap - len - 1, f);
        len += got;
        if (got == 0)
            break;
    }
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        md_error_set(err, MD_ERR_IO, "error reading table '%s'", path);
        free(buf);
        return NULL;
    }
    buf[len] = '\0';
    return buf;
}

/* Splits line (modified in place) at commas; strips a trailing '\r'. Returns the field count. */
static int split_fields(char *line, char **fields, int max_fields) {
    size_t n = strlen(line);
    if (n > 0 && line[n - 1] == '\r')
        line[n - 1] = '\0';
    int count = 0;
    char *p = line;
    for (;;) {
        if (count < max_fields)
            fields[count] = p;
        ++count;
        char *comma = strchr(p, ',');
        if (!comma)
            break;
        *comma = '\0';
        p = comma + 1;
    }
    return count;
}

static int blank(const char *s) {
    for (; *s; ++s)
        if (*s != ' ' && *s != '\t' && *s != '\r')
            return 0;
    return 1;
}

/* Reads the named columns (names[k], required[k]) of a header-first CSV into out->col[k].
 * Blank lines are skipped, as pandas does. Every value must parse completely as a double. */
static md_status csv_read(const char *path, int n_want, const char *const *names,
                          const int *required, csv_columns *out, md_error *err) {
    enum { MAX_FIELDS = 64 };
    memset(out, 0, sizeof *out);
    char *buf = read_file(path, err);
    if (!buf)
        return err ? err->status : MD_ERR_IO;
    md_status st = MD_OK;
    int index[MAX_COLS];
    long cap = 0;
    long line_no = 0;
    char *save = buf;
    char *line = NULL;
    int header_done = 0;
    while ((line = save) != NULL && *line) {
        char *nl = strchr(line, '\n');
        if (nl) {
            *nl = '\0';
            save = nl + 1;
        } else {
            save = NULL;
        }
        ++line_no;
        if (blank(line))
            continue;
        char *fields[MAX_FIELDS];
        int nf = split_fields(line, fields, MAX_FIELDS);
        if (nf > MAX_FIELDS) {
            st = md_error_set(err, MD_ERR_CONFIG, "%s:%ld: more than %d columns", path, line_no,
                              MAX_FIELDS);
            goto done;
        }
        if (!header_done) {
            for (int k = 0; k < n_want; ++k) {
                index[k] = -1;
                for (int f = 0; f < nf; ++f)
                    if (strcmp(fields[f], names[k]) == 0)
                        index[k] = f;
                if (index[k] < 0 && required[k]) {
                    st = md_error_set(err, MD_ERR_CONFIG,
                                      "%s:%ld: required column '%s' missing from the header", path,
                                      line_no, names[k]);
                    goto done;
                }
            }
            header_done = 1;
            continue;
        }
        if (out->n_rows == cap) {
            long new_cap = cap ? 2 * cap : 1024;
            for (int k = 0; k < n_want; ++k) {
                if (index[k] < 0)
                    continue;
                double *p = realloc(out->col[k], (size_t)new_cap * sizeof(double));
                if (!p) {
                    st = md_error_set(err, MD_ERR_NOMEM, "out of memory reading '%s'", path);
                    goto done;
                }
                out->col[k] = p;
            }
            cap = new_cap;
        }
        for (int k = 0; k < n_want; ++k) {
            if (index[k] < 0)
                continue;
            if (index[k] >= nf) {
                st = md_error_set(err, MD_ERR_CONFIG, "%s:%ld: column '%s' missing (%d fields)",
                                  path, line_no, names[k], nf);
                goto done;
            }
            const char *text = fields[index[k]];
            char *end = NULL;
            double v = strtod(text, &end);
            while (end && (*end == ' ' || *end == '\t'))
                ++end;
            if (end == text || *end != '\0' || !isfinite(v)) {
                st = md_error_set(err, MD_ERR_CONFIG,
                                  "%s:%ld: column '%s' value '%s' is not a finite number", path,
                                  line_no, names[k], text);
                goto done;
            }
            out->col[k][out->n_rows] = v;
        }
        ++out->n_rows;
    }
    if (!header_done)
        st = md_error_set(err, MD_ERR_CONFIG, "%s: empty file (no header line)", path);
    else if (out->n_rows == 0)
        st = md_error_set(err, MD_ERR_CONFIG, "%s: no data rows", path);
done:
    free(buf);
    if (st != MD_OK)
        csv_columns_clear(out);
    return st;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sorted distinct values of v[0..n-1] into a new array; *n_out distinct values. */
static double *unique_sorted(const double *v, long n, int *n_out) {
    double *u = malloc((size_t)n * sizeof(double));
    if (!u)
        return NULL;
    memcpy(u, v, (size_t)n * sizeof(double));
    qsort(u, (size_t)n, sizeof(double), cmp_double);
    long m = 0;
    for (long i = 0; i < n; ++i)
        if (m == 0 || u[i] != u[m - 1])
            u[m++] = u[i];
    *n_out = (int)m;
    return u;
}

/* Index of v in the sorted distinct array u (v is known to be present). */
static int find_index(const double *u, int n, double v) {
    const double *p = bsearch(&v, u, (size_t)n, sizeof(double), cmp_double);
    return (int)(p - u);
}

md_status md_tables_qpr_load(const char *path, md_qpr_table **out, md_error *err) {
    static const char *const names[] = {"T_M", "s", "log10_s", "Q_pr"};
    static const int required[] = {1, 0, 0, 1};
    csv_columns c;
    md_status st = csv_read(path, 4, names, required, &c, err);
    if (st != MD_OK)
        return st;
    double *T_u = NULL, *s_u = NULL;
    unsigned char *seen = NULL;
    md_qpr_table *tab = NULL;
    long n = c.n_rows;
    if (!c.col[1] && !c.col[2]) {
        st = md_error_set(err, MD_ERR_CONFIG, "%s: needs a column 's' (or 'log10_s')", path);
        goto done;
    }
    double *s = c.col[1];
    if (!s) { /* io/tables.py: _read_qpr_frame, s = 10.0 ** log10_s */
        s = c.col[2];
        for (long i = 0; i < n; ++i)
            s[i] = pow(10.0, s[i]);
    }
    const double *T = c.col[0], *q = c.col[3];
    for (long i = 0; i < n; ++i)
        if (!(s[i] > 0.0) || !(T[i] > 0.0)) {
            st = md_error_set(err, MD_ERR_CONFIG,
                              "%s: data row %ld has non-positive s = %.17g or T_M = %.17g", path,
                              i + 1, s[i], T[i]);
            goto done;
        }
    int n_T = 0, n_s = 0;
    T_u = unique_sorted(T, n, &n_T);
    s_u = unique_sorted(s, n, &n_s);
    seen = calloc((size_t)n, 1);
    if (!T_u || !s_u || !seen) {
        st = md_error_set(err, MD_ERR_NOMEM, "out of memory loading '%s'", path);
        goto done;
    }
    if (n_T < 2 || n_s < 2) {
        st = md_error_set(err, MD_ERR_CONFIG,
                          "%s: needs at least two distinct s and T_M values (got %d s, %d T_M)",
                          path, n_s, n_T);
        goto done;
    }
    size_t n_q = (size_t)n_T * (size_t)n_s;
    if ((long)n_q > n) {
        st = md_error_set(err, MD_ERR_CONFIG,
                          "%s: grid of %d T_M x %d s has missing points (%ld rows)", path, n_T, n_s,
                          n);
        goto done;
    }
    tab = malloc(sizeof *tab + ((size_t)n_s + (size_t)n_T + n_q) * sizeof(double));
    if (!tab) {
        st = md_error_set(err, MD_ERR_NOMEM, "out of memory loading '%s'", path);
        goto done;
    }
    double *s_arr = (double *)(tab + 1);
    double *T_arr = s_arr + n_s;
    double *q_arr = T_arr + n_T;
    memcpy(s_arr, s_u, (size_t)n_s * sizeof(double));
    memcpy(T_arr, T_u, (size_t)n_T * sizeof(double));
    for (long i = 0; i < n; ++i) {
        size_t cell =
            (size_t)find_index(T_u, n_T, T[i]) * (size_t)n_s + (size_t)find_index(s_u, n_s, s[i]);
        if (seen[cell]) {
            st = md_error_set(err, MD_ERR_CONFIG,
                              "%s: duplicate (s, T_M) = (%.17g, %.17g) at data row %ld", path, s[i],
                              T[i], i + 1);
            goto done;
        }
        seen[cell] = 1;
        q_arr[cell] = q[i];
    }
    tab->n_s = n_s;
    tab->n_T = n_T;
    tab->s = s_arr;
    tab->T = T_arr;
    tab->q = q_arr;
    *out = tab;
    tab = NULL;
done:
    free(tab);
    free(seen);
    free(T_u);
    free(s_u);
    csv_columns_clear(&c);
    return st;
}

void md_tables_qpr_free(md_qpr_table **tab) {
    if (!tab)
        return;
    free(*tab);
    *tab = NULL;
}

/* Sorts the index array idx by key[] ascending (insertion sort; tables are small). */
static void sort_index(long *idx, long n, const double *key) {
    for (long i = 1; i < n; ++i) {
        long v = idx[i];
        long j = i - 1;
        while (j >= 0 && key[idx[j]] > key[v]) {
            idx[j + 1] = idx[j];
            --j;
        }
        idx[j + 1] = v;
    }
}

/* numpy.isclose(a, b) with the default rtol 1e-5, atol 1e-8 (b is the reference). */
static int np_isclose(double a, double b) {
    return fabs(a - b) <= 1e-8 + 1e-5 * fabs(b);
}

md_status md_tables_phi_tau_load(const char *path, md_phi_tau_table **out, md_error *err) {
    static const char *const names[] = {"tau", "phi", "Phi", "w0", "g"};
    static const int required[] = {1, 0, 0, 0, 0};
    csv_columns c;
    md_status st = csv_read(path, 5, names, required, &c, err);
    if (st != MD_OK)
        return st;
    long *idx = NULL;
    md_phi_tau_table *tab = NULL;
    long n = c.n_rows;
    const double *tau = c.col[0];
    const double *phi = c.col[1] ? c.col[1] : c.col[2];
    if (!phi) {
        st = md_error_set(err, MD_ERR_CONFIG, "%s: needs a column 'phi' (or 'Phi')", path);
        goto done;
    }
    idx = malloc((size_t)n * sizeof(long));
    if (!idx) {
        st = md_error_set(err, MD_ERR_NOMEM, "out of memory loading '%s'", path);
        goto done;
    }
    /* io/tables.py: load_phi_table; with tau, Phi, w0, g take the w0 = 0, g = 0 slice (or the
     * smallest w0 and g). */
    long m = 0;
    int slice = !c.col[1] && c.col[3] && c.col[4];
    double w0_t = 0.0, g_t = 0.0;
    if (slice) {
        double w0_min = INFINITY, g_min = INFINITY;
        int w0_zero = 0, g_zero = 0;
        for (long i = 0; i < n; ++i) {
            w0_min = md_fmin(w0_min, c.col[3][i]);
            g_min = md_fmin(g_min, c.col[4][i]);
            w0_zero |= np_isclose(c.col[3][i], 0.0);
            g_zero |= np_isclose(c.col[4][i], 0.0);
        }
        w0_t = w0_zero ? 0.0 : w0_min;
        g_t = g_zero ? 0.0 : g_min;
    }
    for (long i = 0; i < n; ++i)
        if (!slice || (np_isclose(c.col[3][i], w0_t) && np_isclose(c.col[4][i], g_t)))
            idx[m++] = i;
    if (m == 0) {
        st = md_error_set(err, MD_ERR_CONFIG, "%s: Phi table slice w0 = %g, g = %g is empty", path,
                          w0_t, g_t);
        goto done;
    }
    sort_index(idx, m, tau);
    for (long k = 1; k < m; ++k)
        if (!(tau[idx[k]] > tau[idx[k - 1]])) {
            st = md_error_set(err, MD_ERR_CONFIG,
                              "%s: tau values must be strictly increasing (tau = %.17g repeats)",
                              path, tau[idx[k]]);
            goto done;
        }
    tab = malloc(sizeof *tab + 2 * (size_t)m * sizeof(double));
    if (!tab) {
        st = md_error_set(err, MD_ERR_NOMEM, "out of memory loading '%s'", path);
        goto done;
    }
    double *t_arr = (double *)(tab + 1);
    double *p_arr = t_arr + m;
    for (long k = 0; k < m; ++k) {
        t_arr[k] = tau[idx[k]];
        p_arr[k] = phi[idx[k]];
    }
    tab->n = (int)m;
    tab->tau = t_arr;
    tab->phi = p_arr;
    *out = tab;
    tab = NULL;
done:
    free(tab);
    free(idx);
    csv_columns_clear(&c);
    return st;
}

void md_tables_phi_tau_free(md_phi_tau_table **tab) {
    if (!tab)
        return;
    free(*tab);
    *tab = NULL;
}

md_status md_tables_phi_grid_load(const char *path, md_phi_grid **out, md_error *err) {
    static const char *const names[] = {"tau", "w0", "g", "Phi"};
    static const int required[] = {1, 1, 1, 1};
    csv_columns c;
    md_status st = csv_read(path, 4, names, required, &c, err);
    if (st != MD_OK)
        return st;
    double *t_u = NULL, *w_u = NULL, *g_u = NULL;
    unsigned char *seen = NULL;
    md_phi_grid *grid = NULL;
    long n = c.n_rows;
    int nt = 0, nw = 0, ng = 0;
    t_u = unique_sorted(c.col[0], n, &nt);
    w_u = unique_sorted(c.col[1], n, &nw);
    g_u = unique_sorted(c.col[2], n, &ng);
    seen = calloc((size_t)n, 1);
    if (!t_u || !w_u || !g_u || !seen) {
        st = md_error_set(err, MD_ERR_NOMEM, "out of memory loading '%s'", path);
        goto done;
    }
    if (nt < 2 || nw < 2 || ng < 2) {
        st = md_error_set(err, MD_ERR_CONFIG,
                          "%s: needs at least two distinct tau, w0 and g values (%d, %d, %d)", path,
                          nt, nw, ng);
        goto done;
    }
    size_t n_phi = (size_t)nt * (size_t)nw * (size_t)ng;
    if ((long)n_phi != n) {
        st = md_error_set(err, MD_ERR_CONFIG,
                          "%s: grid of %d tau x %d w0 x %d g needs %zu rows, found %ld", path, nt,
                          nw, ng, n_phi, n);
        goto done;
    }
    grid = malloc(sizeof *grid + ((size_t)nt + (size_t)nw + (size_t)ng + n_phi) * sizeof(double));
    if (!grid) {
        st = md_error_set(err, MD_ERR_NOMEM, "out of memory loading '%s'", path);
        goto done;
    }
    double *t_arr = (double *)(grid + 1);
    double *w_arr = t_arr + nt;
    double *g_arr = w_arr + nw;
    double *p_arr = g_arr + ng;
    memcpy(t_arr, t_u, (size_t)nt * sizeof(double));
    memcpy(w_arr, w_u, (size_t)nw * sizeof(double));
    memcpy(g_arr, g_u, (size_t)ng * sizeof(double));
    for (long i = 0; i < n; ++i) {
        size_t cell = ((size_t)find_index(t_u, nt, c.col[0][i]) * (size_t)nw +
                       (size_t)find_index(w_u, nw, c.col[1][i])) *
                          (size_t)ng +
                      (size_t)find_index(g_u, ng, c.col[2][i]);
        if (seen[cell]) {
            st = md_error_set(err, MD_ERR_CONFIG,
                              "%s: duplicate (tau, w0, g) = (%.17g, %.17g, %.17g) at data row %ld",
                              path, c.col[0][i], c.col[1][i], c.col[2][i], i + 1);
            goto done;
        }
        seen[cell] = 1;
        p_arr[cell] = c.col[3][i];
    }
    grid->n_tau = nt;
    grid->n_w0 = nw;
    grid->n_g = ng;
    grid->tau = t_arr;
    grid->w0 = w_arr;
    grid->g = g_arr;
    grid->phi = p_arr;
    *out = grid;
    grid = NULL;
done:
    free(grid);
    free(seen);
    free(t_u);
    free(w_u);
    free(g_u);
    csv_columns_clear(&c);
    return st;
}

void md_tables_phi_grid_free(md_phi_grid **grid) {
    if (!grid)
        return;
    free(*grid);
    *grid = NULL;
}
