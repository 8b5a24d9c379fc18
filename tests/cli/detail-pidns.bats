#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# lsipc's detail views (-i, -N): the process table says who waits whatever
# columns are asked, and the JSON of one object carries every field its text
# detail view shows, for all six kinds. Runs in a private PID namespace (the
# -pidns suffix): the only processes are the tests' own, and root reads them
# (lsipc says on stderr that processes outside the namespace are not seen).

load helpers

setup() {
    reset_ipc
    BG_PIDS=()
}

teardown() {
    stop_bg
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

# ---- JSON detail views carry every field of the text ones ----

# one object of each kind, used and waited on, so that every line a
# detail view can have has a value
make_objects() {
    SHM=$(ipctool shm 0x1111 4096 0600)
    hold hold-shm "$SHM"
    MSG=$(ipctool msg 0x2222 0600)
    waiter msgrcv-wait "$MSG"
    eventually "$W waiting" proc_uses -q -i "$MSG" -o ID,PIDS
    SEM=$(ipctool sem 0x3333 2 0600)
    ipctool semop "$SEM" 0 1
    waiter semwait "$SEM" 1 -1
    ipctool pshm /seg 4096 0600
    hold hold-pshm /seg
    ipctool pmq /mq 0600
    ipctool pmqsend /mq 10 1
    hold hold-notify /mq signal 10
    ipctool psem /sem 0600 0
    waiter psem-wait /sem
    # the waiters reach their blocking calls
    eventually "$W mapped,waiting" proc_uses -S -N /sem -o NAME,PIDS
    SEL=([msg]="-q -i $MSG" [sem]="-s -i $SEM" [shm]="-m -i $SHM"
         [pmsg]="-Q -N /mq" [pshm]="-M -N /seg" [psem]="-S -N /sem")
}

# the labels of a detail view: the "Label:" lines, and the headings of the
# tables after them ("Elements", "Processes"); each with a tab and "set"
# when its value is not empty
labels() {
    lsipc "$@" | awk '
        /^(Elements|Processes):$/ { sub(/:$/, ""); print $0 "\tset"; t = 1; next }
        !t && match($0, /^[^:]+:/) {
            v = substr($0, RLENGTH + 1); gsub(/ /, "", v)
            print substr($0, 1, RLENGTH - 1) "\t" (v == "" ? "" : "set")
        }'
}

@test "JSON detail views have a key for every line of the text detail views" {
    declare -A SEL
    make_objects
    local kind col label key fail=0
    # a column's label is the first line of its own detail view; the
    # tables and the partial-list line have theirs
    declare -A KEY=([Elements]=elements [Processes]=processes
                    ["Process lists"]=pids-partial)
    for col in $(lsipc --help | sed -n 's/^ \{1,14\}\([A-Z][A-Z_%]*\)  [A-Z].*/\1/p'); do
        for kind in "${!SEL[@]}"; do
            # (the partial-list line may come first: this PID namespace
            # does not see the processes outside it)
            # (a column without a value here has no line: REMOVEIPC where
            # systemd does not run; then the tables' headings come first)
            label=$(lsipc ${SEL[$kind]} -o "$col" 2>/dev/null |
                grep -vE '^(Process lists|Elements|Processes):' | sed -n '1s/:.*//p')
            [ -n "$label" ] || continue
            key=$(tr 'A-Z' 'a-z' <<<"$col")
            if [ -n "${KEY[$label]:-}" ] && [ "${KEY[$label]}" != "$key" ]; then
                echo "label '$label' is both ${KEY[$label]} and $key" >&2
                fail=1
            fi
            KEY[$label]=$key
            # a column has one label, whatever the kind
            break
        done
    done
    for kind in msg sem shm pmsg pshm psem; do
        local k t n=0
        # the type of each key of the object's JSON
        declare -A TYPE=()
        while IFS=$'\t' read -r k t; do
            TYPE[$k]=$t
        done < <(lsipc ${SEL[$kind]} -J | jq -r '.[][0] | to_entries[] | "\(.key)\t\(.value | type)"')
        while IFS=$'\t' read -r label set; do
            n=$((n + 1))
            key=${KEY[$label]:-}
            if [ -z "$key" ]; then
                echo "$kind: the text line '$label' belongs to no column" >&2
                fail=1
            elif [ -z "${TYPE[$key]:-}" ]; then
                echo "$kind: the text line '$label' has no JSON key '$key'" >&2
                fail=1
            elif [ -n "$set" ] && [ "${TYPE[$key]}" = null ]; then
                echo "$kind: '$label' has a value in text, '$key' is null in JSON" >&2
                fail=1
            fi
        done < <(labels ${SEL[$kind]})
        unset TYPE
        echo "$kind: $n lines checked" >&2
        [ "$n" -ge 10 ] || fail=1
        # every kind's view has its tables
        if [ $kind = sem ]; then
            labels ${SEL[$kind]} | grep -q '^Elements' || { echo "sem: no elements" >&2; fail=1; }
        fi
        labels ${SEL[$kind]} | grep -q '^Processes' || { echo "$kind: no processes" >&2; fail=1; }
    done
    [ "$fail" = 0 ]
}

@test "JSON detail views keep util-linux's default keys first, in their order" {
    declare -A SEL
    make_objects
    local kind want got
    for kind in msg sem shm pmsg pshm psem; do
        # the keys of the one-row table of the default columns
        want=$(lsipc ${SEL[$kind]} -e | head -1 | grep -oE '(^| )[A-Z_%]+=' |
               tr -d ' =' | tr 'A-Z' 'a-z')
        got=$(lsipc ${SEL[$kind]} -J | jq -r '.[][0] | keys_unsorted[]')
        [ -n "$want" ]
        [ "$(head -n "$(wc -l <<<"$want")" <<<"$got")" = "$want" ] ||
            { printf '%s: want first\n%s\ngot\n%s\n' "$kind" "$want" "$got" >&2; return 1; }
        [ "$(wc -l <<<"$got")" -gt "$(wc -l <<<"$want")" ]
    done
    # the POSIX queue's attributes and notification, as in the issue
    lsipc -Q -N /mq -J | jq -e '."posix-messages"[0]
        | .maxmsg == 10 and .msgsize == 8192 and .notify == "signal" and .signo == 10
        and (.msgs | type) == "number" and (.mtime | type) == "string"'
}
