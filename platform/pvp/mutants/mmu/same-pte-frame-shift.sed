# The MAXPHYADDR check of a present entry shifts the entry's frame bits
# (12 to 51) down by MAXPHYADDR instead of masking them with the bits at
# and above it: what is left is bits MAXPHYADDR to 51, the same bits, so
# the same entries are refused (the software and NX bits 52 to 63 stay
# outside both).
/^\tuint64_t above = /{N;d}
s/^\tif ((value & PTE_PRESENT) && (value & above))$/\tif ((value \& PTE_PRESENT) \&\& ((value \& PTE_ADDR_MASK) >> PVP_MAXPHYADDR))/
