#!/bin/bash
# A one-node Slurm on localhost for tests: munged, slurmctld and slurmd in the foreground,
# all state in a scratch folder, stopped by local_slurm_stop. Source this file, then:
#   local_slurm_start SCRATCH   # 0 when the node is idle and takes jobs; else 1, reason on stdout
#   ... sbatch/squeue/scancel (SLURM_CONF is exported) ...
#   local_slurm_stop
# Nothing outside SCRATCH is touched: the munge key, sockets, spool and logs live there, on
# ports chosen free at start, so the test runs beside a real Slurm or another copy of itself.

local_slurm_pids=()

local_slurm_free_port() {
    python3 - <<'PY' 2>/dev/null || echo $((20000 + RANDOM % 20000))
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])
PY
}

local_slurm_start() {
    local dir=$1
    for tool in munged mungekey slurmctld slurmd sbatch squeue scancel scontrol; do
        command -v "$tool" >/dev/null || { echo "$tool not found (install slurm-wlm and munge)"; return 1; }
    done
    mkdir -p "$dir"/{munge,spool,state,log} && chmod 700 "$dir/munge"
    mungekey --create --keyfile="$dir/munge/munge.key" --force >/dev/null 2>&1 ||
        { echo "mungekey could not create a key"; return 1; }
    chmod 600 "$dir/munge/munge.key"
    munged --foreground --force --key-file="$dir/munge/munge.key" --socket="$dir/munge/socket" \
        --pid-file="$dir/munge/munged.pid" --log-file="$dir/log/munged.log" --seed-file="$dir/munge/seed" \
        >/dev/null 2>&1 &
    local_slurm_pids+=($!)
    local host cpus ctl_port d_port user
    host=$(hostname -s); cpus=$(nproc); user=$(id -un)
    ctl_port=$(local_slurm_free_port); d_port=$(local_slurm_free_port)
    cat >"$dir/slurm.conf" <<CONF
ClusterName=shnntest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctl_port
SlurmdPort=$d_port
SlurmUser=$user
SlurmdUser=$user
AuthType=auth/munge
AuthInfo=socket=$dir/munge/socket
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool/%n
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/pgid
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MaxArraySize=10001
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
KillWait=2
NodeName=shnnnode NodeHostname=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=shnnnode Default=YES MaxTime=INFINITE State=UP
CONF
    export SLURM_CONF="$dir/slurm.conf"
    # munged must answer before the daemons authenticate.
    for _ in $(seq 50); do [ -S "$dir/munge/socket" ] && break; sleep 0.1; done
    [ -S "$dir/munge/socket" ] || { echo "munged did not start (see $dir/log/munged.log)"; return 1; }
    slurmctld -D -i -f "$SLURM_CONF" >"$dir/log/slurmctld.out" 2>&1 &
    local_slurm_pids+=($!)
    slurmd -D -N shnnnode -f "$SLURM_CONF" >"$dir/log/slurmd.out" 2>&1 &
    local_slurm_pids+=($!)
    # Up when the node is idle (slurmd registered with slurmctld).
    local state=""
    for _ in $(seq 150); do
        state=$(sinfo -h -n shnnnode -o %t 2>/dev/null)
        [ "$state" = "idle" ] && return 0
        sleep 0.2
    done
    echo "the local Slurm did not come up (node state '${state:-none}'; logs in $dir/log): $(tail -n1 "$dir/log/slurmctld.log" 2>/dev/null)"
    return 1
}

local_slurm_stop() {
    local pid
    for pid in "${local_slurm_pids[@]}"; do kill "$pid" 2>/dev/null; done
    for pid in "${local_slurm_pids[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    local_slurm_pids=()
}
