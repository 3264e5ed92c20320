/*
 * gzip.h: reproducible gzip files.
 *
 * The same input always gives the same bytes (with the same zlib): the
 * header carries no file name, no comment, modification time 0 and the
 * operating system "unknown" (255), and the data is deflated at level
 * GZIP_LEVEL with zlib's default window and memory settings. So the
 * checksums of the site's .gz files change only when their contents do.
 */
#ifndef REEKS_GZIP_H
#define REEKS_GZIP_H

#include <stddef.h>

/* The operating-system byte every header carries (RFC 1952: unknown). */
#define GZIP_OS_UNKNOWN 255
/* The deflate level: 6, zlib's and gzip's default. Level 9 makes files
 * about 11% smaller and takes 3.5 times as long (the whole dataset as
 * JSON at 10,000 series: 16 s instead of 4.5 s), which the benchmark
 * found to be most of a large build. */
#define GZIP_LEVEL 6
/* The header's XFL byte zlib writes for that level (RFC 1952: 2 for the
 * slowest, 4 for the fastest, 0 otherwise). */
#define GZIP_XFL 0

/*
 * Compress LEN bytes at DATA (which may be NULL when LEN is 0) into one
 * gzip member (RFC 1952). Returns 0 and sets *OUT to a new buffer of
 * *OUTLEN bytes, which the caller frees with free(). Returns -1 with
 * errno set (ENOMEM when out of memory, EIO when zlib failed) and leaves
 * *OUT and *OUTLEN unchanged.
 */
int gzip_compress(const void *data, size_t len, unsigned char **out,
    size_t *outlen);

/*
 * The same in pieces, for files too big to hold whole: the same bytes as
 * gzip_compress() of all the pieces together. gzip_stream_new() returns
 * NULL when out of memory; gzip_stream_add() compresses LEN bytes at DATA
 * (LAST: the final piece) and passes what it produced to WRITE(ARG, ...),
 * which returns 0, or -1 with errno set; it returns 0, or -1 with errno
 * set (WRITE's errno, or EIO when zlib failed). Free with gzip_stream_free(), which accepts NULL.
 */
typedef struct gzip_stream gzip_stream;
gzip_stream *gzip_stream_new(void);
int gzip_stream_add(gzip_stream *g, const void *data, size_t len, int last,
    int (*write)(void *arg, const void *data, size_t len), void *arg);
void gzip_stream_free(gzip_stream *g);

#endif
