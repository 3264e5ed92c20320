/*
 * derive.c: the statistics shown for a series, chosen by its unit and its
 * data (see reeks.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* A date as fractional years. */
static double
time_of(reeks_date d)
{
	double t = d.year;

	if (d.month > 0)
		t += (d.month - 1) / 12.0;
	if (d.day > 0)
		t += (d.day - 1) / 372.0;
	return t;
}

reeks_obs_ci_method
reeks_obs_ci(const reeks_obs *o, double level, reeks_interval *out)
{
	const reeks_series *se = o->series;
	reeks_interval ci;

	if (se->unit == REEKS_UNIT_COUNT && o->value.text != NULL &&
	    o->qualifier == REEKS_QUAL_EXACT && o->status != 'E' &&
	    reeks_poisson_ci(o->value.v, level, &ci) == REEKS_STAT_OK) {
		*out = ci;
		return REEKS_CI_POISSON;
	}
	const number *num = &o->x->numerator, *den = &o->x->denominator;

	if (se->unit == REEKS_UNIT_PERCENT && num->text != NULL &&
	    den->text != NULL &&
	    reeks_wilson_ci(num->v, den->v, level, &ci) == REEKS_STAT_OK) {
		out->estimate = 100 * ci.estimate;
		out->lower = 100 * ci.lower;
		out->upper = 100 * ci.upper;
		return REEKS_CI_WILSON;
	}
	return REEKS_CI_NONE;
}

/* Whether O is a point a trend may use. */
static bool
trend_point(const reeks_obs *o, double after)
{
	return o->value.text != NULL && !o->interval && !o->secondary &&
	    (o->qualifier == REEKS_QUAL_EXACT ||
	    o->qualifier == REEKS_QUAL_APPROX) &&
	    o->status != 'M' && time_of(date_unpack(o->start)) >= after;
}

reeks_stat_error
reeks_series_stats_compute(const reeks_series *se, double level,
    reeks_series_stats *out)
{
	reeks_series_stats s;
	double after = -INFINITY;
	double *times = NULL, *values = NULL;
	bool all_positive = true;

	if (!(level > 0 && level < 1))
		return REEKS_STAT_LEVEL;
	if (se->nobs > 0) {
		times = malloc(se->nobs * sizeof *times);
		values = malloc(se->nobs * sizeof *values);
		if (times == NULL || values == NULL) {
			free(times);
			free(values);
			return REEKS_STAT_NO_MEMORY;
		}
	}
	memset(&s, 0, sizeof s);
	s.level = level;
	/* Only the points after the last break are comparable. */
	for (size_t i = 0; i < se->nbreaks; i++)
		after = fmax(after, time_of(se->breaks[i].start));
	for (size_t i = 0; i < se->nobs; i++) {
		const reeks_obs *o = &se->obs[i];

		if (!trend_point(o, after))
			continue;
		if (s.first == NULL)
			s.first = o;
		s.last = o;
		times[s.npoints] = time_of(date_unpack(o->start));
		values[s.npoints] = o->value.v;
		all_positive &= o->value.v > 0;
		s.npoints++;
	}
	if (s.npoints >= 2) {
		double a = s.first->value.v, b = s.last->value.v;

		s.years = time_of(date_unpack(s.last->start)) -
	    time_of(date_unpack(s.first->start));
		s.has_change = reeks_abs_change(a, b, &s.abs_change) ==
		    REEKS_STAT_OK;
		s.has_pct_change = reeks_pct_change(a, b, &s.pct_change) ==
		    REEKS_STAT_OK;
		s.has_cagr = reeks_cagr(a, b, s.years, &s.cagr) ==
		    REEKS_STAT_OK;
	}
	if (s.npoints >= 3 && all_positive)
		s.has_apc = reeks_apc(times, values, s.npoints, level,
		    &s.apc) == REEKS_STAT_OK;
	free(times);
	free(values);
	*out = s;
	return REEKS_STAT_OK;
}
