# A wide extended range: leaf 0x80000000 reports 0x80000100, and every
# leaf up to it answers zeros, as a platform that reserves a block of
# extended leaves for later use might, except leaf 0x80000080, which is
# refused. Test-local (test-served), not one of the gate's scored seeds:
# the sweep of what a maximum promises calls the first 64 leaves above
# 0x80000000 and the maximum, says so in its line, and does not reach
# 0x80000080: what the cap gives up.
s/^\t{ 0x80000000, { 0x80000008, 0, 0, 0 } },$/\t{ 0x80000000, { 0x80000100, 0, 0, 0 } },/
s/^\t\t\treturn PVP_ENOENT;$/\t\t\treturn leaf > 0x80000008u \&\& leaf <= 0x80000100u \&\& leaf != 0x80000080u ? (pvabi_gmem_write(\&c->host, regs.gpa, out, n < sizeof(out) ? n : sizeof(out)) ? PVP_EFAULT : 0) : PVP_ENOENT;/
