/* md_cli: options and wiring of marsdisk-sweep (see md_cli.h). */
#define _POSIX_C_SOURCE 200809L /* sigaction, isatty, clock_gettime */
#include "md_cli.h"

#include "md_h5.h"
#include "md_h5guard.h"
#include "md_h5read.h"
#include "md_h5tmp.h"
#include "md_manifest.h"
#include "md_report.h"
#include "md_run.h"
#include "md_sched.h"

#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#ifndef MD_VERSION
#define MD_VERSION "unknown"
#endif

_Static_assert((int)MD_SCHED_DONE == (int)MD_H5_DONE && (int)MD_SCHED_FAILED == (int)MD_H5_FAILED &&
                   (int)MD_SCHED_PENDING == (int)MD_H5_PENDING,
               "scheduler and file must agree on /status codes");

/* Set by SIGTERM/SIGUSR1; read between runs (the run in hand always finishes). */
static volatile sig_atomic_t stop_signal = 0;

static void on_stop_signal(int sig) {
    stop_signal = sig;
}

static void install_signals(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGUSR1, &sa, NULL);
}

static const char usage_text[] =
    "Usage: marsdisk-sweep [options] MANIFEST.json\n"
    "       mpirun -n N marsdisk-sweep [options] MANIFEST.json\n"
    "       marsdisk-sweep report FILE.h5 [--csv]   (the sweep table of a file; report --help)\n"
    "\n"
    "Runs every case of a parameter sweep of the Mars-disk 0D model (run_zero_d) over the MPI\n"
    "ranks and writes all of them into one HDF5 file.\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE  HDF5 output (default: the manifest's output.path, else\n"
    "                     <manifest name>.h5 in the working directory)\n"
    "  --resume           continue an interrupted sweep in FILE: runs marked done are skipped;\n"
    "                     the manifest's text may differ (indentation, description, key\n"
    "                     order), its runs may not: refused, naming the first run and value\n"
    "                     that differ, or a changed series_stride/series_columns (starts a\n"
    "                     new file if FILE does not exist yet)\n"
    "  --retry-failed     with --resume, also re-run the runs marked failed\n"
    "  --force            replace an existing FILE: the old file stays intact until the new\n"
    "                     file's layout is complete (without --force an existing file is\n"
    "                     never touched)\n"
    "  --dry-run          expand and validate the manifest, print the number of runs and the\n"
    "                     first ones; write nothing\n"
    "  --parameters ID    print run ID's whole resolved parameter set (canonical JSON, the\n"
    "                     text its param_hash is the SHA-256 of); write nothing\n"
    "  --data-dir DIR     where table files named in the manifest are looked up after the\n"
    "                     manifest's own folder (default: $MARSDISK_DATA_DIR)\n"
    "  --progress         progress line on stderr: done / failed / total, runs/s, ETA\n"
    "                     (default when stderr is a terminal)\n"
    "  --heartbeat SEC    every SEC seconds, a timestamped line on stderr: runs done / failed\n"
    "                     / pending, elapsed, ETA (default 60 when stderr is not a terminal,\n"
    "                     e.g. in a batch job's log; 0 turns it off)\n"
    "  --quiet            no progress line, heartbeat or final summary line (errors and the\n"
    "                     messages of failed runs still print)\n"
    "  --timing           at the end, print the time spent in layout creation, scheduler,\n"
    "                     model, writer and close, summed over the ranks\n"
    "  --columns          list the series columns and summary values, with units\n"
    "  --version          print the program and file-format versions\n"
    "  -h, --help         this text\n"
    "\n"
    "Exit status:\n"
    "  0  every run succeeded\n"
    "  1  the sweep completed but some runs failed (see summary/status and summary/error\n"
    "     in the file, or `marsdisk-sweep report FILE`)\n"
    "  2  usage or manifest error, or a file that would not fit in the free space; nothing\n"
    "     was written, an existing file is untouched\n"
    "  3  I/O or MPI failure\n"
    "  128+N  stopped by signal N (SIGTERM 143, SIGUSR1 138) before every run was done: the\n"
    "     runs in hand were finished and the file closed; run again with --resume\n"
    "\n";

/* The second half of --help (one literal would pass the 4,095 bytes C99 promises to hold). */
static const char usage_text_more[] =
    "Signals: SIGTERM or SIGUSR1 (e.g. Slurm's --signal=B:USR1@120) make every rank finish its\n"
    "current run, take no new one and close the file. Under mpirun send SIGUSR1 (mpirun\n"
    "forwards it to the ranks; SIGTERM to mpirun ends the job). A file cut by kill -9 is\n"
    "still accepted by --resume: every run marked done is intact. The new file's layout is\n"
    "built in FILE's folder as .NAME.partial-HOST-PID and renamed to FILE once complete: a\n"
    "sweep killed before that leaves no FILE (or the old one, with --force), and the next run\n"
    "on this host removes the leftover.\n"
    "While a sweep runs, FILE is locked (.NAME.lock beside it, holding host and pid): a second\n"
    "sweep on FILE is refused. If FILE is deleted or replaced meanwhile, the results are\n"
    "saved as .NAME.recovered-HOST-PID and the sweep exits 3.\n"
    "\n"
    "Environment:\n"
    "  MARSDISK_DATA_DIR  default for --data-dir\n"
    "  MARSDISK_EXIT_STATUS_FILE  rank 0 writes the exit status into this file at the end\n"
    "                     (mpirun's own status does not carry it; the job templates read it)\n"
    "  HDF5_USE_FILE_LOCKING=FALSE  on file systems without flock (some Lustre/NFS mounts)\n"
    "\n"
    "Manifest: sweeps/README.md describes every field; sweeps/quickstart.json is a small\n"
    "example that needs no data files, sweeps/grid.json the research sweep.\n"
    "Output (netCDF-4 compatible: xarray, ncdump, h5py read it): /summary/<name> indexed by\n"
    "run (summary values, status, error, and the varying parameters as coordinates),\n"
    "/series/<column>[run][sample] (coordinate time; row i is run i's series),\n"
    "/psd/<name>[run][bin] (coordinate s); units (UDUNITS) and long_name on every\n"
    "variable. output.series_stride and output.series_columns set the file's size;\n"
    "--dry-run tells it, and a sweep whose file would not fit in the free space is\n"
    "refused before anything is written.\n";

md_status md_cli_parse(int argc, char *const *argv, md_cli_options *o, md_error *err) {
    memset(o, 0, sizeof *o);
    o->progress = -1;
    o->heartbeat_s = -1;
    o->parameters = -1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0 || strcmp(a, "--data-dir") == 0) {
            if (i + 1 >= argc)
                return md_error_set(err, MD_ERR_USAGE, "option %s needs a value", a);
            if (a[1] == 'o' || a[2] == 'o')
                o->output = argv[++i];
            else
                o->data_dir = argv[++i];
        } else if (strcmp(a, "--heartbeat") == 0 || strncmp(a, "--heartbeat=", 12) == 0) {
            const char *v = a[11] == '=' ? a + 12 : (i + 1 < argc ? argv[++i] : NULL);
            char *end = NULL;
            double sec = v ? strtod(v, &end) : NAN;
            if (!v || end == v || *end != '\0' || !(sec >= 0) || sec > 1e6)
                return md_error_set(err, MD_ERR_USAGE,
                                    "--heartbeat needs a number of seconds from 0 (off) to 1e6, "
                                    "got %s",
                                    v ? v : "nothing");
            o->heartbeat_s = sec;
        } else if (strcmp(a, "--parameters") == 0) {
            const char *v = i + 1 < argc ? argv[++i] : NULL;
            char *end = NULL;
            long id = v ? strtol(v, &end, 10) : -1;
            if (!v || end == v || *end != '\0' || id < 0)
                return md_error_set(err, MD_ERR_USAGE,
                                    "--parameters needs a run id (0, 1, ...), "
                                    "got %s",
                                    v ? v : "nothing");
            o->parameters = id;
        } else if (strncmp(a, "--output=", 9) == 0) {
            o->output = a + 9;
        } else if (strncmp(a, "--data-dir=", 11) == 0) {
            o->data_dir = a + 11;
        } else if (strcmp(a, "--resume") == 0) {
            o->resume = true;
        } else if (strcmp(a, "--retry-failed") == 0) {
            o->retry_failed = true;
        } else if (strcmp(a, "--force") == 0) {
            o->force = true;
        } else if (strcmp(a, "--dry-run") == 0) {
            o->dry_run = true;
        } else if (strcmp(a, "--progress") == 0) {
            o->progress = 1;
        } else if (strcmp(a, "--quiet") == 0) {
            o->quiet = true;
            o->progress = 0;
            o->heartbeat_s = 0;
        } else if (strcmp(a, "--timing") == 0) {
            o->timing = true;
        } else if (strcmp(a, "--columns") == 0) {
            o->columns = true;
        } else if (strcmp(a, "--version") == 0) {
            o->version = true;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            o->help = true;
        } else if (a[0] == '-' && a[1] != '\0') {
            return md_error_set(err, MD_ERR_USAGE, "unknown option %s (see --help)", a);
        } else if (o->manifest) {
            return md_error_set(err, MD_ERR_USAGE, "one manifest only (got %s and %s)", o->manifest,
                                a);
        } else {
            o->manifest = a;
        }
    }
    if (o->quiet) /* --quiet silences the heartbeat whatever the order of the options */
        o->heartbeat_s = 0;
    if (o->help || o->version || o->columns)
        return MD_OK;
    if (!o->manifest)
        return md_error_set(err, MD_ERR_USAGE, "no manifest given (see --help)");
    if (o->retry_failed && !o->resume)
        return md_error_set(err, MD_ERR_USAGE, "--retry-failed needs --resume");
    if (o->resume && o->force)
        return md_error_set(err, MD_ERR_USAGE, "--resume and --force exclude each other");
    return MD_OK;
}

/* ---- the sweep as the ranks see it ---------------------------------------------------------- */

/* Phases whose wall time --timing reports. */
enum { T_LAYOUT, T_SCHED, T_MODEL, T_WRITE, T_CLOSE, T_TOTAL, T_COUNT };
static const char *const phase_names[T_COUNT] = {"layout", "scheduler", "model",
                                                 "writer", "close",     "total"};

/* The first failed runs of a rank, kept to be printed at the end (the rest are in /error). */
enum { FAILED_SHOWN = 5, FAILED_MSG_LEN = 512 };
typedef struct failed_run {
    long id; /* -1: unused slot */
    char msg[FAILED_MSG_LEN];
} failed_run;

typedef struct sweep {
    md_cli_options opt;
    MPI_Comm comm;
    int rank, size;
    md_manifest *man;
    md_params *params; /* scratch: the parameter set of the run in hand */
    double t[T_COUNT]; /* this rank's time per phase [s] (--timing) */
    long n_runs, stride;
    bool keep[MD_COL_COUNT]; /* series columns written (output.series_columns) */
    bool keep_all;
    char output_layout[96]; /* md_h5_sweep.output_layout */
    /* Per run, all that is kept of its plan (md_run_plan): 16 bytes a run on every rank. */
    long *n_samples; /* [n_runs] series length */
    double *cost;    /* [n_runs] planned steps x bins^2: the scheduler serves the costliest first */
    char (*hashes)[65]; /* rank 0: [n_runs] parameter hashes (--resume's check, the layout) */
    long max_samples;   /* the longest run's series, the file's row length */
    int max_bins;       /* the most PSD bins of any run */
    md_workspace *ws;   /* this rank's: its table cache is filled during validation */
    char output[4096];
    double heartbeat_s, heartbeat_next, t_loop0; /* rank 0's heartbeat [s], MPI_Wtime */
    long n_pending;
    failed_run failed[FAILED_SHOWN];
    int n_failed_kept;
} sweep;

/* Every rank must take the same branch: the worst status of all ranks wins. */
static md_status agree(MPI_Comm comm, md_status st) {
    int local = (int)st, worst = 0;
    if (MPI_Allreduce(&local, &worst, 1, MPI_INT, MPI_MAX, comm) != MPI_SUCCESS)
        return MD_ERR_MPI;
    return (md_status)worst;
}

static int exit_code_of(md_status st) {
    switch (st) {
    case MD_OK:
        return MD_EXIT_OK;
    case MD_ERR_USAGE:
    case MD_ERR_CONFIG:
    case MD_ERR_UNSUPPORTED:
        return MD_EXIT_USAGE;
    case MD_ERR_STOPPED: /* as a shell reports a job ended by that signal */
        return 128 + (stop_signal ? (int)stop_signal : SIGTERM);
    default:
        return MD_EXIT_IO;
    }
}

/* output.series_columns -> s->keep; and the output options that shape the file, which --resume
 * must find unchanged (s->output_layout). */
static md_status resolve_columns(sweep *s, md_error *err) {
    int n = md_manifest_series_column_count(s->man);
    s->keep_all = n < 0;
    for (int c = 0; c < md_series_column_count; c++)
        s->keep[c] = s->keep_all;
    for (int i = 0; i < n; i++) {
        const char *name = md_manifest_series_column(s->man, i);
        int c = 0;
        while (c < md_series_column_count && strcmp(md_series_columns[c].name, name) != 0)
            c++;
        if (c == md_series_column_count)
            return md_error_set(err, MD_ERR_CONFIG,
                                "%s: output.series_columns[%d]: no series column is named '%s' "
                                "(names as in the reference's series/run.parquet: time, dt, tau, "
                                "M_loss_cum, ...; `marsdisk-sweep --columns` lists them)",
                                s->opt.manifest, i, name);
        s->keep[c] = true;
    }
    snprintf(s->output_layout, sizeof s->output_layout, "series_stride %ld, series_columns %s",
             s->stride, s->keep_all ? "all" : "");
    if (!s->keep_all) { /* the list in the file's order, so that reordering it changes nothing */
        unsigned long long h = 1469598103934665603ULL; /* FNV-1a of the kept column numbers */
        for (int c = 0; c < md_series_column_count; c++)
            if (s->keep[c])
                h = (h ^ (unsigned long long)c) * 1099511628211ULL;
        size_t len = strlen(s->output_layout);
        snprintf(s->output_layout + len, sizeof s->output_layout - len, "%d (%016llx)", n, h);
    }
    return MD_OK;
}

/* Rank r's share of n runs: [n r / size, n (r + 1) / size). */
static long block_start(long n, int r, int size) {
    return n * r / size;
}

/* Every rank's block of n runs as MPI counts and displacements, in units of `unit` elements a
 * run (10 million runs x 65 bytes still fit an int). */
static void block_counts(long n, int size, long unit, int *counts, int *displs) {
    for (int r = 0; r < size; r++) {
        displs[r] = (int)(block_start(n, r, size) * unit);
        counts[r] = (int)((block_start(n, r + 1, size) - block_start(n, r, size)) * unit);
    }
}

/* What the driver supports, every table it reads (each file once, through the workspace's
 * cache) and the plan that sizes the layout, for this rank's block of the runs; then every rank
 * gets every run's series length and cost, and the longest series and most bins (collective).
 * A failure is the one of the lowest run that fails, on every rank, as if one rank had gone
 * through the runs in order. */
static md_status plan_runs(sweep *s, md_error *err) {
    const long n = s->n_runs, begin = block_start(n, s->rank, s->size),
               end = block_start(n, s->rank + 1, s->size);
    long failed_at = LONG_MAX;
    md_status st = MD_OK;
    for (long i = begin; i < end && st == MD_OK; i++) {
        md_run_plan plan;
        if (stop_signal)
            st = md_error_set(err, MD_ERR_STOPPED,
                              "stopped by a signal while validating run %ld of %ld", i, n);
        if (st == MD_OK)
            st = md_manifest_run(s->man, i, s->params, err);
        if (st == MD_OK)
            st = md_run_validate(s->params, err);
        if (st == MD_OK)
            st = md_run_check_tables(s->params, s->ws, err);
        if (st == MD_OK)
            st = md_run_plan_make(s->params, s->stride, &plan, err);
        if (st == MD_OK) {
            s->n_samples[i] = plan.n_samples;
            s->cost[i] = (double)plan.n_steps * plan.n_bins * plan.n_bins;
            s->max_samples = plan.n_samples > s->max_samples ? plan.n_samples : s->max_samples;
            s->max_bins = plan.n_bins > s->max_bins ? plan.n_bins : s->max_bins;
        } else if (st != MD_ERR_STOPPED) {
            char origin[512];
            md_error_prefix(err, "%s: run %ld (%s)", s->opt.manifest, i,
                            md_manifest_run_origin(s->man, i, origin, sizeof origin));
            err->status = st = st == MD_ERR_NOMEM ? st : MD_ERR_CONFIG;
        }
        if (st != MD_OK)
            failed_at = i;
    }
    long lowest = LONG_MAX;
    if (MPI_Allreduce(&failed_at, &lowest, 1, MPI_LONG, MPI_MIN, s->comm) != MPI_SUCCESS)
        return md_error_set(err, MD_ERR_MPI, "cannot agree on the runs' validation");
    if (lowest != LONG_MAX) { /* its rank tells every rank why */
        int owner = 0;
        while (block_start(n, owner + 1, s->size) <= lowest)
            owner++;
        MPI_Bcast(err, (int)sizeof *err, MPI_BYTE, owner, s->comm);
        return err->status;
    }
    int *counts = malloc((size_t)s->size * sizeof *counts),
        *displs = malloc((size_t)s->size * sizeof *displs);
    st = counts && displs ? MD_OK : md_error_set(err, MD_ERR_NOMEM, "no memory for the plans");
    if (st == MD_OK)
        block_counts(n, s->size, 1, counts, displs);
    if ((st = agree(s->comm, st)) == MD_OK &&
        (MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, s->n_samples, counts, displs, MPI_LONG,
                        s->comm) != MPI_SUCCESS ||
         MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, s->cost, counts, displs, MPI_DOUBLE,
                        s->comm) != MPI_SUCCESS ||
         MPI_Allreduce(MPI_IN_PLACE, &s->max_samples, 1, MPI_LONG, MPI_MAX, s->comm) !=
             MPI_SUCCESS ||
         MPI_Allreduce(MPI_IN_PLACE, &s->max_bins, 1, MPI_INT, MPI_MAX, s->comm) != MPI_SUCCESS))
        st = md_error_set(err, MD_ERR_MPI, "cannot share the runs' plans");
    free(displs);
    free(counts);
    return st;
}

/* Loads and validates the manifest (every rank, the same work, so every rank has the parameter
 * sets) and plans every run (each rank a block of them). Collective; a failure is reported once,
 * by rank 0. */
static md_status load_and_validate(sweep *s, md_error *err) {
    const char *data_dir = s->opt.data_dir ? s->opt.data_dir : getenv("MARSDISK_DATA_DIR");
    md_status st = MD_OK;
    s->man = md_manifest_load(s->opt.manifest, data_dir, &stop_signal, err);
    if (!s->man) /* an unreadable manifest is a usage error too: nothing was written */
        st = err->status == MD_ERR_NOMEM || err->status == MD_ERR_STOPPED ? err->status
                                                                          : MD_ERR_CONFIG;
    if (st == MD_OK) {
        s->n_runs = md_manifest_n_runs(s->man);
        s->stride = md_manifest_series_stride(s->man);
        st = resolve_columns(s, err);
    }
    if (st == MD_OK) {
        s->n_samples = calloc((size_t)(s->n_runs > 0 ? s->n_runs : 1), sizeof *s->n_samples);
        s->cost = calloc((size_t)(s->n_runs > 0 ? s->n_runs : 1), sizeof *s->cost);
        s->params = malloc(sizeof *s->params);
        if (!s->n_samples || !s->cost || !s->params)
            st = md_error_set(err, MD_ERR_NOMEM, "no memory for %ld run plans", s->n_runs);
    }
    if (st == MD_OK && !(s->ws = md_workspace_create(err)))
        st = err->status;
    if ((st = agree(s->comm, st)) != MD_OK || (st = plan_runs(s, err)) != MD_OK)
        return st;
    if (s->opt.output)
        snprintf(s->output, sizeof s->output, "%s", s->opt.output);
    else if (md_manifest_output_path(s->man) && md_manifest_output_path(s->man)[0])
        snprintf(s->output, sizeof s->output, "%s", md_manifest_output_path(s->man));
    else
        snprintf(s->output, sizeof s->output, "%s.h5", md_manifest_name(s->man));
    return MD_OK;
}

/* Field f of parameters p as text (numbers %.17g, strings without their JSON quotes). */
static void params_text(const md_params *p, const md_param_field *f, char *buf, size_t len) {
    md_params_format(p, f, buf, len);
    size_t n = strlen(buf);
    if (n >= 2 && buf[0] == '"' && buf[n - 1] == '"') {
        memmove(buf, buf + 1, n - 2);
        buf[n - 2] = '\0';
    }
}

/* The same for run i ("" if its parameters cannot be formed). */
static void param_text(sweep *s, const md_param_field *f, long i, char *buf, size_t len) {
    md_error err;
    buf[0] = '\0';
    if (md_manifest_run(s->man, i, s->params, &err) == MD_OK)
        params_text(s->params, f, buf, len);
}

static bool field_is_numeric(const md_param_field *f) {
    return f->kind == MD_PK_BOOL || f->kind == MD_PK_INT || f->kind == MD_PK_DOUBLE;
}

/* The varying parameters as columns for /parameters. Owns its arrays. */
typedef struct param_cols {
    int n;
    md_h5_param *cols;
    int n_text;        /* of them, keys whose values are text */
    double *values;    /* [n - n_text][n_runs], the numeric keys' values */
    char **strings;    /* [n_text][n_runs], the text keys' values */
    const char **hash; /* [n_runs] borrowed from the manifest */
} param_cols;

static void param_cols_free(param_cols *pc, long n_runs) {
    if (pc->strings)
        for (long i = 0; i < (long)pc->n_text * n_runs; i++)
            free(pc->strings[i]);
    free(pc->strings);
    free(pc->values);
    free(pc->cols);
    free(pc->hash);
    memset(pc, 0, sizeof *pc);
}

static md_status param_cols_make(sweep *s, param_cols *pc, md_error *err) {
    const long nr = s->n_runs;
    memset(pc, 0, sizeof *pc);
    pc->n = md_manifest_n_varying(s->man);
    for (int k = 0; k < pc->n; k++)
        pc->n_text += !field_is_numeric(md_manifest_varying_field(s->man, k));
    pc->cols = calloc((size_t)pc->n + 1, sizeof *pc->cols);
    pc->values = calloc((size_t)(pc->n - pc->n_text) * (size_t)nr + 1, sizeof *pc->values);
    pc->strings = calloc((size_t)pc->n_text * (size_t)nr + 1, sizeof *pc->strings);
    pc->hash = calloc((size_t)nr + 1, sizeof *pc->hash);
    if (!pc->cols || !pc->values || !pc->strings || !pc->hash)
        return md_error_set(err, MD_ERR_NOMEM, "no memory for the layout of %ld runs", nr);
    for (long i = 0; i < nr; i++)
        pc->hash[i] = s->hashes[i];
    size_t *first = calloc((size_t)pc->n + 1, sizeof *first); /* column k in values/strings */
    if (!first)
        return md_error_set(err, MD_ERR_NOMEM, "no memory for the layout of %ld runs", nr);
    for (int k = 0, numbers = 0, texts = 0; k < pc->n; k++) {
        const md_param_field *f = md_manifest_varying_field(s->man, k);
        md_h5_param *c = &pc->cols[k];
        c->key = f->name;
        c->units = f->units;
        first[k] = (size_t)(field_is_numeric(f) ? numbers++ : texts++) * (size_t)nr;
        if (field_is_numeric(f))
            c->values = pc->values + first[k];
        else
            c->strings = (const char *const *)(pc->strings + first[k]);
    }
    md_status st = MD_OK;
    for (long i = 0; i < nr && pc->n > 0 && st == MD_OK; i++) { /* each run's parameters once */
        st = md_manifest_run(s->man, i, s->params, err);
        for (int k = 0; k < pc->n && st == MD_OK; k++) {
            const md_param_field *f = md_manifest_varying_field(s->man, k);
            if (field_is_numeric(f)) {
                pc->values[first[k] + (size_t)i] = md_params_get_number(s->params, f);
                continue;
            }
            char buf[MD_PARAMS_PATH_MAX + 8];
            params_text(s->params, f, buf, sizeof buf);
            if (!(pc->strings[first[k] + (size_t)i] = strdup(buf)))
                st = md_error_set(err, MD_ERR_NOMEM, "no memory for the parameter %s", f->name);
        }
    }
    free(first);
    return st;
}

/* What md_h5_create and md_h5_estimate_bytes need, pointing into pc. */
static md_h5_sweep sweep_layout(sweep *s, const param_cols *pc) {
    return (md_h5_sweep){.n_runs = s->n_runs,
                         .manifest_json = md_manifest_json_text(s->man),
                         .manifest_hash = md_manifest_hash(s->man),
                         .program_version = MD_VERSION,
                         .n_params = pc->n,
                         .params = pc->cols,
                         .n_samples = s->max_samples,
                         .n_bins = s->max_bins,
                         .param_hash = pc->hash,
                         .stop = &stop_signal,
                         .series_keep = s->keep_all ? NULL : s->keep,
                         .output_layout = s->output_layout};
}

/* Free bytes for an unprivileged writer in the folder of path (-1 if unknown). */
static double free_bytes_near(const char *path) {
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else if (slash == dir)
        dir[1] = '\0';
    else
        *slash = '\0';
    struct statvfs sv;
    return statvfs(dir, &sv) == 0 ? (double)sv.f_bavail * (double)sv.f_frsize : -1.0;
}

static void format_bytes(double b, char *buf, size_t len) {
    static const char *const unit[] = {"B", "kB", "MB", "GB", "TB", "PB"};
    int u = 0;
    for (; b >= 1000.0 && u < 5; u++)
        b /= 1000.0;
    snprintf(buf, len, u == 0 ? "%.0f %s" : "%.3g %s", b, unit[u]);
}

/* Refuses a sweep whose planned file does not fit in the free space of its file system, before
 * anything is written (the layout allocates all of it up front). */
static md_status check_space(const sweep *s, const md_h5_sweep *sw, md_error *err) {
    double need = md_h5_estimate_bytes(sw, -1), have = free_bytes_near(s->output);
    if (have < 0 || need <= have)
        return MD_OK;
    char n[32], h[32];
    format_bytes(need, n, sizeof n);
    format_bytes(have, h, sizeof h);
    return md_error_set(err, MD_ERR_CONFIG,
                        "%s would take about %s (%ld runs), but its file system has %s free; "
                        "write fewer samples (output.series_stride, now %ld), fewer columns "
                        "(output.series_columns) or elsewhere (-o); nothing was written",
                        s->output, n, s->n_runs, h, s->stride);
}

/* --parameters ID: run ID's resolved parameter set, as the file's param_hash hashes it. */
static md_status print_parameters(const sweep *s, md_error *err) {
    const long id = s->opt.parameters;
    if (id >= s->n_runs)
        return md_error_set(err, MD_ERR_USAGE, "--parameters %ld: %s has %ld runs (0 to %ld)", id,
                            s->opt.manifest, s->n_runs, s->n_runs - 1);
    char *text = md_manifest_run_canonical(s->man, id, err);
    if (!text)
        return err->status;
    printf("%s\n", text);
    free(text);
    return MD_OK;
}

/* --dry-run: the runs, their size in the file, and whether the file fits where it goes. */
static md_status dry_run(sweep *s, md_error *err) {
    param_cols pc = {0};
    md_status st = param_cols_make(s, &pc, err);
    if (st != MD_OK) {
        param_cols_free(&pc, s->n_runs);
        return st;
    }
    md_h5_sweep sw = sweep_layout(s, &pc);
    int nk = md_manifest_n_varying(s->man);
    printf("%s: %ld runs -> %s\n", s->opt.manifest, s->n_runs, s->output);
    printf("%6s %9s %9s %5s %10s", "run_id", "n_steps", "n_samples", "bins", "bytes");
    for (int k = 0; k < nk; k++)
        printf(" %18s", md_manifest_varying_field(s->man, k)->name);
    printf("\n");
    const long show = s->n_runs < 20 ? s->n_runs : 20;
    for (long i = 0; i < show; i++) {
        md_run_plan plan; /* validated already: planning again cannot fail */
        if ((st = md_manifest_run(s->man, i, s->params, err)) != MD_OK ||
            (st = md_run_plan_make(s->params, s->stride, &plan, err)) != MD_OK)
            break;
        printf("%6ld %9ld %9ld %5d %10.0f", i, plan.n_steps, plan.n_samples, plan.n_bins,
               md_h5_estimate_bytes(&sw, i));
        for (int k = 0; k < nk; k++) {
            char v[128];
            const md_param_field *f = md_manifest_varying_field(s->man, k);
            param_text(s, f, i, v, sizeof v);
            if (field_is_numeric(f)) /* short form for the table; the file keeps every digit */
                snprintf(v, sizeof v, "%.10g", md_params_get_number(s->params, f));
            printf(" %18s", v);
        }
        printf("\n");
    }
    if (show < s->n_runs)
        printf("... %ld more\n", s->n_runs - show);
    double total = md_h5_estimate_bytes(&sw, -1), have = free_bytes_near(s->output);
    char t[32], h[32];
    format_bytes(total, t, sizeof t);
    format_bytes(have, h, sizeof h);
    printf("file size: about %s (%.0f bytes; series_stride %ld, %s series columns); %s free "
           "there%s\n",
           t, total, s->stride, s->keep_all ? "all" : "selected", have < 0 ? "unknown" : h,
           have >= 0 && total > have ? ": IT DOES NOT FIT, the sweep would be refused" : "");
    param_cols_free(&pc, s->n_runs);
    return MD_OK;
}

/* Adds to err which parameter of run `id` differs between the file and the manifest: the file
 * keeps the manifest it was made from, whose run `id` is expanded again here (its table files
 * looked up as this manifest's are; if that fails, err just does not name the parameter). */
static void name_difference(const sweep *s, long id, md_error *err) {
    char what[512], dir[4096];
    md_error ignored;
    snprintf(dir, sizeof dir, "%s", s->opt.manifest);
    char *slash = strrchr(dir, '/');
    if (slash)
        slash[slash == dir ? 1 : 0] = '\0';
    md_h5read *r = md_h5read_open(s->output, &ignored);
    char *json = r ? md_h5read_attr_text(r, "/", "manifest", &ignored) : NULL;
    md_h5read_close(&r);
    md_manifest *theirs = json ? md_manifest_load_text(json, slash ? dir : NULL, "manifest",
                                                       s->opt.data_dir, NULL, &ignored)
                               : NULL;
    char *in_file = theirs && id < md_manifest_n_runs(theirs)
                        ? md_manifest_run_canonical(theirs, id, &ignored)
                        : NULL,
         *mine = md_manifest_run_canonical(s->man, id, &ignored);
    if (in_file && mine && md_manifest_canonical_difference(in_file, mine, what, sizeof what)) {
        size_t n = strlen(err->msg);
        snprintf(err->msg + n, sizeof err->msg - n, "; first difference: %s (file / manifest)",
                 what);
    }
    free(mine);
    free(in_file);
    md_manifest_free(&theirs);
    free(json);
}

/* Collective. Every run's hash, for --resume's check and the layout: each rank hashes a block of
 * the runs (the cost, ~60 us a run, shrinks with the ranks) and rank 0 gathers them into
 * s->hashes. An error of any rank is every rank's (rank 0's own message, or a general one). */
static md_status hash_runs(sweep *s, md_error *err) {
    const long n = s->n_runs, begin = block_start(n, s->rank, s->size),
               end = block_start(n, s->rank + 1, s->size);
    const bool root = s->rank == 0;
    /* Rank 0 hashes its block in place, into the array the others' blocks are gathered to. */
    char(*mine)[65] = malloc(((size_t)(root ? n : end - begin) + 1) * sizeof *mine);
    int *counts = root ? malloc((size_t)s->size * sizeof *counts) : NULL;
    int *displs = root ? malloc((size_t)s->size * sizeof *displs) : NULL;
    md_status st = !mine || (root && (!counts || !displs))
                       ? md_error_set(err, MD_ERR_NOMEM, "no memory for %ld run hashes", n)
                       : md_manifest_hash_range(s->man, begin, end, mine + (root ? begin : 0),
                                                &stop_signal, err);
    if (st == MD_OK && root)
        block_counts(n, s->size, (long)sizeof *mine, counts, displs);
    md_status all = agree(s->comm, st);
    if (all == MD_OK &&
        MPI_Gatherv(root ? MPI_IN_PLACE : mine, (int)((end - begin) * (long)sizeof *mine), MPI_CHAR,
                    mine, counts, displs, MPI_CHAR, 0, s->comm) != MPI_SUCCESS)
        all = md_error_set(err, MD_ERR_MPI, "cannot gather the runs' hashes");
    if (all != MD_OK && st == MD_OK)
        md_error_set(err, all, "hashing the runs failed on a rank");
    if (root && all == MD_OK)
        s->hashes = mine;
    else
        free(mine);
    free(displs);
    free(counts);
    return all;
}

/* Decides, on rank 0, whether to create or resume, without touching an existing file (with
 * --force it stays until md_h5_create renames the new layout over it). Returns MD_OK and
 * *resume; MD_ERR_CONFIG/USAGE for a refusal. */
static md_status decide_output(const sweep *s, bool *resume, md_error *err) {
    struct stat sb;
    *resume = false;
    if (stat(s->output, &sb) != 0)
        return MD_OK;         /* nothing there: a new file, also with --resume */
    if (!S_ISREG(sb.st_mode)) /* --force would replace a device or FIFO, --resume block on it */
        return md_error_set(err, MD_ERR_USAGE,
                            "%s is not a regular file (%s); the output must be a file: refusing "
                            "to replace or resume it",
                            s->output,
                            S_ISDIR(sb.st_mode)                          ? "a directory"
                            : S_ISFIFO(sb.st_mode)                       ? "a FIFO"
                            : S_ISCHR(sb.st_mode) || S_ISBLK(sb.st_mode) ? "a device"
                                                                         : "not a plain file");
    if (s->opt.force)
        return MD_OK;
    if (!s->opt.resume)
        return md_error_set(err, MD_ERR_USAGE,
                            "%s exists; use --resume to continue it or --force to overwrite it",
                            s->output);
    const char **hashes = malloc(((size_t)s->n_runs + 1) * sizeof *hashes);
    if (!hashes)
        return md_error_set(err, MD_ERR_NOMEM, "no memory for %ld run hashes", s->n_runs);
    for (long i = 0; i < s->n_runs; i++)
        hashes[i] = s->hashes[i];
    long differs = -1;
    md_status st = md_h5_probe(s->output, s->output_layout, s->n_runs, hashes, &differs, err);
    free(hashes);
    if (st == MD_ERR_IO) {
        md_error_prefix(err, "cannot resume (use --force to start it again)");
        err->status = MD_ERR_USAGE; /* the message stays; only the exit status is a refusal */
        return MD_ERR_USAGE;
    }
    if (st != MD_OK) {
        if (differs >= 0)
            name_difference(s, differs, err);
        md_error_prefix(err, "refusing to resume with %s", s->opt.manifest);
        return st;
    }
    *resume = true;
    return MD_OK;
}

/* ---- the run loop ---------------------------------------------------------------------------- */

/* Observer chained in front of the writer's: keeps rank 0's window responsive while it computes
 * (see md_sched.h). */
typedef struct chain {
    md_observer inner;
    md_sched *sched;
    sweep *s;
} chain;

static double now_unix(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void format_duration(double sec, char *buf, size_t len) {
    if (!isfinite(sec) || sec < 0)
        snprintf(buf, len, "--");
    else
        snprintf(buf, len, "%ldh%02ldm%02lds", (long)sec / 3600, ((long)sec / 60) % 60,
                 (long)sec % 60);
}

/* Rank 0, between runs and from inside its own runs (per series sample): once the heartbeat
 * interval has passed, one timestamped line of the sweep's state for a batch log. */
static void heartbeat(sweep *s, md_sched *sched) {
    if (s->rank != 0 || s->heartbeat_s <= 0)
        return;
    double now = MPI_Wtime();
    if (now < s->heartbeat_next)
        return;
    s->heartbeat_next = now + s->heartbeat_s;
    md_sched_counts c;
    md_error err;
    if (md_sched_totals(sched, &c, &err) != MD_OK)
        return; /* the run loop meets and reports the same failure */
    double el = now - s->t_loop0, finished = (double)(c.done + c.failed);
    char stamp[32], els[32], etas[32];
    time_t t = time(NULL);
    struct tm tmv;
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tmv));
    format_duration(el, els, sizeof els);
    format_duration(finished > 0 ? el / finished * (double)(s->n_pending - c.done - c.failed) : NAN,
                    etas, sizeof etas);
    fprintf(stderr,
            "%s marsdisk-sweep: %s: %ld done, %ld failed, %ld pending of %ld; elapsed %s, "
            "ETA %s\n",
            stamp, s->output, c.done, c.failed, s->n_pending - c.done - c.failed, s->n_pending, els,
            etas);
    fflush(stderr);
}

static md_status chained_sample(void *ctx, long sample, long step, const double *row,
                                md_error *err) {
    chain *c = ctx;
    md_sched_poke(c->sched);
    heartbeat(c->s, c->sched);
    return c->inner.on_sample(c->inner.ctx, sample, step, row, err);
}

/* Keeps the first failures of this rank for the end-of-sweep report. */
static void keep_failure(sweep *s, long id, const char *msg) {
    if (s->n_failed_kept >= FAILED_SHOWN)
        return;
    failed_run *f = &s->failed[s->n_failed_kept++];
    size_t n = strnlen(msg, sizeof f->msg - 1); /* a longer message is cut; /error has it all */
    f->id = id;
    memcpy(f->msg, msg, n);
    f->msg[n] = '\0';
}

static int failed_run_cmp(const void *pa, const void *pb) {
    const failed_run *a = pa, *b = pb;
    if (a->id < 0 || b->id < 0)
        return (a->id < 0) - (b->id < 0);
    return (a->id > b->id) - (a->id < b->id);
}

/* Collective: rank 0 prints the messages of the first failed runs (lowest ids) of this
 * invocation, so a batch log says why without opening the file. */
static void print_failures(const sweep *s, long failed_now) {
    const size_t n = (size_t)s->size * FAILED_SHOWN;
    failed_run *all = s->rank == 0 ? malloc(n * sizeof *all) : NULL;
    failed_run mine[FAILED_SHOWN];
    for (int k = 0; k < FAILED_SHOWN; k++)
        mine[k] = k < s->n_failed_kept ? s->failed[k] : (failed_run){.id = -1};
    int rc =
        MPI_Gather(mine, (int)sizeof mine, MPI_BYTE, all, (int)sizeof mine, MPI_BYTE, 0, s->comm);
    if (s->rank != 0 || !all || rc != MPI_SUCCESS) {
        free(all);
        return;
    }
    qsort(all, n, sizeof *all, failed_run_cmp);
    long shown = 0;
    for (size_t k = 0; k < n && all[k].id >= 0 && shown < FAILED_SHOWN; k++, shown++)
        fprintf(stderr, "marsdisk-sweep: run %06ld failed: %s\n", all[k].id, all[k].msg);
    if (failed_now > shown)
        fprintf(stderr,
                "marsdisk-sweep: %ld more failed run(s); every message is in /error of %s\n",
                failed_now - shown, s->output);
    free(all);
}

static void progress_line(const sweep *s, const md_sched_counts *c, long total, double t0,
                          bool tty) {
    double el = MPI_Wtime() - t0, rate = el > 0 ? (double)(c->done + c->failed) / el : 0.0;
    char etas[32];
    format_duration(rate > 0 ? (double)(total - c->done - c->failed) / rate : NAN, etas,
                    sizeof etas);
    fprintf(stderr, "%s[%s] %ld done, %ld failed / %ld  %.3g runs/s  ETA %s%s", tty ? "\r" : "",
            s->output, c->done, c->failed, total, rate, etas, tty ? "" : "\n");
    fflush(stderr);
}

typedef struct loop_result {
    md_status io; /* first I/O/MPI failure of this rank */
    md_error io_err;
} loop_result;

static void run_loop(sweep *s, md_h5 *h, md_sched *sched, const long *pending, long n_pending,
                     bool progress, loop_result *out) {
    md_error err;
    md_error_clear(&out->io_err);
    out->io = MD_OK;
    const bool tty = isatty(STDERR_FILENO);
    double t0 = MPI_Wtime();
    s->t_loop0 = t0;
    s->n_pending = n_pending;
    s->heartbeat_next = t0; /* the first line as the first run starts: the log shows the plan */
    for (;;) {
        long task = -1;
        double ts = MPI_Wtime();
        md_status st = md_sched_next(sched, stop_signal != 0 || out->io != MD_OK, &task, &err);
        s->t[T_SCHED] += MPI_Wtime() - ts;
        if (st != MD_OK) {
            if (out->io == MD_OK) {
                out->io = st;
                out->io_err = err;
            }
            break;
        }
        if (task < 0)
            break;
        const long id = pending[task];
        md_observer obs = {0};
        chain ch = {.sched = sched, .s = s};
        md_run_result res;
        md_h5_run_info info = {.rank = s->rank};
        double w0 = MPI_Wtime();
        st = md_h5_run_begin(h, id, s->n_samples[id], &ch.inner, &err);
        double m0 = MPI_Wtime();
        s->t[T_WRITE] += m0 - w0;
        if (st == MD_OK) {
            obs = (md_observer){&ch, chained_sample};
            memset(&res, 0, sizeof res);
            st = md_manifest_run(s->man, id, s->params, &err);
            if (st == MD_OK)
                st = md_run_zero_d(s->params, s->stride, s->ws, &obs, &res, &err);
        }
        double m1 = MPI_Wtime();
        s->t[T_MODEL] += m1 - m0;
        info.wall_seconds = m1 - w0;
        info.finished_unix_s = now_unix();
        bool failed = st != MD_OK;
        if (failed)
            keep_failure(s, id, err.msg);
        md_error werr;
        md_status wst = failed ? md_h5_write_failed(h, id, err.msg, &info, &werr)
                               : md_h5_write_done(h, id, &res, &info, &werr);
        if (wst != MD_OK) { /* the file is unusable for this rank: stop handing out */
            out->io = wst;
            out->io_err = werr;
        }
        md_sched_counts counts;
        double r0 = MPI_Wtime();
        s->t[T_WRITE] += r0 - m1;
        md_status rst = md_sched_report(sched, failed, &counts, &err);
        s->t[T_SCHED] += MPI_Wtime() - r0;
        if (rst != MD_OK && out->io == MD_OK) {
            out->io = err.status;
            out->io_err = err;
        }
        if (progress)
            progress_line(s, &counts, n_pending, t0, tty);
        heartbeat(s, sched);
    }
    if (progress && tty && s->rank == 0)
        fputc('\n', stderr);
}

static void report(const md_error *err) {
    fprintf(stderr, "marsdisk-sweep: %s: %s\n", md_status_str(err->status), err->msg);
}

static int count_status(const uint8_t *status, long n, uint8_t v) {
    int c = 0;
    for (long i = 0; i < n; i++)
        c += status[i] == v;
    return c;
}

/* Collective: file, scheduler, runs, close. Returns the exit status. */
/* --timing: each phase summed over the ranks, and its share of the ranks' total time. */
static void print_timing(const sweep *s) {
    double sum[T_COUNT];
    MPI_Reduce(s->t, sum, T_COUNT, MPI_DOUBLE, MPI_SUM, 0, s->comm);
    if (s->rank != 0)
        return;
    fprintf(stderr, "marsdisk-sweep: timing, seconds summed over %d rank(s):", s->size);
    for (int i = 0; i < T_COUNT; i++)
        fprintf(stderr, " %s %.4g (%.1f%%)%s", phase_names[i], sum[i],
                sum[T_TOTAL] > 0 ? 100.0 * sum[i] / sum[T_TOTAL] : 0.0,
                i + 1 < T_COUNT ? "," : "\n");
}

/* Rank 0, once the sweep goes on: removes the temporary layout files (md_h5tmp.h) that runs
 * of this host killed while building the output's layout left behind. */
static void clean_partials(const sweep *s) {
    int removed = 0, kept = 0;
    const char *slash = strrchr(s->output, '/'), *name = slash ? slash + 1 : s->output;
    md_h5tmp_clean(s->output, &removed, &kept);
    if (removed > 0 && !s->opt.quiet)
        fprintf(stderr,
                "marsdisk-sweep: removed %d temporary file(s) .%s.partial-* left by a "
                "killed run\n",
                removed, name);
    if (kept > 0) /* possibly another sweep writing the same output right now */
        fprintf(stderr,
                "marsdisk-sweep: warning: %d temporary file(s) .%s.partial-* of a running "
                "process or another host left alone; delete them if no sweep is "
                "writing %s\n",
                kept, name, s->output);
}

static int execute(sweep *s) {
    double t_start = MPI_Wtime();
    md_error err;
    md_error_clear(&err);
    bool resume = false;
    md_status st = MD_OK;
    md_h5guard *guard = NULL; /* rank 0: the output's lock, held until the end */
    if ((st = hash_runs(s, &err)) != MD_OK) {
        if (s->rank == 0)
            report(&err);
        return exit_code_of(st);
    }
    if (s->rank == 0) {
        char warning[MD_ERROR_MSG_LEN];
        st = md_h5guard_lock(s->output, &guard, warning, &err);
        if (warning[0])
            fprintf(stderr, "marsdisk-sweep: warning: %s\n", warning);
    }
    if (st == MD_OK && s->rank == 0)
        st = decide_output(s, &resume, &err);
    int flag = resume;
    MPI_Bcast(&flag, 1, MPI_INT, 0, s->comm);
    resume = flag;
    if ((st = agree(s->comm, st)) != MD_OK) {
        if (s->rank == 0)
            report(&err);
        md_h5guard_release(&guard);
        return exit_code_of(st);
    }
    if (s->rank == 0)
        clean_partials(s);

    uint8_t *status = calloc((size_t)s->n_runs + 1, 1);
    long *pending = malloc(((size_t)s->n_runs + 1) * sizeof *pending);
    param_cols pc = {0};
    md_h5 *h = NULL;
    md_sched *sched = NULL;
    int code = MD_EXIT_IO;
    s->t[T_LAYOUT] = -MPI_Wtime();
    if (!status || !pending) {
        st = md_error_set(&err, MD_ERR_NOMEM, "no memory for %ld runs", s->n_runs);
    } else if (resume) {
        h = md_h5_open(s->output, s->comm, s->n_runs, status, &err);
        st = h ? MD_OK : err.status;
    } else {
        /* Only rank 0 lays the file out: the others need no per-run columns. */
        md_h5_sweep sw = {.n_runs = s->n_runs};
        if (s->rank == 0 && (st = param_cols_make(s, &pc, &err)) == MD_OK) {
            sw = sweep_layout(s, &pc);
            st = check_space(s, &sw, &err);
        }
        if (agree(s->comm, st) == MD_OK) /* else rank 0 reports; the others follow it below */
            st = (h = md_h5_create(s->output, s->comm, &sw, &err)) ? MD_OK : err.status;
        param_cols_free(&pc, s->n_runs); /* the layout holds them now */
    }
    s->t[T_LAYOUT] += MPI_Wtime();
    if (st == MD_OK && s->rank == 0) /* the file the path names now is the one to keep there */
        st = md_h5guard_watch(guard, s->output, &err);
    md_status all = agree(s->comm, st);
    if (all != MD_OK) { /* every rank must hold the file, or none goes on */
        if (st != MD_OK)
            report(&err);
        code = exit_code_of(all);
        md_error_clear(&err);
        md_h5_close(&h, &err);
        goto done;
    }

    long n_pending = md_sched_pending(status, s->n_runs, s->opt.retry_failed, pending);
    md_sched_order(pending, n_pending, s->cost);
    int kept_failed = s->opt.retry_failed ? 0 : count_status(status, s->n_runs, MD_H5_FAILED);

    sched = md_sched_create(s->comm, n_pending, &err);
    loop_result lr = {.io = MD_OK};
    if (agree(s->comm, sched ? MD_OK : MD_ERR_MPI) != MD_OK) {
        if (!sched)
            report(&err);
        md_h5_close(&h, &err);
        goto done;
    }
    bool progress = s->opt.progress == 1 || (s->opt.progress < 0 && isatty(STDERR_FILENO));
    s->heartbeat_s = s->opt.heartbeat_s >= 0
                         ? s->opt.heartbeat_s
                         : (isatty(STDERR_FILENO) ? 0 : (double)MD_CLI_HEARTBEAT_DEFAULT_S);
    run_loop(s, h, sched, pending, n_pending, progress, &lr);
    if (lr.io != MD_OK)
        report(&lr.io_err);

    /* Totals over all ranks, read before the window goes away. */
    md_sched_counts counts = {0, 0};
    MPI_Barrier(s->comm); /* every rank has reported its last run */
    md_status tst = md_sched_totals(sched, &counts, &err);
    long io_any = lr.io != MD_OK || tst != MD_OK;
    MPI_Allreduce(MPI_IN_PLACE, &io_any, 1, MPI_LONG, MPI_MAX, s->comm);
    int signalled = stop_signal;
    MPI_Allreduce(MPI_IN_PLACE, &signalled, 1, MPI_INT, MPI_MAX, s->comm);
    md_sched_free(&sched);
    md_error cerr;
    md_error_clear(&cerr);
    double c0 = MPI_Wtime();
    md_status cst = md_h5_close(&h, &cerr);
    s->t[T_CLOSE] = MPI_Wtime() - c0;
    s->t[T_TOTAL] = MPI_Wtime() - t_start;
    if (s->opt.timing)
        print_timing(s);
    if (cst == MD_OK && s->rank == 0) /* still the file at the output path? */
        cst = md_h5guard_check(guard, s->output, &cerr);
    if (agree(s->comm, cst) != MD_OK || io_any) {
        if (cst != MD_OK)
            report(&cerr);
        code = MD_EXIT_IO;
        goto done;
    }
    long done_now = counts.done, failed_now = counts.failed;
    print_failures(s, failed_now);
    long left = n_pending - done_now - failed_now;
    long failed_total = kept_failed + failed_now;
    if (s->rank == 0 && !s->opt.quiet)
        fprintf(stderr, "marsdisk-sweep: %s: %ld runs done now, %ld failed%s, %ld left%s\n",
                s->output, done_now, failed_total, kept_failed ? " (incl. earlier failures)" : "",
                left, left > 0 ? "; run again with --resume" : "");
    if (left > 0 && signalled)
        code = 128 + signalled;
    else if (left > 0)
        code = MD_EXIT_IO; /* cannot happen without a signal or an I/O failure */
    else
        code = failed_total > 0 ? MD_EXIT_FAILED : MD_EXIT_OK;
done:
    md_h5guard_release(&guard);
    param_cols_free(&pc, s->n_runs);
    free(pending);
    free(status);
    return code;
}

/* $MARSDISK_EXIT_STATUS_FILE: rank 0 writes the exit status there. mpirun's own exit status
 * does not carry it (Open MPI exits 1 when it was signalled, whatever the ranks did), so the job
 * templates read the sweep's outcome from this file. */
static void write_exit_status(int code) {
    const char *path = getenv("MARSDISK_EXIT_STATUS_FILE");
    FILE *fp = path && path[0] ? fopen(path, "w") : NULL;
    if (!fp)
        return;
    fprintf(fp, "%d\n", code);
    if (fclose(fp) != 0)
        fprintf(stderr, "marsdisk-sweep: warning: cannot write the exit status to %s\n", path);
}

/* --columns: what output.series_columns may name, and the summary values. */
static void list_columns(void) {
    printf("Series columns (series/<name>[run][sample]; output.series_columns selects them):\n");
    for (int c = 0; c < md_series_column_count; c++)
        printf("%-36s %-14s %s\n", md_series_columns[c].name, md_series_columns[c].units,
               md_series_columns[c].description);
    printf("\nSummary values (summary/<name>, one per run):\n");
    for (int c = 0; c < md_summary_field_count; c++)
        printf("%-36s %-14s %s\n", md_summary_fields[c].name, md_summary_fields[c].units,
               md_summary_fields[c].description);
}

int md_cli_run(int argc, char *const *argv, MPI_Comm comm) {
    sweep s;
    memset(&s, 0, sizeof s);
    s.comm = comm;
    MPI_Comm_rank(comm, &s.rank);
    MPI_Comm_size(comm, &s.size);
    MPI_Comm_set_errhandler(comm, MPI_ERRORS_RETURN);
    install_signals();
    if (argc >= 2 && strcmp(argv[1], "report") == 0) /* serial: rank 0 reads, the rest wait */
        return s.rank == 0 ? md_report_main(argc - 1, argv + 1, stdout, stderr) : MD_EXIT_OK;
    md_error err;
    md_error_clear(&err);
    if (md_cli_parse(argc, argv, &s.opt, &err) != MD_OK) {
        if (s.rank == 0)
            fprintf(stderr, "marsdisk-sweep: %s\n", err.msg);
        return MD_EXIT_USAGE;
    }
    if (s.opt.help || s.opt.version || s.opt.columns) {
        if (s.rank == 0 && s.opt.columns)
            list_columns();
        else if (s.rank == 0 && s.opt.help)
            fputs(usage_text, stdout), fputs(usage_text_more, stdout);
        else if (s.rank == 0)
            printf("marsdisk-sweep %s (file format %s %d)\n", MD_VERSION, MD_H5_FORMAT,
                   MD_H5_FORMAT_VERSION);
        return MD_EXIT_OK;
    }
    md_status st = agree(comm, load_and_validate(&s, &err));
    int code;
    if (st != MD_OK) {
        if (s.rank == 0)
            fprintf(stderr, "marsdisk-sweep: %s\n", err.msg[0] ? err.msg : "failed on a rank");
        code = exit_code_of(st);
    } else if (s.opt.parameters >= 0) {
        st = s.rank == 0 ? print_parameters(&s, &err) : MD_OK;
        if (st != MD_OK)
            fprintf(stderr, "marsdisk-sweep: %s\n", err.msg);
        code = exit_code_of(st);
    } else if (s.opt.dry_run) {
        st = s.rank == 0 ? dry_run(&s, &err) : MD_OK;
        if (st != MD_OK)
            fprintf(stderr, "marsdisk-sweep: %s\n", err.msg);
        code = exit_code_of(st);
    } else {
        code = execute(&s);
    }
    free(s.n_samples);
    free(s.cost);
    free(s.hashes);
    free(s.params);
    md_workspace_free(&s.ws);
    md_manifest_free(&s.man);
    if (s.rank == 0)
        write_exit_status(code);
    return code;
}
