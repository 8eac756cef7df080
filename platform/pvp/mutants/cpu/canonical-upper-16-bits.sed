# write_msr's canonical check written as "bits 63..47 clear, or the top
# 16 bits all ones", the upper half tested on bits 63..48 as if a 48-bit
# address had 16 sign bits: the lower half is checked at 48 bits, the
# upper half at 49, so 0xffff000000000000 to 0xffff7fffffffffff
# (non-canonical for the 48-bit linear addresses CPUID 0x80000008
# EAX[15:8] reports) are stored in LSTAR, CSTAR, FS_BASE, GS_BASE and
# KERNEL_GS_BASE and answered 0, not EINVAL; a SYSCALL or a GS-relative
# access through them faults in the guest (1.0+).
s|^/\* 48-bit canonical: bits 63..47 all equal. \*/$|/* 48-bit canonical: the lower half below 2^47, the upper half's top 16 bits set. */|
s/return (uint64_t)((int64_t)(a << 16) >> 16) == a;/return (a >> 47) == 0 || (a >> 48) == 0xffff;/
