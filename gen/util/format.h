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

/*
 * Numbers as people write them: one rule for a change and a span.
 *
 * A change between two printed figures has the precision of the more
 * precise of them, so a change in a count is a whole number ("+379",
 * not "+379.0") while one between rates or percentages keeps their
 * decimals ("+1.25" between 4.5 and 5.75); a span of years is whole when
 * it is a whole number of years ("8 years", not "8.0 years").
 */

/* The decimals of a number as the data writes it: "4.50" gives 2,
 * "33,500" and NULL 0. */
int fmt_text_decimals(const char *text);
/* The decimals of a change from the figure printed FROM to the one
 * printed TO: the more of fmt_text_decimals(FROM) and (TO). */
int fmt_change_decimals(const char *from, const char *to);
/* The decimals of a span of YEARS: 0 when it rounds to a whole number
 * at one decimal (8.0 and 7.98: "8"), else 1 ("1.5"). */
int fmt_span_decimals(double years);
/* Whether a span of YEARS prints as "1": one year, not "1 years". */
bool fmt_span_is_one(double years);
/* V at DECIMALS decimals with its sign, in LANG: "+379", "−7.5"
 * (the minus sign, U+2212), "+1,234" ("+1.234" in Dutch); a V that
 * rounds to zero has no sign: "0", "0.0"; "?" for NaN or infinity. As
 * fmt_double() otherwise. */
void fmt_signed(buf *b, double v, int decimals, reeks_lang lang);
/* The change TO - FROM between two figures as the data prints them
 * (their texts FROM_TEXT and TO_TEXT), signed, with
 * fmt_change_decimals(): "+379", "−7", "+1.25". */
void fmt_change(buf *b, double change, const char *from_text,
    const char *to_text, reeks_lang lang);

/*
 * Dates in running text, one formatter for both languages: "28 November
 * 2026" and "28 november 2026" (Dutch months take no capital), a month
 * "February 2026" / "februari 2026", a year alone "2026". Machines get
 * the ISO date (a <time datetime>); readers get these.
 */

/* Month M (1 to 12) in LANG: "February", "februari"; NULL otherwise. */
const char *fmt_month(int m, reeks_lang lang);
/* D in LANG; MONTH and DAY 0 when D does not give them. */
void fmt_date(buf *b, reeks_date d, reeks_lang lang);
/* An ISO date ("2026-11-28", "2026-11", "2026") as fmt_date(); false,
 * writing nothing, when ISO is not one. */
bool fmt_date_iso(buf *b, const char *iso, reeks_lang lang);
/* A period in running text, in LANG: each date as fmt_date_iso()
 * ("1 januari 1959", "januari 2011", "2009"), an interval joined by an
 * en dash ("2005–2008"); a part that is not a date is copied as it is. */
void fmt_period(buf *b, const char *period, reeks_lang lang);
/* What a reference says for a source without a date: "n.d." in English,
 * "z.d." (zonder datum) in Dutch. */
const char *fmt_no_date(reeks_lang lang);

#endif
