# mmu_update_batch checks a table page's alignment and its place in
# guest memory once for a run of requests naming the same table, as a
# guest's batch updates one page table at a time: only a table that
# passed both checks in this call is remembered, and a request on it
# still has its index and entry checked, so every request is refused or
# applied as before, with the same error (a table checked once stays
# aligned and inside memory for the call; the unaligned value the
# remembered table starts from is never taken for a checked one).
s/^static int64_t pte_check(struct pvp_ctx \*c, uint64_t table, uint32_t index, uint64_t value)$/static int64_t pte_check(struct pvp_ctx *c, uint64_t table, uint32_t index, uint64_t value,\n\t\t\t int table_ok)/
s/^\tif (table & (PAGE - 1))$/\tif (!table_ok \&\& (table \& (PAGE - 1)))/
s/^\treturn pvabi_gmem_check(&c->host, table, PAGE) ? PVP_EFAULT : 0;$/\treturn !table_ok \&\& pvabi_gmem_check(\&c->host, table, PAGE) ? PVP_EFAULT : 0;/
s/^\tint64_t e = pte_check(c, table, index, value);$/\tint64_t e = pte_check(c, table, index, value, 0);/
s/^static int64_t apply_req(struct pvp_ctx \*c, uint64_t gpa, uint32_t size)$/static int64_t apply_req(struct pvp_ctx *c, uint64_t gpa, uint32_t size, uint64_t *ok_table)/
s/^\te = pte_check(c, table, index, value);$/\t\/* only a table that passed is kept, so an unaligned one means none *\/\n\te = pte_check(c, table, index, value, !(*ok_table \& (PAGE - 1)) \&\& table == *ok_table);\n\tif (!e)\n\t\t*ok_table = table; \/* aligned and in guest memory *\//
s/^\tint64_t e = 0;$/\tuint64_t ok_table = 1; \/* unaligned: no table checked yet *\/\n&/
s/^\t\te = apply_req(c, reqs.gpa + (uint64_t)i \* size, size);$/\t\te = apply_req(c, reqs.gpa + (uint64_t)i * size, size, \&ok_table);/
