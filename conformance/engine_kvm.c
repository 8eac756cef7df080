/* The kvm engine: pvabi's own VMM (platform/vmm) behind the engine table,
 * so a cell means the same whichever engine ran it. The doorbell is
 * served during the port exit of the vCPU that rang, with the VM's memory;
 * the platform's interrupts are injected into their vCPU through
 * KVM_INTERRUPT. */
#include "conformance/engine.h"
#include "platform/vmm/vmm.h"

#include <stdio.h>
#include <string.h>

/* The shared maximum is this engine's: it must fit the boot data. */
_Static_assert(PVABI_ENGINE_MAX_CMDLINE <= PVABI_VM_MAX_CMDLINE,
	       "the engines' command-line maximum exceeds the VMM's");

static int probe_kvm(char *why, size_t n)
{
	return pvabi_vm_probe(why, n) ? -1 : 0;
}

static enum pvabi_outcome outcome_of(enum pvabi_vm_outcome o)
{
	switch (o) {
	case PVABI_VM_EXITED:
		return PVABI_RUN_EXITED;
	case PVABI_VM_SHUTDOWN:
		return PVABI_RUN_SHUTDOWN;
	case PVABI_VM_INTERNAL_ERROR:
		return PVABI_RUN_INTERNAL_ERROR;
	case PVABI_VM_TIMEOUT:
		return PVABI_RUN_TIMEOUT;
	case PVABI_VM_HLT_FOREVER:
		return PVABI_RUN_HALTED;
	case PVABI_VM_UNAVAILABLE:
		return PVABI_RUN_UNAVAILABLE;
	case PVABI_VM_IMAGE_INVALID:
		return PVABI_RUN_IMAGE_INVALID;
	case PVABI_VM_CONFIG_INVALID:
	case PVABI_VM_HOST_ERROR:
		break;
	}
	return PVABI_RUN_HARNESS_ERROR;
}

static int irq_next(void *ctx, uint32_t vcpu)
{
	return pvabi_irq_take(ctx, vcpu);
}

static int run_kvm(const struct pvabi_engine_cfg *cfg, struct pvabi_engine_result *res)
{
	struct pvabi_vm_config vc;
	struct pvabi_vm_result vr;
	int rc;

	memset(&vc, 0, sizeof(vc));
	vc.image = cfg->image;
	vc.cmdline = cfg->cmdline;
	vc.timeout_ms = cfg->timeout_ms;
	vc.mem_size = cfg->mem_size ? cfg->mem_size : PVABI_DEFAULT_MEM;
	vc.console = cfg->console;
	vc.console_ctx = cfg->ctx;
	vc.doorbell_port = cfg->doorbell_port;
	vc.doorbell = cfg->doorbell;
	vc.doorbell_ctx = cfg->ctx;
	if (cfg->kvm_pv)
		vc.kvm_pv = *cfg->kvm_pv;
	vc.vcpus = cfg->vcpus;
	if (cfg->irqs) {
		vc.irq = irq_next;
		vc.irq_ctx = cfg->irqs;
	}
	rc = pvabi_vm_run(&vc, &vr);
	memset(res, 0, sizeof(*res));
	res->outcome = outcome_of(vr.outcome);
	res->exit_value = vr.exit_value;
	res->run_ms = (double)(vr.setup_ns + vr.boot_ns + vr.teardown_ns) / 1e6;
	res->doorbells = vr.exits.doorbell;
	snprintf(res->reason, sizeof(res->reason), "%s", vr.reason);
	return rc < 0 && res->outcome == PVABI_RUN_HARNESS_ERROR ? -1 : 0;
}

const struct pvabi_engine pvabi_engine_kvm = { "kvm", probe_kvm, run_kvm, 0, 1 };
