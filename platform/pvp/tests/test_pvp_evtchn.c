/* Event channels: a port's life from alloc to close, the sources and
 * the port limits, delivery through o->inject. */
#include "platform/pvp/tests/pvp_env.h"

#include <string.h>

static void status_of(uint32_t port, uint32_t *f)
{
	pt_wr32(BUF, 24);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_EVTCHN_STATUS, 2, U(port), U(BUF)), 0);
	memcpy(f, pt_mem.mem + BUF, 24);
}

static void test_evtchn_lifecycle(void)
{
	uint32_t f[6];

	pt_start(R(1, 1), 0, 2);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_EVTCHN_ALLOC, 1, U(0)), 1);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_EVTCHN_ALLOC, 1, U(0)), 2);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_EVTCHN_CLOSE, 1, U(1)), 0);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_EVTCHN_ALLOC, 1, U(0)), 1); /* lowest first, reused */
	/* raised before the bind: pending, then delivered by the bind */
	CU_ASSERT_EQUAL(pt_call(PVP_OP_EVTCHN_SEND, 1, U(1)), 0);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_EVTCHN_SEND, 1, U(1)), 0);
	status_of(1, f);
	CU_ASSERT_EQUAL(f[0], 24);
	CU_ASSERT_EQUAL(f[1], 1);          /* unbound */
	CU_ASSERT_EQUAL(f[3], 0xffffffffu);
	CU_ASSERT_EQUAL(f[5], 1);          /* merged without evtchn_fifo */
	CU_ASSERT_EQUAL(pt_call(PVP_OP_EVTCHN_BIND, 3, U(1), U(1), U(0x40)), 0);
	CU_ASSERT_EQUAL(pt_injections, 1);
	CU_ASSERT_EQUAL(pt_injected_vcpu, 1);
	CU_ASSERT_EQUAL(pt_injected_vector, 0x40);
	status_of(1, f);
	CU_ASSERT_EQUAL(f[1], 2);
	CU_ASSERT_EQUAL(f[3], 1);
	CU_ASSERT_EQUAL(f[4], 0x40);
	CU_ASSERT_EQUAL(f[5], 0);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_EVTCHN_SEND, 1, U(1)), 0); /* bound: delivered at once */
	CU_ASSERT_EQUAL(pt_injections, 2);
	/* errors, in the documented order */
	CU_ASSERT_EQUAL(pt_call(PVP_OP_EVTCHN_BIND, 3, U(1), U(0), U(0x41)), PVP_EALREADY);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_EVTCHN_BIND, 3, U(0), U(9), U(5)), PVP_EINVAL);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_EVTCHN_BIND, 3, U(1024), U(0), U(0x40)), PVP_ERANGE);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_EVTCHN_BIND, 3, U(9), U(2), U(0x40)), PVP_ERANGE);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_EVTCHN_BIND, 3, U(9), U(0), U(31)), PVP_EINVAL);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_EVTCHN_BIND, 3, U(9), U(0), U(32)), PVP_ENOENT);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_EVTCHN_SEND, 1, U(9)), PVP_ENOENT);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_EVTCHN_CLOSE, 1, U(9)), PVP_ENOENT);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_EVTCHN_CLOSE, 1, U(0)), PVP_EINVAL);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_EVTCHN_STATUS, 2, U(1024), U(BUF)), PVP_ERANGE);
	pt_wr32(BUF, 20);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_EVTCHN_STATUS, 2, U(1), U(BUF)), PVP_EINVAL);
	/* closing discards the port; its status reads free */
	CU_ASSERT_EQUAL(pt_call(PVP_OP_EVTCHN_CLOSE, 1, U(1)), 0);
	status_of(1, f);
	CU_ASSERT_EQUAL(f[1], 0);
	CU_ASSERT_EQUAL(f[3], 0xffffffffu);
}

static void test_evtchn_sources_and_limits(void)
{
	int64_t port = 0, t;
	uint32_t f[6];
	int i;

	pt_start(R(1, 1), 0, 1);
	t = pt_call(PVP_OP_EVTCHN_ALLOC, 1, U(1));
	CU_ASSERT_EQUAL(t, 1);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_EVTCHN_ALLOC, 1, U(1)), PVP_EBUSY); /* one timer port a vCPU */
	CU_ASSERT_EQUAL(pt_call(PVP_OP_EVTCHN_SEND, 1, U(t)), PVP_EPERM);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_EVTCHN_ALLOC, 1, U(2)), 2);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_EVTCHN_ALLOC, 1, U(2)), PVP_EBUSY); /* one debug port a guest */
	for (i = 0; i < 1021; i++)
		port = pt_call(PVP_OP_EVTCHN_ALLOC, 1, U(0));
	CU_ASSERT_EQUAL(port, 1023);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_EVTCHN_ALLOC, 1, U(0)), PVP_ENOSPC);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_EVTCHN_CLOSE, 1, U(500)), 0);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_EVTCHN_ALLOC, 1, U(0)), 500);
	/* closing the timer port frees the vCPU's slot */
	CU_ASSERT_EQUAL(pt_call(PVP_OP_EVTCHN_CLOSE, 1, U(t)), 0);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_EVTCHN_ALLOC, 1, U(1)), t);
	/* evtchn_fifo: the higher limit and queued events */
	pt_start(R(2, 0), ALL, 1);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_EVTCHN_BIND, 3, U(5000), U(0), U(0x40)), PVP_ENOENT);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_EVTCHN_BIND, 3, U(131072), U(0), U(0x40)), PVP_ERANGE);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_EVTCHN_ALLOC, 1, U(0)), 1);
	for (i = 0; i < 300; i++)
		CU_ASSERT_EQUAL(pt_call(PVP_OP_EVTCHN_SEND, 1, U(1)), 0);
	status_of(1, f);
	CU_ASSERT_EQUAL(f[5], 255);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_EVTCHN_BIND, 3, U(1), U(0), U(0x40)), 0);
	CU_ASSERT_EQUAL(pt_injections, 255); /* one interrupt per queued event */
}

const struct pvabi_test_case pvp_evtchn_cases[] = {
	{ "evtchn_lifecycle", test_evtchn_lifecycle },
	{ "evtchn_sources_and_limits", test_evtchn_sources_and_limits },
	{ NULL, NULL },
};
