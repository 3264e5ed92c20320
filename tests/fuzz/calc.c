/*
 * calc.c: fuzz the argument parsing of 'reeks calc'. The input is the
 * command line after "calc", one argument per line (a final newline is
 * optional), given to calc_run() as 'reeks calc' would give it.
 *
 * Rules checked (abort() when broken): the exit status is 0, 1 or 2; on 0
 * stdout is one line of tab-separated numbers (or the help), on 1 or 2
 * nothing is written to stdout and a message starting "reeks calc: " to
 * stderr.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "gen.h"

enum { MAX_ARGS = 64 };

/* Is S (LEN bytes) the result line: numbers printed with %.15g between
 * tabs, ending in a newline? */
static int
result_ok(const char *s, size_t len)
{
	if (len < 2 || s[len - 1] != '\n')
		return 0;
	for (size_t i = 0; i + 1 < len; i++)
		if (strchr("0123456789-+.e\t", s[i]) == NULL)
			return 0;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text, *argv[MAX_ARGS + 1];
	char *out_text = NULL, *err_text = NULL;
	size_t out_len = 0, err_len = 0;
	int argc = 0, rc;
	FILE *out, *err;

	if (size > 4096 || (text = malloc(size + 1)) == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (memchr(text, '\0', size) != NULL) {   /* not a command line */
		free(text);
		return 0;
	}
	for (char *p = text; size > 0 && argc < MAX_ARGS;) {
		char *nl = strchr(p, '\n');

		argv[argc++] = p;
		if (nl == NULL || nl[1] == '\0') {
			if (nl != NULL)
				*nl = '\0';
			break;
		}
		*nl = '\0';
		p = nl + 1;
	}
	argv[argc] = NULL;
	if ((out = open_memstream(&out_text, &out_len)) == NULL ||
	    (err = open_memstream(&err_text, &err_len)) == NULL)
		abort();
	rc = calc_run(argc, argv, out, err);
	fclose(out);
	fclose(err);
	if (rc == 0) {
		if (err_len != 0 || (!result_ok(out_text, out_len) &&
		    strncmp(out_text, "usage: reeks calc", 17) != 0))
			abort();
	} else if (rc == 1 || rc == 2) {
		if (out_len != 0 || strncmp(err_text, "reeks calc: ", 12) != 0)
			abort();
	} else {
		abort();
	}
	free(out_text);
	free(err_text);
	free(text);
	return 0;
}
