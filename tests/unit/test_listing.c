/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the parser of a sosreport's "ls -lanR /dev" text (lib/listing.c). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ipc.h"
#include "listing.h"

/* 2026-12-01 23:16:00 UTC (TZ=UTC in the unit tests' environment) */
#define NOW	1796166960

static struct ipc_listing_entry parse_ok(const char *line, int64_t now)
{
	struct ipc_listing_entry e;

	assert_int_equal(ipc_listing_parse_line(line, strlen(line), now, &e), 0);
	return e;
}

static void parse_bad(const char *line)
{
	struct ipc_listing_entry e;

	assert_int_equal(ipc_listing_parse_line(line, strlen(line), NOW, &e), -EINVAL);
}

static void lines(void **state)
{
	struct ipc_listing_entry e;

	e = parse_ok("-rw------- 1 0 0  100 Dec  1 23:15 ps", NOW);
	assert_int_equal(e.type, '-');
	assert_int_equal(e.mode, 0600);
	assert_int_equal(e.uid, 0);
	assert_int_equal(e.gid, 0);
	assert_int_equal(e.size, 100);
	assert_int_equal(e.mtime, NOW - 60);
	assert_int_equal(e.namelen, 2);
	assert_memory_equal(e.name, "ps", 2);

	/* a year instead of a time; a name with blanks, kept whole */
	e = parse_ok("-rw-r--r-- 1 1000 1001 5 Jan  2  2020 old  name ", NOW);
	assert_int_equal(e.uid, 1000);
	assert_int_equal(e.gid, 1001);
	assert_int_equal(e.mtime, 1577923200);
	assert_int_equal(e.namelen, 10);
	assert_memory_equal(e.name, "old  name ", 10);

	/* a time without a year more than a day after the listing: last year's */
	e = parse_ok("-rw------- 1 0 0 1 Dec 31 23:00 x", 1767226200 /* 2026-01-01 00:10 */);
	assert_int_equal(e.mtime, 1767222000 /* 2025-12-31 23:00 */);

	/* ls -alZR of later sos: the security context before the size */
	e = parse_ok("-rw-------. 1 0 0 system_u:object_r:tmpfs_t:s0 4096 Dec  1 23:15 sem.s",
		     NOW);
	assert_int_equal(e.size, 4096);
	assert_memory_equal(e.name, "sem.s", 5);

	/* special bits, other types */
	e = parse_ok("drwxrwxrwt 2 0 0 60 Dec  1 23:15 .", NOW);
	assert_int_equal(e.type, 'd');
	assert_int_equal(e.mode, 01777);
	e = parse_ok("-rwsr-Sr-x 1 0 0 1 Dec  1 23:15 s", NOW);
	assert_int_equal(e.mode, 06745);
	e = parse_ok("lrwxrwxrwx 1 0 0 2 Dec  1 23:15 l -> ps", NOW);
	assert_int_equal(e.type, 'l');
	e = parse_ok("-rw-------+ 1 4294967295 0 18446744073709551615 Feb 29  2024 big", NOW);
	assert_int_equal(e.uid, 4294967295u);
	assert_true(e.size == UINT64_MAX);

	/* what is not an object line */
	parse_bad("");
	parse_bad("total 4");
	parse_bad("/dev/shm:");
	parse_bad("crw-rw-rw- 1 0 0 1, 3 Dec  1 06:18 null");
	parse_bad("-rw------- 1 root root 100 Dec  1 23:15 named-owner");
	parse_bad("-rw------- 1 0 0 100 Foo  1 23:15 x");
	parse_bad("-rw------- 1 0 0 100 Dec 32 23:15 x");
	parse_bad("-rw------- 1 0 0 100 Dec  1 24:00 x");
	parse_bad("-rw------- 1 0 0 100 Feb 30  2023 x");
	parse_bad("-rw------- 1 0 0 100 Dec  1 23:15");
	parse_bad("-rw------- 1 0 0 100 Dec  1 23:15 ");
	parse_bad("-rw-------x 1 0 0 100 Dec  1 23:15 x");
	parse_bad("-rw-rw-rws 1 0 0 100 Dec  1 23:15 x");
	parse_bad("-rw-----t- 1 0 0 100 Dec  1 23:15 x");
	parse_bad("?rw------- 1 0 0 100 Dec  1 23:15 x");
	parse_bad("-rw------- 1 0 0 -5 Dec  1 23:15 x");
	parse_bad("-rw------- 1 0 0 100 Dec  1 1969 x");
}

struct seen {
	char names[8][32];
	size_t n;
};

static int collect(const struct ipc_listing_entry *e, void *data)
{
	struct seen *s = data;

	assert_true(s->n < 8 && e->namelen < 32);
	memcpy(s->names[s->n], e->name, e->namelen);
	s->names[s->n++][e->namelen] = '\0';
	return 0;
}

static int stop_at_first(const struct ipc_listing_entry *e, void *data)
{
	return 7;
}

static void sections(void **state)
{
	const char *text =
		"/dev:\n"
		"total 0\n"
		"-rw------- 1 0 0 1 Dec  1 23:15 notshm\n"
		"\n"
		"/dev/shm:\n"
		"total 8\n"
		"drwxrwxrwt 2 0 0 80 Dec  1 23:15 .\n"
		"-rw------- 1 0 0 100 Dec  1 23:15 ps\n"
		"garbage line\n"
		"-rw------- 1 0 0 32 Dec  1 23:15 sem.sm\n"
		"\n"
		"/dev/shm/sub:\n"
		"-rw------- 1 0 0 1 Dec  1 23:15 deeper\n"
		"\n"
		"/dev/mqueue:\n"
		"-rw------- 1 0 0 80 Dec  1 23:15 mq";
	struct seen s = { 0 };

	assert_int_equal(ipc_listing_section(text, "/dev/shm", NOW, collect, &s), 0);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.names[0], ".");
	assert_string_equal(s.names[1], "ps");
	assert_string_equal(s.names[2], "sem.sm");
	memset(&s, 0, sizeof(s));
	assert_int_equal(ipc_listing_section(text, "/dev/mqueue", NOW, collect, &s), 0);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.names[0], "mq");
	assert_int_equal(ipc_listing_section(text, "/dev/hugepages", NOW, collect, &s), -ENOENT);
	assert_int_equal(ipc_listing_section(text, "/dev/shm", NOW, stop_at_first, NULL), 7);
	assert_int_equal(ipc_listing_section("", "/dev/shm", NOW, collect, &s), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lines),
		cmocka_unit_test(sections),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
