# Not a break: every vCPU's TSC runs 2^63 ahead of platform time, in the
# top half of its 64 bits, as a TSC another host started, or one a guest
# wrote, may. The TSC is an unsigned counter: every check of it must
# still hold, each reading past 2^63 compared as the u64 it is.
s|return pvp_platform_time(c);|return pvp_platform_time(c) + (UINT64_C(1) << 63);|
