#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# lsipc: every option, kind and output mode, checked in the sandbox.

load helpers

bats_require_minimum_version 1.5.0

setup() {
    reset_ipc
}

teardown() {
    # a test may unmount the queue filesystem; the next one needs it back
    mountpoint -q /dev/mqueue || mount -t mqueue mqueue /dev/mqueue
}

# the first line of $output split into words
header() {
    head -n1 <<<"$output" | tr -s ' ' | sed 's/^ //; s/ $//'
}

# expect a failure: exit 1, nothing on stdout, one "lsipc: ...TEXT..." line
# on stderr (plus popt's "Try ..." line for usage errors), IPC state unchanged
expect_error() {
    local text=$1
    shift
    local before
    before=$(ipc_snapshot)
    run --separate-stderr lsipc "$@"
    echo "status=$status stdout=[$output] stderr=[$stderr]"
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    [[ "${stderr_lines[0]}" == "lsipc: "* ]]
    [[ "${stderr_lines[0]}" == *"$text"* ]]
    if [ "${#stderr_lines[@]}" -eq 2 ]; then
        [ "${stderr_lines[1]}" = "Try 'lsipc --help' for more information." ]
    else
        [ "${#stderr_lines[@]}" -eq 1 ]
    fi
    [ "$(ipc_snapshot)" = "$before" ]
}

# a detail-view line: label + ':' padded to column 36, value padded to 36
detail_line() {
    printf '%-36s%-36s' "$1:" "$2"
}

# ---- listings: columns of each kind ----

@test "no objects: a table prints nothing at all" {
    for k in -m -q -s -M -Q -S; do
        run --separate-stderr lsipc $k
        [ "$status" -eq 0 ]
        [ -z "$output" ]
        [ -z "$stderr" ]
    done
}

@test "no objects: JSON is valid and has the right key" {
    for pair in m:sharedmemory q:messages s:semaphores M:posix-sharedmemory \
                Q:posix-messages S:posix-semaphores; do
        run lsipc -"${pair%%:*}" --json
        [ "$status" -eq 0 ]
        jq -e --arg k "${pair#*:}" '.[$k] == [] and (keys == [$k])' <<<"$output"
    done
}

@test "-m: default columns and values" {
    id=$(ipctool shm 0x1234 70000 0600)
    run lsipc -m
    [ "$status" -eq 0 ]
    [ "$(header)" = "KEY ID PERMS OWNER SIZE NATTCH STATUS CTIME CPID LPID COMMAND" ]
    run lsipc --shmems --raw --noheadings -o KEY,ID,PERMS,OWNER,SIZE,NATTCH
    [ "$output" = "0x00001234 $id rw------- root 68.4K 0" ]
}

@test "-q: default columns and values" {
    id=$(ipctool msg 0x55 0640)
    ipctool msgsnd "$id" 100 3
    run lsipc -q
    [ "$(header)" = "KEY ID PERMS OWNER USEDBYTES MSGS LSPID LRPID" ]
    run lsipc --queues -r --noheadings
    set -- $output
    [ "$1" = 0x00000055 ] && [ "$2" = "$id" ] && [ "$3" = rw-r----- ] && [ "$4" = root ]
    [ "$5" = 300B ] && [ "$6" = 3 ] && [ "$7" -gt 0 ] && [ "$8" = 0 ]
}

@test "-s: default columns and values" {
    id=$(ipctool sem 0x66 3 0600)
    run lsipc -s
    [ "$(header)" = "KEY ID PERMS OWNER NSEMS" ]
    run lsipc --semaphores -r --noheadings
    [ "$output" = "0x00000066 $id rw------- root 3" ]
}

@test "-M: default columns, names with a leading slash" {
    ipctool pshm /seg 8192 0640
    run lsipc -M
    [ "$(header)" = "NAME PERMS OWNER SIZE MTIME" ]
    run lsipc --posix-shmems -r --noheadings -o NAME,PERMS,OWNER,SIZE
    [ "$output" = "/seg rw-r----- root 8K" ]
}

@test "-Q: default columns and values" {
    ipctool pmq /mq 0600
    ipctool pmqsend /mq 10 2
    run lsipc -Q
    [ "$(header)" = "NAME PERMS OWNER MTIME USEDBYTES MSGS" ]
    run lsipc --posix-mqueues -r --noheadings -o NAME,PERMS,OWNER,USEDBYTES,MSGS
    [ "$output" = "/mq rw------- root 20B 2" ]
}

@test "-S: default columns and values" {
    ipctool psem /sem 0644 5
    run lsipc -S
    [ "$(header)" = "NAME PERMS OWNER MTIME SVAL" ]
    run lsipc --posix-semaphores -r --noheadings -o NAME,PERMS,SVAL,WAITERS
    [ "$output" = "/sem rw-r--r-- 5 0" ]
}

@test "-c adds creator and owner columns (System V: CUID CGID UID GID; POSIX: CUID CGID)" {
    run lsipc -m -c
    ipctool shm 1 10 0600 >/dev/null
    run lsipc -m -c
    [ "$(header)" = "KEY ID PERMS OWNER SIZE NATTCH STATUS CTIME CPID LPID COMMAND CUID CGID UID GID" ]
    ipctool msg 1 0600 >/dev/null
    run lsipc -q --creator
    [ "$(header)" = "KEY ID PERMS OWNER USEDBYTES MSGS LSPID LRPID CUID CGID UID GID" ]
    ipctool sem 1 1 0600 >/dev/null
    run lsipc -s -c
    [ "$(header)" = "KEY ID PERMS OWNER NSEMS CUID CGID UID GID" ]
    ipctool pshm /x 1 0600
    run lsipc -M -c
    [ "$(header)" = "NAME PERMS OWNER SIZE MTIME CUID CGID" ]
}

@test "-t adds the time columns of each kind" {
    ipctool shm 1 10 0600 >/dev/null
    run lsipc -m -t
    [ "$(header)" = "KEY ID PERMS OWNER SIZE NATTCH STATUS CTIME CPID LPID ATTACH DETACH COMMAND" ]
    ipctool msg 1 0600 >/dev/null
    run lsipc -q --time
    [ "$(header)" = "KEY ID PERMS OWNER USEDBYTES MSGS LSPID LRPID SEND RECV CTIME" ]
    ipctool sem 1 1 0600 >/dev/null
    run lsipc -s -t
    [ "$(header)" = "KEY ID PERMS OWNER NSEMS OTIME CTIME" ]
    ipctool psem /x 0600 1
    run lsipc -S -t
    [ "$(header)" = "NAME PERMS OWNER MTIME SVAL" ]
}

@test "-b prints sizes in bytes, -P octal permissions for every kind" {
    ipctool shm 1 70000 0600 >/dev/null
    id=$(ipctool msg 2 0640)
    ipctool msgsnd "$id" 1500
    ipctool pmq /q 0604
    run lsipc -m -b -r --noheadings -o SIZE
    [ "$output" = 70000 ]
    run lsipc -q --bytes -r --noheadings -o USEDBYTES,PERMS -P
    [ "$output" = "1500 0640" ]
    run lsipc -Q -r --noheadings -o PERMS --numeric-perms
    [ "$output" = "0604" ]
}

@test "STATUS shows locked and dest" {
    id=$(ipctool shm 7 4096 0600)
    ipctool shmlock "$id"
    run lsipc -m -r --noheadings -o STATUS
    [ "$output" = locked ]
    mkfifo "$BATS_TEST_TMPDIR/hold"
    ipctool hold-shm "$id" <"$BATS_TEST_TMPDIR/hold" >"$BATS_TEST_TMPDIR/ready" &
    exec 4>"$BATS_TEST_TMPDIR/hold"
    for _ in $(seq 50); do grep -q ready "$BATS_TEST_TMPDIR/ready" && break; sleep 0.1; done
    ipctool shmrm "$id"
    run lsipc -m -r --noheadings -o KEY,NATTCH,STATUS
    exec 4>&-
    wait
    [ "$output" = "0x00000000 1 dest,locked" ]
}

@test "COMMAND is the creator's command line while it runs, empty after" {
    mkfifo "$BATS_TEST_TMPDIR/in"
    perl -e '$| = 1; my $id = shmget(0, 100, 01000 | 0600); print "$id\n"; <STDIN>;' \
        marker-arg <"$BATS_TEST_TMPDIR/in" >"$BATS_TEST_TMPDIR/out" &
    exec 4>"$BATS_TEST_TMPDIR/in"
    for _ in $(seq 50); do [ -s "$BATS_TEST_TMPDIR/out" ] && break; sleep 0.1; done
    run lsipc -m -J -o COMMAND,CPID
    exec 4>&-
    wait
    jq -e '.sharedmemory[0] | (.command | startswith("perl -e ") and endswith(" marker-arg"))
        and (.cpid | type) == "number"' <<<"$output"
    run lsipc -m -J -o COMMAND
    jq -e '.sharedmemory[0].command == null' <<<"$output"
}

@test "--notruncate keeps a long COMMAND whole on a terminal" {
    command -v script >/dev/null || skip "script(1) is not installed"
    long=$(printf 'x%.0s' $(seq 150))
    mkfifo "$BATS_TEST_TMPDIR/in"
    perl -e '$| = 1; my $id = shmget(0, 100, 01000 | 0600); print "$id\n"; <STDIN>;' \
        "$long" <"$BATS_TEST_TMPDIR/in" >"$BATS_TEST_TMPDIR/out" &
    exec 4>"$BATS_TEST_TMPDIR/in"
    for _ in $(seq 50); do [ -s "$BATS_TEST_TMPDIR/out" ] && break; sleep 0.1; done
    cut=$(COLUMNS=80 script -qc "lsipc -m" /dev/null | tr -d '\r')
    whole=$(COLUMNS=80 script -qc "lsipc -m --notruncate" /dev/null | tr -d '\r')
    exec 4>&-
    wait
    [ "$(awk '{ if (length($0) > m) m = length($0) } END { print m }' <<<"$cut")" -le 80 ]
    [[ "$cut" != *"$long"* ]]
    [[ "$whole" == *"$long"* ]]
}

# ---- -o ----

@test "-o replaces the columns, +LIST appends, names are case-insensitive" {
    ipctool shm 0x10 10 0600 >/dev/null
    run lsipc -m -o key,Id
    [ "$(header)" = "KEY ID" ]
    run lsipc -m --output +cuid,CGID
    [ "$(header)" = "KEY ID PERMS OWNER SIZE NATTCH STATUS CTIME CPID LPID COMMAND CUID CGID" ]
    run lsipc -m -o KEY,KEY
    [ "$(header)" = "KEY KEY" ]
}

@test "-o accepts every column that applies, default ones included" {
    ipctool pmq /q 0600
    ipctool pshm /m 10 0600
    ipctool psem /s 0600 1
    run lsipc -Q -o USEDBYTES,MSGS,MAXMSG,MSGSIZE,NOTIFY_PID,SIGNO,UID,CTIME
    [ "$status" -eq 0 ]
    run lsipc -M -o SIZE,NAME,MTIME
    [ "$status" -eq 0 ]
    run lsipc -S -o SVAL,WAITERS
    [ "$status" -eq 0 ]
    run lsipc -m -o RSS,SWAP,SIZE,COMMAND
    [ "$status" -eq 0 ]
    run lsipc -g -o RESOURCE,USE%
    [ "$status" -eq 0 ]
}

@test "-o rejects columns of another kind" {
    expect_error "column NAME does not apply" -m -o NAME
    expect_error "column KEY does not apply" -M -o KEY
    expect_error "column SIZE does not apply" -q -o SIZE
    expect_error "column SVAL does not apply" -s -o SVAL
    expect_error "column KEY does not apply" -o KEY
    expect_error "column LIMIT does not apply" -S -o LIMIT
}

@test "-o: unknown column" { expect_error "unknown column: FOO" -m -o KEY,FOO; }
@test "-o: empty item" { expect_error "empty column name in 'KEY,,ID'" -m -o KEY,,ID; }
@test "-o: empty list" { expect_error "empty column list" -m -o ""; }
@test "-o: a bare +" { expect_error "empty column list" -m -o +; }
@test "-o: missing argument" {
    expect_error "requires an argument" -m -o
    [[ "${stderr_lines[0]}" == *"o'"* ]]
}

# ---- output modes ----

@test "-r, -e, -n, -J, -l and -y" {
    ipctool shm 0x20 100 0644 >/dev/null
    run lsipc -m -r -o KEY,PERMS
    [ "${lines[0]}" = "KEY PERMS" ]
    [ "${lines[1]}" = "0x00000020 rw-r--r--" ]
    run lsipc -m -e -o KEY,PERMS
    [ "$output" = 'KEY="0x00000020" PERMS="rw-r--r--"' ]
    run lsipc -m --newline -o KEY,PERMS
    [ "${lines[0]}" = 'KEY="0x00000020"' ]
    [ "${lines[1]}" = 'PERMS="rw-r--r--"' ]
    run lsipc -m --export --shell -g -o USE%
    [[ "${lines[0]}" == USE_PCT=* ]]
    run lsipc -g -q -J -y
    jq -e '.ipclimits[0] | has("use_pct")' <<<"$output"
    run lsipc -g -q -y
    [ "$(header)" = "RESOURCE DESCRIPTION LIMIT USED USE_PCT" ]
    run lsipc -m --list
    [ "$(header)" = "KEY ID PERMS OWNER SIZE NATTCH STATUS CTIME CPID LPID COMMAND" ]
}

@test "--noheadings and --notruncate" {
    ipctool shm 0x20 100 0644 >/dev/null
    run lsipc -m --noheadings -o KEY
    [ "$output" = 0x00000020 ]
    run lsipc -m --notruncate -o KEY,COMMAND
    [ "$status" -eq 0 ]
    [ "$(header)" = "KEY COMMAND" ]
}

@test "JSON: numbers are numbers, sizes bytes, times ISO 8601, absent is null" {
    id=$(ipctool shm 0x1234 70000 0600)
    run lsipc -m -J -o KEY,ID,SIZE,NATTCH,STATUS,ATTACH,PERMS,OWNER,CPID,CUID,CGID,UID,GID,CTIME
    [ "$status" -eq 0 ]
    jq -e --argjson id "$id" '.sharedmemory[0] |
        .key == "0x00001234" and .id == $id and .size == 70000 and
        .nattch == 0 and .status == null and .attach == null and
        .perms == "rw-------" and .owner == "root" and
        (.cpid | type) == "number" and .cuid == 0 and .cgid == 0 and
        .uid == 0 and .gid == 0 and
        (.ctime | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[+-][0-9]{2}:[0-9]{2}$"))' \
        <<<"$output"
    qid=$(ipctool msg 5 0600)
    ipctool msgsnd "$qid" 10 4
    run lsipc -q -J -t
    jq -e '.messages[0] | .usedbytes == 40 and .msgs == 4 and (.lspid | type) == "number" and
        .lrpid == 0 and .recv == null and (.send | type) == "string"' <<<"$output"
    ipctool sem 6 4 0600 >/dev/null
    run lsipc -s -J -t
    jq -e '.semaphores[0] | .nsems == 4 and .otime == null' <<<"$output"
}

@test "JSON: POSIX kinds and the global view are typed too" {
    ipctool pmq /q 0600 7 64
    ipctool pmqsend /q 5 3
    ipctool pshm /m 4096 0600
    ipctool psem /s 0600 9
    run lsipc -Q -J -o NAME,USEDBYTES,MSGS,MAXMSG,MSGSIZE,NOTIFY_PID,SIGNO,MTIME
    jq -e '.["posix-messages"][0] | .name == "/q" and .usedbytes == 15 and .msgs == 3 and
        .maxmsg == 7 and .msgsize == 64 and .notify_pid == null and .signo == null and
        (.mtime | test("T"))' <<<"$output"
    run lsipc -M -J
    jq -e '.["posix-sharedmemory"][0] | .name == "/m" and .size == 4096' <<<"$output"
    run lsipc -S -J -o +WAITERS
    jq -e '.["posix-semaphores"][0] | .sval == 9 and .waiters == 0' <<<"$output"
    run lsipc -g -J
    jq -e '.ipclimits | map(select(.resource == "MSGMAX"))[0] |
        (.limit | type) == "number" and .used == null and .["use%"] == null' <<<"$output"
    jq -e '.ipclimits | map(select(.resource == "MQUMNI"))[0] |
        .used == 1 and (.["use%"] | type) == "number"' <<<"$output"
}

@test "JSON and detail views keep control characters in names harmless" {
    name=$(printf '/a\033[31mb\\c\001\302\233')
    ipctool pshm "$name" 10 0600
    for mode in "" -r -e -n; do
        run lsipc -M $mode -o NAME
        [ "$status" -eq 0 ]
        ! grep -q $'[\001\033\177]' <<<"$output"
        ! grep -q $'\302\233' <<<"$output"
    done
    run lsipc -M -N "$name"
    ! grep -q $'[\001\033]' <<<"$output"
    [[ "$output" == *'/a\x1b[31mb\x5cc\x01\xc2\x9b'* ]]
    run lsipc -M -J
    ! grep -q $'[\001\033]' <<<"$output"
    ! grep -q $'\302\233' <<<"$output"
    jq -e --arg n "$name" '.["posix-sharedmemory"][0].name == $n' <<<"$output"
}

@test "UTF-8 names are shown as they are in a UTF-8 locale" {
    locale -a 2>/dev/null | grep -qix 'c.utf-\?8' || skip "no C.UTF-8 locale"
    ipctool pshm "$(printf '/caf\303\251')" 10 0600
    run env LC_ALL=C.UTF-8 lsipc -M --noheadings -o NAME
    [ "$output" = "$(printf '/caf\303\251')" ]
    run env LC_ALL=C.UTF-8 lsipc -M -N "$(printf 'caf\303\251')"
    grep -qxF "$(detail_line Name "$(printf '/caf\303\251')")" <<<"$output"
    run env LC_ALL=C.UTF-8 lsipc -M -J
    jq -e '.["posix-sharedmemory"][0].name == "/caf\u00e9"' <<<"$output"
}

# ---- detail views ----

@test "-i: detail view of a segment in the util-linux label layout" {
    id=$(ipctool shm 0x1234 70000 0600)
    run lsipc -m -i "$id"
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "$(detail_line Key 0x00001234)" ]
    [ "${lines[1]}" = "$(detail_line ID "$id")" ]
    grep -qxF "$(detail_line 'Segment size' 68.4K)" <<<"$output"
    grep -qxF "$(detail_line Status '')" <<<"$output"
    # full time format by default in detail views
    grep -qE '^Last change: +[A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} [0-9]{4} +$' <<<"$output"
    # columns without a value are left out
    ! grep -q '^Attach time:' <<<"$output"
}

@test "-i with -b, -t, -c and --time-format" {
    id=$(ipctool shm 0x1234 70000 0600)
    run lsipc -m -i "$id" -b
    grep -qxF "$(detail_line 'Segment size' 70000)" <<<"$output"
    run lsipc -m -i "$id" -c
    [ "${#lines[@]}" -eq 14 ]
    grep -q '^Creator UID:' <<<"$output"
    run lsipc -m -i "$id" --time-format=iso
    grep -qE '^Last change: +[0-9]{4}-[0-9]{2}-[0-9]{2}T' <<<"$output"
}

@test "-i of a semaphore set shows its elements in every mode" {
    id=$(ipctool sem 0x66 3 0600)
    ipctool semset "$id" 1 7
    run lsipc -s -i "$id"
    grep -qx 'Elements:' <<<"$output"
    grep -qE '^SEMNUM +VALUE +NCOUNT +ZCOUNT +PID +COMMAND$' <<<"$output"
    grep -qE '^ +1 +7 +0 +0 +[0-9]+ ?' <<<"$output"
    run lsipc -s -i "$id" -J
    jq -e '.semaphores[0].elements | length == 3 and .[1].value == 7 and .[0].value == 0
        and .[1].semnum == 1 and (.[1].pid | type) == "number"' <<<"$output"
    run lsipc -s -i "$id" -e
    grep -q '^SEMNUM="1" VALUE="7" NCOUNT="0" ZCOUNT="0"' <<<"$output"
    run lsipc -s -i "$id" -r
    grep -qE '^1 7 0 0 [0-9]+ ?$' <<<"$output"
    run lsipc -s -i "$id" -l
    grep -qE '^ +1 +7 +0 +0 ' <<<"$output"
}

@test "-i with -l gives the default columns, one row; -J them first, then the rest" {
    id=$(ipctool msg 0x77 0600)
    run lsipc -q -i "$id" -J
    jq -e --argjson id "$id" '.messages | length == 1 and .[0].id == $id and
        (.[0] | keys_unsorted[:8]) == ["key", "id", "perms", "owner", "usedbytes",
                                      "msgs", "lspid", "lrpid"]
        and (.[0] | has("send") and has("ctime") and has("cuid"))' <<<"$output"
    run lsipc -q -i "$id" -l
    [ "$(header)" = "KEY ID PERMS OWNER USEDBYTES MSGS LSPID LRPID" ]
    [ "${#lines[@]}" -eq 2 ]
}

@test "-i -1 is no id: the whole list" {
    ipctool msg 1 0600 >/dev/null
    ipctool msg 2 0600 >/dev/null
    run lsipc -q -i -1 --noheadings
    [ "${#lines[@]}" -eq 2 ]
}

@test "-N: detail views of POSIX objects, with or without the leading slash" {
    ipctool pshm /seg 4096 0600
    ipctool pmq /mq 0600 4 32
    ipctool psem /sem 0600 2
    for n in seg /seg; do
        run lsipc -M -N "$n"
        [ "$status" -eq 0 ]
        grep -qxF "$(detail_line Name /seg)" <<<"$output"
        grep -qxF "$(detail_line 'Segment size' 4K)" <<<"$output"
    done
    run lsipc -Q --name mq
    grep -qxF "$(detail_line Name /mq)" <<<"$output"
    grep -qxF "$(detail_line 'Max messages' 4)" <<<"$output"
    run lsipc -S -N /sem -J
    jq -e '.["posix-semaphores"][0] | .name == "/sem" and .sval == 2' <<<"$output"
}

@test "-Q: listing without USEDBYTES leaves the queue's times alone" {
    ipctool pmq /q 0600
    before=$(stat -c '%X %Y %Z' /dev/mqueue/q)
    sleep 1.1
    run lsipc -Q -o NAME,MSGS,MAXMSG,MSGSIZE,PERMS
    [ "$status" -eq 0 ]
    [ "$(stat -c '%X %Y %Z' /dev/mqueue/q)" = "$before" ]
}

# ---- global view ----

@test "-g: every row in order, limits from /proc/sys" {
    run lsipc -g -r --noheadings -o RESOURCE
    [ "$(echo $output)" = "MSGMNI MSGMAX MSGMNB MQUMNI MQUMAX MQUMNB SHMMNI SHMALL SHMMAX SHMMIN PSHMFS PSHMNUM SEMMNI SEMMNS SEMMSL SEMOPM SEMVMX PSEMNUM REMOVEIPC" ]
    run lsipc --global -b -J
    for r in msgmni msgmax msgmnb shmmni shmmax shmall; do
        want=$(cat /proc/sys/kernel/$r)
        jq -e --arg r "${r^^}" --argjson v "$want" \
            '.ipclimits | map(select(.resource == $r))[0].limit == $v' <<<"$output"
    done
    read -r msl mns opm mni </proc/sys/kernel/sem
    jq -e --argjson a "$msl" --argjson b "$mns" --argjson c "$opm" --argjson d "$mni" '
        (.ipclimits | map({key: .resource, value: .limit}) | from_entries) as $l |
        $l.SEMMSL == $a and $l.SEMMNS == $b and $l.SEMOPM == $c and $l.SEMMNI == $d and
        $l.SEMVMX == 32767' <<<"$output"
    jq -e --argjson q "$(cat /proc/sys/fs/mqueue/queues_max)" \
        '.ipclimits | map(select(.resource == "MQUMNI"))[0].limit == $q' <<<"$output"
}

@test "-g: usage counts" {
    ipctool msg 1 0600 >/dev/null
    ipctool msg 2 0600 >/dev/null
    ipctool sem 3 4 0600 >/dev/null
    ipctool sem 4 5 0600 >/dev/null
    ipctool pshm /a 10 0600
    ipctool pshm /b 10 0600
    ipctool pshm /c 10 0600
    ipctool psem /s 0600 1
    ipctool pmq /q 0600
    run lsipc -g -J
    jq -e '(.ipclimits | map({key: .resource, value: .used}) | from_entries) as $u |
        $u.MSGMNI == 2 and $u.SEMMNI == 2 and $u.SEMMNS == 9 and $u.PSHMNUM == 3 and
        $u.PSEMNUM == 1 and $u.MQUMNI == 1 and $u.SHMMNI == 0 and $u.MSGMAX == null' <<<"$output"
    run lsipc -g -r --noheadings -o RESOURCE,USED,USE%
    grep -qx 'MSGMNI 2 0.01%' <<<"$output" || grep -qE '^MSGMNI 2 [0-9.]+%$' <<<"$output"
}

@test "-g with a resource option: that resource's rows only, summary columns only" {
    run lsipc -g -q
    [ "$(header)" = "RESOURCE DESCRIPTION LIMIT USED USE%" ]
    run lsipc -g -q -r --noheadings -o RESOURCE
    [ "$(echo $output)" = "MSGMNI MSGMAX MSGMNB" ]
    run lsipc -g -m -r --noheadings -o RESOURCE
    [ "$(echo $output)" = "SHMMNI SHMALL SHMMAX SHMMIN" ]
    run lsipc -g -s -r --noheadings -o RESOURCE
    [ "$(echo $output)" = "SEMMNI SEMMNS SEMMSL SEMOPM SEMVMX" ]
    run lsipc -g -Q -r --noheadings -o RESOURCE
    [ "$(echo $output)" = "MQUMNI MQUMAX MQUMNB" ]
    run lsipc -g -M -r --noheadings -o RESOURCE
    [ "$(echo $output)" = "PSHMFS PSHMNUM" ]
    run lsipc -g -S -r --noheadings -o RESOURCE
    [ "$(echo $output)" = "PSEMNUM" ]
}

@test "-g: POSIX shm filesystem size and use come from statvfs" {
    ipctool pshm /big 1048576 0600
    head -c 1048576 /dev/zero >/dev/shm/big
    run lsipc -g -M -b -J
    size=$(( $(stat -f -c '%b * %S' /dev/shm) ))
    jq -e --argjson s "$size" '.ipclimits[0] | .resource == "PSHMFS" and .limit == $s and
        .used >= 1048576' <<<"$output"
}

@test "-g: a limit of 0 has no percentage (util-linux prints -nan%)" {
    old=$(cat /proc/sys/kernel/msgmni)
    echo 0 >/proc/sys/kernel/msgmni || skip "cannot set kernel.msgmni in the sandbox"
    run lsipc -g -q -r --noheadings -o RESOURCE,LIMIT,USED,USE%
    run_json=$(lsipc -g -q -J)
    echo "$old" >/proc/sys/kernel/msgmni
    grep -qx 'MSGMNI 0 0 -' <<<"$output"
    jq -e '.ipclimits[0] | .limit == 0 and .used == 0 and .["use%"] == null' <<<"$run_json"
}

@test "plain lsipc is the global view" {
    run lsipc
    [ "$status" -eq 0 ]
    [ "$(header)" = "RESOURCE DESCRIPTION LIMIT USED USE%" ]
    [ "${#lines[@]}" -eq 20 ]
}

# ---- time formats ----

@test "--time-format short, full and iso" {
    ipctool msg 1 0600 >/dev/null
    run lsipc -q -o CTIME --noheadings -r
    [[ "$output" =~ ^[0-9]{2}:[0-9]{2}$ ]]
    run lsipc -q -o CTIME --noheadings -r --time-format=full
    [[ "$output" =~ ^[A-Z][a-z]{2}\\x20[A-Z][a-z]{2}\\x20 ]]
    run lsipc -q -o CTIME --noheadings -e --time-format iso
    [[ "$output" =~ ^CTIME=\"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\+00:00\"$ ]]
}

# ---- missing mqueue mount ----

@test "no mqueue filesystem: one line on stderr, the rest still works" {
    ipctool msg 1 0600 >/dev/null
    umount /dev/mqueue
    run --separate-stderr lsipc -Q
    [ "$status" -eq 0 ]
    [ -z "$output" ]
    [ "${#stderr_lines[@]}" -eq 1 ]
    [[ "$stderr" == "lsipc: "*"mount -t mqueue none /dev/mqueue"* ]]
    run --separate-stderr lsipc -Q -J
    jq -e '.["posix-messages"] == []' <<<"$output"
    run --separate-stderr lsipc
    [ "$status" -eq 0 ]
    [ "${#stderr_lines[@]}" -eq 1 ]
    grep -qE '^MSGMNI .* 1 ' <<<"$output"
    grep -qE '^MQUMNI .* - +-$' <<<"$output"
    run --separate-stderr lsipc -q
    [ -z "$stderr" ]
}

# ---- non-root ----

@test "non-root: root's 0600 objects are listed, unreadable fields empty or null" {
    ipctool shm 0x1 4096 0600 >/dev/null
    ipctool msg 0x2 0600 >/dev/null
    sid=$(ipctool sem 0x3 2 0600)
    ipctool pmq /q 0600
    ipctool psem /s 0600 4
    ipctool pshm /m 10 0600
    for k in m q s M Q S; do
        run as_nobody lsipc -$k --noheadings
        [ "$status" -eq 0 ]
        [ "${#lines[@]}" -eq 1 ]
    done
    run --separate-stderr as_nobody lsipc -Q -J
    jq -e '.["posix-messages"][0] | .name == "/q" and .owner == "root" and
        .usedbytes == null and .msgs == null' <<<"$output"
    run as_nobody lsipc -S -J
    jq -e '.["posix-semaphores"][0] | .name == "/s" and .sval == null' <<<"$output"
    run as_nobody lsipc -s -i "$sid" -J
    [ "$status" -eq 0 ]
    jq -e '.semaphores[0] | .nsems == 2 and .elements == null' <<<"$output"
    run --separate-stderr as_nobody lsipc -s -i "$sid"
    [ "$status" -eq 0 ]
    grep -qxF "$(detail_line Semaphores 2)" <<<"$output"
}

# ---- errors ----

@test "error: unknown option" { expect_error "--bogus" --bogus; }
@test "error: unknown short option" { expect_error "'x'" -x; }
@test "error: stray argument" { expect_error "'foo'" -m foo; }
@test "error: bad id" { expect_error "failed to parse IPC identifier: 'x1'" -m -i x1; }
@test "error: id out of range" { expect_error "'99999999999'" -m -i 99999999999; }
@test "error: hex id" { expect_error "'0x5'" -q -i 0x5; }
@test "error: id not found" { expect_error "id 4242 not found" -q -i 4242; }
@test "error: name not found, each POSIX kind names its own kind" {
    expect_error "POSIX semaphore /nope not found" -S -N nope
    expect_error "POSIX message queue /nope not found" -Q -N /nope
    expect_error "POSIX shared memory /nope not found" -M --name nope
}
@test "error: id not found, each System V kind" {
    expect_error "id 77 not found" -m -i 77
    expect_error "id 77 not found" -s --id 77
}
@test "error: invalid name" { expect_error "'a/b'" -M -N a/b; }
@test "error: --id with a POSIX kind" { expect_error "--id" -S -i 1; }
@test "error: --name with a System V kind" { expect_error "--name" -m -N x; }
@test "error: --id without a kind" { expect_error "--global is mutually exclusive" -i 0; }
@test "error: --creator without a kind" { expect_error "--global is mutually exclusive" -c; }
@test "error: --global and --time" { expect_error "--global is mutually exclusive" -g -t -m; }
@test "error: --global and --id" { expect_error "options --global and --id cannot be combined" -g -i 1; }
@test "error: bad time format" { expect_error "unknown time format: week" --time-format=week; }
@test "error: --sysroot nowhere" {
    expect_error "cannot use sysroot '/nonexistent': No such file or directory" --sysroot /nonexistent
}
@test "error: --sysroot is a file" {
    expect_error "cannot use sysroot '/etc/passwd': Not a directory" --sysroot /etc/passwd
}

@test "error: the six resource options are mutually exclusive" {
    opts=(m M q Q s S)
    long=(shmems posix-shmems queues posix-mqueues semaphores posix-semaphores)
    for i in 0 1 2 3 4 5; do
        for j in 0 1 2 3 4 5; do
            [ "$i" = "$j" ] && continue
            expect_error "options --${long[$i]} and --${long[$j]} cannot be combined" \
                -${opts[$i]} -${opts[$j]}
        done
    done
    # the same option twice is fine
    run lsipc -m -m
    [ "$status" -eq 0 ]
}

@test "error: output formats are mutually exclusive" {
    expect_error "options --json and --raw cannot be combined" -m -J -r
    expect_error "options --export and --newline cannot be combined" -m -e -n
    expect_error "options --list and --json cannot be combined" -m -l -J
    expect_error "options --creator and --output cannot be combined" -m -c -o KEY
    expect_error "options --creator and --time cannot be combined" -m -c -t
}

@test "long options take getopt's unambiguous prefixes, as util-linux" {
    ipctool msg 0x10 0600 >/dev/null
    run lsipc --que --js
    [ "$status" -eq 0 ]
    jq -e '.messages | length == 1' <<<"$output"
    run lsipc --shm --noh -o KEY
    [ "$status" -eq 0 ]
    expect_error "ambiguous" -m --no
}

# ---- misc ----

@test "--help lists every column once and --version works" {
    run lsipc --help
    [ "$status" -eq 0 ]
    [[ "${lines[0]}" == "Usage:" ]]
    [[ "$output" == *"For more details see lsipc(1)."* ]]
    cols=$(sed -n '/^Columns of --namespaces:/q; s/^ \{1,14\}\([A-Z][A-Z_%]*\)  [A-Z].*/\1/p' <<<"$output")
    [ "$(wc -l <<<"$cols")" -eq 54 ]
    [ -z "$(sort <<<"$cols" | uniq -d)" ]
    run lsipc -V
    [ "$status" -eq 0 ]
    [[ "$output" == "lsipc from ipcbox "* ]]
}

@test "every column named by --help is documented in man/lsipc.1" {
    cols=$(lsipc --help | sed -n '/^Columns of --namespaces:/q; s/^ \{1,14\}\([A-Z][A-Z_%]*\)  [A-Z].*/\1/p')
    [ -n "$cols" ]
    for c in $cols; do
        grep -qE "^\.It Cm ${c}\$" "$IPCBOX_SRC/man/lsipc.1" || { echo "missing: $c"; false; }
    done
}

@test "every column of --help is accepted by -o for some kind" {
    cols=$(lsipc --help | sed -n '/^Columns of --namespaces:/q; s/^ \{1,14\}\([A-Z][A-Z_%]*\)  [A-Z].*/\1/p')
    for c in $cols; do
        ok=
        for k in -m -q -s -M -Q -S -g; do
            lsipc $k -o "$c" >/dev/null 2>&1 && ok=1 && break
        done
        [ -n "$ok" ] || { echo "no kind takes $c"; false; }
    done
}

@test "--help lists the columns of --namespaces: documented, and taken by -o" {
    cols=$(lsipc --help | sed -n '/^Columns of --namespaces:/,/^$/s/^ \{1,14\}\([A-Z][A-Z_%]*\)  .*/\1/p')
    [ "$(wc -l <<<"$cols")" -eq 16 ]
    for c in $cols; do
        lsipc --namespaces -o "$c" >/dev/null || { echo "-o $c refused"; false; }
        sed -n '/^\.Sh NAMESPACES/,/^\.Sh /p' "$IPCBOX_SRC/man/lsipc.1" |
            grep -qE "^\.It Cm (.*[ ,])?${c}( .*)?\$" || { echo "missing: $c"; false; }
    done
}

@test "write errors fail: lsipc > /dev/full" {
    run --separate-stderr sh -c 'lsipc > /dev/full'
    echo "$status [$stderr]"
    [ "$status" -eq 1 ]
    [[ "$stderr" == "lsipc: write error"* ]]
    run --separate-stderr sh -c 'lsipc -g -J > /dev/full'
    [ "$status" -eq 1 ]
}

@test "a closed pipe is quiet" {
    for i in $(seq 20); do ipctool msg "$i" 0600 >/dev/null; done
    run --separate-stderr sh -c 'lsipc -q | head -n1'
    [ -z "$stderr" ]
    [ "$(header)" = "KEY ID PERMS OWNER USEDBYTES MSGS LSPID LRPID" ]
}

@test "through the ipcbox dispatcher, messages still name lsipc" {
    run --separate-stderr ipcbox lsipc -m -o FOO
    [ "$status" -eq 1 ]
    [ "$stderr" = "lsipc: unknown column: FOO" ]
}
