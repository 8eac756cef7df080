# flush_tlb_range refuses a start address that is not canonical (bits 63
# to 47 not all equal), as a developer who flushes with INVPCID, which
# faults on one, would guard it: the doc refuses only a misaligned va and
# a range past the top of the address space, so a range that starts in
# the non-canonical hole (0x0000800000000000 up to 0xffff7fffffffffff)
# answers EINVAL, not 0 (1.3+, tlb_range).
s/^\tif (va & (PAGE - 1))$/\tif ((uint64_t)((int64_t)(va << 16) >> 16) != va)\n\t\treturn PVP_EINVAL; \/* INVPCID faults on a non-canonical address *\/\n\tif (va \& (PAGE - 1))/
