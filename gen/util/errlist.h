/*
 * errlist.h: the generator's list of errors, each "file:line:col: message",
 * collected so that one run reports all of them; and the one way gen/
 * reports a failure.
 *
 * The convention, for every function of gen/ outside gen/cli/:
 *
 *  - A function that can fail for a reason a user must read takes an
 *    `errlist *e` (last among its parameters), adds one entry (or, for
 *    input, every error it finds) and returns 0, or -1 after adding at
 *    least one; a function that returns a pointer returns NULL instead.
 *    The entry names the file or subject ("file:line: message", or a
 *    message that names it) and is the whole message: the caller adds
 *    nothing to it. Running out of memory is an entry too, added with
 *    errlist_oom() ("out of memory"), so that a caller that must treat it
 *    apart (exit 1 rather than 2) can tell by errlist_oom_seen().
 *  - Low-level byte sinks (buf, xmlw, jsonw, gzip streams, out_write()
 *    and out_put() with out_error() and out_batch.error) keep a sticky
 *    flag, errno or their last message; the one function that uses them
 *    for a file turns that into an entry there, with the file's name.
 *  - A failure no user needs to read (a build fingerprint that cannot be
 *    made only means the build is not skipped) returns false and adds
 *    nothing.
 *  - Nothing outside gen/cli/ prints: warnings and progress go to the
 *    callbacks the command gives (site_opts), errors and summaries come
 *    back in lists and structs, and gen/cli/ prints them (errlist_print()
 *    to the stream it names). `make lint` checks this (tools/noprint).
 *
 * Not thread-safe: each thread adds to its own list, and errlist_take()
 * joins them in a fixed order.
 */
#ifndef REEKS_ERRLIST_H
#define REEKS_ERRLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct errlist {
	char **items;
	size_t n;
	size_t cap;
	bool nomem;          /* an error was lost for lack of memory */
	bool oom;            /* errlist_oom() was called */
} errlist;

/* Add "FILE:LINE:COL: message" ("FILE:LINE: ..." when COL is 0, "FILE: ..."
 * when LINE is 0 too; just the message when FILE is NULL), made one line
 * by reeks_line_escape(). */
void errlist_add(errlist *e, const char *file, unsigned long line,
    unsigned long col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Add "FILE: out of memory" (just "out of memory" when FILE is NULL)
 * and mark E: errlist_oom_seen() is then true. */
void errlist_oom(errlist *e, const char *file);
bool errlist_oom_seen(const errlist *e);
/* The number of errors: the entries, and one more when some were lost. */
size_t errlist_count(const errlist *e);
/* Entry I, "file:line: message"; NULL when I is out of range. The last
 * one is errlist_at(e, e->n - 1). */
const char *errlist_at(const errlist *e, size_t i);
/* Move the entries of FROM to the end of TO (marks too), leaving FROM
 * empty; when they cannot be moved for lack of memory, TO is marked as
 * having lost some. */
void errlist_take(errlist *to, errlist *from);
/* Print every error to F, one per line (for gen/cli/). */
void errlist_print(const errlist *e, FILE *f);
void errlist_free(errlist *e);

/* Print PREFIX and the text of FMT to F as one line, made so by
 * reeks_line_escape() (what the user typed may hold a newline), then a
 * newline: for the messages of the command line, which are not kept. */
void print_line(FILE *f, const char *prefix, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

#endif
