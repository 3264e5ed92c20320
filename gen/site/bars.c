/*
 * bars.c: SVG bar charts (chart_bars(), chart_bars_nested(), chart.h),
 * drawn with chart.c's helpers (chart-internal.h).
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
#include "site/compare.h"
#include "util/escape.h"
#include "util/format.h"

#define COLOR_PART "#7fa7c4"   /* a part, under what it is part of */
enum { ROW = 30, HEAD_ROW = 22, INDENT = 16 };

void
chart_bars(buf *b, const char *title, const char *const *labels,
    const reeks_obs *const *obs, size_t n, const chart_opts *o)
{
	chart_bar *bars = calloc(n ? n : 1, sizeof *bars);

	if (bars == NULL) {
		b->failed = true;
		return;
	}
	for (size_t i = 0; i < n; i++)
		bars[i] = (chart_bar){ labels[i], obs[i], 0, NAN };
	chart_bars_nested(b, title, bars, n, false, o);
	free(bars);
}

/* Whether bar I opens a level of parts: a row "of which:" goes above. */
static bool
opens(const chart_bar *bars, size_t i)
{
	return i > 0 && bars[i].depth > bars[i - 1].depth;
}

/* The words above a level of parts. */
static const char *
head_text(reeks_unit unit, const chart_opts *o)
{
	const char *t = compare_unit_adds(unit) ? o->words->of_which :
	    o->words->within;

	return t != NULL ? t : "";
}

/* A bar's value, and its share of what it is part of: "484 (44.7%)". */
static void
value_label(buf *b, const chart_bar *bar, reeks_unit unit, reeks_lang lang)
{
	chart_value_label(b, bar->obs, unit, lang);
	if (isnan(bar->share))
		return;
	buf_puts(b, " (");
	fmt_double(b, bar->share, 1, lang);
	buf_puts(b, "%)");
}

void
chart_bars_nested(buf *b, const char *title, const chart_bar *bars,
    size_t n, bool target, const chart_opts *o)
{
	double label_w = 0;
	int height = TOP + 60;
	double vmax = 0, step, top;
	reeks_unit unit = n > 0 ?
	    reeks_series_unit(reeks_obs_series(bars[0].obs)) :
	    REEKS_UNIT_COUNT;
	const reeks_obs **obs = malloc((n ? n : 1) * sizeof *obs);
	buf credit = { 0 };
	int decimals;

	if (obs == NULL) {
		b->failed = true;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const reeks_obs *ob = bars[i].obs;

		obs[i] = ob;
		height += ROW + (opens(bars, i) ? HEAD_ROW : 0);
		if (reeks_obs_has_value(ob))
			vmax = fmax(vmax, reeks_obs_value(ob));
		if (reeks_obs_has_upper(ob))
			vmax = fmax(vmax, reeks_obs_upper(ob));
		label_w = fmax(label_w, bars[i].depth * INDENT +
		    chart_text_px(bars[i].label, 13, false));
		if (opens(bars, i))
			label_w = fmax(label_w, bars[i - 1].depth * INDENT +
			    chart_text_px(head_text(unit, o), 13, false));
	}
	if (vmax <= 0)
		vmax = 1;
	/* The widest value label, right of its bar: room for it at the
	 * right edge. */
	double value_w = 0;
	for (size_t i = 0; i < n; i++) {
		buf label = { 0 }, esc = { 0 };

		value_label(&label, &bars[i], unit, o->lang);
		if (label.data != NULL)
			escape_html_text(&esc, label.data);
		if (esc.data != NULL)
			value_w = fmax(value_w, chart_text_px(esc.data, 13,
			    false));
		buf_free(&label);
		buf_free(&esc);
	}
	chart_credit(&credit, obs, n, o->words, o->lang);
	if (credit.failed)
		b->failed = true;
	const char *ctext = credit.data != NULL ? credit.data : "";
	int top_extra = chart_title_extra(title);
	height += top_extra + chart_credit_extra(ctext);
	label_w = fmin(label_w + 12, WIDTH / 2.0);
	step = chart_unit_step(chart_nice_step(vmax, 4), unit);
	top = ceil(vmax / step - 1e-9) * step;
	decimals = chart_step_decimals(step);

	chart_svg_open(b, height, title, o);
	buf_printf(b, "<desc id=\"%s-desc\">", o->id);
	escape_html_text(b, o->words->bar_chart);
	buf_puts(b, ": ");
	escape_html_text(b, title);
	buf_puts(b, ": ");
	for (size_t i = 0; i < n; i++) {
		buf label = { 0 };

		if (opens(bars, i)) {
			escape_html_text(b, head_text(unit, o));
			buf_putc(b, ' ');
		}
		escape_html_text(b, bars[i].label);
		buf_putc(b, ' ');
		value_label(&label, &bars[i], unit, o->lang);
		if (label.data != NULL)
			escape_html_text(b, label.data);
		buf_free(&label);
		buf_puts(b, i + 1 < n ? "; " : ".");
	}
	buf_puts(b, "</desc>\n");
	chart_title_text(b, title);

	double x0 = 12 + label_w;
	double x1 = fmin(WIDTH - RIGHT - 60, WIDTH - 12 - 6 - value_w);
	if (x1 < x0 + 60)       /* a bar of some length, whatever it takes */
		x1 = x0 + 60;
	double scale = (x1 - x0) / top;
	double y = TOP + top_extra;
	for (size_t i = 0; i < n; i++) {
		const reeks_obs *ob = bars[i].obs;
		double indent = 12 + bars[i].depth * INDENT;
		buf label = { 0 };

		if (opens(bars, i)) {
			buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" "
			    "font-style=\"italic\">", 12.0 +
			    bars[i - 1].depth * INDENT, y + 16);
			escape_html_text(b, head_text(unit, o));
			buf_puts(b, "</text>\n");
			y += HEAD_ROW;
		}
		buf_printf(b, "<g><text x=\"%.1f\" y=\"%.1f\">", indent,
		    y + 19);
		escape_html_text(b, bars[i].label);
		buf_puts(b, "</text>");
		if (reeks_obs_has_value(ob)) {
			const char *color = bars[i].depth > 0 ? COLOR_PART :
			    COLOR;
			bool hollow = target || reeks_obs_qualifier(ob) !=
			    REEKS_QUAL_EXACT;

			buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" "
			    "width=\"%.1f\" height=\"20\" fill=\"%s\" "
			    "stroke=\"%s\" stroke-width=\"2\"%s/>", x0, y + 5,
			    reeks_obs_value(ob) * scale,
			    hollow ? "#ffffff" : color, color,
			    target ? " stroke-dasharray=\"5 3\"" : "");
		}
		if (reeks_obs_has_lower(ob) && reeks_obs_has_upper(ob)) {
			double xl = x0 + reeks_obs_lower(ob) * scale;
			double xu = x0 + reeks_obs_upper(ob) * scale;

			buf_printf(b, "<path d=\"M%.1f %.1fH%.1fM%.1f %.1fV%.1f"
			    "M%.1f %.1fV%.1f\" stroke=\"%s\" stroke-width=\"2\" "
			    "fill=\"none\"/>", xl, y + 15, xu, xl, y + 9,
			    y + 21, xu, y + 9, y + 21, COLOR_TEXT);
		}
		double end = x0;
		if (reeks_obs_has_value(ob))
			end += reeks_obs_value(ob) * scale;
		if (reeks_obs_has_upper(ob))
			end = fmax(end, x0 + reeks_obs_upper(ob) * scale);
		buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\">", end + 6, y + 19);
		value_label(&label, &bars[i], unit, o->lang);
		if (label.data != NULL)
			escape_html_text(b, label.data);
		buf_free(&label);
		buf_puts(b, "</text></g>\n");
		y += ROW;
	}
	/* The value axis. */
	double ya = y + 8;
	buf_printf(b, "<g class=\"x-axis\" font-size=\"12\" "
	    "text-anchor=\"middle\"><line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" "
	    "y2=\"%.1f\" stroke=\"%s\"/>", x0, x0 + top * scale, ya, ya,
	    COLOR_TEXT);
	for (int i = 0; step * i <= top + step * 1e-9; i++) {
		double x = x0 + step * i * scale;

		buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\">", x, ya + 16);
		chart_tick_label(b, step * i, decimals, unit, o->lang);
		buf_puts(b, "</text>");
	}
	buf_puts(b, "</g>\n");
	chart_credit_text(b, ctext, height);
	buf_puts(b, "</svg>\n");
	buf_free(&credit);
	free(obs);
}
