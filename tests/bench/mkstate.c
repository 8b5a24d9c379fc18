/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Benchmark helper: fills a sandboxed IPC namespace with many objects of several owners, fast. */
#ifndef _GNU_SOURCE	/* meson defines it for the tests' build */
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <mqueue.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * The kernel gives the initial IPC namespace this fixed inode number
 * (PROC_IPC_INIT_INO); a process that still sees it is on the host.
 */
#define INIT_IPC_NS_INO 4026531839UL

/* Distinct key ranges per kind, so objects can be found again by key. */
#define MSG_KEY_BASE 0x42000000
#define SEM_KEY_BASE 0x43000000
#define SHM_KEY_BASE 0x44000000

#define MAX_OWNERS 16

struct owner {
	uid_t uid;
	gid_t gid;
};

static struct owner owners[MAX_OWNERS];
static int n_owners;
static int quiet;

static const mode_t modes[] = { 0600, 0640, 0644, 0660, 0666 };
#define N_MODES (sizeof(modes) / sizeof(modes[0]))

static void __attribute__((noreturn, format(printf, 1, 2))) die(const char *fmt, ...)
{
	int e = errno;
	va_list ap;

	fputs("mkstate: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (e)
		fprintf(stderr, ": %s", strerror(e));
	fputc('\n', stderr);
	exit(1);
}

static long number(const char *s, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0 || v > max) {
		errno = 0;
		die("bad count '%s' (0..%ld)", s, max);
	}
	return v;
}

/*
 * Two independent checks, because a benchmark state on the host would
 * exhaust the host's IPC limits: the sandbox's marker, and an IPC namespace
 * that is not the initial one (nor the one the run script saw outside).
 */
static void require_sandbox(void)
{
	const char *host = getenv("IPCBOX_BENCH_HOST_IPCNS");
	char link[64] = "";
	unsigned long ino = 0;
	struct stat st;

	if (!getenv("IPCBOX_SANDBOX") || strcmp(getenv("IPCBOX_SANDBOX"), "1")) {
		errno = 0;
		die("refusing to run outside tests/sandbox (IPCBOX_SANDBOX is not 1)");
	}
	if (stat("/proc/self/ns/ipc", &st) < 0)
		die("cannot check the IPC namespace: /proc/self/ns/ipc");
	ino = st.st_ino;
	snprintf(link, sizeof(link), "ipc:[%lu]", ino);
	errno = 0;
	if (ino == INIT_IPC_NS_INO)
		die("refusing to run in the initial IPC namespace (%s)", link);
	if (host && *host && !strcmp(host, link))
		die("refusing to run in the host's IPC namespace (%s)", link);
}

/* Owners come from the passwd database, so name lookups hit real entries. */
static void pick_owners(int want)
{
	struct passwd *pw;

	if (want > MAX_OWNERS)
		want = MAX_OWNERS;
	setpwent();
	while (n_owners < want && (pw = getpwent())) {
		int i, dup = 0;

		for (i = 0; i < n_owners; i++)
			dup |= owners[i].uid == pw->pw_uid;
		if (dup)
			continue;
		owners[n_owners].uid = pw->pw_uid;
		owners[n_owners].gid = pw->pw_gid;
		n_owners++;
	}
	endpwent();
	if (n_owners == 0) {
		owners[0].uid = 0;
		owners[0].gid = 0;
		n_owners = 1;
	}
}

static void write_limit(const char *path, const char *value)
{
	FILE *f = fopen(path, "w");

	if (!f)
		die("cannot open %s to raise the limit", path);
	if (fputs(value, f) == EOF || fclose(f) == EOF)
		die("cannot write '%s' to %s", value, path);
}

static long read_limit(const char *path)
{
	FILE *f = fopen(path, "r");
	long v;

	if (!f)
		die("cannot read %s", path);
	if (fscanf(f, "%ld", &v) != 1) {
		errno = 0;
		die("cannot parse %s", path);
	}
	fclose(f);
	return v;
}

/* Raise a single-number limit to at least @need (plus slack for strays). */
static void raise_limit(const char *path, long need)
{
	char buf[32];

	need += 16;
	if (read_limit(path) >= need)
		return;
	snprintf(buf, sizeof(buf), "%ld", need);
	write_limit(path, buf);
	if (!quiet)
		fprintf(stderr, "mkstate: raised %s to %ld (this namespace only)\n", path, need);
}

/* kernel.sem is "SEMMSL SEMMNS SEMOPM SEMMNI"; only SEMMNI and SEMMNS matter here. */
static void raise_sem_limits(long sets, long sems)
{
	const char *path = "/proc/sys/kernel/sem";
	long msl, mns, opm, mni;
	char buf[128];
	FILE *f = fopen(path, "r");

	if (!f)
		die("cannot read %s", path);
	if (fscanf(f, "%ld %ld %ld %ld", &msl, &mns, &opm, &mni) != 4) {
		errno = 0;
		die("cannot parse %s", path);
	}
	fclose(f);
	if (mni >= sets + 16 && mns >= sems + 64)
		return;
	if (mni < sets + 16)
		mni = sets + 16;
	if (mns < sems + 64)
		mns = sems + 64;
	snprintf(buf, sizeof(buf), "%ld %ld %ld %ld", msl, mns, opm, mni);
	write_limit(path, buf);
	if (!quiet)
		fprintf(stderr, "mkstate: raised %s to '%s' (this namespace only)\n", path, buf);
}

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
	struct seminfo *__buf;
};

/*
 * Remove every System V object of one kind. The *_INFO / *_STAT walk over
 * the kernel's index is the cheapest way to find them (reading
 * /proc/sysvipc costs more than the removals), so this doubles as the floor
 * for timing ipcrm --all=msg.
 */
static void reset_sysv(char kind)
{
	union semun arg;
	int idx, max, id, r;

	if (kind == 'q') {
		struct msginfo info;

		max = msgctl(0, MSG_INFO, (struct msqid_ds *)&info);
	} else if (kind == 's') {
		struct seminfo info;

		arg.__buf = &info;
		max = semctl(0, 0, SEM_INFO, arg);
	} else {
		struct shm_info info;

		max = shmctl(0, SHM_INFO, (struct shmid_ds *)&info);
	}
	if (max < 0)
		die("%s_INFO", kind == 'q' ? "MSG" : kind == 's' ? "SEM" : "SHM");

	for (idx = 0; idx <= max; idx++) {
		if (kind == 'q') {
			struct msqid_ds ds;

			id = msgctl(idx, MSG_STAT, &ds);
			r = id < 0 ? 0 : msgctl(id, IPC_RMID, NULL);
		} else if (kind == 's') {
			struct semid_ds ds;

			arg.buf = &ds;
			id = semctl(idx, 0, SEM_STAT, arg);
			r = id < 0 ? 0 : semctl(id, 0, IPC_RMID);
		} else {
			struct shmid_ds ds;

			id = shmctl(idx, SHM_STAT, &ds);
			r = id < 0 ? 0 : shmctl(id, IPC_RMID, NULL);
		}
		if (r < 0 && errno != EINVAL && errno != EIDRM)
			die("cannot remove System V object %d", id);
	}
}

static void reset_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		die("cannot open %s", dir);
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			if (unlinkat(dirfd(d), e->d_name, 0) < 0 && errno != ENOENT)
				die("cannot remove %s/%s", dir, e->d_name);
	closedir(d);
}

static int make_msg(long n)
{
	int i, last = -1;

	raise_limit("/proc/sys/kernel/msgmni", n);
	for (i = 0; i < n; i++) {
		const struct owner *o = &owners[i % n_owners];
		struct msqid_ds ds;
		int id;

		id = msgget(MSG_KEY_BASE + i, IPC_CREAT | IPC_EXCL | modes[i % N_MODES]);
		if (id < 0)
			die("msgget #%d", i);
		/* a message in every tenth queue, so QBYTES/QNUM and LSPID vary */
		if (i % 10 == 0) {
			struct { long type; char text[128]; } m = { .type = 1 };

			memset(m.text, 'x', sizeof(m.text));
			if (msgsnd(id, &m, (size_t)(i % 100) + 1, IPC_NOWAIT) < 0)
				die("msgsnd to %d", id);
		}
		if (msgctl(id, IPC_STAT, &ds) < 0)
			die("msgctl IPC_STAT %d", id);
		ds.msg_perm.uid = o->uid;
		ds.msg_perm.gid = o->gid;
		if (msgctl(id, IPC_SET, &ds) < 0)
			die("msgctl IPC_SET %d", id);
		last = id;
	}
	return last;
}

static int make_sem(long n)
{
	int i, last = -1;

	raise_sem_limits(n, n * 4);
	for (i = 0; i < n; i++) {
		const struct owner *o = &owners[i % n_owners];
		struct semid_ds ds;
		int id;

		id = semget(SEM_KEY_BASE + i, i % 4 + 1, IPC_CREAT | IPC_EXCL | modes[i % N_MODES]);
		if (id < 0)
			die("semget #%d", i);
		if (semctl(id, 0, IPC_STAT, &ds) < 0)
			die("semctl IPC_STAT %d", id);
		ds.sem_perm.uid = o->uid;
		ds.sem_perm.gid = o->gid;
		if (semctl(id, 0, IPC_SET, &ds) < 0)
			die("semctl IPC_SET %d", id);
		last = id;
	}
	return last;
}

static int make_shm(long n)
{
	int i, last = -1;

	raise_limit("/proc/sys/kernel/shmmni", n);
	for (i = 0; i < n; i++) {
		const struct owner *o = &owners[i % n_owners];
		struct shmid_ds ds;
		int id;

		/* never touched, so the segments cost no memory */
		id = shmget(SHM_KEY_BASE + i, (size_t)(i % 8 + 1) * 4096,
			    IPC_CREAT | IPC_EXCL | modes[i % N_MODES]);
		if (id < 0)
			die("shmget #%d", i);
		if (shmctl(id, IPC_STAT, &ds) < 0)
			die("shmctl IPC_STAT %d", id);
		ds.shm_perm.uid = o->uid;
		ds.shm_perm.gid = o->gid;
		if (shmctl(id, IPC_SET, &ds) < 0)
			die("shmctl IPC_SET %d", id);
		last = id;
	}
	return last;
}

static void make_mq(long n)
{
	struct rlimit rl;
	int i;

	raise_limit("/proc/sys/fs/mqueue/queues_max", n);
	/*
	 * The per-user byte limit is charged to the creator; the queues are
	 * kept small, and the soft limit goes up to the hard one in case.
	 */
	if (getrlimit(RLIMIT_MSGQUEUE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_MSGQUEUE, &rl);
	}
	for (i = 0; i < n; i++) {
		const struct owner *o = &owners[i % n_owners];
		struct mq_attr attr = { .mq_maxmsg = 4, .mq_msgsize = 128 };
		char name[NAME_MAX];
		mqd_t q;

		snprintf(name, sizeof(name), "/bench.mq.%04d", i);
		q = mq_open(name, O_RDWR | O_CREAT | O_EXCL, modes[i % N_MODES], &attr);
		if (q == (mqd_t)-1)
			die("mq_open %s", name);
		if (i % 4 == 0 && mq_send(q, "benchmark", 9, 0) < 0)
			die("mq_send %s", name);
		if (fchown(q, o->uid, o->gid) < 0)
			die("fchown %s", name);
		mq_close(q);
	}
}

static void make_pshm(long n)
{
	int i;

	for (i = 0; i < n; i++) {
		const struct owner *o = &owners[i % n_owners];
		char name[NAME_MAX];
		int fd;

		snprintf(name, sizeof(name), "/bench.shm.%05d", i);
		fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, modes[i % N_MODES]);
		if (fd < 0)
			die("shm_open %s", name);
		/* sparse: the size shows, no memory is used */
		if (ftruncate(fd, (off_t)(i % 16 + 1) * 4096) < 0)
			die("ftruncate %s", name);
		if (fchown(fd, o->uid, o->gid) < 0)
			die("fchown %s", name);
		/* shm_open applies the umask; the listed mode should vary as asked */
		if (fchmod(fd, modes[i % N_MODES]) < 0)
			die("fchmod %s", name);
		close(fd);
	}
}

static void usage(FILE *out, int status)
{
	fputs("Usage: mkstate [--reset|--reset-msg] [--msg N] [--sem N] [--shm N] [--mq N] [--pshm N]\n"
	      "               [--owners N] [--hold N] [--quiet]\n"
	      "Creates benchmark IPC objects inside tests/sandbox (refuses to run elsewhere).\n"
	      "  --reset      remove every object of every kind first\n"
	      "  --reset-msg  remove every System V message queue first\n"
	      "  --owners N   spread objects over N owners from the passwd database (default 8)\n"
	      "  --hold N     then hold the first N segments, POSIX shm objects and POSIX\n"
	      "               queues in use: print \"held\" and wait for SIGTERM\n"
	      "Prints the id of the last System V object of each kind created, as\n"
	      "shell assignments (msg_last_id=N ...).\n", out);
	exit(status);
}

/*
 * Keep the first @n segments attached, @n POSIX shm objects mapped and @n
 * POSIX queues open, so that "unused" has exceptions to find. Prints
 * "held" once everything is held, then waits for SIGTERM; it also ends when
 * the process that started it is gone, so it never outlives the script.
 */
static void __attribute__((noreturn)) hold_objects(long n)
{
	pid_t caller = getppid();
	long i;

	for (i = 0; i < n; i++) {
		int id = shmget(SHM_KEY_BASE + (int)i, 0, 0);

		if (id < 0 || shmat(id, NULL, SHM_RDONLY) == (void *)-1)
			die("hold: segment with key 0x%x", SHM_KEY_BASE + (int)i);
	}
	for (i = 0; i < n; i++) {
		char name[NAME_MAX];
		void *p;
		int fd;

		snprintf(name, sizeof(name), "/bench.shm.%05ld", i);
		fd = shm_open(name, O_RDONLY, 0);
		if (fd < 0)
			die("hold: shm_open %s", name);
		p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
		if (p == MAP_FAILED)
			die("hold: mmap %s", name);
		close(fd);
	}
	for (i = 0; i < n; i++) {
		char name[NAME_MAX];

		snprintf(name, sizeof(name), "/bench.mq.%04ld", i);
		if (mq_open(name, O_RDONLY) == (mqd_t)-1)
			die("hold: mq_open %s", name);
	}
	printf("held\n");
	if (fflush(stdout) == EOF)
		die("write error");
	while (getppid() == caller)
		sleep(1);
	exit(0);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "reset", no_argument, NULL, 'r' },
		{ "reset-msg", no_argument, NULL, 'R' },
		{ "msg", required_argument, NULL, 'q' },
		{ "sem", required_argument, NULL, 's' },
		{ "shm", required_argument, NULL, 'm' },
		{ "mq", required_argument, NULL, 'Q' },
		{ "pshm", required_argument, NULL, 'M' },
		{ "owners", required_argument, NULL, 'o' },
		{ "hold", required_argument, NULL, 'H' },
		{ "quiet", no_argument, NULL, 'x' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	long n_msg = 0, n_sem = 0, n_shm = 0, n_mq = 0, n_pshm = 0, want_owners = 8, n_hold = 0;
	int reset = 0, reset_msg = 0, c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'r': reset = 1; break;
		case 'R': reset_msg = 1; break;
		case 'q': n_msg = number(optarg, 32768); break;
		case 's': n_sem = number(optarg, 32768); break;
		case 'm': n_shm = number(optarg, 32768); break;
		case 'Q': n_mq = number(optarg, 65536); break;
		case 'M': n_pshm = number(optarg, 1000000); break;
		case 'o': want_owners = number(optarg, MAX_OWNERS); break;
		case 'H': n_hold = number(optarg, 1000000); break;
		case 'x': quiet = 1; break;
		case 'h': usage(stdout, 0); break;
		default: usage(stderr, 2);
		}
	}
	if (optind != argc)
		usage(stderr, 2);

	require_sandbox();
	pick_owners((int)want_owners);
	umask(0);

	if (reset || reset_msg)
		reset_sysv('q');
	if (reset) {
		reset_sysv('s');
		reset_sysv('m');
		reset_dir("/dev/mqueue");
		reset_dir("/dev/shm");
	}
	if (n_msg)
		printf("msg_last_id=%d\n", make_msg(n_msg));
	if (n_sem)
		printf("sem_last_id=%d\n", make_sem(n_sem));
	if (n_shm)
		printf("shm_last_id=%d\n", make_shm(n_shm));
	if (n_mq)
		make_mq(n_mq);
	if (n_pshm)
		make_pshm(n_pshm);
	if (fflush(stdout) == EOF)
		die("write error");
	if (n_hold)
		hold_objects(n_hold);
	return 0;
}
