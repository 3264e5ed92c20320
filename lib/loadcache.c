/*
 * loadcache.c: the load cache (reeks_load_options.cache_path): what each
 * data file added to a load (its items and its diagnostics), kept by the
 * SHA-256 of the file's bytes, so that a file whose bytes are unchanged
 * is neither parsed nor validated again.
 *
 * The file, all numbers little-endian:
 *   magic "REEKSLC\n", u32 format version (CACHE_VERSION),
 *   32 bytes: the key (cache_key(): the library's version and build, the
 *     compiled-in schema, libxml2's version, the caller's cache_id),
 *   u64 number of files, then per file:
 *     u32 length and the bytes of its path, 32 bytes: the SHA-256 of the
 *     file's bytes, u64 length and the bytes of its payload (below),
 *   32 bytes: the SHA-256 of everything before.
 * A payload is what the file added, in the order the loader added it:
 * per kind of item (topics, geographies, sources, series, claims,
 * changes, releases) a count and the items, then a count and the
 * diagnostics. Each item is written and read by one function (io_topic()
 * and the others), field by field, the same code for both directions: a
 * new field is one line there (and CACHE_VERSION one more).
 *
 * Nothing in the file is trusted: a cache whose size, magic, version,
 * key or checksum is not what this library would write is not used at
 * all, and a payload that does not decode exactly is not used for its
 * file (the file is read from its XML). Only what reading a file alone
 * gives is kept: resolving references, the uniqueness of ids and the
 * checks across files run on the whole store at every load.
 */
#define _GNU_SOURCE     /* dladdr() */
/* SHA256_Init and the rest, which allocate nothing (EVP does, and
 * crashes in OpenSSL when that fails): as gen/util/sha256.c. */
#define OPENSSL_API_COMPAT 0x10101000L
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/sha.h>

#include "loader.h"

#define CACHE_MAGIC "REEKSLC\n"
enum { MAGIC_LEN = 8, CACHE_VERSION = 2, HASH_LEN = 32 };

/* ---- SHA-256 ------------------------------------------------------------ */

bool
reeks_sha256_parts(const void *const *parts, const size_t *lens, size_t n,
    unsigned char out[32])
{
	SHA256_CTX c;
	bool ok = SHA256_Init(&c) == 1;

	for (size_t i = 0; ok && i < n; i++)
		ok = SHA256_Update(&c, parts[i], lens[i]) == 1;
	return ok && SHA256_Final(out, &c) == 1;
}

bool
reeks_sha256(const void *data, size_t len, unsigned char out[32])
{
	const void *parts[1] = { data };

	return reeks_sha256_parts(parts, &len, 1, out);
}

/* ---- the key -------------------------------------------------------------- */

/* The SHA-256 of the file holding this library (libreeks.so, or the
 * program it is linked into): its build. */
static bool
library_id(unsigned char out[32])
{
	Dl_info info;
	char msg[128], *data = NULL;
	size_t len = 0;
	bool ok;

	if (dladdr((void *)(uintptr_t)library_id, &info) == 0 ||
	    info.dli_fname == NULL ||
	    reeks_file_read(info.dli_fname, 0, 0, &data, &len, msg,
	    sizeof msg) != 0)
		return false;
	ok = reeks_sha256(data, len, out);
	free(data);
	return ok;
}

bool
reeks_cache_key(const char *cache_id, unsigned char key[32])
{
	unsigned char lib[32];
	const char *version = REEKS_VERSION, *xml = xmlParserVersion;
	const unsigned int format = CACHE_VERSION, ptr = sizeof(void *);

	/* The caller's identity of the build (reeks passes the hash of its
	 * executable and libraries); else this library's own. */
	if (cache_id == NULL || *cache_id == '\0') {
		if (!library_id(lib))
			return false;
		cache_id = "";
	} else
		memset(lib, 0, sizeof lib);
	const void *parts[] = { CACHE_MAGIC, &format, &ptr, version, xml,
	    reeks_schema_xsd_bytes, cache_id, lib };
	const size_t lens[] = { MAGIC_LEN, sizeof format, sizeof ptr,
	    strlen(version) + 1, strlen(xml) + 1, reeks_schema_xsd_len,
	    strlen(cache_id) + 1, sizeof lib };

	return reeks_sha256_parts(parts, lens, sizeof lens / sizeof lens[0],
	    key);
}

/* ---- the file --------------------------------------------------------------- */

typedef struct cache_entry {
	const char *path;           /* in the cache's bytes, not terminated */
	size_t path_len;
	const unsigned char *hash;
	const unsigned char *payload;
	size_t len;
} cache_entry;

struct load_cache {
	unsigned char *bytes;
	cache_entry *entries;
	size_t n;
};

void
reeks_cache_close(load_cache *c)
{
	if (c == NULL)
		return;
	free(c->bytes);
	free(c->entries);
	free(c);
}

/* The bytes of a cache file, read from the start. */
typedef struct reader {
	const unsigned char *p;
	size_t left;
	bool bad;               /* a read went past the end */
} reader;

static void
rd_get(reader *r, void *to, size_t n)
{
	if (r->bad || r->left < n) {
		r->bad = true;
		memset(to, 0, n);
		return;
	}
	memcpy(to, r->p, n);
	r->p += n;
	r->left -= n;
}

/* N (4 or 8) bytes, little-endian. */
static uint64_t
rd_le(reader *r, int n)
{
	unsigned char b[8];
	uint64_t v = 0;

	rd_get(r, b, (size_t)n);
	for (int i = n - 1; i >= 0; i--)
		v = v << 8 | b[i];
	return v;
}

/* The cache in the LEN bytes at BUF (taken), when KEY (NULL: any) is its
 * key and, when CHECK, its checksum holds; else NULL. */
load_cache *
reeks_cache_parse(unsigned char *buf, size_t len, const unsigned char *key,
    bool check)
{
	load_cache *lc = calloc(1, sizeof *lc);
	reader c = { buf, len, false };
	unsigned char magic[MAGIC_LEN], sum[HASH_LEN];

	if (lc == NULL || len < MAGIC_LEN + 4 + 2 * HASH_LEN + 8)
		goto bad;
	lc->bytes = buf;
	buf = NULL;
	if (check && (!reeks_sha256(lc->bytes, len - HASH_LEN, sum) ||
	    memcmp(sum, lc->bytes + len - HASH_LEN, HASH_LEN) != 0))
		goto bad;
	c.left -= HASH_LEN;
	rd_get(&c, magic, MAGIC_LEN);
	uint64_t version = rd_le(&c, 4);
	if (memcmp(magic, CACHE_MAGIC, MAGIC_LEN) != 0 ||
	    version != CACHE_VERSION || c.left < HASH_LEN ||
	    (key != NULL && memcmp(c.p, key, HASH_LEN) != 0))
		goto bad;
	c.p += HASH_LEN;
	c.left -= HASH_LEN;
	/* Each file takes at least 4 + 32 + 8 bytes. */
	uint64_t count = rd_le(&c, 8);
	lc->n = (size_t)count;
	if (c.bad || count > c.left / (4 + HASH_LEN + 8) ||
	    (lc->entries = calloc(lc->n ? lc->n : 1,
	    sizeof *lc->entries)) == NULL)
		goto bad;
	for (size_t i = 0; i < lc->n; i++) {
		cache_entry *e = &lc->entries[i];
		uint64_t plen = rd_le(&c, 4), n;

		if (c.bad || plen > c.left)
			goto bad;
		e->path = (const char *)c.p;
		e->path_len = plen;
		c.p += plen;
		c.left -= plen;
		if (c.left < HASH_LEN)
			goto bad;
		e->hash = c.p;
		c.p += HASH_LEN;
		c.left -= HASH_LEN;
		n = rd_le(&c, 8);
		if (c.bad || n > c.left)
			goto bad;
		e->payload = c.p;
		e->len = (size_t)n;
		c.p += n;
		c.left -= (size_t)n;
	}
	if (c.left != 0)
		goto bad;
	return lc;
bad:
	free(buf);
	reeks_cache_close(lc);
	return NULL;
}

load_cache *
reeks_cache_open(const char *path, const unsigned char key[32])
{
	char *data = NULL, msg[128];
	size_t len = 0;

	/* The cache is as large as what the data adds: no limit. */
	if (reeks_file_read(path, REEKS_FILE_NOFOLLOW, 0, &data, &len, msg,
	    sizeof msg) != 0)
		return NULL;
	return reeks_cache_parse((unsigned char *)data, len, key, true);
}

size_t
reeks_cache_count(const load_cache *c)
{
	return c != NULL ? c->n : 0;
}

/* The order of the files in a load (strcmp()'s) of a path in the cache
 * and PATH, of LEN bytes. */
static int
path_cmp(const cache_entry *e, const char *path, size_t len)
{
	int c = memcmp(e->path, path, e->path_len < len ? e->path_len : len);

	return c != 0 ? c : (e->path_len > len) - (e->path_len < len);
}

bool
reeks_cache_find(const load_cache *c, const char *path,
    const unsigned char hash[32], const unsigned char **payload,
    size_t *len)
{
	size_t plen = strlen(path), lo = 0, hi = c != NULL ? c->n : 0;

	/* The files are kept in the order of the load that wrote them; a
	 * cache in another order only finds less. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const cache_entry *e = &c->entries[mid];
		int cmp = path_cmp(e, path, plen);

		if (cmp < 0)
			lo = mid + 1;
		else if (cmp > 0)
			hi = mid;
		else {
			if (memcmp(e->hash, hash, HASH_LEN) != 0)
				return false;
			*payload = e->payload;
			*len = e->len;
			return true;
		}
	}
	return false;
}

/* Write LEN bytes at P to FD, or fail. */
static bool
write_all(int fd, const void *p, size_t len, SHA256_CTX *sum)
{
	const unsigned char *b = p;

	if (SHA256_Update(sum, p, len) != 1)
		return false;
	while (len > 0) {
		ssize_t n = write(fd, b, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		b += n;
		len -= (size_t)n;
	}
	return true;
}

static bool
write_u64(int fd, uint64_t v, SHA256_CTX *sum)
{
	unsigned char b[8];

	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> 8 * i);
	return write_all(fd, b, 8, sum);
}

bool
reeks_cache_write(const char *path, const unsigned char key[32],
    const reeks_cache_file *files, size_t n)
{
	size_t plen = strlen(path);
	char *tmp = malloc(plen + 32);
	SHA256_CTX ctx, *sum = &ctx;
	unsigned char digest[HASH_LEN];
	const uint32_t version = CACHE_VERSION;
	unsigned char vb[4] = { (unsigned char)version,
	    (unsigned char)(version >> 8), (unsigned char)(version >> 16),
	    (unsigned char)(version >> 24) };
	int fd = -1;
	bool ok = false;

	if (tmp == NULL || SHA256_Init(sum) != 1)
		goto out;
	/* PATH.new-PID: what a build that died leaves, reeks build
	 * removes (gen/out/stage.c, remove_stale()). */
	snprintf(tmp, plen + 32, "%s.new-%ld", path, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0644);
	if (fd < 0) {
		free(tmp);
		tmp = NULL;
		goto out;
	}
	ok = write_all(fd, CACHE_MAGIC, MAGIC_LEN, sum) &&
	    write_all(fd, vb, 4, sum) && write_all(fd, key, HASH_LEN, sum);
	size_t kept = 0;
	for (size_t i = 0; i < n; i++)
		kept += files[i].payload != NULL;
	ok = ok && write_u64(fd, kept, sum);
	for (size_t i = 0; i < n && ok; i++) {
		const reeks_cache_file *f = &files[i];
		size_t fl = f->path != NULL ? strlen(f->path) : 0;
		unsigned char lb[4] = { (unsigned char)fl,
		    (unsigned char)(fl >> 8), (unsigned char)(fl >> 16),
		    (unsigned char)(fl >> 24) };

		if (f->payload == NULL)
			continue;
		ok = fl <= UINT32_MAX && write_all(fd, lb, 4, sum) &&
		    write_all(fd, f->path, fl, sum) &&
		    write_all(fd, f->hash, HASH_LEN, sum) &&
		    write_u64(fd, f->len, sum) &&
		    write_all(fd, f->payload, f->len, sum);
	}
	ok = ok && SHA256_Final(digest, sum) == 1;
	if (ok) {
		const unsigned char *b = digest;
		size_t left = HASH_LEN;

		while (ok && left > 0) {
			ssize_t w = write(fd, b, left);

			if (w < 0 && errno == EINTR)
				continue;
			ok = w > 0;
			if (ok) {
				b += w;
				left -= (size_t)w;
			}
		}
	}
	ok = close(fd) == 0 && ok;
	fd = -1;
	ok = ok && rename(tmp, path) == 0;
out:
	if (fd >= 0)
		close(fd);
	if (tmp != NULL && !ok)
		unlink(tmp);
	free(tmp);
	return ok;
}

/* ---- for the fuzz target ------------------------------------------------ */

int
reeks_cache_fuzz(const unsigned char *data, size_t size)
{
	unsigned char *copy = malloc(size ? size : 1);
	load_cache *lc;
	int restored = 0;

	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	/* Neither key nor checksum: the fuzzer cannot make them. */
	if ((lc = reeks_cache_parse(copy, size, NULL, false)) == NULL)
		return 0;
	for (size_t i = 0; i < lc->n; i++) {
		reeks_store st = { 0 };
		loader ld = { .st = &st, .file = "a.xml" };

		if ((ld.diags = reeks_diags_new()) == NULL)
			break;
		restored += reeks_cache_restore(&ld, lc->entries[i].payload,
		    lc->entries[i].len);
		for (int k = 0; k < REEKS_KINDS; k++)
			free(reeks_kind_vec(&ld, k)->items);
		free(ld.strs);
		reeks_diags_free(ld.diags);
		reeks_arena_free(&st.mem);
	}
	reeks_cache_close(lc);
	return restored;
}
