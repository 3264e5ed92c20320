/*
 * site/cite.c: what a series page's table cites: each figure's citation
 * (shown in place when its row is the page's target), and the numbered
 * footnotes under the table, its sources and its notes
 * (see site-internal.h).
 */
#include "site/site-internal.h"
#include "util/escape.h"

/* Stands for the date consulted while a citation is formatted, so that
 * the page can mark that date up for the copy script (templates/cite.js)
 * to replace with the reader's date. No message contains it. */
#define DATE_MARK "\x01"

/* The figure O as cited, in LANG: with the qualifier the source printed
 * with it ("approximately 66.7%", "up to 25%"), else as in the table. */
void
obs_value_cited(site *s, buf *b, const reeks_obs *o, reeks_unit unit,
    reeks_lang lang)
{
	reeks_qualifier q = reeks_obs_qualifier(o);

	if (q == REEKS_QUAL_APPROX || q == REEKS_QUAL_AT_LEAST ||
	    q == REEKS_QUAL_AT_MOST)
		buf_printf(b, "%s ", msg(s, lang, qualifier_key(q)));
	obs_value(b, o, unit, lang);
}

/* Message KEY formatted with PAIRS (whose "date" is DATE_MARK) into the
 * scratch buffer T, set in M as NAME: a map of "before" and "after", the
 * text on either side of the date consulted. */
static void
set_dated(site *s, buf *t, mustache_value *m, const char *name,
    reeks_lang lang, const char *key, const char *const *pairs)
{
	mustache_arena *a = s->arena;
	mustache_value *v = mustache_map(a);
	char *mark;

	buf_reset(t);
	catalog_format(t, s->cat[lang], key, pairs, &s->errs);
	/* DATE_MARK is one byte: memchr(), not strstr(). */
	mark = t->data != NULL ? memchr(t->data, DATE_MARK[0], t->len) : NULL;
	size_t before = mark != NULL ? (size_t)(mark - t->data) : t->len;
	mustache_map_set(a, v, "after", mark != NULL ? mustache_string_n(a,
	    mark + 1, t->len - before - 1) : mustache_string_ref(a, ""));
	mustache_map_set(a, v, "before", mustache_string_n(a,
	    t->data != NULL ? t->data : "", before));
	mustache_map_set(a, m, name, v);
}

/* The address of series ID's page in LANG on the site at BASE, of
 * release R (NULL: the latest page), appended to B. */
void
series_url(buf *b, const char *base, const site_release *r,
    reeks_lang lang, const char *id)
{
	buf_puts(b, base);
	if (r != NULL)
		buf_printf(b, "releases/%s/", reeks_release_name(r->r));
	buf_printf(b, "%s/series/", langs[lang]);
	escape_url_component(b, id);
	buf_puts(b, ".html");
}

/* The version of the data a citation names, in LANG, into B: release
 * R's name, else (R NULL: not in a release) the data's date, saying so. */
void
cite_version(site *s, buf *b, const site_release *r, reeks_lang lang)
{
	if (r != NULL) {
		buf_puts(b, reeks_release_name(r->r));
		return;
	}
	const char *pairs[] = { "version", s->updated, NULL };
	catalog_format(b, s->cat[lang], "cite_unreleased", pairs, &s->errs);
}

void
cite_rows_init(site *s, cite_rows *c, const reeks_series *se,
    reeks_lang lang)
{
	memset(c, 0, sizeof *c);
	c->se = se;
	c->lang = lang;
	memcpy(c->year, s->updated, 4);
	c->year[4] = '\0';
	if (s->opts->base_url != NULL) {
		series_url(&c->latest, s->opts->base_url, NULL, lang,
		    reeks_series_id(se));
		buf_putc(&c->latest, '#');
	}
}

void
cite_rows_free(cite_rows *c)
{
	buf_free(&c->latest);
	buf_free(&c->rel_url);
	buf_free(&c->unreleased);
	buf_free(&c->text);
	memset(c, 0, sizeof *c);
}

/* PREFIX (a page's address up to the anchor, made once) and O's anchor
 * into B; a PREFIX that failed fails B. */
static void
anchored(buf *b, const buf *prefix, const reeks_obs *o)
{
	if (prefix->failed)
		buf_fail(b);
	else
		buf_add(b, prefix->data != NULL ? prefix->data : "",
		    prefix->len);
	obs_anchor(b, o);
}

/* The version a figure in release R is cited with, into B: as
 * cite_version(), the sentence for a figure in no release formatted once
 * a page (again each time it fails, to report why). */
static void
row_version(site *s, cite_rows *c, buf *b, const site_release *r)
{
	if (r != NULL) {
		cite_version(s, b, r, c->lang);
		return;
	}
	if (!c->have_unreleased) {
		buf_reset(&c->unreleased);
		cite_version(s, &c->unreleased, NULL, c->lang);
		if (c->unreleased.failed || c->unreleased.data == NULL) {
			buf_reset(&c->unreleased);
			cite_version(s, b, NULL, c->lang);
			return;
		}
		c->have_unreleased = true;
	}
	buf_add(b, c->unreleased.data, c->unreleased.len);
}

/*
 * The citation of figure O of series SE in LANG, as a map: "apa" and
 * "text", each "before" and "after" the date consulted (the data's date,
 * s->updated, which the page shows there), "url", the figure's permalink
 * in its release (else on the latest page; empty without a base URL),
 * "latest", its address on the latest page, and "version".
 *
 * The version is the release the figure is in as it is now (the latest
 * release, or the release whose page this is), else the data's date,
 * the sentence saying that the figure is not yet in a release (the APA
 * citation gives the version alone: a long series' page lists 500 rows
 * and stays under a megabyte, tests/bigseries.sh). On the current site a
 * figure in a release is cited with both addresses: the release's, which
 * never changes, and the latest page's. What the rows share comes from C
 * (cite_rows_init(): SE and LANG are C's).
 */
mustache_value *
row_citation(site *s, cite_rows *c, const reeks_obs *o)
{
	const reeks_series *se = c->se;
	reeks_lang lang = c->lang;
	mustache_arena *a = s->arena;
	mustache_value *m = mustache_map(a);
	const reeks_source *src = reeks_obs_source(o);
	const site_release *rel = s->release != NULL ? s->release :
	    figure_release(s, o);
	buf link = { 0 }, latest = { 0 }, url = { 0 }, apa_url = { 0 },
	    per = { 0 }, val = { 0 }, ver = { 0 };

	row_version(s, c, &ver, rel);
	if (s->opts->base_url != NULL) {
		anchored(&latest, &c->latest, o);
		if (rel != NULL) {
			if (c->rel != rel) {
				buf_reset(&c->rel_url);
				series_url(&c->rel_url, s->opts->base_url,
				    rel, lang, reeks_series_id(se));
				buf_putc(&c->rel_url, '#');
				c->rel = rel;
			}
			anchored(&link, &c->rel_url, o);
		} else {
			/* Out of memory, LATEST is empty and failed: so is the
			 * build (buf_failures()). */
			buf_puts(&link, latest.data != NULL ? latest.data : "");
		}
		const char *pairs[] = { "url", latest.data != NULL ?
		    latest.data : "", "release_url", link.data != NULL ?
		    link.data : "", NULL };
		/* On a release's page: its address alone. */
		if (s->release != NULL)
			pairs[1] = link.data;
		bool both = rel != NULL && s->release == NULL;
		catalog_format(&url, s->cat[lang], both ? "cite_release_url" :
		    "cite_url", pairs, &s->errs);
		catalog_format(&apa_url, s->cat[lang], both ?
		    "cite_apa_release_url" : "cite_apa_url", pairs, &s->errs);
	}
	period_text(&per, reeks_obs_period(o));
	obs_value_cited(s, &val, o, reeks_series_unit(se), lang);
	const char *pairs[] = { "title", reeks_series_title(se, lang),
	    "period", per.data, "value", val.data, "citation",
	    reeks_source_citation_lang(src, lang), "locator",
	    reeks_obs_locator_lang(o, lang),
	    "year", c->year, "version", ver.data, "apa_version", rel != NULL ?
	    reeks_release_name(rel->r) : s->updated, "date", DATE_MARK,
	    "url", url.data != NULL ? url.data : "",
	    "apa_url", apa_url.data != NULL ? apa_url.data : "", NULL };
	set_dated(s, &c->text, m, "apa", lang, "cite_apa", pairs);
	set_dated(s, &c->text, m, "text", lang, "cite_sentence", pairs);
	set_buf(s, m, "url", &link);
	set_buf(s, m, "latest", &latest);
	set_buf(s, m, "version", &ver);
	buf_free(&link);
	buf_free(&latest);
	buf_free(&url);
	buf_free(&apa_url);
	buf_free(&per);
	buf_free(&val);
	buf_free(&ver);
	return m;
}

/* ---- footnotes ----------------------------------------------------------- */

/* What a note footnote is: an observation's note and excerpt; figures
 * with the same both share one. */
static bool
same_note(const reeks_obs *x, const reeks_obs *y, reeks_lang lang)
{
	const char *nx = reeks_obs_note(x, lang), *ny = reeks_obs_note(y, lang);
	const char *ex = reeks_obs_excerpt(x), *ey = reeks_obs_excerpt(y);

	return strcmp(nx != NULL ? nx : "", ny != NULL ? ny : "") == 0 &&
	    strcmp(ex != NULL ? ex : "", ey != NULL ? ey : "") == 0;
}

static bool
has_note(const reeks_obs *o, reeks_lang lang)
{
	const char *n = reeks_obs_note(o, lang), *e = reeks_obs_excerpt(o);

	return (n != NULL && *n != '\0') || (e != NULL && *e != '\0');
}

void
footnotes_init(footnotes *f, reeks_lang lang)
{
	memset(f, 0, sizeof *f);
	f->lang = lang;
}

void
footnotes_free(footnotes *f)
{
	free(f->sources);
	free(f->notes);
	free(f->note_hash);
	free(f->marked);
	free(f->marked_n);
	memset(f, 0, sizeof *f);
}

/* The number (from 1) of X in LIST of *N, added when new; 0 when out of
 * memory. */
static size_t
number_of(const void ***list, size_t *n, size_t *cap, const void *x)
{
	for (size_t i = 0; i < *n; i++)
		if ((*list)[i] == x)
			return i + 1;
	if (*n == *cap) {
		size_t c = *cap > 0 ? 2 * *cap : 8;
		const void **more = realloc(*list, c * sizeof *more);

		if (more == NULL)
			return 0;
		*list = more;
		*cap = c;
	}
	(*list)[(*n)++] = x;
	return *n;
}

/* A hash of what same_note() compares (FNV-1a over the note, a NUL and
 * the excerpt), so that most notes that differ are told apart without
 * comparing them. */
static uint32_t
note_hash(const reeks_obs *o, reeks_lang lang)
{
	const char *parts[2] = { reeks_obs_note(o, lang), reeks_obs_excerpt(o) };
	uint32_t h = 2166136261u;

	for (int k = 0; k < 2; k++) {
		for (const char *p = parts[k]; p != NULL && *p != '\0'; p++) {
			h ^= (unsigned char)*p;
			h *= 16777619u;
		}
		h *= 16777619u;         /* the NUL between them */
	}
	return h;
}

/* The number (from 1) of O's note in F, added when new; 0 when out of
 * memory. Figures with the same note (same_note()) share a number. */
static size_t
note_number(footnotes *f, const reeks_obs *o)
{
	uint32_t h = note_hash(o, f->lang);

	for (size_t i = 0; i < f->nnotes; i++)
		if (f->notes[i] == o || (f->note_hash[i] == h &&
		    same_note(f->notes[i], o, f->lang)))
			return i + 1;
	if (f->nnotes == f->notes_cap) {
		size_t c = f->notes_cap > 0 ? 2 * f->notes_cap : 8;
		const reeks_obs **more = realloc(f->notes, c * sizeof *more);
		uint32_t *hashes;

		if (more == NULL)
			return 0;
		f->notes = more;
		if ((hashes = realloc(f->note_hash, c * sizeof *hashes)) ==
		    NULL)
			return 0;
		f->note_hash = hashes;
		f->notes_cap = c;
	}
	f->notes[f->nnotes] = o;
	f->note_hash[f->nnotes] = h;
	return ++f->nnotes;
}

/* Remember that O's row shows note N. Returns false when out of
 * memory. */
static bool
note_marked(footnotes *f, const reeks_obs *o, size_t n)
{
	if (f->nmarked == f->marked_cap) {
		size_t c = f->marked_cap > 0 ? 2 * f->marked_cap : 16;
		const reeks_obs **more = realloc(f->marked, c * sizeof *more);
		size_t *nums;

		if (more == NULL)
			return false;
		f->marked = more;
		if ((nums = realloc(f->marked_n, c * sizeof *nums)) == NULL)
			return false;
		f->marked_n = nums;
		f->marked_cap = c;
	}
	f->marked[f->nmarked] = o;
	f->marked_n[f->nmarked++] = n;
	return true;
}

/* The footnote marks of O's row, set in R: "source_n" (its source's
 * number) and "note_n" (its note's, or false), numbered in the order
 * the rows come. */
void
footnotes_mark(site *s, footnotes *f, mustache_value *r, const reeks_obs *o)
{
	mustache_arena *a = s->arena;
	size_t n;
	char num[24];

	n = number_of((const void ***)&f->sources, &f->nsources,
	    &f->sources_cap, reeks_obs_source(o));
	if (n == 0)
		errlist_add(&s->errs, NULL, 0, 0, "out of memory");
	snprintf(num, sizeof num, "%zu", n);
	set_str(s, r, "source_n", num);
	if (!has_note(o, f->lang)) {
		mustache_map_set(a, r, "note_n", mustache_bool(a, false));
		return;
	}
	n = note_number(f, o);
	if (n == 0 || !note_marked(f, o, n))
		errlist_add(&s->errs, NULL, 0, 0, "out of memory");
	snprintf(num, sizeof num, "%zu", n);
	set_str(s, r, "note_n", num);
}

/* The footnotes of F's table, set in M: "sources" (number, label, href to
 * the sources page, citation) and "notes" (number, note, excerpt, and
 * "rows": the anchor and period of every listed figure of SE with it);
 * ROOT is the page's way to the site root. */
void
footnotes_set(site *s, footnotes *f, mustache_value *m, const char *root)
{
	mustache_arena *a = s->arena;
	mustache_value *srcs = mustache_list(a), *notes = mustache_list(a);
	buf b = { 0 };
	char num[24];
	reeks_lang lang = f->lang;

	for (size_t i = 0; i < f->nsources; i++) {
		const reeks_source *src = f->sources[i];
		mustache_value *v = mustache_map(a);

		snprintf(num, sizeof num, "%zu", i + 1);
		set_str(s, v, "n", num);
		mustache_map_set(a, v, "label", source_label(s, src, lang));
		buf_printf(&b, "%s%s/sources.html#%s", root, langs[lang],
		    reeks_source_id(src));
		set_buf(s, v, "href", &b);
		set_str(s, v, "citation", reeks_source_citation_lang(src,
		    lang));
		mustache_list_push(a, srcs, v);
	}
	for (size_t i = 0; i < f->nnotes; i++) {
		const reeks_obs *o = f->notes[i];
		mustache_value *v = mustache_map(a), *rows = mustache_list(a);
		const char *note = reeks_obs_note(o, lang);

		snprintf(num, sizeof num, "%zu", i + 1);
		set_str(s, v, "n", num);
		set_str(s, v, "note", note != NULL && *note != '\0' ? note :
		    NULL);
		set_str(s, v, "excerpt", reeks_obs_excerpt(o));
		/* Newest first, as in the table: the rows marked with it. */
		for (size_t j = 0; j < f->nmarked; j++) {
			const reeks_obs *x = f->marked[j];
			mustache_value *r;

			if (f->marked_n[j] != i + 1)
				continue;
			r = mustache_map(a);
			set_str(s, r, "sep", mustache_list_count(rows) > 0 ?
			    ", " : "");
			obs_anchor(&b, x);
			set_buf(s, r, "anchor", &b);
			period_text(&b, reeks_obs_period(x));
			set_buf(s, r, "period", &b);
			mustache_list_push(a, rows, r);
		}
		mustache_map_set(a, v, "rows", rows);
		mustache_list_push(a, notes, v);
	}
	mustache_map_set(a, m, "sources", srcs);
	mustache_map_set(a, m, "notes", notes);
	mustache_map_set(a, m, "has_notes", mustache_bool(a, f->nnotes > 0));
	snprintf(num, sizeof num, "%zu", f->nnotes);
	set_str(s, m, "notes_count", num);
	buf_free(&b);
}
