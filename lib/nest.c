/*
 * nest.c: what contains what. Places that nest (a geography within one
 * place and a member of groups) and breakdowns with a total (SDMX's "_T"),
 * resolved after loading, with the checks on them: unknown groups, cycles
 * through groups, a second total, a member twice, and complete parts that
 * do not add up to their total. Also a series' kind and measure.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader.h"

static const char *const kind_names[] = { "outcome", "target", "plan" };
static const char *const measure_names[] = {
	"level", "change-by", "change-to"
};

/* The index of S in NAMES (N of them), or 0 (the default) when S is NULL
 * or not there: the schema has refused anything else. */
static int
find_name(const char *const *names, size_t n, const char *s)
{
	for (size_t i = 0; s != NULL && i < n; i++)
		if (strcmp(names[i], s) == 0)
			return (int)i;
	return 0;
}

int
reeks_kind_lookup(const char *s)
{
	return find_name(kind_names, sizeof kind_names / sizeof *kind_names,
	    s);
}

int
reeks_measure_lookup(const char *s)
{
	return find_name(measure_names,
	    sizeof measure_names / sizeof *measure_names, s);
}

const char *
reeks_kind_name(reeks_kind k)
{
	return (unsigned)k < sizeof kind_names / sizeof *kind_names ?
	    kind_names[k] : "";
}

const char *
reeks_measure_name(reeks_measure m)
{
	return (unsigned)m < sizeof measure_names / sizeof *measure_names ?
	    measure_names[m] : "";
}

/* ---- places --------------------------------------------------------------- */

/* How many steps up (through 'within' and groups) reeks_geography_contains
 * follows: the loader refuses cycles, so this only bounds a store that
 * failed to load. */
enum { CONTAINS_DEPTH = 4 * WITHIN_MAX };

static bool
contains_depth(const reeks_geography *outer, const reeks_geography *g,
    int depth)
{
	if (g == NULL || depth > CONTAINS_DEPTH)
		return false;
	if (g->within == outer)
		return true;
	for (size_t i = 0; i < g->ngroups; i++)
		if (g->groups[i] == outer)
			return true;
	if (contains_depth(outer, g->within, depth + 1))
		return true;
	for (size_t i = 0; i < g->ngroups; i++)
		if (contains_depth(outer, g->groups[i], depth + 1))
			return true;
	return false;
}

bool
reeks_geography_contains(const reeks_geography *outer,
    const reeks_geography *inner)
{
	if (outer == NULL || inner == NULL || outer == inner)
		return false;
	return contains_depth(outer, inner, 0);
}

/* Split G's 'groups' and resolve each, reporting an unknown group, G
 * itself and a group named twice. */
static void
resolve_groups(loader *ld, reeks_geography *g)
{
	reeks_store *st = ld->st;
	const char *p = g->groups_text;
	size_t n = 0;

	for (const char *q = p; *q != '\0';) {
		while (isspace((unsigned char)*q))
			q++;
		if (*q == '\0')
			break;
		n++;
		while (*q != '\0' && !isspace((unsigned char)*q))
			q++;
	}
	g->groups = reeks_arena_alloc(&st->mem, (n ? n : 1) *
	    sizeof *g->groups);
	if (g->groups == NULL) {
		ld->nomem = true;
		return;
	}
	while (*p != '\0') {
		char id[REEKS_ID_MAX + 1];
		size_t len;

		while (isspace((unsigned char)*p))
			p++;
		for (len = 0; p[len] != '\0' && !isspace((unsigned char)p[len]);
		    len++)
			;
		if (len == 0)
			break;
		snprintf(id, sizeof id, "%.*s", (int)len, p);
		p += len;
		const reeks_geography *grp = (const reeks_geography *)
		    reeks_item_find(st->geographies, st->ngeographies, id);
		bool twice = false;

		for (size_t i = 0; grp != NULL && i < g->ngroups; i++)
			twice |= g->groups[i] == grp;
		if (grp == NULL)
			reeks_diag_add(ld->diags, REEKS_ERROR, REEKS_DIAG_DATA,
			    g->base.file, g->base.line, "geography '%s' is a "
			    "member of unknown geography '%s'", g->base.id, id);
		else if (grp == g)
			reeks_diag_add(ld->diags, REEKS_ERROR, REEKS_DIAG_DATA,
			    g->base.file, g->base.line, "geography '%s' is a "
			    "member of itself", g->base.id);
		else if (twice)
			reeks_diag_add(ld->diags, REEKS_ERROR, REEKS_DIAG_DATA,
			    g->base.file, g->base.line, "geography '%s' names "
			    "group '%s' twice", g->base.id, id);
		else
			g->groups[g->ngroups++] = grp;
	}
}

static int
id_key_cmp(const void *key, const void *elem)
{
	return strcmp(*(const char *const *)key, (*(item *const *)elem)->id);
}

/* Whether FROM reaches TO going up through 'within' and groups; SEEN
 * (one flag per geography, by index) marks where the search has been. */
static bool
reaches(const reeks_store *st, const reeks_geography *from,
    const reeks_geography *to, unsigned char *seen)
{
	const reeks_geography *up[1 + 64];

	while (from != NULL) {
		item *const *hit = (item *const *)bsearch(&from->base.id,
		    st->geographies, st->ngeographies,
		    sizeof *st->geographies, id_key_cmp);
		size_t n = 0;

		if (from == to)
			return true;
		if (hit == NULL || seen[hit - st->geographies])
			return false;
		seen[hit - st->geographies] = 1;
		if (from->within != NULL)
			up[n++] = from->within;
		for (size_t i = 0; i < from->ngroups && n < 1 + 64; i++)
			up[n++] = from->groups[i];
		if (n == 0)
			return false;
		for (size_t i = 1; i < n; i++)
			if (reaches(st, up[i], to, seen))
				return true;
		from = up[0];
	}
	return false;
}

/*
 * Resolve the groups of every geography (their 'within' is resolved and
 * checked already) and refuse a cycle that goes through a group: Amsterdam
 * a member of the G4 that lies within Amsterdam. Each such membership is
 * reported at the member.
 */
static void
check_places(loader *ld)
{
	reeks_store *st = ld->st;
	size_t n = st->ngeographies;
	unsigned char *seen;

	for (size_t i = 0; i < n; i++) {
		reeks_geography *g = (reeks_geography *)st->geographies[i];

		if (g->groups_text != NULL)
			resolve_groups(ld, g);
	}
	if ((seen = malloc(n ? n : 1)) == NULL) {
		ld->nomem = true;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const reeks_geography *g =
		    (const reeks_geography *)st->geographies[i];

		for (size_t k = 0; k < g->ngroups; k++) {
			memset(seen, 0, n ? n : 1);
			if (!reaches(st, g->groups[k], g, seen))
				continue;
			reeks_diag_add(ld->diags, REEKS_ERROR, REEKS_DIAG_DATA,
			    g->base.file, g->base.line, "geography '%s' is a "
			    "member of '%s', which is itself within or a "
			    "member of '%s'", g->base.id,
			    g->groups[k]->base.id, g->base.id);
		}
	}
	free(seen);
}

/* ---- breakdowns ------------------------------------------------------------ */

static int
strcmp0(const char *a, const char *b)
{
	return strcmp(a != NULL ? a : "", b != NULL ? b : "");
}

/* What a part shares with its total. */
static int
key_cmp(const reeks_series *a, const reeks_series *b)
{
	int c;

	if ((c = strcmp0(a->indicator, b->indicator)) != 0 ||
	    (c = strcmp0(a->geography_id, b->geography_id)) != 0 ||
	    (c = strcmp0(a->breakdown_dimension, b->breakdown_dimension)) != 0)
		return c;
	if (a->unit != b->unit)
		return a->unit < b->unit ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->measure != b->measure)
		return a->measure < b->measure ? -1 : 1;
	return 0;
}

/* By key, the total first, then by member, then by line. */
static int
part_cmp(const void *pa, const void *pb)
{
	const reeks_series *a = *(const reeks_series *const *)pa;
	const reeks_series *b = *(const reeks_series *const *)pb;
	int c = key_cmp(a, b);

	if (c != 0)
		return c;
	if (reeks_series_is_total(a) != reeks_series_is_total(b))
		return reeks_series_is_total(a) ? -1 : 1;
	if ((c = strcmp0(a->breakdown_value, b->breakdown_value)) != 0)
		return c;
	if ((c = strcmp(a->base.file, b->base.file)) != 0)
		return c;
	return a->base.line < b->base.line ? -1 : a->base.line > b->base.line;
}

static int
id_cmp(const void *pa, const void *pb)
{
	return strcmp((*(const reeks_series *const *)pa)->base.id,
	    (*(const reeks_series *const *)pb)->base.id);
}

/* Decimals of a number as written. */
static int
decimals(const char *text)
{
	const char *dot = text != NULL ? strchr(text, '.') : NULL;

	return dot == NULL ? 0 : (int)strlen(dot + 1);
}

/* The observation of SE for PERIOD, or NULL. */
static const reeks_obs *
obs_for(const reeks_series *se, const char *period)
{
	for (size_t i = 0; i < se->nobs; i++)
		if (se->obs[i].period != NULL &&
		    strcmp(se->obs[i].period, period) == 0)
			return &se->obs[i];
	return NULL;
}

/* Whether O is a figure that can be added: a value printed as exact. */
static bool
addable(const reeks_obs *o)
{
	return o != NULL && o->value.text != NULL &&
	    o->qualifier == REEKS_QUAL_EXACT;
}

/*
 * For a total T whose parts are complete: warn for each period in which
 * the total and every part have an exact figure and the parts do not add
 * up to the total, within half a unit of the last printed decimal of
 * each figure that may be rounded (any but a whole count of events,
 * people or places).
 */
static void
check_sum(loader *ld, const reeks_series *t)
{
	bool whole = t->unit == REEKS_UNIT_COUNT ||
	    t->unit == REEKS_UNIT_PERSONS || t->unit == REEKS_UNIT_PLACES;

	for (size_t i = 0; i < t->nobs; i++) {
		const reeks_obs *o = &t->obs[i];
		int dec = decimals(o->value.text);
		double sum = 0, tol;
		bool ok = addable(o);

		tol = whole && dec == 0 ? 0 : 0.5 * pow(10, -dec);
		for (size_t k = 0; ok && k < t->nparts; k++) {
			const reeks_obs *po = obs_for(t->parts[k], o->period);

			if (!(ok = addable(po)))
				break;
			sum += po->value.v;
			dec = decimals(po->value.text) > dec ?
			    decimals(po->value.text) : dec;
			if (!whole || decimals(po->value.text) > 0)
				tol += 0.5 * pow(10,
				    -decimals(po->value.text));
		}
		if (!ok || fabs(sum - o->value.v) <= tol + 1e-9 *
		    fmax(1, fabs(o->value.v)))
			continue;
		reeks_diag_add(ld->diags, REEKS_WARNING, REEKS_DIAG_DATA,
		    t->base.file, o->line, "series '%s': its %zu complete parts "
		    "by '%s' add up to %.*f, not %.*f, in %s", t->base.id,
		    t->nparts, t->breakdown_dimension, dec, sum, dec,
		    o->value.v, o->period);
	}
}

/*
 * Find each part's total and each total's parts, among the series with a
 * breakdown: a second total or a member twice is an error, and so is
 * 'complete' on a part or on a total without parts; then check that the
 * complete parts add up.
 */
static void
check_breakdowns(loader *ld)
{
	reeks_store *st = ld->st;
	const reeks_series **v = malloc((st->nseries ? st->nseries : 1) *
	    sizeof *v);
	size_t n = 0;

	if (v == NULL) {
		ld->nomem = true;
		return;
	}
	for (size_t i = 0; i < st->nseries; i++) {
		const reeks_series *se = (const reeks_series *)st->series[i];

		if (se->breakdown_dimension != NULL &&
		    se->breakdown_value != NULL)
			v[n++] = se;
	}
	if (n > 1)
		qsort(v, n, sizeof *v, part_cmp);
	for (size_t a = 0, b; a < n; a = b) {
		const reeks_series *head = v[a];
		bool has_total = reeks_series_is_total(head);
		reeks_series *t = has_total ? (reeks_series *)head : NULL;
		size_t first = a + (has_total ? 1 : 0);

		for (b = a + 1; b < n && key_cmp(head, v[b]) == 0; b++)
			;
		for (size_t k = a + 1; k < b; k++) {
			reeks_series *se = (reeks_series *)v[k];

			if (reeks_series_is_total(se))
				reeks_diag_add(ld->diags, REEKS_ERROR,
				    REEKS_DIAG_DATA, se->base.file,
				    se->breakdown_line, "series '%s' is a "
				    "second total by '%s' (the first is "
				    "series '%s')", se->base.id,
				    se->breakdown_dimension, v[a]->base.id);
			else if (k > first && strcmp(se->breakdown_value,
			    v[k - 1]->breakdown_value) == 0)
				reeks_diag_add(ld->diags, REEKS_ERROR,
				    REEKS_DIAG_DATA, se->base.file,
				    se->breakdown_line, "series '%s' repeats "
				    "member '%s' of '%s' (also series '%s')",
				    se->base.id, se->breakdown_value,
				    se->breakdown_dimension,
				    v[k - 1]->base.id);
		}
		for (size_t k = first; k < b; k++) {
			reeks_series *se = (reeks_series *)v[k];

			if (reeks_series_is_total(se))
				continue;
			if (se->breakdown_complete)
				reeks_diag_add(ld->diags, REEKS_ERROR,
				    REEKS_DIAG_DATA, se->base.file,
				    se->breakdown_line, "series '%s': "
				    "complete=\"true\" belongs on the total "
				    "(value=\"_T\"), not on a part",
				    se->base.id);
			se->total = t;
		}
		if (t == NULL)
			continue;
		t->nparts = 0;
		t->parts = reeks_arena_alloc(&st->mem, (b - a) *
		    sizeof *t->parts);
		if (t->parts == NULL) {
			ld->nomem = true;
			break;
		}
		for (size_t k = first; k < b; k++)
			if (!reeks_series_is_total(v[k]))
				t->parts[t->nparts++] = v[k];
		if (t->nparts > 1)
			qsort(t->parts, t->nparts, sizeof *t->parts, id_cmp);
		if (t->breakdown_complete && t->nparts == 0)
			reeks_diag_add(ld->diags, REEKS_ERROR, REEKS_DIAG_DATA,
			    t->base.file, t->breakdown_line, "series '%s' says "
			    "its parts by '%s' are complete, but it has none",
			    t->base.id, t->breakdown_dimension);
		else if (t->breakdown_complete)
			check_sum(ld, t);
	}
	free(v);
}

void
reeks_check_nesting(loader *ld)
{
	check_places(ld);
	check_breakdowns(ld);
}
