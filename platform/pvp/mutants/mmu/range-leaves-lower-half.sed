# flush_tlb_range refuses a range that starts in the lower canonical half
# and runs past its end (va below 2^47, va + npages * 4096 above it), as
# a developer used to bounding a user range by the top of the lower half
# (an access_ok-style check) would guard the flush loop, whose pages past
# 2^47 INVPCID would fault on: the doc refuses only a misaligned va and a
# range past the top of the address space, so va 0x00007ffffffff000 with
# 2 pages answers EINVAL, not 0; with 1 page, and every range that starts
# in the hole or the upper half, as before (1.3+, tlb_range).
s/^\tif (end > top)$/\tif (va < (UINT64_C(1) << 47) \&\& end > (UINT64_C(1) << 47))\n\t\treturn PVP_EINVAL; \/* the range leaves the lower half *\/\n\tif (end > top)/
