/*
 * datapackage.c: see datapackage.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "data/datapackage.h"
#include "gen.h"

/* The largest time dp_rfc3339() writes: 9999-12-31T23:59:59Z. */
#define MAX_TIME 253402300799LL

static const dp_field fields[] = {
	{ "series_id", "string", "Series",
	  "The series the observation belongs to (its id).", true },
	{ "period", "string", "Period",
	  "ISO 8601: a year (2008), a month (2011-01), a date, or an "
	  "interval START/END (2005/2007).", true },
	{ "value", "number", "Value",
	  "The figure as the source printed it, without thousands "
	  "separators. Empty for a range or a missing figure.", false },
	{ "lower", "number", "Lower bound",
	  "The lower bound of a range or interval (see bounds).", false },
	{ "upper", "number", "Upper bound",
	  "The upper bound of a range or interval (see bounds).", false },
	{ "bounds", "string", "Bounds",
	  "What lower and upper are: range (as printed), ci90, ci95, ci99 "
	  "(confidence intervals) or uncertainty.", false },
	{ "qualifier", "string", "Qualifier",
	  "exact, approx (around), at-least (more than), at-most (up to) "
	  "or range.", true },
	{ "obs_status", "string", "Observation status",
	  "SDMX OBS_STATUS: A normal, E estimated, P provisional, B break, "
	  "M missing.", true },
	{ "method", "string", "Estimation method",
	  "EMCDDA code of an estimate's method: CR capture-recapture, TM "
	  "treatment multiplier, PM police multiplier, MM mortality "
	  "multiplier, MI multivariate indicator, TP truncated Poisson, CM "
	  "combined methods, OT other.", false },
	{ "secondary", "boolean", "Secondary",
	  "true for a weak figure (a news article, a repost, a figure two "
	  "sources disagree on), kept with a note saying why.", true },
	{ "unit", "string", "Unit",
	  "count, persons, places, percent, per-100k, per-100py, eur or "
	  "eur-million.", true },
	{ "geography", "string", "Geography",
	  "Where the figure applies (a geography id: nl, amsterdam, ...).",
	  true },
	{ "numerator", "number", "Numerator",
	  "For a share: the count of which it is a share, when printed.",
	  false },
	{ "denominator", "number", "Denominator",
	  "For a share: the total, or a sample size, when printed.", false },
	{ "printed", "string", "Printed",
	  "The source's own words when they were not a plain number (two "
	  "thirds). In the CSV, text starting with =, +, - or @ has an "
	  "apostrophe before it so that spreadsheets do not run it as a "
	  "formula; the XML and JSON hold the text unchanged.", false },
	{ "source_id", "string", "Source",
	  "The source of the figure (its id; see the sources).", true },
	{ "source_locator", "string", "Place in the source",
	  "Where in the source: section, table, page, footnote. In the CSV, "
	  "text starting with =, +, - or @ has an apostrophe before it.",
	  true },
	{ "note", "string", "Note",
	  "What a reader must know about this figure (English). In the CSV, "
	  "text starting with =, +, - or @ has an apostrophe before it.",
	  false },
	/* For readers: added after the columns above, which keep their
	 * order, so that a program reading them by position still works. */
	{ "series_title", "string", "Series title",
	  "The series' title (English).", true },
	{ "series_title_nl", "string", "Series title (Dutch)",
	  "The series' title in Dutch.", false },
	{ "unit_title", "string", "Unit (in words)",
	  "The unit in words: count, persons, per 100,000 inhabitants, "
	  "million euro, ...", true },
	{ "place", "string", "Place",
	  "The name of the geography (English): the Netherlands, "
	  "Amsterdam, ...", true },
	{ "place_nl", "string", "Place (Dutch)",
	  "The name of the geography in Dutch.", false },
	{ "source_name", "string", "Source name",
	  "The source in short: its first author and year, \"Trimbos "
	  "Institute (2011)\"; \"n.d.\" when it has no year.", true },
	{ "source_citation", "string", "Source reference",
	  "The full reference of the source, as the sources list gives it.",
	  false },
	{ "source_url", "string", "Source URL",
	  "Where the source can be read, when it is online.", false },
	{ "note_nl", "string", "Note (Dutch)",
	  "The note in Dutch. In the CSV, text starting with =, +, - or @ "
	  "has an apostrophe before it.", false },
};

size_t
dp_field_count(void)
{
	return sizeof fields / sizeof fields[0];
}

const dp_field *
dp_field_at(size_t i)
{
	return i < dp_field_count() ? &fields[i] : NULL;
}

bool
dp_rfc3339(char *dst, size_t len, long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (len > 0)
		dst[0] = '\0';
	if (t < 0 || t > MAX_TIME || gmtime_r(&tt, &tm) == NULL)
		return false;
	return strftime(dst, len, "%Y-%m-%dT%H:%M:%SZ", &tm) == 20;
}

/* A name as the profile allows: [a-z0-9._/-]+. */
static bool
name_ok(const char *s)
{
	if (s == NULL || *s == '\0')
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789._/-") ==
	    strlen(s);
}

/* A file beside datapackage.json: [a-z0-9._-]+, not starting with '.'. */
static bool
file_name_ok(const char *s)
{
	if (s == NULL || *s == '\0' || *s == '.')
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789._-") ==
	    strlen(s);
}

static bool
sha256_ok(const char *s)
{
	return s != NULL && strlen(s) == 64 &&
	    strspn(s, "0123456789abcdef") == 64;
}

/* The enum constraint of a column whose values the library names. */
static void
enum_names(json_writer *w, const char *(*name)(int))
{
	jw_key(w, "enum");
	jw_array(w);
	for (int i = 0; i < 64 && name(i)[0] != '\0'; i++)
		jw_string(w, name(i));
	jw_end(w);
}

static const char *unit_at(int i) { return reeks_unit_name((reeks_unit)i); }
static const char *
qualifier_at(int i)
{
	return reeks_qualifier_name((reeks_qualifier)i);
}

/* The enum constraint of a column with a fixed list of codes. */
static void
enum_list(json_writer *w, const char *const *list)
{
	jw_key(w, "enum");
	jw_array(w);
	for (; *list != NULL; list++)
		jw_string(w, *list);
	jw_end(w);
}

static void
table_schema(json_writer *w)
{
	static const char *const bounds[] = { "range", "ci90", "ci95",
	    "ci99", "uncertainty", NULL };
	static const char *const status[] = { "A", "E", "P", "B", "M",
	    NULL };
	static const char *const methods[] = { "CR", "TM", "PM", "MM", "MI",
	    "TP", "CM", "OT", NULL };

	jw_object(w);
	jw_key(w, "fields");
	jw_array(w);
	for (size_t i = 0; i < dp_field_count(); i++) {
		const dp_field *f = &fields[i];

		jw_object(w);
		jw_key(w, "name");
		jw_string(w, f->name);
		jw_key(w, "type");
		jw_string(w, f->type);
		jw_key(w, "title");
		jw_string(w, f->title);
		jw_key(w, "description");
		jw_string(w, f->description);
		if (strcmp(f->type, "boolean") == 0) {
			jw_key(w, "trueValues");
			jw_array(w);
			jw_string(w, "true");
			jw_end(w);
			jw_key(w, "falseValues");
			jw_array(w);
			jw_string(w, "false");
			jw_end(w);
		}
		jw_key(w, "constraints");
		jw_object(w);
		jw_key(w, "required");
		jw_bool(w, f->required);
		if (strcmp(f->name, "series_id") == 0 ||
		    strcmp(f->name, "geography") == 0 ||
		    strcmp(f->name, "source_id") == 0) {
			jw_key(w, "pattern");
			jw_string(w, "[a-z0-9-]+");
		} else if (strcmp(f->name, "period") == 0) {
			jw_key(w, "pattern");
			jw_string(w, "[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?"
			    "(/[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?)?");
		} else if (strcmp(f->name, "bounds") == 0)
			enum_list(w, bounds);
		else if (strcmp(f->name, "obs_status") == 0)
			enum_list(w, status);
		else if (strcmp(f->name, "method") == 0)
			enum_list(w, methods);
		else if (strcmp(f->name, "unit") == 0)
			enum_names(w, unit_at);
		else if (strcmp(f->name, "qualifier") == 0)
			enum_names(w, qualifier_at);
		jw_end(w);
		jw_end(w);
	}
	jw_end(w);
	jw_key(w, "missingValues");
	jw_array(w);
	jw_string(w, "");
	jw_end(w);
	jw_key(w, "primaryKey");
	jw_array(w);
	jw_string(w, "series_id");
	jw_string(w, "period");
	jw_end(w);
	jw_end(w);
}

/* Do two of the NRES resources share a name? (By sorting: a site has a
 * resource per series.) True with a message in ERR, also when memory ran
 * out. */
static bool
duplicate_name(const dp_resource *res, size_t nres, errlist *errs)
{
	const char **names;
	bool dup = false;

	if (nres < 2)
		return false;
	if ((names = malloc(nres * sizeof *names)) == NULL) {
		errlist_oom(errs, NULL);
		return true;
	}
	for (size_t i = 0; i < nres; i++)
		names[i] = res[i].name;
	qsort(names, nres, sizeof *names, cmp_strings);
	for (size_t i = 1; i < nres && !dup; i++)
		if (strcmp(names[i], names[i - 1]) == 0) {
			errlist_add(errs, NULL, 0, 0, "datapackage.json: two "
			    "resources named '%s'", names[i]);
			dup = true;
		}
	free(names);
	return dup;
}

static void
resource(json_writer *w, const dp_resource *r)
{
	char hash[80];

	snprintf(hash, sizeof hash, "sha256:%s", r->sha256);
	jw_object(w);
	jw_key(w, "name");
	jw_string(w, r->name);
	jw_key(w, "path");
	jw_string(w, r->path);
	jw_key(w, "profile");
	jw_string(w, "tabular-data-resource");
	jw_key(w, "title");
	jw_string(w, r->title);
	if (r->description != NULL) {
		jw_key(w, "description");
		jw_string(w, r->description);
	}
	jw_key(w, "format");
	jw_string(w, "csv");
	jw_key(w, "mediatype");
	jw_string(w, "text/csv");
	jw_key(w, "encoding");
	jw_string(w, "utf-8");
	jw_key(w, "bytes");
	jw_size(w, r->bytes);
	jw_key(w, "hash");
	jw_string(w, hash);
	jw_key(w, "dialect");
	jw_object(w);
	jw_key(w, "delimiter");
	jw_string(w, ",");
	jw_key(w, "doubleQuote");
	jw_bool(w, true);
	jw_key(w, "lineTerminator");
	jw_string(w, "\r\n");
	jw_key(w, "quoteChar");
	jw_string(w, "\"");
	jw_key(w, "header");
	jw_bool(w, true);
	jw_end(w);
	jw_key(w, "schema");
	if (r->schema_path != NULL)
		jw_string(w, r->schema_path);
	else
		table_schema(w);
	jw_end(w);
}

int
datapackage_table_schema(buf *b)
{
	json_writer w = { .b = b };

	table_schema(&w);
	if (b->failed)
		return -1;
	buf_putc(b, '\n');
	return 0;
}

/* A source for the package's "sources": its full reference as the title
 * (what a reader must cite), and its URL when it has one. */
static void
source(json_writer *w, const reeks_source *s)
{
	jw_object(w);
	jw_key(w, "title");
	jw_string(w, reeks_source_citation(s));
	if (reeks_source_url(s) != NULL) {
		jw_key(w, "path");
		jw_string(w, reeks_source_url(s));
	}
	jw_end(w);
}

int
datapackage_write(buf *b, const reeks_store *st,
    const datapackage_opts *opts, const dp_resource *res, size_t nres,
    errlist *errs)
{
	json_writer w = { .b = b };
	char created[32];

	if (opts->version == NULL || *opts->version == '\0') {
		errlist_add(errs, NULL, 0, 0,
		    "datapackage.json needs a version");
		return -1;
	}
	if (!dp_rfc3339(created, sizeof created, opts->date)) {
		errlist_add(errs, NULL, 0, 0,
		    "datapackage.json: date %lld is out of "
		    "range", opts->date);
		return -1;
	}
	for (size_t i = 0; i < nres; i++) {
		if (!name_ok(res[i].name) || res[i].path == NULL ||
		    res[i].title == NULL || !sha256_ok(res[i].sha256)) {
			errlist_add(errs, NULL, 0, 0,
			    "datapackage.json: resource %zu "
			    "('%s') needs a name of [a-z0-9._/-], a path, a "
			    "title and a SHA-256", i,
			    res[i].name != NULL ? res[i].name : "");
			return -1;
		}
		if (res[i].schema_path != NULL &&
		    !file_name_ok(res[i].schema_path)) {
			errlist_add(errs, NULL, 0, 0,
			    "datapackage.json: resource %zu "
			    "('%s') has a schema path that is not a file name "
			    "of [a-z0-9._-]", i, res[i].name);
			return -1;
		}
	}
	if (duplicate_name(res, nres, errs))
		return -1;

	jw_object(&w);
	jw_key(&w, "profile");
	jw_string(&w, "tabular-data-package");
	jw_key(&w, "name");
	jw_string(&w, DATASET_NAME);
	jw_key(&w, "title");
	jw_string(&w, DATASET_TITLE_EN);
	jw_key(&w, "description");
	jw_string(&w, DATASET_DESCRIPTION_EN " Each figure is credited to "
	    "its source on every row (source_id, source_locator); the full "
	    "references are under sources.");
	if (opts->homepage != NULL) {
		jw_key(&w, "homepage");
		jw_string(&w, opts->homepage);
	}
	jw_key(&w, "version");
	jw_string(&w, opts->version);
	jw_key(&w, "created");
	jw_string(&w, created);
	jw_key(&w, "keywords");
	jw_array(&w);
	for (size_t i = 0; i < reeks_store_topic_count(st); i++)
		jw_string(&w, reeks_topic_title(reeks_store_topic_at(st, i),
		    REEKS_EN));
	jw_end(&w);
	jw_key(&w, "licenses");
	jw_array(&w);
	jw_object(&w);
	jw_key(&w, "name");
	jw_string(&w, DATASET_LICENSE_ID);
	jw_key(&w, "path");
	jw_string(&w, DATASET_LICENSE_URL);
	jw_key(&w, "title");
	jw_string(&w, DATASET_LICENSE_TITLE ", with attribution to the "
	    "original source of each figure (see sources)");
	jw_end(&w);
	jw_end(&w);
	jw_key(&w, "sources");
	jw_array(&w);
	for (size_t i = 0; i < reeks_store_source_count(st); i++)
		source(&w, reeks_store_source_at(st, i));
	jw_end(&w);
	jw_key(&w, "contributors");
	jw_array(&w);
	jw_object(&w);
	jw_key(&w, "title");
	jw_string(&w, DATASET_PUBLISHER);
	jw_key(&w, "role");
	jw_string(&w, "author");
	jw_end(&w);
	jw_end(&w);
	jw_key(&w, "resources");
	jw_array(&w);
	for (size_t i = 0; i < nres; i++)
		resource(&w, &res[i]);
	jw_end(&w);
	jw_end(&w);
	if (b->failed) {
		errlist_oom(errs, NULL);
		return -1;
	}
	return 0;
}
