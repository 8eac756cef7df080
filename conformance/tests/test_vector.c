/* What an interrupt carries (guest/rt/upcall.c, guest/rt/scen_steps.c):
 * each upcall's vector (the UART byte on the QEMU engines, the IDT
 * vector where the engine injects) is judged by the wait that counts it
 * against the vector the scenario bound its port to (vector=, default
 * 0x40). The reference platform passes every scenario, the two-vector
 * ones included; the test-local seeds (conformance/tests/vector-seeds,
 * built like the gate's seeds into mutants/NAME/pvabi), which inject an
 * event with another vector than its port's binding, fail exactly the
 * scenarios where that vector differs, with the vector in the line.
 * Upcalls taken between scenarios are judged too, against the vectors
 * bound since the last drain: a stray one fails the run's one line on
 * them, naming its vector. */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#include <stdio.h>
#include <string.h>

#define BETWEEN "upcalls between scenarios, each on a vector a port was bound to"

static void test_reference(void)
{
	PVABI_TEST_BOOT("pvabi", "1.0", "qemu-tcg", 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "scenario evtchn_vector_per_port ("), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", BETWEEN), 1);
	PVABI_TEST_BOOT("pvabi", "2.1", "qemu-tcg", 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", BETWEEN), 1);
}

/* The first bound port's vector for every port of the vCPU: the second
 * port of evtchn_vector_per_port, and nowhere else (every other
 * scenario binds its ports of a vCPU to one vector). */
static void test_first_bound_port(void)
{
	PVABI_TEST_RED("mutants/vector-of-first-bound-port/pvabi", "1.0", "qemu-tcg",
		       "scenario evtchn_vector_per_port (31 steps) (got step 16: upcall vector 0x40, want 0x41 (upcall 1))", 1);
}

/* The previous binding's vector kept by a port number allocated again:
 * evtchn_vector_per_port's third binding (the number its 0x41 port had),
 * and the later scenarios that bind that number and wait: one, its copy
 * from the other vCPU, and the probe of work due on every vCPU at once
 * (emit/emit_many_scen.c), whose second port is that number. */
static void test_kept_across_rebind(void)
{
	PVABI_TEST_BOOT("mutants/vector-kept-across-rebind/pvabi", "1.0", "qemu-tcg", 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ""), 4);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "due at once, then one get_time call from vCPU 1: all 2 upcalls with no other call or ring, none twice (19 steps) (got step 12: upcall vector 0x41, want 0x40 (upcall 2))"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "scenario evtchn_vector_per_port (31 steps) (got step 28: upcall vector 0x41, want 0x40 (upcall 3))"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "scenario timer_event_to_bound_vcpu (25 steps) (got step 18: upcall vector 0x41, want 0x40 (upcall 1))"), 1);
	/* its copy that makes each call on a port from the other vCPU */
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "scenario each call on a handle from the other vCPU: timer_event_to_bound_vcpu (19 steps) (got step 11: upcall vector 0x41, want 0x40 (upcall 1))"), 1);
}

/* A stray interrupt on vector 0x2f when the last bound ipi port closes,
 * after each such scenario's last wait: the line on the upcalls between
 * scenarios, naming the vector and the scenario it followed; in 1.0 no
 * scenario (their waits take nothing of it). */
static void test_stray_after_close(void)
{
	PVABI_TEST_RED("mutants/vector-stray-after-close/pvabi", "1.0", "qemu-tcg",
		       BETWEEN " (got upcall vector 0x2f after scenario evtchn_ipi_upcall, bound to no port; bound: 0x40)", 1);
	/* In 2.1 scenarios whose waits count upcalls exactly follow an ipi
	 * port's close: a stray the UART passes on late may land in such a
	 * window, or be taken by a wait that judges its vector, so those
	 * scenarios may be red too, at that wait and nowhere else. */
	PVABI_TEST_BOOT("mutants/vector-stray-after-close/pvabi", "2.1", "qemu-tcg", 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", BETWEEN " (got upcall vector 0x2f after "), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ""),
			1 + pvabi_test_lines("not ok", " ns, want exactly ") +
				pvabi_test_lines("not ok", "upcall vector 0x2f, want "));
}

static const struct pvabi_test_case cases[] = {
	{ "reference", test_reference },
	{ "first_bound_port", test_first_bound_port },
	{ "kept_across_rebind", test_kept_across_rebind },
	{ "stray_after_close", test_stray_after_close },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "vector", cases, NULL, NULL },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
