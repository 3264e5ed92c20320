/*
 * dcat.h: a DCAT-AP catalogue of the downloads, in RDF/XML, so that data
 * portals (data.overheid.nl, data.europa.eu) can harvest the dataset.
 *
 * The catalogue describes one dcat:Dataset with one dcat:Distribution per
 * file given, and carries the properties DCAT-AP-DONL makes mandatory
 * (and the recommended ones we know): for the dataset identifier, title
 * and description (English and Dutch), language, license, publisher,
 * contact point, landing page, issued and modified, keywords, theme; for
 * each distribution title, description, language, license, access and
 * download URL, format (EU file-type vocabulary), media type (IANA), byte
 * size and an SPDX SHA-256 checksum. Every URL is absolute, made from the
 * base URL.
 *
 * Versions (DCAT 3): the dataset has the current data's dcat:version, and
 * each release of ST (reeks_store_release_at()) is a dataset of its own
 * in the catalogue, BASE/releases/NAME/en/index.html#dataset, with its
 * name as dcat:version, its note (else "Release NAME of DATE.") as
 * adms:versionNotes in English and Dutch, its date as dct:issued, its
 * page as landing page and its zip (BASE/releases/NAME/reeks.zip, with
 * the size and SHA-256 the release list records) as distribution; the
 * dataset links to each with dcat:hasVersion, each back with
 * dct:isVersionOf (DCAT 3's inverse of dcat:hasVersion), each to the one
 * before with dcat:previousVersion.
 */
#ifndef REEKS_DCAT_H
#define REEKS_DCAT_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/errlist.h"
#include "reeks.h"

/* A file of the catalogue. */
typedef struct dcat_file {
	const char *path;          /* relative to the site: "data/reeks.csv",
	                              of [A-Za-z0-9._/-] */
	const char *title;         /* English */
	const char *description;   /* English */
	size_t bytes;
	const char *sha256;        /* 64 lowercase hex digits */
} dcat_file;

typedef struct dcat_opts {
	const char *base_url;      /* the site, absolute: "https://x.org/" */
	const char *catalog_path;  /* the catalogue's own path:
	                              "data/catalog.rdf" */
	const char *version;       /* the dataset's version */
	long long modified;        /* the build date, seconds since 1970 */
	const char *issued;        /* first published, YYYY-MM-DD; NULL: the
	                              build date */
	const char *current_release; /* the latest release when the current
	                              data's figures are its figures (it is
	                              then dcat:hasCurrentVersion), else
	                              NULL */
} dcat_opts;

/*
 * Append the catalogue to B, the N FILES in order as distributions, their
 * format and media type taken from the file name (.csv, .xml, .json,
 * .zip, .xsd, .rdf, each maybe with .gz). Returns 0, or -1 with a message
 * in ERRS: a base URL that is not an absolute http(s) URL ending in '/', a
 * path or date that is not valid, a file of unknown type, or out of
 * memory.
 */
int dcat_write(buf *b, const reeks_store *st, const dcat_opts *opts,
    const dcat_file *files, size_t n, errlist *errs);

/* True when URL is an absolute http or https URL ending in '/', without
 * white space, quotes, '<', '>', '#' or '?' (so a path can follow). */
bool dcat_base_url_ok(const char *url);

#endif
