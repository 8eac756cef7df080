/* The Xen matrix (ci/xen-matrix) on the newest cached Xen release: every
 * frozen Xen image (fixtures/guests/xen/REV) boots as Xen's first domain.
 * Images of interface versions from 3.2.2 pass all their checks; those of
 * 3.0.0 and 3.1.1 call sched_op_compat (6) and event_channel_op_compat
 * (16), which Xen serves to PV guests only (xen/include/hypercall-defs.c
 * lists them for pv32/pv64, not hvm): as PVH guests they get -ENOSYS, and
 * the matrix marks them against the registry's prediction (every
 * interface version served), which has no guest-type axis yet. Usage
 * errors are exit 2. Skipped, saying why, without QEMU or a cached Xen. */
#include "conformance/engine.h"
#include "conformance/tests/progrun.h"
#include "conformance/xen_build.h"
#include "tests/harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmp[] = "/tmp/pvabi-xen-matrix.XXXXXX";
static char out[1 << 16];

static int matrix(const char *extra1, const char *extra2)
{
	char dir[128];
	const char *argv[12] = { pvabi_test_path(pvabi_test_srcdir(), "ci/xen-matrix"), "--out", dir,
				 "--pvabi", pvabi_test_path(pvabi_test_builddir(), "pvabi"),
				 "--jobs", "2", extra1, extra2, NULL };

	snprintf(dir, sizeof(dir), "%s/out", tmp);
	return pvabi_test_run(argv, out, sizeof(out));
}

/* The table's row of image rev: "3.2.2      PASS ..." */
static const char *row(const char *rev)
{
	static char line[256];
	char want[32];
	const char *p;

	snprintf(want, sizeof(want), "\n%-10s ", rev);
	p = strstr(out, want);
	if (!p)
		return "";
	snprintf(line, sizeof(line), "%.*s", (int)strcspn(p + 1, "\n"), p + 1);
	return line;
}

static void test_matrix(void)
{
	static const char *const green[] = { "3.2.2", "3.2.9", "4.7.0", "4.14.0" };
	struct pvabi_xen_release r[PVABI_XEN_MAX_RELEASES];
	char why[512], link[600], cache[300];
	size_t i;
	int k;

	if (pvabi_engine_xen.probe(why, sizeof(why)))
		PVABI_SKIP(why);
	k = pvabi_xen_releases(r, PVABI_XEN_MAX_RELEASES);
	if (!k)
		PVABI_SKIP("no Xen release cached (ci/fetch-xen)");
	/* one column, the newest release: a cell is a 1.2-2.6 s boot */
	snprintf(cache, sizeof(cache), "%s/cache", tmp);
	snprintf(link, sizeof(link), "%s/%s", cache, r[k - 1].name);
	CU_ASSERT_EQUAL_FATAL(mkdir(cache, 0755), 0);
	*strrchr(r[k - 1].path, '/') = '\0';
	CU_ASSERT_EQUAL_FATAL(symlink(r[k - 1].path, link), 0);
	setenv("PVABI_XEN_CACHE", cache, 1);
	CU_ASSERT_EQUAL(matrix(NULL, NULL), 1);
	unsetenv("PVABI_XEN_CACHE");
	for (i = 0; i < sizeof(green) / sizeof(green[0]); i++) {
		CU_ASSERT_PTR_NOT_NULL(strstr(row(green[i]), " PASS "));
		CU_ASSERT_PTR_NULL(strstr(row(green[i]), "*"));
	}
	CU_ASSERT_PTR_NOT_NULL(strstr(row("3.0.0"), " FAIL* "));
	CU_ASSERT_PTR_NOT_NULL(strstr(row("3.1.1"), " FAIL* "));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "not ok 8 - sched_op_compat(yield) returns 0 (-38)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "not ok 11 - evtchn alloc_unbound: rc -38 port 0"));
	if (getenv("PVABI_TEST_VERBOSE") || CU_get_number_of_failures())
		printf("\n%s", out);
}

static void test_usage(void)
{
	CU_ASSERT_EQUAL(matrix("--xen", "/nonexistent/xen.gz"), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "--xen /nonexistent/xen.gz: not a readable file"));
	CU_ASSERT_EQUAL(matrix("--jobs", "0"), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "--jobs 0: not a count"));
}

static int init(void)
{
	return mkdtemp(tmp) ? 0 : -1;
}

static int cleanup(void)
{
	const char *argv[] = { "/bin/rm", "-rf", tmp, NULL };

	return pvabi_test_run(argv, out, sizeof(out)) == 0 ? 0 : -1;
}

static const struct pvabi_test_case cases[] = {
	{ "matrix on the newest release", test_matrix },
	{ "usage", test_usage },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "xen_matrix", cases, init, cleanup },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
