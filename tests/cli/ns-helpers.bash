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
