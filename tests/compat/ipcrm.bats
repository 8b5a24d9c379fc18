#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# ipcrm against util-linux's /usr/bin/ipcrm (2.38) for System V: messages,
# exit codes and what is left, on the same state.

load ../cli/helpers

UL_IPCRM=$UL_BIN/ipcrm

setup() {
    [ -x "$UL_IPCRM" ] || skip "util-linux ipcrm not installed at $UL_IPCRM"
    reset_ipc
}

# a System V state: ids in SHM SHM2 MSG SEM; keys 0x100 0x101 0x200 0x300;
# everything root's and 0600 (MODE overrides)
state() {
    SHM=$(ipctool shm 0x100 64 "${MODE:-0600}")
    SHM2=$(ipctool shm 0x101 64 "${MODE:-0600}")
    MSG=$(ipctool msg 0x200 "${MODE:-0600}")
    SEM=$(ipctool sem 0x300 2 "${MODE:-0600}")
}

# what is left, without ids, times and pids
left() {
    awk 'NR > 1 { print "shm", $1, $3, $4 }' /proc/sysvipc/shm
    awk 'NR > 1 { print "msg", $1, $3 }' /proc/sysvipc/msg
    awk 'NR > 1 { print "sem", $1, $3, $4 }' /proc/sysvipc/sem
}

# same 'ARGS': build the state, run ARGS (eval'd after the state exists, so
# $SHM etc. are this run's ids) with util-linux's ipcrm and with ours (WRAP
# as_nobody to run them unprivileged); ids in the output are replaced by
# their names; exit code, stdout, stderr and what is left must match.
same() {
    local d=$BATS_TEST_TMPDIR who bin rc
    for who in ul ours; do
        reset_ipc
        state
        bin=ipcrm
        [ "$who" = ul ] && bin=$UL_IPCRM
        rc=0
        eval "${WRAP:-} $bin $1" >"$d/$who.out" 2>"$d/$who.err" || rc=$?
        sed -i -e "s/\\b$SHM\\b/<SHM>/g; s/\\b$SHM2\\b/<SHM2>/g" \
            -e "s/\\b$MSG\\b/<MSG>/g; s/\\b$SEM\\b/<SEM>/g" "$d/$who.out" "$d/$who.err"
        echo "exit $rc" >>"$d/$who.out"
        left >"$d/$who.left"
    done
    diff -u "$d/ul.out" "$d/ours.out"
    diff -u "$d/ul.err" "$d/ours.err"
    diff -u "$d/ul.left" "$d/ours.left"
}

@test "compat: remove by id" {
    same '-m $SHM'
    same '-q $MSG -s $SEM'
    same '--shmem-id $SHM --queue-id $MSG --semaphore-id $SEM'
}

@test "compat: remove by key" {
    same '-M 0x100'
    same '-Q 512 -S 0x300'
    same '--shmem-key 256 --queue-key 0x200 --semaphore-key 01400'
}

@test "compat: -v before the options" {
    same '-v -m $SHM -q $MSG -s $SEM'
    same '-v -M 0x100 -Q 0x200 -S 0x300'
    same '--verbose --shmem-id $SHM2'
}

@test "compat: ids and keys that do not exist" {
    same '-q 5'
    same '-m 12345 -m $SHM'
    same '-v -s 999'
    same '-Q 0x999'
    same '-M -1'
    same '-S 0x999 -M 0x100'
}

@test "compat: illegal key 0" {
    same '-M 0'
    same '-Q 0x0'
    same '-S 00'
}

@test "compat: error: bad numbers" {
    same '-m x'
    same '-q 0x5'
    same '-s 99999999999'
    same '-M key'
    same '-S 09'
}

@test "compat: old syntax" {
    same 'shm $SHM $SHM2'
    same 'msg $MSG'
    same 'sem $SEM'
    same 'shm'
    same 'sem 7'
}

@test "compat: --all for System V" {
    same '-a'
    same '--all'
    same '-ashm'
    same '--all=msg'
    # (2.38 does not strip the '=' of -a=sem yet; 2.42 does, and so do we)
    same '-a -m $SHM'
}

@test "compat: error: unknown --all type" {
    same '--all=bad'
    same '-abad'
}

@test "compat: as nobody, root's objects by id are refused" {
    WRAP=as_nobody same '-m $SHM'
    WRAP=as_nobody same '-q $MSG -s $SEM'
    WRAP=as_nobody same '-v -m $SHM'
}

@test "compat: as nobody, readable but not removable objects" {
    # 0644: util-linux lists them through *_STAT and reports the refusal
    MODE=0644 WRAP=as_nobody same '-a'
    MODE=0644 WRAP=as_nobody same '--all=shm'
    MODE=0644 WRAP=as_nobody same 'msg $MSG'
}
