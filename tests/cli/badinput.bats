#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The bad-input catalogue: one line per bad invocation of lsipc, ipcs, ipcmk and ipcrm.
#
# Every case runs with objects of all six kinds present and asserts exit 1,
# an empty stdout, an unchanged IPC state, and a stderr of exactly one
# message line "PROG: ..." that contains the bad value as typed; usage
# errors add exactly one more line, "Try 'PROG --help' for more information.".
#
# Which errors are usage errors (the rule, as util-linux draws it):
#   usage  the shape of the command line is wrong: an unknown or ambiguous
#          option, a missing argument or one an option does not take, a
#          stray argument, nothing to do, or an option that needs another
#          one (ipcrm --dry-run without --all, ipcmk -q without -n)
#   value  the command line is well formed but a value is not: a number,
#          size, mode, key, id, name, duration, type, user, column list,
#          time format or sysroot that is invalid or names nothing, or two
#          options that cannot be combined; one line, no Try line
#
# Where the kernel refuses a value that util-linux hands to it unchecked
# (ipcmk -M 0, -S 0, an existing name or key), the message is util-linux's
# "create ... failed: <strerror>", which names the kind rather than the value.

load helpers

setup() {
    reset_ipc
    SHM=$(ipctool shm 0x100 64 0600)
    MSG=$(ipctool msg 0x200 0600)
    SEM=$(ipctool sem 0x300 2 0600)
    ipctool msgsnd "$MSG" 8 >/dev/null
    ipctool pshm /obj 64 0600 >/dev/null
    # small: POSIX queues of every namespace share uid 0's RLIMIT_MSGQUEUE
    ipctool pmq /obj 0600 1 16 >/dev/null
    ipctool psem /obj 0600 1 >/dev/null
    LONG=$(printf 'n%.0s' {1..300})
    export SHM MSG SEM LONG
}

# bad usage|value NEEDLE PROG [ARG]...: the assertions above for one case.
# BADINPUT_SHOW=1 prints every command and its stderr (bats --tap shows it).
bad() {
    local kind=$1 needle=$2 prog=$3 before after rc=0 nlines first second
    shift 3
    [ "$(wc -l </proc/sysvipc/shm)" = 2 ] && [ -e /dev/shm/sem.obj ] && [ -e /dev/mqueue/obj ]
    before=$(ipc_snapshot)
    "$prog" "$@" >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" || rc=$?
    after=$(ipc_snapshot)
    nlines=$(wc -l <"$BATS_TEST_TMPDIR/err")
    first=$(sed -n 1p "$BATS_TEST_TMPDIR/err")
    second=$(sed -n 2p "$BATS_TEST_TMPDIR/err")
    fail() {
        {
            echo "$prog $*: $1"
            echo "exit $rc; stdout:"; cat "$BATS_TEST_TMPDIR/out"
            echo "stderr:"; cat "$BATS_TEST_TMPDIR/err"
        } >&2
        return 1
    }
    [ -z "${BADINPUT_SHOW:-}" ] || echo "$prog $*  =>  $(tr '\n' '|' <"$BATS_TEST_TMPDIR/err")" >&3
    [ "$rc" = 1 ] || fail "exit $rc, not 1"
    [ ! -s "$BATS_TEST_TMPDIR/out" ] || fail "stdout is not empty"
    [ "$before" = "$after" ] || fail "the IPC state changed: $(diff <(echo "$before") <(echo "$after"))"
    [[ $first == "$prog: "* ]] || fail "the message does not start with '$prog: '"
    [[ $first == *"$needle"* ]] || fail "the message does not name '$needle'"
    case $kind in
    usage)
        [ "$nlines" = 2 ] || fail "$nlines stderr lines, not 2"
        [ "$second" = "Try '$prog --help' for more information." ] || fail "no Try line"
        ;;
    value)
        [ "$nlines" = 1 ] || fail "$nlines stderr lines, not 1"
        ;;
    *)
        fail "bad kind $kind in the catalogue"
        ;;
    esac
}

# ---------------------------------------------------------------- lsipc
@test "lsipc -i ''"                   { bad value "''" lsipc -i ''; }
@test "lsipc -i junk"                 { bad value "'abc'" lsipc -i abc; }
@test "lsipc -i trailing junk"        { bad value "'12x'" lsipc -i 12x; }
@test "lsipc -i negative"             { bad value "'-5'" lsipc -i -5; }
@test "lsipc -i overflow"             { bad value "'99999999999'" lsipc -i 99999999999; }
@test "lsipc -i hex"                  { bad value "'0x10'" lsipc -m -i 0x10; }
@test "lsipc -i no such id"           { bad value "123456" lsipc -m -i 123456; }
@test "lsipc -N ''"                   { bad value "''" lsipc -M -N ''; }
@test "lsipc -N with a slash inside"  { bad value "'a/b'" lsipc -M -N a/b; }
@test "lsipc -N too long"             { bad value "$LONG" lsipc -M -N "$LONG"; }
@test "lsipc -N no such name"         { bad value "nosuch" lsipc -M -N nosuch; }
@test "lsipc -o ''"                   { bad value "empty column list" lsipc -o ''; }
@test "lsipc -o unknown column"       { bad value "BOGUS" lsipc -m -o BOGUS; }
@test "lsipc -o empty item"           { bad value "KEY,,ID" lsipc -m -o KEY,,ID; }
@test "lsipc -o bare +"               { bad value "empty column list" lsipc -m -o +; }
@test "lsipc -o column of another kind" { bad value "NAME" lsipc -m -o NAME; }
@test "lsipc --time-format ''"        { bad value "time format" lsipc --time-format ''; }
@test "lsipc --time-format junk"      { bad value "fortnight" lsipc --time-format fortnight; }
@test "lsipc --sysroot missing dir"   { bad value "/nonexistent" lsipc --sysroot /nonexistent; }
@test "lsipc --sysroot ''"            { bad value "sysroot" lsipc --sysroot ''; }
@test "lsipc --sysroot a file"        { bad value "/etc/passwd" lsipc --sysroot /etc/passwd; }
@test "lsipc two resources"           { bad value "--queues" lsipc -m -q; }
@test "lsipc two POSIX resources"     { bad value "--posix-mqueues" lsipc -M -Q; }
@test "lsipc two output formats"      { bad value "--raw" lsipc -J -r; }
@test "lsipc -c with -o"              { bad value "--output" lsipc -m -c -o KEY; }
@test "lsipc -g with -i"              { bad value "--id" lsipc -g -i 0; }
@test "lsipc stray argument"          { bad usage "foo" lsipc -m foo; }
@test "lsipc unknown option"          { bad usage "'x'" lsipc -x; }
@test "lsipc unknown long option"     { bad usage "'--bogus'" lsipc --bogus; }
@test "lsipc -i without argument"     { bad usage "'i'" lsipc -i; }
@test "lsipc --output without argument" { bad usage "'--output'" lsipc -m --output; }
@test "lsipc --json=1"                { bad usage "'--json'" lsipc --json=1; }
@test "lsipc unknown option in a cluster" { bad usage "'x'" lsipc -mx; }
@test "lsipc -i without argument at the end of a cluster" { bad usage "'i'" lsipc -mi; }
@test "lsipc ambiguous prefix"        { bad usage "'--no'" lsipc --no; }

# ---------------------------------------------------------------- ipcs
@test "ipcs -i ''"                    { bad value "''" ipcs -m -i ''; }
@test "ipcs -i junk"                  { bad value "'abc'" ipcs -m -i abc; }
@test "ipcs -i negative"              { bad value "'-1'" ipcs -m -i -1; }
@test "ipcs -i overflow"              { bad value "'4294967296'" ipcs -q -i 4294967296; }
@test "ipcs -i hex"                   { bad value "'0x1'" ipcs -s -i 0x1; }
@test "ipcs -i float"                 { bad value "'1.0'" ipcs -s -i 1.0; }
@test "ipcs -i no such id"            { bad value "123456" ipcs -m -i 123456; }
@test "ipcs -i without a resource"    { bad value "single resource" ipcs -i "$SHM"; }
@test "ipcs -i with two resources"    { bad value "single resource" ipcs -m -q -i "$SHM"; }
@test "ipcs -i above INT_MAX"         { bad value "'2147483648'" ipcs -q -i 2147483648; }
@test "ipcs -N ''"                    { bad value "''" ipcs -M -N ''; }
@test "ipcs -N with a slash inside"   { bad value "a/b" ipcs -M -N a/b; }
@test "ipcs -N no such name"          { bad value "nosuch" ipcs -S -N nosuch; }
@test "ipcs -N with a System V kind"  { bad value "POSIX resource" ipcs -m -N obj; }
@test "ipcs -N and -i"                { bad value "--name" ipcs -M -N obj -i 1; }
@test "ipcs --sysroot missing dir"    { bad value "/nonexistent" ipcs --sysroot /nonexistent; }
@test "ipcs --sysroot ''"             { bad value "sysroot" ipcs --sysroot ''; }
@test "ipcs -u with --sysroot"        { bad value "--summary" ipcs -u --sysroot "$FIXTURES/sysroot-captured"; }
@test "ipcs unknown option"           { bad usage "'x'" ipcs -x; }
@test "ipcs unknown option in a cluster" { bad usage "'z'" ipcs -mz; }
@test "ipcs unknown long option"      { bad usage "'--bogus=1'" ipcs --bogus=1; }
@test "ipcs ambiguous prefix"         { bad usage "'--s'" ipcs --s; }
@test "ipcs -i without argument"      { bad usage "'i'" ipcs -mi; }
@test "ipcs --id without argument"    { bad usage "'--id'" ipcs -m --id; }
@test "ipcs --human=1"                { bad usage "'--human'" ipcs --hum=1; }

# ---------------------------------------------------------------- ipcmk
@test "ipcmk -M ''"                   { bad value "''" ipcmk -M ''; }
@test "ipcmk -M junk"                 { bad value "'abc'" ipcmk -M abc; }
@test "ipcmk -M negative"             { bad value "'-1'" ipcmk -M -1; }
@test "ipcmk -M overflow"             { bad value "'99999999999999999999999'" ipcmk -M 99999999999999999999999; }
@test "ipcmk -M suffix overflow"      { bad value "'17179869184E'" ipcmk -M 17179869184E; }
@test "ipcmk -M bad suffix"           { bad value "'1Q'" ipcmk -M 1Q; }
@test "ipcmk -M fraction without suffix" { bad value "'1.5'" ipcmk -M 1.5; }
@test "ipcmk -M bad hex"              { bad value "'0xg'" ipcmk -M 0xg; }
@test "ipcmk -M bad octal"            { bad value "'09'" ipcmk -M 09; }
@test "ipcmk -M 0"                    { bad value "shared memory failed: Invalid argument" ipcmk -M 0; }
@test "ipcmk -m junk"                 { bad value "'1x'" ipcmk -m 1x -n /new; }
@test "ipcmk -S ''"                   { bad value "''" ipcmk -S ''; }
@test "ipcmk -S junk"                 { bad value "'two'" ipcmk -S two; }
@test "ipcmk -S negative"             { bad value "semaphore failed: Invalid argument" ipcmk -S -1; }
@test "ipcmk -S 0"                    { bad value "semaphore failed: Invalid argument" ipcmk -S 0; }
@test "ipcmk -S overflow"             { bad value "'4294967297'" ipcmk -S 4294967297; }
@test "ipcmk -S hex"                  { bad value "'0x5'" ipcmk -S 0x5; }
@test "ipcmk -p ''"                   { bad value "''" ipcmk -Q -p ''; }
@test "ipcmk -p junk"                 { bad value "'rw'" ipcmk -Q -p rw; }
@test "ipcmk -p not octal"            { bad value "'999'" ipcmk -Q -p 999; }
@test "ipcmk -p above 0777"           { bad value "'1777'" ipcmk -Q -p 1777; }
@test "ipcmk -p negative"             { bad value "'-1'" ipcmk -Q -p -1; }
@test "ipcmk -p hex"                  { bad value "'0x1ff'" ipcmk -Q -p 0x1ff; }
@test "ipcmk -n ''"                   { bad value "''" ipcmk -s -n ''; }
@test "ipcmk -n with a slash inside"  { bad value "a/b" ipcmk -q -n /a/b; }
@test "ipcmk -n too long"             { bad value "$LONG" ipcmk -m 64 -n "$LONG"; }
@test "ipcmk -n existing name"        { bad value "POSIX semaphore failed: File exists" ipcmk -s -n /obj; }
@test "ipcmk --key ''"                { bad value "''" ipcmk -Q --key ''; }
@test "ipcmk --key junk"              { bad value "'key'" ipcmk -Q --key key; }
@test "ipcmk --key overflow"          { bad value "'0x100000000'" ipcmk -Q --key 0x100000000; }
@test "ipcmk --key taken"             { bad value "message queue failed: File exists" ipcmk -Q --key 0x200; }
@test "ipcmk --maxmsg junk"           { bad value "'ten'" ipcmk -q -n /new --maxmsg ten; }
@test "ipcmk --maxmsg 0"              { bad value "0" ipcmk -q -n /new --maxmsg 0; }
@test "ipcmk --msgsize negative"      { bad value "-8" ipcmk -q -n /new --msgsize -8; }
@test "ipcmk --msgsize overflow"      { bad value "99999999999999" ipcmk -q -n /new --msgsize 99999999999999; }
@test "ipcmk --value junk"            { bad value "'one'" ipcmk -s -n /new --value one; }
@test "ipcmk --value negative"        { bad value "'-1'" ipcmk -s -n /new --value -1; }
@test "ipcmk --value overflow"        { bad value "'2147483648'" ipcmk -s -n /new --value 2147483648; }
@test "ipcmk nothing to create"       { bad usage "bad usage" ipcmk -p 600; }
@test "ipcmk POSIX without a name"    { bad usage "name" ipcmk -m 64; }
@test "ipcmk stray argument"          { bad usage "foo" ipcmk -Q foo; }
@test "ipcmk unknown option"          { bad usage "'x'" ipcmk -Qx; }
@test "ipcmk unknown long option"     { bad usage "'--bogus'" ipcmk --bogus; }
@test "ipcmk ambiguous prefix"        { bad usage "'--posix-s'" ipcmk --posix-s 64; }
@test "ipcmk -M without argument"     { bad usage "'M'" ipcmk -M; }
@test "ipcmk --json=yes"              { bad usage "'--json'" ipcmk -Q --json=yes; }

# ---------------------------------------------------------------- ipcrm
@test "ipcrm -m ''"                   { bad value "''" ipcrm -m ''; }
@test "ipcrm -m junk"                 { bad value "'abc'" ipcrm -m abc; }
@test "ipcrm -m negative"             { bad value "'-1'" ipcrm -m -1; }
@test "ipcrm -q overflow"             { bad value "'4294967298'" ipcrm -q 4294967298; }
@test "ipcrm -s hex"                  { bad value "'0x5'" ipcrm -s 0x5; }
@test "ipcrm -m no such id"           { bad value "123456" ipcrm -m 123456; }
@test "ipcrm -s above INT_MAX"        { bad value "'2147483648'" ipcrm -s 2147483648; }
@test "ipcrm a bad id after a good one removes nothing" { bad value "'x1'" ipcrm -m "$SHM" -q x1; }
@test "ipcrm -M ''"                   { bad value "''" ipcrm -M ''; }
@test "ipcrm -M junk"                 { bad value "'key'" ipcrm -M key; }
@test "ipcrm -Q overflow"             { bad value "'0x100000000'" ipcrm -Q 0x100000000; }
@test "ipcrm -S bad octal"            { bad value "'08'" ipcrm -S 08; }
@test "ipcrm -M key 0"                { bad value "0x0" ipcrm -M 0x0; }
@test "ipcrm -S no such key"          { bad value "0x999" ipcrm -S 0x999; }
@test "ipcrm --posix-shmem ''"        { bad value "''" ipcrm --posix-shmem ''; }
@test "ipcrm --posix-mqueue slash inside" { bad value "a/b" ipcrm --posix-mqueue /a/b; }
@test "ipcrm --posix-semaphore no such name" { bad value "nosuch" ipcrm --posix-semaphore nosuch; }
@test "ipcrm --posix-shmem too long"  { bad value "$LONG" ipcrm --posix-shmem "$LONG"; }
@test "ipcrm --all=bogus"             { bad value "bogus" ipcrm --all=bogus; }
@test "ipcrm --all= empty type"       { bad value "unknown argument" ipcrm --all=; }
@test "ipcrm --all=shm,, empty item"  { bad value "shm,," ipcrm --all=shm,,; }
@test "ipcrm -a TYPE with a space"    { bad usage "shm" ipcrm -a shm; }
@test "ipcrm --owner unknown user"    { bad value "nosuchuser" ipcrm --all --owner nosuchuser; }
@test "ipcrm --creator ''"            { bad value "''" ipcrm --all --creator ''; }
@test "ipcrm --older-than junk"       { bad value "'soon'" ipcrm --all --older-than soon; }
@test "ipcrm --older-than negative"   { bad value "'-5m'" ipcrm --all --older-than -5m; }
@test "ipcrm --older-than bad unit"   { bad value "'5y'" ipcrm --all --older-than 5y; }
@test "ipcrm --older-than overflow"   { bad value "'99999999999999999999w'" ipcrm --all --older-than 99999999999999999999w; }
@test "ipcrm --name without --all"    { bad usage "--name" ipcrm --name 'x*'; }
@test "ipcrm --unused without --all"  { bad usage "--unused" ipcrm -m "$SHM" --unused; }
@test "ipcrm --dry-run without --all" { bad usage "--dry-run" ipcrm -m "$SHM" --dry-run; }
@test "ipcrm no arguments"            { bad usage "bad usage" ipcrm; }
@test "ipcrm stray argument"          { bad usage "junk" ipcrm -m "$SHM" junk; }
@test "ipcrm legacy without ids"      { bad usage "not enough arguments" ipcrm shm; }
@test "ipcrm legacy junk id"          { bad value "abc" ipcrm shm "$SHM" abc; }
@test "ipcrm legacy overflow id"      { bad value "4294967298" ipcrm msg 4294967298; }
@test "ipcrm unknown option"          { bad usage "'x'" ipcrm -vx; }
@test "ipcrm unknown long option"     { bad usage "'--bogus'" ipcrm --bogus; }
@test "ipcrm ambiguous prefix"        { bad usage "'--s'" ipcrm --s 1; }
@test "ipcrm -m without argument"     { bad usage "'m'" ipcrm -m; }
@test "ipcrm --verbose=1"             { bad usage "'--verbose'" ipcrm --verbose=1 -m "$SHM"; }

# ------------------------------------- control bytes in what a message echoes
# argv bytes come back as \xHH (backslash included), and the message stays one
# line: the line counts of bad() above are the point of these cases.
@test "ipcs -i with a newline"        { bad value "'0\\x0a'" ipcs -m -i $'0\n'; }
@test "ipcs -i with an escape sequence" { bad value "'\\x1b[2J1'" ipcs -q -i $'\e[2J1'; }
@test "ipcs -i with a backslash"      { bad value "'1\\x5cn'" ipcs -m -i '1\n'; }
@test "ipcs --sysroot with a newline" { bad value "'/no\\x0asuch'" ipcs --sysroot $'/no\nsuch'; }
@test "ipcs -N with a newline"        { bad value "'a/\\x0a'" ipcs -M -N $'a/\n'; }
@test "ipcs unknown long option with a newline" { bad usage "'--bo\\x0agus'" ipcs $'--bo\ngus'; }
@test "ipcmk -M with a newline"       { bad value "'1\\x0a'" ipcmk -M $'1\n'; }
@test "ipcmk -S with an escape sequence" { bad value "'\\x1b[2J'" ipcmk -S $'\e[2J'; }
@test "ipcmk -p with a newline"       { bad value "'644\\x0a'" ipcmk -Q -p $'644\n'; }
@test "ipcmk --key with a newline"    { bad value "'0x1\\x0a'" ipcmk -Q --key $'0x1\n'; }
@test "ipcmk --maxmsg with a newline" { bad value "'1\\x0a'" ipcmk -q -n /new --maxmsg $'1\n'; }
@test "ipcmk --value with a tab"      { bad value "'1\\x09'" ipcmk -s -n /new --value $'1\t'; }
@test "ipcmk -n with a newline"       { bad value "'a/\\x0a'" ipcmk -s -n $'a/\n'; }
@test "ipcmk -n too long with a newline" { bad value "'$LONG\\x0a'" ipcmk -m 1 -n "$LONG"$'\n'; }
@test "ipcmk stray argument with a newline" { bad usage "x\\x0ay" ipcmk -Q $'x\ny'; }
@test "ipcmk unknown option byte"     { bad usage "'\\x01'" ipcmk -Q$'\001'; }
@test "ipcbox unknown applet with a newline" { bad value "'lsipc\\x0a'" ipcbox $'lsipc\n'; }
@test "ipcbox unknown applet with an escape sequence" { bad value "'\\x1b]0;x\\x07'" ipcbox $'\e]0;x\a'; }
@test "lsipc -o unknown column with a newline" { bad value "BO\\x0aGUS" lsipc -m -o $'KEY,BO\nGUS'; }
