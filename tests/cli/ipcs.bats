#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# ipcs: the POSIX sections (golden files), --sysroot, bad input, output errors.

load helpers

GOLDEN=$IPCBOX_SRC/tests/fixtures/ipcs-golden
PINNED='2023-11-14 22:13:20'
MQ_FILES="queues_max msg_max msgsize_max msg_default msgsize_default"

setup_file() {
    # a small /dev/shm of a known size, so that the -l numbers are fixed;
    # this file has its own mount namespace (tests/sandbox)
    mount -t tmpfs -o size=1m,mode=1777 tmpfs /dev/shm
}

teardown_file() {
    umount /dev/shm
}

setup() {
    reset_ipc
}

teardown() {
    local f
    for f in $MQ_FILES; do
        if [ -f "$BATS_TEST_TMPDIR/mq.$f" ]; then
            cat "$BATS_TEST_TMPDIR/mq.$f" >"/proc/sys/fs/mqueue/$f"
        fi
    done
    reset_ipc
}

# The POSIX state of the golden files: names, sizes, modes, owners and
# modification times are pinned (change times cannot be; see normalise).
posix_state() {
    ipctool pshm /shm1 4096 0644
    ipctool pshm /big 8589934592 0600
    chown 998:997 /dev/shm/big
    ipctool pshm /zero 0 0600
    chown 4242:4242 /dev/shm/zero
    ipctool pshm /a-rather-long-shared-memory-object-name 1536 0640
    ipctool pshm $'/esc\033[2Jname' 10 0644

    ipctool pmq /q1 0644
    ipctool pmqsend /q1 100 3
    ipctool pmq /q2 0600 5 128
    chown 4242:4242 /dev/mqueue/q2
    ipctool pmq /empty 0666

    ipctool psem /s1 0644 5
    ipctool psem /s-zero 0600 0
    chown 998:997 /dev/shm/sem.s-zero
    ipctool psem /long-semaphore-name-exceeding-thirty 0644 2147483647

    touch -h -d "$PINNED" /dev/shm/* /dev/mqueue/*
}

# POSIX listings come in readdir order: sort the rows of each section, keep
# blank lines, titles and headers where they are
sort_rows() {
    awk 'BEGIN { sec = 0 }
        /^$/ { sec++; printf "%d\t%09d\t%s\n", sec, NR, $0; hdr = 0; next }
        /^------/ { printf "%d\t%09d\t%s\n", sec, NR, $0; hdr = 1; next }
        hdr == 1 { printf "%d\t%09d\t%s\n", sec, NR, $0; hdr = 0; next }
        { printf "%d\t999999999\t%s\n", sec, $0 }' |
        sort -t "$(printf '\t')" -k1,1n -k2,2n -k3 | cut -f3-
}

# change times are "now": replace them, keeping the pinned modification
# time and every column width
normalise() {
    sed -e 's/Tue Nov 14 22:13:20 2023/@@@ @@@ @@ @@:@@:@@ @@@@/g' \
        -e 's/Nov 14 22:13:20/@@@ @@ @@:@@:@@/g' |
    sed -E -e 's/[A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} [0-9]{4}/Xxx Xxx XX XX:XX:XX XXXX/g' \
        -e 's/[A-Z][a-z]{2} [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2}/Xxx XX XX:XX:XX/g' |
    sed -e 's/@@@ @@@ @@ @@:@@:@@ @@@@/Tue Nov 14 22:13:20 2023/g' \
        -e 's/@@@ @@ @@:@@:@@/Nov 14 22:13:20/g'
}

# compare "ipcs ARGS" (times normalised) with golden file NAME
golden() {
    local name=$1
    shift
    ipcs "$@" | normalise >"$BATS_TEST_TMPDIR/out"
    diff -u "$GOLDEN/$name" "$BATS_TEST_TMPDIR/out"
}

# the same for listings, whose rows come in readdir order: sorted first
golden_rows() {
    local name=$1
    shift
    ipcs "$@" >"$BATS_TEST_TMPDIR/raw"
    sort_rows <"$BATS_TEST_TMPDIR/raw" | normalise >"$BATS_TEST_TMPDIR/out"
    diff -u "$GOLDEN/$name" "$BATS_TEST_TMPDIR/out"
}

pin_mq_limits() {
    local f
    for f in $MQ_FILES; do
        cat "/proc/sys/fs/mqueue/$f" >"$BATS_TEST_TMPDIR/mq.$f"
    done
    echo 300 >/proc/sys/fs/mqueue/queues_max
    echo 20 >/proc/sys/fs/mqueue/msg_max
    echo 16384 >/proc/sys/fs/mqueue/msgsize_max
    echo 7 >/proc/sys/fs/mqueue/msg_default
    echo 1536 >/proc/sys/fs/mqueue/msgsize_default
}

# ---- POSIX golden outputs ----

@test "POSIX: the default listing of -M -Q -S" {
    posix_state
    golden_rows posix-default -M -Q -S
}

@test "POSIX: -a and the default stay System V only" {
    posix_state
    ipcs >"$BATS_TEST_TMPDIR/default"
    ! grep -q POSIX "$BATS_TEST_TMPDIR/default" || false
    [ "$(grep -c '^------' "$BATS_TEST_TMPDIR/default")" = 3 ]
    ipcs -a >"$BATS_TEST_TMPDIR/all"
    cmp "$BATS_TEST_TMPDIR/default" "$BATS_TEST_TMPDIR/all"
}

@test "POSIX: sections follow the System V ones, in the order Q, M, S" {
    posix_state
    run ipcs -S -m -M -Q
    [ "$status" -eq 0 ]
    [ "$(printf '%s\n' "$output" | grep '^------' | tr '\n' '|')" = \
      "------ Shared Memory Segments --------|------ POSIX Message Queues --------|------ POSIX Shared Memory --------|------ POSIX Semaphores --------|" ]
}

@test "POSIX: --human and -b" {
    posix_state
    golden_rows posix-human -M -Q -S --human
    golden_rows posix-default -M -Q -S -b
}

@test "POSIX: -c shows owner and group" {
    posix_state
    golden_rows posix-creator -M -Q -S -c
}

@test "POSIX: -t shows modification and change times" {
    posix_state
    golden_rows posix-time -M -Q -S -t
}

@test "POSIX: -p prints no section, as -s -p" {
    posix_state
    [ "$(ipcs -M -Q -S -p | od -An -c | tr -d ' \n')" = '\n\n\n\n' ]
}

@test "POSIX: -l, in every unit" {
    pin_mq_limits
    posix_state
    golden posix-limits -M -Q -S -l
    golden posix-limits-bytes -M -Q -S -l -b
    golden posix-limits-human -M -Q -S -l --human
}

@test "POSIX: -u counts and totals from the lists" {
    posix_state
    golden posix-summary -M -Q -S -u
    golden posix-summary-human -M -Q -S -u --human
    golden posix-summary-bytes -M -Q -S -u -b
}

@test "POSIX: -N for each kind, with and without the leading slash" {
    pin_mq_limits
    posix_state
    golden posix-N-q1 -Q -N /q1
    golden posix-N-q1 -Q -N q1
    golden posix-N-big -M -N big
    golden posix-N-big-human -M --human -N /big
    golden posix-N-s1 --posix-semaphores --name s1
}

@test "POSIX: names are escaped, no control byte reaches the terminal" {
    posix_state
    ipcs -M >"$BATS_TEST_TMPDIR/out"
    ! LC_ALL=C grep -q "$(printf '\033')" "$BATS_TEST_TMPDIR/out" || false
    grep -qF '/esc\x1b[2Jname' "$BATS_TEST_TMPDIR/out"
    ipcs -M -N $'esc\033[2Jname' >"$BATS_TEST_TMPDIR/one"
    ! LC_ALL=C grep -q "$(printf '\033')" "$BATS_TEST_TMPDIR/one" || false
    grep -qxF 'POSIX Shared Memory name=/esc\x1b[2Jname' "$BATS_TEST_TMPDIR/one"
}

@test "messages escape what they echo and stay one line" {
    local rc=0
    ipcs -m -i $'0\n' >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" || rc=$?
    [ "$rc" = 1 ] && [ ! -s "$BATS_TEST_TMPDIR/out" ]
    [ "$(cat "$BATS_TEST_TMPDIR/err")" = "ipcs: failed to parse id argument: '0\x0a'" ]
    rc=0
    ipcs -M -N $'a/\e[2J' 2>"$BATS_TEST_TMPDIR/err" || rc=$?
    [ "$rc" = 1 ] && [ "$(cat "$BATS_TEST_TMPDIR/err")" = "ipcs: invalid POSIX name: 'a/\x1b[2J'" ]
    rc=0
    ipcs --sysroot $'/no\nsuch' 2>"$BATS_TEST_TMPDIR/err" || rc=$?
    [ "$rc" = 1 ] && [ "$(wc -l <"$BATS_TEST_TMPDIR/err")" = 1 ]
    [[ "$(cat "$BATS_TEST_TMPDIR/err")" = "ipcs: cannot use sysroot '/no\x0asuch': "* ]]
}

@test "POSIX: an unprivileged user sees every object" {
    posix_state
    as_nobody ipcs -M -Q -S >"$BATS_TEST_TMPDIR/nobody"
    for n in /shm1 /big /zero /q1 /q2 /empty /s1 /s-zero; do
        grep -q "^$n " "$BATS_TEST_TMPDIR/nobody"
    done
    # q2 and s-zero (0600, not nobody's) cannot be read: values unknown
    grep -E '^/q2 +4242 +600 +- +- +$' "$BATS_TEST_TMPDIR/nobody"
    grep -E '^/s-zero +systemd-ne 600 +- +$' "$BATS_TEST_TMPDIR/nobody"
    grep -E '^/q1 +root +644 +300 +3 +$' "$BATS_TEST_TMPDIR/nobody"
}

@test "POSIX: no mqueue filesystem mounted gives one clear line" {
    umount /dev/mqueue
    run ipcs -Q
    mount -t mqueue mqueue /dev/mqueue
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "ipcs: no mqueue filesystem is mounted; mount one with 'mount -t mqueue none /dev/mqueue' to see POSIX message queues" ]
    [ "${lines[1]}" = "------ POSIX Message Queues --------" ]
    [ "${#lines[@]}" = 3 ]
}

@test "POSIX: -N of a missing object, each kind" {
    run ipcs -Q -N /nope
    [ "$status" -eq 1 ]
    [ "$output" = "ipcs: POSIX message queue /nope not found" ]
    run ipcs -M -N nope
    [ "$status" -eq 1 ]
    [ "$output" = "ipcs: POSIX shared memory /nope not found" ]
    run ipcs -S -N nope
    [ "$status" -eq 1 ]
    [ "$output" = "ipcs: POSIX semaphore /nope not found" ]
}

# ---- --sysroot ----

# a copy of the fixture with POSIX objects made at test time (git keeps no
# modes, owners or times)
make_sysroot() {
    SR=$BATS_TEST_TMPDIR/root
    cp -r "$GOLDEN/root" "$SR"
    mkdir -p "$SR/dev/shm" "$SR/dev/mqueue"
    truncate -s 12345 "$SR/dev/shm/data"
    chmod 0640 "$SR/dev/shm/data"
    chown 998:997 "$SR/dev/shm/data"
    # a semaphore file as glibc lays it out: the value in the first word
    printf '\007\000\000\000\000\000\000\000\200\000\000\000\000\000\000\000%016d' 0 |
        tr 0 '\000' >"$SR/dev/shm/sem.lock"
    chmod 0600 "$SR/dev/shm/sem.lock"
    printf 'QSIZE:120        NOTIFY:0     SIGNO:0     NOTIFY_PID:0     \n' >"$SR/dev/mqueue/jobs"
    chmod 0644 "$SR/dev/mqueue/jobs"
    touch -d "$PINNED" "$SR/dev/shm/data" "$SR/dev/shm/sem.lock" "$SR/dev/mqueue/jobs"
}

@test "--sysroot: System V listings of the fixture (written by util-linux's ipcs)" {
    make_sysroot
    for f in default:"" creator:-c time:-t pid:-p human:--human bytes:-b; do
        name=${f%%:*} opt=${f#*:}
        # shellcheck disable=SC2086
        ipcs --sysroot "$SR" $opt >"$BATS_TEST_TMPDIR/out"
        diff -u "$GOLDEN/sysroot-$name" "$BATS_TEST_TMPDIR/out"
    done
}

@test "--sysroot: limits and -i of the fixture (written by util-linux's ipcs)" {
    make_sysroot
    ipcs --sysroot "$SR" -l >"$BATS_TEST_TMPDIR/out"
    diff -u "$GOLDEN/sysroot-limits" "$BATS_TEST_TMPDIR/out"
    ipcs --sysroot "$SR" -l --human >"$BATS_TEST_TMPDIR/out"
    diff -u "$GOLDEN/sysroot-limits-human" "$BATS_TEST_TMPDIR/out"
    ipcs --sysroot "$SR" -m -i 3 >"$BATS_TEST_TMPDIR/out"
    diff -u "$GOLDEN/sysroot-i-shm3" "$BATS_TEST_TMPDIR/out"
    ipcs --sysroot="$SR" -q -i 65538 --human >"$BATS_TEST_TMPDIR/out"
    diff -u "$GOLDEN/sysroot-i-msg65538-human" "$BATS_TEST_TMPDIR/out"
}

@test "--sysroot: names come from the sysroot's passwd and group" {
    make_sysroot
    sed -i 's/^systemd-network:/captured-user:/' "$SR/etc/passwd"
    ipcs --sysroot "$SR" -m >"$BATS_TEST_TMPDIR/out"
    grep -qE '^0x00002222 1 +captured-u 600 ' "$BATS_TEST_TMPDIR/out"
}

@test "--sysroot: a semaphore set's -i has no values offline" {
    make_sysroot
    run ipcs --sysroot "$SR" -s -i 1
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "Semaphore Array semid=1" ]
    # (bats drops the empty lines from $lines)
    [ "${lines[6]}" = "semnum     value      ncount     zcount     pid       " ]
    [ "${#lines[@]}" = 7 ]
}

@test "--sysroot: POSIX objects of the captured system" {
    make_sysroot
    ipcs --sysroot "$SR" -M -Q -S >"$BATS_TEST_TMPDIR/out"
    diff -u "$GOLDEN/sysroot-posix" "$BATS_TEST_TMPDIR/out"
    ipcs --sysroot "$SR" -S -N lock >"$BATS_TEST_TMPDIR/out"
    grep -qx 'value=7' "$BATS_TEST_TMPDIR/out"
    grep -qx 'mod_time=Tue Nov 14 22:13:20 2023  ' "$BATS_TEST_TMPDIR/out"
}

@test "--sysroot: limits that cannot be read, and no POSIX directories" {
    mkdir -p "$BATS_TEST_TMPDIR/bare/proc/sysvipc"
    run ipcs --sysroot "$BATS_TEST_TMPDIR/bare" -l
    [ "$status" -eq 0 ]
    [ "$output" = "
unable to fetch message limits

unable to fetch shared memory limits

unable to fetch semaphore limits" ]
    run ipcs --sysroot "$BATS_TEST_TMPDIR/bare" -Q -M -l
    [ "$status" -eq 0 ]
    [ "$output" = "
unable to fetch POSIX message queue limits

unable to fetch POSIX shared memory limits" ]
    ipcs --sysroot "$BATS_TEST_TMPDIR/bare" -Q -M 2>"$BATS_TEST_TMPDIR/err" >/dev/null
    [ "$(cat "$BATS_TEST_TMPDIR/err")" = "ipcs: no mqueue directory found under '$BATS_TEST_TMPDIR/bare'
ipcs: no POSIX shared memory directory found under '$BATS_TEST_TMPDIR/bare'" ]
}

@test "--sysroot: the live objects are not shown" {
    ipctool msg 0x4321 0644 >/dev/null
    make_sysroot
    ! ipcs --sysroot "$SR" -q | grep -q 0x00004321 || false
    ipcs -q | grep -q 0x00004321
}

@test "--sysroot: -u is not available offline" {
    make_sysroot
    run ipcs --sysroot "$SR" -u
    [ "$status" -eq 1 ]
    [ "$output" = "ipcs: --summary needs the live kernel's counters; it cannot be used with --sysroot" ]
}

@test "--sysroot: a directory that does not exist" {
    run ipcs --sysroot /nonexistent/dir
    [ "$status" -eq 1 ]
    [ "$output" = "ipcs: cannot use sysroot '/nonexistent/dir': No such file or directory" ]
}

@test "--sysroot: a file, not a directory" {
    touch "$BATS_TEST_TMPDIR/file"
    run ipcs --sysroot "$BATS_TEST_TMPDIR/file"
    [ "$status" -eq 1 ]
    [ "$output" = "ipcs: cannot use sysroot '$BATS_TEST_TMPDIR/file': Not a directory" ]
}

@test "--sysroot: a directory without proc/" {
    mkdir "$BATS_TEST_TMPDIR/empty"
    run ipcs --sysroot "$BATS_TEST_TMPDIR/empty" -m
    [ "$status" -eq 1 ]
    [ "$output" = "ipcs: cannot use sysroot '$BATS_TEST_TMPDIR/empty': No such file or directory" ]
}

@test "--sysroot: an empty argument" {
    run ipcs --sysroot ''
    [ "$status" -eq 1 ]
    [ "$output" = "ipcs: cannot use sysroot '': No such file or directory" ]
}

# ---- bad input: one message, exit 1, nothing changed ----

# run ipcs ARGS, expect exit 1 and exactly the lines given in EXPECTED
# (one per line), and the IPC state unchanged
bad() {
    ipctool msg 0x10 0644 >/dev/null
    ipctool shm 0x20 4096 0644 >/dev/null
    ipctool pshm /p 10 0644
    ipc_snapshot >"$BATS_TEST_TMPDIR/before"
    run ipcs "$@"
    ipc_snapshot >"$BATS_TEST_TMPDIR/after"
    cmp "$BATS_TEST_TMPDIR/before" "$BATS_TEST_TMPDIR/after"
    [ "$status" -eq 1 ]
    if [ "$output" != "$EXPECTED" ]; then
        printf 'got:\n%s\nexpected:\n%s\n' "$output" "$EXPECTED"
        return 1
    fi
}

@test "bad input: -i with letters" {
    EXPECTED="ipcs: failed to parse id argument: 'abc'" bad -m -i abc
}

@test "bad input: -i with trailing junk" {
    EXPECTED="ipcs: failed to parse id argument: '1x'" bad -q -i 1x
}

@test "bad input: -i in hex" {
    EXPECTED="ipcs: failed to parse id argument: '0x10'" bad -q -i 0x10
}

@test "bad input: -i empty" {
    EXPECTED="ipcs: failed to parse id argument: ''" bad -s -i ''
}

@test "bad input: -i -1 is an invalid id (decided exception)" {
    EXPECTED="ipcs: invalid id: '-1'" bad -m -i -1
}

@test "bad input: -i with another negative id" {
    EXPECTED="ipcs: invalid id: '-2147483648'" bad -s --id=-2147483648
}

@test "bad input: -i out of range" {
    EXPECTED="ipcs: failed to parse id argument: '2147483648': Numerical result out of range" \
        bad -m -i 2147483648
}

@test "bad input: -i without a resource" {
    EXPECTED="ipcs: when using an ID, a single resource must be specified" bad -i 0
}

@test "bad input: -i with two resources" {
    EXPECTED="ipcs: when using an ID, a single resource must be specified" bad -m -s -i 0
}

@test "bad input: -i with -a" {
    EXPECTED="ipcs: when using an ID, a single resource must be specified" bad -a -i 0
}

@test "bad input: -i with a POSIX resource" {
    EXPECTED="ipcs: when using an ID, a single resource must be specified" bad -m -M -i 0
}

@test "bad input: -i of an id that does not exist (decided exception: exit 1)" {
    EXPECTED="ipcs: id 12345 not found" bad -m -i 12345
}

@test "bad input: -N without a resource" {
    EXPECTED="ipcs: when using a name, a single POSIX resource must be specified" bad -N /p
}

@test "bad input: -N with a System V resource" {
    EXPECTED="ipcs: when using a name, a single POSIX resource must be specified" bad -m -N /p
}

@test "bad input: -N with two POSIX resources" {
    EXPECTED="ipcs: when using a name, a single POSIX resource must be specified" bad -M -S -N /p
}

@test "bad input: -N and -i together" {
    EXPECTED="ipcs: --id and --name cannot be combined" bad -M -N /p -i 0
}

@test "bad input: -N with a slash inside the name" {
    EXPECTED="ipcs: invalid POSIX name: 'a/b'" bad -M -N a/b
}

@test "bad input: -N with an empty name" {
    EXPECTED="ipcs: invalid POSIX name: ''" bad -M -N ''
}

@test "bad input: -N of a missing object" {
    EXPECTED="ipcs: POSIX shared memory /missing not found" bad -M -N missing
}

@test "bad input: an unknown short option" {
    EXPECTED="ipcs: invalid option -- 'x'
Try 'ipcs --help' for more information." bad -x
}

@test "bad input: an unknown short option in a cluster" {
    EXPECTED="ipcs: invalid option -- 'z'
Try 'ipcs --help' for more information." bad -mzt
}

@test "bad input: an ambiguous long option" {
    EXPECTED="ipcs: option '--posix-s' is ambiguous; possibilities: '--posix-shmems' '--posix-semaphores'
Try 'ipcs --help' for more information." bad --posix-s
}

@test "bad input: an argument to an option that takes none" {
    EXPECTED="ipcs: option '--time' doesn't allow an argument
Try 'ipcs --help' for more information." bad --time=full
}

@test "long options may be abbreviated, ours too" {
    ipctool pshm /p 10 0644
    diff <(ipcs --posix-shmems --name /p) <(ipcs --posix-sh --na=p)
    diff <(ipcs -M) <(ipcs --posix-sh)
}

@test "bad input: an unknown long option" {
    EXPECTED="ipcs: unrecognized option '--bogus'
Try 'ipcs --help' for more information." bad --bogus
}

@test "bad input: -i without its argument" {
    EXPECTED="ipcs: option requires an argument -- 'i'
Try 'ipcs --help' for more information." bad -m -i
}

@test "bad input: -N without its argument" {
    EXPECTED="ipcs: option requires an argument -- 'N'
Try 'ipcs --help' for more information." bad -MN
}

@test "bad input: --sysroot without its argument" {
    EXPECTED="ipcs: option '--sysroot' requires an argument
Try 'ipcs --help' for more information." bad --sysroot
}

# ---- the rest ----

@test "--help lists every option, -h too" {
    run ipcs --help
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "Usage:" ]
    for o in --id --name --sysroot --help --version --shmems --queues --semaphores --all \
            --posix-shmems --posix-mqueues --posix-semaphores --time --pid --creator \
            --limits --summary --human --bytes; do
        printf '%s\n' "$output" | grep -q -- "$o"
    done
    [ "${lines[-1]}" = "For more details see ipcs(1)." ]
    run ipcs -h
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "Usage:" ]
}

@test "-V prints the version" {
    run ipcs -V
    [ "$status" -eq 0 ]
    [[ "$output" =~ ^ipcs\ from\ ipcbox\ .*util-linux ]]
}

@test "every option of --help is in the man page" {
    command -v mandoc >/dev/null || skip "mandoc is not installed"
    mandoc -Tascii "$IPCBOX_SRC/man/ipcs.1" | col -b >"$BATS_TEST_TMPDIR/man"
    for o in $(ipcs --help | grep -oE -- '(^| )-[a-zA-Z]|--[a-z-]+' | sort -u); do
        grep -q -- "$o" "$BATS_TEST_TMPDIR/man"
    done
}

@test "a write error fails with a message and exit 1" {
    ipctool msg 0x10 0644 >/dev/null
    run sh -c 'ipcs >/dev/full'
    [ "$status" -eq 1 ]
    [[ "$output" =~ ^ipcs:\ write\ error ]]
    run sh -c 'ipcs -M -Q -S -l >/dev/full'
    [ "$status" -eq 1 ]
}

@test "a closed pipe is quiet" {
    for i in $(seq 300); do ipctool msg "$((0x1000 + i))" 0644 >/dev/null; done
    run sh -c 'ipcs -q | head -1'
    [ "$status" -eq 0 ]
    [ "$output" = "" ]
}

@test "ipcbox ipcs is the same program" {
    ipctool shm 0x20 4096 0644 >/dev/null
    diff <(ipcs -m) <(ipcbox ipcs -m)
}

@test "System V objects: an unprivileged user sees them all" {
    ipctool msg 0x10 0600 >/dev/null
    ipctool shm 0x20 4096 0600 >/dev/null
    ipctool sem 0x30 1 0600 >/dev/null
    run as_nobody ipcs
    [ "$status" -eq 0 ]
    printf '%s\n' "$output" | grep -q '^0x00000010 '
    printf '%s\n' "$output" | grep -q '^0x00000020 '
    printf '%s\n' "$output" | grep -q '^0x00000030 '
}

@test "stray arguments are ignored, as util-linux does" {
    ipctool msg 0x10 0644 >/dev/null
    diff <(ipcs -q) <(ipcs -q extra words)
}
