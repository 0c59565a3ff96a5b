/* numpy default_rng(42) compatibility (spec 30 §13.11). */
#include "md_rng.h"
#include "md_test_support.h"

START_TEST(test_default_rng_42_first_draws) {
    md_rng rng;
    md_rng_seed(&rng, 42);
    /* spec 30 §13.11: first two draws of default_rng(42).random(), bit for bit */
    ck_assert_double_eq(md_rng_random(&rng), 0.7739560485559633);
    ck_assert_double_eq(md_rng_random(&rng), 0.4388784397520523);
}
END_TEST

START_TEST(test_uniform_draw_matches_sweep) {
    md_rng rng;
    md_rng_seed(&rng, 42);
    /* spec 30 §13.11: default_rng(42).uniform(7.5e5, 3.3e6) */
    ck_assert_double_eq(md_rng_uniform(&rng, 7.5e5, 3.3e6), 2723587.9238177063);
    md_rng_seed(&rng, 42);
    ck_assert_double_eq(md_rng_uniform(&rng, 1.2e6, 4.0e6), 3367076.9359566974);
    md_rng_seed(&rng, 42);
    ck_assert_double_eq(md_rng_uniform(&rng, 7.5e5, 4.1e6), 3342752.7626624773);
}
END_TEST

START_TEST(test_reseed_is_deterministic) {
    md_rng a, b;
    md_rng_seed(&a, 12345678901234ull);
    md_rng_seed(&b, 12345678901234ull);
    for (int k = 0; k < 100; ++k)
        ck_assert_uint_eq(md_rng_next_u64(&a), md_rng_next_u64(&b));
    md_rng_seed(&b, 12345678901235ull);
    ck_assert_uint_ne(md_rng_next_u64(&a), md_rng_next_u64(&b));
    for (int k = 0; k < 1000; ++k) {
        double u = md_rng_random(&a);
        ck_assert(u >= 0.0 && u < 1.0);
    }
}
END_TEST

static Suite *rng_suite(void) {
    Suite *s = suite_create("rng");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_default_rng_42_first_draws);
    tcase_add_test(tc, test_uniform_draw_matches_sweep);
    tcase_add_test(tc, test_reseed_is_deterministic);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) {
    return md_test_run_suite(rng_suite());
}
