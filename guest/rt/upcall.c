/* Observing asynchronous events: the upcall counter the vector-0x40 stub
 * (isr.S) increments, and bounded waits for it or for guest memory a
 * platform writes. A wait never hangs the guest: it ends after its bound
 * whatever the platform does, so a platform that never delivers is a
 * failed step ("timed out"), not a run killed by the host's timeout. */
#include "guest/rt/io.h"
#include "guest/rt/runtime.h"

volatile uint64_t pvabi_upcalls;

/* Where the engine delivers interrupts as bytes received by the UART
 * behind the doorbell port (the QEMU engines: docs/engines.md,
 * Interrupts), that UART's IRQ 3 is routed through the I/O APIC to the
 * upcall vector, and each byte received is one upcall. Where the engine
 * injects the vector itself (the own VMM) there is no UART there and
 * nothing to route or acknowledge. */
#define UART_IRQ 3
#define IOAPIC 0xfec00000u
#define LAPIC 0xfee00000u
#define APIC_PAGES 0x9bu /* present, writable, write-through, uncached, 2 MiB */

static uint16_t uart; /* 0: the engine injects vectors directly */
/* A byte the guest clears on each upcall, where the ABI asks the guest
 * to acknowledge one there (Xen: vcpu_info's evtchn_upcall_pending, which
 * keeps the callback vector asserted while it is set). */
static volatile uint8_t *ack;
extern uint64_t pvabi_pdpt[512];
static uint64_t apic_pd[512] __attribute__((aligned(4096)));

static void mmio_write(uint32_t addr, uint32_t v)
{
	*(volatile uint32_t *)(uintptr_t)addr = v;
}

/* The APICs live in the fourth GiB, which the boot page tables leave
 * unmapped: one page directory with their two 2 MiB pages. */
void pvabi_apic_map(void)
{
	uint64_t cr3;

	if (pvabi_pdpt[3])
		return;

	apic_pd[(IOAPIC >> 21) & 511] = (IOAPIC & ~0x1fffffu) | APIC_PAGES;
	apic_pd[(LAPIC >> 21) & 511] = (LAPIC & ~0x1fffffu) | APIC_PAGES;
	pvabi_pdpt[3] = (uint64_t)(uintptr_t)apic_pd | 0x3;
	__asm__ volatile("mov %%cr3, %0; mov %0, %%cr3" : "=r"(cr3) : : "memory");
}

void pvabi_upcall_init(uint16_t port)
{
	outb((uint16_t)(port + 7), 0x5a); /* scratch register: a UART keeps it */
	if (inb((uint16_t)(port + 7)) != 0x5a)
		return;
	uart = port;
	pvabi_apic_map();
	mmio_write(LAPIC + 0x80, 0);         /* TPR: accept every priority */
	mmio_write(LAPIC + 0xf0, 0x1ff);     /* SVR: enabled, spurious 0xff */
	mmio_write(IOAPIC, 0x10 + 2 * UART_IRQ + 1);
	mmio_write(IOAPIC + 0x10, 0);        /* to APIC id 0 */
	mmio_write(IOAPIC, 0x10 + 2 * UART_IRQ);
	mmio_write(IOAPIC + 0x10, PVABI_UPCALL_VECTOR); /* fixed, edge, unmasked */
	while (inb((uint16_t)(port + 5)) & 1) /* nothing from before counts */
		inb(port);
	outb((uint16_t)(port + 1), 1);       /* IER: received data */
}

/* Called by the vector-0x40 stub (isr.S) with interrupts disabled. */
void pvabi_upcall_isr(void);

void pvabi_upcall_isr(void)
{
	unsigned int n = 0;

	if (!uart) {
		if (ack)
			*ack = 0;
		pvabi_upcalls++;
		return;
	}
	while (n < 64 && (inb((uint16_t)(uart + 5)) & 1)) {
		inb(uart);
		n++;
	}
	pvabi_upcalls += n;
	mmio_write(LAPIC + 0xb0, 0); /* EOI */
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

void pvabi_kick(uint16_t port)
{
	outb(port, 0);
}

/* The bound of a wait (runtime.h): the guest has no calibrated clock of
 * its own, so it counts TSC ticks as if the TSC ran at 4 GHz (faster
 * than any it meets), which waits at least within_ns; a round costs at
 * least a nanosecond (it exits to the platform), so within_ns rounds
 * also bound a wait on a TSC that does not advance. */
void pvabi_bound_start(struct pvabi_bound *b, uint64_t within_ns)
{
	b->t0 = rdtsc();
	b->ticks = within_ns > UINT64_MAX / 4 ? UINT64_MAX : within_ns * 4;
	b->rounds = 0;
	b->left = within_ns;
}

int pvabi_bound_over(struct pvabi_bound *b)
{
	return rdtsc() - b->t0 >= b->ticks || b->rounds++ >= b->left;
}

int pvabi_upcall_wait(uint64_t target, uint64_t within_ns, uint16_t port)
{
	struct pvabi_bound b;

	pvabi_bound_start(&b, within_ns);
	__asm__ volatile("sti" : : : "memory");
	while (pvabi_upcalls < target && !pvabi_bound_over(&b)) {
		pvabi_kick(port);
		cpu_relax();
	}
	__asm__ volatile("cli" : : : "memory");
	return pvabi_upcalls >= target;
}

uint64_t pvabi_upcall_wait_ack(uint64_t target, uint64_t within_ns, int exact,
			       volatile uint8_t *ack_at)
{
	struct pvabi_bound b;

	pvabi_bound_start(&b, within_ns);
	ack = ack_at;
	__asm__ volatile("sti" : : : "memory");
	while ((exact || pvabi_upcalls < target) && !pvabi_bound_over(&b))
		cpu_relax();
	__asm__ volatile("cli" : : : "memory");
	ack = 0;
	return pvabi_upcalls;
}

static uint64_t load(const volatile void *p, unsigned int width)
{
	switch (width) {
	case 1:
		return *(const volatile uint8_t *)p;
	case 2:
		return *(const volatile uint16_t *)p;
	case 4:
		return *(const volatile uint32_t *)p;
	default:
		return *(const volatile uint64_t *)p;
	}
}

int pvabi_mem_poll(const volatile void *p, unsigned int width, uint64_t mask, uint64_t want,
		   uint64_t within_ns, uint16_t port, uint64_t *got)
{
	struct pvabi_bound b;

	pvabi_bound_start(&b, within_ns);
	for (;;) {
		*got = load(p, width);
		if ((*got & mask) == want)
			return 1;
		if (!within_ns || pvabi_bound_over(&b))
			return 0;
		pvabi_kick(port);
		cpu_relax();
	}
}
