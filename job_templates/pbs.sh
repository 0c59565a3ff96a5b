#!/bin/bash
# Run a marsdisk-sweep manifest on a PBS Pro / Torque allocation; resubmit to continue.
#
#   qsub -v MANIFEST=sweeps/grid.json job_templates/pbs.sh
#
# PBS sends SIGTERM to the job shell at the wall-time limit (and SIGKILL after kill_delay,
# often 60-120 s: ask your site, or raise it with `qsub -W kill_delay=180`). The trap forwards
# it to mpirun as SIGUSR1, which mpirun passes to every rank; each rank finishes its run in
# hand and the file is closed. Runs longer than kill_delay are cut by SIGKILL; the file stays
# valid (every run marked done is intact) and --resume redoes only the cut runs.
#PBS -N marsdisk-sweep
#PBS -l select=2:ncpus=32:mpiprocs=32
#PBS -l walltime=24:00:00
#PBS -j oe

set -u
cd "${PBS_O_WORKDIR:-.}"
MANIFEST=${MANIFEST:?qsub -v MANIFEST=path/to/manifest.json}
BIN=${MARSDISK_SWEEP:-$PWD/build/marsdisk-sweep}
[ -x "$BIN" ] || BIN=$(command -v marsdisk-sweep)
NP=$(wc -l < "${PBS_NODEFILE:-/dev/null}")
[ "$NP" -gt 0 ] || NP=1
args=(--resume)                   # continues an existing output, starts a new one otherwise
[ -n "${OUTPUT:-}" ] && args+=(-o "$OUTPUT")
export HDF5_USE_FILE_LOCKING=${HDF5_USE_FILE_LOCKING:-FALSE}

mpirun -n "$NP" "$BIN" "${args[@]}" "$MANIFEST" &
pid=$!
trap 'kill -USR1 "$pid" 2>/dev/null' TERM USR1
while true; do
    wait "$pid"
    rc=$?
    kill -0 "$pid" 2>/dev/null || break
done
echo "marsdisk-sweep exited with $rc" >&2
exit "$rc"
