/* A platform for the mini test ABI: the generated dispatch, real
 * negotiation through the negotiator, handlers that do what the mini
 * spec documents. Used to test engines and the guest runtime end to end
 * without the reference platform. */
#include "platform/tests/mini_host.h"

#include <string.h>

int mini_guest_check(struct mini_ctx *c, uint64_t gpa, uint64_t size)
{
	return pvabi_gmem_check(&c->host, gpa, size);
}

int64_t mini_handle_negotiate(struct mini_ctx *c, struct mini_gptr offer, struct mini_gptr answer)
{
	uint8_t req[64], resp[128];
	struct pvabi_neg_answer a;
	int n;

	if (offer.size > sizeof(req) || answer.size > sizeof(resp) ||
	    pvabi_gmem_read(&c->host, offer.gpa, req, offer.size))
		return MINI_EFAULT;
	n = pvabi_neg_platform_serve(&c->session, &c->profile, req, offer.size, resp,
				     answer.size, &a);
	if (n < 0)
		return MINI_EINVAL;
	if (pvabi_gmem_write(&c->host, answer.gpa, resp, (size_t)n))
		return MINI_EFAULT;
	if (a.status == PVABI_NEG_OK && mini_dispatch_negotiated(&c->st, a.chosen, a.granted))
		return MINI_EINVAL;
	if (a.status == PVABI_NEG_OK)
		c->negotiated = a;
	return 0;
}

int64_t mini_handle_halt(struct mini_ctx *c, uint32_t why)
{
	c->halted = (int)why + 1;
	return 0;
}

int64_t mini_handle_get_info(struct mini_ctx *c, struct mini_gptr out)
{
	uint8_t info[24] = { 0 };
	uint32_t size = (uint32_t)out.size;

	memcpy(info, &size, 4);
	return pvabi_gmem_write(&c->host, out.gpa, info, out.size < 24 ? out.size : 24) ? MINI_EFAULT : 0;
}

int64_t mini_handle_set_timer(struct mini_ctx *c, uint64_t deadline, uint32_t flags)
{
	c->timer = deadline;
	return flags;
}

int64_t mini_handle_old_write(struct mini_ctx *c, uint16_t len)
{
	(void)c;
	return len;
}

int64_t mini_handle_write(struct mini_ctx *c, uint32_t len, struct mini_gptr buf)
{
	(void)c;
	(void)buf;
	return len;
}

int64_t mini_handle_fast_path(struct mini_ctx *c, int16_t step, int8_t bias)
{
	(void)c;
	return step + bias < 0 ? 0 : step + bias;
}

int64_t mini_handle_nop(struct mini_ctx *c)
{
	(void)c;
	return 0;
}

static int64_t dispatch(void *ctx, uint32_t op, uint32_t nargs, const uint64_t *args)
{
	struct mini_ctx *c = ctx;

	return mini_dispatch(c, &c->st, op, nargs, args);
}

int mini_platform_doorbell(void *ctx, uint32_t vcpu, uint8_t *mem, size_t size, uint8_t value)
{
	struct mini_ctx *c = ctx;

	(void)vcpu;
	(void)value;
	c->host.mem = mem;
	c->host.size = size;
	return pvabi_host_serve(&c->host) < 0 ? -1 : 0;
}

/* Serves every window revision with every feature it defines. */
int mini_platform_init(struct mini_ctx *c)
{
	struct pvabi_neg_rev_desc d[MINI_WINDOW_NREVS];
	int k;

	memset(c, 0, sizeof(*c));
	for (k = 0; k < MINI_WINDOW_NREVS; k++) {
		d[k].rev = mini_window_revs[k];
		d[k].served = 1;
		d[k].features_defined = mini_window_features[k];
	}
	pvabi_neg_session_init(&c->session);
	c->host.frame_gpa = MINI_FRAME_GPA;
	c->host.dispatch = dispatch;
	c->host.ctx = c;
	c->host.error_inval = MINI_EINVAL;
	return pvabi_neg_profile_build(&c->profile, d, MINI_WINDOW_NREVS, ~UINT64_C(0), 0x6d696e69);
}
