/* Values against the platform's now (<now>) catch a platform that
 * mishandles a mode against its own clock: the reference platform
 * passes every probe of a fresh image, and the test-local seed
 * (conformance/tests/now-seeds, built like the gate's seeds into
 * mutants/NAME/pvabi), which arms relative timers on a tick wheel and
 * loses the part of the time below the tick, fails the timed probes of
 * the relative modes only,
 * by the moment it is seen, while every answer, edge and scenario of
 * before passes. Run on qemu-tcg: the early side needs a poll and a
 * clock read shorter than the early amount, which an engine whose exits
 * are slow (nested KVM) cannot give. */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#include <stdio.h>
#include <string.h>

#define EXIT_UNAVAILABLE 3

static char out[1 << 17];

/* Runs program (relative to the build) on the conformance image of rev
 * with qemu-tcg; its exit status. */
static int run(const char *program, const char *rev)
{
	char prog[4096], image[4096], rel[64];
	const char *argv[] = { prog, "run", image, "--engine", "qemu-tcg", NULL };

	snprintf(prog, sizeof(prog), "%s", pvabi_test_path(pvabi_test_builddir(), program));
	snprintf(rel, sizeof(rel), "guest/pvp/%s/conformance.elf", rev);
	snprintf(image, sizeof(image), "%s", pvabi_test_path(pvabi_test_builddir(), rel));
	return pvabi_test_run(argv, out, sizeof(out));
}

/* How many TAP lines start with prefix ("not ok") and hold text. */
static size_t lines_with(const char *prefix, const char *text)
{
	const char *p = out, *nl;
	size_t n = 0, pl = strlen(prefix);

	for (; *p; p = nl + 1) {
		char line[1024];
		size_t len;

		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p) - 1;
		len = (size_t)(nl - p) < sizeof(line) - 1 ? (size_t)(nl - p) : sizeof(line) - 1;
		memcpy(line, p, len);
		line[len] = '\0';
		n += !strncmp(line, prefix, pl) && strstr(line, text) != NULL;
		if (!nl[1])
			break;
	}
	return n;
}

static void test_reference(void)
{
	int rc = run("pvabi", "2.1");

	if (rc == EXIT_UNAVAILABLE)
		PVABI_SKIP("qemu-tcg is not available here");
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_EQUAL(lines_with("not ok", ""), 0);
	/* eight modes: three probes each */
	CU_ASSERT_EQUAL(lines_with("ok", "scenario timer_never_fires: now deadline_ns="), 24);
	CU_ASSERT_EQUAL(lines_with("ok", "now deadline_ns=700001 (flags=0x3: relative): seen in its promise"), 1);
	CU_ASSERT_EQUAL(lines_with("ok", "now deadline_ns=now-1 (flags=0x6: absolute): error=ETIME"), 1);
	CU_ASSERT_EQUAL(run("pvabi", "1.1"), 0);
	CU_ASSERT_EQUAL(lines_with("ok", "scenario timer_never_fires: now deadline_ns="), 3);
}

/* The first red line is a relative mode's timed probe, judged by the
 * moment ("want" a range from the deadline), and no absolute probe
 * fails before it. */
static void test_tick_wheel(void)
{
	const char *first;
	int rc = run("mutants/now-relative-tick-wheel/pvabi", "2.1");

	if (rc == EXIT_UNAVAILABLE)
		PVABI_SKIP("qemu-tcg is not available here");
	CU_ASSERT_EQUAL(rc, 1);
	first = strstr(out, "\nnot ok ");
	CU_ASSERT_PTR_NOT_NULL_FATAL(first);
	CU_ASSERT_PTR_NOT_NULL(strstr(first, ": relative): seen in its promise"));
	CU_ASSERT_PTR_NOT_NULL(strstr(first, "want "));
	CU_ASSERT_EQUAL(lines_with("not ok", "set_timer:"), 0);
	CU_ASSERT_EQUAL(lines_with("not ok", "(absolute)"), 0);
	CU_ASSERT_EQUAL(lines_with("not ok", "scenario timer_relative_upcall"), 0);
	CU_ASSERT_EQUAL(run("mutants/now-relative-tick-wheel/pvabi", "1.1"), 0);
}

static const struct pvabi_test_case cases[] = {
	{ "reference", test_reference },
	{ "tick_wheel", test_tick_wheel },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "now", cases, NULL, NULL },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
