/*
 * json.c: the dataset, or one series, as JSON (export_json(),
 * export_json_series()), written with the json_writer (gen/util/jsonw.c).
 *
 * Nothing here depends on the locale: numbers are written from the text
 * the data gives them; the statistics of the segments with "%.15g",
 * which writes a '.' because reeks never calls setlocale().
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "data/export-internal.h"

/* KEY: { "en": EN, "nl": NL }, or null when both are NULL and OPTIONAL. */
static void
json_langs(json_writer *w, const char *key, const char *en, const char *nl,
    bool optional)
{
	jw_key(w, key);
	if (optional && en == NULL && nl == NULL) {
		jw_null(w);
		return;
	}
	jw_object(w);
	jw_key(w, "en");
	jw_string(w, en);
	jw_key(w, "nl");
	jw_string(w, nl);
	jw_end(w);
}

#define JSON_LANGS(w, key, get, obj, optional) \
	json_langs((w), (key), get((obj), REEKS_EN), get((obj), REEKS_NL), \
	    (optional))

/* KEY and KEY_text: a number and its text as written. */
static void
json_num(json_writer *w, const char *key, const char *text)
{
	char textkey[64];

	jw_key(w, key);
	jw_number(w, text);
	snprintf(textkey, sizeof textkey, "%s_text", key);
	jw_key(w, textkey);
	jw_string(w, text);
}

/* A reeks_date as ISO 8601: "2008", "2008-10" or "2008-10-01". */
static void
date_text(char *dst, size_t len, reeks_date d)
{
	if (d.month == 0)
		snprintf(dst, len, "%04d", d.year);
	else if (d.day == 0)
		snprintf(dst, len, "%04d-%02d", d.year, d.month);
	else
		snprintf(dst, len, "%04d-%02d-%02d", d.year, d.month, d.day);
}

static void
json_topic(json_writer *w, const reeks_topic *t)
{
	jw_object(w);
	jw_key(w, "id");
	jw_string(w, reeks_topic_id(t));
	JSON_LANGS(w, "title", reeks_topic_title, t, false);
	JSON_LANGS(w, "description", reeks_topic_description, t, true);
	jw_end(w);
}

static void
json_geography(json_writer *w, const reeks_geography *g)
{
	const reeks_geography *within = reeks_geography_within(g);

	jw_object(w);
	jw_key(w, "id");
	jw_string(w, reeks_geography_id(g));
	jw_key(w, "scope");
	jw_string(w, reeks_geography_scope(g));
	jw_key(w, "within");
	jw_string(w, within != NULL ? reeks_geography_id(within) : NULL);
	jw_key(w, "groups");
	jw_array(w);
	for (size_t i = 0; i < reeks_geography_group_count(g); i++)
		jw_string(w, reeks_geography_id(
		    reeks_geography_group_at(g, i)));
	jw_end(w);
	JSON_LANGS(w, "name", reeks_geography_name, g, false);
	jw_end(w);
}

static void
json_source(json_writer *w, const reeks_source *s)
{
	static const struct {
		const char *key;
		const char *(*get)(const reeks_source *);
	} fields[] = {
		{ "title", reeks_source_title },
		{ "publisher", reeks_source_publisher },
		{ "container", reeks_source_container },
		{ "volume", reeks_source_volume },
		{ "pages", reeks_source_pages },
		{ "year", reeks_source_year },
		{ "issued", reeks_source_issued },
		{ "url", reeks_source_url },
		{ "license", reeks_source_license },
		{ "citation", reeks_source_citation },
	};

	jw_object(w);
	jw_key(w, "id");
	jw_string(w, reeks_source_id(s));
	jw_key(w, "kind");
	jw_string(w, reeks_source_kind(s));
	jw_key(w, "authors");
	jw_array(w);
	for (size_t i = 0; i < reeks_source_author_count(s); i++)
		jw_string(w, reeks_source_author_at(s, i));
	jw_end(w);
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		jw_key(w, fields[i].key);
		jw_string(w, fields[i].get(s));
	}
	JSON_LANGS(w, "note", reeks_source_note, s, true);
	jw_end(w);
}

static void
json_obs(json_writer *w, const reeks_obs *o)
{
	char status[2] = { reeks_obs_status(o), '\0' };
	char date[16];

	jw_line(w);
	jw_object(w);
	jw_key(w, "period");
	jw_string(w, reeks_obs_period(o));
	date_text(date, sizeof date, reeks_obs_period_start(o));
	jw_key(w, "start");
	jw_string(w, date);
	date_text(date, sizeof date, reeks_obs_period_end(o));
	jw_key(w, "end");
	jw_string(w, date);
	json_num(w, "value", reeks_obs_value_text(o));
	json_num(w, "lower", reeks_obs_lower_text(o));
	json_num(w, "upper", reeks_obs_upper_text(o));
	jw_key(w, "bounds");
	jw_string(w, reeks_obs_bounds(o));
	jw_key(w, "qualifier");
	jw_string(w, reeks_qualifier_name(reeks_obs_qualifier(o)));
	jw_key(w, "status");
	jw_string(w, status);
	jw_key(w, "method");
	jw_string(w, reeks_obs_method(o));
	jw_key(w, "secondary");
	jw_bool(w, reeks_obs_secondary(o));
	json_num(w, "numerator", reeks_obs_numerator_text(o));
	json_num(w, "denominator", reeks_obs_denominator_text(o));
	jw_key(w, "printed");
	jw_string(w, reeks_obs_printed(o));
	jw_key(w, "source");
	jw_string(w, reeks_source_id(reeks_obs_source(o)));
	jw_key(w, "change");
	jw_string(w, reeks_obs_change(o) != NULL ?
	    reeks_change_id(reeks_obs_change(o)) : NULL);
	jw_key(w, "locator");
	jw_string(w, reeks_obs_locator(o));
	jw_key(w, "excerpt");
	jw_string(w, reeks_obs_excerpt(o));
	JSON_LANGS(w, "note", reeks_obs_note, o, true);
	jw_end(w);
}

/* KEY: V, or null when HAS is false. */
static void
json_stat(json_writer *w, const char *key, bool has, double v)
{
	jw_key(w, key);
	if (has)
		jw_double(w, v);
	else
		jw_null(w);
}

bool
json_segments(json_writer *w, const reeks_series *se, double level)
{
	reeks_segment g;
	char date[16];

	jw_array(w);
	for (size_t i = 0; reeks_series_segment_at(se, i, &g); i++) {
		reeks_series_stats s;

		if (reeks_segment_stats(&g, level, &s) != REEKS_STAT_OK)
			return false;
		jw_object(w);
		date_text(date, sizeof date, g.start);
		jw_key(w, "start");
		jw_string(w, date);
		date_text(date, sizeof date, g.end);
		jw_key(w, "end");
		jw_string(w, date);
		jw_key(w, "break");
		jw_string(w, g.brk != NULL ? reeks_break_period(g.brk) : NULL);
		jw_key(w, "figures");
		jw_size(w, g.nobs);
		jw_key(w, "points");
		jw_size(w, s.npoints);
		jw_key(w, "first");
		jw_string(w, s.first != NULL ? reeks_obs_period(s.first) : NULL);
		jw_key(w, "last");
		jw_string(w, s.last != NULL ? reeks_obs_period(s.last) : NULL);
		json_stat(w, "abs_change", s.has_change, s.abs_change);
		json_stat(w, "pct_change", s.has_pct_change, s.pct_change);
		json_stat(w, "cagr", s.has_cagr, s.cagr);
		json_stat(w, "years", s.has_change, s.years);
		jw_key(w, "apc");
		if (s.has_apc) {
			jw_object(w);
			jw_key(w, "estimate");
			jw_double(w, s.apc.estimate);
			jw_key(w, "lower");
			jw_double(w, s.apc.lower);
			jw_key(w, "upper");
			jw_double(w, s.apc.upper);
			jw_end(w);
		} else {
			jw_null(w);
		}
		jw_key(w, "estimated");
		jw_array(w);
		for (size_t j = g.first; j < g.first + g.nobs; j++) {
			const reeks_obs *o = reeks_series_obs_at(se, j);

			if (reeks_obs_left_out(o) == 0 &&
			    reeks_obs_status(o) == 'E')
				jw_string(w, reeks_obs_period(o));
		}
		jw_end(w);
		jw_key(w, "left_out");
		jw_array(w);
		for (size_t j = g.first; j < g.first + g.nobs; j++) {
			const reeks_obs *o = reeks_series_obs_at(se, j);
			unsigned why = reeks_obs_left_out(o);

			if (why == 0)
				continue;
			jw_line(w);
			jw_object(w);
			jw_key(w, "period");
			jw_string(w, reeks_obs_period(o));
			jw_key(w, "reasons");
			jw_array(w);
			for (unsigned f = 1; f <= why; f <<= 1)
				if (why & f)
					jw_string(w, reeks_left_out_name(f));
			jw_end(w);
			jw_end(w);
		}
		jw_end(w);
		jw_end(w);
	}
	jw_end(w);
	return true;
}

static void
json_series(json_writer *w, const reeks_series *se)
{
	jw_object(w);
	jw_key(w, "id");
	jw_string(w, reeks_series_id(se));
	JSON_LANGS(w, "title", reeks_series_title, se, false);
	JSON_LANGS(w, "description", reeks_series_description, se, false);
	jw_key(w, "topic");
	jw_string(w, reeks_topic_id(reeks_series_topic(se)));
	jw_key(w, "indicator");
	jw_string(w, reeks_series_indicator(se));
	jw_key(w, "unit");
	jw_string(w, reeks_unit_name(reeks_series_unit(se)));
	jw_key(w, "geography");
	jw_string(w, reeks_geography_id(reeks_series_geography(se)));
	jw_key(w, "kind");
	jw_string(w, reeks_kind_name(reeks_series_kind(se)));
	jw_key(w, "measure");
	jw_string(w, reeks_measure_name(reeks_series_measure(se)));
	jw_key(w, "key");
	jw_bool(w, reeks_series_key(se));
	jw_key(w, "population");
	jw_string(w, reeks_series_population(se) != NULL ?
	    reeks_series_id(reeks_series_population(se)) : NULL);
	jw_key(w, "breakdown");
	if (reeks_series_breakdown_dimension(se) == NULL)
		jw_null(w);
	else {
		jw_object(w);
		jw_key(w, "dimension");
		jw_string(w, reeks_series_breakdown_dimension(se));
		jw_key(w, "value");
		jw_string(w, reeks_series_breakdown_value(se));
		jw_key(w, "complete");
		jw_bool(w, reeks_series_breakdown_complete(se));
		JSON_LANGS(w, "label", reeks_series_breakdown_label, se,
		    false);
		jw_end(w);
	}
	JSON_LANGS(w, "definition", reeks_series_definition, se, true);
	JSON_LANGS(w, "caveat", reeks_series_caveat, se, true);
	jw_key(w, "breaks");
	jw_array(w);
	for (size_t i = 0; i < reeks_series_break_count(se); i++) {
		const reeks_break *b = reeks_series_break_at(se, i);

		jw_object(w);
		jw_key(w, "period");
		jw_string(w, reeks_break_period(b));
		JSON_LANGS(w, "reason", reeks_break_reason, b, false);
		jw_end(w);
	}
	jw_end(w);
	jw_key(w, "observations");
	jw_array(w);
	for (size_t i = 0; i < reeks_series_obs_count(se); i++)
		json_obs(w, reeks_series_obs_at(se, i));
	jw_end(w);
	/* The statistics the series page shows, at 95%. */
	jw_key(w, "segments");
	if (!json_segments(w, se, 0.95))
		w->b->failed = true;
	jw_end(w);
}

static const char *
verdict_name(reeks_claim_verdict v)
{
	switch (v) {
	case REEKS_CLAIM_HOLDS: return "holds";
	case REEKS_CLAIM_DOES_NOT_HOLD: return "does-not-hold";
	case REEKS_CLAIM_NOT_VERIFIABLE: return "not-verifiable";
	case REEKS_CLAIM_HOLDS_ROUNDED: return "holds-on-printed-figures";
	}
	return NULL;
}

static void
json_claim(json_writer *w, const reeks_claim *c)
{
	jw_object(w);
	jw_key(w, "id");
	jw_string(w, reeks_claim_id(c));
	jw_key(w, "operation");
	jw_string(w, reeks_claim_operation(c));
	json_num(w, "value", reeks_claim_value_text(c));
	jw_key(w, "printed");
	jw_string(w, reeks_claim_printed(c));
	jw_key(w, "source");
	jw_string(w, reeks_source_id(reeks_claim_source(c)));
	jw_key(w, "locator");
	jw_string(w, reeks_claim_locator(c));
	jw_key(w, "excerpt");
	jw_string(w, reeks_claim_excerpt(c));
	jw_key(w, "inputs");
	jw_array(w);
	for (size_t i = 0; i < reeks_claim_input_count(c); i++) {
		const reeks_obs *o = reeks_claim_input_obs(c, i);

		jw_object(w);
		jw_key(w, "series");
		jw_string(w, reeks_series_id(reeks_obs_series(o)));
		jw_key(w, "period");
		jw_string(w, reeks_obs_period(o));
		jw_key(w, "field");
		jw_string(w, reeks_claim_input_field(c, i));
		jw_end(w);
	}
	jw_end(w);
	jw_key(w, "verdict");
	jw_string(w, verdict_name(reeks_claim_verdict_of(c)));
	JSON_LANGS(w, "note", reeks_claim_note, c, true);
	jw_end(w);
}

static void
json_change(json_writer *w, const reeks_change *c)
{
	jw_object(w);
	jw_key(w, "id");
	jw_string(w, reeks_change_id(c));
	jw_key(w, "date");
	jw_string(w, reeks_change_date(c));
	JSON_LANGS(w, "title", reeks_change_title, c, false);
	JSON_LANGS(w, "summary", reeks_change_summary, c, false);
	jw_end(w);
}

/* How many of the store's items of one kind SEL holds. */
#define SEL_COUNT(sel, kind, n) do { \
	(n) = 0; \
	for (size_t i_ = 0; i_ < reeks_store_##kind##_count((sel)->st); i_++) \
		if (sel_##kind((sel), reeks_store_##kind##_at((sel)->st, i_))) \
			(n)++; \
} while (0)

/* Write B to OUT, empty it and make a cut of CUTS: 0, or -1 with errno
 * set. */
static int
json_cut(buf *b, FILE *out, const export_cuts *cuts)
{
	if (b->failed) {
		errno = ENOMEM;
		return -1;
	}
	if ((b->len > 0 && fwrite(b->data, 1, b->len, out) != b->len) ||
	    fflush(out) != 0)
		return -1;
	buf_reset(b);
	return cuts->cut(cuts->arg);
}

static int
json_export(const selection *sel, FILE *out)
{
	const reeks_store *st = sel->st;
	buf b = { 0 };
	json_writer w = { .b = &b };
	size_t ntopics, ngeos, nsources, nseries, nclaims, nchanges;
	size_t nobs = 0;
	int rc = -1;

	SEL_COUNT(sel, topic, ntopics);
	SEL_COUNT(sel, geography, ngeos);
	SEL_COUNT(sel, source, nsources);
	nseries = sel_series_count(sel);
	nclaims = sel_claim_count(sel);
	SEL_COUNT(sel, change, nchanges);
	for (size_t i = 0; i < nseries; i++)
		nobs += reeks_series_obs_count(sel_series_at(sel, i));

	jw_object(&w);
	jw_key(&w, "format");
	jw_string(&w, "reeks-json");
	jw_key(&w, "format_version");
	jw_size(&w, 1);
	jw_key(&w, "name");
	jw_string(&w, DATASET_NAME);
	json_langs(&w, "title", DATASET_TITLE_EN, DATASET_TITLE_NL, false);
	json_langs(&w, "description", DATASET_DESCRIPTION_EN,
	    DATASET_DESCRIPTION_NL, false);
	jw_key(&w, "license");
	jw_object(&w);
	jw_key(&w, "id");
	jw_string(&w, DATASET_LICENSE_ID);
	jw_key(&w, "title");
	jw_string(&w, DATASET_LICENSE_TITLE);
	jw_key(&w, "url");
	jw_string(&w, DATASET_LICENSE_URL);
	jw_end(&w);
	jw_key(&w, "counts");
	jw_object(&w);
	jw_key(&w, "topics");
	jw_size(&w, ntopics);
	jw_key(&w, "geographies");
	jw_size(&w, ngeos);
	jw_key(&w, "sources");
	jw_size(&w, nsources);
	jw_key(&w, "series");
	jw_size(&w, nseries);
	jw_key(&w, "observations");
	jw_size(&w, nobs);
	jw_key(&w, "claims");
	jw_size(&w, nclaims);
	jw_key(&w, "changes");
	jw_size(&w, nchanges);
	jw_end(&w);

	jw_key(&w, "topics");
	jw_array(&w);
	for (size_t i = 0; i < reeks_store_topic_count(st); i++)
		if (sel_topic(sel, reeks_store_topic_at(st, i)))
			json_topic(&w, reeks_store_topic_at(st, i));
	jw_end(&w);
	jw_key(&w, "geographies");
	jw_array(&w);
	for (size_t i = 0; i < reeks_store_geography_count(st); i++)
		if (sel_geography(sel, reeks_store_geography_at(st, i)))
			json_geography(&w, reeks_store_geography_at(st, i));
	jw_end(&w);
	jw_key(&w, "sources");
	jw_array(&w);
	for (size_t i = 0; i < reeks_store_source_count(st); i++)
		if (sel_source(sel, reeks_store_source_at(st, i)))
			json_source(&w, reeks_store_source_at(st, i));
	jw_end(&w);
	jw_key(&w, "series");
	jw_array(&w);
	/* The head ends before the first series, each piece after its
	 * series (see export_json_pieces()). */
	if (sel->cuts != NULL && json_cut(&b, out, sel->cuts) != 0)
		goto out;
	for (size_t i = 0; i < nseries; i++) {
		int c = export_copy(sel->cuts, i);

		if (c < 0)
			goto out;
		if (c > 0)
			continue;
		json_series(&w, sel_series_at(sel, i));
		/* Written to OUT as it goes, so that a big dataset is never
		 * held whole in memory. */
		if (sel->cuts != NULL) {
			if (json_cut(&b, out, sel->cuts) != 0)
				goto out;
		} else if (b.len >= (1u << 20) && !b.failed) {
			if (fwrite(b.data, 1, b.len, out) != b.len)
				goto out;
			buf_reset(&b);
		}
	}
	jw_end(&w);
	jw_key(&w, "claims");
	jw_array(&w);
	for (size_t i = 0; i < nclaims; i++)
		json_claim(&w, sel_claim_at(sel, i));
	jw_end(&w);
	jw_key(&w, "changes");
	jw_array(&w);
	for (size_t i = 0; i < reeks_store_change_count(st); i++)
		if (sel_change(sel, reeks_store_change_at(st, i)))
			json_change(&w, reeks_store_change_at(st, i));
	jw_end(&w);
	jw_end(&w);

	if (b.failed || w.depth != 0) {
		errno = ENOMEM;
		goto out;
	}
	if (fwrite(b.data, 1, b.len, out) != b.len || fflush(out) != 0 ||
	    ferror(out))
		goto out;
	rc = 0;
out:
	buf_free(&b);
	return rc;
}

int
export_json_pieces(const reeks_store *st, FILE *out, const export_cuts *cuts)
{
	return export_selected(json_export, st, NULL, cuts, out);
}

int
export_json(const reeks_store *st, FILE *out)
{
	return export_json_pieces(st, out, NULL);
}

int
export_json_series(const reeks_store *st, const reeks_series *se,
    FILE *out)
{
	return export_selected(json_export, st, se, NULL, out);
}
