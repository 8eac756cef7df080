/* Exceptions: every vector 0-31 reports what happened and ends the run
 * as CRASH, so a guest fault is a result with a reason, never a hang or
 * a silent VM shutdown. */
#include "guest/rt/runtime.h"

struct idt_entry {
	uint16_t off_lo, sel;
	uint8_t ist, attr;
	uint16_t off_mid;
	uint32_t off_hi, zero;
} __attribute__((packed));

struct exc_frame {
	uint64_t vector, error, rip, cs, rflags;
};

extern const uint64_t pvabi_isr_table[32];
static struct idt_entry idt[32] __attribute__((aligned(16)));

void pvabi_exception(const struct exc_frame *f);

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

void pvabi_exception(const struct exc_frame *f)
{
	uint64_t cr2;

	__asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
	pvabi_console_flush();
	pvabi_printf("Bail out! exception vector %llu error 0x%llx rip 0x%llx cr2 0x%llx\n",
		     (unsigned long long)f->vector, (unsigned long long)f->error,
		     (unsigned long long)f->rip, (unsigned long long)cr2);
	pvabi_exit(PVABI_CRASH);
}
