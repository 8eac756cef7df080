/* Interrupts a platform raises for its guest, queued per vCPU until the
 * engine can deliver them: the platform posts from its handlers (during
 * a doorbell, with the engine's serving lock held), the engine takes
 * them for a vCPU when that vCPU can accept one (KVM: an open interrupt
 * window; QEMU: the next time it serves the doorbell, vCPU 0 only). A
 * guest that never accepts one (no IDT, interrupts disabled forever)
 * leaves them queued: nothing on the host side waits for the guest, the
 * run ends by its timeout or the guest's own exit. The queue has no lock
 * of its own: posts and takes are serialised by the engine. */
#ifndef PVABI_PLATFORM_IRQ_H
#define PVABI_PLATFORM_IRQ_H

#include <stdint.h>

/* At least what one call may raise for one vCPU: evtchn_bind delivers a
 * port's whole evtchn_fifo queue, up to 255 events, at once, and an
 * engine that is slow to pass them on must not drop them. */
#define PVABI_IRQ_DEPTH 256u
#define PVABI_IRQ_VCPUS 8u /* the most vCPUs any engine runs */

struct pvabi_irq_ring {
	uint8_t vec[PVABI_IRQ_DEPTH];
	unsigned int head, n;
};

struct pvabi_irqq {
	struct pvabi_irq_ring cpu[PVABI_IRQ_VCPUS];
	uint64_t posted, taken, dropped;
	/* Called after each post, with its ctx, where an engine sends what
	 * is queued at once rather than when the doorbell's batch is served:
	 * a vector a call raises is then on its way before the call's answer
	 * (the QEMU engines; NULL elsewhere). */
	void (*on_post)(void *ctx);
	void *on_post_ctx;
};

/* Queues vector for vcpu; the pvp_options.inject signature, q being a
 * struct pvabi_irqq. A full queue, or a vCPU past PVABI_IRQ_VCPUS, drops
 * it (counted): a guest that floods itself loses its own interrupts only. */
void pvabi_irq_post(void *q, uint32_t vcpu, uint8_t vector);
/* The oldest vector queued for vcpu, removed; -1 when none. */
int pvabi_irq_take(struct pvabi_irqq *q, uint32_t vcpu);
/* The number queued for vcpu. */
unsigned int pvabi_irq_pending(const struct pvabi_irqq *q, uint32_t vcpu);

#endif
