#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Looking inside: lsipc --messages reads a System V queue without taking a
# message (checked against the queue's counters, times and messages before
# and after, and against a receiver blocked on it), --contents and --dump
# read shared memory without writing or leaving it attached, also on a
# closed pipe and a full disk. The producer is python3-sysv-ipc.

load helpers

bats_require_minimum_version 1.5.0

PY=/usr/bin/python3
# the key of make_queue's queue: python3-sysv-ipc opens queues by key only
QKEY=0x5151

setup() {
    BG_PIDS=()
    reset_ipc
    "$PY" -c 'import sysv_ipc' 2>/dev/null ||
        skip "python3-sysv-ipc is not installed (.ci/packages)"
}

teardown() {
    local p
    stop_bg
    for p in ${KILL_PIDS:-}; do
        kill "$p" 2>/dev/null || true
    done
    wait 2>/dev/null || true
}

py() {
    "$PY" -c "import sys, sysv_ipc
QKEY = $QKEY
$1" "${@:2}"
}

# A queue holding messages of several types and sizes: 0 bytes, 1, 17
# (binary with an ESC sequence), 5 of UTF-8 text, and kernel.msgmax bytes.
# Prints its id; what was sent is in $BATS_TEST_TMPDIR/sent.N (N its index).
make_queue() {
    py '
import os
q = sysv_ipc.MessageQueue(QKEY, sysv_ipc.IPC_CREX, 0o644, max_message_size=65536)
msgmax = int(open("/proc/sys/kernel/msgmax").read())
msgs = [(1, b""), (2, b"A"), (3, b"\x1b[31mred\x00\x01\x02\xff\xfe\x80\x7f\n\t\r"),
        (1, "h\u00e9llo".encode()), (5, bytes(i % 251 for i in range(msgmax)))]
for i, (t, b) in enumerate(msgs):
    q.send(b, type=t)
    open(os.path.join(sys.argv[1], "sent.%d" % i), "wb").write(b)
print(q.id)' "$BATS_TEST_TMPDIR"
}

# The queue's line of /proc/sysvipc/msg: cbytes, qnum, lspid, lrpid, stime, rtime, ctime.
queue_line() {
    awk -v id="$1" '$2 == id' /proc/sysvipc/msg
}

@test "--messages: index, type, size and a hex+ASCII dump of each message" {
    local q
    q=$(make_queue)
    run --separate-stderr lsipc -q -i "$q" --messages
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
    printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/out"
    msgmax=$(cat /proc/sys/kernel/msgmax)
    diff <(head -n 13 "$BATS_TEST_TMPDIR/out") - <<EOF
Message 0: type 1, 0 bytes

Message 1: type 2, 1 byte
00000000  41                                                |A|

Message 2: type 3, 18 bytes
00000000  1b 5b 33 31 6d 72 65 64  00 01 02 ff fe 80 7f 0a  |.[31mred........|
00000010  09 0d                                             |..|

Message 3: type 1, 6 bytes
00000000  68 c3 a9 6c 6c 6f                                 |h..llo|

Message 4: type 5, $msgmax bytes
EOF
    # every byte of the largest one, as hexdump -C writes them (the
    # pattern repeats no row, so it writes every one; its last line is the end offset)
    diff <(tail -n +14 "$BATS_TEST_TMPDIR/out") <(hexdump -C "$BATS_TEST_TMPDIR/sent.4" | sed '$d')
    # nothing of the messages reaches the terminal raw: no ESC, no DEL, no C1
    ! printf '%s' "$output" | LC_ALL=C grep -q $'[\x1b\x7f\x80-\xff]'
}

@test "--messages changes nothing: qnum, cbytes, lspid, lrpid, times and the messages" {
    local q before after
    q=$(make_queue)
    # a receive first, so that lrpid and rtime hold something to keep
    py 'q = sysv_ipc.MessageQueue(QKEY, max_message_size=65536); q.send(b"x", type=9); q.receive(type=9)' "$q"
    before=$(queue_line "$q")
    sleep 1.1	# a changed time would show
    lsipc -q -i "$q" --messages >/dev/null
    lsipc -q -i "$q" --messages -J >/dev/null
    after=$(queue_line "$q")
    [ "$before" = "$after" ]
    [ -n "$before" ]
    # and the messages are all there, in order, as they were sent
    py '
import os
q = sysv_ipc.MessageQueue(QKEY, max_message_size=65536)
want = [1, 2, 3, 1, 5]
for i, t in enumerate(want):
    b, got = q.receive(block=False)
    assert got == t, (i, got, t)
    assert b == open(os.path.join(sys.argv[2], "sent.%d" % i), "rb").read(), i
assert q.current_messages == 0' "$q" "$BATS_TEST_TMPDIR"
}

@test "--messages: a receiver blocked on the queue still gets its message, and the first is still first" {
    local q rpid
    q=$(make_queue)
    # a receiver blocked for type 7, which is not in the queue
    "$PY" -c 'import sys, sysv_ipc
q = sysv_ipc.MessageQueue(0x5151, max_message_size=65536)
b, t = q.receive(type=7)
open(sys.argv[2], "wb").write(b)' "$q" "$BATS_TEST_TMPDIR/got7" &
    rpid=$!
    KILL_PIDS=$rpid
    # until it sits in msgrcv (syscall 70 on x86_64, 188 on arm64)
    for _ in $(seq 200); do
        grep -qE "^(70|188) " /proc/$rpid/syscall 2>/dev/null && break
        sleep 0.05
    done
    grep -qE "^(70|188) " /proc/$rpid/syscall
    run --separate-stderr lsipc -q -i "$q" --messages --max-messages 1
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "Message 0: type 1, 0 bytes" ]
    kill -0 "$rpid"	# still blocked
    py 'sysv_ipc.MessageQueue(QKEY, max_message_size=65536).send(b"seven", type=7)' "$q"
    wait "$rpid"
    KILL_PIDS=
    [ "$(cat "$BATS_TEST_TMPDIR/got7")" = seven ]
    # the first message is still the first a receiver gets
    py 'b, t = sysv_ipc.MessageQueue(QKEY, max_message_size=65536).receive(block=False)
assert (b, t) == (b"", 1), (b, t)' "$q"
}

@test "--messages -J: base64 of every byte, text only for UTF-8, typed numbers" {
    local q
    q=$(make_queue)
    run --separate-stderr lsipc -q -i "$q" --messages -J
    [ "$status" -eq 0 ]
    printf '%s' "$output" >"$BATS_TEST_TMPDIR/json"
    py '
import json, base64, os
d = json.load(open(sys.argv[1]))["messages"]
assert [m["index"] for m in d] == [0, 1, 2, 3, 4]
assert [m["type"] for m in d] == [1, 2, 3, 1, 5]
for i, m in enumerate(d):
    sent = open(os.path.join(sys.argv[2], "sent.%d" % i), "rb").read()
    assert base64.b64decode(m["data"]) == sent, i
    assert m["size"] == len(sent) and m["truncated"] is False
    try:
        assert m["text"] == sent.decode("utf-8"), i
    except UnicodeDecodeError:
        assert m["text"] is None, i
assert d[3]["text"] == "h\u00e9llo"' "$BATS_TEST_TMPDIR/json" "$BATS_TEST_TMPDIR"
}

@test "--msgtype selects as msgrcv does; --max-messages and --max-bytes limit" {
    local q
    q=$(make_queue)
    run lsipc -q -i "$q" --messages --msgtype 1 -J
    [ "$(jq -c '[.messages[].index]' <<<"$output")" = "[0,3]" ]
    run lsipc -q -i "$q" --messages --msgtype -2 -J
    [ "$(jq -c '[.messages[].type]' <<<"$output")" = "[1,2,1]" ]
    run lsipc -q -i "$q" --messages --msgtype 4 -J
    [ "$(jq -c '.messages' <<<"$output")" = "[]" ]
    run lsipc -q -i "$q" --messages --msgtype 4
    [ "$output" = "No messages of type 4." ]
    run lsipc -q -i "$q" --messages --max-messages 2 -J
    [ "$(jq -c '[.messages[].index]' <<<"$output")" = "[0,1]" ]
    run lsipc -q -i "$q" --messages --msgtype 5 --max-bytes 3 -J
    [ "$(jq -c '.messages[0] | [.size, .truncated, .data]' <<<"$output")" = \
      "[$(cat /proc/sys/kernel/msgmax),true,\"AAEC\"]" ]
    run lsipc -q -i "$q" --messages --msgtype 5 --max-bytes 3
    [ "${lines[0]}" = "Message 4: type 5, $(cat /proc/sys/kernel/msgmax) bytes, the first 3 shown" ]
    [ "${lines[1]}" = "00000000  00 01 02                                          |...|" ]
    [ "${#lines[@]}" -eq 2 ]
    run lsipc -q -i "$q" --messages -r --max-messages 2
    [ "${lines[0]}" = "INDEX TYPE SIZE TRUNCATED DATA TEXT" ]
    [ "${lines[2]}" = "1 2 1B false 41 A" ]
}

@test "--messages of an empty queue, and a message larger than msgmax now is" {
    local q
    q=$(ipctool msg $QKEY 0600)
    run --separate-stderr lsipc -q -i "$q" --messages
    [ "$status" -eq 0 ]
    [ "$output" = "No messages." ]
    py 'q = sysv_ipc.MessageQueue(QKEY, max_message_size=65536)
q.send(b"a" * 100, type=1); q.send(b"b" * 3000, type=2); q.send(b"c", type=3)' "$q"
    # the copy limit is msgmax; lowered below a queued message, that one cannot be copied
    echo 1000 >/proc/sys/kernel/msgmax
    run --separate-stderr lsipc -q -i "$q" --messages -J
    echo 8192 >/proc/sys/kernel/msgmax
    [ "$status" -eq 1 ]
    [ "$(jq -c '[.messages[] | [.index, .size]]' <<<"$output")" = "[[0,100],[1,null],[2,1]]" ]
    [ "$stderr" = "lsipc: message queue $q: 1 message is larger than kernel.msgmax (1000 bytes), the most one copy may take, not shown" ]
}

@test "--messages: no read permission, no such queue, POSIX queues, sysroot: one line each" {
    local q
    q=$(ipctool msg $QKEY 0600)
    ipctool msgsnd "$q" 10
    before=$(ipc_snapshot)
    run --separate-stderr as_nobody lsipc -q -i "$q" --messages
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    [ "$stderr" = "lsipc: cannot read the messages of message queue $q: Permission denied (it takes read permission)" ]
    [ "$(ipc_snapshot)" = "$before" ]
    # 0644: nobody may read, and reads
    py 'sysv_ipc.MessageQueue(QKEY, max_message_size=65536).mode = 0o644' "$q"
    before=$(ipc_snapshot)
    run --separate-stderr as_nobody lsipc -q -i "$q" --messages
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "Message 0: type 1, 10 bytes" ]
    [ "$(ipc_snapshot)" = "$before" ]
    run --separate-stderr lsipc -q -i 123456 --messages
    [ "$status" -eq 1 ]
    [ "$stderr" = "lsipc: id 123456 not found" ]
    ipctool pmq "/q$(printf '\033')x" 0600 2 16
    run --separate-stderr lsipc -Q -N "/q$(printf '\033')x" --messages
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    [ "$stderr" = 'lsipc: POSIX message queue /q\x1bx: its messages cannot be read without taking them off the queue (POSIX has no non-destructive read); --messages reads System V queues (-q -i <id>)' ]
    run --separate-stderr lsipc --sysroot "$FIXTURES/sysroot-captured" -q -i 0 --messages
    [ "$status" -eq 1 ]
    [ "$stderr" = "lsipc: the messages of a queue cannot be read from a sysroot" ]
}

@test "--messages: a kernel without MSG_COPY (forced with seccomp) gets one line" {
    "$PY" -c 'import seccomp' 2>/dev/null || skip "python3-seccomp is not installed (.ci/packages)"
    local q
    q=$(make_queue)
    # msgrcv with MSG_COPY (040000) in its flags fails with ENOSYS, as on a
    # kernel built without CONFIG_CHECKPOINT_RESTORE
    run --separate-stderr "$PY" -c '
import errno, os, sys, seccomp
f = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
f.add_rule(seccomp.ERRNO(errno.ENOSYS), "msgrcv",
           seccomp.Arg(4, seccomp.MASKED_EQ, 0o40000, 0o40000))
f.load()
os.execvp(sys.argv[1], sys.argv[1:])' lsipc -q -i "$q" --messages
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    [ "$stderr" = "lsipc: cannot read the messages of message queue $q without taking them: this kernel has no MSG_COPY (it needs CONFIG_CHECKPOINT_RESTORE)" ]
    [ "$(py 'print(sysv_ipc.MessageQueue(QKEY, max_message_size=65536).current_messages)' "$q")" = 5 ]
}

# A segment of size $1 holding the known pattern (byte i is i*7 mod 256,
# of i mod 1021 so it does not repeat every page); prints its id, and
# writes the expected bytes to $BATS_TEST_TMPDIR/pattern.
make_segment() {
    py '
size = int(sys.argv[1])
row = bytes(((i % 1021) * 7) & 0xff for i in range(1021))
pat = (row * (size // 1021 + 1))[:size]
s = sysv_ipc.SharedMemory(None, sysv_ipc.IPC_CREX, int(sys.argv[3], 8), size)
s.write(pat)
s.detach()
open(sys.argv[2], "wb").write(pat)
print(s.id)' "$1" "$BATS_TEST_TMPDIR/pattern" "${2:-600}"
}

nattch_of() {
    awk -v id="$1" '$2 == id { print $7 }' /proc/sysvipc/shm
}

@test "--dump: a System V segment's exact bytes, every range, detached afterwards" {
    local s
    # not a multiple of the 256 KiB pieces nor of a page
    s=$(make_segment $((1048576 + 4097)))
    lsipc -m -i "$s" --dump >"$BATS_TEST_TMPDIR/out"
    cmp "$BATS_TEST_TMPDIR/out" "$BATS_TEST_TMPDIR/pattern"
    lsipc -m -i "$s" --dump --offset 262143 --length 300000 >"$BATS_TEST_TMPDIR/out"
    cmp "$BATS_TEST_TMPDIR/out" <(tail -c +262144 "$BATS_TEST_TMPDIR/pattern" | head -c 300000)
    lsipc -m -i "$s" --dump --offset 1M >"$BATS_TEST_TMPDIR/out"
    cmp "$BATS_TEST_TMPDIR/out" <(tail -c 4097 "$BATS_TEST_TMPDIR/pattern")
    lsipc -m -i "$s" --dump --offset $((1048576 + 4097)) >"$BATS_TEST_TMPDIR/out"
    [ ! -s "$BATS_TEST_TMPDIR/out" ]
    [ "$(nattch_of "$s")" = 0 ]
    # and nothing was written
    py 's = sysv_ipc.attach(int(sys.argv[1]))
assert s.read() == open(sys.argv[2], "rb").read()' "$s" "$BATS_TEST_TMPDIR/pattern"
}

# The segment's line of /proc/sysvipc/shm without the RSS and swap columns.
shm_line() {
    awk -v id="$1" '$2 == id { $NF = ""; $(NF - 1) = ""; print }' /proc/sysvipc/shm
}

@test "--dump of a segment a process has attached: read through its mapping, nothing changes" {
    local s before
    s=$(make_segment $((300000)) 644)
    hold hold-shm "$s"
    before=$(awk -v id="$s" '$2 == id' /proc/sysvipc/shm)
    sleep 1.1	# a changed time would show
    lsipc -m -i "$s" --dump >"$BATS_TEST_TMPDIR/out"
    cmp "$BATS_TEST_TMPDIR/out" "$BATS_TEST_TMPDIR/pattern"
    run --separate-stderr lsipc -m -i "$s" --contents --length 16
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
    [ "${lines[-1]}" = "00000000  00 07 0e 15 1c 23 2a 31  38 3f 46 4d 54 5b 62 69  |.....#*18?FMT[bi|" ]
    # not one field of the segment changed: nattch, atime, dtime, lpid, rss
    [ "$(awk -v id="$s" '$2 == id' /proc/sysvipc/shm)" = "$before" ]
    # nobody may not open another process's map_files: an attach, which shows
    before=$(shm_line "$s")
    as_nobody lsipc -m -i "$s" --dump | cmp - "$BATS_TEST_TMPDIR/pattern"
    [ "$(shm_line "$s")" != "$before" ]
    [ "$(awk -v id="$s" '$2 == id { print $7 }' /proc/sysvipc/shm)" = 1 ]
}

@test "--dump: a POSIX object's exact bytes, opened without following a link" {
    head -c 700000 /dev/urandom >/dev/shm/blob
    lsipc -M -N /blob --dump >"$BATS_TEST_TMPDIR/out"
    cmp "$BATS_TEST_TMPDIR/out" /dev/shm/blob
    lsipc -M -N blob --dump --offset 10 --length 5 >"$BATS_TEST_TMPDIR/out"
    cmp "$BATS_TEST_TMPDIR/out" <(tail -c +11 /dev/shm/blob | head -c 5)
    # a symlink in the shm directory is no object, and is not followed
    echo secret >"$BATS_TEST_TMPDIR/secret"
    ln -s "$BATS_TEST_TMPDIR/secret" /dev/shm/link
    run --separate-stderr lsipc -M -N /link --dump
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    [ "$stderr" = "lsipc: POSIX shared memory /link not found" ]
    rm /dev/shm/link
}

@test "--contents: the detail view, then the hex dump of the range" {
    local s
    s=$(make_segment 100)
    run --separate-stderr lsipc -m -i "$s" --contents --offset 3 --length 20
    [ "$status" -eq 0 ]
    # nobody has it attached: lsipc attaches it, and says what that changed
    [ "$stderr" = "lsipc: shared memory segment $s was read through a read-only attach, which set its attach and detach times and its last PID" ]
    grep -q "^Segment size: *100B" <<<"$output"
    [ "${lines[-3]}" = "Contents:" ]
    [ "${lines[-2]}" = "00000003  15 1c 23 2a 31 38 3f 46  4d 54 5b 62 69 70 77 7e  |..#*18?FMT[bipw~|" ]
    [ "${lines[-1]}" = "00000013  85 8c 93 9a                                       |....|" ]
    printf 'a\033]0;title\007b' >/dev/shm/esc
    run --separate-stderr lsipc -M -N /esc --contents
    [ "$status" -eq 0 ]
    [ "${lines[-1]}" = "00000000  61 1b 5d 30 3b 74 69 74  6c 65 07 62              |a.]0;title.b|" ]
    run lsipc -M -N /esc --contents -J --length 3
    [ "$(jq -c '.contents' <<<"$output")" = '[{"offset":0,"size":3,"data":"YRtd"}]' ]
    : >/dev/shm/empty
    run lsipc -M -N /empty --contents
    [ "${lines[-1]}" = "Contents: none" ]
}

@test "--contents and --dump: what may not be read, an offset past the end, bad combinations" {
    local s
    s=$(make_segment 4096)
    head -c 10 /dev/zero >/dev/shm/ps && chmod 600 /dev/shm/ps
    before=$(ipc_snapshot)
    run --separate-stderr as_nobody lsipc -m -i "$s" --dump
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    [ "$stderr" = "lsipc: cannot read shared memory segment $s: Permission denied" ]
    run --separate-stderr as_nobody lsipc -M -N /ps --dump
    [ "$status" -eq 1 ]
    [ "$stderr" = "lsipc: cannot read POSIX shared memory /ps: Permission denied" ]
    run --separate-stderr lsipc -m -i "$s" --dump --offset 4097
    [ "$status" -eq 1 ]
    [ "$stderr" = "lsipc: shared memory segment $s: offset 4097 is past its end (4096 bytes)" ]
    [ "$(ipc_snapshot)" = "$before" ]
    # a readable one, as nobody
    s2=$(make_segment 64 644)
    as_nobody lsipc -m -i "$s2" --dump | cmp - "$BATS_TEST_TMPDIR/pattern"
}

@test "--dump: refused on a terminal; SIGPIPE and /dev/full leave nothing attached" {
    local s rc
    s=$(make_segment $((16 << 20)) 644)
    script -qec "lsipc -m -i $s --dump" /dev/null >"$BATS_TEST_TMPDIR/tty" || rc=$?
    [ "${rc:-0}" -eq 1 ]
    grep -q "lsipc: --dump writes raw bytes: not to a terminal; redirect stdout to a file or a pipe" \
        "$BATS_TEST_TMPDIR/tty"
    # a reader that stops: ended by SIGPIPE after detaching, silently
    lsipc -m -i "$s" --dump 2>"$BATS_TEST_TMPDIR/err" | head -c 10 >"$BATS_TEST_TMPDIR/out" ||
        true
    cmp "$BATS_TEST_TMPDIR/out" <(head -c 10 "$BATS_TEST_TMPDIR/pattern")
    [ ! -s "$BATS_TEST_TMPDIR/err" ]
    run bash -c "lsipc -m -i $s --dump | head -c 1 >/dev/null; echo \${PIPESTATUS[0]}"
    [ "$output" = 141 ]
    [ "$(nattch_of "$s")" = 0 ]
    # nobody reads through the attach itself (map_files is closed to it)
    run --separate-stderr as_nobody bash -c \
        "lsipc -m -i $s --dump | head -c 10 | od -An -tx1; echo \${PIPESTATUS[0]}"
    [ "${lines[0]}" = "$(head -c 10 "$BATS_TEST_TMPDIR/pattern" | od -An -tx1)" ]
    [ "${lines[1]}" = 141 ]
    [ -z "$stderr" ]
    [ "$(nattch_of "$s")" = 0 ]
    # a full disk: one line, exit 1, detached
    [ -w /dev/full ] || skip "/dev/full is not writable here"
    run --separate-stderr bash -c "lsipc -m -i $s --dump >/dev/full"
    [ "$status" -eq 1 ]
    [ "$stderr" = "lsipc: write error: No space left on device" ]
    run --separate-stderr as_nobody bash -c "lsipc -m -i $s --dump >/dev/full"
    [ "$status" -eq 1 ]
    [ "$stderr" = "lsipc: write error: No space left on device" ]
    run --separate-stderr bash -c "lsipc -m -i $s --contents >/dev/full"
    [ "$status" -eq 1 ]
    [[ "$stderr" = "lsipc: write error"* ]]
    [ "${#stderr_lines[@]}" -eq 1 ]
    head -c 300000 /dev/zero >/dev/shm/big
    run --separate-stderr bash -c "lsipc -M -N /big --dump >/dev/full"
    [ "$status" -eq 1 ]
    [ "$stderr" = "lsipc: write error: No space left on device" ]
    [ "$(nattch_of "$s")" = 0 ]
}

@test "--messages > /dev/full and | head: one write error line; quiet" {
    [ -w /dev/full ] || skip "/dev/full is not writable here"
    local q
    q=$(make_queue)
    run --separate-stderr bash -c "lsipc -q -i $q --messages >/dev/full"
    [ "$status" -eq 1 ]
    [[ "$stderr" = "lsipc: write error"* ]]
    [ "${#stderr_lines[@]}" -eq 1 ]
    run --separate-stderr bash -c "lsipc -q -i $q --messages | head -n 1"
    [ "$output" = "Message 0: type 1, 0 bytes" ]
    [ -z "$stderr" ]
}

@test "bad values and combinations: one line, exit 1, nothing changed" {
    local q s
    q=$(make_queue)
    s=$(make_segment 64)
    before=$(ipc_snapshot)
    check() {
        local want=$1; shift
        run --separate-stderr "$@"
        [ "$status" -eq 1 ] || { echo "$*: exit $status"; return 1; }
        [ -z "$output" ] || { echo "$*: stdout [$output]"; return 1; }
        [ "$stderr" = "lsipc: $want" ] || { echo "$*: stderr [$stderr]"; return 1; }
    }
    check "invalid message type: 'x'" lsipc -q -i "$q" --messages --msgtype x
    check "invalid message type: '\\x1b'" lsipc -q -i "$q" --messages --msgtype $'\033'
    check "invalid number of messages: '-1'" lsipc -q -i "$q" --messages --max-messages -1
    check "invalid size for --max-bytes: '1Q'" lsipc -q -i "$q" --messages --max-bytes 1Q
    check "invalid size for --offset: '-5'" lsipc -m -i "$s" --dump --offset -5
    check "invalid size for --length: ''" lsipc -m -i "$s" --contents --length ''
    check "--msgtype, --max-messages and --max-bytes go with --messages" \
        lsipc -q -i "$q" --msgtype 1
    check "--offset and --length go with --contents or --dump" lsipc -m -i "$s" --offset 1
    check "--messages needs a System V message queue: -q -i <id>" lsipc -m -i "$s" --messages
    check "--messages needs a System V message queue: -q -i <id>" lsipc -q --messages
    check "--contents needs a shared memory segment: -m -i <id> or -M -N <name>" \
        lsipc -q -i "$q" --contents
    check "--dump needs a shared memory segment: -m -i <id> or -M -N <name>" lsipc -m --dump
    check "--dump writes raw bytes: it takes no output format or --output" \
        lsipc -m -i "$s" --dump -J
    run --separate-stderr lsipc -m -i "$s" --dump --contents
    [ "$status" -eq 1 ]
    [ "$(ipc_snapshot)" = "$before" ]
}

@test "message bytes reach no terminal raw, in any mode; --max-messages 0 shows nothing" {
    local q m
    q=$(make_queue)
    py 'sysv_ipc.MessageQueue(QKEY, max_message_size=65536).send(b"\x1b]0;pwn\x07\x1b[2J\xc2\x9b31m x", type=8)' "$q"
    for m in "" -r -e -n -l -J --noheadings; do
        run --separate-stderr lsipc -q -i "$q" --messages --msgtype 8 $m
        [ "$status" -eq 0 ]
        printf '%s' "$output" | grep -q 'pwn' || { echo "mode '$m': no message"; return 1; }
        ! printf '%s' "$output" | LC_ALL=C grep -q $'[\x01-\x09\x0b-\x1f\x7f\x80-\xff]' ||
            { echo "mode '$m': a raw control byte"; return 1; }
    done
    run --separate-stderr lsipc -q -i "$q" --messages --max-messages 0
    [ "$status" -eq 0 ]
    [ -z "$output" ]
    run --separate-stderr lsipc -q -i "$q" --messages -o INDEX
    [ "$status" -eq 1 ]
    [ "$stderr" = "lsipc: --messages has columns of its own: it takes no --output, --creator or --time" ]
}

@test "a queue that changes while it is read: shown as read, with a note" {
    command -v strace >/dev/null || skip "strace is not installed (.ci/packages)"
    local q
    q=$(ipctool msg $QKEY 0600)
    ipctool msgsnd "$q" 10 3
    # the first copy returns a second late (strace's fault injection), and
    # meanwhile a sender adds a message
    ( sleep 0.3; ipctool msgsnd "$q" 7 1 ) &
    KILL_PIDS=$!
    # (LeakSanitizer cannot run under ptrace: the sanitizer build checks
    # leaks everywhere else)
    run --separate-stderr env ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
        strace -o /dev/null -e trace=msgrcv \
        -e inject=msgrcv:delay_exit=1000000:when=1 lsipc -q -i "$q" --messages -J
    wait
    KILL_PIDS=
    [ "$status" -eq 0 ]
    [ "$(jq -c '[.messages[].size]' <<<"$output")" = "[10,10,10]" ]
    [ "$stderr" = "lsipc: message queue $q changed while it was read (3 messages, 30 bytes before; 4 messages, 37 bytes after): the messages are shown as they were read" ]
}
