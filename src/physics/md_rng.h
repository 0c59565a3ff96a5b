/* md_rng: numpy's default_rng(seed) bit for bit: SeedSequence(seed) -> PCG64 (128-bit LCG,
 * XSL-RR output) and numpy's double transform (spec 30 §10, §13.11; numpy/random/bit_generator.pyx
 * SeedSequence, _pcg64.pyx, pcg64.h; distributions.c random_standard_uniform, random_uniform).
 * Plain struct, no allocation. */
#ifndef MD_RNG_H
#define MD_RNG_H

#include <stdint.h>

/* PCG64 state: 128-bit state and increment as (hi, lo) 64-bit halves. */
typedef struct md_rng {
    uint64_t state_hi, state_lo;
    uint64_t inc_hi, inc_lo;
} md_rng;

/* numpy.random.default_rng(seed) for a non-negative integer seed < 2^64: SeedSequence entropy
 * words, pool of 4, generate_state(4, uint64), PCG64 seeding. */
void md_rng_seed(md_rng *rng, uint64_t seed);

/* Next raw 64-bit output (pcg64_next64). */
uint64_t md_rng_next_u64(md_rng *rng);

/* Generator.random(): (next64 >> 11) * 2^-53, in [0, 1). */
double md_rng_random(md_rng *rng);

/* Generator.uniform(low, high): low + (high - low) * random() (random_uniform). */
double md_rng_uniform(md_rng *rng, double low, double high);

#endif
