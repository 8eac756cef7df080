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

/* The argument slots: the first n from args, the others zeroed, as the
 * convention requires (a platform that reads one by mistake must see 0,
 * not an argument of an earlier call that happens to make a wrong answer
 * look right). Straight-line stores: a loop costs several instructions a
 * slot, each about a microsecond where guest kernel code is emulated. */
static void put_slots(volatile uint64_t *s, const uint64_t *args, uint32_t n)
{
	switch (n) {
	case 8: s[7] = args[7]; __attribute__((fallthrough));
	case 7: s[6] = args[6]; __attribute__((fallthrough));
	case 6: s[5] = args[5]; __attribute__((fallthrough));
	case 5: s[4] = args[4]; __attribute__((fallthrough));
	case 4: s[3] = args[3]; __attribute__((fallthrough));
	case 3: s[2] = args[2]; __attribute__((fallthrough));
	case 2: s[1] = args[1]; __attribute__((fallthrough));
	case 1: s[0] = args[0]; __attribute__((fallthrough));
	default: break;
	}
	switch (n) {
	case 0: s[0] = 0; __attribute__((fallthrough));
	case 1: s[1] = 0; __attribute__((fallthrough));
	case 2: s[2] = 0; __attribute__((fallthrough));
	case 3: s[3] = 0; __attribute__((fallthrough));
	case 4: s[4] = 0; __attribute__((fallthrough));
	case 5: s[5] = 0; __attribute__((fallthrough));
	case 6: s[6] = 0; __attribute__((fallthrough));
	case 7: s[7] = 0; __attribute__((fallthrough));
	default: break;
	}
}

/* Kept short: guest kernel code may be emulated instruction by
 * instruction. More than the frame holds is sent as such, for the
 * platform to refuse, with the slots the frame has. */
int64_t pvabi_transport_call_raw(struct pvabi_transport *t, uint32_t op, uint32_t nargs,
				 const uint64_t *args, int64_t fault_value)
{
	volatile struct pvabi_frame *f = t->frame;
	uint32_t n = nargs < PVABI_FRAME_ARGS ? nargs : PVABI_FRAME_ARGS;
	uint64_t seq = ++t->seq;
	int64_t ret;

	_Static_assert(PVABI_FRAME_ARGS == 8, "put_slots writes 8 slots");
	f->magic = PVABI_FRAME_MAGIC;
	f->op = op;
	f->nargs = nargs;
	put_slots(f->args, args, n);
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
