/*
 * buf.h: a growable byte buffer for building output (the escapers that
 * write into it are in util/escape.h).
 */
#ifndef REEKS_BUF_H
#define REEKS_BUF_H

#include <stdbool.h>
#include <stddef.h>

/* Zero-initialize (buf b = { 0 }) before use; free with buf_free(). After a
 * failed allocation FAILED is set, further writes are ignored, and DATA
 * holds what was written before. DATA is always NUL-terminated once
 * anything was written. */
typedef struct buf {
	char *data;
	size_t len;
	size_t cap;
	bool failed;
} buf;

void buf_free(buf *b);
/* How many times a buffer of this process has failed to grow for lack
 * of memory: buf_reset() forgets that a buffer failed, this does not. */
unsigned long buf_failures(void);
/* Mark B as having lost text for lack of memory (an allocation its
 * writer made failed): FAILED is set and buf_failures() counts it. */
void buf_fail(buf *b);
/* Forget the contents, keep the memory. */
void buf_reset(buf *b);
void buf_add(buf *b, const char *s, size_t len);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
/* As printf; %s, %d, %0Nd, %lu, %zu, %.Nf and %% are formatted here
 * (fixed_format()), anything else by vsnprintf. Why not snprintf
 * alone: for the figures of every page, buf_printf() and fixed_format()
 * take 15-24 ns a number against 150-230 ns for snprintf (issue 15, an
 * idle machine). 'make bench-micro' measures them again
 * (tests/bench/numfmt, processor time, %.0f to %.2f): on a busy
 * two-core machine, fixed_format() 36 ns, buf_printf() 79-100 ns,
 * snprintf() 305-443 ns. */
void buf_printf(buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* V with DECIMALS digits after the point, the bytes printf's "%.*f"
 * gives (correctly rounded, a tie to even) but never "-0", into DST of
 * CAP bytes (400 hold any double); returns the length. It is
 * reeks_fmt_fixed() (lib/shared.h), the one number formatter: 15-24 ns a
 * number for the figures of a site, against 150-230 ns for snprintf. */
size_t fixed_format(char *dst, size_t cap, double v, int decimals);

/* qsort()'s comparison for an array of strings (char *), by strcmp. */
int cmp_strings(const void *a, const void *b);

#endif
