#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Times in every applet, format and JSON: the extremes a file may carry, and
# the POSIX file time 0, which is a date (a System V 0 is "never").

load helpers

bats_require_minimum_version 1.5.0

# The last second struct tm holds (tm_year == INT_MAX) and the first one
MAXTM=67768036191676799
MINTM=-67768040609740800

setup() {
    reset_ipc
    ipctool pshm /seg 10 0644
    ipctool psem /sem 0644 1
    ipctool pmq /mq 0644
}

# set the mtime of the three POSIX objects to $1 seconds
set_mtimes() {
    ipctool set-mtime /dev/shm/seg "$1"
    ipctool set-mtime /dev/shm/sem.sem "$1"
    ipctool set-mtime /dev/mqueue/mq "$1"
}

# the MTIME of every kind in lsipc's listing, in format $1 (one line each)
lsipc_mtimes() {
    local k
    for k in -M -S -Q; do
        lsipc $k --noheadings -o MTIME --time-format="$1"
    done
}

# the "mtime" of every kind in lsipc's JSON listing and JSON -N view
json_mtimes() {
    lsipc -M -J -o NAME,MTIME | jq -r '.[][].mtime'
    lsipc -S -J -o NAME,MTIME | jq -r '.[][].mtime'
    lsipc -Q -J -o NAME,MTIME | jq -r '.[][].mtime'
    lsipc -M -N /seg -J | jq -r '.[][].mtime'
}

# expect every line of $output to be $1
all_are() {
    echo "$output"
    [ -n "$output" ]
    while IFS= read -r line; do
        [ "$line" = "$1" ]
    done <<<"$output"
}

@test "times: the largest year struct tm holds is a positive year, in lsipc and JSON" {
    set_mtimes $MAXTM
    run lsipc_mtimes iso
    all_are "+2147485547-12-31T23:59:59+00:00"
    run lsipc_mtimes full
    all_are "Wed Dec 31 23:59:59 2147485547"
    run lsipc_mtimes short
    all_are "2147485547-Dec31"
    run json_mtimes
    all_are "+2147485547-12-31T23:59:59+00:00"
    run lsipc -M -N /seg
    grep -qxF "$(printf '%-36s%-36s' 'Last action:' 'Wed Dec 31 23:59:59 2147485547')" <<<"$output"
}

@test "times: years before year 0 and after 9999 are ISO 8601 expanded years" {
    set_mtimes $MINTM
    run lsipc_mtimes iso
    all_are "-2147481748-01-01T00:00:00+00:00"
    run json_mtimes
    all_are "-2147481748-01-01T00:00:00+00:00"
    set_mtimes 67000000000000000
    run lsipc_mtimes iso
    all_are "+2123147449-12-15T23:06:40+00:00"
    set_mtimes -67000000000000000
    run lsipc_mtimes full
    all_are "Mon Jan 16 00:53:20 -2123143510"
    set_mtimes 253402300800
    run json_mtimes
    all_are "+10000-01-01T00:00:00+00:00"
}

@test "times: a time no date can express is its number of seconds, in every format" {
    local t f
    for t in 9223372036854775807 -9223372036854775808 $((MAXTM + 1)); do
        set_mtimes "$t"
        for f in iso full short; do
            run lsipc_mtimes $f
            all_are "$t"
        done
        run json_mtimes
        all_are "$t"
    done
}

@test "times: ipcs prints every POSIX mtime as a date or as seconds, never (null)" {
    local t
    for t in 9223372036854775807 -9223372036854775808 67000000000000000 -67000000000000000; do
        set_mtimes "$t"
        run ipcs -M -Q -S -t
        echo "$output"
        [ "$status" -eq 0 ]
        [[ "$output" != *"l)"* && "$output" != *null* ]]
        for k in "-Q /mq" "-M /seg" "-S /sem"; do
            run ipcs ${k% *} -N ${k#* }
            echo "$output"
            [ "$status" -eq 0 ]
            [[ "$output" != *null* ]]
        done
    done
    set_mtimes 9223372036854775807
    run ipcs -Q -N /mq
    grep -qxF "mod_time=9223372036854775807       " <<<"$output"
    run ipcs -M -t
    [[ "$output" == *"/seg                           root       9223372036854775807  "* ]]
    set_mtimes -9223372036854775808
    run ipcs -S -t
    [[ "$output" == *"/sem                           root       -9223372036854775808 "* ]]
    # a year of ten digits is printed whole, not cut to ctime's 24 bytes
    set_mtimes 67000000000000000
    run ipcs -M -N /seg
    grep -qxF "mod_time=Sat Dec 15 23:06:40 2123147449" <<<"$output"
    run ipcs -M -t
    [[ "$output" == *"/seg                           root       Dec 15 23:06:40      "* ]]
}

@test "times: a POSIX mtime of 0 is 1970-01-01, not never" {
    set_mtimes 0
    run lsipc_mtimes iso
    all_are "1970-01-01T00:00:00+00:00"
    run json_mtimes
    all_are "1970-01-01T00:00:00+00:00"
    run lsipc -S -N /sem
    grep -qxF "$(printf '%-36s%-36s' 'Last action:' 'Thu Jan  1 00:00:00 1970')" <<<"$output"
    run ipcs -Q -N /mq
    grep -qxF "mod_time=Thu Jan  1 00:00:00 1970  " <<<"$output"
    run ipcs -M -S -Q -t
    [[ "$output" != *"Not set"* ]]
    [[ "$output" == *"/seg                           root       Jan  1 00:00:00      "* ]]
}

@test "times: System V times of 0 still mean never, huge ones are dates or seconds" {
    local sr=$BATS_TEST_TMPDIR/root
    mkdir -p "$sr/proc/sysvipc"
    {
        echo "       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid      stime      rtime      ctime"
        echo "      4660          0   644           0          0     0     0     0     0     0     0 9223372036854775807 $MAXTM 0"
    } >"$sr/proc/sysvipc/msg"
    run lsipc --sysroot "$sr" -q -J -o ID,SEND,RECV,CTIME
    echo "$output"
    [ "$(jq -r '.messages[0].send' <<<"$output")" = 9223372036854775807 ]
    [ "$(jq -r '.messages[0].recv' <<<"$output")" = "+2147485547-12-31T23:59:59+00:00" ]
    [ "$(jq -r '.messages[0].ctime' <<<"$output")" = null ]
    run ipcs --sysroot "$sr" -q -i 0
    echo "$output"
    grep -qxF "send_time=9223372036854775807       " <<<"$output"
    grep -qxF "rcv_time=Wed Dec 31 23:59:59 2147485547" <<<"$output"
    grep -qxF "change_time=Not set                   " <<<"$output"
    run ipcs --sysroot "$sr" -q -t
    echo "$output"
    [[ "$output" == *" 9223372036854775807  Dec 31 23:59:59      Not set "* ]]
}
