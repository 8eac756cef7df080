# The wall clock at platform time 0 computed by subtracting start_ns,
# the raw CLOCK_MONOTONIC reading at init, instead of the platform time
# elapsed since it: boot_wallclock_ns (2.0+) is early by the host's
# monotonic uptime (hours to months), and so is every 2.0 guest's
# wall-clock time.
s/c->wall_at_start_ns = clock_ns(CLOCK_REALTIME) - (clock_ns(CLOCK_MONOTONIC) - c->start_ns);/c->wall_at_start_ns = clock_ns(CLOCK_REALTIME) - c->start_ns;/
