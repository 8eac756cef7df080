# The present-entry check takes 48 bits (the linear-address width, leaf
# 0x80000008 EAX[15:8]) for the physical-address width (EAX[7:0], 40):
# a present PTE with physical-address bits 40 to 47 set, which the
# guest's CPUID says do not exist, is stored and answered 0 instead of
# EINVAL.
s/^\tuint64_t above = PTE_ADDR_MASK & ~((UINT64_C(1) << PVP_MAXPHYADDR) - 1);$/\tuint64_t above = PTE_ADDR_MASK \& ~((UINT64_C(1) << 48) - 1); \/* 48-bit addresses *\//
