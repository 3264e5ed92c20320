/*
 * mustache.h: the template engine of the site generator (Mustache).
 *
 * A template is parsed into a tree first (mustache_parse(), or
 * mustache_engine_load() through the caller's loader); a template that
 * does not parse is never rendered, and its errors come back with file,
 * line and column. mustache_render() then renders a parsed template
 * against data built as mustache_value trees in a mustache_arena.
 *
 * The dialect is the official Mustache spec (comments, set delimiters,
 * interpolation, sections, inverted sections, partials) with template
 * inheritance ({{<parent}} with {{$block}} arguments), standalone-line
 * and indentation rules as the spec gives them. Lambdas are not
 * supported. {{x}} is HTML-escaped (& < > " '); {{{x}}} and {{&x}} are
 * not.
 *
 * Two modes:
 *  - MUSTACHE_SPEC: plain Mustache. A name that is not found renders as
 *    empty, an unknown partial as nothing.
 *  - MUSTACHE_STRICT, for the site: a name not found in the context stack
 *    ("unknown variable 'x'"), an unknown partial ("unknown partial 'x'"),
 *    raw output ({{{x}}} or {{&x}}) of a value that is not MARKUP ("raw
 *    output of 'x' that is not generator-built markup") and a list or map
 *    output as text are errors, each at the tag's file:line:col; and a
 *    template the loader gives must be text (UTF-8, no NUL byte, no
 *    control character but tab, line feed and carriage return: see
 *    reeks_text_check()), or the first problem of each line is a syntax
 *    error there ("not valid UTF-8").
 *
 * Rules for the whole interface:
 *  - Functions never print and never exit. Failures come back as a
 *    mustache_status, with details in a mustache_errors list when the
 *    caller passes one (every ERRS argument may be NULL).
 *  - Every *_free() accepts NULL.
 *  - Lines and columns are 1-based; a column counts bytes.
 *  - Nothing here is thread-safe: use one engine per thread.
 */
#ifndef REEKS_MUSTACHE_H
#define REEKS_MUSTACHE_H

#include <stdbool.h>
#include <stddef.h>

/* Partials, parents and block arguments nested deeper than this are an
 * error (this bounds the renderer's recursion, with MUSTACHE_MAX_NESTING). */
#define MUSTACHE_MAX_DEPTH 64
/* Sections, blocks and parents nested deeper than this in one template
 * are a syntax error. */
#define MUSTACHE_MAX_NESTING 100
/* The longest partial name. */
#define MUSTACHE_MAX_NAME 100

typedef enum mustache_status {
	MUSTACHE_OK = 0,
	MUSTACHE_ESYNTAX,   /* a template does not parse */
	MUSTACHE_ENAME,     /* strict mode: unknown variable or partial, raw
	                     * output of a value that is not markup, a list
	                     * or map output as text; or a template that the
	                     * loader does not have */
	MUSTACHE_ELOAD,     /* the loader could not read a template */
	MUSTACHE_ELIMIT,    /* partials, parents or block arguments nested
	                     * deeper than MUSTACHE_MAX_DEPTH, or a block
	                     * replaced by an argument that contains it */
	MUSTACHE_EWRITE,    /* the write callback failed */
	MUSTACHE_ENOMEM     /* out of memory */
} mustache_status;

typedef enum mustache_mode {
	MUSTACHE_SPEC = 0,
	MUSTACHE_STRICT
} mustache_mode;

/* ---------------------------------------------------------------------
 * Errors
 * ------------------------------------------------------------------- */

/* One error. Read-only; it belongs to its list. */
typedef struct mustache_error {
	mustache_status kind;
	const char *file;        /* the template's file name, "" if none */
	unsigned long line;      /* 0 when the error has no place */
	unsigned long col;
	const char *message;     /* without file and position */
} mustache_error;

typedef struct mustache_errors mustache_errors;

/* A new, empty list. Returns NULL when out of memory. Free with
 * mustache_errors_free(). */
mustache_errors *mustache_errors_new(void);
void mustache_errors_free(mustache_errors *errs);
/* Remove every error; the list stays usable. */
void mustache_errors_clear(mustache_errors *errs);
/* Number of errors, and the I-th (0-based; NULL when out of range). The
 * pointer stays valid until the list is cleared, grows or is freed. */
size_t mustache_errors_count(const mustache_errors *errs);
const mustache_error *mustache_errors_at(const mustache_errors *errs,
    size_t i);

/* ---------------------------------------------------------------------
 * Values: the data a template is rendered against.
 *
 * Every value lives in an arena and is released with it, all at once.
 * Builders return NULL when out of memory and then mark the arena as
 * failed; mustache_list_push() and mustache_map_set() accept a NULL
 * list, map or item (and then do nothing and return -1), so a page's data
 * can be built without a check per call and checked once with
 * mustache_arena_failed() before rendering.
 *
 * Strings are copied into the arena, except by the *_ref builders, which
 * borrow: the caller keeps such a string valid and unchanged until the
 * arena is reset or freed. A NULL string gives the null value.
 *
 * Truth, for sections: null, false, an empty string or markup and an
 * empty list are false; everything else (any number, any map) is true.
 * ------------------------------------------------------------------- */

typedef struct mustache_arena mustache_arena;
typedef struct mustache_value mustache_value;

typedef enum mustache_type {
	MUSTACHE_NULL = 0,
	MUSTACHE_BOOL,      /* renders as "true" or "false" */
	MUSTACHE_STRING,    /* text; escaped by {{x}} */
	MUSTACHE_NUMBER,    /* a number as the text to show, e.g. "33500" */
	MUSTACHE_LIST,
	MUSTACHE_MAP,       /* string keys, in insertion order */
	MUSTACHE_MARKUP     /* markup the generator built itself (SVG): the
	                     * only value that {{{x}}} or {{&x}} may output in
	                     * strict mode; {{x}} still escapes it */
} mustache_type;

/* A new arena. Returns NULL when out of memory. Free with
 * mustache_arena_free(), which releases every value built in it. */
mustache_arena *mustache_arena_new(void);
void mustache_arena_free(mustache_arena *a);
/* Release every value built in A but keep (some of) its memory for the
 * next page, and clear its failed mark. */
void mustache_arena_reset(mustache_arena *a);
/* Whether an allocation in A failed since it was made or reset. */
bool mustache_arena_failed(const mustache_arena *a);
/* How many allocations in any arena of this process have failed: a
 * reset forgets that an arena failed, this does not (so a value that
 * could not be made is never rendered as absent without a trace). */
unsigned long mustache_arena_failures(void);

/* Scalars. NULL only when out of memory (null and booleans never fail). */
mustache_value *mustache_null(mustache_arena *a);
mustache_value *mustache_bool(mustache_arena *a, bool b);
mustache_value *mustache_string(mustache_arena *a, const char *s);
mustache_value *mustache_string_n(mustache_arena *a, const char *s,
    size_t len);
mustache_value *mustache_string_ref(mustache_arena *a, const char *s);
/* A number as the text to show ("4.5", "33500"), copied. */
mustache_value *mustache_number(mustache_arena *a, const char *text);
mustache_value *mustache_number_int(mustache_arena *a, long long n);
mustache_value *mustache_markup(mustache_arena *a, const char *s);
mustache_value *mustache_markup_ref(mustache_arena *a, const char *s);

/* An empty list or map. */
mustache_value *mustache_list(mustache_arena *a);
mustache_value *mustache_map(mustache_arena *a);
/* Append ITEM to LIST (built in A). Returns 0, or -1 when out of memory
 * or when LIST is not a list or LIST or ITEM is NULL; LIST is then
 * unchanged. */
int mustache_list_push(mustache_arena *a, mustache_value *list,
    mustache_value *item);
/* Set KEY (copied) to VALUE in MAP (built in A): a new key goes last, an
 * existing key keeps its place and gets the new value. Returns 0, or -1
 * as mustache_list_push() does. */
int mustache_map_set(mustache_arena *a, mustache_value *map,
    const char *key, mustache_value *value);

/*
 * A list of N items made one at a time, as a section renders them: MAKE
 * (ARG, I, A) returns item I built in A (NULL when out of memory), and
 * everything it built in A is freed once the item is rendered, so that
 * a long list (a table of every figure of a topic) never holds more
 * than one item. ARG and anything MAKE reads must outlive the render;
 * MAKE may not change what was built before (the list's own arena, A,
 * is the one given here). Only sections iterate it: {{#x}} once per
 * item, {{^x}} when N is 0; mustache_list_push() refuses it and
 * mustache_list_at() gives NULL. NULL when out of memory.
 */
typedef mustache_value *(*mustache_item_maker)(void *arg, size_t i,
    mustache_arena *a);
mustache_value *mustache_list_lazy(mustache_arena *a, size_t n,
    mustache_item_maker make, void *arg);
/* N zeroed bytes in A, aligned for any type, released with A's values
 * (for what a lazy list's maker reads); NULL when out of memory. */
void *mustache_arena_alloc(mustache_arena *a, size_t n);

/* Reading values back. */
mustache_type mustache_value_type(const mustache_value *v);
/* The text of a string, number or markup value (NUL-terminated) and its
 * length in *LEN when LEN is not NULL; NULL for other types. */
const char *mustache_value_text(const mustache_value *v, size_t *len);
size_t mustache_list_count(const mustache_value *list);
const mustache_value *mustache_list_at(const mustache_value *list,
    size_t i);
/* The value of KEY in MAP, or NULL when MAP is not a map or has no KEY. */
const mustache_value *mustache_map_get(const mustache_value *map,
    const char *key);

/* ---------------------------------------------------------------------
 * Templates and the engine
 * ------------------------------------------------------------------- */

typedef struct mustache_template mustache_template;
typedef struct mustache_engine mustache_engine;

/*
 * Parse LEN bytes of TEXT (copied), naming it FILE in errors. On success
 * sets *OUT to the template, to free with mustache_template_free(), and
 * returns MUSTACHE_OK. Otherwise returns MUSTACHE_ESYNTAX with every
 * syntax error found in ERRS (or MUSTACHE_ENOMEM), and *OUT is NULL.
 *
 * Syntax errors: an unclosed tag, an unclosed or mismatched section
 * (also inverted section, parent and block), a closing tag with no open
 * section, an empty tag name, an invalid name (whitespace, an empty part
 * of a dotted name), an invalid partial name (anything but ASCII letters,
 * digits, '-' and '_', or longer than MUSTACHE_MAX_NAME), a bad delimiter
 * change, nesting deeper than MUSTACHE_MAX_NESTING.
 */
mustache_status mustache_parse(const char *file, const char *text,
    size_t len, mustache_template **out, mustache_errors *errs);
void mustache_template_free(mustache_template *t);
/* The file name the template was parsed under. */
const char *mustache_template_file(const mustache_template *t);

typedef enum mustache_load_result {
	MUSTACHE_LOAD_OK = 0,
	MUSTACHE_LOAD_NOT_FOUND,
	MUSTACHE_LOAD_FAILED      /* errno says why */
} mustache_load_result;

/*
 * A loader: finds the template NAME (a valid partial name: the engine
 * checks it before any call). On MUSTACHE_LOAD_OK it sets *TEXT to a
 * malloc()ed buffer of *LEN bytes (it need not end in NUL) and *FILE to a
 * malloc()ed file name for messages (e.g. "templates/page.mustache"); the
 * engine frees both with free(). On MUSTACHE_LOAD_FAILED it may set *TEXT
 * to a malloc()ed, NUL-terminated reason, which the engine reports (and
 * frees) instead of strerror(errno). Otherwise it sets nothing.
 */
typedef mustache_load_result (*mustache_loader)(void *arg, const char *name,
    char **text, size_t *len, char **file);

/*
 * A new engine in MODE that finds partials and parents with LOAD(ARG, ...)
 * (LOAD may be NULL: then no partial exists). Each template is loaded and
 * parsed once and kept until mustache_engine_free(). Returns NULL when
 * out of memory.
 */
mustache_engine *mustache_engine_new(mustache_mode mode, mustache_loader load,
    void *arg);
void mustache_engine_free(mustache_engine *e);

/*
 * The template NAME, through the loader, parsed. On success sets *OUT
 * (owned by the engine: do not free) and returns MUSTACHE_OK. Otherwise
 * *OUT is NULL and the result is MUSTACHE_ENAME (an invalid name, or the
 * loader does not have it), MUSTACHE_ELOAD, MUSTACHE_ESYNTAX or
 * MUSTACHE_ENOMEM, with the errors in ERRS.
 */
mustache_status mustache_engine_load(mustache_engine *e, const char *name,
    const mustache_template **out, mustache_errors *errs);

/* A write callback: writes N bytes of S; returns 0, or -1 on failure. */
typedef int (*mustache_writer)(void *arg, const char *s, size_t n);

/*
 * Write S (N bytes) through WRITE(ARG, ...) HTML-escaped, as {{x}} writes
 * it: & < > " ' become &amp; &lt; &gt; &quot; &#39;, everything else
 * (UTF-8 included) passes through. The same five characters for HTML text
 * and for quoted attribute values, so the one escape serves both (the
 * generator's escape_html_text() and escape_html_attr() are this).
 * Returns 0, or -1 when WRITE failed (it is not called again).
 */
int mustache_escape_html(const char *s, size_t n, mustache_writer write,
    void *arg);

/*
 * Render T (not NULL) with the mode and partials of E (not NULL) against
 * DATA (NULL is the null value), writing the output with WRITE(ARG, ...). Rendering goes on
 * after an error in the data (strict mode) so that one run reports every
 * such error; output written before an error stays written, so a caller
 * that wants all or nothing renders into a buffer (mustache_render_buf).
 * Returns MUSTACHE_OK, or the kind of the first error, with the errors in
 * ERRS (MUSTACHE_EWRITE and MUSTACHE_ENOMEM stop the render at once).
 */
mustache_status mustache_render(mustache_engine *e,
    const mustache_template *t, const mustache_value *data,
    mustache_writer write, void *arg, mustache_errors *errs);

/* A growable output buffer. DATA is NUL-terminated once anything has
 * been written; free it with mustache_buf_free(). */
typedef struct mustache_buf {
	char *data;
	size_t len;
	size_t cap;
} mustache_buf;

#define MUSTACHE_BUF_INIT { NULL, 0, 0 }

/* As mustache_render(), appending to OUT. On failure OUT is as it was
 * before the call (its memory may have grown). */
mustache_status mustache_render_buf(mustache_engine *e,
    const mustache_template *t, const mustache_value *data,
    mustache_buf *out, mustache_errors *errs);
/* A mustache_writer that appends to the mustache_buf ARG. */
int mustache_buf_write(void *arg, const char *s, size_t n);
/* Free B's memory and make it empty again. */
void mustache_buf_free(mustache_buf *b);

#endif /* REEKS_MUSTACHE_H */
