/*
 * check_chart.c: what gen/site/chart.h decides, from small series: the
 * value scale and its ticks, the time ticks, the description, the credit
 * line cut to two sources, the bar labels' room capped, the value labels
 * in both languages, and the bounded stretches of a long series.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "site/chart.h"
#include "testutil.h"

static const chart_words words = {
	.source = "Source", .sources = "Sources", .line_chart = "Line chart",
	.bar_chart = "Bar chart", .series_break = "break in series",
	.exact = "as printed", .approx = "approximately",
	.at_least = "at least", .at_most = "up to", .range = "range",
	.interval = "interval", .secondary = "secondary source", .in = "in",
	.to = "to", .observation = "observation",
	.more = "and {n} more", .observations = "observations",
	.span = "lowest to highest in a stretch of time",
	.spans = "in {n} equal stretches of time",
};

/* The store of DOC (one file); fails the test on any diagnostic. */
static reeks_store *
load(const char *doc)
{
	char *dir = tu_mkdir();
	reeks_result rc;
	reeks_store *st = NULL;
	char *diags;

	tu_write(dir, "a.xml", doc, -1);
	diags = tu_load(dir, &rc, &st, NULL);
	ck_assert_str_eq(diags, "");
	ck_assert_int_eq(rc, REEKS_OK);
	free(diags);
	tu_rmdir(dir);
	return st;
}

/* The line chart of series "x" of tu_doc(UNIT, OBS), in LANG. */
static char *
line_chart(const char *unit, const char *obs, reeks_lang lang)
{
	char *doc = tu_doc(unit, obs);
	reeks_store *st = load(doc);
	chart_opts o = { lang, &words, false, "c" };
	buf b = { 0 };

	chart_line(&b, reeks_series_find(st, "x"), &o);
	ck_assert(!b.failed);
	reeks_store_free(st);
	free(doc);
	return b.data;
}

/* The texts of the <text> elements in SVG's first <g class="CLASS">,
 * joined by '|' (in a static buffer). */
static const char *
texts(const char *svg, const char *class)
{
	static char out[8192];
	char open[64];
	const char *p, *end;
	size_t len = 0;

	snprintf(open, sizeof open, "<g class=\"%s\"", class);
	p = strstr(svg, open);
	ck_assert_msg(p != NULL, "no %s", open);
	end = strstr(p, "</g>");
	out[0] = '\0';
	while ((p = strstr(p, "<text")) != NULL && p < end) {
		const char *s = strchr(p, '>') + 1, *e = strstr(s, "</text>");

		len += (size_t)snprintf(out + len, sizeof out - len, "%s%.*s",
		    len > 0 ? "|" : "", (int)(e - s), s);
		p = e;
	}
	return out;
}

/* The text between FROM and TO in SVG (in a static buffer). */
static const char *
between(const char *svg, const char *from, const char *to)
{
	static char out[1 << 20];
	const char *s = strstr(svg, from), *e;

	ck_assert_msg(s != NULL, "no '%s'", from);
	s += strlen(from);
	e = strstr(s, to);
	ck_assert_ptr_nonnull(e);
	snprintf(out, sizeof out, "%.*s", (int)(e - s), s);
	return out;
}

static size_t
count_of(const char *s, const char *what)
{
	size_t n = 0;

	for (; (s = strstr(s, what)) != NULL; s += strlen(what))
		n++;
	return n;
}

#define OBS(period, value) \
	TU_OBS("period=\"" period "\" value=\"" value "\"")

/* ---- the value scale: a nice step (1, 2, 2.5, 5 times a power of ten)
 * for about five ticks, from 0 to the first tick at or above the
 * largest value ---------------------------------------------------------- */

START_TEST(test_value_ticks)
{
	static const struct {
		const char *unit, *obs, *en, *nl;
	} cases[] = {
		/* 2,692: a step of 1,000 (538 rounded up), 0 to 3,000. */
		{ "count", OBS("2008", "2,692") OBS("2009", "757"),
		    "0|1,000|2,000|3,000", "0|1.000|2.000|3.000" },
		/* 66.7%: a step of 20. */
		{ "percent", OBS("2008", "66.7"),
		    "0%|20%|40%|60%|80%", "0%|20%|40%|60%|80%" },
		/* A step of 2.5 is printed with its decimal. */
		{ "percent", OBS("2008", "12"),
		    "0.0%|2.5%|5.0%|7.5%|10.0%|12.5%",
		    "0,0%|2,5%|5,0%|7,5%|10,0%|12,5%" },
		/* 0.4: a step of 0.1, the top exactly the value. */
		{ "per-100py", OBS("2008", "0.4"),
		    "0.0|0.1|0.2|0.3|0.4", "0,0|0,1|0,2|0,3|0,4" },
		/* Whole things in whole steps: 2 persons is not 0.5 apart. */
		{ "persons", OBS("2008", "2"), "0|1|2", "0|1|2" },
		{ "count", OBS("2008", "0"), "0|1", "0|1" },
		/* A count is whole on the axis too: 12 deaths in steps of
		 * 5, not 0.0, 2.5, ...; the percent above keeps its 2.5. */
		{ "count", OBS("2008", "12"), "0|5|10|15", "0|5|10|15" },
		{ "places", OBS("2008", "11"), "0|5|10|15", "0|5|10|15" },
		/* 25: a step of 5 already. */
		{ "count", OBS("2008", "25"), "0|5|10|15|20|25",
		    "0|5|10|15|20|25" },
		/* An upper bound counts as a value. */
		{ "percent", TU_OBS("period=\"2008\" lower=\"30\" "
		    "upper=\"41\" qualifier=\"range\""),
		    "0%|10%|20%|30%|40%|50%", "0%|10%|20%|30%|40%|50%" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *en = line_chart(cases[i].unit, cases[i].obs, REEKS_EN);
		char *nl = line_chart(cases[i].unit, cases[i].obs, REEKS_NL);

		ck_assert_msg(strcmp(texts(en, "y-axis"), cases[i].en) == 0,
		    "case %zu: English ticks %s", i, texts(en, "y-axis"));
		ck_assert_msg(strcmp(texts(nl, "y-axis"), cases[i].nl) == 0,
		    "case %zu: Dutch ticks %s", i, texts(nl, "y-axis"));
		free(en);
		free(nl);
	}
}
END_TEST

/* Values near the double's limit: powers of ten, never 300 digits. */
START_TEST(test_value_ticks_huge)
{
	char obs[600], *en;

	snprintf(obs, sizeof obs, TU_OBS("period=\"2008\" value=\"1%0308d\""),
	    0);
	en = line_chart("count", obs, REEKS_EN);
	ck_assert_str_eq(texts(en, "y-axis"), "0|2\xc3\x97" "10\xc2\xb3\xe2"
	    "\x81\xb0\xe2\x81\xb7|4\xc3\x97" "10\xc2\xb3\xe2\x81\xb0\xe2\x81"
	    "\xb7|6\xc3\x97" "10\xc2\xb3\xe2\x81\xb0\xe2\x81\xb7|8\xc3\x97"
	    "10\xc2\xb3\xe2\x81\xb0\xe2\x81\xb7|1\xc3\x97" "10\xc2\xb3\xe2\x81"
	    "\xb0\xe2\x81\xb8");
	free(en);
}
END_TEST

/* The y labels' room: 20 px and 7.2 px a character of the top label,
 * where the axis line starts. */
START_TEST(test_value_label_room)
{
	char *a = line_chart("count", OBS("2008", "2,692"), REEKS_EN);
	char *b = line_chart("count", OBS("2008", "7"), REEKS_EN);

	/* "3,000": 5 characters, 56 px. "8": 27.2 px. */
	ck_assert_ptr_nonnull(strstr(a, "<g class=\"y-axis\" font-size=\"12\" "
	    "text-anchor=\"end\">\n<line x1=\"56.0\" x2=\"616\" y1=\"308.0\" "
	    "y2=\"308.0\" stroke=\"#222222\"/><text x=\"48.0\" y=\"312.0\">0"
	    "</text>\n"));
	ck_assert_ptr_nonnull(strstr(b, "<line x1=\"27.2\" x2=\"616\" "
	    "y1=\"308.0\""));
	/* The top tick at the top of the plot (y 52), the bottom at 308. */
	ck_assert_ptr_nonnull(strstr(a, "<line x1=\"56.0\" x2=\"616\" "
	    "y1=\"52.0\" y2=\"52.0\" stroke=\"#d9d9d9\"/><text x=\"48.0\" "
	    "y=\"56.0\">3,000</text>"));
	free(a);
	free(b);
}
END_TEST

/* ---- the time axis: at most 8 steps of 1, 2, 5, 10, ... years ------- */

START_TEST(test_time_ticks)
{
	char obs[4096] = "";
	char *svg;

	/* 2008 to 2009 (a year's position is its start), half a year of
	 * room on each side. */
	svg = line_chart("count", OBS("2008", "1") OBS("2009", "2"),
	    REEKS_EN);
	ck_assert_str_eq(texts(svg, "x-axis"), "2008|2009");
	free(svg);
	for (int y = 2000; y <= 2012; y++) {
		char one[256];

		snprintf(one, sizeof one, TU_OBS("period=\"%d\" value=\"%d\""),
		    y, y - 1999);
		strcat(obs, one);
	}
	svg = line_chart("count", obs, REEKS_EN);
	ck_assert_str_eq(texts(svg, "x-axis"),
	    "2000|2002|2004|2006|2008|2010|2012");
	/* The description lists the first two and the last two of more
	 * than 12 (MAX_LISTED). */
	ck_assert_str_eq(between(svg, "<desc id=\"c-desc\">", "</desc>"),
	    "Line chart: X, 2000 to 2012, 13 observations: 1 in 2000; 2 in "
	    "2001; \xe2\x80\xa6; 12 in 2011; 13 in 2012.");
	free(svg);
	svg = line_chart("count", OBS("1900", "1") OBS("2020", "2"),
	    REEKS_EN);
	ck_assert_str_eq(texts(svg, "x-axis"),
	    "1900|1920|1940|1960|1980|2000|2020");
	free(svg);
}
END_TEST

/* ---- the description and the legend ---------------------------------- */

START_TEST(test_description)
{
	char *en = line_chart("percent",
	    OBS("2008", "4.5")
	    TU_OBS("period=\"2009\" value=\"5\" qualifier=\"approx\"")
	    TU_OBS("period=\"2005/2007\" lower=\"30\" upper=\"40\" "
	    "qualifier=\"range\""), REEKS_EN);
	char *nl = line_chart("per-100k", OBS("2008", "1,234.5"), REEKS_NL);

	ck_assert_str_eq(between(en, "<desc id=\"c-desc\">", "</desc>"),
	    "Line chart: X, 2005\xe2\x80\x93" "2007 to 2009, 3 observations: "
	    "30\xe2\x80\x93" "40% in 2005\xe2\x80\x93" "2007; 4.5% in 2008; "
	    "\xe2\x89\x88" "5% in 2009.");
	ck_assert_str_eq(texts(en, "legend"),
	    "as printed|approximately|range");
	ck_assert_str_eq(between(nl, "<desc id=\"c-desc\">", "</desc>"),
	    "Line chart: X, 2008, 1 observation: 1.234,5 in 2008.");
	/* One kind of mark needs no legend. */
	ck_assert_ptr_null(strstr(nl, "class=\"legend\""));
	free(en);
	free(nl);
}
END_TEST

/* ---- the credit line: at most two sources named --------------------- */

static char *
credit_of(int nsources)
{
	static const char *const src[] = {
		"<source id=\"s1\" kind=\"report\"><author>Schatz</author>"
		"<author>Nabben</author><title>T</title><year>2011</year>"
		"<citation>C</citation></source>\n",
		"<source id=\"s2\" kind=\"report\"><author>World Bank</author>"
		"<title>T</title><year>2023</year><citation>C</citation>"
		"</source>\n",
		"<source id=\"s3\" kind=\"report\"><author>CBS</author>"
		"<title>T</title><year>2020</year><citation>C</citation>"
		"</source>\n",
	};
	char doc[4096], *svg;
	reeks_store *st;
	chart_opts o = { REEKS_EN, &words, false, "c" };
	buf b = { 0 };
	size_t len;

	len = (size_t)snprintf(doc, sizeof doc, "<reeks version=\"1\">\n"
	    "<topic id=\"t\"><title lang=\"en\">T</title><title lang=\"nl\">"
	    "T</title></topic>\n<geography id=\"g\" scope=\"country\"><name "
	    "lang=\"en\">G</name><name lang=\"nl\">G</name></geography>\n");
	for (int i = 0; i < nsources; i++)
		len += (size_t)snprintf(doc + len, sizeof doc - len, "%s",
		    src[i]);
	len += (size_t)snprintf(doc + len, sizeof doc - len, "<series "
	    "id=\"x\" topic=\"t\" indicator=\"i\" unit=\"count\" "
	    "geography=\"g\"><title lang=\"en\">X</title><title lang=\"nl\">"
	    "X</title><description lang=\"en\">D</description><description "
	    "lang=\"nl\">D</description>\n");
	for (int i = 0; i < nsources; i++)
		len += (size_t)snprintf(doc + len, sizeof doc - len, "<obs "
		    "period=\"%d\" value=\"1\" source=\"s%d\" at=\"p. 1\">"
		    "<excerpt>e</excerpt></obs>\n", 2001 + i, i + 1);
	snprintf(doc + len, sizeof doc - len, "</series>\n</reeks>\n");
	st = load(doc);
	chart_line(&b, reeks_series_find(st, "x"), &o);
	reeks_store_free(st);
	svg = strdup(between(b.data, "<text class=\"credit\" x=\"12\" "
	    "y=\"390\" font-size=\"11\">", "</text>"));
	buf_free(&b);
	return svg;
}

START_TEST(test_credit)
{
	char *one = credit_of(1), *two = credit_of(2), *three = credit_of(3);

	ck_assert_str_eq(one, "Source: Schatz et al. (2011)");
	ck_assert_str_eq(two, "Sources: Schatz et al. (2011); World Bank "
	    "(2023)");
	/* Three do not fit: the first, and how many more. */
	ck_assert_str_eq(three, "Sources: Schatz et al. (2011) and 2 more");
	free(one);
	free(two);
	free(three);
}
END_TEST

/* ---- bounded stretches ------------------------------------------------ */

/* A series of N monthly values from 1950-01, the Kth being K. */
static char *
monthly(int n)
{
	size_t cap = (size_t)n * 100 + 1, len = 0;
	char *obs = malloc(cap);

	ck_assert_ptr_nonnull(obs);
	obs[0] = '\0';
	for (int k = 0; k < n; k++)
		len += (size_t)snprintf(obs + len, cap - len,
		    TU_OBS("period=\"%d-%02d\" value=\"%d\""), 1950 + k / 12,
		    k % 12 + 1, k);
	return obs;
}

START_TEST(test_stretches)
{
	char *obs500 = monthly(CHART_MAX_POINTS), *obs501 = monthly(501);
	char *obs5000 = monthly(5000);
	char *a = line_chart("count", obs500, REEKS_EN);
	char *b = line_chart("count", obs501, REEKS_EN);
	char *c = line_chart("count", obs5000, REEKS_NL);

	/* 500 points are drawn one by one. */
	ck_assert_ptr_null(strstr(a, "class=\"spans\""));
	ck_assert_uint_eq(count_of(a, "<g><title>"), 500);
	/* 501: every one of the 200 stretches holds two or three, one bar
	 * each; the legend and the description say so. */
	ck_assert_uint_eq(count_of(between(b, "<g class=\"spans\"", "</g>\n"
	    "<g class=\"legend\""), "<rect "), CHART_SPANS);
	ck_assert_str_eq(between(b, "<desc id=\"c-desc\">", "</desc>"),
	    "Line chart: X, 1950-01 to 1991-09, 501 observations, in 200 "
	    "equal stretches of time.");
	ck_assert_str_eq(texts(b, "legend"),
	    "lowest to highest in a stretch of time");
	/* The first bar: the first three months, 0 to 2. */
	ck_assert_ptr_nonnull(strstr(b, "<g class=\"spans\" fill=\"#1f5f8b\">"
	    "\n<g><title>1950-01\xe2\x80\x93" "1950-03: 3 observations, 0 "
	    "\xe2\x80\x93 2</title><rect "));
	/* 5,000: still 200 bars, the size bounded; numbers in Dutch. */
	ck_assert_uint_eq(count_of(between(c, "<g class=\"spans\"", "</g>\n"
	    "<g class=\"legend\""), "<rect "), CHART_SPANS);
	ck_assert_str_eq(between(c, "<desc id=\"c-desc\">", "</desc>"),
	    "Line chart: X, 1950-01 to 2366-08, 5.000 observations, in 200 "
	    "equal stretches of time.");
	ck_assert_uint_lt(strlen(c), 40000);
	free(a);
	free(b);
	free(c);
	free(obs500);
	free(obs501);
	free(obs5000);
}
END_TEST

/* ---- value labels ----------------------------------------------------- */

START_TEST(test_value_labels)
{
	static const struct {
		const char *unit, *attrs, *en, *nl;
	} cases[] = {
		{ "persons", "value=\"33,500\"", "33,500", "33.500" },
		{ "persons", "value=\"9,000\" qualifier=\"approx\"",
		    "\xe2\x89\x88" "9,000", "\xe2\x89\x88" "9.000" },
		{ "count", "value=\"47\" qualifier=\"at-least\"",
		    "\xe2\x89\xa5" "47", "\xe2\x89\xa5" "47" },
		{ "percent", "value=\"25\" qualifier=\"at-most\"",
		    "\xe2\x89\xa4" "25%", "\xe2\x89\xa4" "25%" },
		{ "percent", "lower=\"30\" upper=\"40.5\" qualifier=\"range\"",
		    "30\xe2\x80\x93" "40.5%", "30\xe2\x80\x93" "40,5%" },
		{ "eur", "value=\"0.50\"", "\xe2\x82\xac" "0.50",
		    "\xe2\x82\xac\xc2\xa0" "0,50" },
		{ "eur-million", "value=\"1,175.5\"",
		    "\xe2\x82\xac" "1,175.5m",
		    "\xe2\x82\xac\xc2\xa0" "1.175,5\xc2\xa0mln" },
		{ "count", "status=\"M\"", "\xe2\x80\x93", "\xe2\x80\x93" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char obs[512], *doc;
		reeks_store *st;
		const reeks_series *se;
		buf en = { 0 }, nl = { 0 };

		snprintf(obs, sizeof obs, TU_OBS("period=\"2008\" %s"),
		    cases[i].attrs);
		doc = tu_doc(cases[i].unit, obs);
		st = load(doc);
		se = reeks_series_find(st, "x");
		chart_value_label(&en, reeks_series_obs_at(se, 0),
		    reeks_series_unit(se), REEKS_EN);
		chart_value_label(&nl, reeks_series_obs_at(se, 0),
		    reeks_series_unit(se), REEKS_NL);
		ck_assert_str_eq(en.data, cases[i].en);
		ck_assert_str_eq(nl.data, cases[i].nl);
		buf_free(&en);
		buf_free(&nl);
		reeks_store_free(st);
		free(doc);
	}
}
END_TEST

/* ---- bar charts ------------------------------------------------------- */

START_TEST(test_bars)
{
	char *doc = tu_doc("persons", OBS("2008", "33,500")
	    TU_OBS("period=\"2009\" value=\"25,000\" qualifier=\"approx\""));
	reeks_store *st = load(doc);
	const reeks_series *se = reeks_series_find(st, "x");
	const reeks_obs *obs[2] = { reeks_series_obs_at(se, 0),
	    reeks_series_obs_at(se, 1) };
	char long_label[201];
	const char *labels[2] = { "Amsterdam", "Rotterdam" };
	chart_opts o = { REEKS_NL, &words, true, "b" };
	buf b = { 0 };

	chart_bars(&b, "T", labels, obs, 2, &o);
	ck_assert_int_eq(strncmp(b.data, "<?xml version=\"1.0\" "
	    "encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 640 172\" width=\"640\" height=\"172\"", 100), 0);
	ck_assert_str_eq(between(b.data, "<desc id=\"b-desc\">", "</desc>"),
	    "Bar chart: T: Amsterdam 33.500; Rotterdam \xe2\x89\x88" "25.000.");
	/* Labels 79 px wide ("Amsterdam" at 13 px: A 9, m 13, s 7, t 6,
	 * e 8, r 6, d 9, a 8, m 13, each DejaVu Sans advance rounded up):
	 * the bars start at 12 + 79 + 12 = 103; a step of 10,000 up to
	 * 40,000 over 556 - 103 px; an approximate value hollow. */
	ck_assert_ptr_nonnull(strstr(b.data, "<rect x=\"103.0\" y=\"57.0\" "
	    "width=\"379.4\" height=\"20\" fill=\"#1f5f8b\""));
	ck_assert_ptr_nonnull(strstr(b.data, "<rect x=\"103.0\" y=\"87.0\" "
	    "width=\"283.1\" height=\"20\" fill=\"#ffffff\""));
	ck_assert_str_eq(texts(b.data, "x-axis"),
	    "0|10.000|20.000|30.000|40.000");
	/* A long label takes at most half the width. */
	memset(long_label, 'w', sizeof long_label - 1);
	long_label[sizeof long_label - 1] = '\0';
	labels[0] = long_label;
	buf_reset(&b);
	chart_bars(&b, "T", labels, obs, 2, &o);
	ck_assert_ptr_nonnull(strstr(b.data, "<rect x=\"332.0\" y=\"57.0\""));
	buf_free(&b);
	reeks_store_free(st);
	free(doc);
}
END_TEST

/* ---- titles that do not fit on one line wrap --------------------------- */

/* The data's longest series titles, English and Dutch. */
#define LONG_EN "HCV antibodies at entry among drug users who ever " \
	"injected, Amsterdam Cohort Studies"
#define LONG_NL "Hcv-antistoffen bij instroom onder drugsgebruikers die " \
	"ooit injecteerden, Amsterdamse Cohort Studies"

/* The bar chart of one bar titled TITLE. */
static char *
titled_bars(const char *title)
{
	char *doc = tu_doc("persons", OBS("2008", "33,500"));
	reeks_store *st = load(doc);
	const reeks_obs *obs[1] = {
		reeks_series_obs_at(reeks_series_find(st, "x"), 0)
	};
	const char *labels[1] = { "Amsterdam" };
	chart_opts o = { REEKS_EN, &words, false, "b" };
	buf b = { 0 };

	chart_bars(&b, title, labels, obs, 1, &o);
	ck_assert(!b.failed);
	reeks_store_free(st);
	free(doc);
	return b.data;
}

START_TEST(test_title_wraps)
{
	char *one = titled_bars("T"), *en = titled_bars(LONG_EN);
	char *nl = titled_bars(LONG_NL), *amp = titled_bars("A & B");
	char wide[201];

	/* A short title: one line, as before. */
	ck_assert_ptr_nonnull(strstr(one, "<text x=\"12\" y=\"24\" "
	    "font-size=\"15\" font-weight=\"bold\">T</text>\n"));
	ck_assert_ptr_nonnull(strstr(one, "height=\"142\""));
	ck_assert_ptr_nonnull(strstr(amp, ">A &amp; B</text>"));
	/* The longest titles of the data: two lines, 19 px apart, broken
	 * at the last space that fits 616 px of bold 15 px DejaVu Sans. */
	ck_assert_str_eq(between(en, "font-weight=\"bold\">", "</text>"),
	    "<tspan x=\"12\" y=\"24\">HCV antibodies at entry among drug "
	    "users who ever injected,</tspan><tspan x=\"12\" y=\"43\">"
	    "Amsterdam Cohort Studies</tspan>");
	ck_assert_str_eq(between(nl, "font-weight=\"bold\">", "</text>"),
	    "<tspan x=\"12\" y=\"24\">Hcv-antistoffen bij instroom onder "
	    "drugsgebruikers die ooit</tspan><tspan x=\"12\" y=\"43\">"
	    "injecteerden, Amsterdamse Cohort Studies</tspan>");
	/* The chart grows by the second line, and its bars move down. */
	ck_assert_ptr_nonnull(strstr(en, "height=\"161\""));
	ck_assert_ptr_nonnull(strstr(one, "<text x=\"12.0\" y=\"71.0\">"
	    "Amsterdam</text>"));
	ck_assert_ptr_nonnull(strstr(en, "<text x=\"12.0\" y=\"90.0\">"
	    "Amsterdam</text>"));
	/* The credit stays at the bottom. */
	ck_assert_ptr_nonnull(strstr(en, "<text class=\"credit\" x=\"12\" "
	    "y=\"151\" font-size=\"11\">Source: A (2011)</text>"));
	/* A word wider than the line is broken between characters: 'W' is
	 * 1,103 thousandths of an em in bold, 17 px at 15 px: 36 a line. */
	memset(wide, 'W', sizeof wide - 1);
	wide[sizeof wide - 1] = '\0';
	free(one);
	one = titled_bars(wide);
	ck_assert_uint_eq(count_of(one, "<tspan "), 6);
	ck_assert_ptr_nonnull(strstr(one, "<tspan x=\"12\" y=\"24\">"
	    "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW</tspan>"));
	free(one);
	free(en);
	free(nl);
	free(amp);
}
END_TEST

/* In a line chart, what is under the title moves down by its extra
 * lines. */
START_TEST(test_line_title_wraps)
{
	char *doc = tu_doc("count", OBS("2008", "7"));
	const char *x = strstr(doc, ">X</title>");
	char *long_doc = malloc(strlen(doc) + sizeof LONG_EN);
	chart_opts o = { REEKS_EN, &words, false, "c" };
	buf b = { 0 };

	ck_assert_ptr_nonnull(x);
	ck_assert_ptr_nonnull(long_doc);
	sprintf(long_doc, "%.*s>%s%s", (int)(x - doc), doc, LONG_EN, x + 2);
	reeks_store *st = load(long_doc);
	chart_line(&b, reeks_series_find(st, "x"), &o);
	ck_assert(!b.failed);
	ck_assert_ptr_nonnull(strstr(b.data, "viewBox=\"0 0 640 419\" "
	    "width=\"640\" height=\"419\""));
	ck_assert_ptr_nonnull(strstr(b.data, "Studies</tspan></text>\n"
	    "<g transform=\"translate(0 19)\">\n<g class=\"y-axis\""));
	ck_assert_ptr_nonnull(strstr(b.data, "</g>\n</g>\n<text "
	    "class=\"credit\" x=\"12\" y=\"409\""));
	buf_free(&b);
	reeks_store_free(st);
	free(long_doc);
	free(doc);
}
END_TEST

static Suite *
chart_suite(void)
{
	Suite *s = suite_create("chart");
	TCase *tc = tcase_create("chart");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_value_ticks);
	tcase_add_test(tc, test_value_ticks_huge);
	tcase_add_test(tc, test_value_label_room);
	tcase_add_test(tc, test_time_ticks);
	tcase_add_test(tc, test_description);
	tcase_add_test(tc, test_credit);
	tcase_add_test(tc, test_stretches);
	tcase_add_test(tc, test_value_labels);
	tcase_add_test(tc, test_bars);
	tcase_add_test(tc, test_title_wraps);
	tcase_add_test(tc, test_line_title_wraps);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(chart_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
