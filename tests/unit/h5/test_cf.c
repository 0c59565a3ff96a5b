/* md_cf: the model's unit strings become UDUNITS units and CF flag attributes. */
#include "md_cf.h"
#include "md_test_support.h"

#include <string.h>

START_TEST(mars_units_become_scaled_si) {
    md_cf_attrs a;
    md_error err;
    ck_assert_int_eq(md_cf_translate("M_Mars", &a, &err), MD_OK);
    ck_assert_str_eq(a.units, "6.4171e+23 kg");
    ck_assert_int_eq(a.n_flags, 0);
    ck_assert_int_eq(md_cf_translate("M_Mars s^-1", &a, &err), MD_OK);
    ck_assert_str_eq(a.units, "6.4171e+23 kg s^-1");
    ck_assert_int_eq(md_cf_translate("R_Mars", &a, &err), MD_OK);
    ck_assert_str_eq(a.units, "3389500 m");
    ck_assert_int_eq(md_cf_translate("kg m^-2 s^-1", &a, &err), MD_OK);
    ck_assert_str_eq(a.units, "kg m^-2 s^-1");
    const char *dimensionless[] = {"count", "-", "", "1"};
    for (size_t i = 0; i < sizeof dimensionless / sizeof dimensionless[0]; i++) {
        ck_assert_int_eq(md_cf_translate(dimensionless[i], &a, &err), MD_OK);
        ck_assert_str_eq(a.units, "1");
    }
    ck_assert_int_eq(md_cf_translate("%", &a, &err), MD_OK);
    ck_assert_str_eq(a.units, "percent");
}
END_TEST

START_TEST(flags_and_codes_get_values_and_meanings) {
    md_cf_attrs a;
    md_error err;
    ck_assert_int_eq(md_cf_translate("bool", &a, &err), MD_OK);
    ck_assert_str_eq(a.units, "1");
    ck_assert_int_eq(a.n_flags, 2);
    ck_assert(a.flag_values[0] == 0 && a.flag_values[1] == 1);
    ck_assert_str_eq(a.flag_meanings, "false true");
    ck_assert_int_eq(
        md_cf_translate("code: 0 solid_dominated, 1 mixed, 2 liquid_dominated", &a, &err), MD_OK);
    ck_assert_int_eq(a.n_flags, 3);
    ck_assert(a.flag_values[2] == 2);
    ck_assert_str_eq(a.flag_meanings, "solid_dominated mixed liquid_dominated");
    ck_assert_int_eq(md_cf_translate("code: 0 pending, 1 done, 2 failed", &a, &err), MD_OK);
    ck_assert_str_eq(a.flag_meanings, "pending done failed");
}
END_TEST

START_TEST(malformed_code_lists_are_errors) {
    md_cf_attrs a;
    md_error err;
    ck_assert_int_eq(md_cf_translate("code: solid, vapor", &a, &err), MD_ERR_CONFIG);
    ck_assert_msg(strstr(err.msg, "code list") != NULL, "%s", err.msg);
    ck_assert_int_eq(md_cf_translate("code:", &a, &err), MD_ERR_CONFIG);
    ck_assert_int_eq(md_cf_translate("code: 0 a, 1 b, 2 c, 3 d, 4 e, 5 f, 6 g, 7 h, 8 i", &a, &err),
                     MD_ERR_CONFIG);
}
END_TEST

int main(void) {
    Suite *s = suite_create("cf");
    TCase *tc = tcase_create("translate");
    tcase_add_test(tc, mars_units_become_scaled_si);
    tcase_add_test(tc, flags_and_codes_get_values_and_meanings);
    tcase_add_test(tc, malformed_code_lists_are_errors);
    suite_add_tcase(s, tc);
    return md_test_run_suite(s);
}
