/*
 * lines.c: line charts comparing several series over time (lines.h), in
 * the frame, scales and axes of chart.c (chart-internal.h).
 *
 * Coordinates are written with one decimal, so the same data always gives
 * the same bytes.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "site/chart-internal.h"
#include "site/lines.h"
#include "util/escape.h"
#include "util/format.h"

/* Okabe and Ito's palette without its yellow, in an order whose
 * neighbours differ in lightness too. */
static const char *const palette[LINES_MAX] = {
	"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"
};
/* Dash patterns, so that lines differ in grey print. */
static const char *const dashes[LINES_MAX] = {
	NULL, "7 3", "2 2", "9 3 2 3", "4 4", "1 3"
};
enum mark_shape {
	SHAPE_CIRCLE, SHAPE_SQUARE, SHAPE_TRIANGLE, SHAPE_DIAMOND,
	SHAPE_TRIANGLE_DOWN, SHAPE_PLUS
};
static const char *const shape_names[LINES_MAX] = {
	"circle", "square", "triangle", "diamond", "triangle-down", "plus"
};

#define COLOR_TOTAL "#595959"
#define TOTAL_WIDTH "5"

enum {
	LABEL_LINE = 14,    /* a label's line height */
	LABEL_MAX = 190,    /* widest label room at the right */
	RADIUS = 4,         /* marks */
	PANEL_COLS = 2,
	PANEL_HEIGHT = 146, /* one small chart: its name, plot, years */
	PANEL_PLOT = 88,
	PANEL_BOTTOM = 40   /* under the small charts: key, credit */
};

bool
lines_joined(const line_point *a, const line_point *b)
{
	return a->joinable && b->joinable && !b->brk &&
	    b->t - a->t <= 1.0 + 1e-9;
}

/* Open mark SHAPE at X, Y: the element's start tag without its ">", and
 * its name in *TAG, for the caller to close after its <title>. */
static void
mark_open(buf *b, enum mark_shape shape, double x, double y,
    const char *color, bool hollow, const char **tag)
{
	double r = RADIUS;

	*tag = "path";
	switch (shape) {
	case SHAPE_CIRCLE:
		*tag = "circle";
		buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\"", x,
		    y, r);
		break;
	case SHAPE_SQUARE:
		*tag = "rect";
		buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
		    "height=\"%.1f\"", x - 0.9 * r, y - 0.9 * r, 1.8 * r,
		    1.8 * r);
		break;
	case SHAPE_TRIANGLE:
	case SHAPE_TRIANGLE_DOWN: {
		double s = shape == SHAPE_TRIANGLE ? 1 : -1;

		*tag = "path";
		buf_printf(b, "<path d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fZ\"", x,
		    y - s * 1.3 * r, x + 1.2 * r, y + s * 0.9 * r, x - 1.2 * r,
		    y + s * 0.9 * r);
		break;
	}
	case SHAPE_DIAMOND:
		*tag = "path";
		buf_printf(b, "<path d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fL%.1f "
		    "%.1fZ\"", x, y - 1.3 * r, x + 1.3 * r, y, x, y + 1.3 * r,
		    x - 1.3 * r, y);
		break;
	case SHAPE_PLUS: {
		double w = 0.5 * r, e = 1.3 * r;

		*tag = "path";
		buf_printf(b, "<path d=\"M%.1f %.1fH%.1fV%.1fH%.1fV%.1fH%.1f"
		    "V%.1fH%.1fV%.1fH%.1fV%.1fH%.1fZ\"", x - w, y - e, x + w,
		    y - w, x + e, y + w, x + w, y + e, x - w, y + w, x - e,
		    y - w, x - w);
		break;
	}
	}
	if (hollow)
		buf_printf(b, " fill=\"#ffffff\" stroke=\"%s\" "
		    "stroke-width=\"1.5\"", color);
	else
		buf_printf(b, " fill=\"%s\"", color);
}

/* The mark of point P of line LABEL, with its tooltip. */
static void
point_mark(buf *b, const chart_frame *f, const line_point *p,
    const char *label, enum mark_shape shape, const char *color)
{
	const char *tag;

	mark_open(b, shape, chart_x(f, p->t), chart_y(f, p->value), color,
	    p->hollow, &tag);
	buf_puts(b, "><title>");
	escape_html_text(b, label);
	buf_puts(b, ", ");
	chart_period_label(b, p->period);
	buf_puts(b, ": ");
	escape_html_text(b, p->text);
	buf_printf(b, "</title></%s>", tag);
}

/* The runs of joined points of L as polylines. */
static void
polylines(buf *b, const chart_frame *f, const line_series *l)
{
	for (size_t i = 0; i < l->n;) {
		size_t j = i + 1;

		while (j < l->n && lines_joined(&l->points[j - 1],
		    &l->points[j]))
			j++;
		if (j - i > 1) {
			buf_puts(b, "<polyline points=\"");
			for (size_t k = i; k < j; k++)
				buf_printf(b, "%s%.1f,%.1f", k > i ? " " : "",
				    chart_x(f, l->points[k].t),
				    chart_y(f, l->points[k].value));
			buf_puts(b, "\"/>\n");
		}
		i = j;
	}
}

/* Line L, the Ith of the chart (I < LINES_MAX): its runs, then its marks.
 * Returns whether a mark is hollow. */
static bool
draw_line(buf *b, const chart_frame *f, const line_series *l, size_t i)
{
	bool hollow = false;

	buf_printf(b, "<g class=\"line\" data-mark=\"%s\">\n"
	    "<g fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s%s%s>\n",
	    shape_names[i], palette[i], dashes[i] != NULL ?
	    " stroke-dasharray=\"" : "", dashes[i] != NULL ? dashes[i] : "",
	    dashes[i] != NULL ? "\"" : "");
	polylines(b, f, l);
	buf_puts(b, "</g>\n");
	for (size_t k = 0; k < l->n; k++) {
		point_mark(b, f, &l->points[k], l->label, (enum mark_shape)i,
		    palette[i]);
		hollow |= l->points[k].hollow;
	}
	buf_puts(b, "\n</g>\n");
	return hollow;
}

/* The total as a reference line: wide and grey, small dots as marks. */
static void
draw_total(buf *b, const chart_frame *f, const line_series *t)
{
	buf_puts(b, "<g class=\"total\">\n<g fill=\"none\" stroke=\""
	    COLOR_TOTAL "\" stroke-width=\"" TOTAL_WIDTH "\" "
	    "stroke-opacity=\"0.45\" stroke-linecap=\"round\">\n");
	polylines(b, f, t);
	buf_puts(b, "</g>\n");
	for (size_t k = 0; k < t->n; k++) {
		const line_point *p = &t->points[k];

		buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" "
		    "fill=\"" COLOR_TOTAL "\"><title>", chart_x(f, p->t),
		    chart_y(f, p->value));
		escape_html_text(b, t->label);
		buf_puts(b, ", ");
		chart_period_label(b, p->period);
		buf_puts(b, ": ");
		escape_html_text(b, p->text);
		buf_puts(b, "</title></circle>");
	}
	buf_puts(b, "\n</g>\n");
}

/* TEXT in at most two lines of at most MAXW pixels: the length of the
 * first line in *FIRST (all of TEXT when it fits or has no space to
 * break at). */
static size_t
wrap(const char *text, double maxw)
{
	size_t len = strlen(text), best = len;

	if (chart_text_width(text) <= maxw)
		return len;
	for (size_t i = 0; i < len; i++) {
		if (text[i] != ' ')
			continue;
		char *head = strndup(text, i);
		double w = head != NULL ? chart_text_width(head) : maxw + 1;

		free(head);
		if (w > maxw)
			break;
		best = i;
	}
	return best;
}

/* TEXT as <tspan>s of at most two lines from X at baseline Y. */
static void
label_text(buf *b, const char *text, double x, double y, double maxw)
{
	size_t first = wrap(text, maxw);

	buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\">", x, y);
	if (first == strlen(text)) {
		escape_html_text(b, text);
	} else {
		char *head = strndup(text, first);

		if (head == NULL) {
			buf_fail(b);
			return;
		}
		buf_printf(b, "<tspan x=\"%.1f\" y=\"%.1f\">", x, y);
		escape_html_text(b, head);
		buf_printf(b, "</tspan><tspan x=\"%.1f\" y=\"%.1f\">", x,
		    y + LABEL_LINE);
		escape_html_text(b, text + first + 1);
		buf_puts(b, "</tspan>");
		free(head);
	}
	buf_puts(b, "</text>");
}

static size_t
label_lines(const char *text, double maxw)
{
	return wrap(text, maxw) == strlen(text) ? 1 : 2;
}

/* A label at a line's end: where its last point is, and where the label
 * goes after nudging. */
typedef struct end_label {
	const line_series *l;
	size_t i;           /* the line's index; LINES_MAX for the total */
	double x, y;        /* the last point */
	double top, h;      /* the label's box */
} end_label;

static int
label_cmp(const void *a, const void *b)
{
	const end_label *x = a, *y = b;

	if (x->y != y->y)
		return x->y < y->y ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* Move the N labels (sorted by Y) apart, each box below the one before
 * it, all between LO and HI where they fit. */
static void
nudge(end_label *e, size_t n, double lo, double hi)
{
	for (size_t i = 0; i < n; i++) {
		e[i].top = e[i].y - LABEL_LINE / 2.0;
		if (i > 0 && e[i].top < e[i - 1].top + e[i - 1].h)
			e[i].top = e[i - 1].top + e[i - 1].h;
	}
	for (size_t i = n; i-- > 0;) {
		double limit = i + 1 < n ? e[i + 1].top : hi;

		if (e[i].top + e[i].h > limit)
			e[i].top = limit - e[i].h;
	}
	for (size_t i = 0; i < n; i++) {
		double limit = i > 0 ? e[i - 1].top + e[i - 1].h : lo;

		if (e[i].top < limit)
			e[i].top = limit;
	}
}

/* The labels at the ends of the lines, right of each line's last point
 * (in the margin right of F's plot for a line that ends at the latest
 * time), nudged apart; a short leader from a line's last point to its
 * label when they are not level. */
static void
end_labels(buf *b, const chart_frame *f, const line_chart *c,
    double maxw)
{
	end_label *e = calloc(c->n + 1, sizeof *e);
	size_t n = 0;

	if (e == NULL) {
		buf_fail(b);
		return;
	}
	for (size_t i = 0; i <= c->n; i++) {
		const line_series *l = i < c->n ? &c->lines[i] : c->total;

		if (l == NULL || l->n == 0)
			continue;
		const line_point *p = &l->points[l->n - 1];
		e[n] = (end_label){ l, i < c->n ? i : LINES_MAX,
		    chart_x(f, p->t), chart_y(f, p->value), 0,
		    (double)label_lines(l->label, maxw) * LABEL_LINE };
		n++;
	}
	if (n > 1)
		qsort(e, n, sizeof *e, label_cmp);
	nudge(e, n, TOP - 12, f->bottom + 12);
	buf_puts(b, "<g class=\"labels\" font-size=\"12\">\n");
	for (size_t k = 0; k < n; k++) {
		bool total = e[k].i == LINES_MAX;
		const char *color = total ? COLOR_TOTAL : palette[e[k].i];
		double ym = e[k].top + LABEL_LINE / 2.0;

		buf_printf(b, "<g class=\"label\" data-mark=\"%s\">",
		    total ? "total" : shape_names[e[k].i]);
		double x = e[k].x + RADIUS + 4;

		/* Beside the line's last mark; a leader when nudged away. */
		if (fabs(ym - e[k].y) > 3)
			buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" "
			    "x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
			    "stroke-width=\"0.75\"/>", e[k].x + RADIUS + 1,
			    e[k].y, x + 6, ym, color);
		label_text(b, e[k].l->label, x + 8, e[k].top + 11, maxw);
		buf_puts(b, "</g>\n");
	}
	buf_puts(b, "</g>\n");
	free(e);
}

/* The times and the largest value of C's lines and total. */
static void
extent(const line_chart *c, double *tmin, double *tmax, double *vmax)
{
	*tmin = INFINITY;
	*tmax = -INFINITY;
	*vmax = 0;
	for (size_t i = 0; i <= c->n; i++) {
		const line_series *l = i < c->n ? &c->lines[i] : c->total;

		for (size_t k = 0; l != NULL && k < l->n; k++) {
			*tmin = fmin(*tmin, l->points[k].t);
			*tmax = fmax(*tmax, l->points[k].t);
			*vmax = fmax(*vmax, l->points[k].value);
		}
	}
}

/* One line's figures in words: "Amsterdam: 30% in 1990 to 12% in 2008
 * (5 observations)". */
static void
describe_line(buf *b, const line_series *l, const chart_words *w,
    reeks_lang lang)
{
	escape_html_text(b, l->label);
	buf_puts(b, ": ");
	for (size_t k = 0; k < l->n; k += l->n - 1) {
		if (k > 0) {
			buf_putc(b, ' ');
			escape_html_text(b, w->to);
			buf_putc(b, ' ');
		}
		escape_html_text(b, l->points[k].text);
		buf_putc(b, ' ');
		escape_html_text(b, w->in);
		buf_putc(b, ' ');
		chart_period_label(b, l->points[k].period);
		if (l->n == 1)
			break;
	}
	buf_puts(b, " (");
	fmt_double(b, (double)l->n, 0, lang);
	buf_putc(b, ' ');
	escape_html_text(b, l->n == 1 ? w->observation : w->observations);
	buf_putc(b, ')');
}

static void
describe(buf *b, const line_chart *c, const chart_opts *o, bool panels)
{
	bool first = true;

	buf_printf(b, "<desc id=\"%s-desc\">", o->id);
	escape_html_text(b, o->words->line_chart);
	buf_puts(b, ": ");
	escape_html_text(b, c->title);
	if (panels) {
		buf_puts(b, ", ");
		escape_html_text(b, c->words->panels);
	}
	buf_puts(b, ". ");
	for (size_t i = 0; i <= c->n; i++) {
		const line_series *l = i < c->n ? &c->lines[i] : c->total;

		if (l == NULL || l->n == 0)
			continue;
		if (!first)
			buf_puts(b, "; ");
		first = false;
		describe_line(b, l, o->words, o->lang);
	}
	buf_puts(b, ".</desc>\n");
}

/* The key under the plot: what a hollow mark means, at Y. */
static void
hollow_key(buf *b, double x, double y, const line_words *w)
{
	const char *tag;

	buf_puts(b, "<g class=\"legend\" font-size=\"12\">");
	mark_open(b, SHAPE_CIRCLE, x + 6, y - 4, COLOR_TEXT, true, &tag);
	buf_printf(b, "/><text x=\"%.1f\" y=\"%.1f\">", x + 16, y);
	escape_html_text(b, w->hollow);
	buf_puts(b, "</text></g>\n");
}

/* Up to LINES_MAX lines on one set of axes, labelled at their ends. */
static void
one_chart(buf *b, const line_chart *c, const chart_opts *o)
{
	double tmin, tmax, vmax, maxw = 0;
	bool hollow = false;
	chart_shell sh;
	chart_frame f;

	for (size_t i = 0; i <= c->n; i++) {
		const line_series *l = i < c->n ? &c->lines[i] : c->total;

		if (l != NULL)
			maxw = fmax(maxw, chart_text_width(l->label));
	}
	maxw = fmin(maxw, LABEL_MAX - 24);
	extent(c, &tmin, &tmax, &vmax);
	f = (chart_frame){ .right = WIDTH - 8 - 20 - maxw, .top = TOP,
	    .bottom = HEIGHT - BOTTOM, .xticks = 8, .radius = RADIUS };
	chart_frame_scale(&f, tmin, tmax, vmax, c->unit, o->lang);
	chart_open(b, &sh, c->title, HEIGHT, c->credit, c->ncredit, o);
	describe(b, c, o, false);
	chart_body(b, &sh, c->title);
	chart_axes(b, &f, c->unit, o->lang);
	if (c->total != NULL)
		draw_total(b, &f, c->total);
	for (size_t i = 0; i < c->n; i++)
		hollow |= draw_line(b, &f, &c->lines[i], i);
	end_labels(b, &f, c, maxw);
	if (hollow)
		hollow_key(b, f.left, HEIGHT - BOTTOM + 44, c->words);
	chart_close(b, &sh);
}

/* One small chart per line, on the same scales, each named above it. */
static void
small_multiples(buf *b, const line_chart *c, const chart_opts *o)
{
	size_t rows = (c->n + PANEL_COLS - 1) / PANEL_COLS;
	int height = TOP + (int)rows * PANEL_HEIGHT + PANEL_BOTTOM;
	double pw = (WIDTH - 12.0 - 12.0) / PANEL_COLS;
	double tmin, tmax, vmax;
	bool hollow = false;
	chart_shell sh;

	extent(c, &tmin, &tmax, &vmax);
	chart_open(b, &sh, c->title, height, c->credit, c->ncredit, o);
	describe(b, c, o, true);
	chart_body(b, &sh, c->title);
	for (size_t i = 0; i < c->n; i++) {
		const line_series *l = &c->lines[i];
		size_t row = i / PANEL_COLS, col = i % PANEL_COLS;
		double x0 = 12 + (double)col * pw;
		double y0 = TOP + (double)row * PANEL_HEIGHT;
		chart_frame f = { .left = x0, .right = x0 + pw - 20,
		    .top = y0 + 24, .bottom = y0 + 24 + PANEL_PLOT,
		    .xticks = 6, .radius = RADIUS };

		chart_frame_scale(&f, tmin, tmax, vmax, c->unit, o->lang);
		buf_puts(b, "<g class=\"panel\">\n");
		buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" "
		    "font-weight=\"bold\">", x0, y0 + 12);
		escape_html_text(b, l->label);
		buf_puts(b, "</text>\n");
		chart_axes(b, &f, c->unit, o->lang);
		if (c->total != NULL)
			draw_total(b, &f, c->total);
		hollow |= draw_line(b, &f, l, 0);
		buf_puts(b, "</g>\n");
	}
	if (hollow || c->total != NULL) {
		double x = 12, y = height - PANEL_BOTTOM + 14;

		if (c->total != NULL) {
			buf_printf(b, "<g class=\"legend\" font-size=\"12\">"
			    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
			    "y2=\"%.1f\" stroke=\"" COLOR_TOTAL "\" "
			    "stroke-width=\"" TOTAL_WIDTH "\" "
			    "stroke-opacity=\"0.45\"/><text x=\"%.1f\" "
			    "y=\"%.1f\">", x, y - 4, x + 14, y - 4, x + 20, y);
			escape_html_text(b, c->words->total);
			buf_puts(b, "</text></g>\n");
			x += 40 + chart_text_width(c->words->total);
		}
		if (hollow)
			hollow_key(b, x, y, c->words);
	}
	chart_close(b, &sh);
}

void
chart_lines(buf *b, const line_chart *c, const chart_opts *o)
{
	if (c->n > LINES_MAX)
		small_multiples(b, c, o);
	else
		one_chart(b, c, o);
}
