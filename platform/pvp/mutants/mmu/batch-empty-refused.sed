# mmu_update_batch refuses an empty batch with EINVAL, as a guard
# written for a malformed request ("nothing to do is a caller bug"),
# and returns before it writes `done`: count 0 = -22 with done left as
# the guest had it [0, done 0], although the doc takes 0 to 512
# requests (1.1+, mmu_batch).
/^int64_t pvp_handle_mmu_update_batch(/,/^}$/{
s/^\tif (!size)$/\tif (!size || !count)/
s/^\t\treturn PVP_EINVAL; \/\* the revision has no request layout: never dispatched \*\/$/\t\treturn PVP_EINVAL; \/* no request layout, or nothing to apply *\//
}
