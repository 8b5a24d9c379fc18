#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Hostile names and hostile files in the shm directory and the mqueue
# filesystem: every output mode of every applet stays safe, nothing is
# followed, nothing blocks, everything can still be removed by name.

load helpers

bats_require_minimum_version 1.5.0

setup() {
    reset_ipc
    L255=$(printf 'L%.0s' {1..255})
    # 251 bytes: "sem." + 251 = NAME_MAX, the longest semaphore name
    L251=${L255:0:251}
    # bare names (no leading '/'); every one is a valid POSIX name
    NAMES=(
        $'c\001tl'                      # C0 control
        $'e\033[31mred\033]0;T\007'     # ESC: colour, OSC title, BEL
        $'new\nline'                    # newline
        $'cr\rx'                        # carriage return
        $'tab\tdel\x7f'                 # tab and DEL
        $'bad\xff\xfeu'                 # invalid UTF-8
        $'c1\xc2\x9bx'                  # U+009B, CSI as a C1 control
        '-rf'                           # looks like an option
        '--help'
        '$(touch pwned)`touch pwned2`"q'"'"';x'   # shell syntax
        'back\x41slash\'                # backslashes, one looking like an escape
        'sp ace'
        'ünï€😀'                         # valid UTF-8, not ASCII
    )
    # names JSON can carry exactly (valid UTF-8)
    UTF8_NAMES=()
    for n in "${NAMES[@]}"; do
        [ "$n" = $'bad\xff\xfeu' ] || UTF8_NAMES+=("$n")
    done
}

teardown() {
    mountpoint -q /dev/mqueue || mount -t mqueue mqueue /dev/mqueue
}

# every hostile name as an object of all three POSIX kinds, plus the longest
# names each kind allows
make_all() {
    local n
    for n in "${NAMES[@]}"; do
        ipctool pshm "/$n" 10 0600
        ipctool pmq "/$n" 0600 1 16
        ipctool psem "/$n" 0600 1
    done
    ipctool pshm "/$L255" 10 0600
    ipctool pmq "/$L255" 0600 1 16
    ipctool psem "/$L251" 0600 1
}

# the names (with '/') of kind K (M, Q or S), one per argument
names_of() {
    local n
    for n in "${NAMES[@]}"; do
        printf '%s\0' "/$n"
    done
    if [ "$1" = S ]; then printf '%s\0' "/$L251"; else printf '%s\0' "/$L255"; fi
}

# FILE holds no byte that a terminal acts on: no C0 control but newline
# (and tab where the layout has tabs: pass "tab"), no DEL, no C1 control,
# only valid UTF-8, and no line that begins inside a name
assert_safe() {
    local f=$1 pat='[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]'
    [ "${2:-}" != tab ] || pat='[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]'
    if LC_ALL=C grep -qaP "$pat" "$f"; then
        echo "raw control byte in the output of: $CMD"
        LC_ALL=C grep -naP "$pat" "$f" | cat -A | head -5
        return 1
    fi
    if ! iconv -f UTF-8 -t UTF-8 "$f" >/dev/null 2>&1; then
        echo "invalid UTF-8 in the output of: $CMD"
        return 1
    fi
    if grep -qa -e '^line' -e '^x' "$f"; then
        echo "a name's newline or carriage return started a line: $CMD"
        return 1
    fi
}

# after decoding every \xHH, the text of FILE contains each NAME (the
# escaping is lossless: a reader can tell exactly which object it is)
assert_names_in() {
    local f=$1
    shift
    perl -e '
        local $/; open(my $fh, "<", shift) or die; my $t = <$fh>;
        $t =~ s/\\x([0-9a-fA-F]{2})/chr hex $1/ge;
        my $bad = 0;
        for my $n (@ARGV) {
            next if index($t, $n) >= 0;
            (my $s = $n) =~ s/([^\x20-\x7e])/sprintf("\\x%02x", ord $1)/ge;
            print "missing from the output: $s\n"; $bad = 1;
        }
        exit $bad' "$f" "$@" || { echo "in the output of: $CMD"; return 1; }
}

# run CMD... with stdout and stderr to files; both must be safe
run_safe() {
    CMD="$*"
    "$@" >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" || {
        echo "failed ($?): $CMD"; cat "$BATS_TEST_TMPDIR/err"; return 1; }
    assert_safe "$BATS_TEST_TMPDIR/out" "${TABS:-}"
    assert_safe "$BATS_TEST_TMPDIR/err"
    [ ! -s "$BATS_TEST_TMPDIR/err" ] || { echo "stderr: $CMD"; cat -A "$BATS_TEST_TMPDIR/err"; return 1; }
}

kind_opt() {   # M/Q/S -> the ipcrm option
    case $1 in
    M) echo --posix-shmem ;;
    Q) echo --posix-mqueue ;;
    S) echo --posix-semaphore ;;
    esac
}

# the POSIX columns lsipc has for each kind
cols_M=NAME,OWNER,PERMS,SIZE,MTIME,CTIME,CUID,CUSER,CGID,CGROUP,UID,USER,GID,GROUP
cols_Q=NAME,OWNER,PERMS,USEDBYTES,MSGS,MAXMSG,MSGSIZE,NOTIFY,NOTIFY_PID,SIGNO,MTIME,CTIME,CUID,CUSER,CGID,CGROUP,UID,USER,GID,GROUP
cols_S=NAME,OWNER,PERMS,SVAL,WAITERS,MTIME,CTIME,CUID,CUSER,CGID,CGROUP,UID,USER,GID,GROUP

# ---- hostile names: listings ----

@test "hostile names: lsipc table, raw, list, pretty modes print no control byte and lose nothing" {
    make_all
    for k in M Q S; do
        cols=cols_$k
        mapfile -d '' want < <(names_of $k)
        for mode in "" -r -l --notruncate --noheadings -c -t -b -P -y "-o ${!cols}" "-r -o ${!cols}"; do
            # shellcheck disable=SC2086
            run_safe lsipc -$k $mode
            assert_names_in "$BATS_TEST_TMPDIR/out" "${want[@]}"
        done
        for loc in C C.UTF-8; do
            LC_ALL=$loc run_safe lsipc -$k
            assert_names_in "$BATS_TEST_TMPDIR/out" "${want[@]}"
        done
    done
}

@test "hostile names: lsipc -N shows each object safely in every mode" {
    make_all
    for k in M Q S; do
        mapfile -d '' want < <(names_of $k)
        for n in "${want[@]}"; do
            for mode in "" -l -r -n -e; do
                # shellcheck disable=SC2086
                run_safe lsipc -$k -N "$n" $mode
                assert_names_in "$BATS_TEST_TMPDIR/out" "$n"
            done
            run_safe lsipc -$k -N "$n" -J
            jq -e . "$BATS_TEST_TMPDIR/out" >/dev/null
        done
    done
}

@test "hostile names: on a terminal (libsmartcols' own printing) no control byte either" {
    command -v script >/dev/null || skip "script(1) is not installed"
    make_all
    for loc in C C.UTF-8; do
        for k in M Q S; do
            for mode in "" -r -c "-o NAME,OWNER,PERMS"; do
                CMD="LC_ALL=$loc lsipc -$k $mode on a terminal"
                LC_ALL=$loc script -qec "lsipc -$k $mode" /dev/null </dev/null |
                    sed 's/\r$//' >"$BATS_TEST_TMPDIR/out"
                [ -s "$BATS_TEST_TMPDIR/out" ]
                assert_safe "$BATS_TEST_TMPDIR/out"
            done
            CMD="LC_ALL=$loc ipcs -$k on a terminal"
            LC_ALL=$loc script -qec "ipcs -$k" /dev/null </dev/null |
                sed 's/\r$//' >"$BATS_TEST_TMPDIR/out"
            assert_safe "$BATS_TEST_TMPDIR/out"
        done
    done
}

@test "hostile names: lsipc JSON is valid and gives back the exact names" {
    make_all
    for k in M Q S; do
        cols=cols_$k
        for mode in "" "-o ${!cols}" -c -t -b --notruncate; do
            # shellcheck disable=SC2086
            run_safe lsipc -$k -J $mode
            jq -e . "$BATS_TEST_TMPDIR/out" >/dev/null
            # the names, NUL-separated, sorted; compared byte for byte
            jq -j '.[][] | .name + "\u0000"' "$BATS_TEST_TMPDIR/out" | sort -z >"$BATS_TEST_TMPDIR/got"
            {
                for n in "${UTF8_NAMES[@]}"; do printf '/%s\0' "$n"; done
                # invalid UTF-8 cannot be a JSON string: each bad byte is U+FFFD
                printf '/bad\357\277\275\357\277\275u\0'
                if [ $k = S ]; then printf '/%s\0' "$L251"; else printf '/%s\0' "$L255"; fi
            } | sort -z >"$BATS_TEST_TMPDIR/want"
            cmp "$BATS_TEST_TMPDIR/got" "$BATS_TEST_TMPDIR/want"
        done
    done
}

@test "hostile names: lsipc export lines are shell-safe: eval sets NAME and runs nothing" {
    make_all
    mkdir "$BATS_TEST_TMPDIR/cwd"
    for k in M Q S; do
        mapfile -d '' want < <(names_of $k)
        for mode in -e "-e -y -c" "-e -t" -n; do
            # shellcheck disable=SC2086
            run_safe lsipc -$k $mode
            : >"$BATS_TEST_TMPDIR/evald"
            while IFS= read -r line; do
                # -n puts one pair per line: only the NAME lines matter here
                [[ $line == NAME=* ]] || [ "$mode" != -n ] || continue
                (
                    cd "$BATS_TEST_TMPDIR/cwd"
                    unset NAME
                    eval "$line"
                    [ -n "${NAME:-}" ]
                    printf '%s\n' "$NAME" >>"$BATS_TEST_TMPDIR/evald"
                )
            done <"$BATS_TEST_TMPDIR/out"
            # nothing ran: no file appeared where the commands would write
            [ -z "$(ls -A "$BATS_TEST_TMPDIR/cwd")" ]
            [ ! -e pwned ] && [ ! -e pwned2 ]
            CMD="eval of lsipc -$k $mode"
            assert_names_in "$BATS_TEST_TMPDIR/evald" "${want[@]}"
        done
        for n in "${want[@]}"; do
            run_safe lsipc -$k -N "$n" -e
            line=$(cat "$BATS_TEST_TMPDIR/out")
            ( cd "$BATS_TEST_TMPDIR/cwd"; eval "$line"; [ -n "$NAME" ] )
            [ -z "$(ls -A "$BATS_TEST_TMPDIR/cwd")" ]
        done
    done
}

@test "hostile names: ipcs prints every mode safely" {
    make_all
    for k in M Q S; do
        mapfile -d '' want < <(names_of $k)
        for mode in "" -t -c -b --human; do
            # shellcheck disable=SC2086
            run_safe ipcs -$k $mode
            assert_names_in "$BATS_TEST_TMPDIR/out" "${want[@]}"
        done
        # POSIX objects have no pids: -p lists none, but must stay safe
        for mode in -p -l -u; do
            run_safe ipcs -$k $mode
        done
        for n in "${want[@]}"; do
            TABS=tab run_safe ipcs -$k -N "$n"
            assert_names_in "$BATS_TEST_TMPDIR/out" "$n"
        done
    done
    run_safe ipcs -M -Q -S -c
    run_safe ipcs -a
}

@test "hostile names: messages about a missing hostile name are escaped" {
    for k in M Q S; do
        for n in "${NAMES[@]}"; do
            for cmd in "lsipc -$k -N" "ipcs -$k -N" "ipcrm $(kind_opt $k)"; do
                CMD="$cmd $n"
                # shellcheck disable=SC2086
                $cmd "$n" >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" && {
                    echo "$CMD succeeded"; return 1; }
                assert_safe "$BATS_TEST_TMPDIR/out"
                assert_safe "$BATS_TEST_TMPDIR/err"
                [ "$(wc -l <"$BATS_TEST_TMPDIR/err")" -ge 1 ]
            done
        done
    done
}

# ---- hostile names: creating and removing ----

@test "hostile names: ipcmk output and --json are safe and exact" {
    mkdir "$BATS_TEST_TMPDIR/cwd"
    for n in "${NAMES[@]}"; do
        for opt in "-m 1" "-q --maxmsg 1 --msgsize 16" -s; do
            # shellcheck disable=SC2086
            run_safe ipcmk $opt -n "/$n"
            assert_names_in "$BATS_TEST_TMPDIR/out" "/$n"
        done
    done
    reset_ipc
    for n in "${UTF8_NAMES[@]}"; do
        for opt in "-m 1" "-q --maxmsg 1 --msgsize 16" -s; do
            # shellcheck disable=SC2086
            run_safe ipcmk $opt -n "/$n" --json
            [ "$(jq -j '.[0].name' "$BATS_TEST_TMPDIR/out")" = "/$n" ]
        done
    done
    for opt in "-m 1" "-q --maxmsg 1 --msgsize 16" -s; do
        # shellcheck disable=SC2086
        run_safe ipcmk $opt -n $'/bad\xff\xfeu' --json
        [ "$(jq -j '.[0].name' "$BATS_TEST_TMPDIR/out")" = $'/bad\357\277\275\357\277\275u' ]
    done
    # an existing hostile name: refused, and the refusal is safe too
    CMD="ipcmk on an existing name"
    for opt in "-m 1" -q -s; do
        # shellcheck disable=SC2086
        ! ipcmk $opt -n $'/e\033[31mred\033]0;T\007' >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" || false
        [ ! -s "$BATS_TEST_TMPDIR/out" ]
        [ "$(wc -l <"$BATS_TEST_TMPDIR/err")" -eq 1 ]
        assert_safe "$BATS_TEST_TMPDIR/err"
    done
    [ -z "$(ls -A "$BATS_TEST_TMPDIR/cwd")" ]
}

@test "hostile names: ipcrm removes each by its exact name, with or without '/'" {
    make_all
    for k in M Q S; do
        opt=$(kind_opt $k)
        mapfile -d '' want < <(names_of $k)
        i=0
        for n in "${want[@]}"; do
            # every other one without its slash; names starting with '-'
            # are taken as the option's argument either way
            arg=$n
            [ $((i++ % 2)) -eq 0 ] || arg=${n#/}
            run_safe ipcrm -v "$opt" "$arg"
            assert_names_in "$BATS_TEST_TMPDIR/out" "$arg"
            case $k in
            M) [ ! -e "/dev/shm${n}" ] ;;
            Q) [ ! -e "/dev/mqueue${n}" ] ;;
            S) [ ! -e "/dev/shm/sem.${n#/}" ] ;;
            esac
        done
    done
    # names that look like options, without their slash
    for n in -rf --help; do
        ipctool pshm "/$n" 1 0600
        run_safe ipcrm -v --posix-shmem "$n"
        [ "$(cat "$BATS_TEST_TMPDIR/out")" = "removing POSIX shared memory \`$n'" ]
    done
    # all gone, nothing else removed
    [ -z "$(ls -A /dev/shm)" ]
    [ -z "$(ls -A /dev/mqueue)" ]
}

@test "hostile names: ipcrm --all --name PATTERN matches the exact name" {
    make_all
    ipctool pshm /bystander 1 0600
    ipctool pmq /bystander 0600 1 16
    ipctool psem /bystander 0600 1
    for n in "${NAMES[@]}" "$L255"; do
        # the name as a pattern that matches only itself
        pat=$(printf '%s' "$n" | sed 's/[][\\*?]/\\&/g'; echo x)
        pat=${pat%x}
        run_safe ipcrm -a --dry-run --name "$pat"
        assert_names_in "$BATS_TEST_TMPDIR/out" "/$n"
        [ -e "/dev/shm/$n" ]
        run_safe ipcrm -a -v --name "$pat"
        assert_names_in "$BATS_TEST_TMPDIR/out" "/$n"
        [ ! -e "/dev/shm/$n" ] && [ ! -e "/dev/mqueue/$n" ] && [ ! -e "/dev/shm/sem.$n" ]
    done
    run_safe ipcrm -a -v --name "$L251"
    [ "$(ls /dev/shm | sort | tr '\n' ' ')" = "bystander sem.bystander " ]
    [ "$(ls /dev/mqueue)" = bystander ]
}

# ---- hostile files in the shm directory ----

# Non-objects of every file type, one plain and one "sem." entry of each,
# beside real objects of each POSIX kind and huge sparse files. $FIFO is a
# FIFO outside the directory (a link to it must not be opened: it would block).
make_files() {
    FIFO=$BATS_TEST_TMPDIR/outside.fifo
    mkfifo "$FIFO"
    cd /dev/shm
    ln -s /etc/shadow shadow
    ln -s /etc/shadow sem.shadow
    ln -s "$FIFO" fifolink
    ln -s "$FIFO" sem.fifolink
    ln -s /nonexistent/x dangling
    ln -s /nonexistent/x sem.dangling
    ln -s . selfloop
    mkfifo pipe sem.pipe
    mkdir dir sem.dir
    perl -MSocket -e 'for (@ARGV) { socket(my $s, PF_UNIX, SOCK_STREAM, 0) or die "socket: $!";
        bind($s, sockaddr_un($_)) or die "bind $_: $!" }' /dev/shm/sock /dev/shm/sem.sock
    mknod null c 1 3
    mknod sem.zero c 1 5
    mknod sem.loop b 7 0
    truncate -s 1T huge sem.huge
    : >sem.
    cd - >/dev/null
    ipctool pshm /real 10 0600
    ipctool psem /real 0600 3
    ipctool pmq /real 0600 1 16
    HOSTILE=(shadow sem.shadow fifolink sem.fifolink dangling sem.dangling selfloop
             pipe sem.pipe dir sem.dir sock sem.sock null sem.zero sem.loop)
}

# Run CMD under strace, at most 10 s. Afterwards: it did not time out;
# nothing was opened for writing or created; no shared writable mapping;
# no open of /etc/shadow, of the FIFO or of any non-regular entry; every
# path opened is one the applets are expected to read (/proc, the IPC
# directories, the passwd and group databases, the C library's files).
traced() {
    local rc=0 bad
    CMD="$*"
    # LeakSanitizer stops the world with ptrace, which strace holds already
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
    timeout 10 strace -f -qq -e trace=open,openat,creat,mmap,truncate,ftruncate \
        -o "$BATS_TEST_TMPDIR/trace" "$@" >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" || rc=$?
    if [ "$rc" -eq 124 ]; then
        echo "timed out: $CMD"
        return 1
    fi
    TRACED_RC=$rc
    if grep -E 'O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|creat\(|truncate\(' "$BATS_TEST_TMPDIR/trace"; then
        echo "opened for writing: $CMD"
        return 1
    fi
    if grep -E 'mmap\(.*PROT_WRITE.*MAP_SHARED' "$BATS_TEST_TMPDIR/trace"; then
        echo "shared writable mapping: $CMD"
        return 1
    fi
    if grep -F -e /etc/shadow -e "$FIFO" -e /nonexistent "$BATS_TEST_TMPDIR/trace"; then
        echo "followed a link: $CMD"
        return 1
    fi
    for f in "${HOSTILE[@]}"; do
        if grep -F -e "\"$f\"" -e "/$f\"" "$BATS_TEST_TMPDIR/trace"; then
            echo "opened the non-object $f: $CMD"
            return 1
        fi
    done
    # every path opened, minus the expected ones, is nothing
    bad=$(grep -oE 'open(at)?\([^"]*"[^"]*"' "$BATS_TEST_TMPDIR/trace" | sed 's/.*"\(.*\)"/\1/' |
        grep -vE '^/proc/|^/dev/shm$|^/dev/mqueue$|^/etc/(nsswitch\.conf|passwd|group|localtime|ld\.so\.cache)$' |
        grep -vE '^/(usr/)?lib|^/usr/share/locale|^/usr/lib/locale|^/usr/share/zoneinfo|\.so(\.[0-9]+)*$' |
        grep -vxE "real|sem\\.real|huge|sem\\.huge${TRACE_OK:+|$TRACE_OK}" |
        # REMOVEIPC: logind's configuration, read inside the root (openat2)
        grep -vxE '/|logind\.conf|[^/]+\.conf|systemd\.pc|login\.defs' |
        # the /proc scan of a full detail view (its PIDS) opens each
        # process's entries relative to the process's directory
        grep -vxE '/proc|[0-9]+|maps|fd|task|syscall|[0-9]+/syscall|mountinfo' || true)
    if [ -n "$bad" ]; then
        echo "unexpected open: $bad ($CMD)"
        return 1
    fi
}

# the hostile entries are all still there, unchanged, and so is /etc/shadow
assert_files_intact() {
    local f
    for f in "${HOSTILE[@]}"; do
        [ -e "/dev/shm/$f" ] || [ -L "/dev/shm/$f" ] || { echo "gone: $f"; return 1; }
    done
    [ "$(readlink /dev/shm/shadow)" = /etc/shadow ]
    [ -p /dev/shm/pipe ] && [ -d /dev/shm/dir ] && [ -S /dev/shm/sock ] && [ -c /dev/shm/null ]
}

@test "hostile files: listings skip symlinks, FIFOs, sockets, directories and devices, open nothing of them" {
    command -v strace >/dev/null || skip "strace is not installed"
    command -v perl >/dev/null || skip "perl is not installed (it makes the sockets)"
    make_files
    for k in M S Q; do
        for mode in "" -J -r -e -t -c; do
            # shellcheck disable=SC2086
            traced lsipc -$k $mode
            [ "$TRACED_RC" -eq 0 ]
            [ ! -s "$BATS_TEST_TMPDIR/err" ]
        done
        traced ipcs -$k
        [ "$TRACED_RC" -eq 0 ]
    done
    traced lsipc -M -o NAME --noheadings
    [ "$(sort "$BATS_TEST_TMPDIR/out" | tr '\n' ' ')" = "/huge /real " ]
    traced lsipc -S -o NAME,SVAL --noheadings -r
    [ "$(sort "$BATS_TEST_TMPDIR/out" | tr '\n' ' ')" = "/huge 0 /real 3 " ]
    traced lsipc -M -J -b -o NAME,SIZE
    jq -e '.["posix-sharedmemory"] | map(select(.name == "/huge"))[0].size == 1099511627776' \
        "$BATS_TEST_TMPDIR/out"
    traced ipcs -M -S -Q -c
    traced ipcs -a
    traced lsipc
    traced lsipc -g
    traced ipcs -l
    traced ipcs -u
    assert_files_intact
    [ "$(stat -c %s /dev/shm/huge)" = 1099511627776 ]
}

@test "hostile files: -N on a non-object says not found and opens nothing" {
    command -v strace >/dev/null || skip "strace is not installed"
    make_files
    for f in "${HOSTILE[@]}"; do
        case $f in
        sem.*) k=S; n=${f#sem.} ;;
        *) k=M; n=$f ;;
        esac
        for cmd in "lsipc -$k -N" "ipcs -$k -N"; do
            # shellcheck disable=SC2086
            traced $cmd "$n"
            [ "$TRACED_RC" -eq 1 ]
            [ ! -s "$BATS_TEST_TMPDIR/out" ]
            grep -q 'not found' "$BATS_TEST_TMPDIR/err"
        done
    done
    # the huge ones are objects
    traced lsipc -M -N huge -b
    grep -q 1099511627776 "$BATS_TEST_TMPDIR/out"
    traced ipcs -S -N huge
    [ "$TRACED_RC" -eq 0 ]
    assert_files_intact
}

@test "hostile files: ipcrm --all removes the objects only, follows nothing" {
    command -v strace >/dev/null || skip "strace is not installed"
    make_files
    traced ipcrm -a --dry-run
    [ "$TRACED_RC" -eq 0 ]
    [ "$(sort "$BATS_TEST_TMPDIR/out")" = "$(printf '%s\n' \
        "would remove POSIX message queue \`/real'" \
        "would remove POSIX semaphore \`/huge'" \
        "would remove POSIX semaphore \`/real'" \
        "would remove POSIX shared memory \`/huge'" \
        "would remove POSIX shared memory \`/real'")" ]
    assert_files_intact
    [ -e /dev/shm/real ] && [ -e /dev/shm/sem.real ] && [ -e /dev/mqueue/real ]
    traced ipcrm -a -v
    [ "$TRACED_RC" -eq 0 ]
    [ ! -s "$BATS_TEST_TMPDIR/err" ]
    assert_files_intact
    [ ! -e /dev/shm/real ] && [ ! -e /dev/shm/sem.real ] && [ ! -e /dev/mqueue/real ]
    [ ! -e /dev/shm/huge ] && [ ! -e /dev/shm/sem.huge ]
    # "sem." (no name) is no semaphore and is left alone
    [ -e /dev/shm/sem. ]
}

@test "hostile files: ipcrm by name unlinks the name itself, never what a link points to" {
    command -v strace >/dev/null || skip "strace is not installed"
    make_files
    sum=$(md5sum /etc/shadow)
    traced ipcrm --posix-semaphore shadow --posix-shmem fifolink --posix-shmem dangling
    [ "$TRACED_RC" -eq 0 ]
    [ ! -L /dev/shm/sem.shadow ] && [ ! -L /dev/shm/fifolink ] && [ ! -L /dev/shm/dangling ]
    [ "$(md5sum /etc/shadow)" = "$sum" ]
    [ -p "$FIFO" ]
    # a directory is not removed (unlink refuses), and the message names it
    traced ipcrm --posix-shmem dir
    [ "$TRACED_RC" -eq 1 ]
    [ -d /dev/shm/dir ]
}

@test "hostile files: entries swapped between readdir and open are never followed, nothing blocks" {
    command -v strace >/dev/null || skip "strace is not installed"
    make_files
    # 20 "swapN" and "sem.swapN" entries are a regular file half of the time
    # and otherwise a link to /etc/shadow, a link to the FIFO or a FIFO, each
    # change an atomic rename, so that listings often stat a regular file and
    # then find something else at open
    perl -MPOSIX -e '
        chdir "/dev/shm" or die; my ($fifo, $secs) = @ARGV; my $end = time + $secs;
        my @names = map { ("swap$_", "sem.swap$_") } 1 .. 20;
        my @states = ("reg", "/etc/shadow", "reg", $fifo, "reg", "fifo");
        while (time < $end) {
            for my $st (@states) {
                for my $n (@names) {
                    # ipcrm --all may remove "$n.t" while it is a regular file
                    unlink "$n.t";
                    if ($st eq "reg") {
                        sysopen(my $f, "$n.t", O_WRONLY | O_CREAT | O_EXCL | O_NONBLOCK) or next;
                        syswrite $f, "\0" x 32; close $f;
                    } elsif ($st eq "fifo") {
                        POSIX::mkfifo("$n.t", 0644) or next;
                    } else {
                        symlink($st, "$n.t") or next;
                    }
                    rename("$n.t", $n);
                }
            }
        }' "$FIFO" 60 &
    swapper=$!
    # the temporary names are regular files for a moment: objects then
    TRACE_OK='(sem\.)?swap[0-9]+(\.t)?'
    sum=$(md5sum </etc/shadow)
    loops=0 fast=0 eloop=0 end=$((SECONDS + 20))
    while [ $SECONDS -lt $end ]; do
        for cmd in "lsipc -S" "lsipc -M" "lsipc -S -J" "ipcs -S -M" "ipcrm -a --dry-run" \
                   "lsipc -S -N swap1" "ipcrm -a -v --name swap*"; do
            # shellcheck disable=SC2086
            traced $cmd || { kill "$swapper"; return 1; }
            # -N may find a FIFO or a link there: "not found" is right then
            case $cmd in
            *-N*) [ "$TRACED_RC" -le 1 ] ;;
            *) [ "$TRACED_RC" -eq 0 ] && [ ! -s "$BATS_TEST_TMPDIR/err" ] ;;
            esac || { echo "$cmd: exit $TRACED_RC"; cat "$BATS_TEST_TMPDIR/err"; kill "$swapper"; return 1; }
            n=$(grep -c 'swap[0-9]*".*ELOOP' "$BATS_TEST_TMPDIR/trace" || true)
            eloop=$((eloop + n))
        done
        loops=$((loops + 1))
    done
    # then as fast as they run, without strace: never a hang, an error or bad JSON
    end=$((SECONDS + 10))
    while [ $SECONDS -lt $end ]; do
        for cmd in "lsipc -S" "lsipc -M -J" "lsipc -S -J" "ipcs -S -M" "ipcrm -a --dry-run"; do
            # shellcheck disable=SC2086
            timeout 10 $cmd >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" ||
                { echo "$cmd: exit $?"; cat "$BATS_TEST_TMPDIR/err"; kill "$swapper"; return 1; }
            [ ! -s "$BATS_TEST_TMPDIR/err" ] || { cat "$BATS_TEST_TMPDIR/err"; kill "$swapper"; return 1; }
            case $cmd in *-J) jq -e . "$BATS_TEST_TMPDIR/out" >/dev/null ;; esac
        done
        fast=$((fast + 1))
    done
    # it ran the whole time
    kill "$swapper"
    wait "$swapper" || true
    # how often a link was found in place of the file just stat'ed
    echo "# $loops rounds under strace ($eloop opens refused with ELOOP), $fast without" >&3
    [ "$loops" -ge 5 ]
    [ "$(md5sum </etc/shadow)" = "$sum" ]
    assert_files_intact
}

# ---- hostile command lines ----

@test "hostile command line of a segment's creator: COMMAND is escaped in every mode" {
    command -v perl >/dev/null || skip "perl is not installed"
    # the creator stays alive (its /proc/PID/cmdline is what COMMAND shows)
    # and names itself with ESC sequences, a newline and invalid UTF-8
    perl -e '$0 = "\e[2J\e]0;T\aevil\nline\xff\xc2\x9b";
             my $id = shmget(0x77, 4096, 01600) // die "shmget: $!";
             $| = 1; print "$id\n"; sleep 60' >"$BATS_TEST_TMPDIR/id" &
    creator=$!
    while [ ! -s "$BATS_TEST_TMPDIR/id" ]; do sleep 0.05; done
    id=$(cat "$BATS_TEST_TMPDIR/id")
    want=$'\e[2J\e]0;T\aevil\nline\xff\xc2\x9b'
    for mode in "" -r -e -n -l; do
        # shellcheck disable=SC2086
        run_safe lsipc -m -o KEY,CPID,COMMAND $mode
        assert_names_in "$BATS_TEST_TMPDIR/out" "$want"
        # shellcheck disable=SC2086
        run_safe lsipc -m -i "$id" $mode
        assert_names_in "$BATS_TEST_TMPDIR/out" "$want"
    done
    run_safe lsipc -m -o COMMAND -J
    [ "$(jq -j '.sharedmemory[0].command' "$BATS_TEST_TMPDIR/out")" = \
        $'\e[2J\e]0;T\aevil\nline\357\277\275\302\233' ]
    kill "$creator"
}

# ---- hostile captured trees ----

@test "hostile capture: FIFOs and devices as /proc/PID files under --sysroot do not block" {
    lsipc -m -o PIDS >/dev/null 2>&1 || skip "this lsipc has no PIDS column (no process scan)"
    root=$BATS_TEST_TMPDIR/root
    cp -a "$FIXTURES/sysroot-captured" "$root"
    # pid 4242: FIFOs where the scan reads; pid 4243: endless devices
    rm -f "$root/proc/4242/maps" "$root/proc/4242/mountinfo"
    mkfifo "$root/proc/4242/maps" "$root/proc/4242/mountinfo"
    mkdir -p "$root/proc/4242/task/4242" "$root/proc/4243/task/4243"
    mkfifo "$root/proc/4242/task/4242/syscall"
    echo sleep >"$root/proc/4243/cmdline"
    mknod "$root/proc/4243/maps" c 1 5
    mknod "$root/proc/4243/mountinfo" c 1 5
    mknod "$root/proc/4243/task/4243/syscall" c 1 5
    for cmd in "lsipc -m -o KEY,PIDS,NPROCS" "lsipc -s -o KEY,WAITPIDS" "lsipc -M -o NAME,PIDS" \
               "lsipc --pid 4242" "lsipc --pid 4243" "lsipc -m -o KEY,PIDS -J"; do
        rc=0
        # shellcheck disable=SC2086
        timeout 10 $cmd --sysroot "$root" >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" || rc=$?
        [ "$rc" -ne 124 ] || { echo "blocked: $cmd"; return 1; }
        [ "$rc" -eq 0 ] || { echo "$cmd: exit $rc"; cat "$BATS_TEST_TMPDIR/err"; return 1; }
    done
}
