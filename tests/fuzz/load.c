/*
 * load.c: fuzz the data loader. The input is parsed from memory as one
 * data file named "a.xml" with reeks_store_load_buffer() (the checks and
 * messages of reeks_store_load(), as 'reeks check' does, without a file);
 * a store that loads is exported as CSV, XML and JSON and its statistics
 * computed, as 'reeks build' does.
 *
 * Rules checked (abort() when broken): a result is REEKS_OK exactly when
 * there is a store, and an error result comes with at least one error;
 * every diagnostic has a message and the file "a.xml" (or "(reeks)" for
 * lost ones), and a column only with a line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "gen.h"

static FILE *fuzz_null;

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

	if (fuzz_null == NULL && (fuzz_null = fopen("/dev/null", "w")) ==
	    NULL) {
		perror("fuzz: /dev/null");
		abort();
	}
	if ((diags = reeks_diags_new()) == NULL)
		return 0;
	rc = reeks_store_load_buffer("a.xml", data, size, NULL, diags, &st);
	if ((rc == REEKS_OK) != (st != NULL))
		abort();
	if (rc != REEKS_OK && reeks_diags_errors(diags) == 0)
		abort();
	for (size_t i = 0; i < reeks_diags_count(diags); i++) {
		const reeks_diag *d = reeks_diags_at(diags, i);

		if (d == NULL || reeks_diag_file(d) == NULL ||
		    (strcmp(reeks_diag_file(d), "a.xml") != 0 &&
		    strcmp(reeks_diag_file(d), "(reeks)") != 0) ||
		    reeks_diag_message(d) == NULL ||
		    reeks_diag_message(d)[0] == '\0' ||
		    (reeks_diag_line(d) == 0 && reeks_diag_column(d) != 0))
			abort();
	}
	if (st != NULL)
		use_store(st);
	reeks_store_free(st);
	reeks_diags_free(diags);
	return 0;
}
