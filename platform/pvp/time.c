/* Timers and time: set_timer, get_time, get_time_info, get_steal_time,
 * yield. Platform time is CLOCK_MONOTONIC since pvp_platform_init. */
#include "platform/pvp/pvp_internal.h"

#include <sched.h>
#include <stdio.h>
#include <string.h>

#define TIMER_RELATIVE 0x1u
#define TIMER_FUTURE 0x2u
#define TIMER_COARSE 0x4u
#define NO_TARGET 0xffffffffu

/* timer_flag bits the negotiated revision defines: none before 1.2 (the
 * compat adapter passes 0), coarse from 2.0. */
static uint32_t timer_flags_defined(uint32_t rev)
{
	if (rev >= REV(2, 0))
		return TIMER_RELATIVE | TIMER_FUTURE | TIMER_COARSE;
	return rev >= REV(1, 2) ? TIMER_RELATIVE | TIMER_FUTURE : 0;
}

/* Expired timers fire lazily, on the next call: the guest can only
 * observe an expiry through a call (or an injected event), so nothing
 * fires early and `coarse` lateness is within what the spec allows for
 * a guest that calls at least once a millisecond. */
void pvp_platform_tick(struct pvp_ctx *c)
{
	uint64_t now = pvp_platform_time(c);
	uint32_t i;

	for (i = 0; i < c->opt.nvcpus; i++) {
		struct pvp_vcpu *v = &c->vcpus[i];

		if (!v->timer_deadline || v->timer_deadline > now)
			continue;
		v->timer_deadline = 0;
		c->stats.timer_fired++;
		if (v->timer_port)
			pvp_evtchn_raise(c, v->timer_port);
		else
			c->stats.timer_dropped++; /* no timer port: the expiry is dropped */
	}
}

int64_t pvp_handle_set_timer(struct pvp_ctx *c, uint64_t deadline_ns, uint32_t flags)
{
	struct pvp_vcpu *v = pvp_self(c);
	uint64_t now = pvp_platform_time(c), at = deadline_ns;

	if (flags & ~timer_flags_defined(pvp_rev(c)))
		return PVP_EINVAL; /* checked before a cancel takes effect */
	if (!deadline_ns) {
		v->timer_deadline = 0;
		return 0;
	}
	if (flags & TIMER_RELATIVE)
		at = now + deadline_ns < now ? UINT64_MAX : now + deadline_ns;
	if ((flags & TIMER_FUTURE) && at <= now)
		return PVP_ETIME; /* the earlier deadline stays armed */
	v->timer_deadline = at;
	pvp_platform_tick(c); /* a past deadline fires at once */
	return 0;
}

int64_t pvp_handle_get_time(struct pvp_ctx *c)
{
	return (int64_t)pvp_platform_time(c);
}

/* Ends of the time_info fields: the platform writes whole fields only. */
static uint32_t time_info_cut(uint32_t guest, uint32_t layout)
{
	static const uint32_t ends[] = { 32, 36, 40, 48 };
	uint32_t lim = guest < layout ? guest : layout, n = 32;
	size_t i;

	for (i = 0; i < sizeof(ends) / sizeof(ends[0]); i++)
		if (ends[i] <= lim)
			n = ends[i];
	return n;
}

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static void put64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

/* info.size from the dispatch is the negotiated revision's layout (32,
 * 40 or 48 bytes); the guest's own size is in the struct's first u32. */
int64_t pvp_handle_get_time_info(struct pvp_ctx *c, struct pvp_gptr info)
{
	uint8_t b[48] = { 0 };
	uint32_t gsize, n;

	if (pvabi_gmem_read(&c->host, info.gpa, &gsize, 4))
		return PVP_EFAULT;
	if (gsize < 32)
		return PVP_EINVAL;
	n = time_info_cut(gsize, (uint32_t)(info.size < 48 ? info.size : 48));
	put32(b, n);
	put32(b + 4, 1);                     /* tsc_shift: ticks << 1 ... */
	put64(b + 8, pvp_virtual_tsc(c));    /* tsc_timestamp */
	put64(b + 16, pvp_platform_time(c)); /* system_time_ns (same instant) */
	put32(b + 24, 0x80000000u);          /* ... * 2^31 >> 32 = 1 ns per tick */
	put32(b + 28, PVP_TSC_KHZ);
	put32(b + 32, pvp_granted(c, PVP_F_TSC_STABLE) ? 1u : 0u);
	put64(b + 40, c->wall_at_start_ns);
	return pvabi_gmem_write(&c->host, info.gpa, b, n) ? PVP_EFAULT : 0;
}

/* Steal time of the thread serving the guest: the scheduler's run-queue
 * wait (/proc/thread-self/schedstat, second field) since init, which is
 * time runnable but not running. 0 where schedstat is unavailable. */
static uint64_t run_delay_ns(void)
{
	unsigned long long run = 0, wait = 0;
	FILE *f = fopen("/proc/thread-self/schedstat", "r");

	if (!f)
		return 0;
	if (fscanf(f, "%llu %llu", &run, &wait) != 2)
		wait = 0;
	fclose(f);
	return wait;
}

void pvp_steal_init(struct pvp_ctx *c)
{
	c->steal_base_ns = run_delay_ns();
}

int64_t pvp_handle_get_steal_time(struct pvp_ctx *c, uint32_t vcpu)
{
	uint64_t d = run_delay_ns();

	if (vcpu >= c->opt.nvcpus)
		return PVP_ERANGE;
	d = d > c->steal_base_ns ? d - c->steal_base_ns : 0;
	if (d < c->steal_last_ns) /* another serving thread: stay monotonic */
		d = c->steal_last_ns;
	c->steal_last_ns = d;
	return (int64_t)(d & INT64_MAX);
}

int64_t pvp_handle_yield(struct pvp_ctx *c, uint32_t target_vcpu)
{
	if (target_vcpu != NO_TARGET && target_vcpu >= c->opt.nvcpus)
		return PVP_ERANGE;
	c->stats.yields++;
	sched_yield();
	return 0;
}
