// SPDX-License-Identifier: GPL-2.0-or-later
/* The Prometheus text exposition format 0.0.4, written family by family: the one encoder of lsipc --metrics. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cmd/metrics.h"
#include "cmd/value.h"

void metrics_init(struct metrics *m, FILE *out)
{
	*m = (struct metrics){ .out = out };
}

void metrics_family(struct metrics *m, const char *name, enum metrics_type type,
		    const char *help)
{
	fprintf(m->out, "# HELP %s ", name);
	for (const char *p = help; *p; p++) {
		if (*p == '\\')
			fputs("\\\\", m->out);
		else if (*p == '\n')
			fputs("\\n", m->out);
		else
			fputc(*p, m->out);
	}
	fprintf(m->out, "\n# TYPE %s %s\n", name, type == METRICS_COUNTER ? "counter" : "gauge");
}

void metrics_label_value(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + strlen(s);

	while (*p) {
		uint32_t cp;
		size_t len = utf8_seq(p, (size_t)(end - p), &cp);

		if (len == 0) {
			fputs("\xef\xbf\xbd", out);	/* U+FFFD */
			p++;
		} else if (cp == '\\') {
			fputs("\\\\", out);
			p++;
		} else if (cp == '"') {
			fputs("\\\"", out);
			p++;
		} else if (cp == '\n') {
			fputs("\\n", out);
			p++;
		} else if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
			/* a visible escape: the backslash itself escaped */
			fprintf(out, "\\\\x%02x", (unsigned int)cp);
			p += len;
		} else {
			fwrite(p, 1, len, out);
			p += len;
		}
	}
}

static void put_labels(FILE *out, const struct metrics_label *v, size_t n, const char **sep)
{
	for (size_t i = 0; i < n; i++) {
		fprintf(out, "%s%s=\"", *sep, v[i].name);
		metrics_label_value(out, v[i].value ? v[i].value : "");
		fputc('"', out);
		*sep = ",";
	}
}

void metrics_sample(struct metrics *m, const char *name, const struct metrics_label *labels,
		    size_t n, uint64_t value)
{
	const char *sep = "{";

	fputs(name, m->out);
	put_labels(m->out, m->base, m->nbase, &sep);
	put_labels(m->out, labels, n, &sep);
	if (*sep == ',')
		fputc('}', m->out);
	fprintf(m->out, " %" PRIu64 "\n", value);
	m->series++;
}
