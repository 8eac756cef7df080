/* Every output judged right after a call that left another value in it
 * (abi/stale.c, emit/emit_stale_scen.c): each fresh image runs pairs of
 * calls of one op whose expectations tell an output apart back to back,
 * as A, B, A; an op that reports on a handle gets each state a scenario
 * brings a handle into (allocated; sent on; sent on and freed; bound),
 * replayed on new handles. The reference passes them all. The test-local seed
 * (conformance/tests/stale-seeds, built like the gate's seeds into
 * mutants/NAME/pvabi) answers evtchn_status from a buffer kept between
 * calls and leaves `vcpu` as it is for an unbound port: at 1.1 the spec's
 * own calls never read an unbound port's vcpu after a bound one's, so
 * exactly the pairs of an unbound and a bound port are red, each naming
 * the field; from 1.2 a timer scenario reads one by accident too. */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#include <stdio.h>
#include <string.h>

#define PAIR "scenario evtchn_status after another value: "
#define BOUND "/ [evtchn_alloc evtchn_bind] ("

/* Every pair passes; the handle's four states each appear in a pair. */
static void test_reference(void)
{
	static const char *const states[] = {
		"[evtchn_alloc]", "[evtchn_alloc evtchn_send]", "[evtchn_alloc evtchn_send evtchn_close]",
		"[evtchn_alloc evtchn_bind]",
	};
	size_t i;

	PVABI_TEST_BOOT("pvabi", "1.0", "auto", 0);
	CU_ASSERT(pvabi_test_lines("ok", "after another value: ") >= 10);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", PAIR), 0); /* no evtchn_status before 1.1 */
	PVABI_TEST_BOOT("pvabi", "2.1", "auto", 0);
	CU_ASSERT(pvabi_test_lines("ok", PAIR) >= 4);
	for (i = 0; i < sizeof(states) / sizeof(states[0]); i++)
		CU_ASSERT(pvabi_test_lines("ok", states[i]) >= 1);
	CU_ASSERT(pvabi_test_lines("ok", "cpuid after another value: ") >= 2);
	CU_ASSERT(pvabi_test_lines("ok", "get_steal_time after another value: ") >= 1);
}

/* vcpu left as the last bound port's for an unbound port: at 1.1 red at
 * exactly the two pairs of an unbound and a bound port, naming vcpu and
 * the bound port's vCPU (or one an earlier scenario bound), and at the
 * reused-handle scenarios whose held unbound port is read after a bound
 * one (step 18: timer and debug, after the ipi scenario read its bound
 * ports; the ipi one follows no bound read); 1.0 has no evtchn_status;
 * at 2.1 the timer scenario that reads an unbound port after a bound one
 * is red beside them, the ipi reused-handle scenario too, and nothing
 * else. */
#define REUSED "after a freed handle is reused, 3 held above it (24 steps) (got step 18: "
static void test_unbound_vcpu(void)
{
	const char *m = "mutants/stale-unbound-vcpu/pvabi";

	PVABI_TEST_RED(m, "1.1", "auto", "want 4294967295)", 4);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", PAIR "[evtchn_alloc] " BOUND), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", PAIR "[evtchn_alloc evtchn_send] " BOUND), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", REUSED), 2);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ", field vcpu = "), 4);
	PVABI_TEST_BOOT(m, "1.0", "auto", 0);
	PVABI_TEST_BOOT(m, "2.1", "auto", 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ""), 6);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", PAIR "[evtchn_alloc] " BOUND), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", PAIR "[evtchn_alloc evtchn_send] " BOUND), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "scenario timer_fires_on_port "), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", REUSED), 3);
}

static const struct pvabi_test_case cases[] = {
	{ "reference", test_reference },
	{ "unbound_vcpu", test_unbound_vcpu },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "stale", cases, NULL, NULL },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
