/* The VMM's private parts, shared by its files (not an API):
 *   vmm.c        pvabi_vm_run: the lifecycle, the boot vCPU's run loop
 *   vmm_exit.c   one exit of any vCPU, and its interrupt before the next
 *                KVM_RUN: what the boot vCPU's and the APs' loops share
 *   vmm_setup.c  configuration, the image, guest RAM and boot data, the VM,
 *                its vCPU and the vCPU's initial state
 *   vmm_host.c   what this host's KVM offers (learnt once), pvabi_vm_probe
 *   vmm_kvmpv.c  KVM's PV interface as the guest sees it: CPUID leaves,
 *                feature enforcement, the MSR filter
 *   vmm_io.c     port I/O and MMIO exits: isa-debug-exit, COM1 and its
 *                coalesced ring, the doorbell, cfg->ports
 *   vmm_timer.c  the timeout kick
 *   vmm_smp.c    the vCPUs after the first: their threads and run loops
 *   vmm_apic.c   the local APIC's interrupt command register: INIT and
 *                SIPI from the guest move the APs from state to state
 *   vmm_result.c the run's outcome and reason (vmm_finish)
 *   elf.c        the image loader's validation */
#ifndef PVABI_PLATFORM_VMM_INTERNAL_H
#define PVABI_PLATFORM_VMM_INTERNAL_H

#include "platform/vmm/vmm.h"

#include <linux/kvm.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* An AP's life: created waiting for INIT, then for a SIPI; started by
 * the SIPI (its thread enters the vector's page in real mode); parked
 * when it halts (the run goes on without it). An INIT puts it back to
 * waiting for a SIPI from any state, a running AP too: a guest stops
 * and restarts its AP as on a PC. */
enum vm_ap_state { AP_WAIT_INIT, AP_WAIT_SIPI, AP_STARTING, AP_RUNNING, AP_PARKED };

/* One vCPU. cpu[0] is the boot vCPU, run by the caller's thread; each
 * other one has a thread of its own. */
struct vm_cpu {
	struct vm *vm;
	uint32_t id; /* its index, and its APIC id */
	int fd;
	struct kvm_run *run;
	int irq; /* a vector taken from cfg->irq, not yet injected, or -1 */
	pthread_t thread;
	int thread_ok;
	enum vm_ap_state state;
	uint8_t sipi; /* the SIPI's vector: it starts at vector << 12 */
	struct kvm_sregs reset; /* its state after creation, which INIT restores */
};

/* One run: what pvabi_vm_run holds while the guest lives. */
struct vm {
	const struct pvabi_vm_config *cfg;
	struct pvabi_vm_result *res;
	const uint8_t *image;
	size_t image_len;
	uint8_t *image_owned; /* read from a file */
	struct pvabi_vm_image img;
	size_t mem_size;
	uint8_t *mem;
	int kvm, vmfd;
	unsigned int ncpus;
	struct vm_cpu cpu[PVABI_VM_MAX_VCPUS];
	size_t run_size;
	struct kvm_coalesced_mmio_ring *ring_page; /* where KVM has one */
	struct kvm_coalesced_mmio_ring *ring;      /* once the zone is registered */
	uint64_t sync;            /* KVM_SYNC_X86_* in use */
	timer_t timer;
	int timer_ok;
	sigset_t old_mask;
	int mask_set;
	uint64_t deadline_ns;
	uint8_t lcr, mcr, ier, scr, dll, dlm; /* COM1 */
	/* With several vCPUs: exits are handled, interrupts taken and the
	 * outcome set under lock, one vCPU at a time, so the doorbell, the
	 * console and the platform behind them see one caller at a time;
	 * ended says the run is over (every vCPU stops at its next exit). */
	pthread_mutex_t lock;
	pthread_cond_t wake;
	int ended;
	pthread_t boot_thread;
	uint32_t icr_lo, icr_hi; /* the local APIC's interrupt command */
};

/* What this host's KVM offers, learnt once per process: each question
 * is an ioctl of several microseconds, KVM_GET_SUPPORTED_CPUID a few
 * hundred, and the answers do not change while the module is loaded.
 * Filled by vmm_kvm_open; read-only once ready. */
struct vmm_host {
	int ready;
	uint32_t sync;           /* KVM_SYNC_X86_* available */
	int ring_page;           /* coalesced ring's page in the vCPU mapping, or 0 */
	struct kvm_cpuid2 *cpuid; /* what KVM supports, with our signature */
	/* KVM's PV interface: whether it can be enforced and filtered, and
	 * its own leaves 0x40000000/1 as KVM_GET_SUPPORTED_CPUID gave them */
	int pv_enforce, msr_filter, kvm_leaves;
	struct kvm_cpuid_entry2 kvm_leaf[2];
};

extern struct vmm_host vmm_host;

static inline uint64_t vmm_now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/* Sets the outcome, its errno and its one-line reason; returns @err. */
__attribute__((format(printf, 4, 5))) int vmm_finish(struct vm *v, enum pvabi_vm_outcome o,
						     int err, const char *fmt, ...);

/* vmm_setup.c; each returns 0 or, with the outcome set, a negative errno. */
int vmm_check_config(struct vm *v);
int vmm_image_read(struct vm *v);
int vmm_mem_setup(struct vm *v);
int vmm_vm_create(struct vm *v);
int vmm_vcpu_create(struct vm *v, struct vm_cpu *c);
int vmm_run_map(struct vm *v, struct vm_cpu *c);
/* vmm_kvmpv.c: leaves, enforcement and MSR filter for cfg->kvm_pv. */
int vmm_pv_check(struct vm *v);
int vmm_pv_vm_setup(struct vm *v);
int vmm_pv_vcpu_setup(struct vm *v, struct vm_cpu *c);
int vmm_regs_setup(struct vm *v);

/* vmm_host.c: opens /dev/kvm and learns the host on first use; 0 or a
 * negative errno with why in @why. */
int vmm_kvm_open(int *fdp, char *why, size_t n);

/* vmm_io.c. The handlers return 1 to run on, 0 when the run ended
 * (outcome set), <0 on a host error. */
void vmm_ring_probe(struct vm *v);
void vmm_ring_enable(struct vm *v);
void vmm_ring_disable(struct vm *v);
void vmm_ring_drain(struct vm *v);
int vmm_handle_io(struct vm *v, struct vm_cpu *c);
int vmm_handle_mmio(struct vm *v, struct vm_cpu *c);

/* vmm_exit.c: one exit of vCPU c, and its interrupt before the next
 * KVM_RUN; both with the lock held. */
int vmm_handle_exit(struct vm *v, struct vm_cpu *c);
int vmm_irq_prepare(struct vm *v, struct vm_cpu *c);

/* vmm_smp.c. Every AP's vCPU and thread (after the kick is armed: the
 * threads inherit its mask); ending the run wakes and joins them. */
int vmm_smp_setup(struct vm *v);
void vmm_smp_end(struct vm *v);

/* vmm_apic.c. The local APIC's interrupt command register, where INIT
 * and SIPI come from: 1 when addr is one of its two words (served),
 * else 0. */
int vmm_apic_mmio(struct vm *v, const struct vm_cpu *from, uint64_t addr, int write,
		  uint8_t *data, uint32_t len);

/* vmm_timer.c */
int vmm_kick_setup(struct vm *v, unsigned int timeout_ms);
/* Unblocks the kick inside KVM_RUN of vCPU fd. */
int vmm_kick_vcpu(struct vm *v, int fd);
void vmm_kick_teardown(struct vm *v);
void vmm_kick_drain(void);

#endif
