/*
 * catalog.c: see catalog.h.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "site/catalog.h"
#include "gen.h"

/* A piece of a message's text: LIT (LITLEN bytes), then the placeholder
 * {NAME} (NAMELEN bytes) unless NAME is NULL. */
typedef struct piece {
	const char *lit;
	size_t litlen;
	const char *name;
	size_t namelen;
} piece;

typedef struct entry {
	char *key;
	char *text;
	unsigned long line;
	unsigned long col;          /* of the text's first byte */
	/* TEXT cut at its placeholders once, for catalog_format() (in the
	 * sorted copy only). */
	piece *pieces;
	size_t npieces;
} entry;

struct catalog {
	char *path;
	entry *entries;             /* in the file's order */
	entry *sorted;              /* the same, by key, for catalog_get() */
	size_t n;
	size_t cap;
	/* SORTED by the hash of its keys: open addressing, a power of two
	 * slots (more than twice N), each an index + 1 into SORTED, 0 for
	 * none. Pages look up messages by the hundred thousand. */
	uint32_t *index;
	size_t index_size;
};

static uint32_t
key_hash(const char *k)
{
	uint32_t h = 2166136261u;       /* FNV-1a */

	for (; *k != '\0'; k++)
		h = (h ^ (unsigned char)*k) * 16777619u;
	return h;
}

/* The entry of KEY, or NULL. */
static const entry *
find(const catalog *c, const char *key)
{
	size_t mask = c->index_size - 1;

	for (size_t i = key_hash(key) & mask;; i = (i + 1) & mask) {
		uint32_t slot = c->index[i];

		if (slot == 0)
			return NULL;
		if (strcmp(c->sorted[slot - 1].key, key) == 0)
			return &c->sorted[slot - 1];
	}
}

void
catalog_free(catalog *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->n; i++) {
		free(c->entries[i].key);
		free(c->entries[i].text);
	}
	free(c->entries);
	for (size_t i = 0; c->sorted != NULL && i < c->n; i++)
		free(c->sorted[i].pieces);
	free(c->sorted);
	free(c->index);
	free(c->path);
	free(c);
}

static bool
key_ok(const char *k, size_t len)
{
	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!((k[i] >= 'a' && k[i] <= 'z') ||
		    (k[i] >= '0' && k[i] <= '9') || k[i] == '_'))
			return false;
	return true;
}

static char *
trimmed(const char *s, size_t len)
{
	char *p;

	while (len > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
	    s[len - 1] == '\r'))
		len--;
	if ((p = malloc(len + 1)) == NULL)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

/* Cut E's text at its placeholders into E->pieces. Returns false when
 * out of memory. */
static bool
cut_pieces(entry *e)
{
	size_t n = 1;
	const char *text = e->text;

	for (const char *p = text; *p != '\0'; p++)
		n += *p == '{';
	if ((e->pieces = calloc(n, sizeof *e->pieces)) == NULL)
		return false;
	while (*text != '\0') {
		const char *open = strchr(text, '{'), *close;
		piece *pc = &e->pieces[e->npieces++];

		if (open == NULL || (close = strchr(open, '}')) == NULL) {
			*pc = (piece){ text, strlen(text), NULL, 0 };
			break;
		}
		*pc = (piece){ text, (size_t)(open - text), open + 1,
		    (size_t)(close - open - 1) };
		text = close + 1;
	}
	return true;
}

catalog *
catalog_load(const char *path, errlist *errs)
{
	catalog *c = NULL;
	char *data = NULL, msg[256];
	size_t len = 0, bol = 0;
	unsigned long lineno = 0;
	size_t before = errlist_count(errs);

	if (reeks_file_read(path, REEKS_FILE_NOFOLLOW, INPUT_MAX, &data, &len,
	    msg, sizeof msg) != 0) {
		errlist_add(errs, path, 0, 0, "%s", msg);
		return NULL;
	}
	if ((c = calloc(1, sizeof *c)) == NULL ||
	    (c->path = strdup(path)) == NULL)
		goto nomem;
	for (; bol < len; bol++) {
		char *line = data + bol, *nl = memchr(line, '\n', len - bol);
		size_t at, linelen = nl != NULL ? (size_t)(nl - line) :
		    len - bol;
		const char *eq, *why;
		char *key, *text;

		lineno++;
		bol += linelen;
		/* Text only: a NUL would cut the line short, and what is
		 * not UTF-8 (or is a control character) would make pages and
		 * feeds that are not well-formed. */
		if ((why = reeks_text_check(line, linelen, &at)) != NULL) {
			errlist_add(errs, path, lineno, at + 1, "%s", why);
			continue;
		}
		line[linelen] = '\0';
		const char *p = line + strspn(line, " \t");
		if (*p == '\0' || *p == '#' || *p == '\r')
			continue;
		if ((eq = strchr(p, '=')) == NULL) {
			errlist_add(errs, path, lineno, 0,
			    "expected 'key = text'");
			continue;
		}
		key = trimmed(p, (size_t)(eq - p));
		text = trimmed(eq + 1, strlen(eq + 1));
		if (key == NULL || text == NULL) {
			free(key);
			free(text);
			goto nomem;
		}
		if (!key_ok(key, strlen(key))) {
			errlist_add(errs, path, lineno, 0, "invalid key '%s': "
			    "use a-z, 0-9 and '_'", key);
			free(key);
			free(text);
			continue;
		}
		bool dup = false;
		for (size_t i = 0; i < c->n && !dup; i++) {
			if (strcmp(c->entries[i].key, key) != 0)
				continue;
			errlist_add(errs, path, lineno, 0, "duplicate key '%s' "
			    "(first at line %lu)", key, c->entries[i].line);
			dup = true;
		}
		if (dup || *text == '\0') {
			if (!dup)
				errlist_add(errs, path, lineno, 0,
				    "empty text for '%s'", key);
			free(key);
			free(text);
			continue;
		}
		if (c->n == c->cap) {
			size_t ncap = c->cap ? c->cap * 2 : 64;
			entry *e = realloc(c->entries, ncap * sizeof *e);

			if (e == NULL) {
				free(key);
				free(text);
				goto nomem;
			}
			c->entries = e;
			c->cap = ncap;
		}
		c->entries[c->n++] = (entry){ key, text, lineno,
		    (unsigned long)(eq + 1 + strspn(eq + 1, " \t") - line) +
		    1, NULL, 0 };
	}
	free(data);
	if (errlist_count(errs) > before) {
		catalog_free(c);
		return NULL;
	}
	/* Pages look up messages by the thousand: by key, not in turn.
	 * An entry starts with its key, as cmp_strings() wants. */
	if ((c->sorted = malloc((c->n ? c->n : 1) * sizeof *c->sorted)) ==
	    NULL) {
		errlist_add(errs, path, 0, 0, "out of memory");
		catalog_free(c);
		return NULL;
	}
	if (c->n > 0) {
		memcpy(c->sorted, c->entries, c->n * sizeof *c->sorted);
		qsort(c->sorted, c->n, sizeof *c->sorted, cmp_strings);
	}
	for (size_t i = 0; i < c->n; i++)
		if (!cut_pieces(&c->sorted[i])) {
			errlist_add(errs, path, 0, 0, "out of memory");
			catalog_free(c);
			return NULL;
		}
	c->index_size = 16;
	while (c->index_size <= 2 * c->n)
		c->index_size *= 2;
	if (c->n >= UINT32_MAX / 4 ||
	    (c->index = calloc(c->index_size, sizeof *c->index)) == NULL) {
		errlist_add(errs, path, 0, 0, "out of memory");
		catalog_free(c);
		return NULL;
	}
	for (size_t k = 0; k < c->n; k++) {
		size_t i = key_hash(c->sorted[k].key) & (c->index_size - 1);

		while (c->index[i] != 0)
			i = (i + 1) & (c->index_size - 1);
		c->index[i] = (uint32_t)k + 1;
	}
	return c;
nomem:
	errlist_add(errs, path, 0, 0, "out of memory");
	free(data);
	catalog_free(c);
	return NULL;
}

const char *
catalog_get(const catalog *c, const char *key)
{
	const entry *e = find(c, key);

	return e != NULL ? e->text : NULL;
}

size_t catalog_count(const catalog *c) { return c->n; }

const char *
catalog_key_at(const catalog *c, size_t i)
{
	return i < c->n ? c->entries[i].key : NULL;
}

const char *
catalog_text_at(const catalog *c, size_t i)
{
	return i < c->n ? c->entries[i].text : NULL;
}

static void
missing(const catalog *a, const catalog *b, errlist *errs)
{
	for (size_t i = 0; i < a->n; i++)
		if (catalog_get(b, a->entries[i].key) == NULL)
			errlist_add(errs, a->path, a->entries[i].line, 0,
			    "'%s' is missing from %s", a->entries[i].key,
			    b->path);
}

void
catalog_compare(const catalog *a, const catalog *b, errlist *errs)
{
	missing(a, b, errs);
	missing(b, a, errs);
}

const char *
catalog_path(const catalog *c)
{
	return c->path;
}

bool
catalog_format(buf *out, const catalog *c, const char *key,
    const char *const *pairs, errlist *errs)
{
	const entry *e = find(c, key);
	/* Written straight into OUT, which goes back to START when a
	 * placeholder has no value. */
	size_t start = out->len;
	bool was_failed = out->failed;

	if (e == NULL) {
		if (errs != NULL)
			errlist_add(errs, c->path, 0, 0, "no message '%s'", key);
		return false;
	}
	for (size_t k = 0; k < e->npieces; k++) {
		const piece *pc = &e->pieces[k];
		const char *value = NULL;

		buf_add(out, pc->lit, pc->litlen);
		if (pc->name == NULL)
			break;
		for (size_t i = 0; pairs != NULL && pairs[i] != NULL;
		    i += 2) {
			/* The first byte first: most names differ there
			 * ("{}" is the name "", as a pair may be). */
			if ((pc->namelen == 0 || pairs[i][0] == pc->name[0]) &&
			    strncmp(pairs[i], pc->name, pc->namelen) == 0 &&
			    pairs[i][pc->namelen] == '\0') {
				value = pairs[i + 1];
				/* A value that could not be made. */
				if (value == NULL)
					buf_fail(out);
				break;
			}
		}
		if (value == NULL) {
			if (errs != NULL && !out->failed)
				errlist_add(errs, c->path, e->line, e->col +
				    (unsigned long)(pc->name - 1 - e->text),
				    "unknown placeholder '%.*s' in '%s'",
				    (int)pc->namelen + 2, pc->name - 1, key);
			if (out->data != NULL && !out->failed) {
				out->len = start;
				out->data[start] = '\0';
			}
			return false;
		}
		buf_puts(out, value);
	}
	return was_failed || !out->failed;
}
