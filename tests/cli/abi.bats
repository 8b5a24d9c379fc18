#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# A 32-bit program blocked on a System V object is seen as blocked on it,
# although its system call numbers are the i386 ones: lsipc names it in
# WAITPIDS, ipcrm --unused keeps what it waits on and says why, and the
# metrics count it. The program is tests/fixtures/abi/i386-waiter.S, built
# here with binutils (no 32-bit libc needed); where this kernel cannot run
# i386 programs (no IA32 emulation) or this machine is not x86_64, skipped.

load helpers

setup_file() {
    [ "$(uname -m)" = x86_64 ] || return 0
    local dir=$BATS_FILE_TMPDIR
    as --32 -o "$dir/w.o" "$FIXTURES/abi/i386-waiter.S" 2>"$dir/as.err" &&
        ld -m elf_i386 -o "$dir/i386-waiter" "$dir/w.o" 2>>"$dir/as.err" || true
}

setup() {
    reset_ipc
    BG_PIDS=()
    [ "$(uname -m)" = x86_64 ] || skip "not an x86_64 machine"
    WAITER=$BATS_FILE_TMPDIR/i386-waiter
    [ -x "$WAITER" ] || skip "cannot build an i386 program: $(head -n1 "$BATS_FILE_TMPDIR/as.err")"
    # an unknown mode exits 1 at once where i386 programs run at all
    local rc=0
    "$WAITER" x 2>/dev/null || rc=$?
    [ "$rc" = 1 ] || skip "this kernel does not run i386 programs (exit $rc)"
}

teardown() {
    stop_bg
}

# start the waiter in mode $1 and wait until it sleeps on the object of key $2
start_waiter() {
    "$WAITER" "$1" </dev/null >/dev/null &
    W=$!
    BG_PIDS+=("$W")
    wait_until eval "[ -n \"\$(id_of $3 $2)\" ]"
    ID=$(id_of "$3" "$2")
    wait_until eval '[ "$(awk "/^State:/ { print \$2 }" /proc/$W/status 2>/dev/null)" = S ]'
}

# the id of the System V object of kind (msg, sem) with the key (0x...)
id_of() {
    awk -v key="$(( $2 ))" 'NR > 1 && $1 == key { print $2 }' "/proc/sysvipc/$1"
}

# check_waiter MODE KEY KIND: the waiter of MODE blocked on the object of
# KEY (kind msg or sem) is named in WAITPIDS, keeps the object from ipcrm
# --unused with the reason, and is counted by the metrics
check_waiter() {
    local mode=$1 key=$2 kind=$3 opt noun why
    case $kind in
    msg) opt=-q noun="message queue" why="waiting by process" ;;
    sem) opt=-s noun=semaphore why="1 process is blocked on it" ;;
    esac
    reset_ipc
    start_waiter "$mode" "$key" "$kind"
    wait_until eval '[ "$(lsipc $opt -r --noheadings -o WAITPIDS 2>/dev/null)" = "$W" ]'
    runs ipcrm --all="$kind" --unused -v
    [ "$kind" = msg ] && why="$why $W"
    grep -qx "keeping $noun id \`$ID' (key $(printf '0x%08x' "$key")): $why" <<<"$out" ||
        { show; return 1; }
    # what had to survive did: the object, and its waiter, still asleep on it
    exists_sysv "$kind" "$ID"
    [ "$(awk '/^State:/ { print $2 }' "/proc/$W/status")" = S ]
    [ "$(lsipc --metrics | awk -v s="ipcbox_waiting_processes{kind=\"$kind\"}" '$1 == s { print $2 }')" = 1 ]
    kill "$W"
    wait "$W" 2>/dev/null || true
}

@test "i386 msgrcv and ipc(MSGRCV): WAITPIDS names the process, ipcrm --unused keeps the queue, metrics count it" {
    check_waiter q 0x3201 msg
    check_waiter r 0x3204 msg
}

@test "i386 semtimedop_time64 and ipc(SEMTIMEDOP): WAITPIDS names the process, ipcrm --unused keeps the set, metrics count it" {
    check_waiter s 0x3202 sem
    check_waiter i 0x3203 sem
}
