/* Page-table updates land in guest memory, singly and in batches;
 * TLB flushes are validated and counted. */
#include "platform/pvp/tests/pvp_env.h"

#include <string.h>

static void test_pte_writes_land(void)
{
	const uint64_t t = 0x20000, v = 0x0000000012345007;

	pt_start(R(1, 0), 0, 1);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_MMU_UPDATE, 3, t, U(5), v), 0);
	CU_ASSERT_EQUAL(pt_rd64(t + 5 * 8), v);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_MMU_UPDATE, 3, t, U(511), U(3)), 0);
	CU_ASSERT_EQUAL(pt_rd64(t + 511 * 8), 3);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_MMU_UPDATE, 3, U(MEM - 4096), U(511), U(7)), 0);
	CU_ASSERT_EQUAL(pt_rd64(MEM - 8), 7);
	/* refusals, in the documented order, write nothing */
	CU_ASSERT_EQUAL(pt_call(PVP_OP_MMU_UPDATE, 3, U(t + 8), U(512), v), PVP_ERANGE);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_MMU_UPDATE, 3, U(t + 8), U(1), v), PVP_EINVAL);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_MMU_UPDATE, 3, t, U(6), U(1) | U(1) << 40), PVP_EINVAL);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_MMU_UPDATE, 3, t, U(6), U(1) << 63 | U(1) << 39 | 1), 0);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_MMU_UPDATE, 3, t, U(7), U(1) << 45), 0); /* not present */
	CU_ASSERT_EQUAL(pt_call(PVP_OP_MMU_UPDATE, 3, U(MEM), U(0), U(1)), PVP_EFAULT);
	CU_ASSERT_EQUAL(pt_rd64(t + 8), 0);
	CU_ASSERT_EQUAL(pt.stats.pte_writes, 5);
	CU_ASSERT_TRUE(gmem_guards_intact(&pt_mem));
}

static void put_req(uint64_t at, uint64_t table, uint32_t index, uint32_t reserved, uint64_t value)
{
	memcpy(pt_mem.mem + at, &table, 8);
	memcpy(pt_mem.mem + at + 8, &index, 4);
	memcpy(pt_mem.mem + at + 12, &reserved, 4);
	memcpy(pt_mem.mem + at + 16, &value, 8);
}

static void test_pte_batch(void)
{
	const uint64_t reqs = 0x30000, done = BUF;

	pt_start(R(1, 1), 0, 1);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_MMU_UPDATE_BATCH, 3, U(0), reqs, done), PVP_ENOFEATURE);
	pt_start(R(1, 1), ALL, 1);
	put_req(reqs, 0x20000, 1, 0, 0x1001);
	put_req(reqs + 24, 0x20000, 2, 0, 0x2001);
	put_req(reqs + 48, 0x21000, 3, 0, 0x3001);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_MMU_UPDATE_BATCH, 3, U(3), reqs, done), 3);
	CU_ASSERT_EQUAL(pt_rd32(done), 3);
	CU_ASSERT_EQUAL(pt_rd64(0x20008), 0x1001);
	CU_ASSERT_EQUAL(pt_rd64(0x20010), 0x2001);
	CU_ASSERT_EQUAL(pt_rd64(0x21018), 0x3001);
	/* stops at the first bad request; the ones before stay applied */
	put_req(reqs, 0x22000, 1, 0, 0x4001);
	put_req(reqs + 24, 0x22000, 2, 1, 0x5001); /* reserved0 set */
	put_req(reqs + 48, 0x22000, 3, 0, 0x6001);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_MMU_UPDATE_BATCH, 3, U(3), reqs, done), PVP_EINVAL);
	CU_ASSERT_EQUAL(pt_rd32(done), 1);
	CU_ASSERT_EQUAL(pt_rd64(0x22008), 0x4001);
	CU_ASSERT_EQUAL(pt_rd64(0x22010), 0);
	CU_ASSERT_EQUAL(pt_rd64(0x22018), 0);
	put_req(reqs, 0x22000, 600, 0, 1);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_MMU_UPDATE_BATCH, 3, U(1), reqs, done), PVP_ERANGE);
	CU_ASSERT_EQUAL(pt_rd32(done), 0);
	put_req(reqs, MEM, 0, 0, 1);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_MMU_UPDATE_BATCH, 3, U(1), reqs, done), PVP_EFAULT);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_MMU_UPDATE_BATCH, 3, U(513), reqs, done), PVP_E2BIG);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_MMU_UPDATE_BATCH, 3, U(0), reqs, done), 0);
	CU_ASSERT_EQUAL(pt_rd32(done), 0);
	CU_ASSERT_TRUE(gmem_guards_intact(&pt_mem));
}


static void test_flushes(void)
{
	struct pvp_options o = { NULL, NULL, 1, 32, NULL, NULL, 0, 0 };
	struct pvabi_neg_profile p;

	pt_start(R(1, 3), ALL, 1);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_FLUSH_TLB, 1, U(1)), 0);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_FLUSH_TLB, 1, U(2)), PVP_EINVAL);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_FLUSH_TLB_RANGE, 3, U(0xfffffffffffff000), U(1), U(0)), 0);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_FLUSH_TLB_RANGE, 3, U(0xfffffffffffff000), U(2), U(0)), PVP_EINVAL);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_FLUSH_TLB_RANGE, 3, U(0x1001), U(0), U(0)), PVP_EINVAL);
	CU_ASSERT_EQUAL(pt.stats.flushes, 1);
	CU_ASSERT_EQUAL(pt.stats.range_flushes, 1);
	/* a 32-bit guest's address space ends at 4 GiB */
	pvp_platform_fini(&pt);
	CU_ASSERT_EQUAL_FATAL(pvp_test_window_profile(&p), 0);
	CU_ASSERT_EQUAL_FATAL(pvp_platform_init(&pt, &p, &o), 0);
	pt.host.mem = pt_mem.mem;
	pt.host.size = pt_mem.size;
	CU_ASSERT_EQUAL_FATAL(pvp_test_negotiate(&pt, NEG_AT, R(1, 3), R(1, 3), ALL), PVABI_NEG_OK);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_FLUSH_TLB_RANGE, 3, U(0xfffff000), U(1), U(0)), 0);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_FLUSH_TLB_RANGE, 3, U(0xfffff000), U(2), U(0)), PVP_EINVAL);
}

const struct pvabi_test_case pvp_mmu_cases[] = {
	{ "pte_writes_land", test_pte_writes_land },
	{ "pte_batch", test_pte_batch },
	{ "flushes", test_flushes },
	{ NULL, NULL },
};
