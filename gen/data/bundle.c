/*
 * bundle.c: see bundle.h.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <minizip/unzip.h>
#include <minizip/zip.h>

#include "data/bundle.h"
#include "data/datapackage.h"
#include "gen.h"
#include "out/gzip.h"
#include "util/sha256.h"
#include "out/zipmem.h"

/* 1980-01-01 00:00:00 and 2107-12-31 23:59:58 UTC, the range of a DOS
 * timestamp. */
#define DOS_MIN_TIME 315532800LL
#define DOS_MAX_TIME 4354819198LL

/* "Made by" Unix (3), zip specification 2.0; a regular file 0644. */
#define MADE_BY ((3UL << 8) | 20UL)
#define FILE_ATTRS (0100644UL << 16)

#define TOP "reeks/"

unsigned long
bundle_dos_time(long long t)
{
	time_t tt;
	struct tm tm;

	if (t < DOS_MIN_TIME)
		t = DOS_MIN_TIME;
	if (t > DOS_MAX_TIME)
		t = DOS_MAX_TIME;
	tt = (time_t)t;
	if (gmtime_r(&tt, &tm) == NULL)
		return (1UL + 32UL * 1UL) << 16;    /* 1980-01-01 */
	return ((unsigned long)(tm.tm_year + 1900 - 1980) << 25) |
	    ((unsigned long)(tm.tm_mon + 1) << 21) |
	    ((unsigned long)tm.tm_mday << 16) |
	    ((unsigned long)tm.tm_hour << 11) |
	    ((unsigned long)tm.tm_min << 5) |
	    ((unsigned long)tm.tm_sec / 2);
}

/* ---------------------------------------------------------------------
 * An in-memory file for minizip: it writes, seeks back to fill in each
 * entry's sizes, and writes on.
 * ------------------------------------------------------------------- */

typedef struct memfile {
	unsigned char *data;
	size_t len;
	size_t cap;
	size_t pos;
	bool failed;
} memfile;

/* Both kinds of file: the stream is the one given as OPAQUE. */
static voidpf
given_open(voidpf opaque, const void *name, int mode)
{
	(void)name;
	(void)mode;
	return opaque;
}

static uLong
mem_read(voidpf opaque, voidpf stream, void *dst, uLong size)
{
	memfile *m = stream;
	size_t n = m->pos < m->len ? m->len - m->pos : 0;

	(void)opaque;
	if (n > size)
		n = size;
	if (n > 0)
		memcpy(dst, m->data + m->pos, n);
	m->pos += n;
	return (uLong)n;
}

static uLong
mem_write(voidpf opaque, voidpf stream, const void *src, uLong size)
{
	memfile *m = stream;

	(void)opaque;
	if (m->failed || size > SIZE_MAX - m->pos) {
		m->failed = true;
		return 0;
	}
	if (m->pos + size > m->cap) {
		size_t cap = m->cap ? m->cap : 65536;
		unsigned char *p;

		while (cap < m->pos + size) {
			if (cap > SIZE_MAX / 2) {
				m->failed = true;
				return 0;
			}
			cap *= 2;
		}
		if ((p = realloc(m->data, cap)) == NULL) {
			m->failed = true;
			return 0;
		}
		m->data = p;
		m->cap = cap;
	}
	if (m->pos > m->len)   /* a seek past the end leaves zeros */
		memset(m->data + m->len, 0, m->pos - m->len);
	memcpy(m->data + m->pos, src, size);
	m->pos += size;
	if (m->pos > m->len)
		m->len = m->pos;
	return size;
}

static ZPOS64_T
mem_tell(voidpf opaque, voidpf stream)
{
	(void)opaque;
	return ((memfile *)stream)->pos;
}

static long
mem_seek(voidpf opaque, voidpf stream, ZPOS64_T offset, int origin)
{
	memfile *m = stream;
	ZPOS64_T base;

	(void)opaque;
	switch (origin) {
	case ZLIB_FILEFUNC_SEEK_SET: base = 0; break;
	case ZLIB_FILEFUNC_SEEK_CUR: base = m->pos; break;
	case ZLIB_FILEFUNC_SEEK_END: base = m->len; break;
	default: return -1;
	}
	if (offset > SIZE_MAX - base)
		return -1;
	m->pos = (size_t)(base + offset);
	return 0;
}

static int
mem_close(voidpf opaque, voidpf stream)
{
	(void)opaque;
	(void)stream;
	return 0;
}

static int
mem_error(voidpf opaque, voidpf stream)
{
	(void)opaque;
	return ((memfile *)stream)->failed;
}

/* ---------------------------------------------------------------------
 * The same over a stdio stream that can seek (out_stream_file()), so that
 * a big zip goes to disk as it is made.
 * ------------------------------------------------------------------- */

static uLong
file_read(voidpf opaque, voidpf stream, void *dst, uLong size)
{
	(void)opaque;
	return (uLong)fread(dst, 1, size, stream);
}

static uLong
file_write(voidpf opaque, voidpf stream, const void *src, uLong size)
{
	(void)opaque;
	return (uLong)fwrite(src, 1, size, stream);
}

static ZPOS64_T
file_tell(voidpf opaque, voidpf stream)
{
	off_t pos = ftello(stream);

	(void)opaque;
	return pos < 0 ? (ZPOS64_T)-1 : (ZPOS64_T)pos;
}

static long
file_seek(voidpf opaque, voidpf stream, ZPOS64_T offset, int origin)
{
	int whence;

	(void)opaque;
	switch (origin) {
	case ZLIB_FILEFUNC_SEEK_SET: whence = SEEK_SET; break;
	case ZLIB_FILEFUNC_SEEK_CUR: whence = SEEK_CUR; break;
	case ZLIB_FILEFUNC_SEEK_END: whence = SEEK_END; break;
	default: return -1;
	}
	if (offset > (ZPOS64_T)INT64_MAX)
		return -1;
	return fseeko(stream, (off_t)offset, whence) == 0 ? 0 : -1;
}

static int
file_close(voidpf opaque, voidpf stream)
{
	(void)opaque;
	return fflush(stream) == 0 ? 0 : -1;
}

static int
file_error(voidpf opaque, voidpf stream)
{
	(void)opaque;
	return ferror((FILE *)stream);
}

/* Whether NAME is a safe relative name for an entry: not empty, not
 * absolute, without ".." or a backslash, and at most ZIPMEM_NAME_MAX
 * bytes (so that its central header fits a block of minizip's emergency
 * pool, zipmem.h). */
static bool
zip_name_ok(const char *name)
{
	if (name == NULL || *name == '\0' || *name == '/' ||
	    strchr(name, '\\') != NULL || strlen(name) > ZIPMEM_NAME_MAX)
		return false;
	for (const char *p = name; (p = strstr(p, "..")) != NULL; p += 2)
		if ((p == name || p[-1] == '/') &&
		    (p[2] == '/' || p[2] == '\0'))
			return false;
	return true;
}

/* A file of the zip, with what bundle_write() may know of it. */
typedef struct zip_entry {
	bundle_file f;              /* DATA NULL: read it from PATH */
	const char *path;           /* the file's bytes, or NULL */
	const char *gzpath;         /* their gzip, or NULL */
	const char *sha256;         /* their hash, or NULL */
	int text;                   /* see bundle_parts.text */
} zip_entry;

/* Why minizip failed: for lack of memory when one of its allocations
 * was served from the emergency pool (zipmem.h) or the last failure was
 * an allocation's (errno ENOMEM: minizip and zlib allocate with malloc;
 * the zip functions clear errno first), or as zlib says, else "minizip
 * failed". */
static const char *
zip_why(int zrc)
{
	return zipmem_failed() || errno == ENOMEM || zrc == Z_MEM_ERROR ?
	    "out of memory" : "minizip failed";
}

/* ZRC, the result of a minizip call; but a failure when minizip had to be
 * given a block of the emergency pool since the zip started: it did its
 * work, but memory ran out, and the zip is given up. */
static int
zip_checked(int zrc)
{
	if (zrc == ZIP_OK && zipmem_failed()) {
		errno = ENOMEM;
		return ZIP_INTERNALERROR;
	}
	return zrc;
}

/* Say in ERR that NAME cannot be zipped because PATH cannot be read, or
 * because memory ran out (errno ENOMEM). */
static void
read_failed(errlist *errs, const char *name, const char *path)
{
	if (errno == ENOMEM)
		errlist_add(errs, NULL, 0, 0,
		    "cannot zip %s: out of memory", name);
	else
		errlist_add(errs, NULL, 0, 0,
		    "cannot zip %s: cannot read %s", name,
		    path);
}

/*
 * Whether zlib calls the file PATH text (Z_TEXT), which minizip records
 * in the entry's internal attributes: zlib decides on the first deflate
 * block, text when it holds no byte 0-6, 14-25 or 28-31 and at least one
 * of 9, 10, 13 or 32-255. A file with no such byte anywhere whose first
 * byte (always a literal of the first block) is of the second kind is
 * text for sure. Returns 1 for such a file, 0 when it cannot say (then
 * the caller compresses it, and zlib decides), -1 when it cannot read it.
 */
/* zlib's bytes that make a block binary (0-6, 14-25, 28-31), by bit. */
#define BINARY_BYTES 0xf3ffc07fu

int
bundle_text_seen(uint32_t ctl, int first)
{
	return first >= 0 && (first == 9 || first == 10 || first == 13 ||
	    first >= 32) && (ctl & BINARY_BYTES) == 0 ? 1 : 2;
}

static int
surely_text(const char *path)
{
	unsigned char *chunk = malloc(1 << 16);
	FILE *f = fopen(path, "rb");
	size_t n, total = 0;
	int rc = 1;

	if (chunk == NULL || f == NULL) {
		free(chunk);
		if (f != NULL)
			fclose(f);
		return -1;
	}
	while (rc == 1 && (n = fread(chunk, 1, 1 << 16, f)) > 0) {
		unsigned char any = 0;

		if (total == 0 && !(chunk[0] == 9 || chunk[0] == 10 ||
		    chunk[0] == 13 || chunk[0] >= 32))
			rc = 0;
		/* A chunk at a time, without a branch a byte (the whole
		 * dataset's files are read here whole). */
		for (size_t i = 0; i < n; i++)
			any |= (unsigned char)((chunk[i] < 32) &
			    (BINARY_BYTES >> (chunk[i] & 31)));
		if (any)
			rc = 0;
		total += n;
	}
	if (ferror(f))
		rc = -1;
	else if (total == 0)
		rc = 0;
	fclose(f);
	free(chunk);
	return rc;
}

/* Compress the file E->path into the open entry of ZF, in pieces. */
static int
copy_file(zipFile zf, const zip_entry *e, errlist *errs)
{
	unsigned char *chunk = malloc(1 << 16);
	FILE *in = fopen(e->path, "rb");
	size_t n, total = 0;
	int zrc = ZIP_OK;

	if (chunk == NULL || in == NULL) {
		read_failed(errs, e->f.name, e->path);
		zrc = ZIP_ERRNO;
	}
	while (zrc == ZIP_OK && (n = fread(chunk, 1, 1 << 16, in)) > 0) {
		total += n;
		if ((zrc = zip_checked(zipWriteInFileInZip(zf, chunk,
		    (unsigned)n))) != ZIP_OK)
			errlist_add(errs, NULL, 0, 0, "cannot zip %s: %s",
			    e->f.name, zip_why(zrc));
	}
	if (zrc == ZIP_OK && (ferror(in) || total != e->f.len)) {
		read_failed(errs, e->f.name, e->path);
		zrc = ZIP_ERRNO;
	}
	if (zrc == ZIP_OK &&
	    (zrc = zip_checked(zipCloseFileInZip(zf))) != ZIP_OK)
		errlist_add(errs, NULL, 0, 0, "cannot zip %s: %s",
		    e->f.name, zip_why(zrc));
	if (in != NULL)
		fclose(in);
	free(chunk);
	return zrc;
}

/*
 * Copy the deflate data of the gzip file E->gzpath (made from E->f.len
 * bytes by gzip_compress()) into the open raw entry of ZF, and close the
 * entry. Returns ZIP_OK, or another code with a message in ERR.
 */
static int
copy_gz(zipFile zf, const zip_entry *e, errlist *errs)
{
	const bundle_file *f = &e->f;
	/* The header gzip_compress() writes: no name, mtime 0, XFL of
	 * GZIP_LEVEL, OS unknown. */
	static const unsigned char head[10] = {
		0x1f, 0x8b, 8, 0, 0, 0, 0, 0, GZIP_XFL, GZIP_OS_UNKNOWN
	};
	unsigned char h[10], tail[8], *chunk = NULL;
	FILE *in = fopen(e->gzpath, "rb");
	long size;
	int zrc = ZIP_ERRNO;

	if (in == NULL || fseek(in, 0, SEEK_END) != 0 ||
	    (size = ftell(in)) < 18 || fseek(in, size - 8, SEEK_SET) != 0 ||
	    fread(tail, 1, 8, in) != 8 || fseek(in, 0, SEEK_SET) != 0 ||
	    fread(h, 1, 10, in) != 10 || memcmp(h, head, 10) != 0 ||
	    (chunk = malloc(1 << 16)) == NULL) {
		read_failed(errs, f->name, e->gzpath);
		goto out;
	}
	uint32_t crc = (uint32_t)tail[0] | (uint32_t)tail[1] << 8 |
	    (uint32_t)tail[2] << 16 | (uint32_t)tail[3] << 24;
	uint32_t isize = (uint32_t)tail[4] | (uint32_t)tail[5] << 8 |
	    (uint32_t)tail[6] << 16 | (uint32_t)tail[7] << 24;
	if (isize != (uint32_t)f->len) {
		errlist_add(errs, NULL, 0, 0,
		    "cannot zip %s: %s is not its gzip",
		    f->name, e->gzpath);
		goto out;
	}
	for (long left = size - 18; left > 0;) {
		size_t want = left > (1 << 16) ? 1 << 16 : (size_t)left;

		if (fread(chunk, 1, want, in) != want) {
			read_failed(errs, f->name, e->gzpath);
			goto out;
		}
		if ((zrc = zip_checked(zipWriteInFileInZip(zf, chunk,
		    (unsigned)want))) != ZIP_OK) {
			errlist_add(errs, NULL, 0, 0, "cannot zip %s: %s",
			    f->name, zip_why(zrc));
			goto out;
		}
		left -= (long)want;
	}
	if ((zrc = zip_checked(zipCloseFileInZipRaw64(zf, f->len, crc))) !=
	    ZIP_OK)
		errlist_add(errs, NULL, 0, 0, "cannot zip %s: %s",
		    f->name, zip_why(zrc));
out:
	if (in != NULL)
		fclose(in);
	free(chunk);
	return zrc == ZIP_OK ? ZIP_OK : ZIP_ERRNO;
}

/* Zip the N FILES, dated DATE, through IO; FAILED is what a failed
 * write of IO's means ("out of memory", "cannot write"). Returns 0, or
 * -1 with a message in ERR. */
static int
zip_entries(const zip_entry *files, size_t n, long long date,
    zlib_filefunc64_def *io, const char *failed, errlist *errs)
{
	zip_fileinfo info;
	zipFile zf;
	int zrc;
	bool bad;

	for (size_t i = 0; i < n; i++)
		if (!zip_name_ok(files[i].f.name)) {
			errlist_add(errs, NULL, 0, 0,
			    "refusing to zip '%s': not a "
			    "safe relative name", files[i].f.name != NULL ?
			    files[i].f.name : "");
			return -1;
		}
	memset(&info, 0, sizeof info);
	info.dosDate = bundle_dos_time(date);
	info.external_fa = FILE_ATTRS;
	errno = 0;
	zipmem_reset();
	zf = zipOpen2_64("reeks.zip", APPEND_STATUS_CREATE, NULL, io);
	if (zf == NULL || zipmem_failed()) {
		errlist_add(errs, NULL, 0, 0, "cannot start the zip: %s",
		    errno == ENOMEM || zipmem_failed() ? "out of memory" :
		    failed);
		if (zf != NULL)
			zipClose(zf, NULL);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		const unsigned char *p = files[i].f.data;
		size_t left = files[i].f.len;
		int text = 0;

		/* A file with a gzip of its own that is surely text is copied
		 * raw, marked as text as zlib would have (see surely_text());
		 * any other file in PATH is compressed from it. */
		if (p == NULL && files[i].path != NULL &&
		    files[i].gzpath != NULL && files[i].text != 0)
			text = files[i].text == 1;
		else if (p == NULL && files[i].path != NULL &&
		    files[i].gzpath != NULL &&
		    (text = surely_text(files[i].path)) < 0) {
			read_failed(errs, files[i].f.name,
			    files[i].path);
			zipClose(zf, NULL);
			return -1;
		}
		info.internal_fa = text ? 1 : 0;
		/* This is the call that writes through an unchecked
		 * malloc() of minizip 1.1's, and that forgets the block
		 * when it fails later: see zipmem.h. */
		zipmem_watch();
		zrc = zipOpenNewFileInZip4_64(zf, files[i].f.name, &info,
		    NULL, 0, NULL, 0, NULL, Z_DEFLATED, GZIP_LEVEL, text,
		    -MAX_WBITS, 8, Z_DEFAULT_STRATEGY, NULL, 0, MADE_BY, 0, 0);
		zipmem_unwatch(zrc != ZIP_OK);
		zrc = zip_checked(zrc);
		if (p == NULL && files[i].path != NULL) {
			if (zrc != ZIP_OK || (text ? copy_gz(zf, &files[i],
			    errs) : copy_file(zf, &files[i], errs)) !=
			    ZIP_OK) {
				if (zrc != ZIP_OK)
					errlist_add(errs, NULL, 0, 0,
					    "cannot zip %s: "
					    "%s", files[i].f.name,
					    zip_why(zrc));
				zipClose(zf, NULL);
				return -1;
			}
			continue;
		}
		while (zrc == ZIP_OK && left > 0) {
			unsigned chunk = left > UINT_MAX ? UINT_MAX :
			    (unsigned)left;

			zrc = zip_checked(zipWriteInFileInZip(zf, p, chunk));
			p += chunk;
			left -= chunk;
		}
		if (zrc == ZIP_OK)
			zrc = zip_checked(zipCloseFileInZip(zf));
		bad = io->zerror_file(io->opaque, io->opaque) != 0;
		if (zrc != ZIP_OK || bad) {
			errlist_add(errs, NULL, 0, 0, "cannot zip %s: %s",
			    files[i].f.name, bad ? failed : zip_why(zrc));
			zipClose(zf, NULL);
			return -1;
		}
	}
	zrc = zip_checked(zipClose(zf, NULL));
	bad = io->zerror_file(io->opaque, io->opaque) != 0;
	if (zrc != ZIP_OK || bad) {
		errlist_add(errs, NULL, 0, 0, "cannot finish the zip: %s",
		    bad ? failed : zip_why(zrc));
		return -1;
	}
	return 0;
}

int
bundle_zip(const bundle_file *files, size_t n, long long date,
    unsigned char **out, size_t *outlen, errlist *errs)
{
	zip_entry *e = calloc(n ? n : 1, sizeof *e);
	int rc;

	if (e == NULL) {
		errlist_oom(errs, NULL);
		return -1;
	}
	memfile m = { 0 };
	zlib_filefunc64_def io = {
		given_open, mem_read, mem_write, mem_tell, mem_seek, mem_close,
		mem_error, &m
	};

	for (size_t i = 0; i < n; i++)
		e[i].f = files[i];
	rc = zip_entries(e, n, date, &io, "out of memory", errs);
	free(e);
	if (rc == 0) {
		*out = m.data;
		*outlen = m.len;
	} else
		free(m.data);
	return rc;
}

int
bundle_write(out_dir *o, const char *relpath, const reeks_store *st,
    const bundle_parts *p, errlist *errs)
{
	buf readme = { 0 };
	out_stream *s;
	zlib_filefunc64_def io = {
		given_open, file_read, file_write, file_tell, file_seek,
		file_close, file_error, NULL
	};
	int rc = -1;

	if (p->license == NULL || p->version == NULL) {
		errlist_add(errs, NULL, 0, 0,
		    "the bundle needs a license and a version");
		return -1;
	}
	bundle_readme(&readme, st, p);
	if (readme.failed) {
		errlist_oom(errs, NULL);
		goto out;
	}
	const zip_entry files[] = {
		{ { TOP "README.txt", readme.data, readme.len }, NULL, NULL,
		  NULL, 0 },
		{ { TOP "LICENSE.txt", p->license, strlen(p->license) }, NULL,
		  NULL, NULL, 0 },
		{ { TOP "datapackage.json", p->datapackage.data,
		  p->datapackage.len }, NULL, NULL, NULL, 0 },
		{ { TOP "reeks.csv", p->csv.data, p->csv.len }, p->path[0],
		  p->gz[0], p->sha256[0], p->text[0] },
		{ { TOP "reeks.xml", p->xml.data, p->xml.len }, p->path[1],
		  p->gz[1], p->sha256[1], p->text[1] },
		{ { TOP "reeks.json", p->json.data, p->json.len }, p->path[2],
		  p->gz[2], p->sha256[2], p->text[2] },
		{ { TOP "reeks.xsd", p->xsd.data, p->xsd.len }, NULL, NULL,
		  NULL, 0 },
	};
	enum { NFILES = sizeof files / sizeof files[0] };

	/* The key of the zip: every name and content (by hash), the date. */
	char hashes[NFILES][65], date[32], key[65];
	const char *parts[2 * NFILES + 1];
	for (size_t i = 0; i < NFILES; i++) {
		if (files[i].sha256 != NULL)
			snprintf(hashes[i], sizeof hashes[i], "%s",
			    files[i].sha256);
		else if (files[i].f.data != NULL)
			sha256_hex(files[i].f.data, files[i].f.len, hashes[i]);
		else
			hashes[i][0] = '\0';   /* unknown: never reused */
		parts[2 * i] = files[i].f.name;
		parts[2 * i + 1] = hashes[i];
	}
	snprintf(date, sizeof date, "%lld", p->date);
	parts[2 * NFILES] = date;
	out_key(o, key, "zip", parts, 2 * NFILES + 1);
	for (size_t i = 0; i < NFILES; i++)
		if (hashes[i][0] == '\0')
			key[0] = '\0';
	if (key[0] != '\0') {
		int linked = out_link_derived(o, relpath, key);

		if (linked < 0) {
			errlist_add(errs, NULL, 0, 0, "%s", out_error(o));
			goto out;
		}
		if (linked == 1) {
			rc = 0;
			goto out;
		}
	}

	/* Straight to the staging directory: the zip is as big as the
	 * dataset's deflated CSV, XML and JSON together. */
	if ((s = out_stream_open(o, relpath, errs)) == NULL)
		goto out;
	out_stream_set_key(s, key);
	io.opaque = out_stream_file(s);
	if (zip_entries(files, NFILES, p->date, &io, "cannot write",
	    errs) != 0) {
		/* The build fails, and its staging directory goes. */
		(void)out_stream_close(o, s, false, NULL);
		goto out;
	}
	if (out_stream_close(o, s, false, NULL) != 0) {
		errlist_add(errs, NULL, 0, 0, "%s", out_error(o));
		goto out;
	}
	rc = 0;
out:
	buf_free(&readme);
	return rc;
}

/* ---- reading ---------------------------------------------------------- */

void
bundle_members_free(bundle_member *m, size_t n)
{
	for (size_t i = 0; m != NULL && i < n; i++) {
		free(m[i].name);
		free(m[i].data);
	}
	free(m);
}

/* "NAME WHAT" into WHY: a member's name as a one-line message shows it
 * (a newline or other control character in it escaped). */
static void
member_why(char *why, size_t whylen, const char *name, const char *what)
{
	char *safe = reeks_line_escape(name);

	if (safe == NULL)
		snprintf(why, whylen, "out of memory");
	else
		snprintf(why, whylen, "%s%s", safe, what);
	free(safe);
}

/* Read the current member of UF, of SIZE bytes, into M. */
static int
unzip_member(unzFile uf, ZPOS64_T size, bundle_member *m, char *why,
    size_t whylen)
{
	size_t got = 0;
	int zrc;

	if ((m->data = malloc((size_t)size + 1)) == NULL) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	/* zlib's own allocations (inflate's state, its window on the
	 * first read) fail as Z_MEM_ERROR. */
	if ((zrc = unzOpenCurrentFile(uf)) != UNZ_OK) {
		snprintf(why, whylen, "%s", zipmem_failed() ||
		    zrc == Z_MEM_ERROR ? "out of memory" :
		    "cannot read a member");
		return -1;
	}
	while (got < size) {
		size_t left = (size_t)size - got;

		zrc = unzReadCurrentFile(uf, m->data + got,
		    left > INT_MAX ? INT_MAX : (unsigned)left);
		if (zrc <= 0)
			break;
		got += (size_t)zrc;
	}
	bool nomem = zrc == Z_MEM_ERROR;

	zrc = unzCloseCurrentFile(uf);
	nomem |= zipmem_failed();
	if (got != size || zrc != UNZ_OK || nomem) {
		if (nomem)
			snprintf(why, whylen, "out of memory");
		else
			member_why(why, whylen, m->name,
			    zrc == UNZ_CRCERROR ? " fails its CRC check" :
			    " is damaged");
		return -1;
	}
	m->data[got] = '\0';
	m->len = got;
	return 0;
}

int
bundle_unzip(const void *zip, size_t len, long long max,
    bundle_member **out, size_t *n, char *why, size_t whylen)
{
	memfile mf = { .data = (unsigned char *)(uintptr_t)zip, .len = len };
	zlib_filefunc64_def io = {
		given_open, mem_read, mem_write, mem_tell, mem_seek, mem_close,
		mem_error, &mf
	};
	bundle_member *m = NULL;
	size_t k = 0, cap = 0;
	unzFile uf;
	int rc = -1, zrc;
	char name[ZIPMEM_NAME_MAX + 1];

	*out = NULL;
	*n = 0;
	zipmem_reset();
	if ((uf = unzOpen2_64("", &io)) == NULL) {
		snprintf(why, whylen, "%s", zipmem_failed() ?
		    "out of memory" : "it is not a zip archive");
		return -1;
	}
	for (zrc = unzGoToFirstFile(uf); zrc == UNZ_OK;
	    zrc = unzGoToNextFile(uf)) {
		unz_file_info64 info;

		if (unzGetCurrentFileInfo64(uf, &info, name, sizeof name,
		    NULL, 0, NULL, 0) != UNZ_OK ||
		    info.size_filename >= sizeof name || name[0] == '\0') {
			snprintf(why, whylen, "a member's name is damaged");
			goto out;
		}
		if (info.uncompressed_size >= (ZPOS64_T)max) {
			member_why(why, whylen, name, " is too big");
			goto out;
		}
		if (k == cap) {
			bundle_member *more = realloc(m, (cap ? cap * 2 : 8) *
			    sizeof *more);

			if (more == NULL) {
				snprintf(why, whylen, "out of memory");
				goto out;
			}
			m = more;
			cap = cap ? cap * 2 : 8;
		}
		m[k] = (bundle_member){ 0 };
		if ((m[k].name = strdup(name)) == NULL) {
			snprintf(why, whylen, "out of memory");
			goto out;
		}
		k++;
		if (unzip_member(uf, info.uncompressed_size, &m[k - 1], why,
		    whylen) != 0)
			goto out;
	}
	if (zrc != UNZ_END_OF_LIST_OF_FILE) {
		snprintf(why, whylen, "%s", zipmem_failed() ? "out of memory" :
		    "its list of members is damaged");
		goto out;
	}
	*out = m;
	*n = k;
	m = NULL;
	rc = 0;
out:
	bundle_members_free(m, k);
	unzClose(uf);
	return rc;
}
