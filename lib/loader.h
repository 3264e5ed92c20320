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
	ptrvec topics, geographies, sources, series, claims, changes,
	    releases;
	/* Texts that repeat (periods, places in sources, source ids), kept
	 * once: an open-addressing set of strings in the store, each with
	 * its hash (compared before the text). */
	struct interned {
		const char *s;
		size_t hash;
	} *strs;
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

/* What the parser reads: the file F, or (F NULL) the LEN bytes at MEM. */
typedef struct input {
	FILE *f;
	int err;                    /* errno of a failed read, or 0 */
	const char *mem;
	size_t len, pos;
} input;

/* The parse under way on this thread (lib/xmlread.c). */
extern _Thread_local stream *reeks_current;

/* An error about LD's file at LINE (0: the whole file), and at COLUMN
 * of it (0: unknown). */
__attribute__((format(printf, 4, 5)))
void reeks_report(loader *ld, reeks_diag_kind kind, unsigned long line,
    const char *fmt, ...);
__attribute__((format(printf, 5, 6)))
void reeks_report_at(loader *ld, reeks_diag_kind kind, unsigned long line,
    unsigned long column, const char *fmt, ...);
void reeks_on_parse_error(void *data, xmlErrorPtr err);
void reeks_on_doctype(void *data, const xmlChar *name,
    const xmlChar *external_id,
    const xmlChar *system_id);
void reeks_on_stray_error(void *data, xmlErrorPtr err);
__attribute__((format(printf, 2, 3)))
void reeks_on_generic_error(void *data, const char *fmt, ...);
int reeks_input_read(void *ctx, char *dst, int len);
int reeks_input_close(void *ctx);
FILE *reeks_open_file(loader *ld, const char *path, off_t *size);
void reeks_on_schema_error(void *data, xmlErrorPtr err);
bool reeks_is_element(const xmlNode *n, const char *name);
unsigned long reeks_line_of(const xmlNode *n);
const char *reeks_intern(loader *ld, const char *p, size_t len);
const char *reeks_attr_shared(loader *ld, const xmlNode *n, const char *name);
const char *reeks_attr(loader *ld, const xmlNode *n, const char *name);
const char *reeks_text_of(loader *ld, const xmlNode *n);
const char *reeks_text_shared(loader *ld, const xmlNode *n);
const char *reeks_child_text(loader *ld, const xmlNode *n, const char *name);
/* digest.c: the digest of top-level element N into OUT (32 bytes);
 * false (OUT zeroed) when hashing failed. */
bool reeks_digest_node(const xmlNode *n, unsigned char out[32]);
/* text.c */
void reeks_read_text2(loader *ld, const xmlNode *n, const char *name,
    text2 *out, bool required, const char *what);
void reeks_read_translations(loader *ld, const xmlNode *n, const char *name,
    text2 *out, const char *what);
void reeks_tree_start(void *ctx, const xmlChar *localname,
    const xmlChar *prefix,
    const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
    int nb_attributes, int nb_defaulted, const xmlChar **attributes);
void reeks_tree_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *uri);
void reeks_stream_text(void *ctx, const xmlChar *ch, int len);
void reeks_stream_start(void *ctx, const xmlChar *localname,
    const xmlChar *prefix,
    const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
    int nb_attributes, int nb_defaulted, const xmlChar **attributes);
void reeks_stream_comment(void *ctx, const xmlChar *value);
void reeks_stream_pi(void *ctx, const xmlChar *target, const xmlChar *data);
void reeks_stream_cdata(void *ctx, const xmlChar *value, int len);
void reeks_stream_reference(void *ctx, const xmlChar *name);
void reeks_stream_end_document(void *ctx);
int reeks_stream_locate(void *ctx, const char **file, unsigned long *line);
void reeks_stream_end(void *ctx, const xmlChar *localname,
    const xmlChar *prefix,
    const xmlChar *uri);
bool reeks_ptrvec_push(loader *ld, ptrvec *v, item *p);
int reeks_change_cmp(const void *pa, const void *pb);
/* Report each release dated before the one named before it. */
void reeks_check_releases(loader *ld);
void reeks_read_top(loader *ld, const xmlNode *c);
void reeks_check_within(loader *ld);
/* Resolve the groups of places and the totals and parts of breakdowns,
 * and check them (nest.c); after resolve(). */
void reeks_check_nesting(loader *ld);
/* rate.c: resolve and check each series' population series. */
void reeks_rate_resolve(loader *ld);

/* The loader's lists of items, by kind: topics, geographies, sources,
 * series, claims, changes, releases (load.c). */
enum { REEKS_KINDS = 7 };
ptrvec *reeks_kind_vec(loader *ld, int k);

/* How many items of each kind and diagnostics a loader holds: to take
 * back what a file added, or to find it among a worker's. */
typedef struct reeks_marks {
	size_t items[REEKS_KINDS];
	size_t diags;
} reeks_marks;

/* ---- the load cache (lib/loadcache.c) ---- */

typedef struct load_cache load_cache;

/* One file of a cache to write: its path, the SHA-256 of its bytes and
 * its payload (NULL: the file is left out). */
typedef struct reeks_cache_file {
	const char *path;
	unsigned char hash[32];
	const unsigned char *payload;
	size_t len;
} reeks_cache_file;

bool reeks_sha256(const void *data, size_t len, unsigned char out[32]);
bool reeks_sha256_parts(const void *const *parts, const size_t *lens,
    size_t n, unsigned char out[32]);
/* The key of a cache for this library and CACHE_ID (NULL or "": this
 * library's own build); false when it cannot be made (no cache then). */
bool reeks_cache_key(const char *cache_id, unsigned char key[32]);
/* The cache at PATH when it is whole and has KEY; else NULL. */
load_cache *reeks_cache_open(const char *path, const unsigned char key[32]);
load_cache *reeks_cache_parse(unsigned char *buf, size_t len,
    const unsigned char *key, bool check);
void reeks_cache_close(load_cache *c);
size_t reeks_cache_count(const load_cache *c);
/* The payload kept for the file PATH whose bytes hash to HASH. */
bool reeks_cache_find(const load_cache *c, const char *path,
    const unsigned char hash[32], const unsigned char **payload,
    size_t *len);
/* What LD's file added between FROM and TO, as a payload (malloc'd);
 * false when it cannot be kept (out of memory, a diagnostic not about
 * the file alone). */
bool reeks_cache_encode(loader *ld, const reeks_marks *from,
    const reeks_marks *to, unsigned char **out, size_t *len);
/* Add to LD (its file LD->file) what a payload holds; false when the
 * bytes do not decode exactly (what was added is then to be taken
 * back). */
bool reeks_cache_restore(loader *ld, const unsigned char *p, size_t len);
/* Write a cache of FILES to PATH, atomically; false when it cannot. */
bool reeks_cache_write(const char *path, const unsigned char key[32],
    const reeks_cache_file *files, size_t n);

#endif /* REEKS_LOADER_H */
