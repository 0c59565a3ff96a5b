/* LD_PRELOAD shim for the CLI tests, each part off unless its variable is set:
 * - MD_FAKE_FREE_BYTES: statvfs() reports that many free bytes (the rest of the answer is the
 *   real file system's), so "the file does not fit" is tested without a small file system;
 * - MD_SLOW_FSYNC_S: fsync() first waits that many seconds (less if a signal arrives), so a
 *   layout, which is fsync'ed before its rename, can be cut by a signal at a known point
 *   however fast it was built;
 * - MD_SLOW_STAT_S: stat() of a path containing MD_SLOW_STAT_MATCH likewise (only those: MPI's
 *   start-up stats many files), so a validation that looks up a table file for every run takes
 *   long enough to be signalled however fast it is. */
#define _GNU_SOURCE /* RTLD_NEXT */
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>

int statvfs(const char *restrict path, struct statvfs *restrict buf) {
    int (*real)(const char *restrict, struct statvfs *restrict) =
        (int (*)(const char *restrict, struct statvfs *restrict))dlsym(RTLD_NEXT, "statvfs");
    int rc = real ? real(path, buf) : -1;
    const char *fake = getenv("MD_FAKE_FREE_BYTES");
    if (rc == 0 && fake && buf->f_frsize > 0)
        buf->f_bavail = (fsblkcnt_t)(strtod(fake, NULL) / (double)buf->f_frsize);
    return rc;
}

/* Waits the seconds that variable name says, if set; a signal ends the wait early (EINTR). */
static void wait_for(const char *name) {
    const char *slow = getenv(name);
    if (slow) {
        double s = strtod(slow, NULL);
        struct timespec t = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
        nanosleep(&t, NULL);
    }
}

int fsync(int fd) {
    int (*real)(int) = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    wait_for("MD_SLOW_FSYNC_S");
    return real ? real(fd) : -1;
}

int stat(const char *restrict path, struct stat *restrict buf) {
    int (*real)(const char *restrict, struct stat *restrict) =
        (int (*)(const char *restrict, struct stat *restrict))dlsym(RTLD_NEXT, "stat");
    const char *match = getenv("MD_SLOW_STAT_MATCH");
    if (match && *match && path && strstr(path, match))
        wait_for("MD_SLOW_STAT_S");
    return real ? real(path, buf) : -1;
}
