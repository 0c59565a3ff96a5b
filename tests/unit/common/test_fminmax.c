/* md_fmax/md_fmin must be the libm fmax/fmin this build links (they replace its calls in the 0D
 * step): every pair of a set with both zeros, subnormals, infinities and quiet and signalling
 * NaNs with payloads; bit for bit where neither operand is a NaN, and NaN exactly where libm's
 * result is (which NaN is libm's own choice: md_fmax hands such pairs to it). */
#include "md_fminmax.h"
#include "md_test_support.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

static double from_bits(uint64_t bits) {
    double x;
    memcpy(&x, &bits, sizeof x);
    return x;
}

/* Through volatile pointers: the calls are libm's with the arguments in this order (GCC takes
 * fmax/fmin as commutative and may swap a direct call's arguments) and cannot be folded. */
static double (*volatile libm_fmax)(double, double) = fmax;
static double (*volatile libm_fmin)(double, double) = fmin;

/* The same bits, or both NaN. */
static int same(double want, double got) {
    return memcmp(&want, &got, sizeof want) == 0 || (isnan(want) && isnan(got));
}

START_TEST(fmax_fmin_are_libm_bit_for_bit) {
    const double values[] = {0.0,
                             -0.0,
                             1.0,
                             -1.0,
                             1.0 + DBL_EPSILON,
                             DBL_MIN,
                             DBL_MIN / 4.0,
                             -DBL_MIN / 4.0,
                             DBL_MAX,
                             INFINITY,
                             -INFINITY,
                             3.8664839527390629e-06,
                             from_bits(UINT64_C(0x7ff8000000000000)),  /* quiet NaN */
                             from_bits(UINT64_C(0xfff8000000000123)),  /* -qNaN, payload */
                             from_bits(UINT64_C(0x7ff0000000000001)),  /* signalling NaN */
                             from_bits(UINT64_C(0xfff4000000000abc))}; /* -sNaN, payload */
    const int n = (int)(sizeof values / sizeof values[0]);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
            const double x = values[i], y = values[j];
            const double want_max = libm_fmax(x, y), want_min = libm_fmin(x, y);
            const double got_max = md_fmax(x, y), got_min = md_fmin(x, y);
            ck_assert_msg(same(want_max, got_max), "fmax(%a, %a) = %a, md_fmax %a", x, y, want_max,
                          got_max);
            ck_assert_msg(same(want_min, got_min), "fmin(%a, %a) = %a, md_fmin %a", x, y, want_min,
                          got_min);
        }
}
END_TEST

int main(void) {
    Suite *s = suite_create("fminmax");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, fmax_fmin_are_libm_bit_for_bit);
    suite_add_tcase(s, tc);
    return md_test_run_suite(s);
}
