/*
 * jsonw.c: JSON text: json_string(), json_number() and the json_writer
 * (jw_*), used by the JSON export and the site's JSON-LD.
 *
 * Nothing here depends on the locale: numbers are written from the text
 * they are given, never through printf's %f or %g.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

void
json_string(buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;

	if (s == NULL) {
		buf_puts(b, "null");
		return;
	}
	buf_putc(b, '"');
	while (*p != '\0') {
		const unsigned char *run = p;
		size_t n;

		/* Printable ASCII that needs no escape, in one piece. */
		while (*p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\')
			p++;
		if (p > run) {
			buf_add(b, (const char *)run, (size_t)(p - run));
			continue;
		}
		n = reeks_utf8_len((const char *)p,
		    strnlen((const char *)p, 4));
		if (n == 0) {
			buf_puts(b, "\\ufffd");
			p++;
			continue;
		}
		if (n > 1) {
			buf_add(b, (const char *)p, n);
			p += n;
			continue;
		}
		switch (*p) {
		case '"': buf_puts(b, "\\\""); break;
		case '\\': buf_puts(b, "\\\\"); break;
		case '\n': buf_puts(b, "\\n"); break;
		case '\r': buf_puts(b, "\\r"); break;
		case '\t': buf_puts(b, "\\t"); break;
		default:
			if (*p < 0x20 || *p == 0x7f) {
				char esc[7] = { '\\', 'u', '0', '0',
				    hex[*p >> 4], hex[*p & 0xf], '\0' };
				buf_puts(b, esc);
			} else
				buf_putc(b, (char)*p);
		}
		p++;
	}
	buf_putc(b, '"');
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

bool
json_number(buf *b, const char *text)
{
	const char *p = text, *int_start;
	size_t int_digits = 0;

	if (text == NULL) {
		buf_puts(b, "null");
		return true;
	}
	/* Check the whole text first, so nothing is appended on failure. */
	if (*p == '-')
		p++;
	int_start = p;
	for (; is_digit(*p) || *p == ','; p++) {
		if (*p == ',' && (p == int_start || !is_digit(p[-1]) ||
		    !is_digit(p[1])))
			return false;
		if (*p != ',')
			int_digits++;
	}
	if (int_digits == 0)
		return false;
	if (*p == '.') {
		if (!is_digit(*++p))
			return false;
		while (is_digit(*p))
			p++;
	}
	if (*p != '\0')
		return false;
	/* Write it: no commas, no leading zeros before another digit. */
	p = text;
	if (*p == '-')
		buf_putc(b, *p++);
	bool leading = true;
	for (; is_digit(*p) || *p == ','; p++) {
		if (*p == ',')
			continue;
		if (leading && *p == '0' && int_digits > 1) {
			int_digits--;
			continue;
		}
		leading = false;
		buf_putc(b, *p);
	}
	buf_puts(b, p);     /* the fraction, if any */
	return true;
}

void
jw_line(json_writer *w)
{
	w->line_next = true;
}

/* Inside a one-line object or array? */
static bool
jw_in_line(const json_writer *w)
{
	return w->line_from > 0 && w->depth >= w->line_from;
}

static void
jw_newline(json_writer *w)
{
	if (jw_in_line(w)) {
		buf_putc(w->b, ' ');
		return;
	}
	buf_putc(w->b, '\n');
	for (int i = 0; i < w->depth; i++)
		buf_puts(w->b, "  ");
}

/* Before a value: the separator and the indent, unless a key went first. */
static void
jw_before(json_writer *w)
{
	if (w->in_value) {
		w->in_value = false;
		return;
	}
	if (w->depth == 0)
		return;
	if (!w->first[w->depth]) {
		buf_putc(w->b, ',');
		jw_newline(w);
	} else if (!jw_in_line(w))
		jw_newline(w);
	w->first[w->depth] = false;
}

static void
jw_open(json_writer *w, char open, char close)
{
	jw_before(w);
	if (w->depth >= JW_DEPTH) {
		w->b->failed = true;
		return;
	}
	buf_putc(w->b, open);
	w->depth++;
	w->first[w->depth] = true;
	w->close[w->depth] = close;
	if (w->line_next && w->line_from == 0)
		w->line_from = w->depth;
	w->line_next = false;
}

void jw_object(json_writer *w) { jw_open(w, '{', '}'); }
void jw_array(json_writer *w) { jw_open(w, '[', ']'); }

void
jw_end(json_writer *w)
{
	if (w->depth <= 0) {
		w->b->failed = true;
		return;
	}
	bool newline = !w->first[w->depth] && !jw_in_line(w);
	char close = w->close[w->depth];

	w->depth--;
	if (w->line_from > w->depth)     /* the one-line object ends */
		w->line_from = 0;
	if (newline)
		jw_newline(w);
	buf_putc(w->b, close);
	if (w->depth == 0)
		buf_putc(w->b, '\n');
}

void
jw_key(json_writer *w, const char *key)
{
	jw_before(w);
	json_string(w->b, key);
	buf_puts(w->b, ": ");
	w->in_value = true;
}

void
jw_string(json_writer *w, const char *s)
{
	jw_before(w);
	json_string(w->b, s);
}

void
jw_number(json_writer *w, const char *text)
{
	jw_before(w);
	if (!json_number(w->b, text))
		w->b->failed = true;
}

void
jw_size(json_writer *w, size_t n)
{
	jw_before(w);
	buf_printf(w->b, "%zu", n);
}

void
jw_double(json_writer *w, double v)
{
	jw_before(w);
	if (isfinite(v))
		buf_printf(w->b, "%.15g", v);
	else
		buf_puts(w->b, "null");
}

void
jw_bool(json_writer *w, bool v)
{
	jw_before(w);
	buf_puts(w->b, v ? "true" : "false");
}

void
jw_null(json_writer *w)
{
	jw_before(w);
	buf_puts(w->b, "null");
}
