/* Interrupts injected into a guest that cannot or will not take them:
 * the host side must never wait for the guest. A guest with interrupts
 * enabled and no IDT faults its way to a shutdown; a guest that keeps
 * interrupts disabled keeps the interrupt queued until its run ends by
 * the timeout. A guest that takes it is the conformance images' upcall
 * scenarios. Each skips, saying why, without a usable /dev/kvm. */
#include "platform/vmm/tests/vmm_fixture.h"

#include <time.h>

struct irqs {
	int queued; /* vectors the doorbell queued, not yet taken */
	unsigned int taken, rung;
};

/* The "platform": each ring queues vector 0x40. */
static int ring(void *ctx, uint32_t vcpu, uint8_t *mem, size_t size, uint8_t value)
{
	struct irqs *q = ctx;

	(void)vcpu;
	(void)mem;
	(void)size;
	(void)value;
	q->rung++;
	q->queued++;
	return 0;
}

static int next(void *ctx, uint32_t vcpu)
{
	struct irqs *q = ctx;

	(void)vcpu;
	if (!q->queued)
		return -1;
	q->queued--;
	q->taken++;
	return 0x40;
}

static double ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

/* Rings once, then runs `tail` forever. */
static void run_after_ring(const uint8_t *tail, size_t n, unsigned int timeout_ms,
			   struct irqs *q, struct pvabi_vm_result *res, double *ms)
{
	struct pvabi_vm_config cfg;
	struct code c = { .n = 0 };
	struct timespec t0;

	MOV_EDX(&c, 0x2f8);
	EMIT(&c, 0xee); /* out %al,%dx */
	img_emit(&c, tail, n);
	fx_cfg_init(&cfg, img_buf, img_guest(&c, &MB32));
	cfg.timeout_ms = timeout_ms;
	cfg.doorbell_port = 0x2f8;
	cfg.doorbell = ring;
	cfg.doorbell_ctx = q;
	cfg.irq = next;
	cfg.irq_ctx = q;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CU_ASSERT_EQUAL(fx_run_cfg(&cfg, res), 0);
	*ms = ms_since(&t0);
}

static void test_no_idt(void)
{
	static const uint8_t sti_spin[] = { 0xfb, 0xeb, 0xfe }; /* sti; jmp . */
	struct pvabi_vm_result res;
	struct irqs q = { 0, 0, 0 };
	double ms;

	NEED_KVM();
	run_after_ring(sti_spin, sizeof(sti_spin), 5000, &q, &res, &ms);
	CU_ASSERT_EQUAL(q.rung, 1);
	CU_ASSERT_EQUAL(q.taken, 1);
	CU_ASSERT_EQUAL(res.exits.injected, 1);
	/* vector 0x40 through an IDT of zeros: #NP, #DF, triple fault */
	CU_ASSERT_TRUE(res.outcome == PVABI_VM_SHUTDOWN || res.outcome == PVABI_VM_INTERNAL_ERROR);
	CU_ASSERT_TRUE(ms < 4000); /* ended by the guest's fault, not the timeout */
}

static void test_interrupts_off(void)
{
	static const uint8_t cli_spin[] = { 0xfa, 0xeb, 0xfe }; /* cli; jmp . */
	struct pvabi_vm_result res;
	struct irqs q = { 0, 0, 0 };
	double ms;

	NEED_KVM();
	run_after_ring(cli_spin, sizeof(cli_spin), 300, &q, &res, &ms);
	CU_ASSERT_EQUAL(res.outcome, PVABI_VM_TIMEOUT);
	CU_ASSERT_EQUAL(q.taken, 1); /* taken, held for a window that never opens */
	CU_ASSERT_EQUAL(res.exits.injected, 0);
	CU_ASSERT_EQUAL(res.exits.irq_window, 0);
	CU_ASSERT_TRUE(ms >= 300 && ms < 2000);
}

/* Interrupts enabled only after a while: the queued one is injected
 * once the window opens, and a guest without an IDT then faults. */
static void test_window_opens_late(void)
{
	static const uint8_t late[] = {
		0xb9, 0x00, 0x10, 0x00, 0x00, /* mov $0x1000,%ecx */
		0xe2, 0xfe,                   /* loop . */
		0xfb, 0xeb, 0xfe,             /* sti; jmp . */
	};
	struct pvabi_vm_result res;
	struct irqs q = { 0, 0, 0 };
	double ms;

	NEED_KVM();
	run_after_ring(late, sizeof(late), 5000, &q, &res, &ms);
	CU_ASSERT_EQUAL(res.exits.injected, 1);
	CU_ASSERT_TRUE(res.outcome == PVABI_VM_SHUTDOWN || res.outcome == PVABI_VM_INTERNAL_ERROR);
}

const struct pvabi_test_case vmm_irq_cases[] = {
	{ "interrupt into a guest without an IDT", test_no_idt },
	{ "interrupt held while interrupts are off", test_interrupts_off },
	{ "interrupt injected when the window opens", test_window_opens_late },
	{ NULL, NULL },
};
