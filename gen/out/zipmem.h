/*
 * zipmem.h: the allocator of minizip, which never hands it NULL.
 *
 * minizip 1.1 (Debian's libminizip1) writes through the unchecked
 * malloc() of an entry's central header in zipOpenNewFileInZip4_64(), so
 * a failure of that one allocation crashes it. The Makefile links a copy
 * of Debian's static libminizip.a whose malloc and free are renamed
 * reeks_zip_malloc and reeks_zip_free (objcopy --redefine-sym): when
 * malloc fails, a small request (a central header: 46 bytes, the name,
 * 32 spare) gets a block of a static emergency pool, and the calling
 * thread is marked out of memory; the caller (gen/data/bundle.c) asks
 * zipmem_failed() after each minizip call, and fails the zip with "out of
 * memory". The bytes of a zip that did not fail are not changed.
 *
 * When zipOpenNewFileInZip4_64() fails after it has allocated the
 * central header (zlib's deflateInit2() out of memory, or the local
 * header not written), minizip 1.1 forgets the header: the entry is not
 * open, so neither zipCloseFileInZip() nor zipClose() frees it. The
 * caller brackets that call with zipmem_watch() and zipmem_unwatch(),
 * which frees the block minizip allocated in between when the call
 * failed.
 */
#ifndef REEKS_ZIPMEM_H
#define REEKS_ZIPMEM_H

#include <stdbool.h>
#include <stddef.h>

/* The longest request the pool serves, and so the longest central
 * header minizip can be given safely: bundle.c refuses entry names
 * longer than ZIPMEM_NAME_MAX. */
#define ZIPMEM_BLOCK_MAX 2048
#define ZIPMEM_NAME_MAX 1024

/* minizip's malloc and free (never called by reeks itself).
 * reeks_zip_malloc returns malloc(SIZE), or when that fails and SIZE is
 * at most ZIPMEM_BLOCK_MAX a block of the pool, or NULL, marking this
 * thread out of memory either way; reeks_zip_free frees either kind, and accepts
 * NULL. */
void *reeks_zip_malloc(size_t size);
void reeks_zip_free(void *p);

/* Clear this thread's mark: call before a zip starts. */
void zipmem_reset(void);

/* Whether, since zipmem_reset(), an allocation of minizip's on this
 * thread failed and was served from the pool (a zip to give up on, for
 * lack of memory). */
bool zipmem_failed(void);

/* Remember the first block minizip allocates on this thread from now
 * until zipmem_unwatch(): the central header, the only allocation of
 * zipOpenNewFileInZip4_64() when no entry is open. */
void zipmem_watch(void);

/* Stop remembering; when FAILED (minizip's own call returned an error,
 * so it does not keep the block), free the block remembered. */
void zipmem_unwatch(bool failed);

#endif
