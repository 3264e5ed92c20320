/*
 * xlsx.c: see xlsx.h.
 */
#define _GNU_SOURCE     /* pipe2() */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <minizip/unzip.h>
#include <xlsxwriter.h>

#include "data/xlsx.h"
#include "gen.h"
#include "out/zipmem.h"

/* The columns of the Data sheet, in their order. */
enum col {
	C_SERIES_ID, C_SERIES_TITLE, C_PLACE, C_UNIT_TITLE, C_PERIOD,
	C_VALUE, C_LOWER, C_UPPER, C_BOUNDS, C_QUALIFIER, C_STATUS,
	C_METHOD, C_SECONDARY, C_PRINTED, C_NUMERATOR, C_DENOMINATOR,
	C_SOURCE_NAME, C_SOURCE_CITATION, C_SOURCE_URL, C_SOURCE_ID,
	C_LOCATOR, C_NOTE, C_NOTE_NL, C_SERIES_TITLE_NL, C_PLACE_NL,
	C_UNIT, C_GEOGRAPHY, NCOLS
};

/* Each column's name (reeks.csv's) and width in characters. */
static const struct {
	const char *name;
	double width;
} columns[NCOLS] = {
	[C_SERIES_ID] = { "series_id", 28 },
	[C_SERIES_TITLE] = { "series_title", 48 },
	[C_PLACE] = { "place", 16 },
	[C_UNIT_TITLE] = { "unit_title", 20 },
	[C_PERIOD] = { "period", 12 },
	[C_VALUE] = { "value", 12 },
	[C_LOWER] = { "lower", 10 },
	[C_UPPER] = { "upper", 10 },
	[C_BOUNDS] = { "bounds", 10 },
	[C_QUALIFIER] = { "qualifier", 11 },
	[C_STATUS] = { "obs_status", 11 },
	[C_METHOD] = { "method", 9 },
	[C_SECONDARY] = { "secondary", 11 },
	[C_PRINTED] = { "printed", 12 },
	[C_NUMERATOR] = { "numerator", 12 },
	[C_DENOMINATOR] = { "denominator", 13 },
	[C_SOURCE_NAME] = { "source_name", 28 },
	[C_SOURCE_CITATION] = { "source_citation", 60 },
	[C_SOURCE_URL] = { "source_url", 40 },
	[C_SOURCE_ID] = { "source_id", 24 },
	[C_LOCATOR] = { "source_locator", 40 },
	[C_NOTE] = { "note", 60 },
	[C_NOTE_NL] = { "note_nl", 60 },
	[C_SERIES_TITLE_NL] = { "series_title_nl", 48 },
	[C_PLACE_NL] = { "place_nl", 16 },
	[C_UNIT] = { "unit", 10 },
	[C_GEOGRAPHY] = { "geography", 12 },
};

size_t
workbook_column_count(void)
{
	return NCOLS;
}

const char *
workbook_column_at(size_t i)
{
	return i < NCOLS ? columns[i].name : NULL;
}

/* The first error of a run of libxlsxwriter calls. */
static void
note_err(lxw_error *first, lxw_error e)
{
	if (*first == LXW_NO_ERROR)
		*first = e;
}

/* Write S (NULL or "": nothing) as text. */
static void
put_text(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
    lxw_error *err)
{
	if (s != NULL && *s != '\0')
		note_err(err, worksheet_write_string(ws, r, c, s, NULL));
}

/* Write a number when HAS. */
static void
put_number(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, bool has, double v,
    lxw_error *err)
{
	if (has)
		note_err(err, worksheet_write_number(ws, r, c, v, NULL));
}

/* The text of column C for observation O of SE (NAME: scratch space for
 * the source's name); NULL for a column that is not text. */
static const char *
cell_text(enum col c, const reeks_series *se, const reeks_obs *o,
    buf *name, char status[2])
{
	const reeks_geography *g = reeks_series_geography(se);
	const reeks_source *src = reeks_obs_source(o);

	switch (c) {
	case C_SERIES_ID: return reeks_series_id(se);
	case C_SERIES_TITLE: return reeks_series_title(se, REEKS_EN);
	case C_SERIES_TITLE_NL: return reeks_series_title(se, REEKS_NL);
	case C_PLACE: return reeks_geography_name(g, REEKS_EN);
	case C_PLACE_NL: return reeks_geography_name(g, REEKS_NL);
	case C_UNIT_TITLE: return dataset_unit_title(reeks_series_unit(se));
	case C_UNIT: return reeks_unit_name(reeks_series_unit(se));
	case C_GEOGRAPHY: return reeks_geography_id(g);
	case C_PERIOD: return reeks_obs_period(o);
	case C_BOUNDS: return reeks_obs_bounds(o);
	case C_QUALIFIER:
		return reeks_qualifier_name(reeks_obs_qualifier(o));
	case C_STATUS:
		status[0] = reeks_obs_status(o);
		status[1] = '\0';
		return status;
	case C_METHOD: return reeks_obs_method(o);
	case C_PRINTED: return reeks_obs_printed(o);
	case C_SOURCE_NAME:
		buf_reset(name);
		dataset_source_name(name, src);
		return name->failed ? NULL : name->data;
	case C_SOURCE_CITATION: return reeks_source_citation(src);
	case C_SOURCE_URL: return reeks_source_url(src);
	case C_SOURCE_ID: return reeks_source_id(src);
	case C_LOCATOR: return reeks_obs_locator(o);
	case C_NOTE: return reeks_obs_note(o, REEKS_EN);
	case C_NOTE_NL: return reeks_obs_note(o, REEKS_NL);
	default: return NULL;
	}
}

/* One row of the Data sheet: observation O of SE at row R. */
static void
data_row(lxw_worksheet *ws, lxw_row_t r, const reeks_series *se,
    const reeks_obs *o, buf *name, lxw_error *err)
{
	for (int c = 0; c < NCOLS; c++) {
		char status[2];

		switch (c) {
		case C_VALUE:
			put_number(ws, r, c, reeks_obs_has_value(o),
			    reeks_obs_value(o), err);
			break;
		case C_LOWER:
			put_number(ws, r, c, reeks_obs_has_lower(o),
			    reeks_obs_lower(o), err);
			break;
		case C_UPPER:
			put_number(ws, r, c, reeks_obs_has_upper(o),
			    reeks_obs_upper(o), err);
			break;
		case C_NUMERATOR:
			put_number(ws, r, c, reeks_obs_has_numerator(o),
			    reeks_obs_numerator(o), err);
			break;
		case C_DENOMINATOR:
			put_number(ws, r, c, reeks_obs_has_denominator(o),
			    reeks_obs_denominator(o), err);
			break;
		case C_SECONDARY:
			note_err(err, worksheet_write_boolean(ws, r,
			    (lxw_col_t)c, reeks_obs_secondary(o), NULL));
			break;
		default:
			put_text(ws, r, (lxw_col_t)c, cell_text((enum col)c,
			    se, o, name, status), err);
			if (c == C_SOURCE_NAME && name->failed)
				note_err(err, LXW_ERROR_MEMORY_MALLOC_FAILED);
			break;
		}
	}
}

/* The Data sheet: a header row, then every observation. */
static lxw_error
data_sheet(lxw_workbook *wb, lxw_worksheet *ws, const reeks_store *st)
{
	lxw_format *bold = workbook_add_format(wb);
	lxw_error err = LXW_NO_ERROR;
	lxw_row_t r = 0;
	buf name = { 0 };

	if (bold == NULL)
		return LXW_ERROR_MEMORY_MALLOC_FAILED;
	format_set_bold(bold);
	for (int c = 0; c < NCOLS; c++) {
		note_err(&err, worksheet_set_column(ws, (lxw_col_t)c,
		    (lxw_col_t)c, columns[c].width, NULL));
		note_err(&err, worksheet_write_string(ws, 0, (lxw_col_t)c,
		    columns[c].name, bold));
	}
	for (size_t i = 0; err == LXW_NO_ERROR &&
	    i < reeks_store_series_count(st); i++) {
		const reeks_series *se = reeks_store_series_at(st, i);

		for (size_t j = 0; err == LXW_NO_ERROR &&
		    j < reeks_series_obs_count(se); j++) {
			if (r == LXW_ROW_MAX - 1) {
				err = LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE;
				break;
			}
			data_row(ws, ++r, se, reeks_series_obs_at(se, j),
			    &name, &err);
		}
	}
	buf_free(&name);
	if (err != LXW_NO_ERROR)
		return err;
	worksheet_freeze_panes(ws, 1, 0);
	return worksheet_autofilter(ws, 0, 0, r, NCOLS - 1);
}

/* The README sheet: the README text, a line a row, in a fixed-width
 * font (it is laid out in columns); the title and the headings (the
 * lines underlined with '=' or '-', whose underline is left out) in
 * bold. */
static lxw_error
readme_sheet(lxw_workbook *wb, lxw_worksheet *ws, const char *text)
{
	lxw_format *plain = workbook_add_format(wb);
	lxw_format *bold = workbook_add_format(wb);
	lxw_error err;
	lxw_row_t r = 0;
	buf line = { 0 };

	if (plain == NULL || bold == NULL)
		return LXW_ERROR_MEMORY_MALLOC_FAILED;
	format_set_font_name(plain, "Courier New");
	format_set_font_name(bold, "Courier New");
	format_set_bold(bold);
	if ((err = worksheet_set_column(ws, 0, 0, 90, NULL)) != LXW_NO_ERROR)
		return err;
	for (const char *p = text; *p != '\0' && err == LXW_NO_ERROR;) {
		size_t len = strcspn(p, "\n");
		const char *next = p[len] == '\n' ? p + len + 1 : p + len;
		size_t ulen = strcspn(next, "\n");
		bool heading = len > 0 && ulen > 0 &&
		    (strspn(next, "-") == ulen || strspn(next, "=") == ulen);

		buf_reset(&line);
		buf_add(&line, p, len);
		if (line.failed)
			err = LXW_ERROR_MEMORY_MALLOC_FAILED;
		else if (len > 0)
			err = worksheet_write_string(ws, r, 0, line.data,
			    heading ? bold : plain);
		r++;
		p = next;
		if (heading)    /* the underline */
			p = next[ulen] == '\n' ? next + ulen + 1 : next + ulen;
	}
	buf_free(&line);
	return err;
}

/* The frozen pane's selection, as the Data sheet (the second) holds it:
 * libxlsxwriter 1.1.4 allocates it in workbook_close() and, when that
 * fails, leaves it out without a word (tests/oom.sh found it). */
#define DATA_SHEET "xl/worksheets/sheet2.xml"
#define DATA_SELECTION "<selection pane=\"bottomLeft\"/>"

/* Whether the workbook at PATH holds the Data sheet's selection (in its
 * first bytes, with the sheet's views). Sets errno ENOMEM when memory ran
 * out reading it. */
static bool
has_selection(const char *path)
{
	char head[4096];
	unzFile z;
	int n = -1;

	errno = 0;
	if ((z = unzOpen64(path)) == NULL)
		return false;
	if (unzLocateFile(z, DATA_SHEET, 1) == UNZ_OK &&
	    unzOpenCurrentFile(z) == UNZ_OK) {
		n = unzReadCurrentFile(z, head, sizeof head - 1);
		(void)unzCloseCurrentFile(z);
	}
	(void)unzClose(z);
	if (n < 0)
		return false;
	head[n] = '\0';
	return strstr(head, DATA_SELECTION) != NULL;
}

/* Make the workbook at PATH. Returns 0, or -1 after adding to ERRS. */
static int
make_workbook(const char *path, const reeks_store *st, const bundle_parts *p,
    const char *readme, errlist *errs)
{
	lxw_workbook_options wo = { .constant_memory = LXW_TRUE };
	char title[] = DATASET_TITLE_EN, author[] = DATASET_PUBLISHER;
	char comments[] = DATASET_DESCRIPTION_EN;
	lxw_doc_properties props = {
		.title = title, .author = author, .comments = comments,
		/* libxlsxwriter takes the clock for 0. */
		.created = p->date > 0 ? (time_t)p->date : 1,
	};
	lxw_workbook *wb;
	lxw_worksheet *about, *data;
	lxw_error err;

	errno = 0;
	zipmem_reset();
	if ((wb = workbook_new_opt(path, &wo)) == NULL) {
		errlist_add(errs, NULL, 0, 0, "cannot make the workbook: %s",
		    errno == ENOMEM ? "out of memory" : strerror(errno));
		return -1;
	}
	about = workbook_add_worksheet(wb, "README");
	data = workbook_add_worksheet(wb, "Data");
	/* libxlsxwriter 1.1.4 goes on without a sheet's name it could not
	 * copy, and says nothing (tests/oom.sh, REEKS_FAIL_CALLER). */
	if (about == NULL || data == NULL || about->name == NULL ||
	    about->quoted_name == NULL || data->name == NULL ||
	    data->quoted_name == NULL)
		err = LXW_ERROR_MEMORY_MALLOC_FAILED;
	else if ((err = workbook_set_properties(wb, &props)) == LXW_NO_ERROR &&
	    (err = readme_sheet(wb, about, readme)) == LXW_NO_ERROR)
		err = data_sheet(wb, data, st);
	if (err == LXW_NO_ERROR)
		worksheet_activate(data);
	errno = 0;
	if (err != LXW_NO_ERROR) {
		/* workbook_close() frees it, and writes what it holds. */
		(void)workbook_close(wb);
	} else
		err = workbook_close(wb);
	/* A zip error of zlib's or minizip's for lack of memory (they
	 * allocate with malloc, which sets errno). */
	if (err >= LXW_ERROR_ZIP_FILE_OPERATION && err <= LXW_ERROR_ZIP_CLOSE &&
	    errno == ENOMEM)
		err = LXW_ERROR_MEMORY_MALLOC_FAILED;
	/* libxlsxwriter zips with the minizip reeks links (gen/out/zipmem.h):
	 * a block of its emergency pool means memory ran out. */
	if (err == LXW_NO_ERROR && zipmem_failed())
		err = LXW_ERROR_MEMORY_MALLOC_FAILED;
	if (err == LXW_NO_ERROR && !has_selection(path)) {
		errlist_add(errs, NULL, 0, 0, "cannot make the workbook: %s",
		    errno == ENOMEM || zipmem_failed() ? "out of memory" :
		    "its Data sheet lost its frozen pane's selection (out "
		    "of memory)");
		return -1;
	}
	if (err != LXW_NO_ERROR) {
		errlist_add(errs, NULL, 0, 0, "cannot make the workbook: %s",
		    err == LXW_ERROR_MEMORY_MALLOC_FAILED ? "out of memory" :
		    lxw_strerror(err));
		return -1;
	}
	return 0;
}

/* Read all of FD (the writer must not block on a full pipe) into MSG
 * (LEN bytes), keeping the first line. */
static void
read_first_line(int fd, char *msg, size_t len)
{
	size_t got = 0;

	for (;;) {
		char chunk[512];
		ssize_t n = read(fd, chunk, sizeof chunk);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (got < len - 1) {
			size_t k = (size_t)n < len - 1 - got ? (size_t)n :
			    len - 1 - got;

			memcpy(msg + got, chunk, k);
			got += k;
		}
	}
	msg[got] = '\0';
	msg[strcspn(msg, "\n")] = '\0';
}

/*
 * The workbook is made by a child process. libxlsxwriter 1.1.4 is not
 * safe when memory runs out: it prints "[ERROR]" lines to stderr and
 * then, in many places, dereferences the NULL it got (tests/oom.sh found
 * a crash at one allocation in two of the workbook's), or goes on without
 * what it could not store. In a child, such a crash costs the workbook
 * and fails the build, with the old site kept, rather than killing reeks
 * with a half-built staging directory; the child's stderr and its error
 * come back through pipes, and a workbook made while libxlsxwriter
 * printed anything is not kept. The child leaves with _exit(): nothing of
 * the parent's (stdio buffers, atexit handlers) runs twice.
 *
 * The child is started by xlsx_start(), before the build's threads, and
 * waits on a pipe: whether the workbook must be made is known only once
 * the CSV is written (its hash is the key), by then on some thread, and
 * a process must not fork while other threads run (the child could
 * inherit a lock one of them held). xlsx_decide() writes 'y' (make it)
 * or 'n' (it was linked); the child makes it beside the rest of the
 * build, where it was once the last step, alone on one core (at 10,000
 * series a third of a full build, and the whole of the build after one
 * figure changed). End of file on the pipe (reeks failed or was killed)
 * means 'n'.
 */
struct xlsx_run {
	pid_t pid;                  /* the child; 0 once waited for */
	int go, err, out;           /* pipes to and from it; -1 closed */
	char decided;               /* 0, 'y' or 'n' */
	long long date;
	buf readme;
	char relpath[256];
	char key[65];
	char tmp[4096];             /* its workbook */
	out_batch linked;           /* the previous build's, when linked */
};

/* Write the byte C to FD, without SIGPIPE when its reader has gone
 * (the child killed). Returns 0, or -1. */
static int
tell(int fd, char c)
{
	sigset_t pipe_set, old;
	struct timespec zero = { 0, 0 };
	ssize_t n;
	int e;

	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	if (pthread_sigmask(SIG_BLOCK, &pipe_set, &old) != 0)
		return -1;
	while ((n = write(fd, &c, 1)) < 0 && errno == EINTR)
		;
	e = errno;
	/* A SIGPIPE this write raised is taken, not left pending. */
	if (n < 0 && e == EPIPE)
		while (sigtimedwait(&pipe_set, NULL, &zero) < 0 &&
		    errno == EINTR)
			;
	(void)pthread_sigmask(SIG_SETMASK, &old, NULL);
	errno = e;
	return n == 1 ? 0 : -1;
}

static void
close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* Close every descriptor from 3 on but the N (ascending) of KEEP: the
 * child must not hold the parent's files open (a file the build removes
 * later, or truncates, would keep its room on the disk while the child
 * lives). */
static void
close_others(const int *keep, size_t n)
{
	unsigned from = 3;

	for (size_t i = 0; i <= n; i++) {
		unsigned to = i < n ? (unsigned)keep[i] : ~0U;

		if (to < from)          /* below 3 */
			continue;
		if (to > from && close_range(from, to - 1, 0) != 0)
			for (unsigned fd = from; fd < to && fd < 65536; fd++)
				close((int)fd);
		from = to + 1;
	}
}

/* The child of PARENT: wait for the word, then make the workbook. */
static _Noreturn void
child(xlsx_run *x, pid_t parent, int go, int err, int out,
    const reeks_store *st, const bundle_parts *p)
{
	errlist e = { 0 };
	int keep[3] = { go, err, out };
	char c = 'n';
	ssize_t n;
	int rc;

	/* Killed with reeks (by kill -9 too), rather than go on writing
	 * into a staging directory the next build removes. The signal
	 * comes when the thread that forked ends: the main thread, here.
	 * A parent already gone is seen by getppid(). */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
		_exit(1);
	for (int i = 1; i < 3; i++)     /* ascending */
		for (int j = i; j > 0 && keep[j - 1] > keep[j]; j--) {
			int t = keep[j];

			keep[j] = keep[j - 1];
			keep[j - 1] = t;
		}
	close_others(keep, 3);
	while ((n = read(go, &c, 1)) < 0 && errno == EINTR)
		;
	if (n != 1 || c != 'y')
		_exit(0);
	dup2(err, 2);
	rc = make_workbook(x->tmp, st, p, x->readme.data, &e);
	/* Our message (short: the pipe holds it) after libxlsxwriter's
	 * stderr, which the parent reads to its end first. */
	if (rc != 0 && errlist_count(&e) > 0) {
		const char *m = errlist_at(&e, 0);
		ssize_t w = write(out, m, strlen(m));

		(void)w;
	}
	_exit(rc == 0 ? 0 : 1);
}

xlsx_run *
xlsx_start(out_dir *o, const char *relpath, const reeks_store *st,
    const bundle_parts *p, errlist *errs)
{
	/* libxlsxwriter writes to a file it names: a temporary one in the
	 * staging directory, removed by xlsx_finish() (and with the
	 * directory when the build dies), named by mkstemp(). */
	static const char tmp_name[] = "/.reeks-xlsx-XXXXXX";
	xlsx_run *x = calloc(1, sizeof *x);
	int go[2] = { -1, -1 }, err[2] = { -1, -1 }, out[2] = { -1, -1 };
	pid_t parent;
	int fd;

	if (x == NULL) {
		errlist_oom(errs, NULL);
		return NULL;
	}
	x->go = x->err = x->out = -1;
	x->date = p->date;
	snprintf(x->relpath, sizeof x->relpath, "%s", relpath);
	dataset_readme(&x->readme, st, p, README_WORKBOOK);
	if (x->readme.failed) {
		errlist_oom(errs, NULL);
		goto fail;
	}
	if (snprintf(x->tmp, sizeof x->tmp, "%s%s", out_stage_dir(o),
	    tmp_name) >= (int)sizeof x->tmp) {
		errlist_add(errs, NULL, 0, 0, "cannot make the workbook: "
		    "the staging directory's name is too long");
		x->tmp[0] = '\0';
		goto fail;
	}
	if ((fd = mkstemp(x->tmp)) < 0) {
		errlist_add(errs, NULL, 0, 0, "cannot make the workbook: "
		    "cannot create %s: %s", x->tmp, strerror(errno));
		x->tmp[0] = '\0';
		goto fail;
	}
	close(fd);
	if (pipe2(go, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0 ||
	    pipe2(out, O_CLOEXEC) != 0) {
		errlist_add(errs, NULL, 0, 0, "cannot make the workbook: %s",
		    errno == ENOMEM ? "out of memory" : strerror(errno));
		goto fail;
	}
	parent = getpid();
	if ((x->pid = fork()) < 0) {
		errlist_add(errs, NULL, 0, 0, "cannot make the workbook: "
		    "cannot start a process: %s", errno == ENOMEM ?
		    "out of memory" : strerror(errno));
		x->pid = 0;
		goto fail;
	}
	if (x->pid == 0) {
		close(go[1]);
		close(err[0]);
		close(out[0]);
		child(x, parent, go[0], err[1], out[1], st, p);
	}
	close(go[0]);
	close(err[1]);
	close(out[1]);
	x->go = go[1];
	x->err = err[0];
	x->out = out[0];
	return x;
fail:
	for (int i = 0; i < 2; i++) {
		close_fd(&go[i]);
		close_fd(&err[i]);
		close_fd(&out[i]);
	}
	xlsx_abort(x);
	return NULL;
}

int
xlsx_decide(xlsx_run *x, out_dir *o, const char *csv_sha256, errlist *errs)
{
	char date[32];
	const char *parts[5];
	int linked;

	/* The key: everything the workbook is made of. The CSV holds every
	 * cell of the Data sheet; the README its text; the date goes into
	 * the document's properties. */
	snprintf(date, sizeof date, "%lld", x->date);
	parts[0] = csv_sha256;
	parts[1] = x->readme.data;
	parts[2] = date;
	parts[3] = lxw_version();
	parts[4] = x->relpath;
	out_key(o, x->key, "xlsx", parts, 5);
	if ((linked = out_put_link(o, &x->linked, x->relpath, x->key)) < 0) {
		errlist_add(errs, NULL, 0, 0, "%s", x->linked.error != NULL ?
		    x->linked.error : "out of memory");
		return -1;
	}
	x->decided = linked == 1 ? 'n' : 'y';
	/* When the child is gone, xlsx_finish() says how it ended. */
	(void)tell(x->go, x->decided);
	close_fd(&x->go);
	return 0;
}

/* Wait for the child X started; 0 when it made the workbook, else -1
 * after adding to ERRS why not. */
static int
wait_child(xlsx_run *x, errlist *errs)
{
	char said[1024], msg[1024];
	int status = 0;

	read_first_line(x->err, said, sizeof said);
	read_first_line(x->out, msg, sizeof msg);
	close_fd(&x->err);
	close_fd(&x->out);
	while (waitpid(x->pid, &status, 0) < 0)
		if (errno != EINTR) {
			errlist_add(errs, NULL, 0, 0, "cannot make the "
			    "workbook: %s", strerror(errno));
			x->pid = 0;
			return -1;
		}
	x->pid = 0;
	/* A workbook made while libxlsxwriter said something (it prints its
	 * errors, and goes on after some: a cell it could not store is left
	 * out) is not kept. */
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && said[0] == '\0')
		return 0;
	if (strstr(said, "Memory allocation failed") != NULL ||
	    strstr(msg, "out of memory") != NULL)
		errlist_add(errs, NULL, 0, 0, "cannot make the workbook: out of "
		    "memory%s%s%s", said[0] != '\0' ? " (libxlsxwriter: " : "",
		    said, said[0] != '\0' ? ")" : "");
	else if (WIFSIGNALED(status))
		errlist_add(errs, NULL, 0, 0, "cannot make the workbook: "
		    "libxlsxwriter died of signal %d (out of memory? it "
		    "dereferences NULL when an allocation fails)",
		    WTERMSIG(status));
	else if (msg[0] != '\0')
		errlist_add(errs, NULL, 0, 0, "%s%s%s%s", msg,
		    said[0] != '\0' ? " (libxlsxwriter: " : "", said,
		    said[0] != '\0' ? ")" : "");
	else
		errlist_add(errs, NULL, 0, 0, "cannot make the workbook: "
		    "libxlsxwriter: %s", said[0] != '\0' ? said : "failed");
	return -1;
}

int
xlsx_finish(xlsx_run *x, out_dir *o, errlist *errs)
{
	out_stream *s;
	int rc = -1;

	/* Listed here either way, at the same place among the files. */
	if (x->decided == 'n') {
		if (out_add(o, &x->linked) != 0)
			errlist_oom(errs, NULL);
		else
			rc = 0;
		goto out;
	}
	if (x->decided != 'y') {
		errlist_add(errs, NULL, 0, 0, "cannot make the workbook: "
		    "the CSV it is made from was not written");
		goto out;
	}
	if (wait_child(x, errs) != 0)
		goto out;
	if ((s = out_stream_open(o, x->relpath, errs)) == NULL)
		goto out;
	out_stream_set_key(s, x->key);
	if (out_stream_append_file(s, x->tmp) != 0) {
		errlist_add(errs, NULL, 0, 0, "cannot read the workbook %s: %s",
		    x->tmp, strerror(errno));
		(void)out_stream_close(o, s, false, NULL);
		goto out;
	}
	if (out_stream_close(o, s, false, NULL) != 0) {
		errlist_add(errs, NULL, 0, 0, "%s", out_error(o));
		goto out;
	}
	rc = 0;
out:
	xlsx_abort(x);
	return rc;
}

void
xlsx_abort(xlsx_run *x)
{
	if (x == NULL)
		return;
	/* Not told yet: it ends on its own. Told to make it: stopped. */
	close_fd(&x->go);
	if (x->pid > 0 && x->decided == 'y')
		kill(x->pid, SIGKILL);
	close_fd(&x->err);
	close_fd(&x->out);
	while (x->pid > 0 && waitpid(x->pid, NULL, 0) < 0 && errno == EINTR)
		;
	if (x->tmp[0] != '\0')
		unlink(x->tmp);
	buf_free(&x->readme);
	out_batch_free(&x->linked);
	free(x);
}
