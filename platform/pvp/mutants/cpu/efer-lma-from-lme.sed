# write_msr of EFER computes LMA from the written LME, as the hardware
# activates long mode when LME is set with paging on (and paging is
# always on here): writing SCE|NXE (0x801) stores 0x801 and reads back
# LMA clear [0xc01]. The doc says LMA is ignored by the write and follows
# the mode, which does not change: a guest reads back that it left long
# mode while it still runs 64-bit code.
s/^\t\tvalue = (value & ~(uint64_t)EFER_LMA) | (v->msr\[M_EFER\] & EFER_LMA);$/\t\tvalue = (value \& ~(uint64_t)EFER_LMA) | (value \& EFER_LME ? EFER_LMA : 0);/
