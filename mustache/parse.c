/*
 * parse.c: templates from text to tree, in three passes.
 *
 *  1. Tokens: text and tags, with the delimiters as set-delimiter tags
 *     change them, and each tag's name checked.
 *  2. Standalone lines: a line holding nothing but whitespace and tags
 *     that output nothing by themselves (sections, comments, partials,
 *     ...) disappears from the output, and its indentation goes to the
 *     partial, parent or block on it.
 *  3. The tree: sections matched with their closing tags.
 *
 * Every error is reported with the tag's line and column; the renderer
 * only ever sees a tree that parsed without one.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mustache-internal.h"
#include "reeks.h"

/* ---- names -------------------------------------------------------------- */

/* Any whitespace: what a tag name may not hold. */
static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

/* Horizontal whitespace: what indents a line. */
static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

bool
mu_partial_name_valid(const char *name, size_t len)
{
	if (len == 0 || len > MUSTACHE_MAX_NAME)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return false;
	}
	return true;
}

/* Whether NAME (LEN > 0 bytes) is a valid variable or block name: no
 * whitespace, and either "." or parts separated by single dots. */
static bool
name_valid(const char *name, size_t len)
{
	if (len == 1 && name[0] == '.')
		return true;
	if (name[0] == '.' || name[len - 1] == '.')
		return false;
	for (size_t i = 0; i < len; i++) {
		if (is_space(name[i]))
			return false;
		if (name[i] == '.' && name[i + 1] == '.')
			return false;
	}
	return true;
}

/* ---- pass 1: tokens ------------------------------------------------------ */

typedef enum tok_kind {
	T_TEXT,
	T_VAR,
	T_RAW,
	T_SECTION,
	T_INVERTED,
	T_CLOSE,
	T_PARTIAL,
	T_PARENT,
	T_BLOCK,
	T_COMMENT,
	T_DELIM
} tok_kind;

typedef struct token {
	tok_kind kind;
	/* TEXT: the text, narrowed by pass 2. Tags: the whole tag. */
	size_t start, end;
	/* Tags: the name, trimmed. */
	const char *name;
	size_t nlen;
	unsigned long line, col;
	bool bad;               /* its name was reported as an error */
	bool standalone;
	size_t ws_start, ws_end; /* standalone: the whitespace before it */
} token;

typedef struct parser {
	const char *file;
	const char *src;
	size_t len;
	mustache_errors *errs;
	size_t errs_from;       /* our errors start here in ERRS */
	bool failed;            /* a syntax error was found */
	bool nomem;
	token *toks;
	size_t ntoks, captoks;
	/* line counting: LINE is the line of offset POS, starting at BOL */
	unsigned long line;
	size_t pos, bol;
	mustache_template *t;
} parser;

static void perror_at(parser *p, unsigned long line, unsigned long col,
    const char *fmt, ...) MU_PRINTF(4, 5);

/* Report a syntax error at LINE:COL. */
static void
perror_at(parser *p, unsigned long line, unsigned long col, const char *fmt,
    ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	p->failed = true;
	if (mu_error(p->errs, MUSTACHE_ESYNTAX, p->file, line, col, "%s",
	    buf) != 0)
		p->nomem = true;
}

/* Move the line count forward to offset TO. */
static void
advance(parser *p, size_t to)
{
	const char *s = p->src + p->pos, *end = p->src + to;

	while (s < end && (s = memchr(s, '\n', (size_t)(end - s))) != NULL) {
		p->line++;
		p->bol = (size_t)(s - p->src) + 1;
		s++;
	}
	p->pos = to;
}

/* The offset of the first NEEDLE (NLEN > 0 bytes) at or after FROM, or
 * SIZE_MAX. */
static size_t
find(const parser *p, size_t from, const char *needle, size_t nlen)
{
	const char *s = p->src + from, *end = p->src + p->len;

	while ((size_t)(end - s) >= nlen) {
		s = memchr(s, needle[0], (size_t)(end - s) - nlen + 1);
		if (s == NULL)
			break;
		if (memcmp(s, needle, nlen) == 0)
			return (size_t)(s - p->src);
		s++;
	}
	return SIZE_MAX;
}

/* Append a token of KIND over [START, END); NULL (and P->nomem) when out
 * of memory. The pointer is valid until the next call. */
static token *
add_token(parser *p, tok_kind kind, size_t start, size_t end)
{
	if (p->ntoks == p->captoks) {
		size_t ncap = p->captoks == 0 ? 64 : p->captoks * 2;
		token *toks = realloc(p->toks, ncap * sizeof *toks);

		if (toks == NULL) {
			p->nomem = true;
			return NULL;
		}
		p->toks = toks;
		p->captoks = ncap;
	}
	token *t = &p->toks[p->ntoks++];
	*t = (token){ .kind = kind, .start = start, .end = end };
	return t;
}

/* Check the name of tag T, of bytes [S, E) of the source. */
static void
tag_name(parser *p, token *t, size_t s, size_t e)
{
	while (s < e && is_space(p->src[s]))
		s++;
	while (e > s && is_space(p->src[e - 1]))
		e--;
	t->name = p->src + s;
	t->nlen = e - s;
	/* cppcheck-suppress knownConditionTrueFalse ; s < e is possible */
	if (t->nlen == 0) {
		perror_at(p, t->line, t->col, "empty tag name");
		t->bad = true;
	} else if (t->kind == T_CLOSE) {
		/* It must match its open tag, whose name is checked. */
	} else if (t->kind == T_PARTIAL || t->kind == T_PARENT) {
		if (!mu_partial_name_valid(t->name, t->nlen)) {
			perror_at(p, t->line, t->col, "invalid partial name "
			    "'%.*s': use letters, digits, '-' and '_' (at most "
			    "%d)", (int)t->nlen, t->name, MUSTACHE_MAX_NAME);
			t->bad = true;
		}
	} else if (!name_valid(t->name, t->nlen)) {
		perror_at(p, t->line, t->col, "invalid name '%.*s'",
		    (int)t->nlen, t->name);
		t->bad = true;
	}
}

/* Set new delimiters from the content [S, E) of a set-delimiter tag T
 * (without its '=' signs). Returns false after reporting an error. */
static bool
set_delimiters(parser *p, const token *t, size_t s, size_t e,
    const char **open, size_t *olen, const char **close, size_t *clen)
{
	size_t a, b, c, d;

	for (a = s; a < e && is_space(p->src[a]); a++)
		;
	for (b = a; b < e && !is_space(p->src[b]); b++)
		;
	for (c = b; c < e && is_space(p->src[c]); c++)
		;
	for (d = c; d < e && !is_space(p->src[d]); d++)
		;
	for (s = d; s < e && is_space(p->src[s]); s++)
		;
	if (a == b || c == d || c == b || s != e ||
	    memchr(p->src + a, '=', b - a) != NULL ||
	    memchr(p->src + c, '=', d - c) != NULL) {
		perror_at(p, t->line, t->col, "bad delimiter change: expected "
		    "two delimiters without '=' and whitespace, as in "
		    "{{=<%% %%>=}}");
		return false;
	}
	*open = p->src + a;
	*olen = b - a;
	*close = p->src + c;
	*clen = d - c;
	return true;
}

/* Split the source into tokens. Returns false on an error that stops
 * parsing (an unclosed tag, a bad delimiter change, out of memory). */
static bool
tokenize(parser *p)
{
	const char *open = "{{", *close = "}}";
	size_t olen = 2, clen = 2;
	size_t pos = 0;

	while (pos < p->len) {
		size_t at = find(p, pos, open, olen);
		token *t;

		if (at == SIZE_MAX)
			at = p->len;
		if (at > pos && add_token(p, T_TEXT, pos, at) == NULL)
			return false;
		if (at == p->len)
			break;
		advance(p, at);

		unsigned long line = p->line, col = at - p->bol + 1;
		size_t cs = at + olen;          /* content start */
		char sigil = cs < p->len ? p->src[cs] : '\0';
		tok_kind kind;

		switch (sigil) {
		case '{': case '&': kind = T_RAW; break;
		case '#': kind = T_SECTION; break;
		case '^': kind = T_INVERTED; break;
		case '/': kind = T_CLOSE; break;
		case '>': kind = T_PARTIAL; break;
		case '<': kind = T_PARENT; break;
		case '$': kind = T_BLOCK; break;
		case '!': kind = T_COMMENT; break;
		case '=': kind = T_DELIM; break;
		default: kind = T_VAR; break;
		}
		if (kind != T_VAR)
			cs++;

		/* The content ends at CE, the tag at TE. */
		size_t ce = find(p, cs, close, clen), te = 0;
		if (sigil == '{') {
			/* {{{x}}}: the closing delimiter after a '}' */
			while (ce != SIZE_MAX && (ce == cs ||
			    p->src[ce - 1] != '}'))
				ce = find(p, ce + 1, close, clen);
			if (ce != SIZE_MAX)
				te = ce-- + clen;
		} else if (ce != SIZE_MAX) {
			te = ce + clen;
		}
		if (ce == SIZE_MAX) {
			if (sigil == '{')
				perror_at(p, line, col, "unclosed tag: no "
				    "'}%.*s' after '%.*s{'", (int)clen, close,
				    (int)olen, open);
			else
				perror_at(p, line, col, "unclosed tag: no "
				    "'%.*s' after '%.*s'", (int)clen, close,
				    (int)olen, open);
			return false;
		}
		if ((t = add_token(p, kind, at, te)) == NULL)
			return false;
		t->line = line;
		t->col = col;
		if (kind == T_DELIM) {
			if (ce == cs || p->src[ce - 1] != '=') {
				perror_at(p, line, col, "bad delimiter change: "
				    "expected two delimiters without '=' and "
				    "whitespace, as in {{=<%% %%>=}}");
				return false;
			}
			if (!set_delimiters(p, t, cs, ce - 1, &open, &olen,
			    &close, &clen))
				return false;
		} else if (kind != T_COMMENT) {
			tag_name(p, t, cs, ce);
			if (p->nomem)
				return false;
		}
		/* T points into P->toks, which P's owner frees. */
		pos = te;   /* NOLINT(clang-analyzer-unix.Malloc) */
	}
	advance(p, p->len);
	return !p->nomem;
}

/* ---- pass 2: standalone lines ------------------------------------------ */

/* Tags that output nothing where they stand. */
static bool
quiet(const token *t)
{
	return t->kind != T_TEXT && t->kind != T_VAR && t->kind != T_RAW;
}

/*
 * A run of adjacent quiet tags that has only whitespace before it on its
 * first line and after it on its last line is standalone: that whitespace
 * and the line's end go, and the whitespace before becomes the indentation
 * of the tags. One exception, from the inheritance spec: an empty block
 * {{$b}}{{/b}} alone on a line keeps the line's end.
 */
static void
standalone_lines(parser *p)
{
	const char *src = p->src;

	for (size_t i = 0; i < p->ntoks;) {
		if (!quiet(&p->toks[i])) {
			i++;
			continue;
		}
		size_t j = i;
		while (j + 1 < p->ntoks && quiet(&p->toks[j + 1]))
			j++;

		/* The whitespace before the run: [ws, we). */
		size_t ws = p->toks[i].start, we = ws;
		bool ok = true;
		if (i > 0) {
			const token *prev = &p->toks[i - 1];
			size_t k = prev->end;

			if (prev->kind != T_TEXT)
				ok = false;
			while (ok && k > prev->start && is_blank(src[k - 1]))
				k--;
			if (ok && k > prev->start && src[k - 1] != '\n')
				ok = false;
			if (ok && k == prev->start && k > 0 &&
			    src[k - 1] != '\n')
				ok = false;
			ws = k;
		}

		/* The rest of the line after the run: up to NL, and the line
		 * end up to AFTER. */
		size_t nl = p->toks[j].end, after = nl;
		if (ok && j + 1 < p->ntoks) {
			const token *next = &p->toks[j + 1];
			size_t k = next->start;

			while (k < next->end && is_blank(src[k]))
				k++;
			nl = k;
			if (k < next->end && src[k] == '\r' &&
			    k + 1 < next->end && src[k + 1] == '\n')
				after = k + 2;
			else if (k < next->end && src[k] == '\n')
				after = k + 1;
			else if (k == next->end && next->end == p->len)
				after = k;
			else
				ok = false;
		}
		if (ok) {
			bool keep_end = j == i + 1 &&
			    p->toks[i].kind == T_BLOCK &&
			    p->toks[j].kind == T_CLOSE &&
			    p->toks[i].nlen == p->toks[j].nlen &&
			    memcmp(p->toks[i].name, p->toks[j].name,
			    p->toks[i].nlen) == 0;

			for (size_t k = i; k <= j; k++) {
				p->toks[k].standalone = true;
				p->toks[k].ws_start = ws;
				p->toks[k].ws_end = we;
			}
			if (i > 0)
				p->toks[i - 1].end = ws;
			if (j + 1 < p->ntoks)
				p->toks[j + 1].start = keep_end ? nl : after;
		}
		i = j + 1;
	}
}

/* ---- pass 3: the tree ---------------------------------------------------- */

typedef struct open_section {
	const token *tok;
	size_t tok_index;
	mu_node *node;
	mu_node **tail;         /* where its next child goes */
} open_section;

/* What an open tag of KIND is called in messages. */
static const char *
kind_name(tok_kind kind)
{
	switch (kind) {
	case T_INVERTED: return "inverted section";
	case T_PARENT: return "parent";
	case T_BLOCK: return "block";
	default: return "section";
	}
}

/* A new node of KIND for tag T, named as T is; NULL (and P->nomem) when
 * out of memory. */
static mu_node *
new_node(parser *p, mu_kind kind, const token *t)
{
	mu_node *n = mu_alloc(&p->t->mem, sizeof *n);

	if (n == NULL) {
		p->nomem = true;
		return NULL;
	}
	n->kind = kind;
	n->line = t->line;
	n->col = t->col;
	n->text = t->name;
	n->len = t->nlen;
	return n;
}

/* Split N's name into its dotted parts. */
static bool
split_name(parser *p, mu_node *n)
{
	size_t count = 1;

	if (n->len == 1 && n->text[0] == '.')
		return true;
	for (size_t i = 0; i < n->len; i++)
		count += n->text[i] == '.';
	if ((n->parts = mu_alloc(&p->t->mem, count * sizeof *n->parts)) ==
	    NULL) {
		p->nomem = true;
		return false;
	}
	const char *s = n->text, *end = n->text + n->len;
	for (size_t k = 0; k < count; k++) {
		const char *dot = memchr(s, '.', (size_t)(end - s));

		if (dot == NULL)
			dot = end;
		n->parts[k] = (mu_part){ s, (size_t)(dot - s),
		    mu_hash(s, (size_t)(dot - s)) };
		s = dot + 1;
	}
	n->nparts = count;
	return true;
}

/* The indentation of a standalone block: the common indentation of the
 * lines between tokens OPEN and CLOSE, or else the tag's. */
static void
block_indent(parser *p, mu_node *n, size_t open, size_t close)
{
	const token *o = &p->toks[open];
	/* cppcheck-suppress duplicateAssignExpression ; both start there */
	size_t s = o->end, e = o->end;

	if (close > open + 1) {
		const token *first = &p->toks[open + 1];
		const token *last = &p->toks[close - 1];

		s = first->start;
		e = last->end;
	}
	const char *common = NULL;
	size_t clen = 0;
	for (size_t i = s; i < e;) {
		size_t k = i;

		while (k < e && is_blank(p->src[k]))
			k++;
		size_t lead = k - i;
		bool blank = true;
		size_t eol = k;
		while (eol < e && p->src[eol] != '\n') {
			if (!is_space(p->src[eol]))
				blank = false;
			eol++;
		}
		if (!blank) {
			if (common == NULL) {
				common = p->src + i;
				clen = lead;
			} else {
				size_t m = 0;

				while (m < clen && m < lead &&
				    common[m] == p->src[i + m])
					m++;
				clen = m;
			}
		}
		i = eol + 1;
	}
	n->dedent = clen;
	if (clen > 0) {
		n->indent = common;
		n->indent_len = clen;
	} else {
		n->indent = p->src + o->ws_start;
		n->indent_len = o->ws_end - o->ws_start;
	}
}

/* Whether OFFSET is at the start of a line of the source. */
static bool
at_bol(const parser *p, size_t offset)
{
	return offset == 0 || p->src[offset - 1] == '\n';
}

/* Build the tree from the tokens. Returns false on an error that stops
 * parsing. */
static bool
build(parser *p)
{
	/* stack[0] is the template itself; stack[1..depth] the open
	 * sections, innermost last. */
	open_section stack[MUSTACHE_MAX_NESTING + 1];
	size_t depth = 0;
	bool pending_bol = false;

	stack[0] = (open_section){ .tail = &p->t->root };
	for (size_t i = 0; i < p->ntoks; i++) {
		const token *t = &p->toks[i];
		mu_node *n = NULL;
		bool bol = false;

		switch (t->kind) {
		case T_TEXT:
			if (t->start == t->end)
				continue;
			n = mu_alloc(&p->t->mem, sizeof *n);
			if (n == NULL) {
				p->nomem = true;
				return false;
			}
			n->kind = MU_TEXT;
			n->text = p->src + t->start;
			n->len = t->end - t->start;
			bol = at_bol(p, t->start);
			break;
		case T_COMMENT:
		case T_DELIM:
			/* Nothing to output; the line start (if it is one)
			 * goes to the next node. */
			if (!t->standalone && at_bol(p, t->start))
				pending_bol = true;
			continue;
		case T_VAR:
		case T_RAW:
		case T_PARTIAL:
			if (t->bad)
				continue;
			n = new_node(p, t->kind == T_VAR ? MU_VAR :
			    t->kind == T_RAW ? MU_RAW : MU_PARTIAL, t);
			if (n == NULL)
				return false;
			if (t->kind != T_PARTIAL && !split_name(p, n))
				return false;
			break;
		case T_SECTION:
		case T_INVERTED:
		case T_PARENT:
		case T_BLOCK:
			if (depth == MUSTACHE_MAX_NESTING) {
				perror_at(p, t->line, t->col, "sections nested "
				    "deeper than %d", MUSTACHE_MAX_NESTING);
				return false;
			}
			n = new_node(p, t->kind == T_SECTION ? MU_SECTION :
			    t->kind == T_INVERTED ? MU_INVERTED :
			    t->kind == T_PARENT ? MU_PARENT : MU_BLOCK, t);
			if (n == NULL)
				return false;
			if ((t->kind == T_SECTION || t->kind == T_INVERTED) &&
			    !t->bad && !split_name(p, n))
				return false;
			break;
		case T_CLOSE:
			pending_bol = false;
			if (t->bad)
				return false;
			if (depth == 0) {
				perror_at(p, t->line, t->col, "closing tag '%.*s' "
				    "has no open section", (int)t->nlen,
				    t->name);
				return false;
			}
			open_section *o = &stack[depth];
			/* An open tag with a bad name was reported: any
			 * closing tag will do for it. */
			if (!o->tok->bad && (o->tok->nlen != t->nlen ||
			    memcmp(o->tok->name, t->name, t->nlen) != 0)) {
				perror_at(p, t->line, t->col, "closing tag '%.*s' "
				    "does not match %s '%.*s' opened at line "
				    "%lu, column %lu", (int)t->nlen, t->name,
				    kind_name(o->tok->kind),
				    (int)o->tok->nlen, o->tok->name,
				    o->tok->line, o->tok->col);
				return false;
			}
			if (o->node->kind == MU_BLOCK && o->node->standalone)
				block_indent(p, o->node, o->tok_index, i);
			depth--;
			continue;
		}
		if (t->kind == T_TEXT) {
			n->bol = bol;
		} else if (t->standalone) {
			/* Its line is gone: the whitespace before it is
			 * the indentation of a partial, parent or block. */
			n->standalone = true;
			n->indent = p->src + t->ws_start;
			n->indent_len = t->ws_end - t->ws_start;
		} else {
			n->bol = at_bol(p, t->start);
		}
		n->bol = n->bol || pending_bol;
		pending_bol = false;
		*stack[depth].tail = n;
		stack[depth].tail = &n->next;
		if (n->kind == MU_SECTION || n->kind == MU_INVERTED ||
		    n->kind == MU_PARENT || n->kind == MU_BLOCK)
			stack[++depth] = (open_section){
				.tok = t, .tok_index = i, .node = n,
				.tail = &n->child,
			};
	}
	for (size_t k = 1; k <= depth; k++)
		perror_at(p, stack[k].tok->line, stack[k].tok->col,
		    "unclosed %s '%.*s'", kind_name(stack[k].tok->kind),
		    (int)stack[k].tok->nlen, stack[k].tok->name);
	return depth == 0;
}

/* ---- the whole ------------------------------------------------------------ */

/* The first problem of each line of P's source that makes it not text
 * (reeks_text_check()), at most MU_MAX_TEXT_ERRORS of them. */
static void
check_text(parser *p)
{
	unsigned long line = 1, nerrors = 0;

	for (size_t bol = 0; bol < p->len && nerrors < MU_MAX_TEXT_ERRORS;
	    line++) {
		const char *nl = memchr(p->src + bol, '\n', p->len - bol);
		size_t eol = nl != NULL ? (size_t)(nl - p->src) : p->len;
		size_t at;
		const char *why = reeks_text_check(p->src + bol, eol - bol, &at);

		if (why != NULL) {
			perror_at(p, line, (unsigned long)at + 1, "%s", why);
			nerrors++;
		}
		bol = eol + 1;
	}
}

mustache_status
mu_parse_owned(const char *file, char *src, size_t len, bool text,
    mustache_template **out, mustache_errors *errs)
{
	parser p = {
		.file = file != NULL ? file : "", .src = src, .len = len,
		.errs = errs, .errs_from = mustache_errors_count(errs),
		.line = 1,
	};
	mustache_template *t = NULL;
	mustache_status st = MUSTACHE_ENOMEM;

	*out = NULL;
	if (src == NULL) {
		if ((src = calloc(1, 1)) == NULL)
			goto out;
		p.src = src;
	}
	if ((t = calloc(1, sizeof *t)) == NULL)
		goto out;
	t->src = src;
	t->len = len;
	src = NULL;
	if ((t->file = mu_strndup(&t->mem, p.file, strlen(p.file))) == NULL)
		goto out;
	p.t = t;
	if (text)
		check_text(&p);
	if (tokenize(&p)) {
		standalone_lines(&p);
		build(&p);
	}
	if (p.nomem)
		goto out;
	if (p.failed) {
		mu_errors_sort(errs, p.errs_from);
		st = MUSTACHE_ESYNTAX;
		goto out;
	}
	*out = t;
	t = NULL;
	st = MUSTACHE_OK;
out:
	if (st == MUSTACHE_ENOMEM)
		mu_error(errs, MUSTACHE_ENOMEM, p.file, 0, 0,
		    "out of memory");
	free(p.toks);
	free(src);
	mustache_template_free(t);
	return st;
}

mustache_status
mustache_parse(const char *file, const char *text, size_t len,
    mustache_template **out, mustache_errors *errs)
{
	char *copy = len < SIZE_MAX ? malloc(len + 1) : NULL;

	*out = NULL;
	if (copy == NULL) {
		mu_error(errs, MUSTACHE_ENOMEM, file, 0, 0, "out of memory");
		return MUSTACHE_ENOMEM;
	}
	if (len > 0)
		memcpy(copy, text, len);
	copy[len] = '\0';
	return mu_parse_owned(file, copy, len, false, out, errs);
}

void
mustache_template_free(mustache_template *t)
{
	if (t == NULL)
		return;
	mu_arena_release(&t->mem);
	free(t->src);
	free(t);
}

const char *
mustache_template_file(const mustache_template *t)
{
	return t->file;
}
