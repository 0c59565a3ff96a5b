/* md_h5guard: output lock and identity check (see md_h5guard.h). */
#define _POSIX_C_SOURCE 200809L /* gethostname, pread, O_CLOEXEC */
#include "md_h5guard.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { NAME_MAX_LEN = 4096 + 256, HOST_LEN = 256 };

struct md_h5guard {
    int lock_fd; /* -1: no lock held (file system without locks) */
    char lock_path[NAME_MAX_LEN];
    int file_fd; /* the watched output, -1 before md_h5guard_watch */
    dev_t dev;
    ino_t ino;
};

/* "<dir>/.<name><suffix>" for output path; -1 if it does not fit. */
static int sibling_name(const char *path, const char *suffix, char *buf, size_t len) {
    const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
    int n = snprintf(buf, len, "%.*s.%s%s", (int)(base - path), path, base, suffix);
    return n < 0 || (size_t)n >= len ? -1 : 0;
}

static void host_name(char host[HOST_LEN]) {
    if (gethostname(host, HOST_LEN) != 0 || host[0] == '\0')
        snprintf(host, HOST_LEN, "unknown");
    host[HOST_LEN - 1] = '\0';
}

static int set_lock(int fd) {
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
    return fcntl(fd, F_SETLK, &fl);
}

static md_status refuse_held(const char *path, const char *lock_path, int fd, md_error *err) {
    char holder[HOST_LEN + 32] = "";
    ssize_t n = pread(fd, holder, sizeof holder - 1, 0);
    holder[n > 0 ? n : 0] = '\0';
    holder[strcspn(holder, "\n")] = '\0';
    return md_error_set(err, MD_ERR_USAGE,
                        "%s is in use by another sweep (%s%s; lock %s): wait until it ends, or "
                        "write to another file with -o",
                        path, holder[0] ? "host and pid " : "holder unknown", holder, lock_path);
}

md_status md_h5guard_lock(const char *path, md_h5guard **out, char *warning, md_error *err) {
    *out = NULL;
    warning[0] = '\0';
    md_h5guard *g = calloc(1, sizeof *g);
    if (!g)
        return md_error_set(err, MD_ERR_NOMEM, "out of memory");
    g->lock_fd = g->file_fd = -1;
    md_status st = MD_OK;
    if (sibling_name(path, ".lock", g->lock_path, sizeof g->lock_path) != 0) {
        st = md_error_set(err, MD_ERR_IO, "%s: output path too long for its lock file", path);
        goto done;
    }
    /* A lock file removed by its holder between our open and our lock is retried once. */
    for (int attempt = 0; attempt < 2 && g->lock_fd < 0; attempt++) {
        int fd = open(g->lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0) {
            st = md_error_set(err, MD_ERR_IO, "cannot create %s (its lock file %s: %s)", path,
                              g->lock_path, strerror(errno));
            goto done;
        }
        if (set_lock(fd) != 0) {
            int e = errno;
            if (e == EACCES || e == EAGAIN) {
                st = refuse_held(path, g->lock_path, fd, err);
                close(fd);
                goto done;
            }
            snprintf(warning, MD_ERROR_MSG_LEN,
                     "the file system of %s has no POSIX locks (%s): this sweep runs without "
                     "protection against a second sweep writing the same output",
                     path, strerror(e));
            close(fd);
            goto done;
        }
        struct stat a, b;
        if (fstat(fd, &a) == 0 && stat(g->lock_path, &b) == 0 && a.st_dev == b.st_dev &&
            a.st_ino == b.st_ino)
            g->lock_fd = fd;
        else
            close(fd);
    }
    if (g->lock_fd < 0) {
        st = md_error_set(err, MD_ERR_IO, "cannot hold the lock file %s: it keeps disappearing",
                          g->lock_path);
        goto done;
    }
    char host[HOST_LEN], line[HOST_LEN + 32];
    host_name(host);
    int n = snprintf(line, sizeof line, "%s %ld\n", host, (long)getpid());
    if (ftruncate(g->lock_fd, 0) != 0 || pwrite(g->lock_fd, line, (size_t)n, 0) != n) {
        /* the lock holds without its note; only the refusal message of others is poorer */
    }
done:
    if (st != MD_OK) {
        md_h5guard_release(&g);
        return st;
    }
    *out = g;
    return MD_OK;
}

md_status md_h5guard_watch(md_h5guard *g, const char *path, md_error *err) {
    if (g->file_fd >= 0)
        close(g->file_fd);
    struct stat sb;
    g->file_fd = open(path, O_RDONLY | O_CLOEXEC);
    if (g->file_fd < 0 || fstat(g->file_fd, &sb) != 0)
        return md_error_set(err, MD_ERR_IO, "cannot open %s to watch it: %s", path,
                            strerror(errno));
    g->dev = sb.st_dev;
    g->ino = sb.st_ino;
    return MD_OK;
}

/* Copies the open file fd to a new file named to; 0 or an errno value. */
static int copy_out(int fd, const char *to) {
    int out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (out < 0)
        return errno;
    char buf[1 << 16];
    off_t at = 0;
    int e = 0;
    for (;;) {
        ssize_t n = pread(fd, buf, sizeof buf, at);
        if (n < 0) {
            e = errno;
            break;
        }
        if (n == 0)
            break;
        for (ssize_t done = 0; done < n;) {
            ssize_t w = write(out, buf + done, (size_t)(n - done));
            if (w < 0) {
                e = errno;
                break;
            }
            done += w;
        }
        if (e)
            break;
        at += n;
    }
    if (!e && fsync(out) != 0)
        e = errno;
    if (close(out) != 0 && !e)
        e = errno;
    if (e)
        unlink(to);
    return e;
}

md_status md_h5guard_check(md_h5guard *g, const char *path, md_error *err) {
    if (g->file_fd < 0)
        return MD_OK;
    struct stat sb;
    if (stat(path, &sb) == 0 && sb.st_dev == g->dev && sb.st_ino == g->ino)
        return MD_OK;
    char host[HOST_LEN], suffix[HOST_LEN + 64], saved[NAME_MAX_LEN];
    host_name(host);
    snprintf(suffix, sizeof suffix, ".recovered-%s-%ld", host, (long)getpid());
    int e = sibling_name(path, suffix, saved, sizeof saved) == 0 ? copy_out(g->file_fd, saved)
                                                                 : ENAMETOOLONG;
    if (e)
        return md_error_set(err, MD_ERR_IO,
                            "%s no longer names the file this sweep wrote (deleted or replaced "
                            "while it ran), and its results could not be saved: %s",
                            path, strerror(e));
    return md_error_set(err, MD_ERR_IO,
                        "%s no longer names the file this sweep wrote (deleted or replaced while "
                        "it ran); its results are saved as %s",
                        path, saved);
}

void md_h5guard_release(md_h5guard **pg) {
    if (!pg || !*pg)
        return;
    md_h5guard *g = *pg;
    if (g->file_fd >= 0)
        close(g->file_fd);
    if (g->lock_fd >= 0) {
        unlink(g->lock_path); /* while still holding the lock: nobody holds a removed file */
        close(g->lock_fd);
    }
    free(g);
    *pg = NULL;
}
