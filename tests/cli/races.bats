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

@test "a semaphore file truncated while its value is read does not kill the reader" {
    # Anyone may create and truncate a file sem.NAME in /dev/shm. The stub
    # truncates every sem.* file just after it is mapped or just before it
    # is read, as a racing truncate(1) would; a value read through a
    # mapping then dies of SIGBUS.
    build_stub <<'EOF_C'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <unistd.h>
static void truncate_if_sem(int fd)
{
	char link[64], target[256];
	ssize_t n;
	int w;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, target, sizeof(target) - 1);
	if (n <= 0)
		return;
	target[n] = '\0';
	if (!strstr(target, "/sem."))
		return;
	w = open(link, O_WRONLY);
	if (w >= 0) {
		if (ftruncate(w, 0) < 0)
			perror("stub: ftruncate");
		close(w);
	}
}
void *mmap64(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	static void *(*real)(void *, size_t, int, int, int, off_t);
	void *m;

	if (!real)
		real = (void *(*)(void *, size_t, int, int, int, off_t))dlsym(RTLD_NEXT, "mmap64");
	m = real(addr, len, prot, flags, fd, off);
	if (m != MAP_FAILED && fd >= 0)
		truncate_if_sem(fd);
	return m;
}
ssize_t pread64(int fd, void *buf, size_t len, off_t off)
{
	static ssize_t (*real)(int, void *, size_t, off_t);

	if (!real)
		real = (ssize_t (*)(int, void *, size_t, off_t))dlsym(RTLD_NEXT, "pread64");
	truncate_if_sem(fd);
	return real(fd, buf, len, off);
}
EOF_C
    for n in a b c; do ipctool psem /$n 0600 3 >/dev/null; done
    for cmd in "lsipc -S" "lsipc -S -J" "lsipc" "ipcs -S" "lsipc -S -N a" "ipcs -S -N b"; do
        truncate -s 32 /dev/shm/sem.a /dev/shm/sem.b /dev/shm/sem.c
        runs_stubbed $cmd
        [ "$rc" -le 1 ] || { echo "$cmd: exit $rc"; cat "$BATS_TEST_TMPDIR/err"; return 1; }
    done
    # listed, with the value it no longer has left out
    truncate -s 32 /dev/shm/sem.a /dev/shm/sem.b /dev/shm/sem.c
    runs_stubbed lsipc -S -J -o NAME,SVAL
    [ "$rc" = 0 ] && [ -z "$err" ]
    jq -e '.[] | length == 3 and all(.[]; .sval == null)' <<<"$out"
}
