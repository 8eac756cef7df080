# flush_tlb_range refuses a range that ends exactly at the top of the
# address space (the limit is inclusive of its last page).
s/if (end > top)/if (end >= top)/
