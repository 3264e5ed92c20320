/*
 * arena.c: a bump allocator (see shared.h): everything a store holds is
 * allocated here and released at once by reeks_store_free(), and the
 * template engine's values (mustache/value.c) live in one too.
 */
#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct arena_block {
	arena_block *next;
	size_t size;
	size_t used;
	alignas(max_align_t) unsigned char data[];
};

/* N bytes aligned to ALIGN (a power of two) in the current block, or at
 * the start of a new one. A block larger than REEKS_ARENA_BLOCK goes
 * behind the current one, which still has room for small things. */
static void *
arena_take(arena *a, size_t n, size_t align)
{
	arena_block *b = a->head;

	if (b != NULL) {
		size_t off = (b->used + align - 1) & ~(align - 1);

		if (off <= b->size && b->size - off >= n) {
			b->used = off + n;
			return b->data + off;
		}
	}
	size_t size = n > REEKS_ARENA_BLOCK ? n : REEKS_ARENA_BLOCK;

	if (size > SIZE_MAX - sizeof *b)
		return NULL;
	if ((b = malloc(sizeof *b + size)) == NULL)
		return NULL;
	b->size = size;
	b->used = n;
	if (size > REEKS_ARENA_BLOCK && a->head != NULL) {
		b->next = a->head->next;
		a->head->next = b;
	} else {
		b->next = a->head;
		a->head = b;
	}
	return b->data;
}

void *
reeks_arena_alloc(arena *a, size_t n)
{
	void *p = arena_take(a, n, alignof(max_align_t));

	if (p != NULL)
		memset(p, 0, n);
	return p;
}

char *
reeks_arena_alloc_text(arena *a, size_t n)
{
	return arena_take(a, n, 1);
}

void
reeks_arena_give_back(arena *a, void *p, size_t n)
{
	arena_block *b = a->head;

	if (b != NULL && n <= b->used &&
	    (unsigned char *)p == b->data + b->used - n)
		b->used -= n;
}

char *
reeks_arena_strndup(arena *a, const char *s, size_t len)
{
	char *p;

	if (len == SIZE_MAX || (p = reeks_arena_alloc_text(a, len + 1)) == NULL)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
reeks_arena_strdup(arena *a, const char *s)
{
	return reeks_arena_strndup(a, s, strlen(s));
}

void
reeks_arena_free(arena *a)
{
	arena_block *b = a->head;

	while (b != NULL) {
		arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
}

void
reeks_arena_reset(arena *a)
{
	arena_block *keep = NULL;

	for (arena_block *b = a->head, *next; b != NULL; b = next) {
		next = b->next;
		if (keep == NULL && b->size == REEKS_ARENA_BLOCK) {
			keep = b;
			keep->next = NULL;
			keep->used = 0;
		} else
			free(b);
	}
	a->head = keep;
}

void
reeks_arena_splice(arena *to, arena *from)
{
	arena_block *b = from->head;

	if (b == NULL)
		return;
	while (b->next != NULL)
		b = b->next;
	/* FROM's blocks go after TO's head, which stays the one that
	 * reeks_arena_alloc() fills. */
	if (to->head == NULL) {
		to->head = from->head;
	} else {
		b->next = to->head->next;
		to->head->next = from->head;
	}
	from->head = NULL;
}

void
reeks_arena_mark(const arena *a, arena_mark *m)
{
	m->head = a->head;
	m->next = a->head != NULL ? a->head->next : NULL;
	m->used = a->head != NULL ? a->head->used : 0;
}

void
reeks_arena_release(arena *a, const arena_mark *m)
{
	arena_block *b = a->head, *next;

	/* Blocks made since went in front of the marked head, or, when
	 * large, just behind it: free both. */
	for (; b != m->head; b = next) {
		next = b->next;
		free(b);
	}
	a->head = m->head;
	if (m->head == NULL)
		return;
	for (b = m->head->next; b != m->next; b = next) {
		next = b->next;
		free(b);
	}
	m->head->next = m->next;
	m->head->used = m->used;
}
