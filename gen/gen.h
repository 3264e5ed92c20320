/*
 * gen.h: what the parts of the reeks command share.
 */
#ifndef REEKS_GEN_H
#define REEKS_GEN_H

#include <stdbool.h>
#include <stdio.h>

#include "util/buf.h"
#include "reeks.h"

/* What the published dataset is called in every download and catalogue. */
#define DATASET_NAME "reeks"
#define DATASET_TITLE_EN "reeks: Dutch drug-policy statistics"
#define DATASET_TITLE_NL "reeks: Nederlandse drugsbeleidsstatistieken"
#define DATASET_DESCRIPTION_EN \
	"Public-health and drug-policy statistics for the Netherlands, " \
	"each figure as its source printed it, with the source and the " \
	"place in it (section, table, page, footnote) it came from."
#define DATASET_DESCRIPTION_NL \
	"Statistieken over volksgezondheid en drugsbeleid in Nederland, " \
	"elk cijfer zoals de bron het drukte, met de bron en de plek " \
	"daarin (hoofdstuk, tabel, pagina, voetnoot) waar het vandaan komt."
#define DATASET_PUBLISHER "The reeks developers"
#define DATASET_LICENSE_ID "CC-BY-4.0"
#define DATASET_LICENSE_TITLE "Creative Commons Attribution 4.0 International"
#define DATASET_LICENSE_URL "https://creativecommons.org/licenses/by/4.0/"

/* The largest template, messages file, stylesheet or license the build
 * reads, in bytes. Each must be a regular file, not a symbolic link. */
#define INPUT_MAX 10000000

/*
 * Write every observation of ST to OUT as RFC 4180 CSV: UTF-8, CRLF line
 * ends, a header row, series in id order and observations in period
 * order. Returns 0, or -1 when writing failed (errno says why).
 */
int export_csv(const reeks_store *st, FILE *out);

/*
 * The whole-dataset exports in pieces: a head, one piece per series (in
 * the store's order) and a tail, which together are the bytes of
 * export_csv(), export_xml() or export_json() (those are these with no
 * cuts). At each cut, after the head and after each series, every byte
 * so far has been written to OUT, and CUT(ARG) is called: it returns 0,
 * or -1 with errno set to stop the export (which then returns -1). What
 * of the writer's state is pending at a cut (a start tag's '>', a
 * separating comma) goes into the next piece, so a piece's bytes are
 * always the same for the same series in the same place.
 *
 * COPY (may be NULL) is asked, right after a cut and before each series
 * but the first (whose piece holds what the head left pending), whether
 * the series' piece was copied (the previous build's bytes written and
 * the piece cut): COPY(ARG, I) returns 1 when it was, and the export
 * goes on with the next series (the writer's state after series I is
 * the one after series I - 1); 0 to make it; or -1 with errno set to
 * stop the export.
 */
typedef struct export_cuts {
	int (*cut)(void *arg);
	void *arg;
	int (*copy)(void *arg, size_t i);
} export_cuts;

/* COPY of CUTS for series I: 0 without CUTS, COPY, or for the first. */
static inline int
export_copy(const export_cuts *cuts, size_t i)
{
	if (cuts == NULL || cuts->copy == NULL || i == 0)
		return 0;
	return cuts->copy(cuts->arg, i);
}
int export_csv_pieces(const reeks_store *st, FILE *out,
    const export_cuts *cuts);
int export_xml_pieces(const reeks_store *st, FILE *out,
    const export_cuts *cuts);
int export_json_pieces(const reeks_store *st, FILE *out,
    const export_cuts *cuts);
/* The same for the observations of SE alone (a series of ST). */
int export_csv_series(const reeks_store *st, const reeks_series *se,
    FILE *out);

/* A unit for readers, in English: "per 100,000 inhabitants" (static). */
const char *dataset_unit_title(reeks_unit unit);
/* Append a short name for SRC to B: its first author ("et al." when
 * there are more) and year, "Trimbos Institute (2011)", "n.d." without
 * a year; the publisher or the id when it has no author. */
void dataset_source_name(buf *b, const reeks_source *src);

/*
 * Write ST to OUT in the reeks XML format (data/reeks.xsd): its topics,
 * geographies, sources, series and claims in id order and its change
 * log, every attribute that has a default written out. Loading the file
 * gives the same store.
 * Returns 0, or -1 when writing failed or memory ran out (errno says
 * why); OUT may then hold part of the document.
 */
int export_xml(const reeks_store *st, FILE *out);
/* The same for SE alone: its topic, its geography and the geographies
 * that one lies within, the sources its observations and claims cite,
 * and the claims whose inputs are all in SE, so the file loads on its
 * own; no change log. */
int export_xml_series(const reeks_store *st, const reeks_series *se,
    FILE *out);

/*
 * Write ST to OUT as JSON (RFC 8259, UTF-8), with the same selection as
 * export_xml():
 *
 *   { "format": "reeks-json", "format_version": 1, "name", "title",
 *     "description", "license": { "id", "title", "url" },
 *     "counts": { "topics", "geographies", "sources", "series",
 *                 "observations", "claims", "changes" },
 *     "topics", "geographies", "sources", "series", "claims",
 *     "changes": [ ... ] }
 *
 * Text in two languages is { "en": ..., "nl": ... }; an optional one is
 * null when absent in both. Each number of an observation or claim is a
 * JSON number with the same digits as the data ("33,500" gives 33500)
 * beside its text as written ("value": 33500, "value_text": "33,500");
 * absent numbers and fields are null. doc/downloads.md documents every
 * member.
 * Returns as export_xml().
 */
int export_json(const reeks_store *st, FILE *out);
int export_json_series(const reeks_store *st, const reeks_series *se,
    FILE *out);

/*
 * Append S to B as a JSON string with its quotes: '"' and '\\' escaped,
 * \n, \r and \t, other control characters (below 0x20, and 0x7f) as
 * \u00XX; UTF-8 passes through unchanged, and a byte that is not part of
 * valid UTF-8 becomes \ufffd, so the result is always valid JSON. NULL
 * appends null.
 */
void json_string(buf *b, const char *s);
/* Append TEXT, a number as the data writes it ("-33,500.25"), to B as a
 * JSON number with the same digits: no thousands commas, no leading
 * zeros. Returns false (and appends nothing) when TEXT is not such a
 * number. NULL appends null and returns true. */
bool json_number(buf *b, const char *text);

/*
 * A small JSON writer that indents by two spaces: values, arrays and
 * objects are written in order, and jw_key() names the next value inside
 * an object. Zero-initialize with .b set; nesting deeper than JW_DEPTH is
 * an error that sets B's failed flag.
 */
enum { JW_DEPTH = 16 };
typedef struct json_writer {
	buf *b;
	int depth;
	bool in_value;              /* after a key, before its value */
	bool first[JW_DEPTH + 1];   /* no member yet at this depth */
	char close[JW_DEPTH + 1];   /* '}' or ']' for each open level */
	bool line_next;             /* jw_line() called, no object since */
	int line_from;              /* the depth written on one line, or 0 */
} json_writer;

/* The next object or array, with all it holds, on one line: members
 * separated by ", " ({"period": "2008", "value": 2}). One observation a
 * line keeps a large file readable and a third the size. */
void jw_line(json_writer *w);
void jw_object(json_writer *w);
void jw_array(json_writer *w);
/* Close the innermost open object or array; a document ends with '\n'. */
void jw_end(json_writer *w);
void jw_key(json_writer *w, const char *key);
void jw_string(json_writer *w, const char *s);    /* NULL: null */
/* TEXT as json_number(); a TEXT that is not a number sets B's failed
 * flag, so that no invalid JSON is ever taken for output. */
void jw_number(json_writer *w, const char *text);
void jw_size(json_writer *w, size_t n);
/* V with 15 significant digits ("%.15g": no setlocale(), so a '.');
 * null when it is not finite. */
void jw_double(json_writer *w, double v);
void jw_bool(json_writer *w, bool v);
void jw_null(json_writer *w);

/*
 * SE's segments (reeks_series_segment_at()) as a JSON array, each with
 * its statistics at LEVEL: { "start", "end" (ISO 8601), "break" (the
 * period of the break it begins at, or null), "figures", "points",
 * "first", "last" (periods of the first and last figure used, or null),
 * "abs_change", "pct_change", "cagr", "years", "apc" ({ "estimate",
 * "lower", "upper" }) or null each, "estimated" (periods of the figures
 * used that are estimates), "left_out" ([{ "period", "reasons":
 * ["secondary", ...] }]) }. Returns false when out of memory: the
 * JSON is then cut short, and the caller must not use it.
 */
bool json_segments(json_writer *w, const reeks_series *se, double level);

/*
 * Report that standard output could not be written, ERR (an errno; 0 for
 * unknown) the reason: "reeks: cannot write to standard output: REASON"
 * on stderr, the first time only (gen/cli/main.c, which also checks stdout
 * after every command and then exits 1).
 */
void stdout_error(int err);

/*
 * 'reeks calc [OPTION]... FUNCTION NUMBER...' (gen/cli/calc.c): ARGV[0] is
 * the command's name ("calc"), the rest is parsed by gen/cli/args.c with
 * calc's table (calc --help lists the functions). Prints the result on
 * stdout; returns the exit status: 0, 1 for a value outside the
 * function's domain, 2 for a usage error.
 */
int cmd_calc(int argc, char **argv);
/* The same with the result written to OUT and messages to ERR. Never
 * exits; returns the exit status as cmd_calc(). For tests and the fuzzer
 * (tests/fuzz/calc.c). */
int calc_run(int argc, char **argv, FILE *out, FILE *err);

/*
 * 'reeks stats [--data DIR] [--format text|json] [--level L] SERIES'
 * (gen/cli/stats.c): the statistics of a series' page. ARGV[0] is the
 * command's name ("stats"); options and SERIES in any order, as
 * gen/cli/args.c parses them. Returns the exit status: 0, 1 for bad data
 * or an unknown series, 2 for a usage error.
 */
int cmd_stats(int argc, char **argv);

#endif /* REEKS_GEN_H */
