/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: -o column lists, shell-safe column names, JSON string literals. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "fuzz.h"
#include "cmd/table.h"

/* Only names matter to the list parser; these mimic lsipc's. */
static const struct tbl_column cols[] = {
	{ .name = "KEY" }, { .name = "ID" }, { .name = "OWNER" }, { .name = "PERMS" },
	{ .name = "USE%" }, { .name = "SIZE" }, { .name = "NAME" }, { .name = "CTIME" },
};
#define NCOLS (sizeof(cols) / sizeof(cols[0]))
#define MAXIDS 16

static void check_list(const char *s)
{
	size_t ids[MAXIDS] = { 3, 1 }, n = 2;
	struct tbl_colerr err = { NULL, 0 };
	int r;

	r = tbl_parse_columns(cols, NCOLS, s, ids, MAXIDS, &n, &err);
	if (r == 0) {
		if (n == 0 || n > MAXIDS)
			abort();
		for (size_t i = 0; i < n; i++)
			if (ids[i] >= NCOLS)
				abort();
	} else {
		/* untouched, and the error points into the list */
		if (n != 2 || ids[0] != 3 || ids[1] != 1)
			abort();
		if (r != -ENOMEM && (!err.item || err.item < s || err.item + err.len > s + strlen(s)))
			abort();
	}
}

static void check_shell_name(const char *s)
{
	char buf[32];

	tbl_shell_name(s, buf, sizeof(buf));
	if (strlen(buf) >= sizeof(buf) || (buf[0] >= '0' && buf[0] <= '9'))
		abort();
	for (const char *p = buf; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_'))
			abort();
}

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* The literal must be one valid JSON string with no raw control byte in it. */
static void check_json(const char *s)
{
	char *j = tbl_json_string(s), *copy;
	size_t len;

	if (!j)
		abort();
	len = strlen(j);
	if (len < 2 || j[0] != '"' || j[len - 1] != '"')
		abort();
	for (size_t i = 1; i < len - 1; i++) {
		unsigned char c = (unsigned char)j[i];

		if (c < 0x20 || c == 0x7f || c == '"')
			abort();
		if (c != '\\')
			continue;
		if (i + 1 >= len - 1)
			abort();
		if (j[i + 1] == 'u') {
			if (i + 5 >= len - 1 || !is_hex(j[i + 2]) || !is_hex(j[i + 3]) ||
			    !is_hex(j[i + 4]) || !is_hex(j[i + 5]))
				abort();
			i += 5;
		} else if (strchr("\"\\/bfnrt", j[i + 1]) && j[i + 1]) {
			i += 1;
		} else {
			abort();
		}
	}
	/* and valid UTF-8 without C1 controls: terminal-safe but for backslashes */
	copy = strdup(j);
	if (!copy)
		abort();
	for (char *p = copy; *p; p++)
		if (*p == '\\')
			*p = '_';
	if (!str_is_terminal_safe(copy))
		abort();
	free(copy);
	free(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstring(data, size);

	if (!s)
		return 0;
	check_list(s);
	check_shell_name(s);
	check_json(s);
	free(s);
	return 0;
}
