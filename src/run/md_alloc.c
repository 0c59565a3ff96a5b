/* md_alloc: counting allocation hook for the run layer (see md_alloc.h). */
#include "md_alloc.h"

#include <stdint.h>
#include <stdlib.h>

static long alloc_calls;

void *md_alloc_zeroed(size_t n, size_t size) {
    alloc_calls++;
    if (n == 0 || size == 0) {
        n = 1; /* a valid pointer for empty arrays keeps the callers' NULL checks simple */
        size = 1;
    }
    if (n > SIZE_MAX / size) {
        return NULL;
    }
    return calloc(n, size);
}

void md_alloc_free(void *p) {
    free(p);
}

long md_alloc_count(void) {
    return alloc_calls;
}
