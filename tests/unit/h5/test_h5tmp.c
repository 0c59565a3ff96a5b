/* md_h5tmp: the temporary layout file's name, its rename into place (replacing, or failing with
 * the temporary removed and the output as it was), and which leftovers a later run removes:
 * only this host's regular files of exactly the pattern whose process is gone. */
#define _POSIX_C_SOURCE 200809L /* mkdtemp, symlink, gethostname */
#include "md_h5tmp.h"

#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[256];

static void make_dir(void) {
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/md_test_h5tmp_XXXXXX", tmp && *tmp ? tmp : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

/* Removes the test's folder and whatever is in it. */
static void remove_dir(void) {
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

static void put(const char *name, const char *text) {
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

/* Content of dir/name ("" if it cannot be read) into buf[64]. */
static const char *get(const char *name, char *buf) {
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    buf[0] = '\0';
    FILE *f = fopen(p, "r");
    if (f) {
        if (!fgets(buf, 64, f))
            buf[0] = '\0';
        fclose(f);
    }
    return buf;
}

static bool exists(const char *name) {
    char p[512];
    struct stat sb;
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return lstat(p, &sb) == 0;
}

/* This host's name as md_h5tmp writes it (the test host's name needs no replacements). */
static const char *host(void) {
    static char h[65];
    gethostname(h, sizeof h - 1);
    return h;
}

/* The pid of a process that has ended. */
static long dead_pid(void) {
    pid_t c = fork();
    if (c == 0)
        _exit(0);
    ck_assert_int_gt(c, 0);
    waitpid(c, NULL, 0);
    return (long)c;
}

START_TEST(name_lies_next_to_the_output) {
    char buf[MD_H5TMP_NAME_MAX], want[MD_H5TMP_NAME_MAX];
    md_error err;
    ck_assert_int_eq(md_h5tmp_name("out/sweep.h5", buf, sizeof buf, &err), MD_OK);
    snprintf(want, sizeof want, "out/.sweep.h5.partial-%s-%ld", host(), (long)getpid());
    ck_assert_str_eq(buf, want);
    ck_assert_int_eq(md_h5tmp_name("sweep.h5", buf, sizeof buf, &err), MD_OK);
    ck_assert_str_eq(buf, want + 4);
    ck_assert_int_eq(md_h5tmp_name("/a/b/", buf, sizeof buf, &err), MD_ERR_IO);
    ck_assert_msg(strstr(err.msg, "/a/b/") != NULL, "%s", err.msg);
    ck_assert_int_eq(md_h5tmp_name("", buf, sizeof buf, &err), MD_ERR_IO);
    ck_assert_int_eq(md_h5tmp_name("out/sweep.h5", buf, 20, &err), MD_ERR_IO);
}
END_TEST

START_TEST(commit_replaces_the_output_or_leaves_it_as_it_was) {
    char tmp[MD_H5TMP_NAME_MAX], out[512], buf[64];
    md_error err;
    snprintf(out, sizeof out, "%s/out.h5", dir);
    ck_assert_int_eq(md_h5tmp_name(out, tmp, sizeof tmp, &err), MD_OK);
    put("out.h5", "old");
    put(strrchr(tmp, '/') + 1, "new");
    ck_assert_int_eq(md_h5tmp_commit(tmp, out, NULL, &err), MD_OK);
    ck_assert_str_eq(get("out.h5", buf), "new");
    ck_assert(!exists(strrchr(tmp, '/') + 1));

    /* A signal came (the stop flag is set): no rename, the temporary goes, the output stays. */
    volatile sig_atomic_t stop = 1;
    put(strrchr(tmp, '/') + 1, "newer");
    ck_assert_int_eq(md_h5tmp_commit(tmp, out, &stop, &err), MD_ERR_STOPPED);
    ck_assert_str_eq(get("out.h5", buf), "new");
    ck_assert(!exists(strrchr(tmp, '/') + 1));

    /* The output is a folder: rename fails, the temporary goes, the folder stays. */
    snprintf(out, sizeof out, "%s/taken", dir);
    ck_assert_int_eq(mkdir(out, 0755), 0);
    ck_assert_int_eq(md_h5tmp_name(out, tmp, sizeof tmp, &err), MD_OK);
    put(strrchr(tmp, '/') + 1, "new");
    ck_assert_int_eq(md_h5tmp_commit(tmp, out, NULL, &err), MD_ERR_IO);
    ck_assert_msg(strstr(err.msg, tmp) && strstr(err.msg, "taken: "), "%s", err.msg);
    ck_assert(!exists(strrchr(tmp, '/') + 1));
    struct stat sb;
    ck_assert(stat(out, &sb) == 0 && S_ISDIR(sb.st_mode));

    /* No temporary at all (it was never created). */
    ck_assert_int_eq(md_h5tmp_commit(tmp, out, NULL, &err), MD_ERR_IO);
    ck_assert_msg(strstr(err.msg, tmp) != NULL, "%s", err.msg);
}
END_TEST

START_TEST(clean_removes_only_this_hosts_leftovers) {
    char out[512], name[256], stale[256], mine[256], live[256], other[256], buf[64];
    snprintf(out, sizeof out, "%s/out.h5", dir);
    long dead = dead_pid();
    snprintf(stale, sizeof stale, ".out.h5.partial-%s-%ld", host(), dead);
    snprintf(mine, sizeof mine, ".out.h5.partial-%s-%ld", host(), (long)getpid());
    snprintf(live, sizeof live, ".out.h5.partial-%s-%ld", host(), (long)getppid());
    snprintf(other, sizeof other, ".out.h5.partial-not-this-host-%ld", dead);
    put(stale, "x");
    put(mine, "x");
    put(live, "keep");  /* a live process may still be building it */
    put(other, "keep"); /* its process cannot be checked from here */
    /* Not the pattern, or not a regular file: never touched, not counted. */
    static const char *const others[] = {"out.h5", "out.h5.partial-h-1", ".out.h5.partialX",
                                         ".out.h5.partial-", ".other.h5.partial-h-1"};
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
        put(others[i], "keep");
    snprintf(name, sizeof name, ".out.h5.partial-%s-%ldx", host(), dead);
    put(name, "keep");
    snprintf(name, sizeof name, ".out.h5.partial-%s-1234567890", host());
    put(name, "keep"); /* more digits than a pid has */
    char link[512], folder[512];
    snprintf(link, sizeof link, "%s/.out.h5.partial-%s-%ld", dir, host(), dead_pid());
    ck_assert_int_eq(symlink("out.h5", link), 0); /* a gone process's name, but a link: kept */
    snprintf(folder, sizeof folder, "%s/.out.h5.partial-%s-1", dir, host());
    ck_assert_int_eq(mkdir(folder, 0755), 0); /* pid 1 lives: kept */

    int removed = -1, kept = -1;
    md_h5tmp_clean(out, &removed, &kept);
    ck_assert_int_eq(removed, 2);
    ck_assert_int_eq(kept, 4);
    ck_assert(!exists(stale) && !exists(mine));
    ck_assert_str_eq(get(live, buf), "keep");
    ck_assert_str_eq(get(other, buf), "keep");
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
        ck_assert_str_eq(get(others[i], buf), "keep");
    ck_assert_str_eq(get(name, buf), "keep");
    struct stat sb;
    ck_assert(lstat(link, &sb) == 0 && S_ISLNK(sb.st_mode));
    ck_assert_str_eq(get("out.h5", buf), "keep"); /* the link's target */
    ck_assert(stat(folder, &sb) == 0 && S_ISDIR(sb.st_mode));

    /* A folder of a gone process's name is left alone too (only regular files go). */
    snprintf(folder, sizeof folder, "%s/%s", dir, stale);
    ck_assert_int_eq(mkdir(folder, 0755), 0);
    md_h5tmp_clean(out, &removed, &kept);
    ck_assert_int_eq(removed, 0);
    ck_assert_int_eq(kept, 5);
    ck_assert(stat(folder, &sb) == 0 && S_ISDIR(sb.st_mode));

    snprintf(out, sizeof out, "%s/no_such_dir/out.h5", dir);
    md_h5tmp_clean(out, &removed, &kept);
    ck_assert(removed == 0 && kept == 0);
}
END_TEST

int main(void) {
    Suite *s = suite_create("h5tmp");
    TCase *tc = tcase_create("partial");
    tcase_add_checked_fixture(tc, make_dir, remove_dir); /* also after a failed test */
    tcase_add_test(tc, name_lies_next_to_the_output);
    tcase_add_test(tc, commit_replaces_the_output_or_leaves_it_as_it_was);
    tcase_add_test(tc, clean_removes_only_this_hosts_leftovers);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
