/*
 * group.c: the files one job made from one key (a page, its charts),
 * linked from the previous build together or not at all, and the batch
 * undone when they cannot all be (see out.h, out_put_group()).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "out/out.h"

#include "out/out-internal.h"

static const out_file *sort_files;

static int
by_key(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	int c = strcmp(sort_files[a].key, sort_files[b].key);

	return c != 0 ? c : (a > b) - (a < b);
}

/* Index C's derived files by key (in listing order within a key); with
 * no memory for it, no group is found (its files are made again). */
void
group_index(cache *c)
{
	size_t n = 0;

	free(c->by_key);
	c->by_key = NULL;
	c->nby_key = 0;
	for (size_t i = 0; i < c->n; i++)
		n += c->files[i].key[0] != '\0';
	if (n == 0 || (c->by_key = malloc(n * sizeof *c->by_key)) == NULL)
		return;
	for (size_t i = 0; i < c->n; i++)
		if (c->files[i].key[0] != '\0')
			c->by_key[c->nby_key++] = i;
	/* Once, before any thread: the comparison's files are static. */
	sort_files = c->files;
	qsort(c->by_key, c->nby_key, sizeof *c->by_key, by_key);
	sort_files = NULL;
}

void
out_batch_drop(out_dir *o, out_batch *b, size_t n)
{
	while (b->n > n) {
		out_file *f = &b->files[--b->n];
		char path[4096];

		if (snprintf(path, sizeof path, "%s/%s", o->stage, f->path) <
		    (int)sizeof path)
			(void)unlink(path);
		free(f->path);
		f->path = NULL;
	}
}

int
out_put_group(out_dir *o, out_batch *b, const char *key,
    out_follow_fn follow, void *arg)
{
	const cache *c = &o->old;
	size_t lo = 0, hi = c->nby_key, n0 = b->n;
	int linked = 0;

	if (key == NULL || key[0] == '\0')
		return 0;
	while (lo < hi) {           /* the first file with KEY */
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(c->files[c->by_key[mid]].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < c->nby_key &&
	    strcmp(c->files[c->by_key[i]].key, key) == 0; i++) {
		int rc = out_put_link(o, b, c->files[c->by_key[i]].path, key);

		if (rc == 1 && follow != NULL)
			rc = follow(arg, o, b, b->n - 1);
		if (rc != 1) {
			out_batch_drop(o, b, n0);
			return rc;
		}
		linked++;
	}
	return linked;
}
