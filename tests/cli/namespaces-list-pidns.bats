#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# lsipc --namespaces: every IPC namespace, found through processes, open
# descriptors and nsfs bind mounts, with its objects and its use of its own
# limits. Runs in a private PID namespace (the -pidns suffix), so that the
# namespaces listed are the tests' own and never another sandbox's. Container
# names come from cgroups, which tests cannot give a process without changing
# the host's cgroup tree: tests/unit/test_nsenum.c covers them with the
# cgroup texts of docker, podman, cri-o, containerd, kubepods and nspawn.

load helpers
load ns-helpers

ns_of() {
    stat -L -c %i "$1"
}

# the JSON row of namespace $1
row() {
    lsipc --namespaces -J -o NS,NPROCS,PID,PINNED,MSG,SEM,SHM,PMSG,PSHM,PSEM,SHMBYTES,MQBYTES,USE%,RESOURCE |
        jq -c --argjson ns "$1" '.namespaces[] | select(.ns == $ns)'
}

@test "lsipc --namespaces: containers, a bind-mount pin and a descriptor pin, with their objects" {
    start_ns 'mount -t tmpfs tmpfs /dev/shm; mount -t mqueue mqueue /dev/mqueue
        ipctool msg 0x1 0600 >/dev/null; ipctool sem 0x1 4 0600 >/dev/null
        id=$(ipctool shm 0x1 8192 0600); ipctool pshm /s 10 0600; ipctool pmq /q 0600
        ipctool pmqsend /q 5 2; ipctool psem /m 0600 0
        exec ipctool hold-shm "$id"' --ipc --mount
    A=$C
    pin=$BATS_TEST_TMPDIR/pin
    touch "$pin"
    unshare --ipc="$pin" sh -c 'ipctool shm 0x2 4096 0600 >/dev/null'
    PINS+=("$pin")
    start_ns 'ipctool msg 0x3 0600 >/dev/null; exec ipctool hold-anon' --ipc
    B=$C
    sleep 600 3<"/proc/$B/ns/ipc" &
    H=$!
    BG_PIDS+=("$H")
    # the descriptor is open (the background shell opens it after the fork)
    wait_until test -e "/proc/$H/fd/3"
    nsb=$(ns_of "/proc/$B/ns/ipc")
    kill "$B"
    wait "$B" 2>/dev/null || true
    ipctool sem 0x9 1 0600 >/dev/null

    run row "$(ns_of "/proc/$A/ns/ipc")"
    [ "$status" -eq 0 ]
    echo "$output" | jq -e --argjson a "$A" '.nprocs == 1 and .pid == $a and .pinned == null
        and .msg == 1 and .sem == 1 and .shm == 1 and .pmsg == 1 and .pshm == 1 and .psem == 1
        and .shmbytes == 8192 and .mqbytes == 10'
    run row "$(ns_of "$pin")"
    echo "$output" | jq -e --arg pin "$pin" '.nprocs == 0 and .pid == null and .pinned == $pin
        and .shm == 1 and .shmbytes == 4096 and .msg == 0
        and .pshm == null and .psem == null'
    run row "$nsb"
    echo "$output" | jq -e --arg fd "/proc/$H/fd/3" '.nprocs == 0 and .pinned == $fd and .msg == 1'
    # ours, with our processes
    run row "$(ns_of /proc/self/ns/ipc)"
    echo "$output" | jq -e '.nprocs > 1 and .sem == 1 and .shm == 0 and .pinned == null'
    # one row per namespace, sorted
    run sh -c 'lsipc --namespaces --noheadings -r -o NS'
    [ "$output" = "$(echo "$output" | sort -n -u)" ]
    [ "${#lines[@]}" -eq 4 ]
    findmnt -rn -o TARGET,FSTYPE,SOURCE | grep -v "^$pin " >"$BATS_TEST_TMPDIR/mounts.after"
    diff -u "$BATS_TEST_TMPDIR/mounts.before" "$BATS_TEST_TMPDIR/mounts.after"
}

@test "lsipc --namespaces: the limit each namespace uses most, against its own limits" {
    start_ns 'sysctl -qw kernel.msgmni=4; ipctool msg 0x1 0600 >/dev/null
        ipctool msg 0x2 0600 >/dev/null; exec ipctool hold-anon' --ipc
    run row "$(ns_of "/proc/$C/ns/ipc")"
    echo "$output" | jq -e '."use%" == 50 and .resource == "MSGMNI" and .msg == 2'
    # and the same in the other output modes
    ns=$(ns_of "/proc/$C/ns/ipc")
    lsipc --namespaces -r --noheadings -o NS,MSG,USE%,RESOURCE | grep -qx "$ns 2 50.00% MSGMNI"
    lsipc --namespaces -e -o NS,MSG,RESOURCE | grep -qx "NS=\"$ns\" MSG=\"2\" RESOURCE=\"MSGMNI\""
    lsipc --namespaces -n -o NS,MSG | grep -qx "NS=\"$ns\""
    lsipc --namespaces -o NS,MSG,USE% | grep -qE "^ *$ns +2 +50.00%\$"
}

@test "lsipc --namespaces: bad combinations and columns, one line and exit 1" {
    runs lsipc --namespaces -m
    [ "$rc" -eq 1 ]
    [ "$out" = "" ]
    [ "$err" = "lsipc: --namespaces cannot be combined with a resource option, --global, --id, --name, --pid, --creator, --time, --sysroot or --ns" ]
    runs lsipc --namespaces --sysroot /
    [ "$rc" -eq 1 ]
    runs lsipc --namespaces -o NS,KEY
    [ "$rc" -eq 1 ]
    [ "$err" = "lsipc: unknown column: KEY" ]
    runs lsipc --namespaces -o NS,$'\e'
    [ "$rc" -eq 1 ]
    [ "$err" = "lsipc: unknown column: \\x1b" ]
}

@test "lsipc --all-namespaces: every kind in every namespace, with NS; POSIX shm once per /dev/shm" {
    start_ns 'mount -t tmpfs tmpfs /dev/shm; mount -t mqueue mqueue /dev/mqueue
        ipctool msg 0xa 0600 >/dev/null; ipctool sem 0xa 2 0600 >/dev/null
        ipctool shm 0xa 4096 0600 >/dev/null; ipctool pshm /a 10 0600
        ipctool pmq /a 0600; ipctool psem /a 0600 0; exec ipctool hold-anon' --ipc --mount
    A=$C
    nsa=$(ns_of "/proc/$A/ns/ipc")
    # only an IPC namespace: System V and queues of its own, our /dev/shm
    start_ns 'ipctool msg 0xb 0600 >/dev/null; ipctool pmq /b 0600; exec ipctool hold-anon' --ipc
    B=$C
    nsb=$(ns_of "/proc/$B/ns/ipc")
    ipctool msg 0xc 0600 >/dev/null
    ipctool pshm /c 10 0600
    ours=$(ns_of /proc/self/ns/ipc)

    run stdout_of lsipc -q --all-namespaces --noheadings -r -o NS,KEY
    [ "$output" = "$(printf '%s\n' "$ours 0x0000000c" "$nsa 0x0000000a" "$nsb 0x0000000b" | sort -n)" ]
    run stdout_of lsipc -Q --all-namespaces --noheadings -r -o NS,NAME
    [ "$output" = "$(printf '%s\n' "$nsa /a" "$nsb /b" | sort -n)" ]
    # B shares our /dev/shm: /c is listed once
    run stdout_of lsipc -M --all-namespaces --noheadings -r -o NAME
    [ "$(echo "$output" | sort | tr '\n' ' ')" = "/a /c " ]
    run stdout_of lsipc -S --all-namespaces --noheadings -r -o NS,NAME
    [ "$output" = "$nsa /a" ]
    # the default columns are NS and CONTAINER, then the view's
    run stdout_of lsipc -s --all-namespaces
    [[ "${lines[0]}" =~ ^\ *NS\ CONTAINER\ KEY\ +ID ]]
    # each namespace's rows are what --ns shows of it
    for pid in "$A" "$B"; do
        ns=$(ns_of "/proc/$pid/ns/ipc")
        for k in -m -q -s -Q; do
            diff <(lsipc "$k" --all-namespaces --noheadings -r 2>/dev/null |
                       awk -v ns="$ns" '$1 == ns' | cut -d' ' -f3-) \
                 <(lsipc "$k" --ns "$pid" --noheadings -r 2>/dev/null)
        done
    done
    run stdout_of lsipc -m --all-namespaces -J -o NS,KEY,SIZE
    echo "$output" | jq -e --argjson a "$nsa" '.sharedmemory == [{"ns": $a, "key": "0x0000000a", "size": 4096}]'
    runs lsipc --all-namespaces
    [ "$rc" -eq 1 ]
    [ "$err" = "lsipc: --all-namespaces needs a resource option or --metrics and cannot be combined with --global, --id, --name, --pid, --sysroot, --ns or --namespaces" ]
}

@test "lsipc --pid of a process in another namespace shows the objects of its namespaces" {
    start_ns 'mount -t tmpfs tmpfs /dev/shm; id=$(ipctool shm 0xd 4096 0600)
        ipctool pshm /d 10 0600; exec ipctool hold-shm "$id"' --ipc --mount
    ipctool shm 0xe 4096 0600 >/dev/null
    run stdout_of lsipc --pid "$C" --noheadings -r -o TYPE,KEY,USE
    [ "$output" = "shm 0x0000000d attached" ]
}

# metric SERIES: the value of the series written exactly so (name{labels}) in $M
metric() {
    awk -v s="$1" '$1 == s { print $2; f = 1 } END { exit !f }' "$M"
}

@test "lsipc --metrics --all-namespaces: the series of every namespace, labelled ns and container" {
    # A: IPC and mount namespace, one segment held by its holder, one not, a POSIX shm of its own
    start_ns 'mount -t tmpfs tmpfs /dev/shm
        id=$(ipctool shm 0xa1 8192 0600); ipctool shm 0xa2 4096 0600 >/dev/null
        ipctool msg 0xa3 0600 >/dev/null; ipctool pshm /a 10 0600
        exec ipctool hold-shm "$id"' --ipc --mount
    A=$C
    # B: IPC only (our /dev/shm), three segments, none held
    start_ns 'for k in 0xb1 0xb2 0xb3; do ipctool shm $k 4096 0600 >/dev/null; done
        exec ipctool hold-anon' --ipc
    B=$C
    # A's held segment and B's first have the same id (both namespaces are
    # new): B's stays unused, the rule looks at B's processes only
    [ "$(lsipc -m --ns "$A" --noheadings -r -o KEY,ID | awk '$1 == "0x000000a1" { print $2 }')" = \
      "$(lsipc -m --ns "$B" --noheadings -r -o KEY,ID | awk '$1 == "0x000000b1" { print $2 }')" ]
    ipctool shm 0xc1 4096 0600 >/dev/null
    ipctool pshm /c 10 0600
    nsa=$(ns_of "/proc/$A/ns/ipc")
    nsb=$(ns_of "/proc/$B/ns/ipc")
    ours=$(ns_of /proc/self/ns/ipc)
    M=$BATS_TEST_TMPDIR/all.prom
    lsipc --metrics --all-namespaces >"$M" 2>"$BATS_TEST_TMPDIR/err"

    # each namespace: its objects, as --all-namespaces and nsenter count them
    for pid in "$A" "$B" self; do
        ns=$(ns_of "/proc/$pid/ns/ipc")
        for k in shm:-m msg:-q; do
            kind=${k%%:*} opt=${k#*:}
            n=$(metric "ipcbox_objects{ns=\"$ns\",container=\"\",kind=\"$kind\"}")
            [ "$n" = "$(lsipc "$opt" --all-namespaces --noheadings -r -o NS 2>/dev/null | grep -cx "$ns")" ]
            if [ "$pid" != self ]; then
                [ "$n" = "$(nsenter -t "$pid" -i -m lsipc "$opt" --noheadings -r 2>/dev/null | wc -l)" ]
            fi
        done
    done
    [ "$(metric "ipcbox_objects{ns=\"$nsa\",container=\"\",kind=\"shm\"}")" = 2 ]
    [ "$(metric "ipcbox_objects{ns=\"$nsb\",container=\"\",kind=\"shm\"}")" = 3 ]
    [ "$(metric "ipcbox_objects{ns=\"$ours\",container=\"\",kind=\"shm\"}")" = 1 ]
    [ "$(metric "ipcbox_bytes{ns=\"$nsa\",container=\"\",kind=\"shm\"}")" = 12288 ]
    # the rule of unused per namespace: A's held segment is used (by A's process)
    [ "$(metric "ipcbox_unused_objects{ns=\"$nsa\",container=\"\",kind=\"shm\"}")" = 1 ]
    [ "$(metric "ipcbox_unused_bytes{ns=\"$nsa\",container=\"\",kind=\"shm\"}")" = 4096 ]
    [ "$(metric "ipcbox_unused_objects{ns=\"$nsb\",container=\"\",kind=\"shm\"}")" = 3 ]
    [ "$(metric "ipcbox_unused_objects{ns=\"$ours\",container=\"\",kind=\"shm\"}")" = 1 ]
    [ "$(metric "ipcbox_unused_undecided_objects{ns=\"$nsa\",container=\"\",kind=\"shm\"}")" = 0 ]
    # POSIX shm once per /dev/shm: A's own, and ours for us or B (whichever comes first)
    [ "$(metric "ipcbox_objects{ns=\"$nsa\",container=\"\",kind=\"pshm\"}")" = 1 ]
    [ "$(grep -c '^ipcbox_objects{.*kind="pshm"} 1$' "$M")" = 2 ]
    # every namespace listed, and only these three
    [ "$(grep -o '^ipcbox_objects{ns="[0-9]*"' "$M" | sort -u | wc -l)" = 3 ]
    # HELP and TYPE once per family; info and the process of the labels
    [ "$(grep -c '^# HELP ipcbox_objects ' "$M")" = 1 ]
    [ "$(grep -c '^# TYPE ipcbox_objects ' "$M")" = 1 ]
    grep -q '^ipcbox_info{version="[^"]*",compat_version="[^"]*"} 1$' "$M"
    # every sample but ipcbox_info starts with ns and container
    [ "$(grep -v '^#' "$M" | grep -v '^ipcbox_info{' | grep -vc '^[a-z_]*{ns="[0-9]*",container="[^"]*"')" = 0 ]
    command -v promtool >/dev/null || skip "promtool is not installed (Debian package prometheus)"
    run promtool check metrics <"$M"
    [ "$status" = 0 ] && [ -z "$output" ] || { echo "promtool ($status): $output"; false; }
    # per-object series: each object with its namespace; the omitted count without
    lsipc --metrics --all-namespaces --metrics-objects >"$M" 2>/dev/null
    [ "$(grep -c "^ipcbox_object_bytes{ns=\"$nsb\",container=\"\",kind=\"shm\"" "$M")" = 3 ]
    grep -qx 'ipcbox_object_series_omitted 0' "$M"
    run promtool check metrics <"$M"
    [ "$status" = 0 ] && [ -z "$output" ] || { echo "promtool ($status): $output"; false; }
}

@test "lsipc --metrics --ns PID: the metrics of that namespace, unlabelled; --metrics --namespaces refused" {
    start_ns 'id=$(ipctool shm 0xd1 4096 0600); ipctool shm 0xd2 4096 0600 >/dev/null
        ipctool msg 0xd3 0600 >/dev/null; exec ipctool hold-shm "$id"' --ipc
    ipctool shm 0xe1 4096 0600 >/dev/null
    M=$BATS_TEST_TMPDIR/ns.prom
    lsipc --metrics --ns "$C" >"$M" 2>/dev/null
    [ "$(metric 'ipcbox_objects{kind="shm"}')" = 2 ]
    [ "$(metric 'ipcbox_objects{kind="shm"}')" = "$(nsenter -t "$C" -i lsipc -m --noheadings -r | wc -l)" ]
    [ "$(metric 'ipcbox_objects{kind="msg"}')" = 1 ]
    [ "$(metric 'ipcbox_unused_objects{kind="shm"}')" = 1 ]
    [ "$(metric 'ipcbox_scrape_success{part="processes"}')" = 1 ]
    ! grep -q 'ns="' "$M"
    runs lsipc --metrics --namespaces
    [ "$rc" -eq 1 ]
    [ "$out" = "" ]
    [ "$err" = "lsipc: --metrics cannot be combined with --namespaces: --all-namespaces gives the metrics of every namespace" ]
    runs lsipc --metrics --all-namespaces --ns "$C"
    [ "$rc" -eq 1 ]
    [ "$out" = "" ]
}
