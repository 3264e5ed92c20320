/*
 * site-internal.h: what the files of 'reeks build' (gen/site/) share
 * (see site.h).
 *
 * Everything is read and checked first (data, message catalogues, every
 * template), then each page gets a model (mustache values) and is
 * rendered in strict mode into the staged output directory; only a build
 * without a single error is put in place of the old site.
 *
 * Links between pages are relative ("../series/x.html"), so the site
 * works from any sub-path and from file://. Absolute URLs (hreflang,
 * canonical, citations, catalogues, feed, sitemap) come from --base-url.
 */
#ifndef REEKS_SITE_INTERNAL_H
#define REEKS_SITE_INTERNAL_H

#define _DEFAULT_SOURCE         /* timegm */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/buf.h"
#include "site/catalog.h"
#include "data/downloads.h"
#include "site/chart.h"
#include "site/chartfile.h"
#include "util/errlist.h"
#include "data/feed.h"
#include "util/format.h"
#include "gen.h"
#include "mustache.h"
#include "out/out.h"
#include "shared.h"
#include "util/sha256.h"
#include "data/releases.h"
#include "site/site.h"

extern const char *const langs[2];

/*
 * A release as the build knows it (site/releases.c): read and checked
 * against the release list, its data loaded, and its revisions from the
 * release before (none for the first).
 */
typedef struct site_release {
	const reeks_release *r;
	release_files files;        /* its zip and the zip's members */
	reeks_store *st;            /* its data */
	revisions changes;          /* from the release before it */
	bool first;
	char prefix[32];            /* "releases/NAME/" */
} site_release;

/*
 * The build. While pages render in parallel, each thread works on a copy
 * of this with its own engine, arena, error lists and batch of files (the
 * engine is not thread-safe); the store, the catalogues and the options
 * are shared and only read.
 */
typedef struct site {
	const site_opts *opts;
	reeks_store *st;
	catalog *cat[2];
	chart_words words[2];
	mustache_engine *engine;
	mustache_arena *arena;
	mustache_errors *merrs;
	/* Every page's "t", the messages of each language, built once by
	 * load_inputs() in TARENA and only read after (shared by the
	 * threads' copies; freed with the site). */
	mustache_arena *tarena;
	mustache_value *tmap[2];
	out_dir *out;
	out_batch *batch;           /* a thread's files; NULL: write to OUT */
	errlist errs;
	char **warnings;            /* the data's warnings, as reported */
	size_t nwarnings;
	chart_png_stats *png;       /* the charts' PNGs (shared) */
	char updated[16];           /* YYYY-MM-DD */
	size_t pages;
	reeks_load_stats load;      /* what loading the data did */
	/* The computed intervals of one series' observations, worked out
	 * once for both languages' pages (they are slow: Poisson). */
	const reeks_series *ci_series;
	reeks_obs_ci_method *ci_method;
	reeks_interval *ci;
	size_t ci_cap;
	/* The indicators with a comparison page, sorted (comparison.c). */
	const char **compared;
	size_t ncompared;
	/* The releases, oldest first (site/releases.c), and the revisions
	 * from the latest to the current data (empty without releases). */
	site_release *releases;
	size_t nreleases;
	revisions unreleased;
	/* While a release's pages render: that release, and the way from
	 * the site's root to its pages' language directories
	 * ("releases/NAME/"); else NULL and "". The page model's root is
	 * the site's root, its nav the current site's pages. */
	const site_release *release;
	const char *prefix;
	const reeks_store *latest;  /* the current data (S->st otherwise) */
	/* keys.c: the site's and each series' keys (NULL: none), and the
	 * group of the page being rendered (its files are put under it),
	 * else NULL. */
	struct site_keys *keys;
	const char *group;
	/* render()'s output, kept from page to page so that it grows once
	 * (its own in each thread's copy). */
	mustache_buf page_out;
} site;

/* site/releases.c: read every release of the data (their zips checked
 * against the release list), load their data and find their revisions.
 * False with the errors in S->errs. */
bool
releases_load(site *s);

void
releases_free(site *s);

/* The release R's figure of series ID and PERIOD, or NULL. */
const reeks_obs *
release_figure(const site_release *r, const char *id, const char *period);

/* The latest release in which figure O of the current data is as it is
 * now (the latest release, when O is unchanged since), or NULL when O
 * changed (or came) after the latest release, or there is none. */
const site_release *
figure_release(const site *s, const reeks_obs *o);

/* The release named NAME, or NULL. */
const site_release *
site_release_find(const site *s, const char *name);

/* The release's pages and files: releases/NAME/ (downloads), its page
 * in each language, and its series' pages (release_pages in
 * releases.c; the series pages through series_page() with S->release
 * set). */
void
release_files_write(site *s, const site_release *r);

void
release_page(site *s, const site_release *r, reeks_lang lang);

/* On a series page: while a release's pages render, the banner that says
 * so (text, latest_href, page_href), and the release's downloads and no
 * snippets in M; else false. */
mustache_value *
release_banner(site *s, const reeks_series *se, reeks_lang lang,
    const char *root);

void
release_downloads(site *s, mustache_value *m, reeks_lang lang,
    const char *root);

/* pages.c: a download's format from its name ("CSV"), and its size for
 * readers ("12.3 kB"). */
const char *
format_of(const char *path);

void
size_text(buf *b, size_t bytes, reeks_lang lang);

/* The page of release R's series I (in R's store) in LANG. */
void
release_series_page(site *s, const site_release *r, size_t i,
    reeks_lang lang);

void
releases_page(site *s, reeks_lang lang);

/* site/rates.c: the section "Rate per 100,000 inhabitants" of count
 * series SE's page, or false when SE names no population series. */
mustache_value *
rates_section(site *s, const reeks_series *se, reeks_lang lang,
    const char *root);

/* site/model.c */
void
status(const site *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

void
show_progress(void *arg, size_t done, size_t n);

const char *
msg(site *s, reeks_lang lang, const char *key);

mustache_value *
fmt_msg(site *s, reeks_lang lang, const char *key, const char *const *pairs);

void
set_str(site *s, mustache_value *m, const char *key, const char *text);

void
set_buf(site *s, mustache_value *m, const char *key, buf *b);

void
period_text(buf *b, const char *period);

void
obs_anchor(buf *b, const reeks_obs *o);

void
value_text(buf *b, const char *text, reeks_unit unit, reeks_lang lang);

void
obs_value(buf *b, const reeks_obs *o, reeks_unit unit, reeks_lang lang);

void
stat_number(buf *b, double v, reeks_lang lang);

void
signed_pct(buf *b, double v, reeks_lang lang);

const char *
qualifier_key(reeks_qualifier q);

const char *
status_key(char status);

mustache_load_result
load_template(void *arg, const char *name, char **text, size_t *len,
    char **file);

bool
load_inputs(site *s);

void
write_file(site *s, const char *path, const char *data, size_t len);

/* Chart SVG (inline, as chart.h draws it) as PATH.svg and PATH.png, to
 * download (chart_files()); sets "svg_href" and "png_href" in M to their
 * names (the page being in PATH's directory; "png_href" empty without
 * PNGs). PATH NULL: it could not be made (out of memory). */
void
write_chart(site *s, mustache_value *m, const char *path, const buf *svg);

void
render(site *s, const char *name, const mustache_value *model,
    const char *path);

const char *
page_path(const site *s, buf *b, reeks_lang lang, const buf *rel);

mustache_value *
page_model(site *s, reeks_lang lang, const char *rel, const char *title,
    const char *description, const char *current);

mustache_value *
page_model_at(site *s, reeks_lang lang, const char *rel, const char *title,
    const char *description, const char *current, const char *root_override);

void
series_href(buf *b, const char *root, reeks_lang lang, const char *id);

const char *
root_of(const mustache_value *m);

/* site/fingerprint.c: the SHA-256 (hex) of everything a build of O reads:
 * this reeks, the options that change the output, the build date's
 * source, the license, and every file of the data and template
 * directories. False when something cannot be read. */
bool
build_fingerprint(const site_opts *o, char fp[65]);

/* The same without the data directory's own files (its releases/
 * included): what keys.c adds to every page's key. */
bool
inputs_fingerprint(const site_opts *o, char fp[65]);

/*
 * site/keys.c: what lets a page be linked from the previous build
 * instead of rendered (see doc/performance.md). keys_init() works out
 * the site-wide key and every series' key once, before the pages render
 * (false: out of memory or an input that cannot be read; then nothing
 * is keyed and every page renders). The page keys are each page's
 * group (out.h, out_put_group()): key_series_page() a series' page in
 * LANG with its chart, key_topic_page(), key_compare_page() (of
 * s->compared[I]) and key_listing_page() (home, index, sources, about,
 * 404: NAME) over every series. group_link() links the previous build's
 * files of group KEY into S->batch and counts their pages (1), or
 * returns 0 (render them, with S->group set to KEY) or -1 (an error
 * added).
 */
typedef struct site_keys {
	char site[65];              /* what every page shows */
	char all[65];               /* every series' key */
	char (*series)[65];         /* each series', in the store's order */
	size_t n;
	/* Pages with a key rendered [0] and linked [1]; series whose
	 * downloads were exported [0] and linked [1]. */
	atomic_size_t pages[2], downloads[2];
} site_keys;

bool
keys_init(site *s);

void
keys_free(site *s);

void
key_series_page(const site *s, size_t i, reeks_lang lang, char key[65]);

void
key_topic_page(const site *s, const reeks_topic *t, reeks_lang lang,
    char key[65]);

void
key_compare_page(const site *s, size_t i, reeks_lang lang, char key[65]);

void
key_listing_page(const site *s, const char *name, reeks_lang lang,
    char key[65]);

int
group_link(site *s, const char *key);

/* site/series.c */
void
source_short(buf *b, const reeks_source *src, reeks_lang lang);
/* site/pages.c: the R and pandas snippets that load BASE "data/" DIR
 * NAME ".csv", appended to B (the downloads page's and each series'). */
void snippet_r(buf *b, const char *base, const char *dir,
    const char *name);
void snippet_pandas(buf *b, const char *base, const char *dir,
    const char *name);

mustache_value *
source_label(site *s, const reeks_source *src, reeks_lang lang);

/* Every distinct source of SE, in order of first use: at most MAX into
 * OUT; returns how many. */
size_t
series_sources(const reeks_series *se, const reeks_source **out, size_t max);

/* site/jsonld.c: the schema.org Dataset for series SE (or the whole
 * dataset when SE is NULL), as JSON-LD markup for a <script> element;
 * ROOT is the page's way to the site root. */
mustache_value *
dataset_jsonld(site *s, const reeks_series *se, reeks_lang lang,
    const char *root);

bool
obs_listed(const reeks_obs *o);

/* site/cite.c: a figure's citation, and the footnotes under a series'
 * table (its sources and notes, numbered as the rows come). */
void
obs_value_cited(site *s, buf *b, const reeks_obs *o, reeks_unit unit,
    reeks_lang lang);

/* What every row of one series page's table cites alike, made once a
 * page by cite_rows_init() for row_citation(): the year, the addresses
 * of the page (latest, and of the last release asked for) up to the
 * anchor, the version of a figure in no release, and a scratch buffer. */
typedef struct cite_rows {
	const reeks_series *se;
	reeks_lang lang;
	char year[5];
	buf latest;                 /* "BASE/en/series/ID.html#" */
	const site_release *rel;    /* REL_URL's release, else NULL */
	buf rel_url;
	buf unreleased;             /* cite_unreleased, once formatted */
	bool have_unreleased;
	buf text;
} cite_rows;

void
cite_rows_init(site *s, cite_rows *c, const reeks_series *se,
    reeks_lang lang);
void
cite_rows_free(cite_rows *c);
mustache_value *
row_citation(site *s, cite_rows *c, const reeks_obs *o);

/* The address of series ID's page in LANG on the site at BASE, of
 * release R (NULL: the latest page), appended to B. */
void
series_url(buf *b, const char *base, const site_release *r,
    reeks_lang lang, const char *id);

/* The version a citation names, in LANG, appended to B: release R's
 * name, else (R NULL) the data's date, saying it is in no release. */
void
cite_version(site *s, buf *b, const site_release *r, reeks_lang lang);

/* site/history.c: figure O's history across the releases, for its row
 * on the current series page (a map: text), or false when it was never
 * revised nor removed; and on a release's page (s->release set), what
 * became of it later (a map: text, link and href, the latest page's row
 * from ROOT, the site's root), or false when it is as it is now. */
mustache_value *
figure_history(site *s, const reeks_series *se, const reeks_obs *o,
    reeks_lang lang);

mustache_value *
figure_later(site *s, const reeks_series *se, const reeks_obs *o,
    reeks_lang lang, const char *root);

typedef struct footnotes {
	reeks_lang lang;
	const reeks_source **sources;   /* by number - 1 */
	size_t nsources, sources_cap;
	const reeks_obs **notes;        /* the first figure with each note */
	uint32_t *note_hash;            /* of each note (note_hash()) */
	size_t nnotes, notes_cap;
	/* The figures with a note, as marked (the rows' order), and the
	 * number of each one's note: footnotes_set() lists them. */
	const reeks_obs **marked;
	size_t *marked_n;
	size_t nmarked, marked_cap;
} footnotes;

void
footnotes_init(footnotes *f, reeks_lang lang);

/* Frees what F holds; F may be zeroed. */
void
footnotes_free(footnotes *f);

void
footnotes_mark(site *s, footnotes *f, mustache_value *r, const reeks_obs *o);

/* The footnotes of the rows marked (every listed figure, in the
 * table's order) set in M. */
void
footnotes_set(site *s, footnotes *f, mustache_value *m, const char *root);

void
series_page(site *s, const reeks_series *se, reeks_lang lang);

/* site/topic.c */
void
topic_page(site *s, const reeks_topic *t, reeks_lang lang);

/* site/comparison.c: the comparisons over time of the N SERIES (a topic's,
 * an indicator's) as a list of models (title, id, chart, its files' svg_href
 * and png_href, captions, head, rows), their ids starting with PREFIX; the
 * charts' files LANG/compare/ID.svg and .png are written when WRITE (on
 * the comparison page; the topic page links to them). */
mustache_value *
lines_section(site *s, const reeks_series *const *series, size_t n,
    reeks_lang lang, const char *root, const char *prefix, bool write);

/* Find the indicators that get a comparison page (s->compared). False,
 * with the error added, when out of memory. */
bool
comparisons_index(site *s);

/* INDICATOR as s->compared holds it when it has a comparison page
 * (LANG/compare/INDICATOR.html), else NULL. */
const char *
compare_href(site *s, const char *indicator);

/* Links to the comparison pages of the indicators of the N SERIES (each
 * once: href, title, last); *ANY whether there is one. */
mustache_value *
compare_links(site *s, const reeks_series *const *series, size_t n,
    reeks_lang lang, const char *root, bool *any);

/* The comparison page of s->compared[I]. */
void
comparison_page(site *s, size_t i, reeks_lang lang);

/* site/pages.c */
void
home_page(site *s, reeks_lang lang);

void
sources_page(site *s, reeks_lang lang);
/* The index of every series, LANG/series/index.html: a table of title,
 * topic, place, unit, years, number of figures and latest figure. */
void
series_index_page(site *s, reeks_lang lang);

void
about_page(site *s, reeks_lang lang);

void
downloads_page(site *s, reeks_lang lang);

void
notfound_page(site *s, reeks_lang lang);

void
root_pages(site *s);

#endif
