/* md_h5: the sweep's HDF5 file (layout and consistency rules in md_h5.h). */
#define _POSIX_C_SOURCE 200809L /* gmtime_r */
#include "md_h5.h"
#include "md_cf.h"
#include "md_h5tmp.h"

#include <hdf5.h>

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

/* How a column's values are stored. K_TEXT is a netCDF char array: [n][width] bytes, NUL-padded
 * (netCDF-C 4.9.0 cannot read HDF5 fixed-length string datasets, and parallel HDF5 cannot write
 * variable-length ones). */
typedef enum kind { K_F64, K_I64, K_I32, K_U8, K_TEXT, K_COUNT } kind;

typedef struct extra_field {
    md_field_info info;
    kind kind;
    int width; /* bytes of one K_TEXT value */
} extra_field;

/* Columns of /summary besides the model's md_summary_fields[]: bookkeeping, the completion mark,
 * the message of a failed run and the run's parameter hash. */
enum {
    X_CASE_STATUS,
    X_STOP_REASON,
    X_N_STEPS,
    X_N_SAMPLES,
    X_WALL,
    X_RANK,
    X_FINISHED,
    X_STATUS,
    X_ERROR,
    X_PARAM_HASH,
    X_COUNT
};

static const extra_field extra_fields[X_COUNT] = {
    [X_CASE_STATUS] = {{"case_status", "", "ok, blowout or no_blowout"}, K_TEXT, 32},
    [X_STOP_REASON] = {{"stop_reason", "", "why the run ended (t_end_reached, tau_exceeded, ...)"},
                       K_TEXT,
                       64},
    [X_N_STEPS] = {{"n_steps", "count", "outer steps integrated"}, K_I64, 0},
    [X_N_SAMPLES] = {{"n_samples", "count", "valid rows of the run's series (later rows are NaN)"},
                     K_I64,
                     0},
    [X_WALL] = {{"wall_seconds", "s", "wall-clock time of the run"}, K_F64, 0},
    [X_RANK] = {{"rank", "1", "MPI rank that ran the run (-1: not run)"}, K_I32, 0},
    [X_FINISHED] = {{"finished_unix_s", "seconds since 1970-01-01T00:00:00Z",
                     "time the run finished"},
                    K_F64,
                    0},
    [X_STATUS] = {{"status", "code: 0 pending, 1 done, 2 failed",
                   "state of the run; written last, after all of its data"},
                  K_U8,
                  0},
    [X_ERROR] = {{"error", "", "message of a failed run (empty otherwise)"},
                 K_TEXT,
                 MD_H5_ERROR_LEN},
    [X_PARAM_HASH] = {{"param_hash", "", "hash of the run's canonical parameter set"},
                      K_TEXT,
                      MD_H5_HASH_LEN},
};

static const md_field_info psd_fields[] = {
    {"s", "m", "bin centre size"},
    {"width", "m", "bin width"},
    {"m", "kg", "grain mass per bin"},
    {"N_initial", "m^-2", "number surface density per bin as the Smol solver first saw it"},
    {"N_final", "m^-2", "number surface density per bin after the last step"},
};
enum { PSD_COUNT = (int)(sizeof psd_fields / sizeof psd_fields[0]) };

/* Most links a group keeps in its own object header (/series holds one per column, the run
 * coordinate and the varying parameters); longer lists get HDF5's indexed storage. */
enum { MAX_COMPACT_LINKS = 256 };

/* The raw storage behind the per-column variables: /storage/series [run][column][sample],
 * /storage/psd [run][quantity][bin] and /storage/summary [run][field] (the model's summary
 * values). A run's part of each is one contiguous block, written at once; /series/<column>,
 * /psd/<name> and /summary/<field> are virtual datasets reading their slice of it. */
enum { T_SERIES, T_PSD, T_SUMMARY, T_COUNT };
static const char *const table_names[T_COUNT] = {"series", "psd", "summary"};

struct md_h5 {
    MPI_Comm
        comm;    /* a duplicate of the caller's: the writer's collectives never meet its traffic */
    hid_t file;  /* HDF5 over MPI-IO: lookups at open, collective close */
    MPI_File fh; /* the same open file (H5Fget_vfd_handle), for the raw writes */
    long n_runs;
    hid_t ftype[K_COUNT], mtype[K_COUNT]; /* file and memory type of each kind of column */
    /* Byte offsets of the bookkeeping columns indexed by run (element i at off + i * size), -1
     * where the model's summary already has that name. */
    int64_t extra_off[X_COUNT];
    int64_t table_off[T_COUNT]; /* the storage tables (run i's block at off + i * block) */
    long row_samples, row_bins; /* the longest run's series and PSD: the blocks' lengths */
    int n_kept;                 /* series columns stored (output.series_columns) */
    int kept[MD_COL_COUNT];     /* column c's place among them, -1 if left out */
    double *block;              /* one run's blocks: series, PSD, summary (table_len) */
    size_t table_len[T_COUNT];  /* values in a run's block of each table */
    /* The run in hand: series column-major [column][sample]. */
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

/* One character of a netCDF char array (NC_CHAR as netCDF-C writes it). */
static hid_t char_type(void) {
    hid_t t = H5Tcopy(H5T_C_S1);
    if (t >= 0 && H5Tset_strpad(t, H5T_STR_NULLPAD) < 0)
        close_id(&t, H5Tclose);
    return t;
}

/* Types, dataspaces and property lists shared by every object of the layout pass: creating
 * them per object cost about a sixth of the pass. */
typedef struct layout {
    hid_t vstr;     /* attribute type: variable-length UTF-8 string */
    hid_t scalar;   /* attribute space */
    hid_t dimlist;  /* DIMENSION_LIST element: variable-length list of object references */
    hid_t dim_dcpl; /* a dimension without a variable: no storage */
    hid_t ftype[K_COUNT], dcpl[K_COUNT];
    hid_t run_dcpl; /* the storage tables: allocated, not filled (fill_tables writes NaN) */
    md_cf_attrs series_cf[MD_COL_COUNT], psd_cf[PSD_COUNT]; /* per column, for every run */
} layout;

/* Scalar variable-length UTF-8 string attribute. */
static herr_t attr_str(const layout *L, hid_t loc, const char *name, const char *text) {
    hid_t a = H5Acreate2(loc, name, L->vstr, L->scalar, H5P_DEFAULT, H5P_DEFAULT);
    herr_t rc = a >= 0 ? H5Awrite(a, L->vstr, &text) : -1;
    close_id(&a, H5Aclose);
    return rc;
}

/* Scalar fixed-length string attribute, kept in the object's header: the variables' CF text
 * (netCDF's NC_CHAR attributes; no global-heap object each, as variable-length strings need) and
 * the dimension scales' CLASS and NAME, whose bytes netCDF readers compare. */
static herr_t attr_fixed(const layout *L, hid_t loc, const char *name, const char *text) {
    hid_t t = str_type(strlen(text) + 1), a = -1;
    herr_t rc = -1;
    if (t >= 0 && (a = H5Acreate2(loc, name, t, L->scalar, H5P_DEFAULT, H5P_DEFAULT)) >= 0)
        rc = H5Awrite(a, t, text);
    close_id(&a, H5Aclose);
    close_id(&t, H5Tclose);
    return rc;
}

static herr_t attr_i64(const layout *L, hid_t loc, const char *name, long long v) {
    hid_t a = H5Acreate2(loc, name, H5T_STD_I64LE, L->scalar, H5P_DEFAULT, H5P_DEFAULT);
    herr_t rc = a >= 0 ? H5Awrite(a, H5T_NATIVE_LLONG, &v) : -1;
    close_id(&a, H5Aclose);
    return rc;
}

/* Attribute name[n] of file type ftype from doubles (flag_values in the variable's own type). */
static herr_t attr_values(hid_t loc, const char *name, hid_t ftype, const double *v, int n) {
    hsize_t dim = (hsize_t)n;
    hid_t sp = H5Screate_simple(1, &dim, NULL), a = -1;
    herr_t rc = -1;
    if (sp >= 0 && (a = H5Acreate2(loc, name, ftype, sp, H5P_DEFAULT, H5P_DEFAULT)) >= 0)
        rc = H5Awrite(a, H5T_NATIVE_DOUBLE, v);
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

/* File type, memory type and fill value of each kind of column. */
static hid_t kind_type(kind k) {
    switch (k) {
    case K_I64:
        return H5Tcopy(H5T_STD_I64LE);
    case K_I32:
        return H5Tcopy(H5T_STD_I32LE);
    case K_U8:
        return H5Tcopy(H5T_STD_U8LE);
    case K_TEXT:
        return char_type();
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
    case K_U8:
        return H5Tcopy(H5T_NATIVE_UINT8);
    case K_TEXT:
        return char_type();
    case K_F64:
    default:
        return H5Tcopy(H5T_NATIVE_DOUBLE);
    }
}

static const void *kind_fill(kind k) {
    static const double nan_fill = NAN;
    static const long long zero64 = 0;
    static const int minus_one = -1;
    static const char zero8 = 0;
    return k == K_F64   ? (const void *)&nan_fill
           : k == K_I64 ? (const void *)&zero64
           : k == K_I32 ? (const void *)&minus_one
                        : (const void *)&zero8;
}

/* Dataset creation properties: contiguous storage allocated at creation and filled with *fill
 * (memory type mtype; NaN for floats, -1 for the rank column, 0/"" otherwise), so later raw
 * writes touch no metadata. */
static hid_t fill_dcpl(hid_t mtype, const void *fill) {
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    if (dcpl >= 0 &&
        (H5Pset_layout(dcpl, H5D_CONTIGUOUS) < 0 ||
         H5Pset_alloc_time(dcpl, H5D_ALLOC_TIME_EARLY) < 0 ||
         H5Pset_fill_time(dcpl, H5D_FILL_TIME_ALLOC) < 0 ||
         H5Pset_fill_value(dcpl, mtype, fill) < 0 || H5Pset_obj_track_times(dcpl, 0) < 0))
        close_id(&dcpl, H5Pclose);
    return dcpl;
}

static void layout_free(layout *L) {
    close_id(&L->vstr, H5Tclose);
    close_id(&L->scalar, H5Sclose);
    close_id(&L->dimlist, H5Tclose);
    close_id(&L->dim_dcpl, H5Pclose);
    close_id(&L->run_dcpl, H5Pclose);
    for (int k = 0; k < K_COUNT; k++) {
        close_id(&L->ftype[k], H5Tclose);
        close_id(&L->dcpl[k], H5Pclose);
    }
}

static md_status layout_init(layout *L, md_error *err) {
    L->vstr = str_type(0);
    L->scalar = H5Screate(H5S_SCALAR);
    L->dimlist = H5Tvlen_create(H5T_STD_REF_OBJ);
    L->dim_dcpl = H5Pcreate(H5P_DATASET_CREATE);
    L->run_dcpl = fill_dcpl(H5T_NATIVE_DOUBLE, kind_fill(K_F64));
    bool ok = L->vstr >= 0 && L->scalar >= 0 && L->dimlist >= 0 && L->dim_dcpl >= 0 &&
              L->run_dcpl >= 0 && H5Pset_obj_track_times(L->dim_dcpl, 0) >= 0 &&
              H5Pset_fill_time(L->run_dcpl, H5D_FILL_TIME_NEVER) >= 0;
    for (int k = 0; k < K_COUNT; k++) {
        hid_t mt = kind_mem_type((kind)k);
        L->ftype[k] = kind_type((kind)k);
        L->dcpl[k] = mt >= 0 ? fill_dcpl(mt, kind_fill((kind)k)) : -1;
        ok = ok && L->ftype[k] >= 0 && L->dcpl[k] >= 0;
        close_id(&mt, H5Tclose);
    }
    if (!ok)
        return h5_fail(err, "cannot set up the HDF5 types of the layout");
    md_status st = MD_OK;
    for (int c = 0; c < md_series_column_count && st == MD_OK; c++)
        st = md_cf_translate(md_series_columns[c].units, &L->series_cf[c], err);
    for (int c = 0; c < PSD_COUNT && st == MD_OK; c++)
        st = md_cf_translate(psd_fields[c].units, &L->psd_cf[c], err);
    return st;
}

/* Makes dataset d an HDF5 dimension scale named name, as H5DSset_scale does (without the
 * high-level library): the CLASS and NAME attributes readers look for. */
static herr_t mark_scale(const layout *L, hid_t d, const char *name) {
    return attr_fixed(L, d, "CLASS", "DIMENSION_SCALE") < 0 ? -1 : attr_fixed(L, d, "NAME", name);
}

/* A netCDF dimension with no variable of its own (a string length, a run's sample or bin axis):
 * an HDF5 dimension scale without storage, named as netCDF-4 names such scales. Its object
 * reference goes into *ref for the variables' DIMENSION_LIST. */
static herr_t make_dim(const layout *L, hid_t loc, const char *name, hsize_t len, hobj_ref_t *ref) {
    char label[96];
    snprintf(label, sizeof label, MD_H5_BARE_DIMENSION " %10llu", (unsigned long long)len);
    hid_t sp = H5Screate_simple(1, &len, NULL), d = -1;
    herr_t rc = -1;
    if (sp >= 0 &&
        (d = H5Dcreate2(loc, name, H5T_IEEE_F32BE, sp, H5P_DEFAULT, L->dim_dcpl, H5P_DEFAULT)) >=
            0 &&
        mark_scale(L, d, label) >= 0)
        rc = H5Rcreate(ref, loc, name, H5R_OBJECT, -1);
    close_id(&d, H5Dclose);
    close_id(&sp, H5Sclose);
    return rc;
}

/* The netCDF metadata of a variable: its dimensions (DIMENSION_LIST, one object reference per
 * axis; the scales' REFERENCE_LIST back-pointers are left out: no reader needs them and they
 * grow with every variable), CF units and flags, long_name and coordinates. */
static herr_t describe_var(const layout *L, hid_t d, kind k, const hobj_ref_t *dims, int rank,
                           const md_field_info *f, const md_cf_attrs *cf, const char *coords) {
    hobj_ref_t refs[3];
    hvl_t lists[3];
    hsize_t n = (hsize_t)rank;
    for (int i = 0; i < rank; i++) {
        refs[i] = dims[i];
        lists[i] = (hvl_t){1, &refs[i]};
    }
    hid_t sp = H5Screate_simple(1, &n, NULL), a = -1;
    herr_t rc = sp >= 0 ? 0 : -1;
    if (rc >= 0 &&
        (a = H5Acreate2(d, "DIMENSION_LIST", L->dimlist, sp, H5P_DEFAULT, H5P_DEFAULT)) >= 0)
        rc = H5Awrite(a, L->dimlist, lists);
    else
        rc = -1;
    close_id(&a, H5Aclose);
    close_id(&sp, H5Sclose);
    if (rc >= 0)
        rc = attr_fixed(L, d, "long_name", f->description);
    if (rc >= 0 && k == K_TEXT)
        rc = attr_fixed(L, d, "_Encoding", "utf-8");
    if (rc >= 0 && k != K_TEXT && cf)
        rc = attr_fixed(L, d, "units", cf->units);
    if (rc >= 0 && cf && cf->n_flags > 0 &&
        (attr_values(d, "flag_values", L->ftype[k], cf->flag_values, cf->n_flags) < 0 ||
         attr_fixed(L, d, "flag_meanings", cf->flag_meanings) < 0))
        rc = -1;
    if (rc >= 0 && coords && coords[0])
        rc = attr_fixed(L, d, "coordinates", coords);
    return rc;
}

/* Creates the variable name over dims (rank 1 to 3; a char array is [n][width]) with the
 * file type of kind k, creation properties dcpl and its netCDF metadata. Returns the open
 * dataset or -1. */
static hid_t make_var(const layout *L, hid_t loc, const char *name, kind k, hid_t dcpl,
                      const hsize_t *shape, const hobj_ref_t *dims, int rank,
                      const md_field_info *f, const md_cf_attrs *cf, const char *coords) {
    hid_t sp = H5Screate_simple(rank, shape, NULL), d = -1;
    if (sp >= 0)
        d = H5Dcreate2(loc, name, L->ftype[k], sp, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    if (d >= 0 && describe_var(L, d, k, dims, rank, f, cf, coords) < 0)
        close_id(&d, H5Dclose);
    close_id(&sp, H5Sclose);
    return d;
}

/* A group expected to hold n_links links (0: unknown, maybe many) with names of about
 * name_len bytes. A known, moderate number of links is kept compact, in the group's own
 * object header sized for them up front, instead of a fractal heap and B-tree of its own
 * ("dense" storage, the default above 8 links): fewer objects to create and to look up. */
static hid_t make_group(hid_t loc, const char *name, unsigned n_links, unsigned name_len) {
    hid_t gcpl = H5Pcreate(H5P_GROUP_CREATE), g = -1;
    herr_t rc = gcpl >= 0 ? H5Pset_obj_track_times(gcpl, 0) : -1;
    if (rc >= 0 && n_links > 0 && n_links <= MAX_COMPACT_LINKS) {
        if (n_links > 8)
            rc = H5Pset_link_phase_change(gcpl, n_links, n_links);
        if (rc >= 0)
            rc = H5Pset_est_link_info(gcpl, n_links, name_len);
    }
    if (rc >= 0)
        g = H5Gcreate2(loc, name, H5P_DEFAULT, gcpl, H5P_DEFAULT);
    close_id(&gcpl, H5Pclose);
    return g;
}

static bool model_has_summary(const char *name) {
    for (int i = 0; i < md_summary_field_count; i++)
        if (strcmp(md_summary_fields[i].name, name) == 0)
            return true;
    return false;
}

static void writer_release(md_h5 *h);

static md_h5 *writer_new(long n_runs, md_error *err) {
    md_h5 *h = calloc(1, sizeof *h);
    bool ok = h != NULL;
    if (ok) {
        h->comm = MPI_COMM_NULL;
        h->file = -1;
        h->fh = MPI_FILE_NULL;
        h->n_runs = n_runs;
        h->run_id = -1;
        for (int i = 0; i < X_COUNT; i++)
            h->extra_off[i] = -1;
        for (int k = 0; k < K_COUNT; k++) {
            h->ftype[k] = kind_type((kind)k);
            h->mtype[k] = kind_mem_type((kind)k);
            ok = ok && h->ftype[k] >= 0 && h->mtype[k] >= 0;
        }
    }
    if (!ok) {
        writer_release(h);
        md_error_set(err, MD_ERR_NOMEM, "HDF5 writer: out of memory for %ld runs", n_runs);
        return NULL;
    }
    return h;
}

static void writer_release(md_h5 *h) {
    if (!h)
        return;
    for (int k = 0; k < K_COUNT; k++) {
        close_id(&h->ftype[k], H5Tclose);
        close_id(&h->mtype[k], H5Tclose);
    }
    close_id(&h->file, H5Fclose);
    if (h->comm != MPI_COMM_NULL)
        MPI_Comm_free(&h->comm);
    free(h->block);
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

/* Byte offset of the raw data of dataset d, -1 if it has none (an empty one). */
static int64_t raw_offset(hid_t d) {
    haddr_t a = H5Dget_offset(d);
    H5Eclear2(H5E_DEFAULT);
    return a == HADDR_UNDEF ? -1 : (int64_t)a;
}

/* ---- layout ----------------------------------------------------------------------------- */

static unsigned mean_name_len(const md_field_info *f, int n) {
    size_t sum = 0;
    for (int i = 0; i < n; i++)
        sum += strlen(f[i].name);
    return n > 0 ? (unsigned)(sum / (size_t)n) + 1 : 8;
}

/* File access of the serial layout pass.
 * - Format of HDF5 1.8 (object header v2, links kept in the group's header, compact
 *   attributes): smaller headers and fewer objects than the 1.0 format HDF5 writes by
 *   default; objects of 1.10 only where they are needed (the virtual datasets). Not the 1.10
 *   superblock (v3): it records every read-write open, and a file cut by kill -9 would then
 *   refuse to open until h5clear'ed, breaking --resume. Readable by HDF5 >= 1.10 (h5py,
 *   h5dump, HDFView, netCDF-C).
 * - Metadata and small raw data allocated from 64 KiB blocks instead of 2 KiB ones: the
 *   headers stay together ahead of the large arrays and have room to grow in place. */
static hid_t layout_fapl(void) {
    enum { BLOCK = 64 << 10 };
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (fapl >= 0 &&
        (H5Pset_libver_bounds(fapl, H5F_LIBVER_V18, H5F_LIBVER_V110) < 0 ||
         H5Pset_meta_block_size(fapl, BLOCK) < 0 || H5Pset_small_data_block_size(fapl, BLOCK) < 0))
        close_id(&fapl, H5Pclose);
    return fapl;
}

/* The ref of /summary/strlen<width>, the dimension of char arrays of that width (made once). */
static herr_t text_dim(const layout *L, hid_t g, int width, hobj_ref_t *ref) {
    char name[32];
    snprintf(name, sizeof name, "strlen%d", width);
    htri_t e = H5Lexists(g, name, H5P_DEFAULT);
    if (e < 0)
        return -1;
    return e > 0 ? H5Rcreate(ref, g, name, H5R_OBJECT, -1)
                 : make_dim(L, g, name, (hsize_t)width, ref);
}

/* Bytes of a value of varying parameter p as text (the longest, at least 1), 0 if numeric. */
static int param_width(const md_h5_sweep *sw, int p) {
    const md_h5_param *pp = &sw->params[p];
    size_t width = pp->strings ? 1 : 0;
    for (long i = 0; pp->strings && i < sw->n_runs; i++)
        width = strlen(pp->strings[i]) > width ? strlen(pp->strings[i]) : width;
    return (int)width;
}

/* <group>/run: the run dimension's coordinate, the run ids 0..n-1. */
static md_status create_run_coordinate(const layout *L, hid_t g, long n_runs, hobj_ref_t *ref,
                                       md_error *err) {
    static const md_field_info f = {"run", "1", "run id: position in the manifest's expansion"};
    long long *ids = malloc(((size_t)n_runs + 1) * sizeof *ids);
    hsize_t n = (hsize_t)n_runs;
    hid_t sp = H5Screate_simple(1, &n, NULL), d = -1;
    md_status st = MD_OK;
    for (long i = 0; ids && i < n_runs; i++)
        ids[i] = i;
    if (!ids || sp < 0 ||
        (d = H5Dcreate2(g, "run", L->ftype[K_I64], sp, H5P_DEFAULT, L->dcpl[K_I64], H5P_DEFAULT)) <
            0 ||
        H5Dwrite(d, H5T_NATIVE_LLONG, H5S_ALL, H5S_ALL, H5P_DEFAULT, ids) < 0 ||
        mark_scale(L, d, "run") < 0 || attr_fixed(L, d, "long_name", f.description) < 0 ||
        attr_fixed(L, d, "units", f.units) < 0 || H5Rcreate(ref, g, "run", H5R_OBJECT, -1) < 0)
        st = h5_fail(err, "cannot create %s", "/summary/run");
    close_id(&d, H5Dclose);
    close_id(&sp, H5Sclose);
    free(ids);
    return st;
}

/* Writes text[n] (NULL: leave the fill, "") into the char array d of width bytes per value. */
static herr_t write_texts(hid_t d, const char *const *text, long n, int width) {
    enum { ROWS = 1 << 14 }; /* a block of rows at a time: a million runs' hashes are 128 MB */
    if (!text)
        return 0;
    const long rows = n < ROWS ? n : ROWS;
    char *packed = malloc(((size_t)rows + 1) * (size_t)width);
    hid_t ct = char_type(), fs = H5Dget_space(d), ms = -1;
    herr_t rc = packed && ct >= 0 && fs >= 0 ? 0 : -1;
    for (long first = 0; rc >= 0 && first < n; first += rows) {
        const long k = n - first < rows ? n - first : rows;
        hsize_t start[2] = {(hsize_t)first, 0}, count[2] = {(hsize_t)k, (hsize_t)width};
        memset(packed, 0, (size_t)k * (size_t)width);
        for (long i = 0; i < k; i++)
            memcpy(packed + (size_t)i * (size_t)width, text[first + i],
                   strnlen(text[first + i], (size_t)width));
        if ((ms = H5Screate_simple(2, count, NULL)) < 0 ||
            H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, count, NULL) < 0 ||
            H5Dwrite(d, ct, ms, fs, H5P_DEFAULT, packed) < 0)
            rc = -1;
        close_id(&ms, H5Sclose);
    }
    close_id(&fs, H5Sclose);
    close_id(&ct, H5Tclose);
    free(packed);
    return rc;
}

/* A variable of run group g (path gname) indexed by run: numbers [run], or text
 * [run][strlen<width>] (width > 0), filled with values or texts when given (else left at its
 * fill, for the ranks to write). */
static md_status run_var(const layout *L, hid_t g, const char *gname, const hobj_ref_t *run,
                         const md_field_info *f, kind k, int width, long n_runs, const char *coords,
                         const double *values, const char *const *texts, md_error *err) {
    hobj_ref_t dims[2] = {*run, 0};
    hsize_t shape[2] = {(hsize_t)n_runs, (hsize_t)width};
    md_cf_attrs cf;
    md_status st = k == K_TEXT ? MD_OK : md_cf_translate(f->units, &cf, err);
    hid_t d = -1;
    if (st == MD_OK &&
        ((k == K_TEXT && text_dim(L, g, width, &dims[1]) < 0) ||
         (d = make_var(L, g, f->name, k, L->dcpl[k], shape, dims, k == K_TEXT ? 2 : 1, f,
                       k == K_TEXT ? NULL : &cf, coords)) < 0 ||
         write_texts(d, texts, n_runs, width) < 0 ||
         (values && H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values) < 0)))
        st = h5_fail(err, "cannot create /%s/%s", gname, f->name);
    close_id(&d, H5Dclose);
    return st;
}

/* Blank-separated: `first` (may be NULL) and the varying parameters' keys, the `coordinates` of
 * a variable indexed by run, so xarray makes them coordinates of the run dimension. NULL if out
 * of memory. */
static char *run_coordinates(const md_h5_sweep *sw, const char *first) {
    size_t len = (first ? strlen(first) : 0) + 1;
    for (int p = 0; p < sw->n_params; p++)
        len += strlen(sw->params[p].key) + 1;
    char *c = calloc(len, 1);
    if (c && first)
        strcpy(c, first);
    for (int p = 0; c && p < sw->n_params; p++)
        strcat(strcat(c, c[0] ? " " : ""), sw->params[p].key);
    return c;
}

/* Group name of the file, a netCDF group indexed by run (sized for n_links more links with
 * names of about name_len bytes): the run coordinate and the varying parameters. */
static md_status create_run_group(const layout *L, hid_t file, const char *name, unsigned n_links,
                                  unsigned name_len, const md_h5_sweep *sw, hid_t *g,
                                  hobj_ref_t *run, md_error *err) {
    *g = make_group(file, name, n_links + (unsigned)sw->n_params + 4, name_len);
    md_status st = *g < 0 ? h5_fail(err, "cannot create /%s", name)
                          : create_run_coordinate(L, *g, sw->n_runs, run, err);
    for (int p = 0; p < sw->n_params && st == MD_OK; p++) {
        const md_h5_param *pp = &sw->params[p];
        char desc[256];
        snprintf(desc, sizeof desc, "parameter %s of each run (it varies across the sweep)",
                 pp->key);
        md_field_info f = {pp->key, pp->units ? pp->units : "", desc};
        st = run_var(L, *g, name, run, &f, pp->strings ? K_TEXT : K_F64, param_width(sw, p),
                     sw->n_runs, NULL, pp->values, pp->strings, err);
    }
    return st;
}

/* What the layout needs to know of the storage tables: each one's shape (run first) and the
 * place of each stored series column among the table's columns. */
typedef struct storage {
    hsize_t shape[T_COUNT][3];
    int rank[T_COUNT];
    int kept[MD_COL_COUNT]; /* -1: left out */
} storage;

static storage storage_of(const md_h5_sweep *sw) {
    storage st = {.rank = {3, 3, 2}};
    hsize_t n = (hsize_t)sw->n_runs, kept = 0;
    for (int c = 0; c < MD_COL_COUNT; c++)
        st.kept[c] = !sw->series_keep || sw->series_keep[c] ? (int)kept++ : -1;
    const hsize_t shapes[T_COUNT][3] = {{n, kept, (hsize_t)sw->n_samples},
                                        {n, PSD_COUNT, (hsize_t)sw->n_bins},
                                        {n, (hsize_t)md_summary_field_count, 0}};
    memcpy(st.shape, shapes, sizeof shapes);
    return st;
}

/* A virtual dataset name in loc of file type double over dims: slice `index` of the second
 * axis of the storage table t (its other axes whole), NaN where it maps nothing. */
static hid_t make_view(const layout *L, hid_t loc, const char *name, const storage *S, int t,
                       hsize_t index, const hobj_ref_t *dims, const md_field_info *f,
                       const md_cf_attrs *cf, const char *coords) {
    const int src_rank = S->rank[t], rank = src_rank - 1;
    hsize_t start[3] = {0, index, 0}, count[3] = {S->shape[t][0], 1, S->shape[t][2]};
    hsize_t shape[2] = {S->shape[t][0], S->shape[t][2]};
    char source[32];
    snprintf(source, sizeof source, "/storage/%s", table_names[t]);
    hid_t dcpl = fill_dcpl(H5T_NATIVE_DOUBLE, kind_fill(K_F64)), d = -1;
    hid_t src = H5Screate_simple(src_rank, S->shape[t], NULL), vsp = -1;
    if (dcpl >= 0 && src >= 0 && H5Pset_layout(dcpl, H5D_VIRTUAL) >= 0 &&
        H5Sselect_hyperslab(src, H5S_SELECT_SET, start, NULL, count, NULL) >= 0 &&
        (vsp = H5Screate_simple(rank, shape, NULL)) >= 0 &&
        H5Pset_virtual(dcpl, vsp, ".", source, src) >= 0)
        d = H5Dcreate2(loc, name, L->ftype[K_F64], vsp, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    if (d >= 0 && describe_var(L, d, K_F64, dims, rank, f, cf, coords) < 0)
        close_id(&d, H5Dclose);
    close_id(&vsp, H5Sclose);
    close_id(&src, H5Sclose);
    close_id(&dcpl, H5Pclose);
    return d;
}

/* /summary: the run coordinate, the varying parameters (as coordinates), the model's summary
 * values (views of /storage/summary), the bookkeeping columns, the status, error and parameter
 * hash of every run. */
static md_status create_summary(const layout *L, hid_t file, const md_h5_sweep *sw,
                                const storage *S, md_error *err) {
    const long n = sw->n_runs;
    hid_t g = -1;
    hobj_ref_t run;
    char *coords = run_coordinates(sw, NULL);
    md_status st =
        !coords ? md_error_set(err, MD_ERR_NOMEM, "no memory for /summary")
                : create_run_group(L, file, "summary", (unsigned)(md_summary_field_count + X_COUNT),
                                   mean_name_len(md_summary_fields, md_summary_field_count), sw, &g,
                                   &run, err);
    for (int i = 0; i < md_summary_field_count && st == MD_OK; i++) {
        const md_field_info *f = &md_summary_fields[i];
        md_cf_attrs cf;
        hid_t d = -1;
        if ((st = md_cf_translate(f->units, &cf, err)) == MD_OK &&
            (d = make_view(L, g, f->name, S, T_SUMMARY, (hsize_t)i, &run, f, &cf, coords)) < 0)
            st = h5_fail(err, "cannot create /summary/%s", f->name);
        close_id(&d, H5Dclose);
    }
    for (int x = 0; x < X_COUNT && st == MD_OK; x++) {
        const extra_field *e = &extra_fields[x];
        if (!model_has_summary(e->info.name))
            st = run_var(L, g, "summary", &run, &e->info, e->kind, e->width, n, coords, NULL,
                         x == X_PARAM_HASH ? sw->param_hash : NULL, err);
    }
    free(coords);
    close_id(&g, H5Gclose);
    return st;
}

/* /storage: the tables every run's series, PSD and summary values are written into, with the
 * netCDF dimensions they need. Their raw offsets go into off[T_COUNT]. */
static md_status create_storage(const layout *L, hid_t file, const storage *S, int64_t *off,
                                md_error *err) {
    static const char *const dim_names[T_COUNT][3] = {
        {"run", "column", "sample"}, {"run", "quantity", "bin"}, {"run", "field", NULL}};
    static const md_field_info info[T_COUNT] = {
        {"series", "", "every run's series, column by column: read them as /series/<column>"},
        {"psd", "", "every run's PSD arrays: read them as /psd/<name>"},
        {"summary", "", "every run's summary values: read them as /summary/<name>"}};
    hid_t g = make_group(file, "storage", 16, 8);
    md_status st = g < 0 ? h5_fail(err, "cannot create /storage") : MD_OK;
    hobj_ref_t run;
    if (st == MD_OK && make_dim(L, g, "run", S->shape[T_SERIES][0], &run) < 0)
        st = h5_fail(err, "cannot create /storage/run");
    for (int t = 0; t < T_COUNT && st == MD_OK; t++) {
        hobj_ref_t dims[3] = {run, 0, 0};
        for (int a = 1; a < S->rank[t] && st == MD_OK; a++) /* names differ between tables */
            if (make_dim(L, g, dim_names[t][a], S->shape[t][a], &dims[a]) < 0)
                st = h5_fail(err, "cannot create /storage/%s", dim_names[t][a]);
        hid_t d = st == MD_OK ? make_var(L, g, info[t].name, K_F64, L->run_dcpl, S->shape[t], dims,
                                         S->rank[t], &info[t], NULL, NULL)
                              : -1;
        if (st == MD_OK && d < 0)
            st = h5_fail(err, "cannot create /storage/%s", info[t].name);
        off[t] = d >= 0 ? raw_offset(d) : -1;
        close_id(&d, H5Dclose);
    }
    close_id(&g, H5Gclose);
    return st;
}

/* One of the groups of per-run arrays (/series, /psd): the run coordinate, the varying
 * parameters, a dimension `axis` of len (the longest run's series or PSD) and a view [run][axis]
 * per column of fields[n] that S stores (kept, for the series), fields[coord] (time, s) the
 * others' coordinate. A run's row is NaN beyond its own length. */
typedef struct array_group {
    const char *name, *axis;
    int table;
    const md_field_info *fields;
    const md_cf_attrs *cf;
    int n, coord;
} array_group;

static md_status create_arrays(const layout *L, hid_t file, const md_h5_sweep *sw, const storage *S,
                               const array_group *a, md_error *err) {
    hid_t g = -1;
    hobj_ref_t dims[2];
    const int *kept = a->table == T_SERIES ? S->kept : NULL;
    bool coord_kept = !kept || kept[a->coord] >= 0;
    char *coords = run_coordinates(sw, coord_kept ? a->fields[a->coord].name : NULL),
         *params = run_coordinates(sw, NULL);
    md_status st = !coords || !params
                       ? md_error_set(err, MD_ERR_NOMEM, "no memory for /%s", a->name)
                       : create_run_group(L, file, a->name, (unsigned)a->n + 1,
                                          mean_name_len(a->fields, a->n), sw, &g, &dims[0], err);
    if (st == MD_OK && make_dim(L, g, a->axis, S->shape[a->table][2], &dims[1]) < 0)
        st = h5_fail(err, "cannot create /%s/%s", a->name, a->axis);
    for (int c = 0; c < a->n && st == MD_OK; c++) {
        if (kept && kept[c] < 0)
            continue;
        const md_field_info *f = &a->fields[c];
        hid_t d = make_view(L, g, f->name, S, a->table, (hsize_t)(kept ? kept[c] : c), dims, f,
                            &a->cf[c], c == a->coord ? params : coords);
        if (d < 0)
            st = h5_fail(err, "cannot create /%s/%s", a->name, f->name);
        close_id(&d, H5Dclose);
    }
    free(params);
    free(coords);
    close_id(&g, H5Gclose);
    return st;
}

/* Writes NaN over the storage tables (off[t], bytes[t]; pending runs and the blocks' tails
 * beyond a run's length read NaN, as the fill value says) in a few large writes, instead of
 * HDF5's fill at allocation writing element by element. */
static md_status fill_tables(const char *path, const md_h5_sweep *sw, const int64_t *off,
                             const double *bytes, md_error *err) {
    enum { CHUNK = 8192 };
    static double nan_block[CHUNK];
    for (int i = 0; i < CHUNK; i++)
        nan_block[i] = NAN;
    if (H5Tconvert(H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE, CHUNK, nan_block, NULL, H5P_DEFAULT) < 0)
        return h5_fail(err, "cannot convert NaN to the file's type");
    int fd = open(path, O_WRONLY);
    md_status st = fd < 0 ? md_error_set(err, MD_ERR_IO, "cannot open %s to fill it: %s", path,
                                         strerror(errno))
                          : MD_OK;
    for (int t = 0; t < T_COUNT && st == MD_OK; t++) {
        const size_t total = off[t] < 0 ? 0 : (size_t)bytes[t];
        for (size_t done = 0; done < total && st == MD_OK;) {
            size_t n = total - done < sizeof nan_block ? total - done : sizeof nan_block;
            ssize_t w = pwrite(fd, nan_block, n, (off_t)(off[t] + (int64_t)done));
            if (w <= 0)
                st = md_error_set(err, MD_ERR_IO, "cannot fill %s: %s", path,
                                  w < 0 ? strerror(errno) : "short write");
            else
                done += (size_t)w;
            if (st == MD_OK && sw->stop && *sw->stop && done % ((size_t)1 << 26) < n)
                st = md_error_set(err, MD_ERR_STOPPED, "stopped by a signal while filling %s",
                                  path); /* the temporary is removed */
        }
    }
    if (fd >= 0 && close(fd) != 0 && st == MD_OK)
        st = md_error_set(err, MD_ERR_IO, "cannot close %s: %s", path, strerror(errno));
    return st;
}

/* Builds the whole layout in file path serially (POSIX driver), closes it and fills the storage
 * tables with NaN, so that every byte of metadata is written before any rank opens it for raw
 * writes. Its objects do not depend on the number of runs (one view per column, each indexed
 * by run, over three tables), so it takes milliseconds, plus writing the NaN. */
static md_status build_layout(const char *path, const md_h5_sweep *sw, md_error *err) {
    char created[32];
    utc_now(created, sizeof created);
    layout L;
    md_status st = layout_init(&L, err); /* sets every handle, even when it fails */
    hid_t fapl = layout_fapl(), file = -1;
    const storage S = storage_of(sw);
    int64_t off[T_COUNT] = {-1, -1, -1};
    double bytes[T_COUNT];
    for (int t = 0; t < T_COUNT; t++)
        bytes[t] = 8.0 * (double)S.shape[t][0] * (double)S.shape[t][1] *
                   (double)(S.rank[t] == 3 ? S.shape[t][2] : 1);
    if (st == MD_OK && fapl < 0)
        st = h5_fail(err, "cannot set up the layout of %s", path);
    if (st != MD_OK)
        goto done;
    if ((file = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, fapl)) < 0) {
        st = h5_fail(err, "cannot create %s", path);
        goto done;
    }
    if (attr_str(&L, file, "format", MD_H5_FORMAT) < 0 ||
        attr_i64(&L, file, "format_version", MD_H5_FORMAT_VERSION) < 0 ||
        attr_str(&L, file, "program_version", sw->program_version) < 0 ||
        attr_str(&L, file, "manifest", sw->manifest_json) < 0 ||
        attr_str(&L, file, "manifest_hash", sw->manifest_hash) < 0 ||
        attr_i64(&L, file, "n_runs", sw->n_runs) < 0 ||
        attr_str(&L, file, "output_layout", sw->output_layout ? sw->output_layout : "") < 0 ||
        attr_str(&L, file, "Conventions", "CF-1.8") < 0 ||
        attr_str(&L, file, "created_utc", created) < 0) {
        st = h5_fail(err, "cannot write the root attributes of %s", path);
        goto done;
    }
    const array_group series = {"series",    "sample",     T_SERIES,   md_series_columns,
                                L.series_cf, MD_COL_COUNT, MD_COL_TIME},
                      psd = {"psd", "bin", T_PSD, psd_fields, L.psd_cf, PSD_COUNT, 0};
    if ((st = create_storage(&L, file, &S, off, err)) == MD_OK &&
        (st = create_summary(&L, file, sw, &S, err)) == MD_OK &&
        (st = create_arrays(&L, file, sw, &S, &series, err)) == MD_OK)
        st = create_arrays(&L, file, sw, &S, &psd, err);
done:
    /* A failed layout is deleted anyway. Empty it before the close: HDF5 1.10 leaves a file whose
     * close failed (ENOSPC while flushing) half-released and crashes on it at exit, so the close
     * must succeed, and on a full disk the space this file took is what lets it flush. */
    if (file >= 0 && st != MD_OK)
        (void)truncate(path, 0);
    if (file >= 0 && H5Fclose(file) < 0 && st == MD_OK)
        st = h5_fail(err, "cannot close %s after creating its layout", path);
    if (file >= 0 && st == MD_OK)
        st = fill_tables(path, sw, off, bytes, err);
    close_id(&fapl, H5Pclose);
    layout_free(&L);
    return st;
}

/* Builds the layout in a temporary file next to path (md_h5tmp.h) and renames it to path only
 * once it is complete, closed and on disk: HDF5 writes metadata in no fixed order, so a file
 * cut while its layout was built could look whole. Until the rename, path keeps what it held
 * (nothing, or the file --force replaces); on failure the temporary is removed. */
static md_status build_output(const char *path, const md_h5_sweep *sw, md_error *err) {
    char tmp[MD_H5TMP_NAME_MAX];
    md_status st = md_h5tmp_name(path, tmp, sizeof tmp, err);
    if (st == MD_OK && (st = build_layout(tmp, sw, err)) != MD_OK)
        remove(tmp); /* whatever HDF5 created before it failed */
    if (st == MD_OK)
        st = md_h5tmp_commit(tmp, path, sw->stop, err);
    if (st != MD_OK)
        md_error_prefix(err, "cannot create %s", path);
    return st;
}

/* Opens path through MPI-IO on every rank of comm, for raw writes. */
static md_status open_file(md_h5 *h, const char *path, MPI_Comm comm, md_error *err) {
    hid_t fapl = mpio_fapl(comm);
    void *fh = NULL;
    if (fapl >= 0)
        h->file = H5Fopen(path, H5F_ACC_RDWR, fapl);
    close_id(&fapl, H5Pclose);
    if (h->file < 0 || H5Fget_vfd_handle(h->file, H5P_DEFAULT, &fh) < 0 || !fh)
        return h5_fail(err, "cannot open %s for writing", path);
    h->fh = *(MPI_File *)fh;
    return MD_OK;
}

static md_status locate_columns(md_h5 *h, md_error *err);

/* Collective: a duplicate of comm for the writer, or MPI_COMM_NULL with err set. */
static MPI_Comm own_comm(MPI_Comm comm, md_error *err) {
    MPI_Comm own = MPI_COMM_NULL;
    if (MPI_Comm_dup(comm, &own) != MPI_SUCCESS) {
        md_error_set(err, MD_ERR_MPI, "cannot duplicate the communicator for the writer");
        return MPI_COMM_NULL;
    }
    return own;
}

md_h5 *md_h5_create(const char *path, MPI_Comm caller_comm, const md_h5_sweep *sw, md_error *err) {
    quiet_hdf5();
    md_error_clear(err);
    MPI_Comm comm = own_comm(caller_comm, err);
    if (comm == MPI_COMM_NULL)
        return NULL;
    int rank = 0;
    MPI_Comm_rank(comm, &rank);
    md_h5 *h = writer_new(sw->n_runs, err);
    if (h) /* else comm still serves this rank's part of the agreement below */
        h->comm = comm;
    int st = h ? MD_OK : (int)err->status, all = MD_OK;
    if (rank == 0 && h)
        st = (int)build_output(path, sw, err);
    /* The others wait without spinning (Open MPI busy-polls in a blocking call), so rank 0
     * keeps its core even where ranks share cores, and open path only after its rename. */
    MPI_Request req;
    MPI_Iallreduce(&st, &all, 1, MPI_INT, MPI_MAX, comm, &req);
    for (int done = 0; MPI_Test(&req, &done, MPI_STATUS_IGNORE) == MPI_SUCCESS && !done;)
        nanosleep(&(struct timespec){0, 1000000}, NULL);
    if (all == MD_OK && (st = open_file(h, path, comm, err)) == MD_OK)
        st = locate_columns(h, err);
    if (all != MD_OK || st != MD_OK) {
        if (st == MD_OK)
            md_error_set(err, (md_status)all, "rank 0 could not create %s", path);
        if (h)
            writer_release(h); /* frees comm with it */
        else
            MPI_Comm_free(&comm);
        return NULL;
    }
    return h;
}

/* ---- size estimate ------------------------------------------------------------------------ */

/* Metadata per object of the layout, bytes, fitted to real files (quickstart: 6 runs, 416 kB;
 * bench/sweep_many.json: 200 runs, 2.01 MB): the estimates came within 1 % of each. HDF5
 * allocates metadata in 64 KiB blocks (layout_fapl), hence the fixed part. */
enum {
    META_FILE = 59000,   /* superblock, root and groups, root attributes, /storage */
    META_VARIABLE = 462, /* a variable's header and attributes (units, long_name, ...) */
};

/* Bytes of one row of the series and PSD arrays: a run's share of them. */
static double row_bytes(const md_h5_sweep *sw, long *n_arrays) {
    const long kept = (long)storage_of(sw).shape[T_SERIES][1]; /* series columns stored */
    *n_arrays = kept + PSD_COUNT;
    return 8.0 * ((double)kept * (double)sw->n_samples + (double)PSD_COUNT * (double)sw->n_bins);
}

double md_h5_estimate_bytes(const md_h5_sweep *sw, long run) {
    long n_arrays = 0;
    double row = row_bytes(sw, &n_arrays);
    if (run >= 0)
        return row;
    double per_run = row + 8.0 * md_summary_field_count + 3 * 8.0; /* + 3 run coordinates */
    for (int x = 0; x < X_COUNT; x++)
        per_run += extra_fields[x].kind == K_TEXT  ? extra_fields[x].width
                   : extra_fields[x].kind == K_U8  ? 1
                   : extra_fields[x].kind == K_I32 ? 4
                                                   : 8;
    for (int p = 0; p < sw->n_params; p++) /* in each of the 3 groups */
        per_run += 3.0 * (sw->params[p].strings ? param_width(sw, p) : 8);
    return META_FILE + per_run * (double)sw->n_runs +
           (double)META_VARIABLE *
               (double)(md_summary_field_count + X_COUNT + 3 * sw->n_params + n_arrays);
}

/* ---- existing files ----------------------------------------------------------------------- */

/* The root attributes every version has, and that this one is ours and of this version. */
static md_status check_root(hid_t file, const char *path, long *n_runs, md_error *err) {
    char format[64] = "";
    long long n = 0, version = 0;
    if (read_attr_str(file, "format", format, sizeof format) < 0 ||
        strcmp(format, MD_H5_FORMAT) != 0) {
        H5Eclear2(H5E_DEFAULT);
        return md_error_set(err, MD_ERR_IO, "%s is not a marsdisk-sweep output file", path);
    }
    if (read_attr_i64(file, "format_version", &version) < 0 ||
        read_attr_i64(file, "n_runs", &n) < 0)
        return h5_fail(err, "cannot read the root attributes of %s", path);
    if (version != MD_H5_FORMAT_VERSION)
        return md_error_set(err, MD_ERR_CONFIG,
                            "%s is in format_version %lld, this program writes %d: it cannot "
                            "continue it (finish it with the program that began it, or start "
                            "again with --force)",
                            path, version, MD_H5_FORMAT_VERSION);
    *n_runs = (long)n;
    return MD_OK;
}

/* Compares /summary/param_hash of file with param_hash[n_runs]; *differs: first other run. */
static md_status same_runs(hid_t file, const char *path, long n_runs, const char *const *param_hash,
                           long *differs, md_error *err) {
    hid_t d = H5Dopen2(file, "summary/param_hash", H5P_DEFAULT), ct = char_type();
    char *hashes = malloc(((size_t)n_runs + 1) * MD_H5_HASH_LEN);
    md_status st = MD_OK;
    if (d < 0 || ct < 0 || !hashes || H5Dread(d, ct, H5S_ALL, H5S_ALL, H5P_DEFAULT, hashes) < 0)
        st = h5_fail(err, "cannot read /summary/param_hash of %s", path);
    for (long i = 0; st == MD_OK && i < n_runs; i++) {
        const char *mine = param_hash[i], *theirs = hashes + (size_t)i * MD_H5_HASH_LEN;
        if (strncmp(mine, theirs, MD_H5_HASH_LEN) != 0) {
            *differs = i;
            st = md_error_set(err, MD_ERR_CONFIG,
                              "run %06ld of %s has other parameters than run %06ld of the "
                              "manifest (parameter hash %.*s in the file, %s in the manifest)",
                              i, path, i, (int)strnlen(theirs, MD_H5_HASH_LEN), theirs, mine);
        }
    }
    free(hashes);
    close_id(&ct, H5Tclose);
    close_id(&d, H5Dclose);
    return st;
}

md_status md_h5_probe(const char *path, const char *output_layout, long n_runs,
                      const char *const *param_hash, long *differs, md_error *err) {
    quiet_hdf5();
    *differs = -1;
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (file < 0)
        return h5_fail(err, "cannot open %s as HDF5", path);
    long file_runs = 0;
    char layout_in_file[256] = "";
    md_status st = check_root(file, path, &file_runs, err);
    if (st == MD_OK &&
        (read_attr_str(file, "output_layout", layout_in_file, sizeof layout_in_file) < 0 ||
         strcmp(layout_in_file, output_layout ? output_layout : "") != 0))
        st = md_error_set(err, MD_ERR_CONFIG, "%s was laid out with %s, the manifest asks for %s",
                          path, layout_in_file, output_layout ? output_layout : "");
    if (st == MD_OK && file_runs != n_runs)
        st = md_error_set(err, MD_ERR_CONFIG, "%s holds %ld runs, the manifest has %ld", path,
                          file_runs, n_runs);
    if (st == MD_OK)
        st = same_runs(file, path, n_runs, param_hash, differs, err);
    H5Fclose(file);
    return st;
}

/* Offset of dataset path's raw data into *off (-1 if it has none) and its shape into dim[3]
 * (axes it lacks stay 1). Returns its rank, or -1 if there is no such dataset. */
static int locate(hid_t file, const char *path, int64_t *off, hsize_t dim[3]) {
    hid_t d = H5Dopen2(file, path, H5P_DEFAULT), sp = -1;
    int rank = -1;
    dim[0] = dim[1] = dim[2] = 1;
    if (d >= 0 && (sp = H5Dget_space(d)) >= 0 && H5Sget_simple_extent_ndims(sp) <= 3) {
        rank = H5Sget_simple_extent_dims(sp, dim, NULL);
        *off = raw_offset(d);
    }
    close_id(&sp, H5Sclose);
    close_id(&d, H5Dclose);
    return rank;
}

/* Finds the storage tables (where each lies, the blocks' lengths) and which series columns the
 * file stores (those that /series has). The sample and bin dimensions are not opened: parallel
 * HDF5 allocates the storage of a dataset without any when a rank opens it for writing, and the
 * ranks' views of the file would part (a hang at close). Sizes the write buffer. */
static md_status locate_tables(md_h5 *h, md_error *err) {
    char path[160];
    h->n_kept = 0;
    for (int c = 0; c < MD_COL_COUNT; c++) {
        snprintf(path, sizeof path, "series/%s", md_series_columns[c].name);
        htri_t e = H5Lexists(h->file, path, H5P_DEFAULT);
        if (e < 0)
            return h5_fail(err, "cannot look up /%s", path);
        h->kept[c] = e > 0 ? h->n_kept++ : -1;
    }
    const long columns[T_COUNT] = {h->n_kept, PSD_COUNT, md_summary_field_count};
    size_t total = 0;
    for (int t = 0; t < T_COUNT; t++) {
        hsize_t dim[3];
        snprintf(path, sizeof path, "storage/%s", table_names[t]);
        if (locate(h->file, path, &h->table_off[t], dim) != (t == T_SUMMARY ? 2 : 3) ||
            (long)dim[0] != h->n_runs || (long)dim[1] != columns[t])
            return h5_fail(err, "output file lacks /%s of %ld runs (written by another version?)",
                           path, h->n_runs);
        if (t == T_SERIES)
            h->row_samples = (long)dim[2];
        if (t == T_PSD)
            h->row_bins = (long)dim[2];
        h->table_len[t] = (size_t)dim[1] * (size_t)dim[2];
        total += h->table_len[t];
    }
    if (!(h->block = malloc((total + 1) * sizeof *h->block)))
        return md_error_set(err, MD_ERR_NOMEM, "no memory for a run's rows");
    return MD_OK;
}

/* Finds the bookkeeping columns of /summary, the completion mark and error among them, and the
 * storage tables. */
static md_status locate_columns(md_h5 *h, md_error *err) {
    char path[256];
    for (int x = 0; x < X_COUNT; x++) {
        const char *name = extra_fields[x].info.name;
        hsize_t dim[3];
        if (model_has_summary(name))
            continue;
        snprintf(path, sizeof path, "summary/%s", name);
        int rank = locate(h->file, path, &h->extra_off[x], dim);
        if (rank < 1 || rank > 2 || (long)dim[0] != h->n_runs)
            return h5_fail(err, "output file lacks /%s of %ld values (written by another version?)",
                           path, h->n_runs);
    }
    return locate_tables(h, err);
}

md_h5 *md_h5_open(const char *path, MPI_Comm caller_comm, long n_runs, uint8_t *status,
                  md_error *err) {
    quiet_hdf5();
    MPI_Comm comm = own_comm(caller_comm, err);
    if (comm == MPI_COMM_NULL)
        return NULL;
    md_h5 *h = writer_new(n_runs, err);
    if (!h) {
        MPI_Comm_free(&comm);
        return NULL;
    }
    h->comm = comm; /* freed with h */
    long file_runs = 0;
    hid_t d = -1;
    md_status st = open_file(h, path, comm, err);
    if (st == MD_OK)
        st = check_root(h->file, path, &file_runs, err);
    if (st == MD_OK && file_runs != n_runs)
        st = md_error_set(err, MD_ERR_CONFIG, "%s holds %ld runs, the manifest has %ld", path,
                          file_runs, n_runs);
    if (st == MD_OK)
        st = locate_columns(h, err);
    if (st == MD_OK && ((d = H5Dopen2(h->file, "summary/status", H5P_DEFAULT)) < 0 ||
                        H5Dread(d, H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, status) < 0))
        st = h5_fail(err, "cannot read /summary/status of %s", path);
    close_id(&d, H5Dclose);
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

/* Writes len bytes at byte offset off of the file, independently: MPI_File_write_at, as HDF5's
 * own MPI-IO driver would, with no cache in between (in pieces that an int counts). */
static md_status put(md_h5 *h, int64_t off, const void *buf, size_t len, const char *what,
                     md_error *err) {
    const char *p = buf;
    for (size_t left = len; left > 0;) {
        int n = left > (size_t)1 << 30 ? 1 << 30 : (int)left, done = 0;
        MPI_Status ms;
        int rc = MPI_File_write_at(h->fh, (MPI_Offset)off, p, n, MPI_BYTE, &ms);
        if (rc != MPI_SUCCESS || MPI_Get_count(&ms, MPI_BYTE, &done) != MPI_SUCCESS || done != n) {
            char why[MPI_MAX_ERROR_STRING] = "short write";
            int wl = 0;
            if (rc != MPI_SUCCESS)
                MPI_Error_string(rc, why, &wl);
            return md_error_set(err, MD_ERR_IO, "cannot write %s: %s", what, why);
        }
        off += n;
        p += n;
        left -= (size_t)n;
    }
    return MD_OK;
}

/* Writes the value *v (memory type of kind k; for K_TEXT a string, cut to the column's width)
 * as element run_id of the column at col_off, converted to its file type. */
static md_status put_value(md_h5 *h, int64_t col_off, long run_id, const extra_field *e,
                           const void *v, const char *what, md_error *err) {
    unsigned char buf[MD_H5_ERROR_LEN];
    if (e->kind == K_TEXT) {
        size_t w = (size_t)e->width;
        memset(buf, 0, w);
        memcpy(buf, v, strnlen(v, w));
        return put(h, col_off + (int64_t)run_id * (int64_t)w, buf, w, what, err);
    }
    size_t n = H5Tget_size(h->ftype[e->kind]), mn = H5Tget_size(h->mtype[e->kind]);
    if (n == 0 || mn == 0 || n > sizeof buf || mn > sizeof buf)
        return md_error_set(err, MD_ERR_INTERNAL, "%s: element of %zu bytes", what, n);
    memcpy(buf, v, mn);
    if (H5Tconvert(h->mtype[e->kind], h->ftype[e->kind], 1, buf, NULL, H5P_DEFAULT) < 0)
        return h5_fail(err, "cannot convert %s", what);
    return put(h, col_off + (int64_t)run_id * (int64_t)n, buf, n, what, err);
}

static md_status write_extra(md_h5 *h, int x, long run_id, const void *v, md_error *err) {
    if (h->extra_off[x] < 0)
        return MD_OK;
    char what[64];
    snprintf(what, sizeof what, "/summary/%s", extra_fields[x].info.name);
    return put_value(h, h->extra_off[x], run_id, &extra_fields[x], v, what, err);
}

/* Writes the run in hand's blocks: its series (h->series) and PSD, NaN beyond their lengths,
 * and the model's summary values, each converted to the file's type and written at once. */
static md_status write_blocks(md_h5 *h, const md_run_result *res, md_error *err) {
    double *series = h->block, *psd = series + h->table_len[T_SERIES],
           *summary = psd + h->table_len[T_PSD];
    const size_t total = h->table_len[T_SERIES] + h->table_len[T_PSD] + h->table_len[T_SUMMARY];
    for (size_t i = 0; i < total; i++)
        h->block[i] = NAN;
    for (int c = 0; c < MD_COL_COUNT; c++)
        if (h->kept[c] >= 0)
            memcpy(series + (size_t)h->kept[c] * (size_t)h->row_samples,
                   h->series + (size_t)c * (size_t)h->n_samples,
                   (size_t)h->n_samples * sizeof *series);
    const double *arrays[PSD_COUNT] = {res->psd_s, res->psd_width, res->psd_m, res->psd_N_initial,
                                       res->psd_N_final};
    for (int q = 0; q < PSD_COUNT && res->n_bins > 0; q++)
        memcpy(psd + (size_t)q * (size_t)h->row_bins, arrays[q], (size_t)res->n_bins * sizeof *psd);
    memcpy(summary, res->summary, (size_t)md_summary_field_count * sizeof *summary);
    if (H5Tconvert(H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE, total, h->block, NULL, H5P_DEFAULT) < 0)
        return h5_fail(err, "cannot convert the run's values to the file's type");
    md_status st = MD_OK;
    const double *from[T_COUNT] = {series, psd, summary};
    for (int t = 0; t < T_COUNT && st == MD_OK; t++) {
        const size_t bytes = h->table_len[t] * sizeof(double);
        char what[32];
        snprintf(what, sizeof what, "/storage/%s", table_names[t]);
        st = put(h, h->table_off[t] + (int64_t)h->run_id * (int64_t)bytes, from[t], bytes, what,
                 err);
    }
    return st;
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
    md_status st = write_extra(h, X_ERROR, run_id, message, err);
    /* The completion mark goes last: a run is done only once everything above is on disk. */
    if (st == MD_OK)
        st = write_extra(h, X_STATUS, run_id, &status, err);
    return st;
}

md_status md_h5_write_done(md_h5 *h, long run_id, const md_run_result *res,
                           const md_h5_run_info *info, md_error *err) {
    if (run_id != h->run_id)
        return md_error_set(err, MD_ERR_INTERNAL, "run %06ld written, but run %06ld was begun",
                            run_id, h->run_id);
    md_status st = MD_OK;
    if (h->n_samples > h->row_samples || res->n_bins > h->row_bins)
        st =
            md_error_set(err, MD_ERR_INTERNAL,
                         "the file holds rows of %ld samples and %ld bins, the run gave %ld and %d",
                         h->row_samples, h->row_bins, h->n_samples, res->n_bins);
    if (st == MD_OK)
        st = write_blocks(h, res, err);
    long long n_steps = res->n_steps_done, n_samples = res->n_samples;
    if (st == MD_OK)
        st = write_extra(h, X_CASE_STATUS, run_id, res->case_status, err);
    if (st == MD_OK)
        st = write_extra(h, X_STOP_REASON, run_id, res->stop_reason, err);
    if (st == MD_OK)
        st = write_extra(h, X_N_STEPS, run_id, &n_steps, err);
    if (st == MD_OK)
        st = write_extra(h, X_N_SAMPLES, run_id, &n_samples, err);
    if (st == MD_OK)
        st = write_info(h, run_id, info, err);
    if (st == MD_OK)
        st = write_error_and_status(h, run_id, "", MD_H5_DONE, err);
    if (st != MD_OK)
        md_error_prefix(err, "run %06ld", run_id);
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
    h->fh = MPI_FILE_NULL; /* HDF5 closes it */
    if (h->file >= 0 && H5Fclose(h->file) < 0)
        st = h5_fail(err, "cannot close the output file");
    h->file = -1;
    writer_release(h);
    *hp = NULL;
    return st;
}
