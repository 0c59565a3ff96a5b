/* md_sched: hands run ids out to MPI ranks, one at a time, to whichever rank asks next
 * (spec 00 "Parallel behaviour": dynamic hand-out, rank 0 computes too). Never sees physics.
 *
 * Two parts:
 *  - pure (no MPI, testable alone): which runs are still to do given the file's /status column,
 *    and in which order they are handed out;
 *  - MPI: a shared counter in a one-sided window on rank 0 (MPI-3 passive target,
 *    MPI_Fetch_and_op under an exclusive lock), so no rank is set aside as a dispatcher. The
 *    same window carries a "stop" flag (SIGTERM/SIGUSR1 drain: one rank's signal stops the
 *    hand-out for all) and done/failed counters for the progress line.
 *
 *   md_sched *s = md_sched_create(comm, n_tasks, &err);      -- collective
 *   while (md_sched_next(s, stop_requested, &task, &err) == MD_OK && task >= 0) { ...run ... ;
 *       md_sched_report(s, failed, &counts, &err); }
 *   md_sched_free(&s);                                        -- collective
 *
 * Passive-target progress: where the network has no hardware one-sided support, a lock on
 * rank 0's window completes only when rank 0 enters MPI. A computing rank 0 therefore calls
 * md_sched_poke() now and then (the CLI does it from the per-sample callback). */
#ifndef MD_SCHED_H
#define MD_SCHED_H

#include "md_status.h"

#include <mpi.h>
#include <stdbool.h>
#include <stdint.h>

/* Run status codes as stored in the output file's /status column. */
enum { MD_SCHED_PENDING = 0, MD_SCHED_DONE = 1, MD_SCHED_FAILED = 2 };

/* Writes into ids (capacity n_runs) the runs still to do: status PENDING, plus FAILED when
 * retry_failed; any other value (a file cut mid-write) counts as pending. Returns how many. */
long md_sched_pending(const uint8_t *status, long n_runs, bool retry_failed, long *ids);

/* Sorts ids[0..n) by descending cost (e.g. planned steps x bins^2), ties by ascending id, so the
 * longest runs start first and short ones fill the gaps at the end (longest-processing-time
 * first). cost is indexed by run id. Deterministic; results never depend on this order. */
void md_sched_order(long *ids, long n, const double *cost);

/* Global counts, for the progress line. */
typedef struct md_sched_counts {
    long done;   /* runs finished successfully in this invocation */
    long failed; /* runs that failed in this invocation */
} md_sched_counts;

typedef struct md_sched md_sched;

/* Collective over comm; works on a duplicate of comm (MPI_Comm_dup), so its one-sided traffic
 * and the caller's messages never meet. Tasks are the numbers 0..n_tasks-1 (positions in the
 * caller's ordered pending list). NULL on failure (err set, MD_ERR_MPI / MD_ERR_NOMEM). */
md_sched *md_sched_create(MPI_Comm comm, long n_tasks, md_error *err);

/* Independent. If stop_requested, raises the shared stop flag and returns task = -1; otherwise
 * returns the next task, or -1 when all are handed out or another rank raised the stop flag. */
md_status md_sched_next(md_sched *s, bool stop_requested, long *task, md_error *err);

/* Independent. Counts one finished task (failed or not) and returns the global counts after it.
 * counts may be NULL. */
md_status md_sched_report(md_sched *s, bool failed, md_sched_counts *counts, md_error *err);

/* Independent. The global counts so far (read-only). */
md_status md_sched_totals(md_sched *s, md_sched_counts *counts, md_error *err);

/* True once any rank has raised the stop flag (as last seen by this rank). */
bool md_sched_stopped(const md_sched *s);

/* Lets MPI progress pending one-sided requests aimed at this rank; cheap, never blocks. */
void md_sched_poke(md_sched *s);

/* Collective. Frees *s and sets it to NULL; accepts NULL and a pointer to NULL. */
void md_sched_free(md_sched **s);

#endif
