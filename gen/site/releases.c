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
		snprintf(r->prefix, sizeof r->prefix, "releases/%s/",
		    reeks_release_name(r->r));
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

/* ---- a release's files ------------------------------------------------ */

/* The name a member "reeks/X" of the zip has on the site: "X". */
static const char *
member_name(const release_member *m)
{
	const char *slash = strchr(m->name, '/');

	return slash != NULL ? slash + 1 : m->name;
}

/* Whether member M is one to publish: one of the names bundle_write()
 * gives, under "reeks/" (nothing else becomes a path). */
static bool
member_ok(const release_member *m)
{
	static const char *const known[] = {
		"reeks/README.txt", "reeks/LICENSE.txt",
		"reeks/datapackage.json", "reeks/reeks.csv", "reeks/reeks.xml",
		"reeks/reeks.json", "reeks/reeks.xsd",
	};

	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		if (strcmp(m->name, known[i]) == 0)
			return true;
	return false;
}

/* "reeks-NAME.zip": the zip's name on the site says which release. */
static void
zip_name(buf *b, const site_release *r)
{
	buf_printf(b, "reeks-%s.zip", reeks_release_name(r->r));
}

void
release_files_write(site *s, const site_release *r)
{
	buf path = { 0 }, sums = { 0 }, name = { 0 };
	char hex[65];
	/* SHA256SUMS lists the files by name, as sha256sum -c reads it. */
	const char **names = calloc(r->files.nmembers + 1, sizeof *names);
	size_t n = 0;

	if (names == NULL) {
		errlist_oom(&s->errs, NULL);
		return;
	}
	zip_name(&name, r);
	buf_printf(&path, "%s%s", r->prefix, name.data);
	write_file(s, path.failed ? NULL : path.data, r->files.zip,
	    r->files.zip_len);
	for (size_t i = 0; i < r->files.nmembers; i++) {
		const release_member *m = &r->files.members[i];

		if (!member_ok(m)) {
			errlist_add(&s->errs, reeks_release_file(r->r),
			    reeks_release_line(r->r), 0, "release %s: its zip "
			    "has a member '%s', which this reeks does not "
			    "publish",
			    reeks_release_name(r->r), m->name);
			continue;
		}
		buf_reset(&path);
		buf_printf(&path, "%s%s", r->prefix, member_name(m));
		write_file(s, path.failed ? NULL : path.data, m->data, m->len);
	}
	/* In the order of their names, the zip's first. */
	names[n++] = name.data;
	for (size_t i = 0; i < r->files.nmembers; i++)
		if (member_ok(&r->files.members[i]))
			names[n++] = member_name(&r->files.members[i]);
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0;
		    j--) {
			const char *t = names[j];

			names[j] = names[j - 1];
			names[j - 1] = t;
		}
	for (size_t i = 0; i < n; i++) {
		const release_member *m = NULL;

		for (size_t j = 0; j < r->files.nmembers; j++)
			if (strcmp(member_name(&r->files.members[j]),
			    names[i]) == 0)
				m = &r->files.members[j];
		if (m != NULL)
			sha256_hex(m->data, m->len, hex);
		else
			memcpy(hex, r->files.sha256, sizeof hex);
		buf_printf(&sums, "%s  %s\n", hex, names[i]);
	}
	buf_reset(&path);
	buf_printf(&path, "%sSHA256SUMS", r->prefix);
	write_file(s, path.failed || sums.failed ? NULL : path.data,
	    sums.data != NULL ? sums.data : "", sums.len);
	free(names);
	buf_free(&path);
	buf_free(&sums);
	buf_free(&name);
}

/* ---- a release's series pages ------------------------------------------- */

/* Render with S showing release R (its store, date and paths), then
 * back. */
typedef struct shown {
	reeks_store *st;
	const site_release *release;
	const char *prefix;
	char updated[16];
} shown;

static void
show_release(site *s, const site_release *r, shown *was)
{
	was->st = s->st;
	was->release = s->release;
	was->prefix = s->prefix;
	memcpy(was->updated, s->updated, sizeof was->updated);
	s->st = r->st;
	s->release = r;
	s->prefix = r->prefix;
	snprintf(s->updated, sizeof s->updated, "%s",
	    reeks_release_date(r->r));
}

static void
show_back(site *s, const shown *was)
{
	s->st = was->st;
	s->release = was->release;
	s->prefix = was->prefix;
	memcpy(s->updated, was->updated, sizeof s->updated);
}

void
release_series_page(site *s, const site_release *r, size_t i,
    reeks_lang lang)
{
	const reeks_series *se = reeks_store_series_at(r->st, i);
	shown was;

	if (!reeks_id_valid(reeks_series_id(se))) {
		errlist_add(&s->errs, reeks_release_file(r->r),
		    reeks_release_line(r->r), 0, "release %s: series id '%s' "
		    "is not safe as a file name", reeks_release_name(r->r),
		    reeks_series_id(se));
		return;
	}
	show_release(s, r, &was);
	series_page(s, se, lang);
	show_back(s, &was);
}

/* The date of release R in words in LANG, into B. */
static void
release_date(buf *b, const site_release *r, reeks_lang lang)
{
	if (!fmt_date_iso(b, reeks_release_date(r->r), lang))
		buf_puts(b, reeks_release_date(r->r));
}

mustache_value *
release_banner(site *s, const reeks_series *se, reeks_lang lang,
    const char *root)
{
	const site_release *r = s->release;
	mustache_value *v;
	buf b = { 0 }, date = { 0 };

	if (r == NULL)
		return mustache_bool(s->arena, false);
	v = mustache_map(s->arena);
	release_date(&date, r, lang);
	const char *pairs[] = { "name", reeks_release_name(r->r), "date",
	    date.data != NULL ? date.data : "", NULL };
	/* The text before and after the release's name, which the page
	 * keeps on one line ("2026-12" never broken at its hyphen). */
	catalog_format(&b, s->cat[lang], "release_banner", pairs, &s->errs);
	const char *t = b.data != NULL ? b.data : "";
	const char *at = strstr(t, reeks_release_name(r->r));
	size_t nl = strlen(reeks_release_name(r->r));

	set_str(s, v, "name", at != NULL ? reeks_release_name(r->r) : "");
	set_str(s, v, "after", at != NULL ? at + nl : "");
	if (at != NULL)
		b.data[at - t] = '\0';
	set_str(s, v, "before", t);
	buf_reset(&b);
	if (reeks_series_find(s->latest, reeks_series_id(se)) != NULL)
		series_href(&b, root, lang, reeks_series_id(se));
	set_buf(s, v, "latest_href", &b);
	buf_printf(&b, "%s%s%s/index.html", root, r->prefix, langs[lang]);
	set_buf(s, v, "page_href", &b);
	buf_free(&b);
	buf_free(&date);
	return v;
}

void
release_downloads(site *s, mustache_value *m, reeks_lang lang,
    const char *root)
{
	mustache_arena *a = s->arena;
	mustache_value *dl = mustache_list(a);
	const site_release *r = s->release;
	buf b = { 0 };
	static const struct {
		const char *file, *type, *label;
	} formats[] = {
		{ "reeks.csv", "text/csv", "CSV" },
		{ "reeks.xml", "application/xml", "XML" },
		{ "reeks.json", "application/json", "JSON" },
		{ NULL, "application/zip", "ZIP" },
	};

	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		mustache_value *d = mustache_map(a);

		buf_printf(&b, "%s%s", root, r->prefix);
		if (formats[i].file != NULL)
			buf_puts(&b, formats[i].file);
		else
			zip_name(&b, r);
		set_buf(s, d, "href", &b);
		set_str(s, d, "type", formats[i].type);
		const char *pairs[] = { "format", formats[i].label, "name",
		    reeks_release_name(r->r), NULL };
		mustache_map_set(a, d, "label", fmt_msg(s, lang,
		    "release_download", pairs));
		set_str(s, d, "sep", i > 0 ? "," : "");
		mustache_list_push(a, dl, d);
	}
	mustache_map_set(a, m, "downloads", dl);
	mustache_map_set(a, m, "snippets", mustache_bool(a, false));
	buf_free(&b);
}

/* ---- a release's page, and the list --------------------------------------- */

/* "3 figures revised, 1 added, 1 removed" for C in LANG. */
static mustache_value *
counts_text(site *s, const site_release *r, reeks_lang lang)
{
	buf a = { 0 }, d = { 0 }, v = { 0 }, ns = { 0 }, no = { 0 };
	mustache_value *m;

	if (r->first) {
		fmt_double(&ns, (double)reeks_store_series_count(r->st), 0,
		    lang);
		fmt_double(&no, (double)reeks_store_obs_count(r->st), 0, lang);
		const char *pairs[] = { "series", ns.data, "figures", no.data,
		    NULL };
		m = fmt_msg(s, lang, "release_first", pairs);
	} else {
		fmt_double(&a, (double)r->changes.added, 0, lang);
		fmt_double(&d, (double)r->changes.removed, 0, lang);
		fmt_double(&v, (double)r->changes.revised, 0, lang);
		const char *pairs[] = { "added", a.data, "removed", d.data,
		    "revised", v.data, "previous",
		    reeks_release_name(r[-1].r), NULL };
		m = fmt_msg(s, lang, "release_counts", pairs);
	}
	buf_free(&a);
	buf_free(&d);
	buf_free(&v);
	buf_free(&ns);
	buf_free(&no);
	return m;
}

/* The figure O (of series SE, NULL: none) as cited, into B. */
static void
figure_text(site *s, buf *b, const reeks_obs *o, reeks_lang lang)
{
	buf_reset(b);
	if (o == NULL)
		buf_puts(b, "\xe2\x80\x93");    /* an en dash: none */
	else
		obs_value_cited(s, b, o, reeks_series_unit(reeks_obs_series(o)),
		    lang);
}

/* Why revision V happened, in LANG: the change log entry the new figure
 * names, else the titles of the entries dated after the old release. */
static void
reason_text(buf *b, const revisions *rv, const revision *v, reeks_lang lang)
{
	buf_reset(b);
	if (v->change != NULL) {
		buf_puts(b, reeks_change_title(v->change, lang));
		return;
	}
	for (size_t i = 0; i < rv->nlog; i++)
		buf_printf(b, "%s%s", i > 0 ? "; " : "",
		    reeks_change_title(rv->log[i], lang));
}

/* The rows of the revisions RV, from release OLD (NULL: the latest
 * release) to NEW (NULL: the current data), on a page whose root is
 * ROOT. */
static mustache_value *
revision_rows(site *s, const revisions *rv, const site_release *old,
    const site_release *new, reeks_lang lang, const char *root)
{
	mustache_arena *a = s->arena;
	mustache_value *rows = mustache_list(a);
	buf b = { 0 };

	for (size_t i = 0; i < rv->n; i++) {
		const revision *v = &rv->v[i];
		const reeks_obs *o = v->new != NULL ? v->new : v->old;
		const reeks_series *se = reeks_obs_series(o);
		/* A removed figure is on the old release's page. */
		const site_release *on = v->new != NULL ? new : old;
		mustache_value *r = mustache_map(a);
		static const char *const kinds[] = { "revision_added",
		    "revision_removed", "revision_revised" };

		set_str(s, r, "series", reeks_series_title(se, lang));
		buf_printf(&b, "%s%s%s/series/%s.html", root,
		    on != NULL ? on->prefix : "", langs[lang], v->series);
		set_buf(s, r, "series_href", &b);
		buf_printf(&b, "%s%s%s/series/%s.html#", root,
		    on != NULL ? on->prefix : "", langs[lang], v->series);
		obs_anchor(&b, o);
		set_buf(s, r, "href", &b);
		period_text(&b, v->period);
		set_buf(s, r, "period", &b);
		set_str(s, r, "change", msg(s, lang, kinds[v->kind]));
		figure_text(s, &b, v->old, lang);
		set_buf(s, r, "old", &b);
		figure_text(s, &b, v->new, lang);
		set_buf(s, r, "new", &b);
		if (v->old != NULL && v->new != NULL &&
		    strcmp(reeks_source_id(reeks_obs_source(v->old)),
		    reeks_source_id(reeks_obs_source(v->new))) != 0) {
			buf was = { 0 }, now = { 0 };

			source_short(&was, reeks_obs_source(v->old), lang);
			buf_printf(&was, ", %s", reeks_obs_locator_lang(v->old,
			    lang));
			source_short(&now, reeks_obs_source(v->new), lang);
			buf_printf(&now, ", %s", reeks_obs_locator_lang(v->new,
			    lang));
			const char *pairs[] = { "old", was.data, "new", now.data,
			    NULL };
			mustache_map_set(a, r, "source", fmt_msg(s, lang,
			    "revision_source", pairs));
			buf_free(&was);
			buf_free(&now);
		} else {
			set_str(s, r, "source", NULL);
		}
		reason_text(&b, rv, v, lang);
		set_buf(s, r, "reason", &b);
		mustache_list_push(a, rows, r);
	}
	buf_free(&b);
	return rows;
}

/* The files of release R, as the release's page lists them (the page
 * being in R's language directory). */
static mustache_value *
file_rows(site *s, const site_release *r, reeks_lang lang)
{
	mustache_arena *a = s->arena;
	mustache_value *files = mustache_list(a);
	buf b = { 0 }, name = { 0 };
	char hex[65];

	zip_name(&name, r);
	for (size_t i = 0; i <= r->files.nmembers; i++) {
		const release_member *m = i > 0 ? &r->files.members[i - 1] :
		    NULL;
		const char *fname = m != NULL ? member_name(m) : name.data;
		mustache_value *f;

		if (fname == NULL || (m != NULL && !member_ok(m)))
			continue;
		f = mustache_map(a);
		set_str(s, f, "name", fname);
		buf_printf(&b, "../%s", fname);
		set_buf(s, f, "href", &b);
		set_str(s, f, "format", format_of(fname));
		size_text(&b, m != NULL ? m->len : r->files.zip_len, lang);
		set_buf(s, f, "size", &b);
		if (m != NULL)
			sha256_hex(m->data, m->len, hex);
		else
			memcpy(hex, r->files.sha256, sizeof hex);
		set_str(s, f, "sha256", hex);
		mustache_list_push(a, files, f);
	}
	buf_free(&b);
	buf_free(&name);
	return files;
}

void
release_page(site *s, const site_release *r, reeks_lang lang)
{
	mustache_arena *a = s->arena;
	size_t k = (size_t)(r - s->releases);
	buf b = { 0 }, title = { 0 }, path = { 0 }, rel = { 0 };
	mustache_value *m, *list;
	const char *root;
	shown was;

	show_release(s, r, &was);
	release_date(&b, r, lang);
	const char *pairs[] = { "name", reeks_release_name(r->r), "date",
	    b.data != NULL ? b.data : "", NULL };
	catalog_format(&title, s->cat[lang], "release_heading", pairs,
	    &s->errs);
	buf_puts(&rel, "index.html");
	m = page_model(s, lang, rel.data, title.data,
	    reeks_release_note(r->r, lang), "nav_downloads");
	root = root_of(m);
	/* The release as a schema.org Dataset, of its version and date. */
	mustache_map_set(a, m, "jsonld", dataset_jsonld(s, NULL, lang, root));
	mustache_map_set(a, m, "lead", fmt_msg(s, lang, "release_lead",
	    pairs));
	set_str(s, m, "name", reeks_release_name(r->r));
	set_buf(s, m, "date", &b);
	set_str(s, m, "date_iso", reeks_release_date(r->r));
	set_str(s, m, "note", reeks_release_note(r->r, lang));
	buf_printf(&b, "%s%s/releases.html", root, langs[lang]);
	set_buf(s, m, "releases_href", &b);
	if (k + 1 < s->nreleases) {
		const site_release *next = &s->releases[k + 1];
		mustache_value *n = mustache_map(a);

		set_str(s, n, "name", reeks_release_name(next->r));
		buf_printf(&b, "%s%s%s/index.html", root, next->prefix,
		    langs[lang]);
		set_buf(s, n, "href", &b);
		mustache_map_set(a, m, "next", n);
	} else {
		mustache_map_set(a, m, "next", mustache_bool(a, false));
	}
	mustache_map_set(a, m, "files", file_rows(s, r, lang));
	mustache_map_set(a, m, "counts", counts_text(s, r, lang));
	mustache_map_set(a, m, "revisions", revision_rows(s, &r->changes,
	    r->first ? NULL : r - 1, r, lang, root));
	mustache_map_set(a, m, "has_revisions", mustache_bool(a,
	    r->changes.n > 0));
	list = mustache_list(a);
	for (size_t i = 0; i < reeks_store_series_count(r->st); i++) {
		const reeks_series *se = reeks_store_series_at(r->st, i);
		mustache_value *e = mustache_map(a);

		set_str(s, e, "title", reeks_series_title(se, lang));
		buf_printf(&b, "series/%s.html", reeks_series_id(se));
		set_buf(s, e, "href", &b);
		mustache_list_push(a, list, e);
	}
	mustache_map_set(a, m, "series", list);
	buf_printf(&b, "%zu", reeks_store_series_count(r->st));
	set_buf(s, m, "series_count", &b);
	render(s, "release", m, page_path(s, &path, lang, &rel));
	show_back(s, &was);
	buf_free(&b);
	buf_free(&title);
	buf_free(&path);
	buf_free(&rel);
}

void
releases_page(site *s, reeks_lang lang)
{
	mustache_arena *a = s->arena;
	mustache_value *m = page_model(s, lang, "releases.html",
	    msg(s, lang, "releases_heading"), msg(s, lang, "releases_lead"),
	    "nav_downloads");
	mustache_value *list = mustache_list(a);
	const char *root = root_of(m);
	buf b = { 0 };

	for (size_t k = s->nreleases; k-- > 0;) {
		const site_release *r = &s->releases[k];
		mustache_value *e = mustache_map(a);

		set_str(s, e, "name", reeks_release_name(r->r));
		buf_printf(&b, "%s%s%s/index.html", root, r->prefix,
		    langs[lang]);
		set_buf(s, e, "href", &b);
		release_date(&b, r, lang);
		set_buf(s, e, "date", &b);
		set_str(s, e, "date_iso", reeks_release_date(r->r));
		set_str(s, e, "note", reeks_release_note(r->r, lang));
		mustache_map_set(a, e, "counts", counts_text(s, r, lang));
		zip_name(&b, r);
		set_buf(s, e, "zip", &b);
		buf_printf(&b, "%s%s", root, r->prefix);
		zip_name(&b, r);
		set_buf(s, e, "zip_href", &b);
		size_text(&b, r->files.zip_len, lang);
		set_buf(s, e, "size", &b);
		set_str(s, e, "sha256", r->files.sha256);
		mustache_map_set(a, e, "latest", mustache_bool(a,
		    k + 1 == s->nreleases));
		mustache_list_push(a, list, e);
	}
	mustache_map_set(a, m, "releases", list);

	/* What the current data changed since the latest release. */
	if (s->unreleased.n > 0) {
		const site_release *last = &s->releases[s->nreleases - 1];
		mustache_value *u = mustache_map(a);
		buf ad = { 0 }, rm = { 0 }, rv = { 0 };

		fmt_double(&ad, (double)s->unreleased.added, 0, lang);
		fmt_double(&rm, (double)s->unreleased.removed, 0, lang);
		fmt_double(&rv, (double)s->unreleased.revised, 0, lang);
		const char *pairs[] = { "added", ad.data, "removed", rm.data,
		    "revised", rv.data, "previous",
		    reeks_release_name(last->r), NULL };
		mustache_map_set(a, u, "counts", fmt_msg(s, lang,
		    "releases_unreleased", pairs));
		mustache_map_set(a, u, "rows", revision_rows(s, &s->unreleased,
		    last, NULL, lang, root));
		mustache_map_set(a, m, "unreleased", u);
		buf_free(&ad);
		buf_free(&rm);
		buf_free(&rv);
	} else {
		mustache_map_set(a, m, "unreleased", mustache_bool(a, false));
	}
	buf_printf(&b, "%s/releases.html", langs[lang]);
	render(s, "releases", m, b.failed ? NULL : b.data);
	buf_free(&b);
}
