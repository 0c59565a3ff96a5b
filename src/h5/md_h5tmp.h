/* md_h5tmp: the temporary file an output's layout is built in before it is renamed into place,
 * so that the output path only ever holds a complete file: the new one, or what was there
 * before (nothing, or the file --force replaces), even if the process is killed meanwhile.
 *
 * The temporary lies next to the output (rename() is atomic only within one file system):
 *     <dir>/.<name>.partial-<host>-<pid>
 * named after the host and process that build it, so that a later run can tell leftovers of a
 * killed process (same host, process gone) from a temporary that a live process is still
 * building or one from another host, whose process cannot be checked from here.
 *
 * Plain POSIX file handling; no HDF5 or MPI. */
#ifndef MD_H5TMP_H
#define MD_H5TMP_H

#include "md_status.h"

#include <signal.h>
#include <stddef.h>

/* Buffer size that holds the temporary name of any output path of up to 4 KiB. */
enum { MD_H5TMP_NAME_MAX = 4096 + 128 };

/* Writes the temporary file name of output path, for this host and process, into buf[len].
 * MD_ERR_IO if path names no file (empty, or ends in '/') or the name does not fit. */
md_status md_h5tmp_name(const char *path, char *buf, size_t len, md_error *err);

/* Flushes tmp to disk (fsync), renames it to path, replacing any file there, and flushes the
 * directory entry where the file system allows. If *stop (may be NULL) is set by then (a
 * signal), MD_ERR_STOPPED instead of the rename. On failure tmp is removed and MD_ERR_IO names
 * both paths and the reason; path is then as it was. */
md_status md_h5tmp_commit(const char *tmp, const char *path, const volatile sig_atomic_t *stop,
                          md_error *err);

/* Removes the temporaries of output path that processes of this host left behind (the process
 * is gone, or is this very process, which is not building one when it calls this) and counts
 * them in *removed; counts in *kept those of the same pattern left alone (another host, or a
 * live process: possibly another sweep writing the same output). Only regular files named
 * exactly after the pattern are removed; nothing else in the directory is touched. An
 * unreadable directory counts nothing (creating the output there fails with its own message). */
void md_h5tmp_clean(const char *path, int *removed, int *kept);

#endif
