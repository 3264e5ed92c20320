/*
 * digest.c: the content digest of each top-level item of the data (a
 * series, source, geography, topic, claim, change entry or release), so
 * that a build can tell which items changed (see reeks.h,
 * reeks_series_digest()).
 *
 * The digest is the SHA-256 (OpenSSL EVP) of the element as the reader
 * sees it after parsing and validation: its name and namespace, its
 * attributes in order (names and values, defaults the schema filled in
 * included), and in order its text (CDATA as text) and child elements,
 * each the same way, every string framed by a tag byte and its length.
 * Comments and processing instructions, which the reader ignores, are
 * left out, and so is where the element stands (its file and line).
 */
#include <stdint.h>
#include <string.h>

#include <openssl/evp.h>

#include "loader.h"

static bool
put(EVP_MD_CTX *c, char tag, const xmlChar *s)
{
	uint64_t n = s != NULL ? (uint64_t)strlen((const char *)s) : 0;

	return EVP_DigestUpdate(c, &tag, 1) == 1 &&
	    EVP_DigestUpdate(c, &n, sizeof n) == 1 &&
	    (n == 0 || EVP_DigestUpdate(c, s, (size_t)n) == 1);
}

/* Element N into C; false when hashing failed. DEPTH bounds the
 * recursion (the parser allows 256 levels). */
static bool
element(EVP_MD_CTX *c, const xmlNode *n, int depth)
{
	bool ok = depth < 1024 && put(c, 'E', n->name) &&
	    put(c, 'N', n->ns != NULL ? n->ns->href : NULL);

	for (const xmlAttr *a = n->properties; ok && a != NULL; a = a->next) {
		ok = put(c, 'A', a->name) &&
		    put(c, 'N', a->ns != NULL ? a->ns->href : NULL);
		for (const xmlNode *t = a->children; ok && t != NULL;
		    t = t->next)
			ok = put(c, 'V', t->type == XML_TEXT_NODE ?
			    t->content : t->name);
	}
	for (const xmlNode *k = n->children; ok && k != NULL; k = k->next) {
		if (k->type == XML_ELEMENT_NODE)
			ok = element(c, k, depth + 1);
		else if (k->type == XML_TEXT_NODE ||
		    k->type == XML_CDATA_SECTION_NODE)
			ok = put(c, 'T', k->content);
		else if (k->type == XML_ENTITY_REF_NODE)
			ok = put(c, 'R', k->name);
	}
	return ok && put(c, ')', NULL);
}

bool
reeks_digest_node(const xmlNode *n, unsigned char out[32])
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	unsigned int len = 0;
	bool ok = c != NULL && EVP_DigestInit_ex(c, EVP_sha256(), NULL) == 1 &&
	    element(c, n, 0) && EVP_DigestFinal_ex(c, out, &len) == 1 &&
	    len == 32;

	EVP_MD_CTX_free(c);
	if (!ok)
		memset(out, 0, 32);
	return ok;
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
