#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The fast paths: lsipc -g counts without listing, ipcrm --all walks the kernel's index, --unused reads only GETPID.

load helpers

bats_require_minimum_version 1.5.0

setup() {
    reset_ipc
    command -v strace >/dev/null || skip "strace is not installed"
    # LeakSanitizer (sanitizer build) needs ptrace itself: not under strace
    export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
}

# fails when the extended regex $1 matches in file $2 (a bare "! grep" would
# not fail a bats test: errexit ignores negated commands)
absent() {
    ! grep -qE "$1" "$2"
}

# the value of column USED of resource $1 in lsipc -g
used() {
    lsipc -g -r --noheadings -o RESOURCE,USED | awk -v r="$1" '$1 == r { print $2 }'
}

@test "lsipc -g: System V counts come from the kernel's counters, not from listing" {
    ipctool msg 0x11 0600 >/dev/null
    ipctool msg 0x12 0600 >/dev/null
    ipctool sem 0x21 3 0600 >/dev/null
    ipctool sem 0x22 4 0600 >/dev/null
    ipctool shm 0x31 100 0600 >/dev/null
    run -0 strace -f -e trace=openat,msgctl,semctl,shmctl -o "$BATS_TEST_TMPDIR/trace" \
        lsipc -g -r --noheadings -o RESOURCE,USED
    grep -qx 'MSGMNI 2' <<<"$output"
    grep -qx 'SEMMNI 2' <<<"$output"
    grep -qx 'SEMMNS 7' <<<"$output"
    grep -qx 'SHMMNI 1' <<<"$output"
    # neither the /proc lists nor one call per object
    absent 'sysvipc' "$BATS_TEST_TMPDIR/trace"
    absent '_STAT|IPC_STAT' "$BATS_TEST_TMPDIR/trace"
    grep -q 'MSG_INFO' "$BATS_TEST_TMPDIR/trace"
    grep -q 'SEM_INFO' "$BATS_TEST_TMPDIR/trace"
    grep -q 'SHM_INFO' "$BATS_TEST_TMPDIR/trace"
}

@test "lsipc -g: SHMALL's USED is the kernel's page count (each segment rounded up), as ipcs -u" {
    page=$(getconf PAGESIZE)
    ipctool shm 0x41 1 0600 >/dev/null
    ipctool shm 0x42 $((page + 1)) 0600 >/dev/null
    ipctool shm 0x43 $((3 * page)) 0600 >/dev/null
    # 1 + 2 + 3 pages; util-linux shows (4 pages + 2 bytes) / page = 4
    [ "$(used SHMALL)" = 6 ]
    [ "$(used SHMMNI)" = 3 ]
    run -0 ipcs -u
    grep -qE '^pages allocated +6$' <<<"$output"
    if [ -x "$UL_BIN/ipcs" ]; then
        run -0 "$UL_BIN/ipcs" -u
        grep -qE '^pages allocated +6$' <<<"$output"
    fi
}

@test "lsipc -g: POSIX objects are counted from directory entries, without a stat each" {
    for i in 1 2 3 4; do ipctool pshm "/c$i" 10 0600; done
    ipctool psem /s1 0600 1
    ipctool psem /s2 0600 1
    ipctool pmq /q1 0600
    # what lsipc does not list is not counted either
    mkfifo /dev/shm/fifo /dev/shm/sem.fifo
    mkdir /dev/shm/dir
    ln -s c1 /dev/shm/link
    ln -s c1 /dev/shm/sem.link
    run -0 strace -f -e trace=openat,newfstatat,statx,fstatat64,lstat,stat \
        -o "$BATS_TEST_TMPDIR/trace" lsipc -g -r --noheadings -o RESOURCE,USED
    grep -qx 'PSHMNUM 4' <<<"$output"
    grep -qx 'PSEMNUM 2' <<<"$output"
    grep -qx 'MQUMNI 1' <<<"$output"
    [ "$(lsipc -M -r --noheadings -o NAME | wc -l)" = 4 ]
    [ "$(lsipc -S -r --noheadings -o NAME | wc -l)" = 2 ]
    absent '"(c[1-4]|sem\.s[12]|q1|fifo|link)"' "$BATS_TEST_TMPDIR/trace"
}

@test "ipcrm --all: System V objects are walked with *_STAT_ANY, not read from /proc" {
    for i in 1 2 3; do ipctool msg $((0x50 + i)) 0600 >/dev/null; done
    run -0 strace -f -e trace=openat,msgctl -o "$BATS_TEST_TMPDIR/trace" ipcrm --all=msg -v
    [ "${lines[-1]}" = "3 removed (3 msg), 0 kept, 0 failed" ]
    absent 'sysvipc' "$BATS_TEST_TMPDIR/trace"
    [ "$(grep -c 'MSG_STAT_ANY' "$BATS_TEST_TMPDIR/trace")" -ge 3 ]
    [ "$(grep -c 'IPC_RMID' "$BATS_TEST_TMPDIR/trace")" = 3 ]
    [ "$(tail -n +2 /proc/sysvipc/msg | wc -l)" = 0 ]
}

@test "ipcrm --all: where *_STAT_ANY fails (kernels before 4.17), /proc/sysvipc is read" {
    for i in 1 2 3; do ipctool msg $((0x60 + i)) 0600 >/dev/null; done
    # every msgctl after the first (MSG_INFO) fails as on an old kernel
    run -0 strace -f -e trace=openat,msgctl -e inject=msgctl:error=EINVAL:when=2+ \
        -o "$BATS_TEST_TMPDIR/trace" ipcrm --all=msg --dry-run -v
    [ "${#lines[@]}" = 4 ]
    [[ "${lines[0]}" == "would remove message queue id "*" (key 0x00000061)" ]]
    [ "${lines[3]}" = "3 would be removed (3 msg), 0 kept, 0 would fail" ]
    grep -q 'sysvipc/msg' "$BATS_TEST_TMPDIR/trace"
    [ "$(tail -n +2 /proc/sysvipc/msg | wc -l)" = 3 ]
}

@test "ipcrm --all --unused: semaphore sets cost GETPID, GETNCNT and GETZCNT per semaphore" {
    a=$(ipctool sem 0x71 3 0600)
    b=$(ipctool sem 0x72 2 0600)
    run -0 strace -f -e trace=semctl -o "$BATS_TEST_TMPDIR/trace" \
        ipcrm --all=sem --unused --dry-run
    [ "${#lines[@]}" = 2 ]
    for op in GETPID GETNCNT GETZCNT; do
        [ "$(grep -c "$op" "$BATS_TEST_TMPDIR/trace")" = 5 ]
    done
    absent 'GETALL|GETVAL|IPC_STAT' "$BATS_TEST_TMPDIR/trace"
    # a set whose last operation came from a live process is kept
    mkfifo "$BATS_TEST_TMPDIR/hold"
    ipctool hold-semop "$a" 2 1 <"$BATS_TEST_TMPDIR/hold" >"$BATS_TEST_TMPDIR/held" &
    holder=$!
    exec 9>"$BATS_TEST_TMPDIR/hold"
    while ! grep -q ready "$BATS_TEST_TMPDIR/held" 2>/dev/null; do sleep 0.05; done
    run -0 ipcrm --all=sem --unused --dry-run
    exec 9>&-
    wait "$holder"
    [ "$output" = "keeping semaphore id \`$a' (key 0x00000071): process $holder operated on it last and is running
would remove semaphore id \`$b' (key 0x00000072)" ]
}

@test "ipcs: System V rows are printed as the kernel's index is walked, as from /proc" {
    ipctool msg 0x81 0640 >/dev/null
    ipctool shm 0x82 4096 0600 >/dev/null
    ipctool sem 0x83 2 0600 >/dev/null
    ipctool shm 0x84 8192 0644 >/dev/null
    for opt in "" -c -t -p -b; do
        run -0 strace -f -e trace=openat -o "$BATS_TEST_TMPDIR/trace" ipcs $opt
        absent 'sysvipc' "$BATS_TEST_TMPDIR/trace"
        walked=$output
        # the same text as from the /proc lists (forced: *_STAT_ANY fails)
        run -0 strace -f -o /dev/null -e trace=msgctl,semctl,shmctl \
            -e inject=msgctl,semctl,shmctl:error=EINVAL:when=2+ ipcs $opt
        [ "$walked" = "$output" ] || { diff <(echo "$walked") <(echo "$output"); false; }
    done
    [[ "$walked" == *"0x00000081"* && "$walked" == *"0x00000083"* && "$walked" == *"0x00000084"* ]]
}
