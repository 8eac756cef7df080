# The canonical-address check loses its sign extension: the shift pair
# is done on the unsigned value, so bits 63..48 are cleared instead of
# copied from bit 47. Only lower-half addresses compare equal: every
# upper-half (kernel) address written to LSTAR, CSTAR, FS_BASE, GS_BASE
# or KERNEL_GS_BASE is refused with EINVAL as if non-canonical.
s/return (uint64_t)((int64_t)(a << 16) >> 16) == a;/return ((a << 16) >> 16) == a;/
