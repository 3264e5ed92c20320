/*
 * tree.c: removing a tree (a staging directory, an old site) on one
 * thread or several, and the build marker by which reeks knows the
 * directories it made: what an earlier build that died left behind is
 * removed, and nothing else (see out-internal.h).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "shared.h"
#include "out/out.h"

#include "out/out-internal.h"

static int rm_at(int dirfd, const char *name);

/* Call FN(ARG, FD, NAME) for each entry of the directory FD but ".",
 * ".." and KEEP (when not NULL), until it returns nonzero; 0, or -1 when
 * FN failed or the directory could not be read. Nothing is allocated
 * (opendir() and nftw() would, and a build that ran out of memory must
 * still remove its staging directory): the entries are read with
 * getdents64() into a buffer on the stack, one a level (a site is a few
 * levels deep). FN returns 0 to go on, 1 to stop, -1 for a failure (the
 * rest is still done). */
static int
each_entry(int fd, const char *keep,
    int (*fn)(void *arg, int fd, const char *name), void *arg)
{
	_Alignas(struct dirent64) char entries[4096];
	int rc = 0, r = 0;
	ssize_t n;

	while (r != 1 && (n = getdents64(fd, entries, sizeof entries)) > 0)
		for (ssize_t off = 0; r != 1 && off < n;) {
			const struct dirent64 *d =
			    (const struct dirent64 *)(entries + off);

			off += d->d_reclen;
			if (strcmp(d->d_name, ".") == 0 ||
			    strcmp(d->d_name, "..") == 0 ||
			    (keep != NULL && strcmp(d->d_name, keep) == 0))
				continue;
			if ((r = fn(arg, fd, d->d_name)) < 0)
				rc = -1;
		}
	return r != 1 && n < 0 ? -1 : rc;
}

static int
rm_entry(void *arg, int fd, const char *name)
{
	(void)arg;
	return rm_at(fd, name) != 0 ? -1 : 0;
}

/* Remove everything in the directory FD but the entry KEEP (when not
 * NULL); 0 or -1. */
static int
rm_contents(int fd, const char *keep)
{
	return each_entry(fd, keep, rm_entry, NULL);
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

/* The entries at the top of a tree being removed on threads: each job
 * removes one (a site's top holds a few directories, each a subtree of
 * its own: the kernel removes names in different directories at once). */
enum { RM_PAR_MAX = 64 };
typedef struct rm_par {
	int fd;
	size_t n;
	atomic_int rc;
	char names[RM_PAR_MAX][256];
} rm_par;

static void
rm_par_job(void *arg, size_t i, int worker)
{
	rm_par *p = arg;

	(void)worker;
	if (rm_at(p->fd, p->names[i]) != 0)
		atomic_store(&p->rc, -1);
}

/* Note NAME in the rm_par ARG; 1 (stop) once it is full. */
static int
rm_note(void *arg, int fd, const char *name)
{
	rm_par *p = arg;

	(void)fd;
	if (p->n == RM_PAR_MAX)
		return 1;
	snprintf(p->names[p->n++], sizeof p->names[0], "%s", name);
	return 0;
}

/* As rm_contents(), with the entries at the top of FD removed on up to
 * JOBS threads. Names that do not fit P (more than RM_PAR_MAX of them)
 * are removed by rm_contents() after the rest; when no thread can be
 * started the calling thread removes everything (reeks_par_for()). */
int
rm_contents_par(int fd, const char *keep, int jobs)
{
	rm_par *p;
	int rc;

	if (jobs == 1 || (p = malloc(sizeof *p)) == NULL)
		return rm_contents(fd, keep);
	p->fd = fd;
	p->n = 0;
	atomic_init(&p->rc, 0);
	(void)each_entry(fd, keep, rm_note, p);
	reeks_par_for(p->n, jobs, rm_par_job, p);
	rc = atomic_load(&p->rc);
	free(p);
	/* What did not fit, read again from the start. */
	if (lseek(fd, 0, SEEK_SET) != 0 || rm_contents(fd, keep) != 0)
		rc = -1;
	return rc;
}

/* Remove the tree at PATH, its build marker last, so that a removal cut
 * short still carries the marker and the next build finishes it; 0 or
 * -1. Symbolic links are removed, never followed. */
int
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
ssize_t
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
int
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
int
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
 * or a cache), and DIR.reeks-load.new-PID (the same, of the load cache). Anything else of those names, a backup named
 * site.old-2024 say, is left alone.
 */
void
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
		bool cache_tmp = false, load_tmp = false;

		if (strncmp(e->d_name, base, blen) != 0)
			continue;
		rest = e->d_name + blen;
		if (strncmp(rest, CACHE_SUFFIX ".new-", 17) == 0) {
			rest += 12;
			cache_tmp = true;
		} else if (strncmp(rest, LOAD_CACHE_SUFFIX ".new-", 16) == 0) {
			rest += 11;
			load_tmp = true;
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
		} else if (load_tmp) {
			/* The load cache's (lib/loadcache.c): its magic. */
			n = read_small(AT_FDCWD, path, head, 8);
			if (S_ISREG(st.st_mode) && (n == 0 || (n >= 8 &&
			    memcmp(head, "REEKSLC\n", 8) == 0)))
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
