# CPUID 0x40000001 EBX reports the features the platform offers, not
# those granted to this guest.
s/r\[1\] = (uint32_t)c->st.granted;/r[1] = (uint32_t)c->profile.offered;/
