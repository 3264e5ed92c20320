/*
 * stats.c: 'reeks stats SERIES': the statistics a series page shows,
 * as text or JSON.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "util/errlist.h"
#include "util/format.h"
#include "gen.h"

enum { EXIT_DATA = 1 };

typedef struct stats_values {
	const char *data;
	const char *format;
	double level;
} stats_values;

static const args_opt stats_opts[] = {
	ARGS_DATA_OPT(stats_values, data),
	{ .name = "format", .kind = ARGS_CHOICE, .choices = "text|json",
	  .help = "the output format",
	  .offset = offsetof(stats_values, format), .def = "text" },
	{ .name = "level", .kind = ARGS_DOUBLE, .meta = "L",
	  .help = "confidence level, between 0 and 1",
	  .offset = offsetof(stats_values, level), .def = "0.95",
	  .min = 0, .max = 1, .what = "a number" },
};

const args_cmd stats_args = {
	.name = "stats",
	.summary = "the statistics of a series page",
	.about =
	    "Print the statistics of series SERIES, as its page shows them: the\n"
	    "interval of each figure (exact Poisson for a count of events, Wilson\n"
	    "for a share with a printed numerator and denominator); for each\n"
	    "segment between the series' breaks, the change and compound annual\n"
	    "growth from its first to its last comparable figure, the log-linear\n"
	    "trend (annual percent change) over three or more, and the figures\n"
	    "left out and why; and the source's own claims, recomputed.\n",
	.epilog = ARGS_EXIT_STATUS,
	.opts = stats_opts,
	.nopts = sizeof stats_opts / sizeof stats_opts[0],
	.operands = "SERIES",
	.min_operands = 1,
	.max_operands = 1,
	.missing = "which series? Give its id",
};

__attribute__((format(printf, 1, 2)))
static void
stats_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	print_line(stderr, "reeks stats: ", fmt, ap);
	va_end(ap);
}

static const char *
ci_name(reeks_obs_ci_method m)
{
	return m == REEKS_CI_POISSON ? "poisson-exact" :
	    m == REEKS_CI_WILSON ? "wilson" : NULL;
}

static const char *
verdict_name(reeks_claim_verdict v)
{
	return v == REEKS_CLAIM_HOLDS ? "holds" :
	    v == REEKS_CLAIM_DOES_NOT_HOLD ? "does-not-hold" :
	    v == REEKS_CLAIM_HOLDS_ROUNDED ? "holds-on-printed-figures" :
	    "not-verifiable";
}

/* The years of segment G: "1995-2011", or "2020". */
static void
print_years(const reeks_segment *g)
{
	if (g->start.year == g->end.year)
		printf("%d", g->start.year);
	else
		printf("%d-%d", g->start.year, g->end.year);
}

/* The periods of the figures of G whose left-out flags are WHY (or, with
 * WHY 0, the estimates used), as "2014, 2016"; false when there are none. */
static bool
print_periods(const reeks_segment *g, unsigned why, const char *lead)
{
	bool any = false;

	for (size_t j = g->first; j < g->first + g->nobs; j++) {
		const reeks_obs *o = reeks_series_obs_at(g->series, j);

		if (reeks_obs_left_out(o) != why ||
		    (why == 0 && reeks_obs_status(o) != 'E'))
			continue;
		printf("%s%s", any ? ", " : lead, reeks_obs_period(o));
		any = true;
	}
	return any;
}

/* Each segment of SE with its statistics at LEVEL; false when out of
 * memory. */
static bool
print_segments(const reeks_series *se, double level)
{
	int pct = (int)(level * 100 + 0.5);
	reeks_segment g;

	for (size_t i = 0; reeks_series_segment_at(se, i, &g); i++) {
		reeks_series_stats s;

		if (reeks_segment_stats(&g, level, &s) != REEKS_STAT_OK)
			return false;
		printf("segment ");
		print_years(&g);
		if (g.brk != NULL)
			printf(", from the break in %s",
			    reeks_break_period(g.brk));
		printf(": %zu figure%s, %zu used", g.nobs,
		    g.nobs == 1 ? "" : "s", s.npoints);
		if (s.npoints > 0)
			printf(" (%s to %s)", reeks_obs_period(s.first),
			    reeks_obs_period(s.last));
		putchar('\n');
		if (s.has_change) {
			printf("  change: %s to %s: %+.*f",
			    reeks_obs_value_text(s.first),
			    reeks_obs_value_text(s.last), fmt_change_decimals(
			    reeks_obs_value_text(s.first),
			    reeks_obs_value_text(s.last)), s.abs_change);
			if (s.has_pct_change)
				printf(" (%+.1f%%)", s.pct_change);
			putchar('\n');
		}
		if (s.has_cagr)
			printf("  cagr: %+.2f%% a year over %.*f %s\n",
			    s.cagr, fmt_span_decimals(s.years), s.years,
			    fmt_span_is_one(s.years) ? "year" : "years");
		if (s.has_apc)
			printf("  apc: %+.2f%% a year, %d%% interval %+.2f%% "
			    "to %+.2f%%\n", s.apc.estimate, pct, s.apc.lower,
			    s.apc.upper);
		if (s.npoints < 2)
			printf("  no change or trend: %s comparable figure%s, "
			    "a change needs 2\n", s.npoints == 0 ? "no" :
			    "only 1", s.npoints == 0 ? "s" : "");
		else if (s.npoints < 3)
			printf("  no trend: 2 comparable figures, a trend "
			    "needs 3\n");
		else if (!s.has_apc)
			printf("  no trend: a figure is 0 or below\n");
		if (print_periods(&g, 0, "  estimates used: "))
			putchar('\n');
		/* The figures left out, grouped by their reasons. */
		for (unsigned why = 1; why < 64; why++) {
			if (!print_periods(&g, why, "  left out: "))
				continue;
			printf(" (");
			for (unsigned f = 1, n = 0; f <= why; f <<= 1)
				if (why & f)
					printf("%s%s", n++ > 0 ? ", " : "",
					    reeks_left_out_name(f));
			printf(")\n");
		}
	}
	return true;
}

static bool
print_text(const reeks_store *st, const reeks_series *se, double level)
{
	const reeks_claim *claims[64];
	size_t nclaims = reeks_claims_by_series(st, reeks_series_id(se),
	    claims, 64);
	int pct = (int)(level * 100 + 0.5);

	printf("series: %s\n", reeks_series_id(se));
	printf("title: %s\n", reeks_series_title(se, REEKS_EN));
	printf("unit: %s\n", reeks_unit_name(reeks_series_unit(se)));
	printf("geography: %s\n",
	    reeks_geography_id(reeks_series_geography(se)));
	printf("observations: %zu\n", reeks_series_obs_count(se));
	for (size_t i = 0; i < reeks_series_obs_count(se); i++) {
		const reeks_obs *o = reeks_series_obs_at(se, i);
		reeks_interval ci;
		reeks_obs_ci_method m = reeks_obs_ci(o, level, &ci);

		printf("  %s: %s (%s)", reeks_obs_period(o),
		    reeks_obs_has_value(o) ? reeks_obs_value_text(o) : "-",
		    reeks_qualifier_name(reeks_obs_qualifier(o)));
		if (m != REEKS_CI_NONE)
			printf(", %d%% %s interval %.6g to %.6g", pct,
			    ci_name(m), ci.lower, ci.upper);
		putchar('\n');
	}
	if (!print_segments(se, level))
		return false;
	if (nclaims > 64)
		nclaims = 64;
	for (size_t i = 0; i < nclaims; i++) {
		const reeks_claim *c = claims[i];

		printf("claim %s: %s %s printed", reeks_claim_id(c),
		    reeks_claim_operation(c), reeks_claim_value_text(c));
		double u;

		if (reeks_claim_verdict_of(c) != REEKS_CLAIM_NOT_VERIFIABLE)
			printf(", recomputed %.6g", reeks_claim_recomputed(c));
		if (reeks_claim_unrounded(c, &u))
			printf(", unrounded %.6g", u);
		printf(": %s\n", verdict_name(reeks_claim_verdict_of(c)));
	}
	return true;
}

static int
print_json(const reeks_store *st, const reeks_series *se, double level)
{
	buf b = { 0 };
	json_writer w = { .b = &b };
	const reeks_claim *claims[64];
	size_t nclaims = reeks_claims_by_series(st, reeks_series_id(se),
	    claims, 64);
	int rc = 0;

	jw_object(&w);
	jw_key(&w, "series");
	jw_string(&w, reeks_series_id(se));
	jw_key(&w, "unit");
	jw_string(&w, reeks_unit_name(reeks_series_unit(se)));
	jw_key(&w, "level");
	jw_double(&w, level);
	jw_key(&w, "observations");
	jw_array(&w);
	for (size_t i = 0; i < reeks_series_obs_count(se); i++) {
		const reeks_obs *o = reeks_series_obs_at(se, i);
		reeks_interval ci;
		reeks_obs_ci_method m = reeks_obs_ci(o, level, &ci);

		jw_object(&w);
		jw_key(&w, "period");
		jw_string(&w, reeks_obs_period(o));
		jw_key(&w, "value");
		jw_number(&w, reeks_obs_value_text(o));
		jw_key(&w, "qualifier");
		jw_string(&w, reeks_qualifier_name(reeks_obs_qualifier(o)));
		jw_key(&w, "interval");
		if (m == REEKS_CI_NONE) {
			jw_null(&w);
		} else {
			jw_object(&w);
			jw_key(&w, "method");
			jw_string(&w, ci_name(m));
			jw_key(&w, "lower");
			jw_double(&w, ci.lower);
			jw_key(&w, "upper");
			jw_double(&w, ci.upper);
			jw_end(&w);
		}
		jw_end(&w);
	}
	jw_end(&w);
	jw_key(&w, "segments");
	if (!json_segments(&w, se, level))
		b.failed = true;
	jw_key(&w, "claims");
	jw_array(&w);
	if (nclaims > 64)
		nclaims = 64;
	for (size_t i = 0; i < nclaims; i++) {
		const reeks_claim *c = claims[i];
		double u;

		jw_object(&w);
		jw_key(&w, "id");
		jw_string(&w, reeks_claim_id(c));
		jw_key(&w, "operation");
		jw_string(&w, reeks_claim_operation(c));
		jw_key(&w, "printed");
		jw_number(&w, reeks_claim_value_text(c));
		jw_key(&w, "recomputed");
		if (reeks_claim_verdict_of(c) != REEKS_CLAIM_NOT_VERIFIABLE)
			jw_double(&w, reeks_claim_recomputed(c));
		else
			jw_null(&w);
		jw_key(&w, "unrounded");
		if (reeks_claim_unrounded(c, &u))
			jw_double(&w, u);
		else
			jw_null(&w);
		jw_key(&w, "verdict");
		jw_string(&w, verdict_name(reeks_claim_verdict_of(c)));
		jw_end(&w);
	}
	jw_end(&w);
	jw_end(&w);
	if (b.failed) {
		fputs("reeks stats: out of memory\n", stderr);
		rc = EXIT_DATA;
	} else if (b.data != NULL) {
		fputs(b.data, stdout);
	}
	buf_free(&b);
	return rc;
}

int
cmd_stats(int argc, char **argv)
{
	stats_values v = { NULL, NULL, 0 };
	args_operands ops;
	const char *data, *id;
	double level;
	reeks_diags *diags;
	reeks_store *st = NULL;
	const reeks_series *se;
	int rc = args_parse(&stats_args, argc, argv, &v, &ops, stdout, stderr);

	id = rc == ARGS_OK ? ops.v[0] : NULL;
	args_operands_free(&ops);
	if (rc != ARGS_OK)
		return rc == ARGS_HELP ? EXIT_SUCCESS : rc;
	data = v.data;
	level = v.level;
	if ((diags = reeks_diags_new()) == NULL) {
		fputs("reeks stats: out of memory\n", stderr);
		return EXIT_DATA;
	}
	reeks_store_load(data, diags, &st);
	for (size_t i = 0; i < reeks_diags_count(diags) && st == NULL; i++) {
		const reeks_diag *d = reeks_diags_at(diags, i);

		if (reeks_diag_severity(d) != REEKS_ERROR)
			continue;
		if (reeks_diag_column(d) > 0)
			fprintf(stderr, "%s:%lu:%lu: %s\n", reeks_diag_file(d),
			    reeks_diag_line(d), reeks_diag_column(d),
			    reeks_diag_message(d));
		else if (reeks_diag_line(d) > 0)
			fprintf(stderr, "%s:%lu: %s\n", reeks_diag_file(d),
			    reeks_diag_line(d), reeks_diag_message(d));
		else
			fprintf(stderr, "%s: %s\n", reeks_diag_file(d),
			    reeks_diag_message(d));
	}
	reeks_diags_free(diags);
	if (st == NULL)
		return EXIT_DATA;
	if ((se = reeks_series_find(st, id)) == NULL) {
		stats_error("no series '%s' in %s", id, data);
		reeks_store_free(st);
		return EXIT_DATA;
	}
	rc = EXIT_SUCCESS;
	if (strcmp(v.format, "json") == 0)
		rc = print_json(st, se, level);
	else if (!print_text(st, se, level)) {
		fputs("reeks stats: out of memory\n", stderr);
		rc = EXIT_DATA;
	}
	reeks_store_free(st);
	return rc;
}
