/*
 * xmlw.c: see xmlw.h.
 */
#include <errno.h>

#include "util/xmlw.h"

/* Indentation and the XML declaration. */
static bool
begin(xmlw *x)
{
	if (xmlTextWriterSetIndent(x->w, 1) < 0 ||
	    xmlTextWriterSetIndentString(x->w, BAD_CAST "  ") < 0 ||
	    xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", NULL) < 0)
		x->failed = true;
	return !x->failed;
}

bool
xmlw_open_mem(xmlw *x)
{
	*x = (xmlw){ 0 };
	if ((x->mem = xmlBufferCreate()) == NULL ||
	    (x->w = xmlNewTextWriterMemory(x->mem, 0)) == NULL) {
		x->failed = true;
		return false;
	}
	return begin(x);
}

/*
 * libxml2's output callback: fwrite to X's stream. A failed write is kept
 * (its errno) and the callback still reports success, so that libxml2
 * never sees an I/O error and never prints its own "I/O error : ..."
 * lines (it would, from its generic error handler, on a full disk); the
 * caller reports it once, with the file's name. After a failure nothing
 * more is written.
 */
static int
stream_write(void *ctx, const char *data, int len)
{
	xmlw *x = ctx;

	if (x->err == 0 && len > 0) {
		errno = 0;
		if (fwrite(data, 1, (size_t)len, x->f) != (size_t)len)
			x->err = errno != 0 ? errno : EIO;
	}
	return len;
}

bool
xmlw_open_stream(xmlw *x, FILE *f)
{
	xmlOutputBufferPtr ob;

	*x = (xmlw){ 0 };
	x->f = f;
	if ((ob = xmlOutputBufferCreateIO(stream_write, NULL, x, NULL)) ==
	    NULL || (x->w = xmlNewTextWriter(ob)) == NULL) {
		if (ob != NULL)
			xmlOutputBufferClose(ob);
		x->failed = true;
		return false;
	}
	return begin(x);
}

bool
xmlw_flush(xmlw *x)
{
	if (!x->failed && xmlTextWriterFlush(x->w) < 0)
		x->failed = true;
	if (!x->failed && x->err == 0 && x->f != NULL && fflush(x->f) != 0)
		x->err = errno != 0 ? errno : EIO;
	return !x->failed && x->err == 0;
}

void
xmlw_start(xmlw *x, const char *name)
{
	if (!x->failed && xmlTextWriterStartElement(x->w, BAD_CAST name) < 0)
		x->failed = true;
}

void
xmlw_start_ns(xmlw *x, const char *name, const char *ns)
{
	if (!x->failed && xmlTextWriterStartElementNS(x->w, NULL,
	    BAD_CAST name, BAD_CAST ns) < 0)
		x->failed = true;
}

void
xmlw_attr(xmlw *x, const char *name, const char *value)
{
	if (!x->failed && value != NULL &&
	    xmlTextWriterWriteAttribute(x->w, BAD_CAST name,
	    BAD_CAST value) < 0)
		x->failed = true;
}

void
xmlw_text(xmlw *x, const char *text)
{
	if (!x->failed && text != NULL &&
	    xmlTextWriterWriteString(x->w, BAD_CAST text) < 0)
		x->failed = true;
}

void
xmlw_element(xmlw *x, const char *name, const char *text)
{
	if (!x->failed && text != NULL &&
	    xmlTextWriterWriteElement(x->w, BAD_CAST name,
	    BAD_CAST text) < 0)
		x->failed = true;
}

void
xmlw_comment(xmlw *x, const char *text)
{
	if (!x->failed &&
	    xmlTextWriterWriteComment(x->w, BAD_CAST text) < 0)
		x->failed = true;
}

void
xmlw_end(xmlw *x)
{
	if (!x->failed && xmlTextWriterEndElement(x->w) < 0)
		x->failed = true;
}

int
xmlw_close(xmlw *x, buf *out)
{
	int rc = 0, err = ENOMEM;

	if (x->w == NULL || x->failed || xmlTextWriterEndDocument(x->w) < 0)
		rc = -1;
	if (x->w != NULL)
		xmlFreeTextWriter(x->w);    /* flushes a stream (not closed) */
	x->w = NULL;
	if (x->f != NULL) {
		errno = 0;
		if (x->err != 0 || fflush(x->f) != 0 || ferror(x->f)) {
			err = x->err != 0 ? x->err : errno != 0 ? errno : EIO;
			rc = -1;
		}
	}
	if (rc == 0 && x->mem != NULL && out != NULL) {
		buf_add(out, (const char *)xmlBufferContent(x->mem),
		    (size_t)xmlBufferLength(x->mem));
		if (out->failed)
			rc = -1;
	}
	if (x->mem != NULL)
		xmlBufferFree(x->mem);
	x->mem = NULL;
	x->failed = rc != 0;
	errno = rc != 0 ? err : 0;
	return rc;
}
