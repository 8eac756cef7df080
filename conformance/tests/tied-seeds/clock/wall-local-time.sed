# The wall clock at start is taken as local time, an hour east of UTC
# (a host whose RTC keeps local time): boot_wallclock_ns + get_time is an
# hour after the host's wall clock. Every bound the image alone knows
# (a date after the revision's release) still holds. Test-local
# (test-tied), not one of the gate's scored seeds.
s/^\tc->wall_at_start_ns = clock_ns(CLOCK_REALTIME) - /\tc->wall_at_start_ns = clock_ns(CLOCK_REALTIME) + 3600000000000u - /
