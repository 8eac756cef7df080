/* Events that fall due between calls (an <idle> step, and the probes
 * derived per <now> mode of set_timer's deadline) catch a platform that
 * serves a call that changes a timer's source before the expiry that
 * fell due while the guest made no call: the reference platform passes
 * every one, and two test-local seeds (conformance/tests/due-seeds,
 * built like the gate's seeds into mutants/NAME/pvabi) are red at
 * exactly the scenarios whose changing call they serve first: a close
 * of the timer port (the expiry raised after it, on no port: vCPU 0's
 * and vCPU 1's timer), an allocation of the timer port (the expiry
 * that fell due with no port raised on the new one; 1.1+, where
 * evtchn_status shows it). Neither trigger is the gate's holdout (a
 * re-arm). Run on qemu-tcg. */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#include <stdio.h>
#include <string.h>

/* timer_due_before_close_vcpu1's copy with each call on its port made
 * from the other vCPU (emit/emit_xvcpu_scen.c) */
/* the copies of timer_due_before_rearm with one call of each op
 * (emit/emit_tick_scen.c, test-tick) are named after it */
#define TICK_COPY "its upcall with no other call or ring"
/* and its copy armed on every vCPU at once (emit/emit_many_scen.c,
 * test-many) */
#define MANY_COPY "due at once, then one "
#define XVCPU_COPY "scenario each call on a handle from the other vCPU: timer_due_before_close_vcpu1 ("

static void test_reference(void)
{
	PVABI_TEST_BOOT("pvabi", "2.1", "qemu-tcg", 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "scenario timer_due_") -
				pvabi_test_lines("ok", TICK_COPY) - pvabi_test_lines("ok", MANY_COPY),
			6);
	/* re-arm and cancel in each of the six modes that can fall due
	 * (the two absolute modes with future refuse a past value) */
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", ": due between calls "), 12);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "), then cancelled: seen"), 6);
	PVABI_TEST_BOOT("pvabi", "1.0", "qemu-tcg", 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "scenario timer_due_") -
				pvabi_test_lines("ok", TICK_COPY) - pvabi_test_lines("ok", MANY_COPY),
			5);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", ": due between calls "), 0);
}

static void test_close_first(void)
{
	const char *prog = "mutants/due-close-first/pvabi";

	PVABI_TEST_BOOT(prog, "2.1", "qemu-tcg", 1);
	/* vCPU 1's variant is red unless the platform's own timer fired the
	 * deadline during vCPU 1's idle, before the close came (seen once in
	 * a clean-clone CI's clang pass): a platform may, so that scenario
	 * is wanted red or green, and nothing else red. */
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "scenario timer_due_before_close "), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ""),
			1 + pvabi_test_lines("not ok", "scenario timer_due_before_close_vcpu1 ") +
				pvabi_test_lines("not ok", XVCPU_COPY));
	/* its copy that closes the port from vCPU 0 is vCPU 1's timer too */
	CU_ASSERT(pvabi_test_lines("not ok", XVCPU_COPY) <= 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "timed out: 0 of 1 upcalls"),
			pvabi_test_lines("not ok", ""));
	PVABI_TEST_BOOT(prog, "1.0", "qemu-tcg", 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ""), 2 + pvabi_test_lines("not ok", XVCPU_COPY));
	CU_ASSERT(pvabi_test_lines("not ok", XVCPU_COPY) <= 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "scenario timer_due_before_close"), 2);
}

static void test_alloc_first(void)
{
	const char *prog = "mutants/due-alloc-first/pvabi";

	PVABI_TEST_RED(prog, "2.1", "qemu-tcg", "scenario timer_due_without_port ", 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "field pending = 1, want 0"), 1);
	/* 1.0 has no evtchn_status to see it */
	PVABI_TEST_BOOT(prog, "1.0", "qemu-tcg", 0);
}

static const struct pvabi_test_case cases[] = {
	{ "reference", test_reference },
	{ "close_first", test_close_first },
	{ "alloc_first", test_alloc_first },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "due", cases, NULL, NULL },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
