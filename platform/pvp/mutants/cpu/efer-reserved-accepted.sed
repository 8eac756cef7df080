# EFER loses its own validation case: reserved bits are accepted (0)
# instead of refused with EINVAL.
/^\tcase M_EFER:$/,/^\t\treturn !(v & ~(uint64_t)(EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE));$/d
