/*
 * sha256.c: see sha256.h.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>

#include "util/sha256.h"

static atomic_ulong failures;
/* SHA-256, fetched once (EVP_sha256() would fetch it again at every
 * init, under a lock). */
static _Atomic(EVP_MD *) sha256_md;

unsigned long
sha256_failures(void)
{
	return atomic_load(&failures);
}

/* The algorithm, fetched on first use (again after a fetch that failed);
 * NULL when out of memory. */
static const EVP_MD *
algorithm(void)
{
	EVP_MD *md = atomic_load(&sha256_md), *none = NULL;

	if (md != NULL)
		return md;
	if ((md = EVP_MD_fetch(NULL, "SHA256", NULL)) == NULL)
		return NULL;
	if (!atomic_compare_exchange_strong(&sha256_md, &none, md)) {
		EVP_MD_free(md);            /* another thread was first */
		md = none;
	}
	return md;
}

/* C has failed: free it, count it once, and drop OpenSSL's record of
 * why (this thread's error queue). */
static void
fail(sha256_ctx *c)
{
	EVP_MD_CTX_free(c->md);
	c->md = NULL;
	if (!c->failed)
		atomic_fetch_add(&failures, 1);
	c->failed = 1;
	ERR_clear_error();
}

int
sha256_init(sha256_ctx *c)
{
	const EVP_MD *md = algorithm();

	c->md = NULL;
	c->failed = 0;
	if (md == NULL || (c->md = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex2(c->md, md, NULL) != 1) {
		fail(c);
		return -1;
	}
	return 0;
}

void
sha256_update(sha256_ctx *c, const void *data, size_t len)
{
	if (c->md != NULL && len > 0 && EVP_DigestUpdate(c->md, data,
	    len) != 1)
		fail(c);
}

int
sha256_final_hex(sha256_ctx *c, char hex[65])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	if (c->md == NULL || EVP_DigestFinal_ex(c->md, d, &n) != 1 ||
	    n != 32) {
		fail(c);
		memset(hex, '0', 64);
		hex[64] = '\0';
		return -1;
	}
	EVP_MD_CTX_free(c->md);
	c->md = NULL;
	for (int i = 0; i < 32; i++) {
		hex[2 * i] = digits[d[i] >> 4];
		hex[2 * i + 1] = digits[d[i] & 15];
	}
	hex[64] = '\0';
	return 0;
}

void
sha256_discard(sha256_ctx *c)
{
	EVP_MD_CTX_free(c->md);
	c->md = NULL;
}

int
sha256_hex(const void *data, size_t len, char hex[65])
{
	sha256_ctx c;

	sha256_init(&c);
	sha256_update(&c, data, len);
	return sha256_final_hex(&c, hex);
}

long long
sha256_update_file(sha256_ctx *c, const char *path)
{
	unsigned char chunk[65536];
	FILE *f = fopen(path, "rb");
	long long total = 0;
	size_t n;

	if (f == NULL)
		return -1;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		sha256_update(c, chunk, n);
		total += (long long)n;
	}
	if (ferror(f))
		total = -1;
	fclose(f);
	return total;
}
