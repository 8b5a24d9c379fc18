/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target: a whole captured system read with --sysroot. The first
 * input byte picks one file of a small sysroot (mountinfo, the three
 * /proc/sysvipc files, kernel/sem, a limit, passwd, group, an mqueue file),
 * the rest becomes that file's text; then the context is built and every
 * kind, the limits and the owner names are read, as lsipc would, and the
 * notes of the /proc/sysvipc reads are taken.
 */
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"
#include "ipc.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);

static char root[64];

/* Each file with the text of an ordinary capture, restored after every run. */
static const struct {
	const char *path, *text;
} files[] = {
	{ "proc/self/mountinfo",
	  "22 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw\n"
	  "25 22 0:5 / /dev rw,nosuid - devtmpfs udev rw,mode=755\n"
	  "27 25 0:23 / /dev/shm rw,nosuid,nodev - tmpfs tmpfs rw\n"
	  "40 25 0:20 / /dev/mqueue rw,nosuid,nodev,noexec - mqueue mqueue rw\n" },
	{ "proc/sysvipc/msg",
	  "       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid      stime      rtime      ctime\n"
	  "-560416437          0   644           0          0     0     0     0     0     0     0          0          0 1795449131\n" },
	{ "proc/sysvipc/sem",
	  "       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime\n"
	  "-717790043          0   644          3  1000  1000     0     0          0 1795449131\n" },
	{ "proc/sysvipc/shm",
	  "       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime                   rss                  swap\n"
	  "1718301360          0   644                  4096 14054     0      0     0     0     0     0          0          0 1795449131                     0                     0\n" },
	{ "proc/sys/kernel/sem", "32000\t1024000000\t500\t32000\n" },
	{ "proc/sys/kernel/shmmax", "18446744073692774399\n" },
	{ "etc/passwd", "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/sh\n" },
	{ "etc/group", "root:x:0:\nalice:x:1000:\n" },
	{ "dev/mqueue/q", "QSIZE:0          NOTIFY:0     SIGNO:0     NOTIFY_PID:0     \n" },
};
#define NFILES (sizeof(files) / sizeof(files[0]))

static void put(const char *rel, const void *data, size_t len)
{
	char path[PATH_MAX];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, data, len) != (ssize_t)len)
		abort();
	close(fd);
}

static void make_dir(const char *rel)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	if (mkdir(path, 0755) < 0)
		abort();
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	remove(path);
	return 0;
}

/* libFuzzer leaves through exit(): take the scratch sysroot with us. */
static void remove_root(void)
{
	nftw(root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char *const dirs[] = {
		"proc", "proc/self", "proc/sysvipc", "proc/sys", "proc/sys/kernel",
		"etc", "dev", "dev/shm", "dev/mqueue",
	};

	snprintf(root, sizeof(root), "%s", "/tmp/ipcbox-fuzz-sysroot.XXXXXX");
	if (!mkdtemp(root))
		abort();
	atexit(remove_root);
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		make_dir(dirs[i]);
	for (size_t i = 0; i < NFILES; i++)
		put(files[i].path, files[i].text, strlen(files[i].text));
	put("dev/shm/sem.s", "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 32);
	put("dev/shm/obj", "data", 4);
	return 0;
}

/* A directory the context chose must lie inside the sysroot. */
static void check_inside(const char *dir)
{
	size_t n = strlen(root);

	if (!dir)
		return;
	if (strncmp(dir, root, n) != 0 || (dir[n] != '/' && dir[n] != '\0') ||
	    strstr(dir + n, "/../") || (strlen(dir) >= 3 && !strcmp(dir + strlen(dir) - 3, "/..")))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ipc_ctx ctx;
	struct ipc_limits lim;
	size_t which;

	if (size < 1)
		return 0;
	which = data[0] % NFILES;
	put(files[which].path, data + 1, size - 1);

	if (ipc_ctx_init(&ctx, root) == 0) {
		check_inside(ipc_ctx_mqdir(&ctx));
		check_inside(ipc_ctx_shmdir(&ctx));
		for (int k = 0; k < IPC_NKINDS; k++) {
			struct ipc_objs objs = { 0 };

			if (ipc_list(&ctx, (enum ipc_kind)k, IPC_WANT_ALL, &objs) == 0) {
				for (size_t i = 0; i < objs.n; i++) {
					const struct ipc_obj *o = &objs.v[i];

					ipc_user_name(&ctx, o->uid);
					ipc_group_name(&ctx, o->gid);
					ipc_user_name(&ctx, o->cuid);
					if (ipc_kind_is_posix(o->kind) && (!o->name || o->name[0] != '/'))
						abort();
				}
			}
			ipc_objs_free(&objs);
		}
		/* the notes of a read: consistent, and handed out once */
		for (int k = IPC_MSG; k <= IPC_SHM; k++) {
			struct ipc_sysv_notes n;

			if (sysv_take_notes(&ctx, (enum ipc_kind)k, &n) &&
			    ((n.long_lines == 0) != (n.long_line == 0) || !n.file ||
			     sysv_take_notes(&ctx, (enum ipc_kind)k, &n)))
				abort();
		}
		ipc_read_limits(&ctx, &lim);
		ipc_ctx_free(&ctx);
	}

	put(files[which].path, files[which].text, strlen(files[which].text));
	return 0;
}
