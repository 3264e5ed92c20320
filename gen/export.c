/*
 * export.c: the dataset as CSV.
 */
#include <string.h>

#include "gen.h"

static const char *const csv_header[] = {
	"series_id", "period", "value", "lower", "upper", "bounds",
	"qualifier", "obs_status", "method", "secondary", "unit", "geography",
	"numerator", "denominator", "printed", "source_id", "source_locator",
	"note"
};

/* Write S as one CSV field: quoted when it holds a comma, quote, CR or
 * LF, with quotes doubled. NULL is an empty field. */
static void
csv_field(FILE *out, const char *s, bool first)
{
	if (!first)
		putc(',', out);
	if (s == NULL)
		return;
	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, out);
		return;
	}
	putc('"', out);
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

int
export_csv(const reeks_store *st, FILE *out)
{
	const size_t ncols = sizeof csv_header / sizeof csv_header[0];

	for (size_t i = 0; i < ncols; i++)
		csv_field(out, csv_header[i], i == 0);
	fputs("\r\n", out);
	for (size_t i = 0; i < reeks_store_series_count(st); i++) {
		const reeks_series *se = reeks_store_series_at(st, i);
		const char *unit = reeks_unit_name(reeks_series_unit(se));
		const char *geo =
		    reeks_geography_id(reeks_series_geography(se));

		for (size_t j = 0; j < reeks_series_obs_count(se); j++) {
			const reeks_obs *o = reeks_series_obs_at(se, j);
			char status[2] = { reeks_obs_status(o), '\0' };
			csv_field(out, reeks_series_id(se), true);
			csv_field(out, reeks_obs_period(o), false);
			csv_number(out, reeks_obs_value_text(o));
			csv_number(out, reeks_obs_lower_text(o));
			csv_number(out, reeks_obs_upper_text(o));
			csv_field(out, reeks_obs_bounds(o), false);
			csv_field(out, reeks_qualifier_name(
			    reeks_obs_qualifier(o)), false);
			csv_field(out, status, false);
			csv_field(out, reeks_obs_method(o), false);
			csv_field(out, reeks_obs_secondary(o) ? "true" : "false",
			    false);
			csv_field(out, unit, false);
			csv_field(out, geo, false);
			csv_number(out, reeks_obs_numerator_text(o));
			csv_number(out, reeks_obs_denominator_text(o));
			csv_field(out, reeks_obs_printed(o), false);
			csv_field(out, reeks_source_id(reeks_obs_source(o)),
			    false);
			csv_field(out, reeks_obs_locator(o), false);
			csv_field(out, reeks_obs_note(o, REEKS_EN), false);
			fputs("\r\n", out);
		}
	}
	if (fflush(out) != 0 || ferror(out))
		return -1;
	return 0;
}
