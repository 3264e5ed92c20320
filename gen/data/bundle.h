/*
 * bundle.h: the zip bundle of the whole dataset, made with zlib's
 * minizip, byte for byte the same between builds of the same data.
 *
 * What makes it reproducible: the entries are written in a fixed order,
 * each with the same timestamp (the build date, see bundle_dos_time()),
 * the same attributes (a regular file, mode 0644, "made by" Unix), no
 * extra fields, no comment, and deflated at GZIP_LEVEL; nothing of the
 * file system (names, times, umask) gets in. bundle_write() writes the
 * archive to its file as it makes it (it can be as big as the dataset's
 * deflated CSV, XML and JSON together); bundle_zip() makes one in memory.
 */
#ifndef REEKS_BUNDLE_H
#define REEKS_BUNDLE_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "out/out.h"
#include "reeks.h"

/* One file of an archive. NAME is '/'-separated, relative, without "..". */
typedef struct bundle_file {
	const char *name;
	const void *data;
	size_t len;
} bundle_file;

/*
 * The MS-DOS date and time a zip entry carries for T (seconds since 1970,
 * UTC): T's UTC date and time rounded down to an even second, clamped to
 * what the format can hold (1980-01-01 00:00:00 to 2107-12-31 23:59:58).
 */
unsigned long bundle_dos_time(long long t);

/*
 * Zip the N FILES, in that order, all dated DATE (seconds since 1970,
 * UTC). Returns 0 and sets *OUT to a new buffer of *OUTLEN bytes (free it
 * with free()); or -1 after adding a message to ERRS, leaving *OUT and *OUTLEN
 * unchanged. A name that is empty, absolute, holds ".." or a backslash, or
 * is longer than ZIPMEM_NAME_MAX (1024) bytes, is refused.
 */
int bundle_zip(const bundle_file *files, size_t n, long long date,
    unsigned char **out, size_t *outlen, errlist *errs);

/* One member of a zip read by bundle_unzip(). */
typedef struct bundle_member {
	char *name;
	char *data;                 /* LEN bytes and a NUL */
	size_t len;
} bundle_member;

/*
 * Read every member of the LEN bytes of ZIP, each checked against its
 * CRC, at most MAX bytes each, into a new array *OUT of *N (free with
 * bundle_members_free()). Returns 0, or -1 with why (a phrase: "it is
 * not a zip archive", "out of memory", "reeks/x fails its CRC check") in
 * WHY.
 */
int bundle_unzip(const void *zip, size_t len, long long max,
    bundle_member **out, size_t *n, char *why, size_t whylen);

void bundle_members_free(bundle_member *m, size_t n);

/* What the bundle holds besides what bundle_write() makes itself. */
typedef struct bundle_parts {
	bundle_file csv;            /* export_csv() */
	bundle_file xml;            /* export_xml() */
	bundle_file json;           /* export_json() */
	bundle_file xsd;            /* data/reeks.xsd */
	bundle_file datapackage;    /* describing the CSV as "reeks.csv" */
	const char *license;        /* the LICENSE text */
	const char *version;        /* the dataset's version */
	const char *base_url;       /* the site, absolute, ending in '/' */
	long long date;             /* the build date, seconds since 1970 */
	/* Optional, for big datasets: the csv, xml and json as files (their
	 * DATA is then NULL, LEN their size), each with its gzip, made by
	 * gzip_compress() or a gzip_stream, and its SHA-256 (hex). The
	 * gzip's deflate data is the zip's, so it is copied as it is rather
	 * than compressed again (when the file is text, as these are). */
	const char *path[3];        /* csv, xml, json */
	const char *gz[3];
	const char *sha256[3];
	/* Whether each is surely text (bundle_text_seen()), when that is
	 * known without reading it: 0 unknown (PATH is read), 1 it is, 2 it
	 * is not known to be. */
	int text[3];
} bundle_parts;

/* Whether a file is surely text for the zip (see bundle.c's
 * surely_text()), from the control bytes it holds (bit C of CTL set for
 * byte C below 32) and its first byte FIRST (-1: it is empty): 1 it is,
 * 2 it is not known to be (bundle_parts.text). */
int bundle_text_seen(uint32_t ctl, int first);

/*
 * Append README.txt for the bundle to B: what is in it, the columns of
 * the CSV, how to cite, the caveats (general, and each series' caveats
 * and breaks), the sources of ST with their references, and the license.
 * Plain text, UTF-8, LF line ends, wrapped at 72 columns.
 */
void bundle_readme(buf *b, const reeks_store *st, const bundle_parts *p);

/* The same text for the zip (README_BUNDLE, what bundle_readme() writes)
 * or for the README sheet of the workbook (README_WORKBOOK: what the
 * workbook holds instead of what the zip holds, and the columns of its
 * Data sheet, workbook_column_at(), in their order). Only P's version,
 * base_url and date are read. */
typedef enum readme_kind { README_BUNDLE, README_WORKBOOK } readme_kind;
void dataset_readme(buf *b, const reeks_store *st, const bundle_parts *p,
    readme_kind kind);

/* The workbook (gen/data/xlsx.c): its Data sheet's columns, by the
 * names of reeks.csv's (dp_field), in their order. */
size_t workbook_column_count(void);
const char *workbook_column_at(size_t i);

/*
 * Write the bundle of ST as RELPATH in O: under a top folder "reeks/",
 * README.txt, LICENSE.txt, datapackage.json, reeks.csv, reeks.xml,
 * reeks.json and reeks.xsd, in that order. The names in P's files are
 * ignored. When the previous build made RELPATH from the same contents
 * (by their SHA-256), it is reused rather than zipped again (see out.h).
 * Returns 0, or -1 after adding a message to ERRS.
 */
int bundle_write(out_dir *o, const char *relpath, const reeks_store *st,
    const bundle_parts *p, errlist *errs);

#endif
