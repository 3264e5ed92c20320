/*
 * loadcache.c: fuzz the reader of the load cache (lib/loadcache.c), a
 * parser of bytes from a file anyone may have damaged. The input is
 * taken as a whole cache without its key and checksum being checked
 * (a fuzzer cannot make a SHA-256), so that the header, the list of
 * files and every payload (the items and diagnostics of a file) are
 * decoded as the loader would.
 *
 * Rules checked: no crash or undefined behaviour (the sanitizers of make
 * fuzz and make check-asan), no leak, and never more payloads decoded
 * than the input could hold (each takes at least 44 bytes).
 */
#include <stdlib.h>

#include "fuzz.h"
#include "internal.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int n = reeks_cache_fuzz(data, size);

	if (n < 0 || (size_t)n > size / 44)
		abort();
	return 0;
}
