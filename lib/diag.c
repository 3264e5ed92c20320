/*
 * diag.c: the list of diagnostics a load produces.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct reeks_diag {
	char *file;
	unsigned long line;
	unsigned long column;
	reeks_severity severity;
	reeks_diag_kind kind;
	char *message;
	size_t seq;          /* insertion order, for a stable sort */
};

struct reeks_diags {
	reeks_diag *items;
	size_t n;
	size_t cap;
	size_t errors;
	bool lost;           /* a diagnostic was dropped for lack of memory */
};

static reeks_diag nomem_diag = {
	(char *)"(reeks)", 0, 0, REEKS_ERROR, REEKS_DIAG_NOMEM,
	(char *)"out of memory: some diagnostics were lost", 0
};

reeks_diags *
reeks_diags_new(void)
{
	return calloc(1, sizeof(reeks_diags));
}

void
reeks_diags_free(reeks_diags *d)
{
	if (d == NULL)
		return;
	for (size_t i = 0; i < d->n; i++) {
		free(d->items[i].file);
		free(d->items[i].message);
	}
	free(d->items);
	free(d);
}

size_t
reeks_diags_count(const reeks_diags *d)
{
	return d->n + (d->lost ? 1 : 0);
}

size_t
reeks_diags_errors(const reeks_diags *d)
{
	return d->errors + (d->lost ? 1 : 0);
}

const reeks_diag *
reeks_diags_at(const reeks_diags *d, size_t i)
{
	if (i < d->n)
		return &d->items[i];
	if (i == d->n && d->lost)
		return &nomem_diag;
	return NULL;
}

const char *reeks_diag_file(const reeks_diag *g) { return g->file; }
unsigned long reeks_diag_line(const reeks_diag *g) { return g->line; }
unsigned long reeks_diag_column(const reeks_diag *g) { return g->column; }
reeks_severity reeks_diag_severity(const reeks_diag *g) { return g->severity; }
reeks_diag_kind reeks_diag_kind_of(const reeks_diag *g) { return g->kind; }
const char *reeks_diag_message(const reeks_diag *g) { return g->message; }

/*
 * How the text at P shows in a one-line message: sets *SKIP to the bytes
 * of P it stands for and writes its escape into ESC (at least 7 bytes),
 * or returns false when the byte at P shows as it is (see
 * reeks_line_escape() in reeks.h).
 */
static bool
escape_at(const unsigned char *p, size_t *skip, char esc[7])
{
	*skip = 1;
	if (*p == '\n' || *p == '\r' || *p == '\t')
		snprintf(esc, 7, "\\%c", *p == '\n' ? 'n' : *p == '\r' ?
		    'r' : 't');
	else if (*p < 0x20 || *p == 0x7f)
		snprintf(esc, 7, "\\x%02x", *p);
	else if (p[0] == 0xc2 && p[1] == 0x85) {
		*skip = 2;
		snprintf(esc, 7, "\\u0085");
	} else if (p[0] == 0xe2 && p[1] == 0x80 &&
	    (p[2] == 0xa8 || p[2] == 0xa9)) {
		*skip = 3;
		snprintf(esc, 7, "\\u202%c", p[2] == 0xa8 ? '8' : '9');
	} else
		return false;
	return true;
}

/* Every diagnostic's message and file name go through here, so that a
 * newline or other control character in what they quote (an id, a value,
 * a file name) never breaks the "file:line: message" form. */
char *
reeks_line_escape(const char *s)
{
	const unsigned char *p;
	size_t len = 0, skip;
	char esc[7], *out, *q;

	for (p = (const unsigned char *)s; *p != '\0'; p += skip)
		len += escape_at(p, &skip, esc) ? strlen(esc) : 1;
	if ((out = malloc(len + 1)) == NULL)
		return NULL;
	for (p = (const unsigned char *)s, q = out; *p != '\0'; p += skip) {
		if (escape_at(p, &skip, esc)) {
			memcpy(q, esc, strlen(esc));
			q += strlen(esc);
		} else
			*q++ = (char)*p;
	}
	*q = '\0';
	return out;
}

bool
reeks_diag_vadd(reeks_diags *d, reeks_severity sev, reeks_diag_kind kind,
    const char *file, unsigned long line, unsigned long column,
    const char *fmt, va_list ap)
{
	char *raw = NULL, *msg = NULL, *fcopy = NULL;
	va_list ap2;
	int len;

	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		reeks_diag *items = realloc(d->items, cap * sizeof *items);

		if (items == NULL)
			goto nomem;
		d->items = items;
		d->cap = cap;
	}
	va_copy(ap2, ap);
	len = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (len < 0 || (raw = malloc((size_t)len + 1)) == NULL)
		goto nomem;
	vsnprintf(raw, (size_t)len + 1, fmt, ap);
	if ((msg = reeks_line_escape(raw)) == NULL ||
	    (fcopy = reeks_line_escape(file != NULL ? file : "(reeks)")) == NULL)
		goto nomem;
	free(raw);
	d->items[d->n] = (reeks_diag){ fcopy, line, line > 0 ? column : 0,
	    sev, kind, msg, d->n };
	d->n++;
	if (sev == REEKS_ERROR)
		d->errors++;
	return true;
nomem:
	free(raw);
	free(msg);
	free(fcopy);
	d->lost = true;
	return false;
}

bool
reeks_diag_add(reeks_diags *d, reeks_severity sev, reeks_diag_kind kind,
    const char *file, unsigned long line, const char *fmt, ...)
{
	va_list ap;
	bool ok;

	va_start(ap, fmt);
	ok = reeks_diag_vadd(d, sev, kind, file, line, 0, fmt, ap);
	va_end(ap);
	return ok;
}

void
reeks_diag_copy(reeks_diags *to, const reeks_diags *from, size_t a, size_t b)
{
	for (size_t i = a; i < b && i < from->n; i++) {
		const reeks_diag *g = &from->items[i];

		if (reeks_diag_add(to, g->severity, g->kind, g->file, g->line,
		    "%s", g->message))
			to->items[to->n - 1].column = g->column;
	}
	if (from->lost)
		to->lost = true;
}

size_t
reeks_diag_mark(const reeks_diags *d)
{
	return d->n;
}

void
reeks_diag_drop_since(reeks_diags *d, size_t mark, unsigned keep)
{
	size_t j = mark;

	for (size_t i = mark; i < d->n; i++) {
		reeks_diag *g = &d->items[i];

		if (keep & (1u << g->kind)) {
			d->items[j++] = *g;
			continue;
		}
		if (g->severity == REEKS_ERROR)
			d->errors--;
		free(g->file);
		free(g->message);
	}
	d->n = j;
}

static int
diag_cmp(const void *pa, const void *pb)
{
	const reeks_diag *a = pa, *b = pb;
	int c = strcmp(a->file, b->file);

	if (c != 0)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void
reeks_diags_sort(reeks_diags *d)
{
	if (d->n > 1)
		qsort(d->items, d->n, sizeof *d->items, diag_cmp);
}
