/* md_h5read: serial, read-only access to a marsdisk-sweep file, for `report`, tests, benchmarks
 * and tools that compare sweeps (HDF5 stays inside). A file a sweep is writing may be read: its
 * metadata is complete before the sweep opens it and never changes, so the file lock HDF5 would
 * take is not taken (runs still pending read as NaN / status 0). */
#ifndef MD_H5READ_H
#define MD_H5READ_H

#include "md_status.h"

#include <stddef.h>

typedef struct md_h5read md_h5read;

/* Opens path read-only (plain POSIX driver). NULL on failure (err: MD_ERR_IO). */
md_h5read *md_h5read_open(const char *path, md_error *err);

/* Length of the 1-D dataset at path ("summary/M_loss"; rows of a char array), or -1 if there is
 * none. */
long md_h5read_length(md_h5read *r, const char *path);

/* Reads n values of the 1-D numeric dataset at path as doubles (integers converted). */
md_status md_h5read_doubles(md_h5read *r, const char *path, double *buf, long n, md_error *err);

/* Length of the rows of the 2-D dataset at path ("series/tau": a run's series), or -1 if
 * there is no such 2-D dataset. */
long md_h5read_row_length(md_h5read *r, const char *path);

/* Reads the first n values of row i of the 2-D numeric dataset at path ("series/tau": run i's
 * series, NaN beyond its own length) as doubles. */
md_status md_h5read_row(md_h5read *r, const char *path, long i, double *buf, long n, md_error *err);

/* Reads row i of the char array [n][width] at path ("summary/error") into buf as a string. */
md_status md_h5read_string(md_h5read *r, const char *path, long i, char *buf, size_t len,
                           md_error *err);

/* Reads attribute name of the object at path ("/" for the root, "summary/M_loss") as text:
 * strings as they are, integers and floats formatted (%lld, %.17g). */
md_status md_h5read_attr(md_h5read *r, const char *path, const char *name, char *buf, size_t len,
                         md_error *err);

/* The string attribute name of the object at path, whole, as a string the caller frees; NULL
 * with err set if there is none or it is not text. */
char *md_h5read_attr_text(md_h5read *r, const char *path, const char *name, md_error *err);

/* Walks the whole file: counts the variables (datasets other than bare netCDF dimensions) and
 * checks that each has `long_name` and, unless it is text or a /storage table, `units`
 * (MD_ERR_IO naming the first that lacks one). */
md_status md_h5read_check_attrs(md_h5read *r, long *n_datasets, md_error *err);

/* Members of the group at path ("summary"), in name order: their number (-1 if there is no such
 * group), and the name of member i into buf. */
long md_h5read_member_count(md_h5read *r, const char *path);
md_status md_h5read_member(md_h5read *r, const char *path, long i, char *buf, size_t len,
                           md_error *err);

/* Closes *r and sets it to NULL; accepts NULL and a pointer to NULL. */
void md_h5read_close(md_h5read **r);

#endif
