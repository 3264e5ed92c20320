/*
 * xml.c: the dataset, or one series, as XML in the reeks format
 * (export_xml(), export_xml_series()).
 *
 * Nothing here depends on the locale: numbers are written from the text
 * the data gives them, never through printf's %f or %g.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "gen.h"
#include "data/export-internal.h"

/* ---------------------------------------------------------------------
 * XML, with libxml2's xmlTextWriter (which escapes text and attributes).
 * ------------------------------------------------------------------- */

typedef struct xml_out {
	xmlTextWriterPtr w;
	bool failed;
} xml_out;

static void
xo_start(xml_out *x, const char *name)
{
	if (!x->failed &&
	    xmlTextWriterStartElement(x->w, BAD_CAST name) < 0)
		x->failed = true;
}

static void
xo_end(xml_out *x)
{
	if (!x->failed && xmlTextWriterEndElement(x->w) < 0)
		x->failed = true;
}

/* An attribute; nothing when VALUE is NULL. */
static void
xo_attr(xml_out *x, const char *name, const char *value)
{
	if (!x->failed && value != NULL &&
	    xmlTextWriterWriteAttribute(x->w, BAD_CAST name,
	    BAD_CAST value) < 0)
		x->failed = true;
}

/* <NAME>TEXT</NAME>; nothing when TEXT is NULL. */
static void
xo_element(xml_out *x, const char *name, const char *text)
{
	if (!x->failed && text != NULL &&
	    xmlTextWriterWriteElement(x->w, BAD_CAST name,
	    BAD_CAST text) < 0)
		x->failed = true;
}

/* <NAME lang="LANG">TEXT</NAME>; nothing when TEXT is NULL. */
static void
xo_lang(xml_out *x, const char *name, const char *lang, const char *text)
{
	if (text == NULL)
		return;
	xo_start(x, name);
	xo_attr(x, "lang", lang);
	if (!x->failed && xmlTextWriterWriteString(x->w, BAD_CAST text) < 0)
		x->failed = true;
	xo_end(x);
}

/* NAME in English and Dutch, from a getter of a reeks_* object. */
#define XO_LANGS(x, name, get, obj) do { \
	xo_lang((x), (name), "en", get((obj), REEKS_EN)); \
	xo_lang((x), (name), "nl", get((obj), REEKS_NL)); \
} while (0)

static void
xml_topic(xml_out *x, const reeks_topic *t)
{
	xo_start(x, "topic");
	xo_attr(x, "id", reeks_topic_id(t));
	XO_LANGS(x, "title", reeks_topic_title, t);
	XO_LANGS(x, "description", reeks_topic_description, t);
	xo_end(x);
}

static void
xml_geography(xml_out *x, const reeks_geography *g)
{
	const reeks_geography *within = reeks_geography_within(g);

	xo_start(x, "geography");
	xo_attr(x, "id", reeks_geography_id(g));
	xo_attr(x, "scope", reeks_geography_scope(g));
	if (within != NULL)
		xo_attr(x, "within", reeks_geography_id(within));
	XO_LANGS(x, "name", reeks_geography_name, g);
	xo_end(x);
}

static void
xml_source(xml_out *x, const reeks_source *s)
{
	xo_start(x, "source");
	xo_attr(x, "id", reeks_source_id(s));
	xo_attr(x, "kind", reeks_source_kind(s));
	for (size_t i = 0; i < reeks_source_author_count(s); i++)
		xo_element(x, "author", reeks_source_author_at(s, i));
	xo_element(x, "title", reeks_source_title(s));
	xo_element(x, "publisher", reeks_source_publisher(s));
	xo_element(x, "container", reeks_source_container(s));
	xo_element(x, "volume", reeks_source_volume(s));
	xo_element(x, "pages", reeks_source_pages(s));
	xo_element(x, "year", reeks_source_year(s));
	xo_element(x, "issued", reeks_source_issued(s));
	xo_element(x, "url", reeks_source_url(s));
	xo_element(x, "license", reeks_source_license(s));
	xo_element(x, "citation", reeks_source_citation(s));
	XO_LANGS(x, "note", reeks_source_note, s);
	xo_end(x);
}

static void
xml_obs(xml_out *x, const reeks_obs *o)
{
	char status[2] = { reeks_obs_status(o), '\0' };

	xo_start(x, "obs");
	xo_attr(x, "period", reeks_obs_period(o));
	xo_attr(x, "value", reeks_obs_value_text(o));
	xo_attr(x, "lower", reeks_obs_lower_text(o));
	xo_attr(x, "upper", reeks_obs_upper_text(o));
	xo_attr(x, "qualifier", reeks_qualifier_name(reeks_obs_qualifier(o)));
	xo_attr(x, "status", status);
	xo_attr(x, "printed", reeks_obs_printed(o));
	xo_attr(x, "bounds", reeks_obs_bounds(o));
	xo_attr(x, "method", reeks_obs_method(o));
	xo_attr(x, "secondary", reeks_obs_secondary(o) ? "true" : "false");
	xo_attr(x, "numerator", reeks_obs_numerator_text(o));
	xo_attr(x, "denominator", reeks_obs_denominator_text(o));
	xo_attr(x, "source", reeks_source_id(reeks_obs_source(o)));
	xo_attr(x, "at", reeks_obs_locator(o));
	xo_element(x, "excerpt", reeks_obs_excerpt(o));
	XO_LANGS(x, "note", reeks_obs_note, o);
	xo_end(x);
}

static void
xml_series(xml_out *x, const reeks_series *se)
{
	xo_start(x, "series");
	xo_attr(x, "id", reeks_series_id(se));
	xo_attr(x, "topic", reeks_topic_id(reeks_series_topic(se)));
	xo_attr(x, "indicator", reeks_series_indicator(se));
	xo_attr(x, "unit", reeks_unit_name(reeks_series_unit(se)));
	xo_attr(x, "geography",
	    reeks_geography_id(reeks_series_geography(se)));
	XO_LANGS(x, "title", reeks_series_title, se);
	XO_LANGS(x, "description", reeks_series_description, se);
	if (reeks_series_breakdown_dimension(se) != NULL) {
		xo_start(x, "breakdown");
		xo_attr(x, "dimension", reeks_series_breakdown_dimension(se));
		xo_attr(x, "value", reeks_series_breakdown_value(se));
		XO_LANGS(x, "label", reeks_series_breakdown_label, se);
		xo_end(x);
	}
	XO_LANGS(x, "definition", reeks_series_definition, se);
	XO_LANGS(x, "caveat", reeks_series_caveat, se);
	for (size_t i = 0; i < reeks_series_break_count(se); i++) {
		const reeks_break *b = reeks_series_break_at(se, i);

		xo_start(x, "break");
		xo_attr(x, "period", reeks_break_period(b));
		XO_LANGS(x, "reason", reeks_break_reason, b);
		xo_end(x);
	}
	for (size_t i = 0; i < reeks_series_obs_count(se); i++)
		xml_obs(x, reeks_series_obs_at(se, i));
	xo_end(x);
}

static void
xml_claim(xml_out *x, const reeks_claim *c)
{
	xo_start(x, "claim");
	xo_attr(x, "id", reeks_claim_id(c));
	xo_attr(x, "operation", reeks_claim_operation(c));
	xo_attr(x, "value", reeks_claim_value_text(c));
	xo_attr(x, "printed", reeks_claim_printed(c));
	xo_attr(x, "source", reeks_source_id(reeks_claim_source(c)));
	xo_attr(x, "at", reeks_claim_locator(c));
	xo_element(x, "excerpt", reeks_claim_excerpt(c));
	for (size_t i = 0; i < reeks_claim_input_count(c); i++) {
		const reeks_obs *o = reeks_claim_input_obs(c, i);

		xo_start(x, "input");
		xo_attr(x, "series", reeks_series_id(reeks_obs_series(o)));
		xo_attr(x, "period", reeks_obs_period(o));
		xo_attr(x, "field", reeks_claim_input_field(c, i));
		xo_end(x);
	}
	XO_LANGS(x, "note", reeks_claim_note, c);
	xo_end(x);
}

static void
xml_change(xml_out *x, const reeks_change *c)
{
	xo_start(x, "change");
	xo_attr(x, "id", reeks_change_id(c));
	xo_attr(x, "date", reeks_change_date(c));
	XO_LANGS(x, "title", reeks_change_title, c);
	XO_LANGS(x, "summary", reeks_change_summary, c);
	xo_end(x);
}

/*
 * Where libxml2's output goes: FILE F, through our own write callback. A
 * failed write is kept (its errno) and the callback still reports success,
 * so that libxml2 never sees an I/O error and never prints its own "I/O
 * error : ..." lines (it would, from its generic error handler, on a full
 * disk); the caller reports ERR once, with the file's name. After a
 * failure nothing more is written.
 */
typedef struct xml_sink {
	FILE *f;
	int err;                /* errno of the first failed write, or 0 */
} xml_sink;

static int
xml_sink_write(void *ctx, const char *data, int len)
{
	xml_sink *s = ctx;

	if (s->err == 0 && len > 0) {
		errno = 0;
		if (fwrite(data, 1, (size_t)len, s->f) != (size_t)len)
			s->err = errno != 0 ? errno : EIO;
	}
	return len;
}

static int
xml_export(const selection *sel, FILE *out)
{
	const reeks_store *st = sel->st;
	/* Written to OUT as it goes, so that a big dataset is never held
	 * whole in memory. */
	xml_sink sink = { out, 0 };
	xmlOutputBufferPtr ob = xmlOutputBufferCreateIO(xml_sink_write, NULL,
	    &sink, NULL);
	xml_out x = { NULL, false };
	int rc = -1;

	if (ob == NULL || (x.w = xmlNewTextWriter(ob)) == NULL) {
		if (ob != NULL)
			xmlOutputBufferClose(ob);
		errno = ENOMEM;
		goto out;
	}
	if (xmlTextWriterSetIndent(x.w, 1) < 0 ||
	    xmlTextWriterSetIndentString(x.w, BAD_CAST "  ") < 0 ||
	    xmlTextWriterStartDocument(x.w, "1.0", "UTF-8", NULL) < 0 ||
	    xmlTextWriterWriteComment(x.w, BAD_CAST " reeks dataset: valid "
	    "against reeks.xsd (the reeks data format, version 1) ") < 0)
		x.failed = true;
	xo_start(&x, "reeks");
	xo_attr(&x, "version", "1");
	for (size_t i = 0; i < reeks_store_topic_count(st); i++)
		if (sel_topic(sel, reeks_store_topic_at(st, i)))
			xml_topic(&x, reeks_store_topic_at(st, i));
	for (size_t i = 0; i < reeks_store_geography_count(st); i++)
		if (sel_geography(sel, reeks_store_geography_at(st, i)))
			xml_geography(&x, reeks_store_geography_at(st, i));
	for (size_t i = 0; i < reeks_store_source_count(st); i++)
		if (sel_source(sel, reeks_store_source_at(st, i)))
			xml_source(&x, reeks_store_source_at(st, i));
	for (size_t i = 0; i < sel_series_count(sel); i++)
		xml_series(&x, sel_series_at(sel, i));
	for (size_t i = 0; i < sel_claim_count(sel); i++)
		xml_claim(&x, sel_claim_at(sel, i));
	for (size_t i = 0; i < reeks_store_change_count(st); i++)
		if (sel_change(sel, reeks_store_change_at(st, i)))
			xml_change(&x, reeks_store_change_at(st, i));
	xo_end(&x);
	if (x.failed || xmlTextWriterEndDocument(x.w) < 0) {
		errno = sink.err != 0 ? sink.err : ENOMEM;
		goto out;
	}
	xmlFreeTextWriter(x.w);     /* flushes into OUT (not closed) */
	x.w = NULL;
	errno = 0;
	if (sink.err != 0 || fflush(out) != 0 || ferror(out)) {
		errno = sink.err != 0 ? sink.err : errno != 0 ? errno : EIO;
		goto out;
	}
	rc = 0;
out:
	if (x.w != NULL)
		xmlFreeTextWriter(x.w);
	return rc;
}

int
export_xml(const reeks_store *st, FILE *out)
{
	return export_selected(xml_export, st, NULL, out);
}

int
export_xml_series(const reeks_store *st, const reeks_series *se,
    FILE *out)
{
	return export_selected(xml_export, st, se, out);
}
