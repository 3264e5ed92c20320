/*
 * site/topic.c: the topic pages and their comparisons
 * (see site-internal.h).
 */
#include <math.h>

#include "site/compare.h"
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

/* The title of chart C: the first series' title stem, its measure when
 * not a level, the period, and "(target)" for targets. */
static void
chart_title(site *s, buf *b, const reeks_series *se, const char *period,
    reeks_lang lang)
{
	static const char *const measure_keys[] = {
		NULL, "measure_change_by", "measure_change_to"
	};
	static const char *const kind_keys[] = {
		NULL, "kind_target", "kind_plan"
	};
	reeks_measure m = reeks_series_measure(se);
	reeks_kind k = reeks_series_kind(se);

	title_stem(b, se, lang);
	if ((unsigned)m < 3 && measure_keys[m] != NULL)
		buf_printf(b, " (%s)", msg(s, lang, measure_keys[m]));
	buf_puts(b, ", ");
	period_text(b, period);
	if ((unsigned)k < 3 && kind_keys[k] != NULL)
		buf_printf(b, " (%s)", msg(s, lang, kind_keys[k]));
}

/* The label of bar BAR: a part by its member, a place by its name. */
static void
bar_label(buf *b, const compare_bar *bar, reeks_lang lang)
{
	if (bar->is_part || bar->parent == NULL ||
	    reeks_series_geography(bar->parent) ==
	    reeks_series_geography(bar->series))
		compare_label(b, bar->series, lang);
	else
		buf_puts(b, reeks_geography_name(
		    reeks_series_geography(bar->series), lang));
}

/* Bar charts comparing series of the topic, as compare_plan() chooses
 * them (compare.h). */
static mustache_value *
comparisons(site *s, const reeks_series **series, size_t n, reeks_lang lang,
    const char *root, const char *topic_id)
{
	mustache_arena *a = s->arena;
	mustache_value *list = mustache_list(a);
	compare_chart *charts = NULL;
	size_t nc = compare_plan(series, n, &charts);
	chart_bar *cbars = NULL;
	buf *lbufs = NULL;
	size_t nlb = 0;         /* the buffers in LBUFS */
	bool ok = false;

	if (nc == (size_t)-1)
		goto out;
	for (size_t c = 0; c < nc; c++) {
		const compare_chart *ch = &charts[c];
		const reeks_series *first = series[ch->first];
		bool nested = false;

		free(cbars);
		cbars = calloc(ch->nbars, sizeof *cbars);
		for (size_t j = 0; lbufs != NULL && j < nlb; j++)
			buf_free(&lbufs[j]);
		free(lbufs);
		lbufs = calloc(ch->nbars, sizeof *lbufs);
		nlb = lbufs != NULL ? ch->nbars : 0;
		if (cbars == NULL || lbufs == NULL)
			goto out;
		for (size_t j = 0; j < ch->nbars; j++) {
			bar_label(&lbufs[j], &ch->bars[j], lang);
			cbars[j] = (chart_bar){ lbufs[j].data != NULL ?
			    lbufs[j].data : "", ch->bars[j].obs,
			    ch->bars[j].depth, ch->bars[j].share };
			nested |= ch->bars[j].depth > 0;
		}
		buf title = { 0 }, chart = { 0 }, cid = { 0 }, cap = { 0 };
		chart_title(s, &title, first, ch->period, lang);
		buf_printf(&cid, "compare-%s-%zu",
		    reeks_series_indicator(first), ch->first);
		chart_opts co = { lang, &s->words[lang], false, cid.data };
		chart_bars_nested(&chart, title.data, cbars, ch->nbars,
		    reeks_series_kind(first) != REEKS_KIND_OUTCOME, &co);
		mustache_value *cm = mustache_map(a);
		set_str(s, cm, "title", title.data);
		mustache_map_set(a, cm, "chart", mustache_markup(a,
		    chart.data != NULL ? chart.data : ""));
		buf_puts(&cap, msg(s, lang, "compare_caption"));
		if (nested)
			buf_printf(&cap, " %s", msg(s, lang, "compare_parts"));
		if (reeks_series_kind(first) == REEKS_KIND_TARGET)
			buf_printf(&cap, " %s", msg(s, lang,
			    "kind_target_note"));
		else if (reeks_series_kind(first) == REEKS_KIND_PLAN)
			buf_printf(&cap, " %s", msg(s, lang, "kind_plan_note"));
		set_buf(s, cm, "caption", &cap);
		set_str(s, cm, "id", cid.data);
		/* The chart to download, beside the page: TOPIC-ID.svg and
		 * .png. */
		buf_printf(&cap, "%s/topics/%s-%s", langs[lang], topic_id,
		    cid.data);
		write_chart(s, cm, cap.failed ? NULL : cap.data, &chart);
		buf_reset(&cap);
		/* The chart's figures as a table, each linked to its row on
		 * the series page. */
		mustache_value *bars = mustache_list(a);
		buf cell = { 0 };
		for (size_t j = 0; j < ch->nbars; j++) {
			const compare_bar *cb = &ch->bars[j];
			const reeks_series *bse = cb->series;
			mustache_value *bm = mustache_map(a);

			set_str(s, bm, "label", cbars[j].label);
			/* "of which:" above the first bar of each level of
			 * parts, as in the chart. */
			set_str(s, bm, "of_which", j == 0 ||
			    cb->depth <= ch->bars[j - 1].depth ? "" :
			    msg(s, lang, compare_unit_adds(
			    reeks_series_unit(bse)) ? "chart_of_which" :
			    "chart_within"));
			if (cb->depth > 0)
				buf_printf(&cell, "%d", cb->depth);
			set_buf(s, bm, "depth", &cell);
			obs_value(&cell, cb->obs, reeks_series_unit(bse), lang);
			if (!isnan(cb->share)) {
				buf_puts(&cell, " (");
				fmt_double(&cell, cb->share, 1, lang);
				buf_puts(&cell, "%)");
			}
			set_buf(s, bm, "value", &cell);
			set_str(s, bm, "qualifier", msg(s, lang,
			    qualifier_key(reeks_obs_qualifier(cb->obs))));
			series_href(&cell, root, lang, reeks_series_id(bse));
			buf_putc(&cell, '#');
			if (obs_listed(cb->obs))
				obs_anchor(&cell, cb->obs);
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
		buf_free(&cap);
	}
	ok = true;
out:
	if (!ok)        /* never a page without its comparisons */
		errlist_add(&s->errs, NULL, 0, 0, "out of memory");
	for (size_t j = 0; lbufs != NULL && j < nlb; j++)
		buf_free(&lbufs[j]);
	free(lbufs);
	free(cbars);
	compare_free(charts, nc == (size_t)-1 ? 0 : nc);
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
	    lang, root, reeks_topic_id(t)));
	mustache_map_set(a, m, "lines", lines_section(s, series, n, lang,
	    root, "lines", false));
	bool any = false;
	mustache_map_set(a, m, "compare_pages", compare_links(s, series, n,
	    lang, root, &any));
	mustache_map_set(a, m, "has_compare_pages", mustache_bool(a, any));
	render(s, "topic", m, page_path(s, &b, lang, &rel));
	free(series);
	buf_free(&rel);
	buf_free(&b);
}
