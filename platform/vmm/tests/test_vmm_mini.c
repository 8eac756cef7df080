/* The VMM with the real call-frame transport: the mini conformance images
 * of every revision boot in the VMM, negotiate with the mini platform in
 * this process through the doorbell port (served during the exit), run
 * their suites and exit PASS; and the same image without a platform
 * answering spins on its first call until the timeout ends it. Skips,
 * saying why, where /dev/kvm is missing or unusable. */
#include "platform/tests/mini_host.h"
#include "platform/vmm/vmm.h"
#include "tests/harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DOORBELL_PORT 0x2f8 /* the mini images' call-frame doorbell */

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

static void cfg_for(struct pvabi_vm_config *cfg, const char *rev, char *image, size_t n)
{
	snprintf(image, n, "%s/guest/mini/%s/conformance.elf", pvabi_test_builddir(), rev);
	memset(cfg, 0, sizeof(*cfg));
	cfg->image = image;
	cfg->timeout_ms = 20000;
	cfg->console = sink;
	cfg->doorbell_port = DOORBELL_PORT;
	used = 0;
	console[0] = '\0';
}

#define NEED_KVM()                                                             \
	do {                                                                   \
		char w_[200], m_[300];                                         \
		if (pvabi_vm_probe(w_, sizeof(w_))) {                          \
			snprintf(m_, sizeof(m_), "no usable /dev/kvm: %s", w_); \
			PVABI_SKIP(m_);                                        \
		}                                                              \
	} while (0)

static void test_every_revision(void)
{
	static const char *const revs[] = { "1.0", "1.1", "1.2" };
	struct pvabi_vm_config cfg;
	struct pvabi_vm_result res;
	struct mini_ctx c;
	char image[4096];
	size_t i;

	NEED_KVM();
	for (i = 0; i < 3; i++) {
		cfg_for(&cfg, revs[i], image, sizeof(image));
		CU_ASSERT_EQUAL_FATAL(mini_platform_init(&c), 0);
		cfg.doorbell = mini_platform_doorbell;
		cfg.doorbell_ctx = &c;
		CU_ASSERT_EQUAL(pvabi_vm_run(&cfg, &res), 0);
		if (res.outcome != PVABI_VM_EXITED || res.exit_value != 0x20 ||
		    getenv("PVABI_TEST_VERBOSE"))
			printf("\n  %s: %s 0x%x: %s (boot %.1f ms, %llu doorbells)\n%s\n", revs[i],
			       pvabi_vm_outcome_name(res.outcome), res.exit_value, res.reason,
			       res.boot_ns / 1e6, (unsigned long long)res.exits.doorbell, console);
		CU_ASSERT_EQUAL(res.outcome, PVABI_VM_EXITED);
		CU_ASSERT_EQUAL(res.exit_value, 0x20); /* PVABI_EXIT_BASE + PVABI_PASS */
		CU_ASSERT_PTR_NOT_NULL(strstr(console, "TAP version 13"));
		CU_ASSERT_PTR_NULL(strstr(console, "not ok"));
		CU_ASSERT_EQUAL(c.negotiated.status, PVABI_NEG_OK);
		CU_ASSERT_TRUE(res.exits.doorbell >= 5);
		CU_ASSERT_EQUAL(res.exits.doorbell, c.host.calls + c.host.spurious);
		CU_ASSERT_EQUAL(c.host.spurious, 0); /* served during the exit: always pending */
	}
}

static int no_platform(void *ctx, uint32_t vcpu, uint8_t *mem, size_t size, uint8_t value)
{
	(void)vcpu;
	(void)ctx;
	(void)mem;
	(void)size;
	(void)value;
	return 0;
}

static void test_no_platform(void)
{
	struct pvabi_vm_config cfg;
	struct pvabi_vm_result res;
	char image[4096];

	NEED_KVM();
	cfg_for(&cfg, "1.2", image, sizeof(image));
	cfg.timeout_ms = 700;
	cfg.doorbell = no_platform;
	CU_ASSERT_EQUAL(pvabi_vm_run(&cfg, &res), 0);
	CU_ASSERT_EQUAL(res.outcome, PVABI_VM_TIMEOUT);
	CU_ASSERT_EQUAL(res.exits.doorbell, 1);
	CU_ASSERT_TRUE(res.boot_ns >= 700000000ull && res.boot_ns < 5000000000ull);
}

static const struct pvabi_test_case cases[] = {
	{ "mini images pass through the doorbell", test_every_revision },
	{ "no platform: timeout", test_no_platform },
	{ NULL, NULL },
};

static const struct pvabi_test_suite suites[] = {
	{ "vmm-mini", cases, NULL, NULL },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	return pvabi_test_main(suites, argc, argv);
}
