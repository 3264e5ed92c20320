/*
 * numfmt.c: the time a number takes to format with fixed_format() and
 * buf_printf() (gen/util/buf.c) against snprintf, for the figure quoted
 * in gen/util/buf.h. Not a test: it prints processor nanoseconds a
 * number (the best of three runs).
 *
 * usage: tests/bench/numfmt [N]     (N numbers a run, default 2,000,000)
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "util/buf.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double
min(double a, double b)
{
	return a < b ? a : b;
}

/* Figures like a site's: counts, rates with one or two decimals. */
static double
figure(unsigned *x, int i)
{
	*x = *x * 1103515245u + 12345u;
	return i % 3 == 0 ? (double)(*x >> 12) :
	    (double)(*x >> 8) / 1000.0;
}

int
main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 2000000;
	double *v = malloc((size_t)n * sizeof *v), t;
	char dst[400];
	size_t sink = 0;
	unsigned x = 1;
	buf b = { 0 };

	if (v == NULL || n <= 0)
		return 1;
	for (int i = 0; i < n; i++)
		v[i] = figure(&x, i);
	for (int d = 0; d <= 2; d++) {
		double ff = 1e9, bp = 1e9, sp = 1e9;

		for (int run = 0; run < 3; run++) {
			t = now();
			for (int i = 0; i < n; i++)
				sink += fixed_format(dst, sizeof dst, v[i], d);
			ff = min(ff, (now() - t) / n * 1e9);
			t = now();
			for (int i = 0; i < n; i++) {
				buf_reset(&b);
				if (d == 0)
					buf_printf(&b, "%.0f", v[i]);
				else if (d == 1)
					buf_printf(&b, "%.1f", v[i]);
				else
					buf_printf(&b, "%.2f", v[i]);
				sink += b.len;
			}
			bp = min(bp, (now() - t) / n * 1e9);
			t = now();
			for (int i = 0; i < n; i++)
				sink += (size_t)snprintf(dst, sizeof dst,
				    "%.*f", d, v[i]);
			sp = min(sp, (now() - t) / n * 1e9);
		}
		printf("%%.%df: fixed_format %.1f ns, buf_printf %.1f ns, "
		    "snprintf %.1f ns a number\n", d, ff, bp, sp);
	}
	buf_free(&b);
	free(v);
	return sink == 0;
}
