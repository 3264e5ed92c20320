/*
 * site/history.c: a figure's history across the releases, for its row on
 * a series page (see site-internal.h).
 *
 * A figure (a series' observation of one period) has a version in each
 * release, oldest first, and in the current data: the figure itself or
 * none. Consecutive equal versions (figure_same) make one step: "33,500
 * in release 2026-12", "33,600 since release 2026-12-15: revised, <the
 * change log's reason>". Steps before the figure first appears are left
 * out, so a figure only added, never revised or removed, has no history:
 * its value is the one every release that has it cites.
 */
#include "site/site-internal.h"

/* The revision of figure ID/PERIOD in RV, or NULL. */
static const revision *
revision_of(const revisions *rv, const char *id, const char *period)
{
	for (size_t i = 0; i < rv->n; i++)
		if (strcmp(rv->v[i].series, id) == 0 &&
		    strcmp(rv->v[i].period, period) == 0)
			return &rv->v[i];
	return NULL;
}

/* The figure ID/PERIOD in the current data, from a release's page (where
 * s->st is the release's store): the latest release's, unless the
 * revisions since then change it. */
static const reeks_obs *
current_figure(const site *s, const char *id, const char *period)
{
	const revision *r = revision_of(&s->unreleased, id, period);

	if (r != NULL)
		return r->new;
	return release_figure(&s->releases[s->nreleases - 1], id, period);
}

/* Whether the current data has series ID (from a release's page). */
static bool
current_has_series(const site *s, const char *id)
{
	const reeks_series *se = reeks_series_find(
	    s->releases[s->nreleases - 1].st, id);
	size_t removed = 0;

	for (size_t i = 0; i < s->unreleased.n; i++) {
		const revision *r = &s->unreleased.v[i];

		if (strcmp(r->series, id) != 0)
			continue;
		if (r->kind != REVISION_REMOVED)
			return true;
		removed++;
	}
	if (se == NULL)
		return false;
	return removed < reeks_series_obs_count(se);
}

/* Why the figure ID/PERIOD changed in RV (the revisions into a release,
 * or into the current data), appended to B: the change log entry its new
 * version names, else every entry dated after the version before. */
static void
reason(buf *b, const revisions *rv, const char *id,
    const char *period, reeks_lang lang)
{
	const revision *r = revision_of(rv, id, period);

	if (r != NULL && r->change != NULL) {
		buf_printf(b, ", %s", reeks_change_title(r->change, lang));
		return;
	}
	for (size_t i = 0; i < rv->nlog; i++)
		buf_printf(b, "%s%s", i == 0 ? ", " : "; ",
		    reeks_change_title(rv->log[i], lang));
}

/* Version K of the figure: release K's, or (K == s->nreleases) the
 * current data's, CUR. */
static const reeks_obs *
version_at(const site *s, size_t k, const char *id, const char *period,
    const reeks_obs *cur)
{
	return k < s->nreleases ? release_figure(&s->releases[k], id, period) :
	    cur;
}

/* Figure O as one step of a history: its value as cited, and what else
 * changed when the value did not (its source, its status) than in PREV. */
static void
step_value(site *s, buf *b, const reeks_obs *o, const reeks_obs *prev,
    reeks_unit unit, reeks_lang lang)
{
	buf v = { 0 }, w = { 0 };

	obs_value_cited(s, &v, o, unit, lang);
	if (prev != NULL)
		obs_value_cited(s, &w, prev, unit, lang);
	buf_puts(b, v.data != NULL ? v.data : "");
	if (prev != NULL && w.data != NULL && v.data != NULL &&
	    strcmp(v.data, w.data) == 0) {
		if (strcmp(reeks_source_id(reeks_obs_source(o)),
		    reeks_source_id(reeks_obs_source(prev))) != 0) {
			buf_puts(b, " (");
			source_short(b, reeks_obs_source(o), lang);
			buf_putc(b, ')');
		} else if (reeks_obs_status(o) != reeks_obs_status(prev)) {
			buf_printf(b, " (%s)", msg(s, lang,
			    status_key(reeks_obs_status(o))));
		}
	}
	buf_free(&v);
	buf_free(&w);
}

/* Message KEY1 (releases A and Z the same) or KEYN, with VALUE and the
 * releases from A to Z (indices) as "release" or "first" and "last",
 * appended to B. */
static void
step_where(site *s, buf *b, size_t a, size_t z, const char *key1,
    const char *keyn, const char *value, reeks_lang lang)
{
	const char *pairs[] = { "value", value,
	    "release", reeks_release_name(s->releases[a].r),
	    "first", reeks_release_name(s->releases[a].r),
	    "last", reeks_release_name(s->releases[z].r), NULL };

	catalog_format(b, s->cat[lang], a == z ? key1 : keyn, pairs,
	    &s->errs);
}

mustache_value *
figure_history(site *s, const reeks_series *se, const reeks_obs *o,
    reeks_lang lang)
{
	mustache_arena *a = s->arena;
	const char *id = reeks_series_id(se), *period = reeks_obs_period(o);
	size_t n = s->nreleases, k = 0, steps = 0;
	const reeks_obs *prev = NULL;
	bool changed = false;
	buf b = { 0 }, v = { 0 };
	mustache_value *m;

	if (s->release != NULL || n == 0)
		return mustache_bool(a, false);
	/* Whether any version other than none changes later. */
	for (size_t j = 0; j < n && !changed; j++) {
		const reeks_obs *x = version_at(s, j, id, period, o);

		changed = x != NULL && !figure_same(x, version_at(s, j + 1,
		    id, period, o));
	}
	if (!changed)
		return mustache_bool(a, false);
	while (k < n && version_at(s, k, id, period, o) == NULL)
		k++;
	while (k <= n) {
		const reeks_obs *x = version_at(s, k, id, period, o);
		size_t z = k;

		while (z < n && figure_same(x, version_at(s, z + 1, id,
		    period, o)))
			z++;
		if (steps++ > 0)
			buf_puts(&b, "; ");
		buf_reset(&v);
		if (x != NULL)
			step_value(s, &v, x, prev, reeks_series_unit(se),
			    lang);
		if (x == NULL)
			step_where(s, &b, k, z, "history_absent",
			    "history_absent_range", "", lang);
		else if (k == n)
			step_where(s, &b, n - 1, n - 1, "history_unreleased",
			    "history_unreleased", v.data, lang);
		else if (z == n)
			step_where(s, &b, k, k, "history_since",
			    "history_since", v.data, lang);
		else
			step_where(s, &b, k, z, "history_in",
			    "history_in_range", v.data, lang);
		if (steps > 1) {
			buf_printf(&b, ": %s", msg(s, lang, x == NULL ?
			    "history_removed" : prev == NULL ?
			    "history_added" : "history_revised"));
			reason(&b, k < n ? &s->releases[k].changes :
			    &s->unreleased, id, period, lang);
		}
		prev = x;
		k = z + 1;
	}
	m = mustache_map(a);
	set_buf(s, m, "text", &b);
	buf_free(&b);
	buf_free(&v);
	return m;
}

mustache_value *
figure_later(site *s, const reeks_series *se, const reeks_obs *o,
    reeks_lang lang, const char *root)
{
	mustache_arena *a = s->arena;
	const char *id = reeks_series_id(se), *period = reeks_obs_period(o);
	size_t n = s->nreleases, at, since;
	const reeks_obs *cur;
	bool changed = false;
	buf b = { 0 }, v = { 0 }, href = { 0 };
	mustache_value *m;

	if (s->release == NULL)
		return mustache_bool(a, false);
	at = (size_t)(s->release - s->releases);
	cur = current_figure(s, id, period);
	for (size_t k = at + 1; k <= n && !changed; k++)
		changed = !figure_same(o, version_at(s, k, id, period, cur));
	if (!changed)
		return mustache_bool(a, false);
	/* Since when the current version is as it is: the first release of
	 * the last run of equal versions (n: none, not yet released). */
	since = n;
	while (since > at + 1 && figure_same(cur, version_at(s, since - 1, id,
	    period, cur)))
		since--;
	if (cur != NULL)
		obs_value_cited(s, &v, cur, reeks_series_unit(se), lang);
	{
		const char *pairs[] = { "value", v.data != NULL ? v.data : "",
		    "release", since < n ? reeks_release_name(
		    s->releases[since].r) : "", NULL };

		catalog_format(&b, s->cat[lang], cur == NULL ?
		    (since < n ? "later_removed" : "later_removed_unreleased") :
		    (since < n ? "later_revised" : "later_revised_unreleased"),
		    pairs, &s->errs);
	}
	m = mustache_map(a);
	set_buf(s, m, "text", &b);
	if (cur != NULL || current_has_series(s, id)) {
		series_href(&href, root, lang, id);
		if (cur != NULL) {
			buf_putc(&href, '#');
			obs_anchor(&href, cur);
		}
		set_str(s, m, "link", msg(s, lang, cur != NULL ?
		    "later_link" : "later_link_series"));
	} else {
		set_str(s, m, "link", NULL);
	}
	set_buf(s, m, "href", &href);
	buf_free(&b);
	buf_free(&v);
	buf_free(&href);
	return m;
}
