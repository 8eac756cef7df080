/* Platform time: CLOCK_MONOTONIC since pvp_platform_init, the virtual TSC
 * derived from it and the wall clock at start. The time ops (time.c) and
 * the TSC MSR (cpu.c) all read it here, so they share one clock. */
#include "platform/pvp/pvp_internal.h"

#include <time.h>

static uint64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void pvp_clock_init(struct pvp_ctx *c)
{
	c->start_ns = clock_ns(CLOCK_MONOTONIC);
	c->wall_at_start_ns = clock_ns(CLOCK_REALTIME) - (clock_ns(CLOCK_MONOTONIC) - c->start_ns);
}

uint64_t pvp_platform_time(const struct pvp_ctx *c)
{
	return clock_ns(CLOCK_MONOTONIC) - c->start_ns;
}

/* The virtual TSC counts platform nanoseconds at 1 GHz: one clock for
 * get_time, time_info and MSR 0x10, so they agree by construction. */
uint64_t pvp_virtual_tsc(const struct pvp_ctx *c)
{
	return pvp_platform_time(c);
}
