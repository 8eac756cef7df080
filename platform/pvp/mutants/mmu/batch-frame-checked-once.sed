# mmu_update_batch remembers the frame of the last table that passed
# its checks, and a later request whose table lies in that frame skips
# the table's alignment and guest-memory checks, as a developer who
# compares table pages (table & ~0xfff) rather than table addresses
# would: its index and entry are still checked. A request on the same
# page but off its 4 KiB alignment (table 0x5008 after 0x5000) is stored
# at the unaligned address and counted, so the batch answers count, not
# EINVAL with done at that request (1.1+, mmu_batch).
s/^static int64_t apply_req(struct pvp_ctx \*c, uint64_t gpa, uint32_t size)$/static int64_t apply_req(struct pvp_ctx *c, uint64_t gpa, uint32_t size, uint64_t *frame)/
/^static int64_t apply_req(/,/^}/s/^\te = pte_check(c, table, index, value);$/\t\/* a table page checked in this call: only its entry is left *\/\
\tif ((table \& ~(uint64_t)(PAGE - 1)) == *frame)\
\t\te = pte_check(c, *frame, index, value);\
\telse\
\t\te = pte_check(c, table, index, value);\
\tif (!e)\
\t\t*frame = table \& ~(uint64_t)(PAGE - 1);/
/^int64_t pvp_handle_mmu_update_batch(/,/^}/s/^\tint64_t e = 0;$/\tuint64_t frame = 1; \/* no frame: an unaligned value never matches *\/\
&/
/^int64_t pvp_handle_mmu_update_batch(/,/^}/s/^\t\te = apply_req(c, reqs.gpa + (uint64_t)i \* size, size);$/\t\te = apply_req(c, reqs.gpa + (uint64_t)i * size, size, \&frame);/
