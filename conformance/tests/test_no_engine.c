/* Where no engine runs images, the programs that boot conformance images
 * skip each test case with the engine's reason and fail none; a seed
 * that alone says its engine is missing, where the reference platform
 * runs, still fails. Runs the built programs test-edges and test-batch
 * (the engine "auto"), test-exact and test-tied (qemu-tcg named),
 * test-runend (images run and gated with arguments of its own; its cases
 * that need no engine still pass) and test-xen-runend (QEMU for Xen)
 * with every engine made unavailable the way the engine layer allows
 * (docs/engines.md): PVABI_QEMU naming no file, the kvm engine left out
 * of auto (PVABI_AUTO_EXCLUDE), no engine cache; each run fails in
 * milliseconds. */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char out[1 << 18];
static char tmp[64];

/* "passed=P failed=F skipped=S" of out's summary line, or -1s. */
static void summary(long v[3])
{
	const char *p = strstr(out, "pvabi-test-summary: ");

	v[0] = v[1] = v[2] = -1;
	if (p)
		sscanf(p, "pvabi-test-summary: passed=%ld failed=%ld skipped=%ld", &v[0], &v[1],
		       &v[2]);
}

/* The built test program name run with the engines made unavailable and
 * PVABI_BUILD as build (NULL: the real one); its exit status. */
static int run_without_engines(const char *name, const char *build)
{
	char prog[4096], rel[128];
	const char *argv[] = { prog, NULL };
	int rc;

	snprintf(rel, sizeof(rel), "tests/%s", name);
	snprintf(prog, sizeof(prog), "%s", pvabi_test_path(pvabi_test_builddir(), rel));
	/* make check CHECK_SKIP= leaves a program unbuilt */
	if (access(pvabi_test_path(pvabi_test_srcdir(), prog), X_OK) && access(prog, X_OK))
		pvabi_test_skip_out(__FILE__, __LINE__, "a program it runs is not built");
	setenv("PVABI_QEMU", "/nonexistent/qemu-system-x86_64", 1);
	setenv("PVABI_AUTO_EXCLUDE", "kvm", 1);
	setenv("PVABI_ENGINE_CACHE", "0", 1);
	unsetenv("PVABI_ENGINE");
	if (build)
		setenv("PVABI_BUILD", build, 1);
	rc = pvabi_test_run(argv, out, sizeof(out));
	unsetenv("PVABI_QEMU");
	unsetenv("PVABI_AUTO_EXCLUDE");
	unsetenv("PVABI_ENGINE_CACHE");
	return rc;
}

/* Every case that boots an image skipped, once, with the engine's
 * reason; the others (passes of them) passed; none failed. */
static void skips_engine_cases(const char *name, const char *reason, long passes)
{
	long v[3];

	CU_ASSERT_EQUAL(run_without_engines(name, NULL), 0);
	summary(v);
	if (v[0] != passes || v[1] || v[2] <= 0)
		printf("\n  %s without engines: passed=%ld failed=%ld skipped=%ld, want %ld "
		       "passed:\n%s\n", name, v[0], v[1], v[2], passes, out);
	CU_ASSERT_EQUAL(v[0], passes);
	CU_ASSERT_EQUAL(v[1], 0);
	CU_ASSERT(v[2] > 0);
	CU_ASSERT_EQUAL((long)pvabi_test_lines_with(out, "  SKIP ", ""), v[2]);
	CU_ASSERT_EQUAL((long)pvabi_test_lines_with(out, "  SKIP ", reason), v[2]);
}

static void skips_all(const char *name, const char *reason)
{
	skips_engine_cases(name, reason, 0);
}

static void test_auto_skips(void)
{
	skips_all("test-edges", "engine auto runs no images here: ");
	skips_all("test-batch", "engine auto runs no images here: ");
}

static void test_named_skips(void)
{
	skips_all("test-exact", "engine qemu-tcg runs no images here: ");
	skips_all("test-tied", "engine qemu-tcg runs no images here: ");
	CU_ASSERT_EQUAL(pvabi_test_lines_with(out, "  SKIP ", "/nonexistent/qemu-system-x86_64"),
			pvabi_test_lines_with(out, "  SKIP ", ""));
}

/* test-runend: its reference, seed, stop, gate and vCPU-1 end cases
 * skip; the external platform's and the plan's pass. test-xen-runend:
 * its boot skips, its three cases on the spec and Xen's lines pass. */
static void test_runend_skips(void)
{
	skips_engine_cases("test-runend", "engine auto runs no images here: ", 2);
	/* its runs, its own gate and a gate through --engine-cmd (whose
	 * cells carry the first line the engine printed) each say the
	 * engine's own sentence */
	CU_ASSERT_EQUAL(pvabi_test_lines_with(out, "  SKIP ", "/nonexistent/qemu-system-x86_64"),
			pvabi_test_lines_with(out, "  SKIP ", ""));
	skips_engine_cases("test-xen-runend", "/nonexistent/qemu-system-x86_64", 3);
}

#define RUNS "#!/bin/sh\necho '1..1'; echo 'ok 1 - stands in for a reference that runs'\n"
#define ABSENT "#!/bin/sh\necho 'engine unavailable (stands in for a seed)' >&2; exit 3\n"

static int put(const char *rel, const char *text)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", tmp, rel);
	return pvabi_test_write_file(path, text, 0755);
}

/* A build whose reference runs and whose seeds of test-edges exit as if
 * their engine were missing. */
static int setup(void)
{
	char dir[128];
	int bad = 0;

	snprintf(tmp, sizeof(tmp), "/tmp/pvabi-no-engine-XXXXXX");
	if (!mkdtemp(tmp))
		return -1;
	snprintf(dir, sizeof(dir), "%s/mutants", tmp);
	bad |= mkdir(dir, 0755);
	snprintf(dir, sizeof(dir), "%s/mutants/edge-yield-signed", tmp);
	bad |= mkdir(dir, 0755);
	snprintf(dir, sizeof(dir), "%s/mutants/edge-saturate-at-max", tmp);
	bad |= mkdir(dir, 0755);
	bad |= put("pvabi", RUNS);
	bad |= put("mutants/edge-yield-signed/pvabi", ABSENT);
	bad |= put("mutants/edge-saturate-at-max/pvabi", ABSENT);
	return bad ? -1 : 0;
}

static int teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	return system(cmd);
}

/* The seed's exit 3 is a failure of its case, never a skip; the
 * reference's run that started and missed its lines fails too. */
static void test_seed_alone_fails(void)
{
	char build[4096];
	long v[3];

	snprintf(build, sizeof(build), "%s", pvabi_test_builddir());
	CU_ASSERT_EQUAL(run_without_engines("test-edges", tmp), 1);
	setenv("PVABI_BUILD", build, 1);
	summary(v);
	CU_ASSERT_EQUAL(v[0], 0);
	CU_ASSERT_EQUAL(v[1], 3);
	CU_ASSERT_EQUAL(v[2], 0);
	CU_ASSERT_EQUAL(pvabi_test_lines_with(out, "  SKIP ", ""), 0);
	CU_ASSERT_EQUAL(pvabi_test_lines_with(out, "", "mutants/edge-yield-signed/pvabi: exit 3 "
						       "on engine auto, where the reference runs"), 1);
	/* and its two runs in the next case (2.1, then 1.1) */
	CU_ASSERT_EQUAL(pvabi_test_lines_with(out, "", "mutants/edge-saturate-at-max/pvabi: exit 3 "
						       "on engine auto, where the reference runs"), 2);
}

static const struct pvabi_test_case cases[] = {
	{ "auto_skips", test_auto_skips },
	{ "named_skips", test_named_skips },
	{ "runend_skips", test_runend_skips },
	{ "seed_alone_fails", test_seed_alone_fails },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "no_engine", cases, setup, teardown },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
