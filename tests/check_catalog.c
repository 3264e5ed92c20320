/*
 * check_catalog.c: the message catalogues (gen/site/catalog.h): their
 * format, every error in one run with file:line(:col), look-up and
 * placeholders; and the Atom feed and robots.txt of a small store
 * (gen/data/feed.h), byte for byte. DCAT and datapackage.json are tested
 * in check_downloads.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "data/feed.h"
#include "site/catalog.h"
#include "testutil.h"

/* The errors of ERRS, one a line, with DIR's path left out. */
static char *
errors(const errlist *errs, const char *dir)
{
	buf b = { 0 };

	for (size_t i = 0; i < errlist_count(errs); i++) {
		const char *e = errs->items[i];

		if (strncmp(e, dir, strlen(dir)) == 0 && e[strlen(dir)] == '/')
			e += strlen(dir) + 1;
		buf_puts(&b, e);
		buf_putc(&b, '\n');
	}
	buf_putc(&b, '\0');
	return b.data;
}

/* Every problem of a catalogue, in one run, where it is. */
START_TEST(test_catalog_errors)
{
	char *dir = tu_mkdir(), path[512], *got;
	errlist errs = { 0 };

	tu_write(dir, "messages.en",
	    "# a comment, and a blank line\n"
	    "\n"
	    "ok = Fine\n"
	    "no equals sign\n"
	    "Bad-Key = x\n"
	    "ok = again\n"
	    "empty =   \n"
	    "text = caf\xe9\n"
	    "  indented_ok = yes\r\n", -1);
	snprintf(path, sizeof path, "%s/messages.en", dir);
	ck_assert_ptr_null(catalog_load(path, &errs));
	got = errors(&errs, dir);
	ck_assert_str_eq(got,
	    "messages.en:4: expected 'key = text'\n"
	    "messages.en:5: invalid key 'Bad-Key': use a-z, 0-9 and '_'\n"
	    "messages.en:6: duplicate key 'ok' (first at line 3)\n"
	    "messages.en:7: empty text for 'empty'\n"
	    "messages.en:8:11: not valid UTF-8\n");
	free(got);
	errlist_free(&errs);

	/* Not there: said once, with the file. */
	snprintf(path, sizeof path, "%s/messages.nl", dir);
	ck_assert_ptr_null(catalog_load(path, &errs));
	ck_assert_uint_eq(errlist_count(&errs), 1);
	ck_assert_int_eq(strncmp(errs.items[0], path, strlen(path)), 0);
	errlist_free(&errs);
	tu_rmdir(dir);
}
END_TEST

/* Two catalogues: look-up, order, placeholders, and comparison. */
START_TEST(test_catalog_format)
{
	char *dir = tu_mkdir(), en_path[512], nl_path[512], *got;
	errlist errs = { 0 };
	catalog *en, *nl;
	buf b = { 0 };

	tu_write(dir, "messages.en",
	    "title = Series\n"
	    "count =   {n} figures from {first} to {last}  \n"
	    "only_en = x\n"
	    "bad = Hello {who}\n"
	    "open = {n} then a { alone\n"
	    "pre = {n}{fir}\n", -1);
	tu_write(dir, "messages.nl",
	    "title = Reeksen\n"
	    "count = {n} cijfers van {first} tot {last}\n"
	    "bad = Hallo {wie}\n"
	    "only_nl = y\n"
	    "open = {n} en een { alleen\n"
	    "pre = {n}{eer}\n", -1);
	snprintf(en_path, sizeof en_path, "%s/messages.en", dir);
	snprintf(nl_path, sizeof nl_path, "%s/messages.nl", dir);
	en = catalog_load(en_path, &errs);
	nl = catalog_load(nl_path, &errs);
	ck_assert_ptr_nonnull(en);
	ck_assert_ptr_nonnull(nl);
	ck_assert_uint_eq(errlist_count(&errs), 0);
	ck_assert_str_eq(catalog_path(en), en_path);

	/* File order, the text trimmed. */
	ck_assert_uint_eq(catalog_count(en), 6);
	ck_assert_str_eq(catalog_key_at(en, 1), "count");
	ck_assert_str_eq(catalog_text_at(en, 1),
	    "{n} figures from {first} to {last}");
	ck_assert_ptr_null(catalog_key_at(en, 6));
	ck_assert_str_eq(catalog_get(nl, "title"), "Reeksen");
	ck_assert_ptr_null(catalog_get(nl, "only_en"));

	/* Placeholders filled in any order, a value used twice. */
	const char *pairs[] = { "last", "2020", "first", "1990", "n", "31",
	    NULL };
	ck_assert(catalog_format(&b, en, "count", pairs, &errs));
	ck_assert(catalog_format(&b, nl, "count", pairs, &errs));
	ck_assert_str_eq(b.data, "31 figures from 1990 to 2020"
	    "31 cijfers van 1990 tot 2020");
	/* A placeholder without a value, a missing key: false, OUT as it
	 * was, and where in the catalogue (the column of the '{'). */
	size_t before = b.len;
	ck_assert(!catalog_format(&b, en, "bad", pairs, &errs));
	ck_assert(!catalog_format(&b, nl, "nothing", pairs, &errs));
	ck_assert(!catalog_format(&b, nl, "nothing", pairs, NULL));
	/* After a placeholder filled in: OUT as it was, too. A name that
	 * begins a pair's ("fir", "first") is not that pair's. */
	ck_assert(!catalog_format(&b, en, "pre", pairs, &errs));
	ck_assert_uint_eq(b.len, before);
	ck_assert_str_eq(b.data, "31 figures from 1990 to 2020"
	    "31 cijfers van 1990 tot 2020");
	/* A brace that no other closes is text; a placeholder at the end. */
	ck_assert(catalog_format(&b, en, "open", pairs, &errs));
	ck_assert_str_eq(b.data + before, "31 then a { alone");
	const char *fir[] = { "n", "1", "fir", "2", NULL };
	ck_assert(catalog_format(&b, en, "pre", fir, &errs));
	ck_assert_str_eq(b.data + before, "31 then a { alone12");
	b.len = before;
	catalog_compare(en, nl, &errs);
	got = errors(&errs, dir);
	char want[2048];
	snprintf(want, sizeof want,
	    "messages.en:4:13: unknown placeholder '{who}' in 'bad'\n"
	    "messages.nl: no message 'nothing'\n"
	    "messages.en:6:10: unknown placeholder '{fir}' in 'pre'\n"
	    "messages.en:3: 'only_en' is missing from %s\n"
	    "messages.nl:4: 'only_nl' is missing from %s\n", nl_path, en_path);
	ck_assert_str_eq(got, want);
	free(got);
	buf_free(&b);
	errlist_free(&errs);
	catalog_free(en);
	catalog_free(nl);
	tu_rmdir(dir);
}
END_TEST

/* ---- the feed ---------------------------------------------------------- */

static reeks_store *
load(const char *doc)
{
	char *dir = tu_mkdir();
	reeks_result rc;
	reeks_store *st = NULL;
	char *diags;

	tu_write(dir, "a.xml", doc, -1);
	diags = tu_load(dir, &rc, &st, NULL);
	ck_assert_str_eq(diags, "");
	free(diags);
	tu_rmdir(dir);
	return st;
}

#define CHANGE(id, date, title, summary) \
	"<change id=\"" id "\" date=\"" date "\"><title lang=\"en\">" title \
	"</title><title lang=\"nl\">N</title><summary lang=\"en\">" summary \
	"</summary><summary lang=\"nl\">N</summary></change>\n"

START_TEST(test_feed_atom)
{
	reeks_store *st = load("<reeks version=\"1\">\n"
	    CHANGE("c1", "2019-05-01", "First", "Added &lt;b&gt; series")
	    CHANGE("c2", "2020-02-01", "Second &amp; last", "S2")
	    "</reeks>\n");
	buf b = { 0 };

	ck_assert_int_eq(feed_atom(&b, st, NULL, 0, "https://example.org/r/",
	    "2020-02-01"), 0);
	/* Newest first; text escaped; every URL under the base. */
	ck_assert_str_eq(b.data,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
	    "  <id>https://example.org/r/feed.atom</id>\n"
	    "  <title>reeks: changes to the data</title>\n"
	    "  <updated>2020-02-01T00:00:00Z</updated>\n"
	    "  <link rel=\"self\" href=\"https://example.org/r/feed.atom\"/>\n"
	    "  <link href=\"https://example.org/r/en/downloads.html#changes\"/>\n"
	    "  <author>\n"
	    "    <name>reeks</name>\n"
	    "  </author>\n"
	    "  <entry>\n"
	    "    <id>https://example.org/r/en/downloads.html#change-c2</id>\n"
	    "    <link href=\"https://example.org/r/en/downloads.html#change-c2\"/>\n"
	    "    <title>Second &amp; last</title>\n"
	    "    <updated>2020-02-01T00:00:00Z</updated>\n"
	    "    <summary>S2</summary>\n"
	    "  </entry>\n"
	    "  <entry>\n"
	    "    <id>https://example.org/r/en/downloads.html#change-c1</id>\n"
	    "    <link href=\"https://example.org/r/en/downloads.html#change-c1\"/>\n"
	    "    <title>First</title>\n"
	    "    <updated>2019-05-01T00:00:00Z</updated>\n"
	    "    <summary>Added &lt;b&gt; series</summary>\n"
	    "  </entry>\n"
	    "</feed>\n");
	buf_free(&b);
	reeks_store_free(st);
}
END_TEST

START_TEST(test_robots)
{
	buf b = { 0 };

	feed_robots(&b, "https://example.org/r/");
	ck_assert_str_eq(b.data, "User-agent: *\nAllow: /\n"
	    "Sitemap: https://example.org/r/sitemap.xml\n");
	buf_reset(&b);
	feed_robots(&b, NULL);
	ck_assert_str_eq(b.data, "User-agent: *\nAllow: /\n");
	buf_free(&b);
}
END_TEST

static Suite *
catalog_suite(void)
{
	Suite *s = suite_create("catalog");
	TCase *tc = tcase_create("catalog");

	tcase_add_test(tc, test_catalog_errors);
	tcase_add_test(tc, test_catalog_format);
	tcase_add_test(tc, test_feed_atom);
	tcase_add_test(tc, test_robots);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(catalog_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
