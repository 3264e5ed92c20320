/*
 * par.h: running independent jobs on several threads (reeks build -j).
 *
 * Jobs are numbered; each runs exactly once, on some thread, in no
 * particular order. Callers keep each job's results in a slot of their
 * own and combine them afterwards in job order, so that nothing they
 * produce depends on the number of threads or on timing.
 */
#ifndef REEKS_PAR_H
#define REEKS_PAR_H

#include <stddef.h>

/* The most threads par_for() starts. */
#define PAR_MAX_JOBS 256

/* The number of processors online (at least 1, at most PAR_MAX_JOBS). */
int par_default_jobs(void);

/*
 * Run FN(ARG, I, WORKER) for every I from 0 to N - 1 on up to JOBS threads
 * (the calling thread is one of them); WORKER (0 to JOBS - 1) names the
 * thread, for state of its own. Returns when every job has run. When
 * threads cannot be started, the calling thread runs the rest; so it does
 * when a thread cannot run libxml2 (see reeks_thread_ready()), which the
 * calling thread must be able to.
 */
void par_for(size_t n, int jobs, void (*fn)(void *arg, size_t i, int worker),
    void *arg);

/* How often par_for_progress() reports: every 100 ms. */
#define PAR_PROGRESS_NS 100000000

/*
 * As par_for(), and PROGRESS(PARG, DONE, N) with the number of jobs done
 * so far: when the first job is done, then at most every PAR_PROGRESS_NS,
 * from whichever thread finished a job, never two at once. A job that
 * finishes while another thread reports is not reported.
 */
void par_for_progress(size_t n, int jobs,
    void (*fn)(void *arg, size_t i, int worker), void *arg,
    void (*progress)(void *parg, size_t done, size_t n), void *parg);

#endif
