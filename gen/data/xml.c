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

#include "gen.h"
#include "data/export-internal.h"
#include "util/xmlw.h"

/* <NAME lang="LANG">TEXT</NAME>; nothing when TEXT is NULL. */
static void
xo_lang(xmlw *x, const char *name, const char *lang, const char *text)
{
	if (text == NULL)
		return;
	xmlw_start(x, name);
	xmlw_attr(x, "lang", lang);
	xmlw_text(x, text);
	xmlw_end(x);
}

/* NAME in English and Dutch, from a getter of a reeks_* object. */
#define XO_LANGS(x, name, get, obj) do { \
	xo_lang((x), (name), "en", get((obj), REEKS_EN)); \
	xo_lang((x), (name), "nl", get((obj), REEKS_NL)); \
} while (0)

static void
xml_topic(xmlw *x, const reeks_topic *t)
{
	xmlw_start(x, "topic");
	xmlw_attr(x, "id", reeks_topic_id(t));
	XO_LANGS(x, "title", reeks_topic_title, t);
	XO_LANGS(x, "description", reeks_topic_description, t);
	xmlw_end(x);
}

/* A place, with the groups it is a member of that SEL holds too (one
 * series' export holds the places it lies within, not its groups: a group
 * it does not hold would make the file refer to a place it lacks). */
static void
xml_geography(xmlw *x, const selection *sel, const reeks_geography *g)
{
	const reeks_geography *within = reeks_geography_within(g);
	buf groups = { 0 };

	xmlw_start(x, "geography");
	xmlw_attr(x, "id", reeks_geography_id(g));
	xmlw_attr(x, "scope", reeks_geography_scope(g));
	if (within != NULL)
		xmlw_attr(x, "within", reeks_geography_id(within));
	for (size_t i = 0; i < reeks_geography_group_count(g); i++) {
		const reeks_geography *grp = reeks_geography_group_at(g, i);

		if (!sel_geography(sel, grp))
			continue;
		if (groups.len > 0)
			buf_putc(&groups, ' ');
		buf_puts(&groups, reeks_geography_id(grp));
	}
	if (groups.failed)
		x->failed = true;
	else if (groups.len > 0)
		xmlw_attr(x, "groups", groups.data);
	buf_free(&groups);
	XO_LANGS(x, "name", reeks_geography_name, g);
	xmlw_end(x);
}

static void
xml_source(xmlw *x, const reeks_source *s)
{
	xmlw_start(x, "source");
	xmlw_attr(x, "id", reeks_source_id(s));
	xmlw_attr(x, "kind", reeks_source_kind(s));
	for (size_t i = 0; i < reeks_source_author_count(s); i++)
		xmlw_element(x, "author", reeks_source_author_at(s, i));
	xmlw_element(x, "title", reeks_source_title(s));
	xmlw_element(x, "publisher", reeks_source_publisher(s));
	xmlw_element(x, "container", reeks_source_container(s));
	xmlw_element(x, "volume", reeks_source_volume(s));
	xmlw_element(x, "pages", reeks_source_pages(s));
	xmlw_element(x, "year", reeks_source_year(s));
	xmlw_element(x, "issued", reeks_source_issued(s));
	xmlw_element(x, "url", reeks_source_url(s));
	xmlw_element(x, "license", reeks_source_license(s));
	xmlw_element(x, "citation", reeks_source_citation(s));
	XO_LANGS(x, "citation", reeks_source_citation_translation, s);
	XO_LANGS(x, "note", reeks_source_note, s);
	xmlw_end(x);
}

/* An observation; its change log entry only in the WHOLE dataset (a
 * series' own export has no change log). */
static void
xml_obs(xmlw *x, const reeks_obs *o, bool whole)
{
	char status[2] = { reeks_obs_status(o), '\0' };

	xmlw_start(x, "obs");
	xmlw_attr(x, "period", reeks_obs_period(o));
	xmlw_attr(x, "value", reeks_obs_value_text(o));
	xmlw_attr(x, "lower", reeks_obs_lower_text(o));
	xmlw_attr(x, "upper", reeks_obs_upper_text(o));
	xmlw_attr(x, "qualifier", reeks_qualifier_name(reeks_obs_qualifier(o)));
	xmlw_attr(x, "status", status);
	xmlw_attr(x, "printed", reeks_obs_printed(o));
	xmlw_attr(x, "bounds", reeks_obs_bounds(o));
	xmlw_attr(x, "method", reeks_obs_method(o));
	xmlw_attr(x, "secondary", reeks_obs_secondary(o) ? "true" : "false");
	xmlw_attr(x, "numerator", reeks_obs_numerator_text(o));
	xmlw_attr(x, "denominator", reeks_obs_denominator_text(o));
	xmlw_attr(x, "source", reeks_source_id(reeks_obs_source(o)));
	if (whole && reeks_obs_change(o) != NULL)
		xmlw_attr(x, "change", reeks_change_id(reeks_obs_change(o)));
	xmlw_attr(x, "at", reeks_obs_locator(o));
	XO_LANGS(x, "at", reeks_obs_locator_translation, o);
	xmlw_element(x, "excerpt", reeks_obs_excerpt(o));
	XO_LANGS(x, "note", reeks_obs_note, o);
	xmlw_end(x);
}

/* A series. Its kind, measure and key flag when not the defaults; what
 * refers to other series (its population series, a total's "complete")
 * and to the change log (an observation's change) only in the whole
 * dataset, so that one series' export loads on its own. */
static void
xml_series(xmlw *x, const selection *sel, const reeks_series *se)
{
	bool whole = sel->only == NULL;
	const reeks_series *pop = reeks_series_population(se);

	xmlw_start(x, "series");
	xmlw_attr(x, "id", reeks_series_id(se));
	xmlw_attr(x, "topic", reeks_topic_id(reeks_series_topic(se)));
	xmlw_attr(x, "indicator", reeks_series_indicator(se));
	xmlw_attr(x, "unit", reeks_unit_name(reeks_series_unit(se)));
	xmlw_attr(x, "geography",
	    reeks_geography_id(reeks_series_geography(se)));
	if (reeks_series_kind(se) != REEKS_KIND_OUTCOME)
		xmlw_attr(x, "kind", reeks_kind_name(reeks_series_kind(se)));
	if (reeks_series_measure(se) != REEKS_MEASURE_LEVEL)
		xmlw_attr(x, "measure",
		    reeks_measure_name(reeks_series_measure(se)));
	if (reeks_series_key(se))
		xmlw_attr(x, "key", "true");
	if (whole && pop != NULL)
		xmlw_attr(x, "population", reeks_series_id(pop));
	XO_LANGS(x, "title", reeks_series_title, se);
	XO_LANGS(x, "description", reeks_series_description, se);
	if (reeks_series_breakdown_dimension(se) != NULL) {
		xmlw_start(x, "breakdown");
		xmlw_attr(x, "dimension", reeks_series_breakdown_dimension(se));
		xmlw_attr(x, "value", reeks_series_breakdown_value(se));
		if (whole && reeks_series_breakdown_complete(se))
			xmlw_attr(x, "complete", "true");
		XO_LANGS(x, "label", reeks_series_breakdown_label, se);
		xmlw_end(x);
	}
	XO_LANGS(x, "definition", reeks_series_definition, se);
	XO_LANGS(x, "caveat", reeks_series_caveat, se);
	for (size_t i = 0; i < reeks_series_break_count(se); i++) {
		const reeks_break *b = reeks_series_break_at(se, i);

		xmlw_start(x, "break");
		xmlw_attr(x, "period", reeks_break_period(b));
		XO_LANGS(x, "reason", reeks_break_reason, b);
		xmlw_end(x);
	}
	for (size_t i = 0; i < reeks_series_obs_count(se); i++)
		xml_obs(x, reeks_series_obs_at(se, i), whole);
	xmlw_end(x);
}

static void
xml_claim(xmlw *x, const reeks_claim *c)
{
	xmlw_start(x, "claim");
	xmlw_attr(x, "id", reeks_claim_id(c));
	xmlw_attr(x, "operation", reeks_claim_operation(c));
	xmlw_attr(x, "value", reeks_claim_value_text(c));
	xmlw_attr(x, "printed", reeks_claim_printed(c));
	xmlw_attr(x, "source", reeks_source_id(reeks_claim_source(c)));
	xmlw_attr(x, "at", reeks_claim_locator(c));
	XO_LANGS(x, "at", reeks_claim_locator_translation, c);
	xmlw_element(x, "excerpt", reeks_claim_excerpt(c));
	for (size_t i = 0; i < reeks_claim_input_count(c); i++) {
		const reeks_obs *o = reeks_claim_input_obs(c, i);

		xmlw_start(x, "input");
		xmlw_attr(x, "series", reeks_series_id(reeks_obs_series(o)));
		xmlw_attr(x, "period", reeks_obs_period(o));
		xmlw_attr(x, "field", reeks_claim_input_field(c, i));
		xmlw_end(x);
	}
	XO_LANGS(x, "note", reeks_claim_note, c);
	xmlw_end(x);
}

static void
xml_change(xmlw *x, const reeks_change *c)
{
	xmlw_start(x, "change");
	xmlw_attr(x, "id", reeks_change_id(c));
	xmlw_attr(x, "date", reeks_change_date(c));
	XO_LANGS(x, "title", reeks_change_title, c);
	XO_LANGS(x, "summary", reeks_change_summary, c);
	xmlw_end(x);
}

static int
xml_export(const selection *sel, FILE *out)
{
	const reeks_store *st = sel->st;
	/* Written to OUT as it goes, so that a big dataset is never held
	 * whole in memory. */
	xmlw x;

	xmlw_open_stream(&x, out);
	xmlw_comment(&x, " reeks dataset: valid against reeks.xsd (the reeks "
	    "data format, version 1) ");
	xmlw_start(&x, "reeks");
	xmlw_attr(&x, "version", "1");
	for (size_t i = 0; i < reeks_store_topic_count(st); i++)
		if (sel_topic(sel, reeks_store_topic_at(st, i)))
			xml_topic(&x, reeks_store_topic_at(st, i));
	for (size_t i = 0; i < reeks_store_geography_count(st); i++)
		if (sel_geography(sel, reeks_store_geography_at(st, i)))
			xml_geography(&x, sel, reeks_store_geography_at(st, i));
	for (size_t i = 0; i < reeks_store_source_count(st); i++)
		if (sel_source(sel, reeks_store_source_at(st, i)))
			xml_source(&x, reeks_store_source_at(st, i));
	/* The head ends before the first series, each piece after its
	 * series (see export_xml_pieces()). */
	bool ok = true;
	if (sel->cuts != NULL)
		ok = xmlw_flush(&x) && sel->cuts->cut(sel->cuts->arg) == 0;
	for (size_t i = 0; ok && i < sel_series_count(sel); i++) {
		int c = export_copy(sel->cuts, i);

		if (c != 0) {
			ok = c > 0;
			continue;
		}
		xml_series(&x, sel, sel_series_at(sel, i));
		if (sel->cuts != NULL)
			ok = xmlw_flush(&x) &&
			    sel->cuts->cut(sel->cuts->arg) == 0;
	}
	if (!ok) {
		int e = x.err != 0 ? x.err : errno != 0 ? errno : EIO;

		(void)xmlw_close(&x, NULL);
		errno = e;
		return -1;
	}
	for (size_t i = 0; i < sel_claim_count(sel); i++)
		xml_claim(&x, sel_claim_at(sel, i));
	for (size_t i = 0; i < reeks_store_change_count(st); i++)
		if (sel_change(sel, reeks_store_change_at(st, i)))
			xml_change(&x, reeks_store_change_at(st, i));
	xmlw_end(&x);
	return xmlw_close(&x, NULL);
}

int
export_xml_pieces(const reeks_store *st, FILE *out, const export_cuts *cuts)
{
	return export_selected(xml_export, st, NULL, cuts, out);
}

int
export_xml(const reeks_store *st, FILE *out)
{
	return export_xml_pieces(st, out, NULL);
}

int
export_xml_series(const reeks_store *st, const reeks_series *se,
    FILE *out)
{
	return export_selected(xml_export, st, se, NULL, out);
}
