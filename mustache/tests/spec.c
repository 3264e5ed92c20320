/*
 * spec.c: the official Mustache spec files (mustache/tests/spec/, or
 * $MUSTACHE_SPEC_DIR) as Check tests of check_mustache: every test of
 * comments, delimiters, interpolation, inverted, partials, sections and
 * ~inheritance, in SPEC mode, each as its own check named after the file
 * and reporting the spec test's name, template, expected and got.
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

/* ---- the spec files ---------------------------------------------------- */

static const char *const spec_files[] = {
	"comments.json", "delimiters.json", "interpolation.json",
	"inverted.json", "partials.json", "sections.json",
	"~inheritance.json",
};
#define NFILES (sizeof spec_files / sizeof spec_files[0])

static json_object *spec_json[NFILES];  /* the parsed files */
static json_object *spec_tests[NFILES]; /* their "tests" arrays */
static size_t spec_first[NFILES + 1];   /* global index of each file's first */

/* A JSON number as the text a template shows: integers as they are,
 * decimals in the fewest digits that read back the same (1.21, not
 * 1.2100000000000000). */
static mustache_value *
json_number(mustache_arena *a, json_object *j)
{
	char buf[64];
	double d = json_object_get_double(j);

	snprintf(buf, sizeof buf, "%.15g", d);
	if (strtod(buf, NULL) != d)
		snprintf(buf, sizeof buf, "%.17g", d);
	return mustache_number(a, buf);
}

/* JSON data as a value in A. */
static mustache_value *
from_json(mustache_arena *a, json_object *j)
{
	mustache_value *v;
	struct json_object_iter it;

	switch (json_object_get_type(j)) {
	case json_type_boolean:
		return mustache_bool(a, json_object_get_boolean(j));
	case json_type_int:
		return mustache_number_int(a, json_object_get_int64(j));
	case json_type_double:
		return json_number(a, j);
	case json_type_string:
		return mustache_string_n(a, json_object_get_string(j),
		    (size_t)json_object_get_string_len(j));
	case json_type_array:
		v = mustache_list(a);
		for (size_t i = 0; i < json_object_array_length(j); i++)
			mustache_list_push(a, v,
			    from_json(a, json_object_array_get_idx(j, i)));
		return v;
	case json_type_object:
		v = mustache_map(a);
		json_object_object_foreachC(j, it)
			mustache_map_set(a, v, it.key, from_json(a, it.val));
		return v;
	case json_type_null:
	default:
		return mustache_null(a);
	}
}

/* A loader over the "partials" object of a spec test (ARG, may be NULL). */
static mustache_load_result
spec_loader(void *arg, const char *name, char **text, size_t *len,
    char **file)
{
	json_object *partials = arg, *p;
	char *t, *f;

	if (partials == NULL || !json_object_object_get_ex(partials, name, &p))
		return MUSTACHE_LOAD_NOT_FOUND;
	t = strdup(json_object_get_string(p));
	f = strdup(name);
	if (t == NULL || f == NULL) {
		free(t);
		free(f);
		errno = ENOMEM;
		return MUSTACHE_LOAD_FAILED;
	}
	*text = t;
	*len = strlen(t);
	*file = f;
	return MUSTACHE_LOAD_OK;
}

/* See spec.h. */
char *
errors_text(const mustache_errors *errs)
{
	mustache_buf b = MUSTACHE_BUF_INIT;
	char line[1024];

	for (size_t i = 0; i < mustache_errors_count(errs); i++) {
		const mustache_error *e = mustache_errors_at(errs, i);

		if (e->line > 0)
			snprintf(line, sizeof line, "%s:%lu:%lu: %s\n", e->file,
			    e->line, e->col, e->message);
		else if (*e->file != '\0')
			snprintf(line, sizeof line, "%s: %s\n", e->file,
			    e->message);
		else
			snprintf(line, sizeof line, "%s\n", e->message);
		ck_assert_int_eq(mustache_buf_write(&b, line, strlen(line)), 0);
	}
	return b.data != NULL ? b.data : strdup("");
}

/* S with \n, \r, \t and \\ written as escapes, into BUF of N bytes. */
static const char *
escaped(const char *s, char *buf, size_t n)
{
	size_t k = 0;

	for (; *s != '\0' && k + 3 < n; s++) {
		const char *e = *s == '\n' ? "\\n" : *s == '\r' ? "\\r" :
		    *s == '\t' ? "\\t" : *s == '\\' ? "\\\\" : NULL;

		if (e != NULL) {
			buf[k++] = e[0];
			buf[k++] = e[1];
		} else {
			buf[k++] = *s;
		}
	}
	buf[k] = '\0';
	return buf;
}

START_TEST(test_spec)
{
	size_t f = 0;
	while (spec_first[f + 1] <= (size_t)_i)
		f++;
	json_object *t = json_object_array_get_idx(spec_tests[f],
	    (size_t)_i - spec_first[f]);
	json_object *jname, *jtpl, *jexpected, *jdata, *jpartials = NULL;
	ck_assert(json_object_object_get_ex(t, "name", &jname));
	ck_assert(json_object_object_get_ex(t, "template", &jtpl));
	ck_assert(json_object_object_get_ex(t, "expected", &jexpected));
	ck_assert(json_object_object_get_ex(t, "data", &jdata));
	json_object_object_get_ex(t, "partials", &jpartials);
	const char *name = json_object_get_string(jname);
	const char *tpl = json_object_get_string(jtpl);
	const char *expected = json_object_get_string(jexpected);

	mustache_engine *e = mustache_engine_new(MUSTACHE_SPEC, spec_loader,
	    jpartials);
	mustache_errors *errs = mustache_errors_new();
	mustache_arena *a = mustache_arena_new();
	mustache_template *tp = NULL;
	mustache_buf out = MUSTACHE_BUF_INIT;
	mustache_value *data;
	mustache_status st;
	char *got;

	ck_assert(e != NULL && errs != NULL && a != NULL);
	data = from_json(a, jdata);
	ck_assert(!mustache_arena_failed(a));
	st = mustache_parse(name, tpl, strlen(tpl), &tp, errs);
	if (st == MUSTACHE_OK)
		st = mustache_render_buf(e, tp, data, &out, errs);
	got = st == MUSTACHE_OK ? strdup(out.data) : errors_text(errs);
	bool ok = st == MUSTACHE_OK && strcmp(got, expected) == 0;

	static char msg[8192], b1[2048], b2[2048], b3[2048];
	snprintf(msg, sizeof msg, "%s: spec test \"%s\" failed (status %d)\n"
	    "  template: \"%s\"\n  expected: \"%s\"\n  got:      \"%s\"",
	    spec_files[f], name, (int)st, escaped(tpl, b1, sizeof b1),
	    escaped(expected, b2, sizeof b2), escaped(got, b3, sizeof b3));
	free(got);
	mustache_buf_free(&out);
	mustache_template_free(tp);
	mustache_arena_free(a);
	mustache_errors_free(errs);
	mustache_engine_free(e);
	ck_assert_msg(ok, "%s", msg);
}
END_TEST

/* Read every spec file; returns the number of tests, or exits. */
static size_t
load_spec(void)
{
	const char *dir = getenv("MUSTACHE_SPEC_DIR");
	char path[4096];

	if (dir == NULL)
		dir = "mustache/tests/spec";
	for (size_t f = 0; f < NFILES; f++) {
		snprintf(path, sizeof path, "%s/%s", dir, spec_files[f]);
		spec_json[f] = json_object_from_file(path);
		if (spec_json[f] == NULL ||
		    !json_object_object_get_ex(spec_json[f], "tests",
		    &spec_tests[f]) ||
		    !json_object_is_type(spec_tests[f], json_type_array)) {
			fprintf(stderr, "check_mustache: cannot read %s: %s\n",
			    path, json_util_get_last_err());
			exit(EXIT_FAILURE);
		}
		spec_first[f + 1] = spec_first[f] +
		    json_object_array_length(spec_tests[f]);
		printf("mustache spec: %s: %zu tests\n", spec_files[f],
		    json_object_array_length(spec_tests[f]));
	}
	return spec_first[NFILES];
}

void
spec_add(Suite *s)
{
	load_spec();
	for (size_t f = 0; f < NFILES; f++) {
		TCase *tc = tcase_create(spec_files[f]);

		tcase_add_loop_test(tc, test_spec, (int)spec_first[f],
		    (int)spec_first[f + 1]);
		suite_add_tcase(s, tc);
	}
}

void
spec_free(void)
{
	for (size_t f = 0; f < NFILES; f++)
		json_object_put(spec_json[f]);
}
