/* md_sha256 against the FIPS 180-4 / NIST example vectors, and its fast path (the processor's
 * SHA extensions, where present) against the plain one on every length across block edges. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "md_sha256.h"
#include "md_test_support.h"

START_TEST(test_nist_vectors) {
    char hex[65];
    md_sha256_hex("", 0, hex);
    ck_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    md_sha256_hex("abc", 3, hex);
    ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two_blocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    md_sha256_hex(two_blocks, strlen(two_blocks), hex);
    ck_assert_str_eq(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    static char million[1000000];
    memset(million, 'a', sizeof million);
    md_sha256_hex(million, sizeof million, hex);
    ck_assert_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}
END_TEST

START_TEST(test_fast_path_equals_plain) {
    static unsigned char data[4096 + 3];
    unsigned x = 12345;
    for (size_t i = 0; i < sizeof data; i++) {
        x = x * 1103515245u + 12345u;
        data[i] = (unsigned char)(x >> 16);
    }
    for (size_t len = 0; len <= sizeof data; len += len < 300 ? 1 : 61) {
        uint8_t a[32], b[32];
        md_sha256(data, len, a);
        md_sha256_plain(data, len, b);
        ck_assert_msg(memcmp(a, b, 32) == 0, "length %zu", len);
    }
    /* the plain path alone on a NIST vector (the fast one took test_nist_vectors if present) */
    uint8_t d[32];
    md_sha256_plain("abc", 3, d);
    ck_assert_int_eq(d[0], 0xba);
    ck_assert_int_eq(d[31], 0xad);
    printf("sha256: %s\n", md_sha256_accelerated() ? "SHA extensions" : "plain C");
}
END_TEST

int main(void) {
    Suite *s = suite_create("sha256");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_nist_vectors);
    tcase_add_test(tc, test_fast_path_equals_plain);
    suite_add_tcase(s, tc);
    return md_test_run_suite(s);
}
