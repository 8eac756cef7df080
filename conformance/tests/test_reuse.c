/* An allocation after a reused handle while handles above it are held,
 * in a table that is not full (emit/emit_reuse_scen.c): evtchn_alloc
 * holds a low port and three above it (in 2.1 one with an event pending
 * and two bound, the states the scenarios read back; in 1.0, which has
 * no evtchn_status, one bound, one sent to, one as allocated), frees the
 * low one and allocates one port of each source and then an ipi port;
 * each must differ from every port held. The reference passes every
 * source's scenario; the gate's `alloc-hint-trusted` (the hint taken
 * without looking) and `alloc-bound-looks-free` (the scan passing over
 * unbound ports only) are red at exactly those scenarios and their
 * releases, in a cell whose table is never filled (the 2.1 image's full
 * grant). Four boots. */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#define REUSE "after a freed handle is reused, 3 held above it"

/* One scenario per source alive: ipi, timer, debug in 2.1. The calls
 * are not counted exactly: the clock readings the runtime interleaves
 * are attributed to the class they fall in. */
static void test_reference(void)
{
	PVABI_TEST_BOOT("pvabi", "2.1", "auto", 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "evtchn_alloc: source=ipi " REUSE), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "evtchn_alloc: source=timer " REUSE), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "evtchn_alloc: source=debug " REUSE), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("# calls: reused-handles: ", ""), 1);
}

/* The second allocation is handed the port above the reused one, held:
 * each source's scenario fails its check against that port, and its
 * release finds the port already closed by its other owner. */
static void test_hint_trusted(void)
{
	PVABI_TEST_RED("mutants/alloc-hint-trusted/pvabi", "2.1", "auto", REUSE, 6);
	/* step 14: the second new port against the first held */
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", REUSE " (24 steps) (got step 14: value 0, want >=1)"), 3);
}

/* A bound port looks free to the scan: the second allocation is handed
 * the first bound port above the reused one (the third held in 2.1, the
 * one after the port with an event pending). */
static void test_bound_looks_free(void)
{
	PVABI_TEST_RED("mutants/alloc-bound-looks-free/pvabi", "2.1", "auto", REUSE, 6);
	/* step 15: the second new port against the second held, bound */
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", REUSE " (24 steps) (got step 15: value 0, want >=1)"), 3);
}

/* 1.0 reads no handle back: its held ports are bound and sent to by the
 * lifecycle's ops, and the bound one is handed out again (ipi and timer;
 * debug does not exist). The table fill, of unbound ports, stays green. */
static void test_bound_looks_free_1_0(void)
{
	PVABI_TEST_RED("mutants/alloc-bound-looks-free/pvabi", "1.0", "auto", REUSE, 4);
}

static const struct pvabi_test_case cases[] = {
	{ "reference", test_reference },
	{ "hint_trusted", test_hint_trusted },
	{ "bound_looks_free", test_bound_looks_free },
	{ "bound_looks_free_1_0", test_bound_looks_free_1_0 },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "reuse", cases, NULL, NULL },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
