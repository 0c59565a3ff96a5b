/* md_sched's pure part: which runs are still to do after an interruption, and in which order
 * they are handed out. (The MPI hand-out itself is exercised by tests/mpi at 1, 2 and 4 ranks.) */
#include "md_sched.h"
#include "md_test_support.h"

START_TEST(pending_skips_done_and_keeps_failed_only_on_request) {
    /* pending, done, failed, done, a byte from a cut write (counts as pending), pending */
    const uint8_t status[6] = {0, 1, 2, 1, 7, 0};
    long ids[6];
    ck_assert_int_eq(md_sched_pending(status, 6, false, ids), 3);
    ck_assert(ids[0] == 0 && ids[1] == 4 && ids[2] == 5);
    ck_assert_int_eq(md_sched_pending(status, 6, true, ids), 4);
    ck_assert(ids[0] == 0 && ids[1] == 2 && ids[2] == 4 && ids[3] == 5);
    const uint8_t all_done[3] = {1, 1, 1};
    ck_assert_int_eq(md_sched_pending(all_done, 3, true, ids), 0);
    ck_assert_int_eq(md_sched_pending(NULL, 0, false, ids), 0);
}
END_TEST

START_TEST(order_is_longest_first_then_by_id) {
    const double cost[6] = {5, 9, 5, 1, 9, 0};
    long ids[5] = {0, 1, 2, 4, 5}; /* run 3 already done */
    md_sched_order(ids, 5, cost);
    const long want[5] = {1, 4, 0, 2, 5};
    for (int i = 0; i < 5; i++)
        ck_assert_int_eq(ids[i], want[i]);
    md_sched_order(ids, 0, cost); /* empty list: nothing to do */
}
END_TEST

int main(void) {
    Suite *s = suite_create("sched");
    TCase *tc = tcase_create("pure");
    tcase_add_test(tc, pending_skips_done_and_keeps_failed_only_on_request);
    tcase_add_test(tc, order_is_longest_first_then_by_id);
    suite_add_tcase(s, tc);
    return md_test_run_suite(s);
}
