/*
 * mustache-render.c: the engine (loader and template cache) and the
 * renderer, which walks a parsed tree against the data.
 *
 * Indentation. A standalone partial, parent or block indents every line
 * of what it brings in: the renderer keeps the current indentation (the
 * bytes ind[istart, indlen)) and writes it before each node that begins a
 * line of its template. A block passed to a parent is moved as a whole:
 * the common indentation of its lines (STRIP bytes of whitespace) comes
 * off at each line start, and the indentation of the block it fills in
 * goes on (the inheritance spec's "block reindentation").
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mustache-internal.h"

/* A render stops after recording this many errors. */
enum { MU_MAX_ERRORS = 100 };

/* ---- the engine ---------------------------------------------------------- */

typedef struct cached {
	char *name;
	mustache_template *tpl;         /* NULL: the loader does not have it */
} cached;

struct mustache_engine {
	mustache_mode mode;
	mustache_loader load;
	void *arg;
	cached *cache;
	size_t ncache, capcache;
};

mustache_engine *
mustache_engine_new(mustache_mode mode, mustache_loader load, void *arg)
{
	mustache_engine *e = calloc(1, sizeof *e);

	if (e == NULL)
		return NULL;
	e->mode = mode;
	e->load = load;
	e->arg = arg;
	return e;
}

void
mustache_engine_free(mustache_engine *e)
{
	if (e == NULL)
		return;
	for (size_t i = 0; i < e->ncache; i++) {
		free(e->cache[i].name);
		mustache_template_free(e->cache[i].tpl);
	}
	free(e->cache);
	free(e);
}

/*
 * The template NAME (LEN bytes, already checked to be a valid partial
 * name), from the cache or else from the loader. Returns MUSTACHE_OK
 * with *OUT set, or with *OUT NULL when the loader does not have it (that
 * is cached too); otherwise the error, reported in ERRS: a load failure
 * at FILE:LINE:COL as WHAT ("partial" or "template"), or the template's
 * syntax errors, leaving out those already in ERRS from index SEEN_FROM.
 * Failures are not cached: a template that failed is tried again, and its
 * errors reported again, the next time.
 */
static mustache_status
fetch(mustache_engine *e, const char *name, size_t len, const char *what,
    const char *file, unsigned long line, unsigned long col,
    mustache_errors *errs, size_t seen_from, const mustache_template **out)
{
	char *key = NULL, *text = NULL, *tfile = NULL;
	size_t tlen = 0;
	mustache_template *t = NULL;
	mustache_load_result lr = MUSTACHE_LOAD_NOT_FOUND;
	mustache_status st = MUSTACHE_ENOMEM;

	*out = NULL;
	for (size_t i = 0; i < e->ncache; i++)
		if (strlen(e->cache[i].name) == len &&
		    memcmp(e->cache[i].name, name, len) == 0) {
			*out = e->cache[i].tpl;
			return MUSTACHE_OK;
		}
	if ((key = strndup(name, len)) == NULL)
		goto out;
	if (e->ncache == e->capcache) {
		size_t ncap = e->capcache == 0 ? 16 : e->capcache * 2;
		cached *c = realloc(e->cache, ncap * sizeof *c);

		if (c == NULL)
			goto out;
		e->cache = c;
		e->capcache = ncap;
	}
	if (e->load != NULL) {
		errno = 0;
		lr = e->load(e->arg, key, &text, &tlen, &tfile);
	}
	if (lr == MUSTACHE_LOAD_FAILED) {
		int saved = errno;

		st = MUSTACHE_ELOAD;
		if (mu_error(errs, MUSTACHE_ELOAD, file, line, col,
		    "cannot load %s '%s': %s", what, key, text != NULL ? text :
		    saved != 0 ? strerror(saved) : "loader failed") != 0)
			st = MUSTACHE_ENOMEM;
		goto out;
	}
	if (lr == MUSTACHE_LOAD_OK) {
		size_t before = mustache_errors_count(errs);

		st = mu_parse_owned(tfile != NULL ? tfile : key, text, tlen,
		    e->mode == MUSTACHE_STRICT, &t, errs);
		text = NULL;
		if (st != MUSTACHE_OK) {
			mu_errors_dedupe(errs, seen_from, before);
			goto out;
		}
	}
	e->cache[e->ncache++] = (cached){ .name = key, .tpl = t };
	*out = t;
	key = NULL;
	st = MUSTACHE_OK;
out:
	if (st == MUSTACHE_ENOMEM)
		mu_error(errs, MUSTACHE_ENOMEM, file, line, col, "out of memory");
	free(key);
	free(text);
	free(tfile);
	return st;
}

mustache_status
mustache_engine_load(mustache_engine *e, const char *name,
    const mustache_template **out, mustache_errors *errs)
{
	mustache_status st;
	size_t len = strlen(name);

	*out = NULL;
	if (!mu_partial_name_valid(name, len)) {
		if (mu_error(errs, MUSTACHE_ENAME, "", 0, 0, "invalid template "
		    "name '%s': use letters, digits, '-' and '_' (at most %d)",
		    name, MUSTACHE_MAX_NAME) != 0)
			return MUSTACHE_ENOMEM;
		return MUSTACHE_ENAME;
	}
	st = fetch(e, name, len, "template", "", 0, 0, errs,
	    mustache_errors_count(errs), out);
	if (st == MUSTACHE_OK && *out == NULL) {
		if (mu_error(errs, MUSTACHE_ENAME, "", 0, 0,
		    "unknown template '%s'", name) != 0)
			return MUSTACHE_ENOMEM;
		return MUSTACHE_ENAME;
	}
	return st;
}

/* ---- output -------------------------------------------------------------- */

/* Make room in B for N more bytes and a NUL. Returns 0, or -1 when out
 * of memory (B unchanged). */
static int
buf_room(mustache_buf *b, size_t n)
{
	if (b->cap - b->len > n)
		return 0;               /* also false while B->DATA is NULL */
	size_t ncap = b->cap == 0 ? 256 : b->cap;
	char *data;

	if (n >= SIZE_MAX / 2 - b->len)
		return -1;
	while (ncap - b->len <= n)
		ncap *= 2;
	if ((data = realloc(b->data, ncap)) == NULL)
		return -1;
	b->data = data;
	b->cap = ncap;
	return 0;
}

/* Append N bytes of S to B, keeping it NUL-terminated. Returns 0, or -1
 * when out of memory (B unchanged). */
static int
buf_append(mustache_buf *b, const char *s, size_t n)
{
	if (buf_room(b, n) != 0)
		return -1;
	if (n > 0)
		memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int
mustache_buf_write(void *arg, const char *s, size_t n)
{
	return buf_append(arg, s, n);
}

void
mustache_buf_free(mustache_buf *b)
{
	if (b == NULL)
		return;
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

/* ---- the renderer -------------------------------------------------------- */

/* The blocks of a parent tag, as arguments to its parent template. */
typedef struct frame {
	const mu_node *parent;
	const mustache_template *tpl;   /* the template the tag is in */
} frame;

typedef struct render {
	mustache_engine *e;
	mustache_errors *errs;
	size_t errs_from;               /* this render's errors start here */
	size_t nerrors;
	mustache_writer write;          /* the output: WRITE(WARG), or BUF */
	void *warg;
	mustache_buf *buf;
	const mustache_value **ctx;     /* the context stack, top last */
	size_t nctx, capctx;
	frame *args;                    /* block arguments, outermost first */
	size_t nargs, capargs;
	char *ind;                      /* the indentation: ind[istart..indlen) */
	size_t istart, indlen, indcap;
	size_t strip;                   /* whitespace to remove at line starts */
	const mustache_template *tpl;   /* the template being rendered */
	/* Partials, parents and block arguments being rendered, one inside
	 * the other; the block arguments among them are ACTIVE[0..NACTIVE). */
	unsigned depth;
	const mu_node *active[MUSTACHE_MAX_DEPTH];
	size_t nactive;
	mustache_status status;
	bool stop;
} render;

/* Keep the first error's kind as the render's result. */
static void
set_status(render *r, mustache_status st)
{
	if (r->status == MUSTACHE_OK)
		r->status = st;
}

/* Out of memory: stop. */
static void
nomem(render *r)
{
	r->stop = true;
	r->status = MUSTACHE_ENOMEM;
	mu_error(r->errs, MUSTACHE_ENOMEM, "", 0, 0, "out of memory");
}

static void rfail(render *r, mustache_status kind, const mu_node *n,
    const char *fmt, ...) MU_PRINTF(4, 5);

/* An error at node N of the current template; each is recorded once. */
static void
rfail(render *r, mustache_status kind, const mu_node *n, const char *fmt,
    ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	set_status(r, kind);
	if (mu_error_seen(r->errs, r->errs_from, kind, r->tpl->file, n->line,
	    n->col, msg))
		return;
	if (mu_error(r->errs, kind, r->tpl->file, n->line, n->col, "%s",
	    msg) != 0) {
		nomem(r);
		return;
	}
	if (++r->nerrors >= MU_MAX_ERRORS)
		r->stop = true;
}

/* Write N bytes of S, unless the render has stopped; a failure stops it.
 * Into a buffer, the bytes go without the NUL after them: render_to()
 * ends the buffer with one when the render is done. */
static void
out(render *r, const char *s, size_t n)
{
	if (r->stop || n == 0)
		return;
	if (r->buf != NULL) {
		if (buf_room(r->buf, n) != 0) {
			nomem(r);
			return;
		}
		memcpy(r->buf->data + r->buf->len, s, n);
		r->buf->len += n;
	} else if (r->write(r->warg, s, n) != 0) {
		r->stop = true;
		r->status = MUSTACHE_EWRITE;
		mu_error(r->errs, MUSTACHE_EWRITE, "", 0, 0,
		    "cannot write the output");
	}
}

/* What the HTML escape makes of each byte: 0 (itself) or the index of
 * its replacement in ESCAPES. */
static const unsigned char escape_of[256] = {
	['&'] = 1, ['<'] = 2, ['>'] = 3, ['"'] = 4, ['\''] = 5
};
static const struct {
	const char *s;
	size_t len;
} escapes[6] = {
	{ "", 0 }, { "&amp;", 5 }, { "&lt;", 4 }, { "&gt;", 4 },
	{ "&quot;", 6 }, { "&#39;", 5 }
};

int
mustache_escape_html(const char *s, size_t n, mustache_writer write,
    void *arg)
{
	size_t from = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned k = escape_of[(unsigned char)s[i]];

		if (k == 0)
			continue;
		if ((i > from && write(arg, s + from, i - from) != 0) ||
		    write(arg, escapes[k].s, escapes[k].len) != 0)
			return -1;
		from = i + 1;
	}
	if (n > from && write(arg, s + from, n - from) != 0)
		return -1;
	return 0;
}

/* out() as a mustache_writer: -1 once the render has stopped. */
static int
out_write(void *arg, const char *s, size_t n)
{
	render *r = arg;

	out(r, s, n);
	return r->stop ? -1 : 0;
}

/* S (N bytes) escaped as {{x}} writes it (mustache_escape_html()); into a
 * buffer, directly. S is a value's text, so S[N] is a NUL (mustache.h,
 * mustache_value_text()): strcspn() finds the next byte to escape. */
static void
out_escaped(render *r, const char *s, size_t n)
{
	mustache_buf *b = r->buf;
	size_t i = 0, from = 0;

	if (b == NULL) {
		(void)mustache_escape_html(s, n, out_write, r);
		return;
	}
	if (r->stop)
		return;
	while ((i += strcspn(s + i, "&<>\"'")) < n) {
		unsigned k = escape_of[(unsigned char)s[i]];

		if (k == 0) {           /* a NUL inside the text */
			i++;
			continue;
		}
		if (buf_room(b, i - from + escapes[k].len) != 0) {
			nomem(r);
			return;
		}
		memcpy(b->data + b->len, s + from, i - from);
		b->len += i - from;
		memcpy(b->data + b->len, escapes[k].s, escapes[k].len);
		b->len += escapes[k].len;
		from = ++i;
	}
	out(r, s + from, n - from);
}

/* Write the current indentation. */
static void
out_indent(render *r)
{
	/* No indentation yet: R->IND may be NULL, and NULL + 0 is
	 * undefined (tests/fuzz/regress/template/). */
	if (r->indlen > r->istart)
		out(r, r->ind + r->istart, r->indlen - r->istart);
}

/* Add N bytes of S to the indentation. Returns false when out of memory
 * (and stops). */
static bool
push_indent(render *r, const char *s, size_t n)
{
	if (r->indcap - r->indlen < n) {
		size_t ncap = r->indcap == 0 ? 64 : r->indcap;
		char *ind;

		while (ncap - r->indlen < n)
			ncap *= 2;
		if ((ind = realloc(r->ind, ncap)) == NULL) {
			nomem(r);
			return false;
		}
		r->ind = ind;
		r->indcap = ncap;
	}
	if (n > 0)
		memcpy(r->ind + r->indlen, s, n);
	r->indlen += n;
	return true;
}

/* Add the indentation of a standalone tag N, less what its line loses
 * at the start (STRIP bytes). */
static bool
push_node_indent(render *r, const mu_node *n)
{
	size_t skip = r->strip < n->indent_len ? r->strip : n->indent_len;

	return push_indent(r, n->indent + skip, n->indent_len - skip);
}

/* Push V on the context stack. Returns false when out of memory (and
 * stops). */
static bool
push_context(render *r, const mustache_value *v)
{
	if (r->nctx == r->capctx) {
		size_t ncap = r->capctx == 0 ? 16 : r->capctx * 2;
		const mustache_value **ctx = realloc(r->ctx, ncap * sizeof *ctx);

		if (ctx == NULL) {
			nomem(r);
			return false;
		}
		r->ctx = ctx;
		r->capctx = ncap;
	}
	r->ctx[r->nctx++] = v;
	return true;
}

/* Horizontal whitespace: what indents a line. */
static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Text node N, with the indentation at each line start (less STRIP
 * bytes of its own whitespace there). */
static void
render_text(render *r, const mu_node *n)
{
	const char *p = n->text, *end = n->text + n->len;
	bool bol = n->bol;

	if (r->indlen == r->istart && r->strip == 0) {
		out(r, p, n->len);
		return;
	}
	while (p < end) {
		if (bol) {
			for (size_t k = 0; k < r->strip && p < end &&
			    is_blank(*p); k++)
				p++;
			/* An empty line gets no indentation. */
			if (p == end || (*p != '\n' && !(*p == '\r' &&
			    p + 1 < end && p[1] == '\n')))
				out_indent(r);
		}
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl != NULL ? nl + 1 : end;

		out(r, p, (size_t)(stop - p));
		p = stop;
		bol = true;
	}
}

/* The value N names, or NULL when it is not found. */
static const mustache_value *
lookup(const render *r, const mu_node *n)
{
	const mustache_value *v = NULL;

	if (n->nparts == 0)
		return r->ctx[r->nctx - 1];
	for (size_t i = r->nctx; i-- > 0;)
		if ((v = mu_map_get_hashed(r->ctx[i], n->parts[0].s,
		    n->parts[0].len, n->parts[0].hash)) != NULL)
			break;
	for (size_t k = 1; v != NULL && k < n->nparts; k++)
		v = mu_map_get_hashed(v, n->parts[k].s, n->parts[k].len,
		    n->parts[k].hash);
	return v;
}

/* The value N names; in strict mode, a name not found is an error. */
static const mustache_value *
lookup_checked(render *r, const mu_node *n)
{
	const mustache_value *v = lookup(r, n);

	if (v == NULL && r->e->mode == MUSTACHE_STRICT)
		rfail(r, MUSTACHE_ENAME, n, "unknown variable '%.*s'",
		    (int)n->len, n->text);
	return v;
}

/* {{x}}, escaped, or {{{x}}} and {{&x}}, raw (strict mode: markup only). */
static void
render_var(render *r, const mu_node *n)
{
	const mustache_value *v = lookup_checked(r, n);
	bool strict = r->e->mode == MUSTACHE_STRICT;
	const char *s;
	size_t len;

	if (v == NULL)
		return;
	if (n->kind == MU_RAW && strict && v->type != MUSTACHE_MARKUP) {
		rfail(r, MUSTACHE_ENAME, n, "raw output of '%.*s' that is not "
		    "generator-built markup", (int)n->len, n->text);
		return;
	}
	switch (v->type) {
	case MUSTACHE_NULL:
		return;
	case MUSTACHE_BOOL:
		s = v->u.b ? "true" : "false";
		len = strlen(s);
		break;
	case MUSTACHE_STRING:
	case MUSTACHE_NUMBER:
	case MUSTACHE_MARKUP:
		s = v->u.str.s;
		len = v->u.str.len;
		break;
	case MUSTACHE_LIST:
	case MUSTACHE_MAP:
	default:
		if (strict)
			rfail(r, MUSTACHE_ENAME, n, "cannot output '%.*s' as "
			    "text: it is a %s", (int)n->len, n->text,
			    v->type == MUSTACHE_LIST ? "list" : "map");
		return;
	}
	if (n->kind == MU_RAW)
		out(r, s, len);
	else
		out_escaped(r, s, len);
}

static void render_nodes(render *r, const mu_node *n);

/* {{#x}} over the N items of a lazy list, each made by Z just before it
 * is rendered and freed after. */
static void
render_lazy(render *r, const mu_node *n, const mu_lazy *z, size_t count)
{
	for (size_t i = 0; i < count && !r->stop; i++) {
		arena_mark m;
		const mustache_value *item;
		bool pushed;

		reeks_arena_mark(&z->arena->mem, &m);
		item = z->make(z->arg, i, z->arena);
		if (item == NULL) {
			reeks_arena_release(&z->arena->mem, &m);
			nomem(r);
			return;
		}
		pushed = push_context(r, item);
		if (pushed) {
			render_nodes(r, n->child);
			r->nctx--;
		}
		reeks_arena_release(&z->arena->mem, &m);
		if (!pushed)
			return;
	}
}

/* {{#x}} once per item of a list or once for any other true value, with
 * the item or value on the context stack; {{^x}} once if X is false. */
static void
render_section(render *r, const mu_node *n)
{
	const mustache_value *v = lookup_checked(r, n);

	if (n->kind == MU_INVERTED) {
		if (!mu_truthy(v))
			render_nodes(r, n->child);
		return;
	}
	if (v != NULL && v->type == MUSTACHE_LIST && v->u.list.lazy != NULL) {
		render_lazy(r, n, v->u.list.lazy, v->u.list.count);
	} else if (v != NULL && v->type == MUSTACHE_LIST) {
		for (size_t i = 0; i < v->u.list.count && !r->stop; i++) {
			if (!push_context(r, v->u.list.items[i]))
				return;
			render_nodes(r, n->child);
			r->nctx--;
		}
	} else if (mu_truthy(v)) {
		if (!push_context(r, v))
			return;
		render_nodes(r, n->child);
		r->nctx--;
	}
}

/* A partial {{>x}} or a parent {{<x}}...{{/x}}. */
static void
render_partial(render *r, const mu_node *n)
{
	const mustache_template *t, *saved_tpl = r->tpl;
	size_t saved_istart = r->istart, saved_indlen = r->indlen;
	size_t saved_strip = r->strip, saved_nargs = r->nargs;
	mustache_status st;

	st = fetch(r->e, n->text, n->len, "partial", r->tpl->file, n->line,
	    n->col, r->errs, r->errs_from, &t);
	if (st == MUSTACHE_ENOMEM) {
		nomem(r);
		return;
	}
	if (st != MUSTACHE_OK) {
		set_status(r, st);
		return;
	}
	if (t == NULL) {
		if (r->e->mode == MUSTACHE_STRICT)
			rfail(r, MUSTACHE_ENAME, n, "unknown partial '%.*s'",
			    (int)n->len, n->text);
		return;
	}
	if (r->depth >= MUSTACHE_MAX_DEPTH) {
		rfail(r, MUSTACHE_ELIMIT, n, "partial '%.*s' nested deeper "
		    "than %d levels", (int)n->len, n->text,
		    MUSTACHE_MAX_DEPTH);
		return;
	}
	if (n->kind == MU_PARENT) {
		if (r->nargs == r->capargs) {
			size_t ncap = r->capargs == 0 ? 8 : r->capargs * 2;
			frame *args = realloc(r->args, ncap * sizeof *args);

			if (args == NULL) {
				nomem(r);
				return;
			}
			r->args = args;
			r->capargs = ncap;
		}
		r->args[r->nargs++] = (frame){ .parent = n, .tpl = r->tpl };
	}
	if (n->standalone) {
		if (!push_node_indent(r, n))
			goto out;
	} else {
		/* Inline: its lines after the first are not indented. */
		r->istart = r->indlen;
	}
	r->strip = 0;
	r->tpl = t;
	r->depth++;
	render_nodes(r, t->root);
	r->depth--;
out:
	r->tpl = saved_tpl;
	r->istart = saved_istart;
	r->indlen = saved_indlen;
	r->strip = saved_strip;
	r->nargs = saved_nargs;
}

/* A block {{$x}}...{{/x}} in a template: the argument for it that the
 * outermost parent tag passes, or else its own content. */
static void
render_block(render *r, const mu_node *n)
{
	const mu_node *arg = NULL, *content;
	const mustache_template *arg_tpl = NULL, *saved_tpl = r->tpl;
	size_t saved_istart = r->istart, saved_indlen = r->indlen;
	size_t saved_strip = r->strip;

	for (size_t i = 0; i < r->nargs && arg == NULL; i++)
		for (const mu_node *c = r->args[i].parent->child; c != NULL;
		    c = c->next)
			if (c->kind == MU_BLOCK && c->len == n->len &&
			    memcmp(c->text, n->text, n->len) == 0) {
				arg = c;
				arg_tpl = r->args[i].tpl;
				break;
			}
	if (arg != NULL) {
		/* An argument that contains (maybe through other arguments)
		 * a block it replaces would repeat without end. */
		for (size_t i = 0; i < r->nactive; i++)
			if (r->active[i] == arg) {
				rfail(r, MUSTACHE_ELIMIT, n, "block '%.*s' would be "
				    "replaced by an argument that contains it",
				    (int)n->len, n->text);
				return;
			}
		if (r->depth >= MUSTACHE_MAX_DEPTH) {
			rfail(r, MUSTACHE_ELIMIT, n, "block '%.*s' nested deeper "
			    "than %d levels", (int)n->len, n->text,
			    MUSTACHE_MAX_DEPTH);
			return;
		}
	}
	if (n->standalone) {
		if (!push_node_indent(r, n))
			return;
	} else if (arg != NULL) {
		/* Inline, from elsewhere: lines after the first are not
		 * indented. */
		r->istart = r->indlen;
	}
	if (arg != NULL) {
		content = arg->child;
		r->tpl = arg_tpl;
		r->strip = arg->standalone ? arg->dedent : 0;
		/* An argument that starts mid-line, put on a line of its
		 * own: its first line needs the indentation too. */
		if (n->standalone && !arg->standalone && content != NULL &&
		    !content->bol)
			out_indent(r);
	} else {
		content = n->child;
		if (n->standalone)
			r->strip = n->dedent;
	}
	if (arg != NULL) {
		r->active[r->nactive++] = arg;
		r->depth++;
	}
	render_nodes(r, content);
	if (arg != NULL) {
		r->nactive--;
		r->depth--;
	}
	r->tpl = saved_tpl;
	r->istart = saved_istart;
	r->indlen = saved_indlen;
	r->strip = saved_strip;
}

/* Render N and the nodes after it, until the render stops. */
static void
render_nodes(render *r, const mu_node *n)
{
	for (; n != NULL && !r->stop; n = n->next) {
		if (n->bol && n->kind != MU_TEXT)
			out_indent(r);
		switch (n->kind) {
		case MU_TEXT:
			render_text(r, n);
			break;
		case MU_VAR:
		case MU_RAW:
			render_var(r, n);
			break;
		case MU_SECTION:
		case MU_INVERTED:
			render_section(r, n);
			break;
		case MU_PARTIAL:
		case MU_PARENT:
			render_partial(r, n);
			break;
		case MU_BLOCK:
			render_block(r, n);
			break;
		}
	}
}

/* Render T into BUF, or with WRITE(WARG, ...) when BUF is NULL. */
static mustache_status
render_to(mustache_engine *e, const mustache_template *t,
    const mustache_value *data, mustache_writer write, void *warg,
    mustache_buf *buf, mustache_errors *errs)
{
	render r = {
		.e = e, .errs = errs, .errs_from = mustache_errors_count(errs),
		.write = write, .warg = warg, .buf = buf, .tpl = t,
	};

	if (push_context(&r, data != NULL ? data : mu_null_value()))
		render_nodes(&r, t->root);
	/* out() leaves the NUL off (buf_room() keeps a byte for it). */
	if (buf != NULL && buf->data != NULL)
		buf->data[buf->len] = '\0';
	free(r.ctx);
	free(r.args);
	free(r.ind);
	return r.status;
}

mustache_status
mustache_render(mustache_engine *e, const mustache_template *t,
    const mustache_value *data, mustache_writer write, void *arg,
    mustache_errors *errs)
{
	return render_to(e, t, data, write, arg, NULL, errs);
}

mustache_status
mustache_render_buf(mustache_engine *e, const mustache_template *t,
    const mustache_value *data, mustache_buf *out, mustache_errors *errs)
{
	size_t old = out->len;
	mustache_status st = render_to(e, t, data, NULL, NULL, out, errs);

	if (st == MUSTACHE_OK && out->data == NULL && buf_append(out, "", 0) != 0) {
		mu_error(errs, MUSTACHE_ENOMEM, "", 0, 0, "out of memory");
		st = MUSTACHE_ENOMEM;
	}
	if (st != MUSTACHE_OK) {
		out->len = old;
		if (out->data != NULL)
			out->data[old] = '\0';
	}
	return st;
}
