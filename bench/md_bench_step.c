/* md_bench_step: steady per-step wall time of the 0D driver (md_run_zero_d) on the reference case
 * c01_T4000_eps1_tau1 at n_bins 20, 40 and 60, against the reference's own figure.
 *
 *   md_bench_step [SHARED_DIR] [STEPS] [REPEATS] [BINS] [STRIDE] [INTEGRATOR]
 *       defaults: $MD_SHARED_DIR or ../shared, 5000, 5, all of 20/40/60, 1, reference
 *
 * BINS (one bin count) and STRIDE (the series stride: a row every STRIDE steps, as a sweep's
 * series_stride) serve bench/instr.sh, which counts instructions per step under callgrind.
 * Each configuration runs REPEATS times on one reused workspace; a run's steady time is the wall
 * time from the end of its step 1 to the end of its last step divided by the steps in between
 * (set-up, table loading and the first steps excluded, as the reference's
 * seconds_per_step_steady: "between 2nd and last Smol step"); the median over the repeats is
 * printed with the ratio to golden/c01 (n_bins 40) and golden/c11 (n_bins 20) timing.txt. There
 * is no reference figure for 60 bins. Also printed: allocations inside the time loop (md_alloc's
 * counter and every malloc/calloc/realloc of the linked code, through the linker's --wrap;
 * 0 expected) and the process's peak RSS. Not a test: `cmake --build build --target bench`.
 *
 * kernel: the collision kernel's form the workspace's plan chose (md_kernel_plan: rows or
 * columns, the same bits); MD_BENCH_KERNEL=rows or =columns overrides it, for an A/B in one
 * build (columns only where the CPU has AVX-512F).
 * INTEGRATOR "full_step" or "both" sets numerics.smol_integrator (both: the reference mode, then
 * full_step, for each bin count, and their cost ratio), raises optical_depth.tau_stop so that
 * full_step's ground-down disk runs the whole plan (c01 in full_step otherwise stops on
 * tau_exceeded), and prints the median Smoluchowski steps per outer step
 * (`cmake --build build --target bench_full_step`). */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "md_alloc.h"
#include "md_collide0d.h"
#include "md_constants.h"
#include "md_kernel.h"
#include "md_manifest.h"
#include "md_run.h"

/* ---- heap calls of the linked code (-Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc) ---- */

static long heap_calls;

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);

void *__wrap_malloc(size_t size) {
    heap_calls++;
    return __real_malloc(size);
}

void *__wrap_calloc(size_t n, size_t size) {
    heap_calls++;
    return __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t size) {
    heap_calls++;
    return __real_realloc(p, size);
}

/* ---- timing observer ---- */

typedef struct probe {
    long first_step;    /* the first sampled step after step 0: the stride */
    long last_step;     /* the plan's last step */
    struct timespec t1; /* end of the first step */
    struct timespec tn; /* end of the last step */
    long md_allocs;     /* md_alloc_count() at the first step, then the difference at the last */
    long heap;          /* heap_calls likewise */
    long *smol_steps;   /* [SMOL_STEPS_MAX + 1] histogram of smol_internal_steps per sampled row */
} probe;

#define SMOL_STEPS_MAX 4096 /* the histogram's last entry counts this many and more */

static md_status on_sample(void *ctx, long sample, long step, const double *row, md_error *err) {
    (void)sample;
    (void)err;
    probe *p = ctx;
    const double smol = row[MD_COL_SMOL_INTERNAL_STEPS];
    if (step >= p->first_step && smol >= 0.0)
        p->smol_steps[smol < SMOL_STEPS_MAX ? (long)smol : SMOL_STEPS_MAX]++;
    if (step == p->first_step) {
        clock_gettime(CLOCK_MONOTONIC, &p->t1);
        p->md_allocs = md_alloc_count();
        p->heap = heap_calls;
    } else if (step == p->last_step) {
        clock_gettime(CLOCK_MONOTONIC, &p->tn);
        p->md_allocs = md_alloc_count() - p->md_allocs;
        p->heap = heap_calls - p->heap;
    }
    return MD_OK;
}

static double seconds(struct timespec a, struct timespec b) {
    return (double)(b.tv_sec - a.tv_sec) + 1e-9 * (double)(b.tv_nsec - a.tv_nsec);
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* seconds_per_step_steady from a timing.txt, or -1. */
static double reference_steady(const char *path) {
    FILE *f = fopen(path, "r");
    char line[512];
    double v = -1.0;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "seconds_per_step_steady:", 24) == 0)
            v = strtod(line + 24, NULL);
    if (f)
        fclose(f);
    return v;
}

static md_status set_value(md_params *p, const char *key, md_param_value v, md_error *err) {
    const md_param_field *f = md_params_field_find(key);
    if (!f)
        return md_error_set(err, MD_ERR_INTERNAL, "no parameter %s", key);
    md_status st = md_params_set(p, f, &v, err);
    if (st != MD_OK)
        md_error_prefix(err, "%s", key);
    return st;
}

static md_status set_number(md_params *p, const char *key, double value, md_error *err) {
    return set_value(p, key, (md_param_value){.type = MD_PV_NUMBER, .num = value}, err);
}

static md_status set_word(md_params *p, const char *key, const char *word, md_error *err) {
    return set_value(p, key, (md_param_value){.type = MD_PV_STRING, .str = word}, err);
}

/* The median of a histogram's entries. */
static long histogram_median(const long *h, long n_bins) {
    long total = 0, seen = 0;
    for (long k = 0; k < n_bins; k++)
        total += h[k];
    for (long k = 0; k < n_bins; k++)
        if ((seen += h[k]) * 2 > total)
            return k;
    return -1;
}

/* Runs the case at n_bins `bins` for `steps` steps `repeats` times with `integrator`; prints one
 * line and returns the median s/step in *median. */
static md_status bench_bins(const md_params *base, int bins, long steps, int repeats, long stride,
                            const char *integrator, md_workspace *ws, double ref,
                            const char *ref_name, double *median, md_error *err) {
    md_params p = *base;
    md_status st;
    static long smol_steps[SMOL_STEPS_MAX + 1];
    memset(smol_steps, 0, sizeof smol_steps);
    if ((st = set_word(&p, "numerics.smol_integrator", integrator, err)) != MD_OK)
        return st;
    /* 20 s steps (the case's dt_init): t_end = steps * dt, so the plan has `steps` steps. */
    if ((st = set_number(&p, "sizes.n_bins", bins, err)) != MD_OK ||
        (st = set_number(&p, "numerics.t_end_years", (double)steps * 20.0 / MD_SECONDS_PER_YEAR,
                         err)) != MD_OK ||
        (st = md_run_validate(&p, err)) != MD_OK)
        return st;
    md_run_plan plan;
    if ((st = md_run_plan_make(&p, stride, &plan, err)) != MD_OK)
        return st;
    double per_step[64];
    long md_allocs = 0, heap = 0;
    if (repeats > 64)
        repeats = 64;
    if (plan.n_steps - 1 <= stride)
        return md_error_set(err, MD_ERR_INTERNAL, "%ld steps leave no step after the stride %ld",
                            plan.n_steps, stride);
    /* the kernel form: the workspace's plan, or MD_BENCH_KERNEL=rows|columns (same bits) */
    if ((st = md_workspace_reserve(ws, bins, 0, 0, err)) != MD_OK)
        return st;
    md_collide0d_work *collide = md_workspace_collide(ws);
    const char *form = getenv("MD_BENCH_KERNEL");
    if (form && strcmp(form, "rows") == 0)
        collide->kernel_columns = 0;
    else if (form && strcmp(form, "columns") == 0)
        collide->kernel_columns = md_kernel_columns_available(bins);
    for (int r = 0; r < repeats; r++) {
        probe pr = {stride, plan.n_steps - 1, {0, 0}, {0, 0}, 0, 0, smol_steps};
        md_observer obs = {&pr, on_sample};
        md_run_result res;
        if ((st = md_run_zero_d(&p, stride, ws, &obs, &res, err)) != MD_OK)
            return st;
        if (res.n_steps_done != plan.n_steps)
            return md_error_set(err, MD_ERR_INTERNAL, "run stopped after %ld of %ld steps (%s)",
                                res.n_steps_done, plan.n_steps, res.stop_reason);
        per_step[r] = seconds(pr.t1, pr.tn) / (double)(pr.last_step - pr.first_step);
        md_allocs += pr.md_allocs;
        heap += pr.heap;
    }
    qsort(per_step, (size_t)repeats, sizeof per_step[0], cmp_double);
    double med = per_step[repeats / 2];
    *median = med;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("%10s %6d %7ld %12.4e %12.4e %12.4e %5ld %8s", integrator, bins, plan.n_steps, med,
           per_step[0], per_step[repeats - 1], histogram_median(smol_steps, SMOL_STEPS_MAX + 1),
           collide->kernel_columns ? "columns" : "rows");
    if (ref > 0.0)
        printf(" %12.4e %9.1fx", ref, ref / med);
    else
        printf(" %12s %10s", "none", "-");
    printf(" %9ld %9ld %10ld  %s\n", md_allocs, heap, ru.ru_maxrss, ref_name);
    return MD_OK;
}

int main(int argc, char **argv) {
    const char *env = getenv("MD_SHARED_DIR");
    const char *shared = argc > 1 ? argv[1] : (env && *env ? env : "../shared");
    long steps = argc > 2 ? atol(argv[2]) : 5000;
    int repeats = argc > 3 ? atoi(argv[3]) : 5;
    int only_bins = argc > 4 ? atoi(argv[4]) : 0;
    long stride = argc > 5 ? atol(argv[5]) : 1;
    const char *integrator = argc > 6 ? argv[6] : "reference";
    const int both = strcmp(integrator, "both") == 0;
    if (steps < 3 || repeats < 1 || only_bins < 0 || stride < 1 ||
        (!both && strcmp(integrator, "reference") != 0 && strcmp(integrator, "full_step") != 0)) {
        fprintf(stderr,
                "usage: %s [SHARED_DIR] [STEPS >= 3] [REPEATS >= 1] [BINS, 0 = 20/40/60] "
                "[STRIDE >= 1] [reference|full_step|both]\n",
                argv[0]);
        return 2;
    }
    char path[4096], data[4096], ref40[4096], ref20[4096];
    snprintf(path, sizeof path, "%s/golden/c01_T4000_eps1_tau1/manifest.json", shared);
    snprintf(data, sizeof data, "%s/data", shared);
    snprintf(ref40, sizeof ref40, "%s/golden/c01_T4000_eps1_tau1/timing.txt", shared);
    snprintf(ref20, sizeof ref20, "%s/golden/c11_T4000_nbins20/timing.txt", shared);

    md_error err;
    md_params base;
    md_workspace *ws = NULL;
    md_manifest *m = md_manifest_load(path, data, NULL, &err);
    md_status st = m ? md_manifest_run(m, 0, &base, &err) : err.status;
    if (st == MD_OK && strcmp(integrator, "reference") != 0)
        st = set_number(&base, "optical_depth.tau_stop", 1e30, &err);
    if (st == MD_OK && !(ws = md_workspace_create(&err)))
        st = err.status;
    if (st == MD_OK) {
        printf("md_bench_step: c01_T4000_eps1_tau1%s, %ld steps of 20 s, series stride %ld, "
               "median of %d runs; steady = end of the first sampled step to end of the last "
               "step; smol = median Smoluchowski steps per outer step\n",
               strcmp(integrator, "reference") != 0 ? " with tau_stop 1e30" : "", steps, stride,
               repeats);
        printf("%10s %6s %7s %12s %12s %12s %5s %8s %12s %10s %9s %9s %10s  %s\n", "integrator",
               "n_bins", "steps", "s/step", "min", "max", "smol", "kernel", "ref_s/step", "speedup",
               "md_allocs", "heap_calls", "maxrss_KiB", "reference");
        static const int bins[] = {20, 40, 60};
        for (int i = 0; i < 3 && st == MD_OK; i++) {
            if (only_bins > 0 && bins[i] != only_bins)
                continue;
            const char *ref_path = bins[i] == 40 ? ref40 : bins[i] == 20 ? ref20 : NULL;
            double ref = ref_path ? reference_steady(ref_path) : -1.0;
            const char *name = bins[i] == 40   ? "golden/c01 timing.txt (n_bins 40)"
                               : bins[i] == 20 ? "golden/c11 timing.txt (n_bins 20)"
                                               : "no reference figure for n_bins 60";
            double t_ref = 0.0, t_full = 0.0;
            if (strcmp(integrator, "full_step") != 0)
                st = bench_bins(&base, bins[i], steps, repeats, stride, "reference", ws, ref, name,
                                &t_ref, &err);
            if (st == MD_OK && strcmp(integrator, "reference") != 0)
                st = bench_bins(&base, bins[i], steps, repeats, stride, "full_step", ws, ref, name,
                                &t_full, &err);
            if (st == MD_OK && both)
                printf("%10s %6d full_step / reference per step: %.2fx\n", "ratio", bins[i],
                       t_full / t_ref);
        }
        printf("(allocations are counted inside the time loop, summed over the runs; maxrss is "
               "the process's peak so far)\n");
    }
    if (st != MD_OK)
        fprintf(stderr, "md_bench_step: %s: %s\n", md_status_str(st), err.msg);
    md_workspace_free(&ws);
    md_manifest_free(&m);
    return st == MD_OK ? 0 : 1;
}
