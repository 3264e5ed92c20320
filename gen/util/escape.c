/*
 * escape.c: see escape.h.
 */
#include <string.h>

#include "mustache.h"

#include "util/escape.h"

/* buf_add() as a mustache_writer. */
static int
buf_writer(void *arg, const char *s, size_t n)
{
	buf_add(arg, s, n);
	return 0;
}

void
escape_html_text(buf *b, const char *s)
{
	if (s == NULL)
		return;
	if (*s == '\0')
		buf_add(b, s, 0);   /* as any write: B's text is "", not NULL */
	else
		(void)mustache_escape_html(s, strlen(s), buf_writer, b);
}

void
escape_html_attr(buf *b, const char *s)
{
	escape_html_text(b, s);
}

/* S percent-encoded, '/' kept when SLASH. */
static void
url_escape(buf *b, const char *s, bool slash)
{
	static const char hex[] = "0123456789ABCDEF";
	const char *run = s;

	if (s == NULL)
		return;
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		char pct[3];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~' || (slash && c == '/'))
			continue;
		buf_add(b, run, (size_t)(s - run));
		pct[0] = '%';
		pct[1] = hex[c >> 4];
		pct[2] = hex[c & 0xf];
		buf_add(b, pct, 3);
		run = s + 1;
	}
	buf_add(b, run, (size_t)(s - run));
}

void
escape_url_path(buf *b, const char *s)
{
	url_escape(b, s, true);
}

void
escape_url_component(buf *b, const char *s)
{
	url_escape(b, s, false);
}

void
escape_bibtex(buf *b, const char *s)
{
	if (s == NULL)
		return;
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '{': case '}': case '%': case '&': case '$': case '#':
		case '_':
			buf_putc(b, '\\');
			buf_putc(b, *s);
			break;
		case '\\':
			buf_puts(b, "\\textbackslash{}");
			break;
		default:
			buf_putc(b, *s);
		}
	}
}

void
escape_csv_field(buf *b, const char *s)
{
	bool formula;
	const char *run;

	if (s == NULL)
		return;
	formula = *s != '\0' && strchr("=+-@\t\r", *s) != NULL;
	if (strpbrk(s, ",\"\r\n") == NULL) {
		if (formula)
			buf_putc(b, '\'');
		buf_puts(b, s);
		return;
	}
	buf_putc(b, '"');
	if (formula)
		buf_putc(b, '\'');
	for (run = s; *s != '\0'; s++) {
		if (*s == '"') {
			buf_add(b, run, (size_t)(s - run) + 1);
			run = s;    /* the quote again, doubled */
		}
	}
	buf_add(b, run, (size_t)(s - run));
	buf_putc(b, '"');
}

void
escape_script_json(buf *b, const char *s, size_t n)
{
	size_t from = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] != '<')
			continue;
		buf_add(b, s + from, i - from);
		buf_puts(b, "\\u003c");
		from = i + 1;
	}
	if (n > from)
		buf_add(b, s + from, n - from);
}

void
escape_line(buf *b, const char *s)
{
	const char *run = s;

	if (s == NULL)
		return;
	for (; *s != '\0'; s++) {
		if (*s != '\\' && *s != '\n')
			continue;
		buf_add(b, run, (size_t)(s - run));
		buf_puts(b, *s == '\\' ? "\\\\" : "\\n");
		run = s + 1;
	}
	buf_add(b, run, (size_t)(s - run));
}

void
unescape_line(char *s)
{
	char *o = s;

	for (; *s != '\0'; s++) {
		if (*s == '\\' && (s[1] == '\\' || s[1] == 'n')) {
			*o++ = s[1] == 'n' ? '\n' : '\\';
			s++;
		} else
			*o++ = *s;
	}
	*o = '\0';
}
