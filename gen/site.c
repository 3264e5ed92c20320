/*
 * site.c: 'reeks build' (see site.h).
 *
 * Everything is read and checked first (data, message catalogues, every
 * template), then each page gets a model (mustache values) and is
 * rendered in strict mode into the staged output directory; only a build
 * without a single error is put in place of the old site.
 *
 * Links between pages are relative ("../series/x.html"), so the site
 * works from any sub-path and from file://. Absolute URLs (hreflang,
 * canonical, citations, catalogues, feed, sitemap) come from --base-url.
 */
#define _DEFAULT_SOURCE         /* timegm */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "catalog.h"
#include "downloads.h"
#include "chart.h"
#include "errlist.h"
#include "feed.h"
#include "format.h"
#include "gen.h"
#include "mustache.h"
#include "out.h"
#include "par.h"
#include "sha256.h"
#include "site.h"

static const char *const langs[2] = { "en", "nl" };

/*
 * The build. While pages render in parallel, each thread works on a copy
 * of this with its own engine, arena, error lists and batch of files (the
 * engine is not thread-safe); the store, the catalogues and the options
 * are shared and only read.
 */
typedef struct site {
	const site_opts *opts;
	reeks_store *st;
	catalog *cat[2];
	chart_words words[2];
	mustache_engine *engine;
	mustache_arena *arena;
	mustache_errors *merrs;
	out_dir *out;
	out_batch *batch;           /* a thread's files; NULL: write to OUT */
	errlist errs;
	char **warnings;            /* the data's warnings, as printed */
	size_t nwarnings;
	char updated[16];           /* YYYY-MM-DD */
	size_t pages;
	/* The computed intervals of one series' observations, worked out
	 * once for both languages' pages (they are slow: Poisson). */
	const reeks_series *ci_series;
	reeks_obs_ci_method *ci_method;
	reeks_interval *ci;
	size_t ci_cap;
	bool progress;              /* show the build's progress on stderr */
} site;

/* ---- small helpers ------------------------------------------------------ */

/* The build's progress, on one line of a terminal that each call
 * overwrites; nothing unless S->progress (stderr is a terminal and not
 * -q). No FMT clears the line. */
static void
status(const site *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
status(const site *s, const char *fmt, ...)
{
	va_list ap;

	if (!s->progress)
		return;
	fputs("\r\033[K", stderr);
	if (fmt != NULL) {
		fputs("reeks: ", stderr);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
	}
	fflush(stderr);
}

static void
show_progress(void *arg, size_t done, size_t n)
{
	status(arg, "building: %zu of %zu pages and downloads (%zu%%)", done,
	    n, n > 0 ? done * 100 / n : 100);
}

/* The catalogue text of KEY in LANG (checked to exist when loaded). */
static const char *
msg(site *s, reeks_lang lang, const char *key)
{
	const char *t;

	if (key == NULL)        /* a key that could not be built */
		return "";
	if ((t = catalog_get(s->cat[lang], key)) == NULL) {
		errlist_add(&s->errs, catalog_path(s->cat[lang]), 0, 0,
		    "no message '%s'", key);
		return key;
	}
	return t;
}

/* KEY's text with placeholders filled, as a string value in the arena. */
static mustache_value *
fmt_msg(site *s, reeks_lang lang, const char *key, const char *const *pairs)
{
	buf b = { 0 };
	mustache_value *v;

	catalog_format(&b, s->cat[lang], key, pairs, &s->errs);
	v = mustache_string(s->arena, b.data != NULL ? b.data : "");
	buf_free(&b);
	return v;
}

static void
set_str(site *s, mustache_value *m, const char *key, const char *text)
{
	mustache_map_set(s->arena, m, key, mustache_string(s->arena, text));
}

static void
set_buf(site *s, mustache_value *m, const char *key, buf *b)
{
	mustache_map_set(s->arena, m, key,
	    mustache_string(s->arena, b->data != NULL ? b->data : ""));
	buf_reset(b);
}

/* A period for readers: "1990/1993" as "1990–1993". */
static void
period_text(buf *b, const char *period)
{
	for (; *period != '\0'; period++) {
		if (*period == '/')
			buf_puts(b, "\xe2\x80\x93");
		else
			buf_putc(b, *period);
	}
}

/* A stable anchor for an observation: "p-2005_2007". */
static void
obs_anchor(buf *b, const reeks_obs *o)
{
	buf_puts(b, "p-");
	for (const char *p = reeks_obs_period(o); *p != '\0'; p++)
		buf_putc(b, *p == '/' ? '_' : *p);
}

/* A number with the unit's sign, in LANG: "4.5%", "€61m". */
static void
value_text(buf *b, const char *text, reeks_unit unit, reeks_lang lang)
{
	if (unit == REEKS_UNIT_EUR || unit == REEKS_UNIT_EUR_MILLION)
		buf_puts(b, lang == REEKS_NL ? "\xe2\x82\xac\xc2\xa0" :
		    "\xe2\x82\xac");
	fmt_text(b, text, lang);
	if (unit == REEKS_UNIT_PERCENT)
		buf_putc(b, '%');
	else if (unit == REEKS_UNIT_EUR_MILLION)
		buf_puts(b, lang == REEKS_NL ? "\xc2\xa0mln" : " million");
}

/* The value column: the number, a range, or a dash. */
static void
obs_value(buf *b, const reeks_obs *o, reeks_unit unit, reeks_lang lang)
{
	if (reeks_obs_has_value(o))
		value_text(b, reeks_obs_value_text(o), unit, lang);
	else if (reeks_obs_has_lower(o) && reeks_obs_has_upper(o)) {
		fmt_text(b, reeks_obs_lower_text(o), lang);
		buf_puts(b, "\xe2\x80\x93");
		value_text(b, reeks_obs_upper_text(o), unit, lang);
	} else
		buf_puts(b, "\xe2\x80\x93");
}

/* A computed number, 3 significant digits (at least 1 decimal under 10). */
static void
stat_number(buf *b, double v, reeks_lang lang)
{
	fmt_double(b, v, fmt_decimals(v, 3, 4), lang);
}

/* A percentage with one decimal and its sign: "+4.2%", "−71.9%". */
static void
signed_pct(buf *b, double v, reeks_lang lang)
{
	if (v > 0)
		buf_putc(b, '+');
	else if (v < 0)
		buf_puts(b, "\xe2\x88\x92");       /* − */
	fmt_double(b, fabs(v), 1, lang);
	buf_putc(b, '%');
}

static const char *
qualifier_key(reeks_qualifier q)
{
	static const char *const keys[] = {
		"qual_exact", "qual_approx", "qual_at_least", "qual_at_most",
		"qual_range"
	};
	return keys[q];
}

static const char *
status_key(char status)
{
	switch (status) {
	case 'E': return "status_e";
	case 'P': return "status_p";
	case 'B': return "status_b";
	case 'M': return "status_m";
	default: return "status_a";
	}
}

/* ---- loading ------------------------------------------------------------- */

/* Templates are read as every input file of the build: a regular file,
 * not a symbolic link, of at most INPUT_MAX bytes (the engine then
 * checks that it is text). */
static mustache_load_result
load_template(void *arg, const char *name, char **text, size_t *len,
    char **file)
{
	const site *s = arg;
	size_t plen = strlen(s->opts->templates_dir) + strlen(name) + 16;
	char *path = malloc(plen), why[256];

	if (path == NULL)
		return MUSTACHE_LOAD_FAILED;
	snprintf(path, plen, "%s/%s.mustache", s->opts->templates_dir, name);
	if (reeks_file_read(path, REEKS_FILE_NOFOLLOW, INPUT_MAX, text, len,
	    why, sizeof why) != 0) {
		int e = errno;
		size_t rlen = strlen(path) + strlen(why) + 3;
		char *reason = e == ENOENT ? NULL : malloc(rlen);

		if (reason != NULL) {
			snprintf(reason, rlen, "%s: %s", path, why);
			*text = reason;
		}
		free(path);
		errno = e;
		return e == ENOENT ? MUSTACHE_LOAD_NOT_FOUND :
		    MUSTACHE_LOAD_FAILED;
	}
	*file = path;
	return MUSTACHE_LOAD_OK;
}

/* Move the engine's errors into the site's list. */
static void
take_mustache_errors(site *s)
{
	for (size_t i = 0; i < mustache_errors_count(s->merrs); i++) {
		const mustache_error *e = mustache_errors_at(s->merrs, i);

		errlist_add(&s->errs, *e->file != '\0' ? e->file : NULL,
		    e->line, e->col, "%s", e->message);
	}
	mustache_errors_clear(s->merrs);
}

static const char *const page_templates[] = {
	"layout", "index", "topic", "series", "sources", "about", "404",
	"root", "downloads"
};

static void
fill_words(site *s, reeks_lang l)
{
	chart_words *w = &s->words[l];

	w->source = msg(s, l, "chart_source");
	w->sources = msg(s, l, "chart_sources");
	w->line_chart = msg(s, l, "chart_line");
	w->bar_chart = msg(s, l, "chart_bar");
	w->series_break = msg(s, l, "chart_break");
	w->exact = msg(s, l, "chart_exact");
	w->approx = msg(s, l, "chart_approx");
	w->at_least = msg(s, l, "chart_at_least");
	w->at_most = msg(s, l, "chart_at_most");
	w->range = msg(s, l, "chart_range");
	w->interval = msg(s, l, "chart_interval");
	w->secondary = msg(s, l, "chart_secondary");
	w->in = msg(s, l, "chart_in");
	w->to = msg(s, l, "chart_to");
	w->observation = msg(s, l, "chart_observation");
	w->more = msg(s, l, "chart_more");
	w->observations = msg(s, l, "chart_observations");
	w->span = msg(s, l, "chart_span");
	w->spans = msg(s, l, "chart_spans");
}

/* Read the data, the catalogues and every template. Returns false after
 * collecting the errors. */
static bool
load_inputs(site *s)
{
	reeks_diags *diags = reeks_diags_new();
	char path[4096];

	if (diags == NULL) {
		errlist_add(&s->errs, NULL, 0, 0, "out of memory");
		return false;
	}
	reeks_store_load_jobs(s->opts->data_dir, s->opts->jobs > 0 ?
	    s->opts->jobs : par_default_jobs(), diags, &s->st);
	if (reeks_diags_count(diags) > 0)
		status(s, NULL);        /* the messages on lines of their own */
	for (size_t i = 0; i < reeks_diags_count(diags); i++) {
		const reeks_diag *d = reeks_diags_at(diags, i);

		if (reeks_diag_severity(d) == REEKS_WARNING) {
			buf w = { 0 };
			char **more = realloc(s->warnings, (s->nwarnings + 1) *
			    sizeof *more);

			buf_printf(&w, "%s:%lu: warning: %s",
			    reeks_diag_file(d), reeks_diag_line(d),
			    reeks_diag_message(d));
			if (w.data != NULL)     /* else the build fails */
				fprintf(stderr, "%s\n", w.data);
			if (more != NULL && w.data != NULL) {
				s->warnings = more;
				s->warnings[s->nwarnings++] = w.data;
			} else {
				if (more != NULL)
					s->warnings = more;
				buf_free(&w);
			}
			continue;
		}
		errlist_add(&s->errs, reeks_diag_file(d), reeks_diag_line(d),
		    0, "%s", reeks_diag_message(d));
	}
	reeks_diags_free(diags);

	for (int l = 0; l < 2; l++) {
		snprintf(path, sizeof path, "%s/messages.%s",
		    s->opts->templates_dir, langs[l]);
		s->cat[l] = catalog_load(path, &s->errs);
	}
	if (s->cat[0] != NULL && s->cat[1] != NULL) {
		catalog_compare(s->cat[0], s->cat[1], &s->errs);
		fill_words(s, REEKS_EN);
		fill_words(s, REEKS_NL);
	}

	s->engine = mustache_engine_new(MUSTACHE_STRICT, load_template, s);
	s->merrs = mustache_errors_new();
	s->arena = mustache_arena_new();
	if (s->engine == NULL || s->merrs == NULL || s->arena == NULL) {
		errlist_add(&s->errs, NULL, 0, 0, "out of memory");
		return false;
	}
	for (size_t i = 0; i < sizeof page_templates /
	    sizeof page_templates[0]; i++) {
		const mustache_template *t;

		if (mustache_engine_load(s->engine, page_templates[i], &t,
		    s->merrs) != MUSTACHE_OK)
			take_mustache_errors(s);
	}
	return errlist_count(&s->errs) == 0;
}

/* ---- writing ------------------------------------------------------------- */

static void
write_file(site *s, const char *path, const char *data, size_t len)
{
	if (path == NULL)       /* a path that could not be built */
		errlist_add(&s->errs, NULL, 0, 0, "out of memory");
	else if (s->batch != NULL) {
		if (out_put(s->out, s->batch, path, data, len) != 0)
			errlist_add(&s->errs, NULL, 0, 0, "%s",
			    s->batch->error);
	} else if (out_write(s->out, path, data, len) != 0)
		errlist_add(&s->errs, NULL, 0, 0, "%s", out_error(s->out));
}

/* Render template NAME with MODEL and write it as PATH (NULL: a path that
 * could not be made, out of memory). */
static void
render(site *s, const char *name, const mustache_value *model,
    const char *path)
{
	const mustache_template *t;
	mustache_buf out = MUSTACHE_BUF_INIT;

	if (mustache_arena_failed(s->arena)) {
		errlist_add(&s->errs, NULL, 0, 0, "out of memory building %s",
		    path != NULL ? path : name);
		return;
	}
	if (mustache_engine_load(s->engine, name, &t, s->merrs) !=
	    MUSTACHE_OK ||
	    mustache_render_buf(s->engine, t, model, &out, s->merrs) !=
	    MUSTACHE_OK) {
		size_t before = errlist_count(&s->errs);

		take_mustache_errors(s);
		/* A render that failed for lack of memory may have had none
		 * to say why: it still fails the build (a page missing from a
		 * site that exits 0 was found so). */
		if (errlist_count(&s->errs) == before)
			errlist_add(&s->errs, NULL, 0, 0, "out of memory "
			    "building %s", path != NULL ? path : name);
		mustache_buf_free(&out);
		return;
	}
	write_file(s, path, out.data != NULL ? out.data : "", out.len);
	mustache_buf_free(&out);
	s->pages++;
}

/* ---- the parts every page has ------------------------------------------- */

/* The site-relative path of a page in LANG: "en/series/x.html", into B
 * (emptied first); NULL when REL or the path could not be made. */
static const char *
page_path(buf *b, reeks_lang lang, const buf *rel)
{
	buf_reset(b);
	if (rel->failed || rel->data == NULL) {
		buf_fail(b);
		return NULL;
	}
	buf_printf(b, "%s/%s", langs[lang], rel->data);
	return b->failed ? NULL : b->data;
}

/*
 * The model every page of LANG shares. REL is the page's path below the
 * language directory ("series/x.html"); its depth gives the way back to
 * the root. CURRENT names the navigation entry to mark.
 */
static mustache_value *page_model_at(site *s, reeks_lang lang,
    const char *rel, const char *title, const char *description,
    const char *current, const char *root_override);

static mustache_value *
page_model(site *s, reeks_lang lang, const char *rel, const char *title,
    const char *description, const char *current)
{
	return page_model_at(s, lang, rel, title, description, current, NULL);
}

/* As page_model(), for a page outside the language directory whose way
 * back to the root is ROOT_OVERRIDE ("" or the base URL). */
static mustache_value *
page_model_at(site *s, reeks_lang lang, const char *rel, const char *title,
    const char *description, const char *current, const char *root_override)
{
	mustache_arena *a = s->arena;
	mustache_value *m = mustache_map(a), *t = mustache_map(a);
	mustache_value *nav = mustache_list(a), *alts = mustache_list(a);
	reeks_lang other = lang == REEKS_EN ? REEKS_NL : REEKS_EN;
	buf root = { 0 }, b = { 0 };
	static const struct {
		const char *key, *rel;
	} navs[] = {
		{ "nav_home", "index.html" },
		{ "nav_sources", "sources.html" },
		{ "nav_downloads", "downloads.html" },
		{ "nav_about", "about.html" },
	};

	if (rel == NULL)        /* out of memory: the build fails */
		rel = "";
	if (root_override != NULL) {
		buf_puts(&root, root_override);
		if (root.data == NULL)
			buf_puts(&root, "");
	} else {
		buf_puts(&root, "../");
		for (const char *p = rel; *p != '\0'; p++)
			if (*p == '/')
				buf_puts(&root, "../");
	}
	for (size_t i = 0; i < catalog_count(s->cat[lang]); i++)
		mustache_map_set(a, t, catalog_key_at(s->cat[lang], i),
		    mustache_string_ref(a, catalog_text_at(s->cat[lang], i)));
	set_str(s, m, "lang", langs[lang]);
	set_str(s, m, "other_lang", langs[other]);
	mustache_map_set(a, m, "t", t);
	set_str(s, m, "root", root.data);
	set_str(s, m, "page_title", title);
	set_str(s, m, "page_description", description);
	set_str(s, m, "updated", s->updated);

	buf_printf(&b, "%s%s/index.html", root.data, langs[lang]);
	set_buf(s, m, "home_href", &b);
	buf_printf(&b, "%s%s/about.html", root.data, langs[lang]);
	set_buf(s, m, "about_href", &b);
	buf_printf(&b, "%s%s/downloads.html", root.data, langs[lang]);
	set_buf(s, m, "downloads_href", &b);
	buf_printf(&b, "%s%s/sources.html", root.data, langs[lang]);
	set_buf(s, m, "sources_href", &b);
	buf_printf(&b, "%s%s/%s", root.data, langs[other], rel);
	set_buf(s, m, "other_href", &b);
	for (size_t i = 0; i < sizeof navs / sizeof navs[0]; i++) {
		mustache_value *n = mustache_map(a);

		buf_printf(&b, "%s%s/%s", root.data, langs[lang], navs[i].rel);
		set_buf(s, n, "href", &b);
		set_str(s, n, "label", msg(s, lang, navs[i].key));
		mustache_map_set(a, n, "current", mustache_bool(a,
		    current != NULL && strcmp(current, navs[i].key) == 0));
		mustache_list_push(a, nav, n);
	}
	mustache_map_set(a, m, "nav", nav);

	/* hreflang alternates and canonical need absolute URLs. */
	const char *base = s->opts->base_url;
	for (int l = 0; l < 2 && base != NULL; l++) {
		mustache_value *alt = mustache_map(a);

		set_str(s, alt, "hreflang", langs[l]);
		buf_printf(&b, "%s%s/%s", base, langs[l], rel);
		set_buf(s, alt, "href", &b);
		mustache_list_push(a, alts, alt);
	}
	mustache_map_set(a, m, "alternates", alts);
	if (base != NULL) {
		buf_printf(&b, "%s%s/%s", base, langs[lang], rel);
		set_buf(s, m, "canonical", &b);
		buf_printf(&b, "%sfeed.atom", root.data);
		set_buf(s, m, "feed_href", &b);
	} else {
		set_str(s, m, "canonical", NULL);
		set_str(s, m, "feed_href", NULL);
	}
	set_str(s, m, "jsonld", NULL);
	buf_free(&root);
	buf_free(&b);
	return m;
}

/* The href of series ID from a page whose root is ROOT. */
static void
series_href(buf *b, const char *root, reeks_lang lang, const char *id)
{
	buf_printf(b, "%s%s/series/%s.html", root, langs[lang], id);
}

static const char *
root_of(const mustache_value *m)
{
	return mustache_value_text(mustache_map_get(m, "root"), NULL);
}

/* ---- series pages ---------------------------------------------------------- */

static const char *
bounds_key(const char *bounds)
{
	if (strcmp(bounds, "ci90") == 0)
		return "bounds_ci90";
	if (strcmp(bounds, "ci95") == 0)
		return "bounds_ci95";
	if (strcmp(bounds, "ci99") == 0)
		return "bounds_ci99";
	if (strcmp(bounds, "range") == 0)
		return "bounds_range";
	return "bounds_uncertainty";
}

/* The interval column of O, observation I of its series: its own
 * bounds, or one computed for it. */
static void
obs_interval(site *s, buf *b, const reeks_obs *o, size_t i, reeks_unit unit,
    reeks_lang lang)
{
	reeks_interval ci;
	reeks_obs_ci_method m;

	if (reeks_obs_has_value(o) && reeks_obs_has_lower(o) &&
	    reeks_obs_has_upper(o)) {
		fmt_text(b, reeks_obs_lower_text(o), lang);
		buf_puts(b, "\xe2\x80\x93");
		value_text(b, reeks_obs_upper_text(o), unit, lang);
		buf_printf(b, " (%s)", msg(s, lang, bounds_key(
		    reeks_obs_bounds(o))));
		return;
	}
	if (s->ci_series == reeks_obs_series(o) && i < s->ci_cap) {
		m = s->ci_method[i];
		ci = s->ci[i];
	} else
		m = reeks_obs_ci(o, 0.95, &ci);
	if (m == REEKS_CI_NONE)
		return;
	stat_number(b, ci.lower, lang);
	buf_puts(b, "\xe2\x80\x93");
	stat_number(b, ci.upper, lang);
	if (unit == REEKS_UNIT_PERCENT)
		buf_putc(b, '%');
	buf_printf(b, " (%s)", msg(s, lang, m == REEKS_CI_POISSON ?
	    "interval_poisson" : "interval_wilson"));
}

/* A short name for a source: "Eberhard Schatz et al. (2011)". */
static void
source_short(buf *b, const reeks_source *src)
{
	buf_puts(b, reeks_source_author_at(src, 0));
	if (reeks_source_author_count(src) > 1)
		buf_puts(b, " et al.");
	buf_printf(b, " (%s)", reeks_source_year(src) != NULL ?
	    reeks_source_year(src) : "n.d.");
}

static mustache_value *
source_label(site *s, const reeks_source *src)
{
	buf b = { 0 };
	mustache_value *v;

	source_short(&b, src);
	v = mustache_string(s->arena, b.data != NULL ? b.data : "");
	buf_free(&b);
	return v;
}

static void
source_href(buf *b, const char *root, reeks_lang lang, const reeks_source *src)
{
	buf_printf(b, "%s%s/sources.html#%s", root, langs[lang],
	    reeks_source_id(src));
}

/* The sentences of the statistics section. */
static mustache_value *
stats_list(site *s, const reeks_series *se, reeks_lang lang)
{
	mustache_arena *a = s->arena;
	mustache_value *list = mustache_list(a);
	reeks_series_stats st;
	reeks_unit unit = reeks_series_unit(se);
	buf first = { 0 }, last = { 0 }, fp = { 0 }, lp = { 0 }, x = { 0 },
	    y = { 0 }, z = { 0 }, w = { 0 };

	reeks_stat_error rc = reeks_series_stats_compute(se, 0.95, &st);

	if (rc == REEKS_STAT_NO_MEMORY) /* never a page without them */
		errlist_add(&s->errs, NULL, 0, 0, "out of memory");
	if (rc != REEKS_STAT_OK || !st.has_change)
		return list;
	value_text(&first, reeks_obs_value_text(st.first), unit, lang);
	value_text(&last, reeks_obs_value_text(st.last), unit, lang);
	period_text(&fp, reeks_obs_period(st.first));
	period_text(&lp, reeks_obs_period(st.last));
	if (st.abs_change > 0)
		buf_putc(&x, '+');
	else if (st.abs_change < 0)
		buf_puts(&x, "\xe2\x88\x92");
	fmt_double(&x, fabs(st.abs_change), fmt_decimals(
	    fabs(st.abs_change), 4, 2), lang);
	if (unit == REEKS_UNIT_PERCENT)
		buf_puts(&x, lang == REEKS_NL ? " procentpunt" : " points");
	if (st.has_pct_change) {
		signed_pct(&y, st.pct_change, lang);
		const char *pairs[] = { "first", first.data, "first_period",
		    fp.data, "last", last.data, "last_period", lp.data, "abs",
		    x.data, "pct", y.data, NULL };
		mustache_list_push(a, list, fmt_msg(s, lang, "stat_change",
		    pairs));
	} else {
		const char *pairs[] = { "first", first.data, "first_period",
		    fp.data, "last", last.data, "last_period", lp.data, "abs",
		    x.data, NULL };
		mustache_list_push(a, list, fmt_msg(s, lang,
		    "stat_change_nopct", pairs));
	}
	if (st.has_cagr) {
		buf_reset(&y);
		buf_reset(&z);
		signed_pct(&y, st.cagr, lang);
		fmt_double(&z, st.years, fmt_decimals(st.years, 3, 1), lang);
		const char *pairs[] = { "years", z.data, "cagr", y.data, NULL };
		mustache_list_push(a, list, fmt_msg(s, lang, "stat_cagr",
		    pairs));
	}
	if (st.has_apc) {
		char n[32];

		buf_reset(&x);
		buf_reset(&y);
		buf_reset(&z);
		signed_pct(&x, st.apc.estimate, lang);
		signed_pct(&y, st.apc.lower, lang);
		signed_pct(&z, st.apc.upper, lang);
		snprintf(n, sizeof n, "%zu", st.npoints);
		const char *pairs[] = { "n", n, "first_period", fp.data,
		    "last_period", lp.data, "apc", x.data, "lower", y.data,
		    "upper", z.data, NULL };
		mustache_list_push(a, list, fmt_msg(s, lang, "stat_apc",
		    pairs));
	}
	if (st.npoints < reeks_series_obs_count(se)) {
		char n[32], total[32];

		snprintf(n, sizeof n, "%zu", st.npoints);
		snprintf(total, sizeof total, "%zu",
		    reeks_series_obs_count(se));
		const char *pairs[] = { "n", n, "total", total, NULL };
		mustache_list_push(a, list, fmt_msg(s, lang, "stat_points",
		    pairs));
	}
	buf_free(&first);
	buf_free(&last);
	buf_free(&fp);
	buf_free(&lp);
	buf_free(&x);
	buf_free(&y);
	buf_free(&z);
	buf_free(&w);
	return list;
}

static const char *
op_key(const char *op)
{
	if (strcmp(op, "pct-change") == 0)
		return "op_pct_change";
	if (strcmp(op, "share") == 0)
		return "op_share";
	if (strcmp(op, "ratio") == 0)
		return "op_ratio";
	return "op_difference";
}

/* A claim's printed value in LANG: pct-change and share are percents. */
static void
claim_value(buf *b, const reeks_claim *c, double v, int decimals,
    reeks_lang lang, bool printed)
{
	const char *op = reeks_claim_operation(c);
	bool pct = strcmp(op, "pct-change") == 0 || strcmp(op, "share") == 0;

	if (printed)
		fmt_text(b, reeks_claim_value_text(c), lang);
	else
		fmt_double(b, v, decimals, lang);
	if (pct)
		buf_putc(b, '%');
}

static mustache_value *
claims_list(site *s, const reeks_series *se, reeks_lang lang,
    const char *root, bool *any)
{
	mustache_arena *a = s->arena;
	mustache_value *list = mustache_list(a);
	const reeks_claim *claims[64];
	size_t n = reeks_claims_by_series(s->st, reeks_series_id(se), claims,
	    64);
	buf b = { 0 };

	if (n > 64)
		n = 64;
	*any = n > 0;
	for (size_t i = 0; i < n; i++) {
		const reeks_claim *c = claims[i];
		mustache_value *m = mustache_map(a);
		reeks_claim_verdict v = reeks_claim_verdict_of(c);

		buf_printf(&b, "claim-%s", reeks_claim_id(c));
		set_buf(s, m, "anchor", &b);
		set_str(s, m, "printed", reeks_claim_printed(c) != NULL ?
		    reeks_claim_printed(c) : reeks_claim_value_text(c));
		mustache_map_set(s->arena, m, "source",
		    source_label(s, reeks_claim_source(c)));
		set_str(s, m, "locator", reeks_claim_locator(c));
		set_str(s, m, "note", reeks_claim_note(c, lang));
		set_str(s, m, "class", v == REEKS_CLAIM_HOLDS ? "holds" :
		    v == REEKS_CLAIM_DOES_NOT_HOLD ? "fails" : "unverifiable");
		set_str(s, m, "verdict", msg(s, lang, v == REEKS_CLAIM_HOLDS ?
		    "claim_holds" : v == REEKS_CLAIM_DOES_NOT_HOLD ?
		    "claim_fails" : "claim_unverifiable"));
		if (reeks_claim_input_count(c) == 2) {
			const reeks_obs *in[2] = { reeks_claim_input_obs(c, 0),
			    reeks_claim_input_obs(c, 1) };
			buf av = { 0 }, bv = { 0 }, ap = { 0 }, bp = { 0 },
			    r = { 0 }, p = { 0 };
			const char *fields[2] = { reeks_claim_input_field(c, 0),
			    reeks_claim_input_field(c, 1) };
			buf *vals[2] = { &av, &bv }, *pers[2] = { &ap, &bp };
			int dec = 0;
			const char *dot = strchr(reeks_claim_value_text(c), '.');

			if (dot != NULL)
				dec = (int)strlen(dot + 1);
			for (int k = 0; k < 2; k++) {
				const char *f = fields[k], *t;

				t = strcmp(f, "numerator") == 0 ?
				    reeks_obs_numerator_text(in[k]) :
				    strcmp(f, "denominator") == 0 ?
				    reeks_obs_denominator_text(in[k]) :
				    strcmp(f, "lower") == 0 ?
				    reeks_obs_lower_text(in[k]) :
				    strcmp(f, "upper") == 0 ?
				    reeks_obs_upper_text(in[k]) :
				    reeks_obs_value_text(in[k]);
				if (strcmp(f, "value") == 0)
					value_text(vals[k], t, reeks_series_unit(
					    reeks_obs_series(in[k])), lang);
				else
					fmt_text(vals[k], t, lang);
				period_text(pers[k], reeks_obs_period(in[k]));
			}
			claim_value(&r, c, reeks_claim_recomputed(c), dec + 1,
			    lang, false);
			claim_value(&p, c, 0, 0, lang, true);
			const char *pairs[] = { "a", av.data, "a_period",
			    ap.data, "b", bv.data, "b_period", bp.data,
			    "recomputed", r.data, "printed", p.data, NULL };
			mustache_map_set(a, m, "explanation", fmt_msg(s, lang,
			    "claim_explain", pairs));
			buf_free(&av);
			buf_free(&bv);
			buf_free(&ap);
			buf_free(&bp);
			buf_free(&r);
			buf_free(&p);
		} else {
			set_str(s, m, "explanation", "");
		}
		(void)root;
		(void)op_key;
		mustache_list_push(a, list, m);
	}
	buf_free(&b);
	return list;
}

/* BibTeX: braces around special characters' escapes. */
static void
bibtex_escape(buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '{': case '}': case '%': case '&': case '$': case '#':
		case '_':
			buf_putc(b, '\\');
			buf_putc(b, *s);
			break;
		case '\\':
			buf_puts(b, "\\textbackslash{}");
			break;
		default:
			buf_putc(b, *s);
		}
	}
}

/* Every distinct source of SE, in order of first use. */
static size_t
series_sources(const reeks_series *se, const reeks_source **out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < reeks_series_obs_count(se); i++) {
		const reeks_source *src =
		    reeks_obs_source(reeks_series_obs_at(se, i));
		bool seen = false;

		for (size_t j = 0; j < n; j++)
			seen |= out[j] == src;
		if (!seen && n < max)
			out[n++] = src;
	}
	return n;
}

static mustache_value *
citations(site *s, const reeks_series *se, reeks_lang lang)
{
	mustache_arena *a = s->arena;
	mustache_value *m = mustache_map(a);
	const reeks_source *srcs[16];
	size_t nsrc = series_sources(se, srcs, 16);
	const char *title = reeks_series_title(se, lang);
	const char *base = s->opts->base_url;
	buf b = { 0 }, url = { 0 }, from = { 0 };
	char year[5];

	memcpy(year, s->updated, 4);
	year[4] = '\0';
	if (base != NULL)
		buf_printf(&url, "%s%s/series/%s.html", base, langs[lang],
		    reeks_series_id(se));
	for (size_t i = 0; i < nsrc; i++) {
		if (i > 0)
			buf_puts(&from, "; ");
		buf_puts(&from, reeks_source_citation(srcs[i]));
	}

	buf_printf(&b, "reeks (%s). %s [Data set]. ", year, title);
	buf_puts(&b, lang == REEKS_NL ? "Samengesteld uit: " :
	    "Compiled from: ");
	buf_puts(&b, from.data != NULL ? from.data : "");
	if (url.data != NULL)
		buf_printf(&b, " %s", url.data);
	set_buf(s, m, "apa", &b);

	buf_printf(&b, "@misc{reeks-%s,\n  author = {{reeks}},\n  title = {",
	    reeks_series_id(se));
	bibtex_escape(&b, title);
	buf_printf(&b, "},\n  year = {%s},\n  note = {", year);
	bibtex_escape(&b, lang == REEKS_NL ? "Samengesteld uit: " :
	    "Compiled from: ");
	bibtex_escape(&b, from.data != NULL ? from.data : "");
	buf_puts(&b, "}");
	if (url.data != NULL)
		buf_printf(&b, ",\n  url = {%s}", url.data);
	buf_puts(&b, "\n}");
	set_buf(s, m, "bibtex", &b);

	buf_printf(&b, "TY  - DATA\nAU  - reeks\nTI  - %s\nPY  - %s\n",
	    title, year);
	for (size_t i = 0; i < nsrc; i++)
		buf_printf(&b, "N1  - %s\n", reeks_source_citation(srcs[i]));
	if (url.data != NULL)
		buf_printf(&b, "UR  - %s\n", url.data);
	buf_puts(&b, "ER  - ");
	set_buf(s, m, "ris", &b);
	buf_free(&b);
	buf_free(&url);
	buf_free(&from);
	return m;
}

/* Keep a JSON document safe inside <script>: no "<" can close it. */
static mustache_value *
script_json(site *s, const buf *json)
{
	buf safe = { 0 };
	mustache_value *v;

	for (size_t i = 0; i < json->len; i++) {
		if (json->data[i] == '<')
			buf_puts(&safe, "\\u003c");
		else
			buf_putc(&safe, json->data[i]);
	}
	v = mustache_markup(s->arena, safe.data != NULL ? safe.data : "");
	buf_free(&safe);
	return v;
}

/* A URL for a path below the site root: absolute with the base URL, else
 * relative to the page (ROOT). */
static void
site_url(buf *b, site *s, const char *root, const char *path)
{
	buf_printf(b, "%s%s", s->opts->base_url != NULL ? s->opts->base_url :
	    root, path);
}

/* schema.org Dataset for series SE (or the whole dataset when SE is
 * NULL), as JSON-LD. */
static mustache_value *
dataset_jsonld(site *s, const reeks_series *se, reeks_lang lang,
    const char *root)
{
	buf json = { 0 }, b = { 0 };
	json_writer w = { .b = &json };
	mustache_value *v;
	static const struct {
		const char *ext, *type;
	} formats[] = {
		{ "csv", "text/csv" }, { "xml", "application/xml" },
		{ "json", "application/json" },
	};

	jw_object(&w);
	jw_key(&w, "@context");
	jw_string(&w, "https://schema.org");
	jw_key(&w, "@type");
	jw_string(&w, "Dataset");
	jw_key(&w, "name");
	jw_string(&w, se != NULL ? reeks_series_title(se, lang) :
	    msg(s, lang, "site_name"));
	jw_key(&w, "description");
	jw_string(&w, se != NULL ? reeks_series_description(se, lang) :
	    msg(s, lang, "site_tagline"));
	jw_key(&w, "inLanguage");
	jw_string(&w, langs[lang]);
	jw_key(&w, "license");
	jw_string(&w, DATASET_LICENSE_URL);
	jw_key(&w, "isAccessibleForFree");
	jw_bool(&w, true);
	jw_key(&w, "dateModified");
	jw_string(&w, s->updated);
	jw_key(&w, "creator");
	jw_object(&w);
	jw_key(&w, "@type");
	jw_string(&w, "Organization");
	jw_key(&w, "name");
	jw_string(&w, "reeks");
	jw_end(&w);
	if (se != NULL) {
		size_t n = reeks_series_obs_count(se);
		reeks_date a = reeks_obs_period_start(reeks_series_obs_at(se, 0));
		reeks_date z = reeks_obs_period_end(reeks_series_obs_at(se,
		    n - 1));

		buf_printf(&b, "%04d/%04d", a.year, z.year);
		if (a.year == z.year) {
			buf_reset(&b);
			buf_printf(&b, "%04d", a.year);
		}
		jw_key(&w, "temporalCoverage");
		jw_string(&w, b.data);
		buf_reset(&b);
		jw_key(&w, "spatialCoverage");
		jw_object(&w);
		jw_key(&w, "@type");
		jw_string(&w, "Place");
		jw_key(&w, "name");
		jw_string(&w, reeks_geography_name(reeks_series_geography(se),
		    lang));
		jw_end(&w);
		jw_key(&w, "isBasedOn");
		jw_array(&w);
		const reeks_source *srcs[16];
		size_t nsrc = series_sources(se, srcs, 16);
		for (size_t i = 0; i < nsrc; i++)
			jw_string(&w, reeks_source_citation(srcs[i]));
		jw_end(&w);
	} else {
		jw_key(&w, "spatialCoverage");
		jw_object(&w);
		jw_key(&w, "@type");
		jw_string(&w, "Place");
		jw_key(&w, "name");
		jw_string(&w, lang == REEKS_NL ? "Nederland" : "Netherlands");
		jw_end(&w);
	}
	jw_key(&w, "distribution");
	jw_array(&w);
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		jw_object(&w);
		jw_key(&w, "@type");
		jw_string(&w, "DataDownload");
		jw_key(&w, "encodingFormat");
		jw_string(&w, formats[i].type);
		jw_key(&w, "contentUrl");
		buf path = { 0 };
		if (se != NULL)
			buf_printf(&path, "data/series/%s.%s",
			    reeks_series_id(se), formats[i].ext);
		else
			buf_printf(&path, "data/reeks.%s", formats[i].ext);
		site_url(&b, s, root, path.data);
		jw_string(&w, b.data);
		buf_reset(&b);
		buf_free(&path);
		jw_end(&w);
	}
	jw_end(&w);
	jw_end(&w);
	v = script_json(s, &json);
	buf_free(&json);
	buf_free(&b);
	return v;
}

/*
 * A series page lists at most TABLE_MAX observations, so that its size
 * and the memory its model takes stay bounded: a series with more lists
 * its newest TABLE_MAX, says so in the reader's language, and links its
 * downloads, which hold every observation. The index of the first
 * observation listed.
 */
enum { TABLE_MAX = 500 };

static size_t
table_first(const reeks_series *se)
{
	size_t n = reeks_series_obs_count(se);

	return n > TABLE_MAX ? n - TABLE_MAX : 0;
}

/* Whether O has a row (and so an anchor) on its series' page. */
static bool
obs_listed(const reeks_obs *o)
{
	const reeks_series *se = reeks_obs_series(o);
	size_t n = reeks_series_obs_count(se);

	for (size_t i = table_first(se); i < n; i++)
		if (reeks_series_obs_at(se, i) == o)
			return true;
	return false;
}

/* The notice above a series' table when it lists only the newest
 * TABLE_MAX observations; false when it lists them all. */
static mustache_value *
table_notice(site *s, const reeks_series *se, reeks_lang lang)
{
	size_t n = reeks_series_obs_count(se), first = table_first(se);
	buf count = { 0 }, shown = { 0 }, p[4] = { { 0 } };
	mustache_value *v;

	if (first == 0)
		return mustache_bool(s->arena, false);
	fmt_double(&count, (double)n, 0, lang);
	fmt_double(&shown, (double)(n - first), 0, lang);
	period_text(&p[0], reeks_obs_period(reeks_series_obs_at(se, 0)));
	period_text(&p[1], reeks_obs_period(reeks_series_obs_at(se, n - 1)));
	period_text(&p[2], reeks_obs_period(reeks_series_obs_at(se, first)));
	period_text(&p[3], reeks_obs_period(reeks_series_obs_at(se, n - 1)));
	const char *pairs[] = { "n", count.data, "first", p[0].data, "last",
	    p[1].data, "shown", shown.data, "from", p[2].data, "to",
	    p[3].data, NULL };
	v = mustache_map(s->arena);
	mustache_map_set(s->arena, v, "notice", fmt_msg(s, lang,
	    "table_bounded", pairs));
	buf_free(&count);
	buf_free(&shown);
	for (int i = 0; i < 4; i++)
		buf_free(&p[i]);
	return v;
}

/* The caption under a series' chart. */
static mustache_value *
chart_caption(site *s, const reeks_series *se, reeks_lang lang)
{
	size_t drawn = chart_line_count(se);
	size_t n = reeks_series_obs_count(se);
	buf count = { 0 }, nspans = { 0 }, shown = { 0 };
	mustache_value *v;

	if (drawn <= CHART_MAX_POINTS)
		return mustache_string(s->arena, msg(s, lang, "chart_caption"));
	fmt_double(&count, (double)drawn, 0, lang);
	fmt_double(&nspans, (double)CHART_SPANS, 0, lang);
	fmt_double(&shown, (double)(n - table_first(se)), 0, lang);
	const char *pairs[] = { "n", count.data, "spans", nspans.data,
	    "shown", shown.data, NULL };
	v = fmt_msg(s, lang, "chart_caption_spans", pairs);
	buf_free(&count);
	buf_free(&nspans);
	buf_free(&shown);
	return v;
}

/* Write series SE's page and its standalone chart in LANG. */
static void
series_page(site *s, const reeks_series *se, reeks_lang lang)
{
	mustache_arena *a = s->arena;
	const char *id = reeks_series_id(se);
	reeks_unit unit = reeks_series_unit(se);
	buf rel = { 0 }, b = { 0 }, path = { 0 }, cid = { 0 };
	mustache_value *m, *ser, *rows, *brks, *dl, *snip;
	const char *root;
	bool any_claims = false;

	buf_printf(&rel, "series/%s.html", id);
	m = page_model(s, lang, rel.data, reeks_series_title(se, lang),
	    reeks_series_description(se, lang), NULL);
	root = root_of(m);

	ser = mustache_map(a);
	set_str(s, ser, "title", reeks_series_title(se, lang));
	set_str(s, ser, "description", reeks_series_description(se, lang));
	set_str(s, ser, "definition", reeks_series_definition(se, lang));
	set_str(s, ser, "caveat", reeks_series_caveat(se, lang));
	set_str(s, ser, "topic", reeks_topic_title(reeks_series_topic(se),
	    lang));
	buf_printf(&b, "%s%s/topics/%s.html", root, langs[lang],
	    reeks_topic_id(reeks_series_topic(se)));
	set_buf(s, ser, "topic_href", &b);
	buf_puts(&b, reeks_geography_name(reeks_series_geography(se), lang));
	if (reeks_series_breakdown_label(se, lang) != NULL)
		buf_printf(&b, " \xc2\xb7 %s",
		    reeks_series_breakdown_label(se, lang));
	set_buf(s, ser, "geography", &b);
	mustache_map_set(a, m, "series", ser);
	mustache_map_set(a, m, "jsonld", dataset_jsonld(s, se, lang, root));

	brks = mustache_list(a);
	for (size_t i = 0; i < reeks_series_break_count(se); i++) {
		const reeks_break *br = reeks_series_break_at(se, i);
		mustache_value *bm = mustache_map(a);

		period_text(&b, reeks_break_period(br));
		set_buf(s, bm, "period", &b);
		set_str(s, bm, "reason", reeks_break_reason(br, lang));
		mustache_list_push(a, brks, bm);
	}
	mustache_map_set(a, m, "breaks", brks);

	/* The chart, inline and as its own file. */
	chart_opts co = { lang, &s->words[lang], false, "chart" };
	buf_printf(&cid, "chart-%s", id);
	co.id = cid.data;
	chart_line(&b, se, &co);
	mustache_map_set(a, m, "chart", mustache_markup(a,
	    b.data != NULL ? b.data : ""));
	buf_reset(&b);
	co.standalone = true;
	chart_line(&b, se, &co);
	buf_printf(&path, "%s/series/%s.svg", langs[lang], id);
	write_file(s, path.data, b.data != NULL ? b.data : "", b.len);
	buf_reset(&b);
	buf_printf(&b, "%s.svg", id);
	set_buf(s, m, "chart_href", &b);
	mustache_map_set(a, m, "chart_caption", chart_caption(s, se, lang));
	mustache_map_set(a, m, "bounded", table_notice(s, se, lang));

	rows = mustache_list(a);
	for (size_t i = table_first(se); i < reeks_series_obs_count(se); i++) {
		const reeks_obs *o = reeks_series_obs_at(se, i);
		mustache_value *r = mustache_map(a);
		const reeks_source *src = reeks_obs_source(o);
		buf v = { 0 }, p = { 0 }, url = { 0 }, cite = { 0 };

		obs_anchor(&b, o);
		set_buf(s, r, "anchor", &b);
		period_text(&p, reeks_obs_period(o));
		set_str(s, r, "period", p.data);
		obs_value(&v, o, unit, lang);
		set_str(s, r, "value", v.data);
		set_str(s, r, "qualifier", msg(s, lang,
		    qualifier_key(reeks_obs_qualifier(o))));
		if (reeks_obs_method(o) != NULL) {
			const char *pairs[] = { "method", reeks_obs_method(o),
			    NULL };
			mustache_map_set(a, r, "method", fmt_msg(s, lang,
			    "method_label", pairs));
		} else {
			set_str(s, r, "method", NULL);
		}
		set_str(s, r, "status", msg(s, lang,
		    status_key(reeks_obs_status(o))));
		mustache_map_set(a, r, "secondary",
		    mustache_bool(a, reeks_obs_secondary(o)));
		obs_interval(s, &b, o, i, unit, lang);
		set_buf(s, r, "interval", &b);
		mustache_map_set(a, r, "source", source_label(s, src));
		source_href(&b, root, lang, src);
		set_buf(s, r, "source_href", &b);
		set_str(s, r, "locator", reeks_obs_locator(o));
		set_str(s, r, "note", reeks_obs_note(o, lang) != NULL ?
		    reeks_obs_note(o, lang) : "");
		set_str(s, r, "excerpt", reeks_obs_excerpt(o));
		if (s->opts->base_url != NULL) {
			buf link = { 0 };

			buf_printf(&link, "%s%s/series/%s.html#", 
			    s->opts->base_url, langs[lang], id);
			obs_anchor(&link, o);
			const char *pairs[] = { "url", link.data, NULL };
			catalog_format(&url, s->cat[lang], "cite_url", pairs,
			    &s->errs);
			buf_free(&link);
		}
		const char *pairs[] = { "title", reeks_series_title(se, lang),
		    "period", p.data, "value", v.data, "citation",
		    reeks_source_citation(src), "locator",
		    reeks_obs_locator(o), "url", url.data != NULL ? url.data :
		    "", NULL };
		mustache_map_set(a, r, "cite", fmt_msg(s, lang,
		    "cite_sentence", pairs));
		mustache_list_push(a, rows, r);
		buf_free(&v);
		buf_free(&p);
		buf_free(&url);
		buf_free(&cite);
	}
	mustache_map_set(a, m, "rows", rows);
	mustache_map_set(a, m, "stats", stats_list(s, se, lang));
	mustache_map_set(a, m, "claims", claims_list(s, se, lang, root,
	    &any_claims));
	mustache_map_set(a, m, "has_claims", mustache_bool(a, any_claims));
	mustache_map_set(a, m, "citation", citations(s, se, lang));

	dl = mustache_list(a);
	static const struct {
		const char *ext, *type, *label;
	} formats[] = {
		{ "csv", "text/csv", "CSV" },
		{ "xml", "application/xml", "XML" },
		{ "json", "application/json", "JSON" },
	};
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		mustache_value *d = mustache_map(a);

		buf_printf(&b, "%sdata/series/%s.%s", root, id,
		    formats[i].ext);
		set_buf(s, d, "href", &b);
		set_str(s, d, "type", formats[i].type);
		set_str(s, d, "label", formats[i].label);
		set_str(s, d, "sep", i > 0 ? "," : "");
		mustache_list_push(a, dl, d);
	}
	mustache_map_set(a, m, "downloads", dl);

	snip = mustache_map(a);
	const char *base = s->opts->base_url != NULL ? s->opts->base_url : "";
	buf_printf(&b, "# R\nx <- read.csv(\"%sdata/series/%s.csv\", "
	    "na.strings = \"\")", base, id);
	set_buf(s, snip, "r", &b);
	buf_printf(&b, "# Python\nimport pandas as pd\nx = pd.read_csv("
	    "\"%sdata/series/%s.csv\", dtype={\"period\": str})", base, id);
	set_buf(s, snip, "pandas", &b);
	mustache_map_set(a, m, "snippets", snip);

	render(s, "series", m, page_path(&path, lang, &rel));
	buf_free(&rel);
	buf_free(&b);
	buf_free(&path);
	buf_free(&cid);
}

/* ---- topic pages ------------------------------------------------------------ */

/* A series' title without its ", Geography" ending. */
static void
title_stem(buf *b, const reeks_series *se, reeks_lang lang)
{
	const char *t = reeks_series_title(se, lang);
	const char *comma = strrchr(t, ',');

	if (comma != NULL)
		buf_add(b, t, (size_t)(comma - t));
	else
		buf_puts(b, t);
}

/* The label of a series in a comparison: its place and breakdown. */
static void
compare_label(buf *b, const reeks_series *se, reeks_lang lang)
{
	const char *bd = reeks_series_breakdown_label(se, lang);

	buf_puts(b, bd != NULL ? bd :
	    reeks_geography_name(reeks_series_geography(se), lang));
}

/* A series' place in comparisons(): its indicator and unit, then its
 * index, so that sorting brings each group together in the topic's
 * order. */
typedef struct compare_key {
	const char *indicator;
	reeks_unit unit;
	size_t i;
} compare_key;

static int
compare_keys(const void *a, const void *b)
{
	const compare_key *x = a, *y = b;
	int c = strcmp(x->indicator, y->indicator);

	if (c != 0)
		return c;
	if (x->unit != y->unit)
		return x->unit < y->unit ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* Bar charts comparing series of the topic that share an indicator and a
 * unit, at the latest period two or more of them have. */
static mustache_value *
comparisons(site *s, const reeks_series **series, size_t n, reeks_lang lang,
    const char *root)
{
	mustache_arena *a = s->arena;
	mustache_value *list = mustache_list(a);
	bool *done = calloc(n ? n : 1, sizeof *done);
	const reeks_series **group = malloc((n ? n : 1) * sizeof *group);
	const reeks_obs **obs = malloc((n ? n : 1) * sizeof *obs);
	const char **labels = malloc((n ? n : 1) * sizeof *labels);
	buf *lbufs = calloc(n ? n : 1, sizeof *lbufs);
	compare_key *keys = malloc((n ? n : 1) * sizeof *keys);
	size_t *run = malloc((n ? n : 1) * sizeof *run);
	bool ok = false;

	if (done == NULL || group == NULL || obs == NULL || labels == NULL ||
	    lbufs == NULL || keys == NULL || run == NULL)
		goto out;
	/* The groups by sorting, not by comparing every pair: a topic may
	 * hold thousands of series. RUN[i] is where series i's group
	 * starts in KEYS. */
	for (size_t i = 0; i < n; i++)
		keys[i] = (compare_key){ reeks_series_indicator(series[i]),
		    reeks_series_unit(series[i]), i };
	if (n > 1)
		qsort(keys, n, sizeof *keys, compare_keys);
	for (size_t k = 0, start = 0; k < n; k++) {
		if (k > 0 && (strcmp(keys[k].indicator,
		    keys[k - 1].indicator) != 0 ||
		    keys[k].unit != keys[k - 1].unit))
			start = k;
		run[keys[k].i] = start;
	}
	for (size_t i = 0; i < n; i++) {
		size_t g = 0;

		if (done[i])
			continue;
		/* I is the first of its group in the topic's order. */
		for (size_t k = run[i]; k < n && (k == run[i] ||
		    run[keys[k].i] == run[i]); k++) {
			done[keys[k].i] = true;
			group[g++] = series[keys[k].i];
		}
		if (g < 2)
			continue;
		/* The latest period shared by two or more of the group: the
		 * greatest period that occurs twice or more among all of
		 * their observations (sorted, so not quadratic). */
		const char *best = NULL;
		size_t np = 0;
		for (size_t j = 0; j < g; j++)
			np += reeks_series_obs_count(group[j]);
		const char **periods = malloc((np ? np : 1) *
		    sizeof *periods);
		if (periods == NULL)
			goto out;
		np = 0;
		for (size_t j = 0; j < g; j++)
			for (size_t k = 0; k < reeks_series_obs_count(group[j]);
			    k++)
				periods[np++] = reeks_obs_period(
				    reeks_series_obs_at(group[j], k));
		qsort(periods, np, sizeof *periods, cmp_strings);
		for (size_t k = np; k-- > 1;)
			if (strcmp(periods[k], periods[k - 1]) == 0) {
				best = periods[k];
				break;
			}
		free(periods);
		if (best == NULL)
			continue;
		size_t nbars = 0;
		for (size_t j = 0; j < g; j++) {
			for (size_t k = 0; k < reeks_series_obs_count(group[j]);
			    k++) {
				const reeks_obs *o =
				    reeks_series_obs_at(group[j], k);

				if (strcmp(reeks_obs_period(o), best) != 0)
					continue;
				buf_reset(&lbufs[nbars]);
				compare_label(&lbufs[nbars], group[j], lang);
				labels[nbars] = lbufs[nbars].data;
				obs[nbars++] = o;
			}
		}
		buf title = { 0 }, chart = { 0 }, cid = { 0 };
		title_stem(&title, group[0], lang);
		buf_puts(&title, ", ");
		period_text(&title, best);
		buf_printf(&cid, "compare-%s-%zu",
		    reeks_series_indicator(group[0]), i);
		chart_opts co = { lang, &s->words[lang], false, cid.data };
		chart_bars(&chart, title.data, labels, obs, nbars, &co);
		mustache_value *cm = mustache_map(a);
		set_str(s, cm, "title", title.data);
		mustache_map_set(a, cm, "chart", mustache_markup(a,
		    chart.data != NULL ? chart.data : ""));
		set_str(s, cm, "caption", msg(s, lang, "compare_caption"));
		set_str(s, cm, "id", cid.data);
		/* The chart's figures as a table, each linked to its row on
		 * the series page. */
		mustache_value *bars = mustache_list(a);
		buf cell = { 0 };
		for (size_t j = 0; j < nbars; j++) {
			const reeks_series *bse = reeks_obs_series(obs[j]);
			mustache_value *bm = mustache_map(a);

			set_str(s, bm, "label", labels[j]);
			obs_value(&cell, obs[j], reeks_series_unit(bse), lang);
			set_buf(s, bm, "value", &cell);
			set_str(s, bm, "qualifier", msg(s, lang,
			    qualifier_key(reeks_obs_qualifier(obs[j]))));
			series_href(&cell, root, lang, reeks_series_id(bse));
			buf_putc(&cell, '#');
			if (obs_listed(obs[j]))
				obs_anchor(&cell, obs[j]);
			else
				buf_puts(&cell, "data");
			set_buf(s, bm, "href", &cell);
			mustache_list_push(a, bars, bm);
		}
		buf_free(&cell);
		mustache_map_set(a, cm, "bars", bars);
		mustache_list_push(a, list, cm);
		buf_free(&title);
		buf_free(&chart);
		buf_free(&cid);
	}
	ok = true;
out:
	if (!ok)        /* never a page without its comparisons */
		errlist_add(&s->errs, NULL, 0, 0, "out of memory");
	for (size_t i = 0; lbufs != NULL && i < n; i++)
		buf_free(&lbufs[i]);
	free(lbufs);
	free(done);
	free(group);
	free(obs);
	free(labels);
	free(keys);
	free(run);
	return list;
}

/* "Latest: 33,500 (2005)" for a series. */
static mustache_value *
latest_label(site *s, const reeks_series *se, reeks_lang lang)
{
	size_t n = reeks_series_obs_count(se);
	const reeks_obs *o = n > 0 ? reeks_series_obs_at(se, n - 1) : NULL;
	buf v = { 0 }, p = { 0 };
	mustache_value *r;

	if (o == NULL)
		return mustache_string(s->arena, "");
	chart_value_label(&v, o, reeks_series_unit(se), lang);
	period_text(&p, reeks_obs_period(o));
	const char *pairs[] = { "value", v.data, "period", p.data, NULL };
	r = fmt_msg(s, lang, "series_latest", pairs);
	buf_free(&v);
	buf_free(&p);
	return r;
}

static void
topic_page(site *s, const reeks_topic *t, reeks_lang lang)
{
	mustache_arena *a = s->arena;
	size_t n = reeks_series_by_topic(s->st, reeks_topic_id(t), NULL, 0);
	const reeks_series **series = malloc((n ? n : 1) * sizeof *series);
	buf rel = { 0 }, b = { 0 };
	mustache_value *m, *tm, *list;
	const char *root;

	if (series == NULL) {
		errlist_add(&s->errs, NULL, 0, 0, "out of memory");
		return;
	}
	reeks_series_by_topic(s->st, reeks_topic_id(t), series, n);
	buf_printf(&rel, "topics/%s.html", reeks_topic_id(t));
	m = page_model(s, lang, rel.data, reeks_topic_title(t, lang),
	    reeks_topic_description(t, lang) != NULL ?
	    reeks_topic_description(t, lang) : reeks_topic_title(t, lang),
	    NULL);
	root = root_of(m);
	tm = mustache_map(a);
	set_str(s, tm, "title", reeks_topic_title(t, lang));
	set_str(s, tm, "description", reeks_topic_description(t, lang));
	mustache_map_set(a, m, "topic", tm);
	list = mustache_list(a);
	for (size_t i = 0; i < n; i++) {
		mustache_value *sm = mustache_map(a);

		series_href(&b, root, lang, reeks_series_id(series[i]));
		set_buf(s, sm, "href", &b);
		set_str(s, sm, "title", reeks_series_title(series[i], lang));
		set_str(s, sm, "description",
		    reeks_series_description(series[i], lang));
		mustache_map_set(a, sm, "latest", latest_label(s, series[i],
		    lang));
		mustache_list_push(a, list, sm);
	}
	mustache_map_set(a, m, "series", list);
	mustache_map_set(a, m, "comparisons", comparisons(s, series, n,
	    lang, root));
	render(s, "topic", m, page_path(&b, lang, &rel));
	free(series);
	buf_free(&rel);
	buf_free(&b);
}

/* ---- home, sources, about, 404 ---------------------------------------- */

static void
home_page(site *s, reeks_lang lang)
{
	mustache_arena *a = s->arena;
	mustache_value *m = page_model(s, lang, "index.html",
	    msg(s, lang, "home_heading"), msg(s, lang, "site_tagline"),
	    "nav_home");
	const char *root = root_of(m);
	mustache_value *topics = mustache_list(a), *keys = mustache_list(a);
	buf b = { 0 };

	for (size_t i = 0; i < reeks_store_topic_count(s->st); i++) {
		const reeks_topic *t = reeks_store_topic_at(s->st, i);
		size_t n = reeks_series_by_topic(s->st, reeks_topic_id(t),
		    NULL, 0);
		mustache_value *tm = mustache_map(a);
		char count[32];
		const reeks_series *best = NULL;

		if (n == 0)
			continue;
		buf_printf(&b, "%s%s/topics/%s.html", root, langs[lang],
		    reeks_topic_id(t));
		set_buf(s, tm, "href", &b);
		set_str(s, tm, "title", reeks_topic_title(t, lang));
		set_str(s, tm, "description", reeks_topic_description(t, lang));
		snprintf(count, sizeof count, "%zu", n);
		const char *pairs[] = { "n", count, NULL };
		mustache_map_set(a, tm, "count_label", fmt_msg(s, lang,
		    "topic_count", pairs));
		mustache_list_push(a, topics, tm);

		/* Key figure: the latest figure of the topic's longest
		 * series (the latest figure breaks a tie, then the id). */
		const reeks_series **all = malloc(n * sizeof *all);
		if (all == NULL) {
			errlist_add(&s->errs, NULL, 0, 0, "out of memory");
			break;
		}
		reeks_series_by_topic(s->st, reeks_topic_id(t), all, n);
		for (size_t j = 0; j < n; j++) {
			size_t nj = reeks_series_obs_count(all[j]);
			const reeks_obs *lj = reeks_series_obs_at(all[j],
			    nj - 1);

			if (!reeks_obs_has_value(lj) || reeks_obs_secondary(lj))
				continue;
			if (best == NULL) {
				best = all[j];
				continue;
			}
			size_t nb = reeks_series_obs_count(best);
			const reeks_obs *lb = reeks_series_obs_at(best,
			    nb - 1);
			reeks_date dj = reeks_obs_period_end(lj);
			reeks_date db = reeks_obs_period_end(lb);
			if (nj > nb || (nj == nb && dj.year > db.year))
				best = all[j];
		}
		free(all);
		if (best != NULL) {
			mustache_value *k = mustache_map(a);
			const reeks_obs *o = reeks_series_obs_at(best,
			    reeks_series_obs_count(best) - 1);

			series_href(&b, root, lang, reeks_series_id(best));
			buf_putc(&b, '#');
			obs_anchor(&b, o);
			set_buf(s, k, "href", &b);
			set_str(s, k, "title", reeks_series_title(best, lang));
			chart_value_label(&b, o, reeks_series_unit(best), lang);
			set_buf(s, k, "value", &b);
			period_text(&b, reeks_obs_period(o));
			set_buf(s, k, "period", &b);
			mustache_map_set(a, k, "source",
			    source_label(s, reeks_obs_source(o)));
			mustache_list_push(a, keys, k);
		}
	}
	mustache_map_set(a, m, "topics", topics);
	mustache_map_set(a, m, "key_figures", keys);
	mustache_map_set(a, m, "jsonld", dataset_jsonld(s, NULL, lang, root));
	buf_printf(&b, "%s/index.html", langs[lang]);
	render(s, "index", m, b.failed ? NULL : b.data);
	buf_free(&b);
}

static void
sources_page(site *s, reeks_lang lang)
{
	mustache_arena *a = s->arena;
	mustache_value *m = page_model(s, lang, "sources.html",
	    msg(s, lang, "sources_heading"), msg(s, lang, "sources_lead"),
	    "nav_sources");
	const char *root = root_of(m);
	mustache_value *list = mustache_list(a);
	buf b = { 0 };

	for (size_t i = 0; i < reeks_store_source_count(s->st); i++) {
		const reeks_source *src = reeks_store_source_at(s->st, i);
		mustache_value *sm = mustache_map(a), *sl = mustache_list(a);
		size_t n = reeks_series_by_source(s->st, reeks_source_id(src),
		    NULL, 0);
		const reeks_series **ser = malloc((n ? n : 1) * sizeof *ser);

		if (ser == NULL) {      /* never a page without the source */
			errlist_add(&s->errs, NULL, 0, 0, "out of memory");
			break;
		}
		reeks_series_by_source(s->st, reeks_source_id(src), ser, n);
		set_str(s, sm, "id", reeks_source_id(src));
		source_short(&b, src);
		set_buf(s, sm, "heading", &b);
		set_str(s, sm, "citation", reeks_source_citation(src));
		set_str(s, sm, "url", reeks_source_url(src));
		set_str(s, sm, "license", reeks_source_license(src));
		set_str(s, sm, "note", reeks_source_note(src, lang));
		for (size_t j = 0; j < n; j++) {
			mustache_value *e = mustache_map(a);

			series_href(&b, root, lang, reeks_series_id(ser[j]));
			set_buf(s, e, "href", &b);
			set_str(s, e, "title", reeks_series_title(ser[j], lang));
			mustache_list_push(a, sl, e);
		}
		mustache_map_set(a, sm, "series", sl);
		mustache_list_push(a, list, sm);
		free(ser);
	}
	mustache_map_set(a, m, "sources", list);
	buf_printf(&b, "%s/sources.html", langs[lang]);
	render(s, "sources", m, b.failed ? NULL : b.data);
	buf_free(&b);
}

static void
about_page(site *s, reeks_lang lang)
{
	mustache_arena *a = s->arena;
	mustache_value *m = page_model(s, lang, "about.html",
	    msg(s, lang, "about_heading"), msg(s, lang, "about_lead"),
	    "nav_about");
	mustache_value *qs = mustache_list(a);
	static const char *const keys[] = {
		"qual_exact", "qual_approx", "qual_at_least", "qual_at_most",
		"qual_range"
	};
	buf b = { 0 };

	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		mustache_value *q = mustache_map(a);

		set_str(s, q, "name", msg(s, lang, keys[i]));
		buf_printf(&b, "%s_meaning", keys[i]);
		set_str(s, q, "meaning", msg(s, lang, b.data));
		buf_reset(&b);
		mustache_list_push(a, qs, q);
	}
	mustache_map_set(a, m, "qualifiers", qs);
	buf_printf(&b, "%s/about.html", langs[lang]);
	render(s, "about", m, b.failed ? NULL : b.data);
	buf_free(&b);
}

/* The format of a download, from its name. */
static const char *
format_of(const char *path)
{
	static const struct {
		const char *ext, *format;
	} formats[] = {
		{ ".csv.gz", "CSV, gzip" }, { ".xml.gz", "XML, gzip" },
		{ ".json.gz", "JSON, gzip" }, { ".csv", "CSV" },
		{ ".xml", "XML" }, { ".json", "JSON" }, { ".xsd", "XML Schema" },
		{ ".rdf", "DCAT-AP (RDF/XML)" }, { ".zip", "ZIP" },
		{ "SHA256SUMS", "SHA-256" },
	};
	size_t len = strlen(path);

	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		size_t el = strlen(formats[i].ext);

		if (len >= el && strcmp(path + len - el, formats[i].ext) == 0)
			return formats[i].format;
	}
	return "";
}

/* A size for readers: "812 bytes", "12.3 kB", "1.2 MB". */
static void
size_text(buf *b, size_t bytes, reeks_lang lang)
{
	/* "bytes" is the same word in English and Dutch. */
	if (bytes < 1000) {
		buf_printf(b, "%zu bytes", bytes);
		return;
	}
	if (bytes < 1000000) {
		fmt_double(b, (double)bytes / 1000, 1, lang);
		buf_puts(b, " kB");
		return;
	}
	fmt_double(b, (double)bytes / 1e6, 1, lang);
	buf_puts(b, " MB");
}

static void
downloads_page(site *s, reeks_lang lang)
{
	mustache_arena *a = s->arena;
	mustache_value *m = page_model(s, lang, "downloads.html",
	    msg(s, lang, "downloads_page_heading"),
	    msg(s, lang, "downloads_page_lead"), "nav_downloads");
	const char *root = root_of(m);
	mustache_value *files = mustache_list(a), *snip = mustache_map(a);
	mustache_value *changes = mustache_list(a);
	const char *base = s->opts->base_url != NULL ? s->opts->base_url : "";
	buf b = { 0 };

	/* The whole dataset, not the per-series files: those are on each
	 * series page. */
	for (size_t i = 0; i < out_count(s->out); i++) {
		const out_file *f = out_at(s->out, i);
		mustache_value *fm;

		if (strncmp(f->path, "data/", 5) != 0 ||
		    strncmp(f->path, "data/series/", 12) == 0)
			continue;
		fm = mustache_map(a);
		buf_printf(&b, "%s%s", root, f->path);
		set_buf(s, fm, "href", &b);
		set_str(s, fm, "name", f->path + 5);
		set_str(s, fm, "format", format_of(f->path));
		size_text(&b, f->bytes, lang);
		set_buf(s, fm, "size", &b);
		set_str(s, fm, "sha256", f->sha256);
		mustache_list_push(a, files, fm);
	}
	mustache_map_set(a, m, "files", files);
	buf_printf(&b, "# R\nx <- read.csv(\"%sdata/reeks.csv\", "
	    "na.strings = \"\")", base);
	set_buf(s, snip, "r", &b);
	buf_printf(&b, "import pandas as pd\nx = pd.read_csv("
	    "\"%sdata/reeks.csv\", dtype={\"period\": str})", base);
	set_buf(s, snip, "pandas", &b);
	mustache_map_set(a, m, "snippets", snip);
	for (size_t i = reeks_store_change_count(s->st); i-- > 0;) {
		const reeks_change *c = reeks_store_change_at(s->st, i);
		mustache_value *cm = mustache_map(a);

		set_str(s, cm, "id", reeks_change_id(c));
		set_str(s, cm, "date", reeks_change_date(c));
		set_str(s, cm, "title", reeks_change_title(c, lang));
		set_str(s, cm, "summary", reeks_change_summary(c, lang));
		mustache_list_push(a, changes, cm);
	}
	mustache_map_set(a, m, "changes", changes);
	buf_printf(&b, "%s/downloads.html", langs[lang]);
	render(s, "downloads", m, b.failed ? NULL : b.data);
	buf_free(&b);
}

static void
notfound_page(site *s, reeks_lang lang)
{
	mustache_value *m = page_model(s, lang, "404.html",
	    msg(s, lang, "notfound_heading"), msg(s, lang, "notfound_text"),
	    NULL);
	buf b = { 0 };

	buf_printf(&b, "%s/404.html", langs[lang]);
	render(s, "404", m, b.failed ? NULL : b.data);
	buf_free(&b);
}

static void
root_pages(site *s)
{
	mustache_arena *a = s->arena;
	mustache_value *m = mustache_map(a);

	for (int l = 0; l < 2; l++) {
		mustache_value *t = mustache_map(a);

		for (size_t i = 0; i < catalog_count(s->cat[l]); i++)
			mustache_map_set(a, t, catalog_key_at(s->cat[l], i),
			    mustache_string_ref(a,
			    catalog_text_at(s->cat[l], i)));
		mustache_map_set(a, m, langs[l], t);
	}
	render(s, "root", m, "index.html");
}

/* ---- the build ----------------------------------------------------------- */

/* The date the data last changed: SOURCE_DATE_EPOCH when it is set, else
 * the newest entry of the change log, so that the same input always gives
 * the same site. */
static void
set_updated(site *s)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	char *end;
	size_t n = reeks_store_change_count(s->st);

	if (n == 0) {
		errlist_add(&s->errs, s->opts->data_dir, 0, 0, "the data has no "
		    "<change> entry, so the site cannot say when it changed");
		return;
	}
	if (epoch != NULL && *epoch != '\0') {
		long long v = strtoll(epoch, &end, 10);
		time_t t = (time_t)v;
		struct tm tm;

		if (*end == '\0' && v >= 0 && gmtime_r(&t, &tm) != NULL) {
			strftime(s->updated, sizeof s->updated, "%Y-%m-%d", &tm);
			return;
		}
		errlist_add(&s->errs, NULL, 0, 0, "SOURCE_DATE_EPOCH '%s' is "
		    "not a number of seconds", epoch);
	}
	snprintf(s->updated, sizeof s->updated, "%s",
	    reeks_change_date(reeks_store_change_at(s->st, n - 1)));
}

/* Copy the input file FROM (read as load_template() reads a template)
 * to TO in the site. */
static void
copy_file(site *s, const char *from, const char *to)
{
	char *data, why[256];
	size_t len;

	if (reeks_file_read(from, REEKS_FILE_NOFOLLOW, INPUT_MAX, &data, &len,
	    why, sizeof why) != 0) {
		errlist_add(&s->errs, from, 0, 0, "%s", why);
		return;
	}
	write_file(s, to, data, len);
	free(data);
}

/* Seconds since 1970 of a "YYYY-MM-DD" date at 00:00 UTC; -1 if bad. */
static long long
date_seconds(const char *d)
{
	struct tm tm = { 0 };
	int v[3] = { 0, 0, 0 };

	if (d == NULL || strlen(d) != 10 || d[4] != '-' || d[7] != '-')
		return -1;
	for (int i = 0, f = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			f++;
			continue;
		}
		if (d[i] < '0' || d[i] > '9')
			return -1;
		v[f] = v[f] * 10 + (d[i] - '0');
	}
	tm.tm_year = v[0] - 1900;
	tm.tm_mon = v[1] - 1;
	tm.tm_mday = v[2];
	return (long long)timegm(&tm);
}

/* Start everything under data/ (downloads, catalogues, checksums): the
 * run, to do on threads and finish with downloads_finish(); NULL after an
 * error. LICENSE gets the license text, which the run uses. */
static downloads_run *
start_downloads(site *s, buf *license)
{
	size_t n = reeks_store_change_count(s->st);
	/* set_updated() refuses data without a change log; should there
	 * be none, the site's date is the version and the first issue. */
	const char *first = n > 0 ? reeks_change_date(
	    reeks_store_change_at(s->st, 0)) : s->updated;
	const char *last = n > 0 ? reeks_change_date(
	    reeks_store_change_at(s->st, n - 1)) : s->updated;
	char err[1024], *text;
	long long date;
	size_t len;
	downloads_run *r;

	/* Read as load_template() reads a template. */
	if (reeks_file_read(s->opts->license, REEKS_FILE_NOFOLLOW, INPUT_MAX,
	    &text, &len, err, sizeof err) != 0) {
		errlist_add(&s->errs, s->opts->license, 0, 0, "%s", err);
		return NULL;
	}
	buf_add(license, text, len);
	free(text);
	if (downloads_date(date_seconds(last), &date, err, sizeof err) != 0) {
		errlist_add(&s->errs, NULL, 0, 0, "%s", err);
		return NULL;
	}
	downloads_opts o = {
		.base_url = s->opts->base_url,
		.license = license->data != NULL ? license->data : "",
		.version = last,
		.date = date,
		.issued = first,
		.jobs = s->opts->jobs,
	};
	if ((r = downloads_start(s->out, s->st, &o, err, sizeof err)) == NULL)
		errlist_add(&s->errs, NULL, 0, 0, "%s", err);
	return r;
}

/* ---- pages, in parallel ---------------------------------------------- */

/* Seconds on the monotonic clock. */
static double
seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}


typedef enum page_kind {
	PAGE_ROOT, PAGE_HOME, PAGE_SOURCES, PAGE_ABOUT, PAGE_404,
	PAGE_DOWNLOADS, PAGE_TOPIC, PAGE_SERIES
} page_kind;

/* One page to render, and what rendering it gave. */
typedef struct page_job {
	page_kind kind;
	reeks_lang lang;
	size_t index;               /* the topic or series */
	out_batch files;
	errlist errs;
	size_t pages;
	/* A series' Dutch page is made by the job of its English one (to
	 * share the work of both): NL there, and DONE_BY_PAIR here. */
	struct page_job *nl;
	bool done_by_pair;
} page_job;

/* The build's work on threads: first the downloads' jobs, then the
 * pages'. */
typedef struct page_run {
	site *shared;
	downloads_run *downloads;
	size_t ndownloads;
	page_job *jobs;
	site workers[PAR_MAX_JOBS]; /* a copy of the site per thread */
	atomic_uint_fast64_t downloads_ns, pages_ns;    /* thread CPU */
} page_run;

/* Render JOB with W, a thread's copy of the site. */
static void
render_job(site *w, page_job *job)
{
	reeks_lang lang = job->lang;

	switch (job->kind) {
	case PAGE_ROOT:
		root_pages(w);
		break;
	case PAGE_HOME:
		home_page(w, lang);
		break;
	case PAGE_SOURCES:
		sources_page(w, lang);
		break;
	case PAGE_ABOUT:
		about_page(w, lang);
		break;
	case PAGE_404:
		notfound_page(w, lang);
		break;
	case PAGE_DOWNLOADS:
		downloads_page(w, lang);
		break;
	case PAGE_TOPIC:
		topic_page(w, reeks_store_topic_at(w->st, job->index), lang);
		break;
	case PAGE_SERIES: {
		const reeks_series *se = reeks_store_series_at(w->st,
		    job->index);

		if (!reeks_id_valid(reeks_series_id(se))) {
			errlist_add(&w->errs, reeks_series_file(se),
			    reeks_series_line(se), 0, "series id '%s' is not "
			    "safe as a file name", reeks_series_id(se));
			break;
		}
		series_page(w, se, lang);
		break;
	}
	}
	mustache_arena_reset(w->arena);
}

static uint64_t
thread_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/* Work out the intervals of SE's observations into W's cache. */
static void
cache_intervals(site *w, const reeks_series *se)
{
	size_t n = reeks_series_obs_count(se);

	w->ci_series = NULL;
	if (n > w->ci_cap) {
		reeks_obs_ci_method *m = realloc(w->ci_method, n * sizeof *m);
		reeks_interval *ci;

		if (m != NULL)
			w->ci_method = m;
		if (m == NULL || (ci = realloc(w->ci, n * sizeof *ci)) ==
		    NULL)
			return;
		w->ci = ci;
		w->ci_cap = n;
	}
	for (size_t i = 0; i < n; i++)
		w->ci_method[i] = reeks_obs_ci(reeks_series_obs_at(se, i),
		    0.95, &w->ci[i]);
	w->ci_series = se;
}

/* Render JOB (into its own batch and error list) with W. */
static void
run_page(site *w, page_job *job)
{
	w->errs = (errlist){ 0 };
	w->batch = &job->files;
	w->pages = 0;
	render_job(w, job);
	job->errs = w->errs;
	job->pages = w->pages;
	w->errs = (errlist){ 0 };
	w->batch = NULL;
}

static void
run_job(void *arg, size_t i, int worker)
{
	page_run *r = arg;
	site *w = &r->workers[worker];
	page_job *job;
	uint64_t t0 = thread_ns();

	if (i < r->ndownloads) {
		downloads_job(r->downloads, i);
		atomic_fetch_add(&r->downloads_ns, thread_ns() - t0);
		return;
	}
	job = &r->jobs[i - r->ndownloads];
	/* The downloads pages list the downloads: they come after. */
	if ((r->downloads != NULL && job->kind == PAGE_DOWNLOADS) ||
	    job->done_by_pair)
		return;
	if (w->engine == NULL) {
		*w = *r->shared;
		w->engine = mustache_engine_new(MUSTACHE_STRICT, load_template,
		    w);
		w->arena = mustache_arena_new();
		w->merrs = mustache_errors_new();
	}
	if (w->engine == NULL || w->arena == NULL || w->merrs == NULL) {
		errlist_add(&job->errs, NULL, 0, 0, "out of memory");
		return;
	}
	if (job->nl != NULL)
		cache_intervals(w, reeks_store_series_at(w->st, job->index));
	run_page(w, job);
	if (job->nl != NULL)
		run_page(w, job->nl);
	w->ci_series = NULL;
	atomic_fetch_add(&r->pages_ns, thread_ns() - t0);
}

/* Move the errors of FROM to the end of TO. */
static void
errlist_take(errlist *to, errlist *from)
{
	if (from->n > 0) {
		char **items = realloc(to->items, (to->n + from->n) *
		    sizeof *items);

		if (items == NULL) {
			to->nomem = true;
		} else {
			memcpy(items + to->n, from->items,
			    from->n * sizeof *items);
			to->items = items;
			to->n += from->n;
			to->cap = to->n;
			from->n = 0;
		}
	}
	if (from->nomem)
		to->nomem = true;
	errlist_free(from);
}

/* What the build's parts took, for REEKS_BUILD_STATS. */
typedef struct build_times {
	double load, work, finish, commit, total;
	double downloads_cpu, pages_cpu;
} build_times;

/*
 * The downloads and every page (and chart), on S->opts->jobs threads:
 * the exports of the downloads run beside the pages (the biggest, the
 * whole dataset gzipped, first), and the two downloads pages,
 * which list the downloads, after them. Everything is listed and reported
 * in the same order whatever the number of threads: the downloads, the
 * stylesheet, then the pages.
 */
static void
render_all(site *s, build_times *bt)
{
	size_t nseries = reeks_store_series_count(s->st);
	size_t ntopics = reeks_store_topic_count(s->st), n = 0;
	page_job *jobs = calloc(1 + 2 * (5 + ntopics + nseries), sizeof *jobs);
	page_run *r = calloc(1, sizeof *r);
	buf license = { 0 };
	char err[4096], path[4096];
	int njobs = s->opts->jobs > 0 ? s->opts->jobs : par_default_jobs();
	double t0 = seconds();

	if (jobs == NULL || r == NULL) {
		errlist_add(&s->errs, NULL, 0, 0, "out of memory");
		goto out;
	}
	if ((r->downloads = start_downloads(s, &license)) == NULL)
		goto out;
	r->ndownloads = downloads_jobs(r->downloads);
	jobs[n++] = (page_job){ .kind = PAGE_ROOT };
	for (int li = 0; li < 2; li++) {
		reeks_lang lang = (reeks_lang)li;
		static const page_kind fixed[] = {
			PAGE_HOME, PAGE_SOURCES, PAGE_ABOUT, PAGE_404,
			PAGE_DOWNLOADS
		};

		for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
			jobs[n++] = (page_job){ .kind = fixed[i], .lang = lang };
		for (size_t i = 0; i < ntopics; i++)
			if (reeks_series_by_topic(s->st, reeks_topic_id(
			    reeks_store_topic_at(s->st, i)), NULL, 0) > 0)
				jobs[n++] = (page_job){ .kind = PAGE_TOPIC,
				    .lang = lang, .index = i };
		for (size_t i = 0; i < nseries; i++)
			jobs[n++] = (page_job){ .kind = PAGE_SERIES,
			    .lang = lang, .index = i };
	}
	/* Pair each series' pages: the English job makes the Dutch one. */
	for (size_t i = 0, en = 0; i < n; i++) {
		if (jobs[i].kind != PAGE_SERIES)
			continue;
		if (jobs[i].lang == REEKS_EN) {
			if (en == 0)
				en = i;
		} else {
			jobs[en + jobs[i].index].nl = &jobs[i];
			jobs[i].done_by_pair = true;
		}
	}
	r->shared = s;
	r->jobs = jobs;
	atomic_init(&r->downloads_ns, 0);
	atomic_init(&r->pages_ns, 0);
	par_for_progress(r->ndownloads + n, njobs, run_job, r, show_progress,
	    s);
	bt->work = seconds() - t0;
	t0 = seconds();
	status(s, "finishing: the whole dataset's files, the zip, the "
	    "catalogues");

	/* The rest of the downloads, then the pages that list them. */
	int rc = downloads_finish(r->downloads, err, sizeof err);
	r->downloads = NULL;
	if (rc != 0) {
		errlist_add(&s->errs, NULL, 0, 0, "%s", err);
		goto out;
	}
	snprintf(path, sizeof path, "%s/style.css", s->opts->templates_dir);
	copy_file(s, path, "style.css");
	for (size_t i = 0; i < n; i++)
		if (jobs[i].kind == PAGE_DOWNLOADS)
			run_job(r, r->ndownloads + i, 0);
	bt->finish = seconds() - t0;
	bt->downloads_cpu = (double)atomic_load(&r->downloads_ns) / 1e9;
	bt->pages_cpu = (double)atomic_load(&r->pages_ns) / 1e9;
	for (size_t i = 0; i < n; i++) {
		page_job *job = &jobs[i];

		errlist_take(&s->errs, &job->errs);
		if (out_add(s->out, &job->files) != 0)
			errlist_add(&s->errs, NULL, 0, 0, "out of memory");
		s->pages += job->pages;
	}
out:
	for (size_t i = 0; jobs != NULL && i < n; i++) {
		errlist_free(&jobs[i].errs);
		out_batch_free(&jobs[i].files);
	}
	if (r != NULL) {
		downloads_abort(r->downloads);
		for (int i = 0; i < PAR_MAX_JOBS; i++) {
			mustache_engine_free(r->workers[i].engine);
			mustache_arena_free(r->workers[i].arena);
			mustache_errors_free(r->workers[i].merrs);
			free(r->workers[i].ci_method);
			free(r->workers[i].ci);
		}
	}
	buf_free(&license);
	free(jobs);
	free(r);
}

static void
build_pages(site *s, build_times *bt)
{
	render_all(s, bt);
	if (errlist_count(&s->errs) > 0)
		return;

	/* For crawlers and feed readers; absolute URLs need the base. */
	buf b = { 0 };
	const char *base = s->opts->base_url;
	feed_robots(&b, base);
	write_file(s, "robots.txt", b.data, b.len);
	if (base != NULL) {
		buf_reset(&b);
		if (feed_atom(&b, s->st, base, s->updated) != 0)
			errlist_add(&s->errs, NULL, 0, 0, "out of memory "
			    "writing feed.atom");
		else
			write_file(s, "feed.atom", b.data, b.len);
	}
	buf_free(&b);

	/* The root 404 page, served for any missing path, in English; its
	 * links are absolute when the base URL is known. */
	mustache_value *m = page_model_at(s, REEKS_EN, "404.html",
	    msg(s, REEKS_EN, "notfound_heading"),
	    msg(s, REEKS_EN, "notfound_text"), NULL,
	    s->opts->base_url != NULL ? s->opts->base_url : "");
	render(s, "404", m, "404.html");
	mustache_arena_reset(s->arena);

	/* Last: the sitemap lists every page written. */
	if (base != NULL) {
		buf sm = { 0 };

		if (feed_sitemap(&sm, s->out, base, s->updated) != 0)
			errlist_add(&s->errs, NULL, 0, 0, "out of memory "
			    "writing sitemap.xml");
		else
			write_file(s, "sitemap.xml", sm.data, sm.len);
		buf_free(&sm);
	}
}

/* With REEKS_BUILD_STATS set, one line on stderr of what the build cost,
 * for 'make bench'. */
static void
print_stats(const out_stats *st, const build_times *bt, size_t npages)
{
	struct rusage ru;

	if (getenv("REEKS_BUILD_STATS") == NULL)
		return;
	getrusage(RUSAGE_SELF, &ru);
	fprintf(stderr, "reeks: stats: load %.3f s, pages and downloads %.3f "
	    "s (%zu pages), finish %.3f s, commit %.3f s, total %.3f s; "
	    "cpu pages %.3f s, downloads %.3f s; written %llu files %llu "
	    "bytes, linked %llu files %llu bytes; gzip %llu -> %llu bytes in "
	    "%.3f s cpu; sha256 %.3f s cpu; max rss %ld kB\n", bt->load,
	    bt->work, npages, bt->finish, bt->commit, bt->total,
	    bt->pages_cpu, bt->downloads_cpu,
	    (unsigned long long)st->written,
	    (unsigned long long)st->written_bytes,
	    (unsigned long long)st->linked,
	    (unsigned long long)st->linked_bytes,
	    (unsigned long long)st->gz_in, (unsigned long long)st->gz_out,
	    st->gz_seconds, st->hash_seconds, ru.ru_maxrss);
}

/* ---- skipping a build when nothing changed --------------------------- */

static void
hash_string(sha256_ctx *c, const char *s)
{
	sha256_update(c, s, strlen(s) + 1);
}

/* Hash the file PATH (size and bytes) into C. */
static bool
hash_file(sha256_ctx *c, const char *path)
{
	long long n = sha256_update_file(c, path);
	uint64_t total = n < 0 ? 0 : (uint64_t)n;

	sha256_update(c, &total, sizeof total);
	return n >= 0;
}

/* Hash the input file PATH, read as the build reads it (so never a FIFO
 * or a device), into C as hash_file() does. */
static bool
hash_input(sha256_ctx *c, const char *path)
{
	char *data, why[256];
	size_t len;
	uint64_t total;

	if (reeks_file_read(path, REEKS_FILE_NOFOLLOW, INPUT_MAX, &data, &len,
	    why, sizeof why) != 0)
		return false;
	total = len;
	if (len > 0)
		sha256_update(c, data, len);
	sha256_update(c, &total, sizeof total);
	free(data);
	return true;
}

/* Hash every entry of DIR (not below it: reeks reads only the top) into
 * C: names in order, and each file's bytes. */
static bool
hash_dir(sha256_ctx *c, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL, path[4096];
	size_t n = 0;
	bool ok = d != NULL;

	while (ok && (e = readdir(d)) != NULL) {
		char **more;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if ((more = realloc(names, (n + 1) * sizeof *names)) == NULL ||
		    (more[n] = strdup(e->d_name)) == NULL) {
			if (more != NULL)
				names = more;
			ok = false;
			break;
		}
		names = more;
		n++;
	}
	if (d != NULL)
		closedir(d);
	if (ok && n > 1)
		qsort(names, n, sizeof *names, cmp_strings);
	hash_string(c, dir);
	for (size_t i = 0; ok && i < n; i++) {
		struct stat st;

		hash_string(c, names[i]);
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		if (stat(path, &st) != 0)
			ok = false;
		else if (S_ISREG(st.st_mode))
			ok = hash_file(c, path);
		else
			hash_string(c, "(not a file)");
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return ok;
}

/*
 * The fingerprint of everything a build of O reads: this reeks (its
 * executable and libraries), the options that change the output, the
 * build date's source, the license, and every file of the data and
 * template directories. False when something cannot be read (then the
 * build is not skipped).
 */
static bool
build_fingerprint(const site_opts *o, char fp[65])
{
	sha256_ctx c;
	char id[65];
	const char *epoch = getenv("SOURCE_DATE_EPOCH");

	out_generator_id(id);
	if (id[0] == '\0')
		return false;
	sha256_init(&c);
	hash_string(&c, "reeks build 1");
	hash_string(&c, id);
	hash_string(&c, o->base_url != NULL ? o->base_url : "");
	hash_string(&c, epoch != NULL ? epoch : "(unset)");
	if (!hash_input(&c, o->license) || !hash_dir(&c, o->data_dir) ||
	    !hash_dir(&c, o->templates_dir))
		return false;
	sha256_final_hex(&c, fp);
	return true;
}

/* When the site in O->out_dir is what a build of the same inputs made,
 * say so (with the warnings that build printed) and return true. */
static bool
up_to_date(const site_opts *o, const char *fp, double t0)
{
	out_previous prev;

	if (fp[0] == '\0' || !out_up_to_date(o->out_dir, fp, o->verify,
	    &prev))
		return false;
	for (size_t i = 0; i < prev.nwarnings; i++)
		fprintf(stderr, "%s\n", prev.warnings[i]);
	if (!o->quiet)
		printf("reeks: %s is up to date: %zu pages, %zu files, %llu "
		    "bytes; nothing changed (%.2f s)\n", o->out_dir,
		    prev.pages, prev.files, (unsigned long long)prev.bytes,
		    seconds() - t0);
	if (getenv("REEKS_BUILD_STATS") != NULL)
		fprintf(stderr, "reeks: stats: up to date, total %.3f s\n",
		    seconds() - t0);
	out_previous_free(&prev);
	return true;
}

int
site_build(const site_opts *o)
{
	site s = { .opts = o };
	double t0 = seconds();
	build_times bt = { 0 };
	char err[8192], fp[65] = "";
	int rc = 1;
	/* A buffer that failed to grow lost text, a value that could not be
	 * made is missing from a page: the build fails. */
	unsigned long buf_failed = buf_failures();
	unsigned long arena_failed = mustache_arena_failures();

	if (!build_fingerprint(o, fp))
		fp[0] = '\0';
	if (up_to_date(o, fp, t0))
		return 0;
	s.progress = !o->quiet && isatty(STDERR_FILENO);
	status(&s, "loading %s", o->data_dir);
	if (!load_inputs(&s))
		goto out;
	set_updated(&s);
	if (buf_failures() != buf_failed ||
	    mustache_arena_failures() != arena_failed)
		errlist_add(&s.errs, NULL, 0, 0, "out of memory");
	if (errlist_count(&s.errs) > 0)
		goto out;
	bt.load = seconds() - t0;
	if ((s.out = out_begin(o->out_dir, err, sizeof err)) == NULL) {
		errlist_add(&s.errs, NULL, 0, 0, "%s", err);
		goto out;
	}
	out_set_verify(s.out, o->verify);
	build_pages(&s, &bt);
	if (buf_failures() != buf_failed ||
	    mustache_arena_failures() != arena_failed)
		errlist_add(&s.errs, NULL, 0, 0, "out of memory");
	if (errlist_count(&s.errs) > 0) {
		out_abort(s.out);
		s.out = NULL;
		goto out;
	}
	size_t files = out_count(s.out);
	unsigned long long bytes = (unsigned long long)out_bytes(s.out);
	double t1 = seconds();
	out_stats st;
	out_get_stats(s.out, &st);
	out_record_build(s.out, fp, s.pages,
	    (const char *const *)s.warnings, s.nwarnings);
	if (out_commit(s.out, err, sizeof err) != 0) {
		s.out = NULL;
		errlist_add(&s.errs, NULL, 0, 0, "%s", err);
		goto out;
	}
	s.out = NULL;
	bt.commit = seconds() - t1;
	bt.total = seconds() - t0;
	status(&s, NULL);
	print_stats(&st, &bt, s.pages);
	if (!o->quiet)
		printf("reeks: wrote %s: %zu pages, %zu files, %llu bytes in "
		    "%.2f s\n", o->out_dir, s.pages, files, bytes,
		    seconds() - t0);
	rc = 0;
out:
	if (rc != 0) {
		status(&s, NULL);
		errlist_print(&s.errs, stderr);
		fprintf(stderr, "reeks: %zu error%s; %s left as it was\n",
		    errlist_count(&s.errs),
		    errlist_count(&s.errs) == 1 ? "" : "s", o->out_dir);
	}
	out_abort(s.out);
	errlist_free(&s.errs);
	for (size_t i = 0; i < s.nwarnings; i++)
		free(s.warnings[i]);
	free(s.warnings);
	mustache_arena_free(s.arena);
	mustache_errors_free(s.merrs);
	mustache_engine_free(s.engine);
	catalog_free(s.cat[0]);
	catalog_free(s.cat[1]);
	reeks_store_free(s.st);
	return rc;
}
