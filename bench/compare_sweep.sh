#!/bin/sh
# Wall time of sweeps/grid.json shortened to YEARS of model time, two builds side by side at
# -n RANKS, alternating, medians (issue 8's sweep-level measure).
#
#   bench/compare_sweep.sh OLD_BINARY NEW_BINARY [DATA_DIR] [YEARS] [RANKS] [ROUNDS]
#       defaults: ../shared/data, 0.05, 2, 5
#
# The binaries are marsdisk-sweep of the two builds. Each round runs old then new on the same
# shortened manifest (t_end_years and analysis_years set to YEARS), output to a temporary file.
set -eu
old=${1:?usage: bench/compare_sweep.sh OLD_BINARY NEW_BINARY [DATA_DIR] [YEARS] [RANKS] [ROUNDS]}
new=${2:?usage: bench/compare_sweep.sh OLD_BINARY NEW_BINARY [DATA_DIR] [YEARS] [RANKS] [ROUNDS]}
data=${3:-../shared/data}
years=${4:-0.05}
ranks=${5:-2}
rounds=${6:-5}
here=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
sed -e "s/\"t_end_years\": *[0-9.eE+-]*/\"t_end_years\": $years/" \
    -e "s/\"analysis_years\": *[0-9.eE+-]*/\"analysis_years\": $years/" \
    "$here/sweeps/grid.json" >"$dir/grid_short.json"
r=0
while [ "$r" -lt "$rounds" ]; do
    for build in old new; do
        if [ "$build" = old ]; then bin=$old; else bin=$new; fi
        start=$(date +%s.%N)
        mpirun --oversubscribe -n "$ranks" "$bin" --quiet --force --data-dir "$data" \
            -o "$dir/$build.h5" "$dir/grid_short.json"
        awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { print e - s }' >>"$dir/$build.times"
    done
    r=$((r + 1))
done
median() { sort -g "$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
o=$(median "$dir/old.times")
n=$(median "$dir/new.times")
echo "compare_sweep: sweeps/grid.json at $years years, -n $ranks, median of $rounds rounds"
awk -v o="$o" -v n="$n" 'BEGIN { printf "old %.3f s  new %.3f s  new/old %.3f\n", o, n, n / o }'
