/*
 * csv.c: the dataset, or one series, as CSV (export_csv(),
 * export_csv_series()).
 *
 * Nothing here depends on the locale: numbers are written from the text
 * the data gives them, never through printf's %f or %g.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "util/escape.h"

static const char *const csv_header[] = {
	"series_id", "period", "value", "lower", "upper", "bounds",
	"qualifier", "obs_status", "method", "secondary", "unit", "geography",
	"numerator", "denominator", "printed", "source_id", "source_locator",
	"note"
};

/* S as one CSV field (escape_csv_field()), after a comma unless FIRST.
 * Numbers are written by csv_number(), never through here. */
static void
csv_field(buf *row, const char *s, bool first)
{
	if (!first)
		buf_putc(row, ',');
	escape_csv_field(row, s);
}

/* A number as written, without its thousands commas: "33,500" becomes
 * "33500", so that every tool reads it, with no digit changed. */
static void
csv_number(buf *row, const char *text)
{
	buf_putc(row, ',');
	if (text == NULL)
		return;
	for (; *text != '\0'; text++)
		if (*text != ',')
			buf_putc(row, *text);
}

/* Write ROW to OUT and empty it; false when writing failed or ROW lost
 * text for lack of memory (errno says which). */
static bool
csv_flush(buf *row, FILE *out)
{
	if (row->failed) {
		errno = ENOMEM;
		return false;
	}
	if (row->len > 0 && fwrite(row->data, 1, row->len, out) != row->len)
		return false;
	buf_reset(row);
	return true;
}

/* The header row. */
static void
csv_header_row(buf *out)
{
	const size_t ncols = sizeof csv_header / sizeof csv_header[0];

	for (size_t i = 0; i < ncols; i++)
		csv_field(out, csv_header[i], i == 0);
	buf_puts(out, "\r\n");
}

/* One row per observation of SE, written to OUT through ROW. */
static bool
csv_series_rows(buf *row, FILE *out, const reeks_series *se)
{
	const char *unit = reeks_unit_name(reeks_series_unit(se));
	const char *geo = reeks_geography_id(reeks_series_geography(se));

	for (size_t j = 0; j < reeks_series_obs_count(se); j++) {
		const reeks_obs *o = reeks_series_obs_at(se, j);
		char status[2] = { reeks_obs_status(o), '\0' };
		csv_field(row, reeks_series_id(se), true);
		csv_field(row, reeks_obs_period(o), false);
		csv_number(row, reeks_obs_value_text(o));
		csv_number(row, reeks_obs_lower_text(o));
		csv_number(row, reeks_obs_upper_text(o));
		csv_field(row, reeks_obs_bounds(o), false);
		csv_field(row, reeks_qualifier_name(reeks_obs_qualifier(o)),
		    false);
		csv_field(row, status, false);
		csv_field(row, reeks_obs_method(o), false);
		csv_field(row, reeks_obs_secondary(o) ? "true" : "false",
		    false);
		csv_field(row, unit, false);
		csv_field(row, geo, false);
		csv_number(row, reeks_obs_numerator_text(o));
		csv_number(row, reeks_obs_denominator_text(o));
		csv_field(row, reeks_obs_printed(o), false);
		csv_field(row, reeks_source_id(reeks_obs_source(o)), false);
		csv_field(row, reeks_obs_locator(o), false);
		csv_field(row, reeks_obs_note(o, REEKS_EN), false);
		buf_puts(row, "\r\n");
		if (!csv_flush(row, out))
			return false;
	}
	return true;
}

/* Flush OUT; 0, or -1 when anything written to it failed. */
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
	buf row = { 0 };
	bool ok;

	csv_header_row(&row);
	ok = csv_flush(&row, out);
	for (size_t i = 0; ok && i < reeks_store_series_count(st); i++)
		ok = csv_series_rows(&row, out, reeks_store_series_at(st, i));
	buf_free(&row);
	return ok ? csv_finish(out) : -1;
}

int
export_csv_series(const reeks_store *st, const reeks_series *se,
    FILE *out)
{
	buf row = { 0 };
	bool ok;

	(void)st;
	csv_header_row(&row);
	ok = csv_flush(&row, out) && csv_series_rows(&row, out, se);
	buf_free(&row);
	return ok ? csv_finish(out) : -1;
}
