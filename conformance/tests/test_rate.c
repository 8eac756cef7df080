/* Clocks judged against each other (<monotonic runs-with= bounded-by=>,
 * guest/rt/suite_mono.c): a clock that keeps the rate of get_time is
 * judged by nested intervals over a burst of its readings and over the
 * whole run; an accumulated duration (steal time) rises no faster than
 * get_time and never exceeds it. The reference platform passes every
 * bound; the test-local seeds (conformance/tests/rate-seeds, built like
 * the gate's seeds into mutants/NAME/pvabi) are red at the bounds of
 * the clock they break, and nowhere else. None is the gate's holdout:
 * they break time_info's clock (a remainder lost per snapshot, a wrong
 * rate) and steal time's unit, not the TSC or a summed total. Run on
 * qemu-tcg. */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#include <stdio.h>
#include <string.h>

#define INFO "rate get_time_info info.system_time_ns (clock time_info) against platform"
#define STEAL "get_steal_time ret vcpu=0 (clock steal)"

/* Each clock judged: the TSC and time_info's own time from both sides
 * over a burst (one per clock, the TSC read through the MSR and through
 * time_info in turn) and over the run (per reading), and at 2.1 steal
 * time from above and against get_time. */
static void test_reference(void)
{
	PVABI_TEST_BOOT("pvabi", "2.1", "qemu-tcg", 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "rate "), 10);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "(clock tsc) against platform, a burst of reads: "), 2);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "(clock tsc) against platform, the whole run: "), 4);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "bounded " STEAL), 4);
	/* steal time across a halt against a span as long running
	 * (<monotonic excludes="halted">, guest/rt/suite_excl.c) */
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "excluded " STEAL " against platform, halted, the least of "), 1);
	/* the TSC's rate the waits are bounded in, measured against get_time
	 * over the run: this host's TSC is between 100 MHz and 10 GHz */
	CU_ASSERT_EQUAL(pvabi_test_lines("# waited: ", " ns declared, "), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("# waited: ", ", TSC 0 kHz"), 0);
	PVABI_TEST_BOOT("pvabi", "1.0", "qemu-tcg", 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "rate "), 10);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "bounded "), 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "excluded "), 0);
}

/* A snapshot that keeps the wrong time is also what the conversion of a
 * TSC reading with it judges (guest/rt/suite_conv.c, test-tscconv): its
 * lines are red too, and counted apart. */
#define CONV "convert get_time_info info.system_time_ns (clock time_info) from clock tsc"

/* The image's red lines all within the text given, at least one of
 * them, but for the snapshot's conversions. */
static void red_only_at(const char *text)
{
	size_t red = pvabi_test_lines("not ok", "") - pvabi_test_lines("not ok", CONV);

	CU_ASSERT(red >= 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", text), red);
}

/* A loss at each snapshot adds up: time_info's time falls behind, seen
 * from below (around its readings), never from above. Over the burst,
 * the whole run, or both: the loss is about 0.5 us a snapshot, and the
 * slack of a bound from below is the two calls between the outer and
 * the inner readings, which a loaded host can stretch past what a
 * few hundred snapshots lose. */
static void test_info_drops_remainder(void)
{
	PVABI_TEST_BOOT("mutants/rate-info-drops-remainder/pvabi", "1.0", "qemu-tcg", 1);
	red_only_at(INFO);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", " in at least "),
			pvabi_test_lines("not ok", "") - pvabi_test_lines("not ok", CONV));
	PVABI_TEST_BOOT("mutants/rate-info-drops-remainder/pvabi", "2.1", "qemu-tcg", 1);
	red_only_at(INFO);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", " in at least "),
			pvabi_test_lines("not ok", "") - pvabi_test_lines("not ok", CONV));
}

/* 2.4% fast: seen from above, over a burst and over the run. A burst
 * whose calls around it the host held up is run again by the image (a
 * "#" line says so): its slack could hide the error. One held up at
 * every try is a skip there, a "could not tell", and so a skip here:
 * the seed was neither caught nor missed. */
static void test_info_us_shifted(void)
{
	PVABI_TEST_BOOT("mutants/rate-info-us-shifted/pvabi", "2.1", "qemu-tcg", 1);
	red_only_at(INFO);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", " in at least "), 0);
	if (pvabi_test_lines("ok", INFO ", a burst of reads: at most # SKIP could not tell") ||
	    pvabi_test_lines("ok", INFO ", the whole run: at most # SKIP could not tell"))
		PVABI_SKIP("the host held up the calls around every try of a span: could not tell");
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", INFO ", the whole run: "), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", INFO ", a burst of reads: "), 1);
}

/* Steal time in the wrong unit: above get_time, rising faster; and,
 * where the host stole anything while the vCPU waited on a halt, a
 * thousand times that across the halt (the class of the excluded
 * states may be red too, never another). */
static void test_steal_us_as_ns(void)
{
	PVABI_TEST_BOOT("mutants/bound-steal-us-as-ns/pvabi", "2.1", "qemu-tcg", 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "bounded " STEAL) +
			pvabi_test_lines("not ok", "excluded " STEAL),
			pvabi_test_lines("not ok", ""));
	CU_ASSERT(pvabi_test_lines("not ok", "") >= 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "bounded " STEAL " never above platform, at the end of the run: "), 1);
	PVABI_TEST_BOOT("mutants/bound-steal-us-as-ns/pvabi", "2.0", "qemu-tcg", 0);
}

static const struct pvabi_test_case cases[] = {
	{ "reference", test_reference },
	{ "info_drops_remainder", test_info_drops_remainder },
	{ "info_us_shifted", test_info_us_shifted },
	{ "steal_us_as_ns", test_steal_us_as_ns },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "rate", cases, NULL, NULL },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
