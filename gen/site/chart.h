/*
 * chart.h: SVG charts of series, built in C so the site needs no script.
 *
 * Every chart is an <svg role="img"> with a <title> and a <desc> that says
 * in words what it shows, the source credit printed inside the image, and
 * numbers in the page's language. The caller puts a data table beside it.
 */
#ifndef REEKS_CHART_H
#define REEKS_CHART_H

#include <stdbool.h>

#include "util/buf.h"
#include "reeks.h"

/* The words a chart prints, in one language (from the message catalogue). */
typedef struct chart_words {
	const char *source;        /* "Source" */
	const char *sources;       /* "Sources" */
	const char *line_chart;    /* "Line chart" */
	const char *bar_chart;     /* "Bar chart" */
	const char *series_break;  /* "break in series" */
	const char *exact;         /* "as printed" */
	const char *approx;        /* "approximate" */
	const char *at_least;      /* "at least" */
	const char *at_most;       /* "up to" */
	const char *range;         /* "range" */
	const char *interval;      /* "interval" */
	const char *secondary;     /* "secondary source" */
	const char *in;            /* "in" (25,000 in 1985) */
	const char *to;            /* "to" (1985 to 2005) */
	const char *observation;   /* "observation" */
	const char *more;          /* "and {n} more" */
	const char *observations;  /* "observations" */
	const char *span;          /* "lowest to highest in a stretch of time" */
	const char *spans;         /* "too many to draw one by one: ... {n}
	                            * equal stretches of time" */
	const char *of_which;      /* "of which:" (parts that add up) */
	const char *within;        /* "within it:" (parts that do not) */
	const char *target;        /* "target" */
} chart_words;

typedef struct chart_opts {
	reeks_lang lang;
	const chart_words *words;
	/* A standalone file (XML declaration, namespace) or inline in HTML. */
	bool standalone;
	/* Prefix for element ids, unique within the page ("chart-x"). */
	const char *id;
} chart_opts;

/*
 * A line chart of SERIES over time: points, range and interval bars,
 * distinct marks for approximate and at-least/up-to values, a visible
 * break at each series break, no line across gaps. Appends to OUT.
 *
 * A series with more than CHART_MAX_POINTS observations to draw is drawn
 * aggregated, so that the chart's size stays bounded: its time range is
 * cut into CHART_SPANS equal stretches, and each stretch that holds
 * observations is one bar from the lowest to the highest value among
 * them (with the stretch, the count and both values in its tooltip);
 * the legend and the description say so.
 */
#define CHART_MAX_POINTS 500
#define CHART_SPANS 200
void chart_line(buf *out, const reeks_series *series, const chart_opts *o);

/* The number of observations of SERIES that chart_line() draws (those
 * with a value or a range); drawn aggregated when more than
 * CHART_MAX_POINTS. */
size_t chart_line_count(const reeks_series *series);

/*
 * A bar chart comparing one observation from each of N series (e.g. one
 * indicator in several places, one period), labelled by LABELS[i], with
 * TITLE. OBS[i] is the observation shown for bar i.
 */
void chart_bars(buf *out, const char *title, const char *const *labels,
    const reeks_obs *const *obs, size_t n, const chart_opts *o);

/* One bar of chart_bars_nested(). */
typedef struct chart_bar {
	const char *label;
	const reeks_obs *obs;
	/* 0, or a part of the nearest bar before it of depth - 1: drawn
	 * indented, lighter, under a row "of which:" (WORDS->of_which, or
	 * WORDS->within when the unit does not add up). */
	int depth;
	double share;       /* percent of the bar it is part of, or NAN */
} chart_bar;

/*
 * As chart_bars(), with parts under what they are part of (compare.h).
 * When TARGET, every bar is a target (or a plan): drawn as a dashed
 * outline; the caller's TITLE says which.
 */
void chart_bars_nested(buf *out, const char *title, const chart_bar *bars,
    size_t n, bool target, const chart_opts *o);

/* The value of O as a short label in the page's language, with its
 * qualifier as a sign: "33,500", "≈9,000", "≥47", "≤25%", "30–40%". */
void chart_value_label(buf *out, const reeks_obs *o, reeks_unit unit,
    reeks_lang lang);

#endif
