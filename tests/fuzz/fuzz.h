/*
 * fuzz.h: the entry point every fuzz target (tests/fuzz/load.c,
 * template.c, calc.c) defines.
 *
 * Each target is linked twice: with libFuzzer (clang -fsanitize=fuzzer,
 * 'make fuzz'), and with tests/fuzz/replay.c, a plain main() that feeds
 * it the files of tests/fuzz/corpus/TARGET/ and tests/fuzz/regress/TARGET/
 * (make check, and make check-asan with the sanitizers).
 *
 * A target returns 0; when it finds an input that breaks a rule of the
 * code under test it calls abort(), which both libFuzzer and the replay
 * runner report as a crash.
 */
#ifndef REEKS_FUZZ_H
#define REEKS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
