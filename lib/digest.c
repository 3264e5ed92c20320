/*
 * digest.c: the content digest of each top-level item of the data (a
 * series, source, geography, topic, claim, change entry or release), so
 * that a build can tell which items changed (see reeks.h,
 * reeks_series_digest()).
 *
 * The digest is the SHA-256 (OpenSSL's SHA256_*) of the element as the reader
 * sees it after parsing and validation: its name and namespace, its
 * attributes in order (names and values, defaults the schema filled in
 * included), and in order its text (CDATA as text) and child elements,
 * each the same way, every string framed by a tag byte and its length.
 * Comments and processing instructions, which the reader ignores, are
 * left out, and so is where the element stands (its file and line).
 */
/* SHA256_Init and the rest, which allocate nothing (EVP does, and
 * crashes in OpenSSL when that fails): as gen/util/sha256.c. */
#define OPENSSL_API_COMPAT 0x10101000L
#include <stdint.h>
#include <string.h>

#include <openssl/sha.h>

#include "loader.h"

/* The hash under way, fed through a buffer: an element is many short
 * strings, and a call of SHA256_Update() costs more than copying. */
typedef struct hasher {
	SHA256_CTX c;
	size_t n;
	bool ok;
	unsigned char buf[4096];
} hasher;

static void
flush(hasher *h)
{
	if (h->n > 0 && SHA256_Update(&h->c, h->buf, h->n) != 1)
		h->ok = false;
	h->n = 0;
}

static void
add(hasher *h, const void *p, size_t n)
{
	if (n == 0)                 /* P may be NULL then */
		return;
	if (h->n + n > sizeof h->buf) {
		flush(h);
		if (n > sizeof h->buf) {
			if (SHA256_Update(&h->c, p, n) != 1)
				h->ok = false;
			return;
		}
	}
	memcpy(h->buf + h->n, p, n);
	h->n += n;
}

/* S framed by TAG and its length. */
static void
put(hasher *h, char tag, const xmlChar *s)
{
	uint64_t n = s != NULL ? (uint64_t)strlen((const char *)s) : 0;

	add(h, &tag, 1);
	add(h, &n, sizeof n);
	if (n > 0)
		add(h, s, (size_t)n);
}

/* Element N into H. DEPTH bounds the recursion (the parser allows 256
 * levels). */
static void
element(hasher *h, const xmlNode *n, int depth)
{
	if (depth >= 1024) {
		h->ok = false;
		return;
	}
	put(h, 'E', n->name);
	put(h, 'N', n->ns != NULL ? n->ns->href : NULL);
	for (const xmlAttr *a = n->properties; a != NULL; a = a->next) {
		put(h, 'A', a->name);
		put(h, 'N', a->ns != NULL ? a->ns->href : NULL);
		for (const xmlNode *t = a->children; t != NULL; t = t->next)
			put(h, 'V', t->type == XML_TEXT_NODE ? t->content :
			    t->name);
	}
	for (const xmlNode *k = n->children; k != NULL; k = k->next) {
		if (k->type == XML_ELEMENT_NODE)
			element(h, k, depth + 1);
		else if (k->type == XML_TEXT_NODE ||
		    k->type == XML_CDATA_SECTION_NODE)
			put(h, 'T', k->content);
		else if (k->type == XML_ENTITY_REF_NODE)
			put(h, 'R', k->name);
	}
	put(h, ')', NULL);
}

bool
reeks_digest_node(const xmlNode *n, unsigned char out[32])
{
	hasher h = { .ok = true };

	h.ok = SHA256_Init(&h.c) == 1;
	if (h.ok)
		element(&h, n, 0);
	flush(&h);
	h.ok = SHA256_Final(out, &h.c) == 1 && h.ok;
	if (!h.ok)
		memset(out, 0, 32);
	return h.ok;
}

/* ---- the API ----------------------------------------------------------- */

#define DIGEST_OF(type, name) \
	REEKS_API const unsigned char * \
	reeks_##name##_digest(const type *x) \
	{ \
		return ((const item *)(const void *)x)->digest; \
	}

DIGEST_OF(reeks_series, series)
DIGEST_OF(reeks_topic, topic)
DIGEST_OF(reeks_geography, geography)
DIGEST_OF(reeks_source, source)
DIGEST_OF(reeks_claim, claim)
DIGEST_OF(reeks_change, change)
DIGEST_OF(reeks_release, release)
