/*
 * out.h: writing a build's files so that no reader ever sees a half-built
 * site, and so that a rebuild rewrites only what changed.
 *
 * Files go into a staging directory beside the target (DIR.new-PID);
 * out_commit() swaps it with DIR in one atomic rename (renameat2
 * RENAME_EXCHANGE) and removes the old tree. Until then DIR is untouched,
 * and out_abort() (or a crash) leaves it exactly as it was; the next build
 * removes stale staging directories of processes that are gone (those
 * that carry the marker of the build that made them, and no others).
 *
 * DIR is replaced only when reeks made it: every site holds the file
 * OUT_SITE_MARKER with OUT_SITE_MARKER_TEXT (not listed among the files
 * written), and a site of an earlier reeks has DIR.reeks-cache beside it.
 * A missing or empty DIR may be built too; anything else is refused.
 *
 * Unchanged files are not rewritten. After each successful build a cache
 * beside the site, DIR.reeks-cache, records every file's size, SHA-256
 * and identity (device, inode, size, modification time). When the next
 * build writes the same bytes to the same path, and the file in DIR is
 * still the one the cache describes, the old file is hard-linked into the
 * staging directory instead of written. Files made from other files (the
 * .gz of a download, the zip) carry a key, the hash of what they were
 * made from and of the reeks executable that made them; a file whose key
 * is unchanged is linked without being made again. A missing, stale or
 * damaged cache only costs time: anything not proven unchanged is
 * written. "Still the one the cache describes" trusts the file's
 * identity, not its bytes; a derived file is always rehashed before it
 * is reused (its recorded hash is published), unless its batch is
 * marked unpublished (a page: see out_batch), and with out_set_verify()
 * every file is.
 *
 * out_write() and friends are for one thread. For threads, each writes
 * into its own out_batch with out_put() (thread-safe), and one thread then
 * lists the batches with out_add() in a fixed order, so that the list of
 * files (and what is derived from it: SHA256SUMS, the sitemap) does not
 * depend on the number of threads.
 */
#ifndef REEKS_OUT_H
#define REEKS_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "util/errlist.h"

typedef struct out_dir out_dir;

#define OUT_SITE_MARKER ".reeks-site"
#define OUT_SITE_MARKER_TEXT \
    "A site made by reeks build, which replaces this directory whole.\n"

/* What a build reads, for out_check_target(). */
typedef struct out_input {
	const char *path;
	const char *what;           /* "the data directory" */
	bool may_hold_out;          /* DIR may lie inside it (the current
	                             * directory may hold the site) */
} out_input;

/*
 * Whether a build may put a site at DIR: DIR is not a symbolic link, is
 * a directory if it exists, is not, does not contain and (unless
 * may_hold_out) does not lie inside any of the N INPUTS (compared by
 * device and inode, whatever the spelling), and is missing, empty or a
 * site reeks made. Returns 0, or -1 after adding to ERRS "refusing to
 * build into 'DIR': " and the reason ("it is the data directory 'data'"),
 * or "out of memory" (errlist_oom_seen() then true). Touches nothing.
 */
int out_check_target(const char *dir, const out_input *inputs, size_t n,
    errlist *errs);

typedef struct out_file {
	char *path;          /* relative to the site root: "en/index.html" */
	size_t bytes;
	char sha256[65];     /* lowercase hex */
	/* Private to gen/out/. */
	uint64_t dev, ino;
	int64_t mtime_ns, ctime_ns;
	bool racy;           /* may have changed unseen: rehash to reuse */
	char key[65];        /* what a derived file was made from, or "" */
} out_file;

/* Start a build of DIR. Returns NULL after adding to ERRS why the
 * staging directory cannot be made. Free with out_commit() or
 * out_abort(). */
out_dir *out_begin(const char *dir, errlist *errs);
/* Rehash every file of the previous build before reusing it, instead of
 * trusting its identity (device, inode, size, modification time). */
void out_set_verify(out_dir *o, bool verify);
/* Remove the old site at out_commit() on up to JOBS threads (0, the
 * default: one a processor). */
void out_set_jobs(out_dir *o, int jobs);

/*
 * Write LEN bytes of DATA as RELPATH in the staging directory, creating
 * its directories. RELPATH is relative, '/'-separated, and each part is
 * made of [A-Za-z0-9._-] and does not start with '.'; anything else is
 * refused. Returns 0, or -1 with the reason in out_error().
 */
int out_write(out_dir *o, const char *relpath, const void *data, size_t len);

/*
 * As out_write(), then RELPATH.gz: DATA gzipped with gzip_compress(), or
 * the previous build's RELPATH.gz when that was made from the same bytes
 * by the same reeks. Returns 0, or -1 with the reason in out_error().
 */
int out_write_gz(out_dir *o, const char *relpath, const void *data,
    size_t len);

/*
 * Derived files: RELPATH made from inputs whose hash (with out_key()) is
 * KEY. out_link_derived() lists the previous build's RELPATH when it was
 * made with the same KEY and is unchanged, and returns 1; it returns 0
 * when there is no such file (then make it and out_write_derived() it),
 * and -1 with the reason in out_error().
 */
int out_link_derived(out_dir *o, const char *relpath, const char *key);
int out_write_derived(out_dir *o, const char *relpath, const char *key,
    const void *data, size_t len);
/* KEY = SHA-256 of the reeks executable's identity, LABEL and the N
 * strings PARTS (each hashed with its length). */
void out_key(const out_dir *o, char key[65], const char *label,
    const char *const *parts, size_t n);

/*
 * A file written in pieces, for downloads too big to hold whole:
 * out_stream_open() returns a stdio stream that writes RELPATH into the
 * staging directory, hashing as it goes (NULL after adding to ERRS why
 * the file cannot be made); out_stream_close() closes it and lists the
 * file (kept as a link to the old one when the bytes are the same), and
 * with GZ also RELPATH.gz, compressed from the file in pieces (or linked,
 * as by out_write_gz()). With a batch B the files go into B instead, and
 * both are thread-safe. out_stream_close() returns 0, or -1 with the
 * reason in out_error() (or B->error); a stream that failed is removed.
 * The stream can seek (fseeko), for formats that fill in a header after
 * what it describes (a zip); a file written out of order is hashed from
 * disk when closed. out_stream_set_key() makes it a derived file made
 * from KEY (see out_link_derived()), listed with that key and never
 * linked by its bytes.
 */
typedef struct out_stream out_stream;
struct out_batch;
out_stream *out_stream_open(out_dir *o, const char *relpath, errlist *errs);
FILE *out_stream_file(out_stream *s);
/* The path of S's file in the staging directory (its bytes are whole
 * there once S is flushed, and stay until the build ends). */
const char *out_stream_path(const out_stream *s);
/* Append the bytes of the file PATH to S. Returns 0, or -1 with errno
 * set when PATH could not be read; a write that failed is the stream's
 * error, which out_stream_close() reports. */
int out_stream_append_file(out_stream *s, const char *path);
/* The staging directory: the root of the site being built. */
const char *out_stage_dir(const out_dir *o);
void out_stream_set_key(out_stream *s, const char *key);
int out_stream_close(out_dir *o, out_stream *s, bool gz,
    struct out_batch *b);

/*
 * The whole-dataset files in pieces: with out_stream_set_pieces() the
 * stream's .gz (out_stream_close() with GZ) is stitched from pieces, as
 * pigz does: out_stream_cut() ends a piece (the bytes written since the
 * last cut; the last piece is what is written after the last cut), each
 * piece is deflated alone, ending on a byte boundary, and the trailer's
 * CRC-32 is combined from the pieces'. A piece's compressed bytes are
 * kept, by the SHA-256 of its bytes, in P, the piece cache beside the
 * site (DIR.reeks-pieces): a piece the previous build made is not
 * compressed again. out_pieces_open() reads the cache (a missing,
 * foreign or damaged one is not used; NULL when out of memory) and
 * starts this build's; out_pieces_save() puts this build's beside the
 * site (0, or -1 when it could not: the next build compresses every
 * piece); out_pieces_free() accepts NULL. P is shared by the threads.
 * out_stream_set_pieces() (which creates the .gz's temporary file) and
 * out_stream_cut() return 0, or -1 with errno set.
 */
typedef struct out_pieces out_pieces;
out_pieces *out_pieces_open(out_dir *o);
int out_pieces_save(out_pieces *p);
void out_pieces_free(out_pieces *p);
int out_stream_set_pieces(out_stream *s, out_pieces *p);
int out_stream_cut(out_stream *s);
/*
 * A piece copied from the old site instead of made again: the piece
 * cache also records, for a piece that was given a KEY (the SHA-256, hex,
 * of everything its bytes depend on), where its bytes lie in the plain
 * file, their length, CRC-32 and SHA-256. At a cut, out_stream_copy_piece()
 * looks KEY up in the previous build's cache; when it is there and the
 * old site's file (the stream's RELPATH in the site) holds bytes of that
 * length and CRC-32 at that place, it writes them as the stream's next
 * piece, cuts it (its SHA-256 is the one recorded: not hashed again) and
 * returns 1. Otherwise it writes nothing and returns 0, and KEY goes with
 * the piece made next (up to the next cut). -1 with errno set when the
 * stream failed.
 */
int out_stream_copy_piece(out_stream *s, const char *key);
/* Of the bytes written to stream S in pieces so far: *CTL has bit C set
 * when byte C (below 32) is among them, *FIRST is the first (-1: none),
 * without reading the file again (a copied piece's come from the piece
 * cache). False when S is not in pieces or has failed. */
bool out_stream_bytes_seen(out_stream *s, uint32_t *ctl, int *first);

/* The path of RELPATH, already written, in the staging directory (for
 * reading it back); NULL when RELPATH was not written. Valid until the
 * next out_* call that lists a file. */
const char *out_staged_path(out_dir *o, const char *relpath);

/* ---- threads ------------------------------------------------------------ */

/* Files written by one thread, not yet listed. Zero-initialize. */
typedef struct out_batch {
	out_file *files;
	size_t n, cap;
	char *error;         /* the last error, or NULL */
	/* Its files' hashes are published nowhere (pages and their
	 * charts; a download's are, in SHA256SUMS and the catalogues): one
	 * out_put_link() or out_put_group() links by key is trusted by its
	 * identity, as a file linked by its bytes, not rehashed (unless
	 * out_set_verify()). */
	bool unpublished;
} out_batch;

/* As out_write() and out_write_gz(), into B; safe to call from several
 * threads at once with different batches. Returns 0, or -1 with the
 * reason in B->error (freed by out_batch_free()). */
int out_put(out_dir *o, out_batch *b, const char *relpath, const void *data,
    size_t len);
int out_put_gz(out_dir *o, out_batch *b, const char *relpath,
    const void *data, size_t len);
/* As out_link_derived() and out_write_derived(), into B (thread-safe as
 * out_put()): out_put_link() returns 1 when the previous build's RELPATH
 * made from KEY is listed in B, 0 when it has to be made (then make it
 * and out_put_derived() it), -1 with the reason in B->error. */
int out_put_link(out_dir *o, out_batch *b, const char *relpath,
    const char *key);
int out_put_derived(out_dir *o, out_batch *b, const char *relpath,
    const char *key, const void *data, size_t len);
/*
 * Groups: the files one job (a page with its charts) made from one KEY,
 * each put with out_put_derived() under that same KEY. out_put_group()
 * lists in B every file the previous build listed with KEY, in its
 * order, linked as out_put_link() links them, and returns how many; it
 * returns 0 and adds nothing when there are none or when any one of them
 * cannot be linked (then make them all again, each with
 * out_put_member()), and -1 with the reason in B->error. A key must be the group's alone (hash what makes it unique,
 * such as the page's path, into it). Files made from a member but not
 * under KEY (its .gz, a chart's PNG) follow it: after each member is
 * linked, FOLLOW (unless NULL) is called with its index I in B, to link
 * them and return 1 (0 when they cannot be: then nothing is added; -1
 * on error). Thread-safe as out_put().
 * out_batch_drop() takes B's files from index N on out of B and out of
 * the staging directory (to make them again).
 */
typedef int (*out_follow_fn)(void *arg, out_dir *o, out_batch *b,
    size_t i);
int out_put_group(out_dir *o, out_batch *b, const char *key,
    out_follow_fn follow, void *arg);
/* A follower: B's file I's RELPATH.gz, as out_put_gz() would link it
 * (1), or 0 when the previous build has none made from the same bytes,
 * -1 with the reason in B->error. An out_follow_fn (ARG unused). */
int out_link_gz(void *arg, out_dir *o, out_batch *b, size_t i);
/* As out_put_derived(), for a file of group KEY, but also linked (not
 * written) when the previous build's RELPATH holds the same bytes. */
int out_put_member(out_dir *o, out_batch *b, const char *relpath,
    const char *key, const void *data, size_t len);
/* As out_put_gz(), RELPATH a file of group KEY (out_put_member()); its
 * .gz follows it (out_link_gz()). */
int out_put_gz_member(out_dir *o, out_batch *b, const char *relpath,
    const char *key, const void *data, size_t len);
void out_batch_drop(out_dir *o, out_batch *b, size_t n);
/* List B's files after those listed so far, in B's order, and empty B.
 * One thread at a time. Returns 0, or -1 (out of memory). */
int out_add(out_dir *o, out_batch *b);
/* Free B (its files stay in the staging directory, unlisted). */
void out_batch_free(out_batch *b);

/* ---- what was written ----------------------------------------------------- */

/* The files written so far, in order of writing; NULL when out of range
 * or not written. */
size_t out_count(const out_dir *o);
const out_file *out_at(const out_dir *o, size_t i);
const out_file *out_find(const out_dir *o, const char *relpath);
/* Total bytes written. */
uint64_t out_bytes(const out_dir *o);
/* The last error, or "". */
const char *out_error(const out_dir *o);

/* What a build cost, for 'make bench'. */
typedef struct out_stats {
	uint64_t written, written_bytes;  /* files written */
	uint64_t linked, linked_bytes;    /* files linked from the old site */
	uint64_t gz_in, gz_out;           /* bytes gzipped, and their size */
	double gz_seconds;                /* compressing (summed over threads) */
	double hash_seconds;              /* hashing (summed over threads) */
	uint64_t pieces_reused;           /* from the piece cache */
	uint64_t pieces_made;             /* compressed */
	uint64_t pieces_copied;           /* plain bytes from the old site */
} out_stats;
void out_get_stats(out_dir *o, out_stats *s);

/* ---- whole builds ---------------------------------------------------------- */

/* The identity of the running reeks: the SHA-256 (hex) of its executable
 * and of the names, sizes and times of the libraries it has loaded; ""
 * when the executable cannot be read. */
void out_generator_id(char id[65]);

/* The load cache beside the site DIR: DIR.reeks-load (see
 * reeks_load_options.cache_path), written by the library as it loads
 * the data; it holds what each data file added to the store. */
#define LOAD_CACHE_SUFFIX ".reeks-load"

/*
 * A build can be skipped when nothing it reads has changed. The caller
 * hashes everything a build depends on into a FINGERPRINT (64 hex
 * digits); out_record_build() stores it in the cache with the number of
 * pages and the warnings the build printed, and out_up_to_date() says
 * whether DIR is, file for file, what a build with that fingerprint made:
 * the cache has the same fingerprint, every file it lists is still the
 * one it describes (device, inode, size, modification time; with VERIFY
 * also its SHA-256, each file read), and DIR holds no other file (but
 * its OUT_SITE_MARKER). It then fills P (free it with
 * out_previous_free()). Either way it first removes what builds of DIR
 * that died left beside it, as out_begin() does.
 */
typedef struct out_previous {
	size_t pages, files;
	uint64_t bytes;
	char **warnings;
	size_t nwarnings;
} out_previous;
bool out_up_to_date(const char *dir, const char *fingerprint, bool verify,
    out_previous *p);
void out_previous_free(out_previous *p);
void out_record_build(out_dir *o, const char *fingerprint, size_t pages,
    const char *const *warnings, size_t n);

/* Put the staged site in place of DIR, record the cache for the next
 * build, and free O. Returns 0; 1 when the site is in place but its cache
 * could not be written (memory or disk ran out just then: the next build
 * writes every file); or -1 after adding why to ERRS (DIR is then as it
 * was; also when DIR is, by then, not a directory reeks may replace, and
 * "out of memory" when a hash of this process failed). */
int out_commit(out_dir *o, errlist *errs);
/* Remove the staging directory and free O; DIR is left as it was. */
void out_abort(out_dir *o);

#endif
