/* md_rng: numpy's SeedSequence + PCG64 (XSL-RR 128/64) + double transform (spec 30 §10). */
#include "md_rng.h"

/* GCC/Clang 128-bit integers; __extension__ keeps -Wpedantic quiet. */
__extension__ typedef unsigned __int128 md_u128;

/* numpy/random/bit_generator.pyx: SeedSequence constants. */
#define SS_INIT_A 0x43b0d7e5u
#define SS_MULT_A 0x931e8875u
#define SS_INIT_B 0x8b51f9ddu
#define SS_MULT_B 0x58f38dedu
#define SS_MIX_MULT_L 0xca01f9ddu
#define SS_MIX_MULT_R 0x4973f715u
#define SS_XSHIFT 16
#define SS_POOL_SIZE 4

/* numpy/random/src/pcg64/pcg64.h: PCG_DEFAULT_MULTIPLIER_128 */
#define PCG_MULT_HI 0x2360ed051fc65da4ull
#define PCG_MULT_LO 0x4385df649fccf645ull

static uint32_t hashmix(uint32_t value, uint32_t *hash_const) {
    value ^= *hash_const;
    *hash_const *= SS_MULT_A;
    value *= *hash_const;
    value ^= value >> SS_XSHIFT;
    return value;
}

static uint32_t mix(uint32_t x, uint32_t y) {
    uint32_t result = SS_MIX_MULT_L * x - SS_MIX_MULT_R * y;
    result ^= result >> SS_XSHIFT;
    return result;
}

static md_u128 join(uint64_t hi, uint64_t lo) {
    return ((md_u128)hi << 64) | lo;
}

static void store(md_u128 v, uint64_t *hi, uint64_t *lo) {
    *hi = (uint64_t)(v >> 64);
    *lo = (uint64_t)v;
}

/* pcg_setseq_128_step_r */
static void step(md_rng *rng) {
    md_u128 state = join(rng->state_hi, rng->state_lo);
    state = state * join(PCG_MULT_HI, PCG_MULT_LO) + join(rng->inc_hi, rng->inc_lo);
    store(state, &rng->state_hi, &rng->state_lo);
}

void md_rng_seed(md_rng *rng, uint64_t seed) {
    /* SeedSequence(seed): entropy as little-endian uint32 words (at least one). */
    uint32_t entropy[2];
    int n_entropy = 0;
    do {
        entropy[n_entropy++] = (uint32_t)(seed & 0xffffffffu);
        seed >>= 32;
    } while (seed != 0);

    /* mix_entropy */
    uint32_t pool[SS_POOL_SIZE];
    uint32_t hash_const = SS_INIT_A;
    for (int i = 0; i < SS_POOL_SIZE; ++i)
        pool[i] = hashmix(i < n_entropy ? entropy[i] : 0u, &hash_const);
    for (int src = 0; src < SS_POOL_SIZE; ++src)
        for (int dst = 0; dst < SS_POOL_SIZE; ++dst)
            if (src != dst)
                pool[dst] = mix(pool[dst], hashmix(pool[src], &hash_const));

    /* generate_state(4, np.uint64): 8 uint32 words viewed as little-endian uint64 */
    uint32_t words[8];
    hash_const = SS_INIT_B;
    for (int i = 0; i < 8; ++i) {
        uint32_t v = pool[i % SS_POOL_SIZE];
        v ^= hash_const;
        hash_const *= SS_MULT_B;
        v *= hash_const;
        v ^= v >> SS_XSHIFT;
        words[i] = v;
    }
    uint64_t val[4];
    for (int k = 0; k < 4; ++k)
        val[k] = (uint64_t)words[2 * k] | ((uint64_t)words[2 * k + 1] << 32);

    /* pcg64_set_seed -> pcg_setseq_128_srandom_r(initstate = val[0:2], initseq = val[2:4]) */
    md_u128 initstate = join(val[0], val[1]);
    md_u128 inc = (join(val[2], val[3]) << 1u) | 1u;
    rng->state_hi = rng->state_lo = 0;
    store(inc, &rng->inc_hi, &rng->inc_lo);
    step(rng);
    store(join(rng->state_hi, rng->state_lo) + initstate, &rng->state_hi, &rng->state_lo);
    step(rng);
}

/* pcg_setseq_128_xsl_rr_64_random_r: step, then rotate (hi ^ lo) right by state >> 122. */
uint64_t md_rng_next_u64(md_rng *rng) {
    step(rng);
    uint64_t x = rng->state_hi ^ rng->state_lo;
    unsigned rot = (unsigned)(rng->state_hi >> 58);
    return (x >> rot) | (x << ((64u - rot) & 63u));
}

/* distributions.c: next_double = (next_uint64 >> 11) * (1.0 / 9007199254740992.0) */
double md_rng_random(md_rng *rng) {
    return (double)(md_rng_next_u64(rng) >> 11) * (1.0 / 9007199254740992.0);
}

/* distributions.c: random_uniform(bitgen, lower, range) = lower + range * next_double, with
 * range = high - low formed by Generator.uniform. */
double md_rng_uniform(md_rng *rng, double low, double high) {
    double range = high - low;
    return low + range * md_rng_random(rng);
}
