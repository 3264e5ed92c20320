/*
 * out.h: writing a build's files so that no reader ever sees a half-built
 * site.
 *
 * Files go into a staging directory beside the target (DIR.new-PID);
 * out_commit() swaps it with DIR in one atomic rename (renameat2
 * RENAME_EXCHANGE) and removes the old tree. Until then DIR is untouched,
 * and out_abort() (or a crash) leaves it exactly as it was; the next build
 * removes stale staging directories of processes that are gone.
 */
#ifndef REEKS_OUT_H
#define REEKS_OUT_H

#include <stddef.h>
#include <stdint.h>

typedef struct out_dir out_dir;

typedef struct out_file {
	char *path;          /* relative to the site root: "en/index.html" */
	size_t bytes;
	char sha256[65];     /* lowercase hex */
} out_file;

/* Start a build of DIR. Returns NULL and writes a message to ERR when the
 * staging directory cannot be made. Free with out_commit() or
 * out_abort(). */
out_dir *out_begin(const char *dir, char *err, size_t errlen);

/*
 * Write LEN bytes of DATA as RELPATH in the staging directory, creating
 * its directories. RELPATH is relative, '/'-separated, and each part is
 * made of [A-Za-z0-9._-] and does not start with '.'; anything else is
 * refused. Returns 0, or -1 with the reason in out_error().
 */
int out_write(out_dir *o, const char *relpath, const void *data, size_t len);

/* The files written so far, in order of writing; NULL when out of range
 * or not written. */
size_t out_count(const out_dir *o);
const out_file *out_at(const out_dir *o, size_t i);
const out_file *out_find(const out_dir *o, const char *relpath);
/* Total bytes written. */
uint64_t out_bytes(const out_dir *o);
/* The last error, or "". */
const char *out_error(const out_dir *o);

/* Put the staged site in place of DIR and free O. Returns 0, or -1 with
 * a message in ERR (DIR is then as it was). */
int out_commit(out_dir *o, char *err, size_t errlen);
/* Remove the staging directory and free O; DIR is left as it was. */
void out_abort(out_dir *o);

#endif
