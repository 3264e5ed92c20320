/*
 * site/compare.c: which series the topic pages set side by side, and how
 * (see compare.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "site/compare.h"

bool
compare_unit_adds(reeks_unit unit)
{
	return unit == REEKS_UNIT_COUNT || unit == REEKS_UNIT_PERSONS ||
	    unit == REEKS_UNIT_PLACES || unit == REEKS_UNIT_EUR ||
	    unit == REEKS_UNIT_EUR_MILLION;
}

/* A series' place in the groups: what must match, then its index, so that
 * sorting brings each group together in the topic's order. */
typedef struct compare_key {
	const reeks_series *se;
	size_t i;
} compare_key;

static int
group_cmp(const reeks_series *x, const reeks_series *y)
{
	int c = strcmp(reeks_series_indicator(x), reeks_series_indicator(y));

	if (c != 0)
		return c;
	if (reeks_series_unit(x) != reeks_series_unit(y))
		return reeks_series_unit(x) < reeks_series_unit(y) ? -1 : 1;
	if (reeks_series_kind(x) != reeks_series_kind(y))
		return reeks_series_kind(x) < reeks_series_kind(y) ? -1 : 1;
	if (reeks_series_measure(x) != reeks_series_measure(y))
		return reeks_series_measure(x) < reeks_series_measure(y) ?
		    -1 : 1;
	return 0;
}

static int
key_cmp(const void *a, const void *b)
{
	const compare_key *x = a, *y = b;
	int c = group_cmp(x->se, y->se);

	if (c != 0)
		return c;
	return x->i < y->i ? -1 : x->i > y->i;
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The latest period that two or more of the G series share, or NULL. */
static const char *
shared_period(const reeks_series *const *group, size_t g, bool *nomem)
{
	const char *best = NULL;
	size_t np = 0;

	for (size_t j = 0; j < g; j++)
		np += reeks_series_obs_count(group[j]);
	const char **periods = malloc((np ? np : 1) * sizeof *periods);
	if (periods == NULL) {
		*nomem = true;
		return NULL;
	}
	np = 0;
	for (size_t j = 0; j < g; j++)
		for (size_t k = 0; k < reeks_series_obs_count(group[j]); k++)
			periods[np++] = reeks_obs_period(
			    reeks_series_obs_at(group[j], k));
	if (np > 1)
		qsort(periods, np, sizeof *periods, str_cmp);
	for (size_t k = np; k-- > 1;)
		if (strcmp(periods[k], periods[k - 1]) == 0) {
			best = periods[k];
			break;
		}
	free(periods);
	return best;
}

static const reeks_obs *
obs_at_period(const reeks_series *se, const char *period)
{
	for (size_t k = 0; k < reeks_series_obs_count(se); k++) {
		const reeks_obs *o = reeks_series_obs_at(se, k);

		if (strcmp(reeks_obs_period(o), period) == 0)
			return o;
	}
	return NULL;
}

/* Whether SE is a part of a breakdown (has a member, not "_T"). */
static bool
is_part(const reeks_series *se)
{
	return reeks_series_breakdown_value(se) != NULL &&
	    !reeks_series_is_total(se);
}

/*
 * The parent of member X among the M members: its total when that is
 * there; else, among the members that are not parts, the innermost whose
 * place contains X's; else none (-1).
 */
static long
parent_of(const reeks_series *const *mem, size_t m, size_t x, bool *part)
{
	const reeks_series *t = reeks_series_total(mem[x]);
	const reeks_geography *gx = reeks_series_geography(mem[x]);
	long best = -1;

	*part = false;
	for (size_t y = 0; t != NULL && y < m; y++)
		if (mem[y] == t) {
			*part = true;
			return (long)y;
		}
	for (size_t y = 0; y < m; y++) {
		const reeks_geography *gy = reeks_series_geography(mem[y]);

		if (y == x || is_part(mem[y]) ||
		    !reeks_geography_contains(gy, gx))
			continue;
		if (best < 0 || reeks_geography_contains(
		    reeks_series_geography(mem[best]), gy))
			best = (long)y;
	}
	return best;
}

/* Append member X and, after it, the members whose parent it is, in
 * order, depth first. */
static void
place(compare_chart *c, const reeks_series *const *mem,
    const reeks_obs *const *obs, const long *parent, const bool *part,
    size_t m, size_t x, int depth)
{
	compare_bar *b = &c->bars[c->nbars++];

	b->series = mem[x];
	b->obs = obs[x];
	b->depth = depth;
	b->parent = parent[x] >= 0 ? mem[parent[x]] : NULL;
	b->is_part = part[x];
	b->share = NAN;
	if (b->parent != NULL &&
	    compare_unit_adds(reeks_series_unit(mem[x])) &&
	    reeks_obs_has_value(obs[x]) &&
	    reeks_obs_has_value(obs[parent[x]]) &&
	    reeks_obs_value(obs[parent[x]]) > 0)
		b->share = 100 * reeks_obs_value(obs[x]) /
		    reeks_obs_value(obs[parent[x]]);
	for (size_t y = 0; y < m; y++)
		if (parent[y] == (long)x)
			place(c, mem, obs, parent, part, m, y, depth + 1);
}

static int
chart_cmp(const void *a, const void *b)
{
	const compare_chart *x = a, *y = b;

	return x->first < y->first ? -1 : x->first > y->first;
}

size_t
compare_plan(const reeks_series *const *series, size_t n,
    compare_chart **out)
{
	compare_key *keys = malloc((n ? n : 1) * sizeof *keys);
	const reeks_series **mem = malloc((n ? n : 1) * sizeof *mem);
	const reeks_obs **obs = malloc((n ? n : 1) * sizeof *obs);
	long *parent = malloc((n ? n : 1) * sizeof *parent);
	bool *part = malloc((n ? n : 1) * sizeof *part);
	compare_chart *charts = NULL;
	size_t nc = 0;
	bool nomem = keys == NULL || mem == NULL || obs == NULL ||
	    parent == NULL || part == NULL;

	*out = NULL;
	if (nomem)
		goto out;
	for (size_t i = 0; i < n; i++)
		keys[i] = (compare_key){ series[i], i };
	if (n > 1)
		qsort(keys, n, sizeof *keys, key_cmp);
	/* Charts in the order of each group's first series: at most n/2. */
	if ((charts = calloc(n / 2 + 1, sizeof *charts)) == NULL) {
		nomem = true;
		goto out;
	}
	for (size_t a = 0, b; a < n; a = b) {
		size_t g = 0, m = 0;

		for (b = a; b < n && group_cmp(keys[a].se, keys[b].se) == 0;
		    b++)
			mem[g++] = keys[b].se;
		if (g < 2)
			continue;
		const char *best = shared_period(mem, g, &nomem);
		if (nomem)
			goto out;
		if (best == NULL)
			continue;
		for (size_t j = 0; j < g; j++) {
			const reeks_obs *o = obs_at_period(mem[j], best);

			if (o != NULL) {
				mem[m] = mem[j];
				obs[m++] = o;
			}
		}
		if (m < 2)              /* no comparison in one bar */
			continue;
		for (size_t x = 0; x < m; x++)
			parent[x] = parent_of(mem, m, x, &part[x]);
		compare_chart *c = &charts[nc];
		c->period = best;
		c->first = keys[a].i;
		if ((c->bars = calloc(m, sizeof *c->bars)) == NULL) {
			nomem = true;
			goto out;
		}
		nc++;
		for (size_t x = 0; x < m; x++)
			if (parent[x] < 0)
				place(c, mem, obs, parent, part, m, x, 0);
	}
	/* In the topic's order of each group's first series. */
	if (nc > 1)
		qsort(charts, nc, sizeof *charts, chart_cmp);
out:
	free(keys);
	free(mem);
	free(obs);
	free(parent);
	free(part);
	if (nomem) {
		compare_free(charts, nc);
		return (size_t)-1;
	}
	*out = charts;
	return nc;
}

void
compare_free(compare_chart *charts, size_t n)
{
	for (size_t i = 0; charts != NULL && i < n; i++)
		free(charts[i].bars);
	free(charts);
}

/* ---- comparisons over time ---------------------------------------------- */

/* Whether O is drawn in a comparison of KIND: it has a value, or (rates)
 * a rate. */
static bool
drawn(const reeks_obs *o, compare_lines_kind kind, double per, double level)
{
	reeks_rate r;

	if (kind == COMPARE_RATES)
		return reeks_obs_rate(o, per, level, &r) == REEKS_RATE_OK;
	return reeks_obs_has_value(o);
}

/* Whether SE has a figure drawn in a comparison of KIND. */
static bool
has_drawn(const reeks_series *se, compare_lines_kind kind, double per,
    double level)
{
	for (size_t k = 0; k < reeks_series_obs_count(se); k++)
		if (drawn(reeks_series_obs_at(se, k), kind, per, level))
			return true;
	return false;
}

/* Whether C has a line over time: a series with figures drawn in two
 * periods or more. */
static bool
over_time(const compare_lines *c, double per, double level)
{
	for (size_t i = 0; i < c->n; i++) {
		const char *p0 = NULL;

		for (size_t k = 0; k < reeks_series_obs_count(c->series[i]);
		    k++) {
			const reeks_obs *o = reeks_series_obs_at(c->series[i],
			    k);

			if (!drawn(o, c->kind, per, level))
				continue;
			if (p0 == NULL)
				p0 = reeks_obs_period(o);
			else if (strcmp(p0, reeks_obs_period(o)) != 0)
				return true;
		}
	}
	return false;
}

/* Keep chart C (the next in CHARTS[*NC]) when it compares something over
 * time; else free what it holds. */
static void
keep(compare_lines *charts, size_t *nc, double per, double level)
{
	compare_lines *c = &charts[*nc];

	if (c->n >= 2 && over_time(c, per, level)) {
		(*nc)++;
		return;
	}
	free(c->series);
	free(c->left);
	*c = (compare_lines){ 0 };
}

/* A new chart of KIND for the group that starts at index FIRST, with
 * room for G series, as CHARTS[*NC]. False when out of memory. */
static bool
start(compare_lines *charts, size_t nc, compare_lines_kind kind,
    size_t first, size_t g)
{
	compare_lines *c = &charts[nc];

	*c = (compare_lines){ .kind = kind, .first = first };
	c->series = malloc(g * sizeof *c->series);
	c->left = malloc(g * sizeof *c->left);
	return c->series != NULL && c->left != NULL;
}

/* The places chart of the G members MEM of a group (from index FIRST). */
static bool
plan_places(compare_lines *charts, size_t *nc, const reeks_series **mem,
    size_t g, size_t first, double per, double level)
{
	bool one_place = true;
	compare_lines_kind kind = COMPARE_PLACES;

	for (size_t j = 1; j < g; j++)
		one_place &= reeks_series_geography(mem[j]) ==
		    reeks_series_geography(mem[0]);
	if (!one_place && compare_unit_adds(reeks_series_unit(mem[0]))) {
		/* Counts of different populations: rates, or nothing. */
		if (reeks_series_unit(mem[0]) == REEKS_UNIT_EUR ||
		    reeks_series_unit(mem[0]) == REEKS_UNIT_EUR_MILLION)
			return true;
		kind = COMPARE_RATES;
	}
	if (!start(charts, *nc, kind, first, g))
		return false;
	compare_lines *c = &charts[*nc];
	for (size_t j = 0; j < g; j++) {
		if (is_part(mem[j]))
			continue;
		if (has_drawn(mem[j], kind, per, level))
			c->series[c->n++] = mem[j];
		else if (kind == COMPARE_RATES)
			c->left[c->nleft++] = mem[j];
	}
	keep(charts, nc, per, level);
	return true;
}

/* The parts charts of the G members MEM of a group: one per total with
 * parts, one per place and dimension of parts without a total. */
static bool
plan_parts(compare_lines *charts, size_t *nc, const reeks_series **mem,
    size_t g, size_t first, double per, double level)
{
	for (size_t j = 0; j < g; j++) {
		const reeks_series *t = reeks_series_total(mem[j]);
		bool lead = is_part(mem[j]);

		/* The first part of each breakdown leads it. */
		for (size_t y = 0; lead && y < j; y++)
			lead = !is_part(mem[y]) ||
			    reeks_series_total(mem[y]) != t ||
			    (t == NULL && (reeks_series_geography(mem[y]) !=
			    reeks_series_geography(mem[j]) || strcmp(
			    reeks_series_breakdown_dimension(mem[y]),
			    reeks_series_breakdown_dimension(mem[j])) != 0));
		if (!lead)
			continue;
		if (!start(charts, *nc, COMPARE_PARTS, first, g))
			return false;
		compare_lines *c = &charts[*nc];
		c->total = t;
		c->total_drawn = t != NULL && !compare_unit_adds(
		    reeks_series_unit(t)) && has_drawn(t, COMPARE_PARTS, per,
		    level);
		for (size_t y = j; y < g; y++)
			if (is_part(mem[y]) &&
			    reeks_series_total(mem[y]) == t &&
			    (t != NULL || (reeks_series_geography(mem[y]) ==
			    reeks_series_geography(mem[j]) && strcmp(
			    reeks_series_breakdown_dimension(mem[y]),
			    reeks_series_breakdown_dimension(mem[j])) == 0)) &&
			    has_drawn(mem[y], COMPARE_PARTS, per, level))
				c->series[c->n++] = mem[y];
		keep(charts, nc, per, level);
	}
	return true;
}

size_t
compare_lines_plan(const reeks_series *const *series, size_t n,
    double per, double level, compare_lines **out)
{
	compare_key *keys = malloc((n ? n : 1) * sizeof *keys);
	const reeks_series **mem = malloc((n ? n : 1) * sizeof *mem);
	compare_lines *charts = calloc(n + 1, sizeof *charts);
	size_t nc = 0;
	bool ok = keys != NULL && mem != NULL && charts != NULL;

	*out = NULL;
	for (size_t i = 0; ok && i < n; i++)
		keys[i] = (compare_key){ series[i], i };
	if (ok && n > 1)
		qsort(keys, n, sizeof *keys, key_cmp);
	for (size_t a = 0, b; ok && a < n; a = b) {
		size_t g = 0;

		for (b = a; b < n && group_cmp(keys[a].se, keys[b].se) == 0;
		    b++)
			mem[g++] = keys[b].se;
		if (g < 2)
			continue;
		ok = plan_places(charts, &nc, mem, g, keys[a].i, per, level) &&
		    plan_parts(charts, &nc, mem, g, keys[a].i, per, level);
	}
	free(keys);
	free(mem);
	if (!ok) {
		/* The chart being planned holds its arrays too. */
		compare_lines_free(charts, nc + (charts != NULL));
		return (size_t)-1;
	}
	/* In the order of each group's first series, a group's charts in
	 * theirs (an insertion sort: stable). */
	for (size_t i = 1; i < nc; i++) {
		compare_lines c = charts[i];
		size_t j = i;

		for (; j > 0 && charts[j - 1].first > c.first; j--)
			charts[j] = charts[j - 1];
		charts[j] = c;
	}
	*out = charts;
	return nc;
}

void
compare_lines_free(compare_lines *c, size_t n)
{
	for (size_t i = 0; c != NULL && i < n; i++) {
		free(c[i].series);
		free(c[i].left);
	}
	free(c);
}
