# The virtual TSC advances at each read by the platform time elapsed
# since the previous read, in whole microseconds times ticks per
# microsecond (so that another TSC rate scales the same way): each read
# drops the sub-microsecond remainder, and the TSC (MSR 0x10,
# time_info.tsc_timestamp) falls behind platform time by about 0.5 us
# per read, for ever.
/^uint64_t pvp_virtual_tsc(const struct pvp_ctx \*c)$/,/^}$/{
s/^\treturn pvp_platform_time(c);$/\tstatic uint64_t tsc, last_ns;\
\tuint64_t now = pvp_platform_time(c);\
\
\t\/* advance by the time since the last read, at ticks per microsecond *\/\
\ttsc += (now - last_ns) \/ 1000u * (PVP_TSC_KHZ \/ 1000u);\
\tlast_ns = now;\
\treturn tsc;/
}
