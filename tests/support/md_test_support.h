/* Shared helpers for the Check suites. */
#ifndef MD_TEST_SUPPORT_H
#define MD_TEST_SUPPORT_H

#include <check.h>
#include <stddef.h>

/* Path of the reference material folder (env MD_SHARED_DIR, else "../shared"), or NULL with a
 * line on stderr saying that it is absent. */
const char *md_test_shared_dir(void);

/* Exit status by which a test says "skipped" (CTest SKIP_RETURN_CODE). */
enum { MD_TEST_SKIP = 77 };

/* For a test program that needs the reference material: returns if its folder exists; else says
 * so on stderr and exits MD_TEST_SKIP, or 1 when the environment sets MD_REQUIRE_SHARED=1 (CI:
 * a missing ../shared must fail, never pass by skipping). Call first in main. */
void md_test_require_shared(void);

/* Writes "<shared>/<rel>" into buf; returns 0 if that file or folder exists, else -1 (and says
 * on stderr which file is missing). */
int md_test_shared_path(char *buf, size_t len, const char *rel);

/* Relative difference |a-b| / max(|a|,|b|), 0 when both are 0; NaN==NaN counts as equal (0). */
double md_test_rel_diff(double a, double b);

/* Runs the suite with Check's default runner and returns the process exit status. */
int md_test_run_suite(Suite *suite);

#endif
