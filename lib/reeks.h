/*
 * reeks.h: the public interface of libreeks.
 *
 * libreeks loads a directory of reeks data files (XML, see data/reeks.xsd and
 * reeks-data(5)), validates them against the schema and the rules the schema
 * cannot express, and keeps the topics, geographies, sources, series and
 * observations in a read-only store.
 *
 * Rules that hold for the whole interface:
 *
 *  - Every handle is opaque. Objects reached through a store (topics,
 *    series, observations, ...) and every string they return belong to the
 *    store: they stay valid until reeks_store_free() and must not be freed.
 *  - Functions never print and never exit. Failures come back as a
 *    reeks_result, with details as diagnostics in a reeks_diags list.
 *  - Every *_free() accepts NULL.
 *  - Strings are UTF-8 and NUL-terminated.
 *
 * Threads. libreeks keeps no state of its own between calls but
 * libxml2's (made once, by the first load, safely from any thread) and a
 * count of libxml2's failed allocations. So:
 *
 *  - A loaded store is never written again: any number of threads may
 *    call, at the same time and without a lock, every function that takes
 *    a const store or an object reached through one (look-ups, fields,
 *    reeks_series_stats_compute(), reeks_obs_ci(), ...), until
 *    reeks_store_free(), which must come after all of them return (it is
 *    the one call on a store that is not concurrent).
 *  - Loads may run on several threads at once, each into a reeks_diags
 *    list of its own; a load on a thread where libxml2 cannot run (see
 *    reeks_thread_ready()) fails with REEKS_ENOMEM. A load that sees
 *    libxml2 run out of memory, on any thread, reports REEKS_ENOMEM.
 *  - A reeks_diags list is not locked: one thread at a time uses it (the
 *    load that fills it, then its reader).
 *  - The functions without a store (statistics, reeks_id_valid(),
 *    reeks_text_check(), reeks_line_escape(), reeks_file_open(), ...) may
 *    be called from any thread at any time.
 */
#ifndef REEKS_H
#define REEKS_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(REEKS_BUILDING) && defined(__GNUC__)
#define REEKS_API __attribute__((visibility("default")))
#else
#define REEKS_API
#endif

#define REEKS_VERSION "0.1.0"

/* The version of the library actually linked, e.g. "0.1.0". */
REEKS_API const char *reeks_version(void);

typedef enum reeks_result {
	REEKS_OK = 0,
	REEKS_EINVALID,   /* the input has errors: see the diagnostics */
	REEKS_ENOMEM,     /* out of memory */
	REEKS_EIO         /* a file or directory could not be read */
} reeks_result;

typedef enum reeks_lang {
	REEKS_EN = 0,
	REEKS_NL = 1
} reeks_lang;

/* A calendar date; MONTH and DAY are 0 when the period does not give them. */
typedef struct reeks_date {
	int year;
	int month;
	int day;
} reeks_date;

/* ---------------------------------------------------------------------
 * Diagnostics: errors and warnings, each with file, line and message.
 * ------------------------------------------------------------------- */

typedef struct reeks_diags reeks_diags;
typedef struct reeks_diag reeks_diag;

typedef enum reeks_severity {
	REEKS_ERROR = 0,
	REEKS_WARNING
} reeks_severity;

typedef enum reeks_diag_kind {
	REEKS_DIAG_IO = 0,     /* a file or directory could not be read */
	REEKS_DIAG_XML,        /* not well-formed XML, or not UTF-8 */
	REEKS_DIAG_SECURITY,   /* DOCTYPE, entity or external reference */
	REEKS_DIAG_SCHEMA,     /* violates data/reeks.xsd */
	REEKS_DIAG_DATA,       /* breaks a rule of meaning (ids, units, ...) */
	REEKS_DIAG_NOMEM       /* ran out of memory */
} reeks_diag_kind;

/* A new, empty list. Returns NULL when out of memory.
 * Free with reeks_diags_free(). */
REEKS_API reeks_diags *reeks_diags_new(void);
REEKS_API void reeks_diags_free(reeks_diags *diags);
/* Number of diagnostics, and of those that are errors. */
REEKS_API size_t reeks_diags_count(const reeks_diags *diags);
REEKS_API size_t reeks_diags_errors(const reeks_diags *diags);
/* The I-th diagnostic (0-based), or NULL when I is out of range.
 * Diagnostics are sorted by file, then line. */
REEKS_API const reeks_diag *reeks_diags_at(const reeks_diags *diags,
    size_t i);

/* The file (or directory) the diagnostic is about, as given to the loader
 * joined with the file name: "data/paper.xml", made one line as
 * reeks_line_escape() does. Never NULL. */
REEKS_API const char *reeks_diag_file(const reeks_diag *diag);
/* 1-based line, or 0 when the diagnostic is about a whole file. */
REEKS_API unsigned long reeks_diag_line(const reeks_diag *diag);
/* 1-based column of that line, in bytes, or 0 when it is not known
 * (always 0 when the line is 0). libxml2 gives it for malformed XML and
 * for some schema errors; the errors of meaning have none. The reeks
 * command prints "file:line:column: message" when it is known, else
 * "file:line: message" (GNU style). */
REEKS_API unsigned long reeks_diag_column(const reeks_diag *diag);
REEKS_API reeks_severity reeks_diag_severity(const reeks_diag *diag);
REEKS_API reeks_diag_kind reeks_diag_kind_of(const reeks_diag *diag);
/* The message alone, without file and line, on one line (what it quotes
 * escaped by reeks_line_escape()); never NULL. */
REEKS_API const char *reeks_diag_message(const reeks_diag *diag);

/* TEXT made one line, for a message that quotes it: C0 control
 * characters and DEL become \n, \r, \t or \xHH, and the Unicode line
 * breaks U+0085, U+2028 and U+2029 become \u0085, \u2028 and \u2029; a
 * backslash stays, so that escaping twice changes nothing. Returns a new
 * string (free with free()), or NULL when out of memory. */
REEKS_API char *reeks_line_escape(const char *text);

/* ---------------------------------------------------------------------
 * The store.
 * ------------------------------------------------------------------- */

typedef struct reeks_store reeks_store;
typedef struct reeks_topic reeks_topic;
typedef struct reeks_geography reeks_geography;
typedef struct reeks_source reeks_source;
typedef struct reeks_series reeks_series;
typedef struct reeks_obs reeks_obs;

/*
 * Load every "*.xml" file in directory DIR (not its subdirectories; files
 * whose names start with '.' are skipped) in byte order of their names.
 * Each file is parsed without network access, DTDs or entity expansion,
 * validated against the reeks schema, then checked for meaning. Only
 * regular files are read: a FIFO, device or directory named "*.xml" is an
 * error, reported without reading from it.
 *
 * Every problem found is appended to DIAGS (which must not be NULL); the
 * loader does not stop at the first one.
 *
 * Returns REEKS_OK and sets *OUT to a new store when there is no error
 * (warnings may still have been added); free it with reeks_store_free().
 * Otherwise returns REEKS_EINVALID, REEKS_EIO or REEKS_ENOMEM, sets *OUT to
 * NULL, and DIAGS holds at least one error.
 */
REEKS_API reeks_result reeks_store_load(const char *dir, reeks_diags *diags,
    reeks_store **out);

/*
 * How to load: zero-initialise (reeks_load_options o = { 0 }) and set
 * what differs from the defaults; a NULL pointer is the defaults. Zero is
 * the default of every member, of those to come too.
 */
/* What a load did (reeks_load_options.stats). */
typedef struct reeks_load_stats {
	size_t files;          /* data files listed */
	size_t parsed;         /* of them, parsed and validated from XML */
	size_t cached;         /* of them, taken from the load cache */
	bool cache_read;       /* a valid cache was found at cache_path */
	bool cache_written;    /* a new cache was written there */
} reeks_load_stats;

typedef struct reeks_load_options {
	/* Threads to read the files on, the calling thread one of them;
	 * 0 or 1: the calling thread only. The store and the diagnostics
	 * are the same whatever it is. */
	int jobs;
	/* Room for options to come: leave zero. */
	int reserved;
	/*
	 * The load cache (a directory load only; NULL: none). What each
	 * data file added to the load (its items and its diagnostics) is
	 * kept in this file, by the SHA-256 of the file's bytes, so that
	 * the next load with the same cache takes a file whose bytes are
	 * unchanged from it instead of parsing and validating it again.
	 * References between files, the uniqueness of ids and the checks
	 * across files run every time: the store and the diagnostics are
	 * those of a load without the cache. The cache is trusted only
	 * when whole (magic, format version, a checksum over all of it)
	 * and made by this build of the library, with this schema and this
	 * libxml2 and for the same cache_id; otherwise, and for any file
	 * whose bytes or path differ, the file is read from its XML. A new
	 * cache is written when anything differs and the load succeeds (a
	 * load with an error writes nothing; a temporary file created
	 * exclusively beside it, then renamed over it). A cache that cannot
	 * be read or written costs time only: it is never an error.
	 */
	const char *cache_path;
	/* What identifies the caller's build, mixed into the cache's key
	 * (reeks passes the hash of its executable and libraries); NULL or
	 * "": the library hashes the file it is loaded from. */
	const char *cache_id;
	/* When not NULL, filled in with what the load did. */
	reeks_load_stats *stats;
} reeks_load_options;

/* As reeks_store_load(), with OPTS (NULL: the defaults). */
REEKS_API reeks_result reeks_store_load_opts(const char *dir,
    const reeks_load_options *opts, reeks_diags *diags, reeks_store **out);
/*
 * As reeks_store_load() of a directory holding one data file, whose LEN
 * bytes are at DATA (need not be NUL-terminated) instead of in a file:
 * the same checks (parse, schema, meaning, references between its items)
 * and the same diagnostics, which name NAME as their file (as
 * reeks_store_load() names "DIR/FILE.xml"). The store's items give NAME
 * as their file. DATA is not kept: it may be freed when this returns.
 * OPTS as in reeks_store_load_opts() (jobs does not apply to one file).
 */
REEKS_API reeks_result reeks_store_load_buffer(const char *name,
    const void *data, size_t len, const reeks_load_options *opts,
    reeks_diags *diags, reeks_store **out);
/*
 * Whether the calling thread may use libxml2 (and so the loader, which
 * uses it): true on the thread that first loaded a store, and on any other
 * thread once libxml2's state for that thread exists, which this makes.
 * False when that state cannot be allocated: then the thread must not
 * call libxml2 (libxml2 before 2.12 crashes there; 2.12 and later have
 * xmlCheckThreadLocalStorage() for the same check). A program that runs
 * libxml2 on threads of its own calls this first in each of them.
 * libxml2 before 2.12 prints "xmlGetGlobalState: out of memory" through
 * the generic error handler new threads start with when that state
 * cannot be allocated; the library leaves that process-wide handler as
 * the program set it (a program that must not print sets its own with
 * xmlThrDefSetGenericErrorFunc(), as reeks does).
 */
REEKS_API bool reeks_thread_ready(void);
REEKS_API void reeks_store_free(reeks_store *store);

/* Counts, and the I-th item (NULL when I is out of range). Topics,
 * geographies, sources and series are sorted by id. */
REEKS_API size_t reeks_store_topic_count(const reeks_store *store);
REEKS_API const reeks_topic *reeks_store_topic_at(const reeks_store *store,
    size_t i);
REEKS_API size_t reeks_store_geography_count(const reeks_store *store);
REEKS_API const reeks_geography *reeks_store_geography_at(
    const reeks_store *store, size_t i);
REEKS_API size_t reeks_store_source_count(const reeks_store *store);
REEKS_API const reeks_source *reeks_store_source_at(
    const reeks_store *store, size_t i);
REEKS_API size_t reeks_store_series_count(const reeks_store *store);
REEKS_API const reeks_series *reeks_store_series_at(
    const reeks_store *store, size_t i);
/* Observations in all series. */
REEKS_API size_t reeks_store_obs_count(const reeks_store *store);

/* Look-ups by id; NULL when there is none. */
REEKS_API const reeks_topic *reeks_topic_find(const reeks_store *store,
    const char *id);
REEKS_API const reeks_geography *reeks_geography_find(
    const reeks_store *store, const char *id);
REEKS_API const reeks_source *reeks_source_find(const reeks_store *store,
    const char *id);
REEKS_API const reeks_series *reeks_series_find(const reeks_store *store,
    const char *id);

/*
 * Series whose topic, geography, indicator or source is ID, in id order.
 * Store up to MAX of them in OUT (which may be NULL when MAX is 0) and
 * return how many there are in all, so a caller can size OUT with a first
 * call. reeks_series_by_source matches series with at least one
 * observation from that source.
 */
REEKS_API size_t reeks_series_by_topic(const reeks_store *store,
    const char *id, const reeks_series **out, size_t max);
REEKS_API size_t reeks_series_by_geography(const reeks_store *store,
    const char *id, const reeks_series **out, size_t max);
REEKS_API size_t reeks_series_by_indicator(const reeks_store *store,
    const char *id, const reeks_series **out, size_t max);
REEKS_API size_t reeks_series_by_source(const reeks_store *store,
    const char *id, const reeks_series **out, size_t max);

/* The XML Schema the loader validates against (data/reeks.xsd as it was
 * compiled in), LEN bytes, not NUL-terminated; for publishing beside the
 * data. */
REEKS_API const char *reeks_schema_xsd(size_t *len);

/* True when ID is a valid id: 1 to 100 characters from [a-z0-9-], and
 * not a name Windows keeps for a device (con, prn, aux, nul, com0 to
 * com9, lpt0 to lpt9). Ids are safe to use as file names; anything else
 * must never become a path. */
REEKS_API bool reeks_id_valid(const char *id);

/* ---------------------------------------------------------------------
 * Input files and text, as reeks reads them.
 * ------------------------------------------------------------------- */

/* A flag of reeks_file_open(): refuse a symbolic link (as the last
 * component of the path; the directories above it may be links). */
#define REEKS_FILE_NOFOLLOW 1

/*
 * Open PATH for reading as reeks opens every input file: only a regular
 * file is opened, and anything else (a FIFO, a device such as /dev/zero,
 * a directory, a socket) is refused before a byte is read and without
 * waiting for a writer. With REEKS_FILE_NOFOLLOW in FLAGS a symbolic link
 * is refused too. A file of more than MAX bytes is refused (MAX 0: no
 * limit).
 *
 * Returns a descriptor to close with close(2) and sets *SIZE to the file's
 * size. Otherwise returns -1 with errno set and the reason in MSG (MSGLEN
 * bytes), to follow "PATH: ": "cannot open: No such file or directory",
 * "not a regular file (a pipe)", "not a regular file (a symbolic link)",
 * "larger than 10000000 bytes".
 */
REEKS_API int reeks_file_open(const char *path, int flags, long long max,
    long long *size, char *msg, size_t msglen);
/*
 * Read the file PATH, opened as reeks_file_open() does, whole: also a
 * file that grows past MAX bytes (when MAX > 0) while it is read is
 * refused. Returns 0 and sets *DATA to the bytes with a NUL added
 * (malloc()ed; the caller frees it) and *LEN to their number. Otherwise
 * returns -1 with errno set, the reason in MSG as reeks_file_open() does,
 * *DATA NULL and *LEN 0.
 */
REEKS_API int reeks_file_read(const char *path, int flags, long long max,
    char **data, size_t *len, char *msg, size_t msglen);

/* The length (1 to 4) of the valid UTF-8 character at S, of which N bytes
 * may be read; 0 when the bytes there are not one (an overlong form, a
 * surrogate, above U+10FFFF, cut short) or N is 0. */
REEKS_API size_t reeks_utf8_len(const char *s, size_t n);
/*
 * Whether the LEN bytes of S are text reeks accepts in its inputs (and
 * its output stays well-formed HTML and XML with): valid UTF-8 without a
 * NUL byte, a control character other than tab, line feed and carriage
 * return (C0, DEL, C1) or U+FFFE and U+FFFF. Returns NULL when they are;
 * otherwise the problem ("not valid UTF-8", "a NUL byte", "a control
 * character", "U+FFFE or U+FFFF, which XML does not allow") with the
 * offset of its first byte in *AT.
 */
REEKS_API const char *reeks_text_check(const char *s, size_t len,
    size_t *at);

/* Where an item was defined: data file and 1-based line. */
REEKS_API const char *reeks_series_file(const reeks_series *series);
REEKS_API unsigned long reeks_series_line(const reeks_series *series);

/*
 * The content digest of an item: the SHA-256 (32 bytes) of its element
 * in the data as the reader saw it after parsing and validation: the
 * element's name and namespace, its attributes in order (names, values,
 * and any default the schema filled in), and in order its text (CDATA
 * as text) and child elements, each the same way (a series' <obs>,
 * <break> and <breakdown> included). Not covered: comments and
 * processing instructions (the reader ignores them), the file and line
 * the element is at, and what the item refers to (a series' digest does
 * not change when its topic's title does). Equal digests mean the same
 * content; a build compares them to know what changed. All zeros when
 * hashing failed (out of memory). Valid while the store lives. The
 * same for claims, change entries and releases: reeks_claim_digest(),
 * reeks_change_digest(), reeks_release_digest().
 */
REEKS_API const unsigned char *reeks_series_digest(const reeks_series *s);
REEKS_API const unsigned char *reeks_topic_digest(const reeks_topic *t);
REEKS_API const unsigned char *reeks_geography_digest(
    const reeks_geography *g);
REEKS_API const unsigned char *reeks_source_digest(const reeks_source *s);

/* ---------------------------------------------------------------------
 * Topics and geographies.
 * ------------------------------------------------------------------- */

REEKS_API const char *reeks_topic_id(const reeks_topic *topic);
REEKS_API const char *reeks_topic_title(const reeks_topic *topic,
    reeks_lang lang);
/* NULL when the topic has no description. */
REEKS_API const char *reeks_topic_description(const reeks_topic *topic,
    reeks_lang lang);

REEKS_API const char *reeks_geography_id(const reeks_geography *geo);
REEKS_API const char *reeks_geography_name(const reeks_geography *geo,
    reeks_lang lang);
/* "country", "city-group", "region", "city" or "district". */
REEKS_API const char *reeks_geography_scope(const reeks_geography *geo);
/* The geography this one lies in, or NULL. */
REEKS_API const reeks_geography *reeks_geography_within(
    const reeks_geography *geo);
/* The groups GEO is a member of (Amsterdam: the G4), in the order
 * written; I past the end gives NULL. */
REEKS_API size_t reeks_geography_group_count(const reeks_geography *geo);
REEKS_API const reeks_geography *reeks_geography_group_at(
    const reeks_geography *geo, size_t i);
/* Whether OUTER contains INNER: INNER lies within OUTER or is a member of
 * it, directly or through places that do (the Netherlands contains the
 * G4 and Amsterdam; the G4 contains Amsterdam). A place does not contain
 * itself. */
REEKS_API bool reeks_geography_contains(const reeks_geography *outer,
    const reeks_geography *inner);

/* ---------------------------------------------------------------------
 * Sources. Optional fields return NULL when absent.
 * ------------------------------------------------------------------- */

REEKS_API const char *reeks_source_id(const reeks_source *src);
/* "report", "article", "dataset", "web-page", "press-release", "news". */
REEKS_API const char *reeks_source_kind(const reeks_source *src);
REEKS_API size_t reeks_source_author_count(const reeks_source *src);
REEKS_API const char *reeks_source_author_at(const reeks_source *src,
    size_t i);
/* Title and year are NULL when the source does not give them. */
REEKS_API const char *reeks_source_title(const reeks_source *src);
REEKS_API const char *reeks_source_publisher(const reeks_source *src);
REEKS_API const char *reeks_source_container(const reeks_source *src);
REEKS_API const char *reeks_source_volume(const reeks_source *src);
REEKS_API const char *reeks_source_pages(const reeks_source *src);
REEKS_API const char *reeks_source_year(const reeks_source *src);
REEKS_API const char *reeks_source_issued(const reeks_source *src);
REEKS_API const char *reeks_source_url(const reeks_source *src);
REEKS_API const char *reeks_source_license(const reeks_source *src);
/* The citation for every language, as the data's <citation> gives it. */
REEKS_API const char *reeks_source_citation(const reeks_source *src);
/* The citation in LANG: its <citation lang="..."> when the data gives
 * one, else reeks_source_citation(). */
REEKS_API const char *reeks_source_citation_lang(const reeks_source *src,
    reeks_lang lang);
/* Only the translation into LANG the data gives, or NULL (what an
 * export writes back). */
REEKS_API const char *reeks_source_citation_translation(
    const reeks_source *src, reeks_lang lang);
REEKS_API const char *reeks_source_note(const reeks_source *src,
    reeks_lang lang);

/* ---------------------------------------------------------------------
 * Series. Optional fields return NULL when absent.
 * ------------------------------------------------------------------- */

typedef enum reeks_unit {
	REEKS_UNIT_COUNT = 0,   /* events: cases, deaths */
	REEKS_UNIT_PERSONS,     /* people */
	REEKS_UNIT_PLACES,      /* facilities */
	REEKS_UNIT_PERCENT,     /* 0 to 100 */
	REEKS_UNIT_PER_100K,    /* per 100,000 inhabitants */
	REEKS_UNIT_PER_100PY,   /* per 100 person-years */
	REEKS_UNIT_EUR,
	REEKS_UNIT_EUR_MILLION
} reeks_unit;

REEKS_API const char *reeks_series_id(const reeks_series *series);
REEKS_API const char *reeks_series_title(const reeks_series *series,
    reeks_lang lang);
REEKS_API const char *reeks_series_description(const reeks_series *series,
    reeks_lang lang);
REEKS_API const char *reeks_series_definition(const reeks_series *series,
    reeks_lang lang);
REEKS_API const char *reeks_series_caveat(const reeks_series *series,
    reeks_lang lang);
REEKS_API const reeks_topic *reeks_series_topic(const reeks_series *series);
REEKS_API const char *reeks_series_indicator(const reeks_series *series);
REEKS_API reeks_unit reeks_series_unit(const reeks_series *series);
/* The unit as written in the data: "persons", "per-100k", ... */
REEKS_API const char *reeks_unit_name(reeks_unit unit);
REEKS_API const reeks_geography *reeks_series_geography(
    const reeks_series *series);
/* Breakdown such as dimension "origin", value "dutch"; NULL if none. */
REEKS_API const char *reeks_series_breakdown_dimension(
    const reeks_series *series);
REEKS_API const char *reeks_series_breakdown_value(
    const reeks_series *series);
REEKS_API const char *reeks_series_breakdown_label(
    const reeks_series *series, reeks_lang lang);
/* Whether SERIES is the total of a breakdown (its value is "_T"). */
REEKS_API bool reeks_series_is_total(const reeks_series *series);
/* Whether SERIES is a total whose parts are complete (add up to it). */
REEKS_API bool reeks_series_breakdown_complete(const reeks_series *series);
/* The total a part belongs to (same indicator, unit, geography, kind,
 * measure and dimension), or NULL. */
REEKS_API const reeks_series *reeks_series_total(const reeks_series *series);
/* A total's parts, in id order; I past the end gives NULL. */
REEKS_API size_t reeks_series_part_count(const reeks_series *series);
REEKS_API const reeks_series *reeks_series_part_at(
    const reeks_series *series, size_t i);

/* What a series' figures are: outcomes unless the data says otherwise. */
typedef enum reeks_kind {
	REEKS_KIND_OUTCOME = 0,
	REEKS_KIND_TARGET,
	REEKS_KIND_PLAN
} reeks_kind;
/* What a figure measures: a level, a change by ("an 18% reduction"), a
 * change to ("reduced to 30%"). */
typedef enum reeks_measure {
	REEKS_MEASURE_LEVEL = 0,
	REEKS_MEASURE_CHANGE_BY,
	REEKS_MEASURE_CHANGE_TO
} reeks_measure;
REEKS_API reeks_kind reeks_series_kind(const reeks_series *series);
REEKS_API reeks_measure reeks_series_measure(const reeks_series *series);
/* Whether the data marks the series a key figure (key="true"): the home
 * page shows its latest figure. Only an outcome is one (reeks check
 * refuses a target or plan marked so). */
REEKS_API bool reeks_series_key(const reeks_series *series);
/* As written in the data: "outcome", "change-by", ...; "" when out of
 * range. */
REEKS_API const char *reeks_kind_name(reeks_kind kind);
REEKS_API const char *reeks_measure_name(reeks_measure measure);

/* Series breaks, in period order: from a break's period on, figures are
 * not comparable with earlier ones. */
typedef struct reeks_break reeks_break;
REEKS_API size_t reeks_series_break_count(const reeks_series *series);
REEKS_API const reeks_break *reeks_series_break_at(
    const reeks_series *series, size_t i);
/* The period the break takes effect, as written, and as a date. */
REEKS_API const char *reeks_break_period(const reeks_break *brk);
REEKS_API reeks_date reeks_break_start(const reeks_break *brk);
REEKS_API const char *reeks_break_reason(const reeks_break *brk,
    reeks_lang lang);

/* Observations, in period order (start, then end). */
REEKS_API size_t reeks_series_obs_count(const reeks_series *series);
REEKS_API const reeks_obs *reeks_series_obs_at(const reeks_series *series,
    size_t i);

/* ---------------------------------------------------------------------
 * Observations.
 * ------------------------------------------------------------------- */

typedef enum reeks_qualifier {
	REEKS_QUAL_EXACT = 0,   /* printed without a qualifier */
	REEKS_QUAL_APPROX,      /* "around", "about" */
	REEKS_QUAL_AT_LEAST,    /* "at least", "more than" */
	REEKS_QUAL_AT_MOST,     /* "up to" */
	REEKS_QUAL_RANGE        /* "30% to 40%": see lower and upper */
} reeks_qualifier;

/* "exact", "approx", "at-least", "at-most", "range". */
REEKS_API const char *reeks_qualifier_name(reeks_qualifier q);

REEKS_API const reeks_series *reeks_obs_series(const reeks_obs *obs);
/* The period as written: "2008", "2009-10", "2005/2007". */
REEKS_API const char *reeks_obs_period(const reeks_obs *obs);
/* The order of a series' observations: by the start of their period,
 * then its end, then its text; < 0, 0 or > 0 as for strcmp(). 0 means the
 * same period. */
REEKS_API int reeks_obs_period_cmp(const reeks_obs *a, const reeks_obs *b);
REEKS_API bool reeks_obs_period_is_interval(const reeks_obs *obs);
/* First and last part of the period; equal when it is not an interval. */
REEKS_API reeks_date reeks_obs_period_start(const reeks_obs *obs);
REEKS_API reeks_date reeks_obs_period_end(const reeks_obs *obs);

/*
 * Numbers: each of value, lower, upper, numerator and denominator may be
 * absent. *_text is the number as written in the data ("33,500"), or NULL
 * when absent; the double is 0 when absent.
 */
REEKS_API bool reeks_obs_has_value(const reeks_obs *obs);
REEKS_API double reeks_obs_value(const reeks_obs *obs);
REEKS_API const char *reeks_obs_value_text(const reeks_obs *obs);
REEKS_API bool reeks_obs_has_lower(const reeks_obs *obs);
REEKS_API double reeks_obs_lower(const reeks_obs *obs);
REEKS_API const char *reeks_obs_lower_text(const reeks_obs *obs);
REEKS_API bool reeks_obs_has_upper(const reeks_obs *obs);
REEKS_API double reeks_obs_upper(const reeks_obs *obs);
REEKS_API const char *reeks_obs_upper_text(const reeks_obs *obs);
REEKS_API bool reeks_obs_has_numerator(const reeks_obs *obs);
REEKS_API double reeks_obs_numerator(const reeks_obs *obs);
REEKS_API const char *reeks_obs_numerator_text(const reeks_obs *obs);
REEKS_API bool reeks_obs_has_denominator(const reeks_obs *obs);
REEKS_API double reeks_obs_denominator(const reeks_obs *obs);
REEKS_API const char *reeks_obs_denominator_text(const reeks_obs *obs);

/* The figure's own words when they are not a plain number ("two thirds",
 * "2.800"), or NULL. */
REEKS_API const char *reeks_obs_printed(const reeks_obs *obs);
REEKS_API reeks_qualifier reeks_obs_qualifier(const reeks_obs *obs);
/* What lower and upper are: "range", "ci90", "ci95", "ci99" or
 * "uncertainty"; NULL when the observation has no bounds. */
REEKS_API const char *reeks_obs_bounds(const reeks_obs *obs);
/* The EMCDDA code of the estimation method ("TM", "CR", ...) or NULL. */
REEKS_API const char *reeks_obs_method(const reeks_obs *obs);
/* True for a weak figure kept with a note saying why (a news article, a
 * repost, a figure two sources disagree on). */
REEKS_API bool reeks_obs_secondary(const reeks_obs *obs);
/* SDMX OBS_STATUS: 'A' normal, 'E' estimated, 'P' provisional,
 * 'B' break, 'M' missing. */
REEKS_API char reeks_obs_status(const reeks_obs *obs);
REEKS_API const reeks_source *reeks_obs_source(const reeks_obs *obs);
/* Where in the source: "Section 2, Drug situation, footnote 2", as the
 * data's at="..." gives it for every language. */
REEKS_API const char *reeks_obs_locator(const reeks_obs *obs);
/* Where in the source, in LANG: its <at lang="..."> when the data gives
 * one ("Tabel 6.2.1, rij Totaal"), else reeks_obs_locator(). */
REEKS_API const char *reeks_obs_locator_lang(const reeks_obs *obs,
    reeks_lang lang);
/* Only the translation into LANG the data gives, or NULL. */
REEKS_API const char *reeks_obs_locator_translation(const reeks_obs *obs,
    reeks_lang lang);
/* The source's words the figure was read from. */
REEKS_API const char *reeks_obs_excerpt(const reeks_obs *obs);
REEKS_API const char *reeks_obs_note(const reeks_obs *obs, reeks_lang lang);
/* The change log entry that added or last revised the figure (its
 * change="..."), or NULL. */
typedef struct reeks_change reeks_change;
REEKS_API const reeks_change *reeks_obs_change(const reeks_obs *obs);
REEKS_API const char *reeks_obs_file(const reeks_obs *obs);
REEKS_API unsigned long reeks_obs_line(const reeks_obs *obs);

/* ---------------------------------------------------------------------
 * Claims: a derived figure as a source printed it ("a 66% reduction"),
 * with the observations it derives from, recomputed at load time.
 * ------------------------------------------------------------------- */

typedef struct reeks_claim reeks_claim;

typedef enum reeks_claim_verdict {
	REEKS_CLAIM_HOLDS = 0,       /* recomputes within the printed rounding */
	REEKS_CLAIM_DOES_NOT_HOLD,   /* recomputes to something else */
	REEKS_CLAIM_NOT_VERIFIABLE,  /* the source does not print the inputs */
	/* Holds on the inputs as printed, but not on the unrounded figures
	 * behind them: an input is a share printed rounded ("10%") whose
	 * numerator and denominator are printed too (361 of 3,503). */
	REEKS_CLAIM_HOLDS_ROUNDED
} reeks_claim_verdict;

REEKS_API size_t reeks_store_claim_count(const reeks_store *store);
/* Claims in id order; NULL when I is out of range. */
REEKS_API const reeks_claim *reeks_store_claim_at(const reeks_store *store,
    size_t i);
REEKS_API const reeks_claim *reeks_claim_find(const reeks_store *store,
    const char *id);
/* Claims with an input from series ID (fills up to MAX, returns the
 * total, as reeks_series_by_topic). */
REEKS_API size_t reeks_claims_by_series(const reeks_store *store,
    const char *id, const reeks_claim **out, size_t max);

REEKS_API const char *reeks_claim_id(const reeks_claim *claim);
/* "pct-change", "ratio", "share" or "difference". */
REEKS_API const char *reeks_claim_operation(const reeks_claim *claim);
/* The printed figure, signed, as written and as a number. */
REEKS_API const char *reeks_claim_value_text(const reeks_claim *claim);
REEKS_API double reeks_claim_value(const reeks_claim *claim);
/* The source's words ("a 66% reduction"), or NULL. */
REEKS_API const char *reeks_claim_printed(const reeks_claim *claim);
REEKS_API const reeks_source *reeks_claim_source(const reeks_claim *claim);
REEKS_API const char *reeks_claim_locator(const reeks_claim *claim);
/* As reeks_obs_locator_lang() and reeks_obs_locator_translation(). */
REEKS_API const char *reeks_claim_locator_lang(const reeks_claim *claim,
    reeks_lang lang);
REEKS_API const char *reeks_claim_locator_translation(
    const reeks_claim *claim, reeks_lang lang);
REEKS_API const char *reeks_claim_excerpt(const reeks_claim *claim);
REEKS_API const char *reeks_claim_note(const reeks_claim *claim,
    reeks_lang lang);
/* The inputs A and B (0 or 2 of them): the observation, and which of its
 * numbers ("value", "lower", "upper", "numerator", "denominator"). */
REEKS_API size_t reeks_claim_input_count(const reeks_claim *claim);
REEKS_API const reeks_obs *reeks_claim_input_obs(const reeks_claim *claim,
    size_t i);
REEKS_API const char *reeks_claim_input_field(const reeks_claim *claim,
    size_t i);
REEKS_API reeks_claim_verdict reeks_claim_verdict_of(
    const reeks_claim *claim);
/* The recomputed figure (0 when not verifiable), and the tolerance the
 * printed rounding allows: half a unit of its last decimal. */
REEKS_API double reeks_claim_recomputed(const reeks_claim *claim);
/* The claim recomputed from the unrounded inputs, into *OUT (when OUT is
 * not NULL): an input's value replaced by its numerator over its
 * denominator, in its unit. False, and *OUT untouched, when no input is
 * a share with both printed. */
REEKS_API bool reeks_claim_unrounded(const reeks_claim *claim, double *out);
REEKS_API double reeks_claim_tolerance(const reeks_claim *claim);
REEKS_API const char *reeks_claim_file(const reeks_claim *claim);
REEKS_API unsigned long reeks_claim_line(const reeks_claim *claim);

/* ---------------------------------------------------------------------
 * The change log: what changed in the data, and when.
 * ------------------------------------------------------------------- */

REEKS_API size_t reeks_store_change_count(const reeks_store *store);
/* Changes from oldest to newest (by date, then id); NULL when out of
 * range. */
REEKS_API const reeks_change *reeks_store_change_at(const reeks_store *store,
    size_t i);
REEKS_API const char *reeks_change_id(const reeks_change *change);
/* "YYYY-MM-DD". */
REEKS_API const char *reeks_change_date(const reeks_change *change);
REEKS_API const char *reeks_change_title(const reeks_change *change,
    reeks_lang lang);
REEKS_API const char *reeks_change_summary(const reeks_change *change,
    reeks_lang lang);

/* ---------------------------------------------------------------------
 * Releases: named, dated, frozen copies of the dataset, each the zip
 * releases/NAME.zip in the data directory ('reeks release' makes one and
 * writes its <release>; see data/reeks.xsd).
 * ------------------------------------------------------------------- */

typedef struct reeks_release reeks_release;
/* The digests of claims, change entries and releases: see
 * reeks_series_digest(). */
REEKS_API const unsigned char *reeks_claim_digest(const reeks_claim *c);
REEKS_API const unsigned char *reeks_change_digest(const reeks_change *c);
REEKS_API const unsigned char *reeks_release_digest(
    const reeks_release *r);

REEKS_API size_t reeks_store_release_count(const reeks_store *store);
/* Releases from oldest to newest (by name, which orders them by date);
 * NULL when out of range. */
REEKS_API const reeks_release *reeks_store_release_at(
    const reeks_store *store, size_t i);
/* The release named NAME, or NULL. */
REEKS_API const reeks_release *reeks_store_release_find(
    const reeks_store *store, const char *name);
/* "2026-12" (the first of a month) or "2026-12-15" (a later one). */
REEKS_API const char *reeks_release_name(const reeks_release *release);
/* "YYYY-MM-DD". */
REEKS_API const char *reeks_release_date(const reeks_release *release);
/* The zip's size and SHA-256 (64 lowercase hex digits), as recorded. */
REEKS_API unsigned long long reeks_release_bytes(
    const reeks_release *release);
REEKS_API const char *reeks_release_sha256(const reeks_release *release);
/* What the release is, in LANG; NULL when it has no note. */
REEKS_API const char *reeks_release_note(const reeks_release *release,
    reeks_lang lang);
/* Where its <release> is: for messages about its zip. */
REEKS_API const char *reeks_release_file(const reeks_release *release);
REEKS_API unsigned long reeks_release_line(const reeks_release *release);

/* ---------------------------------------------------------------------
 * Statistics. Pure functions: no I/O, no allocation, no global state.
 *
 * Each returns REEKS_STAT_OK and writes its result, or an error code and
 * leaves *OUT untouched; no function ever writes a NaN or an infinity.
 * A result the double range cannot hold is REEKS_STAT_RANGE (for the
 * changes, intervals and trends also one not 0 but below DBL_MIN).
 * LEVEL is a confidence level in (0, 1), e.g. 0.95. Counts (x, n) must be
 * finite, non-negative whole numbers.
 * ------------------------------------------------------------------- */

typedef enum reeks_stat_error {
	REEKS_STAT_OK = 0,
	REEKS_STAT_NOT_FINITE,      /* an argument is NaN or infinite */
	REEKS_STAT_NEGATIVE,        /* a count, size or time is negative */
	REEKS_STAT_NOT_INTEGER,     /* a count is not a whole number */
	REEKS_STAT_X_ABOVE_N,       /* successes exceed trials */
	REEKS_STAT_ZERO_DIVISOR,    /* a base, size or time is zero */
	REEKS_STAT_LEVEL,           /* level not strictly between 0 and 1 */
	REEKS_STAT_PROBABILITY,     /* probability not strictly between 0 and 1 */
	REEKS_STAT_PARAMETER,       /* degrees of freedom or shape not > 0 */
	REEKS_STAT_TOO_FEW,         /* fewer points than the method needs */
	REEKS_STAT_NOT_POSITIVE,    /* zero or negative value where a log is taken */
	REEKS_STAT_SAME_TIME,       /* the points do not span two distinct times */
	REEKS_STAT_NO_CONVERGENCE,  /* an iteration did not converge */
	REEKS_STAT_NO_MEMORY,       /* out of memory (series statistics only) */
	REEKS_STAT_TOO_LARGE,       /* degrees of freedom or shape above
	                               REEKS_STAT_SHAPE_MAX */
	REEKS_STAT_RANGE            /* the result is beyond the double range:
	                               above DBL_MAX, or not 0 and below
	                               DBL_MIN in magnitude */
} reeks_stat_error;

/* The largest degrees of freedom or shape the distribution functions
 * accept: their accuracy is tested up to here (a Poisson interval's
 * chi-square has 2x + 2 degrees of freedom, so counts up to about 5e9
 * have one). Larger values give REEKS_STAT_TOO_LARGE. */
#define REEKS_STAT_SHAPE_MAX 1e10

/* A short English description of E, e.g. "x is greater than n". */
REEKS_API const char *reeks_stat_strerror(reeks_stat_error e);

/* An estimate with the lower and upper bound of its interval. */
typedef struct reeks_interval {
	double estimate;
	double lower;
	double upper;
} reeks_interval;

/* B - A. */
REEKS_API reeks_stat_error reeks_abs_change(double a, double b, double *out);
/* Percent change from A to B: 100 * (B - A) / A. A must not be 0. */
REEKS_API reeks_stat_error reeks_pct_change(double a, double b, double *out);
/* Compound annual growth rate from A to B over YEARS, in percent:
 * 100 * ((B / A)^(1 / YEARS) - 1). A, B and YEARS must be > 0. */
REEKS_API reeks_stat_error reeks_cagr(double a, double b, double years,
    double *out);
/* X as an index of BASE = 100: 100 * X / BASE. BASE must not be 0. */
REEKS_API reeks_stat_error reeks_index(double x, double base, double *out);

/* Exact (Garwood) interval for a Poisson count X: estimate X, bounds
 * qchisq((1-LEVEL)/2, 2X)/2 (0 when X = 0) and qchisq((1+LEVEL)/2, 2X+2)/2. */
REEKS_API reeks_stat_error reeks_poisson_ci(double x, double level,
    reeks_interval *out);
/* Rate per PER (e.g. 100000) of count X in population POP (> 0), with the
 * exact Poisson interval of X scaled the same way. */
REEKS_API reeks_stat_error reeks_rate_ci(double x, double pop, double per,
    double level, reeks_interval *out);
/*
 * Rates per inhabitant (lib/rate.c). A count series may name a
 * population series of the same geography (<series population="...">);
 * a figure of it then gets a rate per PER inhabitants (the site uses
 * 100,000) with the exact Poisson interval of the count scaled the same
 * way (reeks_rate_ci), when:
 *   - the count is one calendar year ("2008"), a single number printed
 *     without a qualifier, not secondary, not missing (M), provisional
 *     (P) or estimated (E);
 *   - the population series has a figure for that year: one for the year
 *     itself (a World Bank mid-year estimate; a yearly figure with no
 *     stated date), else those dated within the year (1 January, 31
 *     December): one alone, or the mean of the first and the last. A
 *     figure used is a single exact number, not secondary, missing or
 *     provisional. No other year is ever used: a missing year has no rate.
 */
typedef enum reeks_rate_status {
	REEKS_RATE_OK = 0,
	REEKS_RATE_NO_POPULATION_SERIES,  /* the series names none */
	REEKS_RATE_NO_VALUE,      /* no single value: missing, or a range */
	REEKS_RATE_NOT_EXACT,     /* approximate, at least, at most */
	REEKS_RATE_SECONDARY,     /* the count is secondary */
	REEKS_RATE_PROVISIONAL,   /* status P */
	REEKS_RATE_ESTIMATE,      /* status E */
	REEKS_RATE_NOT_A_YEAR,    /* not one calendar year */
	REEKS_RATE_NO_POPULATION, /* no usable population figure that year */
	REEKS_RATE_NO_INTERVAL    /* reeks_rate_ci() refused it */
} reeks_rate_status;

typedef struct reeks_rate {
	const reeks_obs *count;   /* the count */
	const reeks_obs *pop[2];  /* the population figure(s); pop[1] is NULL
	                             unless two were averaged */
	double population;        /* the denominator */
	double rate, lower, upper;  /* per PER, and the interval */
} reeks_rate;

/* The population series of SE, or NULL when it names none. */
REEKS_API const reeks_series *reeks_series_population(
    const reeks_series *se);
/* The rate of count OBS per PER inhabitants with its exact interval at
 * LEVEL: REEKS_RATE_OK and *OUT set, or why there is none (*OUT
 * untouched). Pure: no allocation, any thread. */
REEKS_API reeks_rate_status reeks_obs_rate(const reeks_obs *obs, double per,
    double level, reeks_rate *out);

/* Wilson score interval (no continuity correction) for X of N (N > 0);
 * estimate X / N, all three as proportions in [0, 1]. */
REEKS_API reeks_stat_error reeks_wilson_ci(double x, double n, double level,
    reeks_interval *out);
/* Clopper-Pearson exact interval for X of N (N > 0), as proportions. */
REEKS_API reeks_stat_error reeks_exact_binom_ci(double x, double n,
    double level, reeks_interval *out);
/* Ratio of the rates X1/T1 and X2/T2 (person-time or population T > 0)
 * with the exact conditional interval (binomial on X1 given X1 + X2), as
 * R's poisson.test(c(X1, X2), c(T1, T2)). X2 must be > 0. */
REEKS_API reeks_stat_error reeks_rate_ratio_ci(double x1, double t1,
    double x2, double t2, double level, reeks_interval *out);
/*
 * Log-linear trend: least squares of ln(VALUES[i]) on TIMES[i] over N >= 3
 * points; estimate the annual percent change 100 * (e^b - 1) with the
 * interval from b +- t(N-2) * se(b). VALUES must be > 0; TIMES must hold
 * at least two distinct values.
 */
REEKS_API reeks_stat_error reeks_apc(const double *times,
    const double *values, size_t n, double level, reeks_interval *out);
/*
 * Average annual percent change over segments. Segment k runs from point
 * STARTS[k] to point STARTS[k+1] (the joinpoint is in both segments) and the
 * last to point N-1; STARTS[0] must be 0, STARTS increasing, and every
 * segment must have at least 3 points. Each segment's slope b_k is fitted
 * as in reeks_apc, weighted by its length in time w_k:
 * AAPC = 100 * (e^(sum w_k b_k / sum w_k) - 1), with the interval from
 * var = sum (w_k / W)^2 var(b_k) and a t quantile with sum (n_k - 2)
 * degrees of freedom.
 */
REEKS_API reeks_stat_error reeks_aapc(const double *times,
    const double *values, size_t n, const size_t *starts, size_t nsegments,
    double level, reeks_interval *out);

/* Quantile functions, to 1e-9 relative accuracy or better: the P-quantile
 * (0 < P < 1) of the standard normal, Student t with DF > 0 degrees of
 * freedom, chi-square with DF > 0, and beta with shapes A, B > 0. */
REEKS_API reeks_stat_error reeks_qnorm(double p, double *out);
REEKS_API reeks_stat_error reeks_qt(double p, double df, double *out);
REEKS_API reeks_stat_error reeks_qchisq(double p, double df, double *out);
REEKS_API reeks_stat_error reeks_qbeta(double p, double a, double b,
    double *out);
/* The matching distribution functions P(X <= x). */
REEKS_API reeks_stat_error reeks_pnorm(double x, double *out);
REEKS_API reeks_stat_error reeks_pt(double x, double df, double *out);
REEKS_API reeks_stat_error reeks_pchisq(double x, double df, double *out);
REEKS_API reeks_stat_error reeks_pbeta(double x, double a, double b,
    double *out);

/* ---------------------------------------------------------------------
 * Derived statistics of a series, chosen by its unit and its data.
 * ------------------------------------------------------------------- */

/* How an observation's interval was computed. */
typedef enum reeks_obs_ci_method {
	REEKS_CI_NONE = 0,   /* none applies */
	REEKS_CI_POISSON,    /* exact Poisson: a count of events */
	REEKS_CI_WILSON      /* Wilson: a percent with numerator and denominator */
} reeks_obs_ci_method;

/*
 * The interval for observation O at LEVEL, chosen by its unit: a count of
 * events (unit count, qualifier exact, not an estimate) gets the exact
 * Poisson interval; a percent with a printed numerator and denominator gets
 * the Wilson interval, in percent. Returns the method and fills *OUT, or
 * REEKS_CI_NONE and leaves *OUT untouched.
 */
REEKS_API reeks_obs_ci_method reeks_obs_ci(const reeks_obs *o, double level,
    reeks_interval *out);

/* The trend statistics of a series, or of one of its segments. */
typedef struct reeks_series_stats {
	/* The points the trend uses: the figures of the segment that
	 * reeks_obs_left_out() does not leave out. */
	size_t npoints;
	const reeks_obs *first;      /* the earliest point, or NULL */
	const reeks_obs *last;       /* the latest point, or NULL */
	double years;                /* from first to last */
	/* Two or more points: change from first to last. */
	bool has_change;
	double abs_change;
	bool has_pct_change;         /* first value is not 0 */
	double pct_change;
	bool has_cagr;               /* both values > 0, years > 0 */
	double cagr;
	/* Three or more points, all values > 0: the log-linear trend. */
	bool has_apc;
	reeks_interval apc;
	double level;
} reeks_series_stats;

/* Compute the trend statistics of SE's last segment (its figures from
 * its last break on; all of them when it has none) at LEVEL (0 < LEVEL <
 * 1). Returns REEKS_STAT_OK (some or none of the has_* set),
 * REEKS_STAT_LEVEL, or REEKS_STAT_NO_MEMORY. A page shows every segment:
 * see reeks_segment_stats(). */
REEKS_API reeks_stat_error reeks_series_stats_compute(const reeks_series *se,
    double level, reeks_series_stats *out);

/*
 * Segments. A series' breaks split its figures into segments: from a
 * break's period on, figures are not comparable with earlier ones, so
 * each segment gets statistics of its own (change and compound growth
 * from its first to its last figure, and the log-linear trend), and none
 * is computed across a break. An observation belongs to the segment its
 * period starts in. Within a segment, the figures that
 * reeks_obs_left_out() names a reason for are left out; estimated
 * figures (status E) are used, and counted in nestimated so that a page
 * can say so.
 */

/* Why a figure is left out of its segment's statistics: flags, any
 * number of them; 0 when it is used. */
enum {
	REEKS_LEFT_NO_VALUE = 1u << 0,    /* no value (a range aside), or
	                                     status M */
	REEKS_LEFT_SPAN = 1u << 1,        /* a period of several years,
	                                     months or days: "1985/1989" */
	REEKS_LEFT_RANGE = 1u << 2,       /* a range ("30% to 40%") */
	REEKS_LEFT_BOUND = 1u << 3,       /* "at least" or "at most" */
	REEKS_LEFT_SECONDARY = 1u << 4,   /* from a secondary source */
	REEKS_LEFT_PROVISIONAL = 1u << 5  /* status P: may be incomplete */
};
/* The REEKS_LEFT_* flags of O; 0 when its segment's statistics use it. */
REEKS_API unsigned reeks_obs_left_out(const reeks_obs *o);
/* The name of one REEKS_LEFT_* flag: "no-value", "period-span", "range",
 * "bound", "secondary", "provisional"; NULL for anything else. */
REEKS_API const char *reeks_left_out_name(unsigned flag);

/* One segment: observations FIRST to FIRST + NOBS - 1 of its series
 * (reeks_series_obs_at()). Filled by reeks_series_segment_at(); the
 * pointers belong to the store. */
typedef struct reeks_segment {
	const reeks_series *series;
	/* The break the segment begins at (the latest break at or before
	 * its first figure); NULL for the figures before every break. */
	const reeks_break *brk;
	size_t first;
	size_t nobs;                 /* at least 1 */
	size_t nused;                /* figures not left out */
	size_t nestimated;           /* of those, status E */
	reeks_date start;            /* the start of its first figure */
	reeks_date end;              /* the end of its last figure */
} reeks_segment;

/* The number of segments of SE that hold at least one observation: 0
 * when it has none, 1 + the number of breaks at most. */
REEKS_API size_t reeks_series_segment_count(const reeks_series *se);
/* Fill *OUT with SE's I-th segment (0-based, in period order) and return
 * true; false, *OUT untouched, when I is out of range. */
REEKS_API bool reeks_series_segment_at(const reeks_series *se, size_t i,
    reeks_segment *out);
/* The statistics of SEG over its figures that are not left out, as
 * reeks_series_stats_compute() computes them: change and compound growth
 * for 2 or more, the log-linear trend for 3 or more (all above 0).
 * Returns REEKS_STAT_OK, REEKS_STAT_LEVEL or REEKS_STAT_NO_MEMORY. */
REEKS_API reeks_stat_error reeks_segment_stats(const reeks_segment *seg,
    double level, reeks_series_stats *out);

#ifdef __cplusplus
}
#endif

#endif /* REEKS_H */
