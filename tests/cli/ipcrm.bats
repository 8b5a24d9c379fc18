#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# ipcrm: both syntaxes, every option and message, validation before removal.

load helpers

setup() {
    reset_ipc
    BG_PIDS=()
}

teardown() {
    stop_bg
}

# CMD... must exit 1 with exactly MSG on stderr, nothing on stdout, and
# leave every IPC object as it was
fails_with() {
    local msg=$1 before
    shift
    before=$(ipc_snapshot)
    runs "$@"
    if [ "$rc" != 1 ] || [ "$err" != "$msg" ] || [ -n "$out" ]; then
        show
        echo "expected stderr: $msg" >&2
        return 1
    fi
    diff -u <(echo "$before") <(ipc_snapshot)
}

usage_error() {
    printf "ipcrm: %s\nTry 'ipcrm --help' for more information." "$1"
}

count_sysv() {
    echo $(($(wc -l <"/proc/sysvipc/$1") - 1))
}

count_all() {
    echo $(($(count_sysv shm) + $(count_sysv msg) + $(count_sysv sem) + \
        $(ls -A /dev/shm | wc -l) + $(ls -A /dev/mqueue | wc -l)))
}

# one object of each kind (root, 0600); ids in $SHM $MSG $SEM, POSIX /obj
make_six() {
    SHM=$(ipctool shm 0x100 64 0600)
    MSG=$(ipctool msg 0x200 0600)
    SEM=$(ipctool sem 0x300 1 0600)
    ipctool pshm /obj 64 0600
    ipctool pmq /obj 0600
    ipctool psem /obj 0600 0
}

# ---- by id ----

@test "-m, -q, -s remove by id, silently" {
    make_six
    runs ipcrm -m "$SHM" -q "$MSG" -s "$SEM"
    [ "$rc" = 0 ] && [ -z "$out" ] && [ -z "$err" ] || { show; return 1; }
    [ "$(count_sysv shm)$(count_sysv msg)$(count_sysv sem)" = 000 ]
    [ "$(count_all)" = 3 ]
}

@test "--shmem-id, --queue-id, --semaphore-id" {
    make_six
    runs ipcrm --shmem-id "$SHM" --queue-id "$MSG" --semaphore-id "$SEM"
    [ "$rc" = 0 ] && [ -z "$out$err" ]
    [ "$(count_all)" = 3 ]
}

@test "-v reports each removal, wherever it stands" {
    make_six
    runs ipcrm -m "$SHM" -q "$MSG" -s "$SEM" -v
    [ "$rc" = 0 ] && [ -z "$err" ]
    [ "$out" = "removing shared memory segment id \`$SHM'
removing message queue id \`$MSG'
removing semaphore id \`$SEM'" ] || { show; return 1; }
    runs ipcrm --posix-shmem obj --verbose --posix-mqueue /obj --posix-semaphore /obj
    [ "$out" = "removing POSIX shared memory \`obj'
removing POSIX message queue \`/obj'
removing POSIX semaphore \`/obj'" ] || { show; return 1; }
    [ "$(count_all)" = 0 ]
}

@test "an attached segment is marked for destruction" {
    id=$(ipctool shm 0x42 64 0600)
    hold hold-shm "$id"
    runs ipcrm -m "$id"
    [ "$rc" = 0 ]
    perms=$(awk -v id="$id" 'NR > 1 && $2 == id { print $3 }' /proc/sysvipc/shm)
    [ $((8#$perms & 8#1000)) != 0 ]
    # removing it again succeeds, as in util-linux
    runs ipcrm -m "$id"
    [ "$rc" = 0 ]
}

@test "an id that does not exist: message, exit 1, the others are removed" {
    make_six
    runs ipcrm -m 12345 -q "$MSG" -s 777 -m "$SHM"
    [ "$rc" = 1 ] && [ -z "$out" ]
    [ "$err" = "ipcrm: invalid id (12345)
ipcrm: invalid id (777)" ] || { show; return 1; }
    ! exists_sysv msg "$MSG"
    ! exists_sysv shm "$SHM"
    exists_sysv sem "$SEM"
}

@test "-v with a failure: the line before the attempt, then the message" {
    runs ipcrm -v -q 5
    [ "$rc" = 1 ]
    [ "$out" = "removing message queue id \`5'" ]
    [ "$err" = "ipcrm: invalid id (5)" ]
}

# ---- by key ----

@test "-M, -Q, -S remove by key (hex, decimal, octal)" {
    make_six
    runs ipcrm -M 0x100 -Q 512 -S 01400
    [ "$rc" = 0 ] && [ -z "$out$err" ] || { show; return 1; }
    [ "$(count_sysv shm)$(count_sysv msg)$(count_sysv sem)" = 000 ]
}

@test "--shmem-key, --queue-key, --semaphore-key with -v show the id" {
    make_six
    runs ipcrm --shmem-key 0x100 --queue-key 0x200 --semaphore-key 0x300 -v
    [ "$rc" = 0 ]
    [ "$out" = "removing shared memory segment id \`$SHM'
removing message queue id \`$MSG'
removing semaphore id \`$SEM'" ]
}

@test "a negative key is the same 32-bit key" {
    ipctool msg -1 0600 >/dev/null
    runs ipcrm -Q -1
    [ "$rc" = 0 ] && [ "$(count_sysv msg)" = 0 ]
    ipctool msg 0xffffffff 0600 >/dev/null
    runs ipcrm -Q 4294967295
    [ "$rc" = 0 ] && [ "$(count_sysv msg)" = 0 ]
}

@test "a key that does not exist: invalid key, the others are removed" {
    make_six
    runs ipcrm -Q 0x999 -M 0x100 -S -1
    [ "$rc" = 1 ] && [ -z "$out" ]
    [ "$err" = "ipcrm: invalid key (0x999)
ipcrm: invalid key (-1)" ] || { show; return 1; }
    [ "$(count_sysv shm)" = 0 ]
}

@test "key 0 in any spelling is illegal, and nothing is removed" {
    make_six
    fails_with "ipcrm: illegal key (0)" ipcrm -m "$SHM" -M 0
    fails_with "ipcrm: illegal key (0x0)" ipcrm -Q 0x0
    fails_with "ipcrm: illegal key (00)" ipcrm -S 00 -q "$MSG"
}

# ---- POSIX by name ----

@test "--posix-* remove by name, with or without the slash" {
    make_six
    runs ipcrm --posix-shmem obj --posix-mqueue obj --posix-semaphore obj
    [ "$rc" = 0 ] && [ -z "$out$err" ] || { show; return 1; }
    [ "$(ls -A /dev/shm /dev/mqueue | grep -c obj)" = 0 ]
}

@test "a name that does not exist: not found, the others are removed" {
    make_six
    runs ipcrm --posix-shmem nope --posix-mqueue /obj --posix-semaphore /gone
    [ "$rc" = 1 ] && [ -z "$out" ]
    [ "$err" = "ipcrm: name \`nope' not found
ipcrm: name \`/gone' not found" ] || { show; return 1; }
    [ ! -e /dev/mqueue/obj ]
}

@test "--posix-shmem does not remove a semaphore through its file name" {
    ipctool psem /s 0600 0
    fails_with "ipcrm: name \`sem.s' not found" ipcrm --posix-shmem sem.s
}

@test "error: bad POSIX names, nothing removed" {
    make_six
    fails_with "ipcrm: invalid name: 'a/b' (one optional leading '/', no other '/')" \
        ipcrm --posix-shmem obj --posix-shmem a/b
    fails_with "ipcrm: invalid name: '' (one optional leading '/', no other '/')" \
        ipcrm --posix-mqueue ''
    long=$(printf 'x%.0s' $(seq 256))
    fails_with "ipcrm: name \`$long' too long" ipcrm -m "$SHM" --posix-semaphore "$long"
}

@test "an unexpected error is reported and the others are still removed" {
    make_six
    # shm_unlink() of a directory fails with EISDIR
    mkdir /dev/shm/dir
    runs ipcrm --posix-shmem dir --posix-mqueue obj -m "$SHM"
    rmdir /dev/shm/dir
    [ "$rc" = 1 ] && [ -z "$out" ]
    [ "$err" = "ipcrm: name failed: Is a directory" ] || { show; return 1; }
    [ ! -e /dev/mqueue/obj ] && ! exists_sysv shm "$SHM"
}

@test "--all without an mqueue mount: a warning, the rest is removed" {
    make_six
    umount /dev/mqueue
    runs ipcrm -a
    mount -t mqueue mqueue /dev/mqueue
    [ "$rc" = 0 ] && [ -z "$out" ]
    [ "$err" = "ipcrm: no mqueue filesystem is mounted; POSIX message queues skipped" ] || { show; return 1; }
    [ "$(count_sysv shm)$(count_sysv msg)$(count_sysv sem)" = 000 ]
    [ "$(ls -A /dev/shm | wc -l)" = 0 ]
    # the queue is still there
    [ -e /dev/mqueue/obj ]
    runs ipcrm --all=shm
    [ -z "$err" ]
}

# ---- the command line is checked before anything is removed ----

@test "error: no arguments" {
    fails_with "$(usage_error "bad usage")" ipcrm
    fails_with "$(usage_error "bad usage")" ipcrm -v
}

@test "error: bad ids, nothing removed" {
    make_six
    ipctool shm 0x101 64 0600 >/dev/null
    ipctool shm 0x102 64 0600 >/dev/null
    # without range checks 4294967298 would be id 2
    fails_with "ipcrm: failed to parse argument: '4294967298': Numerical result out of range" \
        ipcrm -m "$SHM" -m 4294967298
    fails_with "ipcrm: failed to parse argument: 'x'" ipcrm -q "$MSG" -m x
    fails_with "ipcrm: failed to parse argument: '-1'" ipcrm -s -1
    fails_with "ipcrm: failed to parse argument: '0x5'" ipcrm -q 0x5
    fails_with "ipcrm: failed to parse argument: ''" ipcrm -s ''
}

@test "error: bad keys, nothing removed" {
    make_six
    fails_with "ipcrm: failed to parse argument: '0x100000000': Numerical result out of range" \
        ipcrm -m "$SHM" -M 0x100000000
    fails_with "ipcrm: failed to parse argument: 'key'" ipcrm -Q key
    fails_with "ipcrm: failed to parse argument: '09'" ipcrm -S 09
}

@test "error: '-a shm' with a space removes nothing" {
    make_six
    fails_with "$(usage_error "unknown argument: shm")" ipcrm -a shm
    fails_with "$(usage_error "unknown argument: shm")" ipcrm --all shm
    fails_with "$(usage_error "unknown argument: foo")" ipcrm -m "$SHM" foo
    [ "$(count_all)" = 6 ]
}

@test "error: unknown --all types" {
    make_six
    fails_with "ipcrm: unknown argument: bad" ipcrm -a=bad
    fails_with "ipcrm: unknown argument: bad" ipcrm --all=bad
    fails_with "ipcrm: unknown argument: bogus" ipcrm --all=shm,bogus
    fails_with "ipcrm: unknown argument: shm,,msg" ipcrm --all=shm,,msg
    fails_with "ipcrm: unknown argument: " ipcrm --all=
    fails_with "ipcrm: unknown argument: sem," ipcrm -m "$SHM" -asem -a=sem,
    [ "$(count_all)" = 6 ]
}

@test "error: filters and --dry-run need --all" {
    make_six
    for f in "--owner root" "--creator 0" "--name x" "--older-than 1d" "--unused"; do
        fails_with "$(usage_error "${f%% *} requires --all")" ipcrm -m "$SHM" $f
    done
    fails_with "$(usage_error "--dry-run requires --all")" ipcrm -m "$SHM" --dry-run
}

@test "error: bad filter values" {
    make_six
    fails_with "ipcrm: --owner: unknown user: 'nosuchuser'" ipcrm -a --owner nosuchuser
    fails_with "ipcrm: --creator: unknown user: '-5'" ipcrm -a --creator -5
    fails_with "ipcrm: --older-than: invalid duration: '3y'" ipcrm -a --older-than 3y
    fails_with "ipcrm: --older-than: invalid duration: '-1d'" ipcrm -a --older-than -1d
}

@test "error: unknown option, missing argument" {
    make_six
    runs ipcrm -m "$SHM" --bogus
    [ "$rc" = 1 ] && [ -z "$out" ]
    [[ "$err" = *"--bogus"*"Try 'ipcrm --help' for more information." ]]
    runs ipcrm -m
    [ "$rc" = 1 ]
    [[ "$err" = *"Try 'ipcrm --help' for more information." ]]
    [ "$(count_all)" = 6 ]
}

# ---- the old syntax ----

@test "ipcrm shm|msg|sem ID...: resource(s) deleted" {
    make_six
    shm2=$(ipctool shm 0x101 64 0600)
    runs ipcrm shm "$SHM" "$shm2"
    [ "$rc" = 0 ] && [ "$out" = "resource(s) deleted" ] && [ -z "$err" ]
    runs ipcrm msg "$MSG"
    [ "$out" = "resource(s) deleted" ]
    runs ipcrm sem "$SEM"
    [ "$out" = "resource(s) deleted" ]
    [ "$(count_sysv shm)$(count_sysv msg)$(count_sysv sem)" = 000 ]
}

@test "old syntax: not enough arguments" {
    fails_with "$(usage_error "not enough arguments")" ipcrm shm
    fails_with "$(usage_error "not enough arguments")" ipcrm sem
}

@test "old syntax: bad ids are reported and nothing is removed" {
    make_six
    ipctool shm 0x101 64 0600 >/dev/null
    ipctool shm 0x102 64 0600 >/dev/null
    fails_with "ipcrm: invalid id: 4294967298" ipcrm shm "$SHM" 4294967298
    fails_with "ipcrm: invalid id: x
ipcrm: invalid id: -v" ipcrm msg x "$MSG" -v
}

@test "old syntax: a missing id fails, the others are removed, no summary" {
    make_six
    runs ipcrm sem 999 "$SEM"
    [ "$rc" = 1 ] && [ -z "$out" ]
    [ "$err" = "ipcrm: invalid id (999)" ]
    [ "$(count_sysv sem)" = 0 ]
}

# ---- --all ----

@test "-a removes every object of the six kinds" {
    make_six
    ipctool shm 0 64 0600 >/dev/null
    runs ipcrm -a
    [ "$rc" = 0 ] && [ -z "$out$err" ] || { show; return 1; }
    [ "$(count_all)" = 0 ]
}

@test "-ashm, -a=shm, --all=shm: one kind" {
    for spec in -ashm -a=shm --all=shm; do
        make_six
        runs ipcrm "$spec"
        [ "$rc" = 0 ] && [ "$(count_sysv shm)" = 0 ] && [ "$(count_all)" = 5 ] || { show; return 1; }
        reset_ipc
    done
}

@test "--all=TYPES takes a comma list of all six kinds" {
    make_six
    runs ipcrm --all=pshm,psem
    [ "$rc" = 0 ]
    [ "$(ls -A /dev/shm | wc -l)" = 0 ] && [ -e /dev/mqueue/obj ] && [ "$(count_all)" = 4 ]
    runs ipcrm -va=msg,pmsg
    [ "$out" = "removing message queue id \`$MSG'
removing POSIX message queue \`/obj'
2 removed (1 msg, 1 pmsg), 0 kept, 0 failed" ] || { show; return 1; }
    runs ipcrm --all=sem
    [ "$(count_all)" = 1 ]
}

@test "-v --all: each removal once, in util-linux's order, and a summary" {
    make_six
    runs ipcrm --all --verbose
    [ "$rc" = 0 ] && [ -z "$err" ]
    [ "$out" = "removing shared memory segment id \`$SHM'
removing POSIX shared memory \`/obj'
removing semaphore id \`$SEM'
removing POSIX semaphore \`/obj'
removing message queue id \`$MSG'
removing POSIX message queue \`/obj'
6 removed (1 shm, 1 pshm, 1 sem, 1 psem, 1 msg, 1 pmsg), 0 kept, 0 failed" ] || { show; return 1; }
}

@test "--all with individual options: those first, then --all" {
    make_six
    runs ipcrm -v -a=pmsg --posix-shmem obj
    [ "$out" = "removing POSIX shared memory \`obj'
removing POSIX message queue \`/obj'
2 removed (1 pshm, 1 pmsg), 0 kept, 0 failed" ] || { show; return 1; }
}

@test "--all on an empty system succeeds" {
    runs ipcrm -a -v
    [ "$rc" = 0 ] && [ "$out" = "0 removed, 0 kept, 0 failed" ] && [ -z "$err" ]
}

@test "--all names POSIX objects with their slash, escaped" {
    ipctool pshm $'/evil\033[31m' 1 0600
    runs ipcrm -a -v
    [ "$out" = 'removing POSIX shared memory `/evil\x1b[31m'"'"'
1 removed (1 pshm), 0 kept, 0 failed' ] || { show; return 1; }
}

# ---- filters ----

@test "--owner USER and --owner UID" {
    make_six
    ipctool shm 0x500 64 0600 65534 65534 >/dev/null
    ipctool msg 0x500 0600 65534 65534 >/dev/null
    as_nobody ipctool pshm /nob 1 0600
    as_nobody ipctool pmq /nob 0600
    runs ipcrm -a --owner nobody -v
    [ "$rc" = 0 ]
    [ "$(tail -1 <<<"$out")" = "4 removed (1 shm, 1 pshm, 1 msg, 1 pmsg), 0 kept, 0 failed" ] || { show; return 1; }
    [ "$(count_all)" = 6 ]
    [ ! -e /dev/shm/nob ] && [ -e /dev/shm/obj ]
    ipctool sem 0x500 1 0600 65534 65534 >/dev/null
    runs ipcrm -a --owner 65534
    [ "$(count_all)" = 6 ]
    runs ipcrm -a --owner 4242
    [ "$rc" = 0 ] && [ "$(count_all)" = 6 ]
}

@test "--creator matches the creator, not the owner" {
    # created by root, given to nobody
    id=$(ipctool msg 0x600 0600 65534 65534)
    other=$(ipctool msg 0x601 0600)
    runs ipcrm --all=msg --owner root
    ! exists_sysv msg "$other" && exists_sysv msg "$id"
    runs ipcrm --all=msg --creator nobody
    exists_sysv msg "$id"
    runs ipcrm --all=msg --creator root
    ! exists_sysv msg "$id"
}

@test "--name: a glob over POSIX names, with or without the slash" {
    for n in myapp.1 myapp.2 other; do
        ipctool pshm "/$n" 1 0600
    done
    ipctool pmq /myapp.q 0600
    ipctool psem /myapp.s 0600 0
    ipctool shm 0x10 64 0600 >/dev/null
    runs ipcrm --all=pshm --name '/myapp.*'
    [ "$rc" = 0 ]
    [ "$(ls /dev/shm | sort | tr '\n' ' ')" = "other sem.myapp.s " ]
    runs ipcrm -a --name 'myapp.?'
    [ "$(ls -A /dev/mqueue /dev/shm | grep -c myapp)" = 0 ]
    # System V objects have no name: never matched
    [ "$(count_sysv shm)" = 1 ] && [ -e /dev/shm/other ]
    runs ipcrm -a --name '[o]the*'
    [ ! -e /dev/shm/other ] && [ "$(count_sysv shm)" = 1 ]
}

@test "--older-than: POSIX by modification time" {
    ipctool pshm /old 1 0600
    ipctool pshm /new 1 0600
    ipctool pmq /old 0600
    touch -m -d '8 days ago' /dev/shm/old /dev/mqueue/old
    runs ipcrm -a --older-than 7d -v
    [ "$out" = "removing POSIX shared memory \`/old'
removing POSIX message queue \`/old'
2 removed (1 pshm, 1 pmsg), 0 kept, 0 failed" ] || { show; return 1; }
    [ -e /dev/shm/new ]
    touch -m -d '2 hours ago' /dev/shm/new
    runs ipcrm -a --older-than 3h
    [ -e /dev/shm/new ]
    runs ipcrm -a --older-than 90m
    [ ! -e /dev/shm/new ]
}

@test "--older-than: System V by last change time" {
    make_six
    runs ipcrm --all=shm,msg,sem --older-than 1h
    [ "$rc" = 0 ] && [ "$(count_all)" = 6 ]
    sleep 1
    runs ipcrm --all=shm,msg,sem --older-than 1s
    [ "$(count_all)" = 3 ]
}

@test "--unused: System V segments with no attached process" {
    held=$(ipctool shm 0x1 64 0600)
    free=$(ipctool shm 0x2 64 0600)
    hold hold-shm "$held"
    runs ipcrm --all=shm --unused -v
    [ "$out" = "keeping shared memory segment id \`$held' (key 0x00000001): attached 1 time
removing shared memory segment id \`$free'
1 removed (1 shm), 1 kept, 0 failed" ] || { show; return 1; }
    exists_sysv shm "$held"
}

@test "--unused: semaphore sets by the last operating process of every element" {
    never=$(ipctool sem 0x1 2 0600)
    dead=$(ipctool sem 0x2 2 0600)
    ipctool semop "$dead" 1 1
    live=$(ipctool sem 0x3 2 0600)
    ipctool semop "$live" 0 1
    hold hold-semop "$live" 1 1
    runs ipcrm --all=sem --unused
    [ "$rc" = 0 ] || { show; return 1; }
    ! exists_sysv sem "$never" && ! exists_sysv sem "$dead"
    exists_sysv sem "$live"
}

@test "--unused: message queues by the last sender and receiver" {
    never=$(ipctool msg 0x1 0600)
    dead=$(ipctool msg 0x2 0600)
    ipctool msgsnd "$dead" 10 2
    ipctool msgrcv "$dead" 1
    live=$(ipctool msg 0x3 0600)
    hold hold-msgsnd "$live" 10
    runs ipcrm --all=msg --unused -v
    exists_sysv msg "$live"
    grep -qx "keeping message queue id \`$live' (key 0x00000003): process ${BG_PIDS[-1]} sent to it last and is running" <<<"$out" ||
        { show; return 1; }
    if all_syscalls_readable; then
        [ "$rc" = 0 ] || { show; return 1; }
        ! exists_sysv msg "$never" && ! exists_sysv msg "$dead"
    else
        # a thread we may not read could be blocked in msgrcv on any queue
        [ "$rc" = 1 ] && exists_sysv msg "$never" && exists_sysv msg "$dead" || { show; return 1; }
        [[ "$err" == "ipcrm: cannot read "*" processes ("*"); --unused keeps the message queues they may use" ]] ||
            { show; return 1; }
    fi
}

@test "--unused: POSIX objects mapped or open by a process are kept" {
    for n in mapped free; do ipctool pshm "/$n" 4096 0600; done
    for n in open free; do ipctool pmq "/$n" 0600; done
    for n in sem free; do ipctool psem "/$n" 0600 1; done
    hold hold-pshm /mapped
    hold hold-pmq /open
    hold hold-psem /sem
    # a memfd and a shared anonymous mapping must not count as anything
    hold hold-anon
    runs ipcrm -a --unused -v
    [ "$rc" = 0 ] && [ -z "$err" ] || { show; return 1; }
    [ "$(tail -1 <<<"$out")" = "3 removed (1 pshm, 1 psem, 1 pmsg), 3 kept, 0 failed" ]
    grep -qx "keeping POSIX shared memory \`/mapped': mapped by process ${BG_PIDS[0]}" <<<"$out"
    grep -qx "keeping POSIX message queue \`/open': open by process ${BG_PIDS[1]}" <<<"$out"
    [ "$(ls /dev/shm | sort | tr '\n' ' ')" = "mapped sem.sem " ]
    [ "$(ls /dev/mqueue)" = open ]
}

@test "--unused: a POSIX object renamed after it was mapped is still matched" {
    ipctool pshm /a 4096 0600
    hold hold-pshm /a
    mv /dev/shm/a /dev/shm/b
    runs ipcrm --all=pshm --unused
    [ -e /dev/shm/b ]
}

@test "--dry-run lists what would go and removes nothing" {
    make_six
    held=$(ipctool shm 0x7 64 0600)
    hold hold-shm "$held"
    before=$(ipc_snapshot)
    runs ipcrm -a --unused --dry-run -v
    if all_syscalls_readable; then
        msgline="would remove message queue id \`$MSG' (key 0x00000200)" sum="6 would be removed (1 shm, 1 pshm, 1 sem, 1 psem, 1 msg, 1 pmsg), 1 kept" want=0
    else
        msgline="keeping message queue id \`$MSG' (key 0x00000200): cannot tell: 1 processes could not be read (Operation not permitted)"
        sum="5 would be removed (1 shm, 1 pshm, 1 sem, 1 psem, 1 pmsg), 2 kept" want=1
    fi
    [ "$rc" = "$want" ] || { show; return 1; }
    [ "$out" = "would remove shared memory segment id \`$SHM' (key 0x00000100)
keeping shared memory segment id \`$held' (key 0x00000007): attached 1 time
would remove POSIX shared memory \`/obj'
would remove semaphore id \`$SEM' (key 0x00000300)
would remove POSIX semaphore \`/obj'
$msgline
would remove POSIX message queue \`/obj'
$sum, 0 would fail" ] || { show; return 1; }
    diff -u <(echo "$before") <(ipc_snapshot)
    runs ipcrm --all=shm --dry-run
    [ "$(wc -l <<<"$out")" = 2 ]
    # the real run does what the dry run said, with the same exit status
    runs ipcrm -a --unused -v
    [ "$rc" = "$want" ] || { show; return 1; }
    exists_sysv shm "$held"
    [ "$(tail -1 <<<"$out")" = "${sum/would be /}, 0 failed" ] || { show; return 1; }
}

# ---- as an unprivileged user ----

@test "as nobody: root's 0600 objects by id, key and name are refused" {
    make_six
    before=$(ipc_snapshot)
    runs as_nobody ipcrm -m "$SHM" -q "$MSG" -s "$SEM"
    [ "$rc" = 1 ] && [ -z "$out" ]
    [ "$err" = "ipcrm: permission denied for id ($SHM)
ipcrm: permission denied for id ($MSG)
ipcrm: permission denied for id ($SEM)" ] || { show; return 1; }
    runs as_nobody ipcrm -M 0x100 -Q 512
    [ "$err" = "ipcrm: permission denied for key (0x100)
ipcrm: permission denied for key (512)" ] || { show; return 1; }
    runs as_nobody ipcrm --posix-shmem /obj --posix-mqueue /obj --posix-semaphore obj
    [ "$rc" = 1 ]
    [ "$err" = "ipcrm: permission denied for name \`/obj'
ipcrm: permission denied for name \`/obj'
ipcrm: permission denied for name \`obj'" ] || { show; return 1; }
    diff -u <(echo "$before") <(ipc_snapshot)
}

@test "as nobody: -a finds root's unreadable objects and reports each refusal" {
    make_six
    before=$(ipc_snapshot)
    runs as_nobody ipcrm -a -v
    [ "$rc" = 1 ]
    [ "$(grep -c 'permission denied' <<<"$err")" = 6 ] || { show; return 1; }
    [ "$(tail -1 <<<"$out")" = "0 removed, 0 kept, 6 failed" ]
    diff -u <(echo "$before") <(ipc_snapshot)
}

@test "as nobody: --dry-run predicts the refusals the real run would meet" {
    make_six
    mine=$(ipctool shm 0x900 64 0600 65534 65534)
    as_nobody ipctool pshm /mine 1 0600
    before=$(ipc_snapshot)
    runs as_nobody ipcrm -a --dry-run -v
    [ "$rc" = 1 ] && [ -z "$err" ] || { show; return 1; }
    [ "$(grep -c '^would fail to remove .*: permission denied$' <<<"$out")" = 6 ] || { show; return 1; }
    grep -qx "would remove shared memory segment id \`$mine' (key 0x00000900)" <<<"$out"
    grep -qx "would remove POSIX shared memory \`/mine'" <<<"$out"
    [ "$(tail -1 <<<"$out")" = "2 would be removed (1 shm, 1 pshm), 0 kept, 6 would fail" ] || { show; return 1; }
    diff -u <(echo "$before") <(ipc_snapshot)
    # the real run meets exactly the predicted refusals
    runs as_nobody ipcrm -a -v
    [ "$rc" = 1 ] && [ "$(tail -1 <<<"$out")" = "2 removed (1 shm, 1 pshm), 0 kept, 6 failed" ] || { show; return 1; }
}

@test "as nobody: an object the user owns in a mixed state" {
    make_six
    mine=$(ipctool shm 0x900 64 0600 65534 65534)
    runs as_nobody ipcrm -a --owner nobody -v
    [ "$rc" = 0 ] || { show; return 1; }
    [ "$out" = "removing shared memory segment id \`$mine'
1 removed (1 shm), 0 kept, 0 failed" ]
    [ "$(count_all)" = 6 ]
}

@test "as nobody: --unused keeps POSIX objects when processes cannot be inspected" {
    as_nobody ipctool pshm /mine 1 0600
    as_nobody ipctool pmq /mine 0600
    mine=$(ipctool shm 0x900 64 0600 65534 65534)
    runs as_nobody ipcrm -a --owner nobody --unused -v
    # cannot tell is an error: exit 1, and said, once per kind
    [ "$rc" = 1 ] || { show; return 1; }
    # root's processes here (this shell) may map anything and are unreadable
    [ "$(wc -l <<<"$err")" = 2 ] || { show; return 1; }
    [[ "$err" =~ ^ipcrm:\ cannot\ read\ [0-9]+\ of\ [0-9]+\ processes\ \(Permission\ denied\)\;\ --unused\ keeps\ the\ POSIX\ shared\ memory\ objects\ they\ may\ use ]] || { show; return 1; }
    # the System V segment is judged by the kernel's attach count
    [ "$(head -1 <<<"$out")" = "removing shared memory segment id \`$mine'" ] || { show; return 1; }
    grep -qE "^keeping POSIX shared memory \`/mine': cannot tell: [0-9]+ processes could not be read \(Permission denied\)$" <<<"$out"
    [ "$(tail -1 <<<"$out")" = "1 removed (1 shm), 2 kept, 0 failed" ] || { show; return 1; }
    [ -e /dev/shm/mine ] && [ -e /dev/mqueue/mine ]
}

@test "ipcbox ipcrm is the same applet" {
    id=$(ipctool msg 0x5 0600)
    runs ipcbox ipcrm -v -q "$id"
    [ "$rc" = 0 ] && [ "$out" = "removing message queue id \`$id'" ]
}

@test "--help lists every option" {
    runs ipcrm --help
    [ "$rc" = 0 ] && [ -z "$err" ]
    for o in --shmem-id --shmem-key --posix-shmem --queue-id --queue-key --posix-mqueue \
        --semaphore-id --semaphore-key --posix-semaphore --all --verbose --owner --creator \
        --name --older-than --unused --dry-run --help --version; do
        grep -q -- "$o" <<<"$out" || { echo "missing $o"; return 1; }
    done
    [ "$(ipcrm -h)" = "$out" ]
}

@test "every option of --help is in the man page" {
    for o in $(ipcrm --help | grep -o -- '--[a-z-]*' | sort -u); do
        # "--posix-shmem" is written "Fl \-posix\-shmem" in mdoc
        m="Fl $(sed 's/-/\\-/g; s/^\\-//' <<<"$o")"
        grep -qF -- "$m" "$IPCBOX_SRC/man/ipcrm.1" || { echo "$o ($m) not in ipcrm.1"; return 1; }
    done
}

@test "--version" {
    runs ipcrm -V
    [ "$rc" = 0 ] && [[ "$out" = "ipcrm from ipcbox "* ]]
}

@test "write error: exit 1 after the removals" {
    make_six
    [ -w /dev/full ] || skip "no /dev/full"
    rc=0
    ipcrm -v -a >/dev/full 2>"$BATS_TEST_TMPDIR/err" || rc=$?
    [ "$rc" = 1 ] && grep -q "write error" "$BATS_TEST_TMPDIR/err"
    [ "$(count_all)" = 0 ]
}

@test "--older-than on POSIX kinds without --unused: one note, as the mtime says nothing of use" {
    ipctool pshm /old 1 0600
    touch -d '10 days ago' /dev/shm/old
    note="ipcrm: note: --older-than judges POSIX objects by their modification time, which using them (a mapping, a message, sem_post) does not change; add --unused to keep the ones in use"
    runs ipcrm --all --older-than 7d --dry-run
    [ "$rc" = 0 ] && [ "$err" = "$note" ] || { show; return 1; }
    [ "$out" = "would remove POSIX shared memory \`/old'" ] || { show; return 1; }
    # not with --unused, not for System V kinds alone
    runs ipcrm --all --older-than 7d --unused --dry-run
    [ "$rc" = 0 ] && [ -z "$err" ] || { show; return 1; }
    runs ipcrm --all=shm,msg,sem --older-than 7d --dry-run
    [ "$rc" = 0 ] && [ -z "$err" ] || { show; return 1; }
}

@test "-a without types removes the POSIX objects too, and -v counts them by kind" {
    make_six
    runs ipcrm -a -v
    [ "$rc" = 0 ] || { show; return 1; }
    [ "$(tail -1 <<<"$out")" = "6 removed (1 shm, 1 pshm, 1 sem, 1 psem, 1 msg, 1 pmsg), 0 kept, 0 failed" ]
    [ -z "$(ls -A /dev/shm /dev/mqueue | grep -v '^/dev\|^$')" ]
}
