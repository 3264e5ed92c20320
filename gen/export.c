/*
 * export.c: the dataset as CSV, as XML in the reeks format, and as JSON.
 *
 * Nothing here depends on the locale: numbers are written from the text
 * the data gives them, never through printf's %f or %g.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "gen.h"

static const char *const csv_header[] = {
	"series_id", "period", "value", "lower", "upper", "bounds",
	"qualifier", "obs_status", "method", "secondary", "unit", "geography",
	"numerator", "denominator", "printed", "source_id", "source_locator",
	"note"
};

/* Write S as one CSV field: quoted when it holds a comma, quote, CR or
 * LF, with quotes doubled. NULL is an empty field. Text that starts with
 * '=', '+', '-', '@', a tab or a CR gets an apostrophe before it, so that
 * a spreadsheet shows it rather than running it as a formula (OWASP,
 * "CSV Injection"): the source's "+/- 140" would otherwise be an error
 * cell, and a hostile "=HYPERLINK(...)" a live link. Numbers are written
 * by csv_number(), never through here. */
static void
csv_field(FILE *out, const char *s, bool first)
{
	bool formula;

	if (!first)
		putc(',', out);
	if (s == NULL)
		return;
	formula = *s != '\0' && strchr("=+-@\t\r", *s) != NULL;
	if (strpbrk(s, ",\"\r\n") == NULL) {
		if (formula)
			putc('\'', out);
		fputs(s, out);
		return;
	}
	putc('"', out);
	if (formula)
		putc('\'', out);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			putc('"', out);
		putc(*s, out);
	}
	putc('"', out);
}

/* A number as written, without its thousands commas: "33,500" becomes
 * "33500", so that every tool reads it, with no digit changed. */
static void
csv_number(FILE *out, const char *text)
{
	putc(',', out);
	if (text == NULL)
		return;
	for (; *text != '\0'; text++)
		if (*text != ',')
			putc(*text, out);
}

/* The header row. */
static void
csv_header_row(FILE *out)
{
	const size_t ncols = sizeof csv_header / sizeof csv_header[0];

	for (size_t i = 0; i < ncols; i++)
		csv_field(out, csv_header[i], i == 0);
	fputs("\r\n", out);
}

/* One row per observation of SE. */
static void
csv_series_rows(FILE *out, const reeks_series *se)
{
	const char *unit = reeks_unit_name(reeks_series_unit(se));
	const char *geo = reeks_geography_id(reeks_series_geography(se));

	for (size_t j = 0; j < reeks_series_obs_count(se); j++) {
		const reeks_obs *o = reeks_series_obs_at(se, j);
		char status[2] = { reeks_obs_status(o), '\0' };
		csv_field(out, reeks_series_id(se), true);
		csv_field(out, reeks_obs_period(o), false);
		csv_number(out, reeks_obs_value_text(o));
		csv_number(out, reeks_obs_lower_text(o));
		csv_number(out, reeks_obs_upper_text(o));
		csv_field(out, reeks_obs_bounds(o), false);
		csv_field(out, reeks_qualifier_name(reeks_obs_qualifier(o)),
		    false);
		csv_field(out, status, false);
		csv_field(out, reeks_obs_method(o), false);
		csv_field(out, reeks_obs_secondary(o) ? "true" : "false",
		    false);
		csv_field(out, unit, false);
		csv_field(out, geo, false);
		csv_number(out, reeks_obs_numerator_text(o));
		csv_number(out, reeks_obs_denominator_text(o));
		csv_field(out, reeks_obs_printed(o), false);
		csv_field(out, reeks_source_id(reeks_obs_source(o)), false);
		csv_field(out, reeks_obs_locator(o), false);
		csv_field(out, reeks_obs_note(o, REEKS_EN), false);
		fputs("\r\n", out);
	}
}

static int
csv_finish(FILE *out)
{
	if (fflush(out) != 0 || ferror(out))
		return -1;
	return 0;
}

int
export_csv(const reeks_store *st, FILE *out)
{
	csv_header_row(out);
	for (size_t i = 0; i < reeks_store_series_count(st); i++)
		csv_series_rows(out, reeks_store_series_at(st, i));
	return csv_finish(out);
}

int
export_csv_series(const reeks_store *st, const reeks_series *se,
    FILE *out)
{
	(void)st;
	csv_header_row(out);
	csv_series_rows(out, se);
	return csv_finish(out);
}

/* ---------------------------------------------------------------------
 * What an export holds: the whole store, or one series with what it
 * refers to.
 * ------------------------------------------------------------------- */

typedef struct selection {
	const reeks_store *st;
	const reeks_series *only;   /* NULL: everything */
	const reeks_claim **claims; /* with ONLY: the claims that go with it */
	size_t nclaims;
} selection;

static bool sel_claim(const selection *sel, const reeks_claim *c);

/* Select everything (SE NULL) or series SE with what it refers to: its
 * claims are found once here, not once per source. Returns 0, or -1 out
 * of memory. */
static int
sel_init(selection *sel, const reeks_store *st, const reeks_series *se)
{
	size_t n = reeks_store_claim_count(st);

	*sel = (selection){ st, se, NULL, 0 };
	if (se == NULL || n == 0)
		return 0;
	if ((sel->claims = malloc(n * sizeof *sel->claims)) == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const reeks_claim *c = reeks_store_claim_at(st, i);

		if (sel_claim(sel, c))
			sel->claims[sel->nclaims++] = c;
	}
	return 0;
}

static void
sel_free(selection *sel)
{
	free(sel->claims);
}

/* EXPORT of everything (SE NULL) or of series SE to OUT. */
static int
export_selected(int (*export)(const selection *, FILE *),
    const reeks_store *st, const reeks_series *se, FILE *out)
{
	selection sel;
	int rc;

	if (sel_init(&sel, st, se) != 0) {
		errno = ENOMEM;
		return -1;
	}
	rc = export(&sel, out);
	sel_free(&sel);
	return rc;
}

/* The selected series and claims, in the store's order. */
static size_t
sel_series_count(const selection *sel)
{
	return sel->only != NULL ? 1 : reeks_store_series_count(sel->st);
}

static const reeks_series *
sel_series_at(const selection *sel, size_t i)
{
	return sel->only != NULL ? sel->only :
	    reeks_store_series_at(sel->st, i);
}

static size_t
sel_claim_count(const selection *sel)
{
	return sel->only != NULL ? sel->nclaims :
	    reeks_store_claim_count(sel->st);
}

static const reeks_claim *
sel_claim_at(const selection *sel, size_t i)
{
	return sel->only != NULL ? sel->claims[i] :
	    reeks_store_claim_at(sel->st, i);
}

static bool
sel_topic(const selection *sel, const reeks_topic *t)
{
	return sel->only == NULL || reeks_series_topic(sel->only) == t;
}

/* The series' geography, and every geography it lies within. */
static bool
sel_geography(const selection *sel, const reeks_geography *g)
{
	if (sel->only == NULL)
		return true;
	for (const reeks_geography *x = reeks_series_geography(sel->only);
	    x != NULL; x = reeks_geography_within(x))
		if (x == g)
			return true;
	return false;
}

/* A claim goes with a series when it has inputs and all are in it. */
static bool
sel_claim(const selection *sel, const reeks_claim *c)
{
	size_t n = reeks_claim_input_count(c);

	if (sel->only == NULL)
		return true;
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (reeks_obs_series(reeks_claim_input_obs(c, i)) != sel->only)
			return false;
	return true;
}

/* The change log belongs to the whole dataset, not to one series. */
static bool
sel_change(const selection *sel, const reeks_change *c)
{
	(void)c;
	return sel->only == NULL;
}

static bool
sel_source(const selection *sel, const reeks_source *src)
{
	if (sel->only == NULL)
		return true;
	for (size_t i = 0; i < reeks_series_obs_count(sel->only); i++)
		if (reeks_obs_source(reeks_series_obs_at(sel->only, i)) == src)
			return true;
	for (size_t i = 0; i < sel->nclaims; i++)
		if (reeks_claim_source(sel->claims[i]) == src)
			return true;
	return false;
}

/* ---------------------------------------------------------------------
 * XML, with libxml2's xmlTextWriter (which escapes text and attributes).
 * ------------------------------------------------------------------- */

typedef struct xml_out {
	xmlTextWriterPtr w;
	bool failed;
} xml_out;

static void
xo_start(xml_out *x, const char *name)
{
	if (!x->failed &&
	    xmlTextWriterStartElement(x->w, BAD_CAST name) < 0)
		x->failed = true;
}

static void
xo_end(xml_out *x)
{
	if (!x->failed && xmlTextWriterEndElement(x->w) < 0)
		x->failed = true;
}

/* An attribute; nothing when VALUE is NULL. */
static void
xo_attr(xml_out *x, const char *name, const char *value)
{
	if (!x->failed && value != NULL &&
	    xmlTextWriterWriteAttribute(x->w, BAD_CAST name,
	    BAD_CAST value) < 0)
		x->failed = true;
}

/* <NAME>TEXT</NAME>; nothing when TEXT is NULL. */
static void
xo_element(xml_out *x, const char *name, const char *text)
{
	if (!x->failed && text != NULL &&
	    xmlTextWriterWriteElement(x->w, BAD_CAST name,
	    BAD_CAST text) < 0)
		x->failed = true;
}

/* <NAME lang="LANG">TEXT</NAME>; nothing when TEXT is NULL. */
static void
xo_lang(xml_out *x, const char *name, const char *lang, const char *text)
{
	if (text == NULL)
		return;
	xo_start(x, name);
	xo_attr(x, "lang", lang);
	if (!x->failed && xmlTextWriterWriteString(x->w, BAD_CAST text) < 0)
		x->failed = true;
	xo_end(x);
}

/* NAME in English and Dutch, from a getter of a reeks_* object. */
#define XO_LANGS(x, name, get, obj) do { \
	xo_lang((x), (name), "en", get((obj), REEKS_EN)); \
	xo_lang((x), (name), "nl", get((obj), REEKS_NL)); \
} while (0)

static void
xml_topic(xml_out *x, const reeks_topic *t)
{
	xo_start(x, "topic");
	xo_attr(x, "id", reeks_topic_id(t));
	XO_LANGS(x, "title", reeks_topic_title, t);
	XO_LANGS(x, "description", reeks_topic_description, t);
	xo_end(x);
}

static void
xml_geography(xml_out *x, const reeks_geography *g)
{
	const reeks_geography *within = reeks_geography_within(g);

	xo_start(x, "geography");
	xo_attr(x, "id", reeks_geography_id(g));
	xo_attr(x, "scope", reeks_geography_scope(g));
	if (within != NULL)
		xo_attr(x, "within", reeks_geography_id(within));
	XO_LANGS(x, "name", reeks_geography_name, g);
	xo_end(x);
}

static void
xml_source(xml_out *x, const reeks_source *s)
{
	xo_start(x, "source");
	xo_attr(x, "id", reeks_source_id(s));
	xo_attr(x, "kind", reeks_source_kind(s));
	for (size_t i = 0; i < reeks_source_author_count(s); i++)
		xo_element(x, "author", reeks_source_author_at(s, i));
	xo_element(x, "title", reeks_source_title(s));
	xo_element(x, "publisher", reeks_source_publisher(s));
	xo_element(x, "container", reeks_source_container(s));
	xo_element(x, "volume", reeks_source_volume(s));
	xo_element(x, "pages", reeks_source_pages(s));
	xo_element(x, "year", reeks_source_year(s));
	xo_element(x, "issued", reeks_source_issued(s));
	xo_element(x, "url", reeks_source_url(s));
	xo_element(x, "license", reeks_source_license(s));
	xo_element(x, "citation", reeks_source_citation(s));
	XO_LANGS(x, "note", reeks_source_note, s);
	xo_end(x);
}

static void
xml_obs(xml_out *x, const reeks_obs *o)
{
	char status[2] = { reeks_obs_status(o), '\0' };

	xo_start(x, "obs");
	xo_attr(x, "period", reeks_obs_period(o));
	xo_attr(x, "value", reeks_obs_value_text(o));
	xo_attr(x, "lower", reeks_obs_lower_text(o));
	xo_attr(x, "upper", reeks_obs_upper_text(o));
	xo_attr(x, "qualifier", reeks_qualifier_name(reeks_obs_qualifier(o)));
	xo_attr(x, "status", status);
	xo_attr(x, "printed", reeks_obs_printed(o));
	xo_attr(x, "bounds", reeks_obs_bounds(o));
	xo_attr(x, "method", reeks_obs_method(o));
	xo_attr(x, "secondary", reeks_obs_secondary(o) ? "true" : "false");
	xo_attr(x, "numerator", reeks_obs_numerator_text(o));
	xo_attr(x, "denominator", reeks_obs_denominator_text(o));
	xo_attr(x, "source", reeks_source_id(reeks_obs_source(o)));
	xo_attr(x, "at", reeks_obs_locator(o));
	xo_element(x, "excerpt", reeks_obs_excerpt(o));
	XO_LANGS(x, "note", reeks_obs_note, o);
	xo_end(x);
}

static void
xml_series(xml_out *x, const reeks_series *se)
{
	xo_start(x, "series");
	xo_attr(x, "id", reeks_series_id(se));
	xo_attr(x, "topic", reeks_topic_id(reeks_series_topic(se)));
	xo_attr(x, "indicator", reeks_series_indicator(se));
	xo_attr(x, "unit", reeks_unit_name(reeks_series_unit(se)));
	xo_attr(x, "geography",
	    reeks_geography_id(reeks_series_geography(se)));
	XO_LANGS(x, "title", reeks_series_title, se);
	XO_LANGS(x, "description", reeks_series_description, se);
	if (reeks_series_breakdown_dimension(se) != NULL) {
		xo_start(x, "breakdown");
		xo_attr(x, "dimension", reeks_series_breakdown_dimension(se));
		xo_attr(x, "value", reeks_series_breakdown_value(se));
		XO_LANGS(x, "label", reeks_series_breakdown_label, se);
		xo_end(x);
	}
	XO_LANGS(x, "definition", reeks_series_definition, se);
	XO_LANGS(x, "caveat", reeks_series_caveat, se);
	for (size_t i = 0; i < reeks_series_break_count(se); i++) {
		const reeks_break *b = reeks_series_break_at(se, i);

		xo_start(x, "break");
		xo_attr(x, "period", reeks_break_period(b));
		XO_LANGS(x, "reason", reeks_break_reason, b);
		xo_end(x);
	}
	for (size_t i = 0; i < reeks_series_obs_count(se); i++)
		xml_obs(x, reeks_series_obs_at(se, i));
	xo_end(x);
}

static void
xml_claim(xml_out *x, const reeks_claim *c)
{
	xo_start(x, "claim");
	xo_attr(x, "id", reeks_claim_id(c));
	xo_attr(x, "operation", reeks_claim_operation(c));
	xo_attr(x, "value", reeks_claim_value_text(c));
	xo_attr(x, "printed", reeks_claim_printed(c));
	xo_attr(x, "source", reeks_source_id(reeks_claim_source(c)));
	xo_attr(x, "at", reeks_claim_locator(c));
	xo_element(x, "excerpt", reeks_claim_excerpt(c));
	for (size_t i = 0; i < reeks_claim_input_count(c); i++) {
		const reeks_obs *o = reeks_claim_input_obs(c, i);

		xo_start(x, "input");
		xo_attr(x, "series", reeks_series_id(reeks_obs_series(o)));
		xo_attr(x, "period", reeks_obs_period(o));
		xo_attr(x, "field", reeks_claim_input_field(c, i));
		xo_end(x);
	}
	XO_LANGS(x, "note", reeks_claim_note, c);
	xo_end(x);
}

static void
xml_change(xml_out *x, const reeks_change *c)
{
	xo_start(x, "change");
	xo_attr(x, "id", reeks_change_id(c));
	xo_attr(x, "date", reeks_change_date(c));
	XO_LANGS(x, "title", reeks_change_title, c);
	XO_LANGS(x, "summary", reeks_change_summary, c);
	xo_end(x);
}

/*
 * Where libxml2's output goes: FILE F, through our own write callback. A
 * failed write is kept (its errno) and the callback still reports success,
 * so that libxml2 never sees an I/O error and never prints its own "I/O
 * error : ..." lines (it would, from its generic error handler, on a full
 * disk); the caller reports ERR once, with the file's name. After a
 * failure nothing more is written.
 */
typedef struct xml_sink {
	FILE *f;
	int err;                /* errno of the first failed write, or 0 */
} xml_sink;

static int
xml_sink_write(void *ctx, const char *data, int len)
{
	xml_sink *s = ctx;

	if (s->err == 0 && len > 0) {
		errno = 0;
		if (fwrite(data, 1, (size_t)len, s->f) != (size_t)len)
			s->err = errno != 0 ? errno : EIO;
	}
	return len;
}

static int
xml_export(const selection *sel, FILE *out)
{
	const reeks_store *st = sel->st;
	/* Written to OUT as it goes, so that a big dataset is never held
	 * whole in memory. */
	xml_sink sink = { out, 0 };
	xmlOutputBufferPtr ob = xmlOutputBufferCreateIO(xml_sink_write, NULL,
	    &sink, NULL);
	xml_out x = { NULL, false };
	int rc = -1;

	if (ob == NULL || (x.w = xmlNewTextWriter(ob)) == NULL) {
		if (ob != NULL)
			xmlOutputBufferClose(ob);
		errno = ENOMEM;
		goto out;
	}
	if (xmlTextWriterSetIndent(x.w, 1) < 0 ||
	    xmlTextWriterSetIndentString(x.w, BAD_CAST "  ") < 0 ||
	    xmlTextWriterStartDocument(x.w, "1.0", "UTF-8", NULL) < 0 ||
	    xmlTextWriterWriteComment(x.w, BAD_CAST " reeks dataset: valid "
	    "against reeks.xsd (the reeks data format, version 1) ") < 0)
		x.failed = true;
	xo_start(&x, "reeks");
	xo_attr(&x, "version", "1");
	for (size_t i = 0; i < reeks_store_topic_count(st); i++)
		if (sel_topic(sel, reeks_store_topic_at(st, i)))
			xml_topic(&x, reeks_store_topic_at(st, i));
	for (size_t i = 0; i < reeks_store_geography_count(st); i++)
		if (sel_geography(sel, reeks_store_geography_at(st, i)))
			xml_geography(&x, reeks_store_geography_at(st, i));
	for (size_t i = 0; i < reeks_store_source_count(st); i++)
		if (sel_source(sel, reeks_store_source_at(st, i)))
			xml_source(&x, reeks_store_source_at(st, i));
	for (size_t i = 0; i < sel_series_count(sel); i++)
		xml_series(&x, sel_series_at(sel, i));
	for (size_t i = 0; i < sel_claim_count(sel); i++)
		xml_claim(&x, sel_claim_at(sel, i));
	for (size_t i = 0; i < reeks_store_change_count(st); i++)
		if (sel_change(sel, reeks_store_change_at(st, i)))
			xml_change(&x, reeks_store_change_at(st, i));
	xo_end(&x);
	if (x.failed || xmlTextWriterEndDocument(x.w) < 0) {
		errno = sink.err != 0 ? sink.err : ENOMEM;
		goto out;
	}
	xmlFreeTextWriter(x.w);     /* flushes into OUT (not closed) */
	x.w = NULL;
	errno = 0;
	if (sink.err != 0 || fflush(out) != 0 || ferror(out)) {
		errno = sink.err != 0 ? sink.err : errno != 0 ? errno : EIO;
		goto out;
	}
	rc = 0;
out:
	if (x.w != NULL)
		xmlFreeTextWriter(x.w);
	return rc;
}

int
export_xml(const reeks_store *st, FILE *out)
{
	return export_selected(xml_export, st, NULL, out);
}

int
export_xml_series(const reeks_store *st, const reeks_series *se,
    FILE *out)
{
	return export_selected(xml_export, st, se, out);
}

/* ---------------------------------------------------------------------
 * JSON.
 * ------------------------------------------------------------------- */

void
json_string(buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;

	if (s == NULL) {
		buf_puts(b, "null");
		return;
	}
	buf_putc(b, '"');
	while (*p != '\0') {
		const unsigned char *run = p;
		size_t n;

		/* Printable ASCII that needs no escape, in one piece. */
		while (*p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\')
			p++;
		if (p > run) {
			buf_add(b, (const char *)run, (size_t)(p - run));
			continue;
		}
		n = reeks_utf8_len((const char *)p,
		    strnlen((const char *)p, 4));
		if (n == 0) {
			buf_puts(b, "\\ufffd");
			p++;
			continue;
		}
		if (n > 1) {
			buf_add(b, (const char *)p, n);
			p += n;
			continue;
		}
		switch (*p) {
		case '"': buf_puts(b, "\\\""); break;
		case '\\': buf_puts(b, "\\\\"); break;
		case '\n': buf_puts(b, "\\n"); break;
		case '\r': buf_puts(b, "\\r"); break;
		case '\t': buf_puts(b, "\\t"); break;
		default:
			if (*p < 0x20 || *p == 0x7f) {
				char esc[7] = { '\\', 'u', '0', '0',
				    hex[*p >> 4], hex[*p & 0xf], '\0' };
				buf_puts(b, esc);
			} else
				buf_putc(b, (char)*p);
		}
		p++;
	}
	buf_putc(b, '"');
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

bool
json_number(buf *b, const char *text)
{
	const char *p = text, *int_start;
	size_t int_digits = 0;

	if (text == NULL) {
		buf_puts(b, "null");
		return true;
	}
	/* Check the whole text first, so nothing is appended on failure. */
	if (*p == '-')
		p++;
	int_start = p;
	for (; is_digit(*p) || *p == ','; p++) {
		if (*p == ',' && (p == int_start || !is_digit(p[-1]) ||
		    !is_digit(p[1])))
			return false;
		if (*p != ',')
			int_digits++;
	}
	if (int_digits == 0)
		return false;
	if (*p == '.') {
		if (!is_digit(*++p))
			return false;
		while (is_digit(*p))
			p++;
	}
	if (*p != '\0')
		return false;
	/* Write it: no commas, no leading zeros before another digit. */
	p = text;
	if (*p == '-')
		buf_putc(b, *p++);
	bool leading = true;
	for (; is_digit(*p) || *p == ','; p++) {
		if (*p == ',')
			continue;
		if (leading && *p == '0' && int_digits > 1) {
			int_digits--;
			continue;
		}
		leading = false;
		buf_putc(b, *p);
	}
	buf_puts(b, p);     /* the fraction, if any */
	return true;
}

void
jw_line(json_writer *w)
{
	w->line_next = true;
}

/* Inside a one-line object or array? */
static bool
jw_in_line(const json_writer *w)
{
	return w->line_from > 0 && w->depth >= w->line_from;
}

static void
jw_newline(json_writer *w)
{
	if (jw_in_line(w)) {
		buf_putc(w->b, ' ');
		return;
	}
	buf_putc(w->b, '\n');
	for (int i = 0; i < w->depth; i++)
		buf_puts(w->b, "  ");
}

/* Before a value: the separator and the indent, unless a key went first. */
static void
jw_before(json_writer *w)
{
	if (w->in_value) {
		w->in_value = false;
		return;
	}
	if (w->depth == 0)
		return;
	if (!w->first[w->depth]) {
		buf_putc(w->b, ',');
		jw_newline(w);
	} else if (!jw_in_line(w))
		jw_newline(w);
	w->first[w->depth] = false;
}

static void
jw_open(json_writer *w, char open, char close)
{
	jw_before(w);
	if (w->depth >= JW_DEPTH) {
		w->b->failed = true;
		return;
	}
	buf_putc(w->b, open);
	w->depth++;
	w->first[w->depth] = true;
	w->close[w->depth] = close;
	if (w->line_next && w->line_from == 0)
		w->line_from = w->depth;
	w->line_next = false;
}

void jw_object(json_writer *w) { jw_open(w, '{', '}'); }
void jw_array(json_writer *w) { jw_open(w, '[', ']'); }

void
jw_end(json_writer *w)
{
	if (w->depth <= 0) {
		w->b->failed = true;
		return;
	}
	bool newline = !w->first[w->depth] && !jw_in_line(w);
	char close = w->close[w->depth];

	w->depth--;
	if (w->line_from > w->depth)     /* the one-line object ends */
		w->line_from = 0;
	if (newline)
		jw_newline(w);
	buf_putc(w->b, close);
	if (w->depth == 0)
		buf_putc(w->b, '\n');
}

void
jw_key(json_writer *w, const char *key)
{
	jw_before(w);
	json_string(w->b, key);
	buf_puts(w->b, ": ");
	w->in_value = true;
}

void
jw_string(json_writer *w, const char *s)
{
	jw_before(w);
	json_string(w->b, s);
}

void
jw_number(json_writer *w, const char *text)
{
	jw_before(w);
	if (!json_number(w->b, text))
		w->b->failed = true;
}

void
jw_size(json_writer *w, size_t n)
{
	jw_before(w);
	buf_printf(w->b, "%zu", n);
}

void
jw_bool(json_writer *w, bool v)
{
	jw_before(w);
	buf_puts(w->b, v ? "true" : "false");
}

void
jw_null(json_writer *w)
{
	jw_before(w);
	buf_puts(w->b, "null");
}

/* KEY: { "en": EN, "nl": NL }, or null when both are NULL and OPTIONAL. */
static void
json_langs(json_writer *w, const char *key, const char *en, const char *nl,
    bool optional)
{
	jw_key(w, key);
	if (optional && en == NULL && nl == NULL) {
		jw_null(w);
		return;
	}
	jw_object(w);
	jw_key(w, "en");
	jw_string(w, en);
	jw_key(w, "nl");
	jw_string(w, nl);
	jw_end(w);
}

#define JSON_LANGS(w, key, get, obj, optional) \
	json_langs((w), (key), get((obj), REEKS_EN), get((obj), REEKS_NL), \
	    (optional))

/* KEY and KEY_text: a number and its text as written. */
static void
json_num(json_writer *w, const char *key, const char *text)
{
	char textkey[64];

	jw_key(w, key);
	jw_number(w, text);
	snprintf(textkey, sizeof textkey, "%s_text", key);
	jw_key(w, textkey);
	jw_string(w, text);
}

/* A reeks_date as ISO 8601: "2008", "2008-10" or "2008-10-01". */
static void
date_text(char *dst, size_t len, reeks_date d)
{
	if (d.month == 0)
		snprintf(dst, len, "%04d", d.year);
	else if (d.day == 0)
		snprintf(dst, len, "%04d-%02d", d.year, d.month);
	else
		snprintf(dst, len, "%04d-%02d-%02d", d.year, d.month, d.day);
}

static void
json_topic(json_writer *w, const reeks_topic *t)
{
	jw_object(w);
	jw_key(w, "id");
	jw_string(w, reeks_topic_id(t));
	JSON_LANGS(w, "title", reeks_topic_title, t, false);
	JSON_LANGS(w, "description", reeks_topic_description, t, true);
	jw_end(w);
}

static void
json_geography(json_writer *w, const reeks_geography *g)
{
	const reeks_geography *within = reeks_geography_within(g);

	jw_object(w);
	jw_key(w, "id");
	jw_string(w, reeks_geography_id(g));
	jw_key(w, "scope");
	jw_string(w, reeks_geography_scope(g));
	jw_key(w, "within");
	jw_string(w, within != NULL ? reeks_geography_id(within) : NULL);
	JSON_LANGS(w, "name", reeks_geography_name, g, false);
	jw_end(w);
}

static void
json_source(json_writer *w, const reeks_source *s)
{
	static const struct {
		const char *key;
		const char *(*get)(const reeks_source *);
	} fields[] = {
		{ "title", reeks_source_title },
		{ "publisher", reeks_source_publisher },
		{ "container", reeks_source_container },
		{ "volume", reeks_source_volume },
		{ "pages", reeks_source_pages },
		{ "year", reeks_source_year },
		{ "issued", reeks_source_issued },
		{ "url", reeks_source_url },
		{ "license", reeks_source_license },
		{ "citation", reeks_source_citation },
	};

	jw_object(w);
	jw_key(w, "id");
	jw_string(w, reeks_source_id(s));
	jw_key(w, "kind");
	jw_string(w, reeks_source_kind(s));
	jw_key(w, "authors");
	jw_array(w);
	for (size_t i = 0; i < reeks_source_author_count(s); i++)
		jw_string(w, reeks_source_author_at(s, i));
	jw_end(w);
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		jw_key(w, fields[i].key);
		jw_string(w, fields[i].get(s));
	}
	JSON_LANGS(w, "note", reeks_source_note, s, true);
	jw_end(w);
}

static void
json_obs(json_writer *w, const reeks_obs *o)
{
	char status[2] = { reeks_obs_status(o), '\0' };
	char date[16];

	jw_line(w);
	jw_object(w);
	jw_key(w, "period");
	jw_string(w, reeks_obs_period(o));
	date_text(date, sizeof date, reeks_obs_period_start(o));
	jw_key(w, "start");
	jw_string(w, date);
	date_text(date, sizeof date, reeks_obs_period_end(o));
	jw_key(w, "end");
	jw_string(w, date);
	json_num(w, "value", reeks_obs_value_text(o));
	json_num(w, "lower", reeks_obs_lower_text(o));
	json_num(w, "upper", reeks_obs_upper_text(o));
	jw_key(w, "bounds");
	jw_string(w, reeks_obs_bounds(o));
	jw_key(w, "qualifier");
	jw_string(w, reeks_qualifier_name(reeks_obs_qualifier(o)));
	jw_key(w, "status");
	jw_string(w, status);
	jw_key(w, "method");
	jw_string(w, reeks_obs_method(o));
	jw_key(w, "secondary");
	jw_bool(w, reeks_obs_secondary(o));
	json_num(w, "numerator", reeks_obs_numerator_text(o));
	json_num(w, "denominator", reeks_obs_denominator_text(o));
	jw_key(w, "printed");
	jw_string(w, reeks_obs_printed(o));
	jw_key(w, "source");
	jw_string(w, reeks_source_id(reeks_obs_source(o)));
	jw_key(w, "locator");
	jw_string(w, reeks_obs_locator(o));
	jw_key(w, "excerpt");
	jw_string(w, reeks_obs_excerpt(o));
	JSON_LANGS(w, "note", reeks_obs_note, o, true);
	jw_end(w);
}

static void
json_series(json_writer *w, const reeks_series *se)
{
	jw_object(w);
	jw_key(w, "id");
	jw_string(w, reeks_series_id(se));
	JSON_LANGS(w, "title", reeks_series_title, se, false);
	JSON_LANGS(w, "description", reeks_series_description, se, false);
	jw_key(w, "topic");
	jw_string(w, reeks_topic_id(reeks_series_topic(se)));
	jw_key(w, "indicator");
	jw_string(w, reeks_series_indicator(se));
	jw_key(w, "unit");
	jw_string(w, reeks_unit_name(reeks_series_unit(se)));
	jw_key(w, "geography");
	jw_string(w, reeks_geography_id(reeks_series_geography(se)));
	jw_key(w, "breakdown");
	if (reeks_series_breakdown_dimension(se) == NULL)
		jw_null(w);
	else {
		jw_object(w);
		jw_key(w, "dimension");
		jw_string(w, reeks_series_breakdown_dimension(se));
		jw_key(w, "value");
		jw_string(w, reeks_series_breakdown_value(se));
		JSON_LANGS(w, "label", reeks_series_breakdown_label, se,
		    false);
		jw_end(w);
	}
	JSON_LANGS(w, "definition", reeks_series_definition, se, true);
	JSON_LANGS(w, "caveat", reeks_series_caveat, se, true);
	jw_key(w, "breaks");
	jw_array(w);
	for (size_t i = 0; i < reeks_series_break_count(se); i++) {
		const reeks_break *b = reeks_series_break_at(se, i);

		jw_object(w);
		jw_key(w, "period");
		jw_string(w, reeks_break_period(b));
		JSON_LANGS(w, "reason", reeks_break_reason, b, false);
		jw_end(w);
	}
	jw_end(w);
	jw_key(w, "observations");
	jw_array(w);
	for (size_t i = 0; i < reeks_series_obs_count(se); i++)
		json_obs(w, reeks_series_obs_at(se, i));
	jw_end(w);
	jw_end(w);
}

static const char *
verdict_name(reeks_claim_verdict v)
{
	switch (v) {
	case REEKS_CLAIM_HOLDS: return "holds";
	case REEKS_CLAIM_DOES_NOT_HOLD: return "does-not-hold";
	case REEKS_CLAIM_NOT_VERIFIABLE: return "not-verifiable";
	}
	return NULL;
}

static void
json_claim(json_writer *w, const reeks_claim *c)
{
	jw_object(w);
	jw_key(w, "id");
	jw_string(w, reeks_claim_id(c));
	jw_key(w, "operation");
	jw_string(w, reeks_claim_operation(c));
	json_num(w, "value", reeks_claim_value_text(c));
	jw_key(w, "printed");
	jw_string(w, reeks_claim_printed(c));
	jw_key(w, "source");
	jw_string(w, reeks_source_id(reeks_claim_source(c)));
	jw_key(w, "locator");
	jw_string(w, reeks_claim_locator(c));
	jw_key(w, "excerpt");
	jw_string(w, reeks_claim_excerpt(c));
	jw_key(w, "inputs");
	jw_array(w);
	for (size_t i = 0; i < reeks_claim_input_count(c); i++) {
		const reeks_obs *o = reeks_claim_input_obs(c, i);

		jw_object(w);
		jw_key(w, "series");
		jw_string(w, reeks_series_id(reeks_obs_series(o)));
		jw_key(w, "period");
		jw_string(w, reeks_obs_period(o));
		jw_key(w, "field");
		jw_string(w, reeks_claim_input_field(c, i));
		jw_end(w);
	}
	jw_end(w);
	jw_key(w, "verdict");
	jw_string(w, verdict_name(reeks_claim_verdict_of(c)));
	JSON_LANGS(w, "note", reeks_claim_note, c, true);
	jw_end(w);
}

static void
json_change(json_writer *w, const reeks_change *c)
{
	jw_object(w);
	jw_key(w, "id");
	jw_string(w, reeks_change_id(c));
	jw_key(w, "date");
	jw_string(w, reeks_change_date(c));
	JSON_LANGS(w, "title", reeks_change_title, c, false);
	JSON_LANGS(w, "summary", reeks_change_summary, c, false);
	jw_end(w);
}

/* How many of the store's items of one kind SEL holds. */
#define SEL_COUNT(sel, kind, n) do { \
	(n) = 0; \
	for (size_t i_ = 0; i_ < reeks_store_##kind##_count((sel)->st); i_++) \
		if (sel_##kind((sel), reeks_store_##kind##_at((sel)->st, i_))) \
			(n)++; \
} while (0)

static int
json_export(const selection *sel, FILE *out)
{
	const reeks_store *st = sel->st;
	buf b = { 0 };
	json_writer w = { .b = &b };
	size_t ntopics, ngeos, nsources, nseries, nclaims, nchanges;
	size_t nobs = 0;
	int rc = -1;

	SEL_COUNT(sel, topic, ntopics);
	SEL_COUNT(sel, geography, ngeos);
	SEL_COUNT(sel, source, nsources);
	nseries = sel_series_count(sel);
	nclaims = sel_claim_count(sel);
	SEL_COUNT(sel, change, nchanges);
	for (size_t i = 0; i < nseries; i++)
		nobs += reeks_series_obs_count(sel_series_at(sel, i));

	jw_object(&w);
	jw_key(&w, "format");
	jw_string(&w, "reeks-json");
	jw_key(&w, "format_version");
	jw_size(&w, 1);
	jw_key(&w, "name");
	jw_string(&w, DATASET_NAME);
	json_langs(&w, "title", DATASET_TITLE_EN, DATASET_TITLE_NL, false);
	json_langs(&w, "description", DATASET_DESCRIPTION_EN,
	    DATASET_DESCRIPTION_NL, false);
	jw_key(&w, "license");
	jw_object(&w);
	jw_key(&w, "id");
	jw_string(&w, DATASET_LICENSE_ID);
	jw_key(&w, "title");
	jw_string(&w, DATASET_LICENSE_TITLE);
	jw_key(&w, "url");
	jw_string(&w, DATASET_LICENSE_URL);
	jw_end(&w);
	jw_key(&w, "counts");
	jw_object(&w);
	jw_key(&w, "topics");
	jw_size(&w, ntopics);
	jw_key(&w, "geographies");
	jw_size(&w, ngeos);
	jw_key(&w, "sources");
	jw_size(&w, nsources);
	jw_key(&w, "series");
	jw_size(&w, nseries);
	jw_key(&w, "observations");
	jw_size(&w, nobs);
	jw_key(&w, "claims");
	jw_size(&w, nclaims);
	jw_key(&w, "changes");
	jw_size(&w, nchanges);
	jw_end(&w);

	jw_key(&w, "topics");
	jw_array(&w);
	for (size_t i = 0; i < reeks_store_topic_count(st); i++)
		if (sel_topic(sel, reeks_store_topic_at(st, i)))
			json_topic(&w, reeks_store_topic_at(st, i));
	jw_end(&w);
	jw_key(&w, "geographies");
	jw_array(&w);
	for (size_t i = 0; i < reeks_store_geography_count(st); i++)
		if (sel_geography(sel, reeks_store_geography_at(st, i)))
			json_geography(&w, reeks_store_geography_at(st, i));
	jw_end(&w);
	jw_key(&w, "sources");
	jw_array(&w);
	for (size_t i = 0; i < reeks_store_source_count(st); i++)
		if (sel_source(sel, reeks_store_source_at(st, i)))
			json_source(&w, reeks_store_source_at(st, i));
	jw_end(&w);
	jw_key(&w, "series");
	jw_array(&w);
	for (size_t i = 0; i < nseries; i++) {
		json_series(&w, sel_series_at(sel, i));
		/* Written to OUT as it goes, so that a big dataset is never
		 * held whole in memory. */
		if (b.len >= (1u << 20) && !b.failed) {
			if (fwrite(b.data, 1, b.len, out) != b.len)
				goto out;
			buf_reset(&b);
		}
	}
	jw_end(&w);
	jw_key(&w, "claims");
	jw_array(&w);
	for (size_t i = 0; i < nclaims; i++)
		json_claim(&w, sel_claim_at(sel, i));
	jw_end(&w);
	jw_key(&w, "changes");
	jw_array(&w);
	for (size_t i = 0; i < reeks_store_change_count(st); i++)
		if (sel_change(sel, reeks_store_change_at(st, i)))
			json_change(&w, reeks_store_change_at(st, i));
	jw_end(&w);
	jw_end(&w);

	if (b.failed || w.depth != 0) {
		errno = ENOMEM;
		goto out;
	}
	if (fwrite(b.data, 1, b.len, out) != b.len || fflush(out) != 0 ||
	    ferror(out))
		goto out;
	rc = 0;
out:
	buf_free(&b);
	return rc;
}

int
export_json(const reeks_store *st, FILE *out)
{
	return export_selected(json_export, st, NULL, out);
}

int
export_json_series(const reeks_store *st, const reeks_series *se,
    FILE *out)
{
	return export_selected(json_export, st, se, out);
}
