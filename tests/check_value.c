/*
 * check_value.c: numbers and periods as the data writes them.
 */
#include <math.h>
#include <stdlib.h>

#include <check.h>

#include "internal.h"

START_TEST(test_numbers)
{
	static const struct {
		const char *text;
		double value;
	} good[] = {
		{ "0", 0 }, { "2", 2 }, { "-3", -3 }, { "33,500", 33500 },
		{ "14,491,632", 14491632 }, { "4.5", 4.5 }, { "66.7", 66.7 },
		{ "1,000.25", 1000.25 }, { "0.000001", 1e-6 },
		{ "123456789", 123456789 },
	};
	static const char *const bad[] = {
		"", "-", "abc", "1e3", "NaN", "inf", "1.", ".5", "1,2",
		"1,2345", "1234,567", "12,34,567", " 1", "1 ", "+1", "0x10",
		"1..2", "1,", ",100",
	};
	double v;

	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		ck_assert_msg(reeks_value_parse(good[i].text, &v), "%s",
		    good[i].text);
		ck_assert_double_eq(v, good[i].value);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(!reeks_value_parse(bad[i], &v), "'%s' parsed",
		    bad[i]);
}
END_TEST

START_TEST(test_numbers_overflow)
{
	char big[400];
	double v = 1;

	for (size_t i = 0; i < sizeof big - 1; i++)
		big[i] = '9';
	big[sizeof big - 1] = '\0';
	ck_assert(!reeks_value_parse(big, &v));
	ck_assert_double_eq(v, 1);      /* untouched on failure */
}
END_TEST

START_TEST(test_periods)
{
	reeks_date a, b;
	bool interval;

	ck_assert_ptr_null(reeks_period_parse("2008", &a, &b, &interval));
	ck_assert(!interval);
	ck_assert_int_eq(a.year, 2008);
	ck_assert_int_eq(a.month, 0);
	ck_assert_int_eq(b.year, 2008);

	ck_assert_ptr_null(reeks_period_parse("2009-10", &a, &b, &interval));
	ck_assert_int_eq(a.month, 10);
	ck_assert_int_eq(a.day, 0);

	ck_assert_ptr_null(reeks_period_parse("2008-02-29", &a, &b, &interval));
	ck_assert_int_eq(a.day, 29);

	ck_assert_ptr_null(reeks_period_parse("2005/2007", &a, &b, &interval));
	ck_assert(interval);
	ck_assert_int_eq(a.year, 2005);
	ck_assert_int_eq(b.year, 2007);

	ck_assert_ptr_null(reeks_period_parse("2005/2011-01", &a, &b,
	    &interval));
	ck_assert_int_eq(b.month, 1);
	ck_assert_ptr_null(reeks_period_parse("2000-02-28/2000-02-29", &a, &b,
	    &interval));
}
END_TEST

START_TEST(test_bad_periods)
{
	static const struct {
		const char *text;
		const char *error;
	} cases[] = {
		{ "2008-13", "month must be 01 to 12" },
		{ "2008-00", "month must be 01 to 12" },
		{ "2009-02-29", "no such day in that month" },
		{ "1900-02-29", "no such day in that month" },
		{ "2008-04-31", "no such day in that month" },
		{ "2008-01-00", "no such day in that month" },
		{ "1990/1980", "the interval ends before it starts" },
		{ "2005-06/2005", "the interval ends before it starts" },
		{ "2005/2005", "the interval starts and ends at the same time" },
		{ "", "expected YYYY, YYYY-MM or YYYY-MM-DD" },
		{ "08", "expected YYYY, YYYY-MM or YYYY-MM-DD" },
		{ "2008/", "expected YYYY, YYYY-MM or YYYY-MM-DD" },
		{ "/2008", "expected YYYY, YYYY-MM or YYYY-MM-DD" },
		{ "2008-1", "expected YYYY, YYYY-MM or YYYY-MM-DD" },
		{ "2008/2009/2010", "expected YYYY, YYYY-MM or YYYY-MM-DD" },
		{ "20a8", "expected YYYY, YYYY-MM or YYYY-MM-DD" },
	};
	reeks_date a, b;
	bool interval;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *err = reeks_period_parse(cases[i].text, &a, &b,
		    &interval);

		ck_assert_msg(err != NULL, "'%s' parsed", cases[i].text);
		ck_assert_str_eq(err, cases[i].error);
	}
}
END_TEST

START_TEST(test_date_order)
{
	reeks_date y2008 = { 2008, 0, 0 }, m200812 = { 2008, 12, 0 };
	reeks_date d20081231 = { 2008, 12, 31 }, y2009 = { 2009, 0, 0 };

	ck_assert_int_lt(reeks_date_cmp(y2008, y2009, false), 0);
	ck_assert_int_gt(reeks_date_cmp(y2009, y2008, true), 0);
	ck_assert_int_lt(reeks_date_cmp(y2008, m200812, false), 0);
	ck_assert_int_eq(reeks_date_cmp(y2008, m200812, true), 0);
	ck_assert_int_eq(reeks_date_cmp(y2008, d20081231, true), 0);
	ck_assert_int_eq(reeks_date_cmp(m200812, d20081231, true), 0);
	ck_assert_int_lt(reeks_date_cmp(m200812, d20081231, false), 0);
}
END_TEST

START_TEST(test_id_valid)
{
	ck_assert(reeks_id_valid("nl-problem-drug-users"));
	ck_assert(reeks_id_valid("a"));
	ck_assert(reeks_id_valid("2008"));
	ck_assert(!reeks_id_valid(""));
	ck_assert(!reeks_id_valid(NULL));
	ck_assert(!reeks_id_valid("Upper"));
	ck_assert(!reeks_id_valid("a/b"));
	ck_assert(!reeks_id_valid(".."));
	ck_assert(!reeks_id_valid("a b"));
	ck_assert(!reeks_id_valid("a_b"));
	ck_assert(!reeks_id_valid("caf\xc3\xa9"));
	/* Device names on Windows: no file can be named so there. */
	ck_assert(!reeks_id_valid("con"));
	ck_assert(!reeks_id_valid("nul"));
	ck_assert(!reeks_id_valid("com0"));
	ck_assert(!reeks_id_valid("lpt9"));
	ck_assert(reeks_id_valid("com10"));
	ck_assert(reeks_id_valid("cons"));
	ck_assert(reeks_id_valid("lpt"));

	char id[REEKS_ID_MAX + 2];
	for (size_t i = 0; i < sizeof id - 1; i++)
		id[i] = 'a';
	id[REEKS_ID_MAX] = '\0';
	ck_assert(reeks_id_valid(id));
	id[REEKS_ID_MAX] = 'a';
	id[REEKS_ID_MAX + 1] = '\0';
	ck_assert(!reeks_id_valid(id));
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("value");
	TCase *tc = tcase_create("value");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_numbers);
	tcase_add_test(tc, test_numbers_overflow);
	tcase_add_test(tc, test_periods);
	tcase_add_test(tc, test_bad_periods);
	tcase_add_test(tc, test_date_order);
	tcase_add_test(tc, test_id_valid);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
