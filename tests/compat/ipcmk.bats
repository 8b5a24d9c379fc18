#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# ipcmk against util-linux's /usr/bin/ipcmk (2.38) for System V: output lines,
# messages, exit codes and the objects created.

load ../cli/helpers

UL_IPCMK=$UL_BIN/ipcmk

setup() {
    [ -x "$UL_IPCMK" ] || skip "util-linux ipcmk not installed at $UL_IPCMK"
    reset_ipc
}

# what the objects are, without keys, ids, pids and times
objects() {
    awk 'NR > 1 { print "shm", $3, $4, $7 }' /proc/sysvipc/shm
    awk 'NR > 1 { print "msg", $3, $4, $5 }' /proc/sysvipc/msg
    awk 'NR > 1 { print "sem", $3, $4 }' /proc/sysvipc/sem
}

# run ARGS with util-linux's ipcmk and with ours, each on an empty system;
# stdout (ids replaced by N), stderr, exit code and the objects made must
# be the same. FIX is a sed script applied to util-linux's stderr for a
# documented fix.
same() {
    local d=$BATS_TEST_TMPDIR who bin rc
    for who in ul ours; do
        reset_ipc
        bin=ipcmk
        [ "$who" = ul ] && bin=$UL_IPCMK
        rc=0
        "$bin" "$@" >"$d/$who.out" 2>"$d/$who.err" || rc=$?
        echo "exit $rc" >>"$d/$who.out"
        sed -i 's/: [0-9][0-9]*$/: N/' "$d/$who.out"
        objects >"$d/$who.objects"
    done
    [ -z "${FIX:-}" ] || sed -i "$FIX" "$d/ul.err"
    diff -u "$d/ul.out" "$d/ours.out"
    diff -u "$d/ul.err" "$d/ours.err"
    diff -u "$d/ul.objects" "$d/ours.objects"
}

@test "compat: -M SIZE" {
    same -M 4096
}

@test "compat: --shmem with suffixes and prefixes" {
    same --shmem 1K
    same -M 1KiB
    same -M 1KB
    same -M 1.5K
    same -M 0x10
    same -M 010
}

@test "compat: -Q, --queue" {
    same -Q
    same --queue
}

@test "compat: -S N, --semaphore N" {
    same -S 3
    same --semaphore 1
    same -S +2
}

@test "compat: several kinds, one line each in util-linux's order" {
    same -S 2 -Q -M 100
    same --semaphore 1 --queue --shmem 10
}

@test "compat: -p MODE" {
    same -p 0600 -M 10 -Q -S 1
    same --mode 640 -Q
    same -p 0 -Q
    same -p 777 -S 1
}

@test "compat: the last size wins" {
    same -M 10 -M 20
}

@test "compat: error: nothing to create" {
    same
    same -p 600
}

@test "compat: error: bad size" {
    same -M x
    same -M -1
    same -M 1.5
    same -M 99999E
    same -M 1x -Q
}

@test "compat: error: bad element count" {
    same -S x
    same -S 0x5
    same -S 99999999999
    same -S 1.5
}

@test "compat: error: what the kernel refuses" {
    same -S 0
    same -S -1
    # 2.38 says "share memory"; fixed
    FIX='s/create share memory/create shared memory/' same -M 0
}
