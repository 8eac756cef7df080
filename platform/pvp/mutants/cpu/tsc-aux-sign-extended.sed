# read_msr of TSC_AUX returns the 32 bits RDTSCP puts in ECX, through an
# int: a value with bit 31 set reads back sign-extended
# (0x80000001 -> 0xffffffff80000001), which write_msr then refuses with
# EINVAL, so a guest cannot restore the value it read.
/^\tv = s == M_TSC ? pvp_virtual_tsc(c) : pvp_self(c)->msr\[s\];$/a\
\tif (s == M_TSC_AUX) /* 32 bits, as RDTSCP returns it in ECX */\
\t\tv = (int)v;
