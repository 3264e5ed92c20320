/*
 * store.c: reading a loaded store. Everything here is a look-up; nothing
 * allocates.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

const char *
reeks_version(void)
{
	return REEKS_VERSION;
}

void
reeks_store_free(reeks_store *st)
{
	if (st == NULL)
		return;
	reeks_arena_free(&st->mem);
	free(st);
}

const char *
reeks_schema_xsd(size_t *len)
{
	*len = reeks_schema_xsd_len;
	return (const char *)reeks_schema_xsd_bytes;
}

bool
reeks_id_is_device_name(const char *id)
{
	static const char *const names[] = { "con", "prn", "aux", "nul" };
	size_t len = strcspn(id, ".");

	if (len == 3)
		for (size_t i = 0; i < sizeof names / sizeof *names; i++)
			if (strncasecmp(id, names[i], 3) == 0)
				return true;
	return len == 4 && (strncasecmp(id, "com", 3) == 0 ||
	    strncasecmp(id, "lpt", 3) == 0) && id[3] >= '0' && id[3] <= '9';
}

bool
reeks_id_valid(const char *id)
{
	size_t n = 0;

	if (id == NULL)
		return false;
	for (; id[n] != '\0'; n++) {
		char c = id[n];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-') || n >= REEKS_ID_MAX)
			return false;
	}
	return n > 0 && !reeks_id_is_device_name(id);
}

static const item *
at(item *const *items, size_t n, size_t i)
{
	return i < n ? items[i] : NULL;
}

static int
id_cmp(const void *key, const void *p)
{
	return strcmp(key, (*(const item *const *)p)->id);
}

item *
reeks_item_find(item *const *items, size_t n, const char *id)
{
	item *const *hit;

	if (id == NULL || n == 0)
		return NULL;
	hit = bsearch(id, items, n, sizeof *items, id_cmp);
	return hit != NULL ? *hit : NULL;
}

size_t reeks_store_topic_count(const reeks_store *st) { return st->ntopics; }
size_t reeks_store_geography_count(const reeks_store *st)
    { return st->ngeographies; }
size_t reeks_store_source_count(const reeks_store *st) { return st->nsources; }
size_t reeks_store_series_count(const reeks_store *st) { return st->nseries; }
size_t reeks_store_obs_count(const reeks_store *st) { return st->nobs; }

const reeks_topic *
reeks_store_topic_at(const reeks_store *st, size_t i)
{
	return (const reeks_topic *)at(st->topics, st->ntopics, i);
}

const reeks_geography *
reeks_store_geography_at(const reeks_store *st, size_t i)
{
	return (const reeks_geography *)at(st->geographies, st->ngeographies,
	    i);
}

const reeks_source *
reeks_store_source_at(const reeks_store *st, size_t i)
{
	return (const reeks_source *)at(st->sources, st->nsources, i);
}

const reeks_series *
reeks_store_series_at(const reeks_store *st, size_t i)
{
	return (const reeks_series *)at(st->series, st->nseries, i);
}

const reeks_topic *
reeks_topic_find(const reeks_store *st, const char *id)
{
	return (const reeks_topic *)reeks_item_find(st->topics, st->ntopics,
	    id);
}

const reeks_geography *
reeks_geography_find(const reeks_store *st, const char *id)
{
	return (const reeks_geography *)reeks_item_find(st->geographies,
	    st->ngeographies, id);
}

const reeks_source *
reeks_source_find(const reeks_store *st, const char *id)
{
	return (const reeks_source *)reeks_item_find(st->sources, st->nsources,
	    id);
}

const reeks_series *
reeks_series_find(const reeks_store *st, const char *id)
{
	return (const reeks_series *)reeks_item_find(st->series, st->nseries,
	    id);
}

typedef bool (*series_pred)(const reeks_series *, const char *);

static bool
has_topic(const reeks_series *se, const char *id)
{
	return strcmp(se->topic_id, id) == 0;
}

static bool
has_geography(const reeks_series *se, const char *id)
{
	return strcmp(se->geography_id, id) == 0;
}

static bool
has_indicator(const reeks_series *se, const char *id)
{
	return strcmp(se->indicator, id) == 0;
}

static bool
has_source(const reeks_series *se, const char *id)
{
	for (size_t i = 0; i < se->nobs; i++)
		if (strcmp(se->obs[i].source_id, id) == 0)
			return true;
	return false;
}

static size_t
select_series(const reeks_store *st, series_pred pred, const char *id,
    const reeks_series **out, size_t max)
{
	size_t n = 0;

	if (id == NULL)
		return 0;
	for (size_t i = 0; i < st->nseries; i++) {
		const reeks_series *se = (const reeks_series *)st->series[i];

		if (!pred(se, id))
			continue;
		if (n < max)
			out[n] = se;
		n++;
	}
	return n;
}

size_t
reeks_series_by_topic(const reeks_store *st, const char *id,
    const reeks_series **out, size_t max)
{
	return select_series(st, has_topic, id, out, max);
}

size_t
reeks_series_by_geography(const reeks_store *st, const char *id,
    const reeks_series **out, size_t max)
{
	return select_series(st, has_geography, id, out, max);
}

size_t
reeks_series_by_indicator(const reeks_store *st, const char *id,
    const reeks_series **out, size_t max)
{
	return select_series(st, has_indicator, id, out, max);
}

size_t
reeks_series_by_source(const reeks_store *st, const char *id,
    const reeks_series **out, size_t max)
{
	return select_series(st, has_source, id, out, max);
}

static const char *
in_lang(const text2 *t, reeks_lang lang)
{
	return t->lang[lang == REEKS_NL ? 1 : 0];
}

/* Topics */
const char *reeks_topic_id(const reeks_topic *t) { return t->base.id; }
const char *reeks_topic_title(const reeks_topic *t, reeks_lang l)
    { return in_lang(&t->title, l); }
const char *reeks_topic_description(const reeks_topic *t, reeks_lang l)
    { return in_lang(&t->description, l); }

/* Geographies */
const char *reeks_geography_id(const reeks_geography *g)
    { return g->base.id; }
const char *reeks_geography_name(const reeks_geography *g, reeks_lang l)
    { return in_lang(&g->name, l); }
const char *reeks_geography_scope(const reeks_geography *g)
    { return g->scope; }
const reeks_geography *reeks_geography_within(const reeks_geography *g)
    { return g->within; }
size_t reeks_geography_group_count(const reeks_geography *g)
    { return g->ngroups; }
const reeks_geography *
reeks_geography_group_at(const reeks_geography *g, size_t i)
{
	return i < g->ngroups ? g->groups[i] : NULL;
}

/* Sources */
const char *reeks_source_id(const reeks_source *s) { return s->base.id; }
const char *reeks_source_kind(const reeks_source *s) { return s->kind; }
size_t reeks_source_author_count(const reeks_source *s)
    { return s->nauthors; }
const char *
reeks_source_author_at(const reeks_source *s, size_t i)
{
	return i < s->nauthors ? s->authors[i] : NULL;
}
const char *reeks_source_title(const reeks_source *s) { return s->title; }
const char *reeks_source_publisher(const reeks_source *s)
    { return s->publisher; }
const char *reeks_source_container(const reeks_source *s)
    { return s->container; }
const char *reeks_source_volume(const reeks_source *s) { return s->volume; }
const char *reeks_source_pages(const reeks_source *s) { return s->pages; }
const char *reeks_source_year(const reeks_source *s) { return s->year; }
const char *reeks_source_issued(const reeks_source *s) { return s->issued; }
const char *reeks_source_url(const reeks_source *s) { return s->url; }
const char *reeks_source_license(const reeks_source *s)
    { return s->license; }
const char *reeks_source_citation(const reeks_source *s)
    { return s->citation; }
const char *reeks_source_citation_translation(const reeks_source *s,
    reeks_lang l)
    { return in_lang(&s->citation_tr, l); }
const char *
reeks_source_citation_lang(const reeks_source *s, reeks_lang l)
{
	const char *t = in_lang(&s->citation_tr, l);

	return t != NULL ? t : s->citation;
}
const char *reeks_source_note(const reeks_source *s, reeks_lang l)
    { return in_lang(&s->note, l); }

/* Series */
const char *reeks_series_id(const reeks_series *se) { return se->base.id; }
const char *reeks_series_file(const reeks_series *se)
    { return se->base.file; }
unsigned long reeks_series_line(const reeks_series *se)
    { return se->base.line; }
const char *reeks_series_title(const reeks_series *se, reeks_lang l)
    { return in_lang(&se->title, l); }
const char *reeks_series_description(const reeks_series *se, reeks_lang l)
    { return in_lang(&se->description, l); }
const char *reeks_series_definition(const reeks_series *se, reeks_lang l)
    { return in_lang(&se->definition, l); }
const char *reeks_series_caveat(const reeks_series *se, reeks_lang l)
    { return in_lang(&se->caveat, l); }
const reeks_topic *reeks_series_topic(const reeks_series *se)
    { return se->topic; }
const char *reeks_series_indicator(const reeks_series *se)
    { return se->indicator; }
reeks_unit reeks_series_unit(const reeks_series *se) { return se->unit; }
const reeks_geography *reeks_series_geography(const reeks_series *se)
    { return se->geography; }
const char *reeks_series_breakdown_dimension(const reeks_series *se)
    { return se->breakdown_dimension; }
const char *reeks_series_breakdown_value(const reeks_series *se)
    { return se->breakdown_value; }
bool
reeks_series_is_total(const reeks_series *se)
{
	return se->breakdown_value != NULL &&
	    strcmp(se->breakdown_value, "_T") == 0;
}
bool reeks_series_breakdown_complete(const reeks_series *se)
    { return se->breakdown_complete; }
const reeks_series *reeks_series_total(const reeks_series *se)
    { return se->total; }
size_t reeks_series_part_count(const reeks_series *se)
    { return se->nparts; }
const reeks_series *
reeks_series_part_at(const reeks_series *se, size_t i)
{
	return i < se->nparts ? se->parts[i] : NULL;
}
reeks_kind reeks_series_kind(const reeks_series *se)
    { return (reeks_kind)se->kind; }
reeks_measure reeks_series_measure(const reeks_series *se)
    { return (reeks_measure)se->measure; }
bool reeks_series_key(const reeks_series *se) { return se->key; }
const char *reeks_series_breakdown_label(const reeks_series *se,
    reeks_lang l)
    { return in_lang(&se->breakdown_label, l); }
size_t reeks_series_obs_count(const reeks_series *se) { return se->nobs; }
const reeks_obs *
reeks_series_obs_at(const reeks_series *se, size_t i)
{
	return i < se->nobs ? &se->obs[i] : NULL;
}

/* Breaks */
size_t reeks_series_break_count(const reeks_series *se)
    { return se->nbreaks; }
const reeks_break *
reeks_series_break_at(const reeks_series *se, size_t i)
{
	return i < se->nbreaks ? &se->breaks[i] : NULL;
}
const char *reeks_break_period(const reeks_break *b) { return b->period; }
reeks_date reeks_break_start(const reeks_break *b) { return b->start; }
const char *reeks_break_reason(const reeks_break *b, reeks_lang l)
    { return in_lang(&b->reason, l); }

/* Observations */
const reeks_series *reeks_obs_series(const reeks_obs *o) { return o->series; }
const char *reeks_obs_period(const reeks_obs *o) { return o->period; }
bool reeks_obs_period_is_interval(const reeks_obs *o) { return o->interval; }
reeks_date reeks_obs_period_start(const reeks_obs *o)
{
	return date_unpack(o->start);
}

reeks_date reeks_obs_period_end(const reeks_obs *o)
{
	return date_unpack(o->end);
}
bool reeks_obs_has_value(const reeks_obs *o) { return o->value.text != NULL; }
double reeks_obs_value(const reeks_obs *o) { return o->value.v; }
const char *reeks_obs_value_text(const reeks_obs *o) { return o->value.text; }
bool reeks_obs_has_lower(const reeks_obs *o)
    { return o->x->lower.text != NULL; }
double reeks_obs_lower(const reeks_obs *o) { return o->x->lower.v; }
const char *reeks_obs_lower_text(const reeks_obs *o)
    { return o->x->lower.text; }
bool reeks_obs_has_upper(const reeks_obs *o)
    { return o->x->upper.text != NULL; }
double reeks_obs_upper(const reeks_obs *o) { return o->x->upper.v; }
const char *reeks_obs_upper_text(const reeks_obs *o)
    { return o->x->upper.text; }
bool reeks_obs_has_numerator(const reeks_obs *o)
    { return o->x->numerator.text != NULL; }
double reeks_obs_numerator(const reeks_obs *o) { return o->x->numerator.v; }
bool reeks_obs_has_denominator(const reeks_obs *o)
    { return o->x->denominator.text != NULL; }
double reeks_obs_denominator(const reeks_obs *o) { return o->x->denominator.v; }
const char *reeks_obs_numerator_text(const reeks_obs *o)
    { return o->x->numerator.text; }
const char *reeks_obs_denominator_text(const reeks_obs *o)
    { return o->x->denominator.text; }
const char *reeks_obs_printed(const reeks_obs *o) { return o->x->printed; }
reeks_qualifier reeks_obs_qualifier(const reeks_obs *o)
    { return o->qualifier; }
const char *reeks_obs_bounds(const reeks_obs *o) { return o->x->bounds; }
const char *reeks_obs_method(const reeks_obs *o) { return o->x->method; }
bool reeks_obs_secondary(const reeks_obs *o) { return o->secondary; }
char reeks_obs_status(const reeks_obs *o) { return o->status; }
const reeks_source *reeks_obs_source(const reeks_obs *o) { return o->source; }
const char *reeks_obs_locator(const reeks_obs *o) { return o->locator; }
const char *reeks_obs_locator_translation(const reeks_obs *o, reeks_lang l)
    { return in_lang(&o->x->at, l); }
const char *
reeks_obs_locator_lang(const reeks_obs *o, reeks_lang l)
{
	const char *t = in_lang(&o->x->at, l);

	return t != NULL ? t : o->locator;
}
const char *reeks_obs_excerpt(const reeks_obs *o) { return o->excerpt; }
const char *reeks_obs_note(const reeks_obs *o, reeks_lang l)
    { return in_lang(&o->x->note, l); }
const char *reeks_obs_file(const reeks_obs *o)
    { return o->series != NULL ? o->series->base.file : NULL; }
unsigned long reeks_obs_line(const reeks_obs *o) { return o->line; }
const reeks_change *reeks_obs_change(const reeks_obs *o)
    { return o->x->change; }

/* Changes */
size_t reeks_store_change_count(const reeks_store *st)
    { return st->nchanges; }
const reeks_change *
reeks_store_change_at(const reeks_store *st, size_t i)
{
	return i < st->nchanges ? st->changes[i] : NULL;
}
const char *reeks_change_id(const reeks_change *c) { return c->base.id; }
const char *reeks_change_date(const reeks_change *c) { return c->date; }
const char *reeks_change_title(const reeks_change *c, reeks_lang l)
    { return in_lang(&c->title, l); }
const char *reeks_change_summary(const reeks_change *c, reeks_lang l)
    { return in_lang(&c->summary, l); }

/* Releases */
size_t reeks_store_release_count(const reeks_store *st)
    { return st->nreleases; }
const reeks_release *
reeks_store_release_at(const reeks_store *st, size_t i)
{
	return i < st->nreleases ? (const reeks_release *)st->releases[i] :
	    NULL;
}
const reeks_release *
reeks_store_release_find(const reeks_store *st, const char *name)
{
	return (const reeks_release *)reeks_item_find(st->releases,
	    st->nreleases, name);
}
const char *reeks_release_name(const reeks_release *r) { return r->base.id; }
const char *reeks_release_date(const reeks_release *r) { return r->date; }
unsigned long long reeks_release_bytes(const reeks_release *r)
    { return r->bytes; }
const char *reeks_release_sha256(const reeks_release *r) { return r->sha256; }
const char *reeks_release_note(const reeks_release *r, reeks_lang l)
    { return in_lang(&r->note, l); }
const char *reeks_release_file(const reeks_release *r) { return r->base.file; }
unsigned long reeks_release_line(const reeks_release *r)
    { return r->base.line; }
