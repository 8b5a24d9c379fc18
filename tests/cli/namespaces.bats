#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# --ns PID|PATH of lsipc, ipcs, ipcmk and ipcrm against real namespaces made
# with unshare inside the sandbox: "containers" with their own IPC and mount
# namespaces and objects of all six kinds, one with only an IPC namespace
# (and the parent's /dev/mqueue), one pinned by a bind mount with no
# process, one pinned by an open descriptor, one with a child PID
# namespace. What --ns shows is compared with the same command run inside
# (nsenter -t PID -i -m). Every test checks that the caller's mount table
# is what it was.
#
# A real container (Debian's podman, from a local root directory) is
# tests/cli/podman.bats; here unshare builds the same kernel objects a
# container runtime does, in every shape the tests need.

load helpers
load ns-helpers

# a container's own /dev/shm and /dev/mqueue, then objects of all six kinds
# named after $1, and the holder attached to its segment
container_script() {
    cat <<EOF
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
mount -t mqueue mqueue /dev/mqueue
ipctool msg $2 0600 >/dev/null
ipctool sem $2 3 0600 >/dev/null
id=\$(ipctool shm $2 8192 0600)
ipctool pshm /$1-shm 100 0600
ipctool pmq /$1-mq 0600
ipctool psem /$1-sem 0600 1
exec ipctool hold-shm "\$id"
EOF
}

# start_container NAME KEY [UNSHARE-OPTION...]
start_container() {
    local name=$1 key=$2
    shift 2
    start_ns "$(container_script "$name" "$key")" --ipc --mount "$@"
}

# same_inside PID APPLET ARGS...: APPLET --ns PID ARGS prints what APPLET
# ARGS prints inside PID's IPC and mount namespaces
same_inside() {
    local pid=$1 applet=$2
    shift 2
    "$applet" --ns "$pid" "$@" >"$BATS_TEST_TMPDIR/ns.out"
    nsenter -t "$pid" -i -m "$IPCBOX_BIN/$applet" "$@" >"$BATS_TEST_TMPDIR/inside.out"
    diff -u "$BATS_TEST_TMPDIR/inside.out" "$BATS_TEST_TMPDIR/ns.out"
}

@test "lsipc --ns PID: two containers, every kind as seen inside each, nothing of the other" {
    start_container a 0xa1
    A=$C
    start_container b 0xb2
    B=$C
    ipctool shm 0x99 4096 0600 >/dev/null
    for pid in "$A" "$B"; do
        for k in -m -q -s -M -Q -S; do
            same_inside "$pid" lsipc "$k"
            same_inside "$pid" lsipc "$k" -J -o +PIDS,NPROCS
        done
    done
    run stdout_of lsipc --ns "$A" -m --noheadings -o KEY,SIZE,NATTCH
    [ "$output" = "0x000000a1   8K      1" ]
    run stdout_of lsipc --ns "$B" -Q --noheadings -o NAME
    [ "$output" = "/b-mq" ]
    run stdout_of lsipc --ns "$B" -S --noheadings -o NAME
    [ "$output" = "/b-sem" ]
    # and the caller's own are the caller's
    run stdout_of lsipc -m --noheadings -o KEY
    [ "$output" = "0x00000099" ]
    run stdout_of lsipc -M --noheadings -o NAME
    [ "$output" = "" ]
    mounts_unchanged
}

@test "lsipc --ns PID: PIDS are the processes of that namespace, with the caller's pids" {
    # two fresh namespaces: segment 0 in each, attached by its holder
    start_container a 0xa1
    A=$C
    start_container b 0xb2
    B=$C
    run stdout_of lsipc --ns "$A" -m --noheadings -r -o ID,NATTCH,PIDS
    [ "$output" = "0 1 $A" ]
    run stdout_of lsipc --ns "$B" -m --noheadings -r -o ID,NATTCH,PIDS
    [ "$output" = "0 1 $B" ]
    run stdout_of lsipc --ns "$B" -m -i 0 -J -o ID,PIDS
    echo "$output" | jq -e --argjson b "$B" '.sharedmemory[0].pids == [$b]'
    mounts_unchanged
}

@test "lsipc -g --ns PID: limits and usage are all the container's" {
    start_ns "$(container_script a 0xa1 | sed '1i sysctl -qw kernel.msgmni=77 fs.mqueue.queues_max=55 kernel.shmmni=333')" --ipc --mount
    same_inside "$C" lsipc -g
    same_inside "$C" lsipc -g -J
    run stdout_of lsipc --ns "$C" -g --noheadings -r -o RESOURCE,LIMIT,USED
    echo "$output" | grep -qx 'MSGMNI 77 1'
    echo "$output" | grep -qx 'MQUMNI 55 1'
    echo "$output" | grep -qx 'SHMMNI 333 1'
    run stdout_of lsipc -g --noheadings -r -o RESOURCE,USED
    echo "$output" | grep -qx 'MSGMNI 0'
    mounts_unchanged
}

@test "ipcs --ns PID: every listing and the limits as ipcs inside prints them" {
    start_container a 0xa1
    ipctool msg 0x99 0600 >/dev/null
    for args in "" "-a" "-m -p" "-q -c" "-s -t" "-l" "-u" "-M" "-Q" "-S" "-m -i 0"; do
        # shellcheck disable=SC2086
        same_inside "$C" ipcs $args
    done
    run stdout_of ipcs --ns "$C" -q
    [[ "$output" == *0x000000a1* ]]
    [[ "$output" != *0x00000099* ]]
    mounts_unchanged
}

@test "ipcmk --ns PID creates every kind in the container, nothing here" {
    start_ns 'mount -t tmpfs tmpfs /dev/shm; mount -t mqueue mqueue /dev/mqueue; exec ipctool hold-anon' --ipc --mount
    run ipcmk --ns "$C" --key 0x42 -M 4096 -Q -S 2 -m 64 -q -s -n /made
    [ "$status" -eq 0 ]
    [ "${#lines[@]}" -eq 6 ]
    # KIND:COLUMN:VALUE there, and nothing of the kind here
    for k in m:KEY:0x00000042 q:KEY:0x00000042 s:KEY:0x00000042 \
             M:NAME:/made Q:NAME:/made S:NAME:/made; do
        IFS=: read -r kind col want <<<"$k"
        run nsenter -t "$C" -i -m "$IPCBOX_BIN/lsipc" "-$kind" --noheadings -o "$col"
        [ "$output" = "$want" ]
        run stdout_of lsipc "-$kind" --noheadings
        [ "$output" = "" ]
    done
    mounts_unchanged
}

@test "ipcrm --ns PID removes there by id, key and name; the caller's namesakes stay" {
    start_container a 0xa1
    # the same ids, key and names here
    ipctool msg 0xa1 0600 >/dev/null
    ipctool shm 0xa1 4096 0600 >/dev/null
    ipctool pshm /a-shm 10 0600
    ipctool psem /a-sem 0600 0
    ipctool pmq /a-mq 0600
    before=$(ipc_snapshot)
    run ipcrm --ns "$C" -Q 0xa1 -s 0 --posix-shmem /a-shm --posix-semaphore a-sem --posix-mqueue /a-mq
    [ "$status" -eq 0 ]
    [ "$(ipc_snapshot)" = "$before" ]
    run nsenter -t "$C" -i -m "$IPCBOX_BIN/ipcs" -a -M -Q -S
    [[ "$output" != *a-shm* && "$output" != *a-sem* && "$output" != *a-mq* ]]
    run nsenter -t "$C" -i -m "$IPCBOX_BIN/lsipc" -m --noheadings -o KEY
    [ "$output" = "0x000000a1" ]
    run nsenter -t "$C" -i -m "$IPCBOX_BIN/lsipc" -q --noheadings
    [ "$output" = "" ]
    mounts_unchanged
}

@test "ipcrm --ns PID --all --unused keeps what the container's processes use" {
    all_syscalls_readable || skip "a process here may not be read: --unused keeps everything"
    start_container a 0xa1
    id=$(ipctool shm 0x99 4096 0600)
    before=$(ipc_snapshot)
    run ipcrm --ns "$C" --all --unused --dry-run
    [ "$status" -eq 0 ]
    dry=$output
    run ipcrm --ns "$C" --all --unused -v
    [ "$status" -eq 0 ]
    # the segment the container's holder attaches is kept, the rest goes
    run nsenter -t "$C" -i -m "$IPCBOX_BIN/lsipc" -m --noheadings -o KEY
    [ "$output" = "0x000000a1" ]
    for k in -q -s -M -Q -S; do
        run nsenter -t "$C" -i -m "$IPCBOX_BIN/lsipc" "$k" --noheadings
        [ "$output" = "" ]
    done
    [[ "$dry" == *"would remove message queue"* ]]
    # the caller's segment (shmid 0 too, unattached) is untouched
    [ "$(ipc_snapshot)" = "$before" ]
    exists_sysv shm "$id"
    mounts_unchanged
}

@test "--ns PID of a process with only its own IPC namespace: its queues, not the mounted ones" {
    ipctool pmq /ours 0600
    start_ns 'ipctool pmq /theirs 0600; ipctool msg 0x77 0600 >/dev/null; exec ipctool hold-anon' --ipc
    run stdout_of lsipc --ns "$C" -Q --noheadings -o NAME
    [ "$output" = "/theirs" ]
    run stdout_of ipcs --ns "$C" -Q
    [[ "$output" == *theirs* && "$output" != *ours* ]]
    # the mqueue trap: inside with nsenter --ipc alone, the mount in view
    # is ours; lsipc there says so and reads its own namespace's queues
    run nsenter -t "$C" -i "$IPCBOX_BIN/lsipc" -Q --noheadings -o NAME
    [ "$status" -eq 0 ]
    [ "${lines[-1]}" = "/theirs" ]
    [[ "$output" == *"belongs to another IPC namespace"* ]]
    # -g there: the POSIX usage of the same namespace as the limits (we have 2)
    ipctool pmq /ours2 0600
    run stdout_of nsenter -t "$C" -i "$IPCBOX_BIN/lsipc" -g -r --noheadings -o RESOURCE,USED
    echo "$output" | grep -qx 'MQUMNI 1'
    # unprivileged there, it says in one line that the mounted queues are not its own
    runs nsenter -t "$C" -i setpriv --reuid=65534 --regid=65534 --clear-groups -- \
        "$IPCBOX_BIN/lsipc" -Q --noheadings -o NAME
    [ "$rc" -eq 0 ] || { show; false; }
    [ "$out" = "" ]
    [[ "$err" == "lsipc: the mqueue filesystem on /dev/mqueue belongs to another IPC namespace; this namespace's POSIX message queues cannot be read without CAP_SYS_ADMIN and are not shown" ]]
    # and ipcrm there does not remove our namesake
    ipctool pmq /theirs2 0600
    run nsenter -t "$C" -i "$IPCBOX_BIN/ipcrm" --all=pmsg
    run stdout_of lsipc -Q --noheadings -o NAME
    [ "$(echo "$output" | sort | tr '\n' ' ')" = "/ours /ours2 /theirs2 " ]
    run stdout_of lsipc --ns "$C" -Q --noheadings -o NAME
    [ "$output" = "" ]
    mounts_unchanged
}

@test "lsipc --metrics --ns PID: thousands of the container's sets, read by threads that enter it too" {
    # the caller has sets of its own with the same ids: a reader left in
    # our namespace would count their (absent) waiters instead
    mkstate --sem 3000 --owners 1 >/dev/null
    start_ns 'mkstate --sem 3000 --owners 1 >/dev/null; ipctool sem 0x312 2 0600; exec ipctool hold-anon' --ipc
    B=$(nsenter -t "$C" -i "$IPCBOX_BUILD/tests/ipctool" sem 0x313 3 0600)
    nsenter -t "$C" -i "$IPCBOX_BUILD/tests/ipctool" semwait "$B" 2 -1 </dev/null >/dev/null 3>&- &
    BG_PIDS+=("$!")
    eventually 1 sh -c 'lsipc --ns "$0" --metrics 2>/dev/null | awk '\''$1 == "ipcbox_waiting_processes{kind=\"sem\"}" { print $2 }'\''' "$C"
    stdout_of lsipc --ns "$C" --metrics >"$BATS_TEST_TMPDIR/m"
    grep -qx 'ipcbox_objects{kind="sem"} 3002' "$BATS_TEST_TMPDIR/m"
    grep -qx 'ipcbox_waiting_processes{kind="sem"} 1' "$BATS_TEST_TMPDIR/m"
    grep -qx 'ipcbox_unused_objects{kind="sem"} 3001' "$BATS_TEST_TMPDIR/m"
    grep -qx 'ipcbox_unused_undecided_objects{kind="sem"} 0' "$BATS_TEST_TMPDIR/m"
    # ours: the same sets, nobody waiting
    stdout_of lsipc --metrics >"$BATS_TEST_TMPDIR/ours"
    grep -qx 'ipcbox_objects{kind="sem"} 3000' "$BATS_TEST_TMPDIR/ours"
    grep -qx 'ipcbox_waiting_processes{kind="sem"} 0' "$BATS_TEST_TMPDIR/ours"
    mounts_unchanged
}

@test "--ns PATH: a namespace pinned by a bind mount, with no process" {
    pin=$BATS_TEST_TMPDIR/ipcns
    touch "$pin"
    unshare --ipc="$pin" sh -c 'ipctool shm 0x5 4096 0600 >/dev/null; ipctool pmq /pinned 0600'
    PINS+=("$pin")
    run stdout_of lsipc --ns "$pin" -m --noheadings -o KEY,NATTCH
    [ "$output" = "0x00000005      0" ]
    run stdout_of lsipc --ns "$pin" -Q --noheadings -o NAME
    [ "$output" = "/pinned" ]
    run ipcmk --ns "$pin" -Q --key 0x6
    [ "$status" -eq 0 ]
    run stdout_of ipcs --ns "$pin" -q
    [[ "$output" == *0x00000006* ]]
    # POSIX shm and semaphores belong to a mount namespace: one line
    runs lsipc --ns "$pin" -M
    [ "$rc" -eq 0 ] || { show; false; }
    [ "$out" = "" ]
    [ "$err" = "lsipc: --ns names a namespace file, not a process: POSIX shared memory and semaphores belong to a mount namespace and need --ns PID" ]
    runs ipcmk --ns "$pin" -m 10 -n /x
    [ "$rc" -eq 1 ]
    [[ "$err" == "ipcmk: --ns "*"names a namespace file: POSIX shared memory and semaphores belong to a mount namespace and need --ns PID" ]]
    # ours, with the same key: it must stay
    ipctool shm 0x5 4096 0600 >/dev/null
    before=$(ipc_snapshot)
    run ipcrm --ns "$pin" -M 0x5
    [ "$status" -eq 0 ]
    run stdout_of lsipc --ns "$pin" -m --noheadings
    [ "$output" = "" ]
    # what survives: our namesake, and the pinned namespace's queues
    [ "$(ipc_snapshot)" = "$before" ]
    run stdout_of lsipc --ns "$pin" -Q --noheadings -o NAME
    [ "$output" = "/pinned" ]
    run stdout_of ipcs --ns "$pin" -q
    [[ "$output" == *0x00000006* ]]
    mounts_unchanged_but_pin
}

# the pin is the one mount a test made on purpose
mounts_unchanged_but_pin() {
    findmnt -rn -o TARGET,FSTYPE,SOURCE | grep -v "^$BATS_TEST_TMPDIR/ipcns " >"$BATS_TEST_TMPDIR/mounts.after"
    diff -u "$BATS_TEST_TMPDIR/mounts.before" "$BATS_TEST_TMPDIR/mounts.after"
}

@test "--ns PATH: a namespace kept alive only by an open descriptor" {
    start_ns 'ipctool shm 0x7 4096 0600 >/dev/null; exec ipctool hold-anon' --ipc
    # a process of ours holds the namespace open; its last member goes
    sleep 600 3<"/proc/$C/ns/ipc" &
    H=$!
    BG_PIDS+=("$H")
    # the descriptor is open (the background shell opens it after the fork)
    wait_until test -e "/proc/$H/fd/3"
    kill "$C"
    wait "$C" 2>/dev/null || true
    run stdout_of lsipc --ns "/proc/$H/fd/3" -m --noheadings -o KEY
    [ "$output" = "0x00000007" ]
    run stdout_of lsipc --ns "/proc/$H/fd/3" -m --noheadings -r -o NPROCS
    [ "$output" = "0" ]
    mounts_unchanged
}

@test "--ns PID of a container with its own PID namespace: its objects, our pids" {
    start_container p 0xc3 --pid --fork --kill-child --mount-proc
    KILL9+=("$C")
    holder=$(pgrep -P "$C")
    for k in -m -q -s; do
        run stdout_of lsipc --ns "$C" "$k" --noheadings -o KEY
        [ "$output" = 0x000000c3 ]
    done
    for k in M:shm Q:mq S:sem; do
        run stdout_of lsipc --ns "$C" "-${k%:*}" --noheadings -o NAME
        [ "$output" = "/p-${k#*:}" ]
    done
    # PIDS are pids of the caller's PID namespace (the holder is 1 inside)
    run stdout_of lsipc --ns "$C" -m --noheadings -r -o PIDS
    [ "$output" = "$holder" ]
    run stdout_of nsenter -t "$C" -p -i -m "$IPCBOX_BIN/lsipc" -m --noheadings -r -o PIDS
    [ "$output" = "1" ]
    # everything else as seen inside (whose pids are its own)
    # everything else as seen inside its IPC namespace; not in its mount
    # namespace, whose /proc is the container's: there /proc/self is no
    # process, and a sanitizer build cannot even start (System V needs no
    # mount, and lsipc -Q reads the namespace's own queues whatever is mounted)
    for args in "-m -o KEY,ID,PERMS,OWNER,SIZE,NATTCH,STATUS" "-Q -o NAME,PERMS,OWNER,MSGS"; do
        # shellcheck disable=SC2086
        diff -u <(nsenter -t "$C" -i "$IPCBOX_BIN/lsipc" $args 2>/dev/null) \
                <(lsipc --ns "$C" $args 2>/dev/null)
    done
    run stdout_of lsipc --ns "$C" -Q --noheadings -o NAME
    [ "$output" = /p-mq ]
    mounts_unchanged
}

# ---- errors: one line, exit 1, nothing changed ----

# fails_alone LINE CMD...: CMD exits 1 with exactly LINE on stderr, nothing
# on stdout, and no IPC object and no mount changed
fails_alone() {
    local want=$1 before
    shift
    before=$(ipc_snapshot)
    runs "$@"
    [ "$rc" -eq 1 ] || { show; return 1; }
    [ "$out" = "" ] || { show; return 1; }
    [ "$err" = "$want" ] || { show; return 1; }
    [ "$(ipc_snapshot)" = "$before" ]
    mounts_unchanged
}

@test "--ns errors: no such process, not an IPC namespace, --sysroot" {
    start_ns 'exec ipctool hold-anon' --ipc --mount
    mkfifo "$BATS_TEST_TMPDIR/fifo"
    for a in lsipc ipcs; do
        fails_alone "$a: --ns: no such process: '999999999'" "$a" --ns 999999999
        fails_alone "$a: --ns: '/etc/passwd' is not an IPC namespace" "$a" --ns /etc/passwd
        fails_alone "$a: --ns: '/proc/$C/ns/mnt' is not an IPC namespace" "$a" --ns "/proc/$C/ns/mnt"
        # a FIFO is not waited on
        fails_alone "$a: --ns: '$BATS_TEST_TMPDIR/fifo' is not an IPC namespace" \
            timeout 10 "$a" --ns "$BATS_TEST_TMPDIR/fifo"
        fails_alone "$a: --ns cannot be combined with --sysroot" "$a" --ns "$C" --sysroot /
        fails_alone "$a: --ns: cannot use the IPC namespace of '/nonexistent': No such file or directory" \
            "$a" --ns /nonexistent
    done
    fails_alone "ipcmk: --ns: no such process: '999999999'" ipcmk --ns 999999999 -Q
    fails_alone "ipcmk: --ns: '/etc/passwd' is not an IPC namespace" ipcmk --ns /etc/passwd -Q
    fails_alone "ipcrm: --ns: no such process: '999999999'" ipcrm --ns 999999999 -q 0
    fails_alone "ipcrm: --ns: '/proc/$C/ns/pid' is not an IPC namespace" ipcrm --ns "/proc/$C/ns/pid" -a
    touch "$BATS_TEST_TMPDIR/x"$'\e[1m'
    fails_alone "lsipc: --ns: '$BATS_TEST_TMPDIR/x\\x1b[1m' is not an IPC namespace" \
        lsipc --ns "$BATS_TEST_TMPDIR/x"$'\e[1m'
}

@test "--ns errors: an unprivileged caller may not enter another namespace" {
    start_ns 'exec ipctool hold-anon' --ipc --mount
    # nobody may not even open root's namespace file
    fails_alone "lsipc: --ns: cannot use the IPC namespace of '$C': Permission denied" \
        as_nobody lsipc --ns "$C"
    # a namespace file nobody may open, but not enter: CAP_SYS_ADMIN
    dir=$(mktemp -d "$TMPDIR/ns.XXXXXX")
    chmod 755 "$dir"
    pin=$dir/ipcns
    touch "$pin"
    unshare --ipc="$pin" true
    PINS+=("$pin")
    findmnt -rn -o TARGET,FSTYPE,SOURCE >"$BATS_TEST_TMPDIR/mounts.before"
    fails_alone "ipcmk: --ns: cannot enter the IPC namespace of '$pin': it needs CAP_SYS_ADMIN over the namespace's user namespace" \
        as_nobody ipcmk --ns "$pin" -Q
    fails_alone "ipcrm: --ns: cannot enter the IPC namespace of '$pin': it needs CAP_SYS_ADMIN over the namespace's user namespace" \
        as_nobody ipcrm --ns "$pin" -a
}

@test "--ns of the caller's own namespace works unprivileged" {
    ipctool msg 0x31 0644 >/dev/null
    # shellcheck disable=SC2016  # $$ of that shell, which lsipc then is
    run as_nobody sh -c 'exec lsipc --ns $$ -q --noheadings -o KEY'
    [ "$status" -eq 0 ]
    [ "$output" = "0x00000031" ]
}
