/* What a refused negotiation leaves behind: a fresh image provokes a
 * malformed offer, a range below the first revision and a required
 * feature no revision defines, calls every op after each (all must be
 * refused with ENOTNEGOTIATED, guest memory untouched), and judges its
 * own offer as the retry. The reference passes all of it, in a cell
 * that negotiates and in one whose own offer is refused; each
 * test-local seed (conformance/tests/refused-seeds, built like the
 * gate's seeds into mutants/NAME/pvabi) fails exactly the new checks
 * of the state it mishandles: a refusal recorded as the agreement (the
 * retry is answered already_negotiated), and the clock served to a
 * guest without one. */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#include <stdio.h>
#include <string.h>

#define AFTER "after a refused negotiation ("
#define RETRY "the offer retried after refusals is answered as the refusal judged it"

/* The 1.1 image against a platform that offers no feature, asking for
 * tsc_stable as required: refused with missing_required_features. */
static int run_refused(const char *program)
{
	char prog[4096], image[4096];
	const char *argv[] = { prog, "run", image, "--engine", "auto", "--platform",
			       "current:features=0", "--cmdline", "require=0x1 optional=0", NULL };
	int rc;

	snprintf(prog, sizeof(prog), "%s", pvabi_test_path(pvabi_test_builddir(), program));
	snprintf(image, sizeof(image), "%s",
		 pvabi_test_path(pvabi_test_builddir(), "guest/pvp/1.1/conformance.elf"));
	rc = pvabi_test_run(argv, pvabi_test_out, sizeof(pvabi_test_out));
	return pvabi_test_skip_unavailable(rc, program, "1.1", "auto");
}

static void test_reference(void)
{
	static const char *const revs[] = { "1.0", "1.1", "2.1" };
	size_t i;

	for (i = 0; i < sizeof(revs) / sizeof(revs[0]); i++) {
		CU_ASSERT_EQUAL(pvabi_test_image("pvabi", revs[i], "auto"), 0);
		CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ""), 0);
		CU_ASSERT_EQUAL(pvabi_test_lines("ok", AFTER), 3);
		CU_ASSERT_EQUAL(pvabi_test_lines("ok", AFTER "malformed offer)"), 1);
		CU_ASSERT_EQUAL(pvabi_test_lines("ok", AFTER "a range below the first revision)"), 1);
		CU_ASSERT_EQUAL(pvabi_test_lines("ok", AFTER "a feature no revision defines required)"), 1);
		CU_ASSERT_EQUAL(pvabi_test_lines("ok", RETRY), 1);
	}
	/* the image's own offer refused: the ops once more after it */
	CU_ASSERT_EQUAL(run_refused("pvabi"), 4);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ""), 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", AFTER), 4);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", AFTER "MISSING_REQUIRED_FEATURES)"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", RETRY), 1);
}

/* The provoked refusal was recorded: the retry is answered
 * already_negotiated at the revision judged, nothing else differs. */
static void test_recorded(void)
{
	PVABI_TEST_RED("mutants/refused-recorded/pvabi", "1.1", "auto",
		       RETRY " (got ALREADY_NEGOTIATED at 0x00010001", 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", AFTER), 4);
}

/* The clock answered without an agreement: every check after a
 * refusal names get_time, nothing else fails. */
static void test_clock_served(void)
{
	PVABI_TEST_RED("mutants/refused-clock-served/pvabi", "2.1", "auto", AFTER, 3);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "(got get_time: answered "), 3);
	CU_ASSERT_EQUAL(run_refused("mutants/refused-clock-served/pvabi"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ""), 4);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", AFTER "MISSING_REQUIRED_FEATURES)"), 1);
}

static const struct pvabi_test_case cases[] = {
	{ "reference", test_reference },
	{ "recorded", test_recorded },
	{ "clock_served", test_clock_served },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "refused", cases, NULL, NULL },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
