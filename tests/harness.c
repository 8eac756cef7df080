#include "tests/harness.h"

#include <CUnit/Basic.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned int skipped;

void pvabi_test_skip(const char *file, int line, const char *reason)
{
	const CU_pTest t = CU_get_current_test();

	skipped++;
	printf("\n  SKIP %s (%s:%d): %s\n", t ? t->pName : "?", file, line,
	       reason);
}

void pvabi_test_skip_out(const char *file, int line, const char *reason)
{
	const CU_pTest t = CU_get_current_test();

	pvabi_test_skip(file, line, reason);
	if (t && t->pJumpBuf)
		longjmp(*t->pJumpBuf, 1);
	/* outside a running test (a suite's init) nothing can be left */
	fprintf(stderr, "%s:%d: skip outside a test: %s\n", file, line, reason);
	abort();
}

const char *pvabi_test_srcdir(void)
{
	const char *s = getenv("PVABI_SRC");

	return s && *s ? s : ".";
}

const char *pvabi_test_builddir(void)
{
	const char *s = getenv("PVABI_BUILD");

	return s && *s ? s : "build";
}

const char *pvabi_test_path(const char *dir, const char *rel)
{
	static char buf[8][4096];
	static unsigned int slot;
	char *b = buf[slot++ % 8];

	snprintf(b, sizeof(buf[0]), "%s/%s", dir, rel);
	return b;
}

static int add_suite(const struct pvabi_test_suite *s)
{
	CU_pSuite cs = CU_add_suite(s->name, s->init, s->cleanup);
	const struct pvabi_test_case *c;

	if (!cs)
		return -1;
	for (c = s->cases; c->name; c++)
		if (!CU_add_test(cs, c->name, c->fn))
			return -1;
	return 0;
}

int pvabi_test_main(const struct pvabi_test_suite *suites, int argc,
		    char **argv)
{
	const char *only = argc > 1 ? argv[1] : NULL;
	unsigned int run, failed, suites_failed, passed;
	const struct pvabi_test_suite *s;
	int matched = 0;

	if (CU_initialize_registry() != CUE_SUCCESS) {
		fprintf(stderr, "CUnit: %s\n", CU_get_error_msg());
		return 2;
	}
	for (s = suites; s->name; s++) {
		if (only && strcmp(only, s->name) != 0)
			continue;
		matched = 1;
		if (add_suite(s) < 0) {
			fprintf(stderr, "CUnit: %s\n", CU_get_error_msg());
			CU_cleanup_registry();
			return 2;
		}
	}
	if (only && !matched) {
		fprintf(stderr, "no suite named '%s'\n", only);
		CU_cleanup_registry();
		return 2;
	}
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	run = CU_get_number_of_tests_run();
	failed = CU_get_number_of_tests_failed();
	suites_failed = CU_get_number_of_suites_failed();
	CU_cleanup_registry();
	/* A suite whose init failed ran none of its tests: count it. */
	failed += suites_failed;
	passed = run >= failed + skipped ? run - failed - skipped : 0;
	printf("\npvabi-test-summary: passed=%u failed=%u skipped=%u\n", passed,
	       failed, skipped);
	return failed ? 1 : 0;
}
