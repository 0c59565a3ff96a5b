/* sweep_bench: the tool's own costs, apart from the model.
 *
 *   mpirun -n P sweep_bench layout N [N ...]   time to create the whole file layout for N runs
 *                                              (collective md_h5_create + close), per rank count
 *   mpirun -n P sweep_bench sweep MANIFEST     runs a sweep of many short runs through the real
 *                                              CLI path with --timing: the scheduler's and the
 *                                              writer's share of the ranks' wall time
 *
 * Layout runs use the real series/summary tables with MD_BENCH_SAMPLES samples (default 33, the
 * quickstart's) and MD_BENCH_BINS bins (default 20) per run; files go to $TMPDIR (default /tmp)
 * and are removed unless MD_BENCH_KEEP=1 (to inspect them with h5stat/h5dump). */
#include "md_cli.h"
#include "md_h5.h"

#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

static long env_long(const char *name, long def) {
    const char *v = getenv(name);
    return v && *v ? atol(v) : def;
}

/* CPU seconds (user + system) of this process so far: steadier than wall time on a shared
 * machine. */
static double cpu_seconds(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + 1e-6 * (double)ru.ru_utime.tv_usec +
           (double)ru.ru_stime.tv_sec + 1e-6 * (double)ru.ru_stime.tv_usec;
}

static int bench_layout(long n_runs, int rank, int size) {
    long n_samples = env_long("MD_BENCH_SAMPLES", 33);
    int n_bins = (int)env_long("MD_BENCH_BINS", 20);
    double *tm = malloc((size_t)n_runs * sizeof *tm);
    const char **hash = malloc((size_t)n_runs * sizeof *hash);
    if (!tm || !hash)
        return 1;
    for (long i = 0; i < n_runs; i++) {
        tm[i] = 3000.0 + (double)(i % 30) * 100.0;
        hash[i] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    }
    md_h5_param p = {"radiation.TM_K", "K", tm, NULL};
    md_h5_sweep sw = {.n_runs = n_runs,
                      .manifest_json = "{}",
                      .manifest_hash = "bench",
                      .program_version = "bench",
                      .n_params = 1,
                      .params = &p,
                      .n_samples = n_samples,
                      .n_bins = n_bins,
                      .param_hash = hash};
    char path[512];
    const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    snprintf(path, sizeof path, "%s/md_sweep_bench_%ld.h5", tmp, n_runs);
    md_error err;
    MPI_Barrier(MPI_COMM_WORLD);
    double t0 = MPI_Wtime(), c0 = cpu_seconds();
    md_h5 *h = md_h5_create(path, MPI_COMM_WORLD, &sw, &err);
    double t1 = MPI_Wtime(), c1 = cpu_seconds();
    md_status st = h ? md_h5_close(&h, &err) : err.status;
    double t2 = MPI_Wtime();
    if (rank == 0) {
        struct stat sb;
        double mb = stat(path, &sb) == 0 ? (double)sb.st_size / 1048576.0 : -1.0;
        if (st != MD_OK)
            fprintf(stderr, "layout %ld: %s\n", n_runs, err.msg);
        else
            printf("layout  ranks %2d  runs %7ld  samples %ld  bins %d  create %.3f s (rank 0 cpu "
                   "%.3f s, %.2f us/run)  close %.3f s  file %.1f MiB, %.0f bytes of it in "
                   "/summary and metadata\n",
                   size, n_runs, n_samples, n_bins, t1 - t0, c1 - c0,
                   1e6 * (t1 - t0) / (double)n_runs, t2 - t1, mb,
                   mb * 1048576.0 - (double)n_runs * md_h5_estimate_bytes(&sw, 0));
        if (!env_long("MD_BENCH_KEEP", 0))
            remove(path);
    }
    free(tm);
    free(hash);
    return st == MD_OK ? 0 : 1;
}

static int bench_sweep(const char *manifest, int rank) {
    char path[512];
    const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    snprintf(path, sizeof path, "%s/md_sweep_bench_sweep.h5", tmp);
    char prog[] = "marsdisk-sweep", quiet[] = "--quiet", force[] = "--force", timing[] = "--timing",
         o[] = "-o";
    char man[512];
    snprintf(man, sizeof man, "%s", manifest);
    char *const argv[] = {prog, quiet, force, timing, o, path, man, NULL};
    double t0 = MPI_Wtime();
    int code = md_cli_run(7, argv, MPI_COMM_WORLD);
    if (rank == 0) {
        printf("sweep %s: exit %d, wall %.3f s\n", manifest, code, MPI_Wtime() - t0);
        remove(path);
    }
    return code;
}

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    int rank = 0, size = 1, rc = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (argc >= 3 && strcmp(argv[1], "layout") == 0) {
        for (int i = 2; i < argc && rc == 0; i++)
            rc = bench_layout(atol(argv[i]), rank, size);
    } else if (argc == 3 && strcmp(argv[1], "sweep") == 0) {
        rc = bench_sweep(argv[2], rank);
    } else {
        if (rank == 0)
            fprintf(stderr, "usage: sweep_bench layout N [N ...] | sweep MANIFEST.json\n");
        rc = 2;
    }
    MPI_Finalize();
    return rc;
}
