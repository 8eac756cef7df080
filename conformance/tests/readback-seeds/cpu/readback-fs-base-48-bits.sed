# FS_BASE is kept in a 48-bit field: a canonical address of the lower
# half reads back as written, one of the upper half (bit 47 set) without
# its sign extension. Every write still answers 0. Test-local
# (test-readback), not one of the gate's scored seeds.
s/^\tv->msr\[s\] = value;$/\tv->msr[s] = s == M_FS_BASE ? value \& ((UINT64_C(1) << 48) - 1) : value;/
