/* Golden integration test: one CTest per reference case (tests/reference_cases/CMakeLists.txt).
 *
 *   test_golden <case>               runs golden/<case> and asserts every quantity within 1e-9
 *                                    of the reference (golden_compare.h), known gaps aside
 *   test_golden --inventory <c>...   asserts that the cases registered with CTest are exactly
 *                                    the folders of golden/ (a new reference case gets a test)
 *
 * The reference material is found through MD_SHARED_DIR; its absence is a failure. */
#define _POSIX_C_SOURCE 200809L /* opendir */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "golden_compare.h"
#include "md_test_support.h"

static const char *case_name;
static int inventory_argc;
static char **inventory_argv;

START_TEST(test_case_matches_reference) {
    char case_dir[4096], rel[512], data_dir[4096];
    snprintf(rel, sizeof rel, "golden/%s/manifest.json", case_name);
    ck_assert_msg(md_test_shared_path(case_dir, sizeof case_dir, rel) == 0,
                  "reference case %s missing: set MD_SHARED_DIR to the folder holding golden/",
                  rel);
    ck_assert_msg(md_test_shared_path(data_dir, sizeof data_dir, "data") == 0,
                  "reference tables missing: set MD_SHARED_DIR to the folder holding data/");
    snprintf(rel, sizeof rel, "golden/%s", case_name);
    md_test_shared_path(case_dir, sizeof case_dir, rel);

    golden_options opt = {stdout, 0, NULL};
    golden_outcome res;
    md_error err;
    md_status st = golden_compare_case(case_dir, data_dir, &opt, &res, &err);
    fflush(stdout);
    ck_assert_msg(st == MD_OK, "%s: comparison not made: %s: %s", case_name, md_status_str(st),
                  err.msg);
    ck_assert_msg(res.n_checked > 0, "%s: nothing compared", case_name);
    ck_assert_msg(res.n_fail == 0, "%s: %d of %d quantities deviate by more than %.0e: %s",
                  case_name, res.n_fail, res.n_checked, GOLDEN_TOL, res.summary);
}
END_TEST

static int registered(const char *name) {
    for (int i = 0; i < inventory_argc; i++)
        if (strcmp(inventory_argv[i], name) == 0)
            return 1;
    return 0;
}

START_TEST(test_every_case_registered) {
    char golden[4096], path[8192];
    ck_assert_msg(md_test_shared_path(golden, sizeof golden, "golden") == 0,
                  "reference material missing: set MD_SHARED_DIR to the folder holding golden/");
    DIR *d = opendir(golden);
    ck_assert_msg(d != NULL, "cannot list %s", golden);
    int n_found = 0, n_missing = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        struct stat st;
        snprintf(path, sizeof path, "%s/%s/manifest.json", golden, e->d_name);
        if (e->d_name[0] == '.' || stat(path, &st) != 0)
            continue;
        n_found++;
        if (!registered(e->d_name)) {
            fprintf(stderr, "golden case without a test: %s\n", e->d_name);
            n_missing++;
        }
    }
    closedir(d);
    ck_assert_msg(n_missing == 0,
                  "%d golden case(s) have no CTest (tests/reference_cases/CMakeLists.txt)",
                  n_missing);
    ck_assert_msg(n_found == inventory_argc,
                  "%d cases registered but %d folders in %s (a registered case is gone)",
                  inventory_argc, n_found, golden);
}
END_TEST

int main(int argc, char **argv) {
    md_test_require_shared();
    if (argc < 2) {
        fprintf(stderr, "usage: %s <case> | --inventory <case>...\n", argv[0]);
        return EXIT_FAILURE;
    }
    Suite *s = suite_create("golden");
    TCase *tc = tcase_create("golden");
    tcase_set_timeout(tc, 7200); /* above any CTest TIMEOUT below: CTest bounds the run */
    if (strcmp(argv[1], "--inventory") == 0) {
        inventory_argc = argc - 2;
        inventory_argv = argv + 2;
        tcase_add_test(tc, test_every_case_registered);
    } else {
        case_name = argv[1];
        tcase_add_test(tc, test_case_matches_reference);
    }
    suite_add_tcase(s, tc);
    return md_test_run_suite(s);
}
