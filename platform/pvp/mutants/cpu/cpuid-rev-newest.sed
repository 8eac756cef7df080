# CPUID 0x40000001 EAX reports the platform's newest revision instead of
# the one negotiated with this guest (the developer read "the hypervisor's
# ABI revision" as its own): a 1.0 guest is told it runs a newer ABI.
s/r\[0\] = pvp_rev(c);/r[0] = c->profile.max;/
