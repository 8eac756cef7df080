# the virtual TSC of each vCPU but 0 counts from that vCPU's first
# reading, as if reset when the AP was brought up: vCPUs' TSCs are no
# longer one clock, with or without tsc_stable
/^uint64_t pvp_virtual_tsc(/,/^}/{
s/^\treturn pvp_platform_time(c);$/\tstatic uint64_t up_at[PVP_MAX_VCPUS]; \/* when each AP first read it *\/\
\tuint64_t t = pvp_platform_time(c);\
\
\tif (c->vcpu \&\& !up_at[c->vcpu])\
\t\tup_at[c->vcpu] = t; \/* an AP's TSC starts at 0 at its bring-up *\/\
\treturn t - up_at[c->vcpu];/
}
