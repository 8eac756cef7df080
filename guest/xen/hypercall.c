/* The hypercall page, installed the way an HVM/PVH guest does it: find
 * "XenVMMXenVMM" at CPUID 0x40000000 + n * 0x100, read the MSR index from
 * leaf base + 2 and write the page's physical address to it; Xen fills
 * the page with one 32-byte stub per hypercall. The runtime's identity
 * map makes the page's address its physical address. */
#include "guest/rt/runtime.h"
#include "guest/xen/xen.h"

static uint8_t page[4096] __attribute__((aligned(4096)));

static void cpuid(uint32_t leaf, uint32_t r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(0));
}

static void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)) : "memory");
}

long pvabi_xen_hypercall(unsigned int nr, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t rdi __asm__("rdi") = a1;
	register uint64_t rsi __asm__("rsi") = a2;
	register uint64_t rdx __asm__("rdx") = a3;
	void *entry = page + (uint64_t)nr * 32;
	long rax;

	/* Xen's stubs may clobber the argument registers (debug builds
	 * poison them): they are outputs too. */
	__asm__ volatile("call *%[e]"
			 : "=a"(rax), "+r"(rdi), "+r"(rsi), "+r"(rdx)
			 : [e] "r"(entry)
			 : "memory", "r10", "r8", "r11", "rcx");
	return rax;
}

static void xen_console(const char *s, size_t n)
{
	pvabi_xen_hypercall(__HYPERVISOR_console_io, CONSOLEIO_write, n, (uint64_t)(uintptr_t)s);
}

/* Xen queues console output and sends it to the UART 16 bytes (one FIFO)
 * per interrupt, which it takes when the guest exits to it: an exit right
 * after the last line lost the line's tail in 1 run of 6 here. Each
 * hypercall gives Xen that chance; 1024 of them empty its whole 16 KiB
 * queue (serial_tx_buffer's default). */
static unsigned int drain_calls = 1024;

static void xen_drain(void)
{
	unsigned int i;

	for (i = 0; i < drain_calls; i++)
		pvabi_xen_hypercall(__HYPERVISOR_sched_op, SCHEDOP_yield, 0, 0);
}

void pvabi_xen_set_drain(unsigned int calls)
{
	drain_calls = calls;
}

uint8_t pvabi_xen_page_byte(unsigned int i)
{
	return ((volatile uint8_t *)page)[i % sizeof(page)];
}

int pvabi_xen_init(uint32_t *base, uint32_t *version)
{
	uint32_t r[4], leaf;

	for (leaf = XEN_CPUID_FIRST; leaf < XEN_CPUID_LAST; leaf += XEN_CPUID_STEP) {
		cpuid(leaf, r);
		if (r[1] == 0x566e6558 && r[2] == 0x65584d4d && r[3] == 0x4d4d566e &&
		    r[0] >= leaf + 2)
			break;
	}
	if (leaf >= XEN_CPUID_LAST)
		return -1;
	*base = leaf;
	cpuid(leaf + 1, r);
	*version = r[0];
	cpuid(leaf + 2, r);
	wrmsr(r[1], (uint64_t)(uintptr_t)page);
	/* A page Xen did not fill would fault on the first call, and the
	 * fault's report would call through it again. */
	if (!pvabi_xen_page_byte(0))
		return -2;
	pvabi_console_set_writer(xen_console, xen_drain);
	return 0;
}
