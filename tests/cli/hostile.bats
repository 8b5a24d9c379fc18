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
cols_Q=NAME,OWNER,PERMS,USEDBYTES,MSGS,MAXMSG,MSGSIZE,NOTIFY_PID,SIGNO,MTIME,CTIME,CUID,CUSER,CGID,CGROUP,UID,USER,GID,GROUP
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
