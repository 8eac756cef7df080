/* Platform time: CLOCK_MONOTONIC since pvp_platform_init, the virtual TSC
 * derived from it and the wall clock at start, which follows each step
 * of the host's clock. The time ops (time.c) and the TSC MSR (cpu.c) all
 * read it here, so they share one clock. */
#include "platform/pvp/pvp_internal.h"

#include <time.h>

static uint64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* A reading of the host's CLOCK_REALTIME - CLOCK_MONOTONIC is trusted
 * only when the two monotonic reads around the wall-clock read are this
 * close: a reader preempted between them would see a step that is not. */
#define OFFSET_READ_NS 40000u
/* Smaller changes of the offset are reading error, never a step: NTP
 * daemons slew corrections below their step threshold (ntpd: 128 ms,
 * chrony: 1 s by default), and slewing moves CLOCK_MONOTONIC alike. */
#define STEP_MIN_NS 1000000

/* 0 and the host's wall-clock offset in *off, or -1 when no tight
 * reading was had in a few tries. */
static int host_offset(int64_t *off)
{
	uint64_t m0, w, m1;
	int i;

	for (i = 0; i < 4; i++) {
		m0 = clock_ns(CLOCK_MONOTONIC);
		w = clock_ns(CLOCK_REALTIME);
		m1 = clock_ns(CLOCK_MONOTONIC);
		if (m1 - m0 <= OFFSET_READ_NS) {
			*off = (int64_t)(w - (m0 + (m1 - m0) / 2));
			return 0;
		}
	}
	return -1;
}

void pvp_clock_init(struct pvp_ctx *c)
{
	c->start_ns = clock_ns(CLOCK_MONOTONIC);
	c->wall_at_start_ns = clock_ns(CLOCK_REALTIME) - (clock_ns(CLOCK_MONOTONIC) - c->start_ns);
	c->host_offset_known = !host_offset(&c->host_offset_ns);
}

/* The spec (time_info.boot_wallclock_ns) has the platform update the wall
 * clock at platform time 0 when the host clock is stepped, as Xen's
 * shared wallclock follows a settime: a step moves the host's offset
 * between its wall clock and CLOCK_MONOTONIC by as much, and the wall
 * clock at start moves with it. Platform time itself never steps. */
void pvp_clock_follow_host(struct pvp_ctx *c)
{
	int64_t off, step;

	if (host_offset(&off))
		return; /* no trusted reading now: the next call looks again */
	if (!c->host_offset_known) {
		c->host_offset_ns = off;
		c->host_offset_known = 1;
		return;
	}
	step = off - c->host_offset_ns;
	if (step > -STEP_MIN_NS && step < STEP_MIN_NS)
		return;
	c->wall_at_start_ns += (uint64_t)step;
	c->host_offset_ns = off;
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
