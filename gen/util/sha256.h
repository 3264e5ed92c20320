/*
 * sha256.h: SHA-256 for the files a build writes, from libcrypto
 * (OpenSSL's EVP, which uses the processor's SHA instructions where it
 * has them).
 *
 * A hash can fail: OpenSSL allocates a context for each one. A failed
 * hash gives 64 zeros (a well-formed digest that no file has), and
 * sha256_failures() counts it, so that the build that asked fails "out
 * of memory" before it puts anything in place (out_commit()). Every
 * function is thread-safe: a context belongs to its caller.
 */
#ifndef REEKS_SHA256_H
#define REEKS_SHA256_H

#include <stddef.h>

struct evp_md_ctx_st;

/* Zero it, or sha256_init() it, before use. */
typedef struct sha256_ctx {
	struct evp_md_ctx_st *md;   /* NULL before init, after final */
	int failed;                 /* an EVP call failed */
} sha256_ctx;

/* Start C (a context that is zeroed, finished, or not yet used).
 * Returns 0, or -1 when out of memory (C is then failed: its digest
 * will be zeros). */
int sha256_init(sha256_ctx *c);
void sha256_update(sha256_ctx *c, const void *data, size_t len);
/* The digest as 64 lowercase hex digits and a NUL, and C's memory
 * freed. Returns 0, or -1 when the hash failed (HEX is then 64 zeros). */
int sha256_final_hex(sha256_ctx *c, char hex[65]);
/* Free C without a digest (a hash given up on an error path); C may be
 * zeroed, finished or failed. */
void sha256_discard(sha256_ctx *c);
/* The digest of LEN bytes at DATA (NULL when LEN is 0), as hex: as
 * sha256_final_hex(). */
int sha256_hex(const void *data, size_t len, char hex[65]);
/* Hash the bytes of the file PATH into C. Returns how many, or -1 with
 * errno set when it cannot be read. */
long long sha256_update_file(sha256_ctx *c, const char *path);
/* How many hashes of this process have failed (an EVP call failed: for
 * lack of memory). */
unsigned long sha256_failures(void);

#endif
