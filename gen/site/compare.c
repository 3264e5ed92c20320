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
