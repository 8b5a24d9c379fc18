/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Benchmark helper: times two commands in alternation (A B A B ...), so that
 * a machine that slows down or speeds up during the run affects both alike,
 * and prints each one's wall-clock and CPU means and the median of the
 * per-pair ratios A/B.
 *
 *   pair RUNS WARMUP -- A-COMMAND [ARG]... -- B-COMMAND [ARG]...
 *
 * Output, one line each: "a <mean ms> <sd ms> <cpu ms>", the same for "b",
 * then "ratio <median wall A/B> <median CPU A/B> <pairs>". Standard output
 * of the commands goes to /dev/null; a command that does not exit 0 stops
 * the run (exit 1).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "spawn.h"

struct sample {
	double wall, cpu;	/* ms */
};

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double tv_ms(struct timeval tv)
{
	return (double)tv.tv_sec * 1e3 + (double)tv.tv_usec / 1e3;
}

static int run(char **argv, struct sample *s)
{
	struct rusage ru;
	double t0 = now_ms();
	int status;

	if (spawn_quiet("pair", argv, &status, &ru) < 0)
		return -1;
	s->wall = now_ms() - t0;
	s->cpu = tv_ms(ru.ru_utime) + tv_ms(ru.ru_stime);
	if (status != 0) {
		fprintf(stderr, "pair: %s exited with status %d\n", argv[0], status);
		return -1;
	}
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void print_stats(const char *tag, const struct sample *s, size_t n)
{
	double sum = 0, sq = 0, cpu = 0;

	for (size_t i = 0; i < n; i++) {
		sum += s[i].wall;
		cpu += s[i].cpu;
	}
	for (size_t i = 0; i < n; i++)
		sq += (s[i].wall - sum / n) * (s[i].wall - sum / n);
	printf("%s %.2f %.2f %.2f\n", tag, sum / n, n > 1 ? sqrt(sq / (n - 1)) : 0.0, cpu / n);
}

static int usage(void)
{
	fputs("usage: pair RUNS WARMUP -- A-COMMAND [ARG]... -- B-COMMAND [ARG]...\n", stderr);
	return 2;
}

int main(int argc, char **argv)
{
	char **a, **b = NULL;
	long runs, warmup;
	struct sample *sa, *sb;
	double *rw, *rc;

	if (argc < 6 || strcmp(argv[3], "--"))
		return usage();
	runs = strtol(argv[1], NULL, 10);
	warmup = strtol(argv[2], NULL, 10);
	a = &argv[4];
	for (int i = 4; i < argc; i++)
		if (!strcmp(argv[i], "--")) {
			argv[i] = NULL;
			b = &argv[i + 1];
			break;
		}
	if (runs < 1 || warmup < 0 || !b || !b[0] || !a[0])
		return usage();
	sa = calloc((size_t)runs, sizeof(*sa));
	sb = calloc((size_t)runs, sizeof(*sb));
	rw = calloc((size_t)runs, sizeof(*rw));
	rc = calloc((size_t)runs, sizeof(*rc));
	if (!sa || !sb || !rw || !rc)
		return 1;
	for (long i = 0; i < warmup; i++) {
		struct sample s;

		if (run(a, &s) < 0 || run(b, &s) < 0)
			return 1;
	}
	for (long i = 0; i < runs; i++) {
		/* which one goes first alternates too */
		struct sample *first = i % 2 ? &sb[i] : &sa[i], *second = i % 2 ? &sa[i] : &sb[i];

		if (run(i % 2 ? b : a, first) < 0 || run(i % 2 ? a : b, second) < 0)
			return 1;
		rw[i] = sa[i].wall / sb[i].wall;
		rc[i] = sb[i].cpu > 0 ? sa[i].cpu / sb[i].cpu : 0;
	}
	print_stats("a", sa, (size_t)runs);
	print_stats("b", sb, (size_t)runs);
	printf("ratio %.3f %.3f %ld\n", median(rw, (size_t)runs), median(rc, (size_t)runs), runs);
	return 0;
}
