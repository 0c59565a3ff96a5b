/* md_h5tmp: temporary layout files next to the output (naming and rules in md_h5tmp.h). */
#define _POSIX_C_SOURCE 200809L /* gethostname, kill, O_DIRECTORY, fsync */
#include "md_h5tmp.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PARTIAL ".partial-"

enum { HOST_MAX = 64 };

/* This host's name as it appears in a temporary's name: characters other than letters,
 * digits, '.', '_' and '-' become '_' (the pid after the last '-' stays unambiguous). */
static void host_tag(char host[HOST_MAX + 1]) {
    if (gethostname(host, HOST_MAX + 1) != 0 || host[0] == '\0')
        snprintf(host, HOST_MAX + 1, "unknown");
    host[HOST_MAX] = '\0'; /* gethostname need not terminate a truncated name */
    for (char *c = host; *c; c++)
        if (!(isalnum((unsigned char)*c) || *c == '.' || *c == '_' || *c == '-'))
            *c = '_';
}

/* Splits path into its folder (into dir[len]: "." when it has none) and its last component. */
static const char *split(const char *path, char *dir, size_t len) {
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(dir, len, ".");
    else if (slash == path)
        snprintf(dir, len, "/");
    else
        snprintf(dir, len, "%.*s", (int)(slash - path), path);
    return slash ? slash + 1 : path;
}

md_status md_h5tmp_name(const char *path, char *buf, size_t len, md_error *err) {
    const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
    if (base[0] == '\0')
        return md_error_set(err, MD_ERR_IO, "output path '%s' names no file", path);
    char host[HOST_MAX + 1];
    host_tag(host);
    int n = snprintf(buf, len, "%.*s.%s" PARTIAL "%s-%ld", (int)(base - path), path, base, host,
                     (long)getpid());
    if (n < 0 || (size_t)n >= len)
        return md_error_set(err, MD_ERR_IO, "output path %s is too long", path);
    return MD_OK;
}

/* fsync of path's folder, so the rename itself survives a crash. Best effort: some file
 * systems refuse to sync a directory (EINVAL), and the rename has happened in any case. */
static void sync_dir(const char *path) {
    char dir[MD_H5TMP_NAME_MAX];
    split(path, dir, sizeof dir);
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

md_status md_h5tmp_commit(const char *tmp, const char *path, const volatile sig_atomic_t *stop,
                          md_error *err) {
    md_status st = MD_OK;
    int fd = open(tmp, O_RDONLY); /* fsync needs no write access (the file may be mode 0444) */
    if (fd < 0 || fsync(fd) != 0)
        st = md_error_set(err, MD_ERR_IO, "cannot flush %s to disk: %s", tmp, strerror(errno));
    if (fd >= 0)
        close(fd);
    if (st == MD_OK && stop && *stop) /* the last moment at which path can stay as it was */
        st =
            md_error_set(err, MD_ERR_STOPPED, "stopped by a signal before %s became %s", tmp, path);
    if (st == MD_OK && rename(tmp, path) != 0)
        st = md_error_set(err, MD_ERR_IO, "cannot rename %s to %s: %s", tmp, path, strerror(errno));
    if (st != MD_OK) {
        unlink(tmp);
        return st;
    }
    sync_dir(path);
    return MD_OK;
}

/* If name is "<prefix><host>-<pid>" with a host of tag characters and a decimal pid, stores
 * the host (into host[HOST_MAX + 1]) and the pid. */
static bool parse_partial(const char *name, const char *prefix, char *host, long *pid) {
    size_t np = strlen(prefix);
    if (strncmp(name, prefix, np) != 0)
        return false;
    const char *rest = name + np, *dash = strrchr(rest, '-');
    if (!dash || dash == rest || (size_t)(dash - rest) > HOST_MAX || dash[1] == '\0' ||
        strlen(dash + 1) > 9)
        return false;
    for (const char *c = dash + 1; *c; c++)
        if (!isdigit((unsigned char)*c))
            return false;
    for (const char *c = rest; c < dash; c++)
        if (!(isalnum((unsigned char)*c) || *c == '.' || *c == '_' || *c == '-'))
            return false;
    snprintf(host, HOST_MAX + 1, "%.*s", (int)(dash - rest), rest);
    *pid = strtol(dash + 1, NULL, 10);
    return *pid > 0;
}

void md_h5tmp_clean(const char *path, int *removed, int *kept) {
    *removed = *kept = 0;
    char dir[MD_H5TMP_NAME_MAX], prefix[MD_H5TMP_NAME_MAX], me[HOST_MAX + 1];
    const char *base = split(path, dir, sizeof dir);
    int n = snprintf(prefix, sizeof prefix, ".%s" PARTIAL, base);
    DIR *d = base[0] && n > 0 && (size_t)n < sizeof prefix ? opendir(dir) : NULL;
    if (!d)
        return;
    host_tag(me);
    for (struct dirent *e; (e = readdir(d));) {
        char host[HOST_MAX + 1], file[2 * MD_H5TMP_NAME_MAX];
        long pid = 0;
        struct stat sb;
        if (!parse_partial(e->d_name, prefix, host, &pid))
            continue;
        snprintf(file, sizeof file, "%s/%s", dir, e->d_name);
        bool gone = strcmp(host, me) == 0 &&
                    ((pid_t)pid == getpid() || (kill((pid_t)pid, 0) != 0 && errno == ESRCH));
        if (gone && lstat(file, &sb) == 0 && S_ISREG(sb.st_mode) && unlink(file) == 0)
            ++*removed;
        else
            ++*kept;
    }
    closedir(d);
}
