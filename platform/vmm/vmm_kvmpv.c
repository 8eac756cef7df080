/* KVM's paravirtual interface as the guest sees it (cfg->kvm_pv): which
 * hypervisor leaves CPUID shows, KVM's enforcement of its feature bits,
 * and the MSR filter.
 *
 * KVM handles its PV MSRs (kvmclock, steal time, PV EOI, ...) in the
 * kernel, without an exit, and by default for any guest, whatever CPUID
 * says. With KVM_CAP_ENFORCE_PV_FEATURE_CPUID it honours the feature bits
 * of the "KVMKVMKVM" leaf the VMM set: a bit cleared, or no such leaf at
 * all, and that feature's MSRs give #GP. That is how a VM offers exactly
 * what it means to, so it is on whenever the kernel has it. The MSR
 * filter (KVM_X86_SET_MSR_FILTER) denies chosen MSRs outright (#GP on
 * read and write): what a host that predates them did. */
#include "platform/vmm/vmm_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

/* What cfg->kvm_pv asks for (checked by vmm_check_config), against what
 * this host's KVM can do. */
int vmm_pv_check(struct vm *v)
{
	const struct pvabi_vm_kvm_pv *pv = &v->cfg->kvm_pv;

	if (pv->present && !vmm_host.kvm_leaves)
		return vmm_finish(v, PVABI_VM_UNAVAILABLE, -ENOTSUP,
				  "KVM's PV leaves asked for, but KVM_GET_SUPPORTED_CPUID has no "
				  "\"KVMKVMKVM\" leaf here");
	/* A feature mask means nothing unless KVM enforces it. */
	if (pv->present && !pv->no_enforce && !vmm_host.pv_enforce)
		return vmm_finish(v, PVABI_VM_UNAVAILABLE, -ENOTSUP,
				  "a KVM feature mask asked for, but this kernel has no "
				  "KVM_CAP_ENFORCE_PV_FEATURE_CPUID to enforce it");
	if (pv->ndeny && !vmm_host.msr_filter)
		return vmm_finish(v, PVABI_VM_UNAVAILABLE, -ENOTSUP,
				  "MSRs to deny, but this kernel has no KVM_CAP_X86_MSR_FILTER");
	return 0;
}

/* The MSR filter: one range per denied MSR, its one bit cleared (a
 * filter's bitmap lists what is allowed); everything else allowed. */
int vmm_pv_vm_setup(struct vm *v)
{
	const struct pvabi_vm_kvm_pv *pv = &v->cfg->kvm_pv;
	static uint8_t deny_bit; /* zero: the one MSR of a range denied */
	struct kvm_msr_filter f;
	size_t i;

	if (!pv->ndeny)
		return 0;
	memset(&f, 0, sizeof(f));
	f.flags = KVM_MSR_FILTER_DEFAULT_ALLOW;
	for (i = 0; i < pv->ndeny; i++) {
		f.ranges[i].flags = KVM_MSR_FILTER_READ | KVM_MSR_FILTER_WRITE;
		f.ranges[i].nmsrs = 1;
		f.ranges[i].base = pv->deny[i];
		f.ranges[i].bitmap = &deny_bit;
	}
	if (ioctl(v->vmfd, KVM_X86_SET_MSR_FILTER, &f) < 0)
		return vmm_finish(v, PVABI_VM_HOST_ERROR, -errno, "KVM_X86_SET_MSR_FILTER: %s",
				  strerror(errno));
	return 0;
}

/* The host's CPUID with KVM's two leaves in place of pvabi's signature,
 * the feature leaf masked. */
static struct kvm_cpuid2 *cpuid_with_kvm(uint32_t features)
{
	const struct kvm_cpuid2 *h = vmm_host.cpuid;
	struct kvm_cpuid2 *c;
	unsigned int i;

	c = malloc(sizeof(*c) + (h->nent + 1) * sizeof(c->entries[0]));
	if (!c)
		return NULL;
	memcpy(c, h, sizeof(*c) + h->nent * sizeof(c->entries[0]));
	for (i = 0; i < c->nent; i++)
		if (c->entries[i].function == 0x40000000u)
			c->entries[i] = vmm_host.kvm_leaf[0];
	c->entries[c->nent] = vmm_host.kvm_leaf[1];
	c->entries[c->nent].eax &= features;
	c->nent++;
	return c;
}

static int enforce_on(struct vm *v, int fd)
{
	struct kvm_enable_cap cap;

	memset(&cap, 0, sizeof(cap));
	cap.cap = KVM_CAP_ENFORCE_PV_FEATURE_CPUID;
	cap.args[0] = 1;
	if (ioctl(fd, KVM_ENABLE_CAP, &cap) < 0)
		return vmm_finish(v, PVABI_VM_HOST_ERROR, -errno,
				  "KVM_ENABLE_CAP(KVM_CAP_ENFORCE_PV_FEATURE_CPUID): %s",
				  strerror(errno));
	v->res->pv_enforced = 1;
	return 0;
}

/* CPUID, then enforcement, for one vCPU (each the same). */
int vmm_pv_vcpu_setup(struct vm *v, struct vm_cpu *cpu)
{
	const struct pvabi_vm_kvm_pv *pv = &v->cfg->kvm_pv;
	struct kvm_cpuid2 *c = vmm_host.cpuid;
	int rc = 0;

	if (pv->present) {
		c = cpuid_with_kvm(pv->features);
		if (!c)
			return vmm_finish(v, PVABI_VM_HOST_ERROR, -ENOMEM, "out of memory for CPUID");
		v->res->pv_features = c->entries[c->nent - 1].eax;
	}
	if (ioctl(cpu->fd, KVM_SET_CPUID2, c) < 0)
		rc = vmm_finish(v, PVABI_VM_HOST_ERROR, -errno, "KVM_SET_CPUID2: %s",
				strerror(errno));
	if (c != vmm_host.cpuid)
		free(c);
	if (!rc && !pv->no_enforce && vmm_host.pv_enforce)
		rc = enforce_on(v, cpu->fd);
	return rc;
}
