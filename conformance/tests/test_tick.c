/* What falls due is delivered by whatever the guest calls next
 * (emit/emit_tick_scen.c): after a deadline passed while the guest made
 * no call, one call of each op the revision has, then a wait that makes
 * no call and rings nothing, must see the expiry's upcall. The
 * reference platform passes every one; a test-local seed
 * (conformance/tests/tick-seeds, built like the gate's seeds into
 * mutants/NAME/pvabi) that runs its due work only on a ring without a
 * call and on the timer and event ops (set_timer, get_time, evtchn_*)
 * is red at those scenarios only, and only for the other ops. Run on
 * qemu-tcg. */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#include <stdio.h>
#include <string.h>

#define TICK "its upcall with no other call or ring"
#define SEED "mutants/tick-event-ops-only/pvabi"

/* The ops the seed still runs due work on: their scenarios stay green. */
static const char *const ticking[] = { "set_timer", "get_time", "evtchn_alloc", "evtchn_bind",
				       "evtchn_send", "evtchn_close", "evtchn_status", NULL };

static void test_reference(void)
{
	PVABI_TEST_BOOT("pvabi", "2.1", "qemu-tcg", 0);
	/* every op of 2.1 but negotiate (frozen), console_write removed */
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", TICK), 19);
	PVABI_TEST_BOOT("pvabi", "1.0", "qemu-tcg", 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", TICK), 15);
}

/* Red only at the new scenarios, never for an op the seed runs due
 * work on, and at the first op it does not (shutdown, in spec order).
 * A scenario right after a red one can take that one's late upcall
 * (the emulator delivers interrupts through a UART, after the drain
 * between scenarios ended), so the others are counted from below. */
static void seed_red(size_t others)
{
	char what[96];
	int i;

	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ""), pvabi_test_lines("not ok", TICK));
	for (i = 0; ticking[i]; i++) {
		snprintf(what, sizeof(what), "one %s call", ticking[i]);
		CU_ASSERT_EQUAL(pvabi_test_lines("not ok", what), 0);
	}
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "one shutdown call (reason=7)"), 1);
	CU_ASSERT(pvabi_test_lines("not ok", TICK) * 2 >= others);
	CU_ASSERT(pvabi_test_lines("not ok", TICK) <= others);
}

static void test_event_ops_only(void)
{
	PVABI_TEST_BOOT(SEED, "2.1", "qemu-tcg", 1);
	seed_red(12);
	PVABI_TEST_BOOT(SEED, "1.0", "qemu-tcg", 1);
	seed_red(9);
}

static const struct pvabi_test_case cases[] = {
	{ "reference", test_reference },
	{ "event_ops_only", test_event_ops_only },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "tick", cases, NULL, NULL },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
