/* vCPU 1 (smp.h): its start through the local APIC and the jobs vCPU 0
 * hands it. Nothing here trusts the engine to start it: a vCPU that
 * never comes is a bounded wait that fails, and the image goes on. */
#include "guest/rt/smp.h"
#include "guest/rt/io.h"
#include "guest/rt/runtime.h"
#include "guest/rt/transport.h"

#define LAPIC_ICR_LO 0xfee00300u
#define LAPIC_ICR_HI 0xfee00310u
#define ICR_INIT 0x00004500u /* INIT, level assert */
#define ICR_SIPI 0x00004600u /* start-up, level assert; | the vector */

extern const uint8_t pvabi_smp_tramp[], pvabi_smp_tramp_end[];
void pvabi_ap_main(void);

/* One job at a time: vCPU 0 writes fn and arg, then state 1; vCPU 1
 * runs it, writes ret, then state 2; vCPU 0 reads ret and sets 0. */
static struct {
	int64_t (*fn)(void *);
	void *arg;
	int64_t ret;
	volatile uint32_t state;
} job;
static volatile uint32_t ap_up, self;
/* Where INIT and SIPI go: APIC id 1 (the own VMM, QEMU), or every APIC
 * but the sender's (a platform whose vCPU 1 has another APIC id: Xen
 * gives an HVM vCPU n the id 2n). */
static uint32_t dest_hi = 1u << 24, dest_shorthand;
#define ICR_ALL_BUT_SELF (3u << 18)
/* A runtime without the call-frame transport (a real hypervisor's
 * guest) has no doorbell to ring for vCPU 1. */
extern struct pvabi_transport pvabi_transport __attribute__((weak));

static void icr(uint32_t hi, uint32_t lo)
{
	*(volatile uint32_t *)(uintptr_t)LAPIC_ICR_HI = hi;
	*(volatile uint32_t *)(uintptr_t)LAPIC_ICR_LO = lo;
}

/* A job without fn stops vCPU 1: it halts with interrupts off, costing
 * its host nothing, until an INIT and a SIPI start it again. */
void pvabi_ap_main(void)
{
	pvabi_idt_load();
	pvabi_upcall_ap_init();
	ap_up = 1;
	for (;;) {
		while (job.state != 1)
			cpu_relax();
		__asm__ volatile("" : : : "memory");
		if (!job.fn) {
			ap_up = 0;
			job.state = 2;
			for (;;)
				__asm__ volatile("cli; hlt");
		}
		job.ret = job.fn(job.arg);
		__asm__ volatile("" : : : "memory");
		job.state = 2;
	}
}

/* One SIPI, then a wait of up to within_ns for vCPU 1 to say it runs. */
static int sipi_wait(uint64_t within_ns)
{
	struct pvabi_bound b;

	icr(dest_hi, dest_shorthand | ICR_SIPI | (PVABI_SMP_TRAMPOLINE >> 12));
	pvabi_bound_start(&b, within_ns, 0);
	while (!ap_up && !pvabi_bound_over(&b))
		cpu_relax();
	return ap_up ? 0 : -1;
}

int pvabi_smp_start(uint64_t within_ns)
{
	if (ap_up)
		return 0;
	pvabi_apic_map();
	memcpy((void *)(uintptr_t)PVABI_SMP_TRAMPOLINE, pvabi_smp_tramp,
	       (size_t)(pvabi_smp_tramp_end - pvabi_smp_tramp));
	icr(dest_hi, dest_shorthand | ICR_INIT); /* also resets a vCPU 1 that stopped */
	/* a PC wants two SIPIs; the second only when the first was missed */
	if (!sipi_wait(within_ns / 2))
		return 0;
	return sipi_wait(within_ns / 2);
}

int pvabi_smp_start_others(uint64_t within_ns)
{
	dest_hi = 0;
	dest_shorthand = ICR_ALL_BUT_SELF;
	return pvabi_smp_start(within_ns);
}

void pvabi_smp_stop(void)
{
	if (!ap_up)
		return;
	job.fn = 0;
	__asm__ volatile("" : : : "memory");
	job.state = 1;
	while (job.state != 2)
		cpu_relax();
	job.state = 0;
}

int pvabi_smp_running(void)
{
	return ap_up != 0;
}

uint32_t pvabi_smp_self(void)
{
	return self;
}

/* Hands fn(arg) to vCPU 1 (pvabi_smp_call's first half). */
static void job_post(int64_t (*fn)(void *), void *arg)
{
	job.fn = fn;
	job.arg = arg;
	self = 1;
	if (&pvabi_transport)
		pvabi_transport.ring = 2;
	__asm__ volatile("" : : : "memory");
	job.state = 1;
}

/* vCPU 0 again: the calls it makes ring as its own. */
static void job_leave(void)
{
	if (&pvabi_transport)
		pvabi_transport.ring = 1;
	self = 0;
}

/* The return of a job vCPU 1 finished (state 2). */
static int64_t job_take(void)
{
	int64_t ret;

	__asm__ volatile("" : : : "memory");
	ret = job.ret;
	job.state = 0;
	job_leave();
	return ret;
}

int64_t pvabi_smp_call(int64_t (*fn)(void *), void *arg)
{
	job_post(fn, arg);
	while (job.state != 2)
		cpu_relax();
	return job_take();
}

int pvabi_smp_call_within(int64_t (*fn)(void *), void *arg, uint64_t within_ns, int64_t *ret)
{
	struct pvabi_bound b;

	pvabi_bound_start(&b, within_ns, 0);
	job_post(fn, arg);
	while (job.state != 2 && !pvabi_bound_over(&b))
		cpu_relax();
	if (job.state != 2) {
		/* vCPU 1 keeps the job; vCPU 0 goes on as itself */
		job_leave();
		return -1;
	}
	*ret = job_take();
	return 0;
}
