/* Struct layouts: the handlers place fields where the spec says, in
 * every window revision, reading the generated tables at run time. */
#include "platform/pvp/tests/pvp_env.h"

#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Every window revision: cpuid_regs' registers at the generated offsets
 * of that revision, nothing past its size. */
static void test_layout_cpuid_regs(void)
{
	int k;

	for (k = 0; k < PVP_WINDOW_NREVS; k++) {
		const struct pvp_layout_cpuid_regs l = pvp_layout_cpuid_regs[k];

		pt_start(pvp_window_revs[k], ALL, 1);
		CU_ASSERT_EQUAL_FATAL(pt.st.rev_index, k);
		CU_ASSERT_TRUE_FATAL(l.bytes >= 16 && l.bytes < 64);
		memset(pt_mem.mem + BUF, 0xee, 64);
		CU_ASSERT_EQUAL(pt_call(PVP_OP_CPUID, 3, U(0), U(0), U(BUF)), 0);
		CU_ASSERT_EQUAL(pt_rd32(BUF + (uint32_t)l.eax), 1);
		CU_ASSERT_EQUAL(pt_rd32(BUF + (uint32_t)l.ebx), 0x6c505650u); /* "PVPl" */
		CU_ASSERT_EQUAL(pt_rd32(BUF + (uint32_t)l.ecx), 0x36386d72u); /* "rm86" */
		CU_ASSERT_EQUAL(pt_rd32(BUF + (uint32_t)l.edx), 0x6f667461u); /* "atfo" */
		CU_ASSERT_EQUAL(pt_mem.mem[BUF + l.bytes], 0xee);
	}
}

/* Every window revision: time_info's size, its fields at that
 * revision's offsets, the ones it lacks not written; cut to the guest's
 * size (whole fields), refused below the first layout's size. */
static void test_layout_time_info(void)
{
	const uint32_t min = PVP_LAYOUT_TIME_INFO_MIN_SIZE;
	int k;

	for (k = 0; k < PVP_WINDOW_NREVS; k++) {
		const struct pvp_layout_time_info l = pvp_layout_time_info[k];
		const uint32_t at = BUF + (uint32_t)l.size;

		pt_start(pvp_window_revs[k], ALL, 1);
		CU_ASSERT_TRUE_FATAL(l.bytes >= min && l.bytes < 128 && l.size >= 0);
		memset(pt_mem.mem + BUF, 0xee, 128);
		pt_wr32(at, 128); /* a newer guest: gets this revision's layout */
		CU_ASSERT_EQUAL(pt_call(PVP_OP_GET_TIME_INFO, 1, U(BUF)), 0);
		CU_ASSERT_EQUAL(pt_rd32(at), l.bytes);
		CU_ASSERT_EQUAL(pt_rd32(BUF + (uint32_t)l.tsc_shift), 1);
		CU_ASSERT_EQUAL(pt_rd32(BUF + (uint32_t)l.tsc_to_ns_mul), 0x80000000u);
		CU_ASSERT_EQUAL(pt_rd32(BUF + (uint32_t)l.tsc_khz), PVP_TSC_KHZ);
		CU_ASSERT_TRUE(pt_rd64(BUF + (uint32_t)l.system_time_ns) <= (uint64_t)pt_call(PVP_OP_GET_TIME, 0));
		if (l.flags >= 0)
			CU_ASSERT_EQUAL(pt_rd32(BUF + (uint32_t)l.flags), pvp_window_features[k] & 1u);
		if (l.reserved0 >= 0)
			CU_ASSERT_EQUAL(pt_rd32(BUF + (uint32_t)l.reserved0), 0);
		if (l.boot_wallclock_ns >= 0)
			CU_ASSERT_TRUE(pt_rd64(BUF + (uint32_t)l.boot_wallclock_ns) >= UINT64_C(1577836800000000000));
		CU_ASSERT_EQUAL(pt_mem.mem[BUF + l.bytes], 0xee);
		/* the oldest guest's size: only the first layout's fields */
		memset(pt_mem.mem + BUF, 0xee, 128);
		pt_wr32(at, min);
		CU_ASSERT_EQUAL(pt_call(PVP_OP_GET_TIME_INFO, 1, U(BUF)), 0);
		CU_ASSERT_EQUAL(pt_rd32(at), min);
		CU_ASSERT_EQUAL(pt_mem.mem[BUF + min], 0xee);
		memset(pt_mem.mem + BUF, 0xee, 128);
		pt_wr32(at, min - 1);
		CU_ASSERT_EQUAL(pt_call(PVP_OP_GET_TIME_INFO, 1, U(BUF)), PVP_EINVAL);
		CU_ASSERT_EQUAL(pt_rd32(at), min - 1);
		CU_ASSERT_EQUAL(pt_rd32(BUF + (uint32_t)l.tsc_khz), 0xeeeeeeeeu);
	}
}

/* Every window revision: evtchn_status at that revision's offsets, or
 * not served where the revision lacks the struct. */
static void test_layout_evtchn_status(void)
{
	int64_t port;
	int k;

	for (k = 0; k < PVP_WINDOW_NREVS; k++) {
		const struct pvp_layout_evtchn_status l = pvp_layout_evtchn_status[k];
		const uint32_t at = BUF + (uint32_t)l.size;

		pt_start(pvp_window_revs[k], 0, 1);
		port = pt_call(PVP_OP_EVTCHN_ALLOC, 1, U(0));
		CU_ASSERT_EQUAL_FATAL(port, 1);
		if (!l.bytes) {
			CU_ASSERT_EQUAL(pt_call(PVP_OP_EVTCHN_STATUS, 2, U(port), U(BUF)), PVP_EREVISION);
			continue;
		}
		CU_ASSERT_EQUAL(pt_call(PVP_OP_EVTCHN_BIND, 3, U(port), U(0), U(0x41)), 0);
		memset(pt_mem.mem + BUF, 0xee, 64);
		pt_wr32(at, 64);
		CU_ASSERT_EQUAL(pt_call(PVP_OP_EVTCHN_STATUS, 2, U(port), U(BUF)), 0);
		CU_ASSERT_EQUAL(pt_rd32(at), l.bytes);
		CU_ASSERT_EQUAL(pt_rd32(BUF + (uint32_t)l.state), 2); /* bound */
		CU_ASSERT_EQUAL(pt_rd32(BUF + (uint32_t)l.source), 0);
		CU_ASSERT_EQUAL(pt_rd32(BUF + (uint32_t)l.vcpu), 0);
		CU_ASSERT_EQUAL(pt_rd32(BUF + (uint32_t)l.vector), 0x41);
		CU_ASSERT_EQUAL(pt_rd32(BUF + (uint32_t)l.pending), 0);
		CU_ASSERT_EQUAL(pt_mem.mem[BUF + l.bytes], 0xee);
	}
}

/* Every window revision: mmu_update_batch reads requests at that
 * revision's stride and offsets. */
static void test_layout_mmu_update_req(void)
{
	const uint64_t reqs = 0x30000, done = BUF;
	uint32_t i, idx, zero = 0;
	uint64_t table = 0x20000, value;
	int k;

	for (k = 0; k < PVP_WINDOW_NREVS; k++) {
		const struct pvp_layout_mmu_update_req l = pvp_layout_mmu_update_req[k];

		pt_start(pvp_window_revs[k], ALL, 1);
		if (!l.bytes) {
			CU_ASSERT_EQUAL(pt_call(PVP_OP_MMU_UPDATE_BATCH, 3, U(0), reqs, done), PVP_EREVISION);
			continue;
		}
		memset(pt_mem.mem + reqs, 0, 4 * l.bytes);
		for (i = 0; i < 3; i++) {
			idx = 10 * k + i;
			value = UINT64_C(0x1001) + ((uint64_t)idx << 12);
			memcpy(pt_mem.mem + reqs + i * l.bytes + l.table, &table, 8);
			memcpy(pt_mem.mem + reqs + i * l.bytes + l.index, &idx, 4);
			memcpy(pt_mem.mem + reqs + i * l.bytes + l.reserved0, &zero, 4);
			memcpy(pt_mem.mem + reqs + i * l.bytes + l.value, &value, 8);
		}
		CU_ASSERT_EQUAL(pt_call(PVP_OP_MMU_UPDATE_BATCH, 3, U(3), reqs, done), 3);
		CU_ASSERT_EQUAL(pt_rd32(done), 3);
		for (i = 0; i < 3; i++)
			CU_ASSERT_EQUAL(pt_rd64(table + 8 * (10 * k + i)),
					UINT64_C(0x1001) + ((uint64_t)(10 * k + i) << 12));
	}
}

/* The tables are const data the handlers read at run time. Patching one
 * in place (as a spec with a moved field would generate it) must move
 * what the handler writes: a handler with fixed offsets fails here even
 * though the reference spec's offsets equal the fixed ones. The page's
 * protection is restored afterwards; where it cannot be changed the
 * test is skipped. */
static int page_prot(const void *p)
{
	unsigned long lo, hi, a = (unsigned long)(uintptr_t)p;
	char perms[8], line[512];
	FILE *f = fopen("/proc/self/maps", "r");
	int prot = -1;

	if (!f)
		return -1;
	while (prot < 0 && fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx-%lx %4s", &lo, &hi, perms) == 3 && a >= lo && a < hi)
			prot = (perms[0] == 'r' ? PROT_READ : 0) | (perms[1] == 'w' ? PROT_WRITE : 0) |
			       (perms[2] == 'x' ? PROT_EXEC : 0);
	fclose(f);
	return prot;
}

static int set_prot(const void *p, size_t n, int prot)
{
	uintptr_t ps = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t lo = (uintptr_t)p & ~(ps - 1), hi = ((uintptr_t)p + n + ps - 1) & ~(ps - 1);

	return mprotect((void *)lo, hi - lo, prot);
}

static void test_layout_read_at_run_time(void)
{
	const int k = PVP_WINDOW_NREVS - 1;
	volatile struct pvp_layout_cpuid_regs *t =
		(volatile struct pvp_layout_cpuid_regs *)(uintptr_t)&pvp_layout_cpuid_regs[k];
	struct pvp_layout_cpuid_regs l;
	int prot = page_prot(&pvp_layout_cpuid_regs[k]);

	/* through t only: the compiler may assume a const object never
	 * changes and re-read the table for a plain copy */
	l.bytes = t->bytes;
	l.eax = t->eax;
	l.ebx = t->ebx;
	l.ecx = t->ecx;
	l.edx = t->edx;

	pt_start(pvp_window_revs[k], ALL, 1); /* before the patch: start's checks may end the test */
	memset(pt_mem.mem + BUF, 0xee, 64);
	if (prot < 0 || set_prot(&pvp_layout_cpuid_regs[k], sizeof(l), prot | PROT_WRITE))
		PVABI_SKIP("cannot make the layout table writable");
	t->eax = l.ebx; /* the field-moved break: eax and ebx swapped */
	t->ebx = l.eax;
	CU_ASSERT_EQUAL(pt_call(PVP_OP_CPUID, 3, U(0), U(0), U(BUF)), 0);
	t->eax = l.eax;
	t->ebx = l.ebx;
	CU_ASSERT_EQUAL(set_prot(&pvp_layout_cpuid_regs[k], sizeof(l), prot), 0);
	CU_ASSERT_EQUAL(pt_rd32(BUF + (uint32_t)l.ebx), 1);
	CU_ASSERT_EQUAL(pt_rd32(BUF + (uint32_t)l.eax), 0x6c505650u);
	CU_ASSERT_EQUAL(pt_rd32(BUF + (uint32_t)l.ecx), 0x36386d72u);
}

const struct pvabi_test_case pvp_layout_cases[] = {
	{ "layout_cpuid_regs", test_layout_cpuid_regs },
	{ "layout_time_info", test_layout_time_info },
	{ "layout_evtchn_status", test_layout_evtchn_status },
	{ "layout_mmu_update_req", test_layout_mmu_update_req },
	{ "layout_read_at_run_time", test_layout_read_at_run_time },
	{ NULL, NULL },
};
