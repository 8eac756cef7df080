#include "platform/host.h"

#include <string.h>

/* Frame layout (guest/rt/transport.h, and the generated <abi>_call_frame). */
enum {
	F_MAGIC = 0, F_OP = 4, F_NARGS = 8, F_STATE = 12, F_SEQ = 16, F_ARGS = 24, F_RET = 88,
};
#define STATE_PENDING 1u
#define STATE_DONE 2u
#define MAX_ARGS 8u

int pvabi_gmem_check(const struct pvabi_host *h, uint64_t gpa, uint64_t len)
{
	return gpa > h->size || len > h->size - gpa ? -1 : 0;
}

int pvabi_gmem_read(const struct pvabi_host *h, uint64_t gpa, void *buf, size_t len)
{
	if (pvabi_gmem_check(h, gpa, len))
		return -1;
	memcpy(buf, h->mem + gpa, len);
	return 0;
}

int pvabi_gmem_write(const struct pvabi_host *h, uint64_t gpa, const void *buf, size_t len)
{
	if (pvabi_gmem_check(h, gpa, len))
		return -1;
	memcpy(h->mem + gpa, buf, len);
	return 0;
}

static uint32_t rd32(const volatile uint8_t *p)
{
	uint32_t v;

	memcpy(&v, (const void *)p, sizeof(v));
	return v;
}

static uint64_t rd64(const volatile uint8_t *p)
{
	uint64_t v;

	memcpy(&v, (const void *)p, sizeof(v));
	return v;
}

/* The answer: result first, state last, so a guest spinning on state
 * never sees DONE before the result is in place. */
static void answer(volatile uint8_t *f, int64_t ret, uint64_t seq)
{
	memcpy((void *)(f + F_RET), &ret, sizeof(ret));
	memcpy((void *)(f + F_SEQ), &seq, sizeof(seq));
	__atomic_thread_fence(__ATOMIC_RELEASE);
	*(volatile uint32_t *)(f + F_STATE) = STATE_DONE;
}

int pvabi_host_serve(struct pvabi_host *h)
{
	uint64_t args[MAX_ARGS], seq;
	uint32_t magic, op, nargs, i;
	volatile uint8_t *f;
	int64_t ret;

	if (pvabi_gmem_check(h, h->frame_gpa, PVABI_HOST_FRAME_SIZE) || (h->frame_gpa & 7))
		return -1;
	f = h->mem + h->frame_gpa;
	if (rd32(f + F_STATE) != STATE_PENDING) {
		h->spurious++;
		return 0;
	}
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	/* one read of each field: the guest may rewrite them meanwhile */
	magic = rd32(f + F_MAGIC);
	op = rd32(f + F_OP);
	nargs = rd32(f + F_NARGS);
	seq = rd64(f + F_SEQ);
	for (i = 0; i < MAX_ARGS; i++)
		args[i] = rd64(f + F_ARGS + 8 * i);
	h->calls++;
	if (magic != PVABI_HOST_FRAME_MAGIC || nargs > MAX_ARGS) {
		h->bad_frames++;
		ret = h->error_inval;
	} else {
		for (i = nargs; i < MAX_ARGS; i++)
			if (args[i]) {
				h->stale_slots++;
				break;
			}
		ret = h->dispatch(h->ctx, op, nargs, args);
	}
	answer(f, ret, seq);
	return 1;
}
