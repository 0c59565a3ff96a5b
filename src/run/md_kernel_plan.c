/* md_kernel_plan: time the kernel's two forms and keep the faster (md_kernel_plan.h). */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include "md_kernel_plan.h"

#include <math.h>
#include <time.h>

#include "md_kernel.h"

#define PLAN_ROUNDS 5
#define PLAN_ELEMENTS 20000 /* kernel elements per timing: ~10 us, well above the clock's step */

static double seconds_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int md_kernel_plan_columns(md_collide0d_work *w) {
    const int n = w->n;
    if (!md_kernel_columns_available(n))
        return 0;
    /* a 0D disk's shape: sizes 0.1 um .. 1 m, N falling as s^-3.5, one H */
    double *s = w->tmp;
    for (int k = 0; k < n; ++k) {
        s[k] = 1.0e-7 * pow(1.0e7, (k + 0.5) / n);
        w->N[k] = 1.0e10 * pow(s[k] / 1.0e-7, -3.5);
        w->H[k] = 1.0e3;
    }
    const long repeats = 1 + PLAN_ELEMENTS / ((long)n * n);
    double best[2] = {INFINITY, INFINITY};
    md_error err;
    for (int round = 0; round < PLAN_ROUNDS; ++round)
        for (int columns = 0; columns < 2; ++columns) {
            const double start = seconds_now();
            for (long r = 0; r < repeats; ++r)
                (void)(columns ? md_kernel_collision_columns
                               : md_kernel_collision)(w->N, s, w->H, n, 100.0, w->C, w->L, &err);
            const double t = seconds_now() - start;
            best[columns] = t < best[columns] ? t : best[columns];
        }
    return best[1] < best[0];
}
