/* md_h5: the sweep's HDF5 file (layout and consistency rules in md_h5.h). */
#define _POSIX_C_SOURCE 200809L /* gmtime_r */
#include "md_h5.h"

#include <hdf5.h>

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Bookkeeping columns of /summary added to the model's md_summary_fields[]. */
typedef enum kind { K_F64, K_I64, K_I32, K_STR32, K_STR64 } kind;

typedef struct extra_field {
    md_field_info info;
    kind kind;
} extra_field;

enum { X_CASE_STATUS, X_STOP_REASON, X_N_STEPS, X_N_SAMPLES, X_WALL, X_RANK, X_FINISHED, X_COUNT };

static const extra_field extra_fields[X_COUNT] = {
    [X_CASE_STATUS] = {{"case_status", "", "ok, blowout or no_blowout (spec 10 §5.7)"}, K_STR32},
    [X_STOP_REASON] = {{"stop_reason", "", "why the run ended (t_end_reached, tau_exceeded, ...)"},
                       K_STR64},
    [X_N_STEPS] = {{"n_steps", "1", "outer steps integrated"}, K_I64},
    [X_N_SAMPLES] = {{"n_samples", "1", "valid rows of the run's series (later rows are NaN)"},
                     K_I64},
    [X_WALL] = {{"wall_seconds", "s", "wall-clock time of the run"}, K_F64},
    [X_RANK] = {{"rank", "1", "MPI rank that ran the run (-1: not run)"}, K_I32},
    [X_FINISHED] = {{"finished_unix_s", "s",
                     "time the run finished, seconds since 1970-01-01T00:00:00Z"},
                    K_F64},
};

static const md_field_info psd_fields[] = {
    {"s", "m", "bin centre size"},
    {"width", "m", "bin width"},
    {"m", "kg", "grain mass per bin"},
    {"N_initial", "m^-2", "number surface density per bin as the Smol solver first saw it"},
    {"N_final", "m^-2", "number surface density per bin after the last step"},
};
enum { PSD_COUNT = (int)(sizeof psd_fields / sizeof psd_fields[0]) };

struct md_h5 {
    hid_t file;
    hid_t status_ds, error_ds;
    hid_t *summary_ds;       /* [md_summary_field_count], -1 where an extra field is used instead */
    hid_t extra_ds[X_COUNT]; /* -1 where the model's summary already has that name */
    long n_runs;
    /* Series buffer of the run in hand, column-major [column][sample]. */
    double *series;
    size_t series_cap;
    long run_id, n_samples, n_emitted;
};

/* ---- helpers -------------------------------------------------------------------------- */

static herr_t walk_cb(unsigned n, const H5E_error2_t *e, void *data) {
    (void)n;
    if (e->desc && e->desc[0])
        snprintf(data, 256, "%s", e->desc); /* keep the deepest description */
    return 0;
}

/* MD_ERR_IO with what failed and HDF5's deepest error description. */
static md_status h5_fail(md_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static md_status h5_fail(md_error *err, const char *fmt, ...) {
    char why[256] = "";
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, walk_cb, why);
    H5Eclear2(H5E_DEFAULT);
    char what[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return md_error_set(err, MD_ERR_IO, "%s%s%s", what, why[0] ? ": " : "", why);
}

static void quiet_hdf5(void) {
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL); /* errors come back as md_error, never printed */
}

static void close_id(hid_t *id, herr_t (*fn)(hid_t)) {
    if (*id >= 0)
        fn(*id);
    *id = -1;
}

static hid_t str_type(size_t len) {
    hid_t t = H5Tcopy(H5T_C_S1);
    if (t < 0)
        return t;
    if (len == 0) {
        H5Tset_size(t, H5T_VARIABLE);
        H5Tset_cset(t, H5T_CSET_UTF8);
    } else {
        H5Tset_size(t, len);
        H5Tset_strpad(t, H5T_STR_NULLTERM);
    }
    return t;
}

/* Scalar variable-length UTF-8 string attribute (collective in parallel). */
static herr_t attr_str(hid_t loc, const char *name, const char *text) {
    hid_t t = str_type(0), sp = H5Screate(H5S_SCALAR), a = -1;
    herr_t rc = -1;
    if (t >= 0 && sp >= 0)
        a = H5Acreate2(loc, name, t, sp, H5P_DEFAULT, H5P_DEFAULT);
    if (a >= 0)
        rc = H5Awrite(a, t, &text);
    close_id(&a, H5Aclose);
    close_id(&sp, H5Sclose);
    close_id(&t, H5Tclose);
    return rc;
}

static herr_t attr_i64(hid_t loc, const char *name, long long v) {
    hid_t sp = H5Screate(H5S_SCALAR), a = -1;
    herr_t rc = -1;
    if (sp >= 0)
        a = H5Acreate2(loc, name, H5T_STD_I64LE, sp, H5P_DEFAULT, H5P_DEFAULT);
    if (a >= 0)
        rc = H5Awrite(a, H5T_NATIVE_LLONG, &v);
    close_id(&a, H5Aclose);
    close_id(&sp, H5Sclose);
    return rc;
}

static herr_t read_attr_str(hid_t loc, const char *name, char *buf, size_t len) {
    hid_t a = H5Aopen(loc, name, H5P_DEFAULT), ft = -1, mt = -1;
    herr_t rc = -1;
    if (a >= 0)
        ft = H5Aget_type(a);
    if (ft >= 0 && H5Tget_class(ft) == H5T_STRING) {
        if (H5Tis_variable_str(ft) > 0) {
            char *s = NULL;
            mt = str_type(0);
            if (H5Aread(a, mt, &s) >= 0 && s) {
                snprintf(buf, len, "%s", s);
                H5free_memory(s);
                rc = 0;
            }
        } else {
            size_t n = H5Tget_size(ft);
            char *s = calloc(n + 1, 1);
            mt = str_type(n + 1);
            if (s && H5Aread(a, mt, s) >= 0) {
                snprintf(buf, len, "%s", s);
                rc = 0;
            }
            free(s);
        }
    }
    close_id(&mt, H5Tclose);
    close_id(&ft, H5Tclose);
    close_id(&a, H5Aclose);
    return rc;
}

static herr_t read_attr_i64(hid_t loc, const char *name, long long *v) {
    hid_t a = H5Aopen(loc, name, H5P_DEFAULT);
    herr_t rc = a >= 0 ? H5Aread(a, H5T_NATIVE_LLONG, v) : -1;
    close_id(&a, H5Aclose);
    return rc;
}

/* File type and fill value of each kind of column. */
static hid_t kind_type(kind k) {
    switch (k) {
    case K_I64:
        return H5Tcopy(H5T_STD_I64LE);
    case K_I32:
        return H5Tcopy(H5T_STD_I32LE);
    case K_STR32:
        return str_type(32);
    case K_STR64:
        return str_type(64);
    case K_F64:
    default:
        return H5Tcopy(H5T_IEEE_F64LE);
    }
}

static hid_t kind_mem_type(kind k) {
    switch (k) {
    case K_I64:
        return H5Tcopy(H5T_NATIVE_LLONG);
    case K_I32:
        return H5Tcopy(H5T_NATIVE_INT);
    case K_STR32:
        return str_type(32);
    case K_STR64:
        return str_type(64);
    case K_F64:
    default:
        return H5Tcopy(H5T_NATIVE_DOUBLE);
    }
}

/* Creates a 1-D dataset [n] with contiguous storage allocated at creation and filled (NaN for
 * floats, -1 for the rank column, 0/"" otherwise), so later independent writes touch no
 * metadata; attaches units and description. Returns the open dataset or -1. */
static hid_t make_dataset(hid_t loc, const char *name, hid_t ftype, hid_t mtype, const void *fill,
                          long n, const char *units, const char *desc) {
    hsize_t dim = (hsize_t)n;
    hid_t sp = H5Screate_simple(1, &dim, NULL), dcpl = H5Pcreate(H5P_DATASET_CREATE), d = -1;
    if (sp >= 0 && dcpl >= 0 && H5Pset_layout(dcpl, H5D_CONTIGUOUS) >= 0 &&
        H5Pset_alloc_time(dcpl, H5D_ALLOC_TIME_EARLY) >= 0 &&
        H5Pset_fill_time(dcpl, H5D_FILL_TIME_ALLOC) >= 0 &&
        H5Pset_fill_value(dcpl, mtype, fill) >= 0 && H5Pset_obj_track_times(dcpl, 0) >= 0)
        d = H5Dcreate2(loc, name, ftype, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    if (d >= 0 && (attr_str(d, "units", units ? units : "") < 0 ||
                   attr_str(d, "description", desc ? desc : "") < 0))
        close_id(&d, H5Dclose);
    close_id(&dcpl, H5Pclose);
    close_id(&sp, H5Sclose);
    return d;
}

static hid_t make_kind_dataset(hid_t loc, const md_field_info *f, kind k, long n) {
    static const double nan_fill = NAN;
    static const long long zero64 = 0;
    static const int minus_one = -1;
    static const char empty[64] = "";
    const void *fill = k == K_F64   ? (const void *)&nan_fill
                       : k == K_I64 ? (const void *)&zero64
                       : k == K_I32 ? (const void *)&minus_one
                                    : (const void *)empty;
    hid_t ft = kind_type(k), mt = kind_mem_type(k), d = -1;
    if (ft >= 0 && mt >= 0)
        d = make_dataset(loc, f->name, ft, mt, fill, n, f->units, f->description);
    close_id(&mt, H5Tclose);
    close_id(&ft, H5Tclose);
    return d;
}

static hid_t make_group(hid_t loc, const char *name) {
    hid_t gcpl = H5Pcreate(H5P_GROUP_CREATE), g = -1;
    if (gcpl >= 0 && H5Pset_obj_track_times(gcpl, 0) >= 0)
        g = H5Gcreate2(loc, name, H5P_DEFAULT, gcpl, H5P_DEFAULT);
    close_id(&gcpl, H5Pclose);
    return g;
}

/* Writes buf (one element of memory type mtype) at index i of 1-D dataset d, independently. */
static herr_t write_at(hid_t d, long i, hid_t mtype, const void *buf) {
    hsize_t start = (hsize_t)i, one = 1;
    hid_t fs = H5Dget_space(d), ms = H5Screate_simple(1, &one, NULL);
    herr_t rc = -1;
    if (fs >= 0 && ms >= 0 &&
        H5Sselect_hyperslab(fs, H5S_SELECT_SET, &start, NULL, &one, NULL) >= 0)
        rc = H5Dwrite(d, mtype, ms, fs, H5P_DEFAULT, buf);
    close_id(&ms, H5Sclose);
    close_id(&fs, H5Sclose);
    return rc;
}

static bool model_has_summary(const char *name) {
    for (int i = 0; i < md_summary_field_count; i++)
        if (strcmp(md_summary_fields[i].name, name) == 0)
            return true;
    return false;
}

static md_h5 *writer_new(long n_runs, md_error *err) {
    md_h5 *h = calloc(1, sizeof *h);
    if (h)
        h->summary_ds = malloc((size_t)(md_summary_field_count + 1) * sizeof *h->summary_ds);
    if (!h || !h->summary_ds) {
        free(h);
        md_error_set(err, MD_ERR_NOMEM, "HDF5 writer: out of memory");
        return NULL;
    }
    h->file = h->status_ds = h->error_ds = -1;
    for (int i = 0; i < md_summary_field_count; i++)
        h->summary_ds[i] = -1;
    for (int i = 0; i < X_COUNT; i++)
        h->extra_ds[i] = -1;
    h->n_runs = n_runs;
    h->run_id = -1;
    return h;
}

static void writer_release(md_h5 *h) {
    for (int i = 0; i < md_summary_field_count; i++)
        close_id(&h->summary_ds[i], H5Dclose);
    for (int i = 0; i < X_COUNT; i++)
        close_id(&h->extra_ds[i], H5Dclose);
    close_id(&h->status_ds, H5Dclose);
    close_id(&h->error_ds, H5Dclose);
    close_id(&h->file, H5Fclose);
    free(h->summary_ds);
    free(h->series);
    free(h);
}

static hid_t mpio_fapl(MPI_Comm comm) {
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (fapl >= 0 && H5Pset_fapl_mpio(fapl, comm, MPI_INFO_NULL) < 0)
        close_id(&fapl, H5Pclose);
    return fapl;
}

static void utc_now(char *buf, size_t len) {
    time_t now = time(NULL);
    struct tm tmv;
    gmtime_r(&now, &tmv);
    strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tmv);
}

/* ---- layout ----------------------------------------------------------------------------- */

static md_status create_params(hid_t file, const md_h5_sweep *sw, md_error *err) {
    md_status st = MD_OK;
    hid_t g = make_group(file, "parameters");
    if (g < 0)
        return h5_fail(err, "cannot create %s", "/parameters");
    for (int p = 0; p < sw->n_params && st == MD_OK; p++) {
        const md_h5_param *pp = &sw->params[p];
        size_t len = 1;
        char *packed = NULL, *empty = NULL; /* values; the fill value "" at full width */
        hid_t ft = -1, mt = -1, d = -1;
        if (pp->strings) { /* fixed-length strings, as long as the longest value */
            for (long i = 0; i < sw->n_runs; i++)
                len = strlen(pp->strings[i]) + 1 > len ? strlen(pp->strings[i]) + 1 : len;
            ft = str_type(len);
            mt = str_type(len);
            packed = calloc((size_t)sw->n_runs, len);
            empty = calloc(1, len);
            for (long i = 0; packed && i < sw->n_runs; i++)
                memcpy(packed + (size_t)i * len, pp->strings[i], strlen(pp->strings[i]));
        } else {
            ft = H5Tcopy(H5T_IEEE_F64LE);
            mt = H5Tcopy(H5T_NATIVE_DOUBLE);
        }
        char desc[256];
        snprintf(desc, sizeof desc, "manifest key %s of each run (it varies across the sweep)",
                 pp->key);
        static const double nan_fill = NAN;
        if (ft >= 0 && mt >= 0 && (!pp->strings || (packed && empty)))
            d = make_dataset(g, pp->key, ft, mt,
                             pp->strings ? (const void *)empty : (const void *)&nan_fill,
                             sw->n_runs, pp->units, desc);
        if (d < 0 || H5Dwrite(d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                              pp->strings ? (const void *)packed : (const void *)pp->values) < 0)
            st = h5_fail(err, "cannot write /parameters/%s", pp->key);
        free(packed);
        free(empty);
        close_id(&d, H5Dclose);
        close_id(&mt, H5Tclose);
        close_id(&ft, H5Tclose);
    }
    H5Gclose(g);
    return st;
}

static md_status create_summary(md_h5 *h, md_error *err) {
    hid_t g = make_group(h->file, "summary");
    if (g < 0)
        return h5_fail(err, "cannot create %s", "/summary");
    md_status st = MD_OK;
    for (int i = 0; i < md_summary_field_count && st == MD_OK; i++) {
        h->summary_ds[i] = make_kind_dataset(g, &md_summary_fields[i], K_F64, h->n_runs);
        if (h->summary_ds[i] < 0)
            st = h5_fail(err, "cannot create /summary/%s", md_summary_fields[i].name);
    }
    for (int i = 0; i < X_COUNT && st == MD_OK; i++) {
        if (model_has_summary(extra_fields[i].info.name))
            continue;
        h->extra_ds[i] =
            make_kind_dataset(g, &extra_fields[i].info, extra_fields[i].kind, h->n_runs);
        if (h->extra_ds[i] < 0)
            st = h5_fail(err, "cannot create /summary/%s", extra_fields[i].info.name);
    }
    H5Gclose(g);
    return st;
}

static md_status create_status(md_h5 *h, md_error *err) {
    static const uint8_t zero = 0;
    static const char empty[MD_H5_ERROR_LEN] = "";
    hid_t et = str_type(MD_H5_ERROR_LEN);
    h->status_ds = make_dataset(h->file, "status", H5T_STD_U8LE, H5T_NATIVE_UINT8, &zero, h->n_runs,
                                "1", "0 pending, 1 done, 2 failed; written last for each run");
    if (et >= 0 && h->status_ds >= 0)
        h->error_ds = make_dataset(h->file, "error", et, et, empty, h->n_runs, "",
                                   "message of a failed run (empty otherwise)");
    close_id(&et, H5Tclose);
    if (h->status_ds < 0 || h->error_ds < 0)
        return h5_fail(err, "cannot create %s", "/status and /error");
    return MD_OK;
}

static md_status create_run(hid_t runs, const md_h5_sweep *sw, long id, md_error *err) {
    char name[32];
    snprintf(name, sizeof name, "%06ld", id);
    hid_t g = make_group(runs, name), gs = -1, gp = -1;
    md_status st = MD_OK;
    if (g < 0 || attr_i64(g, "run_id", id) < 0 ||
        attr_str(g, "param_hash", sw->param_hash[id]) < 0 ||
        attr_str(g, "parameters", sw->param_text[id]) < 0 || (gs = make_group(g, "series")) < 0 ||
        (gp = make_group(g, "psd")) < 0)
        st = h5_fail(err, "cannot create /runs/%s", name);
    for (int c = 0; c < md_series_column_count && st == MD_OK; c++) {
        hid_t d = make_kind_dataset(gs, &md_series_columns[c], K_F64, sw->n_samples[id]);
        if (d < 0)
            st = h5_fail(err, "cannot create series column %s", md_series_columns[c].name);
        close_id(&d, H5Dclose);
    }
    for (int c = 0; c < PSD_COUNT && st == MD_OK; c++) {
        hid_t d = make_kind_dataset(gp, &psd_fields[c], K_F64, sw->n_bins[id]);
        if (d < 0)
            st = h5_fail(err, "cannot create psd/%s", psd_fields[c].name);
        close_id(&d, H5Dclose);
    }
    if (st != MD_OK)
        md_error_prefix(err, "run %06ld", id);
    close_id(&gp, H5Gclose);
    close_id(&gs, H5Gclose);
    close_id(&g, H5Gclose);
    return st;
}

/* Builds the whole layout serially (POSIX driver) and closes the file, so that every byte of
 * metadata is on disk before any rank opens it for raw writes. Serial creation is much faster
 * than collective creation (no metadata-cache sync points or per-dataset barriers; see
 * bench/sweep_bench.c) and its cost does not grow with the number of ranks. */
static md_status build_layout(const char *path, const md_h5_sweep *sw, md_error *err) {
    char created[32];
    utc_now(created, sizeof created);
    md_status st = MD_OK;
    md_h5 *h = writer_new(sw->n_runs, err); /* holds the ids while building */
    if (!h)
        return err->status;
    hid_t runs = -1;
    h->file = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (h->file < 0) {
        st = h5_fail(err, "cannot create %s", path);
        goto done;
    }
    if (attr_str(h->file, "format", MD_H5_FORMAT) < 0 ||
        attr_i64(h->file, "format_version", MD_H5_FORMAT_VERSION) < 0 ||
        attr_str(h->file, "program_version", sw->program_version) < 0 ||
        attr_str(h->file, "manifest", sw->manifest_json) < 0 ||
        attr_str(h->file, "manifest_hash", sw->manifest_hash) < 0 ||
        attr_i64(h->file, "n_runs", sw->n_runs) < 0 ||
        attr_str(h->file, "created_utc", created) < 0) {
        st = h5_fail(err, "cannot write the root attributes of %s", path);
        goto done;
    }
    if ((st = create_params(h->file, sw, err)) != MD_OK || (st = create_summary(h, err)) != MD_OK ||
        (st = create_status(h, err)) != MD_OK)
        goto done;
    if ((runs = make_group(h->file, "runs")) < 0) {
        st = h5_fail(err, "cannot create %s", "/runs");
        goto done;
    }
    for (long id = 0; id < sw->n_runs && st == MD_OK; id++)
        st = create_run(runs, sw, id, err);
    close_id(&runs, H5Gclose);
done:
    if (st == MD_OK) {
        md_error cerr;
        st = md_h5_close(&h, &cerr);
        if (st != MD_OK)
            *err = cerr;
    }
    if (h)
        writer_release(h);
    return st;
}

static md_status open_datasets(md_h5 *h, md_error *err);

md_h5 *md_h5_create(const char *path, MPI_Comm comm, const md_h5_sweep *sw, md_error *err) {
    quiet_hdf5();
    int rank = 0;
    MPI_Comm_rank(comm, &rank);
    md_error_clear(err);
    int st = rank == 0 ? (int)build_layout(path, sw, err) : MD_OK;
    /* The others wait without spinning (Open MPI busy-polls in a blocking call), so rank 0
     * keeps its core even where ranks share cores. */
    MPI_Request req;
    MPI_Ibcast(&st, 1, MPI_INT, 0, comm, &req);
    for (int done = 0; MPI_Test(&req, &done, MPI_STATUS_IGNORE) == MPI_SUCCESS && !done;)
        nanosleep(&(struct timespec){0, 1000000}, NULL);
    if (st != MD_OK) {
        if (rank != 0)
            md_error_set(err, (md_status)st, "rank 0 could not create %s", path);
        return NULL;
    }
    md_h5 *h = writer_new(sw->n_runs, err);
    if (!h)
        return NULL;
    hid_t fapl = mpio_fapl(comm);
    if (fapl >= 0)
        h->file = H5Fopen(path, H5F_ACC_RDWR, fapl);
    close_id(&fapl, H5Pclose);
    if (h->file < 0)
        st = h5_fail(err, "cannot open %s for writing", path);
    else
        st = open_datasets(h, err);
    if (st != MD_OK) {
        writer_release(h);
        return NULL;
    }
    return h;
}

/* ---- existing files ----------------------------------------------------------------------- */

static md_status check_root(hid_t file, const char *path, char *hash, long *n_runs, md_error *err) {
    char format[64] = "";
    long long n = 0;
    if (read_attr_str(file, "format", format, sizeof format) < 0 ||
        strcmp(format, MD_H5_FORMAT) != 0) {
        H5Eclear2(H5E_DEFAULT);
        return md_error_set(err, MD_ERR_IO, "%s is not a marsdisk-sweep output file", path);
    }
    if (read_attr_str(file, "manifest_hash", hash, MD_H5_HASH_LEN) < 0 ||
        read_attr_i64(file, "n_runs", &n) < 0)
        return h5_fail(err, "cannot read the root attributes of %s", path);
    *n_runs = (long)n;
    /* The last run's psd group is the last thing build_layout creates: a file cut while its
     * layout was being built lacks it. */
    char last[64];
    snprintf(last, sizeof last, "runs/%06lld/psd", n > 0 ? n - 1 : 0);
    if (n > 0 &&
        (H5Lexists(file, "runs", H5P_DEFAULT) <= 0 || H5Lexists(file, last, H5P_DEFAULT) <= 0)) {
        H5Eclear2(H5E_DEFAULT);
        return md_error_set(err, MD_ERR_IO,
                            "%s has an incomplete layout (cut while it was created)", path);
    }
    return MD_OK;
}

md_status md_h5_probe(const char *path, char *hash, long *n_runs, md_error *err) {
    quiet_hdf5();
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (file < 0)
        return h5_fail(err, "cannot open %s as HDF5", path);
    md_status st = check_root(file, path, hash, n_runs, err);
    H5Fclose(file);
    return st;
}

static md_status open_datasets(md_h5 *h, md_error *err) {
    const char *bad = NULL;
    h->status_ds = H5Dopen2(h->file, "status", H5P_DEFAULT);
    h->error_ds = H5Dopen2(h->file, "error", H5P_DEFAULT);
    if (h->status_ds < 0 || h->error_ds < 0)
        bad = "status";
    char path[256];
    for (int i = 0; i < md_summary_field_count && !bad; i++) {
        snprintf(path, sizeof path, "summary/%s", md_summary_fields[i].name);
        if ((h->summary_ds[i] = H5Dopen2(h->file, path, H5P_DEFAULT)) < 0)
            bad = md_summary_fields[i].name;
    }
    for (int i = 0; i < X_COUNT && !bad; i++) {
        if (model_has_summary(extra_fields[i].info.name))
            continue;
        snprintf(path, sizeof path, "summary/%s", extra_fields[i].info.name);
        if ((h->extra_ds[i] = H5Dopen2(h->file, path, H5P_DEFAULT)) < 0)
            bad = extra_fields[i].info.name;
    }
    return bad ? h5_fail(err, "output file lacks /summary/%s (written by another version?)", bad)
               : MD_OK;
}

md_h5 *md_h5_open(const char *path, MPI_Comm comm, const char *manifest_hash, long n_runs,
                  uint8_t *status, md_error *err) {
    quiet_hdf5();
    md_h5 *h = writer_new(n_runs, err);
    if (!h)
        return NULL;
    md_status st = MD_OK;
    char hash[MD_H5_HASH_LEN];
    long file_runs = 0;
    hid_t fapl = mpio_fapl(comm);
    if (fapl >= 0)
        h->file = H5Fopen(path, H5F_ACC_RDWR, fapl);
    close_id(&fapl, H5Pclose);
    if (h->file < 0) {
        st = h5_fail(err, "cannot open %s for writing", path);
        goto done;
    }
    if ((st = check_root(h->file, path, hash, &file_runs, err)) != MD_OK)
        goto done;
    if (strcmp(hash, manifest_hash) != 0 || file_runs != n_runs) {
        st = md_error_set(err, MD_ERR_CONFIG,
                          "%s was written for a different manifest (file: hash %s, %ld runs; "
                          "manifest: hash %s, %ld runs); refusing to resume",
                          path, hash, file_runs, manifest_hash, n_runs);
        goto done;
    }
    if ((st = open_datasets(h, err)) != MD_OK)
        goto done;
    if (H5Dread(h->status_ds, H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, status) < 0)
        st = h5_fail(err, "cannot read /status of %s", path);
done:
    if (st != MD_OK) {
        writer_release(h);
        return NULL;
    }
    return h;
}

/* ---- per-run writes ----------------------------------------------------------------------- */

static md_status on_sample(void *ctx, long sample, long step, const double *row, md_error *err) {
    md_h5 *h = ctx;
    (void)step;
    if (sample < 0 || sample >= h->n_samples)
        return md_error_set(err, MD_ERR_INTERNAL,
                            "run %06ld: sample %ld outside the planned %ld samples", h->run_id,
                            sample, h->n_samples);
    for (int c = 0; c < md_series_column_count; c++)
        h->series[(size_t)c * (size_t)h->n_samples + (size_t)sample] = row[c];
    if (sample + 1 > h->n_emitted)
        h->n_emitted = sample + 1;
    return MD_OK;
}

md_status md_h5_run_begin(md_h5 *h, long run_id, long n_samples, md_observer *observer,
                          md_error *err) {
    size_t need = (size_t)md_series_column_count * (size_t)n_samples;
    if (need > h->series_cap) {
        double *p = realloc(h->series, need * sizeof *p);
        if (!p)
            return md_error_set(err, MD_ERR_NOMEM, "run %06ld: no memory for %ld samples", run_id,
                                n_samples);
        h->series = p;
        h->series_cap = need;
    }
    for (size_t i = 0; i < need; i++)
        h->series[i] = NAN;
    h->run_id = run_id;
    h->n_samples = n_samples;
    h->n_emitted = 0;
    observer->ctx = h;
    observer->on_sample = on_sample;
    return MD_OK;
}

/* Writes n doubles into the 1-D dataset at path, checking that its length is n. */
static md_status write_column(hid_t loc, const char *name, const double *v, long n, md_error *err) {
    md_status st = MD_OK;
    hid_t d = H5Dopen2(loc, name, H5P_DEFAULT), fs = -1;
    hsize_t dim = 0;
    if (d < 0 || (fs = H5Dget_space(d)) < 0 || H5Sget_simple_extent_dims(fs, &dim, NULL) != 1)
        st = h5_fail(err, "cannot open %s", name);
    else if (dim != (hsize_t)n)
        st = md_error_set(err, MD_ERR_INTERNAL, "%s holds %llu values, the run gave %ld", name,
                          (unsigned long long)dim, n);
    else if (n > 0 && H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) < 0)
        st = h5_fail(err, "cannot write %s", name);
    close_id(&fs, H5Sclose);
    close_id(&d, H5Dclose);
    return st;
}

static md_status write_extra(md_h5 *h, int x, long run_id, const void *v, md_error *err) {
    if (h->extra_ds[x] < 0)
        return MD_OK;
    hid_t mt = kind_mem_type(extra_fields[x].kind);
    herr_t rc = mt >= 0 ? write_at(h->extra_ds[x], run_id, mt, v) : -1;
    close_id(&mt, H5Tclose);
    return rc < 0 ? h5_fail(err, "cannot write /summary/%s", extra_fields[x].info.name) : MD_OK;
}

static md_status write_info(md_h5 *h, long run_id, const md_h5_run_info *info, md_error *err) {
    md_status st = write_extra(h, X_WALL, run_id, &info->wall_seconds, err);
    if (st == MD_OK)
        st = write_extra(h, X_RANK, run_id, &info->rank, err);
    if (st == MD_OK)
        st = write_extra(h, X_FINISHED, run_id, &info->finished_unix_s, err);
    return st;
}

static md_status write_error_and_status(md_h5 *h, long run_id, const char *message, uint8_t status,
                                        md_error *err) {
    char msg[MD_H5_ERROR_LEN] = "";
    snprintf(msg, sizeof msg, "%s", message);
    hid_t et = str_type(MD_H5_ERROR_LEN);
    herr_t rc = et >= 0 ? write_at(h->error_ds, run_id, et, msg) : -1;
    close_id(&et, H5Tclose);
    if (rc < 0)
        return h5_fail(err, "cannot write %s", "/error");
    /* The completion mark goes last: a run is done only once everything above is on disk. */
    if (write_at(h->status_ds, run_id, H5T_NATIVE_UINT8, &status) < 0)
        return h5_fail(err, "cannot write %s", "/status");
    return MD_OK;
}

md_status md_h5_write_done(md_h5 *h, long run_id, const md_run_result *res,
                           const md_h5_run_info *info, md_error *err) {
    md_status st = MD_OK;
    char name[64];
    hid_t g = -1, gs = -1, gp = -1;
    if (run_id != h->run_id)
        return md_error_set(err, MD_ERR_INTERNAL, "run %06ld written, but run %06ld was begun",
                            run_id, h->run_id);
    snprintf(name, sizeof name, "runs/%06ld", run_id);
    if ((g = H5Gopen2(h->file, name, H5P_DEFAULT)) < 0 ||
        (gs = H5Gopen2(g, "series", H5P_DEFAULT)) < 0 ||
        (gp = H5Gopen2(g, "psd", H5P_DEFAULT)) < 0) {
        st = h5_fail(err, "cannot open /%s", name);
        goto done;
    }
    for (int c = 0; c < md_series_column_count && st == MD_OK; c++)
        st = write_column(gs, md_series_columns[c].name,
                          h->series + (size_t)c * (size_t)h->n_samples, h->n_samples, err);
    const double *psd[PSD_COUNT] = {res->psd_s, res->psd_width, res->psd_m, res->psd_N_initial,
                                    res->psd_N_final};
    for (int c = 0; c < PSD_COUNT && st == MD_OK; c++)
        st = write_column(gp, psd_fields[c].name, psd[c], res->n_bins, err);
    for (int i = 0; i < md_summary_field_count && st == MD_OK; i++)
        if (write_at(h->summary_ds[i], run_id, H5T_NATIVE_DOUBLE, &res->summary[i]) < 0)
            st = h5_fail(err, "cannot write /summary/%s", md_summary_fields[i].name);
    char cs[32] = "", sr[64] = "";
    snprintf(cs, sizeof cs, "%s", res->case_status);
    snprintf(sr, sizeof sr, "%s", res->stop_reason);
    long long n_steps = res->n_steps_done, n_samples = res->n_samples;
    if (st == MD_OK)
        st = write_extra(h, X_CASE_STATUS, run_id, cs, err);
    if (st == MD_OK)
        st = write_extra(h, X_STOP_REASON, run_id, sr, err);
    if (st == MD_OK)
        st = write_extra(h, X_N_STEPS, run_id, &n_steps, err);
    if (st == MD_OK)
        st = write_extra(h, X_N_SAMPLES, run_id, &n_samples, err);
    if (st == MD_OK)
        st = write_info(h, run_id, info, err);
    if (st == MD_OK)
        st = write_error_and_status(h, run_id, "", MD_H5_DONE, err);
done:
    if (st != MD_OK)
        md_error_prefix(err, "run %06ld", run_id);
    close_id(&gp, H5Gclose);
    close_id(&gs, H5Gclose);
    close_id(&g, H5Gclose);
    return st;
}

md_status md_h5_write_failed(md_h5 *h, long run_id, const char *message, const md_h5_run_info *info,
                             md_error *err) {
    md_status st = write_info(h, run_id, info, err);
    if (st == MD_OK)
        st = write_error_and_status(h, run_id, message, MD_H5_FAILED, err);
    if (st != MD_OK)
        md_error_prefix(err, "run %06ld", run_id);
    return st;
}

md_status md_h5_close(md_h5 **hp, md_error *err) {
    if (!hp || !*hp)
        return MD_OK;
    md_h5 *h = *hp;
    md_status st = MD_OK;
    for (int i = 0; i < md_summary_field_count; i++)
        close_id(&h->summary_ds[i], H5Dclose);
    for (int i = 0; i < X_COUNT; i++)
        close_id(&h->extra_ds[i], H5Dclose);
    close_id(&h->status_ds, H5Dclose);
    close_id(&h->error_ds, H5Dclose);
    if (h->file >= 0 && H5Fclose(h->file) < 0)
        st = h5_fail(err, "cannot close the output file");
    h->file = -1;
    writer_release(h);
    *hp = NULL;
    return st;
}
