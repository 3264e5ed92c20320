/*
 * load.c: fuzz the data loader. The input is written as the one data
 * file of a scratch directory (on /dev/shm when there is one) and loaded
 * with reeks_store_load(), as 'reeks check' does; a store that loads is
 * exported as CSV, XML and JSON and its statistics computed, as
 * 'reeks build' does.
 *
 * Rules checked (abort() when broken): a result is REEKS_OK exactly when
 * there is a store, and an error result comes with at least one error;
 * every diagnostic has a file and a message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "gen.h"

static char fuzz_dir[64];
static char fuzz_file[96];
static FILE *fuzz_null;

static void
fuzz_cleanup(void)
{
	if (fuzz_file[0] != '\0')
		unlink(fuzz_file);
	if (fuzz_dir[0] != '\0')
		rmdir(fuzz_dir);
}

static void
fuzz_init(void)
{
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";

	snprintf(fuzz_dir, sizeof fuzz_dir, "%s/reeks-fuzz-XXXXXX", base);
	if (mkdtemp(fuzz_dir) == NULL) {
		perror("fuzz: mkdtemp");
		abort();
	}
	snprintf(fuzz_file, sizeof fuzz_file, "%s/a.xml", fuzz_dir);
	if ((fuzz_null = fopen("/dev/null", "w")) == NULL) {
		perror("fuzz: /dev/null");
		abort();
	}
	atexit(fuzz_cleanup);
}

/* What 'reeks build' asks of a store, with the output thrown away. */
static void
use_store(const reeks_store *st)
{
	export_csv(st, fuzz_null);
	export_xml(st, fuzz_null);
	export_json(st, fuzz_null);
	for (size_t i = 0; i < reeks_store_series_count(st); i++) {
		const reeks_series *se = reeks_store_series_at(st, i);
		reeks_series_stats stats;
		reeks_interval iv;

		reeks_series_stats_compute(se, 0.95, &stats);
		for (size_t j = 0; j < reeks_series_obs_count(se); j++)
			reeks_obs_ci(reeks_series_obs_at(se, j), 0.95, &iv);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	reeks_diags *diags;
	reeks_store *st = NULL;
	reeks_result rc;
	FILE *f;

	if (fuzz_dir[0] == '\0')
		fuzz_init();
	if ((f = fopen(fuzz_file, "wb")) == NULL ||
	    (size > 0 && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
		perror("fuzz: cannot write the data file");
		abort();
	}
	if ((diags = reeks_diags_new()) == NULL)
		return 0;
	rc = reeks_store_load(fuzz_dir, diags, &st);
	if ((rc == REEKS_OK) != (st != NULL))
		abort();
	if (rc != REEKS_OK && reeks_diags_errors(diags) == 0)
		abort();
	for (size_t i = 0; i < reeks_diags_count(diags); i++) {
		const reeks_diag *d = reeks_diags_at(diags, i);

		if (d == NULL || reeks_diag_file(d) == NULL ||
		    reeks_diag_message(d) == NULL ||
		    reeks_diag_message(d)[0] == '\0')
			abort();
	}
	if (st != NULL)
		use_store(st);
	reeks_store_free(st);
	reeks_diags_free(diags);
	return 0;
}
