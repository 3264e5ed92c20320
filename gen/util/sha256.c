/*
 * sha256.c: see sha256.h.
 */
/* SHA256_Init and the rest are deprecated in OpenSSL 3.0 in favour of
 * EVP: ask for the 1.1.1 interface, which has them without the warning. */
#define OPENSSL_API_COMPAT 0x10101000L

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "util/sha256.h"

static atomic_ulong failures;

unsigned long
sha256_failures(void)
{
	return atomic_load(&failures);
}

/* A call on C returned RC: remember a failure, once. */
static void
check(sha256_ctx *c, int rc)
{
	if (rc == 1 || c->failed)
		return;
	c->failed = 1;
	atomic_fetch_add(&failures, 1);
}

void
sha256_init(sha256_ctx *c)
{
	c->failed = 0;
	check(c, SHA256_Init(&c->c));
}

void
sha256_update(sha256_ctx *c, const void *data, size_t len)
{
	if (len > 0 && !c->failed)
		check(c, SHA256_Update(&c->c, data, len));
}

void
sha256_final_hex(sha256_ctx *c, char hex[65])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char d[SHA256_DIGEST_LENGTH];

	if (!c->failed)
		check(c, SHA256_Final(d, &c->c));
	for (int i = 0; i < SHA256_DIGEST_LENGTH; i++) {
		hex[2 * i] = c->failed ? '0' : digits[d[i] >> 4];
		hex[2 * i + 1] = c->failed ? '0' : digits[d[i] & 15];
	}
	hex[64] = '\0';
}

void
sha256_hex(const void *data, size_t len, char hex[65])
{
	sha256_ctx c;

	sha256_init(&c);
	sha256_update(&c, data, len);
	sha256_final_hex(&c, hex);
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
