/*
 * stream.c: writing into the staged directory: batches, out_put() and
 * out_put_gz(), linking unchanged files from the old site, out_write*(),
 * and out streams (written through a FILE *, optionally gzipped). See out.h.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <zlib.h>

#include "util/buf.h"
#include "out/gzip.h"
#include "out/out.h"
#include "util/sha256.h"

#include "out/out-internal.h"

static bool
path_ok(const char *p)
{
	bool start = true;

	if (*p == '\0' || strlen(p) > 1024)
		return false;
	for (; *p != '\0'; p++) {
		char c = *p;

		if (c == '/') {
			if (start)
				return false;     /* empty part or leading '/' */
			start = true;
			continue;
		}
		if (start && c == '.')
			return false;             /* ".", "..", hidden */
		start = false;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
			return false;
	}
	return !start;
}

/* Create the directories of RELPATH under the staging directory. */
static int
make_parents(const out_dir *o, const char *relpath)
{
	char path[4096];
	size_t base = strlen(o->stage) + 1;

	if (snprintf(path, sizeof path, "%s/%s", o->stage, relpath) >=
	    (int)sizeof path)
		return -1;
	for (char *p = path + base; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return 0;
}

/* Open the staged RELPATH (PATH) for writing, as a new file. */
static int
create_staged(const out_dir *o, const char *relpath, const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);

	if (fd < 0 && errno == ENOENT && strchr(relpath, '/') != NULL) {
		if (make_parents(o, relpath) != 0)
			return -1;
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		    0644);
	}
	return fd;
}

int
write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = 0;      /* "no space", as before */
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * The cache's entry for RELPATH when the old site's file can stand for
 * new content: the cache says it holds SHA (a plain file) or was made
 * from KEY (a derived one), or with both, holds SHA whatever it was made
 * from (a group's file, listed as made from KEY), and it is still the file the cache describes
 * (its stat in *ST). NULL otherwise.
 */
static const out_file *
linkable(out_dir *o, const char *relpath, const char *sha,
    const char *key, bool published, struct stat *st)
{
	const out_file *c = index_find(&o->old.index, o->old.files, relpath);
	char old[4096];

	if (c == NULL)
		return NULL;
	if (key != NULL && sha != NULL) {   /* a group's: the same bytes */
		if (strcmp(c->sha256, sha) != 0)
			return NULL;
	} else if (key != NULL) {   /* derived: made from the same KEY */
		if (o->gen_id[0] == '\0' || strcmp(c->key, key) != 0)
			return NULL;
	} else if (sha == NULL || c->key[0] != '\0' ||
	    strcmp(c->sha256, sha) != 0)
		return NULL;
	/* A derived file's recorded hash is published as its own: it is
	 * checked against the file's bytes, always (reused by key, or an
	 * old derived file reused for its bytes). One whose hash is
	 * published nowhere (PUBLISHED false: a page, a chart, linked by
	 * key) is trusted by its identity, as a file linked by its bytes. */
	snprintf(old, sizeof old, "%s/%s", o->dir, relpath);
	if (!still_recorded(old, c, (published && ((key != NULL &&
	    sha == NULL) || c->key[0] != '\0')) || o->verify, st,
	    &o->hash_ns))
		return NULL;
	return c;
}

/*
 * Link RELPATH from the old site into the staging directory when
 * linkable(). Returns 1 with F filled, 0 when it cannot be linked, -1 with
 * a message in ERR (a file of that name was staged already).
 */
static int
try_link_as(out_dir *o, const char *relpath, const char *sha,
    const char *key, bool published, out_file *f, char *err, size_t errlen)
{
	const out_file *c;
	char old[4096], path[4096];
	struct stat st;
	int rc;

	if ((c = linkable(o, relpath, sha, key, published, &st)) == NULL)
		return 0;
	snprintf(old, sizeof old, "%s/%s", o->dir, relpath);
	snprintf(path, sizeof path, "%s/%s", o->stage, relpath);
	rc = link(old, path);
	if (rc != 0 && errno == ENOENT && strchr(relpath, '/') != NULL &&
	    make_parents(o, relpath) == 0)
		rc = link(old, path);
	if (rc != 0) {
		if (errno != EEXIST)
			return 0;           /* write it instead */
		snprintf(err, errlen, "cannot create %s: %s", path,
		    strerror(errno));
		return -1;
	}
	if ((f->path = strdup(relpath)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	f->bytes = c->bytes;
	memcpy(f->sha256, c->sha256, sizeof f->sha256);
	snprintf(f->key, sizeof f->key, "%s", key != NULL ? key : "");
	set_identity(f, &st);
	atomic_fetch_add(&o->linked, 1);
	atomic_fetch_add(&o->linked_bytes, c->bytes);
	return 1;
}

/* try_link_as() a file whose hash is published (a download). */
static int
try_link(out_dir *o, const char *relpath, const char *sha, const char *key,
    out_file *f, char *err, size_t errlen)
{
	return try_link_as(o, relpath, sha, key, true, f, err, errlen);
}

/* Write LEN bytes of DATA as the staged RELPATH, and fill F (its hash
 * SHA is known). Returns 0, or -1 with a message in ERR. */
static int
write_new(out_dir *o, const char *relpath, const void *data, size_t len,
    const char *sha, const char *key, out_file *f, char *err, size_t errlen)
{
	char path[4096];
	struct stat st;
	int fd;

	snprintf(path, sizeof path, "%s/%s", o->stage, relpath);
	if ((fd = create_staged(o, relpath, path)) < 0) {
		snprintf(err, errlen, "cannot create %s: %s", path,
		    strerror(errno));
		return -1;
	}
	if (write_all(fd, data, len) != 0) {
		snprintf(err, errlen, "cannot write %s: %s", path,
		    errno == 0 ? "no space" : strerror(errno));
		close(fd);
		return -1;
	}
	if (fstat(fd, &st) != 0)
		memset(&st, 0, sizeof st);
	if (close(fd) != 0) {
		snprintf(err, errlen, "cannot write %s: %s", path,
		    strerror(errno));
		return -1;
	}
	if ((f->path = strdup(relpath)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	f->bytes = len;
	memcpy(f->sha256, sha, 65);
	snprintf(f->key, sizeof f->key, "%s", key != NULL ? key : "");
	set_identity(f, &st);
	atomic_fetch_add(&o->written, 1);
	atomic_fetch_add(&o->written_bytes, len);
	return 0;
}

/* Room for one more file in B. */
static out_file *
batch_next(out_batch *b)
{
	if (b->n == b->cap) {
		/* Start small: a build keeps a batch per page and per series
		 * (one to six files) until all are listed in order. */
		size_t cap = b->cap ? b->cap * 2 : 2;
		out_file *files = realloc(b->files, cap * sizeof *files);

		if (files == NULL)
			return NULL;
		b->files = files;
		b->cap = cap;
	}
	memset(&b->files[b->n], 0, sizeof b->files[b->n]);
	return &b->files[b->n];
}

/* Set B's error to MSG; returns -1. */
static int
batch_fail(out_batch *b, const char *msg)
{
	free(b->error);
	b->error = strdup(msg);
	return -1;
}

/* Put DATA as RELPATH into B: linked, or written. KEY: a derived file;
 * with BYTES also linked when the old file holds the same bytes (made
 * from another key: a group's file, see out_put_group()). */
static int
put_ex(out_dir *o, out_batch *b, const char *relpath, const void *data,
    size_t len, const char *key, bool bytes)
{
	out_file *f;
	char sha[65], err[5120];
	int rc;

	if (!path_ok(relpath)) {
		snprintf(err, sizeof err, "refusing to write '%s': not a safe "
		    "relative path", relpath);
		return batch_fail(b, err);
	}
	if ((f = batch_next(b)) == NULL)
		return batch_fail(b, "out of memory");
	if (key != NULL) {
		rc = try_link(o, relpath, NULL, key, f, err, sizeof err);
		if (rc == 0)
			hash_timed(o, data, len, sha);
		if (rc == 0 && bytes)
			rc = try_link(o, relpath, sha, key, f, err, sizeof err);
	} else {
		hash_timed(o, data, len, sha);
		rc = try_link(o, relpath, sha, NULL, f, err, sizeof err);
	}
	if (rc < 0 || (rc == 0 && write_new(o, relpath, data, len, sha, key,
	    f, err, sizeof err) != 0))
		return batch_fail(b, err);
	b->n++;
	return 0;
}

static int
put(out_dir *o, out_batch *b, const char *relpath, const void *data,
    size_t len, const char *key)
{
	return put_ex(o, b, relpath, data, len, key, false);
}

int
out_put_member(out_dir *o, out_batch *b, const char *relpath,
    const char *key, const void *data, size_t len)
{
	return put_ex(o, b, relpath, data, len, key, true);
}

int
out_put(out_dir *o, out_batch *b, const char *relpath, const void *data,
    size_t len)
{
	return put(o, b, relpath, data, len, NULL);
}

/* The key of RELPATH.gz made from bytes whose hash is SHA. */
static void
gz_key(const out_dir *o, const char *sha, char key[65])
{
	const char *parts[] = { sha };

	out_key(o, key, "gzip", parts, 1);
}

int
out_link_gz(void *arg, out_dir *o, out_batch *b, size_t i)
{
	char gzpath[1100], key[65], sha[65], err[5120];
	out_file *f;
	int rc;

	(void)arg;
	snprintf(gzpath, sizeof gzpath, "%s.gz", b->files[i].path);
	memcpy(sha, b->files[i].sha256, sizeof sha);
	gz_key(o, sha, key);
	if ((f = batch_next(b)) == NULL)
		return batch_fail(b, "out of memory");
	rc = try_link(o, gzpath, NULL, key, f, err, sizeof err);
	if (rc < 0)
		return batch_fail(b, err);
	if (rc == 1)
		b->n++;
	return rc;
}

static int put_gz(out_dir *o, out_batch *b, const char *relpath,
    const void *data, size_t len, const char *member);

int
out_put_gz(out_dir *o, out_batch *b, const char *relpath, const void *data,
    size_t len)
{
	return put_gz(o, b, relpath, data, len, NULL);
}

int
out_put_gz_member(out_dir *o, out_batch *b, const char *relpath,
    const char *key, const void *data, size_t len)
{
	return put_gz(o, b, relpath, data, len, key);
}

/* As out_put_gz(); with MEMBER, RELPATH is a file of group MEMBER (see
 * out_put_member()). */
static int
put_gz(out_dir *o, out_batch *b, const char *relpath, const void *data,
    size_t len, const char *member)
{
	char gzpath[1100], key[65], err[5120];
	unsigned char *gz = NULL;
	size_t gzlen = 0;
	out_file *f;
	int rc;

	if (put_ex(o, b, relpath, data, len, member, member != NULL) != 0)
		return -1;
	snprintf(gzpath, sizeof gzpath, "%s.gz", relpath);
	gz_key(o, b->files[b->n - 1].sha256, key);
	if ((f = batch_next(b)) == NULL)
		return batch_fail(b, "out of memory");
	rc = try_link(o, gzpath, NULL, key, f, err, sizeof err);
	if (rc < 0)
		return batch_fail(b, err);
	if (rc == 1) {
		b->n++;
		return 0;
	}
	uint64_t t = now_ns(CLOCK_THREAD_CPUTIME_ID);
	if (gzip_compress(data, len, &gz, &gzlen) != 0) {
		snprintf(err, sizeof err, "cannot gzip %s: %s", relpath,
		    strerror(errno));
		return batch_fail(b, err);
	}
	atomic_fetch_add(&o->gz_ns, now_ns(CLOCK_THREAD_CPUTIME_ID) - t);
	atomic_fetch_add(&o->gz_in, len);
	atomic_fetch_add(&o->gz_out, gzlen);
	rc = put(o, b, gzpath, gz, gzlen, key);
	free(gz);
	return rc;
}

int
out_add(out_dir *o, out_batch *b)
{
	if (o->nfiles + b->n > o->cap) {
		size_t cap = o->cap ? o->cap : 256;

		while (cap < o->nfiles + b->n)
			cap *= 2;
		out_file *files = realloc(o->files, cap * sizeof *files);

		if (files == NULL)
			return -1;
		o->files = files;
		o->cap = cap;
	}
	/* The files are O's from here on, listed or not: B lets them go
	 * first, so that a failure to index one frees none twice. */
	size_t first = o->nfiles;

	for (size_t i = 0; i < b->n; i++) {
		o->files[o->nfiles++] = b->files[i];
		o->bytes += b->files[i].bytes;
	}
	b->n = 0;
	for (size_t i = first; i < o->nfiles; i++)
		if (!index_add(&o->index, o->files, i + 1, i))
			return -1;
	return 0;
}

void
out_batch_free(out_batch *b)
{
	for (size_t i = 0; i < b->n; i++)
		free(b->files[i].path);
	free(b->files);
	free(b->error);
	*b = (out_batch){ 0 };
}

/* List B when RC is 0, and free it; on failure the error goes to
 * out_error(). */
static int
list_batch(out_dir *o, out_batch *b, int rc)
{
	if (rc == 0 && out_add(o, b) != 0)
		rc = batch_fail(b, "out of memory");
	if (rc != 0)
		snprintf(o->error, sizeof o->error, "%s", b->error != NULL ?
		    b->error : "out of memory");
	out_batch_free(b);
	return rc;
}

int
out_write(out_dir *o, const char *relpath, const void *data, size_t len)
{
	out_batch b = { 0 };

	return list_batch(o, &b, out_put(o, &b, relpath, data, len));
}

int
out_write_gz(out_dir *o, const char *relpath, const void *data, size_t len)
{
	out_batch b = { 0 };

	return list_batch(o, &b, out_put_gz(o, &b, relpath, data, len));
}

int
out_put_link(out_dir *o, out_batch *b, const char *relpath, const char *key)
{
	char err[5120];
	out_file *f;
	int rc;

	if (!path_ok(relpath)) {
		snprintf(err, sizeof err, "refusing to write '%s': not a safe "
		    "relative path", relpath);
		return batch_fail(b, err);
	}
	if ((f = batch_next(b)) == NULL)
		return batch_fail(b, "out of memory");
	rc = try_link_as(o, relpath, NULL, key, !b->unpublished, f, err,
	    sizeof err);
	if (rc < 0)
		return batch_fail(b, err);
	if (rc == 1)
		b->n++;
	return rc;
}

int
out_put_derived(out_dir *o, out_batch *b, const char *relpath,
    const char *key, const void *data, size_t len)
{
	return put(o, b, relpath, data, len, key);
}

int
out_link_derived(out_dir *o, const char *relpath, const char *key)
{
	out_batch b = { 0 };
	int rc = out_put_link(o, &b, relpath, key);

	if (rc == 1)
		return list_batch(o, &b, 0) == 0 ? 1 : -1;
	if (rc < 0)
		snprintf(o->error, sizeof o->error, "%s", b.error != NULL ?
		    b.error : "out of memory");
	out_batch_free(&b);
	return rc;
}

int
out_write_derived(out_dir *o, const char *relpath, const char *key,
    const void *data, size_t len)
{
	out_batch b = { 0 };

	return list_batch(o, &b, put(o, &b, relpath, data, len, key));
}

/* ---- streams ---------------------------------------------------------------- */


static ssize_t
stream_write(void *cookie, const char *data, size_t len)
{
	out_stream *s = cookie;
	uint64_t t;

	if (s->err != 0) {
		errno = s->err;
		return -1;
	}
	if (write_all(s->fd, data, len) != 0) {
		s->err = errno != 0 ? errno : ENOSPC;
		return -1;
	}
	if (s->stitch != NULL && stitch_add(s->stitch, data, len) != 0) {
		s->err = errno;
		return -1;
	}
	if (!s->rehash) {
		t = now_ns(CLOCK_THREAD_CPUTIME_ID);
		sha256_update(&s->sha, data, len);
		s->hash_ns += now_ns(CLOCK_THREAD_CPUTIME_ID) - t;
		s->bytes += len;
	}
	return (ssize_t)len;
}

/* A seek anywhere but the end means later writes may not be in order:
 * the file is then hashed whole when it is closed. */
static int
stream_seek(void *cookie, off64_t *offset, int whence)
{
	out_stream *s = cookie;
	off_t to;

	if (s->err != 0) {
		errno = s->err;
		return -1;
	}
	if ((to = lseek(s->fd, (off_t)*offset, whence)) < 0)
		return -1;
	if ((uint64_t)to != s->bytes)
		s->rehash = true;
	*offset = to;
	return 0;
}

out_stream *
out_stream_open(out_dir *o, const char *relpath, errlist *errs)
{
	out_stream *s;
	cookie_io_functions_t io = { NULL, stream_write, stream_seek, NULL };

	if (!path_ok(relpath)) {
		errlist_add(errs, NULL, 0, 0,
		    "refusing to write '%s': not a safe "
		    "relative path", relpath);
		return NULL;
	}
	if ((s = calloc(1, sizeof *s)) == NULL ||
	    (s->relpath = strdup(relpath)) == NULL) {
		free(s);
		errlist_oom(errs, NULL);
		return NULL;
	}
	s->o = o;
	s->oldfd = -2;
	snprintf(s->path, sizeof s->path, "%s/%s", o->stage, relpath);
	if ((s->fd = create_staged(o, relpath, s->path)) < 0) {
		errlist_add(errs, NULL, 0, 0, "cannot create %s: %s", s->path,
		    strerror(errno));
		free(s->relpath);
		free(s);
		return NULL;
	}
	if ((s->f = fopencookie(s, "w", io)) == NULL) {
		errlist_oom(errs, NULL);
		close(s->fd);
		unlink(s->path);
		free(s->relpath);
		free(s);
		return NULL;
	}
	setvbuf(s->f, NULL, _IOFBF, 1 << 16);
	sha256_init(&s->sha);
	return s;
}

FILE *
out_stream_file(out_stream *s)
{
	return s->f;
}

const char *
out_stream_path(const out_stream *s)
{
	return s->path;
}

int
out_stream_append_file(out_stream *s, const char *path)
{
	enum { CHUNK = 1 << 18 };
	char *chunk = malloc(CHUNK);
	int fd = -1, rc = -1, e = ENOMEM;

	if (chunk != NULL && (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		e = errno;
	for (ssize_t n; fd >= 0; ) {
		if ((n = read(fd, chunk, CHUNK)) < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			e = errno;
			break;
		}
		/* At the end, or a write that failed: that is the stream's
		 * error, said when it is closed. */
		if (n == 0 || fwrite(chunk, 1, (size_t)n, s->f) != (size_t)n) {
			rc = 0;
			break;
		}
	}
	if (fd >= 0)
		close(fd);
	free(chunk);
	errno = e;
	return rc;
}

void
out_stream_set_key(out_stream *s, const char *key)
{
	snprintf(s->key, sizeof s->key, "%s", key != NULL ? key : "");
}

int
out_stream_set_pieces(out_stream *s, out_pieces *p)
{
	char path[4200];

	snprintf(path, sizeof path, "%s.gz.stitch", s->path);
	if ((s->stitch = stitch_new(s->o, p, path)) == NULL)
		return -1;
	return 0;
}

int
out_stream_cut(out_stream *s)
{
	if (s->err == 0 && fflush(s->f) != 0 && s->err == 0)
		s->err = errno != 0 ? errno : EIO;
	if (s->err == 0 && s->stitch != NULL &&
	    stitch_cut(s->stitch, false) != 0)
		s->err = errno != 0 ? errno : EIO;
	if (s->err != 0) {
		errno = s->err;
		return -1;
	}
	return 0;
}

/* RELPATH.gz of stream S, stitched from its pieces, into G, or the old
 * site's made from KEY. Returns 0, or -1 with a message in ERR. */
static int
stitch_close(out_dir *o, out_stream *s, const char *relpath,
    const char *key, out_file *g, char *err, size_t errlen)
{
	char sha[65], path[4200];
	struct stat st;
	int l;

	/* Finished even when the old one is kept, so that every piece is
	 * in this build's piece cache. */
	if (stitch_finish(s->stitch, sha, &st) != 0) {
		snprintf(err, errlen, "cannot write %s: %s",
		    stitch_path(s->stitch), strerror(errno != 0 ? errno :
		    ENOSPC));
		return -1;
	}
	snprintf(path, sizeof path, "%s/%s", o->stage, relpath);
	if ((l = try_link(o, relpath, NULL, key, g, err, errlen)) != 0) {
		unlink(stitch_path(s->stitch));
		return l < 0 ? -1 : 0;
	}
	if (rename(stitch_path(s->stitch), path) != 0) {
		snprintf(err, errlen, "cannot write %s: %s", path,
		    strerror(errno));
		unlink(stitch_path(s->stitch));
		return -1;
	}
	if ((g->path = strdup(relpath)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	g->bytes = (size_t)st.st_size;
	memcpy(g->sha256, sha, sizeof sha);
	snprintf(g->key, sizeof g->key, "%s", key);
	set_identity(g, &st);
	atomic_fetch_add(&o->written, 1);
	atomic_fetch_add(&o->written_bytes, (uint64_t)st.st_size);
	return 0;
}

/* Where gzip_staged() writes: a file, hashed as it goes. */
typedef struct gz_sink {
	int fd;
	sha256_ctx sha;
	bool failed;            /* a write failed, with WERR */
	int werr;               /* its errno (0: no space) */
} gz_sink;

static int
gz_write(void *arg, const void *data, size_t len)
{
	gz_sink *k = arg;

	sha256_update(&k->sha, data, len);
	if (write_all(k->fd, data, len) != 0) {
		k->failed = true;
		k->werr = errno;
		return -1;
	}
	return 0;
}

/* Gzip the staged file SRC (of BYTES) as RELPATH.gz, its key KEY, into
 * F. Returns 0, or -1 with a message in ERR. */
static int
gzip_staged(out_dir *o, const char *src, const char *relpath,
    const char *key, out_file *f, char *err, size_t errlen)
{
	char path[4096];
	unsigned char *chunk = malloc(1 << 20);
	gzip_stream *g = gzip_stream_new();
	gz_sink k = { .fd = -1 };
	int in = -1, rc = -1;
	struct stat st;
	uint64_t t = now_ns(CLOCK_THREAD_CPUTIME_ID), inbytes = 0;

	snprintf(path, sizeof path, "%s/%s", o->stage, relpath);
	sha256_init(&k.sha);
	if (chunk == NULL || g == NULL) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if ((in = open(src, O_RDONLY | O_CLOEXEC)) < 0 ||
	    (k.fd = create_staged(o, relpath, path)) < 0) {
		snprintf(err, errlen, "cannot create %s: %s", path,
		    strerror(errno));
		goto out;
	}
	for (;;) {
		ssize_t n = read(in, chunk, 1 << 20);

		if (n < 0 && errno == EINTR)
			continue;
		/* A write that failed is said as every write is ("cannot
		 * write PATH: REASON"), whichever file the disk filled on. */
		if (n < 0) {
			snprintf(err, errlen, "cannot read %s: %s", src,
			    strerror(errno));
			goto out;
		}
		if (gzip_stream_add(g, chunk, (size_t)n, n == 0, gz_write,
		    &k) != 0) {
			if (k.failed)
				snprintf(err, errlen, "cannot write %s: %s",
				    path, k.werr == 0 ? "no space" :
				    strerror(k.werr));
			else
				snprintf(err, errlen, "cannot gzip %s: %s",
				    relpath, strerror(errno));
			goto out;
		}
		inbytes += (uint64_t)n;
		if (n == 0)
			break;
	}
	if (fstat(k.fd, &st) != 0 || close(k.fd) != 0) {
		k.fd = -1;
		snprintf(err, errlen, "cannot write %s: %s", path,
		    strerror(errno));
		goto out;
	}
	k.fd = -1;
	/* The time includes hashing the output, a small part. */
	atomic_fetch_add(&o->gz_ns, now_ns(CLOCK_THREAD_CPUTIME_ID) - t);
	atomic_fetch_add(&o->gz_in, inbytes);
	atomic_fetch_add(&o->gz_out, (uint64_t)st.st_size);
	sha256_final_hex(&k.sha, f->sha256);
	if ((f->path = strdup(relpath)) == NULL) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	f->bytes = (size_t)st.st_size;
	snprintf(f->key, sizeof f->key, "%s", key);
	set_identity(f, &st);
	atomic_fetch_add(&o->written, 1);
	atomic_fetch_add(&o->written_bytes, (uint64_t)st.st_size);
	rc = 0;
out:
	if (in >= 0)
		close(in);
	if (k.fd >= 0)
		close(k.fd);
	gzip_stream_free(g);
	free(chunk);
	return rc;
}

int
out_stream_close(out_dir *o, out_stream *s, bool gz, out_batch *into)
{
	out_batch b = { 0 };
	out_file *f;
	const out_file *c;
	struct stat st, old;
	char sha[65], err[5120] = "";
	int rc = -1;

	if (fclose(s->f) != 0 && s->err == 0)
		s->err = errno != 0 ? errno : EIO;
	if (s->err == 0 && fstat(s->fd, &st) != 0)
		s->err = errno;
	if (close(s->fd) != 0 && s->err == 0)
		s->err = errno;
	if (s->err == 0 && s->rehash) {
		uint64_t t = now_ns(CLOCK_THREAD_CPUTIME_ID);

		sha256_init(&s->sha);
		if (sha256_update_file(&s->sha, s->path) < 0)
			s->err = errno != 0 ? errno : EIO;
		s->hash_ns += now_ns(CLOCK_THREAD_CPUTIME_ID) - t;
	}
	if (s->err == 0)
		sha256_final_hex(&s->sha, sha);
	atomic_fetch_add(&o->hash_ns, s->hash_ns);
	if (s->err != 0) {
		snprintf(err, sizeof err, "cannot write %s: %s",
		    s->path, strerror(s->err));
		unlink(s->path);
		goto out;
	}
	if ((f = batch_next(&b)) == NULL ||
	    (f->path = strdup(s->relpath)) == NULL) {
		snprintf(err, sizeof err, "out of memory");
		goto out;
	}
	f->bytes = (size_t)st.st_size;
	memcpy(f->sha256, sha, sizeof sha);
	memcpy(f->key, s->key, sizeof f->key);
	set_identity(f, &st);
	b.n++;
	/* The same bytes as the old file: keep the old one instead (the
	 * same inode, so that the next build can link it again). A derived
	 * file was found unchanged by its key before it was made. */
	c = NULL;
	if (s->key[0] == '\0' &&
	    (c = linkable(o, s->relpath, sha, NULL, true, &old)) != NULL) {
		char src[4096], tmp[4200];

		snprintf(src, sizeof src, "%s/%s", o->dir, s->relpath);
		snprintf(tmp, sizeof tmp, "%s.link-%ld", s->path,
		    (long)getpid());
		if (link(src, tmp) == 0 && rename(tmp, s->path) == 0) {
			set_identity(f, &old);
			atomic_fetch_add(&o->linked, 1);
			atomic_fetch_add(&o->linked_bytes, f->bytes);
		} else {
			unlink(tmp);
			c = NULL;
		}
	}
	if (c == NULL) {
		atomic_fetch_add(&o->written, 1);
		atomic_fetch_add(&o->written_bytes, f->bytes);
	}
	if (gz) {
		char gzpath[1100], key[65];
		out_file *g;
		int l;

		snprintf(gzpath, sizeof gzpath, "%s.gz", s->relpath);
		if (s->stitch != NULL) {
			const char *parts[] = { sha };

			out_key(o, key, "gzip-pieces", parts, 1);
		} else
			gz_key(o, sha, key);
		if ((g = batch_next(&b)) == NULL) {
			snprintf(err, sizeof err, "out of memory");
			goto out;
		}
		if (s->stitch != NULL) {
			if (stitch_close(o, s, gzpath, key, g, err,
			    sizeof err) != 0)
				goto out;
		} else {
			l = try_link(o, gzpath, NULL, key, g, err, sizeof err);
			if (l < 0 || (l == 0 && gzip_staged(o, s->path, gzpath,
			    key, g, err, sizeof err) != 0))
				goto out;
		}
		b.n++;
	}
	if (into != NULL) {
		/* Move the files over. */
		for (size_t i = 0; i < b.n; i++) {
			out_file *x = batch_next(into);

			if (x == NULL) {
				snprintf(err, sizeof err, "out of memory");
				goto out;
			}
			*x = b.files[i];
			b.files[i].path = NULL;
			into->n++;
		}
	} else if (out_add(o, &b) != 0) {
		snprintf(err, sizeof err, "out of memory");
		goto out;
	}
	rc = 0;
out:
	if (rc != 0 && into != NULL)
		batch_fail(into, err);
	else if (rc != 0)
		snprintf(o->error, sizeof o->error, "%s", err);
	out_batch_free(&b);
	stitch_free(s->stitch);
	if (s->oldfd >= 0)
		close(s->oldfd);
	free(s->relpath);
	free(s);
	return rc;
}
