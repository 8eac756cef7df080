# KERNEL_GS_BASE is checked as a user pointer (below 2^47) instead of a
# canonical address: the kernel-half value a guest keeps there (its
# per-CPU area) is refused with EINVAL. Test-local (test-scen-release):
# the scenario that writes it fails after changing TSC_AUX, which
# without release stays changed for every later scenario. Not one of
# the gate's scored seeds.
s/^\tcase M_LSTAR: case M_CSTAR: case M_FS_BASE: case M_GS_BASE: case M_KGS_BASE:$/\tcase M_KGS_BASE:\n\t\treturn v >> 47 == 0; \/* a user pointer *\/\n\tcase M_LSTAR: case M_CSTAR: case M_FS_BASE: case M_GS_BASE:/
