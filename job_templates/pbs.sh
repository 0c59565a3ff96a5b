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
cd "${PBS_O_WORKDIR:-.}" || { echo "marsdisk-sweep job: cannot enter ${PBS_O_WORKDIR:-.}" >&2; exit 2; }
MANIFEST=${MANIFEST:?qsub -v MANIFEST=path/to/manifest.json}
BIN=${MARSDISK_SWEEP:-}
if [ -z "$BIN" ]; then
    BIN=$PWD/build/marsdisk-sweep
    [ -x "$BIN" ] || BIN=$(command -v marsdisk-sweep || true)
fi
if [ -z "$BIN" ] || [ ! -x "$BIN" ]; then
    echo "marsdisk-sweep job: no executable marsdisk-sweep found (looked at ${MARSDISK_SWEEP:-$PWD/build/marsdisk-sweep} and on PATH)." >&2
    echo "Set MARSDISK_SWEEP=/path/to/marsdisk-sweep (qsub -v MANIFEST=...,MARSDISK_SWEEP=...) or load the module that provides it." >&2
    exit 2
fi
NP=$(wc -l < "${PBS_NODEFILE:-/dev/null}")
[ "$NP" -gt 0 ] || NP=1
args=(--resume)                   # continues an existing output, starts a new one otherwise
[ -n "${OUTPUT:-}" ] && args+=(-o "$OUTPUT")
export HDF5_USE_FILE_LOCKING=${HDF5_USE_FILE_LOCKING:-FALSE}
# The sweep's own exit status (mpirun's does not carry it once mpirun was signalled).
MARSDISK_EXIT_STATUS_FILE=$(mktemp "${TMPDIR:-/tmp}/marsdisk-exit.XXXXXX") || exit 3
export MARSDISK_EXIT_STATUS_FILE

mpirun -n "$NP" "$BIN" "${args[@]}" "$MANIFEST" &
pid=$!
# SIGTERM reaches mpirun and the ranks directly too (the whole job is signalled); mpirun then
# exits 1 whatever the ranks did, so the signal is remembered here.
signal=
trap 'signal=USR1; kill -USR1 "$pid" 2>/dev/null' USR1
trap 'signal=TERM; kill -USR1 "$pid" 2>/dev/null' TERM
while true; do
    wait "$pid"
    rc=$?
    kill -0 "$pid" 2>/dev/null || break
done
swept=$(cat "$MARSDISK_EXIT_STATUS_FILE" 2>/dev/null)
rm -f "$MARSDISK_EXIT_STATUS_FILE"
[ -n "$swept" ] && rc=$swept
# Stopped by a signal before the sweep completed (or killed before it could say): exit 128+N for
# the signal the job received (138 SIGUSR1, 143 SIGTERM), never mpirun's 1, so the outcome says
# "resubmit to continue". A sweep that completed anyway keeps its 0 or 1.
if [ -n "$signal" ] && { [ -z "$swept" ] || [ "$rc" -ge 128 ]; }; then
    rc=$((128 + $(kill -l "$signal")))
fi
echo "marsdisk-sweep exited with $rc${signal:+ (stopped by SIG$signal)}" >&2
if [ "$rc" -ge 128 ] && [ -n "${MARSDISK_RESUBMIT:-}" ]; then
    qsub -v "MANIFEST=$MANIFEST${OUTPUT:+,OUTPUT=$OUTPUT}${MARSDISK_SWEEP:+,MARSDISK_SWEEP=$MARSDISK_SWEEP},MARSDISK_RESUBMIT=1" "$0"
fi
exit "$rc"
