/* The generated conformance suites of spec/kvm.xml (gen --target
 * conformance, build/guest/kvm/REV/conformance.elf): every revision's
 * suite as a fresh row of the KVM matrix, green on today's host and on a
 * 2.6.25 host as the oracle predicts; on pvabi's own platform, which
 * offers no KVM leaf, every MSR must give #GP; and two seeded hosts turn
 * them red: one that offers every bit but denies the MSRs (each vector
 * that expects an MSR accepted fails, and every scenario), one that
 * serves the MSRs without offering their bits (each not-offered check
 * fails). Runs that need /dev/kvm skip with the reason. */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmp[64];
static char out[1 << 17];

static const char *const revs[] = {
	"2.6.25", "2.6.35", "2.6.38", "3.1.0", "3.6.0", "3.12.0", "4.9.0", "4.11.0",
	"4.16.0", "4.19.0", "5.2.0", "5.4.0", "5.8.0", "5.10.0", "5.16.0", "6.1.0",
};
#define NREVS (sizeof(revs) / sizeof(revs[0]))

/* The KVM MSRs a 6.1 host kernel serves itself (migration control, 0x4b564d08,
 * is the VMM's). */
static const char denied[] = "0x11,0x12,0x4b564d00,0x4b564d01,0x4b564d02,0x4b564d03,"
			     "0x4b564d04,0x4b564d05,0x4b564d06,0x4b564d07";

static int setup(void)
{
	snprintf(tmp, sizeof(tmp), "/tmp/pvabi-kvmsuite-XXXXXX");
	return mkdtemp(tmp) ? 0 : -1;
}

static int teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	return system(cmd);
}

static const char *unable(void)
{
	return access("/dev/kvm", R_OK | W_OK) ? "no usable /dev/kvm: the kvm engine cannot run here"
					       : NULL;
}

/* How many lines of out hold both a and b. */
static int lines_with(const char *a, const char *b)
{
	const char *p = out;
	int n = 0;

	while (p && *p) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		char line[1024];

		snprintf(line, sizeof(line), "%.*s", (int)(len < 1023 ? len : 1023), p);
		n += strstr(line, a) && strstr(line, b);
		p = e ? e + 1 : NULL;
	}
	return n;
}

/* Every revision's suite on today's host and on a 2.6.25 host. */
static void test_rows(void)
{
	const char *why = unable();
	const char *argv[24];
	char images[400] = "", summary[96];
	size_t i, k = 0;
	int n = 0, rc;

	if (why)
		PVABI_SKIP(why);
	for (i = 0; i < NREVS; i++)
		k += (size_t)snprintf(images + k, sizeof(images) - k, "%s%s-fresh", i ? "," : "",
				      revs[i]);
	argv[n++] = pvabi_test_path(pvabi_test_builddir(), "pvabi");
	argv[n++] = "matrix";
	argv[n++] = "--spec";
	argv[n++] = "spec/kvm.xml";
	argv[n++] = "--registry";
	argv[n++] = "spec/kvm-versions.xml";
	argv[n++] = "--engine";
	argv[n++] = "kvm";
	argv[n++] = "--fresh";
	argv[n++] = "--images";
	argv[n++] = images;
	argv[n++] = "--platforms";
	argv[n++] = "current,2.6.25";
	argv[n++] = "--jobs";
	argv[n++] = "2";
	argv[n++] = "--quiet";
	argv[n++] = "--out";
	argv[n++] = pvabi_test_path(tmp, "m");
	argv[n] = NULL;
	rc = pvabi_test_run(argv, out, sizeof(out));
	if (rc)
		printf("\n%s\n", out);
	CU_ASSERT_EQUAL(rc, 0);
	snprintf(summary, sizeof(summary), "%zu cells, %zu green", 2 * NREVS, 2 * NREVS);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, summary));
}

/* The newest revision's suite on pvabi-vm with the KVM options given. */
static int vm(const char *features, const char *deny, const char *enforce)
{
	char image[512];
	const char *argv[12];
	int n = 0;

	snprintf(image, sizeof(image), "%s",
		 pvabi_test_path(pvabi_test_builddir(), "guest/kvm/6.1.0/conformance.elf"));
	argv[n++] = pvabi_test_path(pvabi_test_builddir(), "platform/pvabi-vm");
	argv[n++] = image;
	if (features) {
		argv[n++] = "--kvm-features";
		argv[n++] = features;
	}
	if (deny) {
		argv[n++] = "--deny-msr";
		argv[n++] = deny;
	}
	if (enforce) {
		argv[n++] = "--pv-enforce";
		argv[n++] = enforce;
	}
	argv[n] = NULL;
	return pvabi_test_run(argv, out, sizeof(out));
}

/* No KVM leaf: nothing offered, every MSR #GP, nothing else runs. */
static void test_reference(void)
{
	const char *why = unable();

	if (why)
		PVABI_SKIP(why);
	CU_ASSERT_EQUAL(vm(NULL, NULL, NULL), 0);
	CU_ASSERT_EQUAL(lines_with("ok ", "not offered: wrmsr 0, rdmsr -> error=EGP"), 11);
	CU_ASSERT_EQUAL(lines_with("not ok", ""), 0);
	CU_ASSERT_EQUAL(lines_with("-> ret=0 # SKIP feature not offered", ""), 8);
}

/* Every bit offered, every MSR denied: each vector that expects an MSR
 * accepted fails, and so does every scenario; the reserved-bit vectors
 * still see #GP. */
static void test_denied(void)
{
	const char *why = unable();

	if (why)
		PVABI_SKIP(why);
	CU_ASSERT_EQUAL(vm("0xffffffff", denied, NULL), 1);
	CU_ASSERT_EQUAL(lines_with("not ok", "-> ret=0 (got step 1: ret 0xfffffffffffffff3"), 8);
	CU_ASSERT_EQUAL(lines_with("not ok", "scenario "), 6);
	CU_ASSERT_EQUAL(lines_with("ok ", "value=0x10 -> error=EGP"), 1);
}

/* Nothing offered but the stable bit, enforcement off (KVM serves every
 * MSR it implements): each not-offered check of those fails. */
static void test_served_unoffered(void)
{
	const char *why = unable();

	if (why)
		PVABI_SKIP(why);
	CU_ASSERT_EQUAL(vm("0x1000000", NULL, "off"), 1);
	CU_ASSERT_EQUAL(lines_with("not ok", "not offered: wrmsr 0, rdmsr -> error=EGP (got step"),
			10);
}

static const struct pvabi_test_case cases[] = {
	{ "every revision's suite as a matrix row", test_rows },
	{ "no KVM leaf: every MSR #GP", test_reference },
	{ "seeded host: bits offered, MSRs denied", test_denied },
	{ "seeded host: MSRs served, bits not offered", test_served_unoffered },
	{ NULL, NULL },
};

static const struct pvabi_test_suite suites[] = {
	{ "kvm-suite", cases, setup, teardown },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	return pvabi_test_main(suites, argc, argv);
}
