/* md_cli: the marsdisk-sweep command (spec 00 "Command line"): options, then the wiring
 * manifest -> validation -> output file -> scheduler -> runs -> file, with the exit codes below. */
#ifndef MD_CLI_H
#define MD_CLI_H

#include "md_status.h"

#include <mpi.h>
#include <stdbool.h>

/* Exit status of the program (spec 00). A sweep drained by SIGTERM/SIGUSR1 before every run
 * was done exits with 128 + the signal number, as a shell reports a signalled job. */
enum {
    MD_EXIT_OK = 0,     /* every run succeeded */
    MD_EXIT_FAILED = 1, /* the sweep completed but some runs failed (each recorded) */
    MD_EXIT_USAGE = 2,  /* usage or manifest error: nothing written */
    MD_EXIT_IO = 3      /* I/O or MPI failure */
};

typedef struct md_cli_options {
    const char *manifest; /* MANIFEST.json */
    const char *output;   /* -o; NULL: manifest's output.path, else <name>.h5 */
    const char *data_dir; /* --data-dir; NULL: $MARSDISK_DATA_DIR */
    bool resume, retry_failed, force, dry_run, quiet, help, version, timing, columns;
    int progress; /* 1 --progress, 0 --quiet, -1 default (on when stderr is a terminal) */
    /* --heartbeat SECONDS: a timestamped status line from rank 0 that often; 0 off; -1 default
     * (MD_CLI_HEARTBEAT_DEFAULT_S when stderr is not a terminal, as in batch logs; off on one) */
    double heartbeat_s;
    long parameters; /* --parameters ID: print run ID's resolved parameter set; -1 none */
} md_cli_options;

enum { MD_CLI_HEARTBEAT_DEFAULT_S = 60 };

/* Parses argv (no side effects). MD_ERR_USAGE with a message on a bad command line. */
md_status md_cli_parse(int argc, char *const *argv, md_cli_options *opt, md_error *err);

/* Runs the command on comm (collective; MPI is initialised by the caller) and returns the
 * exit status. Messages go to stderr (rank 0, or the rank that met the problem). */
int md_cli_run(int argc, char *const *argv, MPI_Comm comm);

#endif
