#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# lsipc: who uses each object (PIDS, NPROCS, WAITPIDS, ORIGKEY, the detail
# views' process table) and what one process uses (--pid), for all six kinds.
# Runs in a private PID namespace (the -pidns suffix, see tests/meson.build):
# the only processes are the ones the tests start, and root reads them all.
# Processes outside the namespace (at least the unshare(1) that made it)
# share its IPC and mount namespaces unseen, so every list is partial, and
# lsipc says so: in text on stderr (HIDDEN_NOTE), in JSON "pids-partial".

HIDDEN_NOTE="lsipc: processes outside this PID namespace cannot be seen; PIDS, NPROCS, WAITPIDS and USE may be incomplete"

load helpers

setup() {
    reset_ipc
    BG_PIDS=()
}

teardown() {
    stop_bg
}

# cell OPTIONS...: lsipc's raw output without headings, as one string
cell() {
    lsipc "$@" -r --noheadings
}

# pids separated by commas, in increasing order
joined() {
    printf '%s\n' "$@" | sort -n | paste -sd, -
}

# ---- PIDS, NPROCS ----

@test "a segment attached twice by one process and inherited by fork" {
    id=$(ipctool shm 0x5e61 4096 0600)
    hold hold-shm "$id" "$id"
    twice=$HELD
    hold hold-shm-fork "$id"
    parent=$HELD
    child=$(awk '$1 == "child" { print $2 }' "$HELD_OUT")
    [ -n "$child" ]
    BG_PIDS+=("$child")
    # the kernel counts attachments, NPROCS counts processes
    [ "$(cell -m -o ID,NATTCH,NPROCS,PIDS)" = "$id 4 3 $(joined "$twice" "$parent" "$child")" ]
    runs lsipc -m -J -o ID,PIDS,NPROCS
    [ "$rc" = 0 ] || { show; return 1; }
    jq -e --argjson a "$twice" --argjson b "$parent" --argjson c "$child" '
        .sharedmemory[0] | .nprocs == 3 and (.pids | sort) == ([$a, $b, $c] | sort)
        and all(.pids[]; type == "number")' <<<"$out"
    # the detail view counts each process's mappings
    runs lsipc -m -i "$id" -J -o ID,PIDS
    jq -e --argjson a "$twice" --argjson c "$child" '
        .sharedmemory[0].processes as $p
        | ($p | length) == 3
        and ($p[] | select(.pid == $a) | .maps == 2 and .use == "attached")
        and ($p[] | select(.pid == $c) | .maps == 1 and .use == "attached")' <<<"$out"
}

@test "POSIX shm mapped, queue open, semaphore mapped: PIDS and NPROCS" {
    ipctool pshm /m 4096 0600
    ipctool pmq /q 0600
    ipctool psem /s 0600 1
    ipctool pshm /unused 4096 0600
    hold hold-pshm /m
    m=$HELD
    hold hold-pmq /q
    q=$HELD
    hold hold-psem /s
    s=$HELD
    [ "$(cell -M -o NAME,NPROCS,PIDS | sort)" = "/m 1 $m
/unused 0 " ]
    [ "$(cell -Q -o NAME,NPROCS,PIDS)" = "/q 1 $q" ]
    [ "$(cell -S -o NAME,NPROCS,PIDS)" = "/s 1 $s" ]
    # the same queue opened by one more process
    hold hold-pmq /q
    [ "$(cell -Q -o NPROCS,PIDS)" = "2 $(joined "$q" "$HELD")" ]
    # JSON: an unused object has an empty array, not null
    jq -e '."posix-sharedmemory" | map(select(.name == "/unused"))[0]
        | .pids == [] and .nprocs == 0' <<<"$(lsipc -M -J -o NAME,PIDS,NPROCS)"
}

@test "memfd and shared anonymous mappings never match a segment, not even one with their inode as id" {
    hold hold-anon
    anon=$HELD
    # the inodes of the memfd and of the shared anonymous mapping, on the
    # segments' own internal device
    inos=$(awk '$NF == "(deleted)" && ($(NF-1) ~ /^\/memfd:/ || $(NF-1) == "/dev/zero") { print $5 }' \
        "/proc/$anon/maps" | sort -u)
    [ "$(wc -l <<<"$inos")" = 2 ]
    ids=()
    for ino in $inos; do
        echo "$ino" >/proc/sys/kernel/shm_next_id
        ids+=("$(ipctool shm 0 4096 0600)")
        [ "${ids[-1]}" = "$ino" ]
    done
    [ "$(cell -m -o ID,NPROCS,PIDS | sort)" = "$(printf '%s 0 \n' "${ids[@]}" | sort)" ]
    ipctool pshm /p 64 0600
    [ "$(cell -M -o NAME,NPROCS)" = "/p 0" ]
    runs lsipc --pid "$anon" -r
    [ "$rc" = 0 ] && [ -z "$out$err" ] || { show; return 1; }
}

@test "segments of another IPC namespace with the same id do not match" {
    id=$(ipctool shm 0x77 4096 0600)
    mkfifo "$BATS_TEST_TMPDIR/in"
    # a process in a new IPC namespace attaches its own segment with our id
    unshare --ipc sh -c '
        echo "$1" >/proc/sys/kernel/shm_next_id
        [ "$(ipctool shm 0x77 4096 0600)" = "$1" ] || exit 9
        exec ipctool hold-shm "$1"' sh "$id" \
        <>"$BATS_TEST_TMPDIR/in" >"$BATS_TEST_TMPDIR/other" 3>&- &
    BG_PIDS+=("$!")
    wait_until grep -qx ready "$BATS_TEST_TMPDIR/other"
    other=$(pgrep -f "ipctool hold-shm $id\$")
    [ -n "$other" ]
    grep -q "/SYSV00000077 (deleted)" "/proc/$other/maps"
    [ "$(cell -m -o ID,NPROCS,PIDS)" = "$id 0 " ]
}

# ---- WAITPIDS ----

@test "WAITPIDS: blocked in semop on a System V set" {
    id=$(ipctool sem 0x51 2 0600)
    other=$(ipctool sem 0x52 1 0600)
    waiter semwait "$id" 1 -1
    w=$W
    eventually "$(printf '%s\n' "$id 1 $w $w" "$other 0  " | sort -n)" \
        eval "cell -s -o ID,NPROCS,WAITPIDS,PIDS | sort -n"
    jq -e --argjson w "$w" '.semaphores[] | select(.id == '"$id"') | .waitpids == [$w]' \
        <<<"$(lsipc -s -J -o ID,WAITPIDS)"
}

@test "WAITPIDS: blocked in msgrcv on an empty queue and in msgsnd on a full one" {
    empty=$(ipctool msg 0x61 0600)
    full=$(ipctool msg 0x62 0600)
    ipctool msgsnd "$full" 8192 2
    waiter msgrcv-wait "$empty"
    r=$W
    waiter msgsnd-wait "$full" 8192
    s=$W
    eventually "$(printf '%s\n' "$empty $r" "$full $s" | sort -n)" \
        eval "cell -q -o ID,WAITPIDS | sort -n"
}

@test "WAITPIDS: blocked in mq_receive and mq_send on POSIX queues" {
    ipctool pmq /empty 0600
    ipctool pmq /full 0600 1 16
    ipctool pmqsend /full 16 1
    waiter pmq-wait /empty recv
    r=$W
    waiter pmq-wait /full send
    s=$W
    eventually "/empty 1 $r $r
/full 1 $s $s" eval "cell -Q -o NAME,NPROCS,WAITPIDS,PIDS | sort"
}

@test "WAITPIDS: blocked in sem_wait; WAITERS stays the semaphore's own count" {
    ipctool psem /s 0600 0
    waiter psem-wait /s
    eventually "/s 0 1 $W $W" cell -S -o NAME,SVAL,WAITERS,WAITPIDS,PIDS
}

@test "WAITPIDS: blocked on a futex inside a segment and inside a POSIX shm object" {
    id=$(ipctool shm 0x71 4096 0600)
    ipctool pshm /m 4096 0600
    hold hold-shm "$id"
    attached=$HELD
    waiter futex-wait shm "$id"
    a=$W
    waiter futex-wait pshm /m
    b=$W
    eventually "2 $a $(joined "$a" "$attached")" cell -m -o NPROCS,WAITPIDS,PIDS
    eventually "1 $b $b" cell -M -o NPROCS,WAITPIDS,PIDS
    # USE: how any process uses it
    [ "$(cell -m -o USE)" = "attached,waiting" ]
    [ "$(cell -M -o USE)" = "mapped,waiting" ]
}

# ---- removed while in use ----

@test "ORIGKEY: the key of a segment marked for destruction, from the maps name" {
    id=$(ipctool shm 0x1234abcd 4096 0600)
    unused=$(ipctool shm 0x99 4096 0600)
    hold hold-shm "$id"
    [ "$(cell -m -o ID,KEY,ORIGKEY | sort -n)" = "$(printf '%s\n' "$id 0x1234abcd 0x1234abcd" "$unused 0x00000099 " | sort -n)" ]
    ipctool shmrm "$id"
    [ "$(cell -m -o ID,KEY,ORIGKEY,STATUS,PIDS | grep "^$id ")" = "$id 0x00000000 0x1234abcd dest $HELD" ]
    jq -e '.sharedmemory[] | select(.id == '"$id"') | .key == "0x00000000" and .origkey == "0x1234abcd"' \
        <<<"$(lsipc -m -J -o ID,KEY,ORIGKEY)"
    jq -e '.sharedmemory[] | select(.id == '"$unused"') | .origkey == null' \
        <<<"$(lsipc -m -J -o ID,ORIGKEY)"
}

@test "POSIX objects unlinked while in use: gone from the lists, still in --pid" {
    ipctool pshm /gone 4096 0600
    ipctool pmq /gone 0600
    hold hold-pshm /gone
    m=$HELD
    hold hold-pmq /gone
    q=$HELD
    ipcrm --posix-shmem /gone --posix-mqueue /gone
    [ -z "$(cell -M -o NAME)" ]
    [ -z "$(cell -Q -o NAME)" ]
    # raw mode writes the blank of " (deleted)" as \x20
    [ "$(cell --pid "$m" -o TYPE,NAME,USE)" = 'pshm /gone\x20(deleted) mapped' ]
    [ "$(cell --pid "$q" -o TYPE,NAME,USE)" = 'pmsg /gone\x20(deleted) open' ]
    jq -e '.ipc == [{"type": "pshm", "name": "/gone (deleted)", "use": "mapped"}]' \
        <<<"$(lsipc --pid "$m" -J -o TYPE,NAME,USE)"
}

# ---- --pid ----

@test "--pid lists every object of every kind a process uses, and how" {
    shm=$(ipctool shm 0x11 4096 0600)
    msg=$(ipctool msg 0x22 0600)
    sem=$(ipctool sem 0x33 1 0600)
    ipctool pshm /x 4096 0600
    ipctool pmq /x 0600
    ipctool psem /x 0600 1
    # decoys nobody uses
    ipctool shm 0x44 4096 0600 >/dev/null
    ipctool pshm /y 4096 0600
    hold hold-mix "$shm" "$msg" "$sem" /x
    p=$HELD
    eventually "$p" cell -s -o WAITPIDS
    eventually "$p" cell -q -o WAITPIDS
    [ "$(cell --pid "$p" -o TYPE,KEY,ID,NAME,USE)" = "msg 0x00000022 $msg  waiting
sem 0x00000033 $sem  waiting
shm 0x00000011 $shm  attached
pmsg   /x open
pshm   /x mapped
psem   /x mapped" ]
    runs lsipc --pid "$p" -J
    [ "$rc" = 0 ] || { show; return 1; }
    jq -e '.ipc | length == 6 and (map(.type) == ["msg", "sem", "shm", "pmsg", "pshm", "psem"])
        and .[2].id == '"$shm"' and .[2].use == "attached" and .[3].name == "/x"' <<<"$out"
    # with a kind: that kind only
    [ "$(cell --pid "$p" -m -o TYPE,ID)" = "shm $shm" ]
    [ "$(cell --pid "$p" -S -o NAME,USE)" = "/x mapped" ]
}

@test "--pid of a process that uses nothing, of ourselves" {
    ipctool shm 0x10 4096 0600 >/dev/null
    # an empty table prints nothing, as every listing
    runs lsipc --pid $$ -r
    [ "$rc" = 0 ] && [ -z "$out$err" ] || { show; return 1; }
    runs lsipc --pid $$ -J
    jq -e '.ipc == []' <<<"$out"
}

@test "--pid: a bad PID and a missing process are one line and exit 1" {
    for bad in abc 0 -1 12x '' 99999999999; do
        runs lsipc --pid "$bad"
        [ "$rc" = 1 ] && [ -z "$out" ] && [ "$err" = "lsipc: invalid PID: '$bad'" ] || { show; return 1; }
    done
    sh -c 'exit 0' &
    gone=$!
    wait "$gone"
    runs lsipc --pid "$gone"
    [ "$rc" = 1 ] && [ -z "$out" ] && [ "$err" = "lsipc: no process with PID $gone" ] || { show; return 1; }
    runs lsipc --pid 1 -g
    [ "$rc" = 1 ] && [ "$(wc -l <<<"$err")" = 1 ] || { show; return 1; }
    runs lsipc --pid 1 -m -i 0
    [ "$rc" = 1 ] && [ "$(wc -l <<<"$err")" = 1 ] || { show; return 1; }
}

# ---- the columns in every mode ----

@test "PIDS, NPROCS, WAITPIDS apply to all six kinds, ORIGKEY to segments, not to -g" {
    for k in -m -q -s -M -Q -S; do
        runs lsipc "$k" -o PIDS,NPROCS,WAITPIDS
        [ "$rc" = 0 ] || { show; return 1; }
    done
    for k in -q -s -M -Q -S; do
        runs lsipc "$k" -o ORIGKEY
        [ "$rc" = 1 ] && [ "$err" = "lsipc: column ORIGKEY does not apply to the specified IPC" ] ||
            { show; return 1; }
    done
    runs lsipc -g -o PIDS
    [ "$rc" = 1 ] && [ "$err" = "lsipc: column PIDS does not apply to the specified IPC" ]
    runs lsipc -g -o TYPE
    [ "$rc" = 1 ] && [ "$err" = "lsipc: column TYPE does not apply to the specified IPC" ]
    runs lsipc --pid $$ -o NSEMS
    [ "$rc" = 1 ] && [ "$err" = "lsipc: column NSEMS does not apply to the specified IPC" ]
}

@test "PID lists: commas in tables, quoted in export, arrays of numbers in JSON" {
    id=$(ipctool shm 0x10 4096 0600)
    hold hold-shm "$id"
    a=$HELD
    hold hold-shm "$id"
    b=$HELD
    list=$(joined "$a" "$b")
    runs lsipc -m -o ID,PIDS
    [ "$(awk 'NR <= 2 { print $1, $2 }' <<<"$out")" = "ID PIDS
$id $list" ] || { show; return 1; }
    [ "$(lsipc -m -e -o PIDS,NPROCS)" = "PIDS=\"$list\" NPROCS=\"2\"" ]
    runs lsipc -m -J -o PIDS,WAITPIDS,NPROCS
    jq -e '.sharedmemory[0] | (.pids | type) == "array" and (.waitpids == [])
        and (.nprocs | type) == "number"' <<<"$out"
}

@test "the detail views list the processes with their command lines" {
    id=$(ipctool shm 0x10 4096 0600)
    ipctool pmq /q 0600
    hold hold-shm "$id"
    s=$HELD
    hold hold-pmq /q
    q=$HELD
    runs lsipc -m -i "$id"
    [ "$rc" = 0 ] || { show; return 1; }
    grep -qE "^Processes:" <<<"$out"
    grep -qE "^ *$s +attached +1 +ipctool hold-shm $id\$" <<<"$out" || { show; return 1; }
    # with PIDS in every output format, as the elements of a semaphore set
    runs lsipc -Q -N /q -J -o NAME,PIDS
    jq -e --argjson q "$q" '."posix-messages"[0]
        | .pids == [$q] and .processes == [{"pid": $q, "use": "open", "maps": 0,
                                            "command": "ipctool hold-pmq /q"}]
        and ."pids-partial" == true' <<<"$out"
    runs lsipc -Q -N /q -r -o NAME,PIDS
    [ "$out" = "NAME PIDS
/q $q

PID USE MAPS COMMAND
$q open 0 ipctool\x20hold-pmq\x20/q" ] || { show; return 1; }
    # not without: -l gives the default columns, as util-linux; -J carries
    # what the detail view shows
    runs lsipc -Q -N /q -l
    [ "${#out}" -gt 0 ] && ! grep -q '^ *PID ' <<<"$out" || { show; return 1; }
    jq -e '."posix-messages"[0] | has("processes") and has("pids-partial")' \
        <<<"$(lsipc -Q -N /q -J)"
    # an object nobody uses: an empty array in JSON, no table in text
    ipctool pmq /idle 0600
    jq -e '."posix-messages"[0].processes == []' <<<"$(lsipc -Q -N /idle -J -o +PIDS)"
    runs lsipc -Q -N /idle
    ! grep -qE "^(Processes|PIDs|Number of processes|Waiting PIDs|Use|Type|Process lists):" \
        <<<"$out" || false
}

# ---- visibility ----

@test "JSON says whether the lists are complete: pids-partial" {
    id=$(ipctool shm 0x10 4096 0666)
    ipctool pshm /m 4096 0666
    hold hold-shm "$id"
    root_holder=$HELD
    # root reads every process of this PID namespace, but not the ones
    # outside it that share its IPC namespace: partial all the same
    runs lsipc -m -J -o ID,PIDS
    [ "$rc" = 0 ] && [ -z "$err" ] || { show; return 1; }
    jq -e --argjson r "$root_holder" '.sharedmemory[0]
        | ."pids-partial" == true and .pids == [$r]' <<<"$out"
    runs lsipc -m -o ID,PIDS
    [ "$rc" = 0 ] && [ "$err" = "$HIDDEN_NOTE" ] || { show; return 1; }
    # nobody cannot read root's processes: partial, and said so
    runs as_nobody lsipc -m -J -o ID,PIDS,NPROCS
    [ "$rc" = 0 ] && [ -z "$err" ] || { show; return 1; }
    jq -e --argjson r "$root_holder" '.sharedmemory[0]
        | ."pids-partial" == true and (.pids | index($r)) == null' <<<"$out"
    # in text, one line on stderr
    runs as_nobody lsipc -m -o ID,PIDS
    [ "$rc" = 0 ] && [ "$(wc -l <<<"$err")" = 1 ] || { show; return 1; }
    [[ "$err" == "lsipc: "*"may be incomplete"* ]] || { show; return 1; }
    # in a detail view, a line of its own
    runs as_nobody lsipc -m -i "$id"
    [ "$rc" = 0 ] && [ -z "$err" ] || { show; return 1; }
    grep -qE '^Process lists: +incomplete: [0-9]+ processes could not be read' <<<"$out" ||
        { show; return 1; }
    runs lsipc -m -i "$id"
    grep -qE '^Process lists: +incomplete: processes outside this PID namespace cannot be seen$' \
        <<<"$out" || { show; return 1; }
    # nobody's own process is seen
    mkfifo "$BATS_TEST_TMPDIR/in"
    as_nobody ipctool hold-pshm /m <>"$BATS_TEST_TMPDIR/in" >"$BATS_TEST_TMPDIR/n.out" 3>&- &
    BG_PIDS+=("$!")
    wait_until grep -qx ready "$BATS_TEST_TMPDIR/n.out"
    n=$(pgrep -u 65534 -f "ipctool hold-pshm /m")
    jq -e --argjson n "$n" '."posix-sharedmemory"[0] | .pids == [$n]' \
        <<<"$(as_nobody lsipc -M -J -o PIDS)"
}

@test "no pids-partial member without the columns that need the scan" {
    ipctool shm 0x10 4096 0600 >/dev/null
    jq -e '.sharedmemory[0] | has("pids-partial") | not' <<<"$(lsipc -m -J)"
}

# ---- cost ----

@test "lsipc reads no process's maps, fds or syscall files unless a column needs them" {
    command -v strace >/dev/null || skip "strace is not installed"
    strace -f -o /dev/null true 2>/dev/null || skip "ptrace is not permitted here"
    id=$(ipctool shm 0x10 4096 0600)
    ipctool pmq /q 0600
    hold hold-shm "$id"
    trace() {
        # LeakSanitizer cannot run under ptrace (a sanitizer build)
        ASAN_OPTIONS=detect_leaks=0 strace -f -e trace=openat,open,newfstatat,statx \
            -o "$BATS_TEST_TMPDIR/trace" "$@" >/dev/null
    }
    for k in -m -q -s -M -Q -S; do
        trace lsipc "$k"
        # (a sanitizer build reads its own maps)
        ! grep -v '"/proc/self/' "$BATS_TEST_TMPDIR/trace" |
            grep -E '"(maps|fd|task)"|/(maps|fd|task|syscall)"' || false
    done
    # segments need the maps only
    trace lsipc -m -o ID,PIDS
    grep -q '"maps"' "$BATS_TEST_TMPDIR/trace"
    ! grep -E '"(fd|task)"' "$BATS_TEST_TMPDIR/trace" || false
    # queues the descriptors only
    trace lsipc -Q -o NAME,PIDS
    grep -q '"fd"' "$BATS_TEST_TMPDIR/trace"
    ! grep -E '"(maps|task)"' "$BATS_TEST_TMPDIR/trace" || false
}

@test "processes that come and go during the scan are skipped silently" {
    id=$(ipctool shm 0x10 4096 0600)
    ipctool pshm /m 4096 0600
    ipctool pmq /q 0600
    # short-lived users of all three, as fast as they can be started
    (
        while :; do
            ipctool hold-shm "$id" </dev/null >/dev/null
            ipctool hold-pshm /m </dev/null >/dev/null
            ipctool hold-pmq /q </dev/null >/dev/null
        done
    ) 3>&- &
    BG_PIDS+=("$!")
    for i in $(seq 30); do
        for k in -m -M -Q; do
            runs lsipc "$k" -o NPROCS,PIDS,WAITPIDS
            [ "$rc" = 0 ] && [ "$err" = "$HIDDEN_NOTE" ] || { show; return 1; }
        done
    done
}

@test "bash completion of --pid offers the processes" {
    # shellcheck source=../../completions/lsipc
    source "$IPCBOX_SRC/completions/lsipc"
    complete_line() {
        COMP_WORDS=(lsipc "$@")
        COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
        COMPREPLY=()
        _lsipc_module
        printf '%s\n' "${COMPREPLY[@]}" | sort
    }
    ipctool pmq /q 0600
    hold hold-pmq /q
    [ "$(complete_line --pid "$HELD")" = "$HELD" ]
    # processes of this PID namespace (ours among them), numbers only
    all=$(complete_line --pid '')
    grep -qx "$$" <<<"$all"
    grep -qx "$HELD" <<<"$all"
    ! grep -qvE '^[0-9]+$' <<<"$all" || false
    [ "$(complete_line -o TY)" = TYPE ]
    [ "$(complete_line -o WAIT)" = "WAITERS
WAITPIDS" ]
}
