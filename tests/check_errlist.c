/*
 * check_errlist.c: gen/util/errlist.c, the one error convention of gen/:
 * each entry's exact text, out of memory told apart, lists joined in
 * order, and printing.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/errlist.h"

/* Every form of an entry, exactly. */
START_TEST(test_add)
{
	errlist e = { 0 };

	errlist_add(&e, "a.xml", 3, 7, "bad %s", "value");
	errlist_add(&e, "a.xml", 3, 0, "bad");
	errlist_add(&e, "a.xml", 0, 0, "unreadable");
	errlist_add(&e, NULL, 0, 0, "cannot create %s: %s", "site", "why");
	/* A message is one line, whatever it quotes. */
	errlist_add(&e, "b\nc", 1, 0, "'%s'", "x\ty");
	ck_assert_uint_eq(errlist_count(&e), 5);
	ck_assert_str_eq(errlist_at(&e, 0), "a.xml:3:7: bad value");
	ck_assert_str_eq(errlist_at(&e, 1), "a.xml:3: bad");
	ck_assert_str_eq(errlist_at(&e, 2), "a.xml: unreadable");
	ck_assert_str_eq(errlist_at(&e, 3), "cannot create site: why");
	ck_assert_str_eq(errlist_at(&e, 4), "b\\nc:1: 'x\\ty'");
	ck_assert_ptr_null(errlist_at(&e, 5));
	ck_assert(!errlist_oom_seen(&e));
	errlist_free(&e);
	ck_assert_uint_eq(errlist_count(&e), 0);
	ck_assert_ptr_null(errlist_at(&e, 0));
}
END_TEST

/* Running out of memory is an entry like the others, and marked. */
START_TEST(test_oom)
{
	errlist e = { 0 };

	errlist_oom(&e, NULL);
	errlist_oom(&e, "data/reeks.zip");
	ck_assert_uint_eq(errlist_count(&e), 2);
	ck_assert_str_eq(errlist_at(&e, 0), "out of memory");
	ck_assert_str_eq(errlist_at(&e, 1), "data/reeks.zip: out of memory");
	ck_assert(errlist_oom_seen(&e));
	errlist_free(&e);
	ck_assert(!errlist_oom_seen(&e));
}
END_TEST

/* Lists joined in order, with their marks; FROM is left empty. */
START_TEST(test_take)
{
	errlist to = { 0 }, from = { 0 }, empty = { 0 }, lost = { 0 };

	errlist_add(&to, NULL, 0, 0, "one");
	errlist_add(&from, NULL, 0, 0, "two");
	errlist_oom(&from, NULL);
	errlist_take(&to, &from);
	ck_assert_uint_eq(errlist_count(&to), 3);
	ck_assert_str_eq(errlist_at(&to, 0), "one");
	ck_assert_str_eq(errlist_at(&to, 1), "two");
	ck_assert_str_eq(errlist_at(&to, 2), "out of memory");
	ck_assert(errlist_oom_seen(&to));
	ck_assert_uint_eq(errlist_count(&from), 0);
	ck_assert(!errlist_oom_seen(&from));
	/* Nothing to take changes nothing. */
	errlist_take(&to, &empty);
	ck_assert_uint_eq(errlist_count(&to), 3);
	/* An entry lost for lack of memory still counts, once taken. */
	lost.nomem = true;
	errlist_take(&to, &lost);
	ck_assert_uint_eq(errlist_count(&to), 4);
	ck_assert_uint_eq(to.n, 3);
	errlist_free(&to);
}
END_TEST

/* What the command prints: one entry a line, then the lost ones. */
START_TEST(test_print)
{
	errlist e = { 0 };
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	ck_assert_ptr_nonnull(f);
	errlist_add(&e, "a.xml", 2, 0, "bad");
	errlist_oom(&e, NULL);
	e.nomem = true;
	errlist_print(&e, f);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_str_eq(text, "a.xml:2: bad\nout of memory\n"
	    "reeks: out of memory: some errors were lost\n");
	free(text);
	errlist_free(&e);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("errlist");
	TCase *tc = tcase_create("errlist");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_add);
	tcase_add_test(tc, test_oom);
	tcase_add_test(tc, test_take);
	tcase_add_test(tc, test_print);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
