/*
 * cli.h: what the commands of gen/cli/ share (gen/cli/main.c).
 */
#ifndef REEKS_CLI_H
#define REEKS_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "reeks.h"

/* Print each diagnostic on stderr as "file:line:column: message" ("file:
 * line: message" when the column is not known, "file: message" for a
 * whole file), warnings marked as such. */
void cli_print_diags(const reeks_diags *diags);

/* Load DIR, printing every diagnostic. Returns the store, or NULL after
 * printing why not; *WARNINGS gets the number of warnings when WARNINGS
 * is not NULL. */
reeks_store *cli_load(const char *dir, size_t *warnings);
/* As cli_load(), with the load cache CACHE (NULL: none; see
 * reeks_load_options.cache_path); with REEKS_BUILD_STATS set, a line
 * "stats: data files N parsed, M from the load cache" on stderr. */
reeks_store *cli_load_cached(const char *dir, const char *cache,
    size_t *warnings);

/* URL as the site's base URL: an absolute http(s) URL, with a final '/'
 * added when missing (in a static buffer). NULL when it is not one, with
 * why in WHY (words that follow "--base-url "). */
const char *cli_base_url(const char *url, char *why, size_t whylen);

/* ---- gen/cli/release.c ------------------------------------------------ */

/* Check each release of ST, of the data directory DIR: its zip
 * DIR/releases/NAME.zip is a regular file with the size and SHA-256 its
 * <release> recorded, and the data in it loads. Prints each problem as
 * "file:line: message" (the <release>'s place); returns how many. */
size_t releases_verify(const char *dir, const reeks_store *st);

/* 'reeks release NAME' and 'reeks diff OLD [NEW]': ARGV[0] is the
 * command's first argument (not its name); return the exit status. */
int cmd_release(int argc, char **argv);
int cmd_diff(int argc, char **argv);

/* ---- gen/cli/init.c ---------------------------------------------------- */

/* A file 'reeks init' writes: its path under the new directory and its
 * bytes, embedded at build time (gen/cli/skel.c, by tools/embed). */
typedef struct skel_file {
	const char *path;
	const unsigned char *bytes;
	size_t len;
} skel_file;

extern const skel_file skel_files[];
extern const size_t skel_nfiles;

/* 'reeks init DIR': ARGV[0] is the command's first argument. */
int cmd_init(int argc, char **argv);

#endif
