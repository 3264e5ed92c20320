/*
 * format.h: numbers as a reader of each language expects them.
 *
 * English: 33,500 and 4.5; Dutch: 33.500 and 4,5. The reeks command never
 * calls setlocale(), so printf's "%f" always writes a '.'; these
 * functions put the language's separators in.
 */
#ifndef REEKS_FORMAT_H
#define REEKS_FORMAT_H

#include "util/buf.h"
#include "reeks.h"

/* A number as the data writes it (English notation, "33,500", "4.5") in
 * LANG, digit for digit: Dutch swaps ',' and '.'. */
void fmt_text(buf *b, const char *text, reeks_lang lang);
/* V rounded to DECIMALS decimals (0 to 15), with thousands grouping, in
 * LANG; never "-0". From 1e15 up, a power of ten with three significant
 * digits ("1.5×10¹⁸"); "?" for NaN or infinity. */
void fmt_double(buf *b, double v, int decimals, reeks_lang lang);
/* The number of decimals needed to show V with SIG significant digits,
 * but at most MAX: 0.0234 with 2 gives 3 (0.023). */
int fmt_decimals(double v, int sig, int max);

#endif
