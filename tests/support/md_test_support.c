#include "md_test_support.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *md_test_shared_dir(void) {
    const char *dir = getenv("MD_SHARED_DIR");
    if (!dir || !*dir)
        dir = "../shared";
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "reference material not found at '%s' (set MD_SHARED_DIR)\n", dir);
        return NULL;
    }
    return dir;
}

void md_test_require_shared(void) {
    if (md_test_shared_dir())
        return;
    const char *require = getenv("MD_REQUIRE_SHARED");
    if (require && strcmp(require, "1") == 0) {
        fprintf(stderr, "MD_REQUIRE_SHARED=1: the reference material is required here; failing\n");
        exit(EXIT_FAILURE);
    }
    fprintf(stderr, "skipped: this test compares with the reference material (golden outputs, "
                    "tables) and cannot run without it\n");
    exit(MD_TEST_SKIP);
}

int md_test_shared_path(char *buf, size_t len, const char *rel) {
    const char *dir = md_test_shared_dir();
    if (!dir)
        return -1;
    snprintf(buf, len, "%s/%s", dir, rel);
    struct stat st;
    if (stat(buf, &st) != 0) {
        fprintf(stderr, "reference file missing: %s\n", buf);
        return -1;
    }
    return 0;
}

double md_test_rel_diff(double a, double b) {
    if (isnan(a) && isnan(b))
        return 0.0;
    if (a == b)
        return 0.0;
    double scale = fmax(fabs(a), fabs(b));
    return fabs(a - b) / scale;
}

int md_test_run_suite(Suite *suite) {
    SRunner *runner = srunner_create(suite);
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
