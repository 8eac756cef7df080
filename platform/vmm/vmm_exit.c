/* One exit of a vCPU, whichever loop ran it (the boot vCPU's in vmm.c,
 * an AP's in vmm_smp.c), and the interrupt it takes before its next
 * KVM_RUN. Both loops call this file and it calls neither: an exit is
 * served by the devices (vmm_io.c) and ends in an outcome (vmm_finish). */
#include "platform/vmm/vmm_internal.h"

#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

static const char *internal_error_name(uint32_t sub)
{
	switch (sub) {
	case KVM_INTERNAL_ERROR_EMULATION:
		return "emulation failure";
	case KVM_INTERNAL_ERROR_SIMUL_EX:
		return "exception while delivering an exception";
	case KVM_INTERNAL_ERROR_DELIVERY_EV:
		return "event delivery failed";
	case KVM_INTERNAL_ERROR_UNEXPECTED_EXIT_REASON:
		return "unexpected exit reason";
	default:
		return "unknown suberror";
	}
}

static int internal_error(struct vm *v, struct vm_cpu *c)
{
	struct kvm_run *run = c->run;
	uint32_t sub = run->internal.suberror, nd = run->internal.ndata;

	v->res->exits.other++;
	if (nd > 16)
		nd = 16;
	return vmm_finish(v, PVABI_VM_INTERNAL_ERROR, 0,
			  "KVM internal error %u (%s) at rip 0x%llx, data %u: 0x%llx 0x%llx", sub,
			  internal_error_name(sub), (unsigned long long)v->res->rip, nd,
			  nd > 0 ? (unsigned long long)run->internal.data[0] : 0ull,
			  nd > 1 ? (unsigned long long)run->internal.data[1] : 0ull);
}

/* 1 to run on, 0 when the run ended (outcome set), <0 host error, 2
 * when this vCPU (not the boot one) stops and the run goes on. */
int vmm_handle_exit(struct vm *v, struct vm_cpu *c)
{
	struct kvm_run *run = c->run;
	struct pvabi_vm_exits *x = &v->res->exits;
	uint32_t reason = run->exit_reason;

	switch (reason) {
	case KVM_EXIT_IO:
		return vmm_handle_io(v, c);
	case KVM_EXIT_MMIO:
		return vmm_handle_mmio(v, c);
	case KVM_EXIT_HLT:
		x->hlt++;
		/* Another vCPU that halts is done: no IPI ever wakes it here;
		 * the run goes on with the boot vCPU. */
		if (c->id)
			return 2;
		/* No interrupt source exists in this VM: a halted vCPU never
		 * wakes, whatever its interrupt flag says. */
		return vmm_finish(v, PVABI_VM_HLT_FOREVER, 0,
				  run->if_flag ? "hlt with interrupts enabled at rip 0x%llx (this VM "
						 "has no interrupt source)"
					       : "hlt with interrupts disabled at rip 0x%llx",
				  (unsigned long long)v->res->rip);
	case KVM_EXIT_IRQ_WINDOW_OPEN:
		x->irq_window++;
		return 1; /* the loop injects before the next KVM_RUN */
	case KVM_EXIT_INTR:
		x->intr++;
		vmm_kick_drain();
		return 1;
	case KVM_EXIT_SHUTDOWN:
		x->other++;
		return vmm_finish(v, PVABI_VM_SHUTDOWN, 0,
				  "triple fault (KVM_EXIT_SHUTDOWN), last rip 0x%llx",
				  (unsigned long long)v->res->rip);
	case KVM_EXIT_SYSTEM_EVENT:
		x->other++;
		return vmm_finish(v, PVABI_VM_SHUTDOWN, 0,
				  "system event %u (shutdown, reset or crash)", run->system_event.type);
	case KVM_EXIT_INTERNAL_ERROR:
		return internal_error(v, c);
	case KVM_EXIT_FAIL_ENTRY:
		x->other++;
		return vmm_finish(v, PVABI_VM_INTERNAL_ERROR, 0,
				  "VM entry failed, hardware reason 0x%llx",
				  (unsigned long long)run->fail_entry.hardware_entry_failure_reason);
	default:
		x->other++;
		return vmm_finish(v, PVABI_VM_INTERNAL_ERROR, 0, "unexpected exit reason %u", reason);
	}
}

/* Before each KVM_RUN of vCPU c: inject its queued interrupt if the
 * guest can take one now, else ask KVM to exit as soon as it can. A
 * guest that never enables interrupts keeps it queued; the run goes on
 * and ends as any other (its exit or the timeout). */
int vmm_irq_prepare(struct vm *v, struct vm_cpu *c)
{
	struct kvm_run *run = c->run;
	struct kvm_interrupt in;

	if (c->irq < 0 && v->cfg->irq)
		c->irq = v->cfg->irq(v->cfg->irq_ctx, c->id);
	if (c->irq < 0) {
		run->request_interrupt_window = 0;
		return 0;
	}
	if (run->ready_for_interrupt_injection && run->if_flag) {
		in.irq = (uint32_t)c->irq;
		if (ioctl(c->fd, KVM_INTERRUPT, &in) < 0)
			return vmm_finish(v, PVABI_VM_HOST_ERROR, -errno, "KVM_INTERRUPT vector 0x%x: %s",
					  (unsigned)c->irq, strerror(errno));
		v->res->exits.injected++;
		c->irq = v->cfg->irq(v->cfg->irq_ctx, c->id); /* the next one waits for a window */
	}
	run->request_interrupt_window = c->irq >= 0;
	return 0;
}
