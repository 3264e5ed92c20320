/*
 * site/rates.c: the section "Rate per 100,000 inhabitants" of a count
 * series' page (see site-internal.h): each rate with its exact interval,
 * both inputs cited, the figures left without a rate and why, and the
 * downloads. The rule is reeks_obs_rate()'s (reeks.h).
 */
#include "site/site-internal.h"
#include "data/rates.h"

static const char *
why_key(reeks_rate_status st)
{
	switch (st) {
	case REEKS_RATE_NO_VALUE:
		return "rate_why_no_value";
	case REEKS_RATE_NOT_EXACT:
		return "rate_why_not_exact";
	case REEKS_RATE_SECONDARY:
		return "rate_why_secondary";
	case REEKS_RATE_PROVISIONAL:
		return "rate_why_provisional";
	case REEKS_RATE_ESTIMATE:
		return "rate_why_estimate";
	case REEKS_RATE_NOT_A_YEAR:
		return "rate_why_not_a_year";
	case REEKS_RATE_NO_POPULATION:
		return "rate_why_no_population";
	default:
		return "rate_why_no_interval";
	}
}

/* "Source (year), locator" of observation O, with a link. */
static mustache_value *
input_cite(site *s, const reeks_obs *o, reeks_lang lang, const char *root,
    const char *what_key)
{
	mustache_arena *a = s->arena;
	mustache_value *m = mustache_map(a);
	buf b = { 0 };

	set_str(s, m, "what", msg(s, lang, what_key));
	buf_printf(&b, "%s%s/series/%s.html#", root, langs[lang],
	    reeks_series_id(reeks_obs_series(o)));
	obs_anchor(&b, o);
	set_buf(s, m, "href", &b);
	period_text(&b, reeks_obs_period(o));
	buf_puts(&b, ": ");
	obs_value(&b, o, reeks_series_unit(reeks_obs_series(o)), lang);
	set_buf(s, m, "figure", &b);
	mustache_map_set(a, m, "source", source_label(s,
	    reeks_obs_source(o), lang));
	buf_printf(&b, "%s%s/sources.html#%s", root, langs[lang],
	    reeks_source_id(reeks_obs_source(o)));
	set_buf(s, m, "source_href", &b);
	set_str(s, m, "locator", reeks_obs_locator_lang(o, lang));
	buf_free(&b);
	return m;
}

static mustache_value *
rate_row(site *s, const reeks_rate *r, reeks_lang lang, const char *root)
{
	mustache_arena *a = s->arena;
	mustache_value *row = mustache_map(a), *inputs = mustache_list(a);
	buf b = { 0 };

	buf_puts(&b, "r-");
	obs_anchor(&b, r->count);
	set_buf(s, row, "anchor", &b);
	period_text(&b, reeks_obs_period(r->count));
	set_buf(s, row, "period", &b);
	stat_number(&b, r->rate, lang);
	set_buf(s, row, "rate", &b);
	stat_number(&b, r->lower, lang);
	buf_puts(&b, "\xe2\x80\x93");
	stat_number(&b, r->upper, lang);
	set_buf(s, row, "interval", &b);
	fmt_double(&b, reeks_obs_value(r->count), 0, lang);
	set_buf(s, row, "count", &b);
	fmt_double(&b, r->population, r->pop[1] != NULL ? 1 : 0, lang);
	set_buf(s, row, "population", &b);
	mustache_list_push(a, inputs, input_cite(s, r->count, lang, root,
	    "rate_input_count"));
	for (int i = 0; i < 2 && r->pop[i] != NULL; i++)
		mustache_list_push(a, inputs, input_cite(s, r->pop[i], lang,
		    root, r->pop[1] != NULL ? "rate_input_population_mean" :
		    "rate_input_population"));
	mustache_map_set(a, row, "inputs", inputs);
	buf_free(&b);
	return row;
}

mustache_value *
rates_section(site *s, const reeks_series *se, reeks_lang lang,
    const char *root)
{
	mustache_arena *a = s->arena;
	const reeks_series *pop = reeks_series_population(se);
	mustache_value *m, *rows, *missing, *dl;
	buf b = { 0 }, p = { 0 };
	bool any = false, all_ok = true;

	if (pop == NULL)
		return mustache_bool(a, false);
	m = mustache_map(a);
	rows = mustache_list(a);
	missing = mustache_list(a);
	for (size_t i = 0; i < reeks_series_obs_count(se); i++) {
		const reeks_obs *o = reeks_series_obs_at(se, i);
		reeks_rate r;
		reeks_rate_status st = reeks_obs_rate(o, RATE_PER, RATE_LEVEL,
		    &r);

		if (st == REEKS_RATE_OK) {
			mustache_list_push(a, rows, rate_row(s, &r, lang,
			    root));
			any = true;
			continue;
		}
		mustache_value *x = mustache_map(a);

		all_ok = false;
		period_text(&p, reeks_obs_period(o));
		const char *pairs[] = { "place", reeks_geography_name(
		    reeks_series_geography(se), lang), "period", p.data,
		    "population", reeks_series_title(pop, lang), NULL };
		mustache_map_set(a, x, "why", fmt_msg(s, lang, why_key(st),
		    pairs));
		set_buf(s, x, "period", &p);    /* resets P: after the pairs */
		mustache_list_push(a, missing, x);
	}
	buf_printf(&b, "%s%s/series/%s.html", root, langs[lang],
	    reeks_series_id(pop));
	const char *pairs[] = { "count", reeks_series_title(se, lang),
	    "population", reeks_series_title(pop, lang), NULL };
	mustache_map_set(a, m, "lead", fmt_msg(s, lang, "rates_lead", pairs));
	set_buf(s, m, "population_href", &b);
	set_str(s, m, "population_title", reeks_series_title(pop, lang));
	mustache_map_set(a, m, "rows", rows);
	mustache_map_set(a, m, "has_rows", mustache_bool(a, any));
	mustache_map_set(a, m, "missing", missing);
	mustache_map_set(a, m, "has_missing", mustache_bool(a,
	    reeks_series_obs_count(se) > 0 && !all_ok));
	dl = mustache_map(a);
	buf_printf(&b, "%sdata/rates/%s.csv", root, reeks_series_id(se));
	set_buf(s, dl, "csv", &b);
	buf_printf(&b, "%sdata/rates/%s.json", root, reeks_series_id(se));
	set_buf(s, dl, "json", &b);
	buf_printf(&b, "%sdata/rates.csv", root);
	set_buf(s, dl, "all_csv", &b);
	mustache_map_set(a, m, "downloads", dl);
	buf_free(&b);
	buf_free(&p);
	return m;
}
