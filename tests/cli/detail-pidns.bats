#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# lsipc's detail views (-i, -N): the process table says who waits whatever
# columns are asked, and the JSON of one object carries every field its text
# detail view shows, for all six kinds. Runs in a private PID namespace (the
# -pidns suffix): the only processes are the tests' own, and root reads them.

load helpers

setup() {
    reset_ipc
    BG_PIDS=()
}

teardown() {
    local p
    for p in "${BG_PIDS[@]}"; do
        kill "$p" 2>/dev/null || true
    done
    wait 2>/dev/null || true
}

# hold SUBCOMMAND ARGS...: "ipctool SUBCOMMAND ARGS..." in the background
# until teardown, its pid in $HELD, once it printed "ready"
hold() {
    local fifo i
    fifo=$(mktemp -u "$BATS_TEST_TMPDIR/fifo.XXXXXX")
    mkfifo "$fifo"
    # stdin read-write on a fifo: the holder's read blocks for ever
    ipctool "$@" <>"$fifo" >"$fifo.out" 3>&- &
    HELD=$!
    BG_PIDS+=("$HELD")
    for i in $(seq 200); do
        grep -qx ready "$fifo.out" && return 0
        sleep 0.05
    done
    echo "ipctool $* did not get ready" >&2
    return 1
}

# waiter SUBCOMMAND ARGS...: an ipctool that blocks on an object, pid in $W
waiter() {
    ipctool "$@" </dev/null >/dev/null 3>&- &
    W=$!
    BG_PIDS+=("$W")
}

# eventually EXPECTED CMD...: the output of CMD... becomes EXPECTED within
# 10 s (a waiter needs a moment to reach its blocking call)
eventually() {
    local want=$1 got i
    shift
    for i in $(seq 200); do
        got=$("$@" 2>&1) && [ "$got" = "$want" ] && return 0
        sleep 0.05
    done
    printf 'expected: %s\ngot:      %s\n' "$want" "$got" >&2
    return 1
}

# the process table of a detail view in raw mode: "PID USE" lines
proc_uses() {
    lsipc "$@" -r | awk '/^PID USE MAPS COMMAND$/ { t = 1; next } t { print $1, $2 }'
}

# ---- the process table finds waiters whatever the columns ----

@test "detail view with -o NAME,PIDS: a process blocked in mq_receive is open,waiting" {
    ipctool pmq /q 0600
    waiter pmq-wait /q recv
    eventually "$W open,waiting" proc_uses -Q -N /q -o NAME,PIDS
    # and in the text detail layout and in JSON
    lsipc -Q -N /q -o NAME,PIDS | grep -qE "^ *$W +open,waiting +0 +ipctool pmq-wait /q recv\$"
    lsipc -Q -N /q -J -o NAME,PIDS |
        jq -e --argjson w "$W" '."posix-messages"[0].processes == [{"pid": $w,
            "use": "open,waiting", "maps": 0, "command": "ipctool pmq-wait /q recv"}]'
}

@test "detail view with -o NAME,PIDS: a process blocked in sem_wait is mapped,waiting" {
    ipctool psem /s 0600 0
    waiter psem-wait /s
    eventually "$W mapped,waiting" proc_uses -S -N /s -o NAME,PIDS
    lsipc -S -N /s -J -o PIDS |
        jq -e --argjson w "$W" '."posix-semaphores"[0].processes[0]
            | .pid == $w and .use == "mapped,waiting"'
}

@test "detail view with -o ID,PIDS: waiters on a set, a segment and a POSIX shm object" {
    sem=$(ipctool sem 0x5e 2 0600)
    waiter semwait "$sem" 1 -1
    eventually "$W waiting" proc_uses -s -i "$sem" -o ID,PIDS
    shm=$(ipctool shm 0x71 4096 0600)
    waiter futex-wait shm "$shm"
    eventually "$W attached,waiting" proc_uses -m -i "$shm" -o ID,PIDS
    ipctool pshm /m 4096 0600
    waiter futex-wait pshm /m
    eventually "$W mapped,waiting" proc_uses -M -N /m -o NAME,PIDS
}
