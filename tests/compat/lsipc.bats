#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# lsipc against util-linux's (/usr/bin/lsipc, 2.38 on Debian 12): the same
# System V state must be listed byte for byte the same, for the views where
# COMPAT.md says 2.38 and 2.42 agree and none of our decided fixes applies.
# Not compared: JSON (typed here), -g (2.38's descriptions differ), POSIX
# kinds (2.38 has none), -P for message queues (util-linux prints nothing).

load ../cli/helpers

UL_LSIPC=$UL_BIN/lsipc

setup_file() {
    export TZ=UTC LC_ALL=C
}

setup() {
    [ -x "$UL_LSIPC" ] || skip "util-linux lsipc not installed at $UL_LSIPC"
    reset_ipc
    # a varied state: keys, private objects, owners with and without names,
    # queued messages, a locked segment, semaphore values
    SHM1=$(ipctool shm 0x1234 70000 0600)
    SHM2=$(ipctool shm 0 1 0644)
    SHM3=$(ipctool shm 0x7fffffff 1048576 0640 4242 4343)
    ipctool shmlock "$SHM2"
    MSG1=$(ipctool msg 0x55 0640)
    ipctool msgsnd "$MSG1" 100 3
    MSG2=$(ipctool msg -5 0600 65534 65534)
    SEM1=$(ipctool sem 0x66 3 0600)
    ipctool semset "$SEM1" 1 7
    ipctool semset "$SEM1" 2 32767
    SEM2=$(ipctool sem 0 1 0666 4242 65534)
}

# same ARGS...: our lsipc and util-linux's print the same bytes and status
same() {
    local ours theirs
    ours=$(lsipc "$@" 2>&1; echo "status=$?")
    # argv[0] "lsipc", so that getopt's messages start the same way
    theirs=$(bash -c 'exec -a lsipc "$0" "$@"' "$UL_LSIPC" "$@" 2>&1; echo "status=$?")
    if [ "$ours" != "$theirs" ]; then
        echo "lsipc $* differs:"
        diff -u <(echo "$theirs") <(echo "$ours") || true
        return 1
    fi
    # a view that prints nothing would compare nothing
    [ "$(wc -l <<<"$ours")" -gt 1 ]
}

@test "compat: default tables -q, -s, -m" {
    same -q
    same -s
    same -m
    same --queues
    same --semaphores
    same --shmems
}

@test "compat: -c (creator and owner columns)" {
    same -q -c
    same -s -c
    same -m --creator
}

@test "compat: -t (time columns)" {
    same -q -t
    same -s -t
    same -m --time
}

@test "compat: --noheadings" {
    same -q --noheadings
    same -s --noheadings
    same -m --noheadings -t
}

@test "compat: -r (raw)" {
    same -q -r
    same -s -r -c
    same -m --raw -t
}

@test "compat: -e (export) and -y" {
    same -q -e
    same -s -e -t
    same -m --export
    same -m -e -y
}

@test "compat: -n (newline)" {
    same -q -n
    same -s --newline
    same -m -n -c
}

@test "compat: -b (bytes)" {
    same -m -b
    same -q --bytes
    same -m -b -r
}

@test "compat: -P for shared memory and semaphores" {
    same -m -P
    same -s --numeric-perms
    same -s -P -r
}

@test "compat: --time-format iso and full" {
    same -m -t --time-format=iso
    same -q -t --time-format=full
    same -s -t --time-format iso
}

@test "compat: -o lists that 2.38 accepts" {
    same -m -o KEY,ID,SIZE,NATTCH,STATUS
    same -q -o KEY,USEDBYTES,MSGS,LSPID
    same -s -o ID,NSEMS,OWNER
    same -m -o +CUID,CUSER,UID,USER,GID,GROUP
    same -q -o key,id
}

@test "compat: -i detail view of a segment" {
    same -m -i "$SHM1"
    same -m -i "$SHM2"
    same -m -i "$SHM3" --time-format=iso
    same -m --id "$SHM1" -b
}

@test "compat: -i detail view of a message queue" {
    same -q -i "$MSG1"
    same -q -i "$MSG2"
}

@test "compat: -i detail view of a semaphore set, with its elements" {
    same -s -i "$SEM1"
    same -s -i "$SEM2"
}

@test "compat: -i with -c and -t keeps the default columns" {
    same -m -i "$SHM1" -c
    same -q -i "$MSG1" -t
    same -s -i "$SEM1" -t
}

@test "compat: -i with an output format is a one-row table" {
    same -q -i "$MSG1" -l
    same -m -i "$SHM1" -r
    same -m -i "$SHM1" -e
}

@test "compat: option errors that 2.38 also reports" {
    same -m -o FOO
    same --time-format=week
    same -m -i abc
    same --bogus
    same -x
    same -m -i
    same -m --no
    same -m --output
}

@test "compat: getopt's prefixes of long options" {
    same --que --noh
    same --shm --ti --raw
    same --sem --cr
    same -s --js=x
    same --t
    same --s
    # not "--n": 2.42 (and we) also have --name
}
