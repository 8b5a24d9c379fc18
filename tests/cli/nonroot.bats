#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The non-root matrix: every applet and every kind, run as nobody on
# root-owned 0600 objects. Listed with what cannot be read left empty (null
# in JSON), removal refused with the permission message and exit 1, creation
# refused where it is not allowed, and the IPC state never changed.

load helpers

bats_require_minimum_version 1.5.0

KINDS=(q s m Q S M)

setup() {
    reset_ipc
    # root's objects, each holding something nobody may not see
    MSG=$(ipctool msg 0x11 0600)
    ipctool msgsnd "$MSG" 10
    SEM=$(ipctool sem 0x12 2 0600)
    ipctool semset "$SEM" 1 7
    SHM=$(ipctool shm 0x13 4096 0600)
    ipctool pshm /ps 10 0600
    ipctool pmq /pq 0600 2 16
    ipctool pmqsend /pq 5
    ipctool psem /pse 0600 3
    BEFORE=$(ipc_snapshot)
}

teardown() {
    chmod 1777 /dev/shm /dev/mqueue 2>/dev/null || true
}

# the root-owned object of kind k: its id (System V) or name (POSIX)
obj_of() {
    case $1 in
    q) echo "$MSG" ;; s) echo "$SEM" ;; m) echo "$SHM" ;;
    Q) echo /pq ;; S) echo /pse ;; M) echo /ps ;;
    esac
}
key_of() {
    case $1 in q) echo 0x11 ;; s) echo 0x12 ;; m) echo 0x13 ;; esac
}
# lsipc's JSON key and ipcrm's --all= type of kind k
json_key() {
    case $1 in
    q) echo messages ;; s) echo semaphores ;; m) echo sharedmemory ;;
    Q) echo posix-messages ;; S) echo posix-semaphores ;; M) echo posix-sharedmemory ;;
    esac
}
all_type() {
    case $1 in q) echo msg ;; s) echo sem ;; m) echo shm ;; Q) echo pmsg ;; S) echo psem ;; M) echo pshm ;; esac
}
# -i ID or -N NAME
detail_opt() {
    case $1 in q | s | m) echo -i ;; *) echo -N ;; esac
}
# every column lsipc has for kind k
all_cols() {
    case $1 in
    q) echo KEY,ID,OWNER,PERMS,CUID,CUSER,CGID,CGROUP,UID,USER,GID,GROUP,CTIME,USEDBYTES,MSGS,SEND,RECV,LSPID,LRPID ;;
    s) echo KEY,ID,OWNER,PERMS,CUID,CUSER,CGID,CGROUP,UID,USER,GID,GROUP,CTIME,NSEMS,OTIME ;;
    m) echo KEY,ID,OWNER,PERMS,CUID,CUSER,CGID,CGROUP,UID,USER,GID,GROUP,CTIME,SIZE,NATTCH,STATUS,ATTACH,DETACH,COMMAND,CPID,LPID,RSS,SWAP ;;
    Q) echo NAME,OWNER,PERMS,CUID,CUSER,CGID,CGROUP,UID,USER,GID,GROUP,CTIME,MTIME,USEDBYTES,MSGS,MAXMSG,MSGSIZE,NOTIFY,NOTIFY_PID,SIGNO ;;
    S) echo NAME,OWNER,PERMS,CUID,CUSER,CGID,CGROUP,UID,USER,GID,GROUP,CTIME,MTIME,SVAL,WAITERS ;;
    M) echo NAME,OWNER,PERMS,CUID,CUSER,CGID,CGROUP,UID,USER,GID,GROUP,CTIME,MTIME,SIZE ;;
    esac
}
# what nobody cannot know about root's 0600 object of kind k (JSON keys)
unknown_of() {
    case $1 in
    # (notify, notify_pid and signo are null for root too: no one asked to be
    # notified)
    Q) echo usedbytes msgs maxmsg msgsize ;;
    S) echo sval waiters ;;
    *) ;;
    esac
}

# Compare nobody's JSON with root's for the same command: the same objects,
# every value equal or null, and each key in UNKNOWN that the view has null
# for nobody (and not null for root: it is really there to be hidden).
# pids-partial may differ (nobody cannot read root's processes), and rss and
# swap come with the /proc/sysvipc line nobody falls back to, not with
# root's IPC_STAT.
compare_json() {    # FILE_NOBODY FILE_ROOT UNKNOWN...
    local nob=$1 root=$2
    shift 2
    jq -e . "$nob" >/dev/null
    jq -n -e --slurpfile a "$nob" --slurpfile b "$root" --args '
        ($a[0] | to_entries[0].value) as $n | ($b[0] | to_entries[0].value) as $r |
        ($n | length) == ($r | length) and
        ([range(0; $n | length) as $i | $n[$i] | to_entries[] as $e |
            ($e.value == null or $e.value == $r[$i][$e.key] or ($e.value | type) == "array"
             or $e.key == "pids-partial"
             or (($e.key == "rss" or $e.key == "swap") and $r[$i][$e.key] == null))] | all) and
        ([$ARGS.positional[] as $k | range(0; $r | length) as $i | select($r[$i] | has($k)) |
            $n[$i][$k] == null and $r[$i][$k] != null] | all)' "$@" >/dev/null || {
        echo "nobody:"; cat "$nob"; echo "root:"; cat "$root"; return 1; }
}

assert_unchanged() {
    diff -u <(echo "$BEFORE") <(ipc_snapshot)
}

# ---- listing ----

@test "nobody lists root's 0600 object of every kind, in every applet" {
    for k in "${KINDS[@]}"; do
        o=$(obj_of $k)
        run --separate-stderr as_nobody lsipc -$k --noheadings -o "$(all_cols $k)"
        [ "$status" -eq 0 ] && [ -z "$stderr" ] && [ "${#lines[@]}" -eq 1 ] ||
            { echo "lsipc -$k: $status [$output] [$stderr]"; return 1; }
        [[ " ${lines[0]} " == *" root "* ]]
        [[ " ${lines[0]} " == *" rw------- "* ]]
        run --separate-stderr as_nobody lsipc -$k -r --noheadings -o "$(all_cols $k | cut -d, -f1)"
        case $k in q | s | m) [ "$output" = "$(printf '0x%08x' "$(key_of $k)")" ] ;; *) [ "$output" = "$o" ] ;; esac
        for mode in "" -t -p -c -b; do
            # shellcheck disable=SC2086
            run --separate-stderr as_nobody ipcs -$k $mode
            [ "$status" -eq 0 ] && [ -z "$stderr" ] || { echo "ipcs -$k $mode: $status $stderr"; return 1; }
        done
        run --separate-stderr as_nobody ipcs -$k
        case $k in
        q | s | m) grep -qE "^$(printf '0x%08x' "$(key_of $k)") +$o +root +600 " <<<"$output" ;;
        *) grep -qE "^$o +root +600 " <<<"$output" ;;
        esac || { echo "ipcs -$k: $output"; return 1; }
    done
    for mode in -a -l -u; do
        run --separate-stderr as_nobody ipcs $mode
        [ "$status" -eq 0 ] && [ -z "$stderr" ]
    done
    run --separate-stderr as_nobody lsipc -g -J
    [ "$status" -eq 0 ] && [ -z "$stderr" ]
    assert_unchanged
}

@test "nobody's JSON listing: every value root's or null, the unreadable ones null" {
    for k in "${KINDS[@]}"; do
        as_nobody lsipc -$k -J -b -o "$(all_cols $k)" >"$BATS_TEST_TMPDIR/nob"
        lsipc -$k -J -b -o "$(all_cols $k)" >"$BATS_TEST_TMPDIR/root"
        # shellcheck disable=SC2046
        compare_json "$BATS_TEST_TMPDIR/nob" "$BATS_TEST_TMPDIR/root" $(unknown_of $k)
    done
    assert_unchanged
}

@test "nobody's table: the unreadable cells are empty" {
    run --separate-stderr as_nobody lsipc -Q -r --noheadings -o NAME,OWNER,USEDBYTES,MSGS,MAXMSG,MSGSIZE
    [ "$output" = "/pq root    " ]
    run --separate-stderr as_nobody lsipc -S -r --noheadings -o NAME,OWNER,SVAL,WAITERS
    [ "$output" = "/pse root  " ]
    # root sees them
    run lsipc -Q -r --noheadings -o NAME,OWNER,USEDBYTES,MSGS,MAXMSG,MSGSIZE
    [ "$output" = "/pq root 5B 1 2 16B" ]
    run lsipc -S -r --noheadings -o NAME,OWNER,SVAL,WAITERS
    [ "$output" = "/pse root 3 0" ]
    assert_unchanged
}

@test "nobody's detail views (-i/-N) of every kind: lsipc pretty, list and JSON; ipcs" {
    for k in "${KINDS[@]}"; do
        o=$(obj_of $k) d=$(detail_opt $k)
        for mode in "" -l -r -e; do
            # shellcheck disable=SC2086
            run --separate-stderr as_nobody lsipc -$k $d "$o" $mode
            # (a note that other users' processes could not be inspected is fine)
            stderr=$(grep -v 'process' <<<"$stderr" || true)
            [ "$status" -eq 0 ] && [ -z "$stderr" ] && [ -n "$output" ] ||
                { echo "lsipc -$k $d $o $mode: $status [$stderr]"; return 1; }
        done
        run --separate-stderr as_nobody lsipc -$k $d "$o"
        grep -qE '^Owner: +root' <<<"$output"
        as_nobody lsipc -$k $d "$o" -J >"$BATS_TEST_TMPDIR/nob"
        lsipc -$k $d "$o" -J >"$BATS_TEST_TMPDIR/root"
        # shellcheck disable=SC2046
        compare_json "$BATS_TEST_TMPDIR/nob" "$BATS_TEST_TMPDIR/root" $(unknown_of $k)
    done
    # the semaphore values of a set nobody may not read: null, not zeros
    as_nobody lsipc -s -i "$SEM" -J >"$BATS_TEST_TMPDIR/nob"
    jq -e '.semaphores[0] | .nsems == 2 and .elements == null' "$BATS_TEST_TMPDIR/nob"
    lsipc -s -i "$SEM" -J | jq -e '.semaphores[0].elements[1].value == 7'
    # the POSIX detail view leaves out what it cannot read
    run --separate-stderr as_nobody lsipc -Q -N /pq
    ! grep -qE '^(Used bytes|Messages|Max messages|Message size):' <<<"$output" || false
    run --separate-stderr as_nobody lsipc -S -N /pse
    ! grep -qE '^(Value|Waiters):' <<<"$output" || false

    # ipcs: the POSIX details show '-' for what cannot be read
    run --separate-stderr as_nobody ipcs -Q -N /pq
    [ "$status" -eq 0 ] && [ -z "$stderr" ]
    grep -qxF $'cbytes=-\tqnum=-\tmaxmsg=-\tmsgsize=-' <<<"$output"
    run --separate-stderr as_nobody ipcs -S -N /pse
    [ "$status" -eq 0 ] && grep -qxF 'value=-' <<<"$output"
    run --separate-stderr as_nobody ipcs -M -N /ps
    [ "$status" -eq 0 ] && grep -qxF 'bytes=10' <<<"$output"
    run --separate-stderr as_nobody ipcs -q -i "$MSG"
    [ "$status" -eq 0 ] && grep -q 'qnum=1' <<<"$output"
    run --separate-stderr as_nobody ipcs -m -i "$SHM"
    [ "$status" -eq 0 ] && grep -q 'bytes=4096' <<<"$output"
    # util-linux's wording and status for a set whose values cannot be read
    run --separate-stderr as_nobody ipcs -s -i "$SEM"
    [ "$status" -eq 1 ]
    [ "$stderr" = "ipcs: cannot read the semaphores of set $SEM: Permission denied" ]
    assert_unchanged
}

# ---- removal ----

# nobody runs ipcrm ARGS...: exit 1, stderr exactly MESSAGE (one line),
# stdout exactly OUT, nothing changed
refused() {
    local msg=$1 out=$2
    shift 2
    run --separate-stderr as_nobody ipcrm "$@"
    if [ "$status" -ne 1 ] || [ "$stderr" != "$msg" ] || [ "$output" != "$out" ]; then
        echo "ipcrm $*: exit $status"
        echo "stdout: [$output] (want [$out])"
        echo "stderr: [$stderr] (want [$msg])"
        return 1
    fi
    assert_unchanged
}

@test "nobody's removal of root's object of every kind is refused, by every way of naming it" {
    declare -A old=([q]=msg [s]=sem [m]=shm)
    declare -A byid=([q]=-q [s]=-s [m]=-m)
    declare -A bykey=([q]=-Q [s]=-S [m]=-M)
    declare -A byname=([Q]=--posix-mqueue [S]=--posix-semaphore [M]=--posix-shmem)
    declare -A noun=([q]="message queue" [s]="semaphore" [m]="shared memory segment"
                     [Q]="POSIX message queue" [S]="POSIX semaphore" [M]="POSIX shared memory")
    for k in q s m; do
        id=$(obj_of $k) key=$(key_of $k)
        refused "ipcrm: permission denied for id ($id)" "" ${byid[$k]} "$id"
        refused "ipcrm: permission denied for id ($id)" "removing ${noun[$k]} id \`$id'" -v ${byid[$k]} "$id"
        refused "ipcrm: permission denied for key ($key)" "" ${bykey[$k]} "$key"
        refused "ipcrm: permission denied for key ($((key)))" "" ${bykey[$k]} "$((key))"
        refused "ipcrm: permission denied for id ($id)" "" ${old[$k]} "$id"
    done
    for k in Q S M; do
        n=$(obj_of $k)
        refused "ipcrm: permission denied for name \`$n'" "" ${byname[$k]} "$n"
        refused "ipcrm: permission denied for name \`${n#/}'" "" ${byname[$k]} "${n#/}"
        refused "ipcrm: permission denied for name \`$n'" "removing ${noun[$k]} \`$n'" -v ${byname[$k]} "$n"
    done
    for k in "${KINDS[@]}"; do
        o=$(obj_of $k) t=$(all_type $k)
        case $k in
        q | s | m) msg="ipcrm: permission denied for id ($o)" what="${noun[$k]} id \`$o'" ;;
        *) msg="ipcrm: permission denied for name \`$o'" what="${noun[$k]} \`$o'" ;;
        esac
        refused "$msg" "" --all=$t
        refused "$msg" "removing $what
0 removed, 0 kept, 1 failed" --all=$t -v
        refused "$msg" "" --all=$t --owner root
        refused "$msg" "" --all=$t --creator 0
    done
    refused "ipcrm: permission denied for name \`/pq'" "" --all=pmsg --name 'p*'
    # everything at once: six refusals, one exit 1
    run --separate-stderr as_nobody ipcrm -a
    [ "$status" -eq 1 ] && [ -z "$output" ]
    [ "${#stderr_lines[@]}" -eq 6 ]
    [ "$(grep -c '^ipcrm: permission denied for ' <<<"$stderr")" -eq 6 ]
    assert_unchanged
}

@test "nobody's filters that match none of root's objects remove nothing and succeed" {
    for k in "${KINDS[@]}"; do
        run --separate-stderr as_nobody ipcrm --all="$(all_type $k)" --owner nobody -v
        [ "$status" -eq 0 ] && [ -z "$stderr" ] && [ "$output" = "0 removed, 0 kept, 0 failed" ]
    done
    assert_unchanged
}

# ---- creation ----

@test "nobody cannot create over root's key or name, nor where it may not write" {
    # exclusive creation: root's key or name is taken
    for spec in "q:-Q --key 0x11" "s:-S 1 --key 0x12" "m:-M 1 --key 0x13" \
                "Q:-q -n /pq" "S:-s -n /pse" "M:-m 1 -n /ps"; do
        # shellcheck disable=SC2086
        run --separate-stderr as_nobody ipcmk ${spec#*:}
        [ "$status" -eq 1 ] && [ -z "$output" ] && [ "${#stderr_lines[@]}" -eq 1 ] ||
            { echo "ipcmk ${spec#*:}: $status [$output] [$stderr]"; return 1; }
        [[ "$stderr" == "ipcmk: create "*" failed: File exists" ]]
    done
    assert_unchanged
    # directories nobody may not write to: the POSIX kinds are refused
    chmod 1755 /dev/shm /dev/mqueue
    BEFORE=$(ipc_snapshot)
    for spec in "-q -n /new" "-s -n /new" "-m 1 -n /new"; do
        # shellcheck disable=SC2086
        run --separate-stderr as_nobody ipcmk $spec
        [ "$status" -eq 1 ] && [ -z "$output" ] &&
            [[ "$stderr" == "ipcmk: create POSIX "*" failed: Permission denied" ]] ||
            { echo "ipcmk $spec: $status [$output] [$stderr]"; return 1; }
    done
    # several at once: the ones refused are reported, exit 1
    run --separate-stderr as_nobody ipcmk -m 1 -q -s -n /new2
    [ "$status" -eq 1 ]
    [ ! -e /dev/shm/new2 ] && [ ! -e /dev/mqueue/new2 ] && [ ! -e /dev/shm/sem.new2 ]
    assert_unchanged
}
