/*
 * feed.h: the files that speak to crawlers and feed readers: feed.atom
 * (the change log), sitemap.xml and robots.txt.
 */
#ifndef REEKS_FEED_H
#define REEKS_FEED_H

#include "util/buf.h"
#include "out/out.h"
#include "reeks.h"

/*
 * An Atom feed of ST's change log, newest first, with absolute URLs under
 * BASE_URL (ending in '/'); UPDATED is the date of the newest change
 * ("YYYY-MM-DD"). Appends to OUT; returns 0, or -1 when out of memory.
 */
int feed_atom(buf *out, const reeks_store *st, const char *base_url,
    const char *updated);

/* A sitemap of every .html page written to O so far (but the 404 pages),
 * with absolute URLs under BASE_URL and LASTMOD. Returns as feed_atom(). */
int feed_sitemap(buf *out, const out_dir *o, const char *base_url,
    const char *lastmod);

/* robots.txt: everything may be crawled; names the sitemap when BASE_URL
 * is not NULL. */
void feed_robots(buf *out, const char *base_url);

#endif
