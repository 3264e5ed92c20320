/*
 * site/keys.c: the keys that let a page, or a series' downloads, be
 * linked from the previous build instead of made again (see
 * site-internal.h and doc/performance.md).
 *
 * The site's key covers what any page may show beside its own series:
 * this reeks (through out_key()), the options, the build date's source
 * and the date itself, the license, the templates and messages, the
 * releases' files, the digests of every topic, geography, source, change
 * entry and release of the data, and the indicators with a comparison
 * page. A series' key adds its own digest and those of what it reads of
 * other series: its population series, its total and parts, and each
 * claim with an input from it with that claim's input series. A page's
 * key is the key of what it shows: a series' page its series' key; a
 * topic's or comparison page the keys of the series it lists; home,
 * index, sources, about and 404 the keys of every series.
 */
#include "site/site-internal.h"

static void
hash_str(sha256_ctx *c, const char *s)
{
	sha256_update(c, s != NULL ? s : "", s != NULL ? strlen(s) + 1 : 0);
	sha256_update(c, s != NULL ? "s" : "n", 1);
}

static void
hash_digest(sha256_ctx *c, const unsigned char *d)
{
	sha256_update(c, d, 32);
}

/* Another series SE that a series reads (or none), by its digest. */
static void
hash_other(sha256_ctx *c, char tag, const reeks_series *se)
{
	sha256_update(c, &tag, 1);
	if (se != NULL)
		hash_digest(c, reeks_series_digest(se));
}

/* Series I's key into K. False when out of memory. */
static bool
series_key(const site *s, site_keys *k, size_t i,
    const reeks_claim ***claims, size_t *cap)
{
	const reeks_series *se = reeks_store_series_at(s->st, i);
	sha256_ctx c;
	size_t n;

	sha256_init(&c);
	hash_str(&c, k->site);
	hash_str(&c, "series");
	hash_digest(&c, reeks_series_digest(se));
	hash_other(&c, 'p', reeks_series_population(se));
	hash_other(&c, 't', reeks_series_total(se));
	for (size_t j = 0; j < reeks_series_part_count(se); j++)
		hash_other(&c, 'b', reeks_series_part_at(se, j));
	n = reeks_claims_by_series(s->st, reeks_series_id(se), *claims,
	    *cap);
	if (n > *cap) {
		const reeks_claim **more = realloc(*claims, n * sizeof *more);

		if (more == NULL)
			return false;
		*claims = more;
		*cap = n;
		n = reeks_claims_by_series(s->st, reeks_series_id(se),
		    *claims, *cap);
	}
	for (size_t j = 0; j < n; j++) {
		const reeks_claim *cl = (*claims)[j];

		sha256_update(&c, "c", 1);
		hash_digest(&c, reeks_claim_digest(cl));
		for (size_t m = 0; m < reeks_claim_input_count(cl); m++) {
			const reeks_obs *o = reeks_claim_input_obs(cl, m);

			hash_other(&c, 'i', o != NULL ? reeks_obs_series(o) :
			    NULL);
		}
	}
	sha256_final_hex(&c, k->series[i]);
	return true;
}

bool
keys_init(site *s)
{
	site_keys *k = calloc(1, sizeof *k);
	size_t n = reeks_store_series_count(s->st), cap = 0;
	const reeks_claim **claims = NULL;
	char in[65];
	sha256_ctx c;
	bool ok = k != NULL && inputs_fingerprint(s->opts, in);

	if (ok && n > 0)
		ok = (k->series = calloc(n, sizeof *k->series)) != NULL;
	if (!ok) {
		free(k);
		return false;
	}
	k->n = n;
	sha256_init(&c);
	hash_str(&c, "reeks site key 1");
	hash_str(&c, in);
	hash_str(&c, s->updated);
	for (size_t i = 0; i < reeks_store_topic_count(s->st); i++)
		hash_digest(&c, reeks_topic_digest(reeks_store_topic_at(s->st,
		    i)));
	hash_str(&c, "geographies");
	for (size_t i = 0; i < reeks_store_geography_count(s->st); i++)
		hash_digest(&c, reeks_geography_digest(
		    reeks_store_geography_at(s->st, i)));
	hash_str(&c, "sources");
	for (size_t i = 0; i < reeks_store_source_count(s->st); i++)
		hash_digest(&c, reeks_source_digest(reeks_store_source_at(
		    s->st, i)));
	hash_str(&c, "changes");
	for (size_t i = 0; i < reeks_store_change_count(s->st); i++)
		hash_digest(&c, reeks_change_digest(reeks_store_change_at(
		    s->st, i)));
	hash_str(&c, "releases");
	for (size_t i = 0; i < reeks_store_release_count(s->st); i++)
		hash_digest(&c, reeks_release_digest(reeks_store_release_at(
		    s->st, i)));
	hash_str(&c, "compared");
	for (size_t i = 0; i < s->ncompared; i++)
		hash_str(&c, s->compared[i]);
	sha256_final_hex(&c, k->site);

	sha256_init(&c);
	hash_str(&c, "every series");
	for (size_t i = 0; ok && i < n; i++) {
		ok = series_key(s, k, i, &claims, &cap);
		hash_str(&c, k->series[i]);
	}
	sha256_final_hex(&c, k->all);
	free(claims);
	s->keys = k;
	if (!ok)
		keys_free(s);
	return ok;
}

void
keys_free(site *s)
{
	if (s->keys != NULL)
		free(s->keys->series);
	free(s->keys);
	s->keys = NULL;
}

/* The key of a page: LABEL, what it shows (WHAT), its NAME and LANG. */
static void
page_key(const site *s, const char *label, const char *what,
    const char *name, reeks_lang lang, char key[65])
{
	const char *parts[] = { s->keys->site, what, name, langs[lang] };

	out_key(s->out, key, label, parts, 4);
}

void
key_series_page(const site *s, size_t i, reeks_lang lang, char key[65])
{
	page_key(s, "series page", s->keys->series[i],
	    reeks_series_id(reeks_store_series_at(s->st, i)), lang, key);
}

/* The key of a page listing the N series SERIES. */
static void
list_key(const site *s, const char *label, const char *name,
    const reeks_series *const *series, size_t n, reeks_lang lang,
    char key[65])
{
	sha256_ctx c;
	char what[65];

	sha256_init(&c);
	for (size_t i = 0; i < n; i++) {
		/* The store's index of SERIES[I], found by its id. */
		const reeks_series *se = series[i];
		size_t lo = 0, hi = reeks_store_series_count(s->st);

		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			int cmp = strcmp(reeks_series_id(reeks_store_series_at(
			    s->st, mid)), reeks_series_id(se));

			if (cmp < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		hash_str(&c, lo < s->keys->n && reeks_store_series_at(s->st,
		    lo) == se ? s->keys->series[lo] : reeks_series_id(se));
	}
	sha256_final_hex(&c, what);
	page_key(s, label, what, name, lang, key);
}

void
key_topic_page(const site *s, const reeks_topic *t, reeks_lang lang,
    char key[65])
{
	size_t n = reeks_series_by_topic(s->st, reeks_topic_id(t), NULL, 0);
	const reeks_series **series = malloc((n + 1) * sizeof *series);

	if (series == NULL) {
		key[0] = '\0';      /* no key: the page renders */
		return;
	}
	n = reeks_series_by_topic(s->st, reeks_topic_id(t), series, n);
	list_key(s, "topic page", reeks_topic_id(t), series, n, lang, key);
	free(series);
}

void
key_compare_page(const site *s, size_t i, reeks_lang lang, char key[65])
{
	const char *ind = s->compared[i];
	size_t n = reeks_series_by_indicator(s->st, ind, NULL, 0);
	const reeks_series **series = malloc((n + 1) * sizeof *series);

	if (series == NULL) {
		key[0] = '\0';
		return;
	}
	n = reeks_series_by_indicator(s->st, ind, series, n);
	list_key(s, "comparison page", ind, series, n, lang, key);
	free(series);
}

void
key_listing_page(const site *s, const char *name, reeks_lang lang,
    char key[65])
{
	page_key(s, "listing page", s->keys->all, name, lang, key);
}

int
group_link(site *s, const char *key)
{
	size_t n0 = s->batch->n;
	int rc;

	if (key[0] == '\0')
		return 0;
	rc = out_put_group(s->out, s->batch, key, s->opts->no_png ? NULL :
	    chart_png_link, s->png);
	if (rc < 0) {
		errlist_add(&s->errs, NULL, 0, 0, "%s", s->batch->error != NULL ?
		    s->batch->error : "out of memory");
		return -1;
	}
	if (rc == 0)
		return 0;
	for (size_t i = n0; i < s->batch->n; i++) {
		const char *p = s->batch->files[i].path;
		size_t len = strlen(p);

		s->pages += len > 5 && strcmp(p + len - 5, ".html") == 0;
	}
	return 1;
}
