/* md_bits: comparing doubles by their bits, for cache keys (a one-ulp change must miss). */
#ifndef MD_BITS_H
#define MD_BITS_H

#include <stdbool.h>
#include <string.h>

/* a and b are the same double bit for bit: NaN matches the same NaN, -0 does not match +0. */
static inline bool md_same_bits(double a, double b) {
    return memcmp(&a, &b, sizeof a) == 0;
}

#endif
