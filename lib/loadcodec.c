/*
 * loadcodec.c: the payload of a file in the load cache (lib/loadcache.c
 * has the file around it): what one data file added to a load, its items
 * and its diagnostics, written and read by the same functions, field by
 * field (io_topic() and the others): a new field of an item is one line
 * in its function (and CACHE_VERSION in loadcache.c one more). Numbers
 * are LEB128 varints, a double its 8 bytes, a text its length and bytes;
 * a text the loader keeps once (periods, source ids, locators) is written
 * once a payload and then by its number. Reading trusts nothing: every
 * length, count and value is checked against what is left and what the
 * field may hold, and a payload that does not decode exactly is refused.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "loader.h"
/* ---- the codec: one function per item, for both directions ------------- */

typedef struct codec {
	bool reading;
	bool bad;               /* reading: the bytes do not decode */
	loader *ld;             /* reading: where the items go */
	unsigned char *buf;     /* writing: malloc'd */
	size_t len, cap;
	const unsigned char *p; /* reading */
	size_t left;
	/* The shared texts of this payload so far, by number: each is
	 * written once, then by its number (io_shared()). Writing, an
	 * open-addressing set of their addresses (the loader keeps each
	 * once) with their numbers. */
	const char **tab;
	size_t ntab, tabcap;
	size_t *nums;
} codec;

static void
codec_free(codec *c)
{
	free(c->tab);
	free(c->nums);
}

static void
put(codec *c, const void *p, size_t n)
{
	if (c->bad || n == 0)       /* P may be NULL then */
		return;
	if (c->cap - c->len < n) {
		size_t cap = c->cap ? c->cap : 4096;

		while (cap - c->len < n)
			cap *= 2;
		unsigned char *b = realloc(c->buf, cap);
		if (b == NULL) {
			c->bad = true;
			return;
		}
		c->buf = b;
		c->cap = cap;
	}
	memcpy(c->buf + c->len, p, n);
	c->len += n;
}

static void
get(codec *c, void *p, size_t n)
{
	if (n == 0)
		return;
	if (c->bad || c->left < n) {
		c->bad = true;
		memset(p, 0, n);
		return;
	}
	memcpy(p, c->p, n);
	c->p += n;
	c->left -= n;
}

/* A number, in as few bytes as it needs: seven bits a byte, low bits
 * first, the high bit set on all but the last (LEB128). */
static void
io_u64(codec *c, uint64_t *v)
{
	unsigned char b[10];
	size_t n = 0;

	if (!c->reading) {
		uint64_t x = *v;

		do {
			b[n++] = (unsigned char)((x & 0x7f) | (x > 0x7f ? 0x80 : 0));
			x >>= 7;
		} while (x != 0);
		put(c, b, n);
		return;
	}
	*v = 0;
	for (int shift = 0; ; shift += 7) {
		unsigned char byte;

		get(c, &byte, 1);
		/* The tenth byte holds one bit; nothing is written longer
		 * than it need be. */
		if (c->bad || shift > 63 || (shift == 63 && byte > 1) ||
		    (shift > 0 && byte == 0)) {
			c->bad = true;
			*v = 0;
			return;
		}
		*v |= (uint64_t)(byte & 0x7f) << shift;
		if ((byte & 0x80) == 0)
			return;
	}
}

/* Eight bytes, little-endian (the file's counts and lengths, and a
 * double's bits). */
static void
io_fixed64(codec *c, uint64_t *v)
{
	unsigned char b[8];

	if (c->reading) {
		get(c, b, 8);
		*v = 0;
		for (int i = 7; i >= 0; i--)
			*v = *v << 8 | b[i];
	} else {
		for (int i = 0; i < 8; i++)
			b[i] = (unsigned char)(*v >> 8 * i);
		put(c, b, 8);
	}
}

/* N bytes as they are (a digest). */
static void
io_bytes(codec *c, unsigned char *p, size_t n)
{
	if (c->reading)
		get(c, p, n);
	else
		put(c, p, n);
}

/* An unsigned value at most MAX. */
static uint64_t
io_uint(codec *c, uint64_t v, uint64_t max)
{
	io_u64(c, &v);
	if (v > max) {
		c->bad = true;
		v = 0;
	}
	return v;
}

static void
io_ul(codec *c, unsigned long *v)
{
	*v = (unsigned long)io_uint(c, *v, ULONG_MAX);
}

static void
io_u32(codec *c, uint32_t *v)
{
	*v = (uint32_t)io_uint(c, *v, UINT32_MAX);
}

static void
io_uc(codec *c, unsigned char *v)
{
	*v = (unsigned char)io_uint(c, *v, UCHAR_MAX);
}

static void
io_char(codec *c, char *v)
{
	unsigned char u = (unsigned char)*v;

	io_uc(c, &u);
	*v = (char)u;
}

static void
io_bool(codec *c, bool *v)
{
	*v = io_uint(c, *v, 1) != 0;
}

static void
io_int(codec *c, int *v)
{
	/* Zigzag: small negative numbers stay small. */
	int64_t i = *v;
	uint64_t u = i < 0 ? ((uint64_t)-(i + 1) << 1) | 1 : (uint64_t)i << 1;

	io_u64(c, &u);
	i = (u & 1) ? -(int64_t)(u >> 1) - 1 : (int64_t)(u >> 1);
	if (i < INT_MIN || i > INT_MAX)
		c->bad = true;
	/* Writing leaves the store as it is, even after a failure (a failed
	 * allocation of the text table): a zero here would change the
	 * loaded figure (a claim's decimals, a date) without a word. */
	if (c->reading)
		*v = c->bad ? 0 : (int)i;
}

static void
io_double(codec *c, double *v)
{
	uint64_t u;

	memcpy(&u, v, sizeof u);
	io_fixed64(c, &u);
	memcpy(v, &u, sizeof u);
}

/* A text (NULL too); SHARED: kept once in the store, as the loader keeps
 * it (reeks_intern()). */
static void
io_text(codec *c, const char **s, bool shared)
{
	uint64_t n = *s != NULL ? strlen(*s) + 1 : 0;

	io_u64(c, &n);
	if (!c->reading) {
		if (*s != NULL)
			put(c, *s, strlen(*s));
		return;
	}
	*s = NULL;
	if (n == 0 || c->bad)
		return;
	if (n - 1 > c->left || memchr(c->p, '\0', (size_t)n - 1) != NULL) {
		c->bad = true;
		return;
	}
	char *t = reeks_arena_alloc_text(&c->ld->st->mem, (size_t)n);
	if (t == NULL) {
		c->ld->nomem = true;
		c->bad = true;
		return;
	}
	get(c, t, (size_t)n - 1);
	t[n - 1] = '\0';
	*s = shared ? reeks_intern(c->ld, t, (size_t)n - 1) : t;
}

static void io_str(codec *c, const char **s) { io_text(c, s, false); }

static size_t
ptr_hash(const char *p)
{
	return (size_t)(((uintptr_t)p >> 3) * 0x9e3779b97f4a7c15u);
}

/* Writing: the slot of text P in the set, and whether it is there. */
static size_t
tab_slot(const codec *c, const char *p, bool *found)
{
	size_t i = ptr_hash(p) & (c->tabcap - 1);

	while (c->tab[i] != NULL && c->tab[i] != p)
		i = (i + 1) & (c->tabcap - 1);
	*found = c->tab[i] != NULL;
	return i;
}

/* Reading and writing: keep P as the text numbered C->ntab. */
static void
tab_add(codec *c, const char *p)
{
	bool found;

	if (2 * (c->ntab + 1) > c->tabcap) {
		size_t cap = c->tabcap ? 2 * c->tabcap : 256;
		const char **tab = calloc(cap, sizeof *tab);
		size_t *nums = c->reading ? NULL : calloc(cap, sizeof *nums);

		if (tab == NULL || (!c->reading && nums == NULL)) {
			free(tab);
			free(nums);
			c->bad = true;
			return;
		}
		if (c->reading && c->ntab > 0)
			memcpy(tab, c->tab, c->ntab * sizeof *tab);
		const char **old = c->tab;
		size_t *oldnums = c->nums, oldcap = c->tabcap;
		c->tab = tab;
		c->nums = nums;
		c->tabcap = cap;
		for (size_t j = 0; !c->reading && j < oldcap; j++)
			if (old[j] != NULL) {
				size_t k = tab_slot(c, old[j], &found);

				c->tab[k] = old[j];
				c->nums[k] = oldnums[j];
			}
		free(old);
		free(oldnums);
	}
	if (c->reading)
		c->tab[c->ntab] = p;
	else {
		size_t k = tab_slot(c, p, &found);

		c->tab[k] = p;
		c->nums[k] = c->ntab;
	}
	c->ntab++;
}

/* A text the loader keeps once (reeks_intern()): 0 for NULL, 1 and the
 * text the first time in a payload, then 2 + its number. */
static void
io_shared(codec *c, const char **s)
{
	uint64_t v = 0;

	if (!c->reading) {
		bool found = false;
		size_t k = 0;

		if (*s != NULL && c->tabcap > 0)
			k = tab_slot(c, *s, &found);
		v = *s == NULL ? 0 : found ? 2 + (uint64_t)c->nums[k] : 1;
		io_u64(c, &v);
		if (v == 1) {
			io_text(c, s, false);
			tab_add(c, *s);
		}
		return;
	}
	io_u64(c, &v);
	*s = NULL;
	if (v == 1) {
		io_text(c, s, true);
		if (*s == NULL)
			c->bad = true;
		else
			tab_add(c, *s);
	} else if (v >= 2) {
		if (v - 2 >= c->ntab)
			c->bad = true;
		else
			*s = c->tab[v - 2];
	}
}

static void
io_text2(codec *c, text2 *t)
{
	io_str(c, &t->lang[0]);
	io_str(c, &t->lang[1]);
}

static void
io_number(codec *c, number *n)
{
	io_str(c, &n->text);
	io_double(c, &n->v);
}

static void
io_date(codec *c, reeks_date *d)
{
	io_int(c, &d->year);
	io_int(c, &d->month);
	io_int(c, &d->day);
}

/* A count of items of SIZE bytes, each written in at least one byte;
 * reading, *ITEMS becomes an array of them in the store (zeroed). */
static void
io_array(codec *c, void **items, size_t *n, size_t size)
{
	*n = (size_t)io_uint(c, *n, c->reading ? c->left : SIZE_MAX);
	if (!c->reading || c->bad)
		return;
	*items = NULL;
	if (*n == 0)
		return;
	if ((*items = reeks_arena_alloc(&c->ld->st->mem, *n * size)) == NULL) {
		c->ld->nomem = true;
		c->bad = true;
		*n = 0;
	}
}

/* ---- the items ------------------------------------------------------------ */

/* Each writes (or reads) every field the loader reads from a file; what
 * is resolved across files later (pointers to other items, verdicts) is
 * not kept. The file is the one being read. */

static void
io_item(codec *c, item *b)
{
	io_str(c, &b->id);
	io_ul(c, &b->line);
	/* The digest of the element as read (digest.c): the pages' keys
	 * are made from it, so a restored item must carry it. */
	io_bytes(c, b->digest, sizeof b->digest);
	if (c->reading)
		b->file = c->ld->file;
	if (c->reading && b->id == NULL)
		c->bad = true;
}

static void
io_topic(codec *c, reeks_topic *t)
{
	io_item(c, &t->base);
	io_text2(c, &t->title);
	io_text2(c, &t->description);
}

static void
io_geography(codec *c, reeks_geography *g)
{
	io_item(c, &g->base);
	io_str(c, &g->scope);
	io_text2(c, &g->name);
	io_str(c, &g->within_id);
	io_str(c, &g->groups_text);
}

static void
io_source(codec *c, reeks_source *s)
{
	io_item(c, &s->base);
	io_str(c, &s->kind);
	io_array(c, (void **)&s->authors, &s->nauthors, sizeof *s->authors);
	for (size_t i = 0; i < s->nauthors && !c->bad; i++)
		io_str(c, &s->authors[i]);
	if (c->reading && s->authors == NULL && !c->bad &&
	    (s->authors = reeks_arena_alloc(&c->ld->st->mem,
	    sizeof *s->authors)) == NULL)
		c->bad = c->ld->nomem = true;
	io_str(c, &s->title);
	io_str(c, &s->publisher);
	io_str(c, &s->container);
	io_str(c, &s->volume);
	io_str(c, &s->pages);
	io_str(c, &s->year);
	io_str(c, &s->issued);
	io_str(c, &s->url);
	io_str(c, &s->license);
	io_str(c, &s->citation);
	io_text2(c, &s->citation_tr);
	io_text2(c, &s->note);
}

static void
io_extra(codec *c, obs_extra *x)
{
	io_number(c, &x->lower);
	io_number(c, &x->upper);
	io_number(c, &x->numerator);
	io_number(c, &x->denominator);
	io_str(c, &x->printed);
	io_shared(c, &x->bounds);
	io_shared(c, &x->method);
	io_text2(c, &x->note);
	io_text2(c, &x->at);
	io_shared(c, &x->change_id);
}

static void
io_obs(codec *c, reeks_series *se, reeks_obs *o)
{
	bool extra = o->x != &reeks_obs_no_extra;

	io_shared(c, &o->period);
	io_u32(c, &o->start);
	io_u32(c, &o->end);
	io_number(c, &o->value);
	io_shared(c, &o->source_id);
	io_shared(c, &o->locator);
	io_str(c, &o->excerpt);
	io_u32(c, &o->line);
	io_uc(c, &o->qualifier);
	io_char(c, &o->status);
	io_bool(c, &o->secondary);
	io_bool(c, &o->interval);
	io_bool(c, &extra);
	if (c->reading) {
		o->series = se;
		o->x = &reeks_obs_no_extra;
	}
	if (!extra || c->bad)
		return;
	obs_extra *x = c->reading ? reeks_arena_alloc(&c->ld->st->mem,
	    sizeof *x) : (obs_extra *)(uintptr_t)o->x;
	if (x == NULL) {
		c->bad = c->ld->nomem = true;
		return;
	}
	io_extra(c, x);
	o->x = x;
}

static void
io_break(codec *c, reeks_break *b)
{
	io_str(c, &b->period);
	io_date(c, &b->start);
	io_text2(c, &b->reason);
	io_ul(c, &b->line);
}

static void
io_series(codec *c, reeks_series *se)
{
	int unit = (int)se->unit;

	io_item(c, &se->base);
	io_str(c, &se->topic_id);
	io_str(c, &se->indicator);
	io_int(c, &unit);
	se->unit = (reeks_unit)unit;
	io_str(c, &se->geography_id);
	io_str(c, &se->breakdown_dimension);
	io_str(c, &se->breakdown_value);
	io_bool(c, &se->breakdown_complete);
	io_uc(c, &se->kind);
	io_uc(c, &se->measure);
	io_bool(c, &se->key);
	io_ul(c, &se->breakdown_line);
	io_text2(c, &se->breakdown_label);
	io_text2(c, &se->title);
	io_text2(c, &se->description);
	io_text2(c, &se->definition);
	io_text2(c, &se->caveat);
	io_str(c, &se->population_id);
	io_array(c, (void **)&se->breaks, &se->nbreaks, sizeof *se->breaks);
	for (size_t i = 0; i < se->nbreaks && !c->bad; i++)
		io_break(c, &se->breaks[i]);
	io_array(c, (void **)&se->obs, &se->nobs, sizeof *se->obs);
	for (size_t i = 0; i < se->nobs && !c->bad; i++)
		io_obs(c, se, &se->obs[i]);
	if (c->reading && se->obs == NULL && !c->bad &&
	    (se->obs = reeks_arena_alloc(&c->ld->st->mem,
	    sizeof *se->obs)) == NULL)
		c->bad = c->ld->nomem = true;
}

static void
io_input(codec *c, claim_input *in)
{
	io_str(c, &in->series_id);
	io_str(c, &in->period);
	io_str(c, &in->field);
	io_ul(c, &in->line);
}

static void
io_claim(codec *c, reeks_claim *cl)
{
	io_item(c, &cl->base);
	io_str(c, &cl->operation);
	io_number(c, &cl->value);
	io_int(c, &cl->decimals);
	io_str(c, &cl->printed);
	io_str(c, &cl->source_id);
	io_str(c, &cl->locator);
	io_text2(c, &cl->at);
	io_str(c, &cl->excerpt);
	io_text2(c, &cl->note);
	io_array(c, (void **)&cl->inputs, &cl->ninputs, sizeof *cl->inputs);
	for (size_t i = 0; i < cl->ninputs && !c->bad; i++)
		io_input(c, &cl->inputs[i]);
}

static void
io_change(codec *c, reeks_change *ch)
{
	io_item(c, &ch->base);
	io_str(c, &ch->date);
	io_date(c, &ch->when);
	io_text2(c, &ch->title);
	io_text2(c, &ch->summary);
}

static void
io_release(codec *c, reeks_release *r)
{
	uint64_t bytes = r->bytes;

	io_item(c, &r->base);
	io_str(c, &r->date);
	io_date(c, &r->when);
	io_u64(c, &bytes);
	r->bytes = (unsigned long long)bytes;
	io_str(c, &r->sha256);
	io_text2(c, &r->note);
}

/* Kind K of reeks_kind_vec(): its size, and its codec. */
static size_t
kind_size(int k)
{
	static const size_t sizes[REEKS_KINDS] = {
		sizeof(reeks_topic), sizeof(reeks_geography),
		sizeof(reeks_source), sizeof(reeks_series),
		sizeof(reeks_claim), sizeof(reeks_change),
		sizeof(reeks_release),
	};

	return sizes[k];
}

static void
io_kind(codec *c, int k, item *it)
{
	switch (k) {
	case 0: io_topic(c, (reeks_topic *)it); break;
	case 1: io_geography(c, (reeks_geography *)it); break;
	case 2: io_source(c, (reeks_source *)it); break;
	case 3: io_series(c, (reeks_series *)it); break;
	case 4: io_claim(c, (reeks_claim *)it); break;
	case 5: io_change(c, (reeks_change *)it); break;
	default: io_release(c, (reeks_release *)it); break;
	}
}

/* ---- a file's payload ----------------------------------------------------- */

bool
reeks_cache_encode(loader *ld, const reeks_marks *from, const reeks_marks *to,
    unsigned char **out, size_t *len)
{
	codec c = { .reading = false, .ld = ld };

	*out = NULL;
	*len = 0;
	/* A list that lost a diagnostic for lack of memory. */
	if (reeks_diags_count(ld->diags) != reeks_diag_mark(ld->diags))
		return false;
	for (int k = 0; k < REEKS_KINDS; k++) {
		const ptrvec *v = reeks_kind_vec(ld, k);
		uint64_t n = to->items[k] - from->items[k];

		io_u64(&c, &n);
		for (size_t i = from->items[k]; i < to->items[k]; i++)
			io_kind(&c, k, v->items[i]);
	}
	uint64_t nd = to->diags - from->diags;
	io_u64(&c, &nd);
	for (size_t i = from->diags; i < to->diags; i++) {
		const reeks_diag *g = reeks_diags_at(ld->diags, i);
		const char *msg = reeks_diag_message(g);
		unsigned long line = reeks_diag_line(g),
		    column = reeks_diag_column(g);
		unsigned char sev = (unsigned char)reeks_diag_severity(g),
		    kind = (unsigned char)reeks_diag_kind_of(g);

		/* Only what is about this file alone, as reported. */
		if (kind == REEKS_DIAG_IO || kind == REEKS_DIAG_NOMEM ||
		    strcmp(reeks_diag_file(g), ld->file) != 0)
			c.bad = true;
		io_uc(&c, &sev);
		io_uc(&c, &kind);
		io_ul(&c, &line);
		io_ul(&c, &column);
		io_str(&c, &msg);
	}
	codec_free(&c);
	if (c.bad) {
		free(c.buf);
		return false;
	}
	/* Kept until the load ends (reeks_cache_write()): no more than its
	 * bytes, not the doubling's spare room (a third of the load's
	 * peak at 2,000 series). */
	unsigned char *fit = c.len > 0 ? realloc(c.buf, c.len) : NULL;
	*out = fit != NULL ? fit : c.buf;
	*len = c.len;
	return true;
}

__attribute__((format(printf, 7, 8)))
static bool
add_diag(reeks_diags *d, reeks_severity sev, reeks_diag_kind kind,
    const char *file, unsigned long line, unsigned long column,
    const char *fmt, ...)
{
	va_list ap;
	bool ok;

	va_start(ap, fmt);
	ok = reeks_diag_vadd(d, sev, kind, file, line, column, fmt, ap);
	va_end(ap);
	return ok;
}

bool
reeks_cache_restore(loader *ld, const unsigned char *p, size_t len)
{
	codec c = { .reading = true, .ld = ld, .p = p, .left = len };

	for (int k = 0; k < REEKS_KINDS && !c.bad; k++) {
		size_t n = (size_t)io_uint(&c, 0, c.left);

		for (size_t i = 0; i < n && !c.bad; i++) {
			item *it = reeks_arena_alloc(&ld->st->mem,
			    kind_size(k));

			if (it == NULL) {
				c.bad = ld->nomem = true;
				break;
			}
			io_kind(&c, k, it);
			if (!c.bad && !reeks_ptrvec_push(ld,
			    reeks_kind_vec(ld, k), it))
				c.bad = true;
		}
	}
	size_t nd = (size_t)io_uint(&c, 0, c.left);
	for (size_t i = 0; i < nd && !c.bad; i++) {
		unsigned char sev = 0, kind = 0;
		unsigned long line = 0, column = 0;
		const char *msg = NULL;

		io_uc(&c, &sev);
		io_uc(&c, &kind);
		io_ul(&c, &line);
		io_ul(&c, &column);
		io_str(&c, &msg);
		if (c.bad || sev > REEKS_WARNING || msg == NULL ||
		    kind == REEKS_DIAG_IO || kind >= REEKS_DIAG_NOMEM) {
			c.bad = true;
			break;
		}
		if (!add_diag(ld->diags, (reeks_severity)sev,
		    (reeks_diag_kind)kind, ld->file, line, column, "%s", msg))
			c.bad = ld->nomem = true;
	}
	codec_free(&c);
	return !c.bad && c.left == 0;
}

