/*
 * numfmt.c: the one number formatter (see shared.h): lib/claim.c's
 * messages, gen/'s buf_printf() and fmt_double() all come here.
 */
#define _GNU_SOURCE
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* The digits of N, at least MIN of them (zeros in front), into the end of
 * a buffer that ends at END; returns where they start. */
static char *
digits_back(char *end, uint64_t n, int min)
{
	char *p = end;

	do {
		*--p = (char)('0' + n % 10);
		n /= 10;
		min--;
	} while (n > 0 || min > 0);
	return p;
}

/* What reeks_fmt_fixed() gives where printf does the work: "%.*f" in the
 * C locale (printf follows LC_NUMERIC, which a program using the library
 * may have set), then no "-0" and no "-nan". The sign is decided on |V|
 * printed whole: the first digit that is not 0 of a double below 1 comes
 * within 330 decimals, so TMP shows one if there is one, however short
 * DST is and however many decimals there are. */
static size_t
fmt_slow(char *dst, size_t cap, double v, int decimals)
{
	locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	locale_t old = c != (locale_t)0 ? uselocale(c) : (locale_t)0;
	char tmp[512];
	bool minus = false;
	int rc;

	if (signbit(v) && !isnan(v)) {
		snprintf(tmp, sizeof tmp, "%.*f", decimals, fabs(v));
		minus = tmp[strspn(tmp, "0.")] != '\0';
	}
	rc = snprintf(dst, cap, "%s%.*f", minus ? "-" : "", decimals, fabs(v));
	if (c != (locale_t)0) {
		uselocale(old);
		freelocale(c);
	}
	if (rc < 0) {
		if (cap > 0)
			dst[0] = '\0';
		return 0;
	}
	return cap == 0 ? 0 : (size_t)rc < cap ? (size_t)rc : cap - 1;
}

size_t
reeks_fmt_fixed(char *dst, size_t cap, double v, int decimals)
{
	static const double pow10[] = {
		1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
		1e12, 1e13, 1e14, 1e15
	};
	char tmp[40], *p, *end = tmp + sizeof tmp;
	double a, scale, q, err, f, frac;
	uint64_t n;
	size_t len;

	if (decimals < 0)
		decimals = 0;
	if (!isfinite(v) || decimals > 15 || cap < sizeof tmp)
		return fmt_slow(dst, cap, v, decimals);
	a = fabs(v);
	scale = pow10[decimals];
	q = a * scale;
	/* Below 2^52 every half integer is a double, so Q's fraction
	 * decides unless it is exactly one half; then the rounding error
	 * of the product, ERR (exact by fma: a * scale = q + err), says on
	 * which side the true product lies, and a true tie goes to even, as
	 * printf does. */
	if (!(q < 4503599627370496.0))
		return fmt_slow(dst, cap, v, decimals);
	err = fma(a, scale, -q);
	f = floor(q);
	frac = q - f;
	n = (uint64_t)f;
	if (frac > 0.5 || (frac == 0.5 && (err > 0 || (err == 0 &&
	    (n & 1) != 0))))
		n++;
	p = end;
	if (decimals > 0) {
		p = digits_back(p, n % (uint64_t)scale, decimals);
		*--p = '.';
	}
	p = digits_back(p, n / (uint64_t)scale, 1);
	if (signbit(v) && n != 0)       /* never "-0" */
		*--p = '-';
	len = (size_t)(end - p);
	memcpy(dst, p, len);
	dst[len] = '\0';
	return len;
}
