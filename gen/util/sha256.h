/*
 * sha256.h: SHA-256 (FIPS 180-4) for the files a build writes.
 *
 * On x86-64 processors with the SHA extensions the blocks are hashed
 * with them (about ten times as fast as portable C); elsewhere, in
 * portable C. Both give the same digests (tests/check_downloads compares
 * them with libmd's). Every function is thread-safe: a context belongs to
 * its caller.
 */
#ifndef REEKS_SHA256_H
#define REEKS_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct sha256_ctx {
	uint32_t state[8];
	uint64_t bytes;             /* hashed so far */
	unsigned char block[64];    /* a partial block */
	size_t fill;
} sha256_ctx;

void sha256_init(sha256_ctx *c);
void sha256_update(sha256_ctx *c, const void *data, size_t len);
/* The digest as 64 lowercase hex digits and a NUL. */
void sha256_final_hex(sha256_ctx *c, char hex[65]);
/* The digest of LEN bytes at DATA (NULL when LEN is 0), as hex. */
void sha256_hex(const void *data, size_t len, char hex[65]);
/* Hash the bytes of the file PATH into C. Returns how many, or -1 with
 * errno set when it cannot be read. */
long long sha256_update_file(sha256_ctx *c, const char *path);
/* Whether the SHA extensions are used (for the benchmark's report). */
int sha256_accelerated(void);
/* Force the portable code (for the tests): 1 portable, 0 the default. */
void sha256_force_portable(int portable);

#endif
