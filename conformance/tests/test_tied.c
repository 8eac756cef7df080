/* Values tied to the world outside the guest (<check tied=>) catch a
 * platform whose wall clock is not the host's: the reference platform
 * passes time_wallclock_tied_to_host on a fresh 2.1 image, judged
 * against the host's wall clock that `pvabi run` hands the image; a run
 * without that reference is a skip with the reason, never a pass; and
 * the test-local seeds (conformance/tests/tied-seeds, built like the
 * gate's seeds into mutants/NAME/pvabi) fail exactly the probes they
 * break: a wall clock an hour off (local time) only the tied checks,
 * whose first red line names the hour; one in microseconds the tied
 * checks and the vector that bounds the value by a date. */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCEN "scenario time_wallclock_tied_to_host"

static void test_reference(void)
{
	PVABI_TEST_BOOT("pvabi", "2.1", "qemu-tcg", 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", SCEN " (6 steps)"), 1);
	/* the tied scenario ran; other probes may say "could not tell" on
	 * a loaded host (a rate burst held up), which is theirs to say */
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", SCEN " # SKIP"), 0);
	/* 1.3 has no boot_wallclock_ns: nothing tied, nothing skipped */
	PVABI_TEST_BOOT("pvabi", "1.3", "qemu-tcg", 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", SCEN), 0);
}

/* The skips the run's summary line counts, or -1 without one: each
 * skip must be counted as one, whatever else a loaded host made a probe
 * skip ("could not tell"). */
static long summary_skips(void)
{
	const char *p = strstr(pvabi_test_out, "\n# PASS: ");
	const char *e = p ? strstr(p, " skipped\n") : NULL;

	if (!e)
		return -1;
	while (e > p && e[-1] >= '0' && e[-1] <= '9')
		e--;
	return strtol(e, NULL, 10);
}

/* A command line that hands no reference (wallref=0: none) turns the
 * scenario into a skip that says why, counted as a skip. */
static void test_no_reference(void)
{
	char prog[4096], image[4096];
	const char *argv[] = { prog, "run", image, "--engine", "qemu-tcg", "--cmdline", "wallref=0",
			       NULL };
	int rc;

	snprintf(prog, sizeof(prog), "%s", pvabi_test_path(pvabi_test_builddir(), "pvabi"));
	snprintf(image, sizeof(image), "%s",
		 pvabi_test_path(pvabi_test_builddir(), "guest/pvp/2.1/conformance.elf"));
	rc = pvabi_test_run(argv, pvabi_test_out, sizeof(pvabi_test_out));
	rc = pvabi_test_skip_unavailable(rc, "pvabi", "2.1", "qemu-tcg");
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", SCEN " # SKIP no wall-clock reference from the harness"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", SCEN " (6 steps)"), 0);
	CU_ASSERT_EQUAL(summary_skips(), (long)pvabi_test_lines("ok", "# SKIP"));
}

/* An hour after the host's clock: only the tied checks see it, and the
 * first red line says by how much. Judged by state, not speed: the
 * value less an hour lies in the window the line gives (the host's
 * clock when the harness started the run, to the latest the run may
 * end, each widened by the check's tolerance), so a loaded host that
 * boots the guest slowly moves the value, never the verdict; a clock
 * off by another amount is outside it. */
static void test_local_time(void)
{
	const unsigned long long hour = 3600ull * 1000000000ull;
	unsigned long long lo = 0, hi = 0;
	long long v = -1;
	const char *first, *at;

	PVABI_TEST_BOOT("mutants/wall-local-time/pvabi", "2.1", "qemu-tcg", 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ""), 1);
	first = strstr(pvabi_test_out, "\nnot ok ");
	CU_ASSERT_PTR_NOT_NULL_FATAL(first);
	CU_ASSERT_PTR_NOT_NULL(strstr(first, SCEN " (6 steps) (got step 3: value "));
	at = strstr(first, "(got step 3: value ");
	CU_ASSERT_PTR_NOT_NULL_FATAL(at);
	CU_ASSERT_EQUAL(sscanf(at, "(got step 3: value %lld ns is %*u.%*u s after the host's "
			       "wall clock, want %llu..%llu", &v, &lo, &hi), 3);
	if (v < 0 || (unsigned long long)v < hour + lo || (unsigned long long)v > hour + hi)
		printf("\n  value %lld ns less an hour is outside %llu..%llu:\n%.*s\n", v, lo, hi,
		       (int)strcspn(first + 1, "\n"), first + 1);
	CU_ASSERT(v >= 0 && (unsigned long long)v >= hour + lo &&
		  (unsigned long long)v <= hour + hi);
	PVABI_TEST_BOOT("mutants/wall-local-time/pvabi", "1.3", "qemu-tcg", 0);
}

/* In microseconds: the tied checks and the date bound of the 2.0 vector,
 * also where a pair of calls read after another value makes that vector's
 * call again (emit/emit_stale_scen.c) and where its copy is made from
 * vCPU 1 (emit/emit_caller_scen.c), nothing else. */
static void test_microseconds(void)
{
	PVABI_TEST_BOOT("mutants/wall-in-microseconds/pvabi", "2.1", "qemu-tcg", 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ""), 4);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", SCEN " (6 steps) (got step 3: value "), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "s before the host's wall clock"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", " - get_time_info: () -> ret=0 info.size=sizeof"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", " - scenario get_time_info: () -> ret=0 "
					 "info.size=sizeof"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "made from vCPU 1 (1 steps) (got step 1: "
					 "get_time_info returned 0, field boot_wallclock_ns = "), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "scenario get_time_info after another value: () / "
					 "info=[24] (3 steps) (got step 1: get_time_info returned "
					 "0, field boot_wallclock_ns = "), 1);
}

static const struct pvabi_test_case cases[] = {
	{ "reference", test_reference },
	{ "no_reference", test_no_reference },
	{ "local_time", test_local_time },
	{ "microseconds", test_microseconds },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "tied", cases, NULL, NULL },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
