/* State the spec keeps apart from a handle, set before the handle is
 * replaced and observed through the new one (emit/emit_keep_scen.c):
 * set_timer arms the calling vCPU's deadline, which fires on whatever
 * timer port the vCPU has then, so each fresh image from 1.1 on (where
 * set_timer's deadline is declared a moment on get_time's clock) arms
 * one 10 ms ahead on vCPU 0 and on vCPU 1, closes each vCPU's timer
 * port, allocates another, wants each expiry pending on the new port
 * and, once they are bound, the two interrupts. The reference
 * passes it; the test-local seed (conformance/tests/keep-seeds, built
 * like the gate's seeds into mutants/NAME/pvabi) disarms the deadline
 * when the timer port is closed and fails exactly that scenario. */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#include <stdio.h>
#include <string.h>

#define KEPT "scenario set_timer: deadline_ns kept when each vCPU's source=timer handle is replaced"

/* One scenario from 1.1 (vCPU 0 and vCPU 1 each arm and replace), none
 * in 1.0, where no <now> declares the deadline. */
static void test_reference(void)
{
	const char *revs[] = { "1.1", "2.1" };
	size_t i;

	PVABI_TEST_BOOT("pvabi", "1.0", "auto", 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("", KEPT), 0);
	for (i = 0; i < sizeof(revs) / sizeof(revs[0]); i++) {
		PVABI_TEST_BOOT("pvabi", revs[i], "auto", 0);
		CU_ASSERT_EQUAL(pvabi_test_lines("ok", KEPT " (24 steps)"), 1);
	}
}

/* The deadline disarmed with the port it would fire on: every answer is
 * right; vCPU 0's new port shows nothing pending (step 18, the first
 * look), and no other check is red. */
static void test_deadline_with_port(void)
{
	const char *m = "mutants/keep-deadline-with-port/pvabi";
	const char *revs[] = { "1.1", "2.1" };
	size_t i;

	PVABI_TEST_BOOT(m, "1.0", "auto", 0);
	for (i = 0; i < sizeof(revs) / sizeof(revs[0]); i++)
		PVABI_TEST_RED(m, revs[i], "auto", KEPT " (24 steps) (got step 18: evtchn_status returned 0, field pending = 0, want >=1)", 1);
}

static const struct pvabi_test_case cases[] = {
	{ "reference", test_reference },
	{ "deadline_with_port", test_deadline_with_port },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "keep", cases, NULL, NULL },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
