/*
 * lines.h: line charts comparing several series over time on one set of
 * axes (the comparisons of compare.h), drawn in the frame of every chart
 * (chart-internal.h).
 *
 * Each line is labelled directly at its end (its mark beside the label),
 * in a colour-blind-safe palette (Okabe and Ito's, without the yellow that
 * white paper loses) with a mark and a dash pattern of its own, so that a
 * grey print still tells the lines apart. A line joins only neighbouring
 * plain figures at most a year apart and never across a series break:
 * there it stops and starts again. A total, when the caller gives one, is
 * a reference line of its own (wide, grey, no marks of the palette),
 * labelled as the total. Beyond LINES_MAX lines the chart becomes small
 * multiples: one small chart per line, all on the same scales, each named
 * above it, the total in each; beyond LINES_DRAWN_MAX the caller draws no
 * chart.
 *
 * The caller gives the figures as data (the value as printed with it), so
 * that counts, rates and shares are drawn alike, and writes the data table
 * beside the chart.
 */
#ifndef REEKS_LINES_H
#define REEKS_LINES_H

#include <stdbool.h>
#include <stddef.h>

#include "site/chart.h"
#include "util/buf.h"
#include "reeks.h"

#define LINES_MAX 6
/* Beyond LINES_DRAWN_MAX lines no chart is drawn at all: a page of more
 * small charts is not read (the table has every figure), and about 220
 * of them would pass cairo's 32,767-pixel limit in the PNG. */
#define LINES_DRAWN_MAX 30

/* One figure of a line. */
typedef struct line_point {
	double t;             /* the middle of its period, in years
	                       * (chart_date_pos()) */
	const char *period;   /* as the data writes it */
	double value;
	const char *text;     /* the value as printed: "≈9,000", "12.3" */
	/* Drawn hollow: not a plain figure (approximate, a bound, from a
	 * secondary source). */
	bool hollow;
	/* May be joined to a neighbour: a plain value (exact or
	 * approximate, not secondary) of a year or less. */
	bool joinable;
	/* The first figure after a series break: never joined to the one
	 * before it. */
	bool brk;
} line_point;

typedef struct line_series {
	const char *label;    /* at the line's end, or above its small chart */
	const line_point *points;     /* in time order */
	size_t n;
} line_series;

/* The words of a comparison chart, in one language. */
typedef struct line_words {
	const char *total;    /* "Total" */
	const char *panels;   /* "one small chart per series, on the same
	                       * scales" */
	const char *hollow;   /* "approximate, a bound or a secondary source" */
} line_words;

typedef struct line_chart {
	const char *title;
	reeks_unit unit;      /* of the values, for the axis */
	const line_series *lines;
	size_t n;
	const line_series *total;     /* a reference line, or NULL */
	/* The observations the figures come from, for the credit line. */
	const reeks_obs *const *credit;
	size_t ncredit;
	const line_words *words;
} line_chart;

/* Append the SVG of chart C to OUT (O as for chart_line()). OUT's
 * failed flag is set when memory runs out. */
void chart_lines(buf *out, const line_chart *c, const chart_opts *o);

/* Whether two neighbouring points of a line are joined: both joinable,
 * at most a year apart, and B not the first after a break. */
bool lines_joined(const line_point *a, const line_point *b);

#endif
