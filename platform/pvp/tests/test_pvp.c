/* The pvp reference platform's handlers, called through the generated
 * dispatch over guest memory in this process: what each op's <doc> in
 * spec/platform.xml promises, beyond what the conformance vectors (which
 * only see one guest's view) can observe. */
#include "platform/pvp/tests/pvp_fixture.h"
#include "tests/harness.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define MEM (1u << 20)
#define NEG_AT 0x8000u /* offer and answer */
#define BUF 0x9000u    /* scratch for out arguments */
#define R(a, b) PVABI_NEG_REV(a, b)
#define ALL ~UINT64_C(0)

static struct gmem g;
static struct pvp_ctx c;
static struct logbuf lg;
static uint32_t injected_vcpu, injected_vector, injections;

static void inject(void *ctx, uint32_t vcpu, uint8_t vector)
{
	(void)ctx;
	injected_vcpu = vcpu;
	injected_vector = vector;
	injections++;
}

/* A platform with nvcpus vCPUs that negotiated exactly rev with the
 * features in `features`. */
static void start(uint32_t rev, uint64_t features, uint32_t nvcpus)
{
	struct pvp_options o = { logbuf_sink, &lg, nvcpus, 0, inject, NULL };
	struct pvabi_neg_profile p;

	pvp_platform_fini(&c);
	gmem_free(&g);
	memset(&lg, 0, sizeof(lg));
	injections = 0;
	CU_ASSERT_EQUAL_FATAL(gmem_alloc(&g, MEM), 0);
	CU_ASSERT_EQUAL_FATAL(pvp_test_window_profile(&p), 0);
	CU_ASSERT_EQUAL_FATAL(pvp_platform_init(&c, &p, &o), 0);
	c.host.mem = g.mem;
	c.host.size = g.size;
	CU_ASSERT_EQUAL_FATAL(pvp_test_negotiate(&c, NEG_AT, rev, rev, features), PVABI_NEG_OK);
	CU_ASSERT_EQUAL_FATAL(c.st.rev, rev);
}

static int64_t call(uint32_t op, uint32_t n, ...)
{
	uint64_t a[8] = { 0 };
	va_list ap;
	uint32_t i;

	va_start(ap, n);
	for (i = 0; i < n; i++)
		a[i] = va_arg(ap, uint64_t);
	va_end(ap);
	return pvp_platform_call(&c, op, n, a);
}

#define U(x) ((uint64_t)(x))

static uint64_t rd64(uint64_t gpa)
{
	uint64_t v;

	memcpy(&v, g.mem + gpa, 8);
	return v;
}

static uint32_t rd32(uint64_t gpa)
{
	uint32_t v;

	memcpy(&v, g.mem + gpa, 4);
	return v;
}

static void wr32(uint64_t gpa, uint32_t v)
{
	memcpy(g.mem + gpa, &v, 4);
}

static void test_negotiation_record(void)
{
	start(R(1, 2), ALL, 1);
	CU_ASSERT_TRUE(c.answered);
	CU_ASSERT_EQUAL(c.answer.status, PVABI_NEG_OK);
	CU_ASSERT_EQUAL(c.answer.chosen, R(1, 2));
	CU_ASSERT_EQUAL(c.answer.granted, pvp_window_features[2]);
	/* a second offer is answered, and the first agreement stays */
	CU_ASSERT_EQUAL(pvp_test_negotiate(&c, NEG_AT, R(2, 0), R(2, 0), 0), PVABI_NEG_ALREADY_NEGOTIATED);
	CU_ASSERT_EQUAL(c.answer.status, PVABI_NEG_ALREADY_NEGOTIATED);
	CU_ASSERT_EQUAL(c.st.rev, R(1, 2));
	CU_ASSERT_TRUE(c.agreed_valid);
	CU_ASSERT_EQUAL(c.agreed.chosen, R(1, 2));
	/* buffers outside guest memory: EFAULT, nothing recorded */
	CU_ASSERT_EQUAL(call(PVP_OP_NEGOTIATE, 2, U(MEM - 8), U(NEG_AT)), PVP_EFAULT);
}

static void test_pte_writes_land(void)
{
	const uint64_t t = 0x20000, v = 0x0000000012345007;

	start(R(1, 0), 0, 1);
	CU_ASSERT_EQUAL(call(PVP_OP_MMU_UPDATE, 3, t, U(5), v), 0);
	CU_ASSERT_EQUAL(rd64(t + 5 * 8), v);
	CU_ASSERT_EQUAL(call(PVP_OP_MMU_UPDATE, 3, t, U(511), U(3)), 0);
	CU_ASSERT_EQUAL(rd64(t + 511 * 8), 3);
	CU_ASSERT_EQUAL(call(PVP_OP_MMU_UPDATE, 3, U(MEM - 4096), U(511), U(7)), 0);
	CU_ASSERT_EQUAL(rd64(MEM - 8), 7);
	/* refusals, in the documented order, write nothing */
	CU_ASSERT_EQUAL(call(PVP_OP_MMU_UPDATE, 3, U(t + 8), U(512), v), PVP_ERANGE);
	CU_ASSERT_EQUAL(call(PVP_OP_MMU_UPDATE, 3, U(t + 8), U(1), v), PVP_EINVAL);
	CU_ASSERT_EQUAL(call(PVP_OP_MMU_UPDATE, 3, t, U(6), U(1) | U(1) << 40), PVP_EINVAL);
	CU_ASSERT_EQUAL(call(PVP_OP_MMU_UPDATE, 3, t, U(6), U(1) << 63 | U(1) << 39 | 1), 0);
	CU_ASSERT_EQUAL(call(PVP_OP_MMU_UPDATE, 3, t, U(7), U(1) << 45), 0); /* not present */
	CU_ASSERT_EQUAL(call(PVP_OP_MMU_UPDATE, 3, U(MEM), U(0), U(1)), PVP_EFAULT);
	CU_ASSERT_EQUAL(rd64(t + 8), 0);
	CU_ASSERT_EQUAL(c.stats.pte_writes, 5);
	CU_ASSERT_TRUE(gmem_guards_intact(&g));
}

static void put_req(uint64_t at, uint64_t table, uint32_t index, uint32_t reserved, uint64_t value)
{
	memcpy(g.mem + at, &table, 8);
	memcpy(g.mem + at + 8, &index, 4);
	memcpy(g.mem + at + 12, &reserved, 4);
	memcpy(g.mem + at + 16, &value, 8);
}

static void test_pte_batch(void)
{
	const uint64_t reqs = 0x30000, done = BUF;

	start(R(1, 1), 0, 1);
	CU_ASSERT_EQUAL(call(PVP_OP_MMU_UPDATE_BATCH, 3, U(0), reqs, done), PVP_ENOFEATURE);
	start(R(1, 1), ALL, 1);
	put_req(reqs, 0x20000, 1, 0, 0x1001);
	put_req(reqs + 24, 0x20000, 2, 0, 0x2001);
	put_req(reqs + 48, 0x21000, 3, 0, 0x3001);
	CU_ASSERT_EQUAL(call(PVP_OP_MMU_UPDATE_BATCH, 3, U(3), reqs, done), 3);
	CU_ASSERT_EQUAL(rd32(done), 3);
	CU_ASSERT_EQUAL(rd64(0x20008), 0x1001);
	CU_ASSERT_EQUAL(rd64(0x20010), 0x2001);
	CU_ASSERT_EQUAL(rd64(0x21018), 0x3001);
	/* stops at the first bad request; the ones before stay applied */
	put_req(reqs, 0x22000, 1, 0, 0x4001);
	put_req(reqs + 24, 0x22000, 2, 1, 0x5001); /* reserved0 set */
	put_req(reqs + 48, 0x22000, 3, 0, 0x6001);
	CU_ASSERT_EQUAL(call(PVP_OP_MMU_UPDATE_BATCH, 3, U(3), reqs, done), PVP_EINVAL);
	CU_ASSERT_EQUAL(rd32(done), 1);
	CU_ASSERT_EQUAL(rd64(0x22008), 0x4001);
	CU_ASSERT_EQUAL(rd64(0x22010), 0);
	CU_ASSERT_EQUAL(rd64(0x22018), 0);
	put_req(reqs, 0x22000, 600, 0, 1);
	CU_ASSERT_EQUAL(call(PVP_OP_MMU_UPDATE_BATCH, 3, U(1), reqs, done), PVP_ERANGE);
	CU_ASSERT_EQUAL(rd32(done), 0);
	put_req(reqs, MEM, 0, 0, 1);
	CU_ASSERT_EQUAL(call(PVP_OP_MMU_UPDATE_BATCH, 3, U(1), reqs, done), PVP_EFAULT);
	CU_ASSERT_EQUAL(call(PVP_OP_MMU_UPDATE_BATCH, 3, U(513), reqs, done), PVP_E2BIG);
	CU_ASSERT_EQUAL(call(PVP_OP_MMU_UPDATE_BATCH, 3, U(0), reqs, done), 0);
	CU_ASSERT_EQUAL(rd32(done), 0);
	CU_ASSERT_TRUE(gmem_guards_intact(&g));
}

static void status_of(uint32_t port, uint32_t *f)
{
	wr32(BUF, 24);
	CU_ASSERT_EQUAL(call(PVP_OP_EVTCHN_STATUS, 2, U(port), U(BUF)), 0);
	memcpy(f, g.mem + BUF, 24);
}

static void test_evtchn_lifecycle(void)
{
	uint32_t f[6];

	start(R(1, 1), 0, 2);
	CU_ASSERT_EQUAL(call(PVP_OP_EVTCHN_ALLOC, 1, U(0)), 1);
	CU_ASSERT_EQUAL(call(PVP_OP_EVTCHN_ALLOC, 1, U(0)), 2);
	CU_ASSERT_EQUAL(call(PVP_OP_EVTCHN_CLOSE, 1, U(1)), 0);
	CU_ASSERT_EQUAL(call(PVP_OP_EVTCHN_ALLOC, 1, U(0)), 1); /* lowest first, reused */
	/* raised before the bind: pending, then delivered by the bind */
	CU_ASSERT_EQUAL(call(PVP_OP_EVTCHN_SEND, 1, U(1)), 0);
	CU_ASSERT_EQUAL(call(PVP_OP_EVTCHN_SEND, 1, U(1)), 0);
	status_of(1, f);
	CU_ASSERT_EQUAL(f[0], 24);
	CU_ASSERT_EQUAL(f[1], 1);          /* unbound */
	CU_ASSERT_EQUAL(f[3], 0xffffffffu);
	CU_ASSERT_EQUAL(f[5], 1);          /* merged without evtchn_fifo */
	CU_ASSERT_EQUAL(call(PVP_OP_EVTCHN_BIND, 3, U(1), U(1), U(0x40)), 0);
	CU_ASSERT_EQUAL(injections, 1);
	CU_ASSERT_EQUAL(injected_vcpu, 1);
	CU_ASSERT_EQUAL(injected_vector, 0x40);
	status_of(1, f);
	CU_ASSERT_EQUAL(f[1], 2);
	CU_ASSERT_EQUAL(f[3], 1);
	CU_ASSERT_EQUAL(f[4], 0x40);
	CU_ASSERT_EQUAL(f[5], 0);
	CU_ASSERT_EQUAL(call(PVP_OP_EVTCHN_SEND, 1, U(1)), 0); /* bound: delivered at once */
	CU_ASSERT_EQUAL(injections, 2);
	/* errors, in the documented order */
	CU_ASSERT_EQUAL(call(PVP_OP_EVTCHN_BIND, 3, U(1), U(0), U(0x41)), PVP_EALREADY);
	CU_ASSERT_EQUAL(call(PVP_OP_EVTCHN_BIND, 3, U(0), U(9), U(5)), PVP_EINVAL);
	CU_ASSERT_EQUAL(call(PVP_OP_EVTCHN_BIND, 3, U(1024), U(0), U(0x40)), PVP_ERANGE);
	CU_ASSERT_EQUAL(call(PVP_OP_EVTCHN_BIND, 3, U(9), U(2), U(0x40)), PVP_ERANGE);
	CU_ASSERT_EQUAL(call(PVP_OP_EVTCHN_BIND, 3, U(9), U(0), U(31)), PVP_EINVAL);
	CU_ASSERT_EQUAL(call(PVP_OP_EVTCHN_BIND, 3, U(9), U(0), U(32)), PVP_ENOENT);
	CU_ASSERT_EQUAL(call(PVP_OP_EVTCHN_SEND, 1, U(9)), PVP_ENOENT);
	CU_ASSERT_EQUAL(call(PVP_OP_EVTCHN_CLOSE, 1, U(9)), PVP_ENOENT);
	CU_ASSERT_EQUAL(call(PVP_OP_EVTCHN_CLOSE, 1, U(0)), PVP_EINVAL);
	CU_ASSERT_EQUAL(call(PVP_OP_EVTCHN_STATUS, 2, U(1024), U(BUF)), PVP_ERANGE);
	wr32(BUF, 20);
	CU_ASSERT_EQUAL(call(PVP_OP_EVTCHN_STATUS, 2, U(1), U(BUF)), PVP_EINVAL);
	/* closing discards the port; its status reads free */
	CU_ASSERT_EQUAL(call(PVP_OP_EVTCHN_CLOSE, 1, U(1)), 0);
	status_of(1, f);
	CU_ASSERT_EQUAL(f[1], 0);
	CU_ASSERT_EQUAL(f[3], 0xffffffffu);
}

static void test_evtchn_sources_and_limits(void)
{
	int64_t port = 0, t;
	uint32_t f[6];
	int i;

	start(R(1, 1), 0, 1);
	t = call(PVP_OP_EVTCHN_ALLOC, 1, U(1));
	CU_ASSERT_EQUAL(t, 1);
	CU_ASSERT_EQUAL(call(PVP_OP_EVTCHN_ALLOC, 1, U(1)), PVP_EBUSY); /* one timer port a vCPU */
	CU_ASSERT_EQUAL(call(PVP_OP_EVTCHN_SEND, 1, U(t)), PVP_EPERM);
	CU_ASSERT_EQUAL(call(PVP_OP_EVTCHN_ALLOC, 1, U(2)), 2);
	CU_ASSERT_EQUAL(call(PVP_OP_EVTCHN_ALLOC, 1, U(2)), PVP_EBUSY); /* one debug port a guest */
	for (i = 0; i < 1021; i++)
		port = call(PVP_OP_EVTCHN_ALLOC, 1, U(0));
	CU_ASSERT_EQUAL(port, 1023);
	CU_ASSERT_EQUAL(call(PVP_OP_EVTCHN_ALLOC, 1, U(0)), PVP_ENOSPC);
	CU_ASSERT_EQUAL(call(PVP_OP_EVTCHN_CLOSE, 1, U(500)), 0);
	CU_ASSERT_EQUAL(call(PVP_OP_EVTCHN_ALLOC, 1, U(0)), 500);
	/* closing the timer port frees the vCPU's slot */
	CU_ASSERT_EQUAL(call(PVP_OP_EVTCHN_CLOSE, 1, U(t)), 0);
	CU_ASSERT_EQUAL(call(PVP_OP_EVTCHN_ALLOC, 1, U(1)), t);
	/* evtchn_fifo: the higher limit and queued events */
	start(R(2, 0), ALL, 1);
	CU_ASSERT_EQUAL(call(PVP_OP_EVTCHN_BIND, 3, U(5000), U(0), U(0x40)), PVP_ENOENT);
	CU_ASSERT_EQUAL(call(PVP_OP_EVTCHN_BIND, 3, U(131072), U(0), U(0x40)), PVP_ERANGE);
	CU_ASSERT_EQUAL(call(PVP_OP_EVTCHN_ALLOC, 1, U(0)), 1);
	for (i = 0; i < 300; i++)
		CU_ASSERT_EQUAL(call(PVP_OP_EVTCHN_SEND, 1, U(1)), 0);
	status_of(1, f);
	CU_ASSERT_EQUAL(f[5], 255);
	CU_ASSERT_EQUAL(call(PVP_OP_EVTCHN_BIND, 3, U(1), U(0), U(0x40)), 0);
	CU_ASSERT_EQUAL(injections, 255); /* one interrupt per queued event */
}

static void test_timer_flags(void)
{
	int64_t port;

	start(R(1, 0), 0, 1);
	/* 1.0: absolute, a past deadline fires at once; without a timer
	 * port the expiry is dropped */
	CU_ASSERT_EQUAL(call(PVP_OP_SET_TIMER, 1, U(1)), 0);
	CU_ASSERT_EQUAL(c.stats.timer_fired, 1);
	CU_ASSERT_EQUAL(c.stats.timer_dropped, 1);
	port = call(PVP_OP_EVTCHN_ALLOC, 1, U(1));
	CU_ASSERT_EQUAL(call(PVP_OP_SET_TIMER, 1, U(1)), 0);
	CU_ASSERT_EQUAL(c.ports[port].pending, 1); /* raised on the timer port */
	CU_ASSERT_EQUAL(call(PVP_OP_SET_TIMER, 1, U(1) << 62), 0);
	CU_ASSERT_EQUAL(c.vcpus[0].timer_deadline, U(1) << 62);
	CU_ASSERT_EQUAL(call(PVP_OP_SET_TIMER, 1, U(0)), 0); /* cancel */
	CU_ASSERT_EQUAL(c.vcpus[0].timer_deadline, 0);

	start(R(1, 2), 0, 1);
	CU_ASSERT_EQUAL(call(PVP_OP_SET_TIMER, 2, U(1) << 62, U(0)), 0);
	CU_ASSERT_EQUAL(call(PVP_OP_SET_TIMER, 2, U(1), U(2)), PVP_ETIME); /* future */
	CU_ASSERT_EQUAL(c.vcpus[0].timer_deadline, U(1) << 62);            /* still armed */
	CU_ASSERT_EQUAL(call(PVP_OP_SET_TIMER, 2, U(0), U(4)), PVP_EINVAL); /* coarse is 2.0 */
	CU_ASSERT_EQUAL(call(PVP_OP_SET_TIMER, 2, U(0), U(0x80)), PVP_EINVAL);
	CU_ASSERT_EQUAL(c.vcpus[0].timer_deadline, U(1) << 62); /* not cancelled */
	CU_ASSERT_EQUAL(call(PVP_OP_SET_TIMER, 2, U(10000000000), U(3)), 0); /* relative+future */
	CU_ASSERT_TRUE(c.vcpus[0].timer_deadline >= U(10000000000));
	CU_ASSERT_TRUE(c.vcpus[0].timer_deadline <= pvp_platform_time(&c) + U(10000000000));

	start(R(2, 0), 0, 1);
	CU_ASSERT_EQUAL(call(PVP_OP_SET_TIMER, 2, U(0), U(4)), 0);
	CU_ASSERT_EQUAL(call(PVP_OP_SET_TIMER, 2, U(1), U(6)), PVP_ETIME);
}

static void test_time(void)
{
	int64_t t0, t1;

	start(R(1, 0), 0, 1);
	t0 = call(PVP_OP_GET_TIME, 0);
	t1 = call(PVP_OP_GET_TIME, 0);
	CU_ASSERT_TRUE(t0 >= 1 && t1 >= t0);
	memset(g.mem + BUF, 0xee, 64);
	wr32(BUF, 48); /* a newer guest's size: gets the 1.0 layout */
	CU_ASSERT_EQUAL(call(PVP_OP_GET_TIME_INFO, 1, U(BUF)), 0);
	CU_ASSERT_EQUAL(rd32(BUF), 32);
	CU_ASSERT_EQUAL(rd32(BUF + 24), 0x80000000u);
	CU_ASSERT_EQUAL(rd32(BUF + 28), PVP_TSC_KHZ);
	CU_ASSERT_EQUAL(rd32(BUF + 32), 0xeeeeeeeeu); /* nothing past 32 */
	/* the snapshot converts the TSC to platform time */
	CU_ASSERT_TRUE(rd64(BUF + 16) >= (uint64_t)t1);
	wr32(BUF, 31);
	CU_ASSERT_EQUAL(call(PVP_OP_GET_TIME_INFO, 1, U(BUF)), PVP_EINVAL);

	start(R(2, 0), ALL, 1);
	memset(g.mem + BUF, 0xee, 64);
	wr32(BUF, 48);
	CU_ASSERT_EQUAL(call(PVP_OP_GET_TIME_INFO, 1, U(BUF)), 0);
	CU_ASSERT_EQUAL(rd32(BUF), 48);
	CU_ASSERT_EQUAL(rd32(BUF + 32), 1); /* tsc_stable granted */
	CU_ASSERT_EQUAL(rd32(BUF + 36), 0);
	CU_ASSERT_TRUE(rd64(BUF + 40) >= UINT64_C(1577836800000000000));
	memset(g.mem + BUF, 0xee, 64);
	wr32(BUF, 38); /* whole fields only */
	CU_ASSERT_EQUAL(call(PVP_OP_GET_TIME_INFO, 1, U(BUF)), 0);
	CU_ASSERT_EQUAL(rd32(BUF), 36);
	CU_ASSERT_EQUAL(rd32(BUF + 36), 0xeeeeeeeeu);

	start(R(2, 1), ALL, 2);
	CU_ASSERT_TRUE(call(PVP_OP_GET_STEAL_TIME, 1, U(1)) >= 0);
	CU_ASSERT_EQUAL(call(PVP_OP_GET_STEAL_TIME, 1, U(2)), PVP_ERANGE);
	CU_ASSERT_EQUAL(call(PVP_OP_YIELD, 1, U(1)), 0);
	CU_ASSERT_EQUAL(call(PVP_OP_YIELD, 1, U(0xffffffff)), 0);
	CU_ASSERT_EQUAL(call(PVP_OP_YIELD, 1, U(2)), PVP_ERANGE);
	CU_ASSERT_EQUAL(c.stats.yields, 2);
	start(R(2, 0), 0, 1);
	CU_ASSERT_EQUAL(call(PVP_OP_GET_STEAL_TIME, 1, U(0)), PVP_EREVISION);
}

static void test_msr(void)
{
	start(R(1, 0), 0, 1);
	memset(g.mem + BUF, 0xee, 8);
	CU_ASSERT_EQUAL(call(PVP_OP_READ_MSR, 2, U(0x40000fff), U(BUF)), PVP_ENOENT);
	CU_ASSERT_EQUAL(rd64(BUF), UINT64_C(0xeeeeeeeeeeeeeeee)); /* not written */
	CU_ASSERT_EQUAL(call(PVP_OP_READ_MSR, 2, U(0x1b), U(BUF)), 0);
	CU_ASSERT_EQUAL(rd64(BUF), 0xfee00900u);
	CU_ASSERT_EQUAL(call(PVP_OP_WRITE_MSR, 2, U(0x10), U(0)), PVP_EPERM);
	CU_ASSERT_EQUAL(call(PVP_OP_WRITE_MSR, 2, U(0x1b), U(0xfee00900)), PVP_EPERM);
	CU_ASSERT_EQUAL(call(PVP_OP_WRITE_MSR, 2, U(0x1234), U(0)), PVP_ENOENT);
	CU_ASSERT_EQUAL(call(PVP_OP_WRITE_MSR, 2, U(0xc0000080), U(1) << 12), PVP_EINVAL);
	CU_ASSERT_EQUAL(call(PVP_OP_WRITE_MSR, 2, U(0x277), U(0x0007040600070402)), PVP_EINVAL);
	CU_ASSERT_EQUAL(call(PVP_OP_WRITE_MSR, 2, U(0x277), U(0x0807040600070406)), PVP_EINVAL);
	CU_ASSERT_EQUAL(call(PVP_OP_WRITE_MSR, 2, U(0xc0000082), U(0x0000800000000000)), PVP_EINVAL);
	CU_ASSERT_EQUAL(call(PVP_OP_WRITE_MSR, 2, U(0xc0000082), U(0xffff800000001000)), 0);
	CU_ASSERT_EQUAL(call(PVP_OP_WRITE_MSR, 2, U(0xc0000103), U(1) << 32), PVP_EINVAL);
	CU_ASSERT_EQUAL(call(PVP_OP_WRITE_MSR, 2, U(0xc0000081), U(0x0023001000000000)), 0);
	CU_ASSERT_EQUAL(call(PVP_OP_READ_MSR, 2, U(0xc0000081), U(BUF)), 0);
	CU_ASSERT_EQUAL(rd64(BUF), UINT64_C(0x0023001000000000));
	/* EFER: LMA is ignored (it follows the mode); the refused write
	 * above changed nothing */
	CU_ASSERT_EQUAL(call(PVP_OP_WRITE_MSR, 2, U(0xc0000080), U(0x101)), 0);
	CU_ASSERT_EQUAL(call(PVP_OP_READ_MSR, 2, U(0xc0000080), U(BUF)), 0);
	CU_ASSERT_EQUAL(rd64(BUF), 0x501);
	CU_ASSERT_EQUAL(call(PVP_OP_READ_MSR, 2, U(0xc0000082), U(BUF)), 0);
	CU_ASSERT_EQUAL(rd64(BUF), UINT64_C(0xffff800000001000));
}

static void test_cpuid(void)
{
	start(R(1, 3), ALL, 1);
	CU_ASSERT_EQUAL(call(PVP_OP_CPUID, 3, U(0x40000000), U(0), U(BUF)), 0);
	CU_ASSERT_EQUAL(memcmp(g.mem + BUF + 4, "PVPlatform\0\0", 12), 0);
	CU_ASSERT_EQUAL(rd32(BUF), 0x40000001u);
	CU_ASSERT_EQUAL(call(PVP_OP_CPUID, 3, U(0x40000001), U(0), U(BUF)), 0);
	CU_ASSERT_EQUAL(rd32(BUF), R(1, 3));
	CU_ASSERT_EQUAL(rd32(BUF + 4), pvp_window_features[3]);
	CU_ASSERT_EQUAL(call(PVP_OP_CPUID, 3, U(0x80000008), U(0), U(BUF)), 0);
	CU_ASSERT_EQUAL(rd32(BUF) & 0xff, PVP_MAXPHYADDR);
	CU_ASSERT_EQUAL(call(PVP_OP_CPUID, 3, U(0), U(0), U(BUF)), 0);
	CU_ASSERT_EQUAL(memcmp(g.mem + BUF + 4, "PVPlrm86atfo", 12), 0); /* EBX ECX EDX */
	CU_ASSERT_EQUAL(call(PVP_OP_CPUID, 3, U(2), U(0), U(BUF)), PVP_ENOENT);
	CU_ASSERT_EQUAL(call(PVP_OP_CPUID, 3, U(0x4fffffff), U(0), U(BUF)), PVP_ENOENT);
}

/* --- struct layouts: the handlers place fields where the spec says --- */

/* Every window revision: cpuid_regs' registers at the generated offsets
 * of that revision, nothing past its size. */
static void test_layout_cpuid_regs(void)
{
	int k;

	for (k = 0; k < PVP_WINDOW_NREVS; k++) {
		const struct pvp_layout_cpuid_regs l = pvp_layout_cpuid_regs[k];

		start(pvp_window_revs[k], ALL, 1);
		CU_ASSERT_EQUAL_FATAL(c.st.rev_index, k);
		CU_ASSERT_TRUE_FATAL(l.bytes >= 16 && l.bytes < 64);
		memset(g.mem + BUF, 0xee, 64);
		CU_ASSERT_EQUAL(call(PVP_OP_CPUID, 3, U(0), U(0), U(BUF)), 0);
		CU_ASSERT_EQUAL(rd32(BUF + (uint32_t)l.eax), 1);
		CU_ASSERT_EQUAL(rd32(BUF + (uint32_t)l.ebx), 0x6c505650u); /* "PVPl" */
		CU_ASSERT_EQUAL(rd32(BUF + (uint32_t)l.ecx), 0x36386d72u); /* "rm86" */
		CU_ASSERT_EQUAL(rd32(BUF + (uint32_t)l.edx), 0x6f667461u); /* "atfo" */
		CU_ASSERT_EQUAL(g.mem[BUF + l.bytes], 0xee);
	}
}

/* Every window revision: time_info's size, its fields at that
 * revision's offsets, the ones it lacks not written; cut to the guest's
 * size (whole fields), refused below the first layout's size. */
static void test_layout_time_info(void)
{
	const uint32_t min = PVP_LAYOUT_TIME_INFO_MIN_SIZE;
	int k;

	for (k = 0; k < PVP_WINDOW_NREVS; k++) {
		const struct pvp_layout_time_info l = pvp_layout_time_info[k];
		const uint32_t at = BUF + (uint32_t)l.size;

		start(pvp_window_revs[k], ALL, 1);
		CU_ASSERT_TRUE_FATAL(l.bytes >= min && l.bytes < 128 && l.size >= 0);
		memset(g.mem + BUF, 0xee, 128);
		wr32(at, 128); /* a newer guest: gets this revision's layout */
		CU_ASSERT_EQUAL(call(PVP_OP_GET_TIME_INFO, 1, U(BUF)), 0);
		CU_ASSERT_EQUAL(rd32(at), l.bytes);
		CU_ASSERT_EQUAL(rd32(BUF + (uint32_t)l.tsc_shift), 1);
		CU_ASSERT_EQUAL(rd32(BUF + (uint32_t)l.tsc_to_ns_mul), 0x80000000u);
		CU_ASSERT_EQUAL(rd32(BUF + (uint32_t)l.tsc_khz), PVP_TSC_KHZ);
		CU_ASSERT_TRUE(rd64(BUF + (uint32_t)l.system_time_ns) <= (uint64_t)call(PVP_OP_GET_TIME, 0));
		if (l.flags >= 0)
			CU_ASSERT_EQUAL(rd32(BUF + (uint32_t)l.flags), pvp_window_features[k] & 1u);
		if (l.reserved0 >= 0)
			CU_ASSERT_EQUAL(rd32(BUF + (uint32_t)l.reserved0), 0);
		if (l.boot_wallclock_ns >= 0)
			CU_ASSERT_TRUE(rd64(BUF + (uint32_t)l.boot_wallclock_ns) >= UINT64_C(1577836800000000000));
		CU_ASSERT_EQUAL(g.mem[BUF + l.bytes], 0xee);
		/* the oldest guest's size: only the first layout's fields */
		memset(g.mem + BUF, 0xee, 128);
		wr32(at, min);
		CU_ASSERT_EQUAL(call(PVP_OP_GET_TIME_INFO, 1, U(BUF)), 0);
		CU_ASSERT_EQUAL(rd32(at), min);
		CU_ASSERT_EQUAL(g.mem[BUF + min], 0xee);
		memset(g.mem + BUF, 0xee, 128);
		wr32(at, min - 1);
		CU_ASSERT_EQUAL(call(PVP_OP_GET_TIME_INFO, 1, U(BUF)), PVP_EINVAL);
		CU_ASSERT_EQUAL(rd32(at), min - 1);
		CU_ASSERT_EQUAL(rd32(BUF + (uint32_t)l.tsc_khz), 0xeeeeeeeeu);
	}
}

/* Every window revision: evtchn_status at that revision's offsets, or
 * not served where the revision lacks the struct. */
static void test_layout_evtchn_status(void)
{
	int64_t port;
	int k;

	for (k = 0; k < PVP_WINDOW_NREVS; k++) {
		const struct pvp_layout_evtchn_status l = pvp_layout_evtchn_status[k];
		const uint32_t at = BUF + (uint32_t)l.size;

		start(pvp_window_revs[k], 0, 1);
		port = call(PVP_OP_EVTCHN_ALLOC, 1, U(0));
		CU_ASSERT_EQUAL_FATAL(port, 1);
		if (!l.bytes) {
			CU_ASSERT_EQUAL(call(PVP_OP_EVTCHN_STATUS, 2, U(port), U(BUF)), PVP_EREVISION);
			continue;
		}
		CU_ASSERT_EQUAL(call(PVP_OP_EVTCHN_BIND, 3, U(port), U(0), U(0x41)), 0);
		memset(g.mem + BUF, 0xee, 64);
		wr32(at, 64);
		CU_ASSERT_EQUAL(call(PVP_OP_EVTCHN_STATUS, 2, U(port), U(BUF)), 0);
		CU_ASSERT_EQUAL(rd32(at), l.bytes);
		CU_ASSERT_EQUAL(rd32(BUF + (uint32_t)l.state), 2); /* bound */
		CU_ASSERT_EQUAL(rd32(BUF + (uint32_t)l.source), 0);
		CU_ASSERT_EQUAL(rd32(BUF + (uint32_t)l.vcpu), 0);
		CU_ASSERT_EQUAL(rd32(BUF + (uint32_t)l.vector), 0x41);
		CU_ASSERT_EQUAL(rd32(BUF + (uint32_t)l.pending), 0);
		CU_ASSERT_EQUAL(g.mem[BUF + l.bytes], 0xee);
	}
}

/* Every window revision: mmu_update_batch reads requests at that
 * revision's stride and offsets. */
static void test_layout_mmu_update_req(void)
{
	const uint64_t reqs = 0x30000, done = BUF;
	uint32_t i, idx, zero = 0;
	uint64_t table = 0x20000, value;
	int k;

	for (k = 0; k < PVP_WINDOW_NREVS; k++) {
		const struct pvp_layout_mmu_update_req l = pvp_layout_mmu_update_req[k];

		start(pvp_window_revs[k], ALL, 1);
		if (!l.bytes) {
			CU_ASSERT_EQUAL(call(PVP_OP_MMU_UPDATE_BATCH, 3, U(0), reqs, done), PVP_EREVISION);
			continue;
		}
		memset(g.mem + reqs, 0, 4 * l.bytes);
		for (i = 0; i < 3; i++) {
			idx = 10 * k + i;
			value = UINT64_C(0x1001) + ((uint64_t)idx << 12);
			memcpy(g.mem + reqs + i * l.bytes + l.table, &table, 8);
			memcpy(g.mem + reqs + i * l.bytes + l.index, &idx, 4);
			memcpy(g.mem + reqs + i * l.bytes + l.reserved0, &zero, 4);
			memcpy(g.mem + reqs + i * l.bytes + l.value, &value, 8);
		}
		CU_ASSERT_EQUAL(call(PVP_OP_MMU_UPDATE_BATCH, 3, U(3), reqs, done), 3);
		CU_ASSERT_EQUAL(rd32(done), 3);
		for (i = 0; i < 3; i++)
			CU_ASSERT_EQUAL(rd64(table + 8 * (10 * k + i)),
					UINT64_C(0x1001) + ((uint64_t)(10 * k + i) << 12));
	}
}

/* The tables are const data the handlers read at run time. Patching one
 * in place (as a spec with a moved field would generate it) must move
 * what the handler writes: a handler with fixed offsets fails here even
 * though the reference spec's offsets equal the fixed ones. The page's
 * protection is restored afterwards; where it cannot be changed the
 * test is skipped. */
static int page_prot(const void *p)
{
	unsigned long lo, hi, a = (unsigned long)(uintptr_t)p;
	char perms[8], line[512];
	FILE *f = fopen("/proc/self/maps", "r");
	int prot = -1;

	if (!f)
		return -1;
	while (prot < 0 && fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx-%lx %4s", &lo, &hi, perms) == 3 && a >= lo && a < hi)
			prot = (perms[0] == 'r' ? PROT_READ : 0) | (perms[1] == 'w' ? PROT_WRITE : 0) |
			       (perms[2] == 'x' ? PROT_EXEC : 0);
	fclose(f);
	return prot;
}

static int set_prot(const void *p, size_t n, int prot)
{
	uintptr_t ps = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t lo = (uintptr_t)p & ~(ps - 1), hi = ((uintptr_t)p + n + ps - 1) & ~(ps - 1);

	return mprotect((void *)lo, hi - lo, prot);
}

static void test_layout_read_at_run_time(void)
{
	const int k = PVP_WINDOW_NREVS - 1;
	volatile struct pvp_layout_cpuid_regs *t =
		(volatile struct pvp_layout_cpuid_regs *)(uintptr_t)&pvp_layout_cpuid_regs[k];
	struct pvp_layout_cpuid_regs l;
	int prot = page_prot(&pvp_layout_cpuid_regs[k]);

	/* through t only: the compiler may assume a const object never
	 * changes and re-read the table for a plain copy */
	l.bytes = t->bytes;
	l.eax = t->eax;
	l.ebx = t->ebx;
	l.ecx = t->ecx;
	l.edx = t->edx;

	start(pvp_window_revs[k], ALL, 1); /* before the patch: start's checks may end the test */
	memset(g.mem + BUF, 0xee, 64);
	if (prot < 0 || set_prot(&pvp_layout_cpuid_regs[k], sizeof(l), prot | PROT_WRITE))
		PVABI_SKIP("cannot make the layout table writable");
	t->eax = l.ebx; /* the field-moved break: eax and ebx swapped */
	t->ebx = l.eax;
	CU_ASSERT_EQUAL(call(PVP_OP_CPUID, 3, U(0), U(0), U(BUF)), 0);
	t->eax = l.eax;
	t->ebx = l.ebx;
	CU_ASSERT_EQUAL(set_prot(&pvp_layout_cpuid_regs[k], sizeof(l), prot), 0);
	CU_ASSERT_EQUAL(rd32(BUF + (uint32_t)l.ebx), 1);
	CU_ASSERT_EQUAL(rd32(BUF + (uint32_t)l.eax), 0x6c505650u);
	CU_ASSERT_EQUAL(rd32(BUF + (uint32_t)l.ecx), 0x36386d72u);
}

static void test_log_capture(void)
{
	start(R(1, 0), 0, 1);
	memcpy(g.mem + BUF, "hello\n", 6);
	CU_ASSERT_EQUAL(call(PVP_OP_CONSOLE_WRITE, 2, U(6), U(BUF)), 6);
	CU_ASSERT_STRING_EQUAL(lg.buf, "hello\n"); /* unchanged */
	CU_ASSERT_EQUAL(call(PVP_OP_CONSOLE_WRITE, 2, U(1025), U(BUF)), PVP_E2BIG);
	CU_ASSERT_EQUAL(call(PVP_OP_CONSOLE_WRITE, 2, U(8), U(MEM - 4)), PVP_EFAULT);
	CU_ASSERT_EQUAL(lg.calls, 1);

	start(R(1, 2), 0, 1);
	memcpy(g.mem + BUF, "boot ok\n", 8);
	CU_ASSERT_EQUAL(call(PVP_OP_LOG_WRITE, 3, U(6), U(8), U(BUF)), 8);
	CU_ASSERT_EQUAL(call(PVP_OP_LOG_WRITE, 3, U(3), U(4), U(BUF)), 4);
	CU_ASSERT_STRING_EQUAL(lg.buf, "[pvp vcpu0 info] boot ok\n[pvp vcpu0 error] boot\n");
	CU_ASSERT_EQUAL(lg.calls, 2); /* one sink call per record */
	CU_ASSERT_EQUAL(call(PVP_OP_LOG_WRITE, 3, U(6), U(4097), U(BUF)), PVP_E2BIG);
	CU_ASSERT_EQUAL(call(PVP_OP_LOG_WRITE, 3, U(8), U(1), U(BUF)), PVP_EINVAL);
	CU_ASSERT_EQUAL(lg.calls, 2);
	CU_ASSERT_EQUAL(call(PVP_OP_CONSOLE_WRITE, 2, U(1), U(BUF)), 1); /* deprecated, served */

	start(R(2, 0), 0, 1);
	CU_ASSERT_EQUAL(call(PVP_OP_CONSOLE_WRITE, 2, U(1), U(BUF)), PVP_EREMOVED);
}

static void test_shutdown_reason(void)
{
	start(R(1, 0), 0, 1);
	CU_ASSERT_EQUAL(c.shutdown_reason, -1);
	CU_ASSERT_EQUAL(call(PVP_OP_SHUTDOWN, 1, U(2)), PVP_EINVAL); /* crash is 1.1 */
	CU_ASSERT_EQUAL(c.shutdown_reason, -1);
	CU_ASSERT_EQUAL(call(PVP_OP_SHUTDOWN, 1, U(1)), 0);
	CU_ASSERT_EQUAL(c.shutdown_reason, 1);
	start(R(1, 3), 0, 1);
	CU_ASSERT_EQUAL(call(PVP_OP_SHUTDOWN, 1, U(3)), 0);
	CU_ASSERT_EQUAL(c.shutdown_reason, 3);
}

static void test_flushes(void)
{
	struct pvp_options o = { NULL, NULL, 1, 32, NULL, NULL };
	struct pvabi_neg_profile p;

	start(R(1, 3), ALL, 1);
	CU_ASSERT_EQUAL(call(PVP_OP_FLUSH_TLB, 1, U(1)), 0);
	CU_ASSERT_EQUAL(call(PVP_OP_FLUSH_TLB, 1, U(2)), PVP_EINVAL);
	CU_ASSERT_EQUAL(call(PVP_OP_FLUSH_TLB_RANGE, 3, U(0xfffffffffffff000), U(1), U(0)), 0);
	CU_ASSERT_EQUAL(call(PVP_OP_FLUSH_TLB_RANGE, 3, U(0xfffffffffffff000), U(2), U(0)), PVP_EINVAL);
	CU_ASSERT_EQUAL(call(PVP_OP_FLUSH_TLB_RANGE, 3, U(0x1001), U(0), U(0)), PVP_EINVAL);
	CU_ASSERT_EQUAL(c.stats.flushes, 1);
	CU_ASSERT_EQUAL(c.stats.range_flushes, 1);
	/* a 32-bit guest's address space ends at 4 GiB */
	pvp_platform_fini(&c);
	CU_ASSERT_EQUAL_FATAL(pvp_test_window_profile(&p), 0);
	CU_ASSERT_EQUAL_FATAL(pvp_platform_init(&c, &p, &o), 0);
	c.host.mem = g.mem;
	c.host.size = g.size;
	CU_ASSERT_EQUAL_FATAL(pvp_test_negotiate(&c, NEG_AT, R(1, 3), R(1, 3), ALL), PVABI_NEG_OK);
	CU_ASSERT_EQUAL(call(PVP_OP_FLUSH_TLB_RANGE, 3, U(0xfffff000), U(1), U(0)), 0);
	CU_ASSERT_EQUAL(call(PVP_OP_FLUSH_TLB_RANGE, 3, U(0xfffff000), U(2), U(0)), PVP_EINVAL);
}

static void test_init_refusals(void)
{
	struct pvp_options o = { NULL, NULL, PVP_MAX_VCPUS + 1, 0, NULL, NULL };
	struct pvabi_neg_profile p;
	struct pvp_ctx x;

	CU_ASSERT_EQUAL_FATAL(pvp_test_window_profile(&p), 0);
	CU_ASSERT_EQUAL(pvp_platform_init(&x, NULL, NULL), -EINVAL);
	CU_ASSERT_EQUAL(pvp_platform_init(&x, &p, &o), -EINVAL);
	o.nvcpus = 1;
	o.guest_bits = 48;
	CU_ASSERT_EQUAL(pvp_platform_init(&x, &p, &o), -EINVAL);
	CU_ASSERT_EQUAL(pvp_platform_init(&x, &p, NULL), 0);
	CU_ASSERT_EQUAL(x.shutdown_reason, -1);
	CU_ASSERT_FALSE(x.answered);
	pvp_platform_fini(&x);
}

static int cleanup(void)
{
	pvp_platform_fini(&c);
	gmem_free(&g);
	return 0;
}

static const struct pvabi_test_case cases[] = {
	{ "negotiation_record", test_negotiation_record },
	{ "pte_writes_land", test_pte_writes_land },
	{ "pte_batch", test_pte_batch },
	{ "evtchn_lifecycle", test_evtchn_lifecycle },
	{ "evtchn_sources_and_limits", test_evtchn_sources_and_limits },
	{ "timer_flags", test_timer_flags },
	{ "time", test_time },
	{ "msr", test_msr },
	{ "cpuid", test_cpuid },
	{ "layout_cpuid_regs", test_layout_cpuid_regs },
	{ "layout_time_info", test_layout_time_info },
	{ "layout_evtchn_status", test_layout_evtchn_status },
	{ "layout_mmu_update_req", test_layout_mmu_update_req },
	{ "layout_read_at_run_time", test_layout_read_at_run_time },
	{ "log_capture", test_log_capture },
	{ "shutdown_reason", test_shutdown_reason },
	{ "flushes", test_flushes },
	{ "init_refusals", test_init_refusals },
	{ NULL, NULL },
};

static const struct pvabi_test_suite suites[] = {
	{ "pvp_handlers", cases, NULL, cleanup },
	{ "pvp_hostile", pvp_hostile_cases, NULL, NULL },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	return pvabi_test_main(suites, argc, argv);
}
