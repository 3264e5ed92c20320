/*
 * check_segments.c: a series' segments (reeks_series_segment_count(),
 * reeks_series_segment_at(), reeks_segment_stats(), reeks_obs_left_out()):
 * every segment of every series in data/, tests/data/good and
 * tests/data/segments against R (tests/stats/segments.txt, written by
 * tests/stats/segments.R), and the rules one by one on the fixture.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "reeks.h"
#include "testutil.h"

enum { MAX_TOKENS = 32, MAX_DIRS = 4 };

static const char *const dirs[MAX_DIRS] = {
	"data", "tests/data/good", "tests/data/segments", NULL
};
static reeks_store *stores[MAX_DIRS];

static const reeks_store *
store_of(const char *dir)
{
	for (int i = 0; dirs[i] != NULL; i++)
		if (strcmp(dirs[i], dir) == 0) {
			if (stores[i] == NULL) {
				reeks_result rc;
				char *d = tu_load(dir, &rc, &stores[i], NULL);

				free(d);
				ck_assert_msg(rc == REEKS_OK, "%s: load", dir);
			}
			return stores[i];
		}
	ck_abort_msg("a directory the test does not know: %s", dir);
	return NULL;
}

static void
free_stores(void)
{
	for (int i = 0; i < MAX_DIRS; i++) {
		reeks_store_free(stores[i]);
		stores[i] = NULL;
	}
}

/* The largest relative difference from R seen, for the report. */
static double worst;

/* Whether GOT (present when HAS) is WANT ("NA": absent) within TOL. */
static bool
close_to(bool has, double got, const char *want, double tol)
{
	double w, rel;

	if (strcmp(want, "NA") == 0)
		return !has;
	w = strtod(want, NULL);
	if (!has)
		return false;
	if (w == 0)
		return fabs(got) <= tol;
	rel = fabs(got - w) / fabs(w);
	worst = fmax(worst, rel);
	return rel <= tol;
}

START_TEST(test_segments_from_r)
{
	FILE *in = fopen("tests/stats/segments.txt", "r");
	char line[1024];
	long nseries[MAX_DIRS] = { 0 }, ncases = 0, lineno = 0;

	ck_assert_msg(in != NULL, "tests/stats/segments.txt: cannot open");
	while (fgets(line, sizeof line, in) != NULL) {
		char *tok[MAX_TOKENS], *save = NULL;
		int n = 0;

		lineno++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		for (char *t = strtok_r(line, " \n", &save); t != NULL &&
		    n < MAX_TOKENS; t = strtok_r(NULL, " \n", &save))
			tok[n++] = t;
		const reeks_store *st = store_of(tok[1]);
		const reeks_series *se = reeks_series_find(st, tok[2]);

		ck_assert_msg(se != NULL, "line %ld: no series %s in %s",
		    lineno, tok[2], tok[1]);
		if (strcmp(tok[0], "series") == 0) {
			ck_assert_int_eq(n, 5);
			ck_assert_msg(reeks_series_segment_count(se) ==
			    strtoul(tok[4], NULL, 10),
			    "line %ld: %s has %zu segments, R %s", lineno,
			    tok[2], reeks_series_segment_count(se), tok[4]);
			for (int i = 0; dirs[i] != NULL; i++)
				nseries[i] += strcmp(dirs[i], tok[1]) == 0;
			continue;
		}
		ck_assert_str_eq(tok[0], "segment");
		ck_assert_msg(n >= 17, "line %ld: too short", lineno);
		reeks_segment g;
		reeks_series_stats s;
		double level = strtod(tok[4], NULL), tol = strtod(tok[15], NULL);

		ck_assert(reeks_series_segment_at(se,
		    strtoul(tok[3], NULL, 10), &g));
		ck_assert_int_eq(reeks_segment_stats(&g, level, &s),
		    REEKS_STAT_OK);
		ck_assert_msg(g.nobs == strtoul(tok[6], NULL, 10) &&
		    g.nused == strtoul(tok[7], NULL, 10) &&
		    s.npoints == g.nused,
		    "line %ld: %s segment %s: %zu figures, %zu used; R %s, %s",
		    lineno, tok[2], tok[3], g.nobs, g.nused, tok[6], tok[7]);
		ck_assert_msg(close_to(s.has_change, s.abs_change, tok[8], tol) &&
		    close_to(s.has_pct_change, s.pct_change, tok[9], tol) &&
		    close_to(s.has_cagr, s.cagr, tok[10], tol) &&
		    close_to(s.has_change, s.years, tok[11], tol) &&
		    close_to(s.has_apc, s.apc.estimate, tok[12], tol) &&
		    close_to(s.has_apc, s.apc.lower, tok[13], tol) &&
		    close_to(s.has_apc, s.apc.upper, tok[14], tol),
		    "line %ld: %s segment %s at %s: %g %g %g %g %g %g %g",
		    lineno, tok[2], tok[3], tok[4], s.abs_change, s.pct_change,
		    s.cagr, s.years, s.apc.estimate, s.apc.lower, s.apc.upper);
		ncases++;
	}
	fclose(in);
	/* R saw every series of every directory. */
	for (int i = 0; dirs[i] != NULL; i++)
		ck_assert_msg((size_t)nseries[i] ==
		    reeks_store_series_count(store_of(dirs[i])),
		    "%s: R has %ld series, the store %zu", dirs[i], nseries[i],
		    reeks_store_series_count(store_of(dirs[i])));
	ck_assert_int_gt(ncases, 100);
	printf("segments: %ld cases from R, largest relative difference "
	    "%.2g\n", ncases, worst);
	free_stores();
}
END_TEST

/* A series of the fixture. */
static const reeks_series *
fixture(const char *id)
{
	const reeks_series *se = reeks_series_find(
	    store_of("tests/data/segments"), id);

	ck_assert_msg(se != NULL, "no series %s", id);
	return se;
}

/* The periods of SE's segment I's figures, each with its left-out flags
 * "2002:32", space-separated, then " | used N, estimated N". */
static void
describe(const reeks_series *se, size_t i, char *out, size_t len)
{
	reeks_segment g;
	size_t at = 0;

	ck_assert(reeks_series_segment_at(se, i, &g));
	for (size_t j = g.first; j < g.first + g.nobs; j++) {
		const reeks_obs *o = reeks_series_obs_at(se, j);

		at += (size_t)snprintf(out + at, len - at, "%s:%u ",
		    reeks_obs_period(o), reeks_obs_left_out(o));
	}
	snprintf(out + at, len - at, "| break %s, used %zu, estimated %zu, "
	    "%d-%02d to %d-%02d", g.brk != NULL ? reeks_break_period(g.brk) :
	    "none", g.nused, g.nestimated, g.start.year, g.start.month,
	    g.end.year, g.end.month);
}

START_TEST(test_split_at_breaks)
{
	const reeks_series *se = fixture("seg-two-breaks");
	reeks_segment g = { 0 };
	char d[512];

	ck_assert_uint_eq(reeks_series_segment_count(se), 3);
	describe(se, 0, d, sizeof d);
	ck_assert_str_eq(d, "2000:0 2001:0 2002:32 2003:0 | break none, "
	    "used 3, estimated 0, 2000-00 to 2003-00");
	describe(se, 1, d, sizeof d);
	ck_assert_str_eq(d, "2005:16 2006:0 2007:0 2008:8 2009:0 | break "
	    "2004, used 3, estimated 1, 2005-00 to 2009-00");
	describe(se, 2, d, sizeof d);
	ck_assert_str_eq(d, "2011:0 2012:4 2013:0 | break 2010, used 2, "
	    "estimated 0, 2011-00 to 2013-00");
	/* Out of range: false, and *OUT untouched. */
	ck_assert(!reeks_series_segment_at(se, 3, &g));
	ck_assert_ptr_null(g.series);
	free_stores();
}
END_TEST

START_TEST(test_break_before_first_figure)
{
	const reeks_series *se = fixture("seg-break-first");
	char d[512];

	/* The empty segment before the break is not one. */
	ck_assert_uint_eq(reeks_series_segment_count(se), 1);
	describe(se, 0, d, sizeof d);
	ck_assert_str_eq(d, "1995:0 1996:0 1997:0 | break 1990, used 3, "
	    "estimated 0, 1995-00 to 1997-00");
	free_stores();
}
END_TEST

START_TEST(test_months_and_spans)
{
	const reeks_series *se = fixture("seg-months");
	char d[512];

	ck_assert_uint_eq(reeks_series_segment_count(se), 2);
	describe(se, 0, d, sizeof d);
	/* A span from 2009 belongs to the segment it starts in; its end is
	 * the segment's end only if it is the latest. */
	ck_assert_str_eq(d, "2009/2010:2 2010-01:0 2010-02:0 2010-04:0 "
	    "2010-06:48 | break none, used 3, estimated 0, 2009-00 to "
	    "2010-06");
	describe(se, 1, d, sizeof d);
	ck_assert_str_eq(d, "2010-07:0 2010-09:0 2010-10:0 2010-12:0 | "
	    "break 2010-07, used 4, estimated 0, 2010-07 to 2010-12");
	free_stores();
}
END_TEST

START_TEST(test_provisional_left_out)
{
	const reeks_series *se = fixture("seg-provisional");
	reeks_segment g;
	reeks_series_stats s;

	ck_assert(reeks_series_segment_at(se, 0, &g));
	ck_assert_int_eq(reeks_segment_stats(&g, 0.95, &s), REEKS_STAT_OK);
	/* 2012 (status P) is left out: no trend through it. */
	ck_assert_uint_eq(s.npoints, 2);
	ck_assert_str_eq(reeks_obs_period(s.last), "2005");
	ck_assert(s.has_change && s.has_cagr && !s.has_apc);
	ck_assert_uint_eq(reeks_obs_left_out(reeks_series_obs_at(se, 2)),
	    REEKS_LEFT_PROVISIONAL);
	/* reeks_series_stats_compute: the last segment, the same. */
	ck_assert_int_eq(reeks_series_stats_compute(se, 0.95, &s),
	    REEKS_STAT_OK);
	ck_assert_uint_eq(s.npoints, 2);
	free_stores();
}
END_TEST

START_TEST(test_none_used)
{
	const reeks_series *se = fixture("seg-none-used");
	reeks_segment g;
	reeks_series_stats s;

	ck_assert_uint_eq(reeks_series_segment_count(se), 2);
	for (size_t i = 0; i < 2; i++) {
		ck_assert(reeks_series_segment_at(se, i, &g));
		ck_assert_int_eq(reeks_segment_stats(&g, 0.95, &s),
		    REEKS_STAT_OK);
		ck_assert_uint_eq(s.npoints, 0);
		ck_assert_ptr_null(s.first);
		ck_assert(!s.has_change && !s.has_cagr && !s.has_apc);
	}
	ck_assert_uint_eq(reeks_obs_left_out(reeks_series_obs_at(se, 1)),
	    REEKS_LEFT_SECONDARY | REEKS_LEFT_PROVISIONAL);
	ck_assert_int_eq(reeks_segment_stats(&g, 1, &s), REEKS_STAT_LEVEL);
	ck_assert_int_eq(reeks_segment_stats(&g, NAN, &s), REEKS_STAT_LEVEL);
	free_stores();
}
END_TEST

START_TEST(test_zero_values)
{
	const reeks_series *se = fixture("seg-zero");
	reeks_segment g;
	reeks_series_stats s;

	ck_assert(reeks_series_segment_at(se, 0, &g));
	ck_assert_int_eq(reeks_segment_stats(&g, 0.95, &s), REEKS_STAT_OK);
	ck_assert(s.has_change && !s.has_pct_change && !s.has_cagr &&
	    !s.has_apc);
	ck_assert(s.abs_change == 7);
	free_stores();
}
END_TEST

START_TEST(test_left_out_names)
{
	static const struct {
		unsigned flag;
		const char *name;
	} names[] = {
		{ REEKS_LEFT_NO_VALUE, "no-value" },
		{ REEKS_LEFT_SPAN, "period-span" },
		{ REEKS_LEFT_RANGE, "range" },
		{ REEKS_LEFT_BOUND, "bound" },
		{ REEKS_LEFT_SECONDARY, "secondary" },
		{ REEKS_LEFT_PROVISIONAL, "provisional" },
	};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		ck_assert_str_eq(reeks_left_out_name(names[i].flag),
		    names[i].name);
	ck_assert_ptr_null(reeks_left_out_name(0));
	ck_assert_ptr_null(reeks_left_out_name(REEKS_LEFT_NO_VALUE |
	    REEKS_LEFT_SPAN));
	ck_assert_ptr_null(reeks_left_out_name(1u << 6));
}
END_TEST

/* The headline series: 1995-2011 has its statistics. */
START_TEST(test_drug_induced_deaths)
{
	const reeks_series *se = reeks_series_find(store_of("data"),
	    "nl-drug-induced-deaths");
	reeks_segment g;
	reeks_series_stats s;

	ck_assert_ptr_nonnull(se);
	ck_assert_uint_eq(reeks_series_segment_count(se), 2);
	ck_assert(reeks_series_segment_at(se, 0, &g));
	ck_assert_ptr_null(g.brk);
	ck_assert_int_eq(g.start.year, 1995);
	ck_assert_int_eq(g.end.year, 2011);
	ck_assert_int_eq(reeks_segment_stats(&g, 0.95, &s), REEKS_STAT_OK);
	ck_assert_uint_eq(s.npoints, 17);
	ck_assert(s.has_apc);
	ck_assert_double_eq_tol(s.pct_change, 47.142857142857146, 1e-9);
	ck_assert_double_eq_tol(s.apc.estimate, 0.7966023035624162, 1e-9);
	ck_assert(reeks_series_segment_at(se, 1, &g));
	ck_assert_str_eq(reeks_break_period(g.brk), "2013");
	ck_assert_uint_eq(g.nused, 1);
	free_stores();
}
END_TEST

static Suite *
segments_suite(void)
{
	Suite *s = suite_create("segments");
	TCase *tc = tcase_create("segments");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_segments_from_r);
	tcase_add_test(tc, test_split_at_breaks);
	tcase_add_test(tc, test_break_before_first_figure);
	tcase_add_test(tc, test_months_and_spans);
	tcase_add_test(tc, test_provisional_left_out);
	tcase_add_test(tc, test_none_used);
	tcase_add_test(tc, test_zero_values);
	tcase_add_test(tc, test_left_out_names);
	tcase_add_test(tc, test_drug_induced_deaths);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(segments_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
