/* A second vCPU for the guest: vCPU 1 started the way a PC starts an
 * application processor (INIT and SIPI through the local APIC, a real-mode
 * trampoline below 1 MiB), then running jobs vCPU 0 hands it, one at a
 * time, while vCPU 0 waits. So calls stay serialised (one call in flight,
 * as a shared call frame needs), and a call made in a job rings the
 * doorbell from vCPU 1 with the byte vCPU 1 + 1, which names it where the
 * engine cannot see which vCPU rang (QEMU's UART, docs/engines.md).
 *
 * An image that wants vCPU 1 says so with PVABI_GUEST_VCPUS(2) in one of
 * its files: an ELF note engines read to give it the vCPUs; without it
 * an engine runs one vCPU, and pvabi_smp_start reports that vCPU 1 never
 * came. */
#ifndef PVABI_GUEST_SMP_H
#define PVABI_GUEST_SMP_H

/* vCPU 1's stack (smp_tramp.S), by which the runtime tells the vCPUs
 * apart (guest/rt/upcall.c). */
#define PVABI_AP_STACK 8192

#ifndef __ASSEMBLER__
#include <stdint.h>

struct pvabi_vcpus_note {
	uint32_t namesz, descsz, type;
	char name[8];
	uint32_t vcpus;
};

/* The note: name "pvabi", type 1, a u32 (platform/vmm/vmm.h). */
#define PVABI_GUEST_VCPUS(n)                                                        \
	__attribute__((section(".note.pvabi"), aligned(4), used))                   \
	static const struct pvabi_vcpus_note pvabi_vcpus_note = { 6, 4, 1, "pvabi", (n) }

/* The page the trampoline is copied to; its SIPI vector is its number. */
#define PVABI_SMP_TRAMPOLINE 0x8000u

/* Starts vCPU 1 and waits for it to run, within_ns at least (the bound of
 * guest/rt/upcall.c's waits). 0 when it runs (also when it already did),
 * -1 when it did not come. A vCPU 1 that stopped is reset by the INIT
 * and starts again. */
int pvabi_smp_start(uint64_t within_ns);
/* The same, INIT and SIPI sent to every APIC but the caller's: for a
 * machine of two vCPUs whose vCPU 1 is not APIC id 1 (Xen's is 2). */
int pvabi_smp_start_others(uint64_t within_ns);
/* Stops vCPU 1 (it halts, costing its host nothing); pvabi_smp_start
 * starts it again. */
void pvabi_smp_stop(void);
/* Whether vCPU 1 runs. */
int pvabi_smp_running(void);
/* Runs fn(arg) on vCPU 1 and returns what it returned; vCPU 0 spins until
 * then. vCPU 1 must run. */
int64_t pvabi_smp_call(int64_t (*fn)(void *), void *arg);
/* The same with vCPU 0's wait bounded by within_ns (pvabi_bound_start's
 * sense): 0 with fn's return in *ret, or -1 when vCPU 1 has not returned
 * by then (it keeps the job; no later job may be handed to it). */
int pvabi_smp_call_within(int64_t (*fn)(void *), void *arg, uint64_t within_ns, int64_t *ret);
/* The vCPU running this code: 0, or 1 inside a job. */
uint32_t pvabi_smp_self(void);

#endif /* __ASSEMBLER__ */
#endif
