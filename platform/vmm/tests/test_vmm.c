/* Tests of the VMM, one suite per file: the image loader (test_loader.c)
 * and the image's own notes (test_notes.c),
 * the checks before /dev/kvm is opened (test_config.c), boots
 * (test_boot.c), the guest's devices (test_devices.c), interrupts
 * (test_irq.c), the pvabi-vm program (test_cli.c), KVM's PV interface
 * (test_kvmpv.c) and the KVM guests generated from spec/kvm.xml on host
 * profiles (test_kvmclock.c); images are built in memory (vmm_image.c). */
#include "platform/vmm/tests/vmm_fixture.h"

static const struct pvabi_test_suite suites[] = {
	{ "vmm-image", vmm_image_cases, NULL, NULL },
	{ "vmm-notes", vmm_note_cases, NULL, NULL },
	{ "vmm-config", vmm_config_cases, NULL, NULL },
	{ "vmm-boot", vmm_boot_cases, NULL, NULL },
	{ "vmm-devices", vmm_device_cases, NULL, NULL },
	{ "vmm-irq", vmm_irq_cases, NULL, NULL },
	{ "vmm-cli", vmm_cli_cases, NULL, NULL },
	{ "vmm-kvmpv", vmm_kvmpv_cases, NULL, NULL },
	{ "vmm-kvmclock", vmm_kvmclock_cases, NULL, NULL },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	return pvabi_test_main(suites, argc, argv);
}
