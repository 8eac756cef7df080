/* Shared CUnit harness for pvabi test programs.
 *
 * Each test program declares its suites in a table and calls
 * pvabi_test_main(). The harness runs them with CUnit's basic interface
 * (which prints CUnit's own summary), then prints one machine-readable
 * line that ci/run-tests aggregates:
 *
 *   pvabi-test-summary: passed=N failed=N skipped=N
 *
 * CUnit has no notion of a skipped test, so a test that cannot run here
 * calls PVABI_SKIP("why"): the reason is printed and the test is counted
 * as skipped, never as passed.
 */
#ifndef PVABI_TESTS_HARNESS_H
#define PVABI_TESTS_HARNESS_H

#include <CUnit/CUnit.h>

struct pvabi_test_case {
	const char *name;
	void (*fn)(void);
};

struct pvabi_test_suite {
	const char *name;
	const struct pvabi_test_case *cases; /* terminated by {NULL, NULL} */
	int (*init)(void);
	int (*cleanup)(void);
};

/* Runs every suite of @suites (terminated by a zeroed entry). Returns the
 * process exit status: 0 when nothing failed. argv[1], when given, runs
 * only the suite of that name. */
int pvabi_test_main(const struct pvabi_test_suite *suites, int argc,
		    char **argv);

void pvabi_test_skip(const char *file, int line, const char *reason);

/* PVABI_SKIP from any depth below a test function: the reason printed,
 * the test counted as skipped and the rest of it not run. It leaves by
 * CUnit's own abort of a test (a fatal assertion's jump), no failure
 * recorded; so a caller holds nothing it would have to release. */
__attribute__((noreturn)) void pvabi_test_skip_out(const char *file, int line,
						   const char *reason);

#define PVABI_SKIP(reason)                                                    \
	do {                                                                  \
		pvabi_test_skip(__FILE__, __LINE__, (reason));                \
		return;                                                       \
	} while (0)

/* Source and build directories, from the environment the Makefile sets
 * (PVABI_SRC, PVABI_BUILD) with "." and "build" as fallbacks. */
const char *pvabi_test_srcdir(void);
const char *pvabi_test_builddir(void);

/* Joins dir and rel into a static buffer rotating over 8 slots. */
const char *pvabi_test_path(const char *dir, const char *rel);

#endif
