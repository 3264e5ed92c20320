/*
 * format.c: see format.h.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/format.h"
#include "shared.h"

void
fmt_text(buf *b, const char *text, reeks_lang lang)
{
	if (lang != REEKS_NL) {
		buf_puts(b, text);
		return;
	}
	for (; *text != '\0'; text++)
		buf_putc(b, *text == ',' ? '.' : *text == '.' ? ',' : *text);
}

/* V (|V| >= 1e15, finite) as a power of ten with three significant
 * digits, "1.5×10¹⁸" ("1,5×10¹⁸" in Dutch): beyond this the digits of a
 * double are not the data's, and a 300-digit axis label is unreadable. */
static void
fmt_power(buf *b, double v, reeks_lang lang)
{
	static const char *const sup[10] = {
		"\xe2\x81\xb0", "\xc2\xb9", "\xc2\xb2", "\xc2\xb3",
		"\xe2\x81\xb4", "\xe2\x81\xb5", "\xe2\x81\xb6",
		"\xe2\x81\xb7", "\xe2\x81\xb8", "\xe2\x81\xb9",
	};
	char tmp[64], *e, *end;
	long exp10;

	snprintf(tmp, sizeof tmp, "%.2e", v);   /* "-1.50e+18" */
	if ((e = strchr(tmp, 'e')) == NULL)
		return;
	*e = '\0';
	exp10 = strtol(e + 1, NULL, 10);
	end = e;
	while (end[-1] == '0')              /* 1.50 -> 1.5, 1.00 -> 1. */
		*--end = '\0';
	if (end[-1] == '.')
		*--end = '\0';
	fmt_text(b, tmp, lang);
	buf_puts(b, "\xc3\x97" "10");     /* × */
	snprintf(tmp, sizeof tmp, "%ld", exp10);
	for (const char *d = tmp; *d >= '0' && *d <= '9'; d++)
		buf_puts(b, sup[*d - '0']);
}

void
fmt_double(buf *b, double v, int decimals, reeks_lang lang)
{
	char tmp[400];
	const char *p = tmp, *dot;
	size_t intlen;

	if (decimals < 0)
		decimals = 0;
	if (decimals > 15)
		decimals = 15;
	if (!isfinite(v)) {
		buf_puts(b, "?");
		return;
	}
	if (fabs(v) >= 1e15) {
		fmt_power(b, v, lang);
		return;
	}
	reeks_fmt_fixed(tmp, sizeof tmp, v, decimals);   /* never "-0" */
	if (*p == '-') {
		buf_putc(b, '-');
		p++;
	}
	dot = strchr(p, '.');
	intlen = dot != NULL ? (size_t)(dot - p) : strlen(p);
	for (size_t i = 0; i < intlen; i++) {
		if (i > 0 && (intlen - i) % 3 == 0)
			buf_putc(b, lang == REEKS_NL ? '.' : ',');
		buf_putc(b, p[i]);
	}
	if (dot != NULL) {
		buf_putc(b, lang == REEKS_NL ? ',' : '.');
		buf_puts(b, dot + 1);
	}
}

int
fmt_decimals(double v, int sig, int max)
{
	int d;

	if (v == 0 || !isfinite(v))
		return 0;
	d = sig - 1 - (int)floor(log10(fabs(v)));
	if (d < 0)
		d = 0;
	return d > max ? max : d;
}

int
fmt_text_decimals(const char *text)
{
	const char *dot;
	int n = 0;

	if (text == NULL || (dot = strchr(text, '.')) == NULL)
		return 0;
	while (dot[1 + n] >= '0' && dot[1 + n] <= '9')
		n++;
	return n;
}

int
fmt_change_decimals(const char *from, const char *to)
{
	int a = fmt_text_decimals(from), b = fmt_text_decimals(to);

	return a > b ? a : b;
}

int
fmt_span_decimals(double years)
{
	char tmp[400];
	size_t n;

	if (!isfinite(years))
		return 0;
	/* As fmt_double() would print it at one decimal: "8.0" is 8. */
	n = reeks_fmt_fixed(tmp, sizeof tmp, years, 1);
	return n >= 2 && strcmp(tmp + n - 2, ".0") == 0 ? 0 : 1;
}

bool
fmt_span_is_one(double years)
{
	return fmt_span_decimals(years) == 0 && fabs(years - 1) < 0.5;
}

void
fmt_signed(buf *b, double v, int decimals, reeks_lang lang)
{
	char tmp[400];

	if (!isfinite(v)) {
		fmt_double(b, v, decimals, lang);       /* "?" */
		return;
	}
	if (fabs(v) < 1e15) {
		/* The sign of V as printed: none when every digit is 0. */
		reeks_fmt_fixed(tmp, sizeof tmp, fabs(v), decimals < 0 ? 0 :
		    decimals > 15 ? 15 : decimals);
		if (tmp[strspn(tmp, "0.")] == '\0')
			v = 0;
	}
	if (v > 0)
		buf_putc(b, '+');
	else if (v < 0)
		buf_puts(b, "\xe2\x88\x92");       /* − */
	fmt_double(b, fabs(v), decimals, lang);
}

void
fmt_change(buf *b, double change, const char *from_text,
    const char *to_text, reeks_lang lang)
{
	fmt_signed(b, change, fmt_change_decimals(from_text, to_text), lang);
}

const char *
fmt_month(int m, reeks_lang lang)
{
	static const char *const names[2][12] = {
		{ "January", "February", "March", "April", "May", "June",
		  "July", "August", "September", "October", "November",
		  "December" },
		{ "januari", "februari", "maart", "april", "mei", "juni",
		  "juli", "augustus", "september", "oktober", "november",
		  "december" },
	};

	if (m < 1 || m > 12)
		return NULL;
	return names[lang == REEKS_NL][m - 1];
}

void
fmt_date(buf *b, reeks_date d, reeks_lang lang)
{
	const char *month = fmt_month(d.month, lang);

	if (month == NULL)
		buf_printf(b, "%d", d.year);
	else if (d.day < 1 || d.day > 31)
		buf_printf(b, "%s %d", month, d.year);
	else
		buf_printf(b, "%d %s %d", d.day, month, d.year);
}

/* N decimal digits at P, as a number; -1 when they are not digits. */
static int
digits_at(const char *p, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

bool
fmt_date_iso(buf *b, const char *iso, reeks_lang lang)
{
	reeks_date d = { 0, 0, 0 };
	size_t len = iso != NULL ? strlen(iso) : 0;

	if ((len != 4 && len != 7 && len != 10) ||
	    (d.year = digits_at(iso, 4)) < 0)
		return false;
	if (len >= 7 && (iso[4] != '-' ||
	    (d.month = digits_at(iso + 5, 2)) < 1 || d.month > 12))
		return false;
	if (len == 10 && (iso[7] != '-' ||
	    (d.day = digits_at(iso + 8, 2)) < 1 || d.day > 31))
		return false;
	fmt_date(b, d, lang);
	return true;
}

void
fmt_period(buf *b, const char *period, reeks_lang lang)
{
	const char *slash = strchr(period, '/');
	char first[16];
	size_t n = slash != NULL ? (size_t)(slash - period) : strlen(period);

	if (n < sizeof first) {
		memcpy(first, period, n);
		first[n] = '\0';
		if (!fmt_date_iso(b, first, lang))
			buf_puts(b, first);
	} else {
		buf_add(b, period, n);
	}
	if (slash != NULL) {
		buf_puts(b, "\xe2\x80\x93");
		if (!fmt_date_iso(b, slash + 1, lang))
			buf_puts(b, slash + 1);
	}
}

const char *
fmt_no_date(reeks_lang lang)
{
	return lang == REEKS_NL ? "z.d." : "n.d.";
}
