/*
 * spec.h: the official Mustache spec tests (spec.c), for check_mustache.
 */
#ifndef MUSTACHE_TESTS_SPEC_H
#define MUSTACHE_TESTS_SPEC_H

#include <check.h>

#include "mustache.h"

/* Read every spec file (exit on failure) and add one test case per file
 * to S. */
void spec_add(Suite *s);
/* Free what spec_add() read. */
void spec_free(void);
/* The errors of ERRS as lines "file:line:col: message" (the spec tests
 * and the engine's own share it). Free with free(). */
char *errors_text(const mustache_errors *errs);

#endif
