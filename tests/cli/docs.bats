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
