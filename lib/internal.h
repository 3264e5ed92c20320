/*
 * internal.h: the layout of libreeks objects and the helpers shared by the
 * library's source files. Not installed; callers use reeks.h only.
 */
#ifndef REEKS_INTERNAL_H
#define REEKS_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#include "reeks.h"
#include "shared.h"

#define REEKS_ID_MAX 100

/* ---- diagnostics ------------------------------------------------------- */

/* Append a diagnostic. FILE may be NULL only with NOMEM kind. Returns false
 * when out of memory (the list then remembers that it lost a message and
 * reports one NOMEM error instead). */
bool reeks_diag_add(reeks_diags *d, reeks_severity sev, reeks_diag_kind kind,
    const char *file, unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* As reeks_diag_add(), with a va_list and the 1-based COLUMN of LINE (0
 * when unknown; ignored when LINE is 0). */
bool reeks_diag_vadd(reeks_diags *d, reeks_severity sev,
    reeks_diag_kind kind, const char *file, unsigned long line,
    unsigned long column, const char *fmt, va_list ap)
    __attribute__((format(printf, 7, 0)));
/* Sort by file, then line, keeping the order of equal keys. */
void reeks_diags_sort(reeks_diags *d);
/* Where the list ends now; after it, drop the diagnostics added since
 * MARK whose kind is not in KEEP (a mask of 1 << kind): a file that
 * turns out not to be valid takes back what reading it reported. */
size_t reeks_diag_mark(const reeks_diags *d);
void reeks_diag_drop_since(reeks_diags *d, size_t mark, unsigned keep);
/* Append copies of FROM's diagnostics A to B (exclusive) to TO. */
void reeks_diag_copy(reeks_diags *to, const reeks_diags *from, size_t a,
    size_t b);

/* ---- libxml2's allocations (xmlmem.c) ----------------------------------- */

/* How many of libxml2's allocations have failed in this process so far:
 * reeks_xml_nomem_watch() first starts counting them (once, before libxml2's
 * first allocation, and only over its default allocators). */
unsigned long reeks_xml_nomem_watch(void);
unsigned long reeks_xml_nomem_count(void);

/* ---- values ------------------------------------------------------------- */

/* Parse a number as the data writes it: optional '-', digits with optional
 * ',' thousands groups, optional decimal part, no exponent. Returns true
 * and sets *OUT when TEXT is such a number and finite. */
bool reeks_value_parse(const char *text, double *out);
/* Whether TEXT (a number as reeks_value_parse() reads it) has no fractional
 * part other than zeros. */
bool reeks_value_is_whole(const char *text);

/* Parse an ISO 8601 period "YYYY", "YYYY-MM", "YYYY-MM-DD" or "A/B" of two
 * of these. On success returns NULL and fills START, END and *INTERVAL; on
 * failure returns a static message saying what is wrong. */
const char *reeks_period_parse(const char *text, reeks_date *start,
    reeks_date *end,
    bool *interval);
/* <0, 0, >0 as A's first day is before, equal to, after B's first day;
 * when LAST, compares last days instead. */
int reeks_date_cmp(reeks_date a, reeks_date b, bool last);

/* A series' kind and measure from their names in the data (nest.c): the
 * default (outcome, level) for NULL. */
int reeks_kind_lookup(const char *name);
int reeks_measure_lookup(const char *name);

/* ---- the store ---------------------------------------------------------- */

/* What topics, geographies, sources and series share, first in each:
 * the id and where it was defined. */
typedef struct item {
	const char *id;
	const char *file;
	unsigned long line;
	unsigned char digest[32];   /* digest.c: see reeks_series_digest() */
} item;

/* Text in the two languages; a member is NULL when absent. */
typedef struct text2 {
	const char *lang[2];
} text2;

typedef struct number {
	const char *text;   /* as written, NULL when absent */
	double v;
} number;

struct reeks_topic {
	item base;          /* first: see item */
	text2 title;
	text2 description;
};

struct reeks_geography {
	item base;          /* first: see item */
	const char *scope;
	text2 name;
	const char *within_id;
	const reeks_geography *within;
	const char *groups_text;           /* 'groups', as written */
	const reeks_geography **groups;    /* resolved */
	size_t ngroups;
};

struct reeks_source {
	item base;          /* first: see item */
	const char *kind;
	const char **authors;
	size_t nauthors;
	const char *title;
	const char *publisher;
	const char *container;
	const char *volume;
	const char *pages;
	const char *year;
	const char *issued;
	const char *url;
	const char *license;
	const char *citation;    /* <citation>: for every language */
	text2 citation_tr;       /* <citation lang="...">, or NULL */
	text2 note;
};

/* What few observations have: bounds, a numerator and denominator, the
 * source's own words, a method, a note. Observations without any share
 * reeks_obs_no_extra, so that the common one stays small. */
typedef struct obs_extra {
	number lower;
	number upper;
	number numerator;
	number denominator;
	const char *printed;
	const char *bounds;      /* what lower/upper are; NULL without them */
	const char *method;      /* EMCDDA method code, or NULL */
	text2 note;
	text2 at;                /* <at lang="...">: at="..." translated */
	const char *change_id;   /* change="...": the change log entry */
	const reeks_change *change;      /* ... resolved, or NULL */
} obs_extra;

extern const obs_extra reeks_obs_no_extra;

/* A date in 32 bits, for the half a million observations a big dataset
 * has: year (0 to 9999) << 9 | month (0 to 12) << 5 | day (0 to 31). A
 * period that did not parse keeps whatever bits were parsed; it is an
 * error, and the store is not used. */
static inline uint32_t
date_pack(reeks_date d)
{
	return ((uint32_t)d.year & 0x3fffu) << 9 |
	    ((uint32_t)d.month & 0xfu) << 5 | ((uint32_t)d.day & 0x1fu);
}

static inline reeks_date
date_unpack(uint32_t p)
{
	return (reeks_date){ (int)(p >> 9), (int)(p >> 5 & 0xfu),
	    (int)(p & 0x1fu) };
}

struct reeks_obs {
	const reeks_series *series;   /* its file is the observation's */
	const char *period;
	uint32_t start;               /* date_pack() */
	uint32_t end;
	number value;
	const char *source_id;
	const reeks_source *source;
	const char *locator;
	const char *excerpt;
	const obs_extra *x;           /* never NULL */
	uint32_t line;
	unsigned char qualifier;      /* a reeks_qualifier */
	char status;
	bool secondary;
	bool interval;
};

struct reeks_break {
	const char *period;
	reeks_date start;
	text2 reason;
	unsigned long line;
};

struct reeks_series {
	item base;          /* first: see item */
	const char *topic_id;
	const reeks_topic *topic;
	const char *indicator;
	reeks_unit unit;
	const char *geography_id;
	const reeks_geography *geography;
	const char *breakdown_dimension;
	const char *breakdown_value;      /* "_T" for a total */
	bool breakdown_complete;          /* a total whose parts cover it */
	unsigned char kind;               /* a reeks_kind */
	unsigned char measure;            /* a reeks_measure */
	bool key;                         /* key="true": a key figure */
	unsigned long breakdown_line;
	const reeks_series *total;        /* a part's total, or NULL */
	const reeks_series **parts;       /* a total's parts, in id order */
	size_t nparts;
	text2 breakdown_label;
	text2 title;
	text2 description;
	text2 definition;
	text2 caveat;
	reeks_break *breaks;     /* in period order */
	size_t nbreaks;
	reeks_obs *obs;
	size_t nobs;
	const char *population_id;     /* rate.c: its denominator */
	const reeks_series *population;
};

typedef struct claim_input {
	const char *series_id;
	const char *period;
	const char *field;
	const reeks_obs *obs;    /* resolved, or NULL */
	unsigned long line;
} claim_input;

struct reeks_claim {
	item base;               /* first: see item */
	const char *operation;
	number value;
	int decimals;            /* of the printed value */
	const char *printed;
	const char *source_id;
	const reeks_source *source;
	const char *locator;
	text2 at;                /* <at lang="...">: at="..." translated */
	const char *excerpt;
	text2 note;
	claim_input *inputs;
	size_t ninputs;
	reeks_claim_verdict verdict;
	double recomputed;
	double tolerance;
	bool has_unrounded;      /* an input is a share printed rounded */
	double unrounded;        /* recomputed from its numerator/denominator */
};

struct reeks_change {
	item base;               /* first: see item */
	const char *date;
	reeks_date when;
	text2 title;
	text2 summary;
};

struct reeks_release {
	item base;               /* first: see item; its id is the name */
	const char *date;
	reeks_date when;
	unsigned long long bytes;
	const char *sha256;
	text2 note;
};

/* Resolve the inputs of every claim of ST and recompute each, adding an
 * error for a broken reference and a warning for a claim that does not
 * hold; and a warning for an observation whose value is not its
 * numerator over its denominator within its printed rounding, or that
 * was printed in words ("two thirds") but is marked exact. */
void reeks_claims_check(reeks_store *st, reeks_diags *diags);

struct reeks_store {
	arena mem;
	/* Sorted by id; each points at the base of its object. */
	item **topics;
	size_t ntopics;
	item **geographies;
	size_t ngeographies;
	item **sources;
	size_t nsources;
	item **series;
	size_t nseries;
	item **claims;
	size_t nclaims;
	reeks_change **changes;  /* by date, then id */
	size_t nchanges;
	item **releases;         /* by name, so by date */
	size_t nreleases;
	size_t nobs;
};

/* The item with ID in ITEMS (N of them, sorted by id), or NULL. */
item *reeks_item_find(item *const *items, size_t n, const char *id);
/* Is ID a name Windows keeps for a device (con, prn, aux, nul, com0 to
 * com9, lpt0 to lpt9), in any case and with any extension ("CON.html"):
 * no file can be named so there. */
bool reeks_id_is_device_name(const char *id);

/* ---- gamma.c: ln Gamma and the incomplete gamma function --------------- */

#define LN_SQRT_2PI 0.918938533204672741780329736406   /* ln sqrt(2 pi) */
/* Terms of a series or continued fraction before giving up. Near the
 * mean both need about 9 sqrt(a) terms, so this covers shapes (and half
 * degrees of freedom) up to about 1e11. */
#define MAX_TERMS 3000000L

/* ln Gamma(z) - ((z - 1/2) ln z - z + ln sqrt(2 pi)) for z >= 10. */
double reeks_stirling_delta(double z);
/* ln Gamma(z) for z > 0. */
double reeks_lngamma(double z);
/* ln(1 + e) - e for e > -1, given L = ln(1 + e). */
double reeks_log1pmx(double e, double l);
/* P(a, x) or Q(a, x) for a > 0, x >= 0 with LX = ln x: the one computed
 * directly as its logarithm in *LNW (Q when *UPPER), the leading factor
 * ln(x^a e^-x / Gamma(a)) in *LFAC; REEKS_STAT_NO_CONVERGENCE when the
 * terms run out. */
reeks_stat_error reeks_igamma(double a, double x, double lx, double *lnw,
    bool *upper, double *lfac);

/* The fuzz target's entry (tests/fuzz/loadcache.c, lib/loadcache.c):
 * decode the SIZE bytes at DATA as a load cache, without its key or
 * checksum (which a fuzzer cannot make), and each of its payloads;
 * returns how many payloads decoded. */
int reeks_cache_fuzz(const unsigned char *data, size_t size);

/* The schema, data/reeks.xsd, compiled in (lib/schema.c is generated). */
extern const unsigned char reeks_schema_xsd_bytes[];
extern const size_t reeks_schema_xsd_len;

#endif /* REEKS_INTERNAL_H */
