/* The KVM guests generated from spec/kvm.xml (guest/kvm/module.mk) on
 * the two own-VMM profiles no host release declares: the reference
 * platform, which shows no KVM leaf (both guests use nothing and every
 * MSR they know gives #GP), and a contradictory host that offers
 * CLOCKSOURCE2 but filters its MSRs, where the newer guest must fail.
 * Hosts of each Linux release are the KVM matrix's columns, predicted
 * from the spec by the oracle (conformance/oracle_host.c, run by
 * test-kvm-matrix). */
#include "platform/vmm/tests/vmm_fixture.h"

#include <string.h>

static const uint32_t newer_msrs[] = { 0x4b564d00, 0x4b564d01 };

struct profile {
	const char *name;
	int present;
	uint32_t features;
	size_t ndeny; /* the first ndeny of newer_msrs */
	const char *want_old, *want_new;
	uint32_t exit_new; /* 0x20 pass, 0x24 fail */
};

static const struct profile profiles[] = {
	{ "reference platform (no KVM leaf)", 0, 0, 0, "none", "none", 0x20 },
	{ "contradiction: CLOCKSOURCE2 offered, its MSRs filtered", 1, 0xffffffffu, 2, "old", "new",
	  0x24 },
	{ "today's host", 1, 0xffffffffu, 0, "old", "new", 0x20 },
};

static struct pvabi_vm_pv_caps caps;

static void cell(const struct profile *p, const char *gen, const char *want, uint32_t exit_value)
{
	struct pvabi_vm_config cfg;
	struct pvabi_vm_result res;
	char image[64], cmdline[32];

	snprintf(image, sizeof(image), "guest/kvm/kvmclock-%s.elf", gen);
	snprintf(cmdline, sizeof(cmdline), "want=%s", want);
	fx_cfg_init(&cfg, NULL, 0);
	cfg.image = fx_build_path(image);
	cfg.cmdline = cmdline;
	cfg.kvm_pv.present = p->present;
	cfg.kvm_pv.features = p->features;
	cfg.kvm_pv.deny = newer_msrs;
	cfg.kvm_pv.ndeny = p->ndeny;
	CU_ASSERT_EQUAL(fx_run_cfg(&cfg, &res), 0);
	CU_ASSERT_EQUAL(res.outcome, PVABI_VM_EXITED);
	CU_ASSERT_EQUAL(res.exit_value, exit_value);
	if (res.outcome != PVABI_VM_EXITED || res.exit_value != exit_value)
		printf("\n  %s on %s: %s\n%s\n", gen, p->name, res.reason, fx_con);
	/* a cell that checked nothing would pass vacuously */
	CU_ASSERT_PTR_NULL(strstr(fx_con, "1..0"));
}

static void test_profiles(void)
{
	size_t i;

	NEED_KVM();
	CU_ASSERT_EQUAL_FATAL(pvabi_vm_pv_caps(&caps, NULL, 0), 0);
	if (!caps.enforce || !caps.msr_filter || !caps.kvm_leaves)
		PVABI_SKIP("this kernel lacks KVM_CAP_ENFORCE_PV_FEATURE_CPUID, "
			   "KVM_CAP_X86_MSR_FILTER or KVM's leaves: no profile can be presented");
	for (i = 0; i < 2; i++) {
		cell(&profiles[i], "old", profiles[i].want_old, 0x20);
		cell(&profiles[i], "new", profiles[i].want_new, profiles[i].exit_new);
	}
}

/* The newer guest's own checks on today's host: steal time updated, the
 * PV EOI word read back, reserved bits refused. */
static void test_newer_guest_checks(void)
{
	NEED_KVM();
	CU_ASSERT_EQUAL_FATAL(pvabi_vm_pv_caps(&caps, NULL, 0), 0);
	if (!caps.enforce || !caps.kvm_leaves)
		PVABI_SKIP("this kernel lacks KVM_CAP_ENFORCE_PV_FEATURE_CPUID or KVM's leaves");
	cell(&profiles[2], "new", "new", 0x20);
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_con, "- steal time updated across an exit"));
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_con, "- PV EOI enabled and read back"));
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_con, "- steal time with reserved bit 1 gives"));
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_con, "- time monotonic and moving with the TSC"));
}

const struct pvabi_test_case vmm_kvmclock_cases[] = {
	{ "reference and contradictory profiles", test_profiles },
	{ "newer guest on today's host", test_newer_guest_checks },
	{ NULL, NULL },
};
