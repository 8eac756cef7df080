/* Interrupts a platform raises for its guest, queued until the engine
 * can deliver them: the platform posts from its handlers (during a
 * doorbell, in the engine's thread), the engine takes them when the
 * guest can accept one (KVM: an open interrupt window; QEMU: the next
 * time it serves the doorbell). A guest that never accepts one (no IDT,
 * interrupts disabled forever) leaves them queued: nothing on the host
 * side waits for the guest, the run ends by its timeout or the guest's
 * own exit. The engines run one vCPU. */
#ifndef PVABI_PLATFORM_IRQ_H
#define PVABI_PLATFORM_IRQ_H

#include <stdint.h>

#define PVABI_IRQ_DEPTH 64u

struct pvabi_irqq {
	uint8_t vec[PVABI_IRQ_DEPTH];
	unsigned int head, n;
	uint64_t posted, taken, dropped;
};

/* Queues vector for vcpu; the pvp_options.inject signature, q being a
 * struct pvabi_irqq. A full queue, or a vCPU other than 0, drops it
 * (counted): a guest that floods itself loses its own interrupts only. */
void pvabi_irq_post(void *q, uint32_t vcpu, uint8_t vector);
/* The oldest queued vector, removed; -1 when none. */
int pvabi_irq_take(struct pvabi_irqq *q);
/* The number queued. */
unsigned int pvabi_irq_pending(const struct pvabi_irqq *q);

#endif
