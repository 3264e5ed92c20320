/*
 * chart-internal.h: what chart.c (line charts) and bars.c (bar charts)
 * share: the canvas, the colours and the helpers of chart.c.
 */
#ifndef REEKS_CHART_INTERNAL_H
#define REEKS_CHART_INTERNAL_H

#include <stddef.h>

#include "site/chart.h"
#include "util/buf.h"
#include "reeks.h"

enum {
	WIDTH = 640,
	HEIGHT = 400,
	TOP = 52,           /* title */
	RIGHT = 24,
	BOTTOM = 92,        /* x labels, legend, credit */
	MAX_LISTED = 12     /* observations listed in <desc> */
};

#define COLOR "#1f5f8b"
#define COLOR_SECONDARY "#6b6b6b"
#define COLOR_BREAK "#a4161a"
#define COLOR_TEXT "#222222"
#define COLOR_GRID "#d9d9d9"

/* A "nice" step (1, 2 or 5 times a power of ten) for about N ticks over
 * SPAN. */
double chart_nice_step(double span, int n);
/* Decimals needed to print multiples of STEP exactly. */
int chart_step_decimals(double step);
/* STEP for an axis of UNIT: a whole step for whole things (counts,
 * persons, places): at least 1, and 5 for 2.5. */
double chart_unit_step(double step, reeks_unit unit);
/* A plain number with the unit's sign, for axis ticks. */
void chart_tick_label(buf *b, double v, int decimals, reeks_unit unit,
    reeks_lang lang);
/* The credit line under a chart: the sources of the N observations. */
void chart_credit(buf *b, const reeks_obs *const *obs, size_t n,
    const chart_words *w, reeks_lang lang);
/* The chart's title, as text at the top. */
void chart_title_text(buf *b, const char *title);
/* About how wide TEXT is drawn, in pixels. */
double chart_text_width(const char *text);

#endif
