#include "md_status.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *md_status_str(md_status status) {
    switch (status) {
    case MD_OK:
        return "ok";
    case MD_ERR_USAGE:
        return "usage error";
    case MD_ERR_CONFIG:
        return "configuration error";
    case MD_ERR_UNSUPPORTED:
        return "unsupported configuration";
    case MD_ERR_PHYSICS:
        return "physics error";
    case MD_ERR_NOMEM:
        return "out of memory";
    case MD_ERR_IO:
        return "I/O error";
    case MD_ERR_MPI:
        return "MPI error";
    case MD_ERR_INTERNAL:
        return "internal error";
    case MD_ERR_STOPPED:
        return "stopped";
    }
    return "unknown status";
}

void md_error_clear(md_error *err) {
    if (err) {
        err->status = MD_OK;
        err->msg[0] = '\0';
    }
}

md_status md_error_set(md_error *err, md_status status, const char *fmt, ...) {
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        err->status = status;
    }
    return status;
}

void md_error_prefix(md_error *err, const char *fmt, ...) {
    if (!err)
        return;
    char joined[MD_ERROR_MSG_LEN];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(joined, sizeof joined, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    /* Append ": <old message>", truncating what does not fit. */
    size_t used = strlen(joined);
    const char *parts[2] = {": ", err->msg};
    for (int p = 0; p < 2; p++) {
        size_t room = sizeof joined - 1 - used;
        size_t len = strlen(parts[p]);
        if (len > room)
            len = room;
        memcpy(joined + used, parts[p], len);
        used += len;
    }
    joined[used] = '\0';
    memcpy(err->msg, joined, used + 1);
}
