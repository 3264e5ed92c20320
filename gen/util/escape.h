/*
 * escape.h: one escaper for each context the generator writes text into,
 * each appending to a buf (util/buf.h). Two contexts have writers of their
 * own: JSON strings (json_string() in util/jsonw.c, gen.h) and XML
 * (libxml2's xmlTextWriter, through util/xmlw.h, escapes every text and
 * attribute).
 *
 * No escaper fails: like every buf write, running out of memory sets the
 * buffer's FAILED flag (buf.h). NULL is the empty string unless said.
 */
#ifndef REEKS_ESCAPE_H
#define REEKS_ESCAPE_H

#include <stddef.h>

#include "util/buf.h"

/* HTML text and quoted attribute values: & < > " ' become &amp; &lt;
 * &gt; &quot; &#39;. Both are mustache_escape_html() (mustache/
 * mustache.h), what a template's {{x}} writes: one escape for the pages,
 * whoever writes them. Two names, so that the call says its context. */
void escape_html_text(buf *b, const char *s);
void escape_html_attr(buf *b, const char *s);

/* A URL path (or one segment of it, escape_url_component()): every byte
 * but RFC 3986's unreserved ones (A-Z a-z 0-9 - . _ ~) and, in a path,
 * '/' is percent-encoded, uppercase hex ("a b" gives "a%20b"). The ids of
 * the data ([a-z0-9-]+, data/reeks.xsd) pass through unchanged. */
void escape_url_path(buf *b, const char *s);
void escape_url_component(buf *b, const char *s);

/* BibTeX field text, inside braces: { } % & $ # _ get a backslash, and a
 * backslash becomes \textbackslash{}. */
void escape_bibtex(buf *b, const char *s);

/* One RFC 4180 CSV field (without the comma between fields): quoted when
 * it holds a comma, quote, CR or LF, with quotes doubled. Text that starts
 * with '=', '+', '-', '@', a tab or a CR gets an apostrophe before it, so
 * that a spreadsheet shows it rather than running it as a formula (OWASP,
 * "CSV Injection"): the source's "+/- 140" would otherwise be an error
 * cell, and a hostile "=HYPERLINK(...)" a live link. NULL is an empty
 * field. */
void escape_csv_field(buf *b, const char *s);

/* JSON text (S, N bytes) made safe inside an HTML <script> element: every
 * '<' becomes \u003c, so that nothing in it ("</script>", "<!--") can end
 * or change the element. The JSON means the same. */
void escape_script_json(buf *b, const char *s, size_t n);

/* A line of the build cache (out/cache.c): '\\' becomes "\\\\" and a
 * newline "\n", so that any text is one line; unescape_line() reverses it
 * in place. */
void escape_line(buf *b, const char *s);
void unescape_line(char *s);

#endif
