# The threshold below which a change of the host's wall-clock offset is
# taken for reading error lowered from 1 ms to 1 ns, to follow the host
# clock exactly: every snapshot applies the reading's own error (the
# spread of the two monotonic reads around the wall-clock read, up to
# tens of microseconds) as a step, so time_info.boot_wallclock_ns moves
# at nearly every get_time_info without any step of the host clock, and
# a guest's wall clock (boot_wallclock_ns + platform time) can go back
# between two snapshots (2.0+).
s/^#define STEP_MIN_NS 1000000$/#define STEP_MIN_NS 1/
