/* md_fminmax: fmax and fmin with the ordered case inline, so that the hot paths need no call:
 * GCC inlines fmax/fmin only under -ffinite-math-only, and a call per use cost ~2 % of a 0D step
 * (the call, and the vector registers every call spills). Ordered operands give the larger
 * (smaller) one, and y when they compare equal (+0 and -0 included), as glibc's libm does
 * (test_fminmax checks every pair of a set of special values against the linked libm, called
 * through a pointer: GCC takes fmax as commutative and may swap the arguments of a direct
 * call, so which zero a direct call returns depends on the call site). A NaN operand goes to
 * libm itself. */
#ifndef MD_FMINMAX_H
#define MD_FMINMAX_H

#include <math.h>

static inline double md_fmax(double x, double y) {
    if (isnan(x) || isnan(y))
        return fmax(x, y);
    return x > y ? x : y;
}

static inline double md_fmin(double x, double y) {
    if (isnan(x) || isnan(y))
        return fmin(x, y);
    return x < y ? x : y;
}

#endif
