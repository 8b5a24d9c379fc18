/* SPDX-License-Identifier: GPL-2.0-or-later */
/* An applet's options as one table: popt parses from it, --help, exclusive groups and bash completion come from it. */
#ifndef IPCBOX_OPTIONS_H
#define IPCBOX_OPTIONS_H

#include <popt.h>
#include <stdbool.h>
#include <stddef.h>

enum cmd_arg {
	CMD_ARG_NONE,
	CMD_ARG_REQUIRED,
	CMD_ARG_OPTIONAL,	/* getopt's "::": only attached, "-aTYPE" or "--all=TYPE" */
};

enum {
	CMD_OPT_OURS	= 1 << 0,	/* not util-linux's: never takes one of its prefixes */
	CMD_OPT_HELP	= 1 << 1,	/* prints the --help text and exits */
	CMD_OPT_VERSION	= 1 << 2,	/* prints the version and exits */
};

/*
 * One option. The table is in the order of --help; order is the option's
 * place in the getopt_long table that util-linux's tool has (ours after
 * its), which is the order getopt lists the candidates of an ambiguous
 * prefix in.
 */
struct cmd_option {
	const char *name;	/* long name; NULL: a letter only */
	char letter;		/* short name; 0: long only */
	enum cmd_arg arg;
	int val;		/* what cmd_next_option() returns; > 0, unique */
	unsigned int flags;	/* CMD_OPT_* */
	unsigned int order;
	/*
	 * bit g set: in exclusive group g, of which one option (one val) may
	 * be given, however often; checked by val, so long-only options too
	 */
	unsigned int groups;
	/*
	 * --help: section starts a new block before this option ("" a blank
	 * line, else a blank line and "TITLE:"); argname follows the names as
	 * written (" <id>", "=<type>", "[=<list>]"); help is the description,
	 * and each '\n' in it goes on at the description column. NULL help:
	 * not shown.
	 */
	const char *section;
	const char *argname;
	const char *help;
	/*
	 * bash completion of the argument: NULL nothing to offer, "=W1 W2"
	 * these words, "@dirs" directories, "@files" files, "@users" user
	 * names, "@ns" pids and files (--ns), anything
	 * else a command of completions/APPLET (a function and its first
	 * arguments) that is given the word last and fills COMPREPLY.
	 */
	const char *complete;
};

struct cmd_options {
	const struct cmd_option *v;
	size_t n;
	const char *head;	/* --help text before the options */
	const char *tail;	/* and after them */
	void (*more_help)(void);	/* NULL, or prints between the options and tail (lsipc's columns) */
	int column;		/* where the descriptions of --help start */
};

/* The --help and --version rows of every applet's table; section as above. */
#define CMD_OPTION_HELP(ord, sect) \
	{ "help", 'h', CMD_ARG_NONE, 'h', CMD_OPT_HELP, .order = (ord), .section = (sect), \
	  .help = "display this help" }
#define CMD_OPTION_VERSION(ord) \
	{ "version", 'V', CMD_ARG_NONE, 'V', CMD_OPT_VERSION, .order = (ord), \
	  .help = "display version" }
/* .v and .n of a struct cmd_options: the whole of table t */
#define CMD_TABLE(t)	.v = (t), .n = sizeof(t) / sizeof((t)[0])

#define CMD_OPTIONS_MAX	64

/* One run of the parser over argv. */
struct cmd_parser {
	const struct cmd_options *spec;
	struct poptOption popt[CMD_OPTIONS_MAX + 1];
	poptContext con;
	char **argv;		/* getopt_check_table()'s argv, what popt reads */
	int seen[32];		/* per exclusive group: the val given, 0 none */
};

/*
 * Check argv by getopt's rules (a usage error and exit 1 on a mistake) and
 * start popt on it. Free with cmd_parser_free().
 */
void cmd_parser_init(struct cmd_parser *p, const struct cmd_options *spec, int argc, char **argv);

/*
 * The val of the next option (> 0), or 0 after the last. *ret_arg gets its
 * argument (malloc'd, the caller's; NULL if none). --help and --version
 * act here and exit; two options of one exclusive group, or a popt error,
 * are usage errors that exit 1.
 */
int cmd_next_option(struct cmd_parser *p, char **ret_arg);

/* The first operand left after the options (owned by the parser), or NULL. */
const char *cmd_operand(struct cmd_parser *p);

void cmd_parser_free(struct cmd_parser *p);
#define _cleanup_cmd_parser_ __attribute__((cleanup(cmd_parser_free)))

/* The long name of the option with this val, for messages ("?" if none). */
const char *cmd_option_name(const struct cmd_options *spec, int val);

/* Print the --help text of spec to stdout and exit 0 (1 on a write error). */
void __attribute__((noreturn)) cmd_usage(const struct cmd_options *spec);

/*
 * Set by the dispatcher for "ipcbox --bash-completion APPLET": the applet's
 * first cmd_parser_init() prints the generated part of its completion file
 * (the option words and how each argument is completed) and exits.
 */
extern const char *cmd_bash_completion;

/*
 * getopt_long(3)'s rules over the table, for popt to parse afterwards.
 * Report the first mistake in getopt's words as a usage error (exit 1).
 * Returns a new argv (NULL-terminated, every string malloc'd, count in
 * *ret_argc; free with strv_free()) that says the same to popt: long names
 * written out in full, every required argument in a word of its own, an
 * optional one attached with '=', and the operands after a final "--".
 */
char **getopt_check_table(int argc, char **argv, const struct cmd_option *v, size_t n,
			  int *ret_argc);

#endif
