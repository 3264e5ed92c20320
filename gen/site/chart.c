/*
 * chart.c: SVG line charts, and what the bar charts of bars.c share with
 * them (see chart.h, chart-internal.h).
 *
 * Coordinates are written with one decimal, so the same data always gives
 * the same bytes.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "site/chart.h"
#include "site/chart-internal.h"
#include "util/escape.h"
#include "util/format.h"

/* The position of a date on the time axis, in fractional years. */
static double
date_pos(reeks_date d)
{
	double t = d.year;

	if (d.month > 0)
		t += (d.month - 1) / 12.0;
	if (d.day > 0)
		t += (d.day - 1) / 372.0;
	return t;
}

/* A period for readers, as the data table writes it: the "/" of an
 * interval as an en dash, which a screen reader reads as "to". */
static void
period_label(buf *b, const char *period)
{
	char one[2] = { 0, 0 };

	for (; *period != '\0'; period++) {
		if (*period == '/') {
			buf_puts(b, "\xe2\x80\x93");
		} else {
			one[0] = *period;
			escape_html_text(b, one);
		}
	}
}

double
chart_date_pos(reeks_date d)
{
	return date_pos(d);
}

void
chart_period_label(buf *b, const char *period)
{
	period_label(b, period);
}

static double
obs_start(const reeks_obs *o)
{
	return date_pos(reeks_obs_period_start(o));
}

static double
obs_end(const reeks_obs *o)
{
	return date_pos(reeks_obs_period_end(o));
}

static double
obs_mid(const reeks_obs *o)
{
	return (obs_start(o) + obs_end(o)) / 2;
}

/* A "nice" step (1, 2, 2.5 or 5 times a power of ten) for about N ticks
 * over SPAN. */
double
chart_nice_step(double span, int n)
{
	double raw = span / n, mag, norm;

	if (raw <= 0 || !isfinite(raw))
		return 1;
	mag = pow(10, floor(log10(raw)));
	norm = raw / mag;
	if (norm <= 1)
		return mag;
	if (norm <= 2)
		return 2 * mag;
	if (norm <= 2.5)
		return 2.5 * mag;
	if (norm <= 5)
		return 5 * mag;
	return 10 * mag;
}

/* STEP for an axis of UNIT: whole things are counted in whole steps, 1
 * at least and 5 for 2.5 ("0, 5, 10", not "0.0, 2.5, 5.0"). */
double
chart_unit_step(double step, reeks_unit unit)
{
	if (unit != REEKS_UNIT_COUNT && unit != REEKS_UNIT_PERSONS &&
	    unit != REEKS_UNIT_PLACES)
		return step;
	if (step < 1)
		return 1;
	return step != floor(step) ? 2 * step : step;
}

/* Decimals needed to print multiples of STEP exactly. */
int
chart_step_decimals(double step)
{
	for (int d = 0; d < 8; d++) {
		double scaled = step * pow(10, d);

		if (fabs(scaled - round(scaled)) < 1e-6 * scaled)
			return d;
	}
	return 8;
}

/* A plain number with the unit's sign, for axis ticks. */
void
chart_tick_label(buf *b, double v, int decimals, reeks_unit unit,
    reeks_lang lang)
{
	fmt_double(b, v, decimals, lang);
	if (unit == REEKS_UNIT_PERCENT)
		buf_putc(b, '%');
}

static void
unit_number(buf *b, const char *text, reeks_unit unit, reeks_lang lang)
{
	bool nl = lang == REEKS_NL;

	if (unit == REEKS_UNIT_EUR || unit == REEKS_UNIT_EUR_MILLION)
		buf_puts(b, nl ? "\xe2\x82\xac\xc2\xa0" : "\xe2\x82\xac");
	fmt_text(b, text, lang);
	if (unit == REEKS_UNIT_PERCENT)
		buf_putc(b, '%');
	else if (unit == REEKS_UNIT_EUR_MILLION)
		buf_puts(b, nl ? "\xc2\xa0mln" : "m");
}

void
chart_value_label(buf *out, const reeks_obs *o, reeks_unit unit,
    reeks_lang lang)
{
	static const char *const sign[] = {
		[REEKS_QUAL_EXACT] = "",
		[REEKS_QUAL_APPROX] = "\xe2\x89\x88",     /* ≈ */
		[REEKS_QUAL_AT_LEAST] = "\xe2\x89\xa5",   /* ≥ */
		[REEKS_QUAL_AT_MOST] = "\xe2\x89\xa4",    /* ≤ */
		[REEKS_QUAL_RANGE] = "",
	};

	if (!reeks_obs_has_value(o)) {
		if (reeks_obs_has_lower(o) && reeks_obs_has_upper(o)) {
			/* 30–40%: the unit sign once, after the range */
			fmt_text(out, reeks_obs_lower_text(o), lang);
			buf_puts(out, "\xe2\x80\x93");
			unit_number(out, reeks_obs_upper_text(o), unit, lang);
		} else {
			buf_puts(out, "\xe2\x80\x93");
		}
		return;
	}
	buf_puts(out, sign[reeks_obs_qualifier(o)]);
	unit_number(out, reeks_obs_value_text(o), unit, lang);
}

/* "Source: Eberhard Schatz et al. (2011); World Bank (2023)" for the
 * sources of the N observations; a source without a year "(n.d.)", in
 * Dutch "(z.d.)". */
void
chart_credit(buf *b, const reeks_obs *const *obs, size_t n,
    const chart_words *w, reeks_lang lang)
{
	const reeks_source *seen[16];
	size_t nseen = 0;

	for (size_t i = 0; i < n && nseen < 16; i++) {
		const reeks_source *s = reeks_obs_source(obs[i]);
		bool dup = false;

		for (size_t j = 0; j < nseen; j++)
			dup |= seen[j] == s;
		if (!dup && s != NULL)
			seen[nseen++] = s;
	}
	escape_html_text(b, nseen > 1 ? w->sources : w->source);
	buf_puts(b, ": ");
	/* Two names at most, so the line fits; the table has them all. */
	size_t shown = nseen > 2 ? 1 : nseen;
	for (size_t j = 0; j < shown; j++) {
		if (j > 0)
			buf_puts(b, "; ");
		escape_html_text(b, reeks_source_author_at(seen[j], 0));
		if (reeks_source_author_count(seen[j]) > 1)
			buf_puts(b, " et al.");
		buf_puts(b, " (");
		escape_html_text(b, reeks_source_year(seen[j]) != NULL ?
		    reeks_source_year(seen[j]) : fmt_no_date(lang));
		buf_putc(b, ')');
	}
	if (shown < nseen) {
		char count[32];
		const char *p = w->more, *brace = strstr(p, "{n}");

		snprintf(count, sizeof count, "%zu", nseen - shown);
		buf_puts(b, " ");
		if (brace != NULL) {
			buf_add(b, p, (size_t)(brace - p));
			buf_puts(b, count);
			escape_html_text(b, brace + 3);
		} else {
			escape_html_text(b, p);
		}
	}
}

void
chart_svg_open(buf *b, int height, const char *title, const chart_opts *o)
{
	if (o->standalone)
		buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
	    "aria-labelledby=\"%s-title %s-desc\" class=\"chart\" "
	    "font-family=\"" CHART_FONT "\" font-size=\"13\" fill=\"%s\">\n",
	    WIDTH, height, WIDTH, height, o->id, o->id, COLOR_TEXT);
	buf_printf(b, "<title id=\"%s-title\">", o->id);
	escape_html_text(b, title);
	buf_puts(b, "</title>\n");
}

/* ---- line chart --------------------------------------------------------- */

typedef chart_frame frame;

static double
px(const frame *f, double t)
{
	return f->left + (t - f->x0) / (f->x1 - f->x0) * (f->right - f->left);
}

static double
py(const frame *f, double v)
{
	return f->top + (1 - v / f->y1) * (f->bottom - f->top);
}

double
chart_x(const chart_frame *f, double t)
{
	return px(f, t);
}

double
chart_y(const chart_frame *f, double v)
{
	return py(f, v);
}

static bool
drawable(const reeks_obs *o)
{
	return reeks_obs_has_value(o) ||
	    (reeks_obs_has_lower(o) && reeks_obs_has_upper(o));
}

static void
make_frame(frame *f, const reeks_series *se, reeks_lang lang)
{
	reeks_unit unit = reeks_series_unit(se);
	double tmin = INFINITY, tmax = -INFINITY, vmax = 0;
	size_t npoints = 0;

	for (size_t i = 0; i < reeks_series_obs_count(se); i++) {
		const reeks_obs *o = reeks_series_obs_at(se, i);

		if (!drawable(o))
			continue;
		npoints++;
		tmin = fmin(tmin, obs_start(o));
		tmax = fmax(tmax, obs_end(o));
		if (reeks_obs_has_value(o))
			vmax = fmax(vmax, reeks_obs_value(o));
		if (reeks_obs_has_upper(o))
			vmax = fmax(vmax, reeks_obs_upper(o));
	}
	for (size_t i = 0; i < reeks_series_break_count(se); i++) {
		double t = date_pos(reeks_break_start(
		    reeks_series_break_at(se, i)));
		tmin = fmin(tmin, t);
		tmax = fmax(tmax, t);
	}
	*f = (frame){ .right = WIDTH - RIGHT, .top = TOP,
	    .bottom = HEIGHT - BOTTOM, .xticks = 8 };
	chart_frame_scale(f, tmin, tmax, vmax, unit, lang);
	/* Smaller marks when there are many points. */
	f->radius = npoints > 30 ? 2.5 : 4.5;
}

void
chart_frame_scale(chart_frame *f, double tmin, double tmax, double vmax,
    reeks_unit unit, reeks_lang lang)
{
	if (!isfinite(tmin)) {
		tmin = 2000;
		tmax = 2001;
	}
	double pad = (tmax - tmin) * 0.05;
	if (pad < 0.5)
		pad = 0.5;
	f->x0 = tmin - pad;
	f->x1 = tmax + pad;
	if (vmax <= 0)
		vmax = 1;
	f->ystep = chart_nice_step(vmax, 5);
	f->ystep = chart_unit_step(f->ystep, unit);
	f->y1 = ceil(vmax / f->ystep - 1e-9) * f->ystep;
	if (f->y1 < vmax)
		f->y1 += f->ystep;
	f->ydecimals = chart_step_decimals(f->ystep);

	/* Room for the widest y label. */
	buf label = { 0 };
	chart_tick_label(&label, f->y1, f->ydecimals, unit, lang);
	f->left += 20 + (label.data != NULL ? chart_text_width(label.data) :
	    40);
	buf_free(&label);
}

void
chart_axes(buf *b, const frame *f, reeks_unit unit, reeks_lang lang)
{
	double ystep = f->ystep;
	double span = f->x1 - f->x0;
	static const double year_steps[] = { 1, 2, 5, 10, 20, 25, 50, 100 };
	double xstep = 100;

	buf_puts(b, "<g class=\"y-axis\" font-size=\"12\" "
	    "text-anchor=\"end\">\n");
	for (int i = 0; f->ystep * i <= f->y1 + ystep * 1e-9; i++) {
		double v = ystep * i, y = py(f, v);

		buf_printf(b, "<line x1=\"%.1f\" x2=\"%.0f\" y1=\"%.1f\" "
		    "y2=\"%.1f\" stroke=\"%s\"/>", f->left, f->right, y,
		    y, i == 0 ? COLOR_TEXT : COLOR_GRID);
		buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\">", f->left - 8,
		    y + 4);
		chart_tick_label(b, v, f->ydecimals, unit, lang);
		buf_puts(b, "</text>\n");
	}
	buf_puts(b, "</g>\n");

	for (size_t i = 0; i < sizeof year_steps / sizeof year_steps[0];
	    i++) {
		if (span / year_steps[i] <= f->xticks) {
			xstep = year_steps[i];
			break;
		}
	}
	buf_puts(b, "<g class=\"x-axis\" font-size=\"12\" "
	    "text-anchor=\"middle\">\n");
	double first = ceil(f->x0 / xstep) * xstep;
	for (int k = 0; first + k * xstep <= f->x1; k++) {
		double t = first + k * xstep;
		double x = px(f, t);
		double y0 = f->bottom;

		buf_printf(b, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.0f\" "
		    "y2=\"%.1f\" stroke=\"%s\"/>", x, x, y0,
		    y0 + 5, COLOR_TEXT);
		buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\">%.0f</text>\n", x,
		    y0 + 20, t);
	}
	buf_puts(b, "</g>\n");
}

/* Is there a series break at or before B and after A (in time)? */
static bool
break_between(const reeks_series *se, double a, double b)
{
	for (size_t i = 0; i < reeks_series_break_count(se); i++) {
		double t = date_pos(reeks_break_start(
		    reeks_series_break_at(se, i)));
		if (t > a && t <= b)
			return true;
	}
	return false;
}

/* Whether two neighbouring observations are joined by a line: both plain
 * single-year (or shorter) values, at most a year apart, no break. */
static bool
joined(const reeks_series *se, const reeks_obs *a, const reeks_obs *b)
{
	reeks_qualifier qa = reeks_obs_qualifier(a);
	reeks_qualifier qb = reeks_obs_qualifier(b);

	if (!reeks_obs_has_value(a) || !reeks_obs_has_value(b) ||
	    reeks_obs_period_is_interval(a) || reeks_obs_period_is_interval(b))
		return false;
	if ((qa != REEKS_QUAL_EXACT && qa != REEKS_QUAL_APPROX) ||
	    (qb != REEKS_QUAL_EXACT && qb != REEKS_QUAL_APPROX))
		return false;
	if (reeks_obs_secondary(a) || reeks_obs_secondary(b))
		return false;
	if (obs_mid(b) - obs_mid(a) > 1.0 + 1e-9)
		return false;
	return !break_between(se, obs_mid(a), obs_mid(b));
}

enum mark_kind {
	MARK_EXACT, MARK_APPROX, MARK_AT_LEAST, MARK_AT_MOST, MARK_RANGE,
	MARK_INTERVAL, MARK_SECONDARY, MARK_BREAK, MARK_SPAN, MARK_COUNT
};

static void
glyph(buf *b, enum mark_kind k, double x, double y, double r,
    const char *color)
{
	switch (k) {
	case MARK_EXACT:
		buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" "
		    "fill=\"%s\"/>", x, y, r, color);
		break;
	case MARK_APPROX:
		buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" "
		    "fill=\"#ffffff\" stroke=\"%s\" stroke-width=\"2\"/>", x,
		    y, r, color);
		break;
	case MARK_AT_LEAST:
		buf_printf(b, "<path d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fZ\" "
		    "fill=\"%s\"/>", x, y - 6, x + 6, y + 4.5, x - 6, y + 4.5,
		    color);
		break;
	case MARK_AT_MOST:
		buf_printf(b, "<path d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fZ\" "
		    "fill=\"%s\"/>", x, y + 6, x + 6, y - 4.5, x - 6, y - 4.5,
		    color);
		break;
	case MARK_RANGE:
	case MARK_INTERVAL:
		buf_printf(b, "<path d=\"M%.1f %.1fV%.1fM%.1f %.1fH%.1f"
		    "M%.1f %.1fH%.1f\" stroke=\"%s\" stroke-width=\"%s\" "
		    "fill=\"none\"/>", x, y - 7, y + 7, x - 4, y - 7, x + 4,
		    x - 4, y + 7, x + 4, color, k == MARK_RANGE ? "3" : "1.5");
		break;
	case MARK_SECONDARY:
		buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" "
		    "fill=\"%s\"/>", x, y, r, COLOR_SECONDARY);
		break;
	case MARK_BREAK:
		buf_printf(b, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" "
		    "y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\" "
		    "stroke-dasharray=\"4 3\"/>", x, x, y - 8, y + 8,
		    COLOR_BREAK);
		break;
	case MARK_SPAN:
		buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"3\" "
		    "height=\"12\" fill=\"%s\"/>", x - 1.5, y - 6, color);
		break;
	case MARK_COUNT:
		break;
	}
}

static enum mark_kind
mark_of(const reeks_obs *o)
{
	if (!reeks_obs_has_value(o))
		return MARK_RANGE;
	switch (reeks_obs_qualifier(o)) {
	case REEKS_QUAL_APPROX: return MARK_APPROX;
	case REEKS_QUAL_AT_LEAST: return MARK_AT_LEAST;
	case REEKS_QUAL_AT_MOST: return MARK_AT_MOST;
	default: return MARK_EXACT;
	}
}

/* One observation: its period extent, its bounds, its mark, and a
 * tooltip. Records in USED which kinds of mark appear. */
static void
draw_obs(buf *b, const frame *f, const reeks_obs *o, reeks_unit unit,
    const chart_opts *opt, bool used[MARK_COUNT])
{
	const char *color = reeks_obs_secondary(o) ? COLOR_SECONDARY : COLOR;
	double x = px(f, obs_mid(o));
	enum mark_kind k = mark_of(o);
	double y;

	buf_puts(b, "<g>");
	buf_puts(b, "<title>");
	period_label(b, reeks_obs_period(o));
	buf_puts(b, ": ");
	{
		buf label = { 0 };
		chart_value_label(&label, o, unit, opt->lang);
		if (label.data != NULL)
			escape_html_text(b, label.data);
		buf_free(&label);
	}
	buf_puts(b, "</title>");
	if (reeks_obs_has_lower(o) && reeks_obs_has_upper(o)) {
		double yl = py(f, reeks_obs_lower(o));
		double yu = py(f, reeks_obs_upper(o));
		const char *w = k == MARK_RANGE ? "3" : "1.5";

		buf_printf(b, "<path d=\"M%.1f %.1fV%.1fM%.1f %.1fH%.1f"
		    "M%.1f %.1fH%.1f\" stroke=\"%s\" stroke-width=\"%s\" "
		    "fill=\"none\"/>", x, yl, yu, x - 5, yl, x + 5, x - 5, yu,
		    x + 5, color, w);
		used[k == MARK_RANGE ? MARK_RANGE : MARK_INTERVAL] = true;
	}
	y = reeks_obs_has_value(o) ? py(f, reeks_obs_value(o)) :
	    (py(f, reeks_obs_lower(o)) + py(f, reeks_obs_upper(o))) / 2;
	if (reeks_obs_period_is_interval(o)) {
		/* The period's extent, as a band along the time axis. */
		buf_printf(b, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" "
		    "y2=\"%.1f\" stroke=\"%s\" stroke-width=\"3\" "
		    "stroke-opacity=\"0.45\"/>", px(f, obs_start(o)),
		    px(f, obs_end(o)), y, y, color);
	}
	if (k != MARK_RANGE) {
		glyph(b, reeks_obs_secondary(o) ? MARK_SECONDARY : k, x, y,
		    f->radius, color);
		used[k] = true;
	}
	if (reeks_obs_secondary(o))
		used[MARK_SECONDARY] = true;
	buf_puts(b, "</g>\n");
}

static void
legend(buf *b, const frame *f, const bool used[MARK_COUNT],
    const chart_words *w)
{
	const char *labels[MARK_COUNT] = {
		w->exact, w->approx, w->at_least, w->at_most, w->range,
		w->interval, w->secondary, w->series_break, w->span
	};
	double x = f->left;
	double y = HEIGHT - BOTTOM + 44;
	int shown = 0;

	for (int k = 0; k < MARK_COUNT; k++)
		shown += used[k];
	if (shown < 2 && !used[MARK_BREAK] && !used[MARK_SECONDARY] &&
	    !used[MARK_SPAN])
		return;
	buf_puts(b, "<g class=\"legend\" font-size=\"12\">\n");
	for (int k = 0; k < MARK_COUNT; k++) {
		if (!used[k])
			continue;
		/* A label that would pass the edge starts the next row. */
		if (x > f->left && x + 16 + chart_text_px(labels[k], 12,
		    false) > WIDTH - 12) {
			x = f->left;
			y += 18;
		}
		glyph(b, (enum mark_kind)k, x + 6, y - 4, 4.5,
		    k == MARK_SECONDARY ? COLOR_SECONDARY : COLOR);
		buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\">", x + 16, y);
		escape_html_text(b, labels[k]);
		buf_puts(b, "</text>\n");
		/* Advance by a rough width of the label. */
		x += 30 + chart_text_width(labels[k]);
		if (x > WIDTH - 120) {
			x = f->left;
			y += 18;
		}
	}
	buf_puts(b, "</g>\n");
}

static void
describe(buf *b, const reeks_series *se, const chart_opts *o,
    const reeks_obs *const *obs, size_t n)
{
	const chart_words *w = o->words;
	reeks_unit unit = reeks_series_unit(se);

	buf_printf(b, "<desc id=\"%s-desc\">", o->id);
	escape_html_text(b, w->line_chart);
	buf_puts(b, ": ");
	escape_html_text(b, reeks_series_title(se, o->lang));
	if (n > 0) {
		buf_puts(b, ", ");
		period_label(b, reeks_obs_period(obs[0]));
		if (n > 1) {
			buf_putc(b, ' ');
			escape_html_text(b, w->to);
			buf_putc(b, ' ');
			period_label(b, reeks_obs_period(obs[n - 1]));
		}
		buf_printf(b, ", %zu ", n);
		escape_html_text(b, n == 1 ? w->observation : w->observations);
		buf_puts(b, ": ");
	}
	for (size_t i = 0; i < n; i++) {
		buf label = { 0 };

		/* A long series: the first two and the last two. */
		if (n > MAX_LISTED && i == 2) {
			buf_puts(b, "\xe2\x80\xa6; ");   /* … */
			i = n - 3;          /* the loop goes on at n - 2 */
			continue;
		}
		chart_value_label(&label, obs[i], unit, o->lang);
		if (label.data != NULL)
			escape_html_text(b, label.data);
		buf_free(&label);
		buf_putc(b, ' ');
		escape_html_text(b, w->in);
		buf_putc(b, ' ');
		period_label(b, reeks_obs_period(obs[i]));
		buf_puts(b, i + 1 < n ? "; " : ".");
	}
	buf_puts(b, "</desc>\n");
}

/* The values an observation spans on the chart: its value, or the
 * bounds of a range without one. */
static double
obs_low(const reeks_obs *o)
{
	return reeks_obs_has_value(o) ? reeks_obs_value(o) : reeks_obs_lower(o);
}

static double
obs_high(const reeks_obs *o)
{
	return reeks_obs_has_value(o) ? reeks_obs_value(o) : reeks_obs_upper(o);
}

/* Append TEXT with "{n}" replaced by N (grouped as LANG writes it),
 * escaped. */
static void
words_n(buf *b, const char *text, size_t n, reeks_lang lang)
{
	const char *brace = strstr(text, "{n}");
	buf t = { 0 };

	if (brace != NULL) {
		buf_add(&t, text, (size_t)(brace - text));
		fmt_double(&t, (double)n, 0, lang);
		buf_puts(&t, brace + 3);
	} else {
		buf_puts(&t, text);
	}
	if (t.failed)
		buf_fail(b);
	else if (t.data != NULL)
		escape_html_text(b, t.data);
	buf_free(&t);
}

/* The description of an aggregated chart: what it covers, and how it is
 * drawn. */
static void
describe_spans(buf *b, const reeks_series *se, const chart_opts *o,
    const reeks_obs *const *obs, size_t n)
{
	const chart_words *w = o->words;

	buf_printf(b, "<desc id=\"%s-desc\">", o->id);
	escape_html_text(b, w->line_chart);
	buf_puts(b, ": ");
	escape_html_text(b, reeks_series_title(se, o->lang));
	buf_puts(b, ", ");
	period_label(b, reeks_obs_period(obs[0]));
	buf_putc(b, ' ');
	escape_html_text(b, w->to);
	buf_putc(b, ' ');
	period_label(b, reeks_obs_period(obs[n - 1]));
	buf_puts(b, ", ");
	fmt_double(b, (double)n, 0, o->lang);
	buf_putc(b, ' ');
	escape_html_text(b, w->observations);
	buf_puts(b, ", ");
	words_n(b, w->spans, CHART_SPANS, o->lang);
	buf_puts(b, ".</desc>\n");
}

/* One stretch of an aggregated chart: the N observations OBS[0..N-1]
 * (in time order), as a bar from their lowest to their highest value
 * over the stretch's width X0 to X1, with a tooltip. */
static void
draw_span(buf *b, const frame *f, const reeks_obs *const *obs, size_t n,
    double x0, double x1, reeks_unit unit, reeks_lang lang,
    const chart_words *w)
{
	const reeks_obs *lo = obs[0], *hi = obs[0];
	buf label = { 0 };

	for (size_t i = 1; i < n; i++) {
		if (obs_low(obs[i]) < obs_low(lo))
			lo = obs[i];
		if (obs_high(obs[i]) > obs_high(hi))
			hi = obs[i];
	}
	buf_puts(b, "<g><title>");
	period_label(b, reeks_obs_period(obs[0]));
	if (n > 1) {
		buf_puts(b, "\xe2\x80\x93");
		period_label(b, reeks_obs_period(obs[n - 1]));
	}
	buf_puts(b, ": ");
	fmt_double(b, (double)n, 0, lang);
	buf_putc(b, ' ');
	escape_html_text(b, n == 1 ? w->observation : w->observations);
	buf_puts(b, ", ");
	chart_value_label(&label, lo, unit, lang);
	if (lo != hi) {
		buf_puts(&label, " \xe2\x80\x93 ");
		chart_value_label(&label, hi, unit, lang);
	}
	if (label.data != NULL)
		escape_html_text(b, label.data);
	buf_free(&label);
	buf_puts(b, "</title>");
	double ytop = py(f, obs_high(hi)), ybot = py(f, obs_low(lo));
	if (ybot - ytop < 2) {
		double mid = (ytop + ybot) / 2;

		ytop = mid - 1;
		ybot = mid + 1;
	}
	buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
	    "height=\"%.1f\"/></g>\n", x0, ytop, x1 - x0, ybot - ytop);
}

/* The observations OBS[0..N-1] (drawable, in time order) in CHART_SPANS
 * equal stretches of the time from the first one's middle to the last
 * one's. */
static void
draw_spans(buf *b, const frame *f, const reeks_obs *const *obs, size_t n,
    reeks_unit unit, const chart_opts *o)
{
	double t0 = obs_mid(obs[0]), t1 = obs_mid(obs[n - 1]);
	double width = (t1 - t0) / CHART_SPANS;

	if (!(width > 0))
		width = 1.0 / CHART_SPANS;
	buf_puts(b, "<g class=\"spans\" fill=\"" COLOR "\">\n");
	for (size_t i = 0; i < n;) {
		size_t k = (size_t)((obs_mid(obs[i]) - t0) / width), j = i;

		if (k >= CHART_SPANS)
			k = CHART_SPANS - 1;
		while (j < n) {
			size_t kj = (size_t)((obs_mid(obs[j]) - t0) / width);

			if ((kj >= CHART_SPANS ? CHART_SPANS - 1 : kj) != k)
				break;
			j++;
		}
		draw_span(b, f, obs + i, j - i, px(f, t0 + k * width),
		    px(f, t0 + (k + 1) * width), unit, o->lang, o->words);
		i = j;
	}
	buf_puts(b, "</g>\n");
}

/* The drawable observations of SE, in time order, in a new array (free
 * it); *N their number. NULL when out of memory. */
static const reeks_obs **
drawable_obs(const reeks_series *se, size_t *n)
{
	size_t nobs = reeks_series_obs_count(se);
	const reeks_obs **obs = malloc((nobs ? nobs : 1) * sizeof *obs);

	*n = 0;
	if (obs == NULL)
		return NULL;
	for (size_t i = 0; i < nobs; i++)
		if (drawable(reeks_series_obs_at(se, i)))
			obs[(*n)++] = reeks_series_obs_at(se, i);
	return obs;
}

size_t
chart_line_count(const reeks_series *se)
{
	size_t n = 0;

	for (size_t i = 0; i < reeks_series_obs_count(se); i++)
		n += drawable(reeks_series_obs_at(se, i));
	return n;
}

void
chart_line(buf *b, const reeks_series *se, const chart_opts *o)
{
	size_t n;
	const reeks_obs **obs = drawable_obs(se, &n);
	reeks_unit unit = reeks_series_unit(se);
	const char *title = reeks_series_title(se, o->lang);
	bool used[MARK_COUNT] = { false };
	bool spans = n > CHART_MAX_POINTS;
	chart_shell sh;
	frame f;

	if (obs == NULL) {
		buf_fail(b);
		return;
	}
	make_frame(&f, se, o->lang);
	chart_open(b, &sh, title, HEIGHT, obs, n, o);
	if (spans)
		describe_spans(b, se, o, obs, n);
	else
		describe(b, se, o, obs, n);
	chart_body(b, &sh, title);
	chart_axes(b, &f, unit, o->lang);

	/* Breaks: a dashed line across the plot, labelled. */
	for (size_t i = 0; i < reeks_series_break_count(se); i++) {
		const reeks_break *br = reeks_series_break_at(se, i);
		double x = px(&f, date_pos(reeks_break_start(br)));
		/* Near the right edge, the label goes left of the line. */
		bool left = x + 4 + chart_text_px(o->words->series_break, 11,
		    false) > WIDTH - 4;

		buf_printf(b, "<g class=\"break\"><line x1=\"%.1f\" "
		    "x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"%s\" "
		    "stroke-width=\"2\" stroke-dasharray=\"4 3\"/>"
		    "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" fill=\"%s\"%s>",
		    x, x, TOP, HEIGHT - BOTTOM, COLOR_BREAK, left ? x - 4 :
		    x + 4, TOP + 10, COLOR_BREAK,
		    left ? " text-anchor=\"end\"" : "");
		escape_html_text(b, o->words->series_break);
		buf_puts(b, "</text></g>\n");
		used[MARK_BREAK] = true;
	}

	if (spans) {
		draw_spans(b, &f, obs, n, unit, o);
		used[MARK_SPAN] = true;
	} else {
		/* Lines between neighbours that may be joined. */
		buf_puts(b, "<g class=\"lines\" fill=\"none\" stroke=\""
		    COLOR "\" stroke-width=\"2\">\n");
		for (size_t i = 0; i + 1 < n; i++) {
			if (!joined(se, obs[i], obs[i + 1]))
				continue;
			buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" "
			    "x2=\"%.1f\" y2=\"%.1f\"/>\n",
			    px(&f, obs_mid(obs[i])),
			    py(&f, reeks_obs_value(obs[i])),
			    px(&f, obs_mid(obs[i + 1])),
			    py(&f, reeks_obs_value(obs[i + 1])));
		}
		buf_puts(b, "</g>\n<g class=\"points\">\n");
		for (size_t i = 0; i < n; i++)
			draw_obs(b, &f, obs[i], unit, o, used);
		buf_puts(b, "</g>\n");
	}
	legend(b, &f, used, o->words);
	chart_close(b, &sh);
	free(obs);
}

void
chart_open(buf *b, chart_shell *sh, const char *title, int height,
    const reeks_obs *const *obs, size_t n, const chart_opts *o)
{
	*sh = (chart_shell){ .credit = { 0 } };
	chart_credit(&sh->credit, obs, n, o->words, o->lang);
	if (sh->credit.failed)
		buf_fail(b);
	sh->top = chart_title_extra(title);
	sh->height = height + sh->top + chart_credit_extra(
	    sh->credit.data != NULL ? sh->credit.data : "");
	chart_svg_open(b, sh->height, title, o);
}

void
chart_body(buf *b, const chart_shell *sh, const char *title)
{
	chart_title_text(b, title);
	/* A title on more lines than one moves the rest down. */
	if (sh->top > 0)
		buf_printf(b, "<g transform=\"translate(0 %d)\">\n", sh->top);
}

void
chart_close(buf *b, chart_shell *sh)
{
	if (sh->top > 0)
		buf_puts(b, "</g>\n");
	chart_credit_text(b, sh->credit.data != NULL ? sh->credit.data : "",
	    sh->height);
	buf_puts(b, "</svg>\n");
	buf_free(&sh->credit);
}
