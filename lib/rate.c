/*
 * rate.c: rates per inhabitant, derived from a count series and the
 * population series it names (<series population="...">), and the
 * loader's checks of that reference (see reeks.h and README "Rates").
 */
#include <string.h>

#include "internal.h"
#include "loader.h"

const reeks_series *
reeks_series_population(const reeks_series *se)
{
	return se->population;
}

/* Whether population figure O may be a denominator: a single number as
 * printed, not secondary, not missing or provisional. */
static bool
usable_population(const reeks_obs *o)
{
	return o->value.text != NULL && !o->interval && !o->secondary &&
	    o->qualifier == REEKS_QUAL_EXACT && o->status != 'M' &&
	    o->status != 'P' && o->value.v > 0;
}

/* The population of year YEAR in series POP: a figure for the year itself;
 * failing that, the figures dated within the year (1 January, 31
 * December...): one alone, or the mean of the first and the last. Sets
 * OUT's pop[] and population; false when there is none. */
static bool
population_of(const reeks_series *pop, int year, reeks_rate *out)
{
	const reeks_obs *first = NULL, *last = NULL;

	for (size_t i = 0; i < pop->nobs; i++) {
		const reeks_obs *o = &pop->obs[i];
		reeks_date d = date_unpack(o->start);

		if (d.year != year || !usable_population(o))
			continue;
		if (d.month == 0) {     /* the year itself */
			out->pop[0] = o;
			out->pop[1] = NULL;
			out->population = o->value.v;
			return true;
		}
		if (first == NULL)
			first = o;
		last = o;
	}
	if (first == NULL)
		return false;
	out->pop[0] = first;
	out->pop[1] = last != first ? last : NULL;
	out->population = last != first ?
	    first->value.v / 2 + last->value.v / 2 : first->value.v;
	return true;
}

reeks_rate_status
reeks_obs_rate(const reeks_obs *o, double per, double level, reeks_rate *out)
{
	const reeks_series *se = o->series;
	reeks_date s = date_unpack(o->start);
	reeks_rate r;
	reeks_interval ci;

	if (se->population == NULL)
		return REEKS_RATE_NO_POPULATION_SERIES;
	if (o->value.text == NULL || o->status == 'M')
		return REEKS_RATE_NO_VALUE;
	if (o->qualifier != REEKS_QUAL_EXACT)
		return REEKS_RATE_NOT_EXACT;
	if (o->secondary)
		return REEKS_RATE_SECONDARY;
	if (o->status == 'P')
		return REEKS_RATE_PROVISIONAL;
	if (o->status == 'E')
		return REEKS_RATE_ESTIMATE;
	if (o->interval || s.month != 0)
		return REEKS_RATE_NOT_A_YEAR;
	memset(&r, 0, sizeof r);
	r.count = o;
	if (!population_of(se->population, s.year, &r))
		return REEKS_RATE_NO_POPULATION;
	if (reeks_rate_ci(o->value.v, r.population, per, level, &ci) !=
	    REEKS_STAT_OK)
		return REEKS_RATE_NO_INTERVAL;
	r.rate = ci.estimate;
	r.lower = ci.lower;
	r.upper = ci.upper;
	*out = r;
	return REEKS_RATE_OK;
}

/* Resolve and check every series' population reference. */
void
reeks_rate_resolve(loader *ld)
{
	reeks_store *st = ld->st;

	for (size_t i = 0; i < st->nseries; i++) {
		reeks_series *se = (reeks_series *)st->series[i];
		const reeks_series *pop;

		if (se->population_id == NULL)
			continue;
		pop = (const reeks_series *)reeks_item_find(st->series,
		    st->nseries, se->population_id);
		if (pop == NULL) {
			reeks_diag_add(ld->diags, REEKS_ERROR, REEKS_DIAG_DATA,
			    se->base.file, se->base.line, "series '%s': unknown "
			    "population series '%s'", se->base.id,
			    se->population_id);
			continue;
		}
		if (se->unit != REEKS_UNIT_COUNT) {
			reeks_diag_add(ld->diags, REEKS_ERROR, REEKS_DIAG_DATA,
			    se->base.file, se->base.line, "series '%s' has unit "
			    "'%s': only a count has a rate per inhabitant",
			    se->base.id, reeks_unit_name(se->unit));
			continue;
		}
		if (pop->unit != REEKS_UNIT_PERSONS) {
			reeks_diag_add(ld->diags, REEKS_ERROR, REEKS_DIAG_DATA,
			    se->base.file, se->base.line, "series '%s': "
			    "population series '%s' has unit '%s', not persons",
			    se->base.id, pop->base.id,
			    reeks_unit_name(pop->unit));
			continue;
		}
		if (strcmp(se->geography_id, pop->geography_id) != 0) {
			reeks_diag_add(ld->diags, REEKS_ERROR, REEKS_DIAG_DATA,
			    se->base.file, se->base.line, "series '%s' is for "
			    "geography '%s', its population series '%s' for "
			    "'%s'", se->base.id, se->geography_id, pop->base.id,
			    pop->geography_id);
			continue;
		}
		se->population = pop;
	}
}
