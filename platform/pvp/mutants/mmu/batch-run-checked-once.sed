# mmu_update_batch checks a run of requests on one table once, by the
# run's first request: a later request on the same table has only its
# index checked, as a developer who reads mmu_update's checks as checks
# of the table (its alignment, its place in guest memory) would cache
# them for a batch that fills one page. The entry value is checked per
# request by the doc, and is no longer: a present entry with bits at or
# above MAXPHYADDR after a good request on the same table is stored and
# counted, so the batch answers count and done = count, not EINVAL with
# done at that request (1.1+, mmu_batch).
s/^static int64_t apply_req(struct pvp_ctx \*c, uint64_t gpa, uint32_t size)$/static int64_t apply_req(struct pvp_ctx *c, uint64_t gpa, uint32_t size, uint64_t *run)/
/^static int64_t apply_req(/,/^}/s/^\te = pte_check(c, table, index, value);$/\t\/* a run of requests on one table: its first request checked the table *\/\
\tif (table == *run)\
\t\te = index >= pvp_limit_value(\&c->st, PVP_LIMIT_PT_ENTRIES) ? PVP_ERANGE : 0;\
\telse\
\t\te = pte_check(c, table, index, value);\
\tif (!e)\
\t\t*run = table;/
/^int64_t pvp_handle_mmu_update_batch(/,/^}/s/^\tint64_t e = 0;$/\tuint64_t run = 1; \/* no table: an unaligned one never passes *\/\
&/
/^int64_t pvp_handle_mmu_update_batch(/,/^}/s/^\t\te = apply_req(c, reqs.gpa + (uint64_t)i \* size, size);$/\t\te = apply_req(c, reqs.gpa + (uint64_t)i * size, size, \&run);/
