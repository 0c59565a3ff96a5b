/* The whole tool under mpiexec (np 1, 2, 4): the sweep of tests/mpi/small.json written by all
 * ranks equals, bit for bit, the same sweep run by rank 0 alone; every run is done; h5dump reads
 * the file. Check runs in no-fork mode (CK_FORK=no): MPI processes must not fork. */
#define _POSIX_C_SOURCE 200809L /* setenv, getpid */
#include "md_cli.h"
#include "md_test_support.h"
#include "sweep_compare.h"
#include "md_lsan_mpi.h"

#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const char *manifest;
static char file_all[512], file_one[512];

static int sweep(MPI_Comm comm, const char *out) {
    char prog[] = "marsdisk-sweep", quiet[] = "--quiet", force[] = "--force", o[] = "-o";
    char out_arg[512], man_arg[512];
    snprintf(out_arg, sizeof out_arg, "%s", out);
    snprintf(man_arg, sizeof man_arg, "%s", manifest);
    char *const argv[] = {prog, quiet, force, o, out_arg, man_arg, NULL};
    return md_cli_run(6, argv, comm);
}

START_TEST(results_do_not_depend_on_the_number_of_ranks) {
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    int code = sweep(MPI_COMM_WORLD, file_all);
    int code_one = rank == 0 ? sweep(MPI_COMM_SELF, file_one) : 0;
    MPI_Barrier(MPI_COMM_WORLD);
    if (rank != 0)
        return;
    ck_assert_int_eq(code, MD_EXIT_OK);
    ck_assert_int_eq(code_one, MD_EXIT_OK);
    double status[64];
    long n = sweep_read_status(file_all, status, 64, stderr);
    ck_assert_int_eq(n, 6);
    for (long i = 0; i < n; i++)
        ck_assert_msg(status[i] == 1, "run %ld has status %g", i, status[i]);
    ck_assert_msg(sweep_compare(file_all, file_one, stderr) == 0,
                  "per-run data differ between %s and %s", file_all, file_one);
    if (system("command -v h5dump >/dev/null 2>&1") != 0) {
        fprintf(stderr, "h5dump not installed: skipping the h5dump check\n");
    } else {
        char cmd[1200];
        snprintf(cmd, sizeof cmd, "h5dump -H %s >/dev/null", file_all);
        ck_assert_msg(system(cmd) == 0, "h5dump cannot read %s", file_all);
    }
    remove(file_all);
    remove(file_one);
}
END_TEST

int main(int argc, char **argv) {
    md_lsan_mpi_setenv();
    MPI_Init(&argc, &argv);
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (argc < 2) {
        if (rank == 0)
            fprintf(stderr, "usage: test_mpi_sweep MANIFEST.json\n");
        MPI_Finalize();
        return 2;
    }
    manifest = argv[1];
    long id = (long)getpid();
    MPI_Bcast(&id, 1, MPI_LONG, 0, MPI_COMM_WORLD); /* one file name for all ranks */
    const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    snprintf(file_all, sizeof file_all, "%s/md_mpi_np%d_%ld.h5", tmp, size, id);
    snprintf(file_one, sizeof file_one, "%s/md_mpi_np%d_%ld_serial.h5", tmp, size, id);
    Suite *s = suite_create("mpi_sweep");
    TCase *tc = tcase_create("sweep");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, results_do_not_depend_on_the_number_of_ranks);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_set_fork_status(sr, CK_NOFORK);
    srunner_run_all(sr, rank == 0 ? CK_NORMAL : CK_SILENT);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    MPI_Allreduce(MPI_IN_PLACE, &failed, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    MPI_Finalize();
    return failed ? 1 : 0;
}
