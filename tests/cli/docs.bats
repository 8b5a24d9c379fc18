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
