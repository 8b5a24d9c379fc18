/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Benchmark helpers' one way to run a command: stdout on /dev/null, its exit status and resource use. */
#ifndef IPCBOX_BENCH_SPAWN_H
#define IPCBOX_BENCH_SPAWN_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * Run argv[0] with argv, standard output on /dev/null; *ret_status is its
 * exit status, 128 + the signal that killed it, or 127 when it could not
 * be run (told on stderr, prefixed with prog). Returns 0, or -1 when it
 * could not be started or waited for (told on stderr).
 */
static inline int spawn_quiet(const char *prog, char **argv, int *ret_status, struct rusage *ru)
{
	int status;
	pid_t pid = fork();

	if (pid < 0) {
		fprintf(stderr, "%s: fork: %s\n", prog, strerror(errno));
		return -1;
	}
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);

		if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0) {
			fprintf(stderr, "%s: /dev/null: %s\n", prog, strerror(errno));
			_exit(127);
		}
		close(fd);
		execvp(argv[0], argv);
		fprintf(stderr, "%s: %s: %s\n", prog, argv[0], strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &status, 0, ru) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "%s: wait4: %s\n", prog, strerror(errno));
			return -1;
		}
	}
	*ret_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	return 0;
}

#endif
