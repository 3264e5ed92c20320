/*
 * arena.c: a bump allocator for the store. Everything a store holds is
 * allocated here and released at once by reeks_store_free().
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

enum { ARENA_BLOCK = 64 * 1024 };

/* N bytes aligned to ALIGN (a power of two) in the current block, or at
 * the start of a new one. */
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
	size_t size = n > ARENA_BLOCK ? n : ARENA_BLOCK;

	if (size > SIZE_MAX - sizeof *b)
		return NULL;
	if ((b = malloc(sizeof *b + size)) == NULL)
		return NULL;
	b->size = size;
	b->used = n;
	b->next = a->head;
	a->head = b;
	return b->data;
}

void *
arena_alloc(arena *a, size_t n)
{
	void *p = arena_take(a, n, alignof(max_align_t));

	if (p != NULL)
		memset(p, 0, n);
	return p;
}

char *
arena_alloc_text(arena *a, size_t n)
{
	return arena_take(a, n, 1);
}

void
arena_give_back(arena *a, void *p, size_t n)
{
	arena_block *b = a->head;

	if (b != NULL && n <= b->used &&
	    (unsigned char *)p == b->data + b->used - n)
		b->used -= n;
}

char *
arena_strndup(arena *a, const char *s, size_t len)
{
	char *p;

	if (len == SIZE_MAX || (p = arena_alloc_text(a, len + 1)) == NULL)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
arena_strdup(arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

void
arena_free(arena *a)
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
arena_splice(arena *to, arena *from)
{
	arena_block *b = from->head;

	if (b == NULL)
		return;
	while (b->next != NULL)
		b = b->next;
	/* FROM's blocks go after TO's head, which stays the one that
	 * arena_alloc() fills. */
	if (to->head == NULL) {
		to->head = from->head;
	} else {
		b->next = to->head->next;
		to->head->next = from->head;
	}
	from->head = NULL;
}
