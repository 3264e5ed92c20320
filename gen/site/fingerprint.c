/*
 * site/fingerprint.c: the fingerprint of everything a build reads, so
 * that a build of unchanged inputs is skipped (build_fingerprint(),
 * site-internal.h).
 */
#include "site/site-internal.h"

static void
hash_string(sha256_ctx *c, const char *s)
{
	sha256_update(c, s, strlen(s) + 1);
}

/* Hash the file PATH (size and bytes) into C. */
static bool
hash_file(sha256_ctx *c, const char *path)
{
	long long n = sha256_update_file(c, path);
	uint64_t total = n < 0 ? 0 : (uint64_t)n;

	sha256_update(c, &total, sizeof total);
	return n >= 0;
}

/* Hash the input file PATH, read as the build reads it (so never a FIFO
 * or a device), into C as hash_file() does. */
static bool
hash_input(sha256_ctx *c, const char *path)
{
	char *data, why[256];
	size_t len;
	uint64_t total;

	if (reeks_file_read(path, REEKS_FILE_NOFOLLOW, INPUT_MAX, &data, &len,
	    why, sizeof why) != 0)
		return false;
	total = len;
	if (len > 0)
		sha256_update(c, data, len);
	sha256_update(c, &total, sizeof total);
	free(data);
	return true;
}

/* Hash every entry of DIR (not below it: reeks reads only the top) into
 * C: names in order, and each file's bytes. */
static bool
hash_dir(sha256_ctx *c, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL, path[4096];
	size_t n = 0;
	bool ok = d != NULL;

	while (ok && (e = readdir(d)) != NULL) {
		char **more;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if ((more = realloc(names, (n + 1) * sizeof *names)) == NULL ||
		    (more[n] = strdup(e->d_name)) == NULL) {
			if (more != NULL)
				names = more;
			ok = false;
			break;
		}
		names = more;
		n++;
	}
	if (d != NULL)
		closedir(d);
	if (ok && n > 1)
		qsort(names, n, sizeof *names, cmp_strings);
	hash_string(c, dir);
	for (size_t i = 0; ok && i < n; i++) {
		struct stat st;

		hash_string(c, names[i]);
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		if (stat(path, &st) != 0)
			ok = false;
		else if (S_ISREG(st.st_mode))
			ok = hash_file(c, path);
		else
			hash_string(c, "(not a file)");
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return ok;
}

/*
 * The fingerprint of everything a build of O reads: this reeks (its
 * executable and libraries), the options that change the output, the
 * build date's source, the license, and every file of the data and
 * template directories. False when something cannot be read (then the
 * build is not skipped).
 */
static bool fingerprint(const site_opts *o, char fp[65], bool data);

bool
build_fingerprint(const site_opts *o, char fp[65])
{
	return fingerprint(o, fp, true);
}

bool
inputs_fingerprint(const site_opts *o, char fp[65])
{
	return fingerprint(o, fp, false);
}

static bool
fingerprint(const site_opts *o, char fp[65], bool data)
{
	sha256_ctx c;
	char id[65];
	const char *epoch = getenv("SOURCE_DATE_EPOCH");

	out_generator_id(id);
	if (id[0] == '\0')
		return false;
	sha256_init(&c);
	hash_string(&c, data ? "reeks build 1" : "reeks inputs 1");
	hash_string(&c, id);
	hash_string(&c, o->base_url != NULL ? o->base_url : "");
	hash_string(&c, o->no_png ? "no png" : "png");
	hash_string(&c, o->pages_only ? "pages only" : "everything");
	hash_string(&c, epoch != NULL ? epoch : "(unset)");
	char rel[4096];
	struct stat rs;

	/* The releases' zips, in DATA/releases/ (when there is one). */
	snprintf(rel, sizeof rel, "%s/releases", o->data_dir);
	if (stat(rel, &rs) == 0 && !hash_dir(&c, rel))
		return false;
	if (!hash_input(&c, o->license) || (data && !hash_dir(&c,
	    o->data_dir)) ||
	    !hash_dir(&c, o->templates_dir))
		return false;
	sha256_final_hex(&c, fp);
	return true;
}
