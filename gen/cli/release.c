/*
 * release.c: releases, named, dated, frozen copies of the dataset (see
 * release.h): 'reeks release', 'reeks diff', and what 'reeks check' adds
 * for them.
 *
 * A release NAME is the zip DATA/releases/NAME.zip, made by the code that
 * makes the site's data/reeks.zip (with the release's name as version and
 * its date as the date), and its <release> in DATA/releases.xml with the
 * zip's size and SHA-256. Nothing ever rewrites a zip: 'reeks release'
 * refuses a name that exists, and 'reeks check' fails when a zip no
 * longer matches what its <release> recorded.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "data/downloads.h"
#include "data/releases.h"
#include "gen.h"
#include "out/out.h"
#include "out/zipmem.h"
#include "util/buf.h"
#include "util/escape.h"
#include "util/sha256.h"
#include "util/xmlw.h"

enum { EXIT_DATA = 1, EXIT_USAGE = 2 };

/* Load the data of release R of the data directory DIR (its zip checked
 * first). NULL after printing why, with file:line. */
static reeks_store *
release_load(const char *dir, const reeks_release *r)
{
	release_files f;
	reeks_store *st = NULL;
	errlist errs = { 0 };

	if (release_read(dir, r, true, &f, &errs) == 0)
		st = release_store(dir, r, &f, &errs);
	errlist_print(&errs, stderr);
	errlist_free(&errs);
	release_files_free(&f);
	return st;
}

size_t
releases_verify(const char *dir, const reeks_store *st)
{
	size_t errors = 0;

	for (size_t i = 0; i < reeks_store_release_count(st); i++) {
		reeks_store *rs = release_load(dir,
		    reeks_store_release_at(st, i));

		if (rs == NULL)
			errors++;
		reeks_store_free(rs);
	}
	return errors;
}

/* ---- reeks release --------------------------------------------------- */

typedef struct release_values {
	const char *data;
	const char *license;
	const char *note_en;
	const char *note_nl;
} release_values;

static const args_opt release_opts[] = {
	ARGS_DATA_OPT(release_values, data),
	{ .name = "license", .kind = ARGS_STRING, .meta = "FILE",
	  .help = "the license text put in the zip",
	  .offset = offsetof(release_values, license), .def = "LICENSE" },
	{ .name = "note", .kind = ARGS_STRING, .meta = "TEXT",
	  .help = "what the release is, in English (with --note-nl)",
	  .offset = offsetof(release_values, note_en) },
	{ .name = "note-nl", .kind = ARGS_STRING, .meta = "TEXT",
	  .help = "the same in Dutch",
	  .offset = offsetof(release_values, note_nl) },
};

const args_cmd release_args = {
	.name = "release",
	.summary = "make a release: a named, dated, frozen copy of the data",
	.about =
	    "Make the release NAME of the dataset: the zip DIR/releases/NAME.zip\n"
	    "(the site's reeks.zip, with NAME as its version) and its <release>\n"
	    "in DIR/releases.xml, with the zip's size and SHA-256. NAME is the\n"
	    "month of the release date (2026-12), or for a later release in the\n"
	    "same month the date itself (2026-12-15); the date is today's, or\n"
	    "SOURCE_DATE_EPOCH's. The data must have no error, and every earlier\n"
	    "release must be intact. A release is never changed: a NAME that\n"
	    "exists is refused.\n",
	.epilog = ARGS_EXIT_STATUS,
	.opts = release_opts,
	.nopts = sizeof release_opts / sizeof release_opts[0],
	.operands = "NAME",
	.min_operands = 1,
	.max_operands = 1,
	.missing = "missing the release's name (e.g. 2026-12)",
};

/* Append the <release> of NAME to X. */
static void
write_release(xmlw *x, const char *name, const char *date,
    unsigned long long bytes, const char *sha256, const char *en,
    const char *nl)
{
	char size[32];

	snprintf(size, sizeof size, "%llu", bytes);
	xmlw_start(x, "release");
	xmlw_attr(x, "name", name);
	xmlw_attr(x, "date", date);
	xmlw_attr(x, "bytes", size);
	xmlw_attr(x, "sha256", sha256);
	if (en != NULL) {
		xmlw_start(x, "note");
		xmlw_attr(x, "lang", "en");
		xmlw_text(x, en);
		xmlw_end(x);
		xmlw_start(x, "note");
		xmlw_attr(x, "lang", "nl");
		xmlw_text(x, nl);
		xmlw_end(x);
	}
	xmlw_end(x);
}

/* Write LEN bytes of DATA as PATH, through a new temporary file in the
 * same directory renamed over it. Returns 0, or -1 with errno set. */
static int
replace_file(const char *path, const char *data, size_t len)
{
	buf tmp = { 0 };
	int fd, rc = -1, err;

	buf_printf(&tmp, "%s.new-%ld", path, (long)getpid());
	if (tmp.failed) {
		errno = ENOMEM;
		return -1;
	}
	fd = open(tmp.data, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0644);
	if (fd < 0)
		goto out;
	size_t done = 0;
	while (done < len) {
		ssize_t w = write(fd, data + done, len - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		done += (size_t)w;
	}
	if (done != len || fsync(fd) != 0) {
		err = errno != 0 ? errno : EIO;
		close(fd);
		unlink(tmp.data);
		errno = err;
		goto out;
	}
	if (close(fd) != 0 || rename(tmp.data, path) != 0) {
		err = errno;
		unlink(tmp.data);
		errno = err;
		goto out;
	}
	rc = 0;
out:
	buf_free(&tmp);
	return rc;
}

/* The release list of ST with the new release appended, as the whole
 * text of releases.xml, into OUT. */
static int
release_list(buf *out, const reeks_store *st, const char *name,
    const char *date, unsigned long long bytes, const char *sha256,
    const release_values *v)
{
	xmlw x;

	xmlw_open_mem(&x);
	xmlw_comment(&x, " The releases of the dataset: written by 'reeks "
	    "release', never by hand. Each is the zip releases/NAME.zip, "
	    "which never changes: 'reeks check' compares it with the size "
	    "and SHA-256 here. ");
	xmlw_start(&x, "reeks");
	xmlw_attr(&x, "version", "1");
	for (size_t i = 0; i < reeks_store_release_count(st); i++) {
		const reeks_release *r = reeks_store_release_at(st, i);

		write_release(&x, reeks_release_name(r), reeks_release_date(r),
		    reeks_release_bytes(r), reeks_release_sha256(r),
		    reeks_release_note(r, REEKS_EN),
		    reeks_release_note(r, REEKS_NL));
	}
	write_release(&x, name, date, bytes, sha256, v->note_en, v->note_nl);
	xmlw_end(&x);
	return xmlw_close(&x, out);
}

/* Make the zip of ST as the release NAME dated DATE (seconds) at PATH,
 * which must not exist: through a staging directory beside it (removed
 * after), so that PATH is either whole or missing. */
static int
make_zip(const char *dir, const reeks_store *st, const release_values *v,
    const char *name, long long date, const char *path)
{
	buf stage = { 0 };
	errlist errs = { 0 };
	char why[512], *license = NULL;
	size_t len;
	out_dir *o;
	int rc = -1;

	if (reeks_file_read(v->license, REEKS_FILE_NOFOLLOW, INPUT_MAX,
	    &license, &len, why, sizeof why) != 0) {
		fprintf(stderr, "%s: %s\n", v->license, why);
		return -1;
	}
	buf_printf(&stage, "%s%sreleases/.%s", dir,
	    dir[strlen(dir) - 1] == '/' ? "" : "/", name);
	if (stage.failed) {
		fputs("reeks: out of memory\n", stderr);
		goto out;
	}
	if ((o = out_begin(stage.data, &errs)) == NULL)
		goto out;
	downloads_opts opts = {
		.base_url = NULL,       /* a release names no address */
		.license = license,
		.version = name,
		.date = date,
		.jobs = 1,
	};
	if (downloads_write(o, st, &opts, &errs) != 0) {
		out_abort(o);
		goto out;
	}
	const char *zip = out_staged_path(o, "data/reeks.zip");
	if (zip == NULL || link(zip, path) != 0) {
		errlist_add(&errs, path, 0, 0, "cannot create it: %s",
		    zip == NULL ? "out of memory" : strerror(errno));
		out_abort(o);
		goto out;
	}
	out_abort(o);
	rc = 0;
out:
	for (size_t i = 0; i < errlist_count(&errs); i++)
		fprintf(stderr, "%s\n", errlist_at(&errs, i));
	errlist_free(&errs);
	buf_free(&stage);
	free(license);
	return rc;
}

int
cmd_release(int argc, char **argv)
{
	release_values v = { 0 };
	args_operands ops;
	reeks_store *st = NULL;
	buf path = { 0 }, list = { 0 }, xmlpath = { 0 };
	char date[16], why[2200], hex[65], *zip = NULL;
	const char *name;
	long long when;
	size_t len;
	int rc = args_parse(&release_args, argc, argv, &v, &ops, stdout,
	    stderr);

	if (rc != ARGS_OK) {
		args_operands_free(&ops);
		return rc == ARGS_HELP ? EXIT_SUCCESS : rc;
	}
	name = ops.v[0];
	rc = EXIT_USAGE;
	if (!release_name_ok(name)) {
		args_usage(&release_args, stderr, "'%s' is not a release "
		    "name: YYYY-MM (the month of the release), or YYYY-MM-DD "
		    "for a later release in the same month", name);
		goto out;
	}
	if ((v.note_en == NULL) != (v.note_nl == NULL)) {
		args_usage(&release_args, stderr, "a note needs both "
		    "languages: --note and --note-nl");
		goto out;
	}
	rc = EXIT_DATA;
	{
		errlist errs = { 0 };
		int drc = downloads_date((long long)time(NULL), &when, &errs);

		for (size_t i = 0; i < errlist_count(&errs); i++)
			fprintf(stderr, "reeks: %s\n", errlist_at(&errs, i));
		errlist_free(&errs);
		if (drc != 0)
			goto out;
	}
	time_t t = (time_t)when;
	struct tm tm;
	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(date, sizeof date, "%Y-%m-%d", &tm) != 10) {
		fprintf(stderr, "reeks: the date %lld is out of range\n", when);
		goto out;
	}
	if (strcmp(name, date) != 0 && (strlen(name) != 7 ||
	    strncmp(name, date, 7) != 0)) {
		fprintf(stderr, "reeks: a release made on %s is named %.7s "
		    "(the first of the month) or %s, not %s\n", date, date,
		    date, name);
		goto out;
	}
	if ((st = cli_load(v.data, NULL)) == NULL)
		goto out;
	if (releases_verify(v.data, st) != 0) {
		fputs("reeks: an earlier release is not intact: no new release "
		    "made\n", stderr);
		goto out;
	}
	buf_printf(&xmlpath, "%s%sreleases.xml", v.data,
	    v.data[strlen(v.data) - 1] == '/' ? "" : "/");
	size_t n = reeks_store_release_count(st);
	for (size_t i = 0; i < n; i++) {
		const reeks_release *r = reeks_store_release_at(st, i);

		if (strcmp(reeks_release_file(r), xmlpath.data) != 0) {
			fprintf(stderr, "%s:%lu: release %s is not in %s, "
			    "which 'reeks release' rewrites: move it there\n",
			    reeks_release_file(r), reeks_release_line(r),
			    reeks_release_name(r), xmlpath.data);
			goto out;
		}
	}
	const reeks_release *same = reeks_store_release_find(st, name);
	if (same != NULL) {
		fprintf(stderr, "%s:%lu: release %s exists: a release never "
		    "changes; name a later one by its date (%s)\n",
		    reeks_release_file(same), reeks_release_line(same), name,
		    date);
		goto out;
	}
	const reeks_release *last = n > 0 ? reeks_store_release_at(st, n - 1) :
	    NULL;
	if (last != NULL && (strcmp(name, reeks_release_name(last)) < 0 ||
	    strcmp(date, reeks_release_date(last)) < 0)) {
		fprintf(stderr, "%s:%lu: release %s (%s) is later than %s "
		    "(%s)\n", reeks_release_file(last), reeks_release_line(last),
		    reeks_release_name(last), reeks_release_date(last), name,
		    date);
		goto out;
	}

	/* The zip, then the list: a failure between leaves no zip. */
	release_zip_path(&path, v.data, name);
	buf_printf(&list, "%s%sreleases", v.data,
	    v.data[strlen(v.data) - 1] == '/' ? "" : "/");
	if (path.failed || list.failed || xmlpath.failed) {
		fputs("reeks: out of memory\n", stderr);
		goto out;
	}
	if (mkdir(list.data, 0755) != 0 && errno != EEXIST) {
		fprintf(stderr, "reeks: cannot create %s: %s\n", list.data,
		    strerror(errno));
		goto out;
	}
	if (make_zip(v.data, st, &v, name, when, path.data) != 0)
		goto out;
	if (reeks_file_read(path.data, REEKS_FILE_NOFOLLOW, RELEASE_MAX, &zip,
	    &len, why, sizeof why) != 0) {
		fprintf(stderr, "%s: %s\n", path.data, why);
		unlink(path.data);
		goto out;
	}
	sha256_hex(zip, len, hex);
	buf_reset(&list);
	if (release_list(&list, st, name, date, len, hex, &v) != 0 ||
	    replace_file(xmlpath.data, list.data, list.len) != 0) {
		fprintf(stderr, "reeks: cannot write %s: %s\n", xmlpath.data,
		    strerror(errno));
		unlink(path.data);
		goto out;
	}
	printf("release %s (%s): %s, %zu bytes, SHA-256 %s; %zu series, "
	    "%zu observations\n", name, date, path.data, len, hex,
	    reeks_store_series_count(st), reeks_store_obs_count(st));
	rc = EXIT_SUCCESS;
out:
	free(zip);
	buf_free(&path);
	buf_free(&list);
	buf_free(&xmlpath);
	reeks_store_free(st);
	args_operands_free(&ops);
	return rc;
}

/* ---- reeks diff ------------------------------------------------------ */

typedef struct diff_values {
	const char *data;
} diff_values;

static const args_opt diff_opts[] = {
	ARGS_DATA_OPT(diff_values, data),
};

const args_cmd diff_args = {
	.name = "diff",
	.summary = "print the figures added, removed and revised between releases",
	.about =
	    "Print, as CSV, the figures (observations) added, removed and revised\n"
	    "from the release OLD to the release NEW, or to the current data when\n"
	    "NEW is not given. A figure is its series and period; it is revised\n"
	    "when its value, bounds, qualifier, status, secondary mark or source\n"
	    "changed. Columns: series, period, change (added, removed, revised),\n"
	    "the old and new value, low, high, qualifier, status, secondary and\n"
	    "source, and reason: the change log entry the new figure names\n"
	    "(change=\"...\"), else the ids of every entry of NEW dated after OLD.\n"
	    "Rows by series id, then period.\n",
	.epilog = ARGS_EXIT_STATUS,
	.opts = diff_opts,
	.nopts = sizeof diff_opts / sizeof diff_opts[0],
	.operands = "OLD [NEW]",
	.min_operands = 1,
	.max_operands = 2,
	.missing = "missing the release to compare from (e.g. 2026-12)",
};

/* The fields of a figure that a revision is about, as text ("" absent). */
enum { F_VALUE, F_LOW, F_HIGH, F_QUALIFIER, F_STATUS, F_SECONDARY,
    F_SOURCE, NFIELDS };

static const char *const field_names[NFIELDS] = { "value", "low", "high",
    "qualifier", "status", "secondary", "source" };

static void
fields(const reeks_obs *o, const char *f[NFIELDS], char status[2])
{
	for (int i = 0; i < NFIELDS; i++)
		f[i] = "";
	if (o == NULL)
		return;
	status[0] = reeks_obs_status(o);
	status[1] = '\0';
	f[F_VALUE] = reeks_obs_value_text(o) != NULL ?
	    reeks_obs_value_text(o) : "";
	f[F_LOW] = reeks_obs_lower_text(o) != NULL ?
	    reeks_obs_lower_text(o) : "";
	f[F_HIGH] = reeks_obs_upper_text(o) != NULL ?
	    reeks_obs_upper_text(o) : "";
	f[F_QUALIFIER] = reeks_qualifier_name(reeks_obs_qualifier(o));
	f[F_STATUS] = status[0] != '\0' ? status : "";
	f[F_SECONDARY] = reeks_obs_secondary(o) ? "true" : "false";
	f[F_SOURCE] = reeks_source_id(reeks_obs_source(o));
}

/* Revision V as a CSV row; LOG, the change log's ids, its reason when
 * the new figure names none. */
static void
diff_row(buf *b, const revision *v, const char *log)
{
	const char *fa[NFIELDS], *fb[NFIELDS];
	char sa[2], sb[2];

	fields(v->old, fa, sa);
	fields(v->new, fb, sb);
	escape_csv_field(b, v->series);
	buf_putc(b, ',');
	escape_csv_field(b, v->period);
	buf_puts(b, v->kind == REVISION_ADDED ? ",added" :
	    v->kind == REVISION_REMOVED ? ",removed" : ",revised");
	for (int i = 0; i < NFIELDS; i++) {
		buf_putc(b, ',');
		escape_csv_field(b, fa[i]);
		buf_putc(b, ',');
		escape_csv_field(b, fb[i]);
	}
	buf_putc(b, ',');
	escape_csv_field(b, v->change != NULL ? reeks_change_id(v->change) :
	    log);
	buf_puts(b, "\r\n");
}

int
cmd_diff(int argc, char **argv)
{
	diff_values v = { 0 };
	args_operands ops;
	reeks_store *st = NULL, *old = NULL, *new = NULL;
	const reeks_release *ro, *rn = NULL;
	buf out = { 0 }, changes = { 0 };
	int rc = args_parse(&diff_args, argc, argv, &v, &ops, stdout, stderr);

	if (rc != ARGS_OK) {
		args_operands_free(&ops);
		return rc == ARGS_HELP ? EXIT_SUCCESS : rc;
	}
	rc = EXIT_USAGE;
	for (int i = 0; i < ops.n; i++)
		if (!release_name_ok(ops.v[i])) {
			args_usage(&diff_args, stderr, "'%s' is not a release "
			    "name (YYYY-MM or YYYY-MM-DD)", ops.v[i]);
			goto out;
		}
	rc = EXIT_DATA;
	if ((st = cli_load(v.data, NULL)) == NULL)
		goto out;
	for (int i = 0; i < ops.n; i++)
		if (reeks_store_release_find(st, ops.v[i]) == NULL) {
			fprintf(stderr, "reeks: %s has no release %s\n", v.data,
			    ops.v[i]);
			goto out;
		}
	ro = reeks_store_release_find(st, ops.v[0]);
	if (ops.n == 2)
		rn = reeks_store_release_find(st, ops.v[1]);
	if (rn != NULL && strcmp(reeks_release_name(rn),
	    reeks_release_name(ro)) < 0) {
		fprintf(stderr, "reeks: release %s is older than %s: give "
		    "the older first\n", reeks_release_name(rn),
		    reeks_release_name(ro));
		goto out;
	}
	if ((old = release_load(v.data, ro)) == NULL ||
	    (rn != NULL && (new = release_load(v.data, rn)) == NULL))
		goto out;
	const reeks_store *ns = new != NULL ? new : st;
	revisions rv = { 0 };

	if (revisions_find(old, reeks_release_date(ro), ns, &rv) != 0) {
		fputs("reeks: out of memory\n", stderr);
		goto out;
	}
	/* The change log of NEW after OLD's date. */
	for (size_t i = 0; i < rv.nlog; i++) {
		if (i > 0)
			buf_putc(&changes, ' ');
		buf_puts(&changes, reeks_change_id(rv.log[i]));
	}
	buf_puts(&out, "series,period,change");
	for (int i = 0; i < NFIELDS; i++)
		buf_printf(&out, ",old_%s,new_%s", field_names[i],
		    field_names[i]);
	buf_puts(&out, ",reason\r\n");
	for (size_t i = 0; i < rv.n; i++)
		diff_row(&out, &rv.v[i], changes.data != NULL ? changes.data :
		    "");
	revisions_free(&rv);
	if (out.failed || changes.failed) {
		fputs("reeks: out of memory\n", stderr);
		goto out;
	}
	if (fwrite(out.data, 1, out.len, stdout) != out.len) {
		stdout_error(errno);
		goto out;
	}
	rc = EXIT_SUCCESS;
out:
	buf_free(&out);
	buf_free(&changes);
	reeks_store_free(old);
	reeks_store_free(new);
	reeks_store_free(st);
	args_operands_free(&ops);
	return rc;
}
