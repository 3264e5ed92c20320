/*
 * chartfile.h: a chart as files to download, for slides and documents:
 * an SVG and a PNG at twice its size, both on a white background with
 * the site's address under the chart.
 *
 * Any chart of chart.h (or one drawn like them: an <svg> with width and
 * height in pixels, its title and source credit inside it) becomes its
 * files by one call of chart_files(). The PNG is rendered in this process
 * with librsvg, on the calling thread, and only when the SVG's bytes (or
 * the renderer, or its fonts) changed since the previous build: otherwise
 * the previous build's PNG is kept, as the .gz of a download is (see
 * out.h, derived files).
 */
#ifndef REEKS_CHARTFILE_H
#define REEKS_CHARTFILE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "out/out.h"
#include "util/errlist.h"

/* The scale of the PNG: 2 pixels to the SVG's one. */
#define CHART_PNG_SCALE 2

/* What the PNGs of a build cost, for 'make bench' (shared by threads;
 * zero-initialize). */
typedef struct chart_png_stats {
	atomic_uint_fast64_t made;      /* PNGs rendered */
	atomic_uint_fast64_t kept;      /* PNGs kept from the previous build */
	atomic_uint_fast64_t ns;        /* rendering, summed over threads */
} chart_png_stats;

/*
 * Write chart SVG (LEN bytes: the chart's <svg> element as a page
 * inlines it, without an XML declaration) as PATH.svg and PATH.png
 * (PATH: "en/series/x", relative to the site, without an extension)
 * into the build O: into batch B when B is not NULL (thread-safe, as
 * out_put()), else listed in O at once.
 *
 * PATH.svg is a standalone SVG of the chart's width and its height plus
 * a footer: a white background, the chart as it is (its title and
 * credit inside it), and SITE_URL (the --base-url; none when NULL or "")
 * in the footer, wrapped to the width. PATH.png is PATH.svg rendered at
 * CHART_PNG_SCALE times its size by librsvg, opaque (8-bit RGB), the
 * chunks IHDR, IDAT and IEND alone (no time, no text): the same SVG
 * gives the same bytes (with the same zlib). It
 * is made only when the previous build's PATH.png was not made from the
 * same PATH.svg bytes by the same reeks (its libraries included) with the
 * same font files; else that PNG is reused. STATS (or NULL) counts what
 * was rendered and kept and the time taken.
 *
 * Without PNG, PATH.svg alone: librsvg (glib, its Rust code, pango,
 * fontconfig) aborts or crashes when an allocation fails, so the
 * allocation-failure tests (tests/oom.sh) build without PNGs
 * (REEKS_NO_PNG, site_opts.no_png).
 *
 * Returns 0, or -1 after adding to ERRS why (out of memory, an SVG
 * without a width and height, librsvg's error, a file that cannot be
 * written).
 */
int chart_files(out_dir *o, out_batch *b, const char *path, const char *svg,
    size_t len, const char *site_url, bool png, chart_png_stats *stats,
    const char *group, errlist *errs);

/* With GROUP (not NULL), chart_files() puts PATH.svg as a file of that
 * group (out_put_member(), out.h); its PNG keeps its own key and follows
 * it: chart_png_link() links B's file I (a PATH.svg) PNG when the
 * previous build's was made from the same SVG (1), else returns 0 (-1
 * with the reason in B->error); an out_follow_fn with STATS as ARG. */
int chart_png_link(void *stats, out_dir *o, out_batch *b, size_t i);

#endif
