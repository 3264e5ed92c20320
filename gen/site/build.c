/*
 * site/build.c: the build driver: the inputs, the pages rendered in parallel,
 * the statistics, and skipping a build when nothing changed (with the
 * fingerprint of fingerprint.c; see site-internal.h).
 */
#include "site/site-internal.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif

/* ---- the build ----------------------------------------------------------- */

/* At the end of a phase (the load, the pages): give the system back what
 * glibc keeps of what the phase freed (threads' arenas, the holes in the
 * heap), before the next phase adds its own on top. */
static void
give_back_memory(void)
{
#ifdef __GLIBC__
	malloc_trim(0);
#endif
}

/* The date the data last changed: SOURCE_DATE_EPOCH when it is set, else
 * the newest entry of the change log, so that the same input always gives
 * the same site. */
static void
set_updated(site *s)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	char *end;
	size_t n = reeks_store_change_count(s->st);

	if (n == 0) {
		errlist_add(&s->errs, s->opts->data_dir, 0, 0, "the data has no "
		    "<change> entry, so the site cannot say when it changed");
		return;
	}
	if (epoch != NULL && *epoch != '\0') {
		long long v = strtoll(epoch, &end, 10);
		time_t t = (time_t)v;
		struct tm tm;

		if (*end == '\0' && v >= 0 && gmtime_r(&t, &tm) != NULL) {
			strftime(s->updated, sizeof s->updated, "%Y-%m-%d", &tm);
			return;
		}
		errlist_add(&s->errs, NULL, 0, 0, "SOURCE_DATE_EPOCH '%s' is "
		    "not a number of seconds", epoch);
	}
	snprintf(s->updated, sizeof s->updated, "%s",
	    reeks_change_date(reeks_store_change_at(s->st, n - 1)));
}

/* Copy the input file FROM (read as load_template() reads a template)
 * to TO in the site. */
static void
copy_file(site *s, const char *from, const char *to)
{
	char *data, why[256];
	size_t len;

	if (reeks_file_read(from, REEKS_FILE_NOFOLLOW, INPUT_MAX, &data, &len,
	    why, sizeof why) != 0) {
		errlist_add(&s->errs, from, 0, 0, "%s", why);
		return;
	}
	write_file(s, to, data, len);
	free(data);
}

/* Seconds since 1970 of a "YYYY-MM-DD" date at 00:00 UTC; -1 if bad. */
static long long
date_seconds(const char *d)
{
	struct tm tm = { 0 };
	int v[3] = { 0, 0, 0 };

	if (d == NULL || strlen(d) != 10 || d[4] != '-' || d[7] != '-')
		return -1;
	for (int i = 0, f = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			f++;
			continue;
		}
		if (d[i] < '0' || d[i] > '9')
			return -1;
		v[f] = v[f] * 10 + (d[i] - '0');
	}
	tm.tm_year = v[0] - 1900;
	tm.tm_mon = v[1] - 1;
	tm.tm_mday = v[2];
	return (long long)timegm(&tm);
}

/* Start everything under data/ (downloads, catalogues, checksums): the
 * run, to do on threads and finish with downloads_finish(); NULL after an
 * error. LICENSE gets the license text, which the run uses. */
static downloads_run *
start_downloads(site *s, buf *license)
{
	size_t n = reeks_store_change_count(s->st);
	/* set_updated() refuses data without a change log; should there
	 * be none, the site's date is the version and the first issue. */
	const char *first = n > 0 ? reeks_change_date(
	    reeks_store_change_at(s->st, 0)) : s->updated;
	const char *last = n > 0 ? reeks_change_date(
	    reeks_store_change_at(s->st, n - 1)) : s->updated;
	char why[1024], *text;
	long long date;
	size_t len;

	/* Read as load_template() reads a template. */
	if (reeks_file_read(s->opts->license, REEKS_FILE_NOFOLLOW, INPUT_MAX,
	    &text, &len, why, sizeof why) != 0) {
		errlist_add(&s->errs, s->opts->license, 0, 0, "%s", why);
		return NULL;
	}
	buf_add(license, text, len);
	free(text);
	if (downloads_date(date_seconds(last), &date, &s->errs) != 0)
		return NULL;
	downloads_opts o = {
		.base_url = s->opts->base_url,
		.license = license->data != NULL ? license->data : "",
		.version = last,
		.date = date,
		.issued = first,
		.current_release = s->nreleases > 0 && s->unreleased.n == 0 ?
		    reeks_release_name(s->releases[s->nreleases - 1].r) : NULL,
		.jobs = s->opts->jobs,
		.series_keys = s->keys != NULL ? (const char (*)[65])
		    s->keys->series : NULL,
		.counts = s->keys != NULL ? s->keys->downloads : NULL,
	};
	return downloads_start(s->out, s->st, &o, &s->errs);
}

/* ---- pages, in parallel ---------------------------------------------- */

/* Seconds on the monotonic clock. */
static double
seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}


typedef enum page_kind {
	PAGE_ROOT, PAGE_HOME, PAGE_SOURCES, PAGE_ABOUT, PAGE_404, PAGE_INDEX,
	PAGE_DOWNLOADS, PAGE_TOPIC, PAGE_COMPARE, PAGE_SERIES, PAGE_RELEASES,
	PAGE_RELEASE, PAGE_RELEASE_FILES, PAGE_RELEASE_SERIES
} page_kind;

/* One page to render, and what rendering it gave. */
typedef struct page_job {
	page_kind kind;
	reeks_lang lang;
	size_t index;               /* the topic or series */
	size_t release;             /* the release (PAGE_RELEASE*) */
	out_batch files;
	errlist errs;
	size_t pages;
	/* A series' Dutch page is made by the job of its English one (to
	 * share the work of both): NL there, and DONE_BY_PAIR here. */
	struct page_job *nl;
	bool done_by_pair;
} page_job;

/* The build's work on threads: first the downloads' jobs, then the
 * pages'. */
typedef struct page_run {
	site *shared;
	downloads_run *downloads;
	size_t ndownloads;
	page_job *jobs;
	site workers[REEKS_PAR_MAX_JOBS]; /* a copy of the site per thread */
	atomic_uint_fast64_t downloads_ns, pages_ns;    /* thread CPU */
} page_run;

/* Render JOB with W, a thread's copy of the site. */
static void
render_job(site *w, page_job *job)
{
	reeks_lang lang = job->lang;

	switch (job->kind) {
	case PAGE_ROOT:
		root_pages(w);
		break;
	case PAGE_HOME:
		home_page(w, lang);
		break;
	case PAGE_SOURCES:
		sources_page(w, lang);
		break;
	case PAGE_ABOUT:
		about_page(w, lang);
		break;
	case PAGE_INDEX:
		series_index_page(w, lang);
		break;
	case PAGE_404:
		notfound_page(w, lang);
		break;
	case PAGE_DOWNLOADS:
		downloads_page(w, lang);
		break;
	case PAGE_TOPIC:
		topic_page(w, reeks_store_topic_at(w->st, job->index), lang);
		break;
	case PAGE_COMPARE:
		comparison_page(w, job->index, lang);
		break;
	case PAGE_RELEASES:
		releases_page(w, lang);
		break;
	case PAGE_RELEASE:
		release_page(w, &w->releases[job->release], lang);
		break;
	case PAGE_RELEASE_FILES:
		release_files_write(w, &w->releases[job->release]);
		break;
	case PAGE_RELEASE_SERIES:
		release_series_page(w, &w->releases[job->release], job->index,
		    lang);
		break;
	case PAGE_SERIES: {
		const reeks_series *se = reeks_store_series_at(w->st,
		    job->index);

		if (!reeks_id_valid(reeks_series_id(se))) {
			errlist_add(&w->errs, reeks_series_file(se),
			    reeks_series_line(se), 0, "series id '%s' is not "
			    "safe as a file name", reeks_series_id(se));
			break;
		}
		series_page(w, se, lang);
		break;
	}
	}
	mustache_arena_reset(w->arena);
}

static uint64_t
thread_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/* Work out the intervals of SE's observations into W's cache. */
static void
cache_intervals(site *w, const reeks_series *se)
{
	size_t n = reeks_series_obs_count(se);

	w->ci_series = NULL;
	if (n > w->ci_cap) {
		reeks_obs_ci_method *m = realloc(w->ci_method, n * sizeof *m);
		reeks_interval *ci;

		if (m != NULL)
			w->ci_method = m;
		if (m == NULL || (ci = realloc(w->ci, n * sizeof *ci)) ==
		    NULL)
			return;
		w->ci = ci;
		w->ci_cap = n;
	}
	for (size_t i = 0; i < n; i++)
		w->ci_method[i] = reeks_obs_ci(reeks_series_obs_at(se, i),
		    0.95, &w->ci[i]);
	w->ci_series = se;
}

/* The key of JOB's files into KEY (keys.c), or false when it has none
 * (it renders every time). */
static bool
job_key(const site *w, const page_job *job, char key[65])
{
	static const char *const names[] = {
		[PAGE_HOME] = "home", [PAGE_INDEX] = "index",
		[PAGE_SOURCES] = "sources", [PAGE_ABOUT] = "about",
		[PAGE_404] = "404",
	};

	if (w->keys == NULL)
		return false;
	key[0] = '\0';
	switch (job->kind) {
	case PAGE_SERIES:
		if (reeks_id_valid(reeks_series_id(reeks_store_series_at(
		    w->st, job->index))))
			key_series_page(w, job->index, job->lang, key);
		break;
	case PAGE_TOPIC:
		key_topic_page(w, reeks_store_topic_at(w->st, job->index),
		    job->lang, key);
		break;
	case PAGE_COMPARE:
		key_compare_page(w, job->index, job->lang, key);
		break;
	case PAGE_HOME:
	case PAGE_INDEX:
	case PAGE_SOURCES:
	case PAGE_ABOUT:
	case PAGE_404:
		key_listing_page(w, names[job->kind], job->lang, key);
		break;
	default:
		break;
	}
	return key[0] != '\0';
}

/* Link JOB's files from the previous build when its key (into KEY,
 * *KEYED) is unchanged: 1 when linked (or failed, the error in JOB), 0
 * when it has to be rendered. */
static int
link_job(site *w, page_job *job, char key[65], bool *keyed)
{
	int rc;

	if (!(*keyed = job_key(w, job, key)))
		return 0;
	w->errs = (errlist){ 0 };
	w->batch = &job->files;
	w->batch->unpublished = true;   /* pages: no hash published */
	w->pages = 0;
	rc = group_link(w, key);
	job->errs = w->errs;
	job->pages = w->pages;
	w->errs = (errlist){ 0 };
	w->batch = NULL;
	if (rc > 0)
		atomic_fetch_add(&w->keys->pages[1], job->pages);
	return rc != 0;
}

/* Render JOB (into its own batch and error list) with W; its files in
 * group KEY (NULL: none). */
static void
run_page(site *w, page_job *job, const char *key)
{
	w->errs = (errlist){ 0 };
	w->batch = &job->files;
	w->pages = 0;
	w->group = key;
	render_job(w, job);
	/* A topic page's model and output (15 MB at 2,000 series) leave
	 * holes in its thread's heap that glibc keeps, under the rest of
	 * the pages and the downloads. */
	if (job->kind == PAGE_TOPIC)
		give_back_memory();
	w->group = NULL;
	job->errs = w->errs;
	job->pages = w->pages;
	w->errs = (errlist){ 0 };
	w->batch = NULL;
	if (key != NULL)
		atomic_fetch_add(&w->keys->pages[0], job->pages);
}

static void
run_job(void *arg, size_t i, int worker)
{
	page_run *r = arg;
	site *w = &r->workers[worker];
	page_job *job;
	uint64_t t0 = thread_ns();

	if (i < r->ndownloads) {
		downloads_job(r->downloads, i);
		atomic_fetch_add(&r->downloads_ns, thread_ns() - t0);
		return;
	}
	job = &r->jobs[i - r->ndownloads];
	/* The downloads pages list the downloads: they come after. */
	if ((r->downloads != NULL && job->kind == PAGE_DOWNLOADS) ||
	    job->done_by_pair)
		return;
	if (w->engine == NULL) {
		*w = *r->shared;
		w->page_out = (mustache_buf)MUSTACHE_BUF_INIT;
		w->engine = mustache_engine_new(MUSTACHE_STRICT, load_template,
		    w);
		w->arena = mustache_arena_new();
		w->merrs = mustache_errors_new();
	}
	if (w->engine == NULL || w->arena == NULL || w->merrs == NULL) {
		errlist_add(&job->errs, NULL, 0, 0, "out of memory");
		return;
	}
	/* What is unchanged is linked; the rest renders. */
	char key[65], nlkey[65];
	bool keyed, nlkeyed = false;
	int linked = link_job(w, job, key, &keyed);
	int nllinked = job->nl != NULL ? link_job(w, job->nl, nlkey,
	    &nlkeyed) : 1;

	if (job->nl != NULL && (!linked || !nllinked))
		cache_intervals(w, reeks_store_series_at(w->st, job->index));
	if (!linked)
		run_page(w, job, keyed ? key : NULL);
	if (!nllinked)
		run_page(w, job->nl, nlkeyed ? nlkey : NULL);
	w->ci_series = NULL;
	atomic_fetch_add(&r->pages_ns, thread_ns() - t0);
}

/* What the build's parts took, for REEKS_BUILD_STATS. */
typedef struct build_times {
	double load, work, finish, commit, total;
	double downloads_cpu, pages_cpu;
	/* Pages with a key rendered [0] and linked [1]; series whose
	 * downloads were exported [0] and linked [1] (keys.c). */
	size_t keyed_pages[2], keyed_series[2];
} build_times;

/*
 * The downloads and every page (and chart), on S->opts->jobs threads:
 * the exports of the downloads run beside the pages (the biggest, the
 * whole dataset gzipped, first), and the two downloads pages,
 * which list the downloads, after them. Everything is listed and reported
 * in the same order whatever the number of threads: the downloads, the
 * stylesheet, then the pages.
 */
static void
render_all(site *s, build_times *bt)
{
	size_t nseries = reeks_store_series_count(s->st);
	size_t ntopics = reeks_store_topic_count(s->st), n = 0;
	size_t nrel = 0;

	for (size_t i = 0; i < s->nreleases; i++)
		nrel += 2 + 2 * reeks_store_series_count(s->releases[i].st);
	page_job *jobs = calloc(1 + 2 * (7 + ntopics + s->ncompared +
	    nseries) + s->nreleases + nrel, sizeof *jobs);
	page_run *r = calloc(1, sizeof *r);
	buf license = { 0 };
	char path[4096];
	int njobs = s->opts->jobs > 0 ? s->opts->jobs :
	    reeks_par_default_jobs();
	double t0 = seconds();

	if (jobs == NULL || r == NULL) {
		errlist_add(&s->errs, NULL, 0, 0, "out of memory");
		goto out;
	}
	if (!keys_init(s))
		s->keys = NULL;     /* nothing keyed: everything is made */
	/* REEKS_BENCH_PAGES_ONLY: no downloads, nor the pages listing them. */
	if (!s->opts->pages_only) {
		if ((r->downloads = start_downloads(s, &license)) == NULL)
			goto out;
		r->ndownloads = downloads_jobs(r->downloads);
	}
	jobs[n++] = (page_job){ .kind = PAGE_ROOT };
	for (int li = 0; li < 2; li++) {
		reeks_lang lang = (reeks_lang)li;
		static const page_kind fixed[] = {
			PAGE_HOME, PAGE_INDEX, PAGE_SOURCES, PAGE_ABOUT,
			PAGE_404, PAGE_DOWNLOADS
		};

		for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
			if (fixed[i] != PAGE_DOWNLOADS || !s->opts->pages_only)
				jobs[n++] = (page_job){ .kind = fixed[i],
				    .lang = lang };
		for (size_t i = 0; i < ntopics; i++)
			if (reeks_series_by_topic(s->st, reeks_topic_id(
			    reeks_store_topic_at(s->st, i)), NULL, 0) > 0)
				jobs[n++] = (page_job){ .kind = PAGE_TOPIC,
				    .lang = lang, .index = i };
		for (size_t i = 0; i < s->ncompared; i++)
			jobs[n++] = (page_job){ .kind = PAGE_COMPARE,
			    .lang = lang, .index = i };
		for (size_t i = 0; i < nseries; i++)
			jobs[n++] = (page_job){ .kind = PAGE_SERIES,
			    .lang = lang, .index = i };
		if (s->nreleases > 0)
			jobs[n++] = (page_job){ .kind = PAGE_RELEASES,
			    .lang = lang };
	}
	/* Each release: its files, its page and its series' pages. */
	for (size_t k = 0; k < s->nreleases; k++) {
		size_t rn = reeks_store_series_count(s->releases[k].st);

		jobs[n++] = (page_job){ .kind = PAGE_RELEASE_FILES,
		    .release = k };
		for (int li = 0; li < 2; li++) {
			jobs[n++] = (page_job){ .kind = PAGE_RELEASE,
			    .lang = (reeks_lang)li, .release = k };
			for (size_t i = 0; i < rn; i++)
				jobs[n++] = (page_job){
				    .kind = PAGE_RELEASE_SERIES,
				    .lang = (reeks_lang)li, .release = k,
				    .index = i };
		}
	}
	/* Pair each series' pages: the English job makes the Dutch one. */
	for (size_t i = 0, en = 0; i < n; i++) {
		if (jobs[i].kind != PAGE_SERIES)
			continue;
		if (jobs[i].lang == REEKS_EN) {
			if (en == 0)
				en = i;
		} else {
			jobs[en + jobs[i].index].nl = &jobs[i];
			jobs[i].done_by_pair = true;
		}
	}
	r->shared = s;
	r->jobs = jobs;
	atomic_init(&r->downloads_ns, 0);
	atomic_init(&r->pages_ns, 0);
	reeks_par_for_progress(r->ndownloads + n, njobs, run_job, r,
	    show_progress, s);
	bt->work = seconds() - t0;
	give_back_memory();
	t0 = seconds();
	status(s, "finishing: the whole dataset's files, the zip, the "
	    "catalogues");

	/* The rest of the downloads, then the pages that list them. */
	int rc = r->downloads != NULL ? downloads_finish(r->downloads,
	    &s->errs) : 0;
	r->downloads = NULL;
	if (rc != 0)
		goto out;
	snprintf(path, sizeof path, "%s/style.css", s->opts->templates_dir);
	copy_file(s, path, "style.css");
	snprintf(path, sizeof path, "%s/cite.js", s->opts->templates_dir);
	copy_file(s, path, "cite.js");
	for (size_t i = 0; i < n; i++)
		if (jobs[i].kind == PAGE_DOWNLOADS)
			run_job(r, r->ndownloads + i, 0);
	bt->finish = seconds() - t0;
	bt->downloads_cpu = (double)atomic_load(&r->downloads_ns) / 1e9;
	bt->pages_cpu = (double)atomic_load(&r->pages_ns) / 1e9;
	for (size_t i = 0; i < n; i++) {
		page_job *job = &jobs[i];

		errlist_take(&s->errs, &job->errs);
		if (out_add(s->out, &job->files) != 0)
			errlist_add(&s->errs, NULL, 0, 0, "out of memory");
		/* Listed: its room goes now, not after the last is listed. */
		out_batch_free(&job->files);
		s->pages += job->pages;
	}
out:
	for (size_t i = 0; jobs != NULL && i < n; i++) {
		errlist_free(&jobs[i].errs);
		out_batch_free(&jobs[i].files);
	}
	if (r != NULL) {
		downloads_abort(r->downloads);
		for (int i = 0; i < REEKS_PAR_MAX_JOBS; i++) {
			mustache_engine_free(r->workers[i].engine);
			mustache_arena_free(r->workers[i].arena);
			mustache_errors_free(r->workers[i].merrs);
			free(r->workers[i].ci_method);
			free(r->workers[i].ci);
			mustache_buf_free(&r->workers[i].page_out);
		}
	}
	buf_free(&license);
	free(jobs);
	free(r);
	if (s->keys != NULL) {
		for (int i = 0; i < 2; i++) {
			bt->keyed_pages[i] = atomic_load(&s->keys->pages[i]);
			bt->keyed_series[i] = atomic_load(
			    &s->keys->downloads[i]);
		}
	}
	keys_free(s);
}

static void
build_pages(site *s, build_times *bt)
{
	render_all(s, bt);
	if (errlist_count(&s->errs) > 0)
		return;

	/* For crawlers and feed readers; absolute URLs need the base. */
	buf b = { 0 };
	const char *base = s->opts->base_url;
	feed_robots(&b, base);
	write_file(s, "robots.txt", b.data, b.len);
	if (base != NULL) {
		/* The releases, with their revisions, for the feed. */
		feed_release *fr = calloc(s->nreleases + 1, sizeof *fr);

		for (size_t i = 0; fr != NULL && i < s->nreleases; i++)
			fr[i] = (feed_release){ s->releases[i].r,
			    s->releases[i].st, s->releases[i].first ? NULL :
			    &s->releases[i].changes };
		buf_reset(&b);
		if (fr == NULL || feed_atom(&b, s->st, fr, s->nreleases, base,
		    s->updated) != 0)
			errlist_add(&s->errs, NULL, 0, 0, "out of memory "
			    "writing feed.atom");
		else
			write_file(s, "feed.atom", b.data, b.len);
		free(fr);
	}
	buf_free(&b);

	/* The root 404 page, served for any missing path, in English; its
	 * links are absolute when the base URL is known. */
	mustache_value *m = page_model_at(s, REEKS_EN, "404.html",
	    msg(s, REEKS_EN, "notfound_heading"),
	    msg(s, REEKS_EN, "notfound_text"), NULL,
	    s->opts->base_url != NULL ? s->opts->base_url : "");
	render(s, "404", m, "404.html");
	mustache_arena_reset(s->arena);

	/* Last: the sitemap lists every page written. */
	if (base != NULL) {
		buf sm = { 0 };

		if (feed_sitemap(&sm, s->out, base, s->updated) != 0)
			errlist_add(&s->errs, NULL, 0, 0, "out of memory "
			    "writing sitemap.xml");
		else
			write_file(s, "sitemap.xml", sm.data, sm.len);
		buf_free(&sm);
	}
}

/* With O->stats, one line in R of what the build cost, for 'make
 * bench'. */
static void
build_stats(const site_opts *o, site_result *r, const out_stats *st,
    const build_times *bt, size_t npages, chart_png_stats *png,
    const reeks_load_stats *load)
{
	struct rusage ru;

	if (!o->stats)
		return;
	getrusage(RUSAGE_SELF, &ru);
	snprintf(r->stats, sizeof r->stats, "stats: load %.3f s, pages and "
	    "downloads %.3f s (%zu pages), finish %.3f s, commit %.3f s, "
	    "total %.3f s; cpu pages %.3f s, downloads %.3f s; written %llu "
	    "files %llu bytes, linked %llu files %llu bytes; gzip %llu -> "
	    "%llu bytes in %.3f s cpu; sha256 %.3f s cpu; max rss %ld kB; "
	    "png %llu made in %.3f s cpu, %llu kept; pieces %llu reused, "
	    "%llu compressed; keyed pages %zu rendered, %zu linked; series "
	    "downloads %zu made, %zu linked; data files %zu parsed, %zu from "
	    "the load cache; whole-dataset pieces %llu copied",
	    bt->load, bt->work, npages, bt->finish, bt->commit, bt->total,
	    bt->pages_cpu, bt->downloads_cpu,
	    (unsigned long long)st->written,
	    (unsigned long long)st->written_bytes,
	    (unsigned long long)st->linked,
	    (unsigned long long)st->linked_bytes,
	    (unsigned long long)st->gz_in, (unsigned long long)st->gz_out,
	    st->gz_seconds, st->hash_seconds, ru.ru_maxrss,
	    (unsigned long long)atomic_load(&png->made),
	    (double)atomic_load(&png->ns) / 1e9,
	    (unsigned long long)atomic_load(&png->kept),
	    (unsigned long long)st->pieces_reused,
	    (unsigned long long)st->pieces_made,
	    bt->keyed_pages[0], bt->keyed_pages[1], bt->keyed_series[0],
	    bt->keyed_series[1], load->parsed, load->cached,
	    (unsigned long long)st->pieces_copied);
}

/* ---- skipping a build when nothing changed --------------------------- */

/* When the site in O->out_dir is what a build of the same inputs made,
 * report the warnings that build found, fill R and return true. */
static bool
up_to_date(const site_opts *o, site_result *r, const char *fp, double t0)
{
	out_previous prev;

	if (fp[0] == '\0' || !out_up_to_date(o->out_dir, fp, o->verify,
	    &prev))
		return false;
	for (size_t i = 0; i < prev.nwarnings && o->warning != NULL; i++)
		o->warning(o->arg, prev.warnings[i]);
	r->up_to_date = true;
	r->pages = prev.pages;
	r->files = prev.files;
	r->bytes = (unsigned long long)prev.bytes;
	r->seconds = seconds() - t0;
	if (o->stats)
		snprintf(r->stats, sizeof r->stats, "stats: up to date, total "
		    "%.3f s", r->seconds);
	out_previous_free(&prev);
	return true;
}

int
site_build(const site_opts *o, site_result *r)
{
	chart_png_stats png = { 0 };
	site s = { .opts = o, .png = &png };
	double t0 = seconds();
	build_times bt = { 0 };
	char fp[65] = "";
	int rc = 1;
	/* A buffer that failed to grow lost text, a value that could not be
	 * made is missing from a page: the build fails. */
	unsigned long buf_failed = buf_failures();
	unsigned long arena_failed = mustache_arena_failures();

	if (!build_fingerprint(o, fp))
		fp[0] = '\0';
	if (up_to_date(o, r, fp, t0))
		return 0;
	status(&s, "loading %s", o->data_dir);
	s.prefix = "";
	if (!load_inputs(&s) || !comparisons_index(&s) || !releases_load(&s))
		goto out;
	s.latest = s.st;
	set_updated(&s);
	if (buf_failures() != buf_failed ||
	    mustache_arena_failures() != arena_failed)
		errlist_add(&s.errs, NULL, 0, 0, "out of memory");
	if (errlist_count(&s.errs) > 0)
		goto out;
	bt.load = seconds() - t0;
	give_back_memory();
	if ((s.out = out_begin(o->out_dir, &s.errs)) == NULL)
		goto out;
	out_set_verify(s.out, o->verify);
	out_set_jobs(s.out, o->jobs);
	build_pages(&s, &bt);
	if (buf_failures() != buf_failed ||
	    mustache_arena_failures() != arena_failed)
		errlist_add(&s.errs, NULL, 0, 0, "out of memory");
	if (errlist_count(&s.errs) > 0) {
		out_abort(s.out);
		s.out = NULL;
		goto out;
	}
	size_t files = out_count(s.out);
	unsigned long long bytes = (unsigned long long)out_bytes(s.out);
	double t1 = seconds();
	out_stats st;
	out_get_stats(s.out, &st);
	out_record_build(s.out, fp, s.pages,
	    (const char *const *)s.warnings, s.nwarnings);
	int committed = out_commit(s.out, &s.errs);
	s.out = NULL;
	if (committed < 0)
		goto out;
	r->cache_lost = committed > 0;
	bt.commit = seconds() - t1;
	bt.total = seconds() - t0;
	status(&s, NULL);
	build_stats(o, r, &st, &bt, s.pages, &png, &s.load);
	r->pages = s.pages;
	r->files = files;
	r->bytes = bytes;
	r->seconds = seconds() - t0;
	rc = 0;
out:
	if (rc != 0)
		status(&s, NULL);
	errlist_take(&r->errs, &s.errs);
	out_abort(s.out);
	for (size_t i = 0; i < s.nwarnings; i++)
		free(s.warnings[i]);
	free(s.warnings);
	free(s.compared);
	mustache_arena_free(s.arena);
	mustache_arena_free(s.tarena);
	mustache_buf_free(&s.page_out);
	mustache_errors_free(s.merrs);
	mustache_engine_free(s.engine);
	catalog_free(s.cat[0]);
	catalog_free(s.cat[1]);
	releases_free(&s);
	reeks_store_free(s.st);
	return rc;
}

void
site_result_free(site_result *r)
{
	errlist_free(&r->errs);
}
