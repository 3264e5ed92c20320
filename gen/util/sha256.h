/*
 * sha256.h: SHA-256 for the files a build writes, from libcrypto
 * (OpenSSL's SHA256_Init, _Update and _Final, which use the processor's
 * SHA instructions where it has them).
 *
 * Not OpenSSL's EVP interface: it allocates for every hash, and OpenSSL
 * 3.0 crashes when an allocation of its first EVP call fails (tests/oom.sh
 * found it: a NULL lock in EVP_MD_fetch()). These calls allocate nothing;
 * a call that returns failure all the same (OpenSSL documents 0 as
 * failure) leaves 64 zeros for the digest and counts in
 * sha256_failures(), and out_commit() then fails the build "out of
 * memory". Every function is thread-safe: a context belongs to its
 * caller, and holds no memory of its own.
 */
#ifndef REEKS_SHA256_H
#define REEKS_SHA256_H

#include <stddef.h>

#include <openssl/sha.h>

typedef struct sha256_ctx {
	SHA256_CTX c;
	int failed;                 /* a call failed */
} sha256_ctx;

void sha256_init(sha256_ctx *c);
void sha256_update(sha256_ctx *c, const void *data, size_t len);
/* The digest as 64 lowercase hex digits and a NUL (64 zeros when a call
 * failed). */
void sha256_final_hex(sha256_ctx *c, char hex[65]);
/* The digest of LEN bytes at DATA (NULL when LEN is 0), as hex. */
void sha256_hex(const void *data, size_t len, char hex[65]);
/* Hash the bytes of the file PATH into C. Returns how many, or -1 with
 * errno set when it cannot be read. */
long long sha256_update_file(sha256_ctx *c, const char *path);
/* How many hashes of this process have failed. */
unsigned long sha256_failures(void);

#endif
