/* The VMM's private parts, shared by its files (not an API):
 *   vmm.c        pvabi_vm_run: the lifecycle, the run loop, exit dispatch
 *   vmm_setup.c  configuration, the image, guest RAM and boot data, the VM,
 *                its vCPU and the vCPU's initial state
 *   vmm_host.c   what this host's KVM offers (learnt once), pvabi_vm_probe
 *   vmm_kvmpv.c  KVM's PV interface as the guest sees it: CPUID leaves,
 *                feature enforcement, the MSR filter
 *   vmm_io.c     port I/O and MMIO exits: isa-debug-exit, COM1 and its
 *                coalesced ring, the doorbell, cfg->ports
 *   vmm_timer.c  the timeout kick
 *   vmm_result.c the run's outcome and reason (vmm_finish)
 *   elf.c        the image loader's validation */
#ifndef PVABI_PLATFORM_VMM_INTERNAL_H
#define PVABI_PLATFORM_VMM_INTERNAL_H

#include "platform/vmm/vmm.h"

#include <linux/kvm.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

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
	int kvm, vmfd, vcpu;
	struct kvm_run *run;
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
	int irq; /* a vector taken from cfg->irq, not yet injected, or -1 */
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
int vmm_vcpu_create(struct vm *v);
int vmm_run_map(struct vm *v);
/* vmm_kvmpv.c: leaves, enforcement and MSR filter for cfg->kvm_pv. */
int vmm_pv_check(struct vm *v);
int vmm_pv_vm_setup(struct vm *v);
int vmm_pv_vcpu_setup(struct vm *v);
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
int vmm_handle_io(struct vm *v);
int vmm_handle_mmio(struct vm *v);

/* vmm_timer.c */
int vmm_kick_setup(struct vm *v, unsigned int timeout_ms);
void vmm_kick_teardown(struct vm *v);
void vmm_kick_drain(void);

#endif
