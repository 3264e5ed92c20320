/*
 * check_escape.c: gen/util/escape.c, one escaper per context, each with
 * the exact text it must give.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mustache.h"
#include "util/escape.h"

typedef void (*escaper)(buf *b, const char *s);

typedef struct esc_case {
	const char *in;
	const char *want;
} esc_case;

/* Every case of CASES through ESC, each into a buffer that already holds
 * "x" (an escaper appends). */
static void
check_cases(const char *what, escaper esc, const esc_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		buf b = { 0 };
		char want[256];

		buf_putc(&b, 'x');
		esc(&b, cases[i].in);
		snprintf(want, sizeof want, "x%s", cases[i].want);
		ck_assert_msg(!b.failed, "%s: case %zu failed", what, i);
		ck_assert_msg(strcmp(b.data, want) == 0,
		    "%s: '%s' gave '%s', not '%s'", what, cases[i].in, b.data,
		    want);
		buf_free(&b);
	}
}

#define CHECK(esc, cases) \
	check_cases(#esc, esc, cases, sizeof cases / sizeof cases[0])

static const esc_case html_cases[] = {
	{ "", "" },
	{ "plain text, é ü 1", "plain text, é ü 1" },
	{ "a & b", "a &amp; b" },
	{ "<script>alert('x')</script>",
	  "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" },
	{ "\"quoted\" 'single'", "&quot;quoted&quot; &#39;single&#39;" },
	{ "&amp;", "&amp;amp;" },
	{ "&<>\"'", "&amp;&lt;&gt;&quot;&#39;" },
	{ NULL, "" },
};

START_TEST(test_html)
{
	CHECK(escape_html_text, html_cases);
	CHECK(escape_html_attr, html_cases);
}
END_TEST

/* mustache_escape_html() is what {{x}} writes and what the two above
 * are: a failing writer stops it at once. */
static int
fail_second(void *arg, const char *s, size_t n)
{
	int *calls = arg;

	(void)s;
	(void)n;
	return ++*calls >= 2 ? -1 : 0;
}

START_TEST(test_html_writer_fails)
{
	int calls = 0;

	ck_assert_int_eq(mustache_escape_html("a<b<c", 5, fail_second,
	    &calls), -1);
	ck_assert_int_eq(calls, 2);
	calls = 0;
	ck_assert_int_eq(mustache_escape_html("", 0, fail_second, &calls), 0);
	ck_assert_int_eq(calls, 0);
}
END_TEST

static const esc_case url_path_cases[] = {
	{ "", "" },
	{ "data/series/cannabis-use-2019.csv", "data/series/cannabis-use-2019.csv" },
	{ "A-Z_a.z~0", "A-Z_a.z~0" },
	{ "a b/c", "a%20b/c" },
	{ "x?y#z&w=%", "x%3Fy%23z%26w%3D%25" },
	{ "\"<>'", "%22%3C%3E%27" },
	{ "é", "%C3%A9" },
	{ NULL, "" },
};

static const esc_case url_component_cases[] = {
	{ "cannabis-use", "cannabis-use" },
	{ "a/b", "a%2Fb" },
	{ "a b+c", "a%20b%2Bc" },
	{ "\x7f\x01", "%7F%01" },
};

START_TEST(test_url)
{
	CHECK(escape_url_path, url_path_cases);
	CHECK(escape_url_component, url_component_cases);
}
END_TEST

static const esc_case bibtex_cases[] = {
	{ "", "" },
	{ "Trimbos-instituut (2019)", "Trimbos-instituut (2019)" },
	{ "50% & more_{x}", "50\\% \\& more\\_\\{x\\}" },
	{ "$5 #1", "\\$5 \\#1" },
	{ "a\\b", "a\\textbackslash{}b" },
	{ "Ürün é", "Ürün é" },
	{ NULL, "" },
};

START_TEST(test_bibtex)
{
	CHECK(escape_bibtex, bibtex_cases);
}
END_TEST

static const esc_case csv_cases[] = {
	{ NULL, "" },
	{ "", "" },
	{ "plain", "plain" },
	{ "a,b", "\"a,b\"" },
	{ "say \"hi\"", "\"say \"\"hi\"\"\"" },
	{ "\"", "\"\"\"\"" },
	{ "two\nlines", "\"two\nlines\"" },
	{ "cr\rhere", "\"cr\rhere\"" },
	{ "=1+2", "'=1+2" },
	{ "+/- 140", "'+/- 140" },
	{ "-5", "'-5" },
	{ "@SUM(A1)", "'@SUM(A1)" },
	{ "\tx", "'\tx" },
	{ "\rx", "\"'\rx\"" },
	{ "=HYPERLINK(\"http://x\",\"y\")",
	  "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"" },
	{ "a=b", "a=b" },
};

START_TEST(test_csv)
{
	CHECK(escape_csv_field, csv_cases);
}
END_TEST

static void
script_json(buf *b, const char *s)
{
	escape_script_json(b, s, strlen(s));
}

static const esc_case script_cases[] = {
	{ "", "" },
	{ "{\"a\": 1}", "{\"a\": 1}" },
	{ "{\"t\": \"</script><!--\"}",
	  "{\"t\": \"\\u003c/script>\\u003c!--\"}" },
	{ "<<", "\\u003c\\u003c" },
};

START_TEST(test_script_json)
{
	buf b = { 0 };

	CHECK(script_json, script_cases);
	/* N bytes, not up to a NUL. */
	escape_script_json(&b, "a<b<c", 3);
	ck_assert_str_eq(b.data, "a\\u003cb");
	buf_free(&b);
}
END_TEST

static const esc_case line_cases[] = {
	{ "", "" },
	{ "one line", "one line" },
	{ "two\nlines", "two\\nlines" },
	{ "back\\slash", "back\\\\slash" },
	{ "\\n\n", "\\\\n\\n" },
	{ "tab\tcr\r", "tab\tcr\r" },
};

START_TEST(test_line)
{
	CHECK(escape_line, line_cases);
	/* unescape_line() gives back what escape_line() took. */
	for (size_t i = 0; i < sizeof line_cases / sizeof line_cases[0]; i++) {
		char *s = strdup(line_cases[i].want);

		ck_assert_ptr_nonnull(s);
		unescape_line(s);
		ck_assert_str_eq(s, line_cases[i].in);
		free(s);
	}
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("escape");
	TCase *tc = tcase_create("escape");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_html);
	tcase_add_test(tc, test_html_writer_fails);
	tcase_add_test(tc, test_url);
	tcase_add_test(tc, test_bibtex);
	tcase_add_test(tc, test_csv);
	tcase_add_test(tc, test_script_json);
	tcase_add_test(tc, test_line);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
