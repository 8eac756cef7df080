/* The pvp reference platform: set-up, the doorbell and the serving
 * dispatch. The op handlers live in negotiate.c, cpu.c, mmu.c, time.c and
 * evtchn.c; platform time in clock.c. */
#include "platform/pvp/pvp_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int64_t pvp_platform_call(struct pvp_ctx *c, uint32_t op, uint32_t nargs, const uint64_t *args)
{
	if (c->st.negotiated)
		pvp_platform_tick(c);
	return pvp_dispatch(c, &c->st, op, nargs, args);
}

static int64_t dispatch(void *ctx, uint32_t op, uint32_t nargs, const uint64_t *args)
{
	return pvp_platform_call(ctx, op, nargs, args);
}

int pvp_platform_doorbell(void *ctx, uint32_t vcpu, uint8_t *mem, size_t size, uint8_t value)
{
	struct pvp_ctx *c = ctx;
	int rc;

	(void)value; /* the doorbell carries no data: the frame does */
	/* The engine names the vCPU that rang; one it does not run is the
	 * engine's fault, never served as another vCPU. */
	if (vcpu >= c->opt.nvcpus)
		return -1;
	c->vcpu = vcpu;
	c->host.mem = mem;
	c->host.size = size;
	rc = pvabi_host_serve(&c->host);
	/* The guest asked to be shut down and this platform stops guests
	 * that do: nothing more runs, timers included. */
	if (rc >= 0 && c->opt.stop_at_shutdown && c->shutdown_reason >= 0)
		return 1;
	/* A ring without a call is a guest waiting for an event (a <wait>
	 * step): timers fire only when the platform runs, so run them. */
	if (rc == 0 && c->st.negotiated)
		pvp_platform_tick(c);
	return rc < 0 ? -1 : 0;
}

int pvp_platform_kick(void *ctx, uint32_t vcpu)
{
	struct pvp_ctx *c = ctx;

	if (vcpu >= c->opt.nvcpus)
		return -1;
	c->vcpu = vcpu;
	if (c->st.negotiated)
		pvp_platform_tick(c);
	return 0;
}

static int check_options(const struct pvp_options *o)
{
	if (o->nvcpus > PVP_MAX_VCPUS)
		return -EINVAL;
	if (o->guest_bits && o->guest_bits != 32 && o->guest_bits != 64)
		return -EINVAL;
	return 0;
}

int pvp_platform_init(struct pvp_ctx *c, const struct pvabi_neg_profile *profile,
		      const struct pvp_options *o)
{
	static const struct pvp_options none;
	uint32_t i;
	int rc;

	memset(c, 0, sizeof(*c));
	c->shutdown_reason = -1;
	if (!profile || (rc = check_options(o ? o : &none)))
		return profile ? rc : -EINVAL;
	c->opt = o ? *o : none;
	c->opt.nvcpus = c->opt.nvcpus ? c->opt.nvcpus : 1;
	c->opt.guest_bits = c->opt.guest_bits ? c->opt.guest_bits : 64;
	/* port 0 is never allocated; one table for the largest port limit
	 * of any revision and grant */
	c->ports = calloc(PVP_LIMIT_PORTS_CEILING, sizeof(*c->ports));
	if (!c->ports)
		return -ENOMEM;
	c->port_hint = 1;
	c->profile = *profile;
	pvabi_neg_session_init(&c->session);
	for (i = 0; i < c->opt.nvcpus; i++)
		pvp_msr_reset(&c->vcpus[i]);
	pvp_msr_mark_bsp(&c->vcpus[0]);
	pvp_clock_init(c);
	pvp_steal_init(c);
	c->host.frame_gpa = PVP_FRAME_GPA;
	c->host.dispatch = dispatch;
	c->host.ctx = c;
	c->host.error_inval = PVP_EINVAL;
	return 0;
}

/* The dispatch enforces the declared limits; this platform runs the
 * vCPUs it was configured with, fewer than the spec's ceiling. */
uint64_t pvp_platform_limit(struct pvp_ctx *c, unsigned int limit)
{
	return limit == PVP_LIMIT_VCPUS ? c->opt.nvcpus : UINT64_MAX;
}

void pvp_platform_fini(struct pvp_ctx *c)
{
	free(c->ports);
	c->ports = NULL;
}
