# A cancel is refused in relative mode: flags are checked against the
# deadline before the cancel, and "relative 0" is taken for a deadline
# of now, refused with EINVAL (a guest cancels with the flags it armed
# with). Test-local (test-scen-release): a scenario that arms a
# relative timer and fails at its cancel holds the timer, and its
# release, the same cancel, is refused too: the release's own red
# line. Not one of the gate's scored seeds.
s/^\tif (!deadline_ns) {$/\tif (!deadline_ns \&\& (flags \& TIMER_RELATIVE))\n\t\treturn PVP_EINVAL;\n\tif (!deadline_ns) {/
