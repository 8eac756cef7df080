/* Work due on every vCPU at once, all of it delivered by one call
 * (emit/emit_many_scen.c): each vCPU arms its timer at the same moment,
 * its port bound to vCPU 0; after an idle, one get_time from vCPU 1 and
 * a wait that neither calls nor rings must see every upcall, and a guard
 * no more. The reference passes it; the gate's `tick-first-due-only`
 * (the tick raises one expiry per pass) and `tick-vector-merged` (one
 * interrupt per vCPU and vector per pass) are red there and nowhere
 * else in the image. */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#define PROBE "due at once, then one get_time call from vCPU 1"

/* one scenario alive from 1.0 (its template, timer_due_before_rearm,
 * is), so one probe in every image */
static void test_reference(void)
{
	PVABI_TEST_BOOT("pvabi", "2.1", "auto", 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", PROBE), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("# calls: due-at-once: ", ""), 1);
	PVABI_TEST_BOOT("pvabi", "1.0", "auto", 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", PROBE), 1);
}

/* prog at rev is red at the probe, short of one upcall, and nowhere
 * else */
static void red_at(const char *prog, const char *rev)
{
	PVABI_TEST_RED(prog, rev, "auto", PROBE, 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "1 of 2 upcalls within"), 1);
}

static void test_first_due_only(void)
{
	red_at("mutants/tick-first-due-only/pvabi", "2.1");
	red_at("mutants/tick-first-due-only/pvabi", "1.0");
}

static void test_vector_merged(void)
{
	red_at("mutants/tick-vector-merged/pvabi", "2.1");
	red_at("mutants/tick-vector-merged/pvabi", "1.0");
}

static const struct pvabi_test_case cases[] = {
	{ "reference", test_reference },
	{ "first_due_only", test_first_due_only },
	{ "vector_merged", test_vector_merged },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "many", cases, NULL, NULL },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
