/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Formatting of sizes, times, permissions, keys, and strings safe for a terminal. */
#include <errno.h>
#include <inttypes.h>
#include <locale.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "format.h"

int parse_time_format(const char *s, enum time_format *ret)
{
	static const char *const names[] = {
		[TIME_SHORT] = "short",
		[TIME_FULL] = "full",
		[TIME_ISO] = "iso",
	};

	if (!s)
		return -EINVAL;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(s, names[i]) == 0) {
			*ret = (enum time_format)i;
			return 0;
		}
	}
	return -EINVAL;
}

/*
 * util-linux's human size: the largest power of 1024 not above the value
 * picks the letter; the remainder becomes three truncated decimal digits,
 * which are then rounded half up to one digit. The intermediate truncation
 * is what makes 1048575 print as "1024K", and we reproduce it on purpose so
 * that our columns match lsipc's byte for byte.
 */
char *fmt_size(char *buf, size_t size, uint64_t bytes)
{
	static const char letters[] = "BKMGTPE";
	unsigned int shift = 0;
	uint64_t whole, rem, tenths = 0;

	while (shift < 60 && bytes >= (UINT64_C(1) << (shift + 10)))
		shift += 10;
	whole = bytes >> shift;
	rem = shift ? bytes & ((UINT64_C(1) << shift) - 1) : 0;

	if (rem) {
		uint64_t milli;

		/* rem * 1000 overflows only for exabytes; scale down first there */
		if (rem >= UINT64_MAX / 1000)
			milli = (rem / 1024) * 1000 / (UINT64_C(1) << (shift - 10));
		else
			milli = rem * 1000 / (UINT64_C(1) << shift);
		tenths = (milli + 50) / 100;
		if (tenths == 10) {
			whole++;
			tenths = 0;
		}
	}

	if (tenths) {
		const struct lconv *lc = localeconv();
		const char *dp = lc && lc->decimal_point && *lc->decimal_point ?
				 lc->decimal_point : ".";

		snprintf(buf, size, "%" PRIu64 "%s%" PRIu64 "%c", whole, dp, tenths,
			 letters[shift / 10]);
	} else {
		snprintf(buf, size, "%" PRIu64 "%c", whole, letters[shift / 10]);
	}
	return buf;
}

/* asctime() spells these in English whatever the locale; so does lsipc's "full" */
static const char weekdays[7][4] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
static const char months[12][4] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

/*
 * The year of tm as ISO 8601 writes it: four digits for 0000..9999, else
 * the expanded form, a sign and at least four digits ("+10000", "-0001").
 * tm_year + 1900 is done in long long: near INT_MAX it overflows an int.
 */
static void iso_year(char *buf, size_t size, const struct tm *tm)
{
	long long y = (long long)tm->tm_year + 1900;

	if (y >= 0 && y <= 9999)
		snprintf(buf, size, "%04lld", y);
	else
		snprintf(buf, size, "%c%04lld", y < 0 ? '-' : '+', y < 0 ? -y : y);
}

char *fmt_time(char *buf, size_t size, int64_t t, enum time_format f, int64_t now)
{
	struct tm tm, tmnow;
	time_t tt = (time_t)t, tnow = (time_t)now;
	char year[32], md[32];
	long off;

	/* beyond what struct tm holds (a year past INT_MAX): the seconds */
	if ((int64_t)tt != t || !localtime_r(&tt, &tm) ||
	    (unsigned int)tm.tm_wday > 6 || (unsigned int)tm.tm_mon > 11) {
		snprintf(buf, size, "%" PRId64, t);
		return buf;
	}

	switch (f) {
	case TIME_SHORT:
		if (!localtime_r(&tnow, &tmnow))
			memset(&tmnow, 0, sizeof(tmnow));
		if (tm.tm_year == tmnow.tm_year && tm.tm_yday == tmnow.tm_yday) {
			snprintf(buf, size, "%02d:%02d", tm.tm_hour, tm.tm_min);
			break;
		}
		/* locale month name, as util-linux */
		if (strftime(md, sizeof(md), "%b%d", &tm) == 0)
			snprintf(md, sizeof(md), "%s%02d", months[tm.tm_mon], tm.tm_mday);
		if (tm.tm_year == tmnow.tm_year)
			snprintf(buf, size, "%s", md);
		else
			snprintf(buf, size, "%lld-%s", (long long)tm.tm_year + 1900, md);
		break;
	case TIME_FULL:
		snprintf(buf, size, "%s %s%3d %02d:%02d:%02d %lld",
			 weekdays[tm.tm_wday], months[tm.tm_mon], tm.tm_mday,
			 tm.tm_hour, tm.tm_min, tm.tm_sec, (long long)tm.tm_year + 1900);
		break;
	case TIME_ISO:
		iso_year(year, sizeof(year), &tm);
		/* the sign belongs to the whole offset: -00:30 stays negative */
		off = tm.tm_gmtoff;
		snprintf(buf, size, "%s-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld", year,
			 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
			 off < 0 ? '-' : '+', labs(off) / 3600, labs(off) / 60 % 60);
		break;
	default:
		return NULL;
	}
	return buf;
}

char *fmt_perms(char *buf, size_t size, unsigned int mode, bool octal)
{
	static const char rwx[] = "rwxrwxrwx";
	char s[10];

	if (octal) {
		snprintf(buf, size, "%#o", mode & 0777);
		return buf;
	}
	for (int i = 0; i < 9; i++)
		s[i] = mode & (0400u >> i) ? rwx[i] : '-';
	s[9] = '\0';
	snprintf(buf, size, "%s", s);
	return buf;
}

char *fmt_key(char *buf, size_t size, int32_t key)
{
	snprintf(buf, size, "0x%08" PRIx32, (uint32_t)key);
	return buf;
}

/*
 * Length of the valid UTF-8 sequence at s that a terminal shows as a
 * character, or 0 when the byte at s must be escaped: controls, DEL, the C1
 * controls U+0080..U+009F (a terminal may take 0xc2 0x9b as CSI), and every
 * byte that does not start a well-formed, shortest-form, non-surrogate
 * sequence.
 */
static size_t printable_seq_len(const unsigned char *s)
{
	unsigned char c = s[0];
	unsigned char lo = 0x80, hi = 0xbf;
	size_t len;

	if (c == '\\' || c < 0x20 || c == 0x7f)
		return 0;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		if (c == 0xc2)
			lo = 0xa0;	/* C1 controls */
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		if (c == 0xe0)
			lo = 0xa0;	/* overlong */
		else if (c == 0xed)
			hi = 0x9f;	/* surrogates */
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		if (c == 0xf0)
			lo = 0x90;	/* overlong */
		else if (c == 0xf4)
			hi = 0x8f;	/* beyond U+10FFFF */
	} else {
		return 0;	/* stray continuation byte, 0xc0, 0xc1, 0xf5.. */
	}
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

int str_vprintf(char **ret, const char *fmt, va_list ap)
{
	if (vasprintf(ret, fmt, ap) < 0) {
		*ret = NULL;
		return -ENOMEM;
	}
	return 0;
}

int str_printf(char **ret, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = str_vprintf(ret, fmt, ap);
	va_end(ap);
	return r;
}

char *str_escape_buffer(size_t len, size_t per_byte, size_t extra)
{
	if (len > (SIZE_MAX - extra) / per_byte)
		return NULL;
	return malloc(len * per_byte + extra);
}

char *str_put_hex(char *o, unsigned char b)
{
	static const char hex[] = "0123456789abcdef";

	*o++ = hex[b >> 4];
	*o++ = hex[b & 0xf];
	return o;
}

char *str_escape_terminal(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;
	/* at worst every byte becomes four */
	char *out = str_escape_buffer(strlen(s), 4, 1), *o = out;

	if (!out)
		return NULL;
	while (*p) {
		n = printable_seq_len(p);
		if (n) {
			memcpy(o, p, n);
			o += n;
			p += n;
		} else {
			*o++ = '\\';
			*o++ = 'x';
			o = str_put_hex(o, *p++);
		}
	}
	*o = '\0';
	return out;
}

bool str_is_terminal_safe(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	while (*p) {
		n = printable_seq_len(p);
		if (!n)
			return false;
		p += n;
	}
	return true;
}
