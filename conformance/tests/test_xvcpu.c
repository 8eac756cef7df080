/* Every call on a handle made from the other vCPU (the scenarios derived
 * in emit/emit_xvcpu_scen.c): the reference platform passes each, and a
 * test-local seed (conformance/tests/xvcpu-seeds, built like the gate's
 * seeds into mutants/NAME/pvabi) whose evtchn_close frees the calling
 * vCPU's timer port instead of the one the closed port is is red at
 * exactly the derived scenarios that close a timer port from a vCPU
 * that did not allocate it: the owner's next allocation is refused
 * EBUSY, and the scenarios after it find the owner still holding the
 * freed port. The spec's own scenarios close each timer port from its
 * owner, so they stay green. A second seed raises vCPU 1's expiry on
 * its unbound port only at vCPU 1's own next call: red at exactly the
 * probes that poll that port from vCPU 0 while vCPU 1 makes no call
 * (emit/emit_due_scen.c). Run on qemu-tcg. */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#include <stdio.h>
#include <string.h>

#define DERIVED "scenario each call on a handle from the other vCPU: "

static void test_reference(void)
{
	PVABI_TEST_BOOT("pvabi", "2.1", "qemu-tcg", 0);
	/* the 2.1 image's scenarios with two vCPUs that call on a port */
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", DERIVED), 7);
	PVABI_TEST_BOOT("pvabi", "1.0", "qemu-tcg", 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", DERIVED), 5);
}

static void test_close_own_timer(void)
{
	const char *prog = "mutants/xvcpu-close-own-timer/pvabi";

	PVABI_TEST_RED(prog, "2.1", "qemu-tcg", "evtchn_alloc returned -16, want >=1", 6);
	/* the first close of vCPU 1's timer port from vCPU 0 ... */
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok",
					 DERIVED "timer_due_before_close_vcpu1 (10 steps) "
					 "(got step 7: evtchn_alloc returned -16"),
			1);
	/* ... and each later one that allocates a timer port: the derived
	 * copies, the state kept apart from a handle and the timer port's
	 * one-per-vCPU probe, whose vCPU 1 allocates its timer port after
	 * them */
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", DERIVED), 4);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "source=timer handle is replaced (24 steps) "
					 "(got step 3: evtchn_alloc returned -16"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "one source=timer per vCPU, held on vCPU 0, "
					 "asked from vCPU 1 (10 steps) (got step 2: evtchn_alloc "
					 "returned -16"), 1);
	PVABI_TEST_BOOT(prog, "1.0", "qemu-tcg", 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ""), 4);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", DERIVED), 3);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "one source=timer per vCPU"), 1);
}

/* Another vCPU's call runs vCPU 1's expired timer only onto a bound
 * port: red at exactly the probes that poll vCPU 1's unbound timer port
 * from vCPU 0 while vCPU 1 makes no call, one per <now> mode of
 * set_timer that can fall due (6 at 2.1, 1 at 1.1). The spec's own
 * scenarios see vCPU 1's expiries delivered, or after its own call. */
static void test_pending_on_own_call(void)
{
	const char *prog = "mutants/xvcpu-pending-on-own-call/pvabi";

	PVABI_TEST_RED(prog, "2.1", "qemu-tcg", ": due on vCPU 1 while it makes no call ", 6);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "field pending = 0, want >=1, after polling"), 6);
	PVABI_TEST_RED(prog, "1.1", "qemu-tcg", ": due on vCPU 1 while it makes no call ", 1);
}

static void test_reference_due_on_vcpu1(void)
{
	PVABI_TEST_BOOT("pvabi", "2.1", "qemu-tcg", 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", ": due on vCPU 1 while it makes no call "), 6);
}

static const struct pvabi_test_case cases[] = {
	{ "reference", test_reference },
	{ "reference_due_on_vcpu1", test_reference_due_on_vcpu1 },
	{ "close_own_timer", test_close_own_timer },
	{ "pending_on_own_call", test_pending_on_own_call },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "xvcpu", cases, NULL, NULL },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
