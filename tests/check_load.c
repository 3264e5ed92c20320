/*
 * check_load.c: reeks_store_load on good data and on every class of bad
 * input, each with its exact diagnostics.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "testutil.h"

/* Load DOC (as a.xml) and expect result RC, first diagnostic KIND and
 * exactly the diagnostics EXPECT. */
static void
expect_doc(const char *doc, reeks_result rc, reeks_diag_kind kind,
    const char *expect)
{
	reeks_result got_rc;
	reeks_diag_kind got_kind = (reeks_diag_kind)-1;
	char *got = tu_load_doc(doc, &got_rc, &got_kind);

	ck_assert_str_eq(got, expect);
	ck_assert_int_eq(got_rc, rc);
	if (*expect != '\0')
		ck_assert_int_eq(got_kind, kind);
	free(got);
}

/* As expect_doc, for a tu_doc() of UNIT and OBS with a data error. */
static void
expect_obs(const char *unit, const char *obs, const char *expect)
{
	char *doc = tu_doc(unit, obs);

	expect_doc(doc, REEKS_EINVALID, REEKS_DIAG_DATA, expect);
	free(doc);
}

/* ---- good data ------------------------------------------------------- */

START_TEST(test_good_fixture)
{
	reeks_result rc;
	reeks_store *st;
	char *diags = tu_load("tests/data/good", &rc, &st, NULL);

	/* A claim that does not hold is a warning: the data still loads. */
	ck_assert_str_eq(diags, GOOD_WARNINGS);
	ck_assert_int_eq(rc, REEKS_OK);
	ck_assert_ptr_nonnull(st);
	ck_assert_uint_eq(reeks_store_series_count(st), 3);
	ck_assert_uint_eq(reeks_store_obs_count(st), 5);
	ck_assert_uint_eq(reeks_store_source_count(st), 2);
	ck_assert_uint_eq(reeks_store_topic_count(st), 1);
	ck_assert_uint_eq(reeks_store_geography_count(st), 2);
	reeks_store_free(st);
	free(diags);
}
END_TEST

START_TEST(test_good_minimal)
{
	char *doc = tu_doc("count", TU_OBS("period=\"2008\" value=\"2\""));

	expect_doc(doc, REEKS_OK, REEKS_DIAG_DATA, "");
	free(doc);
}
END_TEST

START_TEST(test_every_unit_accepts_its_values)
{
	static const char *const cases[][2] = {
		{ "count", "0" }, { "persons", "14,491,632" },
		{ "places", "6" }, { "percent", "0" }, { "percent", "100" },
		{ "percent", "66.7" }, { "per-100k", "16.5" },
		{ "per-100py", "0.4" },
		{ "eur", "0.50" }, { "eur-million", "175" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char obs[256];
		char *doc;

		snprintf(obs, sizeof obs, TU_OBS("period=\"2008\" value=\"%s\""),
		    cases[i][1]);
		doc = tu_doc(cases[i][0], obs);
		expect_doc(doc, REEKS_OK, REEKS_DIAG_DATA, "");
		free(doc);
	}
}
END_TEST

/* Text in a CDATA section is text: kept with the text around it, and
 * validated as it is; an excerpt that is only CDATA is not empty. */
START_TEST(test_cdata_is_text)
{
	char *dir = tu_mkdir();
	char *doc = tu_doc("count",
	    "<obs period=\"2008\" value=\"2\" source=\"s\" at=\"p. 1\">"
	    "<excerpt><![CDATA[<b>only</b> & CDATA]]></excerpt></obs>\n");
	const char *title = "<title lang=\"en\">";
	char *at = strstr(strstr(doc, "<series "), title);
	reeks_result rc;
	reeks_store *st = NULL;
	char *got, *bad;
	const reeks_series *se;
	size_t len;

	ck_assert_ptr_nonnull(at);
	at += strlen(title);
	len = strcspn(at, "<");
	bad = malloc(strlen(doc) + 64);
	ck_assert_ptr_nonnull(bad);
	snprintf(bad, strlen(doc) + 64, "%.*sHeroin <![CDATA[& cocaine]]> "
	    "users%s", (int)(at - doc), doc, at + len);
	tu_write(dir, "a.xml", bad, -1);
	got = tu_load(dir, &rc, &st, NULL);
	ck_assert_str_eq(got, "");
	ck_assert_int_eq(rc, REEKS_OK);
	se = reeks_series_find(st, "x");
	ck_assert_ptr_nonnull(se);
	ck_assert_str_eq(reeks_series_title(se, REEKS_EN),
	    "Heroin & cocaine users");
	ck_assert_str_eq(reeks_obs_excerpt(reeks_series_obs_at(se, 0)),
	    "<b>only</b> & CDATA");
	reeks_store_free(st);
	free(got);
	free(bad);
	free(doc);
	tu_rmdir(dir);

	/* Only white space in CDATA: an empty excerpt. */
	doc = tu_doc("count",
	    "<obs period=\"2008\" value=\"2\" source=\"s\" at=\"p. 1\">"
	    "<excerpt><![CDATA[  ]]></excerpt></obs>\n");
	expect_doc(doc, REEKS_EINVALID, REEKS_DIAG_DATA,
	    "a.xml:9: observation '2008' has an empty <excerpt>\n");
	free(doc);
	/* The schema sees CDATA text as it sees any text. */
	expect_doc("<reeks version=\"1\">\n<source id=\"s\" kind=\"report\">"
	    "<author>A</author><title>S</title>\n<year><![CDATA[20]]>x0</year>"
	    "<citation>C</citation></source>\n</reeks>\n", REEKS_EINVALID,
	    REEKS_DIAG_SCHEMA, "a.xml:3: schema: Element 'year': '20x0' is not "
	    "a year: write YYYY\n");
}
END_TEST

/* ---- the directory --------------------------------------------------- */

START_TEST(test_missing_directory)
{
	reeks_result rc;
	reeks_diag_kind kind;
	char *got = tu_load("tests/data/no-such-dir", &rc, NULL, &kind);

	ck_assert_str_eq(got, "tests/data/no-such-dir: cannot open data "
	    "directory: No such file or directory\n");
	ck_assert_int_eq(rc, REEKS_EIO);
	ck_assert_int_eq(kind, REEKS_DIAG_IO);
	free(got);
}
END_TEST

START_TEST(test_empty_directory)
{
	char *dir = tu_mkdir();
	reeks_result rc;
	reeks_diag_kind kind;
	char *got;

	tu_write(dir, "README.md", "not data\n", -1);
	tu_write(dir, ".hidden.xml", "<not-read/>", -1);
	got = tu_load(dir, &rc, NULL, &kind);
	/* The directory itself is the file of the message. */
	ck_assert_ptr_nonnull(strstr(got, ": no data files (*.xml) in the "
	    "data directory\n"));
	ck_assert_int_eq(strncmp(got, dir, strlen(dir)), 0);
	ck_assert_int_eq(rc, REEKS_EIO);
	ck_assert_int_eq(kind, REEKS_DIAG_IO);
	free(got);
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_empty_file)
{
	expect_doc("", REEKS_EINVALID, REEKS_DIAG_XML,
	    "a.xml: the file is empty\n");
}
END_TEST

/* ---- XML -------------------------------------------------------------- */

START_TEST(test_malformed_xml)
{
	expect_doc("<reeks version=\"1\">\n<topic id=\"t\">\n</reeks>\n",
	    REEKS_EINVALID, REEKS_DIAG_XML,
	    "a.xml:3: malformed XML: Opening and ending tag mismatch: topic "
	    "line 2 and reeks\n");
}
END_TEST

START_TEST(test_not_xml_at_all)
{
	expect_doc("\x01\x02binary garbage", REEKS_EINVALID, REEKS_DIAG_XML,
	    "a.xml:1: malformed XML: no XML element found\n");
	expect_doc("  \n\n", REEKS_EINVALID, REEKS_DIAG_XML,
	    "a.xml:3: malformed XML: no XML element found\n");
}
END_TEST

START_TEST(test_invalid_utf8)
{
	expect_doc("<reeks version=\"1\">\n<topic id=\"t\"><title lang=\"en\">"
	    "caf\xe9</title></topic>\n</reeks>\n",
	    REEKS_EINVALID, REEKS_DIAG_XML,
	    "a.xml:2: text is not valid UTF-8 (or holds a character XML "
	    "does not allow)\n");
}
END_TEST

START_TEST(test_other_encoding_refused)
{
	expect_doc("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
	    "<reeks version=\"1\"/>\n", REEKS_EINVALID, REEKS_DIAG_XML,
	    "a.xml:1: encoding 'ISO-8859-1' is not allowed: data files are "
	    "UTF-8\n");
}
END_TEST

/* ---- DOCTYPE, entities, external references ------------------------- */

#define DOCTYPE_REFUSED "DOCTYPE is not allowed: data files may not " \
	"declare a DTD, entities or external references\n"

START_TEST(test_doctype_refused)
{
	expect_doc("<?xml version=\"1.0\"?>\n<!DOCTYPE reeks>\n"
	    "<reeks version=\"1\"/>\n", REEKS_EINVALID, REEKS_DIAG_SECURITY,
	    "a.xml:2: " DOCTYPE_REFUSED);
}
END_TEST

START_TEST(test_entity_declaration_refused)
{
	/* A billion laughs: refused before any entity is declared. */
	expect_doc("<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE reeks [\n"
	    " <!ENTITY a \"ha\">\n"
	    " <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
	    " <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
	    "]>\n"
	    "<reeks version=\"1\">&c;</reeks>\n",
	    REEKS_EINVALID, REEKS_DIAG_SECURITY, "a.xml:2: " DOCTYPE_REFUSED);
}
END_TEST

START_TEST(test_external_reference_refused)
{
	expect_doc("<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE reeks SYSTEM \"http://127.0.0.1:9/reeks.dtd\" [\n"
	    " <!ENTITY x SYSTEM \"file:///etc/passwd\">\n"
	    "]>\n"
	    "<reeks version=\"1\">&x;</reeks>\n",
	    REEKS_EINVALID, REEKS_DIAG_SECURITY, "a.xml:2: " DOCTYPE_REFUSED);
}
END_TEST

START_TEST(test_undeclared_entity)
{
	expect_doc("<reeks version=\"1\">&x;</reeks>\n", REEKS_EINVALID,
	    REEKS_DIAG_XML,
	    "a.xml:1: malformed XML: Entity 'x' not defined\n");
}
END_TEST

/* ---- the schema ------------------------------------------------------- */

START_TEST(test_schema_unknown_element)
{
	expect_doc("<reeks version=\"1\">\n<chart/>\n</reeks>\n",
	    REEKS_EINVALID, REEKS_DIAG_SCHEMA,
	    "a.xml:2: schema: Element 'chart': This element is not expected. "
	    "Expected is one of ( topic, geography, source, series, claim, change ).\n");
}
END_TEST

START_TEST(test_schema_missing_attribute)
{
	char *doc = tu_doc("count",
	    "<obs period=\"2008\" value=\"2\" source=\"s\">"
	    "<excerpt>e</excerpt></obs>\n");

	/* An observation without its location in the source. */
	expect_doc(doc, REEKS_EINVALID, REEKS_DIAG_SCHEMA,
	    "a.xml:9: schema: Element 'obs': The attribute 'at' is required "
	    "but missing.\n");
	free(doc);
}
END_TEST

START_TEST(test_schema_unknown_qualifier)
{
	char *doc = tu_doc("count",
	    TU_OBS("period=\"2008\" value=\"2\" qualifier=\"roughly\""));

	expect_doc(doc, REEKS_EINVALID, REEKS_DIAG_SCHEMA,
	    "a.xml:9: schema: Element 'obs', attribute 'qualifier': [facet "
	    "'enumeration'] The value 'roughly' is not an element of the set "
	    "{'exact', 'approx', 'at-least', 'at-most', 'range'}.\n");
	free(doc);
}
END_TEST

START_TEST(test_schema_unknown_status)
{
	char *doc = tu_doc("count",
	    TU_OBS("period=\"2008\" value=\"2\" status=\"X\""));

	expect_doc(doc, REEKS_EINVALID, REEKS_DIAG_SCHEMA,
	    "a.xml:9: schema: Element 'obs', attribute 'status': [facet "
	    "'enumeration'] The value 'X' is not an element of the set "
	    "{'A', 'E', 'P', 'B', 'M'}.\n");
	free(doc);
}
END_TEST

/* Ids become file names: anything but [a-z0-9-]+ is refused. */
START_TEST(test_bad_ids)
{
	static const char *const ids[] = {
		"Upper", "a/b", "..", "../etc", "with space", "",
	};

	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		char doc[512], expect[512];

		snprintf(doc, sizeof doc, "<reeks version=\"1\">\n"
		    "<topic id=\"%s\"><title lang=\"en\">T</title>"
		    "<title lang=\"nl\">T</title></topic>\n</reeks>\n",
		    ids[i]);
		snprintf(expect, sizeof expect, "a.xml:2: schema: Element "
		    "'topic', attribute 'id': '%s' is not a valid id: use "
		    "lowercase letters a-z, digits and '-'\n", ids[i]);
		expect_doc(doc, REEKS_EINVALID, REEKS_DIAG_SCHEMA, expect);
	}
}
END_TEST

/* Ids become file names: none may be a device name on Windows. */
START_TEST(test_device_name_ids)
{
	static const char *const refused[] = {
		"con", "prn", "aux", "nul", "com0", "com1", "com9", "lpt0",
		"lpt1", "lpt9",
	};
	static const char *const accepted[] = {
		"co", "cons", "com", "com10", "lpt", "lpt-1", "nul-1", "auxiliary",
		"a-con",
	};

	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		char doc[512], expect[512];

		snprintf(doc, sizeof doc, "<reeks version=\"1\">\n"
		    "<topic id=\"%s\"><title lang=\"en\">T</title>"
		    "<title lang=\"nl\">T</title></topic>\n</reeks>\n",
		    refused[i]);
		snprintf(expect, sizeof expect, "a.xml:2: topic id '%s' is a "
		    "device name on Windows (con, prn, aux, nul, com0 to com9, "
		    "lpt0 to lpt9), and ids become file names: choose "
		    "another\n", refused[i]);
		expect_doc(doc, REEKS_EINVALID, REEKS_DIAG_DATA, expect);
	}
	for (size_t i = 0; i < sizeof accepted / sizeof accepted[0]; i++) {
		char doc[512];

		snprintf(doc, sizeof doc, "<reeks version=\"1\">\n"
		    "<topic id=\"%s\"><title lang=\"en\">T</title>"
		    "<title lang=\"nl\">T</title></topic>\n</reeks>\n",
		    accepted[i]);
		expect_doc(doc, REEKS_OK, REEKS_DIAG_DATA, "");
	}
	/* Every kind of id. */
	expect_doc("<reeks version=\"1\">\n"
	    "<geography id=\"aux\" scope=\"city\"><name lang=\"en\">G</name>"
	    "<name lang=\"nl\">G</name></geography>\n"
	    "<source id=\"prn\" kind=\"report\"><author>A</author>"
	    "<title>S</title><year>2020</year><citation>C</citation>"
	    "</source>\n"
	    "<change id=\"lpt3\" date=\"2020-01-01\"><title lang=\"en\">C"
	    "</title><title lang=\"nl\">C</title><summary lang=\"en\">S"
	    "</summary><summary lang=\"nl\">S</summary></change>\n"
	    "</reeks>\n", REEKS_EINVALID, REEKS_DIAG_DATA,
	    "a.xml:2: geography id 'aux' is a device name on Windows (con, "
	    "prn, aux, nul, com0 to com9, lpt0 to lpt9), and ids become file "
	    "names: choose another\n"
	    "a.xml:3: source id 'prn' is a device name on Windows (con, prn, "
	    "aux, nul, com0 to com9, lpt0 to lpt9), and ids become file names: "
	    "choose another\n"
	    "a.xml:4: change id 'lpt3' is a device name on Windows (con, prn, "
	    "aux, nul, com0 to com9, lpt0 to lpt9), and ids become file names: "
	    "choose another\n");
}
END_TEST

/* A message quoting a value stays one line: control characters and the
 * Unicode line breaks in it are shown escaped. */
START_TEST(test_quoted_text_stays_one_line)
{
	static const char *const ids[][2] = {
		{ "a&#10;b", "a\\nb" }, { "a&#13;&#10;b", "a\\r\\nb" },
		{ "&#9;a", "\\ta" }, { "a\x7f", "a\\x7f" },
		{ "a\xc2\x85", "a\\u0085" }, { "a\xe2\x80\xa8" "b", "a\\u2028b" },
		{ "a\xe2\x80\xa9", "a\\u2029" }, { "a\\n\xc3\xa9", "a\\n\xc3\xa9" },
	};

	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		char doc[512], expect[512];

		snprintf(doc, sizeof doc, "<reeks version=\"1\">\n"
		    "<topic id=\"%s\"><title lang=\"en\">T</title>"
		    "<title lang=\"nl\">T</title></topic>\n</reeks>\n",
		    ids[i][0]);
		snprintf(expect, sizeof expect, "a.xml:2: schema: Element "
		    "'topic', attribute 'id': '%s' is not a valid id: use "
		    "lowercase letters a-z, digits and '-'\n", ids[i][1]);
		expect_doc(doc, REEKS_EINVALID, REEKS_DIAG_SCHEMA, expect);
	}
	/* The escaper itself: escaping twice changes nothing. */
	char *once = reeks_line_escape("a\nb\\n\x01\xe2\x80\xa9"),
	    *twice = once != NULL ? reeks_line_escape(once) : NULL;

	ck_assert_ptr_nonnull(twice);
	ck_assert_str_eq(once, "a\\nb\\n\\x01\\u2029");
	ck_assert_str_eq(twice, once);
	free(once);
	free(twice);
}
END_TEST

/* A file name with a newline is shown escaped too. */
START_TEST(test_file_name_stays_one_line)
{
	char *dir = tu_mkdir();
	reeks_result rc;
	char *got;

	tu_write(dir, "a\nb.xml", "<reeks version=\"1\">\n<topic>\n</reeks>\n",
	    -1);
	got = tu_load(dir, &rc, NULL, NULL);
	ck_assert_str_eq(got, "a\\nb.xml:3: malformed XML: Opening and "
	    "ending tag mismatch: topic line 2 and reeks\n");
	ck_assert_int_eq(rc, REEKS_EINVALID);
	free(got);
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_non_numeric_value)
{
	static const char *const values[] = {
		"abc", "NaN", "inf", "-inf", "1e308", "1.5e3", "12,34", "1,2345",
		"0x10", " 1", "1.", ".5", "",
	};

	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
		char obs[256], expect[512];
		char *doc;

		snprintf(obs, sizeof obs, TU_OBS("period=\"2008\" value=\"%s\""),
		    values[i]);
		doc = tu_doc("count", obs);
		snprintf(expect, sizeof expect, "a.xml:9: schema: Element "
		    "'obs', attribute 'value': '%s' is not a number: write "
		    "digits with optional ',' thousands groups and '.' "
		    "decimals (no exponent, NaN or infinity)\n", values[i]);
		expect_doc(doc, REEKS_EINVALID, REEKS_DIAG_SCHEMA, expect);
		free(doc);
	}
}
END_TEST

START_TEST(test_non_finite_value)
{
	/* Digits only, but too large for a double. */
	char digits[400], obs[600], expect[700];
	char *doc;

	memset(digits, '9', sizeof digits - 1);
	digits[sizeof digits - 1] = '\0';
	snprintf(obs, sizeof obs, TU_OBS("period=\"2008\" value=\"%s\""),
	    digits);
	snprintf(expect, sizeof expect,
	    "a.xml:9: value '%s' is not a finite number\n", digits);
	doc = tu_doc("count", obs);
	expect_doc(doc, REEKS_EINVALID, REEKS_DIAG_DATA, expect);
	free(doc);
}
END_TEST

START_TEST(test_bad_period_syntax)
{
	char *doc = tu_doc("count", TU_OBS("period=\"08\" value=\"2\""));

	expect_doc(doc, REEKS_EINVALID, REEKS_DIAG_SCHEMA,
	    "a.xml:9: schema: Element 'obs', attribute 'period': '08' is not "
	    "an ISO 8601 period: write YYYY, YYYY-MM, YYYY-MM-DD or "
	    "START/END\n");
	free(doc);
}
END_TEST

START_TEST(test_bad_url)
{
	expect_doc("<reeks version=\"1\">\n<source id=\"s\" kind=\"report\">"
	    "<author>A</author><title>T</title><year>2011</year>"
	    "<url>javascript:alert(1)</url><citation>C</citation></source>\n"
	    "</reeks>\n", REEKS_EINVALID, REEKS_DIAG_SCHEMA,
	    "a.xml:2: schema: Element 'url': 'javascript:alert(1)' is not an "
	    "http or https URL\n");
}
END_TEST

START_TEST(test_unsupported_version)
{
	expect_doc("<reeks version=\"2\"/>\n", REEKS_EINVALID,
	    REEKS_DIAG_DATA, "a.xml:1: unsupported format version '2' (this "
	    "reeks reads version 1)\n");
}
END_TEST

/* ---- meaning ---------------------------------------------------------- */

START_TEST(test_invalid_periods)
{
	expect_obs("count",
	    TU_OBS("period=\"2008-13\" value=\"1\"")
	    TU_OBS("period=\"1990/1980\" value=\"1\"")
	    TU_OBS("period=\"2009-02-29\" value=\"1\"")
	    TU_OBS("period=\"2005/2005\" value=\"1\"")
	    TU_OBS("period=\"2008-02-29\" value=\"1\""),
	    "a.xml:9: invalid period '2008-13': month must be 01 to 12\n"
	    "a.xml:10: invalid period '1990/1980': the interval ends before "
	    "it starts\n"
	    "a.xml:11: invalid period '2009-02-29': no such day in that "
	    "month\n"
	    "a.xml:12: invalid period '2005/2005': the interval starts and "
	    "ends at the same time\n");
}
END_TEST

START_TEST(test_duplicate_period)
{
	expect_obs("count",
	    TU_OBS("period=\"2008\" value=\"1\"")
	    TU_OBS("period=\"2005/2007\" value=\"1\"")
	    TU_OBS("period=\"2008\" value=\"2\""),
	    "a.xml:11: duplicate period '2008' in series 'x' (also at line "
	    "9)\n");
}
END_TEST

START_TEST(test_percent_out_of_range)
{
	expect_obs("percent",
	    TU_OBS("period=\"2008\" value=\"100.1\"")
	    TU_OBS("period=\"2009\" value=\"-1\"")
	    TU_OBS("period=\"2010\" lower=\"-5\" upper=\"120\" "
	    "qualifier=\"range\""),
	    "a.xml:9: value '100.1' is outside 0 to 100 (unit percent)\n"
	    "a.xml:10: value '-1' is outside 0 to 100 (unit percent)\n"
	    "a.xml:11: lower '-5' is outside 0 to 100 (unit percent)\n"
	    "a.xml:11: upper '120' is outside 0 to 100 (unit percent)\n");
}
END_TEST

START_TEST(test_counts_are_whole_and_not_negative)
{
	expect_obs("count",
	    TU_OBS("period=\"2008\" value=\"-3\"")
	    TU_OBS("period=\"2009\" value=\"2.5\""),
	    "a.xml:9: value '-3' is negative (unit count)\n"
	    "a.xml:10: value '2.5' is not a whole number (unit count)\n");
	expect_obs("persons", TU_OBS("period=\"2008\" value=\"1,000.5\""),
	    "a.xml:9: value '1,000.5' is not a whole number (unit "
	    "persons)\n");
	expect_obs("eur-million", TU_OBS("period=\"2008\" value=\"-61\""),
	    "a.xml:9: value '-61' is negative (unit eur-million)\n");
}
END_TEST

START_TEST(test_bounds)
{
	expect_obs("percent",
	    TU_OBS("period=\"2008\" lower=\"40\" upper=\"30\" "
	    "qualifier=\"range\"")
	    TU_OBS("period=\"2009\" value=\"20\" lower=\"30\" upper=\"40\"")
	    TU_OBS("period=\"2010\" value=\"50\" lower=\"30\" upper=\"40\"")
	    TU_OBS("period=\"2011\" lower=\"30\" qualifier=\"range\""),
	    "a.xml:9: lower '40' is greater than upper '30'\n"
	    "a.xml:10: value '20' is below lower '30'\n"
	    "a.xml:11: value '50' is above upper '40'\n"
	    "a.xml:12: qualifier 'range' needs both lower and upper\n");
}
END_TEST

START_TEST(test_value_required)
{
	expect_obs("count",
	    TU_OBS("period=\"2008\"")
	    TU_OBS("period=\"2009\" value=\"3\" status=\"M\"")
	    TU_OBS("period=\"2010\" status=\"M\""),
	    "a.xml:9: value is missing: only a range (qualifier=\"range\") or "
	    "a missing observation (status=\"M\") may leave it out\n"
	    "a.xml:10: status 'M' (missing) must not have a value or "
	    "bounds\n");
}
END_TEST

START_TEST(test_numerator_denominator)
{
	expect_obs("percent",
	    TU_OBS("period=\"2008\" value=\"10\" numerator=\"361\" "
	    "denominator=\"3,503\"")
	    TU_OBS("period=\"2009\" value=\"10\" numerator=\"400\" "
	    "denominator=\"300\"")
	    TU_OBS("period=\"2010\" value=\"10\" numerator=\"1\" "
	    "denominator=\"0\"")
	    TU_OBS("period=\"2011\" value=\"10\" numerator=\"1.5\" "
	    "denominator=\"3\""),
	    "a.xml:10: numerator '400' is greater than denominator '300'\n"
	    "a.xml:11: denominator '0' must be greater than 0\n"
	    "a.xml:11: numerator '1' is greater than denominator '0'\n"
	    "a.xml:12: numerator '1.5' is not a whole number (unit count)\n");
}
END_TEST

START_TEST(test_missing_titles)
{
	expect_doc("<reeks version=\"1\">\n"
	    "<topic id=\"t\"><title lang=\"en\">T</title></topic>\n"
	    "<topic id=\"u\"><title lang=\"nl\">U</title></topic>\n"
	    "<topic id=\"v\"><title lang=\"en\">V</title>"
	    "<title lang=\"en\">W</title><title lang=\"nl\"> </title>"
	    "</topic>\n"
	    "</reeks>\n", REEKS_EINVALID, REEKS_DIAG_DATA,
	    "a.xml:2: topic 't' has no <title lang=\"nl\"> (Dutch title)\n"
	    "a.xml:3: topic 'u' has no <title lang=\"en\"> (English title)\n"
	    "a.xml:4: topic 'v' has a second <title lang=\"en\"> (first at "
	    "line 4)\n"
	    "a.xml:4: topic 'v' has an empty <title lang=\"nl\">\n");
}
END_TEST

START_TEST(test_series_needs_both_languages)
{
	char doc[2048];

	snprintf(doc, sizeof doc,
	    "<reeks version=\"1\">\n"
	    "<topic id=\"t\"><title lang=\"en\">T</title>"
	    "<title lang=\"nl\">T</title></topic>\n"
	    "<geography id=\"g\" scope=\"country\"><name lang=\"en\">G</name>"
	    "<name lang=\"nl\">G</name></geography>\n"
	    "<source id=\"s\" kind=\"report\"><author>A</author>"
	    "<title>T</title><year>2011</year><citation>C</citation>"
	    "</source>\n"
	    "<series id=\"x\" topic=\"t\" indicator=\"i\" unit=\"count\" "
	    "geography=\"g\">\n"
	    "<title lang=\"en\">X</title>\n"
	    "<description lang=\"nl\">D</description>\n"
	    "<obs period=\"2008\" value=\"1\" source=\"s\" at=\"p. 1\">"
	    "<excerpt>e</excerpt>\n"
	    "<note lang=\"en\">only English</note></obs>\n"
	    "</series>\n</reeks>\n");
	expect_doc(doc, REEKS_EINVALID, REEKS_DIAG_DATA,
	    "a.xml:5: series 'x' has no <title lang=\"nl\"> (Dutch title)\n"
	    "a.xml:5: series 'x' has no <description lang=\"en\"> (English "
	    "description)\n"
	    "a.xml:9: observation '2008' has <note lang=\"en\"> but no "
	    "<note lang=\"nl\"> (Dutch)\n");
}
END_TEST

/* ---- provenance, intervals, methods, breaks ------------------------- */

START_TEST(test_obs_without_location)
{
	char *doc = tu_doc("count",
	    "<obs period=\"2008\" value=\"2\" source=\"s\" at=\"\">"
	    "<excerpt>e</excerpt></obs>\n");

	expect_doc(doc, REEKS_EINVALID, REEKS_DIAG_SCHEMA,
	    "a.xml:9: schema: Element 'obs', attribute 'at': [facet "
	    "'minLength'] The value '' has a length of '0'; this underruns "
	    "the allowed minimum length of '1'.\n");
	free(doc);
	doc = tu_doc("count",
	    "<obs period=\"2008\" value=\"2\" source=\"s\" at=\"  \">"
	    "<excerpt>e</excerpt></obs>\n");
	expect_doc(doc, REEKS_EINVALID, REEKS_DIAG_DATA,
	    "a.xml:9: observation '2008' has an empty source location "
	    "(at=\"\")\n");
	free(doc);
}
END_TEST

START_TEST(test_unknown_method)
{
	char *doc = tu_doc("persons",
	    TU_OBS("period=\"2008\" value=\"2\" status=\"E\" "
	    "method=\"XX\""));

	expect_doc(doc, REEKS_EINVALID, REEKS_DIAG_SCHEMA,
	    "a.xml:9: schema: Element 'obs', attribute 'method': [facet "
	    "'enumeration'] The value 'XX' is not an element of the set "
	    "{'CR', 'TM', 'PM', 'MM', 'MI', 'TP', 'CM', 'OT'}.\n");
	free(doc);
}
END_TEST

START_TEST(test_method_needs_estimate)
{
	expect_obs("persons",
	    TU_OBS("period=\"2008\" value=\"2\" method=\"TM\""),
	    "a.xml:9: method 'TM' is for estimates: add status=\"E\"\n");
}
END_TEST

START_TEST(test_bounds_come_in_pairs)
{
	expect_obs("persons",
	    TU_OBS("period=\"2008\" value=\"2\" lower=\"1\"")
	    TU_OBS("period=\"2009\" value=\"2\" upper=\"3\" "
	    "bounds=\"ci95\"")
	    TU_OBS("period=\"2010\" upper=\"3\" qualifier=\"range\""),
	    "a.xml:9: lower and upper must be given together\n"
	    "a.xml:10: lower and upper must be given together\n"
	    "a.xml:10: bounds=\"ci95\" needs both lower and upper\n"
	    "a.xml:11: qualifier 'range' needs both lower and upper\n");
}
END_TEST

START_TEST(test_secondary_needs_note)
{
	expect_obs("persons",
	    TU_OBS("period=\"2008\" value=\"2\" secondary=\"true\""),
	    "a.xml:9: secondary observation '2008' needs a <note> in both "
	    "languages saying why it is weak\n");
}
END_TEST

START_TEST(test_breaks)
{
	char *doc = tu_doc("count",
	    "<break><reason lang=\"en\">r</reason>"
	    "<reason lang=\"nl\">r</reason></break>\n"
	    TU_OBS("period=\"2008\" value=\"2\""));

	/* A break without a date. */
	expect_doc(doc, REEKS_EINVALID, REEKS_DIAG_SCHEMA,
	    "a.xml:9: schema: Element 'break': The attribute 'period' is "
	    "required but missing.\n");
	free(doc);

	expect_obs("count",
	    "<break period=\"2013-13\"><reason lang=\"en\">r</reason>"
	    "<reason lang=\"nl\">r</reason></break>\n"
	    "<break period=\"2005/2007\"><reason lang=\"en\">r</reason>"
	    "<reason lang=\"nl\">r</reason></break>\n"
	    "<break period=\"2013\"><reason lang=\"en\">r</reason></break>\n"
	    "<break period=\"2013\"><reason lang=\"en\">r</reason>"
	    "<reason lang=\"nl\">r</reason></break>\n"
	    TU_OBS("period=\"2008\" value=\"2\""),
	    "a.xml:9: series 'x': invalid break period '2013-13': month must "
	    "be 01 to 12\n"
	    "a.xml:10: series 'x': invalid break period '2005/2007': a break "
	    "is a point in time, not an interval\n"
	    "a.xml:11: break in series 'x' has no <reason lang=\"nl\"> (Dutch "
	    "reason)\n"
	    "a.xml:12: series 'x' has a second break at '2013' (first at line "
	    "11)\n");
}
END_TEST

/* ---- claims ----------------------------------------------------------- */

/* tu_doc() with claims after the series. */
static char *
doc_with_claims(const char *unit, const char *obs, const char *claims)
{
	char *doc = tu_doc(unit, obs);
	char *end = strstr(doc, "</reeks>");
	size_t len = strlen(doc) + strlen(claims) + 1;
	char *out = malloc(len);

	ck_assert_ptr_nonnull(end);
	ck_assert_ptr_nonnull(out);
	*end = '\0';
	snprintf(out, len, "%s%s</reeks>\n", doc, claims);
	free(doc);
	return out;
}

#define CLAIM_OBS \
	TU_OBS("period=\"2008\" value=\"2,692\"") \
	TU_OBS("period=\"2009\" value=\"757\" numerator=\"361\" " \
	    "denominator=\"3,503\"")

START_TEST(test_claim_holds_or_warns)
{
	char *doc = doc_with_claims("count", CLAIM_OBS,
	    "<claim id=\"c1\" operation=\"pct-change\" value=\"-66\" "
	    "source=\"s\" at=\"p. 2\"><excerpt>e</excerpt>\n"
	    "<input series=\"x\" period=\"2008\"/>"
	    "<input series=\"x\" period=\"2009\"/></claim>\n"
	    "<claim id=\"c2\" operation=\"pct-change\" value=\"-71.9\" "
	    "source=\"s\" at=\"p. 2\"><excerpt>e</excerpt>\n"
	    "<input series=\"x\" period=\"2008\"/>"
	    "<input series=\"x\" period=\"2009\"/></claim>\n"
	    "<claim id=\"c3\" operation=\"share\" value=\"10\" "
	    "source=\"s\" at=\"p. 2\"><excerpt>e</excerpt>\n"
	    "<input series=\"x\" period=\"2009\" field=\"numerator\"/>"
	    "<input series=\"x\" period=\"2009\" field=\"denominator\"/>"
	    "</claim>\n"
	    "<claim id=\"c4\" operation=\"difference\" value=\"-1,935\" "
	    "source=\"s\" at=\"p. 2\"><excerpt>e</excerpt>\n"
	    "<input series=\"x\" period=\"2008\"/>"
	    "<input series=\"x\" period=\"2009\"/></claim>\n"
	    "<claim id=\"c5\" operation=\"ratio\" value=\"3.6\" "
	    "source=\"s\" at=\"p. 2\"><excerpt>e</excerpt>\n"
	    "<input series=\"x\" period=\"2008\"/>"
	    "<input series=\"x\" period=\"2009\"/></claim>\n");

	/* A warning only: the data loads. -71.88 holds as -71.9, 10.31 as
	 * 10, 2692 / 757 = 3.556 as 3.6. */
	expect_doc(doc, REEKS_OK, REEKS_DIAG_DATA,
	    "a.xml:12: warning: claim 'c1' does not hold: pct-change of "
	    "2,692 and 757 recomputes to -71.9, not -66 (within 0.5)\n");
	free(doc);
}
END_TEST

START_TEST(test_claim_bad_references)
{
	char *doc = doc_with_claims("count", CLAIM_OBS,
	    "<claim id=\"c1\" operation=\"pct-change\" value=\"-66\" "
	    "source=\"nobody\" at=\"p. 2\"><excerpt>e</excerpt>\n"
	    "<input series=\"y\" period=\"2008\"/>\n"
	    "<input series=\"x\" period=\"2010\"/></claim>\n"
	    "<claim id=\"c2\" operation=\"share\" value=\"10\" "
	    "source=\"s\" at=\"p. 2\"><excerpt>e</excerpt>\n"
	    "<input series=\"x\" period=\"2008\" field=\"numerator\"/>"
	    "<input series=\"x\" period=\"2009\"/></claim>\n"
	    "<claim id=\"c3\" operation=\"share\" value=\"10\" "
	    "source=\"s\" at=\"p. 2\"><excerpt>e</excerpt>\n"
	    "<input series=\"x\" period=\"2008\"/></claim>\n"
	    "<claim id=\"c4\" operation=\"share\" value=\"10\" "
	    "source=\"s\" at=\"p. 2\"><excerpt>e</excerpt></claim>\n");

	expect_doc(doc, REEKS_EINVALID, REEKS_DIAG_DATA,
	    "a.xml:12: claim 'c1': unknown source 'nobody'\n"
	    "a.xml:13: claim 'c1': unknown series 'y'\n"
	    "a.xml:14: claim 'c1': series 'x' has no observation for period "
	    "'2010'\n"
	    "a.xml:16: claim 'c2': the observation '2008' of series 'x' has "
	    "no numerator\n"
	    "a.xml:17: claim 'c3' has 1 <input>: share needs two (A and B)\n"
	    "a.xml:19: claim 'c4' has no <input>: add the two observations "
	    "it derives from, or a <note> in both languages saying why it "
	    "cannot be recomputed\n");
	free(doc);
}
END_TEST

START_TEST(test_claim_cannot_compute)
{
	char *doc = doc_with_claims("count",
	    TU_OBS("period=\"2008\" value=\"0\"")
	    TU_OBS("period=\"2009\" value=\"5\""),
	    "<claim id=\"c1\" operation=\"pct-change\" value=\"100\" "
	    "source=\"s\" at=\"p. 2\"><excerpt>e</excerpt>\n"
	    "<input series=\"x\" period=\"2008\"/>"
	    "<input series=\"x\" period=\"2009\"/></claim>\n");

	expect_doc(doc, REEKS_EINVALID, REEKS_DIAG_DATA,
	    "a.xml:12: claim 'c1': pct-change of 0 and 5 cannot be computed: "
	    "a base, size or time is zero\n");
	free(doc);
}
END_TEST

/* ---- across files ----------------------------------------------------- */

START_TEST(test_unknown_references)
{
	char *dir = tu_mkdir();
	reeks_result rc;
	reeks_diag_kind kind;
	char *got;

	tu_write(dir, "a.xml",
	    "<reeks version=\"1\">\n"
	    "<geography id=\"d\" scope=\"district\" within=\"nowhere\">"
	    "<name lang=\"en\">D</name><name lang=\"nl\">D</name></geography>\n"
	    "<series id=\"x\" topic=\"none\" indicator=\"i\" unit=\"count\" "
	    "geography=\"atlantis\">\n"
	    "<title lang=\"en\">X</title><title lang=\"nl\">X</title>\n"
	    "<description lang=\"en\">D</description>"
	    "<description lang=\"nl\">D</description>\n"
	    "<obs period=\"2008\" value=\"1\" source=\"nobody\" at=\"p. 1\">"
	    "<excerpt>e</excerpt></obs>\n"
	    "</series>\n</reeks>\n", -1);
	got = tu_load(dir, &rc, NULL, &kind);
	ck_assert_str_eq(got,
	    "a.xml:2: geography 'd' is within unknown geography 'nowhere'\n"
	    "a.xml:3: series 'x': unknown topic 'none'\n"
	    "a.xml:3: series 'x': unknown geography 'atlantis'\n"
	    "a.xml:6: unknown source 'nobody'\n");
	ck_assert_int_eq(rc, REEKS_EINVALID);
	ck_assert_int_eq(kind, REEKS_DIAG_DATA);
	free(got);
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_duplicate_ids_across_files)
{
	char *dir = tu_mkdir();
	char *doc = tu_doc("count", TU_OBS("period=\"2008\" value=\"1\""));
	reeks_result rc;
	char *got, expect[1024];

	tu_write(dir, "a.xml", doc, -1);
	tu_write(dir, "b.xml", doc, -1);
	got = tu_load(dir, &rc, NULL, NULL);
	snprintf(expect, sizeof expect,
	    "b.xml:3: duplicate topic id 't' (first defined at %s/a.xml:3)\n"
	    "b.xml:4: duplicate geography id 'g' (first defined at "
	    "%s/a.xml:4)\n"
	    "b.xml:5: duplicate source id 's' (first defined at %s/a.xml:5)\n"
	    "b.xml:6: duplicate series id 'x' (first defined at %s/a.xml:6)\n",
	    dir, dir, dir, dir);
	ck_assert_str_eq(got, expect);
	ck_assert_int_eq(rc, REEKS_EINVALID);
	free(got);
	free(doc);
	tu_rmdir(dir);
}
END_TEST

/* One run lists every error of every file, sorted by file and line. */
START_TEST(test_all_errors_listed)
{
	char *dir = tu_mkdir();
	char *doc = tu_doc("percent",
	    TU_OBS("period=\"2008-13\" value=\"101\"")
	    "<obs period=\"2009\" value=\"5\" source=\"missing\" "
	    "at=\"p. 1\"><excerpt>e</excerpt></obs>\n");
	reeks_result rc;
	char *got;

	tu_write(dir, "a.xml", doc, -1);
	tu_write(dir, "b.xml", "<reeks version=\"1\">\n<oops>\n", -1);
	tu_write(dir, "c.xml", "<reeks version=\"1\"><topic id=\"T\"/>"
	    "</reeks>\n", -1);
	got = tu_load(dir, &rc, NULL, NULL);
	ck_assert_str_eq(got,
	    "a.xml:9: invalid period '2008-13': month must be 01 to 12\n"
	    "a.xml:9: value '101' is outside 0 to 100 (unit percent)\n"
	    "a.xml:10: unknown source 'missing'\n"
	    "b.xml:3: malformed XML: Premature end of data in tag oops "
	    "line 2\n"
	    "c.xml:1: schema: Element 'topic', attribute 'id': 'T' is not a "
	    "valid id: use lowercase letters a-z, digits and '-'\n"
	    "c.xml:1: schema: Element 'topic': Missing child element(s). "
	    "Expected is ( title ).\n");
	ck_assert_int_eq(rc, REEKS_EINVALID);
	free(got);
	free(doc);
	tu_rmdir(dir);
}
END_TEST

static Suite *
load_suite(void)
{
	Suite *s = suite_create("load");
	TCase *good = tcase_create("good");
	TCase *dir = tcase_create("directory");
	TCase *xml = tcase_create("xml");
	TCase *schema = tcase_create("schema");
	TCase *meaning = tcase_create("meaning");
	TCase *provenance = tcase_create("provenance");
	TCase *claims = tcase_create("claims");
	TCase *files = tcase_create("files");

	tcase_add_test(good, test_good_fixture);
	tcase_add_test(good, test_good_minimal);
	tcase_add_test(good, test_every_unit_accepts_its_values);
	tcase_add_test(good, test_cdata_is_text);
	tcase_add_test(dir, test_missing_directory);
	tcase_add_test(dir, test_empty_directory);
	tcase_add_test(dir, test_empty_file);
	tcase_add_test(xml, test_malformed_xml);
	tcase_add_test(xml, test_not_xml_at_all);
	tcase_add_test(xml, test_invalid_utf8);
	tcase_add_test(xml, test_other_encoding_refused);
	tcase_add_test(xml, test_doctype_refused);
	tcase_add_test(xml, test_entity_declaration_refused);
	tcase_add_test(xml, test_external_reference_refused);
	tcase_add_test(xml, test_undeclared_entity);
	tcase_add_test(schema, test_schema_unknown_element);
	tcase_add_test(schema, test_schema_missing_attribute);
	tcase_add_test(schema, test_schema_unknown_qualifier);
	tcase_add_test(schema, test_schema_unknown_status);
	tcase_add_test(schema, test_bad_ids);
	tcase_add_test(schema, test_device_name_ids);
	tcase_add_test(schema, test_quoted_text_stays_one_line);
	tcase_add_test(schema, test_file_name_stays_one_line);
	tcase_add_test(schema, test_non_numeric_value);
	tcase_add_test(schema, test_non_finite_value);
	tcase_add_test(schema, test_bad_period_syntax);
	tcase_add_test(schema, test_bad_url);
	tcase_add_test(schema, test_unsupported_version);
	tcase_add_test(meaning, test_invalid_periods);
	tcase_add_test(meaning, test_duplicate_period);
	tcase_add_test(meaning, test_percent_out_of_range);
	tcase_add_test(meaning, test_counts_are_whole_and_not_negative);
	tcase_add_test(meaning, test_bounds);
	tcase_add_test(meaning, test_value_required);
	tcase_add_test(meaning, test_numerator_denominator);
	tcase_add_test(meaning, test_missing_titles);
	tcase_add_test(meaning, test_series_needs_both_languages);
	tcase_add_test(provenance, test_obs_without_location);
	tcase_add_test(provenance, test_unknown_method);
	tcase_add_test(provenance, test_method_needs_estimate);
	tcase_add_test(provenance, test_bounds_come_in_pairs);
	tcase_add_test(provenance, test_secondary_needs_note);
	tcase_add_test(provenance, test_breaks);
	tcase_add_test(claims, test_claim_holds_or_warns);
	tcase_add_test(claims, test_claim_bad_references);
	tcase_add_test(claims, test_claim_cannot_compute);
	tcase_add_test(files, test_unknown_references);
	tcase_add_test(files, test_duplicate_ids_across_files);
	tcase_add_test(files, test_all_errors_listed);
	suite_add_tcase(s, good);
	suite_add_tcase(s, dir);
	suite_add_tcase(s, xml);
	suite_add_tcase(s, schema);
	suite_add_tcase(s, meaning);
	suite_add_tcase(s, provenance);
	suite_add_tcase(s, claims);
	suite_add_tcase(s, files);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(load_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
