/*
 * main.c: the reeks command. It parses the command line, calls the
 * library, and turns results into output and exit status:
 *   0 success, 1 the data (or output) has errors, 2 a usage error.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "util/errlist.h"
#include "gen.h"
#include "out/out.h"
#include "shared.h"
#include "site/site.h"

enum { EXIT_DATA = 1, EXIT_USAGE = 2 };

static const char usage_text[] =
    "usage: reeks COMMAND [OPTIONS]\n"
    "\n"
    "Commands:\n"
    "  check  [--data DIR]                 validate the dataset; print every\n"
    "                                      error as file:line: message\n"
    "  export [--data DIR] [--format FMT]  write the dataset to stdout\n"
    "  build  --base-url URL [--data DIR] [--templates DIR] [--out DIR]\n"
    "         [--license FILE] [-j N] [-q] [--verify]\n"
    "                                      build the static site\n"
    "  stats  [--data DIR] [--format text|json] SERIES\n"
    "                                      the statistics of a series page\n"
    "  calc FUNCTION ARGS...               statistics; see 'reeks calc --help'\n"
    "\n"
    "Options:\n"
    "  --data DIR     the data directory (default: data)\n"
    "  --templates DIR  templates, styles and messages (default: templates)\n"
    "  --out DIR      where the site goes (default: site); replaced whole\n"
    "                 when the build succeeds, untouched when it fails.\n"
    "                 DIR must be missing, empty, or a site reeks made (it\n"
    "                 holds .reeks-site); never a symbolic link, the data,\n"
    "                 templates, license or current directory, a directory\n"
    "                 holding one of them, or one inside data or templates\n"
    "  --base-url URL the site's public address, for catalogues, feeds,\n"
    "                 the sitemap and citations (links between pages stay\n"
    "                 relative)\n"
    "  --license FILE the license text put in the zip (default: LICENSE)\n"
    "  -j, --jobs N   build on N threads (default: one per processor);\n"
    "                 the site is the same whatever N\n"
    "  -q, --quiet    no summary line, and no progress on a terminal\n"
    "  --verify       reread each file a rebuild reuses from the old site\n"
    "                 and check its SHA-256, instead of trusting its size,\n"
    "                 inode and modification time\n"
    "  --format FMT   export format: csv (RFC 4180, UTF-8; the default),\n"
    "                 xml (the reeks format, data/reeks.xsd) or json\n"
    "  -h, --help     show this help and exit\n"
    "  --version      show the version and exit\n"
    "\n"
    "Exit status: 0 success, 1 errors in the data, 2 usage error.\n";

__attribute__((format(printf, 1, 2)))
static int
usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	print_line(stderr, "reeks: ", fmt, ap);
	va_end(ap);
	fputs("Try 'reeks --help'.\n", stderr);
	return EXIT_USAGE;
}

/* Print each diagnostic as "file:line:column: message" ("file:line:
 * message" when the column is not known, "file: message" for a whole
 * file), warnings marked as such. */
static void
print_diags(const reeks_diags *diags)
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

/* Load DIR, printing every diagnostic. Returns the store, or NULL after
 * printing why not; *WARNINGS gets the number of warnings when WARNINGS is
 * not NULL. */
static reeks_store *
load(const char *dir, size_t *warnings)
{
	reeks_diags *diags = reeks_diags_new();
	reeks_store *st = NULL;

	if (diags == NULL) {
		fputs("reeks: out of memory\n", stderr);
		return NULL;
	}
	reeks_store_load_opts(dir, &(reeks_load_options){
	    .jobs = reeks_par_default_jobs() }, diags, &st);
	print_diags(diags);
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

typedef struct options {
	const char *data;
	const char *format;
} options;

/*
 * Parse the options after the command name. ALLOW_FORMAT says whether
 * --format is an option of this command. Returns 0, -1 after printing
 * help (exit 0), or EXIT_USAGE after printing the problem.
 */
static int
parse_options(int argc, char **argv, bool allow_format, options *o)
{
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char **slot = NULL;
		const char *name = a, *value = NULL;
		size_t namelen = strlen(a);
		const char *eq = strchr(a, '=');

		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(usage_text, stdout);
			return -1;
		}
		if (strncmp(a, "--", 2) == 0 && eq != NULL) {
			namelen = (size_t)(eq - a);
			value = eq + 1;
		}
		if (namelen == 6 && strncmp(name, "--data", 6) == 0)
			slot = &o->data;
		else if (allow_format && namelen == 8 &&
		    strncmp(name, "--format", 8) == 0)
			slot = &o->format;
		else if (a[0] == '-')
			return usage_error("unknown option '%s'", a);
		else
			return usage_error("unexpected argument '%s'", a);
		if (value == NULL) {
			if (i + 1 >= argc)
				return usage_error("option '%.*s' needs a "
				    "value", (int)namelen, name);
			value = argv[++i];
		}
		if (*value == '\0')
			return usage_error("option '%.*s' needs a value",
			    (int)namelen, name);
		*slot = value;
	}
	return 0;
}

static int
cmd_check(int argc, char **argv)
{
	options o = { "data", NULL };
	reeks_store *st;
	int rc = parse_options(argc, argv, false, &o);

	if (rc != 0)
		return rc < 0 ? EXIT_SUCCESS : rc;
	size_t warnings = 0;
	if ((st = load(o.data, &warnings)) == NULL)
		return EXIT_DATA;
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
	options o = { "data", "csv" };
	reeks_store *st;
	int rc = parse_options(argc, argv, true, &o);

	if (rc != 0)
		return rc < 0 ? EXIT_SUCCESS : rc;
	int (*export)(const reeks_store *, FILE *);
	if (strcmp(o.format, "csv") == 0)
		export = export_csv;
	else if (strcmp(o.format, "xml") == 0)
		export = export_xml;
	else if (strcmp(o.format, "json") == 0)
		export = export_json;
	else
		return usage_error("unknown format '%s' (known: csv, xml, "
		    "json)", o.format);
	if ((st = load(o.data, NULL)) == NULL)
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

/* An absolute http(s) URL; a missing final '/' is added (in a static
 * buffer). Returns NULL when URL is not one, with why in *WHY (after
 * "--base-url "). */
static const char *
base_url(const char *url, char *why, size_t whylen)
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

static int
cmd_build(int argc, char **argv)
{
	site_opts o = { "data", "templates", "site", NULL, "LICENSE", false,
	    0, false };

	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], **slot = NULL;

		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(usage_text, stdout);
			return EXIT_SUCCESS;
		}
		if (strcmp(a, "--data") == 0)
			slot = &o.data_dir;
		else if (strcmp(a, "--templates") == 0)
			slot = &o.templates_dir;
		else if (strcmp(a, "--out") == 0)
			slot = &o.out_dir;
		else if (strcmp(a, "--base-url") == 0)
			slot = &o.base_url;
		else if (strcmp(a, "--license") == 0)
			slot = &o.license;
		else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
			o.quiet = true;
			continue;
		} else if (strcmp(a, "--verify") == 0) {
			o.verify = true;
			continue;
		} else if (strcmp(a, "-j") == 0 || strcmp(a, "--jobs") == 0 ||
		    (strncmp(a, "-j", 2) == 0 && a[2] != '\0')) {
			const char *v = a[1] == 'j' && a[2] != '\0' ? a + 2 :
			    i + 1 < argc ? argv[++i] : "";
			char *end;
			long n = strtol(v, &end, 10);

			if (*v < '0' || *v > '9' || *end != '\0' || n < 1 ||
			    n > REEKS_PAR_MAX_JOBS)
				return usage_error("option '-j' needs a number "
				    "of threads from 1 to %d",
				    REEKS_PAR_MAX_JOBS);
			o.jobs = (int)n;
			continue;
		} else if (a[0] == '-')
			return usage_error("unknown option '%s'", a);
		else
			return usage_error("unexpected argument '%s'", a);
		if (i + 1 >= argc || *argv[i + 1] == '\0')
			return usage_error("option '%s' needs a value", a);
		*slot = argv[++i];
	}
	if (o.base_url == NULL)
		return usage_error("build needs --base-url URL, the site's "
		    "public address (for catalogues, feeds and citations)");
	char url_why[2200];
	const char *u = base_url(o.base_url, url_why, sizeof url_why);
	if (u == NULL)
		return usage_error("--base-url %s", url_why);
	o.base_url = u;
	/* The site replaces --out whole: only a directory reeks made, or
	 * an empty or missing one, and never what the build reads. */
	char cwd[4096], why[1024];
	const out_input inputs[] = {
		{ o.data_dir, "the data directory", false },
		{ o.templates_dir, "the templates directory", false },
		{ o.license, "the license file", false },
		{ getcwd(cwd, sizeof cwd) != NULL ? cwd : ".",
		    "the current directory", true },
	};
	switch (out_check_target(o.out_dir, inputs,
	    sizeof inputs / sizeof inputs[0], why, sizeof why)) {
	case 0:
		break;
	case -2:
		fputs("reeks: out of memory\n", stderr);
		return EXIT_DATA;
	default:
		return usage_error("refusing to build into '%s': %s",
		    o.out_dir, why);
	}
	return site_build(&o);
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

static int
run(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;

#if defined(__GLIBC__) && defined(M_MXFAST)
	/* Loading builds and frees a libxml2 tree of millions of small
	 * nodes a file; with glibc's fast bins, each later free of a large
	 * block consolidates them all again. Without fast bins, loading
	 * 500,000 observations takes about 15% less time (make bench). */
	mallopt(M_MXFAST, 0);
#endif
	if (cmd == NULL)
		return usage_error("no command given");
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 ||
	    strcmp(cmd, "help") == 0) {
		fputs(usage_text, stdout);
		return EXIT_SUCCESS;
	}
	if (strcmp(cmd, "--version") == 0) {
		printf("reeks %s\n", reeks_version());
		return EXIT_SUCCESS;
	}
	if (strcmp(cmd, "check") == 0)
		return cmd_check(argc - 2, argv + 2);
	if (strcmp(cmd, "export") == 0)
		return cmd_export(argc - 2, argv + 2);
	if (strcmp(cmd, "build") == 0)
		return cmd_build(argc - 2, argv + 2);
	if (strcmp(cmd, "stats") == 0)
		return cmd_stats(argc - 2, argv + 2);
	if (strcmp(cmd, "calc") == 0)
		return cmd_calc(argc - 2, argv + 2);
	return usage_error("unknown command '%s'", cmd);
}

int
main(int argc, char **argv)
{
	/* A file beyond 'ulimit -f' would kill the command by SIGXFSZ,
	 * with no message; ignored, the write fails with EFBIG, reported as
	 * any write error ("File too large"), and a build keeps the old
	 * site. */
	signal(SIGXFSZ, SIG_IGN);
	return finish_stdout(run(argc, argv));
}
