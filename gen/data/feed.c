/*
 * feed.c: see feed.h. XML is written with libxml2's xmlTextWriter, which
 * escapes every text and attribute.
 */
#include <string.h>

#include <libxml/xmlwriter.h>

#include "data/feed.h"

/* Start a writer into a libxml2 buffer; NULL when out of memory. */
static xmlTextWriterPtr
writer(xmlBufferPtr *xb)
{
	xmlTextWriterPtr w;

	if ((*xb = xmlBufferCreate()) == NULL)
		return NULL;
	if ((w = xmlNewTextWriterMemory(*xb, 0)) == NULL) {
		xmlBufferFree(*xb);
		*xb = NULL;
		return NULL;
	}
	xmlTextWriterSetIndent(w, 1);
	xmlTextWriterSetIndentString(w, BAD_CAST "  ");
	return w;
}

/* Finish W, append the document to OUT, free both. */
static int
finish(xmlTextWriterPtr w, xmlBufferPtr xb, buf *out, int rc)
{
	if (xmlTextWriterEndDocument(w) < 0)
		rc = -1;
	xmlFreeTextWriter(w);
	if (rc == 0)
		buf_add(out, (const char *)xmlBufferContent(xb),
		    (size_t)xmlBufferLength(xb));
	xmlBufferFree(xb);
	return rc == 0 && !out->failed ? 0 : -1;
}

static int
element(xmlTextWriterPtr w, const char *name, const char *text)
{
	return xmlTextWriterWriteElement(w, BAD_CAST name, BAD_CAST text);
}

int
feed_atom(buf *out, const reeks_store *st, const char *base_url,
    const char *updated)
{
	xmlBufferPtr xb;
	xmlTextWriterPtr w = writer(&xb);
	buf b = { 0 };
	int rc = 0;

	if (w == NULL)
		return -1;
	rc |= xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL) < 0;
	rc |= xmlTextWriterStartElementNS(w, NULL, BAD_CAST "feed",
	    BAD_CAST "http://www.w3.org/2005/Atom") < 0;
	buf_printf(&b, "%sfeed.atom", base_url);
	rc |= element(w, "id", b.data) < 0;
	rc |= element(w, "title", "reeks: changes to the data") < 0;
	buf_reset(&b);
	buf_printf(&b, "%sT00:00:00Z", updated);
	rc |= element(w, "updated", b.data) < 0;
	rc |= xmlTextWriterStartElement(w, BAD_CAST "link") < 0;
	rc |= xmlTextWriterWriteAttribute(w, BAD_CAST "rel", BAD_CAST "self") < 0;
	buf_reset(&b);
	buf_printf(&b, "%sfeed.atom", base_url);
	rc |= xmlTextWriterWriteAttribute(w, BAD_CAST "href",
	    BAD_CAST b.data) < 0;
	rc |= xmlTextWriterEndElement(w) < 0;
	rc |= xmlTextWriterStartElement(w, BAD_CAST "link") < 0;
	buf_reset(&b);
	buf_printf(&b, "%sen/downloads.html#changes", base_url);
	rc |= xmlTextWriterWriteAttribute(w, BAD_CAST "href",
	    BAD_CAST b.data) < 0;
	rc |= xmlTextWriterEndElement(w) < 0;
	rc |= xmlTextWriterStartElement(w, BAD_CAST "author") < 0;
	rc |= element(w, "name", "reeks") < 0;
	rc |= xmlTextWriterEndElement(w) < 0;

	for (size_t i = reeks_store_change_count(st); i-- > 0;) {
		const reeks_change *c = reeks_store_change_at(st, i);

		rc |= xmlTextWriterStartElement(w, BAD_CAST "entry") < 0;
		buf_reset(&b);
		buf_printf(&b, "%sen/downloads.html#change-%s", base_url,
		    reeks_change_id(c));
		rc |= element(w, "id", b.data) < 0;
		rc |= xmlTextWriterStartElement(w, BAD_CAST "link") < 0;
		rc |= xmlTextWriterWriteAttribute(w, BAD_CAST "href",
		    BAD_CAST b.data) < 0;
		rc |= xmlTextWriterEndElement(w) < 0;
		rc |= element(w, "title", reeks_change_title(c, REEKS_EN)) < 0;
		buf_reset(&b);
		buf_printf(&b, "%sT00:00:00Z", reeks_change_date(c));
		rc |= element(w, "updated", b.data) < 0;
		rc |= element(w, "summary", reeks_change_summary(c, REEKS_EN))
		    < 0;
		rc |= xmlTextWriterEndElement(w) < 0;
	}
	rc |= xmlTextWriterEndElement(w) < 0;
	buf_free(&b);
	return finish(w, xb, out, rc ? -1 : 0);
}

int
feed_sitemap(buf *out, const out_dir *o, const char *base_url,
    const char *lastmod)
{
	xmlBufferPtr xb;
	xmlTextWriterPtr w = writer(&xb);
	buf b = { 0 };
	int rc = 0;

	if (w == NULL)
		return -1;
	rc |= xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL) < 0;
	rc |= xmlTextWriterStartElementNS(w, NULL, BAD_CAST "urlset",
	    BAD_CAST "http://www.sitemaps.org/schemas/sitemap/0.9") < 0;
	for (size_t i = 0; i < out_count(o); i++) {
		const char *p = out_at(o, i)->path;
		size_t len = strlen(p);
		const char *slash = strrchr(p, '/');
		const char *name = slash != NULL ? slash + 1 : p;

		if (len < 5 || strcmp(p + len - 5, ".html") != 0 ||
		    strcmp(name, "404.html") == 0)
			continue;
		rc |= xmlTextWriterStartElement(w, BAD_CAST "url") < 0;
		buf_reset(&b);
		buf_printf(&b, "%s%s", base_url, p);
		rc |= element(w, "loc", b.data) < 0;
		rc |= element(w, "lastmod", lastmod) < 0;
		rc |= xmlTextWriterEndElement(w) < 0;
	}
	rc |= xmlTextWriterEndElement(w) < 0;
	buf_free(&b);
	return finish(w, xb, out, rc ? -1 : 0);
}

void
feed_robots(buf *out, const char *base_url)
{
	buf_puts(out, "User-agent: *\nAllow: /\n");
	if (base_url != NULL)
		buf_printf(out, "Sitemap: %ssitemap.xml\n", base_url);
}
