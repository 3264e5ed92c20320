/*
 * site/series.c: the series pages: statistics, claims, citations, JSON-LD,
 * the table and the chart
 * (see site-internal.h).
 */
#include "site/site-internal.h"
#include "util/escape.h"

/* ---- series pages ---------------------------------------------------------- */

static const char *
bounds_key(const char *bounds)
{
	if (strcmp(bounds, "ci90") == 0)
		return "bounds_ci90";
	if (strcmp(bounds, "ci95") == 0)
		return "bounds_ci95";
	if (strcmp(bounds, "ci99") == 0)
		return "bounds_ci99";
	if (strcmp(bounds, "range") == 0)
		return "bounds_range";
	return "bounds_uncertainty";
}

/* The interval column of O, observation I of its series: its own
 * bounds, or one computed for it. */
static void
obs_interval(site *s, buf *b, const reeks_obs *o, size_t i, reeks_unit unit,
    reeks_lang lang)
{
	reeks_interval ci;
	reeks_obs_ci_method m;

	if (reeks_obs_has_value(o) && reeks_obs_has_lower(o) &&
	    reeks_obs_has_upper(o)) {
		fmt_text(b, reeks_obs_lower_text(o), lang);
		buf_puts(b, "\xe2\x80\x93");
		value_text(b, reeks_obs_upper_text(o), unit, lang);
		buf_printf(b, " (%s)", msg(s, lang, bounds_key(
		    reeks_obs_bounds(o))));
		return;
	}
	if (s->ci_series == reeks_obs_series(o) && i < s->ci_cap) {
		m = s->ci_method[i];
		ci = s->ci[i];
	} else
		m = reeks_obs_ci(o, 0.95, &ci);
	if (m == REEKS_CI_NONE)
		return;
	stat_number(b, ci.lower, lang);
	buf_puts(b, "\xe2\x80\x93");
	stat_number(b, ci.upper, lang);
	if (unit == REEKS_UNIT_PERCENT)
		buf_putc(b, '%');
	buf_printf(b, " (%s)", msg(s, lang, m == REEKS_CI_POISSON ?
	    "interval_poisson" : "interval_wilson"));
}

/* A short name for a source: "Eberhard Schatz et al. (2011)"; without
 * a year "(n.d.)", in Dutch "(z.d.)". */
void
source_short(buf *b, const reeks_source *src, reeks_lang lang)
{
	buf_puts(b, reeks_source_author_at(src, 0));
	if (reeks_source_author_count(src) > 1)
		buf_puts(b, " et al.");
	buf_printf(b, " (%s)", reeks_source_year(src) != NULL ?
	    reeks_source_year(src) : fmt_no_date(lang));
}

mustache_value *
source_label(site *s, const reeks_source *src, reeks_lang lang)
{
	buf b = { 0 };
	mustache_value *v;

	source_short(&b, src, lang);
	v = mustache_string(s->arena, b.data != NULL ? b.data : "");
	buf_free(&b);
	return v;
}

static void segment_notes(site *s, const reeks_segment *g,
    const reeks_series_stats *st, reeks_lang lang, mustache_value *list);

/* The sentences of the statistics of segment G. */
static mustache_value *
segment_stats(site *s, const reeks_segment *g, reeks_lang lang)
{
	mustache_arena *a = s->arena;
	mustache_value *list = mustache_list(a);
	reeks_series_stats st;
	reeks_unit unit = reeks_series_unit(g->series);
	buf first = { 0 }, last = { 0 }, fp = { 0 }, lp = { 0 }, x = { 0 },
	    y = { 0 }, z = { 0 }, w = { 0 };

	reeks_stat_error rc = reeks_segment_stats(g, 0.95, &st);

	if (rc == REEKS_STAT_NO_MEMORY) /* never a page without them */
		errlist_add(&s->errs, NULL, 0, 0, "out of memory");
	if (rc != REEKS_STAT_OK)
		return list;
	if (!st.has_change)
		goto notes;
	value_text(&first, reeks_obs_value_text(st.first), unit, lang);
	value_text(&last, reeks_obs_value_text(st.last), unit, lang);
	fmt_period(&fp, reeks_obs_period(st.first), lang);
	fmt_period(&lp, reeks_obs_period(st.last), lang);
	fmt_change(&x, st.abs_change, reeks_obs_value_text(st.first),
	    reeks_obs_value_text(st.last), lang);
	if (unit == REEKS_UNIT_PERCENT)
		buf_puts(&x, lang == REEKS_NL ? " procentpunt" : " points");
	if (st.has_pct_change) {
		signed_pct(&y, st.pct_change, lang);
		const char *pairs[] = { "first", first.data, "first_period",
		    fp.data, "last", last.data, "last_period", lp.data, "abs",
		    x.data, "pct", y.data, NULL };
		mustache_list_push(a, list, fmt_msg(s, lang, "stat_change",
		    pairs));
	} else {
		const char *pairs[] = { "first", first.data, "first_period",
		    fp.data, "last", last.data, "last_period", lp.data, "abs",
		    x.data, NULL };
		mustache_list_push(a, list, fmt_msg(s, lang,
		    "stat_change_nopct", pairs));
	}
	if (st.has_cagr) {
		buf_reset(&y);
		buf_reset(&z);
		signed_pct(&y, st.cagr, lang);
		fmt_double(&z, st.years, fmt_span_decimals(st.years), lang);
		const char *pairs[] = { "years", z.data, "cagr", y.data, NULL };
		mustache_list_push(a, list, fmt_msg(s, lang,
		    fmt_span_is_one(st.years) ? "stat_cagr_year" :
		    "stat_cagr", pairs));
	}
	if (st.has_apc) {
		char n[32];

		buf_reset(&x);
		buf_reset(&y);
		buf_reset(&z);
		signed_pct(&x, st.apc.estimate, lang);
		signed_pct(&y, st.apc.lower, lang);
		signed_pct(&z, st.apc.upper, lang);
		snprintf(n, sizeof n, "%zu", st.npoints);
		const char *pairs[] = { "n", n, "first_period", fp.data,
		    "last_period", lp.data, "apc", x.data, "lower", y.data,
		    "upper", z.data, NULL };
		mustache_list_push(a, list, fmt_msg(s, lang, "stat_apc",
		    pairs));
	}
notes:
	segment_notes(s, g, &st, lang, list);
	buf_free(&first);
	buf_free(&last);
	buf_free(&fp);
	buf_free(&lp);
	buf_free(&x);
	buf_free(&y);
	buf_free(&z);
	buf_free(&w);
	return list;
}

/* The years of segment G: "1995–2011", or "2020". */
static void
segment_years(buf *b, const reeks_segment *g)
{
	buf_printf(b, "%d", g->start.year);
	if (g->end.year != g->start.year)
		buf_printf(b, "\xe2\x80\x93%d", g->end.year);
}

/* The periods of segment G's figures whose left-out flags are WHY (with
 * WHY 0: the estimates it uses), "2014, 2016", appended to B; false when
 * there are none. */
static bool
segment_periods(buf *b, const reeks_segment *g, unsigned why)
{
	bool any = false;

	for (size_t j = g->first; j < g->first + g->nobs; j++) {
		const reeks_obs *o = reeks_series_obs_at(g->series, j);

		if (reeks_obs_left_out(o) != why ||
		    (why == 0 && reeks_obs_status(o) != 'E'))
			continue;
		if (any)
			buf_puts(b, ", ");
		period_text(b, reeks_obs_period(o));
		any = true;
	}
	return any;
}

/* The sentences that say what segment G (of a series with NBREAKS
 * breaks) leaves out and why, and which estimates it uses, pushed to
 * LIST; ST its statistics. */
static void
segment_notes(site *s, const reeks_segment *g, const reeks_series_stats *st,
    reeks_lang lang, mustache_value *list)
{
	static const char *const reason_keys[] = {
		"left_no_value", "left_span", "left_range", "left_bound",
		"left_secondary", "left_provisional"
	};
	mustache_arena *a = s->arena;
	buf b = { 0 }, years = { 0 }, n = { 0 }, total = { 0 };
	size_t nbreaks = reeks_series_break_count(g->series);

	segment_years(&years, g);
	if (st->npoints < 2) {
		fmt_double(&n, (double)st->npoints, 0, lang);
		fmt_double(&total, (double)g->nobs, 0, lang);
		const char *pairs[] = { "years", years.data, "n", n.data,
		    "total", total.data, NULL };
		mustache_list_push(a, list, fmt_msg(s, lang, "stat_too_few",
		    pairs));
	} else if (!st->has_apc) {
		mustache_list_push(a, list, mustache_string(a, msg(s, lang,
		    st->npoints < 3 ? "stat_no_trend_few" :
		    "stat_no_trend_zero")));
	}
	/* Before or after a break: not compared across it. */
	if (st->npoints < 2 && g->brk != NULL) {
		period_text(&b, reeks_break_period(g->brk));
		const char *pairs[] = { "period", b.data, NULL };
		mustache_list_push(a, list, fmt_msg(s, lang, "stat_after_break",
		    pairs));
	} else if (st->npoints < 2 && nbreaks > 0) {
		/* The figures before the first break. */
		period_text(&b, reeks_break_period(reeks_series_break_at(
		    g->series, 0)));
		const char *pairs[] = { "period", b.data, NULL };
		mustache_list_push(a, list, fmt_msg(s, lang,
		    "stat_before_break", pairs));
	}
	/* The figures left out, grouped by their reasons: those reasons
	 * found in one pass, not the figures looked through for each. */
	uint64_t found = 0;
	for (size_t j = g->first; j < g->first + g->nobs; j++)
		found |= UINT64_C(1) << (reeks_obs_left_out(
		    reeks_series_obs_at(g->series, j)) & 63);
	buf_reset(&b);
	for (unsigned why = 1; why < 64; why++) {
		size_t at = b.len;
		bool some = false;

		if ((found >> why & 1) == 0)
			continue;
		if (at > 0)
			buf_puts(&b, "; ");
		if (!segment_periods(&b, g, why)) {
			b.len = at;
			if (b.data != NULL)
				b.data[at] = '\0';
			continue;
		}
		buf_puts(&b, " (");
		for (unsigned f = 0; f < 6; f++)
			if (why & 1u << f) {
				if (some)
					buf_puts(&b, ", ");
				buf_puts(&b, msg(s, lang, reason_keys[f]));
				some = true;
			}
		buf_putc(&b, ')');
	}
	if (b.len > 0) {
		const char *pairs[] = { "years", years.data, "list", b.data,
		    NULL };
		mustache_list_push(a, list, fmt_msg(s, lang, "stat_left_out",
		    pairs));
	}
	buf_reset(&b);
	if (segment_periods(&b, g, 0)) {
		const char *pairs[] = { "list", b.data, NULL };
		mustache_list_push(a, list, fmt_msg(s, lang, "stat_estimates",
		    pairs));
	}
	buf_free(&b);
	buf_free(&years);
	buf_free(&n);
	buf_free(&total);
}

/* The statistics section: each segment of SE with its sentences; and
 * in *TREND, for the summary at the top of the page, each segment's
 * first sentence (its change, or why it has none) with its label. */
static mustache_value *
stats_list(site *s, const reeks_series *se, reeks_lang lang,
    mustache_value **trend)
{
	mustache_arena *a = s->arena;
	mustache_value *list = mustache_list(a);
	reeks_segment g;
	size_t nseg = reeks_series_segment_count(se);

	*trend = mustache_list(a);
	for (size_t i = 0; reeks_series_segment_at(se, i, &g); i++) {
		mustache_value *m = mustache_map(a), *t = mustache_map(a);
		mustache_value *sentences = segment_stats(s, &g, lang);
		const mustache_value *first;
		buf label = { 0 };

		if (nseg > 1) {
			segment_years(&label, &g);
			set_str(s, t, "label", label.data);
			set_buf(s, m, "label", &label);
		} else {
			set_str(s, m, "label", NULL);
			set_str(s, t, "label", NULL);
		}
		mustache_map_set(a, m, "sentences", sentences);
		mustache_list_push(a, list, m);
		first = mustache_list_count(sentences) > 0 ?
		    mustache_list_at(sentences, 0) : NULL;
		if (first != NULL) {
			set_str(s, t, "sentence", mustache_value_text(first,
			    NULL));
			mustache_list_push(a, *trend, t);
		}
		buf_free(&label);
	}
	return list;
}

/* The latest figure of SE (the newest with a value or a range) for the
 * summary at the top of its page: its value as cited, period, source,
 * status and whether the source is secondary; false when SE has none. */
static mustache_value *
latest_summary(site *s, const reeks_series *se, reeks_lang lang)
{
	mustache_arena *a = s->arena;
	const reeks_obs *o = NULL;
	mustache_value *m;
	buf b = { 0 }, p = { 0 }, src = { 0 };

	for (size_t i = reeks_series_obs_count(se); i-- > 0 && o == NULL;) {
		const reeks_obs *x = reeks_series_obs_at(se, i);

		if (reeks_obs_has_value(x) || (reeks_obs_has_lower(x) &&
		    reeks_obs_has_upper(x)))
			o = x;
	}
	if (o == NULL)
		return mustache_bool(a, false);
	m = mustache_map(a);
	obs_value_cited(s, &b, o, reeks_series_unit(se), lang);
	set_buf(s, m, "value", &b);
	obs_anchor(&b, o);
	set_buf(s, m, "anchor", &b);
	period_text(&p, reeks_obs_period(o));
	source_short(&src, reeks_obs_source(o), lang);
	const char *pairs[] = { "period", p.data, "source", src.data, NULL };
	mustache_map_set(a, m, "where", fmt_msg(s, lang, "summary_where",
	    pairs));
	if (reeks_obs_status(o) != 'A') {
		const char *more[] = { "status", msg(s, lang,
		    status_key(reeks_obs_status(o))), NULL };
		mustache_map_set(a, m, "status", fmt_msg(s, lang,
		    "summary_status", more));
	} else {
		set_str(s, m, "status", NULL);
	}
	mustache_map_set(a, m, "secondary", mustache_bool(a,
	    reeks_obs_secondary(o)));
	buf_free(&b);
	buf_free(&p);
	buf_free(&src);
	return m;
}

static const char *
op_key(const char *op)
{
	if (strcmp(op, "pct-change") == 0)
		return "op_pct_change";
	if (strcmp(op, "share") == 0)
		return "op_share";
	if (strcmp(op, "ratio") == 0)
		return "op_ratio";
	return "op_difference";
}

/* A claim's value in LANG, printed or recomputed (V at DECIMALS): a
 * pct-change and a difference are signed changes, "−66%", and pct-change
 * and share are percents. */
static void
claim_value(buf *b, const reeks_claim *c, double v, int decimals,
    reeks_lang lang, bool printed)
{
	const char *op = reeks_claim_operation(c);
	bool pct = strcmp(op, "pct-change") == 0 || strcmp(op, "share") == 0;
	bool change = strcmp(op, "pct-change") == 0 ||
	    strcmp(op, "difference") == 0;

	if (change)
		fmt_signed(b, printed ? reeks_claim_value(c) : v, printed ?
		    fmt_text_decimals(reeks_claim_value_text(c)) : decimals,
		    lang);
	else if (printed)
		fmt_text(b, reeks_claim_value_text(c), lang);
	else
		fmt_double(b, v, decimals, lang);
	if (pct)
		buf_putc(b, '%');
}

/* The verdict on claim C in LANG; DEC is the decimals of its printed
 * value. One that holds only on rounded inputs says so, with both
 * recomputations, and which inputs were rounded. */
static mustache_value *
claim_verdict(site *s, const reeks_claim *c, int dec, reeks_lang lang)
{
	reeks_claim_verdict v = reeks_claim_verdict_of(c);
	buf p = { 0 }, u = { 0 }, t = { 0 };
	double unrounded;
	mustache_value *r;

	if (v != REEKS_CLAIM_HOLDS_ROUNDED ||
	    !reeks_claim_unrounded(c, &unrounded))
		return mustache_string(s->arena, msg(s, lang,
		    v == REEKS_CLAIM_HOLDS ? "claim_holds" :
		    v == REEKS_CLAIM_DOES_NOT_HOLD ? "claim_fails" :
		    "claim_unverifiable"));
	claim_value(&p, c, reeks_claim_recomputed(c), dec + 1, lang, false);
	claim_value(&u, c, unrounded, dec + 1, lang, false);
	const char *pairs[] = { "printed", p.data, "unrounded", u.data, NULL };
	catalog_format(&t, s->cat[lang], "claim_holds_rounded", pairs,
	    &s->errs);
	for (size_t k = 0; k < reeks_claim_input_count(c); k++) {
		const reeks_obs *o = reeks_claim_input_obs(c, k);
		reeks_unit unit = reeks_series_unit(reeks_obs_series(o));
		buf val = { 0 }, per = { 0 }, num = { 0 }, den = { 0 },
		    q = { 0 };

		if (strcmp(reeks_claim_input_field(c, k), "value") != 0 ||
		    !reeks_obs_has_numerator(o) ||
		    !reeks_obs_has_denominator(o) ||
		    unit != REEKS_UNIT_PERCENT)
			continue;
		value_text(&val, reeks_obs_value_text(o), unit, lang);
		period_text(&per, reeks_obs_period(o));
		fmt_text(&num, reeks_obs_numerator_text(o), lang);
		fmt_text(&den, reeks_obs_denominator_text(o), lang);
		fmt_double(&q, 100 * reeks_obs_numerator(o) /
		    reeks_obs_denominator(o), fmt_text_decimals(
		    reeks_obs_value_text(o)) + 1, lang);
		buf_putc(&q, '%');
		const char *more[] = { "value", val.data, "period", per.data,
		    "numerator", num.data, "denominator", den.data,
		    "unrounded", q.data, NULL };
		buf_putc(&t, ' ');
		catalog_format(&t, s->cat[lang], "claim_unrounded", more,
		    &s->errs);
		buf_free(&val);
		buf_free(&per);
		buf_free(&num);
		buf_free(&den);
		buf_free(&q);
	}
	r = mustache_string(s->arena, t.data != NULL ? t.data : "");
	buf_free(&p);
	buf_free(&u);
	buf_free(&t);
	return r;
}

static mustache_value *
claims_list(site *s, const reeks_series *se, reeks_lang lang,
    const char *root, bool *any)
{
	mustache_arena *a = s->arena;
	mustache_value *list = mustache_list(a);
	const reeks_claim *claims[64];
	size_t n = reeks_claims_by_series(s->st, reeks_series_id(se), claims,
	    64);
	buf b = { 0 };

	if (n > 64)
		n = 64;
	*any = n > 0;
	for (size_t i = 0; i < n; i++) {
		const reeks_claim *c = claims[i];
		mustache_value *m = mustache_map(a);
		reeks_claim_verdict v = reeks_claim_verdict_of(c);

		buf_printf(&b, "claim-%s", reeks_claim_id(c));
		set_buf(s, m, "anchor", &b);
		set_str(s, m, "printed", reeks_claim_printed(c) != NULL ?
		    reeks_claim_printed(c) : reeks_claim_value_text(c));
		mustache_map_set(s->arena, m, "source",
		    source_label(s, reeks_claim_source(c), lang));
		set_str(s, m, "locator", reeks_claim_locator_lang(c, lang));
		set_str(s, m, "note", reeks_claim_note(c, lang));
		set_str(s, m, "class", v == REEKS_CLAIM_HOLDS ? "holds" :
		    v == REEKS_CLAIM_DOES_NOT_HOLD ? "fails" :
		    v == REEKS_CLAIM_HOLDS_ROUNDED ? "rounded" :
		    "unverifiable");
		mustache_map_set(a, m, "verdict", claim_verdict(s, c,
		    fmt_text_decimals(reeks_claim_value_text(c)), lang));
		if (reeks_claim_input_count(c) == 2) {
			const reeks_obs *in[2] = { reeks_claim_input_obs(c, 0),
			    reeks_claim_input_obs(c, 1) };
			buf av = { 0 }, bv = { 0 }, ap = { 0 }, bp = { 0 },
			    r = { 0 }, p = { 0 };
			const char *fields[2] = { reeks_claim_input_field(c, 0),
			    reeks_claim_input_field(c, 1) };
			buf *vals[2] = { &av, &bv }, *pers[2] = { &ap, &bp };
			int dec = 0;
			const char *dot = strchr(reeks_claim_value_text(c), '.');

			if (dot != NULL)
				dec = (int)strlen(dot + 1);
			for (int k = 0; k < 2; k++) {
				const char *f = fields[k], *t;

				t = strcmp(f, "numerator") == 0 ?
				    reeks_obs_numerator_text(in[k]) :
				    strcmp(f, "denominator") == 0 ?
				    reeks_obs_denominator_text(in[k]) :
				    strcmp(f, "lower") == 0 ?
				    reeks_obs_lower_text(in[k]) :
				    strcmp(f, "upper") == 0 ?
				    reeks_obs_upper_text(in[k]) :
				    reeks_obs_value_text(in[k]);
				if (strcmp(f, "value") == 0)
					value_text(vals[k], t, reeks_series_unit(
					    reeks_obs_series(in[k])), lang);
				else
					fmt_text(vals[k], t, lang);
				period_text(pers[k], reeks_obs_period(in[k]));
			}
			claim_value(&r, c, reeks_claim_recomputed(c), dec + 1,
			    lang, false);
			claim_value(&p, c, 0, 0, lang, true);
			const char *pairs[] = { "a", av.data, "a_period",
			    ap.data, "b", bv.data, "b_period", bp.data,
			    "recomputed", r.data, "printed", p.data, NULL };
			mustache_map_set(a, m, "explanation", fmt_msg(s, lang,
			    "claim_explain", pairs));
			buf_free(&av);
			buf_free(&bv);
			buf_free(&ap);
			buf_free(&bp);
			buf_free(&r);
			buf_free(&p);
		} else {
			set_str(s, m, "explanation", "");
		}
		(void)root;
		(void)op_key;
		mustache_list_push(a, list, m);
	}
	buf_free(&b);
	return list;
}

size_t
series_sources(const reeks_series *se, const reeks_source **out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < reeks_series_obs_count(se); i++) {
		const reeks_source *src =
		    reeks_obs_source(reeks_series_obs_at(se, i));
		bool seen = false;

		for (size_t j = 0; j < n; j++)
			seen |= out[j] == src;
		if (!seen && n < max)
			out[n++] = src;
	}
	return n;
}

/* The release series SE is in as it is now: the release whose page this
 * is, else the latest when no figure of SE changed since; or NULL. */
static const site_release *
series_release(const site *s, const reeks_series *se)
{
	const site_release *last;
	const char *id = reeks_series_id(se);

	if (s->release != NULL)
		return s->release;
	if (s->nreleases == 0)
		return NULL;
	last = &s->releases[s->nreleases - 1];
	if (reeks_series_find(last->st, id) == NULL)
		return NULL;
	for (size_t i = 0; i < s->unreleased.n; i++)
		if (strcmp(s->unreleased.v[i].series, id) == 0)
			return NULL;
	return last;
}

/* The series' APA, BibTeX and RIS entries, with the version of the data
 * and the address of the series' page in that release (and the latest
 * page's) when it is in one. */
static mustache_value *
citations(site *s, const reeks_series *se, reeks_lang lang)
{
	mustache_arena *a = s->arena;
	mustache_value *m = mustache_map(a);
	const reeks_source *srcs[16];
	size_t nsrc = series_sources(se, srcs, 16);
	const char *title = reeks_series_title(se, lang);
	const char *base = s->opts->base_url;
	const site_release *rel = series_release(s, se);
	const char *version = rel != NULL ? reeks_release_name(rel->r) :
	    s->updated;
	buf b = { 0 }, url = { 0 }, from = { 0 }, ver = { 0 }, latest = { 0 },
	    also = { 0 };
	char year[5];

	memcpy(year, s->updated, 4);
	year[4] = '\0';
	cite_version(s, &ver, rel, lang);
	if (base != NULL) {
		series_url(&url, base, rel, lang, reeks_series_id(se));
		/* Beside a release's address, the latest page's. */
		if (rel != NULL && s->release == NULL) {
			series_url(&latest, base, NULL, lang,
			    reeks_series_id(se));
			const char *pairs[] = { "url", latest.data, NULL };
			catalog_format(&also, s->cat[lang], "cite_latest",
			    pairs, &s->errs);
		}
	}
	for (size_t i = 0; i < nsrc; i++) {
		if (i > 0)
			buf_puts(&from, "; ");
		buf_puts(&from, reeks_source_citation_lang(srcs[i], lang));
	}

	buf_printf(&b, "reeks (%s). %s (%s %s) [Data set]. ", year, title,
	    msg(s, lang, "cite_version_label"), ver.data);
	buf_puts(&b, lang == REEKS_NL ? "Samengesteld uit: " :
	    "Compiled from: ");
	buf_puts(&b, from.data != NULL ? from.data : "");
	if (url.data != NULL)
		buf_printf(&b, " %s", url.data);
	if (also.data != NULL)
		buf_printf(&b, " (%s)", also.data);
	set_buf(s, m, "apa", &b);

	buf_printf(&b, "@misc{reeks-%s,\n  author = {{reeks}},\n  title = {",
	    reeks_series_id(se));
	escape_bibtex(&b, title);
	buf_printf(&b, "},\n  year = {%s},\n  version = {", year);
	escape_bibtex(&b, version);
	buf_puts(&b, "},\n  note = {");
	escape_bibtex(&b, lang == REEKS_NL ? "Samengesteld uit: " :
	    "Compiled from: ");
	escape_bibtex(&b, from.data != NULL ? from.data : "");
	if (rel == NULL) {
		escape_bibtex(&b, " ");
		escape_bibtex(&b, msg(s, lang, "cite_no_release"));
	}
	buf_puts(&b, "}");
	if (url.data != NULL)
		buf_printf(&b, ",\n  url = {%s}", url.data);
	buf_puts(&b, "\n}");
	set_buf(s, m, "bibtex", &b);

	/* RIS: ET is a data set's version; UR may repeat. */
	buf_printf(&b, "TY  - DATA\nAU  - reeks\nTI  - %s\nPY  - %s\n"
	    "ET  - %s\n", title, year, version);
	for (size_t i = 0; i < nsrc; i++)
		buf_printf(&b, "N1  - %s\n",
		    reeks_source_citation_lang(srcs[i], lang));
	if (rel == NULL)
		buf_printf(&b, "N1  - %s\n", msg(s, lang, "cite_no_release"));
	if (url.data != NULL)
		buf_printf(&b, "UR  - %s\n", url.data);
	if (latest.data != NULL)
		buf_printf(&b, "UR  - %s\n", latest.data);
	buf_puts(&b, "ER  - ");
	set_buf(s, m, "ris", &b);
	buf_free(&b);
	buf_free(&url);
	buf_free(&from);
	buf_free(&ver);
	buf_free(&latest);
	buf_free(&also);
	return m;
}

/*
 * A series page lists at most TABLE_MAX observations, so that its size
 * and the memory its model takes stay bounded: a series with more lists
 * its newest TABLE_MAX, says so in the reader's language, and links its
 * downloads, which hold every observation. The index of the first
 * observation listed.
 */
enum { TABLE_MAX = 500 };

static size_t
table_first(const reeks_series *se)
{
	size_t n = reeks_series_obs_count(se);

	return n > TABLE_MAX ? n - TABLE_MAX : 0;
}

/* Whether O has a row (and so an anchor) on its series' page. */
bool
obs_listed(const reeks_obs *o)
{
	const reeks_series *se = reeks_obs_series(o);
	size_t n = reeks_series_obs_count(se);

	for (size_t i = table_first(se); i < n; i++)
		if (reeks_series_obs_at(se, i) == o)
			return true;
	return false;
}

/* The notice above a series' table when it lists only the newest
 * TABLE_MAX observations; false when it lists them all. */
static mustache_value *
table_notice(site *s, const reeks_series *se, reeks_lang lang)
{
	size_t n = reeks_series_obs_count(se), first = table_first(se);
	buf count = { 0 }, shown = { 0 }, p[4] = { { 0 } };
	mustache_value *v;

	if (first == 0)
		return mustache_bool(s->arena, false);
	fmt_double(&count, (double)n, 0, lang);
	fmt_double(&shown, (double)(n - first), 0, lang);
	fmt_period(&p[0], reeks_obs_period(reeks_series_obs_at(se, 0)), lang);
	fmt_period(&p[1], reeks_obs_period(reeks_series_obs_at(se, n - 1)),
	    lang);
	fmt_period(&p[2], reeks_obs_period(reeks_series_obs_at(se, first)),
	    lang);
	fmt_period(&p[3], reeks_obs_period(reeks_series_obs_at(se, n - 1)),
	    lang);
	const char *pairs[] = { "n", count.data, "first", p[0].data, "last",
	    p[1].data, "shown", shown.data, "from", p[2].data, "to",
	    p[3].data, NULL };
	v = mustache_map(s->arena);
	mustache_map_set(s->arena, v, "notice", fmt_msg(s, lang,
	    "table_bounded", pairs));
	buf_free(&count);
	buf_free(&shown);
	for (int i = 0; i < 4; i++)
		buf_free(&p[i]);
	return v;
}

/* The caption under a series' chart. */
static mustache_value *
chart_caption(site *s, const reeks_series *se, reeks_lang lang)
{
	size_t drawn = chart_line_count(se);
	size_t n = reeks_series_obs_count(se);
	buf count = { 0 }, nspans = { 0 }, shown = { 0 };
	mustache_value *v;

	if (drawn <= CHART_MAX_POINTS)
		return mustache_string(s->arena, msg(s, lang, "chart_caption"));
	fmt_double(&count, (double)drawn, 0, lang);
	fmt_double(&nspans, (double)CHART_SPANS, 0, lang);
	fmt_double(&shown, (double)(n - table_first(se)), 0, lang);
	const char *pairs[] = { "n", count.data, "spans", nspans.data,
	    "shown", shown.data, NULL };
	v = fmt_msg(s, lang, "chart_caption_spans", pairs);
	buf_free(&count);
	buf_free(&nspans);
	buf_free(&shown);
	return v;
}

/* Write series SE's page and its standalone chart in LANG. */
void
series_page(site *s, const reeks_series *se, reeks_lang lang)
{
	mustache_arena *a = s->arena;
	const char *id = reeks_series_id(se);
	reeks_unit unit = reeks_series_unit(se);
	buf rel = { 0 }, b = { 0 }, path = { 0 }, cid = { 0 };
	mustache_value *m, *ser, *rows, *brks, *dl, *snip, *trend;
	footnotes fn;
	cite_rows cr;
	const char *root;
	bool any_claims = false;

	buf_printf(&rel, "series/%s.html", id);
	m = page_model(s, lang, rel.data, reeks_series_title(se, lang),
	    reeks_series_description(se, lang), NULL);
	root = root_of(m);

	ser = mustache_map(a);
	set_str(s, ser, "title", reeks_series_title(se, lang));
	set_str(s, ser, "description", reeks_series_description(se, lang));
	set_str(s, ser, "definition", reeks_series_definition(se, lang));
	set_str(s, ser, "caveat", reeks_series_caveat(se, lang));
	set_str(s, ser, "kind_note", reeks_series_kind(se) ==
	    REEKS_KIND_TARGET ? msg(s, lang, "kind_target_note") :
	    reeks_series_kind(se) == REEKS_KIND_PLAN ?
	    msg(s, lang, "kind_plan_note") : "");
	set_str(s, ser, "topic", reeks_topic_title(reeks_series_topic(se),
	    lang));
	buf_printf(&b, "%s%s/topics/%s.html", root, langs[lang],
	    reeks_topic_id(reeks_series_topic(se)));
	set_buf(s, ser, "topic_href", &b);
	if (s->release == NULL &&
	    compare_href(s, reeks_series_indicator(se)) != NULL)
		buf_printf(&b, "%s%s/compare/%s.html", root, langs[lang],
		    reeks_series_indicator(se));
	set_buf(s, ser, "compare_href", &b);
	buf_puts(&b, reeks_geography_name(reeks_series_geography(se), lang));
	if (reeks_series_breakdown_label(se, lang) != NULL)
		buf_printf(&b, " \xc2\xb7 %s",
		    reeks_series_breakdown_label(se, lang));
	set_buf(s, ser, "geography", &b);
	mustache_map_set(a, m, "series", ser);
	mustache_map_set(a, m, "jsonld", dataset_jsonld(s, se, lang, root));
	mustache_map_set(a, m, "release", release_banner(s, se, lang, root));

	brks = mustache_list(a);
	for (size_t i = 0; i < reeks_series_break_count(se); i++) {
		const reeks_break *br = reeks_series_break_at(se, i);
		mustache_value *bm = mustache_map(a);

		period_text(&b, reeks_break_period(br));
		set_buf(s, bm, "period", &b);
		set_str(s, bm, "reason", reeks_break_reason(br, lang));
		mustache_list_push(a, brks, bm);
	}
	mustache_map_set(a, m, "breaks", brks);

	/* The chart, inline and as its own file. */
	chart_opts co = { lang, &s->words[lang], false, "chart" };
	buf_printf(&cid, "chart-%s", id);
	co.id = cid.data;
	chart_line(&b, se, &co);
	mustache_map_set(a, m, "chart", mustache_markup(a,
	    b.data != NULL ? b.data : ""));
	/* The same chart to download: SVG and PNG, framed. */
	buf_printf(&path, "%s%s/series/%s", s->prefix, langs[lang], id);
	write_chart(s, m, path.failed ? NULL : path.data, &b);
	buf_reset(&b);
	mustache_map_set(a, m, "chart_caption", chart_caption(s, se, lang));
	mustache_map_set(a, m, "bounded", table_notice(s, se, lang));

	/* The table, newest first, with its footnotes. */
	footnotes_init(&fn, lang);
	cite_rows_init(s, &cr, se, lang);
	rows = mustache_list(a);
	for (size_t i = reeks_series_obs_count(se); i-- > table_first(se);) {
		const reeks_obs *o = reeks_series_obs_at(se, i);
		mustache_value *r = mustache_map(a);
		reeks_qualifier q = reeks_obs_qualifier(o);

		obs_anchor(&b, o);
		set_buf(s, r, "anchor", &b);
		period_text(&b, reeks_obs_period(o));
		set_buf(s, r, "period", &b);
		obs_value(&b, o, unit, lang);
		set_buf(s, r, "value", &b);
		set_str(s, r, "qualifier", q == REEKS_QUAL_EXACT ? NULL :
		    msg(s, lang, qualifier_key(q)));
		if (reeks_obs_method(o) != NULL) {
			const char *pairs[] = { "method", reeks_obs_method(o),
			    NULL };
			mustache_map_set(a, r, "method", fmt_msg(s, lang,
			    "method_label", pairs));
		} else {
			set_str(s, r, "method", NULL);
		}
		set_str(s, r, "status", msg(s, lang,
		    status_key(reeks_obs_status(o))));
		mustache_map_set(a, r, "secondary",
		    mustache_bool(a, reeks_obs_secondary(o)));
		obs_interval(s, &b, o, i, unit, lang);
		set_buf(s, r, "interval", &b);
		footnotes_mark(s, &fn, r, o);
		mustache_map_set(a, r, "cite", row_citation(s, &cr, o));
		mustache_map_set(a, r, "history", figure_history(s, se, o,
		    lang));
		mustache_map_set(a, r, "later", figure_later(s, se, o, lang,
		    root));
		mustache_list_push(a, rows, r);
	}
	cite_rows_free(&cr);
	footnotes_set(s, &fn, m, root);
	footnotes_free(&fn);
	mustache_map_set(a, m, "rows", rows);
	mustache_map_set(a, m, "stats", stats_list(s, se, lang, &trend));
	mustache_map_set(a, m, "trend", trend);
	mustache_map_set(a, m, "latest", latest_summary(s, se, lang));
	/* A release's page shows its figures; the rates derived from them,
	 * and their downloads, are the current site's. */
	mustache_map_set(a, m, "rates", s->release != NULL ?
	    mustache_bool(a, false) : rates_section(s, se, lang, root));
	mustache_map_set(a, m, "claims", claims_list(s, se, lang, root,
	    &any_claims));
	mustache_map_set(a, m, "has_claims", mustache_bool(a, any_claims));
	mustache_map_set(a, m, "citation", citations(s, se, lang));

	if (s->release != NULL) {
		release_downloads(s, m, lang, root);
		goto render;
	}
	dl = mustache_list(a);
	static const struct {
		const char *ext, *type, *label;
	} formats[] = {
		{ "csv", "text/csv", "CSV" },
		{ "xml", "application/xml", "XML" },
		{ "json", "application/json", "JSON" },
	};
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		mustache_value *d = mustache_map(a);

		buf_printf(&b, "%sdata/series/%s.%s", root, id,
		    formats[i].ext);
		set_buf(s, d, "href", &b);
		set_str(s, d, "type", formats[i].type);
		set_str(s, d, "label", formats[i].label);
		set_str(s, d, "sep", i > 0 ? "," : "");
		mustache_list_push(a, dl, d);
	}
	mustache_map_set(a, m, "downloads", dl);

	snip = mustache_map(a);
	const char *base = s->opts->base_url != NULL ? s->opts->base_url : "";
	snippet_r(&b, base, "series/", id);
	set_buf(s, snip, "r", &b);
	snippet_pandas(&b, base, "series/", id);
	set_buf(s, snip, "pandas", &b);
	mustache_map_set(a, m, "snippets", snip);

render:
	render(s, "series", m, page_path(s, &path, lang, &rel));
	buf_free(&rel);
	buf_free(&b);
	buf_free(&path);
	buf_free(&cid);
}
