/*
 * data/releases.c: reading the releases of a data directory, and the
 * revisions between two versions of the data (see releases.h).
 */
#include <stdlib.h>
#include <string.h>

#include "data/bundle.h"
#include "data/releases.h"
#include "gen.h"
#include "util/sha256.h"

bool
release_name_ok(const char *name)
{
	static const char form[] = "dddd-dd-dd";
	size_t n = strlen(name);

	if (n != 7 && n != 10)
		return false;
	for (size_t i = 0; i < n; i++)
		if (form[i] == 'd' ? name[i] < '0' || name[i] > '9' :
		    name[i] != form[i])
			return false;
	return true;
}

void
release_zip_path(buf *b, const char *dir, const char *name)
{
	buf_reset(b);
	buf_printf(b, "%s%sreleases/%s.zip", dir,
	    dir[0] != '\0' && dir[strlen(dir) - 1] == '/' ? "" : "/", name);
}

void
release_files_free(release_files *f)
{
	free(f->zip);
	bundle_members_free(f->members, f->nmembers);
	*f = (release_files){ 0 };
}

int
release_read(const char *dir, const reeks_release *r, bool members,
    release_files *f, errlist *errs)
{
	buf path = { 0 };
	char why[512];
	release_member *m;
	size_t n;

	*f = (release_files){ 0 };
	release_zip_path(&path, dir, reeks_release_name(r));
	if (path.failed) {
		errlist_oom(errs, NULL);
		return -1;
	}
	if (reeks_file_read(path.data, REEKS_FILE_NOFOLLOW, RELEASE_MAX,
	    &f->zip, &f->zip_len, why, sizeof why) != 0) {
		errlist_add(errs, reeks_release_file(r), reeks_release_line(r),
		    0, "release %s: %s: %s", reeks_release_name(r), path.data,
		    why);
		goto fail;
	}
	sha256_hex(f->zip, f->zip_len, f->sha256);
	if (f->zip_len != reeks_release_bytes(r) ||
	    strcmp(f->sha256, reeks_release_sha256(r)) != 0) {
		errlist_add(errs, reeks_release_file(r), reeks_release_line(r),
		    0, "release %s: %s is not the zip the release recorded "
		    "(it has %zu bytes, SHA-256 %s; recorded: %llu bytes, "
		    "SHA-256 %s): a release never changes: restore both from "
		    "the repository", reeks_release_name(r), path.data,
		    f->zip_len, f->sha256, reeks_release_bytes(r),
		    reeks_release_sha256(r));
		goto fail;
	}
	if (members) {
		if (bundle_unzip(f->zip, f->zip_len, RELEASE_MAX, &m, &n, why,
		    sizeof why) != 0) {
			errlist_add(errs, reeks_release_file(r),
			    reeks_release_line(r), 0, "release %s: %s: %s",
			    reeks_release_name(r), path.data, why);
			goto fail;
		}
		f->members = m;
		f->nmembers = n;
	}
	buf_free(&path);
	return 0;
fail:
	release_files_free(f);
	buf_free(&path);
	return -1;
}

const release_member *
release_member_find(const release_files *f, const char *name)
{
	for (size_t i = 0; i < f->nmembers; i++)
		if (strcmp(f->members[i].name, name) == 0)
			return &f->members[i];
	return NULL;
}

reeks_store *
release_store(const char *dir, const reeks_release *r,
    const release_files *f, errlist *errs)
{
	const release_member *x = release_member_find(f, RELEASE_XML);
	buf name = { 0 };
	reeks_diags *diags = NULL;
	reeks_store *st = NULL;

	release_zip_path(&name, dir, reeks_release_name(r));
	if (x == NULL) {
		errlist_add(errs, reeks_release_file(r), reeks_release_line(r),
		    0, "release %s: %s holds no " RELEASE_XML,
		    reeks_release_name(r), name.data != NULL ? name.data : "");
		goto out;
	}
	buf_puts(&name, ":" RELEASE_XML);
	if (name.failed || (diags = reeks_diags_new()) == NULL) {
		errlist_oom(errs, NULL);
		goto out;
	}
	bool nomem = reeks_store_load_buffer(name.data, x->data, x->len, NULL,
	    diags, &st) == REEKS_ENOMEM;

	for (size_t i = 0; i < reeks_diags_count(diags); i++)
		nomem |= reeks_diag_kind_of(reeks_diags_at(diags, i)) ==
		    REEKS_DIAG_NOMEM;
	if (nomem) {
		/* Not the release's fault: no word against it. */
		reeks_store_free(st);
		st = NULL;
		errlist_oom(errs, NULL);
		goto out;
	}
	if (st != NULL)
		goto out;
	for (size_t i = 0; i < reeks_diags_count(diags); i++) {
		const reeks_diag *d = reeks_diags_at(diags, i);

		if (reeks_diag_severity(d) != REEKS_WARNING)
			errlist_add(errs, reeks_diag_file(d), reeks_diag_line(d),
			    reeks_diag_column(d), "%s", reeks_diag_message(d));
	}
	errlist_add(errs, reeks_release_file(r), reeks_release_line(r), 0,
	    "release %s: its data does not load (%zu error%s)",
	    reeks_release_name(r), reeks_diags_errors(diags),
	    reeks_diags_errors(diags) == 1 ? "" : "s");
out:
	reeks_diags_free(diags);
	buf_free(&name);
	return st;
}

/* ---- revisions ---------------------------------------------------------- */

static bool
same_text(const char *a, const char *b)
{
	return a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0;
}

bool
figure_same(const reeks_obs *a, const reeks_obs *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return same_text(reeks_obs_value_text(a), reeks_obs_value_text(b)) &&
	    same_text(reeks_obs_lower_text(a), reeks_obs_lower_text(b)) &&
	    same_text(reeks_obs_upper_text(a), reeks_obs_upper_text(b)) &&
	    reeks_obs_qualifier(a) == reeks_obs_qualifier(b) &&
	    reeks_obs_status(a) == reeks_obs_status(b) &&
	    reeks_obs_secondary(a) == reeks_obs_secondary(b) &&
	    strcmp(reeks_source_id(reeks_obs_source(a)),
	    reeks_source_id(reeks_obs_source(b))) == 0;
}

const reeks_obs *
figure_find(const reeks_series *se, const char *period)
{
	size_t lo = 0, hi;

	if (se == NULL)
		return NULL;
	hi = reeks_series_obs_count(se);

	/* Observations are in period order; periods of one form compare
	 * as strings, which the loader checks (else: a linear search). */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(reeks_obs_period(reeks_series_obs_at(se, mid)),
		    period);

		if (c == 0)
			return reeks_series_obs_at(se, mid);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = 0; i < reeks_series_obs_count(se); i++)
		if (strcmp(reeks_obs_period(reeks_series_obs_at(se, i)),
		    period) == 0)
			return reeks_series_obs_at(se, i);
	return NULL;
}

typedef struct rev_list {
	revisions *r;
	size_t cap;
	bool failed;
} rev_list;

static void
rev_add(rev_list *l, const char *series, const char *period,
    const reeks_obs *a, const reeks_obs *b)
{
	revisions *r = l->r;

	if (l->failed || figure_same(a, b))
		return;
	if (r->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 32;
		revision *v = realloc(r->v, cap * sizeof *v);

		if (v == NULL) {
			l->failed = true;
			return;
		}
		r->v = v;
		l->cap = cap;
	}
	revision *x = &r->v[r->n++];
	x->kind = a == NULL ? REVISION_ADDED : b == NULL ? REVISION_REMOVED :
	    REVISION_REVISED;
	x->series = series;
	x->period = period;
	x->old = a;
	x->new = b;
	x->change = b != NULL ? reeks_obs_change(b) : NULL;
	if (x->kind == REVISION_ADDED)
		r->added++;
	else if (x->kind == REVISION_REMOVED)
		r->removed++;
	else
		r->revised++;
}

/* Each figure of the series ID in A (old) and B (new), either NULL;
 * observations are in period order in both. */
static void
rev_series(rev_list *l, const char *id, const reeks_series *a,
    const reeks_series *b)
{
	size_t na = a != NULL ? reeks_series_obs_count(a) : 0;
	size_t nb = b != NULL ? reeks_series_obs_count(b) : 0;
	size_t i = 0, j = 0;

	while (i < na || j < nb) {
		const reeks_obs *oa = a != NULL && i < na ?
		    reeks_series_obs_at(a, i) : NULL;
		const reeks_obs *ob = b != NULL && j < nb ?
		    reeks_series_obs_at(b, j) : NULL;
		int c = oa == NULL ? 1 : ob == NULL ? -1 :
		    reeks_obs_period_cmp(oa, ob);

		if (c < 0) {
			rev_add(l, id, reeks_obs_period(oa), oa, NULL);
			i++;
		} else if (c > 0) {
			rev_add(l, id, reeks_obs_period(ob), NULL, ob);
			j++;
		} else {
			rev_add(l, id, reeks_obs_period(oa), oa, ob);
			i++;
			j++;
		}
	}
}

int
revisions_find(const reeks_store *old, const char *old_date,
    const reeks_store *new, revisions *out)
{
	rev_list l = { out, 0, false };
	size_t nc = reeks_store_change_count(new);

	*out = (revisions){ 0 };
	if (nc > 0 && (out->log = calloc(nc, sizeof *out->log)) == NULL)
		return -1;
	for (size_t i = 0; i < nc; i++) {
		const reeks_change *c = reeks_store_change_at(new, i);

		if (strcmp(reeks_change_date(c), old_date) > 0)
			out->log[out->nlog++] = c;
	}
	/* Both stores' series are sorted by id: merge them. */
	size_t i = 0, j = 0, na = reeks_store_series_count(old),
	    nb = reeks_store_series_count(new);
	while (i < na || j < nb) {
		const reeks_series *a = i < na ?
		    reeks_store_series_at(old, i) : NULL;
		const reeks_series *b = j < nb ?
		    reeks_store_series_at(new, j) : NULL;
		int c = a == NULL ? 1 : b == NULL ? -1 :
		    strcmp(reeks_series_id(a), reeks_series_id(b));

		if (c < 0) {
			rev_series(&l, reeks_series_id(a), a, NULL);
			i++;
		} else if (c > 0) {
			rev_series(&l, reeks_series_id(b), NULL, b);
			j++;
		} else {
			rev_series(&l, reeks_series_id(a), a, b);
			i++;
			j++;
		}
	}
	if (l.failed) {
		revisions_free(out);
		return -1;
	}
	return 0;
}

void
revisions_free(revisions *r)
{
	free(r->v);
	free(r->log);
	*r = (revisions){ 0 };
}
