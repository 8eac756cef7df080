# write_msr of EFER merges LMA from the written value instead of the
# stored one (the operand of the keep taken from the wrong side, as
# KVM's set_efer would be with `efer & EFER_LMA` for
# `vcpu->arch.efer & EFER_LMA`): a value written with LMA clear (0x901,
# 0xd00 & ~0x400, or 0 to clear the optional bits) reads back LMA clear
# [set]. A value written back as read keeps LMA, so the write of the
# value read agrees with the reference. The doc ignores LMA on a write:
# a guest that writes EFER from a constant without LMA reads back that
# it left long mode while it runs 64-bit code.
s/^\t\tvalue = (value & ~(uint64_t)EFER_LMA) | (v->msr\[M_EFER\] & EFER_LMA);$/\t\tvalue = (value \& ~(uint64_t)EFER_LMA) | (value \& EFER_LMA);/
