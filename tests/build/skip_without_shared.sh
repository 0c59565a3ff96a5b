#!/bin/bash
# Without the reference material a test that needs it reports "skipped" (77) naming why, and with
# MD_REQUIRE_SHARED=1 (CI) it fails instead.   skip_without_shared.sh TEST_GOLDEN NEEDS_SHARED_SH
set -u
golden=$1 needs=$2
missing=/nonexistent/shared
check() { # want_rc command...
    local want=$1
    shift
    "$@" >out.txt 2>&1
    local rc=$?
    [ $rc -eq "$want" ] || { echo "FAIL: $* -> exit $rc, expected $want: $(cat out.txt)"; exit 1; }
}
cd "$(mktemp -d)" || exit 1
check 77 env -u MD_REQUIRE_SHARED MD_SHARED_DIR=$missing "$golden" c01_T4000_eps1_tau1
grep -q "skipped" out.txt || { echo "FAIL: no reason given: $(cat out.txt)"; exit 1; }
check 1 env MD_REQUIRE_SHARED=1 MD_SHARED_DIR=$missing "$golden" c01_T4000_eps1_tau1
check 77 env -u MD_REQUIRE_SHARED "$needs" $missing true
grep -q "$missing" out.txt || { echo "FAIL: the folder is not named: $(cat out.txt)"; exit 1; }
check 1 env MD_REQUIRE_SHARED=1 "$needs" $missing true
check 0 env MD_REQUIRE_SHARED=1 "$needs" . true
echo "PASS: skip without ../shared, fail with MD_REQUIRE_SHARED=1"
