/*
 * xmlw.h: XML output through libxml2's xmlTextWriter, which escapes every
 * text and attribute value: the one wrapper of it in the generator (the
 * XML export, the DCAT catalogue, the Atom feed and the sitemap).
 *
 * A failed write sets the sticky FAILED flag and every later call does
 * nothing, so that a document is written call after call and checked
 * once, at xmlw_close(). Output is indented by two spaces and starts
 * with <?xml version="1.0" encoding="UTF-8"?>.
 */
#ifndef REEKS_XMLW_H
#define REEKS_XMLW_H

#include <stdbool.h>
#include <stdio.h>

#include <libxml/xmlwriter.h>

#include "util/buf.h"

typedef struct xmlw {
	xmlTextWriterPtr w;
	xmlBufferPtr mem;       /* memory output, or NULL */
	FILE *f;                /* stream output, or NULL */
	int err;                /* errno of the first failed fwrite, or 0 */
	bool failed;
} xmlw;

/* Start a document in memory (xmlw_open_mem()) or written to F as it goes
 * (xmlw_open_stream(); F is not closed), so that a big one is never held
 * whole. False when out of memory; X must still be closed. */
bool xmlw_open_mem(xmlw *x);
bool xmlw_open_stream(xmlw *x, FILE *f);

/* <NAME ...; with the default namespace NS (xmlns="NS"). */
void xmlw_start(xmlw *x, const char *name);
void xmlw_start_ns(xmlw *x, const char *name, const char *ns);
/* An attribute of the element just started; nothing when VALUE is NULL. */
void xmlw_attr(xmlw *x, const char *name, const char *value);
/* Text, escaped; nothing when TEXT is NULL. */
void xmlw_text(xmlw *x, const char *text);
/* <NAME>TEXT</NAME>; nothing at all when TEXT is NULL. */
void xmlw_element(xmlw *x, const char *name, const char *text);
/* <!--TEXT-->. */
void xmlw_comment(xmlw *x, const char *text);
/* Close the innermost open element. */
void xmlw_end(xmlw *x);
/* Pass what a stream document holds so far to its stream (a start tag
 * still open stays pending: its '>' comes with what follows), then
 * fflush() the stream. False when that failed (X is then failed). */
bool xmlw_flush(xmlw *x);

/*
 * End the document (closing what is open) and free the writer. For a
 * memory document, append it to OUT (NULL for a stream); a stream is
 * flushed. Returns 0, or -1 when any write failed or memory ran out:
 * errno says why (ENOMEM, or the stream's error), and OUT is unchanged
 * (a stream may hold part of the document). Always frees what X holds.
 */
int xmlw_close(xmlw *x, buf *out);

#endif
