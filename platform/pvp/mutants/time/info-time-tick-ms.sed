# time_info's system_time_ns taken at the millisecond the timer code
# keeps (platform time rounded down to a millisecond, the granularity
# of the lazy tick's deadlines), while tsc_timestamp is the TSC read
# now: the pair is no longer one instant, so the time a guest converts
# from the snapshot and a TSC read is behind get_time by up to a
# millisecond, a different amount each snapshot. Every field stays
# plausible: the snapshot's time never goes back, and the scaling is
# the reference's (1.0+).
s|pvp_put64(b, n, l->system_time_ns, pvp_platform_time(c)); /\* same instant \*/|pvp_put64(b, n, l->system_time_ns, pvp_platform_time(c) / 1000000 * 1000000); /* the tick's ms */|
