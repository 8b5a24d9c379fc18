#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# ipcrm --unused fails safe: whatever a process uses or waits on survives,
# whether or not ipcbox can see that process, and the object removed is the
# object judged. Every case checks what had to survive did: the object, and
# the process still alive and still blocked (released afterwards, it gets
# what it waited for). lsipc's process columns follow the same rules.

load helpers

bats_require_minimum_version 1.5.0

setup() {
    reset_ipc
    BG_PIDS=()
}

teardown() {
    stop_bg
}

# the process is alive and asleep (blocked in a system call)
blocked() {
    [ "$(awk '/^State:/ { print $2 }' "/proc/$1/status" 2>/dev/null)" = S ]
}

# the waiter W... exits with 0 within 10 s: it got what it waited for
released() {
    local p
    for p in "$@"; do
        wait_until eval "! kill -0 $p 2>/dev/null"
        wait "$p"
    done
}

# a kind of ipcrm --all=... in a child PID namespace with its own /proc,
# sharing this IPC namespace and /dev/shm with the processes outside it
in_child_pidns() {
    unshare --pid --fork --mount-proc -- "$@"
}

# ---- waiters ----

@test "a queue with a receiver blocked in msgrcv, never used: kept" {
    q=$(ipctool msg 0x11 0600)
    waiter msgrcv-wait "$q"
    wait_until blocked "$W"
    wait_until eval '[ "$(lsipc -q -r --noheadings -o WAITPIDS 2>/dev/null)" = "$W" ]'
    runs ipcrm --all=msg --unused -v
    grep -qx "keeping message queue id \`$q' (key 0x00000011): waiting by process $W" <<<"$out" ||
        { show; return 1; }
    exists_sysv msg "$q" && blocked "$W"
    # still blocked on this queue: a message releases it
    ipctool msgsnd "$q" 10
    released "$W"
}

@test "a full queue with a sender blocked in msgsnd, whose last sender is gone: kept" {
    q=$(ipctool msg 0x12 0600)
    # fill it (16 KiB by default) from a process that exits at once
    ipctool msgsnd "$q" 8192 2
    waiter msgsnd-wait "$q" 8192
    wait_until blocked "$W"
    wait_until eval '[ "$(lsipc -q -r --noheadings -o WAITPIDS 2>/dev/null)" = "$W" ]'
    runs ipcrm --all=msg --unused --dry-run
    grep -qx "keeping message queue id \`$q' (key 0x00000012): waiting by process $W" <<<"$out" ||
        { show; return 1; }
    runs ipcrm --all=msg --unused -v
    grep -qx "keeping message queue id \`$q' (key 0x00000012): waiting by process $W" <<<"$out" ||
        { show; return 1; }
    exists_sysv msg "$q" && blocked "$W"
    ipctool msgrcv "$q" 1
    released "$W"
}

@test "a set with a process blocked in semop, never operated on or last by a dead one: kept" {
    never=$(ipctool sem 0x21 1 0600)
    dead=$(ipctool sem 0x22 2 0600)
    ipctool semop "$dead" 1 1
    waiter semwait "$never" 0 -1
    w1=$W
    waiter semwait "$dead" 1 -2
    w2=$W
    wait_until eval '[ "$(lsipc -s -r --noheadings -o WAITPIDS 2>/dev/null | sort | tr "\n" " ")" = "$(printf "%s\n" "$w1" "$w2" | sort | tr "\n" " ")" ]'
    runs ipcrm --all=sem --unused -v
    [ "$rc" = 0 ] || { show; return 1; }
    grep -qx "keeping semaphore id \`$never' (key 0x00000021): 1 process is blocked on it" <<<"$out" ||
        { show; return 1; }
    grep -qx "keeping semaphore id \`$dead' (key 0x00000022): 1 process is blocked on it" <<<"$out" ||
        { show; return 1; }
    [ "$(tail -1 <<<"$out")" = "0 removed, 2 kept, 0 failed" ]
    exists_sysv sem "$never" && exists_sysv sem "$dead" && blocked "$w1" && blocked "$w2"
    ipctool semop "$never" 0 1
    ipctool semop "$dead" 1 1
    released "$w1" "$w2"
}

# ---- descriptor pressure ----

@test "out of descriptors: nothing mapped or open is removed, exit 1, and said; lsipc says partial" {
    ipctool pshm /m 4096 0600
    ipctool pmq /q 0600
    hold hold-pshm /m
    m=$HELD
    hold hold-pmq /q
    q=$HELD
    for n in 4 5; do
        runs with_fds "$n" ipcrm --all=pshm,pmsg --unused -v
        [ "$rc" = 1 ] || { show; return 1; }
        [[ "$err" == *"(Too many open files); --unused keeps the POSIX shared memory objects they may use"* ]] ||
            { show; return 1; }
        grep -qE "^keeping POSIX shared memory \`/m': cannot tell: [0-9]+ processes could not be read \(Too many open files\)$" <<<"$out" ||
            { show; return 1; }
        [ -e /dev/shm/m ] && [ -e /dev/mqueue/q ] && kill -0 "$m" "$q"
        # the dry run says the same and exits the same
        runs with_fds "$n" ipcrm --all=pshm,pmsg --unused --dry-run
        [ "$rc" = 1 ] && grep -q "^keeping POSIX message queue \`/q': cannot tell" <<<"$out" ||
            { show; return 1; }
    done
    # 1017 of 1024 descriptors inherited
    runs bash -c 'ulimit -n 1024; for fd in $(seq 3 1019); do eval "exec $fd</dev/null"; done
                  exec ipcrm --all=pshm,pmsg --unused -v'
    [ -e /dev/shm/m ] && [ -e /dev/mqueue/q ] || { show; return 1; }
    # lsipc: partial, never silently empty
    runs with_fds 5 lsipc -M -J -o NAME,PIDS
    [ "$rc" = 0 ] || { show; return 1; }
    jq -e '."posix-sharedmemory"[0]."pids-partial" == true' <<<"$out"
    runs with_fds 5 lsipc -M -o NAME,PIDS
    [[ "$err" == "lsipc: "*" processes could not be read (Too many open files); PIDS, NPROCS, WAITPIDS and USE may be incomplete" ]] ||
        { show; return 1; }
    # with enough of them, all is seen again
    jq -e --argjson m "$m" '."posix-sharedmemory"[0] | .pids == [$m] and ."pids-partial" == false' \
        <<<"$(lsipc -M -J -o NAME,PIDS)"
}

# ---- processes ipcrm cannot see ----

@test "a child PID namespace: what processes outside it use or wait on is kept" {
    shm=$(ipctool shm 0x31 4096 0600)
    free=$(ipctool shm 0x32 4096 0600)
    msg=$(ipctool msg 0x33 0600)
    sent=$(ipctool msg 0x34 0600)
    sem=$(ipctool sem 0x35 1 0600)
    ipctool pshm /m 4096 0600
    ipctool pmq /q 0600
    ipctool psem /s 0600 1
    hold hold-shm "$shm"
    hold hold-pshm /m
    hold hold-pmq /q
    hold hold-psem /s
    # a sender that stays alive: its pid reads 0 inside the namespace
    hold hold-msgsnd "$sent" 10
    waiter msgrcv-wait "$msg"
    wr=$W
    hold hold-semop "$sem" 0 1
    wait_until blocked "$wr"
    runs in_child_pidns ipcrm -a --unused -v
    [ "$(grep -c '^keeping ' <<<"$out")" = 7 ] || { show; return 1; }
    grep -qx "keeping message queue id \`$sent' (key 0x00000034): cannot tell: a process outside this PID namespace (pid 0) sent to it last" <<<"$out" ||
        { show; return 1; }
    grep -qx "keeping semaphore id \`$sem' (key 0x00000035): cannot tell: a process outside this PID namespace (pid 0) operated on it last" <<<"$out" ||
        { show; return 1; }
    grep -qx "keeping POSIX shared memory \`/m': cannot tell: processes outside this PID namespace may use it" <<<"$out" ||
        { show; return 1; }
    [[ "$err" == *"ipcrm: processes outside this PID namespace cannot be seen; --unused keeps the POSIX message queues they may use"* ]] ||
        { show; return 1; }
    # the unused segment went; everything else is there, and in use
    ! exists_sysv shm "$free"
    exists_sysv shm "$shm" && exists_sysv msg "$msg" && exists_sysv msg "$sent" && exists_sysv sem "$sem"
    [ -e /dev/shm/m ] && [ -e /dev/mqueue/q ] && [ -e /dev/shm/sem.s ]
    for p in "${BG_PIDS[@]}"; do kill -0 "$p"; done
    blocked "$wr"
    # the same with this /proc, which numbers processes otherwise
    runs unshare --pid --fork -- ipcrm -a --unused
    [ "$(lsipc -m -r --noheadings -o ID)" = "$shm" ]
    exists_sysv msg "$msg" && exists_sysv msg "$sent" && exists_sysv sem "$sem"
    [ -e /dev/shm/m ] && [ -e /dev/mqueue/q ] && [ -e /dev/shm/sem.s ]
    # lsipc there says its lists are partial
    runs in_child_pidns lsipc -M -J -o NAME,PIDS
    jq -e '."posix-sharedmemory"[0]."pids-partial" == true' <<<"$out"
    runs in_child_pidns lsipc -M -o NAME,PIDS
    [ "$err" = "lsipc: processes outside this PID namespace cannot be seen; PIDS, NPROCS, WAITPIDS and USE may be incomplete" ] ||
        { show; return 1; }
    ipctool msgsnd "$msg" 10
    released "$wr"
}

@test "a process whose main thread called pthread_exit: its mappings and descriptors count" {
    ipctool pshm /m 4096 0600
    ipctool pmq /q 0600
    hold hold-leaderless /m /q
    wait_until eval '[ "$(awk "/^State:/ { print \$2 }" /proc/'"$HELD"'/status)" = Z ]'
    [ "$(lsipc -M -r --noheadings -o NAME,PIDS)" = "/m $HELD" ]
    [ "$(lsipc -Q -r --noheadings -o NAME,PIDS)" = "/q $HELD" ]
    [ "$(lsipc --pid "$HELD" -r --noheadings -o TYPE,NAME)" = "pmsg /q
pshm /m" ]
    runs ipcrm --all=pshm,pmsg --unused -v
    [ "$rc" = 0 ] || { show; return 1; }
    [ "$out" = "keeping POSIX shared memory \`/m': mapped by process $HELD
keeping POSIX message queue \`/q': open by process $HELD
0 removed, 2 kept, 0 failed" ] || { show; return 1; }
    [ -e /dev/shm/m ] && [ -e /dev/mqueue/q ] && kill -0 "$HELD"
}

# ---- the object removed is the object judged ----

@test "after unshare --ipc, the parent's mqueue mount is not read or removed as ours" {
    ipctool pmq /jobs 0600
    ipctool pmq /gone 0600
    touch -d '10 days ago' /dev/mqueue/jobs
    old=$(stat -c %i /dev/mqueue/jobs)
    parent_gone=$(stat -c %i /dev/mqueue/gone)
    cat >"$BATS_TEST_TMPDIR/child" <<'EOF'
set -e
# readable by nobody, so that nobody too can tell the mount is not ours
ipctool pmq /jobs 0644
mkfifo "$1/f"
ipctool hold-pmq /jobs <>"$1/f" >"$1/held" 2>&1 3>&- &
trap 'kill $! 2>/dev/null' EXIT
while ! grep -qx ready "$1/held" 2>/dev/null; do sleep 0.05; done
ipcrm --all=pmsg --older-than 7d --unused -v
lsipc -Q -r --noheadings -o NAME
ipcs -Q | tail -n +4
# unprivileged: no detached mount, and the one in view is not ours
setpriv --reuid=65534 --regid=65534 --clear-groups lsipc -Q -o NAME
setpriv --reuid=65534 --regid=65534 --clear-groups ipcrm --all=pmsg --dry-run -v
# the child's own /jobs is still there and open
kill -0 $!
mq=$(lsipc -Q -r --noheadings -o NAME)
[ "$mq" = /jobs ]
# an unused queue of the child's goes, through the detached mount; the
# parent's namesake stays
ipctool pmq /gone 0600
ipcrm --all=pmsg --unused -v
[ "$(lsipc -Q -r --noheadings -o NAME)" = /jobs ]
kill $!
EOF
    runs unshare --ipc -- bash "$BATS_TEST_TMPDIR/child" "$BATS_TEST_TMPDIR"
    [ "$rc" = 0 ] || { show; return 1; }
    # judged, listed and shown: only the child's /jobs, which is new
    [ "$(head -2 <<<"$out")" = "0 removed, 0 kept, 0 failed
/jobs" ] || { show; return 1; }
    [ "$(grep -c '^/jobs ' <<<"$out")" = 1 ] && [ "$(grep -c '^/jobs' <<<"$out")" = 2 ] ||
        { show; return 1; }
    grep -qx "0 would be removed, 0 kept, 0 would fail" <<<"$out" || { show; return 1; }
    [ "$(tail -1 <<<"$out")" = "1 removed (1 pmsg), 1 kept, 0 failed" ] || { show; return 1; }
    [[ "$err" == *"ipcrm: the mqueue filesystem on /dev/mqueue belongs to another IPC namespace; this namespace's POSIX message queues are read from a detached mount of its own"* ]] ||
        { show; return 1; }
    [[ "$err" == *"lsipc: the mqueue filesystem on /dev/mqueue belongs to another IPC namespace; this namespace's POSIX message queues cannot be read without CAP_SYS_ADMIN and are not shown"* ]] ||
        { show; return 1; }
    grep -qx "removing POSIX message queue \`/gone'" <<<"$out" || { show; return 1; }
    # the parent's old /jobs and its /gone were never touched
    [ "$(stat -c %i /dev/mqueue/jobs)" = "$old" ]
    [ "$(stat -c %i /dev/mqueue/gone)" = "$parent_gone" ]
}

@test "a POSIX object replaced after it was listed is not removed" {
    # unit-tested in test_posix_online (posix_remove_obj: -ESTALE); here,
    # a name whose file changes between two runs is judged afresh
    ipctool pshm /x 64 0600
    hold hold-pshm /x
    rm /dev/shm/x
    ipctool pshm /x 64 0600
    runs ipcrm --all=pshm --unused -v
    [ "$out" = "removing POSIX shared memory \`/x'
1 removed (1 pshm), 0 kept, 0 failed" ] || { show; return 1; }
    kill -0 "$HELD"
}

# ---- --older-than, --dry-run, dest ----

@test "--older-than: every representable mtime, no overflow; 1970 is old" {
    for t in -9223372036854775808 -67000000000000000 0 67000000000000000 9223372036854775807; do
        ipctool pshm "/t$t" 1 0600
        python3 -c 'import os, sys; os.utime(sys.argv[1], (int(sys.argv[2]),) * 2)' \
            "/dev/shm/t$t" "$t"
    done
    ipctool pshm /now 1 0600
    runs ipcrm --all=pshm --older-than 7d --dry-run
    [ "$rc" = 0 ] || { show; return 1; }
    [ "$(sort <<<"$out")" = "would remove POSIX shared memory \`/t-67000000000000000'
would remove POSIX shared memory \`/t-9223372036854775808'
would remove POSIX shared memory \`/t0'" ] || { show; return 1; }
    runs ipcrm --all=pshm --older-than 7d
    [ "$(ls /dev/shm | sort | tr '\n' ' ')" = "now t67000000000000000 t9223372036854775807 " ] || { show; return 1; }
    # an age as long as time itself
    runs ipcrm --all=pshm --older-than 15250284452w --dry-run -v
    [ "$rc" = 0 ] || { show; return 1; }
}

@test "--dry-run as root without CAP_SYS_ADMIN or CAP_FOWNER predicts the real refusals" {
    theirs=$(setpriv --reuid=1000 --regid=1000 --clear-groups ipctool msg 0x41 0600)
    mine=$(ipctool msg 0x42 0600)
    nocap=(setpriv --inh-caps=-sys_admin --bounding-set=-sys_admin --)
    runs "${nocap[@]}" ipcrm --all=msg --dry-run -v
    [ "$rc" = 1 ] || { show; return 1; }
    [ "$out" = "would fail to remove message queue id \`$theirs' (key 0x00000041): permission denied
would remove message queue id \`$mine' (key 0x00000042)
1 would be removed (1 msg), 0 kept, 1 would fail" ] || { show; return 1; }
    runs "${nocap[@]}" ipcrm --all=msg -v
    [ "$rc" = 1 ] && [ "$err" = "ipcrm: permission denied for id ($theirs)" ] || { show; return 1; }
    exists_sysv msg "$theirs" && ! exists_sysv msg "$mine"
    # POSIX: a sticky directory someone else owns, a file of a third user
    ipctool pshm /theirs 1 0600
    chown 1000 /dev/shm/theirs
    chown 1001 /dev/shm
    nofowner=(setpriv --inh-caps=-fowner --bounding-set=-fowner --)
    runs "${nofowner[@]}" ipcrm --all=pshm --dry-run
    [ "$rc" = 1 ] && [ "$out" = "would fail to remove POSIX shared memory \`/theirs': permission denied" ] ||
        { show; return 1; }
    runs "${nofowner[@]}" ipcrm --all=pshm
    [ "$rc" = 1 ] && [ -e /dev/shm/theirs ] || { show; return 1; }
    # with the capability, both agree the other way
    runs ipcrm --all=pshm --dry-run
    [ "$rc" = 0 ] && [ "$out" = "would remove POSIX shared memory \`/theirs'" ] || { show; return 1; }
    chown 0 /dev/shm
}

@test "a segment already marked for removal is not removed, nor counted, again" {
    id=$(ipctool shm 0x51 64 0600)
    hold hold-shm "$id"
    ipctool shmrm "$id"
    for i in 1 2; do
        runs ipcrm --all=shm -v
        [ "$rc" = 0 ] || { show; return 1; }
        [ "$out" = "shared memory segment id \`$id' is already marked for removal (attached 1 time)
0 removed, 0 kept, 0 failed" ] || { show; return 1; }
    done
    [ "$(lsipc -m -r --noheadings -o ID,NATTCH,STATUS)" = "$id 1 dest" ]
    kill -0 "$HELD"
}
