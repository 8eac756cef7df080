/* The Xen matrix (ci/xen-matrix) and the gate of a Xen build (pvabi gate
 * --xen) on the newest cached Xen release: every frozen Xen image
 * (fixtures/guests/xen/REV) boots as Xen's first domain and passes with
 * what the spec and registry say that release answers a PVH guest: its
 * version code, extraversion and feature submap 0 (registry), and ENOSYS
 * from the compat hypercalls 6 and 16, which spec/xen.xml serves to PV
 * guests only (guests="pv"); beside each, the suite generated from the
 * spec's vectors and scenarios (fixtures/guests/xen-suite/REV, row
 * REV/suite) passes too, from 3.2.2 on so does the suite's second
 * generation with the event and timer scenarios (fixtures/guests/
 * xen-suite2/REV, row REV/suite2), and every frozen image matches its
 * MANIFEST's sha256. Seeded: without guests="pv" the 3.0.0 image
 * is red, and a wrong submap in the registry makes a release's cell red,
 * so the prediction comes from those files. Usage errors and a --xen that
 * is not a Xen are exit 2, before anything boots. Skipped, saying why,
 * without QEMU or a cached Xen. */
#include "conformance/engine.h"
#include "conformance/tests/progrun.h"
#include "conformance/xen_build.h"
#include "tests/harness.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmp[] = "/tmp/pvabi-xen-matrix.XXXXXX";
static char out[1 << 16];
static char newest[300]; /* the newest cached release's xen */
static char newest_name[64]; /* and its name, the matrix's column */

/* ci/xen-matrix on the one-release cache, with up to four more args */
static int matrix(const char *a1, const char *a2, const char *a3, const char *a4)
{
	char dir[128];
	const char *argv[14] = { pvabi_test_path(pvabi_test_srcdir(), "ci/xen-matrix"), "--out", dir,
				 "--pvabi", pvabi_test_path(pvabi_test_builddir(), "pvabi"),
				 "--jobs", "2", a1, a2, a3, a4, NULL };

	snprintf(dir, sizeof(dir), "%s/out", tmp);
	return pvabi_test_run(argv, out, sizeof(out));
}

/* sed EXPR FROM > TO, or CMD FROM > TO for another filter */
static int filter(const char *cmd, const char *expr, const char *from, const char *to)
{
	char line[1536];

	snprintf(line, sizeof(line), "%s %s '%s' > '%s'", cmd, expr, from, to);
	return system(line);
}

/* The table's row of image rev: "3.2.2        PASS ..." */
static const char *row(const char *rev)
{
	static char line[256];
	char want[32];
	const char *p;

	snprintf(want, sizeof(want), "\n%-12s ", rev);
	p = strstr(out, want);
	if (!p)
		return "";
	snprintf(line, sizeof(line), "%.*s", (int)strcspn(p + 1, "\n"), p + 1);
	return line;
}

/* A cache holding only the newest release: a cell is a 1.2-2.6 s boot.
 * 0, or a skip reason. */
static const char *one_release(void)
{
	static char why[512];
	struct pvabi_xen_release r[PVABI_XEN_MAX_RELEASES];
	char link[600], cache[300];
	int k;

	if (pvabi_engine_xen.probe(why, sizeof(why)))
		return why;
	k = pvabi_xen_releases(r, PVABI_XEN_MAX_RELEASES);
	if (!k)
		return "no Xen release cached (ci/fetch-xen)";
	snprintf(newest, sizeof(newest), "%s", r[k - 1].path);
	snprintf(newest_name, sizeof(newest_name), "%s", r[k - 1].name);
	snprintf(cache, sizeof(cache), "%s/cache", tmp);
	snprintf(link, sizeof(link), "%s/%s", cache, r[k - 1].name);
	if (access(cache, F_OK)) {
		CU_ASSERT_EQUAL_FATAL(mkdir(cache, 0755), 0);
		*strrchr(r[k - 1].path, '/') = '\0';
		CU_ASSERT_EQUAL_FATAL(symlink(r[k - 1].path, link), 0);
	}
	setenv("PVABI_XEN_CACHE", cache, 1);
	return NULL;
}

static void show(void)
{
	if (getenv("PVABI_TEST_VERBOSE") || CU_get_number_of_failures())
		printf("\n%s", out);
}

/* sha256 of fixtures/guests/DIR/REV/conformance.elf equals its MANIFEST's */
static int manifest_matches(const char *dir, const char *rev)
{
	char cmd[1536], d[600];

	snprintf(d, sizeof(d), "%s/fixtures/guests/%s/%s", pvabi_test_srcdir(), dir, rev);
	snprintf(cmd, sizeof(cmd),
		 "test \"$(sed -n 's/^sha256: //p' '%s/MANIFEST')\" = "
		 "\"$(sha256sum '%s/conformance.elf' | cut -d' ' -f1)\"", d, d);
	return system(cmd) == 0;
}

/* The TAP of cell ROW@<newest release> holds text. */
static int cell_has(const char *row, const char *text)
{
	static char tap[1 << 15];
	char path[700];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/out/cells/%s@%s.tap", tmp, row, newest_name);
	f = fopen(path, "r");
	if (!f)
		return 0;
	n = fread(tap, 1, sizeof(tap) - 1, f);
	tap[n] = '\0';
	fclose(f);
	if (!strstr(tap, text))
		printf("\n  %s lacks '%s':\n%s", path, text, tap);
	return strstr(tap, text) != NULL;
}

static void test_matrix(void)
{
	static const char *const rows[] = { "3.0.0", "3.1.1", "3.2.2", "3.2.9", "4.7.0", "4.14.0" };
	const char *skip = one_release();
	char suite[32];
	size_t i;

	if (skip)
		PVABI_SKIP(skip);
	CU_ASSERT_EQUAL(matrix(NULL, NULL, NULL, NULL), 0);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		CU_ASSERT_PTR_NOT_NULL(strstr(row(rows[i]), " PASS "));
		CU_ASSERT_PTR_NULL(strstr(row(rows[i]), "*"));
		/* the suite generated from the spec's vectors and scenarios */
		snprintf(suite, sizeof(suite), "%s/suite", rows[i]);
		CU_ASSERT_PTR_NOT_NULL(strstr(row(suite), " PASS "));
		CU_ASSERT_PTR_NULL(strstr(row(suite), "*"));
		CU_ASSERT_PTR_NULL(strstr(row(suite), "ENOSYS"));
		CU_ASSERT(manifest_matches("xen", rows[i]));
		CU_ASSERT(manifest_matches("xen-suite", rows[i]));
		/* the suites with the event and timer scenarios: where the ops exist */
		snprintf(suite, sizeof(suite), "%s/suite2", rows[i]);
		if (i < 2) {
			CU_ASSERT_PTR_NULL(strstr(out, suite));
			continue;
		}
		CU_ASSERT_PTR_NOT_NULL(strstr(row(suite), " PASS "));
		CU_ASSERT_PTR_NULL(strstr(row(suite), "*"));
		CU_ASSERT(manifest_matches("xen-suite2", rows[i]));
	}
	/* the fresh suites this tree built: by default the newest version's
	 * and then older ones' until every shutdown reason is asked once;
	 * on one release's column that takes every version, and the five
	 * that can ask (3.0.0's sched_op_compat is PV only) ask reasons 0
	 * to 4 in version order, each judged by the reason Xen recorded */
	CU_ASSERT_PTR_NOT_NULL(strstr(row("4.14.0/fresh"), " PASS "));
	CU_ASSERT_PTR_NULL(strstr(row("4.14.0/fresh"), "*"));
	CU_ASSERT_PTR_NOT_NULL(strstr(row("3.0.0/fresh"), " PASS "));
	CU_ASSERT(!cell_has("3.0.0-fresh", "# end: asking"));
	CU_ASSERT(cell_has("3.1.1-fresh", "# end: platform recorded shutdown reason=0\n"));
	CU_ASSERT(cell_has("3.2.2-fresh", "# end: platform recorded shutdown reason=1\n"));
	CU_ASSERT(cell_has("3.2.9-fresh", "# end: platform recorded shutdown reason=2\n"));
	CU_ASSERT(cell_has("4.7.0-fresh", "# end: platform recorded shutdown reason=3\n"));
	CU_ASSERT(cell_has("4.14.0-fresh", "# end: asking shutdown reason=4 status=PASS\n"));
	CU_ASSERT(cell_has("4.14.0-fresh", "# end: platform recorded shutdown reason=4\n"));
	CU_ASSERT(cell_has("4.14.0-fresh", " - now set_timer_op timeout=now-1 (absolute) -> fires"));
	/* they ran the event and timer scenarios, each passing */
	CU_ASSERT(cell_has("4.14.0-suite2", "ok 27 - scenario timer_future_flag (22 steps)\n"));
	CU_ASSERT(cell_has("3.2.2-suite2", " - scenario evtchn_masked_upcall (15 steps)\n"));
	CU_ASSERT(cell_has("3.2.2-suite2", "# PASS: "));
	/* the image of each interface version calls the compat ops it has */
	CU_ASSERT_PTR_NOT_NULL(strstr(row("3.0.0"), "ENOSYS from op 6 16 (not served to pvh)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(row("3.1.1"), "ENOSYS from op 16 (not served to pvh)"));
	CU_ASSERT_PTR_NULL(strstr(row("3.2.2"), "ENOSYS"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "unserved=6,16"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, " features0=0x12b05 "));
	CU_ASSERT_PTR_NULL(strstr(out, "no <release"));
	show();
}

/* --fresh all: one fresh row per version, the reasons in one rotation
 * over them; 3.0.0's ends-run= op (sched_op_compat) is PV only, so its
 * row asks none and the rotation starts at 3.1.1. */
static void test_fresh_all(void)
{
	const char *skip = one_release();

	if (skip)
		PVABI_SKIP(skip);
	CU_ASSERT_EQUAL(matrix("--fresh", "all", "--images", "3.0.0/fresh,3.1.1/fresh,3.2.2/fresh"), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(row("3.0.0/fresh"), " PASS "));
	CU_ASSERT_PTR_NOT_NULL(strstr(row("3.2.2/fresh"), " PASS "));
	CU_ASSERT_PTR_NULL(strstr(out, "*  "));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, " 3.0.0-fresh@"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "=none 3.1.1-fresh@"));
	CU_ASSERT(!cell_has("3.0.0-fresh", "# end: asking"));
	CU_ASSERT(cell_has("3.1.1-fresh", "# end: asking shutdown reason=0 status=PASS\n"));
	CU_ASSERT(cell_has("3.2.2-fresh", "# end: asking shutdown reason=1 status=PASS\n"));
	CU_ASSERT(cell_has("3.2.2-fresh", "# end: platform recorded shutdown reason=1\n"));
	show();
}

/* The prediction comes from the files: each seeded edit turns one cell
 * red, saying which check. */
static void test_seeded(void)
{
	char spec[128], reg[128];
	const char *skip = one_release();

	if (skip)
		PVABI_SKIP(skip);
	snprintf(spec, sizeof(spec), "%s/xen.xml", tmp);
	snprintf(reg, sizeof(reg), "%s/xen-versions.xml", tmp);
	CU_ASSERT_EQUAL_FATAL(filter("sed", "'s/ guests=\"pv\"//'",
				     pvabi_test_path(pvabi_test_srcdir(), "spec/xen.xml"), spec), 0);
	CU_ASSERT_EQUAL_FATAL(filter("sed", "'s/\"pvh\" features0=\"0x12b05\"/\"pvh\" features0=\"0x12b04\"/'",
				     pvabi_test_path(pvabi_test_srcdir(), "spec/xen-versions.xml"), reg), 0);
	CU_ASSERT_EQUAL(matrix("--spec", spec, "--images", "3.0.0"), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(row("3.0.0"), " FAIL* "));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "not ok 8 - sched_op_compat(yield) returns 0 (-38)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "not ok 11 - evtchn alloc_unbound: rc -38 port 0"));
	show();
	CU_ASSERT_EQUAL(matrix("--registry", reg, "--images", "4.14.0"), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(row("4.14.0"), " FAIL* "));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "feature submap 0 0x12b05, expected 0x12b04"));
	show();
}

static int gate(const char *xen, const char *registry)
{
	char dir[128];
	const char *argv[] = { pvabi_test_path(pvabi_test_builddir(), "pvabi"), "gate", "--xen", xen,
			       "--out", dir, "--registry", registry, NULL };

	snprintf(dir, sizeof(dir), "%s/gate", tmp);
	return pvabi_test_run(argv, out, sizeof(out));
}

/* An ELF with a valid multiboot header and nothing of Xen. */
static int multiboot_kernel(const char *path)
{
	uint32_t w[64] = { 0 };
	FILE *f = fopen(path, "wb");
	int rc;

	if (!f)
		return -1;
	memcpy(w, "\177ELF", 4);
	w[16] = 0x1badb002u;
	w[18] = 0u - w[16];
	rc = fwrite(w, sizeof(w), 1, f) == 1 ? 0 : -1;
	return fclose(f) || rc ? -1 : 0;
}

/* The gate fails a build whose cells differ from the prediction: with
 * the compat ops' guests= removed from the spec, the 3.0.0 and 3.1.1
 * images are red on the candidate (the only column: an empty cache). */
static void test_gate_fails(void)
{
	char gz[128], spec[128], empty[128], reg[600], cache[300];
	const char *skip = one_release();
	char dir[128];
	const char *argv[] = { pvabi_test_path(pvabi_test_builddir(), "pvabi"), "gate", "--xen", gz,
			       "--out", dir, "--spec", spec, "--registry", reg, NULL };

	if (skip)
		PVABI_SKIP(skip);
	snprintf(reg, sizeof(reg), "%s", pvabi_test_path(pvabi_test_srcdir(), "spec/xen-versions.xml"));
	snprintf(gz, sizeof(gz), "%s/xen.gz", tmp);
	snprintf(spec, sizeof(spec), "%s/xen.xml", tmp);
	snprintf(empty, sizeof(empty), "%s/empty-cache", tmp);
	snprintf(dir, sizeof(dir), "%s/gate-fails", tmp);
	CU_ASSERT_EQUAL_FATAL(filter("gzip", "-c", newest, gz), 0);
	CU_ASSERT_EQUAL_FATAL(filter("sed", "'s/ guests=\"pv\"//'",
				     pvabi_test_path(pvabi_test_srcdir(), "spec/xen.xml"), spec), 0);
	CU_ASSERT_EQUAL_FATAL(mkdir(empty, 0755), 0);
	snprintf(cache, sizeof(cache), "%s", getenv("PVABI_XEN_CACHE"));
	setenv("PVABI_XEN_CACHE", empty, 1);
	CU_ASSERT_EQUAL_FATAL(chdir(pvabi_test_srcdir()), 0);
	CU_ASSERT_EQUAL(pvabi_test_run(argv, out, sizeof(out)), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "gate: FAIL: 0 breaking rules; xen matrix: a cell differs"));
	CU_ASSERT_PTR_NOT_NULL(strstr(row("3.0.0"), " FAIL* "));
	CU_ASSERT_PTR_NOT_NULL(strstr(row("3.2.2"), " PASS "));
	setenv("PVABI_XEN_CACHE", cache, 1);
	show();
}

/* A Debian build as the candidate passes; files that are not a Xen are
 * the harness's error, and nothing boots. */
static void test_gate(void)
{
	char gz[128], bad[128], reg[600];
	const char *skip = one_release();

	if (skip)
		PVABI_SKIP(skip);
	snprintf(reg, sizeof(reg), "%s", pvabi_test_path(pvabi_test_srcdir(), "spec/xen-versions.xml"));
	snprintf(gz, sizeof(gz), "%s/xen.gz", tmp);
	CU_ASSERT_EQUAL_FATAL(filter("gzip", "-c", newest, gz), 0);
	CU_ASSERT_EQUAL_FATAL(chdir(pvabi_test_srcdir()), 0);
	CU_ASSERT_EQUAL(gate(gz, reg), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "gate: PASS: 0 breaking rules; xen matrix: every cell as"));
	CU_ASSERT_PTR_NOT_NULL(strstr(row("3.0.0"), " PASS "));
	show();
	snprintf(bad, sizeof(bad), "%s/cut.gz", tmp);
	CU_ASSERT_EQUAL_FATAL(filter("head", "-c 100000", gz, bad), 0);
	CU_ASSERT_EQUAL(gate(bad, reg), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "gate: ERROR (harness, not the build under test)"));
	CU_ASSERT_PTR_NULL(strstr(out, "cells"));
	CU_ASSERT_EQUAL(gate("/bin/true", reg), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "no multiboot header"));
	snprintf(bad, sizeof(bad), "%s/multiboot.elf", tmp);
	CU_ASSERT_EQUAL_FATAL(multiboot_kernel(bad), 0);
	CU_ASSERT_EQUAL(gate(bad, reg), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "a multiboot kernel without Xen's version banner"));
	CU_ASSERT_EQUAL(gate(gz, pvabi_test_path(pvabi_test_srcdir(), "ABI-VERSIONS.xml")), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "not xen's"));
	show();
}

static void test_usage(void)
{
	CU_ASSERT_EQUAL(matrix("--xen", "/nonexistent/xen.gz", NULL, NULL), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "--xen /nonexistent/xen.gz: not a readable file"));
	CU_ASSERT_EQUAL(matrix("--jobs", "0", NULL, NULL), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "--jobs 0: not a count"));
	CU_ASSERT_EQUAL(matrix("--spec", "/nonexistent/xen.xml", NULL, NULL), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "/nonexistent/xen.xml: no Xen spec"));
	CU_ASSERT_EQUAL(matrix("--fresh", "some", NULL, NULL), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "--fresh some: newest, all or none"));
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
	{ "fresh rows of every version", test_fresh_all },
	{ "seeded spec and registry", test_seeded },
	{ "gate a Xen build", test_gate },
	{ "gate fails a build against its prediction", test_gate_fails },
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
