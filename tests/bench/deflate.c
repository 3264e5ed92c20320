/*
 * deflate.c: zlib against libdeflate on the site's files, in MB/s of
 * processor time (the best of RUNS) and output size. Not a test.
 *
 * usage: tests/bench/deflate [-r RUNS] [-p PIECES] LABEL FILE... [LABEL FILE...]
 *
 * An argument that is not a readable file starts a group (its label);
 * each group's files are compressed one by one, whole, as gzip (zlib
 * through gzip_compress(), level GZIP_LEVEL, as the site's .gz; libdeflate
 * with libdeflate_gzip_compress() at several levels). With -p, each file
 * is also cut into PIECES pieces at line ends and each piece deflated
 * on its own as the whole-dataset .gz are (gen/out/pieces.c: raw
 * deflate, zlib with Z_SYNC_FLUSH and the last 32 KB of the piece before
 * as dictionary); libdeflate_deflate_compress() has no dictionary and
 * always ends its output with a final block, so its figure only says
 * what it would cost.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libdeflate.h>
#include <zlib.h>

#include "out/gzip.h"

typedef struct file {
	unsigned char *data;
	size_t len;
} file;

static int runs = 3;

static double
cpu_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int
slurp(const char *path, file *f)
{
	FILE *in = fopen(path, "rb");
	long n;

	if (in == NULL)
		return -1;
	if (fseek(in, 0, SEEK_END) != 0 || (n = ftell(in)) < 0 ||
	    fseek(in, 0, SEEK_SET) != 0 ||
	    (f->data = malloc((size_t)n + 1)) == NULL ||
	    fread(f->data, 1, (size_t)n, in) != (size_t)n) {
		fclose(in);
		return -1;
	}
	f->len = (size_t)n;
	fclose(in);
	return 0;
}

/* Compress F with method M (-1: zlib gzip; -2: zlib raw pieces; a level
 * L: libdeflate gzip; 100 + L: libdeflate raw pieces); the output size. */
static size_t
squeeze(const file *f, int m, size_t npieces)
{
	size_t out = 0;

	if (m == -1) {
		unsigned char *gz;
		size_t gzlen;

		if (gzip_compress(f->data, f->len, &gz, &gzlen) != 0)
			exit(1);
		free(gz);
		return gzlen;
	}
	if (m >= 1 && m <= 12) {
		struct libdeflate_compressor *c = libdeflate_alloc_compressor(m);
		size_t cap = libdeflate_gzip_compress_bound(c, f->len);
		unsigned char *buf = malloc(cap);

		if (c == NULL || buf == NULL ||
		    (out = libdeflate_gzip_compress(c, f->data, f->len, buf,
		    cap)) == 0)
			exit(1);
		free(buf);
		libdeflate_free_compressor(c);
		return out;
	}
	/* Pieces: cut at the line end after each I * LEN / NPIECES. */
	z_stream z;
	struct libdeflate_compressor *c = NULL;
	size_t cap = f->len + f->len / 8 + 1024, from = 0, prev = 0;
	unsigned char *buf = malloc(cap);

	memset(&z, 0, sizeof z);
	if (m == -2 && deflateInit2(&z, GZIP_LEVEL, Z_DEFLATED, -MAX_WBITS, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		exit(1);
	if (m > 100 && (c = libdeflate_alloc_compressor(m - 100)) == NULL)
		exit(1);
	for (size_t i = 1; i <= npieces && from < f->len; i++) {
		size_t to = i == npieces ? f->len : i * (f->len / npieces);

		while (to < f->len && f->data[to - 1] != '\n')
			to++;
		if (to <= from)
			continue;
		if (m == -2) {
			/* The piece before's last 32 KB. */
			size_t d = from - prev < 32768 ? from - prev : 32768;

			deflateReset(&z);
			if (d > 0 && deflateSetDictionary(&z, f->data + from - d,
			    (uInt)d) != Z_OK)
				exit(1);
			z.next_in = f->data + from;
			z.avail_in = (uInt)(to - from);
			z.next_out = buf;
			z.avail_out = (uInt)cap;
			if (deflate(&z, to == f->len ? Z_FINISH :
			    Z_SYNC_FLUSH) == Z_STREAM_ERROR)
				exit(1);
			out += cap - z.avail_out;
		} else {
			size_t n = libdeflate_deflate_compress(c, f->data + from,
			    to - from, buf, cap);

			if (n == 0)
				exit(1);
			out += n;
		}
		prev = from;
		from = to;
	}
	if (m == -2)
		deflateEnd(&z);
	libdeflate_free_compressor(c);
	free(buf);
	return out + 18;            /* a gzip header and trailer */
}

static const char *
method_name(int m, char *dst, size_t len)
{
	if (m == -1)
		snprintf(dst, len, "zlib %d", GZIP_LEVEL);
	else if (m == -2)
		snprintf(dst, len, "zlib %d pieces", GZIP_LEVEL);
	else if (m > 100)
		snprintf(dst, len, "libdeflate %d pieces", m - 100);
	else
		snprintf(dst, len, "libdeflate %d", m);
	return dst;
}

static void
group(const char *label, const file *files, size_t n, size_t npieces)
{
	static const int whole[] = { -1, 1, 4, 5, 6, 7, 9 };
	const size_t nwhole = sizeof whole / sizeof whole[0];
	static const int pieces[] = { -2, 106 };
	size_t in = 0;
	double base = 0;

	for (size_t i = 0; i < n; i++)
		in += files[i].len;
	printf("%s: %zu files, %.1f MB\n", label, n, (double)in / 1e6);
	for (size_t k = 0; k < nwhole + (npieces > 0 ? 2 : 0); k++) {
		int m = k < nwhole ? whole[k] : pieces[k - nwhole];
		double best = 0;
		size_t out = 0;
		char name[64];

		for (int r = 0; r < runs; r++) {
			double t = cpu_now();

			out = 0;
			for (size_t i = 0; i < n; i++)
				out += squeeze(&files[i], m, npieces);
			t = cpu_now() - t;
			if (t > 0 && (double)in / t / 1e6 > best)
				best = (double)in / t / 1e6;
		}
		if (k == 0 || k == nwhole)
			base = best;
		printf("  %-22s %8.1f MB/s (%4.2fx)  %12zu bytes (%5.2f%%)\n",
		    method_name(m, name, sizeof name), best,
		    base > 0 ? best / base : 0, out,
		    100.0 * (double)out / (double)in);
	}
}

int
main(int argc, char **argv)
{
	size_t npieces = 0, n = 0;
	const char *label = "files";
	file *files = calloc((size_t)argc, sizeof *files);
	int i = 1;

	for (; i + 1 < argc && argv[i][0] == '-'; i += 2) {
		if (strcmp(argv[i], "-r") == 0)
			runs = atoi(argv[i + 1]);
		else if (strcmp(argv[i], "-p") == 0)
			npieces = (size_t)atol(argv[i + 1]);
		else
			break;
	}
	if (i >= argc || files == NULL) {
		fputs("usage: tests/bench/deflate [-r RUNS] [-p PIECES] "
		    "LABEL FILE... [LABEL FILE...]\n", stderr);
		return 2;
	}
	for (; i < argc; i++) {
		if (slurp(argv[i], &files[n]) == 0) {
			n++;
			continue;
		}
		if (n > 0)
			group(label, files, n, npieces);
		for (size_t j = 0; j < n; j++)
			free(files[j].data);
		n = 0;
		label = argv[i];
	}
	if (n > 0)
		group(label, files, n, npieces);
	for (size_t j = 0; j < n; j++)
		free(files[j].data);
	free(files);
	return 0;
}
