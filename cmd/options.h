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
 * What the parser does with an option by itself, into the applet's
 * struct of options (cmd_parse()'s target), before the applet's function
 * sees it: most options only set a flag or a value, or keep their
 * argument, and need no code of their own.
 */
enum cmd_store {
	CMD_STORE_NONE,		/* nothing: the applet's function acts on the val */
	CMD_STORE_TRUE,		/* the bool at .off becomes true */
	CMD_STORE_INT,		/* the int (or enum) at .off becomes .value */
	CMD_STORE_ARG,		/* the const char * at .off becomes the argument (the last one wins) */
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
	/* what the parser stores, where in the target, which value: CMD_SET_*() */
	enum cmd_store store;
	size_t off;
	int value;
};

/* 0, after a compile-time check that member m of struct type T has type t. */
#define CMD_MEMBER_IS(T, m, t) \
	(0 * sizeof(char[__builtin_types_compatible_p(__typeof__(((T *)0)->m), t) ? 1 : -1]))
#define CMD_MEMBER_INT(T, m) (0 * sizeof(char[sizeof(((T *)0)->m) == sizeof(int) ? 1 : -1]))

/* The store of an option's row: member m of the target (a struct T) is set. */
#define CMD_SET_TRUE(T, m) \
	.store = CMD_STORE_TRUE, .off = offsetof(T, m) + CMD_MEMBER_IS(T, m, bool)
#define CMD_SET_INT(T, m, v) \
	.store = CMD_STORE_INT, .off = offsetof(T, m) + CMD_MEMBER_INT(T, m), .value = (v)
#define CMD_SET_ARG(T, m) \
	.store = CMD_STORE_ARG, .off = offsetof(T, m) + CMD_MEMBER_IS(T, m, const char *)

/*
 * --help is "\nUsage:\n", the usage lines, a blank line, about, the
 * options, more_help(), notes and "\nFor more details see NAME(1).\n".
 */
struct cmd_options {
	const struct cmd_option *v;
	size_t n;
	const char *usage;	/* the synopsis, a line each (" lsipc [options]\n") */
	const char *about;	/* one sentence */
	void (*more_help)(void);	/* NULL, or prints after the options (lsipc's columns) */
	const char *notes;	/* NULL, or text before the closing line */
	int column;		/* where the descriptions of --help start; 0: 26, util-linux's usual */
};

/*
 * The --help and --version rows of every applet's table, together in
 * --help (sect: the section they start, as above), at util-linux's places
 * hord and vord.
 */
#define CMD_OPTION_HELP_VERSION(hord, vord, sect) \
	{ "help", 'h', CMD_ARG_NONE, 'h', CMD_OPT_HELP, .order = (hord), .section = (sect), \
	  .help = "display this help" }, \
	{ "version", 'V', CMD_ARG_NONE, 'V', CMD_OPT_VERSION, .order = (vord), \
	  .help = "display version" }
/*
 * The --ns and --sysroot rows, alike in every applet that has them but
 * for their place, their help and where they store; ... more of the row.
 */
#define CMD_OPTION_NS(ord, hlp, ...) \
	{ "ns", 0, CMD_ARG_REQUIRED, CMD_VAL_NS, CMD_OPT_OURS, .order = (ord), \
	  .argname = " <pid|path>", .help = (hlp), .complete = "@ns", __VA_ARGS__ }
#define CMD_OPTION_SYSROOT(ord, hlp, ...) \
	{ "sysroot", 0, CMD_ARG_REQUIRED, CMD_VAL_SYSROOT, CMD_OPT_OURS, .order = (ord), \
	  .argname = " <dir>", .help = (hlp), .complete = "@dirs", __VA_ARGS__ }
/* Their vals: no applet's own option uses them (theirs start at 1000). */
enum { CMD_VAL_NS = 900, CMD_VAL_SYSROOT };

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
	char **args;		/* the options' arguments, kept until cmd_parser_free() */
	size_t nargs;
};

/* What cmd_parse() calls for each option: its val, its argument (NULL: none). */
typedef void (*cmd_option_fn)(void *target, int val, const char *arg);

/*
 * Check argv by getopt's rules (a usage error and exit 1 on a mistake) and
 * start popt on it. Free with cmd_parser_free().
 */
void cmd_parser_init(struct cmd_parser *p, const struct cmd_options *spec, int argc, char **argv);

/*
 * The val of the next option (> 0), or 0 after the last. *ret_arg gets its
 * argument (the parser's, valid until cmd_parser_free(); NULL if none).
 * --help and --version act here and exit; two options of one exclusive
 * group, or a popt error, are usage errors that exit 1.
 */
int cmd_next_option(struct cmd_parser *p, const char **ret_arg);

/*
 * cmd_parser_init() and every option in command-line order: its row's
 * store into target, then fn (NULL: none) with its val and argument.
 * The arguments stay valid until cmd_parser_free(p).
 */
void cmd_parse(struct cmd_parser *p, const struct cmd_options *spec, int argc, char **argv,
	       void *target, cmd_option_fn fn);

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
