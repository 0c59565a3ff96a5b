#!/bin/sh
# Per-step time of two builds side by side, alternating, medians (issue 8's wall-time measure).
#
#   bench/compare_step.sh OLD_BENCH NEW_BENCH [SHARED_DIR] [STRIDE] [ROUNDS] [STEPS]
#       defaults: ../shared, 1000, 7, 5000
#
# OLD_BENCH and NEW_BENCH are md_bench_step binaries of the two builds (build the old commit in a
# worktree: git worktree add /tmp/old COMMIT; cmake -S /tmp/old -B /tmp/old/build
# -DCMAKE_BUILD_TYPE=Release; cmake --build /tmp/old/build --target md_bench_step). Each round
# runs old then new once per bin count (one repeat each, so the machine's drift hits both
# alike); the medians over the rounds and new/old are printed for 20, 40 and 60 bins.
# The columns are found by their header names (n_bins, s/step), so a bench from before the
# integrator column (issue 8's starting commit 3dd8132) compares too; such a bench ignores the
# bin-count argument and runs all three, which only costs time.
# Every run is pinned to one CPU (MD_BENCH_CPU, default 0) when taskset is there: on the 2-core
# VM, unpinned runs that migrate between the vCPUs took 2.7-3.5 us a step instead of 2.1 (about
# 4 runs in 10), which no number of rounds averages away; pinned, 30 runs stayed within 10 %.
set -eu
old=${1:?usage: bench/compare_step.sh OLD_BENCH NEW_BENCH [SHARED_DIR] [STRIDE] [ROUNDS] [STEPS]}
new=${2:?usage: bench/compare_step.sh OLD_BENCH NEW_BENCH [SHARED_DIR] [STRIDE] [ROUNDS] [STEPS]}
shared=${3:-../shared}
stride=${4:-1000}
rounds=${5:-7}
steps=${6:-5000}
pin=
if command -v taskset >/dev/null 2>&1; then pin="taskset -c ${MD_BENCH_CPU:-0}"; fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
r=0
while [ "$r" -lt "$rounds" ]; do
    for bins in 20 40 60; do
        for build in old new; do
            if [ "$build" = old ]; then bin=$old; else bin=$new; fi
            $pin "$bin" "$shared" "$steps" 1 "$bins" "$stride" |
                awk -v b="$bins" '
                    /n_bins/ && /s\/step/ { for (c = 1; c <= NF; c++) { if ($c == "n_bins") nb = c; if ($c == "s/step") st = c } }
                    nb && $nb == b { print $st }' >>"$dir/$build.$bins"
        done
    done
    r=$((r + 1))
done
median() { sort -g "$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo "compare_step: $steps steps, series stride $stride, median of $rounds alternating rounds${pin:+, $pin}"
printf '%6s %14s %14s %9s\n' n_bins old_s/step new_s/step new/old
for bins in 20 40 60; do
    o=$(median "$dir/old.$bins")
    n=$(median "$dir/new.$bins")
    awk -v b="$bins" -v o="$o" -v n="$n" 'BEGIN { printf "%6d %14.4e %14.4e %9.3f\n", b, o, n, n / o }'
done
