/*
 * check_format.c: gen/util/format.h, numbers as a reader of each
 * language expects them: exact strings in English and Dutch.
 */
#include <math.h>
#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "util/format.h"

/* fmt_double(V, DECIMALS) in English and in Dutch. */
#define DOUBLE_IS(v, decimals, en, nl) \
	double_is((v), (decimals), (en), (nl), __LINE__)

static void
double_is(double v, int decimals, const char *en, const char *nl, int line)
{
	buf b = { 0 };

	fmt_double(&b, v, decimals, REEKS_EN);
	ck_assert_msg(b.data != NULL && strcmp(b.data, en) == 0,
	    "line %d: English '%s', expected '%s'", line,
	    b.data != NULL ? b.data : "", en);
	buf_reset(&b);
	fmt_double(&b, v, decimals, REEKS_NL);
	ck_assert_msg(b.data != NULL && strcmp(b.data, nl) == 0,
	    "line %d: Dutch '%s', expected '%s'", line,
	    b.data != NULL ? b.data : "", nl);
	ck_assert(!b.failed);
	buf_free(&b);
}

/* fmt_text(TEXT) in English and in Dutch. */
static void
text_is(const char *text, const char *en, const char *nl)
{
	buf b = { 0 };

	fmt_text(&b, text, REEKS_EN);
	ck_assert_str_eq(b.data != NULL ? b.data : "", en);
	buf_reset(&b);
	fmt_text(&b, text, REEKS_NL);
	ck_assert_str_eq(b.data != NULL ? b.data : "", nl);
	buf_free(&b);
}

START_TEST(test_text)
{
	/* The data's notation, digit for digit: Dutch swaps ',' and '.'. */
	text_is("33,500", "33,500", "33.500");
	text_is("4.5", "4.5", "4,5");
	text_is("14,491,632", "14,491,632", "14.491.632");
	text_is("1,234.50", "1,234.50", "1.234,50");
	text_is("-0.4", "-0.4", "-0,4");
	/* Nothing else changes: not the digits, sign or any other text. */
	text_is("-61", "-61", "-61");
	text_is("0", "0", "0");
	text_is("a.b,c d", "a.b,c d", "a,b.c d");
	text_is("", "", "");
}
END_TEST

START_TEST(test_grouping)
{
	DOUBLE_IS(0, 0, "0", "0");
	DOUBLE_IS(7, 0, "7", "7");
	DOUBLE_IS(999, 0, "999", "999");
	DOUBLE_IS(1000, 0, "1,000", "1.000");
	DOUBLE_IS(33500, 0, "33,500", "33.500");
	DOUBLE_IS(100000, 0, "100,000", "100.000");
	DOUBLE_IS(1234567, 0, "1,234,567", "1.234.567");
	DOUBLE_IS(14491632, 0, "14,491,632", "14.491.632");
	DOUBLE_IS(123456789012345, 0, "123,456,789,012,345",
	    "123.456.789.012.345");
	/* The decimals are never grouped. */
	DOUBLE_IS(1234.56789, 5, "1,234.56789", "1.234,56789");
	DOUBLE_IS(4.5, 1, "4.5", "4,5");
	DOUBLE_IS(16.5, 2, "16.50", "16,50");
	DOUBLE_IS(1234567.891, 2, "1,234,567.89", "1.234.567,89");
}
END_TEST

START_TEST(test_rounding)
{
	/* Correctly rounded, a tie (exact in binary) to even, as printf. */
	DOUBLE_IS(0.5, 0, "0", "0");
	DOUBLE_IS(1.5, 0, "2", "2");
	DOUBLE_IS(2.5, 0, "2", "2");
	DOUBLE_IS(1.25, 1, "1.2", "1,2");
	DOUBLE_IS(1.75, 1, "1.8", "1,8");
	/* Not ties: the double is a little below or above. */
	DOUBLE_IS(2.675, 2, "2.67", "2,67");
	DOUBLE_IS(1.35, 1, "1.4", "1,4");
	DOUBLE_IS(66.66666, 1, "66.7", "66,7");
	/* A carry that adds a digit, and a group. */
	DOUBLE_IS(999.5, 0, "1,000", "1.000");
	DOUBLE_IS(999999.999, 2, "1,000,000.00", "1.000.000,00");
	DOUBLE_IS(9.96, 1, "10.0", "10,0");
	/* Decimals outside 0 to 15 are taken as 0 and 15. */
	DOUBLE_IS(1.5, -3, "2", "2");
	DOUBLE_IS(0.1, 20, "0.100000000000000", "0,100000000000000");
	DOUBLE_IS(0.25, 15, "0.250000000000000", "0,250000000000000");
	/* A subnormal is 0. */
	DOUBLE_IS(1e-320, 2, "0.00", "0,00");
}
END_TEST

START_TEST(test_negative)
{
	DOUBLE_IS(-3, 0, "-3", "-3");
	DOUBLE_IS(-1234.5, 1, "-1,234.5", "-1.234,5");
	DOUBLE_IS(-1234567, 0, "-1,234,567", "-1.234.567");
	DOUBLE_IS(-999.5, 0, "-1,000", "-1.000");
	DOUBLE_IS(-0.05, 2, "-0.05", "-0,05");
	DOUBLE_IS(-71.88, 1, "-71.9", "-71,9");
	/* Never "-0": negative zero, and what rounds to zero. */
	DOUBLE_IS(-0.0, 0, "0", "0");
	DOUBLE_IS(-0.0, 2, "0.00", "0,00");
	DOUBLE_IS(-0.4, 0, "0", "0");
	DOUBLE_IS(-0.5, 0, "0", "0");
	DOUBLE_IS(-0.04, 1, "0.0", "0,0");
	DOUBLE_IS(-0.0049, 2, "0.00", "0,00");
	DOUBLE_IS(-1e-300, 15, "0.000000000000000", "0,000000000000000");
}
END_TEST

START_TEST(test_huge_and_not_finite)
{
	/* From 1e15 up, a power of ten with three significant digits, the
	 * trailing zeros dropped. */
	DOUBLE_IS(1e15, 0, "1\xc3\x97" "10\xc2\xb9\xe2\x81\xb5",
	    "1\xc3\x97" "10\xc2\xb9\xe2\x81\xb5");
	DOUBLE_IS(1.5e18, 2, "1.5\xc3\x97" "10\xc2\xb9\xe2\x81\xb8",
	    "1,5\xc3\x97" "10\xc2\xb9\xe2\x81\xb8");
	DOUBLE_IS(-2.25e20, 0, "-2.25\xc3\x97" "10\xc2\xb2\xe2\x81\xb0",
	    "-2,25\xc3\x97" "10\xc2\xb2\xe2\x81\xb0");
	DOUBLE_IS(-1e15, 0, "-1\xc3\x97" "10\xc2\xb9\xe2\x81\xb5",
	    "-1\xc3\x97" "10\xc2\xb9\xe2\x81\xb5");
	/* Three significant digits, rounded: 1.23456e16 is 1.23. */
	DOUBLE_IS(1.23456e16, 0, "1.23\xc3\x97" "10\xc2\xb9\xe2\x81\xb6",
	    "1,23\xc3\x97" "10\xc2\xb9\xe2\x81\xb6");
	/* The exponent's every digit: 10^307 and 10^308. */
	DOUBLE_IS(2e307, 0, "2\xc3\x97" "10\xc2\xb3\xe2\x81\xb0\xe2\x81\xb7",
	    "2\xc3\x97" "10\xc2\xb3\xe2\x81\xb0\xe2\x81\xb7");
	DOUBLE_IS(DBL_MAX, 0,
	    "1.8\xc3\x97" "10\xc2\xb3\xe2\x81\xb0\xe2\x81\xb8",
	    "1,8\xc3\x97" "10\xc2\xb3\xe2\x81\xb0\xe2\x81\xb8");
	/* Just below 1e15: digits, grouped. */
	DOUBLE_IS(999999999999999, 0, "999,999,999,999,999",
	    "999.999.999.999.999");
	/* Not a number: "?". */
	DOUBLE_IS(NAN, 2, "?", "?");
	DOUBLE_IS(INFINITY, 0, "?", "?");
	DOUBLE_IS(-INFINITY, 0, "?", "?");
}
END_TEST

START_TEST(test_decimals)
{
	/* 0.0234 to 2 significant digits is 0.023: 3 decimals (format.h's
	 * example says 4, which would be 3 digits, 0.0234: the example is
	 * wrong, the definition above it and the code agree). */
	ck_assert_int_eq(fmt_decimals(0.0234, 2, 15), 3);
	ck_assert_int_eq(fmt_decimals(-0.0234, 2, 15), 3);
	ck_assert_int_eq(fmt_decimals(0.0234, 3, 15), 4);
	ck_assert_int_eq(fmt_decimals(0.5, 1, 15), 1);
	ck_assert_int_eq(fmt_decimals(1, 3, 15), 2);
	ck_assert_int_eq(fmt_decimals(9.99, 2, 15), 1);
	ck_assert_int_eq(fmt_decimals(10, 2, 15), 0);
	/* Never below 0: large values need no decimals. */
	ck_assert_int_eq(fmt_decimals(1234, 2, 15), 0);
	ck_assert_int_eq(fmt_decimals(1e300, 3, 15), 0);
	/* At most MAX. */
	ck_assert_int_eq(fmt_decimals(0.0000001, 3, 4), 4);
	ck_assert_int_eq(fmt_decimals(1e-300, 2, 15), 15);
	/* Zero, NaN and infinity need none. */
	ck_assert_int_eq(fmt_decimals(0, 2, 15), 0);
	ck_assert_int_eq(fmt_decimals(NAN, 2, 15), 0);
	ck_assert_int_eq(fmt_decimals(INFINITY, 2, 15), 0);
}
END_TEST

/* A buffer's text, and reset it. */
static char *
take(buf *b)
{
	static char text[256];

	snprintf(text, sizeof text, "%s", b->data != NULL ? b->data : "");
	buf_reset(b);
	return text;
}

/* fmt_change(CHANGE, FROM, TO) in English and in Dutch. */
#define CHANGE_IS(change, from, to, en, nl) do { \
	buf b_ = { 0 }; \
	fmt_change(&b_, (change), (from), (to), REEKS_EN); \
	ck_assert_str_eq(take(&b_), (en)); \
	fmt_change(&b_, (change), (from), (to), REEKS_NL); \
	ck_assert_str_eq(take(&b_), (nl)); \
	buf_free(&b_); \
} while (0)

START_TEST(test_change)
{
	/* A change in a count is a whole number: "+379", not "+379.0". */
	CHANGE_IS(379, "703", "1,082", "+379", "+379");
	CHANGE_IS(-1935, "2,692", "757", "\xe2\x88\x92" "1,935",
	    "\xe2\x88\x92" "1.935");
	CHANGE_IS(6506854, "8,046,300", "14,553,154", "+6,506,854",
	    "+6.506.854");
	CHANGE_IS(8500, "25,000", "33,500", "+8,500", "+8.500");
	/* Between percentages printed whole: whole points. */
	CHANGE_IS(-7, "17", "10", "\xe2\x88\x92" "7", "\xe2\x88\x92" "7");
	/* Rates keep the decimals of the more precise figure. */
	CHANGE_IS(1.25, "4.5", "5.75", "+1.25", "+1,25");
	CHANGE_IS(5.75 - 4.5, "4.50", "5.75", "+1.25", "+1,25");
	CHANGE_IS(10.3 - 10.0, "10.0", "10.3", "+0.3", "+0,3");
	CHANGE_IS(-2.5, "6.0", "3.5", "\xe2\x88\x92" "2.5",
	    "\xe2\x88\x92" "2,5");
	/* No change has no sign, and neither has one that rounds to it. */
	CHANGE_IS(0, "10", "10", "0", "0");
	CHANGE_IS(-1e-9, "1.0", "1.0", "0.0", "0,0");
}
END_TEST

START_TEST(test_text_decimals)
{
	ck_assert_int_eq(fmt_text_decimals("4.50"), 2);
	ck_assert_int_eq(fmt_text_decimals("4.5"), 1);
	ck_assert_int_eq(fmt_text_decimals("33,500"), 0);
	ck_assert_int_eq(fmt_text_decimals("1,234.5"), 1);
	ck_assert_int_eq(fmt_text_decimals("-0.4"), 1);
	ck_assert_int_eq(fmt_text_decimals("7"), 0);
	ck_assert_int_eq(fmt_text_decimals(""), 0);
	ck_assert_int_eq(fmt_text_decimals(NULL), 0);
	ck_assert_int_eq(fmt_change_decimals("17", "10.25"), 2);
	ck_assert_int_eq(fmt_change_decimals("0.125", "10"), 3);
	ck_assert_int_eq(fmt_change_decimals(NULL, "10"), 0);
}
END_TEST

/* A span of YEARS as the pages print it, in English and in Dutch. */
#define SPAN_IS(years, en, nl) do { \
	buf b_ = { 0 }; \
	fmt_double(&b_, (years), fmt_span_decimals(years), REEKS_EN); \
	ck_assert_str_eq(take(&b_), (en)); \
	fmt_double(&b_, (years), fmt_span_decimals(years), REEKS_NL); \
	ck_assert_str_eq(take(&b_), (nl)); \
	buf_free(&b_); \
} while (0)

START_TEST(test_span)
{
	/* Whole years are whole: "8 years", not "8.0 years". */
	SPAN_IS(8, "8", "8");
	SPAN_IS(1, "1", "1");
	SPAN_IS(64, "64", "64");
	SPAN_IS(1200, "1,200", "1.200");
	/* Whole at one decimal is whole. */
	SPAN_IS(7.98, "8", "8");
	SPAN_IS(8.04, "8", "8");
	SPAN_IS(0.96, "1", "1");
	/* Otherwise one decimal. */
	SPAN_IS(1.5, "1.5", "1,5");
	SPAN_IS(0.94, "0.9", "0,9");
	SPAN_IS(20.25, "20.2", "20,2");
	SPAN_IS(2.0 / 12, "0.2", "0,2");
	ck_assert_int_eq(fmt_span_decimals(NAN), 0);
	ck_assert_int_eq(fmt_span_decimals(INFINITY), 0);
}
END_TEST

/* fmt_signed(V, DECIMALS) in English and in Dutch. */
#define SIGNED_IS(v, decimals, en, nl) do { \
	buf b_ = { 0 }; \
	fmt_signed(&b_, (v), (decimals), REEKS_EN); \
	ck_assert_str_eq(take(&b_), (en)); \
	fmt_signed(&b_, (v), (decimals), REEKS_NL); \
	ck_assert_str_eq(take(&b_), (nl)); \
	ck_assert(!b_.failed); \
	buf_free(&b_); \
} while (0)

START_TEST(test_signed)
{
	SIGNED_IS(4.2, 1, "+4.2", "+4,2");
	SIGNED_IS(-71.875, 1, "\xe2\x88\x92" "71.9", "\xe2\x88\x92" "71,9");
	SIGNED_IS(1234.5, 0, "+1,234", "+1.234");
	SIGNED_IS(-39.3797, 1, "\xe2\x88\x92" "39.4", "\xe2\x88\x92" "39,4");
	/* The sign is the printed number's: none when it rounds to 0. */
	SIGNED_IS(-0.04, 1, "0.0", "0,0");
	SIGNED_IS(0.04, 1, "0.0", "0,0");
	SIGNED_IS(-0.0, 0, "0", "0");
	SIGNED_IS(0, 2, "0.00", "0,00");
	SIGNED_IS(-0.06, 1, "\xe2\x88\x92" "0.1", "\xe2\x88\x92" "0,1");
	SIGNED_IS(0.4, 0, "0", "0");
	SIGNED_IS(0.6, 0, "+1", "+1");
	/* Out of range decimals as fmt_double: clamped. */
	SIGNED_IS(-1.5, -3, "\xe2\x88\x92" "2", "\xe2\x88\x92" "2");
	/* Huge and not finite, as fmt_double. */
	SIGNED_IS(-1.5e18, 0, "\xe2\x88\x92" "1.5\xc3\x97" "10\xc2\xb9\xe2\x81\xb8",
	    "\xe2\x88\x92" "1,5\xc3\x97" "10\xc2\xb9\xe2\x81\xb8");
	SIGNED_IS(NAN, 1, "?", "?");
	SIGNED_IS(INFINITY, 1, "?", "?");
	SIGNED_IS(-INFINITY, 1, "?", "?");
}
END_TEST

/* fmt_date_iso(ISO) in English and in Dutch. */
static void
date_is(const char *iso, const char *en, const char *nl)
{
	buf b = { 0 };

	ck_assert_msg(fmt_date_iso(&b, iso, REEKS_EN), "%s refused", iso);
	ck_assert_str_eq(b.data != NULL ? b.data : "", en);
	buf_reset(&b);
	ck_assert(fmt_date_iso(&b, iso, REEKS_NL));
	ck_assert_str_eq(b.data != NULL ? b.data : "", nl);
	ck_assert(!b.failed);
	buf_free(&b);
}

START_TEST(test_dates)
{
	/* Every month, in both languages: Dutch months are lower case. */
	date_is("2026-01-01", "1 January 2026", "1 januari 2026");
	date_is("2026-02-28", "28 February 2026", "28 februari 2026");
	date_is("2024-03-09", "9 March 2024", "9 maart 2024");
	date_is("2011-04-30", "30 April 2011", "30 april 2011");
	date_is("2023-05-15", "15 May 2023", "15 mei 2023");
	date_is("2002-06-12", "12 June 2002", "12 juni 2002");
	date_is("1959-07-04", "4 July 1959", "4 juli 1959");
	date_is("2020-08-31", "31 August 2020", "31 augustus 2020");
	date_is("2009-09-10", "10 September 2009", "10 september 2009");
	date_is("2009-10-01", "1 October 2009", "1 oktober 2009");
	date_is("2026-11-28", "28 November 2026", "28 november 2026");
	date_is("2020-12-31", "31 December 2020", "31 december 2020");
	/* A month without a day, a year alone. */
	date_is("2026-02", "February 2026", "februari 2026");
	date_is("2011-01", "January 2011", "januari 2011");
	date_is("2023-05", "May 2023", "mei 2023");
	date_is("2018", "2018", "2018");

	/* Not an ISO date: refused, nothing written. */
	static const char *const bad[] = {
		"", "26", "2026-", "2026-13", "2026-00", "2026-1-01",
		"2026-11-32", "2026-11-00", "2026/11/28", "28-11-2026",
		"2026-11-28T00:00", "20x6", "2005/2007",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		buf b = { 0 };

		ck_assert_msg(!fmt_date_iso(&b, bad[i], REEKS_NL),
		    "'%s' accepted", bad[i]);
		ck_assert_uint_eq(b.len, 0);
		buf_free(&b);
	}
	ck_assert(!fmt_date_iso(&(buf){ 0 }, NULL, REEKS_EN));

	/* The month names themselves, and out of range. */
	ck_assert_str_eq(fmt_month(3, REEKS_EN), "March");
	ck_assert_str_eq(fmt_month(3, REEKS_NL), "maart");
	ck_assert_ptr_null(fmt_month(0, REEKS_EN));
	ck_assert_ptr_null(fmt_month(13, REEKS_NL));

	/* fmt_date() on a reeks_date: a day out of range is left out. */
	buf b = { 0 };
	fmt_date(&b, (reeks_date){ 2026, 10, 0 }, REEKS_NL);
	ck_assert_str_eq(b.data, "oktober 2026");
	buf_free(&b);

	/* A period: each date in words, an interval with an en dash. */
	static const struct {
		const char *period, *en, *nl;
	} periods[] = {
		{ "2009", "2009", "2009" },
		{ "2011-01", "January 2011", "januari 2011" },
		{ "1959-01-01", "1 January 1959", "1 januari 1959" },
		{ "2005/2008", "2005\u20132008", "2005\u20132008" },
		{ "2009-10/2010-03", "October 2009\u2013March 2010",
		  "oktober 2009\u2013maart 2010" },
		{ "2019-12-31/2020-01-01", "31 December 2019\u20131 January 2020",
		  "31 december 2019\u20131 januari 2020" },
		{ "not-a-date/x", "not-a-date\u2013x", "not-a-date\u2013x" },
		{ "a-text-longer-than-sixteen", "a-text-longer-than-sixteen",
		  "a-text-longer-than-sixteen" },
	};
	for (size_t i = 0; i < sizeof periods / sizeof periods[0]; i++) {
		buf p = { 0 };

		fmt_period(&p, periods[i].period, REEKS_EN);
		ck_assert_str_eq(p.data, periods[i].en);
		buf_reset(&p);
		fmt_period(&p, periods[i].period, REEKS_NL);
		ck_assert_str_eq(p.data, periods[i].nl);
		buf_free(&p);
	}

	/* No date: "n.d." in English, "z.d." (zonder datum) in Dutch. */
	ck_assert_str_eq(fmt_no_date(REEKS_EN), "n.d.");
	ck_assert_str_eq(fmt_no_date(REEKS_NL), "z.d.");
}
END_TEST

static Suite *
format_suite(void)
{
	Suite *s = suite_create("format");
	TCase *tc = tcase_create("format");

	tcase_add_test(tc, test_text);
	tcase_add_test(tc, test_grouping);
	tcase_add_test(tc, test_rounding);
	tcase_add_test(tc, test_negative);
	tcase_add_test(tc, test_huge_and_not_finite);
	tcase_add_test(tc, test_decimals);
	tcase_add_test(tc, test_change);
	tcase_add_test(tc, test_text_decimals);
	tcase_add_test(tc, test_span);
	tcase_add_test(tc, test_signed);
	tcase_add_test(tc, test_dates);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(format_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
