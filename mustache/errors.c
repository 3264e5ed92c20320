/*
 * errors.c: the template engine's error list (mustache_errors, public in
 * mustache.h) and how the parser and renderer add to it (mu_error() and
 * the rest, mustache-internal.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mustache-internal.h"

struct mustache_errors {
	mustache_error *items;
	size_t count, cap;
};

mustache_errors *
mustache_errors_new(void)
{
	return calloc(1, sizeof(mustache_errors));
}

void
mustache_errors_clear(mustache_errors *errs)
{
	if (errs == NULL)
		return;
	for (size_t i = 0; i < errs->count; i++) {
		free((char *)errs->items[i].file);
		free((char *)errs->items[i].message);
	}
	errs->count = 0;
}

void
mustache_errors_free(mustache_errors *errs)
{
	if (errs == NULL)
		return;
	mustache_errors_clear(errs);
	free(errs->items);
	free(errs);
}

size_t
mustache_errors_count(const mustache_errors *errs)
{
	return errs == NULL ? 0 : errs->count;
}

const mustache_error *
mustache_errors_at(const mustache_errors *errs, size_t i)
{
	if (errs == NULL || i >= errs->count)
		return NULL;
	return &errs->items[i];
}

int
mu_error(mustache_errors *errs, mustache_status kind, const char *file,
    unsigned long line, unsigned long col, const char *fmt, ...)
{
	char *message = NULL, *fcopy = NULL;
	va_list ap;
	int n;

	if (errs == NULL)
		return 0;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || (message = malloc((size_t)n + 1)) == NULL)
		goto fail;
	va_start(ap, fmt);
	vsnprintf(message, (size_t)n + 1, fmt, ap);
	va_end(ap);
	if ((fcopy = strdup(file != NULL ? file : "")) == NULL)
		goto fail;
	if (errs->count == errs->cap) {
		size_t ncap = errs->cap == 0 ? 8 : errs->cap * 2;
		mustache_error *items = realloc(errs->items,
		    ncap * sizeof *items);

		if (items == NULL)
			goto fail;
		errs->items = items;
		errs->cap = ncap;
	}
	errs->items[errs->count++] = (mustache_error){
		.kind = kind, .file = fcopy, .line = line, .col = col,
		.message = message,
	};
	return 0;
fail:
	free(message);
	free(fcopy);
	return -1;
}

/* Whether an error equal to X is at index FROM to TO (excluded). */
static bool
mu_error_seen_in(const mustache_errors *errs, size_t from, size_t to,
    const mustache_error *x)
{
	for (size_t i = from; i < to; i++) {
		const mustache_error *e = &errs->items[i];

		if (e->kind == x->kind && e->line == x->line &&
		    e->col == x->col && strcmp(e->file, x->file) == 0 &&
		    strcmp(e->message, x->message) == 0)
			return true;
	}
	return false;
}

bool
mu_error_seen(const mustache_errors *errs, size_t from, mustache_status kind,
    const char *file, unsigned long line, unsigned long col,
    const char *message)
{
	mustache_error x = {
		.kind = kind, .file = file, .line = line, .col = col,
		.message = message,
	};

	if (errs == NULL)
		return false;
	return mu_error_seen_in(errs, from, errs->count, &x);
}

void
mu_errors_dedupe(mustache_errors *errs, size_t from, size_t new_from)
{
	size_t k;

	if (errs == NULL || new_from > errs->count)
		return;
	k = new_from;
	for (size_t i = new_from; i < errs->count; i++) {
		mustache_error *e = &errs->items[i];

		if (new_from > from && mu_error_seen_in(errs, from, new_from,
		    e)) {
			free((char *)e->file);
			free((char *)e->message);
		} else {
			errs->items[k++] = *e;
		}
	}
	errs->count = k;
}

/* Sort the errors from index FROM by line and column, keeping the order
 * of errors at the same place (insertion sort: there are few). */
void
mu_errors_sort(mustache_errors *errs, size_t from)
{
	if (errs == NULL)
		return;
	for (size_t i = from + 1; i < errs->count; i++) {
		mustache_error e = errs->items[i];
		size_t j = i;

		while (j > from && (errs->items[j - 1].line > e.line ||
		    (errs->items[j - 1].line == e.line &&
		    errs->items[j - 1].col > e.col))) {
			errs->items[j] = errs->items[j - 1];
			j--;
		}
		errs->items[j] = e;
	}
}
