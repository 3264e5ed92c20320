/*
 * format.c: see format.h.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "format.h"

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
	if (!isfinite(v) || fabs(v) >= 1e300) {
		buf_puts(b, "?");
		return;
	}
	snprintf(tmp, sizeof tmp, "%.*f", decimals, v);
	if (tmp[0] == '-' && strspn(tmp + 1, "0.") == strlen(tmp + 1))
		p = tmp + 1;                    /* no "-0" */
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
