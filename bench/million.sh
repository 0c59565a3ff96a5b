#!/bin/bash
# The sweep machinery at scale (issue: million-run sweeps): the quickstart configuration as N
# one-step runs (100 T_M values x N/100 seeds), so the model costs next to nothing and what is
# measured is validation, hashing, layout, scheduling and writing.
#
#   bench/million.sh N [RANKS]     e.g. bench/million.sh 1000000 2
#
# Prints: --dry-run wall time; for the sweep at RANKS ranks (default 2) the time until the layout
# starts (validation and hashing), the layout (metadata and NaN fill), the whole wall time, the
# peak RSS of each rank, the file size and --timing's split. Env: MARSDISK_SWEEP (binary,
# default build/marsdisk-sweep), MPIRUN (default mpirun), TMPDIR (scratch; the file is removed).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
N=${1:?usage: bench/million.sh N [RANKS]}
NP=${2:-2}
BIN=${MARSDISK_SWEEP:-$here/../build/marsdisk-sweep}
MPIRUN=${MPIRUN:-mpirun}
dir=$(mktemp -d "${TMPDIR:-/tmp}/md_million.XXXXXX")
trap 'rm -rf "$dir"' EXIT
python3 - "$here/../sweeps/quickstart.json" "$N" "$dir/many.json" <<'EOF'
import json, sys
src, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
m = json.load(open(src))
m["name"] = "many"
m["base"]["numerics"]["t_end_years"] = 20.0 / 3.15576e7  # one outer step of dt_init = 20 s
m["grid"] = {"radiation.TM_K": [3000.0 + 20.0 * i for i in range(100)],
             "dynamics.rng_seed": list(range(1, max(n // 100, 1) + 1))}
m["output"] = {"series_stride": 1}
json.dump(m, open(out, "w"))
EOF
now() { date +%s.%N; }
echo "# $N one-step runs, $NP ranks, $(nproc) cores; $("$BIN" --version)"
t0=$(now)
"$BIN" --dry-run -o "$dir/many.h5" "$dir/many.json" >/dev/null
echo "dry-run: $(echo "$(now) - $t0" | bc -l | xargs printf %.2f) s"

cat >"$dir/rss.sh" <<EOF
#!/bin/bash
exec /usr/bin/time -f "rank peak RSS %M KB" "\$@"
EOF
chmod +x "$dir/rss.sh"
rss=()
[ -x /usr/bin/time ] && rss=("$dir/rss.sh")
t0=$(now)
"$MPIRUN" -n "$NP" --oversubscribe "${rss[@]}" "$BIN" --quiet --timing -o "$dir/many.h5" \
    "$dir/many.json" >"$dir/log" 2>&1 &
pid=$!
until compgen -G "$dir/.many.h5.partial-*" >/dev/null || [ -e "$dir/many.h5" ]; do sleep 0.02; done
t1=$(now)
until [ -e "$dir/many.h5" ]; do sleep 0.02; done
t2=$(now)
wait $pid
t3=$(now)
printf "until the layout: %.2f s; layout: %.2f s; whole sweep: %.2f s\n" \
    "$(echo "$t1 - $t0" | bc -l)" "$(echo "$t2 - $t1" | bc -l)" "$(echo "$t3 - $t0" | bc -l)"
echo "file: $(stat -c %s "$dir/many.h5") bytes"
grep -E "peak RSS|timing" "$dir/log"
