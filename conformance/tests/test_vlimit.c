/* A platform's own value of a limit, read again at the end of the run
 * (guest/rt/suite_probe.c, refused 8): the vcpus limit the image finds
 * by bisection right after negotiation, before vCPU 1 starts, must
 * still be refused from the same value once vCPU 1 ran and the port
 * table was filled, and lie above every vCPU the guest ran. The
 * reference passes it in every argument the limit bounds; the
 * test-local seed (conformance/tests/vlimit-seeds, built like the
 * gate's seeds into mutants/NAME/pvabi) caps the limit at 1 once the
 * port table is full and fails exactly the re-reading, where a fill
 * runs (without evtchn_fifo's 131072 ports). */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#include <stdio.h>
#include <string.h>

#define AGAIN "refused from the same value at the end of the run, above every vCPU the guest ran"

/* One re-reading per argument the limit bounds: evtchn_bind's vcpu
 * from 1.0, yield's target_vcpu from 2.0, get_steal_time's vcpu in 2.1. */
static void test_reference(void)
{
	const char *revs[] = { "1.0", "2.1" };
	const size_t args[] = { 1, 3 };
	size_t i;

	for (i = 0; i < sizeof(revs) / sizeof(revs[0]); i++) {
		PVABI_TEST_BOOT("pvabi", revs[i], "auto", 0);
		CU_ASSERT_EQUAL(pvabi_test_lines("ok", AGAIN " (at the first reading refused from 2; now 2 refused, 1 allowed; vCPUs run 2)"), args[i]);
	}
}

/* The limit capped at 1 once the guest holds the table's top port: the
 * first reading is right, every scenario is right, and only the
 * re-reading after the fill is red (1.0 and 1.1, where the fill runs).
 * 2.1's image is granted evtchn_fifo, whose table is not filled. */
static void test_ports_cap(void)
{
	const char *m = "mutants/vlimit-ports-cap/pvabi";
	const char *revs[] = { "1.0", "1.1" };
	size_t i;

	for (i = 0; i < sizeof(revs) / sizeof(revs[0]); i++)
		PVABI_TEST_RED(m, revs[i], "auto", "evtchn_bind: limit vcpus: vcpu " AGAIN " (at the first reading refused from 2; now 2 refused, 1 refused; vCPUs run 2)", 1);
	PVABI_TEST_BOOT(m, "2.1", "auto", 0);
}

static const struct pvabi_test_case cases[] = {
	{ "reference", test_reference },
	{ "ports_cap", test_ports_cap },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "vlimit", cases, NULL, NULL },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
