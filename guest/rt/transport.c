#include "guest/rt/transport.h"
#include "guest/rt/io.h"

struct pvabi_transport pvabi_transport;

void pvabi_transport_init(struct pvabi_transport *t, uint64_t frame_gpa, uint16_t port)
{
	t->frame = (volatile struct pvabi_frame *)(uintptr_t)frame_gpa;
	t->port = port;
	t->seq = 0;
	t->faults = 0;
	t->ring = 1;
	t->frame->state = PVABI_FRAME_FREE;
}

/* Kept short: guest kernel code may be emulated instruction by
 * instruction. The slots past nargs are zeroed, as the convention
 * requires: a platform that reads one by mistake must see 0, not an
 * argument of an earlier call that happens to make a wrong answer look
 * right. More than the frame holds is sent as such, for the platform to
 * refuse, with the slots the frame has. */
int64_t pvabi_transport_call_raw(struct pvabi_transport *t, uint32_t op, uint32_t nargs,
				 const uint64_t *args, int64_t fault_value)
{
	volatile struct pvabi_frame *f = t->frame;
	uint32_t i, n = nargs < PVABI_FRAME_ARGS ? nargs : PVABI_FRAME_ARGS;
	uint64_t seq = ++t->seq;
	int64_t ret;

	f->magic = PVABI_FRAME_MAGIC;
	f->op = op;
	f->nargs = nargs;
	for (i = 0; i < n; i++)
		f->args[i] = args[i];
	for (; i < PVABI_FRAME_ARGS; i++)
		f->args[i] = 0;
	f->ret = 0;
	f->seq = seq;
	__asm__ volatile("" : : : "memory");
	f->state = PVABI_FRAME_PENDING;
	outb(t->port, t->ring);
	while (f->state != PVABI_FRAME_DONE)
		cpu_relax();
	__asm__ volatile("" : : : "memory");
	ret = f->ret;
	/* The platform is not trusted either: an answer for another call is
	 * a fault, reported, never used. */
	if (f->seq != seq || f->op != op) {
		t->faults++;
		ret = fault_value;
	}
	f->state = PVABI_FRAME_FREE;
	return ret;
}
