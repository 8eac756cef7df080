# EFER's reserved-bit check is tightened to "only SCE, LME and NXE may
# be set", read literally, so LMA counts as reserved: a write of the
# value the guest just read (LMA is set in long mode) fails with EINVAL,
# and so does every read-modify-write of EFER (setting NXE, clearing
# SCE), although LMA is documented as ignored.
s/return !(v & ~(uint64_t)(EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE));/return !(v \& ~(uint64_t)(EFER_SCE | EFER_LME | EFER_NXE));/
