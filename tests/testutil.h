/*
 * testutil.h: helpers for the Check tests: scratch data directories and
 * diagnostics as text.
 */
#ifndef REEKS_TESTUTIL_H
#define REEKS_TESTUTIL_H

#include "reeks.h"

/* The lines before the first series of a tu_doc() document: a topic "t",
 * a geography "g" and a source "s". Series start on line TU_SERIES_LINE,
 * and their first <obs> is on line TU_OBS_LINE. */
#define TU_SERIES_LINE 6
#define TU_OBS_LINE 9

/* What loading tests/data/good reports: one synthetic claim that does
 * not hold. */
#define GOOD_WARNINGS \
	"example.xml:86: warning: claim 'test-claim-wrong' does not hold: " \
	"ratio of 33,500 and 25,000 recomputes to 1.34, not 1.5 (within " \
	"0.05)\n"

/* An observation of source "s" with ATTRS, on one line. */
#define TU_OBS(attrs) \
	"<obs " attrs " source=\"s\" at=\"p. 1\"><excerpt>e</excerpt></obs>\n"

/* A new empty directory; free with tu_rmdir(). */
char *tu_mkdir(void);
/* Remove DIR and the files in it, and free the string. */
void tu_rmdir(char *dir);
/* Write CONTENT (LEN bytes, or strlen when LEN is -1) to DIR/NAME. */
void tu_write(const char *dir, const char *name, const char *content,
    long len);
/* A document with one series "x" of UNIT holding OBS (lines of <obs>).
 * Free with free(). */
char *tu_doc(const char *unit, const char *obs);
/*
 * Load DIR. Returns the diagnostics as lines "NAME:LINE: message" (or
 * "NAME: message"; without the column, which tests/check_api.c tests),
 * with NAME the file name without DIR, warnings marked
 * "warning: "; free with free(). Sets *RC, and *ST when ST is not NULL
 * (else the store is freed). *KIND gets the first diagnostic's kind when
 * KIND is not NULL and there is one.
 */
char *tu_load(const char *dir, reeks_result *rc, reeks_store **st,
    reeks_diag_kind *kind);
/* As tu_load(), reading on JOBS threads (reeks_load_options.jobs). */
char *tu_load_jobs(const char *dir, int jobs, reeks_result *rc,
    reeks_store **st, reeks_diag_kind *kind);
/* Write DOC as DIR/a.xml in a new directory, load, and return as
 * tu_load() does; the directory is removed. */
char *tu_load_doc(const char *doc, reeks_result *rc, reeks_diag_kind *kind);

#endif
