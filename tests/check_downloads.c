/*
 * check_downloads.c: the site's downloads and catalogues: gzip, JSON
 * escaping, the XML and JSON exports (whole and per series), the zip,
 * datapackage.json, the DCAT catalogue, safe paths, and a whole downloads
 * tree for tests/data/good in tests/out/downloads, which
 * tests/downloads.sh then checks with unzip, sha256sum, gzip, xmllint and
 * the Frictionless validator.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <check.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <zlib.h>

#include "data/bundle.h"
#include "data/datapackage.h"
#include "data/dcat.h"
#include "data/downloads.h"
#include "gen.h"
#include "out/gzip.h"
#include "out/out.h"
#include "util/sha256.h"
#include "util/xmlw.h"
#include "testutil.h"
#include "out/zipmem.h"

#include <time.h>

#define GOOD "tests/data/good"
#define TREE "tests/out/downloads"
#define BASE "https://example.org/reeks/"
/* 2023-11-14 22:13:20 UTC. */
#define DATE 1700000000LL

static reeks_store *st;

/* The one error added to E ("" when none), and E emptied: what a test
 * compares. */
static const char *
err_text(errlist *e)
{
	static char text[2048];

	ck_assert_uint_le(errlist_count(e), 1);
	snprintf(text, sizeof text, "%s", e->n > 0 ? e->items[e->n - 1] :
	    e->nomem ? "(lost)" : "");
	errlist_free(e);
	return text;
}

static void
setup(void)
{
	reeks_result rc;
	char *diags = tu_load(GOOD, &rc, &st, NULL);

	ck_assert_int_eq(rc, REEKS_OK);
	free(diags);
}

static void
teardown(void)
{
	reeks_store_free(st);
	st = NULL;
}

/* ---- helpers ----------------------------------------------------------- */

typedef int (*export_all)(const reeks_store *, FILE *);
typedef int (*export_one)(const reeks_store *, const reeks_series *,
    FILE *);

/* Run an export into memory; *LEN gets its length. Free with free(). */
static char *
run_all(export_all fn, const reeks_store *s, size_t *len)
{
	char *data = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&data, &n);

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fn(s, f), 0);
	ck_assert_int_eq(fclose(f), 0);
	if (len != NULL)
		*len = n;
	return data;
}

static char *
run_one(export_one fn, const reeks_store *s, const char *id)
{
	const reeks_series *se = reeks_series_find(s, id);
	char *data = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&data, &n);

	ck_assert_ptr_nonnull(se);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fn(s, se, f), 0);
	ck_assert_int_eq(fclose(f), 0);
	return data;
}

/* Inflate a gzip member; *LEN gets the length. Free with free(). */
static unsigned char *
gunzip(const unsigned char *gz, size_t gzlen, size_t *len)
{
	z_stream z;
	size_t cap = 4096;
	unsigned char *out = malloc(cap);
	int rc;

	ck_assert_ptr_nonnull(out);
	memset(&z, 0, sizeof z);
	ck_assert_int_eq(inflateInit2(&z, MAX_WBITS + 16), Z_OK);
	z.next_in = (Bytef *)gz;
	z.avail_in = (uInt)gzlen;
	*len = 0;
	do {
		if (*len == cap) {
			cap *= 2;
			out = realloc(out, cap);
			ck_assert_ptr_nonnull(out);
		}
		z.next_out = out + *len;
		z.avail_out = (uInt)(cap - *len);
		rc = inflate(&z, Z_NO_FLUSH);
		ck_assert(rc == Z_OK || rc == Z_STREAM_END);
		*len = cap - z.avail_out;
	} while (rc != Z_STREAM_END);
	ck_assert_uint_eq(z.avail_in, 0);    /* one member, nothing after */
	inflateEnd(&z);
	return out;
}

/* Whether DOC (LEN bytes) is valid against data/reeks.xsd. */
static bool
valid_reeks_xml(const char *doc, size_t len)
{
	xmlSchemaParserCtxtPtr pctx = xmlSchemaNewParserCtxt("data/reeks.xsd");
	xmlSchemaPtr schema;
	xmlSchemaValidCtxtPtr vctx;
	xmlDocPtr d;
	int rc;

	ck_assert_ptr_nonnull(pctx);
	schema = xmlSchemaParse(pctx);
	ck_assert_ptr_nonnull(schema);
	vctx = xmlSchemaNewValidCtxt(schema);
	ck_assert_ptr_nonnull(vctx);
	d = xmlReadMemory(doc, (int)len, "export.xml", "UTF-8",
	    XML_PARSE_NONET);
	ck_assert_ptr_nonnull(d);
	rc = xmlSchemaValidateDoc(vctx, d);
	xmlFreeDoc(d);
	xmlSchemaFreeValidCtxt(vctx);
	xmlSchemaFree(schema);
	xmlSchemaFreeParserCtxt(pctx);
	return rc == 0;
}

/* Write DOC as a.xml in a new directory and load it; the directory is
 * removed. Returns the store (the load must succeed). */
static reeks_store *
reload(const char *doc)
{
	char *dir = tu_mkdir();
	reeks_result rc;
	reeks_store *s = NULL;
	char *diags;

	tu_write(dir, "a.xml", doc, -1);
	diags = tu_load(dir, &rc, &s, NULL);
	if (rc != REEKS_OK)
		fprintf(stderr, "%s", diags);
	ck_assert_int_eq(rc, REEKS_OK);
	free(diags);
	tu_rmdir(dir);
	return s;
}

static char *
read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data;
	long n;

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	ck_assert_int_ge(n, 0);
	rewind(f);
	data = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(data);
	ck_assert_uint_eq(fread(data, 1, (size_t)n, f), (size_t)n);
	data[n] = '\0';
	fclose(f);
	if (len != NULL)
		*len = (size_t)n;
	return data;
}

static size_t
count_of(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

/* ---- gzip -------------------------------------------------------------- */

START_TEST(test_gzip_round_trip)
{
	static const char *const inputs[] = {
		"", "a", "series_id,period\r\nx,2008\r\n",
	};
	/* A larger input with some variety: 300 KiB. */
	size_t biglen = 300 * 1024;
	char *big = malloc(biglen);

	ck_assert_ptr_nonnull(big);
	for (size_t i = 0; i < biglen; i++)
		big[i] = (char)("reeks 0123456789\n"[(i * 7 + i / 13) % 17]);
	for (size_t k = 0; k <= sizeof inputs / sizeof inputs[0]; k++) {
		const char *in = k < 3 ? inputs[k] : big;
		size_t len = k < 3 ? strlen(in) : biglen;
		unsigned char *gz = NULL, *back;
		size_t gzlen = 0, backlen;

		ck_assert_int_eq(gzip_compress(in, len, &gz, &gzlen), 0);
		back = gunzip(gz, gzlen, &backlen);
		ck_assert_uint_eq(backlen, len);
		ck_assert(len == 0 || memcmp(back, in, len) == 0);
		free(back);
		free(gz);
	}
	free(big);
}
END_TEST

START_TEST(test_gzip_reproducible_header)
{
	const char *in = "33,500 problem drug users\n";
	unsigned char *a = NULL, *b = NULL;
	size_t alen = 0, blen = 0;

	ck_assert_int_eq(gzip_compress(in, strlen(in), &a, &alen), 0);
	ck_assert_int_eq(gzip_compress(in, strlen(in), &b, &blen), 0);
	ck_assert_uint_eq(alen, blen);
	ck_assert_int_eq(memcmp(a, b, alen), 0);
	ck_assert_uint_ge(alen, 18);
	ck_assert_uint_eq(a[0], 0x1f);            /* magic */
	ck_assert_uint_eq(a[1], 0x8b);
	ck_assert_uint_eq(a[2], 8);               /* deflate */
	ck_assert_uint_eq(a[3], 0);               /* no name, comment, extra */
	ck_assert_uint_eq(a[4] | a[5] | a[6] | a[7], 0);   /* mtime 0 */
	ck_assert_uint_eq(a[8], 0);               /* XFL: level 6 */
	ck_assert_uint_eq(a[9], GZIP_OS_UNKNOWN);
	free(a);
	free(b);
}
END_TEST

/* ---- JSON -------------------------------------------------------------- */

static void
check_json_string(const char *in, const char *want)
{
	buf b = { 0 };

	json_string(&b, in);
	ck_assert(!b.failed);
	ck_assert_str_eq(b.data, want);
	buf_free(&b);
}

START_TEST(test_json_escaping)
{
	check_json_string(NULL, "null");
	check_json_string("", "\"\"");
	check_json_string("plain text", "\"plain text\"");
	check_json_string("\"quoted\" \\ back", "\"\\\"quoted\\\" \\\\ back\"");
	check_json_string("a\nb\rc\td", "\"a\\nb\\rc\\td\"");
	check_json_string("\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"");
	check_json_string("</script>", "\"</script>\"");
	/* UTF-8 passes through: é, €, U+1F600. */
	check_json_string("hero\xc3\xafne \xe2\x82\xac \xf0\x9f\x98\x80",
	    "\"hero\xc3\xafne \xe2\x82\xac \xf0\x9f\x98\x80\"");
	/* Not UTF-8: a stray byte, a cut sequence, an overlong '/', a
	 * surrogate: each bad byte becomes U+FFFD. */
	check_json_string("a\xff" "b", "\"a\\ufffdb\"");
	check_json_string("\xc3", "\"\\ufffd\"");
	check_json_string("\xc0\xaf", "\"\\ufffd\\ufffd\"");
	check_json_string("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"");
}
END_TEST

static void
check_json_number(const char *in, const char *want)
{
	buf b = { 0 };

	buf_puts(&b, "");
	ck_assert_int_eq(json_number(&b, in), want != NULL);
	ck_assert_str_eq(b.data, want != NULL ? want : "");
	buf_free(&b);
}

START_TEST(test_json_numbers)
{
	check_json_number(NULL, "null");
	check_json_number("33,500", "33500");
	check_json_number("1,234,567.25", "1234567.25");
	check_json_number("4.5", "4.5");
	check_json_number("-0.25", "-0.25");
	check_json_number("0", "0");
	check_json_number("007", "7");
	check_json_number("00.50", "0.50");
	check_json_number("-012", "-12");
	/* Not numbers: nothing is written. */
	check_json_number("", NULL);
	check_json_number("-", NULL);
	check_json_number("1,", NULL);
	check_json_number(",1", NULL);
	check_json_number("1,,2", NULL);
	check_json_number("1.", NULL);
	check_json_number(".5", NULL);
	check_json_number("1e5", NULL);
	check_json_number("1.2.3", NULL);
	check_json_number("two thirds", NULL);
}
END_TEST

START_TEST(test_json_writer)
{
	buf b = { 0 };
	json_writer w = { .b = &b };

	jw_object(&w);
	jw_key(&w, "a");
	jw_number(&w, "1,000");
	jw_key(&w, "b");
	jw_array(&w);
	jw_string(&w, "x");
	jw_null(&w);
	jw_bool(&w, true);
	jw_size(&w, 42);
	jw_end(&w);
	jw_key(&w, "empty");
	jw_array(&w);
	jw_end(&w);
	jw_key(&w, "o");
	jw_object(&w);
	jw_end(&w);
	jw_end(&w);
	ck_assert(!b.failed);
	ck_assert_int_eq(w.depth, 0);
	ck_assert_str_eq(b.data,
	    "{\n"
	    "  \"a\": 1000,\n"
	    "  \"b\": [\n"
	    "    \"x\",\n"
	    "    null,\n"
	    "    true,\n"
	    "    42\n"
	    "  ],\n"
	    "  \"empty\": [],\n"
	    "  \"o\": {}\n"
	    "}\n");
	/* A number that is not one makes the output fail, never invalid. */
	buf_reset(&b);
	w = (json_writer){ .b = &b };
	jw_number(&w, "n/a");
	ck_assert(b.failed);
	buf_free(&b);
}
END_TEST

/* ---- exports ----------------------------------------------------------- */

/* The CSV keeps its exact bytes (tests/golden/export.csv). */
START_TEST(test_csv_unchanged)
{
	size_t len, glen;
	char *csv = run_all(export_csv, st, &len);
	char *golden = read_all("tests/golden/export.csv", &glen);

	ck_assert_uint_eq(len, glen);
	ck_assert_int_eq(memcmp(csv, golden, len), 0);
	free(csv);
	free(golden);
}
END_TEST

START_TEST(test_csv_series)
{
	char *one = run_one(export_csv_series, st, "nl-opiate-users");
	char *all = run_all(export_csv, st, NULL);
	const char *header_end = strstr(all, "\r\n");

	/* The same header, then only that series' rows, in period order. */
	ck_assert_int_eq(strncmp(one, all, (size_t)(header_end - all + 2)), 0);
	ck_assert_uint_eq(count_of(one, "\r\n"), 3);
	ck_assert_uint_eq(count_of(one, "\r\nnl-opiate-users,"), 2);
	ck_assert_ptr_nonnull(strstr(one, "\r\nnl-opiate-users,1979,"));
	ck_assert(strstr(one, "nl-opiate-users,1979,") <
	    strstr(one, "nl-opiate-users,2012,"));
	free(one);
	free(all);
}
END_TEST

START_TEST(test_xml_valid_and_round_trips)
{
	size_t len;
	char *xml = run_all(export_xml, st, &len);
	char *csv = run_all(export_csv, st, NULL);
	reeks_store *again;
	char *xml2, *csv2;

	ck_assert(valid_reeks_xml(xml, len));
	ck_assert_int_eq(strncmp(xml,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", 38), 0);
	/* Loading the export gives the same store: the same CSV, and the
	 * same XML when exported again. */
	again = reload(xml);
	ck_assert_uint_eq(reeks_store_series_count(again),
	    reeks_store_series_count(st));
	ck_assert_uint_eq(reeks_store_claim_count(again),
	    reeks_store_claim_count(st));
	ck_assert_uint_eq(reeks_store_source_count(again),
	    reeks_store_source_count(st));
	csv2 = run_all(export_csv, again, NULL);
	xml2 = run_all(export_xml, again, NULL);
	ck_assert_str_eq(csv2, csv);
	ck_assert_str_eq(xml2, xml);
	/* Defaults are written out; text is escaped. */
	ck_assert_ptr_nonnull(strstr(xml, "qualifier=\"exact\" status=\"E\""));
	ck_assert_ptr_nonnull(strstr(xml, "secondary=\"false\""));
	ck_assert_ptr_nonnull(strstr(xml, "&quot;Around 1985&quot;"));
	reeks_store_free(again);
	free(xml);
	free(xml2);
	free(csv);
	free(csv2);
}
END_TEST

/* Text that needs escaping, non-ASCII text, and a change log survive the
 * round trip through the XML export; the JSON escapes them. */
START_TEST(test_round_trip_text_and_changes)
{
	char *doc = tu_doc("percent",
	    "<obs period=\"2001\" value=\"1.50\" printed=\"&quot;1,5&quot; "
	    "&amp; more\" source=\"s\" at=\"p. &lt;1&gt;, line\t2\">"
	    "<excerpt>a &amp; b &lt; c \"q\" 'x' hero\xc3\xafne\n  next "
	    "line</excerpt>"
	    "<note lang=\"en\">tab\there</note>"
	    "<note lang=\"nl\">\xe2\x82\xac 5</note></obs>\n");
	const char *change =
	    "<change id=\"first\" date=\"2026-01-02\">"
	    "<title lang=\"en\">First</title><title lang=\"nl\">Eerste</title>"
	    "<summary lang=\"en\">A &amp; B</summary>"
	    "<summary lang=\"nl\">A en B</summary></change>\n";
	char *end = strstr(doc, "</reeks>");
	buf full = { 0 };
	reeks_store *one, *two;
	size_t len;
	char *xml1, *xml2, *csv1, *csv2, *json;

	ck_assert_ptr_nonnull(end);
	buf_add(&full, doc, (size_t)(end - doc));
	buf_puts(&full, change);
	buf_puts(&full, end);
	one = reload(full.data);
	ck_assert_uint_eq(reeks_store_change_count(one), 1);
	xml1 = run_all(export_xml, one, &len);
	ck_assert(valid_reeks_xml(xml1, len));
	two = reload(xml1);
	xml2 = run_all(export_xml, two, NULL);
	csv1 = run_all(export_csv, one, NULL);
	csv2 = run_all(export_csv, two, NULL);
	ck_assert_str_eq(xml2, xml1);
	ck_assert_str_eq(csv2, csv1);
	ck_assert_uint_eq(reeks_store_change_count(two), 1);
	ck_assert_str_eq(reeks_change_summary(reeks_store_change_at(two, 0),
	    REEKS_EN), "A & B");
	ck_assert_str_eq(reeks_obs_locator(reeks_series_obs_at(
	    reeks_series_find(two, "x"), 0)),
	    reeks_obs_locator(reeks_series_obs_at(
	    reeks_series_find(one, "x"), 0)));
	json = run_all(export_json, one, NULL);
	ck_assert_ptr_nonnull(strstr(json,
	    "\"printed\": \"\\\"1,5\\\" & more\""));
	ck_assert_ptr_nonnull(strstr(json, "\"value\": 1.50,"));
	/* (The loader folds white space: a tab or line end never gets
	 * this far; json_string's own test covers them.) */
	ck_assert_ptr_nonnull(strstr(json, "\"en\": \"tab here\""));
	ck_assert_ptr_nonnull(strstr(json, "\"excerpt\": \"a & b < c \\\"q\\\" "
	    "'x' hero\xc3\xafne next line\""));
	ck_assert_ptr_nonnull(strstr(json, "\"nl\": \"\xe2\x82\xac 5\""));
	ck_assert_ptr_nonnull(strstr(json, "\"changes\": 1\n"));
	ck_assert_ptr_nonnull(strstr(json, "\"date\": \"2026-01-02\""));
	/* A series alone carries no change log. */
	char *series_xml = run_one(export_xml_series, one, "x");
	ck_assert_ptr_null(strstr(series_xml, "<change"));
	free(series_xml);
	reeks_store_free(one);
	reeks_store_free(two);
	free(xml1);
	free(xml2);
	free(csv1);
	free(csv2);
	free(json);
	free(doc);
	buf_free(&full);
}
END_TEST

/* A series alone: what it refers to, and nothing else. */
START_TEST(test_xml_series_contents)
{
	char *xml = run_one(export_xml_series, st, "ams-injecting-share");
	reeks_store *one;

	ck_assert(valid_reeks_xml(xml, strlen(xml)));
	one = reload(xml);
	ck_assert_uint_eq(reeks_store_series_count(one), 1);
	ck_assert_ptr_nonnull(reeks_series_find(one, "ams-injecting-share"));
	/* Amsterdam, and the Netherlands it lies within. */
	ck_assert_uint_eq(reeks_store_geography_count(one), 2);
	ck_assert_ptr_nonnull(reeks_geography_find(one, "nl"));
	ck_assert_uint_eq(reeks_store_topic_count(one), 1);
	ck_assert_uint_eq(reeks_store_source_count(one), 1);
	ck_assert_ptr_nonnull(reeks_source_find(one, "idpc-2011"));
	ck_assert_uint_eq(reeks_store_claim_count(one), 0);
	reeks_store_free(one);
	free(xml);

	/* Claims whose inputs are all in the series come along, with their
	 * source; a claim without inputs does not. */
	xml = run_one(export_xml_series, st, "nl-problem-drug-users");
	ck_assert(valid_reeks_xml(xml, strlen(xml)));
	one = reload(xml);
	ck_assert_uint_eq(reeks_store_series_count(one), 1);
	ck_assert_uint_eq(reeks_store_geography_count(one), 1);
	ck_assert_uint_eq(reeks_store_claim_count(one), 2);
	ck_assert_ptr_nonnull(reeks_claim_find(one, "test-claim-holds"));
	ck_assert_ptr_nonnull(reeks_claim_find(one, "test-claim-wrong"));
	ck_assert_ptr_null(reeks_claim_find(one, "test-claim-unverifiable"));
	ck_assert_uint_eq(reeks_store_source_count(one), 2);
	ck_assert_ptr_nonnull(reeks_source_find(one, "test-synthetic"));
	reeks_store_free(one);
	free(xml);

	xml = run_one(export_xml_series, st, "nl-opiate-users");
	one = reload(xml);
	ck_assert_uint_eq(reeks_store_source_count(one), 1);
	ck_assert_ptr_nonnull(reeks_source_find(one, "test-synthetic"));
	ck_assert_uint_eq(reeks_store_claim_count(one), 0);
	ck_assert_uint_eq(reeks_series_break_count(
	    reeks_series_find(one, "nl-opiate-users")), 1);
	reeks_store_free(one);
	free(xml);
}
END_TEST

START_TEST(test_json_export)
{
	char *json = run_all(export_json, st, NULL);
	char *one = run_one(export_json_series, st, "ams-injecting-share");

	char counts[512];

	ck_assert_ptr_nonnull(strstr(json, "\"format\": \"reeks-json\""));
	snprintf(counts, sizeof counts,
	    "\"counts\": {\n"
	    "    \"topics\": %zu,\n"
	    "    \"geographies\": %zu,\n"
	    "    \"sources\": %zu,\n"
	    "    \"series\": %zu,\n"
	    "    \"observations\": %zu,\n"
	    "    \"claims\": %zu,\n"
	    "    \"changes\": %zu\n"
	    "  }", reeks_store_topic_count(st), reeks_store_geography_count(st),
	    reeks_store_source_count(st), reeks_store_series_count(st),
	    reeks_store_obs_count(st), reeks_store_claim_count(st),
	    reeks_store_change_count(st));
	ck_assert_ptr_nonnull(strstr(json, counts));
	/* A number, beside the text as written; absent numbers are null.
	 * An observation is one line. */
	ck_assert_ptr_nonnull(strstr(json,
	    "\"value\": 33500, \"value_text\": \"33,500\", "
	    "\"lower\": null, \"lower_text\": null, "));
	ck_assert_ptr_nonnull(strstr(json,
	    "      \"observations\": [\n"
	    "        {\"period\": \""));
	ck_assert_ptr_nonnull(strstr(json, "\"start\": \"1985\""));
	ck_assert_ptr_nonnull(strstr(json, "\"verdict\": \"does-not-hold\""));
	ck_assert_ptr_nonnull(strstr(json,
	    "\"note\": {\"en\": \"\\\"Around 1985\\\": the peak"));
	/* The series alone. */
	ck_assert_ptr_nonnull(strstr(one, "\"series\": 1,"));
	ck_assert_ptr_nonnull(strstr(one, "\"geographies\": 2,"));
	ck_assert_ptr_nonnull(strstr(one, "\"claims\": 0,\n"));
	ck_assert_ptr_nonnull(strstr(one,
	    "\"value\": null, \"value_text\": null, \"lower\": 30, "
	    "\"lower_text\": \"30\", "));
	ck_assert_ptr_null(strstr(one, "nl-problem-drug-users"));
	free(json);
	free(one);
}
END_TEST

/* ---- datapackage.json --------------------------------------------------- */

START_TEST(test_datapackage)
{
	static const char sha[] =
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	dp_resource res = { "reeks", "reeks.csv", "All", NULL, 1234, sha,
	    NULL };
	datapackage_opts opts = { "1.2", DATE, BASE };
	buf b = { 0 };
	errlist errs = { 0 };
	char *csv = run_all(export_csv, st, NULL);
	buf header = { 0 };

	ck_assert_int_eq(datapackage_write(&b, st, &opts, &res, 1, &errs), 0);
	ck_assert_str_eq(err_text(&errs), "");
	ck_assert_ptr_nonnull(strstr(b.data,
	    "\"profile\": \"tabular-data-package\""));
	ck_assert_ptr_nonnull(strstr(b.data, "\"name\": \"reeks\""));
	ck_assert_ptr_nonnull(strstr(b.data, "\"version\": \"1.2\""));
	ck_assert_ptr_nonnull(strstr(b.data,
	    "\"created\": \"2023-11-14T22:13:20Z\""));
	ck_assert_ptr_nonnull(strstr(b.data, "\"homepage\": \"" BASE "\""));
	ck_assert_ptr_nonnull(strstr(b.data, "\"name\": \"CC-BY-4.0\""));
	ck_assert_ptr_nonnull(strstr(b.data, "\"bytes\": 1234"));
	ck_assert_ptr_nonnull(strstr(b.data, "\"hash\": \"sha256:" "0123"));
	ck_assert_ptr_nonnull(strstr(b.data, "\"encoding\": \"utf-8\""));
	ck_assert_ptr_nonnull(strstr(b.data, "\"mediatype\": \"text/csv\""));
	ck_assert_ptr_nonnull(strstr(b.data,
	    "\"missingValues\": [\n          \"\"\n        ]"));
	ck_assert_ptr_nonnull(strstr(b.data,
	    "\"primaryKey\": [\n          \"series_id\",\n"
	    "          \"period\"\n        ]"));
	/* Every source, by its full reference. */
	ck_assert_ptr_nonnull(strstr(b.data,
	    "\"title\": \"Synthetic test data; not a real source.\""));
	ck_assert_uint_eq(count_of(b.data, "\"role\": \"author\""), 1);
	/* The units as the library names them. */
	ck_assert_ptr_nonnull(strstr(b.data, "\"per-100py\""));

	/* The fields are the CSV's columns, in order. */
	for (size_t i = 0; i < dp_field_count(); i++)
		buf_printf(&header, "%s%s", i ? "," : "", dp_field_at(i)->name);
	buf_puts(&header, "\r\n");
	ck_assert_int_eq(strncmp(csv, header.data, header.len), 0);
	ck_assert_ptr_null(dp_field_at(dp_field_count()));

	/* Refused: a bad name, a bad hash, two of a name, no version; B is
	 * left as it was. */
	size_t before = b.len;
	res.name = "Reeks";
	ck_assert_int_eq(datapackage_write(&b, st, &opts, &res, 1, &errs), -1);
	ck_assert_str_eq(err_text(&errs),
	    "datapackage.json: resource 0 ('Reeks') needs a "
	    "name of [a-z0-9._/-], a path, a title and a SHA-256");
	res.name = "reeks";
	res.sha256 = "abc";
	ck_assert_int_eq(datapackage_write(&b, st, &opts, &res, 1, &errs), -1);
	ck_assert_str_ne(err_text(&errs), "");
	res.sha256 = sha;
	dp_resource two[2] = { res, res };
	ck_assert_int_eq(datapackage_write(&b, st, &opts, two, 2, &errs), -1);
	ck_assert_str_eq(err_text(&errs),
	    "datapackage.json: two resources named 'reeks'");
	/* Three, the twins apart, found all the same. */
	dp_resource three[3] = { res, res, res };
	three[1].name = "a";
	ck_assert_int_eq(datapackage_write(&b, st, &opts, three, 3, &errs), -1);
	ck_assert_str_eq(err_text(&errs),
	    "datapackage.json: two resources named 'reeks'");
	res.schema_path = "../x.json";
	ck_assert_int_eq(datapackage_write(&b, st, &opts, &res, 1, &errs), -1);
	ck_assert_str_eq(err_text(&errs),
	    "datapackage.json: resource 0 ('reeks') has a "
	    "schema path that is not a file name of [a-z0-9._-]");
	ck_assert_uint_eq(b.len, before);

	/* A schema by path: the path, not the schema, and the schema is
	 * the document datapackage_table_schema() writes. */
	buf one = { 0 }, ts = { 0 };
	res.schema_path = "tableschema.json";
	ck_assert_int_eq(datapackage_write(&one, st, &opts, &res, 1, &errs), 0);
	ck_assert_ptr_nonnull(strstr(one.data,
	    "\"schema\": \"tableschema.json\"\n"));
	ck_assert_ptr_null(strstr(one.data, "\"primaryKey\""));
	ck_assert_int_eq(datapackage_table_schema(&ts), 0);
	ck_assert_ptr_nonnull(strstr(ts.data, "\"primaryKey\": [\n"
	    "    \"series_id\",\n    \"period\"\n  ]\n}\n"));
	ck_assert_int_eq(ts.data[0], '{');
	buf_free(&one);
	buf_free(&ts);
	res.schema_path = NULL;
	opts.version = "";
	ck_assert_int_eq(datapackage_write(&b, st, &opts, &res, 1, &errs), -1);
	ck_assert_str_ne(err_text(&errs), "");
	ck_assert_uint_eq(b.len, before);
	buf_free(&b);
	buf_free(&header);
	free(csv);
}
END_TEST

START_TEST(test_dates)
{
	char s[32];
	long long t = -1;
	errlist errs = { 0 };

	ck_assert(dp_rfc3339(s, sizeof s, 0));
	ck_assert_str_eq(s, "1970-01-01T00:00:00Z");
	ck_assert(dp_rfc3339(s, sizeof s, DATE));
	ck_assert_str_eq(s, "2023-11-14T22:13:20Z");
	ck_assert(!dp_rfc3339(s, sizeof s, -1));
	ck_assert_str_eq(s, "");

	/* SOURCE_DATE_EPOCH wins over the fallback; never the clock. */
	ck_assert_int_eq(unsetenv("SOURCE_DATE_EPOCH"), 0);
	ck_assert_int_eq(downloads_date(DOWNLOADS_DEFAULT_DATE, &t, &errs), 0);
	ck_assert_int_eq(t, 315532800LL);
	ck_assert_int_eq(setenv("SOURCE_DATE_EPOCH", "1700000000", 1), 0);
	ck_assert_int_eq(downloads_date(0, &t, &errs), 0);
	ck_assert_int_eq(t, DATE);
	ck_assert_int_eq(setenv("SOURCE_DATE_EPOCH", "-5", 1), 0);
	ck_assert_int_eq(downloads_date(0, &t, &errs), -1);
	ck_assert_str_eq(err_text(&errs),
	    "SOURCE_DATE_EPOCH '-5' is not a number of "
	    "seconds");
	ck_assert_int_eq(setenv("SOURCE_DATE_EPOCH", "999999999999", 1), 0);
	ck_assert_int_eq(downloads_date(0, &t, &errs), -1);
	ck_assert_str_ne(err_text(&errs), "");
	ck_assert_int_eq(unsetenv("SOURCE_DATE_EPOCH"), 0);

	/* Zip times: clamped to 1980, two-second steps. */
	ck_assert_uint_eq(bundle_dos_time(0), (1UL << 21) | (1UL << 16));
	ck_assert_uint_eq(bundle_dos_time(DATE),
	    (43UL << 25) | (11UL << 21) | (14UL << 16) | (22UL << 11) |
	    (13UL << 5) | 10UL);
	ck_assert_uint_eq(bundle_dos_time(DATE + 1), bundle_dos_time(DATE));
}
END_TEST

/* ---- zip --------------------------------------------------------------- */

START_TEST(test_zip_reproducible)
{
	const bundle_file files[] = {
		{ "reeks/a.txt", "hello\n", 6 },
		{ "reeks/empty", NULL, 0 },
		{ "reeks/b.csv", "x,y\r\n1,2\r\n", 10 },
	};
	unsigned char *a = NULL, *b = NULL, *c = NULL;
	size_t alen = 0, blen = 0, clen = 0;
	errlist errs = { 0 };
	unsigned long dos = bundle_dos_time(DATE);

	ck_assert_int_eq(bundle_zip(files, 3, DATE, &a, &alen, &errs), 0);
	ck_assert_int_eq(bundle_zip(files, 3, DATE, &b, &blen, &errs), 0);
	ck_assert_uint_eq(alen, blen);
	ck_assert_int_eq(memcmp(a, b, alen), 0);
	/* The first local header: its signature and its date. */
	ck_assert_int_eq(memcmp(a, "PK\x03\x04", 4), 0);
	ck_assert_uint_eq((unsigned long)a[10] | (unsigned long)a[11] << 8 |
	    (unsigned long)a[12] << 16 | (unsigned long)a[13] << 24, dos);
	/* Another date gives other bytes. */
	ck_assert_int_eq(bundle_zip(files, 3, DATE + 86400, &c, &clen,
	    &errs), 0);
	ck_assert(clen != alen || memcmp(a, c, alen) != 0);
	free(a);
	free(b);
	free(c);
}
END_TEST

START_TEST(test_zip_refuses_names)
{
	static const char *const bad[] = {
		"", "/etc/passwd", "../x", "a/../../x", "a\\b", "..",
	};
	unsigned char *z = NULL;
	size_t zlen = 0;
	errlist errs = { 0 };

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		bundle_file f = { bad[i], "x", 1 };

		ck_assert_int_eq(bundle_zip(&f, 1, DATE, &z, &zlen, &errs), -1);
		ck_assert_ptr_null(z);
		ck_assert_ptr_nonnull(strstr(err_text(&errs),
		    "not a safe relative name"));
	}
	bundle_file ok = { "a..b/c", "x", 1 };
	ck_assert_int_eq(bundle_zip(&ok, 1, DATE, &z, &zlen, &errs),
	    0);
	free(z);
}
END_TEST

/*
 * malloc, wrapped in this program (the Makefile links it with
 * -Wl,--wrap=malloc): a request of exactly fail_size bytes fails, once.
 * What reeks links statically calls it, minizip (through gen/out/zipmem.c)
 * among them.
 */
void *__real_malloc(size_t size);
void *__wrap_malloc(size_t size);
static size_t fail_size;

void *
__wrap_malloc(size_t size)
{
	if (fail_size != 0 && size == fail_size) {
		fail_size = 0;
		errno = ENOMEM;
		return NULL;
	}
	return __real_malloc(size);
}

/* minizip 1.1 writes through the unchecked malloc() of an entry's central
 * header (46 bytes, the name, 32 spare), the first request of that size
 * while the entry is opened: its failure is "out of memory", and the
 * zip of the same files made next is the same as ever (gen/out/zipmem.h). */
START_TEST(test_zip_out_of_memory)
{
	const bundle_file f = { "reeks/README.txt", "hello\n", 6 };
	unsigned char *a = NULL, *b = NULL;
	size_t alen = 0, blen = 0;
	errlist errs = { 0 };

	ck_assert_int_eq(bundle_zip(&f, 1, DATE, &a, &alen, &errs),
	    0);
	fail_size = 46 + strlen(f.name) + 32;
	ck_assert_int_eq(bundle_zip(&f, 1, DATE, &b, &blen, &errs),
	    -1);
	ck_assert_uint_eq(fail_size, 0);        /* it was asked for */
	ck_assert_str_eq(err_text(&errs),
	    "cannot zip reeks/README.txt: out of memory");
	ck_assert_ptr_null(b);
	ck_assert_int_eq(bundle_zip(&f, 1, DATE, &b, &blen, &errs),
	    0);
	ck_assert_uint_eq(alen, blen);
	ck_assert_int_eq(memcmp(a, b, alen), 0);
	free(a);
	free(b);

	/* A name too long for the pool is refused. */
	char name[ZIPMEM_NAME_MAX + 2];
	memset(name, 'x', sizeof name - 1);
	name[sizeof name - 1] = '\0';
	const bundle_file g = { name, "x", 1 };
	ck_assert_int_eq(bundle_zip(&g, 1, DATE, &b, &blen, &errs),
	    -1);
	ck_assert_int_eq(strncmp(err_text(&errs), "refusing to zip 'xxx",
	    20), 0);
	name[ZIPMEM_NAME_MAX] = '\0';
	ck_assert_int_eq(bundle_zip(&g, 1, DATE, &b, &blen, &errs),
	    0);
	free(b);
}
END_TEST

START_TEST(test_readme)
{
	bundle_parts p = { .version = "1.2", .base_url = BASE, .date = DATE };
	buf b = { 0 };

	bundle_readme(&b, st, &p);
	ck_assert(!b.failed);
	ck_assert_int_eq(strncmp(b.data, DATASET_TITLE_EN "\n===",
	    strlen(DATASET_TITLE_EN) + 4), 0);
	ck_assert_ptr_nonnull(strstr(b.data, "3 series with 5 observations "
	    "from 2 sources, and 3 claims"));
	ck_assert_ptr_nonnull(strstr(b.data, "\nHow to cite\n-----------\n"));
	ck_assert_ptr_nonnull(strstr(b.data, DATASET_PUBLISHER " (2023). "));
	ck_assert_ptr_nonnull(strstr(b.data, "\n  [idpc-2011]\n"));
	ck_assert_ptr_nonnull(strstr(b.data, "\n  [test-synthetic]\n"));
	ck_assert_ptr_nonnull(strstr(b.data, "Break in 2010: Test: a new "
	    "definition from 2010."));
	ck_assert_ptr_nonnull(strstr(b.data, "\n  source_locator  "));
	/* Wrapped: no line is longer than 72 characters but a URL. */
	for (const char *line = b.data; *line != '\0';) {
		size_t len = strcspn(line, "\n");

		if (memchr(line, '/', len) == NULL)
			ck_assert_uint_le(len, 72);
		line += len + (line[len] == '\n');
	}
	buf_free(&b);
}
END_TEST

/* ---- DCAT -------------------------------------------------------------- */

static long
xpath_count(xmlDocPtr d, const char *expr)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(d);
	xmlXPathObjectPtr r;
	long n;

	ck_assert_ptr_nonnull(ctx);
	xmlXPathRegisterNs(ctx, BAD_CAST "rdf",
	    BAD_CAST "http://www.w3.org/1999/02/22-rdf-syntax-ns#");
	xmlXPathRegisterNs(ctx, BAD_CAST "dcat",
	    BAD_CAST "http://www.w3.org/ns/dcat#");
	xmlXPathRegisterNs(ctx, BAD_CAST "dct",
	    BAD_CAST "http://purl.org/dc/terms/");
	xmlXPathRegisterNs(ctx, BAD_CAST "spdx",
	    BAD_CAST "http://spdx.org/rdf/terms#");
	r = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	ck_assert_ptr_nonnull(r);
	n = r->nodesetval != NULL ? r->nodesetval->nodeNr : 0;
	xmlXPathFreeObject(r);
	xmlXPathFreeContext(ctx);
	return n;
}

START_TEST(test_dcat)
{
	static const char sha[] =
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	const dcat_file files[] = {
		{ "data/reeks.csv", "reeks.csv", "All as CSV", 100, sha },
		{ "data/reeks.csv.gz", "reeks.csv.gz", "Gzipped", 50, sha },
		{ "data/reeks.zip", "reeks.zip", "The bundle", 70, sha },
	};
	dcat_opts opts = { BASE, "data/catalog.rdf", "1.2", DATE,
	    "2020-02-02", NULL };
	buf b = { 0 };
	errlist errs = { 0 };
	xmlDocPtr d;

	ck_assert_int_eq(dcat_write(&b, st, &opts, files, 3, &errs),
	    0);
	d = xmlReadMemory(b.data, (int)b.len, "catalog.rdf", "UTF-8",
	    XML_PARSE_NONET);
	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(xpath_count(d, "/rdf:RDF/dcat:Catalog"
	    "[@rdf:about='" BASE "data/catalog.rdf']"), 1);
	ck_assert_int_eq(xpath_count(d, "//dcat:Dataset[dct:identifier and "
	    "dct:title[@xml:lang='en'] and dct:title[@xml:lang='nl'] and "
	    "dct:description and dct:language and dct:license and "
	    "dct:issued='2020-02-02' and dct:modified='2023-11-14' and "
	    "dcat:contactPoint and dct:publisher]"), 1);
	ck_assert_int_eq(xpath_count(d, "//dcat:Distribution"), 3);
	ck_assert_int_eq(xpath_count(d, "//dcat:Distribution[dct:title and "
	    "dct:description and dct:language and dct:license and "
	    "dcat:accessURL and dcat:downloadURL and dct:format and "
	    "dcat:mediaType and dcat:byteSize and dct:issued and "
	    "dct:modified and spdx:checksum/spdx:Checksum/spdx:checksumValue"
	    "='" "0123456789abcdef0123456789abcdef0123456789abcdef"
	    "0123456789abcdef']"), 3);
	ck_assert_int_eq(xpath_count(d, "//dcat:Distribution[@rdf:about='"
	    BASE "data/reeks.csv.gz']/dcat:compressFormat"), 1);
	ck_assert_int_eq(xpath_count(d, "//dcat:Distribution[@rdf:about='"
	    BASE "data/reeks.csv']/dct:format[@rdf:resource='http://"
	    "publications.europa.eu/resource/authority/file-type/CSV']"), 1);
	ck_assert_int_eq(xpath_count(d, "//dcat:downloadURL[@rdf:resource='"
	    BASE "data/reeks.zip']"), 1);
	ck_assert_int_eq(xpath_count(d, "//dcat:byteSize[.='70']"), 1);
	xmlFreeDoc(d);

	/* Refused: a relative base URL, one without its '/', a file of an
	 * unknown type. */
	buf_reset(&b);
	opts.base_url = "example.org/";
	ck_assert_int_eq(dcat_write(&b, st, &opts, files, 3, &errs),
	    -1);
	ck_assert_str_eq(err_text(&errs),
	    "catalog: base URL 'example.org/' is not an "
	    "absolute http(s) URL ending in '/'");
	opts.base_url = BASE;
	dcat_file odd = { "data/x.exe", "x", "x", 1, sha };
	ck_assert_int_eq(dcat_write(&b, st, &opts, &odd, 1, &errs),
	    -1);
	ck_assert_str_ne(err_text(&errs), "");
	ck_assert_uint_eq(b.len, 0);
	buf_free(&b);

	ck_assert(dcat_base_url_ok("https://example.org/"));
	ck_assert(dcat_base_url_ok("http://localhost:8000/a/b/"));
	ck_assert(!dcat_base_url_ok("https://example.org"));
	ck_assert(!dcat_base_url_ok("https:///"));
	ck_assert(!dcat_base_url_ok("ftp://example.org/"));
	ck_assert(!dcat_base_url_ok("https://exa mple.org/"));
	ck_assert(!dcat_base_url_ok("https://example.org/?q=1/"));
	ck_assert(!dcat_base_url_ok("https://example.org/\"><x/"));
	ck_assert(!dcat_base_url_ok(NULL));
}
END_TEST

/* ---- paths and the whole tree ------------------------------------------ */

START_TEST(test_series_paths)
{
	static const char *const bad_ids[] = {
		"", "../etc", "A", "a/b", "a.b", "a b", "a\\b", "..",
	};
	char path[64];
	char long_id[102];

	ck_assert_int_eq(downloads_series_path(path, sizeof path, "nl-x",
	    "csv"), 0);
	ck_assert_str_eq(path, "data/series/nl-x.csv");
	ck_assert_int_eq(downloads_series_path(path, sizeof path, "nl-x",
	    "json.gz"), 0);
	ck_assert_str_eq(path, "data/series/nl-x.json.gz");
	for (size_t i = 0; i < sizeof bad_ids / sizeof bad_ids[0]; i++) {
		strcpy(path, "unchanged");
		ck_assert_int_eq(downloads_series_path(path, sizeof path,
		    bad_ids[i], "csv"), -1);
		ck_assert_str_eq(path, "");
	}
	ck_assert_int_eq(downloads_series_path(path, sizeof path, NULL,
	    "csv"), -1);
	memset(long_id, 'a', 101);
	long_id[101] = '\0';
	ck_assert_int_eq(downloads_series_path(path, sizeof path, long_id,
	    "csv"), -1);
	ck_assert_int_eq(downloads_series_path(path, sizeof path, "x",
	    "html"), -1);
	ck_assert_int_eq(downloads_series_path(path, sizeof path, "x",
	    "csv.gz.gz"), -1);
	ck_assert_int_eq(downloads_series_path(path, sizeof path, "x",
	    "../csv"), -1);
	/* Too small a buffer. */
	ck_assert_int_eq(downloads_series_path(path, 10, "x", "csv"), -1);
	ck_assert_str_eq(path, "");
}
END_TEST

static downloads_opts
tree_opts(char *license)
{
	return (downloads_opts){
		.base_url = BASE,
		.license = license,
		.version = "test",
		.date = DATE,
		.issued = "2026-01-01",
	};
}

/* Write the tree for tests/downloads.sh, and check it holds what it should
 * and comes out the same twice. */
START_TEST(test_downloads_tree)
{
	errlist errs = { 0 };
	char *license = read_all("LICENSE", NULL);
	downloads_opts opts = tree_opts(license);
	out_dir *o, *again;
	const out_file *sums;
	size_t n;

	mkdir("tests/out", 0755);
	o = out_begin(TREE, &errs);
	ck_assert_msg(o != NULL, "%s", err_text(&errs));
	if (downloads_write(o, st, &opts, &errs) != 0)
		ck_abort_msg("downloads_write: %s", err_text(&errs));
	n = out_count(o);
	/* 3 x 2 whole, 6 a series, xsd, the rates (CSV and JSON, each
	 * with its .gz; no series of the fixture names a population),
	 * table schema, datapackage, zip, xlsx, the CSV for Excel, catalog,
	 * sums. */
	ck_assert_uint_eq(n, 6 + 6 * reeks_store_series_count(st) + 4 + 8);
	ck_assert_ptr_nonnull(out_find(o, "data/reeks.xlsx"));
	ck_assert_ptr_nonnull(out_find(o, "data/reeks-excel.csv"));
	ck_assert_ptr_nonnull(out_find(o, "data/rates.csv"));
	ck_assert_ptr_nonnull(out_find(o, "data/rates.json.gz"));
	ck_assert_ptr_nonnull(out_find(o, "data/tableschema.json"));
	for (size_t i = 0; i < n; i++)
		ck_assert_int_eq(strncmp(out_at(o, i)->path, "data/", 5), 0);
	ck_assert_ptr_nonnull(out_find(o,
	    "data/series/nl-opiate-users.xml.gz"));
	ck_assert_ptr_nonnull(out_find(o, "data/reeks.zip"));
	ck_assert_ptr_nonnull(out_find(o, "data/catalog.rdf"));
	sums = out_find(o, "data/SHA256SUMS");
	ck_assert_ptr_nonnull(sums);
	ck_assert_ptr_eq(sums, out_at(o, n - 1));

	/* A second build is byte for byte the same. */
	again = out_begin("tests/out/downloads-again", &errs);
	ck_assert_ptr_nonnull(again);
	ck_assert_int_eq(downloads_write(again, st, &opts, &errs),
	    0);
	ck_assert_uint_eq(out_count(again), n);
	for (size_t i = 0; i < n; i++) {
		ck_assert_str_eq(out_at(again, i)->path, out_at(o, i)->path);
		ck_assert_str_eq(out_at(again, i)->sha256,
		    out_at(o, i)->sha256);
	}
	out_abort(again);
	ck_assert_int_eq(out_commit(o, &errs), 0);

	/* SHA256SUMS: one line per other file, paths relative to data/. */
	char *text = read_all(TREE "/data/SHA256SUMS", NULL);
	ck_assert_uint_eq(count_of(text, "\n"), n - 1);
	ck_assert_ptr_nonnull(strstr(text, "  reeks.zip\n"));
	ck_assert_ptr_nonnull(strstr(text, "  series/nl-opiate-users.csv\n"));
	ck_assert_ptr_null(strstr(text, "data/"));
	free(text);
	free(license);
}
END_TEST

START_TEST(test_downloads_refuses)
{
	errlist errs = { 0 };
	char license[] = "L";
	downloads_opts opts = tree_opts(license);
	out_dir *o = out_begin("tests/out/downloads-bad", &errs);

	ck_assert_ptr_nonnull(o);
	opts.base_url = "https://example.org/no-slash";
	ck_assert_int_eq(downloads_write(o, st, &opts, &errs), -1);
	ck_assert_str_eq(err_text(&errs),
	    "base URL 'https://example.org/no-slash' is not "
	    "an absolute http(s) URL ending in '/'");
	ck_assert_uint_eq(out_count(o), 0);
	out_abort(o);
}
END_TEST

/* The build's SHA-256 (libcrypto's) gives FIPS 180-2's digests, whole
 * and in pieces (one million 'a' in pieces of 1,000); the same digest in
 * pieces of every size as whole, at every length around the block size;
 * and none of it counts as a failed hash. */
START_TEST(test_sha256_fips)
{
	static const struct { const char *in, *want; } cases[] = {
		{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
		{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	};
	unsigned char data[3000];
	char a[1000], want[65], got[65];
	unsigned long failed = sha256_failures();
	uint32_t x = 12345;
	sha256_ctx c;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		sha256_hex(cases[i].in, strlen(cases[i].in), got);
		ck_assert_str_eq(got, cases[i].want);
	}
	memset(a, 'a', sizeof a);
	sha256_init(&c);
	for (int i = 0; i < 1000; i++)
		sha256_update(&c, a, sizeof a);
	sha256_final_hex(&c, got);
	ck_assert_str_eq(got, "cdc76e5c9914fb9281a1c7e284d73e67"
	    "f1809a48a497200e046d39ccc7112cd0");
	for (size_t i = 0; i < sizeof data; i++) {
		x = x * 1103515245u + 12345u;
		data[i] = (unsigned char)(x >> 16);
	}
	for (size_t len = 0; len < sizeof data - 8; len += len < 200 ?
	    1 : 37) {
		sha256_hex(data + 3, len, want);
		sha256_init(&c);
		for (size_t at = 0, step = 1; at < len; at += step,
		    step = step * 3 % 97 + 1)
			sha256_update(&c, data + 3 + at,
			    step < len - at ? step : len - at);
		sha256_final_hex(&c, got);
		ck_assert_str_eq(got, want);
	}
	/* A file that cannot be read: -1 and errno; the hash goes on. */
	sha256_init(&c);
	errno = 0;
	ck_assert_int_eq(sha256_update_file(&c, TREE "/no-such-file"), -1);
	ck_assert_int_eq(errno, ENOENT);
	sha256_update(&c, "abc", 3);
	sha256_final_hex(&c, got);
	ck_assert_str_eq(got, cases[1].want);
	ck_assert_uint_eq(sha256_failures(), failed);
}
END_TEST

static int
collect(void *arg, const void *data, size_t len)
{
	buf_add(arg, data, len);
	return 0;
}

/* gzip in pieces gives the bytes of gzip_compress() of the whole. */
START_TEST(test_gzip_stream_same_bytes)
{
	buf text = { 0 }, pieces = { 0 };
	unsigned char *whole = NULL;
	size_t wlen = 0;
	gzip_stream *g = gzip_stream_new();

	for (int i = 0; i < 20000; i++)
		buf_printf(&text, "%d,\"row %d\",%d.%d\r\n", i % 97, i, i * 7,
		    i % 10);
	ck_assert_int_eq(gzip_compress(text.data, text.len, &whole, &wlen),
	    0);
	ck_assert_ptr_nonnull(g);
	for (size_t at = 0, step = 1; at < text.len; at += step,
	    step = step * 7 % 65521 + 1)
		ck_assert_int_eq(gzip_stream_add(g, text.data + at,
		    step < text.len - at ? step : text.len - at, 0, collect,
		    &pieces), 0);
	ck_assert_int_eq(gzip_stream_add(g, NULL, 0, 1, collect, &pieces), 0);
	ck_assert_uint_eq(pieces.len, wlen);
	ck_assert_int_eq(memcmp(pieces.data, whole, wlen), 0);
	gzip_stream_free(g);
	free(whole);
	buf_free(&text);
	buf_free(&pieces);
}
END_TEST

/* A rebuild links the unchanged files of the old site and writes the
 * rest: also a file edited in place to the same size. */
START_TEST(test_out_links_unchanged)
{
	const char *dir = "tests/out/out-links";
	errlist errs = { 0 };
	char path[256], gzsha[65];
	out_dir *o;
	out_stats stats;
	struct stat a, b;
	struct timespec pause = { 0, 20000000 };
	FILE *f;

	mkdir("tests/out", 0755);
	o = out_begin(dir, &errs);
	ck_assert_msg(o != NULL, "%s", err_text(&errs));
	ck_assert_int_eq(out_write(o, "a.txt", "hello", 5), 0);
	ck_assert_int_eq(out_write(o, "d/b.txt", "world", 5), 0);
	ck_assert_int_eq(out_write_gz(o, "d/c.txt", "again", 5), 0);
	memcpy(gzsha, out_find(o, "d/c.txt.gz")->sha256, sizeof gzsha);
	ck_assert_int_eq(out_commit(o, &errs), 0);
	snprintf(path, sizeof path, "%s/d/b.txt", dir);
	ck_assert_int_eq(stat(path, &b), 0);

	/* Someone edits a.txt in place, keeping its size. */
	snprintf(path, sizeof path, "%s/a.txt", dir);
	nanosleep(&pause, NULL);
	ck_assert_ptr_nonnull(f = fopen(path, "r+"));
	fputc('j', f);
	fclose(f);

	o = out_begin(dir, &errs);
	ck_assert_msg(o != NULL, "%s", err_text(&errs));
	ck_assert_int_eq(out_write(o, "a.txt", "hello", 5), 0);
	ck_assert_int_eq(out_write(o, "d/b.txt", "world", 5), 0);
	ck_assert_int_eq(out_write_gz(o, "d/c.txt", "again", 5), 0);
	out_get_stats(o, &stats);
	ck_assert_uint_eq(stats.written, 1);    /* a.txt */
	ck_assert_uint_eq(stats.linked, 3);     /* b.txt, c.txt, c.txt.gz */
	ck_assert_uint_eq(stats.gz_in, 0);      /* nothing gzipped again */
	ck_assert_str_eq(out_find(o, "d/c.txt.gz")->sha256, gzsha);
	ck_assert_int_eq(out_commit(o, &errs), 0);
	snprintf(path, sizeof path, "%s/a.txt", dir);
	ck_assert_ptr_nonnull(f = fopen(path, "r"));
	ck_assert_int_eq(fgetc(f), 'h');
	fclose(f);
	snprintf(path, sizeof path, "%s/d/b.txt", dir);
	ck_assert_int_eq(stat(path, &a), 0);
	ck_assert_uint_eq(a.st_ino, b.st_ino);  /* the same file */
}
END_TEST

/* What fixed_format() (lib's reeks_fmt_fixed()) makes of printf's bytes
 * in S: never "-0" ("-0.00" is "0.00"), never "-nan". */
static void
no_minus_zero(char *s)
{
	if (s[0] == '-' && (strspn(s + 1, "0.") == strlen(s + 1) ||
	    strcmp(s + 1, "nan") == 0))
		memmove(s, s + 1, strlen(s));
}

/* fixed_format() writes the bytes of printf's "%.*f" but for "-0": ties,
 * values just off a tie, negative zero, and random doubles of every
 * kind; and buf_printf()'s own conversions match vsnprintf's. */
START_TEST(test_fixed_format)
{
	static const struct {
		double v;
		int decimals;
		const char *want;
	} cases[] = {
		{ 0.125, 2, "0.12" }, { 0.375, 2, "0.38" }, { 2.5, 0, "2" },
		{ 3.5, 0, "4" }, { 1.05, 1, "1.1" }, { 0.15, 1, "0.1" },
		{ -0.04, 1, "-0.0" }, { -0.0, 1, "-0.0" }, { 0, 0, "0" },
		{ 1234567.891, 2, "1234567.89" }, { 1e300, 0, NULL },
		{ 4503599627370497.0, 0, "4503599627370497" },
		{ 0.000000000000005, 15, "0.000000000000005" },
	};
	uint64_t x = 88172645463325252u;
	char got[400], want[400];
	buf b = { 0 };

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(want, sizeof want, "%.*f", cases[i].decimals,
		    cases[i].v);
		if (cases[i].want != NULL)
			ck_assert_str_eq(want, cases[i].want);
		no_minus_zero(want);
		ck_assert_uint_eq(fixed_format(got, sizeof got, cases[i].v,
		    cases[i].decimals), strlen(want));
		ck_assert_str_eq(got, want);
	}
	ck_assert_uint_eq(fixed_format(got, sizeof got, NAN, 1), 3);
	ck_assert_str_eq(got, "nan");
	for (int i = 0; i < 200000; i++) {
		double v;
		int d;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		d = (int)(x % 16);
		switch (x >> 60) {
		case 0: case 1: case 2:         /* any bits at all */
			memcpy(&v, &x, sizeof v);
			break;
		case 3: case 4: case 5: case 6: /* a tie at D decimals */
			v = ((double)(x >> 40 & 0xfffff) + 0.5) / pow(10, d);
			break;
		default:                        /* a figure of the data */
			v = (double)(int64_t)(x >> 24 & 0xffffffff) / 1000 *
			    ((x & 1) ? -1 : 1);
			break;
		}
		snprintf(want, sizeof want, "%.*f", d, v);
		no_minus_zero(want);
		fixed_format(got, sizeof got, v, d);
		ck_assert_msg(strcmp(got, want) == 0, "%.17g at %d: %s, not %s",
		    v, d, got, want);
	}
	buf_printf(&b, "a%sb%dc%04d|%04d|%lu|%zu|%.1f|%.0f|%%|%d|%.3f", "S",
	    -7, 42, -5, 123456789UL, (size_t)0, 2.25, 0.5, INT_MIN, 1e20);
	snprintf(want, sizeof want, "a%sb%dc%04d|%04d|%lu|%zu|%.1f|%.0f|%%|"
	    "%d|%.3f", "S", -7, 42, -5, 123456789UL, (size_t)0, 2.25, 0.5,
	    INT_MIN, 1e20);
	ck_assert_str_eq(b.data, want);
	buf_reset(&b);
	buf_printf(&b, "%5.2f|%x", 3.14159, 255u);   /* by vsnprintf */
	ck_assert_str_eq(b.data, " 3.14|ff");
	buf_free(&b);
}
END_TEST

/* A stream that seeks back (as the zip's does) is hashed from the file;
 * with a key it is a derived file, linked by that key the next time. */
START_TEST(test_out_stream_seek)
{
	const char *dir = "tests/out/out-stream";
	const char *parts[] = { "made from this" };
	errlist errs = { 0 };
	char key[65], sha[65], path[256], got[16] = "";
	const out_file *f;
	out_stream *s;
	out_stats stats;
	out_dir *o;
	FILE *in;

	mkdir("tests/out", 0755);
	o = out_begin(dir, &errs);
	ck_assert_msg(o != NULL, "%s", err_text(&errs));
	/* In order: hashed as it goes. */
	ck_assert_ptr_nonnull(s = out_stream_open(o, "plain.txt", &errs));
	ck_assert_int_eq(fputs("one two", out_stream_file(s)), 1);
	ck_assert_int_eq(out_stream_close(o, s, false, NULL), 0);
	sha256_hex("one two", 7, sha);
	ck_assert_str_eq(out_find(o, "plain.txt")->sha256, sha);
	ck_assert_str_eq(out_find(o, "plain.txt")->key, "");
	/* Back to the start and on to the end again. */
	out_key(o, key, "test", parts, 1);
	ck_assert_ptr_nonnull(s = out_stream_open(o, "d/seek.bin", &errs));
	out_stream_set_key(s, key);
	ck_assert_int_eq(fputs("AAAAxyz", out_stream_file(s)), 1);
	ck_assert_int_eq(ftello(out_stream_file(s)), 7);
	ck_assert_int_eq(fseeko(out_stream_file(s), 0, SEEK_SET), 0);
	ck_assert_int_eq(fputs("BB", out_stream_file(s)), 1);
	ck_assert_int_eq(fseeko(out_stream_file(s), 0, SEEK_END), 0);
	ck_assert_int_eq(fputs("!", out_stream_file(s)), 1);
	ck_assert_int_eq(out_stream_close(o, s, false, NULL), 0);
	sha256_hex("BBAAxyz!", 8, sha);
	ck_assert_ptr_nonnull(f = out_find(o, "d/seek.bin"));
	ck_assert_str_eq(f->sha256, sha);
	ck_assert_uint_eq(f->bytes, 8);
	ck_assert_str_eq(f->key, key);
	ck_assert_int_eq(out_commit(o, &errs), 0);
	snprintf(path, sizeof path, "%s/d/seek.bin", dir);
	ck_assert_ptr_nonnull(in = fopen(path, "rb"));
	ck_assert_uint_eq(fread(got, 1, sizeof got - 1, in), 8);
	fclose(in);
	ck_assert_str_eq(got, "BBAAxyz!");

	/* The next build finds it by its key, and makes nothing. */
	o = out_begin(dir, &errs);
	ck_assert_msg(o != NULL, "%s", err_text(&errs));
	ck_assert_int_eq(out_link_derived(o, "d/seek.bin", key), 1);
	out_get_stats(o, &stats);
	ck_assert_uint_eq(stats.linked, 1);
	ck_assert_uint_eq(stats.written, 0);
	ck_assert_str_eq(out_find(o, "d/seek.bin")->sha256, sha);
	out_abort(o);
}
END_TEST

/* util/xmlw.c: the one xmlTextWriter wrapper, in memory and to a stream,
 * with its sticky failure flag. */
#define XMLW_DOC \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
	"<!-- c -->\n" \
	"<r xmlns=\"urn:x\">\n" \
	"  <a k=\"&lt;&amp;&quot;\">t &lt;&amp;&gt;</a>\n" \
	"  <e>x</e>\n" \
	"  <empty/>\n" \
	"</r>\n"

static void
xmlw_doc(xmlw *x)
{
	xmlw_comment(x, " c ");
	xmlw_start_ns(x, "r", "urn:x");
	xmlw_start(x, "a");
	xmlw_attr(x, "k", "<&\"");
	xmlw_attr(x, "none", NULL);
	xmlw_text(x, "t <&>");
	xmlw_text(x, NULL);
	xmlw_end(x);
	xmlw_element(x, "e", "x");
	xmlw_element(x, "skipped", NULL);
	xmlw_start(x, "empty");
	xmlw_end(x);
}

START_TEST(test_xmlw)
{
	xmlw x;
	buf b = { 0 };
	FILE *f;
	char got[512];
	size_t n;

	/* In memory, appended to what B holds. */
	buf_puts(&b, "before\n");
	ck_assert(xmlw_open_mem(&x));
	xmlw_doc(&x);
	ck_assert_int_eq(xmlw_close(&x, &b), 0);
	ck_assert_str_eq(b.data, "before\n" XMLW_DOC);

	/* To a stream, the same bytes. */
	f = tmpfile();
	ck_assert_ptr_nonnull(f);
	ck_assert(xmlw_open_stream(&x, f));
	xmlw_doc(&x);
	ck_assert_int_eq(xmlw_close(&x, NULL), 0);
	rewind(f);
	n = fread(got, 1, sizeof got - 1, f);
	got[n] = '\0';
	fclose(f);
	ck_assert_str_eq(got, XMLW_DOC);

	/* A failed call (an end with nothing open) sticks: later calls do
	 * nothing, close fails and OUT is as it was. */
	buf_reset(&b);
	buf_puts(&b, "kept");
	ck_assert(xmlw_open_mem(&x));
	xmlw_end(&x);
	ck_assert(x.failed);
	xmlw_start(&x, "a");
	xmlw_text(&x, "t");
	ck_assert(x.failed);
	errno = 0;
	ck_assert_int_eq(xmlw_close(&x, &b), -1);
	ck_assert_int_eq(errno, ENOMEM);
	ck_assert_str_eq(b.data, "kept");

	/* A stream that cannot be written: its error comes back. */
	f = fopen("/dev/full", "w");
	if (f != NULL) {
		ck_assert(xmlw_open_stream(&x, f));
		xmlw_doc(&x);
		errno = 0;
		ck_assert_int_eq(xmlw_close(&x, NULL), -1);
		ck_assert_int_eq(errno, ENOSPC);
		fclose(f);
	}
	buf_free(&b);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("downloads");
	TCase *tc = tcase_create("downloads");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_gzip_round_trip);
	tcase_add_test(tc, test_sha256_fips);
	tcase_add_test(tc, test_gzip_stream_same_bytes);
	tcase_add_test(tc, test_out_links_unchanged);
	tcase_add_test(tc, test_out_stream_seek);
	tcase_add_test(tc, test_fixed_format);
	tcase_add_test(tc, test_gzip_reproducible_header);
	tcase_add_test(tc, test_json_escaping);
	tcase_add_test(tc, test_json_numbers);
	tcase_add_test(tc, test_json_writer);
	tcase_add_test(tc, test_csv_unchanged);
	tcase_add_test(tc, test_csv_series);
	tcase_add_test(tc, test_xml_valid_and_round_trips);
	tcase_add_test(tc, test_xml_series_contents);
	tcase_add_test(tc, test_round_trip_text_and_changes);
	tcase_add_test(tc, test_json_export);
	tcase_add_test(tc, test_datapackage);
	tcase_add_test(tc, test_dates);
	tcase_add_test(tc, test_zip_reproducible);
	tcase_add_test(tc, test_zip_refuses_names);
	tcase_add_test(tc, test_zip_out_of_memory);
	tcase_add_test(tc, test_readme);
	tcase_add_test(tc, test_dcat);
	tcase_add_test(tc, test_series_paths);
	tcase_add_test(tc, test_downloads_tree);
	tcase_add_test(tc, test_downloads_refuses);
	tcase_add_test(tc, test_xmlw);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	xmlCleanupParser();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
