/*
 * xmlmem.c: count libxml2's failed allocations.
 *
 * libxml2 2.9 does not survive every failed allocation: some crash it
 * (in xmlSchemaParse(), in the tree builder), and after others the schema
 * layer reports a valid value as invalid ("'en' is not an element of the
 * set {'en', 'nl'}") or an "Internal error", without saying that memory
 * ran out. So libxml2 allocates through functions that forward to
 * malloc() and realloc() (those it uses by default) and, when one fails,
 * release a reserve of RESERVE bytes and try once more; only when that
 * fails too does libxml2 see NULL, and the failure is counted. A load
 * during which one was counted reports "out of memory" and nothing that
 * libxml2 said. The functions are installed only over libxml2's
 * defaults, never over a caller's own (then only the failures libxml2
 * reports count). The reserve is taken again when the next load starts.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/threads.h>
#include <libxml/xmlmemory.h>
#include <libxml/xmlversion.h>

#include "internal.h"

enum { RESERVE = 1 << 20 };

static atomic_ulong failures;
static _Atomic(void *) reserve;
static pthread_once_t installed = PTHREAD_ONCE_INIT;

/* Release the reserve, if it is still held. */
static void
release_reserve(void)
{
	free(atomic_exchange(&reserve, NULL));
}

static void *
counted_malloc(size_t n)
{
	void *p = malloc(n);

	if (p == NULL) {
		release_reserve();
		if ((p = malloc(n)) == NULL)
			atomic_fetch_add(&failures, 1);
	}
	return p;
}

/* Like realloc(), P is left as it was when it fails. */
static void *
counted_realloc(void *p, size_t n)
{
	void *q = realloc(p, n);

	if (q == NULL && n > 0) {
		release_reserve();
		if ((q = realloc(p, n)) == NULL)
			atomic_fetch_add(&failures, 1);
	}
	return q;
}

static void
install(void)
{
	xmlFreeFunc f;
	xmlMallocFunc m;
	xmlReallocFunc r;
	xmlStrdupFunc s;

	if (xmlMemGet(&f, &m, &r, &s) == 0 && f == free && m == malloc &&
	    r == realloc)
		xmlMemSetup(free, counted_malloc, counted_realloc, s);
	/* Once, and on one thread: loads may then run on several at once
	 * (xmlInitParser() is not safe to call from two at a time). */
	xmlInitParser();
}

unsigned long
reeks_xml_nomem_watch(void)
{
	pthread_once(&installed, install);
	if (atomic_load(&reserve) == NULL) {
		void *r = malloc(RESERVE), *none = NULL;

		if (r != NULL && !atomic_compare_exchange_strong(&reserve,
		    &none, r))
			free(r);
	}
	return atomic_load(&failures);
}

unsigned long
reeks_xml_nomem_count(void)
{
	return atomic_load(&failures);
}

/*
 * libxml2 before 2.12 allocates a thread's state (xmlGlobalState) with
 * malloc() on the thread's first call; when that fails it reports through
 * the state it lacks: it dereferences NULL, or, when malloc() fails again,
 * recurses until the stack runs out. So first check that the memory is
 * there (a block as large, freed again at once), then make the state.
 */
bool
reeks_thread_ready(void)
{
#if LIBXML_VERSION >= 21200
	return xmlCheckThreadLocalStorage() == 0;
#else
	void *probe;

	if (xmlIsMainThread())
		return true;
	if ((probe = malloc(sizeof(xmlGlobalState))) == NULL)
		return false;
	free(probe);
	return xmlGetGlobalState() != NULL;
#endif
}
