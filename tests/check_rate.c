/*
 * check_rate.c: rates per inhabitant (lib/rate.c): the reference-date
 * rule, every reason for no rate, and the values against R's
 * poisson.test. The loader's errors for a bad population reference are
 * cases in tests/load/ (rate-errors.xml).
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reeks.h"
#include "testutil.h"

static const char doc[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<reeks version=\"1\">\n"
    "<topic id=\"t\"><title lang=\"en\">T</title><title lang=\"nl\">T</title></topic>\n"
    "<geography id=\"g\" scope=\"city\"><name lang=\"en\">G</name><name lang=\"nl\">G</name></geography>\n"
    "<source id=\"s\" kind=\"report\"><author>A</author><citation>C</citation></source>\n"
    "<series id=\"pop\" topic=\"t\" indicator=\"population\" unit=\"persons\" geography=\"g\">\n"
    "<title lang=\"en\">P</title><title lang=\"nl\">P</title>\n"
    "<description lang=\"en\">P</description><description lang=\"nl\">P</description>\n"
    TU_OBS("period=\"2001\" value=\"200,000\"")
    /* 2001 also has a dated figure: the year's own figure wins. */
    TU_OBS("period=\"2001-01-01\" value=\"190,000\"")
    /* 2002: two dated figures, their mean. */
    TU_OBS("period=\"2002-01-01\" value=\"140,000\"")
    TU_OBS("period=\"2002-12-31\" value=\"160,000\"")
    /* 2003: one dated figure alone. */
    TU_OBS("period=\"2003-07-01\" value=\"1,000\"")
    /* 2004: only a secondary figure; 2005: only an approximate one. */
    "<obs period=\"2004\" value=\"300,000\" secondary=\"true\" source=\"s\" at=\"p. 1\"><excerpt>e</excerpt><note lang=\"en\">n</note><note lang=\"nl\">n</note></obs>\n"
    TU_OBS("period=\"2005\" value=\"300,000\" qualifier=\"approx\"")
    TU_OBS("period=\"2009\" value=\"300,000\"")
    "</series>\n"
    "<series id=\"x\" topic=\"t\" indicator=\"deaths\" unit=\"count\" geography=\"g\" population=\"pop\">\n"
    "<title lang=\"en\">X</title><title lang=\"nl\">X</title>\n"
    "<description lang=\"en\">X</description><description lang=\"nl\">X</description>\n"
    TU_OBS("period=\"2001\" value=\"10\"")
    TU_OBS("period=\"2002\" value=\"7\"")
    TU_OBS("period=\"2003\" value=\"0\"")
    TU_OBS("period=\"2004\" value=\"5\"")
    TU_OBS("period=\"2005\" value=\"5\"")
    TU_OBS("period=\"2006\" value=\"5\"")
    TU_OBS("period=\"2007\" lower=\"3\" upper=\"9\" qualifier=\"range\"")
    TU_OBS("period=\"2008\" value=\"5\" qualifier=\"approx\"")
    TU_OBS("period=\"2009\" value=\"5\" status=\"P\"")
    TU_OBS("period=\"2009-06\" value=\"5\"")
    TU_OBS("period=\"2009/2010\" value=\"5\"")
    TU_OBS("period=\"2010\" value=\"5\" status=\"E\"")
    "<obs period=\"2011\" value=\"5\" secondary=\"true\" source=\"s\" at=\"p. 1\"><excerpt>e</excerpt><note lang=\"en\">n</note><note lang=\"nl\">n</note></obs>\n"
    TU_OBS("period=\"2012\" status=\"M\"")
    "</series>\n"
    "</reeks>\n";

static reeks_store *st;
static char *dir;

static void
setup(void)
{
	reeks_result rc;
	char *msgs;

	dir = tu_mkdir();
	tu_write(dir, "a.xml", doc, -1);
	msgs = tu_load(dir, &rc, &st, NULL);
	ck_assert_msg(rc == REEKS_OK, "%s", msgs);
	free(msgs);
}

static void
teardown(void)
{
	reeks_store_free(st);
	tu_rmdir(dir);
}

static const reeks_obs *
obs_of(const char *series, const char *period)
{
	const reeks_series *se = reeks_series_find(st, series);

	for (size_t i = 0; i < reeks_series_obs_count(se); i++)
		if (strcmp(reeks_obs_period(reeks_series_obs_at(se, i)),
		    period) == 0)
			return reeks_series_obs_at(se, i);
	ck_abort_msg("no %s %s", series, period);
	return NULL;
}

/* Relative difference from R's value at most 1e-14. */
#define ck_near(a, b) ck_assert_msg(fabs((a) - (b)) <= 1e-14 * fabs(b), \
	"%.17g is not %.17g", (double)(a), (double)(b))

START_TEST(test_same_year)
{
	reeks_rate r;

	ck_assert_ptr_eq(reeks_series_population(reeks_series_find(st, "x")),
	    reeks_series_find(st, "pop"));
	ck_assert_ptr_null(reeks_series_population(reeks_series_find(st,
	    "pop")));
	ck_assert_int_eq(reeks_obs_rate(obs_of("x", "2001"), 1e5, 0.95, &r),
	    REEKS_RATE_OK);
	ck_assert_ptr_eq(r.count, obs_of("x", "2001"));
	ck_assert_ptr_eq(r.pop[0], obs_of("pop", "2001"));
	ck_assert_ptr_null(r.pop[1]);
	ck_assert(r.population == 200000);
	ck_assert(r.rate == 5);
	/* R: poisson.test(10, 200000)$conf.int * 1e5 */
	ck_near(r.lower, 2.3976943480662172);
	ck_near(r.upper, 9.1951780210088891);
}
END_TEST

START_TEST(test_mean_of_dated)
{
	reeks_rate r;

	ck_assert_int_eq(reeks_obs_rate(obs_of("x", "2002"), 1e5, 0.95, &r),
	    REEKS_RATE_OK);
	ck_assert_ptr_eq(r.pop[0], obs_of("pop", "2002-01-01"));
	ck_assert_ptr_eq(r.pop[1], obs_of("pop", "2002-12-31"));
	ck_assert(r.population == 150000);
	ck_near(r.rate, 7 / 150000.0 * 1e5);
	/* R: poisson.test(7, 150000)$conf.int * 1e5 */
	ck_near(r.lower, 1.8762420343465782);
	ck_near(r.upper, 9.6151169078015855);
}
END_TEST

START_TEST(test_one_dated_and_zero)
{
	reeks_rate r;

	ck_assert_int_eq(reeks_obs_rate(obs_of("x", "2003"), 1e5, 0.95, &r),
	    REEKS_RATE_OK);
	ck_assert_ptr_eq(r.pop[0], obs_of("pop", "2003-07-01"));
	ck_assert_ptr_null(r.pop[1]);
	ck_assert(r.rate == 0 && r.lower == 0);
	/* R: poisson.test(0, 1000)$conf.int * 1e5 */
	ck_near(r.upper, 368.8879454113935);
}
END_TEST

START_TEST(test_no_rate)
{
	static const struct {
		const char *period;
		reeks_rate_status want;
	} cases[] = {
		{ "2004", REEKS_RATE_NO_POPULATION },   /* population secondary */
		{ "2005", REEKS_RATE_NO_POPULATION },   /* population approx */
		{ "2006", REEKS_RATE_NO_POPULATION },   /* no population */
		{ "2007", REEKS_RATE_NO_VALUE },
		{ "2008", REEKS_RATE_NOT_EXACT },
		{ "2009", REEKS_RATE_PROVISIONAL },
		{ "2009-06", REEKS_RATE_NOT_A_YEAR },
		{ "2009/2010", REEKS_RATE_NOT_A_YEAR },
		{ "2010", REEKS_RATE_ESTIMATE },
		{ "2011", REEKS_RATE_SECONDARY },
		{ "2012", REEKS_RATE_NO_VALUE },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		reeks_rate r = { 0 };

		r.rate = -1;
		ck_assert_msg(reeks_obs_rate(obs_of("x", cases[i].period), 1e5,
		    0.95, &r) == cases[i].want, "period %s", cases[i].period);
		ck_assert(r.rate == -1);        /* untouched */
	}
	/* A series without a population series, and a bad level. */
	reeks_rate r;

	ck_assert_int_eq(reeks_obs_rate(obs_of("pop", "2001"), 1e5, 0.95, &r),
	    REEKS_RATE_NO_POPULATION_SERIES);
	ck_assert_int_eq(reeks_obs_rate(obs_of("x", "2001"), 1e5, 1.5, &r),
	    REEKS_RATE_NO_INTERVAL);
}
END_TEST

static Suite *
rate_suite(void)
{
	Suite *s = suite_create("rate");
	TCase *tc = tcase_create("rate");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_same_year);
	tcase_add_test(tc, test_mean_of_dated);
	tcase_add_test(tc, test_one_dated_and_zero);
	tcase_add_test(tc, test_no_rate);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(rate_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
