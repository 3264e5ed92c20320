/*
 * datapackage.h: datapackage.json, a Frictionless Data Package (v1)
 * describing the CSV downloads, so that Frictionless tools (and anything
 * that reads a Table Schema) know each column's name, type and meaning.
 *
 * The package uses the "tabular-data-package" profile: every resource is
 * a CSV written by export_csv() or export_csv_series(), with its size, its
 * SHA-256 and the same Table Schema (the primary key is series_id and
 * period; an empty cell is a missing value), inline or, for a package of
 * thousands of resources, as the path of one file that holds it.
 */
#ifndef REEKS_DATAPACKAGE_H
#define REEKS_DATAPACKAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/errlist.h"
#include "reeks.h"

/* One CSV file of the package. */
typedef struct dp_resource {
	const char *name;          /* [a-z0-9._/-]+, unique: "reeks" */
	const char *path;          /* relative to datapackage.json */
	const char *title;
	const char *description;   /* may be NULL */
	size_t bytes;
	const char *sha256;        /* 64 lowercase hex digits */
	const char *schema_path;   /* NULL: the Table Schema inline; else the
	                              path of datapackage_table_schema()'s
	                              file, relative to datapackage.json */
} dp_resource;

typedef struct datapackage_opts {
	const char *version;       /* the dataset's version: "2026.1" */
	long long date;            /* "created": seconds since 1970, UTC */
	const char *homepage;      /* absolute URL, or NULL */
} datapackage_opts;

/* A column of the CSV export, as the Table Schema and the README
 * describe it. */
typedef struct dp_field {
	const char *name;          /* as in the CSV header */
	const char *type;          /* Table Schema type: "string", ... */
	const char *title;
	const char *description;
	bool required;
} dp_field;

/* The columns of export_csv(), in order; NULL when I is out of range. */
size_t dp_field_count(void);
const dp_field *dp_field_at(size_t i);

/*
 * Append datapackage.json for ST, with the NRES resources RES, to B:
 * name, title, description, homepage, version, created, licenses (the
 * data under CC BY 4.0, with attribution to the original sources),
 * sources (every source of ST with its reference and URL), contributors,
 * keywords (the topics of ST) and the resources.
 *
 * Returns 0, or -1 after adding a message to ERRS when an option or a
 * resource is not valid (B is then unchanged) or memory ran out (B's
 * failed flag).
 */
int datapackage_write(buf *b, const reeks_store *st,
    const datapackage_opts *opts, const dp_resource *res, size_t nres,
    errlist *errs);

/* Where the site publishes that schema, beside datapackage.json. */
#define DP_TABLE_SCHEMA "tableschema.json"

/* Append the Table Schema of the CSV files to B as a JSON document (for
 * a resource's schema_path). Returns 0, or -1 when memory ran out. */
int datapackage_table_schema(buf *b);

/* Write T (seconds since 1970) as RFC 3339 UTC, "2026-01-15T00:00:00Z",
 * into DST (at least 21 bytes). Returns false (DST then "") when T is
 * negative or after 9999-12-31T23:59:59Z. */
bool dp_rfc3339(char *dst, size_t len, long long t);

#endif
