/*
 * errlist.c: see errlist.h.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "reeks.h"

#include "util/buf.h"
#include "util/errlist.h"

void
errlist_add(errlist *e, const char *file, unsigned long line,
    unsigned long col, const char *fmt, ...)
{
	buf b = { 0 };
	va_list ap;
	char msg[2048], *line_text;

	if (e->n == e->cap) {
		size_t cap = e->cap ? e->cap * 2 : 16;
		char **items = realloc(e->items, cap * sizeof *items);

		if (items == NULL) {
			e->nomem = true;
			return;
		}
		e->items = items;
		e->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (file != NULL && line > 0 && col > 0)
		buf_printf(&b, "%s:%lu:%lu: %s", file, line, col, msg);
	else if (file != NULL && line > 0)
		buf_printf(&b, "%s:%lu: %s", file, line, msg);
	else if (file != NULL)
		buf_printf(&b, "%s: %s", file, msg);
	else
		buf_puts(&b, msg);
	/* One line, whatever the file name or message quotes. */
	line_text = b.failed || b.data == NULL ? NULL :
	    reeks_line_escape(b.data);
	buf_free(&b);
	if (line_text == NULL) {
		e->nomem = true;
		return;
	}
	e->items[e->n++] = line_text;
}

void
errlist_oom(errlist *e, const char *file)
{
	errlist_add(e, file, 0, 0, "out of memory");
	e->oom = true;
}

bool
errlist_oom_seen(const errlist *e)
{
	return e->oom;
}

const char *
errlist_at(const errlist *e, size_t i)
{
	return i < e->n ? e->items[i] : NULL;
}

void
errlist_take(errlist *to, errlist *from)
{
	if (from->n > 0) {
		char **items = realloc(to->items, (to->n + from->n) *
		    sizeof *items);

		if (items == NULL) {
			to->nomem = true;
		} else {
			memcpy(items + to->n, from->items,
			    from->n * sizeof *items);
			to->items = items;
			to->n += from->n;
			to->cap = to->n;
			from->n = 0;
		}
	}
	to->nomem = to->nomem || from->nomem;
	to->oom = to->oom || from->oom;
	errlist_free(from);
}

size_t
errlist_count(const errlist *e)
{
	return e->n + (e->nomem ? 1 : 0);
}

void
errlist_print(const errlist *e, FILE *f)
{
	for (size_t i = 0; i < e->n; i++)
		fprintf(f, "%s\n", e->items[i]);
	if (e->nomem)
		fputs("reeks: out of memory: some errors were lost\n", f);
}

void
print_line(FILE *f, const char *prefix, const char *fmt, va_list ap)
{
	char msg[4096], *text;

	vsnprintf(msg, sizeof msg, fmt, ap);
	text = reeks_line_escape(msg);
	fprintf(f, "%s%s\n", prefix, text != NULL ? text : msg);
	free(text);
}

void
errlist_free(errlist *e)
{
	for (size_t i = 0; i < e->n; i++)
		free(e->items[i]);
	free(e->items);
	*e = (errlist){ 0 };
}
