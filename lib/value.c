/*
 * value.c: numbers and periods as the data files write them.
 */
#define _GNU_SOURCE
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Accepts -?(d{1,3}(,ddd)+|d+)(.d+)? exactly, as data/reeks.xsd does. */
bool
reeks_value_parse(const char *text, double *out)
{
	char buf[512];
	size_t n = 0;
	const char *p = text;
	size_t lead = 0;
	bool grouped = false;
	locale_t c;
	char *end;
	double v;

	if (*p == '-')
		buf[n++] = *p++;
	while (*p >= '0' && *p <= '9') {
		if (n + 2 >= sizeof buf)
			return false;
		buf[n++] = *p++;
		lead++;
	}
	if (lead == 0)
		return false;
	while (*p == ',') {
		if (!grouped && lead > 3)
			return false;
		grouped = true;
		p++;
		for (int i = 0; i < 3; i++, p++) {
			if (*p < '0' || *p > '9' || n + 2 >= sizeof buf)
				return false;
			buf[n++] = *p;
		}
	}
	if (*p == '.') {
		buf[n++] = *p++;
		if (*p < '0' || *p > '9')
			return false;
		while (*p >= '0' && *p <= '9') {
			if (n + 2 >= sizeof buf)
				return false;
			buf[n++] = *p++;
		}
	}
	if (*p != '\0')
		return false;
	buf[n] = '\0';

	/* strtod depends on LC_NUMERIC; read in the C locale whatever the
	 * caller's locale is. */
	c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	if (c == (locale_t)0)
		return false;
	v = strtod_l(buf, &end, c);
	freelocale(c);
	if (*end != '\0' || !isfinite(v))
		return false;
	*out = v;
	return true;
}

/* Whether TEXT, a number reeks_value_parse() accepts, is a whole number: no
 * decimal part, or only zeros after the point. Decided on the digits, not
 * on the double, which cannot tell 0.(330 zeros)1 or 1.0000000000000001
 * from a whole number. */
bool
reeks_value_is_whole(const char *text)
{
	const char *point = strchr(text, '.');

	return point == NULL || point[1 + strspn(point + 1, "0")] == '\0';
}

static bool
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

static int
digits(const char *p, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

/* Parse one date of LEN bytes at P; returns NULL or an error message. */
static const char *
date_parse(const char *p, size_t len, reeks_date *d)
{
	*d = (reeks_date){ 0, 0, 0 };
	if ((len != 4 && len != 7 && len != 10) ||
	    (d->year = digits(p, 4)) < 0)
		return "expected YYYY, YYYY-MM or YYYY-MM-DD";
	if (len >= 7) {
		if (p[4] != '-' || (d->month = digits(p + 5, 2)) < 0)
			return "expected YYYY, YYYY-MM or YYYY-MM-DD";
		if (d->month < 1 || d->month > 12)
			return "month must be 01 to 12";
	}
	if (len == 10) {
		if (p[7] != '-' || (d->day = digits(p + 8, 2)) < 0)
			return "expected YYYY, YYYY-MM or YYYY-MM-DD";
		if (d->day < 1 || d->day > days_in_month(d->year, d->month))
			return "no such day in that month";
	}
	return NULL;
}

const char *
reeks_period_parse(const char *text, reeks_date *start, reeks_date *end,
    bool *interval)
{
	const char *slash = strchr(text, '/');
	const char *err;

	if (slash == NULL) {
		if ((err = date_parse(text, strlen(text), start)) != NULL)
			return err;
		*end = *start;
		*interval = false;
		return NULL;
	}
	if ((err = date_parse(text, (size_t)(slash - text), start)) != NULL ||
	    (err = date_parse(slash + 1, strlen(slash + 1), end)) != NULL)
		return err;
	int c = reeks_date_cmp(*start, *end, false);
	if (c > 0)
		return "the interval ends before it starts";
	if (c == 0)
		return "the interval starts and ends at the same time";
	*interval = true;
	return NULL;
}

int
reeks_date_cmp(reeks_date a, reeks_date b, bool last)
{
	int am = a.month, bm = b.month, ad = a.day, bd = b.day;

	if (am == 0)
		am = last ? 12 : 1;
	if (bm == 0)
		bm = last ? 12 : 1;
	if (ad == 0)
		ad = last ? days_in_month(a.year, am) : 1;
	if (bd == 0)
		bd = last ? days_in_month(b.year, bm) : 1;
	if (a.year != b.year)
		return a.year < b.year ? -1 : 1;
	if (am != bm)
		return am < bm ? -1 : 1;
	if (ad != bd)
		return ad < bd ? -1 : 1;
	return 0;
}
