/*
 * feed.h: the files that speak to crawlers and feed readers: feed.atom
 * (the change log), sitemap.xml and robots.txt.
 */
#ifndef REEKS_FEED_H
#define REEKS_FEED_H

#include "data/releases.h"
#include "util/buf.h"
#include "out/out.h"
#include "reeks.h"

/* A release, for the feed: its entry in the release list, its data and
 * its revisions from the release before (NULL for the first). */
typedef struct feed_release {
	const reeks_release *r;
	const reeks_store *st;
	const revisions *changes;
} feed_release;

/*
 * An Atom feed of ST's change log and of the N releases REL (oldest
 * first), newest first by date (a release before the changes of its own
 * date, which it holds), with absolute URLs under BASE_URL (ending in
 * '/'); UPDATED is the date of the newest change ("YYYY-MM-DD"), or of
 * the newest release when it is later.
 *
 * A release's entry is its English page, BASE_URL releases/NAME/en/
 * index.html, titled "Release NAME"; its content (XHTML) is its note,
 * then what changed from the release before: the numbers of figures
 * added, removed and revised, and each revised figure with its series'
 * title, period, old and new value and the reason (the change log entry
 * the new figure names, else the entries dated after the release
 * before); for the first release, its numbers of series and figures.
 * Appends to OUT; returns 0, or -1 when out of memory.
 */
int feed_atom(buf *out, const reeks_store *st, const feed_release *rel,
    size_t n, const char *base_url, const char *updated);

/* A sitemap of every .html page written to O so far (but the 404 pages),
 * with absolute URLs under BASE_URL and LASTMOD. Returns as feed_atom(). */
int feed_sitemap(buf *out, const out_dir *o, const char *base_url,
    const char *lastmod);

/* robots.txt: everything may be crawled; names the sitemap when BASE_URL
 * is not NULL. */
void feed_robots(buf *out, const char *base_url);

#endif
