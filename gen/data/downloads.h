/*
 * downloads.h: the data/ folder of the site, everything a reader can
 * download, with the catalogues that describe it.
 *
 *   data/reeks.csv, .xml, .json        the whole dataset, each also .gz
 *   data/series/ID.csv, .xml, .json    each series, each also .gz
 *   data/reeks.xsd                     the schema of the XML (the one
 *                                      compiled into libreeks)
 *   data/datapackage.json              Frictionless Data Package (the CSVs)
 *   data/reeks.zip                     the whole dataset with README,
 *                                      LICENSE, schema and datapackage.json
 *   data/catalog.rdf                   DCAT-AP catalogue (RDF/XML)
 *   data/SHA256SUMS                    every file above, for sha256sum -c
 *
 * The same store and options give the same bytes in every file.
 */
#ifndef REEKS_DOWNLOADS_H
#define REEKS_DOWNLOADS_H

#include <stdatomic.h>
#include <stddef.h>

#include "out/out.h"
#include "reeks.h"

typedef struct downloads_opts {
	/* The site's absolute URL, http or https, ending in '/'; NULL for
	 * a release's downloads, which name no address (a release is the
	 * same wherever it is published): no catalogue then, no homepage in
	 * datapackage.json, no URL in the README. */
	const char *base_url;
	/* The LICENSE text, put in the zip as LICENSE.txt. */
	const char *license;
	/* The dataset's version: "2026.1". */
	const char *version;
	/* The build date, seconds since 1970 UTC (see downloads_date()):
	 * the zip's timestamps, datapackage.json's "created", the
	 * catalogue's "modified". */
	long long date;
	/* When the dataset was first published, YYYY-MM-DD, for the
	 * catalogue's "issued"; NULL: the build date. */
	const char *issued;
	/* The latest release, when the data's figures are its figures (the
	 * catalogue's dcat:hasCurrentVersion); else NULL. */
	const char *current_release;
	/* Threads for the exports; 0: one per processor. The files are the
	 * same whatever the number. */
	int jobs;
	/* Each series' key, in the store's order (site/keys.c), or NULL: a
	 * series whose key is unchanged has its downloads linked from the
	 * previous build (out_put_group()), not exported again. COUNTS (or
	 * NULL): series exported [0] and linked [1]. */
	const char (*series_keys)[65];
	atomic_size_t *counts;
} downloads_opts;

/*
 * The build date: SOURCE_DATE_EPOCH when it is set (a decimal number of
 * seconds since 1970, at most 253402300799), else FALLBACK; never the
 * clock. Returns 0 and sets *OUT, or -1 after adding a message to ERRS when
 * SOURCE_DATE_EPOCH is set but not such a number.
 */
int downloads_date(long long fallback, long long *out, errlist *errs);

/* The date downloads use when nothing else is given: 1980-01-01 00:00:00
 * UTC, the earliest a zip entry can carry. */
#define DOWNLOADS_DEFAULT_DATE 315532800LL

/*
 * Write "data/series/ID.EXT" into DST (of LEN bytes). Returns 0, or -1
 * when ID is not a valid id (reeks_id_valid()), EXT is not one of csv,
 * xml, json (optionally followed by .gz), or DST is too small; DST is
 * then "".
 */
int downloads_series_path(char *dst, size_t len, const char *id,
    const char *ext);

/*
 * Write every download of ST into O, under data/ (the list above), then
 * SHA256SUMS over every file this call wrote, in `sha256sum -c` format
 * with paths relative to data/. Returns 0, or -1 after adding a message to ERRS
 * (bad options, a series id that is not a valid id, the schema not
 * readable, out of memory, a file not written); O may then hold some of
 * the files, and the caller should out_abort() it.
 */
int downloads_write(out_dir *o, const reeks_store *st,
    const downloads_opts *opts, errlist *errs);

/*
 * The same in steps, so that a caller can run the exports on threads
 * beside other work: downloads_start() checks OPTS (NULL after adding a
 * message to ERRS when they are bad) and returns a run of downloads_jobs() jobs;
 * downloads_job() does job I, from any thread, each once; then
 * downloads_finish() lists what they wrote in a fixed order and writes the
 * rest (schema, datapackage.json, zip, catalogue, SHA256SUMS), returning
 * as downloads_write(). Both downloads_finish() and downloads_abort()
 * free the run.
 */
typedef struct downloads_run downloads_run;
downloads_run *downloads_start(out_dir *o, const reeks_store *st,
    const downloads_opts *opts, errlist *errs);
size_t downloads_jobs(const downloads_run *r);
void downloads_job(downloads_run *r, size_t i);
int downloads_finish(downloads_run *r, errlist *errs);
void downloads_abort(downloads_run *r);

#endif
