/* md_fminmax: fmax and fmin with the ordered case inline, so that the hot paths need no call:
 * GCC inlines fmax/fmin only under -ffinite-math-only, and a call per use cost ~2 % of a 0D step
 * (the call, and the vector registers every call spills). Ordered operands give the larger
 * (smaller) one, and x when they compare equal (+0 and -0 included), as glibc's libm does
 * (test_fminmax checks every pair of a set of special values against the linked libm). A NaN
 * operand goes to libm itself, whose NaN rules (quiet or signalling, which payload) are then
 * kept as they are. */
#ifndef MD_FMINMAX_H
#define MD_FMINMAX_H

#include <math.h>

static inline double md_fmax(double x, double y) {
    if (isnan(x) || isnan(y))
        return fmax(x, y);
    return y > x ? y : x;
}

static inline double md_fmin(double x, double y) {
    if (isnan(x) || isnan(y))
        return fmin(x, y);
    return y < x ? y : x;
}

#endif
