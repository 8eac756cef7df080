/* How a run ends: the fresh image asks the spec's shutdown op for the
 * reason its command line names (end=N) as its last act, and the judge
 * compares it with what the platform recorded. The reference records
 * every reason the image's revision accepts as asked; the test-local
 * seed (conformance/tests/runend-seeds) records a reboot as a power-off
 * and is red at exactly the run-end check, in exactly the cells the plan
 * gave a reboot. An external platform reports its end with the same
 * line, and one that reports none is not judged. */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SEED "mutants/runend-reboot-as-poweroff/pvabi"
#define RED "run end: the guest asked shutdown reason 1, the platform recorded shutdown reason 0"

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

/* `run` of the fresh 2.1 image with cmdline (NULL: none). */
static int run(const char *program, const char *cmdline)
{
	char prog[4096], image[4096];
	const char *argv[] = { prog, "run", image, "--engine", "auto", "--cmdline", cmdline, NULL };

	if (!cmdline)
		argv[5] = NULL;
	snprintf(prog, sizeof(prog), "%s", pvabi_test_path(pvabi_test_builddir(), program));
	snprintf(image, sizeof(image), "%s",
		 pvabi_test_path(pvabi_test_builddir(), "guest/pvp/2.1/conformance.elf"));
	return pvabi_test_run(argv, out, sizeof(out));
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

static int gate(const char *program, const char *res)
{
	char o[400];
	const char *argv[] = { pvabi_test_path(pvabi_test_builddir(), program), "gate",
			       "--platforms", "current", "--images", "2.1-draft", "--engine",
			       "auto", "--jobs", "2", "--out", o, NULL };

	snprintf(o, sizeof(o), "%s/%s", tmp, res);
	return pvabi_test_run(argv, out, sizeof(out));
}

/* The plan's reboot cells, and only they, are red, at the run-end line. */
static void test_seed_gate(void)
{
	size_t red;

	CU_ASSERT_EQUAL(gate("pvabi", "ref"), 0);
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

static const struct pvabi_test_case cases[] = {
	{ "reference", test_reference },
	{ "seed_run", test_seed_run },
	{ "seed_gate", test_seed_gate },
	{ "external", test_external },
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
