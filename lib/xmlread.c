/*
 * xmlread.c: the libxml2 side of loading (see load.c): parse errors and
 * the parser's limits, reading files, schema errors, the text of nodes
 * and attributes, and the SAX stream of one file (text held back, CDATA,
 * top-level elements handed over as they end).
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

#include "loader.h"

_Thread_local stream *reeks_current;

__attribute__((format(printf, 4, 5)))
void
reeks_report(loader *ld, reeks_diag_kind kind, unsigned long line,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	reeks_diag_vadd(ld->diags, REEKS_ERROR, kind, ld->file, line, 0, fmt,
	    ap);
	va_end(ap);
}

__attribute__((format(printf, 5, 6)))
void
reeks_report_at(loader *ld, reeks_diag_kind kind, unsigned long line,
    unsigned long column, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	reeks_diag_vadd(ld->diags, REEKS_ERROR, kind, ld->file, line, column,
	    fmt, ap);
	va_end(ap);
}

/* The column of ERR, which libxml2 keeps in int2 for the errors of the
 * parser and of the schema (0 when it does not know it); only with the
 * line libxml2 gave. */
static unsigned long
column_of(const xmlError *err, unsigned long line)
{
	return err->line > 0 && (unsigned long)err->line == line &&
	    err->int2 > 0 ? (unsigned long)err->int2 : 0;
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
	reeks_report_at(ld, kind, line, column_of(err, line), "%s%.*s", prefix,
	    (int)len, msg);
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

void
reeks_on_parse_error(void *data, xmlErrorPtr err)
{
	loader *ld = reeks_current != NULL ? reeks_current->ld : NULL;
	unsigned long line;

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
	line = (unsigned long)(err->line > 0 ? err->line : 0);
	if (err->code == XML_ERR_INVALID_CHAR ||
	    err->code == XML_ERR_INVALID_ENCODING)
		reeks_report_at(ld, REEKS_DIAG_XML, line, column_of(err, line),
		    "text is not valid UTF-8 (or holds a character XML "
		    "does not allow)");
	else if (err->code == XML_ERR_DOCUMENT_EMPTY)
		reeks_report_at(ld, REEKS_DIAG_XML, line, column_of(err, line),
		    "malformed XML: no XML element found");
	else {
		for (size_t i = 0; i < sizeof xml_limits / sizeof *xml_limits;
		    i++) {
			if (err->message != NULL &&
			    strstr(err->message, xml_limits[i].phrase) != NULL) {
				reeks_report_at(ld, REEKS_DIAG_XML, line,
				    column_of(err, line), "%s",
				    xml_limits[i].message);
				return;
			}
		}
		report_xml(ld, REEKS_DIAG_XML, err, "malformed XML: ");
	}
}

void
reeks_on_doctype(void *data, const xmlChar *name, const xmlChar *external_id,
    const xmlChar *system_id)
{
	xmlParserCtxtPtr ctxt = data;
	loader *ld = ctxt->_private;

	(void)name;
	(void)external_id;
	(void)system_id;
	ld->doctype = true;
	reeks_report(ld, REEKS_DIAG_SECURITY,
	    (unsigned long)(ctxt->input != NULL ? ctxt->input->line : 0),
	    "DOCTYPE is not allowed: data files may not declare a DTD, "
	    "entities or external references");
	xmlStopParser(ctxt);
}

/* Anything libxml2 reports outside a context we set up: never printed,
 * kept as a diagnostic. */
void
reeks_on_stray_error(void *data, xmlErrorPtr err)
{
	loader *ld = data;

	if (err->code == XML_ERR_NO_MEMORY)
		ld->nomem = true;
	else if (err->level >= XML_ERR_ERROR)
		report_xml(ld, REEKS_DIAG_XML, err, "");
}

__attribute__((format(printf, 2, 3)))
void
reeks_on_generic_error(void *data, const char *fmt, ...)
{
	(void)data;
	(void)fmt;
	/* Generic messages come in fragments; the structured handler has
	 * the whole error. Drop them rather than print. */
}

/* A data file as the parser reads it, in pieces: no file is ever held
 * whole (libxml2 would copy a whole one once more); a buffer is read in
 * the same pieces. */
int
reeks_input_read(void *ctx, char *dst, int len)
{
	input *in = ctx;
	size_t n;

	if (len <= 0)
		return 0;
	if (in->f == NULL) {
		n = in->len - in->pos < (size_t)len ? in->len - in->pos :
		    (size_t)len;
		memcpy(dst, in->mem + in->pos, n);
		in->pos += n;
		return (int)n;
	}
	n = fread(dst, 1, (size_t)len, in->f);

	if (n == 0 && ferror(in->f)) {
		in->err = errno != 0 ? errno : EIO;
		return -1;
	}
	return (int)n;
}

int
reeks_input_close(void *ctx)
{
	(void)ctx;                  /* load_file() closes a file */
	return 0;
}

/*
 * Open the regular file PATH for reading, its size in *SIZE. Returns the
 * stream, or NULL after reporting why not. Anything but a regular file (a
 * FIFO, a device such as /dev/zero, a directory) is refused before a
 * byte is read: the open does not block and nothing is read without end.
 */
FILE *
reeks_open_file(loader *ld, const char *path, off_t *size)
{
	char msg[256];
	long long n;
	int fd = reeks_file_open(path, 0, 0, &n, msg, sizeof msg);
	FILE *f;

	if (fd < 0) {
		reeks_report(ld, REEKS_DIAG_IO, 0, "%s", msg);
		return NULL;
	}
	if ((f = fdopen(fd, "rb")) == NULL) {
		reeks_report(ld, REEKS_DIAG_IO, 0, "cannot read: %s",
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

void
reeks_on_schema_error(void *data, xmlErrorPtr err)
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
			reeks_report_at(ld, REEKS_DIAG_SCHEMA, line,
			    column_of(err, line), "schema: %.*s'%.*s' %s",
			    (int)(facet - msg), msg, (int)(tail - value), value,
			    pattern_meanings[i].meaning);
			return;
		}
	}
	report_xml_at(ld, REEKS_DIAG_SCHEMA, err, line, "schema: ");
}

/* ---- stage 3: read --------------------------------------------------- */

bool
reeks_is_element(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	    n->name[0] == (unsigned char)name[0] &&
	    strcmp((const char *)n->name, name) == 0;
}

unsigned long
reeks_line_of(const xmlNode *n)
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
	    reeks_arena_alloc_text(&ld->st->mem, len + 1), *q = p;
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
const char *
reeks_intern(loader *ld, const char *p, size_t len)
{
	size_t i, h;

	if (p == NULL)
		return NULL;
	if (2 * (ld->nstrs + 1) > ld->strs_cap) {
		size_t cap = ld->strs_cap ? 2 * ld->strs_cap : 1024;
		struct interned *slots = calloc(cap, sizeof *slots);

		if (slots == NULL)
			return p;       /* kept, not shared: still right */
		for (size_t j = 0; j < ld->strs_cap; j++) {
			if (ld->strs[j].s == NULL)
				continue;
			for (i = ld->strs[j].hash & (cap - 1);
			    slots[i].s != NULL; i = (i + 1) & (cap - 1))
				;
			slots[i] = ld->strs[j];
		}
		free(ld->strs);
		ld->strs = slots;
		ld->strs_cap = cap;
	}
	h = str_hash(p);
	for (i = h & (ld->strs_cap - 1); ld->strs[i].s != NULL;
	    i = (i + 1) & (ld->strs_cap - 1))
		if (ld->strs[i].hash == h && strcmp(ld->strs[i].s, p) == 0) {
			reeks_arena_give_back(&ld->st->mem,
			    (void *)(uintptr_t)p, len + 1);
			return ld->strs[i].s;
		}
	ld->strs[i].s = p;
	ld->strs[i].hash = h;
	ld->nstrs++;
	return p;
}

/* Where attribute NAME of N is one text node, that text, in place; ""
 * for an empty one; NULL otherwise (absent, or in pieces). */
static const char *
attr_in_place(const xmlNode *n, const char *name)
{
	for (const xmlAttr *a = n->properties; a != NULL; a = a->next) {
		/* The first letter first: most names differ there. */
		if (a->ns != NULL || a->name[0] != (unsigned char)name[0] ||
		    strcmp((const char *)a->name, name) != 0)
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
	return reeks_intern(ld, keep_normalized(ld, s), strlen(s));
}

/* reeks_attr(), for a text that repeats. */
const char *
reeks_attr_shared(loader *ld, const xmlNode *n, const char *name)
{
	const char *v = attr_in_place(n, name);

	return v != NULL ? keep_shared(ld, v) : reeks_attr(ld, n, name);
}

/* The attribute NAME of N, kept in the store, or NULL when absent. */
const char *
reeks_attr(loader *ld, const xmlNode *n, const char *name)
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
const char *
reeks_text_of(loader *ld, const xmlNode *n)
{
	const char *in_place = text_in_place(n);
	xmlChar *v;
	const char *copy;

	/* One text node, the usual case: no copy (see reeks_attr()). */
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

/* reeks_text_of() for a text that repeats (titles, notes): kept once. */
const char *
reeks_text_shared(loader *ld, const xmlNode *n)
{
	const char *in_place = text_in_place(n);

	return in_place != NULL ? keep_shared(ld, in_place) :
	    reeks_text_of(ld, n);
}

/* The text of the first child element NAME of N, or NULL. */
const char *
reeks_child_text(loader *ld, const xmlNode *n, const char *name)
{
	for (const xmlNode *c = n->children; c != NULL; c = c->next)
		if (reeks_is_element(c, name))
			return reeks_text_of(ld, c);
	return NULL;
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
void
reeks_tree_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
    int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
	stream *s = reeks_current;
	xmlNodePtr node;

	xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces,
	    namespaces, nb_attributes, nb_defaulted, attributes);
	node = s->ctxt->node;
	s->depth++;
	if (s->depth > 0 && s->depth < STREAM_DEPTH)
		s->lines[s->depth] = node != NULL ? reeks_line_of(node) :
		    (unsigned long)s->ctxt->input->line;
	if (s->depth == 1 && node != NULL) {
		s->version = reeks_attr(s->ld, node, "version");
		s->version_line = reeks_line_of(node);
		s->bad_version = s->version == NULL ||
		    strcmp(s->version, "1") != 0;
	}
}

void
reeks_tree_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *uri)
{
	stream *s = reeks_current;
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

void
reeks_stream_text(void *ctx, const xmlChar *ch, int len)
{
	stream *s = reeks_current;

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

void
reeks_stream_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
    int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
	stream *s = reeks_current;

	flush_text(s, ctx);
	s->plug_start(ctx, localname, prefix, uri, nb_namespaces, namespaces,
	    nb_attributes, nb_defaulted, attributes);
}

void
reeks_stream_comment(void *ctx, const xmlChar *value)
{
	flush_text(reeks_current, ctx);
	if (reeks_current->plug_comment != NULL)
		reeks_current->plug_comment(ctx, value);
}

void
reeks_stream_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
	flush_text(reeks_current, ctx);
	if (reeks_current->plug_pi != NULL)
		reeks_current->plug_pi(ctx, target, data);
}

/* A CDATA section is text: held back with the text around it, so that
 * the schema layer validates it and the tree builder keeps it, in one
 * text node with its neighbours ("a <![CDATA[&]]> b" is "a & b"). The
 * schema layer's own cdataBlock handler validates the text but hands it
 * on to the tree builder's, which XML_PARSE_NOCDATA unsets: the text
 * was valid and then dropped. */
void
reeks_stream_cdata(void *ctx, const xmlChar *value, int len)
{
	reeks_stream_text(ctx, value, len);
}

void
reeks_stream_reference(void *ctx, const xmlChar *name)
{
	flush_text(reeks_current, ctx);
	if (reeks_current->plug_reference != NULL)
		reeks_current->plug_reference(ctx, name);
}

void
reeks_stream_end_document(void *ctx)
{
	flush_text(reeks_current, ctx);
	if (reeks_current->plug_end_document != NULL)
		reeks_current->plug_end_document(ctx);
}

/* Where the schema layer is, for its messages (it has no parser context
 * of its own): at an element's end (a missing child, the value of its
 * text) the line the element starts on, as a tree would say, else the
 * parser's line. */
int
reeks_stream_locate(void *ctx, const char **file, unsigned long *line)
{
	stream *s = reeks_current;

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
 * reeks_tree_end() first, then checks the element): a top-level element is
 * read once the schema has seen all of it, and freed. */
void
reeks_stream_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *uri)
{
	stream *s = reeks_current;

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
			reeks_read_top(s->ld, n);
		/* Free it with the white space and comments before it, so
		 * that the root is empty again: libxml2's tree builder
		 * appends text to the root's last text node, which it
		 * assumes is the one it made last. */
		free_children(root);
		s->ctxt->nodelen = 0;
		s->ctxt->nodemem = 0;
	}
}
