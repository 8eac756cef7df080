# mmu_update_batch accepts 513 requests; the documented limit is 512.
s/if (count > MAX_BATCH)/if (count > MAX_BATCH + 1)/
