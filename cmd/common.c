/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Helpers every applet shares: messages, exit codes, stdout errors, popt glue. */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "cmd/common.h"
#include "format.h"
#include "ipc.h"

/* How many escaped strings stay alive: enough for every argument of one message. */
#define MSG_STR_SLOTS	8

const char *msg_str(const char *s)
{
	/* kept in a static so they stay reachable while err() exits (no leak
	 * report under the sanitizers); the oldest is freed for the next */
	static char *slot[MSG_STR_SLOTS];
	static unsigned int next;
	char *e;

	if (!s)
		return "(null)";
	if (str_is_terminal_safe(s))
		return s;
	e = str_escape_terminal(s);
	if (!e)
		err(EXIT_FAILURE, "cannot allocate memory");
	free(slot[next]);
	slot[next] = e;
	next = (next + 1) % MSG_STR_SLOTS;
	return e;
}

void errx_usage(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", program_invocation_short_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help' for more information.\n",
		program_invocation_short_name);
	exit(EXIT_FAILURE);
}

void popt_fail(poptContext con, int rc)
{
	const char *opt = poptBadOption(con, POPT_BADOPTION_NOALIAS);
	bool is_long = strncmp(opt, "--", 2) == 0;
	char shortname[2] = { opt[0] == '-' && opt[1] ? opt[1] : '?', '\0' };

	/* the wording of getopt(3), which util-linux users and scripts know */
	switch (rc) {
	case POPT_ERROR_BADOPT:
		if (is_long)
			errx_usage("unrecognized option '%s'", msg_str(opt));
		if (strlen(opt) > 2)	/* popt does not say which letter of a cluster */
			errx_usage("invalid option in '%s'", msg_str(opt));
		errx_usage("invalid option -- '%s'", msg_str(shortname));
	case POPT_ERROR_NOARG:
		if (is_long)
			errx_usage("option '%s' requires an argument", msg_str(opt));
		errx_usage("option requires an argument -- '%s'", msg_str(shortname));
	default:
		errx_usage("%s: %s", msg_str(opt), poptStrerror(rc));
	}
}

/* A growing NULL-terminated array of malloc'd strings. */
struct strv {
	char **v;
	size_t n, cap;
};

static void strv_push(struct strv *w, char *s)
{
	if (!s)
		err(EXIT_FAILURE, "cannot allocate memory");
	if (w->n + 2 > w->cap) {
		size_t cap = w->cap ? 2 * w->cap : 16;
		char **v = reallocarray(w->v, cap, sizeof(*v));

		if (!v)
			err(EXIT_FAILURE, "cannot allocate memory");
		w->v = v;
		w->cap = cap;
	}
	w->v[w->n++] = s;
	w->v[w->n] = NULL;
}

static void strv_pushf(struct strv *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void strv_pushf(struct strv *w, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&s, fmt, ap);
	va_end(ap);
	strv_push(w, r < 0 ? NULL : s);
}

void strv_free(char **v)
{
	if (!v)
		return;
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}

/* The options of a popt table and its included tables, flattened. */
struct optset {
	const struct poptOption *v[128];
	size_t n;
	const char *const *ours;
};

enum arg_need { NEED_NONE, NEED_REQUIRED, NEED_OPTIONAL };

static void optset_add(struct optset *s, const struct poptOption *t)
{
	for (; t->longName || t->shortName || t->arg; t++) {
		unsigned int type = t->argInfo & POPT_ARG_MASK;

		if (type == POPT_ARG_INCLUDE_TABLE) {
			optset_add(s, t->arg);
			continue;
		}
		if (type == POPT_ARG_CALLBACK || type == POPT_ARG_INTL_DOMAIN)
			continue;
		if (s->n == sizeof(s->v) / sizeof(s->v[0]))
			errx(EXIT_FAILURE, "too many options in the option table");
		s->v[s->n++] = t;
	}
}

static enum arg_need arg_need(const struct poptOption *o)
{
	unsigned int type = o->argInfo & POPT_ARG_MASK;

	if (type == POPT_ARG_NONE || type == POPT_ARG_VAL)
		return NEED_NONE;
	return o->argInfo & POPT_ARGFLAG_OPTIONAL ? NEED_OPTIONAL : NEED_REQUIRED;
}

static bool optset_is_ours(const struct optset *s, const char *name)
{
	for (const char *const *p = s->ours; p && *p; p++)
		if (strcmp(*p, name) == 0)
			return true;
	return false;
}

static const struct poptOption *optset_short(const struct optset *s, char c)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i]->shortName == c)
			return s->v[i];
	return NULL;
}

/* "--help" and "--version" act at once; getopt never sees what follows. */
static bool acts_at_once(const struct poptOption *o)
{
	return o->longName && (!strcmp(o->longName, "help") || !strcmp(o->longName, "version"));
}

/*
 * The option that "--WORD" means (len bytes of WORD, arg is the whole
 * word for messages), or NULL. An exact name wins, then a unique prefix of
 * util-linux's names, then a unique prefix of all; several candidates that
 * differ are getopt's "ambiguous" error.
 */
static const struct poptOption *optset_long(const struct optset *s, const char *arg,
					    const char *word, size_t len)
{
	for (size_t i = 0; i < s->n; i++) {
		const char *name = s->v[i]->longName;

		if (name && strlen(name) == len && !strncmp(name, word, len))
			return s->v[i];
	}
	for (int pass = 0; pass < 2; pass++) {
		const struct poptOption *found = NULL;
		bool ambiguous = false;

		for (size_t i = 0; i < s->n; i++) {
			const struct poptOption *o = s->v[i];

			if (!o->longName || strncmp(o->longName, word, len))
				continue;
			if (pass == 0 && optset_is_ours(s, o->longName))
				continue;
			if (!found)
				found = o;
			else if (o->val != found->val || o->arg != found->arg ||
				 arg_need(o) != arg_need(found))
				ambiguous = true;
		}
		if (ambiguous) {
			const char *e = msg_str(arg);
			struct strv names = { 0 };
			size_t total = 1;
			char *list;

			for (size_t i = 0; i < s->n; i++) {
				const struct poptOption *o = s->v[i];

				if (!o->longName || strncmp(o->longName, word, len) ||
				    (pass == 0 && optset_is_ours(s, o->longName)))
					continue;
				strv_pushf(&names, " '--%s'", o->longName);
				total += strlen(names.v[names.n - 1]);
			}
			list = calloc(1, total);
			if (!list)
				err(EXIT_FAILURE, "cannot allocate memory");
			for (size_t i = 0; i < names.n; i++)
				strcat(list, names.v[i]);
			errx_usage("option '%s' is ambiguous; possibilities:%s", e, list);
		}
		if (found)
			return found;
	}
	return NULL;
}

char **getopt_check(int argc, char **argv, const struct poptOption *options,
		    const char *const *ours, int *ret_argc)
{
	struct optset s = { .ours = ours };
	struct strv out = { 0 }, operands = { 0 };
	bool posixly = getenv("POSIXLY_CORRECT") != NULL;
	int i;

	optset_add(&s, options);
	strv_push(&out, strdup(argc > 0 ? argv[0] : ""));
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const struct poptOption *o;

		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (a[0] != '-' || a[1] == '\0') {
			if (posixly)
				break;
			strv_push(&operands, strdup(a));
			continue;
		}
		if (a[1] == '-') {
			const char *word = a + 2, *eq = strchr(word, '=');
			size_t len = eq ? (size_t)(eq - word) : strlen(word);

			o = optset_long(&s, a, word, len);
			if (!o)
				errx_usage("unrecognized option '%s'", msg_str(a));
			switch (arg_need(o)) {
			case NEED_NONE:
				if (eq)
					errx_usage("option '--%s' doesn't allow an argument",
						   o->longName);
				strv_pushf(&out, "--%s", o->longName);
				break;
			case NEED_OPTIONAL:
				if (eq)
					strv_pushf(&out, "--%s=%s", o->longName, eq + 1);
				else
					strv_pushf(&out, "--%s", o->longName);
				break;
			case NEED_REQUIRED:
				if (!eq && i + 1 >= argc)
					errx_usage("option '--%s' requires an argument",
						   o->longName);
				strv_pushf(&out, "--%s", o->longName);
				strv_push(&out, strdup(eq ? eq + 1 : argv[++i]));
				break;
			}
			if (acts_at_once(o)) {
				i++;
				goto rest;
			}
			continue;
		}
		/* a cluster of short options, "-mi 5", "-mi5", "-vashm" */
		for (const char *c = a + 1; *c; c++) {
			o = optset_short(&s, *c);
			if (!o) {
				char one[2] = { *c, '\0' };

				errx_usage("invalid option -- '%s'", msg_str(one));
			}
			if (arg_need(o) == NEED_NONE) {
				strv_pushf(&out, "-%c", *c);
				if (acts_at_once(o)) {
					i++;
					goto rest;
				}
				continue;
			}
			if (arg_need(o) == NEED_OPTIONAL) {
				/* only an attached argument; popt would take the next word */
				if (c[1] && o->longName)
					strv_pushf(&out, "--%s=%s", o->longName, c + 1);
				else
					strv_pushf(&out, "-%s", c);
				break;
			}
			if (!c[1] && i + 1 >= argc)
				errx_usage("option requires an argument -- '%c'", *c);
			strv_pushf(&out, "-%c", *c);
			strv_push(&out, strdup(c[1] ? c + 1 : argv[++i]));
			break;
		}
	}
	for (; i < argc; i++)
		strv_push(&operands, strdup(argv[i]));
	if (operands.n) {
		strv_push(&out, strdup("--"));
		for (size_t k = 0; k < operands.n; k++)
			strv_push(&out, operands.v[k]);
	}
	free(operands.v);
	*ret_argc = (int)out.n;
	return out.v;
rest:
	/* after --help or --version: as given, popt stops at the first anyway */
	for (; i < argc; i++)
		strv_push(&out, strdup(argv[i]));
	for (size_t k = 0; k < operands.n; k++)
		strv_push(&out, operands.v[k]);
	free(operands.v);
	*ret_argc = (int)out.n;
	return out.v;
}

void print_version(void)
{
	printf("%s from ipcbox %s (compatible with util-linux %s)\n",
	       program_invocation_short_name, PACKAGE_VERSION, COMPAT_VERSION);
	exit(close_stdout_status(EXIT_SUCCESS));
}

int close_stdout_status(int status)
{
	bool failed = ferror(stdout) != 0;
	int e = 0;

	errno = 0;
	if (fclose(stdout) != 0) {
		failed = true;
		e = errno;
	}
	if (failed && e != EPIPE) {
		if (e)
			fprintf(stderr, "%s: write error: %s\n",
				program_invocation_short_name, strerror(e));
		else
			fprintf(stderr, "%s: write error\n", program_invocation_short_name);
		return EXIT_FAILURE;
	}
	return status;
}

void warn_mqueue_foreign(const struct ipc_ctx *ctx)
{
	static bool said;
	_cleanup_free_ char *where = NULL;

	if (said || !ctx->mq_foreign)
		return;
	said = true;
	where = str_escape_terminal(ctx->mq_foreign);
	if (ctx->mqdir)
		warnx("the mqueue filesystem on %s belongs to another IPC namespace; "
		      "this namespace's POSIX message queues are read from a detached "
		      "mount of its own", where ? where : "?");
	else
		warnx("the mqueue filesystem on %s belongs to another IPC namespace; "
		      "this namespace's POSIX message queues cannot be read without "
		      "CAP_SYS_ADMIN and are not shown", where ? where : "?");
}

void warn_sysv_notes(struct ipc_ctx *ctx)
{
	for (enum ipc_kind k = IPC_MSG; k <= IPC_SHM; k++) {
		_cleanup_free_ char *path = NULL, *safe = NULL;
		struct ipc_sysv_notes n;

		if (!sysv_take_notes(ctx, k, &n))
			continue;
		/* the sysroot came from argv: escape it like any other byte we show */
		if (asprintf(&path, "%s/%s", ctx->procdir, n.file) < 0)
			path = NULL;
		safe = path ? str_escape_terminal(path) : NULL;
		if (n.long_lines == 1)
			warnx("%s: line %" PRIu64 " is longer than %zu bytes; skipped",
			      safe ? safe : n.file, n.long_line, n.line_max);
		else if (n.long_lines > 1)
			warnx("%s: %" PRIu64 " lines longer than %zu bytes skipped, the first "
			      "is line %" PRIu64, safe ? safe : n.file, n.long_lines,
			      n.line_max, n.long_line);
		if (n.no_header)
			warnx("%s: no header line; every line read as an object",
			      safe ? safe : n.file);
	}
}
