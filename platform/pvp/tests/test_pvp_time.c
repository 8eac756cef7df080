/* Timers (their flags per revision) and time: get_time, time_info and
 * the TSC MSR agree on one clock. */
#include "platform/pvp/tests/pvp_env.h"

#include <string.h>

static void test_timer_flags(void)
{
	int64_t port;

	pt_start(R(1, 0), 0, 1);
	/* 1.0: absolute, a past deadline fires at once; without a timer
	 * port the expiry is dropped */
	CU_ASSERT_EQUAL(pt_call(PVP_OP_SET_TIMER, 1, U(1)), 0);
	CU_ASSERT_EQUAL(pt.stats.timer_fired, 1);
	CU_ASSERT_EQUAL(pt.stats.timer_dropped, 1);
	port = pt_call(PVP_OP_EVTCHN_ALLOC, 1, U(1));
	CU_ASSERT_EQUAL(pt_call(PVP_OP_SET_TIMER, 1, U(1)), 0);
	CU_ASSERT_EQUAL(pt.ports[port].pending, 1); /* raised on the timer port */
	CU_ASSERT_EQUAL(pt_call(PVP_OP_SET_TIMER, 1, U(1) << 62), 0);
	CU_ASSERT_EQUAL(pt.vcpus[0].timer_deadline, U(1) << 62);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_SET_TIMER, 1, U(0)), 0); /* cancel */
	CU_ASSERT_EQUAL(pt.vcpus[0].timer_deadline, 0);

	pt_start(R(1, 2), 0, 1);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_SET_TIMER, 2, U(1) << 62, U(0)), 0);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_SET_TIMER, 2, U(1), U(2)), PVP_ETIME); /* future */
	CU_ASSERT_EQUAL(pt.vcpus[0].timer_deadline, U(1) << 62);            /* still armed */
	CU_ASSERT_EQUAL(pt_call(PVP_OP_SET_TIMER, 2, U(0), U(4)), PVP_EINVAL); /* coarse is 2.0 */
	CU_ASSERT_EQUAL(pt_call(PVP_OP_SET_TIMER, 2, U(0), U(0x80)), PVP_EINVAL);
	CU_ASSERT_EQUAL(pt.vcpus[0].timer_deadline, U(1) << 62); /* not cancelled */
	CU_ASSERT_EQUAL(pt_call(PVP_OP_SET_TIMER, 2, U(10000000000), U(3)), 0); /* relative+future */
	CU_ASSERT_TRUE(pt.vcpus[0].timer_deadline >= U(10000000000));
	CU_ASSERT_TRUE(pt.vcpus[0].timer_deadline <= pvp_platform_time(&pt) + U(10000000000));

	pt_start(R(2, 0), 0, 1);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_SET_TIMER, 2, U(0), U(4)), 0);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_SET_TIMER, 2, U(1), U(6)), PVP_ETIME);
}

static void test_time(void)
{
	int64_t t0, t1;

	pt_start(R(1, 0), 0, 1);
	t0 = pt_call(PVP_OP_GET_TIME, 0);
	t1 = pt_call(PVP_OP_GET_TIME, 0);
	CU_ASSERT_TRUE(t0 >= 1 && t1 >= t0);
	memset(pt_mem.mem + BUF, 0xee, 64);
	pt_wr32(BUF, 48); /* a newer guest's size: gets the 1.0 layout */
	CU_ASSERT_EQUAL(pt_call(PVP_OP_GET_TIME_INFO, 1, U(BUF)), 0);
	CU_ASSERT_EQUAL(pt_rd32(BUF), 32);
	CU_ASSERT_EQUAL(pt_rd32(BUF + 24), 0x80000000u);
	CU_ASSERT_EQUAL(pt_rd32(BUF + 28), PVP_TSC_KHZ);
	CU_ASSERT_EQUAL(pt_rd32(BUF + 32), 0xeeeeeeeeu); /* nothing past 32 */
	/* the snapshot converts the TSC to platform time */
	CU_ASSERT_TRUE(pt_rd64(BUF + 16) >= (uint64_t)t1);
	pt_wr32(BUF, 31);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_GET_TIME_INFO, 1, U(BUF)), PVP_EINVAL);

	pt_start(R(2, 0), ALL, 1);
	memset(pt_mem.mem + BUF, 0xee, 64);
	pt_wr32(BUF, 48);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_GET_TIME_INFO, 1, U(BUF)), 0);
	CU_ASSERT_EQUAL(pt_rd32(BUF), 48);
	CU_ASSERT_EQUAL(pt_rd32(BUF + 32), 1); /* tsc_stable granted */
	CU_ASSERT_EQUAL(pt_rd32(BUF + 36), 0);
	CU_ASSERT_TRUE(pt_rd64(BUF + 40) >= UINT64_C(1577836800000000000));
	memset(pt_mem.mem + BUF, 0xee, 64);
	pt_wr32(BUF, 38); /* whole fields only */
	CU_ASSERT_EQUAL(pt_call(PVP_OP_GET_TIME_INFO, 1, U(BUF)), 0);
	CU_ASSERT_EQUAL(pt_rd32(BUF), 36);
	CU_ASSERT_EQUAL(pt_rd32(BUF + 36), 0xeeeeeeeeu);

	pt_start(R(2, 1), ALL, 2);
	CU_ASSERT_TRUE(pt_call(PVP_OP_GET_STEAL_TIME, 1, U(1)) >= 0);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_GET_STEAL_TIME, 1, U(2)), PVP_ERANGE);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_YIELD, 1, U(1)), 0);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_YIELD, 1, U(0xffffffff)), 0);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_YIELD, 1, U(2)), PVP_ERANGE);
	CU_ASSERT_EQUAL(pt.stats.yields, 2);
	pt_start(R(2, 0), 0, 1);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_GET_STEAL_TIME, 1, U(0)), PVP_EREVISION);
}

/* boot_wallclock_ns follows a step of the host clock, as time_info's doc
 * promises: a recorded offset between the host's wall clock and its
 * CLOCK_MONOTONIC 5 s older than the host's is a step of 5 s. Without a
 * step, every read gives the same value. */
static void test_wallclock_step(void)
{
	uint64_t w;

	pt_start(R(2, 0), ALL, 1);
	pt_wr32(BUF, 48);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_GET_TIME_INFO, 1, U(BUF)), 0);
	if (!pt.host_offset_known)
		PVABI_SKIP("no tight reading of the host's clocks (a loaded host)");
	w = pt_rd64(BUF + 40);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_GET_TIME_INFO, 1, U(BUF)), 0);
	CU_ASSERT_EQUAL(pt_rd64(BUF + 40), w);
	pt.host_offset_ns -= INT64_C(5000000000);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_GET_TIME_INFO, 1, U(BUF)), 0);
	CU_ASSERT_TRUE(pt_rd64(BUF + 40) - w >= UINT64_C(4999000000));
	CU_ASSERT_TRUE(pt_rd64(BUF + 40) - w <= UINT64_C(5001000000));
	w = pt_rd64(BUF + 40);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_GET_TIME_INFO, 1, U(BUF)), 0);
	CU_ASSERT_EQUAL(pt_rd64(BUF + 40), w); /* followed once */
}

const struct pvabi_test_case pvp_time_cases[] = {
	{ "timer_flags", test_timer_flags },
	{ "time", test_time },
	{ "wallclock_step", test_wallclock_step },
	{ NULL, NULL },
};
