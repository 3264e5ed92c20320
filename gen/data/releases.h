/*
 * data/releases.h: reading the releases of a data directory, and the
 * revisions between two versions of the data.
 *
 * A release NAME is the zip DATA/releases/NAME.zip (the site's reeks.zip
 * as it was, with NAME as its version) and its <release> in
 * DATA/releases.xml, which records the zip's size and SHA-256. Both
 * 'reeks check' and 'reeks build' read a release through here: the zip
 * whole, checked against what its <release> recorded, its members
 * (each checked against its CRC), and its data (reeks/reeks.xml, loaded
 * as any data is).
 *
 * A figure is a series' observation of one period. Between two versions
 * of the data a figure is added, removed, or revised when its value,
 * bounds, qualifier, status, secondary mark or source changed.
 */
#ifndef REEKS_DATA_RELEASES_H
#define REEKS_DATA_RELEASES_H

#include <stdbool.h>
#include <stddef.h>

#include "data/bundle.h"
#include "reeks.h"
#include "util/buf.h"
#include "util/errlist.h"

/* The most a release's zip, or a member of it, may hold. */
#define RELEASE_MAX (1LL << 31)
/* The zip's member with the data. */
#define RELEASE_XML "reeks/reeks.xml"

/* Whether NAME is a release's name: YYYY-MM or YYYY-MM-DD. */
bool release_name_ok(const char *name);

/* "DIR/releases/NAME.zip" into B (replacing what it held). */
void release_zip_path(buf *b, const char *dir, const char *name);

/* One member of a release's zip: "reeks/reeks.csv", its bytes. */
typedef bundle_member release_member;

/* A release as read: its zip's bytes (checked against the release list)
 * and its members. */
typedef struct release_files {
	char *zip;
	size_t zip_len;
	char sha256[65];
	release_member *members;
	size_t nmembers;
} release_files;

/*
 * Read release R of the data directory DIR into F: its zip whole, which
 * must have the size and SHA-256 that R records, and (when MEMBERS) every
 * member, each checked by its CRC. Returns 0, or -1 with the error,
 * "FILE:LINE: release NAME: ...", at R's <release> in ERRS (F then holds
 * nothing).
 */
int release_read(const char *dir, const reeks_release *r, bool members,
    release_files *f, errlist *errs);

/* The member NAME of F, or NULL. */
const release_member *release_member_find(const release_files *f,
    const char *name);

void release_files_free(release_files *f);

/*
 * The data of release R, from its files F (read with their members): its
 * reeks/reeks.xml loaded as "DIR/releases/NAME.zip:reeks/reeks.xml".
 * NULL with its errors and a line at R in ERRS when it does not load
 * (its warnings are not reported: they were the data's when it was made).
 */
reeks_store *release_store(const char *dir, const reeks_release *r,
    const release_files *f, errlist *errs);

/* ---- revisions ---------------------------------------------------------- */

typedef enum revision_kind {
	REVISION_ADDED, REVISION_REMOVED, REVISION_REVISED
} revision_kind;

/* One figure that differs between two versions of the data. */
typedef struct revision {
	revision_kind kind;
	const char *series;         /* its id */
	const char *period;
	const reeks_obs *old;       /* NULL when added */
	const reeks_obs *new;       /* NULL when removed */
	/* Why: the change log entry the new figure names, else NULL (the
	 * entries of revisions.log then stand for it). */
	const reeks_change *change;
} revision;

typedef struct revisions {
	revision *v;                /* by series id, then period */
	size_t n;
	size_t added, removed, revised;
	/* The new version's change log entries dated after the old one. */
	const reeks_change **log;
	size_t nlog;
} revisions;

/*
 * The figures of OLD (of date OLD_DATE, YYYY-MM-DD) that NEW adds,
 * removes and revises, into OUT (pointing into both stores, which must
 * outlive it). Returns 0, or -1 out of memory (OUT then empty).
 */
int revisions_find(const reeks_store *old, const char *old_date,
    const reeks_store *new, revisions *out);

void revisions_free(revisions *r);

/* Whether figures A and B, either NULL, are the same figure as cited:
 * value, bounds, qualifier, status, secondary mark and source. */
bool figure_same(const reeks_obs *a, const reeks_obs *b);

/* The figure of PERIOD in series SE (NULL: none), or NULL. */
const reeks_obs *figure_find(const reeks_series *se, const char *period);

#endif
