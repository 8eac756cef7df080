/* The generated conformance suite of one revision of spec/kvm.xml as a
 * KVM guest (gen --target conformance; guest/kvm/module.mk builds one
 * image per revision, build/guest/kvm/REV/conformance.elf, the KVM
 * matrix's fresh rows). It reads what the host offers (leaf 0x40000001
 * behind the KVMKVMKVM signature; nothing without it), says what it takes
 * of that (the record the matrix judges against the oracle), then runs
 * every vector and scenario of its revision through the guest header's
 * MSR stubs: those of a feature offered run, and each MSR of a feature
 * not offered must give #GP (the msr convention's not-offered error).
 * The sweep past the maximum of KVM's CPUID block runs only where the
 * signature is KVM's (pvabi_c2_block_shown). */
#include "guest/rt/conformance2.h"
#include "guest/rt/runtime.h"
#include "guest/rt/tap.h"
#include "kvm_guest.h"

static uint32_t offer;
static int kvm; /* KVMKVMKVM at leaf 0x40000000 */

int pvabi_c2_offered(unsigned int bit)
{
	return bit < 32 && (offer >> bit & 1);
}

int pvabi_c2_block_shown(uint32_t leaf)
{
	return kvm && leaf == 0x40000000u;
}

enum pvabi_status pvabi_guest_run(const char *cmdline)
{
	struct pvabi_tap t;
	uint32_t r[4];

	pvabi_tap_begin(&t, pvabi_console_sink, 0);
	kvm_signature(r);
	kvm = r[1] == 0x4b4d564bu && r[2] == 0x564b4d56u && r[3] == 0x4du;
	if (kvm) {
		kvm_features(r);
		offer = r[0];
	}
	pvabi_tap_diag(&t, "KVM suite of %s (0x%08x), signature %s, features 0x%x, command line '%s'",
		       KVM_REVISION_ID, (unsigned int)KVM_REVISION, kvm ? "KVMKVMKVM" : "other",
		       offer, cmdline);
	/* The revision is this image's; the grant what it knows of the
	 * offer. The matrix judges both against the oracle's prediction. */
	pvabi_tap_diag(&t, "negotiated: {\"status\": \"OK\", \"revision\": \"0x%x\", "
		       "\"offered\": \"0x%x\", \"granted\": \"0x%x\", \"missing\": \"0x0\"}",
		       (unsigned int)KVM_REVISION, offer, (uint32_t)(offer & KVM_FEATURES_DEFINED));
	offer &= (uint32_t)KVM_FEATURES_DEFINED;
	pvabi_c2_run(&t, &pvabi_conformance2_suite);
	return pvabi_tap_end(&t);
}
