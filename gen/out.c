/*
 * out.c: see out.h.
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

#include "buf.h"
#include "gzip.h"
#include "out.h"
#include "sha256.h"

#define CACHE_SUFFIX ".reeks-cache"
#define CACHE_MAGIC "reeks-cache 3\n"
/* In a staging directory, and in an old site about to be removed: the
 * process id of the build that will remove it, so that the next build can
 * finish the job if that one died, and remove nothing else. */
#define BUILD_MARKER ".reeks-build"
/* The cache of a new site, written once the site is in place, into the
 * old site moved out of the way (or a directory the build made), and
 * moved from there beside the site. */
#define CACHE_TMP ".reeks-cache.new"

static int write_all(int fd, const void *data, size_t len);

/* Paths to index by: open addressing, at most half full. */
typedef struct path_index {
	size_t *slots;              /* index + 1; 0 empty */
	size_t cap;                 /* a power of two */
} path_index;

/* What DIR.reeks-cache says of the build that made DIR. */
typedef struct cache {
	out_file *files;
	size_t n;
	path_index index;
	char build[65];             /* the inputs' fingerprint, or "" */
	size_t pages;
	char **warnings;
	size_t nwarnings;
} cache;

struct out_dir {
	char *dir;          /* the target */
	char *stage;        /* DIR.new-PID */
	out_file *files;
	size_t nfiles;
	size_t cap;
	path_index index;
	uint64_t bytes;
	char error[5120];
	char pathbuf[4096];         /* out_staged_path() */
	cache old;                  /* the previous build */
	cache now;                  /* this one's record (no files) */
	char gen_id[65];            /* this reeks; "" when unknown */
	bool verify;                /* rehash every file before reusing it */
	/* Statistics, from any thread. */
	atomic_uint_fast64_t written, written_bytes, linked, linked_bytes;
	atomic_uint_fast64_t gz_in, gz_out, gz_ns, hash_ns;
};

/* ---- small helpers ------------------------------------------------------- */

static uint64_t
hash_path(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

/* The slot of PATH among FILES: where it is, or the empty slot where it
 * would go. */
static size_t *
index_slot(const path_index *x, const out_file *files, const char *path)
{
	size_t mask = x->cap - 1, i = (size_t)hash_path(path) & mask;

	while (x->slots[i] != 0 &&
	    strcmp(files[x->slots[i] - 1].path, path) != 0)
		i = (i + 1) & mask;
	return &x->slots[i];
}

/* Add FILES[I] (I < N) to X, growing it; false when out of memory. */
static bool
index_add(path_index *x, const out_file *files, size_t n, size_t i)
{
	if (2 * n > x->cap) {
		size_t cap = x->cap ? x->cap * 2 : 1024;
		path_index bigger = { calloc(cap, sizeof *bigger.slots), cap };

		while (2 * n > bigger.cap) {
			free(bigger.slots);
			bigger.cap *= 2;
			bigger.slots = calloc(bigger.cap, sizeof *bigger.slots);
		}
		if (bigger.slots == NULL)
			return false;
		for (size_t j = 0; j < i; j++)
			*index_slot(&bigger, files, files[j].path) = j + 1;
		free(x->slots);
		*x = bigger;
	}
	*index_slot(x, files, files[i].path) = i + 1;
	return true;
}

static const out_file *
index_find(const path_index *x, const out_file *files, const char *path)
{
	size_t *slot;

	if (x->cap == 0)
		return NULL;
	slot = index_slot(x, files, path);
	return *slot != 0 ? &files[*slot - 1] : NULL;
}

static uint64_t
now_ns(clockid_t clock)
{
	struct timespec t;

	clock_gettime(clock, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static int64_t
mtime_ns(const struct stat *st)
{
	return (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
}

static int64_t
ctime_ns(const struct stat *st)
{
	return (int64_t)st->st_ctim.tv_sec * 1000000000 + st->st_ctim.tv_nsec;
}

static void
set_identity(out_file *f, const struct stat *st)
{
	f->dev = (uint64_t)st->st_dev;
	f->ino = (uint64_t)st->st_ino;
	f->mtime_ns = mtime_ns(st);
	f->ctime_ns = ctime_ns(st);
}

/* Whether ST is the identity the cache recorded in C: the same device,
 * inode, size, modification time and change time (which every write,
 * link, rename and 'touch -r' sets to the present). */
static bool
same_identity(const struct stat *st, const out_file *c)
{
	return S_ISREG(st->st_mode) && (uint64_t)st->st_dev == c->dev &&
	    (uint64_t)st->st_ino == c->ino &&
	    (uint64_t)st->st_size == (uint64_t)c->bytes &&
	    mtime_ns(st) == c->mtime_ns && ctime_ns(st) == c->ctime_ns;
}

/* Whether the file at PATH is still the one the cache recorded in C, its
 * stat in *ST: with HASH, its bytes are read and must have the SHA-256
 * recorded (the time counts in *NS when NS is not NULL); without, its
 * identity alone is trusted. Never follows a symbolic link. */
static bool
still_recorded(const char *path, const out_file *c, bool hash,
    struct stat *st, atomic_uint_fast64_t *ns)
{
	unsigned char chunk[65536];
	sha256_ctx h;
	char hex[65];
	uint64_t t, total = 0;
	ssize_t n;
	int fd;

	if (!hash && !c->racy)
		return lstat(path, st) == 0 && same_identity(st, c);
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC)) < 0)
		return false;
	if (fstat(fd, st) != 0 || !same_identity(st, c)) {
		close(fd);
		return false;
	}
	t = now_ns(CLOCK_THREAD_CPUTIME_ID);
	sha256_init(&h);
	while ((n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		sha256_update(&h, chunk, (size_t)n);
		total += (uint64_t)n;
	}
	close(fd);
	sha256_final_hex(&h, hex);
	if (ns != NULL)
		atomic_fetch_add(ns, now_ns(CLOCK_THREAD_CPUTIME_ID) - t);
	return n == 0 && total == (uint64_t)c->bytes &&
	    strcmp(hex, c->sha256) == 0;
}

static void
hash_timed(out_dir *o, const void *data, size_t len, char hex[65])
{
	uint64_t t = now_ns(CLOCK_THREAD_CPUTIME_ID);

	sha256_hex(data, len, hex);
	atomic_fetch_add(&o->hash_ns, now_ns(CLOCK_THREAD_CPUTIME_ID) - t);
}

static int rm_at(int dirfd, const char *name);

/* Remove everything in the directory FD but the entry KEEP (when not
 * NULL); 0 or -1. Nothing is allocated (opendir() and nftw() would, and a
 * build that ran out of memory must still remove its staging directory):
 * the entries are read with getdents64() into a buffer on the stack, one
 * a level (a site is a few levels deep). */
static int
rm_contents(int fd, const char *keep)
{
	_Alignas(struct dirent64) char entries[4096];
	int rc = 0;
	ssize_t n;

	while ((n = getdents64(fd, entries, sizeof entries)) > 0)
		for (ssize_t off = 0; off < n;) {
			const struct dirent64 *d =
			    (const struct dirent64 *)(entries + off);

			off += d->d_reclen;
			if (strcmp(d->d_name, ".") == 0 ||
			    strcmp(d->d_name, "..") == 0 ||
			    (keep != NULL && strcmp(d->d_name, keep) == 0))
				continue;
			if (rm_at(fd, d->d_name) != 0)
				rc = -1;
		}
	return n < 0 ? -1 : rc;
}

/* Remove NAME (in the directory DIRFD) and, if it is a directory,
 * everything in it; 0 or -1. */
static int
rm_at(int dirfd, const char *name)
{
	int fd, rc;

	if (unlinkat(dirfd, name, 0) == 0)
		return 0;
	if ((errno != EISDIR && errno != EPERM) || (fd = openat(dirfd, name,
	    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return -1;
	rc = rm_contents(fd, NULL);
	close(fd);
	return unlinkat(dirfd, name, AT_REMOVEDIR) == 0 ? rc : -1;
}

/* Remove the tree at PATH, its build marker last, so that a removal cut
 * short still carries the marker and the next build finishes it; 0 or
 * -1. Symbolic links are removed, never followed. */
static int
rm_tree(const char *path)
{
	int fd, rc;

	if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) < 0)
		return -1;
	rc = rm_contents(fd, BUILD_MARKER);
	if (rc == 0 && unlinkat(fd, BUILD_MARKER, 0) != 0 && errno != ENOENT)
		rc = -1;
	close(fd);
	return rc == 0 ? rmdir(path) : -1;
}

/* Read the first LEN bytes (or fewer) of the regular file NAME, relative
 * to the directory DIRFD, into INTO, not following a symbolic link.
 * Returns how many were read, or -1. */
static ssize_t
read_small(int dirfd, const char *name, char *into, size_t len)
{
	struct stat st;
	ssize_t n = 0;
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		n = -1;
	else {
		while ((size_t)n < len) {
			ssize_t r = read(fd, into + n, len - (size_t)n);

			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0) {
				if (r < 0)
					n = -1;
				break;
			}
			n += r;
		}
	}
	close(fd);
	return n;
}

/* Whether the directory at PATH holds the build marker of process PID. */
static bool
has_build_marker(const char *path, long pid)
{
	char want[32], got[32];
	int dfd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	ssize_t n;

	if (dfd < 0)
		return false;
	snprintf(want, sizeof want, "%ld\n", pid);
	n = read_small(dfd, BUILD_MARKER, got, sizeof got - 1);
	close(dfd);
	return n == (ssize_t)strlen(want) && memcmp(got, want, (size_t)n) == 0;
}

/* Write LEN bytes of DATA to PATH, a new file (never through a symbolic
 * link or over an existing file); 0, or -1 with errno set. */
static int
write_new_file(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0644);
	int rc;

	if (fd < 0)
		return -1;
	rc = write_all(fd, data, len);
	if (rc != 0 && errno == 0)
		errno = ENOSPC;
	if (close(fd) != 0)
		rc = -1;
	if (rc != 0) {
		int e = errno;

		unlink(path);
		errno = e;
	}
	return rc;
}

/* Write the build marker (this process) into the directory PATH; 0, or
 * -1 with errno set. */
static int
put_build_marker(const char *path)
{
	char file[4200], text[32];

	snprintf(file, sizeof file, "%s/" BUILD_MARKER, path);
	snprintf(text, sizeof text, "%ld\n", (long)getpid());
	return write_new_file(file, text, strlen(text));
}

/*
 * Remove what builds of DIR that died left beside it: DIR.new-PID and
 * DIR.old-PID, when process PID is gone and the directory carries the
 * build marker of that PID (or is empty: a build killed as it made it),
 * and DIR.reeks-cache.new-PID of an earlier reeks (a regular file, empty
 * or a cache). Anything else of those names, a backup named
 * site.old-2024 say, is left alone.
 */
static void
remove_stale(const char *dir)
{
	char *copy = strdup(dir), *slash, *base;
	const char *parent;
	DIR *d;
	struct dirent *e;

	if (copy == NULL)
		return;
	slash = strrchr(copy, '/');
	if (slash != NULL) {
		*slash = '\0';
		parent = slash == copy ? "/" : copy;
		base = slash + 1;
	} else {
		parent = ".";
		base = copy;
	}
	if ((d = opendir(parent)) == NULL) {
		free(copy);
		return;
	}
	size_t blen = strlen(base);
	while ((e = readdir(d)) != NULL) {
		const char *rest;
		char *end;
		long pid;
		bool cache_tmp = false;

		if (strncmp(e->d_name, base, blen) != 0)
			continue;
		rest = e->d_name + blen;
		if (strncmp(rest, CACHE_SUFFIX ".new-", 17) == 0) {
			rest += 12;
			cache_tmp = true;
		} else if (strncmp(rest, ".new-", 5) != 0 &&
		    strncmp(rest, ".old-", 5) != 0)
			continue;
		if (rest[5] < '1' || rest[5] > '9')
			continue;
		errno = 0;
		pid = strtol(rest + 5, &end, 10);
		if (*end != '\0' || errno != 0 ||
		    (kill((pid_t)pid, 0) == 0 || errno != ESRCH))
			continue;
		char path[4096], head[16];
		struct stat st;
		ssize_t n;
		snprintf(path, sizeof path, "%s/%s", parent, e->d_name);
		if (lstat(path, &st) != 0)
			continue;
		if (cache_tmp) {
			n = read_small(AT_FDCWD, path, head, 12);
			if (S_ISREG(st.st_mode) && (n == 0 || (n >= 12 &&
			    memcmp(head, "reeks-cache ", 12) == 0)))
				unlink(path);
		} else if (S_ISDIR(st.st_mode)) {
			if (has_build_marker(path, pid))
				rm_tree(path);
			else
				rmdir(path);    /* only when empty */
		}
	}
	closedir(d);
	free(copy);
}

/* ---- the cache of the previous build ------------------------------------- */

static bool
hex64(const char *s)
{
	if (strlen(s) != 64)
		return false;
	for (; *s != '\0'; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return false;
	return true;
}

static void
cache_free(cache *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->files[i].path);
	for (size_t i = 0; i < c->nwarnings; i++)
		free(c->warnings[i]);
	free(c->files);
	free(c->index.slots);
	free(c->warnings);
	*c = (cache){ 0 };
}

/* A warning as one line: '\\' and newlines escaped. */
static void
put_escaped(FILE *f, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\\')
			fputs("\\\\", f);
		else if (*s == '\n')
			fputs("\\n", f);
		else
			fputc(*s, f);
	}
}

static void
unescape(char *s)
{
	char *o = s;

	for (; *s != '\0'; s++) {
		if (*s == '\\' && (s[1] == '\\' || s[1] == 'n')) {
			*o++ = s[1] == 'n' ? '\n' : '\\';
			s++;
		} else
			*o++ = *s;
	}
	*o = '\0';
}

/* The next field of the line at *P, fields separated by one space (the
 * space becomes a NUL); NULL at the end of the line. */
static char *
field(char **p)
{
	char *s = *p, *e;

	if (*s == '\0')
		return NULL;
	if ((e = strchr(s, ' ')) != NULL) {
		*e = '\0';
		*p = e + 1;
	} else
		*p = s + strlen(s);
	return s;
}

/* The next field as a whole decimal number: digits only, in range. */
static bool
field_u64(char **p, unsigned long long *v)
{
	char *s = field(p), *end;

	if (s == NULL || *s < '0' || *s > '9')
		return false;
	errno = 0;
	*v = strtoull(s, &end, 10);
	return errno == 0 && *end == '\0';
}

/* The same with an optional minus sign. */
static bool
field_i64(char **p, long long *v)
{
	char *s = field(p), *end;

	if (s == NULL || !((*s >= '0' && *s <= '9') ||
	    (*s == '-' && s[1] >= '0' && s[1] <= '9')))
		return false;
	errno = 0;
	*v = strtoll(s, &end, 10);
	return errno == 0 && *end == '\0';
}

/*
 * Read DIR.reeks-cache into C; anything odd leaves C empty. Lines:
 *   build FINGERPRINT PAGES
 *   time NS          (when the identities below were taken)
 *   warning TEXT
 *   SHA256 SIZE DEV INO MTIME_NS CTIME_NS racy|- KEY|- PATH
 * ("racy": the file's change time was not older than the cache, so that
 * a change in the same tick of the file system's clock would not show in
 * its times: its bytes are hashed before it is trusted).
 */
static void
cache_load(const char *dir, cache *c)
{
	char path[4096], *text = NULL, *line, *next;
	size_t len = 0, cap = 0;
	FILE *f;

	struct stat st;
	int fd;

	*c = (cache){ 0 };
	snprintf(path, sizeof path, "%s" CACHE_SUFFIX, dir);
	/* A regular file only: not through a link, not a FIFO. */
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC)) < 0)
		return;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (f = fdopen(fd, "rb")) == NULL) {
		close(fd);
		return;
	}
	for (;;) {
		if (len + 65536 + 1 > cap) {
			char *t = realloc(text, cap = 2 * cap + 65536 + 1);

			if (t == NULL)
				goto fail;
			text = t;
		}
		size_t n = fread(text + len, 1, cap - len - 1, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f) || len < strlen(CACHE_MAGIC) ||
	    memcmp(text, CACHE_MAGIC, strlen(CACHE_MAGIC)) != 0)
		goto fail;
	text[len] = '\0';
	for (line = text + strlen(CACHE_MAGIC); *line != '\0'; line = next) {
		char *q, *sha, *key, *rel;
		unsigned long long bytes, dev, ino;
		long long mt, ct;
		char *racy;
		out_file *x;

		if ((next = strchr(line, '\n')) == NULL)
			goto fail;
		*next++ = '\0';
		if (strncmp(line, "build ", 6) == 0) {
			char *fp;

			q = line + 6;
			if ((fp = field(&q)) == NULL || !hex64(fp) ||
			    !field_u64(&q, &bytes) || *q != '\0' ||
			    bytes > SIZE_MAX)
				goto fail;
			memcpy(c->build, fp, 65);
			c->pages = (size_t)bytes;
			continue;
		}
		if (strncmp(line, "time ", 5) == 0) {
			long long t;

			q = line + 5;
			if (!field_i64(&q, &t) || *q != '\0')
				goto fail;
			continue;
		}
		if (strncmp(line, "warning ", 8) == 0) {
			char **w = realloc(c->warnings, (c->nwarnings + 1) *
			    sizeof *w);

			if (w == NULL)
				goto fail;
			c->warnings = w;
			if ((w[c->nwarnings] = strdup(line + 8)) == NULL)
				goto fail;
			unescape(w[c->nwarnings++]);
			continue;
		}
		q = line;
		if ((sha = field(&q)) == NULL || !hex64(sha) ||
		    !field_u64(&q, &bytes) || bytes > SIZE_MAX ||
		    !field_u64(&q, &dev) || !field_u64(&q, &ino) ||
		    !field_i64(&q, &mt) || !field_i64(&q, &ct) ||
		    (racy = field(&q)) == NULL || (strcmp(racy, "racy") != 0 &&
		    strcmp(racy, "-") != 0) || (key = field(&q)) == NULL ||
		    (strcmp(key, "-") != 0 && !hex64(key)) ||
		    (rel = field(&q)) == NULL || *q != '\0')
			goto fail;
		if (c->n % 1024 == 0) {
			out_file *t = realloc(c->files, (c->n + 1024) *
			    sizeof *t);

			if (t == NULL)
				goto fail;
			c->files = t;
		}
		x = &c->files[c->n];
		memset(x, 0, sizeof *x);
		if ((x->path = strdup(rel)) == NULL)
			goto fail;
		c->n++;
		memcpy(x->sha256, sha, 65);
		x->bytes = (size_t)bytes;
		x->dev = dev;
		x->ino = ino;
		x->mtime_ns = mt;
		x->ctime_ns = ct;
		x->racy = strcmp(racy, "racy") == 0;
		snprintf(x->key, sizeof x->key, "%s", strcmp(key, "-") == 0 ?
		    "" : key);
		if (index_find(&c->index, c->files, rel) != NULL ||
		    !index_add(&c->index, c->files, c->n, c->n - 1))
			goto fail;
	}
	fclose(f);
	free(text);
	return;
fail:
	fclose(f);
	free(text);
	cache_free(c);
}

/*
 * Write the cache of the site O put in place as CACHE_TMP (a new file)
 * in TRASH, a directory this build made or the old site it moved out of
 * the way, so that the new site never holds it. Returns 0, or -1 when it
 * could not be written (there is then no such file).
 *
 * Each file's identity is taken again now, from the site in place (a
 * link, a rename or the removal of the old site's name changed its change
 * time since it was made); a file that is no longer the one the build
 * made (another inode, size or modification time) is left out, so that
 * the next build writes it. The cache file's own time, on the file
 * system's clock and to its granularity, is the moment the identities
 * are taken: a file whose change time is not older than that could still
 * change within the same tick of that clock without a trace in its
 * times, and is marked "racy" (hashed before it is reused), as git
 * treats a racily clean index entry.
 */
static int
cache_write(out_dir *o, const char *trash)
{
	char tmp[4200], path[8300];
	struct stat now;
	FILE *f;
	int fd;
	bool ok;

	snprintf(tmp, sizeof tmp, "%s/" CACHE_TMP, trash);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0644)) < 0)
		return -1;
	if (fstat(fd, &now) != 0 || (f = fdopen(fd, "wb")) == NULL) {
		close(fd);
		unlink(tmp);
		return -1;
	}
	ok = fputs(CACHE_MAGIC, f) >= 0 && fprintf(f, "time %" PRId64 "\n",
	    mtime_ns(&now)) > 0;
	if (o->now.build[0] != '\0')
		ok = ok && fprintf(f, "build %s %zu\n", o->now.build,
		    o->now.pages) > 0;
	for (size_t i = 0; ok && i < o->now.nwarnings; i++) {
		fputs("warning ", f);
		put_escaped(f, o->now.warnings[i]);
		ok = fputc('\n', f) != EOF;
	}
	for (size_t i = 0; ok && i < o->nfiles; i++) {
		out_file *x = &o->files[i];
		struct stat st;

		snprintf(path, sizeof path, "%s/%s", o->dir, x->path);
		if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
		    (uint64_t)st.st_dev != x->dev ||
		    (uint64_t)st.st_ino != x->ino ||
		    (uint64_t)st.st_size != (uint64_t)x->bytes ||
		    mtime_ns(&st) != x->mtime_ns)
			continue;
		x->ctime_ns = ctime_ns(&st);
		x->racy = x->ctime_ns >= mtime_ns(&now) ||
		    x->mtime_ns >= mtime_ns(&now);
		ok = fprintf(f, "%s %zu %" PRIu64 " %" PRIu64 " %" PRId64
		    " %" PRId64 " %s %s %s\n", x->sha256, x->bytes, x->dev,
		    x->ino, x->mtime_ns, x->ctime_ns, x->racy ? "racy" : "-",
		    x->key[0] != '\0' ? x->key : "-", x->path) > 0;
	}
	if (fclose(f) != 0 || !ok) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* Write the cache for the site just put in place, through TRASH (see
 * cache_write(); NULL when there is none), and move it beside the site;
 * when that fails, remove the old cache, so that the next build simply
 * writes everything. A link or file planted at the cache's name is
 * replaced, never followed. */
static void
cache_save(out_dir *o, const char *trash)
{
	char tmp[4200], path[4200];

	snprintf(path, sizeof path, "%s" CACHE_SUFFIX, o->dir);
	if (trash == NULL || cache_write(o, trash) != 0) {
		unlink(path);
		return;
	}
	snprintf(tmp, sizeof tmp, "%s/" CACHE_TMP, trash);
	if (rename(tmp, path) != 0) {
		unlink(tmp);
		unlink(path);
	}
}

void
out_record_build(out_dir *o, const char *fingerprint, size_t pages,
    const char *const *warnings, size_t n)
{
	cache_free(&o->now);
	if (fingerprint == NULL || !hex64(fingerprint))
		return;
	if ((o->now.warnings = calloc(n ? n : 1, sizeof *o->now.warnings)) ==
	    NULL)
		return;
	for (size_t i = 0; i < n; i++)
		if ((o->now.warnings[o->now.nwarnings++] = strdup(warnings[i]))
		    == NULL) {
			cache_free(&o->now);
			return;
		}
	memcpy(o->now.build, fingerprint, 65);
	o->now.pages = pages;
}

/* Walk the tree at PATH (REL below the site): every entry must be a
 * directory or a file C lists, still the file the cache describes (device,
 * inode, size, modification time). Counts the files in *N and their bytes
 * in *BYTES. */
static bool
tree_listed(const cache *c, char *path, size_t plen, size_t rel,
    bool verify, size_t *n, uint64_t *bytes)
{
	DIR *d = opendir(path);
	struct dirent *e;
	bool ok = true;

	if (d == NULL)
		return false;
	while (ok && (e = readdir(d)) != NULL) {
		struct stat st;
		size_t len = strlen(e->d_name);

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (plen + 1 + len + 1 > 4096) {
			ok = false;
			break;
		}
		path[plen] = '/';
		memcpy(path + plen + 1, e->d_name, len + 1);
		if (lstat(path, &st) != 0)
			ok = false;
		else if (S_ISDIR(st.st_mode))
			ok = tree_listed(c, path, plen + 1 + len, rel, verify,
			    n, bytes);
		else if (plen + 1 != rel || !S_ISREG(st.st_mode) ||
		    strcmp(e->d_name, OUT_SITE_MARKER) != 0) {
			/* A file, but the site's marker. */
			const out_file *x = S_ISREG(st.st_mode) ?
			    index_find(&c->index, c->files, path + rel) : NULL;

			ok = x != NULL && same_identity(&st, x) &&
			    ((!verify && !x->racy) || still_recorded(path, x,
			    true, &st, NULL));
			if (ok) {
				(*n)++;
				*bytes += x->bytes;
			}
		}
		path[plen] = '\0';
	}
	closedir(d);
	return ok;
}

bool
out_up_to_date(const char *dir, const char *fingerprint, bool verify,
    out_previous *p)
{
	cache c;
	char path[4096];
	size_t found = 0, dlen = strlen(dir);
	bool ok = false;

	*p = (out_previous){ 0 };
	while (dlen > 1 && dir[dlen - 1] == '/')
		dlen--;
	if (dlen + 2 > sizeof path || fingerprint == NULL ||
	    !hex64(fingerprint))
		return false;
	memcpy(path, dir, dlen);
	path[dlen] = '\0';
	/* A build that died as it removed the old site left it beside a
	 * site that is up to date: finish the job. */
	remove_stale(path);
	cache_load(path, &c);
	if (c.build[0] == '\0' || strcmp(c.build, fingerprint) != 0)
		goto out;
	/* Every file is the one the build made, and there is no other: one
	 * walk of the tree, each file found in the cache's index (so a file
	 * the cache lists twice, or one missing, makes FOUND differ). */
	uint64_t bytes = 0;

	if (!tree_listed(&c, path, dlen, dlen + 1, verify, &found, &bytes) ||
	    found != c.n)
		goto out;
	p->bytes = bytes;
	p->pages = c.pages;
	p->files = c.n;
	p->warnings = c.warnings;
	p->nwarnings = c.nwarnings;
	c.warnings = NULL;
	c.nwarnings = 0;
	ok = true;
out:
	cache_free(&c);
	if (!ok)
		p->bytes = 0;
	return ok;
}

void
out_previous_free(out_previous *p)
{
	for (size_t i = 0; i < p->nwarnings; i++)
		free(p->warnings[i]);
	free(p->warnings);
	*p = (out_previous){ 0 };
}

/* What made the files: the reeks executable (its bytes) and the
 * libraries it runs with (their identity). "" when the executable cannot
 * be read (then nothing derived is ever reused). */
void
out_generator_id(char id[65])
{
	sha256_ctx c;
	unsigned char chunk[65536];
	char line[4096];
	size_t n;
	FILE *f = fopen("/proc/self/exe", "rb");

	id[0] = '\0';
	if (f == NULL)
		return;
	sha256_init(&c);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		sha256_update(&c, chunk, n);
	if (ferror(f)) {
		fclose(f);
		return;
	}
	fclose(f);
	sha256_update(&c, zlibVersion(), strlen(zlibVersion()) + 1);
	/* Each mapped library (libz, libxml2, libc...; minizip is linked
	 * into the program) by path, size and time: an upgrade of any of
	 * them counts as a new reeks.
	 * The map is in address order, which changes from run to run: the
	 * files are hashed sorted by name, each once. */
	char **files = NULL;
	size_t nfiles = 0;
	if ((f = fopen("/proc/self/maps", "r")) != NULL) {
		while (fgets(line, sizeof line, f) != NULL) {
			char *file = strchr(line, '/'), **more;

			if (file == NULL)
				continue;
			file[strcspn(file, "\n")] = '\0';
			/* Shared libraries only: not the files a debugger or
			 * valgrind maps, which change from run to run. */
			if (strstr(file, ".so") == NULL)
				continue;
			if ((more = realloc(files, (nfiles + 1) *
			    sizeof *files)) == NULL)
				break;
			files = more;
			if ((files[nfiles] = strdup(file)) == NULL)
				break;
			nfiles++;
		}
		fclose(f);
	}
	if (nfiles > 1)
		qsort(files, nfiles, sizeof *files, cmp_strings);
	for (size_t i = 0; i < nfiles; i++) {
		struct stat st;

		if ((i > 0 && strcmp(files[i], files[i - 1]) == 0) ||
		    stat(files[i], &st) != 0)
			continue;
		int64_t mt = mtime_ns(&st);
		uint64_t size = (uint64_t)st.st_size;
		sha256_update(&c, files[i], strlen(files[i]) + 1);
		sha256_update(&c, &size, sizeof size);
		sha256_update(&c, &mt, sizeof mt);
	}
	for (size_t i = 0; i < nfiles; i++)
		free(files[i]);
	free(files);
	sha256_final_hex(&c, id);
}

void
out_key(const out_dir *o, char key[65], const char *label,
    const char *const *parts, size_t n)
{
	sha256_ctx c;

	sha256_init(&c);
	sha256_update(&c, o->gen_id, strlen(o->gen_id) + 1);
	sha256_update(&c, label, strlen(label) + 1);
	for (size_t i = 0; i < n; i++) {
		uint64_t len = parts[i] != NULL ? strlen(parts[i]) : 0;

		sha256_update(&c, &len, sizeof len);
		if (len > 0)
			sha256_update(&c, parts[i], (size_t)len);
	}
	sha256_final_hex(&c, key);
}

/* ---- the target ------------------------------------------------------------ */

/* DIR without trailing slashes ("/" stays), in a new string; NULL when
 * out of memory. */
static char *
without_slashes(const char *dir)
{
	char *d = strdup(dir);
	size_t len;

	if (d == NULL)
		return NULL;
	len = strlen(d);
	while (len > 1 && d[len - 1] == '/')
		d[--len] = '\0';
	return d;
}

/*
 * Whether DIR may be replaced by a new site: it is missing, an empty
 * directory, or a site reeks made (OUT_SITE_MARKER in it with its text,
 * or, from an earlier reeks, a cache beside it). Returns 0, or -1 with
 * the reason in ERR.
 */
static int
target_owned(const char *dir, char *err, size_t errlen)
{
	char text[sizeof OUT_SITE_MARKER_TEXT + 1], head[12], cachefile[4200];
	struct stat st;
	struct dirent *e;
	DIR *d;
	int dfd;
	bool empty = true;

	if (lstat(dir, &st) != 0)
		return 0;       /* missing; or making it will say why not */
	if (S_ISLNK(st.st_mode)) {
		snprintf(err, errlen, "it is a symbolic link (give the "
		    "directory it points to)");
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "it is not a directory");
		return -1;
	}
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) < 0) {
		snprintf(err, errlen, "cannot read it: %s", strerror(errno));
		return -1;
	}
	/* The text exactly: one byte more is read, to see there is none. */
	if (read_small(dfd, OUT_SITE_MARKER, text, sizeof text - 1) ==
	    (ssize_t)strlen(OUT_SITE_MARKER_TEXT) &&
	    memcmp(text, OUT_SITE_MARKER_TEXT,
	    strlen(OUT_SITE_MARKER_TEXT)) == 0) {
		close(dfd);
		return 0;
	}
	snprintf(cachefile, sizeof cachefile, "%s" CACHE_SUFFIX, dir);
	if (read_small(AT_FDCWD, cachefile, head, sizeof head) ==
	    (ssize_t)sizeof head && memcmp(head, "reeks-cache ", 12) == 0) {
		close(dfd);
		return 0;
	}
	if ((d = fdopendir(dfd)) == NULL) {
		int why = errno;

		close(dfd);
		snprintf(err, errlen, "cannot read it: %s", strerror(why));
		return why == ENOMEM ? -2 : -1;
	}
	while (empty && (e = readdir(d)) != NULL)
		empty = strcmp(e->d_name, ".") == 0 ||
		    strcmp(e->d_name, "..") == 0;
	closedir(d);
	if (!empty) {
		snprintf(err, errlen, "it is not empty, and not a site reeks "
		    "made (no " OUT_SITE_MARKER " file in it, no %s beside it)",
		    cachefile);
		return -1;
	}
	return 0;
}

/* Whether the file with identity ID is the real path REAL (1), one of its
 * ancestors (2), or neither (0). Changes REAL. */
static int
ancestor_of(const struct stat *id, char *real)
{
	for (int self = 1;; self = 0) {
		struct stat st;
		char *slash;

		if (stat(real, &st) == 0 && st.st_dev == id->st_dev &&
		    st.st_ino == id->st_ino)
			return self ? 1 : 2;
		if ((slash = strrchr(real, '/')) == NULL || real[1] == '\0')
			return 0;
		if (slash == real)
			real[1] = '\0';        /* "/a" becomes "/" */
		else
			*slash = '\0';
	}
}

/* ancestor_of() for the real path of PATH; 0 when PATH has none (it
 * does not exist), -1 when out of memory: a check that could not be
 * made is never a pass. */
static int
ancestor_of_path(const struct stat *id, const char *path)
{
	char *real = realpath(path, NULL);
	int rc = real != NULL ? ancestor_of(id, real) :
	    errno == ENOMEM ? -1 : 0;

	free(real);
	return rc;
}

int
out_check_target(const char *dir, const out_input *inputs, size_t n,
    char *err, size_t errlen)
{
	char *d = without_slashes(dir), *parent = NULL, *cachefile = NULL;
	size_t cachelen = d != NULL ? strlen(d) + sizeof CACHE_SUFFIX : 0;
	struct stat st, in;
	bool exists;
	int rc = -1;

	if (d == NULL || (cachefile = malloc(cachelen)) == NULL)
		goto nomem;
	exists = lstat(d, &st) == 0;
	if (exists && S_ISLNK(st.st_mode)) {
		snprintf(err, errlen, "it is a symbolic link (give the "
		    "directory it points to)");
		goto out;
	}
	if (exists && !S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "it is not a directory");
		goto out;
	}
	/* The directory itself, then what it would hold or lie in. */
	for (size_t i = 0; exists && i < n; i++)
		if (stat(inputs[i].path, &in) == 0 &&
		    in.st_dev == st.st_dev && in.st_ino == st.st_ino) {
			snprintf(err, errlen, "it is %s '%s'", inputs[i].what,
			    inputs[i].path);
			goto out;
		}
	for (size_t i = 0; exists && i < n; i++) {
		int a = ancestor_of_path(&st, inputs[i].path);

		if (a < 0)
			goto nomem;
		if (a == 2) {
			snprintf(err, errlen, "it contains %s '%s'",
			    inputs[i].what, inputs[i].path);
			goto out;
		}
	}
	/* A missing DIR lies where its nearest existing ancestor is. */
	if (!exists) {
		struct stat pst;

		if ((parent = strdup(d)) == NULL)
			goto nomem;
		do {
			char *slash = strrchr(parent, '/');

			if (slash == NULL)
				snprintf(parent, strlen(parent) + 1, ".");
			else if (slash == parent)
				parent[1] = '\0';      /* "/a": "/" */
			else
				*slash = '\0';
		} while (lstat(parent, &pst) != 0 &&
		    strcmp(parent, ".") != 0 && strcmp(parent, "/") != 0);
	}
	for (size_t i = 0; i < n; i++) {
		int a = !inputs[i].may_hold_out &&
		    stat(inputs[i].path, &in) == 0 ?
		    ancestor_of_path(&in, exists ? d : parent) : 0;

		if (a < 0)
			goto nomem;
		if (a != 0) {
			snprintf(err, errlen, "it lies inside %s '%s'",
			    inputs[i].what, inputs[i].path);
			goto out;
		}
	}
	/* The cache beside it replaces whatever has its name. */
	snprintf(cachefile, cachelen, "%s" CACHE_SUFFIX, d);
	for (size_t i = 0; i < n; i++) {
		struct stat c;

		if (stat(cachefile, &c) == 0 &&
		    stat(inputs[i].path, &in) == 0 &&
		    in.st_dev == c.st_dev && in.st_ino == c.st_ino) {
			snprintf(err, errlen, "its cache, %s, would replace %s "
			    "'%s'", cachefile, inputs[i].what, inputs[i].path);
			goto out;
		}
	}
	rc = target_owned(d, err, errlen);
	goto out;
nomem:
	snprintf(err, errlen, "out of memory");
	rc = -2;
out:
	free(d);
	free(parent);
	free(cachefile);
	return rc;
}

/* ---- starting -------------------------------------------------------------- */

out_dir *
out_begin(const char *dir, char *err, size_t errlen)
{
	out_dir *o = calloc(1, sizeof *o);
	size_t len = strlen(dir) + 32;

	if (o == NULL || (o->dir = strdup(dir)) == NULL ||
	    (o->stage = malloc(len)) == NULL) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	/* Room for every name made from it (DIR.old-PID/.reeks-build...). */
	if (strlen(dir) > 4000) {
		snprintf(err, errlen, "cannot build into %.100s...: the path is "
		    "too long", dir);
		goto fail;
	}
	/* Without trailing slashes, so that DIR.new-PID is a sibling. */
	while (strlen(o->dir) > 1 && o->dir[strlen(o->dir) - 1] == '/')
		o->dir[strlen(o->dir) - 1] = '\0';
	remove_stale(o->dir);
	snprintf(o->stage, len, "%s.new-%ld", o->dir, (long)getpid());
	if (mkdir(o->stage, 0755) != 0) {
		snprintf(err, errlen, "cannot create %s: %s", o->stage,
		    strerror(errno));
		free(o->stage);
		o->stage = NULL;
		goto fail;
	}
	/* The build marker first: from then on a staging directory left by
	 * a crash is removed by the next build. */
	char marker[4200];
	snprintf(marker, sizeof marker, "%s/" OUT_SITE_MARKER, o->stage);
	if (put_build_marker(o->stage) != 0 || write_new_file(marker,
	    OUT_SITE_MARKER_TEXT, strlen(OUT_SITE_MARKER_TEXT)) != 0) {
		snprintf(err, errlen, "cannot write in %s: %s", o->stage,
		    strerror(errno));
		rm_tree(o->stage);
		goto fail;
	}
	cache_load(o->dir, &o->old);
	out_generator_id(o->gen_id);
	return o;
fail:
	if (o != NULL) {
		free(o->dir);
		free(o->stage);
		free(o);
	}
	return NULL;
}

void
out_set_verify(out_dir *o, bool verify)
{
	o->verify = verify;
}

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

static int
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
 * from KEY (a derived one), and it is still the file the cache describes
 * (its stat in *ST). NULL otherwise.
 */
static const out_file *
linkable(out_dir *o, const char *relpath, const char *sha,
    const char *key, struct stat *st)
{
	const out_file *c = index_find(&o->old.index, o->old.files, relpath);
	char old[4096];

	if (c == NULL)
		return NULL;
	if (key != NULL) {          /* derived: made from the same KEY */
		if (o->gen_id[0] == '\0' || strcmp(c->key, key) != 0)
			return NULL;
	} else if (sha == NULL || c->key[0] != '\0' ||
	    strcmp(c->sha256, sha) != 0)
		return NULL;
	/* A derived file's recorded hash is published as its own: it is
	 * checked against the file's bytes, always. */
	snprintf(old, sizeof old, "%s/%s", o->dir, relpath);
	if (!still_recorded(old, c, key != NULL || o->verify, st,
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
try_link(out_dir *o, const char *relpath, const char *sha, const char *key,
    out_file *f, char *err, size_t errlen)
{
	const out_file *c;
	char old[4096], path[4096];
	struct stat st;
	int rc;

	if ((c = linkable(o, relpath, sha, key, &st)) == NULL)
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

/* Put DATA as RELPATH into B: linked, or written. KEY: a derived file. */
static int
put(out_dir *o, out_batch *b, const char *relpath, const void *data,
    size_t len, const char *key)
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
out_put_gz(out_dir *o, out_batch *b, const char *relpath, const void *data,
    size_t len)
{
	char gzpath[1100], key[65], err[5120];
	unsigned char *gz = NULL;
	size_t gzlen = 0;
	out_file *f;
	int rc;

	if (put(o, b, relpath, data, len, NULL) != 0)
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
out_link_derived(out_dir *o, const char *relpath, const char *key)
{
	out_batch b = { 0 };
	out_file *f;
	int rc;

	if (!path_ok(relpath)) {
		snprintf(o->error, sizeof o->error, "refusing to write '%s': "
		    "not a safe relative path", relpath);
		return -1;
	}
	if ((f = batch_next(&b)) == NULL) {
		snprintf(o->error, sizeof o->error, "out of memory");
		return -1;
	}
	rc = try_link(o, relpath, NULL, key, f, o->error, sizeof o->error);
	if (rc == 1) {
		b.n++;
		return list_batch(o, &b, 0) == 0 ? 1 : -1;
	}
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

struct out_stream {
	out_dir *o;
	char *relpath;
	char path[4096];
	int fd;
	FILE *f;
	sha256_ctx sha;             /* of the bytes so far, unless REHASH */
	uint64_t bytes;             /* written in order so far */
	uint64_t hash_ns;
	bool rehash;                /* seeked back: hash the file at close */
	char key[65];               /* a derived file's key, or "" */
	int err;                    /* errno of the first failure, or 0 */
};

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
out_stream_open(out_dir *o, const char *relpath, char *err, size_t errlen)
{
	out_stream *s;
	cookie_io_functions_t io = { NULL, stream_write, stream_seek, NULL };

	if (!path_ok(relpath)) {
		snprintf(err, errlen, "refusing to write '%s': not a safe "
		    "relative path", relpath);
		return NULL;
	}
	if ((s = calloc(1, sizeof *s)) == NULL ||
	    (s->relpath = strdup(relpath)) == NULL) {
		free(s);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->o = o;
	snprintf(s->path, sizeof s->path, "%s/%s", o->stage, relpath);
	if ((s->fd = create_staged(o, relpath, s->path)) < 0) {
		snprintf(err, errlen, "cannot create %s: %s", s->path,
		    strerror(errno));
		free(s->relpath);
		free(s);
		return NULL;
	}
	if ((s->f = fopencookie(s, "w", io)) == NULL) {
		snprintf(err, errlen, "out of memory");
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

void
out_stream_set_key(out_stream *s, const char *key)
{
	snprintf(s->key, sizeof s->key, "%s", key != NULL ? key : "");
}

/* Where gzip_staged() writes: a file, hashed as it goes. */
typedef struct gz_sink {
	int fd;
	sha256_ctx sha;
} gz_sink;

static int
gz_write(void *arg, const void *data, size_t len)
{
	gz_sink *k = arg;

	sha256_update(&k->sha, data, len);
	return write_all(k->fd, data, len);
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
	gz_sink k = { -1, { { 0 }, 0, { 0 }, 0 } };
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
		if (n < 0 || gzip_stream_add(g, chunk, (size_t)n, n == 0,
		    gz_write, &k) != 0) {
			snprintf(err, errlen, "cannot gzip %s: %s", relpath,
			    strerror(errno));
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
	    (c = linkable(o, s->relpath, sha, NULL, &old)) != NULL) {
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
		gz_key(o, sha, key);
		if ((g = batch_next(&b)) == NULL) {
			snprintf(err, sizeof err, "out of memory");
			goto out;
		}
		l = try_link(o, gzpath, NULL, key, g, err, sizeof err);
		if (l < 0 || (l == 0 && gzip_staged(o, s->path, gzpath, key,
		    g, err, sizeof err) != 0))
			goto out;
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
	free(s->relpath);
	free(s);
	return rc;
}

/* ---- what was written --------------------------------------------------------- */

size_t out_count(const out_dir *o) { return o->nfiles; }
uint64_t out_bytes(const out_dir *o) { return o->bytes; }
const char *out_error(const out_dir *o) { return o->error; }

const out_file *
out_at(const out_dir *o, size_t i)
{
	return i < o->nfiles ? &o->files[i] : NULL;
}

const out_file *
out_find(const out_dir *o, const char *relpath)
{
	return index_find(&o->index, o->files, relpath);
}

const char *
out_staged_path(out_dir *o, const char *relpath)
{
	if (out_find(o, relpath) == NULL)
		return NULL;
	snprintf(o->pathbuf, sizeof o->pathbuf, "%s/%s", o->stage, relpath);
	return o->pathbuf;
}

void
out_get_stats(out_dir *o, out_stats *s)
{
	s->written = atomic_load(&o->written);
	s->written_bytes = atomic_load(&o->written_bytes);
	s->linked = atomic_load(&o->linked);
	s->linked_bytes = atomic_load(&o->linked_bytes);
	s->gz_in = atomic_load(&o->gz_in);
	s->gz_out = atomic_load(&o->gz_out);
	s->gz_seconds = (double)atomic_load(&o->gz_ns) / 1e9;
	s->hash_seconds = (double)atomic_load(&o->hash_ns) / 1e9;
}

/* ---- finishing ------------------------------------------------------------------ */

static void
out_free(out_dir *o)
{
	for (size_t i = 0; i < o->nfiles; i++)
		free(o->files[i].path);
	cache_free(&o->old);
	cache_free(&o->now);
	free(o->files);
	free(o->index.slots);
	free(o->dir);
	free(o->stage);
	free(o);
}

/* Mark the old site at PATH, just moved out of the way, as this build's
 * to remove (replacing any marker it had). */
static void
mark_old(const char *path)
{
	char marker[4200];

	snprintf(marker, sizeof marker, "%s/" BUILD_MARKER, path);
	unlink(marker);
	put_build_marker(path);
}

int
out_commit(out_dir *o, char *err, size_t errlen)
{
	struct stat st;
	char marker[4200], why[1024], old[4100];
	const char *trash = NULL;   /* the old site, moved out of the way */
	int rc = 0;

	/* DIR may have changed since the build began: replace it only when
	 * reeks still may. */
	if (target_owned(o->dir, why, sizeof why) != 0) {
		snprintf(err, errlen, "refusing to build into '%s': %s",
		    o->dir, why);
		rm_tree(o->stage);
		out_free(o);
		return -1;
	}
	snprintf(old, sizeof old, "%s.old-%ld", o->dir, (long)getpid());
	/* The new site carries no build marker: no copy of it can ever be
	 * taken for a staging directory and removed. */
	snprintf(marker, sizeof marker, "%s/" BUILD_MARKER, o->stage);
	if (unlink(marker) != 0) {
		snprintf(err, errlen, "cannot write in %s: %s", o->stage,
		    strerror(errno));
		rc = -1;
	} else if (lstat(o->dir, &st) != 0) {
		/* No site yet: the staged tree simply becomes it, and the
		 * cache is written in a directory of its own. */
		if (rename(o->stage, o->dir) != 0) {
			snprintf(err, errlen, "cannot rename %s to %s: %s",
			    o->stage, o->dir, strerror(errno));
			rc = -1;
		} else if (mkdir(old, 0700) == 0) {
			trash = old;
			put_build_marker(old);
		}
	} else if (renameat2(AT_FDCWD, o->stage, AT_FDCWD, o->dir,
	    RENAME_EXCHANGE) == 0) {
		/* The old site now sits at the staging name. */
		trash = o->stage;
		mark_old(trash);
	} else if (errno == EINVAL || errno == ENOSYS) {
		/* A file system without RENAME_EXCHANGE: two renames, with a
		 * moment in which DIR does not exist (but is never half
		 * written). */
		if (rename(o->dir, old) != 0) {
			snprintf(err, errlen, "cannot move %s aside: %s",
			    o->dir, strerror(errno));
			rc = -1;
		} else {
			mark_old(old);
			if (rename(o->stage, o->dir) != 0) {
				snprintf(err, errlen, "cannot rename %s to %s: "
				    "%s", o->stage, o->dir, strerror(errno));
				snprintf(marker, sizeof marker, "%s/"
				    BUILD_MARKER, old);
				unlink(marker);
				rename(old, o->dir);
				rc = -1;
			} else
				trash = old;
		}
	} else {
		snprintf(err, errlen, "cannot put the new site in place of "
		    "%s: %s", o->dir, strerror(errno));
		rc = -1;
	}
	if (rc != 0) {
		put_build_marker(o->stage);
		rm_tree(o->stage);
	} else {
		/* The old site's names go first: removing a name changes the
		 * change time of a file the new site links. */
		int fd = trash != NULL ? open(trash, O_RDONLY | O_DIRECTORY |
		    O_NOFOLLOW | O_CLOEXEC) : -1;

		if (fd >= 0) {
			rm_contents(fd, BUILD_MARKER);
			close(fd);
		}
		cache_save(o, trash);
		if (trash != NULL)
			rm_tree(trash);
	}
	out_free(o);
	return rc;
}

void
out_abort(out_dir *o)
{
	if (o == NULL)
		return;
	rm_tree(o->stage);
	out_free(o);
}
