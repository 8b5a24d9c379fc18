#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Resources: the applets work with few file descriptors and do not leak
# memory (valgrind over a small state; tests/stress/leaks does the large one).

load helpers

bats_require_minimum_version 1.5.0

setup() {
    reset_ipc
}

# objects of every kind, some in use, some holding data
make_state() {
    local i
    for i in 1 2 3; do
        MSG=$(ipctool msg $((0x100 + i)) 0644)
        ipctool msgsnd "$MSG" 16
        SEM=$(ipctool sem $((0x200 + i)) 3 0644)
        SHM=$(ipctool shm $((0x300 + i)) 4096 0644)
        ipctool pshm "/shm$i" 100 0644
        ipctool pmq "/mq$i" 0644 2 32
        ipctool pmqsend "/mq$i" 8
        ipctool psem "/sem$i" 0644 "$i"
    done
    # one process keeps a segment attached and a queue open, so that
    # --unused and the COMMAND/NATTCH columns have something to look at
    mkfifo "$BATS_TEST_TMPDIR/hold"
    ipctool hold-shm "$SHM" <"$BATS_TEST_TMPDIR/hold" >"$BATS_TEST_TMPDIR/held" &
    HOLDER=$!
    exec 9>"$BATS_TEST_TMPDIR/hold"
    while ! grep -q ready "$BATS_TEST_TMPDIR/held" 2>/dev/null; do sleep 0.05; done
}

teardown() {
    exec 9>&- 2>/dev/null || true
    [ -z "${HOLDER:-}" ] || wait "$HOLDER" 2>/dev/null || true
}

# every main mode of every applet, each a separate command line
commands() {
    cat <<EOF
lsipc
lsipc -g
lsipc -q
lsipc -s
lsipc -m
lsipc -Q
lsipc -S
lsipc -M
lsipc -m -c
lsipc -m -t
lsipc -m -J
lsipc -Q -J
lsipc -S -e
lsipc -q -r
lsipc -q -i $MSG
lsipc -s -i $SEM -J
lsipc -m -i $SHM
lsipc -Q -N /mq1
lsipc -S -N /sem2
lsipc -M -N /shm3
ipcs
ipcs -a -t
ipcs -a -p
ipcs -a -c
ipcs -l
ipcs -u
ipcs -M -Q -S
ipcs -q -i $MSG
ipcs -s -i $SEM
ipcs -m -i $SHM
ipcs -Q -N /mq1
ipcrm --all --dry-run -v
ipcrm --all=shm,pshm,sem,psem,pmsg --unused --dry-run -v
EOF
}

@test "ulimit -n 16: every applet's main modes work with objects of every kind present" {
    make_state
    while read -r line; do
        read -ra argv <<<"$line"
        run --separate-stderr with_fds 16 "${argv[@]}"
        [ "$status" -eq 0 ] && [ -n "$output" ] && [ -z "$stderr" ] ||
            { echo "ulimit -n 16; $line: exit $status"; echo "$stderr"; return 1; }
        # the same output as without the limit (but the change time of a
        # POSIX queue: reading its size stamps it, see lsipc(1))
        diff <(printf '%s\n' "$output" | grep -vi change) <(printf '%s\n' "$("${argv[@]}" 2>/dev/null)" | grep -vi change) ||
            { echo "differs: $line"; return 1; }
    done < <(commands)
    # creating and removing too
    run --separate-stderr with_fds 16 ipcmk -Q -S 2 -M 4096 -m 10 -q -s -n /lim
    [ "$status" -eq 0 ] && [ -z "$stderr" ] && [ "${#lines[@]}" -eq 6 ]
    # (not the queues: where a process cannot be read, --unused keeps them all)
    run --separate-stderr with_fds 16 ipcrm --all=shm,pshm,sem,psem,pmsg -v --unused
    [ "$status" -eq 0 ] && [ -z "$stderr" ] || { echo "$stderr"; return 1; }
    # what the holder uses is left; everything else is gone
    [ "$(($(wc -l </proc/sysvipc/shm) - 1))" -eq 1 ]
    [ "$(($(wc -l </proc/sysvipc/sem) - 1))" -eq 0 ]
    [ -z "$(ls -A /dev/shm)" ] && [ -z "$(ls -A /dev/mqueue)" ]
}

@test "ulimit -n 4: out of descriptors is a clear error, never values left out silently" {
    make_state
    for line in "lsipc -M" "lsipc -Q" "lsipc -S" "lsipc -Q -N /mq1" "lsipc -S -N /sem1" \
                "ipcs -M -Q -S" "ipcs -S -N /sem1" "ipcrm --all --dry-run"; do
        read -ra argv <<<"$line"
        # 0, 1, 2 and one more: the directory can be opened, not the objects
        run --separate-stderr with_fds 4 "${argv[@]}"
        if [ "$status" -eq 0 ]; then
            # it needed no second descriptor: then it printed everything
            [ -z "$stderr" ]
            diff <(printf '%s\n' "$output" | grep -vi change) \
                <(printf '%s\n' "$("${argv[@]}" 2>/dev/null)" | grep -vi change) ||
                { echo "values missing with 4 descriptors: $line"; return 1; }
        else
            [ "$status" -eq 1 ] && [[ "$stderr" == *"Too many open files"* ]] ||
                { echo "$line: exit $status"; echo "$stderr"; return 1; }
            ! grep -qiE 'sanitizer|runtime error' <<<"$stderr" || false
        fi
    done
}

@test "valgrind: no leak, no memory error in any main mode over a small state" {
    command -v valgrind >/dev/null || skip "valgrind is not installed"
    ! ldd "$IPCBOX_BUILD/ipcbox" | grep -q libasan ||
        skip "AddressSanitizer build: valgrind cannot run it (LeakSanitizer checks leaks here)"
    make_state
    while read -r line; do
        read -ra argv <<<"$line"
        rc=0
        valgrind -q --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite \
            --error-exitcode=99 "$IPCBOX_BIN/${argv[0]}" "${argv[@]:1}" \
            >/dev/null 2>"$BATS_TEST_TMPDIR/vg" || rc=$?
        [ "$rc" -eq 0 ] || { echo "valgrind $line: exit $rc"; cat "$BATS_TEST_TMPDIR/vg"; return 1; }
    done < <(commands)
    for line in "ipcmk -Q -S 2 -M 4096 -m 10 -q -s -n /vg" "ipcmk -Q --json" "ipcrm -a -v"; do
        read -ra argv <<<"$line"
        rc=0
        valgrind -q --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite \
            --error-exitcode=99 "$IPCBOX_BIN/${argv[0]}" "${argv[@]:1}" \
            >/dev/null 2>"$BATS_TEST_TMPDIR/vg" || rc=$?
        [ "$rc" -eq 0 ] || { echo "valgrind $line: exit $rc"; cat "$BATS_TEST_TMPDIR/vg"; return 1; }
    done
}
