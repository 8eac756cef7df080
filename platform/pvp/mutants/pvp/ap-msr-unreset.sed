# Init resets the MSR file of the calling vCPU once per vCPU instead of
# each vCPU's own: vCPU 0 gets its reset values, every other vCPU reads
# PAT 0 (all uncacheable), EFER 0 and APIC base 0.
s/^\t\tpvp_msr_reset(&c->vcpus\[i\]);$/\t\tpvp_msr_reset(pvp_self(c));/
