# The TSC offset a migration brings (here 2^63, the top half of the
# counter) applied to the boot vCPU only: vCPU 1's TSC restarts from
# platform time, far behind vCPU 0's. Every reading of vCPU 0 agrees
# with every other of vCPU 0; only a reading of vCPU 1 after one of
# vCPU 0 went back, which a signed comparison of the two u64s misses.
s|return pvp_platform_time(c);|return pvp_platform_time(c) + (c->vcpu ? 0 : UINT64_C(1) << 63);|
