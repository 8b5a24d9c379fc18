#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# getopt_long's rules in every applet: long-option prefixes, clusters, optional arguments, "--", permutation, and getopt's messages.

load helpers

setup() {
    reset_ipc
}

# usage_is PROG MESSAGE: the last run failed with exactly getopt's usage error
usage_is() {
    local want
    want=$(printf "%s: %s\nTry '%s --help' for more information." "$1" "$2" "$1")
    if [ "$rc" != 1 ] || [ -n "$out" ] || [ "$err" != "$want" ]; then
        printf 'exit %s\nstdout: %s\nstderr: %s\nwanted: %s\n' "$rc" "$out" "$err" "$want" >&2
        return 1
    fi
}

@test "a unique prefix of a long option is the option (ipcs, ipcmk, ipcrm)" {
    id=$(ipctool shm 0x10 4096 0600)
    runs ipcs --shm --hum
    [ "$rc" = 0 ] && [[ "$out" == *"0x00000010 $id"*"4K"* ]]
    runs ipcmk --que --mod 0640
    [ "$rc" = 0 ] && [[ "$out" =~ ^Message\ queue\ id:\ ([0-9]+)$ ]]
    q=${BASH_REMATCH[1]}
    [ "$(awk -v id="$q" '$2 == id { print $3 }' /proc/sysvipc/msg)" = 640 ]
    runs ipcrm --queue-i "$q" --shmem-i="$id" --verb
    [ "$rc" = 0 ]
    [ "$out" = "removing message queue id \`$q'
removing shared memory segment id \`$id'" ]
    [ "$(wc -l </proc/sysvipc/msg)" = 1 ] && [ "$(wc -l </proc/sysvipc/shm)" = 1 ]
}

@test "a prefix util-linux gives a meaning keeps it, even where one of ours shares it" {
    ipctool shm 0x10 4096 0600 >/dev/null
    # ipcs: --p is util-linux's --pid, not --posix-*
    runs ipcs --p
    [ "$rc" = 0 ] && [[ "$out" == *"Shared Memory Creator/Last-op PIDs"* ]]
    # ipcmk: --m is util-linux's --mode, not our --maxmsg or --msgsize
    runs ipcmk -Q --m 0600
    [ "$rc" = 0 ]
    [ "$(awk 'NR > 1 { print $3 }' /proc/sysvipc/msg)" = 600 ]
    # a prefix only our options have is ours: --ma is --maxmsg
    runs ipcmk -q -n /q --ma 3 --msgs 16
    [ "$rc" = 0 ] && grep -q . /dev/mqueue/q
    [[ "$(ipcs -Q -N /q)" == *"maxmsg=3	msgbytes=16"* ]]
}

@test "an ambiguous prefix lists the candidates in table order" {
    runs ipcs --s
    usage_is ipcs "option '--s' is ambiguous; possibilities: '--shmems' '--semaphores' '--summary'"
    runs ipcs --posix-s
    usage_is ipcs "option '--posix-s' is ambiguous; possibilities: '--posix-shmems' '--posix-semaphores'"
    runs ipcmk --posix-s 1
    usage_is ipcmk "option '--posix-s' is ambiguous; possibilities: '--posix-shmem' '--posix-semaphore'"
    runs ipcrm --shmem
    usage_is ipcrm "option '--shmem' is ambiguous; possibilities: '--shmem-id' '--shmem-key'"
    # getopt's table order, not the order of --help
    runs ipcs --h
    usage_is ipcs "option '--h' is ambiguous; possibilities: '--human' '--help'"
    runs ipcs --posix
    usage_is ipcs "option '--posix' is ambiguous; possibilities: '--posix-mqueues' '--posix-shmems' '--posix-semaphores'"
    runs ipcrm --v
    usage_is ipcrm "option '--v' is ambiguous; possibilities: '--verbose' '--version'"
    # the word is shown as typed, "=value" included, like getopt
    runs ipcrm --s=1
    usage_is ipcrm "option '--s=1' is ambiguous; possibilities: '--shmem-id' '--shmem-key' '--semaphore-id' '--semaphore-key'"
}

@test "getopt's messages for unknown options and arguments" {
    runs ipcmk -Qz
    usage_is ipcmk "invalid option -- 'z'"
    runs ipcrm -va
    [ "$rc" = 0 ]
    runs ipcrm -vm
    usage_is ipcrm "option requires an argument -- 'm'"
    runs ipcrm --queue-id
    usage_is ipcrm "option '--queue-id' requires an argument"
    runs ipcrm --queue-i
    usage_is ipcrm "option '--queue-id' requires an argument"
    runs ipcmk --queue=1
    usage_is ipcmk "option '--queue' doesn't allow an argument"
    runs ipcmk --que=1
    usage_is ipcmk "option '--queue' doesn't allow an argument"
    runs ipcmk --nope=1
    usage_is ipcmk "unrecognized option '--nope=1'"
}

@test "a control character in a bad option is escaped" {
    runs ipcs --$'\e[2J'
    usage_is ipcs "unrecognized option '--\\x1b[2J'"
    runs ipcmk -$'\a'
    usage_is ipcmk "invalid option -- '\\x07'"
}

@test "an option's argument may look like an option: it is taken as is" {
    # getopt takes the next word whatever it is; so does the check
    runs ipcs -m -i -v
    [ "$rc" = 1 ] && [ "$err" = "ipcs: failed to parse id argument: '-v'" ]
    runs ipcmk -Q -p --
    [ "$rc" = 1 ] && [ "$err" = "ipcmk: failed to parse mode: '--' (an octal number from 0 to 0777)" ]
    [ "$(wc -l </proc/sysvipc/msg)" = 1 ]
}

@test "ipcrm -a takes only an attached TYPE; a separate word is a stray argument" {
    m=$(ipctool msg 0x1 0600)
    s=$(ipctool shm 0x2 64 0600)
    runs ipcrm -a shm
    usage_is ipcrm "unknown argument: shm"
    runs ipcrm --all msg
    usage_is ipcrm "unknown argument: msg"
    [ "$(wc -l </proc/sysvipc/msg)" = 2 ] && [ "$(wc -l </proc/sysvipc/shm)" = 2 ]
    runs ipcrm -vashm
    [ "$rc" = 0 ] && [[ "$out" == *"removing shared memory segment id \`$s'"* ]]
    [ "$(wc -l </proc/sysvipc/shm)" = 1 ] && [ "$(wc -l </proc/sysvipc/msg)" = 2 ]
    runs ipcrm --al=msg
    [ "$rc" = 0 ] && [ "$(wc -l </proc/sysvipc/msg)" = 1 ]
    : "$m"
}

@test "options after operands count (permutation); after -- nothing is an option" {
    ipctool shm 0x10 4096 0600 >/dev/null
    # util-linux's ipcs ignores stray words, wherever they stand
    runs ipcs stray -m --human
    [ "$rc" = 0 ] && [[ "$out" == *"4K"* ]] && [[ "$out" != *"Message Queues"* ]]
    runs ipcrm -- -m 5
    usage_is ipcrm "unknown argument: -m"
    runs ipcmk -- -Q
    usage_is ipcmk "unknown argument: -Q"
    [ "$(wc -l </proc/sysvipc/msg)" = 1 ]
}

@test "POSIXLY_CORRECT: the first operand ends the options" {
    runs env POSIXLY_CORRECT=1 ipcmk -Q foo -M 10
    usage_is ipcmk "unknown argument: foo"
    [ "$(wc -l </proc/sysvipc/msg)" = 1 ] && [ "$(wc -l </proc/sysvipc/shm)" = 1 ]
}

@test "--help and --version act before anything after them is checked" {
    runs ipcs -h --bogus
    [ "$rc" = 0 ] && [[ "$out" == *"Usage:"* ]] && [ -z "$err" ]
    runs ipcmk --he -z
    [ "$rc" = 0 ] && [[ "$out" == *"Usage:"* ]]
    runs ipcrm -vV --bogus
    [ "$rc" = 0 ] && [[ "$out" == "ipcrm from ipcbox"* ]]
    # but an error before them wins, as with getopt
    runs ipcs --bogus -h
    usage_is ipcs "unrecognized option '--bogus'"
}

@test "util-linux 2.38 gives the same messages for the same mistakes" {
    [ -x "$UL_BIN/ipcs" ] || skip "no util-linux ipcs in $UL_BIN"
    # run through a link named like the applet so that argv[0] is the same
    mkdir "$BATS_TEST_TMPDIR/ul"
    for p in ipcs ipcrm ipcmk; do ln -s "$UL_BIN/$p" "$BATS_TEST_TMPDIR/ul/$p"; done
    while IFS= read -r line; do
        read -ra a <<<"$line"
        ours=$("${a[@]}" 2>&1) && ro=0 || ro=$?
        theirs=$(cd "$BATS_TEST_TMPDIR/ul" && PATH=. "${a[@]}" 2>&1) && rt=0 || rt=$?
        if [ "$ours" != "$theirs" ] || [ "$ro" != "$rt" ]; then
            printf '%s\nours (%s): %s\ntheirs (%s): %s\n' "$line" "$ro" "$ours" "$rt" "$theirs" >&2
            return 1
        fi
    done <<'EOF'
ipcs -x
ipcs -mx
ipcs --bogus
ipcs --bogus=1
ipcs --s
ipcs --s=1
ipcs --h
ipcs --tim=1
ipcs -i
ipcs -mi
ipcs --id
ipcs --i
ipcrm -x
ipcrm --shmem
ipcrm --s 1
ipcrm -m
ipcrm --queue-id
ipcrm --verbose=1
ipcrm --verb=1
ipcrm --v
ipcrm -vq
ipcmk -x
ipcmk -Mx
ipcmk --bogus
ipcmk -M
ipcmk --shmem
ipcmk --sh
ipcmk --queue=1
EOF
}
