#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# lsipc --capture DIR and --sysroot DIR: the round trip. Every view of a
# capture prints what the live system printed, times and pids included.
# In a PID namespace of its own: the processes the views count are the
# test's, the same at the capture and at the live look.

load helpers
bats_require_minimum_version 1.5.0

setup() {
    reset_ipc
    BG_PIDS=()
    # a tmpfs for the captures: it lists files in the order they were made,
    # as /dev/shm does, so that listings keep their order
    CAPFS=$BATS_TEST_TMPDIR/capfs
    mkdir -p "$CAPFS"
    mount -t tmpfs tmpfs "$CAPFS"
    CAP=$CAPFS/cap
}

teardown() {
    stop_bg
    umount "$CAPFS" 2>/dev/null || true
    reset_ipc
}

# A state like the benchmark's, small: every kind, owners with and without
# names, queued messages, semaphore values, a locked segment, a segment
# attached by a process and one removed while attached, a blocked waiter.
bench_state() {
    local i m s e
    for i in 1 2 3; do
        ipctool msg $((0x100 + i)) 0640 >/dev/null
        m=$(ipctool msg 0 0600 65534 65534)
        ipctool msgsnd "$m" $((i * 10)) "$i"
        ipctool sem $((0x200 + i)) "$i" 0600 1 1 >/dev/null
        ipctool shm $((0x300 + i)) $((i * 4096)) 0644 4242 4343 >/dev/null
        ipctool pshm "/shm$i" $((i * 1000)) 0640
        ipctool psem "/sem$i" 0600 "$i"
        ipctool pmq "/mq$i" 0600 5 64
        ipctool pmqsend "/mq$i" 10 "$i"
    done
    chown 65534:65534 /dev/shm/shm1 /dev/mqueue/mq2
    chown 4242:4343 /dev/shm/sem.sem3
    e=$(ipctool sem 0x2ff 2 0666)
    ipctool semop "$e" 1 5
    waiter semwait "$e" 0 -1
    s=$(ipctool shm 0x3ff 8192 0600)
    ipctool shmlock "$s"
    hold hold-shm "$s"
    HOLDER=$HELD
    gone=$(ipctool shm 0x3fe 4096 0600)
    hold hold-shm "$gone"
    ipctool shmrm "$gone"
    # POSIX objects mapped, and a process blocked in sem_wait (a futex in a mapping)
    hold hold-pshm /shm2
    hold hold-psem /sem2
    ipctool psem /semw 0600 0
    waiter psem-wait /semw
    # the waiters are blocked before anything is captured
    eventually 1 sh -c "lsipc -s -i $e -J | jq '[.semaphores[0].elements[] | .ncount] | add'"
    eventually 1 sh -c "lsipc -S -N /semw -J | jq '.[\"posix-semaphores\"][0].waitpids | length'"
}

# same ARGS...: "CMD ARGS" live and on the capture print the same, status included
same() {
    local live cap
    live=$("$@" 2>&1; echo "status=$?")
    cap=$("$1" --sysroot "$CAP" "${@:2}" 2>&1; echo "status=$?")
    if [ "$live" != "$cap" ]; then
        echo "$* differs (live, then the capture):"
        diff -u <(echo "$live") <(echo "$cap") || true
        return 1
    fi
}

# same, but for a queue's change time: every look at a POSIX queue that
# reads its size stamps its ctime (the kernel's doing), so only the first
# look after a capture shows the captured one (checked on its own below)
same_but_qctime() {
    local live cap
    local drop='^Last change:|"ctime": ' cut='s/ +[A-Z][a-z]{2} +[0-9]+ [0-9:]+ *$//'
    live=$("$@" 2>&1 | grep -vE "$drop" | sed -E "$cut"; echo "status=$?")
    cap=$("$1" --sysroot "$CAP" "${@:2}" 2>&1 | grep -vE "$drop" | sed -E "$cut"; echo "status=$?")
    [ "$live" = "$cap" ] || { echo "$*:"; diff -u <(echo "$live") <(echo "$cap"); false; }
}

# every view of lsipc and ipcs, each object in detail too
all_views() {
    local k v id n
    for k in -m -q -s -M -S -Q; do
        for v in "" -c -t -b -P -J -e -n -r "--time-format=iso" "-o +REMOVEIPC"; do
            same lsipc $k $v
        done
    done
    same lsipc -m -o +RSS,SWAP,PIDS,NPROCS,ORIGKEY,USE
    same lsipc -s -o +WAITPIDS
    same lsipc -Q -o +MAXMSG,MSGSIZE,NOTIFY,NOTIFY_PID,SIGNO
    same lsipc -S -o +WAITERS
    same lsipc -g
    same lsipc -g -J
    same lsipc
    for k in m q s; do
        for id in $(lsipc -$k -r --noheadings -o ID); do
            same lsipc -$k -i "$id"
            same lsipc -$k -i "$id" -J
            same ipcs -$k -i "$id"
        done
    done
    for k in M S Q; do
        while IFS= read -r -d '' n; do
            if [ $k = Q ]; then
                same_but_qctime lsipc -$k -N "$n"
                same_but_qctime lsipc -$k -N "$n" -J
            else
                same lsipc -$k -N "$n"
                same lsipc -$k -N "$n" -J
            fi
        done < <(lsipc -$k -J -o NAME | jq -j '.[][] | .name + "\u0000"')
    done
    for v in -a -t -p -c -l -u -b --human "-m -t" "-q -p" "-s -c" -M -S -Q "-M -c" "-M -t"; do
        same ipcs $v
    done
    # the last column is the queues' change time
    same_but_qctime ipcs -Q -t
}

@test "capture: the round trip on a bench-like state, for every lsipc and ipcs view" {
    bench_state
    run -0 lsipc --capture "$CAP"
    [ "$(lsipc --sysroot "$CAP" -q -r --noheadings | wc -l)" = 6 ]
    [[ $output =~ ^captured\ [0-9]+\ IPC\ objects\ and\ [0-9]+\ processes\ into\ $CAP$ ]]
    all_views
    # a queue's ctime: the first look after a capture shows the captured one
    rm -rf "$CAP"
    lsipc --capture "$CAP" >/dev/null
    same lsipc -Q -N /mq1
    # the processes of the segments, found in the capture's maps
    same lsipc --pid "$HOLDER"
    run -0 lsipc --sysroot "$CAP" -m -i "$(lsipc -m -r --noheadings -o KEY,ID | awk '$1 == "0x000003ff" { print $2 }')"
    grep -qE "^ *$HOLDER +attached +1 " <<<"$output"
    # and of the POSIX objects, by the device and inode the maps name
    [ "$(lsipc --sysroot "$CAP" -M -r --noheadings -o NAME,USE | grep -c mapped)" = 1 ]
    run -0 lsipc --sysroot "$CAP" -S -N /semw -J
    jq -e '.["posix-semaphores"][0].waitpids | length == 1' <<<"$output"
}

@test "capture: the round trip on the benchmark's own state, smaller" {
    # tests/bench/mkstate: many owners, queued messages, sparse objects, a
    # process holding segments, POSIX objects and queues
    mkstate --msg 300 --sem 300 --shm 60 --mq 20 --pshm 200 --hold 10 --quiet \
        >"$BATS_TEST_TMPDIR/mk" 3>&- &
    BG_PIDS+=($!)
    wait_until grep -q held "$BATS_TEST_TMPDIR/mk"
    run -0 lsipc --capture "$CAP"
    local k v
    for k in -m -q -s -M -S -Q; do
        for v in "" -c -t -b -J -o+REMOVEIPC; do
            same lsipc $k $v
        done
    done
    same lsipc -m -o +PIDS,NPROCS,USE,RSS,SWAP
    same lsipc -g
    for v in -a -t -p -c -l -u -M -S -Q; do
        same ipcs $v
    done
    id=$(lsipc -m -r --noheadings -o ID | head -1)
    same lsipc -m -i "$id"
    same ipcs -m -i "$id"
}

@test "capture: the round trip with hostile names" {
    local n
    NAMES=($'c\001tl' $'e\033[31mred\033]0;T\007' $'new\nline' $'cr\rx' $'tab\tdel\x7f'
           $'bad\xff\xfeu' $'c1\xc2\x9bx' '-rf' '--help' '$(touch pwned)`x`"q'"'"';x'
           'back\x41slash\' 'sp ace' 'ünï€😀' "$(printf 'L%.0s' {1..251})")
    for n in "${NAMES[@]}"; do
        ipctool pshm "/$n" 10 0600
        ipctool pmq "/$n" 0600 1 16
        ipctool psem "/$n" 0600 1
    done
    # and what is no object: links, a FIFO, a directory
    ln -s /etc/passwd /dev/shm/link
    ln -s /etc/passwd /dev/shm/sem.link
    mkfifo /dev/shm/fifo
    mkdir /dev/shm/dir
    run -0 lsipc --capture "$CAP"
    [ "$(lsipc --sysroot "$CAP" -S -r --noheadings -o NAME | wc -l)" -ge 14 ]
    all_views
    # what is no object is not captured: nothing followed, nothing read
    [ ! -e "$CAP/dev/shm/link" ] && [ ! -L "$CAP/dev/shm/link" ]
    [ ! -e "$CAP/dev/shm/fifo" ] && [ ! -e "$CAP/dev/shm/dir" ]
    ! grep -rq '^root:x:0:0:root:/root' "$CAP/dev" 2>/dev/null
}

@test "capture: no object's data, and nothing changed on the system" {
    ipctool pshm /secret 65536 0600
    printf 'the data of the object' >/dev/shm/secret
    truncate -s 65536 /dev/shm/secret
    ipctool pmq /q 0600
    ipctool pmqsend /q 100 2
    ipctool psem /s 0600 7
    m=$(ipctool msg 0x42 0600)
    ipctool msgsnd "$m" 50 1
    before=$(ipc_snapshot)
    sums=$(md5sum /dev/shm/* /dev/mqueue/*)
    run -0 lsipc --capture "$CAP"
    [ "$(ipc_snapshot)" = "$before" ]
    [ "$(md5sum /dev/shm/* /dev/mqueue/*)" = "$sums" ]
    # the captured object is a hole of the same size
    [ "$(stat -c %s "$CAP/dev/shm/secret")" = 65536 ]
    [ "$(stat -c %b "$CAP/dev/shm/secret")" = 0 ]
    ! grep -rqa 'the data of the object' "$CAP"
    # a queue holds its status line, a semaphore its value, no message
    grep -qE '^QSIZE:200 +NOTIFY:0 +SIGNO:0 +NOTIFY_PID:0 *$' "$CAP/dev/mqueue/q"
    [ "$(stat -c %s "$CAP/dev/shm/sem.s")" = 32 ]
    [ "$(lsipc --sysroot "$CAP" -S -r --noheadings -o NAME,SVAL)" = "/s 7" ]
    # modes, owners, times as they were
    [ "$(stat -c '%a %u %g %Y' "$CAP/dev/shm/secret")" = "$(stat -c '%a %u %g %Y' /dev/shm/secret)" ]
}

@test "capture: an existing target is refused and left alone" {
    mkdir "$CAPFS/dir"
    touch "$CAPFS/dir/keep"
    run -1 lsipc --capture "$CAPFS/dir"
    [ "$output" = "lsipc: cannot capture into '$CAPFS/dir': File exists" ]
    [ "$(ls "$CAPFS/dir")" = keep ]
    echo data >"$CAPFS/file"
    run -1 lsipc --capture "$CAPFS/file"
    [ "$(cat "$CAPFS/file")" = data ]
    # a link, dangling or not, is not followed
    ln -s "$CAPFS/elsewhere" "$CAPFS/link"
    run -1 lsipc --capture "$CAPFS/link"
    grep -q 'File exists' <<<"$output"
    [ ! -e "$CAPFS/elsewhere" ]
    run -1 lsipc --capture "$CAPFS/nodir/cap"
    grep -q 'No such file or directory' <<<"$output"
    # --capture goes alone
    run -1 lsipc --capture "$CAP" -m
    [ "$output" = "lsipc: --capture takes no other option" ]
    run -1 lsipc --capture "$CAP" --sysroot "$FIXTURES/sysroot-captured"
    [ ! -e "$CAP" ]
    # control bytes of the name are escaped in the message
    run -1 lsipc --capture $'/nonexistent/\033x'
    [ "$output" = "lsipc: cannot capture into '/nonexistent/\\x1bx': No such file or directory" ]
}

@test "capture: a marker file that was edited is untrusted input, read safely" {
    ipctool psem /s 0600 7
    m=$(ipctool msg 0x42 0600)
    run -0 lsipc --capture "$CAP"
    {
        printf 'posix psem 73 not-a-number\nposix psem zz 1\nposix pmsg 71 1 2 3 4 5\n'
        printf 'sem -1 0 1 1 1 1\nsem 0 0 99999999999999999999 0 0 0\nqbytes x y\n'
        printf 'unreadable 0 1 1 1 1\nusage msg -1 0 0\nusage shm 1 2\nhidden extra\n'
        head -c 300 /dev/urandom | tr -d '\0'
        printf '\n'
    } >>"$CAP/ipcbox-capture"
    run -0 lsipc --sysroot "$CAP" -S -r --noheadings -o NAME,SVAL
    [ "$output" = "/s 7" ]
    run -0 lsipc --sysroot "$CAP" -q -i "$m"
    run -0 ipcs --sysroot "$CAP" -u
    # and one that is no regular file is no capture's
    rm "$CAP/ipcbox-capture"
    mkfifo "$CAP/ipcbox-capture"
    run -1 timeout 10 ipcs --sysroot "$CAP" -u
    grep -q 'cannot be used with --sysroot' <<<"$output"
}

@test "capture: its files are what --sysroot reads" {
    ipctool shm 0x1 4096 0600 >/dev/null
    run -0 lsipc --capture "$CAP"
    for f in proc/sysvipc/msg proc/sysvipc/sem proc/sysvipc/shm proc/sys/kernel/shmmax \
             proc/sys/kernel/sem proc/sys/fs/mqueue/queues_max proc/self/mountinfo \
             etc/passwd etc/group ipcbox-capture; do
        [ -f "$CAP/$f" ] || { echo "missing: $f"; false; }
    done
    [ -f "$CAP/proc/$$/cmdline" ] && [ -f "$CAP/proc/$$/maps" ]
    [ -f "$CAP/proc/$$/task/$$/syscall" ]
    # the directory is the capturer's alone
    [ "$(stat -c %a "$CAP")" = 700 ]
    cmp "$CAP/proc/sysvipc/shm" <(cat /proc/sysvipc/shm)
}

# A queue held open (no mapping), a queue waited on, a /dev/shm file held
# open by a process without a mapping, and a process whose leader exited
# holding a queue and a mapping.
fd_state() {
    ipctool pmq /q1 0600
    ipctool pmq /q2 0600
    ipctool pmq /q3 0600
    ipctool pshm /f 4096 0600
    ipctool pshm /lf 4096 0600
    hold hold-pmq /q1
    QH=$HELD
    hold hold-leaderless /lf /q3
    LH=$HELD
    waiter pmq-wait /q2 recv
    QW=$W
    sleep 1000 5</dev/shm/f 3>&- &
    SH=$!
    BG_PIDS+=("$SH")
    # (the link is read again at each try: the shell may not have opened it yet)
    wait_until sh -c 'test "$(readlink "/proc/$1/fd/5")" = /dev/shm/f' sh "$SH"
    eventually waiting sh -c "lsipc -Q -N /q2 -o USE -r --noheadings 2>/dev/null | grep -o waiting"
}

@test "capture: processes holding descriptors only, and a leader gone" {
    fd_state
    run -0 lsipc --capture "$CAP"
    [ -f "$CAP/proc/$SH/ipcbox-fds" ]
    same lsipc -Q -o NAME,PIDS,NPROCS,USE
    same lsipc -M -o NAME,PIDS,NPROCS,USE
    same lsipc -o NAME,PIDS -Q -J
    local p
    for p in "$QH" "$QW" "$SH" "$LH"; do
        same lsipc --pid "$p"
    done
    # not two empty views: the captured processes are found
    run -0 lsipc --sysroot "$CAP" -M -r --noheadings -o NAME,PIDS
    grep -qx "/f $SH" <<<"$output"
    grep -qx "/lf $LH" <<<"$output"
    run -0 lsipc --sysroot "$CAP" -Q -r --noheadings -o NAME,PIDS,USE
    grep -qx "/q1 $QH open" <<<"$output"
    grep -qE "^/q2 $QW .*waiting" <<<"$output"
    grep -qx "/q3 $LH open" <<<"$output"
    # a capture without the records (an older one) finds no descriptor
    find "$CAP/proc" -name ipcbox-fds -delete
    run -0 --separate-stderr lsipc --sysroot "$CAP" -Q -r --noheadings -o NAME,NPROCS
    [ "$(sort <<<"$output")" = $'/q1 0\n/q2 0\n/q3 0' ]
}

@test "capture: a descriptor record that was edited is read safely" {
    fd_state
    run -0 lsipc --capture "$CAP"
    local f=$CAP/proc/$QH/ipcbox-fds long
    long=$(printf '2f%.0s' {1..5000})
    {
        printf '4 x 1 -\n-1 1 1 -\n5 1 1\n5 1 1 - extra\n6 99999999999999999999 1 -\n'
        printf '7 1 1 zz\n8 1 1 2f00\n9 1 1 2\n10 1 1 %s\nfds -3\n\n   \n' "$long"
        head -c 300 /dev/urandom
        printf '\n'
    } >>"$f"
    # random bytes for a whole record, and a FIFO for another
    head -c 2000 /dev/urandom >"$CAP/proc/$SH/ipcbox-fds"
    rm "$CAP/proc/$LH/ipcbox-fds"
    mkfifo "$CAP/proc/$LH/ipcbox-fds"
    # listed, with a warning that some processes could not be read
    run -0 timeout 10 lsipc --sysroot "$CAP" -Q -o NAME,PIDS,NPROCS
    grep -q 'processes could not be read (Invalid argument)' <<<"$output"
    run -0 timeout 10 lsipc --sysroot "$CAP" -M -o NAME,PIDS,NPROCS
    grep -q 'processes could not be read (Invalid argument)' <<<"$output"
    ! grep -qE 'Sanitizer|runtime error' <<<"$output"
    # each says that what it holds is not known in full
    for p in "$QH" "$SH" "$LH"; do
        run -0 timeout 10 lsipc --sysroot "$CAP" --pid "$p"
        grep -qF "cannot read all of what process $p uses (Invalid argument)" <<<"$output"
        ! grep -qE 'Sanitizer|runtime error' <<<"$output"
    done
    # the good lines are still read
    run timeout 10 lsipc --sysroot "$CAP" -Q -r --noheadings -o NAME,PIDS
    grep -qx "/q1 $QH" <<<"$output"
}
