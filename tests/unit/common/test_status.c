#include "md_status.h"
#include "md_test_support.h"

#include <string.h>

START_TEST(set_records_status_and_formatted_message) {
    md_error err;
    md_error_clear(&err);
    md_status st = md_error_set(&err, MD_ERR_CONFIG, "grid[\"%s\"][%d]: %g out of range",
                                "radiation.TM_K", 2, -1.0);
    ck_assert_int_eq(st, MD_ERR_CONFIG);
    ck_assert_int_eq(err.status, MD_ERR_CONFIG);
    ck_assert_str_eq(err.msg, "grid[\"radiation.TM_K\"][2]: -1 out of range");
}
END_TEST

START_TEST(prefix_adds_context_and_long_messages_truncate) {
    md_error err;
    md_error_set(&err, MD_ERR_IO, "cannot open");
    md_error_prefix(&err, "run %d", 7);
    ck_assert_str_eq(err.msg, "run 7: cannot open");
    char longtxt[3 * MD_ERROR_MSG_LEN];
    memset(longtxt, 'x', sizeof longtxt - 1);
    longtxt[sizeof longtxt - 1] = '\0';
    md_error_set(&err, MD_ERR_IO, "%s", longtxt);
    ck_assert_uint_eq(strlen(err.msg), MD_ERROR_MSG_LEN - 1);
}
END_TEST

START_TEST(null_error_buffer_is_accepted) {
    ck_assert_int_eq(md_error_set(NULL, MD_ERR_NOMEM, "x"), MD_ERR_NOMEM);
    md_error_clear(NULL);
    md_error_prefix(NULL, "y");
    ck_assert_str_eq(md_status_str(MD_ERR_NOMEM), "out of memory");
}
END_TEST

int main(void) {
    Suite *s = suite_create("status");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, set_records_status_and_formatted_message);
    tcase_add_test(tc, prefix_adds_context_and_long_messages_truncate);
    tcase_add_test(tc, null_error_buffer_is_accepted);
    suite_add_tcase(s, tc);
    return md_test_run_suite(s);
}
