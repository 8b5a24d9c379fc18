#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Output errors: a full disk (/dev/full) fails every applet in every output
# mode with one "write error" line and exit 1; a closed pipe is silent.

load helpers

bats_require_minimum_version 1.5.0

setup() {
    reset_ipc
    [ -w /dev/full ] || skip "/dev/full is not writable here"
}

# one object of each kind, with names and ids the modes below refer to
make_few() {
    MSG=$(ipctool msg 0x101 0600)
    SEM=$(ipctool sem 0x102 2 0600)
    SHM=$(ipctool shm 0x103 4096 0600)
    ipctool pshm /ps 10 0600
    ipctool pmq /pq 0600 1 16
    ipctool psem /pse 0600 1
}

# Many objects of every kind: each listing is far more than a pipe holds
# (64 KiB), so a writer really meets the closed pipe and the full disk
# mid-stream, not only when it flushes at exit.
make_many() {
    local i
    # queues_max is per IPC namespace: this is the sandbox's own
    echo 2000 >/proc/sys/fs/mqueue/queues_max
    # perl's msgget/semget/shmget: one process for all of them
    perl -e 'for my $i (1 .. 1000) { defined msgget(0x10000 + $i, 01644) or die "msgget: $!" }
             for my $i (1 .. 300) { defined semget(0x20000 + $i, 1, 01644) or die "semget: $!";
                                    defined shmget(0x30000 + $i, 1, 01644) or die "shmget: $!" }'
    (
        cd /dev/shm || exit 1
        for i in $(seq 1000); do
            : >"object.with.a.long.name.$i"
            head -c 32 /dev/zero >"sem.semaphore.with.a.long.name.$i"
        done
    )
    # tiny queues: RLIMIT_MSGQUEUE (800 KiB) counts their buffers
    for i in $(seq 1000); do
        ipctool pmq "/queue.with.a.long.name.$i" 0644 1 1
    done
}

# CMD... > /dev/full: exit 1, one stderr line "<applet>: write error...",
# and (checked by the caller) the work itself done
full() {
    local prog=$1 rc=0
    "$@" >/dev/full 2>"$BATS_TEST_TMPDIR/err" || rc=$?
    if [ "$rc" -ne 1 ] || [ "$(wc -l <"$BATS_TEST_TMPDIR/err")" -ne 1 ] ||
        ! grep -qE "^$prog: write error" "$BATS_TEST_TMPDIR/err"; then
        echo "$* > /dev/full: exit $rc, stderr:"
        cat "$BATS_TEST_TMPDIR/err"
        return 1
    fi
}

# CMD... | head -1: the first line arrives (ipcs starts with an empty
# one: look at three), nothing on stderr
closed_pipe() {
    local first
    first=$("$@" 2>"$BATS_TEST_TMPDIR/err" | head -n3)
    if [ -s "$BATS_TEST_TMPDIR/err" ] || [ -z "$first" ]; then
        echo "$* | head -1: first line [$first], stderr:"
        cat "$BATS_TEST_TMPDIR/err"
        return 1
    fi
}

LSIPC_MODES=("" -J -r -e -n -l --noheadings -c -t -b -P -y)

@test "lsipc > /dev/full: every kind and output mode fails with a write error" {
    make_few
    for k in -m -q -s -M -Q -S; do
        for mode in "${LSIPC_MODES[@]}"; do
            # shellcheck disable=SC2086
            full lsipc $k $mode
        done
    done
    # the global view (also lsipc without a kind) takes no --creator or --time
    for k in -g ""; do
        for mode in "" -J -r -e -n -l --noheadings -b -y; do
            # shellcheck disable=SC2086
            full lsipc $k $mode
        done
    done
    for mode in "" -J -r -e -n -l; do
        full lsipc -q -i "$MSG" $mode
        full lsipc -s -i "$SEM" $mode
        full lsipc -m -i "$SHM" $mode
        full lsipc -M -N /ps $mode
        full lsipc -Q -N /pq $mode
        full lsipc -S -N /pse $mode
    done
    full lsipc --help
    full lsipc --version
}

@test "ipcs > /dev/full: every section and layout fails with a write error" {
    make_few
    for k in "" -a -m -q -s -M -Q -S "-M -Q -S"; do
        for mode in "" -t -p -c -l -u -b --human; do
            # shellcheck disable=SC2086
            full ipcs $k $mode
        done
    done
    full ipcs -q -i "$MSG"
    full ipcs -s -i "$SEM"
    full ipcs -m -i "$SHM"
    full ipcs -M -N /ps
    full ipcs -Q -N /pq
    full ipcs -S -N /pse
    full ipcs --help
    full ipcs --version
}

@test "ipcmk > /dev/full: write error, exit 1, and the object exists" {
    full ipcmk -Q
    full ipcmk -S 2
    full ipcmk -M 4096
    full ipcmk -m 10 -n /full1
    full ipcmk -q -n /full2 --maxmsg 1 --msgsize 16
    full ipcmk -s -n /full3
    full ipcmk -Q --json
    full ipcmk -M 1 -S 1 -Q --json
    full ipcmk -m 1 -q -s -n /full4 --json
    full ipcmk --help
    full ipcmk --version
    [ "$(($(wc -l </proc/sysvipc/msg) - 1))" -eq 3 ]
    [ "$(($(wc -l </proc/sysvipc/sem) - 1))" -eq 2 ]
    [ "$(($(wc -l </proc/sysvipc/shm) - 1))" -eq 2 ]
    [ -f /dev/shm/full1 ] && [ -f /dev/mqueue/full2 ] && [ -f /dev/shm/sem.full3 ]
    [ -f /dev/shm/full4 ] && [ -f /dev/mqueue/full4 ] && [ -f /dev/shm/sem.full4 ]
}

@test "ipcrm > /dev/full: write error, exit 1, and the objects are gone" {
    make_few
    full ipcrm -v -q "$MSG" -s "$SEM" -m "$SHM" --posix-shmem /ps --posix-mqueue /pq \
        --posix-semaphore /pse
    [ "$(cat /proc/sysvipc/msg /proc/sysvipc/sem /proc/sysvipc/shm | wc -l)" -eq 3 ]
    [ -z "$(ls -A /dev/shm)" ] && [ -z "$(ls -A /dev/mqueue)" ]

    make_few
    before=$(ipc_snapshot)
    full ipcrm -a --dry-run
    [ "$(ipc_snapshot)" = "$before" ]
    full ipcrm -a --dry-run -v
    [ "$(ipc_snapshot)" = "$before" ]
    full ipcrm -a -v --name 'p*'
    [ -z "$(ls -A /dev/shm)" ] && [ -z "$(ls -A /dev/mqueue)" ]
    [ "$(cat /proc/sysvipc/msg /proc/sysvipc/sem /proc/sysvipc/shm | wc -l)" -eq 6 ]
    full ipcrm --all=msg,sem,shm -v
    [ "$(cat /proc/sysvipc/msg /proc/sysvipc/sem /proc/sysvipc/shm | wc -l)" -eq 3 ]
    full ipcrm --help
    full ipcrm --version
}

@test "long listings > /dev/full: one write error, exit 1 (the error comes mid-stream)" {
    make_many
    for cmd in "lsipc -q" "lsipc -q -J" "lsipc -M -e" "lsipc -S -r" "lsipc -Q -n" \
               "ipcs" "ipcs -a -c" "ipcs -M -Q -S" "ipcrm -a --dry-run"; do
        # shellcheck disable=SC2086
        full $cmd
    done
    full ipcrm -a -v
    [ "$(cat /proc/sysvipc/msg /proc/sysvipc/sem /proc/sysvipc/shm | wc -l)" -eq 3 ]
    [ -z "$(ls -A /dev/shm)" ] && [ -z "$(ls -A /dev/mqueue)" ]
}

@test "a closed pipe (| head -1) is silent in every applet and mode" {
    make_many
    for k in -q -s -m -M -Q -S; do
        for mode in "" -J -r -e -n -c -t; do
            # shellcheck disable=SC2086
            closed_pipe lsipc $k $mode
        done
        closed_pipe ipcs "$k"
        closed_pipe ipcs "$k" -c
        closed_pipe ipcs "$k" -t
    done
    closed_pipe ipcs
    closed_pipe ipcs -a -p
    closed_pipe ipcrm -a --dry-run
    closed_pipe ipcrm -a --dry-run -v
    # SIGPIPE ends a removal as it ends rm -v: quietly
    closed_pipe ipcrm -a -v
}

@test "a closed pipe with SIGPIPE ignored: still silent (EPIPE is not reported)" {
    make_many
    for cmd in "lsipc -q" "lsipc -M -J" "lsipc -S -e" "ipcs" "ipcs -M -Q -S" "ipcrm -a --dry-run"; do
        # a shell that ignores SIGPIPE passes that on: the applet sees EPIPE
        # shellcheck disable=SC2086
        first=$(trap '' PIPE; $cmd 2>"$BATS_TEST_TMPDIR/err" | head -n3)
        [ -n "$first" ]
        [ ! -s "$BATS_TEST_TMPDIR/err" ] || { echo "$cmd:"; cat "$BATS_TEST_TMPDIR/err"; false; }
    done
    # a removal goes on to the end, quietly, and succeeds
    rc=$(trap '' PIPE; { ipcrm -a -v 2>"$BATS_TEST_TMPDIR/err"; echo $? >"$BATS_TEST_TMPDIR/rc"; } |
        head -n1 >/dev/null; cat "$BATS_TEST_TMPDIR/rc")
    [ "$rc" -eq 0 ]
    [ ! -s "$BATS_TEST_TMPDIR/err" ]
    [ "$(cat /proc/sysvipc/msg /proc/sysvipc/sem /proc/sysvipc/shm | wc -l)" -eq 3 ]
    [ -z "$(ls -A /dev/shm)" ] && [ -z "$(ls -A /dev/mqueue)" ]
}
