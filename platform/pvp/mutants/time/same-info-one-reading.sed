# Behaviour-preserving: get_time_info reads platform time once and
# writes that reading as both tsc_timestamp and system_time_ns, instead
# of reading the virtual TSC and then platform time: the virtual TSC is
# platform time at 1 GHz (clock.c), so the pair is the same instant, now
# exactly rather than a few nanoseconds apart.
s/^	uint32_t gsize, n;$/&\
	uint64_t now;/
/^int64_t pvp_handle_get_time_info(/,/^}/s/^	pvp_put32(b, n, l->size, n);$/	now = pvp_platform_time(c); \/* one reading: the TSC runs at 1 GHz *\/\
&/
s/pvp_put64(b, n, l->tsc_timestamp, pvp_virtual_tsc(c));/pvp_put64(b, n, l->tsc_timestamp, now);/
s/pvp_put64(b, n, l->system_time_ns, pvp_platform_time(c)); \/\* same instant \*\//pvp_put64(b, n, l->system_time_ns, now); \/* same instant *\//
