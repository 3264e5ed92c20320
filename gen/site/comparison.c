/*
 * site/comparison.c: the comparisons over time (compare.h's
 * compare_lines_plan(), drawn by lines.h) on the topic pages and on a
 * page per indicator, LANG/compare/INDICATOR.html, each chart with its
 * data table (see site-internal.h).
 */
#include "site/chart-internal.h"
#include "site/compare.h"
#include "site/lines.h"
#include "site/site-internal.h"
#include "data/rates.h"

/* The part of a series' title before its first ", " (all of it when
 * there is none). */
static void
first_stem(buf *b, const char *title)
{
	const char *comma = strstr(title, ", ");

	if (comma != NULL)
		buf_add(b, title, (size_t)(comma - title));
	else
		buf_puts(b, title);
}

/* The label of line SE in comparison C: a part by its breakdown label; a
 * place by what its title says after the first ", " ("Amsterdam (EMCDDA)",
 * "Netherlands, sub-national sample"), else its place's name; the whole
 * title when another line of C would get the same label. */
static void
line_label(buf *b, const compare_lines *c, const reeks_series *se,
    reeks_lang lang)
{
	const char *title = reeks_series_title(se, lang);

	if (c->kind == COMPARE_PARTS &&
	    reeks_series_breakdown_label(se, lang) != NULL) {
		buf_puts(b, reeks_series_breakdown_label(se, lang));
		return;
	}
	const char *comma = strstr(title, ", ");
	const char *label = comma != NULL ? comma + 2 :
	    reeks_geography_name(reeks_series_geography(se), lang);
	for (size_t i = 0; i < c->n; i++) {
		const char *t = reeks_series_title(c->series[i], lang);
		const char *cc = strstr(t, ", ");
		const char *other = cc != NULL ? cc + 2 : reeks_geography_name(
		    reeks_series_geography(c->series[i]), lang);

		if (c->series[i] != se && strcmp(other, label) == 0) {
			label = title;
			break;
		}
	}
	buf_puts(b, label);
}

/* The middle of O's period, in years. */
static double
obs_t(const reeks_obs *o)
{
	return (chart_date_pos(reeks_obs_period_start(o)) +
	    chart_date_pos(reeks_obs_period_end(o))) / 2;
}

/* The figures of one line as drawn: points, their texts, and the
 * observations they come from. */
typedef struct built_line {
	line_point *pts;
	buf *texts;
	const reeks_obs **obs;
	size_t n;
} built_line;

static void
built_free(built_line *l)
{
	for (size_t k = 0; l->texts != NULL && k < l->n; k++)
		buf_free(&l->texts[k]);
	free(l->texts);
	free(l->pts);
	free(l->obs);
	*l = (built_line){ 0 };
}

/* The index of the first observation of each segment after the first of
 * SE, as a flag per observation, in a new array (free it); NULL when out
 * of memory. */
static bool *
break_flags(const reeks_series *se)
{
	size_t nobs = reeks_series_obs_count(se);
	bool *f = calloc(nobs ? nobs : 1, sizeof *f);
	reeks_segment seg;

	for (size_t i = 1; f != NULL && reeks_series_segment_at(se, i, &seg);
	    i++)
		f[seg.first] = true;
	return f;
}

/* Line SE's points in comparison KIND (values, or rates) into *L. False
 * when out of memory. */
static bool
build_line(built_line *l, const reeks_series *se, compare_lines_kind kind,
    reeks_lang lang)
{
	size_t nobs = reeks_series_obs_count(se);
	bool *brk = break_flags(se), pending = false;
	reeks_unit unit = reeks_series_unit(se);

	*l = (built_line){ 0 };
	l->pts = calloc(nobs ? nobs : 1, sizeof *l->pts);
	l->texts = calloc(nobs ? nobs : 1, sizeof *l->texts);
	l->obs = calloc(nobs ? nobs : 1, sizeof *l->obs);
	if (brk == NULL || l->pts == NULL || l->texts == NULL ||
	    l->obs == NULL) {
		free(brk);
		built_free(l);
		return false;
	}
	for (size_t k = 0; k < nobs; k++) {
		const reeks_obs *o = reeks_series_obs_at(se, k);
		reeks_qualifier q = reeks_obs_qualifier(o);
		line_point *p = &l->pts[l->n];
		buf *text = &l->texts[l->n];
		reeks_rate r;

		pending |= brk[k];
		if (kind == COMPARE_RATES) {
			if (reeks_obs_rate(o, RATE_PER, RATE_LEVEL, &r) !=
			    REEKS_RATE_OK)
				continue;
			stat_number(text, r.rate, lang);
			*p = (line_point){ .value = r.rate, .joinable = true };
		} else {
			if (!reeks_obs_has_value(o))
				continue;
			chart_value_label(text, o, unit, lang);
			*p = (line_point){ .value = reeks_obs_value(o),
			    .hollow = q != REEKS_QUAL_EXACT ||
			    reeks_obs_secondary(o),
			    .joinable = !reeks_obs_period_is_interval(o) &&
			    (q == REEKS_QUAL_EXACT || q == REEKS_QUAL_APPROX) &&
			    !reeks_obs_secondary(o) };
		}
		p->t = obs_t(o);
		p->period = reeks_obs_period(o);
		p->brk = pending;
		pending = false;
		l->obs[l->n++] = o;
	}
	for (size_t k = 0; k < l->n; k++)
		l->pts[k].text = l->texts[k].data != NULL ?
		    l->texts[k].data : "";
	free(brk);
	return true;
}

/* One period row of a table: its text and its place in time. */
typedef struct period_row {
	const char *period;
	double t;
} period_row;

static int
row_cmp(const void *a, const void *b)
{
	const period_row *x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return strcmp(x->period, y->period);
}

/* The table cell of SE at PERIOD: its figures there (or rates), each
 * linked to its row on the series page; "–" when there is none. */
static mustache_value *
table_cell(site *s, const reeks_series *se, const char *period,
    const uint32_t *next, uint32_t first, compare_lines_kind kind,
    const bool *brk, reeks_lang lang, const char *root)
{
	mustache_arena *a = s->arena;
	mustache_value *figs = mustache_list(a);
	buf b = { 0 };
	size_t nobs = reeks_series_obs_count(se);

	/* With NEXT, the figures at PERIOD are a chain from FIRST (an
	 * index + 1, 0 ending it), in order; else each is looked at. */
	for (size_t k = next != NULL ? (size_t)first - 1 : 0;
	    next != NULL ? k + 1 != 0 : k < nobs;
	    k = next != NULL ? (size_t)next[k] - 1 : k + 1) {
		const reeks_obs *o = reeks_series_obs_at(se, k);
		mustache_value *m;
		reeks_rate r;

		if (next == NULL && strcmp(reeks_obs_period(o), period) != 0)
			continue;
		if (kind == COMPARE_RATES && reeks_obs_rate(o, RATE_PER,
		    RATE_LEVEL, &r) != REEKS_RATE_OK)
			continue;
		m = mustache_map(a);
		if (kind == COMPARE_RATES)
			stat_number(&b, r.rate, lang);
		else
			obs_value(&b, o, reeks_series_unit(se), lang);
		set_buf(s, m, "value", &b);
		series_href(&b, root, lang, reeks_series_id(se));
		buf_putc(&b, '#');
		if (kind == COMPARE_RATES)
			buf_puts(&b, "r-");
		if (obs_listed(o) || kind == COMPARE_RATES)
			obs_anchor(&b, o);
		else
			buf_puts(&b, "data");
		set_buf(s, m, "href", &b);
		mustache_map_set(a, m, "break", mustache_bool(a,
		    brk != NULL && brk[k]));
		mustache_list_push(a, figs, m);
	}
	buf_free(&b);
	return figs;
}

/* What a lines table's rows are made from while the page renders them
 * (see table()): in the page's arena, which outlives the render. */
typedef struct table_rows {
	site *s;
	const reeks_series **series;    /* a column's: NCOL */
	bool **brks;                    /* a column's series breaks */
	mustache_value **col;           /* a column's label, then (at NCOL +
	                                 * I) its cell without figures */
	const char **periods;           /* a row's, distinct, in order */
	/* A column's figures by row, found once (NULL: looked for in each
	 * row): FIRST[I][R] the index + 1 of column I's first figure at
	 * row R's period, NEXT[I][K] that of the one after figure K; 0 for
	 * none. */
	uint32_t **first, **next;
	size_t ncol, nlines;            /* columns; the lines among them */
	compare_lines_kind kind;
	reeks_lang lang;
	const char *root;
} table_rows;

/* Row R of the table of ARG (a table_rows), built in A. */
static mustache_value *
table_row(void *arg, size_t r, mustache_arena *a)
{
	const table_rows *t = arg;
	mustache_value *row = mustache_map(a), *cells = mustache_list(a);
	buf b = { 0 };

	period_text(&b, t->periods[r]);
	set_buf(t->s, row, "period", &b);
	for (size_t i = 0; i < t->ncol; i++) {
		mustache_value *figs = table_cell(t->s, t->series[i],
		    t->periods[r], t->next != NULL ? t->next[i] : NULL,
		    t->first != NULL ? t->first[i][r] : 0,
		    i < t->nlines ? t->kind : COMPARE_PARTS, t->brks[i],
		    t->lang, t->root);
		mustache_value *cell;

		if (mustache_list_count(figs) == 0) {
			mustache_list_push(a, cells, t->col[t->ncol + i]);
			continue;
		}
		cell = mustache_map(a);
		mustache_map_set(a, cell, "figures", figs);
		mustache_map_set(a, cell, "total",
		    mustache_bool(a, i >= t->nlines));
		/* Its column's name: a card per period on a phone names
		 * each figure by it. */
		mustache_map_set(a, cell, "label", t->col[i]);
		mustache_list_push(a, cells, cell);
	}
	mustache_map_set(a, row, "cells", cells);
	buf_free(&b);
	return row;
}

/* A figure of a column whose period is no row's (in NEXT). */
#define NOT_IN_ROW UINT32_MAX

static uint32_t
period_hash(const char *p)
{
	uint32_t h = 2166136261u;       /* FNV-1a */

	for (; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	return h;
}

/* Find once the figures of each of T's columns at each of its NROWS
 * rows' periods (T->first and T->next, in A): a table's rows are
 * periods, and looking through every figure of every column for each
 * row is the square of a series' length. False, leaving them NULL, when
 * out of memory, too large, or when two rows have one period. */
static bool
chain_rows(mustache_arena *a, table_rows *t, size_t nrows)
{
	size_t size = 16;
	uint32_t *slot, **first, **next;

	while (size <= 2 * nrows)
		size *= 2;
	if (nrows >= UINT32_MAX / 4 || (slot = calloc(size,
	    sizeof *slot)) == NULL)
		return false;
	for (size_t r = 0; r < nrows; r++) {
		size_t i = period_hash(t->periods[r]) & (size - 1);

		for (; slot[i] != 0; i = (i + 1) & (size - 1))
			if (strcmp(t->periods[slot[i] - 1], t->periods[r]) ==
			    0) {
				free(slot);
				return false;
			}
		slot[i] = (uint32_t)r + 1;
	}
	first = mustache_arena_alloc(a, (t->ncol + 1) * sizeof *first);
	next = mustache_arena_alloc(a, (t->ncol + 1) * sizeof *next);
	for (size_t c = 0; first != NULL && next != NULL && c < t->ncol;
	    c++) {
		size_t nobs = reeks_series_obs_count(t->series[c]);

		first[c] = mustache_arena_alloc(a, (nrows + 1) *
		    sizeof **first);
		next[c] = mustache_arena_alloc(a, (nobs + 1) * sizeof **next);
		if (first[c] == NULL || next[c] == NULL || nobs >=
		    UINT32_MAX - 1) {
			free(slot);
			return false;
		}
		memset(first[c], 0, (nrows + 1) * sizeof **first);
		/* From the last, so that each chain is in the figures'
		 * order. */
		for (size_t k = nobs; k-- > 0;) {
			const char *p = reeks_obs_period(reeks_series_obs_at(
			    t->series[c], k));
			size_t i = period_hash(p) & (size - 1);

			next[c][k] = NOT_IN_ROW;
			for (; slot[i] != 0; i = (i + 1) & (size - 1)) {
				uint32_t r = slot[i] - 1;

				if (strcmp(t->periods[r], p) == 0) {
					next[c][k] = first[c][r];
					first[c][r] = (uint32_t)k + 1;
					break;
				}
			}
		}
	}
	free(slot);
	if (first == NULL || next == NULL)
		return false;
	t->first = first;
	t->next = next;
	return true;
}

/* The data table of comparison C (lines and total): a row per period,
 * a column per line, the total last. The rows are a lazy list, made one
 * at a time as the page renders: a topic's tables have a cell per line
 * and period (14,000 at 1,000 series, 600 bytes each in the model).
 * What they read is copied into the arena; a column's label and its cell
 * without figures are made once. */
static void
table(site *s, mustache_value *cm, const compare_lines *c,
    const char *const *labels, reeks_lang lang, const char *root,
    bool *any_break)
{
	mustache_arena *a = s->arena;
	size_t ncol = c->n + (c->total != NULL), np = 0, cap = 0, nrows = 0;
	period_row *rows = NULL;
	bool **brks = calloc(ncol ? ncol : 1, sizeof *brks);
	mustache_value *head = mustache_list(a), *body = NULL;
	table_rows *t = mustache_arena_alloc(a, sizeof *t);
	size_t rootlen = strlen(root);
	char *rootcopy = mustache_arena_alloc(a, rootlen + 1);

	for (size_t i = 0; brks != NULL && i < ncol; i++) {
		const reeks_series *se = i < c->n ? c->series[i] : c->total;
		size_t nobs = reeks_series_obs_count(se);
		period_row *grown = realloc(rows, (cap + nobs + 1) *
		    sizeof *rows);

		if (grown == NULL || (brks[i] = break_flags(se)) == NULL) {
			free(grown != NULL ? grown : rows);
			rows = NULL;
			break;
		}
		rows = grown;
		cap += nobs + 1;
		for (size_t k = 0; k < nobs; k++) {
			const reeks_obs *o = reeks_series_obs_at(se, k);
			reeks_rate r;

			if (c->kind == COMPARE_RATES && (i >= c->n ||
			    reeks_obs_rate(o, RATE_PER, RATE_LEVEL, &r) !=
			    REEKS_RATE_OK))
				continue;
			rows[np++] = (period_row){ reeks_obs_period(o),
			    chart_date_pos(reeks_obs_period_start(o)) };
		}
	}
	if (brks == NULL || rows == NULL || t == NULL || rootcopy == NULL ||
	    (t->series = mustache_arena_alloc(a, (ncol + 1) *
	    sizeof *t->series)) == NULL ||
	    (t->brks = mustache_arena_alloc(a, (ncol + 1) *
	    sizeof *t->brks)) == NULL ||
	    (t->col = mustache_arena_alloc(a, (2 * ncol + 1) *
	    sizeof *t->col)) == NULL ||
	    (t->periods = mustache_arena_alloc(a, (np + 1) *
	    sizeof *t->periods)) == NULL) {
		errlist_add(&s->errs, NULL, 0, 0, "out of memory");
		goto out;
	}
	if (np > 1)
		qsort(rows, np, sizeof *rows, row_cmp);
	memcpy(rootcopy, root, rootlen + 1);
	*t = (table_rows){ s, t->series, t->brks, t->col, t->periods, NULL,
	    NULL, ncol, c->n, c->kind, lang, rootcopy };
	for (size_t i = 0; i < ncol; i++) {
		const reeks_series *se = i < c->n ? c->series[i] : c->total;
		size_t nobs = reeks_series_obs_count(se);
		mustache_value *h = mustache_map(a), *empty = mustache_map(a);

		t->series[i] = se;
		if ((t->brks[i] = mustache_arena_alloc(a, (nobs + 1) *
		    sizeof **t->brks)) == NULL) {
			errlist_add(&s->errs, NULL, 0, 0, "out of memory");
			goto out;
		}
		memcpy(t->brks[i], brks[i], nobs * sizeof *brks[i]);
		t->col[i] = mustache_string(a, i < c->n ? labels[i] :
		    msg(s, lang, "lines_total"));
		mustache_map_set(a, h, "label", t->col[i]);
		mustache_map_set(a, h, "total", mustache_bool(a, i >= c->n));
		mustache_list_push(a, head, h);
		mustache_map_set(a, empty, "figures", mustache_list(a));
		mustache_map_set(a, empty, "total", mustache_bool(a,
		    i >= c->n));
		mustache_map_set(a, empty, "label", t->col[i]);
		t->col[ncol + i] = empty;
	}
	for (size_t r = 0; r < np; r++)
		if (r == 0 || strcmp(rows[r].period, rows[r - 1].period) != 0)
			t->periods[nrows++] = rows[r].period;
	if (chain_rows(a, t, nrows)) {
		for (size_t i = 0; i < ncol; i++)
			for (size_t k = 0; k < reeks_series_obs_count(
			    t->series[i]); k++)
				*any_break |= brks[i][k] && t->next[i][k] !=
				    NOT_IN_ROW;
		goto done;
	}
	for (size_t r = 0; r < nrows; r++) {
		for (size_t i = 0; i < ncol; i++) {
			const reeks_series *se = t->series[i];

			for (size_t k = 0; k < reeks_series_obs_count(se); k++)
				*any_break |= brks[i][k] && strcmp(
				    reeks_obs_period(reeks_series_obs_at(se, k)),
				    t->periods[r]) == 0;
		}
	}
done:
	body = mustache_list_lazy(a, nrows, table_row, t);
out:
	mustache_map_set(a, cm, "head", head);
	mustache_map_set(a, cm, "rows", body != NULL ? body :
	    mustache_list(a));
	for (size_t i = 0; brks != NULL && i < ncol; i++)
		free(brks[i]);
	free(brks);
	free(rows);
}

/* The title of comparison C. */
static mustache_value *
lines_title(site *s, const compare_lines *c, reeks_lang lang)
{
	static const char *const keys[] = {
		[COMPARE_PLACES] = "lines_title_places",
		[COMPARE_RATES] = "lines_title_rates",
		[COMPARE_PARTS] = "lines_title_parts"
	};
	buf stem = { 0 };
	mustache_value *v;

	if (c->kind == COMPARE_PARTS && c->total == NULL) {
		/* No total to name them by: the parts' own names. */
		for (size_t i = 0; i < c->n; i++) {
			if (i > 0 && i + 1 < c->n)
				buf_puts(&stem, ", ");
			else if (i > 0)
				buf_printf(&stem, " %s ", msg(s, lang,
				    "lines_and"));
			line_label(&stem, c, c->series[i], lang);
		}
		const char *pairs[] = { "parts", stem.data != NULL ?
		    stem.data : "", "place", reeks_geography_name(
		    reeks_series_geography(c->series[0]), lang), NULL };
		v = fmt_msg(s, lang, "lines_title_parts_loose", pairs);
		buf_free(&stem);
		return v;
	}
	if (c->kind == COMPARE_PARTS)
		buf_puts(&stem, reeks_series_title(c->total, lang));
	else
		first_stem(&stem, reeks_series_title(c->series[0], lang));
	const char *pairs[] = { "title", stem.data != NULL ? stem.data : "",
	    NULL };
	v = fmt_msg(s, lang, keys[c->kind], pairs);
	buf_free(&stem);
	return v;
}

/* What the caption says of comparison C, sentence by sentence; of one
 * with too many series to draw (LINES_DRAWN_MAX), only that. */
static mustache_value *
captions(site *s, const compare_lines *c, reeks_lang lang, bool any_break)
{
	mustache_arena *a = s->arena;
	mustache_value *list = mustache_list(a);
	buf b = { 0 };

	if (c->n > LINES_DRAWN_MAX) {
		fmt_double(&b, (double)c->n, 0, lang);
		const char *pairs[] = { "count", b.data, NULL };

		mustache_list_push(a, list, fmt_msg(s, lang,
		    "lines_caption_too_many", pairs));
		if (b.failed)
			errlist_add(&s->errs, NULL, 0, 0, "out of memory");
		buf_free(&b);
		return list;
	}
	mustache_list_push(a, list, mustache_string(a, msg(s, lang,
	    c->n > LINES_MAX ? "lines_caption_panels" : "lines_caption")));
	if (c->kind == COMPARE_RATES) {
		mustache_list_push(a, list, mustache_string(a, msg(s, lang,
		    "lines_caption_rates")));
		for (size_t i = 0; i < c->nleft; i++) {
			if (i > 0)
				buf_puts(&b, "; ");
			buf_puts(&b, reeks_series_title(c->left[i], lang));
		}
		if (c->nleft > 0) {
			const char *pairs[] = { "series", b.data, NULL };
			mustache_list_push(a, list, fmt_msg(s, lang,
			    "lines_caption_no_rate", pairs));
		}
	}
	if (c->kind == COMPARE_PARTS && c->total != NULL) {
		const char *pairs[] = { "total", reeks_series_title(c->total,
		    lang), NULL };
		mustache_list_push(a, list, fmt_msg(s, lang, c->total_drawn ?
		    "lines_caption_total" : "lines_caption_total_left_out",
		    pairs));
	}
	if (any_break)
		mustache_list_push(a, list, mustache_string(a, msg(s, lang,
		    "lines_caption_break")));
	buf_free(&b);
	return list;
}

/* Comparison C as a model: its chart and its table. */
/* The model of comparison C: its chart and table. Its chart to download
 * is LANG/compare/ID.svg and .png, written when WRITE (for the comparison
 * page; the topic page links to the same files). */
static mustache_value *
lines_model(site *s, const compare_lines *c, reeks_lang lang,
    const char *root, const char *id, bool write)
{
	mustache_arena *a = s->arena;
	mustache_value *cm = mustache_map(a), *title = lines_title(s, c,
	    lang);
	built_line *bl = calloc(c->n + 1, sizeof *bl);
	line_series *ls = calloc(c->n + 1, sizeof *ls);
	buf *labels = calloc(c->n + 1, sizeof *labels);
	const char **label_text = calloc(c->n + 1, sizeof *label_text);
	const reeks_obs **credit = NULL;
	size_t ncredit = 0;
	bool any_break = false, ok = false;
	buf chart = { 0 };

	if (bl == NULL || ls == NULL || labels == NULL || label_text == NULL)
		goto out;
	for (size_t i = 0; i <= c->n; i++) {
		const reeks_series *se = i < c->n ? c->series[i] : c->total;

		if (se == NULL || (i == c->n && !c->total_drawn))
			continue;
		if (!build_line(&bl[i], se, i < c->n ? c->kind :
		    COMPARE_PARTS, lang))
			goto out;
		if (i < c->n)
			line_label(&labels[i], c, se, lang);
		else
			buf_puts(&labels[i], msg(s, lang, "lines_total"));
		label_text[i] = labels[i].data != NULL ? labels[i].data : "";
		ls[i] = (line_series){ label_text[i], bl[i].pts, bl[i].n };
		ncredit += bl[i].n;
	}
	if ((credit = calloc(ncredit ? ncredit : 1, sizeof *credit)) == NULL)
		goto out;
	ncredit = 0;
	for (size_t i = 0; i <= c->n; i++)
		for (size_t k = 0; k < bl[i].n; k++) {
			credit[ncredit++] = bl[i].obs[k];
			any_break |= bl[i].pts[k].brk;
		}
	line_words lw = { msg(s, lang, "lines_total"),
	    msg(s, lang, "lines_panels"), msg(s, lang, "lines_hollow") };
	line_chart lc = { mustache_value_text(title, NULL), c->kind ==
	    COMPARE_RATES ? REEKS_UNIT_PER_100K : reeks_series_unit(
	    c->series[0]), ls, c->n, c->total_drawn ? &ls[c->n] : NULL,
	    credit, ncredit, &lw };
	chart_opts co = { lang, &s->words[lang], false, id };
	mustache_map_set(a, cm, "title", title);
	set_str(s, cm, "id", id);
	mustache_map_set(a, cm, "drawn", mustache_bool(a,
	    c->n <= LINES_DRAWN_MAX));
	if (c->n <= LINES_DRAWN_MAX) {
		chart_lines(&chart, &lc, &co);
		mustache_map_set(a, cm, "chart", mustache_markup(a,
		    chart.data != NULL ? chart.data : ""));
	}
	if (c->n <= LINES_DRAWN_MAX) {
		buf path = { 0 }, href = { 0 };

		buf_printf(&path, "%s/compare/%s", langs[lang], id);
		if (write)
			write_chart(s, cm, path.failed ? NULL : path.data,
			    &chart);
		/* From topics/ and compare/ alike. */
		buf_printf(&href, "../compare/%s.svg", id);
		set_buf(s, cm, "svg_href", &href);
		if (!s->opts->no_png)
			buf_printf(&href, "../compare/%s.png", id);
		set_buf(s, cm, "png_href", &href);
		buf_free(&path);
		buf_free(&href);
	}
	table(s, cm, c, label_text, lang, root, &any_break);
	mustache_map_set(a, cm, "captions", captions(s, c, lang, any_break));
	ok = true;
out:
	if (!ok)
		errlist_add(&s->errs, NULL, 0, 0, "out of memory");
	for (size_t i = 0; bl != NULL && i <= c->n; i++)
		built_free(&bl[i]);
	for (size_t i = 0; labels != NULL && i <= c->n; i++)
		buf_free(&labels[i]);
	free(bl);
	free(ls);
	free(labels);
	free(label_text);
	free(credit);
	buf_free(&chart);
	return cm;
}

mustache_value *
lines_section(site *s, const reeks_series *const *series, size_t n,
    reeks_lang lang, const char *root, const char *prefix, bool write)
{
	mustache_value *list = mustache_list(s->arena);
	compare_lines *c = NULL;
	size_t nc = compare_lines_plan(series, n, RATE_PER, RATE_LEVEL, &c);
	buf id = { 0 };

	if (nc == (size_t)-1) {
		errlist_add(&s->errs, NULL, 0, 0, "out of memory");
		return list;
	}
	for (size_t i = 0; i < nc; i++) {
		buf_printf(&id, "%s-%s-%zu", prefix,
		    reeks_series_indicator(c[i].series[0]), i);
		mustache_list_push(s->arena, list, lines_model(s, &c[i], lang,
		    root, id.data != NULL ? id.data : "", write));
		buf_reset(&id);
	}
	buf_free(&id);
	compare_lines_free(c, nc);
	return list;
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

bool
comparisons_index(site *s)
{
	size_t n = reeks_store_series_count(s->st), ni = 0;
	const char **ind = malloc((n ? n : 1) * sizeof *ind);
	const reeks_series **group = malloc((n ? n : 1) * sizeof *group);
	bool ok = ind != NULL && group != NULL;

	for (size_t i = 0; ok && i < n; i++)
		ind[i] = reeks_series_indicator(reeks_store_series_at(s->st, i));
	if (ok && n > 1)
		qsort(ind, n, sizeof *ind, str_cmp);
	for (size_t i = 0; ok && i < n; i++) {
		compare_lines *c = NULL;
		size_t g, nc;

		if (i > 0 && strcmp(ind[i], ind[i - 1]) == 0)
			continue;
		g = reeks_series_by_indicator(s->st, ind[i], group, n);
		nc = compare_lines_plan(group, g, RATE_PER, RATE_LEVEL, &c);
		ok = nc != (size_t)-1;
		if (ok && nc > 0)
			ind[ni++] = ind[i];
		compare_lines_free(c, ok ? nc : 0);
	}
	free(group);
	if (!ok) {
		free(ind);
		errlist_add(&s->errs, NULL, 0, 0, "out of memory");
		return false;
	}
	s->compared = ind;
	s->ncompared = ni;
	return true;
}

const char *
compare_href(site *s, const char *indicator)
{
	const char *const *hit = s->ncompared == 0 ? NULL :
	    bsearch(&indicator, s->compared, s->ncompared,
	    sizeof *s->compared, str_cmp);

	return hit != NULL ? *hit : NULL;
}

/* The title of the comparison page of the N SERIES of an indicator (N >
 * 0): named by a series that is not a part (a part's title names its
 * part only), else by the parts' names. */
static mustache_value *
page_title(site *s, const reeks_series *const *series, size_t n,
    reeks_lang lang)
{
	buf stem = { 0 };

	const reeks_series *named = NULL;
	for (size_t j = 0; j < n && named == NULL; j++)
		if (reeks_series_breakdown_label(series[j], lang) == NULL ||
		    reeks_series_is_total(series[j]))
			named = series[j];
	if (named != NULL)
		first_stem(&stem, reeks_series_title(named, lang));
	for (size_t j = 0; named == NULL && j < n; j++) {
		if (j > 0 && j + 1 < n)
			buf_puts(&stem, ", ");
		else if (j > 0)
			buf_printf(&stem, " %s ", msg(s, lang, "lines_and"));
		buf_puts(&stem, reeks_series_breakdown_label(series[j], lang));
	}
	const char *pairs[] = { "title", stem.data != NULL ? stem.data : "",
	    "place", reeks_geography_name(reeks_series_geography(series[0]),
	    lang), NULL };
	mustache_value *title = fmt_msg(s, lang, named != NULL ?
	    "compare_page_title" : "compare_page_title_parts", pairs);

	buf_free(&stem);
	return title;
}

/* The series of INDICATOR in a new array (free it), *N how many; NULL
 * when out of memory. */
static const reeks_series **
indicator_series(site *s, const char *indicator, size_t *n)
{
	const reeks_series **series;

	*n = reeks_series_by_indicator(s->st, indicator, NULL, 0);
	series = malloc((*n ? *n : 1) * sizeof *series);
	if (series != NULL)
		reeks_series_by_indicator(s->st, indicator, series, *n);
	return series;
}

void
comparison_page(site *s, size_t i, reeks_lang lang)
{
	mustache_arena *a = s->arena;
	const char *indicator = s->compared[i];
	size_t n;
	const reeks_series **series = indicator_series(s, indicator, &n);
	buf rel = { 0 }, b = { 0 };
	mustache_value *m, *list, *title;
	const char *root;

	if (series == NULL) {
		errlist_add(&s->errs, NULL, 0, 0, "out of memory");
		return;
	}
	buf_printf(&rel, "compare/%s.html", indicator);
	title = page_title(s, series, n, lang);
	m = page_model(s, lang, rel.data, mustache_value_text(title, NULL),
	    mustache_value_text(title, NULL), NULL);
	root = root_of(m);
	mustache_map_set(a, m, "compare_title", title);
	mustache_map_set(a, m, "lines", lines_section(s, series, n, lang, root,
	    "lines", true));
	list = mustache_list(a);
	for (size_t j = 0; j < n; j++) {
		mustache_value *sm = mustache_map(a);

		series_href(&b, root, lang, reeks_series_id(series[j]));
		set_buf(s, sm, "href", &b);
		set_str(s, sm, "title", reeks_series_title(series[j], lang));
		mustache_list_push(a, list, sm);
	}
	mustache_map_set(a, m, "series", list);
	render(s, "comparison", m, page_path(s, &b, lang, &rel));
	free(series);
	buf_free(&rel);
	buf_free(&b);
}

mustache_value *
compare_links(site *s, const reeks_series *const *series, size_t n,
    reeks_lang lang, const char *root, bool *any)
{
	mustache_arena *a = s->arena;
	mustache_value *list = mustache_list(a), *prev = NULL;
	buf b = { 0 };

	*any = false;
	for (size_t i = 0; i < n; i++) {
		const char *ind = reeks_series_indicator(series[i]);
		bool seen = false;

		for (size_t j = 0; j < i; j++)
			seen |= strcmp(reeks_series_indicator(series[j]), ind) ==
			    0;
		if (seen || compare_href(s, ind) == NULL)
			continue;
		mustache_value *m = mustache_map(a);
		size_t ni;
		const reeks_series **all = indicator_series(s, ind, &ni);

		if (all == NULL) {
			errlist_add(&s->errs, NULL, 0, 0, "out of memory");
			break;
		}
		buf_printf(&b, "%s%s/compare/%s.html", root, langs[lang], ind);
		set_buf(s, m, "href", &b);
		mustache_map_set(a, m, "title", page_title(s, all, ni, lang));
		free(all);
		if (prev != NULL)
			mustache_map_set(a, prev, "last", mustache_bool(a,
			    false));
		mustache_map_set(a, m, "last", mustache_bool(a, true));
		mustache_list_push(a, list, m);
		prev = m;
		*any = true;
	}
	buf_free(&b);
	return list;
}
