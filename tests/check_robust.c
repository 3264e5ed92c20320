/*
 * check_robust.c: the loader on input that is hostile or at the edges
 * (issue 8), and paths of lib/ the other tests do not reach:
 *
 *  - data "files" that are not regular files (a FIFO, /dev/zero, a
 *    directory) are refused without reading a byte, so nothing blocks or
 *    reads without end;
 *  - libxml2's safety limits (nesting depth, 10,000,000-byte values) come
 *    back as messages about the file, not about parser options;
 *  - whole numbers are decided on the digits, not on the double;
 *  - rules of meaning not tested elsewhere (issued dates, geographies
 *    within themselves, empty excerpts, change dates, break intervals,
 *    claims with one input), and the accessors and limits of the store,
 *    the diagnostics and the derived statistics.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <check.h>

#include "testutil.h"

/* Load DIR and expect result RC, first diagnostic KIND and exactly the
 * diagnostics EXPECT. */
static void
expect_dir(const char *dir, reeks_result rc, reeks_diag_kind kind,
    const char *expect)
{
	reeks_result got_rc;
	reeks_diag_kind got_kind = (reeks_diag_kind)-1;
	char *got = tu_load(dir, &got_rc, NULL, &got_kind);

	ck_assert_str_eq(got, expect);
	ck_assert_int_eq(got_rc, rc);
	if (*expect != '\0')
		ck_assert_int_eq(got_kind, kind);
	free(got);
}

/* As expect_dir for DOC written as a.xml. */
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

/* A tu_doc() of UNIT and OBS, with EXTRA before </reeks> (claims,
 * changes). Free with free(). */
static char *
doc_with(const char *unit, const char *obs, const char *extra)
{
	char *doc = tu_doc(unit, obs);
	char *end = strstr(doc, "</reeks>");
	size_t len = strlen(doc) + strlen(extra) + 1;
	char *out = malloc(len);

	ck_assert_ptr_nonnull(end);
	ck_assert_ptr_nonnull(out);
	*end = '\0';
	snprintf(out, len, "%s%s</reeks>\n", doc, extra);
	free(doc);
	return out;
}

/* tu_doc() with the text REPLACE in place of the first FIND. */
static char *
doc_replace(const char *doc, const char *find, const char *replace)
{
	const char *at = strstr(doc, find);
	size_t len = strlen(doc) - strlen(find) + strlen(replace) + 1;
	char *out = malloc(len);

	ck_assert_ptr_nonnull(at);
	ck_assert_ptr_nonnull(out);
	snprintf(out, len, "%.*s%s%s", (int)(at - doc), doc, replace,
	    at + strlen(find));
	return out;
}

/* ---- files that are not regular files -------------------------------- */

START_TEST(test_fifo_refused)
{
	char *dir = tu_mkdir();
	char path[4096], expect[4200];

	snprintf(path, sizeof path, "%s/a.xml", dir);
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	/* Opening a FIFO with no writer would block for ever. */
	snprintf(expect, sizeof expect, "a.xml: not a regular file (a pipe)\n");
	expect_dir(dir, REEKS_EINVALID, REEKS_DIAG_IO, expect);
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_device_refused)
{
	char *dir = tu_mkdir();
	char path[4096];

	snprintf(path, sizeof path, "%s/a.xml", dir);
	ck_assert_int_eq(symlink("/dev/zero", path), 0);
	/* Reading /dev/zero would never end. */
	expect_dir(dir, REEKS_EINVALID, REEKS_DIAG_IO,
	    "a.xml: not a regular file (a device)\n");
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_directory_refused)
{
	char *dir = tu_mkdir();
	char path[4096];
	char *doc = tu_doc("count", TU_OBS("period=\"2008\" value=\"2\""));

	/* A directory named like a data file, beside a good file: the
	 * good file is still read. */
	snprintf(path, sizeof path, "%s/b.xml", dir);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	tu_write(dir, "a.xml", doc, -1);
	expect_dir(dir, REEKS_EINVALID, REEKS_DIAG_IO,
	    "b.xml: not a regular file (a directory)\n");
	ck_assert_int_eq(rmdir(path), 0);
	tu_rmdir(dir);
	free(doc);
}
END_TEST

START_TEST(test_dangling_link)
{
	char *dir = tu_mkdir();
	char path[4096];

	snprintf(path, sizeof path, "%s/a.xml", dir);
	ck_assert_int_eq(symlink("no-such-file", path), 0);
	expect_dir(dir, REEKS_EINVALID, REEKS_DIAG_IO,
	    "a.xml: cannot open: No such file or directory\n");
	tu_rmdir(dir);
}
END_TEST

/* reeks_file_read(): what the generator reads its templates, messages,
 * stylesheet and license with. */
START_TEST(test_file_read)
{
	char *dir = tu_mkdir();
	char path[4096], link[4200], msg[256], *data;
	size_t len;

	tu_write(dir, "a.txt", "hello\n", -1);
	snprintf(path, sizeof path, "%s/a.txt", dir);
	ck_assert_int_eq(reeks_file_read(path, REEKS_FILE_NOFOLLOW, 6, &data,
	    &len, msg, sizeof msg), 0);
	ck_assert_uint_eq(len, 6);
	ck_assert_str_eq(data, "hello\n");
	free(data);
	/* One byte over the limit. */
	ck_assert_int_eq(reeks_file_read(path, 0, 5, &data, &len, msg,
	    sizeof msg), -1);
	ck_assert_int_eq(errno, EFBIG);
	ck_assert_str_eq(msg, "larger than 5 bytes");
	ck_assert_ptr_null(data);
	/* A link to it: followed without the flag, refused with it (even
	 * one in the same directory). */
	snprintf(link, sizeof link, "%s/b.txt", dir);
	ck_assert_int_eq(symlink("a.txt", link), 0);
	ck_assert_int_eq(reeks_file_read(link, 0, 0, &data, &len, msg,
	    sizeof msg), 0);
	ck_assert_str_eq(data, "hello\n");
	free(data);
	ck_assert_int_eq(reeks_file_read(link, REEKS_FILE_NOFOLLOW, 0, &data,
	    &len, msg, sizeof msg), -1);
	ck_assert_str_eq(msg, "not a regular file (a symbolic link)");
	ck_assert_int_eq(unlink(link), 0);
	/* A FIFO, without waiting for a writer; a device. */
	snprintf(link, sizeof link, "%s/c.txt", dir);
	ck_assert_int_eq(mkfifo(link, 0600), 0);
	ck_assert_int_eq(reeks_file_read(link, 0, 0, &data, &len, msg,
	    sizeof msg), -1);
	ck_assert_str_eq(msg, "not a regular file (a pipe)");
	ck_assert_int_eq(unlink(link), 0);
	ck_assert_int_eq(reeks_file_read("/dev/zero", 0, 0, &data, &len, msg,
	    sizeof msg), -1);
	ck_assert_str_eq(msg, "not a regular file (a device)");
	ck_assert_int_eq(reeks_file_read(link, 0, 0, &data, &len, msg,
	    sizeof msg), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_str_eq(msg, "cannot open: No such file or directory");
	/* An empty file gives an empty string. */
	tu_write(dir, "e.txt", "", -1);
	snprintf(path, sizeof path, "%s/e.txt", dir);
	ck_assert_int_eq(reeks_file_read(path, REEKS_FILE_NOFOLLOW, 1, &data,
	    &len, msg, sizeof msg), 0);
	ck_assert_uint_eq(len, 0);
	ck_assert_str_eq(data, "");
	free(data);
	tu_rmdir(dir);
}
END_TEST

/* Text as reeks takes it: the problem and the offset of its first byte. */
static void
expect_text(const char *s, size_t len, const char *problem, size_t at)
{
	size_t got_at = 12345;
	const char *got = reeks_text_check(s, len, &got_at);

	if (problem == NULL)
		ck_assert_ptr_null(got);
	else
		ck_assert_str_eq(got, problem);
	ck_assert_uint_eq(got_at, at);
}

START_TEST(test_text_check)
{
	expect_text("", 0, NULL, 0);
	expect_text("a\tb\r\n\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 14, NULL,
	    14);
	expect_text("caf\xe9", 4, "not valid UTF-8", 3);
	expect_text("\xc3", 1, "not valid UTF-8", 0);              /* cut */
	expect_text("\xe2\x82", 2, "not valid UTF-8", 0);          /* cut */
	expect_text("x\xc0\xaf", 3, "not valid UTF-8", 1);     /* overlong */
	expect_text("\xe0\x80\xaf", 3, "not valid UTF-8", 0);  /* overlong */
	expect_text("\xed\xa0\x80", 3, "not valid UTF-8", 0); /* surrogate */
	expect_text("\xf4\x90\x80\x80", 4, "not valid UTF-8", 0); /* > 10FFFF */
	expect_text("ab\0c", 4, "a NUL byte", 2);
	expect_text("\x1b[2J", 4, "a control character", 0);
	expect_text("a\x7f", 2, "a control character", 1);
	expect_text("a\xc2\x85", 3, "a control character", 1);      /* C1 */
	expect_text("a\xc2\xa0", 3, NULL, 3);          /* no-break space */
	expect_text("\xef\xbf\xbe", 3, "U+FFFE or U+FFFF, which XML does not "
	    "allow", 0);
	ck_assert_uint_eq(reeks_utf8_len("\xf0\x9f\x98\x80", 4), 4);
	ck_assert_uint_eq(reeks_utf8_len("\xf0\x9f\x98\x80", 3), 0);
	ck_assert_uint_eq(reeks_utf8_len("a", 0), 0);
}
END_TEST

/* ---- libxml2's limits ------------------------------------------------- */

/* N copies of S. Free with free(). */
static char *
repeat(const char *s, size_t n)
{
	size_t len = strlen(s);
	char *out = malloc(len * n + 1);

	ck_assert_ptr_nonnull(out);
	for (size_t i = 0; i < n; i++)
		memcpy(out + i * len, s, len);
	out[len * n] = '\0';
	return out;
}

START_TEST(test_nesting_limit)
{
	char *open = repeat("<b>", 300), *close = repeat("</b>", 300);
	size_t len = strlen(open) + strlen(close) + 200;
	char *caveat = malloc(len);
	char *doc, *bad;

	ck_assert_ptr_nonnull(caveat);
	snprintf(caveat, len, "<caveat lang=\"en\">%sx%s</caveat>\n<obs ",
	    open, close);
	doc = tu_doc("count", TU_OBS("period=\"2008\" value=\"2\""));
	bad = doc_replace(doc, "<obs ", caveat);
	expect_doc(bad, REEKS_EINVALID, REEKS_DIAG_XML,
	    "a.xml:9: malformed XML: elements nested deeper than 256 levels\n");
	free(open);
	free(close);
	free(caveat);
	free(doc);
	free(bad);
}
END_TEST

START_TEST(test_attribute_limit)
{
	char *big = repeat("x", 10000001);
	size_t len = strlen(big) + 100;
	char *obs = malloc(len);
	char *doc;

	ck_assert_ptr_nonnull(obs);
	snprintf(obs, len, "<obs period=\"2008\" value=\"2\" source=\"s\" "
	    "at=\"%s\"><excerpt>e</excerpt></obs>\n", big);
	doc = tu_doc("count", obs);
	/* The parser reads the file in pieces, and meets its limit on what
	 * it must hold at once (10,000,000 bytes) before the one on an
	 * attribute value. */
	expect_doc(doc, REEKS_EINVALID, REEKS_DIAG_XML,
	    "a.xml:9: malformed XML: an attribute value or text longer "
	    "than 10,000,000 bytes\n");
	free(doc);
	free(obs);
	free(big);

	/* With character references too: 17 MB of input for 6.5 MB of
	 * value. */
	big = repeat("x&quot;y&lt;z", 1310720);
	len = strlen(big) + 100;
	obs = malloc(len);
	ck_assert_ptr_nonnull(obs);
	snprintf(obs, len, "<obs period=\"2008\" value=\"2\" source=\"s\" "
	    "at=\"%s\"><excerpt>e</excerpt></obs>\n", big);
	doc = tu_doc("count", obs);
	expect_doc(doc, REEKS_EINVALID, REEKS_DIAG_XML,
	    "a.xml:9: malformed XML: an attribute value or text longer "
	    "than 10,000,000 bytes\n");
	free(doc);
	free(obs);
	free(big);
}
END_TEST

START_TEST(test_big_text_accepted)
{
	/* 8.5 MB of excerpt is within the limits: it loads, whole. */
	char *big = repeat("0123456789 &amp; ", 500000);
	size_t len = strlen(big) + 100;
	char *obs = malloc(len);
	char *doc;
	reeks_result rc;
	reeks_store *st;
	char *got, *dir = tu_mkdir();

	ck_assert_ptr_nonnull(obs);
	snprintf(obs, len, "<obs period=\"2008\" value=\"2\" source=\"s\" "
	    "at=\"p\"><excerpt>%s</excerpt></obs>\n", big);
	doc = tu_doc("count", obs);
	tu_write(dir, "a.xml", doc, -1);
	got = tu_load(dir, &rc, &st, NULL);
	ck_assert_str_eq(got, "");
	ck_assert_int_eq(rc, REEKS_OK);
	/* 13 characters each ("&amp;" is one), the last space trimmed. */
	ck_assert_uint_eq(strlen(reeks_obs_excerpt(reeks_series_obs_at(
	    reeks_series_find(st, "x"), 0))), 500000 * 13 - 1);
	reeks_store_free(st);
	free(got);
	tu_rmdir(dir);
	free(doc);
	free(obs);
	free(big);
}
END_TEST

/* ---- numbers ------------------------------------------------------------ */

START_TEST(test_whole_numbers_from_the_digits)
{
	char *zeros = repeat("0", 330);
	char obs[2048], expect[2048];
	char *doc;

	/* 1.0 and 0 as doubles (0.(330 zeros)1 is below the smallest
	 * subnormal); neither is a whole number. */
	snprintf(obs, sizeof obs, "%s<obs period=\"2009\" value=\"0.%s1\" "
	    "source=\"s\" at=\"p. 1\"><excerpt>e</excerpt></obs>\n",
	    TU_OBS("period=\"2008\" value=\"1.0000000000000001\""), zeros);
	doc = tu_doc("persons", obs);
	snprintf(expect, sizeof expect, "a.xml:9: value '1.0000000000000001' "
	    "is not a whole number (unit persons)\n"
	    "a.xml:10: value '0.%s1' is not a whole number (unit persons)\n",
	    zeros);
	expect_doc(doc, REEKS_EINVALID, REEKS_DIAG_DATA, expect);
	free(doc);
	free(zeros);

	/* Zeros after the point are whole. */
	snprintf(obs, sizeof obs, "%s%s",
	    TU_OBS("period=\"2008\" value=\"2.000\""),
	    TU_OBS("period=\"2009\" value=\"30.0\" numerator=\"3.0\" "
	    "denominator=\"4.00\""));
	doc = tu_doc("persons", obs);
	expect_doc(doc, REEKS_OK, REEKS_DIAG_DATA, "");
	free(doc);
}
END_TEST

START_TEST(test_claim_rounds_to_zero)
{
	/* 100 (9999 - 10000) / 10000 = -0.01 prints as 0.0, not -0.0. */
	char *doc = doc_with("count",
	    TU_OBS("period=\"2008\" value=\"10,000\"")
	    TU_OBS("period=\"2009\" value=\"9,999\""),
	    "<claim id=\"c\" operation=\"pct-change\" value=\"5\" "
	    "source=\"s\" at=\"p. 2\"><excerpt>e</excerpt>"
	    "<input series=\"x\" period=\"2008\"/>"
	    "<input series=\"x\" period=\"2009\"/></claim>\n");

	expect_doc(doc, REEKS_OK, REEKS_DIAG_DATA,
	    "a.xml:12: warning: claim 'c' does not hold: pct-change of "
	    "10,000 and 9,999 recomputes to 0.0, not 5 (within 0.5)\n");
	free(doc);
}
END_TEST

/* ---- rules of meaning ---------------------------------------------------- */

START_TEST(test_source_issued)
{
	char *doc = tu_doc("count", TU_OBS("period=\"2008\" value=\"2\""));
	char *bad = doc_replace(doc, "<citation>",
	    "<issued>2011-02-30</issued><citation>");

	expect_doc(bad, REEKS_EINVALID, REEKS_DIAG_DATA,
	    "a.xml:5: source 's': invalid <issued> '2011-02-30': no such "
	    "day in that month\n");
	free(bad);
	bad = doc_replace(doc, "<citation>",
	    "<issued>2010/2011</issued><citation>");
	expect_doc(bad, REEKS_EINVALID, REEKS_DIAG_DATA,
	    "a.xml:5: source 's': invalid <issued> '2010/2011': must be a "
	    "single date\n");
	free(bad);
	free(doc);
}
END_TEST

START_TEST(test_geography_within)
{
	char *doc = tu_doc("count", TU_OBS("period=\"2008\" value=\"2\""));
	char *bad = doc_replace(doc, "scope=\"country\"",
	    "scope=\"country\" within=\"g\"");

	expect_doc(bad, REEKS_EINVALID, REEKS_DIAG_DATA,
	    "a.xml:4: geography 'g' is within itself\n");
	free(bad);
	bad = doc_replace(doc, "scope=\"country\"",
	    "scope=\"country\" within=\"nowhere\"");
	expect_doc(bad, REEKS_EINVALID, REEKS_DIAG_DATA,
	    "a.xml:4: geography 'g' is within unknown geography 'nowhere'\n");
	free(bad);
	free(doc);
}
END_TEST

/* ---- one pass: parse, schema and reading together ------------------------ */

/* A problem of meaning early in a file and a schema error after it: the
 * file reports the schema error alone, as if it had been validated whole
 * before it was read, and nothing of it stays in the store. */
START_TEST(test_schema_error_takes_back_reading)
{
	char *doc = doc_with("count", TU_OBS("period=\"2008-13\" value=\"2\""),
	    "<claim id=\"c\"/>\n");

	expect_doc(doc, REEKS_EINVALID, REEKS_DIAG_SCHEMA,
	    "a.xml:11: schema: Element 'claim': The attribute 'operation' is "
	    "required but missing.\n"
	    "a.xml:11: schema: Element 'claim': The attribute 'value' is "
	    "required but missing.\n"
	    "a.xml:11: schema: Element 'claim': The attribute 'source' is "
	    "required but missing.\n"
	    "a.xml:11: schema: Element 'claim': The attribute 'at' is "
	    "required but missing.\n"
	    "a.xml:11: schema: Element 'claim': Missing child element(s). "
	    "Expected is one of ( at, excerpt ).\n");
	free(doc);
}
END_TEST

/* A parse error after valid content: the parse error alone. */
START_TEST(test_parse_error_takes_back_everything)
{
	char *doc = tu_doc("percent", TU_OBS("period=\"2008\" value=\"101\""));
	char *bad = doc_replace(doc, "</reeks>", "<oops></reeks>");

	expect_doc(bad, REEKS_EINVALID, REEKS_DIAG_XML,
	    "a.xml:11: malformed XML: Opening and ending tag mismatch: oops "
	    "line 11 and reeks\n");
	free(doc);
	free(bad);
}
END_TEST

/* An element missing a child is named at the line its start tag ends
 * on, as in a tree, not at its end tag. */
START_TEST(test_schema_error_at_start_line)
{
	char *doc = doc_with("count", TU_OBS("period=\"2008\" value=\"2\""),
	    "<claim id=\"c\" operation=\"pct-change\"\n"
	    "  value=\"1\" source=\"s\" at=\"x\">\n"
	    "\n"
	    "</claim>\n");

	expect_doc(doc, REEKS_EINVALID, REEKS_DIAG_SCHEMA,
	    "a.xml:12: schema: Element 'claim': Missing child element(s). "
	    "Expected is one of ( at, excerpt ).\n");
	free(doc);
}
END_TEST

/* Everything a store holds of its series and observations, as text. */
static char *
store_text(const reeks_store *st)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	ck_assert_ptr_nonnull(f);
	fprintf(f, "%zu topics, %zu geographies, %zu sources, %zu claims, "
	    "%zu changes\n", reeks_store_topic_count(st),
	    reeks_store_geography_count(st), reeks_store_source_count(st),
	    reeks_store_claim_count(st), reeks_store_change_count(st));
	for (size_t i = 0; i < reeks_store_series_count(st); i++) {
		const reeks_series *se = reeks_store_series_at(st, i);

		fprintf(f, "%s %s:%lu\n", reeks_series_id(se),
		    reeks_series_file(se), reeks_series_line(se));
		for (size_t j = 0; j < reeks_series_obs_count(se); j++) {
			const reeks_obs *o = reeks_series_obs_at(se, j);
			const char *v = reeks_obs_value_text(o);
			const char *note = reeks_obs_note(o, REEKS_EN);

			fprintf(f, "  %s %s %s:%lu %s %s\n",
			    reeks_obs_period(o), v != NULL ? v : "-",
			    reeks_obs_file(o), reeks_obs_line(o),
			    reeks_source_id(reeks_obs_source(o)),
			    note != NULL ? note : "-");
		}
	}
	fclose(f);
	return text;
}

/* Loading on several threads gives the same store and the same
 * diagnostics, in the same order, as on one. */
START_TEST(test_jobs_same_result)
{
	const int jobs[] = { 2, 3, 8 };
	reeks_result rc1, rc;
	reeks_store *st1, *st;
	char *d1 = tu_load_jobs("data", 1, &rc1, &st1, NULL);
	char *s1, *bad1;

	ck_assert_int_eq(rc1, REEKS_OK);
	s1 = store_text(st1);
	bad1 = tu_load_jobs("tests/data/bad", 1, &rc1, NULL, NULL);
	ck_assert_int_eq(rc1, REEKS_EINVALID);
	for (size_t k = 0; k < sizeof jobs / sizeof jobs[0]; k++) {
		char *d = tu_load_jobs("data", jobs[k], &rc, &st, NULL), *s;

		ck_assert_int_eq(rc, REEKS_OK);
		s = store_text(st);
		ck_assert_str_eq(d, d1);
		ck_assert_str_eq(s, s1);
		free(d);
		free(s);
		reeks_store_free(st);
		d = tu_load_jobs("tests/data/bad", jobs[k], &rc, NULL, NULL);
		ck_assert_int_eq(rc, REEKS_EINVALID);
		ck_assert_str_eq(d, bad1);
		free(d);
	}
	/* The real data holds more than one file, and the bad data an error
	 * of each stage, so the threads had something to share. */
	ck_assert_ptr_nonnull(strstr(bad1, "a-broken.xml"));
	ck_assert_ptr_nonnull(strstr(bad1, "b-meaning.xml"));
	ck_assert_ptr_nonnull(strstr(bad1, "c-schema.xml"));
	free(d1);
	free(s1);
	free(bad1);
	reeks_store_free(st1);
}
END_TEST

/* A text of 4 MB given to the schema in one piece (the test is that it
 * loads at all: piece by piece the schema's copying is quadratic). */
START_TEST(test_big_text_one_piece)
{
	size_t n = 4u << 20;
	char *big = malloc(n + 1), *obs, *doc;
	size_t len = n + 200;

	ck_assert_ptr_nonnull(big);
	memset(big, 'x', n);
	big[n] = '\0';
	obs = malloc(len);
	ck_assert_ptr_nonnull(obs);
	snprintf(obs, len, "<obs period=\"2008\" value=\"2\" source=\"s\" "
	    "at=\"p. 1\"><excerpt>%s</excerpt></obs>\n", big);
	doc = tu_doc("count", obs);
	expect_doc(doc, REEKS_OK, REEKS_DIAG_DATA, "");
	free(big);
	free(obs);
	free(doc);
}
END_TEST

START_TEST(test_empty_excerpt)
{
	char *doc = tu_doc("count", "<obs period=\"2008\" value=\"2\" "
	    "source=\"s\" at=\"p. 1\"><excerpt></excerpt></obs>\n");

	expect_doc(doc, REEKS_EINVALID, REEKS_DIAG_DATA,
	    "a.xml:9: observation '2008' has an empty <excerpt>\n");
	free(doc);
}
END_TEST

START_TEST(test_change_date)
{
	char *doc = doc_with("count", TU_OBS("period=\"2008\" value=\"2\""),
	    "<change id=\"c1\" date=\"2011-02-30\"><title lang=\"en\">C"
	    "</title><title lang=\"nl\">C</title><summary lang=\"en\">S"
	    "</summary><summary lang=\"nl\">S</summary></change>\n");

	expect_doc(doc, REEKS_EINVALID, REEKS_DIAG_DATA,
	    "a.xml:11: change 'c1': invalid date '2011-02-30': no such day "
	    "in that month\n");
	free(doc);
}
END_TEST

START_TEST(test_break_interval)
{
	char *doc = tu_doc("count", "<break period=\"2008/2009\"><reason "
	    "lang=\"en\">r</reason><reason lang=\"nl\">r</reason></break>\n"
	    TU_OBS("period=\"2008\" value=\"2\""));

	expect_doc(doc, REEKS_EINVALID, REEKS_DIAG_DATA,
	    "a.xml:9: series 'x': invalid break period '2008/2009': a break "
	    "is a point in time, not an interval\n");
	free(doc);
}
END_TEST

START_TEST(test_claim_one_input)
{
	char *doc = doc_with("count", TU_OBS("period=\"2008\" value=\"2\""),
	    "<claim id=\"c\" operation=\"pct-change\" value=\"5\" "
	    "source=\"s\" at=\"p. 2\"><excerpt>e</excerpt>"
	    "<input series=\"x\" period=\"2008\"/></claim>\n");

	expect_doc(doc, REEKS_EINVALID, REEKS_DIAG_DATA,
	    "a.xml:11: claim 'c' has 1 <input>: pct-change needs two (A and "
	    "B)\n");
	free(doc);
}
END_TEST

/* ---- accessors and limits ------------------------------------------------ */

START_TEST(test_obs_numbers_and_file)
{
	char *dir = tu_mkdir();
	char *doc = tu_doc("percent", TU_OBS("period=\"2008\" value=\"10.3\" "
	    "numerator=\"361\" denominator=\"3,503\""));
	reeks_result rc;
	reeks_store *st;
	char *got, path[4096];
	const reeks_obs *o;

	tu_write(dir, "a.xml", doc, -1);
	got = tu_load(dir, &rc, &st, NULL);
	ck_assert_str_eq(got, "");
	o = reeks_series_obs_at(reeks_series_find(st, "x"), 0);
	ck_assert_double_eq(reeks_obs_numerator(o), 361);
	ck_assert_double_eq(reeks_obs_denominator(o), 3503);
	snprintf(path, sizeof path, "%s/a.xml", dir);
	ck_assert_str_eq(reeks_obs_file(o), path);
	ck_assert_uint_eq(reeks_obs_line(o), TU_OBS_LINE);
	ck_assert_ptr_null(reeks_series_obs_at(reeks_series_find(st, "x"),
	    1));
	reeks_store_free(st);
	free(got);
	free(doc);
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_diags_out_of_range)
{
	reeks_diags *d = reeks_diags_new();
	reeks_store *st = NULL;

	ck_assert_ptr_nonnull(d);
	ck_assert_uint_eq(reeks_diags_count(d), 0);
	ck_assert_ptr_null(reeks_diags_at(d, 0));
	ck_assert_int_eq(reeks_store_load("tests/data/no-such-dir", d, &st),
	    REEKS_EIO);
	ck_assert_ptr_null(st);
	ck_assert_uint_eq(reeks_diags_count(d), 1);
	ck_assert_uint_eq(reeks_diags_errors(d), 1);
	ck_assert_ptr_nonnull(reeks_diags_at(d, 0));
	ck_assert_ptr_null(reeks_diags_at(d, 1));
	ck_assert_int_eq(reeks_diag_severity(reeks_diags_at(d, 0)),
	    REEKS_ERROR);
	ck_assert_uint_eq(reeks_diag_line(reeks_diags_at(d, 0)), 0);
	reeks_diags_free(d);
	reeks_diags_free(NULL);
	reeks_store_free(NULL);
}
END_TEST

START_TEST(test_series_stats_level)
{
	reeks_result rc;
	reeks_store *st;
	char *got = tu_load("tests/data/good", &rc, &st, NULL);
	const reeks_series *se = reeks_series_find(st, "nl-problem-drug-users");
	reeks_series_stats s;

	ck_assert_ptr_nonnull(se);
	/* A level outside (0, 1), NaN included, is refused. */
	ck_assert_int_eq(reeks_series_stats_compute(se, 1.5, &s),
	    REEKS_STAT_LEVEL);
	ck_assert_int_eq(reeks_series_stats_compute(se, 0, &s),
	    REEKS_STAT_LEVEL);
	ck_assert_int_eq(reeks_series_stats_compute(se, NAN, &s),
	    REEKS_STAT_LEVEL);
	ck_assert_int_eq(reeks_series_stats_compute(se, 0.95, &s),
	    REEKS_STAT_OK);
	ck_assert_uint_eq(s.npoints, 2);
	reeks_store_free(st);
	free(got);
}
END_TEST

static Suite *
robust_suite(void)
{
	Suite *s = suite_create("robust");
	TCase *files = tcase_create("files");
	TCase *limits = tcase_create("limits");
	TCase *numbers = tcase_create("numbers");
	TCase *meaning = tcase_create("meaning");
	TCase *api = tcase_create("api");

	/* Under valgrind the 10 MB cases take a while. */
	tcase_set_timeout(limits, 120);
	tcase_add_test(files, test_fifo_refused);
	tcase_add_test(files, test_device_refused);
	tcase_add_test(files, test_directory_refused);
	tcase_add_test(files, test_dangling_link);
	tcase_add_test(files, test_file_read);
	tcase_add_test(files, test_text_check);
	tcase_add_test(limits, test_nesting_limit);
	tcase_add_test(limits, test_attribute_limit);
	tcase_add_test(limits, test_big_text_accepted);
	tcase_add_test(numbers, test_whole_numbers_from_the_digits);
	tcase_add_test(numbers, test_claim_rounds_to_zero);
	tcase_add_test(meaning, test_source_issued);
	tcase_add_test(meaning, test_schema_error_takes_back_reading);
	tcase_add_test(meaning, test_parse_error_takes_back_everything);
	tcase_add_test(meaning, test_schema_error_at_start_line);
	tcase_add_test(limits, test_big_text_one_piece);
	tcase_add_test(files, test_jobs_same_result);
	tcase_add_test(meaning, test_geography_within);
	tcase_add_test(meaning, test_empty_excerpt);
	tcase_add_test(meaning, test_change_date);
	tcase_add_test(meaning, test_break_interval);
	tcase_add_test(meaning, test_claim_one_input);
	tcase_add_test(api, test_obs_numbers_and_file);
	tcase_add_test(api, test_diags_out_of_range);
	tcase_add_test(api, test_series_stats_level);
	suite_add_tcase(s, files);
	suite_add_tcase(s, limits);
	suite_add_tcase(s, numbers);
	suite_add_tcase(s, meaning);
	suite_add_tcase(s, api);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(robust_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
