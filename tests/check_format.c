/*
 * check_format.c: gen/util/format.h, numbers as a reader of each
 * language expects them: exact strings in English and Dutch.
 */
#include <math.h>
#include <float.h>
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
