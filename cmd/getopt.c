/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * getopt_long(3)'s rules over an option table, so that popt parses what
 * getopt would: the one piece of ipcbox whose job is to imitate another
 * library.
 *
 * Scripts written for util-linux rely on what getopt_long does and popt
 * does not: unique prefixes of long options ("--hum"), its messages and
 * exit code 1, "a::" arguments taken only when attached ("-ashm",
 * "--all=shm", never "-a shm"), --help acting before a later mistake is
 * seen, operands anywhere unless POSIXLY_CORRECT. Everything else (the
 * values, their order, the leftovers) is popt's, from the argv made here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/common.h"
#include "cmd/options.h"
#include "cmd/xalloc.h"

/* A growing NULL-terminated array of malloc'd strings. */
struct strv {
	char **v;
	size_t n, cap;
};

static void strv_push(struct strv *w, char *s)
{
	if (w->n + 2 > w->cap) {
		w->cap = w->cap ? 2 * w->cap : 16;
		w->v = xreallocarray(w->v, w->cap, sizeof(*w->v));
	}
	w->v[w->n++] = s;
	w->v[w->n] = NULL;
}

struct table {
	const struct cmd_option *v;
	size_t n;
};

static const struct cmd_option *by_letter(const struct table *t, char c)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].letter == c)
			return &t->v[i];
	return NULL;
}

/* --help and --version act at once; getopt never sees what follows. */
static bool acts_at_once(const struct cmd_option *o)
{
	return o->flags & (CMD_OPT_HELP | CMD_OPT_VERSION);
}

static bool is_candidate(const struct cmd_option *o, const char *word, size_t len, int pass)
{
	if (!o->name || strncmp(o->name, word, len))
		return false;
	return pass == 1 || !(o->flags & CMD_OPT_OURS);
}

/* Candidates in getopt's table order, for its "ambiguous" message. */
static int by_order(const void *a, const void *b)
{
	const struct cmd_option *x = *(const struct cmd_option *const *)a;
	const struct cmd_option *y = *(const struct cmd_option *const *)b;

	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return x < y ? -1 : x > y;
}

static void __attribute__((noreturn)) ambiguous(const struct table *t, const char *arg,
						const char *word, size_t len, int pass)
{
	const struct cmd_option *c[CMD_OPTIONS_MAX];
	size_t n = 0, size = 0;
	char *list = NULL;
	FILE *f;

	for (size_t i = 0; i < t->n && n < CMD_OPTIONS_MAX; i++)
		if (is_candidate(&t->v[i], word, len, pass))
			c[n++] = &t->v[i];
	qsort(c, n, sizeof(c[0]), by_order);
	f = open_memstream(&list, &size);
	if (!f)
		xalloc_die();
	for (size_t i = 0; i < n; i++)
		fprintf(f, " '--%s'", c[i]->name);
	if (fclose(f) != 0)
		xalloc_die();
	errx_usage("option '%s' is ambiguous; possibilities:%s", msg_str(arg), list);
}

/*
 * The option "--WORD" means (len bytes of WORD; arg is the whole word, for
 * messages), or NULL. An exact name wins, then a unique prefix of
 * util-linux's names, then a unique prefix of all; candidates that differ
 * are getopt's "ambiguous" error.
 */
static const struct cmd_option *by_name(const struct table *t, const char *arg,
					const char *word, size_t len)
{
	for (size_t i = 0; i < t->n; i++) {
		const char *name = t->v[i].name;

		if (name && strlen(name) == len && !strncmp(name, word, len))
			return &t->v[i];
	}
	for (int pass = 0; pass < 2; pass++) {
		const struct cmd_option *found = NULL;

		for (size_t i = 0; i < t->n; i++) {
			const struct cmd_option *o = &t->v[i];

			if (!is_candidate(o, word, len, pass))
				continue;
			if (!found)
				found = o;
			else if (o->val != found->val || o->arg != found->arg)
				ambiguous(t, arg, word, len, pass);
		}
		if (found)
			return found;
	}
	return NULL;
}

/* One "--WORD[=VALUE]" at argv[*i]; true if it acts at once. */
static bool long_option(const struct table *t, struct strv *out, int argc, char **argv, int *i)
{
	const char *a = argv[*i], *word = a + 2, *eq = strchr(word, '=');
	size_t len = eq ? (size_t)(eq - word) : strlen(word);
	const struct cmd_option *o = by_name(t, a, word, len);

	if (!o)
		errx_usage("unrecognized option '%s'", msg_str(a));
	switch (o->arg) {
	case CMD_ARG_NONE:
		if (eq)
			errx_usage("option '--%s' doesn't allow an argument", o->name);
		strv_push(out, xasprintf("--%s", o->name));
		break;
	case CMD_ARG_OPTIONAL:
		if (eq)
			strv_push(out, xasprintf("--%s=%s", o->name, eq + 1));
		else
			strv_push(out, xasprintf("--%s", o->name));
		break;
	case CMD_ARG_REQUIRED:
		if (!eq && *i + 1 >= argc)
			errx_usage("option '--%s' requires an argument", o->name);
		strv_push(out, xasprintf("--%s", o->name));
		strv_push(out, xstrdup(eq ? eq + 1 : argv[++*i]));
		break;
	}
	return acts_at_once(o);
}

/* A cluster of letters at argv[*i]: "-mi 5", "-mi5", "-vashm"; true if one acts at once. */
static bool short_options(const struct table *t, struct strv *out, int argc, char **argv, int *i)
{
	for (const char *c = argv[*i] + 1; *c; c++) {
		const struct cmd_option *o = by_letter(t, *c);

		if (!o) {
			char one[2] = { *c, '\0' };

			errx_usage("invalid option -- '%s'", msg_str(one));
		}
		switch (o->arg) {
		case CMD_ARG_NONE:
			strv_push(out, xasprintf("-%c", *c));
			if (acts_at_once(o))
				return true;
			continue;
		case CMD_ARG_OPTIONAL:
			/* only an attached argument; popt would take the next word */
			if (c[1] && o->name)
				strv_push(out, xasprintf("--%s=%s", o->name, c + 1));
			else
				strv_push(out, xasprintf("-%s", c));
			return false;
		case CMD_ARG_REQUIRED:
			if (!c[1] && *i + 1 >= argc)
				errx_usage("option requires an argument -- '%c'", *c);
			strv_push(out, xasprintf("-%c", *c));
			strv_push(out, xstrdup(c[1] ? c + 1 : argv[++*i]));
			return false;
		}
	}
	return false;
}

char **getopt_check_table(int argc, char **argv, const struct cmd_option *v, size_t n,
			  int *ret_argc)
{
	const struct table t = { v, n };
	struct strv out = { 0 }, operands = { 0 };
	bool posixly = getenv("POSIXLY_CORRECT") != NULL;
	bool at_once = false;
	int i;

	strv_push(&out, xstrdup(argc > 0 ? argv[0] : ""));
	for (i = 1; i < argc && !at_once; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (a[0] != '-' || a[1] == '\0') {
			if (posixly)
				break;
			strv_push(&operands, xstrdup(a));
			continue;
		}
		if (a[1] == '-')
			at_once = long_option(&t, &out, argc, argv, &i);
		else
			at_once = short_options(&t, &out, argc, argv, &i);
	}
	if (at_once) {
		/* as given: popt acts on --help or --version first, reads no further */
		for (; i < argc; i++)
			strv_push(&out, xstrdup(argv[i]));
		for (size_t k = 0; k < operands.n; k++)
			strv_push(&out, operands.v[k]);
	} else {
		/* getopt's permutation: the operands last, where popt takes none for an option */
		for (; i < argc; i++)
			strv_push(&operands, xstrdup(argv[i]));
		if (operands.n)
			strv_push(&out, xstrdup("--"));
		for (size_t k = 0; k < operands.n; k++)
			strv_push(&out, operands.v[k]);
	}
	free(operands.v);
	*ret_argc = (int)out.n;
	return out.v;
}
