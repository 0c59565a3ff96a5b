/* md_status: the one status enum of the project and the error message buffer that travels with it.
 *
 * Every fallible function returns md_status and, on failure, writes a message into a caller-owned
 * md_error naming what is wrong (key, value, limit, file, line). Nothing below main() exits. */
#ifndef MD_STATUS_H
#define MD_STATUS_H

#include <stddef.h>

typedef enum md_status {
    MD_OK = 0,
    MD_ERR_USAGE,       /* bad command line */
    MD_ERR_CONFIG,      /* manifest/parameter error: invalid, out of range, unsupported key */
    MD_ERR_UNSUPPORTED, /* a configuration the port does not implement (named, never substituted) */
    MD_ERR_PHYSICS,     /* a guard of the model tripped or the state became non-finite */
    MD_ERR_NOMEM,       /* allocation failed */
    MD_ERR_IO,          /* file system or HDF5 failure */
    MD_ERR_MPI,         /* MPI failure */
    MD_ERR_INTERNAL,    /* broken invariant: a bug */
    MD_ERR_STOPPED      /* a stop was requested (SIGTERM/SIGUSR1) before the work was done */
} md_status;

#define MD_ERROR_MSG_LEN 1024

typedef struct md_error {
    md_status status;
    char msg[MD_ERROR_MSG_LEN];
} md_error;

/* Short name of a status ("config error", ...). Never NULL. */
const char *md_status_str(md_status status);

/* Clears err (status MD_OK, empty message). err may be NULL. */
void md_error_clear(md_error *err);

/* Records status and a printf-style message in err (truncated to fit) and returns status, so a
 * failure reads `return md_error_set(err, MD_ERR_CONFIG, "...", ...);`. err may be NULL. */
md_status md_error_set(md_error *err, md_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prepends "prefix: " to the message already in err (adds context on the way up). */
void md_error_prefix(md_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
