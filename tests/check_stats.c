/*
 * check_stats.c: the statistics of libreeks (lib/stats.c, lib/distrib.c).
 *
 * One loop runs every case of tests/stats/cases.txt and
 * tests/stats/distrib.txt against the value R gave (the files are written
 * by tests/stats/reference.R; the format is described there). The other
 * tests take each class of bad argument in turn and check the exact error
 * code and that the output was left alone, and the edge cases whose
 * answers are exact by definition.
 *
 * Run from the top of the source tree. With REEKS_STATS_REPORT set in the
 * environment, the largest relative error of each function is printed.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "reeks.h"

static const char *const case_files[] = {
	"tests/stats/cases.txt",
	"tests/stats/distrib.txt",
};

/* ---- the cases from R ----------------------------------------------- */

enum { MAX_TOKENS = 64, MAX_POINTS = 32, MAX_STARTS = 8 };

/* The largest relative error seen per function, for the report. */
typedef struct worst {
	char name[32];
	double rel;
	long cases;
} worst;

static worst worsts[32];
static size_t nworsts;

static void
note_error(const char *fn, double rel)
{
	size_t i;

	for (i = 0; i < nworsts && strcmp(worsts[i].name, fn) != 0; i++)
		continue;
	if (i == nworsts) {
		if (nworsts == sizeof worsts / sizeof worsts[0])
			return;
		snprintf(worsts[i].name, sizeof worsts[i].name, "%s", fn);
		nworsts++;
	}
	worsts[i].cases++;
	if (rel > worsts[i].rel)
		worsts[i].rel = rel;
}

/* TEXT as a number, all of it; false if it is not one. */
static bool
number(const char *text, double *v)
{
	char *end;

	*v = strtod(text, &end);
	return end != text && *end == '\0';
}

/* The points "T:V" in TOK[0..N-1]. */
static bool
parse_points(char **tok, int n, double *t, double *v)
{
	if (n > MAX_POINTS)
		return false;
	for (int i = 0; i < n; i++) {
		char *colon = strchr(tok[i], ':');

		if (colon == NULL)
			return false;
		*colon = '\0';
		if (!number(tok[i], &t[i]) || !number(colon + 1, &v[i]))
			return false;
	}
	return true;
}

/*
 * Run function FN on the inputs IN (NIN words) and put its outputs in
 * GOT[0..*NGOT-1]. Returns false when FN or its inputs are not understood
 * (a broken case file); *E gets the library's result.
 */
static bool
run(const char *fn, char **in, int nin, double *got, int *ngot,
    reeks_stat_error *e)
{
	double a[5];
	reeks_interval iv;
	bool interval = true;

	if (strcmp(fn, "apc") == 0 || strcmp(fn, "aapc") == 0) {
		double t[MAX_POINTS], v[MAX_POINTS], level;
		size_t starts[MAX_STARTS], nstarts = 0;
		int skip = strcmp(fn, "apc") == 0 ? 1 : 2;

		if (nin < skip || !number(in[0], &level) ||
		    !parse_points(in + skip, nin - skip, t, v))
			return false;
		if (skip == 1) {
			*e = reeks_apc(t, v, (size_t)(nin - 1), level, &iv);
		} else {
			for (char *p = in[1], *q; *p != '\0'; p = q) {
				if (nstarts == MAX_STARTS)
					return false;
				starts[nstarts++] = strtoul(p, &q, 10);
				if (q == p || (*q != ',' && *q != '\0'))
					return false;
				if (*q == ',')
					q++;
			}
			*e = reeks_aapc(t, v, (size_t)(nin - 2), starts,
			    nstarts, level, &iv);
		}
		goto done;
	}
	if (nin > 5)
		return false;
	for (int i = 0; i < nin; i++)
		if (!number(in[i], &a[i]))
			return false;
#define IS(name, n) (strcmp(fn, name) == 0 && nin == (n))
	interval = false;
	if (IS("abs_change", 2))
		*e = reeks_abs_change(a[0], a[1], &got[0]);
	else if (IS("pct_change", 2))
		*e = reeks_pct_change(a[0], a[1], &got[0]);
	else if (IS("cagr", 3))
		*e = reeks_cagr(a[0], a[1], a[2], &got[0]);
	else if (IS("index", 2))
		*e = reeks_index(a[0], a[1], &got[0]);
	else if (IS("qnorm", 1))
		*e = reeks_qnorm(a[0], &got[0]);
	else if (IS("pnorm", 1))
		*e = reeks_pnorm(a[0], &got[0]);
	else if (IS("qt", 2))
		*e = reeks_qt(a[0], a[1], &got[0]);
	else if (IS("pt", 2))
		*e = reeks_pt(a[0], a[1], &got[0]);
	else if (IS("qchisq", 2))
		*e = reeks_qchisq(a[0], a[1], &got[0]);
	else if (IS("pchisq", 2))
		*e = reeks_pchisq(a[0], a[1], &got[0]);
	else if (IS("qbeta", 3))
		*e = reeks_qbeta(a[0], a[1], a[2], &got[0]);
	else if (IS("pbeta", 3))
		*e = reeks_pbeta(a[0], a[1], a[2], &got[0]);
	else {
		interval = true;
		if (IS("poisson_ci", 2))
			*e = reeks_poisson_ci(a[0], a[1], &iv);
		else if (IS("rate_ci", 4))
			*e = reeks_rate_ci(a[0], a[1], a[2], a[3], &iv);
		else if (IS("wilson_ci", 3))
			*e = reeks_wilson_ci(a[0], a[1], a[2], &iv);
		else if (IS("exact_binom_ci", 3))
			*e = reeks_exact_binom_ci(a[0], a[1], a[2], &iv);
		else if (IS("rate_ratio_ci", 5))
			*e = reeks_rate_ratio_ci(a[0], a[1], a[2], a[3], a[4],
			    &iv);
		else
			return false;
	}
#undef IS
done:
	if (interval) {
		got[0] = iv.estimate;
		got[1] = iv.lower;
		got[2] = iv.upper;
		*ngot = 3;
	} else
		*ngot = 1;
	return true;
}

/*
 * Check the case on LINE (modified) of FILE:LINENO. Returns true when it
 * holds, after printing why not when it does not.
 */
static bool
check_case(const char *file, long lineno, char *line)
{
	char *tok[MAX_TOKENS], *save = NULL;
	int ntok = 0, arrow = -1, ngot = 0, nwant;
	double got[3] = { 0, 0, 0 }, want[3], tol;
	reeks_stat_error e = REEKS_STAT_OK;

	for (char *t = strtok_r(line, " \t\n", &save); t != NULL;
	    t = strtok_r(NULL, " \t\n", &save)) {
		if (ntok == MAX_TOKENS)
			break;
		if (arrow < 0 && strcmp(t, "->") == 0)
			arrow = ntok;
		tok[ntok++] = t;
	}
	if (arrow < 1 || !run(tok[0], tok + 1, arrow - 1, got, &ngot, &e)) {
		fprintf(stderr, "%s:%ld: cannot read this case\n", file,
		    lineno);
		return false;
	}
	nwant = ngot;
	/* The expected values, the tolerance, and a source of some words. */
	if (ntok < arrow + nwant + 3) {
		fprintf(stderr, "%s:%ld: expected %d values, a tolerance and "
		    "a source\n", file, lineno, nwant);
		return false;
	}
	for (int i = 0; i < nwant; i++)
		if (!number(tok[arrow + 1 + i], &want[i])) {
			fprintf(stderr, "%s:%ld: '%s' is not a number\n", file,
			    lineno, tok[arrow + 1 + i]);
			return false;
		}
	if (!number(tok[arrow + 1 + nwant], &tol) || !(tol > 0)) {
		fprintf(stderr, "%s:%ld: bad tolerance\n", file, lineno);
		return false;
	}
	if (e != REEKS_STAT_OK) {
		fprintf(stderr, "%s:%ld: %s failed: %s\n", file, lineno,
		    tok[0], reeks_stat_strerror(e));
		return false;
	}
	for (int i = 0; i < nwant; i++) {
		double rel = want[i] == 0 ? fabs(got[i]) :
		    fabs(got[i] - want[i]) / fabs(want[i]);

		note_error(tok[0], rel);
		if (!(rel <= tol)) {
			fprintf(stderr, "%s:%ld: %s: value %d is %.17g, R gives "
			    "%.17g (relative error %.3g, tolerance %g)\n", file,
			    lineno, tok[0], i + 1, got[i], want[i], rel, tol);
			return false;
		}
	}
	return true;
}

START_TEST(test_cases_from_r)
{
	long ncases = 0, nfailed = 0;

	for (size_t f = 0; f < sizeof case_files / sizeof case_files[0]; f++) {
		FILE *in = fopen(case_files[f], "r");
		char *line = NULL;
		size_t cap = 0;
		long lineno = 0;

		ck_assert_msg(in != NULL, "cannot open %s (run from the top "
		    "of the source tree)", case_files[f]);
		while (getline(&line, &cap, in) > 0) {
			lineno++;
			if (line[0] == '#' || line[0] == '\n')
				continue;
			ncases++;
			if (!check_case(case_files[f], lineno, line))
				nfailed++;
		}
		free(line);
		fclose(in);
	}
	if (getenv("REEKS_STATS_REPORT") != NULL)
		for (size_t i = 0; i < nworsts; i++)
			printf("%-16s %6ld values, largest relative error "
			    "%.2g\n", worsts[i].name, worsts[i].cases,
			    worsts[i].rel);
	ck_assert_msg(ncases >= 4000, "only %ld cases read", ncases);
	ck_assert_msg(nfailed == 0, "%ld of %ld cases failed (see above)",
	    nfailed, ncases);
}
END_TEST

/* ---- bad arguments ------------------------------------------------------ */

#define SENTINEL 12345.678

/*
 * CALL must return CODE and leave both possible outputs, the double `out`
 * and the interval `iv` (one of which CALL writes to), untouched.
 */
#define FAILS(code, call) do {                                          \
	double out = SENTINEL;                                          \
	reeks_interval iv = { SENTINEL, SENTINEL, SENTINEL };           \
	reeks_stat_error got_ = (call);                                 \
	ck_assert_msg(got_ == (code), "%s returned %d (%s), expected %s", \
	    #call, (int)got_, reeks_stat_strerror(got_), #code);        \
	ck_assert_msg(out == SENTINEL && iv.estimate == SENTINEL &&     \
	    iv.lower == SENTINEL && iv.upper == SENTINEL,               \
	    "%s wrote its output", #call);                              \
} while (0)

static const double t5[] = { 2000, 2001, 2002, 2003, 2004 };
static const double v5[] = { 10, 12, 13, 15, 16 };
static const size_t one_segment[] = { 0 };

START_TEST(test_not_finite)
{
	const double bad[] = { NAN, INFINITY, -INFINITY };

	for (size_t i = 0; i < 3; i++) {
		double x = bad[i];
		double t[5], v[5];

		FAILS(REEKS_STAT_NOT_FINITE, reeks_abs_change(x, 1, &out));
		FAILS(REEKS_STAT_NOT_FINITE, reeks_abs_change(1, x, &out));
		FAILS(REEKS_STAT_NOT_FINITE, reeks_pct_change(x, 1, &out));
		FAILS(REEKS_STAT_NOT_FINITE, reeks_pct_change(1, x, &out));
		FAILS(REEKS_STAT_NOT_FINITE, reeks_cagr(x, 1, 1, &out));
		FAILS(REEKS_STAT_NOT_FINITE, reeks_cagr(1, x, 1, &out));
		FAILS(REEKS_STAT_NOT_FINITE, reeks_cagr(1, 1, x, &out));
		FAILS(REEKS_STAT_NOT_FINITE, reeks_index(x, 1, &out));
		FAILS(REEKS_STAT_NOT_FINITE, reeks_index(1, x, &out));
		FAILS(REEKS_STAT_NOT_FINITE, reeks_poisson_ci(x, 0.95, &iv));
		FAILS(REEKS_STAT_NOT_FINITE, reeks_poisson_ci(2, x, &iv));
		FAILS(REEKS_STAT_NOT_FINITE,
		    reeks_rate_ci(x, 10, 100, 0.95, &iv));
		FAILS(REEKS_STAT_NOT_FINITE,
		    reeks_rate_ci(1, x, 100, 0.95, &iv));
		FAILS(REEKS_STAT_NOT_FINITE,
		    reeks_rate_ci(1, 10, x, 0.95, &iv));
		FAILS(REEKS_STAT_NOT_FINITE,
		    reeks_rate_ci(1, 10, 100, x, &iv));
		FAILS(REEKS_STAT_NOT_FINITE, reeks_wilson_ci(x, 10, 0.95, &iv));
		FAILS(REEKS_STAT_NOT_FINITE, reeks_wilson_ci(1, x, 0.95, &iv));
		FAILS(REEKS_STAT_NOT_FINITE, reeks_wilson_ci(1, 10, x, &iv));
		FAILS(REEKS_STAT_NOT_FINITE,
		    reeks_exact_binom_ci(x, 10, 0.95, &iv));
		FAILS(REEKS_STAT_NOT_FINITE,
		    reeks_exact_binom_ci(1, x, 0.95, &iv));
		FAILS(REEKS_STAT_NOT_FINITE,
		    reeks_exact_binom_ci(1, 10, x, &iv));
		FAILS(REEKS_STAT_NOT_FINITE,
		    reeks_rate_ratio_ci(x, 1, 1, 1, 0.95, &iv));
		FAILS(REEKS_STAT_NOT_FINITE,
		    reeks_rate_ratio_ci(1, x, 1, 1, 0.95, &iv));
		FAILS(REEKS_STAT_NOT_FINITE,
		    reeks_rate_ratio_ci(1, 1, x, 1, 0.95, &iv));
		FAILS(REEKS_STAT_NOT_FINITE,
		    reeks_rate_ratio_ci(1, 1, 1, x, 0.95, &iv));
		FAILS(REEKS_STAT_NOT_FINITE,
		    reeks_rate_ratio_ci(1, 1, 1, 1, x, &iv));
		for (size_t k = 0; k < 5; k++) {
			memcpy(t, t5, sizeof t);
			memcpy(v, v5, sizeof v);
			t[k] = x;
			FAILS(REEKS_STAT_NOT_FINITE,
			    reeks_apc(t, v5, 5, 0.95, &iv));
			FAILS(REEKS_STAT_NOT_FINITE, reeks_aapc(t, v5, 5,
			    one_segment, 1, 0.95, &iv));
			v[k] = x;
			FAILS(REEKS_STAT_NOT_FINITE,
			    reeks_apc(t5, v, 5, 0.95, &iv));
			FAILS(REEKS_STAT_NOT_FINITE, reeks_aapc(t5, v, 5,
			    one_segment, 1, 0.95, &iv));
		}
		FAILS(REEKS_STAT_NOT_FINITE, reeks_apc(t5, v5, 5, x, &iv));
		FAILS(REEKS_STAT_NOT_FINITE,
		    reeks_aapc(t5, v5, 5, one_segment, 1, x, &iv));
		FAILS(REEKS_STAT_NOT_FINITE, reeks_qnorm(x, &out));
		FAILS(REEKS_STAT_NOT_FINITE, reeks_qt(x, 3, &out));
		FAILS(REEKS_STAT_NOT_FINITE, reeks_qt(0.5, x, &out));
		FAILS(REEKS_STAT_NOT_FINITE, reeks_qchisq(x, 3, &out));
		FAILS(REEKS_STAT_NOT_FINITE, reeks_qchisq(0.5, x, &out));
		FAILS(REEKS_STAT_NOT_FINITE, reeks_qbeta(x, 2, 3, &out));
		FAILS(REEKS_STAT_NOT_FINITE, reeks_qbeta(0.5, x, 3, &out));
		FAILS(REEKS_STAT_NOT_FINITE, reeks_qbeta(0.5, 2, x, &out));
		FAILS(REEKS_STAT_NOT_FINITE, reeks_pnorm(x, &out));
		FAILS(REEKS_STAT_NOT_FINITE, reeks_pt(x, 3, &out));
		FAILS(REEKS_STAT_NOT_FINITE, reeks_pt(1, x, &out));
		FAILS(REEKS_STAT_NOT_FINITE, reeks_pchisq(x, 3, &out));
		FAILS(REEKS_STAT_NOT_FINITE, reeks_pchisq(1, x, &out));
		FAILS(REEKS_STAT_NOT_FINITE, reeks_pbeta(x, 2, 3, &out));
		FAILS(REEKS_STAT_NOT_FINITE, reeks_pbeta(0.5, x, 3, &out));
		FAILS(REEKS_STAT_NOT_FINITE, reeks_pbeta(0.5, 2, x, &out));
	}
	/* A NaN comes before every other check. */
	FAILS(REEKS_STAT_NOT_FINITE, reeks_wilson_ci(-1, 0, NAN, &iv));
}
END_TEST

/* A result beyond the double range is an error, never an infinity, a
 * wrong 0 or a number that lost its digits below DBL_MIN. */
START_TEST(test_overflow)
{
	reeks_interval r;
	double v;

	FAILS(REEKS_STAT_RANGE, reeks_abs_change(-1e308, 1e308, &out));
	FAILS(REEKS_STAT_RANGE, reeks_pct_change(1e-300, 1e300, &out));
	FAILS(REEKS_STAT_RANGE, reeks_index(1e300, 1e-300, &out));
	FAILS(REEKS_STAT_RANGE, reeks_index(1e-300, 1e10, &out));
	FAILS(REEKS_STAT_RANGE, reeks_cagr(1e-300, 1e300, 0.5, &out));
	FAILS(REEKS_STAT_RANGE, reeks_qt(1e-300, 0.5, &out));
	FAILS(REEKS_STAT_RANGE,
	    reeks_rate_ci(1000, 1e-300, 1e300, 0.95, &iv));
	FAILS(REEKS_STAT_RANGE,
	    reeks_rate_ci(1000, 1e300, 1e-300, 0.95, &iv));
	FAILS(REEKS_STAT_RANGE,
	    reeks_rate_ratio_ci(1e9, 1e-300, 1e9, 1e300, 0.95, &iv));
	FAILS(REEKS_STAT_RANGE, reeks_wilson_ci(1, 1e308, 0.95, &iv));

	/* Huge or tiny arguments whose result a double holds. */
	ck_assert_int_eq(reeks_rate_ratio_ci(1e9, 1, 1e9, 1e-300, 0.95, &r),
	    REEKS_STAT_OK);
	ck_assert_double_eq_tol(r.estimate, 1e-300, 1e-314);
	ck_assert(r.lower < r.estimate && r.estimate < r.upper);
	ck_assert_int_eq(reeks_rate_ci(1e9, 1e-300, 1e-300, 0.95, &r),
	    REEKS_STAT_OK);
	ck_assert_double_eq(r.estimate, 1e9);
	ck_assert_int_eq(reeks_wilson_ci(1e308, 1.5e308, 0.95, &r),
	    REEKS_STAT_OK);
	ck_assert(r.lower <= r.estimate && r.estimate <= r.upper);
	ck_assert_int_eq(reeks_cagr(1, 2.718281828459045, 1e300, &v),
	    REEKS_STAT_OK);
	ck_assert_double_eq_tol(v, 1e-298, 1e-312);
}
END_TEST

START_TEST(test_negative)
{
	FAILS(REEKS_STAT_NEGATIVE, reeks_cagr(1, 2, -1, &out));
	FAILS(REEKS_STAT_NEGATIVE, reeks_poisson_ci(-1, 0.95, &iv));
	FAILS(REEKS_STAT_NEGATIVE, reeks_rate_ci(-1, 10, 100, 0.95, &iv));
	FAILS(REEKS_STAT_NEGATIVE, reeks_rate_ci(1, -10, 100, 0.95, &iv));
	FAILS(REEKS_STAT_NEGATIVE, reeks_rate_ci(1, 10, -100, 0.95, &iv));
	FAILS(REEKS_STAT_NEGATIVE, reeks_wilson_ci(-1, 10, 0.95, &iv));
	FAILS(REEKS_STAT_NEGATIVE, reeks_wilson_ci(1, -10, 0.95, &iv));
	FAILS(REEKS_STAT_NEGATIVE, reeks_exact_binom_ci(-1, 10, 0.95, &iv));
	FAILS(REEKS_STAT_NEGATIVE, reeks_exact_binom_ci(1, -10, 0.95, &iv));
	FAILS(REEKS_STAT_NEGATIVE,
	    reeks_rate_ratio_ci(-1, 1, 1, 1, 0.95, &iv));
	FAILS(REEKS_STAT_NEGATIVE,
	    reeks_rate_ratio_ci(1, -1, 1, 1, 0.95, &iv));
	FAILS(REEKS_STAT_NEGATIVE,
	    reeks_rate_ratio_ci(1, 1, -1, 1, 0.95, &iv));
	FAILS(REEKS_STAT_NEGATIVE,
	    reeks_rate_ratio_ci(1, 1, 1, -1, 0.95, &iv));
	/* -0 is a count of 0, not a negative one. */
	double lo;
	reeks_interval r;

	ck_assert_int_eq(reeks_poisson_ci(-0.0, 0.95, &r), REEKS_STAT_OK);
	lo = r.lower;
	ck_assert(lo == 0);
}
END_TEST

START_TEST(test_not_integer)
{
	FAILS(REEKS_STAT_NOT_INTEGER, reeks_poisson_ci(2.5, 0.95, &iv));
	FAILS(REEKS_STAT_NOT_INTEGER, reeks_rate_ci(0.1, 10, 100, 0.95, &iv));
	FAILS(REEKS_STAT_NOT_INTEGER, reeks_wilson_ci(1.5, 10, 0.95, &iv));
	FAILS(REEKS_STAT_NOT_INTEGER, reeks_wilson_ci(1, 10.5, 0.95, &iv));
	FAILS(REEKS_STAT_NOT_INTEGER,
	    reeks_exact_binom_ci(1.5, 10, 0.95, &iv));
	FAILS(REEKS_STAT_NOT_INTEGER,
	    reeks_exact_binom_ci(1, 1e-9, 0.95, &iv));
	FAILS(REEKS_STAT_NOT_INTEGER,
	    reeks_rate_ratio_ci(0.5, 1, 1, 1, 0.95, &iv));
	FAILS(REEKS_STAT_NOT_INTEGER,
	    reeks_rate_ratio_ci(1, 1, 1.5, 1, 0.95, &iv));
	/* Person-time need not be whole. */
	reeks_interval r;

	ck_assert_int_eq(reeks_rate_ratio_ci(1, 0.5, 2, 1.5, 0.95, &r),
	    REEKS_STAT_OK);
	ck_assert_int_eq(reeks_rate_ci(1, 2.5, 1, 0.95, &r), REEKS_STAT_OK);
}
END_TEST

START_TEST(test_x_above_n)
{
	FAILS(REEKS_STAT_X_ABOVE_N, reeks_wilson_ci(4, 3, 0.95, &iv));
	FAILS(REEKS_STAT_X_ABOVE_N, reeks_exact_binom_ci(4, 3, 0.95, &iv));
	FAILS(REEKS_STAT_X_ABOVE_N, reeks_wilson_ci(3504, 3503, 0.95, &iv));
	ck_assert_str_eq(reeks_stat_strerror(REEKS_STAT_X_ABOVE_N),
	    "x is greater than n");
}
END_TEST

START_TEST(test_zero_divisor)
{
	FAILS(REEKS_STAT_ZERO_DIVISOR, reeks_pct_change(0, 5, &out));
	FAILS(REEKS_STAT_ZERO_DIVISOR, reeks_pct_change(-0.0, 5, &out));
	FAILS(REEKS_STAT_ZERO_DIVISOR, reeks_index(5, 0, &out));
	FAILS(REEKS_STAT_ZERO_DIVISOR, reeks_cagr(1, 2, 0, &out));
	FAILS(REEKS_STAT_ZERO_DIVISOR, reeks_rate_ci(1, 0, 100, 0.95, &iv));
	FAILS(REEKS_STAT_ZERO_DIVISOR, reeks_rate_ci(1, 10, 0, 0.95, &iv));
	FAILS(REEKS_STAT_ZERO_DIVISOR, reeks_wilson_ci(0, 0, 0.95, &iv));
	FAILS(REEKS_STAT_ZERO_DIVISOR, reeks_exact_binom_ci(0, 0, 0.95, &iv));
	FAILS(REEKS_STAT_ZERO_DIVISOR,
	    reeks_rate_ratio_ci(1, 0, 1, 1, 0.95, &iv));
	FAILS(REEKS_STAT_ZERO_DIVISOR,
	    reeks_rate_ratio_ci(1, 1, 1, 0, 0.95, &iv));
	FAILS(REEKS_STAT_ZERO_DIVISOR,
	    reeks_rate_ratio_ci(5, 1, 0, 1, 0.95, &iv));
}
END_TEST

START_TEST(test_level)
{
	const double bad[] = { 0, 1, 1.5, -0.5, -0.0, 1 + 1e-15 };

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		double l = bad[i];

		FAILS(REEKS_STAT_LEVEL, reeks_poisson_ci(2, l, &iv));
		FAILS(REEKS_STAT_LEVEL, reeks_rate_ci(2, 10, 100, l, &iv));
		FAILS(REEKS_STAT_LEVEL, reeks_wilson_ci(2, 10, l, &iv));
		FAILS(REEKS_STAT_LEVEL, reeks_exact_binom_ci(2, 10, l, &iv));
		FAILS(REEKS_STAT_LEVEL,
		    reeks_rate_ratio_ci(2, 10, 3, 10, l, &iv));
		FAILS(REEKS_STAT_LEVEL, reeks_apc(t5, v5, 5, l, &iv));
		FAILS(REEKS_STAT_LEVEL,
		    reeks_aapc(t5, v5, 5, one_segment, 1, l, &iv));
	}
	ck_assert_str_eq(reeks_stat_strerror(REEKS_STAT_LEVEL),
	    "level must be between 0 and 1");
}
END_TEST

START_TEST(test_probability)
{
	const double bad[] = { 0, 1, -0.1, 1.5, -0.0 };

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		double p = bad[i];

		FAILS(REEKS_STAT_PROBABILITY, reeks_qnorm(p, &out));
		FAILS(REEKS_STAT_PROBABILITY, reeks_qt(p, 3, &out));
		FAILS(REEKS_STAT_PROBABILITY, reeks_qchisq(p, 3, &out));
		FAILS(REEKS_STAT_PROBABILITY, reeks_qbeta(p, 2, 3, &out));
	}
}
END_TEST

START_TEST(test_parameter)
{
	const double bad[] = { 0, -1, -0.0 };
	const size_t from_one[] = { 1 };

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		double d = bad[i];

		FAILS(REEKS_STAT_PARAMETER, reeks_qt(0.5, d, &out));
		FAILS(REEKS_STAT_PARAMETER, reeks_qchisq(0.5, d, &out));
		FAILS(REEKS_STAT_PARAMETER, reeks_qbeta(0.5, d, 1, &out));
		FAILS(REEKS_STAT_PARAMETER, reeks_qbeta(0.5, 1, d, &out));
		FAILS(REEKS_STAT_PARAMETER, reeks_pt(1, d, &out));
		FAILS(REEKS_STAT_PARAMETER, reeks_pchisq(1, d, &out));
		FAILS(REEKS_STAT_PARAMETER, reeks_pbeta(0.5, d, 1, &out));
		FAILS(REEKS_STAT_PARAMETER, reeks_pbeta(0.5, 1, d, &out));
	}
	/* A domain check of the probability comes before the shape's. */
	FAILS(REEKS_STAT_PROBABILITY, reeks_qt(2, -1, &out));
	/* Segments: none, not starting at point 0, no arrays. */
	FAILS(REEKS_STAT_PARAMETER,
	    reeks_aapc(t5, v5, 5, one_segment, 0, 0.95, &iv));
	FAILS(REEKS_STAT_PARAMETER,
	    reeks_aapc(t5, v5, 5, NULL, 1, 0.95, &iv));
	FAILS(REEKS_STAT_PARAMETER,
	    reeks_aapc(t5, v5, 5, from_one, 1, 0.95, &iv));
	FAILS(REEKS_STAT_PARAMETER, reeks_apc(NULL, v5, 5, 0.95, &iv));
	FAILS(REEKS_STAT_PARAMETER, reeks_apc(t5, NULL, 5, 0.95, &iv));
}
END_TEST

START_TEST(test_too_few)
{
	const size_t short_first[] = { 0, 1 };      /* 2 points, then 4 */
	const size_t short_last[] = { 0, 3 };       /* 4 points, then 2 */
	const size_t same[] = { 0, 0 };
	const size_t beyond[] = { 0, 7 };
	const size_t back[] = { 0, 3, 2 };

	FAILS(REEKS_STAT_TOO_FEW, reeks_apc(t5, v5, 0, 0.95, &iv));
	FAILS(REEKS_STAT_TOO_FEW, reeks_apc(NULL, NULL, 0, 0.95, &iv));
	FAILS(REEKS_STAT_TOO_FEW, reeks_apc(t5, v5, 1, 0.95, &iv));
	FAILS(REEKS_STAT_TOO_FEW, reeks_apc(t5, v5, 2, 0.95, &iv));
	FAILS(REEKS_STAT_TOO_FEW,
	    reeks_aapc(t5, v5, 2, one_segment, 1, 0.95, &iv));
	FAILS(REEKS_STAT_TOO_FEW,
	    reeks_aapc(t5, v5, 5, short_first, 2, 0.95, &iv));
	FAILS(REEKS_STAT_TOO_FEW,
	    reeks_aapc(t5, v5, 5, short_last, 2, 0.95, &iv));
	FAILS(REEKS_STAT_TOO_FEW, reeks_aapc(t5, v5, 5, same, 2, 0.95, &iv));
	FAILS(REEKS_STAT_TOO_FEW,
	    reeks_aapc(t5, v5, 5, beyond, 2, 0.95, &iv));
	FAILS(REEKS_STAT_TOO_FEW, reeks_aapc(t5, v5, 5, back, 3, 0.95, &iv));
	ck_assert_str_eq(reeks_stat_strerror(REEKS_STAT_TOO_FEW),
	    "needs at least 3 points");
}
END_TEST

START_TEST(test_not_positive)
{
	double v[5];

	for (size_t k = 0; k < 5; k++) {
		memcpy(v, v5, sizeof v);
		v[k] = 0;
		FAILS(REEKS_STAT_NOT_POSITIVE, reeks_apc(t5, v, 5, 0.95, &iv));
		FAILS(REEKS_STAT_NOT_POSITIVE,
		    reeks_aapc(t5, v, 5, one_segment, 1, 0.95, &iv));
		v[k] = -3;
		FAILS(REEKS_STAT_NOT_POSITIVE, reeks_apc(t5, v, 5, 0.95, &iv));
	}
	FAILS(REEKS_STAT_NOT_POSITIVE, reeks_cagr(0, 5, 2, &out));
	FAILS(REEKS_STAT_NOT_POSITIVE, reeks_cagr(5, 0, 2, &out));
	FAILS(REEKS_STAT_NOT_POSITIVE, reeks_cagr(-5, -6, 2, &out));
	ck_assert_str_eq(reeks_stat_strerror(REEKS_STAT_NOT_POSITIVE),
	    "a log trend or growth rate needs values above 0");
}
END_TEST

START_TEST(test_same_time)
{
	const double same[] = { 2005, 2005, 2005, 2005, 2005 };
	const double backwards[] = { 2000, 2001, 2002, 2003, 1999 };
	const size_t two[] = { 0, 2 };

	FAILS(REEKS_STAT_SAME_TIME, reeks_apc(same, v5, 5, 0.95, &iv));
	FAILS(REEKS_STAT_SAME_TIME,
	    reeks_aapc(same, v5, 5, one_segment, 1, 0.95, &iv));
	/* The second segment's last time is before its first. */
	FAILS(REEKS_STAT_SAME_TIME,
	    reeks_aapc(backwards, v5, 5, two, 2, 0.95, &iv));
}
END_TEST

START_TEST(test_too_large)
{
	const double over = nextafter(REEKS_STAT_SHAPE_MAX, INFINITY);
	double v;
	reeks_interval ci;

	/* Found by fuzzing reeks calc: pt 86e1 3.7e32 wrote a NaN. */
	FAILS(REEKS_STAT_TOO_LARGE, reeks_pt(860, 3.66666e32, &out));
	FAILS(REEKS_STAT_TOO_LARGE, reeks_pt(1, over, &out));
	FAILS(REEKS_STAT_TOO_LARGE, reeks_qt(0.5, over, &out));
	FAILS(REEKS_STAT_TOO_LARGE, reeks_pchisq(1e15, 1e15, &out));
	FAILS(REEKS_STAT_TOO_LARGE, reeks_qchisq(0.5, over, &out));
	FAILS(REEKS_STAT_TOO_LARGE, reeks_pbeta(0.5, 1, over, &out));
	FAILS(REEKS_STAT_TOO_LARGE, reeks_qbeta(0.5, over, 1, &out));
	/* A Poisson interval for 5e9 needs 1e10 + 2 degrees of freedom. */
	FAILS(REEKS_STAT_TOO_LARGE, reeks_poisson_ci(5e9, 0.95, &iv));

	/* At the limit itself they still answer, and the answers hold: T
	 * is all but normal, 860 is far in its tail. */
	ck_assert_int_eq(reeks_pt(860, REEKS_STAT_SHAPE_MAX, &v),
	    REEKS_STAT_OK);
	ck_assert(v == 1);
	ck_assert_int_eq(reeks_pt(-860, REEKS_STAT_SHAPE_MAX, &v),
	    REEKS_STAT_OK);
	ck_assert(v >= 0 && v < 1e-300);
	ck_assert_int_eq(reeks_pbeta(0.5, REEKS_STAT_SHAPE_MAX,
	    REEKS_STAT_SHAPE_MAX, &v), REEKS_STAT_OK);
	ck_assert_double_eq_tol(v, 0.5, 1e-9);
	ck_assert_int_eq(reeks_poisson_ci(4.9e9, 0.95, &ci), REEKS_STAT_OK);
	ck_assert_double_eq(ci.estimate, 4.9e9);
}
END_TEST

START_TEST(test_strerror)
{
	for (int i = REEKS_STAT_OK; i <= REEKS_STAT_TOO_LARGE; i++) {
		const char *m = reeks_stat_strerror((reeks_stat_error)i);

		ck_assert_ptr_nonnull(m);
		ck_assert(*m != '\0');
		ck_assert_str_ne(m, "unknown error");
		for (int j = REEKS_STAT_OK; j < i; j++)
			ck_assert_str_ne(m,
			    reeks_stat_strerror((reeks_stat_error)j));
	}
	ck_assert_str_eq(reeks_stat_strerror((reeks_stat_error)999),
	    "unknown error");
}
END_TEST

/* ---- answers exact by definition ------------------------------------------ */

START_TEST(test_exact_edges)
{
	const double same[] = { 7, 7, 7, 7, 7 };
	const size_t two[] = { 0, 2 };
	reeks_interval r, s;
	double x;

	ck_assert_int_eq(reeks_qnorm(0.5, &x), REEKS_STAT_OK);
	ck_assert(x == 0);
	ck_assert_int_eq(reeks_pnorm(0, &x), REEKS_STAT_OK);
	ck_assert(x == 0.5);
	for (double df = 0.25; df < 1e7; df *= 10) {
		ck_assert_int_eq(reeks_qt(0.5, df, &x), REEKS_STAT_OK);
		ck_assert(x == 0);
		ck_assert_int_eq(reeks_pt(0, df, &x), REEKS_STAT_OK);
		ck_assert(x == 0.5);
	}
	ck_assert_int_eq(reeks_pchisq(0, 3, &x), REEKS_STAT_OK);
	ck_assert(x == 0);
	ck_assert_int_eq(reeks_pchisq(-1, 3, &x), REEKS_STAT_OK);
	ck_assert(x == 0);
	ck_assert_int_eq(reeks_pbeta(0, 2, 3, &x), REEKS_STAT_OK);
	ck_assert(x == 0);
	ck_assert_int_eq(reeks_pbeta(1, 2, 3, &x), REEKS_STAT_OK);
	ck_assert(x == 1);
	ck_assert_int_eq(reeks_pbeta(7, 2, 3, &x), REEKS_STAT_OK);
	ck_assert(x == 1);

	/* x = 0 and x = n. */
	ck_assert_int_eq(reeks_poisson_ci(0, 0.95, &r), REEKS_STAT_OK);
	ck_assert(r.estimate == 0 && r.lower == 0 && r.upper > 3.68);
	ck_assert_int_eq(reeks_wilson_ci(0, 20, 0.95, &r), REEKS_STAT_OK);
	ck_assert(r.estimate == 0 && r.lower == 0);
	ck_assert_int_eq(reeks_wilson_ci(20, 20, 0.95, &r), REEKS_STAT_OK);
	ck_assert(r.estimate == 1 && r.upper == 1);
	ck_assert_int_eq(reeks_exact_binom_ci(0, 1, 0.95, &r), REEKS_STAT_OK);
	ck_assert(r.estimate == 0 && r.lower == 0);
	ck_assert_double_eq_tol(r.upper, 0.975, 1e-15);
	ck_assert_int_eq(reeks_exact_binom_ci(1, 1, 0.95, &r), REEKS_STAT_OK);
	ck_assert(r.estimate == 1 && r.upper == 1);
	ck_assert_double_eq_tol(r.lower, 0.025, 1e-16);
	ck_assert_int_eq(reeks_rate_ratio_ci(0, 1, 3, 1, 0.95, &r),
	    REEKS_STAT_OK);
	ck_assert(r.estimate == 0 && r.lower == 0 && r.upper > 0);

	/* Equal values: no change, an interval of width 0. */
	ck_assert_int_eq(reeks_apc(t5, same, 5, 0.95, &r), REEKS_STAT_OK);
	ck_assert(r.estimate == 0 && r.lower == 0 && r.upper == 0);
	ck_assert_int_eq(reeks_aapc(t5, same, 5, two, 2, 0.95, &r),
	    REEKS_STAT_OK);
	ck_assert(r.estimate == 0 && r.lower == 0 && r.upper == 0);
	ck_assert_int_eq(reeks_pct_change(5, 5, &x), REEKS_STAT_OK);
	ck_assert(x == 0);
	ck_assert_int_eq(reeks_cagr(5, 5, 3, &x), REEKS_STAT_OK);
	ck_assert(x == 0);

	/* One segment: the AAPC is the APC. */
	ck_assert_int_eq(reeks_apc(t5, v5, 5, 0.9, &r), REEKS_STAT_OK);
	ck_assert_int_eq(reeks_aapc(t5, v5, 5, one_segment, 1, 0.9, &s),
	    REEKS_STAT_OK);
	ck_assert_double_eq_tol(r.estimate, s.estimate, 1e-14);
	ck_assert_double_eq_tol(r.lower, s.lower, 1e-14);
	ck_assert_double_eq_tol(r.upper, s.upper, 1e-14);
}
END_TEST

/* Symmetries, and inverses that hold to the last few digits: the
 * distribution function at the quantile, rounded to a double, is off by
 * up to x f(x) / F(x) ulps, which grows with the shape. */
START_TEST(test_round_trips)
{
	const double ps[] = { 1e-300, 1e-12, 0.001, 0.2, 0.5, 0.7, 0.999 };
	const double shapes[] = { 0.3, 1, 7, 250, 3e4 };

	for (size_t i = 0; i < sizeof ps / sizeof ps[0]; i++) {
		for (size_t j = 0; j < sizeof shapes / sizeof shapes[0]; j++) {
			double p = ps[i], s = shapes[j], q, back;

			double u = p <= 0.5 ? 1 - p : p, lo, hi;

			/* Where the quantile underflows, there is no way back. */
			ck_assert_int_eq(reeks_qchisq(p, s, &q), REEKS_STAT_OK);
			if (q >= DBL_MIN) {
				ck_assert_int_eq(reeks_pchisq(q, s, &back),
				    REEKS_STAT_OK);
				ck_assert_msg(fabs(back - p) <=
				    1e-13 * (10 + s) * p,
				    "pchisq(qchisq(%g, %g)) = %.17g", p, s,
				    back);
			}
			ck_assert_int_eq(reeks_qbeta(p, s, 2, &q),
			    REEKS_STAT_OK);
			if (q >= DBL_MIN) {
				ck_assert_int_eq(reeks_pbeta(q, s, 2, &back),
				    REEKS_STAT_OK);
				ck_assert_msg(fabs(back - p) <=
				    1e-13 * (10 + s) * p,
				    "pbeta(qbeta(%g, %g, 2)) = %.17g", p, s,
				    back);
			}
			/* 1 - u is exact: the two tails are the same
			 * problem, so the answers are exactly opposite. */
			if (p >= 1e-12) {
				ck_assert_int_eq(reeks_qt(1 - u, s, &lo),
				    REEKS_STAT_OK);
				ck_assert_int_eq(reeks_qt(u, s, &hi),
				    REEKS_STAT_OK);
				ck_assert_msg(-lo == hi, "qt(%.17g, %g) = %.17g, "
				    "qt(%.17g, %g) = %.17g", 1 - u, s, lo, u, s,
				    hi);
			}
		}
	}
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("stats");
	TCase *tc = tcase_create("stats");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_cases_from_r);
	tcase_add_test(tc, test_not_finite);
	tcase_add_test(tc, test_overflow);
	tcase_add_test(tc, test_negative);
	tcase_add_test(tc, test_not_integer);
	tcase_add_test(tc, test_x_above_n);
	tcase_add_test(tc, test_zero_divisor);
	tcase_add_test(tc, test_level);
	tcase_add_test(tc, test_probability);
	tcase_add_test(tc, test_parameter);
	tcase_add_test(tc, test_too_few);
	tcase_add_test(tc, test_not_positive);
	tcase_add_test(tc, test_same_time);
	tcase_add_test(tc, test_too_large);
	tcase_add_test(tc, test_strerror);
	tcase_add_test(tc, test_exact_edges);
	tcase_add_test(tc, test_round_trips);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
