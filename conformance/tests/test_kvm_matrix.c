/* The KVM matrix: host profiles and the oracle from spec/kvm.xml alone,
 * then `pvabi matrix --spec spec/kvm.xml` on the frozen kvmclock guests
 * (kvm and qemu-kvm presenting each column, qemu-tcg a SKIP with its
 * reason), and a host that ignores its column's profile turning the
 * matrix red. Runs that need /dev/kvm or QEMU skip with the reason. */
#include "conformance/host_profile.h"
#include "conformance/oracle.h"
#include "conformance/tests/progrun.h"
#include "abi/load.h"
#include "tests/harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct pvabi_spec *spec;
static char tmp[64];
static char out[1 << 16];

static int setup(void)
{
	struct pvabi_diags d = { 0 };

	spec = pvabi_spec_load(pvabi_test_path(pvabi_test_srcdir(), "spec/kvm.xml"), &d);
	pvabi_diag_print(&d, stderr);
	pvabi_diag_free(&d);
	snprintf(tmp, sizeof(tmp), "/tmp/pvabi-kvmmx-XXXXXX");
	return spec && mkdtemp(tmp) ? 0 : -1;
}

static int teardown(void)
{
	char cmd[128];

	pvabi_spec_free(spec);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	return system(cmd);
}

/* --- profiles and predictions, from the spec alone ------------------------ */

static void test_profiles(void)
{
	struct pvabi_host_profile p;
	char err[256];

	CU_ASSERT_EQUAL(pvabi_host_abi(spec), 1);
	CU_ASSERT_EQUAL_FATAL(pvabi_host_profile(spec, "2.6.25", &p, err, sizeof(err)), 0);
	/* CLOCKSOURCE and NOP_IO_DELAY; MMU_OP, gone since, left out */
	CU_ASSERT_EQUAL(p.features, 0x3u);
	CU_ASSERT_EQUAL(p.ndeny, 9u); /* every 0x4b564dxx MSR */
	CU_ASSERT_EQUAL(p.deny[0] >> 8, 0x4b564du);
	CU_ASSERT_EQUAL_FATAL(pvabi_host_profile(spec, "3.1.0", &p, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(p.features, 0x100003bu);
	CU_ASSERT_EQUAL(p.ndeny, 5u); /* PV EOI, poll control, async PF int x2, migration */
	CU_ASSERT_EQUAL_FATAL(pvabi_host_profile(spec, NULL, &p, err, sizeof(err)), 0);
	CU_ASSERT(p.current);
	CU_ASSERT_EQUAL(p.ndeny, 0u);
	CU_ASSERT_STRING_EQUAL(p.label, "current");
	CU_ASSERT_EQUAL(pvabi_host_profile(spec, "2.6.24", &p, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "2.6.24"));
}

static void predict(const char *image, const char *platform, uint64_t granted, const char *pair)
{
	struct pvabi_prediction pr;
	char err[256];

	CU_ASSERT_EQUAL_FATAL(pvabi_oracle_predict_cell(spec, NULL, image, platform, NULL, &pr, err,
							sizeof(err)), 0);
	CU_ASSERT_EQUAL(pr.kind, PVABI_PRED_PASS);
	CU_ASSERT_EQUAL(pr.rev, pvabi_rev_code(&spec->revs[pvabi_spec_rev(spec, image)]));
	CU_ASSERT_EQUAL(pr.granted, granted);
	if (!strstr(pr.why, pair))
		printf("\n  %s on %s: '%s' lacks '%s'\n", image, platform, pr.why, pair);
	CU_ASSERT_PTR_NOT_NULL(strstr(pr.why, pair));
}

/* The documented fallback: the new pair where the guest knows it and
 * the host offers it, else the old one. */
static void test_oracle(void)
{
	struct pvabi_prediction pr;
	char err[256];

	predict("2.6.25", "2.6.25", 0x3, "system_time: itself (the fallback)");
	predict("2.6.25", "current", 0x3, "system_time: itself (the fallback)");
	predict("3.6.0", "2.6.25", 0x3, "system_time: itself (the fallback)");
	predict("3.6.0", "2.6.35", 0x100000b, "system_time: system_time_new");
	predict("3.6.0", "3.1.0", 0x100003b, "system_time: system_time_new");
	predict("3.6.0", "current", 0x100007b, "wall_clock: wall_clock_new");
	CU_ASSERT_EQUAL(pvabi_oracle_predict_cell(spec, NULL, "9.9", "current", NULL, &pr, err,
						  sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "9.9"));
}

static void test_engines(void)
{
	struct pvabi_host_profile p;
	char cpu[512], why[256];

	CU_ASSERT_EQUAL(pvabi_host_engine_ok("kvm", why, sizeof(why)), 0);
	CU_ASSERT_EQUAL(pvabi_host_engine_ok("qemu-kvm", why, sizeof(why)), 0);
	CU_ASSERT_EQUAL(pvabi_host_engine_ok("qemu-tcg", why, sizeof(why)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "TCG implements none"));
	CU_ASSERT_EQUAL_FATAL(pvabi_host_profile(spec, "3.1.0", &p, why, sizeof(why)), 0);
	CU_ASSERT_EQUAL_FATAL(pvabi_host_qemu_cpu(spec, &p, cpu, sizeof(cpu), why, sizeof(why)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(cpu, "kvm-pv-enforce-cpuid=on"));
	CU_ASSERT_PTR_NOT_NULL(strstr(cpu, ",kvmclock=on"));
	CU_ASSERT_PTR_NOT_NULL(strstr(cpu, ",kvm-steal-time=on"));
	CU_ASSERT_PTR_NOT_NULL(strstr(cpu, ",kvm-pv-eoi=off"));
	CU_ASSERT_PTR_NOT_NULL(strstr(cpu, ",kvm-mmu=off"));
	/* QEMU sets CLOCKSOURCE and CLOCKSOURCE2 with one property */
	CU_ASSERT_EQUAL_FATAL(pvabi_host_profile(spec, "2.6.25", &p, why, sizeof(why)), 0);
	CU_ASSERT_EQUAL(pvabi_host_qemu_cpu(spec, &p, cpu, sizeof(cpu), why, sizeof(why)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "'kvmclock'"));
}

/* --- the matrix through the program --------------------------------------- */

static const char *pvabi(void)
{
	return pvabi_test_path(pvabi_test_builddir(), "pvabi");
}

/* Why this host cannot run the matrix's cells, or NULL. */
static const char *unable(void)
{
	const char *q = getenv("PVABI_QEMU");
	char cmd[600];

	if (access("/dev/kvm", R_OK | W_OK))
		return "no usable /dev/kvm: the kvm and qemu-kvm engines cannot run here";
	snprintf(cmd, sizeof(cmd), "command -v '%s' >/dev/null",
		 q && *q ? q : "qemu-system-x86_64");
	if (system(cmd))
		return "no QEMU (qemu-system-x86_64): the qemu-kvm column cannot run here";
	return NULL;
}

/* Each frozen image still is what its MANIFEST says. */
static void test_frozen(void)
{
	static const char *const revs[] = { "2.6.25", "3.6.0" };
	char cmd[1200];
	size_t i;

	for (i = 0; i < 2; i++) {
		snprintf(cmd, sizeof(cmd), "cd '%s/fixtures/guests/kvm/%s' && "
			 "sed -n 's/^sha256: \\(.*\\)/\\1  conformance.elf/p' MANIFEST | "
			 "sha256sum -c --status", pvabi_test_srcdir(), revs[i]);
		CU_ASSERT_EQUAL(system(cmd), 0);
	}
}

static int matrix(const char *dir, const char *engines, const char *cmd, const char *platforms)
{
	const char *argv[20];
	int n = 0;

	argv[n++] = pvabi();
	argv[n++] = "matrix";
	argv[n++] = "--spec";
	argv[n++] = "spec/kvm.xml";
	argv[n++] = "--registry";
	argv[n++] = "spec/kvm-versions.xml";
	argv[n++] = cmd ? "--engine-cmd" : "--engine";
	argv[n++] = cmd ? cmd : engines;
	argv[n++] = "--platforms";
	argv[n++] = platforms;
	argv[n++] = "--jobs";
	argv[n++] = "2";
	argv[n++] = "--quiet";
	argv[n++] = "--out";
	argv[n++] = pvabi_test_path(tmp, dir);
	argv[n] = NULL;
	return pvabi_test_run(argv, out, sizeof(out));
}

/* Every report names a revision by the spec's release id (3.6.0), never
 * by its code split as pvabi's own revisions are (3.1536), and so does a
 * re-rendering of the results without the spec. */
static void release_ids(const char *dir)
{
	static const char *const split = "'3[.]1536|2[.]1561'";
	char cmd[4096], d[256];

	snprintf(d, sizeof(d), "%s", pvabi_test_path(tmp, dir));
	snprintf(cmd, sizeof(cmd), "grep -q '\"revision\":\"3.6.0\"' '%s/results.json' && "
		 "grep -q 'value=\"3.6.0\"' '%s/junit.xml' && grep -q 'pass at 3.6.0' '%s/index.html'",
		 d, d, d);
	CU_ASSERT_EQUAL(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "grep -Eq %s '%s/results.json' '%s/junit.xml' '%s/index.html'",
		 split, d, d, d);
	CU_ASSERT_NOT_EQUAL(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "'%s' report render '%s' >/dev/null && "
		 "grep -q '\"revision\":\"3.6.0\"' '%s/results.json' && "
		 "! grep -Eq %s '%s/results.json' '%s/index.html'", pvabi(), d, d, split, d, d);
	CU_ASSERT_EQUAL(system(cmd), 0);
}

/* Two rows, three columns, three engines: kvm presents every column,
 * qemu-kvm every one but 2.6.25's (one property for two bits), qemu-tcg
 * none, each SKIP naming why; nothing else is green or red. */
static void test_matrix(void)
{
	const char *why = unable();
	int rc;

	if (why)
		PVABI_SKIP(why);
	rc = matrix("m", "kvm,qemu-kvm,qemu-tcg", NULL, "current,2.6.25,3.1.0");
	if (rc)
		printf("\n%s\n", out);
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "18 cells, 10 green"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "PASS 10, SKIP 8, ERROR 0, FAIL 0, TIMEOUT 0, CRASH 0"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "6 cells: the engine cannot run this cell here: QEMU "
				       "TCG implements none of KVM's paravirtual MSRs"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "2 cells: the engine cannot run this cell here: "
				       "profile 2.6.25 offers CLOCKSOURCE without CLOCKSOURCE2"));
	release_ids("m");
}

/* A host that shows today's offer whatever its column says: the newer
 * guest takes more than a 3.1 host offered, and that cell is red; the
 * older guest, which knows nothing newer, cannot tell. */
static void test_profile_ignored(void)
{
	const char *why = unable();
	char script[300], tmpl[600];
	int rc;

	if (why)
		PVABI_SKIP(why);
	snprintf(script, sizeof(script), "%s/today.sh", tmp);
	CU_ASSERT_EQUAL_FATAL(pvabi_test_write_file(script, "exec \"$1\" run \"$2\" --engine kvm "
			      "--spec spec/kvm.xml --registry spec/kvm-versions.xml --timeout \"$3\"\n",
			      0755), 0);
	snprintf(tmpl, sizeof(tmpl), "/bin/sh %s {pvabi} {image} {timeout} {platform}", script);
	rc = matrix("ignored", NULL, tmpl, "current,3.1.0");
	CU_ASSERT_EQUAL(rc, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "4 cells, 3 green"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "FAIL     3.6.0~as-3.1.0~cmd"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "features 0x100007b; predicted: pass at 3.6.0 with "
				       "features 0x100003b"));
}

static const struct pvabi_test_case oracle_cases[] = {
	{ "host profiles from the release axis", test_profiles },
	{ "predictions with the replaced-by fallback", test_oracle },
	{ "what each engine can present", test_engines },
	{ NULL, NULL },
};

static const struct pvabi_test_case matrix_cases[] = {
	{ "frozen images match their MANIFEST", test_frozen },
	{ "rows x host profiles x engines", test_matrix },
	{ "a host ignoring its profile is red", test_profile_ignored },
	{ NULL, NULL },
};

static const struct pvabi_test_suite suites[] = {
	{ "kvm-oracle", oracle_cases, setup, teardown },
	{ "kvm-matrix", matrix_cases, setup, teardown },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	return pvabi_test_main(suites, argc, argv);
}
