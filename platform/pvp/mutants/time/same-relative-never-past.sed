# Behaviour-preserving: `future` is not checked for a relative deadline,
# which cannot lie in the past (a nonzero delay added with saturation
# to the current time is after it).
s/if ((flags \& TIMER_FUTURE) \&\& at <= now)/if ((flags \& TIMER_FUTURE) \&\& !(flags \& TIMER_RELATIVE) \&\& at <= now)/
