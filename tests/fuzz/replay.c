/*
 * replay.c: run a fuzz target without libFuzzer, on the files and
 * directories named on the command line (each file in a directory, in
 * name order; names starting with '.' are skipped). The regression files
 * in tests/fuzz/regress/ and the seed corpus are replayed this way by
 * make check, so that a crash once found stays fixed.
 *
 * usage: tests/fuzz/replay-TARGET FILE-OR-DIR...
 * Prints "TARGET: N inputs" and exits 0; a crash is the target's abort()
 * or a sanitizer's report. Exit status 2 when a file cannot be read.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* Read PATH whole and run the target on it. Returns 0, or -1 after
 * printing why the file could not be read. */
static int
replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0;
	int rc = -1;

	if (f == NULL) {
		fprintf(stderr, "replay: cannot open %s: %s\n", path,
		    strerror(errno));
		return -1;
	}
	for (;;) {
		if (len == cap) {
			size_t ncap = cap ? cap * 2 : 4096;
			uint8_t *nbuf = realloc(buf, ncap);

			if (nbuf == NULL) {
				fprintf(stderr, "replay: out of memory\n");
				goto out;
			}
			buf = nbuf;
			cap = ncap;
		}
		size_t got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		fprintf(stderr, "replay: cannot read %s\n", path);
		goto out;
	}
	/* libFuzzer passes a copy of exactly LEN bytes: do the same, so
	 * that ASan sees a read past the end. */
	uint8_t *copy = malloc(len ? len : 1);
	if (copy == NULL) {
		fprintf(stderr, "replay: out of memory\n");
		goto out;
	}
	if (len > 0)
		memcpy(copy, buf, len);
	LLVMFuzzerTestOneInput(copy, len);
	free(copy);
	rc = 0;
out:
	fclose(f);
	free(buf);
	return rc;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replay PATH, a file or a directory of files. Adds to *COUNT. */
static int
replay_path(const char *path, size_t *count)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;

	if (stat(path, &st) != 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		if (replay_file(path) != 0)
			return -1;
		(*count)++;
		return 0;
	}
	if ((d = opendir(path)) == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			char **nn = realloc(names, ncap * sizeof *nn);

			if (nn == NULL) {
				rc = -1;
				goto out;
			}
			names = nn;
			cap = ncap;
		}
		size_t len = strlen(path) + strlen(e->d_name) + 2;
		if ((names[n] = malloc(len)) == NULL) {
			rc = -1;
			goto out;
		}
		snprintf(names[n], len, "%s/%s", path, e->d_name);
		n++;
	}
	if (n > 0)
		qsort(names, n, sizeof *names, name_cmp);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = replay_path(names[i], count);
out:
	closedir(d);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

int
main(int argc, char **argv)
{
	const char *name = strrchr(argv[0], '/');
	size_t count = 0;

	name = name != NULL ? name + 1 : argv[0];
	if (strncmp(name, "replay-", 7) == 0)
		name += 7;
	for (int i = 1; i < argc; i++)
		if (replay_path(argv[i], &count) != 0)
			return 2;
	printf("%s: %zu inputs\n", name, count);
	return 0;
}
