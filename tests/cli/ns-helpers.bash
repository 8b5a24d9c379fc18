# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers of the namespace suites (namespaces.bats, namespaces-list-pidns.bats).

# start_ns SCRIPT UNSHARE-OPTION...: run SCRIPT in new namespaces; it ends
# by exec'ing an ipctool holder that prints "ready". Its pid in $C, killed
# by stop_bg in teardown.
start_ns() {
    local script=$1 fifo
    shift
    fifo=$(mktemp -u "$BATS_TEST_TMPDIR/ns.XXXXXX")
    mkfifo "$fifo"
    unshare "$@" -- sh -ec "$script" <>"$fifo" >"$fifo.out" 2>"$fifo.err" 3>&- &
    C=$!
    BG_PIDS+=("$C")
    wait_until grep -qx ready "$fifo.out"
}

# stdout_of CMD...: CMD's standard output only (run merges stderr, where
# lsipc may say that some process could not be read)
stdout_of() {
    "$@" 2>/dev/null
}

# setup and teardown of both namespace suites (bats calls them): holders in BG_PIDS (KILL9:
# killed with SIGKILL first; unshare --fork ignores SIGTERM while it waits
# for its child), nsfs bind mounts in PINS, the mount table as it was
setup() {
    reset_ipc
    BG_PIDS=()
    KILL9=()
    PINS=()
    findmnt -rn -o TARGET,FSTYPE,SOURCE >"$BATS_TEST_TMPDIR/mounts.before"
}

teardown() {
    local k
    for k in "${KILL9[@]}"; do
        kill -KILL "$k" 2>/dev/null || true
    done
    stop_bg
    for k in "${PINS[@]}"; do
        umount "$k" 2>/dev/null || true
    done
    reset_ipc
}

# the caller's mounts are what they were when the test started
mounts_unchanged() {
    findmnt -rn -o TARGET,FSTYPE,SOURCE >"$BATS_TEST_TMPDIR/mounts.after"
    diff -u "$BATS_TEST_TMPDIR/mounts.before" "$BATS_TEST_TMPDIR/mounts.after"
}
