/* LD_PRELOAD shim for the free-space refusal test: statvfs() reports MD_FAKE_FREE_BYTES free
 * bytes (the rest of the answer is the real file system's), so "the file does not fit" is
 * tested without a small file system to mount. */
#define _GNU_SOURCE /* RTLD_NEXT */
#include <dlfcn.h>
#include <stdlib.h>
#include <sys/statvfs.h>

int statvfs(const char *restrict path, struct statvfs *restrict buf) {
    int (*real)(const char *restrict, struct statvfs *restrict) =
        (int (*)(const char *restrict, struct statvfs *restrict))dlsym(RTLD_NEXT, "statvfs");
    int rc = real ? real(path, buf) : -1;
    const char *fake = getenv("MD_FAKE_FREE_BYTES");
    if (rc == 0 && fake && buf->f_frsize > 0)
        buf->f_bavail = (fsblkcnt_t)(strtod(fake, NULL) / (double)buf->f_frsize);
    return rc;
}
