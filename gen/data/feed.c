/*
 * feed.c: see feed.h. XML is written through util/xmlw.h (libxml2's
 * xmlTextWriter, which escapes every text and attribute).
 */
#include <string.h>

#include "data/feed.h"
#include "util/xmlw.h"

/* <NAME>TEXT</NAME>, <NAME/> when TEXT is NULL. */
static void
element(xmlw *x, const char *name, const char *text)
{
	xmlw_start(x, name);
	xmlw_text(x, text);
	xmlw_end(x);
}

/* <link [rel="REL"] href="HREF"/>. */
static void
atom_link(xmlw *x, const char *rel, const char *href)
{
	xmlw_start(x, "link");
	xmlw_attr(x, "rel", rel);
	xmlw_attr(x, "href", href);
	xmlw_end(x);
}

/* B emptied and made BASE_URL PATH MORE (MORE may be NULL); NULL when
 * out of memory. */
static const char *
url(buf *b, const char *base_url, const char *path, const char *more)
{
	buf_reset(b);
	buf_puts(b, base_url);
	buf_puts(b, path);
	if (more != NULL)
		buf_puts(b, more);
	return b->failed ? NULL : b->data;
}

/* Finish X into OUT; B lost text for lack of memory when FAILED. */
static int
finish(xmlw *x, buf *out, bool failed)
{
	if (failed)
		x->failed = true;
	return xmlw_close(x, out);
}

/* Figure O as the feed shows it: its value as printed, its bounds, its
 * qualifier when it has one, and its source when OTHER's differs. */
static void
figure_text(buf *b, const reeks_obs *o, const reeks_obs *other)
{
	const char *v = reeks_obs_value_text(o);
	reeks_qualifier q = reeks_obs_qualifier(o);

	buf_puts(b, v != NULL ? v : "no value");
	if (reeks_obs_lower_text(o) != NULL &&
	    reeks_obs_upper_text(o) != NULL)
		buf_printf(b, " (%s\xe2\x80\x93%s)", reeks_obs_lower_text(o),
		    reeks_obs_upper_text(o));
	if (q != REEKS_QUAL_EXACT)
		buf_printf(b, " [%s]", reeks_qualifier_name(q));
	if (other != NULL && reeks_obs_source(o) != reeks_obs_source(other) &&
	    strcmp(reeks_source_id(reeks_obs_source(o)),
	    reeks_source_id(reeks_obs_source(other))) != 0)
		buf_printf(b, " (source: %s)",
		    reeks_source_id(reeks_obs_source(o)));
}

/* "N figure(s)". */
static void
figures(buf *b, size_t n)
{
	buf_printf(b, "%zu figure%s", n, n == 1 ? "" : "s");
}

/* <p>TEXT</p>. */
static void
para(xmlw *x, const char *text)
{
	element(x, "p", text);
}

/* What release REL changed from PREV (NULL for the first), as XHTML. */
static void
release_content(xmlw *x, buf *b, const feed_release *rel,
    const feed_release *prev)
{
	const char *note = reeks_release_note(rel->r, REEKS_EN);
	const revisions *rv = rel->changes;

	xmlw_start(x, "content");
	xmlw_attr(x, "type", "xhtml");
	xmlw_start_ns(x, "div", "http://www.w3.org/1999/xhtml");
	if (note != NULL)
		para(x, note);
	buf_reset(b);
	if (prev == NULL || rv == NULL) {
		size_t nseries = reeks_store_series_count(rel->st), nobs = 0;

		for (size_t i = 0; i < nseries; i++)
			nobs += reeks_series_obs_count(
			    reeks_store_series_at(rel->st, i));
		buf_printf(b, "It holds %zu series with ", nseries);
		figures(b, nobs);
		buf_putc(b, '.');
		para(x, b->data);
		xmlw_end(x);
		xmlw_end(x);
		return;
	}
	buf_printf(b, "Since release %s: ", reeks_release_name(prev->r));
	figures(b, rv->added);
	buf_printf(b, " added, %zu removed, %zu revised.", rv->removed,
	    rv->revised);
	para(x, b->data);
	if (rv->revised > 0)
		xmlw_start(x, "ul");
	for (size_t i = 0; i < rv->n; i++) {
		const revision *v = &rv->v[i];
		const reeks_series *se = reeks_series_find(rel->st, v->series);

		if (v->kind != REVISION_REVISED)
			continue;
		buf_reset(b);
		buf_printf(b, "%s, %s: ", se != NULL ?
		    reeks_series_title(se, REEKS_EN) : v->series, v->period);
		figure_text(b, v->old, v->new);
		buf_puts(b, " \xe2\x86\x92 ");    /* → */
		figure_text(b, v->new, v->old);
		buf_puts(b, ". Why: ");
		if (v->change != NULL)
			buf_puts(b, reeks_change_title(v->change, REEKS_EN));
		else if (rv->nlog == 0)
			buf_puts(b, "not in the change log");
		for (size_t j = 0; v->change == NULL && j < rv->nlog; j++)
			buf_printf(b, "%s%s", j > 0 ? "; " : "",
			    reeks_change_title(rv->log[j], REEKS_EN));
		buf_putc(b, '.');
		xmlw_start(x, "li");
		xmlw_text(x, b->data);
		xmlw_end(x);
	}
	if (rv->revised > 0)
		xmlw_end(x);
	xmlw_end(x);
	xmlw_end(x);
}

/* The entry of release I of REL. */
static void
release_entry(xmlw *x, buf *b, const feed_release *rel, size_t i,
    const char *base_url)
{
	buf id = { 0 };
	const char *name = reeks_release_name(rel[i].r);

	buf_printf(&id, "%sreleases/%s/en/index.html", base_url, name);
	xmlw_start(x, "entry");
	element(x, "id", id.data);
	atom_link(x, NULL, id.data);
	buf_reset(b);
	buf_printf(b, "Release %s", name);
	element(x, "title", b->data);
	buf_reset(b);
	buf_printf(b, "%sT00:00:00Z", reeks_release_date(rel[i].r));
	element(x, "updated", b->data);
	release_content(x, b, &rel[i], i > 0 ? &rel[i - 1] : NULL);
	xmlw_end(x);
	if (id.failed)
		b->failed = true;
	buf_free(&id);
}

/* The entry of change C. */
static void
change_entry(xmlw *x, buf *b, const reeks_change *c, const char *base_url)
{
	buf id = { 0 };

	url(&id, base_url, "en/downloads.html#change-", reeks_change_id(c));
	xmlw_start(x, "entry");
	element(x, "id", id.data);
	atom_link(x, NULL, id.data);
	element(x, "title", reeks_change_title(c, REEKS_EN));
	buf_reset(b);
	buf_printf(b, "%sT00:00:00Z", reeks_change_date(c));
	element(x, "updated", b->data);
	element(x, "summary", reeks_change_summary(c, REEKS_EN));
	xmlw_end(x);
	if (id.failed)
		b->failed = true;
	buf_free(&id);
}

int
feed_atom(buf *out, const reeks_store *st, const feed_release *rel,
    size_t n, const char *base_url, const char *updated)
{
	xmlw x;
	buf b = { 0 };
	bool failed;
	size_t ci = reeks_store_change_count(st), ri = n;

	if (n > 0 && strcmp(reeks_release_date(rel[n - 1].r), updated) > 0)
		updated = reeks_release_date(rel[n - 1].r);
	xmlw_open_mem(&x);
	xmlw_start_ns(&x, "feed", "http://www.w3.org/2005/Atom");
	element(&x, "id", url(&b, base_url, "feed.atom", NULL));
	element(&x, "title", "reeks: changes to the data");
	buf_reset(&b);
	buf_printf(&b, "%sT00:00:00Z", updated);
	element(&x, "updated", b.data);
	atom_link(&x, "self", url(&b, base_url, "feed.atom", NULL));
	atom_link(&x, NULL, url(&b, base_url, "en/downloads.html#changes",
	    NULL));
	xmlw_start(&x, "author");
	element(&x, "name", "reeks");
	xmlw_end(&x);

	/* Both lists are oldest first: merge them from their ends. */
	while (ci > 0 || ri > 0) {
		const reeks_change *c = ci > 0 ?
		    reeks_store_change_at(st, ci - 1) : NULL;

		if (ri > 0 && (c == NULL || strcmp(reeks_release_date(
		    rel[ri - 1].r), reeks_change_date(c)) >= 0)) {
			ri--;
			release_entry(&x, &b, rel, ri, base_url);
		} else {
			ci--;
			change_entry(&x, &b, c, base_url);
		}
	}
	xmlw_end(&x);
	failed = b.failed;
	buf_free(&b);
	return finish(&x, out, failed);
}

int
feed_sitemap(buf *out, const out_dir *o, const char *base_url,
    const char *lastmod)
{
	xmlw x;
	buf b = { 0 };
	bool failed;

	xmlw_open_mem(&x);
	xmlw_start_ns(&x, "urlset",
	    "http://www.sitemaps.org/schemas/sitemap/0.9");
	for (size_t i = 0; i < out_count(o); i++) {
		const char *p = out_at(o, i)->path;
		size_t len = strlen(p);
		const char *slash = strrchr(p, '/');
		const char *name = slash != NULL ? slash + 1 : p;

		if (len < 5 || strcmp(p + len - 5, ".html") != 0 ||
		    strcmp(name, "404.html") == 0)
			continue;
		xmlw_start(&x, "url");
		element(&x, "loc", url(&b, base_url, p, NULL));
		element(&x, "lastmod", lastmod);
		xmlw_end(&x);
	}
	xmlw_end(&x);
	failed = b.failed;
	buf_free(&b);
	return finish(&x, out, failed);
}

void
feed_robots(buf *out, const char *base_url)
{
	buf_puts(out, "User-agent: *\nAllow: /\n");
	if (base_url != NULL)
		buf_printf(out, "Sitemap: %ssitemap.xml\n", base_url);
}
