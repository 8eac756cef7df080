# write_msr of EFER sets LMA in the stored value rather than copying it
# from the current one: the guest always runs in long mode, LMA is set
# at reset and no write clears it, so the same value is stored.
s/^\t\tvalue = (value & ~(uint64_t)EFER_LMA) | (v->msr\[M_EFER\] & EFER_LMA);$/\t\tvalue |= EFER_LMA; \/* always in long mode *\//
