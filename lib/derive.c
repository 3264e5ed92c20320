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

unsigned
reeks_obs_left_out(const reeks_obs *o)
{
	unsigned why = 0;

	/* A range has its bounds instead of a value: that is the reason. */
	if ((o->value.text == NULL && o->qualifier != REEKS_QUAL_RANGE) ||
	    o->status == 'M')
		why |= REEKS_LEFT_NO_VALUE;
	if (o->interval)
		why |= REEKS_LEFT_SPAN;
	if (o->qualifier == REEKS_QUAL_RANGE)
		why |= REEKS_LEFT_RANGE;
	if (o->qualifier == REEKS_QUAL_AT_LEAST ||
	    o->qualifier == REEKS_QUAL_AT_MOST)
		why |= REEKS_LEFT_BOUND;
	if (o->secondary)
		why |= REEKS_LEFT_SECONDARY;
	if (o->status == 'P')
		why |= REEKS_LEFT_PROVISIONAL;
	return why;
}

const char *
reeks_left_out_name(unsigned flag)
{
	switch (flag) {
	case REEKS_LEFT_NO_VALUE: return "no-value";
	case REEKS_LEFT_SPAN: return "period-span";
	case REEKS_LEFT_RANGE: return "range";
	case REEKS_LEFT_BOUND: return "bound";
	case REEKS_LEFT_SECONDARY: return "secondary";
	case REEKS_LEFT_PROVISIONAL: return "provisional";
	default: return NULL;
	}
}

/* The index of the segment of SE that observation O falls in: the number
 * of breaks that take effect at or before its start. */
static size_t
segment_of(const reeks_series *se, const reeks_obs *o)
{
	double t = time_of(date_unpack(o->start));
	size_t k = 0;

	while (k < se->nbreaks && time_of(se->breaks[k].start) <= t)
		k++;
	return k;
}

size_t
reeks_series_segment_count(const reeks_series *se)
{
	size_t n = 0;

	for (size_t i = 0; i < se->nobs; i++)
		if (i == 0 || segment_of(se, &se->obs[i]) !=
		    segment_of(se, &se->obs[i - 1]))
			n++;
	return n;
}

bool
reeks_series_segment_at(const reeks_series *se, size_t i,
    reeks_segment *out)
{
	reeks_segment g;
	size_t n = 0, first = 0, k;

	/* Observations are in period order, so a segment's are adjacent. */
	for (first = 0; first < se->nobs; first++)
		if ((first == 0 || segment_of(se, &se->obs[first]) !=
		    segment_of(se, &se->obs[first - 1])) && n++ == i)
			break;
	if (first >= se->nobs)
		return false;
	memset(&g, 0, sizeof g);
	g.series = se;
	g.first = first;
	k = segment_of(se, &se->obs[first]);
	g.brk = k > 0 ? &se->breaks[k - 1] : NULL;
	while (first + g.nobs < se->nobs &&
	    segment_of(se, &se->obs[first + g.nobs]) == k) {
		const reeks_obs *o = &se->obs[first + g.nobs];

		if (reeks_obs_left_out(o) == 0) {
			g.nused++;
			g.nestimated += o->status == 'E';
		}
		g.nobs++;
	}
	g.start = date_unpack(se->obs[first].start);
	for (size_t j = first; j < first + g.nobs; j++) {
		reeks_date e = date_unpack(se->obs[j].end);

		if (j == first || time_of(e) > time_of(g.end))
			g.end = e;
	}
	*out = g;
	return true;
}

/* The statistics of observations FIRST to FIRST + N - 1 of SE. */
static reeks_stat_error
range_stats(const reeks_series *se, size_t first, size_t n, double level,
    reeks_series_stats *out)
{
	reeks_series_stats s;
	double *times = NULL, *values = NULL;
	bool all_positive = true;

	if (!(level > 0 && level < 1))
		return REEKS_STAT_LEVEL;
	if (n > 0) {
		times = malloc(n * sizeof *times);
		values = malloc(n * sizeof *values);
		if (times == NULL || values == NULL) {
			free(times);
			free(values);
			return REEKS_STAT_NO_MEMORY;
		}
	}
	memset(&s, 0, sizeof s);
	s.level = level;
	for (size_t i = first; i < first + n; i++) {
		const reeks_obs *o = &se->obs[i];

		if (reeks_obs_left_out(o) != 0)
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

reeks_stat_error
reeks_segment_stats(const reeks_segment *seg, double level,
    reeks_series_stats *out)
{
	return range_stats(seg->series, seg->first, seg->nobs, level, out);
}

reeks_stat_error
reeks_series_stats_compute(const reeks_series *se, double level,
    reeks_series_stats *out)
{
	size_t first = se->nobs;

	/* The last segment: the figures from the last break on. */
	while (first > 0 && segment_of(se, &se->obs[first - 1]) ==
	    se->nbreaks)
		first--;
	return range_stats(se, first, se->nobs - first, level, out);
}
