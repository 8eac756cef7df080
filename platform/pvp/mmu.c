/* Page-table updates and TLB flushes. The platform keeps no shadow page
 * tables, so an update is the checked write itself and a flush has
 * nothing to drop; both are validated exactly as the spec orders. */
#include "platform/pvp/pvp_internal.h"

#include <string.h>

#define PAGE 4096u
#define PTE_PRESENT 1u
/* x86-64 PTE address bits are 12..51; 52..63 are software/NX bits */
#define PTE_ADDR_MASK (((UINT64_C(1) << 52) - 1) & ~((uint64_t)PAGE - 1))

/* The dispatch's check of every pointer argument (pvp_platform.h): the
 * guest-physical range must lie in guest memory. */
int pvp_guest_check(struct pvp_ctx *c, uint64_t gpa, uint64_t size)
{
	return pvabi_gmem_check(&c->host, gpa, size);
}

/* mmu_update's checks, in order. */
static int64_t pte_check(struct pvp_ctx *c, uint64_t table, uint32_t index, uint64_t value)
{
	uint64_t above = PTE_ADDR_MASK & ~((UINT64_C(1) << PVP_MAXPHYADDR) - 1);

	/* mmu_update's index was refused by the dispatch (limit pt_entries);
	 * a batch request's index is read here, under the same limit */
	if (index >= pvp_limit_value(&c->st, PVP_LIMIT_PT_ENTRIES))
		return PVP_ERANGE;
	if (table & (PAGE - 1))
		return PVP_EINVAL;
	if ((value & PTE_PRESENT) && (value & above))
		return PVP_EINVAL;
	/* the whole table page, not only the entry: a table is a page */
	return pvabi_gmem_check(&c->host, table, PAGE) ? PVP_EFAULT : 0;
}

/* One aligned 8-byte store, so a hardware page walk on another vCPU sees
 * the old entry or the new one, never a torn mix. The range was checked
 * by pte_check through pvabi_gmem_check. */
static void pte_store(struct pvp_ctx *c, uint64_t table, uint32_t index, uint64_t value)
{
	uint64_t *slot = (uint64_t *)(void *)(c->host.mem + table + (uint64_t)index * 8);

	__atomic_store_n(slot, value, __ATOMIC_RELEASE);
	c->stats.pte_writes++;
}

int64_t pvp_handle_mmu_update(struct pvp_ctx *c, uint64_t table, uint32_t index, uint64_t value)
{
	int64_t e = pte_check(c, table, index, value);

	if (e)
		return e;
	pte_store(c, table, index, value);
	return 0;
}

/* Each request is read once into host memory, then checked and applied:
 * a guest rewriting the array meanwhile cannot change what was checked. */
static int64_t apply_req(struct pvp_ctx *c, uint64_t gpa, uint32_t size)
{
	const struct pvp_layout_mmu_update_req *l = PVP_LAYOUT(c, mmu_update_req);
	uint8_t r[64];
	uint64_t table, value;
	uint32_t index, reserved;
	int64_t e;

	if (size > sizeof(r) || pvabi_gmem_read(&c->host, gpa, r, size))
		return PVP_EFAULT;
	table = pvp_get(r, size, l->table, 8);
	index = (uint32_t)pvp_get(r, size, l->index, 4);
	reserved = (uint32_t)pvp_get(r, size, l->reserved0, 4);
	value = pvp_get(r, size, l->value, 8);
	e = pte_check(c, table, index, value);
	if (!e && reserved)
		e = PVP_EINVAL; /* reserved0 is checked last */
	if (e)
		return e;
	pte_store(c, table, index, value);
	return 0;
}

int64_t pvp_handle_mmu_update_batch(struct pvp_ctx *c, uint32_t count, struct pvp_gptr reqs,
				    struct pvp_gptr done)
{
	uint32_t i, size = PVP_LAYOUT(c, mmu_update_req)->bytes;
	int64_t e = 0;

	/* count above mmu_batch: E2BIG from the dispatch, before any
	 * request is read */
	if (!size)
		return PVP_EINVAL; /* the revision has no request layout: never dispatched */
	for (i = 0; i < count; i++) {
		/* the dispatch checked reqs for count entries; stay inside it */
		if ((uint64_t)(i + 1) * size > reqs.size) {
			e = PVP_EFAULT;
			break;
		}
		e = apply_req(c, reqs.gpa + (uint64_t)i * size, size);
		if (e)
			break;
	}
	if (pvabi_gmem_write(&c->host, done.gpa, &i, 4))
		return PVP_EFAULT;
	return e ? e : (int64_t)count;
}

/* scope is an enum the dispatch has already checked. */
int64_t pvp_handle_flush_tlb(struct pvp_ctx *c, uint32_t scope)
{
	(void)scope;
	c->stats.flushes++;
	return 0;
}

int64_t pvp_handle_flush_tlb_range(struct pvp_ctx *c, uint64_t va, uint32_t npages, uint32_t scope)
{
	unsigned __int128 end = (unsigned __int128)va + (unsigned __int128)npages * PAGE;
	unsigned __int128 top = (unsigned __int128)1 << c->opt.guest_bits;

	(void)scope;
	if (va & (PAGE - 1))
		return PVP_EINVAL;
	if (end > top)
		return PVP_EINVAL; /* wraps past the top of the address space */
	c->stats.range_flushes++;
	return 0;
}
