/* md_h5guard: what keeps one output file to one sweep and its results where the user looks.
 *
 *  - a lock: an exclusive POSIX record lock (fcntl) on `<dir>/.<name>.lock`, held by rank 0 from
 *    before the output is chosen until after it is closed, with "host pid" written in it. A
 *    second sweep on the same output (another manifest, a second --resume, a --force) is refused
 *    with the holder's host and pid instead of both writing and the later rename winning. Where
 *    the file system has no POSIX locks (some NFS/Lustre mounts: ENOLCK), the sweep goes on
 *    unlocked with a warning.
 *  - the output's identity: once the file is laid out, rank 0 keeps it open read-only and notes
 *    its device and inode. At the end, if the path no longer names that file (deleted, or
 *    replaced by another process), the results are copied from the still-open file to
 *    `<dir>/.<name>.recovered-<host>-<pid>` and the sweep reports an I/O failure naming it.
 *
 * Plain POSIX; no HDF5 or MPI. */
#ifndef MD_H5GUARD_H
#define MD_H5GUARD_H

#include "md_status.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct md_h5guard md_h5guard;

/* Takes the lock of output path. MD_ERR_USAGE naming the holder if another process holds it;
 * MD_ERR_IO if the lock file cannot be created; NULL *out only on those errors. A file system
 * without locks gives a guard that holds none and *warning set to a message (else "").
 * warning has room for MD_ERROR_MSG_LEN bytes. */
md_status md_h5guard_lock(const char *path, md_h5guard **out, char *warning, md_error *err);

/* Notes which file path names now (after the layout is renamed into place, or the file opened
 * for --resume) and keeps it open. MD_ERR_IO if it cannot be opened. */
md_status md_h5guard_watch(md_h5guard *g, const char *path, md_error *err);

/* After the file is closed: MD_OK if path still names the watched file; otherwise copies it to
 * the recovered name and returns MD_ERR_IO with a message naming where the results are. */
md_status md_h5guard_check(md_h5guard *g, const char *path, md_error *err);

/* Releases the lock (removing the lock file) and frees *g; accepts NULL and a pointer to NULL. */
void md_h5guard_release(md_h5guard **g);

#endif
