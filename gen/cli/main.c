/*
 * main.c: the reeks command. It parses the command line, calls the
 * library, and turns results into output and exit status:
 *   0 success, 1 the data (or output) has errors, 2 a usage error.
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <libxml/globals.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "gen.h"
#include "out/out.h"
#include "shared.h"
#include "site/site.h"

enum { EXIT_DATA = 1, EXIT_USAGE = 2 };

/* A usage error of the command CMD (see args.h); returns EXIT_USAGE. */
#define usage_error(cmd, ...) args_usage((cmd), stderr, __VA_ARGS__)

/* The exit status for what args_parse() returned when not ARGS_OK. */
static int
parse_status(int rc)
{
	return rc == ARGS_HELP ? EXIT_SUCCESS : rc;
}

void
cli_print_diags(const reeks_diags *diags)
{
	for (size_t i = 0; i < reeks_diags_count(diags); i++) {
		const reeks_diag *d = reeks_diags_at(diags, i);
		const char *sev = reeks_diag_severity(d) == REEKS_WARNING ?
		    "warning: " : "";

		if (reeks_diag_column(d) > 0)
			fprintf(stderr, "%s:%lu:%lu: %s%s\n",
			    reeks_diag_file(d),
			    reeks_diag_line(d), reeks_diag_column(d), sev,
			    reeks_diag_message(d));
		else if (reeks_diag_line(d) > 0)
			fprintf(stderr, "%s:%lu: %s%s\n", reeks_diag_file(d),
			    reeks_diag_line(d), sev, reeks_diag_message(d));
		else
			fprintf(stderr, "%s: %s%s\n", reeks_diag_file(d), sev,
			    reeks_diag_message(d));
	}
}

reeks_store *
cli_load(const char *dir, size_t *warnings)
{
	return cli_load_cached(dir, NULL, warnings);
}

reeks_store *
cli_load_cached(const char *dir, const char *cache, size_t *warnings)
{
	reeks_diags *diags = reeks_diags_new();
	reeks_store *st = NULL;
	reeks_load_stats stats = { 0 };
	char id[65] = "";

	if (diags == NULL) {
		fputs("reeks: out of memory\n", stderr);
		return NULL;
	}
	/* A cache for this reeks (its executable and libraries); none when
	 * it cannot say which. */
	if (cache != NULL)
		out_generator_id(id);
	reeks_store_load_opts(dir, &(reeks_load_options){
	    .jobs = reeks_par_default_jobs(),
	    .cache_path = id[0] != '\0' ? cache : NULL, .cache_id = id,
	    .stats = &stats }, diags, &st);
	cli_print_diags(diags);
	if (cache != NULL && getenv("REEKS_BUILD_STATS") != NULL)
		fprintf(stderr, "stats: data files %zu parsed, %zu from the "
		    "load cache\n", stats.parsed, stats.cached);
	if (warnings != NULL)
		*warnings = reeks_diags_count(diags) - reeks_diags_errors(diags);
	if (st == NULL) {
		size_t n = reeks_diags_errors(diags);

		fprintf(stderr, "reeks: %zu error%s in %s\n", n,
		    n == 1 ? "" : "s", dir);
	}
	reeks_diags_free(diags);
	return st;
}

typedef struct data_values {
	const char *data;
	const char *format;
	const char *cache;
} data_values;

static const args_opt check_opts[] = {
	ARGS_DATA_OPT(data_values, data),
	{ .name = "cache", .kind = ARGS_STRING, .meta = "FILE",
	  .help = "keep what each data file holds in FILE, and take a\n"
	    "file whose bytes are unchanged from it instead of\n"
	    "reading it again (the messages are the same)",
	  .offset = offsetof(data_values, cache) },
};

static const args_cmd check_args = {
	.name = "check",
	.summary = "validate the dataset: print every error as file:line: message",
	.about =
	    "Validate the dataset as 'reeks build' reads it: print every error of\n"
	    "every file as file:line: message, then how many there are; or, when\n"
	    "there is none, one line of counts. A claim whose figures do not\n"
	    "recompute is a warning: the data still loads.\n",
	.epilog = ARGS_EXIT_STATUS,
	.opts = check_opts,
	.nopts = sizeof check_opts / sizeof check_opts[0],
};

static const args_opt export_opts[] = {
	ARGS_DATA_OPT(data_values, data),
	{ .name = "format", .kind = ARGS_CHOICE, .choices = "csv|xml|json",
	  .help = "csv: RFC 4180, UTF-8, one row per observation;\n"
	    "xml: the reeks format (data/reeks.xsd), which loads\n"
	    "back as the same data; json: a JSON document",
	  .offset = offsetof(data_values, format), .def = "csv" },
};

static const args_cmd export_args = {
	.name = "export",
	.summary = "write the dataset to standard output",
	.about =
	    "Write the dataset to standard output; when the data has an error,\n"
	    "print the errors and write nothing at all.\n",
	.epilog = ARGS_EXIT_STATUS,
	.opts = export_opts,
	.nopts = sizeof export_opts / sizeof export_opts[0],
};

static int
cmd_check(int argc, char **argv)
{
	data_values o = { NULL, NULL, NULL };
	args_operands ops;
	reeks_store *st;
	int rc = args_parse(&check_args, argc, argv, &o, &ops, stdout, stderr);

	args_operands_free(&ops);
	if (rc != ARGS_OK)
		return parse_status(rc);
	size_t warnings = 0;
	if ((st = cli_load_cached(o.data, o.cache, &warnings)) == NULL)
		return EXIT_DATA;
	size_t bad = releases_verify(o.data, st);
	if (bad > 0) {
		fprintf(stderr, "reeks: %zu error%s in the releases of %s\n",
		    bad, bad == 1 ? "" : "s", o.data);
		reeks_store_free(st);
		return EXIT_DATA;
	}
	size_t nseries = reeks_store_series_count(st);
	size_t nobs = reeks_store_obs_count(st);
	size_t nclaims = reeks_store_claim_count(st);
	size_t nsources = reeks_store_source_count(st);
	printf("%s: %zu series, %zu observation%s, %zu claim%s, %zu source%s: "
	    "no errors", o.data, nseries, nobs, nobs == 1 ? "" : "s", nclaims,
	    nclaims == 1 ? "" : "s", nsources, nsources == 1 ? "" : "s");
	if (warnings > 0)
		printf(", %zu warning%s", warnings, warnings == 1 ? "" : "s");
	putchar('\n');
	reeks_store_free(st);
	return EXIT_SUCCESS;
}

static int
cmd_export(int argc, char **argv)
{
	data_values o = { NULL, NULL, NULL };
	args_operands ops;
	reeks_store *st;
	int rc = args_parse(&export_args, argc, argv, &o, &ops, stdout, stderr);

	args_operands_free(&ops);
	if (rc != ARGS_OK)
		return parse_status(rc);
	/* One of the table's choices. */
	int (*export)(const reeks_store *, FILE *) = export_csv;
	if (strcmp(o.format, "xml") == 0)
		export = export_xml;
	else if (strcmp(o.format, "json") == 0)
		export = export_json;
	if ((st = cli_load(o.data, NULL)) == NULL)
		return EXIT_DATA;
	rc = EXIT_SUCCESS;
	if (export(st, stdout) != 0) {
		if (ferror(stdout))
			stdout_error(errno);
		else
			fprintf(stderr, "reeks: cannot write the export: %s\n",
			    strerror(errno));
		rc = EXIT_DATA;
	}
	reeks_store_free(st);
	return rc;
}

const char *
cli_base_url(const char *url, char *why, size_t whylen)
{
	static char url_buf[2048];
	size_t len = strlen(url), at;
	const char *bad = reeks_text_check(url, len, &at);

	/* Not text (a URL has no tab or line break either): say where,
	 * without echoing it to the terminal. */
	if (bad == NULL && (at = strcspn(url, "\t\r\n")) < len)
		bad = "a control character";
	if (bad != NULL) {
		snprintf(why, whylen, "is not a URL: byte %zu is %s", at + 1,
		    bad);
		return NULL;
	}
	snprintf(why, whylen, "needs an absolute http or https URL, not '%s'",
	    url);
	if ((strncmp(url, "http://", 7) != 0 &&
	    strncmp(url, "https://", 8) != 0) || len + 2 > sizeof url_buf ||
	    strpbrk(url, " \t\n\"<>'") != NULL)
		return NULL;
	snprintf(url_buf, sizeof url_buf, "%s%s", url,
	    url[len - 1] == '/' ? "" : "/");
	return url_buf;
}

static const args_opt build_opts[] = {
	{ .name = "base-url", .kind = ARGS_STRING, .meta = "URL",
	  .help = "the site's public address, an absolute http or https\n"
	    "URL, for catalogues, feeds, the sitemap and citations\n"
	    "(links between pages stay relative)",
	  .offset = offsetof(site_opts, base_url), .required = true },
	ARGS_DATA_OPT(site_opts, data_dir),
	{ .name = "templates", .kind = ARGS_STRING, .meta = "DIR",
	  .help = "templates, styles and messages",
	  .offset = offsetof(site_opts, templates_dir), .def = "templates" },
	{ .name = "out", .kind = ARGS_STRING, .meta = "DIR",
	  .help = "where the site goes; replaced whole when the build\n"
	    "succeeds, untouched when it fails. DIR must be missing,\n"
	    "empty, or a site reeks made (it holds .reeks-site);\n"
	    "never a symbolic link, the data, templates, license or\n"
	    "current directory, a directory holding one of them, or\n"
	    "one inside data or templates",
	  .offset = offsetof(site_opts, out_dir), .def = "site" },
	{ .name = "license", .kind = ARGS_STRING, .meta = "FILE",
	  .help = "the license text put in the zip",
	  .offset = offsetof(site_opts, license), .def = "LICENSE" },
	{ .name = "jobs", .letter = 'j', .kind = ARGS_INT, .meta = "N",
	  .help = "build on N threads (default: one per processor);\n"
	    "the site is the same whatever N",
	  .offset = offsetof(site_opts, jobs), .min = 1,
	  .max = REEKS_PAR_MAX_JOBS,
	  .what = "a number of threads" },
	{ .name = "quiet", .letter = 'q', .kind = ARGS_FLAG,
	  .help = "no summary line, and no progress on a terminal",
	  .offset = offsetof(site_opts, quiet) },
	{ .name = "verify", .kind = ARGS_FLAG,
	  .help = "reread each file a rebuild reuses from the old site\n"
	    "and check its SHA-256, instead of trusting its size,\n"
	    "inode and modification time",
	  .offset = offsetof(site_opts, verify) },
};

static const args_cmd build_args = {
	.name = "build",
	.summary = "build the static site",
	.about =
	    "Build the static site from the data and the templates: every page,\n"
	    "download and catalogue. Every error is printed as file:line: message\n"
	    "and the old site is kept.\n",
	.epilog = ARGS_EXIT_STATUS,
	.opts = build_opts,
	.nopts = sizeof build_opts / sizeof build_opts[0],
	.missing_opt = "--base-url URL is required: the site's public address "
	    "(for catalogues, feeds and citations)",
};

/* The build's progress on stderr, a terminal: one line that each call
 * overwrites, or clears (LINE NULL). */
static void
show_progress(void *arg, const char *line)
{
	bool *shown = arg;

	fputs("\r\033[K", stderr);
	if (line != NULL)
		fprintf(stderr, "reeks: %s", line);
	fflush(stderr);
	*shown = line != NULL;
}

static void
show_warning(void *arg, const char *line)
{
	(void)arg;
	fprintf(stderr, "%s\n", line);
}

/* Build the site of O, printing what site_build() reports: every error
 * on stderr, or a summary of what was written on stdout. Returns the exit
 * status. */
static int
build(const site_opts *opts)
{
	site_opts o = *opts;
	site_result r = { 0 };
	bool shown = false;
	int rc;

	o.stats = getenv("REEKS_BUILD_STATS") != NULL;
	o.no_png = getenv("REEKS_NO_PNG") != NULL;
	o.pages_only = getenv("REEKS_BENCH_PAGES_ONLY") != NULL;
	if (o.pages_only)
		fprintf(stderr, "reeks: warning: REEKS_BENCH_PAGES_ONLY is "
		    "set: %s gets no downloads (data/) and no downloads "
		    "pages; a benchmark's site, not one to publish\n",
		    o.out_dir);
	o.warning = show_warning;
	if (!o.quiet && isatty(STDERR_FILENO)) {
		o.progress = show_progress;
		o.arg = &shown;
	}
	rc = site_build(&o, &r);
	if (shown)
		show_progress(&shown, NULL);
	if (rc != 0) {
		errlist_print(&r.errs, stderr);
		fprintf(stderr, "reeks: %zu error%s; %s left as it was\n",
		    errlist_count(&r.errs),
		    errlist_count(&r.errs) == 1 ? "" : "s", o.out_dir);
	} else if (r.up_to_date) {
		if (!o.quiet)
			printf("reeks: %s is up to date: %zu pages, %zu files, "
			    "%llu bytes; nothing changed (%.2f s)\n",
			    o.out_dir, r.pages, r.files, r.bytes, r.seconds);
		if (r.stats[0] != '\0')
			fprintf(stderr, "reeks: %s\n", r.stats);
	} else {
		if (r.cache_lost)
			fprintf(stderr, "reeks: warning: the site is in place, "
			    "but its cache could not be saved (out of memory "
			    "or disk space): the next build writes every "
			    "file\n");
		if (r.stats[0] != '\0')
			fprintf(stderr, "reeks: %s\n", r.stats);
		if (!o.quiet)
			printf("reeks: wrote %s: %zu pages, %zu files, %llu "
			    "bytes in %.2f s\n", o.out_dir, r.pages, r.files,
			    r.bytes, r.seconds);
	}
	site_result_free(&r);
	return rc;
}

static int
cmd_build(int argc, char **argv)
{
	site_opts o = { 0 };
	args_operands ops;
	int rc = args_parse(&build_args, argc, argv, &o, &ops, stdout, stderr);

	args_operands_free(&ops);
	if (rc != ARGS_OK)
		return parse_status(rc);
	char url_why[2200];
	const char *u = cli_base_url(o.base_url, url_why, sizeof url_why);
	if (u == NULL)
		return usage_error(&build_args, "--base-url %s", url_why);
	o.base_url = u;
	/* The site replaces --out whole: only a directory reeks made, or
	 * an empty or missing one, and never what the build reads. */
	char cwd[4096];
	errlist errs = { 0 };
	const out_input inputs[] = {
		{ o.data_dir, "the data directory", false },
		{ o.templates_dir, "the templates directory", false },
		{ o.license, "the license file", false },
		{ getcwd(cwd, sizeof cwd) != NULL ? cwd : ".",
		    "the current directory", true },
	};
	if (out_check_target(o.out_dir, inputs,
	    sizeof inputs / sizeof inputs[0], &errs) != 0) {
		/* A refusal is a usage error; running out of memory is not
		 * (nor is a refusal lost for lack of memory). */
		if (errlist_oom_seen(&errs) || errs.n == 0) {
			fputs("reeks: out of memory\n", stderr);
			rc = EXIT_DATA;
		} else {
			rc = usage_error(&build_args, "%s",
			    errlist_at(&errs, 0));
		}
		errlist_free(&errs);
		return rc;
	}
	return build(&o);
}

static bool stdout_reported;

void
stdout_error(int err)
{
	if (stdout_reported)
		return;
	stdout_reported = true;
	fprintf(stderr, "reeks: cannot write to standard output: %s\n",
	    strerror(err != 0 ? err : EIO));
}

/*
 * The one check of standard output, after every command (help, version,
 * check, export, stats, calc, build's summary): what is left in its buffer
 * is written, and an error writing it, now or before, is reported by
 * stdout_error() (once, whoever saw it first) and makes exit status RC at
 * least 1. A full disk or /dev/full is never a success.
 */
static int
finish_stdout(int rc)
{
	int err = 0;

	errno = 0;
	if (fflush(stdout) != 0)
		err = errno;
	if (err != 0 || ferror(stdout)) {
		stdout_error(err);
		return rc == EXIT_SUCCESS ? EXIT_DATA : rc;
	}
	return stdout_reported && rc == EXIT_SUCCESS ? EXIT_DATA : rc;
}

/* The commands, in the order 'reeks --help' lists them. */
static const struct command {
	const args_cmd *args;
	int (*run)(int argc, char **argv);
} commands[] = {
	{ &check_args, cmd_check },
	{ &export_args, cmd_export },
	{ &build_args, cmd_build },
	{ &stats_args, cmd_stats },
	{ &calc_args, cmd_calc },
	{ &release_args, cmd_release },
	{ &diff_args, cmd_diff },
	{ &init_args, cmd_init },
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

/* The commands in 'reeks --help': each one's synopsis and summary. */
static void
commands_help(FILE *out)
{
	fputs("\nCommands:\n", out);
	for (size_t i = 0; i < NCOMMANDS; i++) {
		const args_cmd *c = commands[i].args;

		fputs("  ", out);
		args_synopsis(c, out, 2, 3 + (int)strlen(c->name));
		fprintf(out, "      %s\n", c->summary);
	}
	fputs("\n'reeks COMMAND --help' describes COMMAND and its options.\n",
	    out);
}

typedef struct top_values {
	bool version;
} top_values;

static const args_opt top_opts[] = {
	{ .name = "version", .kind = ARGS_FLAG,
	  .help = "show the version and exit",
	  .offset = offsetof(top_values, version) },
};

/* reeks itself: its options, then the command and the command's words. */
static const args_cmd top_args = {
	.name = "",
	.epilog = ARGS_EXIT_STATUS "\n"
	    "See reeks(1) for the commands, reeks-data(5) for the data, "
	    "reeks-templates(5)\nfor the templates and libreeks(3) for the "
	    "library.\n",
	.opts = top_opts,
	.nopts = sizeof top_opts / sizeof top_opts[0],
	.operands = "COMMAND [ARGS...]",
	.max_operands = -1,
	.stop_at_operand = true,
	.more_help = commands_help,
};

static int
run(int argc, char **argv)
{
	top_values tv = { false };
	args_operands ops;
	int rc;

#if defined(__GLIBC__) && defined(M_MXFAST)
	/* Loading builds and frees a libxml2 tree of millions of small
	 * nodes a file; with glibc's fast bins, each later free of a large
	 * block consolidates them all again. Without fast bins, loading
	 * 500,000 observations takes about 15% less time (make bench). */
	mallopt(M_MXFAST, 0);
#endif
#if defined(__GLIBC__) && defined(M_MMAP_THRESHOLD)
	/* glibc raises its mmap threshold to the largest block freed (up
	 * to 32 MB): a page's output buffer then comes from the heap, which
	 * keeps it once freed. A fixed threshold gives such blocks back:
	 * at 2,000 series the build's peak is 5 MB (7%) less. */
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
	rc = args_parse(&top_args, argc - 1, argv + 1, &tv, &ops, stdout,
	    stderr);
	if (rc != ARGS_OK) {
		args_operands_free(&ops);
		return parse_status(rc);
	}
	if (tv.version && ops.n > 0)
		rc = usage_error(&top_args, "unexpected argument '%s'",
		    ops.v[0]);
	else if (tv.version)
		printf("reeks %s\n", reeks_version());
	else if (ops.n == 0)
		rc = usage_error(&top_args, "no command given");
	else if (strcmp(ops.v[0], "help") == 0)
		args_help(&top_args, stdout);
	else {
		size_t i = 0;

		while (i < NCOMMANDS &&
		    strcmp(ops.v[0], commands[i].args->name) != 0)
			i++;
		rc = i < NCOMMANDS ? commands[i].run(ops.n - 1, ops.v + 1) :
		    usage_error(&top_args, "unknown command '%s'", ops.v[0]);
	}
	args_operands_free(&ops);
	return rc;
}

/* Drop what libxml2 prints through a thread's generic error handler
 * before a load sets its own: only "xmlGetGlobalState: out of memory",
 * when a thread's state cannot be allocated (see reeks_thread_ready()),
 * which then reports the failure as reeks says it. */
__attribute__((format(printf, 2, 3)))
static void
thread_default_error(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

int
main(int argc, char **argv)
{
	/* Before any thread starts: each takes it as its first handler. */
	xmlThrDefSetGenericErrorFunc(NULL, thread_default_error);
	/* A file beyond 'ulimit -f' would kill the command by SIGXFSZ,
	 * with no message; ignored, the write fails with EFBIG, reported as
	 * any write error ("File too large"), and a build keeps the old
	 * site. */
	signal(SIGXFSZ, SIG_IGN);
	return finish_stdout(run(argc, argv));
}
