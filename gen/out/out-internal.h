/*
 * out-internal.h: private to gen/out/: the out_dir structure, the cache
 * of the previous build, and the helpers its parts share.
 */
#ifndef REEKS_OUT_INTERNAL_H
#define REEKS_OUT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>

#include "out/out.h"
#include "util/sha256.h"

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
	size_t *by_key;             /* group.c: derived files by key */
	size_t nby_key;
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
	int jobs;                   /* threads for removing the old site */
	/* Statistics, from any thread. */
	atomic_uint_fast64_t written, written_bytes, linked, linked_bytes;
	atomic_uint_fast64_t gz_in, gz_out, gz_ns, hash_ns;
	atomic_uint_fast64_t pieces_reused, pieces_made, pieces_copied;
	/* A file made in the staging directory (its name there) to go
	 * beside the site as DIR + SUFFIX once the site is in place
	 * (out_keep_beside()); NULL: none. */
	const char *beside_name, *beside_suffix;
};

/* Put the file NAME, already written at the top of O's staging
 * directory, beside the site as DIR + SUFFIX when out_commit() has put
 * the site in place; a build that fails leaves it in the staging
 * directory, removed with it. NAME and SUFFIX are not copied. */
void out_keep_beside(out_dir *o, const char *name, const char *suffix);

int write_all(int fd, const void *data, size_t len);

bool index_add(path_index *x, const out_file *files, size_t n, size_t i);

const out_file *index_find(const path_index *x, const out_file *files,
    const char *path);

uint64_t now_ns(clockid_t clock);

int64_t mtime_ns(const struct stat *st);

int64_t ctime_ns(const struct stat *st);

void set_identity(out_file *f, const struct stat *st);

bool same_identity(const struct stat *st, const out_file *c);

bool still_recorded(const char *path, const out_file *c, bool hash,
    struct stat *st, atomic_uint_fast64_t *ns);

void hash_timed(out_dir *o, const void *data, size_t len, char hex[65]);

void remove_stale(const char *dir);

/* tree.c. Remove everything in the directory FD but the entry KEEP (when
 * not NULL), the entries at its top on up to JOBS threads; 0 or -1. */
int rm_contents_par(int fd, const char *keep, int jobs);
/* Remove the tree at PATH, its build marker last (a removal cut short
 * still carries it, and the next build finishes it); 0 or -1. Nothing is
 * allocated. Symbolic links are removed, never followed. */
int rm_tree(const char *path);
/* The first LEN bytes (or fewer) of the regular file NAME in the
 * directory DIRFD, not through a symbolic link, into INTO: how many, or
 * -1. */
ssize_t read_small(int dirfd, const char *name, char *into, size_t len);
/* Create PATH (it must not exist) with the LEN bytes of DATA; 0 or -1. */
int write_new_file(const char *path, const void *data, size_t len);
/* Mark the directory PATH as made by this process; 0 or -1. */
int put_build_marker(const char *path);

void cache_free(cache *c);

void cache_load(const char *dir, cache *c);

/* group.c: index C's derived files by key, for out_put_group(). */
void group_index(cache *c);

int cache_save(out_dir *o, const char *trash);

/*
 * A gzip file stitched from pieces (gen/out/pieces.c): stitch_new()
 * creates PATH (exclusively) and writes the header (NULL with errno set
 * when it cannot); stitch_add() adds bytes to the current piece;
 * stitch_cut() ends the piece (LAST: the final one) and writes its
 * compressed bytes, reused from P when P (which may be NULL) has them;
 * stitch_finish() ends the last piece, writes the trailer and closes the
 * file, giving its SHA-256 and stat. Each returns 0, or -1 with errno
 * set. stitch_free() removes the file unless stitch_finish() succeeded.
 */
typedef struct stitch stitch;

/* An out stream (gen/out/stream.c; its pieces' copying in pieces.c). */
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
	stitch *stitch;             /* the .gz in pieces, or NULL */
	int oldfd;                  /* the old site's file: -2 not opened */
};
stitch *stitch_new(out_dir *o, out_pieces *p, const char *path);
int stitch_add(stitch *t, const void *data, size_t len);
int stitch_cut(stitch *t, bool last);
/* The piece cache's bytes for the next piece, KEY (see
 * out_stream_copy_piece()), read from the old plain file FD (-1: none)
 * into T as its piece so far when they pass their checks: a pointer to
 * them, LEN bytes (stitch_cut() then takes their recorded SHA-256). NULL
 * otherwise: KEY is then recorded with the next piece cut. T's piece
 * must be empty. */
const unsigned char *stitch_take_old(stitch *t, const char *key, int fd,
    size_t *len);
/* See out_stream_bytes_seen(). */
void stitch_bytes_seen(const stitch *t, uint32_t *ctl, int *first);
int stitch_finish(stitch *t, char sha[65], struct stat *st);
const char *stitch_path(const stitch *t);
void stitch_free(stitch *t);

#endif
