/*
 * failmalloc.c: an allocation-failure injector, loaded with LD_PRELOAD by
 * tests/oom.sh (glibc only).
 *
 * It replaces malloc, calloc, realloc, reallocarray and the aligned
 * allocators (glibc's own functions, such as strdup, fopen and
 * open_memstream, and libxml2, zlib and minizip all allocate through
 * them) and counts the calls made after main() starts (calls made by the
 * dynamic loader and by constructors before it are not counted, and never
 * fail). The environment says what to do:
 *
 *   REEKS_FAIL_AT=N      the Nth counted call returns NULL with errno
 *                        ENOMEM (0 or unset: none fails, only count);
 *   REEKS_FAIL_PERSIST=1 every call from the Nth on fails, not only the
 *                        Nth, until the program frees a block of
 *                        FREED_ROOM bytes or more: as when the heap has
 *                        reached its limit, and only giving back memory
 *                        makes room (libxml2's allocator in
 *                        lib/xmlmem.c gives back a reserve);
 *   REEKS_FAIL_REPORT=F  at exit, write "calls C failed F" to file F;
 *   REEKS_FAIL_TRACE=1   print the stack of each failed call to stderr
 *                        (to find the caller; not for tests/oom.sh);
 *   REEKS_FAIL_PROGRAM=P count only in a program whose argv[0] ends in
 *                        "/P" or is P (so that a wrapper such as the
 *                        valgrind launcher runs untouched);
 *   REEKS_FAIL_CALLER=S  count (and fail) only the calls made from an
 *                        object whose file name contains S (dladdr() of
 *                        the return address), such as "libxlsxwriter": the
 *                        Nth allocation of that library, whatever the
 *                        rest of the program allocates;
 *   REEKS_FAIL_THREADS=1 count (and fail) only the calls made on threads
 *                        other than the main one: the Nth allocation made
 *                        on a worker thread, where the first ones make
 *                        the thread's libxml2 state
 *                        (reeks_thread_ready());
 *   REEKS_FAIL_SIZE=S    count (and fail) only the calls for exactly S
 *                        bytes (calloc's count times size): one kind of
 *                        allocation, such as a table of 256 pointers
 *                        (2048), whatever the rest of the program
 *                        allocates;
 *   REEKS_FAIL_HIT=F     each call made to fail appends a line to file F,
 *                        in whichever process (a child that leaves with
 *                        _exit() writes no report): F is absent when no
 *                        call failed, so a script can count up to the
 *                        last N.
 *
 * A crash (SIGSEGV, SIGBUS, SIGABRT, SIGFPE) prints the stack (raw
 * addresses: addr2line -f -e PROGRAM turns them into lines) to stderr and
 * dies of the same signal.
 *
 * The calls are forwarded to glibc's __libc_malloc and its siblings, so
 * there is no dlsym() lookup (which itself allocates) and no recursion;
 * free() checks the size of what it frees and calls glibc's. The counter is atomic, so a run on several
 * threads counts every call once (in an order that may vary).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dlfcn.h>
#include <execinfo.h>
#include <signal.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);
extern void __libc_free(void *);
extern size_t malloc_usable_size(void *);

enum { FREED_ROOM = 64 * 1024 };

static atomic_bool armed;             /* main() has started */
static atomic_ulong calls;            /* counted calls so far */
static atomic_ulong failed;           /* calls made to fail */
static unsigned long fail_at;         /* 0: never */
static int persist;
static atomic_bool failing;           /* persisting after the Nth call */
static int trace;
static const char *caller_in;         /* REEKS_FAIL_CALLER, or NULL */
static const char *hit_file;          /* REEKS_FAIL_HIT, or NULL */
static int threads_only;              /* REEKS_FAIL_THREADS */
static size_t size_only;              /* REEKS_FAIL_SIZE, or 0 */

/* Whether this call, made from code at CALLER, is to fail (and count
 * it). */
static int
should_fail(const void *caller, size_t size)
{
	unsigned long n;

	if (!atomic_load_explicit(&armed, memory_order_relaxed))
		return 0;
	if (size_only != 0 && size != size_only)
		return 0;
	if (threads_only && gettid() == getpid())
		return 0;
	if (caller_in != NULL) {
		Dl_info info;

		if (dladdr(caller, &info) == 0 || info.dli_fname == NULL ||
		    strstr(info.dli_fname, caller_in) == NULL)
			return 0;
	}
	n = atomic_fetch_add(&calls, 1) + 1;
	if (fail_at == 0 || n < fail_at)
		return 0;
	if (n == fail_at)
		atomic_store(&failing, persist);
	else if (!atomic_load(&failing))
		return 0;
	atomic_fetch_add(&failed, 1);
	if (hit_file != NULL) {
		int fd = open(hit_file, O_WRONLY | O_CREAT | O_APPEND |
		    O_CLOEXEC, 0644);

		if (fd >= 0) {
			if (write(fd, "failed\n", 7) != 7)
				(void)unlink(hit_file);
			close(fd);
		}
	}
	if (trace) {
		void *frames[32];

		write(2, "failmalloc: failed here:\n", 26);
		backtrace_symbols_fd(frames, backtrace(frames, 32), 2);
	}
	errno = ENOMEM;
	return 1;
}

void *
malloc(size_t size)
{
	return should_fail(__builtin_return_address(0), size) ? NULL :
	    __libc_malloc(size);
}

void
free(void *p)
{
	if (p != NULL && atomic_load_explicit(&failing, memory_order_relaxed) &&
	    malloc_usable_size(p) >= FREED_ROOM)
		atomic_store(&failing, 0);
	__libc_free(p);
}

void *
calloc(size_t n, size_t size)
{
	return should_fail(__builtin_return_address(0),
	    size != 0 && n > SIZE_MAX / size ? 0 : n * size) ? NULL :
	    __libc_calloc(n, size);
}

/* A failed realloc() leaves the block as it was, as the real one does. */
void *
realloc(void *p, size_t size)
{
	return should_fail(__builtin_return_address(0), size) ? NULL :
	    __libc_realloc(p, size);
}

void *
reallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	return should_fail(__builtin_return_address(0), n * size) ? NULL :
	    __libc_realloc(p, n * size);
}

void *
memalign(size_t align, size_t size)
{
	return should_fail(__builtin_return_address(0), size) ? NULL :
	    __libc_memalign(align, size);
}

void *
aligned_alloc(size_t align, size_t size)
{
	return memalign(align, size);
}

void *
valloc(size_t size)
{
	return memalign((size_t)sysconf(_SC_PAGESIZE), size);
}

void *
pvalloc(size_t size)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);

	return memalign(page, (size + page - 1) / page * page);
}

int
posix_memalign(void **out, size_t align, size_t size)
{
	void *p;

	if (align % sizeof(void *) != 0 || (align & (align - 1)) != 0)
		return EINVAL;
	if ((p = memalign(align, size)) == NULL)
		return ENOMEM;
	*out = p;
	return 0;
}

/* Write "calls C failed F" to the file named by REEKS_FAIL_REPORT, with
 * no allocation (this runs at exit, perhaps with every allocation
 * failing). */
static void
report(void)
{
	const char *path = getenv("REEKS_FAIL_REPORT");
	char line[64];
	int fd, len;

	if (path == NULL || *path == '\0')
		return;
	len = snprintf(line, sizeof line, "calls %lu failed %lu\n",
	    atomic_load(&calls), atomic_load(&failed));
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	if (write(fd, line, (size_t)len) != len)
		(void)unlink(path);
	close(fd);
}

/* The stack of a crash, on stderr, then the signal's default action. */
static void
on_crash(int sig)
{
	void *frames[64];
	int n = backtrace(frames, 64);
	char line[96];
	int len = snprintf(line, sizeof line, "failmalloc: signal %d, %lu "
	    "calls, %lu failed; stack:\n", sig, atomic_load(&calls),
	    atomic_load(&failed));

	if (write(2, line, (size_t)len) != len)
		_exit(128 + sig);
	backtrace_symbols_fd(frames, n, 2);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* __libc_start_main is wrapped so that counting starts when main() does:
 * its real address is looked up before counting starts, so the
 * allocations of that lookup are not counted. */
typedef int (*main_fn)(int, char **, char **);
typedef int (*start_fn)(main_fn, int, char **, void (*)(void),
    void (*)(void), void (*)(void), void *);

static main_fn real_main;

static int
counted_main(int argc, char **argv, char **envp)
{
	const char *at = getenv("REEKS_FAIL_AT");
	const char *p = getenv("REEKS_FAIL_PERSIST");
	const char *prog = getenv("REEKS_FAIL_PROGRAM");

	if (prog != NULL && *prog != '\0' && argc > 0) {
		const char *slash = strrchr(argv[0], '/');

		if (strcmp(slash != NULL ? slash + 1 : argv[0], prog) != 0)
			return real_main(argc, argv, envp);
	}
	fail_at = at != NULL ? strtoul(at, NULL, 10) : 0;
	persist = p != NULL && *p != '\0' && *p != '0';
	trace = getenv("REEKS_FAIL_TRACE") != NULL;
	caller_in = getenv("REEKS_FAIL_CALLER");
	hit_file = getenv("REEKS_FAIL_HIT");
	if (getenv("REEKS_FAIL_SIZE") != NULL)
		size_only = strtoul(getenv("REEKS_FAIL_SIZE"), NULL, 10);
	threads_only = getenv("REEKS_FAIL_THREADS") != NULL &&
	    strcmp(getenv("REEKS_FAIL_THREADS"), "1") == 0;
	if (caller_in != NULL && *caller_in == '\0')
		caller_in = NULL;
	atexit(report);
	{
		void *f[1];
		int sigs[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE };

		backtrace(f, 1);        /* loads libgcc_s before any failure */
		for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
			signal(sigs[i], on_crash);
	}
	atomic_store(&armed, 1);
	return real_main(argc, argv, envp);
}

int
__libc_start_main(main_fn main, int argc, char **argv, void (*init)(void),
    void (*fini)(void), void (*rtld_fini)(void), void *stack_end)
{
	start_fn real = (start_fn)dlsym(RTLD_NEXT, "__libc_start_main");

	real_main = main;
	return real(counted_main, argc, argv, init, fini, rtld_fini,
	    stack_end);
}
