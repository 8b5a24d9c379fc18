/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Formatting of sizes, times, permissions, keys, and strings safe for a terminal. */
#ifndef IPCBOX_FORMAT_H
#define IPCBOX_FORMAT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum time_format {
	TIME_SHORT,	/* HH:MM today, Jan05 this year, 2020-Jul04 before */
	TIME_FULL,	/* "Sat Jul  4 01:02:03 2020" */
	TIME_ISO,	/* 2020-07-04T01:02:03+00:00, +10000-01-01T00:00:00+00:00 */
};

/* Parse "short", "full" or "iso"; -EINVAL otherwise. */
int parse_time_format(const char *s, enum time_format *ret);

/*
 * Each fmt_* writes a NUL-terminated string into buf (size bytes, at least
 * FMT_BUFSZ) and returns buf.
 */
#define FMT_BUFSZ 64

/* util-linux human size: 0B, 100B, 1.5K, 976.6K, 1024K, 16E. */
char *fmt_size(char *buf, size_t size, uint64_t bytes);
/*
 * Time t in the local time zone; now decides the short form. Every t is a
 * date, 0 too (callers that read 0 as "never" say so themselves); ISO
 * years outside 0000..9999 take the expanded form ("+10000", "-0001").
 * A t whose year struct tm cannot hold is written as its number of
 * seconds. NULL only for an unknown format.
 */
char *fmt_time(char *buf, size_t size, int64_t t, enum time_format f, int64_t now);
/* "rw-r--r--" of mode & 0777, or with octal "%#o" ("0644", "0"). */
char *fmt_perms(char *buf, size_t size, unsigned int mode, bool octal);
/* "0x%08x" */
char *fmt_key(char *buf, size_t size, int32_t key);

/* A malloc'd formatted string in *ret: 0, or -ENOMEM with *ret NULL. */
int __attribute__((format(printf, 2, 3))) str_printf(char **ret, const char *fmt, ...);
int __attribute__((format(printf, 2, 0))) str_vprintf(char **ret, const char *fmt, va_list ap);

/*
 * The output buffer of an escaper: room for len bytes that each become at
 * most per_byte, and extra (quotes, the NUL). malloc'd; NULL on overflow
 * or ENOMEM.
 */
char *str_escape_buffer(size_t len, size_t per_byte, size_t extra);
/* Write b as two lowercase hex digits at o; returns the end. */
char *str_put_hex(char *o, unsigned char b);

/*
 * A copy of s where every byte that could act on a terminal (C0 controls,
 * DEL, C1 controls, bytes of invalid UTF-8) and backslash are written as
 * \xHH. Valid printable UTF-8 is kept. malloc'd; NULL on ENOMEM.
 */
char *str_escape_terminal(const char *s);
/* True when str_escape_terminal(s) would change nothing. */
bool str_is_terminal_safe(const char *s);

#endif
