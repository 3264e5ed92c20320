/*
 * read.c: the per-element readers of loading (see load.c), which turn
 * topics, geographies, sources, series, claims, changes and releases into
 * store items, and the checks of 'within' between geographies and of the
 * order of releases.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include "loader.h"


static const char *const unit_names[] = {
	"count", "persons", "places", "percent", "per-100k", "per-100py",
	"eur", "eur-million"
};

static const char *const qualifier_names[] = {
	"exact", "approx", "at-least", "at-most", "range"
};

bool
reeks_ptrvec_push(loader *ld, ptrvec *v, item *p)
{
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 32;
		item **items = realloc(v->items, cap * sizeof *items);

		if (items == NULL) {
			ld->nomem = true;
			return false;
		}
		v->items = items;
		v->cap = cap;
	}
	v->items[v->n++] = p;
	return true;
}

/* "series 'x'": what a message is about, written into BUF. Ids are at
 * most 100 bytes. */
enum { WHAT_LEN = 160 };

static const char *
what_of(char buf[WHAT_LEN], const char *kind, const char *id)
{
	snprintf(buf, WHAT_LEN, "%s '%s'", kind, id != NULL ? id : "");
	return buf;
}

static void
read_topic(loader *ld, const xmlNode *n)
{
	reeks_topic *t = reeks_arena_alloc(&ld->st->mem, sizeof *t);

	if (t == NULL || (t->base.id = reeks_attr(ld, n, "id")) == NULL) {
		ld->nomem = true;
		return;
	}
	t->base.file = ld->file;
	t->base.line = reeks_line_of(n);
	char what[WHAT_LEN];

	what_of(what, "topic", t->base.id);
	reeks_read_text2(ld, n, "title", &t->title, true, what);
	reeks_read_text2(ld, n, "description", &t->description, false, what);
	reeks_ptrvec_push(ld, &ld->topics, &t->base);
}

static void
read_geography(loader *ld, const xmlNode *n)
{
	reeks_geography *g = reeks_arena_alloc(&ld->st->mem, sizeof *g);

	if (g == NULL || (g->base.id = reeks_attr(ld, n, "id")) == NULL) {
		ld->nomem = true;
		return;
	}
	g->scope = reeks_attr(ld, n, "scope");
	g->within_id = reeks_attr(ld, n, "within");
	g->groups_text = reeks_attr(ld, n, "groups");
	g->base.file = ld->file;
	g->base.line = reeks_line_of(n);
	char what[WHAT_LEN];

	reeks_read_text2(ld, n, "name", &g->name, true,
	    what_of(what, "geography", g->base.id));
	reeks_ptrvec_push(ld, &ld->geographies, &g->base);
}

static void
read_source(loader *ld, const xmlNode *n)
{
	reeks_source *s = reeks_arena_alloc(&ld->st->mem, sizeof *s);
	size_t nauthors = 0;

	if (s == NULL || (s->base.id = reeks_attr(ld, n, "id")) == NULL) {
		ld->nomem = true;
		return;
	}
	s->kind = reeks_attr(ld, n, "kind");
	s->base.file = ld->file;
	s->base.line = reeks_line_of(n);
	for (const xmlNode *c = n->children; c != NULL; c = c->next)
		nauthors += reeks_is_element(c, "author");
	s->authors = reeks_arena_alloc(&ld->st->mem,
	    (nauthors ? nauthors : 1) * sizeof *s->authors);
	if (s->authors == NULL) {
		ld->nomem = true;
		return;
	}
	for (const xmlNode *c = n->children; c != NULL; c = c->next)
		if (reeks_is_element(c, "author"))
			s->authors[s->nauthors++] = reeks_text_of(ld, c);
	s->title = reeks_child_text(ld, n, "title");
	s->publisher = reeks_child_text(ld, n, "publisher");
	s->container = reeks_child_text(ld, n, "container");
	s->volume = reeks_child_text(ld, n, "volume");
	s->pages = reeks_child_text(ld, n, "pages");
	s->year = reeks_child_text(ld, n, "year");
	s->issued = reeks_child_text(ld, n, "issued");
	s->url = reeks_child_text(ld, n, "url");
	s->license = reeks_child_text(ld, n, "license");
	char what[WHAT_LEN];
	unsigned long first = 0;

	what_of(what, "source", s->base.id);
	for (const xmlNode *c = n->children; c != NULL; c = c->next) {
		if (!reeks_is_element(c, "citation") ||
		    reeks_attr_shared(ld, c, "lang") != NULL)
			continue;
		if (s->citation != NULL) {
			reeks_report(ld, REEKS_DIAG_DATA, reeks_line_of(c),
			    "%s has a second <citation> (first at line %lu)",
			    what, first);
			continue;
		}
		s->citation = reeks_text_of(ld, c);
		first = reeks_line_of(c);
	}
	if (s->citation == NULL)    /* the schema wants a <citation> */
		reeks_report(ld, REEKS_DIAG_DATA, s->base.line,
		    "%s has only translations of its citation: add a "
		    "<citation> without lang, for every language", what);
	reeks_read_translations(ld, n, "citation", &s->citation_tr, what);
	reeks_read_text2(ld, n, "note", &s->note, false, what);
	if (s->issued != NULL) {
		reeks_date a, b;
		bool interval;
		const char *err = reeks_period_parse(s->issued, &a, &b,
		    &interval);

		if (err != NULL || interval)
			reeks_report(ld, REEKS_DIAG_DATA, reeks_line_of(n),
			    "%s: invalid <issued> '%s': %s", what, s->issued,
			    err != NULL ? err : "must be a single date");
	}
	reeks_ptrvec_push(ld, &ld->sources, &s->base);
}

/* Read attribute NAME of N as a number into OUT; report a bad one. */
static void
read_number(loader *ld, const xmlNode *n, const char *name, number *out)
{
	out->text = reeks_attr(ld, n, name);
	if (out->text == NULL)
		return;
	if (!reeks_value_parse(out->text, &out->v)) {
		reeks_report(ld, REEKS_DIAG_DATA, reeks_line_of(n),
		    "%s '%s' is not a finite number", name, out->text);
		out->v = 0;
	}
}

/* Check number N (attribute NAME) against UNIT. */
static void
check_unit(loader *ld, unsigned long line, const char *name,
    const number *n, reeks_unit unit)
{
	const char *u = unit_names[unit];

	if (n->text == NULL)
		return;
	switch (unit) {
	case REEKS_UNIT_PERCENT:
		if (n->v < 0 || n->v > 100)
			reeks_report(ld, REEKS_DIAG_DATA, line,
			    "%s '%s' is outside 0 to 100 (unit %s)", name,
			    n->text, u);
		break;
	case REEKS_UNIT_COUNT:
	case REEKS_UNIT_PERSONS:
	case REEKS_UNIT_PLACES:
		if (n->v < 0)
			reeks_report(ld, REEKS_DIAG_DATA, line,
			    "%s '%s' is negative (unit %s)", name, n->text,
			    u);
		else if (!reeks_value_is_whole(n->text))
			reeks_report(ld, REEKS_DIAG_DATA, line,
			    "%s '%s' is not a whole number (unit %s)", name,
			    n->text, u);
		break;
	case REEKS_UNIT_PER_100K:
	case REEKS_UNIT_PER_100PY:
	case REEKS_UNIT_EUR:
	case REEKS_UNIT_EUR_MILLION:
		if (n->v < 0)
			reeks_report(ld, REEKS_DIAG_DATA, line,
			    "%s '%s' is negative (unit %s)", name, n->text,
			    u);
		break;
	}
}

static int
lookup(const char *const *names, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (s != NULL && strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

static void
read_obs(loader *ld, const xmlNode *n, reeks_series *se, reeks_obs *o)
{
	unsigned long line = reeks_line_of(n);
	const char *q, *st, *err;
	obs_extra x = { 0 };
	reeks_date start = { 0, 0, 0 }, end = { 0, 0, 0 };

	o->x = &reeks_obs_no_extra;
	o->line = line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;
	o->period = reeks_attr_shared(ld, n, "period");
	if (o->period == NULL)
		return;
	if ((err = reeks_period_parse(o->period, &start, &end, &o->interval)) !=
	    NULL)
		reeks_report(ld, REEKS_DIAG_DATA, line,
		    "invalid period '%s': %s", o->period, err);
	o->start = date_pack(start);
	o->end = date_pack(end);
	read_number(ld, n, "value", &o->value);
	read_number(ld, n, "lower", &x.lower);
	read_number(ld, n, "upper", &x.upper);
	read_number(ld, n, "numerator", &x.numerator);
	read_number(ld, n, "denominator", &x.denominator);
	x.printed = reeks_attr(ld, n, "printed");
	x.bounds = reeks_attr_shared(ld, n, "bounds");
	x.method = reeks_attr_shared(ld, n, "method");
	x.change_id = reeks_attr_shared(ld, n, "change");
	const char *sec = reeks_attr_shared(ld, n, "secondary");
	o->secondary = sec != NULL && (strcmp(sec, "true") == 0 ||
	    strcmp(sec, "1") == 0);
	q = reeks_attr_shared(ld, n, "qualifier");
	o->qualifier = q == NULL ? REEKS_QUAL_EXACT :
	    (unsigned char)lookup(qualifier_names, 5, q);
	st = reeks_attr_shared(ld, n, "status");
	o->status = st == NULL ? 'A' : st[0];
	o->source_id = reeks_attr_shared(ld, n, "source");
	o->locator = reeks_attr_shared(ld, n, "at");
	o->excerpt = reeks_child_text(ld, n, "excerpt");

	char what[WHAT_LEN];

	what_of(what, "observation", o->period);
	reeks_read_text2(ld, n, "note", &x.note, false, what);
	reeks_read_translations(ld, n, "at", &x.at, what);
	if (o->locator != NULL && *o->locator == '\0')
		reeks_report(ld, REEKS_DIAG_DATA, line,
		    "%s has an empty source location (at=\"\")", what);
	if (o->excerpt != NULL && *o->excerpt == '\0')
		reeks_report(ld, REEKS_DIAG_DATA, line,
		    "%s has an empty <excerpt>", what);

	check_unit(ld, line, "value", &o->value, se->unit);
	check_unit(ld, line, "lower", &x.lower, se->unit);
	check_unit(ld, line, "upper", &x.upper, se->unit);

	bool has_v = o->value.text != NULL, has_l = x.lower.text != NULL,
	    has_u = x.upper.text != NULL;
	if (o->status == 'M') {
		if (has_v || has_l || has_u)
			reeks_report(ld, REEKS_DIAG_DATA, line,
			    "status 'M' (missing) must not have a value or "
			    "bounds");
	} else if (o->qualifier == REEKS_QUAL_RANGE) {
		if (!has_l || !has_u)
			reeks_report(ld, REEKS_DIAG_DATA, line,
			    "qualifier 'range' needs both lower and upper");
	} else if (!has_v) {
		reeks_report(ld, REEKS_DIAG_DATA, line,
		    "value is missing: only a range (qualifier=\"range\") or "
		    "a missing observation (status=\"M\") may leave it out");
	}
	if (has_l != has_u && o->qualifier != REEKS_QUAL_RANGE)
		reeks_report(ld, REEKS_DIAG_DATA, line,
		    "lower and upper must be given together");
	if (x.bounds != NULL && !(has_l && has_u))
		reeks_report(ld, REEKS_DIAG_DATA, line,
		    "bounds=\"%s\" needs both lower and upper", x.bounds);
	else if (x.bounds == NULL && has_l && has_u)
		x.bounds = o->qualifier == REEKS_QUAL_RANGE ? "range" :
		    "uncertainty";
	if (x.method != NULL && o->status != 'E')
		reeks_report(ld, REEKS_DIAG_DATA, line,
		    "method '%s' is for estimates: add status=\"E\"",
		    x.method);
	if (o->secondary && x.note.lang[0] == NULL && x.note.lang[1] == NULL)
		reeks_report(ld, REEKS_DIAG_DATA, line,
		    "secondary %s needs a <note> in both languages saying why "
		    "it is weak", what);
	if (has_l && has_u && x.lower.v > x.upper.v)
		reeks_report(ld, REEKS_DIAG_DATA, line,
		    "lower '%s' is greater than upper '%s'", x.lower.text,
		    x.upper.text);
	if (has_v && has_l && o->value.v < x.lower.v)
		reeks_report(ld, REEKS_DIAG_DATA, line,
		    "value '%s' is below lower '%s'", o->value.text,
		    x.lower.text);
	if (has_v && has_u && o->value.v > x.upper.v)
		reeks_report(ld, REEKS_DIAG_DATA, line,
		    "value '%s' is above upper '%s'", o->value.text,
		    x.upper.text);

	const number *num = &x.numerator, *den = &x.denominator;
	check_unit(ld, line, "numerator", num, REEKS_UNIT_COUNT);
	check_unit(ld, line, "denominator", den, REEKS_UNIT_COUNT);
	if (den->text != NULL && den->v == 0)
		reeks_report(ld, REEKS_DIAG_DATA, line,
		    "denominator '%s' must be greater than 0", den->text);
	if (num->text != NULL && den->text != NULL && num->v > den->v)
		reeks_report(ld, REEKS_DIAG_DATA, line,
		    "numerator '%s' is greater than denominator '%s'",
		    num->text, den->text);
	if (x.lower.text != NULL || x.upper.text != NULL ||
	    x.numerator.text != NULL || x.denominator.text != NULL ||
	    x.printed != NULL || x.bounds != NULL || x.method != NULL ||
	    x.note.lang[0] != NULL || x.note.lang[1] != NULL ||
	    x.at.lang[0] != NULL || x.at.lang[1] != NULL ||
	    x.change_id != NULL) {
		obs_extra *kept = reeks_arena_alloc(&ld->st->mem, sizeof *kept);

		if (kept == NULL) {
			ld->nomem = true;
			return;
		}
		*kept = x;
		o->x = kept;
	}
}

static int
obs_cmp(const void *pa, const void *pb)
{
	const reeks_obs *a = pa, *b = pb;
	int c = reeks_obs_period_cmp(a, b);

	if (c == 0)
		c = a->line < b->line ? -1 : a->line > b->line;
	return c;
}

int
reeks_obs_period_cmp(const reeks_obs *a, const reeks_obs *b)
{
	int c = reeks_date_cmp(date_unpack(a->start), date_unpack(b->start),
	    false);

	if (c == 0)
		c = reeks_date_cmp(date_unpack(a->end), date_unpack(b->end),
		    true);
	return c != 0 ? c : strcmp(a->period, b->period);
}

static int
break_cmp(const void *pa, const void *pb)
{
	const reeks_break *a = pa, *b = pb;
	int c = reeks_date_cmp(a->start, b->start, false);

	return c != 0 ? c : (a->line < b->line ? -1 : a->line > b->line);
}

/* Read the <break> elements of series N into SE. */
static void
read_breaks(loader *ld, const xmlNode *n, reeks_series *se, const char *what)
{
	size_t count = 0;

	for (const xmlNode *c = n->children; c != NULL; c = c->next)
		count += reeks_is_element(c, "break");
	if (count == 0)
		return;
	se->breaks = reeks_arena_alloc(&ld->st->mem,
	    count * sizeof *se->breaks);
	if (se->breaks == NULL) {
		ld->nomem = true;
		return;
	}
	for (const xmlNode *c = n->children; c != NULL; c = c->next) {
		if (!reeks_is_element(c, "break"))
			continue;
		reeks_break *b = &se->breaks[se->nbreaks++];
		reeks_date end;
		bool interval = false;
		const char *err;

		b->line = reeks_line_of(c);
		b->period = reeks_attr(ld, c, "period");
		if (b->period == NULL)
			continue;
		err = reeks_period_parse(b->period, &b->start, &end, &interval);
		if (err != NULL || interval)
			reeks_report(ld, REEKS_DIAG_DATA, b->line,
			    "%s: invalid break period '%s': %s", what,
			    b->period, err != NULL ? err :
			    "a break is a point in time, not an interval");
		char what_br[WHAT_LEN];

		reeks_read_text2(ld, c, "reason", &b->reason, true,
		    what_of(what_br, "break in series", se->base.id));
	}
	qsort(se->breaks, se->nbreaks, sizeof *se->breaks, break_cmp);
	for (size_t i = 1; i < se->nbreaks; i++)
		if (se->breaks[i].period != NULL &&
		    se->breaks[i - 1].period != NULL &&
		    strcmp(se->breaks[i].period, se->breaks[i - 1].period) == 0)
			reeks_report(ld, REEKS_DIAG_DATA, se->breaks[i].line,
			    "%s has a second break at '%s' (first at line %lu)",
			    what, se->breaks[i].period,
			    se->breaks[i - 1].line);
}

static void
read_series(loader *ld, const xmlNode *n)
{
	reeks_series *se = reeks_arena_alloc(&ld->st->mem, sizeof *se);
	const char *unit;
	size_t nobs = 0;

	if (se == NULL || (se->base.id = reeks_attr(ld, n, "id")) == NULL) {
		ld->nomem = true;
		return;
	}
	se->base.file = ld->file;
	se->base.line = reeks_line_of(n);
	se->topic_id = reeks_attr(ld, n, "topic");
	se->indicator = reeks_attr(ld, n, "indicator");
	se->geography_id = reeks_attr(ld, n, "geography");
	se->population_id = reeks_attr(ld, n, "population");
	unit = reeks_attr(ld, n, "unit");
	se->unit = (reeks_unit)lookup(unit_names,
	    sizeof unit_names / sizeof unit_names[0], unit);
	se->kind = (unsigned char)reeks_kind_lookup(reeks_attr_shared(ld, n,
	    "kind"));
	se->measure = (unsigned char)reeks_measure_lookup(
	    reeks_attr_shared(ld, n, "measure"));
	const char *key = reeks_attr_shared(ld, n, "key");
	se->key = key != NULL && (strcmp(key, "true") == 0 ||
	    strcmp(key, "1") == 0);

	char what[WHAT_LEN];

	what_of(what, "series", se->base.id);
	/* The home page shows a key figure as what happened: never what a
	 * programme aims at or intends. */
	if (se->key && se->kind != REEKS_KIND_OUTCOME)
		reeks_report(ld, REEKS_DIAG_DATA, se->base.line,
		    "%s is a key figure (key=\"true\") but its kind is "
		    "'%s': a key figure is an outcome", what,
		    reeks_kind_name((reeks_kind)se->kind));
	reeks_read_text2(ld, n, "title", &se->title, true, what);
	reeks_read_text2(ld, n, "description", &se->description, true, what);
	reeks_read_text2(ld, n, "definition", &se->definition, false, what);
	reeks_read_text2(ld, n, "caveat", &se->caveat, false, what);
	read_breaks(ld, n, se, what);
	for (const xmlNode *c = n->children; c != NULL; c = c->next) {
		if (reeks_is_element(c, "breakdown")) {
			se->breakdown_dimension = reeks_attr(ld, c,
			    "dimension");
			se->breakdown_value = reeks_attr(ld, c, "value");
			const char *cm = reeks_attr_shared(ld, c, "complete");
			se->breakdown_complete = cm != NULL &&
			    (strcmp(cm, "true") == 0 || strcmp(cm, "1") == 0);
			se->breakdown_line = reeks_line_of(c);
			char what_bd[WHAT_LEN];

			reeks_read_text2(ld, c, "label", &se->breakdown_label,
			    !reeks_series_is_total(se),
			    what_of(what_bd, "breakdown of series",
			    se->base.id));
		}
		nobs += reeks_is_element(c, "obs");
	}
	se->obs = reeks_arena_alloc(&ld->st->mem, (nobs ? nobs : 1) *
	    sizeof *se->obs);
	if (se->obs == NULL) {
		ld->nomem = true;
		return;
	}
	for (const xmlNode *c = n->children; c != NULL; c = c->next)
		if (reeks_is_element(c, "obs"))
			read_obs(ld, c, se, &se->obs[se->nobs++]);
	qsort(se->obs, se->nobs, sizeof *se->obs, obs_cmp);
	for (size_t i = 0; i < se->nobs; i++) {
		se->obs[i].series = se;
		if (i > 0 && se->obs[i].period != NULL &&
		    se->obs[i - 1].period != NULL &&
		    strcmp(se->obs[i].period, se->obs[i - 1].period) == 0) {
			/* Sorted by line among equals: report the later. */
			reeks_report(ld, REEKS_DIAG_DATA, se->obs[i].line,
			    "duplicate period '%s' in series '%s' (also at "
			    "line %lu)", se->obs[i].period, se->base.id,
			    (unsigned long)se->obs[i - 1].line);
		}
	}
	reeks_ptrvec_push(ld, &ld->series, &se->base);
}

/* Decimals of a number as written: "66" has 0, "41.2" has 1. */
static int
decimals_of(const char *text)
{
	const char *dot = strchr(text, '.');

	return dot == NULL ? 0 : (int)strlen(dot + 1);
}

static void
read_claim(loader *ld, const xmlNode *n)
{
	reeks_claim *c = reeks_arena_alloc(&ld->st->mem, sizeof *c);
	size_t ninputs = 0;

	if (c == NULL || (c->base.id = reeks_attr(ld, n, "id")) == NULL) {
		ld->nomem = true;
		return;
	}
	c->base.file = ld->file;
	c->base.line = reeks_line_of(n);
	c->operation = reeks_attr(ld, n, "operation");
	read_number(ld, n, "value", &c->value);
	c->decimals = c->value.text != NULL ? decimals_of(c->value.text) : 0;
	c->printed = reeks_attr(ld, n, "printed");
	c->source_id = reeks_attr(ld, n, "source");
	c->locator = reeks_attr(ld, n, "at");
	c->excerpt = reeks_child_text(ld, n, "excerpt");
	char what[WHAT_LEN];

	what_of(what, "claim", c->base.id);
	reeks_read_text2(ld, n, "note", &c->note, false, what);
	reeks_read_translations(ld, n, "at", &c->at, what);
	for (const xmlNode *i = n->children; i != NULL; i = i->next)
		ninputs += reeks_is_element(i, "input");
	if (ninputs > 0) {
		c->inputs = reeks_arena_alloc(&ld->st->mem,
		    ninputs * sizeof *c->inputs);
		if (c->inputs == NULL) {
			ld->nomem = true;
			return;
		}
	}
	for (const xmlNode *i = n->children; i != NULL; i = i->next) {
		if (!reeks_is_element(i, "input"))
			continue;
		claim_input *in = &c->inputs[c->ninputs++];
		const char *field = reeks_attr(ld, i, "field");

		in->series_id = reeks_attr(ld, i, "series");
		in->period = reeks_attr(ld, i, "period");
		in->field = field != NULL ? field : "value";
		in->line = reeks_line_of(i);
	}
	if (c->locator != NULL && *c->locator == '\0')
		reeks_report(ld, REEKS_DIAG_DATA, c->base.line,
		    "%s has an empty source location (at=\"\")", what);
	if (c->ninputs != 0 && c->ninputs != 2)
		reeks_report(ld, REEKS_DIAG_DATA, c->base.line,
		    "%s has %zu <input>: %s needs two (A and B)", what,
		    c->ninputs, c->operation != NULL ? c->operation : "");
	else if (c->ninputs == 0 && c->note.lang[0] == NULL &&
	    c->note.lang[1] == NULL)
		reeks_report(ld, REEKS_DIAG_DATA, c->base.line,
		    "%s has no <input>: add the two observations it derives "
		    "from, or a <note> in both languages saying why it cannot "
		    "be recomputed", what);
	reeks_ptrvec_push(ld, &ld->claims, &c->base);
}

static void
read_change(loader *ld, const xmlNode *n)
{
	reeks_change *c = reeks_arena_alloc(&ld->st->mem, sizeof *c);
	reeks_date end;
	bool interval;
	const char *err;

	if (c == NULL || (c->base.id = reeks_attr(ld, n, "id")) == NULL) {
		ld->nomem = true;
		return;
	}
	c->base.file = ld->file;
	c->base.line = reeks_line_of(n);
	c->date = reeks_attr(ld, n, "date");
	char what[WHAT_LEN];

	what_of(what, "change", c->base.id);
	if (c->date != NULL && (err = reeks_period_parse(c->date, &c->when,
	    &end, &interval)) != NULL)
		reeks_report(ld, REEKS_DIAG_DATA, c->base.line,
		    "%s: invalid date '%s': %s", what, c->date, err);
	reeks_read_text2(ld, n, "title", &c->title, true, what);
	reeks_read_text2(ld, n, "summary", &c->summary, true, what);
	reeks_ptrvec_push(ld, &ld->changes, &c->base);
}

/* A release: its name is the month of its date, or its date (checked
 * here); its order among the others is checked once all are read
 * (reeks_check_releases()). */
static void
read_release(loader *ld, const xmlNode *n)
{
	reeks_release *r = reeks_arena_alloc(&ld->st->mem, sizeof *r);
	const char *bytes, *err;
	reeks_date end;
	bool interval;
	char what[WHAT_LEN];

	if (r == NULL || (r->base.id = reeks_attr(ld, n, "name")) == NULL) {
		ld->nomem = true;
		return;
	}
	r->base.file = ld->file;
	r->base.line = reeks_line_of(n);
	r->date = reeks_attr(ld, n, "date");
	r->sha256 = reeks_attr(ld, n, "sha256");
	bytes = reeks_attr(ld, n, "bytes");
	if (r->date == NULL || r->sha256 == NULL || bytes == NULL) {
		ld->nomem = true;
		return;
	}
	what_of(what, "release", r->base.id);
	/* The schema made it digits; too many of them is the one error. */
	errno = 0;
	r->bytes = strtoull(bytes, NULL, 10);
	if (errno == ERANGE)
		reeks_report(ld, REEKS_DIAG_DATA, r->base.line,
		    "%s: %s bytes is too large a size", what, bytes);
	if ((err = reeks_period_parse(r->date, &r->when, &end, &interval)) !=
	    NULL)
		reeks_report(ld, REEKS_DIAG_DATA, r->base.line,
		    "%s: invalid date '%s': %s", what, r->date, err);
	else if (strcmp(r->base.id, r->date) != 0 &&
	    (strlen(r->base.id) != 7 || strncmp(r->base.id, r->date, 7) != 0))
		reeks_report(ld, REEKS_DIAG_DATA, r->base.line,
		    "%s is dated %s: a release is named by the month of its "
		    "date (%.7s) or, after the first of a month, by its date "
		    "(%s)", what, r->date, r->date, r->date);
	reeks_read_text2(ld, n, "note", &r->note, false, what);
	reeks_ptrvec_push(ld, &ld->releases, &r->base);
}

void
reeks_check_releases(loader *ld)
{
	reeks_store *st = ld->st;

	for (size_t i = 1; i < st->nreleases; i++) {
		const reeks_release *a = (const reeks_release *)st->releases[i - 1];
		const reeks_release *b = (const reeks_release *)st->releases[i];

		if (strcmp(a->date, b->date) <= 0 ||
		    strcmp(a->base.id, b->base.id) == 0)
			continue;
		reeks_diag_add(ld->diags, REEKS_ERROR, REEKS_DIAG_DATA,
		    b->base.file, b->base.line, "release '%s' is dated %s, "
		    "before release '%s' (%s, at %s:%lu): the first release of "
		    "a month is named by the month, a later one by its date",
		    b->base.id, b->date, a->base.id, a->date, a->base.file,
		    a->base.line);
	}
}

int
reeks_change_cmp(const void *pa, const void *pb)
{
	const reeks_change *a = *(reeks_change *const *)pa;
	const reeks_change *b = *(reeks_change *const *)pb;
	int c = strcmp(a->date != NULL ? a->date : "",
	    b->date != NULL ? b->date : "");

	return c != 0 ? c : strcmp(a->base.id, b->base.id);
}

/* A top-level element of a valid file, into the store, with its
 * digest (digest.c). */
void
reeks_read_top(loader *ld, const xmlNode *c)
{
	static const char *const names[] = { "topic", "geography", "source",
	    "series", "claim", "change", "release" };
	static void (*const readers[])(loader *, const xmlNode *) = {
		read_topic, read_geography, read_source, read_series,
		read_claim, read_change, read_release
	};
	ptrvec *vecs[] = { &ld->topics, &ld->geographies, &ld->sources,
	    &ld->series, &ld->claims, &ld->changes, &ld->releases };

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (!reeks_is_element(c, names[i]))
			continue;
		size_t n = vecs[i]->n;

		readers[i](ld, c);
		/* The reader pushed the item through LD (unless memory ran
		 * out). */
		/* cppcheck-suppress knownConditionTrueFalse */
		if (vecs[i]->n > n && !reeks_digest_node(c,
		    vecs[i]->items[vecs[i]->n - 1]->digest))
			ld->nomem = true;
		return;
	}
}

static int
id_key_cmp(const void *key, const void *elem)
{
	return strcmp(key, (*(item *const *)elem)->id);
}

/* The index in the store of the geography G is within, or SIZE_MAX. */
static size_t
within_index(const reeks_store *st, const reeks_geography *g)
{
	item *const *hit;

	if (g->within == NULL)
		return SIZE_MAX;
	hit = bsearch(g->within->base.id, st->geographies, st->ngeographies,
	    sizeof *st->geographies, id_key_cmp);
	return hit != NULL ? (size_t)(hit - st->geographies) : SIZE_MAX;
}

/* Append " in 'ID'" (or just "'ID'" when FIRST) to the message in B. */
static void
chain_add(char *b, size_t size, const reeks_geography *g, bool first)
{
	size_t len = strlen(b);

	snprintf(b + len, size - len, "%s'%s'", first ? "" : " in ",
	    g->base.id);
}

/* Report the cycle of 'within' through the N geographies at the indexes
 * CYCLE (each within the next, the last within the first), at its member
 * with the smallest id, naming at most 8 of them. */
static void
report_cycle(loader *ld, const size_t *cycle, size_t n)
{
	enum { SHOWN = 8 };
	item *const *geos = ld->st->geographies;
	size_t first = 0;
	char msg[4096];

	for (size_t m = 1; m < n; m++)
		if (cycle[m] < cycle[first])
			first = m;
	const reeks_geography *g = (const reeks_geography *)geos[cycle[first]];

	if (n == 1) {
		reeks_diag_add(ld->diags, REEKS_ERROR, REEKS_DIAG_DATA,
		    g->base.file,
		    g->base.line, "geography '%s' is within itself", g->base.id);
		return;
	}
	snprintf(msg, sizeof msg, "geography '%s' is within itself: ",
	    g->base.id);
	for (size_t m = 0; m < n && m < SHOWN; m++)
		chain_add(msg, sizeof msg,
		    (const reeks_geography *)geos[cycle[(first + m) % n]],
		    m == 0);
	if (n > SHOWN)
		snprintf(msg + strlen(msg), sizeof msg - strlen(msg), " in ...");
	chain_add(msg, sizeof msg, g, false);
	if (n > SHOWN)
		snprintf(msg + strlen(msg), sizeof msg - strlen(msg),
		    " (%zu geographies)", n);
	reeks_diag_add(ld->diags, REEKS_ERROR, REEKS_DIAG_DATA, g->base.file,
	    g->base.line, "%s", msg);
}

/*
 * Check the 'within' links of the store's geographies (resolved): no
 * cycle, each reported once at its member with the smallest id; and no
 * geography more than WITHIN_MAX levels below the top of its chain,
 * reported at the first one too deep (those below it follow from it).
 * A download of a series repeats its geography and every one above it,
 * so the limit bounds what each download repeats.
 */
void
reeks_check_within(loader *ld)
{
	/* depth[i]: places above geography i, or one of these. */
	enum { UNSEEN = -1, ON_PATH = -2, CYCLIC = -3 };
	const reeks_store *st = ld->st;
	size_t n = st->ngeographies;
	size_t *up = malloc((n ? n : 1) * sizeof *up);
	size_t *path = malloc((n ? n : 1) * sizeof *path);
	int *depth = malloc((n ? n : 1) * sizeof *depth);
	char msg[4096];

	if (up == NULL || path == NULL || depth == NULL) {
		ld->nomem = true;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		up[i] = within_index(st,
		    (const reeks_geography *)st->geographies[i]);
		depth[i] = UNSEEN;
	}
	for (size_t i = 0; i < n; i++) {
		size_t len = 0, j = i, k;
		int d = -1;

		while (j != SIZE_MAX && depth[j] == UNSEEN) {
			depth[j] = ON_PATH;
			path[len++] = j;
			j = up[j];
		}
		if (j != SIZE_MAX && depth[j] == ON_PATH) {
			/* J is on the path: where the cycle starts. */
			for (k = 0; k < len && path[k] != j; k++)
				;
			if (k < len)
				report_cycle(ld, path + k, len - k);
		}
		if (j != SIZE_MAX && depth[j] < 0) {
			/* In a cycle, or leading into one. */
			for (k = 0; k < len; k++)
				depth[path[k]] = CYCLIC;
			continue;
		}
		if (j != SIZE_MAX)
			d = depth[j];
		for (k = len; k-- > 0;) {
			const reeks_geography *g =
			    (const reeks_geography *)st->geographies[path[k]];

			depth[path[k]] = d < INT_MAX ? ++d : d;
			if (d != WITHIN_MAX + 1)
				continue;
			snprintf(msg, sizeof msg, "geography '%s' is nested %d "
			    "levels deep by 'within' (", g->base.id, d);
			for (size_t m = 0, x = path[k]; m <= (size_t)d;
			    m++, x = up[x])
				chain_add(msg, sizeof msg,
				    (const reeks_geography *)st->geographies[x],
				    m == 0);
			snprintf(msg + strlen(msg), sizeof msg - strlen(msg),
			    "): at most %d levels are allowed", WITHIN_MAX);
			reeks_diag_add(ld->diags, REEKS_ERROR, REEKS_DIAG_DATA,
			    g->base.file, g->base.line, "%s", msg);
		}
	}
out:
	free(up);
	free(path);
	free(depth);
}

const char *
reeks_unit_name(reeks_unit unit)
{
	if ((unsigned)unit >= sizeof unit_names / sizeof unit_names[0])
		return "";
	return unit_names[unit];
}

const char *
reeks_qualifier_name(reeks_qualifier q)
{
	if ((unsigned)q >= sizeof qualifier_names / sizeof qualifier_names[0])
		return "";
	return qualifier_names[q];
}
