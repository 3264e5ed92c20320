/*
 * check_load.c: what the loader's cases as data (tests/load/, run by
 * tests/load.sh through 'reeks check') cannot show: the store's contents,
 * the result code and the kind of each diagnostic (the API's, not
 * printed), a directory that does not exist, a file name git cannot hold,
 * and the line escaper itself.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "testutil.h"

/* ---- the store --------------------------------------------------------- */

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

/* The digests of DOC's series "x", source "s" and topic "t" (32 bytes
 * each, in that order) into D. */
static void
digests_of(const char *doc, unsigned char d[3][32])
{
	char *dir = tu_mkdir(), *got;
	reeks_result rc;
	reeks_store *st = NULL;

	tu_write(dir, "a.xml", doc, -1);
	got = tu_load(dir, &rc, &st, NULL);
	ck_assert_str_eq(got, "");
	ck_assert_int_eq(rc, REEKS_OK);
	memcpy(d[0], reeks_series_digest(reeks_series_find(st, "x")), 32);
	memcpy(d[1], reeks_source_digest(reeks_store_source_at(st, 0)), 32);
	memcpy(d[2], reeks_topic_digest(reeks_store_topic_at(st, 0)), 32);
	free(got);
	reeks_store_free(st);
	tu_rmdir(dir);
}

/* DOC with FROM (which it has) replaced by TO; free with free(). */
static char *
edited(const char *doc, const char *from, const char *to)
{
	const char *at = strstr(doc, from);
	size_t len = strlen(doc) + strlen(to) + 1;
	char *e = malloc(len);

	ck_assert_ptr_nonnull(at);
	ck_assert_ptr_nonnull(e);
	snprintf(e, len, "%.*s%s%s", (int)(at - doc), doc, to,
	    at + strlen(from));
	return e;
}

/* An item's digest changes with anything read from its element (a
 * value, a text, an attribute), and with nothing else: not with its
 * line, a comment, or another item. */
START_TEST(test_digest)
{
	char *doc = tu_doc("count", TU_OBS("period=\"2008\" value=\"2\""));
	static const struct {
		const char *from, *to;
		bool series, source, topic;     /* which digest changes */
	} cases[] = {
		{ "<reeks version=\"1\">\n", "<reeks version=\"1\">\n\n\n",
		    false, false, false },
		{ "<title lang=\"en\">X</title>",
		    "<title lang=\"en\">X</title><!-- c -->",
		    false, false, false },
		{ "value=\"2\"", "value=\"3\"", true, false, false },
		{ "<description lang=\"en\">D<", "<description lang=\"en\">E<",
		    true, false, false },
		{ "at=\"p. 1\"", "at=\"p. 2\"", true, false, false },
		{ "<title>T</title>", "<title>U</title>", false, true, false },
		{ "<topic id=\"t\"><title lang=\"en\">T<",
		    "<topic id=\"t\"><title lang=\"en\">U<", false, false,
		    true },
	};
	unsigned char base[3][32], d[3][32], zero[32] = { 0 };

	digests_of(doc, base);
	for (int k = 0; k < 3; k++)
		ck_assert_mem_ne(base[k], zero, 32);
	ck_assert_mem_ne(base[0], base[1], 32);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *e = edited(doc, cases[i].from, cases[i].to);
		bool want[3] = { cases[i].series, cases[i].source,
		    cases[i].topic };

		digests_of(e, d);
		for (int k = 0; k < 3; k++)
			ck_assert_msg((memcmp(base[k], d[k], 32) != 0) ==
			    want[k], "case %zu, digest %d", i, k);
		free(e);
	}
	free(doc);
}
END_TEST

/* Text in a CDATA section is text: kept with the text around it, and an
 * excerpt that is only CDATA is not empty (the messages about CDATA text
 * are tests/load/cdata-*.xml). */
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
}
END_TEST

/* ---- result codes and kinds, on the cases of tests/load/ -------------- */

/* Load the case tests/load/NAME.xml alone (copied into a new directory),
 * or the directory tests/load/NAME/; returns the diagnostics as
 * tu_load() does. */
static char *
load_case(const char *name, reeks_result *rc, reeks_diag_kind *kind)
{
	char path[512], *text, *dir;
	FILE *f;
	long len;

	snprintf(path, sizeof path, "tests/load/%s.xml", name);
	if ((f = fopen(path, "rb")) == NULL) {
		snprintf(path, sizeof path, "tests/load/%s", name);
		return tu_load(path, rc, NULL, kind);
	}
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	ck_assert_int_ge(len, 0);
	rewind(f);
	text = malloc((size_t)len + 1);
	ck_assert_ptr_nonnull(text);
	ck_assert_uint_eq(fread(text, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	dir = tu_mkdir();
	snprintf(path, sizeof path, "%s.xml", name);
	tu_write(dir, path, text, len);
	free(text);
	text = tu_load(dir, rc, NULL, kind);
	tu_rmdir(dir);
	return text;
}

/* Each case's result code and the kind of its first diagnostic: every
 * kind but out of memory (tests/oom.sh), each way a DOCTYPE is refused,
 * and a warning that leaves the data valid. The messages themselves are
 * the cases' .expect files. */
START_TEST(test_case_kinds)
{
	static const struct {
		const char *name;
		reeks_result rc;
		int kind;          /* -1: no diagnostic */
	} cases[] = {
		{ "good-minimal", REEKS_OK, -1 },
		{ "units-accept-their-values", REEKS_OK, -1 },
		{ "claim-holds-or-warns", REEKS_OK, REEKS_DIAG_DATA },
		{ "empty-directory", REEKS_EIO, REEKS_DIAG_IO },
		{ "empty-file", REEKS_EINVALID, REEKS_DIAG_XML },
		{ "malformed-xml", REEKS_EINVALID, REEKS_DIAG_XML },
		{ "not-xml-binary", REEKS_EINVALID, REEKS_DIAG_XML },
		{ "not-xml-white-space", REEKS_EINVALID, REEKS_DIAG_XML },
		{ "invalid-utf8", REEKS_EINVALID, REEKS_DIAG_XML },
		{ "encoding-latin1", REEKS_EINVALID, REEKS_DIAG_XML },
		{ "undeclared-entity", REEKS_EINVALID, REEKS_DIAG_XML },
		{ "doctype", REEKS_EINVALID, REEKS_DIAG_SECURITY },
		{ "entity-declaration", REEKS_EINVALID, REEKS_DIAG_SECURITY },
		{ "external-reference", REEKS_EINVALID, REEKS_DIAG_SECURITY },
		{ "schema-unknown-element", REEKS_EINVALID, REEKS_DIAG_SCHEMA },
		{ "bad-ids", REEKS_EINVALID, REEKS_DIAG_SCHEMA },
		{ "non-numeric-value", REEKS_EINVALID, REEKS_DIAG_SCHEMA },
		{ "obs-empty-location", REEKS_EINVALID, REEKS_DIAG_SCHEMA },
		{ "cdata-schema-text", REEKS_EINVALID, REEKS_DIAG_SCHEMA },
		{ "unsupported-version", REEKS_EINVALID, REEKS_DIAG_DATA },
		{ "device-name-ids", REEKS_EINVALID, REEKS_DIAG_DATA },
		{ "non-finite-value", REEKS_EINVALID, REEKS_DIAG_DATA },
		{ "obs-blank-location", REEKS_EINVALID, REEKS_DIAG_DATA },
		{ "claim-bad-references", REEKS_EINVALID, REEKS_DIAG_DATA },
		{ "duplicate-ids-across-files", REEKS_EINVALID,
		    REEKS_DIAG_DATA },
		{ "all-errors-listed", REEKS_EINVALID, REEKS_DIAG_DATA },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		reeks_result rc = (reeks_result)-1;
		int kind = -1;
		reeks_diag_kind k = (reeks_diag_kind)-1;
		char *got = load_case(cases[i].name, &rc, &k);

		if (*got != '\0')
			kind = (int)k;
		ck_assert_msg(rc == cases[i].rc && kind == cases[i].kind,
		    "%s: result %d, kind %d; expected %d, %d", cases[i].name,
		    (int)rc, kind, (int)cases[i].rc, cases[i].kind);
		free(got);
	}
}
END_TEST

/* ---- the directory and its files ------------------------------------ */

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

/* ---- the line escaper ------------------------------------------------ */

/* A message quoting a value stays one line (tests/load/
 * quoted-text-one-line.xml): the escaper itself, and escaping twice
 * changes nothing. */
START_TEST(test_line_escape)
{
	char *once = reeks_line_escape("a\nb\\n\x01\xe2\x80\xa9"),
	    *twice = once != NULL ? reeks_line_escape(once) : NULL;

	ck_assert_ptr_nonnull(twice);
	ck_assert_str_eq(once, "a\\nb\\n\\x01\\u2029");
	ck_assert_str_eq(twice, once);
	free(once);
	free(twice);
}
END_TEST

static Suite *
load_suite(void)
{
	Suite *s = suite_create("load");
	TCase *store = tcase_create("store");
	TCase *kinds = tcase_create("kinds");
	TCase *files = tcase_create("files");
	TCase *escape = tcase_create("escape");

	tcase_add_test(store, test_good_fixture);
	tcase_add_test(store, test_cdata_is_text);
	tcase_add_test(store, test_digest);
	tcase_add_test(kinds, test_case_kinds);
	tcase_add_test(files, test_missing_directory);
	tcase_add_test(files, test_file_name_stays_one_line);
	tcase_add_test(escape, test_line_escape);
	suite_add_tcase(s, store);
	suite_add_tcase(s, kinds);
	suite_add_tcase(s, files);
	suite_add_tcase(s, escape);
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
