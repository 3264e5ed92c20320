/*
 * calc.c: 'reeks calc FUNCTION ARGS...', the statistics of libreeks on the
 * command line.
 *
 * The result is one line of tab-separated numbers on stdout, each printed
 * with "%.15g", and exit status 0. A usage error (unknown function, wrong
 * number of arguments, a word that is not a number) prints
 * "reeks calc: ..." on stderr and exits 2; a value outside the function's
 * domain prints "reeks calc: FUNCTION: <reeks_stat_strerror text>" and
 * exits 1. On any error nothing is printed on stdout.
 */
#define _GNU_SOURCE             /* strtod_l */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "gen.h"

enum { CALC_OK = 0, CALC_DOMAIN = 1, CALC_USAGE = 2 };

/* Where the result and the messages go. */
typedef struct calc_io {
	FILE *out;
	FILE *err;
} calc_io;

static const char calc_about[] =
    "Prints the result on one line, numbers separated by tabs. Counts (X, N)\n"
    "are whole numbers; LEVEL is a confidence level between 0 and 1, by\n"
    "default 0.95. Intervals print the estimate, the lower and the upper\n"
    "bound.\n";

typedef enum calc_id {
	F_ABS_CHANGE, F_PCT_CHANGE, F_CAGR, F_INDEX,
	F_POISSON_CI, F_RATE_CI, F_WILSON_CI, F_EXACT_BINOM_CI,
	F_RATE_RATIO_CI, F_APC, F_AAPC,
	F_QNORM, F_QT, F_QCHISQ, F_QBETA, F_PNORM, F_PT, F_PCHISQ, F_PBETA
} calc_id;

/* A function: what calc parses and what its --help lists. */
typedef struct calc_fn {
	const char *name;
	calc_id id;
	int min, max;           /* arguments; max -1: any number */
	const char *args;       /* for the usage message and the help */
	const char *group;      /* the heading it begins, or NULL */
	const char *help;       /* lines separated by '\n' */
} calc_fn;

static const calc_fn calc_fns[] = {
	{ "abs-change", F_ABS_CHANGE, 2, 2, "A B", "Changes", "B - A" },
	{ "pct-change", F_PCT_CHANGE, 2, 2, "A B", NULL,
	    "percent change from A to B: 100 (B - A) / A" },
	{ "cagr", F_CAGR, 3, 3, "A B YEARS", NULL,
	    "compound annual growth rate from A to B over\nYEARS, in percent" },
	{ "index", F_INDEX, 2, 2, "X BASE", NULL, "X as an index of BASE = 100" },
	{ "poisson-ci", F_POISSON_CI, 1, 2, "X [LEVEL]", "Intervals",
	    "count X with its exact (Garwood) Poisson\ninterval" },
	{ "rate-ci", F_RATE_CI, 2, 4, "X POP [PER [LEVEL]]", NULL,
	    "rate of X events in population POP per PER\n"
	    "(default 100000), exact Poisson interval" },
	{ "wilson-ci", F_WILSON_CI, 2, 3, "X N [LEVEL]", NULL,
	    "proportion X of N, Wilson score interval" },
	{ "exact-binom-ci", F_EXACT_BINOM_CI, 2, 3, "X N [LEVEL]", NULL,
	    "proportion X of N, Clopper-Pearson interval" },
	{ "rate-ratio-ci", F_RATE_RATIO_CI, 4, 5, "X1 T1 X2 T2 [LEVEL]", NULL,
	    "ratio of the rates X1/T1 and X2/T2, exact\n"
	    "conditional interval (X2 > 0)" },
	{ "apc", F_APC, 1, -1, "[--level L] YEAR:VALUE...",
	    "Trends (annual percent change, lower, upper)",
	    "log-linear trend through 3 or more points" },
	{ "aapc", F_AAPC, 1, -1,
	    "[--level L] [--joinpoints YEAR,...] YEAR:VALUE...", NULL,
	    "average annual percent change of log-linear\n"
	    "segments that meet at the joinpoint years;\n"
	    "points in increasing year order" },
	{ "qnorm", F_QNORM, 1, 1, "P", "Distributions",
	    "standard normal quantile" },
	{ "qt", F_QT, 2, 2, "P DF", NULL,
	    "Student t quantile, DF degrees of freedom" },
	{ "qchisq", F_QCHISQ, 2, 2, "P DF", NULL, "chi-square quantile" },
	{ "qbeta", F_QBETA, 3, 3, "P A B", NULL,
	    "beta quantile, shapes A and B" },
	{ "pnorm", F_PNORM, 1, 1, "X", NULL,
	    "standard normal distribution, P(value <= X)" },
	{ "pt", F_PT, 2, 2, "X DF", NULL, "Student t distribution, P(value <= X)" },
	{ "pchisq", F_PCHISQ, 2, 2, "X DF", NULL,
	    "chi-square distribution, P(value <= X)" },
	{ "pbeta", F_PBETA, 3, 3, "X A B", NULL,
	    "beta distribution, P(value <= X)" },
};

#define NFNS (sizeof calc_fns / sizeof calc_fns[0])

/* The functions in 'reeks calc --help', from the table that calc_run()
 * reads: name and arguments, then the help from column 27. */
static void
calc_functions_help(FILE *out)
{
	enum { COL = 27 };

	for (size_t i = 0; i < NFNS; i++) {
		const calc_fn *fn = &calc_fns[i];
		int len = (int)(strlen(fn->name) + 1 + strlen(fn->args));

		if (fn->group != NULL)
			fprintf(out, "\n%s:\n", fn->group);
		fprintf(out, "  %s %s", fn->name, fn->args);
		if (2 + len + 1 > COL) {
			putc('\n', out);
			len = -2;
		}
		for (const char *p = fn->help; *p != '\0';) {
			size_t n = strcspn(p, "\n");

			fprintf(out, "%*s%.*s\n", COL - 2 - len, "", (int)n, p);
			len = -2;
			p += n + (p[n] == '\n');
		}
	}
}

/* 'reeks calc': the options of reeks calc itself (only --help), then the
 * function and its words. */
const args_cmd calc_args = {
	.name = "calc",
	.summary = "statistics as a calculator; see 'reeks calc --help'",
	.about = calc_about,
	.more_help = calc_functions_help,
	.epilog =
	    "Exit status: 0 success, 1 a value outside the function's domain or a\n"
	    "result outside the range of a double, 2 usage error.\n",
	.operands = "FUNCTION ARGS...",
	.min_operands = 1,
	.max_operands = -1,
	.missing = "no function given",
	.stop_at_operand = true,
	.numbers = true,
};

/* The options of the trends (apc: --level alone), anywhere among the
 * points. */
typedef struct trend_values {
	const char *level;
	const char *joinpoints;
} trend_values;

static const args_opt trend_opts[] = {
	{ .name = "level", .kind = ARGS_STRING, .meta = "L",
	  .help = "confidence level (default: 0.95)",
	  .offset = offsetof(trend_values, level) },
	{ .name = "joinpoints", .kind = ARGS_STRING, .meta = "YEAR,...",
	  .help = "the years where the segments meet",
	  .offset = offsetof(trend_values, joinpoints) },
};

__attribute__((format(printf, 2, 3)))
static int
calc_usage(const calc_io *io, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)args_vusage(&calc_args, io->err, fmt, ap);
	va_end(ap);
	return CALC_USAGE;
}

/* A domain error from the library: exit status 1. */
static int
calc_domain(const calc_io *io, const calc_fn *fn, reeks_stat_error e)
{
	fprintf(io->err, "reeks calc: %s: %s\n", fn->name,
	    reeks_stat_strerror(e));
	return CALC_DOMAIN;
}

/*
 * Parse TEXT, all of it, as a decimal number in the C locale: an optional
 * sign, digits with an optional point, an optional exponent. Hexadecimal,
 * "nan", "inf", spaces, an empty string and a value out of the double
 * range are refused. Returns 0, or a usage error after printing it.
 */
static int
parse_number(const calc_io *io, const calc_fn *fn, const char *text,
    double *out)
{
	locale_t c;
	char *end;
	double v;
	int saved;

	if (*text == '\0' || strspn(text, "0123456789+-.eE") != strlen(text))
		return calc_usage(io, "%s: '%s' is not a number", fn->name,
		    text);
	c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	if (c == (locale_t)0) {
		fputs("reeks calc: out of memory\n", io->err);
		return CALC_DOMAIN;
	}
	errno = 0;
	v = strtod_l(text, &end, c);
	saved = errno;
	freelocale(c);
	if (end == text || *end != '\0')
		return calc_usage(io, "%s: '%s' is not a number", fn->name,
		    text);
	if (saved == ERANGE || !isfinite(v))
		return calc_usage(io, "%s: '%s' is out of range", fn->name,
		    text);
	*out = v;
	return 0;
}

/* Print N values on one line, tab-separated; -0 prints as 0. Whether
 * stdout could be written is checked once for every command, by main(). */
static int
print_values(const calc_io *io, const double *v, int n)
{
	for (int i = 0; i < n; i++)
		fprintf(io->out, "%s%.15g", i > 0 ? "\t" : "", v[i] + 0.0);
	putc('\n', io->out);
	return CALC_OK;
}

static int
print_interval(const calc_io *io, const reeks_interval *iv)
{
	double v[3] = { iv->estimate, iv->lower, iv->upper };

	return print_values(io, v, 3);
}

/*
 * The trends: the options TV (as args_parse() left them) and the ARGC
 * YEAR:VALUE points of ARGV; then call the library.
 */
static int
calc_trend(const calc_io *io, const calc_fn *fn, const trend_values *tv,
    int argc, char **argv)
{
	double level = 0.95;
	const char *joinpoints = tv->joinpoints;
	double *times = NULL, *values = NULL;
	size_t *starts = NULL;
	size_t n = 0, nseg = 1;
	reeks_interval iv;
	reeks_stat_error e;
	int rc = CALC_OK;

	times = malloc((size_t)argc * sizeof *times);
	values = malloc((size_t)argc * sizeof *values);
	starts = malloc(((size_t)argc + 1) * sizeof *starts);
	if (times == NULL || values == NULL || starts == NULL) {
		fputs("reeks calc: out of memory\n", io->err);
		rc = CALC_DOMAIN;
		goto out;
	}
	if (tv->level != NULL &&
	    (rc = parse_number(io, fn, tv->level, &level)) != 0)
		goto out;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], *colon;

		colon = strchr(a, ':');
		if (colon == NULL || colon == a || colon[1] == '\0') {
			rc = calc_usage(io, "%s: '%s' is not YEAR:VALUE",
			    fn->name, a);
			goto out;
		}
		char year[64];
		size_t ylen = (size_t)(colon - a);

		if (ylen >= sizeof year) {
			rc = calc_usage(io, "%s: '%s' is not YEAR:VALUE",
			    fn->name, a);
			goto out;
		}
		memcpy(year, a, ylen);
		year[ylen] = '\0';
		if ((rc = parse_number(io, fn, year, &times[n])) != 0 ||
		    (rc = parse_number(io, fn, colon + 1, &values[n])) != 0)
			goto out;
		n++;
	}
	if (n == 0) {
		rc = calc_usage(io, "%s needs %s", fn->name, fn->args);
		goto out;
	}
	if (fn->id == F_APC) {
		e = reeks_apc(times, values, n, level, &iv);
		rc = e == REEKS_STAT_OK ? print_interval(io, &iv) :
		    calc_domain(io, fn, e);
		goto out;
	}
	for (size_t i = 1; i < n; i++)
		if (!(times[i] > times[i - 1])) {
			rc = calc_usage(io, "%s: the years must increase",
			    fn->name);
			goto out;
		}
	starts[0] = 0;
	for (const char *p = joinpoints; p != NULL && *p != '\0';) {
		const char *comma = strchr(p, ',');
		size_t len = comma != NULL ? (size_t)(comma - p) : strlen(p);
		char word[64];
		double y;
		size_t k;

		if (len == 0 || len >= sizeof word) {
			rc = calc_usage(io, "%s: '%s' is not a list of years",
			    fn->name, joinpoints);
			goto out;
		}
		memcpy(word, p, len);
		word[len] = '\0';
		if ((rc = parse_number(io, fn, word, &y)) != 0)
			goto out;
		for (k = 0; k < n && times[k] != y; k++)
			continue;
		if (k == n) {
			rc = calc_usage(io, "%s: joinpoint %s is not one of "
			    "the years", fn->name, word);
			goto out;
		}
		if (!(k > starts[nseg - 1]) && nseg > 1) {
			rc = calc_usage(io, "%s: the joinpoints must increase",
			    fn->name);
			goto out;
		}
		if (nseg > (size_t)argc) {
			rc = calc_usage(io, "%s: too many joinpoints",
			    fn->name);
			goto out;
		}
		starts[nseg++] = k;
		p = comma != NULL ? comma + 1 : p + len;
		if (comma != NULL && *p == '\0') {
			rc = calc_usage(io, "%s: '%s' is not a list of years",
			    fn->name, joinpoints);
			goto out;
		}
	}
	e = reeks_aapc(times, values, n, starts, nseg, level, &iv);
	rc = e == REEKS_STAT_OK ? print_interval(io, &iv) :
	    calc_domain(io, fn, e);
out:
	free(times);
	free(values);
	free(starts);
	return rc;
}

/* The functions whose arguments are all plain numbers. */
static int
calc_numbers(const calc_io *io, const calc_fn *fn, int argc,
    char **argv)
{
	double a[5] = { 0 }, r;
	reeks_interval iv;
	reeks_stat_error e;
	int rc;
	bool interval = false;

	for (int i = 0; i < argc; i++)
		if ((rc = parse_number(io, fn, argv[i], &a[i])) != 0)
			return rc;
	switch (fn->id) {
	case F_ABS_CHANGE:
		e = reeks_abs_change(a[0], a[1], &r);
		break;
	case F_PCT_CHANGE:
		e = reeks_pct_change(a[0], a[1], &r);
		break;
	case F_CAGR:
		e = reeks_cagr(a[0], a[1], a[2], &r);
		break;
	case F_INDEX:
		e = reeks_index(a[0], a[1], &r);
		break;
	case F_POISSON_CI:
		e = reeks_poisson_ci(a[0], argc > 1 ? a[1] : 0.95, &iv);
		interval = true;
		break;
	case F_RATE_CI:
		e = reeks_rate_ci(a[0], a[1], argc > 2 ? a[2] : 100000,
		    argc > 3 ? a[3] : 0.95, &iv);
		interval = true;
		break;
	case F_WILSON_CI:
		e = reeks_wilson_ci(a[0], a[1], argc > 2 ? a[2] : 0.95, &iv);
		interval = true;
		break;
	case F_EXACT_BINOM_CI:
		e = reeks_exact_binom_ci(a[0], a[1], argc > 2 ? a[2] : 0.95,
		    &iv);
		interval = true;
		break;
	case F_RATE_RATIO_CI:
		e = reeks_rate_ratio_ci(a[0], a[1], a[2], a[3],
		    argc > 4 ? a[4] : 0.95, &iv);
		interval = true;
		break;
	case F_QNORM:
		e = reeks_qnorm(a[0], &r);
		break;
	case F_QT:
		e = reeks_qt(a[0], a[1], &r);
		break;
	case F_QCHISQ:
		e = reeks_qchisq(a[0], a[1], &r);
		break;
	case F_QBETA:
		e = reeks_qbeta(a[0], a[1], a[2], &r);
		break;
	case F_PNORM:
		e = reeks_pnorm(a[0], &r);
		break;
	case F_PT:
		e = reeks_pt(a[0], a[1], &r);
		break;
	case F_PCHISQ:
		e = reeks_pchisq(a[0], a[1], &r);
		break;
	case F_PBETA:
		e = reeks_pbeta(a[0], a[1], a[2], &r);
		break;
	default:
		return calc_usage(io, "unknown function '%s'", fn->name);
	}
	if (e != REEKS_STAT_OK)
		return calc_domain(io, fn, e);
	return interval ? print_interval(io, &iv) : print_values(io, &r, 1);
}

int
calc_run(int argc, char **argv, FILE *out, FILE *err)
{
	const calc_io io_ = { out, err }, *io = &io_;
	const calc_fn *fn = NULL;
	trend_values tv = { NULL, NULL };
	args_operands ops, fops = { NULL, 0 };
	int rc = args_parse(&calc_args, argc, argv, &tv, &ops, out, err);

	if (rc != ARGS_OK)
		goto out;
	for (size_t i = 0; i < NFNS; i++)
		if (strcmp(ops.v[0], calc_fns[i].name) == 0)
			fn = &calc_fns[i];
	if (fn == NULL) {
		rc = calc_usage(io, "unknown function '%s'", ops.v[0]);
		goto out;
	}
	/* The function's words: numbers, which may begin with '-', and
	 * the trends' options; --help is calc's. */
	const args_cmd fn_args = {
		.name = "calc",
		.context = fn->name,
		.opts = trend_opts,
		.nopts = fn->id == F_AAPC ? 2 : fn->id == F_APC ? 1 : 0,
		.max_operands = -1,
		.numbers = true,
		.help_of = &calc_args,
	};
	if ((rc = args_parse(&fn_args, ops.n - 1, ops.v + 1, &tv, &fops, out,
	    err)) != ARGS_OK)
		goto out;
	if (fn->id == F_APC || fn->id == F_AAPC)
		rc = calc_trend(io, fn, &tv, fops.n, fops.v);
	else if (fops.n < fn->min || fops.n > fn->max)
		rc = calc_usage(io, "%s needs %s", fn->name, fn->args);
	else
		rc = calc_numbers(io, fn, fops.n, fops.v);
out:
	args_operands_free(&ops);
	args_operands_free(&fops);
	return rc == ARGS_HELP ? CALC_OK : rc;
}

int
cmd_calc(int argc, char **argv)
{
	return calc_run(argc, argv, stdout, stderr);
}
