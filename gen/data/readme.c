/*
 * readme.c: README.txt of the zip bundle and the README sheet of the
 * workbook (dataset_readme(), bundle.h): plain text wrapped at 72
 * columns, the same text for both but for what each holds.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "data/bundle.h"
#include "data/datapackage.h"
#include "gen.h"

#define WIDTH 72

#define LICENSE_TEXT "The data is under the " DATASET_LICENSE_TITLE \
	" license (CC BY 4.0, " DATASET_LICENSE_URL "): you may share and " \
	"adapt it for any purpose, if you credit this dataset and the " \
	"original source of each figure. The figures come from the " \
	"sources listed above; each excerpt is a short quotation kept as " \
	"evidence of where a figure was read."

/* Columns TEXT takes: its UTF-8 characters. */
static size_t
columns(const char *s, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

/*
 * TEXT as paragraphs wrapped at WIDTH columns, the first line starting
 * with FIRST and the others with INDENT (which should be as wide). Runs
 * of white space become one space; a word longer than a line stands on a
 * line of its own.
 */
static void
wrap(buf *b, const char *first, const char *indent, const char *text)
{
	size_t col = columns(first, strlen(first));
	bool line_empty = true;

	buf_puts(b, first);
	for (const char *p = text; *p != '\0';) {
		size_t wlen, wcols;

		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			p++;
			continue;
		}
		wlen = strcspn(p, " \t\r\n");
		wcols = columns(p, wlen);
		if (!line_empty && col + 1 + wcols > WIDTH) {
			buf_putc(b, '\n');
			buf_puts(b, indent);
			col = columns(indent, strlen(indent));
			line_empty = true;
		}
		if (!line_empty) {
			buf_putc(b, ' ');
			col++;
		}
		buf_add(b, p, wlen);
		col += wcols;
		line_empty = false;
		p += wlen;
	}
	buf_putc(b, '\n');
}

static void
heading(buf *b, const char *title)
{
	size_t n = columns(title, strlen(title));

	buf_printf(b, "\n%s\n", title);
	for (size_t i = 0; i < n; i++)
		buf_putc(b, '-');
	buf_puts(b, "\n\n");
}

/* What the workbook holds. */
static void
readme_sheets(buf *b)
{
	heading(b, "What is in this workbook");
	wrap(b, "  README  ", "          ", "this sheet");
	wrap(b, "  Data    ", "          ", "every observation, one row each, "
	    "the same rows as reeks.csv, with a frozen header row and "
	    "filters; the columns are listed below");
	buf_putc(b, '\n');
	wrap(b, "", "", "The same data is on the site as reeks.csv, reeks.xml "
	    "and reeks.json (with every series' definition, caveats, breaks "
	    "and the words each figure was read from), and in reeks.zip.");
}

static void
readme_files(buf *b)
{
	static const char *const files[][2] = {
		{ "README.txt", "this file" },
		{ "LICENSE.txt", "the license of the data (and of the code "
		  "that made it)" },
		{ "datapackage.json", "a Frictionless Data Package describing "
		  "reeks.csv: its columns, their types and meaning, its size "
		  "and SHA-256" },
		{ "reeks.csv", "every observation, one row each (RFC 4180: "
		  "UTF-8, CRLF line ends, a header row); the columns are "
		  "listed below" },
		{ "reeks.xml", "the whole dataset in the reeks XML format: "
		  "topics, geographies, sources, series with their "
		  "definitions, caveats and breaks, observations with the "
		  "words they were read from, and claims" },
		{ "reeks.json", "the same as reeks.xml, as JSON; every number "
		  "both as a JSON number and as the text the data gives "
		  "(\"value\": 33500, \"value_text\": \"33,500\")" },
		{ "reeks.xsd", "the XML Schema that reeks.xml is valid "
		  "against" },
	};

	heading(b, "What is in this bundle");
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char first[32];

		snprintf(first, sizeof first, "  %-18s", files[i][0]);
		wrap(b, first, "                    ", files[i][1]);
	}
}

/* The field named NAME, or NULL. */
static const dp_field *
field_named(const char *name)
{
	for (size_t i = 0; i < dp_field_count(); i++)
		if (strcmp(dp_field_at(i)->name, name) == 0)
			return dp_field_at(i);
	return NULL;
}

static void
readme_columns(buf *b, readme_kind kind)
{
	size_t n = kind == README_WORKBOOK ? workbook_column_count() :
	    dp_field_count();

	if (kind == README_WORKBOOK) {
		heading(b, "The columns of the Data sheet");
		wrap(b, "", "", "The columns of reeks.csv, in an order for "
		    "reading. An empty cell is a missing value. value, lower, "
		    "upper, numerator and denominator are numbers (the figure "
		    "as the source printed it), period is text, secondary is "
		    "TRUE or FALSE. Text is as the data gives it: no "
		    "apostrophe before =, +, - or @.");
	} else {
		heading(b, "The columns of reeks.csv");
		wrap(b, "", "", "An empty cell is a missing value. Numbers are "
		    "written as the source printed them, without thousands "
		    "separators (33,500 becomes 33500), with '.' as the "
		    "decimal point. The columns from series_title on are for "
		    "readers (titles, places and sources in words, the "
		    "Dutch notes); they come after the others so that "
		    "programs reading columns by position keep working.");
	}
	buf_putc(b, '\n');
	for (size_t i = 0; i < n; i++) {
		const dp_field *f = kind == README_WORKBOOK ?
		    field_named(workbook_column_at(i)) : dp_field_at(i);
		char first[32];

		if (f == NULL)
			continue;

		snprintf(first, sizeof first, "  %-16s", f->name);
		wrap(b, first, "                  ", f->description);
	}
}

static void
readme_cite(buf *b, const bundle_parts *p)
{
	time_t tt = (time_t)(p->date < 0 ? 0 : p->date);
	struct tm tm;
	int year = gmtime_r(&tt, &tm) != NULL ? tm.tm_year + 1900 : 1970;
	buf cite = { 0 };

	heading(b, "How to cite");
	wrap(b, "", "", "Cite the source of each figure: every row names it "
	    "(source_id) and the place in it (source_locator), and the full "
	    "references are listed under \"Sources\" below. Then cite this "
	    "dataset:");
	buf_putc(b, '\n');
	buf_printf(&cite, "%s (%d). %s, version %s.%s%s", DATASET_PUBLISHER,
	    year, DATASET_TITLE_EN, p->version, p->base_url != NULL ? " " : "",
	    p->base_url != NULL ? p->base_url : "");
	if (!cite.failed)
		wrap(b, "    ", "    ", cite.data);
	else
		b->failed = true;
	buf_free(&cite);
}

static void
readme_caveats(buf *b, const reeks_store *st)
{
	static const char *const general[] = {
		"Every figure is as its source printed it: not rounded, not "
		"recomputed, not corrected. Where the words were not a plain "
		"number (\"two thirds\"), they are in the printed column.",
		"The qualifier says how exact a figure is (approx, at-least, "
		"at-most); a range has lower and upper and no value.",
		"obs_status E marks an estimate; lower and upper then give "
		"its interval, and bounds says what kind (a confidence "
		"interval, a range as printed, or an uncertainty span).",
		"A secondary figure (secondary = true) is a weak one: from a "
		"news article or a repost, or one that two sources disagree "
		"on. Its note says why it was kept.",
		"A period written START/END is an interval: the source gave "
		"a span, or an imprecise date (\"early 1990s\") that the note "
		"explains.",
		"From a series break on, figures are not comparable with "
		"earlier ones (a new definition or registration). Do not "
		"compute a trend across a break.",
		"Series measuring the same thing in different places, or "
		"from different sources, may use different definitions: "
		"where two sources define a figure differently, each "
		"definition is its own series. reeks.xml and reeks.json "
		"give each series' definition.",
	};
	bool any = false;

	heading(b, "Caveats");
	for (size_t i = 0; i < sizeof general / sizeof general[0]; i++)
		wrap(b, "  - ", "    ", general[i]);
	for (size_t i = 0; i < reeks_store_series_count(st); i++) {
		const reeks_series *se = reeks_store_series_at(st, i);
		const char *caveat = reeks_series_caveat(se, REEKS_EN);
		size_t nbreaks = reeks_series_break_count(se);

		if (caveat == NULL && nbreaks == 0)
			continue;
		if (!any)
			heading(b, "Caveats of single series");
		else
			buf_putc(b, '\n');
		any = true;
		buf_printf(b, "  %s\n", reeks_series_id(se));
		wrap(b, "    ", "    ", reeks_series_title(se, REEKS_EN));
		if (caveat != NULL)
			wrap(b, "    - ", "      ", caveat);
		for (size_t j = 0; j < nbreaks; j++) {
			const reeks_break *brk = reeks_series_break_at(se, j);
			buf line = { 0 };

			buf_printf(&line, "Break in %s: %s",
			    reeks_break_period(brk),
			    reeks_break_reason(brk, REEKS_EN));
			if (line.failed)
				b->failed = true;
			else
				wrap(b, "    - ", "      ", line.data);
			buf_free(&line);
		}
	}
}

static void
readme_sources(buf *b, const reeks_store *st)
{
	heading(b, "Sources");
	for (size_t i = 0; i < reeks_store_source_count(st); i++) {
		const reeks_source *s = reeks_store_source_at(st, i);

		if (i > 0)
			buf_putc(b, '\n');
		buf_printf(b, "  [%s]\n", reeks_source_id(s));
		wrap(b, "    ", "    ", reeks_source_citation(s));
		if (reeks_source_url(s) != NULL)
			buf_printf(b, "    %s\n", reeks_source_url(s));
		if (reeks_source_license(s) != NULL)
			wrap(b, "    License: ", "    ",
			    reeks_source_license(s));
	}
}

void
bundle_readme(buf *b, const reeks_store *st, const bundle_parts *p)
{
	dataset_readme(b, st, p, README_BUNDLE);
}

void
dataset_readme(buf *b, const reeks_store *st, const bundle_parts *p,
    readme_kind kind)
{
	size_t nseries = reeks_store_series_count(st);
	size_t nobs = reeks_store_obs_count(st);
	size_t nsources = reeks_store_source_count(st);
	size_t nclaims = reeks_store_claim_count(st);
	buf intro = { 0 };

	buf_printf(b, "%s\n", DATASET_TITLE_EN);
	for (size_t i = 0; i < columns(DATASET_TITLE_EN,
	    strlen(DATASET_TITLE_EN)); i++)
		buf_putc(b, '=');
	buf_puts(b, "\n\n");
	wrap(b, "", "", DATASET_DESCRIPTION_EN);
	buf_putc(b, '\n');
	buf_printf(&intro, "Version %s. %zu series with %zu observations "
	    "from %zu sources, and %zu claims (derived figures as a source "
	    "printed them, recomputed).", p->version, nseries, nobs, nsources,
	    nclaims);
	/* A release's zip names no address: it is the same wherever it is
	 * published. */
	if (p->base_url != NULL)
		buf_printf(&intro, " Online, with a page per series: %s",
		    p->base_url);
	if (intro.failed)
		b->failed = true;
	else
		wrap(b, "", "", intro.data);
	buf_free(&intro);
	if (kind == README_WORKBOOK)
		readme_sheets(b);
	else
		readme_files(b);
	readme_columns(b, kind);
	readme_cite(b, p);
	readme_caveats(b, st);
	readme_sources(b, st);
	heading(b, "License");
	wrap(b, "", "", kind == README_BUNDLE ? LICENSE_TEXT
	    " See LICENSE.txt." : LICENSE_TEXT);
}
