/* The IDT: every vector 0-31 goes through its stub in isr.S to
 * pvabi_exception (exception.c), so a guest fault is a result with a
 * reason, never a hang or a silent VM shutdown. */
#include "guest/rt/runtime.h"

struct idt_entry {
	uint16_t off_lo, sel;
	uint8_t ist, attr;
	uint16_t off_mid;
	uint32_t off_hi, zero;
} __attribute__((packed));

extern const uint64_t pvabi_isr_table[32];
static struct idt_entry idt[32] __attribute__((aligned(16)));

void pvabi_idt_init(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) ptr = { sizeof(idt) - 1, (uint64_t)(uintptr_t)idt };
	int v;

	for (v = 0; v < 32; v++) {
		uint64_t a = pvabi_isr_table[v];

		idt[v].off_lo = (uint16_t)a;
		idt[v].sel = 0x08;
		idt[v].attr = 0x8e; /* present, DPL0, interrupt gate */
		idt[v].off_mid = (uint16_t)(a >> 16);
		idt[v].off_hi = (uint32_t)(a >> 32);
	}
	__asm__ volatile("lidt %0" : : "m"(ptr));
}
