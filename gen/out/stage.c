/*
 * stage.c: the staged output directory: out_begin() beside --out, the
 * checks that --out is reeks's to replace, and out_commit()/out_abort();
 * with the small helpers the other parts share (the path index, clocks,
 * file identity). Removing trees and the build markers are in tree.c.
 * See out.h.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
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

#include "shared.h"
#include "util/buf.h"
#include "out/gzip.h"
#include "out/out.h"
#include "util/sha256.h"

#include "out/out-internal.h"

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
bool
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

const out_file *
index_find(const path_index *x, const out_file *files, const char *path)
{
	size_t *slot;

	if (x->cap == 0)
		return NULL;
	slot = index_slot(x, files, path);
	return *slot != 0 ? &files[*slot - 1] : NULL;
}

uint64_t
now_ns(clockid_t clock)
{
	struct timespec t;

	clock_gettime(clock, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

int64_t
mtime_ns(const struct stat *st)
{
	return (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
}

int64_t
ctime_ns(const struct stat *st)
{
	return (int64_t)st->st_ctim.tv_sec * 1000000000 + st->st_ctim.tv_nsec;
}

void
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
bool
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
bool
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

void
hash_timed(out_dir *o, const void *data, size_t len, char hex[65])
{
	uint64_t t = now_ns(CLOCK_THREAD_CPUTIME_ID);

	sha256_hex(data, len, hex);
	atomic_fetch_add(&o->hash_ns, now_ns(CLOCK_THREAD_CPUTIME_ID) - t);
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

/* Add "refusing to build into 'DIR': " and the text of FMT to ERRS. */
static void
refuse(errlist *errs, const char *dir, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
refuse(errlist *errs, const char *dir, const char *fmt, ...)
{
	char why[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	errlist_add(errs, NULL, 0, 0, "refusing to build into '%s': %s", dir,
	    why);
}

/*
 * Whether DIR may be replaced by a new site: it is missing, an empty
 * directory, or a site reeks made (OUT_SITE_MARKER in it with its text,
 * or, from an earlier reeks, a cache beside it). Returns 0, or -1 after
 * adding "refusing to build into 'SHOWN': why" to ERRS.
 */
static int
target_owned(const char *dir, const char *shown, errlist *errs)
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
		refuse(errs, shown, "it is a symbolic link (give the "
		    "directory it points to)");
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		refuse(errs, shown, "it is not a directory");
		return -1;
	}
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) < 0) {
		refuse(errs, shown, "cannot read it: %s", strerror(errno));
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
		refuse(errs, shown, "cannot read it: %s", strerror(why));
		/* The caller may say just "out of memory". */
		errs->oom = errs->oom || why == ENOMEM;
		return -1;
	}
	while (empty && (e = readdir(d)) != NULL)
		empty = strcmp(e->d_name, ".") == 0 ||
		    strcmp(e->d_name, "..") == 0;
	closedir(d);
	if (!empty) {
		refuse(errs, shown, "it is not empty, and not a site reeks "
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
    errlist *errs)
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
		refuse(errs, dir, "it is a symbolic link (give the "
		    "directory it points to)");
		goto out;
	}
	if (exists && !S_ISDIR(st.st_mode)) {
		refuse(errs, dir, "it is not a directory");
		goto out;
	}
	/* The directory itself, then what it would hold or lie in. */
	for (size_t i = 0; exists && i < n; i++)
		if (stat(inputs[i].path, &in) == 0 &&
		    in.st_dev == st.st_dev && in.st_ino == st.st_ino) {
			refuse(errs, dir, "it is %s '%s'", inputs[i].what,
			    inputs[i].path);
			goto out;
		}
	for (size_t i = 0; exists && i < n; i++) {
		int a = ancestor_of_path(&st, inputs[i].path);

		if (a < 0)
			goto nomem;
		if (a == 2) {
			refuse(errs, dir, "it contains %s '%s'",
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
			refuse(errs, dir, "it lies inside %s '%s'",
			    inputs[i].what, inputs[i].path);
			goto out;
		}
	}
	/* The caches beside it replace whatever has their names (the load
	 * cache's suffix is the shorter). */
	for (int k = 0; k < 2; k++) {
		snprintf(cachefile, cachelen, "%s%s", d, k == 0 ?
		    CACHE_SUFFIX : LOAD_CACHE_SUFFIX);
		for (size_t i = 0; i < n; i++) {
			struct stat c;

			if (stat(cachefile, &c) == 0 &&
			    stat(inputs[i].path, &in) == 0 &&
			    in.st_dev == c.st_dev && in.st_ino == c.st_ino) {
				refuse(errs, dir, "its cache, %s, would "
				    "replace %s '%s'", cachefile,
				    inputs[i].what, inputs[i].path);
				goto out;
			}
		}
	}
	rc = target_owned(d, dir, errs);
	goto out;
nomem:
	errlist_oom(errs, NULL);
out:
	free(d);
	free(parent);
	free(cachefile);
	return rc;
}

/* ---- starting -------------------------------------------------------------- */

out_dir *
out_begin(const char *dir, errlist *errs)
{
	out_dir *o = calloc(1, sizeof *o);
	size_t len = strlen(dir) + 32;

	if (o == NULL || (o->dir = strdup(dir)) == NULL ||
	    (o->stage = malloc(len)) == NULL) {
		errlist_oom(errs, NULL);
		goto fail;
	}
	/* Room for every name made from it (DIR.old-PID/.reeks-build...). */
	if (strlen(dir) > 4000) {
		errlist_add(errs, NULL, 0, 0,
		    "cannot build into %.100s...: the path is "
		    "too long", dir);
		goto fail;
	}
	/* Without trailing slashes, so that DIR.new-PID is a sibling. */
	while (strlen(o->dir) > 1 && o->dir[strlen(o->dir) - 1] == '/')
		o->dir[strlen(o->dir) - 1] = '\0';
	remove_stale(o->dir);
	snprintf(o->stage, len, "%s.new-%ld", o->dir, (long)getpid());
	if (mkdir(o->stage, 0755) != 0) {
		errlist_add(errs, NULL, 0, 0, "cannot create %s: %s", o->stage,
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
		errlist_add(errs, NULL, 0, 0,
		    "cannot write in %s: %s", o->stage,
		    strerror(errno));
		rm_tree(o->stage);
		goto fail;
	}
	cache_load(o->dir, &o->old);
	group_index(&o->old);
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

const char *
out_stage_dir(const out_dir *o)
{
	return o->stage;
}

void
out_set_jobs(out_dir *o, int jobs)
{
	o->jobs = jobs;
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
	s->pieces_reused = atomic_load(&o->pieces_reused);
	s->pieces_made = atomic_load(&o->pieces_made);
	s->pieces_copied = atomic_load(&o->pieces_copied);
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

void
out_keep_beside(out_dir *o, const char *name, const char *suffix)
{
	o->beside_name = name;
	o->beside_suffix = suffix;
}

/* Move the file out_keep_beside() named from the site, now in place, to
 * beside it: a rename, which replaces whatever is at that name and
 * follows no link. When it fails the file is removed, and the one
 * beside the site (if any) stays: such caches are checked when read. */
static void
move_beside(out_dir *o)
{
	char from[4200], to[4200];

	if (o->beside_name == NULL)
		return;
	snprintf(from, sizeof from, "%s/%s", o->dir, o->beside_name);
	snprintf(to, sizeof to, "%s%s", o->dir, o->beside_suffix);
	if (rename(from, to) != 0)
		unlink(from);
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
out_commit(out_dir *o, errlist *errs)
{
	struct stat st;
	char marker[4200], old[4100];
	const char *trash = NULL;   /* the old site, moved out of the way */
	int rc = 0;

	/* A hash of this process that failed (util/sha256.h) left zeros
	 * for a digest: out of memory, and nothing is put in place. */
	if (sha256_failures() != 0) {
		errlist_oom(errs, NULL);
		rm_tree(o->stage);
		out_free(o);
		return -1;
	}
	/* DIR may have changed since the build began: replace it only when
	 * reeks still may. */
	if (target_owned(o->dir, o->dir, errs) != 0) {
		rm_tree(o->stage);
		out_free(o);
		return -1;
	}
	snprintf(old, sizeof old, "%s.old-%ld", o->dir, (long)getpid());
	/* The new site carries no build marker: no copy of it can ever be
	 * taken for a staging directory and removed. */
	snprintf(marker, sizeof marker, "%s/" BUILD_MARKER, o->stage);
	if (unlink(marker) != 0) {
		errlist_add(errs, NULL, 0, 0,
		    "cannot write in %s: %s", o->stage,
		    strerror(errno));
		rc = -1;
	} else if (lstat(o->dir, &st) != 0) {
		/* No site yet: the staged tree simply becomes it, and the
		 * cache is written in a directory of its own. */
		if (rename(o->stage, o->dir) != 0) {
			errlist_add(errs, NULL, 0, 0,
			    "cannot rename %s to %s: %s",
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
			errlist_add(errs, NULL, 0, 0,
			    "cannot move %s aside: %s",
			    o->dir, strerror(errno));
			rc = -1;
		} else {
			mark_old(old);
			if (rename(o->stage, o->dir) != 0) {
				errlist_add(errs, NULL, 0, 0,
				    "cannot rename %s to %s: "
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
		errlist_add(errs, NULL, 0, 0,
		    "cannot put the new site in place of "
		    "%s: %s", o->dir, strerror(errno));
		rc = -1;
	}
	if (rc != 0) {
		put_build_marker(o->stage);
		rm_tree(o->stage);
	} else {
		move_beside(o);
		/* The old site's names go first: removing a name changes the
		 * change time of a file the new site links. */
		int fd = trash != NULL ? open(trash, O_RDONLY | O_DIRECTORY |
		    O_NOFOLLOW | O_CLOEXEC) : -1;

		if (fd >= 0) {
			rm_contents_par(fd, BUILD_MARKER, o->jobs > 0 ?
			    o->jobs : reeks_par_default_jobs());
			close(fd);
		}
		if (cache_save(o, trash) != 0)
			rc = 1;     /* in place; no cache for the next build */
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
