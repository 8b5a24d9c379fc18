#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# REMOVEIPC: which objects systemd-logind removes when their owner's last
# session ends, on the live state (with the sandbox's own /run/systemd,
# /etc/systemd and linger directory mounted over the host's) and on
# sysroots with the logind.conf trees of tests/fixtures/logind.

load helpers
bats_require_minimum_version 1.5.0

setup() {
    reset_ipc
    MOUNTS=()
}

teardown() {
    stop_bg
    local m
    for m in "${MOUNTS[@]}"; do
        umount "$m" 2>/dev/null || true
    done
    reset_ipc
}

# over DIR: an empty tmpfs of the sandbox, taken off by teardown
over() {
    mkdir -p "$1"
    mount -t tmpfs tmpfs "$1"
    MOUNTS=("$1" "${MOUNTS[@]}")
}

# systemd "runs" the sandbox (/run/systemd/system) with logind.conf tree $1
booted_with() {
    over /run/systemd
    mkdir /run/systemd/system
    over /etc/systemd
    if [ -n "${1:-}" ]; then
        cp -a "$FIXTURES/logind/$1/etc/systemd/." /etc/systemd/
    fi
}

# verdict KIND-OPTION ID-OR-NAME: the REMOVEIPC of one listed object
verdict() {
    local col=ID
    case $1 in -M|-Q|-S) col=NAME ;; esac
    lsipc "$1" -r --noheadings -o "$col,REMOVEIPC" | awk -v k="$2" '$1 == k { print $2 }'
}

# one object of each kind owned by user $1 (uid $2), POSIX ones named /$1-*
objects_of() {
    ipctool msg 0 0600 "$2" "$2"
    ipctool sem 0 1 0600 "$2" "$2"
    ipctool shm 0 4096 0600 "$2" "$2"
    ipctool pshm "/$1-shm" 64 0600
    ipctool psem "/$1-sem" 0600 1
    ipctool pmq "/$1-mq" 0600
    chown "$2:$2" "/dev/shm/$1-shm" "/dev/shm/sem.$1-sem" "/dev/mqueue/$1-mq"
}

@test "live, systemd not running: no for every kind, and detail views stay util-linux's" {
    over /run/systemd
    objects_of nobody 65534 >"$BATS_TEST_TMPDIR/ids"
    mapfile -t ids <"$BATS_TEST_TMPDIR/ids"
    [ "$(verdict -q "${ids[0]}")" = no ]
    [ "$(verdict -s "${ids[1]}")" = no ]
    [ "$(verdict -m "${ids[2]}")" = no ]
    [ "$(verdict -M /nobody-shm)" = no ]
    [ "$(verdict -S /nobody-sem)" = no ]
    [ "$(verdict -Q /nobody-mq)" = no ]
    run -0 lsipc -m -i "${ids[2]}"
    ! grep -q 'Removed at logout' <<<"$output"
    ! grep -q '^Why:' <<<"$output"
    run -0 lsipc -g -r --noheadings -o RESOURCE,USED
    grep -qx 'REMOVEIPC 0' <<<"$output"
    # nothing to note either
    run -0 --separate-stderr as_nobody ipcmk -Q
    [ -z "$stderr" ]
}

@test "live, systemd's default (RemoveIPC=yes): a user's objects of every kind, not root's nor a system user's" {
    booted_with default
    objects_of nobody 65534 >"$BATS_TEST_TMPDIR/user"
    objects_of daemon 1 >"$BATS_TEST_TMPDIR/system"
    objects_of root 0 >"$BATS_TEST_TMPDIR/root"
    for who in user system root; do
        mapfile -t ids <"$BATS_TEST_TMPDIR/$who"
        case $who in
        user) want=yes name=nobody ;;
        system) want=no name=daemon ;;
        root) want=no name=root ;;
        esac
        [ "$(verdict -q "${ids[0]}")" = "$want" ]
        [ "$(verdict -s "${ids[1]}")" = "$want" ]
        [ "$(verdict -m "${ids[2]}")" = "$want" ]
        [ "$(verdict -M "/$name-shm")" = "$want" ]
        [ "$(verdict -S "/$name-sem")" = "$want" ]
        [ "$(verdict -Q "/$name-mq")" = "$want" ]
    done
    # the same strings in JSON
    run -0 lsipc -Q -J -o NAME,REMOVEIPC
    jq -e '.["posix-messages"] | map({key: .name, value: .removeipc}) | from_entries |
        .["/nobody-mq"] == "yes" and .["/daemon-mq"] == "no" and .["/root-mq"] == "no"' \
        <<<"$output"
    # six objects of nobody's at risk
    run -0 lsipc -g -r --noheadings -o RESOURCE,USED
    grep -qx 'REMOVEIPC 6' <<<"$output"
    run -0 lsipc -g -J
    jq -e '.ipclimits | map(select(.resource == "REMOVEIPC"))[0] |
        .used == 6 and .limit == null' <<<"$output"
}

@test "live: an attached segment is removed only once detached" {
    booted_with default
    id=$(ipctool shm 0 4096 0600 65534 65534)
    hold hold-shm "$id"
    [ "$(verdict -m "$id")" = detached ]
    run -0 lsipc -m -i "$id"
    grep -qE '^Removed at logout: +detached' <<<"$output"
    grep -qE '^Why: +detached: removed when the last session of nobody \(uid 65534\) ends, once no process is attached' <<<"$output"
    # counted as at risk
    run -0 lsipc -g -r --noheadings -o RESOURCE,USED
    grep -qx 'REMOVEIPC 1' <<<"$output"
    stop_bg
    [ "$(verdict -m "$id")" = yes ]
}

@test "live: detail views say why, with where the setting and the uid boundary came from" {
    booted_with default
    id=$(ipctool msg 0 0600 65534 65534)
    run -0 lsipc -q -i "$id"
    grep -qE '^Removed at logout: +yes *$' <<<"$output"
    line=$(grep '^Why:' <<<"$output")
    grep -qF "yes: removed when the last session of nobody (uid 65534) ends: RemoveIPC=yes (systemd's default, no logind.conf sets it); uid above 999" <<<"$line"
    # Debian's systemd says its boundary in systemd.pc
    if [ -f /usr/share/pkgconfig/systemd.pc ]; then
        grep -qF '(system_uid_max of /usr/share/pkgconfig/systemd.pc)' <<<"$line"
    fi
    run -0 lsipc -q -i "$id" -J
    jq -e '.messages[0] | .removeipc == "yes" and
        (.["removeipc-why"] | startswith("yes: removed when the last session of nobody"))' \
        <<<"$output"
    id=$(ipctool sem 0 1 0600 1 1)
    run -0 lsipc -s -i "$id"
    grep -qE '^Why: +no: owner daemon \(uid 1\) is a system user \(uid at most 999, ' <<<"$output"
    id=$(ipctool shm 0 1 0600)
    run -0 lsipc -m -i "$id"
    grep -qE '^Why: +no: owned by root, whose objects logind never removes' <<<"$output"
}

@test "live: RemoveIPC=no in logind.conf, and a drop-in that turns it on again" {
    booted_with off
    id=$(ipctool msg 0 0600 65534 65534)
    [ "$(verdict -q "$id")" = no ]
    run -0 lsipc -q -i "$id"
    grep -qE '^Why: +no: RemoveIPC=no \(/etc/systemd/logind.conf, line 2\)' <<<"$output"
    run -0 lsipc -g -r --noheadings -o RESOURCE,USED
    grep -qx 'REMOVEIPC 0' <<<"$output"
    mkdir /etc/systemd/logind.conf.d
    printf '[Login]\nRemoveIPC=yes\n' >/etc/systemd/logind.conf.d/90-on.conf
    [ "$(verdict -q "$id")" = yes ]
    run -0 lsipc -q -i "$id"
    grep -qF 'RemoveIPC=yes (/etc/systemd/logind.conf.d/90-on.conf, line 2)' <<<"$output"
}

@test "live: a lingering user's objects stay" {
    booted_with default
    over /var/lib/systemd
    mkdir /var/lib/systemd/linger
    touch /var/lib/systemd/linger/nobody
    id=$(ipctool sem 0 1 0600 65534 65534)
    [ "$(verdict -s "$id")" = no ]
    run -0 lsipc -s -i "$id"
    grep -qF 'no: owner nobody (uid 65534) lingers (/var/lib/systemd/linger/nobody exists)' <<<"$output"
}

@test "ipcmk: one note when logind would remove what it made, none otherwise" {
    booted_with default
    run -0 --separate-stderr as_nobody ipcmk -Q -M 10
    grep -qE '^Message queue id: [0-9]+$' <<<"$output"
    grep -qE '^Shared memory id: [0-9]+$' <<<"$output"
    [ "$(wc -l <<<"$stderr")" = 1 ]
    grep -qF "ipcmk: note: systemd-logind removes these objects when the last session of nobody (uid 65534) ends (RemoveIPC=yes: systemd's default, no logind.conf sets it); to keep them, create them as a system user, enable lingering ('loginctl enable-linger nobody') or set RemoveIPC=no" <<<"$stderr"
    run -0 --separate-stderr as_nobody ipcmk --posix-shmem 10 --name /n
    grep -qF 'removes this object' <<<"$stderr"
    # root's and a system user's objects: no note
    run -0 --separate-stderr ipcmk -Q -S 1
    [ -z "$stderr" ]
    run -0 --separate-stderr setpriv --reuid=1 --regid=1 --clear-groups ipcmk -Q
    [ -z "$stderr" ]
}

# a copy of the captured sysroot with logind tree $1 laid over it
sysroot_with() {
    SR=$BATS_TEST_TMPDIR/sysroot
    rm -rf "$SR"
    cp -a "$FIXTURES/sysroot-captured" "$SR"
    cp -a "$FIXTURES/logind/$1/." "$SR/"
}

# sysroot_verdicts OPTION: "ID REMOVEIPC" lines of the sysroot's objects
sysroot_verdicts() {
    lsipc --sysroot "$SR" "$1" -r --noheadings -o ID,OWNER,REMOVEIPC | tr '\n' ' '
}

@test "--sysroot: the logind configuration and users of the sysroot, not this machine's" {
    # alice (4242) is a user, nobody (65534) too; root never
    sysroot_with default
    [ "$(sysroot_verdicts -m)" = "0 root no 1 root no 2 alice yes " ]
    [ "$(sysroot_verdicts -q)" = "0 root no 1 nobody yes " ]
    [ "$(sysroot_verdicts -s)" = "0 root no 1 alice yes " ]
    run -0 lsipc --sysroot "$SR" -g -r --noheadings -o RESOURCE,USED
    grep -qx 'REMOVEIPC 3' <<<"$output"
    sysroot_with off
    [ "$(sysroot_verdicts -q)" = "0 root no 1 nobody no " ]
    # alice lingers in this one
    sysroot_with linger
    [ "$(sysroot_verdicts -s)" = "0 root no 1 alice no " ]
    [ "$(sysroot_verdicts -q)" = "0 root no 1 nobody yes " ]
    # a system-uid boundary of 4999 from its login.defs makes alice a system user
    sysroot_with logindefs
    [ "$(sysroot_verdicts -s)" = "0 root no 1 alice no " ]
    run -0 lsipc --sysroot "$SR" -s -i 1
    grep -qF 'no: owner alice (uid 4242) is a system user (uid at most 4999, SYS_UID_MAX of /etc/login.defs)' <<<"$output"
    # systemd's own 499 wins over login.defs' 4999
    sysroot_with systemdpc
    [ "$(sysroot_verdicts -s)" = "0 root no 1 alice yes " ]
    run -0 lsipc --sysroot "$SR" -s -i 1
    grep -qF 'uid above 499 (system_uid_max of /usr/share/pkgconfig/systemd.pc)' <<<"$output"
    # drop-ins in order; the winner is named
    sysroot_with dropins
    run -0 lsipc --sysroot "$SR" -q -i 1
    grep -qF 'RemoveIPC=yes (/run/systemd/logind.conf.d/30-run.conf, line 3)' <<<"$output"
    sysroot_with notbooted
    [ "$(sysroot_verdicts -q)" = "0 root no 1 nobody no " ]
    # a sysroot without any systemd at all
    SR=$FIXTURES/sysroot-captured
    [ "$(sysroot_verdicts -q)" = "0 root no 1 nobody no " ]
}

@test "REMOVEIPC: in --help, and only where it applies" {
    run -0 lsipc --help
    grep -qE '^ +REMOVEIPC  Removed by systemd-logind at the owner' <<<"$output"
    run -0 lsipc --pid $$ -o TYPE,REMOVEIPC
    run -1 lsipc -g -o REMOVEIPC
    grep -qx 'lsipc: column REMOVEIPC does not apply to the specified IPC' <<<"$output"
}
