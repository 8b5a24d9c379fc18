#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Start-up cost: libmount is loaded only by runs that need the mqueue mount, and without it the applets still work.

load helpers

bats_require_minimum_version 1.5.0

setup() {
    reset_ipc
    MSG=$(ipctool msg 0x51 0644)
    SEM=$(ipctool sem 0x52 2 0644)
    SHM=$(ipctool shm 0x53 4096 0644)
    ipctool pmq /startq 0644
    ipctool pshm /startshm 10 0644
}

# the shared objects the dynamic loader loads for CMD..., one name a line
loaded_libs() {
    LD_DEBUG=files "$@" 2>&1 >/dev/null |
        sed -n 's/.*file=\([^ ]*\) .*/\1/p' | sort -u
}

# run CMD... in a nested mount namespace where libmount.so.1 cannot be
# loaded; the shell commands in $PRE run first (mount(8) still works there)
without_libmount() {
    local lib
    lib=$(ldconfig -p | sed -n 's/^[[:space:]]*libmount\.so\.1 .* => //p' | head -1)
    [ -n "$lib" ] || skip "libmount.so.1 is not in the loader's cache"
    unshare --mount -- sh -c "${PRE:-:}"' && mount --bind /dev/null "$0" && exec "$@"' \
        "$lib" "$@"
}

@test "ipcbox is not linked with libmount" {
    command -v readelf >/dev/null || skip "readelf (binutils) is not installed"
    run readelf -d "$IPCBOX_BUILD/ipcbox"
    [ "$status" -eq 0 ]
    [[ "$output" == *"NEEDED"*"libsmartcols"* ]]
    [[ "$output" != *libmount* ]]
}

@test "System V runs do not load libmount" {
    local cmd
    while read -r cmd; do
        run loaded_libs $cmd
        [ "$status" -eq 0 ]
        [[ "$output" == *libsmartcols.so.1* ]] || { echo "$cmd: $output"; false; }
        [[ "$output" != *libmount* ]] || { echo "$cmd loads libmount"; false; }
    done <<EOF
lsipc -q
lsipc -s
lsipc -m
lsipc -q -i $MSG
lsipc -s -i $SEM
lsipc -m -i $SHM
lsipc -m -c
ipcs
ipcs -q
ipcs -s -i $SEM
ipcs -m -i $SHM
ipcs -l
ipcs -u
EOF
}

@test "the mqueue mount is found with libmount when POSIX queues are listed" {
    run loaded_libs lsipc -Q
    [ "$status" -eq 0 ]
    [[ "$output" == *libmount.so.1* ]]
    run -0 lsipc -Q --noheadings -r -o NAME
    [ "$output" = "/startq" ]
}

@test "without libmount, POSIX queues are found in /dev/mqueue" {
    run -0 without_libmount lsipc -Q --noheadings -r -o NAME
    [ "$output" = "/startq" ]
    run -0 without_libmount lsipc -M --noheadings -r -o NAME
    [ "$output" = "/startshm" ]
    run -0 without_libmount ipcs -Q
    [[ "$output" == *"/startq"* ]]
    run -0 without_libmount lsipc -q --noheadings -r -o ID
    [ "$output" = "$MSG" ]
}

@test "without libmount, /dev/mqueue counts only when an mqueue filesystem is mounted there" {
    # a tmpfs on /dev/mqueue is not a queue filesystem
    PRE='mount -t tmpfs tmpfs /dev/mqueue && touch /dev/mqueue/fake' \
        run --separate-stderr without_libmount lsipc -Q --noheadings -r -o NAME
    [ "$output" = "" ]
    [[ "$stderr" == "lsipc: no mqueue filesystem is mounted"* ]]
    # the queue filesystem below, once uncovered, is found again
    PRE='mount -t tmpfs tmpfs /dev/mqueue && touch /dev/mqueue/fake && umount /dev/mqueue' \
        run -0 without_libmount lsipc -Q --noheadings -r -o NAME
    [ "$output" = "/startq" ]
}
