/*
 * mustache-internal.h: what the parts of the template engine share: the
 * arena, the value representation, the template tree and the error list.
 * Not for use outside gen/mustache-*.c.
 */
#ifndef REEKS_MUSTACHE_INTERNAL_H
#define REEKS_MUSTACHE_INTERNAL_H

#include <stdint.h>

#include "mustache.h"
#include "shared.h"

#if defined(__GNUC__)
#define MU_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define MU_PRINTF(f, a)
#endif

/* ---- arena (value.c): lib/arena.c's (lib/shared.h) -------------------- */

struct mustache_arena {
	arena mem;
	bool failed;
};

/* N zeroed bytes, aligned for any type, from A; NULL (and A marked
 * failed) when out of memory. Released with A. */
void *mu_alloc(mustache_arena *a, size_t n);
/* A NUL-terminated copy of LEN bytes of S in A, or NULL. */
char *mu_strndup(mustache_arena *a, const char *s, size_t len);
/* Release every block of A; A is then empty and usable. */
void mu_arena_release(mustache_arena *a);

/* ---- values (mustache-value.c) ------------------------------------------ */

typedef struct mu_entry {
	const char *key;
	size_t keylen;
	uint32_t hash;
	mustache_value *value;
} mu_entry;

/* What makes a lazy list's items (mustache_list_lazy()). */
typedef struct mu_lazy {
	mustache_item_maker make;
	void *arg;
	mustache_arena *arena;
} mu_lazy;

struct mustache_value {
	mustache_type type;
	union {
		bool b;
		struct {                /* STRING, NUMBER, MARKUP */
			const char *s;
			size_t len;
		} str;
		struct {
			mustache_value **items;
			size_t count, cap;
			const struct mu_lazy *lazy;  /* or NULL */
		} list;
		struct {
			mu_entry *entries;
			size_t count, cap;
			uint32_t *index;  /* entry + 1 per slot, 0 empty */
			size_t index_size;      /* a power of two, or 0 */
		} map;
	} u;
};

/* The value of the LEN bytes of KEY in MAP, or NULL (also when MAP is not
 * a map). */
const mustache_value *mu_map_get(const mustache_value *map, const char *key,
    size_t len);
/* The hash of the LEN bytes of KEY that maps use (FNV-1a). */
uint32_t mu_hash(const char *key, size_t len);
/* As mu_map_get(), with HASH = mu_hash(KEY, LEN) worked out already. */
const mustache_value *mu_map_get_hashed(const mustache_value *map,
    const char *key, size_t len, uint32_t hash);
/* Whether V is true for a section (see mustache.h); NULL is false. */
bool mu_truthy(const mustache_value *v);
/* The shared null value. */
const mustache_value *mu_null_value(void);

/* ---- errors (errors.c) -------------------------------------------------- */

/* Append an error to ERRS (which may be NULL). Returns 0, or -1 when out
 * of memory. */
int mu_error(mustache_errors *errs, mustache_status kind, const char *file,
    unsigned long line, unsigned long col, const char *fmt, ...)
    MU_PRINTF(6, 7);
/* Whether ERRS holds an error equal to this one at index FROM or later. */
bool mu_error_seen(const mustache_errors *errs, size_t from,
    mustache_status kind, const char *file, unsigned long line,
    unsigned long col, const char *message);

/* Remove the errors at index NEW_FROM or later that equal one at index
 * FROM to NEW_FROM (excluded). */
void mu_errors_dedupe(mustache_errors *errs, size_t from, size_t new_from);
/* Sort the errors from index FROM by line and column, keeping the order
 * of errors at the same place. */
void mu_errors_sort(mustache_errors *errs, size_t from);

/* ---- the template tree (mustache-parse.c) ------------------------------ */

typedef enum mu_kind {
	MU_TEXT,
	MU_VAR,         /* {{x}} */
	MU_RAW,         /* {{{x}}}, {{&x}} */
	MU_SECTION,     /* {{#x}} ... {{/x}} */
	MU_INVERTED,    /* {{^x}} ... {{/x}} */
	MU_PARTIAL,     /* {{>x}} */
	MU_PARENT,      /* {{<x}} ... {{/x}} */
	MU_BLOCK        /* {{$x}} ... {{/x}} */
} mu_kind;

typedef struct mu_part {
	const char *s;
	size_t len;
	uint32_t hash;          /* mu_hash(s, len), worked out once */
} mu_part;

typedef struct mu_node mu_node;

struct mu_node {
	mu_kind kind;
	/* The node begins a line of its template: the current indentation
	 * goes before it. */
	bool bol;
	/* PARTIAL, PARENT, BLOCK: the tag stood alone on its line. */
	bool standalone;
	unsigned long line, col;        /* of the tag */
	/* TEXT: the text. Other kinds: the name as written. */
	const char *text;
	size_t len;
	/* VAR, RAW, SECTION, INVERTED: the parts of a dotted name; none for
	 * the implicit iterator ".". */
	mu_part *parts;
	size_t nparts;
	/* Standalone PARTIAL and PARENT: the whitespace before the tag.
	 * Standalone BLOCK: the indentation its content is rendered at (the
	 * common indentation of its content, or else the tag's). */
	const char *indent;
	size_t indent_len;
	/* Standalone BLOCK: the common indentation of its content's lines,
	 * removed from them before the block's indentation is added. */
	size_t dedent;
	mu_node *child;                 /* SECTION, INVERTED, PARENT, BLOCK */
	mu_node *next;
};

struct mustache_template {
	mustache_arena mem;             /* the nodes and the file name */
	const char *file;
	char *src;                      /* malloc()ed; the text nodes point
	                                 * into it */
	size_t len;
	mu_node *root;
};

/* Whether the LEN bytes of NAME make a valid partial name. */
bool mu_partial_name_valid(const char *name, size_t len);

/* Lines that are not text reported per template, at most. */
enum { MU_MAX_TEXT_ERRORS = 100 };

/*
 * Parse SRC (LEN bytes), which the new template takes over (it is freed
 * with the template, or here on failure; SRC may be NULL when LEN is 0),
 * naming it FILE (copied). With TEXT, SRC must also be text as
 * reeks_text_check() says (UTF-8, no NUL, no control character but tab,
 * LF and CR): the first problem of each line is a syntax error there.
 * Returns as mustache_parse() does.
 */
mustache_status mu_parse_owned(const char *file, char *src, size_t len,
    bool text, mustache_template **out, mustache_errors *errs);

#endif /* REEKS_MUSTACHE_INTERNAL_H */
