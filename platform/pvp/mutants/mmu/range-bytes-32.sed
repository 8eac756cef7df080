# flush_tlb_range's range length computed in the 32-bit width of its
# operands before it is widened (a cleanup moved the cast): npages * 4096
# wraps modulo 2^32 for 2^20 pages (4 GiB) or more, so a range that runs
# past the top of the address space is accepted whenever its truncated
# length fits below the top: a 32-bit guest's flush of 0xffffffff pages
# from 0, or a 64-bit guest's 4 GiB flush of the top page, answers 0, not
# EINVAL (1.3+, tlb_range).
s/(unsigned __int128)npages \* PAGE;/(unsigned __int128)(npages * PAGE);/
