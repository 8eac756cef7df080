# The canonical-address check written as the two ranges it accepts
# (below 2^47, or at and above 2^64 - 2^47) instead of a sign extension:
# the same addresses either way.
s/return (uint64_t)((int64_t)(a << 16) >> 16) == a;/return a < UINT64_C(0x0000800000000000) || a >= UINT64_C(0xffff800000000000);/
