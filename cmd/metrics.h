/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A writer of the Prometheus text exposition format 0.0.4: families with HELP and TYPE, samples with escaped labels. */
#ifndef IPCBOX_METRICS_H
#define IPCBOX_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct metrics_label {
	const char *name;	/* [a-zA-Z_][a-zA-Z0-9_]*: ours, never escaped */
	const char *value;	/* any bytes: escaped as the format wants */
};

/* The most labels one sample may carry (the base ones included). */
#define METRICS_MAX_LABELS	16

struct metrics {
	FILE *out;
	/*
	 * Labels written first on every sample of what follows (a namespace
	 * and its container); set between samples, never across a family's
	 * HELP and TYPE.
	 */
	const struct metrics_label *base;
	size_t nbase;
	size_t series;		/* samples written */
};

enum metrics_type { METRICS_GAUGE, METRICS_COUNTER };

void metrics_init(struct metrics *m, FILE *out);

/*
 * Start family name: its "# HELP" (help escaped: backslash, newline) and
 * "# TYPE" lines. Every sample of a family must follow its start, before
 * the next family starts.
 */
void metrics_family(struct metrics *m, const char *name, enum metrics_type type,
		    const char *help);

/*
 * One sample of family name with the base labels and then labels[0..n),
 * value an integer. No timestamp: the textfile collector refuses them.
 */
void metrics_sample(struct metrics *m, const char *name, const struct metrics_label *labels,
		    size_t n, uint64_t value);

/*
 * Write s as the text of a label value: backslash, double quote and
 * newline escaped as the format says (\\ \" \n), other control characters
 * (C0, DEL, C1) as the visible text "\xHH" (so no terminal acts on them),
 * bytes that are not UTF-8 as U+FFFD, so the value is always valid UTF-8.
 */
void metrics_label_value(FILE *out, const char *s);

#endif
