/*
 * chart-internal.h: what chart.c (line charts) and bars.c (bar charts)
 * share: the canvas, the colours and the helpers of chart.c.
 */
#ifndef REEKS_CHART_INTERNAL_H
#define REEKS_CHART_INTERNAL_H

#include <stdbool.h>
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
	MAX_LISTED = 12,    /* observations listed in <desc> */
	TITLE_SIZE = 15, TITLE_LEAD = 19,   /* the title's font, its lines */
	CREDIT_SIZE = 11, CREDIT_LEAD = 14, /* the credit's */
	CHART_MAX_LINES = 8 /* of a wrapped text; the last takes the rest */
};

/* The font every chart names, first: the one tools/deps installs
 * (fonts-dejavu-core), whose widths chart_text_px() knows, so that the
 * PNGs (rendered with it) and the SVGs where it is installed fit. */
#define CHART_FONT "DejaVu Sans, sans-serif"

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
/* The opening <svg> of a chart HEIGHT px high (WIDTH wide), with its
 * <title>: in CHART_FONT, and with the XML declaration when
 * O->standalone. */
void chart_svg_open(buf *b, int height, const char *title,
    const chart_opts *o);
/* The chart's title, as text at the top, wrapped to the chart's width
 * (TITLE_LEAD px a line); returns its number of lines. */
size_t chart_title_text(buf *b, const char *title);
/* How much lower the rest of a chart goes for TITLE's lines after the
 * first: (lines - 1) * TITLE_LEAD. */
int chart_title_extra(const char *title);
/* The credit (escaped text, as chart_credit() writes it) at the bottom
 * of a chart HEIGHT px high, wrapped to its width; chart_credit_extra()
 * is the height its lines after the first take (add it to HEIGHT). */
void chart_credit_text(buf *b, const char *credit, int height);
int chart_credit_extra(const char *credit);
/* About how wide TEXT is drawn, in pixels: 7.2 px a character (the 12px
 * axis font, roughly; for spacing, not for fitting). */
double chart_text_width(const char *text);
/* At most how wide TEXT (escaped: an entity is one character) is drawn
 * in CHART_FONT at SIZE px, BOLD or not: each character's advance in
 * DejaVu Sans rounded up to a whole pixel, any character outside ASCII
 * as wide as the widest in it. */
double chart_text_px(const char *text, double size, bool bold);
/* The number of lines TEXT (escaped) takes wrapped to WIDTH px at SIZE:
 * broken at spaces, a word wider than a line between characters; at most
 * CHART_MAX_LINES. */
size_t chart_text_lines(const char *text, double size, bool bold,
    double width);
/* TEXT (escaped) as a <text> (with class CLS unless NULL) at X, Y (the
 * first line's baseline) and ATTRS (" font-size=..."), wrapped as by
 * chart_text_lines(), each line a <tspan> LEADING px below the last when
 * there is more than one. Returns the number of lines. */
size_t chart_text_block(buf *b, const char *cls, double x, double y,
    double leading, double size, bool bold, double width, const char *attrs,
    const char *text);

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
/* The frame of every chart over time (series and comparisons), in three
 * calls: chart_open() writes the <svg> element, WIDTH wide and HEIGHT
 * high plus what its wrapped title and credit (the sources of the N
 * observations OBS, in O->lang) take, with its <title>; the caller writes
 * its <desc> (id O->id "-desc"); chart_body() writes the title text and,
 * when it wraps, opens a group that moves the rest down; the caller
 * draws in 0..HEIGHT; chart_close() closes the group, writes the credit
 * at the bottom and the closing tag, and frees SH. */
typedef struct chart_shell {
	buf credit;             /* the credit, escaped */
	int top;                /* how far a wrapped title moves the rest */
	int height;             /* the whole chart's */
} chart_shell;
void chart_open(buf *b, chart_shell *sh, const char *title, int height,
    const reeks_obs *const *obs, size_t n, const chart_opts *o);
void chart_body(buf *b, const chart_shell *sh, const char *title);
void chart_close(buf *b, chart_shell *sh);

#endif
