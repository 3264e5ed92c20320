/*
 * load.c: read a data directory into a store.
 *
 * Each file goes through three stages, and a file that fails one stage is
 * not looked at by the next:
 *   1. parse: well-formed UTF-8 XML, no DOCTYPE (so no DTD, no entities,
 *      no external references), no network;
 *   2. validate against the compiled-in schema (data/reeks.xsd);
 *   3. read into the store, checking what the schema cannot: periods,
 *      numbers against their unit, bounds, both languages.
 * The three run together, in one pass over the file (load_file()), and a
 * file with a problem at any stage takes back what the later stages did
 * with it, so the result is as if they ran one after the other. Files may
 * be read on several threads (reeks_store_load_jobs()), each taken whole
 * by one, and what each added is taken in file order.
 * When every file is read, references between files are resolved and ids
 * checked for uniqueness. Every problem becomes a diagnostic.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include "internal.h"

static const char *const lang_codes[2] = { "en", "nl" };
static const char *const lang_names[2] = { "English", "Dutch" };

/* The extra record of every observation that has none (internal.h). */
const obs_extra obs_no_extra;

static const char *const unit_names[] = {
	"count", "persons", "places", "percent", "per-100k", "per-100py",
	"eur", "eur-million"
};

static const char *const qualifier_names[] = {
	"exact", "approx", "at-least", "at-most", "range"
};

/* A growable array of items, used while loading. */
typedef struct ptrvec {
	item **items;
	size_t n;
	size_t cap;
} ptrvec;

typedef struct loader {
	reeks_diags *diags;
	reeks_store *st;
	const char *file;          /* the file being read (arena copy) */
	bool nomem;
	bool doctype;              /* the parser met a DOCTYPE */
	bool xml_error;            /* the parser reported an error */
	unsigned long schema_errors;
	ptrvec topics, geographies, sources, series, claims, changes;
	/* Texts that repeat (periods, places in sources, source ids), kept
	 * once: an open-addressing set of strings in the store. */
	const char **strs;
	size_t nstrs, strs_cap;
} loader;

/* How many geographies may lie above one through 'within' (a district in
 * a city in a region in a country is 3): a series' download repeats its
 * geography and each one above it. */
enum { WITHIN_MAX = 16 };

/* The deepest nesting the parser allows (libxml2's default), and room
 * for the element that goes one deeper and fails. */
enum { STREAM_DEPTH = 256 + 2 };

/*
 * The parse of one file, in one pass (see load_file()). The SAX callbacks
 * find it as CURRENT: the schema layer hands them its own pointer, not
 * the parser context.
 */
typedef struct stream {
	loader *ld;
	xmlParserCtxtPtr ctxt;
	endElementNsSAX2Func plug_end;  /* the schema layer's end handler */
	int depth;                      /* of the innermost open element */
	unsigned long lines[STREAM_DEPTH];  /* start line by depth */
	bool ending;                    /* the schema checks an element end */
	unsigned long ending_line;      /* that element's start line */
	xmlNodePtr done;                /* a top-level element just ended */
	/* Text held back until the next other event, so that the schema
	 * layer gets each run of text in one piece: it appends piece by
	 * piece with xmlStrncat, quadratic on a 10 MB text. */
	char *text;
	size_t text_len, text_cap;
	charactersSAXFunc plug_text;
	startElementNsSAX2Func plug_start;
	commentSAXFunc plug_comment;
	processingInstructionSAXFunc plug_pi;
	referenceSAXFunc plug_reference;
	endDocumentSAXFunc plug_end_document;
	bool bad_version;               /* the root's version is not 1 */
	const char *version;
	unsigned long version_line;
} stream;

static _Thread_local stream *current;

static bool
ptrvec_push(loader *ld, ptrvec *v, item *p)
{
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 32;
		item **items = realloc(v->items, cap * sizeof *items);

		if (items == NULL) {
			ld->nomem = true;
			return false;
		}
		v->items = items;
		v->cap = cap;
	}
	v->items[v->n++] = p;
	return true;
}

__attribute__((format(printf, 4, 5)))
static void
report(loader *ld, reeks_diag_kind kind, unsigned long line,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(ld->diags, REEKS_ERROR, kind, ld->file, line, fmt, ap);
	va_end(ap);
}

/* libxml2 messages end in a newline and may run on over lines: keep the
 * first line, without trailing white space. */
static void
report_xml_at(loader *ld, reeks_diag_kind kind, const xmlError *err,
    unsigned long line, const char *prefix)
{
	const char *msg = err->message != NULL ? err->message : "error";
	size_t len = strcspn(msg, "\n");

	while (len > 0 && (msg[len - 1] == ' ' || msg[len - 1] == '\t'))
		len--;
	report(ld, kind, line, "%s%.*s", prefix, (int)len, msg);
}

static void
report_xml(loader *ld, reeks_diag_kind kind, const xmlError *err,
    const char *prefix)
{
	report_xml_at(ld, kind, err,
	    (unsigned long)(err->line > 0 ? err->line : 0), prefix);
}

/* ---- stage 1: parse -------------------------------------------------- */

/* libxml2's messages for its safety limits name parser options; say what
 * is wrong with the file instead. */
static const struct {
	const char *phrase;     /* in libxml2's message */
	const char *message;
} xml_limits[] = {
	{ "Excessive depth in document",
	    "malformed XML: elements nested deeper than 256 levels" },
	{ "AttValue length too long",
	    "malformed XML: an attribute value longer than 10,000,000 bytes" },
	{ "Huge input lookup",
	    "malformed XML: an attribute value or text longer than "
	    "10,000,000 bytes" },
	{ "xmlSAX2Characters: huge text node",
	    "malformed XML: a text longer than 10,000,000 bytes" },
};

static void
on_parse_error(void *data, xmlErrorPtr err)
{
	loader *ld = current != NULL ? current->ld : NULL;

	(void)data;     /* the schema layer's, not the parser context */
	if (ld != NULL && err->code == XML_ERR_NO_MEMORY) {
		ld->nomem = true;
		return;
	}
	/* Only the first error of a file: later ones follow from it. */
	if (ld == NULL || ld->xml_error || ld->doctype ||
	    err->level < XML_ERR_ERROR)
		return;
	ld->xml_error = true;
	if (err->code == XML_ERR_INVALID_CHAR ||
	    err->code == XML_ERR_INVALID_ENCODING)
		report(ld, REEKS_DIAG_XML, (unsigned long)err->line,
		    "text is not valid UTF-8 (or holds a character XML "
		    "does not allow)");
	else if (err->code == XML_ERR_DOCUMENT_EMPTY)
		report(ld, REEKS_DIAG_XML, (unsigned long)err->line,
		    "malformed XML: no XML element found");
	else {
		for (size_t i = 0; i < sizeof xml_limits / sizeof *xml_limits;
		    i++) {
			if (err->message != NULL &&
			    strstr(err->message, xml_limits[i].phrase) != NULL) {
				report(ld, REEKS_DIAG_XML,
				    (unsigned long)err->line, "%s",
				    xml_limits[i].message);
				return;
			}
		}
		report_xml(ld, REEKS_DIAG_XML, err, "malformed XML: ");
	}
}

static void
on_doctype(void *data, const xmlChar *name, const xmlChar *external_id,
    const xmlChar *system_id)
{
	xmlParserCtxtPtr ctxt = data;
	loader *ld = ctxt->_private;

	(void)name;
	(void)external_id;
	(void)system_id;
	ld->doctype = true;
	report(ld, REEKS_DIAG_SECURITY,
	    (unsigned long)(ctxt->input != NULL ? ctxt->input->line : 0),
	    "DOCTYPE is not allowed: data files may not declare a DTD, "
	    "entities or external references");
	xmlStopParser(ctxt);
}

/* Anything libxml2 reports outside a context we set up: never printed,
 * kept as a diagnostic. */
static void
on_stray_error(void *data, xmlErrorPtr err)
{
	loader *ld = data;

	if (err->code == XML_ERR_NO_MEMORY)
		ld->nomem = true;
	else if (err->level >= XML_ERR_ERROR)
		report_xml(ld, REEKS_DIAG_XML, err, "");
}

__attribute__((format(printf, 2, 3)))
static void
on_generic_error(void *data, const char *fmt, ...)
{
	(void)data;
	(void)fmt;
	/* Generic messages come in fragments; the structured handler has
	 * the whole error. Drop them rather than print. */
}

/* A data file as the parser reads it, in pieces: no file is ever held
 * whole (libxml2 would copy a whole one once more). */
typedef struct input {
	FILE *f;
	int err;                    /* errno of a failed read, or 0 */
} input;

static int
input_read(void *ctx, char *dst, int len)
{
	input *in = ctx;
	size_t n = fread(dst, 1, (size_t)len, in->f);

	if (n == 0 && ferror(in->f)) {
		in->err = errno != 0 ? errno : EIO;
		return -1;
	}
	return (int)n;
}

static int
input_close(void *ctx)
{
	(void)ctx;                  /* load_file() closes the file */
	return 0;
}

/*
 * Open the regular file PATH for reading, its size in *SIZE. Returns the
 * stream, or NULL after reporting why not. Anything but a regular file (a
 * FIFO, a device such as /dev/zero, a directory) is refused before a
 * byte is read: the open does not block and nothing is read without end.
 */
static FILE *
open_file(loader *ld, const char *path, off_t *size)
{
	char msg[256];
	long long n;
	int fd = reeks_file_open(path, 0, 0, &n, msg, sizeof msg);
	FILE *f;

	if (fd < 0) {
		report(ld, REEKS_DIAG_IO, 0, "%s", msg);
		return NULL;
	}
	if ((f = fdopen(fd, "rb")) == NULL) {
		report(ld, REEKS_DIAG_IO, 0, "cannot read: %s",
		    strerror(errno));
		close(fd);
		return NULL;
	}
	setvbuf(f, NULL, _IOFBF, 1 << 16);
	*size = (off_t)n;
	return f;
}

/* ---- stage 2: validate ----------------------------------------------- */

/* What each pattern of the schema means, for messages about a value that
 * does not match it; libxml2 would only quote the regular expression. */
static const struct {
	const char *pattern;
	const char *meaning;
} pattern_meanings[] = {
	{ "[a-z0-9\\-]+", "is not a valid id: use lowercase letters a-z, "
	    "digits and '-'" },
	{ "-?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\\.[0-9]+)?", "is not a number: "
	    "write digits with optional ',' thousands groups and '.' "
	    "decimals (no exponent, NaN or infinity)" },
	{ "[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?(/[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?)?",
	    "is not an ISO 8601 period: write YYYY, YYYY-MM, YYYY-MM-DD or "
	    "START/END" },
	{ "[0-9]{4}", "is not a year: write YYYY" },
	{ "https?://[^\\s<>\"]+", "is not an http or https URL" },
};

static void
on_schema_error(void *data, xmlErrorPtr err)
{
	loader *ld = data;
	const char *msg = err->message != NULL ? err->message : "";
	const char *facet = strstr(msg, "[facet 'pattern'] The value '");
	unsigned long line = (unsigned long)(err->line > 0 ? err->line : 0);
	const char *tail = facet != NULL ?
	    strstr(facet, "' is not accepted by the pattern '") : NULL;

	if (err->level < XML_ERR_ERROR)
		return;
	if (err->code == XML_ERR_NO_MEMORY)
		ld->nomem = true;
	ld->schema_errors++;
	if (tail != NULL) {
		const char *value = facet + strlen("[facet 'pattern'] The "
		    "value '");
		const char *pat = tail + strlen("' is not accepted by the "
		    "pattern '");
		size_t patlen = strcspn(pat, "\n");

		if (patlen >= 2 && pat[patlen - 1] == '.')
			patlen -= 2;    /* the closing "'." */
		for (size_t i = 0; i < sizeof pattern_meanings /
		    sizeof pattern_meanings[0]; i++) {
			if (strlen(pattern_meanings[i].pattern) != patlen ||
			    strncmp(pattern_meanings[i].pattern, pat,
			    patlen) != 0)
				continue;
			report(ld, REEKS_DIAG_SCHEMA, line,
			    "schema: %.*s'%.*s' %s", (int)(facet - msg), msg,
			    (int)(tail - value), value,
			    pattern_meanings[i].meaning);
			return;
		}
	}
	report_xml_at(ld, REEKS_DIAG_SCHEMA, err, line, "schema: ");
}

/* ---- stage 3: read --------------------------------------------------- */

static bool
is_element(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0;
}

static unsigned long
line_of(const xmlNode *n)
{
	long line = xmlGetLineNo(n);

	return line > 0 ? (unsigned long)line : 0;
}

/* A copy of S in the store with runs of white space made one space and
 * the ends trimmed. NULL when out of memory. */
static const char *
keep_normalized(loader *ld, const char *s)
{
	size_t len = strlen(s);
	char *p = len == SIZE_MAX ? NULL :
	    arena_alloc_text(&ld->st->mem, len + 1), *q = p;
	bool space = false;

	if (p == NULL) {
		ld->nomem = true;
		return NULL;
	}
	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			space = q != p;
			continue;
		}
		if (space)
			*q++ = ' ';
		space = false;
		*q++ = *s;
	}
	*q = '\0';
	return p;
}

static const char *attr(loader *ld, const xmlNode *n, const char *name);

static size_t
str_hash(const char *s)
{
	size_t h = 14695981039346656037u;   /* FNV-1a */

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

/* P (just made by keep_normalized() from LEN + 1 bytes) or the equal
 * text kept before it, whose bytes P then gives back. */
static const char *
intern(loader *ld, const char *p, size_t len)
{
	size_t i;

	if (p == NULL)
		return NULL;
	if (2 * (ld->nstrs + 1) > ld->strs_cap) {
		size_t cap = ld->strs_cap ? 2 * ld->strs_cap : 1024;
		const char **slots = calloc(cap, sizeof *slots);

		if (slots == NULL)
			return p;       /* kept, not shared: still right */
		for (size_t j = 0; j < ld->strs_cap; j++) {
			if (ld->strs[j] == NULL)
				continue;
			for (i = str_hash(ld->strs[j]) & (cap - 1);
			    slots[i] != NULL; i = (i + 1) & (cap - 1))
				;
			slots[i] = ld->strs[j];
		}
		free(ld->strs);
		ld->strs = slots;
		ld->strs_cap = cap;
	}
	for (i = str_hash(p) & (ld->strs_cap - 1); ld->strs[i] != NULL;
	    i = (i + 1) & (ld->strs_cap - 1))
		if (strcmp(ld->strs[i], p) == 0) {
			arena_give_back(&ld->st->mem, (void *)(uintptr_t)p,
			    len + 1);
			return ld->strs[i];
		}
	ld->strs[i] = p;
	ld->nstrs++;
	return p;
}

/* Where attribute NAME of N is one text node, that text, in place; ""
 * for an empty one; NULL otherwise (absent, or in pieces). */
static const char *
attr_in_place(const xmlNode *n, const char *name)
{
	for (const xmlAttr *a = n->properties; a != NULL; a = a->next) {
		if (a->ns != NULL || strcmp((const char *)a->name, name) != 0)
			continue;
		if (a->children == NULL)
			return "";
		if (a->children->next == NULL &&
		    a->children->type == XML_TEXT_NODE &&
		    a->children->content != NULL)
			return (const char *)a->children->content;
		break;
	}
	return NULL;
}

/* The text of element N where it is one text node, in place; "" for an
 * empty element; NULL otherwise (in pieces). */
static const char *
text_in_place(const xmlNode *n)
{
	if (n->children == NULL)
		return "";
	if (n->children->next == NULL && n->children->type == XML_TEXT_NODE &&
	    n->children->content != NULL)
		return (const char *)n->children->content;
	return NULL;
}

/* keep_normalized() for a text that repeats: kept once in the store. */
static const char *
keep_shared(loader *ld, const char *s)
{
	return intern(ld, keep_normalized(ld, s), strlen(s));
}

/* attr(), for a text that repeats. */
static const char *
attr_shared(loader *ld, const xmlNode *n, const char *name)
{
	const char *v = attr_in_place(n, name);

	return v != NULL ? keep_shared(ld, v) : attr(ld, n, name);
}

/* The attribute NAME of N, kept in the store, or NULL when absent. */
static const char *
attr(loader *ld, const xmlNode *n, const char *name)
{
	const char *in_place = attr_in_place(n, name);
	xmlChar *v;
	const char *copy;

	/* Most values are one text node: read it where it is, without the
	 * copy xmlGetNoNsProp() makes (a malloc and a free for each of
	 * millions of attributes). */
	if (in_place != NULL)
		return keep_normalized(ld, in_place);
	if ((v = xmlGetNoNsProp(n, (const xmlChar *)name)) == NULL)
		return NULL;
	copy = keep_normalized(ld, (const char *)v);
	xmlFree(v);
	return copy;
}

/* The text of element N, white space normalized, kept in the store. */
static const char *
text_of(loader *ld, const xmlNode *n)
{
	const char *in_place = text_in_place(n);
	xmlChar *v;
	const char *copy;

	/* One text node, the usual case: no copy (see attr()). */
	if (in_place != NULL)
		return keep_normalized(ld, in_place);
	if ((v = xmlNodeGetContent(n)) == NULL) {
		ld->nomem = true;
		return NULL;
	}
	copy = keep_normalized(ld, (const char *)v);
	xmlFree(v);
	return copy;
}

/* text_of() for a text that repeats (titles, notes): kept once. */
static const char *
text_shared(loader *ld, const xmlNode *n)
{
	const char *in_place = text_in_place(n);

	return in_place != NULL ? keep_shared(ld, in_place) : text_of(ld, n);
}

/* The text of the first child element NAME of N, or NULL. */
static const char *
child_text(loader *ld, const xmlNode *n, const char *name)
{
	for (const xmlNode *c = n->children; c != NULL; c = c->next)
		if (is_element(c, name))
			return text_of(ld, c);
	return NULL;
}

/*
 * Read the child elements NAME of N, one per language, into OUT. WHAT
 * names N in messages ("series 'x'"). When REQUIRED, both languages must
 * be there; otherwise both or neither.
 */
static void
read_text2(loader *ld, const xmlNode *n, const char *name, text2 *out,
    bool required, const char *what)
{
	unsigned long lines[2] = { 0, 0 };

	for (const xmlNode *c = n->children; c != NULL; c = c->next) {
		if (!is_element(c, name))
			continue;
		const char *lang = attr_shared(ld, c, "lang");
		int i = lang != NULL && strcmp(lang, "nl") == 0;
		const char *t = text_shared(ld, c);

		if (lang == NULL || t == NULL)
			continue;
		if (out->lang[i] != NULL) {
			report(ld, REEKS_DIAG_DATA, line_of(c),
			    "%s has a second <%s lang=\"%s\"> (first at "
			    "line %lu)", what, name, lang_codes[i], lines[i]);
			continue;
		}
		if (*t == '\0')
			report(ld, REEKS_DIAG_DATA, line_of(c),
			    "%s has an empty <%s lang=\"%s\">", what, name,
			    lang_codes[i]);
		out->lang[i] = t;
		lines[i] = line_of(c);
	}
	for (int i = 0; i < 2; i++) {
		if (out->lang[i] != NULL)
			continue;
		if (required)
			report(ld, REEKS_DIAG_DATA, line_of(n),
			    "%s has no <%s lang=\"%s\"> (%s %s)", what, name,
			    lang_codes[i], lang_names[i], name);
		else if (out->lang[1 - i] != NULL)
			report(ld, REEKS_DIAG_DATA, lines[1 - i],
			    "%s has <%s lang=\"%s\"> but no <%s lang=\"%s\">"
			    " (%s)", what, name, lang_codes[1 - i], name,
			    lang_codes[i], lang_names[i]);
	}
}

/* "series 'x'": what a message is about, written into BUF. Ids are at
 * most 100 bytes. */
enum { WHAT_LEN = 160 };

static const char *
what_of(char buf[WHAT_LEN], const char *kind, const char *id)
{
	snprintf(buf, WHAT_LEN, "%s '%s'", kind, id != NULL ? id : "");
	return buf;
}

static void
read_topic(loader *ld, const xmlNode *n)
{
	reeks_topic *t = arena_alloc(&ld->st->mem, sizeof *t);

	if (t == NULL || (t->base.id = attr(ld, n, "id")) == NULL) {
		ld->nomem = true;
		return;
	}
	t->base.file = ld->file;
	t->base.line = line_of(n);
	char what[WHAT_LEN];

	what_of(what, "topic", t->base.id);
	read_text2(ld, n, "title", &t->title, true, what);
	read_text2(ld, n, "description", &t->description, false, what);
	ptrvec_push(ld, &ld->topics, &t->base);
}

static void
read_geography(loader *ld, const xmlNode *n)
{
	reeks_geography *g = arena_alloc(&ld->st->mem, sizeof *g);

	if (g == NULL || (g->base.id = attr(ld, n, "id")) == NULL) {
		ld->nomem = true;
		return;
	}
	g->scope = attr(ld, n, "scope");
	g->within_id = attr(ld, n, "within");
	g->base.file = ld->file;
	g->base.line = line_of(n);
	char what[WHAT_LEN];

	read_text2(ld, n, "name", &g->name, true,
	    what_of(what, "geography", g->base.id));
	ptrvec_push(ld, &ld->geographies, &g->base);
}

static void
read_source(loader *ld, const xmlNode *n)
{
	reeks_source *s = arena_alloc(&ld->st->mem, sizeof *s);
	size_t nauthors = 0;

	if (s == NULL || (s->base.id = attr(ld, n, "id")) == NULL) {
		ld->nomem = true;
		return;
	}
	s->kind = attr(ld, n, "kind");
	s->base.file = ld->file;
	s->base.line = line_of(n);
	for (const xmlNode *c = n->children; c != NULL; c = c->next)
		nauthors += is_element(c, "author");
	s->authors = arena_alloc(&ld->st->mem,
	    (nauthors ? nauthors : 1) * sizeof *s->authors);
	if (s->authors == NULL) {
		ld->nomem = true;
		return;
	}
	for (const xmlNode *c = n->children; c != NULL; c = c->next)
		if (is_element(c, "author"))
			s->authors[s->nauthors++] = text_of(ld, c);
	s->title = child_text(ld, n, "title");
	s->publisher = child_text(ld, n, "publisher");
	s->container = child_text(ld, n, "container");
	s->volume = child_text(ld, n, "volume");
	s->pages = child_text(ld, n, "pages");
	s->year = child_text(ld, n, "year");
	s->issued = child_text(ld, n, "issued");
	s->url = child_text(ld, n, "url");
	s->license = child_text(ld, n, "license");
	s->citation = child_text(ld, n, "citation");
	char what[WHAT_LEN];

	what_of(what, "source", s->base.id);
	read_text2(ld, n, "note", &s->note, false, what);
	if (s->issued != NULL) {
		reeks_date a, b;
		bool interval;
		const char *err = period_parse(s->issued, &a, &b, &interval);

		if (err != NULL || interval)
			report(ld, REEKS_DIAG_DATA, line_of(n),
			    "%s: invalid <issued> '%s': %s", what, s->issued,
			    err != NULL ? err : "must be a single date");
	}
	ptrvec_push(ld, &ld->sources, &s->base);
}

/* Read attribute NAME of N as a number into OUT; report a bad one. */
static void
read_number(loader *ld, const xmlNode *n, const char *name, number *out)
{
	out->text = attr(ld, n, name);
	if (out->text == NULL)
		return;
	if (!value_parse(out->text, &out->v)) {
		report(ld, REEKS_DIAG_DATA, line_of(n),
		    "%s '%s' is not a finite number", name, out->text);
		out->v = 0;
	}
}

/* Check number N (attribute NAME) against UNIT. */
static void
check_unit(loader *ld, unsigned long line, const char *name,
    const number *n, reeks_unit unit)
{
	const char *u = unit_names[unit];

	if (n->text == NULL)
		return;
	switch (unit) {
	case REEKS_UNIT_PERCENT:
		if (n->v < 0 || n->v > 100)
			report(ld, REEKS_DIAG_DATA, line,
			    "%s '%s' is outside 0 to 100 (unit %s)", name,
			    n->text, u);
		break;
	case REEKS_UNIT_COUNT:
	case REEKS_UNIT_PERSONS:
	case REEKS_UNIT_PLACES:
		if (n->v < 0)
			report(ld, REEKS_DIAG_DATA, line,
			    "%s '%s' is negative (unit %s)", name, n->text,
			    u);
		else if (!value_is_whole(n->text))
			report(ld, REEKS_DIAG_DATA, line,
			    "%s '%s' is not a whole number (unit %s)", name,
			    n->text, u);
		break;
	case REEKS_UNIT_PER_100K:
	case REEKS_UNIT_PER_100PY:
	case REEKS_UNIT_EUR:
	case REEKS_UNIT_EUR_MILLION:
		if (n->v < 0)
			report(ld, REEKS_DIAG_DATA, line,
			    "%s '%s' is negative (unit %s)", name, n->text,
			    u);
		break;
	}
}

static int
lookup(const char *const *names, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (s != NULL && strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

static void
read_obs(loader *ld, const xmlNode *n, reeks_series *se, reeks_obs *o)
{
	unsigned long line = line_of(n);
	const char *q, *st, *err;
	obs_extra x = { 0 };
	reeks_date start = { 0, 0, 0 }, end = { 0, 0, 0 };

	o->x = &obs_no_extra;
	o->line = line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;
	o->period = attr_shared(ld, n, "period");
	if (o->period == NULL)
		return;
	if ((err = period_parse(o->period, &start, &end, &o->interval)) !=
	    NULL)
		report(ld, REEKS_DIAG_DATA, line, "invalid period '%s': %s",
		    o->period, err);
	o->start = date_pack(start);
	o->end = date_pack(end);
	read_number(ld, n, "value", &o->value);
	read_number(ld, n, "lower", &x.lower);
	read_number(ld, n, "upper", &x.upper);
	read_number(ld, n, "numerator", &x.numerator);
	read_number(ld, n, "denominator", &x.denominator);
	x.printed = attr(ld, n, "printed");
	x.bounds = attr_shared(ld, n, "bounds");
	x.method = attr_shared(ld, n, "method");
	const char *sec = attr_shared(ld, n, "secondary");
	o->secondary = sec != NULL && (strcmp(sec, "true") == 0 ||
	    strcmp(sec, "1") == 0);
	q = attr_shared(ld, n, "qualifier");
	o->qualifier = q == NULL ? REEKS_QUAL_EXACT :
	    (unsigned char)lookup(qualifier_names, 5, q);
	st = attr_shared(ld, n, "status");
	o->status = st == NULL ? 'A' : st[0];
	o->source_id = attr_shared(ld, n, "source");
	o->locator = attr_shared(ld, n, "at");
	o->excerpt = child_text(ld, n, "excerpt");

	char what[WHAT_LEN];

	what_of(what, "observation", o->period);
	read_text2(ld, n, "note", &x.note, false, what);
	if (o->locator != NULL && *o->locator == '\0')
		report(ld, REEKS_DIAG_DATA, line,
		    "%s has an empty source location (at=\"\")", what);
	if (o->excerpt != NULL && *o->excerpt == '\0')
		report(ld, REEKS_DIAG_DATA, line, "%s has an empty <excerpt>",
		    what);

	check_unit(ld, line, "value", &o->value, se->unit);
	check_unit(ld, line, "lower", &x.lower, se->unit);
	check_unit(ld, line, "upper", &x.upper, se->unit);

	bool has_v = o->value.text != NULL, has_l = x.lower.text != NULL,
	    has_u = x.upper.text != NULL;
	if (o->status == 'M') {
		if (has_v || has_l || has_u)
			report(ld, REEKS_DIAG_DATA, line,
			    "status 'M' (missing) must not have a value or "
			    "bounds");
	} else if (o->qualifier == REEKS_QUAL_RANGE) {
		if (!has_l || !has_u)
			report(ld, REEKS_DIAG_DATA, line,
			    "qualifier 'range' needs both lower and upper");
	} else if (!has_v) {
		report(ld, REEKS_DIAG_DATA, line,
		    "value is missing: only a range (qualifier=\"range\") or "
		    "a missing observation (status=\"M\") may leave it out");
	}
	if (has_l != has_u && o->qualifier != REEKS_QUAL_RANGE)
		report(ld, REEKS_DIAG_DATA, line,
		    "lower and upper must be given together");
	if (x.bounds != NULL && !(has_l && has_u))
		report(ld, REEKS_DIAG_DATA, line,
		    "bounds=\"%s\" needs both lower and upper", x.bounds);
	else if (x.bounds == NULL && has_l && has_u)
		x.bounds = o->qualifier == REEKS_QUAL_RANGE ? "range" :
		    "uncertainty";
	if (x.method != NULL && o->status != 'E')
		report(ld, REEKS_DIAG_DATA, line,
		    "method '%s' is for estimates: add status=\"E\"",
		    x.method);
	if (o->secondary && x.note.lang[0] == NULL && x.note.lang[1] == NULL)
		report(ld, REEKS_DIAG_DATA, line,
		    "secondary %s needs a <note> in both languages saying why "
		    "it is weak", what);
	if (has_l && has_u && x.lower.v > x.upper.v)
		report(ld, REEKS_DIAG_DATA, line,
		    "lower '%s' is greater than upper '%s'", x.lower.text,
		    x.upper.text);
	if (has_v && has_l && o->value.v < x.lower.v)
		report(ld, REEKS_DIAG_DATA, line,
		    "value '%s' is below lower '%s'", o->value.text,
		    x.lower.text);
	if (has_v && has_u && o->value.v > x.upper.v)
		report(ld, REEKS_DIAG_DATA, line,
		    "value '%s' is above upper '%s'", o->value.text,
		    x.upper.text);

	const number *num = &x.numerator, *den = &x.denominator;
	check_unit(ld, line, "numerator", num, REEKS_UNIT_COUNT);
	check_unit(ld, line, "denominator", den, REEKS_UNIT_COUNT);
	if (den->text != NULL && den->v == 0)
		report(ld, REEKS_DIAG_DATA, line,
		    "denominator '%s' must be greater than 0", den->text);
	if (num->text != NULL && den->text != NULL && num->v > den->v)
		report(ld, REEKS_DIAG_DATA, line,
		    "numerator '%s' is greater than denominator '%s'",
		    num->text, den->text);
	if (x.lower.text != NULL || x.upper.text != NULL ||
	    x.numerator.text != NULL || x.denominator.text != NULL ||
	    x.printed != NULL || x.bounds != NULL || x.method != NULL ||
	    x.note.lang[0] != NULL || x.note.lang[1] != NULL) {
		obs_extra *kept = arena_alloc(&ld->st->mem, sizeof *kept);

		if (kept == NULL) {
			ld->nomem = true;
			return;
		}
		*kept = x;
		o->x = kept;
	}
}

static int
obs_cmp(const void *pa, const void *pb)
{
	const reeks_obs *a = pa, *b = pb;
	int c = date_cmp(date_unpack(a->start), date_unpack(b->start), false);

	if (c == 0)
		c = date_cmp(date_unpack(a->end), date_unpack(b->end), true);
	if (c == 0)
		c = strcmp(a->period, b->period);
	if (c == 0)
		c = a->line < b->line ? -1 : a->line > b->line;
	return c;
}

static int
break_cmp(const void *pa, const void *pb)
{
	const reeks_break *a = pa, *b = pb;
	int c = date_cmp(a->start, b->start, false);

	return c != 0 ? c : (a->line < b->line ? -1 : a->line > b->line);
}

/* Read the <break> elements of series N into SE. */
static void
read_breaks(loader *ld, const xmlNode *n, reeks_series *se, const char *what)
{
	size_t count = 0;

	for (const xmlNode *c = n->children; c != NULL; c = c->next)
		count += is_element(c, "break");
	if (count == 0)
		return;
	se->breaks = arena_alloc(&ld->st->mem, count * sizeof *se->breaks);
	if (se->breaks == NULL) {
		ld->nomem = true;
		return;
	}
	for (const xmlNode *c = n->children; c != NULL; c = c->next) {
		if (!is_element(c, "break"))
			continue;
		reeks_break *b = &se->breaks[se->nbreaks++];
		reeks_date end;
		bool interval = false;
		const char *err;

		b->line = line_of(c);
		b->period = attr(ld, c, "period");
		if (b->period == NULL)
			continue;
		err = period_parse(b->period, &b->start, &end, &interval);
		if (err != NULL || interval)
			report(ld, REEKS_DIAG_DATA, b->line,
			    "%s: invalid break period '%s': %s", what,
			    b->period, err != NULL ? err :
			    "a break is a point in time, not an interval");
		char what_br[WHAT_LEN];

		read_text2(ld, c, "reason", &b->reason, true,
		    what_of(what_br, "break in series", se->base.id));
	}
	qsort(se->breaks, se->nbreaks, sizeof *se->breaks, break_cmp);
	for (size_t i = 1; i < se->nbreaks; i++)
		if (se->breaks[i].period != NULL &&
		    se->breaks[i - 1].period != NULL &&
		    strcmp(se->breaks[i].period, se->breaks[i - 1].period) == 0)
			report(ld, REEKS_DIAG_DATA, se->breaks[i].line,
			    "%s has a second break at '%s' (first at line %lu)",
			    what, se->breaks[i].period,
			    se->breaks[i - 1].line);
}

static void
read_series(loader *ld, const xmlNode *n)
{
	reeks_series *se = arena_alloc(&ld->st->mem, sizeof *se);
	const char *unit;
	size_t nobs = 0;

	if (se == NULL || (se->base.id = attr(ld, n, "id")) == NULL) {
		ld->nomem = true;
		return;
	}
	se->base.file = ld->file;
	se->base.line = line_of(n);
	se->topic_id = attr(ld, n, "topic");
	se->indicator = attr(ld, n, "indicator");
	se->geography_id = attr(ld, n, "geography");
	unit = attr(ld, n, "unit");
	se->unit = (reeks_unit)lookup(unit_names,
	    sizeof unit_names / sizeof unit_names[0], unit);

	char what[WHAT_LEN];

	what_of(what, "series", se->base.id);
	read_text2(ld, n, "title", &se->title, true, what);
	read_text2(ld, n, "description", &se->description, true, what);
	read_text2(ld, n, "definition", &se->definition, false, what);
	read_text2(ld, n, "caveat", &se->caveat, false, what);
	read_breaks(ld, n, se, what);
	for (const xmlNode *c = n->children; c != NULL; c = c->next) {
		if (is_element(c, "breakdown")) {
			se->breakdown_dimension = attr(ld, c, "dimension");
			se->breakdown_value = attr(ld, c, "value");
			char what_bd[WHAT_LEN];

			read_text2(ld, c, "label", &se->breakdown_label, true,
			    what_of(what_bd, "breakdown of series",
			    se->base.id));
		}
		nobs += is_element(c, "obs");
	}
	se->obs = arena_alloc(&ld->st->mem, (nobs ? nobs : 1) *
	    sizeof *se->obs);
	if (se->obs == NULL) {
		ld->nomem = true;
		return;
	}
	for (const xmlNode *c = n->children; c != NULL; c = c->next)
		if (is_element(c, "obs"))
			read_obs(ld, c, se, &se->obs[se->nobs++]);
	qsort(se->obs, se->nobs, sizeof *se->obs, obs_cmp);
	for (size_t i = 0; i < se->nobs; i++) {
		se->obs[i].series = se;
		if (i > 0 && se->obs[i].period != NULL &&
		    se->obs[i - 1].period != NULL &&
		    strcmp(se->obs[i].period, se->obs[i - 1].period) == 0) {
			/* Sorted by line among equals: report the later. */
			report(ld, REEKS_DIAG_DATA, se->obs[i].line,
			    "duplicate period '%s' in series '%s' (also at "
			    "line %lu)", se->obs[i].period, se->base.id,
			    (unsigned long)se->obs[i - 1].line);
		}
	}
	ptrvec_push(ld, &ld->series, &se->base);
}

/* Decimals of a number as written: "66" has 0, "41.2" has 1. */
static int
decimals_of(const char *text)
{
	const char *dot = strchr(text, '.');

	return dot == NULL ? 0 : (int)strlen(dot + 1);
}

static void
read_claim(loader *ld, const xmlNode *n)
{
	reeks_claim *c = arena_alloc(&ld->st->mem, sizeof *c);
	size_t ninputs = 0;

	if (c == NULL || (c->base.id = attr(ld, n, "id")) == NULL) {
		ld->nomem = true;
		return;
	}
	c->base.file = ld->file;
	c->base.line = line_of(n);
	c->operation = attr(ld, n, "operation");
	read_number(ld, n, "value", &c->value);
	c->decimals = c->value.text != NULL ? decimals_of(c->value.text) : 0;
	c->printed = attr(ld, n, "printed");
	c->source_id = attr(ld, n, "source");
	c->locator = attr(ld, n, "at");
	c->excerpt = child_text(ld, n, "excerpt");
	char what[WHAT_LEN];

	what_of(what, "claim", c->base.id);
	read_text2(ld, n, "note", &c->note, false, what);
	for (const xmlNode *i = n->children; i != NULL; i = i->next)
		ninputs += is_element(i, "input");
	if (ninputs > 0) {
		c->inputs = arena_alloc(&ld->st->mem,
		    ninputs * sizeof *c->inputs);
		if (c->inputs == NULL) {
			ld->nomem = true;
			return;
		}
	}
	for (const xmlNode *i = n->children; i != NULL; i = i->next) {
		if (!is_element(i, "input"))
			continue;
		claim_input *in = &c->inputs[c->ninputs++];
		const char *field = attr(ld, i, "field");

		in->series_id = attr(ld, i, "series");
		in->period = attr(ld, i, "period");
		in->field = field != NULL ? field : "value";
		in->line = line_of(i);
	}
	if (c->locator != NULL && *c->locator == '\0')
		report(ld, REEKS_DIAG_DATA, c->base.line,
		    "%s has an empty source location (at=\"\")", what);
	if (c->ninputs != 0 && c->ninputs != 2)
		report(ld, REEKS_DIAG_DATA, c->base.line,
		    "%s has %zu <input>: %s needs two (A and B)", what,
		    c->ninputs, c->operation != NULL ? c->operation : "");
	else if (c->ninputs == 0 && c->note.lang[0] == NULL &&
	    c->note.lang[1] == NULL)
		report(ld, REEKS_DIAG_DATA, c->base.line,
		    "%s has no <input>: add the two observations it derives "
		    "from, or a <note> in both languages saying why it cannot "
		    "be recomputed", what);
	ptrvec_push(ld, &ld->claims, &c->base);
}

static void
read_change(loader *ld, const xmlNode *n)
{
	reeks_change *c = arena_alloc(&ld->st->mem, sizeof *c);
	reeks_date end;
	bool interval;
	const char *err;

	if (c == NULL || (c->base.id = attr(ld, n, "id")) == NULL) {
		ld->nomem = true;
		return;
	}
	c->base.file = ld->file;
	c->base.line = line_of(n);
	c->date = attr(ld, n, "date");
	char what[WHAT_LEN];

	what_of(what, "change", c->base.id);
	if (c->date != NULL && (err = period_parse(c->date, &c->when, &end,
	    &interval)) != NULL)
		report(ld, REEKS_DIAG_DATA, c->base.line,
		    "%s: invalid date '%s': %s", what, c->date, err);
	read_text2(ld, n, "title", &c->title, true, what);
	read_text2(ld, n, "summary", &c->summary, true, what);
	ptrvec_push(ld, &ld->changes, &c->base);
}

static int
change_cmp(const void *pa, const void *pb)
{
	const reeks_change *a = *(reeks_change *const *)pa;
	const reeks_change *b = *(reeks_change *const *)pb;
	int c = strcmp(a->date != NULL ? a->date : "",
	    b->date != NULL ? b->date : "");

	return c != 0 ? c : strcmp(a->base.id, b->base.id);
}

/* A top-level element of a valid file, into the store. */
static void
read_top(loader *ld, const xmlNode *c)
{
	if (is_element(c, "topic"))
		read_topic(ld, c);
	else if (is_element(c, "geography"))
		read_geography(ld, c);
	else if (is_element(c, "source"))
		read_source(ld, c);
	else if (is_element(c, "series"))
		read_series(ld, c);
	else if (is_element(c, "claim"))
		read_claim(ld, c);
	else if (is_element(c, "change"))
		read_change(ld, c);
}

/* ---- one file, in one pass -------------------------------------------- */

/* Has the file met no problem so far? Only then is an element read. */
static bool
stream_ok(const stream *s)
{
	const loader *ld = s->ld;

	return !ld->xml_error && !ld->doctype && ld->schema_errors == 0 &&
	    !s->bad_version && !ld->nomem;
}

/* libxml2's tree builder, counting depth; the root's version is checked
 * as soon as the root starts. */
static void
tree_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
    int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
	stream *s = current;
	xmlNodePtr node;

	xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces,
	    namespaces, nb_attributes, nb_defaulted, attributes);
	node = s->ctxt->node;
	s->depth++;
	if (s->depth > 0 && s->depth < STREAM_DEPTH)
		s->lines[s->depth] = node != NULL ? line_of(node) :
		    (unsigned long)s->ctxt->input->line;
	if (s->depth == 1 && node != NULL) {
		s->version = attr(s->ld, node, "version");
		s->version_line = line_of(node);
		s->bad_version = s->version == NULL ||
		    strcmp(s->version, "1") != 0;
	}
}

static void
tree_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *uri)
{
	stream *s = current;
	xmlNodePtr node = s->ctxt->node;

	xmlSAX2EndElementNs(ctx, localname, prefix, uri);
	if (s->depth == 2 && node != NULL)
		s->done = node;
	s->depth--;
}

static void
free_children(xmlNodePtr parent)
{
	while (parent != NULL && parent->children != NULL) {
		xmlNodePtr c = parent->children;

		xmlUnlinkNode(c);
		xmlFreeNode(c);
	}
}

/* ---- around the schema layer: text in one piece, element ends ---- */

/* Hand the text held back to the schema layer (and through it to the
 * tree builder) in one call. */
static void
flush_text(stream *s, void *ctx)
{
	size_t off = 0;

	if (s->text_len == 0)
		return;
	s->text[s->text_len] = '\0';
	s->text[s->text_len + 1] = '\0';
	/* libxml2 takes an int length; a text is at most 10,000,000 bytes
	 * (the parser's limit), but be safe. */
	while (off < s->text_len) {
		size_t n = s->text_len - off;

		if (n > (size_t)INT_MAX)
			n = INT_MAX;
		s->plug_text(ctx, (const xmlChar *)s->text + off, (int)n);
		off += n;
	}
	s->text_len = 0;
}

static void
stream_text(void *ctx, const xmlChar *ch, int len)
{
	stream *s = current;

	if (len <= 0)
		return;
	/* Two bytes more than the text: libxml2's tree builder looks at
	 * the two after a short text (in the parser's own buffer there is
	 * always more); flush_text() puts NULs there. */
	if (s->text_len + (size_t)len + 2 > s->text_cap) {
		size_t cap = s->text_cap ? s->text_cap : 4096;
		char *t;

		while (cap < s->text_len + (size_t)len + 2)
			cap *= 2;
		if ((t = realloc(s->text, cap)) == NULL) {
			/* Pass it on as it comes: slower, not wrong. */
			flush_text(s, ctx);
			s->plug_text(ctx, ch, len);
			return;
		}
		s->text = t;
		s->text_cap = cap;
	}
	memcpy(s->text + s->text_len, ch, (size_t)len);
	s->text_len += (size_t)len;
}

static void
stream_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
    int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
	stream *s = current;

	flush_text(s, ctx);
	s->plug_start(ctx, localname, prefix, uri, nb_namespaces, namespaces,
	    nb_attributes, nb_defaulted, attributes);
}

static void
stream_comment(void *ctx, const xmlChar *value)
{
	flush_text(current, ctx);
	if (current->plug_comment != NULL)
		current->plug_comment(ctx, value);
}

static void
stream_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
	flush_text(current, ctx);
	if (current->plug_pi != NULL)
		current->plug_pi(ctx, target, data);
}

/* A CDATA section is text: held back with the text around it, so that
 * the schema layer validates it and the tree builder keeps it, in one
 * text node with its neighbours ("a <![CDATA[&]]> b" is "a & b"). The
 * schema layer's own cdataBlock handler validates the text but hands it
 * on to the tree builder's, which XML_PARSE_NOCDATA unsets: the text
 * was valid and then dropped. */
static void
stream_cdata(void *ctx, const xmlChar *value, int len)
{
	stream_text(ctx, value, len);
}

static void
stream_reference(void *ctx, const xmlChar *name)
{
	flush_text(current, ctx);
	if (current->plug_reference != NULL)
		current->plug_reference(ctx, name);
}

static void
stream_end_document(void *ctx)
{
	flush_text(current, ctx);
	if (current->plug_end_document != NULL)
		current->plug_end_document(ctx);
}

/* Where the schema layer is, for its messages (it has no parser context
 * of its own): at an element's end (a missing child, the value of its
 * text) the line the element starts on, as a tree would say, else the
 * parser's line. */
static int
stream_locate(void *ctx, const char **file, unsigned long *line)
{
	stream *s = current;

	(void)ctx;
	if (file != NULL)
		*file = NULL;
	if (s == NULL || line == NULL)
		return -1;
	*line = s->ending ? s->ending_line :
	    s->ctxt->input != NULL && s->ctxt->input->line > 0 ?
	    (unsigned long)s->ctxt->input->line : 0;
	return 0;
}

/* The end of an element, around the schema layer (which calls
 * tree_end() first, then checks the element): a top-level element is
 * read once the schema has seen all of it, and freed. */
static void
stream_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *uri)
{
	stream *s = current;

	flush_text(s, ctx);
	s->ending = true;
	s->ending_line = s->depth > 0 && s->depth < STREAM_DEPTH ?
	    s->lines[s->depth] : 0;
	s->plug_end(ctx, localname, prefix, uri);
	s->ending = false;
	if (s->done != NULL) {
		xmlNodePtr n = s->done, root = n->parent;

		s->done = NULL;
		if (stream_ok(s))
			read_top(s->ld, n);
		/* Free it with the white space and comments before it, so
		 * that the root is empty again: libxml2's tree builder
		 * appends text to the root's last text node, which it
		 * assumes is the one it made last. */
		free_children(root);
		s->ctxt->nodelen = 0;
		s->ctxt->nodemem = 0;
	}
}

/* The loader's lists of items, by kind. */
enum { KINDS = 6 };

static ptrvec *
kind_vec(loader *ld, int k)
{
	switch (k) {
	case 0: return &ld->topics;
	case 1: return &ld->geographies;
	case 2: return &ld->sources;
	case 3: return &ld->series;
	case 4: return &ld->claims;
	default: return &ld->changes;
	}
}

/* How many items of each kind and diagnostics a loader holds: to take
 * back what a file added, or to find it among a worker's. */
typedef struct marks {
	size_t items[KINDS];
	size_t diags;
} marks;

static marks
mark(loader *ld)
{
	marks m;

	for (int k = 0; k < KINDS; k++)
		m.items[k] = kind_vec(ld, k)->n;
	m.diags = diag_mark(ld->diags);
	return m;
}

/* Take back the items read since M and the diagnostics whose kind is not
 * in KEEP. */
static void
roll_back(loader *ld, const marks *m, unsigned keep)
{
	for (int k = 0; k < KINDS; k++)
		kind_vec(ld, k)->n = m->items[k];
	diag_drop_since(ld->diags, m->diags, keep |
	    1u << REEKS_DIAG_IO | 1u << REEKS_DIAG_NOMEM);
}

/*
 * Parse, validate and read one file in one pass. libxml2's SAX2 handlers
 * build the tree of one top-level element (a topic, a series, ...) at a
 * time; the schema checks the same events as they come (xmlSchemaSAXPlug);
 * each top-level element is read into the store as soon as the schema has
 * seen it whole, if the file has met no problem so far, and then freed. So
 * no file is ever held whole as a tree. A file with a problem anywhere
 * takes back what was read from it and what reading it reported: the
 * result is as if each stage ran on the whole file before the next (see
 * the top of this file): a malformed file reports its parse error alone,
 * an invalid one its schema errors alone.
 */
static void
load_file(loader *ld, const char *path, xmlSchemaValidCtxtPtr vctxt)
{
	const int options = XML_PARSE_NONET | XML_PARSE_NOCDATA |
	    XML_PARSE_BIG_LINES | XML_PARSE_NOWARNING | XML_PARSE_COMPACT;
	stream s = { .ld = ld };
	stream *outer = current;
	marks m = mark(ld);
	xmlParserCtxtPtr ctxt = NULL;
	xmlSchemaSAXPlugPtr plug = NULL;
	input in = { NULL, 0 };
	off_t size = 0;
	bool valid = false;

	ld->doctype = false;
	ld->xml_error = false;
	ld->schema_errors = 0;
	if ((in.f = open_file(ld, path, &size)) == NULL)
		return;
	if (size == 0) {
		report(ld, REEKS_DIAG_XML, 0, "the file is empty");
		fclose(in.f);
		return;
	}
	if ((ctxt = xmlCreateIOParserCtxt(NULL, NULL, input_read, input_close,
	    &in, XML_CHAR_ENCODING_NONE)) == NULL) {
		ld->nomem = true;
		goto out;
	}
	xmlCtxtUseOptions(ctxt, options);
	ctxt->linenumbers = 1;
	ctxt->_private = ld;
	/* Errors come structured (on_parse_error, set below on the schema
	 * layer's handlers); without these the layer would print. */
	ctxt->sax->error = NULL;
	ctxt->sax->warning = NULL;
	ctxt->sax->fatalError = NULL;
	ctxt->sax->serror = NULL;
	/* A DOCTYPE stops the parse (on_doctype): nothing of a DTD, no
	 * entity and no external reference is ever loaded. */
	ctxt->sax->internalSubset = on_doctype;
	ctxt->sax->externalSubset = NULL;
	ctxt->sax->entityDecl = NULL;
	ctxt->sax->resolveEntity = NULL;
	ctxt->sax->startElementNs = tree_start;
	ctxt->sax->endElementNs = tree_end;
	s.ctxt = ctxt;
	if ((plug = xmlSchemaSAXPlug(vctxt, &ctxt->sax,
	    &ctxt->userData)) == NULL) {
		ld->nomem = true;
		goto out;
	}
	ctxt->sax->serror = on_parse_error;
	s.plug_end = ctxt->sax->endElementNs;
	ctxt->sax->endElementNs = stream_end;
	s.plug_start = ctxt->sax->startElementNs;
	ctxt->sax->startElementNs = stream_start;
	s.plug_text = ctxt->sax->characters;
	ctxt->sax->characters = stream_text;
	ctxt->sax->ignorableWhitespace = stream_text;
	s.plug_comment = ctxt->sax->comment;
	ctxt->sax->comment = stream_comment;
	s.plug_pi = ctxt->sax->processingInstruction;
	ctxt->sax->processingInstruction = stream_pi;
	ctxt->sax->cdataBlock = stream_cdata;
	s.plug_reference = ctxt->sax->reference;
	ctxt->sax->reference = stream_reference;
	s.plug_end_document = ctxt->sax->endDocument;
	ctxt->sax->endDocument = stream_end_document;
	xmlSchemaValidateSetLocator(vctxt, stream_locate, &s);
	current = &s;
	xmlParseDocument(ctxt);
	valid = xmlSchemaIsValid(vctxt) == 1;
	current = outer;
	xmlSchemaSAXUnplug(plug);

	if (in.err != 0) {
		roll_back(ld, &m, 0);
		report(ld, REEKS_DIAG_IO, 0, "cannot read: %s",
		    strerror(in.err));
	} else if (ld->doctype || ld->xml_error || !ctxt->wellFormed ||
	    ctxt->myDoc == NULL) {
		if (!ld->doctype && !ld->xml_error)
			report(ld, REEKS_DIAG_XML, 0, "malformed XML");
		roll_back(ld, &m, 1u << REEKS_DIAG_XML |
		    1u << REEKS_DIAG_SECURITY);
	} else if (ctxt->myDoc->encoding != NULL &&
	    strcasecmp((const char *)ctxt->myDoc->encoding, "UTF-8") != 0) {
		roll_back(ld, &m, 1u << REEKS_DIAG_XML |
		    1u << REEKS_DIAG_SECURITY);
		report(ld, REEKS_DIAG_XML, 1,
		    "encoding '%s' is not allowed: data files are UTF-8",
		    (const char *)ctxt->myDoc->encoding);
	} else if (ld->schema_errors > 0 || !valid) {
		if (ld->schema_errors == 0)
			report(ld, REEKS_DIAG_SCHEMA, 0,
			    "schema: the file does not validate");
		roll_back(ld, &m, 1u << REEKS_DIAG_SCHEMA);
	} else if (s.bad_version)
		report(ld, REEKS_DIAG_DATA, s.version_line,
		    "unsupported format version '%s' (this reeks reads "
		    "version 1)", s.version != NULL ? s.version : "");
out:
	current = outer;
	free(s.text);
	if (ctxt != NULL) {
		xmlFreeDoc(ctxt->myDoc);
		ctxt->myDoc = NULL;
		xmlFreeParserCtxt(ctxt);
	}
	fclose(in.f);
}

/* load_file() with PATH kept in the store as the items' file name. */
static void
load_path(loader *ld, const char *path, xmlSchemaValidCtxtPtr vctxt)
{
	if ((ld->file = arena_strdup(&ld->st->mem, path)) == NULL)
		ld->nomem = true;
	else
		load_file(ld, path, vctxt);
}

/* ---- across files ---------------------------------------------------- */

static int
item_cmp(const void *pa, const void *pb)
{
	const item *a = *(const item *const *)pa;
	const item *b = *(const item *const *)pb;
	int c = strcmp(a->id, b->id);

	if (c == 0)
		c = strcmp(a->file, b->file);
	if (c == 0)
		c = a->line < b->line ? -1 : a->line > b->line;
	return c;
}

/* Sort V by id and report each id defined twice, and each that cannot be
 * a file name on every system (the schema allows only [a-z0-9-]). */
static void
sort_unique(loader *ld, ptrvec *v, const char *kind)
{
	for (size_t i = 0; i < v->n; i++) {
		const item *a = v->items[i];

		if (id_is_device_name(a->id))
			diag_add(ld->diags, REEKS_ERROR, REEKS_DIAG_DATA,
			    a->file, a->line, "%s id '%s' is a device name "
			    "on Windows (con, prn, aux, nul, com0 to com9, "
			    "lpt0 to lpt9), and ids become file names: choose "
			    "another", kind, a->id);
	}
	if (v->n > 1)
		qsort(v->items, v->n, sizeof *v->items, item_cmp);
	for (size_t i = 1; i < v->n; i++) {
		const item *a = v->items[i - 1], *b = v->items[i];

		if (strcmp(a->id, b->id) != 0)
			continue;
		diag_add(ld->diags, REEKS_ERROR, REEKS_DIAG_DATA, b->file,
		    b->line, "duplicate %s id '%s' (first defined at %s:%lu)",
		    kind, b->id, a->file, a->line);
	}
}

static int
id_key_cmp(const void *key, const void *elem)
{
	return strcmp(key, (*(item *const *)elem)->id);
}

/* The index in the store of the geography G is within, or SIZE_MAX. */
static size_t
within_index(const reeks_store *st, const reeks_geography *g)
{
	item *const *hit;

	if (g->within == NULL)
		return SIZE_MAX;
	hit = bsearch(g->within->base.id, st->geographies, st->ngeographies,
	    sizeof *st->geographies, id_key_cmp);
	return hit != NULL ? (size_t)(hit - st->geographies) : SIZE_MAX;
}

/* Append " in 'ID'" (or just "'ID'" when FIRST) to the message in B. */
static void
chain_add(char *b, size_t size, const reeks_geography *g, bool first)
{
	size_t len = strlen(b);

	snprintf(b + len, size - len, "%s'%s'", first ? "" : " in ",
	    g->base.id);
}

/* Report the cycle of 'within' through the N geographies at the indexes
 * CYCLE (each within the next, the last within the first), at its member
 * with the smallest id, naming at most 8 of them. */
static void
report_cycle(loader *ld, const size_t *cycle, size_t n)
{
	enum { SHOWN = 8 };
	item *const *geos = ld->st->geographies;
	size_t first = 0;
	char msg[4096];

	for (size_t m = 1; m < n; m++)
		if (cycle[m] < cycle[first])
			first = m;
	const reeks_geography *g = (const reeks_geography *)geos[cycle[first]];

	if (n == 1) {
		diag_add(ld->diags, REEKS_ERROR, REEKS_DIAG_DATA, g->base.file,
		    g->base.line, "geography '%s' is within itself", g->base.id);
		return;
	}
	snprintf(msg, sizeof msg, "geography '%s' is within itself: ",
	    g->base.id);
	for (size_t m = 0; m < n && m < SHOWN; m++)
		chain_add(msg, sizeof msg,
		    (const reeks_geography *)geos[cycle[(first + m) % n]],
		    m == 0);
	if (n > SHOWN)
		snprintf(msg + strlen(msg), sizeof msg - strlen(msg), " in ...");
	chain_add(msg, sizeof msg, g, false);
	if (n > SHOWN)
		snprintf(msg + strlen(msg), sizeof msg - strlen(msg),
		    " (%zu geographies)", n);
	diag_add(ld->diags, REEKS_ERROR, REEKS_DIAG_DATA, g->base.file,
	    g->base.line, "%s", msg);
}

/*
 * Check the 'within' links of the store's geographies (resolved): no
 * cycle, each reported once at its member with the smallest id; and no
 * geography more than WITHIN_MAX levels below the top of its chain,
 * reported at the first one too deep (those below it follow from it).
 * A download of a series repeats its geography and every one above it,
 * so the limit bounds what each download repeats.
 */
static void
check_within(loader *ld)
{
	/* depth[i]: places above geography i, or one of these. */
	enum { UNSEEN = -1, ON_PATH = -2, CYCLIC = -3 };
	const reeks_store *st = ld->st;
	size_t n = st->ngeographies;
	size_t *up = malloc((n ? n : 1) * sizeof *up);
	size_t *path = malloc((n ? n : 1) * sizeof *path);
	int *depth = malloc((n ? n : 1) * sizeof *depth);
	char msg[4096];

	if (up == NULL || path == NULL || depth == NULL) {
		ld->nomem = true;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		up[i] = within_index(st,
		    (const reeks_geography *)st->geographies[i]);
		depth[i] = UNSEEN;
	}
	for (size_t i = 0; i < n; i++) {
		size_t len = 0, j = i, k;
		int d = -1;

		while (j != SIZE_MAX && depth[j] == UNSEEN) {
			depth[j] = ON_PATH;
			path[len++] = j;
			j = up[j];
		}
		if (j != SIZE_MAX && depth[j] == ON_PATH) {
			/* J is on the path: where the cycle starts. */
			for (k = 0; k < len && path[k] != j; k++)
				;
			if (k < len)
				report_cycle(ld, path + k, len - k);
		}
		if (j != SIZE_MAX && depth[j] < 0) {
			/* In a cycle, or leading into one. */
			for (k = 0; k < len; k++)
				depth[path[k]] = CYCLIC;
			continue;
		}
		if (j != SIZE_MAX)
			d = depth[j];
		for (k = len; k-- > 0;) {
			const reeks_geography *g =
			    (const reeks_geography *)st->geographies[path[k]];

			depth[path[k]] = d < INT_MAX ? ++d : d;
			if (d != WITHIN_MAX + 1)
				continue;
			snprintf(msg, sizeof msg, "geography '%s' is nested %d "
			    "levels deep by 'within' (", g->base.id, d);
			for (size_t m = 0, x = path[k]; m <= (size_t)d;
			    m++, x = up[x])
				chain_add(msg, sizeof msg,
				    (const reeks_geography *)st->geographies[x],
				    m == 0);
			snprintf(msg + strlen(msg), sizeof msg - strlen(msg),
			    "): at most %d levels are allowed", WITHIN_MAX);
			diag_add(ld->diags, REEKS_ERROR, REEKS_DIAG_DATA,
			    g->base.file, g->base.line, "%s", msg);
		}
	}
out:
	free(up);
	free(path);
	free(depth);
}

static void
resolve(loader *ld)
{
	reeks_store *st = ld->st;

	for (size_t i = 0; i < st->ngeographies; i++) {
		reeks_geography *g = (reeks_geography *)st->geographies[i];

		if (g->within_id == NULL)
			continue;
		g->within = (const reeks_geography *)item_find(st->geographies,
		    st->ngeographies, g->within_id);
		if (g->within == NULL)
			diag_add(ld->diags, REEKS_ERROR, REEKS_DIAG_DATA,
			    g->base.file, g->base.line, "geography '%s' is within "
			    "unknown geography '%s'", g->base.id, g->within_id);
	}
	check_within(ld);
	for (size_t i = 0; i < st->nseries; i++) {
		reeks_series *se = (reeks_series *)st->series[i];

		se->topic = (const reeks_topic *)item_find(st->topics, st->ntopics,
		    se->topic_id);
		if (se->topic == NULL)
			diag_add(ld->diags, REEKS_ERROR, REEKS_DIAG_DATA,
			    se->base.file, se->base.line, "series '%s': unknown topic "
			    "'%s'", se->base.id, se->topic_id);
		se->geography = (const reeks_geography *)item_find(st->geographies,
		    st->ngeographies, se->geography_id);
		if (se->geography == NULL)
			diag_add(ld->diags, REEKS_ERROR, REEKS_DIAG_DATA,
			    se->base.file, se->base.line, "series '%s': unknown "
			    "geography '%s'", se->base.id, se->geography_id);
		for (size_t j = 0; j < se->nobs; j++) {
			reeks_obs *o = &se->obs[j];

			o->source = (const reeks_source *)item_find(st->sources,
			    st->nsources, o->source_id);
			if (o->source == NULL)
				diag_add(ld->diags, REEKS_ERROR,
				    REEKS_DIAG_DATA, se->base.file, o->line,
				    "unknown source '%s'",
				    o->source_id != NULL ? o->source_id : "");
		}
		st->nobs += se->nobs;
	}
}

/* Copy vector V into the store as an array of N items. */
static item **
keep_vec(loader *ld, ptrvec *v, size_t *n)
{
	item **items = arena_alloc(&ld->st->mem,
	    (v->n ? v->n : 1) * sizeof *items);

	if (items == NULL) {
		ld->nomem = true;
		*n = 0;
		return NULL;
	}
	if (v->n > 0)
		memcpy(items, v->items, v->n * sizeof *items);
	*n = v->n;
	return items;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.xml files of DIR, sorted, as a NULL-terminated array of malloc'd
 * paths (free with free_paths). NULL after reporting a problem. */
static char **
list_files(loader *ld, const char *dir, size_t *count)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **paths = NULL;
	size_t n = 0, cap = 0;

	*count = 0;
	if (d == NULL) {
		report(ld, REEKS_DIAG_IO, 0, "cannot open data directory: %s",
		    strerror(errno));
		return NULL;
	}
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);

		if (e->d_name[0] == '.' || len < 5 ||
		    strcmp(e->d_name + len - 4, ".xml") != 0)
			continue;
		if (n + 1 >= cap) {
			size_t ncap = cap ? cap * 2 : 16;
			char **np = realloc(paths, ncap * sizeof *np);

			if (np == NULL)
				goto nomem;
			paths = np;
			cap = ncap;
		}
		size_t plen = strlen(dir) + 1 + len + 1;
		if ((paths[n] = malloc(plen)) == NULL)
			goto nomem;
		snprintf(paths[n], plen, "%s%s%s", dir,
		    dir[0] != '\0' && dir[strlen(dir) - 1] == '/' ? "" : "/",
		    e->d_name);
		n++;
	}
	closedir(d);
	if (n == 0) {
		report(ld, REEKS_DIAG_IO, 0,
		    "no data files (*.xml) in the data directory");
		free(paths);
		return NULL;
	}
	qsort(paths, n, sizeof *paths, name_cmp);
	paths[n] = NULL;
	*count = n;
	return paths;
nomem:
	closedir(d);
	ld->nomem = true;
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	return NULL;
}

/* ---- files on several threads -------------------------------------------- */

/* What one file added, in the worker that read it. */
typedef struct file_part {
	int worker;
	marks from, to;
} file_part;

typedef struct load_run {
	char **paths;
	size_t npaths;
	xmlSchemaPtr schema;
	atomic_size_t next;
	struct worker *workers;
	file_part *parts;
} load_run;

/* A worker: a loader of its own (arena, items, diagnostics, intern set,
 * validation context); the schema is shared, read only. */
typedef struct worker {
	loader ld;
	reeks_store mem;                 /* only its arena is used */
	xmlSchemaValidCtxtPtr vctxt;
	load_run *run;
	int id;
} worker;

static void *
load_worker(void *arg)
{
	worker *w = arg;
	load_run *r = w->run;
	loader *ld = &w->ld;
	size_t i;

	/* libxml2's global handlers are per thread. */
	xmlSetGenericErrorFunc(ld, on_generic_error);
	xmlSetStructuredErrorFunc(ld, on_stray_error);
	if ((w->vctxt = xmlSchemaNewValidCtxt(r->schema)) == NULL) {
		ld->nomem = true;
		return NULL;
	}
	xmlSchemaSetValidStructuredErrors(w->vctxt, on_schema_error, ld);
	while (!ld->nomem &&
	    (i = atomic_fetch_add(&r->next, 1)) < r->npaths) {
		file_part *p = &r->parts[i];

		p->worker = w->id;
		p->from = mark(ld);
		load_path(ld, r->paths[i], w->vctxt);
		p->to = mark(ld);
	}
	xmlSchemaFreeValidCtxt(w->vctxt);
	w->vctxt = NULL;
	return NULL;
}

/* Read PATHS on JOBS threads into LD, as reading them in order on one
 * would: each file is read by one worker, start to end; then what each
 * file added is taken in the files' order. */
static void
load_parallel(loader *ld, char **paths, size_t npaths, xmlSchemaPtr schema,
    int jobs)
{
	load_run r = { paths, npaths, schema, 0, NULL, NULL };
	pthread_t *threads = calloc((size_t)jobs, sizeof *threads);
	bool *started = calloc((size_t)jobs, sizeof *started);
	int nw = 0;

	atomic_init(&r.next, 0);
	r.workers = calloc((size_t)jobs, sizeof *r.workers);
	r.parts = calloc(npaths, sizeof *r.parts);
	if (threads == NULL || started == NULL || r.workers == NULL ||
	    r.parts == NULL) {
		ld->nomem = true;
		goto out;
	}
	for (int i = 0; i < jobs; i++) {
		worker *w = &r.workers[i];

		w->id = i;
		w->run = &r;
		w->ld.st = &w->mem;
		if ((w->ld.diags = reeks_diags_new()) == NULL) {
			ld->nomem = true;
			break;
		}
		nw++;
	}
	for (int i = 1; i < nw; i++)
		started[i] = pthread_create(&threads[i], NULL, load_worker,
		    &r.workers[i]) == 0;
	if (nw > 0)
		load_worker(&r.workers[0]);
	for (int i = 1; i < nw; i++)
		if (started[i])
			pthread_join(threads[i], NULL);
	/* Worker 0 ran here: libxml2's handlers back to LD. */
	xmlSetGenericErrorFunc(ld, on_generic_error);
	xmlSetStructuredErrorFunc(ld, on_stray_error);
	for (int i = 0; i < nw; i++)
		if (r.workers[i].ld.nomem)
			ld->nomem = true;
	/* Every file was taken by a worker unless one ran out of memory
	 * (then the load fails anyway). */
	for (size_t f = 0; f < npaths && !ld->nomem; f++) {
		const file_part *p = &r.parts[f];
		loader *wl = &r.workers[p->worker].ld;

		for (int k = 0; k < KINDS; k++)
			for (size_t j = p->from.items[k]; j < p->to.items[k];
			    j++)
				ptrvec_push(ld, kind_vec(ld, k),
				    kind_vec(wl, k)->items[j]);
		diag_copy(ld->diags, wl->diags, p->from.diags, p->to.diags);
	}
out:
	for (int i = 0; i < nw; i++) {
		loader *wl = &r.workers[i].ld;

		arena_splice(&ld->st->mem, &r.workers[i].mem.mem);
		reeks_diags_free(wl->diags);
		for (int k = 0; k < KINDS; k++)
			free(kind_vec(wl, k)->items);
		free(wl->strs);
	}
	free(r.workers);
	free(r.parts);
	free(threads);
	free(started);
}

reeks_result
reeks_store_load(const char *dir, reeks_diags *diags, reeks_store **out)
{
	return reeks_store_load_jobs(dir, 1, diags, out);
}

reeks_result
reeks_store_load_jobs(const char *dir, int jobs, reeks_diags *diags,
    reeks_store **out)
{
	loader ld = { .diags = diags };
	size_t errors_before = reeks_diags_errors(diags);
	xmlSchemaParserCtxtPtr pctxt = NULL;
	xmlSchemaPtr schema = NULL;
	xmlSchemaValidCtxtPtr vctxt = NULL;
	char **paths = NULL;
	size_t npaths = 0;
	reeks_result rc = REEKS_EINVALID;
	bool io_error = false;

	/* libxml2 reports through per-thread global handlers too: route
	 * them here for the duration, and put the caller's back after. */
	xmlGenericErrorFunc old_generic = xmlGenericError;
	void *old_generic_ctx = xmlGenericErrorContext;
	xmlStructuredErrorFunc old_structured = xmlStructuredError;
	void *old_structured_ctx = xmlStructuredErrorContext;

	*out = NULL;
	/* A load during which libxml2 failed to allocate reports that
	 * alone: what libxml2 said then may be wrong (see xmlmem.c). */
	unsigned long xml_nomem = xml_nomem_watch();
	size_t diags_before = diag_mark(diags);
	xmlInitParser();
	xmlSetGenericErrorFunc(&ld, on_generic_error);
	xmlSetStructuredErrorFunc(&ld, on_stray_error);

	if ((ld.st = calloc(1, sizeof *ld.st)) == NULL) {
		ld.nomem = true;
		goto out;
	}
	ld.file = arena_strdup(&ld.st->mem, dir);
	if (ld.file == NULL) {
		ld.nomem = true;
		goto out;
	}
	if ((paths = list_files(&ld, dir, &npaths)) == NULL) {
		io_error = !ld.nomem;
		goto out;
	}

	ld.file = "(schema)";
	pctxt = xmlSchemaNewMemParserCtxt((const char *)schema_xsd_bytes,
	    (int)schema_xsd_len);
	if (pctxt == NULL) {
		ld.nomem = true;
		goto out;
	}
	xmlSchemaSetParserStructuredErrors(pctxt, on_schema_error, &ld);
	if ((schema = xmlSchemaParse(pctxt)) == NULL ||
	    (vctxt = xmlSchemaNewValidCtxt(schema)) == NULL) {
		if (ld.schema_errors == 0)
			ld.nomem = true;
		goto out;
	}
	xmlSchemaSetValidStructuredErrors(vctxt, on_schema_error, &ld);

	if (jobs > 1 && npaths > 1)
		load_parallel(&ld, paths, npaths, schema,
		    (size_t)jobs > npaths ? (int)npaths : jobs);
	else
		for (size_t i = 0; i < npaths && !ld.nomem; i++)
			load_path(&ld, paths[i], vctxt);
	if (ld.nomem)
		goto out;

	sort_unique(&ld, &ld.topics, "topic");
	sort_unique(&ld, &ld.geographies, "geography");
	sort_unique(&ld, &ld.sources, "source");
	sort_unique(&ld, &ld.series, "series");
	sort_unique(&ld, &ld.claims, "claim");
	sort_unique(&ld, &ld.changes, "change");
	ld.st->topics = keep_vec(&ld, &ld.topics,
	    &ld.st->ntopics);
	ld.st->geographies = keep_vec(&ld,
	    &ld.geographies, &ld.st->ngeographies);
	ld.st->sources = keep_vec(&ld, &ld.sources,
	    &ld.st->nsources);
	ld.st->series = keep_vec(&ld, &ld.series,
	    &ld.st->nseries);
	ld.st->claims = keep_vec(&ld, &ld.claims, &ld.st->nclaims);
	ld.st->nchanges = ld.changes.n;
	ld.st->changes = arena_alloc(&ld.st->mem,
	    (ld.changes.n ? ld.changes.n : 1) * sizeof *ld.st->changes);
	if (ld.st->changes == NULL)
		ld.nomem = true;
	for (size_t i = 0; i < ld.changes.n && !ld.nomem; i++)
		ld.st->changes[i] = (reeks_change *)ld.changes.items[i];
	if (!ld.nomem && ld.st->nchanges > 1)
		qsort(ld.st->changes, ld.st->nchanges,
		    sizeof *ld.st->changes, change_cmp);
	if (ld.nomem)
		goto out;
	resolve(&ld);
	claims_check(ld.st, diags);
	rc = REEKS_OK;
out:
	if (xml_nomem_count() != xml_nomem)
		ld.nomem = true;
	if (ld.nomem) {
		diag_drop_since(diags, diags_before, 1u << REEKS_DIAG_IO);
		diag_add(diags, REEKS_ERROR, REEKS_DIAG_NOMEM, dir, 0,
		    "out of memory");
	}
	if (rc == REEKS_OK && reeks_diags_errors(diags) > errors_before)
		rc = REEKS_EINVALID;
	if (ld.nomem)
		rc = REEKS_ENOMEM;
	else if (io_error)
		rc = REEKS_EIO;
	if (rc == REEKS_OK) {
		*out = ld.st;
		ld.st = NULL;
	}
	diags_sort(diags);
	reeks_store_free(ld.st);
	xmlSchemaFreeValidCtxt(vctxt);
	xmlSchemaFree(schema);
	xmlSchemaFreeParserCtxt(pctxt);
	for (size_t i = 0; i < npaths; i++)
		free(paths[i]);
	free(paths);
	free(ld.topics.items);
	free(ld.geographies.items);
	free(ld.sources.items);
	free(ld.series.items);
	free(ld.claims.items);
	free(ld.changes.items);
	free(ld.strs);
	xmlSetGenericErrorFunc(old_generic_ctx, old_generic);
	xmlSetStructuredErrorFunc(old_structured_ctx, old_structured);
	return rc;
}

const char *
reeks_unit_name(reeks_unit unit)
{
	if ((unsigned)unit >= sizeof unit_names / sizeof unit_names[0])
		return "";
	return unit_names[unit];
}

const char *
reeks_qualifier_name(reeks_qualifier q)
{
	if ((unsigned)q >= sizeof qualifier_names / sizeof qualifier_names[0])
		return "";
	return qualifier_names[q];
}
