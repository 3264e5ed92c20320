/*
 * errlist.h: the generator's list of errors, each "file:line:col: message",
 * collected so that one run reports all of them.
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
} errlist;

/* Add "FILE:LINE:COL: message" ("FILE:LINE: ..." when COL is 0, "FILE: ..."
 * when LINE is 0 too; just the message when FILE is NULL), made one line
 * by reeks_line_escape(). */
void errlist_add(errlist *e, const char *file, unsigned long line,
    unsigned long col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
size_t errlist_count(const errlist *e);
/* Print every error, one per line. */
void errlist_print(const errlist *e, FILE *f);
void errlist_free(errlist *e);

/* Print PREFIX and the text of FMT to F as one line, made so by
 * reeks_line_escape() (what the user typed may hold a newline), then a
 * newline: for the messages of the command line, which are not kept. */
void print_line(FILE *f, const char *prefix, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

#endif
