/*
 * chartfile.c: a chart's files to download, its SVG framed and its PNG
 * (see chartfile.h).
 */
#define _DEFAULT_SOURCE         /* for glib's headers */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <stdint.h>
#include <time.h>

#include <cairo.h>
#include <librsvg/rsvg.h>
#include <zlib.h>

#include "site/chart-internal.h"
#include "site/chartfile.h"
#include "util/buf.h"
#include "util/escape.h"

enum {
	FOOT_GAP = 8,           /* from the chart's bottom to the first line */
	FOOT_MARGIN = 8         /* under the last line */
};

#define COLOR_FOOT "#555555"

/* The whole number in attribute NAME of the <svg> tag that SVG (LEN
 * bytes) starts with, or -1. */
static long
first_tag_number(const char *svg, size_t len, const char *name)
{
	char tag[2048], pat[64];
	const char *end = memchr(svg, '>', len), *p;
	char *stop;
	long v;

	if (end == NULL || (size_t)(end - svg) >= sizeof tag ||
	    strncmp(svg, "<svg ", 5) != 0)
		return -1;
	memcpy(tag, svg, (size_t)(end - svg));
	tag[end - svg] = '\0';
	snprintf(pat, sizeof pat, " %s=\"", name);
	if ((p = strstr(tag, pat)) == NULL)
		return -1;
	errno = 0;
	v = strtol(p + strlen(pat), &stop, 10);
	if (errno != 0 || *stop != '"' || v <= 0 || v > 100000)
		return -1;
	return v;
}

/* ---- the fonts -------------------------------------------------------------- */

/* The font files the PNGs are drawn with: DejaVu Sans as
 * fonts-dejavu-core installs it (the oblique face, for "of which:", is
 * in fonts-dejavu-extra; without it the renderer slants the regular). */
static const char *const font_files[] = {
	"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
	"/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
	"/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf",
};

/* The identity of those files (size, modification time; "-" for one
 * that is missing) into ID: part of the key of every PNG, so that other
 * fonts draw every PNG again. Asks no library (fontconfig loads its whole
 * configuration, and crashes when an allocation fails meanwhile) and
 * allocates nothing. */
static void
font_identity(char *id, size_t len)
{
	size_t used = 0;

	id[0] = '\0';
	for (size_t i = 0; i < sizeof font_files / sizeof font_files[0];
	    i++) {
		struct stat st;

		if (used >= len)
			break;
		if (stat(font_files[i], &st) == 0)
			used += (size_t)snprintf(id + used, len - used,
			    "%s %lld %lld.%09ld\n", font_files[i],
			    (long long)st.st_size,
			    (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
		else
			used += (size_t)snprintf(id + used, len - used,
			    "%s -\n", font_files[i]);
	}
}

/* ---- the PNG ---------------------------------------------------------------- */

/* A PNG chunk of TYPE with LEN bytes of DATA into B. */
static void
chunk(buf *b, const char *type, const unsigned char *data, size_t len)
{
	unsigned char head[8] = {
		(unsigned char)(len >> 24), (unsigned char)(len >> 16),
		(unsigned char)(len >> 8), (unsigned char)len,
		(unsigned char)type[0], (unsigned char)type[1],
		(unsigned char)type[2], (unsigned char)type[3]
	};
	uLong crc = crc32(0, head + 4, 4);

	if (len > 0)
		crc = crc32(crc, data, (uInt)len);
	unsigned char tail[4] = {
		(unsigned char)(crc >> 24), (unsigned char)(crc >> 16),
		(unsigned char)(crc >> 8), (unsigned char)crc
	};
	buf_add(b, (const char *)head, 8);
	if (len > 0)
		buf_add(b, (const char *)data, len);
	buf_add(b, (const char *)tail, 4);
}

/*
 * The image S (cairo RGB24) as a PNG into B: 8-bit RGB, no interlace,
 * the chunks IHDR, IDAT and IEND alone (no time, no text), each row
 * unfiltered and the whole deflated at zlib level 3. Written here rather
 * than by cairo_surface_write_to_png_stream(), which took four times as
 * long as the rendering (libpng's adaptive filters at level 6) for
 * files 8% bigger than these. Returns 0, or -1 (out of memory).
 */
static int
encode_png(cairo_surface_t *s, buf *b)
{
	uint32_t w = (uint32_t)cairo_image_surface_get_width(s);
	uint32_t h = (uint32_t)cairo_image_surface_get_height(s);
	size_t stride = (size_t)cairo_image_surface_get_stride(s);
	const unsigned char *pixels = cairo_image_surface_get_data(s);
	size_t row = 1 + 3 * (size_t)w, rawlen = row * h;
	unsigned char *raw = malloc(rawlen), *z = NULL;
	unsigned char ihdr[13] = {
		(unsigned char)(w >> 24), (unsigned char)(w >> 16),
		(unsigned char)(w >> 8), (unsigned char)w,
		(unsigned char)(h >> 24), (unsigned char)(h >> 16),
		(unsigned char)(h >> 8), (unsigned char)h,
		8, 2, 0, 0, 0   /* 8 bits, RGB, deflate, filters, no interlace */
	};
	z_stream zs;
	int rc = -1;

	memset(&zs, 0, sizeof zs);
	if (raw == NULL || pixels == NULL)
		goto out;
	for (uint32_t y = 0; y < h; y++) {
		unsigned char *r = raw + row * y;
		const unsigned char *p = pixels + stride * y;

		r[0] = 0;       /* filter: none */
		for (uint32_t x = 0; x < w; x++) {
			uint32_t px;

			memcpy(&px, p + 4 * (size_t)x, 4);
			r[1 + 3 * x] = (unsigned char)(px >> 16);
			r[2 + 3 * x] = (unsigned char)(px >> 8);
			r[3 + 3 * x] = (unsigned char)px;
		}
	}
	if (deflateInit(&zs, 3) != Z_OK)
		goto out;
	uLong cap = deflateBound(&zs, (uLong)rawlen);
	if ((z = malloc(cap)) == NULL)
		goto out;
	zs.next_in = raw;
	zs.avail_in = (uInt)rawlen;
	zs.next_out = z;
	zs.avail_out = (uInt)cap;
	if (deflate(&zs, Z_FINISH) != Z_STREAM_END)
		goto out;
	buf_add(b, "\x89PNG\r\n\x1a\n", 8);
	chunk(b, "IHDR", ihdr, sizeof ihdr);
	chunk(b, "IDAT", z, zs.total_out);
	chunk(b, "IEND", NULL, 0);
	rc = b->failed ? -1 : 0;
out:
	deflateEnd(&zs);
	free(raw);
	free(z);
	return rc;
}

/* SVG (LEN bytes, W by H px) rendered at CHART_PNG_SCALE into PNG, on
 * white. Returns 0, or -1 with the reason in ERR. */
static int
render_png(const char *svg, size_t len, long w, long h, buf *png,
    char *err, size_t errlen)
{
	GError *gerr = NULL;
	RsvgHandle *handle;
	cairo_surface_t *surface;
	cairo_t *cr;
	int rc = -1;

	handle = rsvg_handle_new_from_data((const guint8 *)svg, len, &gerr);
	if (handle == NULL) {
		snprintf(err, errlen, "librsvg cannot read it: %s",
		    gerr != NULL ? gerr->message : "no reason given");
		g_clear_error(&gerr);
		return -1;
	}
	surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
	    (int)(w * CHART_PNG_SCALE), (int)(h * CHART_PNG_SCALE));
	cr = cairo_create(surface);
	if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
		snprintf(err, errlen, "cairo: %s",
		    cairo_status_to_string(cairo_status(cr)));
		goto out;
	}
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	RsvgRectangle viewport = { 0, 0, (double)(w * CHART_PNG_SCALE),
	    (double)(h * CHART_PNG_SCALE) };
	if (!rsvg_handle_render_document(handle, cr, &viewport, &gerr)) {
		snprintf(err, errlen, "librsvg cannot render it: %s",
		    gerr != NULL ? gerr->message : "no reason given");
		g_clear_error(&gerr);
		goto out;
	}
	cairo_surface_flush(surface);
	if (encode_png(surface, png) != 0) {
		snprintf(err, errlen, "cannot make the PNG: out of memory");
		goto out;
	}
	rc = 0;
out:
	cairo_destroy(cr);
	cairo_surface_destroy(surface);
	g_object_unref(handle);
	return rc;
}

static uint64_t
thread_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/* ---- the files ---------------------------------------------------------------- */

/* The framed SVG of chart SVG (W by H) into F; returns its height. */
static long
frame(buf *f, const char *svg, size_t len, long w, long h,
    const char *site_url)
{
	buf url = { 0 };
	long height = h;

	if (site_url != NULL && site_url[0] != '\0') {
		escape_html_text(&url, site_url);
		if (url.failed) {
			buf_fail(f);
			return h;
		}
		height += FOOT_GAP + FOOT_MARGIN + (long)chart_text_lines(
		    url.data, CREDIT_SIZE, false, (double)w - 24) * CREDIT_LEAD;
	}
	buf_puts(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	buf_printf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %ld %ld\" width=\"%ld\" height=\"%ld\" "
	    "font-family=\"" CHART_FONT "\">\n<rect width=\"%ld\" "
	    "height=\"%ld\" fill=\"#ffffff\"/>\n", w, height, w, height, w,
	    height);
	buf_add(f, svg, len);
	if (url.data != NULL)
		chart_text_block(f, "site", 12, (double)(h + FOOT_GAP +
		    CREDIT_SIZE), CREDIT_LEAD, CREDIT_SIZE, false, (double)w -
		    24, " font-size=\"11\" fill=\"" COLOR_FOOT "\"", url.data);
	buf_puts(f, "</svg>\n");
	buf_free(&url);
	return height;
}

/* The key of a PNG made from an SVG whose hash is SHA. */
static void
png_key(const out_dir *o, const char *sha, char key[65])
{
	char font_id[1024];

	font_identity(font_id, sizeof font_id);
	const char *parts[] = { sha, font_id, "2" /* CHART_PNG_SCALE */ };
	out_key(o, key, "chart png", parts, 3);
}

int
chart_png_link(void *stats, out_dir *o, out_batch *b, size_t i)
{
	chart_png_stats *ps = stats;
	char key[65], rel[1100];
	size_t n = strlen(b->files[i].path);
	int rc;

	if (n < 4 || strcmp(b->files[i].path + n - 4, ".svg") != 0)
		return 1;           /* not a chart: nothing follows */
	snprintf(rel, sizeof rel, "%.*s.png", (int)(n - 4), b->files[i].path);
	png_key(o, b->files[i].sha256, key);
	rc = out_put_link(o, b, rel, key);
	if (rc == 1 && ps != NULL)
		atomic_fetch_add(&ps->kept, 1);
	return rc;
}

int
chart_files(out_dir *o, out_batch *b, const char *path, const char *svg,
    size_t len, const char *site_url, bool want_png, chart_png_stats *stats,
    const char *group, errlist *errs)
{
	out_batch local = { 0 }, *into = b != NULL ? b : &local;
	long w = first_tag_number(svg, len, "width");
	long h = first_tag_number(svg, len, "height");
	buf f = { 0 }, png = { 0 }, rel = { 0 };
	char key[65], err[1024];
	int rc = -1;

	if (w < 0 || h < 0) {
		errlist_add(errs, NULL, 0, 0, "chart %s: no width and height "
		    "in pixels in its <svg>", path);
		return -1;
	}
	long height = frame(&f, svg, len, w, h, site_url);
	buf_printf(&rel, "%s.svg", path);
	if (f.failed || rel.failed) {
		errlist_add(errs, NULL, 0, 0, "out of memory");
		goto out;
	}
	if ((group != NULL ? out_put_member(o, into, rel.data, group, f.data,
	    f.len) : out_put(o, into, rel.data, f.data, f.len)) != 0)
		goto fail;
	if (!want_png)
		goto listed;

	/* The PNG, from the SVG's bytes (their hash: the file just put). */
	png_key(o, into->files[into->n - 1].sha256, key);
	buf_reset(&rel);
	buf_printf(&rel, "%s.png", path);
	if (rel.failed) {
		errlist_add(errs, NULL, 0, 0, "out of memory");
		goto out;
	}
	int linked = out_put_link(o, into, rel.data, key);
	if (linked < 0)
		goto fail;
	if (linked == 1) {
		if (stats != NULL)
			atomic_fetch_add(&stats->kept, 1);
	} else {
		uint64_t t0 = thread_ns();

		if (render_png(f.data, f.len, w, height, &png, err,
		    sizeof err) != 0) {
			errlist_add(errs, NULL, 0, 0, "chart %s: %s", rel.data,
			    err);
			goto out;
		}
		if (stats != NULL) {
			atomic_fetch_add(&stats->made, 1);
			atomic_fetch_add(&stats->ns, thread_ns() - t0);
		}
		if (out_put_derived(o, into, rel.data, key, png.data,
		    png.len) != 0)
			goto fail;
	}
listed:
	if (b == NULL && out_add(o, &local) != 0) {
		errlist_add(errs, NULL, 0, 0, "out of memory");
		goto out;
	}
	rc = 0;
	goto out;
fail:
	errlist_add(errs, NULL, 0, 0, "%s", into->error != NULL ?
	    into->error : "out of memory");
out:
	out_batch_free(&local);
	buf_free(&f);
	buf_free(&png);
	buf_free(&rel);
	return rc;
}
