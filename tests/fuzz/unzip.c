/*
 * unzip.c: fuzz the reading of a release's zip (bundle_unzip() in
 * gen/data/bundle.c, over minizip): the build reads every release's zip
 * from data/releases/, after checking its SHA-256 against the release
 * list, so a damaged zip reaches it only when the list was edited too.
 *
 * Rules checked (abort() when broken): the result is 0 or -1; on -1 the
 * reason is a non-empty line and nothing is returned; on 0 every member
 * has a non-empty name, at most MAX bytes, a NUL after its bytes, and the
 * members are at most as many as the zip could hold.
 */
#include <stdlib.h>
#include <string.h>

#include "data/bundle.h"
#include "fuzz.h"

enum { MAX = 1 << 20 };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bundle_member *m = (bundle_member *)data;  /* not NULL: must be set */
	size_t n = (size_t)-1;
	char why[256] = "";
	int rc = bundle_unzip(data, size, MAX, &m, &n, why, sizeof why);

	if (rc == -1) {
		if (m != NULL || n != 0 || why[0] == '\0' ||
		    strchr(why, '\n') != NULL)
			abort();
		return 0;
	}
	if (rc != 0 || n > size / 30 + 1 || (n > 0 && m == NULL))
		abort();
	for (size_t i = 0; i < n; i++)
		if (m[i].name == NULL || m[i].name[0] == '\0' ||
		    m[i].len >= MAX || m[i].data[m[i].len] != '\0')
			abort();
	bundle_members_free(m, n);
	return 0;
}
