/* The interrupt queue between a platform and its engine (irq.h). */
#include "platform/irq.h"

void pvabi_irq_post(void *ctx, uint32_t vcpu, uint8_t vector)
{
	struct pvabi_irqq *q = ctx;

	if (!q)
		return;
	if (vcpu != 0 || q->n == PVABI_IRQ_DEPTH) {
		q->dropped++;
		return;
	}
	q->vec[(q->head + q->n++) % PVABI_IRQ_DEPTH] = vector;
	q->posted++;
}

int pvabi_irq_take(struct pvabi_irqq *q)
{
	int v;

	if (!q || !q->n)
		return -1;
	v = q->vec[q->head];
	q->head = (q->head + 1) % PVABI_IRQ_DEPTH;
	q->n--;
	q->taken++;
	return v;
}

unsigned int pvabi_irq_pending(const struct pvabi_irqq *q)
{
	return q ? q->n : 0;
}
