/* Eccentricity start-up (spec 30 §10, §13.11). */
#include <math.h>

#include "md_constants.h"
#include "md_eccentricity.h"
#include "md_test_support.h"

START_TEST(test_mars_clearance_vectors) {
    const double r = 1.85 * MD_R_MARS; /* 6270575.0 m */
    ck_assert_double_eq(r, 6270575.0);
    static const double v[][4] = {
        /* dr_min, dr_max, dr, e0 (spec 30 §13.11) */
        {7.5e5, 3.3e6, 2723587.9238177063, 0.025115252777024977},
        {1.2e6, 4.0e6, 3367076.9359566974, 0.0},
        {7.5e5, 4.1e6, 3342752.7626624773, 0.0},
    };
    md_error err;
    for (size_t k = 0; k < sizeof v / sizeof v[0]; ++k) {
        md_rng rng;
        md_rng_seed(&rng, 42);
        double dr = 0.0;
        ck_assert_int_eq(
            md_eccentricity_clearance_dr(&rng, MD_ECC_DR_UNIFORM, v[k][0], v[k][1], &dr, &err),
            MD_OK);
        ck_assert_double_eq(dr, v[k][2]);
        double e = md_eccentricity_clearance_e(r, dr);
        ck_assert_msg(md_test_rel_diff(e, v[k][3]) <= 1e-12, "e0 %.17g want %.17g", e, v[k][3]);
    }
    /* the unclamped T4000_eps1 value is -0.0775... */
    ck_assert(1.0 - (MD_R_MARS + 3367076.9359566974) / r < -0.0775);
}
END_TEST

START_TEST(test_mars_clearance_bounds) {
    md_rng rng;
    md_rng_seed(&rng, 42);
    md_error err;
    double dr = 0.0;
    ck_assert_int_eq(md_eccentricity_clearance_dr(&rng, MD_ECC_DR_UNIFORM, 5e5, NAN, &dr, &err),
                     MD_OK);
    ck_assert_double_eq(dr, 5e5);
    ck_assert_int_eq(md_eccentricity_clearance_dr(&rng, MD_ECC_DR_UNIFORM, NAN, 6e5, &dr, &err),
                     MD_OK);
    ck_assert_double_eq(dr, 6e5);
    ck_assert_int_eq(md_eccentricity_clearance_dr(&rng, MD_ECC_DR_UNIFORM, NAN, NAN, &dr, &err),
                     MD_ERR_CONFIG);
    ck_assert_int_eq(md_eccentricity_clearance_dr(&rng, MD_ECC_DR_UNIFORM, 2.0, 1.0, &dr, &err),
                     MD_ERR_CONFIG);
    ck_assert_int_eq(md_eccentricity_clearance_dr(&rng, MD_ECC_DR_LOGUNIFORM, 0.0, 1.0, &dr, &err),
                     MD_ERR_CONFIG);
    md_rng_seed(&rng, 42);
    ck_assert_int_eq(md_eccentricity_clearance_dr(&rng, MD_ECC_DR_LOGUNIFORM, 1e5, 1e6, &dr, &err),
                     MD_OK);
    ck_assert_double_eq(dr, exp(log(1e5) + (log(1e6) - log(1e5)) * 0.7739560485559633));
}
END_TEST

START_TEST(test_mars_pericenter) {
    /* spec 30 §13.11 */
    ck_assert_double_eq(md_eccentricity_mars_pericenter(2.45 * MD_R_MARS, 0.0, 0.999999),
                        0.5918367346938775);
    ck_assert_double_eq(md_eccentricity_mars_pericenter(1.85 * MD_R_MARS, 0.0, 0.999999),
                        0.45945945945945943);
    ck_assert_double_eq(md_eccentricity_mars_pericenter(0.5 * MD_R_MARS, 0.0, 0.999999), 0.0);
}
END_TEST

START_TEST(test_obs_tilt) {
    md_rng rng;
    md_rng_seed(&rng, 42);
    ck_assert_double_eq(md_eccentricity_obs_tilt_i(&rng, 10.0, 0.0), 10.0 * (MD_PI / 180.0));
    double lower = 10.0 * (MD_PI / 180.0) - 5.0 * (MD_PI / 180.0);
    double upper = 10.0 * (MD_PI / 180.0) + 5.0 * (MD_PI / 180.0);
    ck_assert_double_eq(md_eccentricity_obs_tilt_i(&rng, 10.0, 5.0),
                        lower + (upper - lower) * 0.7739560485559633);
}
END_TEST

static Suite *eccentricity_suite(void) {
    Suite *s = suite_create("eccentricity");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_mars_clearance_vectors);
    tcase_add_test(tc, test_mars_clearance_bounds);
    tcase_add_test(tc, test_mars_pericenter);
    tcase_add_test(tc, test_obs_tilt);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) {
    return md_test_run_suite(eccentricity_suite());
}
