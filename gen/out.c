/*
 * out.c: see out.h.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <sha2.h>

#include "out.h"

struct out_dir {
	char *dir;          /* the target */
	char *stage;        /* DIR.new-PID */
	out_file *files;
	size_t nfiles;
	size_t cap;
	uint64_t bytes;
	char error[5120];
};

static int
rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

/* Remove the tree at PATH; 0 or -1. */
static int
rm_tree(const char *path)
{
	return nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Remove DIR.new-PID and DIR.old-PID left by builds that died. */
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

		if (strncmp(e->d_name, base, blen) != 0)
			continue;
		rest = e->d_name + blen;
		if (strncmp(rest, ".new-", 5) != 0 &&
		    strncmp(rest, ".old-", 5) != 0)
			continue;
		pid = strtol(rest + 5, &end, 10);
		if (*end != '\0' || pid <= 0 ||
		    (kill((pid_t)pid, 0) == 0 || errno != ESRCH))
			continue;
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", parent, e->d_name);
		rm_tree(path);
	}
	closedir(d);
	free(copy);
}

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
	return o;
fail:
	if (o != NULL) {
		free(o->dir);
		free(o->stage);
		free(o);
	}
	return NULL;
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
make_parents(out_dir *o, const char *relpath)
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

int
out_write(out_dir *o, const char *relpath, const void *data, size_t len)
{
	char path[4096];
	int fd;
	const char *p = data;
	size_t left = len;

	if (!path_ok(relpath)) {
		snprintf(o->error, sizeof o->error, "refusing to write '%s': "
		    "not a safe relative path", relpath);
		return -1;
	}
	if (o->nfiles == o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 256;
		out_file *files = realloc(o->files, cap * sizeof *files);

		if (files == NULL) {
			snprintf(o->error, sizeof o->error, "out of memory");
			return -1;
		}
		o->files = files;
		o->cap = cap;
	}
	snprintf(path, sizeof path, "%s/%s", o->stage, relpath);
	if (make_parents(o, relpath) != 0 ||
	    (fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0644)) < 0) {
		snprintf(o->error, sizeof o->error, "cannot create %s: %s",
		    path, strerror(errno));
		return -1;
	}
	while (left > 0) {
		ssize_t n = write(fd, p, left);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			snprintf(o->error, sizeof o->error, "cannot write %s: "
			    "%s", path, n < 0 ? strerror(errno) : "no space");
			close(fd);
			return -1;
		}
		p += n;
		left -= (size_t)n;
	}
	if (close(fd) != 0) {
		snprintf(o->error, sizeof o->error, "cannot write %s: %s",
		    path, strerror(errno));
		return -1;
	}
	out_file *f = &o->files[o->nfiles];
	if ((f->path = strdup(relpath)) == NULL) {
		snprintf(o->error, sizeof o->error, "out of memory");
		return -1;
	}
	f->bytes = len;
	SHA256Data(data, len, f->sha256);
	o->nfiles++;
	o->bytes += len;
	return 0;
}

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
	for (size_t i = 0; i < o->nfiles; i++)
		if (strcmp(o->files[i].path, relpath) == 0)
			return &o->files[i];
	return NULL;
}

static void
out_free(out_dir *o)
{
	for (size_t i = 0; i < o->nfiles; i++)
		free(o->files[i].path);
	free(o->files);
	free(o->dir);
	free(o->stage);
	free(o);
}

int
out_commit(out_dir *o, char *err, size_t errlen)
{
	struct stat st;
	int rc = 0;

	if (stat(o->dir, &st) != 0) {
		/* No site yet: the staged tree simply becomes it. */
		if (rename(o->stage, o->dir) != 0) {
			snprintf(err, errlen, "cannot rename %s to %s: %s",
			    o->stage, o->dir, strerror(errno));
			rc = -1;
		}
	} else if (renameat2(AT_FDCWD, o->stage, AT_FDCWD, o->dir,
	    RENAME_EXCHANGE) == 0) {
		/* The old site now sits at the staging name. */
		rm_tree(o->stage);
	} else if (errno == EINVAL || errno == ENOSYS) {
		/* A file system without RENAME_EXCHANGE: two renames, with a
		 * moment in which DIR does not exist (but is never half
		 * written). */
		char old[4096];

		snprintf(old, sizeof old, "%s.old-%ld", o->dir, (long)getpid());
		if (rename(o->dir, old) != 0) {
			snprintf(err, errlen, "cannot move %s aside: %s",
			    o->dir, strerror(errno));
			rc = -1;
		} else if (rename(o->stage, o->dir) != 0) {
			snprintf(err, errlen, "cannot rename %s to %s: %s",
			    o->stage, o->dir, strerror(errno));
			rename(old, o->dir);
			rc = -1;
		} else {
			rm_tree(old);
		}
	} else {
		snprintf(err, errlen, "cannot put the new site in place of "
		    "%s: %s", o->dir, strerror(errno));
		rc = -1;
	}
	if (rc != 0)
		rm_tree(o->stage);
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
