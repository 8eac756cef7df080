/* Behaviour a feature changes, judged per grant, through the fresh
 * images: the reference platform passes every request, and a platform
 * whose event channel handlers ask what it offers instead of what it
 * granted (queue-by-offer.sed, built from this directory) fails exactly
 * where the two differ, on the scenario that expects by the grant:
 *
 *   1.1 image, every feature asked        evtchn_fifo does not exist: merged
 *   2.0 image, nothing asked (want-none)  not granted though offered: merged
 *   2.0 image, evtchn_fifo asked          granted: queued, as the reference
 *   2.0 image, platform not offering it   not granted, not offered: merged
 *
 * Each run is one cell as the matrix runs it (pvabi run IMAGE --engine
 * auto, the feature axis's --cmdline and --platform). */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#include <stdio.h>
#include <string.h>

static char out[1 << 17];

static const char *build(const char *rel)
{
	return pvabi_test_path(pvabi_test_builddir(), rel);
}

/* PROGRAM run IMAGE --engine auto [--cmdline C] [--platform P]: its exit
 * (the test skipped where no engine runs images here). */
static int run(const char *program, const char *rev, const char *cl, const char *platform)
{
	char image[64];
	const char *argv[12];
	int n = 0, rc;

	snprintf(image, sizeof(image), "guest/pvp/%s/conformance.elf", rev);
	argv[n++] = build(program), argv[n++] = "run", argv[n++] = build(image);
	argv[n++] = "--engine", argv[n++] = "auto";
	if (cl)
		argv[n++] = "--cmdline", argv[n++] = cl;
	if (platform)
		argv[n++] = "--platform", argv[n++] = platform;
	argv[n] = NULL;
	rc = pvabi_test_run((const char *const *)argv, out, sizeof(out));
	return pvabi_test_skip_unavailable(rc, program, rev, "auto");
}

/* The TAP line of scenario name: "ok" (1), "not ok" (0), absent (-1). */
static int scenario_ok(const char *name)
{
	char key[96];
	const char *p;

	snprintf(key, sizeof(key), " - scenario %s (", name);
	if (!(p = strstr(out, key)))
		return -1;
	while (p > out && p[-1] != '\n')
		p--;
	return strncmp(p, "not ok", 6) != 0;
}

static const struct {
	const char *rev, *cmdline, *platform, *scenario;
	int by_offer_fails;
} cells[] = {
	{ "1.1", NULL, NULL, "evtchn_repeat_merged", 1 },
	{ "1.3", NULL, NULL, "timer_repeat_merged", 1 },
	{ "2.0", "require=0x0 optional=0x0", NULL, "evtchn_repeat_by_grant", 1 },
	{ "2.1", "require=0x1 optional=0x0", NULL, "timer_repeat_by_grant", 1 },
	{ "2.0", "require=0x8 optional=0x0", NULL, "evtchn_repeat_by_grant", 0 },
	{ "2.0", NULL, "current:features=0x15", "evtchn_repeat_by_grant", 0 },
};

static void test_by_offer_caught(void)
{
	size_t i;
	int rc;

	for (i = 0; i < sizeof(cells) / sizeof(cells[0]); i++) {
		const char *what = cells[i].scenario;
		int want = cells[i].by_offer_fails ? 1 : 0;

		/* the reference: green, and the scenario ran and passed */
		rc = run("pvabi", cells[i].rev, cells[i].cmdline, cells[i].platform);
		if (rc != 0 || scenario_ok(what) != 1)
			printf("\n  reference %s %s: exit %d\n%s\n", cells[i].rev,
			       cells[i].cmdline ? cells[i].cmdline : "", rc, out);
		CU_ASSERT_EQUAL(rc, 0);
		CU_ASSERT_EQUAL(scenario_ok(what), 1);
		/* by offer: red on that scenario exactly where grant and offer differ */
		rc = run("mutants/queue-by-offer/pvabi", cells[i].rev, cells[i].cmdline,
			 cells[i].platform);
		if (rc != want || scenario_ok(what) != !want)
			printf("\n  by offer %s %s: exit %d, want %d\n%s\n", cells[i].rev,
			       cells[i].cmdline ? cells[i].cmdline : "", rc, want, out);
		CU_ASSERT_EQUAL(rc, want);
		CU_ASSERT_EQUAL(scenario_ok(what), !want);
		if (want)
			CU_ASSERT_PTR_NOT_NULL(strstr(out, "(evtchn_status) failed: evtchn_status "
						      "returned 0, field pending = "));
	}
}

static const struct pvabi_test_case cases[] = {
	{ "a platform that queues by offer is caught", test_by_offer_caught },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "by_offer", cases, NULL, NULL },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
