# TSC_AUX kept once per guest (in vCPU 0's MSR file), like the TSC it
# goes with, instead of per vCPU: every vCPU reads the value the last
# write set, so a guest that stores its CPU number there for rdtscp
# (getcpu) reads another vCPU's number.
s/v = s == M_TSC ? pvp_virtual_tsc(c) : pvp_self(c)->msr\[s\];/v = s == M_TSC ? pvp_virtual_tsc(c) : s == M_TSC_AUX ? c->vcpus[0].msr[s] : pvp_self(c)->msr[s];/
s/^\tv->msr\[s\] = value;/\t(s == M_TSC_AUX ? \&c->vcpus[0] : v)->msr[s] = value; \/* shared, like the TSC *\//
