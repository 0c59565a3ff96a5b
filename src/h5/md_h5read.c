/* md_h5read: serial read-back of a sweep file (see md_h5read.h). */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include "md_h5read.h"
#include "md_h5.h"

#include <hdf5.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct md_h5read {
    hid_t file;
};

md_h5read *md_h5read_open(const char *path, md_error *err) {
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    md_h5read *r = calloc(1, sizeof *r);
    if (!r) {
        md_error_set(err, MD_ERR_NOMEM, "out of memory");
        return NULL;
    }
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (fapl >= 0)
        H5Pset_file_locking(fapl, 0, 1); /* see md_h5read.h */
    r->file = H5Fopen(path, H5F_ACC_RDONLY, fapl >= 0 ? fapl : H5P_DEFAULT);
    if (fapl >= 0)
        H5Pclose(fapl);
    if (r->file < 0) {
        md_error_set(err, MD_ERR_IO, "cannot open %s as HDF5", path);
        free(r);
        return NULL;
    }
    return r;
}

long md_h5read_length(md_h5read *r, const char *path) {
    if (H5Lexists(r->file, path, H5P_DEFAULT) <= 0)
        return -1;
    hid_t d = H5Dopen2(r->file, path, H5P_DEFAULT), sp = -1;
    long n = -1;
    hsize_t dim[2] = {0, 0};
    if (d >= 0 && (sp = H5Dget_space(d)) >= 0 && H5Sget_simple_extent_ndims(sp) >= 1 &&
        H5Sget_simple_extent_ndims(sp) <= 2 && H5Sget_simple_extent_dims(sp, dim, NULL) >= 1)
        n = (long)dim[0];
    if (sp >= 0)
        H5Sclose(sp);
    if (d >= 0)
        H5Dclose(d);
    return n;
}

md_status md_h5read_doubles(md_h5read *r, const char *path, double *buf, long n, md_error *err) {
    if (md_h5read_length(r, path) != n)
        return md_error_set(err, MD_ERR_IO, "%s: missing or not %ld long", path, n);
    hid_t d = H5Dopen2(r->file, path, H5P_DEFAULT);
    herr_t rc = d >= 0 ? H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) : -1;
    if (d >= 0)
        H5Dclose(d);
    return rc < 0 ? md_error_set(err, MD_ERR_IO, "%s: cannot read as numbers", path) : MD_OK;
}

/* Shape of the 2-D dataset d into dims; false if it is not 2-D. */
static bool shape_2d(hid_t d, hsize_t dims[2]) {
    hid_t sp = d >= 0 ? H5Dget_space(d) : -1;
    bool ok = sp >= 0 && H5Sget_simple_extent_ndims(sp) == 2 &&
              H5Sget_simple_extent_dims(sp, dims, NULL) == 2;
    if (sp >= 0)
        H5Sclose(sp);
    return ok;
}

long md_h5read_row_length(md_h5read *r, const char *path) {
    if (H5Lexists(r->file, path, H5P_DEFAULT) <= 0)
        return -1;
    hid_t d = H5Dopen2(r->file, path, H5P_DEFAULT);
    hsize_t dims[2] = {0, 0};
    long n = shape_2d(d, dims) ? (long)dims[1] : -1;
    if (d >= 0)
        H5Dclose(d);
    return n;
}

/* Reads the first n values of row i of the 2-D dataset d into buf (memory type mtype). */
static herr_t read_row(hid_t d, hid_t mtype, long i, hsize_t n, void *buf) {
    hsize_t start[2] = {(hsize_t)i, 0}, count[2] = {1, n};
    hid_t fs = H5Dget_space(d), ms = -1;
    herr_t rc = fs >= 0 && H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, count, NULL) >= 0 &&
                        (ms = H5Screate_simple(2, count, NULL)) >= 0
                    ? H5Dread(d, mtype, ms, fs, H5P_DEFAULT, buf)
                    : -1;
    if (ms >= 0)
        H5Sclose(ms);
    if (fs >= 0)
        H5Sclose(fs);
    return rc;
}

md_status md_h5read_row(md_h5read *r, const char *path, long i, double *buf, long n,
                        md_error *err) {
    hid_t d = H5Lexists(r->file, path, H5P_DEFAULT) > 0 ? H5Dopen2(r->file, path, H5P_DEFAULT) : -1;
    hsize_t dims[2] = {0, 0};
    bool ok = shape_2d(d, dims) && i >= 0 && (hsize_t)i < dims[0] && n >= 0 &&
              (hsize_t)n <= dims[1] && read_row(d, H5T_NATIVE_DOUBLE, i, (hsize_t)n, buf) >= 0;
    if (d >= 0)
        H5Dclose(d);
    H5Eclear2(H5E_DEFAULT);
    return ok ? MD_OK
              : md_error_set(err, MD_ERR_IO,
                             "%s[%ld]: no 2-D numeric dataset with %ld values a row", path, i, n);
}

md_status md_h5read_string(md_h5read *r, const char *path, long i, char *buf, size_t len,
                           md_error *err) {
    md_status st = MD_OK;
    hid_t d = H5Dopen2(r->file, path, H5P_DEFAULT), ft = -1;
    hsize_t dims[2] = {0, 0};
    char *tmp = NULL;
    if (d < 0 || (ft = H5Dget_type(d)) < 0 || H5Tget_class(ft) != H5T_STRING ||
        H5Tget_size(ft) != 1 || !shape_2d(d, dims) || !(tmp = calloc(dims[1] + 1, 1)) ||
        read_row(d, ft, i, dims[1], tmp) < 0)
        st = md_error_set(err, MD_ERR_IO, "%s[%ld]: cannot read as a char array", path, i);
    else
        snprintf(buf, len, "%s", tmp);
    free(tmp);
    if (ft >= 0)
        H5Tclose(ft);
    if (d >= 0)
        H5Dclose(d);
    return st;
}

char *md_h5read_attr_text(md_h5read *r, const char *path, const char *name, md_error *err) {
    char *text = NULL;
    hid_t a = H5Aopen_by_name(r->file, path, name, H5P_DEFAULT, H5P_DEFAULT), t = -1;
    if (a >= 0 && (t = H5Aget_type(a)) >= 0 && H5Tget_class(t) == H5T_STRING) {
        if (H5Tis_variable_str(t) > 0) {
            char *s = NULL;
            if (H5Aread(a, t, &s) >= 0 && s)
                text = strdup(s);
            H5free_memory(s);
        } else if ((text = calloc(H5Tget_size(t) + 1, 1)) && H5Aread(a, t, text) < 0) {
            free(text);
            text = NULL;
        }
    }
    if (!text)
        md_error_set(err, MD_ERR_IO, "%s: cannot read the text attribute %s", path, name);
    if (t >= 0)
        H5Tclose(t);
    if (a >= 0)
        H5Aclose(a);
    H5Eclear2(H5E_DEFAULT);
    return text;
}

md_status md_h5read_attr(md_h5read *r, const char *path, const char *name, char *buf, size_t len,
                         md_error *err) {
    md_status st = MD_OK;
    hid_t a = H5Aopen_by_name(r->file, path, name, H5P_DEFAULT, H5P_DEFAULT), t = -1, mt = -1;
    if (a < 0 || (t = H5Aget_type(a)) < 0) {
        st = md_error_set(err, MD_ERR_IO, "%s: no attribute %s", path, name);
        goto done;
    }
    H5T_class_t cls = H5Tget_class(t);
    if (cls == H5T_STRING && H5Tis_variable_str(t) > 0) {
        char *s = NULL;
        mt = H5Tcopy(t);
        if (H5Aread(a, mt, &s) < 0 || !s)
            st = md_error_set(err, MD_ERR_IO, "%s: cannot read attribute %s", path, name);
        else
            snprintf(buf, len, "%s", s);
        H5free_memory(s);
    } else if (cls == H5T_STRING) {
        char *s = calloc(H5Tget_size(t) + 1, 1);
        if (!s || H5Aread(a, t, s) < 0)
            st = md_error_set(err, MD_ERR_IO, "%s: cannot read attribute %s", path, name);
        else
            snprintf(buf, len, "%s", s);
        free(s);
    } else if (cls == H5T_INTEGER) {
        long long v = 0;
        if (H5Aread(a, H5T_NATIVE_LLONG, &v) < 0)
            st = md_error_set(err, MD_ERR_IO, "%s: cannot read attribute %s", path, name);
        else
            snprintf(buf, len, "%lld", v);
    } else {
        double v = 0;
        if (H5Aread(a, H5T_NATIVE_DOUBLE, &v) < 0)
            st = md_error_set(err, MD_ERR_IO, "%s: cannot read attribute %s", path, name);
        else
            snprintf(buf, len, "%.17g", v);
    }
done:
    if (mt >= 0)
        H5Tclose(mt);
    if (t >= 0)
        H5Tclose(t);
    if (a >= 0)
        H5Aclose(a);
    return st;
}

typedef struct walk_state {
    long n;
    char bad[512];
} walk_state;

/* A netCDF dimension without a variable (no data, no attributes of its own). */
static bool is_bare_dimension(hid_t obj, const char *name) {
    char label[96] = "";
    hid_t a = H5Aopen_by_name(obj, name, "NAME", H5P_DEFAULT, H5P_DEFAULT), t = -1;
    if (a >= 0 && (t = H5Aget_type(a)) >= 0 && H5Tget_class(t) == H5T_STRING &&
        H5Tis_variable_str(t) == 0 && H5Tget_size(t) < sizeof label)
        H5Aread(a, t, label);
    if (t >= 0)
        H5Tclose(t);
    if (a >= 0)
        H5Aclose(a);
    H5Eclear2(H5E_DEFAULT);
    return strncmp(label, MD_H5_BARE_DIMENSION, sizeof MD_H5_BARE_DIMENSION - 1) == 0;
}

/* Text (char arrays) has no units, nor have the storage tables (/storage: their columns differ,
 * each view of them has its own); every other variable has units and long_name. */
static bool is_text(hid_t obj, const char *name) {
    hid_t d = H5Dopen2(obj, name, H5P_DEFAULT), t = d >= 0 ? H5Dget_type(d) : -1;
    bool text = t >= 0 && H5Tget_class(t) == H5T_STRING;
    if (t >= 0)
        H5Tclose(t);
    if (d >= 0)
        H5Dclose(d);
    return text;
}

static herr_t visit_cb(hid_t obj, const char *name, const H5O_info_t *info, void *data) {
    walk_state *w = data;
    if (info->type != H5O_TYPE_DATASET || is_bare_dimension(obj, name))
        return 0;
    w->n++;
    bool unitless = strncmp(name, "storage/", 8) == 0 || is_text(obj, name);
    if ((!unitless && H5Aexists_by_name(obj, name, "units", H5P_DEFAULT) <= 0) ||
        H5Aexists_by_name(obj, name, "long_name", H5P_DEFAULT) <= 0) {
        snprintf(w->bad, sizeof w->bad, "%s", name);
        return 1; /* stop the walk */
    }
    return 0;
}

md_status md_h5read_check_attrs(md_h5read *r, long *n_datasets, md_error *err) {
    walk_state w = {0, ""};
    herr_t rc = H5Ovisit(r->file, H5_INDEX_NAME, H5_ITER_NATIVE, visit_cb, &w);
    *n_datasets = w.n;
    if (w.bad[0])
        return md_error_set(err, MD_ERR_IO, "variable %s lacks units or long_name", w.bad);
    return rc < 0 ? md_error_set(err, MD_ERR_IO, "cannot walk the file") : MD_OK;
}

long md_h5read_member_count(md_h5read *r, const char *path) {
    H5G_info_t info;
    if (H5Lexists(r->file, path, H5P_DEFAULT) <= 0 ||
        H5Gget_info_by_name(r->file, path, &info, H5P_DEFAULT) < 0)
        return -1;
    return (long)info.nlinks;
}

md_status md_h5read_member(md_h5read *r, const char *path, long i, char *buf, size_t len,
                           md_error *err) {
    ssize_t n = H5Lget_name_by_idx(r->file, path, H5_INDEX_NAME, H5_ITER_INC, (hsize_t)i, buf, len,
                                   H5P_DEFAULT);
    if (n < 0 || (size_t)n >= len)
        return md_error_set(err, MD_ERR_IO, "%s: no member %ld (or its name is too long)", path, i);
    return MD_OK;
}

void md_h5read_close(md_h5read **r) {
    if (!r || !*r)
        return;
    H5Fclose((*r)->file);
    free(*r);
    *r = NULL;
}
