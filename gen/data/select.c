/*
 * select.c: what an XML or JSON export holds: the whole store, or one
 * series with what it refers to (see export-internal.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "data/export-internal.h"

/* Select everything (SE NULL) or series SE with what it refers to: its
 * claims are found once here, not once per source. Returns 0, or -1 out
 * of memory. */
static int
sel_init(selection *sel, const reeks_store *st, const reeks_series *se)
{
	size_t n = reeks_store_claim_count(st);

	*sel = (selection){ st, se, NULL, 0, NULL };
	if (se == NULL || n == 0)
		return 0;
	if ((sel->claims = malloc(n * sizeof *sel->claims)) == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const reeks_claim *c = reeks_store_claim_at(st, i);

		if (sel_claim(sel, c))
			sel->claims[sel->nclaims++] = c;
	}
	return 0;
}

static void
sel_free(selection *sel)
{
	free(sel->claims);
}

/* EXPORT of everything (SE NULL) or of series SE to OUT. */
int
export_selected(int (*export)(const selection *, FILE *),
    const reeks_store *st, const reeks_series *se, const export_cuts *cuts,
    FILE *out)
{
	selection sel;
	int rc;

	if (sel_init(&sel, st, se) != 0) {
		errno = ENOMEM;
		return -1;
	}
	sel.cuts = se == NULL ? cuts : NULL;
	rc = export(&sel, out);
	sel_free(&sel);
	return rc;
}

/* The selected series and claims, in the store's order. */
size_t
sel_series_count(const selection *sel)
{
	return sel->only != NULL ? 1 : reeks_store_series_count(sel->st);
}

const reeks_series *
sel_series_at(const selection *sel, size_t i)
{
	return sel->only != NULL ? sel->only :
	    reeks_store_series_at(sel->st, i);
}

size_t
sel_claim_count(const selection *sel)
{
	return sel->only != NULL ? sel->nclaims :
	    reeks_store_claim_count(sel->st);
}

const reeks_claim *
sel_claim_at(const selection *sel, size_t i)
{
	return sel->only != NULL ? sel->claims[i] :
	    reeks_store_claim_at(sel->st, i);
}

bool
sel_topic(const selection *sel, const reeks_topic *t)
{
	return sel->only == NULL || reeks_series_topic(sel->only) == t;
}

/* The series' geography, and every geography it lies within. */
bool
sel_geography(const selection *sel, const reeks_geography *g)
{
	if (sel->only == NULL)
		return true;
	for (const reeks_geography *x = reeks_series_geography(sel->only);
	    x != NULL; x = reeks_geography_within(x))
		if (x == g)
			return true;
	return false;
}

/* A claim goes with a series when it has inputs and all are in it. */
bool
sel_claim(const selection *sel, const reeks_claim *c)
{
	size_t n = reeks_claim_input_count(c);

	if (sel->only == NULL)
		return true;
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (reeks_obs_series(reeks_claim_input_obs(c, i)) != sel->only)
			return false;
	return true;
}

/* The change log belongs to the whole dataset, not to one series. */
bool
sel_change(const selection *sel, const reeks_change *c)
{
	(void)c;
	return sel->only == NULL;
}

bool
sel_source(const selection *sel, const reeks_source *src)
{
	if (sel->only == NULL)
		return true;
	for (size_t i = 0; i < reeks_series_obs_count(sel->only); i++)
		if (reeks_obs_source(reeks_series_obs_at(sel->only, i)) == src)
			return true;
	for (size_t i = 0; i < sel->nclaims; i++)
		if (reeks_claim_source(sel->claims[i]) == src)
			return true;
	return false;
}
