/*
 * check_numfmt.c: lib/numfmt.c, the one number formatter
 * (reeks_fmt_fixed(), lib/shared.h): printf's digits, never "-0", in any
 * locale. With REEKS_BENCH set in the environment it also prints what a
 * number costs, beside snprintf (the figures in lib/shared.h).
 */
#define _GNU_SOURCE
#include <locale.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <check.h>

#include "shared.h"

/* Every edge case, with the bytes wanted. */
START_TEST(test_cases)
{
	static const struct {
		double v;
		int decimals;
		const char *want;
	} cases[] = {
		/* Never "-0". */
		{ -0.0, 0, "0" }, { -0.0, 1, "0.0" }, { -0.0, 2, "0.00" },
		{ -0.004, 2, "0.00" }, { -0.4, 0, "0" }, { -0.49, 0, "0" },
		{ -1e-300, 15, "0.000000000000000" },
		/* ... but a negative that does not round to zero keeps it
		 * (-0.5 is a tie, to even: 0). */
		{ -0.005, 2, "-0.01" }, { -0.5, 0, "0" }, { -0.51, 0, "-1" },
		{ -0.006, 2, "-0.01" }, { -71.94, 1, "-71.9" },
		/* Halves: the double's exact value decides, a true tie goes
		 * to even, as printf does. */
		{ 0.5, 0, "0" }, { 1.5, 0, "2" }, { 2.5, 0, "2" },
		{ 3.5, 0, "4" }, { -2.5, 0, "-2" }, { 0.125, 2, "0.12" },
		{ 0.375, 2, "0.38" }, { 1.005, 2, "1.00" },  /* 1.00499.. */
		{ 1.015, 2, "1.01" }, { 0.15, 1, "0.1" }, { 1.05, 1, "1.1" },
		/* Large values: past 2^52 once scaled, printf's digits. */
		{ 4503599627370496.0, 0, "4503599627370496" },
		{ 4503599627370497.0, 0, "4503599627370497" },
		{ 1e15, 2, "1000000000000000.00" },
		{ 1e20, 3, "100000000000000000000.000" },
		{ 123456789.125, 2, "123456789.12" },
		{ -9007199254740993.0, 0, "-9007199254740992" },
		/* 15 decimals, and more (printf's). */
		{ 0.000000000000005, 15, "0.000000000000005" },
		{ 1.0 / 3, 15, "0.333333333333333" },
		{ 2.0 / 3, 15, "0.666666666666667" },
		{ 0.1, 17, "0.10000000000000001" },
		/* Not numbers. */
		{ NAN, 2, "nan" }, { -NAN, 0, "nan" }, { INFINITY, 1, "inf" },
		{ -INFINITY, 3, "-inf" },
		/* Decimals below 0 are 0. */
		{ 2.5, -1, "2" }, { 33500, -7, "33500" },
	};
	char got[REEKS_FMT_FIXED_MAX];

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		size_t n;

		memset(got, 'x', sizeof got);
		n = reeks_fmt_fixed(got, sizeof got, cases[i].v,
		    cases[i].decimals);
		ck_assert_msg(strcmp(got, cases[i].want) == 0,
		    "%.17g at %d: '%s', not '%s'", cases[i].v,
		    cases[i].decimals, got, cases[i].want);
		ck_assert_uint_eq(n, strlen(cases[i].want));
	}
	/* The largest double, at 15 decimals, fits REEKS_FMT_FIXED_MAX. */
	ck_assert_uint_eq(reeks_fmt_fixed(got, sizeof got, -DBL_MAX, 15),
	    1 + 309 + 1 + 15);
	ck_assert_uint_eq(strlen(got), 1 + 309 + 1 + 15);
	ck_assert_str_eq(got + 1 + 309, ".000000000000000");
}
END_TEST

/* A small DST: cut short, NUL-terminated, the length of what is there. */
START_TEST(test_short_buffer)
{
	char got[8];

	memset(got, 'x', sizeof got);
	ck_assert_uint_eq(reeks_fmt_fixed(got, 4, 12.345, 2), 3);
	ck_assert_str_eq(got, "12.");
	ck_assert_int_eq(got[4], 'x');
	/* "-0.001" cut short: the sign stays, it is not "-0". */
	ck_assert_uint_eq(reeks_fmt_fixed(got, 6, -0.001, 3), 5);
	ck_assert_str_eq(got, "-0.00");
	ck_assert_uint_eq(reeks_fmt_fixed(got, 6, -0.0001, 3), 5);
	ck_assert_str_eq(got, "0.000");     /* no "-0" here either */
	ck_assert_uint_eq(reeks_fmt_fixed(got, 1, 5, 0), 0);
	ck_assert_str_eq(got, "");
}
END_TEST

/* printf's bytes for V at D, without "-0" and "-nan". */
static void
want_of(char *want, size_t size, double v, int d)
{
	snprintf(want, size, "%.*f", d, v);
	if (want[0] == '-' && (strspn(want + 1, "0.") == strlen(want + 1) ||
	    strcmp(want + 1, "nan") == 0))
		memmove(want, want + 1, strlen(want));
}

/* Random doubles of every kind, ties and figures of the data, at 0 to 17
 * decimals: printf's bytes but for the sign of zero. */
START_TEST(test_random)
{
	uint64_t x = 0x9e3779b97f4a7c15u;
	char got[REEKS_FMT_FIXED_MAX], want[REEKS_FMT_FIXED_MAX];
	int zeros = 0;

	for (int i = 0; i < 100000; i++) {
		double v;
		int d;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		d = (int)(x % 18);
		switch (x >> 60) {
		case 0: case 1: case 2:         /* any bits at all */
			memcpy(&v, &x, sizeof v);
			break;
		case 3: case 4: case 5:         /* a tie at D decimals */
			v = ((double)(x >> 40 & 0xfffff) + 0.5) / pow(10, d);
			break;
		case 6: case 7:                 /* near zero, either sign */
			v = (double)(int64_t)(x >> 20 & 0xfff) / 1e6 *
			    ((x & 1) ? -1 : 1);
			break;
		default:                        /* a figure of the data */
			v = (double)(int64_t)(x >> 24 & 0xffffffff) / 1000 *
			    ((x & 1) ? -1 : 1);
			break;
		}
		want_of(want, sizeof want, v, d);
		ck_assert_uint_eq(reeks_fmt_fixed(got, sizeof got, v, d),
		    strlen(want));
		ck_assert_msg(strcmp(got, want) == 0, "%.17g at %d: %s, not %s",
		    v, d, got, want);
		if (signbit(v) && strspn(got, "0.") == strlen(got))
			zeros++;
	}
	ck_assert_int_gt(zeros, 100);    /* "-0" was asked for, often */
}
END_TEST

/* A locale with a decimal comma does not change the point, on the fast
 * path or printf's. */
START_TEST(test_locale)
{
	static const char *const names[] = {
		"nl_NL.UTF-8", "de_DE.UTF-8", "fr_FR.UTF-8", "nl_NL", "de_DE"
	};
	locale_t comma = (locale_t)0, old;
	char got[REEKS_FMT_FIXED_MAX];

	for (size_t i = 0; i < sizeof names / sizeof *names &&
	    comma == (locale_t)0; i++)
		comma = newlocale(LC_NUMERIC_MASK, names[i], (locale_t)0);
	if (comma == (locale_t)0) {
		/* No such locale here: printf cannot write a comma, and
		 * there is nothing to test. Say so. */
		fprintf(stderr, "check_numfmt: no locale with a decimal comma "
		    "installed; test_locale checks the C locale only\n");
		comma = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	}
	ck_assert(comma != (locale_t)0);
	old = uselocale(comma);
	reeks_fmt_fixed(got, sizeof got, 4.5, 1);
	ck_assert_str_eq(got, "4.5");
	reeks_fmt_fixed(got, sizeof got, 1e20, 1);          /* printf's */
	ck_assert_str_eq(got, "100000000000000000000.0");
	reeks_fmt_fixed(got, sizeof got, -0.04, 20);        /* printf's */
	ck_assert_str_eq(got, "-0.04000000000000000083");
	uselocale(old);
	freelocale(comma);
}
END_TEST

static double
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* REEKS_BENCH: ns a number for figures of a site, at 1 and 2 decimals,
 * reeks_fmt_fixed() and snprintf; the best of five runs. */
static void
bench(void)
{
	enum { N = 1000000 };
	static double v[N];
	char out[REEKS_FMT_FIXED_MAX];
	uint64_t x = 88172645463325252u;
	double best[2] = { 1e30, 1e30 };
	size_t sink = 0;

	for (int i = 0; i < N; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		v[i] = (double)(x >> 40) / 100;     /* 0 to 167,772.15 */
	}
	for (int run = 0; run < 5; run++) {
		for (int k = 0; k < 2; k++) {
			double t = now_ns();

			for (int i = 0; i < N; i++)
				sink += k == 0 ?
				    reeks_fmt_fixed(out, sizeof out, v[i],
				    1 + (i & 1)) :
				    (size_t)snprintf(out, sizeof out, "%.*f",
				    1 + (i & 1), v[i]);
			t = (now_ns() - t) / N;
			if (t < best[k])
				best[k] = t;
		}
	}
	printf("numfmt: reeks_fmt_fixed %.1f ns a number, snprintf %.1f ns "
	    "(%zu bytes)\n", best[0], best[1], sink);
}

int
main(void)
{
	Suite *s = suite_create("numfmt");
	TCase *tc = tcase_create("numfmt");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_cases);
	tcase_add_test(tc, test_short_buffer);
	tcase_add_test(tc, test_random);
	tcase_add_test(tc, test_locale);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	if (getenv("REEKS_BENCH") != NULL)
		bench();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
