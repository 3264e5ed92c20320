/*
 * input.c: how reeks opens and reads its input files, and what it accepts
 * as text. The loader opens data files this way; the site generator its
 * templates, messages, stylesheet and license.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

/* What kind of file SB is, for "not a regular file (a ...)". */
static const char *
kind_of(const struct stat *sb)
{
	return S_ISDIR(sb->st_mode) ? "directory" :
	    S_ISLNK(sb->st_mode) ? "symbolic link" :
	    S_ISFIFO(sb->st_mode) ? "pipe" :
	    S_ISCHR(sb->st_mode) || S_ISBLK(sb->st_mode) ? "device" :
	    "socket";
}

int
reeks_file_open(const char *path, int flags, long long max,
    long long *size, char *msg, size_t msglen)
{
	int oflags = O_RDONLY | O_NONBLOCK | O_CLOEXEC;
	struct stat sb;
	int fd, e;

	if (flags & REEKS_FILE_NOFOLLOW)
		oflags |= O_NOFOLLOW;
	if ((fd = open(path, oflags)) < 0) {
		e = errno;
		/* O_NOFOLLOW fails with ELOOP on a link: say what it is. */
		if (e == ELOOP && (flags & REEKS_FILE_NOFOLLOW) &&
		    lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode))
			snprintf(msg, msglen, "not a regular file (a %s)",
			    kind_of(&sb));
		else
			snprintf(msg, msglen, "cannot open: %s", strerror(e));
		errno = e;
		return -1;
	}
	if (fstat(fd, &sb) != 0) {
		e = errno;
		snprintf(msg, msglen, "cannot read: %s", strerror(e));
		close(fd);
		errno = e;
		return -1;
	}
	if (!S_ISREG(sb.st_mode)) {
		snprintf(msg, msglen, "not a regular file (a %s)",
		    kind_of(&sb));
		close(fd);
		errno = EINVAL;
		return -1;
	}
	if (max > 0 && (long long)sb.st_size > max) {
		snprintf(msg, msglen, "larger than %lld bytes", max);
		close(fd);
		errno = EFBIG;
		return -1;
	}
	*size = (long long)sb.st_size;
	return fd;
}

int
reeks_file_read(const char *path, int flags, long long max, char **data,
    size_t *len, char *msg, size_t msglen)
{
	long long size;
	int fd = reeks_file_open(path, flags, max, &size, msg, msglen);
	char *p = NULL;
	size_t n = 0, cap;
	int e = 0;

	*data = NULL;
	*len = 0;
	if (fd < 0)
		return -1;
	/* The size may change while the file is read (and is 0 for some
	 * that are not empty, in /proc): read to the end, never past MAX,
	 * with room for the NUL and one byte more, so that the read that
	 * finds the end needs no more memory. */
	cap = (size_t)size + 2;
	for (;;) {
		ssize_t got;

		if (p == NULL || cap - n < 2) {
			size_t ncap = p == NULL ? cap : cap * 2;
			char *q = realloc(p, ncap);

			if (q == NULL) {
				e = ENOMEM;
				snprintf(msg, msglen, "out of memory");
				break;
			}
			p = q;
			cap = ncap;
		}
		got = read(fd, p + n, cap - 1 - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			e = errno;
			snprintf(msg, msglen, "cannot read: %s", strerror(e));
			break;
		}
		if (got == 0)
			break;
		n += (size_t)got;
		if (max > 0 && (long long)n > max) {
			e = EFBIG;
			snprintf(msg, msglen, "larger than %lld bytes", max);
			break;
		}
	}
	close(fd);
	if (e != 0) {
		free(p);
		errno = e;
		return -1;
	}
	p[n] = '\0';
	*data = p;
	*len = n;
	return 0;
}

/* The code point of the valid UTF-8 sequence at S (N bytes readable) in
 * *CP, and its length (1 to 4); 0 when the bytes there are not one
 * (overlong forms, surrogates and truncated sequences included). */
static size_t
utf8_decode(const unsigned char *s, size_t n, unsigned long *cp)
{
	unsigned char c = s[0];
	unsigned char lo = 0x80, hi = 0xbf;
	size_t len;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		*cp = c & 0x1fu;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		*cp = c & 0x0fu;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		*cp = c & 0x07u;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
		*cp = *cp << 6 | (s[i] & 0x3fu);
	}
	return len;
}

size_t
reeks_utf8_len(const char *s, size_t n)
{
	unsigned long cp;

	return n > 0 ? utf8_decode((const unsigned char *)s, n, &cp) : 0;
}

const char *
reeks_text_check(const char *s, size_t len, size_t *at)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < len;) {
		unsigned long cp;
		size_t n = utf8_decode(p + i, len - i, &cp);

		*at = i;
		if (n == 0)
			return "not valid UTF-8";
		if (cp == 0)
			return "a NUL byte";
		if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
		    (cp >= 0x7f && cp < 0xa0))
			return "a control character";
		if (cp == 0xfffe || cp == 0xffff)
			return "U+FFFE or U+FFFF, which XML does not allow";
		i += n;
	}
	*at = len;
	return NULL;
}
