#define _GNU_SOURCE             /* memmem */
/*
 * template.c: fuzz the template engine. The input is a template: it is
 * parsed with mustache_parse() and, when it parses, rendered in both
 * modes against a small fixed data tree, with two fixed partials ("p",
 * and "layout" with a block, for {{<layout}}).
 *
 * Lists in the data hold one item, so that nested sections cannot make
 * the output grow exponentially: any growth a fuzzer finds is then the
 * engine's.
 *
 * Rules checked (abort() when broken): a parse succeeds exactly when it
 * returns a template and no error; a failed parse reports at least one
 * error, each with a position inside the input and a message; a render
 * never leaves '<' or '&' unescaped from the data's text (the data's text
 * holds "<&>" and its escaped form "&lt;&amp;&gt;" is what must appear).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "mustache.h"

static const char partial_p[] = "[{{x}}|{{#l}}{{.}}{{/l}}]\n";
static const char partial_layout[] =
    "<{{$b}}default {{x}}{{/b}}>{{$c}}{{/c}}\n";

static mustache_load_result
fuzz_loader(void *arg, const char *name, char **text, size_t *len,
    char **file)
{
	const char *t;

	(void)arg;
	if (strcmp(name, "p") == 0)
		t = partial_p;
	else if (strcmp(name, "layout") == 0)
		t = partial_layout;
	else
		return MUSTACHE_LOAD_NOT_FOUND;
	if ((*text = strdup(t)) == NULL)
		return MUSTACHE_LOAD_FAILED;
	if ((*file = strdup(name)) == NULL) {
		free(*text);
		return MUSTACHE_LOAD_FAILED;
	}
	*len = strlen(t);
	return MUSTACHE_LOAD_OK;
}

/* {x: "<&>", n: 0, b: false, l: ["<&>"], m: {x: "m", l: [1]},
 *  svg: markup, e: ""}. */
static mustache_value *
fuzz_data(mustache_arena *a)
{
	mustache_value *d = mustache_map(a), *l = mustache_list(a);
	mustache_value *m = mustache_map(a), *ml = mustache_list(a);

	mustache_map_set(a, d, "x", mustache_string(a, "<&>"));
	mustache_map_set(a, d, "n", mustache_number(a, "0"));
	mustache_map_set(a, d, "b", mustache_bool(a, false));
	mustache_list_push(a, l, mustache_string(a, "<&>"));
	mustache_map_set(a, d, "l", l);
	mustache_list_push(a, ml, mustache_number_int(a, 1));
	mustache_map_set(a, m, "x", mustache_string(a, "m"));
	mustache_map_set(a, m, "l", ml);
	mustache_map_set(a, d, "m", m);
	mustache_map_set(a, d, "svg", mustache_markup(a, "<svg/>"));
	mustache_map_set(a, d, "e", mustache_string(a, ""));
	return d;
}

/* Does the output hold the data's "<&>" anywhere outside markup that the
 * template itself wrote? The template may write "<&>" literally, so only
 * count it when the template text does not contain it. */
static void
check_escaped(const char *tpl, size_t tlen, const mustache_buf *out)
{
	if (out->len == 0 || memmem(tpl, tlen, "<&>", 3) != NULL ||
	    memmem(tpl, tlen, "{{{", 3) != NULL ||
	    memmem(tpl, tlen, "&", 1) != NULL ||
	    memmem(tpl, tlen, "=", 1) != NULL)   /* raw or new delimiters */
		return;
	if (memmem(out->data, out->len, "<&>", 3) != NULL)
		abort();
}

static void
render(mustache_mode mode, const mustache_template *t, const char *tpl,
    size_t tlen)
{
	mustache_engine *e = mustache_engine_new(mode, fuzz_loader, NULL);
	mustache_arena *a = mustache_arena_new();
	mustache_errors *errs = mustache_errors_new();
	mustache_buf out = MUSTACHE_BUF_INIT;

	if (e != NULL && a != NULL && errs != NULL) {
		mustache_value *d = fuzz_data(a);

		if (!mustache_arena_failed(a) &&
		    mustache_render_buf(e, t, d, &out, errs) == MUSTACHE_OK)
			check_escaped(tpl, tlen, &out);
	}
	mustache_buf_free(&out);
	mustache_errors_free(errs);
	mustache_arena_free(a);
	mustache_engine_free(e);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mustache_errors *errs = mustache_errors_new();
	mustache_template *t = NULL;
	mustache_status st;
	const char *text = (const char *)data;

	if (errs == NULL)
		return 0;
	st = mustache_parse("fuzz.mustache", text, size, &t, errs);
	if ((st == MUSTACHE_OK) != (t != NULL))
		abort();
	if (st == MUSTACHE_OK && mustache_errors_count(errs) != 0)
		abort();
	if (st == MUSTACHE_ESYNTAX && mustache_errors_count(errs) == 0)
		abort();
	for (size_t i = 0; i < mustache_errors_count(errs); i++) {
		const mustache_error *err = mustache_errors_at(errs, i);

		if (err->message == NULL || err->message[0] == '\0' ||
		    err->file == NULL || err->line > size + 1 ||
		    err->col > size + 1)
			abort();
	}
	if (t != NULL) {
		render(MUSTACHE_SPEC, t, text, size);
		render(MUSTACHE_STRICT, t, text, size);
	}
	mustache_template_free(t);
	mustache_errors_free(errs);
	return 0;
}
