/* The MSR file and the CPUID table. */
#include "platform/pvp/tests/pvp_env.h"

#include <errno.h>
#include <string.h>

static void test_msr(void)
{
	pt_start(R(1, 0), 0, 1);
	memset(pt_mem.mem + BUF, 0xee, 8);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_READ_MSR, 2, U(0x40000fff), U(BUF)), PVP_ENOENT);
	CU_ASSERT_EQUAL(pt_rd64(BUF), UINT64_C(0xeeeeeeeeeeeeeeee)); /* not written */
	CU_ASSERT_EQUAL(pt_call(PVP_OP_READ_MSR, 2, U(0x1b), U(BUF)), 0);
	CU_ASSERT_EQUAL(pt_rd64(BUF), 0xfee00900u);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_WRITE_MSR, 2, U(0x10), U(0)), PVP_EPERM);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_WRITE_MSR, 2, U(0x1b), U(0xfee00900)), PVP_EPERM);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_WRITE_MSR, 2, U(0x1234), U(0)), PVP_ENOENT);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_WRITE_MSR, 2, U(0xc0000080), U(1) << 12), PVP_EINVAL);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_WRITE_MSR, 2, U(0x277), U(0x0007040600070402)), PVP_EINVAL);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_WRITE_MSR, 2, U(0x277), U(0x0807040600070406)), PVP_EINVAL);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_WRITE_MSR, 2, U(0xc0000082), U(0x0000800000000000)), PVP_EINVAL);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_WRITE_MSR, 2, U(0xc0000082), U(0xffff800000001000)), 0);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_WRITE_MSR, 2, U(0xc0000103), U(1) << 32), PVP_EINVAL);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_WRITE_MSR, 2, U(0xc0000081), U(0x0023001000000000)), 0);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_READ_MSR, 2, U(0xc0000081), U(BUF)), 0);
	CU_ASSERT_EQUAL(pt_rd64(BUF), UINT64_C(0x0023001000000000));
	/* EFER: LMA is ignored (it follows the mode); the refused write
	 * above changed nothing */
	CU_ASSERT_EQUAL(pt_call(PVP_OP_WRITE_MSR, 2, U(0xc0000080), U(0x101)), 0);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_READ_MSR, 2, U(0xc0000080), U(BUF)), 0);
	CU_ASSERT_EQUAL(pt_rd64(BUF), 0x501);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_READ_MSR, 2, U(0xc0000082), U(BUF)), 0);
	CU_ASSERT_EQUAL(pt_rd64(BUF), UINT64_C(0xffff800000001000));
}

/* The APIC base's BSP bit (8) on vCPU 0 alone; the same base and xAPIC
 * enable bit on every vCPU. */
static void test_apic_base_bsp(void)
{
	pt_start(R(1, 0), 0, 2);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_READ_MSR, 2, U(0x1b), U(BUF)), 0);
	CU_ASSERT_EQUAL(pt_rd64(BUF), 0xfee00900u);
	pt.vcpu = 1;
	CU_ASSERT_EQUAL(pt_call(PVP_OP_READ_MSR, 2, U(0x1b), U(BUF)), 0);
	CU_ASSERT_EQUAL(pt_rd64(BUF), 0xfee00800u);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_WRITE_MSR, 2, U(0x1b), U(0xfee00900)), PVP_EPERM);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_READ_MSR, 2, U(0x1b), U(BUF)), 0);
	CU_ASSERT_EQUAL(pt_rd64(BUF), 0xfee00800u);
	pt.vcpu = 0;
}

static void test_cpuid(void)
{
	pt_start(R(1, 3), ALL, 1);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_CPUID, 3, U(0x40000000), U(0), U(BUF)), 0);
	CU_ASSERT_EQUAL(memcmp(pt_mem.mem + BUF + 4, "PVPlatform\0\0", 12), 0);
	CU_ASSERT_EQUAL(pt_rd32(BUF), 0x40000001u);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_CPUID, 3, U(0x40000001), U(0), U(BUF)), 0);
	CU_ASSERT_EQUAL(pt_rd32(BUF), R(1, 3));
	CU_ASSERT_EQUAL(pt_rd32(BUF + 4), pvp_window_features[3]);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_CPUID, 3, U(0x80000008), U(0), U(BUF)), 0);
	CU_ASSERT_EQUAL(pt_rd32(BUF) & 0xff, PVP_MAXPHYADDR);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_CPUID, 3, U(0), U(0), U(BUF)), 0);
	CU_ASSERT_EQUAL(memcmp(pt_mem.mem + BUF + 4, "PVPlrm86atfo", 12), 0); /* EBX ECX EDX */
	CU_ASSERT_EQUAL(pt_call(PVP_OP_CPUID, 3, U(2), U(0), U(BUF)), PVP_ENOENT);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_CPUID, 3, U(0x4fffffff), U(0), U(BUF)), PVP_ENOENT);
}

const struct pvabi_test_case pvp_cpu_cases[] = {
	{ "msr", test_msr },
	{ "apic_base_bsp", test_apic_base_bsp },
	{ "cpuid", test_cpuid },
	{ NULL, NULL },
};
