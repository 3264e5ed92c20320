/*
 * site/topic.c: the topic pages and their comparisons
 * (see site-internal.h).
 */
#include "site/site-internal.h"

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

void
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
