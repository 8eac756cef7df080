# cpuid also serves the platform leaves at 0x40000100, Xen's alternate
# base (where it moves its leaves when it presents Viridian at
# 0x40000000), so that a guest that looks for the platform there finds
# it: 0x40000100 answers the signature and 0x40000101 the agreement,
# instead of ENOENT. The doc serves the platform leaves at 0x40000000 and
# refuses every other leaf: a guest that scans 0x40000000 + n * 0x100 for
# each hypervisor interface finds pvp twice, the second copy saying its
# highest leaf is 0x40000001, below its own base.
s/^\tif (leaf == 0x40000001) {$/\tif ((leaf \& 0xffffff00u) == 0x40000100u)\n\t\tleaf -= 0x100; \/* Xen's alternate base *\/\n&/
