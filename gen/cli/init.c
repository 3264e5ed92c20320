/*
 * init.c: 'reeks init DIR', a new publisher's first dataset.
 *
 * DIR gets data/ (a topic, a place, a source, an example series of two
 * placeholder figures, the change log, the schema), templates/ (copies of
 * every template, the stylesheet, cite.js and the messages), LICENSE and
 * README.md: the files of skel_files[], embedded in the command at build
 * time (tools/embed), so that an installed reeks needs nothing beside it.
 *
 * All or nothing: the tree is written into a new private directory beside
 * DIR (mkdtemp), each file created with O_EXCL and O_NOFOLLOW, and renamed
 * onto DIR at the end; rename() succeeds only when DIR does not exist or
 * is an empty directory, whatever happened since it was looked at. On any
 * failure what was written is removed and DIR is left as it was.
 */
#define _GNU_SOURCE             /* memmem */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "data/downloads.h"
#include "util/buf.h"
#include "util/errlist.h"

enum { EXIT_DATA = 1 };

/* The change log's date, filled in when the dataset is made. */
#define DATE_MARK "@DATE@"

const args_cmd init_args = {
	.name = "init",
	.summary = "start a new dataset: an example to replace, the templates",
	.about =
	    "Write a new dataset into DIR, which must not exist or be an empty\n"
	    "directory: DIR/data/ (a topic, a place, a source, one example series\n"
	    "with two placeholder figures, the change log, the schema reeks.xsd),\n"
	    "DIR/templates/ (copies of the templates, the stylesheet and the\n"
	    "messages), DIR/LICENSE (a CC BY 4.0 notice to adapt) and\n"
	    "DIR/README.md (what to do next). The example's figures are not\n"
	    "statistics: replace them. Then, in DIR:\n"
	    "\n"
	    "  reeks check\n"
	    "  reeks build --base-url http://localhost:8080/ --out site\n"
	    "\n"
	    "The change log's date is today's, or SOURCE_DATE_EPOCH's. Nothing is\n"
	    "written unless all of it is.\n",
	.epilog = "Exit status: 0 success, 1 DIR cannot be written (or is not new and\n"
	    "empty), 2 usage error.\n",
	.operands = "DIR",
	.min_operands = 1,
	.max_operands = 1,
	.missing = "missing the directory to write (e.g. mysite)",
};

/* The file of skel_files[] whose DATE_MARK becomes the date. */
static bool
dated(const skel_file *f)
{
	return strcmp(f->path, "data/changes.xml") == 0;
}

/* Write LEN bytes of P to the new file PATH under the directory FD. */
static int
write_new(int fd, const char *path, const unsigned char *p, size_t len)
{
	int out = openat(fd, path,
	    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);

	if (out < 0)
		return -1;
	while (len > 0) {
		ssize_t n = write(out, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int err = n < 0 ? errno : EIO;

			close(out);
			errno = err;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return close(out);
}

/* The subdirectory of PATH ("data" of "data/meta.xml") into D, or ""
 * when PATH is in the top directory. */
static void
parent_of(const char *path, char *d, size_t size)
{
	const char *slash = strrchr(path, '/');
	size_t n = slash != NULL ? (size_t)(slash - path) : 0;

	if (n >= size)
		n = size - 1;
	memcpy(d, path, n);
	d[n] = '\0';
}

/* Remove from the directory FD the first N files of skel_files[] and
 * their subdirectories (those that exist: a failure stops half way). */
static void
remove_written(int fd, size_t n)
{
	char d[256];

	for (size_t i = n; i-- > 0;)
		(void)unlinkat(fd, skel_files[i].path, 0);
	for (size_t i = n; i-- > 0;) {
		parent_of(skel_files[i].path, d, sizeof d);
		if (d[0] != '\0')
			(void)unlinkat(fd, d, AT_REMOVEDIR);
	}
}

/* Write every file of skel_files[] under the directory FD, DATE in the
 * change log. Returns 0, or -1 with errno set and *FAILED the path that
 * failed; what was written is then removed. */
static int
write_tree(int fd, const char *date, const char **failed)
{
	char d[256];
	size_t i;

	for (i = 0; i < skel_nfiles; i++) {
		const skel_file *f = &skel_files[i];
		int rc;

		*failed = f->path;
		parent_of(f->path, d, sizeof d);
		if (d[0] != '\0' && mkdirat(fd, d, 0777) != 0 &&
		    errno != EEXIST)
			break;
		if (!dated(f)) {
			rc = write_new(fd, f->path, f->bytes, f->len);
		} else {
			/* The bytes, with the first DATE_MARK made DATE. */
			const char *p = (const char *)f->bytes;
			const char *mark = memmem(p, f->len, DATE_MARK,
			    strlen(DATE_MARK));
			size_t at = mark != NULL ? (size_t)(mark - p) : f->len;
			size_t skip = mark != NULL ? strlen(DATE_MARK) : 0;
			buf b = { 0 };

			buf_add(&b, p, at);
			if (mark != NULL)
				buf_puts(&b, date);
			buf_add(&b, p + at + skip, f->len - at - skip);
			if (b.failed) {
				buf_free(&b);
				errno = ENOMEM;
				break;
			}
			rc = write_new(fd, f->path, (const unsigned char *)b.data,
			    b.len);
			buf_free(&b);
		}
		if (rc != 0)
			break;
	}
	if (i == skel_nfiles)
		return 0;
	int err = errno;

	remove_written(fd, i + 1);
	errno = err;
	return -1;
}

/* Whether the directory DIR has no entry; -1 with errno when it cannot be
 * read. */
static int
dir_empty(const char *dir)
{
	DIR *d = opendir(dir);
	const struct dirent *e;
	int empty = 1;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			empty = 0;
	closedir(d);
	return empty;
}

/* Today's date, or SOURCE_DATE_EPOCH's, as YYYY-MM-DD in DATE[11]. */
static int
today(char *date, errlist *e)
{
	long long when;
	struct tm tm;
	time_t t;

	if (downloads_date((long long)time(NULL), &when, e) != 0)
		return -1;
	t = (time_t)when;
	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(date, 11, "%Y-%m-%d", &tm) != 10) {
		errlist_add(e, NULL, 0, 0, "the date %lld is out of range", when);
		return -1;
	}
	return 0;
}

/* Whether DIR ends in a name, not in ".", ".." or "/" (the directory is
 * renamed there). */
static bool
named(const char *dir)
{
	size_t n = strlen(dir), end;

	while (n > 0 && dir[n - 1] == '/')
		n--;
	end = n;
	while (n > 0 && dir[n - 1] != '/')
		n--;
	return end > n && !(end - n == 1 && dir[n] == '.') &&
	    !(end - n == 2 && dir[n] == '.' && dir[n + 1] == '.');
}

/* Write the new dataset into ARG, DATE in its change log. Returns 0, or
 * -1 after adding why. */
static int
init_dir(const char *arg, const char *date, errlist *e)
{
	struct stat st;
	buf dir = { 0 }, tmp = { 0 };
	const char *base, *failed = "";
	mode_t mode, mask = umask(0);
	int rc = -1, fd = -1;

	umask(mask);
	mode = 0777 & ~mask;
	/* DIR without its final slashes, and where its name begins. */
	buf_add(&dir, arg, strlen(arg));
	while (dir.len > 1 && dir.data[dir.len - 1] == '/')
		dir.data[--dir.len] = '\0';
	if (dir.failed) {
		errlist_oom(e, NULL);
		goto out;
	}
	base = strrchr(dir.data, '/');
	base = base != NULL ? base + 1 : dir.data;
	if (lstat(dir.data, &st) == 0) {
		int empty;

		if (S_ISLNK(st.st_mode)) {
			errlist_add(e, arg, 0, 0, "is a symbolic link: reeks "
			    "init writes only a new or empty directory");
			goto out;
		}
		if (!S_ISDIR(st.st_mode)) {
			errlist_add(e, arg, 0, 0, "exists and is not a "
			    "directory: reeks init writes only a new or empty "
			    "directory");
			goto out;
		}
		if ((empty = dir_empty(dir.data)) < 0) {
			errlist_add(e, arg, 0, 0, "%s", strerror(errno));
			goto out;
		}
		if (!empty) {
			errlist_add(e, arg, 0, 0, "exists and is not empty: "
			    "reeks init writes only a new or empty directory");
			goto out;
		}
		mode = st.st_mode & 07777;
	} else if (errno != ENOENT) {
		errlist_add(e, arg, 0, 0, "%s", strerror(errno));
		goto out;
	}

	/* The new tree, private (mkdtemp: 0700) until it is renamed. */
	buf_add(&tmp, dir.data, (size_t)(base - dir.data));
	buf_printf(&tmp, ".reeks-init-XXXXXX");
	if (tmp.failed) {
		errlist_oom(e, NULL);
		goto out;
	}
	if (mkdtemp(tmp.data) == NULL) {
		errlist_add(e, arg, 0, 0, "cannot create a directory beside "
		    "it: %s", strerror(errno));
		goto out;
	}
	fd = open(tmp.data, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		errlist_add(e, tmp.data, 0, 0, "%s", strerror(errno));
		(void)rmdir(tmp.data);
		goto out;
	}
	if (write_tree(fd, date, &failed) != 0) {
		errlist_add(e, arg, 0, 0, "cannot write %s: %s", failed,
		    strerror(errno));
		(void)rmdir(tmp.data);
		goto out;
	}
	if (fchmod(fd, mode) != 0 || rename(tmp.data, dir.data) != 0) {
		int err = errno;

		if (err == ENOTEMPTY || err == EEXIST)
			errlist_add(e, arg, 0, 0, "exists and is not empty: "
			    "reeks init writes only a new or empty directory");
		else
			errlist_add(e, arg, 0, 0, "%s", strerror(err));
		remove_written(fd, skel_nfiles);
		(void)rmdir(tmp.data);
		goto out;
	}
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	buf_free(&dir);
	buf_free(&tmp);
	return rc;
}

int
cmd_init(int argc, char **argv)
{
	args_operands ops;
	errlist e = { 0 };
	char date[11];
	int rc = args_parse(&init_args, argc, argv, NULL, &ops, stdout, stderr);

	if (rc != ARGS_OK) {
		args_operands_free(&ops);
		return rc == ARGS_HELP ? EXIT_SUCCESS : rc;
	}
	if (!named(ops.v[0])) {
		rc = args_usage(&init_args, stderr, "'%s' does not name a new "
		    "directory (e.g. mysite)", ops.v[0]);
	} else if (today(date, &e) != 0) {
		for (size_t i = 0; i < errlist_count(&e); i++)
			fprintf(stderr, "reeks: %s\n", errlist_at(&e, i));
		rc = EXIT_DATA;
	} else if (init_dir(ops.v[0], date, &e) != 0) {
		errlist_print(&e, stderr);
		rc = EXIT_DATA;
	} else {
		char *name = reeks_line_escape(ops.v[0]);

		printf("%s: a new dataset, with an example series to replace "
		    "(read its README.md)\n", name != NULL ? name : ops.v[0]);
		free(name);
		rc = EXIT_SUCCESS;
	}
	errlist_free(&e);
	args_operands_free(&ops);
	return rc;
}
