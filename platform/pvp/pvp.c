/* The pvp reference platform: set-up, the doorbell, negotiation. The op
 * handlers live in cpu.c, mmu.c, time.c and evtchn.c. */
#include "platform/pvp/pvp_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t pvp_now_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

uint64_t pvp_platform_time(const struct pvp_ctx *c)
{
	return pvp_now_ns() - c->start_ns;
}

/* The virtual TSC counts platform nanoseconds at 1 GHz: one clock for
 * get_time, time_info and MSR 0x10, so they agree by construction. */
uint64_t pvp_virtual_tsc(const struct pvp_ctx *c)
{
	return pvp_platform_time(c);
}

void pvp_log_emit(struct pvp_ctx *c, const char *buf, size_t n)
{
	if (c->opt.log)
		c->opt.log(c->opt.log_ctx, buf, n);
}

int pvp_guest_check(struct pvp_ctx *c, uint64_t gpa, uint64_t size)
{
	return pvabi_gmem_check(&c->host, gpa, size);
}

/* Operation 0: the negotiator decides, the dispatch then serves exactly
 * the agreed revision. The last answer is kept for the platform-side
 * record, whatever its status. */
int64_t pvp_handle_negotiate(struct pvp_ctx *c, struct pvp_gptr offer, struct pvp_gptr answer)
{
	uint8_t req[256], resp[PVABI_NEG_ANSWER_SIZE];
	struct pvabi_neg_answer a;
	size_t in = offer.size < sizeof(req) ? (size_t)offer.size : sizeof(req);
	int n;

	/* a later, larger offer layout is read as its layout-0 prefix */
	if (pvabi_gmem_read(&c->host, offer.gpa, req, in))
		return PVP_EFAULT;
	n = pvabi_neg_platform_serve(&c->session, &c->profile, req, in, resp,
				     answer.size < sizeof(resp) ? (size_t)answer.size : sizeof(resp), &a);
	if (n < 0)
		return PVP_EINVAL;
	if (pvabi_gmem_write(&c->host, answer.gpa, resp, (size_t)n))
		return PVP_EFAULT;
	c->answer = a;
	c->answered = 1;
	if (a.status != PVABI_NEG_OK)
		return 0;
	if (pvp_dispatch_negotiated(&c->st, a.chosen, a.granted))
		return PVP_EINVAL; /* the profile serves a revision the dispatch lacks */
	c->agreed = a;
	c->agreed_valid = 1;
	return 0;
}

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

int pvp_platform_doorbell(void *ctx, uint8_t *mem, size_t size, uint8_t value)
{
	struct pvp_ctx *c = ctx;

	(void)value; /* the doorbell carries no data: the frame does */
	c->host.mem = mem;
	c->host.size = size;
	return pvabi_host_serve(&c->host) < 0 ? -1 : 0;
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
	/* port 0 is never allocated; one table sized for evtchn_fifo */
	c->ports = calloc(PVP_PORTS_FIFO, sizeof(*c->ports));
	if (!c->ports)
		return -ENOMEM;
	c->port_hint = 1;
	c->profile = *profile;
	pvabi_neg_session_init(&c->session);
	for (i = 0; i < c->opt.nvcpus; i++)
		pvp_msr_reset(&c->vcpus[i]);
	c->start_ns = pvp_now_ns();
	pvp_steal_init(c);
	c->wall_at_start_ns = clock_ns(CLOCK_REALTIME) - (pvp_now_ns() - c->start_ns);
	c->host.frame_gpa = PVP_FRAME_GPA;
	c->host.dispatch = dispatch;
	c->host.ctx = c;
	c->host.error_inval = PVP_EINVAL;
	return 0;
}

void pvp_platform_fini(struct pvp_ctx *c)
{
	free(c->ports);
	c->ports = NULL;
}
