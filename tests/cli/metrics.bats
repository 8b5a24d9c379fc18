#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# lsipc --metrics: the Prometheus text format (checked by promtool and by
# prometheus_client's parser), values that agree with lsipc and with ipcrm
# --unused, hostile names, and --metrics-file's atomic writes and failures.

load helpers

bats_require_minimum_version 1.5.0

PY=/usr/bin/python3

setup() {
    reset_ipc
    BG_PIDS=()
}

teardown() {
    stop_bg
    if mountpoint -q "$BATS_TEST_TMPDIR/small" 2>/dev/null; then
        umount "$BATS_TEST_TMPDIR/small"
    fi
}

need_promtool() {
    command -v promtool >/dev/null ||
        skip "promtool is not installed (Debian package prometheus, listed in .ci/packages)"
}

need_parser() {
    "$PY" -c 'import prometheus_client.parser' 2>/dev/null ||
        skip "prometheus_client is not installed (Debian package python3-prometheus-client)"
}

# promtool_clean FILE: promtool check metrics accepts FILE and has nothing to say
promtool_clean() {
    run promtool check metrics <"$1"
    [ "$status" = 0 ] && [ -z "$output" ] || { echo "promtool ($status): $output"; return 1; }
}

# value FILE SERIES: the value of the series written exactly so (name{labels})
value() {
    awk -v s="$2" '$1 == s { print $2; f = 1 } END { exit !f }' "$1"
}

# values FILE SERIES=VALUE...: each series of FILE has its value (the
# last = splits); the first that has not is named
values() {
    local f=$1 want got
    shift
    for want in "$@"; do
        got=$(value "$f" "${want%=*}") || got="(none)"
        [ "$got" = "${want##*=}" ] || { echo "${want%=*}: $got, not ${want##*=}"; return 1; }
    done
}

# one object of every kind, some held, some not
make_state() {
    MSG=$(ipctool msg 0x201 0600)
    ipctool msgsnd "$MSG" 100 3
    SEM=$(ipctool sem 0x202 3 0600)
    SHM_FREE=$(ipctool shm 0x203 8192 0600)
    SHM_HELD=$(ipctool shm 0x204 4096 0600)
    ipctool pshm /free 1000 0600
    ipctool pshm /held 500 0600
    ipctool pmq /q 0600 4 64
    ipctool pmqsend /q 10 2
    ipctool psem /s 0600 1
    hold hold-shm "$SHM_HELD"
    hold hold-pshm /held
}

@test "metrics: every family has HELP and TYPE before its samples, no timestamps, promtool finds no problem" {
    need_promtool
    make_state
    runs lsipc --metrics
    [ "$rc" = 0 ] || { show; return 1; }
    echo "$out" >"$BATS_TEST_TMPDIR/m"
    # every sample's family was announced by HELP then TYPE just before
    awk '
        /^# HELP / { help = $3; next }
        /^# TYPE / { if ($3 != help) { print "TYPE without HELP: " $3; bad = 1 } fam = $3; next }
        /^#/ { print "stray comment: " $0; bad = 1; next }
        { n = $1; sub(/\{.*/, "", n)
          if (n != fam) { print "sample outside its family: " $0; bad = 1 }
          if (NF != 2) { print "not NAME VALUE (a timestamp?): " $0; bad = 1 } }
        END { exit bad }' "$BATS_TEST_TMPDIR/m"
    # a family's name is never repeated
    [ -z "$(grep '^# TYPE' "$BATS_TEST_TMPDIR/m" | sort | uniq -d)" ]
    # _total only on counters, base units only
    ! grep -E '^# TYPE [a-z_]*_total gauge' "$BATS_TEST_TMPDIR/m"
    promtool_clean "$BATS_TEST_TMPDIR/m"
}

@test "metrics: objects, bytes, semaphores and limits are what lsipc lists" {
    make_state
    lsipc --metrics >"$BATS_TEST_TMPDIR/m"
    local m=$BATS_TEST_TMPDIR/m
    values "$m" \
        'ipcbox_objects{kind="msg"}=1' \
        'ipcbox_objects{kind="sem"}=1' \
        'ipcbox_objects{kind="shm"}=2' \
        'ipcbox_objects{kind="pmsg"}=1' \
        'ipcbox_objects{kind="pshm"}=2' \
        'ipcbox_objects{kind="psem"}=1' \
        'ipcbox_bytes{kind="msg"}=300' \
        'ipcbox_bytes{kind="shm"}=12288' \
        'ipcbox_bytes{kind="pmsg"}=20' \
        'ipcbox_bytes{kind="pshm"}=1500' \
        'ipcbox_semaphores{kind="sem"}=3'
    # the same figures in lsipc's own listings
    [ "$(lsipc -q -b --noheadings -o USEDBYTES | tr -d ' ')" = 300 ]
    [ "$(lsipc -Q -b --noheadings -o USEDBYTES | tr -d ' ')" = 20 ]
    # limits: the sandbox's own, as /proc/sys says
    [ "$(value "$m" 'ipcbox_limit_objects{kind="msg"}')" = "$(cat /proc/sys/kernel/msgmni)" ]
    [ "$(value "$m" 'ipcbox_limit_objects{kind="shm"}')" = "$(cat /proc/sys/kernel/shmmni)" ]
    [ "$(value "$m" 'ipcbox_limit_objects{kind="sem"}')" = "$(awk '{ print $4 }' /proc/sys/kernel/sem)" ]
    [ "$(value "$m" 'ipcbox_limit_semaphores{kind="sem"}')" = "$(awk '{ print $2 }' /proc/sys/kernel/sem)" ]
    [ "$(value "$m" 'ipcbox_limit_objects{kind="pmsg"}')" = "$(cat /proc/sys/fs/mqueue/queues_max)" ]
    [ "$(value "$m" 'ipcbox_limit_message_bytes{kind="msg"}')" = "$(cat /proc/sys/kernel/msgmax)" ]
    [ "$(value "$m" 'ipcbox_limit_segment_bytes{kind="shm"}')" = "$(cat /proc/sys/kernel/shmmax)" ]
    # /dev/shm as statvfs sees it
    [ "$(value "$m" 'ipcbox_shm_filesystem_size_bytes')" = "$(($(stat -f -c '%b*%S' /dev/shm)))" ]
    [ "$(value "$m" 'ipcbox_shm_filesystem_used_bytes')" = "$(($(stat -f -c '(%b-%f)*%S' /dev/shm)))" ]
    # every part was read
    [ "$(grep -c '^ipcbox_scrape_success{.*} 1$' "$m")" = 9 ]
    grep -qx 'ipcbox_info{version="[0-9.]*",compat_version="2.42.2"} 1' "$m"
}

@test "metrics: unused objects are exactly what ipcrm --unused --dry-run would remove" {
    make_state
    lsipc --metrics >"$BATS_TEST_TMPDIR/m"
    local m=$BATS_TEST_TMPDIR/m k n
    # msg is left out: where any thread's syscall file cannot be read here,
    # the rule keeps every queue (and both say so); compared below
    ipcrm --all=shm,pshm,sem,psem,pmsg --unused --dry-run >"$BATS_TEST_TMPDIR/dry" || true
    grep -q "would remove shared memory segment id \`$SHM_FREE'" "$BATS_TEST_TMPDIR/dry"
    grep -q "keeping shared memory segment id \`$SHM_HELD'" "$BATS_TEST_TMPDIR/dry"
    values "$m" \
        'ipcbox_unused_objects{kind="shm"}=1' \
        'ipcbox_unused_bytes{kind="shm"}=8192'
    grep -q "would remove POSIX shared memory \`/free'" "$BATS_TEST_TMPDIR/dry"
    grep -q "keeping POSIX shared memory \`/held'" "$BATS_TEST_TMPDIR/dry"
    values "$m" \
        'ipcbox_unused_objects{kind="pshm"}=1' \
        'ipcbox_unused_bytes{kind="pshm"}=1000'
    # the others: one each, judged the same way by both
    for k in sem psem pmsg; do
        case $k in
        sem) n=$(grep -c "^would remove semaphore id" "$BATS_TEST_TMPDIR/dry" || true) ;;
        psem) n=$(grep -c "^would remove POSIX semaphore" "$BATS_TEST_TMPDIR/dry" || true) ;;
        pmsg) n=$(grep -c "^would remove POSIX message queue" "$BATS_TEST_TMPDIR/dry" || true) ;;
        esac
        [ "$(value "$m" "ipcbox_unused_objects{kind=\"$k\"}")" = "$n" ] || { echo "$k: dry run $n"; cat "$m"; return 1; }
    done
    # the queue: unused or undecided, as ipcrm decides it
    ipcrm --all=msg --unused --dry-run >"$BATS_TEST_TMPDIR/drymsg" 2>/dev/null || true
    if grep -q '^would remove message queue' "$BATS_TEST_TMPDIR/drymsg"; then
        [ "$(value "$m" 'ipcbox_unused_objects{kind="msg"}')" = 1 ]
    else
        grep -q '^keeping message queue.*cannot tell' "$BATS_TEST_TMPDIR/drymsg"
        values "$m" \
            'ipcbox_unused_objects{kind="msg"}=0' \
            'ipcbox_unused_undecided_objects{kind="msg"}=1' \
            'ipcbox_process_scan_partial{kind="msg"}=1'
    fi
    # nothing was removed by either
    [ "$(lsipc --metrics | grep -c '^ipcbox_objects{kind="shm"} 2$')" = 1 ]
}

@test "metrics: the oldest unused object's age comes from its change time" {
    ipctool pshm /old 10 0600
    ipctool pshm /new 10 0600
    ipctool set-mtime /dev/shm/old $(( $(date +%s) - 7200 ))
    lsipc --metrics >"$BATS_TEST_TMPDIR/m"
    age=$(value "$BATS_TEST_TMPDIR/m" 'ipcbox_unused_oldest_age_seconds{kind="pshm"}')
    [ "$age" -ge 7200 ] && [ "$age" -lt 7300 ] || { echo "age $age"; return 1; }
    [ "$(value "$BATS_TEST_TMPDIR/m" 'ipcbox_unused_oldest_age_seconds{kind="shm"}')" = 0 ]
}

@test "metrics: processes blocked on a set, a queue and a POSIX queue are counted per kind" {
    SEM=$(ipctool sem 0x301 1 0600)
    MSG=$(ipctool msg 0x302 0600)
    ipctool pmq /w 0600 1 16
    waiter semwait "$SEM" 0 -1
    waiter msgrcv-wait "$MSG"
    waiter pmq-wait /w recv
    eventually 1 sh -c 'lsipc --metrics | awk '\''$1 == "ipcbox_waiting_processes{kind=\"sem\"}" { print $2 }'\'''
    lsipc --metrics >"$BATS_TEST_TMPDIR/m"
    [ "$(value "$BATS_TEST_TMPDIR/m" 'ipcbox_waiting_processes{kind="sem"}')" = 1 ]
    # a waiter on the set: the set is in use, whatever else is seen
    [ "$(value "$BATS_TEST_TMPDIR/m" 'ipcbox_unused_objects{kind="sem"}')" = 0 ]
    if all_syscalls_readable; then
        eventually 1 sh -c 'lsipc --metrics | awk '\''$1 == "ipcbox_waiting_processes{kind=\"msg\"}" { print $2 }'\'''
        eventually 1 sh -c 'lsipc --metrics | awk '\''$1 == "ipcbox_waiting_processes{kind=\"pmsg\"}" { print $2 }'\'''
    else
        # the scan is partial, and says so
        [ "$(value "$BATS_TEST_TMPDIR/m" 'ipcbox_process_scan_partial{kind="msg"}')" = 1 ]
    fi
}

@test "metrics: objects and bytes per owner carry uid and user" {
    ipctool msg 0x401 0600 65534 65534 >/dev/null
    ipctool shm 0x402 4096 0600 65534 65534 >/dev/null
    ipctool shm 0x403 8192 0600 >/dev/null
    lsipc --metrics >"$BATS_TEST_TMPDIR/m"
    local nob
    nob=$(getent passwd 65534 | cut -d: -f1)
    [ "$(value "$BATS_TEST_TMPDIR/m" "ipcbox_owner_objects{kind=\"shm\",uid=\"65534\",user=\"$nob\"}")" = 1 ]
    [ "$(value "$BATS_TEST_TMPDIR/m" "ipcbox_owner_bytes{kind=\"shm\",uid=\"65534\",user=\"$nob\"}")" = 4096 ]
    [ "$(value "$BATS_TEST_TMPDIR/m" 'ipcbox_owner_bytes{kind="shm",uid="0",user="root"}')" = 8192 ]
    [ "$(value "$BATS_TEST_TMPDIR/m" "ipcbox_owner_objects{kind=\"msg\",uid=\"65534\",user=\"$nob\"}")" = 1 ]
    # a uid without a name: an empty user label
    ipctool shm 0x404 4096 0600 4242 4242 >/dev/null
    lsipc --metrics | grep -qx 'ipcbox_owner_objects{kind="shm",uid="4242",user=""} 1'
}

@test "metrics: without --metrics-objects the number of series does not grow with the objects" {
    local a b i
    ipctool msg 0x1000 0600 >/dev/null
    ipctool pshm /o0 10 0600
    a=$(lsipc --metrics | grep -vc '^#')
    for i in $(seq 1 200); do ipctool msg $((0x1000 + i)) 0600 >/dev/null; done
    for i in $(seq 1 50); do ipctool pshm "/o$i" 10 0600; done
    b=$(lsipc --metrics | grep -vc '^#')
    # the same owner: not one series more
    [ "$a" = "$b" ] || { echo "series $a -> $b"; return 1; }
    # a new owner adds its own (objects, and bytes for a kind that has bytes)
    ipctool msg 0x2000 0600 65534 65534 >/dev/null
    [ "$(lsipc --metrics | grep -vc '^#')" = $((b + 2)) ]
}

@test "metrics: thousands of sets, read ahead by threads or batch by batch, lose no waiter and judge each set" {
    local m
    # waiters on the first set and on the last, which the last thread of
    # the last batch reads; 3000 idle sets of 1 to 4 semaphores between
    A=$(ipctool sem 0x311 2 0600)
    mkstate --sem 3000 --owners 1 >/dev/null
    B=$(ipctool sem 0x312 3 0600)
    ipctool semset "$B" 0 1
    waiter semwait "$A" 1 -1
    waiter semwait "$B" 2 -1
    waiter semwait "$B" 0 0
    eventually 3 sh -c 'lsipc --metrics | awk '\''$1 == "ipcbox_waiting_processes{kind=\"sem\"}" { print $2 }'\'''
    # read by threads in the background, and on one CPU batch by batch as
    # the sets are listed; the per-set series too
    lsipc --metrics >"$BATS_TEST_TMPDIR/m1"
    lsipc --metrics --metrics-objects=5000 >"$BATS_TEST_TMPDIR/m2"
    taskset -c 0 "$IPCBOX_BIN/lsipc" --metrics >"$BATS_TEST_TMPDIR/m3"
    for m in m1 m2 m3; do
        values "$BATS_TEST_TMPDIR/$m" 'ipcbox_objects{kind="sem"}=3002' \
            'ipcbox_semaphores{kind="sem"}=7505' 'ipcbox_waiting_processes{kind="sem"}=3' \
            'ipcbox_unused_objects{kind="sem"}=3000' 'ipcbox_unused_undecided_objects{kind="sem"}=0'
    done
    # per set: the two with waiters are the only ones in use
    [ "$(grep -c '^ipcbox_object_unused{kind="sem",.*} 0$' "$BATS_TEST_TMPDIR/m2")" = 2 ]
    grep -q "^ipcbox_object_unused{kind=\"sem\",id=\"$B\",.*} 0$" "$BATS_TEST_TMPDIR/m2"
    # what --unused says of the same sets, judged one by one
    run ipcrm --all=sem --unused --dry-run
    [ "$status" -eq 0 ]
    [ "$(grep -c '^would remove semaphore id' <<<"$output")" = 3000 ]
    [[ "$output" != *"remove semaphore id \`$A'"* && "$output" != *"remove semaphore id \`$B'"* ]]
    [ "$(ipcs -s | grep -c '^0x')" = 3002 ]
}

@test "metrics: --metrics-objects gives the largest objects, at most 100 by default, and says how many were left out" {
    local i
    for i in $(seq 1 150); do ipctool pshm "/p$i" "$i" 0600; done
    lsipc --metrics --metrics-objects >"$BATS_TEST_TMPDIR/m"
    [ "$(grep -c '^ipcbox_object_bytes{' "$BATS_TEST_TMPDIR/m")" = 100 ]
    [ "$(grep -c '^ipcbox_object_unused{' "$BATS_TEST_TMPDIR/m")" = 100 ]
    [ "$(grep -c '^ipcbox_object_age_seconds{' "$BATS_TEST_TMPDIR/m")" = 100 ]
    [ "$(value "$BATS_TEST_TMPDIR/m" ipcbox_object_series_omitted)" = 50 ]
    # the largest first
    grep -qx 'ipcbox_object_bytes{kind="pshm",id="",key="",name="/p150",uid="0",user="root"} 150' "$BATS_TEST_TMPDIR/m"
    ! grep -q 'name="/p50"' "$BATS_TEST_TMPDIR/m"
    lsipc --metrics --metrics-objects=2 >"$BATS_TEST_TMPDIR/m2"
    [ "$(grep -c '^ipcbox_object_bytes{' "$BATS_TEST_TMPDIR/m2")" = 2 ]
    [ "$(value "$BATS_TEST_TMPDIR/m2" ipcbox_object_series_omitted)" = 148 ]
    SHM=$(ipctool shm 0x601 100000 0600)
    lsipc --metrics --metrics-objects=1 |
        grep -qx "ipcbox_object_bytes{kind=\"shm\",id=\"$SHM\",key=\"0x00000601\",name=\"\",uid=\"0\",user=\"root\"} 100000"
    # without the option, no per-object family at all
    ! lsipc --metrics | grep -q '^# TYPE ipcbox_object_'
}

@test "metrics: hostile names are escaped per the format, made valid UTF-8, and parse back exactly" {
    need_promtool
    need_parser
    local names=(
        'back\slash' 'quo"te' $'new\nline' $'esc\033[31m' $'bad\xff\xfeu' 'ünï€😀' $'c1\xc2\x9bx' $'tab\tx'
    )
    local n
    for n in "${names[@]}"; do ipctool pshm "/$n" 7 0600; done
    lsipc --metrics --metrics-objects >"$BATS_TEST_TMPDIR/m"
    # the escapes as written
    grep -qF 'name="/back\\slash"' "$BATS_TEST_TMPDIR/m"
    grep -qF 'name="/quo\"te"' "$BATS_TEST_TMPDIR/m"
    grep -qF 'name="/new\nline"' "$BATS_TEST_TMPDIR/m"
    grep -qF 'name="/esc\\x1b[31m"' "$BATS_TEST_TMPDIR/m"
    grep -qF "name=\"/bad$(printf '\xef\xbf\xbd\xef\xbf\xbd')u\"" "$BATS_TEST_TMPDIR/m"
    grep -qF 'name="/c1\\x9bx"' "$BATS_TEST_TMPDIR/m"
    grep -qF 'name="/tab\\x09x"' "$BATS_TEST_TMPDIR/m"
    iconv -f UTF-8 -t UTF-8 "$BATS_TEST_TMPDIR/m" >/dev/null
    ! LC_ALL=C grep -qaP '[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]' "$BATS_TEST_TMPDIR/m"
    promtool_clean "$BATS_TEST_TMPDIR/m"
    # an independent parser reads back the names (visible escapes decoded)
    "$PY" - "$BATS_TEST_TMPDIR/m" <<'EOF'
import sys
from prometheus_client.parser import text_string_to_metric_families
want = {'/back\\slash', '/quo"te', '/new\nline', '/esc\\x1b[31m', '/bad\ufffd\ufffdu',
        '/ünï€😀', '/c1\\x9bx', '/tab\\x09x'}
got = set()
for fam in text_string_to_metric_families(open(sys.argv[1], encoding='utf-8').read()):
    if fam.name == 'ipcbox_object_bytes':
        for s in fam.samples:
            got.add(s.labels['name'])
            assert s.value == 7, s
missing = want - got
assert not missing, missing
EOF
}

@test "metrics: --metrics-file writes the file atomically, mode 0644, and leaves no temporary file" {
    ipctool shm 0x701 4096 0600 >/dev/null
    local d=$BATS_TEST_TMPDIR/tf
    mkdir "$d"
    ( umask 077; lsipc --metrics --metrics-file "$d/ipcbox.prom" )
    [ "$(stat -c %a "$d/ipcbox.prom")" = 644 ]
    [ "$(ls -A "$d")" = ipcbox.prom ]
    grep -qx 'ipcbox_objects{kind="shm"} 1' "$d/ipcbox.prom"
    # stdout stays empty, and the file is the same text as stdout's
    [ -z "$(lsipc --metrics --metrics-file "$d/ipcbox.prom")" ]
    diff <(grep -v -e age_seconds -e shm_filesystem "$d/ipcbox.prom") \
         <(lsipc --metrics | grep -v -e age_seconds -e shm_filesystem)
    # replaced, not rewritten in place: a reader holding the old one keeps it
    exec 5<"$d/ipcbox.prom"
    ino=$(stat -c %i "$d/ipcbox.prom")
    ipctool shm 0x702 4096 0600 >/dev/null
    lsipc --metrics --metrics-file "$d/ipcbox.prom"
    [ "$(stat -c %i "$d/ipcbox.prom")" != "$ino" ]
    grep -qx 'ipcbox_objects{kind="shm"} 1' /dev/fd/5
    exec 5<&-
    grep -qx 'ipcbox_objects{kind="shm"} 2' "$d/ipcbox.prom"
    [ "$(ls -A "$d")" = ipcbox.prom ]
}

@test "metrics: --metrics-file into a directory it may not write: exit 1, one line, the old file kept" {
    local d=$BATS_TEST_TMPDIR/ro
    mkdir "$d"
    chmod 755 "$BATS_TEST_TMPDIR"
    echo old >"$d/ipcbox.prom"
    chmod 755 "$d"
    runs as_nobody lsipc --metrics --metrics-file "$d/ipcbox.prom"
    [ "$rc" = 1 ] || { show; return 1; }
    [ "$(echo "$err" | wc -l)" = 1 ]
    [[ $err == "lsipc: cannot write $d/ipcbox.prom (a temporary file beside it): Permission denied; the old file is left as it was" ]] || { show; return 1; }
    [ -z "$out" ]
    [ "$(cat "$d/ipcbox.prom")" = old ]
    [ "$(ls -A "$d")" = ipcbox.prom ]
    # a directory that does not exist
    runs lsipc --metrics --metrics-file "$d/none/x.prom"
    [ "$rc" = 1 ] && [[ $err == *"No such file or directory"* ]] || { show; return 1; }
}

@test "metrics: --metrics-file on a full filesystem: exit 1, the old file kept, no temporary file left" {
    local d=$BATS_TEST_TMPDIR/small i
    mkdir "$d"
    # the sandbox's own mount namespace: a 64 KiB tmpfs to fill
    mount -t tmpfs -o size=64k tmpfs "$d"
    echo old >"$d/ipcbox.prom"
    dd if=/dev/zero of="$d/fill" bs=4k 2>/dev/null || true
    # enough objects that the text does not fit in what is left
    for i in $(seq 1 100); do ipctool pshm "/f$i" 1 0600; done
    runs lsipc --metrics --metrics-objects --metrics-file "$d/ipcbox.prom"
    [ "$rc" = 1 ] || { show; return 1; }
    [ "$(echo "$err" | wc -l)" = 1 ]
    [[ $err == "lsipc: cannot write $d/ipcbox.prom ("*"): No space left on device; the old file is left as it was" ]] || { show; return 1; }
    [ "$(cat "$d/ipcbox.prom")" = old ]
    [ "$(ls -A "$d" | sort | tr '\n' ' ')" = "fill ipcbox.prom " ]
    # with room again it works
    rm "$d/fill"
    lsipc --metrics --metrics-file "$d/ipcbox.prom"
    grep -q '^ipcbox_objects{kind="pshm"} 100$' "$d/ipcbox.prom"
}

@test "metrics: to a full stdout, a write error and exit 1; a closed pipe is quiet" {
    [ -w /dev/full ] || skip "/dev/full is not writable here"
    runs lsipc --metrics
    [ "$rc" = 0 ]
    rc=0
    lsipc --metrics >/dev/full 2>"$BATS_TEST_TMPDIR/err" || rc=$?
    [ "$rc" = 1 ]
    grep -q '^lsipc: write error' "$BATS_TEST_TMPDIR/err"
    for i in $(seq 1 300); do ipctool pshm "/c$i" 1 0600; done
    first=$(lsipc --metrics --metrics-objects=300 2>"$BATS_TEST_TMPDIR/err" | head -1)
    [ "$first" = "# HELP ipcbox_info ipcbox's version, and the util-linux version it is compatible with; always 1" ]
    [ ! -s "$BATS_TEST_TMPDIR/err" ]
}

@test "metrics: bad uses are refused with one line, and nothing is written" {
    local d=$BATS_TEST_TMPDIR/bad
    mkdir "$d"
    runs lsipc --metrics --metrics-objects=abc
    [ "$rc" = 1 ] && [ "$err" = "lsipc: invalid --metrics-objects maximum: 'abc' (0 to 1000000)" ] || { show; return 1; }
    runs lsipc --metrics --metrics-objects=$'\033x'
    [ "$rc" = 1 ] && [ "$err" = "lsipc: invalid --metrics-objects maximum: '\\x1bx' (0 to 1000000)" ] || { show; return 1; }
    runs lsipc --metrics --metrics-objects=1000001
    [ "$rc" = 1 ] || { show; return 1; }
    runs lsipc --metrics-file "$d/x.prom"
    [ "$rc" = 1 ] && [ "$err" = "lsipc: --metrics-file requires --metrics" ] || { show; return 1; }
    runs lsipc --metrics-objects
    [ "$rc" = 1 ] && [ "$err" = "lsipc: --metrics-objects requires --metrics" ] || { show; return 1; }
    runs lsipc --metrics -q --metrics-file "$d/x.prom"
    [ "$rc" = 1 ] && [[ $err == "lsipc: --metrics covers every kind: it cannot be combined with"* ]] || { show; return 1; }
    runs lsipc --metrics --json
    [ "$rc" = 1 ] && [ "$(echo "$err" | wc -l)" -le 2 ] || { show; return 1; }
    [ -z "$out" ]
    [ -z "$(ls -A "$d")" ]
}

@test "metrics: the alerting rule of lsipc(1) is a valid rule file, on the families lsipc writes" {
    need_promtool
    # the example between .Bd -literal and .Ed of the METRICS section
    awk '/^\.Ss An alerting rule/ { s = 1 } s && /^\.Bd -literal/ { p = 1; next }
         p && /^\.Ed/ { exit } p' "$IPCBOX_SRC/man/lsipc.1" >"$BATS_TEST_TMPDIR/rules.yml"
    grep -q 'alert: IPCObjectsLeaked' "$BATS_TEST_TMPDIR/rules.yml"
    run promtool check rules "$BATS_TEST_TMPDIR/rules.yml"
    [ "$status" = 0 ] || { echo "$output"; return 1; }
    # every ipcbox_ family it names is one lsipc writes
    lsipc --metrics >"$BATS_TEST_TMPDIR/m"
    for f in $(grep -o 'ipcbox_[a-z_]*' "$BATS_TEST_TMPDIR/rules.yml" | sort -u); do
        grep -q "^# TYPE $f gauge" "$BATS_TEST_TMPDIR/m" || { echo "no family $f"; return 1; }
    done
}

@test "metrics: a captured system (--sysroot) gives its objects; sets whose use cannot be read offline are undecided" {
    need_promtool
    local root=$FIXTURES/sysroot-captured k
    runs lsipc --metrics --sysroot "$root"
    [ "$rc" = 0 ] || { show; return 1; }
    echo "$out" >"$BATS_TEST_TMPDIR/m"
    for k in msg sem shm; do
        [ "$(value "$BATS_TEST_TMPDIR/m" "ipcbox_objects{kind=\"$k\"}")" = \
          "$(($(wc -l <"$root/proc/sysvipc/$k") - 1))" ] || { echo "$k"; return 1; }
    done
    [ "$(value "$BATS_TEST_TMPDIR/m" 'ipcbox_objects{kind="pshm"}')" = "$(lsipc -M --sysroot "$root" --noheadings -o NAME | wc -l)" ]
    # GETPID and the waiter counts are system calls: never made offline
    [ "$(value "$BATS_TEST_TMPDIR/m" 'ipcbox_unused_objects{kind="sem"}')" = 0 ]
    [ "$(value "$BATS_TEST_TMPDIR/m" 'ipcbox_unused_undecided_objects{kind="sem"}')" = \
      "$(value "$BATS_TEST_TMPDIR/m" 'ipcbox_objects{kind="sem"}')" ]
    # statvfs would describe the disk the capture is on, not its /dev/shm
    [ "$(value "$BATS_TEST_TMPDIR/m" 'ipcbox_scrape_success{part="shm_filesystem"}')" = 0 ]
    ! grep -q '^ipcbox_shm_filesystem_size_bytes ' "$BATS_TEST_TMPDIR/m"
    promtool_clean "$BATS_TEST_TMPDIR/m"
}

@test "metrics: as an unprivileged user, what it may not look at is undecided, never unused" {
    ipctool sem 0xb01 2 0600 >/dev/null
    ipctool shm 0xb02 4096 0600 >/dev/null
    ipctool pshm /r 10 0600
    runs as_nobody lsipc --metrics
    [ "$rc" = 0 ] || { show; return 1; }
    echo "$out" >"$BATS_TEST_TMPDIR/m"
    local m=$BATS_TEST_TMPDIR/m
    # every object is still counted (the kernel's index and the directory)
    values "$m" \
        'ipcbox_objects{kind="sem"}=1' \
        'ipcbox_objects{kind="pshm"}=1'
    # root's processes cannot be read: POSIX use cannot be told; the set's
    # counts are refused (EACCES): both undecided, neither unused
    values "$m" \
        'ipcbox_process_scan_partial{kind="pshm"}=1' \
        'ipcbox_unused_objects{kind="pshm"}=0' \
        'ipcbox_unused_undecided_objects{kind="pshm"}=1' \
        'ipcbox_unused_objects{kind="sem"}=0' \
        'ipcbox_unused_undecided_objects{kind="sem"}=1'
    # a segment's attach count is the kernel's, whoever asks
    [ "$(value "$m" 'ipcbox_unused_objects{kind="shm"}')" = 1 ]
}
