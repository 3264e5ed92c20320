/*
 * value.c: the arena (lib/arena.c's, see lib/shared.h) and the values
 * templates are rendered against.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mustache-internal.h"

/* ---- arena: lib/arena.c's, with a flag for a failed allocation ------- */

/* Allocations in any arena that failed (mustache_arena_failures()). */
static atomic_ulong arena_failures;

unsigned long
mustache_arena_failures(void)
{
	return atomic_load(&arena_failures);
}

/* An allocation in A failed: mark A, count it. */
static void
mu_fail(mustache_arena *a)
{
	a->failed = true;
	atomic_fetch_add(&arena_failures, 1);
}

void *
mu_alloc(mustache_arena *a, size_t n)
{
	void *p = reeks_arena_alloc(&a->mem, n);

	if (p == NULL)
		mu_fail(a);
	return p;
}

char *
mu_strndup(mustache_arena *a, const char *s, size_t len)
{
	char *p = reeks_arena_strndup(&a->mem, s, len);

	if (p == NULL)
		mu_fail(a);
	return p;
}

void
mu_arena_release(mustache_arena *a)
{
	reeks_arena_free(&a->mem);
	a->failed = false;
}

mustache_arena *
mustache_arena_new(void)
{
	return calloc(1, sizeof(mustache_arena));
}

void
mustache_arena_free(mustache_arena *a)
{
	if (a == NULL)
		return;
	mu_arena_release(a);
	free(a);
}

/* Keep one block of the normal size, free the rest. */
void
mustache_arena_reset(mustache_arena *a)
{
	if (a == NULL)
		return;
	reeks_arena_reset(&a->mem);
	a->failed = false;
}

bool
mustache_arena_failed(const mustache_arena *a)
{
	return a == NULL || a->failed;
}

/* ---- scalars ---------------------------------------------------------- */

/* Never written to: the builders only change lists and maps. */
static mustache_value null_value = { .type = MUSTACHE_NULL };
static mustache_value true_value = { .type = MUSTACHE_BOOL, .u.b = true };
static mustache_value false_value = { .type = MUSTACHE_BOOL, .u.b = false };

const mustache_value *
mu_null_value(void)
{
	return &null_value;
}

mustache_value *
mustache_null(mustache_arena *a)
{
	(void)a;
	return &null_value;
}

mustache_value *
mustache_bool(mustache_arena *a, bool b)
{
	(void)a;
	return b ? &true_value : &false_value;
}

/* A value of TYPE holding S (LEN bytes), copied when COPY. */
static mustache_value *
text_value(mustache_arena *a, mustache_type type, const char *s, size_t len,
    bool copy)
{
	mustache_value *v = mu_alloc(a, sizeof *v);

	if (v == NULL)
		return NULL;
	if (copy && (s = mu_strndup(a, s, len)) == NULL)
		return NULL;
	v->type = type;
	v->u.str.s = s;
	v->u.str.len = len;
	return v;
}

mustache_value *
mustache_string(mustache_arena *a, const char *s)
{
	if (s == NULL)
		return &null_value;
	return text_value(a, MUSTACHE_STRING, s, strlen(s), true);
}

mustache_value *
mustache_string_n(mustache_arena *a, const char *s, size_t len)
{
	if (s == NULL)
		return &null_value;
	return text_value(a, MUSTACHE_STRING, s, len, true);
}

mustache_value *
mustache_string_ref(mustache_arena *a, const char *s)
{
	if (s == NULL)
		return &null_value;
	return text_value(a, MUSTACHE_STRING, s, strlen(s), false);
}

mustache_value *
mustache_number(mustache_arena *a, const char *text)
{
	if (text == NULL)
		return &null_value;
	return text_value(a, MUSTACHE_NUMBER, text, strlen(text), true);
}

mustache_value *
mustache_number_int(mustache_arena *a, long long n)
{
	char buf[32];
	int len = snprintf(buf, sizeof buf, "%lld", n);

	return text_value(a, MUSTACHE_NUMBER, buf, (size_t)len, true);
}

mustache_value *
mustache_markup(mustache_arena *a, const char *s)
{
	if (s == NULL)
		return &null_value;
	return text_value(a, MUSTACHE_MARKUP, s, strlen(s), true);
}

mustache_value *
mustache_markup_ref(mustache_arena *a, const char *s)
{
	if (s == NULL)
		return &null_value;
	return text_value(a, MUSTACHE_MARKUP, s, strlen(s), false);
}

/* ---- lists and maps ---------------------------------------------------- */

mustache_value *
mustache_list(mustache_arena *a)
{
	mustache_value *v = mu_alloc(a, sizeof *v);

	if (v != NULL)
		v->type = MUSTACHE_LIST;
	return v;
}

mustache_value *
mustache_map(mustache_arena *a)
{
	mustache_value *v = mu_alloc(a, sizeof *v);

	if (v != NULL)
		v->type = MUSTACHE_MAP;
	return v;
}

/* Grow an arena array of *CAP elements of SIZE bytes at *ITEMS holding
 * COUNT, to twice the size (at least MIN). The old array stays in the
 * arena. Returns 0, or -1 when out of memory (nothing changed). */
static int
grow(mustache_arena *a, void **items, size_t *cap, size_t count, size_t size,
    size_t min)
{
	size_t ncap = *cap < min ? min : *cap * 2;
	void *p;

	if (ncap > SIZE_MAX / 2 / size)
		return -1;
	if ((p = mu_alloc(a, ncap * size)) == NULL)
		return -1;
	if (count > 0)
		memcpy(p, *items, count * size);
	*items = p;
	*cap = ncap;
	return 0;
}

mustache_value *
mustache_list_lazy(mustache_arena *a, size_t n, mustache_item_maker make,
    void *arg)
{
	mustache_value *v = mu_alloc(a, sizeof *v);
	mu_lazy *z = mu_alloc(a, sizeof *z);

	if (v == NULL || z == NULL || make == NULL)
		return NULL;
	*z = (mu_lazy){ make, arg, a };
	v->type = MUSTACHE_LIST;
	v->u.list.count = n;
	v->u.list.lazy = z;
	return v;
}

void *
mustache_arena_alloc(mustache_arena *a, size_t n)
{
	return mu_alloc(a, n);
}

int
mustache_list_push(mustache_arena *a, mustache_value *list,
    mustache_value *item)
{
	if (list == NULL || item == NULL || list->type != MUSTACHE_LIST ||
	    list->u.list.lazy != NULL)
		return -1;
	if (list->u.list.count == list->u.list.cap) {
		void *items = list->u.list.items;

		if (grow(a, &items, &list->u.list.cap, list->u.list.count,
		    sizeof(mustache_value *), 8) != 0)
			return -1;
		list->u.list.items = items;
	}
	list->u.list.items[list->u.list.count++] = item;
	return 0;
}

/* FNV-1a. */
uint32_t
mu_hash(const char *key, size_t len)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)key[i];
		h *= 16777619u;
	}
	return h;
}

/* Maps with more keys than this get a hash index. */
enum { MU_MAP_LINEAR = 8 };

/* Whether entry X's key is the LEN bytes of KEY (names are short: a
 * loop, not a call to memcmp()). */
static inline bool
same_key(const mu_entry *x, const char *key, size_t len, uint32_t h)
{
	if (x->hash != h || x->keylen != len)
		return false;
	for (size_t i = 0; i < len; i++)
		if (x->key[i] != key[i])
			return false;
	return true;
}

/* The index of KEY in MAP, or -1. */
static long
map_find(const mustache_value *map, const char *key, size_t len,
    uint32_t h)
{
	const mu_entry *e = map->u.map.entries;

	if (map->u.map.index == NULL) {
		for (size_t i = 0; i < map->u.map.count; i++)
			if (same_key(&e[i], key, len, h))
				return (long)i;
		return -1;
	}
	size_t mask = map->u.map.index_size - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		uint32_t slot = map->u.map.index[i];

		if (slot == 0)
			return -1;
		if (same_key(&e[slot - 1], key, len, h))
			return (long)slot - 1;
	}
}

/* Build MAP's index at SIZE slots (a power of two above twice the number
 * of entries). Returns 0, or -1 when out of memory (nothing changed). */
static int
map_index(mustache_arena *a, mustache_value *map, size_t size)
{
	uint32_t *index = mu_alloc(a, size * sizeof *index);

	if (index == NULL)
		return -1;
	for (size_t k = 0; k < map->u.map.count; k++) {
		size_t i = map->u.map.entries[k].hash & (size - 1);

		while (index[i] != 0)
			i = (i + 1) & (size - 1);
		index[i] = (uint32_t)k + 1;
	}
	map->u.map.index = index;
	map->u.map.index_size = size;
	return 0;
}

int
mustache_map_set(mustache_arena *a, mustache_value *map, const char *key,
    mustache_value *value)
{
	size_t len;
	uint32_t h;
	long at;
	char *copy;

	if (map == NULL || key == NULL || value == NULL ||
	    map->type != MUSTACHE_MAP)
		return -1;
	len = strlen(key);
	h = mu_hash(key, len);
	if ((at = map_find(map, key, len, h)) >= 0) {
		map->u.map.entries[at].value = value;
		return 0;
	}
	if (map->u.map.count >= UINT32_MAX - 1)
		return -1;
	size_t n = map->u.map.count + 1;
	size_t size = map->u.map.index_size;
	if (n > MU_MAP_LINEAR && n * 2 > size) {
		if (size == 0)
			size = 32;
		while (n * 2 > size)
			size *= 2;
	}
	/* Allocate everything first, so that a failure changes nothing. */
	if ((copy = mu_strndup(a, key, len)) == NULL)
		return -1;
	if (map->u.map.count == map->u.map.cap) {
		void *entries = map->u.map.entries;

		if (grow(a, &entries, &map->u.map.cap, map->u.map.count,
		    sizeof(mu_entry), 4) != 0)
			return -1;
		map->u.map.entries = entries;
	}
	mu_entry *e = &map->u.map.entries[map->u.map.count];
	e->key = copy;
	e->keylen = len;
	e->hash = h;
	e->value = value;
	if (size != map->u.map.index_size) {
		map->u.map.count++;
		if (map_index(a, map, size) != 0) {
			map->u.map.count--;
			return -1;
		}
		return 0;
	}
	if (map->u.map.index != NULL) {
		size_t mask = size - 1;
		size_t i = h & mask;

		while (map->u.map.index[i] != 0)
			i = (i + 1) & mask;
		map->u.map.index[i] = (uint32_t)map->u.map.count + 1;
	}
	map->u.map.count++;
	return 0;
}

const mustache_value *
mu_map_get(const mustache_value *map, const char *key, size_t len)
{
	long at;

	if (map == NULL || map->type != MUSTACHE_MAP)
		return NULL;
	at = map_find(map, key, len, mu_hash(key, len));
	return at < 0 ? NULL : map->u.map.entries[at].value;
}

const mustache_value *
mu_map_get_hashed(const mustache_value *map, const char *key, size_t len,
    uint32_t hash)
{
	long at;

	if (map == NULL || map->type != MUSTACHE_MAP)
		return NULL;
	at = map_find(map, key, len, hash);
	return at < 0 ? NULL : map->u.map.entries[at].value;
}

/* ---- reading ------------------------------------------------------------ */

bool
mu_truthy(const mustache_value *v)
{
	if (v == NULL)
		return false;
	switch (v->type) {
	case MUSTACHE_NULL:
		return false;
	case MUSTACHE_BOOL:
		return v->u.b;
	case MUSTACHE_STRING:
	case MUSTACHE_MARKUP:
		return v->u.str.len > 0;
	case MUSTACHE_LIST:
		return v->u.list.count > 0;
	case MUSTACHE_NUMBER:
	case MUSTACHE_MAP:
		return true;
	}
	return false;
}

mustache_type
mustache_value_type(const mustache_value *v)
{
	return v == NULL ? MUSTACHE_NULL : v->type;
}

const char *
mustache_value_text(const mustache_value *v, size_t *len)
{
	if (v == NULL || (v->type != MUSTACHE_STRING &&
	    v->type != MUSTACHE_NUMBER && v->type != MUSTACHE_MARKUP))
		return NULL;
	if (len != NULL)
		*len = v->u.str.len;
	return v->u.str.s;
}

size_t
mustache_list_count(const mustache_value *list)
{
	if (list == NULL || list->type != MUSTACHE_LIST)
		return 0;
	return list->u.list.count;
}

const mustache_value *
mustache_list_at(const mustache_value *list, size_t i)
{
	if (i >= mustache_list_count(list) || list->u.list.lazy != NULL)
		return NULL;
	return list->u.list.items[i];
}

const mustache_value *
mustache_map_get(const mustache_value *map, const char *key)
{
	if (key == NULL)
		return NULL;
	return mu_map_get(map, key, strlen(key));
}
