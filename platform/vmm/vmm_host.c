/* What this host's KVM offers: the API version, the capabilities this VMM
 * cannot do without, the optional ones it uses (sync regs, coalesced
 * PIO) and the CPUID it hands to guests. Learnt once per process by the
 * first run (see struct vmm_host), afresh by each pvabi_vm_probe. */
#include "platform/vmm/vmm_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define KVM_DEV "/dev/kvm"
#define KVM_API 12

#define CPUID_SIG "PVABIPVABIPV"

static pthread_mutex_t host_lock = PTHREAD_MUTEX_INITIALIZER;
struct vmm_host vmm_host;

__attribute__((destructor)) static void host_free(void)
{
	free(vmm_host.cpuid);
	memset(&vmm_host, 0, sizeof(vmm_host));
}

/* KVM's own leaves 0x40000000/1, kept for VMs that present them. */
static void kvm_leaves_keep(const struct kvm_cpuid2 *c, unsigned int nent, struct vmm_host *h)
{
	static const char kvm_sig[12] = "KVMKVMKVM\0\0\0";
	const struct kvm_cpuid_entry2 *e;
	unsigned int i;

	for (i = 0; i < c->nent && i < nent; i++) {
		e = &c->entries[i];
		if (e->function == 0x40000000u && !memcmp(&e->ebx, kvm_sig, 4) &&
		    !memcmp(&e->ecx, kvm_sig + 4, 4) && !memcmp(&e->edx, kvm_sig + 8, 4)) {
			h->kvm_leaf[0] = *e;
			h->kvm_leaves |= 1;
		} else if (e->function == 0x40000001u) {
			h->kvm_leaf[1] = *e;
			h->kvm_leaves |= 2;
		}
	}
	h->kvm_leaves = h->kvm_leaves == 3;
}

/* KVM's paravirtual leaves give way to this VMM's signature. */
static int cpuid_build(int kvm, struct vmm_host *h)
{
	static const char sig[] = CPUID_SIG;
	struct kvm_cpuid2 *c;
	struct kvm_cpuid_entry2 *e;
	unsigned int nent = 128, i, k;
	int rc;

	for (;;) {
		/* one spare entry for the signature leaf */
		c = calloc(1, sizeof(*c) + (nent + 1) * sizeof(c->entries[0]));
		if (!c)
			return -ENOMEM;
		c->nent = nent;
		if (ioctl(kvm, KVM_GET_SUPPORTED_CPUID, c) == 0)
			break;
		rc = -errno;
		free(c);
		if (rc != -E2BIG || nent >= 4096)
			return rc;
		nent *= 2;
	}
	kvm_leaves_keep(c, nent, h);
	for (i = k = 0; i < c->nent && i < nent; i++)
		if (c->entries[i].function < 0x40000000u || c->entries[i].function > 0x400000ffu)
			c->entries[k++] = c->entries[i];
	e = &c->entries[k++];
	memset(e, 0, sizeof(*e));
	e->function = 0x40000000u;
	e->eax = 0x40000000u; /* highest hypervisor leaf */
	memcpy(&e->ebx, &sig[0], 4);
	memcpy(&e->ecx, &sig[4], 4);
	memcpy(&e->edx, &sig[8], 4);
	c->nent = k;
	h->cpuid = c;
	return 0;
}

/* The API version and the capabilities this VMM cannot do without. */
static int host_check(int fd, char *why, size_t n)
{
	static const struct {
		int cap;
		const char *name;
	} caps[] = {
		{ KVM_CAP_USER_MEMORY, "KVM_CAP_USER_MEMORY" },
		{ KVM_CAP_SET_TSS_ADDR, "KVM_CAP_SET_TSS_ADDR" },
		{ KVM_CAP_SET_IDENTITY_MAP_ADDR, "KVM_CAP_SET_IDENTITY_MAP_ADDR" },
		{ KVM_CAP_EXT_CPUID, "KVM_CAP_EXT_CPUID" },
	};
	size_t i;
	int api;

	api = ioctl(fd, KVM_GET_API_VERSION, 0);
	if (api < 0) {
		snprintf(why, n, "%s: KVM_GET_API_VERSION: %s", KVM_DEV, strerror(errno));
		return -ENOTSUP;
	}
	if (api != KVM_API) {
		snprintf(why, n, "%s: KVM_GET_API_VERSION %d, expected %d", KVM_DEV, api, KVM_API);
		return -ENOTSUP;
	}
	for (i = 0; i < sizeof(caps) / sizeof(caps[0]); i++)
		if (ioctl(fd, KVM_CHECK_EXTENSION, caps[i].cap) <= 0) {
			snprintf(why, n, "%s: no %s", KVM_DEV, caps[i].name);
			return -ENOTSUP;
		}
	return 0;
}

/* Checks what this VMM cannot do without; fills @h. */
static int host_learn(int fd, struct vmm_host *h, int with_cpuid, char *why, size_t n)
{
	int x, rc;

	rc = host_check(fd, why, n);
	if (rc)
		return rc;
	x = ioctl(fd, KVM_CHECK_EXTENSION, KVM_CAP_SYNC_REGS);
	h->sync = x > 0 ? (uint32_t)x : 0;
	h->ring_page = 0;
	if (ioctl(fd, KVM_CHECK_EXTENSION, KVM_CAP_COALESCED_PIO) > 0) {
		x = ioctl(fd, KVM_CHECK_EXTENSION, KVM_CAP_COALESCED_MMIO);
		h->ring_page = x > 0 ? x : 0;
	}
	h->pv_enforce = ioctl(fd, KVM_CHECK_EXTENSION, KVM_CAP_ENFORCE_PV_FEATURE_CPUID) > 0;
	h->msr_filter = ioctl(fd, KVM_CHECK_EXTENSION, KVM_CAP_X86_MSR_FILTER) > 0;
	if (with_cpuid) {
		rc = cpuid_build(fd, h);
		if (rc) {
			snprintf(why, n, "KVM_GET_SUPPORTED_CPUID: %s", strerror(-rc));
			return rc;
		}
	}
	h->ready = 1;
	return 0;
}

int vmm_kvm_open(int *fdp, char *why, size_t n)
{
	int fd, rc = 0;

	fd = open(KVM_DEV, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
		snprintf(why, n, "%s: %s", KVM_DEV, strerror(errno));
		return rc;
	}
	pthread_mutex_lock(&host_lock);
	if (!vmm_host.ready)
		rc = host_learn(fd, &vmm_host, 1, why, n);
	pthread_mutex_unlock(&host_lock);
	if (rc) {
		close(fd);
		return rc;
	}
	*fdp = fd;
	return 0;
}

int pvabi_vm_probe(char *why, size_t n)
{
	struct vmm_host h;
	char buf[160] = "";
	int fd, rc;

	fd = open(KVM_DEV, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
		snprintf(buf, sizeof(buf), "%s: %s", KVM_DEV, strerror(errno));
	} else {
		memset(&h, 0, sizeof(h));
		rc = host_learn(fd, &h, 0, buf, sizeof(buf));
		close(fd);
	}
	if (why && n)
		snprintf(why, n, "%s", buf);
	return rc;
}

int pvabi_vm_pv_caps(struct pvabi_vm_pv_caps *caps, char *why, size_t n)
{
	char buf[160] = "";
	int fd, rc;

	memset(caps, 0, sizeof(*caps));
	rc = vmm_kvm_open(&fd, buf, sizeof(buf));
	if (why && n)
		snprintf(why, n, "%s", buf);
	if (rc)
		return rc;
	close(fd);
	caps->enforce = vmm_host.pv_enforce;
	caps->msr_filter = vmm_host.msr_filter;
	caps->kvm_leaves = vmm_host.kvm_leaves;
	caps->features = vmm_host.kvm_leaves ? vmm_host.kvm_leaf[1].eax : 0;
	return 0;
}
