/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Strict parsers for command-line values: ids, keys, sizes, modes, names, durations. */
#ifndef IPCBOX_PARSE_H
#define IPCBOX_PARSE_H

#include <stdint.h>

/*
 * All return 0 and write *ret, or a negative errno without writing:
 * -EINVAL for empty strings, junk, trailing characters, a sign where none is
 * allowed or a wrong base; -ERANGE for values outside the stated bounds.
 */

/*
 * The one digit scanner, under these parsers and every /proc parser: the
 * digits of base (2 to 16, letters in either case) from *pp up to end
 * (NULL: up to the first byte that is not such a digit, a NUL included).
 * No sign, no blanks, no prefix. Returns 0 with *pp after the digits,
 * -EINVAL when there is none (*pp unmoved), -ERANGE when the value is above
 * max (*pp still after the digits, *ret unwritten).
 */
int parse_digits(const char **pp, const char *end, unsigned int base, uint64_t max,
		 uint64_t *ret);

/* Decimal integer in [min, max]; leading '+' allowed, '-' only if min < 0;
 * no leading or trailing blanks. */
int parse_int64(const char *s, int64_t min, int64_t max, int64_t *ret);
/* Unsigned integer in base 0 (decimal, 0x hex, 0 octal) up to max. */
int parse_uint64_base0(const char *s, uint64_t max, uint64_t *ret);

/* System V id: decimal, 0..INT_MAX. */
int parse_id(const char *s, int *ret);
/* A /proc directory's pid: decimal digits only (no sign, no blank), 1..INT_MAX; -EINVAL otherwise. */
int parse_pid(const char *s, int *ret);
/* System V key: decimal, 0x hex or 0 octal; 0..0xffffffff, or a negative
 * value down to INT32_MIN; returned as the 32-bit key. */
int parse_key(const char *s, int32_t *ret);
/* Size: decimal/0x/0 number with an optional suffix K M G T P E (also KiB,
 * MiB...) = powers of 1024, KB MB... = powers of 1000; a fraction only with
 * a suffix (1.5K). Rejects negatives and overflow. */
int parse_size(const char *s, uint64_t *ret);
/* Permission mode: octal 0..0777. */
int parse_mode(const char *s, unsigned int *ret);
/* POSIX IPC name with or without one leading '/'; no further '/', not
 * empty, not "." or "..", at most NAME_MAX bytes after the slash.
 * *ret is a malloc'd copy with exactly one leading '/'. */
int parse_posix_name(const char *s, char **ret);
/* Duration: a number with an optional unit s, m, h, d, w (default s). */
int parse_duration(const char *s, int64_t *ret_seconds);

#endif
