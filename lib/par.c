/*
 * par.c: the thread pool of the loader (load.c) and of reeks build
 * (gen/): see shared.h.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

typedef struct par_run {
	size_t n;
	atomic_size_t next;
	void (*fn)(void *arg, size_t i, int worker);
	void *arg;
	/* Progress: jobs done, and when to report next (one thread at a
	 * time, under LOCK). */
	atomic_size_t done;
	void (*progress)(void *arg, size_t done, size_t n);
	void *parg;
	pthread_mutex_t lock;
	int64_t next_report_ns;
} par_run;

static int64_t
monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Report DONE jobs when the last report is REEKS_PAR_PROGRESS_NS old (the first
 * at once), unless another thread is reporting. */
static void
report(par_run *r, size_t done)
{
	int64_t now;

	if (pthread_mutex_trylock(&r->lock) != 0)
		return;
	now = monotonic_ns();
	if (now >= r->next_report_ns) {
		r->progress(r->parg, done, r->n);
		r->next_report_ns = now + REEKS_PAR_PROGRESS_NS;
	}
	pthread_mutex_unlock(&r->lock);
}

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

	/* A thread on which libxml2 cannot run (its state for the thread
	 * could not be allocated) takes no job; the others, and worker 0 on
	 * the calling thread, do them all. */
	if (w->id > 0 && !reeks_thread_ready())
		return NULL;
	while ((i = atomic_fetch_add(&r->next, 1)) < r->n) {
		r->fn(r->arg, i, w->id);
		size_t done = atomic_fetch_add(&r->done, 1) + 1;
		if (r->progress != NULL)
			report(r, done);
	}
	return NULL;
}

int
reeks_par_default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > REEKS_PAR_MAX_JOBS ? REEKS_PAR_MAX_JOBS : (int)n;
}

void
reeks_par_for(size_t n, int jobs, void (*fn)(void *arg, size_t i, int worker),
    void *arg)
{
	reeks_par_for_progress(n, jobs, fn, arg, NULL, NULL);
}

void
reeks_par_for_progress(size_t n, int jobs,
    void (*fn)(void *arg, size_t i, int worker), void *arg,
    void (*progress)(void *parg, size_t done, size_t n), void *parg)
{
	par_run r = {
		.n = n, .fn = fn, .arg = arg, .progress = progress,
		.parg = parg, .lock = PTHREAD_MUTEX_INITIALIZER
	};
	pthread_t threads[REEKS_PAR_MAX_JOBS];
	par_worker workers[REEKS_PAR_MAX_JOBS];
	int started = 0;

	/* Cleared so that no path reads an unset element (cppcheck cannot
	 * see that jobs >= 1 below). */
	memset(threads, 0, sizeof threads);
	memset(workers, 0, sizeof workers);
	atomic_init(&r.next, 0);
	atomic_init(&r.done, 0);
	if (jobs < 1)
		jobs = 1;
	if (jobs > REEKS_PAR_MAX_JOBS)
		jobs = REEKS_PAR_MAX_JOBS;
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
	pthread_mutex_destroy(&r.lock);
}
