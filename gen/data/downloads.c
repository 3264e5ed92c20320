/*
 * downloads.c: see downloads.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/bundle.h"
#include "data/datapackage.h"
#include "data/dcat.h"
#include "data/downloads.h"
#include "data/rates.h"
#include "data/xlsx.h"
#include "gen.h"
#include "out/gzip.h"
#include "shared.h"

/* The largest date: 9999-12-31T23:59:59Z. */
#define MAX_DATE 253402300799LL

enum { F_CSV, F_XML, F_JSON, NFORMATS };
/* The slot of data/reeks-excel.csv among a run's jobs (see struct
 * downloads_run). */
enum { EXCEL_SLOT = NFORMATS };

static const char *const format_ext[NFORMATS] = { "csv", "xml", "json" };

/* A file in memory. */
typedef struct blob {
	char *data;
	size_t len;
} blob;

int
downloads_date(long long fallback, long long *out, errlist *errs)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	long long t = 0;

	if (s == NULL) {
		*out = fallback;
		return 0;
	}
	if (*s == '\0' || strspn(s, "0123456789") != strlen(s) ||
	    strlen(s) > 12) {
		errlist_add(errs, NULL, 0, 0,
		    "SOURCE_DATE_EPOCH '%s' is not a number "
		    "of seconds", s);
		return -1;
	}
	for (; *s != '\0'; s++)
		t = t * 10 + (*s - '0');
	if (t > MAX_DATE) {
		errlist_add(errs, NULL, 0, 0,
		    "SOURCE_DATE_EPOCH %lld is after the "
		    "year 9999", t);
		return -1;
	}
	*out = t;
	return 0;
}

int
downloads_series_path(char *dst, size_t len, const char *id,
    const char *ext)
{
	bool known = false;
	int n;

	if (len > 0)
		dst[0] = '\0';
	if (id == NULL || ext == NULL || !reeks_id_valid(id))
		return -1;
	for (int i = 0; i < NFORMATS; i++) {
		size_t el = strlen(format_ext[i]);

		if (strncmp(ext, format_ext[i], el) == 0 &&
		    (ext[el] == '\0' || strcmp(ext + el, ".gz") == 0))
			known = true;
	}
	if (!known)
		return -1;
	n = snprintf(dst, len, "data/series/%s.%s", id, ext);
	if (n < 0 || (size_t)n >= len) {
		if (len > 0)
			dst[0] = '\0';
		return -1;
	}
	return 0;
}

/* Run export FMT of ST (of SE alone when SE is not NULL) into B. */
static int
capture(int fmt, const reeks_store *st, const reeks_series *se, blob *b,
    errlist *errs)
{
	FILE *f;
	int rc;

	b->data = NULL;
	b->len = 0;
	if ((f = open_memstream(&b->data, &b->len)) == NULL) {
		errlist_oom(errs, NULL);
		return -1;
	}
	switch (fmt) {
	case F_CSV:
		rc = se ? export_csv_series(st, se, f) : export_csv(st, f);
		break;
	case F_XML:
		rc = se ? export_xml_series(st, se, f) : export_xml(st, f);
		break;
	default:
		rc = se ? export_json_series(st, se, f) : export_json(st, f);
		break;
	}
	if (fclose(f) != 0)
		rc = -1;
	/* glibc's fclose() of a memory stream returns 0 but sets the
	 * buffer to NULL (its length stale) when its last realloc fails. */
	if (rc == 0 && b->data == NULL) {
		errlist_oom(errs, NULL);
		return -1;
	}
	if (rc != 0) {
		errlist_add(errs, NULL, 0, 0, "cannot export %s as %s: %s",
		    se ? reeks_series_id(se) : "the dataset",
		    format_ext[fmt], strerror(errno));
		free(b->data);
		b->data = NULL;
		return -1;
	}
	return 0;
}

static int
put(out_dir *o, const char *path, const void *data, size_t len, errlist *errs)
{
	if (out_write(o, path, data, len) != 0) {
		errlist_add(errs, NULL, 0, 0, "%s", out_error(o));
		return -1;
	}
	return 0;
}

/* The whole dataset and every series, on several threads: job 0 to 2
 * the whole CSV, XML and JSON (streamed to their files: they may be
 * big), then one job per series, each into a batch of its own; the
 * batches are listed in job order, so the result is the same whatever
 * the number of threads. */
typedef struct export_job {
	out_batch files;
	errlist errs;               /* the job's first error */
} export_job;

struct downloads_run {
	out_dir *o;
	const reeks_store *st;
	downloads_opts opts;
	size_t first;               /* O's files before the downloads */
	/* In the order they are listed: the whole CSV, XML and JSON, the
	 * CSV for Excel (made by the CSV's job, listed after the JSON: its
	 * error is reported after theirs), then each series. */
	export_job *jobs;
	size_t n;
	out_pieces *pieces;         /* the piece cache (NULL: none) */
	int text[NFORMATS];         /* the whole files: bundle_parts.text */
	xlsx_run *xlsx;             /* the workbook, told by the CSV's job */
};

static const char *const whole[NFORMATS] = {
	"data/reeks.csv", "data/reeks.xml", "data/reeks.json"
};

/* Record MSG (NULL: out of memory) as the job's error, unless it has
 * one. */
static void
job_error(export_job *job, const char *msg)
{
	if (errlist_count(&job->errs) > 0)
		return;
	if (msg == NULL)
		errlist_oom(&job->errs, NULL);
	else
		errlist_add(&job->errs, NULL, 0, 0, "%s", msg);
}

/* A whole-dataset file being exported: for export_cuts. */
typedef struct whole_cuts {
	downloads_run *r;
	out_stream *s;
	int fmt;
} whole_cuts;

static int
cut_stream(void *arg)
{
	whole_cuts *w = arg;

	return out_stream_cut(w->s);
}

/* Series I's piece of the file copied from the old site's when its key
 * is in the piece cache: the file and the series' key, which covers what
 * its rows, element or object show (the references to other series and
 * to the change log included). Its place does not count: the export
 * asks for no series but the first, and a later series' piece is the
 * same wherever it is (see export_cuts). */
static int
copy_piece(void *arg, size_t i)
{
	whole_cuts *w = arg;
	char key[65];
	const char *parts[2];

	if (w->r->opts.series_keys == NULL)
		return 0;
	parts[0] = whole[w->fmt];
	parts[1] = w->r->opts.series_keys[i];
	out_key(w->r->o, key, "whole-dataset piece", parts, 2);
	return out_stream_copy_piece(w->s, key);
}

/* data/reeks-excel.csv, into JOB's batch: the bytes of the CSV at PLAIN
 * (its staged path), after a UTF-8 byte order mark, by which Excel knows
 * the file is UTF-8 (without it Excel reads it in the machine's code
 * page). Made by the CSV's own job, beside the other downloads, where it
 * was once the last step of the build, alone on one thread. */
static void
write_excel_csv(downloads_run *r, export_job *job, const char *plain)
{
	static const char bom[] = "\xef\xbb\xbf";
	out_stream *s = out_stream_open(r->o, "data/reeks-excel.csv",
	    &job->errs);
	char err[4400] = "";

	if (s == NULL)
		return;
	/* A failed write is the stream's error: out_stream_close() says
	 * it. */
	if (fwrite(bom, 1, 3, out_stream_file(s)) == 3 &&
	    out_stream_append_file(s, plain) != 0)
		snprintf(err, sizeof err, "cannot make reeks-excel.csv: "
		    "cannot read %s: %s", plain, strerror(errno));
	if (out_stream_close(r->o, s, false, &job->files) != 0)
		job_error(job, job->files.error);
	else if (err[0] != '\0')
		job_error(job, err);
}

/* Tell the workbook's child whether to make it, now that the CSV (the
 * job's first file) is written. */
static void
csv_decides_workbook(downloads_run *r, export_job *job)
{
	if (errlist_count(&job->errs) > 0 || job->files.n == 0 ||
	    strcmp(job->files.files[0].path, whole[F_CSV]) != 0)
		return;
	(void)xlsx_decide(r->xlsx, r->o, job->files.files[0].sha256,
	    &job->errs);
}

/* Stream export FMT of the whole dataset into O, with its .gz stitched
 * from a piece a series (see out_stream_set_pieces()). */
static void
export_whole(downloads_run *r, export_job *job, int fmt)
{
	char err[1024], plain[4096];
	out_stream *s = out_stream_open(r->o, whole[fmt], &job->errs);
	whole_cuts w = { r, s, fmt };
	export_cuts cuts = { cut_stream, &w, copy_piece };
	int rc;

	if (s == NULL)
		return;
	if (out_stream_set_pieces(s, r->pieces) != 0)
		rc = -1;
	else if (fmt == F_CSV)
		rc = export_csv_pieces(r->st, out_stream_file(s), &cuts);
	else if (fmt == F_XML)
		rc = export_xml_pieces(r->st, out_stream_file(s), &cuts);
	else
		rc = export_json_pieces(r->st, out_stream_file(s), &cuts);
	if (rc == 0) {
		uint32_t ctl;
		int first;

		if (out_stream_bytes_seen(s, &ctl, &first))
			r->text[fmt] = bundle_text_seen(ctl, first);
	}
	if (rc != 0)
		snprintf(err, sizeof err, "cannot export the dataset as %s: %s",
		    format_ext[fmt], strerror(errno));
	if (rc == 0 && fmt == F_CSV && snprintf(plain, sizeof plain, "%s",
	    out_stream_path(s)) >= (int)sizeof plain) {
		snprintf(err, sizeof err, "cannot make reeks-excel.csv: the "
		    "staging directory's name is too long");
		rc = -1;
	}
	if (out_stream_close(r->o, s, true, &job->files) != 0)
		job_error(job, job->files.error);
	else if (rc != 0)
		job_error(job, err);
	else if (fmt == F_CSV) {
		write_excel_csv(r, &r->jobs[EXCEL_SLOT], plain);
		csv_decides_workbook(r, job);
	}
}

/* A series with more observations than this has its downloads streamed
 * to their files, like the whole dataset's, rather than made in memory:
 * memory stays small however long a series is. */
enum { STREAM_MIN_OBS = 2000 };

/* Stream export FMT of series SE to PATH in O, with its .gz, into the
 * job's batch. Returns 0, or -1 after recording the job's error. */
static int
stream_series(downloads_run *r, export_job *job, const reeks_series *se,
    int fmt, const char *path)
{
	char err[1024];
	out_stream *s = out_stream_open(r->o, path, &job->errs);
	FILE *f;
	int rc;

	if (s == NULL)
		return -1;
	f = out_stream_file(s);
	rc = fmt == F_CSV ? export_csv_series(r->st, se, f) :
	    fmt == F_XML ? export_xml_series(r->st, se, f) :
	    export_json_series(r->st, se, f);
	if (rc != 0)
		snprintf(err, sizeof err, "cannot export %s as %s: %s",
		    reeks_series_id(se), format_ext[fmt], strerror(errno));
	if (out_stream_close(r->o, s, true, &job->files) != 0) {
		job_error(job, job->files.error);
		return -1;
	}
	if (rc != 0) {
		job_error(job, err);
		return -1;
	}
	return 0;
}

/* Series I as CSV, XML and JSON, each also gzipped. */
static void
export_series(downloads_run *r, export_job *job, size_t i)
{
	const reeks_series *se = reeks_store_series_at(r->st, i);
	/* The files of an unchanged series are linked (a big one's, which
	 * stream, are made again). */
	char key[65] = "";
	int linked = 0;

	if (r->opts.series_keys != NULL &&
	    reeks_series_obs_count(se) <= STREAM_MIN_OBS) {
		const char *parts[] = { r->opts.series_keys[i] };

		out_key(r->o, key, "series downloads", parts, 1);
		linked = out_put_group(r->o, &job->files, key, out_link_gz,
		    NULL);
	}
	if (linked < 0)
		job_error(job, job->files.error);
	if (r->opts.counts != NULL && linked >= 0)
		atomic_fetch_add(&r->opts.counts[linked > 0], 1);
	if (linked != 0)
		return;
	for (int fmt = 0; fmt < NFORMATS; fmt++) {
		char path[256];
		blob b;
		int rc;

		if (downloads_series_path(path, sizeof path,
		    reeks_series_id(se), format_ext[fmt]) != 0) {
			errlist_add(&job->errs, NULL, 0, 0, "series '%s': not "
			    "a valid id, so not a file name",
			    reeks_series_id(se));
			return;
		}
		if (reeks_series_obs_count(se) > STREAM_MIN_OBS) {
			if (stream_series(r, job, se, fmt, path) != 0)
				return;
			continue;
		}
		if (capture(fmt, r->st, se, &b, &job->errs) != 0)
			return;
		rc = key[0] != '\0' ? out_put_gz_member(r->o, &job->files,
		    path, key, b.data, b.len) : out_put_gz(r->o, &job->files,
		    path, b.data, b.len);
		free(b.data);
		if (rc != 0) {
			job_error(job, job->files.error);
			return;
		}
	}
}

downloads_run *
downloads_start(out_dir *o, const reeks_store *st,
    const downloads_opts *opts, errlist *errs)
{
	downloads_run *r;

	if (opts->base_url != NULL && !dcat_base_url_ok(opts->base_url)) {
		errlist_add(errs, NULL, 0, 0,
		    "base URL '%s' is not an absolute "
		    "http(s) URL ending in '/'", opts->base_url);
		return NULL;
	}
	if (opts->license == NULL ||
	    opts->version == NULL || *opts->version == '\0') {
		errlist_add(errs, NULL, 0, 0,
		    "downloads need the license text and a "
		    "version");
		return NULL;
	}
	if ((r = calloc(1, sizeof *r)) == NULL ||
	    (r->jobs = calloc(EXCEL_SLOT + 1 + reeks_store_series_count(st),
	    sizeof *r->jobs)) == NULL) {
		free(r);
		errlist_oom(errs, NULL);
		return NULL;
	}
	r->o = o;
	r->st = st;
	r->opts = *opts;
	r->first = out_count(o);
	r->n = EXCEL_SLOT + 1 + reeks_store_series_count(st);
	/* Out of memory: every piece is compressed, none kept. */
	r->pieces = out_pieces_open(o);
	/* Started now, while no other thread runs: it forks. */
	bundle_parts wp = { .version = opts->version,
	    .base_url = opts->base_url, .date = opts->date };
	if ((r->xlsx = xlsx_start(o, "data/reeks.xlsx", st, &wp, errs)) ==
	    NULL) {
		downloads_abort(r);
		return NULL;
	}
	return r;
}

size_t
downloads_jobs(const downloads_run *r)
{
	return r->n - 1;        /* the CSV for Excel has no job of its own */
}

void
downloads_job(downloads_run *r, size_t i)
{
	/* The biggest first: the whole JSON, XML, CSV, then the series. */
	if (i < NFORMATS)
		export_whole(r, &r->jobs[NFORMATS - 1 - i],
		    (int)(NFORMATS - 1 - i));
	else if (i + 1 < r->n)
		export_series(r, &r->jobs[i + 1], i - NFORMATS);
}

/* List the exports' files in their order; the first error, if any. */
static int
list_exports(downloads_run *r, errlist *errs)
{
	int rc = 0;

	for (size_t i = 0; i < r->n; i++) {
		if (rc == 0 && errlist_count(&r->jobs[i].errs) > 0) {
			errlist_take(errs, &r->jobs[i].errs);
			rc = -1;
		}
		if (rc == 0 && out_add(r->o, &r->jobs[i].files) != 0) {
			errlist_oom(errs, NULL);
			rc = -1;
		}
		/* Listed: its room goes now, not with the last. */
		if (rc == 0)
			out_batch_free(&r->jobs[i].files);
	}
	return rc;
}

void
downloads_abort(downloads_run *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->n; i++) {
		errlist_free(&r->jobs[i].errs);
		out_batch_free(&r->jobs[i].files);
	}
	free(r->jobs);
	out_pieces_free(r->pieces);
	xlsx_abort(r->xlsx);
	free(r);
}

static void
run_export(void *arg, size_t i, int worker)
{
	(void)worker;
	downloads_job(arg, i);
}

/* The resource of a CSV file already written to O. */
static int
csv_resource(const out_dir *o, const char *path, const char *relpath,
    dp_resource *r, errlist *errs)
{
	const out_file *f = out_find(o, path);

	if (f == NULL) {
		errlist_add(errs, NULL, 0, 0, "%s was not written", path);
		return -1;
	}
	r->path = relpath;
	r->bytes = f->bytes;
	r->sha256 = f->sha256;
	return 0;
}

/* datapackage.json of the site: the whole CSV and each series' CSV.
 * Appends to B. */
static int
site_datapackage(buf *b, const out_dir *o, const reeks_store *st,
    const datapackage_opts *dpo, errlist *errs)
{
	size_t n = reeks_store_series_count(st) + 1;
	dp_resource *res = calloc(n, sizeof *res);
	char **names = calloc(n, sizeof *names);
	int rc = -1;

	if (res == NULL || names == NULL) {
		errlist_oom(errs, NULL);
		goto out;
	}
	res[0].name = "reeks";
	res[0].title = DATASET_TITLE_EN ": every observation";
	res[0].description = "Every observation of the dataset, one row "
	    "each, with its source and the place in it.";
	if (csv_resource(o, "data/reeks.csv", "reeks.csv", &res[0], errs) != 0)
		goto out;
	for (size_t i = 1; i < n; i++) {
		const reeks_series *se = reeks_store_series_at(st, i - 1);
		const char *id = reeks_series_id(se);
		size_t len = strlen(id) + 32;
		char path[256];

		/* "series-ID" for the name, "series/ID.csv" for the path,
		 * kept in NAMES[i] as "series-ID\0series/ID.csv". */
		if ((names[i] = malloc(2 * len)) == NULL) {
			errlist_oom(errs, NULL);
			goto out;
		}
		snprintf(names[i], len, "series-%s", id);
		snprintf(names[i] + len, len, "series/%s.csv", id);
		downloads_series_path(path, sizeof path, id, "csv");
		res[i].name = names[i];
		res[i].title = reeks_series_title(se, REEKS_EN);
		res[i].description = reeks_series_description(se, REEKS_EN);
		res[i].schema_path = DP_TABLE_SCHEMA;
		if (csv_resource(o, path, names[i] + len, &res[i], errs) != 0)
			goto out;
	}
	rc = datapackage_write(b, st, dpo, res, n, errs);
out:
	if (names != NULL)
		for (size_t i = 0; i < n; i++)
			free(names[i]);
	free(names);
	free(res);
	return rc;
}

static int
compare_paths(const void *a, const void *b)
{
	const out_file *fa = *(const out_file *const *)a;
	const out_file *fb = *(const out_file *const *)b;

	return strcmp(fa->path, fb->path);
}

/* SHA256SUMS over the files O got from index FIRST on, sorted by path,
 * paths relative to data/. */
static int
write_sums(out_dir *o, size_t first, errlist *errs)
{
	size_t n = out_count(o) - first;
	const out_file **files = calloc(n ? n : 1, sizeof *files);
	buf b = { 0 };
	int rc = -1;

	if (files == NULL) {
		errlist_oom(errs, NULL);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		files[i] = out_at(o, first + i);
	qsort(files, n, sizeof *files, compare_paths);
	for (size_t i = 0; i < n; i++) {
		const char *rel = files[i]->path;

		if (strncmp(rel, "data/", 5) == 0)
			rel += 5;
		buf_printf(&b, "%s  %s\n", files[i]->sha256, rel);
	}
	if (b.failed)
		errlist_oom(errs, NULL);
	else
		rc = put(o, "data/SHA256SUMS", b.data, b.len, errs);
	buf_free(&b);
	free(files);
	return rc;
}

/* The catalogue: the whole-dataset files, already written to O. */
static int
write_catalog(out_dir *o, const reeks_store *st, const downloads_opts *opts,
    errlist *errs)
{
	static const struct {
		const char *path;
		const char *description;
	} listed[] = {
		{ "data/reeks.csv", "Every observation of the dataset as CSV "
		  "(RFC 4180, UTF-8), one row each, with its source and the "
		  "place in it." },
		{ "data/reeks.csv.gz", "reeks.csv, gzipped." },
		{ "data/reeks-excel.csv", "reeks.csv with a UTF-8 byte order "
		  "mark, so that Excel reads it as UTF-8." },
		{ "data/reeks.xlsx", "Every observation of the dataset as a "
		  "spreadsheet (Office Open XML), one row each, with the "
		  "series, place, unit and source in words, numbers in number "
		  "cells, and a README sheet." },
		{ "data/reeks.xml", "The whole dataset in the reeks XML "
		  "format (topics, geographies, sources, series, observations "
		  "with their excerpts, claims), valid against reeks.xsd." },
		{ "data/reeks.xml.gz", "reeks.xml, gzipped." },
		{ "data/reeks.json", "The whole dataset as JSON, every number "
		  "both as a number and as the text the source printed." },
		{ "data/reeks.json.gz", "reeks.json, gzipped." },
		{ "data/reeks.zip", "The whole dataset as CSV, XML and JSON, "
		  "with a README (contents, how to cite, caveats, sources), "
		  "the license, the XML schema and datapackage.json." },
		{ "data/reeks.xsd", "The XML Schema of the reeks format." },
		{ "data/datapackage.json", "A Frictionless Data Package "
		  "describing the CSV files: columns, types, sizes and "
		  "checksums." },
	};
	enum { NLISTED = sizeof listed / sizeof listed[0] };
	dcat_file files[NLISTED];
	dcat_opts dco = { opts->base_url, "data/catalog.rdf", opts->version,
	    opts->date, opts->issued, opts->current_release };
	buf b = { 0 };
	int rc = -1;

	for (size_t i = 0; i < NLISTED; i++) {
		const out_file *f = out_find(o, listed[i].path);

		if (f == NULL) {
			errlist_add(errs, NULL, 0, 0, "%s was not written",
			    listed[i].path);
			return -1;
		}
		files[i].path = f->path;
		files[i].title = strrchr(f->path, '/') + 1;
		files[i].description = listed[i].description;
		files[i].bytes = f->bytes;
		files[i].sha256 = f->sha256;
	}
	if (dcat_write(&b, st, &dco, files, NLISTED, errs) == 0)
		rc = put(o, "data/catalog.rdf", b.data, b.len, errs);
	buf_free(&b);
	return rc;
}

int
downloads_write(out_dir *o, const reeks_store *st,
    const downloads_opts *opts, errlist *errs)
{
	downloads_run *r = downloads_start(o, st, opts, errs);

	if (r == NULL)
		return -1;
	reeks_par_for(downloads_jobs(r), opts->jobs > 0 ? opts->jobs :
	    reeks_par_default_jobs(), run_export, r);
	return downloads_finish(r, errs);
}

int
downloads_finish(downloads_run *r, errlist *errs)
{
	out_dir *o = r->o;
	const reeks_store *st = r->st;
	const downloads_opts *opts = &r->opts;
	size_t first = r->first;
	size_t xsd_len;
	const char *xsd = reeks_schema_xsd(&xsd_len);
	buf dp_site = { 0 }, dp_zip = { 0 }, schema = { 0 };
	datapackage_opts dpo;
	dp_resource zres = { "reeks", "reeks.csv",
	    DATASET_TITLE_EN ": every observation", NULL, 0, NULL, NULL };
	bundle_parts parts;
	xlsx_run *xlsx;
	int rc = -1;

	dpo = (datapackage_opts){ opts->version, opts->date, opts->base_url };

	/* The whole dataset, and each series. */
	if (list_exports(r, errs) != 0)
		goto out;
	/* Kept for the next build; when it cannot be, that one compresses
	 * every piece. */
	(void)out_pieces_save(r->pieces);

	/* The schema, as published beside the XML. */
	if (put(o, "data/reeks.xsd", xsd, xsd_len, errs) != 0)
		goto out;
	/* The rates per 100,000 inhabitants, derived (data/rates.h). */
	if (rates_write(o, st, errs) != 0)
		goto out;

	/* datapackage.json for the site, and one for the zip, which holds
	 * the whole CSV alone. The site's names the Table Schema of its
	 * series' CSV files by path, so that it is written once, not once
	 * a series. */
	if (datapackage_table_schema(&schema) != 0) {
		errlist_oom(errs, NULL);
		goto out;
	}
	if (put(o, "data/" DP_TABLE_SCHEMA, schema.data, schema.len, errs) != 0)
		goto out;
	if (site_datapackage(&dp_site, o, st, &dpo, errs) != 0 ||
	    put(o, "data/datapackage.json", dp_site.data, dp_site.len,
	    errs) != 0)
		goto out;
	if (csv_resource(o, "data/reeks.csv", "reeks.csv", &zres, errs) != 0 ||
	    datapackage_write(&dp_zip, st, &dpo, &zres, 1, errs) != 0)
		goto out;

	/* The zip holds the whole dataset: its files were streamed, so the
	 * zip copies the deflate data of their .gz (see bundle.h). */
	char gz[NFORMATS][4096], plain[NFORMATS][4096];
	const out_file *wf[NFORMATS];
	for (int fmt = 0; fmt < NFORMATS; fmt++) {
		const char *staged;

		snprintf(gz[fmt], sizeof gz[fmt], "%s.gz", whole[fmt]);
		wf[fmt] = out_find(o, whole[fmt]);
		if (wf[fmt] == NULL ||
		    (staged = out_staged_path(o, gz[fmt])) == NULL) {
			errlist_add(errs, NULL, 0, 0,
			    "%s was not written", gz[fmt]);
			goto out;
		}
		snprintf(gz[fmt], sizeof gz[fmt], "%s", staged);
		snprintf(plain[fmt], sizeof plain[fmt], "%s",
		    out_staged_path(o, whole[fmt]));
	}
	parts = (bundle_parts){
		.csv = { "reeks.csv", NULL, wf[F_CSV]->bytes },
		.xml = { "reeks.xml", NULL, wf[F_XML]->bytes },
		.json = { "reeks.json", NULL, wf[F_JSON]->bytes },
		.path = { plain[F_CSV], plain[F_XML], plain[F_JSON] },
		.gz = { gz[F_CSV], gz[F_XML], gz[F_JSON] },
		.sha256 = { wf[F_CSV]->sha256, wf[F_XML]->sha256,
		    wf[F_JSON]->sha256 },
		.text = { r->text[F_CSV], r->text[F_XML], r->text[F_JSON] },
		.xsd = { "reeks.xsd", xsd, xsd_len },
		.datapackage = { "datapackage.json", dp_zip.data, dp_zip.len },
		.license = opts->license,
		.version = opts->version,
		.base_url = opts->base_url,
		.date = opts->date,
	};
	if (bundle_write(o, "data/reeks.zip", st, &parts, errs) != 0)
		goto out;
	xlsx = r->xlsx;
	r->xlsx = NULL;         /* freed by xlsx_finish() */
	if (xlsx_finish(xlsx, o, errs) != 0)
		goto out;
	if (opts->base_url != NULL && write_catalog(o, st, opts, errs) != 0)
		goto out;
	if (write_sums(o, first, errs) != 0)
		goto out;
	rc = 0;
out:
	buf_free(&dp_site);
	buf_free(&dp_zip);
	buf_free(&schema);
	downloads_abort(r);
	return rc;
}
