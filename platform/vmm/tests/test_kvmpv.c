/* KVM's paravirtual interface as the VMM presents it, seen by the MSR
 * probe guest (guest/msr_probe.c) at CPL0: the reference platform offers
 * none of KVM's MSRs (each gives #GP, enforced by KVM), a feature mask
 * offers exactly its features' MSRs, the MSR filter takes MSRs away
 * whatever the features say. Enforcement turned off shows what the
 * reference platform prevents: the same accesses then complete, and the
 * guest that expected #GP fails. */
#include "platform/vmm/tests/vmm_fixture.h"

#include <string.h>

/* Every KVM MSR: the old kvmclock pair, the new one, async PF, steal
 * time, PV EOI, poll control. */
#define ALL_KVM_MSRS(e)                                                                 \
	"msr=wr:0x12:page:" e ",rd:0x11:" e ",wr:0x4b564d01:page:" e ",rd:0x4b564d00:" e \
	",rd:0x4b564d02:" e ",wr:0x4b564d03:page:" e ",rd:0x4b564d04:" e ",rd:0x4b564d05:" e

#define KVM_FEATURE_CLOCKSOURCE 0u
#define KVM_FEATURE_CLOCKSOURCE2 3u
#define KVM_FEATURE_STEAL_TIME 5u

static struct pvabi_vm_pv_caps caps;

/* Skips (saying why) unless KVM can run guests and enforce features. */
#define NEED_ENFORCE()                                                                   \
	do {                                                                             \
		NEED_KVM();                                                              \
		CU_ASSERT_EQUAL_FATAL(pvabi_vm_pv_caps(&caps, NULL, 0), 0);             \
		if (!caps.enforce || !caps.kvm_leaves)                                   \
			PVABI_SKIP("this kernel has no KVM_CAP_ENFORCE_PV_FEATURE_CPUID " \
				   "or no KVM leaves: KVM's MSRs cannot be withheld");   \
	} while (0)

/* Runs the probe with @cmdline under @pv and asserts its exit value
 * (0x20 pass, 0x24 fail); the console is printed when it differs. */
static void probe(const struct pvabi_vm_kvm_pv *pv, const char *cmdline, uint32_t want,
		  struct pvabi_vm_result *res)
{
	struct pvabi_vm_config cfg;

	fx_cfg_init(&cfg, NULL, 0);
	cfg.image = fx_build_path("guest/msr-probe.elf");
	cfg.cmdline = cmdline;
	cfg.kvm_pv = *pv;
	CU_ASSERT_EQUAL(fx_run_cfg(&cfg, res), 0);
	CU_ASSERT_EQUAL(res->outcome, PVABI_VM_EXITED);
	CU_ASSERT_EQUAL(res->exit_value, want);
	if (res->outcome != PVABI_VM_EXITED || res->exit_value != want)
		printf("\n  %s: %s\n%s\n", cmdline, res->reason, fx_con);
}

static void test_reference(void)
{
	struct pvabi_vm_kvm_pv pv = { 0 };
	struct pvabi_vm_result res;

	NEED_ENFORCE();
	probe(&pv, "sig=PVABIPVABIPV " ALL_KVM_MSRS("gp"), 0x20, &res);
	CU_ASSERT_EQUAL(res.pv_enforced, 1);
	CU_ASSERT_EQUAL(res.pv_features, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_con, "ok 4 - wrmsr 0x4b564d01 raises vector 13"));
}

/* What the reference platform prevents: without enforcement every MSR
 * is KVM's to serve, and a guest that expects #GP fails. */
static void test_enforce_off(void)
{
	struct pvabi_vm_kvm_pv pv = { .no_enforce = 1 };
	struct pvabi_vm_result res;

	NEED_ENFORCE();
	probe(&pv, ALL_KVM_MSRS("ok"), 0x20, &res);
	CU_ASSERT_EQUAL(res.pv_enforced, 0);
	probe(&pv, "msr=wr:0x4b564d01:page:gp", 0x24, &res);
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_con, "not ok 1 - wrmsr 0x4b564d01 completes"));
}

/* A host that offered kvmclock but not CLOCKSOURCE2: only the old pair. */
static void test_feature_mask(void)
{
	struct pvabi_vm_kvm_pv pv = { .present = 1, .features = 1u << KVM_FEATURE_CLOCKSOURCE };
	struct pvabi_vm_result res;

	NEED_ENFORCE();
	probe(&pv, "sig=KVMKVMKVM feat=0x1 msr=wr:0x12:page:ok,rd:0x11:ok,"
	      "wr:0x4b564d01:page:gp,rd:0x4b564d00:gp,wr:0x4b564d03:page:gp",
	      0x20, &res);
	CU_ASSERT_EQUAL(res.pv_features, 1u);
	pv.features = 1u << KVM_FEATURE_CLOCKSOURCE2 | 1u << KVM_FEATURE_STEAL_TIME;
	probe(&pv, "feat=0x28 msr=wr:0x12:page:gp,wr:0x4b564d01:page:ok,"
	      "wr:0x4b564d03:page:ok,wr:0x4b564d03:0x2:gp",
	      0x20, &res);
	/* a mask never offers what KVM does not support */
	pv.features = 0xffffffffu;
	probe(&pv, "sig=KVMKVMKVM", 0x20, &res);
	CU_ASSERT_EQUAL(res.pv_features, caps.features);
}

/* An older host simulated: every feature, the new MSRs filtered out. */
static void test_msr_filter(void)
{
	static const uint32_t deny[] = { 0x4b564d00, 0x4b564d01 };
	struct pvabi_vm_kvm_pv pv = { .present = 1, .features = 0xffffffffu, .deny = deny,
				      .ndeny = 2 };
	struct pvabi_vm_result res;

	NEED_ENFORCE();
	if (!caps.msr_filter)
		PVABI_SKIP("this kernel has no KVM_CAP_X86_MSR_FILTER");
	probe(&pv, "msr=wr:0x4b564d01:page:gp,rd:0x4b564d00:gp,wr:0x12:page:ok,"
	      "rd:0x11:ok,wr:0x4b564d03:page:ok",
	      0x20, &res);
}

static void test_config(void)
{
	static const uint32_t deny[PVABI_VM_MAX_MSR_DENY + 1];
	struct pvabi_vm_kvm_pv pv = { .deny = deny, .ndeny = PVABI_VM_MAX_MSR_DENY + 1 };
	struct pvabi_vm_config cfg;
	struct pvabi_vm_result res;

	fx_cfg_init(&cfg, NULL, 0);
	cfg.image = fx_build_path("guest/msr-probe.elf");
	cfg.kvm_pv = pv;
	CU_ASSERT_EQUAL(pvabi_vm_run(&cfg, &res), -EINVAL);
	CU_ASSERT_EQUAL(res.outcome, PVABI_VM_CONFIG_INVALID);
	CU_ASSERT_PTR_NOT_NULL(strstr(res.reason, "17 MSRs to deny"));
	cfg.kvm_pv.deny = NULL;
	cfg.kvm_pv.ndeny = 1;
	CU_ASSERT_EQUAL(pvabi_vm_run(&cfg, &res), -EINVAL);
	CU_ASSERT_EQUAL(res.outcome, PVABI_VM_CONFIG_INVALID);
}

const struct pvabi_test_case vmm_kvmpv_cases[] = {
	{ "reference platform: KVM's MSRs #GP", test_reference },
	{ "enforcement off: what it prevents", test_enforce_off },
	{ "feature mask", test_feature_mask },
	{ "MSR filter", test_msr_filter },
	{ "configuration", test_config },
	{ NULL, NULL },
};
