/*
 * charttext.c: the charts' text that has to fit (see chart-internal.h):
 * widths estimated from DejaVu Sans's advance widths, wrapping into
 * lines, and the wrapped title and credit of every chart.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "site/chart-internal.h"
#include "util/escape.h"

/* ---- text that has to fit ------------------------------------------------ */

/* DejaVu Sans's advance widths of the printable ASCII characters (space
 * to '~'), in thousandths of an em, regular and bold (fonts-dejavu-core
 * 2.37, the font the charts name; measured once with cairo). */
static const unsigned short ascii_em[2][95] = { {
	318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361,
	318, 337, 636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337,
	838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295,
	295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989,
	685, 611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615,
	352, 635, 634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521,
	392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838
}, {
	348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415,
	380, 365, 696, 696, 696, 696, 696, 696, 696, 696, 696, 696, 400, 400,
	838, 838, 838, 580, 1000, 774, 762, 734, 830, 683, 683, 821, 837, 372,
	372, 775, 637, 995, 837, 850, 733, 850, 770, 720, 682, 812, 774, 1103,
	771, 724, 725, 457, 365, 457, 838, 500, 500, 675, 716, 593, 716, 678,
	435, 716, 712, 343, 343, 665, 343, 1042, 712, 687, 716, 716, 493, 595,
	478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838
} };

/* Anything else (é, ≈, €, –) as the widest ASCII character: too wide,
 * never too narrow. */
static const unsigned short other_em[2] = { 1000, 1103 };

/* The length of the character at P of escaped text (a UTF-8 sequence or
 * an entity), and its width in thousandths of an em in *EM. */
static size_t
char_at(const char *p, bool bold, unsigned *em)
{
	unsigned char c = (unsigned char)*p;
	size_t n = 1;

	if (c == '&') {
		static const struct { const char *name; char c; } ents[] = {
			{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' },
			{ "&quot;", '"' }, { "&#39;", '\'' },
		};
		for (size_t i = 0; i < sizeof ents / sizeof ents[0]; i++) {
			size_t len = strlen(ents[i].name);

			if (strncmp(p, ents[i].name, len) == 0) {
				*em = ascii_em[bold][ents[i].c - ' '];
				return len;
			}
		}
		const char *semi = strchr(p, ';');
		*em = other_em[bold];
		return semi != NULL && semi - p < 12 ? (size_t)(semi - p) + 1 : 1;
	}
	if (c >= ' ' && c < 0x7f) {
		*em = ascii_em[bold][c - ' '];
		return 1;
	}
	while ((p[n] & 0xc0) == 0x80)
		n++;
	*em = c < ' ' ? 0 : other_em[bold];
	return n;
}

/* The width in pixels of one character of EM thousandths of an em at
 * SIZE: rounded up to a whole pixel, as a renderer that hints the
 * font's metrics may round it. */
static double
char_px(unsigned em, double size)
{
	return ceil(em * size / 1000);
}

double
chart_text_px(const char *text, double size, bool bold)
{
	double w = 0;
	unsigned em;

	while (*text != '\0') {
		text += char_at(text, bold, &em);
		w += char_px(em, size);
	}
	return w;
}

/* The lines of TEXT (escaped) no wider than WIDTH at SIZE: breaks at
 * spaces, a word too wide for a line alone broken between characters.
 * Each line is START[i], LEN[i] bytes (at most MAX lines: the last one
 * takes the rest). Returns the number of lines (1 for ""). */
static size_t
wrap(const char *text, double size, bool bold, double width,
    size_t *start, size_t *len, size_t max)
{
	size_t n = 0, pos = 0, total = strlen(text);

	while (n == 0 || pos < total) {
		double w = 0;
		size_t end, fit = pos, i = pos;
		unsigned em;

		if (n + 1 == max) {
			start[n] = pos;
			len[n++] = total - pos;
			break;
		}
		/* The longest run of whole words that fits. */
		while (i < total) {
			size_t c = char_at(text + i, bold, &em);

			if (text[i] == ' ')
				fit = i;
			w += char_px(em, size);
			if (w > width)
				break;
			i += c;
		}
		if (i >= total) {
			end = total;
		} else if (fit > pos) {
			end = fit;
		} else {        /* one word wider than the line */
			end = i > pos ? i : pos + char_at(text + pos, bold, &em);
		}
		start[n] = pos;
		len[n++] = end - pos;
		pos = end;
		while (text[pos] == ' ')
			pos++;
	}
	return n;
}

size_t
chart_text_lines(const char *text, double size, bool bold, double width)
{
	size_t start[CHART_MAX_LINES], len[CHART_MAX_LINES];

	return wrap(text, size, bold, width, start, len, CHART_MAX_LINES);
}

size_t
chart_text_block(buf *b, const char *cls, double x, double y,
    double leading, double size, bool bold, double width, const char *attrs,
    const char *text)
{
	size_t start[CHART_MAX_LINES], len[CHART_MAX_LINES];
	size_t n = wrap(text, size, bold, width, start, len, CHART_MAX_LINES);

	if (cls != NULL)
		buf_printf(b, "<text class=\"%s\" x=\"%g\" y=\"%g\"%s>", cls,
		    x, y, attrs);
	else
		buf_printf(b, "<text x=\"%g\" y=\"%g\"%s>", x, y, attrs);
	if (n == 1) {
		buf_puts(b, text);
	} else {
		for (size_t i = 0; i < n; i++) {
			buf_printf(b, "<tspan x=\"%g\" y=\"%g\">", x,
			    y + leading * (double)i);
			buf_add(b, text + start[i], len[i]);
			buf_puts(b, "</tspan>");
		}
	}
	buf_puts(b, "</text>\n");
	return n;
}

/* Width in pixels of TEXT at the charts' 12px axis font, roughly: UTF-8
 * continuation bytes take no width. */
double
chart_text_width(const char *text)
{
	double w = 0;

	for (; *text != '\0'; text++)
		if (((unsigned char)*text & 0xc0) != 0x80)
			w += 7.2;
	return w;
}

size_t
chart_title_text(buf *b, const char *title)
{
	buf t = { 0 };
	size_t n;

	escape_html_text(&t, title);
	if (t.failed) {
		buf_fail(b);
		buf_free(&t);
		return 1;
	}
	n = chart_text_block(b, NULL, 12, 24, TITLE_LEAD, TITLE_SIZE, true,
	    WIDTH - 24, " font-size=\"15\" font-weight=\"bold\"",
	    t.data != NULL ? t.data : "");
	buf_free(&t);
	return n;
}

int
chart_title_extra(const char *title)
{
	buf t = { 0 };
	size_t n;

	escape_html_text(&t, title);
	n = chart_text_lines(t.data != NULL ? t.data : "", TITLE_SIZE, true,
	    WIDTH - 24);
	buf_free(&t);
	return (int)(n - 1) * TITLE_LEAD;
}

int
chart_credit_extra(const char *credit)
{
	return (int)(chart_text_lines(credit, CREDIT_SIZE, false,
	    WIDTH - 24) - 1) * CREDIT_LEAD;
}

void
chart_credit_text(buf *b, const char *credit, int height)
{
	chart_text_block(b, "credit", 12, height - 10 -
	    chart_credit_extra(credit), CREDIT_LEAD, CREDIT_SIZE, false,
	    WIDTH - 24, " font-size=\"11\"", credit);
}
