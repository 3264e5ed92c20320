/*
 * par.c: see par.h.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#include "par.h"

typedef struct par_run {
	size_t n;
	atomic_size_t next;
	void (*fn)(void *arg, size_t i, int worker);
	void *arg;
} par_run;

typedef struct par_worker {
	par_run *run;
	int id;
} par_worker;

static void *
work(void *p)
{
	par_worker *w = p;
	par_run *r = w->run;
	size_t i;

	while ((i = atomic_fetch_add(&r->next, 1)) < r->n)
		r->fn(r->arg, i, w->id);
	return NULL;
}

int
par_default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > PAR_MAX_JOBS ? PAR_MAX_JOBS : (int)n;
}

void
par_for(size_t n, int jobs, void (*fn)(void *arg, size_t i, int worker),
    void *arg)
{
	par_run r = { .n = n, .fn = fn, .arg = arg };
	pthread_t threads[PAR_MAX_JOBS];
	par_worker workers[PAR_MAX_JOBS];
	int started = 0;

	/* Cleared so that no path reads an unset element (cppcheck cannot
	 * see that jobs >= 1 below). */
	memset(threads, 0, sizeof threads);
	memset(workers, 0, sizeof workers);
	atomic_init(&r.next, 0);
	if (jobs < 1)
		jobs = 1;
	if (jobs > PAR_MAX_JOBS)
		jobs = PAR_MAX_JOBS;
	if ((size_t)jobs > n)
		jobs = n > 0 ? (int)n : 1;
	for (int i = 0; i < jobs; i++)
		workers[i] = (par_worker){ &r, i };
	for (int i = 1; i < jobs; i++) {
		if (pthread_create(&threads[i], NULL, work, &workers[i]) != 0)
			break;
		started = i;
	}
	work(&workers[0]);
	for (int i = 1; i <= started; i++)
		pthread_join(threads[i], NULL);
}
