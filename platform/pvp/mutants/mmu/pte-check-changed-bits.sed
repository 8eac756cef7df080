# mmu_update's MAXPHYADDR check looks only at the address bits the update
# changes, as a VMM that trusts the entry it validated before might do to
# skip re-checking a remap: the old entry is read from the table, and
# bits it already held are taken as checked. A not-present entry is
# never validated, so a present entry with bits 40..51 set written over a
# not-present entry that holds them (a swap entry with high bits) is
# stored and answered 0 [EINVAL, nothing written]; over a zeroed entry,
# over a present one without those bits, and with a table outside guest
# memory (old entry 0) every answer is the reference's (mmu_update and
# mmu_update_batch, 1.0+).
/^static int64_t pte_check(/i\
/* The entry an update replaces; 0 for a table outside guest memory,\
 * which pte_check refuses with EFAULT. */\
static uint64_t pte_old(struct pvp_ctx *c, uint64_t table, uint32_t index)\
{\
\tif (pvabi_gmem_check(\&c->host, table, PAGE))\
\t\treturn 0;\
\treturn *(const uint64_t *)(const void *)(c->host.mem + table + (uint64_t)index * 8);\
}\

s/^\tif ((value \& PTE_PRESENT) \&\& (value \& above))$/\tif ((value \& PTE_PRESENT) \&\& (value \& above \& ~pte_old(c, table, index)))/
