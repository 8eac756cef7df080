# The MAXPHYADDR check of a present entry takes every bit from
# MAXPHYADDR up, not only the address field: a present PTE with NX
# (bit 63) or a software bit 52..62 set is refused with EINVAL.
s/uint64_t above = PTE_ADDR_MASK \& ~((UINT64_C(1) << PVP_MAXPHYADDR) - 1);/uint64_t above = ~((UINT64_C(1) << PVP_MAXPHYADDR) - 1);/
