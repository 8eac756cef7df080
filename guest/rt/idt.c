/* The IDT: every vector 0-31 goes through its stub in isr.S to
 * pvabi_exception (exception.c), so a guest fault is a result with a
 * reason, never a hang or a silent VM shutdown. Vector 0x40, the upcall
 * vector, counts interrupts (upcall.c); 32-0x3f are not present, so an
 * interrupt an engine injects on one of them faults (#NP), and one above
 * 0x40 is beyond the limit (#GP), each with an error code that names the
 * vector: exception.c counts it as an upcall with that vector, which the
 * wait that expects it judges. */
#include "guest/rt/runtime.h"

struct idt_entry {
	uint16_t off_lo, sel;
	uint8_t ist, attr;
	uint16_t off_mid;
	uint32_t off_hi, zero;
} __attribute__((packed));

extern const uint64_t pvabi_isr_table[32];
void pvabi_isr_upcall(void);
static struct idt_entry idt[PVABI_UPCALL_VECTOR + 1] __attribute__((aligned(16)));

static void idt_set(int v, uint64_t a)
{
	idt[v].off_lo = (uint16_t)a;
	idt[v].sel = 0x08;
	idt[v].attr = 0x8e; /* present, DPL0, interrupt gate */
	idt[v].off_mid = (uint16_t)(a >> 16);
	idt[v].off_hi = (uint32_t)(a >> 32);
}

void pvabi_idt_load(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) ptr = { sizeof(idt) - 1, (uint64_t)(uintptr_t)idt };

	__asm__ volatile("lidt %0" : : "m"(ptr));
}

void pvabi_idt_init(void)
{
	int v;

	for (v = 0; v < 32; v++)
		idt_set(v, pvabi_isr_table[v]);
	idt_set(PVABI_UPCALL_VECTOR, (uint64_t)(uintptr_t)pvabi_isr_upcall);
	pvabi_idt_load();
}
