#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# bash completion for lsipc: options, every column, time formats, ids, names.

load helpers

setup() {
    reset_ipc
    # shellcheck source=../../completions/lsipc
    source "$IPCBOX_SRC/completions/lsipc"
}

# complete WORD...: the completions of the last word of "lsipc WORD..."
complete_line() {
    COMP_WORDS=(lsipc "$@")
    COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
    COMPREPLY=()
    _lsipc_module
    printf '%s\n' "${COMPREPLY[@]}" | sort
}

@test "completion knows every column of --help, and no other" {
    help=$(lsipc --help | sed -n '/^Columns of --namespaces:/q; s/^ \{1,14\}\([A-Z][A-Z_%]*\)  [A-Z].*/\1/p' | sort)
    [ "$(complete_line -o '')" = "$help" ]
    # with --namespaces: the columns of its own section of --help
    help=$(lsipc --help | sed -n '/^Columns of --namespaces:/,/^$/s/^ \{1,14\}\([A-Z][A-Z_%]*\)  .*/\1/p' | sort)
    [ "$(complete_line --namespaces -o '')" = "$help" ]
}

@test "completion of -o: prefixes, comma lists, +LIST, long form" {
    [ "$(complete_line -o NA)" = "NAME
NATTCH" ]
    [ "$(complete_line -o KEY,I)" = "KEY,ID" ]
    [ "$(complete_line --output +SV)" = "+SVAL" ]
    [ "$(complete_line -m -o KEY,ID,NOTIFY_)" = "KEY,ID,NOTIFY_PID" ]
    [ "$(complete_line -m -o KEY,ID,NOTIFY)" = "KEY,ID,NOTIFY
KEY,ID,NOTIFY_PID" ]
    [ "$(complete_line -o MT)" = "MTIME" ]
}

@test "completion of --time-format, with and without =" {
    [ "$(complete_line --time-format '')" = "full
iso
short" ]
    [ "$(complete_line --time-format = s)" = "short" ]
    [ "$(complete_line --time-format=i)" = "iso" ]
}

@test "completion of options" {
    out=$(complete_line --posix)
    [ "$out" = "--posix-mqueues
--posix-semaphores
--posix-shmems" ]
    complete_line --sys | grep -qx -- --sysroot
}

@test "completion of -i offers the ids of the selected kind" {
    q=$(ipctool msg 0x10 0600)
    s=$(ipctool sem 0x11 1 0600)
    [ "$(complete_line -q -i '')" = "$q" ]
    [ "$(complete_line -s --id '')" = "$s" ]
    [ "$(complete_line -i '' | wc -l)" -eq 2 ]
}

@test "completion of -N offers the names of the selected kind" {
    ipctool pshm /shm1 10 0600
    ipctool pmq /queue1 0600
    ipctool psem /sem1 0600 1
    [ "$(complete_line -Q -N /q)" = "/queue1" ]
    [ "$(complete_line -M --name '')" = "/shm1" ]
    [ "$(complete_line -N / | wc -l)" -eq 3 ]
}

@test "completion of --metrics-file offers files, of --metrics-objects a few maxima" {
    mkdir -p "$BATS_TEST_TMPDIR/tf"
    touch "$BATS_TEST_TMPDIR/tf/ipcbox.prom"
    [ "$(complete_line --metrics --metrics-file "$BATS_TEST_TMPDIR/tf/ip")" = "$BATS_TEST_TMPDIR/tf/ipcbox.prom" ]
    [ "$(complete_line --metrics --metrics-objects=1)" = "10
100
1000" ]
    complete_line --metr | grep -qx -- --metrics-file
}

@test "completion of --sysroot offers directories" {
    mkdir -p "$BATS_TEST_TMPDIR/root1/proc"
    touch "$BATS_TEST_TMPDIR/rootfile"
    out=$(complete_line --sysroot "$BATS_TEST_TMPDIR/roo")
    [ "$out" = "$BATS_TEST_TMPDIR/root1" ]
}
