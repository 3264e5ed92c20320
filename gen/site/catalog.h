/*
 * catalog.h: the message catalogues, templates/messages.en and
 * templates/messages.nl: every word the site prints that is not data.
 *
 * Format: one "key = text" per line, UTF-8; blank lines and lines starting
 * with '#' are ignored; keys are [a-z0-9_]+ and unique; the text runs to
 * the end of the line (no escapes). A text may hold {name} placeholders,
 * filled by catalog_format().
 */
#ifndef REEKS_CATALOG_H
#define REEKS_CATALOG_H

#include "util/buf.h"
#include "util/errlist.h"

typedef struct catalog catalog;

/* Load PATH: a regular file (not a symbolic link) of at most INPUT_MAX
 * bytes of text (reeks_text_check(): UTF-8, no NUL, no control character
 * but tab and CR). Returns the catalogue, or NULL after adding every
 * problem to ERRS as file:line: message. Free with catalog_free(). */
catalog *catalog_load(const char *path, errlist *errs);
void catalog_free(catalog *c);
/* The text of KEY, or NULL. */
const char *catalog_get(const catalog *c, const char *key);
/* Keys in file order. */
size_t catalog_count(const catalog *c);
const char *catalog_key_at(const catalog *c, size_t i);
const char *catalog_text_at(const catalog *c, size_t i);
/* Report to ERRS each key of A missing from B and of B missing from A. */
void catalog_compare(const catalog *a, const catalog *b, errlist *errs);
/* The file C was loaded from. */
const char *catalog_path(const catalog *c);
/*
 * Append KEY's text to OUT with each {name} replaced by the value that
 * follows name in PAIRS (name, value, ..., NULL). Returns false when the
 * key is missing or a placeholder has no value (OUT is then unchanged),
 * after adding that to ERRS (when not NULL): "FILE: no message 'KEY'" or
 * "FILE:LINE:COL: unknown placeholder '{name}' in 'KEY'", at the
 * placeholder in the catalogue's file; and also, with OUT marked failed
 * and nothing added to ERRS, when out of memory (a NULL value is
 * one that could not be made).
 */
bool catalog_format(buf *out, const catalog *c, const char *key,
    const char *const *pairs, errlist *errs);

#endif
