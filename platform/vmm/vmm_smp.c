/* The vCPUs after the first (APs), each run by a thread of its own.
 * They start as a PC's do: waiting for INIT, then for a SIPI, which the
 * guest sends through its local APIC's interrupt command register
 * (vmm_apic.c moves an AP from state to state; this file runs it); the
 * SIPI's vector names the page the AP enters in real mode. An INIT
 * resets an AP whatever it was doing (one that runs is kicked out of
 * KVM_RUN) to wait for a SIPI again.
 *
 * Every exit of every vCPU is handled under the VM's lock, so the
 * doorbell, the console and the platform behind them see one vCPU at a
 * time. Nothing an AP does holds the run: an AP that halts stops alone;
 * one that ends the run (isa-debug-exit, a triple fault, an exit KVM
 * cannot handle) sets the outcome, named after it, and kicks the boot
 * vCPU; one that spins is stopped with the run, by the boot vCPU's
 * timeout or exit (vmm_smp_end kicks it out of KVM_RUN and joins it). */
#include "platform/vmm/vmm_internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

/* Real mode at the SIPI's page, CS = vector << 8 and IP = 0, the rest as
 * KVM's reset state: what a PC's AP does on a SIPI. */
static int ap_enter(struct vm *v, struct vm_cpu *c)
{
	struct kvm_sregs sr = c->reset;
	struct kvm_regs r;

	sr.cs.selector = (uint16_t)(c->sipi << 8);
	sr.cs.base = (uint64_t)c->sipi << 12;
	memset(&r, 0, sizeof(r));
	r.rflags = 0x2;
	if (ioctl(c->fd, KVM_SET_SREGS, &sr) < 0 || ioctl(c->fd, KVM_SET_REGS, &r) < 0)
		return vmm_finish(v, PVABI_VM_HOST_ERROR, -errno, "vCPU %u: KVM_SET_SREGS/REGS: %s",
				  c->id, strerror(errno));
	c->state = AP_RUNNING;
	return 0;
}

/* An AP ended the run (outcome set, lock held): its reason names it, and
 * the boot vCPU is kicked out of KVM_RUN to see the end. */
static void ap_end_run(struct vm *v, const struct vm_cpu *c)
{
	char why[sizeof(v->res->reason)];

	v->ended = 1;
	if (snprintf(why, sizeof(why), "vCPU %u: %s", c->id, v->res->reason) >= 0)
		memcpy(v->res->reason, why, sizeof(why));
	pthread_kill(v->boot_thread, PVABI_VM_KICK_SIGNAL);
}

/* One exit of AP c (lock held): 1 to run on, 0 when it stops. */
static int ap_exit(struct vm *v, struct vm_cpu *c, int rc, int err)
{
	v->res->exits.total++;
	if (v->sync)
		v->res->rip = c->run->s.regs.regs.rip;
	vmm_ring_drain(v);
	if (v->ended || c->state != AP_RUNNING)
		return 0; /* over, or an INIT reset it: what it did is dropped */
	if (rc < 0 && (err == EINTR || err == EAGAIN)) {
		v->res->exits.intr++;
		vmm_kick_drain();
		return 1;
	}
	if (rc < 0)
		rc = vmm_finish(v, PVABI_VM_INTERNAL_ERROR, 0, "KVM_RUN: %s", strerror(err));
	else
		rc = vmm_handle_exit(v, c);
	if (rc == 2) {
		c->state = AP_PARKED;
		return 0;
	}
	if (rc <= 0) {
		ap_end_run(v, c);
		return 0;
	}
	return 1;
}

static void *ap_main(void *arg)
{
	struct vm_cpu *c = arg;
	struct vm *v = c->vm;
	int rc, err;

	pthread_mutex_lock(&v->lock);
	for (;;) {
		while (!v->ended && c->state != AP_STARTING)
			pthread_cond_wait(&v->wake, &v->lock);
		if (v->ended)
			break;
		if (ap_enter(v, c)) {
			ap_end_run(v, c);
			break;
		}
		while (!v->ended && c->state == AP_RUNNING) {
			if (vmm_irq_prepare(v, c)) {
				ap_end_run(v, c);
				break;
			}
			pthread_mutex_unlock(&v->lock);
			rc = ioctl(c->fd, KVM_RUN, 0);
			err = errno;
			pthread_mutex_lock(&v->lock);
			if (!ap_exit(v, c, rc, err))
				break;
		}
	}
	pthread_mutex_unlock(&v->lock);
	return NULL;
}

/* After the kick is armed in this thread: each AP's thread inherits its
 * mask, and the kick is unblocked inside the AP's KVM_RUN alone. */
int vmm_smp_setup(struct vm *v)
{
	unsigned int i;
	int rc;

	v->boot_thread = pthread_self();
	for (i = 1; i < v->ncpus; i++) {
		struct vm_cpu *c = &v->cpu[i];

		c->vm = v;
		c->state = AP_WAIT_INIT;
		if ((rc = vmm_vcpu_create(v, c)) || (rc = vmm_run_map(v, c)) ||
		    (rc = vmm_pv_vcpu_setup(v, c)) || (rc = vmm_kick_vcpu(v, c->fd)))
			return rc;
		if (ioctl(c->fd, KVM_GET_SREGS, &c->reset) < 0)
			return vmm_finish(v, PVABI_VM_HOST_ERROR, -errno, "vCPU %u: KVM_GET_SREGS: %s",
					  i, strerror(errno));
		if (v->sync)
			c->run->kvm_valid_regs = KVM_SYNC_X86_REGS;
		rc = pthread_create(&c->thread, NULL, ap_main, c);
		if (rc)
			return vmm_finish(v, PVABI_VM_HOST_ERROR, -rc, "vCPU %u: pthread_create: %s", i,
					  strerror(rc));
		c->thread_ok = 1;
	}
	return 0;
}

/* The run is over: every AP leaves KVM_RUN (kicked, and told to exit at
 * once should it enter again) or its wait, and is joined. */
void vmm_smp_end(struct vm *v)
{
	unsigned int i;

	if (v->ncpus < 2)
		return;
	pthread_mutex_lock(&v->lock);
	v->ended = 1;
	pthread_cond_broadcast(&v->wake);
	for (i = 1; i < v->ncpus; i++)
		if (v->cpu[i].thread_ok) {
			v->cpu[i].run->immediate_exit = 1;
			pthread_kill(v->cpu[i].thread, PVABI_VM_KICK_SIGNAL);
		}
	pthread_mutex_unlock(&v->lock);
	for (i = 1; i < v->ncpus; i++)
		if (v->cpu[i].thread_ok) {
			pthread_join(v->cpu[i].thread, NULL);
			v->cpu[i].thread_ok = 0;
		}
}
