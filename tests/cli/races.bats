#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Processes and objects that vanish while we read them: fixed cases of what tests/stress/churn found.

load helpers

setup() {
    reset_ipc
}

# build the LD_PRELOAD stub C source (stdin) as $BATS_TEST_TMPDIR/stub.so
build_stub() {
    command -v cc >/dev/null || skip "no C compiler to build the LD_PRELOAD stub"
    cat >"$BATS_TEST_TMPDIR/stub.c"
    cc -shared -fPIC -o "$BATS_TEST_TMPDIR/stub.so" "$BATS_TEST_TMPDIR/stub.c" -ldl
}

# run CMD... with the stub: stdout in $out, stderr in $err, exit code in $rc
runs_stubbed() {
    rc=0
    LD_PRELOAD="$BATS_TEST_TMPDIR/stub.so" ASAN_OPTIONS=verify_asan_link_order=0 \
        "$@" >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" || rc=$?
    out=$(cat "$BATS_TEST_TMPDIR/out")
    err=$(cat "$BATS_TEST_TMPDIR/err")
}

@test "a process that exits while /proc is scanned is skipped silently" {
    # Once a process is reaped, fdopendir() of its /proc/PID/fd, opened a
    # moment before, fails with ENOENT (the kernel counts the descriptors
    # when the directory is stat'ed). The stub makes every process look so.
    build_stub <<'EOF_C'
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
DIR *fdopendir(int fd)
{
	static DIR *(*real)(int);
	char link[64], target[256];
	ssize_t n;

	if (!real)
		real = (DIR *(*)(int))dlsym(RTLD_NEXT, "fdopendir");
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, target, sizeof(target) - 1);
	if (n > 0) {
		target[n] = '\0';
		if (!strncmp(target, "/proc/", 6) &&
		    (strstr(target, "/fd") || strstr(target, "/task"))) {
			errno = ENOENT;
			return NULL;
		}
	}
	return real(fd);
}
EOF_C
    shm=$(ipctool shm 0x10 64 0600)
    ipctool pshm /gone 64 0600 >/dev/null
    ipctool psem /gone 0600 0 >/dev/null
    ipctool pmq /gone 0600 1 16 >/dev/null
    runs_stubbed ipcrm --all --unused --dry-run
    [ "$rc" = 0 ] && [ -z "$err" ]
    [[ "$out" == *"would remove shared memory segment id \`$shm'"* ]]
    [[ "$out" == *"would remove POSIX shared memory \`/gone'"* ]]
    [[ "$out" == *"would remove POSIX message queue \`/gone'"* ]]
    runs_stubbed lsipc -m -o ID,COMMAND
    [ "$rc" = 0 ] && [ -z "$err" ]
    runs_stubbed ipcrm --all --unused
    [ "$rc" = 0 ] && [ -z "$err" ]
    [ "$(wc -l </proc/sysvipc/shm)" = 1 ] && [ -z "$(ls -A /dev/shm /dev/mqueue | grep -v '^/dev\|^$')" ]
}
