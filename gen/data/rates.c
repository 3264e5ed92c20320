/*
 * data/rates.c: the rates per 100,000 inhabitants as CSV and JSON (see
 * rates.h). Every row says it is derived and names both inputs: the
 * count's series, period, source and place in it, and the population's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "data/rates.h"
#include "util/escape.h"

static const char *const columns[] = {
	"series_id", "period", "rate_per_100000", "lower", "upper", "level",
	"method", "derived", "count", "population", "population_series_id",
	"population_period", "count_source_id", "count_source_locator",
	"population_source_id", "population_source_locator", "unit",
	"geography",
};
#define NCOLUMNS (sizeof columns / sizeof columns[0])

#define RATE_METHOD "count / population * 100000; exact Poisson " \
	"(Garwood) interval of the count, scaled (R: poisson.test(count, " \
	"population)$conf.int * 100000)"

static void
num17(buf *b, double v)
{
	char t[40];

	/* The fewest digits (15 to 17) that read back as the same double. */
	for (int d = 15; d <= 17; d++) {
		snprintf(t, sizeof t, "%.*g", d, v);
		if (strtod(t, NULL) == v)
			break;
	}
	buf_puts(b, t);
}

/* The population's periods or sources: "2020-01-01;2020-12-31" when two
 * figures were averaged. */
static void
pop_field(buf *b, const reeks_rate *r, int what)
{
	for (int i = 0; i < 2 && r->pop[i] != NULL; i++) {
		if (i > 0)
			buf_putc(b, ';');
		buf_puts(b, what == 0 ? reeks_obs_period(r->pop[i]) :
		    what == 1 ? reeks_source_id(reeks_obs_source(r->pop[i])) :
		    reeks_obs_locator(r->pop[i]));
	}
}

/* Call FN for each rate of SE, or of every series of ST when SE is NULL. */
typedef void (*rate_fn)(buf *b, const reeks_series *se, const reeks_rate *r,
    size_t n);

static size_t
each_rate(buf *b, const reeks_store *st, const reeks_series *only,
    rate_fn fn)
{
	size_t n = 0, ns = only != NULL ? 1 : reeks_store_series_count(st);

	for (size_t i = 0; i < ns; i++) {
		const reeks_series *se = only != NULL ? only :
		    reeks_store_series_at(st, i);

		if (reeks_series_population(se) == NULL)
			continue;
		for (size_t j = 0; j < reeks_series_obs_count(se); j++) {
			reeks_rate r;

			if (reeks_obs_rate(reeks_series_obs_at(se, j), RATE_PER,
			    RATE_LEVEL, &r) == REEKS_RATE_OK)
				fn(b, se, &r, n++);
		}
	}
	return n;
}

static void
csv_field(buf *b, const char *s, bool last)
{
	escape_csv_field(b, s);
	buf_puts(b, last ? "\r\n" : ",");
}

static void
csv_num(buf *b, double v)
{
	num17(b, v);
	buf_putc(b, ',');
}

static void
csv_row(buf *b, const reeks_series *se, const reeks_rate *r, size_t n)
{
	const reeks_obs *c = r->count;
	buf t = { 0 };

	(void)n;
	csv_field(b, reeks_series_id(se), false);
	csv_field(b, reeks_obs_period(c), false);
	csv_num(b, r->rate);
	csv_num(b, r->lower);
	csv_num(b, r->upper);
	csv_num(b, RATE_LEVEL);
	csv_field(b, RATE_METHOD, false);
	csv_field(b, "true", false);
	csv_num(b, reeks_obs_value(c));
	csv_num(b, r->population);
	csv_field(b, reeks_series_id(reeks_series_population(se)), false);
	pop_field(&t, r, 0);
	csv_field(b, t.data, false);
	csv_field(b, reeks_source_id(reeks_obs_source(c)), false);
	csv_field(b, reeks_obs_locator(c), false);
	buf_reset(&t);
	pop_field(&t, r, 1);
	csv_field(b, t.data, false);
	buf_reset(&t);
	pop_field(&t, r, 2);
	csv_field(b, t.data, false);
	csv_field(b, "per-100k", false);
	csv_field(b, reeks_geography_id(reeks_series_geography(se)), true);
	if (t.failed)
		b->failed = true;
	buf_free(&t);
}

int
rates_csv(buf *b, const reeks_store *st, const reeks_series *se)
{
	for (size_t i = 0; i < NCOLUMNS; i++)
		csv_field(b, columns[i], i + 1 == NCOLUMNS);
	each_rate(b, st, se, csv_row);
	return b->failed ? -1 : 0;
}

static void
json_key(buf *b, const char *key, bool first)
{
	buf_puts(b, first ? "" : ", ");
	json_string(b, key);
	buf_puts(b, ": ");
}

static void
json_row(buf *b, const reeks_series *se, const reeks_rate *r, size_t n)
{
	const reeks_obs *c = r->count;

	buf_puts(b, n > 0 ? ",\n    {" : "\n    {");
	json_key(b, "series_id", true);
	json_string(b, reeks_series_id(se));
	json_key(b, "period", false);
	json_string(b, reeks_obs_period(c));
	json_key(b, "rate_per_100000", false);
	num17(b, r->rate);
	json_key(b, "lower", false);
	num17(b, r->lower);
	json_key(b, "upper", false);
	num17(b, r->upper);
	json_key(b, "level", false);
	num17(b, RATE_LEVEL);
	json_key(b, "derived", false);
	buf_puts(b, "true");
	json_key(b, "count", false);
	json_number(b, reeks_obs_value_text(c));
	json_key(b, "population", false);
	num17(b, r->population);
	json_key(b, "inputs", false);
	buf_puts(b, "[{\"role\": \"count\", \"series_id\": ");
	json_string(b, reeks_series_id(se));
	buf_puts(b, ", \"period\": ");
	json_string(b, reeks_obs_period(c));
	buf_puts(b, ", \"value_text\": ");
	json_string(b, reeks_obs_value_text(c));
	buf_puts(b, ", \"source_id\": ");
	json_string(b, reeks_source_id(reeks_obs_source(c)));
	buf_puts(b, ", \"source_locator\": ");
	json_string(b, reeks_obs_locator(c));
	buf_putc(b, '}');
	for (int i = 0; i < 2 && r->pop[i] != NULL; i++) {
		const reeks_obs *p = r->pop[i];

		buf_puts(b, ", {\"role\": \"population\", \"series_id\": ");
		json_string(b, reeks_series_id(reeks_series_population(se)));
		buf_puts(b, ", \"period\": ");
		json_string(b, reeks_obs_period(p));
		buf_puts(b, ", \"value_text\": ");
		json_string(b, reeks_obs_value_text(p));
		buf_puts(b, ", \"source_id\": ");
		json_string(b, reeks_source_id(reeks_obs_source(p)));
		buf_puts(b, ", \"source_locator\": ");
		json_string(b, reeks_obs_locator(p));
		buf_putc(b, '}');
	}
	buf_puts(b, "]}");
}

int
rates_json(buf *b, const reeks_store *st, const reeks_series *se)
{
	buf_puts(b, "{\"format\": \"reeks-rates\", \"derived\": true, "
	    "\"per\": 100000, \"method\": ");
	json_string(b, RATE_METHOD);
	buf_puts(b, ",\n  \"rates\": [");
	if (each_rate(b, st, se, json_row) > 0)
		buf_puts(b, "\n  ");
	buf_puts(b, "]}\n");
	return b->failed ? -1 : 0;
}

static int
put_gz(out_dir *o, const char *path, buf *b, errlist *errs)
{
	if (out_write_gz(o, path, b->data != NULL ? b->data : "", b->len) !=
	    0) {
		errlist_add(errs, NULL, 0, 0, "%s", out_error(o));
		return -1;
	}
	return 0;
}

int
rates_write(out_dir *o, const reeks_store *st, errlist *errs)
{
	buf b = { 0 }, path = { 0 };
	int rc = -1;

	if (rates_csv(&b, st, NULL) != 0 ||
	    put_gz(o, "data/rates.csv", &b, errs) != 0)
		goto out;
	buf_reset(&b);
	if (rates_json(&b, st, NULL) != 0 ||
	    put_gz(o, "data/rates.json", &b, errs) != 0)
		goto out;
	for (size_t i = 0; i < reeks_store_series_count(st); i++) {
		const reeks_series *se = reeks_store_series_at(st, i);

		if (reeks_series_population(se) == NULL)
			continue;
		buf_reset(&b);
		buf_reset(&path);
		buf_printf(&path, "data/rates/%s.csv", reeks_series_id(se));
		if (rates_csv(&b, st, se) != 0 || path.failed ||
		    put_gz(o, path.data, &b, errs) != 0)
			goto out;
		buf_reset(&b);
		buf_reset(&path);
		buf_printf(&path, "data/rates/%s.json", reeks_series_id(se));
		if (rates_json(&b, st, se) != 0 || path.failed ||
		    put_gz(o, path.data, &b, errs) != 0)
			goto out;
	}
	rc = 0;
out:
	if (rc != 0 && (b.failed || path.failed))
		errlist_oom(errs, NULL);
	buf_free(&b);
	buf_free(&path);
	return rc;
}
