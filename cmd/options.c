/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One option table per applet: the popt table, --help, exclusive groups and bash completion, all from it. */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/common.h"
#include "cmd/options.h"
#include "cmd/xalloc.h"

const char *cmd_bash_completion;

static const struct cmd_option *by_val(const struct cmd_options *spec, int val)
{
	for (size_t i = 0; i < spec->n; i++)
		if (spec->v[i].val == val)
			return &spec->v[i];
	return NULL;
}

const char *cmd_option_name(const struct cmd_options *spec, int val)
{
	const struct cmd_option *o = by_val(spec, val);

	return o && o->name ? o->name : "?";
}

/* " -i, --id <id>", "     --sysroot <dir>", " -x": the left column of --help. */
static int print_names(const struct cmd_option *o)
{
	int len;

	if (o->letter && o->name)
		len = printf(" -%c, --%s", o->letter, o->name);
	else if (o->name)
		len = printf("     --%s", o->name);
	else
		len = printf(" -%c", o->letter);
	if (o->argname)
		len += printf("%s", o->argname);
	return len;
}

void cmd_usage(const struct cmd_options *spec)
{
	int column = spec->column ? spec->column : 26;

	printf("\nUsage:\n%s\n%s", spec->usage, spec->about);
	for (size_t i = 0; i < spec->n; i++) {
		const struct cmd_option *o = &spec->v[i];
		const char *line, *nl;
		int len;

		if (!o->help)
			continue;
		if (o->section) {
			putchar('\n');
			if (*o->section)
				printf("%s:\n", o->section);
		}
		len = print_names(o);
		/* names too long for the column: the description on a line of its own */
		if (len >= column) {
			putchar('\n');
			len = 0;
		}
		printf("%*s", column - len, "");
		for (line = o->help; (nl = strchr(line, '\n')); line = nl + 1)
			printf("%.*s\n%*s", (int)(nl - line), line, column, "");
		printf("%s\n", line);
	}
	if (spec->more_help)
		spec->more_help();
	if (spec->notes)
		fputs(spec->notes, stdout);
	printf("\nFor more details see %s(1).\n", program_invocation_short_name);
	exit(close_stdout_status(EXIT_SUCCESS));
}

/* "-i|--id": the words that name o on a command line. */
static void print_pattern(const struct cmd_option *o)
{
	/* an optional argument is only ever attached: "-a" never takes the next word */
	if (o->arg == CMD_ARG_OPTIONAL) {
		printf("--%s=", o->name);
		return;
	}
	if (o->letter)
		printf("-%c%s", o->letter, o->name ? "|" : "");
	if (o->name)
		printf("--%s", o->name);
}

static void print_words(const struct cmd_options *spec, bool letters)
{
	const char *sep = "";

	for (size_t i = 0; i < spec->n; i++) {
		const struct cmd_option *o = &spec->v[i];

		if (letters && o->letter) {
			printf("%s-%c", sep, o->letter);
			sep = " ";
		}
		if (!letters && o->name) {
			printf("%s--%s", sep, o->name);
			if (o->arg == CMD_ARG_OPTIONAL)
				printf(" --%s=", o->name);
			sep = " ";
		}
	}
}

/*
 * The generated part of completions/APPLET: the option words, and a case
 * over the options whose argument is completed, so that completion cannot
 * drift from what the parser accepts.
 */
static void __attribute__((noreturn)) print_completion(const struct cmd_options *spec,
							const char *name)
{
	printf("# generated from the option table by 'ipcbox --bash-completion %s'\n", name);
	printf("_%s_long_options='", name);
	print_words(spec, false);
	printf("'\n_%s_short_options='", name);
	print_words(spec, true);
	printf("'\n\n"
	       "# _%s_option_value OPTION WORD: complete WORD as the argument of OPTION;\n"
	       "# status 1 if OPTION takes none (an optional one only after '=')\n"
	       "_%s_option_value()\n{\n\tcase $1 in\n", name, name);
	for (size_t i = 0; i < spec->n; i++) {
		const struct cmd_option *o = &spec->v[i];
		const char *c = o->complete;

		if (o->arg == CMD_ARG_NONE && !(o->flags & (CMD_OPT_HELP | CMD_OPT_VERSION)))
			continue;
		if (o->arg == CMD_ARG_OPTIONAL && !o->name)
			continue;
		putchar('\t');
		print_pattern(o);
		fputs(")\n", stdout);
		if (o->arg == CMD_ARG_NONE || !c)
			fputs("\t\t;;\n", stdout);	/* nothing to offer, not even options */
		else if (c[0] == '=')
			printf("\t\tCOMPREPLY=($(compgen -W \"%s\" -- \"$2\"))\n\t\t;;\n", c + 1);
		else if (!strcmp(c, "@dirs"))
			fputs("\t\tlocal IFS=$'\\n'\n"
			      "\t\tcompopt -o filenames 2>/dev/null\n"
			      "\t\tCOMPREPLY=($(compgen -d -- \"$2\"))\n\t\t;;\n", stdout);
		else if (!strcmp(c, "@files"))
			fputs("\t\tlocal IFS=$'\\n'\n"
			      "\t\tcompopt -o filenames 2>/dev/null\n"
			      "\t\tCOMPREPLY=($(compgen -f -- \"$2\"))\n\t\t;;\n", stdout);
		else if (!strcmp(c, "@ns"))	/* a pid, or a namespace file */
			fputs("\t\tlocal IFS=$'\\n'\n"
			      "\t\tcompopt -o filenames 2>/dev/null\n"
			      "\t\tCOMPREPLY=($(compgen -W \"$(cd /proc 2>/dev/null && "
			      "printf '%s\\n' [0-9]*)\" -- \"$2\") $(compgen -f -- \"$2\"))\n"
			      "\t\t;;\n", stdout);
		else if (!strcmp(c, "@users"))
			fputs("\t\tCOMPREPLY=($(compgen -u -- \"$2\"))\n\t\t;;\n", stdout);
		else
			printf("\t\t%s \"$2\"\n\t\t;;\n", c);
	}
	fputs("\t*)\n\t\treturn 1\n\t\t;;\n\tesac\n\treturn 0\n}\n"
	      "# end of the generated part\n", stdout);
	exit(close_stdout_status(EXIT_SUCCESS));
}

void cmd_parser_init(struct cmd_parser *p, const struct cmd_options *spec, int argc, char **argv)
{
	int nargc;

	if (cmd_bash_completion)
		print_completion(spec, cmd_bash_completion);
	if (spec->n > CMD_OPTIONS_MAX)
		errx(EXIT_FAILURE, "too many options in the option table");
	memset(p, 0, sizeof(*p));
	p->spec = spec;
	for (size_t i = 0; i < spec->n; i++) {
		const struct cmd_option *o = &spec->v[i];
		unsigned int info = POPT_ARG_STRING;

		if (o->arg == CMD_ARG_NONE)
			info = POPT_ARG_NONE;
		else if (o->arg == CMD_ARG_OPTIONAL)
			info |= POPT_ARGFLAG_OPTIONAL;
		p->popt[i] = (struct poptOption){
			.longName = o->name, .shortName = o->letter, .argInfo = info, .val = o->val,
		};
	}
	p->argv = getopt_check_table(argc, argv, spec->v, spec->n, &nargc);
	p->con = poptGetContext(NULL, nargc, (const char **)p->argv, p->popt, 0);
	if (!p->con)
		xalloc_die();
}

int cmd_next_option(struct cmd_parser *p, const char **ret_arg)
{
	char *arg;
	const struct cmd_option *o;
	int rc = poptGetNextOpt(p->con);

	*ret_arg = NULL;
	if (rc == -1)
		return 0;
	if (rc < 0)
		popt_fail(p->con, rc);
	o = by_val(p->spec, rc);
	if (!o)
		errx(EXIT_FAILURE, "option value %d is not in the option table", rc);
	if (o->flags & CMD_OPT_HELP)
		cmd_usage(p->spec);
	if (o->flags & CMD_OPT_VERSION)
		print_version();
	/* checked as the options come, so the message names the first clash */
	for (unsigned int g = 0; g < sizeof(p->seen) / sizeof(p->seen[0]); g++) {
		if (!(o->groups & (1u << g)))
			continue;
		if (p->seen[g] && p->seen[g] != rc)
			errx(EXIT_FAILURE, "options --%s and --%s cannot be combined",
			     cmd_option_name(p->spec, p->seen[g]), cmd_option_name(p->spec, rc));
		p->seen[g] = rc;
	}
	arg = poptGetOptArg(p->con);
	if (arg) {
		p->args = xreallocarray(p->args, p->nargs + 1, sizeof(*p->args));
		p->args[p->nargs++] = arg;
	}
	*ret_arg = arg;
	return rc;
}

/* Do what the row of option val says with its argument arg, in target. */
static void store_option(const struct cmd_options *spec, void *target, int val, const char *arg)
{
	const struct cmd_option *o = by_val(spec, val);
	char *at;

	if (o->store == CMD_STORE_NONE)
		return;
	at = (char *)target + o->off;
	switch (o->store) {
	case CMD_STORE_NONE:
		break;
	case CMD_STORE_TRUE:
		*(bool *)at = true;
		break;
	case CMD_STORE_INT:
		*(int *)at = o->value;
		break;
	case CMD_STORE_ARG:
		*(const char **)at = arg;
		break;
	}
}

void cmd_parse(struct cmd_parser *p, const struct cmd_options *spec, int argc, char **argv,
	       void *target, cmd_option_fn fn)
{
	const char *arg;
	int val;

	cmd_parser_init(p, spec, argc, argv);
	while ((val = cmd_next_option(p, &arg)) > 0) {
		store_option(spec, target, val, arg);
		if (fn)
			fn(target, val, arg);
	}
}

const char *cmd_operand(struct cmd_parser *p)
{
	return poptGetArg(p->con);
}

void cmd_parser_free(struct cmd_parser *p)
{
	if (p->con)
		poptFreeContext(p->con);
	p->con = NULL;
	strv_free(p->argv);
	p->argv = NULL;
	for (size_t i = 0; i < p->nargs; i++)
		free(p->args[i]);
	free(p->args);
	p->args = NULL;
	p->nargs = 0;
}
