/* The qemu engines end to end: the mini conformance images of every
 * revision boot under QEMU, negotiate with the mini platform in this
 * process through shared memory and the serial doorbell, run their
 * suites and exit PASS; a timeout and a missing QEMU give their own
 * outcomes; nothing is left behind. Skips, saying why, where QEMU (or
 * /dev/kvm for qemu-kvm) is missing. */
#include "conformance/engine.h"
#include "platform/tests/mini_host.h"
#include "tests/harness.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char console[65536];
static size_t used;

static void sink(void *ctx, const char *buf, size_t n)
{
	(void)ctx;
	if (used + n < sizeof(console)) {
		memcpy(console + used, buf, n);
		used += n;
		console[used] = '\0';
	}
}

static int run_image(const struct pvabi_engine *e, const char *rev, unsigned int timeout_ms,
		     struct pvabi_engine_result *res, struct mini_ctx *c)
{
	char image[4096];
	struct pvabi_engine_cfg cfg;

	snprintf(image, sizeof(image), "%s/guest/mini/%s/conformance.elf", pvabi_test_builddir(), rev);
	if (mini_platform_init(c))
		return -1;
	memset(&cfg, 0, sizeof(cfg));
	cfg.image = image;
	cfg.timeout_ms = timeout_ms;
	cfg.doorbell_port = 0x2f8;
	cfg.console = sink;
	cfg.doorbell = mini_platform_doorbell;
	cfg.ctx = c;
	used = 0;
	console[0] = '\0';
	return e->run(&cfg, res);
}

/* Every mini image boots on e and passes. 1 when e cannot run here (the
 * case's skip said), else 0. */
static int boot_all(const struct pvabi_engine *e)
{
	static const char *const revs[] = { "1.0", "1.1", "1.2" };
	struct pvabi_engine_result res;
	struct mini_ctx c;
	char why[256];
	size_t i;

	if (e->probe(why, sizeof(why))) {
		pvabi_test_skip(__FILE__, __LINE__, why);
		return 1;
	}
	for (i = 0; i < 3; i++) {
		CU_ASSERT_EQUAL_FATAL(run_image(e, revs[i], 20000, &res, &c), 0);
		if (res.outcome != PVABI_RUN_EXITED || res.exit_value != 0x20 ||
		    getenv("PVABI_TEST_VERBOSE"))
			printf("\n  %s %s: %s (%s)\n%s\n", e->name, revs[i],
			       pvabi_outcome_name(res.outcome), res.reason, console);
		CU_ASSERT_EQUAL(res.outcome, PVABI_RUN_EXITED);
		CU_ASSERT_EQUAL(res.exit_value, 0x20); /* PVABI_EXIT_BASE + PVABI_PASS */
		CU_ASSERT_PTR_NOT_NULL(strstr(console, "TAP version 13"));
		CU_ASSERT_PTR_NULL(strstr(console, "not ok"));
		CU_ASSERT_EQUAL(c.negotiated.status, PVABI_NEG_OK);
		CU_ASSERT_TRUE(res.doorbells >= 5);
	}
	return 0;
}

static void test_tcg(void)
{
	boot_all(&pvabi_engine_qemu_tcg);
}

static void test_kvm(void)
{
	boot_all(&pvabi_engine_qemu_kvm);
}

/* Without a platform answering, the guest spins on its first call: the
 * runner's timeout ends it and QEMU is gone afterwards. */
static int no_platform(void *ctx, uint32_t vcpu, uint8_t *mem, size_t size, uint8_t value)
{
	(void)vcpu;
	(void)ctx;
	(void)mem;
	(void)size;
	(void)value;
	return 0;
}

static void test_timeout(void)
{
	const struct pvabi_engine *e = &pvabi_engine_qemu_tcg;
	struct pvabi_engine_result res;
	struct pvabi_engine_cfg cfg;
	char image[4096], why[256];

	if (e->probe(why, sizeof(why)))
		PVABI_SKIP(why);
	snprintf(image, sizeof(image), "%s/guest/mini/1.2/conformance.elf", pvabi_test_builddir());
	memset(&cfg, 0, sizeof(cfg));
	cfg.image = image;
	cfg.timeout_ms = 1500;
	cfg.doorbell = no_platform;
	CU_ASSERT_EQUAL(e->run(&cfg, &res), 0);
	CU_ASSERT_EQUAL(res.outcome, PVABI_RUN_TIMEOUT);
	CU_ASSERT_TRUE(res.run_ms >= 1400 && res.run_ms < 10000);
}

static void test_missing_qemu(void)
{
	struct pvabi_engine_result res;
	struct pvabi_engine_cfg cfg;
	char why[256];

	setenv("PVABI_QEMU", "/nonexistent/qemu-system-x86_64", 1);
	CU_ASSERT_NOT_EQUAL(pvabi_engine_qemu_tcg.probe(why, sizeof(why)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "not found"));
	memset(&cfg, 0, sizeof(cfg));
	cfg.image = "/nonexistent.elf";
	cfg.timeout_ms = 5000;
	CU_ASSERT_EQUAL(pvabi_engine_qemu_tcg.run(&cfg, &res), 0);
	if (res.outcome != PVABI_RUN_UNAVAILABLE)
		printf("\n  outcome %s: %s\n", pvabi_outcome_name(res.outcome), res.reason);
	CU_ASSERT_EQUAL(res.outcome, PVABI_RUN_UNAVAILABLE);
	unsetenv("PVABI_QEMU");
}

static const struct pvabi_test_case cases[] = {
	{ "qemu_tcg_boots_every_revision", test_tcg },
	{ "qemu_kvm_boots_every_revision", test_kvm },
	{ "timeout", test_timeout },
	{ "missing_qemu", test_missing_qemu },
	{ NULL, NULL },
};

static const struct pvabi_test_suite suites[] = {
	{ "engine_qemu", cases, NULL, NULL },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	return pvabi_test_main(suites, argc, argv);
}
