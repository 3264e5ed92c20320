/*
 * buf.c: see buf.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

void
buf_free(buf *b)
{
	free(b->data);
	*b = (buf){ 0 };
}

void
buf_reset(buf *b)
{
	b->len = 0;
	b->failed = false;
	if (b->data != NULL)
		b->data[0] = '\0';
}

/* Make room for N more bytes and a NUL. */
static bool
grow(buf *b, size_t n)
{
	size_t cap;
	char *data;

	if (b->failed)
		return false;
	if (b->len + n + 1 <= b->cap)
		return true;
	cap = b->cap ? b->cap : 256;
	while (cap < b->len + n + 1) {
		if (cap > (size_t)-1 / 2) {
			b->failed = true;
			return false;
		}
		cap *= 2;
	}
	if ((data = realloc(b->data, cap)) == NULL) {
		b->failed = true;
		return false;
	}
	b->data = data;
	b->cap = cap;
	return true;
}

void
buf_add(buf *b, const char *s, size_t len)
{
	if (!grow(b, len))
		return;
	memcpy(b->data + b->len, s, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void
buf_puts(buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_putc(buf *b, char c)
{
	if (!b->failed && b->len + 2 <= b->cap) {
		b->data[b->len++] = c;
		b->data[b->len] = '\0';
		return;
	}
	buf_add(b, &c, 1);
}

void
buf_printf(buf *b, const char *fmt, ...)
{
	va_list ap;
	size_t room;
	int n;

	/* Format once into the room there is; again only when it did not
	 * fit. */
	if (!grow(b, 64)) {
		b->failed = true;
		return;
	}
	room = b->cap - b->len;
	va_start(ap, fmt);
	n = vsnprintf(b->data + b->len, room, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n >= room) {
		b->data[b->len] = '\0';
		if (!grow(b, (size_t)n)) {
			b->failed = true;
			return;
		}
		va_start(ap, fmt);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	if (n < 0) {
		b->data[b->len] = '\0';
		b->failed = true;
		return;
	}
	b->len += (size_t)n;
}

void
buf_escape(buf *b, const char *s)
{
	const char *run = s;

	for (; *s != '\0'; s++) {
		const char *rep;

		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_add(b, run, (size_t)(s - run));
		buf_puts(b, rep);
		run = s + 1;
	}
	buf_add(b, run, (size_t)(s - run));
}

int
cmp_strings(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}
