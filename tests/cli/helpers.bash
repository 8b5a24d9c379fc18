# SPDX-License-Identifier: GPL-2.0-or-later
# Shared setup for the bats suites: every file runs inside tests/sandbox.

if [ "${IPCBOX_SANDBOX:-}" != 1 ]; then
    echo "these tests must run inside tests/sandbox (they create IPC objects)" >&2
    exit 1
fi

: "${IPCBOX_BUILD:?IPCBOX_BUILD must point at the build directory}"
: "${IPCBOX_SRC:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"

export LC_ALL=C TZ=UTC

# a bin directory with the applet links, first in PATH
IPCBOX_BIN=$(mktemp -d "${TMPDIR:-/tmp}/ipcbox-bin.XXXXXX")
chmod 755 "$IPCBOX_BIN"
for a in ipcbox lsipc ipcs ipcmk ipcrm; do
    ln -sf "$IPCBOX_BUILD/ipcbox" "$IPCBOX_BIN/$a"
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
