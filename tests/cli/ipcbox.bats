#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The multi-call dispatcher: by link name, by first argument, and its own options.

load helpers

@test "ipcbox --help lists every applet with one line each" {
    run ipcbox --help
    [ "$status" = 0 ]
    for a in ipcmk ipcrm ipcs lsipc; do
        [ "$(grep -cE "^ $a +[a-z]" <<<"$output")" = 1 ] || { echo "$output"; return 1; }
    done
    run ipcbox -h
    [ "$status" = 0 ] && [[ "$output" == Usage:* ]]
}

@test "ipcbox --version names ipcbox and the util-linux version it follows" {
    run ipcbox --version
    [ "$status" = 0 ]
    [[ "$output" =~ ^ipcbox\ [0-9]+\.[0-9]+\.[0-9]+\ \(compatible\ with\ util-linux\ 2\.42\.2\)$ ]]
    run ipcbox -V
    [ "$status" = 0 ]
}

@test "an unknown applet is one line on stderr and exit 1" {
    run --separate-stderr ipcbox lsip
    [ "$status" = 1 ] && [ -z "$output" ]
    [ "$stderr" = "ipcbox: unknown applet 'lsip' (try 'ipcbox --help')" ]
    # exact names only: no prefixes, no case folding
    run --separate-stderr ipcbox LSIPC
    [ "$status" = 1 ] && [ "${#stderr_lines[@]}" = 1 ]
}

@test "ipcbox without an applet prints its usage on stderr and exits 1" {
    run --separate-stderr ipcbox
    [ "$status" = 1 ] && [ -z "$output" ]
    [[ "$stderr" == Usage:* ]]
}

@test "the first argument picks the applet; messages carry the applet's name" {
    ipctool msg 0x77 0600 >/dev/null
    [ "$(ipcbox lsipc -q --noheadings -o KEY)" = "$(lsipc -q --noheadings -o KEY)" ]
    [ "$(ipcbox ipcs -q)" = "$(ipcs -q)" ]
    run --separate-stderr ipcbox lsipc --bogus
    [ "$status" = 1 ]
    [ "${stderr_lines[0]}" = "lsipc: unrecognized option '--bogus'" ]
    [ "${stderr_lines[1]}" = "Try 'lsipc --help' for more information." ]
    run --separate-stderr ipcbox ipcrm -q 999999
    [[ "$stderr" == ipcrm:* ]]
}

@test "a link named after an applet runs it, wherever it lives" {
    d=$(mktemp -d)
    ln -s "$IPCBOX_BUILD/ipcbox" "$d/ipcs"
    run "$d/ipcs" -V
    [ "$status" = 0 ] && [[ "$output" == "ipcs from ipcbox "* ]]
    # a link with another name behaves as ipcbox
    ln -s "$IPCBOX_BUILD/ipcbox" "$d/other"
    run "$d/other" lsipc -V
    [ "$status" = 0 ] && [[ "$output" == "lsipc from ipcbox "* ]]
    rm -rf "$d"
}

@test "ipcbox(1) names every applet, and every applet has its man page" {
    for a in $(ipcbox --help | awk '/^Applets:/ { on = 1; next } on && NF == 0 { exit } on { print $1 }'); do
        grep -q "^\.Xr $a 1" "$IPCBOX_SRC/man/ipcbox.1"
        [ -f "$IPCBOX_SRC/man/$a.1" ]
        [ -f "$IPCBOX_SRC/completions/$a" ]
    done
}
