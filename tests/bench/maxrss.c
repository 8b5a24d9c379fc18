/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Benchmark helper: runs a command with stdout on /dev/null and prints its peak RSS in KiB. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * Output: "<max RSS in KiB> <exit status>" on stdout. The child's
 * ru_maxrss also counts what it inherited from this (small) process at
 * fork time, so every command measured carries the same small offset;
 * measuring /bin/true shows its size.
 */
int main(int argc, char **argv)
{
	struct rusage ru;
	pid_t pid;
	int status;

	if (argc < 2) {
		fputs("usage: maxrss COMMAND [ARG]...\n", stderr);
		return 2;
	}
	pid = fork();
	if (pid < 0) {
		perror("maxrss: fork");
		return 1;
	}
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);

		if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0) {
			perror("maxrss: /dev/null");
			_exit(127);
		}
		close(fd);
		execvp(argv[1], argv + 1);
		fprintf(stderr, "maxrss: %s: %s\n", argv[1], strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno != EINTR) {
			perror("maxrss: wait4");
			return 1;
		}
	}
	printf("%ld %d\n", ru.ru_maxrss,
	       WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	return 0;
}
