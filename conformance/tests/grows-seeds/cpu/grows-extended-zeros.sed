# Every leaf above the highest extended leaf answered with zeros and 0,
# as AMD's CPUs answer an unsupported leaf, instead of ENOENT: leaf
# 0x80000000 still reports 0x80000008. Test-local (test-grows), not one
# of the gate's scored seeds.
s/^\t\t\treturn PVP_ENOENT;$/\t\t\treturn leaf > 0x80000008u ? (pvabi_gmem_write(\&c->host, regs.gpa, out, n < sizeof(out) ? n : sizeof(out)) ? PVP_EFAULT : 0) : PVP_ENOENT;/
