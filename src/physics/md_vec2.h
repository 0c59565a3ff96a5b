/* md_vec2: two doubles in one SSE2/NEON register (GCC/Clang vector extension) for the O(n^2)
 * loops of the collision step. Arithmetic is lane-wise IEEE, so a lane rounds exactly as the
 * scalar expression would: written with the scalar code's operation order, the bits are the
 * same. Loads and stores go through memcpy (no alignment or aliasing assumption). */
#ifndef MD_VEC2_H
#define MD_VEC2_H

#include <string.h>

typedef double md_vec2 __attribute__((vector_size(16)));
typedef long long md_vec2_mask __attribute__((vector_size(16))); /* a comparison: 0 or -1 */

static inline md_vec2 md_vec2_load(const double *p) {
    md_vec2 v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline void md_vec2_store(double *p, md_vec2 v) {
    memcpy(p, &v, sizeof v);
}

static inline md_vec2 md_vec2_splat(double x) {
    return (md_vec2){x, x};
}

#endif
