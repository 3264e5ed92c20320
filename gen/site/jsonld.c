/*
 * site/jsonld.c: the schema.org Dataset of the whole dataset or of one
 * series, as JSON-LD in the page's <script> (dataset_jsonld(),
 * site-internal.h).
 */
#include "site/site-internal.h"
#include "util/escape.h"

/* Keep a JSON document safe inside <script>: no "<" can close it. */
static mustache_value *
script_json(site *s, const buf *json)
{
	buf safe = { 0 };
	mustache_value *v;

	escape_script_json(&safe, json->data, json->len);
	v = mustache_markup(s->arena, safe.data != NULL ? safe.data : "");
	buf_free(&safe);
	return v;
}

/* A URL for a path below the site root: absolute with the base URL, else
 * relative to the page (ROOT). */
static void
site_url(buf *b, site *s, const char *root, const char *path)
{
	buf_puts(b, s->opts->base_url != NULL ? s->opts->base_url : root);
	escape_url_path(b, path);
}

/* The version of the data the page shows: the release's name on a
 * release's page, else the date of the newest change (the catalogue's
 * and datapackage.json's version), else the site's date. */
static const char *
data_version(const site *s)
{
	size_t n = reeks_store_change_count(s->st);

	if (s->release != NULL)
		return reeks_release_name(s->release->r);
	return n > 0 ? reeks_change_date(reeks_store_change_at(s->st, n - 1)) :
	    s->updated;
}

/* schema.org Dataset for series SE (or the whole dataset when SE is
 * NULL), as JSON-LD: its version and date (on a release's page the
 * release's name and date, with the page's address as url). */
mustache_value *
dataset_jsonld(site *s, const reeks_series *se, reeks_lang lang,
    const char *root)
{
	buf json = { 0 }, b = { 0 };
	json_writer w = { .b = &json };
	mustache_value *v;
	static const struct {
		const char *ext, *type;
	} formats[] = {
		{ "csv", "text/csv" }, { "xml", "application/xml" },
		{ "json", "application/json" },
	};

	jw_object(&w);
	jw_key(&w, "@context");
	jw_string(&w, "https://schema.org");
	jw_key(&w, "@type");
	jw_string(&w, "Dataset");
	jw_key(&w, "name");
	jw_string(&w, se != NULL ? reeks_series_title(se, lang) :
	    msg(s, lang, "site_name"));
	jw_key(&w, "description");
	jw_string(&w, se != NULL ? reeks_series_description(se, lang) :
	    msg(s, lang, "site_tagline"));
	jw_key(&w, "inLanguage");
	jw_string(&w, langs[lang]);
	jw_key(&w, "license");
	jw_string(&w, DATASET_LICENSE_URL);
	jw_key(&w, "isAccessibleForFree");
	jw_bool(&w, true);
	jw_key(&w, "version");
	jw_string(&w, data_version(s));
	jw_key(&w, "dateModified");
	jw_string(&w, s->updated);
	if (s->release != NULL) {
		jw_key(&w, "datePublished");
		jw_string(&w, s->updated);
	}
	jw_key(&w, "url");
	buf_printf(&b, "%s%s/", s->prefix, langs[lang]);
	if (se != NULL)
		buf_printf(&b, "series/%s.html", reeks_series_id(se));
	else
		buf_puts(&b, "index.html");
	{
		buf page = { 0 };

		site_url(&page, s, root, b.data != NULL ? b.data : "");
		jw_string(&w, page.data != NULL ? page.data : "");
		buf_free(&page);
	}
	buf_reset(&b);
	jw_key(&w, "creator");
	jw_object(&w);
	jw_key(&w, "@type");
	jw_string(&w, "Organization");
	jw_key(&w, "name");
	jw_string(&w, "reeks");
	jw_end(&w);
	if (se != NULL) {
		size_t n = reeks_series_obs_count(se);
		reeks_date a = reeks_obs_period_start(reeks_series_obs_at(se, 0));
		reeks_date z = reeks_obs_period_end(reeks_series_obs_at(se,
		    n - 1));

		buf_printf(&b, "%04d/%04d", a.year, z.year);
		if (a.year == z.year) {
			buf_reset(&b);
			buf_printf(&b, "%04d", a.year);
		}
		jw_key(&w, "temporalCoverage");
		jw_string(&w, b.data);
		buf_reset(&b);
		jw_key(&w, "spatialCoverage");
		jw_object(&w);
		jw_key(&w, "@type");
		jw_string(&w, "Place");
		jw_key(&w, "name");
		jw_string(&w, reeks_geography_name(reeks_series_geography(se),
		    lang));
		jw_end(&w);
		jw_key(&w, "isBasedOn");
		jw_array(&w);
		const reeks_source *srcs[16];
		size_t nsrc = series_sources(se, srcs, 16);
		for (size_t i = 0; i < nsrc; i++)
			jw_string(&w, reeks_source_citation_lang(srcs[i],
			    lang));
		jw_end(&w);
	} else {
		jw_key(&w, "spatialCoverage");
		jw_object(&w);
		jw_key(&w, "@type");
		jw_string(&w, "Place");
		jw_key(&w, "name");
		jw_string(&w, lang == REEKS_NL ? "Nederland" : "Netherlands");
		jw_end(&w);
	}
	jw_key(&w, "distribution");
	jw_array(&w);
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		jw_object(&w);
		jw_key(&w, "@type");
		jw_string(&w, "DataDownload");
		jw_key(&w, "encodingFormat");
		jw_string(&w, formats[i].type);
		jw_key(&w, "contentUrl");
		buf path = { 0 };
		if (s->release != NULL)    /* the release's files */
			buf_printf(&path, "%sreeks.%s", s->prefix,
			    formats[i].ext);
		else if (se != NULL)
			buf_printf(&path, "data/series/%s.%s",
			    reeks_series_id(se), formats[i].ext);
		else
			buf_printf(&path, "data/reeks.%s", formats[i].ext);
		site_url(&b, s, root, path.data);
		jw_string(&w, b.data);
		buf_reset(&b);
		buf_free(&path);
		jw_end(&w);
	}
	jw_end(&w);
	jw_end(&w);
	v = script_json(s, &json);
	buf_free(&json);
	buf_free(&b);
	return v;
}
