# mmu_update's MAXPHYADDR check tests the present bit of the entry being
# replaced, read from the table, instead of the value written, as a
# shadow-paging VMM that reads the old entry first (to drop its shadow)
# might mix the two up: a present entry with bits 40..51 set written over
# a not-present one is stored and answered 0 [EINVAL, nothing written],
# and a not-present entry with those bits (a swap entry) written over a
# present one is refused with EINVAL [0, stored]; a table outside memory
# then answers EFAULT [EINVAL] for a present value with such bits
# (mmu_update and mmu_update_batch, 1.0+).
/^static int64_t pte_check(/i\
/* The entry an update replaces; 0 for a table outside guest memory,\
 * which pte_check refuses with EFAULT. */\
static uint64_t pte_old(struct pvp_ctx *c, uint64_t table, uint32_t index)\
{\
\tif (pvabi_gmem_check(\&c->host, table, PAGE))\
\t\treturn 0;\
\treturn *(const uint64_t *)(const void *)(c->host.mem + table + (uint64_t)index * 8);\
}\

s/^\tif ((value \& PTE_PRESENT) \&\& (value \& above))$/\tif ((pte_old(c, table, index) \& PTE_PRESENT) \&\& (value \& above))/
