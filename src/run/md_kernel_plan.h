/* md_kernel_plan: which of the collision kernel's two forms a rank runs (md_kernel.h). Both give
 * the same bits; which is faster depends on the CPU's divider (the column form divides twice as
 * often, in 8 lanes), so it is measured, once per workspace size, as FFTW plans its transforms. */
#ifndef MD_KERNEL_PLAN_H
#define MD_KERNEL_PLAN_H

#include "md_collide0d.h"

/* Times md_kernel_collision and md_kernel_collision_columns on a synthetic n-bin disk with one
 * scale height, alternating, best of five rounds, in w's own kernel buffers (N, H, C, L, tmp:
 * scratch until the next step fills them), and returns 1 where the column form was the faster,
 * 0 otherwise (also where it cannot run: md_kernel_columns_available). Costs a few ms at 100
 * bins. */
int md_kernel_plan_columns(md_collide0d_work *w);

#endif
