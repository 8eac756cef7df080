# The leaf table searched as a sparse array whose unfilled rows are
# zero: a row with no register set is taken for an unused slot and
# skipped, as a VMM whose CPUID list is filled from a zero-initialised
# array guards against a slot nobody set. The extended leaves 0x80000003
# to 0x80000007 hold only zeros (no brand string tail, no cache or power
# information), so they answer ENOENT, although leaf 0x80000000 says the
# extended leaves run to 0x80000008 and the doc serves every leaf up to
# that maximum: a guest that walks the extended range, or reads the
# brand string in its three parts, fails on the second part (1.0+).
s/^\t\tfor (i = 0; i < sizeof(leaves) \/ sizeof(leaves\[0\]) && leaves\[i\].leaf != leaf; i++)$/\t\tfor (i = 0; i < sizeof(leaves) \/ sizeof(leaves[0]) \&\&\
\t\t\t    (leaves[i].leaf != leaf || !(leaves[i].r[0] | leaves[i].r[1] |\
\t\t\t\t\t\t\t leaves[i].r[2] | leaves[i].r[3])); i++)/
