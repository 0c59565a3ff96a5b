/* Test helper for the CLI scripts: prints what a sweep file holds.
 *   md_h5q status FILE          /status, one value per run, space-separated
 *   md_h5q column FILE PATH     any numeric 1-D dataset, %.17g
 *   md_h5q row FILE PATH I      row I of a numeric 2-D dataset (run I's series/<column>), %.17g
 *   md_h5q string FILE PATH I   element I of a string dataset
 *   md_h5q compare A B          exit 0 if the per-run data are bit-identical */
#include "md_h5read.h"
#include "sweep_compare.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The 1-D dataset at path, or with row >= 0 that row of the 2-D dataset at path. */
static int print_values(const char *file, const char *path, long row) {
    md_error err;
    md_h5read *r = md_h5read_open(file, &err);
    long n = !r ? -1 : row < 0 ? md_h5read_length(r, path) : md_h5read_row_length(r, path);
    double *v = n > 0 ? malloc((size_t)n * sizeof *v) : NULL;
    int rc = 1;
    if (v && (row < 0 ? md_h5read_doubles(r, path, v, n, &err)
                      : md_h5read_row(r, path, row, v, n, &err)) == MD_OK) {
        for (long i = 0; i < n; i++)
            printf("%s%.17g", i ? " " : "", v[i]);
        printf("\n");
        rc = 0;
    } else {
        fprintf(stderr, "md_h5q: cannot read %s in %s\n", path, file);
    }
    free(v);
    md_h5read_close(&r);
    return rc;
}

int main(int argc, char **argv) {
    if (argc == 3 && strcmp(argv[1], "status") == 0)
        return print_values(argv[2], "summary/status", -1);
    if (argc == 4 && strcmp(argv[1], "column") == 0)
        return print_values(argv[2], argv[3], -1);
    if (argc == 5 && strcmp(argv[1], "row") == 0)
        return print_values(argv[2], argv[3], atol(argv[4]));
    if (argc == 4 && strcmp(argv[1], "compare") == 0)
        return sweep_compare(argv[2], argv[3], stderr);
    if (argc == 5 && strcmp(argv[1], "string") == 0) {
        md_error err;
        char buf[1024];
        md_h5read *r = md_h5read_open(argv[2], &err);
        int rc = r && md_h5read_string(r, argv[3], atol(argv[4]), buf, sizeof buf, &err) == MD_OK;
        if (rc)
            printf("%s\n", buf);
        md_h5read_close(&r);
        return rc ? 0 : 1;
    }
    fprintf(stderr, "usage: md_h5q status FILE | column FILE PATH | row FILE PATH I | "
                    "string FILE PATH I | compare A B\n");
    return 2;
}
