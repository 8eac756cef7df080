/* The interrupt queues between a platform and its engine (irq.h). */
#include "platform/irq.h"

#include <stddef.h>

void pvabi_irq_post(void *ctx, uint32_t vcpu, uint8_t vector)
{
	struct pvabi_irqq *q = ctx;
	struct pvabi_irq_ring *r;

	if (!q)
		return;
	r = vcpu < PVABI_IRQ_VCPUS ? &q->cpu[vcpu] : NULL;
	if (!r || r->n == PVABI_IRQ_DEPTH) {
		q->dropped++;
		return;
	}
	r->vec[(r->head + r->n++) % PVABI_IRQ_DEPTH] = vector;
	q->posted++;
	if (q->on_post)
		q->on_post(q->on_post_ctx);
}

int pvabi_irq_take(struct pvabi_irqq *q, uint32_t vcpu)
{
	struct pvabi_irq_ring *r;
	int v;

	if (!q || vcpu >= PVABI_IRQ_VCPUS || !q->cpu[vcpu].n)
		return -1;
	r = &q->cpu[vcpu];
	v = r->vec[r->head];
	r->head = (r->head + 1) % PVABI_IRQ_DEPTH;
	r->n--;
	q->taken++;
	return v;
}

unsigned int pvabi_irq_pending(const struct pvabi_irqq *q, uint32_t vcpu)
{
	return q && vcpu < PVABI_IRQ_VCPUS ? q->cpu[vcpu].n : 0;
}
