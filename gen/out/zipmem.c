/*
 * zipmem.c: see zipmem.h.
 *
 * The pool is shared by all threads (a zip is made on one thread, but
 * nothing forbids two at once), bump-allocated under a mutex and emptied
 * when its last block is freed; the mark is per thread, so that one
 * zip's lack of memory fails that zip only. The pool is touched only
 * when malloc has failed, and its range is fixed, so a free() of an
 * ordinary block takes no lock.
 */
#include <pthread.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "out/zipmem.h"

/* Room for four central headers at once: four zips on four threads,
 * each stopped at its first failure. */
enum { POOL_SIZE = 4 * ZIPMEM_BLOCK_MAX };

static alignas(max_align_t) unsigned char pool[POOL_SIZE];
static size_t pool_used;        /* bytes handed out since it was empty */
static size_t pool_live;        /* blocks not yet freed */
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static _Thread_local bool failed;
static _Thread_local bool watching;     /* between watch and unwatch */
static _Thread_local void *watched;     /* the first block since watch */

static bool
in_pool(const void *p)
{
	uintptr_t a = (uintptr_t)p, lo = (uintptr_t)pool;

	return a >= lo && a < lo + sizeof pool;
}

void *
reeks_zip_malloc(size_t size)
{
	void *p = malloc(size);
	size_t need;

	if (p != NULL || size == 0 || size > ZIPMEM_BLOCK_MAX) {
		/* A big request that failed: minizip checks it (a read
		 * buffer), but its caller learns only "an error": mark it. */
		if (p == NULL && size > 0)
			failed = true;
		if (watching && watched == NULL)
			watched = p;
		return p;
	}
	/* Rounded up to keep the next block aligned. */
	need = (size + alignof(max_align_t) - 1) &
	    ~(alignof(max_align_t) - 1);
	if (pthread_mutex_lock(&pool_lock) != 0)
		return NULL;
	if (need <= sizeof pool - pool_used) {
		p = pool + pool_used;
		pool_used += need;
		pool_live++;
		failed = true;
	}
	(void)pthread_mutex_unlock(&pool_lock);
	if (watching && watched == NULL)
		watched = p;
	return p;
}

void
reeks_zip_free(void *p)
{
	if (!in_pool(p)) {
		free(p);
		return;
	}
	if (pthread_mutex_lock(&pool_lock) != 0)
		return;         /* the block stays taken */
	if (pool_live > 0 && --pool_live == 0)
		pool_used = 0;
	(void)pthread_mutex_unlock(&pool_lock);
}

void
zipmem_reset(void)
{
	failed = false;
}

bool
zipmem_failed(void)
{
	return failed;
}

void
zipmem_watch(void)
{
	watching = true;
	watched = NULL;
}

void
zipmem_unwatch(bool call_failed)
{
	if (call_failed)
		reeks_zip_free(watched);
	watching = false;
	watched = NULL;
}
