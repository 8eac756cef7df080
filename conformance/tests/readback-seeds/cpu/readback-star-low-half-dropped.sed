# STAR is stored without its low half (the legacy SYSCALL EIP, which
# long mode never uses): every write answers 0, a value whose low 32 bits
# are 0 reads back as written, any other reads back with them cleared.
# Test-local (test-readback), not one of the gate's scored seeds.
s/^\tv->msr\[s\] = value;$/\tv->msr[s] = s == M_STAR ? value \& ~(uint64_t)0xffffffffu : value;/
