/*
 * gzip.c: see gzip.h.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "gzip.h"

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
	if (deflateInit2(&z, 9, Z_DEFLATED, MAX_WBITS + 16, 8,
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
