/* md_sched: run hand-out (see md_sched.h for the design). */
#include "md_sched.h"

#include <stdlib.h>

/* Slots of the counter window on rank 0. */
enum { SLOT_NEXT, SLOT_STOP, SLOT_DONE, SLOT_FAILED, SLOT_COUNT };

struct md_sched {
    MPI_Comm comm; /* a duplicate of the caller's: the hand-out never meets the caller's traffic */
    MPI_Win win;
    long *base; /* window memory (SLOT_COUNT longs on rank 0, none elsewhere) */
    long n_tasks;
    bool stopped;
};

long md_sched_pending(const uint8_t *status, long n_runs, bool retry_failed, long *ids) {
    long n = 0;
    for (long i = 0; i < n_runs; i++) {
        if (status[i] == MD_SCHED_DONE || (status[i] == MD_SCHED_FAILED && !retry_failed))
            continue;
        ids[n++] = i;
    }
    return n;
}

/* qsort has no context argument, so the ids are sorted as (cost, id) pairs. */
typedef struct cost_id {
    double cost;
    long id;
} cost_id;

static int cost_id_cmp(const void *pa, const void *pb) {
    const cost_id *a = pa, *b = pb;
    if (a->cost != b->cost)
        return a->cost > b->cost ? -1 : 1;
    return (a->id > b->id) - (a->id < b->id);
}

void md_sched_order(long *ids, long n, const double *cost) {
    cost_id *tmp = malloc((size_t)(n > 0 ? n : 1) * sizeof *tmp);
    if (!tmp) /* ordering is only an optimisation: keep id order */
        return;
    for (long i = 0; i < n; i++)
        tmp[i] = (cost_id){cost[ids[i]], ids[i]};
    qsort(tmp, (size_t)n, sizeof *tmp, cost_id_cmp);
    for (long i = 0; i < n; i++)
        ids[i] = tmp[i].id;
    free(tmp);
}

static md_status mpi_fail(md_error *err, int rc, const char *what) {
    char msg[MPI_MAX_ERROR_STRING];
    int len = 0;
    MPI_Error_string(rc, msg, &len);
    return md_error_set(err, MD_ERR_MPI, "scheduler: %s failed: %s", what, msg);
}

md_sched *md_sched_create(MPI_Comm caller_comm, long n_tasks, md_error *err) {
    MPI_Comm comm = MPI_COMM_NULL;
    int rc = MPI_Comm_dup(caller_comm, &comm);
    if (rc != MPI_SUCCESS) {
        mpi_fail(err, rc, "MPI_Comm_dup");
        return NULL;
    }
    md_sched *s = calloc(1, sizeof *s);
    if (!s) {
        MPI_Comm_free(&comm);
        md_error_set(err, MD_ERR_NOMEM, "scheduler: out of memory");
        return NULL;
    }
    int rank = 0;
    MPI_Comm_rank(comm, &rank);
    s->comm = comm;
    s->n_tasks = n_tasks;
    s->win = MPI_WIN_NULL;
    MPI_Aint size = rank == 0 ? (MPI_Aint)(SLOT_COUNT * sizeof(long)) : 0;
    rc = MPI_Win_allocate(size, sizeof(long), MPI_INFO_NULL, comm, &s->base, &s->win);
    if (rc != MPI_SUCCESS) {
        mpi_fail(err, rc, "MPI_Win_allocate");
        MPI_Comm_free(&s->comm);
        free(s);
        return NULL;
    }
    MPI_Win_set_errhandler(s->win, MPI_ERRORS_RETURN); /* errors come back as md_status */
    if (rank == 0) {
        MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, s->win);
        for (int k = 0; k < SLOT_COUNT; k++)
            s->base[k] = 0;
        MPI_Win_unlock(0, s->win);
    }
    MPI_Barrier(comm); /* nobody draws before the counters are zero */
    return s;
}

/* One exclusive-lock epoch on rank 0: adds `add` to slot `slot` and fetches all slots, so the
 * stop flag and the counter are read together (no run is handed out after the stop is seen). */
static int epoch(md_sched *s, int slot, long add, long out[SLOT_COUNT]) {
    const long zero = 0;
    int rc = MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, s->win);
    if (rc != MPI_SUCCESS)
        return rc;
    for (int k = 0; k < SLOT_COUNT && rc == MPI_SUCCESS; k++) {
        const long *op = k == slot ? &add : &zero;
        rc = MPI_Fetch_and_op(op, &out[k], MPI_LONG, 0, k, k == slot ? MPI_SUM : MPI_NO_OP, s->win);
    }
    int rc2 = MPI_Win_unlock(0, s->win);
    return rc != MPI_SUCCESS ? rc : rc2;
}

md_status md_sched_next(md_sched *s, bool stop_requested, long *task, md_error *err) {
    *task = -1;
    if (s->stopped)
        return MD_OK;
    long v[SLOT_COUNT];
    int rc;
    if (stop_requested) {
        s->stopped = true;
        rc = epoch(s, SLOT_STOP, 1, v);
        return rc == MPI_SUCCESS ? MD_OK : mpi_fail(err, rc, "raising the stop flag");
    }
    /* Peek first so a stopped or exhausted sweep does not keep growing the counter. */
    rc = epoch(s, SLOT_NEXT, 0, v);
    if (rc == MPI_SUCCESS && v[SLOT_STOP] == 0 && v[SLOT_NEXT] < s->n_tasks)
        rc = epoch(s, SLOT_NEXT, 1, v);
    if (rc != MPI_SUCCESS)
        return mpi_fail(err, rc, "drawing a run");
    if (v[SLOT_STOP] != 0)
        s->stopped = true;
    else if (v[SLOT_NEXT] < s->n_tasks)
        *task = v[SLOT_NEXT];
    return MD_OK;
}

md_status md_sched_report(md_sched *s, bool failed, md_sched_counts *counts, md_error *err) {
    long v[SLOT_COUNT];
    int slot = failed ? SLOT_FAILED : SLOT_DONE;
    int rc = epoch(s, slot, 1, v);
    if (rc != MPI_SUCCESS)
        return mpi_fail(err, rc, "counting a finished run");
    v[slot] += 1; /* fetched values are from before the add */
    if (v[SLOT_STOP] != 0)
        s->stopped = true;
    if (counts)
        *counts = (md_sched_counts){v[SLOT_DONE], v[SLOT_FAILED]};
    return MD_OK;
}

md_status md_sched_totals(md_sched *s, md_sched_counts *counts, md_error *err) {
    long v[SLOT_COUNT];
    int rc = epoch(s, SLOT_DONE, 0, v);
    if (rc != MPI_SUCCESS)
        return mpi_fail(err, rc, "reading the run counts");
    *counts = (md_sched_counts){v[SLOT_DONE], v[SLOT_FAILED]};
    return MD_OK;
}

bool md_sched_stopped(const md_sched *s) {
    return s->stopped;
}

void md_sched_poke(md_sched *s) {
    int flag = 0;
    MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, s->comm, &flag, MPI_STATUS_IGNORE);
}

void md_sched_free(md_sched **s) {
    if (!s || !*s)
        return;
    if ((*s)->win != MPI_WIN_NULL)
        MPI_Win_free(&(*s)->win);
    MPI_Comm_free(&(*s)->comm);
    free(*s);
    *s = NULL;
}
