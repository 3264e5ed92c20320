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

int
feed_atom(buf *out, const reeks_store *st, const char *base_url,
    const char *updated)
{
	xmlw x;
	buf b = { 0 };
	bool failed;

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

	for (size_t i = reeks_store_change_count(st); i-- > 0;) {
		const reeks_change *c = reeks_store_change_at(st, i);
		const char *id = url(&b, base_url, "en/downloads.html#change-",
		    reeks_change_id(c));

		xmlw_start(&x, "entry");
		element(&x, "id", id);
		atom_link(&x, NULL, id);
		element(&x, "title", reeks_change_title(c, REEKS_EN));
		buf_reset(&b);
		buf_printf(&b, "%sT00:00:00Z", reeks_change_date(c));
		element(&x, "updated", b.data);
		element(&x, "summary", reeks_change_summary(c, REEKS_EN));
		xmlw_end(&x);
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
