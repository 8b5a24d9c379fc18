/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Benchmark helper: runs a command with stdout on /dev/null and prints its peak RSS in KiB. */
#include <stdio.h>

#include "spawn.h"

/*
 * Output: "<max RSS in KiB> <exit status>" on stdout. The child's
 * ru_maxrss also counts what it inherited from this (small) process at
 * fork time, so every command measured carries the same small offset;
 * measuring /bin/true shows its size.
 */
int main(int argc, char **argv)
{
	struct rusage ru;
	int status;

	if (argc < 2) {
		fputs("usage: maxrss COMMAND [ARG]...\n", stderr);
		return 2;
	}
	if (spawn_quiet("maxrss", argv + 1, &status, &ru) < 0)
		return 1;
	printf("%ld %d\n", ru.ru_maxrss, status);
	return 0;
}
