/* Observing asynchronous events: the upcall counters the vector-0x40 stub
 * (isr.S) increments, one for every vCPU and one per vCPU, and bounded
 * waits for them or for guest memory a platform writes. A wait never
 * hangs the guest: it ends after its bound whatever the platform does,
 * so a platform that never delivers is a failed step ("timed out"), not
 * a run killed by the host's timeout. */
#include "guest/rt/io.h"
#include "guest/rt/runtime.h"
#include "guest/rt/smp.h"

volatile uint64_t pvabi_upcalls;
volatile uint64_t pvabi_upcalls_on[PVABI_UPCALL_VCPUS];
volatile uint8_t pvabi_upcall_vecs[PVABI_UPCALL_VCPUS][PVABI_UPCALL_VEC_LOG];
/* vCPU 1's stack (guest/rt/smp_tramp.S): an image without the second
 * vCPU's runtime has none, and every upcall is vCPU 0's. */
extern const char pvabi_ap_stack_top[] __attribute__((weak));

/* Where the engine delivers interrupts as bytes received by the UART
 * behind the doorbell port (the QEMU engines: docs/engines.md,
 * Interrupts), that UART's IRQ 3 is routed through the I/O APIC to the
 * upcall vector, and each byte received is one upcall. Where the engine
 * injects the vector itself (the own VMM) there is no UART there and
 * nothing to route or acknowledge. */
#define UART_IRQ 3
/* vCPU 1's interrupts, where they come as bytes: a second UART, COM3's
 * address, on an IRQ no other device of the machine drives, routed to
 * APIC id 1 (docs/engines.md, Interrupts). */
#define UART1 0x3e8
#define UART1_IRQ 14
#define IOAPIC 0xfec00000u
#define LAPIC 0xfee00000u
#define APIC_PAGES 0x9bu /* present, writable, write-through, uncached, 2 MiB */

/* How many interrupt bytes the engine sent each vCPU's UART, rewritten by
 * an engine that says (the QEMU engines, conformance/engine_qemu.c); left
 * at UINT64_MAX by every other, which then says nothing. The image's note
 * tells the engine where it is (platform/vmm/vmm.h, PVABI_VM_NOTE_SENT). */
volatile uint64_t pvabi_irq_sent[PVABI_UPCALL_VCPUS] = { UINT64_MAX, UINT64_MAX };

struct sent_note {
	uint32_t namesz, descsz, type;
	char name[8];
	uint64_t gpa;
} __attribute__((packed));

__attribute__((section(".note.pvabi"), aligned(4), used))
static const struct sent_note sent_note = { 6, 8, 2, "pvabi", (uint64_t)(uintptr_t)pvabi_irq_sent };

/* The bytes each vCPU's UART gave this guest (upcalls, and a backlog
 * dropped when the UART was routed), against pvabi_irq_sent. */
static volatile uint64_t uart_took[PVABI_UPCALL_VCPUS];
/* A vCPU whose last take of what was sent did not get it all. */
static volatile uint8_t untaken[PVABI_UPCALL_VCPUS];

static uint16_t uart; /* 0: the engine injects vectors directly */
static uint16_t uart1; /* 0: no UART for vCPU 1 */
/* A byte the guest clears on each upcall, where the ABI asks the guest
 * to acknowledge one there (Xen: vcpu_info's evtchn_upcall_pending, which
 * keeps the callback vector asserted while it is set), one per vCPU:
 * each vCPU has its own vcpu_info. */
static volatile uint8_t *volatile ack[PVABI_UPCALL_VCPUS];
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

static int uart_probe(uint16_t port)
{
	outb((uint16_t)(port + 7), 0x5a); /* scratch register: a UART keeps it */
	return inb((uint16_t)(port + 7)) == 0x5a;
}

/* A UART's IRQ to vector 0x40 of APIC id apic, its backlog dropped (nothing
 * from before counts), its receive interrupt on. */
static void uart_route(uint16_t port, unsigned int irq, uint32_t apic)
{
	uint32_t v = port == UART1;

	mmio_write(IOAPIC, 0x10 + 2 * irq + 1);
	mmio_write(IOAPIC + 0x10, apic << 24);
	mmio_write(IOAPIC, 0x10 + 2 * irq);
	mmio_write(IOAPIC + 0x10, PVABI_UPCALL_VECTOR); /* fixed, edge, unmasked */
	while (inb((uint16_t)(port + 5)) & 1) {
		inb(port);
		uart_took[v]++;
	}
	outb((uint16_t)(port + 1), 1); /* IER: received data */
}

/* The calling vCPU's local APIC accepts what the I/O APIC sends it. */
static void lapic_on(void)
{
	mmio_write(LAPIC + 0x80, 0);     /* TPR: accept every priority */
	mmio_write(LAPIC + 0xf0, 0x1ff); /* SVR: enabled, spurious 0xff */
}

void pvabi_upcall_init(uint16_t port)
{
	if (!uart_probe(port))
		return;
	uart = port;
	pvabi_apic_map();
	lapic_on();
	uart_route(port, UART_IRQ, 0);
	if (pvabi_ap_stack_top && uart_probe(UART1)) {
		uart1 = UART1;
		uart_route(UART1, UART1_IRQ, 1);
	}
}


int pvabi_upcall_reaches(uint32_t vcpu)
{
	return vcpu == 0 || (vcpu == 1 && (!uart || uart1));
}

/* The vCPU running this, told by its stack: the vCPUs share every other
 * register the runtime sets up, and the own VMM serves no APIC id. */
uint32_t pvabi_upcall_self(void)
{
	uintptr_t sp = (uintptr_t)__builtin_frame_address(0), top = (uintptr_t)pvabi_ap_stack_top;

	return top && sp < top && sp >= top - PVABI_AP_STACK ? 1 : 0;
}

/* Called by the vector-0x40 stub (isr.S) with interrupts disabled. */
void pvabi_upcall_isr(void);

/* One upcall of vCPU self, with the vector it carried: what a wait
 * step judges against the vector its port is bound to. */
static void note(uint32_t self, uint8_t vector)
{
	pvabi_upcall_vecs[self][pvabi_upcalls_on[self] % PVABI_UPCALL_VEC_LOG] = vector;
	pvabi_upcalls++;
	pvabi_upcalls_on[self]++;
}

void pvabi_upcall_stray(uint32_t vector)
{
	note(pvabi_upcall_self(), (uint8_t)vector);
}

/* Each byte vCPU 1's UART holds, taken as an upcall of vCPU 1. */
static void uart1_take(void)
{
	while (inb((uint16_t)(UART1 + 5)) & 1) {
		note(1, inb(UART1));
		uart_took[1]++;
	}
}

/* The INIT that starts vCPU 1 again clears its local APIC's pending
 * requests, but not a byte its UART received while it was stopped: that
 * byte keeps IRQ 14 asserted, and the edge-triggered pin would see no
 * edge again, so every later upcall of vCPU 1 would be lost (every
 * later scenario that waits on it timed out after one that failed with
 * an event sent there). Taken here, counted as vCPU 1's: the next drain
 * judges its vector as an upcall between scenarios. */
void pvabi_upcall_ap_init(void)
{
	if (!uart1)
		return;
	lapic_on();
	uart1_take();
}

void pvabi_upcall_isr(void)
{
	uint32_t self = pvabi_upcall_self();
	uint16_t port = self ? uart1 : uart;
	unsigned int n = 0;

	if (!uart) {
		if (ack[self])
			*ack[self] = 0;
		note(self, PVABI_UPCALL_VECTOR);
		return;
	}
	/* each byte is one interrupt, its value the vector the platform
	 * meant (docs/engines.md, Interrupts) */
	while (port && n < 64 && (inb((uint16_t)(port + 5)) & 1)) {
		note(self, inb(port));
		uart_took[self]++;
		n++;
	}
	mmio_write(LAPIC + 0xb0, 0); /* EOI */
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

/* The byte names the vCPU and says it carries no call (0x80 + the
 * vCPU): where the doorbell is asynchronous (QEMU's UART) the engine must
 * not let a late kick serve the call another vCPU posted meanwhile
 * (conformance/engine_qemu.c). Where it is not, any byte does. */
void pvabi_kick(uint16_t port)
{
	outb(port, (uint8_t)(0x80u | pvabi_upcall_self()));
}

uint64_t pvabi_tsc(void)
{
	return rdtsc();
}

/* The TSC's rate as measured against the platform's clock, 0 until it
 * is (pvabi_bound_calibrate). */
static uint64_t tsc_khz;

/* A measured rate is taken between 100 MHz and 10 GHz, over at least
 * 10 ms of the reference: anything else is no measurement. */
#define CAL_MIN_KHZ 100000u
#define CAL_MAX_KHZ 10000000u
#define CAL_MIN_NS 10000000u

void pvabi_bound_calibrate(uint64_t t0, uint64_t n0, uint64_t n1)
{
	uint64_t ticks = rdtsc() - t0, ns = n1 - n0, khz;

	if (n1 < n0 || ns < CAL_MIN_NS || ticks > UINT64_MAX / 1000000u)
		return;
	khz = ticks * 1000000u / ns;
	if (khz >= CAL_MIN_KHZ && khz <= CAL_MAX_KHZ)
		tsc_khz = khz;
}

void pvabi_bound_rate(uint64_t khz)
{
	if (khz >= CAL_MIN_KHZ && khz <= CAL_MAX_KHZ)
		tsc_khz = khz;
}

uint64_t pvabi_bound_khz(void)
{
	return tsc_khz;
}

/* The bound of a wait (runtime.h). A window that must pass in full (an
 * exact wait, an idle) counts the TSC at the rate measured against the
 * platform's clock plus 1% (the measurement errs high, the margin covers
 * the reference's rounding), so it lasts what it declares. Every other
 * wait, and a window before the rate is measured, counts as if the TSC
 * ran at 4 GHz (faster than any it meets): a wait for an event ends at
 * it, and its bound, twice its declaration on a 2 GHz TSC, costs only
 * when the event never comes, so a loaded host is given that time. A
 * round costs at least a nanosecond (it exits to the platform), so
 * within_ns rounds also bound a wait on a TSC that does not advance. */
void pvabi_bound_start(struct pvabi_bound *b, uint64_t within_ns, int exact)
{
	uint64_t khz = exact && tsc_khz ? tsc_khz + tsc_khz / 100 + 1 : 4000000u;

	b->t0 = rdtsc();
	b->ticks = within_ns > UINT64_MAX / khz ? UINT64_MAX
		 : within_ns / 1000000u * khz + within_ns % 1000000u * khz / 1000000u;
	b->rounds = 0;
	b->left = within_ns;
}

int pvabi_bound_over(struct pvabi_bound *b)
{
	return rdtsc() - b->t0 >= b->ticks || b->rounds++ >= b->left;
}

/* What the waits took, per vCPU (each adds to its own: no lock). */
static struct pvabi_waited waited[PVABI_UPCALL_VCPUS];

/* An exact wait or idle lets its whole declared window pass; a wait for
 * an event, the time to its event (or to its bound), in ticks: the
 * guest does not know its TSC's rate, the host converts. */
void pvabi_bound_end(struct pvabi_bound *b, int exact)
{
	struct pvabi_waited *w = &waited[pvabi_upcall_self()];
	uint64_t took = rdtsc() - b->t0;

	w->waits++;
	w->ticks += took;
	if (exact)
		w->declared_ns += b->left;
	else
		w->event_ticks += took;
}

void pvabi_waited_sum(struct pvabi_waited *sum)
{
	unsigned int v;

	memset(sum, 0, sizeof(*sum));
	for (v = 0; v < PVABI_UPCALL_VCPUS; v++) {
		sum->waits += waited[v].waits;
		sum->declared_ns += waited[v].declared_ns;
		sum->event_ticks += waited[v].event_ticks;
		sum->ticks += waited[v].ticks;
	}
}

/* A take of what was sent ends here, at the bound of a wait for an
 * event: far past what a loaded host holds a byte (milliseconds), paid
 * only where bytes are lost. */
#define TAKE_NS 1000000000ull

/* Before a count of upcalls is judged: every byte the engine had sent
 * this vCPU when the window ended, taken with interrupts enabled. A byte
 * is on its way from the platform's process through QEMU's main loop to
 * the UART, and a loaded host holds either for milliseconds: without
 * this, an upcall the platform raised inside a window arrives after it,
 * and a count of "exactly 0" passes a platform that raised one (or a
 * later scenario counts it as its own). Nothing is waited for where the
 * engine does not say what it sent. No kick: a kick may let the platform
 * fire a timer that fell due after the window. Returns the bytes taken
 * meanwhile that were sent after the window: the next byte may follow
 * the last one wanted into the same interrupt, and is not the window's. */
static uint64_t take_sent(uint32_t self)
{
	uint64_t want = pvabi_irq_sent[self];
	struct pvabi_bound b;

	untaken[self] = 0;
	if (!uart || want == UINT64_MAX || uart_took[self] >= want)
		return 0;
	pvabi_bound_start(&b, TAKE_NS, 0);
	while (uart_took[self] < want && !pvabi_bound_over(&b))
		cpu_relax();
	untaken[self] = uart_took[self] < want;
	return uart_took[self] > want ? uart_took[self] - want : 0;
}

void pvabi_upcall_take(void)
{
	__asm__ volatile("sti" : : : "memory");
	(void)take_sent(pvabi_upcall_self());
	__asm__ volatile("cli" : : : "memory");
}

int pvabi_upcall_sent_noted(uint32_t vcpu)
{
	return uart && vcpu < PVABI_UPCALL_VCPUS && pvabi_irq_sent[vcpu] != UINT64_MAX;
}

int pvabi_upcall_all_taken(uint32_t vcpu)
{
	return vcpu >= PVABI_UPCALL_VCPUS || !untaken[vcpu];
}

uint64_t pvabi_upcall_wait(uint64_t target, int exact, uint64_t within_ns, uint16_t port)
{
	volatile uint64_t *mine = &pvabi_upcalls_on[pvabi_upcall_self()];
	uint64_t after = 0;
	struct pvabi_bound b;

	pvabi_bound_start(&b, within_ns, exact);
	__asm__ volatile("sti" : : : "memory");
	while ((exact || *mine < target) && !pvabi_bound_over(&b)) {
		pvabi_kick(port);
		cpu_relax();
	}
	if (exact)
		after = take_sent(pvabi_upcall_self());
	__asm__ volatile("cli" : : : "memory");
	pvabi_bound_end(&b, exact);
	return *mine - after;
}

void pvabi_upcall_settle(uint16_t port)
{
	volatile uint64_t *mine = &pvabi_upcalls_on[pvabi_upcall_self()];
	unsigned int rounds = 0;
	uint64_t before;

	__asm__ volatile("sti" : : : "memory");
	do {
		before = *mine;
		pvabi_kick(port);
		cpu_relax();
	} while (*mine != before && ++rounds < 256);
	(void)take_sent(pvabi_upcall_self());
	__asm__ volatile("cli" : : : "memory");
}

uint64_t pvabi_upcall_wait_ack(uint64_t target, uint64_t within_ns, int exact,
			       volatile uint8_t *ack_at)
{
	uint32_t self = pvabi_upcall_self();
	volatile uint64_t *mine = &pvabi_upcalls_on[self];
	struct pvabi_bound b;

	pvabi_bound_start(&b, within_ns, exact);
	ack[self] = ack_at;
	__asm__ volatile("sti" : : : "memory");
	while ((exact || *mine < target) && !pvabi_bound_over(&b))
		cpu_relax();
	__asm__ volatile("cli" : : : "memory");
	pvabi_bound_end(&b, exact);
	ack[self] = 0;
	return *mine;
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

	pvabi_bound_start(&b, within_ns, 0);
	for (;;) {
		*got = load(p, width);
		if ((*got & mask) == want || !within_ns || pvabi_bound_over(&b))
			break;
		pvabi_kick(port);
		cpu_relax();
	}
	if (within_ns)
		pvabi_bound_end(&b, 0);
	return (*got & mask) == want;
}
