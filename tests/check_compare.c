/*
 * check_compare.c: places that nest, breakdowns with a total, kind and
 * measure (the accessors of lib/reeks.h), and what gen/site/compare.h
 * sets side by side: for every bar chart the build draws from data/, no
 * bar beside its own total or part, no place beside a place that contains
 * it, only like with like.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "site/compare.h"
#include "testutil.h"

#define NAME(x) "<name lang=\"en\">" x "</name><name lang=\"nl\">" x "</name>"
#define LABEL(x) "<label lang=\"en\">" x "</label><label lang=\"nl\">" x \
    "</label>"
#define SERIES(id, geo, attrs, inner, period, value) \
    "<series id=\"" id "\" topic=\"t\" indicator=\"i\" unit=\"count\" " \
    "geography=\"" geo "\"" attrs ">" \
    "<title lang=\"en\">X</title><title lang=\"nl\">X</title>" \
    "<description lang=\"en\">D</description>" \
    "<description lang=\"nl\">D</description>" inner \
    "<obs period=\"" period "\" value=\"" value "\" source=\"s\" " \
    "at=\"p. 1\"><excerpt>e</excerpt></obs></series>\n"

static const char doc[] =
    "<reeks version=\"1\">\n"
    "<topic id=\"t\"><title lang=\"en\">T</title><title lang=\"nl\">T</title>"
    "</topic>\n"
    "<geography id=\"nl\" scope=\"country\">" NAME("NL") "</geography>\n"
    "<geography id=\"g4\" scope=\"city-group\" within=\"nl\">" NAME("G4")
    "</geography>\n"
    "<geography id=\"ams\" scope=\"city\" within=\"nl\" groups=\"g4\">"
    NAME("Ams") "</geography>\n"
    "<geography id=\"zo\" scope=\"district\" within=\"ams\">" NAME("ZO")
    "</geography>\n"
    "<geography id=\"rdam\" scope=\"city\" within=\"nl\">" NAME("Rdam")
    "</geography>\n"
    "<source id=\"s\" kind=\"report\"><author>A</author>"
    "<citation>A.</citation></source>\n"
    SERIES("ams-all", "ams", "",
    "<breakdown dimension=\"sub\" value=\"_T\" complete=\"true\"/>",
    "2009", "10")
    SERIES("ams-b", "ams", "",
    "<breakdown dimension=\"sub\" value=\"b\">" LABEL("B") "</breakdown>",
    "2009", "6")
    SERIES("ams-a", "ams", "",
    "<breakdown dimension=\"sub\" value=\"a\">" LABEL("A") "</breakdown>",
    "2009", "4")
    SERIES("nl-all", "nl", "", "", "2009", "40")
    SERIES("g4-all", "g4", "", "", "2009", "20")
    SERIES("zo-all", "zo", "", "", "2009", "2")
    SERIES("rdam-all", "rdam", "", "", "2009", "5")
    SERIES("rdam-goal", "rdam", " kind=\"target\" measure=\"change-to\"",
    "", "2009", "3")
    SERIES("ams-goal", "ams", " kind=\"target\" measure=\"change-to\"",
    "", "2009", "1")
    SERIES("ams-plan", "ams", " kind=\"plan\" measure=\"change-by\"",
    "", "2009", "1")
    "</reeks>\n";

static reeks_store *
load_doc(void)
{
	char *dir = tu_mkdir();
	reeks_result rc;
	reeks_store *st = NULL;
	char *diags;

	tu_write(dir, "a.xml", doc, -1);
	diags = tu_load(dir, &rc, &st, NULL);
	ck_assert_str_eq(diags, "");
	ck_assert_int_eq(rc, REEKS_OK);
	free(diags);
	tu_rmdir(dir);
	return st;
}

START_TEST(test_places)
{
	reeks_store *st = load_doc();
	const reeks_geography *nl = reeks_geography_find(st, "nl");
	const reeks_geography *g4 = reeks_geography_find(st, "g4");
	const reeks_geography *ams = reeks_geography_find(st, "ams");
	const reeks_geography *zo = reeks_geography_find(st, "zo");
	const reeks_geography *rdam = reeks_geography_find(st, "rdam");

	ck_assert_uint_eq(reeks_geography_group_count(ams), 1);
	ck_assert_ptr_eq(reeks_geography_group_at(ams, 0), g4);
	ck_assert_ptr_null(reeks_geography_group_at(ams, 1));
	ck_assert_uint_eq(reeks_geography_group_count(nl), 0);
	ck_assert_ptr_eq(reeks_geography_within(ams), nl);
	ck_assert(reeks_geography_contains(nl, ams));
	ck_assert(reeks_geography_contains(nl, g4));
	ck_assert(reeks_geography_contains(g4, ams));
	ck_assert(reeks_geography_contains(g4, zo));     /* through ams */
	ck_assert(reeks_geography_contains(nl, zo));
	ck_assert(!reeks_geography_contains(ams, g4));
	ck_assert(!reeks_geography_contains(ams, nl));
	ck_assert(!reeks_geography_contains(g4, rdam));  /* not a member */
	ck_assert(!reeks_geography_contains(ams, ams));
	ck_assert(!reeks_geography_contains(NULL, ams));
	reeks_store_free(st);
}
END_TEST

START_TEST(test_breakdown)
{
	reeks_store *st = load_doc();
	const reeks_series *all = reeks_series_find(st, "ams-all");
	const reeks_series *a = reeks_series_find(st, "ams-a");
	const reeks_series *b = reeks_series_find(st, "ams-b");
	const reeks_series *nl = reeks_series_find(st, "nl-all");

	ck_assert(reeks_series_is_total(all));
	ck_assert(reeks_series_breakdown_complete(all));
	ck_assert(!reeks_series_is_total(a));
	ck_assert(!reeks_series_is_total(nl));
	ck_assert_str_eq(reeks_series_breakdown_value(all), "_T");
	ck_assert_ptr_null(reeks_series_breakdown_label(all, REEKS_EN));
	ck_assert_ptr_eq(reeks_series_total(a), all);
	ck_assert_ptr_eq(reeks_series_total(b), all);
	ck_assert_ptr_null(reeks_series_total(all));
	ck_assert_ptr_null(reeks_series_total(nl));
	ck_assert_uint_eq(reeks_series_part_count(all), 2);
	ck_assert_ptr_eq(reeks_series_part_at(all, 0), a);   /* id order */
	ck_assert_ptr_eq(reeks_series_part_at(all, 1), b);
	ck_assert_ptr_null(reeks_series_part_at(all, 2));
	ck_assert_uint_eq(reeks_series_part_count(a), 0);
	reeks_store_free(st);
}
END_TEST

START_TEST(test_kind_measure)
{
	reeks_store *st = load_doc();

	ck_assert_int_eq(reeks_series_kind(reeks_series_find(st, "nl-all")),
	    REEKS_KIND_OUTCOME);
	ck_assert_int_eq(reeks_series_measure(reeks_series_find(st,
	    "nl-all")), REEKS_MEASURE_LEVEL);
	ck_assert_int_eq(reeks_series_kind(reeks_series_find(st,
	    "ams-goal")), REEKS_KIND_TARGET);
	ck_assert_int_eq(reeks_series_measure(reeks_series_find(st,
	    "ams-goal")), REEKS_MEASURE_CHANGE_TO);
	ck_assert_int_eq(reeks_series_kind(reeks_series_find(st,
	    "ams-plan")), REEKS_KIND_PLAN);
	ck_assert_int_eq(reeks_series_measure(reeks_series_find(st,
	    "ams-plan")), REEKS_MEASURE_CHANGE_BY);
	ck_assert_str_eq(reeks_kind_name(REEKS_KIND_TARGET), "target");
	ck_assert_str_eq(reeks_kind_name(REEKS_KIND_PLAN), "plan");
	ck_assert_str_eq(reeks_kind_name((reeks_kind)7), "");
	ck_assert_str_eq(reeks_measure_name(REEKS_MEASURE_CHANGE_BY),
	    "change-by");
	ck_assert_str_eq(reeks_measure_name((reeks_measure)7), "");
	reeks_store_free(st);
}
END_TEST

/* The bars of charts as "depth:id(share)" joined by ' ', charts by '|'. */
static const char *
plan_text(const compare_chart *c, size_t nc)
{
	static char out[4096];
	size_t len = 0;

	out[0] = '\0';
	for (size_t i = 0; i < nc; i++)
		for (size_t j = 0; j < c[i].nbars; j++) {
			const compare_bar *b = &c[i].bars[j];

			len += (size_t)snprintf(out + len, sizeof out - len,
			    "%s%d:%s", i > 0 && j == 0 ? "|" : j > 0 ? " " :
			    "", b->depth, reeks_series_id(b->series));
			if (!isnan(b->share))
				len += (size_t)snprintf(out + len,
				    sizeof out - len, "(%.1f)", b->share);
		}
	return out;
}

START_TEST(test_plan)
{
	reeks_store *st = load_doc();
	const reeks_series *v[16];
	size_t n = reeks_series_by_topic(st, "t", v, 16);
	compare_chart *c;
	size_t nc = compare_plan(v, n, &c);

	/* One chart of the outcomes: each place under the innermost place
	 * that contains it (Amsterdam under the G4, not beside it), the
	 * parts under their total; the two targets apart, side by side;
	 * the plan alone, so in no chart. */
	ck_assert_uint_eq(nc, 2);
	ck_assert_str_eq(plan_text(c, nc),
	    "0:nl-all 1:g4-all(50.0) 2:ams-all(50.0) 3:ams-a(40.0) "
	    "3:ams-b(60.0) 3:zo-all(20.0) 1:rdam-all(12.5)|"
	    "0:ams-goal 0:rdam-goal");
	compare_free(c, nc);
	reeks_store_free(st);
}
END_TEST

/* Whether bar J of C lies under bar I (in I's run of deeper bars). */
static bool
under(const compare_chart *c, size_t i, size_t j)
{
	if (j <= i)
		return false;
	for (size_t k = i + 1; k <= j; k++)
		if (c->bars[k].depth <= c->bars[i].depth)
			return false;
	return true;
}

/*
 * Every chart of every topic of data/ (what topic_page() draws): like
 * with like; a part never beside its total, a place never beside a place
 * that contains it; each bar below depth 0 under the whole it is part of.
 */
START_TEST(test_data_charts)
{
	reeks_result rc;
	reeks_store *st = NULL;
	char *diags = tu_load("data", &rc, &st, NULL);
	size_t ncharts = 0, nbars = 0, nnested = 0;

	ck_assert_int_eq(rc, REEKS_OK);
	free(diags);
	for (size_t t = 0; t < reeks_store_topic_count(st); t++) {
		const char *tid = reeks_topic_id(reeks_store_topic_at(st, t));
		size_t n = reeks_series_by_topic(st, tid, NULL, 0);
		const reeks_series **v = malloc((n ? n : 1) * sizeof *v);
		compare_chart *c;
		size_t nc;

		ck_assert_ptr_nonnull(v);
		reeks_series_by_topic(st, tid, v, n);
		nc = compare_plan(v, n, &c);
		ck_assert_uint_ne(nc, (size_t)-1);
		for (size_t k = 0; k < nc; k++) {
			const compare_chart *ch = &c[k];
			const reeks_series *f = ch->bars[0].series;

			ck_assert_uint_ge(ch->nbars, 2);
			ncharts++;
			for (size_t i = 0; i < ch->nbars; i++) {
				const compare_bar *bi = &ch->bars[i];
				const reeks_series *x = bi->series;

				nbars++;
				ck_assert_str_eq(reeks_series_indicator(x),
				    reeks_series_indicator(f));
				ck_assert_int_eq(reeks_series_unit(x),
				    reeks_series_unit(f));
				ck_assert_int_eq(reeks_series_kind(x),
				    reeks_series_kind(f));
				ck_assert_int_eq(reeks_series_measure(x),
				    reeks_series_measure(f));
				ck_assert_str_eq(reeks_obs_period(bi->obs),
				    ch->period);
				if (bi->depth > 0) {
					size_t p = i;

					nnested++;
					while (ch->bars[p].depth >= bi->depth)
						p--;
					ck_assert_int_eq(ch->bars[p].depth,
					    bi->depth - 1);
					ck_assert_ptr_eq(ch->bars[p].series,
					    bi->parent);
				}
				for (size_t j = 0; j < ch->nbars; j++) {
					const reeks_series *y =
					    ch->bars[j].series;
					bool holds = reeks_series_total(y) == x ||
					    (reeks_series_total(x) == NULL &&
					    reeks_geography_contains(
					    reeks_series_geography(x),
					    reeks_series_geography(y)));

					ck_assert_msg(!holds || under(ch, i, j),
					    "%s: '%s' beside '%s', a part of "
					    "it", tid, reeks_series_id(x),
					    reeks_series_id(y));
				}
			}
		}
		compare_free(c, nc);
		free(v);
	}
	/* The charts the site draws today, so that a change to the data
	 * or the rules that drops them shows here. */
	printf("check_compare: %zu charts, %zu bars, %zu under a whole\n",
	    ncharts, nbars, nnested);
	ck_assert_uint_ge(ncharts, 12);
	ck_assert_uint_ge(nnested, 15);
	reeks_store_free(st);
}
END_TEST

static Suite *
compare_suite(void)
{
	Suite *s = suite_create("compare");
	TCase *tc = tcase_create("compare");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_places);
	tcase_add_test(tc, test_breakdown);
	tcase_add_test(tc, test_kind_measure);
	tcase_add_test(tc, test_plan);
	tcase_add_test(tc, test_data_charts);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(compare_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
