/*
 * site/releases.c: the releases on the site (see site-internal.h).
 *
 * Every release of the data stays on the site, under releases/NAME/:
 *
 *   releases/NAME/reeks.zip          the release's zip, byte for byte
 *   releases/NAME/reeks.csv ...      its members (README.txt, LICENSE.txt,
 *                                    datapackage.json, reeks.csv, .xml,
 *                                    .json, .xsd), as they are in the zip
 *   releases/NAME/SHA256SUMS         their checksums
 *   releases/NAME/LANG/index.html    the release: date, note, files with
 *                                    sizes and checksums, its revisions
 *   releases/NAME/LANG/series/ID.html each series as it was in it
 *
 * and LANG/releases.html lists them. The files come from the zip, which
 * the build checks against the size and SHA-256 the release list
 * recorded (and each member against its CRC), so they are the same in
 * every build. The pages show the release's figures with today's
 * templates, and say which figures a later release revised.
 */
#include "site/site-internal.h"
#include "util/escape.h"

bool
releases_load(site *s)
{
	size_t n = reeks_store_release_count(s->st);

	if (n == 0)
		return true;
	if ((s->releases = calloc(n, sizeof *s->releases)) == NULL) {
		errlist_oom(&s->errs, NULL);
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		site_release *r = &s->releases[s->nreleases];

		r->r = reeks_store_release_at(s->st, i);
		status(s, "loading release %s", reeks_release_name(r->r));
		if (release_read(s->opts->data_dir, r->r, true, &r->files,
		    &s->errs) != 0)
			continue;
		if ((r->st = release_store(s->opts->data_dir, r->r, &r->files,
		    &s->errs)) == NULL) {
			release_files_free(&r->files);
			continue;
		}
		r->first = s->nreleases == 0;
		s->nreleases++;
	}
	if (s->nreleases < n)
		return false;
	for (size_t i = 1; i < n; i++)
		if (revisions_find(s->releases[i - 1].st,
		    reeks_release_date(s->releases[i - 1].r),
		    s->releases[i].st, &s->releases[i].changes) != 0) {
			errlist_oom(&s->errs, NULL);
			return false;
		}
	if (revisions_find(s->releases[n - 1].st,
	    reeks_release_date(s->releases[n - 1].r), s->st,
	    &s->unreleased) != 0) {
		errlist_oom(&s->errs, NULL);
		return false;
	}
	return true;
}

void
releases_free(site *s)
{
	for (size_t i = 0; i < s->nreleases; i++) {
		release_files_free(&s->releases[i].files);
		reeks_store_free(s->releases[i].st);
		revisions_free(&s->releases[i].changes);
	}
	free(s->releases);
	s->releases = NULL;
	s->nreleases = 0;
	revisions_free(&s->unreleased);
}

const reeks_obs *
release_figure(const site_release *r, const char *id, const char *period)
{
	return figure_find(reeks_series_find(r->st, id), period);
}

const site_release *
figure_release(const site *s, const reeks_obs *o)
{
	const site_release *last;

	if (s->nreleases == 0)
		return NULL;
	last = &s->releases[s->nreleases - 1];
	return figure_same(release_figure(last,
	    reeks_series_id(reeks_obs_series(o)), reeks_obs_period(o)), o) ?
	    last : NULL;
}

const site_release *
site_release_find(const site *s, const char *name)
{
	for (size_t i = 0; i < s->nreleases; i++)
		if (strcmp(reeks_release_name(s->releases[i].r), name) == 0)
			return &s->releases[i];
	return NULL;
}
