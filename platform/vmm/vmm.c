/* The VMM: one VM, its vCPUs, one memory slot, a KVM_RUN loop per vCPU
 * that serves port I/O in-process (kvmtool style); this file runs the
 * boot vCPU in the caller's thread, vmm_smp.c the others, and both loops
 * hand each exit to vmm_exit.c. See vmm.h for what the guest sees,
 * vmm_internal.h for which file does what.
 *
 * Costs that shaped it: every vCPU ioctl costs several microseconds on
 * hosts where KVM is nested or emulated, so the initial registers go in
 * through KVM_CAP_SYNC_REGS with the first KVM_RUN (no SET_REGS/SET_SREGS)
 * and rip comes back the same way; nothing is read back per exit. Closing
 * the VM is most of a lifecycle and is not ours to shorten. */
#include "platform/vmm/vmm_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

/* ---- the run ---------------------------------------------------------- */

static int timed_out(struct vm *v, unsigned int timeout_ms)
{
	return vmm_finish(v, PVABI_VM_TIMEOUT, 0, "no exit within %u ms (rip 0x%llx, %llu exits)",
			  timeout_ms, (unsigned long long)v->res->rip,
			  (unsigned long long)v->res->exits.total);
}

/* After KVM_RUN of the boot vCPU returned: its exit, under the lock. 1
 * to run on, else the run is over. */
static int boot_exit(struct vm *v, int rc, int err, unsigned int timeout_ms)
{
	struct vm_cpu *c = &v->cpu[0];

	pthread_mutex_lock(&v->lock);
	v->res->exits.total++;
	if (v->sync)
		v->res->rip = c->run->s.regs.regs.rip;
	vmm_ring_drain(v);
	if (v->ended) {
		rc = 0; /* another vCPU ended it */
	} else if (rc < 0) {
		rc = 1;
		if (err != EINTR && err != EAGAIN)
			rc = vmm_finish(v, PVABI_VM_INTERNAL_ERROR, 0, "KVM_RUN: %s", strerror(err));
		else
			v->res->exits.intr++;
		vmm_kick_drain();
	} else {
		rc = vmm_handle_exit(v, c);
	}
	if (rc > 0 && vmm_now_ns() >= v->deadline_ns)
		rc = timed_out(v, timeout_ms);
	if (rc > 0)
		rc = vmm_irq_prepare(v, c) ? -1 : 1;
	if (rc <= 0)
		v->ended = 1;
	pthread_mutex_unlock(&v->lock);
	return rc;
}

static int vm_loop(struct vm *v, unsigned int timeout_ms)
{
	int rc;

	pthread_mutex_lock(&v->lock);
	rc = vmm_irq_prepare(v, &v->cpu[0]);
	pthread_mutex_unlock(&v->lock);
	while (!rc) {
		int err;

		rc = ioctl(v->cpu[0].fd, KVM_RUN, 0);
		err = errno;
		rc = boot_exit(v, rc, err, timeout_ms);
		if (rc <= 0)
			return rc;
		rc = 0;
	}
	return rc;
}

/* Guest RAM, the VM, its vCPU ready to enter the image, the kick armed.
 * What was set up before a failure is left for vm_teardown. */
static int vm_setup(struct vm *v, unsigned int timeout_ms)
{
	char why[160];
	int rc;

	rc = vmm_mem_setup(v);
	if (rc)
		return rc;
	rc = vmm_kvm_open(&v->kvm, why, sizeof(why));
	if (rc)
		return vmm_finish(v, PVABI_VM_UNAVAILABLE, rc, "%s", why);
	rc = vmm_pv_check(v);
	if (rc)
		return rc;
	rc = vmm_vm_create(v);
	if (rc)
		return rc;
	rc = vmm_pv_vm_setup(v);
	if (rc)
		return rc;
	rc = vmm_vcpu_create(v, &v->cpu[0]);
	if (rc)
		return rc;
	rc = vmm_run_map(v, &v->cpu[0]);
	if (rc)
		return rc;
	vmm_ring_probe(v);
	if (v->cfg->console_coalesce == PVABI_VM_COALESCE_ALWAYS)
		vmm_ring_enable(v);
	rc = vmm_pv_vcpu_setup(v, &v->cpu[0]);
	if (rc)
		return rc;
	rc = vmm_regs_setup(v);
	if (rc)
		return rc;
	rc = vmm_kick_setup(v, timeout_ms);
	if (rc)
		return rc;
	return vmm_smp_setup(v);
}

/* Undoes whatever vm_setup got to, in reverse; the coalesced zone goes
 * before the VM is closed, which is what makes closing it cheap again. */
static void vm_teardown(struct vm *v)
{
	unsigned int i;

	vmm_smp_end(v);
	vmm_kick_teardown(v);
	if (v->ring)
		vmm_ring_disable(v);
	for (i = 0; i < v->ncpus; i++) {
		if (v->cpu[i].run)
			munmap(v->cpu[i].run, v->run_size);
		if (v->cpu[i].fd >= 0)
			close(v->cpu[i].fd);
	}
	if (v->vmfd >= 0)
		close(v->vmfd);
	if (v->kvm >= 0)
		close(v->kvm);
	if (v->mem)
		munmap(v->mem, v->mem_size);
}

/* Setup, run and teardown of a validated image, each timed. */
static int vm_boot(struct vm *v, unsigned int timeout_ms)
{
	uint64_t t0 = vmm_now_ns(), t1, t2 = 0;
	int rc;

	rc = vm_setup(v, timeout_ms);
	if (!rc) {
		t1 = vmm_now_ns();
		v->res->setup_ns = t1 - t0;
		rc = vm_loop(v, timeout_ms);
		vmm_smp_end(v);
		vmm_ring_drain(v);
		t2 = vmm_now_ns();
		v->res->boot_ns = t2 - t1;
	}
	vm_teardown(v);
	if (t2)
		v->res->teardown_ns = vmm_now_ns() - t2;
	return rc;
}

int pvabi_vm_run(const struct pvabi_vm_config *cfg, struct pvabi_vm_result *res)
{
	unsigned int timeout_ms, i;
	struct vm v;
	char why[160];
	int rc;

	if (!res)
		return -EINVAL;
	memset(res, 0, sizeof(*res));
	memset(&v, 0, sizeof(v));
	v.cfg = cfg;
	v.res = res;
	v.kvm = v.vmfd = -1;
	if (!cfg)
		return vmm_finish(&v, PVABI_VM_CONFIG_INVALID, -EINVAL, "no configuration");
	rc = vmm_check_config(&v);
	if (rc)
		return rc;
	v.ncpus = cfg->vcpus ? cfg->vcpus : 1;
	for (i = 0; i < v.ncpus; i++)
		v.cpu[i] = (struct vm_cpu){ .id = i, .fd = -1, .irq = -1 };
	timeout_ms = cfg->timeout_ms ? cfg->timeout_ms : PVABI_VM_DEFAULT_TIMEOUT_MS;

	/* The image is read and validated completely before any KVM call. */
	rc = vmm_image_read(&v);
	if (!rc) {
		rc = pvabi_vm_image_parse(v.image, v.image_len, v.mem_size, &v.img, why,
					  sizeof(why));
		if (rc)
			vmm_finish(&v, PVABI_VM_IMAGE_INVALID, rc, "%s", why);
	}
	if (!rc) {
		pthread_mutex_init(&v.lock, NULL);
		pthread_cond_init(&v.wake, NULL);
		rc = vm_boot(&v, timeout_ms);
		pthread_cond_destroy(&v.wake);
		pthread_mutex_destroy(&v.lock);
	}
	free(v.image_owned);
	return rc;
}
