# write_msr's canonical-address check is sized for 5-level paging
# (57-bit linear addresses: bits 63..56 copies of bit 56), as a VMM that
# checks against the widest mode its host CPU supports would, although
# the platform presents 48-bit linear addresses (CPUID 0x80000008
# EAX[15:8] = 48): 0x0000800000000000 to 0x00ffffffffffffff and their
# upper-half mirrors, non-canonical for the guest, are stored in LSTAR,
# CSTAR, FS_BASE, GS_BASE and KERNEL_GS_BASE and answered 0, not EINVAL;
# a SYSCALL or a GS-relative access through them faults in the guest
# (1.0+).
s|^/\* 48-bit canonical: bits 63..47 all equal. \*/$|/* Canonical for the widest linear address (LA57): bits 63..56 equal. */|
s/return (uint64_t)((int64_t)(a << 16) >> 16) == a;/return (uint64_t)((int64_t)(a << 7) >> 7) == a;/
