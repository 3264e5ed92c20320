/*
 * load.c: read a data directory into a store.
 *
 * Each file goes through three stages, and a file that fails one stage is
 * not looked at by the next:
 *   1. parse: well-formed UTF-8 XML, no DOCTYPE (so no DTD, no entities,
 *      no external references), no network;
 *   2. validate against the compiled-in schema (data/reeks.xsd);
 *   3. read into the store, checking what the schema cannot: periods,
 *      numbers against their unit, bounds, both languages.
 * The three run together, in one pass over the file (load_file()), and a
 * file with a problem at any stage takes back what the later stages did
 * with it, so the result is as if they ran one after the other. Files may
 * be read on several threads (reeks_load_options.jobs, by the thread pool
 * of par.c), each taken whole by one, and what each added is taken in
 * file order. A file may also come from memory (reeks_store_load_buffer()),
 * read by the same code.
 * When every file is read, references between files are resolved and ids
 * checked for uniqueness. Every problem becomes a diagnostic.
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

/* The options keep the size they had before the cache's members. */
_Static_assert(sizeof(void *) != 8 || sizeof(reeks_load_options) == 32,
    "reeks_load_options changed size");

/* The extra record of every observation that has none (internal.h). */
const obs_extra reeks_obs_no_extra;

ptrvec *
reeks_kind_vec(loader *ld, int k)
{
	switch (k) {
	case 0: return &ld->topics;
	case 1: return &ld->geographies;
	case 2: return &ld->sources;
	case 3: return &ld->series;
	case 4: return &ld->claims;
	case 5: return &ld->changes;
	default: return &ld->releases;
	}
}

static reeks_marks
mark(loader *ld)
{
	reeks_marks m;

	for (int k = 0; k < REEKS_KINDS; k++)
		m.items[k] = reeks_kind_vec(ld, k)->n;
	m.diags = reeks_diag_mark(ld->diags);
	return m;
}

/* Take back the items read since M and the diagnostics whose kind is not
 * in KEEP. */
static void
roll_back(loader *ld, const reeks_marks *m, unsigned keep)
{
	for (int k = 0; k < REEKS_KINDS; k++)
		reeks_kind_vec(ld, k)->n = m->items[k];
	reeks_diag_drop_since(ld->diags, m->diags, keep |
	    1u << REEKS_DIAG_IO | 1u << REEKS_DIAG_NOMEM);
}

/*
 * Parse, validate and read one file in one pass. libxml2's SAX2 handlers
 * build the tree of one top-level element (a topic, a series, ...) at a
 * time; the schema checks the same events as they come (xmlSchemaSAXPlug);
 * each top-level element is read into the store as soon as the schema has
 * seen it whole, if the file has met no problem so far, and then freed. So
 * no file is ever held whole as a tree. A file with a problem anywhere
 * takes back what was read from it and what reading it reported: the
 * result is as if each stage ran on the whole file before the next (see
 * the top of this file): a malformed file reports its parse error alone,
 * an invalid one its schema errors alone.
 */
static void
load_file(loader *ld, input in, off_t size, xmlSchemaValidCtxtPtr vctxt)
{
	const int options = XML_PARSE_NONET | XML_PARSE_NOCDATA |
	    XML_PARSE_BIG_LINES | XML_PARSE_NOWARNING | XML_PARSE_COMPACT;
	stream s = { .ld = ld };
	stream *outer = reeks_current;
	reeks_marks m = mark(ld);
	xmlParserCtxtPtr ctxt = NULL;
	xmlSchemaSAXPlugPtr plug = NULL;
	bool valid = false;

	ld->doctype = false;
	ld->xml_error = false;
	ld->schema_errors = 0;
	if (size == 0) {
		reeks_report(ld, REEKS_DIAG_XML, 0, "the file is empty");
		goto out;
	}
	if ((ctxt = xmlCreateIOParserCtxt(NULL, NULL, reeks_input_read,
	    reeks_input_close, &in, XML_CHAR_ENCODING_NONE)) == NULL) {
		ld->nomem = true;
		goto out;
	}
	xmlCtxtUseOptions(ctxt, options);
	ctxt->linenumbers = 1;
	ctxt->_private = ld;
	/* Errors come structured (reeks_on_parse_error, set below on the schema
	 * layer's handlers); without these the layer would print. */
	ctxt->sax->error = NULL;
	ctxt->sax->warning = NULL;
	ctxt->sax->fatalError = NULL;
	ctxt->sax->serror = NULL;
	/* A DOCTYPE stops the parse (reeks_on_doctype): nothing of a DTD, no
	 * entity and no external reference is ever loaded. */
	ctxt->sax->internalSubset = reeks_on_doctype;
	ctxt->sax->externalSubset = NULL;
	ctxt->sax->entityDecl = NULL;
	ctxt->sax->resolveEntity = NULL;
	ctxt->sax->startElementNs = reeks_tree_start;
	ctxt->sax->endElementNs = reeks_tree_end;
	s.ctxt = ctxt;
	if ((plug = xmlSchemaSAXPlug(vctxt, &ctxt->sax,
	    &ctxt->userData)) == NULL) {
		ld->nomem = true;
		goto out;
	}
	ctxt->sax->serror = reeks_on_parse_error;
	s.plug_end = ctxt->sax->endElementNs;
	ctxt->sax->endElementNs = reeks_stream_end;
	s.plug_start = ctxt->sax->startElementNs;
	ctxt->sax->startElementNs = reeks_stream_start;
	s.plug_text = ctxt->sax->characters;
	ctxt->sax->characters = reeks_stream_text;
	ctxt->sax->ignorableWhitespace = reeks_stream_text;
	s.plug_comment = ctxt->sax->comment;
	ctxt->sax->comment = reeks_stream_comment;
	s.plug_pi = ctxt->sax->processingInstruction;
	ctxt->sax->processingInstruction = reeks_stream_pi;
	ctxt->sax->cdataBlock = reeks_stream_cdata;
	s.plug_reference = ctxt->sax->reference;
	ctxt->sax->reference = reeks_stream_reference;
	s.plug_end_document = ctxt->sax->endDocument;
	ctxt->sax->endDocument = reeks_stream_end_document;
	xmlSchemaValidateSetLocator(vctxt, reeks_stream_locate, &s);
	reeks_current = &s;
	xmlParseDocument(ctxt);
	valid = xmlSchemaIsValid(vctxt) == 1;
	reeks_current = outer;
	xmlSchemaSAXUnplug(plug);

	if (in.err != 0) {
		roll_back(ld, &m, 0);
		reeks_report(ld, REEKS_DIAG_IO, 0, "cannot read: %s",
		    strerror(in.err));
	} else if (ld->doctype || ld->xml_error || !ctxt->wellFormed ||
	    ctxt->myDoc == NULL) {
		if (!ld->doctype && !ld->xml_error)
			reeks_report(ld, REEKS_DIAG_XML, 0, "malformed XML");
		roll_back(ld, &m, 1u << REEKS_DIAG_XML |
		    1u << REEKS_DIAG_SECURITY);
	} else if (ctxt->myDoc->encoding != NULL &&
	    strcasecmp((const char *)ctxt->myDoc->encoding, "UTF-8") != 0) {
		roll_back(ld, &m, 1u << REEKS_DIAG_XML |
		    1u << REEKS_DIAG_SECURITY);
		reeks_report(ld, REEKS_DIAG_XML, 1,
		    "encoding '%s' is not allowed: data files are UTF-8",
		    (const char *)ctxt->myDoc->encoding);
	} else if (ld->schema_errors > 0 || !valid) {
		if (ld->schema_errors == 0)
			reeks_report(ld, REEKS_DIAG_SCHEMA, 0,
			    "schema: the file does not validate");
		roll_back(ld, &m, 1u << REEKS_DIAG_SCHEMA);
	} else if (s.bad_version)
		reeks_report(ld, REEKS_DIAG_DATA, s.version_line,
		    "unsupported format version '%s' (this reeks reads "
		    "version 1)", s.version != NULL ? s.version : "");
out:
	reeks_current = outer;
	free(s.text);
	if (ctxt != NULL) {
		xmlFreeDoc(ctxt->myDoc);
		ctxt->myDoc = NULL;
		xmlFreeParserCtxt(ctxt);
	}
	if (in.f != NULL)
		fclose(in.f);
}

/* load_file() of the file PATH, kept in the store as the items' file
 * name. */
static void
load_path(loader *ld, const char *path, xmlSchemaValidCtxtPtr vctxt)
{
	input in = { 0 };
	off_t size = 0;

	if ((ld->file = reeks_arena_strdup(&ld->st->mem, path)) == NULL)
		ld->nomem = true;
	else if ((in.f = reeks_open_file(ld, path, &size)) != NULL)
		load_file(ld, in, size, vctxt);
}

/* The load cache of one load (reeks_load_options.cache_path). */
typedef struct cache_run {
	load_cache *old;               /* the cache read, or NULL */
	reeks_cache_file *files;       /* per file: what the new one keeps */
	bool *owned;                   /* per file: its payload is malloc'd */
	bool *cached;                  /* per file: taken from OLD */
	unsigned char key[32];
} cache_run;

/* load_path() of file I of a load, PATH, through the cache CR (NULL:
 * none): a file whose path and bytes the old cache has is taken from
 * it; any other is parsed, and what it added is kept for the new
 * cache. */
static void
load_one(loader *ld, const char *path, size_t i, xmlSchemaValidCtxtPtr vctxt,
    cache_run *cr)
{
	reeks_cache_file *f;
	char *data = NULL, msg[256];
	size_t len = 0, plen = 0;
	const unsigned char *payload;
	unsigned char *out = NULL;

	if (cr == NULL) {
		load_path(ld, path, vctxt);
		return;
	}
	f = &cr->files[i];
	f->path = path;
	/* A file that cannot be read whole is left to load_path(), which
	 * says why. */
	if (reeks_file_read(path, 0, 0, &data, &len, msg, sizeof msg) != 0 ||
	    !reeks_sha256(data, len, f->hash)) {
		free(data);
		load_path(ld, path, vctxt);
		return;
	}
	if ((ld->file = reeks_arena_strdup(&ld->st->mem, path)) == NULL) {
		ld->nomem = true;
		free(data);
		return;
	}
	reeks_marks m = mark(ld);
	if (reeks_cache_find(cr->old, path, f->hash, &payload, &plen)) {
		if (reeks_cache_restore(ld, payload, plen)) {
			f->payload = payload;
			f->len = plen;
			cr->cached[i] = true;
			free(data);
			return;
		}
		/* Not what this library writes: take back what it added. */
		for (int k = 0; k < REEKS_KINDS; k++)
			reeks_kind_vec(ld, k)->n = m.items[k];
		reeks_diag_drop_since(ld->diags, m.diags, 0);
	}
	if (!ld->nomem) {
		input in = { .mem = data, .len = len };

		load_file(ld, in, (off_t)len, vctxt);
	}
	reeks_marks to = mark(ld);
	if (!ld->nomem && reeks_cache_encode(ld, &m, &to, &out, &plen)) {
		f->payload = out;
		f->len = plen;
		cr->owned[i] = true;
	}
	free(data);
}

/* ---- across files ---------------------------------------------------- */

static int
item_cmp(const void *pa, const void *pb)
{
	const item *a = *(const item *const *)pa;
	const item *b = *(const item *const *)pb;
	int c = strcmp(a->id, b->id);

	if (c == 0)
		c = strcmp(a->file, b->file);
	if (c == 0)
		c = a->line < b->line ? -1 : a->line > b->line;
	return c;
}

/* Sort V by id and report each id defined twice, and each that cannot be
 * a file name on every system (the schema allows only [a-z0-9-]). */
static void
sort_unique(loader *ld, ptrvec *v, const char *kind)
{
	for (size_t i = 0; i < v->n; i++) {
		const item *a = v->items[i];

		if (reeks_id_is_device_name(a->id))
			reeks_diag_add(ld->diags, REEKS_ERROR, REEKS_DIAG_DATA,
			    a->file, a->line, "%s id '%s' is a device name "
			    "on Windows (con, prn, aux, nul, com0 to com9, "
			    "lpt0 to lpt9), and ids become file names: choose "
			    "another", kind, a->id);
	}
	if (v->n > 1)
		qsort(v->items, v->n, sizeof *v->items, item_cmp);
	for (size_t i = 1; i < v->n; i++) {
		const item *a = v->items[i - 1], *b = v->items[i];

		if (strcmp(a->id, b->id) != 0)
			continue;
		reeks_diag_add(ld->diags, REEKS_ERROR, REEKS_DIAG_DATA, b->file,
		    b->line, "duplicate %s id '%s' (first defined at %s:%lu)",
		    kind, b->id, a->file, a->line);
	}
}

static void
resolve(loader *ld)
{
	reeks_store *st = ld->st;

	for (size_t i = 0; i < st->ngeographies; i++) {
		reeks_geography *g = (reeks_geography *)st->geographies[i];

		if (g->within_id == NULL)
			continue;
		g->within =
		    (const reeks_geography *)reeks_item_find(st->geographies,
		    st->ngeographies, g->within_id);
		if (g->within == NULL)
			reeks_diag_add(ld->diags, REEKS_ERROR, REEKS_DIAG_DATA,
			    g->base.file, g->base.line, "geography '%s' is within "
			    "unknown geography '%s'", g->base.id, g->within_id);
	}
	reeks_check_within(ld);
	for (size_t i = 0; i < st->nseries; i++) {
		reeks_series *se = (reeks_series *)st->series[i];

		se->topic = (const reeks_topic *)reeks_item_find(st->topics,
		    st->ntopics, se->topic_id);
		if (se->topic == NULL)
			reeks_diag_add(ld->diags, REEKS_ERROR, REEKS_DIAG_DATA,
			    se->base.file, se->base.line, "series '%s': unknown topic "
			    "'%s'", se->base.id, se->topic_id);
		se->geography =
		    (const reeks_geography *)reeks_item_find(st->geographies,
		    st->ngeographies, se->geography_id);
		if (se->geography == NULL)
			reeks_diag_add(ld->diags, REEKS_ERROR, REEKS_DIAG_DATA,
			    se->base.file, se->base.line, "series '%s': unknown "
			    "geography '%s'", se->base.id, se->geography_id);
		for (size_t j = 0; j < se->nobs; j++) {
			reeks_obs *o = &se->obs[j];

			o->source =
			    (const reeks_source *)reeks_item_find(st->sources,
			    st->nsources, o->source_id);
			if (o->source == NULL)
				reeks_diag_add(ld->diags, REEKS_ERROR,
				    REEKS_DIAG_DATA, se->base.file, o->line,
				    "unknown source '%s'",
				    o->source_id != NULL ? o->source_id : "");
			if (o->x->change_id == NULL)
				continue;
			/* The changes, sorted by id (sort_unique()). The
			 * extra record is this observation's own. */
			((obs_extra *)o->x)->change = (const reeks_change *)
			    reeks_item_find(ld->changes.items, ld->changes.n,
			    o->x->change_id);
			if (o->x->change == NULL)
				reeks_diag_add(ld->diags, REEKS_ERROR,
				    REEKS_DIAG_DATA, se->base.file, o->line,
				    "unknown change '%s': change=\"...\" names "
				    "the change log entry that added or revised "
				    "the figure", o->x->change_id);
		}
		st->nobs += se->nobs;
	}
	reeks_rate_resolve(ld);
}

/* Copy vector V into the store as an array of N items. */
static item **
keep_vec(loader *ld, ptrvec *v, size_t *n)
{
	item **items = reeks_arena_alloc(&ld->st->mem,
	    (v->n ? v->n : 1) * sizeof *items);

	if (items == NULL) {
		ld->nomem = true;
		*n = 0;
		return NULL;
	}
	if (v->n > 0)
		memcpy(items, v->items, v->n * sizeof *items);
	*n = v->n;
	return items;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.xml files of DIR, sorted, as a NULL-terminated array of malloc'd
 * paths (free with free_paths). NULL after reporting a problem. */
static char **
list_files(loader *ld, const char *dir, size_t *count)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **paths = NULL;
	size_t n = 0, cap = 0;

	*count = 0;
	if (d == NULL) {
		reeks_report(ld, REEKS_DIAG_IO, 0,
		    "cannot open data directory: %s", strerror(errno));
		return NULL;
	}
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);

		if (e->d_name[0] == '.' || len < 5 ||
		    strcmp(e->d_name + len - 4, ".xml") != 0)
			continue;
		if (n + 1 >= cap) {
			size_t ncap = cap ? cap * 2 : 16;
			char **np = realloc(paths, ncap * sizeof *np);

			if (np == NULL)
				goto nomem;
			paths = np;
			cap = ncap;
		}
		size_t plen = strlen(dir) + 1 + len + 1;
		if ((paths[n] = malloc(plen)) == NULL)
			goto nomem;
		snprintf(paths[n], plen, "%s%s%s", dir,
		    dir[0] != '\0' && dir[strlen(dir) - 1] == '/' ? "" : "/",
		    e->d_name);
		n++;
	}
	closedir(d);
	if (n == 0) {
		reeks_report(ld, REEKS_DIAG_IO, 0,
		    "no data files (*.xml) in the data directory");
		free(paths);
		return NULL;
	}
	qsort(paths, n, sizeof *paths, name_cmp);
	paths[n] = NULL;
	*count = n;
	return paths;
nomem:
	closedir(d);
	ld->nomem = true;
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	return NULL;
}

/* ---- files on several threads -------------------------------------------- */

/* What one file added, in the worker that read it. */
typedef struct file_part {
	int worker;
	reeks_marks from, to;
} file_part;

/* A worker: a loader of its own (arena, items, diagnostics, intern set,
 * validation context), made on its thread's first file; the schema is
 * shared, read only. */
typedef struct worker {
	loader ld;
	reeks_store mem;                 /* only its arena is used */
	xmlSchemaValidCtxtPtr vctxt;
	bool started;
} worker;

typedef struct load_run {
	char **paths;
	xmlSchemaPtr schema;
	worker *workers;
	file_part *parts;
	cache_run *cache;
} load_run;

/* Job I of reeks_par_for(): file I, read by worker WID (one thread). */
static void
load_job(void *arg, size_t i, int wid)
{
	load_run *r = arg;
	worker *w = &r->workers[wid];
	loader *ld = &w->ld;
	file_part *p = &r->parts[i];

	if (!w->started) {
		w->started = true;
		/* libxml2's global handlers are per thread. */
		xmlSetGenericErrorFunc(ld, reeks_on_generic_error);
		xmlSetStructuredErrorFunc(ld, reeks_on_stray_error);
		if ((w->vctxt = xmlSchemaNewValidCtxt(r->schema)) == NULL)
			ld->nomem = true;
		else
			xmlSchemaSetValidStructuredErrors(w->vctxt,
			    reeks_on_schema_error, ld);
	}
	p->worker = wid;
	p->from = mark(ld);
	if (!ld->nomem)
		load_one(ld, r->paths[i], i, w->vctxt, r->cache);
	p->to = mark(ld);
}

/* Read PATHS on JOBS threads into LD, as reading them in order on one
 * would: each file is read by one worker, start to end; then what each
 * file added is taken in the files' order. */
static void
load_parallel(loader *ld, char **paths, size_t npaths, xmlSchemaPtr schema,
    int jobs, cache_run *cache)
{
	load_run r = { paths, schema, NULL, NULL, cache };
	int nw = 0;

	if (jobs > REEKS_PAR_MAX_JOBS)
		jobs = REEKS_PAR_MAX_JOBS;     /* the pool starts no more */

	r.workers = calloc((size_t)jobs, sizeof *r.workers);
	r.parts = calloc(npaths, sizeof *r.parts);
	if (r.workers == NULL || r.parts == NULL) {
		ld->nomem = true;
		goto out;
	}
	for (int i = 0; i < jobs; i++) {
		worker *w = &r.workers[i];

		w->ld.st = &w->mem;
		if ((w->ld.diags = reeks_diags_new()) == NULL) {
			ld->nomem = true;
			goto out;
		}
		nw++;
	}
	reeks_par_for(npaths, jobs, load_job, &r);
	/* Worker 0 ran here: libxml2's handlers back to LD. */
	xmlSetGenericErrorFunc(ld, reeks_on_generic_error);
	xmlSetStructuredErrorFunc(ld, reeks_on_stray_error);
	for (int i = 0; i < nw; i++)
		if (r.workers[i].ld.nomem)
			ld->nomem = true;
	/* Every file was taken by a worker; one that ran out of memory
	 * fails the load anyway. */
	for (size_t f = 0; f < npaths && !ld->nomem; f++) {
		const file_part *p = &r.parts[f];
		loader *wl = &r.workers[p->worker].ld;

		for (int k = 0; k < REEKS_KINDS; k++)
			for (size_t j = p->from.items[k]; j < p->to.items[k];
			    j++)
				reeks_ptrvec_push(ld, reeks_kind_vec(ld, k),
				    reeks_kind_vec(wl, k)->items[j]);
		reeks_diag_copy(ld->diags, wl->diags, p->from.diags,
		    p->to.diags);
	}
out:
	for (int i = 0; i < nw; i++) {
		loader *wl = &r.workers[i].ld;

		xmlSchemaFreeValidCtxt(r.workers[i].vctxt);
		reeks_arena_splice(&ld->st->mem, &r.workers[i].mem.mem);
		reeks_diags_free(wl->diags);
		for (int k = 0; k < REEKS_KINDS; k++)
			free(reeks_kind_vec(wl, k)->items);
		free(wl->strs);
	}
	free(r.workers);
	free(r.parts);
}

/* Start the cache of a load of NPATHS files into CR: read the old one;
 * NULL when there can be none (no key, out of memory). */
static cache_run *
cache_start(cache_run *cr, const reeks_load_options *opts, size_t npaths,
    reeks_load_stats *stats)
{
	if (!reeks_cache_key(opts->cache_id, cr->key))
		return NULL;
	cr->files = calloc(npaths ? npaths : 1, sizeof *cr->files);
	cr->owned = calloc(npaths ? npaths : 1, sizeof *cr->owned);
	cr->cached = calloc(npaths ? npaths : 1, sizeof *cr->cached);
	if (cr->files == NULL || cr->owned == NULL || cr->cached == NULL) {
		free(cr->files);
		free(cr->owned);
		free(cr->cached);
		return NULL;
	}
	cr->old = reeks_cache_open(opts->cache_path, cr->key);
	if (stats != NULL)
		stats->cache_read = cr->old != NULL;
	return cr;
}

/* Write the new cache to PATH, unless it would be the old one: every
 * file taken from it, and no other. */
static void
cache_finish(cache_run *cr, const char *path, size_t npaths,
    reeks_load_stats *stats)
{
	size_t cached = 0;

	for (size_t i = 0; i < npaths; i++)
		cached += cr->cached[i];
	if (cr->old != NULL && cached == npaths &&
	    reeks_cache_count(cr->old) == npaths)
		return;
	if (reeks_cache_write(path, cr->key, cr->files, npaths) &&
	    stats != NULL)
		stats->cache_written = true;
}

static void
cache_end(cache_run *cr, size_t npaths)
{
	if (cr == NULL)
		return;
	for (size_t i = 0; i < npaths; i++)
		if (cr->owned[i])
			free((void *)(uintptr_t)cr->files[i].payload);
	free(cr->files);
	free(cr->owned);
	free(cr->cached);
	reeks_cache_close(cr->old);
}

/* What a load reads: the *.xml files of DIR, or (DIR NULL) the LEN bytes
 * at DATA, named NAME. */
typedef struct load_src {
	const char *dir;
	const char *name;
	const char *data;
	size_t len;
} load_src;

/* reeks_store_load_opts() and reeks_store_load_buffer(). */
static reeks_result
load(const load_src *src, const reeks_load_options *opts,
    reeks_diags *diags, reeks_store **out)
{
	const char *where = src->dir != NULL ? src->dir : src->name;
	int jobs = opts != NULL ? opts->jobs : 0;
	loader ld = { .diags = diags };
	const char *name = NULL;        /* WHERE, in the store */
	size_t errors_before = reeks_diags_errors(diags);
	xmlSchemaParserCtxtPtr pctxt = NULL;
	xmlSchemaPtr schema = NULL;
	xmlSchemaValidCtxtPtr vctxt = NULL;
	char **paths = NULL;
	size_t npaths = 0;
	cache_run crun = { 0 }, *cache = NULL;
	reeks_load_stats *stats = opts != NULL ? opts->stats : NULL;
	reeks_result rc = REEKS_EINVALID;
	bool io_error = false;

	*out = NULL;
	if (stats != NULL)
		*stats = (reeks_load_stats){ 0 };
	/* A load during which libxml2 failed to allocate reports that
	 * alone: what libxml2 said then may be wrong (see xmlmem.c). */
	unsigned long xml_nomem = reeks_xml_nomem_watch();

	/* On a thread whose libxml2 state cannot be made, libxml2 must not
	 * be called, not even for its handlers (see reeks_thread_ready()). */
	if (!reeks_thread_ready()) {
		reeks_diag_add(diags, REEKS_ERROR, REEKS_DIAG_NOMEM, where, 0,
		    "out of memory");
		reeks_diags_sort(diags);
		return REEKS_ENOMEM;
	}

	/* libxml2 reports through per-thread global handlers too: route
	 * them here for the duration, and put the caller's back after. */
	xmlGenericErrorFunc old_generic = xmlGenericError;
	void *old_generic_ctx = xmlGenericErrorContext;
	xmlStructuredErrorFunc old_structured = xmlStructuredError;
	void *old_structured_ctx = xmlStructuredErrorContext;
	size_t diags_before = reeks_diag_mark(diags);
	xmlInitParser();
	xmlSetGenericErrorFunc(&ld, reeks_on_generic_error);
	xmlSetStructuredErrorFunc(&ld, reeks_on_stray_error);

	if ((ld.st = calloc(1, sizeof *ld.st)) == NULL) {
		ld.nomem = true;
		goto out;
	}
	ld.file = name = reeks_arena_strdup(&ld.st->mem, where);
	if (ld.file == NULL) {
		ld.nomem = true;
		goto out;
	}
	if (src->dir != NULL &&
	    (paths = list_files(&ld, src->dir, &npaths)) == NULL) {
		io_error = !ld.nomem;
		goto out;
	}

	ld.file = "(schema)";
	pctxt = xmlSchemaNewMemParserCtxt((const char *)reeks_schema_xsd_bytes,
	    (int)reeks_schema_xsd_len);
	if (pctxt == NULL) {
		ld.nomem = true;
		goto out;
	}
	xmlSchemaSetParserStructuredErrors(pctxt, reeks_on_schema_error, &ld);
	if ((schema = xmlSchemaParse(pctxt)) == NULL ||
	    (vctxt = xmlSchemaNewValidCtxt(schema)) == NULL) {
		if (ld.schema_errors == 0)
			ld.nomem = true;
		goto out;
	}
	xmlSchemaSetValidStructuredErrors(vctxt, reeks_on_schema_error, &ld);

	if (src->dir != NULL && opts != NULL && opts->cache_path != NULL)
		cache = cache_start(&crun, opts, npaths, stats);
	if (src->dir == NULL) {
		input in = { .mem = src->data, .len = src->len };

		ld.file = name;
		load_file(&ld, in, (off_t)src->len, vctxt);
	} else if (jobs > 1 && npaths > 1)
		load_parallel(&ld, paths, npaths, schema,
		    (size_t)jobs > npaths ? (int)npaths : jobs, cache);
	else
		for (size_t i = 0; i < npaths && !ld.nomem; i++)
			load_one(&ld, paths[i], i, vctxt, cache);
	if (stats != NULL) {
		stats->files = src->dir != NULL ? npaths : 1;
		for (size_t i = 0; cache != NULL && i < npaths; i++)
			stats->cached += cache->cached[i];
		stats->parsed = stats->files - stats->cached;
	}
	if (ld.nomem)
		goto out;

	sort_unique(&ld, &ld.topics, "topic");
	sort_unique(&ld, &ld.geographies, "geography");
	sort_unique(&ld, &ld.sources, "source");
	sort_unique(&ld, &ld.series, "series");
	sort_unique(&ld, &ld.claims, "claim");
	sort_unique(&ld, &ld.changes, "change");
	sort_unique(&ld, &ld.releases, "release");
	ld.st->topics = keep_vec(&ld, &ld.topics,
	    &ld.st->ntopics);
	ld.st->geographies = keep_vec(&ld,
	    &ld.geographies, &ld.st->ngeographies);
	ld.st->sources = keep_vec(&ld, &ld.sources,
	    &ld.st->nsources);
	ld.st->series = keep_vec(&ld, &ld.series,
	    &ld.st->nseries);
	ld.st->claims = keep_vec(&ld, &ld.claims, &ld.st->nclaims);
	ld.st->releases = keep_vec(&ld, &ld.releases, &ld.st->nreleases);
	ld.st->nchanges = ld.changes.n;
	ld.st->changes = reeks_arena_alloc(&ld.st->mem,
	    (ld.changes.n ? ld.changes.n : 1) * sizeof *ld.st->changes);
	if (ld.st->changes == NULL)
		ld.nomem = true;
	for (size_t i = 0; i < ld.changes.n && !ld.nomem; i++)
		ld.st->changes[i] = (reeks_change *)ld.changes.items[i];
	if (!ld.nomem && ld.st->nchanges > 1)
		qsort(ld.st->changes, ld.st->nchanges,
		    sizeof *ld.st->changes, reeks_change_cmp);
	if (ld.nomem)
		goto out;
	resolve(&ld);
	reeks_check_releases(&ld);
	reeks_check_nesting(&ld);
	reeks_claims_check(ld.st, diags);
	rc = REEKS_OK;
out:
	if (reeks_xml_nomem_count() != xml_nomem)
		ld.nomem = true;
	if (ld.nomem) {
		reeks_diag_drop_since(diags, diags_before, 1u << REEKS_DIAG_IO);
		reeks_diag_add(diags, REEKS_ERROR, REEKS_DIAG_NOMEM, where, 0,
		    "out of memory");
	}
	if (rc == REEKS_OK && reeks_diags_errors(diags) > errors_before)
		rc = REEKS_EINVALID;
	if (ld.nomem)
		rc = REEKS_ENOMEM;
	else if (io_error)
		rc = REEKS_EIO;
	/* The new cache, only after a load without error (bad data writes
	 * nothing) and where memory ran out nowhere. */
	if (rc == REEKS_OK && cache != NULL &&
	    reeks_diags_count(diags) == reeks_diag_mark(diags))
		cache_finish(cache, opts->cache_path, npaths, stats);
	if (rc == REEKS_OK) {
		*out = ld.st;
		ld.st = NULL;
	}
	reeks_diags_sort(diags);
	reeks_store_free(ld.st);
	xmlSchemaFreeValidCtxt(vctxt);
	xmlSchemaFree(schema);
	xmlSchemaFreeParserCtxt(pctxt);
	cache_end(cache, npaths);
	for (size_t i = 0; i < npaths; i++)
		free(paths[i]);
	free(paths);
	free(ld.topics.items);
	free(ld.geographies.items);
	free(ld.sources.items);
	free(ld.series.items);
	free(ld.releases.items);
	free(ld.claims.items);
	free(ld.changes.items);
	free(ld.strs);
	xmlSetGenericErrorFunc(old_generic_ctx, old_generic);
	xmlSetStructuredErrorFunc(old_structured_ctx, old_structured);
	return rc;
}

reeks_result
reeks_store_load(const char *dir, reeks_diags *diags, reeks_store **out)
{
	return reeks_store_load_opts(dir, NULL, diags, out);
}

reeks_result
reeks_store_load_opts(const char *dir, const reeks_load_options *opts,
    reeks_diags *diags, reeks_store **out)
{
	const load_src src = { dir, NULL, NULL, 0 };

	return load(&src, opts, diags, out);
}

reeks_result
reeks_store_load_buffer(const char *name, const void *data, size_t len,
    const reeks_load_options *opts, reeks_diags *diags, reeks_store **out)
{
	const load_src src = { NULL, name, data, len };

	return load(&src, opts, diags, out);
}
