/* The call-frame transport: the guest fills the frame at a fixed guest-
 * physical address, marks it pending and rings the doorbell port; the
 * platform answers in the same frame. It works unchanged whether the
 * platform answers during the port exit (own VMM) or later from another
 * process (QEMU), because the guest always waits on the frame itself. */
#ifndef PVABI_GUEST_TRANSPORT_H
#define PVABI_GUEST_TRANSPORT_H

#include <stdint.h>

#define PVABI_FRAME_MAGIC 0x46435650u /* "PVCF" */
#define PVABI_FRAME_FREE 0u
#define PVABI_FRAME_PENDING 1u
#define PVABI_FRAME_DONE 2u
#define PVABI_FRAME_ARGS 8

struct pvabi_frame {
	uint32_t magic, op, nargs, state;
	uint64_t seq;
	uint64_t args[PVABI_FRAME_ARGS];
	int64_t ret;
};

_Static_assert(sizeof(struct pvabi_frame) == 96, "call frame layout");

struct pvabi_transport {
	volatile struct pvabi_frame *frame;
	uint16_t port;
	uint64_t seq;
	int faults; /* answers that did not match their call */
	/* The byte the doorbell is rung with: the calling vCPU + 1 (smp.h
	 * sets 2 while vCPU 1 runs a job), which names the vCPU where the
	 * engine cannot tell (QEMU's UART); the convention allows any. */
	uint8_t ring;
};

void pvabi_transport_init(struct pvabi_transport *t, uint64_t frame_gpa, uint16_t port);
/* One call; a mismatched answer counts a fault and returns fault_value. */
int64_t pvabi_transport_call_raw(struct pvabi_transport *t, uint32_t op, uint32_t nargs,
				 const uint64_t *args, int64_t fault_value);

extern struct pvabi_transport pvabi_transport;

#endif
