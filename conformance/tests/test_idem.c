/* A call that succeeded, repeated exactly, judged by the spec's answer
 * for the state it left (emit/emit_idem_scen.c): each fresh image
 * repeats every op on a port (evtchn_bind, evtchn_send, evtchn_close)
 * for every source the op takes, and wants what the spec's scenarios
 * answer on a port after that op's success (EALREADY, 0, ENOENT). The
 * reference passes them all; the gate's `bind-same-idempotent` (an
 * exact retry of a bind answers 0) is red at exactly the bind probes,
 * and `bind-timer-repoint` (a bound timer port bound again to its vCPU
 * answers 0) at exactly the timer port's. */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#define PROBE ", repeated exactly: "
#define BIND "scenario evtchn_bind: port of source="

/* 1.0: bind of ipi and timer ports, send of an ipi port; no evtchn_close
 * repeat (the spec's only one is in a 1.1 scenario) and no state read
 * back (evtchn_status is 1.1). 2.1: the debug source too, and the close
 * repeats. */
static void test_reference(void)
{
	PVABI_TEST_BOOT("pvabi", "1.0", "auto", 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", PROBE), 3);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", BIND "timer" PROBE "error=EALREADY (4 steps)"), 1);
	PVABI_TEST_BOOT("pvabi", "2.1", "auto", 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", PROBE), 7);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", PROBE "error=EALREADY"), 3);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", PROBE "error=ENOENT"), 3);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", PROBE "ret=0"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("# calls: repeat-scenarios: ", ""), 1);
}

static void test_bind_same_idempotent(void)
{
	const char *m = "mutants/bind-same-idempotent/pvabi";

	PVABI_TEST_RED(m, "2.1", "auto", BIND, 3);
	PVABI_TEST_RED(m, "1.0", "auto", BIND, 2);
}

static void test_bind_timer_repoint(void)
{
	const char *m = "mutants/bind-timer-repoint/pvabi";

	PVABI_TEST_RED(m, "2.1", "auto", BIND "timer", 1);
	PVABI_TEST_RED(m, "1.0", "auto", BIND "timer", 1);
}

static const struct pvabi_test_case cases[] = {
	{ "reference", test_reference },
	{ "bind_same_idempotent", test_bind_same_idempotent },
	{ "bind_timer_repoint", test_bind_timer_repoint },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "idem", cases, NULL, NULL },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
