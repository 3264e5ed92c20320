/*
 * buf.c: see buf.h.
 */
#include <math.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "shared.h"

static atomic_ulong failures;

unsigned long
buf_failures(void)
{
	return atomic_load(&failures);
}

void
buf_fail(buf *b)
{
	b->failed = true;
	atomic_fetch_add(&failures, 1);
}

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

/* grow() when B has not the room: a call made for one append in
 * hundreds, so that the check inlines and this does not. */
static bool
grow_slow(buf *b, size_t n)
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
		atomic_fetch_add(&failures, 1);
		return false;
	}
	b->data = data;
	b->cap = cap;
	return true;
}

/* Make room for N more bytes and a NUL. */
static inline bool
grow(buf *b, size_t n)
{
	if (!b->failed && b->len + n + 1 <= b->cap)
		return true;
	return grow_slow(b, n);
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

/* The digits of N, at least MIN of them (zeros in front), into the end of
 * a buffer that ends at END; returns where they start. */
static char *
digits_back(char *end, uint64_t n, int min)
{
	char *p = end;

	do {
		*--p = (char)('0' + n % 10);
		n /= 10;
		min--;
	} while (n > 0 || min > 0);
	return p;
}

size_t
fixed_format(char *dst, size_t cap, double v, int decimals)
{
	return reeks_fmt_fixed(dst, cap, v, decimals);
}

/* Whether buf_printf() formats FMT itself: every conversion is one of
 * %s, %d, %0Nd, %lu, %zu, %.Nf and %% (what gen/ uses). */
static bool
simple_format(const char *fmt)
{
	for (const char *p = fmt; (p = strchr(p, '%')) != NULL;) {
		p++;
		if (*p == '%' || *p == 's' || *p == 'd')
			p++;
		else if ((p[0] == 'l' || p[0] == 'z') && p[1] == 'u')
			p += 2;
		else if ((p[0] == '0' || p[0] == '.') && p[1] >= '0' &&
		    p[1] <= '9' && p[2] == (p[0] == '0' ? 'd' : 'f'))
			p += 3;
		else
			return false;
	}
	return true;
}

/* buf_printf() of a simple_format() FMT. */
static void
simple_printf(buf *b, const char *fmt, va_list ap)
{
	char tmp[400], *end = tmp + sizeof tmp, *p;
	const char *pc;

	while ((pc = strchr(fmt, '%')) != NULL) {
		long long d;
		int width = 0;

		buf_add(b, fmt, (size_t)(pc - fmt));
		pc++;
		switch (*pc) {
		case '%':
			buf_putc(b, '%');
			fmt = pc + 1;
			continue;
		case 's':
			p = va_arg(ap, char *);
			buf_puts(b, p != NULL ? p : "(null)");   /* as glibc */
			fmt = pc + 1;
			continue;
		case 'l':
		case 'z':
			/* The same type on LP64, not everywhere. */
			/* NOLINTNEXTLINE(bugprone-branch-clone) */
			p = digits_back(end, *pc == 'l' ?
			    (uint64_t)va_arg(ap, unsigned long) :
			    (uint64_t)va_arg(ap, size_t), 1);
			buf_add(b, p, (size_t)(end - p));
			fmt = pc + 2;
			continue;
		case '.':
			buf_add(b, tmp, fixed_format(tmp, sizeof tmp,
			    va_arg(ap, double), pc[1] - '0'));
			fmt = pc + 3;
			continue;
		case '0':
			width = pc[1] - '0';
			pc += 3;
			break;
		default:
			pc++;
			break;
		}
		/* %d and %0Nd: the sign counts in the width. */
		d = va_arg(ap, int);
		p = digits_back(end, d < 0 ? (uint64_t)-d : (uint64_t)d,
		    width - (d < 0));
		if (d < 0)
			*--p = '-';
		buf_add(b, p, (size_t)(end - p));
		fmt = pc;
	}
	buf_puts(b, fmt);
}

void
buf_printf(buf *b, const char *fmt, ...)
{
	va_list ap;
	size_t room;
	int n;

	if (simple_format(fmt)) {
		va_start(ap, fmt);
		simple_printf(b, fmt, ap);
		va_end(ap);
		return;
	}
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

int
cmp_strings(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}
