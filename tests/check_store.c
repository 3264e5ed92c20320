/*
 * check_store.c: reading a loaded store: look-ups, order and every field,
 * on the fixture in tests/data/good.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "testutil.h"

static reeks_store *st;

static void
setup(void)
{
	reeks_result rc;
	char *diags = tu_load("tests/data/good", &rc, &st, NULL);

	ck_assert_str_eq(diags, GOOD_WARNINGS);
	ck_assert_int_eq(rc, REEKS_OK);
	free(diags);
}

static void
teardown(void)
{
	reeks_store_free(st);
	st = NULL;
}

START_TEST(test_sorted_by_id)
{
	ck_assert_str_eq(reeks_series_id(reeks_store_series_at(st, 0)),
	    "ams-injecting-share");
	ck_assert_str_eq(reeks_series_id(reeks_store_series_at(st, 1)),
	    "nl-opiate-users");
	ck_assert_str_eq(reeks_series_id(reeks_store_series_at(st, 2)),
	    "nl-problem-drug-users");
	ck_assert_ptr_null(reeks_store_series_at(st, 3));
	ck_assert_str_eq(reeks_geography_id(reeks_store_geography_at(st, 0)),
	    "amsterdam");
	ck_assert_str_eq(reeks_geography_id(reeks_store_geography_at(st, 1)),
	    "nl");
	ck_assert_ptr_null(reeks_store_geography_at(st, 2));
	ck_assert_str_eq(reeks_topic_id(reeks_store_topic_at(st, 0)),
	    "problem-drug-use");
	ck_assert_ptr_null(reeks_store_topic_at(st, 1));
	ck_assert_str_eq(reeks_source_id(reeks_store_source_at(st, 0)),
	    "idpc-2011");
	ck_assert_str_eq(reeks_source_id(reeks_store_source_at(st, 1)),
	    "test-synthetic");
	ck_assert_ptr_null(reeks_store_source_at(st, 2));
}
END_TEST

START_TEST(test_find)
{
	const reeks_series *se = reeks_series_find(st, "nl-problem-drug-users");

	ck_assert_ptr_nonnull(se);
	ck_assert_str_eq(reeks_series_id(se), "nl-problem-drug-users");
	ck_assert_ptr_null(reeks_series_find(st, "nl-problem"));
	ck_assert_ptr_null(reeks_series_find(st, ""));
	ck_assert_ptr_null(reeks_series_find(st, NULL));
	ck_assert_ptr_nonnull(reeks_topic_find(st, "problem-drug-use"));
	ck_assert_ptr_null(reeks_topic_find(st, "infections"));
	ck_assert_ptr_nonnull(reeks_geography_find(st, "amsterdam"));
	ck_assert_ptr_nonnull(reeks_source_find(st, "idpc-2011"));
	ck_assert_ptr_null(reeks_source_find(st, "idpc"));
}
END_TEST

START_TEST(test_select)
{
	const reeks_series *out[4] = { NULL };

	ck_assert_uint_eq(reeks_series_by_topic(st, "problem-drug-use", out,
	    4), 3);
	ck_assert_str_eq(reeks_series_id(out[0]), "ams-injecting-share");
	ck_assert_str_eq(reeks_series_id(out[1]), "nl-opiate-users");
	ck_assert_str_eq(reeks_series_id(out[2]), "nl-problem-drug-users");
	/* Counting only, and a buffer too small: the total comes back. */
	ck_assert_uint_eq(reeks_series_by_topic(st, "problem-drug-use", NULL,
	    0), 3);
	out[1] = NULL;
	ck_assert_uint_eq(reeks_series_by_topic(st, "problem-drug-use", out,
	    1), 3);
	ck_assert_ptr_null(out[1]);
	ck_assert_uint_eq(reeks_series_by_geography(st, "nl", out, 4), 2);
	ck_assert_str_eq(reeks_series_id(out[1]), "nl-problem-drug-users");
	ck_assert_uint_eq(reeks_series_by_indicator(st, "injecting-share",
	    out, 4), 1);
	ck_assert_str_eq(reeks_series_id(out[0]), "ams-injecting-share");
	ck_assert_uint_eq(reeks_series_by_source(st, "idpc-2011", out, 4), 2);
	ck_assert_uint_eq(reeks_series_by_source(st, "test-synthetic", out, 4),
	    1);
	ck_assert_str_eq(reeks_series_id(out[0]), "nl-opiate-users");
	ck_assert_uint_eq(reeks_series_by_topic(st, "none", out, 4), 0);
	ck_assert_uint_eq(reeks_series_by_topic(st, NULL, out, 4), 0);
}
END_TEST

START_TEST(test_series_fields)
{
	const reeks_series *se = reeks_series_find(st, "nl-problem-drug-users");
	const reeks_geography *nl = reeks_series_geography(se);

	ck_assert_str_eq(reeks_series_title(se, REEKS_EN),
	    "Problem drug users, Netherlands");
	ck_assert_str_eq(reeks_series_title(se, REEKS_NL),
	    "Problematische drugsgebruikers, Nederland");
	ck_assert_str_eq(reeks_series_description(se, REEKS_NL),
	    "Geschat aantal problematische drugsgebruikers in Nederland.");
	ck_assert_ptr_null(reeks_series_definition(se, REEKS_EN));
	ck_assert_ptr_null(reeks_series_caveat(se, REEKS_NL));
	ck_assert_ptr_null(reeks_series_breakdown_dimension(se));
	ck_assert_str_eq(reeks_topic_title(reeks_series_topic(se), REEKS_NL),
	    "Problematisch drugsgebruik");
	ck_assert_str_eq(reeks_series_indicator(se), "problem-drug-users");
	ck_assert_int_eq(reeks_series_unit(se), REEKS_UNIT_PERSONS);
	ck_assert_str_eq(reeks_unit_name(reeks_series_unit(se)), "persons");
	ck_assert_str_eq(reeks_geography_name(nl, REEKS_NL), "Nederland");
	ck_assert_str_eq(reeks_geography_scope(nl), "country");
	ck_assert_ptr_null(reeks_geography_within(nl));
	ck_assert_ptr_eq(reeks_geography_within(
	    reeks_geography_find(st, "amsterdam")), nl);
	ck_assert_str_eq(reeks_series_file(se),
	    "tests/data/good/example.xml");
	ck_assert_uint_eq(reeks_series_line(se), 36);
}
END_TEST

/* Observations come in period order whatever the file's order. */
START_TEST(test_obs_in_period_order)
{
	const reeks_series *se = reeks_series_find(st, "nl-problem-drug-users");
	const reeks_obs *a, *b;

	ck_assert_uint_eq(reeks_series_obs_count(se), 2);
	a = reeks_series_obs_at(se, 0);
	b = reeks_series_obs_at(se, 1);
	ck_assert_ptr_null(reeks_series_obs_at(se, 2));
	ck_assert_str_eq(reeks_obs_period(a), "1985");
	ck_assert_str_eq(reeks_obs_period(b), "2005");
	ck_assert_ptr_eq(reeks_obs_series(a), se);
	ck_assert_uint_eq(reeks_obs_line(a), 44);
	ck_assert_uint_eq(reeks_obs_line(b), 41);
}
END_TEST

START_TEST(test_obs_fields)
{
	const reeks_series *se = reeks_series_find(st, "nl-problem-drug-users");
	const reeks_obs *o = reeks_series_obs_at(se, 0);
	reeks_date d = reeks_obs_period_start(o);

	ck_assert(!reeks_obs_period_is_interval(o));
	ck_assert_int_eq(d.year, 1985);
	ck_assert_int_eq(d.month, 0);
	ck_assert(reeks_obs_has_value(o));
	ck_assert_double_eq(reeks_obs_value(o), 25000);
	ck_assert_str_eq(reeks_obs_value_text(o), "25,000");
	ck_assert(!reeks_obs_has_lower(o));
	ck_assert_ptr_null(reeks_obs_lower_text(o));
	ck_assert(!reeks_obs_has_upper(o));
	ck_assert(!reeks_obs_has_numerator(o));
	ck_assert(!reeks_obs_has_denominator(o));
	ck_assert_ptr_null(reeks_obs_printed(o));
	ck_assert_int_eq(reeks_obs_qualifier(o), REEKS_QUAL_EXACT);
	ck_assert_int_eq(reeks_obs_status(o), 'E');
	ck_assert_str_eq(reeks_source_id(reeks_obs_source(o)), "idpc-2011");
	ck_assert_str_eq(reeks_obs_locator(o), "Section 2, Drug situation");
	/* White space in text is normalized. */
	ck_assert_str_eq(reeks_obs_excerpt(o), "around 1985, there were an "
	    "estimated 25,000 problematic drug users in the Netherlands");
	ck_assert_str_eq(reeks_obs_note(o, REEKS_EN),
	    "\"Around 1985\": the peak of the heroin epidemic.");
	ck_assert_str_eq(reeks_obs_note(o, REEKS_NL),
	    "\"Rond 1985\": het hoogtepunt van de heroïne-epidemie.");
}
END_TEST

START_TEST(test_range_obs)
{
	const reeks_series *se = reeks_series_find(st, "ams-injecting-share");
	const reeks_obs *o = reeks_series_obs_at(se, 0);

	ck_assert(!reeks_obs_has_value(o));
	ck_assert_ptr_null(reeks_obs_value_text(o));
	ck_assert_double_eq(reeks_obs_value(o), 0);
	ck_assert_double_eq(reeks_obs_lower(o), 30);
	ck_assert_double_eq(reeks_obs_upper(o), 40);
	ck_assert_str_eq(reeks_obs_upper_text(o), "40");
	ck_assert_int_eq(reeks_obs_qualifier(o), REEKS_QUAL_RANGE);
	ck_assert_str_eq(reeks_qualifier_name(reeks_obs_qualifier(o)),
	    "range");
	ck_assert_ptr_null(reeks_obs_note(o, REEKS_EN));
}
END_TEST

START_TEST(test_break_method_interval_secondary)
{
	const reeks_series *se = reeks_series_find(st, "nl-opiate-users");
	const reeks_break *b;
	const reeks_obs *old, *est;

	ck_assert_uint_eq(reeks_series_break_count(se), 1);
	b = reeks_series_break_at(se, 0);
	ck_assert_ptr_null(reeks_series_break_at(se, 1));
	ck_assert_str_eq(reeks_break_period(b), "2010");
	ck_assert_int_eq(reeks_break_start(b).year, 2010);
	ck_assert_str_eq(reeks_break_reason(b, REEKS_NL),
	    "Test: een nieuwe definitie vanaf 2010.");
	ck_assert_str_eq(reeks_series_definition(se, REEKS_EN),
	    "Test definition.");
	ck_assert_uint_eq(reeks_series_break_count(
	    reeks_series_find(st, "nl-problem-drug-users")), 0);

	old = reeks_series_obs_at(se, 0);
	est = reeks_series_obs_at(se, 1);
	ck_assert_str_eq(reeks_obs_period(old), "1979");
	ck_assert(reeks_obs_secondary(old));
	ck_assert_ptr_null(reeks_obs_method(old));
	ck_assert_ptr_null(reeks_obs_bounds(old));
	ck_assert(!reeks_obs_secondary(est));
	ck_assert_str_eq(reeks_obs_method(est), "TM");
	ck_assert_str_eq(reeks_obs_bounds(est), "ci95");
	ck_assert_double_eq(reeks_obs_lower(est), 12700);
	ck_assert_double_eq(reeks_obs_upper(est), 16300);
	ck_assert_int_eq(reeks_obs_qualifier(est), REEKS_QUAL_APPROX);
	/* A printed range without a bounds attribute is a "range". */
	ck_assert_str_eq(reeks_obs_bounds(reeks_series_obs_at(
	    reeks_series_find(st, "ams-injecting-share"), 0)), "range");
}
END_TEST

START_TEST(test_claims)
{
	const reeks_claim *c, *out[4];
	const reeks_series *se = reeks_series_find(st, "nl-problem-drug-users");

	ck_assert_uint_eq(reeks_store_claim_count(st), 3);
	ck_assert_str_eq(reeks_claim_id(reeks_store_claim_at(st, 0)),
	    "test-claim-holds");
	ck_assert_ptr_null(reeks_store_claim_at(st, 3));
	ck_assert_ptr_null(reeks_claim_find(st, "nope"));

	c = reeks_claim_find(st, "test-claim-holds");
	ck_assert_str_eq(reeks_claim_operation(c), "pct-change");
	ck_assert_str_eq(reeks_claim_value_text(c), "34");
	ck_assert_double_eq(reeks_claim_value(c), 34);
	ck_assert_str_eq(reeks_claim_printed(c), "34% more (synthetic)");
	ck_assert_str_eq(reeks_source_id(reeks_claim_source(c)),
	    "test-synthetic");
	ck_assert_str_eq(reeks_claim_locator(c), "Test, p. 3");
	ck_assert_str_eq(reeks_claim_excerpt(c), "34% more (synthetic)");
	ck_assert_ptr_null(reeks_claim_note(c, REEKS_EN));
	ck_assert_uint_eq(reeks_claim_input_count(c), 2);
	ck_assert_ptr_eq(reeks_claim_input_obs(c, 0),
	    reeks_series_obs_at(se, 0));
	ck_assert_ptr_eq(reeks_claim_input_obs(c, 1),
	    reeks_series_obs_at(se, 1));
	ck_assert_ptr_null(reeks_claim_input_obs(c, 2));
	ck_assert_str_eq(reeks_claim_input_field(c, 0), "value");
	ck_assert_int_eq(reeks_claim_verdict_of(c), REEKS_CLAIM_HOLDS);
	ck_assert_double_eq(reeks_claim_recomputed(c), 100.0 * 8500 / 25000);
	ck_assert_double_eq(reeks_claim_tolerance(c), 0.5);
	ck_assert_uint_eq(reeks_claim_line(c), 81);

	c = reeks_claim_find(st, "test-claim-wrong");
	ck_assert_int_eq(reeks_claim_verdict_of(c), REEKS_CLAIM_DOES_NOT_HOLD);
	ck_assert_double_eq(reeks_claim_recomputed(c), 33500.0 / 25000);
	ck_assert_double_eq_tol(reeks_claim_tolerance(c), 0.05, 1e-15);

	c = reeks_claim_find(st, "test-claim-unverifiable");
	ck_assert_int_eq(reeks_claim_verdict_of(c),
	    REEKS_CLAIM_NOT_VERIFIABLE);
	ck_assert_uint_eq(reeks_claim_input_count(c), 0);
	ck_assert_str_eq(reeks_claim_note(c, REEKS_NL),
	    "Test: de invoer is niet gedrukt.");

	ck_assert_uint_eq(reeks_claims_by_series(st, "nl-problem-drug-users",
	    out, 4), 2);
	ck_assert_str_eq(reeks_claim_id(out[0]), "test-claim-holds");
	ck_assert_str_eq(reeks_claim_id(out[1]), "test-claim-wrong");
	ck_assert_uint_eq(reeks_claims_by_series(st, "nl-opiate-users", out,
	    4), 0);
}
END_TEST

START_TEST(test_source_fields)
{
	const reeks_source *s = reeks_source_find(st, "idpc-2011");

	ck_assert_str_eq(reeks_source_kind(s), "report");
	ck_assert_uint_eq(reeks_source_author_count(s), 3);
	ck_assert_str_eq(reeks_source_author_at(s, 0), "Eberhard Schatz");
	ck_assert_str_eq(reeks_source_author_at(s, 2), "John Peter Kools");
	ck_assert_ptr_null(reeks_source_author_at(s, 3));
	ck_assert_str_eq(reeks_source_publisher(s),
	    "International Drug Policy Consortium");
	ck_assert_str_eq(reeks_source_year(s), "2011");
	ck_assert_str_eq(reeks_source_issued(s), "2011-01");
	ck_assert_ptr_null(reeks_source_url(s));
	ck_assert_ptr_null(reeks_source_license(s));
	ck_assert_ptr_null(reeks_source_container(s));
	ck_assert_ptr_null(reeks_source_note(s, REEKS_EN));
	ck_assert_int_eq(strncmp(reeks_source_citation(s), "Schatz, E.", 10),
	    0);
}
END_TEST

/* Locators and citations per language, on tests/load/translations.xml:
 * the translation where the data gives one, else the text for every
 * language; the old accessors give that text. */
START_TEST(test_translations)
{
	FILE *f = fopen("tests/load/translations.xml", "rb");
	char doc[4096];
	size_t n;
	char *dir = tu_mkdir(), *diags;
	reeks_result rc;
	reeks_store *t;

	ck_assert_ptr_nonnull(f);
	n = fread(doc, 1, sizeof doc - 1, f);
	ck_assert(feof(f));
	fclose(f);
	doc[n] = '\0';
	tu_write(dir, "translations.xml", doc, -1);
	diags = tu_load(dir, &rc, &t, NULL);
	ck_assert_str_eq(diags, "");
	ck_assert_int_eq(rc, REEKS_OK);

	const reeks_source *s = reeks_source_find(t, "s");
	ck_assert_str_eq(reeks_source_citation(s), "A (undated). T.");
	ck_assert_str_eq(reeks_source_citation_lang(s, REEKS_EN),
	    "A (undated). T.");
	ck_assert_str_eq(reeks_source_citation_lang(s, REEKS_NL),
	    "A (z.d.). T.");
	ck_assert_ptr_null(reeks_source_citation_translation(s, REEKS_EN));
	ck_assert_str_eq(reeks_source_citation_translation(s, REEKS_NL),
	    "A (z.d.). T.");

	const reeks_series *se = reeks_series_find(t, "x");
	const reeks_obs *o = reeks_series_obs_at(se, 0);
	ck_assert_str_eq(reeks_obs_locator(o), "Table 1, row Total");
	ck_assert_str_eq(reeks_obs_locator_lang(o, REEKS_EN),
	    "Table 1, row Total");
	ck_assert_str_eq(reeks_obs_locator_lang(o, REEKS_NL),
	    "Tabel 1, rij Totaal");
	ck_assert_ptr_null(reeks_obs_locator_translation(o, REEKS_EN));
	ck_assert_str_eq(reeks_obs_locator_translation(o, REEKS_NL),
	    "Tabel 1, rij Totaal");
	o = reeks_series_obs_at(se, 1);    /* no translation, no extras */
	ck_assert_str_eq(reeks_obs_locator_lang(o, REEKS_NL), "p. 1");
	ck_assert_ptr_null(reeks_obs_locator_translation(o, REEKS_NL));

	const reeks_claim *c = reeks_claim_find(t, "c1");
	ck_assert_str_eq(reeks_claim_locator(c), "Table 1, row Total");
	ck_assert_str_eq(reeks_claim_locator_lang(c, REEKS_EN),
	    "Table 1, row Total");
	ck_assert_str_eq(reeks_claim_locator_lang(c, REEKS_NL),
	    "Tabel 1, rij Totaal");
	ck_assert_ptr_null(reeks_claim_locator_translation(c, REEKS_EN));
	ck_assert_str_eq(reeks_claim_locator_translation(c, REEKS_NL),
	    "Tabel 1, rij Totaal");
	free(diags);
	reeks_store_free(t);
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_version)
{
	ck_assert_str_eq(reeks_version(), REEKS_VERSION);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("store");
	TCase *tc = tcase_create("store");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_sorted_by_id);
	tcase_add_test(tc, test_find);
	tcase_add_test(tc, test_select);
	tcase_add_test(tc, test_series_fields);
	tcase_add_test(tc, test_obs_in_period_order);
	tcase_add_test(tc, test_obs_fields);
	tcase_add_test(tc, test_range_obs);
	tcase_add_test(tc, test_break_method_interval_secondary);
	tcase_add_test(tc, test_claims);
	tcase_add_test(tc, test_source_fields);
	tcase_add_test(tc, test_translations);
	tcase_add_test(tc, test_version);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
