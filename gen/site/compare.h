/*
 * compare.h: which series the site sets side by side, and how (the topic
 * pages' bar charts).
 *
 * Series of one topic are compared when they share an indicator, a unit,
 * a kind (outcome, target, plan) and a measure (level, change by, change
 * to): like with like only. Each such group is drawn at the latest period
 * two or more of them have. In a chart, no bar is set beside a bar that
 * contains it: a part of a breakdown goes under its total, a place under
 * the place that contains it (within it or a group it is a member of),
 * each as "of which", with its share of that bar when the unit adds up.
 * Only what contains nothing else in the chart stands side by side: totals
 * with totals, places with places that do not contain one another.
 */
#ifndef REEKS_COMPARE_H
#define REEKS_COMPARE_H

#include <stddef.h>

#include "reeks.h"

typedef struct compare_bar {
	const reeks_series *series;
	const reeks_obs *obs;         /* at the chart's period */
	/* 0: compared with the other bars of depth 0; d > 0: a part of
	 * PARENT, the nearest bar before it of depth d - 1. */
	int depth;
	const reeks_series *parent;   /* NULL at depth 0 */
	bool is_part;                 /* PARENT is its total (a breakdown),
	                               * not a place that contains it */
	double share;                 /* percent of PARENT, or NAN */
} compare_bar;

typedef struct compare_chart {
	const char *period;           /* as written in the data */
	size_t first;                 /* index of the group's first series */
	compare_bar *bars;
	size_t nbars;
} compare_chart;

/* Whether bars of UNIT add up, so that a part has a share of its whole. */
bool compare_unit_adds(reeks_unit unit);

/*
 * The bar charts comparing the N SERIES of one topic (in the topic's
 * order). Sets *OUT to an array of charts, in the order of each group's
 * first series, and returns how many; the caller frees it with
 * compare_free(). Returns (size_t)-1 when out of memory (*OUT NULL).
 */
size_t compare_plan(const reeks_series *const *series, size_t n,
    compare_chart **out);
void compare_free(compare_chart *charts, size_t n);

/*
 * Comparisons over time (line charts, lines.h), from the same groups
 * (indicator, unit, kind, measure). Each group gives:
 *
 *   - COMPARE_PLACES: the series that are not parts of a breakdown (plain
 *     series and totals: places, or one place from several sources),
 *     their figures as they are, when they are shares or rates (a unit
 *     that does not add up) or all of one place;
 *   - COMPARE_RATES: the same of counts in different places, as rates per
 *     inhabitant: only the series that name a population series
 *     (reeks_series_population()) and have a rate; the others are LEFT,
 *     so that a page can say so;
 *   - COMPARE_PARTS: the parts of a breakdown (of one total, or without
 *     one: of one place and dimension); TOTAL the total, or NULL. The
 *     total is never a part: TOTAL_DRAWN says whether it is drawn as a
 *     reference line, which it is when the unit does not add up (a
 *     share among all beside the shares among each part); when it adds
 *     up the parts are fractions of it and it is left out of the chart.
 *
 * A chart needs two series or more with a figure to draw, one of them
 * with figures in two periods or more (a line over time; a series of one
 * figure is drawn beside it as a point). Series are in the topic's
 * order.
 */
typedef enum compare_lines_kind {
	COMPARE_PLACES, COMPARE_RATES, COMPARE_PARTS
} compare_lines_kind;

typedef struct compare_lines {
	compare_lines_kind kind;
	size_t first;                 /* index of the group's first series */
	const reeks_series **series;  /* the lines */
	size_t n;
	const reeks_series **left;    /* COMPARE_RATES: left out, no rate */
	size_t nleft;
	const reeks_series *total;    /* COMPARE_PARTS: the total or NULL */
	bool total_drawn;
} compare_lines;

/* The comparisons over time of the N SERIES (in order): sets *OUT to an
 * array of them (in the order of each group's first series, then places
 * before parts) and returns how many; the caller frees it with
 * compare_lines_free(). Returns (size_t)-1 when out of memory (*OUT
 * NULL). RATE_PER and RATE_LEVEL as for reeks_obs_rate(). */
size_t compare_lines_plan(const reeks_series *const *series, size_t n,
    double rate_per, double rate_level, compare_lines **out);
void compare_lines_free(compare_lines *c, size_t n);

#endif
