/*
 * site/pages.c: the home, sources, about, downloads and 404 pages, and the
 * pages at the root
 * (see site-internal.h).
 */
#include "site/site-internal.h"

/* ---- home, sources, about, 404 ---------------------------------------- */

/* Append to KEYS the key figure O of series SE: its link, title, value,
 * period and source, for the home page in LANG. B is scratch. */
static void
key_figure(site *s, mustache_value *keys, const char *root, reeks_lang lang,
    const reeks_series *se, const reeks_obs *o, buf *b)
{
	mustache_arena *a = s->arena;
	mustache_value *k = mustache_map(a);

	series_href(b, root, lang, reeks_series_id(se));
	buf_putc(b, '#');
	obs_anchor(b, o);
	set_buf(s, k, "href", b);
	set_str(s, k, "title", reeks_series_title(se, lang));
	chart_value_label(b, o, reeks_series_unit(se), lang);
	set_buf(s, k, "value", b);
	period_text(b, reeks_obs_period(o));
	set_buf(s, k, "period", b);
	mustache_map_set(a, k, "source", source_label(s, reeks_obs_source(o),
	    lang));
	mustache_list_push(a, keys, k);
}

void
home_page(site *s, reeks_lang lang)
{
	mustache_arena *a = s->arena;
	mustache_value *m = page_model(s, lang, "index.html",
	    msg(s, lang, "home_heading"), msg(s, lang, "site_tagline"),
	    "nav_home");
	const char *root = root_of(m);
	mustache_value *topics = mustache_list(a), *keys = mustache_list(a);
	buf b = { 0 };

	for (size_t i = 0; i < reeks_store_topic_count(s->st); i++) {
		const reeks_topic *t = reeks_store_topic_at(s->st, i);
		size_t n = reeks_series_by_topic(s->st, reeks_topic_id(t),
		    NULL, 0);
		mustache_value *tm = mustache_map(a);
		char count[32];

		if (n == 0)
			continue;
		buf_printf(&b, "%s%s/topics/%s.html", root, langs[lang],
		    reeks_topic_id(t));
		set_buf(s, tm, "href", &b);
		set_str(s, tm, "title", reeks_topic_title(t, lang));
		set_str(s, tm, "description", reeks_topic_description(t, lang));
		snprintf(count, sizeof count, "%zu", n);
		const char *pairs[] = { "n", count, NULL };
		mustache_map_set(a, tm, "count_label", fmt_msg(s, lang,
		    "topic_count", pairs));
		mustache_list_push(a, topics, tm);

		/* Key figures: the series the data marks key="true", in
		 * the topic's order, each with its latest figure that has a value and
		 * is not secondary (reeks check refuses a target or plan). */
		const reeks_series **all = malloc(n * sizeof *all);
		if (all == NULL) {
			errlist_add(&s->errs, NULL, 0, 0, "out of memory");
			break;
		}
		reeks_series_by_topic(s->st, reeks_topic_id(t), all, n);
		for (size_t j = 0; j < n; j++) {
			const reeks_series *se = all[j];
			const reeks_obs *o = NULL;

			if (!reeks_series_key(se))
				continue;
			for (size_t k = reeks_series_obs_count(se); k > 0;
			    k--) {
				const reeks_obs *ok = reeks_series_obs_at(se,
				    k - 1);
				if (reeks_obs_has_value(ok) &&
				    !reeks_obs_secondary(ok)) {
					o = ok;
					break;
				}
			}
			if (o != NULL)
				key_figure(s, keys, root, lang, se, o, &b);
		}
		free(all);
	}
	mustache_map_set(a, m, "topics", topics);
	mustache_map_set(a, m, "key_figures", keys);
	mustache_map_set(a, m, "jsonld", dataset_jsonld(s, NULL, lang, root));
	buf_printf(&b, "%s/index.html", langs[lang]);
	render(s, "index", m, b.failed ? NULL : b.data);
	buf_free(&b);
}

/* "1960–2024" for a series: the first figure's start year to the last
 * figure's end year, or one year. */
static void
years_text(buf *b, const reeks_series *se)
{
	size_t n = reeks_series_obs_count(se);
	reeks_date first = reeks_obs_period_start(reeks_series_obs_at(se, 0));
	reeks_date last = reeks_obs_period_end(reeks_series_obs_at(se,
	    n - 1));

	if (first.year == last.year)
		buf_printf(b, "%d", first.year);
	else
		buf_printf(b, "%d\u2013%d", first.year, last.year);
}

void
series_index_page(site *s, reeks_lang lang)
{
	mustache_arena *a = s->arena;
	mustache_value *m = page_model(s, lang, "series/index.html",
	    msg(s, lang, "index_heading"), msg(s, lang, "index_lead"),
	    "nav_series");
	const char *root = root_of(m);
	mustache_value *rows = mustache_list(a);
	buf b = { 0 };

	const reeks_series **all = malloc((reeks_store_series_count(s->st) +
	    1) * sizeof *all);
	size_t nall = 0;

	if (all == NULL) {
		errlist_add(&s->errs, NULL, 0, 0, "out of memory");
		return;
	}
	for (size_t i = 0; i < reeks_store_topic_count(s->st); i++)
		nall += reeks_series_by_topic(s->st, reeks_topic_id(
		    reeks_store_topic_at(s->st, i)), all + nall,
		    reeks_store_series_count(s->st) - nall);
	for (size_t i = 0; i < nall; i++) {
		const reeks_series *se = all[i];
		const reeks_topic *t = reeks_series_topic(se);
		size_t n = reeks_series_obs_count(se);
		mustache_value *r = mustache_map(a);
		char count[32];

		if (n == 0)
			continue;
		series_href(&b, root, lang, reeks_series_id(se));
		set_buf(s, r, "href", &b);
		set_str(s, r, "title", reeks_series_title(se, lang));
		buf_printf(&b, "%s%s/topics/%s.html", root, langs[lang],
		    reeks_topic_id(t));
		set_buf(s, r, "topic_href", &b);
		set_str(s, r, "topic", reeks_topic_title(t, lang));
		set_str(s, r, "place", reeks_geography_name(
		    reeks_series_geography(se), lang));
		buf_printf(&b, "unit_%s", reeks_unit_name(reeks_series_unit(se)));
		for (char *p = b.data; p != NULL && *p != '\0'; p++)
			if (*p == '-')
				*p = '_';
		set_str(s, r, "unit", msg(s, lang, b.data != NULL ? b.data :
		    "unit_count"));
		buf_reset(&b);
		years_text(&b, se);
		set_buf(s, r, "years", &b);
		snprintf(count, sizeof count, "%zu", n);
		set_str(s, r, "count", count);
		const reeks_obs *o = reeks_series_obs_at(se, n - 1);
		chart_value_label(&b, o, reeks_series_unit(se), lang);
		set_buf(s, r, "latest", &b);
		period_text(&b, reeks_obs_period(o));
		set_buf(s, r, "latest_period", &b);
		mustache_list_push(a, rows, r);
	}
	free(all);
	mustache_map_set(a, m, "series", rows);
	buf_printf(&b, "%s/series/index.html", langs[lang]);
	render(s, "series-index", m, b.failed ? NULL : b.data);
	buf_free(&b);
}

/* A source and its place in the store, for series_by_source(). */
typedef struct source_at {
	uintptr_t src;
	size_t i;
} source_at;

static int
compare_source_at(const void *a, const void *b)
{
	uintptr_t x = ((const source_at *)a)->src;
	uintptr_t y = ((const source_at *)b)->src;

	return (x > y) - (x < y);
}

/* The store's place of SRC among the N sources of BY (sorted), caching
 * the last found in *LAST; N when it is none of them. */
static size_t
source_place(const source_at *by, size_t n, const reeks_source *src,
    source_at *last)
{
	source_at key = { (uintptr_t)src, 0 };
	const source_at *f;

	if (last->src == key.src)
		return last->i;
	f = bsearch(&key, by, n, sizeof *by, compare_source_at);
	if (f == NULL)
		return n;
	*last = *f;
	return f->i;
}

/*
 * For each source I of ST, the series with at least one figure from it,
 * in the store's order, at (*SER)[(*START)[I]] up to (*SER)[(*START)[I +
 * 1]]: what reeks_series_by_source() finds for each source, in one pass
 * over the figures instead of one a source (it compares every figure's
 * source id: 12 sources and 500,000 figures took 4% of a build after one
 * series changed). Returns 0, or -1 when out of memory (nothing to
 * free); free both arrays after.
 */
static int
series_by_source(const reeks_store *st, size_t **start,
    const reeks_series ***ser)
{
	size_t nsrc = reeks_store_source_count(st);
	size_t nser = reeks_store_series_count(st), total = 0;
	source_at *by = malloc((nsrc ? nsrc : 1) * sizeof *by);
	size_t *seen = calloc(nsrc + 1, sizeof *seen);
	size_t *at = calloc(nsrc + 1, sizeof *at);
	const reeks_series **list = NULL;

	*start = NULL;
	*ser = NULL;
	if (by == NULL || seen == NULL || at == NULL)
		goto fail;
	for (size_t i = 0; i < nsrc; i++)
		by[i] = (source_at){ (uintptr_t)reeks_store_source_at(st, i),
		    i };
	qsort(by, nsrc, sizeof *by, compare_source_at);
	/* Twice over the figures: count, then place. SEEN[I] is the last
	 * series (+ 1) counted for source I. */
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1) {
			for (size_t i = 0, sum = 0; i <= nsrc; i++) {
				size_t c = at[i];

				at[i] = sum;
				sum += c;
			}
			if ((list = calloc(total ? total : 1,
			    sizeof *list)) == NULL)
				goto fail;
			memset(seen, 0, (nsrc + 1) * sizeof *seen);
		}
		for (size_t j = 0; j < nser; j++) {
			const reeks_series *se = reeks_store_series_at(st, j);
			source_at last = { 0, nsrc };

			for (size_t k = 0; k < reeks_series_obs_count(se);
			    k++) {
				size_t i = source_place(by, nsrc,
				    reeks_obs_source(reeks_series_obs_at(se,
				    k)), &last);

				if (i == nsrc || seen[i] == j + 1)
					continue;
				seen[i] = j + 1;
				if (pass == 0) {
					at[i]++;
					total++;
				} else
					list[at[i]++] = se;
			}
		}
	}
	/* AT[I] is now where source I + 1's series begin. */
	memmove(at + 1, at, nsrc * sizeof *at);
	at[0] = 0;
	free(by);
	free(seen);
	*start = at;
	*ser = list;
	return 0;
fail:
	free(by);
	free(seen);
	free(at);
	free(list);
	return -1;
}

void
sources_page(site *s, reeks_lang lang)
{
	mustache_arena *a = s->arena;
	mustache_value *m = page_model(s, lang, "sources.html",
	    msg(s, lang, "sources_heading"), msg(s, lang, "sources_lead"),
	    "nav_sources");
	const char *root = root_of(m);
	mustache_value *list = mustache_list(a);
	buf b = { 0 };

	size_t nsrc = reeks_store_source_count(s->st), *start = NULL;
	const reeks_series **ser = NULL;

	if (series_by_source(s->st, &start, &ser) != 0) {
		/* Never a page without its sources. */
		errlist_add(&s->errs, NULL, 0, 0, "out of memory");
		nsrc = 0;
	}
	for (size_t i = 0; i < nsrc; i++) {
		const reeks_source *src = reeks_store_source_at(s->st, i);
		mustache_value *sm = mustache_map(a), *sl = mustache_list(a);

		set_str(s, sm, "id", reeks_source_id(src));
		source_short(&b, src, lang);
		set_buf(s, sm, "heading", &b);
		set_str(s, sm, "citation",
		    reeks_source_citation_lang(src, lang));
		set_str(s, sm, "url", reeks_source_url(src));
		set_str(s, sm, "license", reeks_source_license(src));
		set_str(s, sm, "note", reeks_source_note(src, lang));
		for (size_t j = start[i]; j < start[i + 1]; j++) {
			mustache_value *e = mustache_map(a);

			series_href(&b, root, lang, reeks_series_id(ser[j]));
			set_buf(s, e, "href", &b);
			set_str(s, e, "title", reeks_series_title(ser[j], lang));
			mustache_list_push(a, sl, e);
		}
		mustache_map_set(a, sm, "series", sl);
		mustache_list_push(a, list, sm);
	}
	free(start);
	free(ser);
	mustache_map_set(a, m, "sources", list);
	buf_printf(&b, "%s/sources.html", langs[lang]);
	render(s, "sources", m, b.failed ? NULL : b.data);
	buf_free(&b);
}

void
about_page(site *s, reeks_lang lang)
{
	mustache_arena *a = s->arena;
	mustache_value *m = page_model(s, lang, "about.html",
	    msg(s, lang, "about_heading"), msg(s, lang, "about_lead"),
	    "nav_about");
	mustache_value *qs = mustache_list(a);
	static const char *const keys[] = {
		"qual_exact", "qual_approx", "qual_at_least", "qual_at_most",
		"qual_range"
	};
	buf b = { 0 };

	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		mustache_value *q = mustache_map(a);

		set_str(s, q, "name", msg(s, lang, keys[i]));
		buf_printf(&b, "%s_meaning", keys[i]);
		set_str(s, q, "meaning", msg(s, lang, b.data));
		buf_reset(&b);
		mustache_list_push(a, qs, q);
	}
	mustache_map_set(a, m, "qualifiers", qs);
	buf_printf(&b, "%s/about.html", langs[lang]);
	render(s, "about", m, b.failed ? NULL : b.data);
	buf_free(&b);
}

/* The format of a download, from its name. */
const char *
format_of(const char *path)
{
	static const struct {
		const char *ext, *format;
	} formats[] = {
		{ ".csv.gz", "CSV, gzip" }, { ".xml.gz", "XML, gzip" },
		{ ".json.gz", "JSON, gzip" },
		{ "-excel.csv", "CSV (UTF-8 BOM)" }, { ".csv", "CSV" },
		{ ".xlsx", "XLSX" },
		{ ".xml", "XML" }, { ".json", "JSON" }, { ".xsd", "XML Schema" },
		{ ".rdf", "DCAT-AP (RDF/XML)" }, { ".zip", "ZIP" },
		{ "SHA256SUMS", "SHA-256" }, { ".txt", "TXT" },
	};
	size_t len = strlen(path);

	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		size_t el = strlen(formats[i].ext);

		if (len >= el && strcmp(path + len - el, formats[i].ext) == 0)
			return formats[i].format;
	}
	return "";
}

/* A size for readers: "812 bytes", "12.3 kB", "1.2 MB". */
void
size_text(buf *b, size_t bytes, reeks_lang lang)
{
	/* "bytes" is the same word in English and Dutch. */
	if (bytes < 1000) {
		buf_printf(b, "%zu bytes", bytes);
		return;
	}
	if (bytes < 1000000) {
		fmt_double(b, (double)bytes / 1000, 1, lang);
		buf_puts(b, " kB");
		return;
	}
	fmt_double(b, (double)bytes / 1e6, 1, lang);
	buf_puts(b, " MB");
}

/*
 * The snippets that load a CSV download (BASE "data/" DIR NAME ".csv")
 * in R and in pandas, appended to B: with the columns' types right
 * (period as text, secondary as true/false: R's read.csv would read
 * "true" as text), leaving out the secondary figures, and printing how
 * many rows are left. tests/snippets.sh runs every one on the site.
 */
void
snippet_r(buf *b, const char *base, const char *dir, const char *name)
{
	buf_printf(b, "# R\nx <- read.csv(\"%sdata/%s%s.csv\",\n"
	    "  na.strings = \"\", colClasses = c(period = \"character\",\n"
	    "  secondary = \"logical\"))\n"
	    "x <- x[!x$secondary, ]  # without the secondary figures\n"
	    "print(nrow(x))", base, dir, name);
}

void
snippet_pandas(buf *b, const char *base, const char *dir, const char *name)
{
	buf_printf(b, "# Python\nimport pandas as pd\nx = pd.read_csv("
	    "\"%sdata/%s%s.csv\",\n  dtype={\"period\": str, "
	    "\"secondary\": bool})\n"
	    "x = x[~x[\"secondary\"]]  # without the secondary figures\n"
	    "print(len(x))", base, dir, name);
}

/* The place of a whole-dataset download on the downloads page: the CSV
 * and the spreadsheets first, then the other formats, the schema, the
 * rates (a name ending in '/' stands for everything under it), the
 * bundle, the catalogue, and the checksums last; a file not named here
 * before the checksums. */
static size_t
download_rank(const char *path)
{
	static const char *const order[] = {
		"data/reeks.csv", "data/reeks.csv.gz", "data/reeks-excel.csv",
		"data/reeks.xlsx", "data/reeks.xml", "data/reeks.xml.gz",
		"data/reeks.json", "data/reeks.json.gz", "data/reeks.xsd",
		"data/rates.csv", "data/rates.csv.gz", "data/rates.json",
		"data/rates.json.gz", "data/rates/", "data/tableschema.json",
		"data/datapackage.json", "data/reeks.zip", "data/catalog.rdf",
		NULL,   /* anything else */
		"data/SHA256SUMS",
	};
	size_t n = sizeof order / sizeof order[0], other = n;

	for (size_t i = 0; i < n; i++) {
		size_t len = order[i] != NULL ? strlen(order[i]) : 0;

		if (order[i] == NULL)
			other = i;
		else if (order[i][len - 1] == '/' ?
		    strncmp(path, order[i], len) == 0 :
		    strcmp(path, order[i]) == 0)
			return i;
	}
	return other;
}

static int
compare_downloads(const void *pa, const void *pb)
{
	const out_file *a = *(const out_file *const *)pa;
	const out_file *b = *(const out_file *const *)pb;
	size_t ra = download_rank(a->path), rb = download_rank(b->path);

	return ra != rb ? (ra > rb) - (ra < rb) : strcmp(a->path, b->path);
}

void
downloads_page(site *s, reeks_lang lang)
{
	mustache_arena *a = s->arena;
	mustache_value *m = page_model(s, lang, "downloads.html",
	    msg(s, lang, "downloads_page_heading"),
	    msg(s, lang, "downloads_page_lead"), "nav_downloads");
	const char *root = root_of(m);
	mustache_value *files = mustache_list(a), *snip = mustache_map(a);
	mustache_value *changes = mustache_list(a);
	const char *base = s->opts->base_url != NULL ? s->opts->base_url : "";
	buf b = { 0 };

	/* The whole dataset, not the per-series files: those are on each
	 * series page. In the order of download_rank(), not the order in
	 * which the build happened to list them. */
	size_t nd = 0;
	const out_file **down = malloc((out_count(s->out) + 1) *
	    sizeof *down);

	if (down == NULL)
		errlist_add(&s->errs, NULL, 0, 0, "out of memory");
	for (size_t i = 0; down != NULL && i < out_count(s->out); i++) {
		const out_file *f = out_at(s->out, i);

		if (strncmp(f->path, "data/", 5) == 0 &&
		    strncmp(f->path, "data/series/", 12) != 0)
			down[nd++] = f;
	}
	if (nd > 0)
		qsort(down, nd, sizeof *down, compare_downloads);
	for (size_t i = 0; i < nd; i++) {
		const out_file *f = down[i];
		mustache_value *fm;

		fm = mustache_map(a);
		buf_printf(&b, "%s%s", root, f->path);
		set_buf(s, fm, "href", &b);
		set_str(s, fm, "name", f->path + 5);
		set_str(s, fm, "format", format_of(f->path));
		size_text(&b, f->bytes, lang);
		set_buf(s, fm, "size", &b);
		set_str(s, fm, "sha256", f->sha256);
		mustache_list_push(a, files, fm);
	}
	free(down);
	if (s->nreleases > 0)
		buf_printf(&b, "%s%s/releases.html", root_of(m), langs[lang]);
	set_buf(s, m, "releases_href", &b);
	mustache_map_set(a, m, "files", files);
	snippet_r(&b, base, "", "reeks");
	set_buf(s, snip, "r", &b);
	snippet_pandas(&b, base, "", "reeks");
	set_buf(s, snip, "pandas", &b);
	mustache_map_set(a, m, "snippets", snip);
	for (size_t i = reeks_store_change_count(s->st); i-- > 0;) {
		const reeks_change *c = reeks_store_change_at(s->st, i);
		mustache_value *cm = mustache_map(a);

		set_str(s, cm, "id", reeks_change_id(c));
		set_str(s, cm, "date_iso", reeks_change_date(c));
		if (!fmt_date_iso(&b, reeks_change_date(c), lang))
			buf_puts(&b, reeks_change_date(c));
		set_buf(s, cm, "date", &b);
		set_str(s, cm, "title", reeks_change_title(c, lang));
		set_str(s, cm, "summary", reeks_change_summary(c, lang));
		mustache_list_push(a, changes, cm);
	}
	mustache_map_set(a, m, "changes", changes);
	buf_printf(&b, "%s/downloads.html", langs[lang]);
	render(s, "downloads", m, b.failed ? NULL : b.data);
	buf_free(&b);
}

void
notfound_page(site *s, reeks_lang lang)
{
	mustache_value *m = page_model(s, lang, "404.html",
	    msg(s, lang, "notfound_heading"), msg(s, lang, "notfound_text"),
	    NULL);
	buf b = { 0 };

	buf_printf(&b, "%s/404.html", langs[lang]);
	render(s, "404", m, b.failed ? NULL : b.data);
	buf_free(&b);
}

void
root_pages(site *s)
{
	mustache_arena *a = s->arena;
	mustache_value *m = mustache_map(a);

	for (int l = 0; l < 2; l++) {
		mustache_value *t = mustache_map(a);

		for (size_t i = 0; i < catalog_count(s->cat[l]); i++)
			mustache_map_set(a, t, catalog_key_at(s->cat[l], i),
			    mustache_string_ref(a,
			    catalog_text_at(s->cat[l], i)));
		mustache_map_set(a, m, langs[l], t);
	}
	render(s, "root", m, "index.html");
}
