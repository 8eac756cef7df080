# write_msr's canonical check is written as the range of MSR-file slots
# from STAR to KERNEL_GS_BASE ("the syscall and segment-base registers,
# which hold addresses"), which takes in STAR and SFMASK: STAR's selector
# halves and SFMASK's flag mask are not addresses, yet
# write_msr(STAR, 0x0023001000000000), the value a 64-bit kernel writes
# (user CS 0x23 and kernel CS 0x10 in the upper half), answers EINVAL [0]
# and changes nothing. The doc refuses a non-canonical value only in
# LSTAR, CSTAR, FS_BASE, GS_BASE and KERNEL_GS_BASE.
/^\tcase M_LSTAR: case M_CSTAR: case M_FS_BASE: case M_GS_BASE: case M_KGS_BASE:$/d
/^\t\treturn canonical(v);$/d
s/^\tdefault:$/\tdefault: \/* the syscall and segment-base registers hold addresses *\/\n\t\tif (s >= M_STAR \&\& s <= M_KGS_BASE)\n\t\t\treturn canonical(v);/
