/*
 * shared.h: the parts of libreeks that gen/ and mustache/ use too: one
 * arena, one thread pool, one number formatter. Not installed and not
 * the library's API (that is reeks.h): the names start with reeks_ so
 * that libreeks.a defines no other global, and they may change with
 * the code that calls them.
 */
#ifndef REEKS_SHARED_H
#define REEKS_SHARED_H

#include <stdbool.h>
#include <stddef.h>

/* ---- arena (lib/arena.c): many small allocations freed at once -------- */

typedef struct arena_block arena_block;

/* Zero-initialise (arena a = { 0 }) before use; release with
 * reeks_arena_free(). */
typedef struct arena {
	arena_block *head;
} arena;

/* The size of a normal block: larger allocations get a block of their
 * own, kept behind the one being filled. */
enum { REEKS_ARENA_BLOCK = 64 * 1024 };

/* N bytes aligned for any object, zeroed; NULL when out of memory (A
 * unchanged). Everything is released by reeks_arena_free(). */
void *reeks_arena_alloc(arena *a, size_t n);
/* N bytes for text: not zeroed, not aligned (no padding after short
 * strings, and no memset of what is written at once). NULL when out of
 * memory. */
char *reeks_arena_alloc_text(arena *a, size_t n);
/* Give back the last N bytes P took, when nothing was taken after them
 * (else keep them: nothing is lost but the bytes). */
void reeks_arena_give_back(arena *a, void *p, size_t n);
/* A copy of S (of LEN bytes) with a NUL added; NULL when out of memory. */
char *reeks_arena_strndup(arena *a, const char *s, size_t len);
char *reeks_arena_strdup(arena *a, const char *s);
/* Release every block; A is then empty and usable. */
void reeks_arena_free(arena *a);
/* Forget everything allocated in A but keep one normal block for what
 * comes next; the others are freed. */
void reeks_arena_reset(arena *a);
/* Move every block of FROM into TO; FROM is then empty. */
void reeks_arena_splice(arena *to, arena *from);
/* Where A stands, for reeks_arena_release(). */
typedef struct arena_mark {
	arena_block *head, *next;
	size_t used;
} arena_mark;
void reeks_arena_mark(const arena *a, arena_mark *m);
/* Free everything allocated in A since M was taken (with nothing reset,
 * freed or spliced in between): A is as it was then. */
void reeks_arena_release(arena *a, const arena_mark *m);

/* ---- thread pool (lib/par.c) ------------------------------------------ */
/*
 * Jobs are numbered; each runs exactly once, on some thread, in no
 * particular order. Callers keep each job's results in a slot of their
 * own and combine them afterwards in job order, so that nothing they
 * produce depends on the number of threads or on timing.
 */

/* The most threads reeks_par_for() starts. */
#define REEKS_PAR_MAX_JOBS 256

/* The number of processors online (at least 1, at most
 * REEKS_PAR_MAX_JOBS). */
int reeks_par_default_jobs(void);

/*
 * Run FN(ARG, I, WORKER) for every I from 0 to N - 1 on up to JOBS threads
 * (the calling thread is one of them, worker 0); WORKER (0 to JOBS - 1)
 * names the thread, for state of its own. Returns when every job has run.
 * When threads cannot be started, the calling thread runs the rest; so it
 * does when a thread cannot run libxml2 (reeks_thread_ready() is false
 * there: that thread takes no job), which the calling thread must be able
 * to.
 */
void reeks_par_for(size_t n, int jobs,
    void (*fn)(void *arg, size_t i, int worker), void *arg);

/* How often reeks_par_for_progress() reports: every 100 ms. */
#define REEKS_PAR_PROGRESS_NS 100000000

/*
 * As reeks_par_for(), and PROGRESS(PARG, DONE, N) with the number of jobs
 * done so far: when the first job is done, then at most every
 * REEKS_PAR_PROGRESS_NS, from whichever thread finished a job, never two
 * at once. A job that finishes while another thread reports is not
 * reported.
 */
void reeks_par_for_progress(size_t n, int jobs,
    void (*fn)(void *arg, size_t i, int worker), void *arg,
    void (*progress)(void *parg, size_t done, size_t n), void *parg);

/* ---- numbers (lib/numfmt.c) -------------------------------------------- */

/* Room for any result of reeks_fmt_fixed() (a double printed with "%.15f"
 * has at most 309 + 1 + 15 characters and a sign). */
#define REEKS_FMT_FIXED_MAX 400

/*
 * V with DECIMALS digits after the point (no point when 0; a DECIMALS
 * below 0 is 0), into DST of CAP bytes, NUL-terminated; returns the
 * length. The digits are those of printf's "%.*f" in the C locale,
 * whatever the caller's locale: correctly rounded from the double's exact
 * value, a tie to even. One difference: never "-0": a negative number
 * that rounds to zero, and -0 itself, print without the sign ("0.00" for
 * -0.004 at 2 decimals). NaN prints "nan" (whatever its sign), the
 * infinities "inf" and "-inf". A result longer than CAP - 1 is cut short
 * (REEKS_FMT_FIXED_MAX bytes always hold it).
 *
 * The site's figures (below 2^52 once scaled, at most 15 decimals, CAP at
 * least 40) are formatted here without printf: 15-24 ns a number, against
 * 150-230 ns for snprintf, on an idle machine. On a loaded one (issue 15,
 * 2 cores shared by five builds) REEKS_BENCH=1 tests/check_numfmt gave
 * 71-113 ns against 740-1100 ns, and a side-by-side run 92 ns against
 * 74-94 ns for gen/'s fixed_format() before it became this and 940-990
 * ns for snprintf: the same speed. The rest go through snprintf.
 */
size_t reeks_fmt_fixed(char *dst, size_t cap, double v, int decimals);

#endif /* REEKS_SHARED_H */
