/*
 * site/model.c: the page model every page shares: small helpers, messages,
 * loading the inputs, writing and rendering, and the parts every page has
 * (see site-internal.h).
 */
#include "site/site-internal.h"

const char *const langs[2] = { "en", "nl" };

/* ---- small helpers ------------------------------------------------------ */

/* The build's progress, a line that each call replaces, given to the
 * caller's S->opts->progress (when there is one). No FMT takes it away. */
void
status(const site *s, const char *fmt, ...)
{
	va_list ap;
	char line[4608];

	if (s->opts->progress == NULL)
		return;
	if (fmt != NULL) {
		va_start(ap, fmt);
		vsnprintf(line, sizeof line, fmt, ap);
		va_end(ap);
	}
	s->opts->progress(s->opts->arg, fmt != NULL ? line : NULL);
}

void
show_progress(void *arg, size_t done, size_t n)
{
	status(arg, "building: %zu of %zu pages and downloads (%zu%%)", done,
	    n, n > 0 ? done * 100 / n : 100);
}

/* The catalogue text of KEY in LANG (checked to exist when loaded). */
const char *
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
mustache_value *
fmt_msg(site *s, reeks_lang lang, const char *key, const char *const *pairs)
{
	buf b = { 0 };
	mustache_value *v;

	catalog_format(&b, s->cat[lang], key, pairs, &s->errs);
	v = mustache_string(s->arena, b.data != NULL ? b.data : "");
	buf_free(&b);
	return v;
}

void
set_str(site *s, mustache_value *m, const char *key, const char *text)
{
	mustache_map_set(s->arena, m, key, mustache_string(s->arena, text));
}

void
set_buf(site *s, mustache_value *m, const char *key, buf *b)
{
	/* A buffer that failed may hold less than its length says. */
	mustache_map_set(s->arena, m, key, b->data == NULL ?
	    mustache_string(s->arena, "") : b->failed ?
	    mustache_string(s->arena, b->data) :
	    mustache_string_n(s->arena, b->data, b->len));
	buf_reset(b);
}

/* A period for readers: "1990/1993" as "1990–1993". */
void
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
void
obs_anchor(buf *b, const reeks_obs *o)
{
	buf_puts(b, "p-");
	for (const char *p = reeks_obs_period(o); *p != '\0'; p++)
		buf_putc(b, *p == '/' ? '_' : *p);
}

/* A number with the unit's sign, in LANG: "4.5%", "€61m". */
void
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
void
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
void
stat_number(buf *b, double v, reeks_lang lang)
{
	fmt_double(b, v, fmt_decimals(v, 3, 4), lang);
}

/* A percentage with one decimal and its sign: "+4.2%", "−71.9%". */
void
signed_pct(buf *b, double v, reeks_lang lang)
{
	fmt_signed(b, v, 1, lang);
	buf_putc(b, '%');
}

const char *
qualifier_key(reeks_qualifier q)
{
	static const char *const keys[] = {
		"qual_exact", "qual_approx", "qual_at_least", "qual_at_most",
		"qual_range"
	};
	return keys[q];
}

const char *
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
mustache_load_result
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

/* The messages of catalogue C as a map of key to text, in A. */
static mustache_value *
messages_map(mustache_arena *a, const catalog *c)
{
	mustache_value *t = mustache_map(a);

	for (size_t i = 0; i < catalog_count(c); i++)
		mustache_map_set(a, t, catalog_key_at(c, i),
		    mustache_string_ref(a, catalog_text_at(c, i)));
	return t;
}

static const char *const page_templates[] = {
	"layout", "index", "topic", "series", "sources", "about", "404",
	"root", "downloads", "series-index", "comparison", "lines"
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
	w->of_which = msg(s, l, "chart_of_which");
	w->within = msg(s, l, "chart_within");
	w->target = msg(s, l, "kind_target");
}

/* Read the data, the catalogues and every template. Returns false after
 * collecting the errors. */
bool
load_inputs(site *s)
{
	reeks_diags *diags = reeks_diags_new();
	char path[4096];

	if (diags == NULL) {
		errlist_add(&s->errs, NULL, 0, 0, "out of memory");
		return false;
	}
	/* The load cache beside the site, SITE.reeks-load, for this reeks
	 * (its executable and libraries): none when it cannot say which. */
	char id[65], *cache = NULL;
	size_t dlen = strlen(s->opts->out_dir);

	while (dlen > 1 && s->opts->out_dir[dlen - 1] == '/')
		dlen--;
	out_generator_id(id);
	if (id[0] != '\0' && (cache = malloc(dlen + sizeof LOAD_CACHE_SUFFIX))
	    != NULL)
		snprintf(cache, dlen + sizeof LOAD_CACHE_SUFFIX, "%.*s%s",
		    (int)dlen, s->opts->out_dir, LOAD_CACHE_SUFFIX);
	reeks_store_load_opts(s->opts->data_dir, &(reeks_load_options){
	    .jobs = s->opts->jobs > 0 ? s->opts->jobs :
	    reeks_par_default_jobs(), .cache_path = cache, .cache_id = id,
	    .stats = &s->load }, diags, &s->st);
	free(cache);
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
			/* A failed buffer fails the build (buf_failures());
			 * so does a warning that cannot be kept for the
			 * build that finds nothing changed to say again. */
			if (w.data != NULL && s->opts->warning != NULL)
				s->opts->warning(s->opts->arg, w.data);
			if (more == NULL)
				errlist_add(&s->errs, NULL, 0, 0,
				    "out of memory");
			else
				s->warnings = more;
			if (more != NULL && w.data != NULL)
				s->warnings[s->nwarnings++] = w.data;
			else
				buf_free(&w);
			continue;
		}
		errlist_add(&s->errs, reeks_diag_file(d), reeks_diag_line(d),
		    reeks_diag_column(d), "%s", reeks_diag_message(d));
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
	s->tarena = mustache_arena_new();
	if (s->engine == NULL || s->merrs == NULL || s->arena == NULL ||
	    s->tarena == NULL) {
		errlist_add(&s->errs, NULL, 0, 0, "out of memory");
		return false;
	}
	for (int l = 0; l < 2 && s->cat[0] != NULL && s->cat[1] != NULL;
	    l++) {
		s->tmap[l] = messages_map(s->tarena, s->cat[l]);
		if (mustache_arena_failed(s->tarena)) {
			errlist_add(&s->errs, NULL, 0, 0, "out of memory");
			return false;
		}
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

void
write_file(site *s, const char *path, const char *data, size_t len)
{
	if (path == NULL)       /* a path that could not be built */
		errlist_add(&s->errs, NULL, 0, 0, "out of memory");
	else if (s->batch != NULL) {
		if ((s->group != NULL ? out_put_member(s->out, s->batch, path,
		    s->group, data, len) : out_put(s->out, s->batch, path,
		    data, len)) != 0)
			errlist_add(&s->errs, NULL, 0, 0, "%s",
			    s->batch->error);
	} else if (out_write(s->out, path, data, len) != 0)
		errlist_add(&s->errs, NULL, 0, 0, "%s", out_error(s->out));
}

void
write_chart(site *s, mustache_value *m, const char *path, const buf *svg)
{
	const char *name = path != NULL ? strrchr(path, '/') : NULL;
	buf href = { 0 };
	/* A release's charts as SVG only: the PNGs are for the latest. */
	bool png = !s->opts->no_png && s->release == NULL;

	if (path == NULL || name == NULL || svg->failed) {
		/* A path or a chart that could not be made. */
		errlist_add(&s->errs, NULL, 0, 0, "out of memory");
	} else {
		chart_files(s->out, s->batch, path, svg->data != NULL ?
		    svg->data : "", svg->len, s->opts->base_url, png,
		    s->png, s->batch != NULL ? s->group : NULL, &s->errs);
		buf_printf(&href, "%s.svg", name + 1);
	}
	set_buf(s, m, "svg_href", &href);
	if (name != NULL && png)
		buf_printf(&href, "%s.png", name + 1);
	set_buf(s, m, "png_href", &href);
	buf_free(&href);
}

/* Bigger than this, a page's output buffer is freed after the page. */
#define PAGE_OUT_KEEP ((size_t)1 << 20)

/* Render template NAME with MODEL and write it as PATH (NULL: a path that
 * could not be made, out of memory). */
void
render(site *s, const char *name, const mustache_value *model,
    const char *path)
{
	const mustache_template *t;
	mustache_buf *out = &s->page_out;

	if (mustache_arena_failed(s->arena)) {
		errlist_add(&s->errs, NULL, 0, 0, "out of memory building %s",
		    path != NULL ? path : name);
		return;
	}
	out->len = 0;
	if (out->data != NULL)
		out->data[0] = '\0';
	if (mustache_engine_load(s->engine, name, &t, s->merrs) !=
	    MUSTACHE_OK ||
	    mustache_render_buf(s->engine, t, model, out, s->merrs) !=
	    MUSTACHE_OK) {
		size_t before = errlist_count(&s->errs);

		take_mustache_errors(s);
		/* A render that failed for lack of memory may have had none
		 * to say why: it still fails the build (a page missing from a
		 * site that exits 0 was found so). */
		if (errlist_count(&s->errs) == before)
			errlist_add(&s->errs, NULL, 0, 0, "out of memory "
			    "building %s", path != NULL ? path : name);
		return;
	}
	write_file(s, path, out->data != NULL ? out->data : "", out->len);
	s->pages++;
	/* A big page's buffer (a topic page: 7 MB at 2,000 series) is not
	 * kept for the small ones: each thread's would stay resident until
	 * the last page, under the downloads' finishing, the build's peak. */
	if (out->cap > PAGE_OUT_KEEP)
		mustache_buf_free(out);
}

/* ---- the parts every page has ------------------------------------------- */

/* The site-relative path of a page in LANG: "en/series/x.html" (or
 * "releases/NAME/en/series/x.html" while a release's pages render), into
 * B (emptied first); NULL when REL or the path could not be made. */
const char *
page_path(const site *s, buf *b, reeks_lang lang, const buf *rel)
{
	buf_reset(b);
	if (rel->failed || rel->data == NULL) {
		buf_fail(b);
		return NULL;
	}
	buf_printf(b, "%s%s/%s", s->prefix, langs[lang], rel->data);
	return b->failed ? NULL : b->data;
}

/*
 * The model every page of LANG shares. REL is the page's path below the
 * language directory ("series/x.html"); its depth gives the way back to
 * the root. CURRENT names the navigation entry to mark.
 */
mustache_value *
page_model(site *s, reeks_lang lang, const char *rel, const char *title,
    const char *description, const char *current)
{
	return page_model_at(s, lang, rel, title, description, current, NULL);
}

/* As page_model(), for a page outside the language directory whose way
 * back to the root is ROOT_OVERRIDE ("" or the base URL). */
mustache_value *
page_model_at(site *s, reeks_lang lang, const char *rel, const char *title,
    const char *description, const char *current, const char *root_override)
{
	mustache_arena *a = s->arena;
	mustache_value *m = mustache_map(a), *t = s->tmap[lang];
	mustache_value *nav = mustache_list(a), *alts = mustache_list(a);
	reeks_lang other = lang == REEKS_EN ? REEKS_NL : REEKS_EN;
	buf root = { 0 }, b = { 0 };
	static const struct {
		const char *key, *rel;
	} navs[] = {
		{ "nav_home", "index.html" },
		{ "nav_series", "series/index.html" },
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
		for (const char *p = s->prefix; *p != '\0'; p++)
			if (*p == '/')
				buf_puts(&root, "../");
	}
	if (t == NULL)          /* load_inputs() did not make it */
		t = messages_map(a, s->cat[lang]);
	set_str(s, m, "lang", langs[lang]);
	set_str(s, m, "other_lang", langs[other]);
	mustache_map_set(a, m, "t", t);
	set_str(s, m, "root", root.data);
	set_str(s, m, "page_title", title);
	set_str(s, m, "page_description", description);
	set_str(s, m, "updated_iso", s->updated);
	if (!fmt_date_iso(&b, s->updated, lang))   /* set_updated() wrote it */
		buf_puts(&b, s->updated);
	set_buf(s, m, "updated", &b);

	buf_printf(&b, "%s%s/index.html", root.data, langs[lang]);
	set_buf(s, m, "home_href", &b);
	buf_printf(&b, "%s%s/about.html", root.data, langs[lang]);
	set_buf(s, m, "about_href", &b);
	buf_printf(&b, "%s%s/downloads.html", root.data, langs[lang]);
	set_buf(s, m, "downloads_href", &b);
	buf_printf(&b, "%s%s/sources.html", root.data, langs[lang]);
	set_buf(s, m, "sources_href", &b);
	buf_printf(&b, "%s%s%s/%s", root.data, s->prefix, langs[other], rel);
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
		buf_printf(&b, "%s%s%s/%s", base, s->prefix, langs[l], rel);
		set_buf(s, alt, "href", &b);
		mustache_list_push(a, alts, alt);
	}
	mustache_map_set(a, m, "alternates", alts);
	if (base != NULL) {
		buf_printf(&b, "%s%s%s/%s", base, s->prefix, langs[lang], rel);
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
void
series_href(buf *b, const char *root, reeks_lang lang, const char *id)
{
	buf_printf(b, "%s%s/series/%s.html", root, langs[lang], id);
}

const char *
root_of(const mustache_value *m)
{
	return mustache_value_text(mustache_map_get(m, "root"), NULL);
}
