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

/* info.size from the dispatch is the negotiated revision's layout; the
 * guest's own size is in the struct's size field (size-guarded: it only
 * grows, at its end). Fields are placed by the generated layout of the
 * negotiated revision, and only whole fields within the smaller of the
 * two sizes are written. */
int64_t pvp_handle_get_time_info(struct pvp_ctx *c, struct pvp_gptr info)
{
	const struct pvp_layout_time_info *l = PVP_LAYOUT(c, time_info);
	const int32_t offs[] = { l->size, l->tsc_shift, l->tsc_timestamp, l->system_time_ns,
				 l->tsc_to_ns_mul, l->tsc_khz, l->flags, l->reserved0,
				 l->boot_wallclock_ns };
	const uint8_t width[] = { 4, 4, 8, 8, 4, 4, 4, 4, 8 };
	uint8_t b[128] = { 0 };
	uint32_t gsize, n;

	pvp_clock_follow_host(c); /* boot_wallclock_ns after a host clock step */
	if (l->size < 0 || (uint64_t)l->size + 4 > info.size ||
	    pvabi_gmem_read(&c->host, info.gpa + (uint32_t)l->size, &gsize, 4))
		return PVP_EFAULT;
	if (gsize < PVP_LAYOUT_TIME_INFO_MIN_SIZE)
		return PVP_EINVAL;
	n = gsize < l->bytes ? gsize : l->bytes;
	n = n < info.size ? n : (uint32_t)info.size;
	n = n < sizeof(b) ? n : (uint32_t)sizeof(b);
	n = pvp_whole_fields(offs, width, sizeof(width), n, l->bytes);
	pvp_put32(b, n, l->size, n);
	pvp_put32(b, n, l->tsc_shift, 1);                      /* ticks << 1 ... */
	pvp_put64(b, n, l->tsc_timestamp, pvp_virtual_tsc(c));
	pvp_put64(b, n, l->system_time_ns, pvp_platform_time(c)); /* same instant */
	pvp_put32(b, n, l->tsc_to_ns_mul, 0x80000000u);        /* ... * 2^31 >> 32 = 1 ns */
	pvp_put32(b, n, l->tsc_khz, PVP_TSC_KHZ);
	pvp_put32(b, n, l->flags, pvp_granted(c, PVP_FEATURE_TSC_STABLE_BIT) ? 1u : 0u);
	pvp_put32(b, n, l->reserved0, 0);
	pvp_put64(b, n, l->boot_wallclock_ns, c->wall_at_start_ns);
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

	(void)vcpu; /* below the vcpus limit: the dispatch checked it */
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
	if (!c->opt.yield_answers_at_once)
		sched_yield();
	return 0;
}
