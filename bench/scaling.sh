#!/bin/bash
# Strong scaling of a sweep over 1..16 ranks: wall time, runs/s, and where the ranks' time goes
# (layout, scheduler, model, writer, close; from marsdisk-sweep --timing).
#
#   bench/scaling.sh [MANIFEST] [RANKS...]
#     MANIFEST  default bench/sweep_many.json (200 short runs)
#     RANKS     default "1 2 4 8 16" (oversubscribed where the machine has fewer cores)
# Env: MARSDISK_SWEEP (binary, default build/marsdisk-sweep), MPIRUN (default mpirun),
#      TMPDIR (scratch for the output files). Prints one line per rank count.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
MANIFEST=${1:-$here/sweep_many.json}
shift || true
RANKS=${*:-1 2 4 8 16}
BIN=${MARSDISK_SWEEP:-$here/../build/marsdisk-sweep}
MPIRUN=${MPIRUN:-mpirun}
out=${TMPDIR:-/tmp}/md_scaling_$$.h5
cores=$(nproc)
runs=$("$BIN" --dry-run "$MANIFEST" | head -1 | sed -E 's/.*: ([0-9]+) runs.*/\1/')
echo "# $MANIFEST: $runs runs, $cores cores; $("$BIN" --version)"
printf "%5s %9s %9s %8s  %s\n" ranks wall_s runs_per_s speedup "timing (seconds summed over ranks)"
base=
for np in $RANKS; do
    t0=$(date +%s.%N)
    timing=$("$MPIRUN" -n "$np" --oversubscribe "$BIN" --quiet --force --timing -o "$out" \
        "$MANIFEST" 2>&1 | grep "timing" | sed 's/.*rank(s): //')
    t1=$(date +%s.%N)
    wall=$(echo "$t1 - $t0" | bc -l)
    [ -z "$base" ] && base=$wall
    printf "%5d %9.3f %9.2f %8.2f  %s%s\n" "$np" "$wall" "$(echo "$runs / $wall" | bc -l)" \
        "$(echo "$base / $wall" | bc -l)" "$timing" "$([ "$np" -gt "$cores" ] && echo '  [oversubscribed]')"
    rm -f "$out"
done
