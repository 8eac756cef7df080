# write_msr of the read-only TSC answers EPERM but applies the value as
# an offset of the calling vCPU's TSC: a guest's refused write of 0
# sets its TSC back to 0, while get_time and time_info go on.
s|v = s == M_TSC ? pvp_virtual_tsc(c) : pvp_self(c)->msr\[s\];|v = s == M_TSC ? pvp_virtual_tsc(c) - pvp_self(c)->msr[s] : pvp_self(c)->msr[s];|
s|return PVP_EPERM; /\* read-only: the platform's TSC, the reset APIC base \*/|{ if (s == M_TSC) v->msr[s] = pvp_virtual_tsc(c) - value; return PVP_EPERM; }|
