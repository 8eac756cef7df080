# time_info's system_time_ns advances at each snapshot by the whole
# microseconds elapsed since the snapshot before: each get_time_info
# loses its sub-microsecond remainder, so the snapshot's time falls
# behind platform time by about 0.5 us per call (another clock than the
# TSC; the TSC and get_time are untouched).
s|pvp_put64(b, n, l->system_time_ns, pvp_platform_time(c)); /\* same instant \*/|{ static uint64_t st, lp; uint64_t p = pvp_platform_time(c); st += (p - lp) / 1000 * 1000; lp = p; pvp_put64(b, n, l->system_time_ns, st); }|
