#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# ipcs against util-linux's /usr/bin/ipcs, byte for byte, on a varied System V state.

load ../cli/helpers

UL_IPCS=$UL_BIN/ipcs
BG_PIDS=()
BIND_MOUNTS=()
KERNEL_FILES="msgmni msgmax msgmnb sem shmmni shmall shmmax"

# ours with --sysroot DIR against util-linux's on the live /proc
same_offline() {
    local dir=$1 d=$BATS_TEST_TMPDIR rc_ours=0 rc_ul=0
    shift
    ipcs --sysroot "$dir" "$@" >"$d/ours" 2>&1 || rc_ours=$?
    "$UL_IPCS" "$@" >"$d/ul" 2>&1 || rc_ul=$?
    if ! cmp -s "$d/ul" "$d/ours"; then
        echo "ipcs --sysroot $dir $*: output differs (- util-linux live, + ours offline)"
        diff -u "$d/ul" "$d/ours" | cat -A
        return 1
    fi
    [ "$rc_ours" = "$rc_ul" ]
}

offline_modes() {
    local dir=$1 fmt unit
    for fmt in "" -c -t -p -l; do
        for unit in "" -b --human; do
            # shellcheck disable=SC2086
            same_offline "$dir" $fmt $unit
        done
    done
}

# attach the segments in a background process that stays until teardown
hold_shm() {
    local fifo=$BATS_TEST_TMPDIR/hold.fifo out=$BATS_TEST_TMPDIR/hold.out
    mkfifo "$fifo"
    # stdin read-write on a fifo: the holder's read blocks for ever
    ipctool hold-shm "$@" <>"$fifo" >"$out" 3>&- &
    BG_PIDS+=("$!")
    wait_until grep -qx ready "$out"
}

# the count (column 3 ncount, 4 zcount) of semaphore NUM of set ID
sem_count() {
    ipcs -s -i "$1" | awk -v n="$2" -v c="$3" '$1 == n && NF == 5 { print $c }'
}

sem_count_is() {
    [ "$(sem_count "$1" "$2" "$3")" = "$4" ]
}

# a process blocked in semop(ID, NUM, OP) until teardown
sem_waiter() {
    local col=3
    [ "$3" = 0 ] && col=4
    ipctool semwait "$1" "$2" "$3" </dev/null >/dev/null 2>>"$BATS_TEST_TMPDIR/waiter.err" 3>&- &
    BG_PIDS+=("$!")
    wait_until sem_count_is "$1" "$2" "$col" 1 || {
        cat "$BATS_TEST_TMPDIR/waiter.err"
        return 1
    }
}

build_state() {
    # message queues: messages queued and received, negative key, a uid
    # with no passwd entry, a creator that is not the owner, a long user name
    Q1=$(ipctool msg 0x1234 0644)
    ipctool msgsnd "$Q1" 100 3
    Q2=$(ipctool msg -559038737 0600 4242 4242)
    Q3=$(as_nobody ipctool msg 0x77 0660)
    ipctool msgsnd "$Q3" 1000 2
    ipctool msgrcv "$Q3" 1
    Q4=$(ipctool msg 0 0666 "$LONG_UID" "$LONG_GID")
    ipctool msgsnd "$Q4" 8000 2

    # shared memory: small, 8 GiB (nothing is allocated until touched),
    # odd sizes, locked, attached, marked for destruction (dest + locked)
    M1=$(ipctool shm 0x1111 4096 0644)
    M2=$(ipctool shm 0x2222 8589934592 0600 "$LONG_UID" "$LONG_GID")
    M3=$(ipctool shm -559038737 1 0640 4242 4242)
    M4=$(ipctool shm 0x3333 65536 0666)
    ipctool shmlock "$M4"
    M5=$(ipctool shm 0x4444 12345 0600)
    M6=$(as_nobody ipctool shm 0 1048575 0644)
    ipctool shmlock "$M5"
    hold_shm "$M1" "$M5"
    ipctool shmrm "$M5"

    # semaphores: waiters on a value (ncount) and on zero (zcount), an
    # operation done (otime), never operated on (zero otime)
    S1=$(ipctool sem 0x5555 3 0600)
    ipctool semset "$S1" 1 1
    ipctool semset "$S1" 2 7
    sem_waiter "$S1" 0 -1
    sem_waiter "$S1" 1 0
    S2=$(ipctool sem -559038737 1 0644 4242 4242)
    ipctool semop "$S2" 0 1
    S3=$(as_nobody ipctool sem 0x6666 2 0666)
    S4=$(ipctool sem 0x7777 5 0640 "$LONG_UID" "$LONG_GID")
}

# A user and a group whose names are longer than 10 characters (ipcs cuts
# owners to 10). Without one in /etc/passwd, add one to a private copy
# mounted over it: this file runs in its own mount namespace.
setup_file() {
    local d=$BATS_FILE_TMPDIR
    LONG_UID=$(awk -F: 'length($1) > 10 { print $3; exit }' /etc/passwd)
    LONG_GID=$(awk -F: 'length($1) > 10 { print $3; exit }' /etc/group)
    if [ -z "$LONG_UID" ] || [ -z "$LONG_GID" ]; then
        cp /etc/passwd "$d/passwd"
        cp /etc/group "$d/group"
        echo 'ipcbox-long-user-name:x:4343:4343::/nonexistent:/bin/false' >>"$d/passwd"
        echo 'ipcbox-long-group-name:x:4343:' >>"$d/group"
        mount --bind "$d/passwd" /etc/passwd
        mount --bind "$d/group" /etc/group
        LONG_UID=4343 LONG_GID=4343
    fi
    export LONG_UID LONG_GID
}

setup() {
    [ -x "$UL_IPCS" ] || skip "util-linux ipcs is not installed at $UL_IPCS"
    reset_ipc
    build_state
}

teardown() {
    local p m
    restore_limits
    for m in "${BIND_MOUNTS[@]}"; do
        umount "$m"
    done
    for p in "${BG_PIDS[@]}"; do
        kill "$p" 2>/dev/null || true
        wait "$p" 2>/dev/null || true
    done
    reset_ipc
}

# Run our ipcs and util-linux's with the same arguments (optionally through
# a wrapper such as as_nobody: WRAP=as_nobody same ...); stdout, stderr and
# the exit code must be identical.
same() {
    local d=$BATS_TEST_TMPDIR rc_ours=0 rc_ul=0
    ${WRAP:-} ipcs "$@" >"$d/ours" 2>"$d/ours.err" || rc_ours=$?
    ${WRAP:-} "$UL_IPCS" "$@" >"$d/ul" 2>"$d/ul.err" || rc_ul=$?
    if ! cmp -s "$d/ul" "$d/ours"; then
        echo "ipcs $*: stdout differs (- util-linux, + ours)"
        diff -u "$d/ul" "$d/ours" | cat -A
        return 1
    fi
    if ! cmp -s "$d/ul.err" "$d/ours.err"; then
        echo "ipcs $*: stderr differs (- util-linux, + ours)"
        diff -u "$d/ul.err" "$d/ours.err"
        return 1
    fi
    if [ "$rc_ours" != "$rc_ul" ]; then
        echo "ipcs $*: exit code $rc_ours, util-linux $rc_ul"
        return 1
    fi
}

# every output format and unit for one resource selection
all_formats() {
    local fmt unit
    for fmt in "" -c -t -p -l -u; do
        for unit in "" -b --human; do
            # shellcheck disable=SC2086
            same "$@" $fmt $unit
        done
    done
}

@test "the state has what the comparisons need" {
    # guard against a state that silently lost its interesting parts
    grep -q '^ *-559038737 ' /proc/sysvipc/msg
    [ "$(awk -v id="$M5" '$2 == id { print $3 }' /proc/sysvipc/shm)" = 3600 ]
    [ "$(awk -v id="$M4" '$2 == id { print $3 }' /proc/sysvipc/shm)" = 2666 ]
    [ "$(awk -v id="$M2" '$2 == id { print $4 }' /proc/sysvipc/shm)" = 8589934592 ]
    [ "$(sem_count "$S1" 0 3)" = 1 ]
    [ "$(sem_count "$S1" 1 4)" = 1 ]
    getent passwd "$LONG_UID" | grep -q '^[^:]\{11,\}:'
    ! getent passwd 4242 || false
}

@test "default listing, all formats and units" {
    all_formats
}

@test "-a, all formats and units" {
    all_formats -a
}

@test "-m, all formats and units" {
    all_formats -m
}

@test "-q, all formats and units" {
    all_formats -q
}

@test "-s, all formats and units" {
    all_formats -s
}

@test "two resources, and all three named one by one" {
    all_formats -m -q
    all_formats -s -m
    all_formats -q -s -m
}

@test "long options and bundled short options" {
    same --shmems --time --bytes
    same --queues --creator
    same --semaphores --pid
    same --all --limits --human
    same --summary --bytes
    same -mtb
    same -qc
    same -asl
}

@test "only the last format option and the last unit option count" {
    same -m -t -c
    same -q -c -t
    same -l -u
    same -u -l
    same -t -p -s
    same -b --human
    same --human -b
    same -l -b --human
    same -l --human -b
}

@test "-i ID for every queue" {
    for id in "$Q1" "$Q2" "$Q3" "$Q4"; do
        for unit in "" -b --human; do
            # shellcheck disable=SC2086
            same -q -i "$id" $unit
        done
    done
}

@test "-i ID for every segment (dest, locked, 8 GiB)" {
    for id in "$M1" "$M2" "$M3" "$M4" "$M5" "$M6"; do
        for unit in "" -b --human; do
            # shellcheck disable=SC2086
            same -m -i "$id" $unit
        done
    done
}

@test "-i ID for every semaphore set (waiters, values, otime)" {
    for id in "$S1" "$S2" "$S3" "$S4"; do
        for unit in "" -b --human; do
            # shellcheck disable=SC2086
            same -s -i "$id" $unit
        done
    done
}

@test "-i ignores the format options, as util-linux does" {
    same -m -t -i "$M1"
    same -q -c -i "$Q1"
    same -s -l -i "$S1"
    same -s -u -i "$S2"
    same --semaphores --id "$S4"
    same --id="$Q2" --queues
    same -i "$M2" -m
}

@test "accepted spellings of an id" {
    same -m -i "+$M2"
    same -m -i " $M2"
    same -m -i "0$M2"
}

@test "bad ids give util-linux's messages" {
    same -m -i abc
    same -m -i 12abc
    same -m -i ""
    same -m -i 0x10
    same -m -i 4294967296
    same -m -i 99999999999999999999
    same -s -i -2147483649
}

# usage errors: util-linux's getopt names the program by argv[0], so run it as "ipcs"
same_usage_error() {
    local d=$BATS_TEST_TMPDIR rc_ours=0 rc_ul=0
    ipcs "$@" >"$d/ours" 2>&1 || rc_ours=$?
    (exec -a ipcs "$UL_IPCS" "$@") >"$d/ul" 2>&1 || rc_ul=$?
    diff -u "$d/ul" "$d/ours"
    [ "$rc_ul" = 1 ]
    [ "$rc_ours" = 1 ]
}

@test "usage errors in getopt's words" {
    same_usage_error -x
    same_usage_error -mx
    same_usage_error -m -Z -t
    same_usage_error -i
    same_usage_error -m -i
    same_usage_error -mi
    same_usage_error --id
    same_usage_error --bogus
    same_usage_error --x=1
    same_usage_error --human=3
    same_usage_error --hum=3
    same_usage_error --s
    same_usage_error --h
    same_usage_error -x -h
}

@test "-h and -V come first, as getopt acts on them in order" {
    run ipcs -h -x
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "Usage:" ]
    run ipcs --vers --bogus
    [ "$status" -eq 0 ]
}

@test "unique prefixes of long options, as getopt_long accepts them" {
    same --sh --ti
    same --que --cr --by
    same --sem --ti
    same --hum --lim
    same --p -q
    same --su
    same --al --pi
    same --shm --i="$M2" --hu
    same --queues --i "$Q1"
}

@test "-i without exactly one resource" {
    same -i "$M1"
    same -a -i "$M1"
    same -m -q -i "$M1"
    same -m -s -q -i 0
}

@test "stray arguments are ignored, as util-linux does" {
    same foo
    same -m bar -t
}

@test "another time zone" {
    TZ=America/New_York same -t
    TZ=Asia/Kolkata same -s -i "$S2"
    TZ=Asia/Kolkata same -q -i "$Q3"
}

@test "as an unprivileged user: every listing" {
    WRAP=as_nobody all_formats
}

@test "as an unprivileged user: -i of readable objects" {
    # qbytes of a queue nobody may not stat reads as 0 in both
    WRAP=as_nobody same -q -i "$Q1"
    WRAP=as_nobody same -q -i "$Q2"
    WRAP=as_nobody same -m -i "$M5"
    WRAP=as_nobody same -s -i "$S2"
    WRAP=as_nobody same -s -i "$S3"
}

@test "as an unprivileged user: -i of an unreadable semaphore set fails" {
    local rc_ours=0 rc_ul=0
    as_nobody ipcs -s -i "$S1" >"$BATS_TEST_TMPDIR/ours" 2>/dev/null || rc_ours=$?
    as_nobody "$UL_IPCS" -s -i "$S1" >"$BATS_TEST_TMPDIR/ul" 2>/dev/null || rc_ul=$?
    [ "$rc_ul" = 1 ]
    [ "$rc_ours" = 1 ]
    cmp "$BATS_TEST_TMPDIR/ul" "$BATS_TEST_TMPDIR/ours"
    [ ! -s "$BATS_TEST_TMPDIR/ours" ]
}

LIMIT_FILES="msgmni msgmax msgmnb sem shmmni shmall shmmax"

save_limits() {
    local f
    for f in $LIMIT_FILES; do
        cat "/proc/sys/kernel/$f" >"$BATS_TEST_TMPDIR/limit.$f"
    done
}

restore_limits() {
    local f
    for f in $LIMIT_FILES; do
        [ -f "$BATS_TEST_TMPDIR/limit.$f" ] && cat "$BATS_TEST_TMPDIR/limit.$f" >"/proc/sys/kernel/$f"
    done
    return 0
}

@test "limits after changing them in the sandbox, with shmall overflowing" {
    # the sandbox's IPC namespace lives as long as this file: put them back
    save_limits
    echo 1234 >/proc/sys/kernel/msgmni
    echo 100000 >/proc/sys/kernel/msgmax
    echo 65536 >/proc/sys/kernel/msgmnb
    printf '250\t32000\t32\t128\n' >/proc/sys/kernel/sem
    echo 4097 >/proc/sys/kernel/shmmni
    echo 18446744073692774399 >/proc/sys/kernel/shmall
    echo 1000 >/proc/sys/kernel/shmmax
    for unit in "" -b --human; do
        # shellcheck disable=SC2086
        same -l $unit
    done
    # no overflow, odd values
    echo 12345 >/proc/sys/kernel/shmall
    echo 1536 >/proc/sys/kernel/shmmax
    for unit in "" -b --human; do
        # shellcheck disable=SC2086
        same -l $unit
    done
}

@test "an empty state" {
    for p in "${BG_PIDS[@]}"; do
        kill "$p"
        wait "$p" 2>/dev/null || true
    done
    BG_PIDS=()
    reset_ipc
    all_formats
}

@test "an id that does not exist: same message, but exit 1 (decided exception)" {
    local kind id rc_ours rc_ul
    for kind in -m -q -s; do
        for id in 0 5 2147483647; do
            rc_ours=0 rc_ul=0
            ipcs $kind -i $id >"$BATS_TEST_TMPDIR/ours" 2>"$BATS_TEST_TMPDIR/ours.err" || rc_ours=$?
            "$UL_IPCS" $kind -i $id >"$BATS_TEST_TMPDIR/ul" 2>"$BATS_TEST_TMPDIR/ul.err" || rc_ul=$?
            [ "$rc_ul" = 0 ]
            [ "$rc_ours" = 1 ]
            [ ! -s "$BATS_TEST_TMPDIR/ours" ]
            [ ! -s "$BATS_TEST_TMPDIR/ul" ]
            cmp "$BATS_TEST_TMPDIR/ul.err" "$BATS_TEST_TMPDIR/ours.err"
            [ "$(cat "$BATS_TEST_TMPDIR/ours.err")" = "ipcs: id $id not found" ]
        done
    done
}

@test "--sysroot of a copy of this state prints what util-linux prints live" {
    local dir=$BATS_TEST_TMPDIR/captured f
    mkdir -p "$dir/proc/sysvipc" "$dir/proc/sys/kernel" "$dir/etc"
    for f in msg shm sem; do
        cat "/proc/sysvipc/$f" >"$dir/proc/sysvipc/$f"
    done
    for f in $KERNEL_FILES; do
        cat "/proc/sys/kernel/$f" >"$dir/proc/sys/kernel/$f"
    done
    cp /etc/passwd /etc/group "$dir/etc/"
    offline_modes "$dir"
    for id in "$M1" "$M2" "$M5"; do
        same_offline "$dir" -m -i "$id"
        same_offline "$dir" -m -i "$id" --human
    done
}

@test "--sysroot of the fixture prints what util-linux prints of the same files in /proc" {
    local root=$IPCBOX_SRC/tests/fixtures/ipcs-golden/root f p
    # no live objects: util-linux's IPC_STAT of a queue id must find nothing
    for p in "${BG_PIDS[@]}"; do
        kill "$p"
        wait "$p" 2>/dev/null || true
    done
    BG_PIDS=()
    reset_ipc
    for f in msg shm sem; do
        mount --bind "$root/proc/sysvipc/$f" "/proc/sysvipc/$f"
        BIND_MOUNTS+=("/proc/sysvipc/$f")
    done
    for f in $KERNEL_FILES; do
        mount --bind "$root/proc/sys/kernel/$f" "/proc/sys/kernel/$f"
        BIND_MOUNTS+=("/proc/sys/kernel/$f")
    done
    offline_modes "$root"
    for id in 0 1 2 3 4 5; do
        same_offline "$root" -m -i "$id"
        same_offline "$root" -m -i "$id" -b
        same_offline "$root" -m -i "$id" --human
    done
    # qbytes needs IPC_STAT, which a file cannot give: 0 offline, and 0 for
    # util-linux too, as no live queue has these ids
    for id in 32769 65538 98307; do
        same_offline "$root" -q -i "$id"
    done
}
