/*
 * dcat.c: see dcat.h.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "data/dcat.h"
#include "gen.h"
#include "util/format.h"
#include "util/xmlw.h"

#define NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_XSD "http://www.w3.org/2001/XMLSchema#"
#define EU "http://publications.europa.eu/resource/authority/"
#define IANA "https://www.iana.org/assignments/media-types/"
#define DCT "http://purl.org/dc/terms/"
#define FOAF "http://xmlns.com/foaf/0.1/"
#define VCARD "http://www.w3.org/2006/vcard/ns#"
#define SPDX "http://spdx.org/rdf/terms#"
/* The value DCAT-AP-DONL's licence list gives CC BY 4.0. */
#define LICENSE_URI "http://creativecommons.org/licenses/by/4.0/deed.nl"

static const struct {
	const char *prefix;
	const char *uri;
} namespaces[] = {
	{ "rdf", NS_RDF },
	{ "dcat", "http://www.w3.org/ns/dcat#" },
	{ "dct", "http://purl.org/dc/terms/" },
	{ "foaf", "http://xmlns.com/foaf/0.1/" },
	{ "vcard", "http://www.w3.org/2006/vcard/ns#" },
	{ "spdx", "http://spdx.org/rdf/terms#" },
	{ "adms", "http://www.w3.org/ns/adms#" },
	{ "skos", "http://www.w3.org/2004/02/skos/core#" },
};

/* What a file's extension says: EU file type and IANA media type. */
static const struct {
	const char *ext;
	const char *file_type;
	const char *media_type;
} types[] = {
	{ ".csv", "CSV", "text/csv" },
	{ ".xml", "XML", "application/xml" },
	{ ".json", "JSON", "application/json" },
	{ ".zip", "ZIP", "application/zip" },
	{ ".xlsx", "XLSX",
	  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
	{ ".xsd", "XML", "application/xml" },
	{ ".rdf", "RDF_XML", "application/rdf+xml" },
};

/* The catalogue's writer, and the base URL its references start with. */
typedef struct rdf_out {
	xmlw x;
	const char *base;
} rdf_out;

static void
ro_start(rdf_out *r, const char *name)
{
	xmlw_start(&r->x, name);
}

static void
ro_end(rdf_out *r)
{
	xmlw_end(&r->x);
}

static void
ro_attr(rdf_out *r, const char *name, const char *value)
{
	xmlw_attr(&r->x, name, value);
}

/* An attribute whose value is the base URL followed by PATH. */
static void
ro_attr_url(rdf_out *r, const char *name, const char *path)
{
	buf url = { 0 };

	buf_puts(&url, r->base);
	buf_puts(&url, path);
	if (url.failed)
		r->x.failed = true;
	else
		xmlw_attr(&r->x, name, url.data);
	buf_free(&url);
}

static void
ro_text(rdf_out *r, const char *text)
{
	xmlw_text(&r->x, text);
}

/* <NAME rdf:resource="URI"/>. */
static void
ro_ref(rdf_out *r, const char *name, const char *uri)
{
	ro_start(r, name);
	ro_attr(r, "rdf:resource", uri);
	ro_end(r);
}

/* <NAME rdf:resource="BASE PATH"/>. */
static void
ro_ref_url(rdf_out *r, const char *name, const char *path)
{
	ro_start(r, name);
	ro_attr_url(r, "rdf:resource", path);
	ro_end(r);
}

/* <NAME xml:lang="LANG">TEXT</NAME>. */
static void
ro_lang(rdf_out *r, const char *name, const char *lang, const char *text)
{
	ro_start(r, name);
	ro_attr(r, "xml:lang", lang);
	ro_text(r, text);
	ro_end(r);
}

/* <NAME rdf:datatype="xsd:TYPE">TEXT</NAME>. */
static void
ro_typed(rdf_out *r, const char *name, const char *type, const char *text)
{
	char dt[96];

	snprintf(dt, sizeof dt, NS_XSD "%s", type);
	ro_start(r, name);
	ro_attr(r, "rdf:datatype", dt);
	ro_text(r, text);
	ro_end(r);
}

static void
ro_languages(rdf_out *r)
{
	ro_ref(r, "dct:language", EU "language/ENG");
	ro_ref(r, "dct:language", EU "language/NLD");
}

bool
dcat_base_url_ok(const char *url)
{
	const char *host;
	size_t len;

	if (url == NULL)
		return false;
	if (strncmp(url, "https://", 8) == 0)
		host = url + 8;
	else if (strncmp(url, "http://", 7) == 0)
		host = url + 7;
	else
		return false;
	len = strlen(url);
	if (*host == '\0' || *host == '/' || url[len - 1] != '/')
		return false;
	for (const char *p = url; *p != '\0'; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p == 0x7f ||
		    strchr("\"'<>\\^`{|}#?", *p) != NULL)
			return false;
	return true;
}

static bool
path_ok(const char *p)
{
	return p != NULL && *p != '\0' && *p != '/' &&
	    strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789._/-") == strlen(p) && strstr(p, "..") == NULL;
}

static bool
sha256_ok(const char *s)
{
	return s != NULL && strlen(s) == 64 &&
	    strspn(s, "0123456789abcdef") == 64;
}

static bool
date_ok(const char *s)
{
	return s != NULL && strlen(s) == 10 &&
	    strspn(s, "0123456789") == 4 && s[4] == '-' &&
	    strspn(s + 5, "0123456789") == 2 && s[7] == '-' &&
	    strspn(s + 8, "0123456789") == 2;
}

static bool
ends_with(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);

	return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

/* The index in types[] of PATH's type, and whether it is gzipped; -1
 * when the type is not known. */
static int
file_type(const char *path, bool *gz)
{
	size_t len = strlen(path);

	*gz = ends_with(path, len, ".gz");
	if (*gz)
		len -= 3;
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (ends_with(path, len, types[i].ext))
			return (int)i;
	return -1;
}

static void
distribution(rdf_out *r, const dcat_file *f, const char *issued,
    const char *modified)
{
	char uri[128], size[32];
	bool gz;
	int t = file_type(f->path, &gz);

	ro_start(r, "dcat:distribution");
	ro_start(r, "dcat:Distribution");
	ro_attr_url(r, "rdf:about", f->path);
	ro_lang(r, "dct:title", "en", f->title);
	ro_lang(r, "dct:description", "en", f->description);
	ro_languages(r);
	ro_ref(r, "dct:license", LICENSE_URI);
	ro_ref_url(r, "dcat:accessURL", f->path);
	ro_ref_url(r, "dcat:downloadURL", f->path);
	snprintf(uri, sizeof uri, EU "file-type/%s", types[t].file_type);
	ro_ref(r, "dct:format", uri);
	snprintf(uri, sizeof uri, IANA "%s", types[t].media_type);
	ro_ref(r, "dcat:mediaType", uri);
	if (gz)
		ro_ref(r, "dcat:compressFormat", IANA "application/gzip");
	if (strcmp(types[t].ext, ".xml") == 0)
		ro_ref_url(r, "dct:conformsTo", "data/reeks.xsd");
	snprintf(size, sizeof size, "%zu", f->bytes);
	ro_typed(r, "dcat:byteSize", "nonNegativeInteger", size);
	ro_start(r, "spdx:checksum");
	ro_start(r, "spdx:Checksum");
	ro_ref(r, "spdx:algorithm", SPDX "checksumAlgorithm_sha256");
	ro_typed(r, "spdx:checksumValue", "hexBinary", f->sha256);
	ro_end(r);
	ro_end(r);
	ro_typed(r, "dct:issued", "date", issued);
	ro_typed(r, "dct:modified", "date", modified);
	ro_end(r);
	ro_end(r);
}

/* The years the observations of ST span, for dct:temporal. */
static bool
temporal(const reeks_store *st, int *from, int *to)
{
	bool any = false;

	for (size_t i = 0; i < reeks_store_series_count(st); i++) {
		const reeks_series *se = reeks_store_series_at(st, i);

		for (size_t j = 0; j < reeks_series_obs_count(se); j++) {
			const reeks_obs *o = reeks_series_obs_at(se, j);
			int a = reeks_obs_period_start(o).year;
			int b = reeks_obs_period_end(o).year;

			if (!any || a < *from)
				*from = a;
			if (!any || b > *to)
				*to = b;
			any = true;
		}
	}
	return any;
}

/* ---- releases -------------------------------------------------------- */

/* B made "releases/NAME/TAIL", release REL's path; NULL out of memory. */
static const char *
release_path(buf *b, const reeks_release *rel, const char *tail)
{
	buf_reset(b);
	buf_printf(b, "releases/%s/%s", reeks_release_name(rel), tail);
	return b->failed ? NULL : b->data;
}

/* <NAME rdf:resource="BASE releases/REL/TAIL"/>. */
static void
ro_ref_release(rdf_out *r, const char *name, const reeks_release *rel,
    const char *tail)
{
	buf b = { 0 };
	const char *p = release_path(&b, rel, tail);

	if (p == NULL)
		r->x.failed = true;
	else
		ro_ref_url(r, name, p);
	buf_free(&b);
}

/* Release REL's dataset, its landing page (its page in English) with
 * "#dataset". */
#define RELEASE_DATASET "en/index.html#dataset"
#define RELEASE_PAGE "en/index.html"

/* The current dataset's versions: every release, and the latest when the
 * current data's figures are its figures. */
static void
versions(rdf_out *r, const reeks_store *st, const dcat_opts *opts)
{
	size_t n = reeks_store_release_count(st);

	for (size_t i = 0; i < n; i++)
		ro_ref_release(r, "dcat:hasVersion",
		    reeks_store_release_at(st, i), RELEASE_DATASET);
	if (n > 0 && opts->current_release != NULL &&
	    strcmp(opts->current_release, reeks_release_name(
	    reeks_store_release_at(st, n - 1))) == 0)
		ro_ref_release(r, "dcat:hasCurrentVersion",
		    reeks_store_release_at(st, n - 1), RELEASE_DATASET);
}

/* Release REL's version notes in LANG: its note, else "Release NAME of
 * DATE." with the date in words. */
static void
version_notes(rdf_out *r, const reeks_release *rel, reeks_lang lang)
{
	const char *note = reeks_release_note(rel, lang);
	buf b = { 0 };

	if (note == NULL) {
		buf_printf(&b, lang == REEKS_NL ? "Release %s van " :
		    "Release %s of ", reeks_release_name(rel));
		if (!fmt_date_iso(&b, reeks_release_date(rel), lang))
			buf_puts(&b, reeks_release_date(rel));
		buf_putc(&b, '.');
		if (b.failed)
			r->x.failed = true;
		note = b.data;
	}
	if (note != NULL)
		ro_lang(r, "adms:versionNotes", lang == REEKS_NL ? "nl" : "en",
		    note);
	buf_free(&b);
}

/* The dataset of release I of ST, a version of the current one, with its
 * zip as its distribution. */
static void
release_dataset(rdf_out *r, const reeks_store *st, size_t i)
{
	const reeks_release *rel = reeks_store_release_at(st, i);
	const char *date = reeks_release_date(rel);
	buf b = { 0 }, zip = { 0 };
	dcat_file f;

	ro_start(r, "dcat:Dataset");
	if (release_path(&b, rel, RELEASE_DATASET) == NULL)
		r->x.failed = true;
	else
		ro_attr_url(r, "rdf:about", b.data);
	ro_start(r, "dct:identifier");
	ro_text(r, r->base);
	ro_text(r, b.data);
	ro_end(r);
	buf_reset(&b);
	buf_printf(&b, "%s, release %s", DATASET_TITLE_EN,
	    reeks_release_name(rel));
	ro_lang(r, "dct:title", "en", b.data);
	buf_reset(&b);
	buf_printf(&b, "%s, release %s", DATASET_TITLE_NL,
	    reeks_release_name(rel));
	ro_lang(r, "dct:title", "nl", b.data);
	ro_lang(r, "dct:description", "en", DATASET_DESCRIPTION_EN);
	ro_lang(r, "dct:description", "nl", DATASET_DESCRIPTION_NL);
	ro_languages(r);
	ro_ref(r, "dct:license", LICENSE_URI);
	ro_ref(r, "dct:accessRights", EU "access-right/PUBLIC");
	ro_ref_url(r, "dct:publisher", "#publisher");
	ro_ref_release(r, "dcat:landingPage", rel, RELEASE_PAGE);
	ro_typed(r, "dct:issued", "date", date);
	ro_typed(r, "dct:modified", "date", date);
	ro_start(r, "dcat:version");
	ro_text(r, reeks_release_name(rel));
	ro_end(r);
	version_notes(r, rel, REEKS_EN);
	version_notes(r, rel, REEKS_NL);
	ro_ref_url(r, "dct:isVersionOf", "#dataset");
	if (i > 0)
		ro_ref_release(r, "dcat:previousVersion",
		    reeks_store_release_at(st, i - 1), RELEASE_DATASET);
	ro_ref(r, "dcat:theme", EU "data-theme/HEAL");
	ro_ref(r, "dct:spatial", EU "country/NLD");
	buf_reset(&b);
	buf_printf(&b, "Release %s of the dataset: its reeks.csv, reeks.xml "
	    "and reeks.json, with a README, the license, the XML schema and "
	    "datapackage.json, as they were made on %s; they never change.",
	    reeks_release_name(rel), date);
	/* The zip is published as reeks-NAME.zip (site/releases.c). */
	char zname[64];

	snprintf(zname, sizeof zname, "reeks-%s.zip", reeks_release_name(rel));
	f = (dcat_file){
		.path = release_path(&zip, rel, zname),
		.title = zname,
		.description = b.data,
		.bytes = (size_t)reeks_release_bytes(rel),
		.sha256 = reeks_release_sha256(rel),
	};
	if (f.path == NULL || f.description == NULL)
		r->x.failed = true;
	else
		distribution(r, &f, date, date);
	ro_end(r);
	buf_free(&zip);
	buf_free(&b);
}

static void
dataset(rdf_out *r, const reeks_store *st, const dcat_opts *opts,
    const dcat_file *files, size_t n, const char *issued,
    const char *modified)
{
	int from = 0, to = 0;

	ro_start(r, "dcat:Dataset");
	ro_attr_url(r, "rdf:about", "#dataset");
	ro_start(r, "dct:identifier");
	ro_text(r, r->base);
	ro_text(r, "#dataset");
	ro_end(r);
	ro_lang(r, "dct:title", "en", DATASET_TITLE_EN);
	ro_lang(r, "dct:title", "nl", DATASET_TITLE_NL);
	ro_lang(r, "dct:description", "en", DATASET_DESCRIPTION_EN);
	ro_lang(r, "dct:description", "nl", DATASET_DESCRIPTION_NL);
	ro_languages(r);
	ro_ref(r, "dct:license", LICENSE_URI);
	ro_ref(r, "dct:accessRights", EU "access-right/PUBLIC");
	ro_ref_url(r, "dct:publisher", "#publisher");
	ro_start(r, "dcat:contactPoint");
	ro_start(r, "vcard:Organization");
	ro_ref(r, "rdf:type", VCARD "Kind");
	ro_start(r, "vcard:fn");
	ro_text(r, DATASET_PUBLISHER);
	ro_end(r);
	ro_ref_url(r, "vcard:hasURL", "");
	ro_end(r);
	ro_end(r);
	ro_ref_url(r, "dcat:landingPage", "");
	ro_typed(r, "dct:issued", "date", issued);
	ro_typed(r, "dct:modified", "date", modified);
	ro_start(r, "dcat:version");
	ro_text(r, opts->version);
	ro_end(r);
	versions(r, st, opts);
	ro_ref(r, "dcat:theme", EU "data-theme/HEAL");
	ro_ref(r, "dct:spatial", EU "country/NLD");
	if (temporal(st, &from, &to)) {
		char year[16];

		ro_start(r, "dct:temporal");
		ro_start(r, "dct:PeriodOfTime");
		snprintf(year, sizeof year, "%04d", from);
		ro_typed(r, "dcat:startDate", "gYear", year);
		snprintf(year, sizeof year, "%04d", to);
		ro_typed(r, "dcat:endDate", "gYear", year);
		ro_end(r);
		ro_end(r);
	}
	for (size_t i = 0; i < reeks_store_topic_count(st); i++) {
		const reeks_topic *t = reeks_store_topic_at(st, i);

		ro_lang(r, "dcat:keyword", "en",
		    reeks_topic_title(t, REEKS_EN));
		ro_lang(r, "dcat:keyword", "nl",
		    reeks_topic_title(t, REEKS_NL));
	}
	/* The reports the figures come from: DCAT-AP's dct:source is a
	 * dataset, so a report is a bibliographic resource the dataset
	 * references, with its citation. */
	for (size_t i = 0; i < reeks_store_source_count(st); i++) {
		const reeks_source *src = reeks_store_source_at(st, i);

		if (reeks_source_url(src) == NULL)
			continue;
		ro_start(r, "dct:references");
		ro_start(r, "dct:BibliographicResource");
		ro_attr(r, "rdf:about", reeks_source_url(src));
		ro_start(r, "dct:bibliographicCitation");
		ro_text(r, reeks_source_citation(src));
		ro_end(r);
		ro_end(r);
		ro_end(r);
	}
	for (size_t i = 0; i < n; i++)
		distribution(r, &files[i], issued, modified);
	ro_end(r);
}

/* <CLASS rdf:about="URI"/>: what a resource referred to is. */
static void
ro_typed_node(rdf_out *r, const char *cls, const char *uri)
{
	ro_start(r, cls);
	ro_attr(r, "rdf:about", uri);
	ro_end(r);
}

/*
 * The class of each resource the catalogue refers to but does not
 * describe (a language, the licence, a media type...), as DCAT-AP's
 * SHACL shapes require: they check the class of each object, with no
 * inference, so a reference alone is a violation. Each once, in a fixed
 * order.
 */
static void
classes(rdf_out *r, const reeks_store *st, const dcat_file *files, size_t n)
{
	bool seen[sizeof types / sizeof types[0]] = { false }, gz_any = false;
	char uri[128];

	ro_typed_node(r, "dct:LinguisticSystem", EU "language/ENG");
	ro_typed_node(r, "dct:LinguisticSystem", EU "language/NLD");
	ro_typed_node(r, "dct:LicenseDocument", LICENSE_URI);
	ro_typed_node(r, "dct:RightsStatement", EU "access-right/PUBLIC");
	ro_start(r, "skos:Concept");    /* its labels in the EU's list */
	ro_attr(r, "rdf:about", EU "data-theme/HEAL");
	ro_lang(r, "skos:prefLabel", "en", "Health");
	ro_lang(r, "skos:prefLabel", "nl", "Gezondheid");
	ro_end(r);
	ro_typed_node(r, "dct:Location", EU "country/NLD");
	ro_typed_node(r, "spdx:ChecksumAlgorithm",
	    SPDX "checksumAlgorithm_sha256");
	ro_start(r, "foaf:Document");
	ro_attr_url(r, "rdf:about", "");
	ro_end(r);
	for (size_t i = 0; i < reeks_store_release_count(st); i++) {
		buf b = { 0 };

		if (release_path(&b, reeks_store_release_at(st, i),
		    RELEASE_PAGE) == NULL)
			r->x.failed = true;
		else {
			ro_start(r, "foaf:Document");
			ro_attr_url(r, "rdf:about", b.data);
			ro_end(r);
		}
		buf_free(&b);
	}
	/* A release's zip. */
	if (reeks_store_release_count(st) > 0) {
		bool gz;

		seen[file_type("reeks.zip", &gz)] = true;
	}
	for (size_t i = 0; i < n; i++) {
		bool gz;
		int t = file_type(files[i].path, &gz);

		if (t >= 0)
			seen[t] = true;
		gz_any |= gz;
	}
	for (size_t t = 0; t < sizeof types / sizeof types[0]; t++) {
		bool first = true;

		if (!seen[t])
			continue;
		/* Two extensions may share a file type (.xml, .xsd): once. */
		for (size_t u = 0; u < t; u++)
			if (seen[u] && strcmp(types[u].file_type,
			    types[t].file_type) == 0)
				first = false;
		if (first) {
			snprintf(uri, sizeof uri, EU "file-type/%s",
			    types[t].file_type);
			ro_typed_node(r, "dct:MediaTypeOrExtent", uri);
		}
		first = true;
		for (size_t u = 0; u < t; u++)
			if (seen[u] && strcmp(types[u].media_type,
			    types[t].media_type) == 0)
				first = false;
		if (first) {
			snprintf(uri, sizeof uri, IANA "%s",
			    types[t].media_type);
			ro_typed_node(r, "dct:MediaType", uri);
		}
		if (strcmp(types[t].ext, ".xml") == 0) {
			ro_start(r, "dct:Standard");
			ro_attr_url(r, "rdf:about", "data/reeks.xsd");
			ro_end(r);
		}
	}
	if (gz_any)
		ro_typed_node(r, "dct:MediaType", IANA "application/gzip");
}

int
dcat_write(buf *b, const reeks_store *st, const dcat_opts *opts,
    const dcat_file *files, size_t n, errlist *errs)
{
	rdf_out r = { .base = opts->base_url };
	char modified[16], issued[16];
	time_t tt = (time_t)opts->modified;
	struct tm tm;

	if (!dcat_base_url_ok(opts->base_url)) {
		errlist_add(errs, NULL, 0, 0,
		    "catalog: base URL '%s' is not an "
		    "absolute http(s) URL ending in '/'",
		    opts->base_url != NULL ? opts->base_url : "");
		return -1;
	}
	if (!path_ok(opts->catalog_path) || opts->version == NULL) {
		errlist_add(errs, NULL, 0, 0,
		    "catalog: needs its own path and a "
		    "version");
		return -1;
	}
	if (opts->modified < 0 || opts->modified > 253402300799LL ||
	    gmtime_r(&tt, &tm) == NULL ||
	    strftime(modified, sizeof modified, "%Y-%m-%d", &tm) != 10) {
		errlist_add(errs, NULL, 0, 0,
		    "catalog: date %lld is out of range",
		    opts->modified);
		return -1;
	}
	if (opts->issued != NULL && !date_ok(opts->issued)) {
		errlist_add(errs, NULL, 0, 0,
		    "catalog: issued date '%s' is not "
		    "YYYY-MM-DD", opts->issued);
		return -1;
	}
	snprintf(issued, sizeof issued, "%s",
	    opts->issued != NULL ? opts->issued : modified);
	for (size_t i = 0; i < n; i++) {
		bool gz;

		if (!path_ok(files[i].path) || files[i].title == NULL ||
		    files[i].description == NULL ||
		    !sha256_ok(files[i].sha256) ||
		    file_type(files[i].path, &gz) < 0) {
			errlist_add(errs, NULL, 0, 0,
			    "catalog: file %zu ('%s') needs "
			    "a safe path of a known type, a title, a "
			    "description and a SHA-256", i,
			    files[i].path != NULL ? files[i].path : "");
			return -1;
		}
	}
	for (size_t i = 0; i < reeks_store_release_count(st); i++) {
		const reeks_release *rel = reeks_store_release_at(st, i);
		buf p = { 0 };
		bool ok = release_path(&p, rel, RELEASE_PAGE) != NULL &&
		    path_ok(p.data) && date_ok(reeks_release_date(rel)) &&
		    sha256_ok(reeks_release_sha256(rel)) &&
		    reeks_release_bytes(rel) <= SIZE_MAX;

		buf_free(&p);
		if (!ok) {
			errlist_add(errs, NULL, 0, 0,
			    "catalog: release %zu ('%s') needs a safe name, "
			    "a date and a SHA-256", i,
			    reeks_release_name(rel));
			return -1;
		}
	}

	xmlw_open_mem(&r.x);
	ro_start(&r, "rdf:RDF");
	for (size_t i = 0; i < sizeof namespaces / sizeof namespaces[0];
	    i++) {
		char name[32];

		snprintf(name, sizeof name, "xmlns:%s", namespaces[i].prefix);
		ro_attr(&r, name, namespaces[i].uri);
	}

	ro_start(&r, "dcat:Catalog");
	ro_attr_url(&r, "rdf:about", opts->catalog_path);
	ro_lang(&r, "dct:title", "en", DATASET_TITLE_EN);
	ro_lang(&r, "dct:title", "nl", DATASET_TITLE_NL);
	ro_lang(&r, "dct:description", "en", DATASET_DESCRIPTION_EN);
	ro_lang(&r, "dct:description", "nl", DATASET_DESCRIPTION_NL);
	ro_languages(&r);
	ro_ref(&r, "dct:license", LICENSE_URI);
	ro_ref_url(&r, "dct:publisher", "#publisher");
	ro_ref_url(&r, "foaf:homepage", "");
	ro_typed(&r, "dct:issued", "date", issued);
	ro_typed(&r, "dct:modified", "date", modified);
	ro_ref_url(&r, "dcat:dataset", "#dataset");
	for (size_t i = 0; i < reeks_store_release_count(st); i++)
		ro_ref_release(&r, "dcat:dataset",
		    reeks_store_release_at(st, i), RELEASE_DATASET);
	ro_end(&r);

	ro_start(&r, "foaf:Organization");
	ro_attr_url(&r, "rdf:about", "#publisher");
	ro_ref(&r, "rdf:type", FOAF "Agent");
	ro_start(&r, "foaf:name");
	ro_text(&r, DATASET_PUBLISHER);
	ro_end(&r);
	ro_ref_url(&r, "foaf:homepage", "");
	ro_end(&r);

	dataset(&r, st, opts, files, n, issued, modified);
	for (size_t i = 0; i < reeks_store_release_count(st); i++)
		release_dataset(&r, st, i);
	classes(&r, st, files, n);
	ro_end(&r);
	if (xmlw_close(&r.x, b) != 0) {
		errlist_oom(errs, NULL);
		return -1;
	}
	return 0;
}
