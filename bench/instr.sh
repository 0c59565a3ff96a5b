#!/bin/sh
# Instructions per 0D step under callgrind, and where they go (issue 8's measure).
#
#   bench/instr.sh BENCH_BINARY [SHARED_DIR] [BINS] [STRIDE] [STEPS]
#       defaults: ../shared, 40, 1, 4000
#
# Runs md_bench_step once for STEPS and once for 2*STEPS steps (one repeat, one bin count) and
# divides the difference of the two instruction totals by STEPS, so set-up (tables, manifest,
# workspace) cancels. The per-function split is the same difference, function by function
# (self cost), for the functions above 1 % of a step.
set -eu
bench=${1:?usage: bench/instr.sh BENCH_BINARY [SHARED_DIR] [BINS] [STRIDE] [STEPS]}
shared=${2:-../shared}
bins=${3:-40}
stride=${4:-1}
steps=${5:-4000}
command -v valgrind >/dev/null || { echo "instr.sh: valgrind is not installed" >&2; exit 2; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for n in "$steps" $((2 * steps)); do
    valgrind --tool=callgrind --callgrind-out-file="$dir/cg.$n" \
        "$bench" "$shared" "$n" 1 "$bins" "$stride" >/dev/null 2>"$dir/log.$n" ||
        { cat "$dir/log.$n" >&2; exit 1; }
    callgrind_annotate --threshold=100 "$dir/cg.$n" 2>/dev/null |
        awk '/^ *[0-9,]+ .*:/ { c = $1; gsub(",", "", c); f = $0; sub(/^ *[0-9,]+ +(\([^)]*\) +)?/, "", f);
             sub(/ \[.*$/, "", f); print c "\t" f }' >"$dir/fn.$n"
    grep -E '^(summary|totals):' "$dir/cg.$n" | head -1 | awk '{print $2}' >"$dir/total.$n"
done
t1=$(cat "$dir/total.$steps")
t2=$(cat "$dir/total.$((2 * steps))")
per_step=$(( (t2 - t1) / steps ))
echo "instr.sh: $bins bins, series stride $stride: $per_step instructions per step" \
     "(callgrind, ($t2 - $t1) / $steps)"
awk -F '\t' -v steps="$steps" -v total="$per_step" '
    NR == FNR { a[$2] = $1; next }
    { d = ($1 - a[$2]) / steps; if (d >= 0.01 * total) printf "  %8.0f  %5.1f%%  %s\n", d, 100 * d / total, $2 }
' "$dir/fn.$steps" "$dir/fn.$((2 * steps))" | sort -rn
