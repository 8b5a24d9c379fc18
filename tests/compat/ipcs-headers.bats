#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# util-linux's tests/ts/ipcs/headers, for our ipcs: every title and column
# header line, byte for byte (the expected files were written by util-linux's
# own ipcs; see tests/fixtures/ipcs-golden/README).

load ../cli/helpers

GOLDEN=$IPCBOX_SRC/tests/fixtures/ipcs-golden

setup() {
    reset_ipc
}

teardown() {
    reset_ipc
}

# the title and header lines of every mode, as the upstream test collects them
headers() {
    local opt=$1 f
    if [ "$opt" = all ]; then
        ipcs | grep -A1 -- '^------'
    fi
    for f in --time --pid --creator; do
        ipcs "--$opt" "$f" | grep -A1 -- '^------' || true
    done
    for f in --limits --summary; do
        ipcs "--$opt" "$f" | grep -- '^------'
    done
}

check_headers() {
    headers "$1" >"$BATS_TEST_TMPDIR/out"
    diff -u "$GOLDEN/headers-$2" "$BATS_TEST_TMPDIR/out"
}

some_objects() {
    ipctool msg 0x10 0644 >/dev/null
    ipctool msg 0x11 0600 4242 4242 >/dev/null
    ipctool shm 0x20 4096 0644 >/dev/null
    ipctool sem 0x30 2 0644 >/dev/null
}

@test "shared memory headers" {
    check_headers shmems shm
}

@test "message queue headers" {
    check_headers queues mesg
}

@test "semaphore headers (-s -p prints no title)" {
    check_headers semaphores sem
}

@test "all headers" {
    check_headers all all
}

@test "the same headers with objects present" {
    some_objects
    check_headers shmems shm
    check_headers queues mesg
    check_headers semaphores sem
    check_headers all all
}

@test "-s -p prints only the frame's two empty lines" {
    some_objects
    run ipcs -s -p
    [ "$status" -eq 0 ]
    [ "$(ipcs -s -p | od -An -c | tr -d ' ')" = '\n\n' ]
}
