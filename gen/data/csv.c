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
	"note",
	/* For readers, after the columns above (which stay as they were). */
	"series_title", "series_title_nl", "unit_title", "place", "place_nl",
	"source_name", "source_citation", "source_url", "note_nl"
};

const char *
dataset_unit_title(reeks_unit unit)
{
	static const char *const titles[] = {
		[REEKS_UNIT_COUNT] = "count",
		[REEKS_UNIT_PERSONS] = "persons",
		[REEKS_UNIT_PLACES] = "places",
		[REEKS_UNIT_PERCENT] = "percent",
		[REEKS_UNIT_PER_100K] = "per 100,000 inhabitants",
		[REEKS_UNIT_PER_100PY] = "per 100 person-years",
		[REEKS_UNIT_EUR] = "euro",
		[REEKS_UNIT_EUR_MILLION] = "million euro",
	};

	if ((size_t)unit < sizeof titles / sizeof titles[0] &&
	    titles[unit] != NULL)
		return titles[unit];
	return reeks_unit_name(unit);
}

void
dataset_source_name(buf *b, const reeks_source *src)
{
	if (reeks_source_author_count(src) > 0)
		buf_puts(b, reeks_source_author_at(src, 0));
	else if (reeks_source_publisher(src) != NULL)
		buf_puts(b, reeks_source_publisher(src));
	else
		buf_puts(b, reeks_source_id(src));
	if (reeks_source_author_count(src) > 1)
		buf_puts(b, " et al.");
	buf_printf(b, " (%s)", reeks_source_year(src) != NULL ?
	    reeks_source_year(src) : "n.d.");
}

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

/* The columns for readers of observation O of SE, after the others;
 * NAME is scratch space. */
static void
csv_readers_fields(buf *row, const reeks_series *se, const reeks_obs *o,
    buf *name)
{
	const reeks_geography *g = reeks_series_geography(se);
	const reeks_source *src = reeks_obs_source(o);

	csv_field(row, reeks_series_title(se, REEKS_EN), false);
	csv_field(row, reeks_series_title(se, REEKS_NL), false);
	csv_field(row, dataset_unit_title(reeks_series_unit(se)), false);
	csv_field(row, reeks_geography_name(g, REEKS_EN), false);
	csv_field(row, reeks_geography_name(g, REEKS_NL), false);
	buf_reset(name);
	dataset_source_name(name, src);
	if (name->failed)
		buf_fail(row);
	csv_field(row, name->data != NULL ? name->data : "", false);
	csv_field(row, reeks_source_citation(src), false);
	csv_field(row, reeks_source_url(src), false);
	csv_field(row, reeks_obs_note(o, REEKS_NL), false);
}

/* One row per observation of SE, written to OUT through ROW; NAME is
 * scratch space. */
static bool
csv_series_rows(buf *row, FILE *out, const reeks_series *se, buf *name)
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
		csv_readers_fields(row, se, o, name);
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

/* A cut of CUTS (none when NULL) after what is written to OUT. */
static bool
csv_cut(const export_cuts *cuts, FILE *out)
{
	if (cuts == NULL)
		return true;
	return fflush(out) == 0 && cuts->cut(cuts->arg) == 0;
}

/* The head is the header row, each piece a series' rows; no tail. */
int
export_csv_pieces(const reeks_store *st, FILE *out, const export_cuts *cuts)
{
	buf row = { 0 }, name = { 0 };
	bool ok;

	csv_header_row(&row);
	ok = csv_flush(&row, out) && csv_cut(cuts, out);
	for (size_t i = 0; ok && i < reeks_store_series_count(st); i++) {
		int c = export_copy(cuts, i);

		if (c != 0)
			ok = c > 0;
		else
			ok = csv_series_rows(&row, out,
			    reeks_store_series_at(st, i), &name) &&
			    csv_cut(cuts, out);
	}
	buf_free(&row);
	buf_free(&name);
	return ok ? csv_finish(out) : -1;
}

int
export_csv(const reeks_store *st, FILE *out)
{
	return export_csv_pieces(st, out, NULL);
}

int
export_csv_series(const reeks_store *st, const reeks_series *se,
    FILE *out)
{
	buf row = { 0 }, name = { 0 };
	bool ok;

	(void)st;
	csv_header_row(&row);
	ok = csv_flush(&row, out) && csv_series_rows(&row, out, se, &name);
	buf_free(&row);
	buf_free(&name);
	return ok ? csv_finish(out) : -1;
}
