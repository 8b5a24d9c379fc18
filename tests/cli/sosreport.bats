#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# A real sosreport (Debian's sos 4.0, package sosreport) of the sandbox's
# state read with --sysroot: everything the report holds must be what the
# live lsipc and ipcs show, field by field.

load helpers
bats_require_minimum_version 1.5.0

setup_file() {
    export TZ=UTC LC_ALL=C
    command -v sos >/dev/null || skip "sos is not installed (package sosreport)"
    ipctool reset
    # every kind, owners with and without names, values that show
    ipctool msg 0x51 0640 >/dev/null
    m=$(ipctool msg 0x52 0600 65534 65534)
    ipctool msgsnd "$m" 100 3
    ipctool msg 0 0666 4242 4343 >/dev/null
    ipctool shm 0x61 8192 0600 >/dev/null
    s=$(ipctool shm 0x62 4096 0644 65534 65534)
    ipctool shmlock "$s"
    e=$(ipctool sem 0x71 3 0600)
    ipctool semop "$e" 1 2
    ipctool sem 0 1 0666 4242 65534 >/dev/null
    ipctool pshm /data 12345 0640
    ipctool pshm '/with space' 1 0600
    ipctool psem /lock 0600 3
    ipctool pmq /jobs 0600
    chown 65534:65534 /dev/shm/data /dev/mqueue/jobs
    chown 4242:4343 /dev/shm/sem.lock
    export SOS_TMP=$BATS_FILE_TMPDIR/sos
    mkdir -p "$SOS_TMP"
    # the plugins that hold IPC state: /proc/sysvipc, /proc/sys, the /dev listing
    timeout 300 sos report --batch --quiet --build --tmp-dir "$SOS_TMP" \
        -o sysvipc,system,block >"$BATS_FILE_TMPDIR/sos.log" 2>&1 ||
        skip "sos report cannot run here: $(tail -1 "$BATS_FILE_TMPDIR/sos.log")"
    REPORT=$(ls -d "$SOS_TMP"/sosreport-*/ | head -1)
    export REPORT=${REPORT%/}
}

teardown_file() {
    ipctool reset 2>/dev/null || true
}

# same ARGS...: "lsipc ARGS" live and on the report print the same
same() {
    local live rep
    live=$("$@" 2>&1)
    rep=$("$1" --sysroot "$REPORT" "${@:2}" 2>&1)
    if [ "$live" != "$rep" ]; then
        echo "$* differs (live, then the report):"
        diff -u <(echo "$live") <(echo "$rep") || true
        return 1
    fi
    [ -n "$live" ]
}

@test "sos report: the tree has what --sysroot reads" {
    [ -f "$REPORT/proc/sysvipc/msg" ]
    [ -f "$REPORT/proc/sys/kernel/shmmax" ]
    [ -f "$REPORT/sos_commands/block/ls_-lanR_.dev" ]
    [ ! -e "$REPORT/dev/shm" ]
    [ ! -e "$REPORT/etc/passwd" ]
}

@test "sosreport: System V objects field by field, times and pids included" {
    same lsipc -q -r --time-format=iso -o KEY,ID,PERMS,UID,GID,CUID,CGID,USEDBYTES,MSGS,LSPID,LRPID,SEND,RECV,CTIME
    same lsipc -m -r -b --time-format=iso -o KEY,ID,PERMS,UID,GID,CUID,CGID,SIZE,NATTCH,STATUS,CPID,LPID,ATTACH,DETACH,CTIME,RSS,SWAP
    same lsipc -s -r --time-format=iso -o KEY,ID,PERMS,UID,GID,CUID,CGID,NSEMS,OTIME,CTIME
    same lsipc -q -J -o KEY,ID,PERMS,UID,CUID,USEDBYTES,MSGS
}

@test "sosreport: limits and counts of lsipc -g and ipcs -l" {
    # PSHMFS is statvfs of the live filesystem, which a report does not hold
    live=$(lsipc -g -r -b --noheadings -o RESOURCE,LIMIT,USED | grep -v '^PSHMFS ')
    rep=$(lsipc --sysroot "$REPORT" -g -r -b --noheadings -o RESOURCE,LIMIT,USED 2>/dev/null |
          grep -v '^PSHMFS ')
    [ "$live" = "$rep" ] || { diff -u <(echo "$live") <(echo "$rep"); false; }
    # ours, and what sos's runtime probes may leave (podman: libpod_lock)
    others=$(find /dev/shm -maxdepth 1 -type f ! -name 'sem.*' ! -name data ! -name 'with space' | wc -l)
    grep -qx "PSHMNUM - $((2 + others))" <<<"$rep"
    grep -qx 'PSEMNUM - 1' <<<"$rep"
    grep -qx 'MQUMNI 256 1' <<<"$rep" || grep -qE '^MQUMNI [0-9]+ 1$' <<<"$rep"
    same ipcs -l
}

@test "sosreport: POSIX objects from the /dev listing: name, size, owner, mode; mtime to the minute" {
    for k in -M -S -Q; do
        live=$(lsipc "$k" -r --noheadings --time-format=iso -o NAME,PERMS,UID,GID,MTIME |
               sed -E 's/(T[0-9]{2}:[0-9]{2}):[0-9]{2}/\1:00/' | sort)
        rep=$(lsipc --sysroot "$REPORT" "$k" -r --noheadings --time-format=iso \
              -o NAME,PERMS,UID,GID,MTIME 2>/dev/null | sort)
        [ "$live" = "$rep" ] || { diff -u <(echo "$live") <(echo "$rep"); false; }
        [ -n "$rep" ]
    done
    live=$(lsipc -M -r -b --noheadings -o NAME,SIZE | sort)
    rep=$(lsipc --sysroot "$REPORT" -M -r -b --noheadings -o NAME,SIZE 2>/dev/null | sort)
    [ "$live" = "$rep" ]
    grep -qx '/data 12345' <<<"$rep"
    # what the listing lacks is null, and said once
    run -0 --separate-stderr lsipc --sysroot "$REPORT" -S -J -o NAME,SVAL,CTIME,MTIME
    jq -e '.["posix-semaphores"][0] | .name == "/lock" and .sval == null and .ctime == null
        and (.mtime | test("T[0-9:]+:00"))' <<<"$output"
    [ "$(grep -c 'come from its listing of /dev' <<<"$stderr")" = 1 ]
    run -0 --separate-stderr lsipc --sysroot "$REPORT" -Q -N /jobs
    grep -qE '^Name: +/jobs' <<<"$output"
    grep -qE '^UID: +65534' <<<"$output"
    run -1 lsipc --sysroot "$REPORT" -M -N /nosuch
}

@test "sosreport: user and group names from the getent files when etc/passwd is absent" {
    # sos 4.0 keeps no names; later versions run getent: add what it writes
    mkdir -p "$REPORT/sos_commands/getent"
    getent passwd >"$REPORT/sos_commands/getent/getent_passwd"
    getent group >"$REPORT/sos_commands/getent/getent_group"
    same lsipc -q -r -o KEY,ID,OWNER,USER,GROUP,CUSER,CGROUP
    same lsipc -m -r -o KEY,ID,OWNER,USER,GROUP
    same ipcs -a
    same ipcs -c
    same ipcs -t
    same ipcs -p
    same ipcs -m -i 0
    # POSIX objects: what the listing holds, sorted by name there
    live=$(ipcs -M | sort)
    rep=$(ipcs --sysroot "$REPORT" -M 2>/dev/null | sort)
    [ "$live" = "$rep" ] || { diff -u <(echo "$live") <(echo "$rep"); false; }
    grep -q '^/data  *nobody  *640  *12345' <<<"$rep"
    run -0 --separate-stderr ipcs --sysroot "$REPORT" -M -S -Q
    [ "$(grep -c 'come from its listing of /dev' <<<"$stderr")" = 1 ]
    rep=$(lsipc --sysroot "$REPORT" -Q -r --noheadings -o NAME,OWNER 2>/dev/null)
    [ "$rep" = "/jobs nobody" ]
    rm -r "$REPORT/sos_commands/getent"
    # without them: numbers
    rep=$(lsipc --sysroot "$REPORT" -Q -r --noheadings -o NAME,OWNER 2>/dev/null)
    [ "$rep" = "/jobs 65534" ]
}
