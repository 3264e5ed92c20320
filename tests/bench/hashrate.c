/*
 * hashrate.c: SHA-256 throughput of gen/util/sha256.c over a file, in
 * MB/s of processor time (the best of RUNS). Not a test.
 *
 * usage: tests/bench/hashrate FILE [RUNS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "util/sha256.h"

int
main(int argc, char **argv)
{
	int runs = argc > 2 ? atoi(argv[2]) : 3;
	double best = 0;
	char hex[65];

	if (argc < 2) {
		fputs("usage: tests/bench/hashrate FILE [RUNS]\n", stderr);
		return 2;
	}
	for (int r = 0; r < runs; r++) {
		struct timespec a, b;
		sha256_ctx c;
		long long n;

		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
		sha256_init(&c);
		if ((n = sha256_update_file(&c, argv[1])) < 0) {
			perror(argv[1]);
			return 1;
		}
		sha256_final_hex(&c, hex);
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
		double s = (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
		if (n / s / 1e6 > best)
			best = n / s / 1e6;
	}
	printf("%s  %.0f MB/s\n", hex, best);
	return 0;
}
