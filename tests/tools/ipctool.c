/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Test helper: builds IPC state for the CLI tests. Refuses to run outside tests/sandbox. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/futex.h>

static void die(const char *what)
{
	fprintf(stderr, "ipctool: %s: %s\n", what, strerror(errno));
	exit(1);
}

static long num(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 0);
	if (errno || end == s || *end) {
		fprintf(stderr, "ipctool: bad number '%s'\n", s);
		exit(2);
	}
	return v;
}

static void unlink_all(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			if (unlinkat(dirfd(d), e->d_name, 0) < 0)
				unlinkat(dirfd(d), e->d_name, AT_REMOVEDIR);
	closedir(d);
}

/* tell the test we hold what it asked for, then wait until it closes our stdin */
static void wait_eof(void)
{
	char c;

	puts("ready");
	fflush(stdout);
	while (read(0, &c, 1) > 0)
		;
}

static void reset_sysv(const char *file, int kind)
{
	FILE *f = fopen(file, "r");
	char line[512];
	int first = 1;

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		long key, id;

		if (first) {
			first = 0;
			continue;
		}
		if (sscanf(line, "%ld %ld", &key, &id) != 2)
			continue;
		if (kind == 'm')
			shmctl(id, IPC_RMID, NULL);
		else if (kind == 'q')
			msgctl(id, IPC_RMID, NULL);
		else
			semctl(id, 0, IPC_RMID);
	}
	fclose(f);
}

static void set_owner(int kind, int id, int argc, char **argv, int at)
{
	if (argc <= at + 1)
		return;
	uid_t uid = num(argv[at]);
	gid_t gid = num(argv[at + 1]);
	if (kind == 'm') {
		struct shmid_ds ds;
		if (shmctl(id, IPC_STAT, &ds) < 0)
			die("shmctl");
		ds.shm_perm.uid = uid;
		ds.shm_perm.gid = gid;
		if (shmctl(id, IPC_SET, &ds) < 0)
			die("shmctl IPC_SET");
	} else if (kind == 'q') {
		struct msqid_ds ds;
		if (msgctl(id, IPC_STAT, &ds) < 0)
			die("msgctl");
		ds.msg_perm.uid = uid;
		ds.msg_perm.gid = gid;
		if (msgctl(id, IPC_SET, &ds) < 0)
			die("msgctl IPC_SET");
	} else {
		struct semid_ds ds;
		if (semctl(id, 0, IPC_STAT, &ds) < 0)
			die("semctl");
		ds.sem_perm.uid = uid;
		ds.sem_perm.gid = gid;
		if (semctl(id, 0, IPC_SET, &ds) < 0)
			die("semctl IPC_SET");
	}
}

/* hold-mix: a second thread, blocked in msgrcv on the queue *arg */
static void *msgrcv_thread(void *arg)
{
	struct { long mtype; char text[64]; } m;

	if (msgrcv(*(long *)arg, &m, sizeof(m.text), 0, MSG_NOERROR) < 0)
		die("msgrcv");
	return NULL;
}

/* the thread that goes on holding after main() called pthread_exit() */
static void *waiter_thread(void *arg)
{
	wait_eof();
	exit(0);
}

static void notify_thread(union sigval v)
{
	(void)v;
}

static void usage(void)
{
	fputs("usage: ipctool COMMAND ...\n"
	      "  reset                               remove every object in the sandbox\n"
	      "  msg KEY MODE [UID GID]              create a queue, print its id\n"
	      "  msgsnd ID BYTES [COUNT]             queue COUNT messages of BYTES\n"
	      "  shm KEY SIZE MODE [UID GID]         create a segment, print its id\n"
	      "  shmlock ID | shmrm ID               SHM_LOCK / IPC_RMID\n"
	      "  sem KEY NSEMS MODE [UID GID]        create a set, print its id\n"
	      "  semset ID NUM VALUE                 SETVAL\n"
	      "  semop ID NUM OP                     one non-blocking semop (sets otime, pid)\n"
	      "  semwait ID NUM OP                   print 'ready', then block in semop\n"
	      "  msgrcv ID [COUNT]                   receive COUNT messages (non-blocking)\n"
	      "  hold-shm ID...                      attach, print 'ready', wait for stdin EOF\n"
	      "  hold-pshm NAME...                   map POSIX shm (fd closed), 'ready', wait\n"
	      "  hold-pmq NAME...                    open POSIX queues, 'ready', wait\n"
	      "  hold-leaderless PSHM PMQ            map PSHM, open PMQ, then main() calls\n"
	      "                                      pthread_exit(); a thread says 'ready', waits\n"
	      "  hold-psem NAME...                   sem_open, 'ready', wait\n"
	      "  hold-anon                           memfd + shared anonymous map, 'ready', wait\n"
	      "  hold-semop ID NUM OP                semop (its pid stays the last one), 'ready', wait\n"
	      "  hold-msgsnd ID BYTES                msgsnd (stays the last sender), 'ready', wait\n"
	      "  hold-shm-fork ID...                 attach, fork (the child holds them too),\n"
	      "                                      print 'child PID', 'ready', wait\n"
	      "  msgrcv-wait ID | msgsnd-wait ID BYTES   'ready', then block in msgrcv/msgsnd\n"
	      "  pmq-wait NAME recv|send             'ready', then block in mq_receive/mq_send\n"
	      "  psem-wait NAME                      'ready', then block in sem_wait\n"
	      "  futex-wait shm ID | pshm NAME       map it, 'ready', block on a futex in it\n"
	      "  hold-mix SHMID MSGID SEMID NAME     attach SHMID, map/open/sem_open the POSIX\n"
	      "                                      objects NAME, 'ready', then one thread\n"
	      "                                      blocks in msgrcv, the main one in semop\n"
	      "  pshm NAME SIZE MODE                 POSIX shm object\n"
	      "  pmq NAME MODE [MAXMSG MSGSIZE]      POSIX queue\n"
	      "  pmqsend NAME BYTES [COUNT]          send to a POSIX queue\n"
	      "  psem NAME MODE VALUE                POSIX semaphore\n"
	      "  hold-notify NAME signal|thread|none [SIGNO]\n"
	      "                                      mq_notify on queue NAME, 'ready', wait\n"
	      "  set-mtime PATH SECONDS              utimensat: atime and mtime to SECONDS\n", stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	const char *cmd;

	if (!getenv("IPCBOX_SANDBOX") || strcmp(getenv("IPCBOX_SANDBOX"), "1")) {
		fputs("ipctool: refusing to run outside tests/sandbox\n", stderr);
		return 2;
	}
	if (argc < 2)
		usage();
	cmd = argv[1];
	umask(0);

	if (!strcmp(cmd, "reset")) {
		reset_sysv("/proc/sysvipc/shm", 'm');
		reset_sysv("/proc/sysvipc/msg", 'q');
		reset_sysv("/proc/sysvipc/sem", 's');
		unlink_all("/dev/shm");
		unlink_all("/dev/mqueue");
	} else if (!strcmp(cmd, "msg") && argc >= 4) {
		int id = msgget((key_t)num(argv[2]), IPC_CREAT | IPC_EXCL | (int)num(argv[3]));
		if (id < 0)
			die("msgget");
		set_owner('q', id, argc, argv, 4);
		printf("%d\n", id);
	} else if (!strcmp(cmd, "msgsnd") && argc >= 4) {
		long n = num(argv[3]), count = argc > 4 ? num(argv[4]) : 1;
		struct { long mtype; char text[65536]; } *m = calloc(1, sizeof(*m));
		m->mtype = 1;
		for (long i = 0; i < count; i++)
			if (msgsnd(num(argv[2]), m, n, IPC_NOWAIT) < 0)
				die("msgsnd");
		free(m);
	} else if (!strcmp(cmd, "shm") && argc >= 5) {
		int id = shmget((key_t)num(argv[2]), num(argv[3]),
				IPC_CREAT | IPC_EXCL | (int)num(argv[4]));
		if (id < 0)
			die("shmget");
		set_owner('m', id, argc, argv, 5);
		printf("%d\n", id);
	} else if (!strcmp(cmd, "shmlock") && argc == 3) {
		if (shmctl(num(argv[2]), SHM_LOCK, NULL) < 0)
			die("shmctl SHM_LOCK");
	} else if (!strcmp(cmd, "shmrm") && argc == 3) {
		if (shmctl(num(argv[2]), IPC_RMID, NULL) < 0)
			die("shmctl IPC_RMID");
	} else if (!strcmp(cmd, "sem") && argc >= 5) {
		int id = semget((key_t)num(argv[2]), num(argv[3]),
				IPC_CREAT | IPC_EXCL | (int)num(argv[4]));
		if (id < 0)
			die("semget");
		set_owner('s', id, argc, argv, 5);
		printf("%d\n", id);
	} else if (!strcmp(cmd, "semset") && argc == 5) {
		if (semctl(num(argv[2]), num(argv[3]), SETVAL, (int)num(argv[4])) < 0)
			die("semctl SETVAL");
	} else if ((!strcmp(cmd, "semop") || !strcmp(cmd, "semwait")) && argc == 5) {
		struct sembuf op = {
			.sem_num = (unsigned short)num(argv[3]),
			.sem_op = (short)num(argv[4]),
			.sem_flg = !strcmp(cmd, "semop") ? IPC_NOWAIT : 0,
		};
		if (!strcmp(cmd, "semwait")) {
			/* the caller polls the set's ncount/zcount to know we wait */
			puts("ready");
			fflush(stdout);
		}
		if (semop(num(argv[2]), &op, 1) < 0)
			die("semop");
	} else if (!strcmp(cmd, "msgrcv") && argc >= 3) {
		long count = argc > 3 ? num(argv[3]) : 1;
		struct { long mtype; char text[65536]; } *m = calloc(1, sizeof(*m));
		for (long i = 0; i < count; i++)
			if (msgrcv(num(argv[2]), m, sizeof(m->text), 0, IPC_NOWAIT | MSG_NOERROR) < 0)
				die("msgrcv");
		free(m);
	} else if (!strcmp(cmd, "hold-shm") && argc >= 3) {
		char c;
		for (int i = 2; i < argc; i++)
			if (shmat(num(argv[i]), NULL, SHM_RDONLY) == (void *)-1)
				die("shmat");
		puts("ready");
		fflush(stdout);
		while (read(0, &c, 1) > 0)
			;
	} else if (!strcmp(cmd, "hold-pshm") && argc >= 3) {
		for (int i = 2; i < argc; i++) {
			int fd = shm_open(argv[i], O_RDONLY, 0);
			struct stat st;

			if (fd < 0)
				die("shm_open");
			if (fstat(fd, &st) < 0)
				die("fstat");
			if (mmap(NULL, st.st_size ? st.st_size : 1, PROT_READ, MAP_SHARED, fd, 0)
			    == MAP_FAILED)
				die("mmap");
			close(fd);
		}
		wait_eof();
	} else if (!strcmp(cmd, "hold-leaderless") && argc == 4) {
		pthread_t t;
		int fd = shm_open(argv[2], O_RDONLY, 0);

		if (fd < 0 || mmap(NULL, 1, PROT_READ, MAP_SHARED, fd, 0) == MAP_FAILED)
			die("shm_open/mmap");
		close(fd);
		if (mq_open(argv[3], O_RDONLY) == (mqd_t)-1)
			die("mq_open");
		if (pthread_create(&t, NULL, waiter_thread, NULL) != 0)
			die("pthread_create");
		pthread_exit(NULL);
	} else if (!strcmp(cmd, "hold-pmq") && argc >= 3) {
		for (int i = 2; i < argc; i++)
			if (mq_open(argv[i], O_RDONLY) == (mqd_t)-1)
				die("mq_open");
		wait_eof();
	} else if (!strcmp(cmd, "hold-psem") && argc >= 3) {
		for (int i = 2; i < argc; i++)
			if (sem_open(argv[i], 0) == SEM_FAILED)
				die("sem_open");
		wait_eof();
	} else if (!strcmp(cmd, "hold-semop") && argc == 5) {
		struct sembuf op = {
			.sem_num = (unsigned short)num(argv[3]),
			.sem_op = (short)num(argv[4]),
			.sem_flg = IPC_NOWAIT,
		};

		if (semop(num(argv[2]), &op, 1) < 0)
			die("semop");
		wait_eof();
	} else if (!strcmp(cmd, "hold-msgsnd") && argc == 4) {
		struct { long mtype; char text[8192]; } *m = calloc(1, sizeof(*m));
		long n = num(argv[3]);

		if (!m || n < 0 || n > (long)sizeof(m->text))
			die("hold-msgsnd");
		m->mtype = 1;
		if (msgsnd(num(argv[2]), m, n, IPC_NOWAIT) < 0)
			die("msgsnd");
		free(m);
		wait_eof();
	} else if (!strcmp(cmd, "hold-anon") && argc == 2) {
		int fd = memfd_create("ipctool", 0);

		if (fd < 0 || ftruncate(fd, 4096) < 0)
			die("memfd_create");
		if (mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0) == MAP_FAILED)
			die("mmap memfd");
		if (mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0)
		    == MAP_FAILED)
			die("mmap anonymous");
		wait_eof();
	} else if (!strcmp(cmd, "hold-shm-fork") && argc >= 3) {
		pid_t child;

		for (int i = 2; i < argc; i++)
			if (shmat(num(argv[i]), NULL, SHM_RDONLY) == (void *)-1)
				die("shmat");
		fflush(stdout);
		child = fork();
		if (child < 0)
			die("fork");
		if (child == 0) {
			/* the inherited attachments; leave when stdin closes or
			 * the parent is killed */
			char c;

			prctl(PR_SET_PDEATHSIG, SIGTERM);
			if (getppid() == 1)
				_exit(0);
			while (read(0, &c, 1) > 0)
				;
			_exit(0);
		}
		printf("child %d\n", (int)child);
		wait_eof();
		kill(child, SIGTERM);
	} else if (!strcmp(cmd, "msgrcv-wait") && argc == 3) {
		struct { long mtype; char text[64]; } m;

		puts("ready");
		fflush(stdout);
		if (msgrcv(num(argv[2]), &m, sizeof(m.text), 0, MSG_NOERROR) < 0)
			die("msgrcv");
	} else if (!strcmp(cmd, "msgsnd-wait") && argc == 4) {
		struct { long mtype; char text[8192]; } *m = calloc(1, sizeof(*m));
		long n = num(argv[3]);

		if (!m || n < 0 || n > (long)sizeof(m->text))
			die("msgsnd-wait");
		m->mtype = 1;
		puts("ready");
		fflush(stdout);
		/* blocks while the queue is full */
		if (msgsnd(num(argv[2]), m, n, 0) < 0)
			die("msgsnd");
		free(m);
	} else if (!strcmp(cmd, "pmq-wait") && argc == 4) {
		int recv = !strcmp(argv[3], "recv");
		mqd_t q = mq_open(argv[2], recv ? O_RDONLY : O_WRONLY);
		struct mq_attr a;
		char *buf = NULL;

		if (q == (mqd_t)-1)
			die("mq_open");
		if (mq_getattr(q, &a) < 0 || !(buf = calloc(1, a.mq_msgsize + 1)))
			die("mq_getattr");
		puts("ready");
		fflush(stdout);
		if (recv ? mq_receive(q, buf, a.mq_msgsize, NULL) < 0
			 : mq_send(q, buf, a.mq_msgsize, 0) < 0)
			die(recv ? "mq_receive" : "mq_send");
		free(buf);
	} else if (!strcmp(cmd, "psem-wait") && argc == 3) {
		sem_t *sem = sem_open(argv[2], 0);

		if (sem == SEM_FAILED)
			die("sem_open");
		puts("ready");
		fflush(stdout);
		if (sem_wait(sem) < 0)
			die("sem_wait");
	} else if (!strcmp(cmd, "futex-wait") && argc == 4) {
		int *word;

		if (!strcmp(argv[2], "shm")) {
			word = shmat(num(argv[3]), NULL, 0);
			if (word == (void *)-1)
				die("shmat");
		} else {
			int fd = shm_open(argv[3], O_RDWR, 0);

			if (fd < 0)
				die("shm_open");
			word = mmap(NULL, sizeof(*word), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
			if (word == MAP_FAILED)
				die("mmap");
			close(fd);
		}
		puts("ready");
		fflush(stdout);
		/* a shared futex, as a process-shared mutex or semaphore uses;
		 * sleeps while the word holds its value */
		while (syscall(SYS_futex, word, FUTEX_WAIT, *word, NULL, NULL, 0) < 0 &&
		       errno == EINTR)
			;
	} else if (!strcmp(cmd, "hold-mix") && argc == 6) {
		static long msqid;
		struct sembuf op = { .sem_num = 0, .sem_op = -1 };
		int fd = shm_open(argv[5], O_RDONLY, 0);
		pthread_t t;

		if (shmat(num(argv[2]), NULL, SHM_RDONLY) == (void *)-1)
			die("shmat");
		if (fd < 0 || mmap(NULL, 1, PROT_READ, MAP_SHARED, fd, 0) == MAP_FAILED)
			die("shm_open/mmap");
		close(fd);
		if (mq_open(argv[5], O_RDONLY) == (mqd_t)-1)
			die("mq_open");
		if (sem_open(argv[5], 0) == SEM_FAILED)
			die("sem_open");
		msqid = num(argv[3]);
		if (pthread_create(&t, NULL, msgrcv_thread, &msqid) != 0)
			die("pthread_create");
		puts("ready");
		fflush(stdout);
		if (semop(num(argv[4]), &op, 1) < 0)
			die("semop");
	} else if (!strcmp(cmd, "pshm") && argc == 5) {
		int fd = shm_open(argv[2], O_RDWR | O_CREAT | O_EXCL, num(argv[4]));
		if (fd < 0)
			die("shm_open");
		if (ftruncate(fd, num(argv[3])) < 0)
			die("ftruncate");
		close(fd);
	} else if (!strcmp(cmd, "pmq") && argc >= 4) {
		struct mq_attr a = { 0 }, *ap = NULL;
		if (argc >= 6) {
			a.mq_maxmsg = num(argv[4]);
			a.mq_msgsize = num(argv[5]);
			ap = &a;
		}
		mqd_t q = mq_open(argv[2], O_RDWR | O_CREAT | O_EXCL, num(argv[3]), ap);
		if (q == (mqd_t)-1)
			die("mq_open");
		mq_close(q);
	} else if (!strcmp(cmd, "pmqsend") && argc >= 4) {
		long n = num(argv[3]), count = argc > 4 ? num(argv[4]) : 1;
		char *buf = calloc(1, n + 1);
		mqd_t q = mq_open(argv[2], O_WRONLY | O_NONBLOCK);
		if (q == (mqd_t)-1)
			die("mq_open");
		for (long i = 0; i < count; i++)
			if (mq_send(q, buf, n, 0) < 0)
				die("mq_send");
		mq_close(q);
		free(buf);
	} else if (!strcmp(cmd, "hold-notify") && (argc == 4 || argc == 5)) {
		struct sigevent ev = { .sigev_notify = SIGEV_NONE };
		mqd_t q = mq_open(argv[2], O_RDONLY);

		if (q == (mqd_t)-1)
			die("mq_open");
		if (!strcmp(argv[3], "signal")) {
			ev.sigev_notify = SIGEV_SIGNAL;
			ev.sigev_signo = argc == 5 ? (int)num(argv[4]) : SIGUSR1;
			/* the signal must not end us when a message comes */
			signal(ev.sigev_signo, SIG_IGN);
		} else if (!strcmp(argv[3], "thread")) {
			ev.sigev_notify = SIGEV_THREAD;
			ev.sigev_notify_function = notify_thread;
		} else if (strcmp(argv[3], "none")) {
			usage();
		}
		if (mq_notify(q, &ev) < 0)
			die("mq_notify");
		wait_eof();
	} else if (!strcmp(cmd, "set-mtime") && argc == 4) {
		/* any 64-bit time: touch -d and Python cannot give the extremes */
		struct timespec ts[2] = { { .tv_sec = num(argv[3]) }, { .tv_sec = num(argv[3]) } };

		if (utimensat(AT_FDCWD, argv[2], ts, AT_SYMLINK_NOFOLLOW) < 0)
			die("utimensat");
	} else if (!strcmp(cmd, "psem") && argc == 5) {
		sem_t *s = sem_open(argv[2], O_CREAT | O_EXCL, num(argv[3]), num(argv[4]));
		if (s == SEM_FAILED)
			die("sem_open");
		sem_close(s);
	} else {
		usage();
	}
	return 0;
}
