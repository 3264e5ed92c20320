/*
 * csv.c: the dataset, or one series, as CSV (export_csv(),
 * export_csv_series()).
 *
 * Nothing here depends on the locale: numbers are written from the text
 * the data gives them, never through printf's %f or %g.
 */
#include <stdlib.h>
#include <string.h>

#include "gen.h"

static const char *const csv_header[] = {
	"series_id", "period", "value", "lower", "upper", "bounds",
	"qualifier", "obs_status", "method", "secondary", "unit", "geography",
	"numerator", "denominator", "printed", "source_id", "source_locator",
	"note"
};

/* Write S as one CSV field: quoted when it holds a comma, quote, CR or
 * LF, with quotes doubled. NULL is an empty field. Text that starts with
 * '=', '+', '-', '@', a tab or a CR gets an apostrophe before it, so that
 * a spreadsheet shows it rather than running it as a formula (OWASP,
 * "CSV Injection"): the source's "+/- 140" would otherwise be an error
 * cell, and a hostile "=HYPERLINK(...)" a live link. Numbers are written
 * by csv_number(), never through here. */
static void
csv_field(FILE *out, const char *s, bool first)
{
	bool formula;

	if (!first)
		putc(',', out);
	if (s == NULL)
		return;
	formula = *s != '\0' && strchr("=+-@\t\r", *s) != NULL;
	if (strpbrk(s, ",\"\r\n") == NULL) {
		if (formula)
			putc('\'', out);
		fputs(s, out);
		return;
	}
	putc('"', out);
	if (formula)
		putc('\'', out);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			putc('"', out);
		putc(*s, out);
	}
	putc('"', out);
}

/* A number as written, without its thousands commas: "33,500" becomes
 * "33500", so that every tool reads it, with no digit changed. */
static void
csv_number(FILE *out, const char *text)
{
	putc(',', out);
	if (text == NULL)
		return;
	for (; *text != '\0'; text++)
		if (*text != ',')
			putc(*text, out);
}

/* The header row. */
static void
csv_header_row(FILE *out)
{
	const size_t ncols = sizeof csv_header / sizeof csv_header[0];

	for (size_t i = 0; i < ncols; i++)
		csv_field(out, csv_header[i], i == 0);
	fputs("\r\n", out);
}

/* One row per observation of SE. */
static void
csv_series_rows(FILE *out, const reeks_series *se)
{
	const char *unit = reeks_unit_name(reeks_series_unit(se));
	const char *geo = reeks_geography_id(reeks_series_geography(se));

	for (size_t j = 0; j < reeks_series_obs_count(se); j++) {
		const reeks_obs *o = reeks_series_obs_at(se, j);
		char status[2] = { reeks_obs_status(o), '\0' };
		csv_field(out, reeks_series_id(se), true);
		csv_field(out, reeks_obs_period(o), false);
		csv_number(out, reeks_obs_value_text(o));
		csv_number(out, reeks_obs_lower_text(o));
		csv_number(out, reeks_obs_upper_text(o));
		csv_field(out, reeks_obs_bounds(o), false);
		csv_field(out, reeks_qualifier_name(reeks_obs_qualifier(o)),
		    false);
		csv_field(out, status, false);
		csv_field(out, reeks_obs_method(o), false);
		csv_field(out, reeks_obs_secondary(o) ? "true" : "false",
		    false);
		csv_field(out, unit, false);
		csv_field(out, geo, false);
		csv_number(out, reeks_obs_numerator_text(o));
		csv_number(out, reeks_obs_denominator_text(o));
		csv_field(out, reeks_obs_printed(o), false);
		csv_field(out, reeks_source_id(reeks_obs_source(o)), false);
		csv_field(out, reeks_obs_locator(o), false);
		csv_field(out, reeks_obs_note(o, REEKS_EN), false);
		fputs("\r\n", out);
	}
}

static int
csv_finish(FILE *out)
{
	if (fflush(out) != 0 || ferror(out))
		return -1;
	return 0;
}

int
export_csv(const reeks_store *st, FILE *out)
{
	csv_header_row(out);
	for (size_t i = 0; i < reeks_store_series_count(st); i++)
		csv_series_rows(out, reeks_store_series_at(st, i));
	return csv_finish(out);
}

int
export_csv_series(const reeks_store *st, const reeks_series *se,
    FILE *out)
{
	(void)st;
	csv_header_row(out);
	csv_series_rows(out, se);
	return csv_finish(out);
}
