/* Release after a failed scenario: a scenario that fails half-way puts
 * back what it holds (guest/rt/suite_release.c), so one break turns one
 * scenario red, not every later one that needs the same resource. Two
 * test-local seeds (conformance/tests/release-seeds, built like the
 * gate's seeds into mutants/NAME/pvabi), each failing one scenario in
 * the middle: a timer deadline compared as signed (timer_never_fires
 * fails holding its timer port and an armed timer) and KERNEL_GS_BASE
 * checked as a user pointer (msr_write_read_back fails after changing
 * TSC_AUX). Each runs the 2.1 image with release (the default) and with
 * release=off, on qemu-tcg. A third seed refuses the release itself (a
 * cancel in relative mode), which must be a red line of its own after
 * the scenario's. */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#include <stdio.h>
#include <string.h>

static int run(const char *program, const char *cmdline)
{
	char prog[4096], image[4096];
	const char *argv[] = { prog, "run", image, "--engine", "qemu-tcg", "--cmdline", cmdline,
			       NULL };
	int rc;

	snprintf(prog, sizeof(prog), "%s", pvabi_test_path(pvabi_test_builddir(), program));
	snprintf(image, sizeof(image), "%s",
		 pvabi_test_path(pvabi_test_builddir(), "guest/pvp/2.1/conformance.elf"));
	rc = pvabi_test_run(argv, pvabi_test_out, sizeof(pvabi_test_out));
	return pvabi_test_skip_unavailable(rc, program, "2.1", "qemu-tcg");
}

/* The first "not ok" line holds text. */
static int first_red(const char *text)
{
	char line[1024];

	return pvabi_test_first_line("not ok ", line, sizeof(line)) && strstr(line, text);
}

/* The reference platform: nothing to release, no release line. */
static void test_reference(void)
{
	int rc = run("pvabi", "release=on");
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ""), 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("#", "failed holding state"), 0);
	CU_ASSERT(pvabi_test_lines("ok", "scenario timer_never_fires") > 0);
}

/* The timer seed: with release, every red line is timer_never_fires or
 * one of its range-edge runs (the seed breaks those too), each followed
 * by what was released (the timer cancelled in the call's mode, then
 * the port closed: reverse order of acquisition), and the timer
 * scenarios after it pass; without, they fail allocating the port. */
static void test_timer_port(void)
{
	const char *seed = "mutants/release-deadline-signed/pvabi";
	size_t red;
	int rc = run(seed, "release=on");
	CU_ASSERT_EQUAL(rc, 1);
	red = pvabi_test_lines("not ok", "");
	CU_ASSERT(red >= 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "scenario timer_never_fires"), red);
	CU_ASSERT(first_red("scenario timer_never_fires (11 steps) (got step 6: evtchn_status"));
	CU_ASSERT_EQUAL(pvabi_test_lines("# scenario timer_never_fires failed holding state",
				   "released set_timer(0, 0) -> 0; evtchn_close("), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "release after"), 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "scenario timer_relative_upcall"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "scenario vcpu1_timer_port"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "evtchn_alloc returned -16"), 0);

	CU_ASSERT_EQUAL(run(seed, "release=off"), 1);
	CU_ASSERT(first_red("scenario timer_never_fires (11 steps)"));
	CU_ASSERT_EQUAL(pvabi_test_lines("#", "failed holding state"), 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "scenario timer_relative_upcall (18 steps) (got step 1: "
					     "evtchn_alloc returned -16"), 1);
	CU_ASSERT(pvabi_test_lines("not ok", "evtchn_alloc returned -16") >= 5);
}

/* The MSR seed: with release, TSC_AUX is written back to the value read
 * before the scenario wrote it, and the scenario that compares vCPU 1's
 * MSR file with vCPU 0's passes; without, it sees the leftover. */
static void test_msr_restored(void)
{
	const char *seed = "mutants/release-kgs-user-only/pvabi";
	int rc = run(seed, "release=on");
	CU_ASSERT_EQUAL(rc, 1);
	/* and the width probe of KERNEL_GS_BASE's upper half, the half the
	 * seed refuses */
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ""), 2);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "index=0xc0000102 value=2^64 - 2^(w-1), the bottom "), 1);
	CU_ASSERT(first_red("scenario msr_write_read_back"));
	CU_ASSERT_EQUAL(pvabi_test_lines("# scenario msr_write_read_back failed holding state",
				   "released write_msr(0xc0000103, 0) -> 0"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "scenario vcpu1_msr_reset"), 1);

	CU_ASSERT_EQUAL(run(seed, "release=off"), 1);
	CU_ASSERT(first_red("scenario msr_write_read_back"));
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "scenario vcpu1_msr_reset"), 1);
}

/* The name a line gives its scenario: a red line's ("not ok N - scenario
 * X ..."), or a try's run again at once ("# scenario X: try ...; run
 * again", a run judged on its best try, released between tries); NULL
 * for any other line (a release's red line is read by the caller). */
static const char *scenario_of(const char *p, const char *nl)
{
	const char *s = strstr(p, " - scenario ");

	if (!strncmp(p, "not ok ", 7) && s && s < nl)
		return s + 12;
	if (!strncmp(p, "# scenario ", 11) && nl - p > 11 && !strncmp(nl - 11, "; run again", 11))
		return p + 11;
	return NULL;
}

/* Each "release after scenario X" line follows X's own red line, or the
 * line of X's try that was run again, with only diagnostics between
 * them. */
static size_t releases_after_their_scenario(void)
{
	const char *p = pvabi_test_out, *prev = NULL, *nl, *at;
	size_t n = 0;

	for (; (nl = strchr(p, '\n')); p = nl + 1) {
		const char *rel = strstr(p, " - release after scenario ");

		if (!strncmp(p, "not ok ", 7) && rel && rel < nl) {
			const char *name = rel + strlen(" - release after scenario ");
			const char *colon = strstr(name, ": set_timer(");

			if (!colon || !prev || strncmp(prev, name, (size_t)(colon - name)))
				return 0;
			n++;
			continue;
		}
		at = scenario_of(p, nl);
		if (at)
			prev = at;
	}
	return n;
}

/* A release the platform refuses: the seed refuses a cancel in relative
 * mode, so a <now> probe that fails at its relative cancel holds the
 * armed timer, and its release (the same cancel) is refused: a red line
 * of its own, after the scenario's, naming the call and its answer;
 * the port is still closed. */
static void test_release_refused(void)
{
	const char *seed = "mutants/release-cancel-relative-refused/pvabi";
	int rc = run(seed, "release=on");
	CU_ASSERT_EQUAL(rc, 1);
	CU_ASSERT(pvabi_test_lines("not ok", "release after scenario timer_never_fires: now ") >= 1);
	CU_ASSERT_EQUAL(releases_after_their_scenario(),
			pvabi_test_lines("not ok", "release after scenario"));
	CU_ASSERT(pvabi_test_lines("not ok", ": set_timer(0, 1) (got -22)") >= 1);
	CU_ASSERT(pvabi_test_lines("#", "released set_timer(0, 1) -> -22; evtchn_close(") >= 1);
	CU_ASSERT_FALSE(first_red("release after"));
}

static const struct pvabi_test_case cases[] = {
	{ "reference", test_reference },
	{ "timer_port", test_timer_port },
	{ "msr_restored", test_msr_restored },
	{ "release_refused", test_release_refused },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "scen_release", cases, NULL, NULL },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
