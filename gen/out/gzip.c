/*
 * gzip.c: see gzip.h.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "out/gzip.h"

int
gzip_compress(const void *data, size_t len, unsigned char **out,
    size_t *outlen)
{
	z_stream z;
	gz_header head;
	const unsigned char *src = data;
	unsigned char *dst = NULL;
	size_t left = len, cap, used = 0;
	int zrc, err = EIO;

	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, GZIP_LEVEL, Z_DEFLATED, MAX_WBITS + 16, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK) {
		errno = ENOMEM;
		return -1;
	}
	/* No name, no comment, no extra field, mtime 0, a fixed OS byte. */
	memset(&head, 0, sizeof head);
	head.os = GZIP_OS_UNKNOWN;
	if (deflateSetHeader(&z, &head) != Z_OK)
		goto fail;
	/* Enough for all of it in one go, as a rule; grown if not. */
	cap = len <= ULONG_MAX ? deflateBound(&z, (uLong)len) : len;
	if ((dst = malloc(cap)) == NULL) {
		err = ENOMEM;
		goto fail;
	}
	for (;;) {
		if (z.avail_in == 0 && left > 0) {
			uInt chunk = left > UINT_MAX ? UINT_MAX : (uInt)left;

			z.next_in = (Bytef *)(uintptr_t)src;
			z.avail_in = chunk;
			src += chunk;
			left -= chunk;
		}
		if (used == cap) {
			unsigned char *p;

			if (cap > SIZE_MAX / 2 ||
			    (p = realloc(dst, cap * 2)) == NULL) {
				err = ENOMEM;
				goto fail;
			}
			dst = p;
			cap *= 2;
		}
		size_t room = cap - used;
		uInt avail = room > UINT_MAX ? UINT_MAX : (uInt)room;
		z.next_out = dst + used;
		z.avail_out = avail;
		zrc = deflate(&z, left == 0 ? Z_FINISH : Z_NO_FLUSH);
		used += avail - z.avail_out;
		if (zrc == Z_STREAM_END)
			break;
		if (zrc != Z_OK && zrc != Z_BUF_ERROR)
			goto fail;
	}
	deflateEnd(&z);
	*out = dst;
	*outlen = used;
	return 0;
fail:
	deflateEnd(&z);
	free(dst);
	errno = err;
	return -1;
}

struct gzip_stream {
	z_stream z;
	gz_header head;             /* zlib reads it at the first deflate() */
	unsigned char out[1 << 16];
};

gzip_stream *
gzip_stream_new(void)
{
	gzip_stream *g = calloc(1, sizeof *g);

	if (g == NULL)
		return NULL;
	/* As gzip_compress(). */
	if (deflateInit2(&g->z, GZIP_LEVEL, Z_DEFLATED, MAX_WBITS + 16, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK) {
		free(g);
		return NULL;
	}
	memset(&g->head, 0, sizeof g->head);
	g->head.os = GZIP_OS_UNKNOWN;
	if (deflateSetHeader(&g->z, &g->head) != Z_OK) {
		gzip_stream_free(g);
		return NULL;
	}
	return g;
}

int
gzip_stream_add(gzip_stream *g, const void *data, size_t len, int last,
    int (*write)(void *arg, const void *data, size_t len), void *arg)
{
	const unsigned char *src = data;
	int zrc;

	do {
		uInt chunk = len > UINT_MAX ? UINT_MAX : (uInt)len;

		g->z.next_in = (Bytef *)(uintptr_t)src;
		g->z.avail_in = chunk;
		if (chunk > 0)          /* SRC may be NULL with no bytes */
			src += chunk;
		len -= chunk;
		do {
			g->z.next_out = g->out;
			g->z.avail_out = sizeof g->out;
			zrc = deflate(&g->z, last && len == 0 ? Z_FINISH :
			    Z_NO_FLUSH);
			if (zrc != Z_OK && zrc != Z_STREAM_END &&
			    zrc != Z_BUF_ERROR) {
				errno = EIO;
				return -1;
			}
			size_t have = sizeof g->out - g->z.avail_out;
			if (have > 0 && write(arg, g->out, have) != 0) {
				if (errno == 0)
					errno = EIO;
				return -1;
			}
		} while (g->z.avail_out == 0 ||
		    (last && len == 0 && zrc != Z_STREAM_END));
	} while (len > 0);
	return 0;
}

void
gzip_stream_free(gzip_stream *g)
{
	if (g == NULL)
		return;
	deflateEnd(&g->z);
	free(g);
}
