/* Refusals that depend on what a handle is, probed in every state the
 * handle can be in (<refused-kind>, emit/emit_kind_scen.c): evtchn_send
 * refuses a timer or debug port with EPERM, so each fresh image
 * allocates a port of each source, brings it into each state of the
 * port's lifecycle (allocated; bound; bound, freed, allocated again and
 * bound), sends on it and wants EPERM and no interrupt. The reference
 * passes them all; each test-local seed (conformance/tests/kind-seeds,
 * built like the gate's seeds into mutants/NAME/pvabi) fails exactly
 * the probes of the source and states it mishandles, and nothing else:
 * one that sends on a bound debug port as on an ipi port (the answer
 * wrong in two states of one source), one whose refused send on a timer
 * port raises the event first (every answer right, only the interrupt
 * shows it, in every state of that source). */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#include <stdio.h>
#include <string.h>

#define PROBE "scenario evtchn_send: port of source="

/* The probes of this class, by every source the spec's evtchn_source
 * names: other classes' probes of evtchn_send share PROBE (the repeat
 * of a successful send, emit/emit_idem_scen.c, is "...=ipi, repeated
 * exactly: ..."), so the count is of "SOURCE, EPERM: " probes. */
static size_t kind_probes(void)
{
	static const char *const sources[] = { "ipi", "timer", "debug" };
	char text[128];
	size_t i, n = 0;

	for (i = 0; i < sizeof(sources) / sizeof(sources[0]); i++) {
		snprintf(text, sizeof(text), PROBE "%s, EPERM: ", sources[i]);
		n += pvabi_test_lines("ok", text);
	}
	return n;
}

/* Three states of a timer port from 1.0, of a debug port too from 1.1
 * (the debug source does not exist before). */
static void test_reference(void)
{
	PVABI_TEST_BOOT("pvabi", "1.0", "auto", 0);
	CU_ASSERT_EQUAL(kind_probes(), 3);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", PROBE "timer, EPERM: allocated (5 steps)"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", PROBE "timer, EPERM: after evtchn_bind (5 steps)"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", PROBE "timer, EPERM: after evtchn_bind, freed and allocated again (8 steps)"), 1);
	PVABI_TEST_BOOT("pvabi", "2.1", "auto", 0);
	CU_ASSERT_EQUAL(kind_probes(), 6);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", PROBE "debug, EPERM: "), 3);
}

/* A bound debug port sent on as an ipi port: red at the two debug
 * probes whose port is bound when it is sent on, nowhere else; 1.0 has
 * no debug source and stays green. */
static void test_debug_bound(void)
{
	const char *m = "mutants/kind-debug-bound-sends/pvabi";

	PVABI_TEST_RED(m, "1.1", "auto", PROBE "debug, EPERM: after evtchn_bind", 2);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "evtchn_send returned 0, want error -1"), 2);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", PROBE "debug, EPERM: allocated"), 1);
	PVABI_TEST_BOOT(m, "1.0", "auto", 0);
}

/* A refused send on a timer port that raises the event first: every
 * answer is EPERM, and each timer probe sees the interrupt. */
static void test_timer_raises(void)
{
	const char *m = "mutants/kind-timer-refused-raises/pvabi";

	PVABI_TEST_RED(m, "1.0", "auto", PROBE "timer, EPERM: ", 3);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "1 upcalls within 3000000 ns, want exactly 0"), 3);
	PVABI_TEST_BOOT(m, "1.1", "auto", 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ""), 3);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", PROBE "debug, EPERM: "), 3);
}

static const struct pvabi_test_case cases[] = {
	{ "reference", test_reference },
	{ "debug_bound", test_debug_bound },
	{ "timer_raises", test_timer_raises },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "kind", cases, NULL, NULL },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
