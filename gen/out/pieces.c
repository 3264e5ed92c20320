/*
 * pieces.c: gzip files stitched from pieces compressed once, and the
 * piece cache beside the site (DIR.reeks-pieces). See out.h.
 *
 * Each piece is deflated on its own (raw deflate, GZIP_LEVEL, zlib's
 * default window and memory) with the last 32 KB of the piece before it
 * as its dictionary (as pigz does: without it, every piece starts with
 * nothing to refer back to, and the whole-dataset files of the bench
 * came out 59% bigger), and ends on a byte boundary: a piece that more
 * follow with Z_SYNC_FLUSH (its blocks are not final, and an empty
 * stored block aligns it), the last with Z_FINISH. Such streams put end
 * to end are one deflate stream; the gzip trailer's CRC-32 is the
 * pieces' combined with crc32_combine(). A piece's compressed bytes
 * depend on its bytes and the piece before's alone, so they are kept by
 * the SHA-256 of the SHA-256 (hex) of both (and whether it is the last)
 * and reused: a changed piece costs compressing it and the next.
 *
 * A piece its maker gave a key (a series' piece of the whole dataset:
 * out_stream_copy_piece()) is also found by that key, with where its
 * plain bytes lie in the plain file, their CRC-32 and their SHA-256: the
 * next build copies them from the old site's file (checking their
 * length and CRC-32) instead of making them again, and does not hash
 * them again.
 *
 * The cache file: a header (PIECES_MAGIC, the reeks executable's
 * identity out_generator_id(), a newline: PIECES_HEAD bytes), the
 * compressed pieces, an index of fixed-size entries (PIECES_ENTRY bytes,
 * little-endian), and a footer: the index's offset and number of
 * entries (8 bytes each) and the SHA-256 (hex) of the header and index.
 * Reading it checks all that and each entry's range; a piece's bytes are
 * checked against the CRC-32 its entry records when it is reused. A
 * cache that fails any check is not used (every piece is compressed
 * again); one that fails for a piece loses that piece. The file is
 * written to the staging directory as the pieces are made, by the threads
 * that make them (so its order may vary; the site's bytes never do),
 * and put beside the site by out_commit() once the site is in place
 * (out_pieces_save() asks for it); a build that fails leaves the old one.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "out/gzip.h"
#include "out/out-internal.h"
#include "util/sha256.h"

#define PIECES_SUFFIX ".reeks-pieces"
#define PIECES_TMP ".reeks-pieces.new"
#define PIECES_MAGIC "reeks-pieces 2\n"
#define PIECES_MAGIC_LEN 15
#define PIECES_HEAD (PIECES_MAGIC_LEN + 64 + 1)
/* sha256 hex (64), plain length, offset, compressed length (8 each),
 * plain CRC-32, compressed CRC-32, last, control bytes (4 each); the key
 * (64, zeros for none), the plain bytes' SHA-256 hex (64) and their
 * offset in the plain file (8). */
#define PIECES_ENTRY 240
#define PIECES_FOOT (8 + 8 + 64)

typedef struct piece {
	char sha[64];               /* of the piece's and the one before's */
	uint64_t len, off, clen;
	uint32_t crc, ccrc;
	bool last;
	uint32_t ctl;               /* bit C: byte C (< 32) is in it */
	char key[64];               /* its maker's key, or zeros */
	char phex[64];              /* SHA-256 of its plain bytes */
	uint64_t poff;              /* their offset in the plain file */
} piece;

struct out_pieces {
	out_dir *o;
	/* The previous build's, sorted by sha and last. */
	int old_fd;
	piece *old;
	size_t nold;
	piece **bykey;              /* those with a key, sorted by it */
	size_t nbykey;
	/* This build's, in the order written. */
	pthread_mutex_t lock;
	int new_fd;                 /* -1: not kept */
	char tmp[4200];
	uint64_t new_off;
	piece *now;
	size_t nnow, capnow;
};

static void
put64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t
get64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void
put32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t
get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static void
entry_put(unsigned char *p, const piece *e)
{
	memset(p, 0, PIECES_ENTRY);
	memcpy(p, e->sha, 64);
	put64(p + 64, e->len);
	put64(p + 72, e->off);
	put64(p + 80, e->clen);
	put32(p + 88, e->crc);
	put32(p + 92, e->ccrc);
	put32(p + 96, e->last ? 1 : 0);
	put32(p + 100, e->ctl);
	memcpy(p + 104, e->key, 64);
	memcpy(p + 168, e->phex, 64);
	put64(p + 232, e->poff);
}

static int
piece_cmp(const void *a, const void *b)
{
	const piece *x = a, *y = b;
	int c = memcmp(x->sha, y->sha, 64);

	return c != 0 ? c : (int)x->last - (int)y->last;
}

static int
key_cmp(const void *a, const void *b)
{
	const piece *const *x = a, *const *y = b;

	return memcmp((*x)->key, (*y)->key, 64);
}

static int
read_at(int fd, void *dst, size_t len, uint64_t off)
{
	unsigned char *p = dst;

	while (len > 0) {
		ssize_t n = pread(fd, p, len, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
		off += (uint64_t)n;
	}
	return 0;
}

/* Read DIR.reeks-pieces into P when it passes every check. */
static void
pieces_load(out_pieces *p)
{
	char path[4200], sum[65];
	unsigned char head[PIECES_HEAD], foot[PIECES_FOOT], *index = NULL;
	struct stat st;
	uint64_t ioff, n;
	sha256_ctx c;
	int fd;

	if (p->o->gen_id[0] == '\0')
		return;
	snprintf(path, sizeof path, "%s" PIECES_SUFFIX, p->o->dir);
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (uint64_t)st.st_size < PIECES_HEAD + PIECES_FOOT ||
	    read_at(fd, head, sizeof head, 0) != 0 ||
	    memcmp(head, PIECES_MAGIC, PIECES_MAGIC_LEN) != 0 ||
	    memcmp(head + PIECES_MAGIC_LEN, p->o->gen_id, 64) != 0 ||
	    head[PIECES_HEAD - 1] != '\n' ||
	    read_at(fd, foot, sizeof foot,
	    (uint64_t)st.st_size - PIECES_FOOT) != 0)
		goto bad;
	ioff = get64(foot);
	n = get64(foot + 8);
	if (ioff < PIECES_HEAD || n > ((uint64_t)st.st_size - ioff) /
	    PIECES_ENTRY || ioff + n * PIECES_ENTRY + PIECES_FOOT !=
	    (uint64_t)st.st_size || n > SIZE_MAX / sizeof *p->old)
		goto bad;
	if ((index = malloc(n * PIECES_ENTRY + 1)) == NULL ||
	    (p->old = malloc((n + 1) * sizeof *p->old)) == NULL ||
	    read_at(fd, index, n * PIECES_ENTRY, ioff) != 0)
		goto bad;
	sha256_init(&c);
	sha256_update(&c, head, sizeof head);
	sha256_update(&c, index, n * PIECES_ENTRY);
	sha256_final_hex(&c, sum);
	if (memcmp(sum, foot + 16, 64) != 0)
		goto bad;
	for (uint64_t i = 0; i < n; i++) {
		const unsigned char *e = index + i * PIECES_ENTRY;
		piece *x = &p->old[i];

		memcpy(x->sha, e, 64);
		x->len = get64(e + 64);
		x->off = get64(e + 72);
		x->clen = get64(e + 80);
		x->crc = get32(e + 88);
		x->ccrc = get32(e + 92);
		x->last = get32(e + 96) != 0;
		x->ctl = get32(e + 100);
		memcpy(x->key, e + 104, 64);
		memcpy(x->phex, e + 168, 64);
		x->poff = get64(e + 232);
		if (x->off < PIECES_HEAD || x->off > ioff ||
		    x->clen > ioff - x->off || x->clen > SIZE_MAX / 2 ||
		    get32(e + 96) > 1)
			goto bad;
	}
	qsort(p->old, (size_t)n, sizeof *p->old, piece_cmp);
	p->nold = (size_t)n;
	/* Out of memory: no piece is copied. */
	if ((p->bykey = malloc((p->nold + 1) * sizeof *p->bykey)) != NULL) {
		for (size_t i = 0; i < p->nold; i++)
			if (p->old[i].key[0] != '\0')
				p->bykey[p->nbykey++] = &p->old[i];
		qsort(p->bykey, p->nbykey, sizeof *p->bykey, key_cmp);
	}
	p->old_fd = fd;
	free(index);
	return;
bad:
	free(index);
	free(p->old);
	p->old = NULL;
	close(fd);
}

/* The header of O's piece cache: PIECES_HEAD bytes and a NUL. */
static void
pieces_head(const out_dir *o, char head[PIECES_HEAD + 1])
{
	snprintf(head, PIECES_HEAD + 1, "%s%.64s\n", PIECES_MAGIC, o->gen_id);
}

out_pieces *
out_pieces_open(out_dir *o)
{
	out_pieces *p = calloc(1, sizeof *p);
	char head[PIECES_HEAD + 1];

	if (p == NULL)
		return NULL;
	p->o = o;
	p->old_fd = p->new_fd = -1;
	if (pthread_mutex_init(&p->lock, NULL) != 0) {
		free(p);
		return NULL;
	}
	pieces_load(p);
	/* This build's cache, when the reeks executable has an identity. */
	snprintf(p->tmp, sizeof p->tmp, "%s/" PIECES_TMP, o->stage);
	if (o->gen_id[0] != '\0' && (p->new_fd = open(p->tmp, O_WRONLY |
	    O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644)) >= 0) {
		pieces_head(o, head);
		if (write_all(p->new_fd, head, PIECES_HEAD) != 0) {
			close(p->new_fd);
			p->new_fd = -1;
			unlink(p->tmp);
		}
		p->new_off = PIECES_HEAD;
	}
	return p;
}

/* Keep piece E (its compressed bytes at DATA) in this build's cache; a
 * failure only loses the cache. */
static void
pieces_keep(out_pieces *p, piece *e, const void *data)
{
	pthread_mutex_lock(&p->lock);
	if (p->new_fd < 0)
		goto out;
	if (p->nnow == p->capnow) {
		size_t cap = p->capnow ? 2 * p->capnow : 256;
		piece *x = realloc(p->now, cap * sizeof *x);

		if (x == NULL)
			goto fail;
		p->now = x;
		p->capnow = cap;
	}
	if (write_all(p->new_fd, data, (size_t)e->clen) != 0)
		goto fail;
	e->off = p->new_off;
	p->new_off += e->clen;
	p->now[p->nnow++] = *e;
	goto out;
fail:
	close(p->new_fd);
	p->new_fd = -1;
	unlink(p->tmp);
out:
	pthread_mutex_unlock(&p->lock);
}

int
out_pieces_save(out_pieces *p)
{
	char sum[65];
	unsigned char e[PIECES_ENTRY], foot[PIECES_FOOT];
	char head[PIECES_HEAD + 1];
	sha256_ctx c;
	int rc = -1;

	if (p == NULL || p->new_fd < 0)
		return -1;
	pieces_head(p->o, head);
	sha256_init(&c);
	sha256_update(&c, head, PIECES_HEAD);
	for (size_t i = 0; i < p->nnow; i++) {
		entry_put(e, &p->now[i]);
		sha256_update(&c, e, sizeof e);
		if (write_all(p->new_fd, e, sizeof e) != 0)
			goto out;
	}
	sha256_final_hex(&c, sum);
	put64(foot, p->new_off);
	put64(foot + 8, p->nnow);
	memcpy(foot + 16, sum, 64);
	if (write_all(p->new_fd, foot, sizeof foot) != 0)
		goto out;
	if (close(p->new_fd) != 0) {
		p->new_fd = -1;
		goto out;
	}
	p->new_fd = -1;
	/* Beside the site once it is in place (out_commit()); a build that
	 * fails leaves the old cache as it was. */
	out_keep_beside(p->o, PIECES_TMP, PIECES_SUFFIX);
	rc = 0;
out:
	if (rc != 0)
		unlink(p->tmp);
	return rc;
}

void
out_pieces_free(out_pieces *p)
{
	if (p == NULL)
		return;
	if (p->new_fd >= 0) {
		close(p->new_fd);
		unlink(p->tmp);
	}
	if (p->old_fd >= 0)
		close(p->old_fd);
	pthread_mutex_destroy(&p->lock);
	free(p->bykey);
	free(p->old);
	free(p->now);
	free(p);
}

/* ---- a stream's pieces copied ----------------------------------------- */

int
out_stream_copy_piece(out_stream *s, const char *key)
{
	const unsigned char *data;
	size_t len = 0;
	uint64_t t;

	if (s->err == 0 && fflush(s->f) != 0 && s->err == 0)
		s->err = errno != 0 ? errno : EIO;
	if (s->err != 0) {
		errno = s->err;
		return -1;
	}
	if (s->stitch == NULL || s->rehash)
		return 0;
	if (s->oldfd == -2) {
		char old[4200];

		snprintf(old, sizeof old, "%s/%s", s->o->dir, s->relpath);
		s->oldfd = open(old, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	}
	if ((data = stitch_take_old(s->stitch, key, s->oldfd, &len)) == NULL)
		return 0;
	if (write_all(s->fd, data, len) != 0) {
		s->err = errno != 0 ? errno : ENOSPC;
		errno = s->err;
		return -1;
	}
	t = now_ns(CLOCK_THREAD_CPUTIME_ID);
	sha256_update(&s->sha, data, len);
	s->hash_ns += now_ns(CLOCK_THREAD_CPUTIME_ID) - t;
	s->bytes += len;
	if (out_stream_cut(s) != 0)
		return -1;
	atomic_fetch_add(&s->o->pieces_copied, 1);
	return 1;
}

bool
out_stream_bytes_seen(out_stream *s, uint32_t *ctl, int *first)
{
	if (s->err == 0 && fflush(s->f) != 0 && s->err == 0)
		s->err = errno != 0 ? errno : EIO;
	if (s->err != 0 || s->stitch == NULL)
		return false;
	stitch_bytes_seen(s->stitch, ctl, first);
	return true;
}

/* ---- stitching ---------------------------------------------------------- */

struct stitch {
	out_dir *o;
	out_pieces *p;
	z_stream z;
	bool zinit;
	unsigned char *plain;       /* the piece so far */
	size_t plen, pcap;
	unsigned char *comp;        /* scratch */
	size_t ccap;
	int fd;                     /* the .gz, at PATH */
	char path[4200];
	sha256_ctx sha;             /* of the .gz so far */
	uint64_t size;
	uint32_t crc;               /* of the plain bytes so far */
	uint64_t total;
	char prev[65];              /* SHA-256 of the piece before, or "" */
	char key[64];               /* the piece's key, or zeros */
	char known[65];             /* its SHA-256 when copied, or "" */
	uint32_t pctl, ctl;         /* control bytes: the piece's, all */
	int first;                  /* the first byte, or -1 */
	unsigned char dict[32768];  /* its last bytes */
	size_t dlen;
};

static int
stitch_write(stitch *t, const void *data, size_t len)
{
	if (write_all(t->fd, data, len) != 0) {
		if (errno == 0)
			errno = ENOSPC;
		return -1;
	}
	sha256_update(&t->sha, data, len);
	t->size += len;
	return 0;
}

stitch *
stitch_new(out_dir *o, out_pieces *p, const char *path)
{
	static const unsigned char head[10] = {
		0x1f, 0x8b, 8, 0, 0, 0, 0, 0, GZIP_XFL, GZIP_OS_UNKNOWN
	};
	stitch *t = calloc(1, sizeof *t);

	if (t == NULL)
		return NULL;
	t->o = o;
	t->p = p;
	t->crc = (uint32_t)crc32(0L, Z_NULL, 0);
	t->first = -1;
	snprintf(t->path, sizeof t->path, "%s", path);
	sha256_init(&t->sha);
	if ((t->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0644)) < 0) {
		free(t);
		return NULL;
	}
	if (stitch_write(t, head, sizeof head) != 0) {
		stitch_free(t);
		return NULL;
	}
	return t;
}

int
stitch_add(stitch *t, const void *data, size_t len)
{
	if (len > t->pcap - t->plen) {
		/* 1 MB to begin with, enough for most pieces. (Freeing a
		 * block this big, which glibc maps, also raises glibc's
		 * threshold for giving memory back, as the 1 MB buffer of
		 * the whole-file gzip did before pieces: without it, each
		 * series' gzip_compress() had its zlib state's pages
		 * faulted in afresh, 2 s of system time at 1,000 series.) */
		size_t cap = t->pcap ? t->pcap : 1 << 20;
		unsigned char *x;

		while (cap - t->plen < len) {
			if (cap > SIZE_MAX / 2) {
				errno = ENOMEM;
				return -1;
			}
			cap *= 2;
		}
		if ((x = realloc(t->plain, cap)) == NULL) {
			errno = ENOMEM;
			return -1;
		}
		t->plain = x;
		t->pcap = cap;
	}
	if (len > 0 && data != NULL) {  /* NULL: room, filled by the caller */
		const unsigned char *d = data;
		uint32_t m = 0;

		memcpy(t->plain + t->plen, data, len);
		/* Without a branch a byte. */
		for (size_t i = 0; i < len; i++)
			m |= (uint32_t)(d[i] < 32) << (d[i] & 31);
		t->pctl |= m;
		if (t->first < 0)
			t->first = d[0];
	}
	t->plen += len;
	return 0;
}

/* The previous build's compressed bytes for E into T->comp: true when
 * they are there and pass their CRC-32. */
static bool
stitch_reuse(stitch *t, piece *e)
{
	out_pieces *p = t->p;
	const piece *x;

	if (p == NULL || p->old == NULL ||
	    (x = bsearch(e, p->old, p->nold, sizeof *p->old, piece_cmp)) ==
	    NULL || x->len != e->len)
		return false;
	if (x->clen > t->ccap) {
		unsigned char *c = realloc(t->comp, (size_t)x->clen);

		if (c == NULL)
			return false;
		t->comp = c;
		t->ccap = (size_t)x->clen;
	}
	if (read_at(p->old_fd, t->comp, (size_t)x->clen, x->off) != 0 ||
	    (uint32_t)crc32_z(0L, t->comp, (size_t)x->clen) != x->ccrc)
		return false;
	e->clen = x->clen;
	e->crc = x->crc;
	e->ccrc = x->ccrc;
	return true;
}

/* Deflate the piece in T alone into T->comp, E->clen bytes. */
static int
stitch_deflate(stitch *t, piece *e)
{
	int zrc;

	if (!t->zinit) {
		if (deflateInit2(&t->z, GZIP_LEVEL, Z_DEFLATED, -MAX_WBITS, 8,
		    Z_DEFAULT_STRATEGY) != Z_OK) {
			errno = ENOMEM;
			return -1;
		}
		t->zinit = true;
	} else if (deflateReset(&t->z) != Z_OK) {
		errno = EIO;
		return -1;
	}
	if (t->dlen > 0 && deflateSetDictionary(&t->z, t->dict,
	    (uInt)t->dlen) != Z_OK) {
		errno = EIO;
		return -1;
	}
	/* deflateBound() leaves no room for the flush's stored block. */
	size_t need = (size_t)deflateBound(&t->z, (uLong)t->plen) + 64;
	if (need > t->ccap) {
		unsigned char *c = realloc(t->comp, need);

		if (c == NULL) {
			errno = ENOMEM;
			return -1;
		}
		t->comp = c;
		t->ccap = need;
	}
	t->z.next_in = t->plain;
	t->z.avail_in = (uInt)t->plen;
	t->z.next_out = t->comp;
	t->z.avail_out = (uInt)t->ccap;
	zrc = deflate(&t->z, e->last ? Z_FINISH : Z_SYNC_FLUSH);
	if ((e->last ? zrc != Z_STREAM_END : zrc != Z_OK) ||
	    t->z.avail_in != 0 || t->z.avail_out == 0) {
		errno = EIO;
		return -1;
	}
	e->clen = t->ccap - t->z.avail_out;
	e->crc = (uint32_t)crc32_z(0L, t->plain, t->plen);
	e->ccrc = (uint32_t)crc32_z(0L, t->comp, (size_t)e->clen);
	return 0;
}

int
stitch_cut(stitch *t, bool last)
{
	piece e = { .len = t->plen, .last = last, .poff = t->total };
	uint64_t t0 = now_ns(CLOCK_THREAD_CPUTIME_ID);
	char hex[65];

	memcpy(e.key, t->key, sizeof e.key);
	memset(t->key, 0, sizeof t->key);
	e.ctl = t->pctl;
	t->ctl |= t->pctl;
	t->pctl = 0;

	/* Nothing to add: a piece with no bytes that more follow. */
	if (t->plen == 0 && !last)
		return 0;
	if (t->plen > UINT_MAX) {
		errno = EFBIG;
		return -1;
	}
	if (t->known[0] != '\0')
		memcpy(hex, t->known, sizeof hex);
	else
		hash_timed(t->o, t->plain, t->plen, hex);
	t->known[0] = '\0';
	memcpy(e.phex, hex, sizeof e.phex);
	{
		char pair[130], key[65];

		snprintf(pair, sizeof pair, "%s %s", t->prev, hex);
		hash_timed(t->o, pair, strlen(pair), key);
		memcpy(e.sha, key, 64);
	}
	if (stitch_reuse(t, &e)) {
		atomic_fetch_add(&t->o->pieces_reused, 1);
	} else {
		if (stitch_deflate(t, &e) != 0)
			return -1;
		atomic_fetch_add(&t->o->pieces_made, 1);
		atomic_fetch_add(&t->o->gz_in, t->plen);
		atomic_fetch_add(&t->o->gz_out, e.clen);
		atomic_fetch_add(&t->o->gz_ns,
		    now_ns(CLOCK_THREAD_CPUTIME_ID) - t0);
	}
	if (stitch_write(t, t->comp, (size_t)e.clen) != 0)
		return -1;
	if (t->p != NULL)
		pieces_keep(t->p, &e, t->comp);
	t->crc = (uint32_t)crc32_combine(t->crc, e.crc, (z_off_t)e.len);
	t->total += e.len;
	memcpy(t->prev, hex, sizeof hex);
	t->dlen = 0;
	if (t->plen > 0) {          /* the next piece's dictionary */
		t->dlen = t->plen < sizeof t->dict ? t->plen : sizeof t->dict;
		memcpy(t->dict, t->plain + t->plen - t->dlen, t->dlen);
	}
	t->plen = 0;
	return 0;
}

const unsigned char *
stitch_take_old(stitch *t, const char *key, int fd, size_t *len)
{
	out_pieces *p = t->p;
	piece k, *kp = &k, **x;

	memcpy(t->key, key, sizeof t->key);
	if (p == NULL || p->bykey == NULL || fd < 0 || t->plen != 0)
		return NULL;
	memcpy(k.key, key, sizeof k.key);
	if ((x = bsearch(&kp, p->bykey, p->nbykey, sizeof *p->bykey,
	    key_cmp)) == NULL || (*x)->len > UINT_MAX ||
	    stitch_add(t, NULL, (size_t)(*x)->len) != 0)
		return NULL;
	if (read_at(fd, t->plain, (size_t)(*x)->len, (*x)->poff) != 0 ||
	    (uint32_t)crc32_z(0L, t->plain, (size_t)(*x)->len) != (*x)->crc) {
		t->plen = 0;
		return NULL;
	}
	memcpy(t->known, (*x)->phex, 64);
	t->known[64] = '\0';
	t->pctl = (*x)->ctl;
	if (t->first < 0 && t->plen > 0)
		t->first = t->plain[0];
	*len = t->plen;
	return t->plain;
}

int
stitch_finish(stitch *t, char sha[65], struct stat *st)
{
	unsigned char tail[8];

	if (stitch_cut(t, true) != 0)
		return -1;
	put32(tail, t->crc);
	put32(tail + 4, (uint32_t)t->total);
	if (stitch_write(t, tail, sizeof tail) != 0 || fstat(t->fd, st) != 0)
		return -1;
	if (close(t->fd) != 0) {
		t->fd = -1;
		return -1;
	}
	t->fd = -1;
	sha256_final_hex(&t->sha, sha);
	return 0;
}

void
stitch_bytes_seen(const stitch *t, uint32_t *ctl, int *first)
{
	*ctl = t->ctl | t->pctl;
	*first = t->first;
}

const char *
stitch_path(const stitch *t)
{
	return t->path;
}

void
stitch_free(stitch *t)
{
	if (t == NULL)
		return;
	if (t->fd >= 0) {
		close(t->fd);
		unlink(t->path);
	}
	if (t->zinit)
		deflateEnd(&t->z);
	free(t->plain);
	free(t->comp);
	free(t);
}
