# mmu_update_batch rolls back the requests before a failing one (it
# clears their entries), yet reports done = the failing request's index
# and its error, as the ABI's "earlier requests stay applied" wants: the
# answer is right, only the page-table entries read back show the break
# (1.1+). Test-local (test-batch), not one of the gate's scored seeds.
/^int64_t pvp_handle_mmu_update_batch/i\
static void undo_reqs(struct pvp_ctx *c, uint64_t gpa, uint32_t n, uint32_t size)\
{\
	const struct pvp_layout_mmu_update_req *l = PVP_LAYOUT(c, mmu_update_req);\
	uint8_t r[64];\
	uint32_t j;\
\
	for (j = 0; j < n && size <= sizeof(r); j++)\
		if (!pvabi_gmem_read(&c->host, gpa + (uint64_t)j * size, r, size))\
			pte_store(c, pvp_get(r, size, l->table, 8),\
				  (uint32_t)pvp_get(r, size, l->index, 4), 0);\
}\

s/^\t\te = apply_req(c, reqs.gpa + (uint64_t)i \* size, size);$/&\n\t\tif (e)\n\t\t\tundo_reqs(c, reqs.gpa, i, size);/
