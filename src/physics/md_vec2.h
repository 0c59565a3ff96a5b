/* md_vec2: two doubles in one SSE2/NEON register (GCC/Clang vector extension) for the O(n^2)
 * loops of the collision step. Arithmetic is lane-wise IEEE, so a lane rounds exactly as the
 * scalar expression would: written with the scalar code's operation order, the bits are the
 * same. Loads and stores go through memcpy (no alignment or aliasing assumption). */
#ifndef MD_VEC2_H
#define MD_VEC2_H

#include <string.h>

/* 1 where the x86 parts below (an asm mask barrier, the kernel's AVX-512 form) compile. */
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#define MD_VEC_X86 1
#else
#define MD_VEC_X86 0
#endif

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

/* The mask through an empty asm, so that the compiler no longer knows its lanes are 0 or -1:
 * otherwise GCC rewrites x & mask as a per-lane select, which SSE2 has no instruction for, and
 * moves each lane through a general register (md_psd_kappa's loops ran ~4x slower). Pass each
 * comparison through it: (a < b) & (c < d) is lowered the same slow way before any use. */
static inline md_vec2_mask md_vec2_opaque(md_vec2_mask mask) {
#if MD_VEC_X86
    __asm__("" : "+x"(mask));
#endif
    return mask;
}

/* a in the lanes where mask (a comparison's result) is set, +0 elsewhere: a bitwise and. */
static inline md_vec2 md_vec2_keep(md_vec2_mask mask, md_vec2 a) {
    return (md_vec2)((md_vec2_mask)a & md_vec2_opaque(mask));
}

/* a where mask is set, b elsewhere. */
static inline md_vec2 md_vec2_select(md_vec2_mask mask, md_vec2 a, md_vec2 b) {
    mask = md_vec2_opaque(mask);
    return (md_vec2)(((md_vec2_mask)a & mask) | ((md_vec2_mask)b & ~mask));
}

#endif
