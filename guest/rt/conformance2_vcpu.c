/* The steps of a format 2 scenario made on vCPU 1 (vcpu="1" on a call or
 * a wait, guest/rt/conformance2.h). vCPU 1 is started when a scenario
 * needs it, by INIT and SIPI to every APIC but vCPU 0's (a real
 * hypervisor numbers its APICs as it likes: Xen gives an HVM vCPU n the
 * id 2n), runs each such step as a job while vCPU 0 waits (guest/rt/smp.h),
 * and is stopped after the scenario, so that it costs a hypervisor that
 * runs both vCPUs on one CPU nothing between scenarios. A platform that
 * does not start it skips the scenario, saying so. */
#include "guest/rt/conformance2.h"
#include "guest/rt/runtime.h"
#include "guest/rt/smp.h"

/* Xen 4.17 under QEMU's TCG brought vCPU 1 up in 11 to 68 ms (TSC at
 * 2.1 GHz); the bound, the guest's TSC-counted one (guest/rt/upcall.c,
 * about twice as long on such a TSC), is what a platform without vCPU 1
 * costs each scenario that needs it. */
#define START_NS 500000000ull

int pvabi_c2_vcpu_up(void)
{
	return pvabi_smp_start_others(START_NS);
}

void pvabi_c2_vcpu_down(void)
{
	pvabi_smp_stop();
}

int64_t pvabi_c2_on(uint32_t vcpu, int64_t (*fn)(void *), void *arg)
{
	return vcpu ? pvabi_smp_call(fn, arg) : fn(arg);
}

uint64_t pvabi_c2_upcalls_on(uint32_t vcpu)
{
	return vcpu < PVABI_UPCALL_VCPUS ? pvabi_upcalls_on[vcpu] : 0;
}

struct c2_wait {
	uint64_t target, within_ns;
	int exact;
	volatile uint8_t *ack;
};

static int64_t wait_run(void *a)
{
	const struct c2_wait *w = a;

	return (int64_t)pvabi_upcall_wait_ack(w->target, w->within_ns, w->exact, w->ack);
}

uint64_t pvabi_c2_wait_on(uint32_t vcpu, uint64_t target, uint64_t within_ns, int exact,
			  volatile uint8_t *ack)
{
	struct c2_wait w = { target, within_ns, exact, ack };

	return (uint64_t)pvabi_c2_on(vcpu, wait_run, &w);
}
