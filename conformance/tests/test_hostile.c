/* The hostile guest (guest/hostile.c) against the mini platform on every
 * usable engine: random op ids and nargs, pointers into the frame, at and
 * beyond the end of RAM and around 2^64, corrupt frames and doorbells with
 * nothing pending. The run must end EXITED with PASS within the timeout
 * (the guest checked every answer), and the platform's own counters must
 * show exactly the bad frames the guest sent refused and the spurious
 * doorbells ignored. Under SANITIZE=1 any out-of-bounds access of the host
 * side ends the test. */
#include "conformance/engine.h"
#include "platform/pvp/pvp.h"
#include "platform/tests/mini_host.h"
#include "tests/harness.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COUNT 2000

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

/* Every engine reports the raw isa-debug-exit value: PASS is 0x20. */
static int passed(const struct pvabi_engine_result *r)
{
	return r->outcome == PVABI_RUN_EXITED && r->exit_value == 0x20;
}

/* A platform that breaks the ABI: nop answers an error the ABI does not
 * define. */
static int64_t broken_dispatch(void *ctx, uint32_t op, uint32_t nargs, const uint64_t *args)
{
	struct mini_ctx *c = ctx;
	int64_t ret = mini_dispatch(c, &c->st, op, nargs, args);

	return op == MINI_OP_NOP && ret == 0 ? -12345 : ret;
}

static int run_hostile(const struct pvabi_engine *e, unsigned int seed, struct mini_ctx *c,
		       struct pvabi_engine_result *res, int broken)
{
	struct pvabi_engine_cfg cfg;
	char image[4096], cmdline[128];

	snprintf(image, sizeof(image), "%s/guest/mini/hostile.elf", pvabi_test_builddir());
	snprintf(cmdline, sizeof(cmdline), "seed=%u count=%d ram=64", seed, COUNT);
	if (mini_platform_init(c))
		return -1;
	if (broken)
		c->host.dispatch = broken_dispatch;
	memset(&cfg, 0, sizeof(cfg));
	cfg.image = image;
	cfg.cmdline = cmdline;
	cfg.timeout_ms = 60000;
	cfg.mem_size = 64u << 20;
	cfg.doorbell_port = 0x2f8;
	cfg.console = sink;
	cfg.doorbell = mini_platform_doorbell;
	cfg.ctx = c;
	used = 0;
	console[0] = '\0';
	return e->run(&cfg, res);
}

static void hostile(const struct pvabi_engine *e, unsigned int seed)
{
	struct pvabi_engine_result res;
	struct mini_ctx c;
	char why[256];
	unsigned long long calls = 0, bad = 0, spurious = 0;
	const char *line;

	if (e->probe(why, sizeof(why)))
		PVABI_SKIP(why);
	CU_ASSERT_EQUAL_FATAL(run_hostile(e, seed, &c, &res, 0), 0);
	line = strstr(console, "# hostile: ");
	if (line)
		sscanf(line, "# hostile: calls=%llu bad_frames=%llu spurious=%llu", &calls, &bad,
		       &spurious);
	if (!passed(&res) || !line || getenv("PVABI_TEST_VERBOSE"))
		printf("\n  %s seed %u: %s (%s) %.1f ms; host calls=%" PRIu64 " bad_frames=%" PRIu64
		       " spurious=%" PRIu64 "\n%s\n", e->name, seed, pvabi_outcome_name(res.outcome),
		       res.reason, res.run_ms, c.host.calls, c.host.bad_frames, c.host.spurious,
		       console);
	CU_ASSERT_TRUE(passed(&res));
	CU_ASSERT_PTR_NULL(strstr(console, "not ok"));
	CU_ASSERT_PTR_NOT_NULL_FATAL(line);
	CU_ASSERT_TRUE(calls >= COUNT && bad > 0 && spurious > 0);
	/* every bad frame the guest sent was refused by the frame server;
	 * the calls it counted (plus negotiation's) were all served */
	CU_ASSERT_EQUAL(c.host.bad_frames, bad);
	CU_ASSERT_TRUE(c.host.calls >= calls && c.host.calls <= calls + 4);
	/* QEMU delivers doorbell bytes after the guest moved on, so a ring
	 * meant as spurious may find the next call pending: at least as
	 * many, never fewer than the guest sent, for the own VMM exactly */
	if (e == &pvabi_engine_kvm)
		CU_ASSERT_EQUAL(c.host.spurious, spurious);
	CU_ASSERT_TRUE(c.host.spurious + c.host.calls >= spurious + calls);
	CU_ASSERT_EQUAL(c.negotiated.status, PVABI_NEG_OK);
}

static void test_kvm(void)
{
	hostile(&pvabi_engine_kvm, 1);
	hostile(&pvabi_engine_kvm, 2);
	hostile(&pvabi_engine_kvm, 0xdead);
}

static void test_qemu_tcg(void)
{
	hostile(&pvabi_engine_qemu_tcg, 1);
	hostile(&pvabi_engine_qemu_tcg, 3);
}

static void test_qemu_kvm(void)
{
	hostile(&pvabi_engine_qemu_kvm, 4);
}

/* The guest's checks can fail: an undefined error makes the run FAIL. */
static void test_broken_platform(void)
{
	const struct pvabi_engine *e = &pvabi_engine_qemu_tcg;
	struct pvabi_engine_result res;
	struct mini_ctx c;
	char why[256];

	if (e->probe(why, sizeof(why)))
		e = &pvabi_engine_kvm;
	if (e->probe(why, sizeof(why)))
		PVABI_SKIP(why);
	CU_ASSERT_EQUAL_FATAL(run_hostile(e, 1, &c, &res, 1), 0);
	CU_ASSERT_EQUAL(res.outcome, PVABI_RUN_EXITED);
	CU_ASSERT_TRUE(res.exit_value == 0x24); /* PVABI_EXIT_BASE + FAIL */
	CU_ASSERT_PTR_NOT_NULL(strstr(console, "undefined result -12345"));
	CU_ASSERT_PTR_NOT_NULL(strstr(console, "not ok"));
}

/* The same guest against the reference platform, negotiating 2.1 with
 * every feature. Ops that write guest memory at a guest-chosen table
 * (mmu_update, mmu_update_batch) and shutdown are left out of the random
 * stream: the first could overwrite the guest's own code and the second
 * ends the run; their hostile arguments are covered in-process by
 * platform/pvp/tests/test_hostile.c. Every other op gets random ids,
 * arguments and pointers, including ones that make the platform write
 * into the guest (cpuid, read_msr, get_time_info, evtchn_status). */
static int pvp_profile(struct pvabi_neg_profile *p)
{
	struct pvabi_neg_rev_desc d[PVP_WINDOW_NREVS];
	int k;

	for (k = 0; k < PVP_WINDOW_NREVS; k++) {
		d[k].rev = pvp_window_revs[k];
		d[k].served = 1;
		d[k].features_defined = pvp_window_features[k];
	}
	return pvabi_neg_profile_build(p, d, PVP_WINDOW_NREVS, ~UINT64_C(0), 0x70767068);
}

static void hostile_pvp(const struct pvabi_engine *e, unsigned int seed)
{
	static struct pvp_ctx c;
	struct pvabi_neg_profile prof;
	struct pvabi_engine_result res;
	struct pvabi_engine_cfg cfg;
	struct pvp_options o;
	char image[4096], cmdline[128], why[256];
	unsigned long long calls = 0, bad = 0, spurious = 0;
	const char *line;

	if (e->probe(why, sizeof(why)))
		PVABI_SKIP(why);
	snprintf(image, sizeof(image), "%s/guest/pvp/hostile.elf", pvabi_test_builddir());
	snprintf(cmdline, sizeof(cmdline), "seed=%u count=%d ram=64 skip=%u,%u,%u", seed, COUNT,
		 PVP_OP_SHUTDOWN, PVP_OP_MMU_UPDATE, PVP_OP_MMU_UPDATE_BATCH);
	memset(&o, 0, sizeof(o));
	CU_ASSERT_EQUAL_FATAL(pvp_profile(&prof), 0);
	CU_ASSERT_EQUAL_FATAL(pvp_platform_init(&c, &prof, &o), 0);
	memset(&cfg, 0, sizeof(cfg));
	cfg.image = image;
	cfg.cmdline = cmdline;
	cfg.timeout_ms = 60000;
	cfg.mem_size = 64u << 20;
	cfg.doorbell_port = (uint16_t)PVP_DOORBELL_PORT;
	cfg.console = sink;
	cfg.doorbell = pvp_platform_doorbell;
	cfg.ctx = &c;
	used = 0;
	console[0] = '\0';
	CU_ASSERT_EQUAL_FATAL(e->run(&cfg, &res), 0);
	line = strstr(console, "# hostile: ");
	if (line)
		sscanf(line, "# hostile: calls=%llu bad_frames=%llu spurious=%llu", &calls, &bad,
		       &spurious);
	if (!passed(&res) || !line || getenv("PVABI_TEST_VERBOSE"))
		printf("\n  pvp %s seed %u: %s (%s) %.1f ms; host calls=%" PRIu64 " bad_frames=%" PRIu64
		       "\n%s\n", e->name, seed, pvabi_outcome_name(res.outcome), res.reason,
		       res.run_ms, c.host.calls, c.host.bad_frames, console);
	CU_ASSERT_TRUE(passed(&res));
	CU_ASSERT_PTR_NULL(strstr(console, "not ok"));
	CU_ASSERT_PTR_NOT_NULL_FATAL(line);
	CU_ASSERT_TRUE(calls >= COUNT && bad > 0 && spurious > 0);
	CU_ASSERT_EQUAL(c.host.bad_frames, bad);
	CU_ASSERT_TRUE(c.host.calls >= calls && c.host.calls <= calls + 4);
	CU_ASSERT_TRUE(c.agreed_valid && c.agreed.chosen == pvp_window_revs[PVP_WINDOW_NREVS - 1]);
	CU_ASSERT_EQUAL(c.shutdown_reason, -1);
	pvp_platform_fini(&c);
}

static void test_pvp_kvm(void)
{
	hostile_pvp(&pvabi_engine_kvm, 1);
	hostile_pvp(&pvabi_engine_kvm, 7);
}

static void test_pvp_qemu_tcg(void)
{
	hostile_pvp(&pvabi_engine_qemu_tcg, 2);
	hostile_pvp(&pvabi_engine_qemu_tcg, 9);
}

static const struct pvabi_test_case cases[] = {
	{ "kvm", test_kvm },
	{ "qemu_tcg", test_qemu_tcg },
	{ "qemu_kvm", test_qemu_kvm },
	{ "broken_platform_detected", test_broken_platform },
	{ "pvp_kvm", test_pvp_kvm },
	{ "pvp_qemu_tcg", test_pvp_qemu_tcg },
	{ NULL, NULL },
};

static const struct pvabi_test_suite suites[] = {
	{ "hostile", cases, NULL, NULL },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	return pvabi_test_main(suites, argc, argv);
}
