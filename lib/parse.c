/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Strict parsers for command-line values: ids, keys, sizes, modes, names, durations. */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

/*
 * The digits are scanned by hand rather than with strtoull(): strtoull skips
 * leading blanks, accepts "-1" as UINT64_MAX and depends on the locale, and
 * every one of those would have to be undone afterwards.
 */

static int digit_value(char c, unsigned int base)
{
	int v;

	if (c >= '0' && c <= '9')
		v = c - '0';
	else if (c >= 'a' && c <= 'f')
		v = c - 'a' + 10;
	else if (c >= 'A' && c <= 'F')
		v = c - 'A' + 10;
	else
		return -1;
	return (unsigned int)v < base ? v : -1;
}

int parse_digits(const char **pp, const char *end, unsigned int base, uint64_t max,
		 uint64_t *ret)
{
	const char *p = *pp;
	uint64_t v = 0;
	bool over = false;
	int d;

	if ((end && p >= end) || digit_value(*p, base) < 0)
		return -EINVAL;
	/* on overflow the scan still runs to the end of the digits, so that
	 * the caller can tell "too big" from "trailing junk" */
	for (; (!end || p < end) && (d = digit_value(*p, base)) >= 0; p++) {
		if (over || v > max / base || (unsigned int)d > max - v * base)
			over = true;
		else
			v = v * base + (unsigned int)d;
	}
	*pp = p;
	if (over)
		return -ERANGE;
	*ret = v;
	return 0;
}

/* The digits of base at *pp, up to the first byte that is not one. */
static int scan_digits(const char **pp, unsigned int base, uint64_t *ret)
{
	return parse_digits(pp, NULL, base, UINT64_MAX, ret);
}

/*
 * A base-0 magnitude (0x hex, 0 octal, else decimal) at *pp, no sign.
 * Leaves *pp after the digits.
 */
static int scan_base0(const char **pp, uint64_t *ret)
{
	const char *p = *pp;
	unsigned int base = 10;
	int r;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	} else if (p[0] == '0' && p[1] >= '0' && p[1] <= '9') {
		/* "0" alone is zero (and "0.5K" a fraction); "0DIGITS" is octal */
		base = 8;
		p++;
		if (*p > '7')
			return -EINVAL;	/* "08", "09": wrong base */
	}
	r = scan_digits(&p, base, ret);
	if (r == -EINVAL)
		return r;
	/* a digit of a larger base right after an octal number: wrong base */
	if (base == 8 && *p >= '8' && *p <= '9')
		return -EINVAL;
	*pp = p;
	return r;
}

/* Skip a leading '+', or a '-' where neg_ok (-EINVAL where not). */
static int scan_sign(const char **pp, bool neg_ok, bool *ret_neg)
{
	*ret_neg = false;
	if (**pp == '+') {
		(*pp)++;
	} else if (**pp == '-') {
		if (!neg_ok)
			return -EINVAL;
		*ret_neg = true;
		(*pp)++;
	}
	return 0;
}

/* What a scan that returned r and stopped at p means for a whole string:
 * no number, or anything after it, is -EINVAL before any -ERANGE. */
static int whole(int r, const char *p)
{
	return r == -EINVAL || *p != '\0' ? -EINVAL : r;
}

/* The magnitude mag with its sign, at most max_neg below zero or max_pos above it (both <= 2^63). */
static int apply_sign(bool neg, uint64_t mag, uint64_t max_neg, uint64_t max_pos, int64_t *ret)
{
	if (mag > (neg ? max_neg : max_pos))
		return -ERANGE;
	if (!neg)
		*ret = (int64_t)mag;
	else
		*ret = mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mag;
	return 0;
}

int parse_int64(const char *s, int64_t min, int64_t max, int64_t *ret)
{
	const char *p = s;
	bool neg;
	uint64_t mag;
	int64_t v = 0;
	int r;

	if (!s || scan_sign(&p, min < 0, &neg) < 0)
		return -EINVAL;
	r = scan_digits(&p, 10, &mag);
	r = whole(r, p);
	if (r == 0)
		r = apply_sign(neg, mag, (uint64_t)INT64_MAX + 1, INT64_MAX, &v);
	if (r < 0)
		return r;
	if (v < min || v > max)
		return -ERANGE;
	*ret = v;
	return 0;
}

int parse_uint64_base0(const char *s, uint64_t max, uint64_t *ret)
{
	const char *p = s;
	uint64_t v;
	int r;

	if (!s)
		return -EINVAL;
	r = scan_base0(&p, &v);
	r = whole(r, p);
	if (r < 0)
		return r;
	if (v > max)
		return -ERANGE;
	*ret = v;
	return 0;
}

int parse_id(const char *s, int *ret)
{
	int64_t v;
	int r;

	r = parse_int64(s, 0, INT_MAX, &v);
	if (r < 0)
		return r;
	*ret = (int)v;
	return 0;
}

int parse_pid(const char *s, int *ret)
{
	uint64_t v;

	if (parse_digits(&s, NULL, 10, INT_MAX, &v) < 0 || *s || v == 0)
		return -EINVAL;
	*ret = (int)v;
	return 0;
}

int parse_key(const char *s, int32_t *ret)
{
	const char *p = s;
	bool neg;
	uint64_t mag;
	int64_t v = 0;
	int r;

	if (!s)
		return -EINVAL;
	(void)scan_sign(&p, true, &neg);
	r = scan_base0(&p, &mag);
	r = whole(r, p);
	/* keys are 32-bit: -1 is the same key as 0xffffffff */
	if (r == 0)
		r = apply_sign(neg, mag, (uint64_t)INT32_MAX + 1, UINT32_MAX, &v);
	if (r < 0)
		return r;
	*ret = (int32_t)(uint32_t)v;
	return 0;
}

/* 1024^n or 1000^n for n = 1..8; 0 when it does not fit (Z, Y). */
static uint64_t unit_multiplier(unsigned int power, unsigned int base)
{
	uint64_t m = 1;

	for (unsigned int i = 0; i < power; i++) {
		if (m > UINT64_MAX / base)
			return 0;
		m *= base;
	}
	return m;
}

int parse_size(const char *s, uint64_t *ret)
{
	static const char units[] = "KMGTPEZY";
	const char *p = s, *frac = NULL, *u;
	size_t nfrac = 0;
	unsigned int power, base;
	uint64_t v, mult, whole, part;
	int r;

	if (!s)
		return -EINVAL;
	r = scan_base0(&p, &v);
	if (r == -EINVAL)
		return r;
	/* the overflow is reported once we know the rest is well formed */

	if (*p == '.') {
		/* a fraction only after a plain decimal number ("1.5K", not "0x1.8K") */
		if (s[0] == '0' && s + 1 != p)
			return -EINVAL;
		frac = ++p;
		while (*p >= '0' && *p <= '9')
			p++;
		nfrac = (size_t)(p - frac);
		if (nfrac == 0)
			return -EINVAL;
	}

	if (*p == '\0') {
		if (frac)
			return -EINVAL;	/* "1.5" means nothing without a unit */
		if (r < 0)
			return r;
		*ret = v;
		return 0;
	}

	u = strchr(units, *p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
	if (!u || *p == '\0')
		return -EINVAL;
	power = (unsigned int)(u - units) + 1;
	p++;
	if (*p == '\0' || (p[0] == 'i' && (p[1] == 'B' || p[1] == 'b') && p[2] == '\0'))
		base = 1024;
	else if ((p[0] == 'B' || p[0] == 'b') && p[1] == '\0')
		base = 1000;
	else
		return -EINVAL;

	if (r < 0)
		return r;
	mult = unit_multiplier(power, base);
	if (mult == 0)
		return -ERANGE;
	if (v > UINT64_MAX / mult)
		return -ERANGE;
	whole = v * mult;

	part = 0;
	if (frac) {
		/*
		 * floor(0.DIGITS * mult), digit by digit so that nothing
		 * overflows: part/mult stays an exact fraction below 1. Digits
		 * beyond the 20th cannot change a 64-bit result.
		 */
		uint64_t num = 0, den = 1;

		for (size_t i = 0; i < nfrac && i < 19; i++) {
			num = num * 10 + (uint64_t)(frac[i] - '0');
			den *= 10;
		}
		/* mult * num / den without overflow: split mult = q*den + rem */
		part = (mult / den) * num + ((mult % den) * (unsigned __int128)num) / den;
		if (part > UINT64_MAX - whole)
			return -ERANGE;
	}
	*ret = whole + part;
	return 0;
}

int parse_mode(const char *s, unsigned int *ret)
{
	const char *p = s;
	uint64_t v;
	int r;

	if (!s)
		return -EINVAL;
	r = scan_digits(&p, 8, &v);
	r = whole(r, p);
	if (r < 0 || v > 0777)
		return r < 0 ? r : -ERANGE;
	*ret = (unsigned int)v;
	return 0;
}

int parse_posix_name(const char *s, char **ret)
{
	const char *name;
	size_t len;
	char *copy;

	if (!s)
		return -EINVAL;
	name = s[0] == '/' ? s + 1 : s;
	len = strlen(name);
	if (len == 0 || strchr(name, '/'))
		return -EINVAL;
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return -EINVAL;
	if (len > NAME_MAX)
		return -ERANGE;
	copy = malloc(len + 2);
	if (!copy)
		return -ENOMEM;
	copy[0] = '/';
	memcpy(copy + 1, name, len + 1);
	*ret = copy;
	return 0;
}

int parse_duration(const char *s, int64_t *ret_seconds)
{
	const char *p = s;
	uint64_t v, unit;
	int r;

	if (!s)
		return -EINVAL;
	r = scan_digits(&p, 10, &v);
	if (r == -EINVAL)
		return r;
	switch (*p) {
	case '\0':
		unit = 1;
		break;
	case 's':
		unit = 1;
		p++;
		break;
	case 'm':
		unit = 60;
		p++;
		break;
	case 'h':
		unit = 3600;
		p++;
		break;
	case 'd':
		unit = 86400;
		p++;
		break;
	case 'w':
		unit = 7 * 86400;
		p++;
		break;
	default:
		return -EINVAL;
	}
	if (*p != '\0')
		return -EINVAL;
	if (r < 0 || v > (uint64_t)INT64_MAX / unit)
		return -ERANGE;
	*ret_seconds = (int64_t)(v * unit);
	return 0;
}
