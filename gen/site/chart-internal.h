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

/* The frame of a chart over time: its plot box and scales. chart_line()
 * draws in one; so do the comparisons over time (lines.c). */
typedef struct chart_frame {
	double left;        /* left edge of the plot, after the y labels */
	double right;       /* right edge of the plot */
	double top;         /* top of the plot */
	double bottom;      /* the time axis */
	double radius;      /* of the point marks */
	double x0, x1;      /* time range */
	double y1;          /* value range is 0 to y1 */
	double ystep;
	int ydecimals;
	int xticks;         /* years labelled on the time axis, at most */
} chart_frame;

/* Set F's scales for times TMIN to TMAX (fractional years; not finite:
 * none) and values 0 to VMAX of UNIT: the time range padded, a nice value
 * step and top, and room for the y labels added to F->LEFT (the box's
 * left edge on entry). F's box and xticks are the caller's. */
void chart_frame_scale(chart_frame *f, double tmin, double tmax,
    double vmax, reeks_unit unit, reeks_lang lang);
/* The x position of time T and the y position of value V in F. */
double chart_x(const chart_frame *f, double t);
double chart_y(const chart_frame *f, double v);
/* F's value grid with its labels, and its time axis with the years. */
void chart_axes(buf *b, const chart_frame *f, reeks_unit unit,
    reeks_lang lang);
/* The position of a date on the time axis, in fractional years. */
double chart_date_pos(reeks_date d);
/* PERIOD as the data table writes it ("1985–1989"), escaped. */
void chart_period_label(buf *b, const char *period);
/* The frame of every chart: the <svg> element (WIDTH by HEIGHT) with its
 * <title> (TITLE); then, at the end, the credit for the N observations
 * OBS in LANG and the closing tag. The caller writes the <desc> (id
 * O->id "-desc") and what is drawn in between. */
void chart_open(buf *b, const char *title, int height, const chart_opts *o);
void chart_close(buf *b, const reeks_obs *const *obs, size_t n,
    const chart_words *w, reeks_lang lang, int height);

#endif
