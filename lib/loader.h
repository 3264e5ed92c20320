/*
 * loader.h: what lib/load.c, lib/xmlread.c and lib/read.c share (the
 * loader's types and functions over libxml2); private to those three,
 * so that the rest of lib/ and the tests need no libxml2 headers.
 */
#ifndef REEKS_LOADER_H
#define REEKS_LOADER_H

#include "internal.h"

/* ---- loading: lib/load.c, lib/xmlread.c, lib/read.c ---- */

#include <stdio.h>
#include <sys/types.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

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

typedef struct input {
	FILE *f;
	int err;                    /* errno of a failed read, or 0 */
} input;

/* The parse under way on this thread (lib/xmlread.c). */
extern _Thread_local stream *current;

__attribute__((format(printf, 4, 5)))
void report(loader *ld, reeks_diag_kind kind, unsigned long line,
    const char *fmt, ...);
void on_parse_error(void *data, xmlErrorPtr err);
void on_doctype(void *data, const xmlChar *name, const xmlChar *external_id,
    const xmlChar *system_id);
void on_stray_error(void *data, xmlErrorPtr err);
__attribute__((format(printf, 2, 3)))
void on_generic_error(void *data, const char *fmt, ...);
int input_read(void *ctx, char *dst, int len);
int input_close(void *ctx);
FILE *open_file(loader *ld, const char *path, off_t *size);
void on_schema_error(void *data, xmlErrorPtr err);
bool is_element(const xmlNode *n, const char *name);
unsigned long line_of(const xmlNode *n);
const char *intern(loader *ld, const char *p, size_t len);
const char *attr_shared(loader *ld, const xmlNode *n, const char *name);
const char *attr(loader *ld, const xmlNode *n, const char *name);
const char *text_of(loader *ld, const xmlNode *n);
const char *text_shared(loader *ld, const xmlNode *n);
const char *child_text(loader *ld, const xmlNode *n, const char *name);
void tree_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
    int nb_attributes, int nb_defaulted, const xmlChar **attributes);
void tree_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *uri);
void stream_text(void *ctx, const xmlChar *ch, int len);
void stream_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
    int nb_attributes, int nb_defaulted, const xmlChar **attributes);
void stream_comment(void *ctx, const xmlChar *value);
void stream_pi(void *ctx, const xmlChar *target, const xmlChar *data);
void stream_cdata(void *ctx, const xmlChar *value, int len);
void stream_reference(void *ctx, const xmlChar *name);
void stream_end_document(void *ctx);
int stream_locate(void *ctx, const char **file, unsigned long *line);
void stream_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *uri);
bool ptrvec_push(loader *ld, ptrvec *v, item *p);
int change_cmp(const void *pa, const void *pb);
void read_top(loader *ld, const xmlNode *c);
void check_within(loader *ld);


#endif /* REEKS_LOADER_H */
