/* golden_diff: the golden comparison of one case from the command line, for iterating on the
 * driver:
 *
 *   golden_diff [--fails] [--column NAME] <case_dir> [data_dir]
 *
 * case_dir is a folder of the reference outputs (e.g. ../shared/golden/c01_T4000_eps1_tau1);
 * data_dir (default: <case_dir>/../../data) holds the tables the manifest names. Prints, per
 * quantity, the largest relative deviation, its row, the first row over 1e-9 and the two values
 * (--fails: only the failing ones; --column NAME: also that series column row by row, with
 * the step, both values and the deviation). Exit status 0 when everything is within 1e-9 (or a
 * known gap), 1 when something is not, 2 when the comparison could not be made. */
#include <stdio.h>
#include <string.h>

#include "golden_compare.h"

int main(int argc, char **argv) {
    golden_options opt = {stdout, 0, NULL};
    int a = 1;
    for (; a < argc && strncmp(argv[a], "--", 2) == 0; a++) {
        if (strcmp(argv[a], "--fails") == 0)
            opt.only_fail = 1;
        else if (strcmp(argv[a], "--column") == 0 && a + 1 < argc)
            opt.dump_column = argv[++a];
        else
            break;
    }
    if (argc - a < 1 || argc - a > 2 || (a < argc && strncmp(argv[a], "--", 2) == 0)) {
        fprintf(stderr, "usage: %s [--fails] [--column NAME] <case_dir> [data_dir]\n", argv[0]);
        return 2;
    }
    char data_dir[4096];
    if (argc - a == 2)
        snprintf(data_dir, sizeof data_dir, "%s", argv[a + 1]);
    else
        snprintf(data_dir, sizeof data_dir, "%s/../../data", argv[a]);
    golden_outcome res;
    md_error err;
    md_status st = golden_compare_case(argv[a], data_dir, &opt, &res, &err);
    if (st != MD_OK) {
        fprintf(stderr, "golden_diff: %s: %s\n", md_status_str(st), err.msg);
        return 2;
    }
    return res.n_fail == 0 ? 0 : 1;
}
