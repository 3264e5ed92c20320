/*
 * check_lines.c: the comparisons over time. The line charts of
 * gen/site/lines.h from small inputs given as data (a line stops at a
 * break and at a gap, each line labelled at its end, labels nudged apart,
 * distinct colours, marks and dashes, the total a reference line, small
 * multiples beyond six lines on shared scales, the description), and the
 * plan of gen/site/compare.h over the synthetic fixture tests/data/lines
 * (rates of counts of different places, a place left out for want of a
 * population, parts with the total drawn or left out, no chart without a
 * line over time).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "site/chart-internal.h"
#include "site/compare.h"
#include "site/lines.h"
#include "testutil.h"

static const chart_words words = {
	.source = "Source", .sources = "Sources", .line_chart = "Line chart",
	.in = "in", .to = "to", .observation = "observation",
	.observations = "observations", .more = "and {n} more",
};
static const line_words lwords = {
	"Total", "one small chart per series", "hollow: not plain"
};

/* The number of times NEEDLE occurs in HAY. */
static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

/* The text between the Nth (0-based) START in HAY and the next END after
 * it, in a static buffer. */
static const char *
nth(const char *hay, const char *start, const char *end, size_t n)
{
	static char out[8192];
	const char *p = hay, *e;

	for (size_t i = 0; i <= n; i++) {
		p = strstr(p, start);
		ck_assert_msg(p != NULL, "fewer than %zu '%s'", n + 1, start);
		p += strlen(start);
	}
	e = strstr(p, end);
	ck_assert_ptr_nonnull(e);
	ck_assert_uint_lt((size_t)(e - p), sizeof out);
	memcpy(out, p, (size_t)(e - p));
	out[e - p] = '\0';
	return out;
}

/* The number S starts with; fails the test when there is none. */
static double
num(const char *s)
{
	char *end;
	double v = strtod(s, &end);

	ck_assert_msg(end != s, "no number in '%s'", s);
	return v;
}

/* Yearly points at YEARS (N), values VALUES; BRK[i] marks the first
 * after a break (may be NULL). Texts are the values with "%". */
static line_point *
points(const int *years, const double *values, const bool *brk, size_t n)
{
	static char texts[64][16];
	static size_t used;
	line_point *p = calloc(n, sizeof *p);

	ck_assert_ptr_nonnull(p);
	for (size_t i = 0; i < n; i++) {
		char *t = texts[used++ % 64];
		static char periods[64][8];
		char *per = periods[(used - 1) % 64];

		snprintf(t, 16, "%g%%", values[i]);
		snprintf(per, 8, "%d", years[i]);
		p[i] = (line_point){ years[i] + 0.5, per, values[i], t, false,
		    true, brk != NULL && brk[i] };
	}
	return p;
}

static char *
draw(const line_series *lines, size_t n, const line_series *total)
{
	line_chart c = { "Title & <more>", REEKS_UNIT_PERCENT, lines, n,
	    total, NULL, 0, &lwords };
	chart_opts o = { REEKS_EN, &words, false, "c" };
	buf b = { 0 };

	chart_lines(&b, &c, &o);
	ck_assert(!b.failed);
	ck_assert_ptr_nonnull(b.data);
	return b.data;
}

/* A break stops the line and it starts again; so does a gap of more than
 * a year and a point that may not be joined. */
START_TEST(test_break_not_joined)
{
	static const int years[] = { 2000, 2001, 2002, 2003, 2005, 2006,
	    2007, 2008 };
	static const double v[] = { 10, 20, 30, 40, 50, 60, 70, 80 };
	static const bool brk[] = { false, false, true, false, false, false,
	    false, false };
	line_point *p = points(years, v, brk, 8);
	line_series l = { "A", p, 8 };
	char *svg;

	p[6].joinable = false;          /* 2007: e.g. a bound */
	svg = draw(&l, 1, NULL);
	/* Runs 2000-2001 | break | 2002-2003 | gap | 2005-2006 | 2007 | 2008:
	 * three polylines of two points each; 2007 and 2008 stand alone. */
	ck_assert_uint_eq(count(svg, "<polyline "), 3);
	for (size_t i = 0; i < 3; i++)
		ck_assert_uint_eq(count(nth(svg, "<polyline points=\"", "\"",
		    i), ","), 2);
	/* Every figure has its mark, with its tooltip. */
	ck_assert_uint_eq(count(svg, "<circle "), 8);
	ck_assert_str_eq(nth(svg, "<title>", "</title>", 0), "A, 2000: 10%");
	/* The second run starts at the mark of 2002. */
	char first[64], mark[64];
	snprintf(first, sizeof first, "%s", nth(svg, "<polyline points=\"",
	    " ", 1));
	snprintf(mark, sizeof mark, "%s,", nth(svg, "<circle cx=\"", "\"", 2));
	strncat(mark, nth(svg, "\" cy=\"", "\"", 2), sizeof mark -
	    strlen(mark) - 1);
	ck_assert_str_eq(first, mark);
	ck_assert(!lines_joined(&p[1], &p[2]));     /* the break */
	ck_assert(lines_joined(&p[2], &p[3]));
	ck_assert(!lines_joined(&p[3], &p[4]));     /* two years apart */
	ck_assert(!lines_joined(&p[5], &p[6]));     /* not joinable */
	free(svg);
	free(p);
}
END_TEST

/* Each line is named at its end, right of its last point, in the order
 * of their ends from the top; labels that would overlap are nudged
 * apart by a line's height at least. */
START_TEST(test_labels_at_ends)
{
	static const int years[] = { 2000, 2001, 2002 };
	static const double a[] = { 10, 20, 50 }, b[] = { 40, 30, 50 },
	    c[] = { 5, 5, 5 };
	static const int short_years[] = { 2000, 2001 };
	line_point *pa = points(years, a, NULL, 3);
	line_point *pb = points(years, b, NULL, 3);
	line_point *pc = points(short_years, c, NULL, 2);
	line_series l[] = { { "Alpha", pa, 3 }, { "Beta", pb, 3 },
	    { "Gamma", pc, 2 } };
	char *svg = draw(l, 3, NULL);
	const char *labels = strstr(svg, "<g class=\"labels\"");
	double last_x[3], last_y[3], ty[3];

	ck_assert_ptr_nonnull(labels);
	ck_assert_uint_eq(count(labels, "<g class=\"label\""), 3);
	/* The last point of each line (one run each), in drawing order. */
	for (size_t i = 0; i < 3; i++) {
		const char *pts = nth(svg, "<polyline points=\"", "\"", i);
		const char *last = strrchr(pts, ' ') + 1;

		last_x[i] = num(last);
		last_y[i] = num(strchr(last, ',') + 1);
	}
	/* Labels from the top: Alpha and Beta end level (50%), Gamma
	 * lowest; each right of its line's end, within a line's height of
	 * it. */
	for (size_t i = 0; i < 3; i++) {
		char g[2048];
		size_t line;
		double tx;

		snprintf(g, sizeof g, "%s", nth(labels, "<g class=\"label\"",
		    "</g>", i));
		line = strstr(g, "Alpha") != NULL ? 0 :
		    strstr(g, "Beta") != NULL ? 1 : 2;
		ck_assert_uint_eq(line, i);
		tx = num(nth(g, "<text x=\"", "\"", 0));
		ty[i] = num(nth(g, "\" y=\"", "\"", 0));
		ck_assert_msg(tx > last_x[line], "label %zu left of its end",
		    line);
		ck_assert_double_le(fabs(ty[i] - 4 - last_y[line]), 16);
	}
	ck_assert_str_eq(nth(nth(labels, "<g class=\"label\"", "</g>", 0),
	    "data-mark=\"", "\"", 0), "circle");
	ck_assert_str_eq(nth(nth(labels, "<g class=\"label\"", "</g>", 1),
	    "data-mark=\"", "\"", 0), "square");
	ck_assert_str_eq(nth(nth(labels, "<g class=\"label\"", "</g>", 2),
	    "data-mark=\"", "\"", 0), "triangle");
	/* Nudged apart: no two labels closer than a line. */
	ck_assert_double_ge(ty[1] - ty[0], 14);
	ck_assert_double_ge(ty[2] - ty[1], 14);
	/* The nudged one has a leader to its point. */
	ck_assert_uint_ge(count(labels, "<line "), 1);
	free(svg);
	free(pa);
	free(pb);
	free(pc);
}
END_TEST

/* Six lines: six colours, six marks and six dash patterns (one solid),
 * all different; one set of axes, no small multiples. */
START_TEST(test_marks_distinct)
{
	static const int years[] = { 2000, 2001 };
	double v[6][2];
	line_point *p[6];
	line_series l[6];
	static const char *const names[] = { "L1", "L2", "L3", "L4", "L5",
	    "L6" };
	char *svg;

	for (size_t i = 0; i < 6; i++) {
		v[i][0] = 10.0 * (double)i + 1;
		v[i][1] = 10.0 * (double)i + 5;
		p[i] = points(years, v[i], NULL, 2);
		l[i] = (line_series){ names[i], p[i], 2 };
	}
	svg = draw(l, 6, NULL);
	ck_assert_uint_eq(count(svg, "<g class=\"panel\""), 0);
	ck_assert_uint_eq(count(svg, "<g class=\"line\""), 6);
	ck_assert_uint_eq(count(svg, "<g class=\"y-axis\""), 1);
	for (size_t i = 0; i < 6; i++) {
		char mark[32], color[32], dash[32], g[512];

		snprintf(g, sizeof g, "%s", nth(svg, "<g class=\"line\"",
		    "<polyline", i));

		snprintf(mark, sizeof mark, "%s", nth(g, "data-mark=\"", "\"",
		    0));
		snprintf(color, sizeof color, "%s", nth(g, "stroke=\"", "\"",
		    0));
		snprintf(dash, sizeof dash, "%s", strstr(g, "dasharray") ?
		    nth(g, "stroke-dasharray=\"", "\"", 0) : "");
		ck_assert_msg(i == 0 ? dash[0] == '\0' : dash[0] != '\0',
		    "line %zu dash '%s'", i, dash);
		for (size_t j = 0; j < i; j++) {
			char h[512];

			snprintf(h, sizeof h, "%s", nth(svg,
			    "<g class=\"line\"", "<polyline", j));

			ck_assert_str_ne(nth(h, "data-mark=\"", "\"", 0), mark);
			ck_assert_str_ne(nth(h, "stroke=\"", "\"", 0), color);
			if (j > 0)
				ck_assert_str_ne(nth(h, "stroke-dasharray=\"",
				    "\"", 0), dash);
		}
	}
	/* Each line's marks are its own shape. */
	ck_assert_uint_eq(count(svg, "<circle "), 2);
	ck_assert_uint_eq(count(svg, "<rect "), 2);
	free(svg);
	for (size_t i = 0; i < 6; i++)
		free(p[i]);
}
END_TEST

/* Seven lines: one small chart each, named above it, all on the same
 * scales (the same value ticks and years), no labels at line ends. */
START_TEST(test_small_multiples)
{
	static const int years[] = { 2000, 2001, 2002 };
	double v[7][3];
	line_point *p[7];
	line_series l[7];
	static const char *const names[] = { "P1", "P2", "P3", "P4", "P5",
	    "P6", "P7" };
	char *svg, ticks[2048];

	for (size_t i = 0; i < 7; i++) {
		for (size_t k = 0; k < 3; k++)
			v[i][k] = (double)(i * 10 + k);
		p[i] = points(years, v[i], NULL, 3);
		l[i] = (line_series){ names[i], p[i], 3 };
	}
	svg = draw(l, 7, NULL);
	ck_assert_uint_eq(count(svg, "<g class=\"panel\""), 7);
	ck_assert_uint_eq(count(svg, "<g class=\"labels\""), 0);
	ck_assert_uint_eq(count(svg, "<polyline "), 7);
	/* 2 columns, 4 rows: the height. */
	ck_assert_str_eq(nth(svg, "height=\"", "\"", 0), "676");
	snprintf(ticks, sizeof ticks, "%s", nth(svg, "<g class=\"y-axis\"",
	    "</g>", 0));
	for (size_t i = 0; i < 7; i++) {
		char panel[8192], y[2048], a[64], b[64];

		snprintf(panel, sizeof panel, "%s", nth(svg,
		    "<g class=\"panel\">", "<polyline", i));
		snprintf(y, sizeof y, "%s", nth(panel, "<g class=\"y-axis\"",
		    "</g>", 0));
		ck_assert_str_eq(nth(panel, "font-weight=\"bold\">", "</text>",
		    0), names[i]);
		/* The same value ticks in every panel (shifted). */
		ck_assert_uint_eq(count(y, "<text"), count(ticks, "<text"));
		for (size_t k = 0; k < count(y, "<text"); k++) {
			snprintf(a, sizeof a, "%s", strchr(nth(y, "<text",
			    "</text>", k), '>') + 1);
			snprintf(b, sizeof b, "%s", strchr(nth(ticks, "<text",
			    "</text>", k), '>') + 1);
			ck_assert_str_eq(a, b);
		}
	}
	ck_assert_str_eq(nth(svg, "<desc id=\"c-desc\">", ".", 0),
	    "Line chart: Title &amp; &lt;more&gt;, one small chart per series");
	free(svg);
	for (size_t i = 0; i < 7; i++)
		free(p[i]);
}
END_TEST

/* The total is a reference line of its own, labelled as the total, not
 * one of the lines; the description names it last. */
START_TEST(test_total_reference)
{
	static const int years[] = { 2000, 2001 };
	static const double a[] = { 10, 12 }, b[] = { 30, 28 },
	    t[] = { 20, 21 };
	line_point *pa = points(years, a, NULL, 2);
	line_point *pb = points(years, b, NULL, 2);
	line_point *pt = points(years, t, NULL, 2);
	line_series l[] = { { "Part A", pa, 2 }, { "Part B", pb, 2 } };
	line_series total = { "Total", pt, 2 };
	char *svg = draw(l, 2, &total);

	ck_assert_uint_eq(count(svg, "<g class=\"line\""), 2);
	ck_assert_uint_eq(count(svg, "<g class=\"total\""), 1);
	ck_assert_uint_eq(count(svg, "<g class=\"label\""), 3);
	ck_assert_uint_eq(count(svg, "data-mark=\"total\""), 1);
	ck_assert_str_eq(nth(nth(svg, "data-mark=\"total\"", "</g>", 0),
	    "\">", "</text>", 0), "Total");
	ck_assert_str_eq(nth(svg, "<desc id=\"c-desc\">", "</desc>", 0),
	    "Line chart: Title &amp; &lt;more&gt;. Part A: 10% in 2000 to 12% "
	    "in 2001 (2 observations); Part B: 30% in 2000 to 28% in 2001 "
	    "(2 observations); Total: 20% in 2000 to 21% in 2001 "
	    "(2 observations).");
	ck_assert_uint_eq(count(svg, "role=\"img\""), 1);
	ck_assert_uint_eq(count(svg, "aria-labelledby=\"c-title c-desc\""), 1);
	free(svg);
	free(pa);
	free(pb);
	free(pt);
}
END_TEST

/* ---- the plan ----------------------------------------------------------- */

static reeks_store *
fixture(void)
{
	reeks_diags *d = reeks_diags_new();
	reeks_store *st = NULL;

	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(reeks_store_load("tests/data/lines", d, &st),
	    REEKS_OK);
	reeks_diags_free(d);
	return st;
}

static size_t
plan(const reeks_store *st, const char *indicator, compare_lines **c)
{
	const reeks_series *se[32];
	size_t n = reeks_series_by_indicator(st, indicator, se, 32);
	size_t nc = compare_lines_plan(se, n, 100000, 0.95, c);

	ck_assert_uint_ne(nc, (size_t)-1);
	return nc;
}

START_TEST(test_plan_rates)
{
	reeks_store *st = fixture();
	compare_lines *c;

	ck_assert_uint_eq(plan(st, "deaths", &c), 1);
	ck_assert_int_eq(c[0].kind, COMPARE_RATES);
	ck_assert_uint_eq(c[0].n, 2);
	ck_assert_str_eq(reeks_series_id(c[0].series[0]), "ams-deaths");
	ck_assert_str_eq(reeks_series_id(c[0].series[1]), "nl-deaths");
	ck_assert_uint_eq(c[0].nleft, 1);
	ck_assert_str_eq(reeks_series_id(c[0].left[0]), "rotterdam-deaths");
	compare_lines_free(c, 1);
	/* Populations of different places, with no population of their
	 * own: no rate, no chart. */
	ck_assert_uint_eq(plan(st, "population", &c), 0);
	compare_lines_free(c, 0);
	reeks_store_free(st);
}
END_TEST

START_TEST(test_plan_parts)
{
	reeks_store *st = fixture();
	compare_lines *c;

	/* A share: the total drawn beside its parts, as a reference. */
	ck_assert_uint_eq(plan(st, "share", &c), 1);
	ck_assert_int_eq(c[0].kind, COMPARE_PARTS);
	ck_assert_uint_eq(c[0].n, 2);
	ck_assert_str_eq(reeks_series_id(c[0].series[0]), "ams-share-dutch");
	ck_assert_str_eq(reeks_series_id(c[0].series[1]), "ams-share-other");
	ck_assert_str_eq(reeks_series_id(c[0].total), "ams-share");
	ck_assert(c[0].total_drawn);
	compare_lines_free(c, 1);
	/* A count: the parts are fractions of the total, left out. */
	ck_assert_uint_eq(plan(st, "emergencies", &c), 1);
	ck_assert_int_eq(c[0].kind, COMPARE_PARTS);
	ck_assert_uint_eq(c[0].n, 7);
	ck_assert_str_eq(reeks_series_id(c[0].total), "ams-emergencies");
	ck_assert(!c[0].total_drawn);
	for (size_t i = 0; i < c[0].n; i++)
		ck_assert_ptr_ne(c[0].series[i], c[0].total);
	compare_lines_free(c, 1);
	reeks_store_free(st);
}
END_TEST

/* Two places of a share, one figure each: no line over time, no chart;
 * a second figure makes one. */
START_TEST(test_plan_needs_a_line)
{
	static const char head[] =
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<reeks version=\"1\">\n"
	    "<topic id=\"t\"><title lang=\"en\">T</title><title lang=\"nl\">T"
	    "</title></topic>\n"
	    "<geography id=\"a\" scope=\"country\"><name lang=\"en\">A</name>"
	    "<name lang=\"nl\">A</name></geography>\n"
	    "<geography id=\"b\" scope=\"country\"><name lang=\"en\">B</name>"
	    "<name lang=\"nl\">B</name></geography>\n"
	    "<source id=\"s\" kind=\"report\"><author>A</author><title>T"
	    "</title><year>2011</year><citation>C</citation></source>\n";
	static const char series[] =
	    "<series id=\"%s\" topic=\"t\" indicator=\"i\" unit=\"percent\" "
	    "geography=\"%s\"><title lang=\"en\">X, %s</title><title "
	    "lang=\"nl\">X, %s</title><description lang=\"en\">D</description>"
	    "<description lang=\"nl\">D</description>\n%s</series>\n";
	for (int more = 0; more < 2; more++) {
		char doc[4096], sa[512], sb[512];
		char *dir = tu_mkdir(), *diags;
		reeks_store *st = NULL;
		reeks_result rc;
		compare_lines *c;

		snprintf(sa, sizeof sa, series, "a-x", "a", "A", "A",
		    more ? TU_OBS("period=\"2000\" value=\"1\"")
		    TU_OBS("period=\"2001\" value=\"2\"") :
		    TU_OBS("period=\"2000\" value=\"1\""));
		snprintf(sb, sizeof sb, series, "b-x", "b", "B", "B",
		    TU_OBS("period=\"2001\" value=\"3\""));
		snprintf(doc, sizeof doc, "%s%s%s</reeks>\n", head, sa, sb);
		tu_write(dir, "a.xml", doc, -1);
		diags = tu_load(dir, &rc, &st, NULL);
		ck_assert_str_eq(diags, "");
		ck_assert_uint_eq(plan(st, "i", &c), (size_t)more);
		if (more) {
			ck_assert_int_eq(c[0].kind, COMPARE_PLACES);
			ck_assert_uint_eq(c[0].n, 2);
		}
		compare_lines_free(c, (size_t)more);
		free(diags);
		reeks_store_free(st);
		tu_rmdir(dir);
	}
}
END_TEST

static Suite *
lines_suite(void)
{
	Suite *s = suite_create("lines");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_break_not_joined);
	tcase_add_test(tc, test_labels_at_ends);
	tcase_add_test(tc, test_marks_distinct);
	tcase_add_test(tc, test_small_multiples);
	tcase_add_test(tc, test_total_reference);
	tcase_add_test(tc, test_plan_rates);
	tcase_add_test(tc, test_plan_parts);
	tcase_add_test(tc, test_plan_needs_a_line);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(lines_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
