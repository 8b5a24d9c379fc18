# SPDX-License-Identifier: GPL-2.0-or-later
# Shared setup for the bats suites: every file runs inside tests/sandbox.

if [ "${IPCBOX_SANDBOX:-}" != 1 ]; then
    echo "these tests must run inside tests/sandbox (they create IPC objects)" >&2
    exit 1
fi

: "${IPCBOX_BUILD:?IPCBOX_BUILD must point at the build directory}"
: "${IPCBOX_SRC:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"

export LC_ALL=C TZ=UTC

# a bin directory with the applet links, first in PATH. The binaries are
# copied there, not linked: the build may lie in a directory that only root
# may enter (a clone in a mktemp -d), and the tests run them as nobody too;
# were they unreachable, the shell would quietly find util-linux's instead.
IPCBOX_BIN=$(mktemp -d "${TMPDIR:-/tmp}/ipcbox-bin.XXXXXX")
chmod 755 "$IPCBOX_BIN"
cp "$IPCBOX_BUILD/ipcbox" "$IPCBOX_BIN/ipcbox"
for t in "$IPCBOX_BUILD"/tests/ipctool; do
    [ ! -e "$t" ] || cp "$t" "$IPCBOX_BIN/"
done
chmod 755 "$IPCBOX_BIN"/*
for a in lsipc ipcs ipcmk ipcrm; do
    ln -sf ipcbox "$IPCBOX_BIN/$a"
done
export PATH="$IPCBOX_BIN:$IPCBOX_BUILD/tests:$PATH"
export FIXTURES="$IPCBOX_SRC/tests/fixtures"

# util-linux's own tools, for the compatibility suites
UL_BIN=/usr/bin

# remove every IPC object of the sandbox
reset_ipc() {
    ipctool reset
}

# run CMD as an unprivileged user (nobody)
as_nobody() {
    setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"
}

# assert that the IPC state (all six kinds) is the same as a snapshot taken
# with ipc_snapshot
ipc_snapshot() {
    {
        cat /proc/sysvipc/msg /proc/sysvipc/sem /proc/sysvipc/shm
        ls -la --time-style=+ /dev/shm /dev/mqueue
    } | sed 's/  */ /g'
}

# Whether root here may read every thread's syscall file, which ipcrm
# --unused needs to rule out a receiver or sender blocked on a System V
# queue. Where some process may not be read (a supervisor with more
# capabilities than ours), --unused keeps every queue, exits 1 and says so.
all_syscalls_readable() {
    local f
    for f in /proc/[0-9]*/task/[0-9]*/syscall; do
        head -c1 "$f" >/dev/null 2>&1 || [ ! -e "$f" ] || return 1
    done
}

# ---- running commands, holders and waiters (shared by the suites) ----

# runs CMD...: stdout in $out, stderr in $err, exit code in $rc
runs() {
    rc=0
    "$@" >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" || rc=$?
    out=$(cat "$BATS_TEST_TMPDIR/out")
    err=$(cat "$BATS_TEST_TMPDIR/err")
}

# what the last runs saw, for a failing test's log
show() {
    printf 'exit %s\nstdout: %s\nstderr: %s\n' "$rc" "$out" "$err" >&2
}

# wait_until CMD...: CMD succeeds within 10 s
wait_until() {
    local i
    for i in $(seq 200); do
        "$@" && return 0
        sleep 0.05
    done
    echo "timed out waiting for: $*" >&2
    return 1
}

# hold SUBCOMMAND ARGS...: "ipctool SUBCOMMAND ARGS..." in the background
# until the test's teardown kills BG_PIDS, its pid in $HELD and its output
# in $HELD_OUT, once it printed "ready"
hold() {
    local fifo
    fifo=$(mktemp -u "$BATS_TEST_TMPDIR/fifo.XXXXXX")
    HELD_OUT=$fifo.out
    mkfifo "$fifo"
    # stdin read-write on a fifo: the holder's read blocks for ever
    ipctool "$@" <>"$fifo" >"$HELD_OUT" 3>&- &
    HELD=$!
    BG_PIDS+=("$HELD")
    wait_until grep -qx ready "$HELD_OUT"
}

# waiter SUBCOMMAND ARGS...: an ipctool that blocks on an object, pid in $W
waiter() {
    ipctool "$@" </dev/null >/dev/null 3>&- &
    W=$!
    BG_PIDS+=("$W")
}

# kill what hold and waiter started (call it from teardown)
stop_bg() {
    local p
    for p in "${BG_PIDS[@]}"; do
        kill "$p" 2>/dev/null || true
    done
    wait 2>/dev/null || true
}

# eventually EXPECTED CMD...: the standard output of CMD... becomes
# EXPECTED within 10 s (a waiter needs a moment to reach its blocking call)
eventually() {
    local want=$1 got i
    shift
    for i in $(seq 200); do
        got=$("$@" 2>/dev/null) && [ "$got" = "$want" ] && return 0
        sleep 0.05
    done
    printf 'expected: %s\ngot:      %s\n' "$want" "$got" >&2
    return 1
}

# exists_sysv msg|sem|shm ID: the object is in /proc/sysvipc
exists_sysv() {
    awk -v id="$2" 'NR > 1 && $2 == id { f = 1 } END { exit !f }' "/proc/sysvipc/$1"
}

# with_fds N CMD...: CMD with at most N descriptors, none inherited but 0, 1, 2
with_fds() {
    local n=$1
    shift
    bash -c 'for fd in /proc/$$/fd/*; do fd=${fd##*/}; [ "$fd" -le 2 ] || eval "exec $fd>&-"; done
             ulimit -n "$0" && exec "$@"' "$n" "$@"
}
