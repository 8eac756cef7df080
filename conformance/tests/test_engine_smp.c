/* Two vCPUs on every engine that runs the reference platform: the image
 * guest/tests/smp.elf starts vCPU 1 and calls from both, and this test's
 * platform answers each call with the number of the vCPU the engine said
 * rang, so the guest and the test both see whether vCPU 1 rings as
 * itself. A vCPU 1 that spins, ends the run or triple-faults never holds
 * or crashes the host side; an engine given one vCPU leaves the image's
 * vCPU 1 unstarted (the guest's SKIP). Each engine's cases skip, saying
 * why, where it cannot run here. */
#include "conformance/engine.h"
#include "platform/host.h"
#include "tests/harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OP_WHO 0xfffffff0u
#define EXIT_PASS 0x20u /* PVABI_EXIT_BASE + status */
#define EXIT_SKIP 0x21u

struct who {
	struct pvabi_host host;
	uint32_t vcpu;          /* the vCPU ringing now */
	unsigned int rings[3];  /* by vCPU: 0, 1, any other */
};

static char console[16384];
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

static int64_t who_dispatch(void *ctx, uint32_t op, uint32_t nargs, const uint64_t *args)
{
	struct who *w = ctx;

	(void)nargs;
	(void)args;
	return op == OP_WHO ? (int64_t)w->vcpu : -38;
}

static int who_doorbell(void *ctx, uint32_t vcpu, uint8_t *mem, size_t size, uint8_t value)
{
	struct who *w = ctx;

	(void)value;
	w->vcpu = vcpu;
	w->rings[vcpu < 2 ? vcpu : 2]++;
	w->host.mem = mem;
	w->host.size = size;
	return pvabi_host_serve(&w->host) < 0 ? -1 : 0;
}

static void run_mode(const struct pvabi_engine *e, const char *mode, unsigned int vcpus,
		     unsigned int timeout_ms, struct pvabi_engine_result *res, struct who *w)
{
	char image[4096], cmdline[64];
	struct pvabi_engine_cfg cfg;

	snprintf(image, sizeof(image), "%s/guest/tests/smp.elf", pvabi_test_builddir());
	snprintf(cmdline, sizeof(cmdline), "mode=%s", mode);
	memset(w, 0, sizeof(*w));
	w->host.frame_gpa = 0x7000;
	w->host.dispatch = who_dispatch;
	w->host.ctx = w;
	w->host.error_inval = -22;
	memset(&cfg, 0, sizeof(cfg));
	cfg.image = image;
	cfg.cmdline = cmdline;
	cfg.timeout_ms = timeout_ms;
	cfg.doorbell_port = 0x2f8;
	cfg.console = sink;
	cfg.doorbell = who_doorbell;
	cfg.ctx = w;
	cfg.vcpus = vcpus;
	used = 0;
	console[0] = '\0';
	CU_ASSERT_EQUAL(e->run(&cfg, res), 0);
	if (getenv("PVABI_TEST_VERBOSE"))
		printf("\n  %s %s (%u vCPUs): %s 0x%x (%s), %.1f ms\n%s", e->name, mode, vcpus,
		       pvabi_outcome_name(res->outcome), res->exit_value, res->reason, res->run_ms,
		       console);
}

static void expect_exit(const struct pvabi_engine_result *res, uint32_t value)
{
	if (res->outcome != PVABI_RUN_EXITED || res->exit_value != value)
		printf("\n  %s 0x%x (%s)\n%s", pvabi_outcome_name(res->outcome), res->exit_value,
		       res->reason, console);
	CU_ASSERT_EQUAL(res->outcome, PVABI_RUN_EXITED);
	CU_ASSERT_EQUAL(res->exit_value, value);
}

/* Calls from vCPU 0, 1, 0, 1: each answered with its caller's number.
 * This case and the two below return 1 when e cannot run here (the
 * case's skip said), else 0. */
static int vcpu1_rings_as_itself(const struct pvabi_engine *e)
{
	struct pvabi_engine_result res;
	struct who w;
	char why[256];

	if (e->probe(why, sizeof(why))) {
		pvabi_test_skip(__FILE__, __LINE__, why);
		return 1;
	}
	run_mode(e, "ring", 2, 20000, &res, &w);
	expect_exit(&res, EXIT_PASS);
	CU_ASSERT_EQUAL(w.rings[0], 2);
	CU_ASSERT_EQUAL(w.rings[1], 2);
	CU_ASSERT_EQUAL(w.rings[2], 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(console, "# call 3 from vCPU 1 answered 1"));
	return 0;
}

/* The same image given one vCPU: vCPU 1 never comes, within the guest's
 * bound; every call is vCPU 0's. */
static int one_vcpu_leaves_vcpu1_unstarted(const struct pvabi_engine *e)
{
	struct pvabi_engine_result res;
	struct who w;
	char why[256];

	if (e->probe(why, sizeof(why))) {
		pvabi_test_skip(__FILE__, __LINE__, why);
		return 1;
	}
	run_mode(e, "ring", 1, 20000, &res, &w);
	expect_exit(&res, EXIT_SKIP);
	CU_ASSERT_PTR_NOT_NULL(strstr(console, "vCPU 1 did not start"));
	CU_ASSERT_EQUAL(w.rings[1] + w.rings[2], 0);
	return 0;
}

/* vCPU 1 spinning, ending the run, triple-faulting; both spinning. */
static int vcpu1_never_holds_the_host(const struct pvabi_engine *e)
{
	struct pvabi_engine_result res;
	struct who w;
	char why[256];

	if (e->probe(why, sizeof(why))) {
		pvabi_test_skip(__FILE__, __LINE__, why);
		return 1;
	}
	run_mode(e, "ap-spin", 2, 20000, &res, &w);
	expect_exit(&res, EXIT_PASS);
	CU_ASSERT_TRUE(res.run_ms < 10000);
	run_mode(e, "nostart", 2, 20000, &res, &w);
	expect_exit(&res, EXIT_PASS);
	run_mode(e, "ap-exit", 2, 20000, &res, &w);
	expect_exit(&res, EXIT_SKIP);
	run_mode(e, "ap-triple", 2, 20000, &res, &w);
	CU_ASSERT_EQUAL(res.outcome, PVABI_RUN_SHUTDOWN);
	run_mode(e, "both-spin", 2, 1500, &res, &w);
	CU_ASSERT_EQUAL(res.outcome, PVABI_RUN_TIMEOUT);
	CU_ASSERT_TRUE(res.run_ms >= 1400 && res.run_ms < 10000);
	return 0;
}

#define ENGINE_CASES(fn, e)                                          \
	static void fn##_rings(void) { vcpu1_rings_as_itself(e); }   \
	static void fn##_one(void) { one_vcpu_leaves_vcpu1_unstarted(e); } \
	static void fn##_hold(void) { vcpu1_never_holds_the_host(e); }

ENGINE_CASES(kvm, &pvabi_engine_kvm)
ENGINE_CASES(tcg, &pvabi_engine_qemu_tcg)
ENGINE_CASES(qkvm, &pvabi_engine_qemu_kvm)

static const struct pvabi_test_case cases[] = {
	{ "kvm_vcpu1_rings_as_itself", kvm_rings },
	{ "kvm_one_vcpu_leaves_vcpu1_unstarted", kvm_one },
	{ "kvm_vcpu1_never_holds_the_host", kvm_hold },
	{ "qemu_tcg_vcpu1_rings_as_itself", tcg_rings },
	{ "qemu_tcg_one_vcpu_leaves_vcpu1_unstarted", tcg_one },
	{ "qemu_tcg_vcpu1_never_holds_the_host", tcg_hold },
	{ "qemu_kvm_vcpu1_rings_as_itself", qkvm_rings },
	{ "qemu_kvm_one_vcpu_leaves_vcpu1_unstarted", qkvm_one },
	{ "qemu_kvm_vcpu1_never_holds_the_host", qkvm_hold },
	{ NULL, NULL },
};

static const struct pvabi_test_suite suites[] = {
	{ "engine_smp", cases, NULL, NULL },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	return pvabi_test_main(suites, argc, argv);
}
