/*
 * site.h: 'reeks build': the static site, from the store and templates/.
 */
#ifndef REEKS_SITE_H
#define REEKS_SITE_H

#include <stdbool.h>

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
} site_opts;

/*
 * Build the site described by O. Prints every error (file:line: message)
 * on stderr and a summary of what was written on stdout. On any error,
 * O->out_dir is left exactly as it was. Returns the exit status: 0, or 1.
 */
int site_build(const site_opts *o);

#endif
