/*
 * check_mustache.c: the template engine (mustache/mustache.h).
 *
 *  - every test of the official Mustache spec files (spec.c);
 *  - STRICT mode: unknown variable, unknown partial, invalid partial name,
 *    raw output of what is not markup, with exact messages and positions;
 *  - each class of syntax error, with its exact message, line and column;
 *  - values, output, the engine's cache and limits.
 *
 * The spec directory is mustache/tests/spec, or $MUSTACHE_SPEC_DIR.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <json.h>

#include "mustache.h"
#include "spec.h"

/* ---- helpers for the engine's own tests ---------------------------------- */

/* A partial for test_loader: NAME as templates/NAME.mustache. */
typedef struct tpart {
	const char *name;
	const char *text;
} tpart;

static int loader_calls;

/* A loader over a { NULL }-terminated array of tpart (ARG). A partial
 * whose text is NULL fails to load, with EACCES; one whose text starts
 * with '!' fails with the rest of it as the reason. */
static mustache_load_result
test_loader(void *arg, const char *name, char **text, size_t *len,
    char **file)
{
	char buf[256];

	loader_calls++;
	for (const tpart *p = arg; p != NULL && p->name != NULL; p++) {
		if (strcmp(p->name, name) != 0)
			continue;
		if (p->text == NULL) {
			errno = EACCES;
			return MUSTACHE_LOAD_FAILED;
		}
		if (p->text[0] == '!') {
			*text = strdup(p->text + 1);
			ck_assert(*text != NULL);
			errno = EINVAL;
			return MUSTACHE_LOAD_FAILED;
		}
		snprintf(buf, sizeof buf, "templates/%s.mustache", name);
		*text = strdup(p->text);
		*file = strdup(buf);
		ck_assert(*text != NULL && *file != NULL);
		*len = strlen(p->text);
		return MUSTACHE_LOAD_OK;
	}
	return MUSTACHE_LOAD_NOT_FOUND;
}

/*
 * Parse TPL as "page" and render it in MODE against DATA with PARTIALS
 * (may be NULL). Returns the output when all went well, else the errors
 * as errors_text() does; sets *ST. Free with free().
 */
static char *
run(mustache_mode mode, const char *tpl, const mustache_value *data,
    const tpart *partials, mustache_status *st)
{
	mustache_engine *e = mustache_engine_new(mode, test_loader,
	    (void *)partials);
	mustache_errors *errs = mustache_errors_new();
	mustache_template *t = NULL;
	mustache_buf out = MUSTACHE_BUF_INIT;
	char *result;

	ck_assert(e != NULL && errs != NULL);
	*st = mustache_parse("page", tpl, strlen(tpl), &t, errs);
	if (*st == MUSTACHE_OK) {
		*st = mustache_render_buf(e, t, data, &out, errs);
	} else {
		ck_assert_ptr_null(t);
	}
	if (*st == MUSTACHE_OK) {
		ck_assert_uint_eq(mustache_errors_count(errs), 0);
		result = strdup(out.data);
	} else {
		ck_assert_uint_gt(mustache_errors_count(errs), 0);
		ck_assert_int_eq(mustache_errors_at(errs, 0)->kind, *st);
		result = errors_text(errs);
	}
	mustache_buf_free(&out);
	mustache_template_free(t);
	mustache_errors_free(errs);
	mustache_engine_free(e);
	return result;
}

/* Expect TPL in MODE to give status ST and exactly WANT (output or
 * errors). */
static void
expect(mustache_mode mode, const char *tpl, const mustache_value *data,
    const tpart *partials, mustache_status st, const char *want)
{
	mustache_status got_st;
	char *got = run(mode, tpl, data, partials, &got_st);

	ck_assert_msg(strcmp(got, want) == 0 && got_st == st,
	    "template \"%s\":\n  expected (status %d): \"%s\"\n"
	    "  got      (status %d): \"%s\"", tpl, (int)st, want, (int)got_st,
	    got);
	free(got);
}

/* A syntax error: TPL does not parse, and gives exactly the errors
 * WANT. */
static void
expect_syntax(const char *tpl, const char *want)
{
	expect(MUSTACHE_STRICT, tpl, NULL, NULL, MUSTACHE_ESYNTAX, want);
	/* The same in spec mode: syntax does not depend on the mode. */
	expect(MUSTACHE_SPEC, tpl, NULL, NULL, MUSTACHE_ESYNTAX, want);
}

static mustache_arena *arena;

static void
setup(void)
{
	arena = mustache_arena_new();
	ck_assert_ptr_nonnull(arena);
	loader_calls = 0;
}

static void
teardown(void)
{
	mustache_arena_free(arena);
	arena = NULL;
}

/* The data of a page: a map with a string, markup, a number, a list of
 * maps, an empty string, null, true and a nested map. */
static mustache_value *
page_data(void)
{
	mustache_arena *a = arena;
	mustache_value *m = mustache_map(a), *items = mustache_list(a);
	mustache_value *it1 = mustache_map(a), *it2 = mustache_map(a);
	mustache_value *meta = mustache_map(a);

	mustache_map_set(a, m, "title", mustache_string(a, "Drugs & <HIV>"));
	mustache_map_set(a, m, "svg",
	    mustache_markup(a, "<svg><rect width=\"1\"/></svg>"));
	mustache_map_set(a, m, "n", mustache_number(a, "33500"));
	mustache_map_set(a, it1, "name", mustache_string(a, "a"));
	mustache_map_set(a, it2, "name", mustache_string(a, "b"));
	mustache_list_push(a, items, it1);
	mustache_list_push(a, items, it2);
	mustache_map_set(a, m, "items", items);
	mustache_map_set(a, m, "empty", mustache_string(a, ""));
	mustache_map_set(a, m, "nothing", mustache_null(a));
	mustache_map_set(a, m, "yes", mustache_bool(a, true));
	mustache_map_set(a, meta, "lang", mustache_string(a, "nl"));
	mustache_map_set(a, m, "meta", meta);
	ck_assert(!mustache_arena_failed(a));
	return m;
}

/* ---- strict mode ------------------------------------------------------------ */

START_TEST(test_strict_renders)
{
	static const tpart partials[] = {
		{ "item", "<li>{{name}}</li>\n" },
		{ "layout", "<html lang=\"{{meta.lang}}\">\n"
		    "{{$body}}{{/body}}\n</html>\n" },
		{ NULL, NULL },
	};

	expect(MUSTACHE_STRICT,
	    "{{<layout}}\n"
	    "{{$body}}\n"
	    "<h1>{{title}}</h1>\n"
	    "{{{svg}}}\n"
	    "<p>{{n}} {{yes}}{{#empty}}never{{/empty}}{{nothing}}</p>\n"
	    "<ul>\n"
	    "  {{#items}}\n"
	    "  {{>item}}\n"
	    "  {{/items}}\n"
	    "</ul>\n"
	    "{{^nothing}}none{{/nothing}}\n"
	    "{{/body}}\n"
	    "{{/layout}}\n",
	    page_data(), partials, MUSTACHE_OK,
	    "<html lang=\"nl\">\n"
	    "<h1>Drugs &amp; &lt;HIV&gt;</h1>\n"
	    "<svg><rect width=\"1\"/></svg>\n"
	    "<p>33500 true</p>\n"
	    "<ul>\n"
	    "  <li>a</li>\n"
	    "  <li>b</li>\n"
	    "</ul>\n"
	    "none\n"
	    "\n"
	    "</html>\n");
}
END_TEST

START_TEST(test_strict_unknown_variable)
{
	mustache_value *d = page_data();

	expect(MUSTACHE_STRICT, "<p>{{title}}</p>\n<p>{{missing}}</p>\n", d,
	    NULL, MUSTACHE_ENAME, "page:2:4: unknown variable 'missing'\n");
	/* Dotted names: each part must be found. */
	expect(MUSTACHE_STRICT, "{{meta.lang}} {{meta.langs}}", d, NULL,
	    MUSTACHE_ENAME, "page:1:15: unknown variable 'meta.langs'\n");
	expect(MUSTACHE_STRICT, "{{title.x}}", d, NULL, MUSTACHE_ENAME,
	    "page:1:1: unknown variable 'title.x'\n");
	/* Section and inverted section names too. */
	expect(MUSTACHE_STRICT, "{{#nope}}x{{/nope}}\n  {{^nah}}y{{/nah}}",
	    d, NULL, MUSTACHE_ENAME,
	    "page:1:1: unknown variable 'nope'\n"
	    "page:2:3: unknown variable 'nah'\n");
	/* Every error of a run, each once (not once per list item). */
	expect(MUSTACHE_STRICT,
	    "{{a}}\n{{#items}}{{name}}{{zz}}{{/items}}\n{{&b}}\n", d, NULL,
	    MUSTACHE_ENAME,
	    "page:1:1: unknown variable 'a'\n"
	    "page:2:19: unknown variable 'zz'\n"
	    "page:3:1: unknown variable 'b'\n");
	/* The implicit iterator is always known. */
	expect(MUSTACHE_STRICT, "{{#items}}{{#.}}{{name}}{{/.}}{{/items}}",
	    d, NULL, MUSTACHE_OK, "ab");
}
END_TEST

START_TEST(test_strict_unknown_partial)
{
	static const tpart partials[] = {
		{ "header", "<h1>\n  {{>logo}}\n</h1>\n" },
		{ "locked", NULL },
		{ "link", "!templates/link.mustache: not a regular file (a "
		    "symbolic link)" },
		{ NULL, NULL },
	};

	expect(MUSTACHE_STRICT, "a\n  {{>nav}}\n", NULL, partials,
	    MUSTACHE_ENAME, "page:2:3: unknown partial 'nav'\n");
	/* An error in a partial is at its own file. */
	expect(MUSTACHE_STRICT, "{{>header}}", NULL, partials,
	    MUSTACHE_ENAME,
	    "templates/header.mustache:2:3: unknown partial 'logo'\n");
	/* A parent is a partial. */
	expect(MUSTACHE_STRICT, "x {{<base}}{{$a}}b{{/a}}{{/base}}", NULL,
	    partials, MUSTACHE_ENAME, "page:1:3: unknown partial 'base'\n");
	/* The loader failing is an error in both modes. */
	expect(MUSTACHE_SPEC, "\n {{>locked}}", NULL, partials,
	    MUSTACHE_ELOAD,
	    "page:2:2: cannot load partial 'locked': Permission denied\n");
	/* A reason the loader gives is the message. */
	expect(MUSTACHE_STRICT, "{{>link}}", NULL, partials, MUSTACHE_ELOAD,
	    "page:1:1: cannot load partial 'link': templates/link.mustache: "
	    "not a regular file (a symbolic link)\n");
}
END_TEST

START_TEST(test_invalid_partial_name)
{
	static const tpart partials[] = {
		{ "ok", "fine" },
		{ NULL, NULL },
	};

	/* Checked while parsing, in both modes, so the loader never sees
	 * it. */
	expect(MUSTACHE_STRICT, "{{>ok}}\n{{> ../etc/passwd }}", NULL,
	    partials, MUSTACHE_ESYNTAX,
	    "page:2:1: invalid partial name '../etc/passwd': use letters, "
	    "digits, '-' and '_' (at most 100)\n");
	expect(MUSTACHE_SPEC, "{{>a/b}}{{>x.y}}\n{{<..}}{{/..}}", NULL,
	    partials, MUSTACHE_ESYNTAX,
	    "page:1:1: invalid partial name 'a/b': use letters, digits, '-' "
	    "and '_' (at most 100)\n"
	    "page:1:9: invalid partial name 'x.y': use letters, digits, '-' "
	    "and '_' (at most 100)\n"
	    "page:2:1: invalid partial name '..': use letters, digits, '-' "
	    "and '_' (at most 100)\n");
	ck_assert_int_eq(loader_calls, 0);

	char tpl[200];
	snprintf(tpl, sizeof tpl, "{{>%0101d}}", 0);
	expect(MUSTACHE_SPEC, tpl, NULL, partials, MUSTACHE_ESYNTAX,
	    "page:1:1: invalid partial name '000000000000000000000000000000"
	    "0000000000000000000000000000000000000000000000000000000000000000"
	    "0000000': use letters, digits, '-' and '_' (at most 100)\n");

	/* And so through mustache_engine_load(). */
	mustache_engine *e = mustache_engine_new(MUSTACHE_STRICT, test_loader,
	    (void *)partials);
	mustache_errors *errs = mustache_errors_new();
	const mustache_template *t = NULL;

	ck_assert_int_eq(mustache_engine_load(e, "../ok", &t, errs),
	    MUSTACHE_ENAME);
	ck_assert_ptr_null(t);
	ck_assert_int_eq(mustache_engine_load(e, "", &t, errs),
	    MUSTACHE_ENAME);
	char *got = errors_text(errs);
	ck_assert_str_eq(got,
	    "invalid template name '../ok': use letters, digits, '-' and '_' "
	    "(at most 100)\n"
	    "invalid template name '': use letters, digits, '-' and '_' "
	    "(at most 100)\n");
	free(got);
	ck_assert_int_eq(loader_calls, 0);
	mustache_errors_free(errs);
	mustache_engine_free(e);
}
END_TEST

START_TEST(test_strict_raw)
{
	mustache_value *d = page_data();

	expect(MUSTACHE_STRICT, "<div>{{{svg}}}{{&svg}}</div>", d, NULL,
	    MUSTACHE_OK,
	    "<div><svg><rect width=\"1\"/></svg><svg><rect width=\"1\"/></svg>"
	    "</div>");
	expect(MUSTACHE_STRICT, "<p>{{{title}}}</p>", d, NULL,
	    MUSTACHE_ENAME, "page:1:4: raw output of 'title' that is not "
	    "generator-built markup\n");
	expect(MUSTACHE_STRICT, "{{& n }}\n{{{nothing}}}\n{{#items}}{{{.}}}"
	    "{{/items}}", d, NULL, MUSTACHE_ENAME,
	    "page:1:1: raw output of 'n' that is not generator-built markup\n"
	    "page:2:1: raw output of 'nothing' that is not generator-built "
	    "markup\n"
	    "page:3:11: raw output of '.' that is not generator-built "
	    "markup\n");
	/* Markup through {{x}} is escaped like any text. */
	expect(MUSTACHE_STRICT, "{{svg}}", d, NULL, MUSTACHE_OK,
	    "&lt;svg&gt;&lt;rect width=&quot;1&quot;/&gt;&lt;/svg&gt;");
	/* Spec mode outputs raw whatever it is. */
	expect(MUSTACHE_SPEC, "{{{title}}}", d, NULL, MUSTACHE_OK,
	    "Drugs & <HIV>");
}
END_TEST

START_TEST(test_strict_list_or_map_as_text)
{
	mustache_value *d = page_data();

	expect(MUSTACHE_STRICT, "{{items}}\n{{meta}}", d, NULL,
	    MUSTACHE_ENAME,
	    "page:1:1: cannot output 'items' as text: it is a list\n"
	    "page:2:1: cannot output 'meta' as text: it is a map\n");
	expect(MUSTACHE_SPEC, "[{{items}}{{meta}}]", d, NULL, MUSTACHE_OK,
	    "[]");
}
END_TEST

START_TEST(test_spec_mode_is_lenient)
{
	expect(MUSTACHE_SPEC, "[{{a}}{{#b}}x{{/b}}{{^c}}y{{/c}}{{>d}}{{a.b}}]",
	    page_data(), NULL, MUSTACHE_OK, "[y]");
}
END_TEST

/* Strict mode: a template the loader gives must be text; the first
 * problem of each line is a syntax error there. Spec mode takes bytes. */
START_TEST(test_strict_text)
{
	static const tpart partials[] = {
		{ "latin1", "ok\ncaf\351 \351\n{{x}}\n\033[2J\n" },
		{ "tab", "a\tb\r\n" },
		{ NULL, NULL },
	};

	expect(MUSTACHE_STRICT, "{{>latin1}}", NULL, partials,
	    MUSTACHE_ESYNTAX,
	    "templates/latin1.mustache:2:4: not valid UTF-8\n"
	    "templates/latin1.mustache:4:1: a control character\n");
	expect(MUSTACHE_STRICT, "{{>tab}}", NULL, partials, MUSTACHE_OK,
	    "a\tb\r\n");
	expect(MUSTACHE_SPEC, "{{>latin1}}", NULL, partials, MUSTACHE_OK,
	    "ok\ncaf\351 \351\n\n\033[2J\n");
}
END_TEST

START_TEST(test_escaping)
{
	mustache_value *m = mustache_map(arena);

	mustache_map_set(arena, m, "s",
	    mustache_string(arena, "a&b <c> \"d\" 'e' &amp;"));
	expect(MUSTACHE_SPEC, "{{s}}|{{{s}}}|{{&s}}", m, NULL, MUSTACHE_OK,
	    "a&amp;b &lt;c&gt; &quot;d&quot; &#39;e&#39; &amp;amp;|"
	    "a&b <c> \"d\" 'e' &amp;|a&b <c> \"d\" 'e' &amp;");
	expect(MUSTACHE_STRICT, "{{s}}", m, NULL, MUSTACHE_OK,
	    "a&amp;b &lt;c&gt; &quot;d&quot; &#39;e&#39; &amp;amp;");

	/* A NUL inside a text passes through, and what comes after it is
	 * escaped too: into a buffer as through a writer. Escapes that
	 * grow the buffer many times over. */
	static const char want[] = "x\0&lt;&amp;y\0";
	mustache_engine *e = mustache_engine_new(MUSTACHE_STRICT, NULL, NULL);
	mustache_template *t = NULL;
	mustache_buf out = MUSTACHE_BUF_INIT, via = MUSTACHE_BUF_INIT;

	mustache_map_set(arena, m, "z", mustache_string_n(arena, "x\0<&y\0",
	    6));
	ck_assert_int_eq(mustache_parse("z", "{{z}}", 5, &t, NULL),
	    MUSTACHE_OK);
	ck_assert_int_eq(mustache_render_buf(e, t, m, &out, NULL),
	    MUSTACHE_OK);
	ck_assert_int_eq(mustache_render(e, t, m, mustache_buf_write, &via,
	    NULL), MUSTACHE_OK);
	ck_assert_uint_eq(out.len, sizeof want - 1);
	ck_assert_mem_eq(out.data, want, sizeof want);
	ck_assert_uint_eq(via.len, sizeof want - 1);
	ck_assert_mem_eq(via.data, want, sizeof want);
	mustache_buf_free(&out);
	mustache_template_free(t);

	char many[3001];
	memset(many, '"', 3000);
	many[3000] = '\0';
	mustache_map_set(arena, m, "q", mustache_string(arena, many));
	ck_assert_int_eq(mustache_parse("q", "<{{q}}>", 7, &t, NULL),
	    MUSTACHE_OK);
	ck_assert_int_eq(mustache_render_buf(e, t, m, &out, NULL),
	    MUSTACHE_OK);
	ck_assert_uint_eq(out.len, 2 + 3000 * 6);
	ck_assert_uint_eq(strlen(out.data), out.len);
	for (size_t i = 1; i + 1 < out.len; i += 6)
		ck_assert_int_eq(memcmp(out.data + i, "&quot;", 6), 0);
	ck_assert_int_eq(out.data[out.len - 1], '>');
	mustache_buf_free(&out);
	mustache_buf_free(&via);
	mustache_template_free(t);
	mustache_engine_free(e);
}
END_TEST

/* ---- syntax errors ----------------------------------------------------------- */

START_TEST(test_syntax_unclosed_tag)
{
	expect_syntax("ab\n  {{name", "page:2:3: unclosed tag: no '}}' after "
	    "'{{'\n");
	expect_syntax("{{{x}}", "page:1:1: unclosed tag: no '}}}' after "
	    "'{{{'\n");
	expect_syntax("{{! no end", "page:1:1: unclosed tag: no '}}' after "
	    "'{{'\n");
	expect_syntax("x{{", "page:1:2: unclosed tag: no '}}' after '{{'\n");
	expect_syntax("{{=<% %>=}}\n\t<%x %", "page:2:2: unclosed tag: no "
	    "'%>' after '<%'\n");
}
END_TEST

START_TEST(test_syntax_unclosed_section)
{
	expect_syntax("x\n{{#a}}\n{{#b}}{{/b}}\n",
	    "page:2:1: unclosed section 'a'\n");
	expect_syntax("{{^a}}", "page:1:1: unclosed inverted section 'a'\n");
	expect_syntax(" {{<p}}", "page:1:2: unclosed parent 'p'\n");
	expect_syntax("{{$b}}\n{{#c}}", "page:1:1: unclosed block 'b'\n"
	    "page:2:1: unclosed section 'c'\n");
}
END_TEST

START_TEST(test_syntax_mismatched_section)
{
	expect_syntax("{{#a}}\n  {{/b}}", "page:2:3: closing tag 'b' does not "
	    "match section 'a' opened at line 1, column 1\n");
	expect_syntax("{{#a}}{{^b}}{{/a}}{{/b}}", "page:1:13: closing tag 'a' "
	    "does not match inverted section 'b' opened at line 1, column 7\n");
	expect_syntax("x {{/a}}", "page:1:3: closing tag 'a' has no open "
	    "section\n");
	expect_syntax("{{#a}}{{/a}}{{/a}}", "page:1:13: closing tag 'a' has "
	    "no open section\n");
}
END_TEST

START_TEST(test_syntax_empty_name)
{
	expect_syntax("{{}}", "page:1:1: empty tag name\n");
	expect_syntax("a {{ }} b", "page:1:3: empty tag name\n");
	expect_syntax("{{{ }}}\n{{&}}\n{{>}}\n{{#}}{{/x}}",
	    "page:1:1: empty tag name\n"
	    "page:2:1: empty tag name\n"
	    "page:3:1: empty tag name\n"
	    "page:4:1: empty tag name\n");
	expect_syntax("{{#x}}{{/}}", "page:1:7: empty tag name\n");
}
END_TEST

START_TEST(test_syntax_invalid_name)
{
	expect_syntax("{{a b}}", "page:1:1: invalid name 'a b'\n");
	expect_syntax("{{a..b}} {{.a}} {{a.}}", "page:1:1: invalid name "
	    "'a..b'\npage:1:10: invalid name '.a'\n"
	    "page:1:17: invalid name 'a.'\n");
	expect_syntax("{{#a\nb}}{{/a\nb}}", "page:1:1: invalid name 'a\nb'\n");
}
END_TEST

START_TEST(test_syntax_bad_delimiters)
{
	static const char msg[] = "bad delimiter change: expected two "
	    "delimiters without '=' and whitespace, as in {{=<% %>=}}\n";
	static const char *const bad[] = {
		"{{=<% =}}", "{{=a b c=}}", "{{=<% %>}}", "{{==}}", "{{=}}",
		"{{=<= =>=}}", "{{= =}}",
	};
	char want[256];

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(want, sizeof want, "page:1:1: %s", msg);
		expect_syntax(bad[i], want);
	}
	snprintf(want, sizeof want, "page:2:3: %s", msg);
	expect_syntax("{{=[ ]=}}\n  [=x=]", want);
}
END_TEST

START_TEST(test_syntax_every_error)
{
	/* One parse reports every name error, sorted by place, and then the
	 * structure error. */
	expect_syntax("{{#c}}\n{{a b}}\n{{}}\n{{>x/y}}",
	    "page:1:1: unclosed section 'c'\n"
	    "page:2:1: invalid name 'a b'\n"
	    "page:3:1: empty tag name\n"
	    "page:4:1: invalid partial name 'x/y': use letters, digits, '-' "
	    "and '_' (at most 100)\n");
}
END_TEST

START_TEST(test_syntax_nesting)
{
	char tpl[2000] = "";

	for (int i = 0; i <= MUSTACHE_MAX_NESTING; i++)
		strcat(tpl, "{{#a}}");
	expect_syntax(tpl, "page:1:601: sections nested deeper than 100\n");
}
END_TEST

START_TEST(test_syntax_in_partial)
{
	static const tpart partials[] = {
		{ "bad", "ok\n  {{#x}}\n" },
		{ NULL, NULL },
	};

	/* A partial's syntax errors are at its own file; reported in either
	 * mode, once per render. */
	expect(MUSTACHE_SPEC, "{{>bad}}{{>bad}}", NULL, partials,
	    MUSTACHE_ESYNTAX, "templates/bad.mustache:2:3: unclosed "
	    "section 'x'\n");
}
END_TEST

/* ---- indentation and inheritance beyond the spec --------------------------- */

START_TEST(test_layout)
{
	static const tpart partials[] = {
		{ "layout", "<html>\n  <body>\n    {{$content}}\n"
		    "    {{/content}}\n  </body>\n</html>\n" },
		{ "nav", "<nav>\n  <a>{{title}}</a>\n</nav>\n" },
		{ NULL, NULL },
	};

	expect(MUSTACHE_STRICT,
	    "{{<layout}}\n"
	    "  {{$content}}\n"
	    "  {{>nav}}\n"
	    "  <p>\n"
	    "\n"
	    "    text\n"
	    "  </p>\n"
	    "  {{/content}}\n"
	    "{{/layout}}\n",
	    page_data(), partials, MUSTACHE_OK,
	    "<html>\n"
	    "  <body>\n"
	    "    <nav>\n"
	    "      <a>Drugs &amp; &lt;HIV&gt;</a>\n"
	    "    </nav>\n"
	    "    <p>\n"
	    "\n"
	    "      text\n"
	    "    </p>\n"
	    "  </body>\n"
	    "</html>\n");
}
END_TEST

START_TEST(test_depth_limit)
{
	static const tpart partials[] = {
		{ "loop", "x{{>loop}}" },
		{ NULL, NULL },
	};

	expect(MUSTACHE_SPEC, "{{>loop}}", NULL, partials, MUSTACHE_ELIMIT,
	    "templates/loop.mustache:1:2: partial 'loop' nested deeper than "
	    "64 levels\n");
}
END_TEST

/* A block replaced by an argument that contains it, directly or through
 * another argument, is an error at the inner block: it once recursed
 * until the stack overflowed (tests/fuzz/regress/template/
 * block-in-own-argument.mustache). Block arguments count towards the
 * depth limit. */
START_TEST(test_block_recursion)
{
	static const tpart partials[] = {
		{ "layout", "<{{$b}}default{{/b}}>\n" },
		{ "a", "{{<base}}{{$c}}{{$b}}{{/b}}{{/c}}{{/base}}" },
		{ "base", "{{$b}}{{/b}}" },
		{ "chain", "{{$b0}}{{/b0}}" },
		{ NULL, NULL },
	};
	char tpl[4096], want[256];
	size_t len = 0;

	for (int m = 0; m < 2; m++) {
		mustache_mode mode = m == 0 ? MUSTACHE_SPEC : MUSTACHE_STRICT;

		expect(mode, "{{<layout}}\n{{$b}}x{{$b}}y{{/b}}{{/b}}\n"
		    "{{/layout}}\n", NULL, partials, MUSTACHE_ELIMIT,
		    "page:2:8: block 'b' would be replaced by an argument "
		    "that contains it\n");
		/* Through an argument of another template. */
		expect(mode, "{{<a}}{{$b}}{{$c}}{{/c}}{{/b}}{{/a}}", NULL,
		    partials, MUSTACHE_ELIMIT, "templates/a.mustache:1:16: "
		    "block 'b' would be replaced by an argument that contains "
		    "it\n");
		/* A block of another name inside an argument is replaced by
		 * the outermost argument for it, once. */
		expect(mode, "{{<layout}}{{$b}}x{{$c}}y{{/c}}{{/b}}"
		    "{{$c}}z{{/c}}{{/layout}}", NULL, partials, MUSTACHE_OK,
		    "<xz>\n");
	}
	/* b0 is replaced by an argument holding b1, b1 by one holding b2,
	 * ...: the 63rd is one level too deep (the parent is the first). */
	len += (size_t)snprintf(tpl + len, sizeof tpl - len, "{{<chain}}\n");
	for (int i = 0; i < 70; i++)
		len += (size_t)snprintf(tpl + len, sizeof tpl - len,
		    "{{$b%d}}{{$b%d}}{{/b%d}}{{/b%d}}\n", i, i + 1, i + 1, i);
	snprintf(tpl + len, sizeof tpl - len, "{{/chain}}\n");
	snprintf(want, sizeof want, "page:64:9: block 'b63' nested deeper "
	    "than 64 levels\n");
	expect(MUSTACHE_SPEC, tpl, NULL, partials, MUSTACHE_ELIMIT, want);
}
END_TEST

/* ---- the engine ---------------------------------------------------------------- */

START_TEST(test_engine_load_caches)
{
	static const tpart partials[] = {
		{ "page", "<{{>part}}{{>part}}{{>none}}{{>none}}>" },
		{ "part", "p" },
		{ "broken", "{{#x}}" },
		{ NULL, NULL },
	};
	mustache_engine *e = mustache_engine_new(MUSTACHE_SPEC, test_loader,
	    (void *)partials);
	mustache_errors *errs = mustache_errors_new();
	const mustache_template *t = NULL, *t2 = NULL;
	mustache_buf out = MUSTACHE_BUF_INIT;

	ck_assert_int_eq(mustache_engine_load(e, "page", &t, errs),
	    MUSTACHE_OK);
	ck_assert_str_eq(mustache_template_file(t),
	    "templates/page.mustache");
	ck_assert_int_eq(mustache_engine_load(e, "page", &t2, errs),
	    MUSTACHE_OK);
	ck_assert_ptr_eq(t, t2);
	ck_assert_int_eq(mustache_render_buf(e, t, NULL, &out, errs),
	    MUSTACHE_OK);
	ck_assert_int_eq(mustache_render_buf(e, t, NULL, &out, errs),
	    MUSTACHE_OK);
	ck_assert_str_eq(out.data, "<pp><pp>");
	/* page, part and none, once each */
	ck_assert_int_eq(loader_calls, 3);

	ck_assert_int_eq(mustache_engine_load(e, "missing", &t, errs),
	    MUSTACHE_ENAME);
	ck_assert_ptr_null(t);
	ck_assert_int_eq(mustache_engine_load(e, "broken", &t, errs),
	    MUSTACHE_ESYNTAX);
	char *got = errors_text(errs);
	ck_assert_str_eq(got, "unknown template 'missing'\n"
	    "templates/broken.mustache:1:1: unclosed section 'x'\n");
	free(got);
	mustache_buf_free(&out);
	mustache_errors_free(errs);
	mustache_engine_free(e);
}
END_TEST

static int
failing_writer(void *arg, const char *s, size_t n)
{
	int *calls = arg;

	(void)s;
	(void)n;
	return ++*calls > 1 ? -1 : 0;
}

START_TEST(test_output)
{
	mustache_engine *e = mustache_engine_new(MUSTACHE_STRICT, NULL, NULL);
	mustache_errors *errs = mustache_errors_new();
	mustache_template *t = NULL, *bad = NULL;
	mustache_buf out = MUSTACHE_BUF_INIT;
	mustache_value *d = page_data();
	int calls = 0;

	ck_assert_int_eq(mustache_parse("t", "{{title}} {{n}}!", 16, &t, errs),
	    MUSTACHE_OK);
	ck_assert_int_eq(mustache_parse("b", "{{title}} {{x}}", 15, &bad,
	    errs), MUSTACHE_OK);
	/* A writer that fails stops the render. */
	ck_assert_int_eq(mustache_render(e, t, d, failing_writer, &calls,
	    errs), MUSTACHE_EWRITE);
	ck_assert_int_eq(calls, 2);
	ck_assert_uint_eq(mustache_errors_count(errs), 1);
	ck_assert_str_eq(mustache_errors_at(errs, 0)->message,
	    "cannot write the output");
	mustache_errors_clear(errs);
	ck_assert_uint_eq(mustache_errors_count(errs), 0);
	ck_assert_ptr_null(mustache_errors_at(errs, 0));

	/* The buffer appends, and is as it was after a failure. */
	ck_assert_int_eq(mustache_render_buf(e, t, d, &out, errs),
	    MUSTACHE_OK);
	ck_assert_int_eq(mustache_render_buf(e, bad, d, &out, errs),
	    MUSTACHE_ENAME);
	ck_assert_int_eq(mustache_render_buf(e, t, d, &out, errs),
	    MUSTACHE_OK);
	ck_assert_str_eq(out.data,
	    "Drugs &amp; &lt;HIV&gt; 33500!Drugs &amp; &lt;HIV&gt; 33500!");
	ck_assert_uint_eq(out.len, strlen(out.data));

	/* Rendering a big output grows the buffer. */
	mustache_value *list = mustache_list(arena);
	for (int i = 0; i < 10000; i++)
		mustache_list_push(arena, list, mustache_number_int(arena, i));
	mustache_value *m = mustache_map(arena);
	mustache_map_set(arena, m, "l", list);
	mustache_template *big = NULL;
	ck_assert_int_eq(mustache_parse("big", "{{#l}}{{.}},{{/l}}", 18, &big,
	    errs), MUSTACHE_OK);
	mustache_buf_free(&out);
	ck_assert_int_eq(mustache_render_buf(e, big, m, &out, errs),
	    MUSTACHE_OK);
	ck_assert_uint_eq(out.len, 10 + 90 * 2 + 900 * 3 + 9000 * 4 + 10000);
	ck_assert_int_eq(strncmp(out.data, "0,1,2,", 6), 0);

	mustache_buf_free(&out);
	mustache_template_free(big);
	mustache_template_free(t);
	mustache_template_free(bad);
	mustache_errors_free(errs);
	mustache_engine_free(e);
}
END_TEST

START_TEST(test_parse_not_nul_terminated)
{
	const char text[] = { '{', '{', 'a', '}', '}', '{', '{' };
	mustache_template *t = NULL;
	mustache_errors *errs = mustache_errors_new();

	ck_assert_int_eq(mustache_parse("x", text, 5, &t, errs), MUSTACHE_OK);
	mustache_template_free(t);
	ck_assert_int_eq(mustache_parse("x", text, sizeof text, &t, errs),
	    MUSTACHE_ESYNTAX);
	ck_assert_ptr_null(t);
	ck_assert_int_eq(mustache_parse("empty", "", 0, &t, errs),
	    MUSTACHE_OK);
	mustache_template_free(t);
	mustache_errors_free(errs);
}
END_TEST

/* ---- values -------------------------------------------------------------------- */

START_TEST(test_values)
{
	mustache_arena *a = arena;
	mustache_value *m = mustache_map(a), *l = mustache_list(a);
	char borrowed[] = "borrowed";
	char key[16];
	size_t len;

	/* Keys keep their first place; a new value replaces the old. */
	ck_assert_int_eq(mustache_map_set(a, m, "b", mustache_string(a, "1")),
	    0);
	ck_assert_int_eq(mustache_map_set(a, m, "a", mustache_string(a, "2")),
	    0);
	ck_assert_int_eq(mustache_map_set(a, m, "b", mustache_number(a, "3")),
	    0);
	ck_assert_str_eq(mustache_value_text(mustache_map_get(m, "b"), &len),
	    "3");
	ck_assert_uint_eq(len, 1);
	ck_assert_int_eq(mustache_value_type(mustache_map_get(m, "b")),
	    MUSTACHE_NUMBER);
	ck_assert_ptr_null(mustache_map_get(m, "c"));
	ck_assert_ptr_null(mustache_map_get(l, "a"));

	/* Many keys: the hash index. */
	for (int i = 0; i < 1000; i++) {
		snprintf(key, sizeof key, "k%d", i);
		ck_assert_int_eq(mustache_map_set(a, m, key,
		    mustache_number_int(a, i)), 0);
	}
	for (int i = 0; i < 1000; i += 7) {
		snprintf(key, sizeof key, "k%d", i);
		ck_assert_int_eq(atoi(mustache_value_text(
		    mustache_map_get(m, key), NULL)), i);
	}
	ck_assert_int_eq(mustache_map_set(a, m, "k500", mustache_null(a)), 0);
	ck_assert_int_eq(mustache_value_type(mustache_map_get(m, "k500")),
	    MUSTACHE_NULL);
	ck_assert_str_eq(mustache_value_text(mustache_map_get(m, "a"), NULL),
	    "2");

	/* Strings are copied, or borrowed by the _ref builders. */
	mustache_value *copied = mustache_string(a, borrowed);
	mustache_value *ref = mustache_string_ref(a, borrowed);
	borrowed[0] = 'B';
	ck_assert_str_eq(mustache_value_text(copied, NULL), "borrowed");
	ck_assert_str_eq(mustache_value_text(ref, NULL), "Borrowed");
	ck_assert_int_eq(mustache_value_type(mustache_markup_ref(a, "<g/>")),
	    MUSTACHE_MARKUP);
	ck_assert_str_eq(mustache_value_text(mustache_string_n(a, "abc", 2),
	    NULL), "ab");
	ck_assert_str_eq(mustache_value_text(mustache_number_int(a, -42),
	    NULL), "-42");
	/* A NULL string is the null value. */
	ck_assert_int_eq(mustache_value_type(mustache_string(a, NULL)),
	    MUSTACHE_NULL);
	ck_assert_int_eq(mustache_value_type(mustache_markup(a, NULL)),
	    MUSTACHE_NULL);
	ck_assert_ptr_null(mustache_value_text(mustache_bool(a, true), NULL));

	/* Lists. */
	for (int i = 0; i < 100; i++)
		ck_assert_int_eq(mustache_list_push(a, l,
		    mustache_number_int(a, i)), 0);
	ck_assert_uint_eq(mustache_list_count(l), 100);
	ck_assert_str_eq(mustache_value_text(mustache_list_at(l, 99), NULL),
	    "99");
	ck_assert_ptr_null(mustache_list_at(l, 100));
	ck_assert_uint_eq(mustache_list_count(m), 0);

	/* A NULL (failed) value or container is refused, nothing changes. */
	ck_assert_int_eq(mustache_list_push(a, l, NULL), -1);
	ck_assert_int_eq(mustache_list_push(a, NULL, l), -1);
	ck_assert_int_eq(mustache_list_push(a, m, l), -1);
	ck_assert_int_eq(mustache_map_set(a, m, "x", NULL), -1);
	ck_assert_int_eq(mustache_map_set(a, NULL, "x", l), -1);
	ck_assert_int_eq(mustache_map_set(a, l, "x", l), -1);
	ck_assert_uint_eq(mustache_list_count(l), 100);
	ck_assert_ptr_null(mustache_map_get(m, "x"));
	ck_assert(!mustache_arena_failed(a));

	/* A reset arena is reused. */
	mustache_arena_reset(a);
	m = mustache_map(a);
	ck_assert_int_eq(mustache_map_set(a, m, "x", mustache_string(a, "y")),
	    0);
	ck_assert_str_eq(mustache_value_text(mustache_map_get(m, "x"), NULL),
	    "y");
	/* A big string gets its own block. */
	char *big = malloc(100000);
	ck_assert_ptr_nonnull(big);
	memset(big, 'x', 99999);
	big[99999] = '\0';
	ck_assert_uint_eq(strlen(mustache_value_text(mustache_string(a, big),
	    NULL)), 99999);
	free(big);
	ck_assert_str_eq(mustache_value_text(mustache_string(a, "small"),
	    NULL), "small");
	mustache_arena_reset(a);
	ck_assert(!mustache_arena_failed(a));

	/* A value that cannot be made marks the arena and is counted for
	 * the process, and a reset forgets the mark but not the count (the
	 * build checks the count, so a missing value is never rendered as
	 * absent). */
	unsigned long failures = mustache_arena_failures();
	ck_assert_ptr_null(mustache_string_n(a, "x", SIZE_MAX - 4));
	ck_assert(mustache_arena_failed(a));
	ck_assert_uint_eq(mustache_arena_failures(), failures + 1);
	mustache_arena_reset(a);
	ck_assert(!mustache_arena_failed(a));
	ck_assert_uint_eq(mustache_arena_failures(), failures + 1);
}
END_TEST

START_TEST(test_truth)
{
	mustache_arena *a = arena;
	mustache_value *m = mustache_map(a);

	mustache_map_set(a, m, "zero", mustache_number(a, "0"));
	mustache_map_set(a, m, "empty", mustache_string(a, ""));
	mustache_map_set(a, m, "nomarkup", mustache_markup(a, ""));
	mustache_map_set(a, m, "nolist", mustache_list(a));
	mustache_map_set(a, m, "nomap", mustache_map(a));
	mustache_map_set(a, m, "no", mustache_bool(a, false));
	mustache_map_set(a, m, "null", mustache_null(a));
	expect(MUSTACHE_STRICT,
	    "{{#zero}}0{{/zero}}{{#empty}}E{{/empty}}{{#nomarkup}}M{{/nomarkup}}"
	    "{{#nolist}}L{{/nolist}}{{#nomap}}m{{/nomap}}{{#no}}n{{/no}}"
	    "{{#null}}N{{/null}}|{{^empty}}e{{/empty}}{{^nolist}}l{{/nolist}}"
	    "{{^no}}n{{/no}}{{^null}}N{{/null}}{{^zero}}0{{/zero}}",
	    m, NULL, MUSTACHE_OK, "0m|elnN");
}
END_TEST

/* ---- lazy lists ------------------------------------------------------------ */

/* A lazy list's maker: item I is { n: I, sub: I times "a" }, its map's
 * address kept in SEEN[I]; item FAIL_AT (when not -1) is out of
 * memory. */
typedef struct lazy_test {
	int calls, fail_at;
	const void *seen[8];
	char big[200 * 1024];
} lazy_test;

static mustache_value *
lazy_item(void *arg, size_t i, mustache_arena *a)
{
	lazy_test *lt = arg;
	mustache_value *m = mustache_map(a), *sub = mustache_list(a);

	lt->calls++;
	if ((int)i == lt->fail_at)
		return NULL;
	lt->seen[i % 8] = m;
	mustache_map_set(a, m, "n", mustache_number_int(a, (long long)i));
	for (size_t k = 0; k < i; k++)
		mustache_list_push(a, sub, mustache_string(a, "a"));
	mustache_map_set(a, m, "sub", sub);
	/* Larger than an arena block: a block of its own, freed too. */
	mustache_map_set(a, m, "big", mustache_string(a, lt->big));
	return m;
}

START_TEST(test_lazy_list)
{
	mustache_arena *a = arena;
	mustache_value *m = mustache_map(a);
	lazy_test *lt = calloc(1, sizeof *lt);
	mustache_value *l, *none;

	ck_assert_ptr_nonnull(lt);
	memset(lt->big, 'b', sizeof lt->big - 1);
	lt->fail_at = -1;
	l = mustache_list_lazy(a, 3, lazy_item, lt);
	none = mustache_list_lazy(a, 0, lazy_item, lt);
	ck_assert_ptr_nonnull(l);
	ck_assert_ptr_nonnull(none);
	mustache_map_set(a, m, "l", l);
	mustache_map_set(a, m, "none", none);
	ck_assert_uint_eq(mustache_list_count(l), 3);
	ck_assert_ptr_null(mustache_list_at(l, 0));
	ck_assert_int_eq(mustache_list_push(a, l, mustache_null(a)), -1);
	ck_assert_uint_eq(mustache_list_count(l), 3);
	ck_assert_int_eq(lt->calls, 0);

	expect(MUSTACHE_STRICT, "{{#l}}[{{n}}:{{#sub}}{{.}}{{/sub}}]{{/l}}"
	    "{{^l}}never{{/l}}|{{#none}}never{{/none}}{{^none}}empty{{/none}}",
	    m, NULL, MUSTACHE_OK, "[0:][1:a][2:aa]|empty");
	ck_assert_int_eq(lt->calls, 3);
	/* What each item built was freed before the next was made: each
	 * item's map is where the one before it was. */
	ck_assert_ptr_eq(lt->seen[0], lt->seen[1]);
	ck_assert_ptr_eq(lt->seen[1], lt->seen[2]);
	/* Rendered again, the items are made again, the same. */
	expect(MUSTACHE_STRICT, "{{#l}}{{n}}{{/l}}", m, NULL, MUSTACHE_OK,
	    "012");
	ck_assert_int_eq(lt->calls, 6);
	/* The arena's values from before the list are intact. */
	ck_assert_uint_eq(mustache_list_count(mustache_map_get(m, "l")), 3);
	ck_assert(!mustache_arena_failed(a));

	/* A maker out of memory stops the render. */
	lt->fail_at = 1;
	expect(MUSTACHE_STRICT, "{{#l}}{{n}}{{/l}}", m, NULL,
	    MUSTACHE_ENOMEM, "out of memory\n");
	ck_assert_int_eq(lt->calls, 8);
	free(lt);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("mustache");
	SRunner *sr;
	TCase *tc;
	int failed;

	spec_add(s);

	tc = tcase_create("strict");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_strict_renders);
	tcase_add_test(tc, test_strict_unknown_variable);
	tcase_add_test(tc, test_strict_unknown_partial);
	tcase_add_test(tc, test_invalid_partial_name);
	tcase_add_test(tc, test_strict_raw);
	tcase_add_test(tc, test_strict_list_or_map_as_text);
	tcase_add_test(tc, test_spec_mode_is_lenient);
	tcase_add_test(tc, test_strict_text);
	tcase_add_test(tc, test_escaping);
	suite_add_tcase(s, tc);

	tc = tcase_create("syntax");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_syntax_unclosed_tag);
	tcase_add_test(tc, test_syntax_unclosed_section);
	tcase_add_test(tc, test_syntax_mismatched_section);
	tcase_add_test(tc, test_syntax_empty_name);
	tcase_add_test(tc, test_syntax_invalid_name);
	tcase_add_test(tc, test_syntax_bad_delimiters);
	tcase_add_test(tc, test_syntax_every_error);
	tcase_add_test(tc, test_syntax_nesting);
	tcase_add_test(tc, test_syntax_in_partial);
	suite_add_tcase(s, tc);

	tc = tcase_create("engine");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_layout);
	tcase_add_test(tc, test_depth_limit);
	tcase_add_test(tc, test_block_recursion);
	tcase_add_test(tc, test_engine_load_caches);
	tcase_add_test(tc, test_output);
	tcase_add_test(tc, test_parse_not_nul_terminated);
	tcase_add_test(tc, test_values);
	tcase_add_test(tc, test_truth);
	tcase_add_test(tc, test_lazy_list);
	suite_add_tcase(s, tc);

	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	spec_free();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
