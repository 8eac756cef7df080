/* What a feature changes, counted exactly per grant: the upcalls after a
 * call of an op a feature's <changes> names are waited for by a count
 * that may name the grant (count="1+2*granted.evtchn_fifo"), then an
 * exact window in which no more may arrive (FEATURE_UPCALLS_UNCOUNTED
 * asks for it). The reference platform passes in both grant states;
 * the test-local seed (conformance/tests/exact-seeds, built like the
 * gate's seeds into mutants/NAME/pvabi) counts events on a pending port
 * without the grant and reports them merged, so its bind delivers one
 * interrupt per event: red exactly where evtchn_fifo was not granted
 * (a 2.1 guest offered everything but it, every 1.x guest), green where
 * it was. The gate's holdout is the other grant state (a bind that
 * merges queued events). Run on qemu-tcg. */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#include <stdio.h>
#include <string.h>

#define SEED "mutants/exact-merged-replayed/pvabi"

/* The image of rev on program's platform offering the features of the
 * mask features, a feature sub-cell's (PVABI_TEST_BOOT offers all). */
static int run(const char *program, const char *rev, const char *features)
{
	char prog[4096], image[4096], rel[64], plat[64];
	const char *argv[] = { prog, "run", image, "--engine", "qemu-tcg", "--platform", plat, NULL };
	int rc;

	snprintf(prog, sizeof(prog), "%s", pvabi_test_path(pvabi_test_builddir(), program));
	snprintf(rel, sizeof(rel), "guest/pvp/%s/conformance.elf", rev);
	snprintf(image, sizeof(image), "%s", pvabi_test_path(pvabi_test_builddir(), rel));
	snprintf(plat, sizeof(plat), "current:features=%s", features);
	rc = pvabi_test_run(argv, pvabi_test_out, sizeof(pvabi_test_out));
	return pvabi_test_skip_unavailable(rc, program, rev, "qemu-tcg");
}

static void test_reference(void)
{
	PVABI_TEST_BOOT("pvabi", "2.1", "qemu-tcg", 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "scenario evtchn_repeat_by_grant "), 1);
	CU_ASSERT_EQUAL(run("pvabi", "2.1", "0x7"), 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ""), 0);
	PVABI_TEST_BOOT("pvabi", "1.3", "qemu-tcg", 0);
}

static void test_not_granted(void)
{
	int rc = run(SEED, "2.1", "0x7");

	/* red only where a bind replays what it should have merged, and in
	 * both scenarios and both cap probes (whose cap without the grant
	 * is 1, each raise past it merged): a replayed interrupt the engine passes on after
	 * the window (1 ms: the spec's largest late=) is still counted, as the image takes every one
	 * sent by the window's end before it judges (docs/engines.md,
	 * Interrupts); before it did, a loaded host let one of the two pass */
	CU_ASSERT_EQUAL(rc, 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "- scenario evtchn_repeat_by_grant ("), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "- scenario timer_repeat_by_grant ("), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "- scenario evtchn_repeat_by_grant: pending raised "), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "- scenario timer_repeat_by_grant: pending raised "), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", " - scenario "), 4);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "upcalls within 1000000 ns, want exactly 1"), 4);
	PVABI_TEST_BOOT(SEED, "1.3", "qemu-tcg", 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "- scenario evtchn_repeat_merged ("), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "- scenario timer_repeat_merged ("), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", " - scenario "), 2);
}

static void test_granted(void)
{
	PVABI_TEST_BOOT(SEED, "2.1", "qemu-tcg", 0);
}

static const struct pvabi_test_case cases[] = {
	{ "reference", test_reference },
	{ "not_granted", test_not_granted },
	{ "granted", test_granted },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "exact", cases, NULL, NULL },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
