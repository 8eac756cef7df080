# The physical-address check of a PTE value is applied whether or not the
# entry is present: a not-present entry carrying software bits above
# MAXPHYADDR (a swap entry) is refused with EINVAL.
s/if ((value \& PTE_PRESENT) \&\& (value \& above))/if (value \& above)/
