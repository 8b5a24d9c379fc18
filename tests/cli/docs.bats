#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The documentation says what the code does: claims checked against lib/.

load helpers

@test "docs: POSIX semaphore values are read with pread, never through a mapping" {
    # lib/ reads them with pread and maps nothing
    grep -q 'pread(' "$IPCBOX_SRC/lib/posix.c"
    ! grep -rn 'mmap(' "$IPCBOX_SRC/lib" "$IPCBOX_SRC/cmd" || false
    # and the man pages and the README say so
    ! grep -rniE 'through a (read-only )?mapping|read-only mapping|map(s|ping)? the semaphore' \
        "$IPCBOX_SRC/man" "$IPCBOX_SRC/README.md" "$IPCBOX_SRC/lib/ipc.h" || false
    grep -A6 '^Nothing is opened for writing' "$IPCBOX_SRC/man/lsipc.1" | grep -q '^\.Xr pread 2$'
}

@test "build: meson.build names every source, test, man page and completion" {
    # files() makes a missing file fail at setup; this catches the other
    # half, a file that exists but that the build never names
    local f dir missing=0
    cd "$IPCBOX_SRC"
    for f in lib/*.c cmd/*.c man/*.1 completions/*; do
        grep -qF "'$f'" meson.build || { echo "meson.build does not name $f"; missing=1; }
    done
    for f in tests/cli/*.bats tests/compat/*.bats tests/fixtures/*.bats; do
        grep -qF "'${f##*/}'" tests/meson.build || { echo "tests/meson.build does not name $f"; missing=1; }
    done
    for f in tests/tools/*.c; do
        grep -qF "'${f#tests/}'" tests/meson.build || { echo "tests/meson.build does not name $f"; missing=1; }
    done
    for dir in unit fuzz; do
        for f in tests/$dir/*_*.c; do
            f=${f##*/}
            grep -qF "'${f%.c}'" tests/$dir/meson.build ||
                { echo "tests/$dir/meson.build does not name $f"; missing=1; }
        done
    done
    [ "$missing" = 0 ]
}

@test "completions: the generated part of each file is what its applet's option table says" {
    local f n=0
    for f in "$IPCBOX_SRC"/completions/*; do
        grep -q "^# generated from the option table by 'ipcbox --bash-completion ${f##*/}'\$" "$f" ||
            continue
        diff -u <(ipcbox --bash-completion "${f##*/}") \
            <(sed -n '/^# generated from the option table by /,/^# end of the generated part$/p' "$f") ||
            { echo "completions/${f##*/} is out of date: meson compile -C build update-completions"; return 1; }
        n=$((n + 1))
    done
    # ipcs, ipcmk and ipcrm at least (lsipc once its options are a cmd_options table)
    [ "$n" -ge 3 ]
}

@test "completions: --help, the man page and the completion name the same long options" {
    local a f o help comp
    for f in "$IPCBOX_SRC"/completions/*; do
        a=${f##*/}
        grep -q "^# generated from the option table by 'ipcbox --bash-completion $a'\$" "$f" ||
            continue
        help=$("$a" --help | grep -oE -- '--[a-z][a-z-]*' | sort -u)
        comp=$(bash -c "source '$f'; printf '%s\n' \$_${a}_long_options" | sed 's/=$//' | sort -u)
        [ "$help" = "$comp" ] || { echo "$a: --help and completion differ"; diff <(echo "$help") <(echo "$comp"); return 1; }
        for o in $help; do
            # mdoc writes "--posix-shmem" "Fl \-posix\-shmem" or "Fl Fl posix-shmem"
            grep -qF -- "Fl $(sed 's/-/\\-/g; s/^\\-//' <<<"$o")" "$IPCBOX_SRC/man/$a.1" ||
                grep -qE -- "Fl Fl ${o#--}( |\$)" "$IPCBOX_SRC/man/$a.1" ||
                { echo "$a: $o is not in man/$a.1"; return 1; }
        done
    done
}
