# write_msr of EFER keeps NXE set once it is set, as a platform hardens
# the no-execute bit so that a guest cannot make its data pages
# executable again: a write that clears NXE answers 0 but NXE stays set
# (EFER is reset with NXE set, so it never clears), although the doc
# lets the guest set or clear SCE, LME and NXE (1.0+).
s/^\t\tvalue = (value & ~(uint64_t)EFER_LMA) | (v->msr\[M_EFER\] & EFER_LMA);$/&\
\tif (s == M_EFER) \/* NXE is sticky: data pages stay non-executable *\/\
\t\tvalue |= v->msr[M_EFER] \& EFER_NXE;/
