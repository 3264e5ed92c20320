/*
 * cache.c: the cache of the previous build (DIR.reeks-cache): loading and
 * saving it, racy entries, whether a site is up to date, and the keys and
 * fingerprint of this program that decide what may be reused. See out.h.
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
#include "util/escape.h"
#include "out/gzip.h"
#include "out/out.h"
#include "util/sha256.h"

#include "out/out-internal.h"

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

void
cache_free(cache *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->files[i].path);
	for (size_t i = 0; i < c->nwarnings; i++)
		free(c->warnings[i]);
	free(c->files);
	free(c->index.slots);
	free(c->warnings);
	free(c->by_key);
	*c = (cache){ 0 };
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
void
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
			unescape_line(w[c->nwarnings++]);
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
		buf line = { 0 };

		buf_puts(&line, "warning ");
		escape_line(&line, o->now.warnings[i]);
		buf_putc(&line, '\n');
		ok = !line.failed && fputs(line.data, f) >= 0;
		buf_free(&line);
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
 * replaced, never followed. Returns 0, or -1 when no cache was saved
 * (the site is in place all the same). */
int
cache_save(out_dir *o, const char *trash)
{
	char tmp[4200], path[4200];

	snprintf(path, sizeof path, "%s" CACHE_SUFFIX, o->dir);
	if (trash == NULL) {
		unlink(path);
		return 0;
	}
	if (cache_write(o, trash) != 0) {
		unlink(path);
		return -1;
	}
	snprintf(tmp, sizeof tmp, "%s/" CACHE_TMP, trash);
	if (rename(tmp, path) != 0) {
		unlink(tmp);
		unlink(path);
		return -1;
	}
	return 0;
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
	/* A list it could not read whole (out of memory) makes no id: an id
	 * of part of them would match a reeks with other libraries. */
	char **files = NULL;
	size_t nfiles = 0;
	bool whole = false;
	if ((f = fopen("/proc/self/maps", "r")) != NULL) {
		whole = true;
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
			    sizeof *files)) == NULL) {
				whole = false;
				break;
			}
			files = more;
			if ((files[nfiles] = strdup(file)) == NULL) {
				whole = false;
				break;
			}
			nfiles++;
		}
		if (ferror(f))
			whole = false;
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
	if (whole)
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
