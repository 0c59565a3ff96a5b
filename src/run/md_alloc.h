/* md_alloc: the run layer's heap hook. Every allocation the driver and its workspace make goes
 * through md_alloc_* so a test can count them (spec 00 "Parallel behaviour": the time loop performs
 * no heap allocation; tests/unit/run/test_workspace.c checks it). Not thread-safe by design: one
 * workspace per rank, one thread per rank. */
#ifndef MD_ALLOC_H
#define MD_ALLOC_H

#include <stddef.h>

/* calloc(n, size) that counts the call; NULL on failure or overflow. */
void *md_alloc_zeroed(size_t n, size_t size);

/* free(p) (p may be NULL); frees are not counted. */
void md_alloc_free(void *p);

/* Number of md_alloc_zeroed calls since program start (successful or not). */
long md_alloc_count(void);

#endif
