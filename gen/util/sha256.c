/*
 * sha256.c: see sha256.h.
 */
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "util/sha256.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <cpuid.h>
#include <immintrin.h>
#define HAVE_SHA_NI 1
#endif

static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b,
	0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
	0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7,
	0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
	0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152,
	0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
	0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
	0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
	0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
};

/* ---- portable ---------------------------------------------------------- */

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void
blocks_portable(uint32_t state[8], const unsigned char *p, size_t n)
{
	uint32_t w[64];

	for (; n > 0; n--, p += 64) {
		uint32_t a = state[0], b = state[1], c = state[2],
		    d = state[3], e = state[4], f = state[5], g = state[6],
		    h = state[7];

		for (int i = 0; i < 16; i++)
			w[i] = (uint32_t)p[4 * i] << 24 |
			    (uint32_t)p[4 * i + 1] << 16 |
			    (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
		for (int i = 16; i < 64; i++) {
			uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^
			    (w[i - 15] >> 3);
			uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^
			    (w[i - 2] >> 10);

			w[i] = w[i - 16] + s0 + w[i - 7] + s1;
		}
		for (int i = 0; i < 64; i++) {
			uint32_t s1 = ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25);
			uint32_t ch = (e & f) ^ (~e & g);
			uint32_t t1 = h + s1 + ch + K[i] + w[i];
			uint32_t s0 = ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22);
			uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
			uint32_t t2 = s0 + maj;

			h = g;
			g = f;
			f = e;
			e = d + t1;
			d = c;
			c = b;
			b = a;
			a = t1 + t2;
		}
		state[0] += a;
		state[1] += b;
		state[2] += c;
		state[3] += d;
		state[4] += e;
		state[5] += f;
		state[6] += g;
		state[7] += h;
	}
}

/* ---- the SHA extensions (Intel SHA-NI) ---------------------------------- */

#ifdef HAVE_SHA_NI
__attribute__((target("sha,sse4.1,ssse3")))
static void
blocks_ni(uint32_t state[8], const unsigned char *p, size_t n)
{
	const __m128i mask = _mm_set_epi64x(0x0c0d0e0f08090a0bULL,
	    0x0405060700010203ULL);
	__m128i tmp, st0, st1, w[4];

	/* The state as the instructions want it: ABEF and CDGH. */
	tmp = _mm_loadu_si128((const __m128i *)(const void *)&state[0]);
	st1 = _mm_loadu_si128((const __m128i *)(const void *)&state[4]);
	tmp = _mm_shuffle_epi32(tmp, 0xb1);           /* CDAB */
	st1 = _mm_shuffle_epi32(st1, 0x1b);           /* EFGH */
	st0 = _mm_alignr_epi8(tmp, st1, 8);           /* ABEF */
	st1 = _mm_blend_epi16(st1, tmp, 0xf0);        /* CDGH */

	for (; n > 0; n--, p += 64) {
		__m128i save0 = st0, save1 = st1;

		for (int i = 0; i < 16; i++) {
			__m128i m;

			if (i < 4) {
				w[i] = _mm_shuffle_epi8(_mm_loadu_si128(
				    (const __m128i *)(const void *)
				    (p + 16 * i)), mask);
			} else {
				/* W[t] = W[t-16] + s0(W[t-15]) + W[t-7] +
				 * s1(W[t-2]), four at a time. */
				__m128i t = _mm_sha256msg1_epu32(w[i & 3],
				    w[(i + 1) & 3]);

				t = _mm_add_epi32(t, _mm_alignr_epi8(
				    w[(i + 3) & 3], w[(i + 2) & 3], 4));
				w[i & 3] = _mm_sha256msg2_epu32(t,
				    w[(i + 3) & 3]);
			}
			m = _mm_add_epi32(w[i & 3], _mm_loadu_si128(
			    (const __m128i *)(const void *)&K[4 * i]));
			st1 = _mm_sha256rnds2_epu32(st1, st0, m);
			st0 = _mm_sha256rnds2_epu32(st0, st1,
			    _mm_shuffle_epi32(m, 0x0e));
		}
		st0 = _mm_add_epi32(st0, save0);
		st1 = _mm_add_epi32(st1, save1);
	}
	tmp = _mm_shuffle_epi32(st0, 0x1b);           /* FEBA */
	st1 = _mm_shuffle_epi32(st1, 0xb1);           /* DCHG */
	st0 = _mm_blend_epi16(tmp, st1, 0xf0);        /* DCBA */
	st1 = _mm_alignr_epi8(st1, tmp, 8);           /* HGFE */
	_mm_storeu_si128((__m128i *)(void *)&state[0], st0);
	_mm_storeu_si128((__m128i *)(void *)&state[4], st1);
}
#endif

/* 0 not yet known, 1 use the extensions, 2 portable. */
static atomic_int mode;
static atomic_int forced;

static bool
use_ni(void)
{
	int m = atomic_load_explicit(&mode, memory_order_relaxed);

	if (atomic_load_explicit(&forced, memory_order_relaxed))
		return false;
	if (m == 0) {
		m = 2;
#ifdef HAVE_SHA_NI
		unsigned a, b, c, d;

		if (__get_cpuid(1, &a, &b, &c, &d) && (c & bit_SSE4_1) &&
		    (c & bit_SSSE3) && __get_cpuid_count(7, 0, &a, &b, &c,
		    &d) && (b & (1u << 29)))
			m = 1;
#endif
		atomic_store_explicit(&mode, m, memory_order_relaxed);
	}
	return m == 1;
}

static void
blocks(uint32_t state[8], const unsigned char *p, size_t n)
{
#ifdef HAVE_SHA_NI
	if (use_ni()) {
		blocks_ni(state, p, n);
		return;
	}
#endif
	blocks_portable(state, p, n);
}

int
sha256_accelerated(void)
{
	return use_ni();
}

void
sha256_force_portable(int portable)
{
	atomic_store(&forced, portable != 0);
}

void
sha256_init(sha256_ctx *c)
{
	static const uint32_t h0[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
	};

	memcpy(c->state, h0, sizeof h0);
	c->bytes = 0;
	c->fill = 0;
}

void
sha256_update(sha256_ctx *c, const void *data, size_t len)
{
	const unsigned char *p = data;

	c->bytes += len;
	if (c->fill > 0) {
		size_t take = 64 - c->fill < len ? 64 - c->fill : len;

		memcpy(c->block + c->fill, p, take);
		c->fill += take;
		p += take;
		len -= take;
		if (c->fill < 64)
			return;
		blocks(c->state, c->block, 1);
		c->fill = 0;
	}
	if (len >= 64) {
		blocks(c->state, p, len / 64);
		p += len / 64 * 64;
		len %= 64;
	}
	if (len > 0) {
		memcpy(c->block, p, len);
		c->fill = len;
	}
}

void
sha256_final_hex(sha256_ctx *c, char hex[65])
{
	static const char digits[] = "0123456789abcdef";
	uint64_t bits = c->bytes * 8;
	unsigned char pad[72] = { 0x80 };
	size_t padlen = (c->fill < 56 ? 56 : 120) - c->fill;

	for (int i = 0; i < 8; i++)
		pad[padlen + i] = (unsigned char)(bits >> (56 - 8 * i));
	sha256_update(c, pad, padlen + 8);
	for (int i = 0; i < 32; i++) {
		unsigned byte = (c->state[i / 4] >> (24 - 8 * (i % 4))) & 0xff;

		hex[2 * i] = digits[byte >> 4];
		hex[2 * i + 1] = digits[byte & 15];
	}
	hex[64] = '\0';
}

void
sha256_hex(const void *data, size_t len, char hex[65])
{
	sha256_ctx c;

	sha256_init(&c);
	if (len > 0)
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
