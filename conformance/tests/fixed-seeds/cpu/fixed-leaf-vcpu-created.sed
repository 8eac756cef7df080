# Leaf 0x40000001 answered on vCPU 1 from the CPUID table that vCPU got
# when it was created, before the agreement: the lowest revision, 1.0,
# instead of the negotiated one (a VMM that sets each vCPU's CPUID once
# at creation and updates only the boot vCPU's). vCPU 0 answers right,
# and no vector or scenario calls cpuid from vCPU 1. Test-local
# (test-fixed), not one of the gate's scored seeds.
s|^\t\tr\[0\] = pvp_rev(c);$|\t\tr[0] = c->vcpu ? 0x10000u : pvp_rev(c);|
