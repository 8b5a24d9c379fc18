#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# lsipc -Q: the mq_notify registration of a POSIX queue (NOTIFY, NOTIFY_PID,
# SIGNO) for each way of being notified, in text, JSON and the detail view.

load helpers

setup() {
    reset_ipc
    BG_PIDS=()
}

teardown() {
    stop_bg
}

# notified NAME HOW [SIGNO]: a process registered with mq_notify on queue
# NAME until teardown, its pid in $HELD
notified() {
    local fifo i
    fifo=$(mktemp -u "$BATS_TEST_TMPDIR/fifo.XXXXXX")
    mkfifo "$fifo"
    # stdin read-write on a fifo: the holder's read blocks for ever
    ipctool hold-notify "$@" <>"$fifo" >"$fifo.out" 3>&- &
    HELD=$!
    BG_PIDS+=("$HELD")
    for i in $(seq 200); do
        grep -qx ready "$fifo.out" && return 0
        sleep 0.05
    done
    echo "ipctool hold-notify $* did not get ready" >&2
    return 1
}

# the queues: /sig (SIGEV_SIGNAL, SIGUSR2), /thr (SIGEV_THREAD), /none
# (SIGEV_NONE), /nobody (no registration)
make_queues() {
    local q
    for q in /sig /thr /none /nobody; do
        ipctool pmq $q 0644
    done
    notified /sig signal 12
    SIG=$HELD
    notified /thr thread
    THR=$HELD
    notified /none none
    NONE=$HELD
}

@test "NOTIFY: signal, thread, none, or empty when nobody is registered" {
    make_queues
    run lsipc -Q -r --noheadings -o NAME,NOTIFY,NOTIFY_PID,SIGNO
    echo "$output"
    [ "$status" -eq 0 ]
    [ "$(sort <<<"$output")" = "/nobody   
/none none $NONE 
/sig signal $SIG 12
/thr thread $THR " ]
}

@test "NOTIFY in JSON: a string or null; SIGNO is null unless a signal is sent" {
    make_queues
    run lsipc -Q -J -o NAME,NOTIFY,NOTIFY_PID,SIGNO
    echo "$output"
    [ "$status" -eq 0 ]
    jq -e --argjson s "$SIG" --argjson t "$THR" --argjson n "$NONE" '
        ."posix-messages" | map({(.name): .}) | add
        | .["/sig"] == {name: "/sig", notify: "signal", notify_pid: $s, signo: 12}
        and .["/thr"] == {name: "/thr", notify: "thread", notify_pid: $t, signo: null}
        and .["/none"] == {name: "/none", notify: "none", notify_pid: $n, signo: null}
        and .["/nobody"] == {name: "/nobody", notify: null, notify_pid: null, signo: null}
    ' <<<"$output"
}

@test "NOTIFY in the detail views, text and JSON" {
    make_queues
    run lsipc -Q -N /thr
    echo "$output"
    grep -qxF "$(printf '%-36s%-36s' Notification: thread)" <<<"$output"
    grep -qxF "$(printf '%-36s%-36s' 'Notified PID:' "$THR")" <<<"$output"
    ! grep -q '^Notification signal:' <<<"$output"
    run lsipc -Q -N /sig
    grep -qxF "$(printf '%-36s%-36s' Notification: signal)" <<<"$output"
    grep -qxF "$(printf '%-36s%-36s' 'Notification signal:' 12)" <<<"$output"
    run lsipc -Q -N /nobody
    ! grep -q '^Notif' <<<"$output"
    run lsipc -Q -N /none -J -o NAME,NOTIFY,SIGNO
    jq -e '."posix-messages"[0] | .notify == "none" and .signo == null' <<<"$output"
}

@test "NOTIFY from a sysroot: a registration outside our PID namespace still shows" {
    local sr=$BATS_TEST_TMPDIR/root
    mkdir -p "$sr/proc" "$sr/dev/mqueue" "$sr/dev/shm"
    # NOTIFY_PID 0 but SIGEV_THREAD, or a signal: someone is registered
    printf 'QSIZE:0          NOTIFY:2     SIGNO:0     NOTIFY_PID:0     \n' >"$sr/dev/mqueue/t"
    printf 'QSIZE:0          NOTIFY:0     SIGNO:10    NOTIFY_PID:0     \n' >"$sr/dev/mqueue/s"
    printf 'QSIZE:0          NOTIFY:0     SIGNO:0     NOTIFY_PID:0     \n' >"$sr/dev/mqueue/n"
    run lsipc --sysroot "$sr" -Q -r --noheadings -o NAME,NOTIFY,NOTIFY_PID,SIGNO
    echo "$output"
    [ "$(sort <<<"$output")" = "/n   
/s signal  10
/t thread  " ]
}

@test "NOTIFY: --help, the man page and the completion know it" {
    lsipc --help | grep -qE '^ +NOTIFY  How the registered process is notified'
    grep -qx '\.It Cm NOTIFY' "$IPCBOX_SRC/man/lsipc.1"
    grep -qw NOTIFY "$IPCBOX_SRC/completions/lsipc"
    run lsipc -q -o NOTIFY
    [ "$status" -eq 1 ]
    [[ "$output" == *"column NOTIFY does not apply to the specified IPC"* ]]
}
