/*
 * testutil.c: see testutil.h.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "testutil.h"

char *
tu_mkdir(void)
{
	char *dir = strdup("/tmp/reeks-test-XXXXXX");

	ck_assert_ptr_nonnull(dir);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	return dir;
}

void
tu_rmdir(char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (d != NULL) {
		while ((e = readdir(d)) != NULL) {
			char path[4096];

			if (strcmp(e->d_name, ".") == 0 ||
			    strcmp(e->d_name, "..") == 0)
				continue;
			snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
			unlink(path);
		}
		closedir(d);
	}
	rmdir(dir);
	free(dir);
}

void
tu_write(const char *dir, const char *name, const char *content, long len)
{
	char path[4096];
	FILE *f;
	size_t n = len < 0 ? strlen(content) : (size_t)len;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(content, 1, n, f), n);
	ck_assert_int_eq(fclose(f), 0);
}

char *
tu_doc(const char *unit, const char *obs)
{
	static const char fmt[] =
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<reeks version=\"1\">\n"
	    "<topic id=\"t\"><title lang=\"en\">T</title>"
	    "<title lang=\"nl\">T</title></topic>\n"
	    "<geography id=\"g\" scope=\"country\"><name lang=\"en\">G</name>"
	    "<name lang=\"nl\">G</name></geography>\n"
	    "<source id=\"s\" kind=\"report\"><author>A</author>"
	    "<title>T</title><year>2011</year><citation>C</citation>"
	    "</source>\n"
	    "<series id=\"x\" topic=\"t\" indicator=\"i\" unit=\"%s\" "
	    "geography=\"g\">\n"
	    "<title lang=\"en\">X</title><title lang=\"nl\">X</title>\n"
	    "<description lang=\"en\">D</description>"
	    "<description lang=\"nl\">D</description>\n"
	    "%s"
	    "</series>\n"
	    "</reeks>\n";
	size_t len = sizeof fmt + strlen(unit) + strlen(obs);
	char *doc = malloc(len);

	ck_assert_ptr_nonnull(doc);
	snprintf(doc, len, fmt, unit, obs);
	return doc;
}

char *
tu_load(const char *dir, reeks_result *rc, reeks_store **st,
    reeks_diag_kind *kind)
{
	return tu_load_jobs(dir, 1, rc, st, kind);
}

char *
tu_load_jobs(const char *dir, int jobs, reeks_result *rc, reeks_store **st,
    reeks_diag_kind *kind)
{
	reeks_diags *diags = reeks_diags_new();
	reeks_store *store = NULL;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	size_t skip = strlen(dir) + 1;

	ck_assert_ptr_nonnull(diags);
	ck_assert_ptr_nonnull(f);
	*rc = jobs == 1 ? reeks_store_load(dir, diags, &store) :
	    reeks_store_load_opts(dir, &(reeks_load_options){ .jobs = jobs },
	    diags, &store);
	for (size_t i = 0; i < reeks_diags_count(diags); i++) {
		const reeks_diag *d = reeks_diags_at(diags, i);
		const char *file = reeks_diag_file(d);
		const char *sev = reeks_diag_severity(d) == REEKS_WARNING ?
		    "warning: " : "";

		if (strncmp(file, dir, skip - 1) == 0 && file[skip - 1] == '/')
			file += skip;
		if (reeks_diag_line(d) > 0)
			fprintf(f, "%s:%lu: %s%s\n", file, reeks_diag_line(d),
			    sev, reeks_diag_message(d));
		else
			fprintf(f, "%s: %s%s\n", file, sev,
			    reeks_diag_message(d));
		if (i == 0 && kind != NULL)
			*kind = reeks_diag_kind_of(d);
	}
	fclose(f);
	reeks_diags_free(diags);
	if (st != NULL)
		*st = store;
	else
		reeks_store_free(store);
	return text;
}

char *
tu_load_doc(const char *doc, reeks_result *rc, reeks_diag_kind *kind)
{
	char *dir = tu_mkdir();
	char *text;

	tu_write(dir, "a.xml", doc, -1);
	text = tu_load(dir, rc, NULL, kind);
	tu_rmdir(dir);
	return text;
}
