#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# bash completion for ipcs: every option, ids and names of the selected kind, sysroot dirs.

load helpers

setup() {
    reset_ipc
    # shellcheck source=../../completions/ipcs
    source "$IPCBOX_SRC/completions/ipcs"
}

# complete WORD...: the completions of the last word of "ipcs WORD..."
complete_line() {
    COMP_WORDS=(ipcs "$@")
    COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
    COMPREPLY=()
    _ipcs_module
    printf '%s\n' "${COMPREPLY[@]}" | sort
}

@test "completion knows every option of --help, long and short" {
    long=$(ipcs --help | grep -oE -- '--[a-z-]+' | sort -u)
    [ "$(complete_line --)" = "$long" ]
    short=$(ipcs --help | grep -oE -- '^ -[a-zA-Z]' | tr -d ' ' | sort -u)
    for o in $short; do
        complete_line - | grep -qx -- "$o"
    done
}

@test "completion of -i offers the ids of the resource on the line" {
    q=$(ipctool msg 0x10 0600)
    m=$(ipctool shm 0x11 4096 0600)
    s1=$(ipctool sem 0x12 1 0600)
    s2=$(ipctool sem 0x13 1 0600)
    [ "$(complete_line -q -i '')" = "$q" ]
    [ "$(complete_line --shmems --id '')" = "$m" ]
    [ "$(complete_line -s -i '')" = "$(printf '%s\n' "$s1" "$s2" | sort)" ]
    [ "$(complete_line -s --id="$s2")" = "$s2" ]
}

@test "completion of -i without a resource offers nothing" {
    ipctool msg 0x10 0600 >/dev/null
    [ "$(complete_line -i '')" = "" ]
}

@test "completion of -N offers the POSIX names of the resource on the line" {
    ipctool pshm /alpha 10 0600
    ipctool pmq /beta 0600
    ipctool psem /gamma 0600 1
    [ "$(complete_line -M -N '')" = "/alpha" ]
    [ "$(complete_line -Q --name '')" = "/beta" ]
    [ "$(complete_line -S -N /g)" = "/gamma" ]
    [ "$(complete_line -N '')" = "" ]
}

@test "completion of --sysroot offers directories" {
    mkdir -p "$BATS_TEST_TMPDIR/sys1" "$BATS_TEST_TMPDIR/sys2"
    touch "$BATS_TEST_TMPDIR/sysfile"
    [ "$(complete_line --sysroot "$BATS_TEST_TMPDIR/sys")" = "$BATS_TEST_TMPDIR/sys1
$BATS_TEST_TMPDIR/sys2" ]
    [ "$(complete_line --sysroot="$BATS_TEST_TMPDIR/sys")" = "$BATS_TEST_TMPDIR/sys1
$BATS_TEST_TMPDIR/sys2" ]
}

@test "completion of -i under --sysroot lists the captured ids" {
    ipctool msg 0x10 0600 >/dev/null
    [ "$(complete_line --sysroot "$FIXTURES/ipcs-golden/root" -q -i '')" = "0
32769
65538
98307" ]
}
