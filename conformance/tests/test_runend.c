/* How a run ends: the fresh image asks the spec's shutdown op for the
 * reason its command line names (end=N) as its last act, and the judge
 * compares it with what the platform recorded. The reference records
 * every reason the image's revision accepts as asked; the test-local
 * seed (conformance/tests/runend-seeds) records a reboot as a power-off
 * and is red at exactly the run-end check, in exactly the cells the plan
 * gave a reboot. An external platform reports its end with the same
 * line, and one that reports none is not judged. A platform that stops
 * the guest at its shutdown (--stop-at-shutdown) ends the run with the
 * status the guest announced when it recorded the reason asked; the same
 * seed then leaves a crash whose first red line is the run end, and a
 * stop the guest did not announce (a seed that stops it mid-suite, a
 * triple fault) stays a crash. Asked from vCPU 1 (endvcpu=1, in the
 * cells the plan's rotation gives it), the reference ends the run alike,
 * and the gate's two seeds of that class are red at exactly those cells
 * (of a crash or watchdog for the second). Where no engine runs images
 * each case that boots one skips, once, saying why; the external
 * platform's and the plan's cases need none and run everywhere. */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SEED "mutants/runend-reboot-as-poweroff/pvabi"
#define UNASKED "mutants/runend-stop-unasked/pvabi"
/* the gate's seeds of the end asked from vCPU 1 */
#define AP_OFFLINE "mutants/shutdown-ap-offline/pvabi"
#define AP_OLDEST "mutants/shutdown-ap-oldest-reasons/pvabi"
#define RED "run end: the guest asked shutdown reason 1, the platform recorded shutdown reason 0"
#define STOPPED "the platform stopped the guest at its shutdown call"
#define EXIT_CRASH 7 /* docs/exit-codes.md */

static char tmp[256];
static char out[1 << 17];

static int setup(void)
{
	snprintf(tmp, sizeof(tmp), "/tmp/pvabi-runend-XXXXXX");
	return mkdtemp(tmp) ? 0 : -1;
}

static int teardown(void)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	return system(cmd);
}

/* `run` of img (under the build directory) with cmdline (NULL: none),
 * on a platform that stops the guest at its shutdown when stop is set.
 * Where the engine runs no images here (the reference cannot boot 2.1
 * either) the case skips there and nothing after the call runs
 * (pvabi_test_skip_unavailable); a run that started never skips. */
static int run_image(const char *program, const char *img, const char *cmdline, int stop)
{
	char prog[4096], image[4096];
	const char *argv[] = { prog, "run", image, "--engine", "auto", "--stop-at-shutdown",
			       "--cmdline", cmdline, NULL };

	if (!stop)
		argv[5] = argv[6], argv[6] = argv[7], argv[7] = NULL;
	if (!cmdline)
		argv[stop ? 6 : 5] = NULL;
	snprintf(prog, sizeof(prog), "%s", pvabi_test_path(pvabi_test_builddir(), program));
	snprintf(image, sizeof(image), "%s", pvabi_test_path(pvabi_test_builddir(), img));
	return pvabi_test_skip_unavailable(pvabi_test_run(argv, out, sizeof(out)), program, "2.1",
					   "auto");
}

/* `run` of the fresh 2.1 image. */
static int run(const char *program, const char *cmdline)
{
	return run_image(program, "guest/pvp/2.1/conformance.elf", cmdline, 0);
}

/* Each reason 2.1 accepts, asked and recorded alike; nothing said of the
 * end when the harness asked none. */
static void test_reference(void)
{
	char cmd[32], asked[64], recorded[80];
	int n;

	for (n = 0; n < 4; n++) {
		snprintf(cmd, sizeof(cmd), "end=%d", n);
		snprintf(asked, sizeof(asked), "end: asking shutdown reason=%d", n);
		snprintf(recorded, sizeof(recorded), "end: platform recorded shutdown reason=%d", n);
		CU_ASSERT_EQUAL(run("pvabi", cmd), 0);
		CU_ASSERT_EQUAL(pvabi_test_lines_with(out, "not ok", ""), 0);
		CU_ASSERT_EQUAL(pvabi_test_lines_with(out, "# ", asked), 1);
		CU_ASSERT_EQUAL(pvabi_test_lines_with(out, "# ", recorded), 1);
	}
	CU_ASSERT_EQUAL(run("pvabi", NULL), 0);
	CU_ASSERT_EQUAL(pvabi_test_lines_with(out, "# end:", ""), 0);
}

/* The seed changes the record of a reboot and nothing else. */
static void test_seed_run(void)
{
	CU_ASSERT_EQUAL(run(SEED, "end=1"), 0);
	CU_ASSERT_EQUAL(pvabi_test_lines_with(out, "not ok", ""), 0);
	CU_ASSERT_EQUAL(pvabi_test_lines_with(out, "# ", "end: asking shutdown reason=1"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines_with(out, "# ", "platform recorded shutdown reason=0"), 1);
	CU_ASSERT_EQUAL(run(SEED, "end=3"), 0);
	CU_ASSERT_EQUAL(pvabi_test_lines_with(out, "# ", "platform recorded shutdown reason=3"), 1);
}

/* Stopped at its shutdown, the guest ends as it said it would when the
 * platform recorded the reason asked, and crashes otherwise. */
static void test_stop_run(void)
{
	static const char img[] = "guest/pvp/2.1/conformance.elf";
	char cmd[32], asked[64], recorded[80];
	int n;

	for (n = 0; n < 4; n++) {
		snprintf(cmd, sizeof(cmd), "end=%d", n);
		snprintf(asked, sizeof(asked), "end: asking shutdown reason=%d status=PASS", n);
		snprintf(recorded, sizeof(recorded), "end: platform recorded shutdown reason=%d", n);
		CU_ASSERT_EQUAL(run_image("pvabi", img, cmd, 1), 0);
		CU_ASSERT_EQUAL(pvabi_test_lines_with(out, "# ", asked), 1);
		CU_ASSERT_EQUAL(pvabi_test_lines_with(out, "# ", recorded), 1);
		CU_ASSERT_EQUAL(pvabi_test_lines_with(out, "# run: ", "outcome=shutdown exit=0 (pass)"), 1);
	}
	/* another reason recorded */
	CU_ASSERT_EQUAL(run_image(SEED, img, "end=1", 1), EXIT_CRASH);
	CU_ASSERT_EQUAL(pvabi_test_lines_with(out, "# ", "platform recorded shutdown reason=0"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines_with(out, "# run: ", "exit=7 (crash)"), 1);
	/* a reason recorded, but mid-suite: the guest asked nothing */
	CU_ASSERT_EQUAL(run_image(UNASKED, img, "end=0", 1), EXIT_CRASH);
	CU_ASSERT_EQUAL(pvabi_test_lines_with(out, "# ", "end: asking"), 0);
	CU_ASSERT_EQUAL(pvabi_test_lines_with(out, "# ", "platform recorded shutdown reason=0"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines_with(out, "1..", ""), 0);
	/* without the option the seed's stop never happens */
	CU_ASSERT_EQUAL(run_image(UNASKED, img, "end=0", 0), 0);
	/* a triple fault is a shutdown too, and no end the guest asked */
	CU_ASSERT_EQUAL(run_image("pvabi", "guest/tests/crash.elf", "mode=triple end=0", 1),
			EXIT_CRASH);
	CU_ASSERT_EQUAL(pvabi_test_lines_with(out, "# run: ", "outcome=shutdown exit=7 (crash)"), 1);
}

/* The reference's gate (rc, its output in out) could run nothing: it
 * exited 3 (no engine, docs/exit-codes.md), or, through --engine-cmd,
 * every cell was skipped as unavailable. Then the case skips, once, with
 * the engine's sentence, and the caller returns; a gate that ran a cell
 * never skips, nor does a seed's (its assertions fail instead). */
static int gate_skipped(int rc)
{
	static const char cell[] = ": SKIP: the engine cannot run this cell here: ";
	size_t cells = pvabi_test_lines_with(out, "  cell ", "");
	const char *at = NULL;
	char why[400];

	if (rc == PVABI_TEST_UNAVAILABLE)
		at = strstr(out, "engine unavailable: ");
	else if (rc == 1 && cells && pvabi_test_lines_with(out, "  cell ", cell) == cells)
		at = strstr(out, cell) + strlen(": SKIP: ");
	if (!at)
		return 0;
	snprintf(why, sizeof(why), "engine auto runs no images here: %.*s",
		 (int)strcspn(at, "\n"), at);
	pvabi_test_skip(__FILE__, __LINE__, why);
	return 1;
}

static int gate(const char *program, const char *res)
{
	char o[400];
	/* the draft image is this build's, not one beside the seed's program */
	const char *argv[] = { pvabi_test_path(pvabi_test_builddir(), program), "gate",
			       "--platforms", "current", "--images", "2.1-draft", "--images-dir",
			       pvabi_test_path(pvabi_test_builddir(), "guest/pvp"), "--engine",
			       "auto", "--jobs", "2", "--out", o, NULL };

	snprintf(o, sizeof(o), "%s/%s", tmp, res);
	return pvabi_test_run(argv, out, sizeof(out));
}

/* The plan's reboot cells, and only they, are red, at the run-end line. */
static void test_seed_gate(void)
{
	int rc = gate("pvabi", "ref");
	size_t red;

	if (gate_skipped(rc))
		return;
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_EQUAL(pvabi_test_lines_with(out, "  cell ", ""), 0);
	CU_ASSERT_EQUAL(gate(SEED, "seed"), 1);
	red = pvabi_test_lines_with(out, "  cell ", "");
	CU_ASSERT(red > 0);
	CU_ASSERT_EQUAL(pvabi_test_lines_with(out, "  cell ", ": FAIL: " RED), red);
}

/* An external platform: the end it reports is judged, none is not. */
static int cmd_gate(const char *lines, const char *res)
{
	char o[400], tmpl[700], script[600];
	const char *argv[] = { pvabi_test_path(pvabi_test_builddir(), "pvabi"), "matrix",
			       "--quiet", "--platforms", "current", "--images", "2.1-draft",
			       "--no-feature-axis", "--out", o, "--engine-cmd", tmpl, NULL };

	snprintf(o, sizeof(o), "%s/%s", tmp, res);
	snprintf(script, sizeof(script), "%s/%s.sh", tmp, res);
	snprintf(tmpl, sizeof(tmpl), "sh %s", script);
	if (pvabi_test_write_file(script, lines, 0644))
		return -1;
	return pvabi_test_run(argv, out, sizeof(out));
}

static void test_external(void)
{
	static const char head[] =
		"echo '# negotiated: {\"side\":\"guest\",\"status\":\"OK\",\"revision\":\"2.1\","
		"\"granted\":\"0x1f\",\"missing\":\"0x0\"}'\necho 'ok 1 - one'\necho 1..1\n"
		"echo '# end: asking shutdown reason=3'\n";
	char s[1024];

	snprintf(s, sizeof(s), "%secho '# end: platform recorded shutdown reason=2'\nexit 0\n",
		 head);
	CU_ASSERT_EQUAL(cmd_gate(s, "ext-red"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines_with(out, "FAIL ", "the guest asked shutdown reason 3, the "
					      "platform recorded shutdown reason 2"), 1);
	snprintf(s, sizeof(s), "%secho '# end: platform recorded none'\nexit 0\n", head);
	CU_ASSERT_EQUAL(cmd_gate(s, "ext-none"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines_with(out, "FAIL ", "the guest asked shutdown reason 3, the "
					      "platform recorded none"), 1);
	snprintf(s, sizeof(s), "%sexit 0\n", head);
	CU_ASSERT_EQUAL(cmd_gate(s, "ext-silent"), 0);
}

/* The gate of 2.1-draft on platforms that stop their guests at shutdown
 * (as test-mutation gates a VMM: through --engine-cmd). */
static int stop_gate(const char *program, const char *res)
{
	char o[400], tmpl[4200];
	const char *argv[] = { pvabi_test_path(pvabi_test_builddir(), "pvabi"), "gate", "--quiet",
			       "--platforms", "current", "--images", "2.1-draft", "--jobs", "2",
			       "--out", o, "--engine-cmd", tmpl, NULL };

	snprintf(o, sizeof(o), "%s/%s", tmp, res);
	snprintf(tmpl, sizeof(tmpl), "'%s' run {image} --engine auto --platform {platform} "
		 "--cmdline {cmdline} --timeout {timeout} --log {log} --stop-at-shutdown",
		 pvabi_test_path(pvabi_test_builddir(), program));
	return pvabi_test_run(argv, out, sizeof(out));
}

/* Every one of the gate's red cells (red) is the verdict text; where one
 * is not, the gate's output is shown, so the cell that differs is named. */
static void every_cell(size_t red, const char *text)
{
	size_t n = pvabi_test_lines_with(out, "  cell ", text);

	CU_ASSERT_EQUAL(n, red);
	if (n != red)
		fprintf(stderr, "%zu of %zu red cells read \"%s\"; the gate said:\n%s", n, red,
			text, out);
}

static void test_stop_gate(void)
{
	int rc = stop_gate("pvabi", "stop-ref");
	size_t red;

	if (gate_skipped(rc))
		return;
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_EQUAL(pvabi_test_lines_with(out, "  cell ", ""), 0);
	/* the reboot cells crash, and the run end says why first */
	CU_ASSERT_EQUAL(stop_gate(SEED, "stop-seed"), 1);
	red = pvabi_test_lines_with(out, "  cell ", "");
	CU_ASSERT(red > 0);
	every_cell(red, ": CRASH: " RED "; the guest crashed: " STOPPED);
	/* stopped mid-suite: crashes with no run end to judge */
	CU_ASSERT_EQUAL(stop_gate(UNASKED, "stop-unasked"), 1);
	red = pvabi_test_lines_with(out, "  cell ", "");
	CU_ASSERT(red > 0);
	every_cell(red, ": CRASH: the guest crashed: " STOPPED);
}

/* The plan's ends come from the op the spec marks ends-run=: without the
 * marking no cell asks one (the spec stays valid and means what it did).
 * Listed for an external engine that takes every column and feature
 * cell, so that the plan needs no engine here. */
static int list(const char *spec)
{
	const char *argv[] = { pvabi_test_path(pvabi_test_builddir(), "pvabi"), "matrix", "--list",
			       "--platforms", "current", "--images", "2.1-draft", "--spec", spec,
			       "--engine-cmd", "true {platform} {cmdline}", NULL };

	return pvabi_test_run(argv, out, sizeof(out));
}

static void test_unmarked(void)
{
	char plain[400], cmd[1200];
	size_t cells;

	snprintf(plain, sizeof(plain), "%s/plain.xml", tmp);
	snprintf(cmd, sizeof(cmd), "sed 's/ ends-run=\"reason\"//' '%s' > '%s'",
		 pvabi_test_path(pvabi_test_srcdir(), "spec/platform.xml"), plain);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	CU_ASSERT_EQUAL(list(pvabi_test_path(pvabi_test_srcdir(), "spec/platform.xml")), 0);
	cells = pvabi_test_lines_with(out, "", "\"id\": ");
	CU_ASSERT(cells > 0);
	CU_ASSERT(pvabi_test_lines_with(out, "", "\"end\": null") < cells);
	CU_ASSERT_EQUAL(list(plain), 0);
	CU_ASSERT_EQUAL(pvabi_test_lines_with(out, "", "\"id\": "), cells);
	CU_ASSERT_EQUAL(pvabi_test_lines_with(out, "", "\"end\": null"), cells);
}

/* From vCPU 1 (endvcpu=1): the reference records the reason as from
 * vCPU 0, and one that stops its guests ends the run as the guest said. */
static void test_ap_run(void)
{
	static const char img[] = "guest/pvp/2.1/conformance.elf";

	CU_ASSERT_EQUAL(run("pvabi", "end=3 endvcpu=1"), 0);
	CU_ASSERT_EQUAL(pvabi_test_lines_with(out, "# ", "end: vCPU 1 asks"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines_with(out, "# ", "end: asking shutdown reason=3"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines_with(out, "# ", "platform recorded shutdown reason=3"), 1);
	CU_ASSERT_EQUAL(run_image("pvabi", img, "end=2 endvcpu=1", 1), 0);
	CU_ASSERT_EQUAL(pvabi_test_lines_with(out, "# ", "end: vCPU 1 asks"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines_with(out, "# ", "platform recorded shutdown reason=2"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines_with(out, "# run: ", "outcome=shutdown exit=0 (pass)"), 1);
}

/* The ids of the cells whose end vCPU 1 asks, with a reason of at least
 * min, from the gate's plan (--list); how many. */
static size_t ap_cells(char ids[][160], size_t max, long min)
{
	const char *argv[] = { pvabi_test_path(pvabi_test_builddir(), "pvabi"), "matrix", "--list",
			       "--platforms", "current", "--images", "2.1-draft", "--images-dir",
			       pvabi_test_path(pvabi_test_builddir(), "guest/pvp"), "--engine",
			       "auto", NULL };
	const char *l, *id, *e, *v;
	char why[640];
	size_t n = 0;
	int rc = pvabi_test_run(argv, out, sizeof(out));

	/* the reference's own plan needs an engine for "auto": exit 3 is
	 * no engine here (docs/exit-codes.md), and the case skips */
	if (rc == PVABI_TEST_UNAVAILABLE) {
		snprintf(why, sizeof(why), "engine auto runs no images here: %.*s",
			 (int)strcspn(out, "\n"), out);
		pvabi_test_skip_out(__FILE__, __LINE__, why);
	}
	if (rc)
		return 0;
	for (l = out; (l = strstr(l, "\"id\": \"")); l = e) {
		id = l + 7;
		e = strchr(l, '\n');
		e = e ? e : l + strlen(l);
		l = strstr(id, "\"end\": ");
		v = l ? strstr(l, "\"end_vcpu\": 1") : NULL;
		if (!l || l > e || !v || v > e || strtol(l + 7, NULL, 10) < min ||
		    n == max || strcspn(id, "\"") >= 160)
			continue;
		snprintf(ids[n++], 160, "%.*s", (int)strcspn(id, "\""), id);
	}
	return n;
}

/* A seed red at exactly the cells where vCPU 1 asks (a reason of at
 * least min), each with the run end recorded none. */
static void ap_red(const char *seed, const char *res, long min)
{
	char ids[64][160], prefix[200];
	size_t n = ap_cells(ids, 64, min), i;

	CU_ASSERT(n > 0);
	CU_ASSERT_EQUAL(gate(seed, res), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines_with(out, "  cell ", ""), n);
	every_cell(n, ", the platform recorded none");
	for (i = 0; i < n; i++) {
		snprintf(prefix, sizeof(prefix), "  cell %s:", ids[i]);
		CU_ASSERT_EQUAL(pvabi_test_lines_with(out, prefix, ""), 1);
	}
}

static void test_ap_seeds(void)
{
	ap_red(AP_OFFLINE, "ap-offline", 0);
	ap_red(AP_OLDEST, "ap-oldest", 2);
}

static const struct pvabi_test_case cases[] = {
	{ "reference", test_reference },
	{ "seed_run", test_seed_run },
	{ "seed_gate", test_seed_gate },
	{ "external", test_external },
	{ "stop_run", test_stop_run },
	{ "stop_gate", test_stop_gate },
	{ "unmarked", test_unmarked },
	{ "ap_run", test_ap_run },
	{ "ap_seeds", test_ap_seeds },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "runend", cases, setup, teardown },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
