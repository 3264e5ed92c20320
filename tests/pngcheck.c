/*
 * pngcheck.c: what tests/png.sh checks of a chart's files, with librsvg
 * and cairo (the renderer the build uses), one line per failure.
 *
 * usage: tests/pngcheck --svg FILE.svg...
 *            each SVG rendered at its size on white: no pixel that is
 *            not white touches the image's border (nothing drawn is cut
 *            off at an edge: a title or credit too long for the width
 *            would be);
 *        tests/pngcheck --png FILE.png...
 *            each PNG decodes, is CHART_PNG_SCALE (2) times the width
 *            and height of FILE.svg beside it, opaque, and its border is
 *            white (the background, nothing cut off).
 * Prints "FILE: why" for each file that fails, then "N of M failed"; exit
 * status 1 when any failed, 2 on a usage error.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <librsvg/rsvg.h>

#define SCALE 2

/* Whether every pixel on the border of S (RGB24 or ARGB32) is opaque
 * white; else *X, *Y the first that is not. */
static int
border_white(cairo_surface_t *s, int *x, int *y)
{
	int w = cairo_image_surface_get_width(s);
	int h = cairo_image_surface_get_height(s);
	int stride = cairo_image_surface_get_stride(s);
	const unsigned char *d = cairo_image_surface_get_data(s);
	int argb = cairo_image_surface_get_format(s) == CAIRO_FORMAT_ARGB32;

	cairo_surface_flush(s);
	for (int j = 0; j < h; j++) {
		for (int i = 0; i < w; i++) {
			uint32_t p;

			if (j != 0 && j != h - 1 && i != 0 && i != w - 1)
				continue;
			memcpy(&p, d + (size_t)j * (size_t)stride +
			    (size_t)i * 4, 4);
			if (!argb)
				p |= 0xff000000u;
			if (p != 0xffffffffu) {
				*x = i;
				*y = j;
				return 0;
			}
		}
	}
	return 1;
}

/* The SVG file PATH's width and height in pixels; 0 when unreadable. */
static int
svg_size(const char *path, RsvgHandle **out, double *w, double *h)
{
	GError *err = NULL;
	RsvgHandle *handle = rsvg_handle_new_from_file(path, &err);

	if (handle == NULL) {
		printf("%s: librsvg cannot read it: %s\n", path,
		    err != NULL ? err->message : "?");
		g_clear_error(&err);
		return 0;
	}
	if (!rsvg_handle_get_intrinsic_size_in_pixels(handle, w, h)) {
		printf("%s: no width and height in pixels\n", path);
		g_object_unref(handle);
		return 0;
	}
	*out = handle;
	return 1;
}

static int
check_svg(const char *path)
{
	RsvgHandle *handle;
	GError *err = NULL;
	double w, h;
	int x, y, ok = 0;

	if (!svg_size(path, &handle, &w, &h))
		return 0;
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
	    (int)w, (int)h);
	cairo_t *cr = cairo_create(s);
	RsvgRectangle vp = { 0, 0, w, h }, ink, logical;

	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	if (!rsvg_handle_render_document(handle, cr, &vp, &err)) {
		printf("%s: librsvg cannot render it: %s\n", path,
		    err != NULL ? err->message : "?");
		g_clear_error(&err);
	} else if (!rsvg_handle_get_geometry_for_layer(handle, NULL, &vp,
	    &ink, &logical, &err)) {
		printf("%s: librsvg cannot measure it: %s\n", path,
		    err != NULL ? err->message : "?");
		g_clear_error(&err);
	} else if (ink.x < -0.01 || ink.y < -0.01 ||
	    ink.x + ink.width > w + 0.01 || ink.y + ink.height > h + 0.01) {
		printf("%s: drawn from (%.1f, %.1f) to (%.1f, %.1f), outside "
		    "its %.0f x %.0f: cut off\n", path, ink.x, ink.y,
		    ink.x + ink.width, ink.y + ink.height, w, h);
	} else if (!border_white(s, &x, &y)) {
		printf("%s: drawn up to its border at (%d, %d): cut off\n",
		    path, x, y);
	} else {
		ok = 1;
	}
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	g_object_unref(handle);
	return ok;
}

static int
check_png(const char *path)
{
	size_t n = strlen(path);
	char *svg = malloc(n + 1);
	RsvgHandle *handle;
	double w, h;
	int x, y, ok = 0;

	if (svg == NULL || n < 4 || strcmp(path + n - 4, ".png") != 0) {
		printf("%s: not a .png\n", path);
		free(svg);
		return 0;
	}
	memcpy(svg, path, n - 4);
	strcpy(svg + n - 4, ".svg");
	if (!svg_size(svg, &handle, &w, &h)) {
		free(svg);
		return 0;
	}
	g_object_unref(handle);
	cairo_surface_t *s = cairo_image_surface_create_from_png(path);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
		printf("%s: does not decode: %s\n", path,
		    cairo_status_to_string(cairo_surface_status(s)));
	else if (cairo_image_surface_get_width(s) != (int)(w * SCALE) ||
	    cairo_image_surface_get_height(s) != (int)(h * SCALE))
		printf("%s: %d x %d, not %d x %d (twice %s)\n", path,
		    cairo_image_surface_get_width(s),
		    cairo_image_surface_get_height(s), (int)(w * SCALE),
		    (int)(h * SCALE), svg);
	else if (cairo_image_surface_get_format(s) != CAIRO_FORMAT_RGB24)
		printf("%s: not opaque (has an alpha channel)\n", path);
	else if (!border_white(s, &x, &y))
		printf("%s: not white at its border at (%d, %d)\n", path, x,
		    y);
	else
		ok = 1;
	cairo_surface_destroy(s);
	free(svg);
	return ok;
}

int
main(int argc, char **argv)
{
	int failed = 0, png;

	if (argc < 2 || (strcmp(argv[1], "--svg") != 0 &&
	    strcmp(argv[1], "--png") != 0)) {
		fprintf(stderr, "usage: pngcheck --svg|--png FILE...\n");
		return 2;
	}
	png = strcmp(argv[1], "--png") == 0;
	for (int i = 2; i < argc; i++)
		failed += !(png ? check_png(argv[i]) : check_svg(argv[i]));
	printf("%d of %d failed\n", failed, argc - 2);
	return failed > 0;
}
