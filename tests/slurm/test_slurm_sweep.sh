#!/bin/bash
# A sweep through a real Slurm: a one-node cluster on localhost (tests/slurm/local_slurm.sh:
# munged, slurmctld and slurmd in the foreground, everything in a scratch folder), an 8-task job
# array submitted with `shnn sweep --slurm DIR --submit`, collected, and compared with the same
# sweep run locally (every column but the times, to the last digit). Then a second array with
# one task cancelled on purpose (scancel): --collect must name it, --resubmit-failed must
# complete the sweep. Bad input: an unknown partition, as sbatch reports it.
# Usage: test_slurm_sweep.sh PATH/TO/shnn. Exit 77 (skipped) with one line when Slurm cannot start.
set -u
SHNN=$(readlink -f "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
SCRATCH=$(mktemp -d /tmp/shnn-slurm-test.XXXXXX)
source "$HERE/local_slurm.sh"
cleanup() { local_slurm_stop; rm -rf "$SCRATCH"; }
trap cleanup EXIT

fail() { echo "FAIL: $*"; exit 1; }

# Not in a subshell: the daemons' pids and SLURM_CONF must stay in this shell.
if ! local_slurm_start "$SCRATCH/slurm" >"$SCRATCH/why"; then
    echo "SKIP: Slurm cannot start here: $(cat "$SCRATCH/why")"
    exit 77
fi
echo "local Slurm up: $(sinfo -h -o '%P %D node(s) %c CPUs %t')"

# 16 small fits, 2 per task: an 8-task array.
SWEEP=(sweep --system single_pendulum --train 1000 --test 1000 --samplers elm,swim --widths 40,80 --repeat 4)

wait_for_job() {  # JOBID: until squeue no longer lists it (10 minutes at most)
    local t0=$SECONDS
    while squeue -h -j "$1" 2>/dev/null | grep -q .; do
        [ $((SECONDS - t0)) -gt 600 ] && fail "job $1 still queued after 600 s: $(squeue -h -j "$1")"
        sleep 0.5
    done
}

no_times() { cut -d, -f1-7,13- "$1"; }  # drop the seconds_* columns

t0=$(date +%s.%N)
"$SHNN" "${SWEEP[@]}" --csv "$SCRATCH/local.csv" >"$SCRATCH/local.out" 2>/dev/null || fail "local sweep failed"
t1=$(date +%s.%N)

out=$("$SHNN" "${SWEEP[@]}" --slurm "$SCRATCH/sweep" --fits-per-task 2 --submit) || fail "sweep --slurm --submit: $out"
echo "$out"
job=$(sed -n 's/^submitted job array \([0-9]*\).*/\1/p' <<<"$out")
[ -n "$job" ] || fail "no job id in: $out"
wait_for_job "$job"
t2=$(date +%s.%N)
"$SHNN" sweep --collect "$SCRATCH/sweep" --csv "$SCRATCH/slurm.csv" >"$SCRATCH/collect.out" ||
    fail "collect exit $?: $(tail -n 5 "$SCRATCH/collect.out")"
grep -q "collected 16 of 16 fits; 8 of 8 tasks done" "$SCRATCH/collect.out" || fail "$(tail -n 3 "$SCRATCH/collect.out")"
diff <(no_times "$SCRATCH/local.csv") <(no_times "$SCRATCH/slurm.csv") || fail "Slurm rows differ from the local sweep's"
awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN { printf "16 fits: local %.2f s, through Slurm (8 tasks, submission to the end of the last) %.2f s; rows identical\n", b - a, c - b }'

# One task cancelled on purpose: held at submission so it cannot have started.
"$SHNN" "${SWEEP[@]}" --slurm "$SCRATCH/cancel" --fits-per-task 2 >/dev/null || fail "sweep --slurm (second plan)"
job=$(sbatch --parsable --hold "$SCRATCH/cancel/sweep.sbatch") || fail "sbatch --hold: $job"
echo "$job all" >>"$SCRATCH/cancel/jobs.txt"
scancel "${job}_3" || fail "scancel ${job}_3"
scontrol release "$job" || fail "scontrol release $job"
wait_for_job "$job"
"$SHNN" sweep --collect "$SCRATCH/cancel" >"$SCRATCH/cancel.out"
status=$?
[ "$status" = 3 ] || fail "collect with a cancelled task: exit $status, expected 3"
grep -q "^tasks missing (cancelled, killed, or not run yet): 3$" "$SCRATCH/cancel.out" ||
    fail "collect does not name task 3: $(tail -n 3 "$SCRATCH/cancel.out")"
grep -q "collected 14 of 16 fits; 7 of 8 tasks done" "$SCRATCH/cancel.out" || fail "$(tail -n 3 "$SCRATCH/cancel.out")"
out=$("$SHNN" sweep --collect "$SCRATCH/cancel" --resubmit-failed)
grep -q "^resubmitted tasks 3 as job array [0-9]*$" <<<"$out" || fail "resubmit: $(tail -n 3 <<<"$out")"
job=$(sed -n 's/^resubmitted tasks 3 as job array \([0-9]*\)$/\1/p' <<<"$out")
wait_for_job "$job"
"$SHNN" sweep --collect "$SCRATCH/cancel" --csv "$SCRATCH/cancel.csv" >"$SCRATCH/cancel2.out" ||
    fail "collect after resubmission: exit $?: $(tail -n 3 "$SCRATCH/cancel2.out")"
diff <(no_times "$SCRATCH/local.csv") <(no_times "$SCRATCH/cancel.csv") || fail "resubmitted rows differ from the local sweep's"
out=$("$SHNN" sweep --collect "$SCRATCH/cancel" --resubmit-failed) || fail "collect of a complete sweep: $out"
grep -q "^nothing to resubmit$" <<<"$out" || fail "a complete sweep resubmitted something"
echo "cancelled task 3 named by --collect; --resubmit-failed completed the sweep; rows identical"

# An unknown partition, as sbatch reports it: exit 2, one error line naming --partition.
err=$("$SHNN" sweep --system spring --samplers elm --widths 10 --slurm "$SCRATCH/bad" --partition nosuch --submit 2>&1 >/dev/null)
status=$?
[ "$status" = 2 ] || fail "unknown partition: exit $status"
[ "$(wc -l <<<"$err")" = 1 ] || fail "unknown partition: more than one line: $err"
grep -q "^error: --partition: sbatch refused the job array: invalid partition" <<<"$err" || fail "unknown partition: $err"
echo "unknown partition: $err"
echo "PASS"
