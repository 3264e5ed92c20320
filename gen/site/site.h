/*
 * site.h: 'reeks build': the static site, from the store and templates/.
 */
#ifndef REEKS_SITE_H
#define REEKS_SITE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/errlist.h"

typedef struct site_opts {
	const char *data_dir;       /* "data" */
	const char *templates_dir;  /* "templates" */
	const char *out_dir;        /* "site" */
	const char *base_url;       /* absolute, ending in '/' */
	const char *license;        /* the LICENSE file put in the zip */
	bool quiet;                 /* no summary line, no progress */
	int jobs;                   /* threads for pages and downloads;
	                             * 0: one per processor */
	bool verify;                /* rehash every file a rebuild reuses */
	bool stats;                 /* measure the build: site_result.stats */
	bool no_png;                /* the charts without their PNGs (for
	                             * tests/oom.sh: librsvg is not safe when
	                             * an allocation fails) */
	bool pages_only;            /* the pages alone, without data/ and the
	                             * downloads pages: an incomplete site,
	                             * for 'make bench' (REEKS_BENCH_PAGES_ONLY)
	                             * to time what Hugo does; never to
	                             * publish */
	/* What the build tells as it goes, each a line without "\n" (NULL:
	 * nothing): PROGRESS, a line that replaces the last one shown
	 * ("loading data"; the caller adds any prefix), or NULL to take it
	 * away before other lines follow; WARNING, each warning of the data
	 * ("file:line: warning: ..."), when found or, for a build skipped
	 * because nothing changed, as the build that made the site found
	 * it. Called from one thread at a time. */
	void (*progress)(void *arg, const char *line);
	void (*warning)(void *arg, const char *line);
	void *arg;
} site_opts;

/* What a build did, for the caller to print (free with
 * site_result_free()). */
typedef struct site_result {
	errlist errs;               /* why it failed, in order: file:line:
	                             * message */
	bool up_to_date;            /* nothing changed: nothing written */
	bool cache_lost;            /* the site is in place, but the cache
	                             * for the next build was not saved */
	size_t pages, files;        /* pages, and files in the site */
	unsigned long long bytes;
	double seconds;             /* the whole build, as it ends */
	char stats[1024];           /* with O->stats, what the build cost
	                             * ("stats: load 0.1 s, ..."); else "" */
} site_result;

/*
 * Build the site described by O into R (zero it first). Never prints. On
 * any error, O->out_dir is left exactly as it was and R->errs holds every
 * error. Returns the exit status: 0, or 1 (R->errs not empty).
 */
int site_build(const site_opts *o, site_result *r);
void site_result_free(site_result *r);

#endif
