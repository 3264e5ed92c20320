/*
 * check_api.c: the loader's entry points of lib/reeks.h: loading from
 * memory (reeks_store_load_buffer()), the options (reeks_load_options),
 * the column of a diagnostic, and the threading rule of reeks.h.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "testutil.h"

/* The diagnostics of D as the reeks command prints them:
 * "file:line:column: message", "file:line: message" without a column,
 * "file: message" without a line; warnings marked. Free with free(). */
static char *
diags_text(const reeks_diags *d)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	ck_assert_ptr_nonnull(f);
	for (size_t i = 0; i < reeks_diags_count(d); i++) {
		const reeks_diag *g = reeks_diags_at(d, i);
		const char *sev = reeks_diag_severity(g) == REEKS_WARNING ?
		    "warning: " : "";

		/* A column only with a line. */
		ck_assert(reeks_diag_line(g) > 0 || reeks_diag_column(g) == 0);
		fprintf(f, "%s", reeks_diag_file(g));
		if (reeks_diag_line(g) > 0)
			fprintf(f, ":%lu", reeks_diag_line(g));
		if (reeks_diag_column(g) > 0)
			fprintf(f, ":%lu", reeks_diag_column(g));
		fprintf(f, ": %s%s\n", sev, reeks_diag_message(g));
	}
	fclose(f);
	return text;
}

/* The ids of ST's series and the number of each kind of item, one line. */
static char *
store_text(const reeks_store *st)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	ck_assert_ptr_nonnull(f);
	if (st != NULL) {
		fprintf(f, "%zu topics %zu geographies %zu sources %zu obs "
		    "%zu claims %zu changes:", reeks_store_topic_count(st),
		    reeks_store_geography_count(st),
		    reeks_store_source_count(st), reeks_store_obs_count(st),
		    reeks_store_claim_count(st), reeks_store_change_count(st));
		for (size_t i = 0; i < reeks_store_series_count(st); i++) {
			const reeks_series *se = reeks_store_series_at(st, i);

			fprintf(f, " %s@%s:%lu", reeks_series_id(se),
			    reeks_series_file(se), reeks_series_line(se));
		}
	}
	fclose(f);
	return text;
}

typedef struct loaded {
	reeks_result rc;
	char *diags;
	char *store;
} loaded;

static void
loaded_free(loaded *l)
{
	free(l->diags);
	free(l->store);
}

static loaded
load_dir(const char *dir, const reeks_load_options *opts)
{
	reeks_diags *d = reeks_diags_new();
	reeks_store *st = NULL;
	loaded l;

	ck_assert_ptr_nonnull(d);
	l.rc = opts == NULL ? reeks_store_load(dir, d, &st) :
	    reeks_store_load_opts(dir, opts, d, &st);
	ck_assert((l.rc == REEKS_OK) == (st != NULL));
	l.diags = diags_text(d);
	l.store = store_text(st);
	reeks_store_free(st);
	reeks_diags_free(d);
	return l;
}

static loaded
load_buf(const char *name, const char *data, size_t len)
{
	reeks_diags *d = reeks_diags_new();
	reeks_store *st = NULL;
	loaded l;

	ck_assert_ptr_nonnull(d);
	l.rc = reeks_store_load_buffer(name, data, len, NULL, d, &st);
	ck_assert((l.rc == REEKS_OK) == (st != NULL));
	l.diags = diags_text(d);
	l.store = store_text(st);
	reeks_store_free(st);
	reeks_diags_free(d);
	return l;
}

/* The bytes of PATH; free with free(). */
static char *
slurp(const char *path, size_t *len)
{
	char *data = NULL, msg[256];

	ck_assert_msg(reeks_file_read(path, 0, 0, &data, len, msg,
	    sizeof msg) == 0, "%s: %s", path, msg);
	return data;
}

/* Each fixture loaded from memory gives what the same bytes give as the
 * one file of a directory: the result, every diagnostic (with its line
 * and column) and the store, its items naming the same file. */
START_TEST(test_buffer_as_file)
{
	static const char *const files[] = {
		"tests/data/good/example.xml", "tests/data/bad/a-broken.xml",
		"tests/data/bad/b-meaning.xml", "tests/data/bad/c-schema.xml",
		"tests/hostile/utf8-invalid/a.xml",
		"tests/hostile/xxe-file/a.xml",
		"tests/hostile/wrong-version/a.xml",
	};

	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		char *dir = tu_mkdir(), name[4200];
		size_t len;
		char *data = slurp(files[i], &len);
		loaded a, b;

		tu_write(dir, "a.xml", data, (long)len);
		snprintf(name, sizeof name, "%s/a.xml", dir);
		a = load_dir(dir, NULL);
		b = load_buf(name, data, len);
		ck_assert_int_eq(a.rc, b.rc);
		ck_assert_str_eq(a.diags, b.diags);
		ck_assert_str_eq(a.store, b.store);
		ck_assert_int_eq(b.rc, i == 0 ? REEKS_OK : REEKS_EINVALID);
		ck_assert_msg(strlen(b.diags) > 0, "%s: no diagnostic",
		    files[i]);
		loaded_free(&a);
		loaded_free(&b);
		free(data);
		tu_rmdir(dir);
	}
}
END_TEST

/* The diagnostics of a buffer name the name given, and a malformed one
 * says where, to the column. */
START_TEST(test_buffer_messages)
{
	size_t len;
	char *data = slurp("tests/data/bad/a-broken.xml", &len);
	loaded l = load_buf("broken.xml", data, len);

	ck_assert_int_eq(l.rc, REEKS_EINVALID);
	/* Line 5 is "</reeks>": libxml2 finds the mismatch once past it. */
	ck_assert_str_eq(l.diags, "broken.xml:5:9: malformed XML: Opening "
	    "and ending tag mismatch: topic line 4 and reeks\n");
	ck_assert_str_eq(l.store, "");
	loaded_free(&l);
	free(data);

	data = slurp("tests/data/good/example.xml", &len);
	l = load_buf("good.xml", data, len);
	ck_assert_int_eq(l.rc, REEKS_OK);
	ck_assert_str_eq(l.diags, "good.xml:86: warning: claim "
	    "'test-claim-wrong' does not hold: ratio of 33,500 and 25,000 "
	    "recomputes to 1.34, not 1.5 (within 0.05)\n");
	ck_assert_ptr_nonnull(strstr(l.store,
	    " nl-problem-drug-users@good.xml:"));
	loaded_free(&l);
	free(data);
}
END_TEST

/* Only LEN bytes are read: what follows (here a second root, which
 * would be an error) is not looked at, and no NUL is needed. */
START_TEST(test_buffer_len)
{
	size_t len;
	char *data = slurp("tests/data/good/example.xml", &len);
	char *more = malloc(len + 9);
	loaded a, b;

	ck_assert_ptr_nonnull(more);
	memcpy(more, data, len);
	memcpy(more + len, "<reeks/>", 8);   /* and no NUL */
	a = load_buf("x.xml", data, len);
	b = load_buf("x.xml", more, len);
	ck_assert_int_eq(b.rc, REEKS_OK);
	ck_assert_str_eq(a.diags, b.diags);
	ck_assert_str_eq(a.store, b.store);
	loaded_free(&b);
	b = load_buf("x.xml", more, len + 8);
	ck_assert_int_eq(b.rc, REEKS_EINVALID);
	ck_assert_ptr_nonnull(strstr(b.diags,
	    "malformed XML: Extra content at the end of the document\n"));
	loaded_free(&a);
	loaded_free(&b);
	free(more);
	free(data);
}
END_TEST

/* Bad bytes in memory are reported as in a file: nothing, a DOCTYPE, a
 * byte that is not UTF-8 (its column exactly), and no store. */
START_TEST(test_buffer_bad)
{
	static const struct {
		const char *data;
		const char *want;
	} cases[] = {
		{ "", "m.xml: the file is empty\n" },
		{ "<!DOCTYPE reeks [<!ENTITY x \"y\">]>\n"
		    "<reeks version=\"1\"/>",
		    "m.xml:1: DOCTYPE is not allowed: data files may not "
		    "declare a DTD, entities or external references\n" },
		/* \xff is the 17th byte of line 2. */
		{ "<reeks version=\"1\">\n  <topic id=\"t\">\xff</topic>\n"
		    "</reeks>\n", "m.xml:2:17: text is not valid UTF-8 (or "
		    "holds a character XML does not allow)\n" },
		/* \xc3 (a lead byte without its continuation) is the
		 * 20th. */
		{ "<reeks version=\"1\">\xc3(</reeks>", "m.xml:1:20: text is "
		    "not valid UTF-8 (or holds a character XML does not "
		    "allow)\n" },
		{ "<reeks version=\"1\">\n</reeks>\n<x/>\n",
		    "m.xml:3:1: malformed XML: Extra content at the end of "
		    "the document\n" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		loaded l = load_buf("m.xml", cases[i].data,
		    strlen(cases[i].data));

		ck_assert_int_eq(l.rc, REEKS_EINVALID);
		ck_assert_str_eq(l.diags, cases[i].want);
		loaded_free(&l);
	}
}
END_TEST

/* The errors of meaning and of the schema have a line and no column;
 * the column is 0 when the line is (checked by diags_text()). */
START_TEST(test_column_unknown)
{
	loaded l = load_dir("tests/data/bad", NULL);

	ck_assert_int_eq(l.rc, REEKS_EINVALID);
	ck_assert_ptr_nonnull(strstr(l.diags,
	    "tests/data/bad/b-meaning.xml:22: "
	    "value '120' is outside 0 to 100 (unit percent)\n"));
	ck_assert_ptr_nonnull(strstr(l.diags, "tests/data/bad/c-schema.xml:4: "
	    "schema: Element 'topic', attribute 'id': 'Bad Id' is not a "
	    "valid id"));
	ck_assert_ptr_nonnull(strstr(l.diags,
	    "tests/data/bad/a-broken.xml:5:9: malformed XML"));
	loaded_free(&l);
}
END_TEST

/* A directory of ten files, good, bad and broken (a series with a
 * duplicate id, a reference to another file's source). */
static char *
mixed_dir(void)
{
	char *dir = tu_mkdir();
	size_t len;
	char *good = slurp("tests/data/good/example.xml", &len);

	tu_write(dir, "a.xml", good, (long)len);
	for (int i = 0; i < 9; i++) {
		char name[32], *doc;

		snprintf(name, sizeof name, "f%d.xml", i);
		switch (i % 3) {
		case 0:
			doc = tu_doc("count", TU_OBS("period=\"2008\" "
			    "value=\"1\""));
			break;
		case 1:
			doc = tu_doc("percent", TU_OBS("period=\"2008\" "
			    "value=\"120\""));
			break;
		default:
			doc = strdup("<reeks version=\"1\">\n<topic>\n");
			break;
		}
		ck_assert_ptr_nonnull(doc);
		tu_write(dir, name, doc, -1);
		free(doc);
	}
	free(good);
	return dir;
}

/* The options: NULL, zeroed and any number of threads give the same
 * result, diagnostics and store. */
START_TEST(test_options_jobs)
{
	static const int jobs[] = { 0, 1, 2, 3, 8, 1000 };
	char *mixed = mixed_dir();
	const char *dirs[] = { "tests/data/good", "tests/data/bad", mixed };

	for (size_t d = 0; d < sizeof dirs / sizeof *dirs; d++) {
		loaded want = load_dir(dirs[d], NULL);

		ck_assert_int_eq(want.rc, d == 0 ? REEKS_OK : REEKS_EINVALID);
		for (size_t j = 0; j < sizeof jobs / sizeof *jobs; j++) {
			reeks_load_options o = { 0 };
			loaded got;

			o.jobs = jobs[j];
			got = load_dir(dirs[d], &o);
			ck_assert_int_eq(got.rc, want.rc);
			ck_assert_str_eq(got.diags, want.diags);
			ck_assert_str_eq(got.store, want.store);
			loaded_free(&got);
		}
		loaded_free(&want);
	}
	tu_rmdir(mixed);
}
END_TEST

/* ---- threads: the rule written in reeks.h ------------------------------ */

typedef struct thread_job {
	const char *data;
	size_t len;
	const reeks_store *st;
	bool ready;
	loaded got;
	char *stats;
} thread_job;

/* The trend statistics of every series of ST, as text. */
static char *
stats_text(const reeks_store *st)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	ck_assert_ptr_nonnull(f);
	for (size_t i = 0; i < reeks_store_series_count(st); i++) {
		const reeks_series *se = reeks_store_series_at(st, i);
		reeks_series_stats s;
		reeks_interval iv;

		ck_assert_int_eq(reeks_series_stats_compute(se, 0.95, &s),
		    REEKS_STAT_OK);
		fprintf(f, "%s %zu %d %.17g %d %.17g %.17g\n",
		    reeks_series_id(se), s.npoints, s.has_change,
		    s.has_change ? s.abs_change : 0, s.has_apc,
		    s.has_apc ? s.apc.lower : 0, s.has_apc ? s.apc.upper : 0);
		for (size_t j = 0; j < reeks_series_obs_count(se); j++)
			if (reeks_obs_ci(reeks_series_obs_at(se, j), 0.95,
			    &iv) != REEKS_CI_NONE)
				fprintf(f, " %.17g %.17g\n", iv.lower,
				    iv.upper);
	}
	fclose(f);
	return text;
}

static void *
thread_main(void *p)
{
	thread_job *j = p;

	j->ready = reeks_thread_ready();
	j->got = load_buf("t.xml", j->data, j->len);
	j->stats = stats_text(j->st);
	return NULL;
}

/* Loads on four threads at once, each with its own list, while the same
 * four read one shared store: every load gives what one alone gives, and
 * every reader what the main thread reads. */
START_TEST(test_threads)
{
	enum { N = 4 };
	size_t len;
	char *data = slurp("tests/data/good/example.xml", &len);
	reeks_diags *d = reeks_diags_new();
	reeks_store *st = NULL;
	pthread_t t[N];
	thread_job jobs[N];
	loaded want;
	char *want_stats;

	ck_assert(reeks_thread_ready());
	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(reeks_store_load("tests/data/good", d, &st), REEKS_OK);
	want = load_buf("t.xml", data, len);
	want_stats = stats_text(st);
	ck_assert_ptr_nonnull(strstr(want_stats, "\n"));
	for (int i = 0; i < N; i++) {
		jobs[i] = (thread_job){ .data = data, .len = len, .st = st };
		ck_assert_int_eq(pthread_create(&t[i], NULL, thread_main,
		    &jobs[i]), 0);
	}
	for (int i = 0; i < N; i++) {
		ck_assert_int_eq(pthread_join(t[i], NULL), 0);
		ck_assert(jobs[i].ready);
		ck_assert_int_eq(jobs[i].got.rc, want.rc);
		ck_assert_str_eq(jobs[i].got.diags, want.diags);
		ck_assert_str_eq(jobs[i].got.store, want.store);
		ck_assert_str_eq(jobs[i].stats, want_stats);
		loaded_free(&jobs[i].got);
		free(jobs[i].stats);
	}
	loaded_free(&want);
	free(want_stats);
	reeks_store_free(st);
	reeks_diags_free(d);
	free(data);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("api");
	TCase *tc = tcase_create("api");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_buffer_as_file);
	tcase_add_test(tc, test_buffer_messages);
	tcase_add_test(tc, test_buffer_len);
	tcase_add_test(tc, test_buffer_bad);
	tcase_add_test(tc, test_column_unknown);
	tcase_add_test(tc, test_options_jobs);
	tcase_add_test(tc, test_threads);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
