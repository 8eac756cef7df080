# flush_tlb_range takes the length of the range, npages * 4096, in 32
# bits: from 2^20 pages on it is cut to its low 32 bits, so a range that
# passes the top of the address space from below it is taken for a short
# one and flushed (answer 0 where the spec says EINVAL). Ranges below
# 2^20 pages, and every range from va 0, answer as before. Test-local
# (test-span), not one of the gate's scored seeds.
s/(unsigned __int128)npages \* PAGE;$/(uint32_t)(npages * (uint32_t)PAGE);/
