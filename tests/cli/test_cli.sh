#!/bin/bash
# CLI tests of marsdisk-sweep (spec 00): exit codes, bad manifests, --dry-run, existing files,
# resume after kill -9, kill -9 during the layout, --force, SIGTERM drain, failed runs.
#   test_cli.sh CASE BIN H5Q SRC_DIR WORK_DIR
set -u
CASE=$1 BIN=$2 H5Q=$3 SRC=$4 WORK=$5
SMALL=$SRC/tests/mpi/small.json
export HDF5_USE_FILE_LOCKING=FALSE  # md_h5q reads the file while a sweep writes it
rm -rf "$WORK" && mkdir -p "$WORK" && cd "$WORK" || exit 1

fail() { echo "FAIL: $*" >&2; exit 1; }
status_of() { "$H5Q" status "$1" 2>/dev/null; }
count() { tr ' ' '\n' <<<"$1" | grep -c "^$2\$"; }

# A manifest of 24 runs (3 T_M x 8 seeds), each `years` long (from small.json, python-free).
long_manifest() { # name t_end_years
    sed -e "s/\"name\": \"mpi_small\"/\"name\": \"$1\"/" \
        -e "s/\"numerics.t_end_years\": \[[^]]*\]/\"dynamics.rng_seed\": [1, 2, 3, 4, 5, 6, 7, 8]/" \
        -e "s/\"t_end_years\": 0.0001/\"t_end_years\": $2/" "$SMALL" >"$1.json"
}

# A manifest of 3 x $2 runs (T_M x seeds) named $1, each as short as small.json's shortest: a
# layout of a few hundred runs takes a second or more, the runs little more.
big_manifest() { # name n_seeds (the edit goes through a file: the seed list can be megabytes)
    {
        echo "s/\"name\": \"mpi_small\"/\"name\": \"$1\"/"
        echo "s/\"numerics.t_end_years\": \[[^]]*\]/\"dynamics.rng_seed\": [$(seq -s, 1 "$2")]/"
        echo "s/\"t_end_years\": 0.0001/\"t_end_years\": 0.00005/"
    } >"$1.sed"
    sed -f "$1.sed" "$SMALL" >"$1.json"
}

# The shim fs_shim.c preloaded, as an env prefix (ASan must allow a library preloaded ahead of
# it, the rest of ASAN_OPTIONS stays). env execs the command: `"${SHIM[@]}" VAR=x cmd &` leaves
# the command's own pid in $!.
SHIM=(env LD_PRELOAD="$MD_FS_SHIM" ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0")

# Runs a command with statvfs reporting $1 free bytes.
with_free() { # bytes command...
    local bytes=$1
    shift
    "${SHIM[@]}" MD_FAKE_FREE_BYTES="$bytes" "$@"
}

# Prefix of a command whose layout waits 5 s (less if signalled) before its rename: long enough
# to cut it at a known point however fast the layout is built.
SLOW_LAYOUT=("${SHIM[@]}" MD_SLOW_FSYNC_S=5)

# Temporary layout files of output $1 (those of process $2 if given), one per line.
partials() { compgen -G ".$1.partial-*${2:+-$2}"; }

# Waits until process $2 has begun the layout of output $1 in its temporary (or ended).
wait_partial() {
    for _ in $(seq 1 6000); do
        partials "$1" "$2" >/dev/null && return 0
        kill -0 "$2" 2>/dev/null || return 1
        sleep 0.01
    done
    return 1
}

# Waits until at least $2 runs of file $1 are done (or the process $3 ended).
wait_done() {
    for _ in $(seq 1 2400); do
        s=$(status_of "$1")
        [ -n "$s" ] && [ "$(count "$s" 1)" -ge "$2" ] && return 0
        kill -0 "$3" 2>/dev/null || return 1
        sleep 0.05
    done
    return 1
}

case $CASE in
bad_manifests)
    # name | sed edit of small.json | a piece of the message that names where the error is
    table=(
        'syntax|s/"n_bins": 20,/"n_bins": 20,,/|line'
        'unknown_key|s/"n_bins": 20/"n_binz": 20/|n_binz'
        'grid_range|s/\[3000.0, 4000.0, 5000.0\]/[3000.0, 4000.0, -5.0]/|grid["radiation.TM_K"][2]'
        'zip_length|s/"grid": {/"zip": {"dynamics.i0": [0.1, 0.2], "dynamics.rng_seed": [1]}, "grid": {/|zip'
        'wrong_type|s/"n_bins": 20/"n_bins": "many"/|n_bins'
        'missing_table|s/"Q_pr": 1.0,/"Q_pr": null, "qpr_table_path": "no_such_table.csv",/;s/"qpr_table_path": null,//|no_such_table.csv'
        'not_object|s/.*/[1, 2, 3]/|object'
        'typo_key|s/"TM_K": 3000/"TM_k": 3000/|did you mean radiation.TM_K'
        'name_path|s/"name": "mpi_small"/"name": "..\/x"/|plain file name'
        'name_empty|s/"name": "mpi_small"/"name": ""/|plain file name'
        'empty_path|s/"output": {/"output": {"path": "", /|got an empty string'
        'varied_twice|s/"grid": {/"grid": {"optical_depth": [{}, {"tau0_target": 2}], "optical_depth.tau0_target": [0.5, 1], /|optical_depth.tau0_target is already varied'
        'garbage_table|s/"Q_pr": 1.0,/"Q_pr": null, "qpr_table_path": "garbage_qpr.csv",/;s/"qpr_table_path": null,//|garbage_qpr.csv:1: required column'
        't_end_huge|s/"t_end_years": 0.0001/"t_end_years": 1e30/;s/"numerics.t_end_years": \[[^]]*\]/"dynamics.rng_seed": [1]/|cover 1e+30 years'
        't_end_orbits_huge|s/"t_end_orbits": null/"t_end_orbits": 1e30/|more than the limit of 50000000 samples'
        'negative_mass|s/"mass_total": 1e-07/"mass_total": -1e-07/|initial.mass_total'
        'negative_Qs|s/"Qs": 35000000.0/"Qs": -35000000.0/|qstar.Qs'
        'dr_reversed|s/"dr_min_m": 1200000.0/"dr_min_m": 5000000.0/|dr_min_m'
        'coeff_table_B|s/"3.0": \[195090000.0, 0.38, 1.6722/"3.0": [195090000.0, 0.38, -1.6722/|qstar.coeff_table["3"]: B'
        'huge_integer|s/"rng_seed": 42/"rng_seed": 9223372036854775808/|dynamics.rng_seed: value 9.2233720368547758e+18 does not fit a 64-bit integer'
        'duplicate_key|s/"n_bins": 20/"n_bins": 20, "n_bins": 21/|duplicate key'
        "too_many_runs|s/\"grid\": {/\"grid\": {\"dynamics.rng_seed\": [$(seq -s, 1 4000)], \"sizes.n_bins\": [$(seq -s, 20 500)], /|gives 1.1544e+07 runs, more than the limit"
    )
    echo precious >existing.h5
    cp "$SRC/tests/cli/data/garbage_qpr.csv" .
    for row in "${table[@]}"; do
        IFS='|' read -r name edit want <<<"$row"
        f=$name.json
        sed -e "$edit" "$SMALL" >"$f"
        cmp -s "$f" "$SMALL" && fail "$name: the edit changed nothing"
        "$BIN" "$f" >out.txt 2>err.txt
        rc=$?
        [ $rc -eq 2 ] || fail "$name: exit $rc, expected 2 ($(cat err.txt))"
        grep -qF -- "$want" err.txt || fail "$name: message does not name '$want': $(cat err.txt)"
        ls ./*.h5 | grep -qv existing.h5 && fail "$name: an output file was created"
        "$BIN" --force -o existing.h5 "$f" 2>/dev/null
        [ $? -eq 2 ] && [ "$(cat existing.h5)" = precious ] || fail "$name: existing file touched"
    done
    "$BIN" --no-such-option "$SMALL" 2>/dev/null; [ $? -eq 2 ] || fail "unknown option: not 2"
    mkdir -p adir
    "$BIN" adir 2>err.txt; [ $? -eq 2 ] && grep -q "not a regular file" err.txt ||
        fail "a directory as manifest: $(cat err.txt)"
    "$BIN" no_such.json 2>err.txt; [ $? -eq 2 ] && grep -q "No such file" err.txt ||
        fail "a missing manifest does not say why: $(cat err.txt)"
    head -c 100 /dev/urandom >garbage.h5
    "$BIN" --resume -o garbage.h5 "$SMALL" 2>err.txt; [ $? -eq 2 ] && grep -q "garbage.h5.*:.*[a-z]" err.txt ||
        fail "resume of a non-HDF5 file: no reason given: $(cat err.txt)"
    "$BIN" 2>/dev/null; [ $? -eq 2 ] || fail "no manifest: not 2"
    "$BIN" --retry-failed "$SMALL" 2>/dev/null; [ $? -eq 2 ] || fail "--retry-failed alone: not 2"
    "$BIN" does_not_exist.json 2>/dev/null; [ $? -eq 2 ] || fail "missing manifest: not 2"
    "$BIN" --help | grep -q "Exit status" || fail "--help lacks the exit codes"
    "$BIN" --version | grep -q "marsdisk-sweep" || fail "--version"
    ;;
dry_run)
    "$BIN" --dry-run -o dry.h5 "$SMALL" >out.txt 2>err.txt || fail "dry run exit $?: $(cat err.txt)"
    grep -q "6 runs" out.txt || fail "dry run does not say 6 runs: $(cat out.txt)"
    [ -e dry.h5 ] && fail "dry run wrote dry.h5"
    [ "$(ls | tr '\n' ' ')" = "err.txt out.txt " ] || fail "dry run wrote $(ls)"
    # The size it announces is the size the quickstart's file gets, within 5 %.
    "$BIN" --dry-run -o qs.h5 "$SRC/sweeps/quickstart.json" >qs.txt || fail "dry run of quickstart"
    est=$(sed -n 's/^file size: about .* (\([0-9]*\) bytes;.*/\1/p' qs.txt)
    [ -n "$est" ] || fail "dry run prints no file size: $(cat qs.txt)"
    "$BIN" --quiet -o qs.h5 "$SRC/sweeps/quickstart.json" || fail "quickstart: exit $?"
    real=$(stat -c %s qs.h5)
    awk -v e="$est" -v r="$real" 'BEGIN { d = (e - r) / r; exit !(d < 0.05 && d > -0.05) }' ||
        fail "dry-run estimate $est bytes, real file $real bytes: more than 5 % apart"
    ;;
existing_output)
    echo precious >taken.h5
    "$BIN" -o taken.h5 "$SMALL" 2>err.txt
    [ $? -eq 2 ] || fail "existing output without --force: not exit 2"
    [ "$(cat taken.h5)" = precious ] || fail "existing file touched"
    grep -q -- "--force" err.txt || fail "message does not mention --force: $(cat err.txt)"
    "$BIN" --resume -o taken.h5 "$SMALL" 2>/dev/null
    [ $? -eq 2 ] && [ "$(cat taken.h5)" = precious ] || fail "--resume on a foreign file"
    # Not a regular file: never replaced (--force) nor opened (--resume would block on a FIFO).
    mkfifo fifo.h5 && mkdir dir.h5
    for o in fifo.h5 dir.h5 /dev/null; do
        for flag in --force --resume; do
            timeout 20 "$BIN" $flag -o $o "$SMALL" 2>err.txt
            rc=$?
            [ $rc -eq 2 ] && grep -q "not a regular file" err.txt || fail "$flag -o $o: exit $rc ($(cat err.txt))"
        done
    done
    [ -p fifo.h5 ] && [ -d dir.h5 ] && [ -c /dev/null ] || fail "a non-regular output was replaced"
    "$BIN" --quiet -o a.h5 "$SMALL" || fail "sweep: exit $?"
    cp a.h5 a_copy.h5
    sed 's/"series_stride": 10/"series_stride": 5/' "$SMALL" >other.json
    "$BIN" --resume -o a.h5 other.json 2>err.txt
    [ $? -eq 2 ] || fail "resume with another series_stride: not exit 2"
    grep -q "laid out with series_stride 10" err.txt || fail "no clear message: $(cat err.txt)"
    cmp -s a.h5 a_copy.h5 || fail "refused resume touched the file"
    "$BIN" --quiet --resume -o a.h5 "$SMALL" || fail "resume of a finished sweep: exit $?"
    ;;
no_space)
    # A file that would not fit in the free space is refused before anything is written.
    [ -n "${MD_FS_SHIM:-}" ] || fail "MD_FS_SHIM not set"
    echo precious >old.h5
    with_free 100000 "$BIN" --force -o old.h5 "$SMALL" 2>err.txt
    rc=$?
    [ $rc -eq 2 ] || fail "a file that does not fit: exit $rc, expected 2 ($(cat err.txt))"
    grep -q "free" err.txt && grep -q "series_stride" err.txt && grep -q "series_columns" err.txt ||
        fail "the refusal does not name the free space and the way out: $(cat err.txt)"
    [ "$(cat old.h5)" = precious ] || fail "the refused sweep touched the existing file"
    [ "$(ls -A | tr '\n' ' ')" = "err.txt old.h5 " ] || fail "the refused sweep left $(ls -A)"
    with_free 100000 "$BIN" --dry-run -o old.h5 "$SMALL" >out.txt || fail "dry run: exit $?"
    grep -q "DOES NOT FIT" out.txt || fail "dry run does not warn: $(cat out.txt)"
    with_free 1e12 "$BIN" --quiet --force -o old.h5 "$SMALL" || fail "with room enough: exit $?"
    ;;
series_columns)
    # output.series_columns keeps only the named columns; a wrong name is a manifest error.
    sed 's/"output": {/"output": {"series_columns": ["time", "tau", "M_loss_cum"], /' "$SMALL" >few.json
    "$BIN" --quiet -o few.h5 few.json || fail "sweep with three columns: exit $?"
    "$BIN" --quiet -o all.h5 "$SMALL" || fail "sweep with every column: exit $?"
    for c in time tau M_loss_cum; do
        [ "$("$H5Q" row few.h5 series/$c 2)" = "$("$H5Q" row all.h5 series/$c 2)" ] ||
            fail "column $c differs from the full sweep's"
    done
    "$H5Q" row few.h5 series/dt 2 >/dev/null 2>&1 && fail "dt was written anyway"
    [ "$(stat -c %s few.h5)" -lt "$(( $(stat -c %s all.h5) / 2 ))" ] ||
        fail "few.h5 is not smaller: $(stat -c %s few.h5) bytes, all.h5 $(stat -c %s all.h5)"
    sed 's/"output": {/"output": {"series_columns": ["time", "M_loss"], /' "$SMALL" >bad.json
    "$BIN" --quiet -o bad.h5 bad.json 2>err.txt
    [ $? -eq 2 ] && grep -q "output.series_columns\[1\]: no series column is named 'M_loss'" err.txt ||
        fail "unknown column: $(cat err.txt)"
    [ -e bad.h5 ] && fail "a refused manifest wrote bad.h5"
    "$BIN" --columns | grep -q "^M_loss_cum " || fail "--columns does not list M_loss_cum"
    ;;
report)
    # `report` on a complete sweep, one with a failed run, one cut by kill -9, and no sweep.
    "$BIN" --quiet -o c.h5 "$SMALL" || fail "sweep: exit $?"
    "$BIN" report c.h5 >out.txt || fail "report: exit $?"
    grep -q "^6 runs: 6 done, 0 failed, 0 pending" out.txt || fail "report counts: $(cat out.txt)"
    head -3 out.txt | grep -q "radiation.TM_K.*numerics.t_end_years.*M_loss.*tau_final.*stop_reason" ||
        fail "report header: $(head -3 out.txt)"
    grep -q "\[6.4171e+23 kg\]" out.txt || fail "report gives no units: $(cat out.txt)"
    [ "$(grep -c '^00000[0-5]  done .*t_end_reached' out.txt)" -eq 6 ] || fail "report rows: $(cat out.txt)"
    "$BIN" report --csv c.h5 >c.csv || fail "report --csv: exit $?"
    [ "$(wc -l <c.csv)" -eq 7 ] || fail "csv: $(wc -l <c.csv) lines, expected 7"
    head -1 c.csv | grep -q "^run,status,radiation.TM_K,numerics.t_end_years,.*M_loss" || fail "csv header: $(head -1 c.csv)"
    m_loss=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "M_loss") c = i } NR == 4 { print $c }' c.csv)
    [ "$m_loss" = "$("$H5Q" column c.h5 summary/M_loss | awk '{ printf "%s", $3 }')" ] ||
        fail "csv M_loss of run 2 ($m_loss) is not the file's ($("$H5Q" column c.h5 summary/M_loss))"
    cp "$SRC/tests/cli/data/zero_phi.csv" .
    sed -e 's/"grid": {/"runs": [{"shielding": {"mode": "psitau", "table_path": "zero_phi.csv"}}], "grid": {/' \
        "$SMALL" >failing.json
    "$BIN" --quiet -o f.h5 failing.json 2>/dev/null
    "$BIN" report f.h5 >out.txt || fail "report of a sweep with a failed run: exit $?"
    grep -q "^7 runs: 6 done, 1 failed, 0 pending" out.txt && grep -q "^failed runs:" out.txt &&
        grep -q "^000006  .*kappa_eff0" out.txt || fail "report of a failed run: $(cat out.txt)"
    long_manifest cut 0.005
    "$BIN" --quiet -o p.h5 cut.json &
    pid=$!
    wait_done p.h5 1 $pid || fail "sweep ended before a run was done: too fast to cut"
    kill -9 $pid
    wait $pid 2>/dev/null
    "$BIN" report p.h5 >out.txt || fail "report of a cut sweep: exit $?"
    grep -qE "^24 runs: [1-9][0-9]* done, 0 failed, [1-9][0-9]* pending" out.txt &&
        grep -q "^0000[0-9][0-9]  pending " out.txt || fail "report of a cut sweep: $(cat out.txt)"
    echo "not a sweep" >n.h5
    "$BIN" report n.h5 >/dev/null 2>err.txt
    [ $? -eq 3 ] && grep -q "n.h5" err.txt || fail "report of a non-sweep: $(cat err.txt)"
    "$BIN" report >/dev/null 2>&1
    [ $? -eq 2 ] || fail "report without a file: not exit 2"
    ;;
resume_by_identity)
    # --resume matches runs by their parameters, not by the manifest's text.
    "$BIN" --quiet -o r.h5 "$SMALL" || fail "sweep: exit $?"
    /usr/bin/python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); m["description"]="re-indented"; json.dump(dict(reversed(list(m.items()))), open("re.json","w"), indent=7)' "$SMALL" ||
        fail "cannot write the re-indented manifest"
    cp r.h5 r_copy.h5
    "$BIN" --quiet --resume -o r.h5 re.json || fail "re-indented manifest refused: exit $?"
    sed 's/"radiation.TM_K": \[3000.0, 4000.0, 5000.0\]/"radiation.TM_K": [3000.0, 4500.0, 5000.0]/' "$SMALL" >changed.json
    grep -q 4500 changed.json || fail "test set-up: no value changed"
    "$BIN" --quiet --resume -o r.h5 changed.json 2>err.txt
    [ $? -eq 2 ] || fail "resume with a changed value: not exit 2 ($(cat err.txt))"
    grep -q "run 000002" err.txt && grep -q "radiation.TM_K: 4000 / 4500" err.txt ||
        fail "the refusal does not name the run and the value: $(cat err.txt)"
    cmp -s r.h5 r_copy.h5 || fail "the refused resume touched the file"
    ;;
resume_after_kill)
    long_manifest killme 0.005
    "$BIN" --quiet --force -o ref.h5 killme.json || fail "reference sweep: exit $?"
    "$BIN" --quiet -o cut.h5 killme.json &
    pid=$!
    wait_done cut.h5 2 $pid || fail "sweep ended before 2 runs were seen done: too fast to cut"
    kill -9 $pid
    wait $pid 2>/dev/null
    before=$(status_of cut.h5) || fail "file unreadable after kill -9"
    t_before=$("$H5Q" column cut.h5 summary/finished_unix_s)
    [ "$(count "$before" 0)" -gt 0 ] || fail "kill came too late: all runs done ($before)"
    "$BIN" --quiet --resume -o cut.h5 killme.json || fail "resume: exit $?"
    after=$(status_of cut.h5)
    [ "$(count "$after" 1)" -eq "$(wc -w <<<"$after")" ] || fail "not all done after resume: $after"
    t_after=$("$H5Q" column cut.h5 summary/finished_unix_s)
    read -ra sb <<<"$before"; read -ra tb <<<"$t_before"; read -ra ta <<<"$t_after"
    for i in "${!sb[@]}"; do
        if [ "${sb[$i]}" = 1 ] && [ "${tb[$i]}" != "${ta[$i]}" ]; then
            fail "run $i was done before the kill but was recomputed"
        fi
    done
    "$H5Q" compare ref.h5 cut.h5 || fail "resumed sweep differs from the uninterrupted one"
    ;;
sigterm_drain)
    long_manifest drain 0.005
    "$BIN" --quiet -o d.h5 drain.json &
    pid=$!
    wait_done d.h5 1 $pid || fail "sweep ended before a run was done: too fast to signal"
    kill -TERM $pid
    wait $pid
    rc=$?
    s=$(status_of d.h5) || fail "file unreadable after the drain"
    if [ $rc -eq 0 ]; then
        [ "$(count "$s" 0)" -eq 0 ] || fail "exit 0 with pending runs"
    else
        [ $rc -eq 143 ] || fail "drained sweep exit $rc, expected 143"
        [ "$(count "$s" 0)" -gt 0 ] || fail "exit 143 but nothing pending"
    fi
    "$BIN" --quiet --resume -o d.h5 drain.json || fail "resume after drain: exit $?"
    s=$(status_of d.h5)
    [ "$(count "$s" 1)" -eq "$(wc -w <<<"$s")" ] || fail "not all done after resume: $s"
    ;;
mpirun_usr1_drain)
    # The job templates' path: SIGUSR1 to mpirun reaches every rank, which drain.
    MPIEXEC=${MD_MPIEXEC:-mpiexec}
    command -v "$MPIEXEC" >/dev/null || fail "no mpiexec ($MPIEXEC)"
    long_manifest drain 0.005
    "$MPIEXEC" -n 2 --oversubscribe "$BIN" --quiet -o m.h5 drain.json &
    pid=$!
    wait_done m.h5 1 $pid || fail "sweep ended before a run was done: too fast to signal"
    kill -USR1 $pid
    wait $pid
    rc=$?
    s=$(status_of m.h5) || fail "file unreadable after the drain"
    if [ $rc -ne 0 ]; then
        [ $rc -eq 138 ] || fail "drained sweep exit $rc, expected 138"
        [ "$(count "$s" 0)" -gt 0 ] || fail "exit 138 but nothing pending"
    fi
    "$MPIEXEC" -n 2 --oversubscribe "$BIN" --quiet --resume -o m.h5 drain.json ||
        fail "resume after drain: exit $?"
    s=$(status_of m.h5)
    [ "$(count "$s" 1)" -eq "$(wc -w <<<"$s")" ] || fail "not all done after resume: $s"
    ;;
kill_during_layout)
    # kill -9 while the layout is built: no output, only the temporary; the next run removes it
    # (and nothing else) and starts the sweep.
    big_manifest big 50
    echo keep >k.h5.partial-vm-1          # not a temporary's name
    echo keep >.k.h5.partial-otherhost-1  # another host's temporary: left alone
    "${SLOW_LAYOUT[@]}" "$BIN" --quiet -o k.h5 big.json &
    pid=$!
    wait_partial k.h5 $pid || fail "no temporary seen before the sweep ended"
    kill -9 $pid
    wait $pid 2>/dev/null
    partials k.h5 $pid >/dev/null || fail "kill came after the layout was renamed: too fast to cut"
    [ -e k.h5 ] && fail "kill -9 during the layout left k.h5 behind"
    "$BIN" --resume -o k.h5 big.json 2>err.txt || fail "sweep after the kill: exit $? ($(cat err.txt))"
    grep -q "removed 1 temporary" err.txt || fail "stale temporary not reported: $(cat err.txt)"
    grep -q "left alone" err.txt || fail "another host's temporary not reported: $(cat err.txt)"
    partials k.h5 $pid && fail "stale temporary left behind"
    [ "$(cat k.h5.partial-vm-1 .k.h5.partial-otherhost-1)" = "$(printf 'keep\nkeep')" ] ||
        fail "a file that is not this host's leftover was touched"
    s=$(status_of k.h5)
    [ "$(wc -w <<<"$s")" -eq 150 ] && [ "$(count "$s" 1)" -eq 150 ] || fail "not 150 runs done: $s"
    ;;
force_keeps_old)
    # --force: the old file stays byte-identical while the new layout is built, and after a
    # kill -9 meanwhile; a completed --force replaces it.
    "$BIN" --quiet -o a.h5 "$SMALL" || fail "first sweep: exit $?"
    cp a.h5 a_copy.h5
    big_manifest big 50
    "${SLOW_LAYOUT[@]}" "$BIN" --quiet --force -o a.h5 big.json &
    pid=$!
    wait_partial a.h5 $pid || fail "no temporary seen before the sweep ended"
    cmp -s a.h5 a_copy.h5 || fail "old file changed while the new layout was built"
    status_of a.h5 >/dev/null || fail "old file unreadable while the new layout was built"
    kill -9 $pid
    wait $pid 2>/dev/null
    partials a.h5 $pid >/dev/null || fail "kill came after the layout was renamed: too fast to cut"
    cmp -s a.h5 a_copy.h5 || fail "old file changed by a --force killed during the layout"
    "$BIN" --quiet --resume -o a.h5 "$SMALL" || fail "old file no longer resumable: exit $?"
    partials a.h5 >/dev/null && fail "stale temporary left behind: $(partials a.h5)"
    sed 's/\[3000.0, 4000.0, 5000.0\]/[3000.0]/' "$SMALL" >two.json
    "$BIN" --quiet --force -o a.h5 two.json || fail "--force sweep: exit $?"
    s=$(status_of a.h5)
    [ "$s" = "1 1" ] || fail "--force did not replace the file: status $s"
    partials a.h5 >/dev/null && fail "temporary left behind: $(partials a.h5)"
    ;;
layout_errors)
    # The layout cannot be created or renamed: exit 3 naming the output, nothing left behind,
    # on every rank (rank 0 fails, the others must not hang).
    MPIEXEC=${MD_MPIEXEC:-mpiexec}
    mkdir taken
    for np in 1 2; do
        timeout 120 "$MPIEXEC" -n $np --oversubscribe "$BIN" --quiet -o no_such_dir/x.h5 "$SMALL" \
            >/dev/null 2>err.txt
        rc=$?
        [ $rc -eq 124 ] && fail "$np ranks: hang after rank 0 failed"
        [ $rc -eq 3 ] || fail "$np ranks, missing folder: exit $rc, expected 3"
        grep -q "cannot create no_such_dir/x.h5" err.txt || fail "message: $(cat err.txt)"
        # A folder in the output's place is refused before any layout (not a regular file).
        timeout 120 "$MPIEXEC" -n $np --oversubscribe "$BIN" --quiet --force -o taken "$SMALL" \
            >/dev/null 2>err.txt
        rc=$?
        [ $rc -eq 124 ] && fail "$np ranks: hang after rank 0 refused"
        [ $rc -eq 2 ] || fail "$np ranks, output is a folder: exit $rc, expected 2"
        grep -q "taken is not a regular file" err.txt || fail "message: $(cat err.txt)"
        [ -d taken ] && [ -z "$(ls -A taken)" ] || fail "the folder was touched"
        partials taken && fail "temporary left behind"
    done
    if [ "$(id -u)" -ne 0 ]; then # root writes anywhere
        mkdir ro && chmod 555 ro
        "$BIN" --quiet -o ro/x.h5 "$SMALL" 2>err.txt
        [ $? -eq 3 ] || fail "read-only folder: not exit 3"
        grep -q "cannot create ro/x.h5" err.txt || fail "message: $(cat err.txt)"
        [ -z "$(ls -A ro)" ] || fail "read-only folder: $(ls -A ro)"
        chmod 755 ro
    fi
    ;;
failed_run)
    # A Phi table of zeros passes validation (it is a well-formed table) but makes kappa_eff0 = 0,
    # which the reference refuses when the run starts.
    cp "$SRC/tests/cli/data/zero_phi.csv" .
    sed -e 's/"name": "mpi_small"/"name": "failing"/' \
        -e 's/"grid": {/"runs": [{"shielding": {"mode": "psitau", "table_path": "zero_phi.csv"}}], "grid": {/' \
        "$SMALL" >failing.json
    "$BIN" --quiet -o f.h5 failing.json 2>err.txt
    rc=$?
    [ $rc -eq 1 ] || fail "a failing run: exit $rc, expected 1 ($(cat err.txt))"
    s=$(status_of f.h5)
    [ "$(count "$s" 2)" -eq 1 ] || fail "expected one failed run: $s"
    [ "$(count "$s" 1)" -eq 6 ] || fail "the other runs should be done: $s"
    msg=$("$H5Q" string f.h5 summary/error 6)
    [ -n "$msg" ] || fail "failed run has no message in /error"
    grep -qF "run 000006 failed: $msg" err.txt ||
        fail "the failed run's message is not on stderr at the end: $(cat err.txt)"
    "$BIN" --quiet --resume -o f.h5 failing.json; [ $? -eq 1 ] || fail "resume keeps failures: not 1"
    ;;
heartbeat)
    # Batch logs: stderr is a file here, so a timestamped heartbeat is on by default (its first
    # line as the first run starts); --heartbeat sets its period; --quiet silences it.
    MPIEXEC=${MD_MPIEXEC:-mpiexec}
    long_manifest beat 0.005
    stamp='^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z marsdisk-sweep: h.h5: [0-9]+ done, [0-9]+ failed, [0-9]+ pending of 24; elapsed [0-9]+h[0-9]{2}m[0-9]{2}s, ETA'
    "$BIN" -o h.h5 beat.json 2>err.txt || fail "sweep: exit $? ($(cat err.txt))"
    [ "$(grep -cE "$stamp" err.txt)" -eq 1 ] || fail "default heartbeat: expected one line: $(cat err.txt)"
    "$MPIEXEC" -n 2 --oversubscribe "$BIN" --heartbeat 0.02 --force -o h.h5 beat.json 2>err.txt ||
        fail "sweep at -n 2: exit $? ($(cat err.txt))"
    [ "$(grep -cE "$stamp" err.txt)" -ge 3 ] || fail "--heartbeat 0.02: too few lines: $(cat err.txt)"
    grep -E "$stamp" err.txt | grep -qv " 0 done" || fail "heartbeat never counted a run: $(cat err.txt)"
    "$BIN" --quiet --heartbeat 0.02 --force -o h.h5 beat.json 2>err.txt || fail "quiet sweep: exit $?"
    [ -s err.txt ] && fail "--quiet printed: $(cat err.txt)"
    "$BIN" --heartbeat -1 beat.json 2>err.txt; [ $? -eq 2 ] && grep -q "heartbeat" err.txt ||
        fail "a negative heartbeat is not a usage error: $(cat err.txt)"
    ;;
stop_early)
    # SIGTERM during validation and during the layout ends the sweep at once with 143, leaving
    # no output and no temporary (as a killed layout does), not at the first run.
    # Validation is made slow on purpose: every run looks up its table file, each look-up 5 ms.
    big_manifest many 20000     # 60,000 runs
    cp "$SRC/tests/cli/data/zero_phi.csv" .
    sed -i 's/"shielding": {"mode": "off"}/"shielding": {"mode": "psitau", "table_path": "zero_phi.csv"}/' many.json
    grep -q zero_phi many.json || fail "the manifest names no table file"
    "${SHIM[@]}" MD_SLOW_STAT_S=0.005 MD_SLOW_STAT_MATCH=zero_phi "$BIN" --quiet -o e.h5 many.json \
        2>err.txt &
    pid=$!
    sleep 1
    kill -0 $pid 2>/dev/null || fail "validation of 60,000 runs ended within a second: too fast to signal"
    kill -TERM $pid
    t0=$(date +%s)
    wait $pid
    rc=$?
    [ $rc -eq 143 ] || fail "SIGTERM during validation: exit $rc, expected 143 ($(cat err.txt))"
    [ $(($(date +%s) - t0)) -le 5 ] || fail "SIGTERM during validation took more than 5 s to act"
    grep -q "validating run" err.txt || fail "message does not say where it stopped: $(cat err.txt)"
    [ -e e.h5 ] || partials e.h5 >/dev/null && fail "a stopped validation left a file"
    big_manifest big 300
    "${SLOW_LAYOUT[@]}" "$BIN" --quiet -o l.h5 big.json 2>err.txt &
    pid=$!
    wait_partial l.h5 $pid || fail "no temporary seen before the sweep ended"
    kill -TERM $pid
    wait $pid
    rc=$?
    [ -e l.h5 ] && [ $rc -ne 143 ] && fail "layout completed before the signal: too fast to cut ($rc)"
    [ $rc -eq 143 ] || fail "SIGTERM during the layout: exit $rc, expected 143 ($(cat err.txt))"
    [ -e l.h5 ] && fail "a stopped layout left l.h5"
    partials l.h5 >/dev/null && fail "a stopped layout left its temporary"
    ;;
parameters)
    # --parameters ID prints run ID's whole parameter set: the text whose SHA-256 the file keeps
    # as that run's param_hash; an id out of range is a usage error.
    "$BIN" --quiet -o p.h5 "$SMALL" || fail "sweep: exit $?"
    for id in 1 5; do
        "$BIN" --parameters $id "$SMALL" >run$id.txt || fail "--parameters $id: exit $?"
        [ "$(printf %s "$(cat run$id.txt)" | sha256sum | cut -c1-64)" = \
            "$("$H5Q" string p.h5 summary/param_hash $id)" ] ||
            fail "run $id: the printed set does not hash to the file's param_hash"
    done
    grep -q '"radiation.TM_K":3000,' run1.txt && grep -q '"numerics.t_end_years":0.00014999999999999999,' run1.txt ||
        fail "run 1's values: $(head -c 300 run1.txt)"
    "$BIN" --parameters 6 "$SMALL" 2>err.txt
    [ $? -eq 2 ] && grep -q "has 6 runs (0 to 5)" err.txt || fail "id 6: $(cat err.txt)"
    ;;
split_validation)
    # The ranks share the validation: the error of the lowest failing run is reported whatever
    # the rank count (run 12 of 18 lies on rank 1 at -n 2, on rank 2 at -n 3), and a good
    # manifest plans the same (the same --dry-run listing and size).
    MPIEXEC=${MD_MPIEXEC:-mpiexec}
    sed 's/"grid": {/"grid": {"sizes.n_bins": [20, 30, 100001], /' "$SMALL" >bad.json
    sed 's/"grid": {/"grid": {"sizes.n_bins": [20, 30, 40], /' "$SMALL" >good.json
    for np in 1 2 3; do
        timeout 120 "$MPIEXEC" -n $np --oversubscribe "$BIN" --dry-run -o x.h5 bad.json \
            >/dev/null 2>err$np.txt
        rc=$?
        [ $rc -eq 2 ] || fail "-n $np: a bad run: exit $rc, expected 2 ($(cat err$np.txt))"
        grep "marsdisk-sweep:" err$np.txt >msg$np.txt
        timeout 120 "$MPIEXEC" -n $np --oversubscribe "$BIN" --dry-run -o x.h5 good.json \
            >dry.txt 2>&1 || fail "-n $np: dry run of a good manifest: exit $?"
        sed 's/; [^;]* free there.*//' dry.txt >dry$np.txt # the free space moves meanwhile
    done
    grep -q "run 12 (grid\[\"sizes.n_bins\"\]\[2\].*100001" msg1.txt || fail "message: $(cat msg1.txt)"
    for np in 2 3; do
        cmp -s msg1.txt msg$np.txt || fail "-n $np says $(cat msg$np.txt), -n 1 $(cat msg1.txt)"
        cmp -s dry1.txt dry$np.txt || fail "-n $np plans otherwise: $(diff dry1.txt dry$np.txt)"
    done
    ;;
disk_full)
    # A layout that meets ENOSPC (600 quickstart runs, 23 MB, into a 3 MiB tmpfs): exit 3 with a message,
    # no crash at exit, nothing left behind, an existing file kept (--force). The free-space
    # check refuses such a sweep up front (cli.no_space), so statvfs is made to report room
    # enough here: the disk fills while the layout is written, as when another job fills it.
    mkdir -p full
    if ! mount -t tmpfs -o size=3m tmpfs full 2>/dev/null; then
        echo "skipped: cannot mount a small tmpfs here (needs root and mount rights)"
        exit 77
    fi
    trap 'umount "$WORK/full"' EXIT
    sed -e "s/\"grid\": {/\"grid\": {\"dynamics.rng_seed\": [$(seq -s , 1 100)], /" \
        "$SRC/sweeps/quickstart.json" >q600.json
    "$BIN" --quiet -o full/q.h5 q600.json 2>err.txt
    rc=$?
    [ $rc -eq 2 ] && grep -q "free" err.txt || fail "no refusal up front: exit $rc ($(cat err.txt))"
    with_free 1e12 "$BIN" --quiet -o full/q.h5 q600.json 2>err.txt
    rc=$?
    [ $rc -eq 3 ] || fail "layout on a full disk: exit $rc, expected 3 ($(cat err.txt))"
    grep -q "cannot create full/q.h5" err.txt || fail "message: $(cat err.txt)"
    [ -z "$(ls -A full)" ] || fail "a full disk kept: $(ls -A full)"
    echo old >full/o.h5
    with_free 1e12 "$BIN" --quiet --force -o full/o.h5 q600.json 2>err.txt
    rc=$?
    [ $rc -eq 3 ] || fail "--force on a full disk: exit $rc, expected 3 ($(cat err.txt))"
    [ "$(cat full/o.h5)" = old ] || fail "--force on a full disk lost the old file"
    [ "$(ls -A full)" = o.h5 ] || fail "a full disk kept: $(ls -A full)"
    ;;
two_sweeps)
    # A second sweep on an output a running sweep holds is refused (exit 2, naming the holder),
    # whatever its manifest or flags; once the first ends the output is free again.
    long_manifest first 0.04
    sed 's/"series_stride": 10/"series_stride": 5/' first.json >second.json
    "$BIN" --quiet -o t.h5 first.json 2>first_err.txt &
    pid=$!
    wait_done t.h5 1 $pid || fail "first sweep ended before a run was done: too fast"
    for args in "second.json" "--resume first.json" "--force second.json" "--resume second.json"; do
        # shellcheck disable=SC2086
        "$BIN" --quiet -o t.h5 $args 2>err.txt
        rc=$?
        kill -0 $pid 2>/dev/null || fail "the first sweep ended before '$args' was tried: too fast"
        [ $rc -eq 2 ] || fail "second sweep ($args) while the first runs: exit $rc, expected 2 ($(cat err.txt))"
        grep -q "in use by another sweep.*$(hostname).* $pid" err.txt ||
            fail "refusal does not name the holder (pid $pid): $(cat err.txt)"
    done
    wait $pid || fail "first sweep: exit $? ($(cat first_err.txt))"
    s=$(status_of t.h5)
    [ "$(count "$s" 1)" -eq "$(wc -w <<<"$s")" ] || fail "first sweep lost runs: $s"
    [ -e .t.h5.lock ] && fail "lock file left behind"
    "$BIN" --quiet --force -o t.h5 second.json || fail "sweep after the first ended: exit $?"
    ;;
output_deleted)
    # The output deleted or replaced while the sweep runs: exit 3 and the results saved next to
    # it as .NAME.recovered-HOST-PID, a complete file.
    long_manifest del 0.005
    for how in rm replace; do
        rm -f d.h5 .d.h5.recovered-*
        "$BIN" --quiet -o d.h5 del.json 2>err.txt &
        pid=$!
        wait_done d.h5 1 $pid || fail "$how: sweep ended before a run was done: too fast"
        if [ $how = rm ]; then rm d.h5; else echo other >d.h5.new && mv d.h5.new d.h5; fi
        wait $pid
        rc=$?
        [ $rc -eq 3 ] || fail "$how: exit $rc, expected 3 ($(cat err.txt))"
        saved=.d.h5.recovered-$(hostname)-$pid
        grep -qF "saved as $saved" err.txt || fail "$how: message does not say where: $(cat err.txt)"
        s=$(status_of "$saved") || fail "$how: the saved file is unreadable"
        [ "$(count "$s" 1)" -eq "$(wc -w <<<"$s")" ] || fail "$how: saved file incomplete: $s"
        [ $how = rm ] || [ "$(cat d.h5)" = other ] || fail "replace: the other file was touched"
    done
    ;;
jobs_no_binary)
    # Submitted from a run folder with no build/ and no marsdisk-sweep on PATH: a clear message
    # before mpirun, naming where it looked and how to say where the binary is.
    mkdir -p run && cp "$SMALL" run/small.json
    mkdir -p bin && ln -s "$(command -v bash)" bin/bash
    for f in dirname mkdir wc; do ln -s "$(command -v $f)" bin/$f; done
    printf '#!/bin/bash\necho mpirun was called >&2; exit 99\n' >bin/mpirun && chmod +x bin/mpirun
    (cd run && SLURM_SUBMIT_DIR=$PWD PATH=$WORK/bin bash "$SRC/job_templates/slurm.sbatch" small.json) 2>err.txt
    rc=$?
    [ $rc -eq 2 ] || fail "slurm template without a binary: exit $rc, expected 2 ($(cat err.txt))"
    grep -q "mpirun was called" err.txt && fail "mpirun started without a binary"
    grep -q "MARSDISK_SWEEP" err.txt && grep -q "$WORK/run/build/marsdisk-sweep" err.txt ||
        fail "message does not say where it looked and how to name the binary: $(cat err.txt)"
    (cd run && PBS_O_WORKDIR=$PWD MANIFEST=small.json PATH=$WORK/bin bash "$SRC/job_templates/pbs.sh") 2>err.txt
    rc=$?
    [ $rc -eq 2 ] || fail "pbs template without a binary: exit $rc, expected 2 ($(cat err.txt))"
    grep -q "MARSDISK_SWEEP" err.txt || fail "pbs message does not name MARSDISK_SWEEP: $(cat err.txt)"
    MARSDISK_SWEEP=$WORK/nowhere SLURM_SUBMIT_DIR=$WORK PATH=$WORK/bin bash "$SRC/job_templates/slurm.sbatch" run/small.json 2>err.txt
    [ $? -eq 2 ] && grep -q "$WORK/nowhere" err.txt || fail "a wrong MARSDISK_SWEEP is not named: $(cat err.txt)"
    ;;
jobs_slurm_usr1 | jobs_slurm_term | jobs_pbs_term)
    # A simulated batch job: the template runs mpirun -n 2 as in a real allocation; the signal
    # comes as Slurm sends it (--signal=B:USR1: to the batch shell only) or as scancel and the
    # wall-time limit send it (SIGTERM to every process of the job). Drained means exit 128+N,
    # never 1, the file valid, a resubmission made (MARSDISK_RESUBMIT) and --resume finishing it.
    MPIEXEC=${MD_MPIEXEC:-mpiexec}
    mkdir -p bin
    ln -s "$(command -v "$MPIEXEC")" bin/mpirun
    for q in sbatch qsub; do printf '#!/bin/bash\necho "$@" >%s/%s.args\n' "$WORK" $q >bin/$q; chmod +x bin/$q; done
    long_manifest job 0.02
    export PATH=$WORK/bin:$PATH MARSDISK_SWEEP=$BIN MARSDISK_OUTPUT=j.h5 OUTPUT=j.h5 MARSDISK_RESUBMIT=1
    case $CASE in
    jobs_pbs_term)
        printf 'node1\nnode1\n' >nodes
        PBS_O_WORKDIR=$WORK PBS_NODEFILE=$WORK/nodes MANIFEST=job.json \
            setsid bash "$SRC/job_templates/pbs.sh" 2>err.txt &
        sig=TERM want=143 submit=qsub ;;
    jobs_slurm_term)
        SLURM_SUBMIT_DIR=$WORK SLURM_NTASKS=2 setsid bash "$SRC/job_templates/slurm.sbatch" job.json 2>err.txt &
        sig=TERM want=143 submit=sbatch ;;
    *)
        SLURM_SUBMIT_DIR=$WORK SLURM_NTASKS=2 setsid bash "$SRC/job_templates/slurm.sbatch" job.json 2>err.txt &
        sig=USR1 want=138 submit=sbatch ;;
    esac
    pid=$!
    wait_done j.h5 1 $pid || fail "job ended before a run was done: too fast to signal ($(cat err.txt))"
    if [ $sig = TERM ]; then kill -TERM -- -$pid; else kill -USR1 $pid; fi
    wait $pid
    rc=$?
    s=$(status_of j.h5) || fail "file unreadable after the signal"
    if [ $rc -ne 0 ]; then
        [ $rc -eq $want ] || fail "job stopped by SIG$sig: exit $rc, expected $want ($(cat err.txt))"
        [ "$(count "$s" 0)" -gt 0 ] || fail "exit $rc but nothing pending"
        grep -q "job.json\|MANIFEST=job.json" $submit.args 2>/dev/null || fail "no resubmission made"
    fi
    "$BIN" --quiet --resume -o j.h5 job.json || fail "resume after the job: exit $?"
    s=$(status_of j.h5)
    [ "$(count "$s" 1)" -eq "$(wc -w <<<"$s")" ] || fail "not all done after resume: $s"
    ;;
*)
    fail "unknown case $CASE"
    ;;
esac
echo "PASS: $CASE"
